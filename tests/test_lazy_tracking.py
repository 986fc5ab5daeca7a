"""Target metrics from frames of projects and capital events: the same findings as in memory.

The same hypothesis-drawn projects (licences, adjustments and terminations in VND and USD,
investors sometimes not recorded, categories, zones inside an economic zone) are tracked
once from a dataset that holds them and once from frames (pandas, polars, DuckDB, Dask),
under exchange rates that change over time, converted on each amount's date or on the
day measured; every finding must be the same. PySpark is in ``test_lazy_spark.py``.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy import Dataset, ExchangeRate, Money, Zone
from industrial_policy.errors import InvalidValueError, TableError
from industrial_policy.io.lazy import Rows
from industrial_policy.names import known_names
from industrial_policy.records import Target
from industrial_policy.records.projects import CapitalEventKind, Origin
from industrial_policy.tracking import TrackingParameters, track
from industrial_policy.tracking.frames import FRAME_METRICS, ProjectFrames
from lazy_support import as_engine, comparable_targets, project_tables
from test_targets_support import park, project

pytestmark = [pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning")]

ZONES = [
    Zone(id="kkt", name="KKT", kind="economic_zone", province="Quảng Nam"),
    park("kcn-x", "Quảng Nam", parent_id="kkt"),
    park("kcn-a", "Hà Nội"),
    park("kcn-b", "Hà Nội"),
    park("kcn-c", "Hải Dương"),
]
RATES = [
    ExchangeRate("USD", "VND", 23_000, "2015-01-01", source="test"),
    ExchangeRate("USD", "VND", 24_000, "2021-07-01", source="test"),
    ExchangeRate("USD", "VND", 25_000, "2023-03-15", source="test"),
]
ENGINES = ("pandas", "polars", "polars lazy", "duckdb")


def target(**fields: Any) -> Target:
    """At least 1 project in effect at the end of 2025; ``fields`` override any of it."""
    base = {
        "id": "t",
        "title": "t",
        "metric": "projects",
        "kind": "stock",
        "comparator": "at_least",
        "value": 1,
        "deadline": "2025-12-31",
    }
    return Target(**(base | fields))


def money(units: int, currency: str) -> Money:
    return Money(units * 1_000_000, currency) if currency == "USD" else Money(units * 10**9, "VND")


@st.composite
def histories(draw: st.DrawFn) -> list[Any]:
    """Projects licensed in 2016–2025, adjusted, sometimes terminated; VND or USD."""
    projects = []
    for i in range(draw(st.integers(0, 12))):
        currency = draw(st.sampled_from(["VND", "USD"]))
        day = draw(st.dates(dt.date(2016, 1, 1), dt.date(2025, 6, 30)))
        events: list[tuple[dt.date, str, Money | None]] = [
            (day, "licensed", money(draw(st.integers(1, 400)), currency))
        ]
        for _ in range(draw(st.integers(0, 2))):
            day += dt.timedelta(days=draw(st.integers(0, 500)))
            events.append((day, "capital_adjusted", money(draw(st.integers(-30, 300)), currency)))
        if draw(st.integers(0, 3)) == 0:
            day += dt.timedelta(days=draw(st.integers(1, 700)))
            events.append((day, "terminated", None))
        projects.append(
            project(
                f"p{i:02d}",
                events,
                zone_id=draw(st.sampled_from(["kcn-x", "kcn-a", "kcn-b", "kcn-c", None])),
                origin=draw(st.sampled_from(["fdi", "domestic"])),
                investor=draw(st.sampled_from(["A", "B", " B", "C", None])),
                categories=draw(st.sets(st.sampled_from(["hi_tech", "supporting_industry"]))),
            )
        )
    return projects


@st.composite
def targets(draw: st.DrawFn) -> list[Target]:
    chosen = []
    for i in range(draw(st.integers(1, 4))):
        metric = draw(st.sampled_from(sorted(m.value for m in FRAME_METRICS)))
        kind = draw(st.sampled_from(["stock", "flow", "cumulative", "share"]))
        fields: dict[str, Any] = {}
        basis = draw(st.sampled_from(["stock", "flow"])) if kind == "share" else kind
        if kind == "share":
            fields["basis"] = basis
            fields["categories"] = ["hi_tech"]
            fields["value"] = "20%"
        if basis == "flow":
            fields["deadline"] = draw(st.sampled_from(["2023", "2021–2025", "2025"]))
            if metric != "businesses":
                fields["events"] = draw(st.sampled_from([None, "new", "adjusted", "all"]))
        else:
            fields["deadline"] = draw(st.sampled_from(["2023-12-31", "2025-12-31"]))
        if kind == "cumulative":
            fields["since"] = "2019"
        if kind == "share":
            pass
        elif metric == "registered_capital":
            fields["value"] = money(draw(st.integers(1, 3_000)), "USD")
        else:
            fields["value"] = draw(st.integers(1, 12))
            fields["categories"] = draw(st.sampled_from([[], ["supporting_industry"]]))
        where = draw(st.sampled_from([None, "province", "zone"]))
        if where == "province":
            fields["province"] = draw(st.sampled_from(["Hà Nội", "Quảng Nam", "Hải Dương"]))
        elif where == "zone":
            fields["zone_id"] = draw(st.sampled_from(["kkt", "kcn-a"]))
        chosen.append(
            Target(
                id=f"t{i}",
                title=f"t{i}",
                metric=metric,
                kind=kind,
                comparator="at_least",
                origin=draw(st.sampled_from([None, "fdi", "domestic"])),
                **fields,
            )
        )
    return chosen


AS_OF = st.sampled_from(["2022-06-30", "2023-12-31", "2024-03-15", "2026-01-10"])
RATE_DATES = st.sampled_from(["event", "measurement"])


def tracked_both_ways(
    projects: list[Any],
    chosen: list[Target],
    as_of: str,
    rate_date: str,
    engine: str,
    named: Callable[[Any, str, type[enum.Enum]], Any] | None = None,
    **kw: Any,
) -> tuple[Any, Any]:
    params = TrackingParameters(rate_date=rate_date)
    expected = track(
        Dataset(zones=ZONES, projects=projects, exchange_rates=RATES),
        chosen,
        as_of,
        parameters=params,
    )
    p, e = project_tables(projects)
    if named is not None:
        p, e = named(p, "origin", Origin), named(e, "kind", CapitalEventKind)
    con = None
    if engine == "duckdb":
        import duckdb

        con = duckdb.connect()
    got = track(
        Dataset(zones=ZONES, exchange_rates=RATES),
        chosen,
        as_of,
        parameters=params,
        projects=as_engine(p, engine, con=con, **kw),
        capital_events=as_engine(e, engine, con=con, **kw),
    )
    return got, expected


@settings(max_examples=60)
@given(histories(), targets(), AS_OF, RATE_DATES, st.sampled_from(ENGINES))
def test_frames_track_targets_as_the_records_held_in_memory(
    projects: list[Any], chosen: list[Target], as_of: str, rate_date: str, engine: str
) -> None:
    got, expected = tracked_both_ways(projects, chosen, as_of, rate_date, engine)
    assert comparable_targets(got) == comparable_targets(expected)


def renamer(rnd: random.Random) -> Callable[[Any, str, type[enum.Enum]], Any]:
    """Each value of a choice's column written by one of its names, in any case."""

    def named(table: Any, column: str, choices: type[enum.Enum]) -> Any:
        import pyarrow as pa

        if column not in table.column_names:
            return table
        names = {m.value: spelled for m, spelled in known_names(choices).items()}
        values = [
            None
            if v is None
            else rnd.choice([str.upper, str.lower, str.title])(rnd.choice(names[v]))
            for v in table.column(column).to_pylist()
        ]
        at = table.schema.get_field_index(column)
        return table.set_column(at, column, pa.array(values, pa.string()))

    return named


@settings(max_examples=20)
@given(histories(), targets(), AS_OF, RATE_DATES, st.sampled_from(ENGINES), st.randoms())
def test_origins_and_event_kinds_named_in_vietnamese_are_tracked_as_their_values(
    projects: list[Any],
    chosen: list[Target],
    as_of: str,
    rate_date: str,
    engine: str,
    rnd: random.Random,
) -> None:
    got, expected = tracked_both_ways(projects, chosen, as_of, rate_date, engine, renamer(rnd))
    assert comparable_targets(got) == comparable_targets(expected)


@settings(max_examples=5)
@given(histories(), targets(), AS_OF, RATE_DATES)
def test_dask_frames_track_targets_as_the_records_held_in_memory(
    projects: list[Any], chosen: list[Target], as_of: str, rate_date: str
) -> None:
    import dask

    with dask.config.set(scheduler="threads"):
        got, expected = tracked_both_ways(projects, chosen, as_of, rate_date, "dask")
    assert comparable_targets(got) == comparable_targets(expected)


def test_the_explanation_says_who_counted() -> None:
    projects = [project("p1", [("2020-01-01", "licensed", money(5, "USD"))])]
    got, _ = tracked_both_ways(
        projects,
        [target()],
        "2024-01-01",
        "event",
        "duckdb",
    )
    (finding,) = got
    assert any("counted by duckdb" in note for note in finding.explanation.notes)
    assert finding.explanation.inputs[0].record_count == 1
    assert "from 1 record)" in str(finding.explanation.inputs[0])


# -- what frames cannot give ----------------------------------------------------------------


def frames(projects: list[Any] = ()) -> tuple[Any, Any]:  # type: ignore[assignment]
    import polars as pl

    p, e = project_tables(list(projects))
    return pl.from_arrow(p), pl.from_arrow(e)


def test_production_value_needs_the_records() -> None:
    production = target(
        id="pv", metric="production_value", kind="flow", value="1 billion VND", deadline="2024"
    )
    p, e = frames()
    with pytest.raises(InvalidValueError, match=r"pv \(production_value\): production values"):
        track(Dataset(zones=ZONES), [production], "2025-01-01", projects=p, capital_events=e)
    observed = target(
        id="pv",
        metric="production_value",
        kind="flow",
        value="1 billion VND",
        deadline="2024",
        actuals="observations",
    )
    (finding,) = track(Dataset(zones=ZONES), [observed], "2025-01-01", projects=p, capital_events=e)
    assert finding.status.value == "insufficient_data"


def test_projects_in_the_dataset_and_as_frames_are_refused() -> None:
    p, e = frames()
    dataset = Dataset(
        zones=ZONES, projects=[project("p", [("2020-01-01", "licensed", money(1, "VND"))])]
    )
    with pytest.raises(InvalidValueError, match="give them in the dataset or as frames"):
        ProjectFrames(dataset, Rows(p), Rows(e))
    with pytest.raises(InvalidValueError, match="together"):
        track(Dataset(zones=ZONES), [], "2025-01-01", projects=p)


# -- rows that break a rule -----------------------------------------------------------------


def broken(edit: Any) -> tuple[Any, Any]:
    import polars as pl

    good = [
        project(
            "p1",
            [
                ("2020-01-01", "licensed", money(5, "USD")),
                ("2021-01-01", "capital_adjusted", money(2, "USD")),
            ],
            investor="A",
        ),
        project(
            "p2",
            [("2019-05-01", "licensed", money(7, "VND")), ("2022-01-01", "terminated", None)],
            origin="fdi",
            investor="B",
        ),
    ]
    p, e = project_tables(good)
    p_rows, e_rows = p.to_pylist(), e.to_pylist()
    edit(p_rows, e_rows)
    import pyarrow as pa

    return (
        pl.from_arrow(pa.Table.from_pylist(p_rows, schema=p.schema)),
        pl.from_arrow(pa.Table.from_pylist(e_rows, schema=e.schema)),
    )


def _set(rows: list[dict[str, Any]], at: int, **values: Any) -> None:
    rows[at].update(values)


CASES = {
    "unknown zone": (
        lambda p, e: _set(p, 0, zone_id="kcn-zz"),
        "zone_id",
        "is not the id of any of the zones given",
    ),
    "unknown origin": (lambda p, e: _set(p, 0, origin="foreign"), "origin", "must be one of"),
    "fdi without country": (
        lambda p, e: _set(p, 1, country=None),
        "country",
        "an FDI project must name the investor's country",
    ),
    "unknown category": (
        lambda p, e: _set(p, 0, categories=["hitech"]),
        "categories",
        "each item must be one of",
    ),
    "blank investor": (lambda p, e: _set(p, 0, investor="  "), "investor", "must not be empty"),
    "duplicate id": (lambda p, e: _set(p, 1, id="p1"), "id", "an id must be unique"),
    "orphan event": (
        lambda p, e: _set(e, 1, project_id="p9"),
        "project_id",
        "names a project that is not among the projects given",
    ),
    "unknown kind": (lambda p, e: _set(e, 1, kind="merged"), "kind", "must be one of"),
    "no date": (lambda p, e: _set(e, 1, date=None), "date", "date is required"),
    "termination with amount": (
        lambda p, e: _set(e, 3, amount=1.0, currency="VND"),
        "amount",
        "a termination carries no amount",
    ),
    "licence without amount": (
        lambda p, e: _set(e, 0, amount=None, currency=None),
        "amount",
        "a licensed event needs an amount",
    ),
    "negative licence": (
        lambda p, e: _set(e, 0, amount=-5.0),
        "amount",
        "capital registered at licensing cannot be negative",
    ),
    "unknown currency": (
        lambda p, e: _set(e, 0, currency="dollars"),
        "currency",
        "unknown word",
    ),
    "adjusted before the licence": (
        lambda p, e: _set(e, 1, date=dt.date(2019, 1, 1)),
        "kind",
        "the first capital event must be the licence",
    ),
    "licensed twice": (
        lambda p, e: _set(e, 1, kind="licensed"),
        "kind",
        "a project is licensed once",
    ),
    "event after the termination": (
        lambda p, e: e.append(
            {
                "project_id": "p2",
                "date": dt.date(2023, 1, 1),
                "kind": "capital_adjusted",
                "amount": 1.0,
                "currency": "VND",
            }
        ),
        "date",
        "no event can follow the termination on 2022-01-01",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_rows_are_counted_and_sampled(case: str) -> None:
    edit, column, message = CASES[case]
    p, e = broken(edit)
    with pytest.raises(TableError) as caught:
        track(
            Dataset(zones=ZONES, exchange_rates=RATES),
            [target()],
            "2024-01-01",
            projects=p,
            capital_events=e,
        )
    problems = caught.value.problems
    assert len(problems) >= 1, caught.value
    assert any(p.column == column and message in str(p) for p in problems), str(caught.value)


def test_a_currency_may_be_one_constant() -> None:
    projects = [project("p1", [("2020-01-01", "licensed", money(5, "VND"))])]
    p, e = frames(projects)
    chosen = target(metric="registered_capital", value="1 billion VND")
    expected = track(Dataset(zones=ZONES, projects=projects), [chosen], "2024-01-01")
    got = track(
        Dataset(zones=ZONES),
        [chosen],
        "2024-01-01",
        projects=p,
        capital_events=Rows(e.drop("currency"), constants={"currency": "đồng"}),
    )
    assert comparable_targets(got) == comparable_targets(expected)
