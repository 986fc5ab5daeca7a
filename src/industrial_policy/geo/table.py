"""Geometry as a column: :class:`GeometryTable`, record id → shapely geometry, with its CRS.

A dataset holds records; their geometry is held next to it, in a :class:`GeometryTable`
per record kind (``"zones"`` or ``"parcels"``), so that the core never imports shapely.
The geometries are a numpy object array of shapely 2 geometries (``None`` where a feature
has none), and every computation runs on the whole array at once (shapely's vectorised
functions, one PROJ call for all coordinates).

Areas (:meth:`GeometryTable.hectares`) are computed equal-area by default: the geometries
are projected to a Lambert azimuthal equal-area projection centred on the table, on the
table's own datum, and measured there. The projection keeps areas exactly; what is left is
that an edge drawn straight in the file's CRS is straight in the projection too (a parcel's
edges are metres to a few kilometres long: well under 0.01 % for parcels and zones, see
docs/geo.md). ``method="planar"`` measures in the file's own projected plane (what a
surveyor's software reports for a VN-2000 map: its scale is 0.9999 on the meridian and
about 1.0002 1.5° away from it), and ``method="geodesic"`` on the ellipsoid with
:class:`pyproj.Geod`, polygon by polygon (slow; a reference).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any, Literal

import attrs
import numpy as np

from industrial_policy.errors import Problem
from industrial_policy.extras import needs
from industrial_policy.geo.crs import GeometryError, crs_name, crs_of

__all__ = ["AreaMethod", "GeometryTable", "geometries_of", "transform", "transformer_of"]

AreaMethod = Literal["equal_area", "planar", "geodesic"]
KINDS = ("zones", "parcels")
_M2_PER_HA = 10_000.0


def _shapely() -> Any:
    with needs("geometry", extra="geo"):
        import shapely
    return shapely


def geometries_of(values: Iterable[object], *, where: str = "geometry") -> Any:
    """An object array of shapely geometries from shapely geometries, WKT or WKB, GeoJSON
    geometry dicts or ``None``; a value that is none of these is a :class:`GeometryError`
    naming its position."""
    shapely = _shapely()
    out = []
    problems = []
    for index, value in enumerate(values):
        try:
            if value is None or isinstance(value, shapely.Geometry):
                out.append(value)
            elif isinstance(value, bytes | bytearray | memoryview):
                out.append(shapely.from_wkb(bytes(value)))
            elif isinstance(value, str):
                out.append(shapely.from_wkt(value))
            elif isinstance(value, Mapping):
                out.append(shapely.from_geojson(json.dumps(value)))
            else:
                raise TypeError(type(value).__name__)
        except (shapely.errors.GEOSException, TypeError, ValueError) as error:
            problems.append(Problem(f"{where}[{index}]", f"not a geometry ({error})", value))
            out.append(None)
    if problems:
        raise GeometryError(problems)
    array = np.empty(len(out), dtype=object)
    array[:] = out
    return array


def _ids(values: Iterable[object]) -> Any:
    return np.array([str(v) for v in values], dtype=object)


@attrs.frozen(eq=False, repr=False)
class GeometryTable:
    """The geometry of the zones or parcels of a dataset: ``ids[i]`` is drawn as
    ``geometries[i]`` (a shapely geometry, or ``None``) in ``crs`` (a :class:`pyproj.CRS`).

    ``source`` names where it came from (``"parcels.gpkg"``) and ``rows`` the feature
    number of each (from 1) for messages; :func:`~industrial_policy.geo.read_geometries`
    and :func:`~industrial_policy.geo.read_map` fill them.

    >>> from industrial_policy.geo import GeometryTable
    >>> table = GeometryTable.of(
    ...     "parcels", {"p-1": "POLYGON ((0 0, 100 0, 100 50, 0 50, 0 0))"}, crs="EPSG:3405"
    ... )
    >>> table.hectares(method="planar").tolist()
    [0.5]
    """

    kind: str = attrs.field()
    ids: Any
    geometries: Any
    crs: Any = attrs.field(converter=crs_of)
    source: str | None = None
    rows: Any = None
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)

    @kind.validator
    def _check_kind(self, _: attrs.Attribute[str], value: str) -> None:
        if value not in KINDS:
            raise GeometryError([Problem("kind", "a geometry table is of zones or parcels", value)])

    def __attrs_post_init__(self) -> None:
        if len(self.ids) != len(self.geometries):
            raise GeometryError(
                [
                    Problem(
                        self.kind,
                        f"{len(self.ids)} ids for {len(self.geometries)} geometries",
                        None,
                    )
                ]
            )
        seen: dict[str, int] = {}
        problems = []
        for index, record_id in enumerate(self.ids.tolist()):
            if record_id in seen:
                problems.append(
                    Problem(
                        self.place(index),
                        f"the id is drawn twice (first at {self.place(seen[record_id])})",
                        record_id,
                        record_id=record_id,
                        row=self.row(index),
                    )
                )
            else:
                seen[record_id] = index
        if problems:
            raise GeometryError(problems, source=self.source)
        self._cache["positions"] = seen
        self._check_degrees()

    def _check_degrees(self) -> None:
        """Coordinates in a geographic CRS are degrees: anything beyond ±180, ±90 was
        written in a projected CRS and would be read as a place elsewhere on Earth."""
        if self.crs.is_projected or not len(self.geometries):
            return
        bounds = _shapely().bounds(self.geometries)
        with np.errstate(invalid="ignore"):
            bad = np.flatnonzero(
                (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1)
                | (np.abs(bounds[:, [1, 3]]) > 90).any(axis=1)
            )
        if len(bad):
            raise GeometryError(
                [
                    Problem(
                        self.place(int(i)),
                        f"coordinates out of range for {crs_name(self.crs)} (degrees): they"
                        " look projected (VN-2000 or UTM metres); declare the CRS they are in",
                        [round(float(v), 3) for v in bounds[i]],
                        row=self.row(int(i)),
                        column="geometry",
                        record_id=str(self.ids[i]),
                    )
                    for i in bad[:1000]
                ],
                source=self.source,
                total=len(bad),
            )

    @classmethod
    def of(
        cls,
        kind: str,
        geometries: Mapping[str, object] | Sequence[tuple[str, object]],
        *,
        crs: object,
        source: str | None = None,
    ) -> GeometryTable:
        """A table from ``{id: geometry}`` (or pairs): shapely geometries, WKT, WKB or
        GeoJSON geometry dicts. ``crs`` is required: coordinates mean nothing without it."""
        pairs = list(geometries.items()) if isinstance(geometries, Mapping) else list(geometries)
        ids = _ids(p[0] for p in pairs)
        return cls(kind, ids, geometries_of((p[1] for p in pairs), where=kind), crs, source=source)

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        where = f" from {self.source}" if self.source else ""
        return f"<GeometryTable of {len(self)} {self.kind}{where} in {crs_name(self.crs)}>"

    def row(self, index: int) -> int:
        return int(self.rows[index]) if self.rows is not None else index + 1

    def place(self, index: int) -> str:
        """Where a geometry is, for messages: ``parcels.gpkg feature 12 (parcel 'p-1')``."""
        where = self.source or self.kind
        noun = self.kind[:-1]
        return f"{where} feature {self.row(index)} ({noun} {self.ids[index]!r})"

    def position(self, record_id: str) -> int | None:
        positions: dict[str, int] = self._cache["positions"]
        return positions.get(record_id)

    def positions(self, record_ids: Iterable[str]) -> Any:
        """The row of each id (``-1`` where the table has none)."""
        positions: dict[str, int] = self._cache["positions"]
        return np.fromiter((positions.get(i, -1) for i in record_ids), dtype=np.int64)

    def geometry(self, record_id: str) -> Any:
        index = self.position(record_id)
        return None if index is None else self.geometries[index]

    def to_crs(self, crs: object) -> GeometryTable:
        """The same geometries in another CRS (one PROJ call for every coordinate; datum
        shifts as PROJ's database gives them)."""
        target = crs_of(crs)
        if target == self.crs:
            return self
        moved = transform(self.geometries, self.crs, target)
        return GeometryTable(self.kind, self.ids, moved, target, self.source, self.rows)

    def equal_area(self, centre: tuple[float, float] | None = None) -> GeometryTable:
        """The geometries in a Lambert azimuthal equal-area projection on the table's own
        datum, centred on ``centre`` (longitude, latitude) or on the table's centre."""
        key = f"equal_area:{centre}"
        if key not in self._cache:
            lon, lat = centre if centre is not None else self.centre()
            self._cache[key] = self.to_crs(_laea(self.crs, lon, lat))
        cached: GeometryTable = self._cache[key]
        return cached

    def centre(self) -> tuple[float, float]:
        """The centre of the table's bounds in longitude and latitude (degrees)."""
        shapely = _shapely()
        present = self.geometries[~shapely.is_missing(self.geometries)]
        present = present[~shapely.is_empty(present)]
        if not len(present):
            return (105.0, 16.0)
        bounds = shapely.total_bounds(present)
        transformer = transformer_of(self.crs, self.crs.geodetic_crs)
        x = (bounds[0] + bounds[2]) / 2
        y = (bounds[1] + bounds[3]) / 2
        lon, lat = transformer.transform(x, y)
        return (float(lon), float(lat))

    def hectares(self, method: AreaMethod = "equal_area") -> Any:
        """The area of every geometry in hectares (``NaN`` where there is none); see the
        module's documentation for the methods and their error."""
        shapely = _shapely()
        if method == "equal_area":
            measured = self.equal_area().geometries
        elif method == "planar":
            if not self.crs.is_projected:
                raise GeometryError(
                    [
                        Problem(
                            "method",
                            f"planar areas need a projected CRS; {crs_name(self.crs)} is"
                            " geographic (use method='equal_area')",
                            method,
                        )
                    ]
                )
            measured = self.geometries
        elif method == "geodesic":
            return _geodesic_hectares(self.geometries, self.crs)
        else:
            raise GeometryError([Problem("method", "equal_area, planar or geodesic", method)])
        areas: Any = shapely.area(measured) / _M2_PER_HA
        areas[shapely.is_missing(measured)] = np.nan
        return areas


def _laea(crs: Any, lon: float, lat: float) -> Any:
    with needs("coordinate reference systems", extra="geo"):
        from pyproj.crs import ProjectedCRS
        from pyproj.crs.coordinate_operation import LambertAzimuthalEqualAreaConversion
    return ProjectedCRS(
        LambertAzimuthalEqualAreaConversion(
            latitude_natural_origin=lat, longitude_natural_origin=lon
        ),
        name=f"equal-area (LAEA {lat:.3f}, {lon:.3f})",
        geodetic_crs=crs.geodetic_crs,
    )


def transformer_of(source: Any, target: Any) -> Any:
    """The PROJ transformation from one CRS to another, longitude (or easting) first; made
    once per pair of CRSs (finding the best operation in PROJ's database takes a while)."""
    return _transformer(source.to_wkt(), target.to_wkt())


@cache
def _transformer(source: str, target: str) -> Any:
    with needs("coordinate transformations", extra="geo"):
        from pyproj import Transformer
    return Transformer.from_crs(source, target, always_xy=True)


def transform(geometries: Any, source: Any, target: Any) -> Any:
    """Geometries moved from one CRS to another: one PROJ call for all their coordinates."""
    shapely = _shapely()
    transformer = transformer_of(source, target)

    def move(coordinates: Any) -> Any:
        x, y = transformer.transform(coordinates[:, 0], coordinates[:, 1])
        return np.column_stack([x, y])

    moved = shapely.transform(geometries, move)
    out = np.empty(len(geometries), dtype=object)
    out[:] = list(moved) if len(moved) else []
    return out


def _geodesic_hectares(geometries: Any, crs: Any) -> Any:
    shapely = _shapely()
    with needs("geodesic areas", extra="geo"):
        from pyproj import Geod
    geographic = crs.geodetic_crs
    lonlat = transform(geometries, crs, geographic) if crs != geographic else geometries
    ellipsoid = geographic.ellipsoid
    geod = Geod(a=ellipsoid.semi_major_metre, b=ellipsoid.semi_minor_metre)

    def ring(coordinates: Any) -> float:
        lons, lats = np.asarray(coordinates).T[:2]
        area, _ = geod.polygon_area_perimeter(lons, lats)
        return abs(float(area))

    out = np.full(len(geometries), np.nan)
    for index, geometry in enumerate(lonlat):
        if geometry is None or shapely.is_empty(geometry):
            continue
        parts = shapely.get_parts(geometry)
        out[index] = (
            sum(
                ring(part.exterior.coords) - sum(ring(hole.coords) for hole in part.interiors)
                for part in parts
                if part.geom_type == "Polygon"
            )
            / _M2_PER_HA
        )
    return out
