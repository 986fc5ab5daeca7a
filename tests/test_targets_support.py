"""Builders shared by the target-tracking tests (no tests here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from industrial_policy import CapitalEvent, Dataset, ExchangeRate, Money, Project, Zone
from industrial_policy.findings import Finding, Report
from industrial_policy.records import Target
from industrial_policy.records.projects import ProductionValue

BILLION = 10**9


def vnd_billion(amount: int | str) -> Money:
    return Money(Decimal(amount) * BILLION, "VND")


def usd_million(amount: int | str) -> Money:
    return Money(Decimal(amount) * 10**6, "USD")


def target(**fields: Any) -> Target:
    """A stock target of at least 10 projects by 2025; ``fields`` override any of it."""
    base: dict[str, Any] = {
        "id": "t",
        "title": "A target",
        "metric": "projects",
        "kind": "stock",
        "comparator": "at_least",
        "value": 10,
        "deadline": "2025",
    }
    return Target(**(base | fields))


def park(zone_id: str, province: str, **fields: Any) -> Zone:
    fields.setdefault("kind", "industrial_park")
    return Zone(id=zone_id, name=zone_id.upper(), province=province, **fields)


def project(
    project_id: str,
    events: Sequence[tuple[str | dt.date, str, Money | None]],
    *,
    zone_id: str | None = "kcn-a",
    origin: str = "domestic",
    investor: str | None = "",
    categories: Iterable[str] = (),
    production: Iterable[tuple[int, Money]] = (),
) -> Project:
    """A project; ``investor=""`` means an investor of its own (named after the project)."""
    return Project(
        id=project_id,
        name=project_id,
        origin=origin,
        country="Japan" if origin == "fdi" else None,
        zone_id=zone_id,
        investor=f"investor of {project_id}" if investor == "" else investor,
        categories=list(categories),
        capital_events=[CapitalEvent(day, kind, amount) for day, kind, amount in events],
        production_values=[ProductionValue(year, value) for year, value in production],
    )


def usd_vnd(
    rate: int | str, effective: str = "2000-01-01", source: str = "test rate"
) -> ExchangeRate:
    return ExchangeRate("USD", "VND", rate, effective, source=source)


def only(report: Report) -> Finding:
    assert len(report) == 1, report.counts()
    return report.findings[0]


def thai_binh() -> Dataset:
    """The Thái Bình figures of 2024 (DOMAIN.md §5), as records whose flow and stock differ.

    * 309 projects licensed before 2024 and still in effect: 308 × 610 + 254 = 188,134 billion;
    * 41 of them adjusted in 2024: 40 × 190 + 266 = 7,866 billion;
    * 60 projects licensed in 2024: 60 × 200 = 12,000 billion;
    * 5 projects licensed in 2016 and terminated in 2022, 1,000 billion each.

    Flow 2024: 12,000 + 7,866 = 19,866 billion over 60 + 41 = 101 projects.
    Stock at the end of 2024: 188,134 + 7,866 + 12,000 = 208,000 billion over 309 + 60 = 369.
    """
    zones = [park("kcn-tb-1", "Thái Bình"), park("kcn-tb-2", "Thái Bình")]
    projects = []
    for i in range(309):
        licensed = dt.date(2016 + i % 8, 1 + i % 12, 1 + i % 28)
        events: list[tuple[str | dt.date, str, Money | None]] = [
            (licensed, "licensed", vnd_billion(254 if i == 308 else 610))
        ]
        if i < 41:
            adjusted = dt.date(2024, 1 + i % 12, 10)
            events.append((adjusted, "capital_adjusted", vnd_billion(266 if i == 40 else 190)))
        projects.append(project(f"old-{i:03d}", events, zone_id=f"kcn-tb-{1 + i % 2}"))
    for i in range(60):
        licensed = dt.date(2024, 1 + i % 12, 5)
        projects.append(
            project(
                f"new-{i:03d}",
                [(licensed, "licensed", vnd_billion(200))],
                zone_id=f"kcn-tb-{1 + i % 2}",
            )
        )
    for i in range(5):
        projects.append(
            project(
                f"gone-{i}",
                [("2016-06-01", "licensed", vnd_billion(1000)), ("2022-06-01", "terminated", None)],
            )
        )
    return Dataset(zones=[*zones, park("kcn-a", "Thái Bình")], projects=projects, name="Thái Bình")
