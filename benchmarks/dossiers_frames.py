"""Workload 8: digital-service rates from frames, against DuckDB, polars, pandas and numpy.

The numbers of ``dossiers.numpy_floor`` (for the four dossier rates, by province
and year: the dossiers counted yes, the dossiers known, and those not recorded),
computed from the raw ``dossiers`` table of ``columns.dossier_tables``: one row
per dossier with its province and procedure as text, channel and payment as
text, dates, and whether its result was digitised (missing until completed).
Received dossiers count in the year received; completed ones in the year
completed.

The bar (from the issue): ours, from frames to rates, within 2x DuckDB.
"""

from __future__ import annotations

import time
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

from benchmarks import columns, dossiers, ours
from benchmarks.compare import Numbers, agree
from benchmarks.harness import Peer, Prepared
from benchmarks.memory import arrow_bytes

YEARS = dossiers.YEARS
SIZES = dossiers.SIZES
BAR = ("DuckDB",)
LIMIT = 2.0
RECEIVED = ("online", "received", "paid_online", "paid_other", "payment_unrecorded")
COMPLETED = (
    "digitised",
    "not_digitised",
    "digitised_unrecorded",
    "on_time",
    "late",
    "due_unrecorded",
)


# --- polars ---------------------------------------------------------------------------------


def _polars_queries(d: Any) -> tuple[Any, Any]:
    c = pl.col
    years = [int(y) for y in YEARS]
    received = (
        d.with_columns(year=c("received").dt.year())
        .filter(c("year").is_in(years))
        .group_by("province", "year")
        .agg(
            online=(c("channel") == "online").sum(),
            received=pl.len(),
            paid_online=(c("payment") == "online").sum(),
            paid_other=(c("payment") == "other").sum(),
            payment_unrecorded=c("payment").is_null().sum(),
        )
    )
    completed = (
        d.with_columns(year=c("completed").dt.year())
        .filter(c("year").is_in(years))  # not completed: null year, dropped
        .group_by("province", "year")
        .agg(
            digitised=c("result_digitised").sum(),
            not_digitised=(~c("result_digitised")).sum(),
            digitised_unrecorded=c("result_digitised").is_null().sum(),
            on_time=(c("completed") <= c("due")).sum(),
            late=(c("completed") > c("due")).sum(),
            due_unrecorded=c("due").is_null().sum(),
        )
    )
    return received, completed


def polars_eager(dossiers: Any, **_: Any) -> tuple[Any, Any]:
    return _polars_queries(dossiers)


def polars_lazy(dossiers: Any, **_: Any) -> tuple[Any, Any]:
    received, completed = pl.collect_all(_polars_queries(dossiers.lazy()))
    return received, completed


# --- DuckDB ---------------------------------------------------------------------------------

_DUCKDB_RECEIVED = f"""
SELECT province, year(received) AS year,
       count(*) FILTER (WHERE channel = 'online') AS online,
       count(*) AS received,
       count(*) FILTER (WHERE payment = 'online') AS paid_online,
       count(*) FILTER (WHERE payment = 'other') AS paid_other,
       count(*) FILTER (WHERE payment IS NULL) AS payment_unrecorded
FROM dossiers
WHERE year(received) IN ({", ".join(YEARS)})
GROUP BY ALL
"""
_DUCKDB_COMPLETED = f"""
SELECT province, year(completed) AS year,
       count(*) FILTER (WHERE result_digitised) AS digitised,
       count(*) FILTER (WHERE NOT result_digitised) AS not_digitised,
       count(*) FILTER (WHERE result_digitised IS NULL) AS digitised_unrecorded,
       count(*) FILTER (WHERE completed <= due) AS on_time,
       count(*) FILTER (WHERE completed > due) AS late,
       count(*) FILTER (WHERE due IS NULL) AS due_unrecorded
FROM dossiers
WHERE year(completed) IN ({", ".join(YEARS)})
GROUP BY ALL
"""


def duckdb_sql(con: Any) -> tuple[pa.Table, pa.Table]:
    return (
        con.sql(_DUCKDB_RECEIVED).to_arrow_table(),
        con.sql(_DUCKDB_COMPLETED).to_arrow_table(),
    )


def duckdb_connection(arrow: dict[str, pa.Table]) -> Any:
    con = duckdb.connect()
    con.register("dossiers", arrow["dossiers"])
    return con


# --- pandas ---------------------------------------------------------------------------------


def pandas_frames(dossiers: Any, **_: Any) -> tuple[Any, Any]:
    years = [int(y) for y in YEARS]
    d = dossiers[dossiers["received"].dt.year.isin(years)]
    received = (
        pd.DataFrame(
            {
                "online": d["channel"] == "online",
                "received": 1,
                "paid_online": d["payment"] == "online",
                "paid_other": d["payment"] == "other",
                "payment_unrecorded": d["payment"].isna(),
            }
        )
        .groupby([d["province"], d["received"].dt.year.rename("year")])
        .sum()
    )
    d = dossiers[dossiers["completed"].dt.year.isin(years)]  # not completed: NaN year, dropped
    digitised = d["result_digitised"]
    completed = (
        pd.DataFrame(
            {
                "digitised": digitised.fillna(False).astype(bool),
                "not_digitised": (~digitised).fillna(False).astype(bool),
                "digitised_unrecorded": digitised.isna(),
                "on_time": d["completed"] <= d["due"],
                "late": d["completed"] > d["due"],
                "due_unrecorded": d["due"].isna(),
            }
        )
        .groupby([d["province"], d["completed"].dt.year.rename("year")])
        .sum()
    )
    return received.reset_index(), completed.reset_index()


# --- numpy ----------------------------------------------------------------------------------


def numpy_raw(dossiers: Any, valid: Any, **_: Any) -> tuple[Any, Any]:
    """``dossiers.numpy_floor`` from the raw columns: provinces numbered with ``np.unique``,
    channel and payment compared as text, years from the dates, one ``bincount`` per count.
    Returns the province names and two (province, year, count) arrays."""
    d = dossiers
    names, province = np.unique(d["province"], return_inverse=True)
    first = int(YEARS[0])
    cells = len(names) * len(YEARS)

    def counts(year: Any, keep: Any, flags: dict[str, Any]) -> Any:
        key = (province * len(YEARS) + (year - first))[keep]
        return np.stack(
            [
                np.bincount(key, weights=None if f is None else f[keep], minlength=cells).reshape(
                    len(names), len(YEARS)
                )
                for f in flags.values()
            ],
            axis=-1,
        )

    received_year = d["received"].astype("datetime64[Y]").astype(np.int64) + 1970
    received = counts(
        received_year,
        (received_year >= first) & (received_year < first + 3),
        {
            "online": d["channel"] == "online",
            "received": None,
            "paid_online": d["payment"] == "online",
            "paid_other": d["payment"] == "other",
            "payment_unrecorded": np.equal(d["payment"], None),
        },
    )
    done = ~np.isnat(d["completed"])
    years = d["completed"].astype("datetime64[Y]").astype(np.int64) + 1970
    completed_year = np.where(done, years, 0)
    known = valid["result_digitised"]
    completed = counts(
        completed_year,
        (completed_year >= first) & (completed_year < first + 3),
        {
            "digitised": known & d["result_digitised"],
            "not_digitised": known & ~d["result_digitised"],
            "digitised_unrecorded": ~known,
            "on_time": d["completed"] <= d["due"],
            "late": d["completed"] > d["due"],
            "due_unrecorded": np.isnat(d["due"]),
        },
    )
    return names, received, completed


# --- comparing ------------------------------------------------------------------------------

RATES = {  # rate: (table, yes, parts of known, not recorded)
    "dossiers_online": ("received", "online", ("received",), None),
    "payments_online": (
        "received",
        "paid_online",
        ("paid_online", "paid_other"),
        "payment_unrecorded",
    ),
    "results_digitised": (
        "completed",
        "digitised",
        ("digitised", "not_digitised"),
        "digitised_unrecorded",
    ),
    "completed_on_time": ("completed", "on_time", ("on_time", "late"), "due_unrecorded"),
}


def _cells(result: Any) -> dict[str, dict[str, dict[str, float]]]:
    """``{"received" | "completed": {"province@year": {count: value}}}``."""
    if len(result) == 3:  # numpy: names and two (province, year, count) arrays
        names, *arrays = result
        out: dict[str, dict[str, dict[str, float]]] = {}
        for table, array, fields in zip(
            ("received", "completed"), arrays, (RECEIVED, COMPLETED), strict=True
        ):
            out[table] = {
                f"{name}@{year}": dict(zip(fields, array[p, y].tolist(), strict=True))
                for p, name in enumerate(names.tolist())
                for y, year in enumerate(YEARS)
            }
        return out
    out = {}
    for table, frame in zip(("received", "completed"), result, strict=True):
        if isinstance(frame, pd.DataFrame):
            frame = pa.Table.from_pandas(frame, preserve_index=False)
        rows = frame.to_pylist() if isinstance(frame, pa.Table) else frame.to_dicts()
        out[table] = {f"{r.pop('province')}@{r.pop('year')}": r for r in rows}
    return out


def normalise(result: Any) -> Numbers:
    """``{rate: {"province@year": (yes, known, not recorded)}}``, cells with no dossier left out."""
    cells = _cells(result)
    out: dict[str, dict[str, tuple[float, ...]]] = {}
    for rate, (table, yes, known, unrecorded) in RATES.items():
        out[rate] = {}
        for label, counts in cells[table].items():
            numbers = (
                float(counts[yes]),
                float(sum(counts[k] for k in known)),
                float(counts[unrecorded]) if unrecorded else 0.0,
            )
            if any(numbers):
                out[rate][label] = numbers
    return out


def reference(table: Any) -> Numbers:
    """The numbers of ``dossiers.numpy_floor`` on the library's ``DossierTable``."""
    floor = dossiers.numpy_floor(table)
    out: dict[str, dict[str, tuple[float, ...]]] = {}
    for rate, arrays in floor.items():
        out[rate] = {}
        for p, province in enumerate(table.provinces):
            for y, year in enumerate(YEARS):
                numbers = tuple(float(a[p, y]) for a in arrays)
                if any(numbers):
                    out[rate][f"{province}@{year}"] = numbers
    return out


KINDS = dict.fromkeys(RATES, "ccc")


def checker(expected: Numbers, who: str) -> Any:
    def check(result: Any) -> None:
        agree(normalise(result), expected, KINDS, who=who)

    return check


def check_ours(report: Any, expected: Numbers) -> None:
    """Each rate by province and year is the reference's (or insufficient data)."""
    compared = 0
    for rate, cells in expected.items():
        for label, (yes, known, unrecorded) in cells.items():
            finding = report[f"services.{rate}/{label}"]
            if known == 0 or unrecorded > 0:
                assert finding.actual is None or finding.status.value == "insufficient_data"
                continue
            assert finding.actual is not None, finding
            assert abs(float(finding.actual.value) - yes / known) < 1e-9, (finding.id, yes / known)
            compared += 1
    assert compared


# --- the workload ---------------------------------------------------------------------------


def prepare(size: str, seed: int = 3, frames: str = "polars") -> Prepared:
    shape = SIZES[size]
    started = time.perf_counter()
    tables = columns.dossier_tables(shape["dossiers"], shape["procedures"], seed)
    generated = time.perf_counter()
    arrow = columns.to_arrow(tables)
    polars_frames, pandas_frames_ = columns.to_polars(arrow), columns.to_pandas(arrow)
    converted = time.perf_counter()
    con = duckdb_connection(arrow)
    raw = {"dossiers": tables["dossiers"].columns, "valid": tables["dossiers"].valid}
    expected = reference(columns.dossier_table(tables))
    given = polars_frames if frames == "polars" else pandas_frames_
    return Prepared(
        name="8. service rates from frames",
        size=shape,
        ours=None
        if ours.pending(ours.dossier_rates)
        else (lambda: ours.dossier_rates(given, YEARS)),
        floor=None,
        naive=None,
        input_bytes=arrow_bytes(arrow),
        check=lambda: check_ours(ours.dossier_rates(given, YEARS), expected),
        details={"generate_s": generated - started, "convert_s": converted - generated},
        repeats=3,
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
