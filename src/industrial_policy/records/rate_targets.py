"""Targets on rates: the :class:`RateTarget` record (catch up with another series, or grow).

Hải Dương's Party Committee asked that the share of procedures at level 4
"equal the national average by the end of 2021 and increase by 20% or more
each year" (DOMAIN.md §5). Neither fits a target with a fixed value:

* **reference** targets (:attr:`RateTargetKind.REFERENCE`): the value to
  reach is another series, observed by the user ("the national average"),
  read on the deadline (or, before it, the latest observed);
* **growth** targets (:attr:`RateTargetKind.GROWTH`): from a baseline, the
  rate must grow each year, and "20%" is ambiguous: ``relative`` (13.6% →
  16.32% after a year) or ``percentage_points`` (13.6% → 33.6%). There is
  no default: the user chooses (:class:`~industrial_policy.records.targets.GrowthUnit`).

They are tracked by :mod:`industrial_policy.services.rate_targets`.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy import _fields
from industrial_policy.amounts import POINTS, RATIO, Amount, check_share, read_amount, resolve
from industrial_policy.comparators import Comparator
from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import deadline_date, parse_date, parse_deadline
from industrial_policy.records.targets import GrowthUnit

__all__ = ["RATE_CAP", "RateTarget", "RateTargetKind"]


RATE_CAP = 1.0
"""A rate is a share: it cannot exceed 100%."""


class RateTargetKind(enum.StrEnum):
    REFERENCE = "reference"  # reach another series (the national average)
    GROWTH = "growth"  # grow each year from a baseline


_BOUNDS = (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.AT_MOST, Comparator.LESS_THAN)


def _share(value: object, instance: object, field: attrs.Attribute[Any]) -> float | None:
    if value is None:
        return None
    try:
        return check_share(value, field=field.name)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


def _growth(value: object, instance: Any, field: attrs.Attribute[Any]) -> Amount | None:
    if value is None:
        return None
    where = {
        "field": field.name,
        "record_type": "RateTarget",
        "record_id": _fields.record_id_of(instance),
    }
    unit = instance.growth_unit
    if unit is None:
        raise InvalidValueError(
            "say whether the growth is 'relative' (13.6% → 16.32% at +20%) or"
            " 'percentage_points' (13.6% → 33.6% at +20 pp) in growth_unit; there is no default",
            value=value,
            **{**where, "field": "growth_unit"},
        )
    amount = resolve(
        read_amount(value, **where),
        RATIO if unit is GrowthUnit.RELATIVE else POINTS,
        field=field.name,
        record_type="RateTarget",
        record_id=_fields.record_id_of(instance),
    )
    if float(amount.value) < 0:
        raise InvalidValueError(
            "a yearly growth target cannot be negative", value=str(amount), **where
        )
    return amount


def _day(value: object, instance: object, field: attrs.Attribute[Any]) -> dt.date | None:
    if value is None:
        return None
    try:
        if isinstance(value, dt.date):
            return parse_date(value)
        return deadline_date(parse_deadline(value))  # type: ignore[arg-type]
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


def _required_day(value: object, instance: object, field: attrs.Attribute[Any]) -> dt.date:
    day = _day(value, instance, field)
    if day is None:
        _fields.fail(instance, field, value, "is required")
    return day


@_fields.typed_init
@attrs.frozen(kw_only=True, init=False)
class RateTarget:
    """A target on a rate: reach a reference series, or grow each year.

    * ``series``: the observation series holding the actual rate;
    * ``comparator``: ``at_least``, ``more_than``, ``at_most`` or ``less_than``;
    * ``deadline``: a day, or a period whose last day it is (``"end of 2021"``);
    * reference targets: ``reference``, the series to reach;
    * growth targets: ``growth`` per year (``"20%"`` relative, ``"20 pp"``
      points), ``growth_unit`` (required), ``baseline_on`` and, optionally,
      ``baseline_value`` (else read from ``series`` on ``baseline_on``).
    """

    id: str = _fields.identifier()
    title: str = _fields.text(repeats=False)
    kind: RateTargetKind = _fields.choice(RateTargetKind)
    series: str = _fields.identifier()
    comparator: Comparator = _fields.choice(Comparator)
    deadline: dt.date = _fields.converted(_required_day)
    reference: str | None = _fields.identifier(optional=True)
    growth_unit: GrowthUnit | None = _fields.choice(GrowthUnit, optional=True)
    growth: Amount | None = _fields.converted(_growth, default=None)
    baseline_on: dt.date | None = _fields.converted(_day, default=None)
    baseline_value: float | None = _fields.converted(_share, default=None)
    subject_id: str | None = _fields.text(optional=True)
    citation: str | None = _fields.text(optional=True)
    source: str | None = _fields.text(optional=True)
    description: str | None = _fields.text(optional=True, repeats=False)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            *,
            id: str,
            title: str,
            kind: RateTargetKind | str,
            series: str,
            comparator: Comparator | str,
            deadline: _fields.DateInput,
            reference: str | None = ...,
            growth_unit: GrowthUnit | str | None = ...,
            growth: _fields.AmountInput | None = ...,
            baseline_on: _fields.DateInput | None = ...,
            baseline_value: _fields.AmountInput | None = ...,
            subject_id: str | None = ...,
            citation: str | None = ...,
            source: str | None = ...,
            description: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    def __attrs_post_init__(self) -> None:
        def fail(field: str, value: object, reason: str) -> None:
            raise InvalidValueError(
                reason, value=value, field=field, record_type="RateTarget", record_id=self.id
            )

        if self.comparator not in _BOUNDS:
            fail(
                "comparator",
                self.comparator.value,
                "a rate target is at_least, more_than, at_most or less_than",
            )
        if self.kind is RateTargetKind.REFERENCE:
            if self.reference is None:
                fail("reference", None, "a reference target names the series to reach (reference)")
            for name in ("growth", "growth_unit"):
                if getattr(self, name) is not None:
                    fail(name, str(getattr(self, name)), "only a growth target has one")
        else:
            if self.reference is not None:
                fail(
                    "reference", self.reference, "only a reference target names a reference series"
                )
            if self.growth is None:
                fail("growth", None, "a growth target needs the growth per year ('20%' or '20 pp')")
            if self.baseline_on is None:
                fail("baseline_on", None, "a growth target needs the day it grows from")
        if self.baseline_value is not None and self.baseline_on is None:
            fail("baseline_on", None, "a baseline value needs its day")
        if self.baseline_on is not None and self.baseline_on >= self.deadline:
            fail(
                "baseline_on",
                self.baseline_on,
                f"the baseline must come before the deadline {self.deadline}",
            )

    @property
    def subject(self) -> str:
        return self.subject_id or self.series
