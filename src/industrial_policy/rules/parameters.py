"""Date-effective parameters: a threshold can change, and each value is in force from a date.

As in OpenFisca, a parameter is a list of values, each in force from its
date until the next one; evaluation on a date uses the value in force then.
A parameter may also have no value at all (a threshold the sources do not
confirm): the user must supply it, and until then every rule using it
reports insufficient data.

>>> import datetime as dt
>>> p = Parameter(id="x.share", unit="ratio", values=[ParameterValue(0.2, "2021-08-23")])
>>> p.value_on(dt.date(2021, 8, 22)) is None, p.value_on(dt.date(2022, 1, 1)).value
(True, 0.2)
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Any

import attrs

from industrial_policy import _fields

__all__ = ["Authority", "Parameter", "ParameterValue"]

UNITS = ("ratio", "hectare", "count")


class Authority(enum.StrEnum):
    """Whether a threshold is national law or a provincial policy."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"


def _number(value: object, instance: object, field: attrs.Attribute[Any]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fields.fail(instance, field, value, "must be a number")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        _fields.fail(instance, field, value, "must be a finite number, at least 0")
    return number


@attrs.frozen
class ParameterValue:
    """One value of a parameter and the day it takes effect.

    ``effective_from`` may be left out when the source gives the figure but
    not the date it took effect: the value is then in force on any date, and
    every finding that uses it says the date is not known.
    """

    value: float = _fields.converted(_number)
    effective_from: dt.date | None = _fields.day(optional=True)
    note: str | None = _fields.text(optional=True)


def _values(
    value: object, instance: object, field: attrs.Attribute[Any]
) -> tuple[ParameterValue, ...]:
    by_date = _fields.record_tuple(
        ParameterValue, sort_key=lambda v: v.effective_from or dt.date.min
    )
    ordered = by_date(value, instance, field)
    days = [v.effective_from for v in ordered]
    if len(set(days)) != len(days):
        _fields.fail(instance, field, days, "two values take effect on the same day")
    return ordered


@attrs.frozen
class Parameter:
    """A named threshold with its dated values, unit, citation and standing.

    ``unit`` is ``"ratio"`` (a share, 0.2 is 20%), ``"hectare"`` or
    ``"count"``. ``verified = false`` marks a figure the sources do not
    confirm; every finding that uses it says so.
    """

    id: str = _fields.identifier()
    unit: str = _fields.text()
    values: tuple[ParameterValue, ...] = _fields.converted(_values, factory=tuple)
    citation: str | None = _fields.text(optional=True)
    authority: Authority | None = _fields.choice(Authority, optional=True)
    jurisdiction: str | None = _fields.text(optional=True)
    verified: bool = _fields.flag(default=True)
    description: str | None = _fields.text(optional=True)

    @unit.validator
    def _check_unit(self, field: attrs.Attribute[Any], value: str) -> None:
        if value not in UNITS:
            _fields.fail(self, field, value, f"must be one of {', '.join(UNITS)}")

    @values.validator
    def _check_ratios(self, field: attrs.Attribute[Any], value: tuple[ParameterValue, ...]) -> None:
        if self.unit == "ratio":
            for item in value:
                if item.value > 1:
                    _fields.fail(self, field, item.value, "a share is at most 1 (100%)")

    def value_on(self, day: dt.date) -> ParameterValue | None:
        """The value in force on ``day``: the latest taking effect on or before it."""
        current = None
        for item in self.values:
            if item.effective_from is None or item.effective_from <= day:
                current = item
        return current
