"""Workload 1: land quotas and occupancy (the ``vn-land`` rules) at every level.

The three ``vn-land`` rules (hi-tech reserve of parks, supporting-industry reserve
of clusters, occupancy) are evaluated for every zone, economic zone, district
and province. The rules' province scope is lifted so every generated zone is in
scope. The floor is the same arithmetic written by hand with numpy on the
dataset's columns; the naive approach loops over parcel objects adding pint
quantities per zone.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

import attrs
import numpy as np

import industrial_policy as ip
from benchmarks import generate
from benchmarks.harness import Naive, Prepared, columns_bytes
from industrial_policy.categories import Category
from industrial_policy.dataset.columns import code_of
from industrial_policy.records.parcels import ParcelStatus
from industrial_policy.records.zones import ZoneKind
from industrial_policy.rules import RuleSet, evaluate, load_packs

DAY = dt.date(2024, 12, 31)
OVERRIDES = {"vn-land.occupancy.min-share": 0.5}
SIZES = {
    "smoke": {"zones": 100, "parcels": 10_000},
    "full": {"zones": 10_000, "parcels": 1_000_000},
}
NAIVE_SAMPLE = 20_000


def land_rules() -> RuleSet:
    """The ``vn-land`` rules without their province, so that every zone is in scope."""
    land = load_packs(["vn-land"])
    rules = tuple(attrs.evolve(r, scope=attrs.evolve(r.scope, province=None)) for r in land.rules)
    return RuleSet(rules, land.parameters)


def numpy_floor(ds: ip.Dataset) -> list[Any]:
    """The arithmetic of the ``vn-land`` rules, written by hand with numpy."""
    z, p = ds.columns.zones, ds.columns.parcels
    day = np.datetime64(DAY, "D")
    leased = (
        (p.status == code_of(ParcelStatus.LEASED))
        & (np.isnat(p.lease_start) | (p.lease_start <= day))
        & (np.isnat(p.lease_end) | (p.lease_end >= day))
    )
    reserved = p.status == code_of(ParcelStatus.RESERVED)
    n = len(z)
    count = np.bincount(p.zone, minlength=n)
    has = {c: np.array([c in t.categories for t in ds.projects] + [False]) for c in Category}
    known = np.array([bool(t.categories) for t in ds.projects] + [False])
    parks = z.of_kinds({k for k in ZoneKind if k.is_industrial_zone}) & ~z.specialises_in_hi_tech
    clusters = z.of_kinds({ZoneKind.INDUSTRIAL_CLUSTER})
    district = np.unique(np.array([f"{zn.province}/{zn.district}" for zn in ds.zones]),
                         return_inverse=True)[1]  # fmt: skip
    levels = (np.arange(n), z.parent, district, z.province)
    out: list[Any] = []
    with np.errstate(divide="ignore", invalid="ignore"):
        for category, scope, share in (
            (Category.HI_TECH, parks, 0.2),
            (Category.SUPPORTING_INDUSTRY, clusters, 0.5),
        ):
            own = p.category == code_of(category)
            unrecorded = p.category < 0
            counted = (reserved & own) | (leased & (own | (unrecorded & has[category][p.project])))
            uncertain = leased & unrecorded & ~known[p.project]
            part = np.bincount(p.zone, weights=p.area_ha * counted, minlength=n)
            unknown = np.bincount(p.zone, weights=p.area_ha * uncertain, minlength=n)
            for key in levels:
                chosen = scope & (key >= 0)
                k = key[chosen]
                size = int(k.max()) + 1 if len(k) else 0
                low = np.bincount(k, weights=part[chosen], minlength=size)
                high = low + np.bincount(k, weights=unknown[chosen], minlength=size)
                base = np.bincount(k, weights=z.total_ha[chosen], minlength=size)
                lacking = np.bincount(
                    k, weights=(count[chosen] == 0) | np.isnan(z.total_ha[chosen]), minlength=size
                )
                sure, maybe = low / base >= share, high / base >= share
                gap = np.where(sure, low - share * base, high - share * base)
                out.append((low / base, sure, maybe, gap, lacking))
        occupied = np.bincount(p.zone, weights=p.area_ha * leased, minlength=n)
        every = z.of_kinds({k for k in ZoneKind if k.is_industrial_zone})
        for key in levels:
            chosen = every & (key >= 0)
            k = key[chosen]
            size = int(k.max()) + 1 if len(k) else 0
            low = np.bincount(k, weights=occupied[chosen], minlength=size)
            base = np.bincount(k, weights=z.industrial_ha[chosen], minlength=size)
            out.append((low / base, low / base >= 0.5, low - 0.5 * base))
    return out


def naive(ds: ip.Dataset, sample: int) -> dict[str, tuple[bool, Any]]:
    """What an analyst writes first: a loop over parcels adding pint quantities per zone."""
    reg = ip.units.registry()
    zero = reg.Quantity(0.0, "hectare")
    hi_tech: dict[str, Any] = defaultdict(lambda: zero)
    leased: dict[str, Any] = defaultdict(lambda: zero)
    tenants = {t.id: t for t in ds.projects}
    for parcel in ds.parcels[:sample]:
        category = parcel.category
        if parcel.status is ParcelStatus.LEASED:
            leased[parcel.zone_id] = leased[parcel.zone_id] + parcel.area
            if category is None and parcel.project_id is not None:
                categories = tenants[parcel.project_id].categories
                category = Category.HI_TECH if Category.HI_TECH in categories else None
        if category is Category.HI_TECH and parcel.status is not ParcelStatus.VACANT:
            hi_tech[parcel.zone_id] = hi_tech[parcel.zone_id] + parcel.area
    verdicts = {}
    for zone in ds.zones:
        if zone.kind is ZoneKind.INDUSTRIAL_PARK and zone.total_area is not None:
            share = (hi_tech[zone.id] / zone.total_area).to("dimensionless")
            occupancy = (leased[zone.id] / zone.industrial_land_area).to("dimensionless")
            verdicts[zone.id] = (share.magnitude >= 0.2, occupancy.magnitude >= 0.5)
    return verdicts


def check(ds: ip.Dataset, rules: RuleSet) -> None:
    """The engine and the floor agree on every zone's hi-tech share and occupancy."""
    report = evaluate(ds, rules, DAY, overrides=OVERRIDES)
    floor = numpy_floor(ds)
    shares, occupancy = floor[0][0], floor[8][0]
    by_id = {f.id: f for f in report}
    checked = 0
    for i, zone in enumerate(ds.zones):
        finding = by_id.get(f"vn-land.hi-tech-reserve/{zone.id}")
        if finding is not None and finding.actual is not None and np.isfinite(shares[i]):
            assert abs(float(finding.actual.value) - shares[i]) <= 1e-9, (zone.id, finding)
            checked += 1
        finding = by_id.get(f"vn-land.occupancy/{zone.id}")
        if finding is not None and finding.actual is not None and np.isfinite(occupancy[i]):
            assert abs(float(finding.actual.value) - occupancy[i]) <= 1e-9, (zone.id, finding)
            checked += 1
    assert checked, "no finding was compared with the floor"


def prepare(size: str, seed: int = 1) -> Prepared:
    shape = SIZES[size]
    ds = generate.land_dataset(shape["zones"], shape["parcels"], seed)
    rules = land_rules()
    started = time.perf_counter()
    columns = ds.columns  # built once per dataset, by the first evaluation
    built = time.perf_counter()
    report = evaluate(ds, rules, DAY, overrides=OVERRIDES)
    first = time.perf_counter()
    sample = min(NAIVE_SAMPLE, len(ds.parcels))
    return Prepared(
        name="1. land quotas + occupancy",
        size=shape,
        ours=lambda: evaluate(ds, rules, DAY, overrides=OVERRIDES),
        floor=lambda: numpy_floor(ds),
        naive=Naive(lambda: naive(ds, sample), sample, len(ds.parcels), "parcels"),
        input_bytes=columns_bytes(columns.zones, columns.parcels),
        check=lambda: check(ds, rules),
        details={
            "findings": float(len(report)),
            "columns_s": built - started,
            "first_call_s": first - built,
        },
    )
