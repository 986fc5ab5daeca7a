"""Rules as data: what a rule applies to, what it measures, and what it requires.

A :class:`Rule` names its scope (zones of some kinds, in a province,
specialising in hi-tech or not), its :class:`Measure` (how the actual value
comes from the dataset), a comparator and the parameter(s) holding the
threshold, the days it is in force, and its legal citation.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from industrial_policy import _fields
from industrial_policy.categories import Category
from industrial_policy.findings import Comparator
from industrial_policy.rules.parameters import Authority, Parameter
from industrial_policy.zones import EconomicZoneType, ZoneKind

__all__ = ["Level", "Measure", "MeasureKind", "Rule", "RulePack", "Scope", "Use"]


class MeasureKind(enum.StrEnum):
    """How a rule's actual value is computed (see ``docs/rules.md``)."""

    CATEGORY_SHARE = "category_share"  # land for some categories ÷ base area
    INDUSTRY_SHARE = "industry_share"  # land used by projects of the park's own industry
    OCCUPANCY = "occupancy"  # leased industrial land ÷ industrial land for lease
    TOTAL_AREA = "total_area"  # the zone's total area
    PHASE_AREA = "phase_area"  # the largest development phase (phases are not recorded)
    HOUSING_SHARE = "housing_share"  # workers' housing land ÷ the province's parks' land
    UNLEASED_AREA = "unleased_area"  # industrial land for lease not leased


class Use(enum.StrEnum):
    """Which land counts for a category: reserved for it, leased to it, or either."""

    RESERVED = "reserved"
    LEASED = "leased"
    RESERVED_OR_LEASED = "reserved_or_leased"


class Base(enum.StrEnum):
    TOTAL_AREA = "total_area"
    INDUSTRIAL_LAND = "industrial_land"


class Level(enum.StrEnum):
    """Where a rule is evaluated: each zone, each economic zone (the sum of the zones in it),
    each district (the sum of its zones in scope), each province."""

    ZONE = "zone"
    PARENT = "parent"
    DISTRICT = "district"
    PROVINCE = "province"


def _levels(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[Level, ...]:
    if value is None:
        return (Level.ZONE,)
    converter = _fields.choices(Level).converter
    chosen: frozenset[Level] = converter(value, instance, field)
    if not chosen:
        _fields.fail(instance, field, value, "a rule is evaluated at one level at least")
    return tuple(level for level in Level if level in chosen)


@attrs.frozen
class Scope:
    """The zones a rule applies to. Empty ``kinds`` means every kind."""

    kinds: frozenset[ZoneKind] = _fields.choices(ZoneKind)
    specialises_in_hi_tech: bool | None = _fields.optional_flag()
    province: str | None = _fields.text(optional=True)
    economic_zone_types: frozenset[EconomicZoneType] = _fields.choices(EconomicZoneType)

    def describe(self) -> str:
        kinds = " or ".join(sorted(k.value.replace("_", " ") + "s" for k in self.kinds)) or "zones"
        parts = [kinds]
        if self.specialises_in_hi_tech is False:
            parts.append("not specialising in hi-tech")
        elif self.specialises_in_hi_tech:
            parts.append("specialising in hi-tech")
        if self.economic_zone_types:
            parts.append(
                "of type " + " or ".join(sorted(t.value for t in self.economic_zone_types))
            )
        if self.province:
            parts.append(f"in {self.province}")
        return " ".join(parts)


@attrs.frozen
class Measure:
    """How the actual value is computed.

    ``categories`` and ``use`` apply to ``category_share``; ``base`` is the
    area the share is taken of (``total_area`` or ``industrial_land``).
    """

    kind: MeasureKind = _fields.choice(MeasureKind)
    categories: frozenset[Category] = _fields.choices(Category)
    use: Use = _fields.choice(Use, default=Use.RESERVED_OR_LEASED)
    base: Base = _fields.choice(Base, default=Base.TOTAL_AREA)

    @categories.validator
    def _check_categories(self, field: attrs.Attribute[Any], value: frozenset[Category]) -> None:
        if self.kind is MeasureKind.CATEGORY_SHARE and not value:
            _fields.fail(self, field, value, "a category share needs the categories it counts")


def _measure(value: object, instance: object, field: attrs.Attribute[Any]) -> Measure:
    if not isinstance(value, Measure):
        _fields.fail(instance, field, value, "must be a Measure")
    return value


@attrs.frozen
class Rule:
    """A policy rule: scope, measure, comparator, threshold parameter(s), period in force."""

    id: str = _fields.identifier()
    title: str = _fields.text()
    citation: str = _fields.text()
    authority: Authority = _fields.choice(Authority)
    measure: Measure = _fields.converted(_measure)
    comparator: Comparator = _fields.choice(Comparator)
    threshold: str = _fields.identifier()
    threshold_upper: str | None = _fields.identifier(optional=True)
    scope: Scope = attrs.field(factory=Scope)
    levels: tuple[Level, ...] = _fields.converted(_levels, default=None)
    in_force_from: dt.date | None = _fields.day(optional=True)
    in_force_until: dt.date | None = _fields.day(optional=True)
    jurisdiction: str | None = _fields.text(optional=True)
    note: str | None = _fields.text(optional=True)

    @scope.validator
    def _check_scope(self, field: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, Scope):
            _fields.fail(self, field, value, "must be a Scope")

    @threshold_upper.validator
    def _check_upper(self, field: attrs.Attribute[Any], value: object) -> None:
        needs = self.comparator in (Comparator.BETWEEN, Comparator.ABOUT)
        if needs and value is None:
            _fields.fail(self, field, value, f"'{self.comparator.value}' needs a second parameter")
        if not needs and value is not None:
            _fields.fail(self, field, value, f"'{self.comparator.value}' takes one parameter")

    @in_force_until.validator
    def _check_period(self, field: attrs.Attribute[Any], value: object) -> None:
        if (
            isinstance(value, dt.date)
            and self.in_force_from is not None
            and value < self.in_force_from
        ):
            _fields.fail(self, field, value, f"ends before it starts ({self.in_force_from})")

    def in_force_on(self, day: dt.date) -> bool:
        if self.in_force_from is not None and day < self.in_force_from:
            return False
        return not (self.in_force_until is not None and day > self.in_force_until)


@attrs.frozen
class RulePack:
    """Rules and the parameters they use, with one name (``vn-land``)."""

    pack: str = _fields.identifier()
    title: str = _fields.text()
    parameters: tuple[Parameter, ...] = _fields.records(Parameter)
    rules: tuple[Rule, ...] = _fields.records(Rule)
    description: str | None = _fields.text(optional=True)
