"""Value types, datasets, findings and reports pickle: a process pool can return them.

Every strategy of :mod:`industrial_policy.testing` that draws values is round-tripped;
then the bundled examples (datasets and their reports, including findings whose
explanation is built on first read and details held in a read-only mapping), a dataset
read from frames (its ids still a source of texts until first use), and a process pool.
"""

from __future__ import annotations

import inspect
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy import testing

AS_OF = "2025-12-31"
EXAMPLES = (*ip.examples.SOURCES, "combined")


def _strategies() -> list[tuple[str, st.SearchStrategy[Any]]]:
    found = []
    for name in testing.__all__:
        make = getattr(testing, name)
        if not callable(make) or inspect.isclass(make):
            continue
        try:
            strategy = make()
        except TypeError:  # a helper that needs arguments, not a strategy
            continue
        if isinstance(strategy, st.SearchStrategy):
            found.append((name, strategy))
    return found


STRATEGIES = _strategies()


def test_the_strategies_cover_every_kind_of_value() -> None:
    names = {name for name, _ in STRATEGIES}
    assert {"zones", "parcels", "projects", "datasets", "findings", "reports", "money"} <= names


@pytest.mark.parametrize(("name", "strategy"), STRATEGIES, ids=[n for n, _ in STRATEGIES])
def test_every_value_a_strategy_draws_pickles_back_equal(
    name: str, strategy: st.SearchStrategy[Any]
) -> None:
    @settings(max_examples=25, suppress_health_check=list(HealthCheck), deadline=None)
    @given(strategy)
    def check(value: Any) -> None:
        back = pickle.loads(pickle.dumps(value))
        assert back == value or repr(back) == repr(value)  # NaN amounts are unequal to all
        assert type(back) is type(value)

    check()


@pytest.mark.parametrize("name", EXAMPLES)
def test_an_example_dataset_and_its_report_pickle_back_equal(name: str) -> None:
    dataset = ip.examples.load(name)
    report = ip.evaluate(dataset, AS_OF)
    dataset_back = pickle.loads(pickle.dumps(dataset))
    report_back = pickle.loads(pickle.dumps(report))
    assert dataset_back == dataset
    assert report_back == report
    assert report_back.to_json() == report.to_json()
    assert report_back.provinces == report.provinces
    # The engines' columns are rebuilt from the tables: the same report again.
    assert ip.evaluate(dataset_back, AS_OF).to_json() == report.to_json()


def test_a_dataset_read_from_frames_pickles_with_its_texts_read() -> None:
    pytest.importorskip("pyarrow")
    dataset = ip.examples.load("combined")
    from_frames = ip.from_frames(ip.to_frames(dataset, backend="pyarrow"))
    back = pickle.loads(pickle.dumps(from_frames))
    assert back == from_frames
    assert [z.id for z in back.zones] == [z.id for z in dataset.zones]
    assert back.tables() == dataset.tables()


def _evaluate_example(name: str) -> ip.Report:
    return ip.evaluate(ip.examples.load(name), AS_OF)


def test_a_process_pool_returns_reports() -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(_evaluate_example, EXAMPLES))
    for name, report in zip(EXAMPLES, reports, strict=True):
        assert report.to_json() == _evaluate_example(name).to_json()
