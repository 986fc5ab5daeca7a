"""Reading a user's columns into a table: every problem named, no row dropped.

:func:`read_table` takes one column of cells per field (see
:mod:`~industrial_policy.columnar.cells` for the forms a reader gives) and
returns the :class:`~industrial_policy.columnar.table.Table` of the records
they describe, or raises :class:`~industrial_policy.errors.TableError`
listing every problem at once: each names the row, the user's column, the
record and the value.

Each field is read in bulk: typed arrays as they are, text once per distinct
value with the same grammar as the record types (a text that a record field
refuses is refused here with the same reason). Numbers written as text follow
the declared ``notation``; a numeric area or money column takes its unit or
currency from ``units`` and ``currencies`` (one for the column, or a column of
them). Checks that tie fields together run on whole columns where the record
kind registers them (:func:`~industrial_policy.columnar.checks.register`), and
record by record otherwise.

>>> import numpy as np, industrial_policy as ip
>>> table = read_table(ip.Parcel, {
...     "id": ["p1", "p2"], "zone_id": "kcn-a", "area": np.array([45.0, 3.5]),
...     "status": ["reserved", "vacant"], "category": ["hi_tech", None]},
...     units={"area": "ha"})
>>> table[0].area, table[1].status
(<Quantity(45.0, 'hectare')>, <ParcelStatus.VACANT: 'vacant'>)
>>> read_table(ip.Parcel, {"id": ["p1"], "zone_id": "a", "area": ["6.418 ha"],
...                        "status": ["vacant"]})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
industrial_policy.errors.TableError: invalid table in table: 1 problem
  - table row 0, column 'area': ambiguous number: ..., got '6.418 ha' (Parcel 'p1')
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from itertools import repeat
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.amounts import amount_in
from industrial_policy.columnar.cells import (
    Cells,
    Coded,
    Parsed,
    as_cells,
    is_missing,
    own,
    typed_array,
)
from industrial_policy.columnar.checks import checks_of, defaults_of, order_of
from industrial_policy.columnar.column import BoolArray, Column, FloatArray, IntArray
from industrial_policy.columnar.objects import ObjectColumn
from industrial_policy.columnar.problems import MAX_KEPT, Problems, Where
from industrial_policy.columnar.quantities import AreaColumn, MoneyColumn
from industrial_policy.columnar.scalars import (
    DateColumn,
    EnumColumn,
    EnumSetColumn,
    FlagColumn,
    IntColumn,
    OptionalFlagColumn,
)
from industrial_policy.columnar.schema import FieldSpec, Form, schema_of
from industrial_policy.columnar.table import NestedColumn, Table
from industrial_policy.columnar.text import CodedColumn, TextColumn, TextSource, strings
from industrial_policy.errors import InvalidValueError, maybe_meant
from industrial_policy.money import currency_scale, parse_money
from industrial_policy.numbers import (
    Notation,
    as_notation,
    declared_notation,
    parse_number,
    using_notation,
)
from industrial_policy.periods import MAX_DATE, MIN_DATE, parse_date
from industrial_policy.units import area_parts, areas_in_bulk, parse_area_unit

__all__ = ["Children", "constant_problem", "read_table"]

R = TypeVar("R")
T = TypeVar("T")

_EPOCH = dt.date(1970, 1, 1).toordinal()
_SMALLEST, _LARGEST = 1e-30, 1e31  # the sizes an area may have (units.py)
_MAX_ID_LENGTH = 200


@attrs.frozen
class Children:
    """The records nested in a field of each row (a project's capital events):
    their table, and per child the id of the row it belongs to, or (``parents``)
    its position among the rows.

    The children of a row are put in the order their kind keeps (a project's
    events by date), unless they are ``ordered`` already: a document that lists
    each project's events keeps its order, and the kind's checks judge it.
    """

    table: Table[Any]
    parent_ids: Sequence[str] | npt.NDArray[Any] | None = None
    where: Where = attrs.field(factory=Where)
    parents: IntArray | None = attrs.field(default=None, kw_only=True)
    ordered: bool = attrs.field(default=False, kw_only=True)
    # The rows some of whose children could not be read (their problems told already): the
    # table holds their other children, and the checks that tie a row to its children skip
    # them, so that no problem follows from another.
    unread: frozenset[int] = attrs.field(default=frozenset(), kw_only=True)
    unread_ids: frozenset[str] = attrs.field(default=frozenset(), kw_only=True)  # by id


class _Reader:
    """What reading the fields of one table shares: the options, the problems, the ids."""

    def __init__(
        self,
        kind: type[Any],
        length: int,
        notation: Notation,
        units: Mapping[str, object],
        currencies: Mapping[str, object],
        problems: Problems,
    ) -> None:
        self.kind = kind
        self.length = length
        self.notation = Notation(notation)
        self.units = units
        self.currencies = currencies
        self.problems = problems
        self.ids: TextColumn | None = None
        self.converters = {a.name: a for a in attrs.fields(kind)}
        # Fields whose default depends on other fields, and the rows that take it.
        self.derived: dict[str, BoolArray] = {}

    # -- problems -------------------------------------------------------------------

    def ids_of(self, rows: IntArray) -> list[str | None] | None:
        if self.ids is None:
            return None
        shown = np.asarray(rows[:1000], dtype=np.int64)
        return self.ids.strings[shown].tolist()  # type: ignore[no-any-return]

    def fail_rows(self, field: str, rows: IntArray, reason: str, cells: Cells) -> None:
        """One problem per row of ``rows``, each with its cell."""
        shown = rows[:1000]
        self.problems.add(field, rows, reason, _cells_at(cells, shown), self.ids_of(rows))

    def each_value(
        self, field: str, coded: Coded, convert: Callable[[Any], T]
    ) -> tuple[list[T | None], BoolArray]:
        """``convert`` of each distinct value, and per row whether its value converted;
        the rows whose value did not are problems, with the converter's reason."""
        results: list[T | None] = []
        failed: dict[int, str] = {}
        for position, value in enumerate(coded.values):
            try:
                results.append(convert(value))
            except InvalidValueError as exc:
                results.append(None)
                failed[position] = exc.reason
        if not failed:  # every row converted: one True seen for every row (see _every)
            return results, np.broadcast_to(np.True_, coded.codes.shape)
        ok = np.ones(len(coded.values) + 1, dtype=np.bool_)
        ok[list(failed)] = False
        rows = coded.rows_of(list(failed))
        shown = coded.codes[rows[:1000]].tolist()
        self.problems.add(
            field,
            rows,
            [failed[code] for code in shown],
            [coded.values[code] for code in shown],
            self.ids_of(rows),
        )
        return results, ok[coded.codes]

    def require(self, spec: FieldSpec, missing: BoolArray, cells: Cells) -> None:
        """A required field missing in some rows is a problem in each of them."""
        if spec.required and missing.any():
            self.fail_rows(spec.name, np.flatnonzero(missing), f"{spec.name} is required", cells)

    def converter(self, name: str) -> Callable[[Any], Any]:
        """The record field's own converter, for one value."""
        field = self.converters[name]
        convert = field.converter
        stand_in = _stand_in(self.kind)
        if isinstance(convert, attrs.Converter):
            function: Callable[..., Any] = getattr(convert, "converter")  # noqa: B009
            takes_self = bool(getattr(convert, "takes_self"))  # noqa: B009
            takes_field = bool(getattr(convert, "takes_field"))  # noqa: B009

            def call(value: Any) -> Any:
                args: list[Any] = [value]
                if takes_self:
                    args.append(stand_in)
                if takes_field:
                    args.append(field)
                return function(*args)

            return call
        if convert is None:
            return lambda value: value
        return convert  # type: ignore[no-any-return]


def _stand_in(kind: type[Any]) -> object:
    """An object that converters see as the record (its type's name; no id yet)."""
    return type(kind.__name__, (), {"id": None})()


def _cells_at(cells: Cells, rows: IntArray) -> list[Any]:
    if isinstance(cells, Parsed):
        texts = _cells_at(cells.rest, rows)
        numbers = cells.numbers[rows].tolist()
        return [t if t is not None else v for t, v in zip(texts, numbers, strict=True)]
    if isinstance(cells, Coded):
        table = [*cells.values, None]
        return [table[code] for code in cells.codes[rows].tolist()]
    if isinstance(cells, np.ndarray):
        return cells[rows].tolist()  # type: ignore[no-any-return]
    return [cells[row] for row in rows.tolist()]


def _coded(cells: Cells) -> Coded:
    if isinstance(cells, Coded):
        return cells
    if isinstance(cells, Parsed):
        return Coded.of(_cells_at(cells, np.arange(len(cells))))
    if isinstance(cells, np.ndarray):
        return Coded.of(cells.tolist())
    return Coded.of(cells)


def _missing(cells: Cells) -> BoolArray:
    if isinstance(cells, Parsed):
        return np.isnan(cells.numbers) & (cells.rest.codes < 0)
    if isinstance(cells, Coded):
        result: BoolArray = cells.codes < 0
        return result
    if isinstance(cells, np.ndarray):
        if cells.dtype.kind == "f":
            return np.isnan(cells)
        if cells.dtype.kind == "M":
            return np.isnat(cells)
        return np.zeros(len(cells), dtype=np.bool_)
    return np.fromiter(map(is_missing, cells), dtype=np.bool_, count=len(cells))


# -- text -------------------------------------------------------------------------------


def _is_source(cells: object) -> bool:
    """Whether the cells are a :class:`TextSource` (a frame's text column kept as it is)."""
    return all(hasattr(cells, name) for name in ("to_strings", "clean", "positions"))


def _number_text(value: object) -> object:
    """A whole number given where text belongs (an id typed as a number) as its digits."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return value


def _texts_are_clean(texts: list[str]) -> bool:
    """Whether every text is already an id as the record types keep it: NFC, printable,
    without outer white space, not empty, at most 200 characters. One pass over the
    joined texts at C speed; the texts between the spaces that join them are intact,
    since a space neither composes with nor reorders the characters around it."""
    if not texts:
        return True
    joined = " ".join(texts)
    return (
        joined.isprintable()
        and unicodedata.is_normalized("NFC", joined)
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and "  " not in joined
        and "" not in texts
        and max(map(len, texts)) <= _MAX_ID_LENGTH
    )


def _read_text(reader: _Reader, spec: FieldSpec, given: Cells | TextSource) -> Column:
    if _is_source(given):
        source: TextSource = given  # type: ignore[assignment]
        absent = np.zeros(reader.length, dtype=np.bool_)
        absent[source.missing_rows()] = True
        if source.clean():
            if spec.required and absent.any():
                reader.require(spec, absent, [None] * reader.length)
            return TextColumn(source=source)
        given = source.to_strings().tolist()
    cells: Cells = given  # type: ignore[assignment]
    if isinstance(cells, list) and set(map(type, cells)) <= {str} and _texts_are_clean(cells):
        return TextColumn(strings(cells))  # every cell given, each as the record keeps it
    values = _cells_at(cells, np.arange(len(cells))) if not isinstance(cells, list) else cells
    if set(map(type, values)) <= {str, type(None)}:
        # The common case at C speed: texts already clean, missing only where None (a
        # clean text is neither empty nor padded, so none is white space only).
        objects = np.array(values, dtype=object)
        nones: BoolArray = np.asarray(objects == None)  # noqa: E711
        texts_given = objects[~nones].tolist() if nones.any() else values
        if _texts_are_clean(texts_given):
            reader.require(spec, nones, values)
            return TextColumn(strings(values))
    else:
        values = [None if is_missing(v) else _number_text(v) for v in values]
    missing = np.fromiter(map(is_missing, values), dtype=np.bool_, count=len(values))
    reader.require(spec, missing, values)
    texts = [None if m else v for v, m in zip(values, missing.tolist(), strict=True)]
    present = [t for t in texts if t is not None]
    if all(type(t) is str for t in present) and _texts_are_clean(present):
        return TextColumn(strings(texts))
    convert = reader.converter(spec.name)
    out: list[str | None] = []
    bad_rows: list[int] = []
    reasons: list[str] = []
    for row, text in enumerate(texts):
        if text is None:
            out.append(None)
            continue
        try:
            out.append(convert(text))
        except InvalidValueError as exc:
            out.append(None)
            bad_rows.append(row)
            reasons.append(exc.reason)
    if bad_rows:
        rows = np.asarray(bad_rows, dtype=np.int64)
        shown = bad_rows[:1000]
        reader.problems.add(
            spec.name, rows, reasons[:1000], [texts[r] for r in shown], reader.ids_of(rows)
        )
    return TextColumn(strings(out))


def _every(ok: BoolArray) -> bool:
    """Whether :meth:`_Reader.each_value` converted every value: it then answers with one
    True seen for every row (a view of stride 0), which needs no pass over the rows."""
    return ok.strides == (0,) and bool(ok[0]) if len(ok) else True


def _read_coded(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    coded = _coded(cells)
    reader.require(spec, coded.codes < 0, cells)
    if all(type(v) is str for v in coded.values) and _texts_are_clean(list(coded.values)):
        # Every distinct text is kept as it is: nothing to convert, nothing to merge.
        # A column keeps 64-bit codes (group keys are computed from them), however read.
        return CodedColumn(coded.codes.astype(np.int64, copy=False), coded.values)
    convert = reader.converter(spec.name)
    texts, ok = reader.each_value(spec.name, coded, lambda v: convert(_number_text(v)))
    # Two spellings of one text (outer spaces, another Unicode form) share one code.
    vocabulary = {t: None for t in texts if t is not None}
    index = {text: code for code, text in enumerate(vocabulary)}
    mapping = np.array([index[t] if t is not None else -1 for t in texts] + [-1], dtype=np.int64)
    codes: IntArray = mapping[coded.codes]
    if not _every(ok):
        codes[~ok] = -1
    return CodedColumn(codes, tuple(vocabulary))


# -- choices and flags ------------------------------------------------------------------


def _read_enum(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    enum_type = spec.form.enum
    if enum_type is None:
        raise TypeError(f"field {spec.name!r} is an enum but names none")
    coded = _typed_refused(reader, spec, cells, "a choice")
    reader.require(spec, coded.codes < 0, cells)
    convert = reader.converter(spec.name)
    order = {member: code for code, member in enumerate(enum_type)}
    members, ok = reader.each_value(spec.name, coded, convert)
    mapping = np.array([order[m] if m is not None else -1 for m in members] + [-1], dtype=np.int8)
    codes = mapping[coded.codes]
    if not _every(ok):
        codes[~ok] = -1
    return EnumColumn(codes, enum_type)


def _split_list(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
    if isinstance(value, tuple):
        return list(value)
    return value


def _read_enum_set(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    enum_type = spec.form.enum
    if enum_type is None:
        raise TypeError(f"field {spec.name!r} is a set of enum members but names no enum")
    coded = _typed_refused(reader, spec, cells, "a list of choices")
    convert = reader.converter(spec.name)
    sets, ok = reader.each_value(spec.name, coded, lambda v: convert(_split_list(v)))
    masks = [EnumSetColumn.mask(s, enum_type) if s is not None else 0 for s in sets]
    bits = np.array([*masks, 0], dtype=np.int64)[coded.codes]
    bits[~ok] = 0
    return EnumSetColumn(bits, enum_type)


_TRUTH = {"true": True, "false": False}


def _flag(value: object) -> bool:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, str) and value.strip().casefold() in _TRUTH:
        return _TRUTH[value.strip().casefold()]
    raise InvalidValueError("must be true or false", value=value)


def _read_flag(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    typed = typed_array(cells)
    if typed is not None and typed.dtype.kind == "b":
        flags: npt.NDArray[np.int8] = typed.astype(np.int8)
        missing = np.zeros(len(typed), dtype=np.bool_)
    else:
        coded = _typed_refused(reader, spec, cells, "true or false")
        values, ok = reader.each_value(spec.name, coded, _flag)
        table = np.array([-1 if v is None else int(v) for v in values] + [-1], dtype=np.int8)
        flags = table[coded.codes]
        missing = (coded.codes < 0) & ok
    if spec.form.form is Form.OPTIONAL_FLAG:
        return OptionalFlagColumn(flags)
    if missing.any():
        default = spec.default
        if spec.name in defaults_of(reader.kind):
            reader.derived[spec.name] = missing  # filled once the other fields are read
            default = False
        elif not isinstance(default, bool):
            reader.require(spec, missing, cells)
            default = False
        flags = np.where(missing, int(default), flags).astype(np.int8)
    return FlagColumn(flags > 0)


def _typed_refused(reader: _Reader, spec: FieldSpec, cells: Cells, noun: str) -> Coded:
    """The cells coded; a typed numeric array where text belongs is a problem in each row."""
    typed = typed_array(cells)
    if typed is None:
        return _coded(cells)
    missing = _missing(typed)
    present = np.flatnonzero(~missing)
    if len(present):
        reader.fail_rows(spec.name, present, f"must be {noun}, not a number", typed)
    return Coded(np.full(len(typed), -1, dtype=np.int64), ())


# -- numbers and dates ------------------------------------------------------------------


def _whole(value: object, notation: Notation, minimum: int | None) -> int:
    if isinstance(value, bool | np.bool_):
        raise InvalidValueError("must be a whole number, not true or false", value=value)
    if isinstance(value, str):
        number: object = parse_number(value, notation)
    else:
        number = value
    if isinstance(number, int | np.integer):
        whole = int(number)
    elif isinstance(number, float | np.floating | Decimal) and math.isfinite(number):
        if number != int(number):
            raise InvalidValueError("must be a whole number", value=value)
        whole = int(number)
    else:
        raise InvalidValueError("must be a whole number", value=value)
    if minimum is not None and whole < minimum:
        raise InvalidValueError(f"must be at least {minimum}", value=value)
    if whole > IntColumn.LARGEST:
        raise InvalidValueError("must be at most 10^15", value=value)
    return whole


def _read_int(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    typed = typed_array(cells)
    if typed is not None and typed.dtype.kind in "iuf":
        numbers = _whole_numbers(reader, spec, typed, cells)
        reader.require(spec, _missing(typed), typed)
        return IntColumn(numbers)
    if isinstance(cells, Parsed):
        numbers = _whole_numbers(reader, spec, cells.numbers, cells)
        texts = _whole_texts(reader, spec, cells.rest)
        reader.require(spec, _missing(cells), cells)
        return IntColumn(np.where(cells.rest.codes >= 0, texts, numbers))
    coded = _coded(cells)
    reader.require(spec, coded.codes < 0, cells)
    return IntColumn(_whole_texts(reader, spec, coded))


def _whole_numbers(
    reader: _Reader, spec: FieldSpec, typed: npt.NDArray[Any], cells: Cells
) -> IntArray:
    """Whole numbers from a numeric array (``IntColumn.MISSING`` where absent or refused)."""
    minimum = spec.form.minimum
    missing = _missing(typed)
    values = np.where(missing, 0, typed)
    bad = ~missing & (
        (values != np.trunc(values)) | ~np.isfinite(values)
        if typed.dtype.kind == "f"
        else np.zeros(len(typed), dtype=np.bool_)
    )
    low = ~missing & ~bad & (values < minimum) if minimum is not None else bad & False
    high = ~missing & ~bad & (values > IntColumn.LARGEST)
    for rows, reason in (
        (bad, "must be a whole number"),
        (low, f"must be at least {minimum}"),
        (high, "must be at most 10^15"),
    ):
        if rows.any():
            reader.fail_rows(spec.name, np.flatnonzero(rows), reason, cells)
    refused = missing | bad | low | high
    result: IntArray = np.where(refused, IntColumn.MISSING, values).astype(np.int64)
    return result


def _whole_texts(reader: _Reader, spec: FieldSpec, coded: Coded) -> IntArray:
    """Whole numbers written as text, each distinct text read once."""
    minimum = spec.form.minimum
    wholes, _ = reader.each_value(spec.name, coded, lambda v: _whole(v, reader.notation, minimum))
    table = np.array(
        [IntColumn.MISSING if w is None else w for w in wholes] + [IntColumn.MISSING],
        dtype=np.int64,
    )
    result: IntArray = table[coded.codes]
    return result


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise InvalidValueError("a date, not a time of day", value=value)
        value = value.date()
    if isinstance(value, bool | int | float | np.number):
        raise InvalidValueError("a number where a date belongs; write the date", value=value)
    result: dt.date = parse_date(value)  # type: ignore[arg-type]
    return result


def _read_days(reader: _Reader, spec: FieldSpec, typed: npt.NDArray[np.datetime64]) -> Column:
    """A column of numpy dates or times: each a day, in the years the records allow."""
    missing = np.isnat(typed)
    days = own(typed, "datetime64[D]")
    wrong = []
    if typed.dtype != days.dtype:
        timed = ~missing & (days != typed)
        if timed.any():
            reader.fail_rows(spec.name, np.flatnonzero(timed), "a date, not a time of day", typed)
            wrong.append(timed)
    # On the day numbers NaT is the smallest, so it is below the first day: the column
    # holds no early day when those rows are exactly the missing ones. (Compared as dates,
    # NaT is never outside.)
    numbers = days.view(np.int64)
    first, last = np.datetime64(MIN_DATE, "D"), np.datetime64(MAX_DATE, "D")
    if len(days) and (
        numbers.max() > last.astype(np.int64)
        or ((numbers < first.astype(np.int64)) != missing).any()
    ):
        outside = (days < first) | (days > last)
        reader.fail_rows(
            spec.name, np.flatnonzero(outside), "a date must be in the years 1900 to 2200", typed
        )
        wrong.append(outside)
    reader.require(spec, missing, typed)
    if wrong:
        days = np.where(np.logical_or.reduce(wrong), np.datetime64("NaT"), days)
    return DateColumn(days)


def _read_date(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    typed = typed_array(cells)
    if typed is not None and typed.dtype.kind == "M":
        return _read_days(reader, spec, typed)
    coded = Coded.of(typed.tolist()) if typed is not None else _coded(cells)
    reader.require(spec, coded.codes < 0, cells)
    dates, _ = reader.each_value(spec.name, coded, _day)
    ordinals = np.array(
        [d.toordinal() - _EPOCH if d is not None else 0 for d in dates] + [0], dtype=np.int64
    )
    known = np.array([d is not None for d in dates] + [False])
    result = ordinals[coded.codes].astype("datetime64[D]")
    result[~known[coded.codes]] = np.datetime64("NaT")
    return DateColumn(result)


# -- areas and money --------------------------------------------------------------------


def _measure(
    reader: _Reader,
    spec: FieldSpec,
    cells: Cells,
    declared: object,
    declare: Callable[[str], str | tuple[str, Decimal]],
    whole_text: Callable[[Sequence[Any]], Callable[[Any], tuple[float, str, Decimal | None]]],
    check: Callable[[FloatArray], tuple[BoolArray, str]] | None,
    what: str,
) -> tuple[FloatArray, npt.NDArray[np.int16], tuple[str, ...], dict[int, Decimal]]:
    """Magnitudes, unit (or currency) codes and names, and exact amounts by row, of an
    area or money column: numbers in a declared unit, or texts that name their own."""
    # The unit codes are the reader's own, changed in place; the magnitudes may be the
    # frame's read-only numbers (kept), copied only where a row must change.
    n = reader.length
    refused = np.zeros(n, dtype=np.bool_)  # rows already told of
    coded: Coded | None = None
    typed = typed_array(cells)
    if isinstance(cells, Parsed):
        magnitude = cells.numbers.astype(np.float64)
        coded = cells.rest
    elif typed is not None and typed.dtype.kind == "b":
        magnitude = np.full(n, np.nan)
        refused[:] = True
        reader.fail_rows(spec.name, np.arange(n), f"{what} must be a number, not true or false",
                         typed)  # fmt: skip
    elif typed is not None and typed.dtype.kind == "M":
        magnitude = np.full(n, np.nan)
        refused = ~np.isnat(typed)
        reader.fail_rows(spec.name, np.flatnonzero(refused), f"a date where {what} belongs",
                         typed)  # fmt: skip
    elif typed is not None:
        magnitude = own(typed, np.float64)  # read-only: copied below before any change
    else:
        magnitude = np.full(n, np.nan)
        coded = _coded(cells)
    numbers = ~np.isnan(magnitude)  # rows given as a number
    texts = coded.codes >= 0 if coded is not None else np.zeros(n, dtype=np.bool_)
    reader.require(spec, ~numbers & ~texts & ~refused, cells)

    # The unit or currency of rows given as numbers: declared for the column, or per row.
    names: list[str] = []
    unit = np.full(n, -1, dtype=np.int16)
    factor: npt.NDArray[np.object_] | None = None  # a scale per row (a currency in billions)
    if isinstance(declared, str):
        try:
            name, scale = _scaled(declare(declared))
            names.append(name)
            unit[:] = 0
            if scale != 1:
                factor = np.full(n, scale, dtype=object)
        except InvalidValueError as exc:
            reader.problems.add_table(
                f"the unit declared for column {reader.problems.where.column(spec.name)!r}"
                f" cannot be read: {exc.reason}",
                declared,
            )
    elif declared is not None:
        unit_cells = _coded(as_cells(declared, n))
        declared_each, _ = reader.each_value(spec.name + "_unit", unit_cells, declare)
        scaled = [None if d is None else _scaled(d) for d in declared_each]
        spelled = [None if d is None else d[0] for d in scaled]
        names = list(dict.fromkeys(s for s in spelled if s is not None))
        mapping = np.array([names.index(s) if s else -1 for s in spelled] + [-1], dtype=np.int16)
        unit = mapping[unit_cells.codes]
        scales = [Decimal(1) if d is None else d[1] for d in scaled]
        if any(scale != 1 for scale in scales):
            factor = np.array([*scales, Decimal(1)], dtype=object)[unit_cells.codes]
    elif numbers.any():
        reader.fail_rows(
            spec.name,
            np.flatnonzero(numbers),
            f"{what} needs a unit: name it in the column mapping (the column's unit, or a"
            " column of units)",
            cells,
        )
        numbers[:] = False

    exact: dict[int, Decimal] = {}
    if coded is not None and texts.any():
        numbers_given = declared is not None
        convert = (
            _number_text_reader(what, reader.notation)
            if numbers_given
            else whole_text(coded.values)
        )
        parsed, ok = reader.each_value(spec.name, coded, convert)
        values = np.array([p[0] if p else np.nan for p in parsed] + [np.nan])
        magnitude = np.where(texts, values[coded.codes], magnitude)
        if not numbers_given:
            names = list(dict.fromkeys(p[1] for p in parsed if p))
            mapping = np.array(
                [names.index(p[1]) if p else -1 for p in parsed] + [-1], dtype=np.int16
            )
            unit = np.where(texts, mapping[coded.codes], unit).astype(np.int16)
        keep = [i for i, p in enumerate(parsed) if p and p[2] is not None]
        if keep:
            for row in coded.rows_of(keep).tolist():
                kept = parsed[int(coded.codes[row])]
                if kept is not None and kept[2] is not None:
                    exact[row] = kept[2]
        numbers |= texts & ok
    if factor is not None:
        magnitude = magnitude if magnitude.flags.writeable else magnitude.copy()
        _scale(magnitude, exact, factor, numbers & (unit >= 0))
    if check is not None:
        bad, reason = check(magnitude)  # what the rows without a number hold is not asked
        bad &= numbers
        if bad.any():
            reader.fail_rows(spec.name, np.flatnonzero(bad), reason, cells)
            numbers &= ~bad
    gone = ~numbers
    if gone.any():
        unit[gone] = -1
    absent = unit < 0
    if absent.any():  # NaN where no area is, as every area column holds it
        magnitude = np.where(absent, np.nan, magnitude)
    return magnitude, unit, tuple(names), exact


def _scaled(declared: str | tuple[str, Decimal]) -> tuple[str, Decimal]:
    return (declared, Decimal(1)) if isinstance(declared, str) else declared


def _scale(
    magnitude: FloatArray,
    exact: dict[int, Decimal],
    factor: npt.NDArray[np.object_],
    rows: BoolArray,
) -> None:
    """Numbers given in a scaled unit (billions of đồng) multiplied out, exactly: each
    number as written (its exact decimal, else its shortest repr) times the scale. A whole
    number times a whole scale below 2**53 is exact in floats and is multiplied in bulk;
    only the others are multiplied as decimals."""
    scale = factor.astype(np.float64)
    whole_scale = scale == np.trunc(scale)
    with np.errstate(invalid="ignore", over="ignore"):
        product = magnitude * scale
        bulk = (
            rows
            & whole_scale
            & (magnitude == np.trunc(magnitude))
            & (np.abs(product) < 2.0**53)
            & ~np.isin(np.arange(len(magnitude)), list(exact))
        )
    magnitude[bulk] = product[bulk]
    for row in np.flatnonzero(rows & ~bulk).tolist():
        factor_of_row = factor[row]
        if factor_of_row == 1:
            continue
        written = exact.get(row)
        if written is None:
            written = Decimal(repr(float(magnitude[row])))
        value = written * factor_of_row
        number = float(value)
        magnitude[row] = number
        if Decimal(repr(number)) != value:
            exact[row] = value
        else:
            exact.pop(row, None)


def _number_text_reader(
    what: str, notation: Notation
) -> Callable[[Any], tuple[float, str, Decimal | None]]:
    """Reads the text of a number whose unit the column declares."""

    def convert(value: Any) -> tuple[float, str, Decimal | None]:
        if isinstance(value, bool):
            raise InvalidValueError(f"{what} must be a number, not true or false", value=value)
        if isinstance(value, int | float | np.number):
            return float(value), "", None
        if not isinstance(value, str):
            raise InvalidValueError(f"{what} must be a number", value=value)
        number = parse_number(value, notation)
        exact = number if Decimal(repr(float(number))) != number else None
        return float(number), "", exact

    return convert


def _area_text(
    notation: Notation,
) -> Callable[[Sequence[Any]], Callable[[Any], tuple[float, str, Decimal | None]]]:
    """Reads areas written with their unit: the plain ones matched in bulk, then one by one."""

    def prepared(values: Sequence[Any]) -> Callable[[Any], tuple[float, str, Decimal | None]]:
        bulk = areas_in_bulk(values, notation=notation)

        def convert(value: Any) -> tuple[float, str, Decimal | None]:
            parts = bulk.get(value) if type(value) is str else None
            magnitude, name = parts if parts is not None else area_parts(value, notation=notation)
            return magnitude, name, None

        return convert

    return prepared


def _area_check(magnitude: FloatArray) -> tuple[BoolArray, str]:
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(magnitude) | (magnitude < 0)
        bad |= (magnitude != 0) & ((magnitude < _SMALLEST) | (magnitude >= _LARGEST))
    return bad, "an area must be a finite number, not negative, between 1e-30 and 1e31, or zero"


def _read_area(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    magnitude, unit, names, _ = _measure(
        reader,
        spec,
        cells,
        reader.units.get(spec.name),
        lambda text: parse_area_unit(text, field=spec.name),
        _area_text(reader.notation),
        _area_check,
        "an area",
    )
    return AreaColumn(magnitude, unit, names)


def _money_text(
    notation: Notation,
) -> Callable[[Sequence[Any]], Callable[[Any], tuple[float, str, Decimal | None]]]:
    def convert(value: Any) -> tuple[float, str, Decimal | None]:
        money = parse_money(value, notation=notation)
        number = float(money.amount)
        exact = money.amount if Decimal(repr(number)) != money.amount else None
        return number, money.currency, exact

    return lambda values: convert


def _money_check(amount: FloatArray) -> tuple[BoolArray, str]:
    with np.errstate(invalid="ignore"):
        size = np.abs(amount)
        bad = ~np.isfinite(amount) | ((size != 0) & ((size < 1e-30) | (size >= 1e31)))
    return bad, "an amount must be a finite number between 1e-30 and 1e31 in size, or zero"


def _read_money(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    amount, currency, names, exact = _measure(
        reader,
        spec,
        cells,
        reader.currencies.get(spec.name),
        lambda text: currency_scale(text, field=spec.name),
        _money_text(reader.notation),
        _money_check,
        "an amount of money",
    )
    return MoneyColumn(amount, currency, names, exact)


# -- everything else --------------------------------------------------------------------


def _read_object(reader: _Reader, spec: FieldSpec, cells: Cells) -> Column:
    """Cells of a field with no flat form (a period). A kind checked on whole columns
    reads each distinct value with the field's converter; for any other kind the record's
    own converter reads the cells as each record is made (a converter may need the
    record's other fields, as a reported figure's value needs its metric)."""
    coded = _coded(cells)
    unit = reader.units.get(spec.name, reader.currencies.get(spec.name))
    if spec.form.amount and isinstance(unit, str):
        coded = _amounts_in(reader, spec, coded, unit)
    if checks_of(reader.kind) is None:
        default = spec.default
        return ObjectColumn(tuple(default if v is None else v for v in coded.cells()))
    reader.require(spec, coded.codes < 0, cells)
    converted, _ = reader.each_value(spec.name, coded, reader.converter(spec.name))
    table = [*converted, spec.default]
    return ObjectColumn(tuple(table[code] for code in coded.codes.tolist()))


def _amounts_in(reader: _Reader, spec: FieldSpec, coded: Coded, unit: str) -> Coded:
    """An amount column whose unit the column declares (``Tỷ lệ lấp đầy (%)``): each bare
    number, or text that is one in the table's notation, becomes the amount in ``unit``;
    text with a unit of its own (``94,4%``) is left for the field, which reads it whole and
    refuses a unit that does not fit. A cell that is no number is named as it was given."""

    def convert(value: Any) -> Any:
        if isinstance(value, bool):
            raise InvalidValueError(f"{spec.name} must be a number, not true or false", value=value)
        if isinstance(value, str):
            if not any(ch.isdigit() for ch in value):
                raise InvalidValueError(
                    f"{spec.name} is a number in the column's unit, {unit!r}, such as 63",
                    value=value,
                )
            try:
                number: object = parse_number(value, reader.notation)
            except InvalidValueError:
                return value
        else:
            number = value
        if not isinstance(number, int | float | Decimal | np.number):
            return value
        return amount_in(number.item() if isinstance(number, np.number) else number, unit)

    converted, ok = reader.each_value(spec.name, coded, convert)
    codes = np.where(ok, coded.codes, -1)
    return Coded(codes, tuple(converted))


_READERS: dict[Form, Callable[[_Reader, FieldSpec, Cells], Column]] = {
    Form.ID: _read_text,
    Form.TEXT: _read_text,
    Form.CODED: _read_coded,
    Form.ENUM: _read_enum,
    Form.ENUM_SET: _read_enum_set,
    Form.FLAG: _read_flag,
    Form.OPTIONAL_FLAG: _read_flag,
    Form.INT: _read_int,
    Form.DATE: _read_date,
    Form.AREA: _read_area,
    Form.MONEY: _read_money,
    Form.OBJECT: _read_object,
}


_CONSTANT_FORMS = frozenset(
    {Form.ID, Form.TEXT, Form.CODED, Form.ENUM, Form.ENUM_SET, Form.FLAG, Form.OPTIONAL_FLAG}
)
"""The forms whose one value is read the same in any notation and date order: a value
given for every row (a mapping's constant) is checked once, where it is given."""


class _Reasons(Problems):
    """The reasons of the problems found, as the reader gives them."""

    def __init__(self, kind: str) -> None:
        super().__init__(Where(), kind)
        self.reasons: list[str] = []

    def add(
        self,
        field: str | None,
        rows: Sequence[int] | IntArray,
        reason: str | Sequence[str],
        values: Sequence[object],
        ids: Sequence[str | None] | None = None,
    ) -> None:
        self.reasons.extend([reason] if isinstance(reason, str) else list(reason))
        super().add(field, rows, reason, values, ids)


def constant_problem(kind: type[Any], field: str, value: object) -> str | None:
    """Why ``value``, given for ``field`` in every row of a table of ``kind``, cannot be read
    as that field; ``None`` when it can, or when its reading depends on the table's notation
    or date order (then each row's cell is read with them).

    >>> from industrial_policy.records import Zone
    >>> constant_problem(Zone, "kind", "industrial park"), constant_problem(Zone, "kind", "kcn")
    (None, None)
    >>> constant_problem(Zone, "kind", "nope").startswith("must be one of 'industrial_park'")
    True
    """
    spec = schema_of(kind).field(field)
    if spec.form.form not in _CONSTANT_FORMS or value is None:
        return None
    problems = _Reasons(kind.__name__)
    reader = _Reader(kind, 1, Notation.STRICT, {}, {}, problems)
    _READERS[spec.form.form](reader, spec, as_cells([value], 1))
    return problems.reasons[0] if problems.reasons else None


# -- the table --------------------------------------------------------------------------


def read_table(
    kind: type[R],
    columns: Mapping[str, object],
    *,
    notation: Notation | str | None = None,
    units: Mapping[str, object] | None = None,
    currencies: Mapping[str, object] | None = None,
    where: Where | None = None,
    children: Mapping[str, Children] | None = None,
    length: int | None = None,
    notations: Mapping[str, Notation | str] | None = None,
) -> Table[R]:
    """The table of ``kind`` records that ``columns`` (cells by field name) describe.

    ``units`` and ``currencies`` give, by field, the unit of a numeric area
    column or the currency of a numeric money column (``{"area": "ha"}``), or a
    column of them. ``children`` gives the records nested in a field (a
    project's capital events) as a table and, per child, its parent's id.
    ``length`` is the number of rows when no column is a sequence.
    ``notations`` gives some fields a notation of their own (a column of
    Vietnamese numbers in an English table); ``notation=None`` is the notation
    declared for the text (:func:`~industrial_policy.numbers.declared_notation`). A
    currency may carry a scale (``"tỷ đồng"``: numbers in billions of đồng).
    Raises :class:`~industrial_policy.errors.TableError` with every problem.
    """
    chosen = declared_notation() if notation is None else as_notation(notation)
    with using_notation(chosen):  # the records' own converters read in it too
        return _read_table(
            kind, columns, chosen, units, currencies, where, children, length, notations
        )


def _read_table(
    kind: type[R],
    columns: Mapping[str, object],
    notation: Notation,
    units: Mapping[str, object] | None,
    currencies: Mapping[str, object] | None,
    where: Where | None,
    children: Mapping[str, Children] | None,
    length: int | None,
    notations: Mapping[str, Notation | str] | None,
) -> Table[R]:
    schema = schema_of(kind)
    where = where or Where()
    problems = Problems(where, kind.__name__)
    nested = {spec.name for spec in schema.fields if spec.form.form is Form.NESTED}
    unknown = [name for name in columns if name not in schema.names or name in nested]
    if unknown:
        fields = [n for n in schema.names if n not in nested]
        known = ", ".join(fields)
        for name in unknown:
            problems.add_table(
                f"column {where.column(name)!r} is not a field of {kind.__name__}"
                f"{maybe_meant(name, fields)}; its fields are: {known}",
                name,
            )
    n = length if length is not None else _length_of(columns)
    defaults = defaults_of(kind)
    reader = _Reader(kind, n, Notation(notation), units or {}, currencies or {}, problems)
    read: dict[str, Column] = {}
    ordered = sorted(schema.fields, key=lambda spec: spec.form.form is not Form.ID)
    for spec in ordered:
        if spec.form.form is Form.NESTED:
            continue
        if spec.name not in columns:
            if spec.required:
                present = ", ".join(repr(where.column(c)) for c in columns) or "none"
                problems.add_table(
                    f"no column gives {kind.__name__}.{spec.name}, which is required"
                    f" (the columns are: {present})",
                    spec.name,
                )
                continue
            if spec.name not in defaults:
                read[spec.name] = spec.absent(n)
            continue
        raw = columns[spec.name]
        cells: Any = raw if _is_source(raw) else as_cells(raw, n)
        if len(cells) != n:
            problems.add_table(
                f"column {where.column(spec.name)!r} has {len(cells):,} rows, not {n:,}",
                spec.name,
            )
            continue
        reader.notation = Notation((notations or {}).get(spec.name, notation))
        read[spec.name] = _READERS[spec.form.form](reader, spec, cells)
        if spec.name == "id":
            column = read[spec.name]
            reader.ids = column if isinstance(column, TextColumn) else None
    for spec in schema.fields:
        if spec.form.form is Form.NESTED:
            read[spec.name] = _nest(spec, (children or {}).get(spec.name), read, reader, n)
        elif spec.name in defaults and not problems.table_wide:
            if spec.name not in read:
                read[spec.name] = defaults[spec.name](read)
            elif spec.name in reader.derived:
                read[spec.name] = _filled(
                    read[spec.name], defaults[spec.name](read), reader.derived[spec.name]
                )
    if problems.table_wide:
        problems.raise_if_any()
    # The rules that tie fields together are checked on the rows whose every cell was read,
    # so that all problems are named at once, none of them a consequence of another.
    unread = _unread(children or {}, read)
    table = _checked(Table(kind, read, n), reader, skip=frozenset(problems.rows) | unread)
    problems.raise_if_any()
    return table


def _unread(children: Mapping[str, Children], read: Mapping[str, Column]) -> frozenset[int]:
    """The rows some of whose children could not be read (:attr:`Children.unread`)."""
    rows = set().union(*(given.unread for given in children.values()))
    named = set().union(*(given.unread_ids for given in children.values()))
    ids = read.get("id")
    if named and isinstance(ids, TextColumn):
        own = ids.index()
        rows.update(own[name] for name in named if name in own)
    return frozenset(rows)


def _filled(column: Column, default: Column, missing: BoolArray) -> Column:
    """``column`` with its missing rows taken from ``default``."""
    if isinstance(column, FlagColumn) and isinstance(default, FlagColumn):
        return FlagColumn(np.where(missing, default.flags, column.flags))
    raise TypeError(f"no default fills a {type(column).__name__} row by row")


def _length_of(columns: Mapping[str, object]) -> int:
    for raw in columns.values():
        if isinstance(raw, Coded | np.ndarray | list | tuple) or hasattr(raw, "to_numpy"):
            return len(raw)  # type: ignore[arg-type]
    return 0


def _nest(
    spec: FieldSpec,
    given: Children | None,
    read: Mapping[str, Column],
    reader: _Reader,
    length: int,
) -> Column:
    kind = spec.form.nested
    if kind is None:
        raise TypeError(f"field {spec.name!r} is nested but names no record kind")
    if given is None:
        return NestedColumn(Table.empty(kind), np.zeros(length + 1, dtype=np.int64))
    if given.parents is not None:
        parent = np.asarray(given.parents, dtype=np.int64)
        if len(parent) and (parent.min() < 0 or parent.max() >= length):
            raise ValueError(f"the parents of {spec.name!r} must be positions of the rows")
    else:
        parent = _parents_by_id(given, read, reader, kind, length)
    if given.ordered:
        order = np.argsort(parent, kind="stable")
    else:
        # Children in the order their kind keeps within a parent (events by date), then as given.
        keys = [_sort_key(given.table.column(name)) for name in reversed(order_of(kind))]
        order = np.lexsort([*keys, parent]) if keys else np.argsort(parent, kind="stable")
    counts = np.bincount(parent, minlength=length + 1)[:length]
    offsets = np.zeros(length + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return NestedColumn(given.table.take(order[: int(offsets[-1])]), offsets)


def _parents_by_id(
    given: Children, read: Mapping[str, Column], reader: _Reader, kind: type[Any], length: int
) -> IntArray:
    """Per child, the row whose id it names (``length`` for one naming no row: a problem)."""
    ids = read.get("id")
    own = ids.index() if isinstance(ids, TextColumn) else {}
    named = given.parent_ids if given.parent_ids is not None else ()
    cells: list[Any] = np.asarray(named, dtype=object).tolist()
    if len(cells) != len(given.table):
        raise ValueError(f"{len(given.table):,} children, but {len(cells):,} parent ids")
    if not set(map(type, cells)) <= {str, type(None)}:  # ids written as numbers: 7 is "7"
        cells = [None if is_missing(cell) else str(cell) for cell in cells]
    # One dict look-up per child at C speed; a missing or unknown id finds no row (-1).
    parent: IntArray = np.fromiter(
        map(own.get, cells, repeat(-1)), dtype=np.int64, count=len(cells)
    )
    orphans = np.flatnonzero(parent < 0)
    if len(orphans):
        child_problems = Problems(given.where, kind.__name__)
        child_problems.add(
            "parent",
            orphans,
            f"names no {reader.kind.__name__} of the table",
            [cells[row] for row in orphans[:MAX_KEPT].tolist()],
        )
        reader.problems.kept.extend(child_problems.kept)
        reader.problems.count += child_problems.count
        parent = np.where(parent < 0, length, parent)
    return parent


def _sort_key(column: Column) -> npt.NDArray[Any]:
    if isinstance(column, DateColumn):
        return column.days
    if isinstance(column, EnumColumn):
        return column.codes
    if isinstance(column, IntColumn):
        return column.numbers
    raise TypeError(f"children cannot be kept in order of a {type(column).__name__}")


def _checked(table: Table[R], reader: _Reader, skip: frozenset[int]) -> Table[R]:
    """The checks that tie fields together: on whole columns where the kind registers
    them; else by making each record (its validators run, its converters read the
    cells no column form reads), and the table made again from the records. Rows in
    ``skip`` had a cell that could not be read: they are not checked again."""
    checks = checks_of(table.kind)
    if checks is not None:
        kept = None  # the rows checked, when some are skipped
        if skip:
            kept = np.ones(len(table), dtype=np.bool_)
            kept[list(skip)] = False
        for violation in checks(table):
            rows = np.flatnonzero(violation.rows if kept is None else violation.rows & kept)
            if len(rows):
                value = violation.value or table.column(violation.field).value
                shown = rows[:1000]
                reader.problems.add(
                    violation.field,
                    rows,
                    [violation.reason_of(int(r)) for r in shown],
                    [value(int(r)) for r in shown],
                    reader.ids_of(rows),
                )
        return table
    records = []
    for row in range(len(table)):
        if row in skip:
            continue
        try:
            records.append(table[row])
        except InvalidValueError as exc:
            reader.problems.add(
                exc.field, [row], exc.reason, [exc.value], reader.ids_of(np.array([row]))
            )
    return table if reader.problems else Table.from_records(table.kind, records)
