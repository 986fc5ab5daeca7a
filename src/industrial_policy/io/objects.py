"""How a record's object fields lie in a table's columns, and are read back from them.

An object field (a target's amount or period, a figure's scope, a list of ids) is laid out by
its annotation: plain types as typed columns, a record-like value (a scope) over one column
per part (``scope_province``, ``scope_within``...), a list as ``;``-joined text where the table
holds text, and the rest as the text the dataset file gives it, or JSON where that is no text.
The tables written by :mod:`industrial_policy.io.arrow` and the user's tables read by
:func:`industrial_policy.io.frames.read_frame` share this layout, so a table a dataset wrote
reads back through either.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

import attrs

from industrial_policy.amounts import Amount
from industrial_policy.columnar import Form, schema_of
from industrial_policy.columnar.cells import Coded
from industrial_policy.columnar.problems import Problems
from industrial_policy.columnar.schema import FieldSpec
from industrial_policy.errors import InvalidValueError, TableError
from industrial_policy.io.converter import converter, problems_of
from industrial_policy.money import Money
from industrial_policy.numbers import Notation, parse_number
from industrial_policy.periods import Period

__all__ = [
    "Cell",
    "Layout",
    "Part",
    "cell_value",
    "from_text",
    "layout_of",
    "object_cells",
    "part_columns",
    "plain_cell",
    "read_after",
    "unit_columns",
    "value_text",
]


# An object field is laid out by its annotation: plain types as typed columns, record-like
# values (a scope, a baseline) over one column per part, and the rest as the text the dataset
# file gives them (through the file format's own converter), or JSON where that is no text.


class Cell(enum.Enum):
    TEXT = "text"  # the file format's text (a period label, a duration, a decimal)
    VALUE = "value"  # text, or JSON where the file format gives a number or a table
    FLAG = "flag"
    NUMBER = "number"
    DATE = "date"
    TEXTS = "texts"  # a list of texts (ids, enum values)
    WHOLES = "wholes"  # a list of whole numbers


@attrs.frozen
class Part:
    """One column of an object field: its name, its cell form, and the key of the part."""

    column: str
    cell: Cell
    key: str | None  # the part of a record-like value, or None for the value itself


@attrs.frozen
class Layout:
    field: str
    annotation: Any
    parts: tuple[Part, ...]
    nested: type[Any] | None  # the record-like class spread over the parts


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kept = [a for a in typing.get_args(annotation) if a is not type(None)]
        return kept[0] if len(kept) == 1 else typing.Union[tuple(kept)]  # noqa: UP007
    return annotation


def _cell_of(annotation: Any) -> Cell:
    base = _without_none(annotation)
    if base is bool:
        return Cell.FLAG
    if base is float:
        return Cell.NUMBER
    if base is dt.date:
        return Cell.DATE
    if base is str or (isinstance(base, type) and issubclass(base, enum.Enum)):
        return Cell.TEXT
    if typing.get_origin(base) in (frozenset, tuple, list):
        item = typing.get_args(base)[0]
        return Cell.WHOLES if item is int else Cell.TEXTS
    if base is Amount or (
        typing.get_origin(base) in (typing.Union, types.UnionType)
        and any(a in (int, float) for a in typing.get_args(base))
    ):
        return Cell.VALUE
    return Cell.TEXT


def _is_record_like(annotation: Any) -> bool:
    base = _without_none(annotation)
    return isinstance(base, type) and attrs.has(base) and base not in (Amount, Money, Period)


def _layout(kind: type[Any], spec: FieldSpec) -> Layout:
    annotation = attrs.fields_dict(attrs.resolve_types(kind))[spec.name].type
    if _is_record_like(annotation):
        nested = _without_none(annotation)
        parts = tuple(
            Part(f"{spec.name}_{sub.name}", _cell_of(sub.type), sub.alias or sub.name)
            for sub in attrs.fields(attrs.resolve_types(nested))
            if sub.init
        )
        return Layout(spec.name, annotation, parts, nested)
    return Layout(spec.name, annotation, (Part(spec.name, _cell_of(annotation), None),), None)


_LAYOUTS: dict[tuple[type[Any], str], Layout] = {}


def layout_of(kind: type[Any], spec: FieldSpec) -> Layout:
    key = (kind, spec.name)
    if key not in _LAYOUTS:
        _LAYOUTS[key] = _layout(kind, spec)
    return _LAYOUTS[key]


_JSON_LOOKALIKE = re.compile(
    r"^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null)$"
)


def value_text(value: object) -> str | None:
    """A plain value of the dataset file (text, a number, a table) as one cell's text: text as
    it is, anything else as JSON; text that JSON would read otherwise (``"72"``) quoted.

    >>> value_text("25%"), value_text(72), value_text({"value": 2.5, "unit": "hectare"})
    ('25%', '72', '{"value": 2.5, "unit": "hectare"}')
    >>> value_text("72"), cell_value(value_text("72")), cell_value("25%")
    ('"72"', '72', '25%')
    """
    if value is None:
        return None
    if isinstance(value, str) and not (
        _JSON_LOOKALIKE.match(value) or value[:1] in ('"', "{", "[") or value != value.strip()
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def cell_value(text: object) -> Any:
    """What :func:`value_text` wrote: JSON read back where the cell is JSON, else the text."""
    if not isinstance(text, str):
        return text
    stripped = text.strip()
    if _JSON_LOOKALIKE.match(stripped) or stripped[:1] in ('"', "{", "["):
        try:
            return json.loads(stripped)
        except ValueError:
            return text
    return text


def plain_cell(value: object, cell: Cell) -> Any:
    """An unstructured value as the cell of its form holds it."""
    if value is None:
        return None
    if cell is Cell.VALUE:
        return value_text(value)
    if cell is Cell.TEXT:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if cell in (Cell.TEXTS, Cell.WHOLES):
        return list(value)  # type: ignore[call-overload]
    return value


def object_cells(
    layout: Layout, table: Any, problems: Problems, notation: Notation
) -> tuple[list[Any] | None, set[str]]:
    """The values of an object field from its columns (``None`` when none is present), and
    the columns used."""
    present = [part for part in layout.parts if part.column in table.column_names]
    if not present:
        return None, set()
    length = table.num_rows
    parts: dict[str, list[Any]] = {}
    for part in present:
        cells = table.column(part.column).to_pylist()
        read = _TEXT_READERS.get(part.cell)
        if read is not None:
            coded = Coded.of(cells)  # each distinct cell read once
            table_of = [read(value, notation) for value in coded.values] + [None]
            cells = [table_of[code] for code in coded.codes.tolist()]
        parts[part.column] = cells
    used = {part.column for part in present}
    if layout.nested is None:
        return parts[layout.parts[0].column], used
    conv = converter()
    values: list[Any] = []
    for row in range(length):
        given = {
            part.key: parts[part.column][row]
            for part in present
            if part.key is not None and parts[part.column][row] not in (None, [])
        }
        if not given:
            values.append(None)
            continue
        try:
            values.append(conv.structure(given, layout.nested))
        except Exception as exc:  # every failure named with its row and column
            for problem in problems_of(exc):
                column = f"{layout.field}_{problem.path.split('.')[0]}" if problem.path else None
                problems.add(
                    column if column in used else layout.field, [row], problem.message, [given]
                )
            values.append(None)
    return values, used


def _split(cell: object, notation: Notation) -> object:
    if isinstance(cell, str):
        return [part.strip() for part in cell.split(";") if part.strip()]
    return cell


def _wholes(cell: object, notation: Notation) -> object:
    """A list of whole numbers written as text (``"3;4"``), as numbers where they read so."""
    items = _split(cell, notation)
    if not isinstance(items, list):
        return items
    return [_number(item, notation) for item in items]


def _number(cell: object, notation: Notation) -> object:
    """A number written as text, read under ``notation`` (left as it is where it is none:
    the record's own check then names it)."""
    if not isinstance(cell, str):
        return cell
    try:
        number = parse_number(cell, notation)
    except InvalidValueError:
        return cell
    return (
        int(number) if number == number.to_integral_value() and "." not in cell else float(number)
    )


def _flag(cell: object, notation: Notation) -> object:
    if isinstance(cell, str) and cell.strip().casefold() in ("true", "false"):
        return cell.strip().casefold() == "true"
    return cell


def _json_or_text(cell: object, notation: Notation) -> object:
    return cell_value(cell)


# How the cells of an object field's columns are read when they come as text (a CSV file).
_TEXT_READERS: dict[Cell, Callable[[Any, Notation], Any]] = {
    Cell.VALUE: _json_or_text,
    Cell.TEXTS: _split,
    Cell.WHOLES: _wholes,
    Cell.FLAG: _flag,
    Cell.NUMBER: _number,
}


def part_columns(
    kind: type[Any], present: Iterable[str], taken: Collection[str] = ()
) -> dict[str, list[str]]:
    """The columns of ``present`` (but ``taken``) that hold a part of a record-like object
    field of ``kind``, by field: ``{"scope": ["scope_province", "scope_within"]}``.

    >>> from industrial_policy.records import ReportedFigure
    >>> part_columns(ReportedFigure, ["id", "value", "scope_province", "scope_kinds"])
    {'scope': ['scope_province', 'scope_kinds']}
    """
    columns = list(present)
    found: dict[str, list[str]] = {}
    for spec in schema_of(kind).fields:
        if spec.form.form is not Form.OBJECT:
            continue
        layout = layout_of(kind, spec)
        if layout.nested is None:
            continue
        names = {part.column for part in layout.parts}
        given = [c for c in columns if c in names and c not in taken]
        if given:
            found[spec.name] = given
    return found


def from_text(layout: Layout, cells: Any, notation: Notation) -> Any:
    """The cells of a one-column object field as a user's table gives them, where they come
    as text: a list (a figure's parts) split at ``;``, a number read in the table's notation
    (a zone count "14"; "1.000" is a thousand under ``vi``), a flag from ``true``/``false``,
    a JSON table or quoted text as a dataset's table writes them (``{"value": 150.0, "unit":
    "hectare"}``); any other text as it is, for the field's own grammar ("3676 ha", "25%")."""
    if layout.nested is not None:
        return cells
    cell = layout.parts[0].cell
    read = _number_or_json if cell is Cell.VALUE else _TEXT_READERS.get(cell)
    if read is None:
        return cells
    if isinstance(cells, Coded):
        return Coded(cells.codes, tuple(read(value, notation) for value in cells.values))
    if isinstance(cells, list):
        return [read(value, notation) for value in cells]
    return cells


UNIT_SUFFIXES = {Form.AREA: "unit", Form.MONEY: "currency"}
"""The column beside an area or money column that gives each row's unit or currency
(``total_area_unit``), as a table written with one unit per row has it."""


def unit_columns(kind: type[Any], present: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The columns of ``present`` giving each row's unit of an area field of ``kind`` (or
    currency of a money field) beside the field's own column, by field: its kind (``unit`` or
    ``currency``) and the column.

    >>> from industrial_policy.records import Zone
    >>> unit_columns(Zone, ["id", "total_area", "total_area_unit", "industrial_land_area_unit"])
    {'total_area': ('unit', 'total_area_unit')}
    """
    columns = set(present)
    found: dict[str, tuple[str, str]] = {}
    for spec in schema_of(kind).fields:
        key = UNIT_SUFFIXES.get(spec.form.form)
        if key is not None and spec.name in columns and f"{spec.name}_{key}" in columns:
            found[spec.name] = (key, f"{spec.name}_{key}")
    return found


def _number_or_json(cell: object, notation: Notation) -> object:
    """A value cell of a user's table: JSON where it is a JSON table, list or quoted text
    (never ``null`` or ``true``, which are words a user may type), else a number in the
    table's notation where it is one (exactly), else the text."""
    if not isinstance(cell, str):
        return cell
    if cell.strip()[:1] in ('"', "{", "["):
        return cell_value(cell)
    try:
        number = parse_number(cell, notation)
    except InvalidValueError:
        return cell
    # Exactly as written: a whole number as an int, any other as a Decimal (never a float,
    # which would round "123456789012345678.9").
    return int(number) if number == number.to_integral_value() else number


T = TypeVar("T")


def read_after(problems: Problems, read: Callable[[], T]) -> T:
    """``read()`` (a table's cells read into records), its problems told with those of the
    object fields read before it (``problems``), all at once, the earlier first."""
    try:
        result = read()
    except TableError as exc:
        if not problems:
            raise
        raise TableError(
            [*problems.kept, *exc.problems],
            source=problems.where.source,
            total=problems.count + (exc.total or len(exc.problems)),
        ) from None
    problems.raise_if_any()
    return result
