"""Periods, deadlines and the dates policy texts write them with.

A policy figure is tied to time in two ways: a *flow* is counted over a
period ("USD 500 million attracted in 2024", "2 to 5 new parks in
2021–2025") and a target has a *deadline* ("by end of 2021", "framework due
in Q4 2021"). A :class:`Period` is a span of whole days with both ends
included; a deadline is a date or a period, and a period's deadline is its
last day.

>>> from industrial_policy.periods import Period, parse_deadline, parse_period
>>> parse_period("Q4 2021")
Period(start=datetime.date(2021, 10, 1), end=datetime.date(2021, 12, 31), label='Q4 2021')
>>> str(parse_period("quý 4/2021"))
'Q4 2021'
>>> parse_deadline("by end of 2021")
datetime.date(2021, 12, 31)

Vague phrases name no day, so they are refused with a hint rather than
guessed at:

>>> parse_deadline("early September 2021")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
industrial_policy.errors.InvalidValueError: 'early' does not name a day: write an exact date ...

Dates are limited to the years 1900 to 2200: outside them a year is almost
certainly a typo ("20025"), and the limit keeps every label parseable.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, TypeAlias, TypeVar

import attrs
from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, YEARLY, rrule

from industrial_policy.errors import InvalidValueError
from industrial_policy.numbers import Notation, as_notation, declared_notation

__all__ = [
    "MAX_DATE",
    "MAX_YEAR",
    "MIN_DATE",
    "MIN_YEAR",
    "Deadline",
    "Period",
    "deadline_date",
    "parse_date",
    "parse_deadline",
    "parse_period",
]

MIN_YEAR = 1900
MAX_YEAR = 2200
MIN_DATE = dt.date(MIN_YEAR, 1, 1)
MAX_DATE = dt.date(MAX_YEAR, 12, 31)

#: Days in the mean Gregorian year (146,097 days every 400 years).
_MEAN_YEAR_DAYS = 365.2425
_ONE_DAY = relativedelta(days=1)
_QUARTER_MONTHS = (1, 4, 7, 10)
_EN_DASH = "\N{EN DASH}"
_T = TypeVar("_T")

_PERIOD_FORMS = (
    "a year '2025', a quarter 'Q4 2021', a month '2021-09', years '2021–2025' "
    "or dates '2021-09-01/2023-08-31'"
)
_DEADLINE_FORMS = (
    "a date '2021-12-31', 'end of 2021', 'by 2025', 'by Q4 2021' or a period "
    "('2025', 'Q4 2021', '2021-09', '2021–2025')"
)


# -- checks shared by the constructors and the parsers -------------------------------------------


def _check_year(year: object, *, field: str | None) -> int:
    # bool is an int subclass, and True is never a year anyone meant.
    if not isinstance(year, int) or isinstance(year, bool):
        raise InvalidValueError("a year must be an integer", value=year, field=field)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidValueError(
            f"a year must be between {MIN_YEAR} and {MAX_YEAR}", value=year, field=field
        )
    return year


def _check_int(value: object, low: int, high: int, *, what: str, field: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValueError(f"a {what} must be an integer", value=value, field=field)
    if not low <= value <= high:
        raise InvalidValueError(f"a {what} must be {low} to {high}", value=value, field=field)
    return value


def _last_day_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1) + relativedelta(months=1, days=-1)


def _check_day(value: object, *, field: str | None = None) -> dt.date:
    # datetime is a date subclass; silently dropping the time would hide a bug upstream.
    if isinstance(value, dt.datetime):
        raise InvalidValueError("must be a date, not a date and time", value=value, field=field)
    if not isinstance(value, dt.date):
        raise InvalidValueError("must be a date", value=value, field=field)
    if not MIN_DATE <= value <= MAX_DATE:
        raise InvalidValueError(
            f"a date must be in the years {MIN_YEAR} to {MAX_YEAR}", value=value, field=field
        )
    return value


def _check_relativedelta(value: object, *, field: str) -> relativedelta:
    if not isinstance(value, relativedelta):
        raise InvalidValueError(
            "must be a dateutil relativedelta, such as relativedelta(years=2)",
            value=value,
            field=field,
        )
    absolute = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
    if any(getattr(value, name) is not None for name in absolute):
        # relativedelta(day=31) means "the 31st", not "31 days": it is a position, not a length.
        raise InvalidValueError(
            "must be a length of time (years=, months=, days=), not absolute fields "
            "(year=, month=, day=, weekday=)",
            value=value,
            field=field,
        )
    if value.hours or value.minutes or value.seconds or value.microseconds or value.leapdays:
        raise InvalidValueError(
            "must be whole years, months, weeks or days", value=value, field=field
        )
    return value


def _out_of_range(delta: relativedelta, field: str) -> InvalidValueError:
    return InvalidValueError(
        f"the result falls outside the years {MIN_YEAR} to {MAX_YEAR}",
        value=delta,
        field=field,
        record_type="Period",
    )


def _plus(day: dt.date, delta: relativedelta, *, field: str) -> dt.date:
    try:
        return day + delta
    except (OverflowError, ValueError):
        # dateutil raises these past date.max; report them as the range error they are.
        raise _out_of_range(delta, field) from None


def _span(start: dt.date, first_outside: dt.date, delta: relativedelta, *, field: str) -> Period:
    # Only the days kept must be in range: the first day outside may be 2201-01-01.
    end = first_outside - _ONE_DAY
    if not (MIN_DATE <= start <= MAX_DATE and MIN_DATE <= end <= MAX_DATE):
        raise _out_of_range(delta, field)
    return Period(start, end)


# -- Period ---------------------------------------------------------------------------------------


def _canonical_label(start: dt.date, end: dt.date) -> str:
    first_outside = end + _ONE_DAY
    if start.day == 1 and first_outside.day == 1:
        span = relativedelta(first_outside, start)
        months = span.years * 12 + span.months
        if start.month == 1 and first_outside.month == 1:
            return str(start.year) if months == 12 else f"{start.year}{_EN_DASH}{end.year}"
        if months == 1:
            return f"{start.year:04d}-{start.month:02d}"
        if months == 3 and start.month in _QUARTER_MONTHS:
            return f"Q{_QUARTER_MONTHS.index(start.month) + 1} {start.year}"
    return f"{start.isoformat()}/{end.isoformat()}"


def _default_label(period: Period) -> str:
    # attrs computes defaults before it runs validators, so this must survive
    # bad bounds; the validators reject them right after.
    bounds = (period.start, period.end)
    if all(_is_day_in_range(bound) for bound in bounds):
        return _canonical_label(*bounds)
    return ""


def _is_day_in_range(value: object) -> bool:
    return (
        isinstance(value, dt.date)
        and not isinstance(value, dt.datetime)
        and MIN_DATE <= value <= MAX_DATE
    )


def _valid_bound(instance: Period, attribute: attrs.Attribute[Any], value: object) -> None:
    try:
        _check_day(value)
    except InvalidValueError as exc:
        raise exc.located(record_type="Period", field=attribute.name) from None


def _valid_end(instance: Period, attribute: attrs.Attribute[Any], value: dt.date) -> None:
    if isinstance(instance.start, dt.date) and value < instance.start:
        raise InvalidValueError(
            f"the end must not be before the start {instance.start.isoformat()} "
            "(both ends are included)",
            value=value,
            field="end",
            record_type="Period",
        )


def _valid_label(instance: Period, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(
            "a label must be non-empty text", value=value, field="label", record_type="Period"
        )


def _clip_to(period: Period, starts: Iterator[dt.date], step: relativedelta) -> Iterator[Period]:
    for first in starts:
        yield Period(max(first, period.start), min(first + step - _ONE_DAY, period.end))


def _days_of(rule: rrule) -> Iterator[dt.date]:
    # rrule works in datetimes, even when given dates.
    for moment in rule:
        yield moment.date()


@attrs.frozen(order=True)
class Period:
    """A span of whole days, ``start`` to ``end``, **both included**.

    ``label`` is how the period is shown; it defaults to the canonical label
    of the bounds and takes no part in equality, ordering or hashing.
    Periods order by ``(start, end)``.

    >>> import datetime as dt
    >>> p = Period(dt.date(2021, 10, 1), dt.date(2021, 12, 31))
    >>> p.label, p == Period.quarter(2021, 4)
    ('Q4 2021', True)
    >>> dt.date(2021, 12, 31) in p, dt.date(2022, 1, 1) in p
    (True, False)
    >>> Period.years(2021, 2025).days
    1826
    """

    start: dt.date = attrs.field(validator=_valid_bound)
    end: dt.date = attrs.field(validator=[_valid_bound, _valid_end])
    label: str = attrs.field(
        default=attrs.Factory(_default_label, takes_self=True),
        eq=False,
        order=False,
        validator=_valid_label,
    )

    # -- constructors ----------------------------------------------------------------------------

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``.

        >>> str(Period.year(2025)), Period.year(2025).end
        ('2025', datetime.date(2025, 12, 31))
        """
        y = _located(_check_year, year, field="year")
        return cls(dt.date(y, 1, 1), dt.date(y, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter ``quarter`` (1 to 4) of ``year``.

        >>> Period.quarter(2021, 4).start
        datetime.date(2021, 10, 1)
        """
        y = _located(_check_year, year, field="year")
        q = _located(_check_int, quarter, 1, 4, what="quarter", field="quarter")
        first = dt.date(y, _QUARTER_MONTHS[q - 1], 1)
        return cls(first, first + relativedelta(months=3) - _ONE_DAY)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Month ``month`` (1 to 12) of ``year``.

        >>> Period.month(2024, 2).end
        datetime.date(2024, 2, 29)
        """
        y = _located(_check_year, year, field="year")
        m = _located(_check_int, month, 1, 12, what="month", field="month")
        return cls(dt.date(y, m, 1), _last_day_of_month(y, m))

    @classmethod
    def years(cls, first: int, last: int) -> Period:
        """The calendar years ``first`` to ``last``, both included: a plan period.

        >>> str(Period.years(2021, 2025))
        '2021–2025'
        """
        a = _located(_check_year, first, field="first")
        b = _located(_check_year, last, field="last")
        if b < a:
            raise InvalidValueError(
                f"the last year must not come before the first year {a}",
                value=last,
                field="last",
                record_type="Period",
            )
        return cls(dt.date(a, 1, 1), dt.date(b, 12, 31))

    @classmethod
    def between(cls, start: dt.date | str, end: dt.date | str) -> Period:
        """The days ``start`` to ``end``, both included (dates or ISO text).

        >>> str(Period.between("2021-09-01", "2023-08-31"))
        '2021-09-01/2023-08-31'
        """
        a = parse_date(start, field="start", record_type="Period")
        b = parse_date(end, field="end", record_type="Period")
        return cls(a, b)

    @classmethod
    def starting(cls, start: dt.date, duration: relativedelta) -> Period:
        """The period of length ``duration`` that begins on ``start``.

        The end is **included**, so it is the day before ``start + duration``;
        ``start + duration`` is the first day outside. "A 50% fee cut for two
        years from 1 September 2021" runs to 31 August 2023 and no longer
        applies on 1 September 2023:

        >>> import datetime as dt
        >>> cut = Period.starting(dt.date(2021, 9, 1), relativedelta(years=2))
        >>> cut.end, dt.date(2023, 9, 1) in cut
        (datetime.date(2023, 8, 31), False)

        Month and year steps follow :class:`~dateutil.relativedelta.relativedelta`,
        which clips to the end of short months: one month from 31 January ends
        on the day before 28 February.
        """
        first = _located(_check_day, start, field="start")
        delta = _located(_check_relativedelta, duration, field="duration")
        first_outside = _plus(first, delta, field="duration")
        if first_outside <= first:
            raise InvalidValueError(
                "a duration must be positive",
                value=duration,
                field="duration",
                record_type="Period",
            )
        return _span(first, first_outside, delta, field="duration")

    # -- queries ---------------------------------------------------------------------------------

    def __str__(self) -> str:
        return self.label

    def __contains__(self, item: object) -> bool:
        # A datetime is a date to isinstance, but comparing it with one raises TypeError.
        if isinstance(item, Period):
            return self.start <= item.start and item.end <= self.end
        if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
            return self.start <= item <= self.end
        raise InvalidValueError(
            "only a date or a Period can be tested for being in a period", value=item
        )

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day.

        >>> Period.year(2021).overlaps(Period.years(2021, 2025))
        True
        >>> Period.year(2020).overlaps(Period.year(2021))
        False
        """
        _require_period(other)
        return self.start <= other.end and other.start <= self.end

    def intersection(self, other: Period) -> Period | None:
        """The days in both periods, or ``None`` when they share none.

        >>> str(Period.years(2021, 2025).intersection(Period.between("2024-07-01", "2026-06-30")))
        '2024-07-01/2025-12-31'
        """
        _require_period(other)
        if not self.overlaps(other):
            return None
        return Period(max(self.start, other.start), min(self.end, other.end))

    @property
    def days(self) -> int:
        """The number of days, both ends counted: a one-day period has 1."""
        return (self.end - self.start).days + 1

    @property
    def duration(self) -> relativedelta:
        """The length in calendar terms, from ``start`` to the first day outside.

        >>> Period.starting(dt.date(2021, 9, 1), relativedelta(years=2)).duration
        relativedelta(years=+2)
        >>> Period.quarter(2021, 4).duration
        relativedelta(months=+3)
        """
        return relativedelta(self.end + _ONE_DAY, self.start)

    @property
    def years_fraction(self) -> float:
        """The length in mean Gregorian years: ``days / 365.2425``.

        An approximation for rates per year; calendar years are not all the
        same length, so 2021–2025 (1,826 days) comes to slightly under 5.
        Use :attr:`duration` when whole years and months matter.

        >>> round(Period.years(2021, 2025).years_fraction, 4)
        4.9994
        """
        return self.days / _MEAN_YEAR_DAYS

    @property
    def is_whole_years(self) -> bool:
        """Whether the period is whole *calendar* years, 1 January to 31 December.

        A span of whole years from another day ("two years from 2021-09-01")
        is not; compare its :attr:`duration` with ``relativedelta(years=n)``.

        >>> Period.years(2021, 2025).is_whole_years, Period.quarter(2021, 4).is_whole_years
        (True, False)
        """
        starts_on_new_year = (self.start.month, self.start.day) == (1, 1)
        ends_on_new_years_eve = (self.end.month, self.end.day) == (12, 31)
        return starts_on_new_year and ends_on_new_years_eve

    @property
    def year_list(self) -> list[int]:
        """The calendar years the period touches, in order.

        >>> Period.between("2021-09-01", "2023-08-31").year_list
        [2021, 2022, 2023]
        """
        return list(range(self.start.year, self.end.year + 1))

    def iter_days(self) -> Iterator[Period]:
        """One one-day period for each day, in order."""
        for day in _days_of(rrule(DAILY, dtstart=self.start, until=self.end)):
            yield Period(day, day)

    def iter_months(self) -> Iterator[Period]:
        """The calendar months the period touches, clipped to the period.

        >>> print(*Period.between("2021-09-15", "2021-11-10").iter_months())
        2021-09-15/2021-09-30 2021-10 2021-11-01/2021-11-10
        """
        first = self.start.replace(day=1)
        starts = _days_of(rrule(MONTHLY, dtstart=first, until=self.end))
        return _clip_to(self, starts, relativedelta(months=1))

    def iter_years(self) -> Iterator[Period]:
        """The calendar years the period touches, clipped to the period.

        >>> print(*Period.between("2021-09-01", "2023-08-31").iter_years())
        2021-09-01/2021-12-31 2022 2023-01-01/2023-08-31
        """
        first = self.start.replace(month=1, day=1)
        starts = _days_of(rrule(YEARLY, dtstart=first, until=self.end))
        return _clip_to(self, starts, relativedelta(years=1))

    def shift(self, delta: relativedelta) -> Period:
        """The period moved by ``delta`` (which may be negative).

        Both the start and the first day outside move, so whole months and
        years stay whole: February shifted by a month is all of March. The
        label is recomputed from the new bounds.

        >>> str(Period.month(2021, 2).shift(relativedelta(months=1)))
        '2021-03'
        >>> str(Period.years(2021, 2025).shift(relativedelta(years=5)))
        '2026–2030'
        """
        step = _located(_check_relativedelta, delta, field="delta")
        start = _plus(self.start, step, field="delta")
        first_outside = _plus(self.end + _ONE_DAY, step, field="delta")
        if first_outside <= start:
            # Month-end clipping can fold a short period onto nothing (30-31 January + 1 month).
            raise InvalidValueError(
                f"shifting {self.label} by this much leaves no days in it",
                value=delta,
                field="delta",
                record_type="Period",
            )
        return _span(start, first_outside, step, field="delta")

    @property
    def canonical_label(self) -> str:
        """The label computed from the bounds, whatever :attr:`label` says.

        Write this, not ``label``, where the text must be read back with
        :func:`parse_period`.

        >>> Period.years(2021, 2025).canonical_label
        '2021–2025'
        """
        return _canonical_label(self.start, self.end)


Deadline: TypeAlias = dt.date | Period
"""A deadline: a day, or a period whose last day is the deadline."""


def _require_period(value: object) -> None:
    if not isinstance(value, Period):
        raise InvalidValueError("must be a Period", value=value, field="other")


def _located(check: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    # The checks are shared with the parsers, so they leave the record type to their caller.
    try:
        return check(*args, **kwargs)
    except InvalidValueError as exc:
        raise exc.located(record_type="Period") from None


def deadline_date(deadline: Deadline) -> dt.date:
    """The day a deadline falls on: the date itself, or a period's last day.

    >>> deadline_date(Period.quarter(2021, 4))
    datetime.date(2021, 12, 31)
    """
    if isinstance(deadline, Period):
        return deadline.end
    return _check_day(deadline, field="deadline")


# -- parsing --------------------------------------------------------------------------------------

# Every dash-like character a document may use between years or date parts.
_DASHES = re.compile(
    "[\N{HYPHEN}\N{NON-BREAKING HYPHEN}\N{FIGURE DASH}\N{EN DASH}\N{EM DASH}"
    "\N{HORIZONTAL BAR}\N{MINUS SIGN}\N{SMALL HYPHEN-MINUS}\N{FULLWIDTH HYPHEN-MINUS}]"
)
_SPACES = re.compile(r"\s+")

# ASCII digits only: re's \d would also take Arabic-Indic and other digits.
# At most 8 digits: int() refuses strings past 4,300 digits with a bare ValueError, and
# "20025" must still reach the year check to be reported as out of range.
_Y = r"(?P<y>[0-9]{1,8})"
_ISO = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_NAM = r"(?:năm |nam )"  # Vietnamese "year", written with or without its diacritics
_Y_SEP = rf"(?: ?[/-] ?| {_NAM}?)"  # "4/2021", "4-2021", "4 2021", "4 năm 2021"

_ISO_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_DATE_RANGE = re.compile(rf"(?P<a>{_ISO}) ?(?:/|\.\.|-|to) ?(?P<b>{_ISO})")
_YEAR_RANGE = re.compile(
    r"(?:the |period |giai đoạn |giai doan )?(?P<a>[0-9]{1,8}) ?(?:-|to) ?(?P<b>[0-9]{3,8})"
    r"(?: period)?"
)
_YEAR = re.compile(rf"{_NAM}?{_Y}")
_QUARTERS = (
    re.compile(rf"q ?(?P<q>[0-9]{{1,2}}){_Y_SEP}{_Y}"),  # Q4 2021, Q4/2021
    re.compile(rf"{_Y}(?: ?- ?| )?q ?(?P<q>[0-9]{{1,2}})"),  # 2021-Q4, 2021Q4, 2021 Q4
    # quý 4/2021, quý IV/2021: Vietnamese documents often number quarters in Roman numerals.
    re.compile(rf"(?:quý|quy) (?P<q>[0-9]{{1,2}}|i|ii|iii|iv){_Y_SEP}{_Y}"),
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS = (
    re.compile(rf"{_Y} ?- ?(?P<m>[0-9]{{1,2}})"),  # 2021-09
    re.compile(rf"(?P<m>[0-9]{{1,2}}) ?[/-] ?{_Y}"),  # 09/2021
    re.compile(rf"(?:tháng|thang) (?P<m>[0-9]{{1,2}}){_Y_SEP}{_Y}"),  # tháng 9/2021
    re.compile(rf"(?P<name>[a-z]+)\.?,? {_Y}"),  # September 2021, Sep 2021
)
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY_FIRST = re.compile(r"\b[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}\b")

# "by" keeps the period ("by 2025" is some day in 2025 at the latest); "end of" takes its last day.
_BY = re.compile(r"(?:by|until|till|đến|tới|den|toi) (?P<rest>.+)")
_END_OF = re.compile(r"(?:(?:the )?end(?: of)?|cuối|cuoi|hết|het)(?: |-)(?P<rest>.+)")

_VAGUE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), why)
    for pattern, why in (
        (
            r"\b(?:h[12]|(?:the )?(?:first|second) half(?: of)?|half)\b",
            "half-years are not supported",
        ),
        (
            r"\b(?:(?:next|this|last|coming) (?:year|quarter|month|week)|"
            r"năm nay|năm tới|năm sau|sắp tới)\b",
            "'{word}' depends on when the text was written",
        ),
        (r"\b(?:early|(?:the )?(?:beginning|start)(?: of)?|đầu)\b", "'{word}' does not name a day"),
        (r"\b(?:mid|(?:the )?middle(?: of)?|giữa)\b", "'{word}' does not name a day"),
        (r"\b(?:late|later|after|sau)\b", "'{word}' does not name a day"),
        (
            r"\b(?:about|around|approximately|approx|circa|ca|c|khoảng|gần)\b\.?|~",
            "'{word}' makes the date approximate",
        ),
        (
            r"\b(?:soon|asap|as soon as possible|shortly|tbd|tba|to be determined|"
            r"ongoing|sớm|ngay)\b",
            "'{word}' names no date",
        ),
    )
)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def _date(year: str, month: str, day: str, raw: object) -> dt.date:
    y, m, d = _year(year, raw), int(month), int(day)
    if not 1 <= m <= 12:
        raise InvalidValueError(f"month {m} does not exist: a month is 01 to 12", value=raw)
    last = _last_day_of_month(y, m)
    if not 1 <= d <= last.day:
        raise InvalidValueError(
            f"day {d} does not exist: {last.strftime('%B')} {y} has {last.day} days", value=raw
        )
    return dt.date(y, m, d)


def _year(text: str, raw: object) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidValueError(
            f"year {year} is outside the years {MIN_YEAR} to {MAX_YEAR}", value=raw
        )
    return year


def _iso(text: str, raw: object) -> dt.date:
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise InvalidValueError("write the date as YYYY-MM-DD, such as 2021-12-31", value=raw)
    return _date(match["y"], match["m"], match["d"], raw)


def _match_period(text: str, raw: object) -> Period | None:
    """The period ``text`` writes, None when it is in no known form.

    Raises when the form is known but the values are not (month 13, Q5).
    """
    if match := _DATE_RANGE.fullmatch(text):
        start, end = _iso(match["a"], raw), _iso(match["b"], raw)
        if end < start:
            raise InvalidValueError(
                f"the end {end.isoformat()} comes before the start {start.isoformat()}", value=raw
            )
        return Period(start, end)
    if _ISO_DATE.fullmatch(text):
        day = _iso(text, raw)
        return Period(day, day)
    if match := _YEAR_RANGE.fullmatch(text):
        first, last = _year(match["a"], raw), _year(match["b"], raw)
        if last < first:
            raise InvalidValueError(
                f"the last year {last} comes before the first year {first}", value=raw
            )
        return Period.years(first, last)
    for pattern in _QUARTERS:
        if match := pattern.fullmatch(text):
            q = match["q"]
            quarter = _ROMAN[q] if q in _ROMAN else int(q)
            if not 1 <= quarter <= 4:
                raise InvalidValueError(
                    f"quarter {quarter} does not exist: a quarter is 1 to 4", value=raw
                )
            return Period.quarter(_year(match["y"], raw), quarter)
    for pattern in _MONTHS:
        if match := pattern.fullmatch(text):
            if "name" in pattern.groupindex:
                if match["name"] not in _MONTH_NAMES:
                    return None
                month = _MONTH_NAMES[match["name"]]
            else:
                month = int(match["m"])
            if not 1 <= month <= 12:
                hint = ""
                if pattern is _MONTHS[0]:
                    hint = "; for a span of years write both years in full, such as '2021–2025'"
                raise InvalidValueError(
                    f"month {month} does not exist: a month is 1 to 12{hint}", value=raw
                )
            return Period.month(_year(match["y"], raw), month)
    if match := _YEAR.fullmatch(text):
        return Period.year(_year(match["y"], raw))
    return None


def _match_deadline(text: str, raw: object) -> Deadline | None:
    if match := _BY.fullmatch(text):
        text = match["rest"]
    end_of = _END_OF.fullmatch(text)
    if end_of:
        text = end_of["rest"]
    if _ISO_DATE.fullmatch(text):
        return _iso(text, raw)
    period = _match_period(text, raw)
    if period is None:
        return None
    return period.end if end_of else period


def _vague_reason(text: str, raw: object) -> str | None:
    for pattern, why in _VAGUE:
        if match := pattern.search(text):
            word = match.group(0).strip()
            rest = (text[: match.start()] + " " + text[match.end() :]).strip(" -,.")
            rest = _SPACES.sub(" ", rest)
            if by := _BY.fullmatch(rest):
                rest = by["rest"]
            try:
                period = _match_period(rest, raw)
            except InvalidValueError:
                period = None
            return f"{why.format(word=word)}: {_instead(period, half=why.startswith('half'))}"
    return None


def _instead(period: Period | None, *, half: bool) -> str:
    if half and period is not None:
        y = period.start.year
        return f"write the days, such as '{y}-01-01/{y}-06-30' or '{y}-07-01/{y}-12-31'"
    if half:
        return "write the days, such as '2025-01-01/2025-06-30'"
    if period is None:
        return "write an exact date (YYYY-MM-DD) or a period such as '2025' or 'Q4 2021'"
    label = period.label
    return (
        f"write an exact date in {label} (YYYY-MM-DD), 'end of {label}' for its last day "
        f"({period.end.isoformat()}), or '{label}' itself if any day in it will do"
    )


def _failure(text: str, raw: object, *, forms: str, noun: str) -> InvalidValueError:
    if not text:
        return InvalidValueError(f"{noun} must not be empty: write {forms}", value=raw)
    if _DAY_FIRST.search(text):
        return InvalidValueError(
            "day/month/year and month/day/year are easy to confuse: write the date as "
            "YYYY-MM-DD, such as 2021-12-31 (or declare notation 'vi' to read 31/12/2021)",
            value=raw,
        )
    reason = _vague_reason(text, raw)
    if reason is not None:
        return InvalidValueError(reason, value=raw)
    return InvalidValueError(f"not {noun}: write {forms}", value=raw)


def _rewrapped(exc: InvalidValueError, raw: object) -> InvalidValueError:
    # An error from a Period constructor names Period.<field>; the caller's
    # field and record are the ones that matter, so keep only the reason.
    return InvalidValueError(exc.reason, value=raw)


def _parse_period(value: object) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.date):
        day = _check_day(value)
        return Period(day, day)
    if isinstance(value, int) and not isinstance(value, bool):
        return Period.year(_check_year(value, field=None))
    if not isinstance(value, str):
        raise InvalidValueError(
            "a period must be text, a year number, a date or a Period", value=value
        )
    text = _normalise(value)
    try:
        period = _match_period(text, value)
    except InvalidValueError as exc:
        raise _rewrapped(exc, value) from None
    if period is not None:
        return period
    try:
        as_deadline = _match_deadline(text, value)
    except InvalidValueError:
        as_deadline = None
    if isinstance(as_deadline, dt.date):
        raise InvalidValueError(
            f"this is a deadline (the day {as_deadline.isoformat()}), not a period: "
            f"write {_PERIOD_FORMS}",
            value=value,
        )
    if isinstance(as_deadline, Period):
        raise InvalidValueError(
            f"this is a deadline, not a period: write '{as_deadline.label}'", value=value
        )
    raise _failure(text, value, forms=_PERIOD_FORMS, noun="a period")


def _parse_deadline(value: object) -> Deadline:
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.date):
        return _check_day(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _parse_period(value)
    if not isinstance(value, str):
        raise InvalidValueError(
            "a deadline must be text, a year number, a date or a Period", value=value
        )
    text = _normalise(value)
    try:
        deadline = _match_deadline(text, value)
    except InvalidValueError as exc:
        raise _rewrapped(exc, value) from None
    if deadline is not None:
        return deadline
    raise _failure(text, value, forms=_DEADLINE_FORMS, noun="a deadline")


_VI_DATE = re.compile(
    r"(?:(?:ngày|ngay) ?)?(?P<d>[0-9]{1,2})(?P<s>[/.-])(?P<m>[0-9]{1,2})(?P=s)(?P<y>[0-9]{4})"
)
_VI_DATE_WORDS = re.compile(
    r"(?:ngày|ngay) (?P<d>[0-9]{1,2}) (?:tháng|thang) (?P<m>[0-9]{1,2}) (?:năm|nam) (?P<y>[0-9]{4})"
)


def _parse_date(value: object, notation: Notation | str | None = None) -> dt.date:
    if isinstance(value, dt.date):
        return _check_day(value)
    if not isinstance(value, str):
        raise InvalidValueError("a date must be a date or ISO text YYYY-MM-DD", value=value)
    text = unicodedata.normalize("NFC", value).strip()
    if (declared_notation() if notation is None else as_notation(notation)) is Notation.VI:
        folded = _SPACES.sub(" ", text.casefold())
        match = _VI_DATE.fullmatch(folded) or _VI_DATE_WORDS.fullmatch(folded)
        if match is not None:
            try:
                return _date(match["y"], match["m"], match["d"], value)
            except InvalidValueError as exc:
                raise InvalidValueError(
                    f"{exc.reason} (notation 'vi' reads the day first: dd/mm/yyyy)", value=value
                ) from None
        if not _ISO_DATE.fullmatch(text):
            raise InvalidValueError(
                "not a date in notation 'vi': write dd/mm/yyyy (31/12/2024),"
                " 'ngày 31 tháng 12 năm 2024' or YYYY-MM-DD",
                value=value,
            )
    if _DAY_FIRST.search(text):
        raise _failure(text, value, forms="", noun="a date")
    return _iso(text, value)


def parse_period(
    value: str | int | dt.date | Period,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Period:
    """Read a period from the ways policy texts write one.

    Accepted, case-insensitive, in any Unicode form and with any spacing:

    * a year: ``"2025"``, ``2025``, ``"năm 2025"``;
    * a quarter: ``"Q4 2021"``, ``"2021-Q4"``, ``"2021Q4"``, ``"quý 4/2021"``, ``"quý IV/2021"``;
    * a month: ``"2021-09"``, ``"09/2021"``, ``"tháng 9/2021"``, ``"September 2021"``;
    * whole years: ``"2021–2025"``, ``"2021-2025"``, ``"2021 - 2025"``, ``"giai đoạn 2021-2025"``;
    * days, both included: ``"2021-09-01/2023-08-31"``, ``"2021-09-01..2023-08-31"``;
    * a ``date`` (a one-day period) or a ``Period`` (returned as it is).

    Anything else raises :class:`~industrial_policy.errors.InvalidValueError`
    naming ``record_type``, ``record_id`` and ``field`` when given.

    >>> parse_period("2021 - 2025") == Period.years(2021, 2025)
    True
    >>> parse_period("tháng 9/2021").label
    '2021-09'
    >>> parse_period("Q5 2021", field="period", record_type="Target", record_id="t1")
    ...                                                # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    industrial_policy.errors.InvalidValueError: Target 't1'.period: quarter 5 does not exist: ...
    """
    try:
        return _parse_period(value)
    except InvalidValueError as exc:
        raise exc.located(field=field, record_type=record_type, record_id=record_id) from None


def parse_deadline(
    value: str | int | dt.date | Period,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Deadline:
    """Read a deadline: a date, or a period whose last day is the deadline.

    Accepts everything :func:`parse_period` does (returned as a ``Period``)
    and also:

    * an ISO date ``"2021-12-31"`` or a ``date``, returned as a ``date``;
    * "end of" a period: ``"end of 2021"``, ``"by the end of 2021"``,
      ``"end 2021"``, ``"cuối năm 2021"``, ``"đến hết năm 2021"``, returned as
      its last day (a ``date``);
    * "by" a period: ``"by 2025"``, ``"by Q4 2021"``, ``"đến năm 2030"``,
      returned as the ``Period`` (its deadline is still its last day).

    Vague phrases ("early September 2021", "mid-2025", "late 2024", "soon")
    name no day and raise :class:`~industrial_policy.errors.InvalidValueError`
    saying what to write instead.

    >>> parse_deadline("cuối năm 2021")
    datetime.date(2021, 12, 31)
    >>> parse_deadline("by 2025") == Period.year(2025)
    True
    """
    try:
        return _parse_deadline(value)
    except InvalidValueError as exc:
        raise exc.located(field=field, record_type=record_type, record_id=record_id) from None


def parse_date(
    value: str | dt.date,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
    notation: Notation | str | None = None,
) -> dt.date:
    """Read a calendar date written ISO 8601 ``YYYY-MM-DD``, strictly.

    Under the Vietnamese notation (``notation="vi"``, or declared for the text:
    :func:`~industrial_policy.numbers.using_notation`) a date is also written
    day first, ``31/12/2024`` (or with ``-`` or ``.``), or ``ngày 31 tháng 12 năm 2024``.
    Outer white space is ignored; nothing else is guessed. A ``date`` is
    checked and returned; a ``datetime`` is refused, as is any date outside the
    years 1900 to 2200.

    >>> parse_date(" 2021-12-31 ")
    datetime.date(2021, 12, 31)
    >>> parse_date("2021-02-30")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    industrial_policy.errors.InvalidValueError: day 30 does not exist: February 2021 has 28 days ...
    """
    try:
        return _parse_date(value, notation)
    except InvalidValueError as exc:
        raise exc.located(field=field, record_type=record_type, record_id=record_id) from None


def format_date(day: dt.date, notation: Notation | str = Notation.STRICT) -> str:
    """``day`` as :func:`parse_date` reads it back in ``notation``: ``31/12/2024`` in
    Vietnamese notation, ISO ``2024-12-31`` otherwise.

    >>> format_date(dt.date(2024, 12, 31), "vi"), format_date(dt.date(2024, 12, 31))
    ('31/12/2024', '2024-12-31')
    """
    if as_notation(notation) is Notation.VI:
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return day.isoformat()
