"""Rule measures, computed for every zone at once on the dataset's numpy columns.

Each measure gives, per zone, the hectares that count (``part``), the
hectares whose status is unknown (``unknown``: leased land whose tenant's
category is not recorded) and the base area (``base``, NaN when not
recorded). Roll-ups to economic zones, districts and provinces add those
hectares up (they never average shares). Pint quantities are made only in
the findings, at the edge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.categories import Category
from industrial_policy.columns import code_of
from industrial_policy.parcels import ParcelStatus
from industrial_policy.reported import same_name
from industrial_policy.rules.model import Base, Level, MeasureKind, Rule, Use
from industrial_policy.zones import ZoneKind

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset

__all__ = ["Groups", "ZoneMeasure", "group", "measure_zones", "zones_in_scope"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@attrs.frozen
class ZoneMeasure:
    """Per zone: hectares that count, hectares unknown, base hectares, and parcel masks."""

    part: FloatArray
    unknown: FloatArray
    base: FloatArray
    counted: BoolArray  # per parcel: counts toward ``part``
    uncertain: BoolArray  # per parcel: counts toward ``unknown``
    missing: tuple[str | None, ...]  # per zone: why the measure cannot be taken, if it cannot
    part_name: str
    base_name: str


def zones_in_scope(dataset: Dataset, rule: Rule) -> BoolArray:
    zones = dataset.columns.zones
    scope = rule.scope
    mask = np.ones(len(zones), dtype=np.bool_)
    if scope.kinds:
        mask &= zones.of_kinds(scope.kinds)
    if scope.specialises_in_hi_tech is not None:
        mask &= zones.specialises_in_hi_tech == scope.specialises_in_hi_tech
    if scope.province is not None:
        wanted = [i for i, name in enumerate(zones.provinces) if same_name(name, scope.province)]
        mask &= np.isin(zones.province, wanted)
    if scope.economic_zone_types:
        types = np.array(
            [z.economic_zone_type in scope.economic_zone_types for z in dataset.zones],
            dtype=np.bool_,
        )
        mask &= types
    return mask


def _project_flags(
    dataset: Dataset, categories: frozenset[Category]
) -> tuple[BoolArray, BoolArray]:
    """Per project: has one of ``categories``; has any category recorded at all."""
    projects = dataset.projects
    has = np.fromiter((bool(p.categories & categories) for p in projects), np.bool_, len(projects))
    known = np.fromiter((bool(p.categories) for p in projects), np.bool_, len(projects))
    return has, known


def _sum_by_zone(zone: IntArray, weights: FloatArray, mask: BoolArray, n: int) -> FloatArray:
    keep = mask & (zone >= 0)
    return np.bincount(zone[keep], weights=weights[keep], minlength=n).astype(np.float64)


def measure_zones(
    dataset: Dataset, rule: Rule, day: dt.date, threshold: float | None
) -> ZoneMeasure:
    """The rule's measure for every zone of the dataset (scope is applied by the caller)."""
    zones, parcels = dataset.columns.zones, dataset.columns.parcels
    n = len(zones)
    today = np.datetime64(day, "D")
    nothing = np.zeros(len(parcels), dtype=np.bool_)
    kind = rule.measure.kind
    use = rule.measure.use
    base_industrial = rule.measure.base is Base.INDUSTRIAL_LAND
    base = zones.industrial_ha if base_industrial else zones.total_ha
    base_name = "industrial land" if base_industrial else "total area"
    missing: list[str | None] = [
        None if not np.isnan(b) else f"the {base_name} of zone {zone_id!r} is not recorded"
        for b, zone_id in zip(base, zones.ids, strict=True)
    ]
    leased = parcels.leased_on(today)

    if kind in (MeasureKind.CATEGORY_SHARE, MeasureKind.HOUSING_SHARE):
        categories = (
            rule.measure.categories
            if kind is MeasureKind.CATEGORY_SHARE
            else frozenset({Category.WORKERS_HOUSING})
        )
        in_category = parcels.with_category(categories)
        reserved = (parcels.status == code_of(ParcelStatus.RESERVED)) & in_category
        counted = np.zeros(len(parcels), dtype=np.bool_)
        uncertain = nothing
        if use in (Use.RESERVED, Use.RESERVED_OR_LEASED) or kind is MeasureKind.HOUSING_SHARE:
            counted |= reserved
        if use in (Use.LEASED, Use.RESERVED_OR_LEASED) or kind is MeasureKind.HOUSING_SHARE:
            has, known = _project_flags(dataset, categories)
            tenant = parcels.project
            with_tenant = tenant >= 0
            tenant_has = np.zeros(len(parcels), dtype=np.bool_)
            tenant_known = np.zeros(len(parcels), dtype=np.bool_)
            tenant_has[with_tenant] = has[tenant[with_tenant]]
            tenant_known[with_tenant] = known[tenant[with_tenant]]
            use_counted = leased & (in_category | tenant_has)
            counted |= use_counted
            uncertain = leased & ~use_counted & (parcels.category < 0) & ~tenant_known
        part_name = (
            "land for "
            + " or ".join(sorted(c.value.replace("_", "-") for c in categories))
            + {
                Use.RESERVED: " (reserved)",
                Use.LEASED: " (leased to such projects)",
                Use.RESERVED_OR_LEASED: " (reserved, or leased to such projects)",
            }[use if kind is MeasureKind.CATEGORY_SHARE else Use.RESERVED_OR_LEASED]
        )
        part = _sum_by_zone(parcels.zone, parcels.area_ha, counted, n)
        unknown = _sum_by_zone(parcels.zone, parcels.area_ha, uncertain, n)
        return ZoneMeasure(
            part, unknown, base, counted, uncertain, tuple(missing), part_name, base_name
        )

    if kind is MeasureKind.INDUSTRY_SHARE:
        industry_of_zone = [z.industry.casefold() if z.industry else None for z in dataset.zones]
        industry_of_project = [
            p.industry.casefold() if p.industry else None for p in dataset.projects
        ]
        counted = np.zeros(len(parcels), dtype=np.bool_)
        uncertain = np.zeros(len(parcels), dtype=np.bool_)
        for i in np.flatnonzero(leased & (parcels.project >= 0) & (parcels.zone >= 0)):
            wanted = industry_of_zone[parcels.zone[i]]
            own = industry_of_project[parcels.project[i]]
            if own is None:
                uncertain[i] = True
            elif wanted is not None and own == wanted:
                counted[i] = True
        uncertain |= leased & (parcels.project < 0)
        for z, industry in enumerate(industry_of_zone):
            if industry is None and missing[z] is None:
                missing[z] = f"the industry of specialised park {zones.ids[z]!r} is not recorded"
        part = _sum_by_zone(parcels.zone, parcels.area_ha, counted, n)
        unknown = _sum_by_zone(parcels.zone, parcels.area_ha, uncertain, n)
        return ZoneMeasure(
            part,
            unknown,
            base,
            counted,
            uncertain,
            tuple(missing),
            "land leased to projects of the park's industry",
            base_name,
        )

    if kind in (MeasureKind.OCCUPANCY, MeasureKind.UNLEASED_AREA):
        base = zones.industrial_ha
        missing = [
            None if not np.isnan(b) else f"the industrial land of zone {zone_id!r} is not recorded"
            for b, zone_id in zip(base, zones.ids, strict=True)
        ]
        part = _sum_by_zone(parcels.zone, parcels.area_ha, leased, n)
        return ZoneMeasure(
            part,
            np.zeros(n),
            base,
            leased,
            nothing,
            tuple(missing),
            "industrial land leased",
            "industrial land for lease",
        )

    # TOTAL_AREA and PHASE_AREA: the measure is the zone's own area.
    total = zones.total_ha
    missing = [
        None if not np.isnan(t) else f"the total area of zone {zone_id!r} is not recorded"
        for t, zone_id in zip(total, zones.ids, strict=True)
    ]
    if kind is MeasureKind.PHASE_AREA and threshold is not None:
        for z in np.flatnonzero(total > threshold).tolist():
            missing[z] = (
                f"zone {zones.ids[z]!r} covers {total[z]:,.6g} ha, more than one phase may: its"
                " development phases are not recorded, so the size of each cannot be checked"
            )
    return ZoneMeasure(
        total,
        np.zeros(n),
        np.full(n, np.nan),
        nothing,
        nothing,
        tuple(missing),
        "total area",
        "",
    )


@attrs.frozen
class Groups:
    """Subjects of one level: their ids and the zones each is made of."""

    level: Level
    subject_ids: tuple[str, ...]
    members: tuple[tuple[int, ...], ...]


def group(dataset: Dataset, level: Level, in_scope: BoolArray) -> Groups:
    zones = dataset.columns.zones
    chosen = np.flatnonzero(in_scope)
    if level is Level.ZONE:
        return Groups(level, tuple(zones.ids[i] for i in chosen), tuple((int(i),) for i in chosen))
    keys: Sequence[str | None]
    if level is Level.PARENT:
        keys = [zones.ids[p] if p >= 0 else None for p in zones.parent]
    elif level is Level.PROVINCE:
        keys = [zones.provinces[p] for p in zones.province]
    else:
        keys = [f"{z.province} / {z.district}" if z.district else None for z in dataset.zones]
    members: dict[str, list[int]] = {}
    for position in chosen.tolist():
        i = int(position)
        key = keys[i]
        if key is not None:
            members.setdefault(key, []).append(int(i))
    return Groups(level, tuple(members), tuple(tuple(m) for m in members.values()))


def is_cluster(kind_code: int) -> bool:
    return kind_code == code_of(ZoneKind.INDUSTRIAL_CLUSTER)
