"""Workload 6: land quotas and occupancy from frames, against polars, DuckDB, pandas and numpy.

The numbers of ``land.numpy_floor`` (the ``vn-land`` rules: the hi-tech reserve
of parks, the supporting-industry reserve of clusters, occupancy; at zone,
economic-zone, district and province level), computed from the raw tables of
``columns.land_tables``: text zone ids, enum values as text, dates, areas in
hectares, the tenants' categories as a list. Each peer does the joins and
encodings it needs (parcels to zones by id, tenants by id, the categories), the
way an analyst would write it with that tool, and returns one table per level
with the label columns and the 13 numbers below.

The bar (from the issue): ours, from a polars or pandas frame to a finished
evaluation, within 3x the best of polars and DuckDB.
"""

from __future__ import annotations

import time
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

from benchmarks import columns, land, ours
from benchmarks.columns import INDUSTRIAL_KINDS
from benchmarks.compare import Numbers, agree
from benchmarks.harness import Peer, Prepared
from benchmarks.memory import arrow_bytes

DAY = land.DAY
SIZES = land.SIZES
QUOTAS = {"hi_tech": 0.2, "supporting_industry": 0.5}  # of parks, of clusters (land.numpy_floor)
OCCUPANCY = 0.5  # land.OVERRIDES
QUOTA_NUMBERS = ("share", "sure", "maybe", "gap", "lacking")
OCCUPANCY_NUMBERS = ("share", "ok", "gap")
NUMBERS = [f"{q}_{n}" for q in QUOTAS for n in QUOTA_NUMBERS] + [
    f"occupancy_{n}" for n in OCCUPANCY_NUMBERS
]
LEVELS = {  # the label columns of each level, in the zones table
    "zone": ("id",),
    "economic_zone": ("parent_id",),
    "district": ("province", "district"),
    "province": ("province",),
}
BAR = ("polars", "polars lazy", "DuckDB")
LIMIT = 3.0


# --- polars ---------------------------------------------------------------------------------


def _polars_zones(zones: Any, parcels: Any, projects: Any) -> Any:
    """Each zone with its parcels' sums (eager or lazy: the same expressions)."""
    c = pl.col
    tenants = projects.select(
        c("id").alias("project_id"),
        c("categories").list.contains("hi_tech").alias("tenant_hi_tech"),
        c("categories").list.contains("supporting_industry").alias("tenant_supporting_industry"),
        (c("categories").list.len() > 0).alias("tenant_known"),
    )
    leased = (
        (c("status") == "leased")
        & (c("lease_start").is_null() | (c("lease_start") <= DAY))
        & (c("lease_end").is_null() | (c("lease_end") >= DAY))
    )
    unrecorded = c("category").is_null()
    sums = [pl.len().alias("parcels"), c("area_ha").filter(leased).sum().alias("occupied")]
    for quota in QUOTAS:
        own = c("category").eq_missing(quota)
        tenant = c(f"tenant_{quota}").fill_null(False)
        counted = ((c("status") == "reserved") & own) | (leased & (own | (unrecorded & tenant)))
        uncertain = leased & unrecorded & ~c("tenant_known").fill_null(False)
        sums += [
            c("area_ha").filter(counted).sum().alias(f"{quota}_low"),
            c("area_ha").filter(uncertain).sum().alias(f"{quota}_unknown"),
        ]
    per_zone = parcels.join(tenants, on="project_id", how="left").group_by("zone_id").agg(sums)
    industrial = c("kind").is_in(INDUSTRIAL_KINDS)
    return zones.join(per_zone, left_on="id", right_on="zone_id", how="left").with_columns(
        c("parcels").fill_null(0),
        *(c(name).fill_null(0.0) for name in _sum_names()),
        (industrial & ~c("specialises_in_hi_tech")).alias("hi_tech_scope"),
        (c("kind") == "industrial_cluster").alias("supporting_industry_scope"),
        industrial.alias("occupancy_scope"),
    )


def _sum_names() -> list[str]:
    return ["occupied"] + [f"{q}_{part}" for q in QUOTAS for part in ("low", "unknown")]


def _polars_levels(zones: Any) -> dict[str, Any]:
    """One (lazy) frame per level: the label columns and ``NUMBERS``."""
    c = pl.col
    sums = []
    for quota in QUOTAS:
        scope = c(f"{quota}_scope")
        sums += [
            c(f"{quota}_low").filter(scope).sum().alias(f"{quota}_low"),
            (c(f"{quota}_low") + c(f"{quota}_unknown")).filter(scope).sum().alias(f"{quota}_high"),
            c("total_area_ha").filter(scope).sum().alias(f"{quota}_base"),
            ((c("parcels") == 0) | c("total_area_ha").is_null())
            .filter(scope)
            .sum()
            .alias(f"{quota}_lacking"),
        ]
    scope = c("occupancy_scope")
    sums += [
        c("occupied").filter(scope).sum().alias("occupancy_low"),
        c("industrial_land_area_ha").filter(scope).sum().alias("occupancy_base"),
    ]
    verdicts = []
    for quota, share in QUOTAS.items():
        low, high, base = c(f"{quota}_low"), c(f"{quota}_high"), c(f"{quota}_base")
        sure = low / base >= share
        verdicts += [
            (low / base).alias(f"{quota}_share"),
            sure.alias(f"{quota}_sure"),
            (high / base >= share).alias(f"{quota}_maybe"),
            pl.when(sure)
            .then(low - share * base)
            .otherwise(high - share * base)
            .alias(f"{quota}_gap"),
        ]
    low, base = c("occupancy_low"), c("occupancy_base")
    verdicts += [
        (low / base).alias("occupancy_share"),
        (low / base >= OCCUPANCY).alias("occupancy_ok"),
        (low - OCCUPANCY * base).alias("occupancy_gap"),
    ]
    return {
        level: zones.filter(pl.all_horizontal(c(k).is_not_null() for k in keys))
        .group_by(keys)
        .agg(sums)
        .with_columns(verdicts)
        .select(*keys, *NUMBERS)
        for level, keys in LEVELS.items()
    }


def polars_eager(zones: Any, parcels: Any, projects: Any) -> dict[str, Any]:
    return _polars_levels(_polars_zones(zones, parcels, projects))


def polars_lazy(zones: Any, parcels: Any, projects: Any) -> dict[str, Any]:
    levels = _polars_levels(_polars_zones(zones.lazy(), parcels.lazy(), projects.lazy()))
    return dict(zip(levels, pl.collect_all(levels.values()), strict=True))


# --- DuckDB ---------------------------------------------------------------------------------

_DUCKDB_ZONES = f"""
CREATE OR REPLACE TEMP TABLE zone_sums AS
WITH tenants AS (
    SELECT id AS project_id,
           list_contains(categories, 'hi_tech') AS tenant_hi_tech,
           list_contains(categories, 'supporting_industry') AS tenant_supporting_industry,
           len(categories) > 0 AS tenant_known
    FROM projects
), p AS (
    SELECT parcels.*,
           status = 'leased'
               AND coalesce(lease_start <= DATE '{DAY}', true)
               AND coalesce(lease_end >= DATE '{DAY}', true) AS leased,
           status = 'reserved' AS reserved,
           coalesce(tenant_hi_tech, false) AS tenant_hi_tech,
           coalesce(tenant_supporting_industry, false) AS tenant_supporting_industry,
           coalesce(tenant_known, false) AS tenant_known
    FROM parcels LEFT JOIN tenants USING (project_id)
), per_zone AS (
    SELECT zone_id,
           count(*) AS parcels,
           sum(area_ha) FILTER (WHERE leased) AS occupied,
           {{quota_sums}}
    FROM p GROUP BY zone_id
)
SELECT zones.*,
       coalesce(parcels, 0) AS parcels,
       coalesce(occupied, 0) AS occupied,
       {{quota_columns}}
       kind IN {INDUSTRIAL_KINDS} AND NOT specialises_in_hi_tech AS hi_tech_scope,
       kind = 'industrial_cluster' AS supporting_industry_scope,
       kind IN {INDUSTRIAL_KINDS} AS occupancy_scope
FROM zones LEFT JOIN per_zone ON per_zone.zone_id = zones.id
"""
_DUCKDB_QUOTA_SUMS = """
           sum(area_ha) FILTER (WHERE (reserved AND category = '{q}')
               OR (leased AND (category = '{q}' OR (category IS NULL AND tenant_{q}))))
               AS {q}_low,
           sum(area_ha) FILTER (WHERE leased AND category IS NULL AND NOT tenant_known)
               AS {q}_unknown"""
_DUCKDB_LEVEL = """
WITH sums AS (
    SELECT {keys},
           {quota_sums},
           sum(occupied) FILTER (WHERE occupancy_scope) AS occupancy_low,
           sum(industrial_land_area_ha) FILTER (WHERE occupancy_scope) AS occupancy_base
    FROM zone_sums
    WHERE {not_null}
    GROUP BY {keys}
)
SELECT {keys},
       {quota_verdicts},
       occupancy_low / occupancy_base AS occupancy_share,
       occupancy_low / occupancy_base >= {occupancy} AS occupancy_ok,
       occupancy_low - {occupancy} * occupancy_base AS occupancy_gap
FROM sums
"""
_DUCKDB_LEVEL_SUMS = """
           sum({q}_low) FILTER (WHERE {q}_scope) AS {q}_low,
           sum({q}_low + {q}_unknown) FILTER (WHERE {q}_scope) AS {q}_high,
           sum(total_area_ha) FILTER (WHERE {q}_scope) AS {q}_base,
           count(*) FILTER (WHERE {q}_scope AND (parcels = 0 OR total_area_ha IS NULL))
               AS {q}_lacking"""
_DUCKDB_VERDICTS = """
       {q}_low / {q}_base AS {q}_share,
       {q}_low / {q}_base >= {share} AS {q}_sure,
       {q}_high / {q}_base >= {share} AS {q}_maybe,
       CASE WHEN {q}_low / {q}_base >= {share} THEN {q}_low - {share} * {q}_base
            ELSE {q}_high - {share} * {q}_base END AS {q}_gap,
       {q}_lacking"""


def duckdb_sql(con: Any) -> dict[str, pa.Table]:
    """The SQL an analyst writes: the zones with their parcels' sums in a temporary table,
    then one grouped query per level. ``con`` has ``zones``, ``parcels`` and ``projects``."""
    con.execute(
        _DUCKDB_ZONES.format(
            quota_sums=",".join(_DUCKDB_QUOTA_SUMS.format(q=q) for q in QUOTAS),
            quota_columns="".join(
                f"coalesce({q}_{part}, 0) AS {q}_{part}, "
                for q in QUOTAS
                for part in ("low", "unknown")
            ),
        )
    )
    return {
        level: con.sql(
            _DUCKDB_LEVEL.format(
                keys=", ".join(keys),
                not_null=" AND ".join(f"{k} IS NOT NULL" for k in keys),
                quota_sums=",".join(_DUCKDB_LEVEL_SUMS.format(q=q) for q in QUOTAS),
                quota_verdicts=",".join(
                    _DUCKDB_VERDICTS.format(q=q, share=share) for q, share in QUOTAS.items()
                ),
                occupancy=OCCUPANCY,
            )
        ).to_arrow_table()
        for level, keys in LEVELS.items()
    }


def duckdb_connection(arrow: dict[str, pa.Table]) -> Any:
    """A connection with the Arrow tables registered as views (zero-copy; not timed)."""
    con = duckdb.connect()
    for name, table in arrow.items():
        con.register(name, table)
    return con


# --- pandas ---------------------------------------------------------------------------------


def pandas_frames(zones: Any, parcels: Any, projects: Any) -> dict[str, Any]:
    day = pd.Timestamp(DAY)
    categories = projects.set_index("id")["categories"].explode()
    tenants = pd.DataFrame(
        {
            "tenant_hi_tech": categories.eq("hi_tech").groupby(level=0).any(),
            "tenant_supporting_industry": categories.eq("supporting_industry")
            .groupby(level=0)
            .any(),
            "tenant_known": categories.notna().groupby(level=0).any(),
        }
    )
    p = parcels.join(tenants, on="project_id")
    leased = (
        p["status"].eq("leased")
        & (p["lease_start"].isna() | (p["lease_start"] <= day))
        & (p["lease_end"].isna() | (p["lease_end"] >= day))
    )
    unrecorded = p["category"].isna()
    sums = pd.DataFrame(
        {"zone_id": p["zone_id"], "parcels": 1, "occupied": p["area_ha"].where(leased, 0.0)}
    )
    for quota in QUOTAS:
        own = p["category"].eq(quota)
        tenant = p[f"tenant_{quota}"].fillna(False).astype(bool)
        counted = (p["status"].eq("reserved") & own) | (leased & (own | (unrecorded & tenant)))
        uncertain = leased & unrecorded & ~p["tenant_known"].fillna(False).astype(bool)
        sums[f"{quota}_low"] = p["area_ha"].where(counted, 0.0)
        sums[f"{quota}_unknown"] = p["area_ha"].where(uncertain, 0.0)
    per_zone = sums.groupby("zone_id").sum()
    z = zones.join(per_zone, on="id")
    z[per_zone.columns] = z[per_zone.columns].fillna(0)
    industrial = z["kind"].isin(INDUSTRIAL_KINDS)
    scopes = {
        "hi_tech": industrial & ~z["specialises_in_hi_tech"],
        "supporting_industry": z["kind"].eq("industrial_cluster"),
    }
    parts = {}
    for quota, scope in scopes.items():
        parts[f"{quota}_low"] = z[f"{quota}_low"].where(scope, 0.0)
        parts[f"{quota}_high"] = (z[f"{quota}_low"] + z[f"{quota}_unknown"]).where(scope, 0.0)
        parts[f"{quota}_base"] = z["total_area_ha"].where(scope, 0.0)
        lacking = (z["parcels"] == 0) | z["total_area_ha"].isna()
        parts[f"{quota}_lacking"] = (lacking & scope).astype(int)
    parts["occupancy_low"] = z["occupied"].where(industrial, 0.0)
    parts["occupancy_base"] = z["industrial_land_area_ha"].where(industrial, 0.0)
    parts = pd.DataFrame(parts).join(z[["id", "parent_id", "province", "district"]])
    out = {}
    for level, keys in LEVELS.items():
        g = parts.groupby(list(keys)).sum(numeric_only=True)
        result = pd.DataFrame(index=g.index)
        for quota, share in QUOTAS.items():
            low, high, base = g[f"{quota}_low"], g[f"{quota}_high"], g[f"{quota}_base"]
            sure = low / base >= share
            result[f"{quota}_share"] = low / base
            result[f"{quota}_sure"] = sure
            result[f"{quota}_maybe"] = high / base >= share
            result[f"{quota}_gap"] = (low - share * base).where(sure, high - share * base)
            result[f"{quota}_lacking"] = g[f"{quota}_lacking"]
        low, base = g["occupancy_low"], g["occupancy_base"]
        result["occupancy_share"] = low / base
        result["occupancy_ok"] = low / base >= OCCUPANCY
        result["occupancy_gap"] = low - OCCUPANCY * base
        out[level] = result.reset_index()
    return out


# --- numpy ----------------------------------------------------------------------------------


def positions(ids: Any, refs: Any) -> Any:
    """The row in ``ids`` of each of ``refs`` (text), -1 where a ref is missing."""
    missing = np.equal(refs, None)
    refs = np.where(missing, ids[0], refs) if missing.any() else refs
    order = np.argsort(ids)
    found = order[np.searchsorted(ids, refs, sorter=order)]
    return np.where(missing, -1, found)


def numpy_raw(zones: Any, parcels: Any, projects: Any) -> dict[str, Any]:
    """``land.numpy_floor``, from the raw columns: text keys sorted and searched, enum values
    compared as text, the categories' lists read through their offsets."""
    day = np.datetime64(DAY, "D")
    z, p, t = zones, parcels, projects
    zone = positions(z["id"], p["zone_id"])
    project = positions(t["id"], p["project_id"])  # -1: no tenant
    lists = t["categories"]
    owner = np.repeat(np.arange(len(t["id"])), np.diff(lists.offsets))
    known = np.append(np.diff(lists.offsets) > 0, False)  # the extra row: no tenant
    leased = (
        (p["status"] == "leased")
        & (np.isnat(p["lease_start"]) | (p["lease_start"] <= day))
        & (np.isnat(p["lease_end"]) | (p["lease_end"] >= day))
    )
    reserved = p["status"] == "reserved"
    unrecorded = np.equal(p["category"], None)
    n = len(z["id"])
    count = np.bincount(zone, minlength=n)
    total, industrial_land = z["total_area_ha"], z["industrial_land_area_ha"]
    industrial = np.isin(z["kind"], INDUSTRIAL_KINDS)
    scopes = {
        "hi_tech": industrial & ~z["specialises_in_hi_tech"],
        "supporting_industry": z["kind"] == "industrial_cluster",
    }
    district_label = np.strings.add(
        np.strings.add(z["province"], "/"),
        np.where(np.equal(z["district"], None), "", z["district"]),
    )
    district_names, district = np.unique(district_label, return_inverse=True)
    province_names, province = np.unique(z["province"], return_inverse=True)
    levels = {
        "zone": (np.arange(n), z["id"]),
        "economic_zone": (positions(z["id"], z["parent_id"]), z["id"]),
        "district": (np.where(np.equal(z["district"], None), -1, district), district_names),
        "province": (province, province_names),
    }
    numbers: dict[str, dict[str, Any]] = {level: {} for level in levels}
    with np.errstate(divide="ignore", invalid="ignore"):
        for quota, share in QUOTAS.items():
            has = np.zeros(len(t["id"]) + 1, dtype=bool)
            has[owner[lists.values == quota]] = True
            own = p["category"] == quota
            counted = (reserved & own) | (leased & (own | (unrecorded & has[project])))
            uncertain = leased & unrecorded & ~known[project]
            part = np.bincount(zone, weights=p["area_ha"] * counted, minlength=n)
            unknown = np.bincount(zone, weights=p["area_ha"] * uncertain, minlength=n)
            scope = scopes[quota]
            for level, (key, labels) in levels.items():
                chosen = scope & (key >= 0)
                k = key[chosen]
                size = len(labels)
                low = np.bincount(k, weights=part[chosen], minlength=size)
                high = low + np.bincount(k, weights=unknown[chosen], minlength=size)
                base = np.bincount(k, weights=total[chosen], minlength=size)
                lacking = np.bincount(
                    k, weights=(count[chosen] == 0) | np.isnan(total[chosen]), minlength=size
                )
                sure = low / base >= share
                numbers[level].update(
                    {
                        f"{quota}_share": low / base,
                        f"{quota}_sure": sure,
                        f"{quota}_maybe": high / base >= share,
                        f"{quota}_gap": np.where(sure, low - share * base, high - share * base),
                        f"{quota}_lacking": lacking,
                    }
                )
        occupied = np.bincount(zone, weights=p["area_ha"] * leased, minlength=n)
        for level, (key, labels) in levels.items():
            chosen = industrial & (key >= 0)
            k = key[chosen]
            size = len(labels)
            low = np.bincount(k, weights=occupied[chosen], minlength=size)
            base = np.bincount(k, weights=industrial_land[chosen], minlength=size)
            numbers[level].update(
                {
                    "occupancy_share": low / base,
                    "occupancy_ok": low / base >= OCCUPANCY,
                    "occupancy_gap": low - OCCUPANCY * base,
                }
            )
    return {level: (levels[level][1], numbers[level]) for level in levels}


# --- comparing ------------------------------------------------------------------------------


def _columns(level: str, table: Any) -> tuple[list[str], dict[str, list[Any]]]:
    """A peer's table for ``level`` as labels and lists of numbers."""
    if isinstance(table, tuple):  # numpy: (labels, numbers) indexed by group code
        labels, numbers = table
        return labels.tolist(), {k: np.asarray(v).tolist() for k, v in numbers.items()}
    if isinstance(table, pd.DataFrame):
        table = pa.Table.from_pandas(table, preserve_index=False)
    data = table.to_pydict() if isinstance(table, pa.Table) else table.to_dict(as_series=False)
    keys = LEVELS[level]
    labels = ["/".join(str(data[k][i]) for k in keys) for i in range(len(data[keys[0]]))]
    return labels, data


def normalise(result: dict[str, Any]) -> Numbers:
    """``{(level, quota): {label: numbers}}`` for the groups the quota applies to."""
    out: dict[Any, dict[str, tuple[float, ...]]] = {}
    for level in LEVELS:
        labels, data = _columns(level, result[level])
        for quota in (*QUOTAS, "occupancy"):
            names = QUOTA_NUMBERS if quota in QUOTAS else OCCUPANCY_NUMBERS
            rows = zip(*(data[f"{quota}_{n}"] for n in names), strict=True)
            out[level, quota] = {
                label: tuple(float(v) for v in row)
                for label, row in zip(labels, rows, strict=True)
                if row[0] is not None and np.isfinite(row[0])  # no zone in scope: no share
            }
    return out


KINDS = {
    (level, q): "svvgc" if q in QUOTAS else "svg"
    for level in LEVELS
    for q in (*QUOTAS, "occupancy")
}
THRESHOLDS = {(level, q): {**QUOTAS, "occupancy": OCCUPANCY}[q] for level, q in KINDS}


def reference(ds: Any) -> Numbers:
    """The numbers of ``land.numpy_floor`` on the library's dataset, normalised."""
    floor = land.numpy_floor(ds)
    zone_ids = np.array(ds.columns.zones.ids)
    districts = np.unique(np.array([f"{z.province}/{z.district}" for z in ds.zones]))
    labels = {
        "zone": zone_ids,
        "economic_zone": zone_ids,
        "district": districts,
        "province": np.array(ds.columns.zones.provinces),
    }
    result = {}
    for index, level in enumerate(LEVELS):
        entries = [
            (f"{quota}_", QUOTA_NUMBERS, floor[q * 4 + index]) for q, quota in enumerate(QUOTAS)
        ]
        entries.append(("occupancy_", OCCUPANCY_NUMBERS, floor[8 + index]))
        size = len(labels[level])
        numbers = {
            prefix + name: np.pad(
                np.asarray(values, dtype=float), (0, size - len(values)), constant_values=np.nan
            )
            for prefix, names, arrays in entries
            for name, values in zip(names, arrays, strict=True)
        }
        result[level] = (labels[level], numbers)
    return normalise(result)


def checker(expected: Numbers, who: str) -> Any:
    def check(result: Any) -> None:
        agree(normalise(result), expected, KINDS, who=who, thresholds=THRESHOLDS)

    return check


def check_ours(report: Any, expected: Numbers) -> None:
    """The report's zone findings carry the reference's hi-tech shares and occupancy."""
    by_id = {f.id: f for f in report}
    checked = 0
    for rule, quota in (("hi-tech-reserve", "hi_tech"), ("occupancy", "occupancy")):
        for zone_id, numbers in expected["zone", quota].items():
            finding = by_id.get(f"vn-land.{rule}/{zone_id}")
            if finding is not None and finding.actual is not None:
                assert abs(float(finding.actual.value) - numbers[0]) <= 1e-9, (zone_id, finding)
                checked += 1
    assert checked, "no finding was compared with the reference"


# --- the workload ---------------------------------------------------------------------------


def prepare(size: str, seed: int = 1, frames: str = "polars") -> Prepared:
    shape = SIZES[size]
    started = time.perf_counter()
    tables = columns.land_tables(shape["zones"], shape["parcels"], seed)
    generated = time.perf_counter()
    arrow = columns.to_arrow(tables)
    polars_frames, pandas_frames_ = columns.to_polars(arrow), columns.to_pandas(arrow)
    converted = time.perf_counter()
    con = duckdb_connection(arrow)
    raw = {name: table.columns for name, table in tables.items()}
    if size == "smoke":  # the floor on the library's own columns
        expected = reference(columns.land_dataset(tables))
    else:  # the numpy peer, which agrees with the floor at smoke size
        expected = normalise(numpy_raw(**raw))
    rules = land.land_rules()
    given = polars_frames if frames == "polars" else pandas_frames_
    return Prepared(
        name="6. land from frames",
        size=shape,
        ours=None
        if ours.pending(ours.land)
        else (lambda: ours.land(given, rules, DAY, land.OVERRIDES)),
        floor=None,
        naive=None,
        input_bytes=arrow_bytes(arrow),
        check=lambda: check_ours(ours.land(given, rules, DAY, land.OVERRIDES), expected),
        details={"generate_s": generated - started, "convert_s": converted - generated},
        peers=(
            Peer("polars", lambda: polars_eager(**polars_frames), checker(expected, "polars")),
            Peer(
                "polars lazy",
                lambda: polars_lazy(**polars_frames),
                checker(expected, "polars lazy"),
            ),
            Peer("DuckDB", lambda: duckdb_sql(con), checker(expected, "DuckDB")),
            Peer("pandas", lambda: pandas_frames(**pandas_frames_), checker(expected, "pandas")),
            Peer("numpy", lambda: numpy_raw(**raw), checker(expected, "numpy")),
        ),
        bar=BAR,
        limit=LIMIT,
    )
