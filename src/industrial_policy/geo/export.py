"""Findings on the map: a report as GeoJSON, each finding with the geometry of its subject.

:func:`findings_to_geojson` writes one feature per finding: its flat row
(:meth:`~industrial_policy.findings.Finding.row`, the columns every export uses) as the
properties and, as the geometry, the subject's: a zone's or a parcel's drawn polygon, the
shared part of an overlapping pair, or ``null`` for a subject with no geometry (a province,
a target). Coordinates are WGS 84 longitude and latitude, as RFC 7946 requires.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from industrial_policy.extras import needs
from industrial_policy.findings import Finding, Report
from industrial_policy.geo.table import GeometryTable

__all__ = ["findings_to_geojson"]

_WGS84 = "EPSG:4326"


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _geometry(finding: Finding, tables: dict[str, GeometryTable]) -> Any:
    shapely_kind = finding.subject_kind.removesuffix(" pair") + "s"
    table = tables.get(shapely_kind)
    if table is None:
        return None
    if finding.subject_kind.endswith(" pair"):
        first, _, second = finding.subject_id.partition("|")
        a, b = table.geometry(first), table.geometry(second)
        if a is None or b is None:
            return None
        with needs("exporting findings as GeoJSON", extra="geo"):
            import shapely
        return shapely.intersection(a, b)
    return table.geometry(finding.subject_id)


def findings_to_geojson(
    report: Report,
    *,
    zones: GeometryTable | None = None,
    parcels: GeometryTable | None = None,
    path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """The findings of ``report`` as a GeoJSON FeatureCollection (a dict; also written to
    ``path`` when given), each with the geometry of its subject in WGS 84.

    A runnable example is in ``docs/geo.md`` (Findings on the map).
    """
    with needs("exporting findings as GeoJSON", extra="geo"):
        import shapely
    tables = {
        k: t.to_crs(_WGS84) for k, t in (("zones", zones), ("parcels", parcels)) if t is not None
    }
    features = []
    for finding in report:
        geometry = _geometry(finding, tables)
        features.append(
            {
                "type": "Feature",
                "id": finding.id,
                "geometry": (
                    None
                    if geometry is None or shapely.is_empty(geometry)
                    else json.loads(shapely.to_geojson(geometry))
                ),
                "properties": {k: _clean(v) for k, v in finding.row().items()},
            }
        )
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if path is not None:
        Path(path).write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return collection
