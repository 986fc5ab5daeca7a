"""Hypothesis strategies for dates, periods and deadlines.

Every value they generate lies between ``min_value`` and ``max_value``
(by default the whole range the library accepts, 1900 to 2200), and every
period carries its canonical label.

>>> from industrial_policy.testing._periods import periods
>>> from hypothesis import find
>>> find(periods(), lambda p: p.days > 400).days > 400
True
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import MAX_DATE, MIN_DATE, Deadline, Period

__all__ = ["dates", "deadlines", "periods"]

# Each kind of period a policy text names, so that years, quarters and month
# boundaries are hit far more often than uniformly drawn day pairs would.
_KINDS = ("year", "quarter", "month", "years", "between", "starting", "day")


def _bounds(min_value: dt.date, max_value: dt.date) -> Period:
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise InvalidValueError("must be a date", value=value, field=name)
        if not MIN_DATE <= value <= MAX_DATE:
            raise InvalidValueError(
                f"must be between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}",
                value=value,
                field=name,
            )
    if max_value < min_value:
        raise InvalidValueError(
            f"must not be before min_value {min_value.isoformat()}",
            value=max_value,
            field="max_value",
        )
    return Period(min_value, max_value)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Dates from ``min_value`` to ``max_value``, both included."""
    _bounds(min_value, max_value)
    return st.dates(min_value=min_value, max_value=max_value)


@st.composite
def _periods(draw: st.DrawFn, bounds: Period) -> Period:
    # Take a day inside the bounds, build a period of the drawn kind around it,
    # then clip to the bounds: the day is in both, so the clip is never empty.
    anchor = draw(dates(bounds.start, bounds.end))
    kind = draw(st.sampled_from(_KINDS))
    if kind == "year":
        period = Period.year(anchor.year)
    elif kind == "quarter":
        period = Period.quarter(anchor.year, (anchor.month - 1) // 3 + 1)
    elif kind == "month":
        period = Period.month(anchor.year, anchor.month)
    elif kind == "years":
        year = draw(dates(bounds.start, bounds.end)).year
        period = Period.years(min(anchor.year, year), max(anchor.year, year))
    elif kind == "between":
        day = draw(dates(bounds.start, bounds.end))
        period = Period(min(anchor, day), max(anchor, day))
    elif kind == "starting":
        duration = relativedelta(
            years=draw(st.integers(0, 5)),
            months=draw(st.integers(0, 11)),
            days=draw(st.integers(0, 31)),
        )
        last = anchor + duration  # the first day outside, or the anchor for a zero duration
        period = Period(anchor, max(anchor, min(last - relativedelta(days=1), bounds.end)))
    else:
        period = Period(anchor, anchor)
    clipped = period.intersection(bounds)
    assert clipped is not None  # the anchor is in both
    return clipped


def periods(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[Period]:
    """Periods inside ``min_value`` to ``max_value``, with canonical labels.

    Calendar years, quarters, months, spans of years, "n years from a day"
    and arbitrary day ranges, clipped to the bounds where they cross them.
    """
    return _periods(_bounds(min_value, max_value))


def deadlines(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[Deadline]:
    """Deadlines: dates or periods, inside ``min_value`` to ``max_value``."""
    _bounds(min_value, max_value)
    return st.one_of(dates(min_value, max_value), periods(min_value, max_value))
