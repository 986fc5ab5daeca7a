"""Target tracking: numbers, texts and errors that the rest of the suite left unchecked.

Every expected value below is worked out by hand in the comment next to it.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest

from industrial_policy import (
    Dataset,
    ExchangeRate,
    InvalidValueError,
    Money,
    Parcel,
    Project,
    Status,
)
from industrial_policy.findings import Amount, Finding
from industrial_policy.records import Observation, Target
from industrial_policy.tracking import TrackingParameters, track
from industrial_policy.tracking.metrics import Measured, Query, measure, scope_of
from test_targets_support import only, park, project, target, usd_million, usd_vnd, vnd_billion


def _observed(**fields: Any) -> Target:
    """An observed count, at least 10 by the end of 2025; ``fields`` override any of it."""
    base: dict[str, Any] = {"id": "s", "title": "An observed count", "metric": "observed"}
    return target(**(base | {"unit": "count", "deadline": "2025-12-31"} | fields))


def _seen(series: str, *values: tuple[str, Any], **fields: Any) -> list[Observation]:
    return [Observation(series=series, on=on, value=value, **fields) for on, value in values]


def _status_step(finding: Finding) -> str:
    return finding.explanation.steps[-1]


def _input_names(finding: Finding) -> list[str]:
    return [item.name for item in finding.explanation.inputs]


def _licensed(pid: str, day: str, categories: tuple[str, ...] = ()) -> Project:
    return project(pid, [(day, "licensed", vnd_billion(10))], categories=categories)


def _hi_tech_mix() -> Dataset:
    """2023: 4 projects licensed, 1 hi-tech (25%); 2024: 4 licensed, 2 hi-tech (50%)."""
    return Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            _licensed("a1", "2023-03-01", ("hi_tech",)),
            _licensed("a2", "2023-04-01"),
            _licensed("a3", "2023-05-01"),
            _licensed("a4", "2023-06-01"),
            _licensed("b1", "2024-02-01", ("hi_tech",)),
            _licensed("b2", "2024-03-01", ("hi_tech",)),
            _licensed("b3", "2024-04-01"),
            _licensed("b4", "2024-05-01"),
        ],
    )


def _four_projects() -> Dataset:
    """Licensed in Hà Nội: two in 2023 (Feb, May), two in 2024 (Mar, Apr)."""
    return Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            _licensed(f"p{i}", day)
            for i, day in enumerate(("2023-02-01", "2023-05-01", "2024-03-01", "2024-04-01"))
        ],
    )


# -- projection and the path to the target ------------------------------------------------------


def test_a_series_falling_to_zero_is_projected_by_a_line_not_a_growth_rate() -> None:
    # 5 at the end of 2022, 0 at the end of 2023: no growth rate exists to zero, so the
    # least-squares line: slope -5 a year; at the end of 2025 (3 years from the first point):
    # mean 2.5 + (-5) × (3 - 0.5) = -10. Still needed: (10 - 0) / 2 years = +5 a year.
    seen = _seen("s", ("2022-12-31", 5), ("2023-12-31", 0))
    finding = only(track(Dataset(), [_observed()], "2024-01-01", observations=seen))
    assert finding.status is Status.REGRESSING
    assert finding.details["trend_per_year"] == Amount(-5, "count")
    assert finding.details["projection"] == Amount(-10, "count")
    assert finding.details["required_change_per_year"] == Amount(5, "count")
    assert "observed_cagr" not in finding.details
    assert "required_cagr" not in finding.details  # no rate of growth from zero
    assert (
        "projection -10 at the deadline: linear trend -5 a year (least squares from 2022-12-31"
        " to 2023-12-31), continued to 2025-12-31" in finding.explanation.steps
    )


def test_a_baseline_on_the_top_of_a_range_heads_for_the_middle_of_the_range() -> None:
    # Between 10 and 20, from 20 at the end of 2021: a value on the top edge is inside the
    # range, so the path aims at its centre, 15, by the end of 2025. Half-way (end of 2023):
    # 20 + (15 - 20) × 0.5 = 17.5; the progress made, (18 - 20) / (15 - 20) = 0.4.
    ranged = _observed(
        id="b", comparator="between", upper=20, baseline={"on": "2021-12-31", "value": 20}
    )
    seen = _seen("b", ("2023-12-31", 18))
    finding = only(track(Dataset(), [ranged], "2024-01-01", observations=seen))
    assert finding.details["expected"] == Amount(17.5, "count")
    assert finding.details["progress_since_baseline"] == Amount.ratio(0.4)
    assert (
        "expected on 2023-12-31 on the straight line from 20 (2021-12-31) to 15 (2025-12-31):"
        " 17.5" in finding.explanation.steps
    )
    assert finding.gap == Amount(2, "count")  # the margin to the nearest end: 20 - 18


def test_a_growth_of_a_cumulative_flow_is_projected_at_its_compound_rate() -> None:
    # Projects licensed since 2023: 4 by the end of 2023 (the baseline), 8 by 2024-06-30.
    # Growth so far 8 / 4 - 1 = 100%. The trend is the compound rate from the baseline (a
    # growth is not a running total from its start): (8 / 4) ^ (1 / 0.5) - 1 = 300% a year,
    # continued 1 year, 6 months and 1 day of 31 to the end of 2025.
    growth = target(
        kind="growth",
        basis="cumulative",
        since="2023-01-01",
        growth_unit="relative",
        value="100%",
        deadline="2025-12-31",
        baseline={"on": "2023-12-31"},
    )
    finding = only(track(_hi_tech_mix(), [growth], "2024-06-30"))
    years_left = 1 + (6 + 1 / 31) / 12
    assert finding.details["observed_cagr"] == Amount.ratio(3.0)
    projection = finding.details["projection"]
    assert projection is not None
    assert float(projection.value) == pytest.approx(8 * 4**years_left)
    assert finding.details["level"] == Amount(8, "count")
    assert finding.details["required_level"] == Amount(8, "count")  # 4 × (1 + 100%)
    assert finding.actual == Amount.ratio(1.0)
    assert finding.status is Status.ON_TRACK


def test_a_share_of_flows_is_projected_by_holding_the_mix_so_far() -> None:
    # Hi-tech share of the projects licensed in 2024: 2 of 4 = 50% by 2024-06-30, against 60%.
    # The baseline, 2023, is 1 of 4 = 25%. Path: 25% + (60% - 25%) × 0.5 = 42.5% half-way.
    # The mix so far, 50%, held: short by (60 - 50) / (60 - 25) = 28.6% of the progress
    # required: off track.
    share = target(
        kind="share",
        basis="flow",
        categories=["hi_tech"],
        value="60%",
        deadline="2024",
        baseline={"on": "2023"},
    )
    finding = only(track(_hi_tech_mix(), [share], "2024-06-30"))
    assert finding.status is Status.OFF_TRACK
    assert finding.actual == Amount.ratio(0.5)
    assert finding.gap is not None
    assert finding.gap.unit == "percentage_points"
    assert float(finding.gap.value) == pytest.approx(-10.0)
    assert finding.details["baseline"] == Amount.ratio(0.25)
    assert finding.details["projection"] == Amount.ratio(0.5)
    expected = finding.details["expected"]
    assert expected is not None
    assert float(expected.value) == pytest.approx(0.425)
    gap = finding.details["anticipated_gap"]
    assert gap is not None
    assert float(gap.value) == pytest.approx(0.1 / 0.35)
    steps = finding.explanation.steps
    assert "projection: the share so far, 50%, held to the end of the period" in steps
    assert not any(step.startswith("projection 50%") for step in steps)
    assert "trend_per_year" not in finding.details
    assert _input_names(finding)[2:] == [
        "part: hi_tech projects licensed in the whole dataset on 2023-12-31 (baseline: 2023)",
        "whole: projects licensed in the whole dataset on 2023-12-31 (baseline: 2023)",
    ]


# -- growth targets ------------------------------------------------------------------------------


def _growth(**fields: Any) -> Target:
    return _observed(
        id="g",
        kind="growth",
        basis="stock",
        growth_unit="relative",
        baseline={"on": "2021-12-31", "value": 100},
        **fields,
    )


def test_a_yearly_growth_that_turned_into_a_decline_is_a_negative_rate() -> None:
    # From 100 to 81 in two years: (81 / 100) ^ (1 / 2) - 1 = 0.9 - 1 = -10% a year, against
    # +5% a year: 15 points short. The level required: 100 × 1.05 ^ 4 = 121.550625.
    target_ = _growth(per_year=True, value="5%")
    seen = _seen("g", ("2023-12-31", 81))
    finding = only(track(Dataset(), [target_], "2024-01-01", observations=seen))
    assert finding.status is Status.REGRESSING
    assert finding.actual is not None
    assert float(finding.actual.value) == pytest.approx(-0.10)
    assert finding.gap is not None
    assert float(finding.gap.value) == pytest.approx(-15.0)
    assert finding.gap.unit == "percentage_points"
    required = finding.details["required_level"]
    assert required is not None
    assert float(required.value) == pytest.approx(121.550625)


def test_a_growth_over_the_whole_span_is_the_ratio_less_one() -> None:
    # 120 against 100: +20% over the span, against +30%: 10 points short.
    target_ = _growth(value="30%")
    seen = _seen("g", ("2023-12-31", 120))
    finding = only(track(Dataset(), [target_], "2024-01-01", observations=seen))
    assert finding.actual is not None
    assert float(finding.actual.value) == pytest.approx(0.20)
    assert "actual growth on 2023-12-31: 20% (120 against 100)" in finding.explanation.steps
    assert finding.details["required_level"] == Amount(130, "count")


def test_a_growth_capped_from_above_requires_the_level_under_the_cap() -> None:
    # At most +10% on 100: the level must stay at or under 110. From 120 (end of 2023) to
    # 110 by the end of 2025: -5 a year; the straight line from 100 to 110 gives 105 half-way.
    target_ = _growth(comparator="at_most", value="10%")
    seen = _seen("g", ("2023-12-31", 120))
    finding = only(track(Dataset(), [target_], "2024-01-01", observations=seen))
    required = finding.details["required_level"]
    assert required is not None
    assert float(required.value) == pytest.approx(110)
    assert finding.details["expected"] == Amount(105, "count")
    change = finding.details["required_change_per_year"]
    assert change is not None
    assert float(change.value) == pytest.approx(-5)
    assert finding.status is Status.REGRESSING
    assert _status_step(finding) == (
        "status: regressing: the observed trend is rising, away from the target"
    )


def test_a_growth_of_a_share_of_flows_in_points_is_the_difference_times_100() -> None:
    # The hi-tech share of licences: 25% in 2023, 50% in 2024: (0.50 - 0.25) × 100 = +25 pp
    # against +20 pp, judged once 2024 is over.
    growth = target(
        kind="growth",
        share=True,
        basis="flow",
        categories=["hi_tech"],
        growth_unit="percentage_points",
        value="20 pp",
        deadline="2024",
        baseline={"on": "2023"},
    )
    finding = only(track(_hi_tech_mix(), [growth], "2025-01-01"))
    assert finding.status is Status.ACHIEVED
    assert finding.actual == Amount(25.0, "percentage_points")
    assert finding.gap == Amount(5.0, "percentage_points")
    assert "growth of 2024 on 2023: 25 pp (50% against 25%)" in finding.explanation.steps
    assert _status_step(finding) == (
        "status: achieved: 2024 is over and the growth meets the target"
    )


def test_a_relative_growth_of_a_flow_from_nothing_is_undefined() -> None:
    # No project was licensed in 2022: +10% of zero means nothing.
    growth = target(
        kind="growth",
        basis="flow",
        growth_unit="relative",
        value="10%",
        deadline="2024",
        baseline={"on": "2022"},
    )
    finding = only(track(_hi_tech_mix(), [growth], "2025-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert _status_step(finding) == (
        "status: insufficient data: the base (2022) is 0: a relative growth from a base that"
        " is not positive is undefined"
    )


def test_quarters_that_cover_the_base_year_add_up_to_its_flow() -> None:
    # The base 2024 is reported by quarter: 10 + 20 + 30 + 40 = 100; 2025 as a whole: 130.
    # Growth 130 / 100 - 1 = +30% against +20%: achieved, 10 points over.
    growth = _observed(
        id="g",
        kind="growth",
        basis="flow",
        growth_unit="relative",
        value="20%",
        deadline="2025",
        baseline={"on": "2024"},
    )
    quarters = _seen("g", *((f"Q{q} 2024", 10 * q) for q in range(1, 5)))
    seen = [*quarters, *_seen("g", ("2025", 130))]
    finding = only(track(Dataset(), [growth], "2026-01-01", observations=seen))
    assert finding.status is Status.ACHIEVED
    assert finding.actual is not None
    assert float(finding.actual.value) == pytest.approx(0.30)
    assert finding.details["baseline"] == Amount(100, "count")
    base_input = finding.explanation.inputs[1]
    assert base_input.name == "baseline: observed over 2024"
    assert base_input.records == ("g@Q1 2024", "g@Q2 2024", "g@Q3 2024", "g@Q4 2024")
    assert _status_step(finding) == (
        "status: achieved: 2025 is over and the growth meets the target"
    )
    # Three quarters do not cover the year: the base is unknown.
    partial = [*quarters[:3], *_seen("g", ("2025", 130))]
    missing = only(track(Dataset(), [growth], "2026-01-01", observations=partial))
    assert missing.status is Status.INSUFFICIENT_DATA
    assert _status_step(missing) == (
        "status: insufficient data: no observation of series 'g' covers 2024 (the growth of a"
        " flow compares observations over periods)"
    )


# -- baselines -----------------------------------------------------------------------------------


def test_the_baseline_of_a_flow_is_shown_for_reference() -> None:
    # A flow starts from zero with its period: the 2023 baseline (2 projects) is shown, not
    # used as the start of the path (0 at the end of 2023, 3 at the end of 2024: 1.5
    # half-way). Two projects licensed by 2024-06-30.
    flow = target(
        province="Hà Nội",
        kind="flow",
        value=3,
        deadline="2024",
        baseline={"on": "2023", "value": 2, "source": "plan 2023"},
    )
    finding = only(track(_four_projects(), [flow], "2024-06-30"))
    assert finding.details["baseline"] == Amount(2, "count")
    assert finding.details["expected"] == Amount(1.5, "count")
    reference = finding.explanation.inputs[-1]
    assert reference.name == "baseline (2023), for reference"
    assert reference.value == Amount(2, "count")
    assert reference.source == "plan 2023"


def test_the_baseline_of_a_cumulative_flow_is_counted_from_the_records() -> None:
    # Since 2023: 2 projects by the end of 2023 (the baseline), 4 by 2024-06-30. The path
    # from 2 to 6 over two years gives 3 after six months.
    cumulative = target(
        province="Hà Nội",
        kind="cumulative",
        since="2023-01-01",
        value=6,
        deadline="2025-12-31",
        baseline={"on": "2023-12-31"},
    )
    finding = only(track(_four_projects(), [cumulative], "2024-06-30"))
    assert finding.details["baseline"] == Amount(2, "count")
    assert finding.details["expected"] == Amount(3, "count")
    assert finding.details["progress_since_baseline"] == Amount.ratio(0.5)
    assert finding.explanation.steps[0] == "baseline: 2 on 2023-12-31"
    assert _input_names(finding)[-1] == (
        "projects licensed in province Hà Nội (1 zone in the dataset) on 2023-12-31 (baseline)"
    )
    assert finding.explanation.inputs[-1].records == ("p0", "p1")


def test_the_baseline_of_a_cumulative_flow_can_come_from_an_observation() -> None:
    # The dataset holds no records: 3 observed at the end of 2023, 5 on 2024-06-30.
    cumulative = target(
        id="cu",
        kind="cumulative",
        since="2023-01-01",
        value=6,
        deadline="2025-12-31",
        baseline={"on": "2023-12-31"},
    )
    seen = [
        Observation(series="cu", on="2023-12-31", value=3, source="report A"),
        Observation(series="cu", on="2024-06-30", value=5),
    ]
    finding = only(track(Dataset(), [cumulative], "2024-06-30", observations=seen))
    assert finding.details["baseline"] == Amount(3, "count")
    baseline = finding.explanation.inputs[-1]
    assert (baseline.name, baseline.value, baseline.records, baseline.source) == (
        "baseline",
        Amount(3, "count"),
        ("cu@2023-12-31",),
        "report A",
    )


def test_a_stock_baseline_from_the_records_is_listed_after_the_actual() -> None:
    # Projects in effect: 2 at the end of 2023 (the baseline), 4 on 2024-06-30.
    stock = target(province="Hà Nội", value=6, deadline="2025-12-31", baseline={"on": "2023-12-31"})
    finding = only(track(_four_projects(), [stock], "2024-06-30"))
    assert finding.details["baseline"] == Amount(2, "count")
    assert _input_names(finding) == [
        "projects in effect in province Hà Nội (1 zone in the dataset) on 2024-06-30",
        "projects in effect in province Hà Nội (1 zone in the dataset) on 2023-12-31 (baseline)",
    ]
    # From 2 to 4 in half a year: (4 / 2) ^ 2 - 1 = +300% a year.
    assert finding.details["observed_cagr"] == Amount.ratio(3.0)


def test_a_stock_baseline_from_an_observation_names_it() -> None:
    stock = target(id="st", value=6, deadline="2025-12-31", baseline={"on": "2023-12-31"})
    seen = [
        Observation(series="st", on="2023-12-31", value=2, source="report A"),
        Observation(series="st", on="2024-06-30", value=4),
    ]
    finding = only(track(Dataset(), [stock], "2024-06-30", observations=seen))
    assert finding.details["baseline"] == Amount(2, "count")
    baseline = finding.explanation.inputs[-1]
    assert (baseline.name, baseline.value, baseline.records, baseline.source) == (
        "baseline",
        Amount(2, "count"),
        ("st@2023-12-31",),
        "report A",
    )
    # Path from 2 (end of 2023) to 6 (end of 2025): 3 after six months.
    assert finding.details["expected"] == Amount(3, "count")


# -- when a target counts as met -----------------------------------------------------------------


def test_a_ceiling_reached_exactly_on_the_deadline_is_met() -> None:
    ceiling = _observed(id="m", comparator="at_most", value=10)
    seen = _seen("m", ("2025-12-31", 10))
    finding = only(track(Dataset(), [ceiling], "2026-01-01", observations=seen))
    assert finding.status is Status.ACHIEVED
    assert finding.gap == Amount(0, "count")
    assert _status_step(finding) == (
        "status: achieved: the deadline (2025-12-31) is reached and the target is met"
    )


def test_a_range_whose_top_is_reached_exactly_is_met() -> None:
    ranged = _observed(id="r", comparator="between", value=5, upper=10)
    seen = _seen("r", ("2025-12-31", 10))
    finding = only(track(Dataset(), [ranged], "2026-01-01", observations=seen))
    assert finding.status is Status.ACHIEVED


def test_a_flow_met_before_the_deadline_stays_achieved_after_it() -> None:
    # 12 observed by mid-2025 against at least 10 in 2025; nothing reported later.
    flow = _observed(id="f", kind="flow", deadline="2025")
    seen = _seen("f", ("2025-06-30", 12))
    finding = only(track(Dataset(), [flow], "2026-03-01", observations=seen))
    assert finding.status is Status.ACHIEVED
    assert finding.actual == Amount(12, "count")
    assert _status_step(finding) == (
        "status: achieved: met by 2025-06-30, before the deadline: a flow counted with"
        " 'at least' or 'more than' stays achieved"
    )


# -- the series shown ----------------------------------------------------------------------------


def test_a_long_series_shows_its_first_two_and_last_ten_values() -> None:
    # 14 year-end values, 10 to 23: 12 shown, the 3rd and 4th (2012, 2013) left out.
    seen = _seen("s", *((f"{2010 + i}-12-31", 10 + i) for i in range(14)))
    target_ = _observed(value=100)
    finding = only(track(Dataset(), [target_], "2024-01-01", observations=seen))
    shown = [f"{2010 + i}-12-31: {10 + i}" for i in (0, 1, *range(4, 14))]
    assert finding.explanation.steps[0] == f"series (14 value(s)): {'; '.join(shown)}"


# -- money ---------------------------------------------------------------------------------------


def test_an_observation_in_dollars_is_converted_on_its_date() -> None:
    # 5 million USD at 25,000 VND = 125 billion VND against 100 billion.
    capital = target(
        id="cap",
        metric="registered_capital",
        value="100 billion VND",
        deadline="2025-12-31",
        actuals="observations",
    )
    dataset = Dataset(exchange_rates=[usd_vnd(25000, "2025-01-01", "SBV")])
    seen = [Observation(id="oc", series="cap", on="2025-12-31", value="5 million USD")]
    finding = only(track(dataset, [capital], "2026-01-01", observations=seen))
    assert finding.actual == Amount(Decimal(125 * 10**9), "VND")
    assert finding.gap == Amount(Decimal(25 * 10**9), "VND")
    (rate,) = finding.explanation.parameters
    assert rate.id == "exchange rate USD->VND"
    assert rate.value == Amount(25000.0, "VND per USD")
    assert rate.effective_from == dt.date(2025, 1, 1)
    assert rate.citation == "SBV"


def test_the_rates_used_are_listed_by_currency_code() -> None:
    # USD recorded first, EUR second; the rates are listed EUR then USD.
    # 2 million USD × 25,000 + 1 million EUR × 27,000 = 50 + 27 = 77 billion VND.
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project("u", [("2024-03-01", "licensed", usd_million(2))]),
            project("e", [("2024-04-01", "licensed", Money(Decimal(1_000_000), "EUR"))]),
        ],
        exchange_rates=[
            usd_vnd(25000, "2024-01-01", "SBV"),
            ExchangeRate("EUR", "VND", 27000, "2024-01-01", source="SBV EUR"),
        ],
    )
    capital = target(
        metric="registered_capital", kind="flow", value="100 billion VND", deadline="2024"
    )
    finding = only(track(dataset, [capital], "2025-01-01"))
    assert finding.actual == Amount(Decimal(77 * 10**9), "VND")
    assert [p.id for p in finding.explanation.parameters] == [
        "exchange rate EUR->VND",
        "exchange rate USD->VND",
    ]
    assert [p.citation for p in finding.explanation.parameters] == ["SBV EUR", "SBV"]


def _dollar_production() -> Dataset:
    return Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project(
                "x1",
                [("2020-02-01", "licensed", vnd_billion(1))],
                production=[(2023, usd_million(2))],
            )
        ],
        exchange_rates=[usd_vnd(24000, "2023-01-01", "SBV 2023")],
    )


def test_production_in_dollars_says_on_which_day_it_is_converted() -> None:
    # 2 million USD × 24,000 = 48 billion VND against 50 billion.
    flow = target(metric="production_value", kind="flow", value="50 billion VND", deadline="2023")
    note = "production values are converted at the rate in force on the year's last day"
    by_event = only(track(_dollar_production(), [flow], "2024-01-01"))
    assert by_event.actual == Amount(Decimal(48 * 10**9), "VND")
    assert by_event.gap == Amount(Decimal(-2 * 10**9), "VND")
    assert note in by_event.explanation.notes
    measured = TrackingParameters(rate_date="measurement")
    on_the_day = only(track(_dollar_production(), [flow], "2024-01-01", parameters=measured))
    assert on_the_day.actual == Amount(Decimal(48 * 10**9), "VND")
    assert note not in on_the_day.explanation.notes


def test_a_change_too_large_for_money_is_written_as_a_number_with_its_currency() -> None:
    # From 2 VND to 5 × 10^27 VND in one year: +5e+27 VND a year, past what money can hold.
    huge = target(
        id="huge",
        metric="registered_capital",
        value="5000000000000000000000000000 VND",
        deadline="2025-12-31",
        actuals="observations",
    )
    seen = _seen("huge", ("2023-12-31", "1 VND"), ("2024-12-31", "2 VND"))
    finding = only(track(Dataset(), [huge], "2024-12-31", observations=seen))
    assert finding.details["required_change_per_year"] is None
    required = next(s for s in finding.explanation.steps if s.startswith("required"))
    assert "or +5e+27 VND (out of any meaningful range) a year, to reach 5e+27 VND" in required


# -- records that leave the value unknown --------------------------------------------------------


def test_a_year_without_production_records_is_unknown_not_zero() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project(
                "x1",
                [("2020-02-01", "licensed", vnd_billion(1))],
                production=[(2021, vnd_billion(100)), (2023, vnd_billion(120))],
            )
        ],
    )
    cumulative = target(
        metric="production_value",
        kind="cumulative",
        since="2021",
        value="300 billion VND",
        deadline="2023-12-31",
    )
    finding = only(track(dataset, [cumulative], "2024-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.actual is None
    assert _status_step(finding) == (
        "status: insufficient data: no production value is recorded for 2022 in the subject:"
        " a year without records is unknown, not zero"
    )


def test_a_share_of_production_with_no_production_in_the_part_names_no_currency() -> None:
    # The hi-tech project has no production value and the share names no currency.
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project(
                "x1",
                [("2020-02-01", "licensed", vnd_billion(1))],
                production=[(2023, vnd_billion(120))],
            ),
            project("x2", [("2020-02-01", "licensed", vnd_billion(1))], categories=["hi_tech"]),
        ],
    )
    share = target(
        metric="production_value",
        kind="share",
        categories=["hi_tech"],
        value="25%",
        deadline="2023",
    )
    finding = only(track(dataset, [share], "2024-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert _status_step(finding) == (
        "status: insufficient data: no production value is recorded and the target names no"
        " currency"
    )


def test_a_flow_of_businesses_with_an_unknown_investor_is_unknown() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project("x1", [("2024-02-01", "licensed", vnd_billion(1))], investor=None),
            project("x2", [("2024-03-01", "licensed", vnd_billion(1))]),
        ],
    )
    flow = target(metric="businesses", kind="flow", value=2, deadline="2024")
    finding = only(track(dataset, [flow], "2025-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert _status_step(finding) == (
        "status: insufficient data: businesses are distinct investors, and the investor is"
        " not recorded for 1 project: x1"
    )


def _origin_parcels(*extra: Parcel) -> Dataset:
    """A domestic tenant (the first project) on 10 ha, an FDI tenant on 7 ha."""
    return Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project("dom", [("2020-01-01", "licensed", vnd_billion(10))], origin="domestic"),
            project("fdi", [("2020-01-01", "licensed", vnd_billion(10))], origin="fdi"),
        ],
        parcels=[
            Parcel(
                id="p-dom",
                zone_id="kcn-a",
                area="10 ha",
                status="leased",
                project_id="dom",
                lease_start="2021-01-01",
            ),
            Parcel(
                id="p-fdi",
                zone_id="kcn-a",
                area="7 ha",
                status="leased",
                project_id="fdi",
                lease_start="2021-01-01",
            ),
            *extra,
        ],
    )


_FDI_LAND = {"metric": "area_leased", "value": "10 ha", "origin": "fdi", "deadline": "2025-12-31"}


def test_land_leased_by_origin_counts_each_parcel_by_its_own_tenant() -> None:
    finding = only(track(_origin_parcels(), [target(**_FDI_LAND)], "2026-01-01"))
    assert finding.actual == Amount(7.0, "hectare")
    assert finding.gap == Amount(-3.0, "hectare")
    assert finding.explanation.inputs[0].records == ("p-fdi",)


def test_land_by_origin_with_a_parcel_without_tenant_is_unknown() -> None:
    orphan = Parcel(
        id="p-none", zone_id="kcn-a", area="3 ha", status="leased", lease_start="2021-01-01"
    )
    finding = only(track(_origin_parcels(orphan), [target(**_FDI_LAND)], "2026-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert _status_step(finding) == (
        "status: insufficient data: the origin of the tenant is needed, and no tenant project"
        " is recorded for 1 leased parcel: p-none"
    )


def _leased(count: int, **fields: Any) -> list[Parcel]:
    # Made in reverse order: the listing sorts the ids.
    return [
        Parcel(id=f"n{i:02d}", zone_id="kcn-a", area="1 ha", status="leased", **fields)
        for i in reversed(range(count))
    ]


_FIRST_TWENTY = ", ".join(f"n{i:02d}" for i in range(20))


def test_many_parcels_without_tenant_are_listed_twenty_at_most() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")], parcels=_leased(22, lease_start="2021-01-01")
    )
    finding = only(track(dataset, [target(**_FDI_LAND)], "2026-01-01"))
    assert _status_step(finding) == (
        "status: insufficient data: the origin of the tenant is needed, and no tenant project"
        f" is recorded for 22 leased parcels: {_FIRST_TWENTY}, … 2 more"
    )


def test_many_leases_without_a_start_are_listed_twenty_at_most() -> None:
    dataset = Dataset(zones=[park("kcn-a", "Hà Nội")], parcels=_leased(22))
    flow = target(metric="area_leased", kind="flow", value="10 ha", deadline="2025")
    finding = only(track(dataset, [flow], "2026-01-01"))
    assert _status_step(finding) == (
        "status: insufficient data: the lease start is not recorded for 22 parcels:"
        f" {_FIRST_TWENTY}, … 2 more"
    )


# -- measure: one value per day asked, NaN where unknown -----------------------------------------


def _measure(dataset: Dataset, target_: Target, days: list[str], **kwargs: Any) -> Measured:
    return measure(
        dataset,
        scope_of(dataset, target_),
        Query.of(target_),
        target_.measure,
        days=[dt.date.fromisoformat(d) for d in days],
        **kwargs,
    )


_DAYS = ["2023-12-31", "2024-06-30", "2024-12-31"]


def _all_unknown(values: Any) -> bool:
    return len(values) == len(_DAYS) and all(math.isnan(v) for v in values)


def test_measure_of_businesses_with_an_unknown_investor_is_unknown_on_every_day() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[project("x1", [("2024-02-01", "licensed", vnd_billion(1))], investor=None)],
    )
    flow = target(metric="businesses", kind="flow", value=2, deadline="2024")
    measured = _measure(dataset, flow, _DAYS, start=dt.date(2024, 1, 1))
    assert _all_unknown(measured.values)
    assert measured.record_kind == "projects"
    assert measured.what == "distinct investors of projects licensed"
    assert measured.missing == (
        "businesses are distinct investors, and the investor is not recorded for 1 project: x1"
    )


def test_measure_of_money_with_no_records_and_no_currency_is_unknown() -> None:
    dataset = Dataset(zones=[park("kcn-a", "Hà Nội")])
    capital = target(metric="registered_capital", value="1 billion VND")
    measured = _measure(dataset, capital, _DAYS)
    assert _all_unknown(measured.values)
    assert (measured.unit, measured.record_kind) == ("money", "projects")
    assert measured.missing == "no capital is recorded and the target names no currency"
    production = target(metric="production_value", kind="flow", value="1 billion VND")
    measured = _measure(dataset, production, _DAYS, start=dt.date(2023, 1, 1))
    assert _all_unknown(measured.values)
    assert (measured.unit, measured.record_kind) == ("money", "projects")
    assert measured.missing == "no production value is recorded and the target names no currency"


def test_measure_of_land_counts_parcels() -> None:
    orphan = Parcel(
        id="p-none", zone_id="kcn-a", area="3 ha", status="leased", lease_start="2021-01-01"
    )
    unknown = _measure(_origin_parcels(orphan), target(**_FDI_LAND), _DAYS)
    assert _all_unknown(unknown.values)
    assert (unknown.unit, unknown.record_kind, unknown.what) == (
        "hectare",
        "parcels",
        "FDI land under lease",
    )
    known = _measure(_origin_parcels(), target(**_FDI_LAND), _DAYS)
    assert list(known.values) == [7.0, 7.0, 7.0]
    assert (known.record_kind, known.records, known.record_count) == ("parcels", ("p-fdi",), 1)


# -- the formula and the notes -------------------------------------------------------------------


def test_the_formula_of_a_share_of_a_stock_divides_two_stocks() -> None:
    share = target(kind="share", basis="stock", categories=["hi_tech"], value="25%")
    finding = only(track(_hi_tech_mix(), [share], "2024-01-01"))
    assert finding.explanation.formula == (
        "actual = (hi_tech projects in effect) ÷ (projects in effect), on the day measured, in"
        " the whole dataset; gap = actual − target (negative: a shortfall); percent achieved ="
        " actual ÷ target"
    )


def test_more_than_five_illustrative_observations_are_counted_not_all_named() -> None:
    seen = [
        Observation(
            id=f"ob{i}", series="il", on=f"{2017 + i}-12-31", value=10 + i, illustrative=True
        )
        for i in range(7)
    ]
    finding = only(track(Dataset(), [target(id="il", value=100)], "2024-01-01", observations=seen))
    assert (
        "7 of the observations used are illustrative, not from a source: ob0, ob1, ob2, ob3,"
        " ob4 and 2 more" in finding.explanation.notes
    )


# -- errors users read ---------------------------------------------------------------------------


def _error(call: Any) -> InvalidValueError:
    with pytest.raises(InvalidValueError) as caught:
        call()
    return caught.value


def test_an_observation_with_an_impossible_date_names_itself() -> None:
    error = _error(lambda: Observation(id="o1", series="s", on="2024-13-01", value=3))
    assert str(error) == (
        "Observation 'o1'.on: month 13 does not exist: a month is 01 to 12 (got '2024-13-01')"
    )
    assert (error.record_type, error.record_id, error.field) == ("Observation", "o1", "on")


def test_money_written_without_its_currency_names_the_observation() -> None:
    # The level is money in the currency of the first value read (VND): a bare 100 for the
    # base year cannot be guessed.
    growth = target(
        id="pv",
        metric="production_value",
        kind="growth",
        basis="flow",
        growth_unit="relative",
        value="10%",
        deadline="2025",
        baseline={"on": "2024"},
        actuals="observations",
    )
    seen = [
        Observation(id="o25", series="pv", on="2025", value="120 billion VND"),
        Observation(id="o24", series="pv", on="2024", value=100),
    ]
    error = _error(lambda: track(Dataset(), [growth], "2026-01-01", observations=seen))
    assert str(error) == (
        "Observation 'o24'.value: an amount of money needs its currency, such as"
        " '100 million VND' (got 100)"
    )
    in_vnd = target(
        id="pv",
        metric="production_value",
        currency="VND",
        kind="growth",
        basis="flow",
        growth_unit="relative",
        value="10%",
        deadline="2025",
        baseline={"on": "2024"},
        actuals="observations",
    )
    bare = [Observation(id="o25", series="pv", on="2025", value=120)]
    error = _error(lambda: track(Dataset(), [in_vnd], "2026-01-01", observations=bare))
    assert str(error) == (
        "Observation 'o25'.value: an amount of money needs its currency, such as"
        " '120 million VND' (got 120)"
    )
    assert (error.record_type, error.record_id, error.field) == ("Observation", "o25", "value")


def test_an_observed_share_above_one_is_refused() -> None:
    share = _observed(id="sh", unit=None, kind="share", basis="stock", value="25%")
    seen = [Observation(id="o1", series="sh", on="2025-12-31", value="120%")]
    error = _error(lambda: track(Dataset(), [share], "2026-01-01", observations=seen))
    assert str(error) == (
        "Observation 'o1'.value: a share is a fraction from 0 to 1 (write '25%' or 0.25)"
        " (got '120%')"
    )


def test_an_observation_about_another_province_is_refused() -> None:
    hanoi = target(id="hn", province="Hà Nội", actuals="observations")
    seen = [Observation(id="o1", series="hn", on="2023", value=3, province="Hà Nam")]
    error = _error(lambda: track(Dataset(), [hanoi], "2024-01-01", observations=seen))
    assert str(error) == (
        "Observation 'o1'.series: observation 'o1' is about province 'Hà Nam', but target 'hn'"
        " is about province 'Hà Nội' (got 'o1')"
    )
    assert error.record_type == "Observation"


def test_two_different_values_for_one_period_are_refused_and_equal_ones_are_not() -> None:
    hanoi = target(id="hn", province="Hà Nội", actuals="observations")
    twice = [*_seen("hn", ("2023", 3)), Observation(id="b", series="hn", on="2023", value=4)]
    error = _error(lambda: track(Dataset(), [hanoi], "2024-01-01", observations=twice))
    assert str(error) == (
        "Observation 'b'.value: two values for 'hn' on 2023: 3 (hn@2023) and 4 (b) (got 'b')"
    )
    assert (error.record_type, error.record_id) == ("Observation", "b")
    same = _seen("hn", ("2023", 3), ("2023", 3))
    finding = only(track(Dataset(), [hanoi], "2024-01-01", observations=same))
    assert finding.actual == Amount(3, "count")


def test_a_risk_threshold_that_is_not_a_number_is_refused() -> None:
    error = _error(lambda: TrackingParameters(at_risk_gap="0.1"))
    assert str(error) == "TrackingParameters.at_risk_gap: must be a number (got '0.1')"


def test_a_base_period_shorter_than_the_target_period_is_refused() -> None:
    error = _error(
        lambda: target(
            id="gr",
            kind="growth",
            basis="flow",
            growth_unit="relative",
            value="10%",
            deadline="2025",
            baseline={"on": "Q4 2024"},
        )
    )
    assert str(error) == (
        "Target 'gr'.baseline: compare like with like: the base period is not as long as 2025"
        " (got 'Q4 2024')"
    )
    assert error.value == "Q4 2024"


def test_a_flow_with_a_deadline_day_and_no_period_is_refused() -> None:
    error = _error(lambda: target(id="f", kind="flow", deadline="2025-12-31"))
    assert str(error) == (
        "Target 'f'.period: a flow is counted over a period: give the period, or a deadline"
        " that is one ('2024', '2021–2025') (got None)"
    )


def test_filters_a_metric_does_not_have_are_refused() -> None:
    error = _error(lambda: target(id="z", metric="zones_established", origin="fdi"))
    assert (
        str(error) == "Target 'z'.origin: zones_established has no origin to filter on (got 'fdi')"
    )
    error = _error(
        lambda: _observed(id="o", categories=["supporting_industry", "hi_tech"]),
    )
    assert str(error) == (
        "Target 'o'.categories: observed has no categories (got ['hi_tech', 'supporting_industry'])"
    )
    assert error.value == ["hi_tech", "supporting_industry"]
