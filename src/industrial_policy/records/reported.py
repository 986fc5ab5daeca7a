"""Reported aggregate figures, and the scope of zones they speak about.

Provinces publish totals ("14 industrial parks of 3,676 ha") and their parts
("11 parks in Chu Lai Open Economic Zone, 2,954 ha; 3 outside it, 716 ha").
A :class:`ReportedFigure` records one such number with the scope it covers,
so :func:`industrial_policy.reconciliation.reconcile` can check it against the
records and against its declared parts.

>>> from industrial_policy.records.reported import ReportedFigure, ZoneScope
>>> f = ReportedFigure(id="qn-area", metric="total_area", value="3676 ha",
...                    scope=ZoneScope(province="Quảng Nam"))
>>> f.value
<Quantity(3676.0, 'hectare')>
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import numbers
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pint

from industrial_policy import _fields
from industrial_policy.amounts import HECTARE, Amount
from industrial_policy.comparators import Comparator
from industrial_policy.records.zones import ZoneKind
from industrial_policy.units import area_of, format_area, parse_area

__all__ = [
    "BOUND_COMPARATORS",
    "INDUSTRIAL_ZONE_KINDS",
    "Figure",
    "ReportedFigure",
    "ReportedMetric",
    "ZoneScope",
    "figure_text",
    "stated",
]

Figure = int | pint.Quantity[Any]

INDUSTRIAL_ZONE_KINDS: frozenset[ZoneKind] = frozenset(k for k in ZoneKind if k.is_industrial_zone)

#: How a figure may be published other than exactly: "more than 6,000 ha", "at least 14 parks".
BOUND_COMPARATORS: frozenset[Comparator] = frozenset(
    {Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.AT_MOST, Comparator.LESS_THAN}
)


class ReportedMetric(enum.StrEnum):
    """What a reported figure counts or sums over the zones in its scope."""

    ZONE_COUNT = "zone_count"
    TOTAL_AREA = "total_area"
    INDUSTRIAL_LAND_AREA = "industrial_land_area"

    @property
    def is_area(self) -> bool:
        return self is not ReportedMetric.ZONE_COUNT


def name_key(name: str) -> str:
    """A place or industry name compared regardless of case and Unicode composition."""
    return unicodedata.normalize("NFC", name).casefold()


def same_name(a: str, b: str) -> bool:
    """Province and place names compare equal regardless of case and Unicode form."""
    return name_key(a) == name_key(b)


def _kinds(value: object, instance: object, field: attrs.Attribute[Any]) -> frozenset[ZoneKind]:
    if value is None:
        return INDUSTRIAL_ZONE_KINDS
    converter = _fields.choices(ZoneKind).converter
    kinds: frozenset[ZoneKind] = converter(value, instance, field)
    if not kinds:
        _fields.fail(instance, field, value, "a scope needs at least one zone kind")
    return kinds


@_fields.typed_init
@attrs.frozen(init=False)
class ZoneScope:
    """Which zones a figure covers.

    ``province`` keeps the zones of one province; ``within`` keeps the zones
    contained (at any depth) in the named zone; ``outside`` keeps the zones
    not contained in it; ``kinds`` keeps zones of those kinds (all industrial
    zone kinds by default: parks, EPZs and hi-tech parks, not clusters or EZs).
    """

    province: str | None = _fields.text(optional=True)
    within: str | None = _fields.identifier(optional=True)
    outside: str | None = _fields.identifier(optional=True)
    kinds: frozenset[ZoneKind] = _fields.converted(_kinds, default=None)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            province: str | None = ...,
            within: str | None = ...,
            outside: str | None = ...,
            kinds: Iterable[ZoneKind | str] | None = ...,
        ) -> None: ...

    def describe(self) -> str:
        kinds = (
            "industrial zones"
            if self.kinds == INDUSTRIAL_ZONE_KINDS
            else " or ".join(sorted(k.value for k in self.kinds))
        )
        parts = [kinds]
        if self.province:
            parts.append(f"in {self.province}")
        if self.within:
            parts.append(f"inside {self.within!r}")
        if self.outside:
            parts.append(f"outside {self.outside!r}")
        return " ".join(parts)


def _figure_value(
    value: object, instance: Any, field: attrs.Attribute[Any]
) -> int | pint.Quantity[Any]:
    metric = getattr(instance, "metric", None)
    if metric is ReportedMetric.ZONE_COUNT:
        count = _whole(value)
        if count is None or count < 0:
            _fields.fail(instance, field, value, "a zone count must be a whole number, at least 0")
        return count
    if isinstance(value, Amount):  # a number of a column that declares its unit (ha)
        if value.unit != HECTARE:
            _fields.fail(
                instance,
                field,
                value,
                "an area must be a number followed by a unit, such as '3676 ha'",
            )
        value = area_of(float(value.value), "hectare")
    return parse_area(
        value,
        field=field.name,
        record_type="ReportedFigure",
        record_id=_fields.record_id_of(instance),
    )


def _whole(value: object) -> int | None:
    """A whole number as a table or file gives it: an int (numpy's too), or a whole float or
    Decimal (a spreadsheet's 14.0, which JSON Schema counts as an integer); else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return None
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isfinite(number) and number.is_integer():
            return int(number)
    return None


def _parts(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        _fields.fail(instance, field, value, "must be a list of reported figure ids")
    convert = _fields.identifier().converter
    return tuple(convert(item, instance, field) for item in value)


@_fields.typed_init
@attrs.frozen(init=False)
class ReportedFigure:
    """A published aggregate: a count of zones or a sum of their areas.

    ``parts`` names other reported figures that, together, make this one up;
    reconciliation checks the figure against their sum as well as against
    the records. ``comparator`` says how the number was published when it is
    not exact: ``"more_than"`` for "more than 6,000 ha" (also ``"at_least"``,
    ``"at_most"``, ``"less_than"``); without it the figure is exact. ``same_as``
    names another reported figure of the same quantity published elsewhere
    (the same parks' area, once as 6,418 ha and once as "more than 6,000 ha"):
    the two must be able to be true together.

    >>> more = ReportedFigure(id="hp-operating", metric="total_area", value="6000 ha",
    ...                       comparator="more_than", same_as="hp-approved")
    >>> more.value_text()
    'more than 6,000 ha'
    """

    id: str = _fields.identifier()
    metric: ReportedMetric = _fields.choice(ReportedMetric)
    value: int | pint.Quantity[Any] = _fields.amount(_figure_value)
    scope: ZoneScope = attrs.field(factory=ZoneScope)
    parts: tuple[str, ...] = _fields.converted(_parts, factory=tuple)
    description: str | None = _fields.text(optional=True, repeats=False)
    as_of: dt.date | None = _fields.day(optional=True)
    source: str | None = _fields.text(optional=True)
    comparator: Comparator | None = _fields.choice(
        Comparator, optional=True, only=BOUND_COMPARATORS
    )
    same_as: str | None = _fields.reference("reported", optional=True)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            metric: ReportedMetric | str,
            value: int | _fields.AreaInput,
            scope: ZoneScope = ...,
            parts: Sequence[str] = ...,
            description: str | None = ...,
            as_of: _fields.DateInput | None = ...,
            source: str | None = ...,
            comparator: Comparator | str | None = ...,
            same_as: str | None = ...,
        ) -> None: ...

    @same_as.validator
    def _check_same_as(self, field: attrs.Attribute[Any], value: str | None) -> None:
        if value == self.id:
            _fields.fail(self, field, value, "a figure is trivially the same as itself")

    def value_text(self) -> str:
        """The figure as published: ``'3,676 ha'``, ``'more than 6,000 ha'``."""
        return stated(self.value, self.comparator)

    @scope.validator
    def _check_scope(self, field: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, ZoneScope):
            _fields.fail(self, field, value, "must be a ZoneScope")

    @parts.validator
    def _check_parts(self, field: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
        if self.id in value:
            _fields.fail(self, field, value, "a figure cannot be a part of itself")
        if len(set(value)) != len(value):
            _fields.fail(self, field, value, "a part is listed twice")


def figure_text(value: Figure | None) -> str:
    """A count or an area as a reader writes it: ``'14'``, ``'3,676 ha'``."""
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    unit = format_area(value).split(" ", 1)[1]
    return f"{float(value.magnitude):,.10g} {unit}"


def stated(value: Figure | None, comparator: Comparator | None, upper: Figure | None = None) -> str:
    """A figure with how it was published: ``'more than 6,000 ha'``, ``'between 3 and 5'``."""
    text = figure_text(value)
    if comparator is Comparator.BETWEEN:
        return f"between {text} and {figure_text(upper)}"
    return f"{comparator.words} {text}" if comparator is not None else text
