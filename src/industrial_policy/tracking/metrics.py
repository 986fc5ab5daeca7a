"""Metrics computed from the dataset's records, columnar, on many dates at once.

:func:`measure` computes one quantity (a :class:`Query`: metric and filters)
for one subject (a :class:`Scope`) on a sorted list of days: the level on
each day for a stock, the running total from a start day for a flow. Every
day is computed in one pass over the records: each record falls in the bin
of the first day it counts for (``np.searchsorted``), the bins are summed
(``np.bincount``) and accumulated (``np.cumsum``).

The definitions, in ``docs/targets.md``:

* a project is **in effect** on a day when it was licensed on or before it
  and not terminated on or before it;
* its **registered capital** on a day is its licence plus the signed
  adjustments to that day; a **flow** of capital sums the licences, the
  adjustments, or both, dated in the period;
* **businesses** are distinct investors (the ``investor`` of the projects);
  a project whose investor is not recorded makes the count unknown, never a
  guess;
* **production value** is yearly: a year counts in a period only when the
  whole year is inside it, and a year with no production value recorded
  for any project of the subject is unknown, not zero;
* **zones established**: zones of the chosen kinds by their ``established``
  date (a planned zone is not established; a zone with no date makes the
  count unknown);
* **area leased**: leased parcels under lease on the day (stock, a lease
  with no start counts as begun), or whose lease started in the period
  (flow; a lease with no start date makes it unknown).

Money is converted to the target's currency through the dataset's exchange
rates (:class:`~industrial_policy.tracking.progress.RateDate`), and every
rate used is returned for the explanation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.amounts import COUNT, HECTARE, Amount, is_currency
from industrial_policy.categories import Category
from industrial_policy.columnar.text import STRINGS
from industrial_policy.dataset import Dataset
from industrial_policy.dataset.columns import code_of
from industrial_policy.dataset.target_columns import (
    ADJUSTED,
    LICENSED,
    TargetColumns,
    category_mask,
    columns_of,
    day64,
    to_date,
)
from industrial_policy.errors import InvalidValueError, MissingExchangeRateError, english
from industrial_policy.findings import MAX_LISTED_RECORDS, InputValue, ParameterUse
from industrial_policy.records.parcels import ParcelStatus
from industrial_policy.records.projects import Origin
from industrial_policy.records.reported import INDUSTRIAL_ZONE_KINDS, same_name
from industrial_policy.records.targets import CapitalFlow, Measure, Metric, Target
from industrial_policy.records.zones import ZoneKind, ZoneStatus
from industrial_policy.tracking.progress import RateDate

__all__ = ["Measured", "Query", "Scope", "holds_records", "measure", "scope_of"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
DateArray = npt.NDArray[np.datetime64]

_FAR_PAST = np.datetime64("1900-01-01", "D")
_ONE_DAY = np.timedelta64(1, "D")


# -- subject --------------------------------------------------------------------------------------


@attrs.frozen
class Scope:
    """The zones a target is about; ``zones`` is ``None`` for the whole dataset."""

    kind: str
    id: str
    zones: BoolArray | None = attrs.field(eq=False)
    description: str

    def projects(self, columns: TargetColumns) -> BoolArray:
        if self.zones is None:
            return np.ones(columns.project_count, dtype=np.bool_)
        return self._by_zone(columns.project_zone)

    def _by_zone(self, zone: IntArray) -> BoolArray:
        assert self.zones is not None
        # Position 0 stands for "no zone" (-1), which no province or zone contains.
        extended = np.concatenate(([False], self.zones))
        result: BoolArray = extended[zone + 1]
        return result

    def zone_rows(self, count: int) -> BoolArray:
        if self.zones is None:
            return np.ones(count, dtype=np.bool_)
        return self.zones

    def parcels(self, zone: IntArray) -> BoolArray:
        if self.zones is None:
            return np.ones(len(zone), dtype=np.bool_)
        return self._by_zone(zone)


def scope_of(dataset: Dataset, target: Target) -> Scope:
    """The subject of ``target`` in ``dataset`` (a zone includes the zones inside it)."""
    columns = dataset.columns.zones
    if target.zone_id is not None:
        index = {zone_id: i for i, zone_id in enumerate(columns.ids)}
        if target.zone_id not in index:
            raise InvalidValueError(
                "names a zone that is not in the dataset",
                value=target.zone_id,
                field="zone_id",
                record_type="Target",
                record_id=target.id,
            )
        inside = [target.zone_id, *(z.id for z in dataset.descendants(target.zone_id))]
        mask = np.zeros(len(columns), dtype=np.bool_)
        mask[[index[i] for i in inside]] = True
        extra = len(inside) - 1
        described = f"zone {target.zone_id!r}" + (
            f" and the {extra} zone{'s' if extra > 1 else ''} inside it" if extra else ""
        )
        return Scope("zone", target.zone_id, mask, described)
    if target.province is not None:
        province = target.province
        # Compared once per distinct spelling, then spread to the zones by their codes.
        spelled = [same_name(name, province) for name in columns.provinces]
        mask = np.array([*spelled, False], dtype=np.bool_)[columns.province]
        count = int(mask.sum())
        return Scope(
            "province",
            province,
            mask,
            f"province {province} ({count} zone{'s' if count != 1 else ''} in the dataset)",
        )
    return Scope("dataset", "dataset", None, "the whole dataset")


# -- what is counted ------------------------------------------------------------------------------


@attrs.frozen
class Query:
    """A metric with its filters (the part of a share has categories, the whole none)."""

    metric: Metric
    categories: frozenset[Category] = frozenset()
    origin: Origin | None = None
    events: CapitalFlow = CapitalFlow.ALL
    zone_kinds: frozenset[ZoneKind] = frozenset(ZoneKind)

    @classmethod
    def of(cls, target: Target, *, whole: bool = False) -> Query:
        return cls(
            target.metric,
            frozenset() if whole else target.categories,
            target.origin,
            target.capital_flow,
            target.zone_kinds,
        )

    def describe(self, measure: Measure) -> str:
        flow = measure is not Measure.STOCK
        filters = []
        if self.origin is not None:
            filters.append("FDI" if self.origin is Origin.FDI else "domestic")
        if self.categories:
            filters.append("/".join(sorted(c.value for c in self.categories)))
        who = " ".join(filters)
        who = f"{who} " if who else ""
        events = {
            CapitalFlow.NEW: "licensed",
            CapitalFlow.ADJUSTED: "with capital adjusted",
            CapitalFlow.ALL: "licensed or with capital adjusted",
        }[self.events]
        metric = self.metric
        if metric is Metric.PROJECTS:
            return f"{who}projects {events}" if flow else f"{who}projects in effect"
        if metric is Metric.BUSINESSES:
            return (
                f"distinct investors of {who}projects {events}"
                if flow
                else f"distinct investors of {who}projects in effect"
            )
        if metric is Metric.REGISTERED_CAPITAL:
            what = {
                CapitalFlow.NEW: "capital registered at licensing",
                CapitalFlow.ADJUSTED: "capital adjustments (signed)",
                CapitalFlow.ALL: "capital registered, new and adjusted",
            }[self.events]
            return (
                f"{what} of {who}projects"
                if flow
                else f"registered capital (licence plus adjustments) of {who}projects in effect"
            )
        if metric is Metric.PRODUCTION_VALUE:
            return f"production value of {who}projects (whole years)"
        if metric is Metric.ZONES_ESTABLISHED:
            kinds = (
                "industrial zones"
                if self.zone_kinds == INDUSTRIAL_ZONE_KINDS
                else "zones (" + "/".join(sorted(k.value for k in self.zone_kinds)) + ")"
            )
            return f"{kinds} established" if flow else f"{kinds} established by then"
        if metric is Metric.AREA_LEASED:
            return f"{who}land whose lease started" if flow else f"{who}land under lease"
        return metric.value


@attrs.frozen
class Measured:
    """A quantity on each of the days asked for, with the records behind the last one.

    ``values`` is NaN on a day the records cannot give; ``missing`` says why
    the last day's value is unknown (``None`` when it is known), and ``lacking`` names in
    short what to add (the ``missing`` column of the finding's row).
    """

    values: FloatArray = attrs.field(eq=False)
    unit: str
    what: str
    record_kind: str
    records: tuple[str, ...] = ()
    record_count: int = 0
    missing: str | None = None
    notes: tuple[str, ...] = ()
    rates: tuple[ParameterUse, ...] = ()
    lacking: str | None = None

    @property
    def last(self) -> float:
        return float(self.values[-1])

    def input(self, name: str, value: Amount | None) -> InputValue:
        return InputValue(name, value, self.records, self.record_count)


def _unknown(
    unit: str, what: str, kind: str, days: int, reason: str, lacking: str | None = None
) -> Measured:
    return Measured(np.full(days, np.nan), unit, what, kind, missing=reason, lacking=lacking)


NO_INVESTOR = "investor (Project.investor)"
"""What a count of distinct investors lacks when a project's investor is not recorded."""
NO_CURRENCY = "currency of the target (Target.currency)"
"""What a sum of money in several currencies, or in none recorded, lacks."""


class _Ids:
    """Record ids with their rank in sorted order, so listings do not depend on record order."""

    def __init__(self, dataset: Dataset, name: str, ids: Sequence[str] | npt.NDArray[Any]) -> None:
        self.ids = ids
        self.name = name
        self.dataset = dataset

    def rank(self) -> IntArray:
        def build() -> IntArray:
            order = np.argsort(np.asarray(self.ids, dtype=STRINGS), kind="stable")
            ranks = np.empty(len(order), dtype=np.int64)
            ranks[order] = np.arange(len(order))
            return ranks

        return self.dataset._cached(f"targets:ranks:{self.name}", build)

    def listed(self, positions: npt.NDArray[np.intp]) -> tuple[tuple[str, ...], int]:
        """The first ids (in sorted order) of the records at ``positions``, and their count."""
        positions = np.asarray(positions, dtype=np.intp)
        if not len(positions):
            return (), 0
        if len(positions) <= MAX_LISTED_RECORDS:
            chosen = sorted(self.ids[int(i)] for i in positions)
            return tuple(chosen), len(positions)
        ranks = self.rank()[positions]
        part = positions[np.argpartition(ranks, MAX_LISTED_RECORDS - 1)[:MAX_LISTED_RECORDS]]
        part = part[np.argsort(self.rank()[part])]
        return tuple(self.ids[int(i)] for i in part), len(positions)

    def names(self, positions: npt.NDArray[np.intp], noun: str) -> str:
        shown, count = self.listed(positions)
        more = f", … {count - len(shown)} more" if count > len(shown) else ""
        return f"{count} {noun}{'s' if count != 1 else ''}: {', '.join(shown)}{more}"


def _project_ids(dataset: Dataset) -> _Ids:
    return _Ids(dataset, "projects", columns_of(dataset).project_ids)


def _cumulative(when: DateArray, weights: FloatArray | None, days: DateArray) -> FloatArray:
    """For each day, the sum of the weights of the rows dated on or before it."""
    known = ~np.isnat(when)
    bins = np.searchsorted(days, when[known], side="left")
    counts = np.bincount(
        bins, weights=None if weights is None else weights[known], minlength=len(days) + 1
    )
    result: FloatArray = np.cumsum(counts[: len(days)], dtype=np.float64)
    return result


# -- money ----------------------------------------------------------------------------------------


@attrs.frozen
class _Conversion:
    """Factors from each row's currency into one currency, at each row's own date."""

    factor: FloatArray  # NaN where no rate is in force
    period: IntArray  # index of the rate period in force, per currency pair; -1 when none


def _pair_starts(dataset: Dataset, base: str, quote: str) -> list[dt.date]:
    return sorted(
        {r.effective for r in dataset.exchange_rates if {r.base, r.quote} == {base, quote}}
    )


def _conversion(
    dataset: Dataset, currencies: tuple[str, ...], codes: IntArray, dates: DateArray, to: str
) -> _Conversion:
    factor = np.ones(len(codes), dtype=np.float64)
    period = np.full(len(codes), -1, dtype=np.int64)
    for code, currency in enumerate(currencies):
        if currency == to:
            continue
        rows = np.flatnonzero(codes == code)
        if not len(rows):
            continue
        starts = _pair_starts(dataset, currency, to)
        if not starts:
            factor[rows] = np.nan
            continue
        row_dates = dates[rows]
        index = (
            np.searchsorted(np.array(starts, dtype="datetime64[D]"), row_dates, side="right") - 1
        )
        period[rows] = index
        covered = index >= 0
        values = np.full(len(rows), np.nan)
        if covered.any():
            values[covered] = dataset.exchange_rates.rates_on(currency, to, row_dates[covered])
        factor[rows] = values
    return _Conversion(factor, period)


def _event_conversion(dataset: Dataset, to: str) -> _Conversion:
    columns = columns_of(dataset)
    return dataset._cached(
        f"targets:events-in:{to}",
        lambda: _conversion(
            dataset, columns.currencies, columns.event_currency, columns.event_date, to
        ),
    )


def _production_dates(columns: TargetColumns) -> DateArray:
    years = columns.production_year - 1970
    first_days = (years + 1).astype("datetime64[Y]").astype("datetime64[D]")
    ends: DateArray = first_days - _ONE_DAY  # type: ignore[assignment]
    return ends


def _production_conversion(dataset: Dataset, to: str) -> _Conversion:
    columns = columns_of(dataset)
    return dataset._cached(
        f"targets:production-in:{to}",
        lambda: _conversion(
            dataset,
            columns.currencies,
            columns.production_currency,
            _production_dates(columns),
            to,
        ),
    )


def _currency_of(
    currencies: tuple[str, ...], codes: IntArray, wanted: str | None
) -> tuple[str | None, str | None]:
    """The currency to add up in, or why there is none."""
    if wanted is not None:
        return wanted, None
    counts = np.bincount(codes, minlength=len(currencies))
    present = sorted(currencies[int(c)] for c in np.flatnonzero(counts))
    if len(present) == 1:
        return present[0], None
    if not present:
        return None, None
    return None, (
        f"the amounts are in {', '.join(present)} and the target names no currency to add"
        " them up in: set the target's currency"
    )


def _rate_uses(
    dataset: Dataset,
    currencies: tuple[str, ...],
    codes: IntArray,
    dates: DateArray,
    factor: FloatArray,
    period: IntArray,
    to: str,
    weights: IntArray | None = None,
) -> tuple[tuple[ParameterUse, ...], str | None]:
    """The rates the (already selected) rows were converted at, and what is missing if any
    (``weights``: how many amounts each row stands for, one by default)."""
    uses: list[ParameterUse] = []
    for code, currency in sorted(enumerate(currencies), key=lambda item: item[1]):
        if currency == to:
            continue
        mine = codes == code
        if not mine.any():
            continue
        lacking = mine & np.isnan(factor)
        if lacking.any():
            first = to_date(dates[lacking].min())
            count = int(lacking.sum() if weights is None else weights[lacking].sum())
            return (), (
                f"no {currency}/{to} exchange rate in force for {count} amount(s),"
                f" the first dated {first.isoformat()}; add the rate to the dataset's"
                " exchange_rates"
            )
        periods = period[mine]
        used = np.flatnonzero(np.bincount(periods, minlength=int(periods.max()) + 1))
        mine_dates = dates[mine]
        for index in used:
            # The earliest row converted in this rate period names the entry in force.
            on = to_date(mine_dates[periods == index].min())
            uses.append(_rate_use(dataset, currency, to, on))
    return tuple(uses), None


def _rate_use(dataset: Dataset, base: str, quote: str, on: dt.date) -> ParameterUse:
    entry, inverted = dataset.exchange_rates.rate_entry(base, quote, on)
    rate = dataset.exchange_rates.rate(base, quote, on)
    how = f" (the {entry.base}/{entry.quote} rate inverted)" if inverted else ""
    citation = f"{entry.source}{how}" if entry.source else (how.strip(" ()") or None)
    return ParameterUse(
        f"exchange rate {base}->{quote}",
        Amount(float(rate), f"{quote} per {base}"),
        effective_from=entry.effective,
        citation=citation,
    )


def _money_at(
    dataset: Dataset,
    *,
    amounts: FloatArray,
    codes: IntArray,
    dates: DateArray,
    conversion: _Conversion,
    currencies: tuple[str, ...],
    rows: BoolArray,
    counted_on: Sequence[tuple[DateArray, float]],
    days: DateArray,
    to: str,
    rate_date: RateDate,
    weights: IntArray | None = None,
) -> tuple[FloatArray, tuple[ParameterUse, ...], str | None]:
    """Sums of money in ``to`` on each day.

    ``counted_on`` gives, for each term, the day each row starts to count
    and its sign (a stock adds an amount on its date and takes it away on the
    project's termination). Only the selected ``rows`` are touched. A row may
    stand for several amounts summed (``weights`` says how many, for messages).
    """
    index = np.flatnonzero(rows)
    amounts, codes, dates = amounts[index], codes[index], dates[index]
    terms = [(when[index], sign) for when, sign in counted_on]
    if rate_date is RateDate.EVENT:
        factor, period = conversion.factor[index], conversion.period[index]
        uses, missing = _rate_uses(
            dataset,
            currencies,
            codes,
            dates,
            factor,
            period,
            to,
            None if weights is None else weights[index],
        )
        if missing:
            return np.full(len(days), np.nan), (), missing
        converted = amounts * factor
        total = np.zeros(len(days))
        for when, sign in terms:
            total += sign * _cumulative(when, converted, days)
        return total, uses, None
    total = np.zeros(len(days))
    measured_uses: list[ParameterUse] = []
    for code, currency in sorted(enumerate(currencies), key=lambda item: item[1]):
        mine = codes == code
        if not mine.any():
            continue
        sums = np.zeros(len(days))
        for when, sign in terms:
            sums += sign * _cumulative(when[mine], amounts[mine], days)
        if currency != to:
            try:
                factors = dataset.exchange_rates.rates_on(currency, to, days)
            except MissingExchangeRateError as exc:
                return np.full(len(days), np.nan), (), f"{english(exc)}; add it to exchange_rates"
            for day in dict.fromkeys(to_date(d) for d in days):
                measured_uses.append(_rate_use(dataset, currency, to, day))
            sums = sums * factors
        total += sums
    return total, tuple(dict.fromkeys(measured_uses)), None


# -- the metrics ----------------------------------------------------------------------------------


def holds_records(dataset: Dataset, scope: Scope, metric: Metric) -> bool:
    """Whether the dataset has records of ``metric`` for the subject at all."""
    if metric is Metric.OBSERVED:
        return False
    if metric is Metric.ZONES_ESTABLISHED:
        return bool(scope.zone_rows(len(dataset.zones)).any())
    if metric is Metric.AREA_LEASED:
        return bool(scope.parcels(dataset.columns.parcels.zone).any())
    columns = columns_of(dataset)
    projects = scope.projects(columns)
    if metric is Metric.PRODUCTION_VALUE:
        return bool(projects[columns.production_project].any())
    return bool((projects & ~np.isnat(columns.licensed)).any())


def _project_filter(
    columns: TargetColumns, scope: Scope, query: Query, *, licensed: bool = True
) -> BoolArray:
    """The projects of the subject the query keeps; with ``licensed``, only those whose
    licence is recorded (a project in effect, its capital); production values are the
    project's whatever its capital events say."""
    mask = scope.projects(columns)
    if licensed:
        mask &= ~np.isnat(columns.licensed)
    if query.origin is not None:
        mask &= columns.project_origin == code_of(query.origin)
    if query.categories:
        mask &= (columns.project_categories & category_mask(query.categories)) != 0
    return mask


def _event_rows(columns: TargetColumns, projects: BoolArray, events: CapitalFlow) -> BoolArray:
    rows = projects[columns.event_project]
    if events is CapitalFlow.NEW:
        rows &= columns.event_kind == LICENSED
    elif events is CapitalFlow.ADJUSTED:
        rows &= columns.event_kind == ADJUSTED
    return rows


def _first_rows(columns: TargetColumns, rows: BoolArray) -> npt.NDArray[np.intp]:
    """The first selected event row of each project (rows are by project, in date order)."""
    positions = np.flatnonzero(rows)
    owners = columns.event_project[positions]
    first = np.ones(len(positions), dtype=np.bool_)
    first[1:] = owners[1:] != owners[:-1]
    return positions[first]


def measure(
    dataset: Dataset,
    scope: Scope,
    query: Query,
    how: Measure,
    *,
    days: Sequence[dt.date],
    start: dt.date | None = None,
    currency: str | None = None,
    rate_date: RateDate = RateDate.EVENT,
) -> Measured:
    """``query`` for ``scope`` on each of ``days`` (sorted): a stock, or a flow from ``start``."""
    day_array = np.array([day64(d) for d in days], dtype="datetime64[D]")
    flow = how is not Measure.STOCK
    if flow and start is None:
        raise InvalidValueError("a flow needs the day it starts", value=None, field="start")
    start64 = day64(start) if start is not None else _FAR_PAST
    metric = query.metric
    if metric is Metric.PROJECTS:
        return _projects(dataset, scope, query, how, day_array, start64)
    if metric is Metric.BUSINESSES:
        return _businesses(dataset, scope, query, how, day_array, start64)
    if metric is Metric.REGISTERED_CAPITAL:
        return _capital(dataset, scope, query, how, day_array, start64, currency, rate_date)
    if metric is Metric.PRODUCTION_VALUE:
        return _production(dataset, scope, query, how, day_array, start64, currency, rate_date)
    if metric is Metric.ZONES_ESTABLISHED:
        return _zones(dataset, scope, query, how, day_array, start64)
    if metric is Metric.AREA_LEASED:
        return _area(dataset, scope, query, how, day_array, start64)
    raise InvalidValueError(
        "an observed metric has no records: feed it observations", value=metric.value
    )


def _in_effect(columns: TargetColumns, projects: BoolArray, day: np.datetime64) -> BoolArray:
    licensed, terminated = columns.licensed, columns.terminated
    alive = np.isnat(terminated) | (terminated > day)
    result: BoolArray = projects & (licensed <= day) & alive
    return result


def _projects(
    dataset: Dataset,
    scope: Scope,
    query: Query,
    how: Measure,
    days: DateArray,
    start: np.datetime64,
) -> Measured:
    columns = columns_of(dataset)
    projects = _project_filter(columns, scope, query)
    what = query.describe(how)
    if how is Measure.STOCK:
        values = _cumulative(columns.licensed[projects], None, days) - _cumulative(
            columns.terminated[projects], None, days
        )
        counted = np.flatnonzero(_in_effect(columns, projects, days[-1]))
    else:
        rows = _event_rows(columns, projects, query.events) & (columns.event_date >= start)
        first = _first_rows(columns, rows)
        values = _cumulative(columns.event_date[first], None, days)
        counted = columns.event_project[first[columns.event_date[first] <= days[-1]]]
    shown, count = _project_ids(dataset).listed(counted)
    return Measured(values, COUNT, what, "projects", shown, count)


def _businesses(
    dataset: Dataset,
    scope: Scope,
    query: Query,
    how: Measure,
    days: DateArray,
    start: np.datetime64,
) -> Measured:
    columns = columns_of(dataset)
    projects = _project_filter(columns, scope, query)
    what = query.describe(how)
    investor = columns.project_investor
    if how is Measure.STOCK:
        alive = [_in_effect(columns, projects, day) for day in days]
        relevant = np.logical_or.reduce(alive) if alive else projects
        unknown = np.flatnonzero(relevant & (investor < 0))
        if len(unknown):
            return _unknown(
                COUNT, what, "projects", len(days), _no_investor(dataset, unknown), NO_INVESTOR
            )
        bins = max(len(columns.investors), 1)
        values = np.array(
            [np.count_nonzero(np.bincount(investor[m], minlength=bins)) for m in alive],
            dtype=np.float64,
        )
        counted = np.flatnonzero(alive[-1])
    else:
        rows = _event_rows(columns, projects, query.events) & (columns.event_date >= start)
        rows &= columns.event_date <= days[-1]
        first = _first_rows(columns, rows)
        owners = columns.event_project[first]
        unknown = owners[investor[owners] < 0]
        if len(unknown):
            return _unknown(
                COUNT, what, "projects", len(days), _no_investor(dataset, unknown), NO_INVESTOR
            )
        who = investor[owners]
        earliest = np.full(max(len(columns.investors), 1), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(earliest, who, columns.event_date[first].astype(np.int64))
        seen = earliest[earliest != np.iinfo(np.int64).max].astype("datetime64[D]")
        values = _cumulative(seen, None, days)
        counted = owners
    shown, count = _project_ids(dataset).listed(counted)
    return Measured(values, COUNT, what, "projects", shown, count)


def _no_investor(dataset: Dataset, positions: npt.NDArray[np.intp]) -> str:
    return (
        "businesses are distinct investors, and the investor is not recorded for "
        + _project_ids(dataset).names(positions, "project")
    )


def _capital(
    dataset: Dataset,
    scope: Scope,
    query: Query,
    how: Measure,
    days: DateArray,
    start: np.datetime64,
    currency: str | None,
    rate_date: RateDate,
) -> Measured:
    columns = columns_of(dataset)
    projects = _project_filter(columns, scope, query)
    what = query.describe(how)
    if how is Measure.STOCK:
        rows = projects[columns.event_project]
        terms: list[tuple[DateArray, float]] = [
            (columns.event_date, 1.0),
            (columns.terminated[columns.event_project], -1.0),
        ]
        counted = np.flatnonzero(_in_effect(columns, projects, days[-1]))
    else:
        rows = _event_rows(columns, projects, query.events) & (columns.event_date >= start)
        terms = [(columns.event_date, 1.0)]
        owners = columns.event_project[rows & (columns.event_date <= days[-1])]
        counted = np.flatnonzero(np.bincount(owners, minlength=columns.project_count))
    to, problem = _currency_of(columns.currencies, columns.event_currency[rows], currency)
    shown, count = _project_ids(dataset).listed(counted)
    if problem is not None or to is None:
        reason = problem or "no capital is recorded and the target names no currency"
        return _unknown("money", what, "projects", len(days), reason, NO_CURRENCY)
    values, uses, missing = _money_at(
        dataset,
        amounts=columns.event_amount,
        codes=columns.event_currency,
        dates=columns.event_date,
        conversion=_event_conversion(dataset, to)
        if rate_date is RateDate.EVENT
        else _NO_CONVERSION,
        currencies=columns.currencies,
        rows=rows,
        counted_on=terms,
        days=days,
        to=to,
        rate_date=rate_date,
    )
    return Measured(values, to, what, "projects", shown, count, missing, (), uses)


_NO_CONVERSION = _Conversion(np.zeros(0), np.zeros(0, dtype=np.int64))


def _production(
    dataset: Dataset,
    scope: Scope,
    query: Query,
    how: Measure,
    days: DateArray,
    start: np.datetime64,
    currency: str | None,
    rate_date: RateDate,
) -> Measured:
    columns = columns_of(dataset)
    # A project's production values count whether or not its licence is recorded: leaving
    # them out made a year with values read "0 VND".
    projects = _project_filter(columns, scope, query, licensed=False)
    what = query.describe(how)
    year_end = _production_dates(columns)
    year_start = (columns.production_year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    in_window = year_start >= start
    rows = projects[columns.production_project] & in_window
    # Which years have any production recorded for the subject (whatever the filters): a year
    # with none is unknown, not zero.
    subject_rows = scope.projects(columns)[columns.production_project] & in_window
    recorded_years = set(columns.production_year[subject_rows].tolist())
    notes: list[str] = []
    unknown_days = np.zeros(len(days), dtype=np.bool_)
    first_year = int(str(start.astype("datetime64[Y]"))) + (
        0 if start == start.astype("datetime64[Y]").astype("datetime64[D]") else 1
    )
    reasons: list[str] = []
    for i, day in enumerate(days):
        date = to_date(day)
        if date.month != 12 or date.day != 31:
            if date.year >= first_year:
                unknown_days[i] = True
                if i == len(days) - 1:
                    reasons.append(
                        f"production value is recorded by whole year: the value for {date.year}"
                        f" up to {date.isoformat()} is not known"
                    )
            last_full = date.year - 1
        else:
            last_full = date.year
        absent = [y for y in range(first_year, last_full + 1) if y not in recorded_years]
        if absent:
            unknown_days[i] = True
            if i == len(days) - 1:
                reasons.append(
                    "no production value is recorded for "
                    + ", ".join(str(y) for y in absent[:MAX_LISTED_RECORDS])
                    + " in the subject: a year without records is unknown, not zero"
                )
    owners = columns.production_project[rows & (year_end <= days[-1])]
    counted = np.flatnonzero(np.bincount(owners, minlength=columns.project_count))
    shown, count = _project_ids(dataset).listed(counted)
    unlicensed = counted[np.isnat(columns.licensed[counted])]
    if len(unlicensed):
        names, n = _project_ids(dataset).listed(unlicensed)
        notes.append(
            f"{n} {'project has' if n == 1 else 'projects have'} production values but no"
            f" licence recorded (a capital event of kind 'licensed'): {', '.join(names)}"
            f"{', …' if n > len(names) else ''}; the values are counted"
        )
    to, problem = _currency_of(columns.currencies, columns.production_currency[rows], currency)
    if problem is not None or to is None:
        reason = problem or "no production value is recorded and the target names no currency"
        return _unknown("money", what, "projects", len(days), reason, NO_CURRENCY)
    values, uses, missing = _money_at(
        dataset,
        amounts=columns.production_amount,
        codes=columns.production_currency,
        dates=year_end,
        conversion=_production_conversion(dataset, to)
        if rate_date is RateDate.EVENT
        else _NO_CONVERSION,
        currencies=columns.currencies,
        rows=rows,
        counted_on=[(year_end, 1.0)],
        days=days,
        to=to,
        rate_date=rate_date,
    )
    values = np.where(unknown_days, np.nan, values)
    if rate_date is RateDate.EVENT and uses:
        notes.append("production values are converted at the rate in force on the year's last day")
    missing = missing or ("; ".join(reasons) if reasons else None)
    return Measured(values, to, what, "projects", shown, count, missing, tuple(notes), uses)


def _zones(
    dataset: Dataset,
    scope: Scope,
    query: Query,
    how: Measure,
    days: DateArray,
    start: np.datetime64,
) -> Measured:
    columns = columns_of(dataset)
    zone_columns = dataset.columns.zones
    what = query.describe(how)
    ids = zone_columns.ids
    zones = scope.zone_rows(len(ids)) & zone_columns.of_kinds(query.zone_kinds)
    zones &= columns.zone_status != code_of(ZoneStatus.PLANNED)
    established = columns.zone_established
    undated = np.flatnonzero(zones & np.isnat(established))
    if len(undated):
        return _unknown(
            COUNT,
            what,
            "zones",
            len(days),
            "the establishment date is not recorded for "
            + _Ids(dataset, "zones", ids).names(undated, "zone"),
            "establishment date (Zone.established)",
        )
    if how is not Measure.STOCK:
        zones &= established >= start
    values = _cumulative(established[zones], None, days)
    counted = np.flatnonzero(zones & (established <= days[-1]))
    shown, count = _Ids(dataset, "zones", ids).listed(counted)
    return Measured(values, COUNT, what, "zones", shown, count)


def _area(
    dataset: Dataset,
    scope: Scope,
    query: Query,
    how: Measure,
    days: DateArray,
    start: np.datetime64,
) -> Measured:
    parcels = dataset.columns.parcels
    what = query.describe(how)
    rows = scope.parcels(parcels.zone) & (parcels.status == code_of(ParcelStatus.LEASED))
    if query.categories:
        rows &= parcels.with_category(query.categories)
    if query.origin is not None:
        tenants = columns_of(dataset)
        no_tenant = np.flatnonzero(rows & (parcels.project < 0))
        if len(no_tenant):
            return _unknown(
                HECTARE,
                what,
                "parcels",
                len(days),
                "the origin of the tenant is needed, and no tenant project is recorded for "
                + _Ids(dataset, "parcels", parcels.ids).names(no_tenant, "leased parcel"),
                "tenant project (Parcel.project_id)",
            )
        origin = tenants.project_origin[np.maximum(parcels.project, 0)]
        rows &= origin == code_of(query.origin)
    notes: list[str] = []
    if how is Measure.STOCK:
        begun = np.where(np.isnat(parcels.lease_start), _FAR_PAST, parcels.lease_start)
        no_start = int((rows & np.isnat(parcels.lease_start)).sum())
        if no_start:
            notes.append(f"{no_start} lease(s) with no start date count as under lease throughout")
        ended = parcels.lease_end + _ONE_DAY  # the lease end is its last day
        values = _cumulative(begun[rows], parcels.area_ha[rows], days) - _cumulative(
            ended[rows], parcels.area_ha[rows], days
        )
        counted = np.flatnonzero(rows & parcels.leased_on(days[-1]))
    else:
        undated = np.flatnonzero(rows & np.isnat(parcels.lease_start))
        if len(undated):
            return _unknown(
                HECTARE,
                what,
                "parcels",
                len(days),
                "the lease start is not recorded for "
                + _Ids(dataset, "parcels", parcels.ids).names(undated, "parcel"),
                "lease start (Parcel.lease_start)",
            )
        rows &= parcels.lease_start >= start
        values = _cumulative(parcels.lease_start[rows], parcels.area_ha[rows], days)
        counted = np.flatnonzero(rows & (parcels.lease_start <= days[-1]))
    shown, count = _Ids(dataset, "parcels", parcels.ids).listed(counted)
    return Measured(values, HECTARE, what, "parcels", shown, count, None, tuple(notes))


def money_unit(unit: str) -> bool:
    return is_currency(unit)
