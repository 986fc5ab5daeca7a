"""Coordinate reference systems: read from a file or declared, VN-2000 and its provinces.

Maps of Vietnamese land are drawn in WGS 84 (``EPSG:4326``) or in VN-2000, the national
datum: geographic (``EPSG:4756``), the UTM zones 48N and 49N (``EPSG:3405``, ``EPSG:3406``)
and, for cadastral and planning maps, a 3° transverse Mercator zone per province (scale
0.9999 on the province's central meridian, false easting 500 km), set by Thông tư
973/2001/TT-TCĐC. :func:`vn2000` builds that CRS from a province's name (the meridians
shipped in ``vn2000.toml``, with their source) or from a central meridian the user gives.

A CRS is given as anything :func:`crs_of` reads: ``"EPSG:3405"``, ``4326``, a PROJ or WKT
text, ``"VN-2000 Hải Phòng"``, ``"VN-2000 105.75"`` or a :class:`pyproj.CRS`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from industrial_policy.errors import Problem, ProblemsError
from industrial_policy.extras import needs

__all__ = ["GeometryError", "crs_name", "crs_of", "meridian_of", "vn2000", "vn2000_provinces"]


class GeometryError(ProblemsError):
    """Geometry that cannot be read: a file with no CRS and none declared, an unknown CRS,
    a geometry that is not a geometry, ids that repeat. Every problem is listed, each named
    by file, row, column and record."""

    headline = "geometry problems"


#: VN-2000 geographic coordinates (EPSG's VN-2000 datum, on the WGS 84 ellipsoid).
VN2000_GEOGRAPHIC = "EPSG:4756"


@cache
def _table() -> dict[str, Any]:
    text = resources.files("industrial_policy.geo").joinpath("vn2000.toml").read_text("utf-8")
    return tomllib.loads(text)


def _fold(name: str) -> str:
    """A province's name without accents, case, "tỉnh" or "TP.": ``"TP. Hải Phòng"`` →
    ``"haiphong"``."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"^(tinh|thanh pho|tp\.?)\s+", "", text.strip())
    return re.sub(r"[^a-z0-9]", "", text)


def vn2000_provinces() -> dict[str, float]:
    """The provinces whose VN-2000 central meridian is shipped, in decimal degrees."""
    return {
        name: degrees + minutes / 60 for name, (degrees, minutes) in _table()["meridians"].items()
    }


def meridian_of(province: str) -> float:
    """The central meridian of a province's VN-2000 zone, in decimal degrees.

    >>> meridian_of("TP. Hải Phòng")
    105.75
    >>> meridian_of("Hai Duong")
    105.5
    """
    provinces = vn2000_provinces()
    folded = {_fold(name): value for name, value in provinces.items()}
    found = folded.get(_fold(province))
    if found is None:
        raise GeometryError(
            [
                Problem(
                    "crs",
                    "no VN-2000 central meridian is shipped for this province; give it with"
                    " vn2000(central_meridian=DEGREES) (Thông tư 973/2001/TT-TCĐC lists"
                    f" it); shipped: {', '.join(sorted(provinces))}",
                    province,
                )
            ]
        )
    return found


def vn2000(province: str | None = None, *, central_meridian: float | None = None) -> Any:
    """The VN-2000 3° transverse Mercator CRS of a province (or of a central meridian in
    decimal degrees), as a :class:`pyproj.CRS` based on EPSG:4756.

    >>> crs = vn2000("Quảng Nam")
    >>> crs.name
    'VN-2000 / TM-3 107°45′ (Quảng Nam)'
    >>> {p.name: p.value for p in crs.coordinate_operation.params}["Longitude of natural origin"]
    107.75
    """
    if (province is None) == (central_meridian is None):
        raise GeometryError(
            [Problem("crs", "give a province or a central meridian (one of them)", province)]
        )
    if province is not None:
        meridian = meridian_of(province)
        label = f" ({province})"
    else:
        meridian = float(central_meridian)  # type: ignore[arg-type]  # checked above
        label = ""
        if not 100.0 <= meridian <= 112.0:
            raise GeometryError(
                [
                    Problem(
                        "crs",
                        "a VN-2000 central meridian lies between 100° and 112° east",
                        central_meridian,
                    )
                ]
            )
    return _vn2000(meridian, label)


@cache
def _vn2000(meridian: float, label: str) -> Any:
    with needs("VN-2000 coordinates", extra="geo"):
        from pyproj import CRS
        from pyproj.crs import ProjectedCRS
        from pyproj.crs.coordinate_operation import TransverseMercatorConversion
    table = _table()
    degrees = int(meridian)
    minutes = round((meridian - degrees) * 60)
    conversion = TransverseMercatorConversion(
        latitude_natural_origin=0.0,
        longitude_natural_origin=meridian,
        false_easting=table["false_easting"],
        false_northing=0.0,
        scale_factor_natural_origin=table["scale_factor"],
    )
    return ProjectedCRS(
        conversion,
        name=f"VN-2000 / TM-3 {degrees}°{minutes:02d}′{label}",
        geodetic_crs=CRS(VN2000_GEOGRAPHIC),
    )


_VN2000_TEXT = re.compile(r"^\s*vn[- ]?2000\s*(?:/\s*)?(.*)$", re.IGNORECASE)


def crs_of(value: object, *, where: str = "crs") -> Any:
    """The :class:`pyproj.CRS` of a declared value; an unknown one is a
    :class:`GeometryError` naming it.

    >>> crs_of("EPSG:3405").name
    'VN-2000 / UTM zone 48N'
    >>> crs_of("VN-2000 105.75").name
    'VN-2000 / TM-3 105°45′'
    """
    with needs("coordinate reference systems", extra="geo"):
        from pyproj import CRS
        from pyproj.exceptions import CRSError
    if isinstance(value, CRS):
        return value
    if isinstance(value, Mapping):  # PROJJSON (GeoParquet's metadata)
        try:
            return CRS.from_json_dict(dict(value))
        except CRSError as error:
            raise GeometryError(
                [Problem(where, f"unknown coordinate reference system ({error})", value)]
            ) from None
    if isinstance(value, str) and (match := _VN2000_TEXT.match(value)) and match.group(1):
        rest = match.group(1).strip()
        try:
            return vn2000(central_meridian=float(rest))
        except ValueError:
            return vn2000(rest)
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise GeometryError(
            [Problem(where, "a CRS is an EPSG code, a PROJ or WKT text or a pyproj.CRS", value)]
        )
    try:
        return CRS.from_user_input(value)
    except CRSError as error:
        raise GeometryError(
            [Problem(where, f"unknown coordinate reference system ({error})", value)]
        ) from None


def crs_name(crs: Any) -> str:
    """How a CRS is named in messages: ``EPSG:3405 (VN-2000 / UTM zone 48N)``."""
    code = crs.to_epsg(min_confidence=90)
    return f"EPSG:{code} ({crs.name})" if code else str(crs.name)
