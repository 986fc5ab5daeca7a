"""Projects: capital histories, the capital registered on a day, being in effect, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.errors import CurrencyMismatchError, InvalidValueError
from industrial_policy.money import Money
from industrial_policy.records.projects import (
    CapitalEvent,
    CapitalEventKind,
    Origin,
    ProductionValue,
    Project,
)
from industrial_policy.testing import (
    InvalidInput,
    capital_events,
    invalid_capital_events,
    invalid_projects,
    projects,
)

DAY = dt.timedelta(days=1)
BASE: dict[str, Any] = {"id": "d-1", "name": "Nhà máy", "origin": "domestic"}


def capital_oracle(events: list[CapitalEvent], day: dt.date) -> Money | None:
    """Licence plus every adjustment up to ``day``; nothing before the licence or from the
    termination on. Written from the definition, not from the library's code."""
    licence = events[0].date
    ended = [e.date for e in events if e.kind is CapitalEventKind.TERMINATED]
    if day < licence or (ended and day >= ended[0]):
        return None
    currency = events[0].amount.currency  # type: ignore[union-attr]
    total = sum(
        (e.amount.amount for e in events if e.date <= day and e.amount is not None), Decimal(0)
    )
    return Money(total, currency)


@given(projects(["KCN Đại An"]))
def test_generated_projects_are_valid(project: Project) -> None:
    if project.origin is Origin.FDI:
        assert project.country is not None
    assert attrs.evolve(project) == project


@given(invalid_projects())
def test_invalid_projects_are_refused_naming_class_field_value_and_id(case: InvalidInput) -> None:
    case.check()


@given(invalid_capital_events())
def test_invalid_capital_events_are_refused(case: InvalidInput) -> None:
    case.check()


@settings(max_examples=10)
@given(projects())
def test_projects_are_frozen(project: Project) -> None:
    for field in attrs.fields(Project):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(project, field.name, None)


@given(events=capital_events(), day=st.dates(dt.date(1999, 1, 1), dt.date(2033, 12, 31)))
def test_registered_capital_on_a_day_is_the_licence_plus_adjustments(
    events: list[CapitalEvent], day: dt.date
) -> None:
    project = Project(**BASE, capital_events=events)
    assert project.registered_capital_on(day) == capital_oracle(events, day)


@given(events=capital_events())
def test_registered_capital_at_each_event(events: list[CapitalEvent]) -> None:
    project = Project(**BASE, capital_events=events)
    for event in events:
        for day in (event.date - DAY, event.date, event.date + DAY):
            assert project.registered_capital_on(day) == capital_oracle(events, day)


@given(events=capital_events())
def test_in_effect_from_the_licence_until_the_termination(events: list[CapitalEvent]) -> None:
    project = Project(**BASE, capital_events=events)
    licence = events[0].date
    assert project.licensed_on == licence
    assert not project.in_effect_on(licence - DAY)
    ended = project.terminated_on
    if ended is None:
        assert project.in_effect_on(licence)
        assert project.in_effect_on(dt.date(2100, 1, 1))
    else:
        assert events[-1].kind is CapitalEventKind.TERMINATED
        assert ended == events[-1].date
        assert not project.in_effect_on(ended)  # not in effect on the day it ends
        assert project.in_effect_on(ended - DAY) is (ended - DAY >= licence)


def test_a_project_without_events_is_never_in_effect() -> None:
    project = Project(**BASE)
    assert project.licensed_on is None
    assert not project.in_effect_on(dt.date(2024, 1, 1))
    assert project.registered_capital_on(dt.date(2024, 1, 1)) is None


def test_the_docstring_example_in_numbers() -> None:
    project = Project(
        id="d1",
        name="Plant",
        origin="fdi",
        country="Japan",
        capital_events=[
            CapitalEvent("2020-03-01", "licensed", "50 million USD"),
            CapitalEvent("2024-06-01", "capital_adjusted", "20 million USD"),
            CapitalEvent("2025-01-01", "terminated"),
        ],
    )
    assert project.registered_capital_on(dt.date(2024, 5, 31)) == Money(50_000_000, "USD")
    assert project.registered_capital_on(dt.date(2024, 6, 1)) == Money(70_000_000, "USD")
    assert project.registered_capital_on(dt.date(2024, 12, 31)) == Money(70_000_000, "USD")
    assert project.registered_capital_on(dt.date(2025, 1, 1)) is None


def test_an_fdi_project_names_the_investors_country() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Project(id="d-9", name="Plant", origin="fdi")
    assert caught.value.field == "country"
    assert "Project 'd-9'.country" in str(caught.value)
    assert Project(id="d-9", name="Plant", origin="fdi", country="Hàn Quốc").country == "Hàn Quốc"


def test_capital_in_two_currencies_is_not_added() -> None:
    project = Project(
        **BASE,
        capital_events=[
            CapitalEvent("2020-01-01", "licensed", "5 million USD"),
            CapitalEvent("2022-01-01", "capital_adjusted", "VND 100 billion"),
        ],
    )
    assert project.registered_capital_on(dt.date(2021, 1, 1)) == Money(5_000_000, "USD")
    with pytest.raises(CurrencyMismatchError, match="USD") as caught:
        project.registered_capital_on(dt.date(2022, 1, 1))
    assert "VND" in str(caught.value)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([("2020-01-01", "capital_adjusted", "5 million USD")], "first capital event"),
        (
            [
                ("2020-01-01", "licensed", "5 million USD"),
                ("2019-12-31", "capital_adjusted", "1 USD"),
            ],
            "date order",
        ),
        (
            [("2020-01-01", "licensed", "5 million USD"), ("2021-01-01", "licensed", "1 USD")],
            "licensed once",
        ),
        (
            [
                ("2020-01-01", "licensed", "5 million USD"),
                ("2021-01-01", "terminated", None),
                ("2021-01-01", "capital_adjusted", "1 USD"),
            ],
            "follow the termination",
        ),
    ],
)
def test_capital_history_rules(events: list[tuple[str, str, str | None]], message: str) -> None:
    with pytest.raises(InvalidValueError, match=message) as caught:
        Project(**BASE, capital_events=[CapitalEvent(*event) for event in events])
    assert caught.value.field == "capital_events"
    assert caught.value.record_id == "d-1"


def test_production_values_by_year() -> None:
    project = Project(
        **BASE,
        production_values=[
            ProductionValue(2025, "4 billion VND"),
            ProductionValue(2024, "3 billion VND"),
        ],
    )
    assert [item.year for item in project.production_values] == [2024, 2025]
    assert project.production_value_in(2024) == Money(3_000_000_000, "VND")
    assert project.production_value_in(2023) is None
