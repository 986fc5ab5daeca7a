"""``Report.plot``: the report's figures, drawn by the plotting backend it finds by name.

The findings may not import the plots (a floor above); ``Report.plot`` imports the module
named ``PLOT_BACKEND`` by its name, as pandas finds its plotting backend, and calls its
``plot``. The figures are the ones ``ip.plot`` draws.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

import industrial_policy as ip
from industrial_policy.errors import InvalidValueError, MissingDependencyError
from industrial_policy.findings import PLOT_BACKEND, Report
from industrial_policy.plots import KINDS, figure_svg, plot_quota_shares, plot_report

pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def evaluated() -> tuple[Report, ip.Dataset]:
    dataset = ip.examples.load("hai-duong-2021")
    return ip.evaluate(dataset, "2025-12-31"), dataset


def _pictures(figures: Any) -> list[str]:
    return [figure_svg(figure, prefix="same-") for figure in figures]


def test_the_report_draws_the_figures_of_ip_plot(evaluated: tuple[Report, ip.Dataset]) -> None:
    report, dataset = evaluated
    drawn = report.plot(dataset=dataset)
    expected = ip.plot(report, dataset)
    assert type(drawn) is type(expected)
    assert len(drawn) == len(expected) >= 3  # quotas, occupancy and at least one target
    assert _pictures(drawn) == _pictures(expected)


def test_each_kind_is_its_plot_function(evaluated: tuple[Report, ip.Dataset]) -> None:
    report, dataset = evaluated
    every = plot_report(report, dataset)
    assert _pictures([report.plot("quotas")]) == _pictures([plot_quota_shares(report)])
    # The targets' trajectories are the last figures of the whole report's.
    targets = report.plot("targets", dataset)
    assert targets
    assert _pictures(targets) == _pictures(every[-len(targets) :])
    assert _pictures(report.plot("report", dataset, top=1)) == _pictures(
        plot_report(report, dataset, top=1)
    )
    assert set(KINDS) == {"report", "quotas", "occupancy", "targets"}


def test_the_default_backend_is_the_plots_package() -> None:
    assert PLOT_BACKEND == "industrial_policy.plots"
    assert ip.plots.plot is ip.plot


def test_a_backend_of_ones_own_is_called_with_the_report(
    monkeypatch: pytest.MonkeyPatch, evaluated: tuple[Report, ip.Dataset]
) -> None:
    report, dataset = evaluated
    calls: list[tuple[Any, ...]] = []
    module = types.ModuleType("my_backend")
    module.plot = lambda *args, **kwargs: calls.append((args, kwargs)) or "drawn"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "my_backend", module)
    assert report.plot("bars", dataset, backend="my_backend", width=3) == "drawn"
    assert calls == [((report, dataset), {"kind": "bars", "width": 3})]


def test_an_unknown_kind_names_the_kinds(evaluated: tuple[Report, ip.Dataset]) -> None:
    report, _ = evaluated
    with pytest.raises(InvalidValueError) as raised:
        report.plot("pie")
    assert "'pie'" in str(raised.value)
    assert "'occupancy'" in str(raised.value)


def test_a_dataset_given_as_the_kind_says_where_it_goes(
    evaluated: tuple[Report, ip.Dataset],
) -> None:
    report, dataset = evaluated
    with pytest.raises(InvalidValueError, match="give the dataset as dataset="):
        report.plot(dataset)  # type: ignore[arg-type]


def test_a_backend_that_is_not_installed_says_what_to_install(
    evaluated: tuple[Report, ip.Dataset],
) -> None:
    report, _ = evaluated
    with pytest.raises(MissingDependencyError, match="pip install no-such-plots"):
        report.plot(backend="no_such_plots")


def test_a_backend_without_a_plot_function_is_refused(
    monkeypatch: pytest.MonkeyPatch, evaluated: tuple[Report, ip.Dataset]
) -> None:
    report, _ = evaluated
    monkeypatch.setitem(sys.modules, "empty_backend", types.ModuleType("empty_backend"))
    with pytest.raises(InvalidValueError, match="function plot"):
        report.plot(backend="empty_backend")
    with pytest.raises(InvalidValueError, match="name of a module"):
        report.plot(backend=3)  # type: ignore[arg-type]


def test_without_matplotlib_the_report_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, evaluated: tuple[Report, ip.Dataset]
) -> None:
    report, dataset = evaluated
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingDependencyError) as raised:
        report.plot(dataset=dataset)
    assert isinstance(raised.value, ImportError)
    assert str(raised.value) == (
        "Report.plot needs matplotlib: pip install 'industrial-policy[plot]'"
    )
