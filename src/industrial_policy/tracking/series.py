"""The observed series of a target: its level on a run of days, the last one the actual.

From the records, a stock is measured at the end of each year of the trend window (from the
baseline, or ``trend_years`` back) and on the day tracked; a flow or a cumulative flow from
the start of its period, at each year end and on the day. From observations, the points are
the observations of the target's series (a flow's chained over periods,
:mod:`industrial_policy.tracking.points`). The inputs of the finding name the last value and
what it was computed from or who reported it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy.amounts import is_currency
from industrial_policy.errors import InvalidValueError, MissingExchangeRateError, english
from industrial_policy.findings import InputValue
from industrial_policy.periods import Period
from industrial_policy.records.targets import Measure, Target, TargetKind
from industrial_policy.tracking.metrics import Measured
from industrial_policy.tracking.points import Point, chain_over, flow_points, stock_points
from industrial_policy.tracking.values import Reader
from industrial_policy.tracking.verdict import InsufficientDataError
from industrial_policy.tracking.wording import raw_amount

__all__ = [
    "MAX_SERIES_SHOWN",
    "Series",
    "flow_like",
    "flow_over",
    "record_series",
    "series",
    "show_series",
    "value_of",
    "window_start",
    "year_ends",
]

MAX_SERIES_SHOWN = 12


@attrs.frozen
class Series:
    """The tracked level on a run of days; the last point is the actual."""

    points: tuple[tuple[dt.date, float], ...]
    inputs: tuple[InputValue, ...]


def year_ends(after: dt.date, before: dt.date) -> list[dt.date]:
    """The 31 Decembers strictly between two days.

    >>> year_ends(dt.date(2022, 12, 31), dt.date(2024, 6, 30))
    [datetime.date(2023, 12, 31)]
    """
    return [
        dt.date(year, 12, 31)
        for year in range(after.year, before.year + 1)
        if after < dt.date(year, 12, 31) < before
    ]


def flow_like(target: Target) -> bool:
    """The level is a running total (not a share of totals, not a stock)."""
    return target.measure is not Measure.STOCK and not target.share


def window_start(target: Target) -> dt.date | None:
    """The first day a flow or a cumulative flow counts from."""
    window = target.window_of()
    if window is not None:
        return window.start
    return target.since


def series(reader: Reader, baseline: tuple[dt.date, float] | None) -> Series:
    """The level's series up to the day tracked (from the baseline when there is one)."""
    target, day = reader.target, reader.day
    if target.measure is Measure.STOCK:
        if reader.source == "observations":
            found = _observed_stock(reader, baseline)
        else:
            first = (
                baseline[0]
                if baseline is not None
                else day - relativedelta(years=reader.params.trend_years)
            )
            days = [*year_ends(first, day), day]
            found = record_series(reader, days, reader.records(days, None))
    else:
        start = window_start(target)
        assert start is not None
        if reader.source == "observations":
            points, notes = flow_points(
                reader.observations, reader.observed, start=start, until=day
            )
            reader.draft.notes.extend(notes)
            found = observed_series(reader, points)
        else:
            days = sorted({*year_ends(start - relativedelta(days=1), day), day})
            found = record_series(reader, days, reader.records(days, start))
        if target.kind is not TargetKind.GROWTH:
            return found
    if baseline is None:
        return found
    # A growth, or a stock tracked from its baseline: the trend starts at the baseline.
    later = tuple(p for p in found.points if p[0] > baseline[0])
    return Series((baseline, *later), found.inputs)


def _observed_stock(reader: Reader, baseline: tuple[dt.date, float] | None) -> Series:
    points, notes = stock_points(
        reader.observations,
        reader.observed,
        start=baseline[0] if baseline is not None else None,
        until=reader.day,
    )
    reader.draft.notes.extend(notes)
    return observed_series(reader, points)


def record_series(reader: Reader, days: list[dt.date], measured: tuple[Measured, ...]) -> Series:
    """The series measured on the records on ``days`` (a share: the part over the whole)."""
    draft, wording = reader.draft, reader.wording
    for item in measured:
        if item.missing is not None:
            raise InsufficientDataError(item.missing, item.lacking)
        draft.notes.extend(item.notes)
        for use in item.rates:
            draft.use(use)
    if len(measured) == 1:
        values = [float(v) for v in measured[0].values]
        if is_currency(measured[0].unit):
            wording.currency = measured[0].unit
        inputs: tuple[InputValue, ...] = (measured[0].input(measured[0].what, None),)
    else:
        part, whole = measured
        if whole.last == 0:
            raise InsufficientDataError(
                f"the whole ({whole.what}) is zero on {days[-1]}: the share is undefined"
            )
        values = [
            float(p) / float(w) if w != 0 else math.nan
            for p, w in zip(part.values, whole.values, strict=True)
        ]
        if is_currency(part.unit):
            wording.currency = part.unit
        inputs = (
            part.input(f"part: {part.what}", raw_amount(part.last, part.unit)),
            whole.input(f"whole: {whole.what}", raw_amount(whole.last, whole.unit)),
        )
    where = f" in {reader.scope.description}"
    points = tuple(
        (day, value) for day, value in zip(days, values, strict=True) if not math.isnan(value)
    )
    if not points or points[-1][0] != days[-1]:
        raise InsufficientDataError(f"the value on {days[-1]} cannot be computed from the records")
    named = tuple(
        attrs.evolve(i, name=f"{i.name}{where} on {days[-1]}")
        if i.value is not None
        else attrs.evolve(
            i, name=f"{i.name}{where} on {days[-1]}", value=wording.level_amount(points[-1][1])
        )
        for i in inputs
    )
    return Series(points, named)


def observed_series(reader: Reader, points: list[Point]) -> Series:
    """The series of observed points up to the day tracked."""
    usable = [p for p in points if p.day <= reader.day]
    if not usable:
        series = reader.target.series_id
        raise InsufficientDataError(
            f"no observation of series {series!r} up to {reader.day}",
            missing=f"observation of series {series!r} up to {reader.day}",
        )
    last = usable[-1]
    sources = "; ".join(last.sources) or None
    record = InputValue(
        f"observed on {last.day}",
        reader.wording.level_amount(last.value),
        last.refs[:20],
        len(last.refs),
        sources,
    )
    return Series(tuple((p.day, p.value) for p in usable), (record,))


def value_of(reader: Reader, measured: tuple[Measured, ...], name: str, day: dt.date) -> float:
    """The value measured on ``day``, its inputs named ``name`` (a baseline's kept apart)."""
    found = record_series(reader, [day], measured)
    draft = reader.draft
    into = draft.baseline_inputs if name.startswith("baseline") else draft.inputs
    into.extend(
        attrs.evolve(i, name=i.name.replace(f" on {day}", f" on {day} ({name})"))
        for i in found.inputs
    )
    return found.points[-1][1]


def flow_over(reader: Reader, span: Period, name: str) -> float:
    """The flow over ``span``, from the records or from observations chained over it."""
    target = reader.target
    if reader.source == "records":
        measured = reader.records([span.end], span.start)
        return value_of(reader, measured, f"{name}: {span}", span.end)
    found = chain_over(reader.observations, span, reader.observed)
    if found is None:
        raise InsufficientDataError(
            f"no observation of series {target.series_id!r} covers {span} (the growth of a"
            " flow compares observations over periods)",
            missing=f"observations of series {target.series_id!r} over {span}",
        )
    value, refs = found
    sources = tuple(
        dict.fromkeys(o.source for o in reader.observations if o.ref in refs and o.source)
    )
    reader.draft.inputs.append(
        InputValue(
            f"{name}: observed over {span}",
            reader.wording.level_amount(value),
            refs[:20],
            len(refs),
            "; ".join(sources) or None,
        )
    )
    return value


def show_series(reader: Reader, points: Sequence[tuple[dt.date, float]]) -> None:
    """Write the series as a step (its first and latest values when long); from the records,
    an observation of the last day is shown beside the computed value."""
    shown = list(points)
    if len(shown) > MAX_SERIES_SHOWN:
        shown = shown[:2] + shown[-(MAX_SERIES_SHOWN - 2) :]
    text = "; ".join(f"{d}: {reader.wording.level_text(v)}" for d, v in shown)
    reader.draft.steps.append(f"series ({len(points)} value(s)): {text}")
    if reader.source == "records":
        _compare_observation(reader, points[-1])


def _compare_observation(reader: Reader, point: tuple[dt.date, float]) -> None:
    same_day = [o for o in reader.observations if o.day == point[0]]
    if not same_day:
        return
    observation = same_day[-1]
    notes, text = reader.draft.notes, reader.wording.level_text
    try:
        observed = reader.observed(observation)
    except (InvalidValueError, MissingExchangeRateError) as exc:
        notes.append(f"observation {observation.ref!r} could not be compared: {english(exc)}")
        return
    difference = point[1] - observed
    notes.append(
        f"observation {observation.ref!r} gives {text(observed)} on {point[0]}"
        f" (the records give {text(point[1])}, difference"
        f" {text(difference)}); the records are used"
    )
