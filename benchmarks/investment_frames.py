"""Workload 7: target tracking from frames, against polars, DuckDB, pandas and numpy.

The numbers of ``investment.numpy_floor`` (50 targets: projects, businesses and
registered capital; stocks, flows and cumulative; by province, origin and
category), computed from the raw tables of ``columns.investment_tables``:
``zones``, ``projects`` (text ids, the categories as a list),
``capital_events`` (one row per licence, adjustment and termination, amounts in
VND, USD and JPY) and ``exchange_rates``. Each peer finds the projects' licence
and termination dates and provinces, converts each amount to USD at the rate in
force on its date (an as-of join), then computes each target's value on every
31 December from the first licence to the day tracked, and on that day.

The bar (from the issue): ours, from frames to tracked targets, within 3x polars.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

from benchmarks import columns, generate, investment, ours
from benchmarks.compare import Numbers, agree
from benchmarks.harness import Peer, Prepared
from benchmarks.land_frames import positions
from benchmarks.memory import arrow_bytes

AS_OF = investment.AS_OF
SIZES = investment.SIZES
START = dt.date(2021, 1, 1)  # where flows and cumulative targets start without ``since``
BAR = ("polars",)
LIMIT = 3.0
TABLES = ("zones", "projects", "capital_events", "exchange_rates")


def series_days(first: dt.date, as_of: dt.date = AS_OF) -> list[dt.date]:
    """Every 31 December after ``first`` and before ``as_of``, then ``as_of``."""
    ends = [dt.date(y, 12, 31) for y in range(first.year, as_of.year + 1)]
    return [d for d in ends if first < d < as_of] + [as_of]


def _start(target: Any) -> dt.date:
    if target.metric.value == "registered_capital" and target.kind.value == "flow":
        return dt.date(AS_OF.year, 1, 1)
    return target.since or START


# --- polars ---------------------------------------------------------------------------------


def _accumulate(rows: Any, when: str, days: Any, weight: str | None = None) -> list[float]:
    """On each of ``days``, the count (or sum of ``weight``) of ``rows`` dated on or before it."""
    c = pl.col
    value = c(weight).sum() if weight else pl.len()
    per_day = (
        rows.filter(c(when) <= days[-1])
        .group_by(bin=pl.lit(days).search_sorted(c(when)))
        .agg(value.cast(pl.Float64).alias("value"))
    )
    return (
        pl.DataFrame({"bin": pl.int_range(len(days), eager=True, dtype=pl.UInt32)})
        .join(per_day, on="bin", how="left")
        .sort("bin")
        .select(c("value").fill_null(0).cum_sum())
        .to_series()
        .to_list()
    )


def _polars_filter(target: Any) -> Any:
    c = pl.col
    keep = pl.lit(True)
    if target.province is not None:
        keep &= c("province") == target.province
    if target.origin is not None:
        keep &= c("origin") == target.origin.value
    if target.categories:
        keep &= pl.any_horizontal(c("categories").list.contains(x.value) for x in target.categories)
    return keep


def polars_eager(
    zones: Any, projects: Any, capital_events: Any, exchange_rates: Any, targets: list[Any]
) -> dict[str, list[float]]:
    c = pl.col
    events = capital_events
    licences = events.filter(c("kind") == "licensed").select("project_id", licensed="date")
    ends = events.filter(c("kind") == "terminated").select("project_id", terminated="date")
    p = (
        projects.select("id", "zone_id", "origin", "investor", "categories")
        .join(zones.select(zone_id="id", province="province"), on="zone_id", how="left")
        .join(licences, left_on="id", right_on="project_id", how="left")
        .join(ends, left_on="id", right_on="project_id", how="left")
    )
    # 1 USD = ``rate`` units of ``quote``: the rate in force is the latest on or before the date
    usd_rates = exchange_rates.filter(c("base") == "USD").select(
        currency="quote", date="effective", usd_per_unit=1 / c("rate")
    )
    money = (
        events.filter(c("amount").is_not_null())
        .sort("date")
        .join_asof(usd_rates.sort("date"), on="date", by="currency", check_sortedness=False)
        .select(
            "project_id",
            "date",
            usd=c("amount") * pl.when(c("currency") == "USD").then(1.0).otherwise("usd_per_unit"),
        )
        .join(
            p.select("province", "origin", "categories", "terminated", project_id="id"),
            on="project_id",
        )
    )
    out = {}
    for target in targets:
        keep = _polars_filter(target)
        mine = p.filter(keep)
        days = pl.Series(series_days(mine["licensed"].min()), dtype=pl.Date)
        metric, kind, start = target.metric.value, target.kind.value, _start(target)
        if metric == "projects" and kind == "stock":
            opened, closed = (
                _accumulate(mine, "licensed", days),
                _accumulate(mine, "terminated", days),
            )
            values = [a - b for a, b in zip(opened, closed, strict=True)]
        elif metric == "projects":
            values = _accumulate(mine.filter(c("licensed") >= start), "licensed", days)
        elif metric == "businesses" and kind == "stock":
            alive = [(c("licensed") <= d) & ~(c("terminated") <= d).fill_null(False) for d in days]
            counts = mine.select(
                c("investor").filter(a).n_unique().alias(str(i)) for i, a in enumerate(alive)
            )
            values = [float(v) for v in counts.row(0)]
        elif metric == "businesses":
            first = (
                mine.filter(c("licensed") >= start).group_by("investor").agg(c("licensed").min())
            )
            values = _accumulate(first, "licensed", days)
        elif kind == "stock":
            rows = money.filter(keep)
            added = _accumulate(rows, "date", days, "usd")
            ended = _accumulate(rows, "terminated", days, "usd")
            values = [a - b for a, b in zip(added, ended, strict=True)]
        else:
            values = _accumulate(money.filter(keep & (c("date") >= start)), "date", days, "usd")
        out[target.id] = values
    return out


# --- DuckDB ---------------------------------------------------------------------------------

_DUCKDB_PREPARE = """
CREATE OR REPLACE TEMP TABLE p AS
SELECT projects.id, projects.origin, projects.investor, projects.categories, zones.province,
       licences.date AS licensed, ends.date AS terminated
FROM projects
LEFT JOIN zones ON zones.id = projects.zone_id
LEFT JOIN capital_events AS licences
    ON licences.project_id = projects.id AND licences.kind = 'licensed'
LEFT JOIN capital_events AS ends
    ON ends.project_id = projects.id AND ends.kind = 'terminated';

CREATE OR REPLACE TEMP TABLE money AS
WITH usd_rates AS (  -- 1 USD = rate units of quote, in force from effective
    SELECT quote AS currency, effective, 1 / rate AS usd_per_unit
    FROM exchange_rates WHERE base = 'USD'
)
SELECT e.date, e.amount * CASE WHEN e.currency = 'USD' THEN 1 ELSE r.usd_per_unit END AS usd,
       p.province, p.origin, p.categories, p.terminated
FROM capital_events e
ASOF LEFT JOIN usd_rates r ON r.currency = e.currency AND e.date >= r.effective
JOIN p ON p.id = e.project_id
WHERE e.amount IS NOT NULL;
"""
_DUCKDB_ACCUMULATE = """
WITH days AS (SELECT unnest({days}::DATE[]) AS day),
rows AS ({rows}),
per_day AS (
    SELECT days.day, {value} AS value
    FROM rows ASOF JOIN days ON rows.dated <= days.day
    GROUP BY days.day
)
SELECT sum(coalesce(value, 0)) OVER (ORDER BY day) AS value
FROM days LEFT JOIN per_day USING (day)
ORDER BY day
"""
_DUCKDB_ALIVE = """
WITH days AS (SELECT unnest({days}::DATE[]) AS day)
SELECT count(DISTINCT investor) AS value
FROM days LEFT JOIN p ON p.licensed <= days.day
    AND (p.terminated IS NULL OR p.terminated > days.day) AND {keep}
GROUP BY days.day
ORDER BY days.day
"""


def _sql_filter(target: Any) -> str:
    keep = ["true"]
    if target.province is not None:
        keep.append(f"province = '{target.province}'")
    if target.origin is not None:
        keep.append(f"origin = '{target.origin.value}'")
    if target.categories:
        keep.append(f"list_has_any(categories, {sorted(x.value for x in target.categories)})")
    return " AND ".join(keep)


def duckdb_sql(con: Any, targets: list[Any]) -> dict[str, list[float]]:
    """Projects and amounts in USD in two temporary tables, then SQL per target."""
    con.execute(_DUCKDB_PREPARE)
    out = {}
    for target in targets:
        keep = _sql_filter(target)
        (first,) = con.execute(f"SELECT min(licensed) FROM p WHERE {keep}").fetchone()
        days = [d.isoformat() for d in series_days(first)]
        metric, kind, start = target.metric.value, target.kind.value, f"DATE '{_start(target)}'"

        def accumulate(rows: str, value: str = "count(*)", days: list[str] = days) -> list[float]:
            query = _DUCKDB_ACCUMULATE.format(days=days, rows=rows, value=value)
            return [float(v) for (v,) in con.execute(query).fetchall()]

        if metric == "projects" and kind == "stock":
            opened = accumulate(f"SELECT licensed AS dated FROM p WHERE {keep}")
            closed = accumulate(f"SELECT terminated AS dated FROM p WHERE {keep}")
            values = [a - b for a, b in zip(opened, closed, strict=True)]
        elif metric == "projects":
            values = accumulate(
                f"SELECT licensed AS dated FROM p WHERE {keep} AND licensed >= {start}"
            )
        elif metric == "businesses" and kind == "stock":
            query = _DUCKDB_ALIVE.format(days=days, keep=keep)
            values = [float(v) for (v,) in con.execute(query).fetchall()]
        elif metric == "businesses":
            values = accumulate(
                f"SELECT min(licensed) AS dated FROM p WHERE {keep}"
                f" AND licensed >= {start} GROUP BY investor"
            )
        elif kind == "stock":
            added = accumulate(f"SELECT date AS dated, usd FROM money WHERE {keep}", "sum(usd)")
            ended = accumulate(
                f"SELECT terminated AS dated, usd FROM money WHERE {keep}", "sum(usd)"
            )
            values = [a - b for a, b in zip(added, ended, strict=True)]
        else:
            values = accumulate(
                f"SELECT date AS dated, usd FROM money WHERE {keep} AND date >= {start}", "sum(usd)"
            )
        out[target.id] = values
    return out


def duckdb_connection(arrow: dict[str, pa.Table]) -> Any:
    con = duckdb.connect()
    for name in TABLES:
        con.register(name, arrow[name])
    return con


# --- pandas ---------------------------------------------------------------------------------


def _pandas_accumulate(when: Any, days: Any, weights: Any = None) -> list[float]:
    """On each of ``days``, the count (or sum of ``weights``) of the rows dated on or before it."""
    rows = pd.DataFrame({"when": when, "w": 1.0 if weights is None else weights})
    rows = rows[rows["when"] <= days[-1]]  # NaT compares False: dropped
    per_day = rows.groupby(days.searchsorted(rows["when"]))["w"].sum()
    return per_day.reindex(range(len(days)), fill_value=0.0).cumsum().tolist()


def pandas_frames(
    zones: Any, projects: Any, capital_events: Any, exchange_rates: Any, targets: list[Any]
) -> dict[str, list[float]]:
    e = capital_events
    licences = e.loc[e["kind"] == "licensed", ["project_id", "date"]]
    ends = e.loc[e["kind"] == "terminated", ["project_id", "date"]]
    p = (
        projects[["id", "zone_id", "origin", "investor", "categories"]]
        .merge(
            zones[["id", "province"]].rename(columns={"id": "zone_id"}), on="zone_id", how="left"
        )
        .merge(
            licences.rename(columns={"project_id": "id", "date": "licensed"}), on="id", how="left"
        )
        .merge(ends.rename(columns={"project_id": "id", "date": "terminated"}), on="id", how="left")
    )
    hi_tech = p["categories"].explode().eq("hi_tech").groupby(level=0).any()
    p["category_hi_tech"] = hi_tech.reindex(p.index, fill_value=False)
    rates = exchange_rates[exchange_rates["base"] == "USD"]
    usd_rates = pd.DataFrame(
        {"currency": rates["quote"], "date": rates["effective"], "usd_per_unit": 1 / rates["rate"]}
    ).sort_values("date")
    money = pd.merge_asof(
        e[e["amount"].notna()].sort_values("date"), usd_rates, on="date", by="currency"
    )
    money["usd"] = money["amount"] * money["usd_per_unit"].where(money["currency"] != "USD", 1.0)
    columns_ = ["id", "province", "origin", "category_hi_tech", "terminated"]
    money = money.merge(p[columns_], left_on="project_id", right_on="id")
    out = {}
    for target in targets:

        def keep(frame: Any, target: Any = target) -> Any:
            mask = pd.Series(True, index=frame.index)
            if target.province is not None:
                mask &= frame["province"] == target.province
            if target.origin is not None:
                mask &= frame["origin"] == target.origin.value
            if target.categories:  # the targets only name hi-tech
                assert {x.value for x in target.categories} == {"hi_tech"}
                mask &= frame["category_hi_tech"]
            return mask

        mine = p[keep(p)]
        days = pd.DatetimeIndex(series_days(mine["licensed"].min().date()))
        metric, kind, start = target.metric.value, target.kind.value, pd.Timestamp(_start(target))
        if metric == "projects" and kind == "stock":
            opened = _pandas_accumulate(mine["licensed"], days)
            closed = _pandas_accumulate(mine["terminated"], days)
            values = [a - b for a, b in zip(opened, closed, strict=True)]
        elif metric == "projects":
            values = _pandas_accumulate(mine.loc[mine["licensed"] >= start, "licensed"], days)
        elif metric == "businesses" and kind == "stock":
            values = [
                float(
                    mine.loc[
                        (mine["licensed"] <= d) & ~(mine["terminated"] <= d), "investor"
                    ].nunique()
                )
                for d in days
            ]
        elif metric == "businesses":
            new = mine[mine["licensed"] >= start]
            values = _pandas_accumulate(new.groupby("investor")["licensed"].min(), days)
        elif kind == "stock":
            rows = money[keep(money)]
            added = _pandas_accumulate(rows["date"], days, rows["usd"])
            ended = _pandas_accumulate(rows["terminated"], days, rows["usd"])
            values = [a - b for a, b in zip(added, ended, strict=True)]
        else:
            rows = money[keep(money) & (money["date"] >= start)]
            values = _pandas_accumulate(rows["date"], days, rows["usd"])
        out[target.id] = values
    return out


# --- numpy ----------------------------------------------------------------------------------


def _numpy_accumulate(when: Any, days: Any, weights: Any = None) -> Any:
    known = ~np.isnat(when)
    bins = np.searchsorted(days, when[known])
    w = None if weights is None else weights[known]
    return np.cumsum(np.bincount(bins, weights=w, minlength=len(days) + 1)[: len(days)])


def numpy_raw(
    zones: Any, projects: Any, capital_events: Any, exchange_rates: Any, targets: list[Any]
) -> dict[str, Any]:
    """``investment.numpy_floor`` from the raw columns: text ids sorted and searched, the
    investors numbered with ``np.unique``, the rates looked up with ``searchsorted``."""
    p, e, r = projects, capital_events, exchange_rates
    n = len(p["id"])
    owner = positions(p["id"], e["project_id"])
    licence, termination = e["kind"] == "licensed", e["kind"] == "terminated"
    licensed = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    licensed[owner[licence]] = e["date"][licence]
    terminated = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    terminated[owner[termination]] = e["date"][termination]
    province = zones["province"][positions(zones["id"], p["zone_id"])]
    _, investor = np.unique(p["investor"], return_inverse=True)
    lists = p["categories"]
    category_of = np.repeat(np.arange(n), np.diff(lists.offsets))
    money = ~np.isnan(e["amount"])
    factor = np.ones(len(e["amount"]))
    for currency in np.unique(e["currency"][money]):
        if currency == "USD":
            continue
        pair = (r["base"] == "USD") & (r["quote"] == currency)
        order = np.argsort(r["effective"][pair])
        effective, usd_per_unit = r["effective"][pair][order], 1 / r["rate"][pair][order]
        rows = money & (e["currency"] == currency)
        factor[rows] = usd_per_unit[np.searchsorted(effective, e["date"][rows], side="right") - 1]
    usd = (e["amount"] * factor)[money]
    event_project, event_date = owner[money], e["date"][money]
    out = {}
    for target in targets:
        mask = ~np.isnat(licensed)
        if target.province is not None:
            mask &= province == target.province
        if target.origin is not None:
            mask &= p["origin"] == target.origin.value
        if target.categories:
            has = np.zeros(n, dtype=bool)
            has[category_of[np.isin(lists.values, [x.value for x in target.categories])]] = True
            mask &= has
        first = licensed[mask].min().astype(dt.date)
        days = np.array(series_days(first), dtype="datetime64[D]")
        metric, kind, start = target.metric.value, target.kind.value, np.datetime64(_start(target))
        if metric == "projects" and kind == "stock":
            values = _numpy_accumulate(licensed[mask], days) - _numpy_accumulate(
                terminated[mask], days
            )
        elif metric == "projects":
            rows = mask & (licensed >= start)
            values = _numpy_accumulate(licensed[rows], days)
        elif metric == "businesses" and kind == "stock":
            values = np.array(
                [
                    np.count_nonzero(
                        np.bincount(
                            investor[mask & (licensed <= d) & ~(terminated <= d)], minlength=n
                        )
                    )
                    for d in days
                ]
            )
        elif metric == "businesses":
            rows = mask & (licensed >= start)
            earliest = np.full(n, np.iinfo(np.int64).max)
            np.minimum.at(earliest, investor[rows], licensed[rows].astype(np.int64))
            seen = earliest[earliest != np.iinfo(np.int64).max].astype("datetime64[D]")
            values = _numpy_accumulate(seen, days)
        elif kind == "stock":
            rows = mask[event_project]
            values = _numpy_accumulate(event_date[rows], days, usd[rows]) - _numpy_accumulate(
                terminated[event_project][rows], days, usd[rows]
            )
        else:
            rows = mask[event_project] & (event_date >= start)
            values = _numpy_accumulate(event_date[rows], days, usd[rows])
        out[target.id] = values
    return out


# --- comparing ------------------------------------------------------------------------------


def normalise(result: dict[str, Any]) -> Numbers:
    """``{target id: {day index: (value,)}}``."""
    return {
        target: {str(i): (float(v),) for i, v in enumerate(np.asarray(values, dtype=float))}
        for target, values in result.items()
    }


def reference(ds: Any, targets: list[Any]) -> Numbers:
    floor = investment.numpy_floor(ds, targets)
    return normalise({t.id: values for t, values in zip(targets, floor, strict=True)})


def kinds(targets: list[Any]) -> dict[str, str]:
    return {t.id: "a" if t.metric.value == "registered_capital" else "c" for t in targets}


def checker(expected: Numbers, targets: list[Any], who: str) -> Any:
    pattern = kinds(targets)

    def check(result: Any) -> None:
        agree(normalise(result), expected, pattern, who=who)

    return check


def check_ours(report: Any, expected: Numbers, targets: list[Any]) -> None:
    """Each target's actual is the reference's value on the day tracked."""
    for target in targets:
        (finding,) = [f for f in report if f.id.startswith(f"{target.id}/")]
        assert finding.actual is not None, finding
        series = expected[target.id]
        value = series[str(len(series) - 1)][0]
        ours_value = float(finding.actual.value)  # money: 9 significant digits, to the cent
        assert abs(ours_value - value) <= max(1e-8 * abs(value), 0.005), (target.id, ours_value)


# --- the workload ---------------------------------------------------------------------------


def prepare(size: str, seed: int = 2, frames: str = "polars") -> Prepared:
    shape = SIZES[size]
    targets = generate.investment_targets(shape["targets"])
    started = time.perf_counter()
    tables = columns.investment_tables(shape["projects"], seed, production=False)
    generated = time.perf_counter()
    arrow = {name: table for name, table in columns.to_arrow(tables).items() if name in TABLES}
    polars_frames, pandas_frames_ = columns.to_polars(arrow), columns.to_pandas(arrow)
    converted = time.perf_counter()
    con = duckdb_connection(arrow)
    raw = {name: tables[name].columns for name in TABLES}
    if size == "smoke":  # the floor on the library's own columns
        expected = reference(columns.investment_dataset(tables), targets)
    else:  # the numpy peer, which agrees with the floor at smoke size
        expected = normalise(numpy_raw(**raw, targets=targets))
    given = polars_frames if frames == "polars" else pandas_frames_
    return Prepared(
        name="7. targets from frames",
        size=shape,
        ours=None if ours.pending(ours.targets) else (lambda: ours.targets(given, targets, AS_OF)),
        floor=None,
        naive=None,
        input_bytes=arrow_bytes(arrow),
        check=lambda: check_ours(ours.targets(given, targets, AS_OF), expected, targets),
        details={"generate_s": generated - started, "convert_s": converted - generated},
        repeats=3,
        peers=(
            Peer(
                "polars",
                lambda: polars_eager(**polars_frames, targets=targets),
                checker(expected, targets, "polars"),
            ),
            Peer("DuckDB", lambda: duckdb_sql(con, targets), checker(expected, targets, "DuckDB")),
            Peer(
                "pandas",
                lambda: pandas_frames(**pandas_frames_, targets=targets),
                checker(expected, targets, "pandas"),
            ),
            Peer(
                "numpy",
                lambda: numpy_raw(**raw, targets=targets),
                checker(expected, targets, "numpy"),
            ),
        ),
        bar=BAR,
        limit=LIMIT,
    )
