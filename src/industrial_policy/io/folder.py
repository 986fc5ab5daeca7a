"""A dataset as a folder of tables: a Frictionless Data Package of CSV or Parquet files.

:func:`dump_folder` writes one file per kind of record the dataset holds
(``zones.csv``, ``parcels.csv``, ``capital_events.csv``...) and a
``datapackage.json`` describing them: a Table Schema per file (field names,
types, formats, units, primary keys, and foreign keys for references such as
``parcels.zone_id`` to ``zones.id``), and, under the custom property
``industrial_policy``, the manifest: the format, how numbers are written, the
dataset's exchange rates and evaluation settings. The dataset's name,
description and sources are the package's own ``title``, ``description`` and
``sources``. :func:`load_folder` reads the folder back to an equal dataset.

The tables are laid out as :mod:`industrial_policy.io.arrow` lays them out, with
the unit of every area and the currency of every amount in a column beside it in
CSV files (which are opened without their descriptor), in the Arrow metadata of a
column of one unit in Parquet files. CSV is written as the readers read it back
(floats as their shortest exact text, ISO dates, ``true``/``false``, an empty cell
for a missing value, lists joined by ``;``) and read as text, under the notation
the manifest states.
``docs/dataset-format.md`` says what is taken from Frictionless and what is not.

>>> import tempfile, industrial_policy as ip
>>> ds = ip.examples.load("quang-nam-2024")
>>> folder = tempfile.mkdtemp()
>>> dump_folder(ds, folder, fmt="csv")
>>> sorted(p.name for p in Path(folder).iterdir())
['datapackage.json', 'observations.csv', 'reported.csv', 'targets.csv', 'zones.csv']
>>> load_folder(folder) == ds
True
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path
from typing import Any, Literal

import attrs

from industrial_policy.columnar import Form, schema_of
from industrial_policy.columnar.problems import Where
from industrial_policy.dataset import Dataset
from industrial_policy.errors import (
    DatasetIntegrityError,
    FileFormatError,
    Problem,
    ProblemsError,
)
from industrial_policy.extras import needs
from industrial_policy.io.arrow import (
    CHILD_TABLES,
    CURRENCY,
    KINDS,
    UNIT,
    from_frames,
    parent_column,
    to_arrow,
)
from industrial_policy.io.converter import converter, problems_of
from industrial_policy.numbers import Notation

__all__ = [
    "DESCRIPTOR",
    "FORMAT_ID",
    "FolderFormat",
    "dataset_field",
    "dump_folder",
    "format_of",
    "load_folder",
    "manifest_of",
]

FolderFormat = Literal["csv", "parquet"]

DESCRIPTOR = "datapackage.json"
"""The name of the Data Package descriptor in a dataset folder."""

FORMAT_ID = "industrial-policy/1"
"""The format a folder's manifest declares: the dataset file's (``io.files.FORMAT_ID``)."""

MANIFEST = "industrial_policy"
"""The custom property of ``datapackage.json`` that holds the manifest."""

NOTATION = Notation.EN
"""How the CSV files written here write numbers (no thousands separator, ``.`` before
decimals, an exponent where the shortest exact text has one)."""

_MEDIA = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
_MANIFEST_FIELDS = ("exchange_rates", "evaluation")


def _arrow() -> tuple[Any, Any, Any, Any]:
    with needs("a dataset folder", extra="frames"):
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq
    return pa, pc, pcsv, pq


# -- the descriptor ---------------------------------------------------------------------------


def _slug(text: str | None) -> str:
    """A Data Package name: lower-case letters, digits, ``-``, ``.`` and ``_``."""
    plain = unicodedata.normalize("NFKD", (text or "dataset").replace("đ", "d").replace("Đ", "D"))
    ascii_text = plain.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9._-]+", "-", ascii_text).strip("-") or "dataset"


def _field_type(arrow_type: Any, fmt: str = "csv") -> dict[str, Any]:
    pa = _arrow()[0]
    if pa.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return {"type": "string"}
    if pa.types.is_boolean(arrow_type):
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if pa.types.is_integer(arrow_type):
        return {"type": "integer"}
    if pa.types.is_floating(arrow_type):
        return {"type": "number"}
    if pa.types.is_date(arrow_type):
        return {"type": "date", "format": "default"}
    if pa.types.is_list(arrow_type):
        if fmt == "parquet":  # a list of Parquet's own
            return {"type": "array"}
        item = _field_type(arrow_type.value_type)["type"]
        return {"type": "list", "delimiter": ";", "itemType": item}
    raise TypeError(f"no Table Schema type for {arrow_type}")  # pragma: no cover


def _schema(name: str, table: Any, present: set[str], fmt: str) -> dict[str, Any]:
    """The Table Schema of one table: its fields, primary key and foreign keys."""
    kind = KINDS.get(name) or _child_kind(name)
    specs = {spec.name: spec for spec in schema_of(kind).fields}
    fields = []
    for field in table.schema:
        entry: dict[str, Any] = {"name": field.name, **_field_type(field.type, fmt)}
        spec = specs.get(field.name)
        meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        if UNIT in meta:
            entry[UNIT] = meta[UNIT]
            entry["description"] = f"an area, in {meta[UNIT]}"
        if CURRENCY in meta:
            entry[CURRENCY] = meta[CURRENCY]
            entry["description"] = f"an amount of money, in {meta[CURRENCY]}"
        if field.name.endswith(f"_{UNIT}") and field.name[: -len(UNIT) - 1] in specs:
            entry["description"] = f"the unit of {field.name[: -len(UNIT) - 1]} in each row"
        if field.name.endswith(f"_{CURRENCY}") and field.name[: -len(CURRENCY) - 1] in specs:
            entry["description"] = f"the currency of {field.name[: -len(CURRENCY) - 1]} in each row"
        constraints: dict[str, Any] = {}
        if spec is not None and spec.required and spec.form.form is not Form.OBJECT:
            constraints["required"] = True
        if spec is not None and spec.form.form is Form.ID and spec.name == "id":
            constraints["unique"] = True
        if spec is not None and spec.form.form is Form.ENUM and spec.form.enum is not None:
            constraints["enum"] = [str(member.value) for member in spec.form.enum]
        if field.name == parent_column(_parent_kind(name)) and name in CHILD_TABLES:
            constraints["required"] = True
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if "id" in specs and specs["id"].form.form is Form.ID:
        schema["primaryKey"] = ["id"]
    foreign = [
        {"fields": [spec.name], "reference": {"resource": spec.form.reference, "fields": ["id"]}}
        for spec in specs.values()
        if spec.form.reference in present and spec.name in table.column_names
    ]
    if name in CHILD_TABLES:
        parent = CHILD_TABLES[name][0]
        key = parent_column(KINDS[parent])
        foreign.append({"fields": [key], "reference": {"resource": parent, "fields": ["id"]}})
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _child_kind(name: str) -> type[Any]:
    parent, field = CHILD_TABLES[name]
    kind = schema_of(KINDS[parent]).field(field).form.nested
    assert kind is not None
    return kind


def _parent_kind(name: str) -> type[Any]:
    return KINDS[CHILD_TABLES[name][0]] if name in CHILD_TABLES else KINDS[name]


def manifest_of(dataset: Dataset) -> dict[str, Any]:
    """The manifest of a dataset folder: the format, the notation of numbers written as
    text, and the dataset's exchange rates and evaluation settings as the dataset file
    writes them."""
    conv = converter()
    manifest: dict[str, Any] = {"format": FORMAT_ID, "notation": NOTATION.value}
    for name in _MANIFEST_FIELDS:
        field = attrs.fields_dict(Dataset)[name]
        value = getattr(dataset, name)
        plain = conv.unstructure(value, field.type) if value is not None else None
        if plain not in (None, [], {}):
            manifest[name] = plain
    return manifest


def _descriptor(dataset: Dataset, tables: dict[str, Any], fmt: FolderFormat) -> dict[str, Any]:
    resources = []
    for name, table in tables.items():
        resource: dict[str, Any] = {
            "name": name,
            "path": f"{name}.{fmt}",
            "profile": "tabular-data-resource",
            "format": fmt,
            "mediatype": _MEDIA[fmt],
        }
        if fmt == "csv":
            resource["encoding"] = "utf-8"
            resource["dialect"] = {"delimiter": ",", "header": True, "doubleQuote": True}
        resource["schema"] = _schema(name, table, set(tables), fmt)
        resources.append(resource)
    descriptor: dict[str, Any] = {"profile": "tabular-data-package", "name": _slug(dataset.name)}
    if dataset.name:
        descriptor["title"] = dataset.name
    if dataset.description:
        descriptor["description"] = dataset.description
    if dataset.sources:
        descriptor["sources"] = [{"title": source} for source in dataset.sources]
    descriptor["resources"] = resources
    descriptor[MANIFEST] = manifest_of(dataset)
    return descriptor


# -- writing ----------------------------------------------------------------------------------


def _csv_ready(table: Any) -> Any:
    """A table as the CSV writer takes it: dictionary columns as text, lists joined by ``;``."""
    pa, pc, _, _ = _arrow()
    for index, field in enumerate(table.schema):
        column = table.column(index)
        if pa.types.is_dictionary(field.type):
            column = column.cast(pa.string())
        elif pa.types.is_list(field.type):
            column = pc.binary_join(column.cast(pa.list_(pa.string())), ";")
        else:
            continue
        table = table.set_column(index, pa.field(field.name, pa.string()), column)
    return table


def dump_folder(
    dataset: Dataset, folder: str | os.PathLike[str], *, fmt: FolderFormat = "csv"
) -> None:
    """Write ``dataset`` to ``folder`` (made if needed) as CSV or Parquet files and a
    ``datapackage.json``; :func:`load_folder` reads it back equal."""
    if fmt not in ("csv", "parquet"):
        raise FileFormatError(
            [Problem("", f"a dataset folder holds 'csv' or 'parquet' files, not {fmt!r}", fmt)],
            source=str(folder),
        )
    _, _, pcsv, pq = _arrow()
    directory = Path(folder)
    directory.mkdir(parents=True, exist_ok=True)
    # A CSV file is opened without its descriptor (in a spreadsheet): its areas and amounts
    # carry their unit and currency in a column beside them. Parquet keeps them in metadata.
    tables = to_arrow(dataset, unit_columns=fmt == "csv")
    for name, table in tables.items():
        path = directory / f"{name}.{fmt}"
        if fmt == "parquet":
            pq.write_table(table, path)
        else:
            pcsv.write_csv(_csv_ready(table), path)
    descriptor = _descriptor(dataset, tables, fmt)
    text = json.dumps(descriptor, ensure_ascii=False, indent=2, default=_json_value)
    (directory / DESCRIPTOR).write_text(text + "\n", encoding="utf-8")


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")  # pragma: no cover


# -- reading ----------------------------------------------------------------------------------


def _fail(source: str, message: str, value: object = None) -> FileFormatError:
    return FileFormatError([Problem("", message, value)], source=source)


def _read_descriptor(directory: Path) -> dict[str, Any]:
    path = directory / DESCRIPTOR
    source = str(path)
    if not directory.is_dir():
        raise _fail(str(directory), "no such folder" if not directory.exists() else "not a folder")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _fail(
            str(directory), f"a dataset folder needs a {DESCRIPTOR}: none in this folder"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(source, f"cannot be read: {exc}") from None
    try:
        descriptor = json.loads(text)
    except ValueError as exc:
        raise _fail(source, f"not valid JSON: {exc}") from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise _fail(source, "a data package descriptor is a JSON object with a 'resources' list")
    return descriptor


def _manifest(descriptor: dict[str, Any], source: str) -> tuple[dict[str, Any], Notation]:
    """The dataset's fields the descriptor gives, and the notation of its CSV files."""
    manifest = descriptor.get(MANIFEST, {})
    problems: list[Problem] = []
    if not isinstance(manifest, dict):
        raise _fail(source, f"{MANIFEST} must be a JSON object", manifest)
    declared = manifest.get("format", FORMAT_ID)
    if declared != FORMAT_ID:
        problems.append(
            Problem(f"{MANIFEST}.format", f"this library reads format {FORMAT_ID!r}", declared)
        )
    try:
        notation = Notation(manifest.get("notation", NOTATION.value))
    except ValueError:
        problems.append(
            Problem(
                f"{MANIFEST}.notation",
                "the notation is 'en', 'vi' or 'strict'",
                manifest.get("notation"),
            )
        )
        notation = NOTATION
    unknown = set(manifest) - {"format", "notation", *_MANIFEST_FIELDS}
    problems.extend(
        Problem(f"{MANIFEST}.{key}", "unknown key of the manifest", key) for key in sorted(unknown)
    )
    fields: dict[str, Any] = {}
    for name in _MANIFEST_FIELDS:
        if name in manifest:
            fields[name] = dataset_field(name, manifest[name], f"{MANIFEST}.{name}", problems)
    fields["name"] = descriptor.get("title")
    fields["description"] = descriptor.get("description")
    sources = descriptor.get("sources") or []
    fields["sources"] = [s.get("title") if isinstance(s, dict) else s for s in sources]
    if problems:
        raise FileFormatError(problems, source=source)
    return fields, notation


def dataset_field(name: str, plain: object, path: str, problems: list[Problem]) -> Any:
    """The value of the dataset's field ``name`` from the plain data the dataset file gives it
    (exchange rates, evaluation settings), read by the file format's converter; each failure
    is added to ``problems`` with its path below ``path`` (and ``None`` returned)."""
    wanted: Any = attrs.fields_dict(Dataset)[name].type
    try:
        return converter().structure(plain, wanted)
    except Exception as exc:  # every failure is listed with its path
        problems.extend(
            Problem(f"{path}{'.' if p.path and not p.path.startswith('[') else ''}{p.path}",
                    p.message, p.value)
            for p in problems_of(exc)
        )  # fmt: skip
        return None


def _read_csv(path: Path, resource: dict[str, Any]) -> Any:
    """A CSV file as text columns (every cell a string, an empty cell null), with the units
    and currencies of the descriptor as field metadata."""
    pa, _, pcsv, _ = _arrow()
    fields = resource.get("schema", {}).get("fields", [])
    names = [field.get("name") for field in fields if isinstance(field, dict)]
    read = pcsv.ReadOptions(encoding=resource.get("encoding", "utf-8"))
    parse = pcsv.ParseOptions(newlines_in_values=True)
    convert = pcsv.ConvertOptions(
        column_types={name: pa.string() for name in names},
        strings_can_be_null=True,
        null_values=[""],
        quoted_strings_can_be_null=True,
    )
    table = pcsv.read_csv(path, read_options=read, parse_options=parse, convert_options=convert)
    # Any column the schema does not name is text too.
    for index, field in enumerate(table.schema):
        if not pa.types.is_string(field.type):
            column = table.column(index).cast(pa.string())
            table = table.set_column(index, pa.field(field.name, pa.string()), column)
    return _with_units(table, fields)


def _with_units(table: Any, fields: list[Any]) -> Any:
    pa = _arrow()[0]
    units = {
        field["name"]: {key: field[key] for key in (UNIT, CURRENCY) if key in field}
        for field in fields
        if isinstance(field, dict) and (UNIT in field or CURRENCY in field)
    }
    if not units:
        return table
    schema = pa.schema(
        [
            field.with_metadata(units[field.name]) if field.name in units else field
            for field in table.schema
        ],
        metadata=table.schema.metadata,
    )
    return table.cast(schema)


def format_of(folder: str | os.PathLike[str]) -> FolderFormat:
    """The format of an existing dataset folder's tables (``parquet`` when its descriptor
    names only Parquet files), ``csv`` for any other path."""
    path = Path(folder) / DESCRIPTOR
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8-sig"))
        formats = {resource.get("format") for resource in descriptor["resources"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return "csv"
    return "parquet" if formats == {"parquet"} else "csv"


def load_folder(folder: str | os.PathLike[str]) -> Dataset:
    """The dataset in a folder written by :func:`dump_folder` (or any Data Package whose
    resources are named and laid out so).

    Raises :class:`~industrial_policy.errors.FileFormatError` for a missing or broken
    ``datapackage.json``, :class:`~industrial_policy.errors.TableError` listing every
    problem of every file (file, row, column, record and value), and
    :class:`~industrial_policy.errors.DatasetIntegrityError` for records that do not fit
    together.
    """
    _, _, _, pq = _arrow()
    directory = Path(folder)
    descriptor = _read_descriptor(directory)
    source = str(directory / DESCRIPTOR)
    fields, notation = _manifest(descriptor, source)
    frames: dict[str, Any] = {}
    places: dict[str, Where] = {}
    problems: list[Problem] = []
    for index, resource in enumerate(descriptor["resources"]):
        name = resource.get("name") if isinstance(resource, dict) else None
        if name not in KINDS and name not in CHILD_TABLES:
            known = ", ".join([*KINDS, *CHILD_TABLES])
            problems.append(
                Problem(f"resources[{index}].name", f"no table of a dataset is so named; the"
                        f" tables are: {known}", name)
            )  # fmt: skip
            continue
        assert isinstance(resource, dict)
        path = directory / str(resource.get("path", ""))
        fmt = resource.get("format") or path.suffix.lstrip(".")
        if fmt not in ("csv", "parquet") or not path.is_file():
            what = "no such file" if not path.is_file() else f"unknown format {fmt!r}"
            problems.append(Problem(f"resources[{index}].path", what, str(path)))
            continue
        try:
            frames[name] = pq.read_table(path) if fmt == "parquet" else _read_csv(path, resource)
        except Exception as exc:  # a file pyarrow cannot parse: its own message
            problems.append(Problem(str(path), f"cannot be read as {fmt}: {exc}"))
            continue
        places[name] = Where(source=path.name, first_row=2 if fmt == "csv" else 1)
    if problems:
        raise FileFormatError(problems, source=source)
    try:
        return from_frames(frames, notation=notation, places=places, **fields)
    except DatasetIntegrityError as exc:
        raise DatasetIntegrityError(exc.problems, source=str(directory)) from None
    except ProblemsError as exc:
        raise type(exc)(exc.problems, source=str(directory), total=exc.total) from None
