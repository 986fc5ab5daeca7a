"""Rule measures from published land figures, where the records say nothing.

A zone whose parcels are not recorded, or a province whose zones are not,
often has published figures instead: land leased, available, reserved for a
category, or only its occupancy rate (:class:`~industrial_policy.records.figures.PublishedFigure`).
The rule engine takes the finest grain there is: a zone's parcels when it
has any, its published figures otherwise; a province's zones when they
give a verdict, its own published figures otherwise. Every finding says
which (``Finding.basis``).

The land accounts a measure is built from, per subject (NaN: not known):

* industrial land for lease: the zone's record, else the published figure;
* land leased: the published figure, else ``industrial land − available``,
  else ``occupancy rate × industrial land``;
* land "reserved or leased" for some categories: the reserve may overlap
  land already leased to such projects, so it lies between the larger of the
  two and their sum (capped at the base): a bound, and the finding says so;
* only a rate, with no industrial land: the zone's own share is the rate,
  but it cannot be weighed in a roll-up (:data:`RATE_ONLY`).

All of it is computed on whole columns: the figures' values are read once
into numpy arrays and picked per subject (the latest figure on or before the
day of the evaluation).

>>> import industrial_policy as ip, numpy as np
>>> from industrial_policy.rules import evaluate
>>> ds = ip.Dataset(
...     zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="Bắc Giang")],
...     published=[ip.PublishedFigure(id="a-rate", measure="occupancy_rate", value="74%",
...                                 zone_id="a", on="2023-06-30", source="vietdata.vn")])
>>> f = evaluate(ds, ["vn-land"], "2024-12-31",
...              overrides={"vn-land.occupancy.min-share": "60%"})["vn-land.occupancy/a"]
>>> f.status.value, str(f.actual), f.basis
('pass', '74%', 'reported by vietdata.vn as of 2023-06-30 (74%)')
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar import CodedColumn, EnumColumn, ObjectColumn
from industrial_policy.columnar.column import BoolArray, FloatArray, IntArray
from industrial_policy.comparators import Comparator
from industrial_policy.records.figures import FigureMeasure, PublishedFigure
from industrial_policy.records.reported import (
    INDUSTRIAL_ZONE_KINDS,
    ReportedFigure,
    ReportedMetric,
    name_key,
)
from industrial_policy.records.zones import ZoneKind
from industrial_policy.rules.rule import Base, Measure, MeasureKind, Use

if TYPE_CHECKING:
    from industrial_policy.columnar import Table

__all__ = [
    "RATE_ONLY",
    "FigureValues",
    "LandAccounts",
    "figure_days",
    "figure_numbers",
    "land_accounts",
    "land_values",
    "province_totals",
    "rate_bounds",
]


RATE_ONLY = 32
"""A bit of ``ZoneValues.missing``: only the zone's rate is published, not its industrial
land. The zone's own finding uses the rate; a roll-up cannot weigh it, so there it is missing."""

_CATEGORY_MEASURES = (FigureMeasure.RESERVED, FigureMeasure.LEASED)
_LEAST = frozenset({Comparator.AT_LEAST, Comparator.MORE_THAN})
_MOST = frozenset({Comparator.AT_MOST, Comparator.LESS_THAN})


def figure_numbers(figures: Table[PublishedFigure]) -> FloatArray:
    """Every figure's value as a float (hectares, a fraction, a count or an amount of money)."""
    values = figures.typed("value", ObjectColumn).values()
    return np.fromiter((float(a.value) for a in values), dtype=np.float64, count=len(values))


def figure_days(figures: Table[PublishedFigure]) -> npt.NDArray[np.datetime64]:
    """Every figure's date (the last day of its period), as ``datetime64[D]``."""
    ons = figures.typed("on", ObjectColumn).values()
    return np.array(
        [o if isinstance(o, dt.date) else o.end for o in ons], dtype="datetime64[D]"
    ).reshape(len(ons))


@attrs.frozen
class LandAccounts:
    """Published land figures per subject, NaN where none is published.

    ``rows[key]`` is, per subject, the row of the figure used for ``key``
    (``"leased"``, ``"reserved:hi_tech"``...), ``-1`` where none.
    """

    industrial: FloatArray
    leased: FloatArray  # the least land leased (the value, unless published as a bound)
    available: FloatArray
    rate: FloatArray  # the least rate
    by_category: Mapping[str, FloatArray]
    rows: Mapping[str, IntArray]
    leased_high: FloatArray  # the most land leased (inf: "more than 90 ha")
    rate_high: FloatArray  # the most rate (1: "over 90%")

    def of(self, key: str) -> FloatArray:
        if key in self.by_category:
            return self.by_category[key]
        return {
            "industrial_land": self.industrial,
            "leased": self.leased,
            "available": self.available,
            "occupancy_rate": self.rate,
        }[key]


def land_accounts(
    figures: Table[PublishedFigure], subject: IntArray, n: int, day: dt.date
) -> LandAccounts:
    """The latest land figures on or before ``day`` of ``n`` subjects; ``subject`` gives each
    figure's subject (``-1``: about no subject here)."""
    measures = figures.typed("measure", EnumColumn)
    members = list(measures.enum)
    codes = measures.codes.astype(np.int64)
    categories = figures.typed("category", EnumColumn)
    category_members = list(categories.enum)
    category_codes = categories.codes.astype(np.int64)
    numbers = figure_numbers(figures) if len(figures) else np.zeros(0)
    days = figure_days(figures) if len(figures) else np.zeros(0, dtype="datetime64[D]")
    usable = (subject >= 0) & (days <= np.datetime64(day, "D"))
    order = np.argsort(days, kind="stable")[::-1]  # latest first

    # How each figure was published: exactly (or "about": the value), as a least value
    # ("more than 90 ha"), as a most ("at most 40%"), or as a range (never taken for a value).
    comparators = figures.typed("comparator", EnumColumn)
    named = [list(comparators.enum)[c] if c >= 0 else None for c in comparators.codes.tolist()]
    least = np.array([c in _LEAST for c in named], dtype=np.bool_)
    most = np.array([c in _MOST for c in named], dtype=np.bool_)
    ranged = np.array([c is Comparator.BETWEEN for c in named], dtype=np.bool_)

    def pick(mask: BoolArray) -> tuple[FloatArray, IntArray]:
        chosen = order[mask[order]]
        rows = np.full(n, -1, dtype=np.int64)
        found, first = np.unique(subject[chosen], return_index=True)
        rows[found] = chosen[first]
        values = np.where(rows >= 0, numbers[np.maximum(rows, 0)] if len(numbers) else 0.0, np.nan)
        return values.astype(np.float64), rows

    def bounded(values: FloatArray, rows: IntArray, top: float) -> tuple[FloatArray, FloatArray]:
        """The least and the most a figure allows: its value, or a bound of it."""
        at = np.maximum(rows, 0)
        is_least = (rows >= 0) & least[at] if len(least) else np.zeros(n, dtype=np.bool_)
        is_most = (rows >= 0) & most[at] if len(most) else np.zeros(n, dtype=np.bool_)
        is_range = (rows >= 0) & ranged[at] if len(ranged) else np.zeros(n, dtype=np.bool_)
        low = np.where(is_most, 0.0, values)
        high = np.where(is_least, top, values)
        return np.where(is_range, np.nan, low), np.where(is_range, np.nan, high)

    def exact_only(values: FloatArray, rows: IntArray) -> FloatArray:
        """A figure taken only as a value: one published as a bound is not used."""
        at = np.maximum(rows, 0)
        loose = (least | most | ranged)[at] if len(least) else np.zeros(n, dtype=np.bool_)
        return np.where((rows >= 0) & loose, np.nan, values)

    def measure_mask(measure: FigureMeasure) -> BoolArray:
        mask: BoolArray = usable & (codes == members.index(measure))
        return mask

    plain: dict[str, FloatArray] = {}
    by_category: dict[str, FloatArray] = {}
    rows: dict[str, IntArray] = {}
    no_category = category_codes < 0
    for measure in (
        FigureMeasure.INDUSTRIAL_LAND,
        FigureMeasure.LEASED,
        FigureMeasure.AVAILABLE,
        FigureMeasure.OCCUPANCY_RATE,
    ):
        plain[measure.value], rows[measure.value] = pick(measure_mask(measure) & no_category)
    for measure in _CATEGORY_MEASURES:
        mask = measure_mask(measure)
        for code in np.unique(category_codes[mask & ~no_category]).tolist():
            key = f"{measure.value}:{category_members[code].value}"
            values, rows[key] = pick(mask & (category_codes == code))
            by_category[key] = exact_only(values, rows[key])
    leased, leased_high = bounded(plain["leased"], rows["leased"], np.inf)
    rate, rate_high = bounded(plain["occupancy_rate"], rows["occupancy_rate"], 1.0)
    return LandAccounts(
        exact_only(plain["industrial_land"], rows["industrial_land"]),
        leased,
        exact_only(plain["available"], rows["available"]),
        rate,
        by_category,
        rows,
        leased_high,
        rate_high,
    )


@attrs.frozen
class FigureValues:
    """A measure from published figures, per subject: ``known`` where the figures give it.

    ``low``/``high`` are hectares (or, where ``rate_only``, the rate itself over a base of
    1); ``rows`` lists, per subject, the figures used (a tuple of figure rows).
    """

    known: BoolArray
    low: FloatArray
    high: FloatArray
    base: FloatArray
    rate_only: BoolArray
    used: Sequence[IntArray]


def land_values(
    spec: Measure,
    accounts: LandAccounts,
    industrial_recorded: FloatArray,
    total_recorded: FloatArray,
) -> FigureValues | None:
    """The measure ``spec`` from published land figures, or ``None`` for a measure no
    published figure gives (an industry share, a total area...)."""
    industrial = np.where(np.isnan(industrial_recorded), accounts.industrial, industrial_recorded)
    # Land leased, as the least and the most the figures allow (equal unless one is a bound).
    derived = industrial - accounts.available
    from_rate = np.isnan(accounts.leased) & np.isnan(derived)
    leased = np.where(np.isnan(accounts.leased), derived, accounts.leased)
    leased = np.where(from_rate, accounts.rate * industrial, leased)
    leased_high = np.where(np.isnan(accounts.leased), derived, accounts.leased_high)
    leased_high = np.where(from_rate, accounts.rate_high * industrial, leased_high)
    with np.errstate(invalid="ignore"):
        # A bound's top is at most the industrial land, never below the least the figures
        # give: land leased published as a value stays that value (a few ulps over the land,
        # converted from another unit, or over it by a mistake the finding then shows).
        leased_high = np.where(leased_high > industrial, np.fmax(industrial, leased), leased_high)
    n = len(industrial)
    nothing = np.zeros(n, dtype=np.bool_)
    if spec.kind is MeasureKind.OCCUPANCY:
        exact = ~np.isnan(leased) & ~np.isnan(industrial)
        rate_only = ~exact & ~np.isnan(accounts.rate)
        low = np.where(exact, leased, np.where(rate_only, accounts.rate, np.nan))
        high = np.where(exact, leased_high, np.where(rate_only, accounts.rate_high, np.nan))
        base = np.where(exact, industrial, np.where(rate_only, 1.0, np.nan))
        used = [
            accounts.rows[k] for k in ("leased", "available", "occupancy_rate", "industrial_land")
        ]
        return FigureValues(exact | rate_only, low, high, base, rate_only, used)
    if spec.kind is MeasureKind.UNLEASED_AREA:
        given = ~np.isnan(accounts.available)
        low = np.where(given, accounts.available, np.maximum(industrial - leased_high, 0.0))
        high = np.where(given, accounts.available, industrial - leased)
        known = ~np.isnan(low) & ~np.isnan(high)
        used = [accounts.rows[k] for k in ("available", "leased", "industrial_land")]
        return FigureValues(known, low, high, np.full(n, np.nan), nothing, used)
    if spec.kind is not MeasureKind.CATEGORY_SHARE:
        return None
    use = spec.use or Use.RESERVED_OR_LEASED
    base = total_recorded if spec.base is Base.TOTAL_AREA else industrial
    parts: dict[str, tuple[FloatArray, FloatArray, BoolArray]] = {}
    used_rows: list[IntArray] = []
    for measure in _CATEGORY_MEASURES:
        low = np.zeros(n)
        some = np.zeros(n, dtype=np.bool_)
        every = np.ones(n, dtype=np.bool_)
        for category in sorted(spec.categories):
            key = f"{measure.value}:{category.value}"
            values = accounts.by_category.get(key)
            if values is None:
                every[:] = False
                continue
            used_rows.append(accounts.rows[key])
            given = ~np.isnan(values)
            low += np.where(given, values, 0.0)
            some |= given
            every &= given
        # Categories not published: nothing more surely, at most the land leased (for land
        # leased to them) or the whole base (for a reserve).
        cap = leased_high if measure is FigureMeasure.LEASED else base
        high = np.where(every, low, np.where(np.isnan(cap), np.inf, np.maximum(cap, low)))
        parts[measure.value] = (low, high, some)
    r_low, r_high, r_some = parts["reserved"]
    l_low, l_high, l_some = parts["leased"]
    if use is Use.RESERVED:
        low, high, known = r_low, r_high, r_some
    elif use is Use.LEASED:
        low, high, known = l_low, l_high, l_some
    else:
        # The reserve may overlap land already leased to the same categories: neither their
        # sum nor the larger alone is the value, only the bounds are.
        low, high, known = np.maximum(r_low, l_low), r_high + l_high, r_some | l_some
    with np.errstate(invalid="ignore"):
        high = np.where(~np.isnan(base) & (high > base), np.maximum(base, low), high)
    return FigureValues(known, low, high, base, nothing, used_rows)


def figure_kinds(figures: Table[PublishedFigure]) -> list[frozenset[ZoneKind]]:
    """Per figure, the zone kinds it covers (a province figure: industrial zones by default)."""
    kinds = figures.typed("zone_kind", EnumColumn)
    members = list(kinds.enum)
    return [
        frozenset({members[c]}) if c >= 0 else INDUSTRIAL_ZONE_KINDS for c in kinds.codes.tolist()
    ]


def province_subjects(
    figures: Table[PublishedFigure], names: Sequence[str]
) -> tuple[IntArray, tuple[str, ...]]:
    """Per figure, the position of its province among ``names`` (extended with the provinces
    only the figures name), ``-1`` for a zone's figure; and the names."""
    column = figures.typed("province", CodedColumn)
    known = {name_key(name): i for i, name in enumerate(names)}
    all_names = list(names)
    mapping = []
    for name in column.vocabulary:
        key = name_key(name)
        if key not in known:
            known[key] = len(all_names)
            all_names.append(name)
        mapping.append(known[key])
    codes: IntArray = np.array([*mapping, -1], dtype=np.int64)[column.codes]
    return codes, tuple(all_names)


def figures_basis(figures: Table[PublishedFigure], rows: Sequence[int]) -> str:
    """What a finding built on the figures at ``rows`` says of them, grouped by source and
    date: ``'reported by X as of 2024-12-31 (industrial land leased 90.33 ha; …)'``."""
    groups: dict[tuple[str, str], list[PublishedFigure]] = {}
    for row in dict.fromkeys(rows):
        figure = figures[row]
        groups.setdefault((figure.source, figure.when_text()), []).append(figure)
    texts = []
    for (source, when), members in groups.items():
        if len(members) == 1:
            texts.append(members[0].basis())
            continue
        listed = "; ".join(_figure_words(f) for f in members)
        note = " (illustrative)" if any(f.illustrative for f in members) else ""
        texts.append(f"reported by {source} {when} ({listed}){note}")
    return "; ".join(texts)


def _figure_words(figure: PublishedFigure) -> str:
    what = figure.measure.words
    if figure.category is not None:
        what += f" ({figure.category.value.replace('_', ' ')})"
    return f"{what} {figure.value_text()}"


def province_totals(
    reported: Table[ReportedFigure],
    day: dt.date,
    kinds: frozenset[ZoneKind],
    province: str | None = None,
) -> dict[str, ReportedFigure]:
    """Per province (by :func:`name_key`), the latest total area of its zones of exactly
    ``kinds`` as published on or before ``day`` (an undated figure last): a reported
    ``total_area`` of a whole province, stated exactly. A figure of part of a province (inside
    or outside a zone), of other kinds of zone (only the parks, when the rule is about parks
    and export-processing zones too), or published as a bound ("more than 6,000 ha") is
    never taken for the total.

    >>> from industrial_policy.columnar import Table
    >>> from industrial_policy.records.reported import ReportedFigure, ZoneScope
    >>> figures = Table.from_records(ReportedFigure, [
    ...     ReportedFigure(id="qn-area", metric="total_area", value="3676 ha",
    ...                    scope=ZoneScope(province="Quảng Nam"), as_of="2023-12-31"),
    ...     ReportedFigure(id="qn-area-chu-lai", metric="total_area", value="2954 ha",
    ...                    scope=ZoneScope(province="Quảng Nam", within="chu-lai-oez"))])
    >>> {k: f.id for k, f in province_totals(figures, dt.date(2024, 6, 30),
    ...                                       INDUSTRIAL_ZONE_KINDS).items()}
    {'quảng nam': 'qn-area'}
    """
    chosen: dict[str, tuple[dt.date, ReportedFigure]] = {}
    for figure in reported:
        scope = figure.scope
        if (
            figure.metric is not ReportedMetric.TOTAL_AREA
            or figure.comparator is not None
            or scope.province is None
            or scope.within is not None
            or scope.outside is not None
            or scope.kinds != kinds
            or (province is not None and name_key(province) != name_key(scope.province))
            or (figure.as_of is not None and figure.as_of > day)
        ):
            continue
        when = figure.as_of or dt.date.min
        key = name_key(scope.province)
        if key not in chosen or when > chosen[key][0]:
            chosen[key] = (when, figure)
    return {key: figure for key, (_, figure) in chosen.items()}


def rate_bounds(
    leased: tuple[float, float],
    land: float,
    rates: Sequence[float],
    caps: Sequence[float],
    rates_high: Sequence[float] | None = None,
) -> tuple[float, float]:
    """The least and the most a roll-up's occupancy can be when some of its zones are known
    only by their rate.

    ``leased`` (the least and the most) and ``land`` are the hectares of the zones known in
    hectares; each of the others has its published rate and an industrial land for lease
    between nothing and its cap (its total area, ``inf`` where that is not known either).
    The weighted rate is smallest when the zones below it weigh all they can and the others
    nothing: zones are taken in order of rate while they pull the rate down (and the other
    way for the most). A weight of nothing is a limit, so the bounds may be approached and
    not reached; a verdict outside them holds whatever the weights. ``rates_high`` are the
    most each rate may be where a rate is published as a bound ("over 90%": ``rates`` holds
    90%, ``rates_high`` 100%); ``rates`` themselves if not given.

    >>> rate_bounds((0.0, 0.0), 0.0, [1.0, 0.95, 0.74], [float("inf")] * 3)
    (0.74, 1.0)
    >>> lo, hi = rate_bounds((60.0, 60.0), 100.0, [1.0, 0.2], [50.0, 100.0])
    >>> round(lo, 6), round(hi, 6)
    (0.4, 0.733333)
    """
    lows = sorted(zip(rates, caps, strict=True))
    highs = sorted(zip(rates if rates_high is None else rates_high, caps, strict=True))

    def extreme(numerator: float, ordered: list[tuple[float, float]], lower: bool) -> float:
        value = numerator / land if land > 0 else math.nan
        denominator = land
        for rate, cap in ordered:
            if not math.isnan(value) and (rate >= value if lower else rate <= value):
                break
            if math.isinf(cap):
                return rate  # a weight without bound: the rate itself, in the limit
            if cap <= 0:
                continue
            numerator += rate * cap
            denominator += cap
            value = numerator / denominator
        return value

    return extreme(leased[0], lows, True), extreme(leased[1], highs[::-1], False)
