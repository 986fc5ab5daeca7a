"""Figures show themselves in a notebook (no ``%matplotlib``) and pickle; a report's figures
display together; a whole report given to the trajectory plot says which finding to pass."""

from __future__ import annotations

import pickle

import pytest

import industrial_policy as ip

pytest.importorskip("matplotlib")

from industrial_policy.plots import (
    Figures,
    plot_occupancy,
    plot_quota_shares,
    plot_report,
    plot_target_trajectory,
)

AS_OF = "2025-12-31"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def evaluated() -> tuple[ip.Dataset, ip.Report]:
    dataset = ip.examples.load("hai-duong-2021")
    return dataset, ip.evaluate(dataset, AS_OF)


def test_each_figure_answers_ipython_with_a_png(evaluated: tuple[ip.Dataset, ip.Report]) -> None:
    _, report = evaluated
    for figure in (plot_quota_shares(report), plot_occupancy(report)):
        assert figure._repr_png_().startswith(PNG)
        back = pickle.loads(pickle.dumps(figure))
        assert type(back) is type(figure)
        assert [a.get_title() for a in back.axes] == [a.get_title() for a in figure.axes]


def test_a_report_figures_display_together(evaluated: tuple[ip.Dataset, ip.Report]) -> None:
    dataset, report = evaluated
    figures = ip.plot(report, dataset)
    assert isinstance(figures, Figures)
    assert len(figures) == len(plot_report(report, dataset)) >= 3
    html = figures._repr_html_()
    assert html.count("<svg") == len(figures)
    # Each figure's ids are its own on the page.
    for n in range(1, len(figures) + 1):
        assert html.count(f'<svg id="ip-nb{id(figures)}-{n}-svg"') == 1


def test_a_whole_report_to_the_trajectory_plot_names_the_findings_to_pass(
    evaluated: tuple[ip.Dataset, ip.Report],
) -> None:
    _, report = evaluated
    with pytest.raises(ip.InvalidValueError) as caught:
        plot_target_trajectory(report)  # type: ignore[arg-type]
    message = str(caught.value)
    targets = [f.id for f in report if f.kind == "target"]
    assert f"report[{targets[0]!r}]" in message
    assert all(repr(t) in message for t in targets[:10])
    rule = next(f for f in report if f.kind == "rule")
    with pytest.raises(ip.InvalidValueError, match="item 0 is a rule finding"):
        plot_target_trajectory([rule])
