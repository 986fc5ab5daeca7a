"""Reading and writing dataset files (TOML or JSON, chosen by the file's suffix), and
dataset folders of CSV or Parquet tables (:mod:`industrial_policy.io.folder`).

Nothing in a file is ever executed: TOML and JSON are parsed as data only.
Every problem in a file is reported at once, each with its path, in one
:class:`~industrial_policy.errors.FileFormatError`; a file is loaded whole
or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tomllib
from collections.abc import Callable, Iterator
from functools import cache, partial
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Literal

import attrs
import cattrs

from industrial_policy.columnar import Table
from industrial_policy.dataset import Dataset
from industrial_policy.errors import (
    DatasetIntegrityError,
    FileFormatError,
    Problem,
    ProblemsError,
    short_repr,
)
from industrial_policy.io import folder, toml_writer
from industrial_policy.io.converter import converter, counted_problems, make_converter
from industrial_policy.io.mapping import KINDS as MAPPED_TABLES
from industrial_policy.io.record_lists import KINDS, read_records
from industrial_policy.io.record_text import json_list, plain_rows, toml_tables
from industrial_policy.numbers import Notation, using_notation

NOTATIONS = tuple(str(notation) for notation in Notation)

__all__ = ["FORMAT_ID", "dump", "dumps", "load", "loads", "read_document"]

FORMAT_ID = "industrial-policy/1"
"""The value of the ``format`` key that dataset files carry (optional when reading)."""

Format = Literal["toml", "json"]

_METADATA = ("name", "description", "sources")


def _format_of(path: Path, explicit: str | None) -> Format:
    chosen = (explicit or path.suffix.lstrip(".")).lower()
    if chosen not in ("toml", "json"):
        what = f"unknown file format {chosen!r}" if chosen else "no file format in the name"
        raise FileFormatError(
            [
                Problem(
                    "",
                    f"{what}: use a .toml or .json file, or a folder of tables"
                    " (format='csv' or 'parquet')",
                    chosen,
                )
            ],
            source=str(path),
        )
    return chosen  # type: ignore[return-value]


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):  # a key given twice: the first one repeated is named
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r} in one object")
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number the format accepts")


def parse_text(text: str, fmt: Format, source: str | None = None) -> Any:
    """Parsed TOML or JSON; syntax errors become a ``FileFormatError`` with the position."""
    try:
        if fmt == "toml":
            return tomllib.loads(text)
        return json.loads(
            text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        problem = Problem(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")
    except tomllib.TOMLDecodeError as exc:
        problem = Problem("", f"not valid TOML: {exc}")
    except RecursionError:
        problem = Problem("", "nested too deeply to be read")
    except ValueError as exc:  # duplicate keys, NaN/Infinity, numbers too long to convert
        problem = Problem("", f"not valid {fmt.upper()}: {exc}")
    raise FileFormatError([problem], source=source)


def read_text(path: str | os.PathLike[str]) -> str:
    """A file's text, or a ``FileFormatError`` saying plainly why it cannot be read.

    A missing file, a directory, a file without read permission, bytes that
    are not UTF-8 and an empty file each get their own message; a UTF-8 byte
    order mark is dropped.
    """
    file = Path(path)
    source = str(file)

    def fail(message: str) -> FileFormatError:
        return FileFormatError([Problem("", message, source)], source=source)

    try:
        folder = file.is_dir()
        raw = b"" if folder else file.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("permission denied: the file cannot be read") from None
    except OSError as exc:
        raise fail(f"cannot be read: {exc.strerror or exc}") from None
    except ValueError:  # the name holds a NUL character, which no file name can
        raise fail("is not a possible file name (it holds a NUL character)") from None
    if folder:
        raise fail("is a directory, not a file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(
            f"is not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r});"
            " save it as UTF-8"
        ) from None
    if not text.strip():
        # Valid TOML (an empty table), but far more often a failed download or an
        # interrupted save than a study with nothing in it.
        raise fail("is empty" if not text else "holds nothing but white space")
    return text


def read_document(path: str | os.PathLike[str], *, fmt: str | None = None) -> tuple[Any, Format]:
    """A file's parsed content and its format, with clear errors for unreadable files."""
    chosen = _format_of(Path(path), fmt)
    return parse_text(read_text(path), chosen, str(Path(path))), chosen


@cache
def dataset_converter() -> cattrs.Converter:
    """The converter of dataset files: the kinds held in large numbers read as columns
    (:mod:`~industrial_policy.io.record_lists`), the others record by record."""
    return make_converter({kind: partial(read_records, kind) for kind in KINDS})


def structure_document(document: Any, source: str | None = None) -> Dataset:
    """The :class:`~industrial_policy.dataset.Dataset` in a parsed document."""
    if not isinstance(document, dict):
        raise FileFormatError(
            [Problem("", "a dataset file must hold a table (a JSON object) at the top")],
            source=source,
        )
    body = dict(document)
    declared = body.pop("format", FORMAT_ID)
    if declared != FORMAT_ID:
        raise FileFormatError(
            [
                Problem(
                    "format",
                    f"this library reads format {FORMAT_ID!r}, got {short_repr(declared)}",
                    declared,
                )
            ],
            source=source,
        )
    written = body.pop("notation", None)
    if written is not None and written not in NOTATIONS:
        raise FileFormatError(
            [
                Problem(
                    "notation",
                    f"the notation of numbers is 'strict', 'en' or 'vi', got {short_repr(written)}",
                    written,
                )
            ],
            source=source,
        )
    mapped = _mapping_sections(body)
    if mapped:
        name = repr(source) if source else "<its path>"
        raise FileFormatError(
            [
                Problem(
                    ", ".join(mapped),
                    "tables of settings ('file', 'columns', 'units'...) where a dataset lists"
                    " records: this is a column mapping; read the tables it names with"
                    f" ip.read(mapping={name}) (on the command line: --mapping)",
                    mapped,
                )
            ],
            source=source,
        )
    # A notation given by the caller (the CLI's --notation) holds where the file says none.
    with using_notation(written), _structured(source):
        return dataset_converter().structure(body, Dataset)


_MAPPING_KEYS = frozenset({"file", "columns", "units", "currencies", "sheet", "constants"})


def _mapping_sections(body: dict[str, Any]) -> list[str]:
    """The sections of a document that are a column mapping's (a table of settings with a
    mapping's keys where a dataset holds a list of records), when no section is a list of
    records."""
    if any(isinstance(value, list) for value in body.values()):
        return []
    return [
        name
        for name, value in body.items()
        if name in MAPPED_TABLES and isinstance(value, dict) and _MAPPING_KEYS & set(value)
    ]


@contextlib.contextmanager
def _structured(source: str | None) -> Iterator[None]:
    """Every failure of structuring a document as one listed error naming ``source``."""
    try:
        yield
    except ProblemsError as exc:
        raise type(exc)(exc.problems, source=source, total=exc.total) from None
    except BaseExceptionGroup as group:
        # Records that are each valid but do not fit together: the dataset's own error.
        inner = group.exceptions
        if len(inner) == 1 and isinstance(inner[0], DatasetIntegrityError):
            raise DatasetIntegrityError(inner[0].problems, source=source) from None
        problems, total = counted_problems(group)
        raise FileFormatError(problems, source=source, total=total) from None
    except Exception as exc:  # every failure below becomes a listed problem
        problems, total = counted_problems(exc)
        raise FileFormatError(problems, source=source, total=total) from None


def _is_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a folder (``False`` for a name no file system takes: reading
    it then says why)."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def load(
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    format: str | None = None,
    notation: Notation | str | None = None,
) -> Dataset:
    """Read a dataset file (``.toml`` or ``.json``), or a dataset folder (a
    ``datapackage.json`` and its CSV or Parquet tables, see :mod:`industrial_policy.io.folder`).

    Numbers, amounts and dates written as text are read in the file's own
    ``notation`` key (``"strict"``, ``"en"`` or ``"vi"``), else in ``notation``,
    else strictly (:mod:`industrial_policy.numbers`).

    Raises :class:`~industrial_policy.errors.FileFormatError` (or
    :class:`~industrial_policy.errors.DatasetIntegrityError` for records that
    do not fit together) listing every problem with its path.
    """
    with using_notation(notation):
        if _is_folder(path) and Path(path).suffix.lower() not in (".toml", ".json"):
            return folder.load_folder(path)
        document, _ = read_document(path, fmt=fmt or format)
        return structure_document(document, source=str(path))


def loads(
    text: str,
    fmt: Format = "toml",
    *,
    source: str | None = None,
    notation: Notation | str | None = None,
) -> Dataset:
    """Read a dataset from TOML or JSON text (in its ``notation`` key, else ``notation``).

    >>> ds = loads('''
    ... notation = "vi"
    ... [[zones]]
    ... id = "kcn-a"
    ... name = "KCN A"
    ... kind = "industrial_park"
    ... province = "Hải Dương"
    ... total_area = "6.418,5 ha"
    ... ''')
    >>> ds.zones[0].total_area
    <Quantity(6418.5, 'hectare')>
    """
    with using_notation(notation):
        return structure_document(parse_text(text, fmt, source), source=source)


def to_document(dataset: Any) -> dict[str, Any]:
    """The dataset as plain data, metadata first, empty collections left out."""
    return _document(dataset, lambda key, table: plain_rows(table))


def _document(dataset: Any, records: Callable[[str, Table[Any]], Any]) -> dict[str, Any]:
    """The document of ``dataset``: each field as cattrs unstructures it (left out where it
    equals its default), the tables of the kinds held in large numbers as ``records``
    makes them from their columns."""
    conv = converter()
    data: dict[str, Any] = {}
    for field in attrs.fields(attrs.resolve_types(Dataset)):
        if not field.init:
            continue
        value = getattr(dataset, field.name)
        if isinstance(value, Table) and value.kind in KINDS:
            if len(value):
                data[field.name] = records(field.name, value)
            continue
        default: Any = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if default is not attrs.NOTHING and value == default:
            continue
        data[field.name] = conv.unstructure(value, field.type)
    document: dict[str, Any] = {"format": FORMAT_ID}
    for key in _METADATA:
        if key in data:
            document[key] = data.pop(key)
    for key, value in data.items():
        if value not in (None, [], {}):
            document[key] = value
    return document


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


class _JsonText(str):
    """A value of the document written as JSON text already (at nesting level 1)."""


def _json_document(document: dict[str, Any]) -> str:
    """``json.dumps(document, ensure_ascii=False, indent=2)``, with values written already."""
    parts = []
    for key, value in document.items():
        if isinstance(value, _JsonText):
            text = str(value)
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
            text = text.replace("\n", "\n  ")
        parts.append(f"  {encode_basestring(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


def dumps(dataset: Dataset, fmt: Format = "toml") -> str:
    """The dataset as TOML or JSON text that :func:`loads` reads back equal."""
    if fmt == "toml":
        return toml_writer.dumps(_document(dataset, toml_tables))
    document = _document(dataset, lambda key, table: _JsonText(json_list(table, _json_default)))
    return _json_document(document) + "\n"


def dump(
    dataset: Dataset,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    format: str | None = None,
) -> None:
    """Write the dataset to ``path``: a TOML or JSON file (format from the suffix unless
    ``format`` is given), or, with ``format="csv"`` or ``"parquet"`` or a path that is a
    folder or has no suffix, a dataset folder of CSV (the default) or Parquet tables."""
    file = Path(path)
    chosen = (format or fmt or "").lower()
    if chosen in ("csv", "parquet") or (
        not chosen and (_is_folder(file) or not file.suffix or str(path).endswith(("/", os.sep)))
    ):
        folder.dump_folder(dataset, file, fmt="parquet" if chosen == "parquet" else "csv")
        return
    file.write_text(dumps(dataset, _format_of(file, chosen or None)), encoding="utf-8")
