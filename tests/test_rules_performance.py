"""The engine is columnar: no Python work per parcel, and close to hand-written numpy.

The tests check that the Python work of an evaluation does not grow with the
number of parcels, and that the engine agrees with the hand-written numpy
implementation the benchmark uses as its floor. The benchmark itself (a
million parcels in ten thousand zones) is ``python benchmarks/run.py --size
full --only 1``.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

import attrs
import numpy as np
from benchmarks import generate
from benchmarks.land import DAY, OVERRIDES, land_rules, numpy_floor

import industrial_policy as ip
from industrial_policy.rules import evaluate


def build(zones: int, parcels: int, seed: int = 1, projects: int = 50) -> ip.Dataset:
    return generate.land_dataset(zones, parcels, seed, tenants=projects)


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

    for ds in (small, large):  # warm: per-dataset caches and abc's subclass caches
        run(ds)
    assert _calls(lambda: run(small)) == _calls(lambda: run(large))
    # An explanation lists at most MAX_LISTED_RECORDS parcels, however many there are.
    reports = [run(ds) for ds in (medium, large)]
    for report in reports:  # warm, as above
        report["vn-land.hi-tech-reserve/z8"].explanation  # noqa: B018
    written = [_calls(lambda r=r: r["vn-land.hi-tech-reserve/z4"].explanation) for r in reports]
    assert written[0] == written[1], written


def test_the_engine_agrees_with_the_hand_written_baseline() -> None:
    ds = build(60, 3_000)
    report = evaluate(ds, land_rules(), DAY, overrides=OVERRIDES)
    baseline = numpy_floor(ds)
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
