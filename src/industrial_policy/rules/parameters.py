"""Date-effective parameters: a threshold can change, and each value is in force from a date.

As in OpenFisca, a parameter is a list of values, each in force from its
``effective_from`` date until the next one takes effect; evaluation on a
date uses the value in force then. A parameter may have no value at all (a
threshold the sources do not confirm): the user supplies it as an override,
and until then the rules using it measure without a verdict.

>>> import datetime as dt
>>> p = Parameter(id="x.min-share", unit="ratio",
...               values=[ParameterValue(0.2, "2021-08-23"), ParameterValue(0.25, "2025-01-01")])
>>> p.value_on(dt.date(2021, 8, 22)) is None
True
>>> p.value_on(dt.date(2024, 12, 31)).value, p.value_on(dt.date(2025, 1, 1)).value
(0.2, 0.25)
>>> p.use_on(dt.date(2025, 6, 1), override=p.parse("15%")).overridden
True
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from typing import Any

import attrs

from industrial_policy import _fields
from industrial_policy.amounts import Amount, read_amount, resolve
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import ParameterUse

__all__ = ["PARAMETER_UNITS", "Authority", "Parameter", "ParameterValue", "Source"]

PARAMETER_UNITS = ("ratio", "hectare")
"""``ratio``: a share as a fraction (0.2 is 20%); ``hectare``: an area in ha."""


class Authority(enum.StrEnum):
    """Whose rule it is: national law, or a province's own policy."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"


def _number(value: object, instance: object, field: attrs.Attribute[Any]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fields.fail(instance, field, value, "must be a number (a share as a fraction: 0.2)")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        _fields.fail(instance, field, value, "must be a finite number, at least 0")
    return number


@attrs.frozen
class Source:
    """Where a value was read: the legal text, its article, clause and point, and the page.

    ``url`` is the public page the figure was read on (a legal database, the
    government gazette, or a law firm's note quoting the text) and
    ``retrieved`` the day it was read. ``article`` is left out when the
    page read does not give it: the value is then marked unverified, never
    given a guessed article.

    >>> Source("Decree 32/2024/NĐ-CP", article="8", clause="1", point="c").cite()
    'Decree 32/2024/NĐ-CP, Art. 8(1)(c)'
    """

    document: str = _fields.text()
    article: str | None = _fields.text(optional=True)
    clause: str | None = _fields.text(optional=True)
    point: str | None = _fields.text(optional=True)
    url: str | None = _fields.text(optional=True)
    retrieved: dt.date | None = _fields.day(optional=True)
    note: str | None = _fields.text(optional=True)

    def cite(self) -> str:
        """``Decree 35/2022/NĐ-CP, Art. 9(2)(a)``, or the document and ``article not
        confirmed`` when the page read does not give the article."""
        if self.article is None:
            return f"{self.document}, article not confirmed"
        text = f"{self.document}, Art. {self.article}"
        if self.clause:
            text += f"({self.clause})" + (f"({self.point})" if self.point else "")
        elif self.point:
            text += f", point {self.point}"
        return text


@attrs.frozen
class ParameterValue:
    """One value of a parameter, the day it takes effect, and where it was read.

    ``effective_from`` may be left out only when the source gives a figure
    but no date: the value then applies on every date (until a dated value
    replaces it), and every finding that uses it says the date is unknown.
    ``verified = false`` marks a value whose figure or article the sources
    read do not confirm: every finding that uses it says so.
    """

    value: float = _fields.converted(_number)
    effective_from: dt.date | None = _fields.day(optional=True)
    note: str | None = _fields.text(optional=True)
    source: Source | None = _fields.converted(
        _fields.instance_of(Source, optional=True), default=None
    )
    verified: bool = _fields.flag(default=True)

    def citation(self) -> str | None:
        """The source's citation (document, article, clause), if the value has a source."""
        return self.source.cite() if self.source is not None else None


_dated_values = _fields.record_tuple(
    ParameterValue, sort_key=lambda v: v.effective_from or dt.date.min
)


def _values(
    value: object, instance: object, field: attrs.Attribute[Any]
) -> tuple[ParameterValue, ...]:
    ordered: tuple[ParameterValue, ...] = _dated_values(value, instance, field)
    days = [v.effective_from for v in ordered]
    if len(set(days)) != len(days):
        _fields.fail(instance, field, days, "two values take effect on the same day")
    return ordered


@attrs.frozen
class Parameter:
    """A named threshold with its dated values, unit, citation and standing.

    ``verified = false`` marks a figure the sources do not confirm: every
    finding that uses the parameter says so in its explanation.
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
        if value not in PARAMETER_UNITS:
            _fields.fail(self, field, value, f"must be one of {', '.join(PARAMETER_UNITS)}")

    @values.validator
    def _check_ratios(self, field: attrs.Attribute[Any], value: tuple[ParameterValue, ...]) -> None:
        if self.unit != "ratio":
            return
        for item in value:
            if item.value > 1:
                _fields.fail(self, field, item.value, "a share is at most 1 (write 0.2 for 20%)")

    def value_on(self, day: dt.date) -> ParameterValue | None:
        """The value in force on ``day``: the latest taking effect on or before it."""
        current = None
        for item in self.values:
            if item.effective_from is None or item.effective_from <= day:
                current = item
        return current

    def verified_on(self, day: dt.date) -> bool:
        """Whether the value in force on ``day`` is confirmed (and the parameter is)."""
        current = self.value_on(day)
        return self.verified and (current is None or current.verified)

    def parse(self, value: object) -> float:
        """A value for this parameter: a share as ``"25%"`` or a fraction (0.25), an area
        with its unit (``"80 ha"``, any area unit), as targets read their values.

        Raises :class:`~industrial_policy.errors.InvalidValueError` naming the
        parameter for anything else, for a share above 100% and for a negative value.
        """
        where: dict[str, Any] = {"record_type": "Parameter", "record_id": self.id}
        amount = resolve(
            read_amount(value, **where), self.unit, share=self.unit == "ratio", **where
        )
        number = float(amount.value)
        if not math.isfinite(number) or number < 0:
            raise InvalidValueError(
                "a parameter value must be finite and at least 0", value=value, **where
            )
        return number

    def use_on(self, day: dt.date, *, override: float | None = None) -> ParameterUse | None:
        """The parameter as used on ``day``: ``override`` (a value read by :meth:`parse`)
        if given, else the value in force; ``None`` when no value is in force on ``day``."""
        if override is not None:
            return ParameterUse(self.id, Amount(override, self.unit), None, self.citation, True)
        current = self.value_on(day)
        if current is None:
            return None
        return ParameterUse(
            self.id,
            Amount(current.value, self.unit),
            current.effective_from,
            current.citation() or self.citation,
        )
