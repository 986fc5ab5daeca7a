"""Periods and deadlines: bounds, calendar arithmetic, parsing and refusing vague dates."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import unicodedata
from collections.abc import Callable

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, example, given
from hypothesis import strategies as st

from industrial_policy.errors import IndustrialPolicyError, InvalidValueError
from industrial_policy.periods import (
    MAX_DATE,
    MIN_DATE,
    Period,
    deadline_date,
    parse_date,
    parse_deadline,
    parse_period,
)
from industrial_policy.testing._periods import dates, deadlines, periods

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# Small bounds for the date-by-date oracles: two years, every kind of period still fits.
SMALL_MIN, SMALL_MAX = D(2020, 1, 1), D(2021, 12, 31)
small_periods = periods(SMALL_MIN, SMALL_MAX)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def day_set(period: Period) -> set[dt.date]:
    """The oracle: every day of a period, counted one by one with timedelta."""
    days, day = set(), period.start
    while day <= period.end:
        days.add(day)
        day += ONE_DAY
    return days


# -- Period: construction and canonical labels ----------------------------------------------------


@pytest.mark.parametrize(
    ("period", "label", "start", "end"),
    [
        (Period.year(2025), "2025", D(2025, 1, 1), D(2025, 12, 31)),
        # Hai Duong: framework of infrastructure criteria due in Q4 2021.
        (Period.quarter(2021, 4), "Q4 2021", D(2021, 10, 1), D(2021, 12, 31)),
        (Period.quarter(2024, 1), "Q1 2024", D(2024, 1, 1), D(2024, 3, 31)),
        (Period.month(2021, 9), "2021-09", D(2021, 9, 1), D(2021, 9, 30)),
        (Period.month(2024, 2), "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        (Period.month(2023, 2), "2023-02", D(2023, 2, 1), D(2023, 2, 28)),
        # Hanoi: 2 to 5 new parks in the plan period 2021–2025.
        (Period.years(2021, 2025), "2021–2025", D(2021, 1, 1), D(2025, 12, 31)),
        (Period.years(2025, 2025), "2025", D(2025, 1, 1), D(2025, 12, 31)),
        (
            Period.between(D(2021, 9, 1), D(2023, 8, 31)),
            "2021-09-01/2023-08-31",
            D(2021, 9, 1),
            D(2023, 8, 31),
        ),
        (
            Period.between("2021-09-01", "2021-09-01"),
            "2021-09-01/2021-09-01",
            D(2021, 9, 1),
            D(2021, 9, 1),
        ),
        # Two months, or a quarter-length span not on quarter boundaries, have no short name.
        (
            Period(D(2021, 9, 1), D(2021, 10, 31)),
            "2021-09-01/2021-10-31",
            D(2021, 9, 1),
            D(2021, 10, 31),
        ),
        (
            Period(D(2021, 2, 1), D(2021, 4, 30)),
            "2021-02-01/2021-04-30",
            D(2021, 2, 1),
            D(2021, 4, 30),
        ),
        (
            Period(D(2021, 1, 1), D(2021, 12, 30)),
            "2021-01-01/2021-12-30",
            D(2021, 1, 1),
            D(2021, 12, 30),
        ),
    ],
)
def test_constructors_and_canonical_labels(
    period: Period, label: str, start: dt.date, end: dt.date
) -> None:
    assert (period.start, period.end, period.label, str(period)) == (start, end, label, label)
    assert period.canonical_label == label


def test_label_takes_no_part_in_equality_ordering_or_hashing() -> None:
    plan = Period(D(2021, 1, 1), D(2025, 12, 31), label="Hai Duong HSI plan")
    assert plan == Period.years(2021, 2025)
    assert hash(plan) == hash(Period.years(2021, 2025))
    assert not plan < Period.years(2021, 2025)
    assert str(plan) == "Hai Duong HSI plan"
    assert plan.canonical_label == "2021–2025"
    assert parse_period(plan) is plan


@given(st.lists(small_periods, max_size=6))
def test_ordering_is_by_start_then_end(items: list[Period]) -> None:
    assert [(p.start, p.end) for p in sorted(items)] == sorted((p.start, p.end) for p in items)


@pytest.mark.parametrize(
    ("make", "field", "message"),
    [
        (lambda: Period(D(2021, 1, 2), D(2021, 1, 1)), "end", "must not be before the start"),
        (lambda: Period(dt.datetime(2021, 1, 1), D(2021, 1, 2)), "start", "not a date and time"),
        (lambda: Period("2021-01-01", D(2021, 1, 2)), "start", "must be a date"),
        (lambda: Period(D(1899, 12, 31), D(2021, 1, 2)), "start", "1900 to 2200"),
        (lambda: Period(D(2021, 1, 1), D(2201, 1, 1)), "end", "1900 to 2200"),
        (lambda: Period(D(2021, 1, 1), D.max), "end", "1900 to 2200"),
        (lambda: Period(D.min, D(2021, 1, 1)), "start", "1900 to 2200"),
        (lambda: Period(D(2021, 1, 1), D(2021, 1, 1), label=" "), "label", "non-empty"),
        (lambda: Period.year(2201), "year", "between 1900 and 2200"),
        (lambda: Period.year(True), "year", "must be an integer"),
        (lambda: Period.year("2025"), "year", "must be an integer"),
        (lambda: Period.quarter(2021, 5), "quarter", "1 to 4"),
        (lambda: Period.quarter(2021, 0), "quarter", "1 to 4"),
        (lambda: Period.month(2021, 13), "month", "1 to 12"),
        (lambda: Period.years(2025, 2021), "last", "must not come before the first year 2025"),
        (lambda: Period.between("2021-02-30", "2021-03-01"), "start", "February 2021 has 28 days"),
        (lambda: Period.between("2021-03-01", "2021-02-28"), "end", "must not be before"),
    ],
)
def test_bad_bounds_raise_the_library_error_naming_the_field(
    make: Callable[[], object], field: str, message: str
) -> None:
    with pytest.raises(InvalidValueError, match=message) as info:
        make()
    assert info.value.field == field
    assert info.value.record_type == "Period"
    assert str(info.value).startswith(f"Period.{field}: ")


# -- "for two years from a date": the Hai Duong fee cut -------------------------------------------


def test_fee_cut_for_two_years_starting_on_a_date() -> None:
    # Hai Duong: fees cut 50% for two years for users of level 3 and 4 online services.
    cut = Period.starting(D(2021, 9, 1), relativedelta(years=2))
    assert cut == Period.between("2021-09-01", "2023-08-31")
    assert D(2021, 9, 1) in cut
    assert D(2023, 8, 31) in cut
    assert D(2021, 8, 31) not in cut
    assert D(2023, 9, 1) not in cut
    assert cut.duration == relativedelta(years=2)
    assert cut.days == 730
    assert cut.year_list == [2021, 2022, 2023]
    assert not cut.is_whole_years


def test_starting_on_29_february_follows_relativedelta() -> None:
    cut = Period.starting(D(2024, 2, 29), relativedelta(years=2))
    assert cut.end == D(2026, 2, 27)  # 2026-02-28 is start + 2 years: the first day outside
    assert Period.starting(D(2021, 1, 31), relativedelta(months=1)).end == D(2021, 2, 27)


@given(
    dates(D(1900, 1, 1), D(2190, 12, 31)),
    st.integers(1, 5),
)
@example(D(2021, 9, 1), 2)
@example(D(2020, 2, 29), 1)
def test_starting_n_years_holds_its_first_and_last_day_and_nothing_beyond(
    start: dt.date, years: int
) -> None:
    period = Period.starting(start, relativedelta(years=years))
    first_outside = start + relativedelta(years=years)
    assert start in period
    assert first_outside - ONE_DAY in period
    assert start - ONE_DAY not in period
    assert first_outside not in period
    assert period.end == first_outside - ONE_DAY


@given(dates(D(1900, 1, 1), D(2190, 12, 28)), st.integers(0, 5), st.integers(0, 11))
def test_duration_gives_back_the_length_it_was_made_with(
    start: dt.date, years: int, months: int
) -> None:
    # Only from days 1 to 28: later days are clipped in short months, so the length changes.
    assume(start.day <= 28 and (years or months))
    length = relativedelta(years=years, months=months)
    assert Period.starting(start, length).duration == length


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        (relativedelta(), "must be positive"),
        (relativedelta(years=-1), "must be positive"),
        (relativedelta(years=1, days=-400), "must be positive"),
        (relativedelta(day=31), "not absolute fields"),
        (relativedelta(year=2025), "not absolute fields"),
        (relativedelta(hours=12), "whole years, months, weeks or days"),
        (relativedelta(years=500), "outside the years 1900 to 2200"),
        (relativedelta(years=9000), "outside the years 1900 to 2200"),
        (dt.timedelta(days=3), "relativedelta"),
    ],
)
def test_starting_refuses_lengths_that_are_not_positive_lengths(
    duration: relativedelta, message: str
) -> None:
    with pytest.raises(InvalidValueError, match=message):
        Period.starting(D(2021, 9, 1), duration)


# -- containment, overlap, intersection against a day-by-day oracle --------------------------------


@given(small_periods, dates(SMALL_MIN - ONE_DAY, SMALL_MAX + ONE_DAY))
def test_date_containment_agrees_with_the_oracle(period: Period, day: dt.date) -> None:
    assert (day in period) == (day in day_set(period))


@given(small_periods, small_periods)
def test_overlap_and_period_containment_agree_with_the_oracle(a: Period, b: Period) -> None:
    days_a, days_b = day_set(a), day_set(b)
    assert a.overlaps(b) == bool(days_a & days_b)
    assert (b in a) == (days_b <= days_a)


@given(small_periods, small_periods)
def test_intersection_is_commutative_and_inside_both(a: Period, b: Period) -> None:
    both = a.intersection(b)
    assert both == b.intersection(a)
    if both is None:
        assert not day_set(a) & day_set(b)
    else:
        assert both in a
        assert both in b
        assert day_set(both) == day_set(a) & day_set(b)
        assert both.label == both.canonical_label


def test_containment_refuses_what_is_not_a_day() -> None:
    with pytest.raises(InvalidValueError, match="only a date or a Period"):
        _ = dt.datetime(2025, 1, 1, 12) in Period.year(2025)
    with pytest.raises(InvalidValueError):
        _ = "2025-01-01" in Period.year(2025)
    with pytest.raises(InvalidValueError, match="must be a Period"):
        Period.year(2025).overlaps(D(2025, 1, 1))  # type: ignore[arg-type]


# -- lengths -------------------------------------------------------------------------------------


@given(periods())
def test_days_counts_both_ends_and_years_fraction_uses_the_mean_year(period: Period) -> None:
    assert period.days == (period.end - period.start).days + 1
    assert period.years_fraction == period.days / 365.2425
    assert period.year_list == list(range(period.start.year, period.end.year + 1))


def test_lengths_of_named_periods() -> None:
    assert Period(D(2021, 9, 1), D(2021, 9, 1)).days == 1
    assert Period.year(2024).days == 366
    assert Period.years(2021, 2025).days == 1826
    assert Period.years(2021, 2025).duration == relativedelta(years=5)
    assert Period.quarter(2021, 4).duration == relativedelta(months=3)
    assert round(Period.year(2023).years_fraction, 5) == 0.99934


@given(periods())
def test_whole_years_means_whole_calendar_years(period: Period) -> None:
    expected = period == Period.years(period.start.year, period.end.year)
    assert period.is_whole_years == expected


# -- iteration -----------------------------------------------------------------------------------


def assert_tiles(period: Period, parts: list[Period]) -> None:
    """The parts cover the period exactly: in order, no gaps, no overlaps."""
    assert parts
    assert parts[0].start == period.start
    assert parts[-1].end == period.end
    for before, after in itertools.pairwise(parts):
        assert after.start == before.end + ONE_DAY
    assert sum(part.days for part in parts) == period.days


@given(periods(D(2015, 1, 1), D(2030, 12, 31)))
@example(Period.between("2021-09-15", "2021-09-20"))
@example(Period.between("2024-01-31", "2024-03-01"))
def test_iter_months_tiles_the_period_with_calendar_months(period: Period) -> None:
    months = list(period.iter_months())
    assert_tiles(period, months)
    for month in months:
        whole = Period.month(month.start.year, month.start.month)
        assert month in whole
        assert month == whole.intersection(period)


@given(periods(D(1990, 1, 1), D(2060, 12, 31)))
def test_iter_years_tiles_the_period_with_calendar_years(period: Period) -> None:
    years = list(period.iter_years())
    assert_tiles(period, years)
    assert [y.start.year for y in years] == period.year_list
    for year in years:
        assert year == Period.year(year.start.year).intersection(period)


@given(small_periods)
def test_iter_days_gives_each_day_once(period: Period) -> None:
    days = list(period.iter_days())
    assert_tiles(period, days)
    assert {d.start for d in days} == day_set(period)


def test_iteration_examples() -> None:
    plan = Period.between("2021-09-01", "2023-08-31")
    assert [str(y) for y in plan.iter_years()] == [
        "2021-09-01/2021-12-31",
        "2022",
        "2023-01-01/2023-08-31",
    ]
    assert [str(m) for m in Period.quarter(2021, 4).iter_months()] == [
        "2021-10",
        "2021-11",
        "2021-12",
    ]


# -- shift ---------------------------------------------------------------------------------------


@given(st.integers(1900, 2200), st.integers(1, 12), st.integers(-60, 60))
def test_shifting_a_month_by_months_gives_a_whole_month(year: int, month: int, by: int) -> None:
    start = Period.month(year, month)
    target = D(year, month, 1) + relativedelta(months=by)
    if not MIN_DATE <= target <= MAX_DATE:
        with pytest.raises(InvalidValueError):
            start.shift(relativedelta(months=by))
        return
    assert start.shift(relativedelta(months=by)) == Period.month(target.year, target.month)


@given(periods(D(1950, 1, 1), D(2150, 12, 31)), st.integers(-3000, 3000))
def test_shifting_by_days_moves_both_ends_and_can_be_undone(period: Period, days: int) -> None:
    moved = period.shift(relativedelta(days=days))
    assert moved.days == period.days
    assert moved.start - period.start == dt.timedelta(days=days)
    assert moved.shift(relativedelta(days=-days)) == period
    assert moved.label == moved.canonical_label


def test_shift_examples_and_refusals() -> None:
    assert Period.years(2021, 2025).shift(relativedelta(years=5)) == Period.years(2026, 2030)
    assert str(Period.quarter(2021, 4).shift(relativedelta(months=3))) == "Q1 2022"
    with pytest.raises(InvalidValueError, match="leaves no days"):
        Period(D(2021, 1, 30), D(2021, 1, 30)).shift(relativedelta(months=1))
    with pytest.raises(InvalidValueError, match="1900 to 2200"):
        Period.year(2200).shift(relativedelta(years=1))
    with pytest.raises(InvalidValueError, match="not absolute fields"):
        Period.year(2021).shift(relativedelta(month=3))


# -- deadlines -----------------------------------------------------------------------------------


def test_deadline_date() -> None:
    assert deadline_date(Period.quarter(2021, 4)) == D(2021, 12, 31)
    assert deadline_date(D(2021, 9, 1)) == D(2021, 9, 1)
    with pytest.raises(InvalidValueError, match="not a date and time"):
        deadline_date(dt.datetime(2021, 9, 1))
    with pytest.raises(InvalidValueError):
        deadline_date("2021-09-01")  # type: ignore[arg-type]


@given(deadlines())
def test_deadline_date_is_a_day_of_the_deadline(deadline: dt.date | Period) -> None:
    day = deadline_date(deadline)
    if isinstance(deadline, Period):
        assert day == deadline.end
        assert day + ONE_DAY not in deadline
    else:
        assert day == deadline


# -- parsing: examples ---------------------------------------------------------------------------

Q4_2021 = Period.quarter(2021, 4)
SEP_2021 = Period.month(2021, 9)
PLAN = Period.years(2021, 2025)
TWO_YEARS = Period.between("2021-09-01", "2023-08-31")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025", Period.year(2025)),
        (2025, Period.year(2025)),
        (" 2025\n", Period.year(2025)),
        ("năm 2025", Period.year(2025)),
        ("Q4 2021", Q4_2021),
        ("q4 2021", Q4_2021),
        ("Q4  2021", Q4_2021),
        ("2021-Q4", Q4_2021),
        ("2021Q4", Q4_2021),
        ("2021 q4", Q4_2021),
        ("quý 4/2021", Q4_2021),
        ("Quý IV/2021", Q4_2021),
        ("QUÝ 4 NĂM 2021", Q4_2021),
        (unicodedata.normalize("NFD", "quý 4/2021"), Q4_2021),
        ("2021-09", SEP_2021),
        ("09/2021", SEP_2021),
        ("9/2021", SEP_2021),
        ("tháng 9/2021", SEP_2021),
        ("Tháng 9 năm 2021", SEP_2021),
        ("September 2021", SEP_2021),
        ("Sept. 2021", SEP_2021),
        ("2021–2025", PLAN),
        ("2021-2025", PLAN),
        ("2021 - 2025", PLAN),
        ("2021 — 2025", PLAN),
        ("2021\u00a0–\u00a02025", PLAN),
        ("the 2021 – 2025 period", PLAN),
        ("giai đoạn 2021-2025", PLAN),
        ("2021-09-01/2023-08-31", TWO_YEARS),
        ("2021-09-01..2023-08-31", TWO_YEARS),
        ("2021-09-01 – 2023-08-31", TWO_YEARS),
        ("2021-09-01", Period.between("2021-09-01", "2021-09-01")),
        (D(2021, 9, 1), Period.between("2021-09-01", "2021-09-01")),
        (Q4_2021, Q4_2021),
    ],
)
def test_parse_period_examples(text: str | int | dt.date | Period, expected: Period) -> None:
    parsed = parse_period(text)
    assert parsed == expected
    assert parsed.label == expected.label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-12-31", D(2021, 12, 31)),
        (D(2021, 12, 31), D(2021, 12, 31)),
        # Hai Duong: level-4 procedures to equal the national average by end of 2021.
        ("by end of 2021", D(2021, 12, 31)),
        ("by the end of 2021", D(2021, 12, 31)),
        ("end of 2021", D(2021, 12, 31)),
        ("By End 2021", D(2021, 12, 31)),
        ("end-2021", D(2021, 12, 31)),
        ("cuối năm 2021", D(2021, 12, 31)),
        ("đến hết năm 2021", D(2021, 12, 31)),
        ("end of Q4 2021", D(2021, 12, 31)),
        ("cuối tháng 9/2021", D(2021, 9, 30)),
        ("by 2021-12-31", D(2021, 12, 31)),
        # "by 2025": some day in 2025 at the latest, kept as the year.
        ("by 2025", Period.year(2025)),
        ("đến năm 2030", Period.year(2030)),
        ("by Q4 2021", Q4_2021),
        ("Q4 2021", Q4_2021),
        ("2021–2025", PLAN),
        (2025, Period.year(2025)),
        (Q4_2021, Q4_2021),
    ],
)
def test_parse_deadline_examples(
    text: str | int | dt.date | Period, expected: dt.date | Period
) -> None:
    parsed = parse_deadline(text)
    assert type(parsed) is type(expected)
    assert parsed == expected


def test_framework_due_in_q4_2021_has_its_deadline_on_the_last_day() -> None:
    assert deadline_date(parse_deadline("Q4 2021")) == D(2021, 12, 31)
    assert deadline_date(parse_deadline("by 2025")) == D(2025, 12, 31)


# -- parsing: refusals ---------------------------------------------------------------------------


def test_early_september_2021_is_refused_with_what_to_write_instead() -> None:
    # Hai Duong: the Investment Promotion Board is to be set up "in early September 2021".
    with pytest.raises(InvalidValueError) as info:
        parse_deadline("early September 2021", field="deadline", record_type="Target")
    error = info.value
    assert isinstance(error, IndustrialPolicyError)
    assert error.value == "early September 2021"
    assert error.field == "deadline"
    assert "'early' does not name a day" in error.reason
    assert "'2021-09'" in error.reason
    assert "2021-09-30" in error.reason
    assert str(error).startswith("Target.deadline: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("early September 2021", "'early' does not name a day"),
        ("mid-2025", "'mid' does not name a day: write an exact date in 2025"),
        ("late 2024", "'end of 2024' for its last day \\(2024-12-31\\)"),
        ("đầu tháng 9/2021", "'đầu' does not name a day.*'2021-09'"),
        ("giữa năm 2025", "'giữa' does not name a day"),
        ("soon", "'soon' names no date"),
        ("as soon as possible", "names no date"),
        ("sớm", "names no date"),
        ("next year", "depends on when the text was written"),
        ("năm nay", "depends on when the text was written"),
        ("about 2025", "approximate"),
        ("~2025", "approximate"),
        ("H1 2025", "half-years are not supported.*'2025-01-01/2025-06-30'"),
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("2021-02-30", "day 30 does not exist: February 2021 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("2021-13-01", "month 13 does not exist"),
        ("2021-13", "month 13 does not exist"),
        ("2021-25", "write both years in full"),
        ("Q5 2021", "quarter 5 does not exist"),
        ("1899", "year 1899 is outside the years 1900 to 2200"),
        ("2201", "outside the years 1900 to 2200"),
        ("20025", "year 20025 is outside"),
        ("2025–2021", "the last year 2021 comes before the first year 2025"),
        ("2023-08-31/2021-09-01", "comes before the start"),
        ("31/12/2021", "YYYY-MM-DD"),
        ("ngày 31/12/2021", "YYYY-MM-DD"),
        ("Febtember 2021", "not a deadline"),
        ("9" * 5000, "not a deadline"),
    ],
)
def test_parse_deadline_refusals(text: str, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message) as info:
        parse_deadline(text)
    assert info.value.value == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("end of 2021", "this is a deadline \\(the day 2021-12-31\\), not a period"),
        ("by 2025", "this is a deadline, not a period: write '2025'"),
        ("early September 2021", "'early' does not name a day"),
        ("2021/2022", "not a period"),
        (2025.0, "must be text, a year number"),
        (True, "must be text, a year number"),
        (2300, "between 1900 and 2200"),
        (dt.datetime(2021, 1, 1), "not a date and time"),
    ],
)
def test_parse_period_refusals(text: object, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        parse_period(text)  # type: ignore[arg-type]


def test_errors_name_the_record_and_field() -> None:
    with pytest.raises(InvalidValueError) as info:
        parse_period("Q5 2021", field="period", record_type="Target", record_id="hd-hsi")
    assert str(info.value) == (
        "Target 'hd-hsi'.period: quarter 5 does not exist: a quarter is 1 to 4 (got 'Q5 2021')"
    )
    assert info.value.value == "Q5 2021"


# -- parsing: properties -------------------------------------------------------------------------


@given(periods())
@example(Period.quarter(2021, 4))
@example(Period.years(2021, 2025))
@example(Period.years(1900, 2200))
def test_label_round_trips_through_parse_period(period: Period) -> None:
    parsed = parse_period(period.label)
    assert parsed == period
    assert parsed.label == period.label
    assert parse_deadline(period.label) == period


def kind_spellings(period: Period) -> list[str]:
    """The spellings of a period policy texts use, by the kind of period it is."""
    y, m = period.start.year, period.start.month
    s, e = period.start.isoformat(), period.end.isoformat()
    if period == Period.year(y):
        return [str(y), f"năm {y}", f"{y}–{y}"]
    if period.label.startswith("Q"):
        q = (m - 1) // 3 + 1
        return [
            f"Q{q} {y}",
            f"Q{q}/{y}",
            f"{y}-Q{q}",
            f"{y}Q{q}",
            f"quý {q}/{y}",
            f"quý {ROMAN[q]}/{y}",
            f"quý {q} năm {y}",
        ]
    if period == Period.month(y, m):
        name = MONTH_NAMES[m - 1]
        return [
            f"{y}-{m:02d}",
            f"{y}-{m}",
            f"{m:02d}/{y}",
            f"{m}/{y}",
            f"tháng {m}/{y}",
            f"tháng {m} năm {y}",
            f"{name} {y}",
            f"{name[:3]} {y}",
        ]
    if period.is_whole_years:
        a, b = period.start.year, period.end.year
        return [f"{a}–{b}", f"{a}-{b}", f"{a} - {b}", f"{a} — {b}", f"giai đoạn {a}–{b}"]
    return [f"{s}/{e}", f"{s}..{e}", f"{s} – {e}", f"{s} / {e}"]


@st.composite
def spellings(draw: st.DrawFn, period: Period) -> str:
    text = draw(st.sampled_from(kind_spellings(period)))
    text = draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
    text = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)
    space = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\n"])
    return (
        draw(space) + text.replace(" ", draw(st.sampled_from([" ", "  ", "\u00a0"]))) + draw(space)
    )


@given(st.data(), periods())
def test_every_spelling_of_a_period_parses_to_it(data: st.DataObject, period: Period) -> None:
    text = data.draw(spellings(period))
    assert parse_period(text) == period
    assert parse_deadline(text) == period
    assert parse_deadline(f"by {text}") == period
    assert parse_deadline(f"end of {text}") == period.end
    assert parse_deadline(f"cuối {text}") == period.end


@given(dates())
def test_iso_dates_round_trip(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day) == day
    assert parse_deadline(day.isoformat()) == day
    assert parse_deadline(f"by the end of {day.isoformat()}") == day


VAGUE_WORDS = [
    "early", "Early", "mid", "mid-", "middle of", "late", "beginning of", "start of",
    "around", "about", "approximately", "circa", "c.", "~", "đầu", "giữa", "khoảng",
    "first half of", "second half of", "H1", "H2", "later than", "after",
]  # fmt: skip
NO_DATE = [
    "soon", "ASAP", "as soon as possible", "TBD", "to be determined", "next year", "this year",
    "last quarter", "sớm", "năm nay", "năm tới", "", " ", "\t\n",
]  # fmt: skip


@st.composite
def vague_texts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(NO_DATE))
    word = draw(st.sampled_from(VAGUE_WORDS))
    base = draw(spellings(draw(periods(D(2000, 1, 1), D(2050, 12, 31)))))
    text = draw(st.sampled_from([f"{word} {base}", f"{word}{base}", f"by {word} {base}"]))
    return draw(st.sampled_from([text, text.upper(), text.lower()]))


@given(vague_texts())
@example("early September 2021")
@example("mid-2025")
@example("late 2024")
@example("đầu tháng 9/2021")
@example("soon")
@example("")
def test_vague_phrases_are_refused_by_every_parser(text: str) -> None:
    for parse in (parse_period, parse_deadline, parse_date):
        with pytest.raises(InvalidValueError) as info:
            parse(text)
        assert info.value.value == text
        # The message says what to write instead.
        assert "write" in info.value.reason


@st.composite
def malformed_texts(draw: st.DrawFn) -> str:
    year = draw(st.integers(1900, 2200))
    bad_year = draw(st.one_of(st.integers(0, 1899), st.integers(2201, 99_999_999)))
    month = draw(st.integers(1, 12))
    last = (D(year, month, 1) + relativedelta(months=1, days=-1)).day
    bad_day = draw(st.one_of(st.just(0), st.integers(last + 1, 99)))
    bad_month = draw(st.one_of(st.just(0), st.integers(13, 99)))
    bad_quarter = draw(st.one_of(st.just(0), st.integers(5, 99)))
    later = draw(st.integers(year + 1, 2300))
    good = draw(periods())
    choices = [
        f"{year}-{month:02d}-{bad_day:02d}",  # no such day
        f"{year}-{bad_month:02d}-01",
        f"{year}-{bad_month:02d}",
        f"{bad_month}/{year}",
        f"tháng {bad_month}/{year}",
        f"Q{bad_quarter} {year}",
        f"{year}-Q{bad_quarter}",
        f"quý {bad_quarter}/{year}",
        f"{bad_year}",
        f"Q1 {bad_year}",
        f"{bad_year}-01",
        f"{bad_year}-01-01",
        f"{later}–{year}",  # reversed plan period
        f"{year + 1}-01-01/{year}-12-31",  # reversed days
        f"{month}/{draw(st.integers(1, 28))}/{year}",  # month-first or day-first: ambiguous
        f"{good.label} and more",
        f"{good.label}!",
        f"{good.label}{good.label}",
        f"Q{draw(st.integers(1, 4))}{year}",  # "Q42021": quarter and year run together
    ]
    return draw(st.sampled_from(choices))


@given(malformed_texts())
@example("2021-02-30")
@example("2021-02-29")
@example("Q0 2021")
def test_malformed_texts_raise_only_the_library_error(text: str) -> None:
    for parse in (parse_period, parse_deadline):
        with pytest.raises(InvalidValueError):
            parse(text)


@given(st.one_of(st.text(), st.text(alphabet="0123456789-/.QqTtháng quý:–").map(str.strip)))
@example("2021-W52-5")
@example("20211231")
@example("2021-12-31T00:00")
@example("\x00")
@example("١٢٠٢٥")  # Arabic-Indic digits are not years
def test_arbitrary_text_returns_or_raises_the_library_error(text: str) -> None:
    # Anything else, a bare ValueError from datetime included, fails the test.
    for parse in (parse_period, parse_deadline, parse_date):
        with contextlib.suppress(InvalidValueError):
            parse(text)


@pytest.mark.parametrize(
    "text",
    ["20211231", "2021/12/31", "2021-12-31T00:00", "2021-W52-5", "2021-1-1", "31/12/2021", "2021"],
)
def test_parse_date_is_strict_iso(text: str) -> None:
    with pytest.raises(InvalidValueError, match="YYYY-MM-DD"):
        parse_date(text, field="signed", record_type="Decree", record_id="35/2022/ND-CP")


def test_parse_date_refuses_datetimes_and_out_of_range_dates() -> None:
    with pytest.raises(InvalidValueError, match="not a date and time"):
        parse_date(dt.datetime(2022, 5, 28))
    with pytest.raises(InvalidValueError, match="1900 to 2200"):
        parse_date(D(1800, 1, 1))
    with pytest.raises(InvalidValueError, match="a date must be a date or ISO text"):
        parse_date(20220528)  # type: ignore[arg-type]
    # Decree 35/2022/ND-CP: signed 28 May 2022, in force 15 July 2022.
    assert parse_date(" 2022-07-15 ") == D(2022, 7, 15)


# -- the strategies themselves -------------------------------------------------------------------


@given(st.data(), dates(D(2000, 1, 1), D(2100, 12, 31)), dates(D(2000, 1, 1), D(2100, 12, 31)))
def test_strategies_stay_inside_their_bounds(data: st.DataObject, a: dt.date, b: dt.date) -> None:
    low, high = min(a, b), max(a, b)
    bounds = Period(low, high)
    assert data.draw(periods(low, high)) in bounds
    deadline = data.draw(deadlines(low, high))
    assert deadline_date(deadline) in bounds
    if isinstance(deadline, Period):
        assert deadline in bounds


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (D(2021, 1, 2), D(2021, 1, 1)),
        (D(1800, 1, 1), D(2021, 1, 1)),
        (D(2021, 1, 1), D(2300, 1, 1)),
        (dt.datetime(2021, 1, 1), D(2022, 1, 1)),
    ],
)
def test_strategies_refuse_bad_bounds(low: dt.date, high: dt.date) -> None:
    with pytest.raises(InvalidValueError):
        periods(low, high)
    with pytest.raises(InvalidValueError):
        deadlines(low, high)


def test_periods_is_attrs_frozen() -> None:
    period = Period.year(2025)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        period.start = D(2024, 1, 1)  # type: ignore[misc]
