"""Workload 12: the map checked against the records, against geopandas doing the same.

Zones are rectangles on a grid in a VN-2000 provincial plane (Hải Phòng, 105°45′), each
cut into a grid of parcels that share their edges, as cadastral parcels do. A few are
damaged on purpose, drawn from a seeded generator: parcels slid onto their neighbour
(overlaps), parcels moved out of their zone, declared areas 10 % below the drawn ones.

Both sides do the same operations on the same geometry: validity; every area measured
equal-area (the same Lambert azimuthal equal-area projection, via PROJ); drawn against
declared area with a 5 % tolerance; each parcel inside its own zone (the part outside
measured, 1 m² tolerance); parcels overlapping (an STRtree join, touching pairs set aside,
the shared part measured, 1 m² tolerance); zones overlapping. Ours answers with a
:class:`~industrial_policy.findings.Report` of findings (explanations deferred);
geopandas with the set of problems, which must be the same as ours.

The bar (from the issue): ours within 3x geopandas.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np
import shapely  # the geo extra: without it, run.py skips this workload saying so

import industrial_policy as ip
from benchmarks.harness import Peer, Prepared

SIZES = {
    "smoke": {"zones": 20, "parcels": 2_000},
    "full": {"zones": 1_000, "parcels": 100_000},
}
CRS = "VN-2000 Hải Phòng"
ZONE_M = (1_000.0, 1_000.0)  # a zone's width and height
GAP_M = 200.0  # between zones
TOLERANCE = 0.05
SLIVER_M2 = 1.0
DAY = dt.date(2025, 1, 1)
BAR = ("geopandas",)
LIMIT = 3.0


def generate(zones: int, parcels: int, seed: int = 1) -> dict[str, Any]:
    """The zones and parcels as numpy columns and shapely arrays (rectangles)."""
    rng = np.random.default_rng(seed)
    per_zone = parcels // zones
    side = int(np.ceil(np.sqrt(per_zone)))
    columns = int(np.ceil(np.sqrt(zones)))
    index = np.arange(zones)
    x0 = 480_000.0 + (index % columns) * (ZONE_M[0] + GAP_M)
    y0 = 2_300_000.0 + (index // columns) * (ZONE_M[1] + GAP_M)
    zone_geoms = shapely.box(x0, y0, x0 + ZONE_M[0], y0 + ZONE_M[1])
    cell = (ZONE_M[0] / side, ZONE_M[1] / side)
    owner = np.repeat(index, per_zone)
    k = np.tile(np.arange(per_zone), zones)
    px = x0[owner] + (k % side) * cell[0]
    py = y0[owner] + (k // side) * cell[1]
    count = len(owner)
    moved = rng.random(count) < 0.005  # out of the zone
    slid = (rng.random(count) < 0.01) & ~moved  # onto the neighbour
    px = px + np.where(moved, -ZONE_M[0] * 0.7, 0.0) + np.where(slid, cell[0] * 0.3, 0.0)
    parcel_geoms = shapely.box(px, py, px + cell[0], py + cell[1])
    declared = np.full(count, cell[0] * cell[1] / 10_000)
    off = rng.random(count) < 0.01
    declared = np.where(off, declared * 0.9, declared)  # zones' parcels within their area
    zone_ids = np.array([f"kcn-{i:04d}" for i in index], dtype=object)
    parcel_ids = np.array([f"p-{i:06d}" for i in range(count)], dtype=object)
    return {
        "zone_ids": zone_ids,
        "zone_geoms": zone_geoms,
        "zone_declared": np.full(zones, ZONE_M[0] * ZONE_M[1] / 10_000),
        "parcel_ids": parcel_ids,
        "parcel_zone": zone_ids[owner],
        "parcel_geoms": parcel_geoms,
        "parcel_declared": declared,
    }


def dataset_of(data: dict[str, Any]) -> ip.Dataset:
    """The records, read as a frame is (typed columns, never one object per parcel)."""
    import pyarrow as pa

    zones = pa.table(
        {
            "id": data["zone_ids"].astype(str),
            "name": data["zone_ids"].astype(str),
            "kind": ["industrial_park"] * len(data["zone_ids"]),
            "province": ["Hải Phòng"] * len(data["zone_ids"]),
            "total_area": data["zone_declared"],
        }
    )
    parcels = pa.table(
        {
            "id": data["parcel_ids"].astype(str),
            "zone_id": data["parcel_zone"].astype(str),
            "area": data["parcel_declared"],
            "status": ["vacant"] * len(data["parcel_ids"]),
        }
    )
    mapping = {"zones": {"units": {"total_area": "ha"}}, "parcels": {"units": {"area": "ha"}}}
    return ip.read_frames(mapping, zones=zones, parcels=parcels)


def ours(dataset: ip.Dataset, data: dict[str, Any], crs: Any) -> ip.Report:
    from industrial_policy.geo import GeometryParameters, GeometryTable, check_geometry

    # Made anew each time: a table keeps its projected geometry once computed.
    zones = GeometryTable("zones", data["zone_ids"], data["zone_geoms"], crs)
    parcels = GeometryTable("parcels", data["parcel_ids"], data["parcel_geoms"], crs)
    parameters = GeometryParameters(
        area_tolerance=TOLERANCE, outside_tolerance_m2=SLIVER_M2, overlap_tolerance_m2=SLIVER_M2
    )
    return check_geometry(dataset, zones=zones, parcels=parcels, parameters=parameters, as_of=DAY)


def found_by_ours(report: ip.Report) -> set[str]:
    return {f.id for f in report}


def geopandas_checks(data: dict[str, Any], crs: Any, laea: Any) -> set[str]:
    """The same checks, as a geopandas user writes them."""
    import geopandas as gpd
    import pandas as pd

    zones = gpd.GeoDataFrame(
        {"id": data["zone_ids"], "declared": data["zone_declared"]},
        geometry=data["zone_geoms"],
        crs=crs,
    )
    parcels = gpd.GeoDataFrame(
        {
            "id": data["parcel_ids"],
            "zone_id": data["parcel_zone"],
            "declared": data["parcel_declared"],
        },
        geometry=data["parcel_geoms"],
        crs=crs,
    )
    found: set[str] = set()
    for frame in (zones, parcels):
        bad = ~(
            frame.is_valid & ~frame.is_empty & frame.geom_type.isin(["Polygon", "MultiPolygon"])
        )
        found |= {f"geo.valid/{i}" for i in frame.loc[bad, "id"]}
    for frame in (zones, parcels):
        drawn = frame.to_crs(laea).area / 10_000
        off = (drawn - frame["declared"]).abs() > TOLERANCE * frame["declared"]
        found |= {f"geo.area/{i}" for i in frame.loc[off, "id"]}
    own = zones.set_index("id").geometry.loc[parcels["zone_id"]].to_numpy()
    own_zone = gpd.GeoSeries(own, crs=crs, index=parcels.index)
    covered = parcels.geometry.covered_by(own_zone, align=False)
    suspects = parcels.loc[~covered]
    outside = suspects.geometry.difference(own_zone.loc[~covered], align=False)
    out_m2 = outside.to_crs(laea).area
    found |= {f"geo.inside_zone/{i}" for i in suspects.loc[out_m2 > SLIVER_M2, "id"]}
    for frame, check in ((parcels, "geo.parcels_overlap"), (zones, "geo.zones_overlap")):
        pairs = gpd.sjoin(
            frame[["id", "geometry"]], frame[["id", "geometry"]], predicate="intersects"
        )
        pairs = pairs[pairs["id_left"] < pairs["id_right"]]
        left = frame.geometry.loc[pairs.index].reset_index(drop=True)
        right = frame.geometry.loc[pairs["index_right"]].reset_index(drop=True)
        inner = ~left.touches(right)
        shared = left[inner].intersection(right[inner]).to_crs(laea).area
        keep = pd.Series(False, index=left.index)
        keep.loc[shared.index] = shared > SLIVER_M2
        ids = pairs[["id_left", "id_right"]].to_numpy()[keep.to_numpy()]
        found |= {f"{check}/{a}|{b}" for a, b in ids}
    return found


def prepare(size: str, seed: int = 1) -> Prepared:
    from industrial_policy.geo import GeometryTable, crs_of

    shape = SIZES[size]
    started = time.perf_counter()
    data = generate(shape["zones"], shape["parcels"], seed)
    dataset = dataset_of(data)
    generated = time.perf_counter()
    crs = crs_of(CRS)
    # The same equal-area projection on both sides (ours centres it on the zones).
    laea = GeometryTable("zones", data["zone_ids"], data["zone_geoms"], crs).equal_area().crs
    expected = found_by_ours(ours(dataset, data, crs))
    peers: tuple[Peer, ...] = ()
    try:
        import geopandas  # noqa: F401

        def check(found: set[str]) -> None:
            if found != expected:
                raise AssertionError(
                    f"geopandas found {len(found)} problems, ours {len(expected)}:"
                    f" only geopandas {sorted(found - expected)[:5]},"
                    f" only ours {sorted(expected - found)[:5]}"
                )

        peers = (Peer("geopandas", lambda: geopandas_checks(data, crs, laea), check),)
    except ImportError:
        print("geopandas is not installed: pip install geopandas (the bench extra)")
    return Prepared(
        name="12. map checks",
        size=shape,
        ours=lambda: ours(dataset, data, crs),
        floor=None,
        naive=None,
        input_bytes=int(
            sum(len(g.wkb) for g in data["zone_geoms"])
            + sum(len(g.wkb) for g in data["parcel_geoms"])
        ),
        check=lambda: None,
        details={"generate_s": generated - started, "problems": float(len(expected))},
        repeats=3,
        peers=peers,
        bar=BAR,
        limit=LIMIT,
    )
