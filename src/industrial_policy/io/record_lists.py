"""A dataset file's lists of records, read as columns.

A dataset file lists the records of each kind as tables (``[[parcels]]`` in
TOML, objects in JSON). The kinds held in large numbers (:data:`KINDS`:
zones, parcels, projects with their capital events and production values,
procedures, dossiers...) are not structured record by record: each field's
cells are taken from the list at C speed (one list per field) and read by
:func:`~industrial_policy.columnar.reading.read_table`, the one place where
user cells become records, which checks each distinct value once and the
rules that tie fields together on whole columns.

The file keeps its own strictness. A table reads a number written as text,
or ``"true"`` as a flag; a file does not: a cell of a type its field does not
take in a file (a number where text belongs, ``"yes"`` for a flag, blank
text, NaN, a date with a time of day) is judged by the record field's own
converter, as the Python API would judge it, and its record is read no
further. Every problem is named by its path in the document
(``parcels[3].area``) and listed at once: rows that are not tables, unknown
keys, required fields missing, values refused, records that break a rule.
The first :data:`~industrial_policy.columnar.problems.MAX_KEPT` problems
are kept and all are counted.

>>> table = read_records(Parcel, [{"id": "p1", "zone_id": "a", "area": "45 ha",
...                                "status": "reserved", "category": "hi_tech"}])
>>> table[0].area
<Quantity(45.0, 'hectare')>
>>> read_records(Parcel, [{"id": "p1", "zone_id": "a", "area": "6.418 ha", "status": "vacant",
...                        "colour": "red"}])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
industrial_policy.errors.FileFormatError: invalid file: 2 problems
  - [0].colour: unknown field; the fields of Parcel are: id, zone_id, area, status, ...
  - [0].area: ambiguous number: ..., got '6.418 ha' (Parcel 'p1')
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

import attrs
import numpy as np

from industrial_policy.columnar import COLUMN, Form, Table, schema_of
from industrial_policy.columnar.cells import Coded
from industrial_policy.columnar.column import IntArray
from industrial_policy.columnar.problems import MAX_KEPT, Where
from industrial_policy.columnar.reading import Children, read_table
from industrial_policy.columnar.schema import FieldSpec
from industrial_policy.errors import (
    FileFormatError,
    InvalidValueError,
    Problem,
    TableError,
    maybe_meant,
)
from industrial_policy.io.converter import (
    ShapeError,
    key_path,
    problems_of,
    readable,
    type_name,
)
from industrial_policy.records.dossiers import Dossier, DossierCount
from industrial_policy.records.fees import Fee
from industrial_policy.records.figures import PublishedFigure
from industrial_policy.records.observations import Observation
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.parcels import Parcel
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.projects import Project
from industrial_policy.records.zones import Zone

__all__ = ["KINDS", "read_records"]

R = TypeVar("R")

KINDS: tuple[type[Any], ...] = (
    Zone,
    Parcel,
    Project,
    Procedure,
    Observation,
    PublishedFigure,
    ServiceOffering,
    Dossier,
    DossierCount,
    Fee,
)
"""The record kinds read as columns; the others (targets, reported figures...) are few in
any study and are structured record by record."""

_GIVEN_ORDER = frozenset({(Project, "capital_events")})
"""Nested records kept in the file's order: a project's events are a history, checked to be
in date order as a project's record checks them. Other nested records are put in their kind's
order, as their parent's record puts them (production values by year)."""


class _Absent:
    """A key a table does not have."""

    def __repr__(self) -> str:
        return "<absent>"


ABSENT: Any = _Absent()

# The types of cells a file gives each form of field; a cell of another type (or blank text,
# a float that is not finite, a list of unknown choices) is judged by the field's converter.
_TYPES: dict[Form, frozenset[type]] = {
    Form.ID: frozenset({str}),
    Form.TEXT: frozenset({str}),
    Form.CODED: frozenset({str}),
    Form.ENUM: frozenset({str}),
    Form.AREA: frozenset({str}),
    Form.MONEY: frozenset({str}),
    Form.DATE: frozenset({str, dt.date}),
    Form.INT: frozenset({int}),
    Form.FLAG: frozenset({bool}),
    Form.OPTIONAL_FLAG: frozenset({bool}),
    Form.ENUM_SET: frozenset({list}),
    Form.OBJECT: frozenset({str, int, float, dt.date}),
    Form.NESTED: frozenset({list}),
}


# Forms whose cells repeat (a zone id, a status, an area): coded here, each distinct value
# checked once. Their cells are text or dates, so that a boolean, a number and text never
# share a dict key (True == 1 == 1.0): a cell of another type is seen among the keys.
_CODED = frozenset({Form.CODED, Form.ENUM, Form.AREA, Form.MONEY, Form.DATE})


@attrs.frozen
class _Checked:
    """A field's cells checked: the positions of those not read in bulk, the types of the
    cells, and the distinct cells (those of a coded form, when each is hashable)."""

    bad: list[int]
    kinds: set[type]
    distinct: dict[Any, None] | None


@attrs.frozen
class _Field:
    """How a file gives one field: its spec, and the types of the cells read in bulk."""

    spec: FieldSpec
    types: frozenset[type]
    choices: frozenset[str] | None  # the values of a set of choices

    @classmethod
    def of(cls, spec: FieldSpec) -> _Field:
        types = set(_TYPES[spec.form.form])
        if not spec.required:
            types.add(_Absent)
            # None is "not given" where the field's converter takes it so.
            if spec.default is None and spec.form.form not in (Form.FLAG, Form.NESTED):
                types.add(type(None))
        enum_type = spec.form.enum
        choices = None
        if spec.form.form is Form.ENUM_SET and enum_type is not None:
            choices = frozenset(str(member.value) for member in enum_type)
        return cls(spec, frozenset(types), choices)

    def check(self, cells: Sequence[Any]) -> _Checked:
        """The cells not read in bulk (none, in a valid file, found at C speed)."""
        distinct: dict[Any, None] | None = None
        if self.spec.form.form in _CODED:
            try:
                distinct = dict.fromkeys(cells)
            except TypeError:  # something unhashable: looked at cell by cell
                distinct = None
        looked_at: Sequence[Any] = list(distinct) if distinct is not None else cells
        kinds = set(map(type, looked_at))
        if kinds <= self.types and self._values_fit(looked_at, kinds):
            return _Checked([], kinds, distinct)
        return _Checked([i for i, cell in enumerate(cells) if not self.fits(cell)], kinds, None)

    def _values_fit(self, cells: Sequence[Any], kinds: set[type]) -> bool:
        if str in kinds:
            texts = cells if len(kinds) == 1 else [c for c in cells if type(c) is str]
            if "" in texts or any(map(str.isspace, texts)):
                return False
        if float in kinds and not all(math.isfinite(c) for c in cells if type(c) is float):
            return False
        if list in kinds and self.choices is not None:
            lists = [c for c in cells if type(c) is list]
            try:
                items = set(itertools.chain.from_iterable(lists))
            except TypeError:  # something unhashable in a list
                return False
            return items <= self.choices
        return True

    def fits(self, cell: Any) -> bool:
        kind = type(cell)
        if kind not in self.types:
            return False
        if kind is str:
            return not cell.isspace() and cell != ""
        if kind is float:
            return math.isfinite(cell)
        if kind is list and self.choices is not None:
            return all(type(item) is str and item in self.choices for item in cell)
        return True


@attrs.frozen
class _Kind:
    """What reading a kind's tables needs, worked out once per kind."""

    kind: type[Any]
    fields: tuple[_Field, ...]
    names: frozenset[str]
    listed: str  # the field names, for the message of an unknown key

    @classmethod
    def of(cls, kind: type[Any]) -> _Kind:
        specs = schema_of(kind).fields
        names = [spec.name for spec in specs]
        return cls(kind, tuple(_Field.of(s) for s in specs), frozenset(names), ", ".join(names))


_KINDS: dict[type[Any], _Kind] = {}


def _kind(kind: type[Any]) -> _Kind:
    known = _KINDS.get(kind)
    if known is None:
        known = _KINDS[kind] = _Kind.of(kind)
    return known


class _Found:
    """The problems found reading one list: the first ones (kept), and how many."""

    LIMIT = 4 * MAX_KEPT  # kept before sorting by record; MAX_KEPT of them are given

    def __init__(self) -> None:
        self.kept: list[tuple[int, Problem]] = []
        self.count = 0

    def add(self, record: int, problems: Iterable[Problem]) -> None:
        """``problems`` of the record at ``record`` (its index in the list)."""
        for problem in problems:
            self.count += 1
            if len(self.kept) < self.LIMIT:
                self.kept.append((record, problem))

    def error(self) -> FileFormatError:
        # By record, a record's own problems before those of the records nested in it, these
        # in their order; else as found.
        self.kept.sort(key=lambda found: (found[0], _nested_at(found[1].path)))
        return FileFormatError([p for _, p in self.kept[:MAX_KEPT]], total=self.count)


_POSITION = re.compile(r"\[(\d+)\]")


def _nested_at(path: str) -> list[int]:
    """The positions of the nested records a path goes through (``[2]`` for
    ``[0].capital_events[2].amount``)."""
    return [int(position) for position in _POSITION.findall(path)[1:]]


@attrs.frozen
class _Rows:
    """Tables of one kind: the tables, the path of each, and the index of the record of
    the list each lies in (for the order of the problems)."""

    tables: list[dict[Any, Any]]
    path: Callable[[int], str]
    record: Callable[[int], int]


def read_records(kind: type[R], value: object) -> Table[R]:
    """The table of the ``kind`` records listed in ``value`` (a document's list of tables).

    Raises :class:`~industrial_policy.errors.FileFormatError` listing every problem, with
    paths that start at the list (``[3].area``), or ``ShapeError`` when ``value`` is not a
    list.
    """
    found = _Found()
    tables, index = _tables(kind, value, "", found.add)
    table = _read(kind, _Rows(tables, lambda i: f"[{index(i)}]", index), found)
    if found.count or table is None:
        raise found.error()
    return table


Report = Callable[[int, list[Problem]], None]


def _same(position: int) -> int:
    return position


def _tables(
    kind: type[Any], value: object, path: str, report: Report
) -> tuple[list[dict[Any, Any]], Callable[[int], int]]:
    """The tables of a list, and the position in the list of each; anything else in it
    is a problem, reported with its position."""
    if not isinstance(value, list | tuple):
        raise ShapeError(f"expected a list of {kind.__name__} tables, got {type_name(value)}")
    if set(map(type, value)) <= {dict}:
        return list(value), _same
    tables = []
    positions: list[int] = []
    for position, item in enumerate(value):
        if isinstance(item, dict):
            tables.append(item)
            positions.append(position)
        else:
            report(
                position,
                [
                    Problem(
                        f"{path}[{position}]",
                        f"expected a table of {kind.__name__} fields, got {type_name(item)}",
                    )
                ],
            )
    return tables, positions.__getitem__


def _read(kind: type[R], rows: _Rows, found: _Found) -> Table[R] | None:
    """The table of ``rows``, or ``None`` if they have problems (added to ``found``)."""
    before = found.count
    info = _kind(kind)
    tables = rows.tables
    keys: set[Any] = set().union(*tables) if tables else set()
    if not keys <= info.names:
        _unknown_keys(info, rows, found)
    cells: dict[str, list[Any]] = {}
    refused: set[int] = set()
    absent: set[str] = set()  # the fields some table lacks
    distinct: dict[str, dict[Any, None]] = {}  # the distinct cells of the coded fields
    for field in info.fields:
        name = field.spec.name
        if name not in keys:
            if field.spec.required:
                refused.update(range(len(tables)))
            continue
        column = cells[name] = _column(tables, name)
        checked = field.check(column)
        refused.update(checked.bad)
        if _Absent in checked.kinds:
            absent.add(name)
        if checked.distinct is not None:
            distinct[name] = checked.distinct
    for position in sorted(refused.copy()):
        problems, converted = _record_problems(kind, tables[position], rows.path(position))
        if problems:
            found.add(rows.record(position), problems)
            continue
        # Each field read by its converter (an area given as a table): read as converted.
        refused.discard(position)
        for name, value in converted.items():
            if name in cells:
                cells[name][position] = value
                distinct.pop(name, None)
    kept = [i for i in range(len(tables)) if i not in refused] if refused else None
    length = len(kept) if kept is not None else len(tables)
    if not length:
        return Table.empty(kind) if found.count == before else None

    def taken(name: str) -> list[Any]:
        column = cells[name]
        if kept is not None:
            column = [column[i] for i in kept]
        return [None if cell is ABSENT else cell for cell in column] if name in absent else column

    columns: dict[str, list[Any] | Coded] = {}
    children: dict[str, Children] = {}
    nested_ok = True
    for field in info.fields:
        spec = field.spec
        if spec.name not in cells:
            continue
        if spec.form.form is not Form.NESTED:
            coded = spec.name in distinct and kept is None
            columns[spec.name] = (
                _coded(cells[spec.name], distinct[spec.name]) if coded else taken(spec.name)
            )
            continue
        given = _children(kind, spec, taken(spec.name), rows, kept, found)
        if given is None:
            nested_ok = False
        else:
            children[spec.name] = given
    positions = kept if kept is not None else range(length)
    where = Where(
        source="",
        style="index",
        paths=lambda p: rows.path(positions[p]),
    )
    try:
        table = read_table(
            kind, columns, where=where, children=children if nested_ok else {}, length=length
        )
    except TableError as exc:
        for problem in exc.problems:
            # The reasons of the fields' checks may quote the file: kept short and printable.
            shown = attrs.evolve(problem, message=readable(problem.message))
            found.add(_record_of(problem.path), [shown])
        found.count += exc.total - len(exc.problems)  # counted, not kept, by the reader
        return None
    return table if found.count == before else None


def _coded(cells: list[Any], distinct: dict[Any, None]) -> Coded:
    """The cells coded by their distinct values (``None`` and absent cells: ``-1``)."""
    values = tuple(key for key in distinct if key is not None and key is not ABSENT)
    index: dict[Any, int] = {value: code for code, value in enumerate(values)}
    index[None] = index[ABSENT] = -1
    codes = np.fromiter(map(index.__getitem__, cells), dtype=np.int64, count=len(cells))
    return Coded(codes, values)


def _column(tables: list[dict[Any, Any]], name: str) -> list[Any]:
    """The cells of key ``name`` (:data:`ABSENT` where a table lacks it), at C speed."""
    try:
        return list(map(operator.itemgetter(name), tables))
    except KeyError:
        return list(map(dict.get, tables, itertools.repeat(name), itertools.repeat(ABSENT)))


_INDEX = re.compile(r"^\[(\d+)\]")


def _record_of(path: str) -> int:
    """The record a problem's path lies in (for sorting): the index its path starts with."""
    match = _INDEX.match(path)
    return int(match[1]) if match else 0


def _unknown_keys(info: _Kind, rows: _Rows, found: _Found) -> None:
    names = info.names
    for position, table in enumerate(rows.tables):
        if not table.keys() <= names:
            found.add(rows.record(position), _unknown(info, rows.path(position), table))


def _unknown(info: _Kind, path: str, table: dict[Any, Any]) -> list[Problem]:
    """A problem for each key of ``table`` that is not a field of the kind."""
    return [
        Problem(
            key_path(path, key),
            f"unknown field{maybe_meant(key, info.names)}; the fields of {info.kind.__name__}"
            f" are: {info.listed}",
            key,
            column=str(key),
        )
        for key in sorted(table.keys() - info.names, key=str)
    ]


def _children(
    kind: type[Any],
    spec: FieldSpec,
    cells: list[Any],
    rows: _Rows,
    kept: list[int] | None,
    found: _Found,
) -> Children | None:
    """The records nested in field ``spec`` of each row (lists of tables, or ``None``), read;
    ``None`` if they have problems."""
    child_kind = spec.form.nested
    if child_kind is None:
        raise TypeError(f"field {spec.name!r} is nested but names no record kind")
    tables: list[dict[Any, Any]] = []
    parents: list[int] = []
    places: list[tuple[int, int]] = []  # per child: its parent's position among the rows, k
    before = found.count
    for position, cell in enumerate(cells):
        if not cell:
            continue
        row = kept[position] if kept is not None else position
        record = rows.record(row)

        def report(_: int, problems: list[Problem], record: int = record) -> None:
            found.add(record, problems)

        items, index = _tables(child_kind, cell, f"{rows.path(row)}.{spec.name}", report)
        for k, item in enumerate(items):
            tables.append(item)
            parents.append(position)
            places.append((row, index(k)))
    if not tables:
        return (
            None if found.count > before else Children(Table.empty(child_kind), parents=_ints([]))
        )

    def path(i: int) -> str:
        row, k = places[i]
        return f"{rows.path(row)}.{spec.name}[{k}]"

    def record_of(i: int) -> int:
        return rows.record(places[i][0])

    ordered = (kind, spec.name) in _GIVEN_ORDER
    kept_before = len(found.kept)
    table = _read(child_kind, _Rows(tables, path, record_of), found)
    if table is not None and found.count == before:
        return Children(table, parents=_ints(parents), ordered=ordered)
    # Some children have problems: the others are read again without them, so that the
    # checks tying a row to its children still run on every row whose children all read.
    if len(found.kept) - kept_before < found.count - before:
        return None  # more problems than kept: which rows they are in is not known
    failed = {record for record, _ in found.kept[kept_before:]}
    keep = [i for i in range(len(tables)) if record_of(i) not in failed]
    unread = frozenset(parents[i] for i in range(len(tables)) if record_of(i) in failed)
    again = _Found()
    table = _read(
        child_kind, _Rows([tables[i] for i in keep], lambda j: path(keep[j]), lambda j: 0), again
    )
    if table is None or again.count:
        return None
    return Children(
        table, parents=_ints([parents[i] for i in keep]), ordered=ordered, unread=unread
    )


def _ints(values: list[int]) -> IntArray:
    return np.asarray(values, dtype=np.int64)


# -- the problems of a record read no further ---------------------------------------------


def _record_problems(
    kind: type[Any], table: dict[Any, Any], path: str
) -> tuple[list[Problem], dict[str, Any]]:
    """Every problem of the fields of one record, each field read by its own converter
    (on a bare record, its fields set in order, so a check of one field sees the fields
    before it), and the values converted. A rule between fields is checked once every
    field reads."""
    problems: list[Problem] = []
    bare: Any = object.__new__(kind)
    converted_values: dict[str, Any] = {}

    def told(name: str, found: Iterable[Problem]) -> None:
        record = getattr(bare, "id", None)  # the record's id, once it has read
        problems.extend(
            attrs.evolve(p, column=name, record_id=record if isinstance(record, str) else None)
            for p in found
        )

    for field in attrs.fields(kind):
        if not field.init:
            continue
        name = field.name
        place = f"{path}.{name}"
        if name not in table:
            if field.default is attrs.NOTHING:
                told(name, [Problem(place, "required field missing")])
            continue
        value = table[name]
        nested = field.metadata.get(COLUMN)
        if nested is not None and nested.form is Form.NESTED and nested.nested is not None:
            problems.extend(_nested_problems(nested.nested, value, place))
            continue
        try:
            converted = _convert(field, value, bare)
        except Exception as exc:  # the converter's reason; any other failure is told too
            told(name, problems_of(exc, place))
            continue
        object.__setattr__(bare, name, converted)
        converted_values[name] = converted
        if field.validator is not None:
            try:
                field.validator(bare, field, converted)
            except InvalidValueError as exc:
                told(name, problems_of(exc, place))
            except Exception:
                continue
    return problems, converted_values


def _convert(field: attrs.Attribute[Any], value: Any, bare: object) -> Any:
    converter = field.converter
    if isinstance(converter, attrs.Converter):
        return converter.converter(value, bare, field)  # type: ignore[attr-defined]
    if converter is not None:
        return converter(value)
    return value


def _nested_problems(kind: type[Any], value: Any, path: str) -> list[Problem]:
    if not isinstance(value, list | tuple):
        return [Problem(path, f"expected a list of {kind.__name__} tables, got {type_name(value)}")]
    problems: list[Problem] = []
    info = _kind(kind)
    for k, item in enumerate(value):
        place = f"{path}[{k}]"
        if not isinstance(item, dict):
            problems.append(
                Problem(place, f"expected a table of {kind.__name__} fields, got {type_name(item)}")
            )
            continue
        problems.extend(_unknown(info, place, item))
        problems.extend(_record_problems(kind, item, place)[0])
    return problems
