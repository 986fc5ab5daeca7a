"""The columnar core: every record kind held as typed numpy columns.

A dataset holds one :class:`Table` per record kind. A table is a sequence of
the kind's attrs records, made on demand, and one typed column per field:

* ids and names as numpy strings, repeated text and references as codes
  into a vocabulary (:mod:`~industrial_policy.columnar.text`);
* enum members, sets of them, flags, whole numbers and dates as small
  integer and ``datetime64`` arrays (:mod:`~industrial_policy.columnar.scalars`);
* areas as a magnitude and a unit code, money as an amount and a currency
  code (:mod:`~industrial_policy.columnar.quantities`), so that units and
  currencies are resolved once per column, not once per value;
* nested records (a project's capital events) as a child table with offsets,
  and the few values with no flat form as the records' own objects
  (:mod:`~industrial_policy.columnar.objects`).

Why numpy and not Arrow: numpy is already the core's one array dependency,
the engines compute on numpy, and every frame library converts to it; Arrow
(pyarrow) stays an optional extra for reading and writing Parquet. The
layout is Arrow's, though (dictionary-coded text, offsets for lists), so
conversion either way is cheap. ``docs/columns.md`` says more.
"""

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
from industrial_policy.columnar.schema import COLUMN, FieldForm, FieldSpec, Form, Schema, schema_of
from industrial_policy.columnar.table import NestedColumn, Table
from industrial_policy.columnar.text import CodedColumn, TextColumn

__all__ = [
    "COLUMN",
    "AreaColumn",
    "CodedColumn",
    "Column",
    "DateColumn",
    "EnumColumn",
    "EnumSetColumn",
    "FieldForm",
    "FieldSpec",
    "FlagColumn",
    "Form",
    "IntColumn",
    "MoneyColumn",
    "NestedColumn",
    "ObjectColumn",
    "OptionalFlagColumn",
    "Schema",
    "Table",
    "TextColumn",
    "schema_of",
]
