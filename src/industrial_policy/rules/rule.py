"""Rules as data: what a rule applies to, what it measures, and what it requires.

A :class:`Rule` names its :class:`Scope` (zones of some kinds, in a
province, specialising in hi-tech or not), its :class:`Measure` (how the
actual value comes from the dataset), a comparator and the parameter(s)
holding the threshold, the levels it is evaluated at (each zone, each
economic zone, district or province), the days it is in force, its legal
citation and its authority. See ``docs/rules.md`` for every measure.

>>> rule = Rule(id="r", title="T", citation="C", authority="provincial",
...             scope=Scope(kinds=["industrial_cluster"]),
...             measure=Measure(kind="category_share", categories=["supporting_industry"],
...                             use="reserved", base="total_area"),
...             comparator="at_least", threshold="r.min-share", levels=["zone", "province"])
>>> rule.levels, rule.measure.unit
((<Level.ZONE: 'zone'>, <Level.PROVINCE: 'province'>), 'ratio')
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from industrial_policy import _fields
from industrial_policy.categories import Category
from industrial_policy.comparators import Comparator
from industrial_policy.records.zones import EconomicZoneType, ZoneKind
from industrial_policy.rules.parameters import Authority

__all__ = [
    "Base",
    "Condition",
    "Fact",
    "FactRole",
    "Level",
    "Measure",
    "MeasureKind",
    "Rule",
    "Scope",
    "Use",
    "name_of",
]


class MeasureKind(enum.StrEnum):
    """How a rule's actual value is computed from the dataset (``docs/rules.md``)."""

    CATEGORY_SHARE = "category_share"  # land for some categories ÷ base area
    INDUSTRY_SHARE = "industry_share"  # land leased to projects of the park's own industry ÷ base
    OCCUPANCY = "occupancy"  # industrial land leased ÷ industrial land for lease
    UNLEASED_AREA = "unleased_area"  # industrial land for lease − industrial land leased, in ha
    TOTAL_AREA = "total_area"  # the zone's total area, in ha
    AREA_AFTER_EXPANSION = "area_after_expansion"  # total area + a proposed expansion (input)
    LARGEST_PHASE = "largest_phase"  # the largest development phase (input), in ha
    HOUSING_SHARE = "housing_share"  # land for workers' housing ÷ the parks' total area

    @property
    def unit(self) -> str:
        """``"ratio"`` for shares, ``"hectare"`` for areas: the unit of its threshold too."""
        return "ratio" if self in _SHARES else "hectare"

    @property
    def is_share(self) -> bool:
        return self in _SHARES


_SHARES = frozenset(
    {
        MeasureKind.CATEGORY_SHARE,
        MeasureKind.INDUSTRY_SHARE,
        MeasureKind.OCCUPANCY,
        MeasureKind.HOUSING_SHARE,
    }
)
_WITH_BASE = frozenset(
    {MeasureKind.CATEGORY_SHARE, MeasureKind.INDUSTRY_SHARE, MeasureKind.HOUSING_SHARE}
)
_INPUT_REQUIRED = frozenset({MeasureKind.AREA_AFTER_EXPANSION, MeasureKind.LARGEST_PHASE})
_INPUT_ALLOWED = _INPUT_REQUIRED | {MeasureKind.HOUSING_SHARE}


class Use(enum.StrEnum):
    """Which land counts for a category: reserved for it, leased to it, or either."""

    RESERVED = "reserved"
    LEASED = "leased"
    RESERVED_OR_LEASED = "reserved_or_leased"


class Base(enum.StrEnum):
    """The area a share is taken of."""

    TOTAL_AREA = "total_area"
    INDUSTRIAL_LAND = "industrial_land"


class Level(enum.StrEnum):
    """Where a rule is evaluated: each zone, or a roll-up of the zones in scope.

    Roll-ups (each economic zone, from the zones inside it; each district;
    each province) add hectares up and divide once: they never average shares.
    """

    ZONE = "zone"
    ECONOMIC_ZONE = "economic_zone"
    DISTRICT = "district"
    PROVINCE = "province"

    @property
    def subject_kind(self) -> str:
        return self.value.replace("_", " ")


def _levels(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[Level, ...]:
    if value is None:
        return (Level.ZONE,)
    chosen: frozenset[Level] = _fields.choices(Level).converter(value, instance, field)
    if not chosen:
        _fields.fail(instance, field, value, "a rule is evaluated at one level at least")
    return tuple(level for level in Level if level in chosen)


def name_of(member: enum.Enum) -> str:
    """An enum value in words: ``hi_tech_park`` → ``hi-tech park``."""
    text = str(member.value).replace("hi_tech", "hi-tech").replace("start_up", "start-up")
    return text.replace("_", " ")


def _words(members: frozenset[Any]) -> str:
    return " or ".join(sorted(name_of(m) for m in members))


@attrs.frozen
class Scope:
    """The zones a rule applies to; an empty ``kinds`` means zones of every kind.

    ``specialises_in_hi_tech`` (``true``/``false``) keeps only the zones that
    do or do not; ``province`` keeps one province (names compared without
    regard to case or diacritics' composition); ``economic_zone_types`` keeps
    economic zones of those types.
    """

    kinds: frozenset[ZoneKind] = _fields.choices(ZoneKind)
    specialises_in_hi_tech: bool | None = _fields.optional_flag()
    province: str | None = _fields.text(optional=True)
    economic_zone_types: frozenset[EconomicZoneType] = _fields.choices(EconomicZoneType)

    @property
    def may_hold_economic_zones(self) -> bool:
        return not self.kinds or ZoneKind.ECONOMIC_ZONE in self.kinds

    def describe(self) -> str:
        """The scope in words: ``industrial clusters in Hải Dương``."""
        parts = [" or ".join(sorted(_plural(k) for k in self.kinds)) or "zones of every kind"]
        if self.economic_zone_types:
            parts.append(f"of type {_words(self.economic_zone_types)}")
        if self.specialises_in_hi_tech is False:
            parts.append("not specialising in hi-tech")
        elif self.specialises_in_hi_tech:
            parts.append("specialising in hi-tech")
        if self.province:
            parts.append(f"in {self.province}")
        return " ".join(parts)


def _plural(kind: ZoneKind) -> str:
    return name_of(kind) + "s"


@attrs.frozen
class Measure:
    """How the actual value is computed.

    * ``categories`` and ``use`` (which land counts: ``reserved``,
      ``leased`` or ``reserved_or_leased``) are required by
      ``category_share`` and refused elsewhere;
    * ``base`` (``total_area`` or ``industrial_land``) is required by the
      shares of a chosen base (``category_share``, ``industry_share``,
      ``housing_share``); occupancy is always over the industrial land for
      lease, by definition;
    * ``input`` names a value the user supplies at evaluation
      (``evaluate(..., inputs={name: {subject: value}})``) for what the data
      model does not hold: required by ``area_after_expansion`` (the proposed
      expansion) and ``largest_phase`` (the largest phase), optional for
      ``housing_share`` (housing land outside the parks).
    """

    kind: MeasureKind = _fields.choice(MeasureKind)
    categories: frozenset[Category] = _fields.choices(Category)
    use: Use | None = _fields.choice(Use, optional=True)
    base: Base | None = _fields.choice(Base, optional=True)
    input: str | None = _fields.identifier(optional=True)

    @categories.validator
    def _check_categories(self, field: attrs.Attribute[Any], value: frozenset[Category]) -> None:
        if self.kind is MeasureKind.CATEGORY_SHARE and not value:
            _fields.fail(self, field, value, "a category share needs the categories it counts")
        if self.kind is not MeasureKind.CATEGORY_SHARE and value:
            _fields.fail(self, field, value, f"{self.kind.value} takes no categories")

    @use.validator
    def _check_use(self, field: attrs.Attribute[Any], value: Use | None) -> None:
        if self.kind is MeasureKind.CATEGORY_SHARE and value is None:
            _fields.fail(
                self, field, value, "say which land counts: reserved, leased or reserved_or_leased"
            )
        if self.kind is not MeasureKind.CATEGORY_SHARE and value is not None:
            _fields.fail(self, field, value, f"{self.kind.value} takes no use")

    @base.validator
    def _check_base(self, field: attrs.Attribute[Any], value: Base | None) -> None:
        if self.kind in _WITH_BASE and value is None:
            _fields.fail(
                self, field, value, "say what the share is of: total_area or industrial_land"
            )
        if self.kind is MeasureKind.OCCUPANCY and value is not None:
            _fields.fail(
                self, field, value, "occupancy is always over the industrial land for lease"
            )
        elif self.kind not in _WITH_BASE and value is not None:
            _fields.fail(self, field, value, f"{self.kind.value} takes no base")

    @input.validator
    def _check_input(self, field: attrs.Attribute[Any], value: str | None) -> None:
        if self.kind in _INPUT_REQUIRED and value is None:
            _fields.fail(self, field, value, f"{self.kind.value} needs the name of its input")
        if self.kind not in _INPUT_ALLOWED and value is not None:
            _fields.fail(self, field, value, f"{self.kind.value} takes no input")

    @property
    def unit(self) -> str:
        return self.kind.unit

    def describe(self) -> str:
        """The formula in words."""
        base = name_of(self.base or Base.INDUSTRIAL_LAND)
        kind = self.kind
        if kind is MeasureKind.CATEGORY_SHARE:
            which = {
                Use.RESERVED: "reserved for",
                Use.LEASED: "leased on the date to projects of",
                Use.RESERVED_OR_LEASED: "reserved for, or leased on the date to projects of,",
            }[self.use or Use.RESERVED_OR_LEASED]
            return f"share = land {which} {_words(self.categories)} ÷ {base}"
        if kind is MeasureKind.INDUSTRY_SHARE:
            return f"share = land leased on the date to projects of the park's industry ÷ {base}"
        if kind is MeasureKind.OCCUPANCY:
            return "occupancy = industrial land leased on the date ÷ industrial land for lease"
        if kind is MeasureKind.UNLEASED_AREA:
            return "unleased land = industrial land for lease − industrial land leased on the date"
        if kind is MeasureKind.TOTAL_AREA:
            return "the zone's total area"
        if kind is MeasureKind.AREA_AFTER_EXPANSION:
            return "area after expansion = total area + the proposed expansion"
        if kind is MeasureKind.LARGEST_PHASE:
            return "the area of the park's largest development phase"
        extra = " + housing land outside the parks" if self.input else ""
        return f"share = (land for workers' housing in the parks{extra}) ÷ {base} of the parks"


@attrs.frozen
class Condition:
    """A measure held against a threshold: what an alternative condition of a rule is."""

    measure: Measure = _fields.converted(_fields.instance_of(Measure))
    comparator: Comparator = _fields.choice(Comparator)
    threshold: str = _fields.identifier()
    threshold_upper: str | None = _fields.identifier(optional=True)

    @threshold_upper.validator
    def _check_upper(self, field: attrs.Attribute[Any], value: object) -> None:
        _check_pair(self, field, self.comparator, value)

    def parameter_ids(self) -> tuple[str, ...]:
        """The ids of the parameters it is held against."""
        if self.threshold_upper is None:
            return (self.threshold,)
        return (self.threshold, self.threshold_upper)


def _check_pair(
    instance: object, field: attrs.Attribute[Any], comparator: Comparator, value: object
) -> None:
    needs = comparator in (Comparator.BETWEEN, Comparator.ABOUT)
    if needs and value is None:
        _fields.fail(
            instance, field, value, f"'{comparator.value}' needs a second parameter (top or ±)"
        )
    if not needs and value is not None:
        _fields.fail(instance, field, value, f"'{comparator.value}' takes one parameter")


class FactRole(enum.StrEnum):
    """What a yes/no fact the user gives does to a rule's verdict."""

    ALTERNATIVE = "alternative"  # "yes" satisfies the rule, whatever the measures say
    REQUIRED = "required"  # "no" fails the rule; not given, a pass is insufficient data


@attrs.frozen
class Fact:
    """A condition of a rule that the data model does not hold, given by the user as yes/no.

    ``input`` names it in ``evaluate(..., inputs={input: {subject: True}})``;
    ``text`` says it in words (``"the cluster's essential shared infrastructure
    is completed"``). An ``alternative`` fact given ``True`` satisfies the rule;
    a ``required`` one given ``False`` fails it. Not given, the finding names
    the input: a failure that an alternative could lift, or a pass that a
    requirement could undo, is reported as insufficient data.
    """

    input: str = _fields.identifier()
    text: str = _fields.text()
    role: FactRole = _fields.choice(FactRole)


def _facts(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[Fact, ...]:
    facts: tuple[Fact, ...] = _fields.record_tuple(Fact)(value, instance, field)
    names = [f.input for f in facts]
    if len(set(names)) != len(names):
        _fields.fail(instance, field, names, "a fact's input is named twice")
    return facts


@attrs.frozen
class Rule:
    """A policy rule: scope, measure, comparator, threshold parameter(s), period in force.

    ``alternative`` is a second condition that also satisfies the rule
    ("occupancy above 50%, or unleased land at most 100 ha");
    ``unchecked_alternative`` describes one the data cannot show, so that
    failed conditions are reported as insufficient data rather than as a
    failure; ``facts`` are such conditions the user can give as yes/no
    (:class:`Fact`). ``in_force_until`` is the last day in force (inclusive).
    ``instrument`` names the legal text the rule comes from (``"Decree
    32/2024/NĐ-CP"``); ``before`` says what governed before ``in_force_from``
    and ``superseded_by`` what replaced it after ``in_force_until``: a finding
    on a day outside the period says so (``"Decree 32/2024/NĐ-CP in force from
    2024-05-01; the earlier rule is not shipped"``).
    """

    id: str = _fields.identifier()
    title: str = _fields.text()
    citation: str = _fields.text()
    authority: Authority = _fields.choice(Authority)
    measure: Measure = _fields.converted(_fields.instance_of(Measure))
    comparator: Comparator = _fields.choice(Comparator)
    threshold: str = _fields.identifier()
    threshold_upper: str | None = _fields.identifier(optional=True)
    scope: Scope = _fields.converted(_fields.instance_of(Scope), factory=Scope)
    levels: tuple[Level, ...] = _fields.converted(_levels, default=None)
    alternative: Condition | None = _fields.converted(
        _fields.instance_of(Condition, optional=True), default=None
    )
    unchecked_alternative: str | None = _fields.text(optional=True)
    in_force_from: dt.date | None = _fields.day(optional=True)
    in_force_until: dt.date | None = _fields.day(optional=True)
    jurisdiction: str | None = _fields.text(optional=True)
    note: str | None = _fields.text(optional=True)
    instrument: str | None = _fields.text(optional=True)
    before: str | None = _fields.text(optional=True)
    superseded_by: str | None = _fields.text(optional=True)
    facts: tuple[Fact, ...] = _fields.converted(_facts, factory=tuple)

    @threshold_upper.validator
    def _check_upper(self, field: attrs.Attribute[Any], value: object) -> None:
        _check_pair(self, field, self.comparator, value)

    @levels.validator
    def _check_levels(self, field: attrs.Attribute[Any], value: tuple[Level, ...]) -> None:
        if Level.ECONOMIC_ZONE in value and self.scope.may_hold_economic_zones:
            _fields.fail(
                self,
                field,
                [v.value for v in value],
                "a rule whose scope holds economic zones cannot roll up to economic zones",
            )
        measures = [self.measure] + ([self.alternative.measure] if self.alternative else [])
        if (any(m.input for m in measures) or self.facts) and len(value) != 1:
            _fields.fail(
                self,
                field,
                [v.value for v in value],
                "a measure with a user input is evaluated at one level, the input's",
            )

    @in_force_until.validator
    def _check_period(self, field: attrs.Attribute[Any], value: object) -> None:
        start = self.in_force_from
        if isinstance(value, dt.date) and start is not None and value < start:
            _fields.fail(self, field, value, f"ends before it starts ({start.isoformat()})")

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The rule's own condition, then its alternative if it has one."""
        own = Condition(self.measure, self.comparator, self.threshold, self.threshold_upper)
        return (own, self.alternative) if self.alternative else (own,)

    def in_force_on(self, day: dt.date) -> bool:
        if self.in_force_from is not None and day < self.in_force_from:
            return False
        return not (self.in_force_until is not None and day > self.in_force_until)

    def out_of_force(self, day: dt.date) -> str | None:
        """Why the rule does not apply on ``day`` (``None`` when it is in force): the
        instrument's period, and what governed before it or replaced it after."""
        name = self.instrument or "the rule"
        if self.in_force_from is not None and day < self.in_force_from:
            before = self.before or "the earlier rule is not shipped"
            return f"{name} in force from {self.in_force_from.isoformat()}; {before}"
        if self.in_force_until is not None and day > self.in_force_until:
            after = self.superseded_by or "the later rule is not shipped"
            return f"{name} in force until {self.in_force_until.isoformat()}; {after}"
        return None

    def period_text(self) -> str:
        start = self.in_force_from.isoformat() if self.in_force_from else "no start date"
        end = self.in_force_until.isoformat() if self.in_force_until else "no end date"
        return f"in force from {start} to {end}"
