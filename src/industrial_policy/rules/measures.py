"""Rule measures, computed for every zone at once on the dataset's numpy columns.

A measure gives, for every zone of the dataset, the hectares that surely
count (``low``), the most that may count (``high``: more when the use of
some leased land is not recorded, infinite when an input is missing), the
base a share is taken of, and a bit mask of what is missing. The engine
then adds these hectares up per subject (a zone, an economic zone, a
district, a province) and divides once: shares are never averaged. Pint
quantities appear only in the findings, at the edge.

>>> import datetime as dt, industrial_policy as ip
>>> from industrial_policy.rules.rule import Measure
>>> ds = ip.Dataset(
...     zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="Hải Dương",
...                    total_area="300 ha")],
...     parcels=[ip.Parcel(id="a-1", zone_id="a", area="45 ha", status="reserved",
...                        category="hi_tech")])
>>> frame = Frame(ds, dt.date(2024, 12, 31))
>>> values = measure(frame, Measure(kind="category_share", categories=["hi_tech"],
...                                 use="reserved", base="total_area"))
>>> values.low.tolist(), values.base.tolist(), values.missing.tolist()
([45.0], [300.0], [0])
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.categories import Category
from industrial_policy.columnar import CodedColumn, EnumColumn, EnumSetColumn
from industrial_policy.comparators import Comparator
from industrial_policy.dataset.columns import code_of, parcels_by_zone
from industrial_policy.records.parcels import ParcelStatus
from industrial_policy.records.reported import ReportedMetric, name_key
from industrial_policy.records.zones import EconomicZoneType, ZoneKind
from industrial_policy.rules.published import RATE_ONLY, LandAccounts, land_accounts, land_values
from industrial_policy.rules.rule import Base, Level, Measure, MeasureKind, Scope, Use, name_of
from industrial_policy.units import area_to_hectares

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset
    from industrial_policy.dataset.columns import ParcelColumns, ZoneColumns

__all__ = [
    "Frame",
    "Groups",
    "ZoneValues",
    "group",
    "in_scope",
    "measure",
    "name_key",
    "records_measure",
    "scope_misses",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Bits of ZoneValues.missing, and what each says (``{zone}`` is the zone id).
NO_TOTAL_AREA = 1
NO_INDUSTRIAL_LAND = 2
NO_PARCELS = 4
NO_INDUSTRY = 8
MISSING_TEXT = {
    NO_TOTAL_AREA: "the total area of zone {zone!r} is not recorded (Zone.total_area)",
    NO_INDUSTRIAL_LAND: "the industrial land for lease of zone {zone!r} is not recorded"
    " (Zone.industrial_land_area)",
    NO_PARCELS: "no parcel of zone {zone!r} is recorded and no land figure of it is published,"
    " so how its land is used is unknown (record every parcel, vacant ones too, or add a"
    " published figure: land leased, available, reserved by category, or the occupancy rate)",
    NO_INDUSTRY: "the industry of specialised park {zone!r} is not recorded (Zone.industry)",
    RATE_ONLY: "only the rate of zone {zone!r} is published, not its industrial land for lease,"
    " so it cannot be weighed with other zones (add Zone.industrial_land_area or a published"
    " figure 'industrial_land')",
}


# The same for several zones at once ({count} zones, then {zones}, the listed ids).
MISSING_TEXT_MANY = {
    NO_TOTAL_AREA: "the total area of {count} zones is not recorded (Zone.total_area): {zones}",
    NO_INDUSTRIAL_LAND: "the industrial land for lease of {count} zones is not recorded"
    " (Zone.industrial_land_area): {zones}",
    NO_PARCELS: "no parcel of {count} zones is recorded and no land figure of them is published,"
    " so how their land is used is unknown (record every parcel, vacant ones too, or add a"
    " published figure: land leased, available, reserved by category, or the occupancy rate):"
    " {zones}",
    NO_INDUSTRY: "the industry of {count} specialised parks is not recorded (Zone.industry):"
    " {zones}",
    RATE_ONLY: "only the rate of {count} zones is published, not their industrial land for"
    " lease, so they cannot be weighed with other zones (add Zone.industrial_land_area or a"
    " published figure 'industrial_land'): {zones}",
}
assert MISSING_TEXT_MANY.keys() == MISSING_TEXT.keys()


# What a zone lacking data lacks, as an input of its finding with no value (the row's
# ``missing`` column), for the bits no input already shows as missing (an area not recorded
# is an input with no value already).
MISSING_INPUT = {
    NO_PARCELS: "parcels, or a published land figure",
    NO_INDUSTRY: "industry (Zone.industry)",
}


_KEPT: dict[int, dict[str, Any]] = {}


def _kept(dataset: Dataset) -> dict[str, Any]:
    """Pieces built from a dataset alone, kept as long as the dataset lives.

    A dataset is immutable, so what-if evaluations of the same dataset (on
    other dates, with other parameters) reuse them, as they reuse its columns.
    """
    key = id(dataset)
    if key not in _KEPT:
        _KEPT[key] = {}
        weakref.finalize(dataset, _KEPT.pop, key, None)
    return _KEPT[key]


class Frame:
    """What the rules evaluated on one day share.

    The dataset's columns, the parcels leased on the day, the parcels
    grouped by zone, and codes for the zone and project attributes the
    columns do not hold. Each piece is built on first use; those that do not
    depend on the day are kept with the dataset for later evaluations.
    """

    def __init__(self, dataset: Dataset, day: dt.date) -> None:
        self.dataset = dataset
        self.day = day
        self.zones: ZoneColumns = dataset.columns.zones
        self.parcels: ParcelColumns = dataset.columns.parcels
        self._day: dict[str, Any] = {}
        self._kept = _kept(dataset)

    def _cached(self, key: str, build: Callable[[], Any]) -> Any:
        cache = self._day if key == "leased" else self._kept
        if key not in cache:
            cache[key] = build()
        return cache[key]

    @property
    def leased(self) -> BoolArray:
        """Per parcel: leased, with a lease that covers the day."""
        day = np.datetime64(self.day, "D")
        return self._cached("leased", lambda: self.parcels.leased_on(day))  # type: ignore[no-any-return]

    @property
    def accounts(self) -> LandAccounts:
        """Per zone: the latest published land figures on or before the day."""
        if "accounts" not in self._day:
            figures = self.dataset.published
            index = {zone: i for i, zone in enumerate(self.zones.ids)}
            subject = figures.typed("zone_id", CodedColumn).positions(index)
            self._day["accounts"] = land_accounts(figures, subject, len(self.zones), self.day)
        return self._day["accounts"]  # type: ignore[no-any-return]

    @property
    def by_zone(self) -> tuple[IntArray, IntArray]:
        """Parcel positions grouped by zone, and where each zone's run starts."""
        return self._cached(  # type: ignore[no-any-return]
            "by_zone", lambda: parcels_by_zone(self.parcels.zone, len(self.zones))
        )

    @property
    def parcel_count(self) -> IntArray:
        """Per zone: how many parcels are recorded in it."""
        return self._cached(  # type: ignore[no-any-return]
            "count", lambda: np.bincount(self.parcels.zone, minlength=len(self.zones))
        )

    def with_category(self, categories: frozenset[Category]) -> BoolArray:
        """Per parcel: its category is one of ``categories`` (a table lookup, not ``isin``)."""

        def build() -> BoolArray:
            table = np.zeros(len(Category) + 1, dtype=np.bool_)  # the last entry is "none"
            table[[code_of(c) for c in categories]] = True
            return table[self.parcels.category]

        return self._cached(f"category:{sorted(categories)}", build)  # type: ignore[no-any-return]

    def project_flags(self, categories: frozenset[Category]) -> tuple[BoolArray, BoolArray]:
        """Per project, with one ``False`` more at the end for parcels with no tenant
        (index ``-1``): has one of ``categories``; has any category recorded."""

        def build() -> tuple[BoolArray, BoolArray]:
            bits = self.dataset.projects.typed("categories", EnumSetColumn)
            has = np.append(bits.has_any(categories), False)
            known = np.append(bits.bits != 0, False)
            return has, known

        return self._cached(f"projects:{sorted(categories)}", build)  # type: ignore[no-any-return]

    def industries(self) -> tuple[IntArray, IntArray]:
        """Industry codes per zone and per project (one ``-1`` more at the end), ``-1``
        where none is recorded; names compare regardless of case."""

        def build() -> tuple[IntArray, IntArray]:
            zones = self.dataset.zones.typed("industry", CodedColumn)
            projects = self.dataset.projects.typed("industry", CodedColumn)
            keys: dict[str, int] = {}
            for name in (*zones.vocabulary, *projects.vocabulary):
                keys.setdefault(name_key(name.strip()), len(keys))

            def codes(column: CodedColumn) -> IntArray:
                mapping = [keys[name_key(name.strip())] for name in column.vocabulary]
                result: IntArray = np.array([*mapping, -1], dtype=np.int64)[column.codes]
                return result

            return codes(zones), np.append(codes(projects), -1)

        return self._cached("industries", build)  # type: ignore[no-any-return]

    def zone_codes(self, attribute: str) -> tuple[IntArray, tuple[str, ...]]:
        """Per zone, the code of a text attribute (``district``) by its name regardless of
        case, ``-1`` where none; and the first spelling of each code."""

        def build() -> tuple[IntArray, tuple[str, ...]]:
            held = self.dataset.zones.column(attribute)
            if isinstance(held, EnumColumn):  # a choice (economic_zone_type): by its value
                held = CodedColumn(
                    held.codes.astype(np.int64), tuple(str(m.value) for m in held.enum)
                )
            if not isinstance(held, CodedColumn):
                raise TypeError(f"zones are not grouped by {attribute!r}")
            column = held.compact()
            codes: dict[str, int] = {}
            names: list[str] = []
            mapping = []
            for value in column.vocabulary:  # in first-seen order
                key = name_key(value)
                if key not in codes:
                    codes[key] = len(names)
                    names.append(value)
                mapping.append(codes[key])
            result: IntArray = np.array([*mapping, -1], dtype=np.int64)[column.codes]
            return result, tuple(names)

        return self._cached(f"codes:{attribute}", build)  # type: ignore[no-any-return]


# Bits of :func:`scope_misses`: which part of a rule's scope a zone is outside of.
OTHER_KIND = 1
HI_TECH = 2
PROVINCE = 4
ECONOMIC_ZONE_TYPE = 8
NO_ECONOMIC_ZONE_TYPE = (
    16  # an economic zone whose type is not recorded: in scope or not is unknown
)


def scope_misses(frame: Frame, scope: Scope) -> IntArray:
    """Per zone, the bits of the parts of ``scope`` the zone is outside of (0: in scope).

    :data:`OTHER_KIND` marks a zone of a kind the rule is not about; the other bits mark a
    zone of the rule's kinds left out by its hi-tech specialisation, its province or its
    economic-zone type (or its type not recorded): such a zone gets a ``not_applicable``
    finding saying which.
    """
    zones = frame.zones
    misses = np.zeros(len(zones), dtype=np.int64)
    if scope.kinds:
        misses |= _flag(~zones.of_kinds(scope.kinds), OTHER_KIND)
    if scope.specialises_in_hi_tech is not None:
        misses |= _flag(zones.specialises_in_hi_tech != scope.specialises_in_hi_tech, HI_TECH)
    if scope.province is not None:
        provinces, names = frame.zone_codes("province")
        wanted = [i for i, name in enumerate(names) if name_key(name) == name_key(scope.province)]
        misses |= _flag(~np.isin(provinces, wanted), PROVINCE)
    if scope.economic_zone_types:
        types, names = frame.zone_codes("economic_zone_type")
        wanted = [
            i for i, name in enumerate(names) if EconomicZoneType(name) in scope.economic_zone_types
        ]
        misses |= _flag((types >= 0) & ~np.isin(types, wanted), ECONOMIC_ZONE_TYPE)
        misses |= _flag(types < 0, NO_ECONOMIC_ZONE_TYPE)
    return misses


def in_scope(frame: Frame, scope: Scope) -> BoolArray:
    """Per zone: whether the zone is in ``scope``."""
    result: BoolArray = scope_misses(frame, scope) == 0
    return result


@attrs.frozen
class ZoneValues:
    """One measure for every zone, in hectares, in the order of ``Dataset.zones``.

    ``low`` is what surely counts, ``high`` the most that may (equal to
    ``low`` when everything is recorded); ``base`` is the denominator of a
    share (NaN when not recorded, or for a measure that is an area);
    ``missing`` has a bit of :data:`MISSING_TEXT` set for each thing not
    recorded. ``counted`` and ``uncertain`` mark the parcels in ``low`` and
    in ``high − low``, for the explanation.
    """

    low: FloatArray
    high: FloatArray
    base: FloatArray
    missing: IntArray
    counted: BoolArray | None = None
    uncertain: BoolArray | None = None
    part_name: str = ""
    base_name: str = ""
    uncertain_name: str = ""
    from_figures: BoolArray | None = None
    figure_rows: tuple[IntArray, ...] = ()
    rate_only: BoolArray | None = None


def _sum(frame: Frame, mask: BoolArray) -> FloatArray:
    p = frame.parcels
    sums = np.bincount(p.zone, weights=p.area_ha * mask, minlength=len(frame.zones))
    return sums.astype(np.float64, copy=False)


def _flag(condition: BoolArray, bit: int) -> IntArray:
    return np.where(condition, bit, 0).astype(np.int64)


def _base(frame: Frame, base: Base | None) -> tuple[FloatArray, IntArray, str]:
    zones = frame.zones
    if base is Base.TOTAL_AREA:
        return zones.total_ha, _flag(np.isnan(zones.total_ha), NO_TOTAL_AREA), "total area"
    return (
        zones.industrial_ha,
        _flag(np.isnan(zones.industrial_ha), NO_INDUSTRIAL_LAND),
        "industrial land for lease",
    )


def measure(frame: Frame, spec: Measure) -> ZoneValues:
    """The measure ``spec`` for every zone of the frame's dataset: from its parcels, or
    from its published land figures where no parcel of it is recorded."""
    return _with_figures(frame, spec, _MEASURES[spec.kind](frame, spec))


def records_measure(frame: Frame, spec: Measure) -> ZoneValues:
    """The measure ``spec`` for every zone from its records alone (no published figure)."""
    return _MEASURES[spec.kind](frame, spec)


def _with_figures(frame: Frame, spec: Measure, values: ZoneValues) -> ZoneValues:
    if not len(frame.dataset.published):
        return values
    zones = frame.zones
    found = land_values(spec, frame.accounts, zones.industrial_ha, zones.total_ha)
    if found is None:
        return values
    take = found.known & (frame.parcel_count == 0)
    if not take.any():
        return values
    cleared: IntArray | int = NO_PARCELS
    if spec.base is not Base.TOTAL_AREA:
        # The industrial land came from a figure, or only a rate is used (RATE_ONLY says so).
        cleared |= NO_INDUSTRIAL_LAND * (found.rate_only | ~np.isnan(found.base)).astype(np.int64)
    missing = np.where(take, values.missing & ~cleared, values.missing)
    missing = np.where(take & found.rate_only, missing | RATE_ONLY, missing).astype(np.int64)
    keep_base = spec.kind is MeasureKind.UNLEASED_AREA
    return attrs.evolve(
        values,
        low=np.where(take, found.low, values.low),
        high=np.where(take, found.high, values.high),
        base=values.base if keep_base else np.where(take, found.base, values.base),
        missing=missing,
        from_figures=take,
        figure_rows=tuple(np.where(take, rows, -1) for rows in found.used),
        rate_only=take & found.rate_only,
    )


def _category_share(frame: Frame, spec: Measure) -> ZoneValues:
    p = frame.parcels
    wanted = frame.with_category(spec.categories)
    use = spec.use or Use.RESERVED_OR_LEASED
    counted = np.zeros(len(p), dtype=np.bool_)
    uncertain = None
    if use is not Use.LEASED:
        counted |= (p.status == code_of(ParcelStatus.RESERVED)) & wanted
    if use is not Use.RESERVED:
        # A parcel's own category says what it is used for; the tenant project's
        # categories stand in only where the parcel has none.
        has, known = frame.project_flags(spec.categories)
        unrecorded = p.category < 0
        leased = frame.leased
        counted |= leased & (wanted | (unrecorded & has[p.project]))
        uncertain = leased & unrecorded & ~known[p.project]
    low = _sum(frame, counted)
    high = low + _sum(frame, uncertain) if uncertain is not None else low
    base, missing, base_name = _base(frame, spec.base)
    words = " or ".join(sorted(name_of(c) for c in spec.categories))
    part_name = {
        Use.RESERVED: f"land reserved for {words}",
        Use.LEASED: f"land leased to {words} projects",
        Use.RESERVED_OR_LEASED: f"land reserved for {words} or leased to such projects",
    }[use]
    return ZoneValues(
        low,
        high,
        base,
        missing | _flag(frame.parcel_count == 0, NO_PARCELS),
        counted,
        uncertain,
        part_name,
        base_name,
        "leased land whose use is not recorded (no category on the parcel or its project)",
    )


def _industry_share(frame: Frame, spec: Measure) -> ZoneValues:
    p = frame.parcels
    zone_industry, project_industry = frame.industries()
    tenant_industry = project_industry[p.project]
    leased = frame.leased
    counted = leased & (tenant_industry >= 0) & (tenant_industry == zone_industry[p.zone])
    uncertain = leased & (tenant_industry < 0)
    low = _sum(frame, counted)
    base, missing, base_name = _base(frame, spec.base)
    missing |= _flag(frame.parcel_count == 0, NO_PARCELS) | _flag(zone_industry < 0, NO_INDUSTRY)
    return ZoneValues(
        low,
        low + _sum(frame, uncertain),
        base,
        missing,
        counted,
        uncertain,
        "land leased to projects of the park's industry",
        base_name,
        "leased land whose tenant's industry is not recorded",
    )


def _occupancy(frame: Frame, spec: Measure) -> ZoneValues:
    leased = frame.leased
    low = _sum(frame, leased)
    base, missing, base_name = _base(frame, Base.INDUSTRIAL_LAND)
    missing |= _flag(frame.parcel_count == 0, NO_PARCELS)
    if spec.kind is MeasureKind.UNLEASED_AREA:
        unleased = base - low
        nan = np.full_like(base, np.nan)
        return ZoneValues(
            unleased, unleased, nan, missing, leased, None, "unleased industrial land"
        )
    return ZoneValues(low, low, base, missing, leased, None, "industrial land leased", base_name)


def _total_area(frame: Frame, spec: Measure) -> ZoneValues:
    total = frame.zones.total_ha
    nan = np.full_like(total, np.nan)
    values = ZoneValues(
        total, total, nan, _flag(np.isnan(total), NO_TOTAL_AREA), part_name="total area"
    )
    # A phase is at most the park: an upper bound of the park's area decides it.
    return _bounded_by_reported(frame, values) if spec.kind is MeasureKind.LARGEST_PHASE else values


def _bounded_by_reported(frame: Frame, values: ZoneValues) -> ZoneValues:
    """Zones whose total area is not recorded, bounded by a reported total of the zones of its
    scope: at most that total less the recorded areas of the others ("9 parks, 1,967.11 ha",
    seven of them recorded with 1,629.7 ha: each of the other two has at most 337.41 ha).

    Only a total published exactly or as an upper bound ("at most", "less than") bounds, dated
    on or before the day, and only when no zone of its scope contains another (an economic zone
    and its parks) and no economic zone is in it: the total must be of the zones one by one.
    A total smaller than the recorded areas disagrees with them (reconciliation says so) and
    bounds nothing."""
    dataset, zones = frame.dataset, frame.zones
    total = zones.total_ha
    lacking = np.isnan(total)
    if not len(dataset.reported) or not lacking.any():
        return values
    bound = np.full(len(total), np.inf)
    used: list[str] = []
    nested = zones.of_kinds({ZoneKind.ECONOMIC_ZONE})
    nested[zones.parent[zones.parent >= 0]] = True
    for figure in dataset.reported:
        if (
            figure.metric is not ReportedMetric.TOTAL_AREA
            or figure.comparator not in (None, Comparator.AT_MOST, Comparator.LESS_THAN)
            or (figure.as_of is not None and figure.as_of > frame.day)
        ):
            continue
        mask = dataset.zones_mask(figure.scope)
        if not (mask & lacking).any() or (mask & nested).any():
            continue
        reported = float(area_to_hectares((figure.value,))[0])  # type: ignore[arg-type]
        # Float noise of the subtraction is not a figure (337.40999999999985 ha is 337.41 ha).
        left = round(reported - math.fsum(total[mask & ~lacking].tolist()), 9)
        if left < 0:
            continue
        bound = np.where(mask & lacking, np.minimum(bound, left), bound)
        used.append(figure.id)
    bounded = np.isfinite(bound)
    if not bounded.any():
        return values
    return attrs.evolve(
        values,
        low=np.where(bounded, 0.0, values.low),
        high=np.where(bounded, bound, values.high),
        missing=np.where(bounded, values.missing & ~NO_TOTAL_AREA, values.missing),
        uncertain_name="the reported total less the recorded areas of the other zones it covers"
        f" ({', '.join(used)})",
    )


def _housing_share(frame: Frame, spec: Measure) -> ZoneValues:
    p = frame.parcels
    housing = frame.with_category(frozenset({Category.WORKERS_HOUSING}))
    counted = housing & ((p.status == code_of(ParcelStatus.RESERVED)) | frame.leased)
    low = _sum(frame, counted)
    # A park whose parcels are not recorded may hold housing land: no upper bound.
    high = np.where(frame.parcel_count == 0, np.inf, low)
    base, missing, base_name = _base(frame, spec.base)
    return ZoneValues(
        low,
        high,
        base,
        missing,
        counted,
        None,
        "land for workers' housing and services in the parks",
        base_name,
        "housing land in parks whose parcels are not recorded",
    )


_MEASURES: dict[MeasureKind, Callable[[Frame, Measure], ZoneValues]] = {
    MeasureKind.CATEGORY_SHARE: _category_share,
    MeasureKind.INDUSTRY_SHARE: _industry_share,
    MeasureKind.OCCUPANCY: _occupancy,
    MeasureKind.UNLEASED_AREA: _occupancy,
    MeasureKind.TOTAL_AREA: _total_area,
    MeasureKind.AREA_AFTER_EXPANSION: _total_area,
    MeasureKind.LARGEST_PHASE: _total_area,
    MeasureKind.HOUSING_SHARE: _housing_share,
}


@attrs.frozen
class Groups:
    """The subjects of one level: their ids, and the subject of each zone.

    ``of_zone[z]`` is the position of zone ``z``'s subject in ``ids``, ``-1``
    when the zone is out of scope or belongs to no subject of the level (a
    park outside any economic zone). ``unplaced`` lists, per province name,
    the zones in scope that cannot be placed (a cluster whose district is
    not recorded).
    """

    level: Level
    ids: tuple[str, ...]
    of_zone: IntArray
    unplaced: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def members(self) -> list[IntArray]:
        """The zones of each subject, in dataset order."""
        placed = np.flatnonzero(self.of_zone >= 0)
        order = placed[np.argsort(self.of_zone[placed], kind="stable")]
        counts = np.bincount(self.of_zone[placed], minlength=len(self.ids))
        return np.split(order, np.cumsum(counts)[:-1]) if len(self.ids) else []


def group(frame: Frame, level: Level, scope_mask: BoolArray) -> Groups:
    """The subjects of ``level`` made of the zones in ``scope_mask``."""
    zones = frame.zones
    if level is Level.ZONE:
        chosen = np.flatnonzero(scope_mask)
        of_zone = np.full(len(zones), -1, dtype=np.int64)
        of_zone[chosen] = np.arange(len(chosen))
        return Groups(level, tuple(zones.ids[i] for i in chosen.tolist()), of_zone)
    provinces, province_names = frame.zone_codes("province")
    if level is Level.ECONOMIC_ZONE:
        keys = np.where(scope_mask, zones.parent, -1)
        return _grouped(level, keys, lambda k: zones.ids[k])
    if level is Level.PROVINCE:
        keys = np.where(scope_mask, provinces, -1)
        return _grouped(level, keys, lambda k: province_names[k])
    districts, district_names = frame.zone_codes("district")
    known = districts >= 0
    # One code per (province, district): the same district name in two provinces is two.
    keys = np.where(scope_mask & known, provinces * (len(district_names) + 1) + districts, -1)
    groups = _grouped(
        level,
        keys,
        lambda k: (
            f"{district_names[k % (len(district_names) + 1)]},"
            f" {province_names[k // (len(district_names) + 1)]}"
        ),
    )
    lost = np.flatnonzero(scope_mask & ~known)
    unplaced: dict[str, list[int]] = {}
    for z in lost.tolist():
        unplaced.setdefault(province_names[provinces[z]], []).append(z)
    return attrs.evolve(groups, unplaced=tuple((k, tuple(v)) for k, v in unplaced.items()))


def _grouped(level: Level, keys: IntArray, name: Callable[[int], str]) -> Groups:
    placed = keys >= 0
    codes, of_placed = np.unique(keys[placed], return_inverse=True)
    ids: Sequence[str] = [name(int(k)) for k in codes.tolist()]
    of_zone = np.full(len(keys), -1, dtype=np.int64)
    of_zone[placed] = of_placed
    return Groups(level, tuple(ids), of_zone)
