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

>>> from industrial_policy.records import Observation
>>> o = Observation(series="hd-hsi-businesses", on="2023", value=212, source="provincial report")
>>> o.ref, o.day
('hd-hsi-businesses@2023', datetime.date(2023, 12, 31))
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy import _fields
from industrial_policy.amounts import Amount, read_amount
from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import Period, deadline_date
from industrial_policy.records.reported import same_name
from industrial_policy.records.targets import Target, when_field

__all__ = ["Observation"]


def _amount(value: object, instance: object, field: attrs.Attribute[Any]) -> Amount:
    try:
        return read_amount(value)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


@_fields.typed_init
@attrs.frozen(kw_only=True, init=False)
class Observation:
    """One reported value of a target's quantity, on a date or over a period.

    ``value`` is written as for a target: ``212``, ``"25%"``,
    ``"19866 billion VND"``, ``"90.33 ha"``; its unit must fit the target
    (money in another currency is converted at the rate in force on the
    observation's date). ``province`` or ``zone_id``, when given, must be the
    target's subject: a guard against feeding one province's figure to
    another's target.
    """

    id: str | None = _fields.identifier(optional=True)
    series: str = _fields.identifier()
    on: dt.date | Period = _fields.converted(when_field)
    value: Amount = _fields.amount(_amount)
    source: str | None = _fields.text(optional=True)
    province: str | None = _fields.text(optional=True)
    zone_id: str | None = _fields.reference("zones", optional=True)
    description: str | None = _fields.text(optional=True, repeats=False)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            *,
            id: str | None = ...,
            series: str,
            on: _fields.WhenInput,
            value: _fields.AmountInput,
            source: str | None = ...,
            province: str | None = ...,
            zone_id: str | None = ...,
            description: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

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
        if self.zone_id is not None and self.zone_id != target.zone_id:
            return f"observation {self.ref!r} is about zone {self.zone_id!r}"
        if self.province is not None and (
            target.province is None or not same_name(self.province, target.province)
        ):
            return f"observation {self.ref!r} is about province {self.province!r}"
        if target.subject_kind != "dataset" and (self.zone_id or self.province) is None:
            return None
        return None
