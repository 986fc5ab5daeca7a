"""Synthetic national datasets, deterministic from a seed.

The shapes follow :mod:`industrial_policy.testing` (zones with economic-zone
parents and clusters, parcels reserved, leased and vacant, projects with dated
capital events in several currencies, dossiers over procedures and
provinces), drawn with plain numpy random numbers so that a million records
take seconds. Nothing here is a real figure: the records are illustrative.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

import industrial_policy as ip
from industrial_policy.io.files import to_document
from industrial_policy.records import Target
from industrial_policy.services import DossierTable, Procedure
from industrial_policy.units import registry

PROVINCES = tuple(f"Tỉnh {i:02d}" for i in range(1, 64))  # 63, as in Viet Nam
CURRENCIES = ("VND", "USD", "JPY")
CATEGORY_NAMES = ("hi_tech", "supporting_industry", "other", None)
STATUS_NAMES = ("leased", "vacant", "reserved")


def _zones(count: int) -> list[ip.Zone]:
    """One economic zone per province, then parks (a third of them inside an economic zone),
    clusters (three in five zones) and some export-processing zones and hi-tech parks."""
    hectare = registry().Quantity
    records = [
        ip.Zone(id=f"ez{i}", name=f"KKT {i}", kind="economic_zone", province=PROVINCES[i],
                total_area=hectare(1e7, "hectare"))
        for i in range(len(PROVINCES))
    ]  # fmt: skip
    for i in range(count):
        if i % 5 in (0, 1, 2):
            kind, parent = "industrial_cluster", None
        else:
            kind = "export_processing_zone" if i % 50 == 3 else "industrial_park"
            parent = f"ez{i % len(PROVINCES)}" if i % 3 == 0 else None
        records.append(
            ip.Zone(
                id=f"z{i}",
                name=f"Zone {i}",
                kind=kind,
                province=PROVINCES[i % len(PROVINCES)],
                district=f"Huyện {i % 11}",
                total_area=hectare(1000.0, "hectare"),
                industrial_land_area=hectare(800.0, "hectare"),
                parent_id=parent,
            )
        )
    return records


def land_dataset(zones: int, parcels: int, seed: int = 1, tenants: int = 300) -> ip.Dataset:
    """``parcels`` parcels spread over ``zones`` zones, with ``tenants`` tenant projects
    (a third hi-tech, a third supporting industry, a third of unrecorded category)."""
    rng = np.random.default_rng(seed)
    hectare = registry().Quantity
    projects = [
        ip.Project(id=f"t{i}", name=f"Tenant {i}", origin="domestic",
                   categories=[["hi_tech"], ["supporting_industry"], []][i % 3])
        for i in range(tenants)
    ]  # fmt: skip
    zone_of = rng.integers(0, zones, parcels)
    status = rng.integers(0, 3, parcels)
    category = rng.integers(0, 4, parcels)
    tenant = rng.integers(-1, tenants, parcels)
    area = rng.uniform(0.01, 0.14, parcels)
    lease_start = dt.date(2010, 1, 1).toordinal() + rng.integers(0, 5000, parcels)
    items = []
    for i in range(parcels):
        kind = STATUS_NAMES[status[i]]
        chosen = CATEGORY_NAMES[category[i]] if kind != "vacant" else None
        if kind == "reserved" and chosen is None:
            chosen = "other"
        leased = kind == "leased"
        items.append(
            ip.Parcel(
                id=f"p{i}",
                zone_id=f"z{zone_of[i]}",
                area=hectare(float(area[i]), "hectare"),
                status=kind,
                category=chosen,
                project_id=f"t{tenant[i]}" if leased and tenant[i] >= 0 else None,
                lease_start=dt.date.fromordinal(int(lease_start[i])) if leased else None,
            )
        )
    return ip.Dataset(zones=_zones(zones), parcels=items, projects=projects)


def exchange_rates() -> list[ip.ExchangeRate]:
    """Yearly rates for the three pairs (illustrative numbers, not official rates)."""
    return [
        ip.ExchangeRate(base, quote, start + step * k, dt.date(2009 + k, 1, 1))
        for base, quote, start, step in (
            ("USD", "VND", 17_000, 500),
            ("JPY", "VND", 150, 2),
            ("USD", "JPY", 90, 3),
        )
        for k in range(18)
    ]


def investment_dataset(projects: int, seed: int = 2, zones: int = 400) -> ip.Dataset:
    """``projects`` projects in ``zones`` parks; each is licensed, half are adjusted once and
    one in ten is terminated; amounts in VND, USD and JPY in turn."""
    rng = np.random.default_rng(seed)
    first = dt.date(2010, 1, 1).toordinal()
    licensed = first + rng.integers(0, 5400, projects)
    adjusted = licensed + rng.integers(1, 700, projects)
    terminated = adjusted + rng.integers(1, 900, projects)
    amount = rng.integers(1, 1000, projects) * 10**6
    change = rng.integers(-50, 300, projects) * 10**6
    investor = rng.integers(0, max(projects // 3, 1), projects)
    event = ip.CapitalEvent
    records = []
    for i in range(projects):
        currency = CURRENCIES[i % 3]
        events = [event(dt.date.fromordinal(int(licensed[i])), "licensed",
                        ip.Money(Decimal(int(amount[i])), currency))]  # fmt: skip
        if i % 2 == 0:
            events.append(event(dt.date.fromordinal(int(adjusted[i])), "capital_adjusted",
                                ip.Money(Decimal(int(change[i])), currency)))  # fmt: skip
        if i % 10 == 0:
            events.append(event(dt.date.fromordinal(int(terminated[i])), "terminated"))
        fdi = i % 4 != 0
        records.append(
            ip.Project(
                id=f"d{i:07d}",
                name="project",
                origin="fdi" if fdi else "domestic",
                country="Japan" if fdi else None,
                zone_id=f"z{i % zones}",
                investor=f"investor {investor[i]}",
                categories=["hi_tech"] if i % 5 == 0 else [],
                capital_events=events,
            )
        )
    parks = [
        ip.Zone(id=f"z{i}", name=f"Zone {i}", kind="industrial_park",
                province=PROVINCES[i % len(PROVINCES)], total_area="500 ha")
        for i in range(zones)
    ]  # fmt: skip
    return ip.Dataset(zones=parks, projects=records, exchange_rates=exchange_rates())


TARGET_KINDS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("registered_capital", "flow", {"value": "100 billion USD", "deadline": "2024"}),
    ("registered_capital", "stock", {"value": "500 billion USD", "deadline": "2025-12-31"}),
    ("registered_capital", "cumulative",
     {"value": "9 billion USD", "deadline": "2025-12-31", "since": "2018"}),
    ("projects", "stock", {"value": 100_000, "deadline": "2025-12-31"}),
    ("projects", "flow", {"value": 1_000, "deadline": "2021–2025"}),
    ("businesses", "stock", {"value": 1_000, "deadline": "2025-12-31"}),
    ("businesses", "cumulative", {"value": 1_000, "deadline": "2025-12-31", "since": "2018"}),
)  # fmt: skip


def investment_targets(count: int = 50) -> list[Target]:
    """``count`` targets cycling through the kinds above, for the whole country, a province,
    FDI only or hi-tech only (illustrative values)."""
    targets = []
    for k in range(count):
        metric, kind, fields = TARGET_KINDS[k % len(TARGET_KINDS)]
        extra: dict[str, Any] = {}
        if k % 3:
            extra["province"] = PROVINCES[k % len(PROVINCES)]
        if k % 4 == 1:
            extra["origin"] = "fdi"
        if k % 6 == 2:
            extra["categories"] = ["hi_tech"]
        targets.append(
            Target(id=f"t{k}", title=f"target {k}", metric=metric, kind=kind,
                   comparator="at_least", **fields, **extra)
        )  # fmt: skip
    return targets


def procedures(count: int) -> list[Procedure]:
    levels = ("central", "provincial", "district", "commune")
    return [
        Procedure(id=f"1.{i:06d}", name=f"Thủ tục {i}", government_level=levels[i % 4],
                  field=f"Lĩnh vực {i % 40}", online_level=1 + i % 4)
        for i in range(count)
    ]  # fmt: skip


def dossier_table(rows: int, procedure_count: int, seed: int = 3) -> DossierTable:
    """``rows`` dossiers over ``procedure_count`` procedures and the 63 provinces, 2022–2024."""
    rng = np.random.default_rng(seed)
    received = np.datetime64("2022-01-01") + rng.integers(0, 3 * 365, rows).astype("timedelta64[D]")
    done = rng.random(rows) < 0.9
    completed = received + rng.integers(0, 40, rows).astype("timedelta64[D]")
    completed[~done] = np.datetime64("NaT")
    due = received + rng.integers(5, 30, rows).astype("timedelta64[D]")
    digitised = np.where(done, rng.integers(0, 2, rows), -1).astype(np.int8)
    return DossierTable.from_arrays(
        procedure=rng.integers(0, procedure_count, rows),
        procedure_ids=[p.id for p in procedures(procedure_count)],
        received=received,
        channel=rng.choice(np.array([0, 1, 2], dtype=np.int8), rows, p=[0.55, 0.4, 0.05]),
        payment=rng.integers(0, 3, rows).astype(np.int8),
        result_digitised=digitised,
        due=due,
        completed=completed,
        province=rng.integers(0, len(PROVINCES), rows),
        provinces=PROVINCES,
    )


def parcel_document(parcels: int, seed: int = 4, zones: int | None = None) -> dict[str, Any]:
    """A dataset document (the file format's dict) of ``parcels`` parcels."""
    zone_count = zones if zones is not None else max(parcels // 100, 1)
    dataset = land_dataset(zone_count, 0, seed, tenants=0)
    document = to_document(dataset)
    rng = np.random.default_rng(seed)
    zone_of = rng.integers(0, zone_count, parcels)
    area = rng.uniform(100.0, 1400.0, parcels).round(1)
    status = rng.integers(0, 3, parcels)
    category = rng.integers(0, 3, parcels)
    document["parcels"] = [
        {"id": f"p{i}", "zone_id": f"z{zone_of[i]}", "area": f"{area[i]:.1f} m**2",
         "status": STATUS_NAMES[status[i]], **(
             {"category": CATEGORY_NAMES[category[i]]} if status[i] != 1 else {})}
        for i in range(parcels)
    ]  # fmt: skip
    return document


def parcel_file_text(parcels: int, fmt: str, seed: int = 4) -> str:
    document = parcel_document(parcels, seed)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False)
    from industrial_policy.io.toml_writer import dumps as toml_dumps

    return toml_dumps(document)


def ordinals(dates: npt.NDArray[np.datetime64]) -> npt.NDArray[np.int64]:
    return dates.astype("datetime64[D]").astype(np.int64)
