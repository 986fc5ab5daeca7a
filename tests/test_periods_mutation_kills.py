"""Dates and periods: messages and values that the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. An error is pinned
whole: its exact text, and the field, record type and value it carries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import islice

import pytest
from dateutil.relativedelta import relativedelta

from errors_support import assert_refused, refused
from industrial_policy.numbers import using_notation
from industrial_policy.periods import (
    Period,
    deadline_date,
    parse_date,
    parse_deadline,
    parse_period,
)

D = dt.date
RANGE = "the result falls outside the years 1900 to 2200"
DAY_FIRST = (
    "day/month/year and month/day/year are easy to confuse: write the date as YYYY-MM-DD,"
    " such as 2021-12-31 (or declare notation 'vi' to read 31/12/2021)"
)


@pytest.mark.parametrize(
    ("call", "message", "field", "record_type", "value"),
    [
        pytest.param(
            # Past date.max (9999): dateutil overflows, reported as the range error it is.
            lambda: Period.year(2024).shift(relativedelta(years=8000)),
            f"Period.delta: {RANGE} (got relativedelta(years=+8000))",
            "delta",
            "Period",
            relativedelta(years=8000),
            id="shift-past-date-max",
        ),
        pytest.param(
            lambda: Period.year(2024).shift(relativedelta(years=-300)),
            f"Period.delta: {RANGE} (got relativedelta(years=-300))",
            "delta",
            "Period",
            relativedelta(years=-300),
            id="shift-before-1900",
        ),
        pytest.param(
            lambda: parse_period("Q1 2300"),
            "year 2300 is outside the years 1900 to 2200 (got 'Q1 2300')",
            None,
            None,
            "Q1 2300",
            id="quarter-of-a-year-out-of-range",
        ),
        pytest.param(
            lambda: parse_date("31/12/2021"),
            f"{DAY_FIRST} (got '31/12/2021')",
            None,
            None,
            "31/12/2021",
            id="day-first-date",
        ),
        pytest.param(
            lambda: parse_period("31/12/2021"),
            f"{DAY_FIRST} (got '31/12/2021')",
            None,
            None,
            "31/12/2021",
            id="day-first-period",
        ),
        pytest.param(
            lambda: Period.year(2024).shift(relativedelta(hours=3)),
            "Period.delta: must be whole years, months, weeks or days"
            " (got relativedelta(hours=+3))",
            "delta",
            "Period",
            relativedelta(hours=3),
            id="shift-by-hours",
        ),
        pytest.param(
            # 30 January plus a month is 28 February, and so is 31 January plus a month.
            lambda: Period(D(2023, 1, 30), D(2023, 1, 30)).shift(relativedelta(months=1)),
            "Period.delta: shifting 2023-01-30/2023-01-30 by this much leaves no days in it"
            " (got relativedelta(months=+1))",
            "delta",
            "Period",
            relativedelta(months=1),
            id="shift-onto-nothing",
        ),
        pytest.param(
            lambda: parse_deadline(1.5),
            "a deadline must be text, a year number, a date or a Period (got 1.5)",
            None,
            None,
            1.5,
            id="deadline-of-a-float",
        ),
        pytest.param(
            lambda: Period.year(2024).overlaps(5),  # type: ignore[arg-type]
            "other: must be a Period (got 5)",
            "other",
            None,
            5,
            id="overlap-with-a-number",
        ),
        pytest.param(
            lambda: deadline_date("x"),  # type: ignore[arg-type]
            "deadline: must be a date (got 'x')",
            "deadline",
            None,
            "x",
            id="deadline-date-of-text",
        ),
        pytest.param(
            lambda: Period.between("2024-01-01", "x"),
            "Period.end: write the date as YYYY-MM-DD, such as 2021-12-31 (got 'x')",
            "end",
            "Period",
            "x",
            id="between-a-bad-end",
        ),
        pytest.param(
            lambda: parse_deadline("by around Q4 2025"),
            "'around' makes the date approximate: write an exact date in Q4 2025 (YYYY-MM-DD),"
            " 'end of Q4 2025' for its last day (2025-12-31), or 'Q4 2025' itself if any day"
            " in it will do (got 'by around Q4 2025')",
            None,
            None,
            "by around Q4 2025",
            id="vague-deadline-after-by",
        ),
        pytest.param(
            lambda: parse_deadline("around Q5 2025"),
            "'around' makes the date approximate: write an exact date (YYYY-MM-DD) or a period"
            " such as '2025' or 'Q4 2021' (got 'around Q5 2025')",
            None,
            None,
            "around Q5 2025",
            id="vague-deadline-of-no-period",
        ),
        pytest.param(
            lambda: Period.month(2024, 13),
            "Period.month: a month must be 1 to 12 (got 13)",
            "month",
            "Period",
            13,
            id="month-13",
        ),
        pytest.param(
            lambda: deadline_date(dt.datetime(2024, 1, 1)),
            "deadline: must be a date, not a date and time"
            " (got datetime.datetime(2024, 1, 1, 0, 0))",
            "deadline",
            None,
            dt.datetime(2024, 1, 1),
            id="deadline-with-a-time",
        ),
        pytest.param(
            lambda: Period.month(1800, 1),
            "Period.year: a year must be between 1900 and 2200 (got 1800)",
            "year",
            "Period",
            1800,
            id="month-of-a-year-out-of-range",
        ),
        pytest.param(
            lambda: Period.quarter(1800, 1),
            "Period.year: a year must be between 1900 and 2200 (got 1800)",
            "year",
            "Period",
            1800,
            id="quarter-of-a-year-out-of-range",
        ),
        pytest.param(
            lambda: parse_period("tháng 5/1800"),
            "year 1800 is outside the years 1900 to 2200 (got 'tháng 5/1800')",
            None,
            None,
            "tháng 5/1800",
            id="month-text-of-a-year-out-of-range",
        ),
        pytest.param(
            lambda: parse_period("1800"),
            "year 1800 is outside the years 1900 to 2200 (got '1800')",
            None,
            None,
            "1800",
            id="year-text-out-of-range",
        ),
        pytest.param(
            lambda: parse_date("hello", notation="vi", field="f"),
            "f: not a date in notation 'vi': write dd/mm/yyyy (31/12/2024),"
            " 'ngày 31 tháng 12 năm 2024' or YYYY-MM-DD (got 'hello')",
            "f",
            None,
            "hello",
            id="not-a-date-in-vi",
        ),
        pytest.param(
            lambda: parse_period(3.5, field="f"),  # type: ignore[arg-type]
            "f: a period must be text, a year number, a date or a Period (got 3.5)",
            "f",
            None,
            3.5,
            id="a-period-of-a-float",
        ),
        pytest.param(
            lambda: Period(D(2024, 2, 1), D(2024, 1, 1)),
            "Period.end: the end must not be before the start 2024-02-01 (both ends are"
            " included) (got datetime.date(2024, 1, 1))",
            "end",
            "Period",
            D(2024, 1, 1),
            id="end-before-start",
        ),
        pytest.param(
            lambda: Period(dt.datetime(2024, 1, 1), D(2024, 1, 2)),
            "Period.start: must be a date, not a date and time"
            " (got datetime.datetime(2024, 1, 1, 0, 0))",
            "start",
            "Period",
            dt.datetime(2024, 1, 1),
            id="start-with-a-time",
        ),
        pytest.param(
            lambda: parse_date("2023-02-30", field="f"),
            "f: day 30 does not exist: February 2023 has 28 days (got '2023-02-30')",
            "f",
            None,
            "2023-02-30",
            id="30-february",
        ),
        pytest.param(
            lambda: Period(D(2024, 1, 1), D(2024, 1, 2), label="  "),
            "Period.label: a label must be non-empty text (got '  ')",
            "label",
            "Period",
            "  ",
            id="blank-label",
        ),
        pytest.param(
            lambda: Period.year(2024).shift(relativedelta(leapdays=1)),
            "Period.delta: must be whole years, months, weeks or days"
            " (got relativedelta(leapdays=+1))",
            "delta",
            "Period",
            relativedelta(leapdays=1),
            id="shift-by-leap-days",
        ),
    ],
)
def test_period_errors_name_the_field_and_the_value(
    call: Callable[[], object],
    message: str,
    field: str | None,
    record_type: str | None,
    value: object,
) -> None:
    assert_refused(call, message, field, record_type, value)


def test_a_day_first_date_that_does_not_exist_names_the_text() -> None:
    with using_notation("vi"):
        error = refused(lambda: parse_date("31/02/2024"))
    assert str(error) == (
        "day 31 does not exist: February 2024 has 29 days (notation 'vi' reads the day first:"
        " dd/mm/yyyy) (got '31/02/2024')"
    )
    assert error.value == "31/02/2024"


def test_the_days_of_a_period_stop_at_its_end() -> None:
    days = list(islice(Period.month(2024, 2).iter_days(), 40))
    assert len(days) == 29
    assert (days[0].start, days[-1].end) == (D(2024, 2, 1), D(2024, 2, 29))


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (D(2024, 1, 1), D(2024, 1, 15), "2024-01-01/2024-01-15"),
        (D(2024, 1, 10), D(2024, 1, 31), "2024-01-10/2024-01-31"),
        (D(2024, 1, 1), D(2024, 12, 31), "2024"),
        (D(2024, 4, 1), D(2024, 6, 30), "Q2 2024"),
    ],
)
def test_only_whole_months_get_the_label_of_a_month_quarter_or_year(
    start: dt.date, end: dt.date, label: str
) -> None:
    assert Period(start, end).label == label


@pytest.mark.parametrize("text", ["tháng 1/2021", "01/2021", "2021-01", "January 2021"])
def test_january_is_a_month(text: str) -> None:
    assert parse_period(text) == Period.month(2021, 1)


def test_the_last_year_reaches_the_last_day() -> None:
    # 2200 is the last year a period may hold: it ends on 2200-12-31, the last day allowed.
    assert parse_period("2200") == Period.year(2200)
    assert Period.year(2200).end == D(2200, 12, 31)
    assert Period.between("2200-12-01", "2200-12-31").label == "2200-12"
    assert Period.year(2199).shift(relativedelta(years=1)) == Period.year(2200)


# -- seed 7373 (the reported sample: tests written after its run) -------------------------


def _refused_for(
    call: Callable[[], object],
    reason: str,
    field: str | None,
    record_type: str | None,
    value: object,
) -> None:
    error = refused(call)
    assert (error.reason, error.field, error.record_type, error.value) == (
        reason,
        field,
        record_type,
        value,
    )


@pytest.mark.parametrize(
    ("duration", "reason"),
    [
        (
            relativedelta(year=2020),
            "must be a length of time (years=, months=, days=), not absolute fields"
            " (year=, month=, day=, weekday=)",
        ),
        (relativedelta(months=-1), "a duration must be positive"),
    ],
)
def test_a_period_starting_on_a_day_refuses_a_duration_that_is_not_a_length(
    duration: relativedelta, reason: str
) -> None:
    _refused_for(
        lambda: Period.starting(dt.date(2021, 9, 1), duration),
        reason,
        "duration",
        "Period",
        duration,
    )


def test_only_a_date_or_a_period_can_be_in_a_period() -> None:
    _refused_for(
        lambda: "2021-03-01" in Period.year(2021),
        "only a date or a Period can be tested for being in a period",
        None,
        None,
        "2021-03-01",
    )


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("13/2021", ""),
        ("tháng 13/2021", ""),
        ("2021-13", "; for a span of years write both years in full, such as '2021–2025'"),
    ],
)
def test_a_month_that_does_not_exist_is_named_with_a_hint_only_after_a_year(
    text: str, hint: str
) -> None:
    _refused_for(
        lambda: parse_period(text),
        f"month 13 does not exist: a month is 1 to 12{hint}",
        None,
        None,
        text,
    )
