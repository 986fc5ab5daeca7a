"""Column mappings: which column of a user's table gives which field of a record kind.

A spreadsheet from a provincial board says "Tên KCN" and "Diện tích (ha)"
where the library says ``name`` and ``total_area``. A :class:`ColumnMapping`
says, per table (``zones``, ``parcels``, ``projects``, ``capital_events``...),
which column is which field, the unit of an area column or the currency of
a money column (or a column holding them), the notation of numbers written
as text (per mapping, table or column), values for the whole table
(``province = "Hải Dương"``), the columns to ignore, and where the table is
(a file, a sheet, the header row, the delimiter and encoding of a CSV file).

It is written as a dict in Python or as a TOML file for the command line::

    notation = "vi"                    # numbers written as text: 6.418 = 6418

    [zones]
    file = "parks.xlsx"
    sheet = "Khu công nghiệp"
    ignore = ["STT"]
    constants = { province = "Hải Dương", kind = "industrial_park" }

    [zones.columns]
    id = "Mã KCN"
    name = "Tên KCN"
    total_area = "Diện tích (ha)"     # the unit in brackets is read from the header
    industrial_land_area = { column = "Đất CN", unit = "ha" }

Columns named like a field need no mapping, and neither do ``<field>_<unit>``
and ``<field>_<currency>`` (``area_ha``, ``total_area_m2``, ``amount_usd``). A column
the mapping names for an area or money field may be the words a header names it by, then
its unit or currency (``dien_tich_ha``, ``von_dang_ky_usd``), as a header may name it in
brackets; never after other words, where a scale may stand (``von_ty_vnd``).

>>> mapping = ColumnMapping.of({"parcels": {"columns": {"area": "Diện tích"},
...                                         "units": {"area": "ha"}}})
>>> mapping.tables["parcels"].units
{'area': 'ha'}
>>> ColumnMapping.of({"parcels": {"columns": {"are": "Diện tích"}}})
Traceback (most recent call last):
...
industrial_policy.errors.MappingError: invalid column mapping: 1 problem
  - parcels.columns.are: Parcel has no field 'are' (did you mean 'area'?); its fields are: id, zone_id, area, status, category, project_id, lease_start, lease_end, source, illustrative
"""

from __future__ import annotations

import codecs
import difflib
import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from industrial_policy.amounts import amount_unit_problem
from industrial_policy.columnar import Form, schema_of
from industrial_policy.columnar.reading import constant_problem
from industrial_policy.errors import InvalidValueError, MappingError, Problem, short_repr
from industrial_policy.io.objects import part_columns, unit_columns
from industrial_policy.money import currency_scale
from industrial_policy.numbers import Notation
from industrial_policy.records.dossiers import Dossier, DossierCount
from industrial_policy.records.fees import Fee, FeeDiscount
from industrial_policy.records.figures import PublishedFigure
from industrial_policy.records.observations import Observation
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.parcels import Parcel
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.projects import CapitalEvent, ProductionValue, Project
from industrial_policy.records.rate_targets import RateTarget
from industrial_policy.records.reported import ReportedFigure
from industrial_policy.records.targets import Target
from industrial_policy.records.zones import Zone
from industrial_policy.units import parse_area_unit

__all__ = [
    "CHILDREN",
    "KINDS",
    "ColumnMapping",
    "Resolved",
    "TableMapping",
    "load_mapping",
    "no_table",
    "suggest",
]

KINDS: dict[str, type[Any]] = {
    "zones": Zone,
    "parcels": Parcel,
    "projects": Project,
    "capital_events": CapitalEvent,
    "production_values": ProductionValue,
    "procedures": Procedure,
    "service_offerings": ServiceOffering,
    "dossiers": Dossier,
    "dossier_counts": DossierCount,
    "fees": Fee,
    "fee_discounts": FeeDiscount,
    "reported": ReportedFigure,
    "targets": Target,
    "observations": Observation,
    "published": PublishedFigure,
    "rate_targets": RateTarget,
}
"""The tables a mapping names, and the record kind of each row."""

CHILDREN: dict[str, tuple[str, str]] = {
    "capital_events": ("projects", "capital_events"),
    "production_values": ("projects", "production_values"),
}
"""Tables whose rows belong to a row of another table: the parent table and its field."""

_TABLE_KEYS = (
    "columns",
    "units",
    "currencies",
    "notations",
    "notation",
    "constants",
    "ignore",
    "file",
    "sheet",
    "header_row",
    "delimiter",
    "encoding",
    "parent",
    "in_table",
    "values",
    "date_order",
)
_COLUMN_KEYS = ("column", "unit", "currency", "notation", "values", "date_order")
DATE_ORDERS = ("dmy", "mdy", "ymd")


# Words of Vietnamese headers (without marks) and the fields they usually give: used to
# suggest a field for a column, never to map one without being asked.
_GLOSSARY = (
    ("ten", ("name",)),
    ("ma", ("id",)),
    ("dien tich", ("area", "total_area")),
    ("dat cong nghiep", ("industrial_land_area",)),
    ("tinh", ("province",)),
    ("huyen", ("district",)),
    ("quoc gia", ("country",)),
    ("nha dau tu", ("investor",)),
    ("nganh", ("industry",)),
    ("lao dong", ("employees",)),
    ("von", ("amount",)),
    ("ngay", ("date",)),
    ("trang thai", ("status",)),
    ("tinh trang", ("status",)),
    ("nguon", ("source",)),
)


# The words of a header (without marks) that name an area or an amount of money alone, with
# no scale: a column the mapping names ``<words>_<unit>`` declares its unit by them.
_UNIT_HEADS: dict[Form, frozenset[str]] = {
    Form.AREA: frozenset(
        {
            "dien tich",
            "dien tich dat",
            "dat cong nghiep",
            "dien tich dat cong nghiep",
            "dien tich cho thue",
            "dien tich da cho thue",
            "dien tich dat cho thue",
        }
    ),
    Form.MONEY: frozenset(
        {
            "von",
            "von dang ky",
            "von dau tu",
            "von dieu chinh",
            "von thuc hien",
            "tong von",
            "so tien",
            "phi",
            "le phi",
        }
    ),
}


def suggest(name: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a candidate is close to ``name``, else nothing."""
    keyed = {_fold(c): c for c in candidates}
    close = difflib.get_close_matches(_fold(name), list(keyed), n=1, cutoff=0.7)
    if close:
        return f" (did you mean {keyed[close[0]]!r}?)"
    folded = _fold(name)
    for words, fields in _GLOSSARY:
        if folded.startswith(words) and (folded == words or folded[len(words)] in " (/_-"):
            for field in fields:
                if field in keyed.values():
                    return f" (is it {field!r}?)"
    return ""


def _fold(text: str) -> str:
    """A name as typed without care for case or Vietnamese marks: ``Mã dự án`` is
    ``ma du an``."""
    letters = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in letters if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def no_table(name: str, path: str | None = None) -> Problem:
    """The problem of a table name that names no table, with the closest and the list."""
    return Problem(
        path if path is not None else name,
        f"no table is called {name!r}{suggest(name, KINDS)}; the tables are: {', '.join(KINDS)}",
        name,
    )


def _unit_ok(text: str) -> str | None:
    """Why ``text`` is no area unit, or ``None``."""
    try:
        parse_area_unit(text)
    except InvalidValueError as exc:
        return exc.reason
    return None


def _currency_ok(text: str) -> str | None:
    try:
        currency_scale(text)
    except InvalidValueError as exc:
        return exc.reason
    return None


def _column_ref(value: object) -> str | None:
    """The column named by ``{"column": name}``, else ``None``."""
    if isinstance(value, Mapping) and set(value) == {"column"} and isinstance(value["column"], str):
        return value["column"]
    return None


@attrs.frozen
class TableMapping:
    """How one table of a record kind is read (see the module's documentation).

    ``columns``, ``units``, ``currencies``, ``notations`` and ``constants`` are
    keyed by field; a unit or currency is text (``"ha"``, ``"tỷ đồng"``) or
    ``{"column": name}`` for a column of them. ``values`` translates a field's texts
    to the library's values (``{"origin": {"Trong nước": "domestic"}}``);
    ``date_order`` (``"dmy"``: 15/03/2019) reads dates written with slashes, dots or
    dashes in that order, for the table or (``date_orders``) by field. ``parent`` names the column of
    a child table (capital events) that holds its parent's id (default
    ``project_id``). ``in_table`` reads this kind from the rows of another
    table (a project's licence as columns of the projects table).
    """

    kind: str
    columns: Mapping[str, str] = attrs.field(factory=dict)
    units: Mapping[str, object] = attrs.field(factory=dict)
    currencies: Mapping[str, object] = attrs.field(factory=dict)
    notations: Mapping[str, Notation] = attrs.field(factory=dict)
    notation: Notation | None = None
    constants: Mapping[str, object] = attrs.field(factory=dict)
    ignore: tuple[str, ...] = ()
    file: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    delimiter: str | None = None
    encoding: str | None = None
    parent: str | None = None
    in_table: str | None = None
    values: Mapping[str, Mapping[str, object]] = attrs.field(factory=dict)
    date_orders: Mapping[str, str] = attrs.field(factory=dict)
    date_order: str | None = None

    @property
    def record_kind(self) -> type[Any]:
        return KINDS[self.kind]


@attrs.frozen
class ColumnMapping:
    """The mapping of every table of a dataset, by table name, and the notation of
    numbers written as text where a table or column says none."""

    tables: Mapping[str, TableMapping] = attrs.field(factory=dict)
    notation: Notation | None = None
    base: Path | None = None  # where the files it names are (the mapping file's folder)

    @classmethod
    def of(
        cls, value: ColumnMapping | Mapping[str, Any] | str | os.PathLike[str] | None
    ) -> ColumnMapping:
        """A mapping from a dict (checked), a TOML or JSON file, or one already made."""
        if value is None:
            return cls()
        if isinstance(value, ColumnMapping):
            return value
        if isinstance(value, str | os.PathLike):
            return load_mapping(value)
        if not isinstance(value, Mapping):
            raise MappingError(
                [Problem("", "a column mapping is a dict of tables", type(value).__name__)]
            )
        return _parse(value, source=None, base=None)

    def table(self, kind: str) -> TableMapping:
        """The mapping of table ``kind`` (an empty one when the mapping names none)."""
        return self.tables.get(kind) or TableMapping(kind)

    def notation_of(self, kind: str) -> Notation:
        table = self.tables.get(kind)
        if table is not None and table.notation is not None:
            return table.notation
        return self.notation or Notation.STRICT

    def path_of(self, kind: str) -> Path | None:
        """The file of table ``kind``, relative to the mapping file's folder."""
        table = self.tables.get(kind)
        if table is None or table.file is None:
            return None
        path = Path(table.file)
        return path if path.is_absolute() or self.base is None else self.base / path

    def with_notation(self, notation: Notation | str | None) -> ColumnMapping:
        """The same mapping, with ``notation`` where the mapping itself says none."""
        if notation is None or self.notation is not None:
            return self
        return attrs.evolve(self, notation=Notation(notation))


def load_mapping(path: str | os.PathLike[str]) -> ColumnMapping:
    """A column mapping from a TOML (or JSON) file; the files it names are relative to it."""
    file = Path(path)
    source = str(file)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError([Problem("", f"cannot be read: {exc}", source)], source=source) from None
    try:
        data = json.loads(text) if file.suffix.lower() == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise MappingError([Problem("", f"not valid TOML or JSON: {exc}")], source=source) from None
    return _parse(data, source=source, base=file.parent)


# -- checking a mapping -----------------------------------------------------------------


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str, value: object = None) -> None:
        self.problems.append(Problem(path, message, value))

    def notation(self, path: str, value: object) -> Notation | None:
        try:
            return Notation(value)  # type: ignore[arg-type]
        except ValueError:
            self.fail(path, "a notation is 'strict', 'en' or 'vi'", value)
            return None

    def text(self, path: str, value: object) -> str | None:
        if isinstance(value, str) and value.strip():
            return value
        self.fail(path, "must be text", value)
        return None


def _parse(data: Mapping[str, Any], *, source: str | None, base: Path | None) -> ColumnMapping:
    check = _Checker()
    notation = None
    if "notation" in data:
        notation = check.notation("notation", data["notation"])
    tables: dict[str, TableMapping] = {}
    for name, body in data.items():
        if name == "notation":
            continue
        if name not in KINDS:
            unknown = no_table(name)
            check.fail(name, f"{unknown.message} (and 'notation' for the whole mapping)", name)
            continue
        if not isinstance(body, Mapping):
            check.fail(name, "must be a table of settings (columns, units, file...)", body)
            continue
        table = _parse_table(name, body, check)
        if table is not None:
            tables[name] = table
    for name, table in tables.items():
        if table.in_table is not None and table.in_table not in KINDS:
            check.problems.append(no_table(table.in_table, f"{name}.in_table"))
    if check.problems:
        raise MappingError(check.problems, source=source)
    return ColumnMapping(tables, notation, base)


def _parse_table(name: str, body: Mapping[str, Any], check: _Checker) -> TableMapping | None:
    kind = KINDS[name]
    schema = schema_of(kind)
    nested = {f.name for f in schema.fields if f.form.form is Form.NESTED}
    fields = [f.name for f in schema.fields if f.name not in nested]
    forms = {f.name: f.form.form for f in schema.fields}
    amounts = {f.name for f in schema.fields if f.form.amount}
    before = len(check.problems)
    for key in body:
        if key not in _TABLE_KEYS:
            check.fail(
                f"{name}.{key}",
                f"unknown setting {key!r}{suggest(key, _TABLE_KEYS)}; a table's settings are:"
                f" {', '.join(_TABLE_KEYS)}",
                key,
            )

    def field_name(path: str, field: object) -> bool:
        if not isinstance(field, str) or field not in forms or field in nested:
            if isinstance(field, str) and field in nested:
                child = next(c for c, (p, f) in CHILDREN.items() if p == name and f == field)
                check.fail(
                    path,
                    f"{kind.__name__}.{field} holds records: give them as their own table"
                    f" [{child}], with a column naming the {name[:-1]}",
                    field,
                )
                return False
            check.fail(
                path,
                f"{kind.__name__} has no field {field!r}{suggest(str(field), fields)};"
                f" its fields are: {', '.join(fields)}",
                field,
            )
            return False
        return True

    def mapping(key: str) -> Mapping[str, Any]:
        value = body.get(key, {})
        if not isinstance(value, Mapping):
            check.fail(f"{name}.{key}", "must be a table keyed by field", value)
            return {}
        return value

    columns: dict[str, str] = {}
    units: dict[str, object] = {}
    currencies: dict[str, object] = {}
    notations: dict[str, Notation] = {}

    def measure(path: str, field: str, key: str, value: object) -> None:
        ok: Callable[[str], str | None]
        wanted, into, ok = (
            (Form.AREA, units, _unit_ok)
            if key == "unit"
            else (Form.MONEY, currencies, _currency_ok)
        )
        noun = "an area" if wanted is Form.AREA else "an amount of money"
        amount = field in amounts
        if amount and key == "unit":
            ok = amount_unit_problem
        if forms[field] is not wanted and not amount:
            check.fail(path, f"{kind.__name__}.{field} is not {noun}: it takes no {key}", value)
            return
        ref = _column_ref(value)
        if ref is not None and amount:
            if key == "unit":
                why = f"{kind.__name__}.{field} takes one unit for the whole column, such as '%'"
            else:
                why = (
                    f"{kind.__name__}.{field} takes one currency for the whole column, such as"
                    " 'tỷ đồng'"
                )
            check.fail(path, why, value)
            return
        if ref is not None:
            into[field] = {"column": ref}
            return
        if not isinstance(value, str):
            check.fail(path, f"a {key} is text ('ha', 'tỷ đồng') or {{column = NAME}}", value)
            return
        reason = ok(value)
        if reason is not None:
            check.fail(path, f"not a {key}: {reason}", value)
            return
        into[field] = value

    values: dict[str, dict[str, object]] = {}
    date_orders: dict[str, str] = {}

    def translate(path: str, field: str, given: object) -> None:
        if not isinstance(given, Mapping) or not all(isinstance(k, str) for k in given):
            check.fail(path, "must be a table from the column's texts to the field's values", given)
            return
        values[field] = dict(given)

    def order(path: str, field: str | None, given: object) -> str | None:
        if given not in DATE_ORDERS:
            check.fail(path, f"a date order is one of {', '.join(DATE_ORDERS)}", given)
            return None
        if field is not None:
            if forms[field] is not Form.DATE:
                check.fail(path, f"{kind.__name__}.{field} is not a date", given)
                return None
            date_orders[field] = str(given)
        return str(given)

    for field, value in mapping("columns").items():
        path = f"{name}.columns.{field}"
        if not field_name(path, field):
            continue
        if isinstance(value, str):
            if check.text(path, value) is not None:
                columns[field] = value
            continue
        if not isinstance(value, Mapping):
            check.fail(path, "a column is its name, or a table with 'column', 'unit'...", value)
            continue
        for key in value:
            if key not in _COLUMN_KEYS:
                check.fail(
                    f"{path}.{key}",
                    f"unknown setting {key!r}{suggest(key, _COLUMN_KEYS)}; a column's settings"
                    f" are: {', '.join(_COLUMN_KEYS)}",
                    key,
                )
        if "column" in value and check.text(f"{path}.column", value["column"]) is not None:
            columns[field] = value["column"]
        for key in ("unit", "currency"):
            if key in value:
                measure(f"{path}.{key}", field, key, value[key])
        if "notation" in value:
            chosen = check.notation(f"{path}.notation", value["notation"])
            if chosen is not None:
                notations[field] = chosen
        if "values" in value:
            translate(f"{path}.values", field, value["values"])
        if "date_order" in value:
            order(f"{path}.date_order", field, value["date_order"])
    for key, singular in (("units", "unit"), ("currencies", "currency")):
        for field, value in mapping(key).items():
            path = f"{name}.{key}.{field}"
            if field_name(path, field):
                measure(path, field, singular, value)
    for field, value in mapping("notations").items():
        path = f"{name}.notations.{field}"
        if field_name(path, field):
            chosen = check.notation(path, value)
            if chosen is not None:
                notations[field] = chosen
    for field, given in mapping("values").items():
        if field_name(f"{name}.values.{field}", field):
            translate(f"{name}.values.{field}", field, given)
    table_order = (
        order(f"{name}.date_order", None, body["date_order"]) if "date_order" in body else None
    )
    constants: dict[str, object] = {}
    for field, value in mapping("constants").items():
        path = f"{name}.constants.{field}"
        if not field_name(path, field):
            continue
        if field in columns:
            check.fail(
                path, f"{field} is given both by column {columns[field]!r} and as a constant", value
            )
            continue
        problem = constant_problem(kind, field, value)
        if problem is not None:
            check.fail(path, f"{problem}, got {short_repr(value)}", value)
            continue
        constants[field] = value
    notation = check.notation(f"{name}.notation", body["notation"]) if "notation" in body else None
    ignore = body.get("ignore", ())
    if isinstance(ignore, str):
        ignore = (ignore,)
    if not isinstance(ignore, Sequence) or not all(isinstance(c, str) for c in ignore):
        check.fail(f"{name}.ignore", "must be a list of column names", ignore)
        ignore = ()
    texts: dict[str, str | None] = {}
    for key in ("file", "sheet", "parent", "in_table", "encoding", "delimiter"):
        texts[key] = check.text(f"{name}.{key}", body[key]) if key in body else None
    if texts["encoding"] is not None:
        try:
            codecs.lookup(texts["encoding"])
        except LookupError:
            check.fail(f"{name}.encoding", "no such encoding (utf-8, cp1258...)", texts["encoding"])
    delimiter = body.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        check.fail(f"{name}.delimiter", "a delimiter is one character: ',', ';', '\\t'", delimiter)
    header_row = body.get("header_row")
    if header_row is not None and (
        not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1
    ):
        check.fail(f"{name}.header_row", "the header row is a row number, 1 or more", header_row)
    if texts["parent"] is not None and name not in CHILDREN:
        check.fail(f"{name}.parent", f"{name} are no child records: they take no parent", None)
    if len(check.problems) > before:
        return None
    return TableMapping(
        kind=name,
        columns=columns,
        units=units,
        currencies=currencies,
        notations=notations,
        notation=notation,
        constants=constants,
        ignore=tuple(ignore),
        file=texts["file"],
        sheet=texts["sheet"],
        header_row=header_row,
        delimiter=delimiter,
        encoding=texts["encoding"],
        parent=texts["parent"],
        in_table=texts["in_table"],
        values=values,
        date_orders=date_orders,
        date_order=table_order,
    )


# -- a mapping against a table's columns ----------------------------------------------------

_BRACKETED = re.compile(r"[(\[]\s*([^()\[\]]+?)\s*[)\]]\s*$")


@attrs.frozen
class Resolved:
    """A table mapping fitted to the columns a table has: the arguments of
    :func:`~industrial_policy.io.frames.read_frame`."""

    columns: dict[str, str]
    units: dict[str, object]
    currencies: dict[str, object]
    notations: dict[str, Notation]
    constants: dict[str, object]
    used: tuple[str, ...]  # every column read, in the table's order
    values: dict[str, Mapping[str, object]] = attrs.field(factory=dict)
    date_orders: dict[str, str] = attrs.field(factory=dict)


def _suffixed(field: str, suffix: str, form: Form) -> object | None:
    """The unit or currency that ``<field>_<suffix>`` declares, or ``None``."""
    if form is Form.AREA:
        return suffix if _unit_ok(suffix) is None else None
    if form is Form.MONEY:
        code = suffix.upper() if suffix.isascii() and len(suffix) == 3 else suffix
        return code if _currency_ok(code) is None else None
    return None


def _from_header(column: str, form: Form, field: str) -> object | None:
    """The unit or currency a header names in brackets (``Diện tích (ha)``), after the
    field's name (``area_ha``), or after the words a header names the field by
    (``dien_tich_ha``, ``von_dang_ky_usd``; :data:`_UNIT_HEADS`)."""
    if column.startswith(f"{field}_"):
        found = _suffixed(field, column[len(field) + 1 :], form)
        if found is not None:
            return found
    match = _BRACKETED.search(column)
    if match is None:
        # Words a header names the field by, then its unit: dien_tich_ha, von_usd. Only those
        # words: in von_ty_vnd or dt_nghin_m2 a scale stands before the unit.
        heads = _UNIT_HEADS.get(form, frozenset())
        for at, character in enumerate(column):
            if character == "_" and _fold(column[:at].replace("_", " ")) in heads:
                found = _suffixed(field, column[at + 1 :], form)
                if found is not None:
                    return found
        return None
    inner = match.group(1)
    ok = _unit_ok if form is Form.AREA else _currency_ok
    return inner if ok(inner) is None else None


def resolve(
    table: TableMapping, present: Sequence[str], source: str, *, skip: Iterable[str] = ()
) -> Resolved:
    """Fit ``table`` to the columns ``present``: each column gives one field (as mapped,
    named like the field, or ``<field>_<unit>``), is a column of units or currencies, or
    is ignored; anything else is a :class:`~industrial_policy.errors.MappingError` that
    lists the columns present. ``skip`` are columns read otherwise (a parent id)."""
    kind = table.record_kind
    schema = schema_of(kind)
    forms = {f.name: f.form.form for f in schema.fields if f.form.form is not Form.NESTED}
    amounts = {f.name for f in schema.fields if f.form.amount}
    problems: list[Problem] = []
    shown = ", ".join(repr(c) for c in present) or "none"

    suggested: set[str] = set()

    def missing(path: str, column: str) -> None:
        keyed = {_fold(c): c for c in present}
        close = difflib.get_close_matches(_fold(column), list(keyed), n=1, cutoff=0.7)
        suggested.update(keyed[c] for c in close)
        problems.append(
            Problem(
                f"{source}: {path}",
                f"no column {column!r}{suggest(column, present)}; the columns are: {shown}",
                column,
            )
        )

    columns = dict(table.columns)
    units = dict(table.units)
    currencies = dict(table.currencies)
    for field, column in columns.items():
        if column not in present:
            missing(f"{table.kind}.columns.{field}", column)
    for key, declared_by in (("units", units), ("currencies", currencies)):
        for field, value in declared_by.items():
            ref = _column_ref(value)
            if ref is not None and ref not in present:
                missing(f"{table.kind}.{key}.{field}", ref)
    taken = set(columns.values()) | set(skip) | set(table.ignore)
    taken |= {ref for ref in map(_column_ref, [*units.values(), *currencies.values()]) if ref}
    # A column ignored but absent is no problem: one mapping serves files with more columns.
    given = set(columns) | set(table.constants)
    # The parts of a record-like field (a figure's scope_province...) give that field.
    parts = {
        field: part
        for field, part in part_columns(kind, present, taken).items()
        if field not in given and field not in present
    }
    part_names = {column for part in parts.values() for column in part}
    taken |= part_names
    given |= set(parts)
    # A column of each row's unit beside an area column named like its field (total_area_unit).
    for field, (key, column) in unit_columns(kind, present).items():
        declared_by = units if key == "unit" else currencies
        if field not in declared_by and field not in columns and column not in taken:
            declared_by[field] = {"column": column}
            taken.add(column)
    unmatched: list[str] = []
    for column in present:
        if column in taken:
            continue
        if column in forms and column not in given:
            columns[column] = column
            given.add(column)
            continue
        found = None
        for field, form in forms.items():
            prefix = f"{field}_"
            if field in given or not column.startswith(prefix):
                continue
            declared = _suffixed(field, column[len(prefix) :], form)
            if declared is not None:
                found = field
                (units if form is Form.AREA else currencies).setdefault(field, declared)
                break
        if found is not None:
            columns[found] = column
            given.add(found)
            continue
        unmatched.append(column)
    named = [f for f in forms if f not in given]
    told = [c for c in unmatched if c not in suggested]  # else told of as a field's column
    for column in told:
        if column in table.constants:
            why = (
                f"gives {kind.__name__}.{column}, which the mapping gives as a constant:"
                f" ignore the column or drop the constant"
            )
        elif column in forms:
            why = (
                f"gives {kind.__name__}.{column}, which the mapping takes from {columns[column]!r}"
            )
        else:
            why = f"gives no field of {kind.__name__}{suggest(column, named)}"
        problems.append(Problem(f"{source}: column {column!r}", why, column))
    if told:
        problems.append(
            Problem(
                f"{source}: {table.kind}.columns",
                f"map each column to a field ({table.kind}.columns.FIELD = {told[0]!r}) or"
                f" ignore it ({table.kind}.ignore = [{told[0]!r}]); the fields of"
                f" {kind.__name__} not given are: {', '.join(named) or 'none'}",
            )
        )
    for field, column in columns.items():
        field_form = forms.get(field)
        if field_form is Form.AREA and field not in units:
            unit = _from_header(column, field_form, field)
            if unit is not None:
                units[field] = unit
        if field_form is Form.MONEY and field not in currencies:
            currency = _from_header(column, field_form, field)
            if currency is not None:
                currencies[field] = currency
        if field in amounts and field not in units and field not in currencies:
            match = _BRACKETED.search(column)
            if match is not None and amount_unit_problem(match.group(1)) is None:
                units[field] = match.group(1)
    if problems:
        raise MappingError(problems, source=source)
    used = {*columns.values(), *part_names, *(r for r in map(_column_ref, units.values()) if r)}
    used |= {r for r in map(_column_ref, currencies.values()) if r}
    return Resolved(
        columns=columns,
        units=units,
        currencies=currencies,
        notations=dict(table.notations),
        constants=dict(table.constants),
        used=tuple(c for c in present if c in used),
        values={f: v for f, v in table.values.items() if f in columns},
        date_orders={
            f: table.date_orders.get(f, table.date_order or "")
            for f in columns
            if forms.get(f) is Form.DATE and (f in table.date_orders or table.date_order)
        },
    )
