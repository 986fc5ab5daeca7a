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
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy import _fields
from industrial_policy.categories import Category
from industrial_policy.columnar import (
    COLUMN,
    CodedColumn,
    DateColumn,
    EnumColumn,
    FieldForm,
    Form,
    IntColumn,
    MoneyColumn,
    NestedColumn,
    Table,
)
from industrial_policy.columnar.checks import Violation, register
from industrial_policy.columnar.scalars import day_of
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


# What the checks of events and projects say, record by record (the validators) and
# column by column (``_event_checks`` and ``_project_checks``, for tables).
_TERMINATION_WITH_AMOUNT = "a termination carries no amount"
_NEGATIVE_LICENCE = "capital registered at licensing cannot be negative"
_FIRST_NOT_LICENCE = "the first capital event must be the licence"
_LICENSED_TWICE = "a project is licensed once"
_FDI_WITHOUT_COUNTRY = "an FDI project must name the investor's country"
_YEAR_TWICE = "each year may appear once"


def _needs_amount(kind: CapitalEventKind) -> str:
    return f"a {kind.value} event needs an amount"


def _out_of_order(first: dt.date | None) -> str:
    return f"capital events must be in date order ({first} comes first)"


def _after_termination(day: dt.date | None) -> str:
    return f"no event can follow the termination on {day}"


@_fields.typed_init
@attrs.frozen(init=False)
class CapitalEvent:
    """One dated change to a project's registered capital.

    ``amount`` is the capital registered at licensing, the signed change at an
    adjustment, and absent at termination.
    """

    date: dt.date = _fields.day()
    kind: CapitalEventKind = _fields.choice(CapitalEventKind)
    amount: Money | None = _fields.money(optional=True)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            date: _fields.DateInput,
            kind: CapitalEventKind | str,
            amount: _fields.MoneyInput | None = ...,
        ) -> None: ...

    @amount.validator
    def _check_amount(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.kind is CapitalEventKind.TERMINATED and value is not None:
            _fields.fail(self, field, value, _TERMINATION_WITH_AMOUNT)
        if self.kind is not CapitalEventKind.TERMINATED and value is None:
            _fields.fail(self, field, value, _needs_amount(self.kind))
        if self.kind is CapitalEventKind.LICENSED and isinstance(value, Money) and value.amount < 0:
            _fields.fail(self, field, value, _NEGATIVE_LICENCE)


@_fields.typed_init
@attrs.frozen(init=False)
class ProductionValue:
    """A project's production value in one calendar year."""

    year: int = _fields.count(minimum=1900)
    value: Money = _fields.money()

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(self, year: int, value: _fields.MoneyInput) -> None: ...


@_fields.typed_init
@attrs.frozen(init=False)
class Project:
    """An investment project, FDI (with the investor's country) or domestic."""

    id: str = _fields.identifier()
    name: str = _fields.text(repeats=False)
    origin: Origin = _fields.choice(Origin)
    zone_id: str | None = _fields.reference("zones", optional=True)
    investor: str | None = _fields.text(optional=True)
    country: str | None = _fields.text(optional=True)
    categories: frozenset[Category] = _fields.choices(Category)
    industry: str | None = _fields.text(optional=True)
    capital_events: tuple[CapitalEvent, ...] = _fields.records(CapitalEvent)
    production_values: tuple[ProductionValue, ...] = _fields.converted(
        _fields.record_tuple(ProductionValue, sort_key=lambda item: item.year),
        factory=tuple,
        metadata={COLUMN: FieldForm(Form.NESTED, nested=ProductionValue)},
    )
    employees: int | None = _fields.count(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            name: str,
            origin: Origin | str,
            zone_id: str | None = ...,
            investor: str | None = ...,
            country: str | None = ...,
            categories: Iterable[Category | str] = ...,
            industry: str | None = ...,
            capital_events: Iterable[CapitalEvent] = ...,
            production_values: Iterable[ProductionValue] = ...,
            employees: int | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    @country.validator
    def _check_country(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.origin is Origin.FDI and value is None:
            _fields.fail(self, field, value, _FDI_WITHOUT_COUNTRY)

    @capital_events.validator
    def _check_events(self, field: attrs.Attribute[Any], value: tuple[CapitalEvent, ...]) -> None:
        if not value:
            return
        if value[0].kind is not CapitalEventKind.LICENSED:
            _fields.fail(self, field, value[0], _FIRST_NOT_LICENCE)
        for earlier, later in itertools.pairwise(value):
            if later.date < earlier.date:
                _fields.fail(self, field, later, _out_of_order(earlier.date))
            if later.kind is CapitalEventKind.LICENSED:
                _fields.fail(self, field, later, _LICENSED_TWICE)
            if earlier.kind is CapitalEventKind.TERMINATED:
                _fields.fail(self, field, later, _after_termination(earlier.date))

    @production_values.validator
    def _check_years(self, field: attrs.Attribute[Any], value: tuple[ProductionValue, ...]) -> None:
        years = [item.year for item in value]
        duplicates = sorted({year for year in years if years.count(year) > 1})
        if duplicates:
            _fields.fail(self, field, duplicates, _YEAR_TWICE)

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


_EVENT_KINDS = list(CapitalEventKind)
_LICENSED = _EVENT_KINDS.index(CapitalEventKind.LICENSED)
_TERMINATED = _EVENT_KINDS.index(CapitalEventKind.TERMINATED)


def _event_checks(table: Table[CapitalEvent]) -> Iterator[Violation]:
    kind = table.typed("kind", EnumColumn).codes
    amount = table.typed("amount", MoneyColumn)
    given = ~amount.missing()
    terminated = kind == _TERMINATED
    yield Violation("amount", terminated & given, _TERMINATION_WITH_AMOUNT)
    yield Violation(
        "amount",
        ~terminated & ~given & (kind >= 0),
        lambda row: _needs_amount(_EVENT_KINDS[int(kind[row])]),
    )
    with np.errstate(invalid="ignore"):
        negative = (kind == _LICENSED) & given & (amount.amount < 0)
    yield Violation("amount", negative, _NEGATIVE_LICENCE)


def _project_checks(table: Table[Project]) -> Iterator[Violation]:
    origin = table.typed("origin", EnumColumn).codes
    country = table.typed("country", CodedColumn).codes
    fdi = origin == list(Origin).index(Origin.FDI)
    yield Violation("country", fdi & (country < 0), _FDI_WITHOUT_COUNTRY)

    nested = table.typed("capital_events", NestedColumn)
    events = nested.children
    kind = events.typed("kind", EnumColumn).codes
    day = events.typed("date", DateColumn).days
    starts, ends = nested.offsets[:-1], nested.offsets[1:]
    has_events = ends > starts
    first = np.where(has_events, starts, 0)
    # Each rule shows the event that breaks it, as a project's own check does.
    yield Violation(
        "capital_events",
        has_events & (kind[first] != _LICENSED) if len(kind) else has_events & False,
        _FIRST_NOT_LICENCE,
        lambda row: events[int(first[row])],
    )
    # Each event after the first of its project, with the one before it.
    later = np.ones(len(kind), dtype=np.bool_)
    later[starts[has_events]] = False
    parent = nested.parent
    after = np.flatnonzero(later)
    before = after - 1

    def on_project(events_mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        rows = np.zeros(len(table), dtype=np.bool_)
        rows[parent[after[events_mask]]] = True
        return rows

    def first_of(events_mask: npt.NDArray[np.bool_]) -> dict[int, int]:
        found: dict[int, int] = {}
        for position in np.flatnonzero(events_mask).tolist():
            found.setdefault(int(parent[after[position]]), position)
        return found

    unordered = day[after] < day[before]
    where_unordered = first_of(unordered)
    yield Violation(
        "capital_events",
        on_project(unordered),
        lambda row: _out_of_order(day_of(day[before[where_unordered[row]]])),
        lambda row: events[int(after[where_unordered[row]])],
    )
    # A licence after another licence of the project (one after events of another kind only
    # is told as a first event that is not the licence).
    licences = np.concatenate(([0], np.cumsum(kind == _LICENSED)))
    licensed = (kind[after] == _LICENSED) & (licences[after] > licences[starts[parent[after]]])
    where_licensed = first_of(licensed)
    yield Violation(
        "capital_events",
        on_project(licensed),
        _LICENSED_TWICE,
        lambda row: events[int(after[where_licensed[row]])],
    )
    following = kind[before] == _TERMINATED
    where_following = first_of(following)
    yield Violation(
        "capital_events",
        on_project(following),
        lambda row: _after_termination(day_of(day[before[where_following[row]]])),
        lambda row: events[int(after[where_following[row]])],
    )

    values = table.typed("production_values", NestedColumn)
    year = values.children.typed("year", IntColumn).numbers
    same = np.zeros(len(year), dtype=np.bool_)
    if len(year) > 1:
        same[1:] = (year[1:] == year[:-1]) & (values.parent[1:] == values.parent[:-1])
    twice = np.zeros(len(table), dtype=np.bool_)
    twice[values.parent[same]] = True

    def years_twice(row: int) -> list[int]:
        start, end = int(values.offsets[row]), int(values.offsets[row + 1])
        own = year[start:end]
        return sorted({int(y) for y in own[1:][own[1:] == own[:-1]]})

    yield Violation("production_values", twice, _YEAR_TWICE, years_twice)


register(CapitalEvent, _event_checks, order=("date", "kind"))
register(ProductionValue, order=("year",))
register(Project, _project_checks)
