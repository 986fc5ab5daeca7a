"""Workload 2: target tracking, 50 targets over projects with capital in three currencies.

The floor computes, with numpy on the same columns, each target's value on
every 31 December from the first licence to the day tracked and on that day
(the series the projection is fitted to): projects in effect, projects
licensed in a period, distinct investors, and registered capital converted
at each event's own dated rate. The naive approach loops over project objects
summing their capital as ``Money`` converted by ``ExchangeRates.convert``.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np

import industrial_policy as ip
from benchmarks import generate
from benchmarks.harness import Naive, Prepared, columns_bytes
from industrial_policy.dataset.columns import code_of
from industrial_policy.dataset.target_columns import category_mask, columns_of
from industrial_policy.records import Target
from industrial_policy.tracking import track

AS_OF = dt.date(2024, 6, 30)
SIZES = {
    "smoke": {"projects": 5_000, "targets": 50},
    "full": {"projects": 1_000_000, "targets": 50},
}
NAIVE_SAMPLE = 2_000
LICENSED, ADJUSTED = 0, 1  # CapitalEventKind positions


def _days(first: np.datetime64, last: dt.date) -> np.ndarray[Any, Any]:
    years = range(int(str(first)[:4]), last.year + 1)
    ends = [np.datetime64(f"{y}-12-31") for y in years if first < np.datetime64(f"{y}-12-31")]
    day = np.datetime64(last, "D")
    return np.array([d for d in ends if d < day] + [day], dtype="datetime64[D]")


def _cumulative(when: np.ndarray[Any, Any], weights: Any, days: np.ndarray[Any, Any]) -> Any:
    known = ~np.isnat(when)
    bins = np.searchsorted(days, when[known])
    w = None if weights is None else weights[known]
    return np.cumsum(np.bincount(bins, weights=w, minlength=len(days) + 1)[: len(days)])


def numpy_floor(ds: ip.Dataset, targets: list[Target]) -> list[Any]:
    c = columns_of(ds)
    zone_province = np.array([z.province for z in ds.zones])
    project_province = np.where(c.project_zone >= 0, zone_province[c.project_zone], "")
    usd = c.currencies.index("USD")
    # each event's amount in USD at the rate in force on its date
    factor = np.ones(len(c.event_amount))
    for code, currency in enumerate(c.currencies):
        if code != usd:
            rows = c.event_currency == code
            factor[rows] = ds.exchange_rates.rates_on(currency, "USD", c.event_date[rows])
    usd_amount = c.event_amount * factor
    out = []
    for target in targets:
        mask = ~np.isnat(c.licensed)
        if target.province is not None:
            mask &= project_province == target.province
        if target.origin is not None:
            mask &= c.project_origin == code_of(target.origin)
        if target.categories:
            mask &= (c.project_categories & category_mask(target.categories)) != 0
        days = _days(c.licensed[mask].min(), AS_OF)
        metric, kind = target.metric.value, target.kind.value
        start = (np.datetime64(target.since, "D") if target.since is not None
                 else np.datetime64("2021-01-01"))  # fmt: skip
        if metric == "projects" and kind == "stock":
            values = _cumulative(c.licensed[mask], None, days) - _cumulative(
                c.terminated[mask], None, days)  # fmt: skip
        elif metric == "projects":
            rows = mask[c.event_project] & (c.event_kind == LICENSED) & (c.event_date >= start)
            values = _cumulative(c.event_date[rows], None, days)
        elif metric == "businesses" and kind == "stock":
            bins = max(len(c.investors), 1)
            values = np.array([
                np.count_nonzero(np.bincount(
                    c.project_investor[mask & (c.licensed <= d) & ~(c.terminated <= d)],
                    minlength=bins))
                for d in days])  # fmt: skip
        elif metric == "businesses":
            rows = mask[c.event_project] & (c.event_kind == LICENSED) & (c.event_date >= start)
            who = c.project_investor[c.event_project[rows]]
            earliest = np.full(len(c.investors), np.iinfo(np.int64).max)
            np.minimum.at(earliest, who, c.event_date[rows].astype(np.int64))
            seen = earliest[earliest != np.iinfo(np.int64).max].astype("datetime64[D]")
            values = _cumulative(seen, None, days)
        elif kind == "stock":
            rows = mask[c.event_project]
            values = _cumulative(c.event_date[rows], usd_amount[rows], days) - _cumulative(
                c.terminated[c.event_project][rows], usd_amount[rows], days)  # fmt: skip
        else:
            if kind == "flow":
                start = np.datetime64(f"{AS_OF.year}-01-01")
            rows = mask[c.event_project] & (c.event_date >= start)
            values = _cumulative(c.event_date[rows], usd_amount[rows], days)
        out.append(values)
    return out


def naive(ds: ip.Dataset, targets: list[Target], sample: int) -> list[Any]:
    """Each target's value on the day tracked (no series), one project object at a time,
    with ``Money`` converted by ``ExchangeRates.convert`` at each event's date."""
    province_of = {z.id: z.province for z in ds.zones}
    out: list[Any] = []
    for target in targets:
        start = target.since or dt.date(2021, 1, 1)
        if target.kind.value == "flow":
            start = dt.date(AS_OF.year, 1, 1)
        count, investors, total = 0, set(), ip.Money(0, "USD")
        for project in ds.projects[:sample]:
            if target.province is not None and province_of.get(project.zone_id or "") != (
                target.province
            ):
                continue
            if target.origin is not None and project.origin is not target.origin:
                continue
            if target.categories and not target.categories & project.categories:
                continue
            events = project.capital_events
            licensed = events[0].date
            ended = events[-1].date if events[-1].kind.value == "terminated" else None
            alive = licensed <= AS_OF and (ended is None or ended > AS_OF)
            new = start <= licensed <= AS_OF
            if target.metric.value == "projects":
                count += alive if target.kind.value == "stock" else new
            elif target.metric.value == "businesses":
                if alive if target.kind.value == "stock" else new:
                    investors.add(project.investor)
            else:
                for event in events:
                    counts = event.date <= AS_OF and (
                        alive if target.kind.value == "stock" else event.date >= start
                    )
                    if counts and event.amount is not None:
                        total = total + ds.exchange_rates.convert(event.amount, "USD", event.date)
        out.append((count, len(investors), total))
    return out


def check(ds: ip.Dataset, targets: list[Target]) -> None:
    """The tracked actuals equal the floor's value on the day tracked."""
    report = track(ds, targets, AS_OF)
    floor = numpy_floor(ds, targets)
    for target, values in zip(targets, floor, strict=True):
        (finding,) = [f for f in report if f.id.startswith(f"{target.id}/")]
        assert finding.actual is not None, finding
        ours = float(finding.actual.value)  # money: 9 significant digits, at most to the cent
        assert abs(ours - values[-1]) <= max(1e-8 * abs(values[-1]), 0.005), (target.id, ours)


def prepare(size: str, seed: int = 2) -> Prepared:
    shape = SIZES[size]
    ds = generate.investment_dataset(shape["projects"], seed)
    targets = generate.investment_targets(shape["targets"])
    started = time.perf_counter()
    columns = columns_of(ds)
    built = time.perf_counter()
    track(ds, targets, AS_OF)
    first = time.perf_counter()
    sample = min(NAIVE_SAMPLE, len(ds.projects))
    return Prepared(
        name="2. target tracking",
        size=shape,
        ours=lambda: track(ds, targets, AS_OF),
        floor=lambda: numpy_floor(ds, targets),
        naive=Naive(lambda: naive(ds, targets, sample), sample, len(ds.projects), "projects"),
        input_bytes=columns_bytes(columns),
        check=lambda: check(ds, targets),
        details={"columns_s": built - started, "first_call_s": first - built},
        repeats=3,
    )
