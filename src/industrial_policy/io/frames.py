"""Data frames in: pandas, polars, pyarrow (and any frame narwhals reads), one code path.

:func:`read_frame` turns one frame into the table of one record kind. The
frame's own engine does the bulk work through narwhals: it codes text
columns by their distinct values (each then read once, with the same
grammar as the record types), reads numbers written as text in bulk under
the declared notation, and hands over typed columns as numpy arrays without
a Python step per row. What it cannot read in bulk (a number with
separators, a unit in the cell) goes to the library's own grammar, value
by value. Needs the ``frames`` extra (narwhals).

>>> import pandas as pd, industrial_policy as ip
>>> frame = pd.DataFrame({"id": ["p1", "p2"], "zone_id": ["kcn-a", "kcn-a"],
...                       "area_ha": [45.0, 12.5], "status": ["reserved", "vacant"],
...                       "category": ["hi_tech", None]})
>>> parcels = read_frame(ip.Parcel, frame, columns={"area": "area_ha"}, units={"area": "ha"})
>>> parcels[0].area, parcels[1].category
(<Quantity(45.0, 'hectare')>, None)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar import Form, Table, schema_of
from industrial_policy.columnar.cells import Cells, Coded, Parsed
from industrial_policy.columnar.problems import Where
from industrial_policy.columnar.reading import Children, read_table
from industrial_policy.columnar.schema import FieldSpec
from industrial_policy.errors import MissingDependencyError, TableError
from industrial_policy.numbers import Notation

__all__ = ["PLAIN_LENGTH", "PLAIN_NUMBER", "cells_of", "narwhals", "native_frame", "read_frame"]

R = TypeVar("R")

# Numbers a frame's engine reads in bulk: the plain decimal forms whose value is the same
# whatever the grammar (no thousands separator), of at most PLAIN_LENGTH characters: for
# money at most 15 digits, which a float holds exactly (the grammar keeps every digit of
# an amount), for other numbers at most 30 characters, well within the sizes numbers may
# have (1e-30 to 1e31). Anything else goes value by value to industrial_policy.numbers.
# The strict notation leaves out what reads as Vietnamese thousands ("6.418"). Tests check
# these agree with parse_number.
PLAIN_NUMBER = {
    Notation.EN: r"^\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*$",
    Notation.STRICT: r"^\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*$",
    Notation.VI: r"^\s*[+-]?[0-9]+(?:,[0-9]+)?\s*$",
}
_STRICT_AMBIGUOUS = r"^\s*[+-]?[1-9][0-9]{0,2}\.[0-9]{3}\s*$"
PLAIN_LENGTH = {Form.MONEY: 15, Form.AREA: 30, Form.INT: 30}
_ISO_DATE = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"

# Fields read value by value whatever their number: ids and names, mostly distinct.
_ONE_BY_ONE = {Form.ID, Form.TEXT}
_NUMERIC = {Form.AREA, Form.MONEY, Form.INT}


def narwhals() -> Any:
    try:
        import narwhals.stable.v2 as nw
    except ImportError as exc:  # pragma: no cover - the extra is installed in CI
        raise MissingDependencyError(
            "reading data frames needs narwhals: pip install 'industrial-policy[frames]'"
        ) from exc
    return nw


def native_frame(frame: Any) -> Any:
    """``frame`` as a narwhals eager frame (a lazy one is collected)."""
    nw = narwhals()
    try:
        wrapped = nw.from_native(frame)
    except TypeError as exc:
        raise TableError(
            [],
            source=f"a {type(frame).__name__} is not a data frame narwhals reads"
            " (pandas, polars, pyarrow, modin, cuDF, DuckDB, Dask, PySpark...)",
        ) from exc
    if isinstance(wrapped, nw.LazyFrame):
        wrapped = wrapped.collect()
    if not isinstance(wrapped, nw.DataFrame):
        raise TableError([], source=f"a {type(frame).__name__} is a series, not a data frame")
    return wrapped


def _arrow_coded(series: Any) -> Coded | None:
    """A column coded by Arrow's dictionary encoding (one pass), when pyarrow is installed."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - the extras install pyarrow
        return None
    try:
        encoded = pc.dictionary_encode(series.to_arrow())
    except (pa.ArrowException, TypeError, ValueError):  # a type Arrow does not encode
        return None
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    codes = np.asarray(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False))
    return Coded(codes.astype(np.int64), tuple(encoded.dictionary.to_pylist()))


def _polars_coded(series: Any) -> Coded | None:
    """A polars text column coded by a cast to an enum of its distinct values (its
    physical codes), the fastest way polars has."""
    import polars as pl

    native = series.to_native()
    if not isinstance(native, pl.Series):
        return None
    values = native.drop_nulls().unique()
    codes = native.cast(pl.Enum(values)).to_physical().cast(pl.Int64).fill_null(-1)
    return Coded(np.asarray(codes.to_numpy(), dtype=np.int64), tuple(values.to_list()))


def _coded(series: Any) -> Coded:
    """A column coded by its distinct values, by the frame's engine; blank texts are
    missing, as in every cell form."""
    nw = narwhals()
    coded = None
    if series.dtype == nw.String and nw.get_native_namespace(series).__name__ == "polars":
        coded = _polars_coded(series)
    if coded is None and series.dtype == nw.String:
        coded = _arrow_coded(series)
    if coded is None:
        coded = _generic_coded(series)
    blank = [i for i, v in enumerate(coded.values) if isinstance(v, str) and not v.strip()]
    if not blank:
        return coded
    keep = [i for i in range(len(coded.values)) if i not in set(blank)]
    renumber = np.full(len(coded.values) + 1, -1, dtype=np.int64)
    renumber[keep] = np.arange(len(keep))
    return Coded(renumber[coded.codes], tuple(coded.values[i] for i in keep))


def _generic_coded(series: Any) -> Coded:
    nw = narwhals()
    values = series.drop_nulls().unique(maintain_order=True).to_list()
    if not values:
        return Coded(np.full(len(series), -1, dtype=np.int64), ())
    codes = (
        series.replace_strict(values, list(range(len(values))), return_dtype=nw.Int64)
        .fill_null(-1)
        .to_numpy()
    )
    return Coded(np.asarray(codes, dtype=np.int64), tuple(values))


def _numbers_in_text(frame: Any, column: str, notation: Notation, form: Form) -> Parsed:
    """A text column of numbers: the plain ones read by the frame's engine, the others
    (and what is no number) left for the library's grammar."""
    nw = narwhals()
    notation = Notation(notation)
    # Each expression computed once (an eager engine does not share them): the stripped
    # text, then whether it is plain, then its number.
    stripped = frame.select(text=nw.col(column).cast(nw.String).str.strip_chars())
    text = nw.col("text")
    plain = text.str.contains(PLAIN_NUMBER[notation]) & (text.str.len_chars() <= PLAIN_LENGTH[form])
    if notation is Notation.STRICT:
        plain = plain & ~text.str.contains(_STRICT_AMBIGUOUS)
    flagged = stripped.with_columns(plain=plain.fill_null(False))
    decimal = text.str.replace_all(",", ".", literal=True) if notation is Notation.VI else text
    read = flagged.select(
        "plain",
        number=nw.when(nw.col("plain")).then(decimal).otherwise(None).cast(nw.Float64),
        empty=text.is_null() | (text == ""),
    )
    picked = np.asarray(read["plain"].to_numpy(), dtype=np.bool_)
    numbers = np.asarray(read["number"].to_numpy(), dtype=np.float64)
    left = ~picked & ~np.asarray(read["empty"].to_numpy(), dtype=np.bool_)
    codes = np.full(len(picked), -1, dtype=np.int64)
    values: tuple[Any, ...] = ()
    if left.any():
        rest = Coded.of(frame[column].filter(nw.new_series(
            "left", left, nw.Boolean, backend=nw.get_native_namespace(frame)
        )).to_list())  # fmt: skip
        codes[left] = rest.codes
        values = rest.values
    return Parsed(np.where(picked, numbers, np.nan), Coded(codes, values))


def _iso_dates(frame: Any, column: str) -> npt.NDArray[np.datetime64] | None:
    """A text column of ISO dates (2021-03-15, the form CSV files write) read by the frame's
    engine, when every text is one; else ``None``, for the library's grammar."""
    nw = narwhals()
    text = nw.col(column).str.strip_chars()
    checked = frame.select(
        other=(text.str.contains(_ISO_DATE).fill_null(True) | (text == "")).all()
    )
    if not bool(checked["other"][0]):
        return None
    try:
        dates = frame.select(
            day=nw.when(text == "").then(None).otherwise(text).str.to_date("%Y-%m-%d")
        )["day"]
    except Exception:  # an impossible date (2021-02-30): the grammar names it
        return None
    return np.asarray(dates.to_numpy(), dtype="datetime64[D]")


def cells_of(frame: Any, column: str, spec: FieldSpec, notation: Notation) -> Cells:
    """A frame's column as the cells :func:`~industrial_policy.columnar.reading.read_table`
    reads, with the bulk work done by the frame's engine."""
    nw = narwhals()
    series = frame[column]
    dtype = series.dtype
    form = spec.form.form
    if dtype.is_numeric():
        if form in _ONE_BY_ONE or form is Form.CODED:
            return series.to_list()  # type: ignore[no-any-return]
        return np.asarray(series.cast(nw.Float64).to_numpy(), dtype=np.float64)
    if dtype == nw.Date or isinstance(dtype, nw.Datetime):
        return np.asarray(series.to_numpy())
    if dtype == nw.Boolean and series.null_count() == 0:
        return np.asarray(series.to_numpy(), dtype=np.bool_)
    if dtype == nw.String and form in _NUMERIC:
        return _numbers_in_text(frame, column, notation, form)
    if dtype == nw.String and form is Form.DATE:
        dates = _iso_dates(frame, column)
        if dates is not None:
            return dates
    if dtype == nw.String and form in _ONE_BY_ONE:
        return series.to_list()  # type: ignore[no-any-return]
    if dtype in (nw.String, nw.Boolean, nw.Categorical) or isinstance(dtype, nw.Enum):
        return _coded(series)
    return series.to_list()  # type: ignore[no-any-return]


def read_frame(
    kind: type[R],
    frame: Any,
    *,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, object] | None = None,
    currencies: Mapping[str, object] | None = None,
    constants: Mapping[str, object] | None = None,
    notation: Notation | str = Notation.STRICT,
    where: Where | None = None,
    children: Mapping[str, Children] | None = None,
    notations: Mapping[str, Notation | str] | None = None,
) -> Table[R]:
    """The table of ``kind`` records in ``frame``.

    ``columns`` maps a field to the frame's column that gives it; any other
    column named like a field gives that field, and a column that gives no
    field is an error. A column of units or currencies is named in
    ``units``/``currencies`` by ``{"column": name}``. ``constants`` gives a
    field one value for every row (``{"province": "Hải Dương"}``). ``notations`` gives
    some fields a notation of their own, by field. Rows are
    numbered from 0 in messages, unless ``where`` says otherwise.
    """
    wrapped = native_frame(frame)
    schema = schema_of(kind)
    present = list(wrapped.columns)
    # Columns named like a field give it, unless the mapping gives it from another column;
    # a column named like no field is passed on, for read_table to name.
    given = dict(columns or {})
    used = set(given.values()) | _unit_columns(units) | _unit_columns(currencies)
    chosen = {name: name for name in present if name not in used and name not in given}
    chosen.update(given)
    where = where or Where(source=f"{type(frame).__name__} of {kind.__name__} records")
    where = attrs.evolve(where, columns=dict(chosen))
    notation = Notation(notation)
    missing = [column for column in chosen.values() if column not in present]
    if missing:
        shown = ", ".join(repr(c) for c in present) or "none"
        raise TableError(
            [],
            source=f"{where.source}: no column {', '.join(repr(m) for m in missing)};"
            f" the columns are {shown}",
        )
    own = dict(notations or {})
    cells: dict[str, object] = {}
    specs = {spec.name: spec for spec in schema.fields}
    for field, column in chosen.items():
        spec = specs.get(field)
        # A column for no field is passed as it is: read_table names it.
        cells[field] = (
            cells_of(wrapped, column, spec, Notation(own.get(field, notation)))
            if spec is not None
            else [None] * len(wrapped)
        )
    for field, value in (constants or {}).items():
        cells[field] = value
    resolved_units = {
        field: _column_or_value(wrapped, unit) for field, unit in (units or {}).items()
    }
    resolved_currencies = {
        field: _column_or_value(wrapped, currency) for field, currency in (currencies or {}).items()
    }
    return read_table(
        kind,
        cells,
        notation=notation,
        units=resolved_units,
        currencies=resolved_currencies,
        where=where,
        children=children,
        length=len(wrapped),
        notations=own,
    )


def _unit_columns(given: Mapping[str, object] | None) -> set[str]:
    return {
        str(value["column"])
        for value in (given or {}).values()
        if isinstance(value, Mapping) and "column" in value
    }


def _column_or_value(frame: Any, given: object) -> object:
    if isinstance(given, Mapping) and "column" in given:
        column = given["column"]
        if column not in frame.columns:
            raise TableError([], source=f"no column {column!r} of units or currencies")
        return _coded(frame[column])
    return given
