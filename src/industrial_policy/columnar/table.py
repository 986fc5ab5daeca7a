"""A table: the records of one kind held as typed columns, and seen as records.

A :class:`Table` is what a dataset holds for each record kind. It is a
sequence of the kind's attrs records, made on demand (``table[i]``,
iteration), and it holds one typed column per field, on which computations
run (``table.column("area").hectares()``). Build it from records with
:meth:`Table.from_records`, or from a user's columns with
:func:`industrial_policy.columnar.reading.read_table`.

>>> import industrial_policy as ip
>>> parcels = Table.from_records(ip.Parcel, [
...     ip.Parcel(id="a-1", zone_id="a", area="45 ha", status="reserved", category="hi_tech"),
...     ip.Parcel(id="a-2", zone_id="a", area="12 sào Bắc Bộ", status="vacant")])
>>> parcels
<Table of 2 Parcel records>
>>> print(parcels._repr_html_())  # what a notebook shows  # doctest: +ELLIPSIS
<table>...<tr><td>a-1</td><td>a</td><td>45 ha</td><td>reserved</td><td>hi_tech</td>...
>>> parcels.column("area").hectares().round(3).tolist()
[45.0, 0.432]
>>> parcels[1].area
<Quantity(12.0, 'sao_bac_bo')>
>>> parcels == Table.from_records(ip.Parcel, list(parcels))
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import Any, Generic, Self, TypeVar, overload

import numpy as np
import pint

from industrial_policy.columnar.column import BoolArray, Column, IntArray, as_rows
from industrial_policy.columnar.schema import FieldSpec, Form, Schema, schema_of
from industrial_policy.display import html_table
from industrial_policy.units import format_area

__all__ = ["NestedColumn", "Table"]

R = TypeVar("R")
C = TypeVar("C", bound=Column)


class Table(Sequence[R], Generic[R]):
    """The records of one kind, held as one typed column per field."""

    __slots__ = ("_columns", "_length", "kind", "schema")

    def __init__(self, kind: type[R], columns: Mapping[str, Column], length: int) -> None:
        schema = schema_of(kind)
        missing = [name for name in schema.names if name not in columns]
        unknown = [name for name in columns if name not in schema.names]
        if missing or unknown:
            raise ValueError(
                f"a {kind.__name__} table needs exactly the columns {', '.join(schema.names)}"
                f" (missing: {missing}, unknown: {unknown})"
            )
        wrong = {name: len(c) for name, c in columns.items() if len(c) != length}
        if wrong:
            raise ValueError(f"columns of another length than {length:,}: {wrong}")
        self.kind = kind
        self.schema: Schema = schema
        self._columns = {name: columns[name] for name in schema.names}
        self._length = length

    # -- building -----------------------------------------------------------------

    @classmethod
    def from_records(cls, kind: type[R], records: Iterable[R]) -> Table[R]:
        """The table of ``records`` (each an instance of ``kind``), in their order."""
        items = records if isinstance(records, list | tuple) else list(records)
        columns = {spec.name: _column_of(spec, items) for spec in schema_of(kind).fields}
        return cls(kind, columns, len(items))

    @classmethod
    def empty(cls, kind: type[R]) -> Table[R]:
        """The table of no ``kind`` record (one per kind, shared: a table never changes)."""
        table = _EMPTY.get(kind)
        if table is None:
            table = _EMPTY.setdefault(kind, cls.from_records(kind, ()))
        return table

    # -- columns --------------------------------------------------------------------

    def column(self, name: str) -> Column:
        """The column of field ``name``."""
        try:
            return self._columns[name]
        except KeyError:
            raise KeyError(
                f"{self.kind.__name__} has no field {name!r}; its fields are"
                f" {', '.join(self.schema.names)}"
            ) from None

    def typed(self, name: str, kind: type[C]) -> C:
        """The column of field ``name``, which must be a ``kind`` column."""
        column = self.column(name)
        if not isinstance(column, kind):
            raise TypeError(
                f"{self.kind.__name__}.{name} is held as a {type(column).__name__},"
                f" not a {kind.__name__}"
            )
        return column

    @property
    def columns(self) -> Mapping[str, Column]:
        """Every column, by field name, in the order of the record's fields."""
        return dict(self._columns)

    def with_columns(self, **columns: Column) -> Table[R]:
        """The same table with some columns replaced."""
        return Table(self.kind, {**self._columns, **columns}, self._length)

    def take(self, rows: Sequence[int] | IntArray | BoolArray) -> Table[R]:
        """The rows ``rows`` (positions or a mask), in that order."""
        picked = as_rows(rows)
        return Table(
            self.kind,
            {name: column.take(picked) for name, column in self._columns.items()},
            len(picked),
        )

    @property
    def nbytes(self) -> int:
        """The bytes of the arrays the table holds."""
        return sum(column.nbytes for column in self._columns.values())

    # -- records --------------------------------------------------------------------

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> Table[R]: ...

    def __getitem__(self, index: int | slice) -> R | Table[R]:
        if isinstance(index, slice):
            return self.take(np.arange(self._length, dtype=np.int64)[index])
        row = index.__index__()
        if row < 0:
            row += self._length
        if not 0 <= row < self._length:
            raise IndexError(f"record {index} of a table of {self._length:,}")
        return self.kind(
            **{spec.keyword: self._columns[spec.name].value(row) for spec in self.schema.fields}
        )

    def __iter__(self) -> Iterator[R]:
        if not self._length:  # most of a dataset's tables are empty: no column asked
            return
        keywords = [spec.keyword for spec in self.schema.fields]
        columns = [self._columns[spec.name].values() for spec in self.schema.fields]
        kind = self.kind
        for values in zip(*columns, strict=True):
            yield kind(**dict(zip(keywords, values, strict=True)))

    def records(self) -> list[R]:
        """Every record, made now."""
        return list(self)

    # -- comparison -----------------------------------------------------------------
    # Two tables are equal when they hold the same values in the same rows, each area in
    # the same unit and each amount in the same currency: a table of 1 ha is not a table
    # of 10,000 m², though pint finds the two quantities equal.

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Table):
            return (
                other.kind is self.kind
                and len(other) == self._length
                and all(
                    column.equals(other._columns[name]) for name, column in self._columns.items()
                )
            )
        if isinstance(other, tuple | list):
            # Held as the records' own columns: an area equals one in the same unit only.
            return (
                len(other) == self._length
                and all(isinstance(item, self.kind) for item in other)
                and self == Table.from_records(self.kind, other)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Table of {self._length:,} {self.kind.__name__} records>"

    def _repr_html_(self) -> str:
        """The first rows as an HTML table, one column per field, for notebooks."""
        names = list(self.schema.names)
        shown = range(min(self._length, SHOWN_ROWS))
        rows = [[cell_text(self._columns[name].value(row)) for name in names] for row in shown]
        first = f", the first {len(rows)}" if self._length > len(rows) else ""
        caption = f"{self._length:,} {self.kind.__name__} records{first}"
        return html_table(names, rows, caption=caption)


SHOWN_ROWS = 20
"""How many rows a table shows in a notebook."""


def cell_text(value: object) -> str:
    """A field's value as a table cell shows it: an area with its unit as the file format
    writes it, a category by its name, a set as a list, a date as ISO, children counted."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(cell_text(item) for item in value))
    if isinstance(value, tuple):
        return f"{len(value)} record{'' if len(value) == 1 else 's'}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, pint.Quantity):
        return format_area(value)
    return str(value)


_EMPTY: dict[type[Any], Table[Any]] = {}


def _column_of(spec: FieldSpec, records: Sequence[Any]) -> Column:
    name = spec.name
    values = [getattr(record, name) for record in records]
    if spec.form.form is not Form.NESTED:
        return spec.column(values)
    kind = spec.form.nested
    if kind is None:
        raise TypeError(f"field {name!r} is nested but names no record kind")
    counts = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    children = [child for value in values for child in value]
    return NestedColumn(Table.from_records(kind, children), offsets)


class NestedColumn(Column):
    """The records nested in each row, such as a project's capital events: one child
    table, and where each row's run of children starts (the layout of Arrow's list
    arrays): the children of row ``i`` are ``offsets[i]:offsets[i + 1]``."""

    __slots__ = ("children", "offsets")
    noun = "a list of records"

    def __init__(self, children: Table[Any], offsets: IntArray) -> None:
        self.children = children
        self.offsets = offsets

    @property
    def parent(self) -> IntArray:
        """Per child: the row it belongs to."""
        counts = np.diff(self.offsets)
        return np.repeat(np.arange(len(counts), dtype=np.int64), counts)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def value(self, row: int) -> tuple[Any, ...]:
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        return tuple(self.children[i] for i in range(start, end))

    def take(self, rows: IntArray) -> Self:
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        counts = ends - starts
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        # The children of each taken row, in order: start + 0, 1, ... count - 1.
        within = np.arange(int(offsets[-1]), dtype=np.int64) - np.repeat(offsets[:-1], counts)
        child_rows = np.repeat(starts, counts) + within
        return type(self)(self.children.take(child_rows), offsets)

    def missing(self) -> BoolArray:
        return np.zeros(len(self), dtype=np.bool_)  # no children is a value

    def equals(self, other: Column) -> bool:
        return (
            isinstance(other, NestedColumn)
            and bool(np.array_equal(self.offsets, other.offsets))
            and self.children == other.children
        )

    @property
    def nbytes(self) -> int:
        return int(self.offsets.nbytes) + self.children.nbytes
