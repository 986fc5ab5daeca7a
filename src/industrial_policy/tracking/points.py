"""Observed values of a target's quantity, as points in time: the tracker's view of observations.

An :class:`~industrial_policy.records.observations.Observation` is a record
(a value on a date or over a period). Here they become :class:`Point` values
for tracking: the observations of one target checked against its subject
(:func:`for_target`), the levels of a stock (:func:`stock_points`), the
running total of a flow (:func:`flow_points`) and the flow over one period
(:func:`chain_over`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import Period
from industrial_policy.records.figures import FigureMeasure, PublishedFigure
from industrial_policy.records.observations import Observation
from industrial_policy.records.reported import same_name
from industrial_policy.records.targets import CapitalFlow, Measure, Metric, Target, TargetKind

__all__ = [
    "Convert",
    "Point",
    "chain_over",
    "figure_observations",
    "flow_points",
    "for_target",
    "stock_points",
]


@attrs.frozen
class Point:
    """A value of the tracked quantity on a day, with the observations it comes from."""

    day: dt.date
    value: float
    refs: tuple[str, ...]
    sources: tuple[str, ...] = ()


Convert = Callable[[Observation], float]
"""Turns an observation's value into a float in the target's level unit (raises if it cannot)."""


def for_target(target: Target, observations: Iterable[Observation]) -> list[Observation]:
    """The observations of ``target``'s series, checked against its subject, in date order.

    Two observations of one date or period with different values are an
    error: which one is the actual cannot be guessed.
    """
    mine = [o for o in observations if o.series == target.series_id]
    for observation in mine:
        reason = observation.subject_mismatch(target)
        if reason is not None:
            raise InvalidValueError(
                f"{reason}, but target {target.id!r} is about {target.subject_kind}"
                f" {target.subject_id!r}",
                value=observation.ref,
                field="series",
                record_type="Observation",
                record_id=observation.id,
            )
    seen: dict[object, Observation] = {}
    for observation in mine:
        other = seen.setdefault(observation.on, observation)
        if other is not observation and other.value != observation.value:
            raise InvalidValueError(
                f"two values for {target.series_id!r} on {_when_text(observation.on)}:"
                f" {other.value} ({other.ref}) and {observation.value} ({observation.ref})",
                value=observation.ref,
                field="value",
                record_type="Observation",
                record_id=observation.id,
            )
    unique = {id(o) for o in seen.values()}
    return sorted(
        (o for o in mine if id(o) in unique),
        key=lambda o: (o.day, _start(o.on)),
    )


def _start(when: dt.date | Period) -> dt.date:
    return when.start if isinstance(when, Period) else when


def _when_text(when: dt.date | Period) -> str:
    return when.label if isinstance(when, Period) else when.isoformat()


def _sources(items: Sequence[Observation]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.source for o in items if o.source))


def stock_points(
    observations: Sequence[Observation],
    convert: Convert,
    *,
    start: dt.date | None,
    until: dt.date,
) -> tuple[list[Point], list[str]]:
    """The levels observed from ``start`` to ``until`` (a period counts at its last day)."""
    points: list[Point] = []
    unused: list[str] = []
    for observation in observations:
        day = observation.day
        if day > until or (start is not None and day < start):
            unused.append(observation.ref)
            continue
        points.append(Point(day, convert(observation), (observation.ref,), _sources([observation])))
    notes = []
    if unused:
        span = f"{start.isoformat()} to {until.isoformat()}" if start else f"up to {until}"
        notes.append(f"observations outside {span} not used: {', '.join(unused[:20])}")
    return points, notes


def flow_points(
    observations: Sequence[Observation],
    convert: Convert,
    *,
    start: dt.date,
    until: dt.date,
) -> tuple[list[Point], list[str]]:
    """The running total of a flow from ``start``, at each observed date up to ``until``.

    A dated observation is the total from ``start`` to its date. Observations
    over periods add up while they follow each other from ``start`` without a
    gap or an overlap; the first that does not is where the chain stops.
    """
    points: list[Point] = []
    used: set[str] = set()
    for observation in observations:
        if not isinstance(observation.on, Period) and start <= observation.on <= until:
            points.append(
                Point(
                    observation.on,
                    convert(observation),
                    (observation.ref,),
                    _sources([observation]),
                )
            )
            used.add(observation.ref)
    chain = _chain(observations, start, until)
    total = 0.0
    for index, observation in enumerate(chain):
        total += convert(observation)
        links = chain[: index + 1]
        points.append(Point(observation.day, total, tuple(o.ref for o in links), _sources(links)))
        used.add(observation.ref)
    # A dated total and a chain ending on the same day: keep the dated one, it is direct.
    by_day: dict[dt.date, Point] = {}
    for point in points:
        by_day.setdefault(point.day, point)
    unused = [o.ref for o in observations if o.ref not in used]
    notes = []
    if unused:
        notes.append(
            "observations not used (outside the period, or periods that do not follow on from"
            f" {start.isoformat()} without a gap or overlap): {', '.join(unused[:20])}"
        )
    return [by_day[day] for day in sorted(by_day)], notes


def _chain(
    observations: Sequence[Observation], start: dt.date, until: dt.date
) -> list[Observation]:
    periods = sorted(
        (o for o in observations if isinstance(o.on, Period)),
        key=lambda o: (o.on.start, o.on.end),  # type: ignore[union-attr]
    )
    chain: list[Observation] = []
    expected = start
    for observation in periods:
        period = observation.on
        assert isinstance(period, Period)
        if period.start == expected and period.end <= until:
            chain.append(observation)
            expected = period.end + relativedelta(days=1)
    return chain


def chain_over(
    observations: Sequence[Observation], period: Period, convert: Convert
) -> tuple[float, tuple[str, ...]] | None:
    """The flow over exactly ``period`` from observations, or ``None`` when they do not cover it.

    One observation of the period itself, or periods that follow each other
    from its first day to its last.
    """
    for observation in observations:
        if observation.on == period:
            return convert(observation), (observation.ref,)
    chain = _chain(observations, period.start, period.end)
    if chain and chain[-1].day == period.end:
        return sum(convert(o) for o in chain), tuple(o.ref for o in chain)
    return None


_FIGURE_METRICS: dict[FigureMeasure, tuple[Metric, Measure, CapitalFlow | None]] = {
    FigureMeasure.PROJECTS_IN_EFFECT: (Metric.PROJECTS, Measure.STOCK, None),
    FigureMeasure.NEW_PROJECTS: (Metric.PROJECTS, Measure.FLOW, CapitalFlow.NEW),
    FigureMeasure.ADJUSTED_PROJECTS: (Metric.PROJECTS, Measure.FLOW, CapitalFlow.ADJUSTED),
    FigureMeasure.ENTERPRISES: (Metric.BUSINESSES, Measure.STOCK, None),
    FigureMeasure.REGISTERED_CAPITAL: (Metric.REGISTERED_CAPITAL, Measure.STOCK, None),
    FigureMeasure.PRODUCTION_VALUE: (Metric.PRODUCTION_VALUE, Measure.FLOW, None),
    FigureMeasure.LEASED: (Metric.AREA_LEASED, Measure.STOCK, None),
}
"""The published figures that measure a target's metric: the metric, how it is taken in time,
and the capital events a flow of projects counts."""


def figure_observations(
    figures: Iterable[PublishedFigure],
    targets: Iterable[Target],
    observations: Sequence[Observation],
) -> list[Observation]:
    """The published figures that measure a target's own quantity, as observations of its
    series: the same metric, taken the same way in time (a stock at a date, a flow over a
    period), about the same subject, with the same categories and no origin filter. A
    figure is left out where an observation of the series already gives that date or
    period: the user's observation is the actual, and the figure the same number twice."""
    given = {(o.series, o.on) for o in observations}
    found: list[Observation] = []
    chosen = [t for t in targets if t.origin is None and t.kind is not TargetKind.SHARE]
    for figure in figures:
        mapped = _FIGURE_METRICS.get(figure.measure)
        if mapped is None:
            continue
        metric, measure, events = mapped
        wanted = frozenset({figure.category}) if figure.category is not None else frozenset()
        for target in chosen:
            if (
                target.metric is not metric
                or target.measure is not measure
                or (events is not None and target.events is not events)
                or target.categories != wanted
                or (measure is Measure.FLOW) != isinstance(figure.on, Period)
                or not _same_subject(figure, target)
                or (target.series_id, figure.on) in given
            ):
                continue
            given.add((target.series_id, figure.on))
            found.append(
                Observation(
                    series=target.series_id,
                    on=figure.on,
                    value=figure.value,
                    source=f"{figure.source} (published figure {figure.id!r})",
                    province=figure.province,
                    zone_id=figure.zone_id,
                    illustrative=figure.illustrative,
                )
            )
    return found


def _same_subject(figure: PublishedFigure, target: Target) -> bool:
    if figure.zone_id is not None:
        return target.zone_id == figure.zone_id
    return (
        target.zone_id is None
        and target.province is not None
        and figure.province is not None
        and same_name(target.province, figure.province)
    )
