"""Hypothesis strategies for whole datasets: consistent ones, and ones with known problems.

:func:`datasets` draws records that fit together. :func:`invalid_datasets`
draws records that are valid one by one, then injects integrity problems of
chosen kinds, several of each, and says where each must be reported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
from hypothesis import strategies as st

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Comparator
from industrial_policy.records.parcels import Parcel, ParcelStatus
from industrial_policy.records.procedures import GovernmentLevel, Procedure
from industrial_policy.records.projects import Origin, Project
from industrial_policy.records.reported import (
    BOUND_COMPARATORS,
    ReportedFigure,
    ReportedMetric,
    ZoneScope,
)
from industrial_policy.records.zones import Zone, ZoneKind
from industrial_policy.testing._areas import AREA_UNITS_M2
from industrial_policy.testing._invalid import (
    PROBLEM_KINDS,
    ExpectedProblem,
    InvalidDataset,
)
from industrial_policy.testing._records import (
    SCOPE_KINDS,
    _procedure_fields,
    area_of,
    hectares_of,
    identifiers,
    parcel_extras,
    project_extras,
    provinces,
    zone_extras,
)

__all__ = ["datasets", "invalid_datasets"]

_EZ = ZoneKind.ECONOMIC_ZONE
_DEFAULT_KINDS = frozenset(k for k in ZoneKind if k.is_industrial_zone)
_UNITS = sorted(AREA_UNITS_M2)

# Strategies built once, not in every draw (building one costs more than drawing).
_BOOLS = st.booleans()
_THIRDS = st.integers(0, 2)
_QUARTERS = st.integers(0, 3)
_EIGHTHS = st.integers(0, 7)
_UNIT = st.sampled_from(tuple(_UNITS))
_NON_EZ_KINDS = st.sampled_from(tuple(k for k in ZoneKind if k is not _EZ))
_CHILD_SHARES = st.sampled_from((1.0, 0.5, 0.1))
_HALVES = st.sampled_from((1.0, 0.5))
_ORIGINS = st.sampled_from(tuple(Origin))
_STATUSES = st.sampled_from(tuple(ParcelStatus))
_FRACTIONS = st.sampled_from((1.0, 0.0, 0.7)) | st.floats(0.0, 1.0).map(
    lambda x: x if x >= 1e-9 else 0.0
)


def fractions() -> st.SearchStrategy[float]:
    """Shares from 0 to 1: often exactly 0, 1 or 0.7; never a subnormal sliver.

    Multiply an area by one to get a smaller area that is still valid (the
    library refuses areas below 1e-30 of a unit, other than zero).
    """
    return _FRACTIONS


def _nothing() -> Any:
    """No land: injected records must not add a problem of another kind."""
    return area_of(0.0, "hectare")


def _check_sizes(**sizes: int) -> None:
    for name, size in sizes.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise InvalidValueError("must be a whole number, at least 0", value=size, field=name)
    if sizes.get("max_zones", 0) < sizes.get("min_zones", 0):
        raise InvalidValueError(
            f"must not be below min_zones ({sizes['min_zones']})",
            value=sizes["max_zones"],
            field="max_zones",
        )


def _hectares(draw: st.DrawFn, low: float, high: float) -> float:
    """A size in ha: a round report figure or any float, sometimes exactly ``high``."""
    mode = draw(_THIRDS)
    if high <= low or mode == 0:
        return high
    if mode == 1 and int(high) >= int(low) + 1:
        return float(draw(st.integers(int(low) + 1, int(high))))
    number = draw(st.floats(low, high))
    return number if number >= 1e-9 else low  # no subnormal slivers of land


def _pick(draw: st.DrawFn, items: Sequence[Any]) -> Any:
    return items[draw(st.integers(0, len(items) - 1))]


@st.composite
def _zones(draw: st.DrawFn, count: int) -> list[Zone]:
    ids = draw(st.lists(identifiers(), min_size=count, max_size=count, unique=True))
    names = draw(st.lists(provinces(), min_size=1, max_size=3, unique=True))
    result: list[Zone] = []
    children_room: dict[str, float | None] = {}  # what is left of each zone's total area
    economic_zones: list[Zone] = []
    for zone_id in ids:
        is_ez = draw(_THIRDS) == 0
        parent = _pick(draw, economic_zones) if economic_zones and draw(_THIRDS) != 0 else None
        kind = _EZ if is_ez else draw(_NON_EZ_KINDS)
        room = children_room[parent.id] if parent is not None else None
        total_ha: float | None
        if draw(_EIGHTHS) == 0:
            total_ha = None
        elif room is not None:
            total_ha = _hectares(draw, 0.0, room) * draw(_CHILD_SHARES)
            children_room[parent.id] = room - total_ha  # type: ignore[union-attr]
        else:
            total_ha = _hectares(draw, 1.0, 30_000.0 if is_ez else 3_000.0)
        industrial_ha: float | None = None
        if total_ha is not None and draw(_BOOLS):
            industrial_ha = total_ha * draw(fractions())
        zone = Zone(
            id=zone_id,
            province=parent.province if parent is not None else _pick(draw, names),
            parent_id=parent.id if parent is not None else None,
            total_area=None if total_ha is None else area_of(total_ha, draw(_UNIT)),
            industrial_land_area=None
            if industrial_ha is None
            else area_of(industrial_ha, draw(_UNIT)),
            **zone_extras(draw, kind),
        )
        result.append(zone)
        children_room[zone_id] = total_ha
        if is_ez:
            economic_zones.append(zone)
    return result


@st.composite
def _projects(draw: st.DrawFn, zone_ids: list[str], count: int) -> list[Project]:
    ids = draw(st.lists(identifiers("d-"), min_size=count, max_size=count, unique=True))
    return [
        Project(
            id=project_id,
            zone_id=_pick(draw, zone_ids) if zone_ids and draw(_QUARTERS) != 0 else None,
            **project_extras(draw, draw(_ORIGINS)),
        )
        for project_id in ids
    ]


@st.composite
def _parcels(
    draw: st.DrawFn, zones: list[Zone], projects: list[Project], count: int
) -> list[Parcel]:
    if not zones:
        return []
    ids = draw(st.lists(identifiers("p-"), min_size=count, max_size=count, unique=True))
    room: dict[str, float | None] = {}
    for zone in zones:
        land = (
            zone.industrial_land_area if zone.industrial_land_area is not None else zone.total_area
        )
        room[zone.id] = None if land is None else hectares_of(land)
    result = []
    for parcel_id in ids:
        zone = _pick(draw, zones)
        tenants = [p.id for p in projects if p.zone_id in (zone.id, None)]
        left = room[zone.id]
        if left is None:
            hectares = _hectares(draw, 0.0, 100.0)
        else:
            hectares = left * draw(fractions()) * draw(_HALVES)
            # Halving what is left again and again reaches sizes no unit can hold (an area
            # must be zero or at least 1e-30 of its unit): such a sliver is no land at all.
            hectares = hectares if hectares >= 1e-12 else 0.0
            room[zone.id] = left - hectares
        parcel = Parcel(
            id=parcel_id,
            zone_id=zone.id,
            area=area_of(hectares, draw(_UNIT)),
            **parcel_extras(draw, draw(_STATUSES), tenants),
        )
        result.append(parcel)
    return result


def _descendants(zones: Sequence[Zone]) -> dict[str, set[str]]:
    """Every zone's descendants, by walking each zone up to its ancestors (an oracle)."""
    parents = {zone.id: zone.parent_id for zone in zones}
    found: dict[str, set[str]] = defaultdict(set)
    for zone in zones:
        parent = zone.parent_id
        while parent is not None:
            found[parent].add(zone.id)
            parent = parents.get(parent)
    return found


def _scope(**fields: Any) -> ZoneScope:
    # kinds=None means the default kinds: the converter accepts it, the annotation does not.
    return ZoneScope(**fields)


def _value(metric: ReportedMetric, zones: list[Zone], unit: str) -> int | Any | None:
    if metric is ReportedMetric.ZONE_COUNT:
        return len(zones)
    areas = [
        zone.total_area if metric is ReportedMetric.TOTAL_AREA else zone.industrial_land_area
        for zone in zones
    ]
    if any(area is None for area in areas):
        return None
    return area_of(sum(hectares_of(area) for area in areas), unit)


@st.composite
def _figures(draw: st.DrawFn, zones: list[Zone]) -> list[ReportedFigure]:
    """Figures computed from the records by this module's own oracle, not by the library."""
    inside = _descendants(zones)
    figures: list[ReportedFigure] = []
    for province in dict.fromkeys(zone.province for zone in zones):
        kinds = draw(SCOPE_KINDS)
        wanted = kinds if kinds is not None else _DEFAULT_KINDS
        here = [z for z in zones if z.province == province and z.kind in wanted]
        if not here:
            continue
        economic = [z for z in zones if z.province == province and z.kind is _EZ]
        split = _pick(draw, economic) if economic and draw(_QUARTERS) != 0 else None
        for metric in ReportedMetric:
            if not draw(_QUARTERS):
                continue
            unit = draw(_UNIT)
            key = f"{metric.value}:{province}"
            parts: list[str] = []
            if split is not None:
                within = [z for z in here if z.id in inside[split.id]]
                outside = [z for z in here if z.id not in inside[split.id]]
                for label, members, scope in (
                    ("in", within, _scope(province=province, within=split.id, kinds=kinds)),
                    ("out", outside, _scope(province=province, outside=split.id, kinds=kinds)),
                ):
                    value = _value(metric, members, draw(_UNIT))
                    if not members:
                        continue
                    if value is None:
                        parts = []
                        break
                    parts.append(f"{key}:{label}:{split.id}")
                    figures.append(ReportedFigure(parts[-1], metric, value, scope))
            value = _value(metric, here, unit)
            if value is not None:
                figures.append(
                    ReportedFigure(
                        key,
                        metric,
                        value,
                        _scope(province=province, kinds=kinds),
                        parts=tuple(parts),
                        description=f"{metric.value} in {province}" if draw(_BOOLS) else None,
                        as_of=dt.date(2023, 12, 31) if draw(_BOOLS) else None,
                    )
                )
                if not draw(_QUARTERS):
                    figures.append(_restated(draw, figures[-1]))
    return figures


def _restated(draw: st.DrawFn, figure: ReportedFigure) -> ReportedFigure:
    """The same figure published elsewhere as a bound it meets ("more than 6,000 ha")."""
    comparator = draw(st.sampled_from(sorted(BOUND_COMPARATORS)))
    # A bound a tenth away from the value (one zone for counts), on the side that holds.
    below = comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN)
    if isinstance(figure.value, int):
        value: Any = figure.value - 1 if below else figure.value + 1
        if value == -1:  # a count is never negative: "at least 0" is what holds
            value, comparator = 0, Comparator.AT_LEAST
    else:
        value = figure.value * (0.9 if below else 1.1)
        if figure.value.magnitude == 0:  # nothing is more (or less) than itself
            comparator = Comparator.AT_LEAST if below else Comparator.AT_MOST
    return ReportedFigure(
        f"{figure.id}:{comparator.value}",
        figure.metric,
        value,
        figure.scope,
        comparator=comparator,
        same_as=figure.id,
    )


@st.composite
def _records(
    draw: st.DrawFn,
    min_zones: int,
    max_zones: int,
    max_parcels: int,
    max_projects: int,
    max_procedures: int,
    reported: bool,
) -> dict[str, Any]:
    zone_count = draw(st.integers(min_zones, max_zones))
    zones = draw(_zones(zone_count))
    project_count = draw(st.integers(0, max_projects))
    projects = draw(_projects([z.id for z in zones], project_count))
    parcel_count = draw(st.integers(0, max_parcels))
    parcels = draw(_parcels(zones, projects, parcel_count))
    procedures = [
        Procedure(**fields)
        for fields in draw(
            st.lists(_procedure_fields(), max_size=max_procedures, unique_by=lambda f: f["id"])
        )
    ]
    figures = draw(_figures(zones)) if reported else []
    # Records come in any order: parents after children, parcels before their zone.
    return {
        "zones": draw(st.permutations(zones)),
        "parcels": draw(st.permutations(parcels)),
        "projects": draw(st.permutations(projects)),
        "procedures": procedures,
        "reported": draw(st.permutations(figures)),
    }


def datasets(
    *,
    min_zones: int = 0,
    max_zones: int = 8,
    max_parcels: int = 12,
    max_projects: int = 5,
    max_procedures: int = 3,
    reported: bool = True,
) -> st.SearchStrategy[Dataset]:
    """Valid, internally consistent datasets.

    * unique ids, Vietnamese letters included (``"KCN Đại An"``);
    * a hierarchy whose parents exist and are economic zones, possibly
      nested, never cyclic; a child is in its parent's province;
    * areas in every supported unit, sometimes missing; the children's total
      areas within the parent's, the parcels' areas within their zone's
      industrial land (or total area), both sometimes exactly equal;
    * leased parcels rented to projects of the same zone (or of no zone) or
      to no known project; reserved parcels with a category, vacant ones
      without;
    * with ``reported``, zone counts and area sums per province, inside and
      outside one of its economic zones (as parts of the province figure),
      computed from the records, so :func:`~industrial_policy.reconciliation.reconcile`
      finds them all in agreement.

    Records come in any order (children before parents, too).

    >>> from hypothesis import given, settings
    >>> from industrial_policy.reconciliation import reconcile
    >>> @settings(max_examples=10, deadline=None)
    ... @given(datasets(max_zones=5))
    ... def test(ds):
    ...     assert reconcile(ds).ok
    >>> test()
    """
    _check_sizes(
        min_zones=min_zones,
        max_zones=max_zones,
        max_parcels=max_parcels,
        max_projects=max_projects,
        max_procedures=max_procedures,
    )

    @st.composite
    def build(draw: st.DrawFn) -> Dataset:
        records = draw(
            _records(min_zones, max_zones, max_parcels, max_projects, max_procedures, reported)
        )
        name = draw(st.none() | st.sampled_from(["Bộ dữ liệu thử", "Quảng Nam 2024 (test)"]))
        return Dataset(**records, name=name)

    return build()


# -- invalid datasets -----------------------------------------------------------------


def _fresh(kind: str, number: int) -> str:
    # "§" is not in the alphabet of identifiers(), so these ids collide with none drawn.
    return f"§{kind}-{number}"


@attrs.define
class _Injector:
    """Appends records with problems, and records where each must be reported."""

    draw: st.DrawFn
    records: dict[str, list[Any]]
    expected: list[ExpectedProblem] = attrs.Factory(list)
    used: set[str] = attrs.Factory(set)
    counter: int = 0

    def fresh(self, kind: str) -> str:
        self.counter += 1
        return _fresh(kind, self.counter)

    def append(self, field: str, record: Any) -> int:
        """Add an injected record; no other injection may touch it."""
        self.used.add(record.id)
        self.records[field].append(record)
        return len(self.records[field]) - 1

    def zone(self, kind: ZoneKind, **fields: Any) -> Zone:
        """A new zone for an injection; no other injection may touch it."""
        zone = Zone(
            id=fields.pop("id", None) or self.fresh("zone"),
            name="Injected",
            kind=kind,
            province=fields.pop("province", "Hải Dương"),
            **fields,
        )
        self.used.add(zone.id)
        return zone

    def pick(self, candidates: Iterable[Any]) -> Any:
        """One record not touched by another injection (``None`` if there is none)."""
        free = [r for r in candidates if r.id not in self.used]
        if not free:
            return None
        record = self.draw(st.sampled_from(free))
        self.used.add(record.id)
        return record

    def expect(self, kind: str, path: str, value: object) -> None:
        self.expected.append(ExpectedProblem(kind, path, value))

    # One method per kind of problem; each adds exactly one problem of its kind
    # (a duplicate: one per record sharing the id) and none of another kind.

    def duplicate_id(self) -> None:
        field = self.draw(st.sampled_from(["zones", "parcels", "projects", "procedures"]))
        original = self.pick(self.records[field])
        copy: Any
        if field == "zones":
            if original is None:
                original = self.zone(ZoneKind.INDUSTRIAL_CLUSTER)
                self.append("zones", original)
            # The copy has no area and no parent, so it adds no problem of another kind.
            copy = self.zone(original.kind, id=original.id, province=original.province)
        elif field == "parcels":
            if original is None:
                zone = self.zone(ZoneKind.INDUSTRIAL_CLUSTER)
                self.append("zones", zone)
                original = Parcel(
                    id=self.fresh("parcel"),
                    zone_id=zone.id,
                    area=_nothing(),
                    status=ParcelStatus.VACANT,
                )
                self.append("parcels", original)
            copy = Parcel(
                id=original.id,
                zone_id=original.zone_id,
                area=_nothing(),
                status=ParcelStatus.VACANT,
            )
        elif field == "projects":
            if original is None:
                original = Project(
                    id=self.fresh("project"), name="Injected", origin=Origin.DOMESTIC
                )
                self.append("projects", original)
            copy = Project(id=original.id, name="Injected copy", origin=Origin.DOMESTIC)
        else:
            if original is None:
                original = Procedure(
                    id=self.fresh("procedure"),
                    name="Injected",
                    government_level=GovernmentLevel.PROVINCIAL,
                    field="investment",
                )
                self.append("procedures", original)
            copy = attrs.evolve(original, name="Injected copy")
        self.used.add(original.id)
        self.append(field, copy)
        for i, record in enumerate(self.records[field]):
            if record.id == original.id:
                self.expect("duplicate_id", f"{field}[{i}].id", original.id)

    def unknown_reference(self) -> None:
        missing = self.fresh("missing")
        where = self.draw(st.sampled_from(["zone", "parcel_zone", "parcel_project", "project"]))
        if where == "parcel_project" and not self.records["zones"]:
            where = "parcel_zone"
        if where == "zone":
            i = self.append("zones", self.zone(ZoneKind.INDUSTRIAL_PARK, parent_id=missing))
            self.expect("unknown_reference", f"zones[{i}].parent_id", missing)
        elif where == "parcel_zone":
            parcel = Parcel(
                id=self.fresh("parcel"),
                zone_id=missing,
                area=_nothing(),
                status=ParcelStatus.VACANT,
            )
            i = self.append("parcels", parcel)
            self.expect("unknown_reference", f"parcels[{i}].zone_id", missing)
        elif where == "parcel_project":
            zone = self.draw(st.sampled_from(self.records["zones"]))
            parcel = Parcel(
                id=self.fresh("parcel"),
                zone_id=zone.id,
                area=_nothing(),
                status=ParcelStatus.LEASED,
                project_id=missing,
            )
            i = self.append("parcels", parcel)
            self.expect("unknown_reference", f"parcels[{i}].project_id", missing)
        else:
            project = Project(
                id=self.fresh("project"), name="P", origin=Origin.DOMESTIC, zone_id=missing
            )
            i = self.append("projects", project)
            self.expect("unknown_reference", f"projects[{i}].zone_id", missing)

    def cycle(self) -> None:
        length = self.draw(st.integers(2, 3))
        ids = [self.fresh("cycle") for _ in range(length)]
        entry = 0
        if self.draw(st.booleans()):
            # A zone outside the cycle that leads into it, listed first: the
            # problem belongs to the cycle's zones, not to it.
            entry = self.draw(st.integers(0, length - 1))
            self.append("zones", self.zone(ZoneKind.INDUSTRIAL_PARK, parent_id=ids[entry]))
        first = None
        for k, zone_id in enumerate(ids):
            i = self.append("zones", self.zone(_EZ, id=zone_id, parent_id=ids[(k + 1) % length]))
            if k == entry:
                first = i
        self.expect("cycle", f"zones[{first}].parent_id", ids[entry])

    def parcels_over_area(self) -> None:
        def land(zone: Zone) -> Any:
            return (
                zone.industrial_land_area
                if zone.industrial_land_area is not None
                else zone.total_area
            )

        zone = self.pick(z for z in self.records["zones"] if land(z) is not None)
        if zone is None:
            zone = self.zone(ZoneKind.INDUSTRIAL_PARK, total_area="10 ha")
            self.append("zones", zone)
        base = hectares_of(land(zone))
        placed = sum(hectares_of(p.area) for p in self.records["parcels"] if p.zone_id == zone.id)
        extra = max(0.01, base * 1e-6) * self.draw(st.integers(1, 1000))
        area = area_of(base - placed + extra, self.draw(_UNIT))
        self.append(
            "parcels",
            Parcel(id=self.fresh("parcel"), zone_id=zone.id, area=area, status=ParcelStatus.VACANT),
        )
        index = self._index(zone)
        self.expect("parcels_over_area", f"zones[{index}]", placed + hectares_of(area))

    def children_over_parent(self) -> None:
        parent = self.pick(
            z for z in self.records["zones"] if z.kind is _EZ and z.total_area is not None
        )
        if parent is None:
            parent = self.zone(_EZ, total_area="100 ha")
            self.append("zones", parent)
        total = hectares_of(parent.total_area)
        held = sum(
            hectares_of(z.total_area)
            for z in self.records["zones"]
            if z.parent_id == parent.id and z.total_area is not None
        )
        extra = max(0.01, total * 1e-6) * self.draw(st.integers(1, 1000))
        area = area_of(total - held + extra, self.draw(_UNIT))
        child = self.zone(
            ZoneKind.INDUSTRIAL_PARK, parent_id=parent.id, province=parent.province, total_area=area
        )
        self.append("zones", child)
        self.expect(
            "children_over_parent", f"zones[{self._index(parent)}]", held + hectares_of(area)
        )

    def parent_not_economic_zone(self) -> None:
        parent = self.pick(z for z in self.records["zones"] if z.kind is not _EZ)
        if parent is None:
            parent = self.zone(ZoneKind.INDUSTRIAL_CLUSTER)
            self.append("zones", parent)
        i = self.append("zones", self.zone(ZoneKind.INDUSTRIAL_PARK, parent_id=parent.id))
        self.expect("parent_not_economic_zone", f"zones[{i}].parent_id", parent.id)

    def _index(self, zone: Zone) -> int:
        return next(i for i, z in enumerate(self.records["zones"]) if z is zone)


def invalid_datasets(
    kinds: Sequence[str] = PROBLEM_KINDS,
    *,
    max_per_kind: int = 3,
    max_zones: int = 6,
    max_parcels: int = 8,
) -> st.SearchStrategy[InvalidDataset]:
    """Records with integrity problems of some of ``kinds``, up to ``max_per_kind`` of each.

    The kinds are those of :data:`~industrial_policy.testing.PROBLEM_KINDS`:
    duplicate ids, references to unknown zones or projects, hierarchy
    cycles, parcels over their zone's land, children over their parent's
    area, parents that are not economic zones. Each case lists every
    problem ``Dataset(**case.records)`` must report, with its path.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, deadline=None)
    ... @given(invalid_datasets(["cycle", "duplicate_id"]))
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    unknown = [kind for kind in kinds if kind not in PROBLEM_KINDS]
    if unknown or not kinds:
        raise InvalidValueError(
            f"kinds must be some of {', '.join(PROBLEM_KINDS)}", value=list(kinds), field="kinds"
        )
    _check_sizes(max_per_kind=max_per_kind, max_zones=max_zones, max_parcels=max_parcels)
    if max_per_kind < 1:
        raise InvalidValueError("must be at least 1", value=max_per_kind, field="max_per_kind")

    @st.composite
    def build(draw: st.DrawFn) -> InvalidDataset:
        records = draw(_records(0, max_zones, max_parcels, 3, 2, False))
        injector = _Injector(draw, {k: list(v) for k, v in records.items()})
        chosen = draw(st.lists(st.sampled_from(list(kinds)), min_size=1, unique=True))
        for kind in chosen:
            for _ in range(draw(st.integers(1, max_per_kind))):
                getattr(injector, kind)()
        return InvalidDataset(
            {k: tuple(v) for k, v in injector.records.items()}, tuple(injector.expected)
        )

    return build()
