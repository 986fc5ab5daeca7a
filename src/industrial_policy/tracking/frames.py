"""Target metrics from frames of projects and capital events, counted by their engine.

When a country's projects and their capital events are too many to hold in
memory, :func:`~industrial_policy.tracking.track` takes them as frames
(``projects=`` and ``capital_events=``: DuckDB, polars, Dask, PySpark,
pandas...) beside a dataset that holds the zones, the exchange rates and the
targets. :class:`ProjectFrames` pushes the work down to the frames' engine and
brings back, per group and per date, only totals:

* each query groups by zone, origin and set of categories (and, for
  businesses, investor), and by the *segment* of each date that matters: the
  calendar is cut at the day after each day measured, at the start of a flow
  and (for capital converted at the rate of its date) at every exchange
  rate's effective date, so every row of a group counts on the same days and
  converts at the same rate;
* a group comes back as one row: how many projects (or amounts) it holds,
  their sum, and its earliest dates; the library then selects the groups of
  the target's subject (its zones, origin and categories) and computes on
  them with the same code as on records held in memory (``_cumulative``,
  ``_money_at``), so the results are the same;
* the rows are checked once, in the engine, by the rules the table readers
  apply (a broken rule raises :class:`~industrial_policy.errors.TableError`
  with its count and a sample of its rows).

Metrics computed from frames: ``projects``, ``registered_capital`` and
``businesses``, stocks and flows, with every filter (zone or province,
origin, categories, new or adjusted capital). The others need the records in
memory: ``production_value`` (yearly values per project are not among the
frames read here), ``zones_established`` and ``area_leased`` (from the
dataset's zones and parcels, which stay in memory, except a filter by the
tenants' origin, which needs the projects). Explanations give the number of
projects counted, not their ids.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.amounts import COUNT
from industrial_policy.categories import Category
from industrial_policy.columnar import Form
from industrial_policy.columnar.column import BoolArray, FloatArray, IntArray
from industrial_policy.dataset import Dataset
from industrial_policy.dataset.columns import code_of
from industrial_policy.dataset.target_columns import category_mask, day64
from industrial_policy.errors import InvalidValueError, TableError
from industrial_policy.io.lazy import (
    Check,
    Rows,
    Segments,
    ValueRule,
    collect,
    narwhals,
    open_rows,
)
from industrial_policy.money import parse_currency
from industrial_policy.periods import MAX_DATE, MIN_DATE
from industrial_policy.records.projects import CapitalEvent, CapitalEventKind, Origin, Project
from industrial_policy.records.targets import CapitalFlow, Measure, Metric
from industrial_policy.tracking.metrics import (
    NO_CURRENCY,
    NO_INVESTOR,
    Measured,
    Query,
    Scope,
    _conversion,
    _cumulative,
    _currency_of,
    _money_at,
    _unknown,
)
from industrial_policy.tracking.progress import RateDate

__all__ = ["FRAME_METRICS", "ProjectFrames", "frame_metric_problems"]

DateArray = npt.NDArray[np.datetime64]

FRAME_METRICS = frozenset({Metric.PROJECTS, Metric.REGISTERED_CAPITAL, Metric.BUSINESSES})
"""The metrics computed from frames of projects and capital events."""

PROJECT_FIELDS = ("id", "zone_id", "origin", "investor", "country", "categories")
EVENT_FIELDS = ("date", "kind", "amount")
EVENT_EXTRA = {"project_id": Form.ID, "currency": Form.CODED}

_LICENSED = CapitalEventKind.LICENSED.value
_ADJUSTED = CapitalEventKind.CAPITAL_ADJUSTED.value
_TERMINATED = CapitalEventKind.TERMINATED.value
_KINDS = {
    CapitalFlow.NEW: (_LICENSED,),
    CapitalFlow.ADJUSTED: (_ADJUSTED,),
    CapitalFlow.ALL: (_LICENSED, _ADJUSTED),
}
_NAT = np.datetime64("NaT", "D")
_ALL_DAYS = (MIN_DATE, MAX_DATE + dt.timedelta(days=1))
_ORIGINS = {origin.value: code_of(origin) for origin in Origin}
_NO_LIST_UNIQUE = frozenset({"pandas", "dask", "modin", "cudf"})


@attrs.frozen(eq=False)
class _Groups:
    """What came back from one query: a row per group, as the in-memory code reads rows."""

    zone: IntArray  # position in the dataset's zones, -1 for none
    origin: IntArray
    categories: IntArray  # bit mask
    investor: npt.NDArray[Any]  # as the field holds it (objects), None when not recorded
    currency: npt.NDArray[Any]  # objects
    count: IntArray  # rows in the group
    amount: FloatArray  # their sum (NaN when not summed)
    first: DateArray  # the earliest of the group's main dates
    second: DateArray  # the earliest of its other dates (NaT when none)

    def keep(self, scope: Scope, query: Query) -> BoolArray:
        """The groups of the target's subject: its zones, origin and categories."""
        mask = scope.parcels(self.zone)
        if query.origin is not None:
            mask &= self.origin == code_of(query.origin)
        if query.categories:
            mask &= (self.categories & category_mask(query.categories)) != 0
        result: BoolArray = mask
        return result


class ProjectFrames:
    """Projects and their capital events as frames, checked once and counted on demand.

    ``dataset`` gives the zones (the subjects of targets), the exchange
    rates and nothing of projects. Each measurement is one query per shape
    and cut of the calendar, kept for the targets that share it.
    """

    def __init__(self, dataset: Dataset, projects: Rows, events: Rows) -> None:
        if len(dataset.projects):
            raise InvalidValueError(
                "the dataset holds projects: give them in the dataset or as frames, not both",
                value=len(dataset.projects),
                field="projects",
            )
        self.dataset = dataset
        self.projects = open_rows(
            Project, projects, fields=PROJECT_FIELDS, required=("id", "origin"), source="projects"
        )
        self.events = open_rows(
            CapitalEvent,
            events,
            fields=EVENT_FIELDS,
            extra=EVENT_EXTRA,
            required=("project_id", "date", "kind"),
            source="capital events",
        )
        if self.projects.backend != self.events.backend:
            raise TableError(
                [],
                source=f"projects ({self.projects.backend}) and capital events"
                f" ({self.events.backend}) must be frames of one engine, which joins them",
            )
        self.backend = self.projects.backend
        self._zone_index = {zone.id: i for i, zone in enumerate(dataset.zones)}
        self._readings = self._check()
        self._cache: dict[tuple[Any, ...], _Groups] = {}

    # -- the frames as the queries read them --------------------------------------------------

    def _project_columns(self) -> Any:
        nw = narwhals()
        p = self.projects
        columns = {
            "__id": p.text("id"),
            "__zone": p.text("zone_id") if p.has("zone_id") else nw.lit(None, nw.String),
            "__origin": p.text("origin"),
            "__investor": p.text("investor") if p.has("investor") else nw.lit(None, nw.String),
            "__cats": self._category_mask(),
        }
        return p.lazy.with_columns(**columns).select(*columns)

    def _category_mask(self) -> Any:
        nw = narwhals()
        p = self.projects
        if not p.has("categories"):
            return nw.lit(0, nw.Int64)
        items = nw.col(p.columns["categories"])
        mask = nw.lit(0, nw.Int64)
        for bit, category in enumerate(Category):
            holds = items.list.contains(category.value).fill_null(False).cast(nw.Int64)
            mask = mask + holds * (1 << bit)
        return mask

    def _event_columns(self) -> Any:
        nw = narwhals()
        e = self.events
        kind = e.text("kind")
        columns = {
            "__pid": e.text("project_id"),
            "__date": e.col("date"),
            "__kind": kind,
            "__amount": e.col("amount").cast(nw.Float64)
            if e.has("amount")
            else nw.lit(None, nw.Float64),
            "__currency": e.text("currency") if e.has("currency") else nw.lit(None, nw.String),
        }
        return e.lazy.with_columns(**columns).select(*columns)

    def _summary(self) -> Any:
        """One row per project with events: its licence, termination, first and last dates."""
        nw = narwhals()
        kind, date = nw.col("__kind"), nw.col("__date")
        return (
            self._event_columns()
            .with_columns(
                __lic_date=nw.when(kind == _LICENSED).then(date),
                __term_date=nw.when(kind == _TERMINATED).then(date),
                __is_lic=(kind == _LICENSED).cast(nw.Int64),
                __is_term=(kind == _TERMINATED).cast(nw.Int64),
            )
            .group_by("__pid")
            .agg(
                nw.col("__lic_date").min().alias("__licensed"),
                nw.col("__term_date").min().alias("__terminated"),
                nw.col("__date").min().alias("__first"),
                nw.col("__date").max().alias("__last"),
                nw.col("__is_lic").sum().alias("__licences"),
                nw.col("__is_term").sum().alias("__terminations"),
            )
        )

    def _with_summary(self) -> Any:
        return self._project_columns().join(
            self._summary(), left_on="__id", right_on="__pid", how="left"
        )

    # -- checks ------------------------------------------------------------------------------

    def _check(self) -> dict[str, dict[Any, Any]]:
        nw = narwhals()
        p, e = self.projects, self.events
        zone_ids = list(self._zone_index)
        projects = p.rules(known={"zone_id": zone_ids}, by_value=("zone_id", "investor", "country"))
        fdi = p.text("origin") == Origin.FDI.value
        no_country = fdi & p.text("country").is_null() if p.has("country") else fdi
        projects = projects.add(
            Check("country", "an FDI project must name the investor's country", no_country)
        )
        duplicated = (
            self._project_columns()
            .group_by("__id")
            .agg(nw.len().alias("__times"))
            .with_columns(id=nw.col("__id"))
        )
        projects = projects.add(
            Check(
                "id",
                lambda values: "an id must be unique; this one names several projects",
                nw.col("__times") > 1,
                frame=duplicated,
            )
        )
        if p.has("categories"):
            projects = projects.add(self._categories_check())
        events = e.rules().add(
            Check("project_id", "project_id is required", e.text("project_id").is_null())
        )
        kind = e.text("kind")
        amount = e.col("amount") if e.has("amount") else nw.lit(None, nw.Float64)
        given = ~amount.is_null()
        events = events.add(
            Check("amount", "a termination carries no amount", (kind == _TERMINATED) & given),
            Check(
                "amount",
                lambda values: f"a {values.get('kind')} event needs an amount",
                ((kind == _LICENSED) | (kind == _ADJUSTED)) & ~given,
                ("kind",),
            ),
            Check(
                "amount",
                "capital registered at licensing cannot be negative",
                (kind == _LICENSED) & (amount < 0),
            ),
        )
        if e.has("currency"):
            events = events.add(
                Check(
                    "currency", "an amount needs its currency", given & e.text("currency").is_null()
                )
            )
            events = attrs.evolve(
                events,
                values=(*events.values, ValueRule("currency", _currency, False)),
            )
        else:
            events = events.add(
                Check(
                    "amount",
                    "an amount needs its currency: give a currency column or constant",
                    given,
                )
            )
        orphans = (
            self._event_columns()
            .filter(~nw.col("__pid").is_null())
            .join(
                self._project_columns().select("__id"), left_on="__pid", right_on="__id", how="anti"
            )
            .with_columns(project_id=nw.col("__pid"), id=nw.col("__pid"))
        )
        summary = self._summary().with_columns(
            id=nw.col("__pid"), date=nw.col("__first"), kind=nw.lit(_LICENSED)
        )
        ending = self._summary().with_columns(
            id=nw.col("__pid"), date=nw.col("__last"), terminated=nw.col("__terminated")
        )
        first_not_licence = (nw.col("__licences") == 0) | (nw.col("__first") < nw.col("__licensed"))
        after_end = (nw.col("__terminations") > 1) | (nw.col("__last") > nw.col("__terminated"))
        events = events.add(
            Check(
                "project_id",
                "names a project that is not among the projects given",
                ~nw.col("__pid").is_null(),
                frame=orphans,
            ),
            Check(
                "kind",
                "the first capital event must be the licence",
                first_not_licence,
                frame=summary,
            ),
            Check("kind", "a project is licensed once", nw.col("__licences") > 1, frame=summary),
            Check(
                "date",
                lambda values: f"no event can follow the termination on {values.get('terminated')}",
                after_end,
                ("terminated",),
                frame=ending,
            ),
        )
        project_queries = projects.queries()
        event_queries = events.queries()
        results = collect([*project_queries, *event_queries])
        problems: list[Any] = []
        readings: dict[str, dict[Any, Any]] = {}
        for validation, found in (
            (projects, results[: len(project_queries)]),
            (events, results[len(project_queries) :]),
        ):
            try:
                readings.update(validation.read(found))
            except TableError as exc:
                problems.append(exc)
        if problems:
            raise TableError(
                [p for exc in problems for p in exc.problems],
                source=" and ".join(str(exc.source) for exc in problems),
                total=sum(exc.total for exc in problems),
            )
        return readings

    def _categories_check(self) -> Check:
        """Every item of a project's categories is a category: as many distinct items as
        categories found. Where the engine cannot drop duplicates in a list (pandas, Dask),
        a category listed twice is refused too, and the message says so."""
        nw = narwhals()
        items = nw.col(self.projects.columns["categories"])
        found = functools.reduce(
            operator.add,
            (items.list.contains(c.value).fill_null(False).cast(nw.Int64) for c in Category),
        )
        reason = f"each item must be one of {_CATEGORY_NAMES}"
        if self.backend in _NO_LIST_UNIQUE:
            distinct = items.list.len()
            reason += f" (and listed once: {self.backend} frames cannot drop repeated items)"
        else:
            distinct = items.list.unique().list.len()
        return Check("categories", reason, distinct.cast(nw.Int64) != found)

    # -- queries -----------------------------------------------------------------------------

    def _grouped(self, key: tuple[Any, ...], query: Any, segments: Segments) -> _Groups:
        found = self._cache.get(key)
        if found is not None:
            return found
        (result,) = collect([query])
        zones = self._readings.get("zone_id", {})
        investors = self._readings.get("investor", {})
        currencies = self._readings.get("currency", {})
        n = len(result["__rows"])
        none = np.full(n, None, dtype=object)
        zone = np.array(
            [
                -1 if z is None else self._zone_index[zones.get(z, z)]
                for z in result["__zone"].tolist()
            ],
            dtype=np.int64,
        )
        origin = np.array([_ORIGINS[o] for o in result["__origin"].tolist()], dtype=np.int64)
        investor = _objects(
            [
                None if i is None else investors.get(i, i)
                for i in result.get("__investor", none).tolist()
            ]
        )
        constant = self.events.constants.get("currency")
        currency = _objects(
            [
                _currency(constant)
                if c is None and constant is not None
                else (None if c is None else currencies.get(c, c))
                for c in result.get("__currency", none).tolist()
            ]
        )
        found = _Groups(
            zone=zone,
            origin=origin,
            categories=np.asarray(result["__cats"], dtype=np.int64),
            investor=investor,
            currency=currency,
            count=np.asarray(result["__rows"], dtype=np.int64),
            amount=np.asarray(result.get("__sum", np.full(n, np.nan)), dtype=np.float64),
            first=_days(result["__first_day"]),
            second=_days(result.get("__second_day", none)),
        )
        self._cache[key] = found
        return found

    def _keys(self, investor: bool, currency: bool = False) -> list[str]:
        keys = ["__zone", "__origin", "__cats"]
        if investor:
            keys.append("__investor")
        if currency:
            keys.append("__currency")
        return keys

    def _stock(self, days: Sequence[dt.date], *, investor: bool) -> _Groups:
        """Projects by licence and termination: alive on a day when licensed on or before it
        and not terminated on or before it."""
        nw = narwhals()
        segments = Segments.at([*_ALL_DAYS, *(d + dt.timedelta(days=1) for d in days)])
        keys = self._keys(investor)
        query = (
            self._with_summary()
            .filter(~nw.col("__licensed").is_null())
            .with_columns(
                __s1=segments.bucket(nw.col("__licensed")),
                __s2=segments.bucket(nw.col("__terminated")),
            )
            .group_by(*keys, "__s1", "__s2", drop_null_keys=False)
            .agg(
                nw.len().alias("__rows"),
                nw.col("__licensed").min().alias("__first_day"),
                nw.col("__terminated").min().alias("__second_day"),
            )
        )
        return self._grouped(("stock", tuple(days), investor), query, segments)

    def _firsts(
        self, kinds: tuple[str, ...], start: dt.date, days: Sequence[dt.date], *, investor: bool
    ) -> _Groups:
        """Projects by their first event of ``kinds`` on or after ``start``."""
        nw = narwhals()
        segments = Segments.at([*_ALL_DAYS, start, *(d + dt.timedelta(days=1) for d in days)])
        keys = self._keys(investor)
        firsts = (
            self._event_columns()
            .filter(nw.col("__kind").is_in(list(kinds)) & (nw.col("__date") >= start))
            .group_by("__pid")
            .agg(nw.col("__date").min().alias("__when"))
        )
        query = (
            self._project_columns()
            .join(firsts, left_on="__id", right_on="__pid", how="inner")
            .with_columns(__s1=segments.bucket(nw.col("__when")))
            .group_by(*keys, "__s1", drop_null_keys=False)
            .agg(nw.len().alias("__rows"), nw.col("__when").min().alias("__first_day"))
        )
        return self._grouped(("firsts", kinds, start, tuple(days), investor), query, segments)

    def _capital(
        self,
        kinds: tuple[str, ...] | None,
        start: dt.date | None,
        days: Sequence[dt.date],
        rate_date: RateDate,
    ) -> _Groups:
        """Amounts by currency, date and (for a stock, ``kinds`` None) the project's
        termination; cut at the exchange rates' effective dates when converted on the date
        of each amount."""
        nw = narwhals()
        cuts = [*_ALL_DAYS, *(d + dt.timedelta(days=1) for d in days)]
        if start is not None:
            cuts.append(start)
        if rate_date is RateDate.EVENT:
            cuts.extend(r.effective for r in self.dataset.exchange_rates)
        segments = Segments.at(cuts)
        keys = self._keys(False, currency=True)
        events = self._event_columns().filter(~nw.col("__amount").is_null())
        if kinds is not None:
            events = events.filter(
                nw.col("__kind").is_in(list(kinds)) & (nw.col("__date") >= start)
            )
        attributes = self._with_summary() if kinds is None else self._project_columns()
        joined = events.join(attributes, left_on="__pid", right_on="__id", how="inner")
        if kinds is None:
            joined = joined.filter(~nw.col("__licensed").is_null())
        buckets = {"__s1": segments.bucket(nw.col("__date"))}
        aggregations = [
            nw.len().alias("__rows"),
            nw.col("__amount").sum().alias("__sum"),
            nw.col("__date").min().alias("__first_day"),
        ]
        if kinds is None:
            buckets["__s2"] = segments.bucket(nw.col("__terminated"))
            aggregations.append(nw.col("__terminated").min().alias("__second_day"))
        query = (
            joined.with_columns(**buckets)
            .group_by(*keys, *buckets, drop_null_keys=False)
            .agg(*aggregations)
        )
        key = ("capital", kinds, start, tuple(days), rate_date)
        return self._grouped(key, query, segments)

    # -- what the tracker asks ---------------------------------------------------------------

    def holds(self, scope: Scope, metric: Metric) -> bool:
        """Whether the frames hold records of ``metric`` for the subject (a licensed project)."""
        if metric not in FRAME_METRICS:
            return False
        groups = self._stock([MAX_DATE], investor=False)
        return bool((groups.count[scope.parcels(groups.zone)] > 0).any())

    def measure(
        self,
        scope: Scope,
        query: Query,
        how: Measure,
        *,
        days: Sequence[dt.date],
        start: dt.date | None = None,
        currency: str | None = None,
        rate_date: RateDate = RateDate.EVENT,
    ) -> Measured:
        """``query`` for ``scope`` on each of ``days``, as
        :func:`~industrial_policy.tracking.metrics.measure` computes it on records."""
        flow = how is not Measure.STOCK
        if flow and start is None:
            raise InvalidValueError("a flow needs the day it starts", value=None, field="start")
        ask = _Ask(
            scope,
            query,
            flow,
            tuple(days),
            start if flow else None,
            np.array([day64(d) for d in days], dtype="datetime64[D]"),
            query.describe(how),
        )
        metric = query.metric
        if metric is Metric.PROJECTS:
            values, count = self._project_values(ask)
            return self._measured(values, COUNT, ask.what, count)
        if metric is Metric.BUSINESSES:
            return self._businesses(ask)
        if metric is Metric.REGISTERED_CAPITAL:
            return self._money(ask, currency, rate_date)
        raise InvalidValueError(
            f"{metric.value} is not computed from frames of projects: give the records in the"
            " dataset",
            value=metric.value,
            field="metric",
        )

    def _measured(
        self, values: FloatArray, unit: str, what: str, count: int, missing: str | None = None
    ) -> Measured:
        notes = (
            f"the projects were counted by {self.backend}; the explanation gives their number,"
            " not their ids",
        )
        return Measured(values, unit, what, "projects", (), count, missing, notes)

    def _project_values(self, ask: _Ask) -> tuple[FloatArray, int]:
        """Projects in effect (a stock) or with a first event of the kinds asked (a flow) on
        each day, and how many count on the last."""
        last = ask.day_array[-1]
        if ask.start is None:
            groups = self._stock(ask.days, investor=False)
            keep = groups.keep(ask.scope, ask.query)
            weights = groups.count[keep].astype(np.float64)
            values = _cumulative(groups.first[keep], weights, ask.day_array) - _cumulative(
                groups.second[keep], weights, ask.day_array
            )
            alive = (groups.first <= last) & (np.isnat(groups.second) | (groups.second > last))
            return values, int(groups.count[keep & alive].sum())
        groups = self._firsts(ask.kinds, ask.start, ask.days, investor=False)
        keep = groups.keep(ask.scope, ask.query)
        weights = groups.count[keep].astype(np.float64)
        values = _cumulative(groups.first[keep], weights, ask.day_array)
        return values, int(groups.count[keep & (groups.first <= last)].sum())

    def _businesses(self, ask: _Ask) -> Measured:
        last = ask.day_array[-1]
        if ask.start is None:
            groups = self._stock(ask.days, investor=True)
            keep = groups.keep(ask.scope, ask.query)
            alive = [
                keep & (groups.first <= day) & (np.isnat(groups.second) | (groups.second > day))
                for day in ask.day_array
            ]
            relevant = np.logical_or.reduce(alive) if alive else keep
            unknown = relevant & _missing(groups.investor)
            if unknown.any():
                return ask.unknown(COUNT, _no_investor(groups, unknown), NO_INVESTOR)
            values = np.array(
                [len(set(groups.investor[mask].tolist())) for mask in alive], dtype=np.float64
            )
            return self._measured(values, COUNT, ask.what, int(groups.count[alive[-1]].sum()))
        groups = self._firsts(ask.kinds, ask.start, ask.days, investor=True)
        rows = groups.keep(ask.scope, ask.query) & (groups.first <= last)
        unknown = rows & _missing(groups.investor)
        if unknown.any():
            return ask.unknown(COUNT, _no_investor(groups, unknown), NO_INVESTOR)
        earliest: dict[Any, np.datetime64] = {}
        for who, when in zip(groups.investor[rows].tolist(), groups.first[rows], strict=True):
            if who not in earliest or when < earliest[who]:
                earliest[who] = when
        seen = np.array(list(earliest.values()), dtype="datetime64[D]")
        values = _cumulative(seen, None, ask.day_array)
        return self._measured(values, COUNT, ask.what, int(groups.count[rows].sum()))

    def _money(self, ask: _Ask, currency: str | None, rate_date: RateDate) -> Measured:
        flow = ask.start is not None
        groups = self._capital(ask.kinds if flow else None, ask.start, ask.days, rate_date)
        keep = groups.keep(ask.scope, ask.query)
        names = tuple(sorted({str(c) for c in groups.currency.tolist() if c is not None}))
        codes = np.array(
            [names.index(c) if c is not None else -1 for c in groups.currency.tolist()],
            dtype=np.int64,
        )
        _, count = self._project_values(ask)
        counted_on: list[tuple[DateArray, float]] = [(groups.first, 1.0)]
        if not flow:  # a stock: each amount counts until its project's termination
            counted_on.append((groups.second, -1.0))
        to, problem = _currency_of(names, codes[keep], currency)
        if problem is not None or to is None:
            return ask.unknown(
                "money",
                problem or "no capital is recorded and the target names no currency",
                NO_CURRENCY,
            )
        values, uses, missing = _money_at(
            self.dataset,
            amounts=groups.amount,
            codes=codes,
            dates=groups.first,
            conversion=_conversion(self.dataset, names, codes, groups.first, to),
            currencies=names,
            rows=keep,
            counted_on=counted_on,
            days=ask.day_array,
            to=to,
            rate_date=rate_date,
            weights=groups.count,
        )
        measured = self._measured(values, to, ask.what, count, missing)
        return attrs.evolve(measured, rates=uses)


@attrs.frozen(eq=False)
class _Ask:
    """One measurement asked of the frames: the subject, the query, the days."""

    scope: Scope
    query: Query
    flow: bool
    days: tuple[dt.date, ...]
    start: dt.date | None  # a flow's first day; None for a stock
    day_array: DateArray
    what: str

    @property
    def kinds(self) -> tuple[str, ...]:
        return _KINDS[self.query.events]

    def unknown(self, unit: str, reason: str, lacking: str | None = None) -> Measured:
        return _unknown(unit, self.what, "projects", len(self.days), reason, lacking)


def _no_investor(groups: _Groups, unknown: BoolArray) -> str:
    count = int(groups.count[unknown].sum())
    return (
        "businesses are distinct investors, and the investor is not recorded for"
        f" {count} project{'s' if count != 1 else ''} (counted in the frames' engine;"
        " their ids are not listed)"
    )


def _currency(value: object) -> str:
    return parse_currency(value, field="currency")  # type: ignore[arg-type]


_CATEGORY_NAMES = ", ".join(repr(c.value) for c in Category)


def _missing(values: npt.NDArray[Any]) -> BoolArray:
    return np.array([v is None for v in values.tolist()], dtype=np.bool_)


def _objects(values: Iterable[Any]) -> npt.NDArray[Any]:
    items = list(values)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _days(values: Sequence[Any] | npt.NDArray[Any]) -> DateArray:
    out = np.full(len(values), _NAT, dtype="datetime64[D]")
    for i, value in enumerate(list(values)):
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        out[i] = np.datetime64(value, "D")
    return out


def frame_metric_problems(targets: Iterable[Any]) -> list[str]:
    """The targets whose metric needs the records in memory (for the tracker's message)."""
    wanted: Mapping[Metric, str] = {
        Metric.PRODUCTION_VALUE: "production values are not read from frames",
    }
    found = []
    for target in targets:
        reason = wanted.get(target.metric)
        if reason is None and target.metric is Metric.AREA_LEASED and target.origin is not None:
            reason = "the tenants' origin needs the projects in the dataset"
        if reason is not None:
            found.append(f"{target.id} ({target.metric.value}): {reason}")
    return found
