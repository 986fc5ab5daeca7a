"""Parcels and zones from maps: geometry read, areas drawn, checked against the records.

Everything here needs the ``geo`` extra (shapely 2, pyproj, pyogrio; pyarrow for
GeoParquet): ``pip install 'industrial-policy[geo]'``. Nothing geographic is imported
until a function runs. See ``docs/geo.md``.
"""

from __future__ import annotations

from industrial_policy.geo.checks import GeometryParameters, check_geometry, with_drawn_areas
from industrial_policy.geo.crs import (
    GeometryError,
    crs_of,
    meridian_of,
    vn2000,
    vn2000_provinces,
)
from industrial_policy.geo.export import findings_to_geojson
from industrial_policy.geo.reading import MapData, read_geometries, read_map
from industrial_policy.geo.table import AreaMethod, GeometryTable

__all__ = [
    "AreaMethod",
    "GeometryError",
    "GeometryParameters",
    "GeometryTable",
    "MapData",
    "check_geometry",
    "crs_of",
    "findings_to_geojson",
    "meridian_of",
    "read_geometries",
    "read_map",
    "vn2000",
    "vn2000_provinces",
    "with_drawn_areas",
]
