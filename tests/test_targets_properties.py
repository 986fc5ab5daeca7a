"""Properties of target tracking that must hold for any data."""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy import Dataset, ExchangeRate, Money, Parcel, Status
from industrial_policy.findings import Finding
from industrial_policy.records import Observation, Target
from industrial_policy.tracking import track
from test_targets_support import park, project

RATE = 25_000  # VND per USD, constant: every USD amount below is a whole number of VND
PROVINCES = ("Hà Nội", "Hải Dương")
ZONES = [park("kcn-a", "Hà Nội"), park("kcn-b", "Hà Nội"), park("kcn-c", "Hải Dương")]


@st.composite
def histories(draw: st.DrawFn, currency: str = "VND") -> list[Any]:
    """Projects with licences, adjustments and terminations in 2018–2025, whole amounts."""
    projects = []
    for i in range(draw(st.integers(0, 14))):
        day = draw(st.dates(dt.date(2018, 1, 1), dt.date(2025, 6, 30)))
        events: list[tuple[dt.date, str, Money | None]] = [
            (day, "licensed", _money(draw(st.integers(1, 400)), currency))
        ]
        for _ in range(draw(st.integers(0, 2))):
            day += dt.timedelta(days=draw(st.integers(0, 500)))
            events.append((day, "capital_adjusted", _money(draw(st.integers(-30, 300)), currency)))
        if draw(st.integers(0, 4)) == 0:
            day += dt.timedelta(days=draw(st.integers(1, 700)))
            events.append((day, "terminated", None))
        projects.append(
            project(
                f"p{i:02d}",
                events,
                zone_id=draw(st.sampled_from(["kcn-a", "kcn-b", "kcn-c", None])),
                origin=draw(st.sampled_from(["fdi", "domestic"])),
                investor=draw(st.sampled_from(["A", "B", "C", "D", "E"])),
                categories=draw(st.sets(st.sampled_from(["hi_tech", "supporting_industry"]))),
            )
        )
    return projects


def _money(units: int, currency: str) -> Money:
    """``units`` thousand USD, or the same in VND at the constant rate."""
    usd = units * 1_000
    return Money(usd * RATE, "VND") if currency == "VND" else Money(usd, "USD")


@st.composite
def targets(draw: st.DrawFn, currency: str = "VND") -> list[Target]:
    chosen = []
    for i in range(draw(st.integers(1, 4))):
        metric = draw(st.sampled_from(["registered_capital", "projects", "businesses"]))
        kind = draw(st.sampled_from(["stock", "flow", "cumulative"]))
        fields: dict[str, Any] = {}
        if kind == "flow":
            fields["deadline"] = draw(st.sampled_from(["2023", "2021–2025", "2025"]))
        else:
            fields["deadline"] = draw(st.sampled_from(["2023-12-31", "2025-12-31"]))
        if kind == "cumulative":
            fields["since"] = "2019"
        if metric == "registered_capital":
            fields["value"] = _money(draw(st.integers(1, 3_000)), currency)
        else:
            fields["value"] = draw(st.integers(1, 12))
        if draw(st.booleans()):
            fields["province"] = draw(st.sampled_from(PROVINCES))
        chosen.append(
            Target(
                id=f"t{i}",
                title=f"t{i}",
                metric=metric,
                kind=kind,
                comparator=draw(st.sampled_from(["at_least", "more_than"])),
                origin=draw(st.sampled_from([None, "fdi"])),
                **fields,
            )
        )
    return chosen


AS_OF = st.sampled_from(["2022-06-30", "2023-12-31", "2024-03-15", "2026-01-10"])


# -- exactly met --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=6), st.sampled_from(["flow", "stock"]))
def test_exactly_met_is_achieved_for_at_least_not_for_more_than(
    amounts: list[int], kind: str
) -> None:
    projects = [
        project(f"p{i}", [(dt.date(2024, 1 + i, 2), "licensed", Money(a * 10**6, "VND"))])
        for i, a in enumerate(amounts)
    ]
    dataset = Dataset(zones=[park("kcn-a", "Hà Nội")], projects=projects)
    total = Money(sum(amounts) * 10**6, "VND")
    deadline = "2024" if kind == "flow" else "2024-12-31"

    def target(comparator: str, metric: str, value: object) -> Target:
        return Target(
            id=f"{metric}-{comparator}",
            title="exact",
            metric=metric,
            kind=kind,
            comparator=comparator,
            value=value,
            deadline=deadline,
        )

    chosen = [
        target(c, m, v)
        for c in ("at_least", "more_than")
        for m, v in (("registered_capital", total), ("projects", len(amounts)))
    ]
    report = track(dataset, chosen, "2025-01-01")
    for finding in report:
        expected = Status.ACHIEVED if finding.check_id.endswith("at_least") else Status.OFF_TRACK
        assert finding.status is expected, finding.explain()
        assert float(finding.gap.value) == 0  # type: ignore[union-attr]


# -- gap and percent achieved agree -------------------------------------------------------------


def _agree(finding: Finding) -> None:
    if finding.actual is None or "percent_achieved" not in finding.details:
        return
    value = float(finding.threshold.value)  # type: ignore[union-attr]
    percent = float(finding.details["percent_achieved"].value)  # type: ignore[union-attr]
    gap = float(finding.gap.value)  # type: ignore[union-attr]
    assert math.isclose(gap, (percent - 1) * value, rel_tol=1e-9, abs_tol=1e-6 * abs(value))
    assert (gap >= 0) == (percent >= 1) or math.isclose(percent, 1, rel_tol=1e-12)


@settings(max_examples=40, deadline=None)
@given(histories(), targets(), AS_OF)
def test_gap_and_percent_achieved_agree(
    projects: list[Any], chosen: list[Target], as_of: str
) -> None:
    for finding in track(Dataset(zones=ZONES, projects=projects), chosen, as_of):
        _agree(finding)


# -- the required growth reaches the target -----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(1, 1e6), min_size=1, max_size=5),
    st.floats(1.01, 50),
    st.integers(1, 10),
)
def test_required_cagr_compounded_from_the_actual_reaches_the_target(
    values: list[float], factor: float, years_left: int
) -> None:
    last_year = 2015 + len(values)
    observations = [
        Observation(series="t", on=f"{2016 + i}-12-31", value=Money(Decimal(repr(v)), "USD"))
        for i, v in enumerate(values)
    ]
    actual = values[-1]
    target_value = float(Decimal(repr(actual * factor)))
    target = Target(
        id="t",
        title="t",
        metric="observed",
        unit="USD",
        kind="stock",
        comparator="at_least",
        value=Money(Decimal(repr(target_value)), "USD"),
        deadline=f"{last_year + years_left}-12-31",
    )
    finding = track(Dataset(), [target], f"{last_year}-12-31", observations=observations).findings[
        0
    ]
    rate = float(finding.details["required_cagr"].value)  # type: ignore[union-attr]
    assert math.isclose(actual * (1 + rate) ** years_left, target_value, rel_tol=1e-9)
    # The linear requirement too: the change per year, times the years left, closes the gap
    # (money in results is given to the cent, at most 9 significant digits).
    per_year = float(finding.details["required_change_per_year"].value)  # type: ignore[union-attr]
    assert math.isclose(
        actual + per_year * years_left, target_value, rel_tol=1e-8, abs_tol=0.0051 * years_left
    )


# -- money through a constant rate --------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_constant_rate_changes_no_status(data: st.DataObject) -> None:
    seed = data.draw(histories("USD"))
    chosen = data.draw(targets("VND"))
    as_of = data.draw(AS_OF)
    in_usd = Dataset(
        zones=ZONES,
        projects=seed,
        exchange_rates=[ExchangeRate("USD", "VND", RATE, "2000-01-01")],
    )
    in_vnd = Dataset(zones=ZONES, projects=[_in_vnd(p) for p in seed])
    converted = track(in_usd, chosen, as_of)
    native = track(in_vnd, chosen, as_of)
    for a, b in zip(converted, native, strict=True):
        assert a.status is b.status, (a.explain(), b.explain())
        if a.actual is not None and b.actual is not None:
            assert math.isclose(float(a.actual.value), float(b.actual.value), rel_tol=1e-9)


def _in_vnd(p: Any) -> Any:
    import attrs

    events = [
        attrs.evolve(
            e, amount=Money(e.amount.amount * RATE, "VND") if e.amount is not None else None
        )
        for e in p.capital_events
    ]
    return attrs.evolve(p, capital_events=events)


# -- a series that only rises never regresses ---------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=6).map(sorted),
    st.integers(1, 2 * 10**6),
    st.booleans(),
    st.sampled_from(["at_least", "more_than"]),
)
def test_a_rising_series_never_regresses(
    values: list[int], target_value: int, with_baseline: bool, comparator: str
) -> None:
    observations = [
        Observation(series="t", on=f"{2017 + i}-12-31", value=v) for i, v in enumerate(values)
    ]
    baseline = {"on": "2016-12-31", "value": values[0]} if with_baseline else None
    target = Target(
        id="t",
        title="t",
        metric="observed",
        unit="count",
        kind="stock",
        comparator=comparator,
        value=target_value,
        baseline=baseline,
        deadline="2030-12-31",
    )
    finding = track(Dataset(), [target], "2024-01-15", observations=observations).findings[0]
    assert finding.status is not Status.REGRESSING, finding.explain()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.dates(dt.date(2018, 1, 1), dt.date(2025, 6, 30)), max_size=12), st.integers(1, 30)
)
def test_projects_that_only_arrive_never_regress(days: list[dt.date], value: int) -> None:
    projects = [
        project(f"p{i}", [(day, "licensed", Money(1, "VND"))]) for i, day in enumerate(days)
    ]
    dataset = Dataset(zones=[park("kcn-a", "Hà Nội")], projects=projects)
    stock = Target(
        id="s",
        title="s",
        metric="projects",
        kind="stock",
        comparator="at_least",
        value=value,
        deadline="2027-12-31",
    )
    flow = Target(
        id="f",
        title="f",
        metric="projects",
        kind="cumulative",
        since="2018",
        comparator="at_least",
        value=value,
        deadline="2027-12-31",
    )
    for finding in track(dataset, [stock, flow], "2025-07-01"):
        assert finding.status is not Status.REGRESSING, finding.explain()


# -- shuffling records changes nothing -----------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(histories(), targets(), AS_OF, st.randoms(use_true_random=False))
def test_shuffling_records_changes_nothing(
    projects: list[Any], chosen: list[Target], as_of: str, rng: random.Random
) -> None:
    parcels = [
        Parcel(
            id=f"l{i}",
            zone_id=ZONES[i % 3].id,
            area=f"{1 + i} ha",
            status="leased",
            lease_start=f"{2018 + i % 7}-03-01",
            category="hi_tech" if i % 2 else None,
        )
        for i in range(8)
    ]
    land = Target(
        id="land",
        title="land",
        metric="area_leased",
        kind="cumulative",
        since="2018",
        comparator="at_least",
        value="20 ha",
        deadline="2025-12-31",
    )

    def shuffled(items: list[Any]) -> list[Any]:
        copy = list(items)
        rng.shuffle(copy)
        return copy

    ordered = Dataset(zones=ZONES, projects=projects, parcels=parcels)
    mixed = Dataset(zones=shuffled(ZONES), projects=shuffled(projects), parcels=shuffled(parcels))
    before = track(ordered, [*chosen, land], as_of)
    after = track(mixed, [*chosen, land], as_of)
    assert before.to_dict() == after.to_dict()


def test_money_sums_are_exact_for_whole_amounts() -> None:
    # 10^15 VND in pieces adds up exactly (float64 holds whole numbers to 2^53).
    projects = [
        project(f"p{i}", [("2024-02-01", "licensed", Money(Decimal(123_456_789_012), "VND"))])
        for i in range(7)
    ]
    target = Target(
        id="t",
        title="t",
        metric="registered_capital",
        kind="flow",
        comparator="at_least",
        value=Money(Decimal(123_456_789_012 * 7), "VND"),
        deadline="2024",
    )
    finding = track(
        Dataset(zones=[park("kcn-a", "Hà Nội")], projects=projects), [target], "2025-01-01"
    ).findings[0]
    assert finding.actual.value == Decimal(123_456_789_012 * 7)  # type: ignore[union-attr]
    assert finding.status is Status.ACHIEVED
