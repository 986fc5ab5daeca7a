"""Dates and periods: messages and values that the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. An error is pinned
whole: its exact text, and the field, record type and value it carries.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dateutil.relativedelta import relativedelta

from errors_support import assert_refused
from industrial_policy.periods import Period, parse_date, parse_period

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
            lambda: Period.month(2024, 13),
            "Period.month: a month must be 1 to 12 (got 13)",
            "month",
            "Period",
            13,
            id="month-13",
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
