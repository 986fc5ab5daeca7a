"""Tables in: a dataset from data frames, CSV files, Excel workbooks and Parquet files.

Every table takes one path: a file is read into a native frame (CSV by
polars or pyarrow as text, a sheet by python-calamine, Parquet by pyarrow),
and every frame, the user's or a file's, is read by
:func:`~industrial_policy.io.frames.read_frame` after its
:class:`~industrial_policy.io.mapping.ColumnMapping` is fitted to its
columns. Problems name the file (and sheet), the row as the spreadsheet
numbers it, the column, the record and the value, all at once; problems of
records that do not fit together (a parcel naming an unknown zone) are named
by the same rows.

>>> import pandas as pd, industrial_policy as ip
>>> zones = pd.DataFrame({"id": ["kcn-a"], "name": ["KCN A"], "kind": ["industrial_park"],
...                       "province": ["Hải Dương"], "total_area_ha": [120.0]})
>>> parcels = pd.DataFrame({"id": ["p1", "p2"], "zone_id": ["kcn-a", "kcn-a"],
...                         "area_ha": [45.0, 12.5], "status": ["leased", "vacant"]})
>>> ds = ip.read_frames(zones=zones, parcels=parcels)
>>> ds.parcels[0].area, len(ds.zones)
(<Quantity(45.0, 'hectare')>, 1)

Blank rows at the end of a file are dropped; blank rows in the middle are
skipped, the other rows keep their numbers, and a :class:`TableNote` warning
says how many were skipped and where.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from industrial_policy.columnar import Form, Table, schema_of
from industrial_policy.columnar.problems import Where
from industrial_policy.columnar.reading import Children
from industrial_policy.dataset import Dataset
from industrial_policy.errors import (
    DatasetIntegrityError,
    MappingError,
    Note,
    Problem,
    ProblemsError,
    TableError,
)
from industrial_policy.io.background import beside
from industrial_policy.io.csv import detect_delimiter, head_text, header_lines, read_csv_frame
from industrial_policy.io.excel import Sheet, open_workbook, sheet_frame
from industrial_policy.io.excel_writer import MANIFEST_SHEET, load_workbook
from industrial_policy.io.files import load
from industrial_policy.io.frames import (
    ArrowTexts,
    WithTexts,
    ids_ahead,
    narwhals,
    native_frame,
    read_frame,
)
from industrial_policy.io.located import Located, relocate, relocate_all
from industrial_policy.io.mapping import (
    CHILDREN,
    KINDS,
    ColumnMapping,
    TableMapping,
    no_table,
    resolve,
    suggest,
)
from industrial_policy.io.parquet import read_parquet_frame
from industrial_policy.numbers import Notation

__all__ = [
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "TableNote",
    "find_header",
    "read",
    "read_csv",
    "read_excel",
    "read_frames",
    "read_parquet",
]

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
PARQUET_SUFFIXES = (".parquet", ".pq")
DATASET_SUFFIXES = (".toml", ".json")
_HEAD = 30


class TableNote(Note):
    """Something a reader did that the user should know of: blank rows skipped (shown in
    the current language)."""


def find_header(rows: Sequence[Sequence[str]], expected: Sequence[str]) -> int:
    """The header's row number (from 1) among a file's first ``rows``: the first row
    holding the most ``expected`` names (mapped columns, field names, ``area_ha``...);
    with none of them, the first row of text cells as many as any row's."""
    if not rows:
        return 1
    wanted = {name.strip().casefold() for name in expected}

    def score(row: Sequence[str]) -> int:
        count = 0
        for cell in row:
            text = cell.strip().casefold()
            if text in wanted or any(text.startswith(f"{w}_") for w in wanted if w):
                count += 1
        return count

    scores = [score(row) for row in rows]
    if max(scores) > 0:
        return scores.index(max(scores)) + 1
    filled = [sum(1 for c in row if c.strip()) for row in rows]
    widest = max(filled)
    for index, row in enumerate(rows):
        cells = [c for c in row if c.strip()]
        if len(cells) == widest and all(not _numeric(c) for c in cells):
            return index + 1
    return 1


def _numeric(text: str) -> bool:
    try:
        float(text.replace(",", "").replace(".", ""))
    except ValueError:
        return False
    return True


def _expected(table: TableMapping) -> list[str]:
    names = [*table.columns.values(), *table.ignore]
    names += [f.name for f in schema_of(table.record_kind).fields]
    return names


# -- loading one table ----------------------------------------------------------------------


@attrs.frozen
class _Loaded:
    """A table's frame (narwhals), where its rows come from, problems found reading it."""

    frame: Any
    where: Where
    problems: tuple[Problem, ...] = ()
    texts: Mapping[str, ArrowTexts] = attrs.field(factory=dict)
    """Text columns made when the file was read (its ids, told meanwhile whether they
    repeat: :func:`~industrial_policy.io.frames.ids_ahead`), by column."""


class _Files:
    """Files opened once for the tables they hold (a workbook holds several sheets)."""

    def __init__(self) -> None:
        self.workbooks: dict[Path, Any] = {}

    def workbook(self, path: Path) -> Any:
        if path not in self.workbooks:
            self.workbooks[path] = open_workbook(path)
        return self.workbooks[path]


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def _file_size(source: object) -> int:
    """The size of the file at ``source`` in bytes (0 when it cannot be told)."""
    if not isinstance(source, str | os.PathLike):
        return 0
    try:
        return os.stat(source).st_size
    except (OSError, ValueError):
        return 0


def _is_parquet(source: object) -> bool:
    return isinstance(source, str | os.PathLike) and _suffix(Path(source)) in PARQUET_SUFFIXES


def _load(
    kind: str, source: object, table: TableMapping, files: _Files, borrowed: Mapping[str, Any]
) -> _Loaded:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        suffix = _suffix(path)
        if suffix in CSV_SUFFIXES:
            return _load_csv(path, table)
        if suffix in EXCEL_SUFFIXES:
            return _load_sheet(kind, path, table, files, borrowed)
        if suffix in PARQUET_SUFFIXES:
            return _load_parquet(path, table)
        raise TableError(
            [
                Problem(
                    str(path),
                    f"unknown table format {suffix or 'without a suffix'!r}: a table is a"
                    f" {', '.join(CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES)} file"
                    " or a data frame",
                    suffix,
                )
            ],
            source=str(path),
        )
    frame = native_frame(source)
    return _Loaded(frame, Where(source=f"{kind} ({type(source).__name__})"))


def _blank_rows(frame: Any, where: Where) -> tuple[Any, Where]:
    """Rows with no value in any column: dropped at the end, skipped with a note in the
    middle; the other rows keep their numbers."""
    nw = narwhals()
    if not len(frame) or not frame.columns:
        return frame, where
    blank = frame.select(
        nw.all_horizontal(*[nw.col(c).is_null() for c in frame.columns], ignore_nulls=False)
    )
    mask = np.asarray(blank[blank.columns[0]].to_numpy(), dtype=np.bool_)
    if not mask.any():
        return frame, where
    kept = np.flatnonzero(~mask)
    last = int(kept[-1]) + 1 if len(kept) else 0
    middle = np.flatnonzero(mask[:last])
    numbers = tuple(where.row(int(i)) for i in kept.tolist())
    if len(middle):
        shown = ", ".join(str(where.row(int(i))) for i in middle[:10].tolist())
        if len(middle) == 1:
            note = f"{where.source}: skipped 1 blank row (row {shown})"
        elif len(middle) <= 10:
            note = f"{where.source}: skipped {len(middle):,} blank rows (row {shown})"
        else:
            note = f"{where.source}: skipped {len(middle):,} blank rows (the first: row {shown})"
        warnings.warn(note, TableNote, stacklevel=4)
    keep = nw.new_series("keep", ~mask, nw.Boolean, backend=nw.get_native_namespace(frame))
    located = Located(source=where.source, first_row=where.first_row, numbers=numbers)
    return frame.filter(keep), located


def _load_csv(path: Path, table: TableMapping) -> _Loaded:
    header = table.header_row
    if header is None:
        text = head_text(path, table.encoding)
        delimiter = table.delimiter or detect_delimiter(text.splitlines()[0] if text else "")
        header = find_header(header_lines(text, delimiter), _expected(table))
    native, header, _ = read_csv_frame(path, table, header)
    frame = native_frame(native)
    return _Loaded(*_blank_rows(frame, Where(source=str(path), first_row=header + 1)))


def _load_parquet(path: Path, table: TableMapping) -> _Loaded:
    # The columns of ids and names are read as text; every other text column comes coded by
    # its distinct values, as the file stores them (no second pass to code them).
    one_by_one = {
        spec.name
        for spec in schema_of(table.record_kind).fields
        if spec.form.form in (Form.ID, Form.TEXT)
    }
    plain = {table.columns.get(name, name) for name in one_by_one}
    read = read_parquet_frame(path, plain=plain)
    texts = ids_ahead(read, table.columns.get("id", "id")) if "id" in one_by_one else {}
    return _Loaded(native_frame(read), Where(source=str(path), first_row=1), texts=texts)


def _sheet_name(kind: str, path: Path, table: TableMapping, files: _Files) -> str:
    names: list[str] = list(files.workbook(path).sheet_names)
    if table.sheet is not None:
        if table.sheet in names:
            return table.sheet
        message = f"no sheet {table.sheet!r}"
    else:
        for name in names:
            if name.strip().casefold() == kind:
                return name
        if len(names) == 1:
            return names[0]
        message = f"no sheet is named {kind!r}, and the mapping names none ({kind}.sheet)"
    wanted = table.sheet or kind
    raise TableError(
        [
            Problem(
                str(path),
                f"{message}{suggest(wanted, names)}; the sheets are:"
                f" {', '.join(repr(n) for n in names)}",
                wanted,
            )
        ],
        source=str(path),
    )


def _load_sheet(
    kind: str, path: Path, table: TableMapping, files: _Files, borrowed: Mapping[str, Any]
) -> _Loaded:
    sheet = Sheet(files.workbook(path), _sheet_name(kind, path, table, files), path)
    if _suffix(path) not in (".xlsx", ".xlsm"):
        warnings.warn(
            f"{sheet.source}: in a {_suffix(path)} workbook a cell holding a formula error"
            " (#REF!, #N/A...) cannot be told from an empty cell; save it as .xlsx to have"
            " such cells named",
            TableNote,
            stacklevel=4,
        )
    header = table.header_row or find_header(sheet.head(_HEAD), _expected(table))
    forms: dict[str, Form | None] = {}

    def fitted(names: Sequence[str]) -> Mapping[str, Form | None]:
        resolved = resolve(table, names, sheet.source, skip=list(borrowed))
        schema = {f.name: f.form.form for f in schema_of(table.record_kind).fields}
        by_column = {column: schema.get(field) for field, column in resolved.columns.items()}
        forms.update({c: by_column.get(c) for c in resolved.used})
        forms.update({c: form for c, form in borrowed.items() if c in names})
        return forms

    native, letters, problems, numbers, skipped = sheet_frame(sheet, header, fitted)
    if skipped:
        warnings.warn(
            f"{sheet.source}: skipped {skipped:,} blank row{'s' * (skipped > 1)} between rows",
            TableNote,
            stacklevel=4,
        )
    where = Located(source=sheet.source, first_row=header + 1, numbers=numbers, letters=letters)
    return _Loaded(native_frame(native), where, tuple(problems))


# -- reading tables into a dataset ----------------------------------------------------------


_DATE = re.compile(r"^\s*([0-9]{1,4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,4})\s*$")


def _iso(text: str, order: str) -> str | None:
    """``text`` (``15/03/2019`` in ``dmy`` order) as an ISO date, if it is one."""
    match = _DATE.match(text)
    if match is None:
        return None
    first, second, third = match.groups()
    year, month, day = {
        "dmy": (third, second, first),
        "mdy": (third, first, second),
        "ymd": (first, second, third),
    }[order]
    if len(year) != 4:
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _translated(
    frame: Any,
    columns: Mapping[str, str],
    values: Mapping[str, Mapping[str, object]],
    date_orders: Mapping[str, str],
) -> Any:
    """The frame with the mapping's translations applied to the distinct texts of each
    column (``Trong nước`` to ``domestic``, ``15/03/2019`` to ``2019-03-15``)."""
    nw = narwhals()
    for field in {*values, *date_orders}:
        column = columns[field]
        series = frame[column]
        if series.dtype in (nw.Categorical, nw.Enum):
            # A coded column (a Parquet file's texts, a categorical) is translated as text.
            frame = frame.with_columns(nw.col(column).cast(nw.String))
            series = frame[column]
        elif series.dtype != nw.String:
            continue
        table = {
            unicodedata.normalize("NFC", k).strip().casefold(): v
            for k, v in values.get(field, {}).items()
        }
        order = date_orders.get(field)
        changes: dict[str, str] = {}
        for text in series.drop_nulls().unique().to_list():
            key = unicodedata.normalize("NFC", text).strip().casefold()
            if key in table:
                changes[text] = _as_text(table[key])
            elif order is not None:
                iso = _iso(text, order)
                if iso is not None:
                    changes[text] = iso
        if changes:
            frame = frame.with_columns(
                nw.col(column).replace_strict(
                    list(changes),
                    list(changes.values()),
                    default=nw.col(column),
                    return_dtype=nw.String,
                )
            )
    return frame


def _read_one(
    kind: str,
    loaded: _Loaded,
    table: TableMapping,
    notation: Notation,
    children: Mapping[str, Children] | None = None,
    skip: Sequence[str] = (),
) -> Table[Any]:
    frame = loaded.frame
    resolved = resolve(table, list(frame.columns), loaded.where.source, skip=skip)
    texts = loaded.texts
    if resolved.values or resolved.date_orders:
        frame = _translated(frame, resolved.columns, resolved.values, resolved.date_orders)
        texts = {}  # a column's texts may have been translated
    used = frame.select(list(resolved.used)) if resolved.used else frame.select([])
    return read_frame(
        table.record_kind,
        WithTexts(used, texts) if texts else used,
        columns=resolved.columns,
        units=resolved.units,
        currencies=resolved.currencies,
        constants=resolved.constants,
        notation=notation,
        notations=resolved.notations,
        where=loaded.where,
        children=children,
    )


def _merge(
    found: Sequence[Problem], table_problems: Sequence[Problem], where: Where
) -> list[Problem]:
    """The problems of reading a file's cells and of reading its rows, named by cell,
    without telling twice of a cell already told of (an error cell is also missing)."""
    told = {(p.row, p.column) for p in found if p.row is not None}
    moved = [relocate(p, where) for p in table_problems if (p.row, p.column) not in told]
    return [*found, *moved]


class _Reader:
    """Reads every table of a dataset, collecting every problem of every table."""

    def __init__(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self.files = _Files()
        self.loaded: dict[str, _Loaded] = {}
        self.loading: dict[str, Future[_Loaded]] = {}  # files still being read, by kind
        self.unloaded: dict[str, ProblemsError] = {}  # why a table could not be loaded
        self.problems: list[Problem] = []
        self.untold = 0  # problems counted by a table's error but not kept in it
        self.mapping_only = True
        self.wheres: dict[str, Where] = {}
        self.failed_rows: dict[str, frozenset[int]] = {}  # by kind, when only rows failed
        self.order: list[str] = []  # the tables given, in order

    def read_rest(
        self, kind: str, loaded: _Loaded, ids: Sequence[str], skip: Sequence[str]
    ) -> Children | None:
        """The children of ``kind`` in the rows that read, after some rows failed (their
        problems told already): so that one bad child does not hide the checks of the
        other parents. ``None`` when that cannot be told."""
        failed = self.failed_rows.get(kind)
        if not failed:
            return None
        nw = narwhals()
        keep = [i for i in range(len(ids)) if i not in failed]
        frame = loaded.frame.with_row_index("__row__")
        frame = frame.filter(nw.col("__row__").is_in(keep)).drop("__row__")
        table = self.mapping.table(kind)
        try:
            rest = _read_one(
                kind, attrs.evolve(loaded, frame=frame, texts={}), table,
                self.mapping.notation_of(kind),
                skip=skip,
            )  # fmt: skip
        except (TableError, MappingError):
            return None
        return Children(
            rest,
            [ids[i] for i in keep],
            loaded.where,
            unread_ids=frozenset(ids[i] for i in failed if i < len(ids)),
        )

    def load_all(self, sources: Mapping[str, object]) -> None:
        """Each table's file or frame loaded. Two or more Parquet files are read at once:
        the smallest on the caller's thread, the others on the pool's threads
        (:func:`~industrial_policy.io.background.beside`; Arrow releases the interpreter's
        lock while it reads), each waited for when first asked (:meth:`loaded_of`). The
        first tables are read into records while the others still load; the caller goes
        on with the smallest at once, rather than wait to be woken when a thread has read
        it (on a busy machine, that wake-up costs more than the file's read). :meth:`settle`
        waits for them all and tells the problems of loading first, in the order of
        ``sources``."""
        together = [kind for kind, source in sources.items() if _is_parquet(source)]
        workers = min(len(together), os.cpu_count() or 1)
        self.order = list(sources)
        if workers > 1:
            here = min(together, key=lambda kind: _file_size(sources[kind]))
            self.loading = {
                kind: beside(self._opened, kind, sources[kind]) for kind in together if kind != here
            }
        for kind, source in sources.items():
            if kind not in self.loading:
                self._keep(kind, partial(self._opened, kind, source))

    def loaded_of(self, kind: str) -> _Loaded | None:
        """The table of ``kind`` as loaded (``None`` when it could not be, or was not
        given), waiting for its file if it is still being read."""
        pending = self.loading.pop(kind, None)
        if pending is not None:
            self._keep(kind, pending.result)
        return self.loaded.get(kind)

    def settle(self) -> None:
        """Every file loaded, and the problems of loading told before any other."""
        for kind in list(self.loading):
            self.loaded_of(kind)
        failures = [self.unloaded.pop(kind) for kind in self.order if kind in self.unloaded]
        told = len(self.problems)
        for exc in failures:
            self.fail(exc)
        self.problems = self.problems[told:] + self.problems[:told]

    def _keep(self, kind: str, load: Callable[[], _Loaded]) -> None:
        try:
            self.loaded[kind] = load()
        except ProblemsError as exc:
            self.unloaded[kind] = exc

    def _opened(self, kind: str, source: object) -> _Loaded:
        borrowed = _borrowed(self.mapping, kind)
        if kind in CHILDREN:  # the column naming each row's parent
            table = self.mapping.table(kind)
            borrowed[_parent_column(kind, table)] = Form.CODED
        return _load(kind, source, self.mapping.table(kind), self.files, borrowed)

    def fail(self, exc: ProblemsError) -> None:
        self.problems.extend(exc.problems)
        self.untold += exc.total - len(exc.problems)
        if not isinstance(exc, MappingError):
            self.mapping_only = False

    def read(
        self,
        kind: str,
        loaded: _Loaded,
        children: Mapping[str, Children] | None = None,
        skip: Sequence[str] = (),
    ) -> Table[Any] | None:
        table = self.mapping.table(kind)
        # The dataset's checks name a field by the user's column, as the mapping gives it.
        self.wheres[kind] = attrs.evolve(
            loaded.where, columns={**loaded.where.columns, **table.columns}
        )
        try:
            result = _read_one(kind, loaded, table, self.mapping.notation_of(kind), children, skip)
        except TableError as exc:
            self.problems.extend(_merge(loaded.problems, exc.problems, loaded.where))
            self.untold += exc.total - len(exc.problems)
            self.mapping_only = False
            if not loaded.problems:
                self.failed_rows[kind] = exc.failed_rows
            return None
        except MappingError as exc:
            self.fail(exc)
            return None
        if loaded.problems:
            self.problems.extend(loaded.problems)
            self.mapping_only = False
            return None
        return result

    def raise_if_any(self) -> None:
        ambiguous = [p for p in self.problems if "ambiguous number" in p.message]
        if ambiguous:
            example = ambiguous[0].value
            self.problems.append(
                Problem(
                    "notation",
                    f"numbers such as {example!r} read two ways: say how the tables write"
                    " numbers, notation = 'en' (6.418 is six and a bit) or 'vi' (6.418 is six"
                    " thousand) in the mapping, the notation argument or --notation",
                    example,
                )
            )
        if self.problems:
            error = MappingError if self.mapping_only else TableError
            sources = {p.path.split(":")[0].split(" row ")[0] for p in self.problems}
            raise error(
                self.problems,
                source=", ".join(sorted(sources)) if len(sources) == 1 else None,
                total=len(self.problems) + self.untold,
            )


def _parent_column(kind: str, table: TableMapping) -> str:
    """The column of a child table that names each row's parent (``project_id``)."""
    return table.parent or f"{CHILDREN[kind][0][:-1]}_id"


def _borrowed(mapping: ColumnMapping, host: str) -> dict[str, Form | None]:
    """The columns of table ``host`` that tables read from its rows use, with the form
    of the field each gives."""
    names: dict[str, Form | None] = {}
    for table in mapping.tables.values():
        if table.in_table == host:
            forms = {f.name: f.form.form for f in schema_of(table.record_kind).fields}
            names.update({c: forms.get(f) for f, c in table.columns.items()})
            names.update(
                {
                    v["column"]: None
                    for v in [*table.units.values(), *table.currencies.values()]
                    if isinstance(v, Mapping)
                }
            )
    return names


def _in_table(
    reader: _Reader, kind: str, table: TableMapping
) -> tuple[_Loaded, list[str], list[str]] | None:
    """A table read from the rows of another (``in_table``): its frame (the rows with a
    value in one of its columns), and the ids of the rows they come from."""
    nw = narwhals()
    host = reader.loaded_of(table.in_table or "")
    if host is None:
        return None
    host_table = reader.mapping.table(table.in_table or "")
    try:
        host_columns = resolve(
            host_table,
            list(host.frame.columns),
            host.where.source,
            skip=list(_borrowed(reader.mapping, table.in_table or "")),
        ).columns
    except MappingError:
        return None  # told of when the host table is read
    id_column = host_columns.get("id")
    own = [*table.columns.values()]
    own += [
        v["column"]
        for v in [*table.units.values(), *table.currencies.values()]
        if isinstance(v, Mapping)
    ]
    if id_column is None or not own:
        reader.problems.append(
            Problem(
                f"{kind}.in_table",
                f"{kind} read from the rows of {table.in_table} need the {table.in_table}' ids"
                f" and at least one column of their own ({kind}.columns)",
            )
        )
        reader.mapping_only = False
        return None
    frame = host.frame
    missing = [c for c in own if c not in frame.columns]
    if missing:
        try:
            resolve(table, list(frame.columns), host.where.source)
        except MappingError as exc:
            reader.fail(exc)
        return None
    present = frame.select(
        ~nw.all_horizontal(*[nw.col(c).is_null() for c in own], ignore_nulls=False)
    )
    mask = np.asarray(present[present.columns[0]].to_numpy(), dtype=np.bool_)
    rows = np.flatnonzero(mask)
    keep = nw.new_series("keep", mask, nw.Boolean, backend=nw.get_native_namespace(frame))
    chosen = frame.filter(keep)
    ids = [str(v) if v is not None else "" for v in chosen[id_column].to_list()]
    numbers = tuple(host.where.row(int(r)) for r in rows.tolist())
    where = Located(
        source=host.where.source,
        first_row=host.where.first_row,
        numbers=numbers,
        letters=getattr(host.where, "letters", {}),
    )
    others = [c for c in frame.columns if c not in own]
    return _Loaded(chosen.drop(others), where, host.problems), ids, others


def _derived(
    reader: _Reader, kind: str, table: TableMapping, loaded: _Loaded, ids: list[str]
) -> tuple[_Loaded, TableMapping]:
    """A table read from another's rows, with the column naming the row it comes from
    (``zone_id`` of parcels read from zones) and ids made from it where none is mapped."""
    nw = narwhals()
    schema = schema_of(table.record_kind)
    link = next((f for f, target in schema.references.items() if target == table.in_table), None)
    frame = loaded.frame
    backend = nw.get_native_namespace(frame)
    columns = dict(table.columns)
    if link is not None and link not in columns and link not in table.constants:
        frame = frame.with_columns(nw.new_series(f"{link} of", ids, nw.String, backend=backend))
        columns[link] = f"{link} of"
    if "id" in schema.names and "id" not in columns and "id" not in table.constants:
        made = [f"{i}/{kind}" for i in ids]
        frame = frame.with_columns(nw.new_series("id of", made, nw.String, backend=backend))
        columns["id"] = "id of"
    return attrs.evolve(loaded, frame=frame), attrs.evolve(table, columns=columns)


def read_frames(
    mapping: ColumnMapping | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    *,
    notation: Notation | str | None = None,
    name: str | None = None,
    description: str | None = None,
    sources: Sequence[str] = (),
    exchange_rates: Any = None,
    evaluation: Any = None,
    **tables: Any,
) -> Dataset:
    """The dataset of the tables given by name (``zones=``, ``parcels=``,
    ``capital_events=``...): data frames (pandas, polars, pyarrow, a lazy polars frame, a
    DuckDB relation...) or files (``.csv``, ``.xlsx``, ``.parquet``), read as ``mapping``
    says; tables the mapping gives a ``file`` need not be named. ``notation`` is the
    notation of numbers written as text where the mapping says none (default strict).
    Lists or tables of records are taken as they are.

    Raises :class:`~industrial_policy.errors.TableError` (or
    :class:`~industrial_policy.errors.MappingError`) listing every problem of every table,
    and :class:`~industrial_policy.errors.DatasetIntegrityError` for records that do not
    fit together, named by file, row and column.
    """
    chosen = ColumnMapping.of(mapping).with_notation(notation)
    unknown = [k for k in tables if k not in KINDS]
    if unknown:
        raise MappingError([no_table(k) for k in unknown])
    given: dict[str, Any] = {}
    for kind in chosen.tables:
        path = chosen.path_of(kind)
        if path is not None:
            given[kind] = path
    given.update(tables)
    derived_given = [k for k in given if chosen.table(k).in_table is not None]
    if derived_given:
        raise MappingError(
            [
                Problem(
                    f"{k}.in_table",
                    f"the mapping reads {k} from the rows of {chosen.table(k).in_table};"
                    f" a table of {k} of its own needs a mapping of its own (without in_table)",
                    k,
                )
                for k in derived_given
            ]
        )
    reader = _Reader(chosen)
    as_is: dict[str, Any] = {}
    for kind, source in given.items():
        if isinstance(source, Table) or (
            isinstance(source, list | tuple) and not isinstance(source, str)
        ):
            as_is[kind] = source
    reader.load_all({kind: source for kind, source in given.items() if kind not in as_is})
    derived = [k for k, t in chosen.tables.items() if t.in_table is not None and k not in given]
    read: dict[str, Table[Any]] = {}
    nested: dict[str, dict[str, Children]] = {}
    for kind in [k for k in KINDS if k in CHILDREN] + [k for k in KINDS if k not in CHILDREN]:
        table = chosen.table(kind)
        skip: list[str] = []
        ids: list[str] | None = None
        loaded = reader.loaded_of(kind)
        if kind in derived:
            found = _in_table(reader, kind, table)
            if found is None:
                continue
            loaded, ids, skip = found
            if kind not in CHILDREN:
                loaded, table = _derived(reader, kind, table, loaded, ids)
                reader.mapping = attrs.evolve(
                    reader.mapping, tables={**reader.mapping.tables, kind: table}
                )
        if loaded is None:
            continue
        if kind in CHILDREN:
            parent_kind, field = CHILDREN[kind]
            if ids is None:
                parent = _parent_column(kind, table)
                if parent not in loaded.frame.columns:
                    shown = ", ".join(repr(c) for c in loaded.frame.columns)
                    reader.problems.append(
                        Problem(
                            f"{loaded.where.source}: {kind}.parent",
                            f"no column {parent!r}{suggest(parent, loaded.frame.columns)} names"
                            f" the {parent_kind[:-1]} of each row (name it: {kind}.parent);"
                            f" the columns are: {shown}",
                            parent,
                        )
                    )
                    reader.mapping_only = False
                    continue
                ids = [str(v) if v is not None else "" for v in loaded.frame[parent].to_list()]
                skip = [parent]
            child = reader.read(kind, loaded, skip=skip)
            read_children = (
                Children(child, ids, loaded.where)
                if child is not None
                else reader.read_rest(kind, loaded, ids, skip)
            )
            if read_children is not None:
                nested.setdefault(parent_kind, {})[field] = read_children
            continue
        skip = [*skip, *_borrowed(chosen, kind)]
        result = reader.read(kind, loaded, children=nested.get(kind), skip=skip)
        if result is not None:
            read[kind] = result
    reader.settle()
    for parent_kind, fields in nested.items():
        if parent_kind not in reader.loaded:
            reader.problems.append(
                Problem(
                    ", ".join(fields),
                    f"{', '.join(fields)} belong to {parent_kind}:"
                    f" give the {parent_kind} table too",
                )
            )
            reader.mapping_only = False
    reader.raise_if_any()
    read.update(as_is)
    options: dict[str, Any] = {"name": name, "description": description, "sources": sources}
    if exchange_rates is not None:
        options["exchange_rates"] = exchange_rates
    if evaluation is not None:
        options["evaluation"] = evaluation
    try:
        return Dataset(**read, **options)  # type: ignore[arg-type]
    except DatasetIntegrityError as exc:
        raise DatasetIntegrityError(
            relocate_all(exc.problems, reader.wheres), source=exc.source
        ) from None


# -- files --------------------------------------------------------------------------------


def _kind_of(path: Path, kind: str | None, mapping: ColumnMapping) -> str:
    """The table a file of one table holds: ``kind``, the one table of the mapping that
    names no file, or the file's name (``parcels.csv``)."""
    if kind is not None:
        if kind not in KINDS:
            raise MappingError([no_table(kind, "kind")])
        return kind
    open_tables = [k for k, t in mapping.tables.items() if t.file is None and t.in_table is None]
    if len(open_tables) == 1:
        return open_tables[0]
    stem = path.stem.strip().casefold()
    if stem in KINDS:
        return stem
    raise MappingError(
        [
            Problem(
                str(path),
                "which table does this file hold? Say it (kind='parcels', or --kind parcels on"
                " the command line), name the file like the table (parcels.csv), or give the"
                f" table's file in the mapping; the tables are: {', '.join(KINDS)}",
            )
        ]
    )


def read(
    path: str | os.PathLike[str] | None = None,
    *,
    kind: str | None = None,
    mapping: ColumnMapping | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    notation: Notation | str | None = None,
    **tables: Any,
) -> Dataset:
    """A dataset from a file chosen by its suffix: a ``.csv`` or ``.parquet`` file of one
    table (``kind``, or as the file is named), a workbook (``.xlsx``: a sheet per table),
    or a dataset file or folder (``.toml``, ``.json``: :func:`industrial_policy.load`); a
    workbook with a ``manifest`` sheet, as ``industrial-policy convert`` writes it, is read
    as the dataset it holds.
    Other tables are named like in :func:`read_frames` (``zones="zones.csv"``) or given a
    ``file`` in the mapping.

    >>> ds = read(ip.examples.tables.path("parks.xlsx"),           # doctest: +SKIP
    ...           mapping=ip.examples.tables.path("mapping.toml"))
    """
    if path is None:
        return read_frames(mapping, notation=notation, **tables)
    file = Path(path)
    suffix = _suffix(file)
    if suffix in DATASET_SUFFIXES or file.is_dir() or not suffix:
        if mapping is not None or tables:
            raise MappingError(
                [Problem(str(file), "a dataset file takes no column mapping and no other tables")]
            )
        return load(file)
    if suffix == ".xlsx" and mapping is None and not tables and kind is None:
        book = open_workbook(file)
        if MANIFEST_SHEET in book.sheet_names:  # a dataset's own workbook (convert, dump)
            return load_workbook(file)
    chosen = ColumnMapping.of(mapping)
    named = [k for k in chosen.tables if _same_file(chosen.path_of(k), file)]
    if named and kind is None:  # the mapping says which tables the file holds
        return read_frames(chosen, notation=notation, **tables)
    if suffix in EXCEL_SUFFIXES:
        return _workbook(file, kind, chosen, notation, tables)
    given: dict[str, Any] = {_kind_of(file, kind, chosen): file, **tables}
    return read_frames(chosen, notation=notation, **given)


def _same_file(a: Path | None, b: Path) -> bool:
    if a is None:
        return False
    try:
        return a.resolve() == b.resolve()
    except OSError:  # pragma: no cover - a path the system cannot resolve
        return a == b


def _workbook(
    path: Path, kind: str | None, mapping: ColumnMapping, notation: Any, tables: dict[str, Any]
) -> Dataset:
    """Every table of a workbook: the sheets the mapping names or named like the tables."""
    if kind is not None:
        one: dict[str, Any] = {_kind_of(path, kind, mapping): path, **tables}
        return read_frames(mapping, notation=notation, **one)
    names = {str(n).strip().casefold() for n in open_workbook(path).sheet_names}
    kinds = [
        k
        for k, t in mapping.tables.items()
        if t.file is None and t.in_table is None and (t.sheet is not None or k in names)
    ]
    kinds += [k for k in KINDS if k in names and k not in kinds and k not in mapping.tables]
    if not kinds:
        kinds = [_kind_of(path, None, mapping)]
    given: dict[str, Any] = {**dict.fromkeys(kinds, path), **tables}
    return read_frames(mapping, notation=notation, **given)


def _checked_suffix(path: str | os.PathLike[str], suffixes: tuple[str, ...], what: str) -> Path:
    file = Path(path)
    if _suffix(file) not in suffixes:
        raise TableError(
            [Problem(str(file), f"not a {what} file: its name ends in {', '.join(suffixes)}")],
            source=str(file),
        )
    return file


def _reader(suffixes: tuple[str, ...], what: str) -> Callable[..., Dataset]:
    def read_files(
        path: str | os.PathLike[str] | None = None,
        *,
        kind: str | None = None,
        mapping: ColumnMapping | Mapping[str, Any] | str | os.PathLike[str] | None = None,
        notation: Notation | str | None = None,
        **tables: Any,
    ) -> Dataset:
        if path is not None:
            _checked_suffix(path, suffixes, what)
        return read(path, kind=kind, mapping=mapping, notation=notation, **tables)

    return read_files


read_csv = _reader(CSV_SUFFIXES, "CSV")
read_csv.__name__ = read_csv.__qualname__ = "read_csv"
read_csv.__doc__ = """A dataset from CSV files: ``path`` holds one table (``kind``, or as
the file is named: ``parcels.csv``), other tables by name (``zones="zones.csv"``) or
by the mapping's ``file``. Every column is read as text; see :mod:`industrial_policy.io.csv`."""

read_excel = _reader(EXCEL_SUFFIXES, "workbook (Excel)")
read_excel.__name__ = read_excel.__qualname__ = "read_excel"
read_excel.__doc__ = """A dataset from a workbook: one sheet per table, named like the table
(``zones``, ``parcels``) or in the mapping (``sheet = "Khu công nghiệp"``); see
:mod:`industrial_policy.io.excel`."""

read_parquet = _reader(PARQUET_SUFFIXES, "Parquet")
read_parquet.__name__ = read_parquet.__qualname__ = "read_parquet"
read_parquet.__doc__ = """A dataset from Parquet files: ``path`` holds one table (``kind``, or
as the file is named), other tables by name or by the mapping's ``file``."""
