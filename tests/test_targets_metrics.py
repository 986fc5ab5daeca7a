"""The columnar metrics agree with the records' own per-record answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy import Dataset, Parcel
from industrial_policy.dataset.target_columns import columns_of
from industrial_policy.records import CapitalFlow, Measure, Metric
from industrial_policy.records.projects import CapitalEventKind, Origin, Project
from industrial_policy.records.targets import Target
from industrial_policy.tracking.metrics import Query, Scope, measure, scope_of
from test_targets_properties import ZONES, histories
from test_targets_support import park, project, vnd_billion

DAYS = [dt.date(2019, 12, 31), dt.date(2021, 6, 30), dt.date(2023, 12, 31), dt.date(2025, 6, 30)]


def _scope(dataset: Dataset, province: str | None) -> Scope:
    target = Target(
        id="x",
        title="x",
        metric="projects",
        kind="stock",
        comparator="at_least",
        value=1,
        deadline="2030-12-31",
        province=province,
    )
    return scope_of(dataset, target)


def _in_scope(p: Project, province: str | None, dataset: Dataset) -> bool:
    if province is None:
        return True
    return p.zone_id is not None and dataset.zone(p.zone_id).province == province


def _values(
    dataset: Dataset, query: Query, how: Measure, province: str | None, start: dt.date | None
) -> list[float]:
    measured = measure(
        dataset, _scope(dataset, province), query, how, days=DAYS, start=start, currency="VND"
    )
    assert measured.missing is None, measured.missing
    return [float(v) for v in measured.values]


PROVINCE = st.sampled_from([None, "Hà Nội", "Hải Dương"])
ORIGIN = st.sampled_from([None, Origin.FDI])


@settings(max_examples=60, deadline=None)
@given(histories(), PROVINCE, ORIGIN)
def test_stock_of_projects_and_capital(
    projects: list[Project], province: str | None, origin: Origin | None
) -> None:
    dataset = Dataset(zones=ZONES, projects=projects)
    chosen = [
        p
        for p in projects
        if _in_scope(p, province, dataset) and (origin is None or p.origin is origin)
    ]
    counts = _values(dataset, Query(Metric.PROJECTS, origin=origin), Measure.STOCK, province, None)
    assert counts == [sum(p.in_effect_on(day) for p in chosen) for day in DAYS]
    capital = _values(
        dataset, Query(Metric.REGISTERED_CAPITAL, origin=origin), Measure.STOCK, province, None
    )
    expected = [
        float(sum((p.registered_capital_on(day).amount for p in chosen if p.in_effect_on(day)), 0))  # type: ignore[union-attr]
        for day in DAYS
    ]
    assert capital == pytest.approx(expected, rel=1e-12, abs=1e-3)
    businesses = _values(
        dataset, Query(Metric.BUSINESSES, origin=origin), Measure.STOCK, province, None
    )
    assert businesses == [len({p.investor for p in chosen if p.in_effect_on(day)}) for day in DAYS]


_KINDS = {
    CapitalFlow.NEW: {CapitalEventKind.LICENSED},
    CapitalFlow.ADJUSTED: {CapitalEventKind.CAPITAL_ADJUSTED},
    CapitalFlow.ALL: {CapitalEventKind.LICENSED, CapitalEventKind.CAPITAL_ADJUSTED},
}


@settings(max_examples=60, deadline=None)
@given(
    histories(),
    PROVINCE,
    st.sampled_from(list(CapitalFlow)),
    st.dates(dt.date(2018, 1, 1), dt.date(2019, 12, 31)),
    st.sets(st.sampled_from(["hi_tech", "supporting_industry"])),
)
def test_flows_of_capital_projects_and_businesses(
    projects: list[Project],
    province: str | None,
    events: CapitalFlow,
    start: dt.date,
    categories: set[str],
) -> None:
    from industrial_policy.categories import Category

    dataset = Dataset(zones=ZONES, projects=projects)
    wanted = frozenset(Category(c) for c in categories)
    chosen = [
        p
        for p in projects
        if _in_scope(p, province, dataset) and (not wanted or p.categories & wanted)
    ]
    query = Query(Metric.REGISTERED_CAPITAL, categories=wanted, events=events)
    kinds = _KINDS[events]

    def counted(p: Project, day: dt.date) -> list[Any]:
        return [
            e
            for e in p.capital_events
            if e.kind in kinds and start <= e.date <= day and e.amount is not None
        ]

    capital = _values(dataset, query, Measure.FLOW, province, start)
    assert capital == pytest.approx(
        [float(sum(e.amount.amount for p in chosen for e in counted(p, day))) for day in DAYS]
    )
    projects_flow = _values(
        dataset,
        Query(Metric.PROJECTS, categories=wanted, events=events),
        Measure.FLOW,
        province,
        start,
    )
    assert projects_flow == [sum(1 for p in chosen if counted(p, day)) for day in DAYS]
    businesses = _values(
        dataset,
        Query(Metric.BUSINESSES, categories=wanted, events=events),
        Measure.FLOW,
        province,
        start,
    )
    assert businesses == [len({p.investor for p in chosen if counted(p, day)}) for day in DAYS]


@st.composite
def leases(draw: st.DrawFn) -> list[Parcel]:
    parcels = []
    for i in range(draw(st.integers(0, 12))):
        status = draw(st.sampled_from(["leased", "leased", "vacant", "reserved"]))
        fields: dict[str, Any] = {}
        if status == "leased":
            start = draw(st.dates(dt.date(2015, 1, 1), dt.date(2025, 1, 1)))
            fields["lease_start"] = start
            if draw(st.booleans()):
                fields["lease_end"] = start + dt.timedelta(days=draw(st.integers(0, 3000)))
            fields["category"] = draw(st.sampled_from([None, "hi_tech"]))
        elif status == "reserved":
            fields["category"] = "hi_tech"
        parcels.append(
            Parcel(
                id=f"l{i}",
                zone_id=draw(st.sampled_from(["kcn-a", "kcn-b", "kcn-c"])),
                area=f"{draw(st.integers(1, 500))} ha",
                status=status,
                **fields,
            )
        )
    return parcels


@settings(max_examples=60, deadline=None)
@given(leases(), PROVINCE, st.booleans())
def test_area_leased(parcels: list[Parcel], province: str | None, hi_tech: bool) -> None:
    from industrial_policy.categories import Category
    from industrial_policy.units import area_to_hectares

    dataset = Dataset(zones=ZONES, parcels=parcels)
    categories = frozenset({Category.HI_TECH}) if hi_tech else frozenset()
    chosen = [
        p
        for p in parcels
        if (province is None or dataset.zone(p.zone_id).province == province)
        and (not hi_tech or p.category is Category.HI_TECH)
    ]

    def hectares(items: list[Parcel]) -> float:
        return float(area_to_hectares(p.area for p in items).sum())

    stock = _values(
        dataset, Query(Metric.AREA_LEASED, categories=categories), Measure.STOCK, province, None
    )
    assert stock == pytest.approx([hectares([p for p in chosen if p.leased_on(d)]) for d in DAYS])
    start = dt.date(2018, 1, 1)
    flow = _values(
        dataset, Query(Metric.AREA_LEASED, categories=categories), Measure.FLOW, province, start
    )
    assert flow == pytest.approx(
        [
            hectares(
                [p for p in chosen if p.lease_start is not None and start <= p.lease_start <= day]
            )
            for day in DAYS
        ]
    )


def test_zones_established_stock_and_flow() -> None:
    dataset = Dataset(
        zones=[
            park("a", "Hà Nội", established="2019-01-01"),
            park("b", "Hà Nội", established="2021-07-01"),
            park("c", "Hà Nội", established="2024-01-01"),
            park("p", "Hà Nội", status="planned"),
        ]
    )
    stock = _values(dataset, Query(Metric.ZONES_ESTABLISHED), Measure.STOCK, "Hà Nội", None)
    # a (2019) by 2019-12-31; b opens on 2021-07-01, the day after the second date; c in 2024.
    assert stock == [1, 1, 2, 3]
    flow = _values(
        dataset, Query(Metric.ZONES_ESTABLISHED), Measure.FLOW, "Hà Nội", dt.date(2020, 1, 1)
    )
    assert flow == [0, 0, 1, 2]


def test_production_value_counts_whole_years_only() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project(
                "p",
                [("2018-01-01", "licensed", vnd_billion(1))],
                production=[(y, vnd_billion(y - 2000)) for y in range(2019, 2025)],
            )
        ],
    )
    measured = measure(
        dataset,
        _scope(dataset, None),
        Query(Metric.PRODUCTION_VALUE),
        Measure.FLOW,
        days=DAYS,
        start=dt.date(2019, 1, 1),
    )
    billions = [v / 1e9 for v in measured.values]
    # 2019: 19; mid-2021 unknown (2021 not over); 2019–2023: 19+20+21+22+23; mid-2025 unknown.
    assert billions[0] == 19
    assert billions[2] == 19 + 20 + 21 + 22 + 23
    assert all(v != v for v in (billions[1], billions[3]))  # NaN: unknown, not zero
    assert measured.missing is not None
    assert "2025" in measured.missing


def test_columns_are_built_once_per_dataset() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[project("p", [("2020-01-01", "licensed", vnd_billion(1))])],
    )
    assert columns_of(dataset) is columns_of(dataset)
    columns = columns_of(dataset)
    assert columns.event_date.dtype == "datetime64[D]"
    assert columns.currencies == ("VND",)
