"""Tables out and back: the columnar core as Arrow tables, and frames of every engine.

:func:`arrow_tables` turns one :class:`~industrial_policy.columnar.Table` into
an Arrow table straight from its typed columns (no record is made): one
column per field, and a child table per nested field (a project's capital
events) whose first column, ``project_id``, names the parent.
:func:`table_of_arrow` reads such a table back, through the same cells and
:func:`~industrial_policy.columnar.reading.read_table` as every reader, so a
table written and read again equals the one written, column by column, each
area in its own unit. :func:`to_frames` and :func:`from_frames` do the same
for a whole dataset, with pandas, polars or pyarrow frames.

The layout (``docs/dataset-format.md`` gives it in full):

* ids and texts: strings; repeated texts and references: dictionary-encoded
  strings; enum members: their values, dictionary-encoded; sets of members:
  ``list<string>``; flags: booleans; whole numbers: ``int64``; dates:
  ``date32``; every missing value is null;
* an area: its magnitude as ``float64`` and its unit, in the field's Arrow
  metadata (``{"unit": "ha"}``) when the whole column has one, else in a
  column ``<field>_unit`` beside it (always so for pandas and polars, which
  drop field metadata); money likewise with ``currency`` and
  ``<field>_currency``; money a float cannot hold to the digit is written as
  text with its currency (``"123456789012345678 VND"``);
* fields held as objects (a target's amounts and periods, a figure's scope):
  their text in the dataset file (``"25%"``, ``"2021–2025"``), a value that
  is not text as JSON (``72``, ``{"value": 2.5, "unit": "hectare"}``), a
  record-like value spread over ``<field>_<part>`` columns (``scope_province``,
  ``scope_within``, ``scope_outside``, ``scope_kinds``).

Needs the ``arrow`` extra (pyarrow and narwhals).

>>> import industrial_policy as ip
>>> parcels = ip.Dataset(zones=[ip.Zone(id="a", name="A", kind="industrial_park",
...                                     province="Hải Dương")],
...                      parcels=[ip.Parcel(id="a-1", zone_id="a", area="45 ha", status="vacant")])
>>> table, children = arrow_tables(parcels.parcels)
>>> table.schema.field("area").metadata
{b'unit': b'ha'}
>>> table_of_arrow(ip.Parcel, table) == parcels.parcels
True
"""

from __future__ import annotations

import os
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeVar

import attrs
import numpy as np

from industrial_policy.amounts import decimal_text
from industrial_policy.columnar import Form, Table, schema_of
from industrial_policy.columnar.cells import Coded
from industrial_policy.columnar.column import Column
from industrial_policy.columnar.objects import ObjectColumn
from industrial_policy.columnar.problems import Problems, Where
from industrial_policy.columnar.quantities import AreaColumn, MoneyColumn
from industrial_policy.columnar.reading import Children, read_table
from industrial_policy.columnar.scalars import (
    DateColumn,
    EnumColumn,
    EnumSetColumn,
    FlagColumn,
    IntColumn,
    OptionalFlagColumn,
)
from industrial_policy.columnar.schema import FieldSpec
from industrial_policy.columnar.table import NestedColumn
from industrial_policy.columnar.text import CodedColumn, TextColumn
from industrial_policy.dataset import Dataset
from industrial_policy.errors import Problem, TableError
from industrial_policy.extras import needs
from industrial_policy.io.converter import converter
from industrial_policy.io.frames import cells_of, native_frame
from industrial_policy.io.objects import (
    Cell,
    Layout,
    layout_of,
    object_cells,
    plain_cell,
    read_after,
)
from industrial_policy.numbers import Notation
from industrial_policy.units import area_of, format_area

__all__ = [
    "CHILD_TABLES",
    "KINDS",
    "UNIT",
    "Backend",
    "arrow_tables",
    "frame_of",
    "from_frames",
    "parent_column",
    "rows_table",
    "table_of_arrow",
    "to_arrow",
    "to_frames",
    "write_parquet",
]

R = TypeVar("R")
Backend = Literal["pandas", "polars", "pyarrow"]

UNIT = "unit"
"""The Arrow field metadata key naming the unit of an area column."""
CURRENCY = "currency"
"""The Arrow field metadata key naming the currency of a money column."""
KIND = "industrial_policy.kind"
"""The Arrow schema metadata key naming the record kind of a table."""

KINDS: dict[str, type[Any]] = {
    field.name: typing.get_args(field.type)[0]
    for field in attrs.fields(attrs.resolve_types(Dataset))
    if typing.get_origin(field.type) is Table
}
"""The record kind of each of a dataset's tables, by field name, in the dataset's order."""

CHILD_TABLES: dict[str, tuple[str, str]] = {
    spec.name: (table, spec.name)
    for table, kind in KINDS.items()
    for spec in schema_of(kind).fields
    if spec.form.form is Form.NESTED
}
"""The child tables (``capital_events``...): the parent table and its nested field."""


def _pyarrow() -> Any:
    with needs("tables as Arrow, Parquet and CSV", extra="frames"):
        import pyarrow as pa
    return pa


def _compute() -> Any:
    _pyarrow()
    import pyarrow.compute as pc

    return pc


def parent_column(kind: type[Any]) -> str:
    """The column of a child table naming its parent: ``project_id`` for a project's."""
    return f"{kind.__name__.lower()}_id"


# -- values held as objects --------------------------------------------------------------
_ARROW_TYPES = {
    Cell.TEXT: "string",
    Cell.VALUE: "string",
    Cell.FLAG: "bool_",
    Cell.NUMBER: "float64",
    Cell.DATE: "date32",
}


def _arrow_type(cell: Cell) -> Any:
    pa = _pyarrow()
    if cell is Cell.TEXTS:
        return pa.list_(pa.string())
    if cell is Cell.WHOLES:
        return pa.list_(pa.int64())
    return getattr(pa, _ARROW_TYPES[cell])()


def _object_arrays(layout: Layout, column: ObjectColumn) -> list[tuple[str, Any, dict[str, str]]]:
    pa = _pyarrow()
    conv = converter()
    plain = [None if value is None else conv.unstructure(value, layout.annotation)
             for value in column.objects]  # fmt: skip
    out: list[tuple[str, Any, dict[str, str]]] = []
    for part in layout.parts:
        if part.key is None:
            cells = [plain_cell(value, part.cell) for value in plain]
        else:
            cells = [
                plain_cell(value.get(part.key), part.cell) if isinstance(value, dict) else None
                for value in plain
            ]
        out.append((part.column, pa.array(cells, type=_arrow_type(part.cell)), {}))
    return out


# -- a table out -----------------------------------------------------------------------------


def _dictionary(codes: Any, values: Sequence[str]) -> Any:
    pa = _pyarrow()
    indices = np.asarray(codes)
    index_type = pa.int8() if len(values) < 128 else pa.int32()
    return pa.DictionaryArray.from_arrays(
        pa.array(indices.astype(index_type.to_pandas_dtype()), mask=indices < 0, type=index_type),
        pa.array(list(values), type=pa.string()),
    )


_SPELLINGS: dict[str, str] = {}


def unit_spelling(name: str) -> str:
    """How files write the area unit pint names ``name``: ``'ha'``, ``'m2'``, ``'sao_bac_bo'``."""
    if name not in _SPELLINGS:
        _SPELLINGS[name] = format_area(area_of(1.0, name)).split(" ", 1)[1]
    return _SPELLINGS[name]


def _measure(
    name: str,
    magnitude: Any,
    codes: Any,
    names: Sequence[str],
    key: str,
    unit_columns: bool,
) -> list[tuple[str, Any, dict[str, str]]]:
    pa = _pyarrow()
    missing = codes < 0
    numbers = pa.array(magnitude, mask=missing, type=pa.float64())
    used = np.unique(codes[~missing])
    if not unit_columns and len(used) <= 1:
        meta = {key: names[int(used[0])]} if len(used) else {}
        return [(name, numbers, meta)]
    return [(name, numbers, {}), (f"{name}_{key}", _dictionary(codes, names), {})]


def _money_text(column: MoneyColumn) -> Any:
    pa = _pyarrow()
    texts: list[str | None] = []
    for row, (amount, code) in enumerate(
        zip(column.amount.tolist(), column.currency.tolist(), strict=True)
    ):
        if code < 0:
            texts.append(None)
            continue
        exact = column.exact.get(row, Decimal(repr(amount)))
        texts.append(f"{decimal_text(exact)} {column.currencies[code]}")
    return pa.array(texts, type=pa.string())


def _arrays(
    kind: type[Any], spec: FieldSpec, column: Column, unit_columns: bool
) -> list[tuple[str, Any, dict[str, str]]]:
    pa = _pyarrow()
    name = spec.name
    if isinstance(column, TextColumn):
        return [(name, pa.array(column.strings, type=pa.string()), {})]
    if isinstance(column, CodedColumn):
        return [(name, _dictionary(column.codes, column.vocabulary), {})]
    if isinstance(column, EnumColumn):
        return [(name, _dictionary(column.codes, [str(m.value) for m in column.enum]), {})]
    if isinstance(column, EnumSetColumn):
        return [(name, _member_lists(column), {})]
    if isinstance(column, FlagColumn):
        return [(name, pa.array(column.flags, type=pa.bool_()), {})]
    if isinstance(column, OptionalFlagColumn):
        return [(name, pa.array(column.codes == 1, mask=column.codes < 0), {})]
    if isinstance(column, IntColumn):
        missing = column.numbers == IntColumn.MISSING
        return [(name, pa.array(column.numbers, mask=missing, type=pa.int64()), {})]
    if isinstance(column, DateColumn):
        return [(name, pa.array(column.days, type=pa.date32()), {})]
    if isinstance(column, AreaColumn):
        spelled = [unit_spelling(unit) for unit in column.units]
        return _measure(name, column.magnitude, column.unit, spelled, UNIT, unit_columns)
    if isinstance(column, MoneyColumn):
        if column.exact:
            return [(name, _money_text(column), {})]
        return _measure(
            name, column.amount, column.currency, column.currencies, CURRENCY, unit_columns
        )
    if isinstance(column, ObjectColumn):
        return _object_arrays(layout_of(kind, spec), column)
    raise TypeError(f"no Arrow layout for a {type(column).__name__}")  # pragma: no cover


def _member_lists(column: EnumSetColumn) -> Any:
    """Each row's set of members as a list of their values, in the enum's order, built from
    the bit masks at once."""
    pa = _pyarrow()
    members = [str(m.value) for m in column.enum]
    width = len(members)
    held = ((column.bits[:, None] >> np.arange(width, dtype=np.int64)) & 1).astype(np.bool_)
    offsets = np.zeros(len(column) + 1, dtype=np.int32)
    np.cumsum(held.sum(axis=1), out=offsets[1:])
    which = np.flatnonzero(held.ravel()) % max(width, 1)
    values = pa.array(members, type=pa.string()).take(pa.array(which, type=pa.int64()))
    return pa.ListArray.from_arrays(pa.array(offsets, type=pa.int32()), values)


def _table(kind: type[Any], columns: list[tuple[str, Any, dict[str, str]]]) -> Any:
    pa = _pyarrow()
    fields = [pa.field(name, array.type, metadata=meta or None) for name, array, meta in columns]
    schema = pa.schema(fields, metadata={KIND: kind.__name__})
    return pa.Table.from_arrays([array for _, array, _ in columns], schema=schema)


def arrow_tables(table: Table[Any], *, unit_columns: bool = False) -> tuple[Any, dict[str, Any]]:
    """``table`` as an Arrow table, and its child tables by field name (a project's
    ``capital_events``...), each with the parent's id first.

    With ``unit_columns``, every area has a ``<field>_unit`` column and every amount of
    money a ``<field>_currency`` column, even where the whole column has one.
    """
    kind = table.kind
    columns: list[tuple[str, Any, dict[str, str]]] = []
    children: dict[str, Any] = {}
    for spec in table.schema.fields:
        column = table.column(spec.name)
        if isinstance(column, NestedColumn):
            children[spec.name] = _child_table(table, column, unit_columns)
            continue
        columns.extend(_arrays(kind, spec, column, unit_columns))
    return _table(kind, columns), children


def _child_table(parent: Table[Any], column: NestedColumn, unit_columns: bool) -> Any:
    pa = _pyarrow()
    ids = parent.typed("id", TextColumn).strings[column.parent]
    child, _ = arrow_tables(column.children, unit_columns=unit_columns)
    key = parent_column(parent.kind)
    return child.add_column(0, pa.field(key, pa.string()), pa.array(ids, type=pa.string()))


# -- a table back ----------------------------------------------------------------------------


def _coded(column: Any) -> Coded:
    """An Arrow column as codes of its distinct values, by Arrow."""
    pc = _compute()
    pa = _pyarrow()
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    indices = column.indices.cast(pa.int64()).fill_null(-1).to_numpy(zero_copy_only=False)
    return Coded(indices, tuple(column.dictionary.to_pylist()))


def _joined_lists(table: Any) -> Any:
    """List columns of texts as ``;``-joined text, which the readers split (sets of members)."""
    pa = _pyarrow()
    pc = _compute()
    for index, field in enumerate(table.schema):
        if pa.types.is_list(field.type) and pa.types.is_string(field.type.value_type):
            joined = pc.binary_join(table.column(index), ";")
            table = table.set_column(index, pa.field(field.name, pa.string()), joined)
    return table


def table_of_arrow(
    kind: type[R],
    table: Any,
    *,
    where: Where | None = None,
    notation: Notation | str = Notation.EN,
    children: Mapping[str, Children] | None = None,
) -> Table[R]:
    """The table of ``kind`` records in an Arrow table laid out as :func:`arrow_tables`
    writes it (or as a CSV file read as text), read by
    :func:`~industrial_policy.io.frames.read_frame`'s cells and
    :func:`~industrial_policy.columnar.reading.read_table`.

    Units and currencies come from the ``<field>_unit`` and ``<field>_currency``
    columns, else from the fields' Arrow metadata; numbers written as text follow
    ``notation``. Raises :class:`~industrial_policy.errors.TableError` with every problem.
    """
    where = where or Where(source=f"Arrow table of {kind.__name__} records")
    declared = (table.schema.metadata or {}).get(KIND.encode())
    if declared is not None and declared.decode() != kind.__name__:
        raise TableError(
            [Problem(where.source, f"holds {declared.decode()} records, not {kind.__name__}")],
            source=where.source,
        )
    table = _joined_lists(table)
    schema = schema_of(kind)
    names = list(table.column_names)
    object_problems = Problems(where, kind.__name__)
    wrapped = native_frame(table)
    notation = Notation(notation)
    cells: dict[str, object] = {}
    units: dict[str, object] = {}
    currencies: dict[str, object] = {}
    consumed: set[str] = set()
    renamed: dict[str, str] = {}
    for spec in schema.fields:
        form = spec.form.form
        if form is Form.NESTED:
            continue
        if form is Form.OBJECT:
            layout = layout_of(kind, spec)
            values, used = object_cells(layout, table, object_problems, notation)
            if values is not None:
                cells[spec.name] = values
                consumed |= used
                if layout.nested is not None:
                    renamed[spec.name] = f"{spec.name}_*"
            continue
        if spec.name not in names:
            continue
        cells[spec.name] = cells_of(wrapped, spec.name, spec, notation)
        consumed.add(spec.name)
        if form in (Form.AREA, Form.MONEY):
            key, given = (UNIT, units) if form is Form.AREA else (CURRENCY, currencies)
            column = f"{spec.name}_{key}"
            meta = table.schema.field(spec.name).metadata or {}
            if column in names:
                given[spec.name] = _coded(table.column(column))
                consumed.add(column)
            elif key.encode() in meta:
                given[spec.name] = meta[key.encode()].decode()
    for name in names:
        if name not in consumed:
            cells[name] = [None] * table.num_rows  # read_table names a column of no field
    where = attrs.evolve(where, columns={**where.columns, **renamed})
    return read_after(
        object_problems,
        lambda: read_table(
            kind,
            cells,
            notation=notation,
            units=units,
            currencies=currencies,
            where=where,
            children=children,
            length=table.num_rows,
        ),
    )


def children_of(
    parent: type[Any],
    kind: type[Any],
    table: Any,
    *,
    where: Where,
    notation: Notation | str = Notation.EN,
) -> Children:
    """A child table (capital events...) as the records it holds and their parents' ids
    (the column ``project_id`` for a ``parent`` project)."""
    pa = _pyarrow()
    key = parent_column(parent)
    if key not in table.column_names:
        shown = ", ".join(map(repr, table.column_names)) or "none"
        raise TableError(
            [Problem(where.source, f"no column {key!r} naming each row's {parent.__name__}"
                     f"; the columns are {shown}", key)],
            source=where.source,
        )  # fmt: skip
    parents = table.column(key)
    rows = table.drop_columns([key])
    records = table_of_arrow(kind, rows, where=where, notation=notation)
    ids = parents.cast(pa.string()).to_numpy(zero_copy_only=False)
    return Children(records, ids, where)


# -- a dataset -------------------------------------------------------------------------------


def to_arrow(dataset: Dataset, *, unit_columns: bool = False) -> dict[str, Any]:
    """Every table of ``dataset`` that holds records, and the child tables that hold any,
    as Arrow tables by name (``zones``, ``parcels``, ``projects``, ``capital_events``...)."""
    out: dict[str, Any] = {}
    for name, table in dataset.tables().items():
        if not len(table):
            continue
        out[name], children = arrow_tables(table, unit_columns=unit_columns)
        out.update({child: t for child, t in children.items() if t.num_rows})
    return out


def frame_of(table: Any, backend: Backend) -> Any:
    """An Arrow table as a frame of ``backend``: pandas, polars or pyarrow itself."""
    if backend == "pyarrow":
        return table
    if backend == "polars":
        with needs("polars frames", extra=None):
            import polars as pl
        return pl.from_arrow(table)
    if backend == "pandas":
        with needs("pandas frames", extra="pandas"):
            import pandas  # noqa: F401
        return table.to_pandas()
    raise ValueError(f"unknown backend {backend!r}: use 'pandas', 'polars' or 'pyarrow'")


_ROW_TYPES = {"string": "string", "number": "float64", "date": "date32", "flag": "bool_"}


def rows_table(rows: Sequence[Mapping[str, Any]], types: Mapping[str, str]) -> Any:
    """Rows of plain values (one dict per row) as an Arrow table of the columns ``types``
    names, each of its type: ``"string"``, ``"number"``, ``"date"`` or ``"flag"``."""
    pa = _pyarrow()
    return pa.table(
        {
            name: pa.array([row[name] for row in rows], type=getattr(pa, _ROW_TYPES[kind])())
            for name, kind in types.items()
        }
    )


def write_parquet(table: Any, path: str | os.PathLike[str]) -> None:
    """Write an Arrow table to a Parquet file."""
    _pyarrow()
    import pyarrow.parquet as pq

    pq.write_table(table, path)


def to_frames(dataset: Dataset, backend: Backend = "pandas") -> dict[str, Any]:
    """One frame per kind of record the dataset holds, and per child table, by name.

    Areas carry their unit in a ``<field>_unit`` column and money its currency in
    ``<field>_currency`` (pandas and polars keep no per-column metadata); with
    ``backend="pyarrow"``, a column of one unit says it in its field metadata instead.
    :func:`from_frames` reads the frames back to an equal dataset.

    >>> import industrial_policy as ip
    >>> frames = to_frames(ip.examples.load("quang-nam-2024"), backend="pandas")
    >>> sorted(frames)
    ['observations', 'published', 'reported', 'targets', 'zones']
    >>> list(frames["reported"].columns[:6])
    ['id', 'metric', 'value', 'scope_province', 'scope_within', 'scope_outside']
    """
    tables = to_arrow(dataset, unit_columns=backend != "pyarrow")
    return {name: frame_of(table, backend) for name, table in tables.items()}


def _as_arrow(frame: Any) -> Any:
    pa = _pyarrow()
    if isinstance(frame, pa.Table):
        return frame
    return native_frame(frame).to_arrow()


def from_frames(
    frames: Mapping[str, Any],
    *,
    notation: Notation | str = Notation.EN,
    places: Mapping[str, Where] | None = None,
    **fields: Any,
) -> Dataset:
    """The dataset whose tables are ``frames`` (by name, as :func:`to_frames` gives them:
    pandas, polars, pyarrow or any frame narwhals reads). ``fields`` gives the dataset's
    other fields (``name``, ``exchange_rates``, ``evaluation``...).

    Every problem of every frame is raised at once, in one
    :class:`~industrial_policy.errors.TableError`; records that do not fit together raise
    :class:`~industrial_policy.errors.DatasetIntegrityError`.
    """
    unknown = [name for name in frames if name not in KINDS and name not in CHILD_TABLES]
    if unknown:
        known = ", ".join([*KINDS, *CHILD_TABLES])
        raise TableError(
            [], source=f"no table of a dataset is named {', '.join(map(repr, unknown))}; the"
            f" tables are: {known}",
        )  # fmt: skip
    where_of = dict(places or {})
    problems: list[Any] = []
    total = 0
    tables: dict[str, Table[Any]] = {}
    nested: dict[str, dict[str, Children]] = {}
    for child, (parent, field) in CHILD_TABLES.items():
        if child not in frames:
            continue
        where = where_of.get(child, Where(source=child))
        kind = schema_of(KINDS[parent]).field(field).form.nested
        assert kind is not None
        try:
            nested.setdefault(parent, {})[field] = children_of(
                KINDS[parent], kind, _as_arrow(frames[child]), where=where, notation=notation
            )
        except TableError as exc:
            problems.extend(exc.problems)
            total += exc.total or len(exc.problems)
    for name, kind in KINDS.items():
        if name not in frames:
            if name in nested:
                problems.append(_orphans(name))
                total += 1
            continue
        where = where_of.get(name, Where(source=name))
        try:
            tables[name] = table_of_arrow(
                kind,
                _as_arrow(frames[name]),
                where=where,
                notation=notation,
                children=nested.get(name),
            )
        except TableError as exc:
            problems.extend(exc.problems)
            total += exc.total or len(exc.problems)
    if problems or total:
        raise TableError(problems, source="tables", total=total)
    return Dataset(**tables, **fields)  # type: ignore[arg-type]


def _orphans(parent: str) -> Problem:
    from_children = [c for c, (p, _) in CHILD_TABLES.items() if p == parent]
    return Problem(
        ", ".join(from_children),
        f"rows of {', '.join(from_children)} name their {parent} but there is no {parent} table",
    )
