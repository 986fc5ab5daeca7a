"""The engine is columnar: no Python work per parcel, and close to hand-written numpy.

The tests check that the Python work of an evaluation does not grow with the
number of parcels. Run this file as a script for the benchmark of the issue
(a million parcels in ten thousand zones, against a hand-written numpy
implementation of the same arithmetic)::

    python tests/test_rules_performance.py 1000000
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

import industrial_policy as ip
from industrial_policy.categories import Category
from industrial_policy.columns import code_of
from industrial_policy.parcels import ParcelStatus
from industrial_policy.rules import RuleSet, evaluate, load_packs
from industrial_policy.units import registry
from industrial_policy.zones import ZoneKind

DAY = dt.date(2024, 12, 31)
OVERRIDES = {"vn-land.occupancy.min-share": 0.5}


def land_rules() -> RuleSet:
    """The ``vn-land`` rules without their province, so that every zone is in scope."""
    land = load_packs(["vn-land"])
    rules = tuple(attrs.evolve(r, scope=attrs.evolve(r.scope, province=None)) for r in land.rules)
    return RuleSet(rules, land.parameters)


def build(zones: int, parcels: int, seed: int = 1, projects: int = 50) -> ip.Dataset:
    """Parks (four in five) and clusters in 20 provinces and economic zones, with parcels
    reserved, leased (some to projects, some of unknown use) and vacant."""
    rng = np.random.default_rng(seed)
    ha = registry().Quantity
    records: list[ip.Zone] = [
        ip.Zone(id=f"ez{i}", name=f"EZ {i}", kind="economic_zone", province=f"P{i}",
                total_area=ha(1e7, "hectare"))
        for i in range(20)
    ]  # fmt: skip
    for i in range(zones):
        cluster = i % 5 == 0
        records.append(
            ip.Zone(
                id=f"z{i}",
                name=f"Z {i}",
                kind="industrial_cluster" if cluster else "industrial_park",
                province=f"P{i % 20}",
                total_area=ha(1000.0, "hectare"),
                industrial_land_area=ha(800.0, "hectare"),
                parent_id=None if cluster else f"ez{i % 20}",
                district=f"D{i % 7}",
            )
        )
    tenants = [
        ip.Project(id=f"t{i}", name=f"T {i}", origin="domestic",
                   categories=[["hi_tech"], ["supporting_industry"], []][i % 3])
        for i in range(projects)
    ]  # fmt: skip
    zone_of = rng.integers(0, zones, parcels)
    status = rng.integers(0, 3, parcels)
    category = rng.integers(0, 4, parcels)
    tenant = rng.integers(-1, projects, parcels)
    area = rng.uniform(0.01, 0.14, parcels)
    names = ("hi_tech", "supporting_industry", "other", None)
    items = []
    for i in range(parcels):
        kind = ("leased", "vacant", "reserved")[status[i]]
        chosen = names[category[i]] if kind != "vacant" else None
        if kind == "reserved" and chosen is None:
            chosen = "other"
        items.append(
            ip.Parcel(
                id=f"p{i}",
                zone_id=f"z{zone_of[i]}",
                area=ha(float(area[i]), "hectare"),
                status=kind,
                category=chosen,
                project_id=f"t{tenant[i]}" if kind == "leased" and tenant[i] >= 0 else None,
            )
        )
    return ip.Dataset(zones=records, parcels=items, projects=tenants)


def numpy_baseline(ds: ip.Dataset) -> list[Any]:
    """The arithmetic of the ``vn-land`` rules, written by hand with numpy: the bar to meet."""
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
            for key in (np.arange(n), z.parent, z.province):
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
        for key in (np.arange(n), z.parent, z.province):
            chosen = every & (key >= 0)
            k = key[chosen]
            size = int(k.max()) + 1 if len(k) else 0
            low = np.bincount(k, weights=occupied[chosen], minlength=size)
            base = np.bincount(k, weights=z.industrial_ha[chosen], minlength=size)
            out.append((low / base, low / base >= 0.5, low - 0.5 * base))
    return out


def _calls(run: Callable[[], object]) -> int:
    """How many Python functions ``run`` calls."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "call":
            count += 1

    gc.collect()  # a finaliser run by the collector mid-count would add its calls
    gc.disable()
    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
        gc.enable()
    return count


def split(ds: ip.Dataset, pieces: int) -> ip.Dataset:
    """The same dataset with each parcel cut in ``pieces`` equal parcels."""
    parcels = [
        attrs.evolve(p, id=f"{p.id}/{k}", area=p.area / pieces)
        for p in ds.parcels
        for k in range(pieces)
    ]
    return attrs.evolve(ds, parcels=parcels)


def test_no_python_work_per_parcel() -> None:
    rules = land_rules()
    small = build(20, 200)
    medium, large = split(small, 30), split(small, 60)
    for ds in (small, medium, large):  # the columns are built once, outside the count
        ds.columns  # noqa: B018

    def run(ds: ip.Dataset) -> ip.Report:
        return evaluate(ds, rules, DAY, overrides=OVERRIDES)

    assert _calls(lambda: run(small)) == _calls(lambda: run(large))
    # An explanation lists at most MAX_LISTED_RECORDS parcels, however many there are.
    reports = [run(ds) for ds in (medium, large)]
    written = [_calls(lambda r=r: r["vn-land.hi-tech-reserve/z1"].explanation) for r in reports]
    assert written[0] == written[1], written


def test_the_engine_agrees_with_the_hand_written_baseline() -> None:
    ds = build(60, 3_000)
    report = evaluate(ds, land_rules(), DAY, overrides=OVERRIDES)
    baseline = numpy_baseline(ds)
    zone_shares, zone_sure = baseline[0][0], baseline[0][1]
    for i, zone in enumerate(ds.zones):
        finding_id = f"vn-land.hi-tech-reserve/{zone.id}"
        if not np.isfinite(zone_shares[i]) or finding_id not in {f.id for f in report}:
            continue
        finding = report[finding_id]
        if finding.status is ip.Status.PASS:
            assert zone_sure[i]
        if finding.actual is not None:
            assert float(finding.actual.value) == zone_shares[i]
        else:
            assert float(finding.details["lower bound"].value) == zone_shares[i]  # type: ignore[union-attr]


def benchmark(parcels: int, zones: int, repeats: int = 5) -> dict[str, float]:
    """Seconds: numpy baseline, first and later evaluations, writing every explanation."""
    started = time.perf_counter()
    ds = build(zones, parcels)
    ds.columns  # noqa: B018 - the one-time column build, not timed below
    built = time.perf_counter() - started
    rules = land_rules()

    def best(run: Callable[[], object]) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    start = time.perf_counter()
    report = evaluate(ds, rules, DAY, overrides=OVERRIDES)
    first = time.perf_counter() - start
    numpy_time = best(lambda: numpy_baseline(ds))
    engine = best(lambda: evaluate(ds, rules, DAY, overrides=OVERRIDES))
    start = time.perf_counter()
    for finding in report:
        finding.explanation  # noqa: B018
    explained = time.perf_counter() - start
    return {
        "dataset build (records, columns)": built,
        "findings": float(len(report)),
        "numpy baseline": numpy_time,
        "evaluate, first call": first,
        "evaluate, later calls": engine,
        "ratio (later calls)": engine / numpy_time,
        "ratio (first call)": first / numpy_time,
        "writing every explanation": explained,
    }


if __name__ == "__main__":  # pragma: no cover - a benchmark, run by hand
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for name, value in benchmark(size, max(size // 100, 10)).items():
        print(f"{name:34} {value:,.4f}")
