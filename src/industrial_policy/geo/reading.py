"""Zones and parcels read from maps: GeoJSON, GeoPackage, Shapefile and GeoParquet.

:func:`read_map` reads the records with the same column mapping as the table readers
(:func:`industrial_policy.read_frames`: the attributes go through the same typed reader,
every problem named by file, row, column and record) and keeps each feature's geometry in a
:class:`~industrial_policy.geo.GeometryTable` next to the dataset. :func:`read_geometries`
reads the geometry alone, to draw a dataset read from elsewhere (a TOML file, a workbook).

GeoJSON, GeoPackage and Shapefile are read by pyogrio (GDAL) as Arrow, in one call per
file; GeoParquet by pyarrow (its ``geo`` metadata gives the geometry column and the CRS).

The CRS comes from the file or is declared (``crs=``): a file with no CRS is refused
unless one is declared; a declaration that contradicts the file's CRS is refused too
(except for GeoJSON, whose coordinates are WGS 84 unless agreed otherwise: a declared CRS
is that agreement). Longitudes and latitudes out of range in a geographic CRS (projected
coordinates written as if they were degrees, the usual mistake) are refused, naming the
features.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from industrial_policy.dataset import Dataset
from industrial_policy.errors import Problem, ProblemsError
from industrial_policy.extras import needs
from industrial_policy.geo.crs import GeometryError, crs_name, crs_of
from industrial_policy.geo.table import KINDS, GeometryTable
from industrial_policy.io.mapping import ColumnMapping
from industrial_policy.io.tables import read_frames
from industrial_policy.numbers import Notation

__all__ = ["MapData", "read_geometries", "read_map"]

_OGR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".fgb")
_PARQUET_SUFFIXES = (".parquet", ".geoparquet")
_GEOJSON_SUFFIXES = (".geojson", ".json")


@attrs.frozen
class MapData:
    """A dataset read from maps, and the geometry of its zones and parcels."""

    dataset: Dataset
    zones: GeometryTable | None = None
    parcels: GeometryTable | None = None

    def geometries(self) -> dict[str, GeometryTable]:
        """The geometry tables there are, by kind."""
        return {k: t for k, t in (("zones", self.zones), ("parcels", self.parcels)) if t}


@attrs.frozen
class _Layer:
    attributes: Any  # a pyarrow Table without the geometry column
    wkb: list[bytes | None]
    crs: Any
    source: str


def _path(value: str | os.PathLike[str]) -> Path:
    path = Path(value)
    if not path.exists():
        raise GeometryError([Problem(str(path), "no such file", str(path))])
    return path


def _file_crs_parquet(metadata: Mapping[bytes, bytes] | None, source: str) -> tuple[str, Any]:
    if not metadata or b"geo" not in metadata:
        raise GeometryError(
            [Problem(source, "not a GeoParquet file: no 'geo' metadata", None)], source=source
        )
    geo = json.loads(metadata[b"geo"])
    column = geo.get("primary_column", "geometry")
    spec = geo.get("columns", {}).get(column, {})
    if spec.get("encoding", "WKB").upper() != "WKB":
        raise GeometryError(
            [Problem(column, "only WKB-encoded GeoParquet is read", spec.get("encoding"))],
            source=source,
        )
    # GeoParquet: no "crs" key means OGC:CRS84; an explicit null means unknown.
    crs = spec.get("crs", "OGC:CRS84")
    return column, crs


def _read_layer(path: Path, layer: str | int | None) -> _Layer:
    source = path.name
    suffix = path.suffix.lower()
    if suffix in _PARQUET_SUFFIXES:
        with needs("reading GeoParquet", extra="geo"):
            import pyarrow.parquet as pq
        table = pq.read_table(path)
        column, crs = _file_crs_parquet(table.schema.metadata, source)
        if column not in table.column_names:
            raise GeometryError(
                [Problem(column, "the geometry column named in the metadata is missing", None)],
                source=source,
            )
        wkb = table.column(column).to_pylist()
        return _Layer(table.drop_columns([column]), wkb, crs, source)
    if suffix not in _OGR_SUFFIXES:
        raise GeometryError(
            [
                Problem(
                    source,
                    "a map is read from .geojson, .gpkg, .shp, .fgb (FlatGeobuf) or .parquet"
                    " (GeoParquet)",
                    suffix,
                )
            ],
            source=source,
        )
    with needs("reading maps", extra="geo"):
        import pyogrio
        from pyogrio.errors import DataLayerError, DataSourceError
    if layer is None and suffix == ".gpkg":
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
        if len(names) > 1:  # GDAL would read the first one, whatever it holds
            raise GeometryError(
                [
                    Problem(
                        source,
                        f"the GeoPackage has {len(names)} layers ({', '.join(names)}): name"
                        " the one to read (layers={'zones': ..., 'parcels': ...}, or layer=)",
                        None,
                    )
                ],
                source=source,
            )
    try:
        meta, table = pyogrio.read_arrow(path, layer=layer)
    except (DataSourceError, DataLayerError, UnicodeDecodeError) as error:
        raise GeometryError(
            [Problem(source, f"cannot be read as a map ({error})", str(path))]
        ) from None
    names = table.column_names
    column = meta.get("geometry_name") or "wkb_geometry"
    if column not in names:
        candidates = [n for n in names if n in ("wkb_geometry", "geometry", "geom")]
        if not candidates:
            raise GeometryError(
                [Problem(source, "the layer has no geometry column", layer)], source=source
            )
        column = candidates[0]
    wkb = table.column(column).to_pylist()
    return _Layer(table.drop_columns([column]), wkb, meta.get("crs"), source)


def _chosen_crs(file_crs: Any, declared: object, path: Path, source: str) -> Any:
    if declared is not None:
        chosen = crs_of(declared)
        if file_crs is None or path.suffix.lower() in _GEOJSON_SUFFIXES:
            return chosen
        found = crs_of(file_crs, where=source)
        if found != chosen and not found.equals(chosen, ignore_axis_order=True):
            raise GeometryError(
                [
                    Problem(
                        "crs",
                        f"the file says {crs_name(found)}, the declaration"
                        f" {crs_name(chosen)}; fix the file's CRS or declare none",
                        declared,
                    )
                ],
                source=source,
            )
        return found
    if file_crs is None:
        raise GeometryError(
            [
                Problem(
                    "crs",
                    "the file gives no coordinate reference system; declare one (crs="
                    "'EPSG:4326', 'EPSG:3405', 'VN-2000 Hải Phòng', ...; --crs on the"
                    " command line)",
                    None,
                )
            ],
            source=source,
        )
    return crs_of(file_crs, where=source)


def _geometries(wkb: list[bytes | None], ids: list[str], source: str) -> Any:
    with needs("reading maps", extra="geo"):
        import shapely
    out = np.empty(len(wkb), dtype=object)
    problems = []
    for index, value in enumerate(wkb):
        if value is None:
            continue
        try:
            out[index] = shapely.force_2d(shapely.from_wkb(value))
        except shapely.errors.GEOSException as error:
            problems.append(
                Problem(
                    f"{source} feature {index + 1}",
                    f"the geometry cannot be read ({error})",
                    bytes(value[:16]).hex(),
                    row=index + 1,
                    column="geometry",
                    record_id=ids[index],
                )
            )
    if problems:
        raise GeometryError(problems, source=source)
    return out


def _table_of(kind: str, layer: _Layer, ids: list[str], crs: object, path: Path) -> GeometryTable:
    chosen = _chosen_crs(layer.crs, crs, path, layer.source)
    geometries = _geometries(layer.wkb, ids, layer.source)
    return GeometryTable(
        kind,
        np.array(ids, dtype=object),
        geometries,
        chosen,
        source=layer.source,
        rows=np.arange(1, len(ids) + 1),
    )


def _id_values(attributes: Any, column: str, source: str) -> list[str]:
    if column not in attributes.column_names:
        raise GeometryError(
            [
                Problem(
                    source,
                    f"no id column {column!r}; the columns are"
                    f" {', '.join(attributes.column_names)}",
                    column,
                )
            ],
            source=source,
        )
    with needs("reading maps", extra="geo"):
        import pyarrow as pa
    values = attributes.column(column).cast(pa.string()).to_pylist()
    missing = [i for i, v in enumerate(values) if v is None or not str(v).strip()]
    if missing:
        raise GeometryError(
            [
                Problem(
                    f"{source} feature {i + 1}",
                    "a drawn feature without an id",
                    None,
                    row=i + 1,
                    column=column,
                )
                for i in missing[:1000]
            ],
            source=source,
            total=len(missing),
        )
    return [str(v).strip() for v in values]


_FRAME_ROW = re.compile(r"^(zones|parcels) \(Table\) row (\d+)")


def _located(error: ProblemsError, sources: Mapping[str, str]) -> ProblemsError:
    """The table readers' error with each place named by its map file and feature
    (``parcels.gpkg feature 3, column 'area'``), not by the frame it was read from."""

    def moved(problem: Problem) -> Problem:
        match = _FRAME_ROW.match(problem.path)
        if match is None or match.group(1) not in sources:
            return problem
        feature = int(match.group(2)) + 1
        path = f"{sources[match.group(1)]} feature {feature}" + problem.path[match.end() :]
        return attrs.evolve(problem, path=path, row=feature)

    source = error.source
    for kind, name in sources.items():
        if source == f"{kind} (Table)":
            source = name
    return type(error)([moved(p) for p in error.problems], source=source, total=error.total)


def read_geometries(
    path: str | os.PathLike[str],
    kind: str,
    *,
    id_column: str = "id",
    crs: object = None,
    layer: str | int | None = None,
) -> GeometryTable:
    """The geometry of the zones or parcels (``kind``) of a map file, keyed by the values
    of ``id_column``. ``crs`` declares the CRS (required when the file gives none)."""
    if kind not in KINDS:
        raise GeometryError([Problem("kind", "zones or parcels", kind)])
    file = _path(path)
    loaded = _read_layer(file, layer)
    ids = _id_values(loaded.attributes, id_column, loaded.source)
    return _table_of(kind, loaded, ids, crs, file)


def read_map(
    mapping: ColumnMapping | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    *,
    zones: str | os.PathLike[str] | None = None,
    parcels: str | os.PathLike[str] | None = None,
    crs: object = None,
    layers: Mapping[str, str | int] | None = None,
    notation: Notation | str | None = None,
    **tables: Any,
) -> MapData:
    """Zones and parcels with their geometry from map files (GeoJSON, GeoPackage,
    Shapefile, GeoParquet), read with ``mapping`` as :func:`industrial_policy.read_frames`
    reads tables (the same mapping: columns, units, values, notation). Other tables
    (``projects=``...) are passed to it as they are.

    ``crs`` declares the CRS of files that give none (or a ``{"zones": ..., "parcels":
    ...}`` dict); ``layers`` names the layer of a GeoPackage by kind.

    Raises :class:`~industrial_policy.geo.GeometryError` for geometry that cannot be read,
    and what :func:`~industrial_policy.read_frames` raises for the attributes.
    """
    chosen = ColumnMapping.of(mapping)
    files = {k: v for k, v in (("zones", zones), ("parcels", parcels)) if v is not None}
    if not files:
        raise GeometryError([Problem("", "give zones=... or parcels=... (a map file)", None)])
    loaded = {k: _read_layer(_path(v), (layers or {}).get(k)) for k, v in files.items()}
    try:
        dataset = read_frames(
            chosen,
            notation=notation,
            **{k: layer.attributes for k, layer in loaded.items()},
            **tables,
        )
    except ProblemsError as error:
        raise _located(error, {k: layer.source for k, layer in loaded.items()}) from None
    declared = crs if isinstance(crs, Mapping) else dict.fromkeys(files, crs)
    out: dict[str, GeometryTable] = {}
    problems: list[Problem] = []
    for kind, layer in loaded.items():
        records = dataset.tables()[kind]
        try:
            if len(records) == len(layer.wkb):  # read row for row: the records' own ids
                ids = [str(v) for v in records.column("id").values()]
            else:
                id_column = chosen.table(kind).columns.get("id", "id")
                ids = _id_values(layer.attributes, id_column, layer.source)
            out[kind] = _table_of(kind, layer, ids, declared.get(kind), _path(files[kind]))
        except GeometryError as error:
            problems.extend(
                p
                if p.path.startswith(layer.source)
                else attrs.evolve(p, path=f"{layer.source}: {p.path}")
                for p in error.problems
            )
    if problems:
        raise GeometryError(problems)
    return MapData(dataset, out.get("zones"), out.get("parcels"))
