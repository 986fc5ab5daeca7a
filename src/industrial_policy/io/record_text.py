"""A dataset's tables written as a file's lists of records, from their columns.

The writer of dataset files (``dumps``) writes each record as the plain data
cattrs makes of it: its fields in order, a field equal to its default left
out, an area as ``"1234.5 m2"``, money as ``"50 million USD"``, a choice as
its value. For the kinds held in large numbers
(:data:`~industrial_policy.io.record_lists.KINDS`) the same plain values are
made here from the table's columns, each distinct value once (an area per
distinct magnitude and unit, a choice per member), and the TOML or JSON text
of each field is made once per distinct value too; the records' lines are
then joined. The text is the same, byte for byte, as writing each record's
plain data with :mod:`~industrial_policy.io.toml_writer` or ``json.dumps``
(``indent=2``).

>>> import industrial_policy as ip
>>> parcels = Table.from_records(ip.Parcel, [
...     ip.Parcel(id="a-1", zone_id="a", area="45 ha", status="reserved", category="hi_tech"),
...     ip.Parcel(id="a-2", zone_id="a", area="12 sào Bắc Bộ", status="vacant")])
>>> plain_rows(parcels)[1]
{'id': 'a-2', 'zone_id': 'a', 'area': '12 sao_bac_bo', 'status': 'vacant'}
>>> print(toml_tables("parcels", parcels))
<BLANKLINE>
[[parcels]]
id = "a-1"
zone_id = "a"
area = "45 ha"
status = "reserved"
category = "hi_tech"
<BLANKLINE>
[[parcels]]
id = "a-2"
zone_id = "a"
area = "12 sao_bac_bo"
status = "vacant"
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Hashable
from functools import partial
from json.encoder import encode_basestring
from typing import Any

import attrs
import numpy as np

from industrial_policy.columnar import (
    AreaColumn,
    CodedColumn,
    Column,
    EnumColumn,
    EnumSetColumn,
    FlagColumn,
    Form,
    MoneyColumn,
    NestedColumn,
    Table,
    TextColumn,
    schema_of,
)
from industrial_policy.columnar.checks import defaults_of
from industrial_policy.columnar.schema import FieldSpec
from industrial_policy.io import toml_writer
from industrial_policy.io.converter import converter
from industrial_policy.money import Money, money_text
from industrial_policy.units import format_area_parts

__all__ = ["OMIT", "json_list", "plain_columns", "plain_rows", "toml_tables"]


class _Omitted:
    def __repr__(self) -> str:
        return "<omitted>"


OMIT: Any = _Omitted()
"""A field left out of a record's plain data (it equals its default)."""

Unstructure = Callable[[Any, Any], Any]


def plain_columns(table: Table[Any], unstructure: Unstructure) -> list[tuple[str, list[Any]]]:
    """Per field of ``table`` (in order), each record's plain value, :data:`OMIT` where the
    record leaves it out. Equal plain values may be one object (a list of choices).
    ``unstructure(value, type)`` makes the plain value of fields with no column form."""
    kind = table.kind
    attrs.resolve_types(kind)
    fields = {field.name: field for field in attrs.fields(kind)}
    result = []
    for spec in schema_of(kind).fields:
        column = table.column(spec.name)
        values = _plain(spec, column, fields[spec.name], unstructure)
        omitted = _omitted(table, spec, column, fields[spec.name])
        if omitted is not None and omitted.any():
            values = [OMIT if left else v for v, left in zip(values, omitted.tolist(), strict=True)]
        result.append((spec.name, values))
    return result


def plain_rows(table: Table[Any], unstructure: Unstructure | None = None) -> list[dict[str, Any]]:
    """Each record of ``table`` as plain data (what cattrs' ``unstructure`` makes of it)."""
    unstructure = unstructure or converter().unstructure
    columns = plain_columns(table, unstructure)
    names = [name for name, _ in columns]
    # A list of choices is one object for the records that hold the same: each gets its own.
    shared = {name for name, values in columns if any(type(v) is list for v in values)}
    rows = []
    for values in zip(*(values for _, values in columns), strict=True):
        rows.append(
            {
                name: (list(value) if name in shared and type(value) is list else value)
                for name, value in zip(names, values, strict=True)
                if value is not OMIT
            }
        )
    return rows


# -- plain values by column ---------------------------------------------------------------


def _plain(
    spec: FieldSpec, column: Column, field: attrs.Attribute[Any], unstructure: Unstructure
) -> list[Any]:
    form = spec.form.form
    if isinstance(column, TextColumn | CodedColumn):
        return column.values()
    if isinstance(column, EnumColumn):
        members: list[Any] = [member.value for member in column.enum]
        return _by_code([*members, None], column.codes)
    if isinstance(column, EnumSetColumn):
        return _enum_sets(column)
    if isinstance(column, AreaColumn):
        return _areas(column)
    if isinstance(column, MoneyColumn):
        return _money(column)
    if isinstance(column, NestedColumn):
        children = plain_rows(column.children, unstructure)
        offsets = column.offsets.tolist()
        return [children[start:end] for start, end in itertools.pairwise(offsets)]
    if form in (Form.FLAG, Form.OPTIONAL_FLAG, Form.INT, Form.DATE):
        return column.values()
    return [unstructure(value, field.type) for value in column.values()]


def _by_code(table: list[Any], codes: np.ndarray[Any, Any]) -> list[Any]:
    return [table[code] for code in codes.tolist()]


def _enum_sets(column: EnumSetColumn) -> list[Any]:
    order = list(column.enum)
    distinct: dict[int, list[Any]] = {}
    for bits in np.unique(column.bits).tolist():
        distinct[bits] = sorted(member.value for i, member in enumerate(order) if bits >> i & 1)
    return [distinct[bits] for bits in column.bits.tolist()]


def _areas(column: AreaColumn) -> list[Any]:
    """The text of each area, made once per distinct magnitude and unit."""
    units = [*column.units, None]
    made: dict[tuple[float, int], str | None] = {}
    result: list[Any] = []
    for magnitude, code in zip(column.magnitude.tolist(), column.unit.tolist(), strict=True):
        key = (magnitude, code)
        text = made.get(key)
        if text is None:
            name = units[code]
            text = made[key] = None if name is None else format_area_parts(magnitude, name)
        result.append(text)
    return result


def _written(money: Money | None) -> str | None:
    return None if money is None else money_text(money)


def _money(column: MoneyColumn) -> list[Any]:
    """The text of each amount, made once per distinct amount and currency."""
    made: dict[tuple[float, int], str | None] = {}
    result: list[Any] = []
    exact = column.exact
    for row, (amount, code) in enumerate(
        zip(column.amount.tolist(), column.currency.tolist(), strict=True)
    ):
        if code < 0:
            result.append(None)
            continue
        if row in exact:  # an amount a float does not hold to the digit
            result.append(_written(column.value(row)))
            continue
        key = (amount, code)
        text = made.get(key)
        if text is None:
            text = made[key] = _written(column.value(row))
        result.append(text)
    return result


def _omitted(
    table: Table[Any], spec: FieldSpec, column: Column, field: attrs.Attribute[Any]
) -> np.ndarray[Any, np.dtype[np.bool_]] | None:
    """Per record, whether the field equals its default (and is left out), as cattrs'
    ``omit_if_default`` decides it; ``None`` for a required field."""
    default: Any = field.default
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
        derived = defaults_of(table.kind).get(spec.name)
        if derived is not None and isinstance(column, FlagColumn):
            made = derived(table.columns)
            if isinstance(made, FlagColumn):
                return np.asarray(column.flags == made.flags)
        records = list(table)  # any other default made from the record: record by record
        return np.array(
            [getattr(r, field.name) == default.factory(r) for r in records], dtype=np.bool_
        )
    factory = isinstance(default, attrs.Factory)  # type: ignore[arg-type]
    value = default.factory() if factory else default
    if value is None:
        return column.missing()
    if isinstance(column, FlagColumn):
        return np.asarray(column.flags == bool(value))
    if isinstance(column, EnumSetColumn) and value == frozenset():
        return np.asarray(column.bits == 0)
    if isinstance(column, NestedColumn) and value == ():
        return np.asarray(np.diff(column.offsets) == 0)
    values = column.values()
    return np.fromiter((v == value for v in values), dtype=np.bool_, count=len(values))


# -- text ---------------------------------------------------------------------------------


def _memo_key(value: Any) -> Hashable | None:
    kind = type(value)
    if kind in (str, int, bool, float, dt.date):
        return (kind, value)
    return None


_NUMBERS = frozenset({bool, int, float})  # equal across types as dict keys (True == 1 == 1.0)
_HASHED = frozenset({str, dt.date, _Omitted, type(None)}) | _NUMBERS


def _lines(values: list[Any], prefix: str, encode: Callable[[Any], str | None]) -> list[str | None]:
    """``prefix`` and the text of each value (``None`` where left out, or where ``encode``
    leaves the value out), the text made once per distinct value."""

    def line(value: Any) -> str | None:
        if value is OMIT:
            return None
        text = encode(value)
        return None if text is None else prefix + text

    kinds = set(map(type, values))
    if kinds <= _HASHED and len(kinds & _NUMBERS) <= 1:
        distinct = dict.fromkeys(values)
        if len(distinct) == len(values):
            return list(map(line, values))
        made = {value: line(value) for value in distinct}
        return list(map(made.__getitem__, values))
    memo: dict[Hashable, str | None] = {}
    result: list[str | None] = []
    for value in values:
        key = _memo_key(value)
        if key is None:
            result.append(line(value))
        elif key in memo:
            result.append(memo[key])
        else:
            text = memo[key] = line(value)
            result.append(text)
    return result


def _toml_string(text: str) -> str:
    encoded: str = encode_basestring(text)
    return encoded.replace("\x7f", "\\u007f") if "\x7f" in encoded else encoded


def _toml_value(value: Any) -> str | None:
    if type(value) is str:
        return _toml_string(value)
    return None if value is None else toml_writer.value_text(value)  # None: left out


def toml_tables(
    key: str, table: Table[Any], unstructure: Unstructure | None = None
) -> toml_writer.Tables:
    """The ``[[key]]`` tables of every record of ``table``, as :func:`toml_writer.dumps`
    writes them (each preceded by an empty line), as one :class:`toml_writer.Tables`."""
    unstructure = unstructure or converter().unstructure
    header = f"\n[[{toml_writer.key_text(key)}]]"
    columns = [
        _lines(values, f"\n{toml_writer.key_text(name)} = ", _toml_value)
        for name, values in plain_columns(table, unstructure)
    ]
    if not columns:
        return toml_writer.Tables("\n".join(header for _ in range(len(table))))
    records = map("".join, map(partial(filter, None), zip(*columns, strict=True)))
    return toml_writer.Tables("\n".join(header + record for record in records))


def _json_value(indent: str, default: Callable[[Any], Any]) -> Callable[[Any], str]:
    """The JSON text of a value written at the nesting that ``indent`` starts."""

    def encode(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return encode_basestring(value)
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return int.__repr__(value)
        text = json.dumps(value, ensure_ascii=False, indent=2, default=default)
        return text.replace("\n", "\n" + indent) if "\n" in text else text

    return encode


def json_list(
    table: Table[Any], default: Callable[[Any], Any], unstructure: Unstructure | None = None
) -> str:
    """The JSON text of the records of ``table`` as a list, as ``json.dumps(..., indent=2)``
    writes it as the value of a key of the document (at nesting level 1)."""
    if not len(table):
        return "[]"
    unstructure = unstructure or converter().unstructure
    encode = _json_value(" " * 6, default)
    columns = [
        _lines(values, f"      {encode_basestring(name)}: ", encode)
        for name, values in plain_columns(table, unstructure)
    ]
    bodies = map(",\n".join, map(partial(filter, None), zip(*columns, strict=True)))
    records = ("    {\n" + body + "\n    }" if body else "    {}" for body in bodies)
    return "[\n" + ",\n".join(records) + "\n  ]"
