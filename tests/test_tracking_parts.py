"""The parts of the target tracker, each on its own contract (``docs/architecture.md``).

``tests/test_targets_*.py`` check what :func:`~industrial_policy.tracking.track` answers;
these check the functions the tracker is made of: the projection through its points, the
verdict monotone in the value observed, the growth of a level and the level of a growth as
inverses, the path from its start to the edge of the band, the year ends of a series and the
words of a number.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from industrial_policy.findings import Status
from industrial_policy.records import Target
from industrial_policy.tracking.draft import Draft
from industrial_policy.tracking.growth import grown, growth_transform, level_band
from industrial_policy.tracking.path import expected_path, path_start, required
from industrial_policy.tracking.progress import Projection, ProjectionMethod, grade
from industrial_policy.tracking.projection import projection_of, same_period
from industrial_policy.tracking.series import year_ends
from industrial_policy.tracking.verdict import (
    InsufficientDataError,
    at_deadline,
    gap,
    is_met,
)
from industrial_policy.tracking.wording import Wording, decimal
from test_targets_support import target

days = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
levels = st.floats(-1e6, 1e6, allow_nan=False)
positive = st.floats(1e-3, 1e6, allow_nan=False)
huge = st.floats(1e-300, 1e300)
comparators = st.sampled_from(["at_least", "more_than", "at_most", "less_than"])


def _hectares(**fields: Any) -> Target:
    """A stock of hectares (a level in a unit with no rounding of its own)."""
    base: dict[str, Any] = {"metric": "observed", "unit": "ha", "value": "100 ha"}
    return target(**(base | fields))


# -- projection -----------------------------------------------------------------------------


@given(days, days, levels, levels)
def test_a_linear_projection_through_two_points_hits_both(
    first: dt.date, last: dt.date, a: float, b: float
) -> None:
    assume(first < last)
    points = [(first, a), (last, b)]
    stock = _hectares(deadline="2045-12-31")
    for day, value in points:
        projection = projection_of(stock, points, day, ProjectionMethod.LINEAR)
        assert projection is not None
        assert projection.method == "linear"
        assert projection.value == pytest.approx(value, rel=1e-9, abs=1e-6)


@given(days, days, huge, huge, st.sampled_from(ProjectionMethod))
@example(dt.date(2020, 1, 1), dt.date(2020, 1, 2), 1.0, 1e300, ProjectionMethod.AUTO)
@example(dt.date(2020, 1, 1), dt.date(2021, 1, 1), 1.0, 1e10, ProjectionMethod.CAGR)
def test_a_projection_is_a_finite_number_or_none_never_an_overflow(
    first: dt.date, last: dt.date, a: float, b: float, method: ProjectionMethod
) -> None:
    # Growth beyond the range of floats (found by a scale-invariance property): the compound
    # rate does not exist; "auto" falls back to the line, "cagr" gives no projection.
    assume(first < last)
    stock = _hectares(deadline="2060-12-31")
    projection = projection_of(stock, [(first, a), (last, b)], dt.date(2060, 12, 31), method)
    if method is ProjectionMethod.CAGR and projection is None:
        return
    assert projection is not None
    assert not math.isnan(projection.value)
    if projection.method == "cagr":
        assert math.isfinite(projection.value)


@given(days, levels)
def test_one_point_is_no_projection_of_a_stock(day: dt.date, value: float) -> None:
    for method in ProjectionMethod:
        assert projection_of(_hectares(), [(day, value)], day, method) is None


@given(levels, days, days)
def test_the_same_period_growth_is_held(actual: float, start: dt.date, day: dt.date) -> None:
    projection = same_period(actual, start, day)
    assert projection.value == projection.rate == actual
    assert projection.trend == (actual > 0) - (actual < 0)
    assert projection.last == (day, actual)


# -- verdict --------------------------------------------------------------------------------


@given(comparators, levels, levels)
def test_being_met_is_monotone_in_the_value(comparator: str, low: float, high: float) -> None:
    assume(low <= high)
    goal = _hectares(comparator=comparator)
    upward = comparator in ("at_least", "more_than")
    worse, better = (low, high) if upward else (high, low)
    assert not is_met(goal, worse) or is_met(goal, better)
    # The gap moves with the value: larger towards the band, and not negative inside it.
    band = goal.band()
    assert gap(better, band) >= gap(worse, band)
    assert is_met(goal, better) <= (gap(better, band) >= 0)


_RANK = {Status.REGRESSING: 0, Status.OFF_TRACK: 1, Status.AT_RISK: 2, Status.ON_TRACK: 3}


@given(levels, levels, levels, levels, st.floats(0, 1))
def test_the_grade_is_monotone_in_the_projected_value(
    edge: float, start: float, low: float, high: float, at_risk_gap: float
) -> None:
    assume(low <= high)
    first, last = (dt.date(2021, 12, 31), start), (dt.date(2023, 12, 31), start)

    def status(value: float) -> Status:
        rising = Projection(value, "linear", 1.0, 1, first, last)
        band = (edge, math.inf)
        return grade(
            band=band,
            strict=(False, False),
            start=start,
            projection=rising,
            at_risk_gap=at_risk_gap,
        ).status

    assert _RANK[status(low)] <= _RANK[status(high)]


@given(st.booleans(), st.integers(-400, 400))
def test_after_the_deadline_the_value_of_the_deadline_decides(met: bool, shift: int) -> None:
    stock, flow = _hectares(), _hectares(kind="flow", period="2025")
    deadline = dt.date(2025, 12, 31)
    day = deadline + dt.timedelta(days=shift)
    for goal in (stock, flow):
        early = goal is flow and met
        if day != deadline and not early:
            with pytest.raises(InsufficientDataError, match="no value on the deadline"):
                at_deadline(goal, deadline, day, met)
            continue
        status, reason = at_deadline(goal, deadline, day, met)
        assert status is (Status.ACHIEVED if met else Status.OFF_TRACK)
        assert str(day) in reason


# -- growth ---------------------------------------------------------------------------------


@given(
    st.sampled_from(["relative", "points"]),
    st.booleans(),
    st.floats(0.5, 1e4),
    st.floats(-0.5, 2.0),
    st.integers(1, 20),
)
def test_the_level_of_a_growth_grows_back_into_that_growth(
    unit: str, per_year: bool, base: float, growth: float, years: int
) -> None:
    relative = unit == "relative"
    goal = _hectares(
        kind="growth",
        basis="stock",
        unit="ha" if relative else "ratio",
        growth_unit=unit if relative else "percentage_points",
        per_year=per_year,
        value="5%" if relative else "5 pp",
        baseline={"on": "2020-12-31", "value": "1 ha" if relative else "13.6%"},
        deadline=f"{2020 + years}-12-31",
    )
    start = (dt.date(2020, 12, 31), base)
    deadline = goal.deadline_day
    level = grown(goal, base, growth, float(years))
    back = growth_transform(Wording(goal), start)(level, deadline)
    assert back == pytest.approx(growth, rel=1e-6, abs=1e-9)
    # The level the band asks at the deadline is the band's growth.
    low, _ = level_band(goal, start, deadline)
    back_low = growth_transform(Wording(goal), start)(low, deadline)
    assert back_low == pytest.approx(goal.band()[0], rel=1e-6)


def test_a_relative_growth_from_nothing_is_insufficient_data() -> None:
    goal = _hectares(
        kind="growth",
        basis="stock",
        growth_unit="relative",
        value="5%",
        baseline={"on": "2020-12-31"},
    )
    with pytest.raises(InsufficientDataError, match="not positive"):
        growth_transform(Wording(goal), (dt.date(2020, 12, 31), 0.0))


# -- path -----------------------------------------------------------------------------------


@given(levels, positive, st.integers(1, 10))
def test_the_path_runs_from_its_start_to_the_edge(
    start_value: float, rise: float, years: int
) -> None:
    goal = _hectares(baseline={"on": "2020-12-31", "value": "1 ha"}, deadline=f"{2020 + years}")
    deadline = goal.deadline_day
    start = (dt.date(2020, 12, 31), start_value)
    band = (start_value + rise, math.inf)
    for day, expected in ((start[0], start_value), (deadline, start_value + rise)):
        draft = Draft()
        expected_path(
            Wording(goal),
            draft,
            start=start,
            band=band,
            deadline=deadline,
            final=False,
            day=day,
            level=start_value,
            growth=False,
        )
        amount = draft.details["expected"]
        assert amount is not None
        assert float(amount.value) == pytest.approx(expected, rel=1e-9, abs=1e-6)


@given(levels, positive, st.integers(1, 10))
def test_what_is_required_a_year_closes_the_gap_by_the_deadline(
    level: float, short: float, years: int
) -> None:
    goal = _hectares(deadline=f"{2020 + years}")
    deadline = goal.deadline_day
    draft = Draft()
    day = dt.date(2020, 12, 31)
    required(
        Wording(goal),
        draft,
        deadline=deadline,
        day=day,
        level=level,
        band=(level + short, math.inf),
    )
    per_year = draft.details["required_change_per_year"]
    assert per_year is not None
    assert level + float(per_year.value) * years == pytest.approx(level + short, rel=1e-9)


def test_a_flow_without_a_baseline_starts_from_zero_the_day_before_its_period() -> None:
    flow = _hectares(kind="flow", period="2025")
    assert path_start(flow, None) == (dt.date(2024, 12, 31), 0.0)
    assert path_start(_hectares(), None) is None
    baseline = (dt.date(2021, 6, 30), 4.0)
    assert path_start(flow, baseline) == baseline


# -- series and words ----------------------------------------------------------------------


@given(days, days)
def test_the_year_ends_are_the_31_decembers_strictly_between(
    after: dt.date, before: dt.date
) -> None:
    ends = year_ends(after, before)
    assert ends == sorted(ends)
    assert all(after < end < before and (end.month, end.day) == (12, 31) for end in ends)
    expected = sum(after < dt.date(y, 12, 31) < before for y in range(1999, 2042))
    assert len(ends) == expected


@given(st.floats(-1e15, 1e15, allow_nan=False))
def test_money_for_a_result_is_to_the_cent_and_whole_amounts_exact(value: float) -> None:
    money = decimal(value)
    if value.is_integer():
        assert money == Decimal(int(value))
    else:
        assert float(money) == pytest.approx(value, rel=1e-8, abs=0.005)


@given(levels)
def test_a_change_a_year_is_written_with_its_sign(value: float) -> None:
    text = Wording(_hectares()).change_text(value)
    assert text[0] in "+-"
    assert text.endswith(" ha")
    assert (text[0] == "-") == (value < 0)
