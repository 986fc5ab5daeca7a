"""Targets on rates: catching up with the national average, growing each year, capped at 100%."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Amount, Status
from industrial_policy.records import GrowthUnit, Observation
from industrial_policy.services import (
    Procedure,
    RateTarget,
    ServiceOffering,
    procedure_rates,
    rate_observations,
    track_rate_targets,
    trajectory,
)
from industrial_policy.services.rate_targets import grown

D = dt.date
SEED = "Hải Dương Provincial Party Committee Standing Board, 2021-08-23 (seeds/000)"


def growth_target(unit: str, growth: str, **changes: object) -> RateTarget:
    fields: dict[str, object] = {
        "id": f"hd-l4-{unit}",
        "title": "Level-4 share up by 20% or more each year",
        "kind": "growth",
        "series": "hd-l4",
        "comparator": "at_least",
        "growth": growth,
        "growth_unit": unit,
        "baseline_on": "2021-08-23",
        "baseline_value": "13.6%",
        "deadline": "2022-08-23",
        "citation": SEED,
    }
    fields.update(changes)
    return RateTarget(**fields)  # type: ignore[arg-type]


def catch_up() -> RateTarget:
    return RateTarget(
        id="hd-avg",
        title="Equal the national average by the end of 2021",
        kind="reference",
        series="hd-l4",
        reference="vn-l4",
        comparator="at_least",
        deadline="end of 2021",
        baseline_on="2021-08-23",
        subject_id="Hải Dương",
        citation=SEED,
    )


def obs(series: str, on: str, value: str) -> Observation:
    return Observation(series=series, on=on, value=value)


# -- "+20% a year": relative or percentage points ------------------------------------------------


def test_relative_and_points_growth_from_13_6_percent() -> None:
    relative = trajectory(growth_target("relative", "20%"), 0.136)
    points = trajectory(growth_target("percentage_points", "20 pp"), 0.136)
    assert [p.day for p in relative] == [D(2021, 8, 23), D(2022, 8, 23)]
    assert relative[-1].value == pytest.approx(0.1632)
    assert points[-1].value == pytest.approx(0.336)


def test_the_growth_unit_has_no_default() -> None:
    with pytest.raises(InvalidValueError, match=r"RateTarget 'hd-l4-x'\.growth_unit.*no default"):
        growth_target("x", "20%", id="hd-l4-x", growth_unit=None)
    with pytest.raises(InvalidValueError, match="percentage points"):
        growth_target("percentage_points", "20%")
    with pytest.raises(InvalidValueError, match="a share or a relative change"):
        growth_target("relative", "20 pp")


@settings(max_examples=100, deadline=None)
@given(base=st.floats(min_value=0.001, max_value=1.0), years=st.integers(min_value=1, max_value=10))
def test_relative_and_points_agree_at_zero_growth(base: float, years: int) -> None:
    deadline = D(2021 + years, 8, 23)
    rel = trajectory(growth_target("relative", "0%", baseline_value=base, deadline=deadline), base)
    pts = trajectory(
        growth_target("percentage_points", "0 pp", baseline_value=base, deadline=deadline), base
    )
    assert [p.value for p in rel] == pytest.approx([p.value for p in pts])
    assert all(p.value == pytest.approx(base) for p in rel)


@settings(max_examples=100, deadline=None)
@given(
    base=st.floats(min_value=0.001, max_value=1.0),
    growth=st.integers(min_value=0, max_value=300),
    unit=st.sampled_from(["relative", "percentage_points"]),
    years=st.integers(min_value=1, max_value=12),
)
def test_a_trajectory_never_passes_100_percent(
    base: float, growth: int, unit: str, years: int
) -> None:
    text = f"{growth}%" if unit == "relative" else f"{growth} pp"
    target = growth_target(unit, text, baseline_value=base, deadline=D(2021 + years, 8, 23))
    path = trajectory(target, base)
    assert len(path) == years + 1
    for earlier, later in pairwise(path):
        assert later.value >= earlier.value  # growth is never negative
    for point in path:
        assert point.value <= 1.0
        assert point.capped == (point.uncapped > 1.0)
        assert point.value == pytest.approx(min(point.uncapped, 1.0))
        years_on = point.day.year - 2021
        expected = grown(base, target.growth, GrowthUnit(unit), years_on)  # type: ignore[arg-type]
        assert point.uncapped == pytest.approx(expected)


def test_a_capped_trajectory_says_so() -> None:
    target = growth_target(
        "percentage_points",
        "20 pp",
        baseline_on="2021-12-31",
        baseline_value="25%",
        deadline="2025-12-31",
    )
    report = track_rate_targets(
        [target], as_of="2025-12-31", observations=[obs("hd-l4", "2025-12-31", "100%")]
    )
    finding = report["rate_target.hd-l4-percentage_points/hd-l4"]
    assert finding.threshold == Amount.ratio(1.0)
    assert finding.details["uncapped_requirement"].value == pytest.approx(1.05)
    assert finding.status is Status.ACHIEVED
    assert any("capped at 100%" in step for step in finding.explanation.steps)
    assert any("capped at 100%" in note for note in finding.explanation.notes)


def test_growth_target_statuses() -> None:
    target = growth_target(
        "relative", "20%", baseline_on="2021-12-31", baseline_value="25%", deadline="2025-12-31"
    )
    series = [obs("hd-l4", "2022-12-31", "30%"), obs("hd-l4", "2023-12-31", "36%")]
    on_track = track_rate_targets([target], as_of="2024-01-01", observations=series)
    finding = next(iter(on_track))
    # 25% × 1.2^4 = 51.84%; the observed CAGR (20%) reaches it.
    assert finding.threshold.value == pytest.approx(0.5184)
    assert finding.status is Status.ON_TRACK
    assert finding.details["expected_now"].value == pytest.approx(0.36, rel=1e-3)
    slow = [obs("hd-l4", "2022-12-31", "26%"), obs("hd-l4", "2023-12-31", "27%")]
    assert (
        next(iter(track_rate_targets([target], as_of="2024-01-01", observations=slow))).status
        is Status.OFF_TRACK
    )
    falling = [obs("hd-l4", "2022-12-31", "24%"), obs("hd-l4", "2023-12-31", "23%")]
    assert (
        next(iter(track_rate_targets([target], as_of="2024-01-01", observations=falling))).status
        is Status.REGRESSING
    )
    before = track_rate_targets([target], as_of="2021-06-30", observations=series)
    assert next(iter(before)).status is Status.NOT_APPLICABLE
    late = track_rate_targets(
        [target], as_of="2026-03-01", observations=[*series, obs("hd-l4", "2025-12-31", "52%")]
    )
    done = next(iter(late))
    assert done.status is Status.ACHIEVED
    assert done.gap.unit == "percentage_points"
    assert done.gap.value == pytest.approx(0.16, abs=1e-9)


# -- "equal the national average by end 2021" ----------------------------------------------------


def test_catching_up_with_the_national_average() -> None:
    national = [obs("vn-l4", "2021-06-30", "30%"), obs("vn-l4", "2021-12-31", "32%")]
    province = [obs("hd-l4", "2021-08-23", "13.6%"), obs("hd-l4", "2021-12-31", "33%")]
    report = track_rate_targets([catch_up()], as_of="2022-01-15", observations=national + province)
    finding = report["rate_target.hd-avg/Hải Dương"]
    assert finding.status is Status.ACHIEVED
    assert finding.threshold.value == pytest.approx(0.32)  # the reference on the deadline
    assert finding.details["reference"].value == pytest.approx(0.32)
    missed = track_rate_targets(
        [catch_up()],
        as_of="2022-01-15",
        observations=[
            *national,
            obs("hd-l4", "2021-08-23", "13.6%"),
            obs("hd-l4", "2021-12-31", "31%"),
        ],
    )
    assert next(iter(missed)).status is Status.OFF_TRACK


def test_before_the_deadline_the_latest_reference_stands_in() -> None:
    national = [obs("vn-l4", "2021-06-30", "30%")]
    province = [obs("hd-l4", "2021-08-23", "13.6%"), obs("hd-l4", "2021-10-31", "20%")]
    finding = next(
        iter(track_rate_targets([catch_up()], as_of="2021-11-01", observations=national + province))
    )
    assert finding.threshold.value == pytest.approx(0.30)
    assert any("not known yet" in note for note in finding.explanation.notes)
    assert finding.status in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)
    assert "projection" in finding.details


def test_no_reference_is_insufficient_data() -> None:
    finding = next(
        iter(
            track_rate_targets(
                [catch_up()],
                as_of="2022-01-15",
                observations=[
                    obs("hd-l4", "2021-08-23", "13.6%"),
                    obs("hd-l4", "2021-12-31", "33%"),
                ],
            )
        )
    )
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "vn-l4" in finding.explanation.notes[0]


def test_reference_and_growth_fields_are_checked() -> None:
    with pytest.raises(InvalidValueError, match="reference"):
        RateTarget(
            id="t",
            title="t",
            kind="reference",
            series="s",
            comparator="at_least",
            deadline="2021-12-31",
        )
    with pytest.raises(InvalidValueError, match="only a growth target"):
        RateTarget(
            id="t",
            title="t",
            kind="reference",
            series="s",
            reference="r",
            comparator="at_least",
            deadline="2021-12-31",
            growth_unit="relative",
        )
    with pytest.raises(InvalidValueError, match="comparator"):
        RateTarget(
            id="t",
            title="t",
            kind="reference",
            series="s",
            reference="r",
            comparator="between",
            deadline="2021-12-31",
        )
    with pytest.raises(InvalidValueError, match="before the deadline"):
        growth_target("relative", "20%", baseline_on="2023-01-01")


# -- from computed rates to a tracked target -------------------------------------------------------


def test_rate_findings_feed_a_target_through_a_dataset() -> None:
    procs = [
        Procedure(id=f"p{i}", name="p", government_level="provincial", field="f")
        for i in range(100)
    ]
    # Every procedure at level 2 from 2021; 20 raised to level 4 in 2022, 25 more in 2023.
    offerings = [
        ServiceOffering(procedure_id=f"p{i}", on="2021-01-01", online_level=2) for i in range(100)
    ]
    offerings += [
        ServiceOffering(procedure_id=f"p{i}", on="2022-06-01", online_level=4) for i in range(20)
    ]
    offerings += [
        ServiceOffering(procedure_id=f"p{i}", on="2023-06-01", online_level=4)
        for i in range(20, 45)
    ]
    ds = Dataset(procedures=procs, service_offerings=offerings)
    series = []
    for day in ("2021-12-31", "2022-12-31", "2023-12-31"):
        report = procedure_rates(ds, as_of=day, denominator="all")
        series += rate_observations(report, "prov-l4", check_id="services.procedures_full_online")
    assert [float(o.value.value) for o in series] == [0.0, 0.2, 0.45]
    target = RateTarget(
        id="pts",
        title="+20 pp a year",
        kind="growth",
        series="prov-l4",
        comparator="at_least",
        growth="20 pp",
        growth_unit="percentage_points",
        baseline_on="2021-12-31",
        deadline="2024-12-31",
    )
    ds = ds.evolve(rate_targets=[target], observations=series)
    finding = next(iter(track_rate_targets(ds, as_of="2024-01-01")))
    assert finding.details["baseline"].value == 0.0
    assert finding.threshold.value == pytest.approx(0.6)
    assert finding.status is Status.ON_TRACK
    assert finding.explanation.inputs[0].records == ("prov-l4@2023-12-31",)
