"""Investment projects: who invests, in what, and the registered capital over time.

Registered capital is a history of dated events: ``licensed`` (the capital
registered when the investment certificate was granted), ``capital_adjusted``
(the signed change in registered capital) and ``terminated``. A flow such as
"capital registered in 2024" and a stock such as "capital of projects in
effect" are both computed from this one history, so they cannot be confused.

>>> from industrial_policy.records.projects import Project, CapitalEvent
>>> p = Project(id="d1", name="Plant", origin="fdi", country="Japan",
...             capital_events=[CapitalEvent("2020-03-01", "licensed", "50 million USD"),
...                             CapitalEvent("2024-06-01", "capital_adjusted", "20 million USD")])
>>> import datetime as dt
>>> str(p.registered_capital_on(dt.date(2024, 12, 31)))
'70 million USD'
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from typing import Any

import attrs

from industrial_policy import _fields
from industrial_policy.categories import Category
from industrial_policy.errors import CurrencyMismatchError
from industrial_policy.money import Money

__all__ = [
    "CapitalEvent",
    "CapitalEventKind",
    "Origin",
    "ProductionValue",
    "Project",
]


class Origin(enum.StrEnum):
    DOMESTIC = "domestic"
    FDI = "fdi"


class CapitalEventKind(enum.StrEnum):
    LICENSED = "licensed"
    CAPITAL_ADJUSTED = "capital_adjusted"
    TERMINATED = "terminated"


@attrs.frozen
class CapitalEvent:
    """One dated change to a project's registered capital.

    ``amount`` is the capital registered at licensing, the signed change at an
    adjustment, and absent at termination.
    """

    date: dt.date = _fields.day()
    kind: CapitalEventKind = _fields.choice(CapitalEventKind)
    amount: Money | None = _fields.money(optional=True)

    @amount.validator
    def _check_amount(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.kind is CapitalEventKind.TERMINATED and value is not None:
            _fields.fail(self, field, value, "a termination carries no amount")
        if self.kind is not CapitalEventKind.TERMINATED and value is None:
            _fields.fail(self, field, value, f"a {self.kind.value} event needs an amount")
        if self.kind is CapitalEventKind.LICENSED and isinstance(value, Money) and value.amount < 0:
            _fields.fail(self, field, value, "capital registered at licensing cannot be negative")


@attrs.frozen
class ProductionValue:
    """A project's production value in one calendar year."""

    year: int = _fields.count(minimum=1900)
    value: Money = _fields.money()


@attrs.frozen
class Project:
    """An investment project, FDI (with the investor's country) or domestic."""

    id: str = _fields.identifier()
    name: str = _fields.text()
    origin: Origin = _fields.choice(Origin)
    zone_id: str | None = _fields.identifier(optional=True)
    investor: str | None = _fields.text(optional=True)
    country: str | None = _fields.text(optional=True)
    categories: frozenset[Category] = _fields.choices(Category)
    industry: str | None = _fields.text(optional=True)
    capital_events: tuple[CapitalEvent, ...] = _fields.records(CapitalEvent)
    production_values: tuple[ProductionValue, ...] = _fields.converted(
        _fields.record_tuple(ProductionValue, sort_key=lambda item: item.year), factory=tuple
    )
    employees: int | None = _fields.count(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    @country.validator
    def _check_country(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.origin is Origin.FDI and value is None:
            _fields.fail(self, field, value, "an FDI project must name the investor's country")

    @capital_events.validator
    def _check_events(self, field: attrs.Attribute[Any], value: tuple[CapitalEvent, ...]) -> None:
        if not value:
            return
        if value[0].kind is not CapitalEventKind.LICENSED:
            _fields.fail(self, field, value[0], "the first capital event must be the licence")
        for earlier, later in itertools.pairwise(value):
            if later.date < earlier.date:
                _fields.fail(
                    self,
                    field,
                    later,
                    f"capital events must be in date order ({earlier.date} comes first)",
                )
            if later.kind is CapitalEventKind.LICENSED:
                _fields.fail(self, field, later, "a project is licensed once")
            if earlier.kind is CapitalEventKind.TERMINATED:
                _fields.fail(
                    self, field, later, f"no event can follow the termination on {earlier.date}"
                )

    @production_values.validator
    def _check_years(self, field: attrs.Attribute[Any], value: tuple[ProductionValue, ...]) -> None:
        years = [item.year for item in value]
        duplicates = sorted({year for year in years if years.count(year) > 1})
        if duplicates:
            _fields.fail(self, field, duplicates, "each year may appear once")

    @property
    def licensed_on(self) -> dt.date | None:
        return self.capital_events[0].date if self.capital_events else None

    @property
    def terminated_on(self) -> dt.date | None:
        last = self.capital_events[-1] if self.capital_events else None
        return last.date if last and last.kind is CapitalEventKind.TERMINATED else None

    def in_effect_on(self, day: dt.date) -> bool:
        """Licensed on or before ``day`` and not terminated by then."""
        licensed, terminated = self.licensed_on, self.terminated_on
        if licensed is None or licensed > day:
            return False
        return terminated is None or terminated > day

    def registered_capital_on(self, day: dt.date) -> Money | None:
        """The registered capital on ``day``: licence plus adjustments to date.

        ``None`` when the project is not in effect on ``day``. Events in
        several currencies raise :class:`~industrial_policy.errors.CurrencyMismatchError`;
        convert them with the dataset's exchange rates instead.
        """
        if not self.in_effect_on(day):
            return None
        amounts = [e.amount for e in self.capital_events if e.date <= day and e.amount is not None]
        total = amounts[0]
        for amount in amounts[1:]:
            if amount.currency != total.currency:
                raise CurrencyMismatchError(
                    f"project {self.id!r} has capital in {total.currency} and {amount.currency};"
                    " convert with ExchangeRates"
                )
            total = total + amount
        return total

    def production_value_in(self, year: int) -> Money | None:
        for item in self.production_values:
            if item.year == year:
                return item.value
        return None
