"""Tracking is columnar: many projects in three currencies and 50 targets in seconds.

The default size keeps the test suite fast. Set ``INDUSTRIAL_POLICY_BENCH_PROJECTS``
(for example to 1000000) to measure at scale; the timings are printed (run
pytest with ``-s``) and kept as test properties.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from decimal import Decimal

import pytest

from industrial_policy import CapitalEvent, Dataset, ExchangeRate, Money, Project, Status, Zone
from industrial_policy.targets import Target, track

PROJECTS = int(os.environ.get("INDUSTRIAL_POLICY_BENCH_PROJECTS", "20000"))
PROVINCES = ("Hà Nội", "Hải Dương", "Thái Bình", "Quảng Nam", "Hải Phòng")
CURRENCIES = ("VND", "USD", "JPY")


def _dataset(count: int) -> Dataset:
    rng = random.Random(20240630)
    zones = [
        Zone(
            id=f"z{i}",
            name=f"Zone {i}",
            kind="industrial_park",
            province=PROVINCES[i % 5],
            total_area="500 ha",
        )
        for i in range(50)
    ]
    first = dt.date(2015, 1, 1).toordinal()
    projects = []
    for i in range(count):
        currency = CURRENCIES[i % 3]
        licensed = dt.date.fromordinal(first + rng.randrange(3650))
        events = [
            CapitalEvent(
                licensed, "licensed", Money(Decimal(rng.randrange(1, 1000) * 10**6), currency)
            )
        ]
        if i % 2 == 0:
            adjusted = licensed + dt.timedelta(days=rng.randrange(1, 700))
            change = Money(Decimal(rng.randrange(-50, 300) * 10**6), currency)
            events.append(CapitalEvent(adjusted, "capital_adjusted", change))
        if i % 10 == 0:
            events.append(
                CapitalEvent(
                    events[-1].date + dt.timedelta(days=rng.randrange(1, 900)), "terminated"
                )
            )
        projects.append(
            Project(
                id=f"p{i:07d}",
                name="project",
                origin="fdi" if i % 4 else "domestic",
                country="Japan" if i % 4 else None,
                zone_id=f"z{i % 50}",
                investor=f"investor {i % max(count // 3, 1)}",
                categories=["hi_tech"] if i % 5 == 0 else [],
                capital_events=events,
            )
        )
    rates = [
        ExchangeRate(base, quote, start + step * k, dt.date(2014 + k, 1, 1))
        for base, quote, start, step in (
            ("USD", "VND", 23_000, 100),
            ("JPY", "VND", 170, 1),
            ("USD", "JPY", 140, 1),
        )
        for k in range(13)
    ]
    return Dataset(zones=zones, projects=projects, exchange_rates=rates)


def _targets() -> list[Target]:
    kinds = [
        ("registered_capital", "flow", {"value": "100 billion USD", "deadline": "2024"}),
        ("registered_capital", "stock", {"value": "500 billion USD", "deadline": "2025-12-31"}),
        (
            "registered_capital",
            "cumulative",
            {"value": "9 billion USD", "deadline": "2025-12-31", "since": "2018"},
        ),
        ("projects", "stock", {"value": 100_000, "deadline": "2025-12-31"}),
        ("projects", "flow", {"value": 1_000, "deadline": "2021–2025"}),
        ("businesses", "stock", {"value": 1_000, "deadline": "2025-12-31"}),
        ("businesses", "cumulative", {"value": 1_000, "deadline": "2025-12-31", "since": "2018"}),
    ]
    targets = []
    for k in range(50):
        metric, kind, fields = kinds[k % len(kinds)]
        extra: dict[str, object] = {}
        if k % 3:
            extra["province"] = PROVINCES[k % 5]
        if k % 4 == 1:
            extra["origin"] = "fdi"
        if k % 6 == 2:
            extra["categories"] = ["hi_tech"]
        targets.append(
            Target(
                id=f"t{k}",
                title=f"target {k}",
                metric=metric,
                kind=kind,
                comparator="at_least",
                **fields,  # type: ignore[arg-type]
                **extra,  # type: ignore[arg-type]
            )
        )
    return targets


def test_fifty_targets_on_many_projects_in_three_currencies(
    record_property: pytest.RecordProperty,
) -> None:
    started = time.perf_counter()
    dataset = _dataset(PROJECTS)
    built = time.perf_counter()
    targets = _targets()
    report = track(dataset, targets, "2024-06-30")
    first = time.perf_counter()
    again = track(dataset, targets, "2025-03-31")
    second = time.perf_counter()
    timings = {
        "projects": PROJECTS,
        "build_dataset_s": round(built - started, 2),
        "track_first_s": round(first - built, 2),
        "track_again_s": round(second - first, 2),
    }
    for name, value in timings.items():
        record_property(name, value)
    print(f"\ntarget tracking: {timings}")
    assert len(report) == len(again) == 50
    assert not report.filter(status=Status.INSUFFICIENT_DATA).findings, report.counts()
    # Columnar: a few seconds even at a million projects; far less at the default size.
    budget = 3.0 + 12.0 * PROJECTS / 1_000_000
    assert first - built < budget
    assert second - first < budget
