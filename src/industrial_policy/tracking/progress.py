"""Progress toward a target: expected path, growth still required, projection, grade.

The method follows the progress assessment of the UN regional commissions,
developed by UN ESCAP ("Progress Assessment Methodology", ESCAP SDG Gateway
technical notes; DOMAIN.md §8):

* **current status**: the progress made since the baseline, relative to the
  progress needed from the baseline to the target;
* **anticipated progress**: the value projected at the deadline from the
  observed trend (ESCAP: the compound annual growth rate of the observed
  series; UNECE: a linear trend), and the gap between that projection and
  the target, relative to the progress required from the baseline to the
  target.

A target is on track when the projection reaches it; otherwise it is graded
by the anticipated gap: at risk up to :attr:`TrackingParameters.at_risk_gap`
of the progress required, off track beyond it, and regressing when the trend
moves away from the target. The threshold is a parameter: the explanation of
every finding states the value used.

Everything here is plain arithmetic on floats and dates; it knows nothing of
datasets.

>>> import datetime as dt
>>> years_between(dt.date(2021, 12, 31), dt.date(2025, 12, 31))
4.0
>>> rate = required_cagr(150.0, 250.0, 4.0)
>>> round(150 * (1 + rate) ** 4, 9)
250.0
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Sequence

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy import _fields
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Status
from industrial_policy.periods import parse_date

__all__ = [
    "ESCAP_CITATION",
    "Grade",
    "Projection",
    "ProjectionMethod",
    "RateDate",
    "TrackingParameters",
    "cagr",
    "compound_expected",
    "grade",
    "linear_expected",
    "project",
    "required_cagr",
    "settle",
    "years_between",
]

ESCAP_CITATION = (
    "UN ESCAP, Progress Assessment Methodology (ESCAP SDG Gateway technical notes):"
    " current status and anticipated progress"
)

EQUAL_RTOL = 1e-9
"""Money and shares are added as float64: values this close (relative) count as equal.

One part in 10^9 is far below the precision of any published figure (0.5 USD
in 500 million), and it keeps "exactly met" exact after a currency
conversion.
"""


class ProjectionMethod(enum.StrEnum):
    """How the value at the deadline is projected from the observed series.

    ``auto``: the compound annual growth rate (ESCAP) when the first and last
    values are positive and the growth stays within the range of floating-point numbers,
    a linear trend otherwise; a flow is projected at its
    pace so far (its run rate) from the start of its period.
    """

    AUTO = "auto"
    CAGR = "cagr"
    LINEAR = "linear"


class RateDate(enum.StrEnum):
    """On which date money in another currency is converted.

    ``event``: each amount at the rate in force on its own date (a capital
    event's date; the last day of a production value's year; an
    observation's date), so registered capital keeps the value it had when
    registered. ``measurement``: every amount at the rate in force on the
    date the value is measured.
    """

    EVENT = "event"
    MEASUREMENT = "measurement"


def _fraction(value: object, instance: object, field: attrs.Attribute[object]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fields.fail(instance, field, value, "must be a number")
    number = float(value)
    if not (math.isfinite(number) and number >= 0):
        _fields.fail(instance, field, value, "must be a finite number, at least 0")
    return number


@attrs.frozen(kw_only=True)
class TrackingParameters:
    """The parameters of the grading, all stated in every finding's explanation.

    * ``at_risk_gap``: a projection that falls short by at most this fraction
      of the progress required from the baseline to the target is *at risk*;
      beyond it, *off track*. The default, 0.10, is this library's choice, not
      a figure from ESCAP or from any regulation: set your own.
    * ``projection``: :class:`ProjectionMethod`.
    * ``rate_date``: :class:`RateDate`, when money is converted.
    * ``trend_years``: with no baseline, the trend from the dataset's records
      starts this many years before the date measured.
    """

    at_risk_gap: float = _fields.converted(_fraction, default=0.10)
    projection: ProjectionMethod = _fields.choice(ProjectionMethod, default=ProjectionMethod.AUTO)
    rate_date: RateDate = _fields.choice(RateDate, default=RateDate.EVENT)
    trend_years: int = _fields.count(minimum=1, default=5)


# -- time -----------------------------------------------------------------------------------------


def years_between(start: dt.date, end: dt.date) -> float:
    """Years from ``start`` to ``end``: whole calendar years and months exactly, then days.

    Whole years count as whole ("2024-12-31 to 2025-12-31" is 1.0, leap year
    or not); the days left over count as a fraction of the month they fall in.
    Negative when ``end`` is before ``start``.

    >>> years_between(dt.date(2024, 2, 29), dt.date(2025, 2, 28))
    1.0
    >>> years_between(dt.date(2025, 1, 1), dt.date(2025, 7, 1))
    0.5
    """
    if end < start:
        return -years_between(end, start)
    span = relativedelta(end, start)
    anchor = start + relativedelta(years=span.years, months=span.months)
    month_after = anchor + relativedelta(months=1)
    month_fraction = (end - anchor).days / (month_after - anchor).days
    return span.years + (span.months + month_fraction) / 12


def elapsed_fraction(start: dt.date, end: dt.date, day: dt.date) -> float:
    """How far ``day`` is along ``start`` to ``end`` in calendar time (0 to 1, clipped).

    >>> elapsed_fraction(dt.date(2021, 12, 31), dt.date(2025, 12, 31), dt.date(2023, 12, 31))
    0.5
    """
    if end <= start:
        return 1.0
    return min(1.0, max(0.0, years_between(start, day) / years_between(start, end)))


# -- the path from the baseline to the target -----------------------------------------------------


def linear_expected(
    start: tuple[dt.date, float], end: tuple[dt.date, float], day: dt.date
) -> float:
    """The value expected on ``day`` on the straight line from ``start`` to ``end``.

    >>> start, end = (dt.date(2021, 1, 1), 0.0), (dt.date(2023, 1, 1), 10.0)
    >>> linear_expected(start, end, dt.date(2022, 1, 1))
    5.0
    """
    fraction = elapsed_fraction(start[0], end[0], day)
    return start[1] + (end[1] - start[1]) * fraction


def compound_expected(
    start: tuple[dt.date, float], end: tuple[dt.date, float], day: dt.date
) -> float | None:
    """The value expected on ``day`` growing at a constant rate from ``start`` to ``end``.

    ``None`` unless both values are positive (a rate of growth from zero or
    to a negative value does not exist).

    >>> compound_expected((dt.date(2021, 1, 1), 100.0), (dt.date(2023, 1, 1), 144.0),
    ...                   dt.date(2022, 1, 1))
    120.0
    """
    if start[1] <= 0 or end[1] <= 0:
        return None
    total = years_between(start[0], end[0])
    if total <= 0:
        return end[1]
    done = min(max(years_between(start[0], day), 0.0), total)
    return float(start[1] * (end[1] / start[1]) ** (done / total))


def cagr(first: float, last: float, years: float) -> float | None:
    """The compound annual growth rate from ``first`` to ``last`` over ``years``.

    ``None`` when it does not exist: a value not positive, no time between, or a growth
    factor beyond the range of floating-point numbers (a billionfold in a day).

    >>> round(cagr(100.0, 121.0, 2.0), 12)
    0.1
    >>> cagr(1.0, 1e300, 1 / 365) is None
    True
    """
    if first <= 0 or last <= 0 or years <= 0:
        return None
    try:
        return float((last / first) ** (1 / years) - 1)
    except OverflowError:
        return None


def required_cagr(current: float, target: float, years_left: float) -> float | None:
    """The yearly growth that takes ``current`` to ``target`` in ``years_left`` years.

    >>> round(required_cagr(100.0, 121.0, 2.0), 12)
    0.1
    """
    return cagr(current, target, years_left)


# -- projection -----------------------------------------------------------------------------------


@attrs.frozen
class Projection:
    """The value projected at the deadline, with how it was obtained.

    ``trend`` is the sign of the observed movement (+1 up, -1 down, 0 flat);
    ``rate`` is the CAGR (for ``cagr``) or the change per year (otherwise).
    """

    value: float
    method: str  # "cagr", "linear" or "run_rate"
    rate: float
    trend: int
    first: tuple[dt.date, float]
    last: tuple[dt.date, float]

    def describe(self, deadline: dt.date, show: Callable[[float], str] = "{:,.6g}".format) -> str:
        """The projection in words; ``show`` writes a value with its unit."""
        first, last = self.first, self.last
        if self.method == "cagr":
            how = (
                f"compound annual growth rate {self.rate:+.4%} a year from"
                f" {first[0].isoformat()} ({show(first[1])}) to {last[0].isoformat()}"
                f" ({show(last[1])}), continued to {deadline.isoformat()} [ESCAP]"
            )
        elif self.method == "run_rate":
            how = (
                f"the pace so far: {show(last[1])} from {first[0].isoformat()} to"
                f" {last[0].isoformat()}, continued to {deadline.isoformat()}"
            )
        else:
            how = (
                f"linear trend {show(self.rate)} a year (least squares from"
                f" {first[0].isoformat()} to {last[0].isoformat()}), continued to"
                f" {deadline.isoformat()}"
            )
        return f"projection {show(self.value)} at the deadline: {how}"


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)


def project(
    points: Sequence[tuple[dt.date, float]],
    deadline: dt.date,
    method: ProjectionMethod,
    *,
    origin: dt.date | None = None,
) -> Projection | None:
    """The value at ``deadline`` from the observed ``points`` (sorted by date).

    With ``origin`` the quantity is a running total from zero at the start of
    that day (a flow): it is projected at its pace so far, in calendar time.
    Otherwise ``cagr`` continues
    the compound annual growth rate from the first point to the last (ESCAP)
    and ``linear`` the least-squares line; ``auto`` takes the CAGR when it
    exists and the line otherwise. ``None`` when there are fewer than two
    points (one for a flow) spanning some time.

    >>> p = project([(dt.date(2021, 12, 31), 100.0), (dt.date(2023, 12, 31), 121.0)],
    ...             dt.date(2025, 12, 31), ProjectionMethod.CAGR)
    >>> round(p.value, 6), p.method
    (146.41, 'cagr')
    """
    if not points:
        return None
    last = points[-1]
    if origin is not None:
        # A flow counts from the start of its first day: zero at the end of the day before.
        zero = origin - relativedelta(days=1)
        if method is ProjectionMethod.AUTO:
            elapsed = years_between(zero, last[0])
            if elapsed <= 0:
                return None
            per_year = last[1] / elapsed
            value = per_year * years_between(zero, deadline)
            return Projection(value, "run_rate", per_year, _sign(last[1]), (origin, 0.0), last)
        points = [(zero, 0.0), *points]
    first = points[0]
    span = years_between(first[0], last[0])
    if len(points) < 2 or span <= 0:
        return None
    if method in (ProjectionMethod.AUTO, ProjectionMethod.CAGR):
        rate = cagr(first[1], last[1], span)
        grown = _compounded(last[1], rate, years_between(last[0], deadline))
        if rate is not None and grown is not None:
            return Projection(grown, "cagr", rate, _sign(rate), first, last)
        if method is ProjectionMethod.CAGR:
            return None
    xs = [years_between(first[0], day) for day, _ in points]
    ys = [value for _, value in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx
    at_deadline = mean_y + slope * (years_between(first[0], deadline) - mean_x)
    # auto falls back to the line when the CAGR does not exist (a zero or negative end); its
    # direction is then the change from the first point to the last, as the CAGR's is, so a
    # slightly higher latest value cannot turn "off track" into "regressing" by switching method.
    direction = _sign(last[1] - first[1]) if method is ProjectionMethod.AUTO else _sign(slope)
    return Projection(at_deadline, "linear", slope, direction, first, last)


def _compounded(value: float, rate: float | None, years: float) -> float | None:
    """``value`` grown at ``rate`` a year for ``years``; ``None`` when there is no rate or the
    result is beyond the range of floating-point numbers, so that no projection is given."""
    if rate is None:
        return None
    try:
        result = value * (1 + rate) ** years
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


# -- grading --------------------------------------------------------------------------------------


def close(a: float, b: float) -> bool:
    """Equal within :data:`EQUAL_RTOL` (exact for integers and counts)."""
    return math.isclose(a, b, rel_tol=EQUAL_RTOL, abs_tol=0.0)


def settle(gap: float, *references: float) -> float:
    """A gap with float noise removed: ``0.0`` when it is within :data:`EQUAL_RTOL` of the
    largest of the ``references`` (the value and the bounds it is measured against), the same
    tolerance :func:`meets` decides a tie with; the gap unchanged otherwise.

    22% reached as 122 ÷ 100 − 1 is 0.22000000000000003: its gap to a 22% target is noise,
    and reads 0, not 2.77556e-15 percentage points.

    >>> settle(122 / 100 - 1 - 0.22, 122 / 100 - 1, 0.22)
    0.0
    >>> settle(-0.01, 0.21, 0.22)
    -0.01
    """
    finite = [abs(r) for r in references if math.isfinite(r)]
    scale = max(finite, default=0.0)
    return 0.0 if abs(gap) <= EQUAL_RTOL * scale else gap


def meets(value: float, band: tuple[float, float], *, strict_low: bool, strict_high: bool) -> bool:
    """Whether ``value`` is in the target's band (ties within float noise are ties).

    >>> meets(500.0, (500.0, math.inf), strict_low=True, strict_high=False)
    False
    """
    low, high = band
    if math.isnan(value):
        return False
    at_low = math.isfinite(low) and close(value, low)
    at_high = math.isfinite(high) and close(value, high)
    above_low = (value > low and not at_low) or (at_low and not strict_low)
    below_high = (value < high and not at_high) or (at_high and not strict_high)
    return above_low and below_high


def nearest_edge(value: float, band: tuple[float, float]) -> float:
    """The end of the band nearest ``value`` (its centre when ``value`` is inside a range)."""
    low, high = band
    if value < low or not math.isfinite(high):
        return low
    if value > high or not math.isfinite(low):
        return high
    return (low + high) / 2


@attrs.frozen
class Grade:
    """The status before the deadline and the numbers behind it."""

    status: Status
    reason: str
    anticipated_gap: float | None = None  # |edge - projection| / |edge - start|


def grade(
    *,
    band: tuple[float, float],
    strict: tuple[bool, bool],
    start: float,
    projection: Projection,
    at_risk_gap: float,
) -> Grade:
    """Grade a target that is not yet due from its projection (ESCAP anticipated progress).

    ``start`` is where progress is counted from (the baseline, zero for a
    flow, or the first observed value).

    >>> p = Projection(240.0, "linear", 20.0, 1, (dt.date(2021, 1, 1), 150.0),
    ...                (dt.date(2024, 1, 1), 210.0))
    >>> grade(band=(250.0, math.inf), strict=(False, False), start=150.0, projection=p,
    ...       at_risk_gap=0.1).status
    <Status.AT_RISK: 'at_risk'>
    """
    value = projection.value
    if meets(value, band, strict_low=strict[0], strict_high=strict[1]):
        return Grade(Status.ON_TRACK, "the projection reaches the target by the deadline")
    low, high = band
    needed = 1 if value < low or close(value, low) else -1
    edge = low if needed > 0 else high
    if projection.trend == -needed:
        moving = "falling" if projection.trend < 0 else "rising"
        return Grade(
            Status.REGRESSING,
            f"the observed trend is {moving}, away from the target",
        )
    required = abs(edge - start)
    gap = abs(edge - value)
    ratio = gap / required if required > 0 else math.inf
    if ratio <= at_risk_gap or close(ratio, at_risk_gap):
        return Grade(
            Status.AT_RISK,
            f"the projection falls short by {_share_text(ratio)} of the progress required"
            f" (at most {_share_text(at_risk_gap)}: at risk)",
            ratio,
        )
    return Grade(
        Status.OFF_TRACK,
        f"the projection falls short by {_share_text(ratio)} of the progress required"
        f" (more than {_share_text(at_risk_gap)}: off track)",
        ratio,
    )


def _share_text(ratio: float) -> str:
    return "all" if math.isinf(ratio) else f"{ratio:.1%}"


def check_as_of(value: object) -> dt.date:
    """The evaluation date: a ``date`` or ISO text."""
    if isinstance(value, dt.datetime):
        raise InvalidValueError("must be a date, not a date and time", value=value, field="as_of")
    return parse_date(value, field="as_of")  # type: ignore[arg-type]
