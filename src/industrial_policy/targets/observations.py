"""Observations: reported actuals for what the dataset does not hold as records.

A province reports "construction value up 16% on 2024" or "HSI businesses:
212 at the end of 2023" without the records behind it. An
:class:`Observation` feeds such a figure to a target: the value of the
target's quantity on a date, or over a period.

* For a stock (and a share or growth taken as a stock) the value is the
  level on the date; a period stands for its last day (a year-end figure).
* For a flow or a cumulative flow, a dated value is the total from the start
  of the target's period (or its ``since``) to that date; a value over a
  period is the flow in that period. Periods that follow each other from
  the start add up ("Q1", then "Q2"...); the others are named in the
  finding's notes as not used.

``series`` names the target the observation measures, or the ``series`` that
several targets share (Hai Dương's 2025 and 2030 business targets read the
same counts).

>>> from industrial_policy.targets import Observation
>>> o = Observation(series="hd-hsi-businesses", on="2023", value=212, source="provincial report")
>>> o.ref, o.day
('hd-hsi-businesses@2023', datetime.date(2023, 12, 31))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy import _fields
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Amount
from industrial_policy.periods import Period, deadline_date
from industrial_policy.targets.amounts import read_amount
from industrial_policy.targets.target import Target, read_when

__all__ = ["Observation", "Point", "chain_over", "flow_points", "stock_points"]


def _when(value: object, instance: object, field: attrs.Attribute[Any]) -> dt.date | Period:
    try:
        return read_when(value)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


def _amount(value: object, instance: object, field: attrs.Attribute[Any]) -> Amount:
    try:
        return read_amount(value)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


@attrs.frozen(kw_only=True)
class Observation:
    """One reported value of a target's quantity, on a date or over a period.

    ``value`` is written as for a target: ``212``, ``"25%"``,
    ``"19,866 billion VND"``, ``"90.33 ha"``; its unit must fit the target
    (money in another currency is converted at the rate in force on the
    observation's date). ``province`` or ``zone_id``, when given, must be the
    target's subject: a guard against feeding one province's figure to
    another's target.
    """

    id: str | None = _fields.identifier(optional=True)
    series: str = _fields.identifier()
    on: dt.date | Period = _fields.converted(_when)
    value: Amount = _fields.converted(_amount)
    source: str | None = _fields.text(optional=True)
    province: str | None = _fields.text(optional=True)
    zone_id: str | None = _fields.identifier(optional=True)
    description: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    @property
    def ref(self) -> str:
        """How explanations name the observation: its id, or ``series@date-or-period``."""
        if self.id is not None:
            return self.id
        when = self.on.label if isinstance(self.on, Period) else self.on.isoformat()
        return f"{self.series}@{when}"

    @property
    def day(self) -> dt.date:
        """The observation's date: ``on``, or the last day of the period ``on``."""
        return deadline_date(self.on)

    def subject_mismatch(self, target: Target) -> str | None:
        """Why the observation cannot be about ``target``'s subject, or ``None``."""
        from industrial_policy.reported import same_name

        if self.zone_id is not None and self.zone_id != target.zone_id:
            return f"observation {self.ref!r} is about zone {self.zone_id!r}"
        if self.province is not None and (
            target.province is None or not same_name(self.province, target.province)
        ):
            return f"observation {self.ref!r} is about province {self.province!r}"
        if target.subject_kind != "dataset" and (self.zone_id or self.province) is None:
            return None
        return None


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
