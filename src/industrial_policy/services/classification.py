"""The two classifications of online public services, and the mapping between them.

Decree 43/2011/ND-CP graded an online service in levels 1 to 4 (1:
information, 2: forms to download, 3: submitted and processed online with
the result returned offline, 4: everything online, payment and result
included). Decree 42/2022/ND-CP replaced the levels with "full-process
online" (toàn trình) and "partial online" (một phần) (DOMAIN.md §4). Data
from before and after the change mixes both.

:class:`LevelMapping` says which level corresponds to which Decree 42
category: level 4 ↔ full-process, level 3 ↔ partial, levels 1–2 ↔ none,
unless the user overrides it. Going from Decree 42 back to Decree 43 a
category stands for a *set* of levels ("none" is level 1 or 2): a question
such as "level 3 or 4?" is answered only when every level in the set gives
the same answer.

Which classification a report uses is :class:`ClassificationRule`'s
business. DOMAIN.md names Decree 42/2022/ND-CP but not the day its
classification took over, so the library invents none: the user supplies
``switch_date``, names the classification outright, or leaves both out and
lets the records decide (see :meth:`ClassificationRule.decide`).

>>> m = LevelMapping()
>>> m.service_of(4).value, sorted(m.levels_of("none"))
('full_process', [1, 2])
>>> m.describe()
'level 4 ↔ full-process online; level 3 ↔ partial online; levels 1–2 ↔ not online'
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from industrial_policy import _fields
from industrial_policy.errors import InvalidValueError
from industrial_policy.names import member
from industrial_policy.records.procedures import LEVELS, OnlineService

__all__ = [
    "LEVELS",
    "Classification",
    "ClassificationRule",
    "LevelMapping",
    "service_words",
]


class Classification(enum.StrEnum):
    """A classification of online public services."""

    DECREE_43_2011 = "decree_43_2011"  # levels 1 to 4
    DECREE_42_2022 = "decree_42_2022"  # full-process / partial online

    @property
    def citation(self) -> str:
        return {
            Classification.DECREE_43_2011: "Decree 43/2011/ND-CP",
            Classification.DECREE_42_2022: "Decree 42/2022/ND-CP",
        }[self]


_SERVICE_WORDS = {
    OnlineService.FULL_PROCESS: "full-process online",
    OnlineService.PARTIAL: "partial online",
    OnlineService.NONE: "not online",
}


def service_words(service: OnlineService) -> str:
    """How a Decree 42 category is named in explanations.

    >>> service_words(OnlineService.PARTIAL)
    'partial online'
    """
    return _SERVICE_WORDS[service]


def _levels_text(levels: list[int]) -> str:
    if len(levels) == 1:
        return f"level {levels[0]}"
    if levels == list(range(levels[0], levels[-1] + 1)):
        return f"levels {levels[0]}–{levels[-1]}"
    return "levels " + ", ".join(str(level) for level in levels)


@attrs.frozen
class LevelMapping:
    """Which Decree 42/2022 category each Decree 43/2011 level corresponds to.

    The default is the correspondence of DOMAIN.md §4 (full-process ≈ level
    4, partial ≈ level 3); levels 1 and 2 were never online processing, so
    they map to "none". Override any level:

    >>> LevelMapping(level_3="none").levels_of("partial")
    frozenset()
    """

    level_1: OnlineService = _fields.choice(OnlineService, default=OnlineService.NONE)
    level_2: OnlineService = _fields.choice(OnlineService, default=OnlineService.NONE)
    level_3: OnlineService = _fields.choice(OnlineService, default=OnlineService.PARTIAL)
    level_4: OnlineService = _fields.choice(OnlineService, default=OnlineService.FULL_PROCESS)
    source: str | None = _fields.text(optional=True)

    def service_of(self, level: int) -> OnlineService:
        """The Decree 42 category of a Decree 43 level."""
        if isinstance(level, bool) or level not in LEVELS:
            raise InvalidValueError(
                "a Decree 43/2011/ND-CP level is 1, 2, 3 or 4",
                value=level,
                record_type="LevelMapping",
            )
        service: OnlineService = getattr(self, f"level_{level}")
        return service

    def levels_of(self, service: OnlineService | str) -> frozenset[int]:
        """The Decree 43 levels a Decree 42 category stands for (possibly none)."""
        try:
            wanted = member(OnlineService, service)
        except ValueError:
            raise InvalidValueError(
                f"must be one of {', '.join(repr(s.value) for s in OnlineService)}",
                value=service,
                record_type="LevelMapping",
            ) from None
        return frozenset(level for level in LEVELS if self.service_of(level) is wanted)

    @property
    def is_default(self) -> bool:
        return (self.level_1, self.level_2, self.level_3, self.level_4) == (
            OnlineService.NONE,
            OnlineService.NONE,
            OnlineService.PARTIAL,
            OnlineService.FULL_PROCESS,
        )

    def describe(self) -> str:
        """The mapping in one line, as explanations show it."""
        parts = []
        for service in (OnlineService.FULL_PROCESS, OnlineService.PARTIAL, OnlineService.NONE):
            levels = sorted(self.levels_of(service))
            if levels:
                parts.append(f"{_levels_text(levels)} ↔ {service_words(service)}")
        unmapped = [s for s in OnlineService if not self.levels_of(s)]
        text = "; ".join(parts)
        if unmapped:
            names = ", ".join(service_words(s) for s in unmapped)
            text += f"; no level is {names}"
        if not self.is_default:
            text += " (user-supplied mapping)"
        if self.source:
            text += f" [{self.source}]"
        return text


def _mapping(value: object, instance: object, field: attrs.Attribute[Any]) -> LevelMapping:
    if value is None:
        return LevelMapping()
    if isinstance(value, LevelMapping):
        return value
    if isinstance(value, dict):
        try:
            return LevelMapping(**value)
        except TypeError:
            _fields.fail(
                instance, field, value, "a mapping has the fields level_1 to level_4 and source"
            )
        except InvalidValueError as exc:
            _fields.relocate(instance, field, exc)
    _fields.fail(instance, field, value, "must be a LevelMapping")
    raise AssertionError  # unreachable: fail() raises


@attrs.frozen
class ClassificationRule:
    """Which classification a report is given in, and how the other one is converted.

    * ``switch_date``: the first day on which Decree 42/2022/ND-CP's
      classification is reported. DOMAIN.md gives no such date, so there is
      no default: supply the one your reporting follows.
    * ``classification``: report in this classification whatever the date
      (overrides ``switch_date``).
    * Neither: the records decide (:meth:`decide`).

    ``mapping`` converts records kept in the other classification; the
    explanation of every rate names it.

    >>> rule = ClassificationRule(switch_date="2022-08-01")
    >>> rule.in_force(dt.date(2022, 7, 31)).value, rule.in_force(dt.date(2022, 8, 1)).value
    ('decree_43_2011', 'decree_42_2022')
    """

    switch_date: dt.date | None = _fields.day(optional=True)
    classification: Classification | None = _fields.choice(Classification, optional=True)
    mapping: LevelMapping = _fields.converted(_mapping, default=None)

    def in_force(self, as_of: dt.date) -> Classification | None:
        """The classification reported on ``as_of``; ``None`` when the records must decide."""
        if self.classification is not None:
            return self.classification
        if self.switch_date is None:
            return None
        if as_of >= self.switch_date:
            return Classification.DECREE_42_2022
        return Classification.DECREE_43_2011

    def decide(
        self, as_of: dt.date, *, level_only: int, service_only: int, both: int
    ) -> tuple[Classification, str]:
        """The classification to report on ``as_of`` and why, given what the records carry.

        ``level_only``, ``service_only`` and ``both`` count the procedures whose
        record in force carries only a Decree 43 level, only a Decree 42
        category, or both. Without a switch date or a classification, a record
        carrying a Decree 42 category shows the data were kept under Decree
        42: it is reported when no record carries a level alone, Decree 43
        when no record carries a category; a mix of the two cannot be decided
        and raises :class:`~industrial_policy.errors.InvalidValueError`.

        >>> c, why = ClassificationRule().decide(dt.date(2024, 1, 1), level_only=0,
        ...                                      service_only=5, both=1)
        >>> c.value
        'decree_42_2022'
        """
        if self.classification is not None:
            return self.classification, f"{self.classification.citation}, as the user chose"
        if self.switch_date is not None:
            chosen = self.in_force(as_of)
            assert chosen is not None
            side = "on or after" if as_of >= self.switch_date else "before"
            return chosen, (
                f"{chosen.citation}: {as_of.isoformat()} is {side} the switch date"
                f" {self.switch_date.isoformat()} supplied by the user"
            )
        if level_only and service_only:
            raise InvalidValueError(
                f"on {as_of.isoformat()}, {level_only} procedures are recorded only at a"
                f" Decree 43/2011 level and {service_only} only in a Decree 42/2022 category:"
                " give the switch date your reporting follows (switch_date) or the"
                " classification to report in (classification); DOMAIN.md gives no date",
                value=as_of,
                field="switch_date",
                record_type="ClassificationRule",
            )
        if service_only or both:
            return Classification.DECREE_42_2022, (
                "Decree 42/2022/ND-CP: no switch date was given and the records in force carry"
                " Decree 42 categories"
            )
        return Classification.DECREE_43_2011, (
            "Decree 43/2011/ND-CP: no switch date was given and the records in force carry"
            " only Decree 43 levels"
        )
