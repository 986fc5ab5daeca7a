"""The map checked against the records: drawn areas, containment, overlaps, validity.

:func:`check_geometry` answers with a :class:`~industrial_policy.findings.Report` of
findings of kind ``geometry``, one per problem (a record whose map agrees with it has no
finding), each naming the records, the file and feature they are drawn at, and the
reason:

===========================  =================================================================
check                        finding
===========================  =================================================================
``geo.drawn``                a record with no geometry on the map (insufficient data), or a
                             feature on the map with no record (fail)
``geo.valid``                a geometry that is missing, empty, not a polygon, or invalid
                             (self-intersecting, ...: GEOS's reason and where)
``geo.area``                 the drawn area differs from the declared one by more than
                             ``area_tolerance`` (a share of the declared area)
``geo.inside_zone``          a parcel (more than ``outside_tolerance_m2``) outside its zone
``geo.inside_parent``        a zone outside the zone it belongs to (a park outside its
                             economic zone)
``geo.parcels_overlap``      two parcels overlapping by more than ``overlap_tolerance_m2``
``geo.zones_overlap``        two zones overlapping, neither inside the other's hierarchy
===========================  =================================================================

Everything runs on whole shapely arrays: validity, areas and containment one call each,
overlaps through one :class:`shapely.STRtree` query (pairs that only touch along an edge are
set aside before any intersection is computed: first those whose bounding boxes share no
area, with numpy, then the rest with one vectorised ``touches``). The
findings come out sorted by check and subject, and a pair is named in id order
(``"p-1|p-2"``), so the report does not depend on the order of the records or features.

:func:`with_drawn_areas` is the other way to use the map: the dataset with the drawn areas
in place of the declared ones, for the rules to run on (``ip.evaluate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import numpy as np

from industrial_policy.amounts import Amount
from industrial_policy.columnar.quantities import AreaColumn
from industrial_policy.comparators import Comparator
from industrial_policy.dataset import Dataset
from industrial_policy.errors import Problem
from industrial_policy.extras import needs
from industrial_policy.findings import (
    Explanation,
    Finding,
    FindingKind,
    InputValue,
    ParameterUse,
    Report,
    Status,
)
from industrial_policy.geo.crs import GeometryError, crs_name
from industrial_policy.geo.table import AreaMethod, GeometryTable, transform
from industrial_policy.periods import parse_date

__all__ = ["GeometryParameters", "check_geometry", "with_drawn_areas"]

_POLYGONAL = (3, 6)  # shapely's type ids of Polygon and MultiPolygon
_M2_PER_HA = 10_000.0


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value >= 0:
        raise GeometryError([Problem(attribute.name, "a tolerance is zero or more", value)])


@attrs.frozen
class GeometryParameters:
    """The tolerances of :func:`check_geometry` and how areas are measured.

    ``area_tolerance``: the share of the declared area the drawn one may differ by (0.05:
    5 %). ``outside_tolerance_m2`` and ``overlap_tolerance_m2``: slivers smaller than this,
    in square metres, are drawing noise, not findings. ``area_method``: ``"equal_area"``
    (default), ``"planar"`` (the file's own projected plane) or ``"geodesic"``.
    """

    area_tolerance: float = attrs.field(default=0.05, validator=_non_negative)
    outside_tolerance_m2: float = attrs.field(default=1.0, validator=_non_negative)
    overlap_tolerance_m2: float = attrs.field(default=1.0, validator=_non_negative)
    area_method: AreaMethod = "equal_area"


def _shapely() -> Any:
    with needs("checking geometry", extra="geo"):
        import shapely
    return shapely


@attrs.frozen
class _Side:
    """One kind's records and their geometry, aligned: ``at[i]`` is the geometry row of
    record ``i`` (``-1``: not drawn)."""

    kind: str
    ids: list[str]
    table: GeometryTable
    at: Any
    usable: Any  # per geometry row: a valid, non-empty polygon
    plane: GeometryTable  # the geometries in the common equal-area projection

    def measure(self, geometries: Any) -> Any:
        """The areas (m²) of geometries in the table's CRS, measured equal-area."""
        shapely = _shapely()
        if not len(geometries):
            return np.zeros(0)
        return shapely.area(transform(geometries, self.table.crs, self.plane.crs))

    @property
    def noun(self) -> str:
        return self.kind[:-1]

    def place(self, row: int) -> str:
        return self.table.place(row)


def _usability(geoms: Any) -> tuple[Any, Any, Any, Any, Any]:
    """Per geometry (boolean arrays): missing, polygonal, empty, a candidate (a non-empty
    polygon) and usable (a candidate that is valid)."""
    shapely = _shapely()
    missing = shapely.is_missing(geoms)
    polygonal = np.isin(shapely.get_type_id(geoms), _POLYGONAL)
    empty = np.zeros(len(geoms), dtype=bool)
    empty[~missing] = shapely.is_empty(geoms[~missing])
    candidates = polygonal & ~empty
    valid = np.zeros(len(geoms), dtype=bool)
    valid[candidates] = shapely.is_valid(geoms[candidates])
    return missing, polygonal, empty, candidates, candidates & valid


class _Checker:
    def __init__(self, dataset: Dataset, parameters: GeometryParameters, day: dt.date) -> None:
        self.dataset = dataset
        self.parameters = parameters
        self.day = day
        self.findings: list[Finding] = []

    def finding(
        self,
        check_id: str,
        title: str,
        subject: str,
        subject_kind: str,
        status: Status,
        explanation: Callable[[], Explanation],
        **fields: Any,
    ) -> None:
        self.findings.append(
            Finding(
                check_id,
                FindingKind.GEOMETRY,
                title,
                subject,
                status,
                self.day,
                explanation,
                subject_kind=subject_kind,
                basis="drawn on the map",
                **fields,
            )
        )

    # -- which records are drawn, and how ------------------------------------------------

    def side(self, kind: str, table: GeometryTable, centre: tuple[float, float]) -> _Side:
        shapely = _shapely()
        ids = [str(v) for v in self.dataset.tables()[kind].column("id").values()]
        at = table.positions(ids)
        geoms = table.geometries
        missing, polygonal, empty, candidates, usable = _usability(geoms)
        noun = kind[:-1]
        for record, row in zip(ids, at.tolist(), strict=True):
            if row < 0:
                self.finding(
                    "geo.drawn",
                    f"A {noun} is drawn on the map",
                    record,
                    noun,
                    Status.INSUFFICIENT_DATA,
                    _explain(
                        f"the {noun} has a geometry on the map",
                        notes=(f"no feature of {table.source or 'the map'} has id {record!r}",),
                    ),
                )
        known = set(ids)
        for row, drawn in enumerate(table.ids.tolist()):
            if drawn not in known:
                self.finding(
                    "geo.drawn",
                    f"A {noun} is drawn on the map",
                    drawn,
                    noun,
                    Status.FAIL,
                    _explain(
                        f"every feature on the map is a {noun} of the dataset",
                        notes=(f"{table.place(row)} has no record in the dataset",),
                    ),
                )
        problem_rows = np.flatnonzero(~usable)
        invalid_rows = problem_rows[candidates[problem_rows]]
        reasons = dict(
            zip(
                invalid_rows.tolist(),
                shapely.is_valid_reason(geoms[invalid_rows]).tolist(),
                strict=True,
            )
        )
        for row in problem_rows.tolist():
            if missing[row]:
                reason = "the feature has no geometry"
            elif not polygonal[row]:
                reason = f"a {geoms[row].geom_type}, not a polygon: an area cannot be drawn with it"
            elif empty[row]:
                reason = "the geometry is empty"
            else:
                reason = f"invalid geometry: {reasons[row]}"
            self.finding(
                "geo.valid",
                f"A {noun}'s geometry is a valid polygon",
                str(table.ids[row]),
                noun,
                Status.FAIL,
                _explain(
                    "a valid, non-empty polygon or multipolygon",
                    notes=(f"{table.place(row)}: {reason}",),
                ),
            )
        plane = table.equal_area(centre)
        return _Side(kind, ids, table, at, usable, plane)

    # -- drawn against declared areas -----------------------------------------------------

    def areas(self, side: _Side, field: str) -> Any:
        """The drawn area (hectares) of every record, ``NaN`` where not usable."""
        method = self.parameters.area_method
        if method == "equal_area":
            per_row = _shapely().area(side.plane.geometries) / _M2_PER_HA
        else:
            per_row = side.table.hectares(method)
        per_row = np.where(side.usable, per_row, np.nan)
        drawn = np.full(len(side.ids), np.nan)
        drawn_at = side.at >= 0
        drawn[drawn_at] = per_row[side.at[drawn_at]]
        declared_column = self.dataset.tables()[side.kind].typed(field, AreaColumn)
        declared = declared_column.hectares()
        tolerance = self.parameters.area_tolerance
        with np.errstate(divide="ignore", invalid="ignore"):
            difference = np.abs(drawn - declared)
            off = (difference > tolerance * declared) & np.isfinite(drawn) & np.isfinite(declared)
        for record in np.flatnonzero(off).tolist():
            self.area_finding(side, record, float(drawn[record]), float(declared[record]), field)
        return drawn

    def area_finding(
        self, side: _Side, record: int, drawn: float, declared: float, field: str
    ) -> None:
        tolerance = self.parameters.area_tolerance
        row = int(side.at[record])
        record_id = side.ids[record]
        share = (drawn - declared) / declared if declared else float("inf")
        method = self.parameters.area_method.replace("_", "-")

        def explain() -> Explanation:
            return Explanation(
                "|drawn area − declared area| ≤ tolerance × declared area",
                inputs=(
                    InputValue(
                        "drawn area", Amount.hectares(drawn), (record_id,), 1, side.place(row)
                    ),
                    InputValue(f"declared {field}", Amount.hectares(declared), (record_id,), 1),
                ),
                parameters=(ParameterUse("area_tolerance", Amount.ratio(tolerance)),),
                steps=(
                    f"drawn {drawn:,.4f} ha − declared {declared:,.4f} ha ="
                    f" {drawn - declared:+,.4f} ha ({share:+.2%} of the declared area)",
                ),
                notes=(f"drawn area measured {method} from {crs_name(side.table.crs)}",),
            )

        self.finding(
            "geo.area",
            f"The drawn area of a {side.noun} matches its declared area",
            record_id,
            side.noun,
            Status.FAIL,
            explain,
            actual=Amount.hectares(drawn),
            threshold=Amount.hectares(declared),
            threshold_upper=Amount.hectares(declared * tolerance),
            comparator=Comparator.ABOUT,
            gap=Amount.hectares(drawn - declared),
            details={"difference": Amount.ratio(share) if declared else None},
        )

    # -- containment ----------------------------------------------------------------------

    def inside(
        self,
        inner: _Side,
        outer: _Side,
        owner: list[str | None],
        check_id: str,
        title: str,
    ) -> None:
        """Each record of ``inner`` against the ``outer`` record it belongs to
        (``owner[i]``, an id of ``outer``), both drawn and usable."""
        shapely = _shapely()
        inner_rows = inner.at
        outer_rows = outer.table.positions([o or "" for o in owner])
        outer_rows = np.where(np.array([o is None for o in owner], dtype=bool), -1, outer_rows)
        ok = (inner_rows >= 0) & (outer_rows >= 0)
        ok[ok] &= inner.usable[inner_rows[ok]] & outer.usable[outer_rows[ok]]
        records = np.flatnonzero(ok)
        if not len(records):
            return
        # Containment is decided in the plane the map was drawn in (its straight edges are
        # straight there); the parts outside are measured equal-area.
        parts = inner.table.geometries[inner_rows[records]]
        wholes = outer.table.geometries[outer_rows[records]]
        shapely.prepare(wholes)  # the prepared geometry must be the first argument
        covered = shapely.covers(wholes, parts)
        suspects = records[~covered]
        if not len(suspects):
            return
        parts = inner.table.geometries[inner_rows[suspects]]
        wholes = outer.table.geometries[outer_rows[suspects]]
        outside = inner.measure(shapely.difference(parts, wholes))
        whole_area = inner.measure(parts)
        tolerance = self.parameters.outside_tolerance_m2
        for record, out_m2, area_m2 in zip(
            suspects.tolist(), outside.tolist(), whole_area.tolist(), strict=True
        ):
            if out_m2 <= tolerance:
                continue
            self.inside_finding(
                inner, outer, record, str(owner[record]), out_m2, area_m2, check_id, title
            )

    def inside_finding(
        self,
        inner: _Side,
        outer: _Side,
        record: int,
        owner: str,
        outside_m2: float,
        area_m2: float,
        check_id: str,
        title: str,
    ) -> None:
        record_id = inner.ids[record]
        inner_place = inner.place(int(inner.at[record]))
        outer_place = outer.place(int(outer.table.position(owner) or 0))
        tolerance = self.parameters.outside_tolerance_m2
        share = outside_m2 / area_m2 if area_m2 else 1.0

        def explain() -> Explanation:
            return Explanation(
                f"area of the {inner.noun} outside its {outer.noun} ≤ tolerance",
                inputs=(
                    InputValue(
                        f"{inner.noun} area",
                        Amount.hectares(area_m2 / _M2_PER_HA),
                        (record_id,),
                        1,
                        inner_place,
                    ),
                    InputValue(
                        f"area outside {outer.noun} {owner}",
                        Amount.hectares(outside_m2 / _M2_PER_HA),
                        (record_id, owner),
                        2,
                        outer_place,
                    ),
                ),
                parameters=(ParameterUse("outside_tolerance_m2", Amount(tolerance, "meter ** 2")),),
                steps=(
                    f"{outside_m2:,.1f} m² of {area_m2:,.1f} m² ({share:.2%}) lies outside"
                    f" {outer.noun} {owner}",
                ),
            )

        self.finding(
            check_id,
            title,
            record_id,
            inner.noun,
            Status.FAIL,
            explain,
            actual=Amount.hectares(outside_m2 / _M2_PER_HA),
            details={"share outside": Amount.ratio(share)},
        )

    # -- overlaps -------------------------------------------------------------------------

    def overlaps(
        self,
        side: _Side,
        check_id: str,
        title: str,
        related: Callable[[str, str], bool] | None = None,
    ) -> None:
        shapely = _shapely()
        rows = np.flatnonzero(side.usable)
        if len(rows) < 2:
            return
        geoms = side.table.geometries[rows]
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        keep = left < right
        left, right = left[keep], right[keep]
        if not len(left):
            return
        # Interiors that meet have bounding boxes that share an area: pairs whose boxes only
        # share an edge or a corner (neighbours on a cadastral grid) are set aside unread.
        bounds = shapely.bounds(geoms)
        a, b = bounds[left], bounds[right]
        width = np.minimum(a[:, 2], b[:, 2]) - np.maximum(a[:, 0], b[:, 0])
        height = np.minimum(a[:, 3], b[:, 3]) - np.maximum(a[:, 1], b[:, 1])
        boxed = (width > 0) & (height > 0)
        left, right = left[boxed], right[boxed]
        inner = ~shapely.touches(geoms[left], geoms[right])
        left, right = left[inner], right[inner]
        if not len(left):
            return
        shared = side.measure(shapely.intersection(geoms[left], geoms[right]))
        big = shared > self.parameters.overlap_tolerance_m2
        ids = side.table.ids
        for a, b, m2 in zip(
            rows[left[big]].tolist(), rows[right[big]].tolist(), shared[big].tolist(), strict=True
        ):
            first, second = sorted((str(ids[a]), str(ids[b])))
            if related is not None and related(first, second):
                continue
            self.overlap_finding(side, first, second, m2, check_id, title)

    def overlap_finding(
        self, side: _Side, first: str, second: str, m2: float, check_id: str, title: str
    ) -> None:
        tolerance = self.parameters.overlap_tolerance_m2
        places = tuple(side.place(int(side.table.position(i) or 0)) for i in (first, second))

        def explain() -> Explanation:
            return Explanation(
                f"area shared by two {side.kind} ≤ tolerance",
                inputs=(
                    InputValue(
                        "shared area",
                        Amount.hectares(m2 / _M2_PER_HA),
                        (first, second),
                        2,
                        "; ".join(places),
                    ),
                ),
                parameters=(ParameterUse("overlap_tolerance_m2", Amount(tolerance, "meter ** 2")),),
                steps=(f"{side.noun} {first} and {side.noun} {second} share {m2:,.1f} m²",),
            )

        self.finding(
            check_id,
            title,
            f"{first}|{second}",
            f"{side.noun} pair",
            Status.FAIL,
            explain,
            actual=Amount.hectares(m2 / _M2_PER_HA),
        )


def _explain(formula: str, *, notes: tuple[str, ...]) -> Callable[[], Explanation]:
    return lambda: Explanation(formula, notes=notes)


def _ancestry(dataset: Dataset) -> Callable[[str, str], bool]:
    known = {str(v) for v in dataset.zones.column("id").values()}

    def related(a: str, b: str) -> bool:
        if a not in known or b not in known:
            return False
        return any(z.id == b for z in dataset.ancestors(a)) or any(
            z.id == a for z in dataset.ancestors(b)
        )

    return related


_ORDER = (
    "geo.drawn",
    "geo.valid",
    "geo.area",
    "geo.inside_zone",
    "geo.inside_parent",
    "geo.parcels_overlap",
    "geo.zones_overlap",
)


def _sorted(findings: list[Finding]) -> Iterator[Finding]:
    order = {c: i for i, c in enumerate(_ORDER)}
    return iter(sorted(findings, key=lambda f: (order[f.check_id], f.subject_id)))


def check_geometry(
    dataset: Dataset,
    *,
    zones: GeometryTable | None = None,
    parcels: GeometryTable | None = None,
    parameters: GeometryParameters | None = None,
    as_of: dt.date | str | None = None,
) -> Report:
    """The map checked against the records: a report of every problem found (see the
    module's documentation for the checks). ``zones`` and ``parcels`` are the geometry of
    the dataset's records (:func:`~industrial_policy.geo.read_map` reads both); parcels
    drawn in another CRS than the zones are moved into the zones' first. ``as_of`` (a date
    or ISO text) dates the findings: the dataset's ``evaluation.as_of``, or today, by
    default.
    """
    chosen = parameters or GeometryParameters()
    settings = dataset.evaluation
    day = (
        parse_date(as_of, field="as_of")
        if as_of is not None
        else (settings.as_of if settings is not None else None) or dt.date.today()
    )
    for kind, table in (("zones", zones), ("parcels", parcels)):
        if table is not None and table.kind != kind:
            raise GeometryError(
                [Problem(kind, f"a geometry table of {table.kind} given as {kind}", table.kind)]
            )
    if zones is None and parcels is None:
        raise GeometryError([Problem("", "give zones=... or parcels=... (geometry)", None)])
    if zones is not None and parcels is not None and parcels.crs != zones.crs:
        parcels = parcels.to_crs(zones.crs)
    anchor = zones if zones is not None else parcels
    assert anchor is not None  # one of them is given: checked above
    centre = anchor.centre()
    checker = _Checker(dataset, chosen, day)
    zone_side = checker.side("zones", zones, centre) if zones is not None else None
    parcel_side = checker.side("parcels", parcels, centre) if parcels is not None else None
    if zone_side is not None:
        checker.areas(zone_side, "total_area")
        parents = [
            None if v is None else str(v) for v in dataset.zones.column("parent_id").values()
        ]
        checker.inside(
            zone_side, zone_side, parents, "geo.inside_parent", "A zone lies inside its parent"
        )
        checker.overlaps(
            zone_side, "geo.zones_overlap", "Zones do not overlap", related=_ancestry(dataset)
        )
    if parcel_side is not None:
        checker.areas(parcel_side, "area")
        if zone_side is not None:
            owners: list[str | None] = [str(v) for v in dataset.parcels.column("zone_id").values()]
            checker.inside(
                parcel_side,
                zone_side,
                owners,
                "geo.inside_zone",
                "A parcel lies inside its zone",
            )
        checker.overlaps(parcel_side, "geo.parcels_overlap", "Parcels do not overlap")
    return Report(tuple(_sorted(checker.findings)), day, dataset.name)


def with_drawn_areas(
    dataset: Dataset,
    *,
    zones: GeometryTable | None = None,
    parcels: GeometryTable | None = None,
    method: AreaMethod = "equal_area",
    keep_declared: bool = False,
) -> Dataset:
    """The dataset with the drawn areas in place of the declared ones (a parcel's
    ``area``, a zone's ``total_area``), for the rules to run on the map's areas.

    A record with no usable polygon on the map (none, empty, invalid, not a polygon) is a
    :class:`~industrial_policy.geo.GeometryError` listing them all, unless
    ``keep_declared=True`` keeps its declared area.
    """
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for kind, table, field in (("zones", zones, "total_area"), ("parcels", parcels, "area")):
        if table is None:
            continue
        records = dataset.tables()[kind]
        ids = [str(v) for v in records.column("id").values()]
        at = table.positions(ids)
        good = _usability(table.geometries)[-1]
        per_row = np.where(good, table.hectares(method), np.nan)
        drawn = np.full(len(ids), np.nan)
        drawn[at >= 0] = per_row[at[at >= 0]]
        lacking = np.flatnonzero(np.isnan(drawn))
        declared = records.typed(field, AreaColumn).hectares()
        if len(lacking) and not keep_declared:
            problems.extend(
                Problem(
                    f"{kind}[{i}].{field}",
                    "no usable polygon on the map to measure (keep_declared=True keeps the"
                    " declared area)",
                    ids[i],
                    record_id=ids[i],
                )
                for i in lacking[:1000].tolist()
            )
            continue
        values = np.where(np.isnan(drawn), declared, drawn)
        changes[kind] = records.with_columns(**{field: AreaColumn.in_unit(values, "hectare")})
    if problems:
        raise GeometryError(problems)
    return dataset.evolve(**changes)
