"""How the fields of a record kind are held as columns.

Each field of a record kind says its column form in its attrs metadata (the
field helpers of :mod:`industrial_policy._fields` set it): an id, coded text,
an enum member, an area... :func:`schema_of` reads them once per kind. A field
that says nothing is held as an :class:`~industrial_policy.columnar.objects.ObjectColumn`
of the record's own values.

>>> import attrs
>>> @attrs.frozen
... class Plot:
...     id: str = attrs.field(metadata={COLUMN: FieldForm(Form.ID)})
...     note: str | None = attrs.field(default=None)
>>> [(f.name, f.form.form.name) for f in schema_of(Plot).fields]
[('id', 'ID'), ('note', 'OBJECT')]
"""

from __future__ import annotations

import enum
import functools
import threading
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from industrial_policy.columnar.column import Column
from industrial_policy.columnar.objects import ObjectColumn
from industrial_policy.columnar.quantities import AreaColumn, MoneyColumn
from industrial_policy.columnar.scalars import (
    DateColumn,
    EnumColumn,
    EnumSetColumn,
    FlagColumn,
    IntColumn,
    OptionalFlagColumn,
)
from industrial_policy.columnar.text import CodedColumn, TextColumn

__all__ = ["COLUMN", "FieldForm", "FieldSpec", "Form", "Schema", "schema_of"]

COLUMN = "industrial_policy.column"
"""The attrs metadata key under which a field says its column form."""


class Form(enum.Enum):
    """The forms a field's column takes."""

    ID = "id"  # one text per row, unique in its table
    TEXT = "text"  # one text per row (names, descriptions)
    CODED = "coded"  # text that repeats, and references to other records
    ENUM = "enum"
    ENUM_SET = "enum_set"
    FLAG = "flag"
    OPTIONAL_FLAG = "optional_flag"
    INT = "int"
    DATE = "date"
    AREA = "area"
    MONEY = "money"
    NESTED = "nested"  # records of another kind, several per row
    OBJECT = "object"


@attrs.frozen
class FieldForm:
    """A field's column form, with what the form needs: the enum, the nested kind, for a
    reference the dataset field it refers to (``"zones"``), for a whole number its least;
    ``amount`` marks an amount (a number with its unit, such as a published figure's value),
    whose column of bare numbers may declare one unit for all its cells."""

    form: Form
    enum: type[enum.Enum] | None = None
    nested: type[Any] | None = None
    reference: str | None = None
    minimum: int | None = None  # of a whole number
    amount: bool = False


@attrs.frozen
class FieldSpec:
    """One field of a record kind: its name, its keyword in ``__init__``, its form."""

    name: str
    keyword: str
    form: FieldForm
    required: bool
    default: Any

    def column(self, values: Sequence[Any]) -> Column:
        """The column of ``values``, as records hold them."""
        return _BUILDERS[self.form.form](values, self.form)

    def absent(self, length: int) -> Column:
        """The column of a field no row gives: its default in every row."""
        return self.column([self.default]).repeated(length)


_BUILDERS: dict[Form, Callable[[Sequence[Any], FieldForm], Column]] = {
    Form.ID: lambda v, f: TextColumn.from_values(v),
    Form.TEXT: lambda v, f: TextColumn.from_values(v),
    Form.CODED: lambda v, f: CodedColumn.from_values(v),
    Form.ENUM: lambda v, f: EnumColumn.from_values(v, f.enum),  # type: ignore[arg-type]
    Form.ENUM_SET: lambda v, f: EnumSetColumn.from_values(v, f.enum),  # type: ignore[arg-type]
    Form.FLAG: lambda v, f: FlagColumn.from_values(v),
    Form.OPTIONAL_FLAG: lambda v, f: OptionalFlagColumn.from_values(v),
    Form.INT: lambda v, f: IntColumn.from_values(v),
    Form.DATE: lambda v, f: DateColumn.from_values(v),
    Form.AREA: lambda v, f: AreaColumn.from_values(v),
    Form.MONEY: lambda v, f: MoneyColumn.from_values(v),
    Form.OBJECT: lambda v, f: ObjectColumn.from_values(v),
}


@attrs.frozen(slots=False)
class Schema:
    """The fields of a record kind, in the order of its ``__init__``."""

    kind: type[Any]
    fields: tuple[FieldSpec, ...]

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def references(self) -> dict[str, str]:
        """The fields that name records of another kind, and the dataset field of that kind."""
        return {f.name: f.form.reference for f in self.fields if f.form.reference is not None}


_SCHEMAS: dict[type[Any], Schema] = {}
_LOCK = threading.Lock()


def schema_of(kind: type[Any]) -> Schema:
    """The schema of a record kind (an attrs class), read once and kept."""
    schema = _SCHEMAS.get(kind)
    if schema is None:
        with _LOCK:
            schema = _SCHEMAS.get(kind)
            if schema is None:
                schema = _SCHEMAS[kind] = _read(kind)
    return schema


def _read(kind: type[Any]) -> Schema:
    specs = []
    for field in attrs.fields(kind):
        if not field.init:
            continue
        form = field.metadata.get(COLUMN, FieldForm(Form.OBJECT))
        default: Any = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = None if default.takes_self else default.factory()
        specs.append(
            FieldSpec(
                name=field.name,
                keyword=field.alias or field.name,
                form=form,
                required=field.default is attrs.NOTHING,
                default=None if default is attrs.NOTHING else default,
            )
        )
    return Schema(kind, tuple(specs))
