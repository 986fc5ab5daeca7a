"""Data frames in: pandas, polars, pyarrow (and any frame narwhals reads), one code path.

:func:`read_frame` turns one frame into the table of one record kind. Any
frame narwhals reads comes in as Arrow columns (without a copy for polars and
pyarrow), and Arrow's compute kernels do the bulk work: they code text
columns by their distinct values (each then read once, with the same
grammar as the record types), read numbers written as text in bulk under the
declared notation, and hand typed columns over as numpy arrays without a
Python step per row; ids stay Arrow arrays until a record needs them. What
cannot be read in bulk (a number with separators, a unit in the cell) goes
to the library's own grammar, value by value. Needs the ``frames`` extra
(narwhals and pyarrow).

>>> import pandas as pd, industrial_policy as ip
>>> frame = pd.DataFrame({"id": ["p1", "p2"], "zone_id": ["kcn-a", "kcn-a"],
...                       "area_ha": [45.0, 12.5], "status": ["reserved", "vacant"],
...                       "category": ["hi_tech", None]})
>>> parcels = read_frame(ip.Parcel, frame, columns={"area": "area_ha"}, units={"area": "ha"})
>>> parcels[0].area, parcels[1].category
(<Quantity(45.0, 'hectare')>, None)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar import Form, Table, schema_of
from industrial_policy.columnar.cells import Cells, Coded, Parsed, locked
from industrial_policy.columnar.column import CodeArray, seen_for_every_row
from industrial_policy.columnar.problems import Problems, Where
from industrial_policy.columnar.reading import Children, read_table
from industrial_policy.columnar.schema import FieldSpec
from industrial_policy.columnar.text import strings
from industrial_policy.errors import TableError
from industrial_policy.extras import needs
from industrial_policy.io.background import beside
from industrial_policy.io.objects import (
    UNIT_SUFFIXES,
    from_text,
    layout_of,
    object_cells,
    part_columns,
    read_after,
    unit_columns,
)
from industrial_policy.numbers import Notation

__all__ = [
    "PLAIN_LENGTH",
    "PLAIN_NUMBER",
    "ArrowTexts",
    "WithTexts",
    "cells_of",
    "ids_ahead",
    "narwhals",
    "native_frame",
    "read_frame",
]

R = TypeVar("R")

# Numbers read in bulk: the plain decimal forms whose value is the same whatever the
# grammar (no thousands separator), of at most PLAIN_LENGTH characters: for money at most
# 15 digits, which a float holds exactly (the grammar keeps every digit of an amount), for
# other numbers at most 30 characters, well within the sizes numbers may have (1e-30 to
# 1e31). Anything else goes value by value to industrial_policy.numbers. The strict
# notation leaves out what reads as Vietnamese thousands ("6.418"). Tests check these
# agree with parse_number.
PLAIN_NUMBER = {
    Notation.EN: r"^\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*$",
    Notation.STRICT: r"^\s*[+-]?[0-9]+(?:\.[0-9]+)?\s*$",
    Notation.VI: r"^\s*[+-]?[0-9]+(?:,[0-9]+)?\s*$",
}
PLAIN_LENGTH = {Form.MONEY: 15, Form.AREA: 30, Form.INT: 30}
_STRICT_AMBIGUOUS = r"^\s*[+-]?[1-9][0-9]{0,2}\.[0-9]{3}\s*$"
_ISO_DATE = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\s*$"

# Fields read value by value whatever their number: ids and names, mostly distinct.
_ONE_BY_ONE = {Form.ID, Form.TEXT}
_NUMERIC = {Form.AREA, Form.MONEY, Form.INT}


def narwhals() -> Any:
    """narwhals' stable API, or the error naming the extra to install."""
    return _narwhals()


def _narwhals() -> Any:
    with needs("reading data frames", extra="frames"):
        import narwhals.stable.v2 as nw
    return nw


def _compute() -> Any:
    with needs("reading data frames", extra="frames"):
        import pyarrow.compute as pc
    return pc


def native_frame(frame: Any) -> Any:
    """``frame`` as a narwhals eager frame (a lazy one is collected)."""
    nw = _narwhals()
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


class ArrowTexts:
    """A frame's text column kept as an Arrow array until its texts are needed
    (:class:`~industrial_policy.columnar.text.TextSource`); polars and pyarrow frames hand
    it over without a copy. ``engine_unique`` asks the frame's own engine whether no text
    repeats (polars counts a million ids' distinct values in a few tens of milliseconds)."""

    def __init__(self, array: Any, engine_unique: Callable[[], bool] | None = None) -> None:
        self.array = array
        self.engine_unique = engine_unique
        self._unique: bool | None = None
        self._telling: Future[bool] | None = None

    def __len__(self) -> int:
        return len(self.array)

    @property
    def nbytes(self) -> int:
        return int(self.array.nbytes)

    def to_strings(self) -> npt.NDArray[Any]:
        return strings(self.array.to_numpy(zero_copy_only=False))

    def unique(self) -> bool:
        """Whether no text repeats (told once, then kept)."""
        if self._unique is None:
            telling = self._telling
            self._unique = telling.result() if telling is not None else self._told_unique()
        return self._unique

    def tell_aside(self) -> None:
        """Start telling :meth:`unique` on the pool's threads
        (:func:`~industrial_policy.io.background.beside`), while the caller reads the
        other columns: hashing the texts releases the interpreter's lock, so it runs on the
        second core (the answer, or the error, waits in :meth:`unique`)."""
        if self._unique is not None or self._telling is not None:
            return
        self._telling = beside(self._told_unique)

    def _told_unique(self) -> bool:
        pc = _compute()
        present = self.array.drop_null() if self.array.null_count else self.array
        if len(present) < 2:
            return True
        # Ids exported in order (p000009, p000010; or p9, p10) are told unique without
        # hashing them (tried when the first ones are in order); others by hashing them
        # all, in the frame's own engine where it is faster at it than Arrow (polars, pandas).
        if _in_order(present.slice(0, _IN_ORDER_FIRST)) and _in_order(present):
            return True
        if self.engine_unique is not None:
            return self.engine_unique()
        try:  # polars hashes texts ten times faster than Arrow's unique, without a copy
            import polars as pl
        except ImportError:
            return bool(len(pc.unique(present)) == len(present))
        return bool(pl.from_arrow(present).n_unique() == len(present))

    def missing_rows(self) -> npt.NDArray[np.int64]:
        if not self.array.null_count:
            return np.zeros(0, dtype=np.int64)
        pc = _compute()
        return np.flatnonzero(pc.is_null(self.array).to_numpy(zero_copy_only=False))

    def positions(self, texts: Sequence[str]) -> npt.NDArray[np.int64]:
        import pyarrow as pa

        pc = _compute()
        wanted = pa.array(list(texts), type=pa.string())
        if len(wanted) * 8 < len(self.array):
            # Few texts among many: scan the column once for them, keep each first row.
            found = pc.index_in(self.array, value_set=wanted).to_numpy(zero_copy_only=False)
            hits = np.flatnonzero(~np.isnan(found.astype(np.float64)))
            which = found[hits].astype(np.int64)
            result = np.full(len(wanted), -1, dtype=np.int64)
            first, at = np.unique(which, return_index=True)
            result[first] = hits[at]
            return result
        found = pc.index_in(wanted, value_set=self.array).to_numpy(zero_copy_only=False)
        return np.where(np.isnan(found.astype(np.float64)), -1, found).astype(np.int64)

    def clean(self) -> bool:
        """Whether every present text is already kept as records keep ids: printable ASCII
        without outer spaces, not empty, at most 200 characters (other texts are read one
        by one, with the records' own rules). Read off the array's byte buffers."""
        array = self.array.drop_null()
        if not len(array):
            return True
        buffers = _text_buffers(array)
        if buffers is None:
            return False
        offsets, data = buffers
        lengths = np.diff(offsets)
        if lengths.min() < 1 or lengths.max() > _MAX_ID_LENGTH:
            return False
        used = data[offsets[0] : offsets[-1]]
        if used.min() < 0x20 or used.max() > 0x7E:
            return False  # a control or non-ASCII character: read with the full rules
        if not (used == 0x20).any():
            return True  # no space at all (one pass; looking up each text's ends costs 20)
        return not ((data[offsets[:-1]] == 0x20).any() or (data[offsets[1:] - 1] == 0x20).any())


_MAX_ID_LENGTH = 200
_IN_ORDER_FIRST = 1_000  # ids looked at to tell whether all may be in order


def _in_order(texts: Any) -> bool:
    """Whether each text (none missing) comes before the next, so that none repeats: as
    text (``p000009`` before ``p000010``), or by its length in bytes, then as text, the order
    of numbers written without leading zeros (``p9`` before ``p10``). Either is a strict
    order, in which a repeated text is never before itself."""
    if len(texts) < 2:
        return True
    pc = _compute()
    less = pc.less(texts.slice(0, len(texts) - 1), texts.slice(1))
    if pc.all(less).as_py():
        return True
    buffers = _text_buffers(texts)
    if buffers is None:
        return False
    lengths = np.diff(buffers[0])
    shorter, same = lengths[:-1] < lengths[1:], lengths[:-1] == lengths[1:]
    return bool((shorter | (same & less.to_numpy(zero_copy_only=False))).all())


def _text_buffers(
    array: Any,
) -> tuple[npt.NDArray[np.signedinteger[Any]], npt.NDArray[np.uint8]] | None:
    """The offsets (32 or 64 bits, as the array holds them) and bytes of a text array with
    no missing value, without a copy; ``None`` for another type."""
    import pyarrow as pa

    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        return None
    _, offsets_buffer, data_buffer = array.buffers()
    offsets: npt.NDArray[np.signedinteger[Any]]
    if pa.types.is_large_string(array.type):
        offsets = np.frombuffer(offsets_buffer, dtype=np.int64)
    else:
        offsets = np.frombuffer(offsets_buffer, dtype=np.int32)
    offsets = offsets[array.offset : array.offset + len(array) + 1]
    if data_buffer is None:
        return offsets, np.zeros(0, dtype=np.uint8)
    return offsets, np.frombuffer(data_buffer, dtype=np.uint8)


def _arrow_column(frame: Any, column: str) -> Any:
    """One column of a narwhals frame as an Arrow array (one chunk; coded chunks share one
    dictionary)."""
    import pyarrow as pa

    native = frame.to_native()
    if isinstance(native, pa.Table):
        array = native.column(column)  # a pyarrow table's own: no wrapper per column
    else:
        array = frame.get_column(column).to_arrow()  # get_column: half the cost of frame[column]
    return _one_array(array) if hasattr(array, "combine_chunks") else array


def _one_array(chunked: Any) -> Any:
    """An Arrow chunked array as one array (coded chunks sharing one dictionary)."""
    import pyarrow as pa

    if chunked.num_chunks == 1:
        return chunked.chunk(0)  # combine_chunks() would copy it
    if pa.types.is_dictionary(chunked.type):
        chunked = chunked.unify_dictionaries()
    return chunked.combine_chunks()


def _coded(array: Any) -> Coded:
    """A column coded by its distinct values, by Arrow; blank texts are missing, as in
    every cell form."""
    import pyarrow as pa

    encoded = array if pa.types.is_dictionary(array.type) else _compute().dictionary_encode(array)
    if hasattr(encoded, "combine_chunks"):
        encoded = encoded.combine_chunks()
    codes = _codes(encoded.indices)
    values = encoded.dictionary.to_pylist()
    blank = {i for i, v in enumerate(values) if isinstance(v, str) and not v.strip()}
    if not blank:
        return Coded(codes, tuple(values))
    keep = [i for i in range(len(values)) if i not in blank]
    renumber = np.full(len(values) + 1, -1, dtype=np.int64)
    renumber[keep] = np.arange(len(keep))
    return Coded(renumber[codes], tuple(values[i] for i in keep))


def _codes(indices: Any) -> CodeArray:
    """A dictionary's indices as codes, ``-1`` where missing. Signed indices with none
    missing are the index buffer itself (read-only, no copy); otherwise the buffer is
    copied to signed integers once, then ``(index + 1) * valid - 1`` with ``valid`` the
    validity bitmap's bits, so that no step branches on which rows are missing (Arrow's fill
    and numpy's masks take four times longer on a column missing in many rows)."""
    width = np.dtype(indices.type.to_pandas_dtype())  # a categorical's may be unsigned
    if not len(indices):
        return np.zeros(0, dtype=np.int64)
    if indices.null_count == len(indices):
        # No value at all (a column of the template left empty): one -1 seen for every
        # row, as a field no row gives (Column.repeated), not an array of them.
        return seen_for_every_row(np.array([-1], dtype=np.int64), len(indices))
    start, end = indices.offset, indices.offset + len(indices)
    raw = np.frombuffer(indices.buffers()[1], dtype=width, count=end)[start:]
    raw.flags.writeable = False  # Arrow's memory, shared
    if width.kind == "i" and not indices.null_count:
        return raw
    # Room for every index plus one, and for -1: 32 bits unless the indices take 64.
    codes: CodeArray = raw.astype(np.int32 if width.itemsize < 4 or width == np.int32 else np.int64)
    if indices.null_count:
        codes += 1
        codes *= _valid_bits(indices)
        codes -= 1
    return codes


def _valid_bits(array: Any) -> npt.NDArray[np.uint8]:
    """Per row of an Arrow array with missing values, 1 where a value is, 0 where none is:
    its validity bitmap unpacked."""
    bits = np.unpackbits(np.frombuffer(array.buffers()[0], dtype=np.uint8), bitorder="little")
    return bits[array.offset : array.offset + len(array)]


_NAT = np.uint64(2**63)  # NaT's bits, as an unsigned number


def _days(array: Any) -> npt.NDArray[np.datetime64]:
    """A date32 array as numpy days, NaT where missing: the day numbers widened once, then
    the missing ones set with ``(day - NaT) * valid + NaT`` on the bits as unsigned numbers
    (which wrap by definition), so that no step branches on which rows are missing (three
    times faster than Arrow's own conversion on a column missing in many rows)."""
    if not len(array):
        return np.zeros(0, dtype="datetime64[D]")
    end = array.offset + len(array)
    days = np.frombuffer(array.buffers()[1], dtype=np.int32, count=end)[array.offset :]
    days = days.astype(np.int64)
    if array.null_count:
        unsigned = days.view(np.uint64)
        unsigned -= _NAT
        unsigned *= _valid_bits(array)
        unsigned += _NAT
    return days.view("datetime64[D]")


def _numbers_in_text(array: Any, notation: Notation, form: Form) -> Parsed:
    """A text column of numbers: the plain ones read in bulk, the others (and what is no
    number) left for the library's grammar."""
    import pyarrow as pa

    pc = _compute()
    notation = Notation(notation)
    text = pc.utf8_trim_whitespace(array)
    plain = pc.fill_null(pc.match_substring_regex(text, PLAIN_NUMBER[notation]), False)
    short = pc.fill_null(pc.less_equal(pc.utf8_length(text), PLAIN_LENGTH[form]), False)
    plain = pc.and_(plain, short)
    if notation is Notation.STRICT:
        ambiguous = pc.fill_null(pc.match_substring_regex(text, _STRICT_AMBIGUOUS), False)
        plain = pc.and_(plain, pc.invert(ambiguous))
    decimal = pc.replace_substring(text, ",", ".") if notation is Notation.VI else text
    numbers = pc.cast(pc.if_else(plain, decimal, pa.scalar(None, pa.string())), pa.float64())
    picked = plain.to_numpy(zero_copy_only=False)
    empty = pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
    left = ~picked & ~empty
    codes = np.full(len(array), -1, dtype=np.int64)
    values: tuple[Any, ...] = ()
    if left.any():
        rest = Coded.of(array.filter(pa.array(left)).to_pylist())
        codes[left] = rest.codes
        values = rest.values
    return Parsed(
        np.asarray(numbers.to_numpy(zero_copy_only=False), dtype=np.float64),
        Coded(codes, values),
    )


def _iso_dates(array: Any) -> npt.NDArray[np.datetime64] | None:
    """A text column of ISO dates (2021-03-15, as CSV files write them) read by Arrow, when
    every present text is one; else ``None``, for the library's grammar."""
    import pyarrow as pa

    pc = _compute()
    text = pc.utf8_trim_whitespace(array)
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    if pc.all(pc.match_substring_regex(text, _ISO_DATE)).as_py() is False:
        return None
    try:
        days = pc.cast(text, pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None  # an impossible date (2021-02-30): the grammar names it
    return np.asarray(days.to_numpy(zero_copy_only=False), dtype="datetime64[D]")


def cells_of(frame: Any, column: str, spec: FieldSpec, notation: Notation) -> Cells | ArrowTexts:
    """A frame's column as the cells :func:`~industrial_policy.columnar.reading.read_table`
    reads, with the bulk work done by Arrow."""
    import pyarrow as pa

    try:
        array = _arrow_column(frame, column)
    except (pa.ArrowException, OverflowError):
        # A column of mixed Python objects (a pandas object column of numbers, texts and
        # dates) that Arrow cannot type: its cells as they are, for the library's grammar.
        return frame[column].to_list()  # type: ignore[no-any-return]
    kind = array.type
    form = spec.form.form
    if pa.types.is_dictionary(kind):
        text_values = pa.types.is_string(kind.value_type) or pa.types.is_large_string(
            kind.value_type
        )
        if text_values and form not in _ONE_BY_ONE and form not in _NUMERIC:
            return _coded(array)  # coded already (a Parquet file's, a categorical column)
        array = array.cast(kind.value_type)
        kind = array.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        if form in _ONE_BY_ONE or form is Form.CODED:
            return array.to_pylist()  # type: ignore[no-any-return]
        try:
            floats = array.cast(pa.float64())
        except pa.ArrowInvalid:  # whole numbers beyond a float's 2**53: each read as it is
            return array.to_pylist()  # type: ignore[no-any-return]
        return locked(np.asarray(floats.to_numpy(zero_copy_only=False), np.float64))
    if pa.types.is_date32(kind):
        return locked(_days(array))  # made here, ours
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return locked(np.asarray(array.to_numpy(zero_copy_only=False)))  # made here, ours
    if pa.types.is_boolean(kind) and array.null_count == 0:
        return np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.bool_)
    is_text = pa.types.is_string(kind) or pa.types.is_large_string(kind)
    if is_text and form in _NUMERIC:
        return _numbers_in_text(array, notation, form)
    if is_text and form is Form.DATE:
        dates = _iso_dates(array)
        if dates is not None:
            return dates
    if is_text and form in _ONE_BY_ONE:
        nw = _narwhals()
        if frame.implementation is nw.Implementation.PYARROW:
            return ArrowTexts(array)
        present = frame[column].drop_nulls()
        return ArrowTexts(array, lambda: bool(present.n_unique() == len(present)))
    if is_text or pa.types.is_boolean(kind) or pa.types.is_null(kind):
        return _coded(array)
    if form is Form.ENUM_SET and _is_list_of_text(kind):
        # A list per row (["hi_tech", "other"]): joined to one text, coded, each distinct
        # list read once ("hi_tech;other", as a CSV cell writes it).
        pc = _compute()
        return _coded(pc.binary_join(array.cast(pa.list_(pa.string())), ";"))
    return array.to_pylist()  # type: ignore[no-any-return]


def _is_list_of_text(kind: Any) -> bool:
    import pyarrow as pa

    listed = pa.types.is_list(kind) or pa.types.is_large_list(kind)
    return bool(
        listed
        and (pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type))
    )


@attrs.frozen
class WithTexts:
    """A frame, and some of its text columns as :class:`ArrowTexts` made when it was read
    (a large Parquet file's ids, :func:`ids_ahead`), by column: :func:`read_frame` takes
    those instead of making its own."""

    frame: Any
    texts: Mapping[str, ArrowTexts]


def ids_ahead(table: Any, column: str) -> dict[str, ArrowTexts]:
    """The column ``column`` of a pyarrow ``table`` as :class:`ArrowTexts` (by its name),
    already told on the pool's threads whether its texts repeat, when it holds
    :data:`ASIDE_TEXTS` texts or more; else nothing. A file's reader calls it as soon as the
    file is read: the answer is ready long before the dataset asks it, where
    :func:`read_frame` would start it only when it reads the column."""
    try:
        import pyarrow as pa
    except ImportError:  # a polars frame, read without pyarrow
        return {}
    if not isinstance(table, pa.Table) or table.num_rows < ASIDE_TEXTS:
        return {}
    if column not in table.column_names:
        return {}
    chunked = table.column(column)
    if not (pa.types.is_string(chunked.type) or pa.types.is_large_string(chunked.type)):
        return {}
    texts = ArrowTexts(_one_array(chunked))
    texts.tell_aside()
    return {column: texts}


PARALLEL_CELLS = 200_000
"""From this many cells of text to encode (rows times the columns of plain text), a frame's
columns are converted on several threads at once: Arrow and polars release the interpreter's
lock while they hash and copy, so the cores share the work. Below it, or when the columns
come coded already (a Parquet file's), the threads would mostly wait for each other."""


ASIDE_TEXTS = 50_000
"""From this many ids in a column read on one thread, whether they repeat is told on a
second thread while the other columns are read (:meth:`ArrowTexts.tell_aside`); below it
the thread would cost more than it saves."""


def _text_cells(frame: Any, columns: Iterable[str]) -> int:
    """How many cells of plain (not yet coded) text the columns hold."""
    nw = _narwhals()
    schema = frame.schema
    texts = sum(1 for column in columns if schema.get(column) == nw.String)
    return texts * len(frame)


def _each(
    convert: Callable[[str, str], object], pairs: Iterable[tuple[str, str]], parallel: bool
) -> list[object]:
    """``convert(field, column)`` for each pair, in order: on the machine's cores when
    ``parallel`` (text enough to encode, :data:`PARALLEL_CELLS`), as polars and DuckDB use
    them."""
    work = list(pairs)
    workers = min(len(work), os.cpu_count() or 1, 4)
    if not parallel or workers < 2:
        return [convert(field, column) for field, column in work]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda pair: convert(*pair), work))


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
    ahead: Mapping[str, ArrowTexts] = {}
    if isinstance(frame, WithTexts):
        frame, ahead = frame.frame, frame.texts
    wrapped = native_frame(frame)
    ahead = {column: texts for column, texts in ahead.items() if len(texts) == len(wrapped)}
    schema = schema_of(kind)
    present = list(wrapped.columns)
    # Columns named like a field give it, unless the mapping gives it from another column;
    # a column named like no field is passed on, for read_table to name.
    given = dict(columns or {})
    units, currencies = dict(units or {}), dict(currencies or {})
    # A column of each row's unit beside an area column named like its field (total_area_unit).
    for field, (key, column) in unit_columns(kind, present).items():
        declared_by = units if key == "unit" else currencies
        if field not in declared_by and field not in given and column not in given.values():
            declared_by[field] = {"column": column}
    for field, (key, declared) in metadata_units(kind, wrapped, given).items():
        declared_by = units if key == "unit" else currencies
        declared_by.setdefault(field, declared)
    used = set(given.values()) | _unit_columns(units) | _unit_columns(currencies)
    # The parts of a record-like field (a figure's scope_province, scope_within...).
    parts = {
        field: part
        for field, part in part_columns(kind, present, used).items()
        if field not in given and field not in present
    }
    in_parts = {column for part in parts.values() for column in part}
    chosen = {
        name: name
        for name in present
        if name not in used and name not in given and name not in in_parts
    }
    chosen.update(given)
    where = where or Where(source=f"{type(frame).__name__} of {kind.__name__} records")
    where = attrs.evolve(where, columns={**chosen, **{field: f"{field}_*" for field in parts}})
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
    specs = {spec.name: spec for spec in schema.fields}

    parallel = _text_cells(wrapped, chosen.values()) >= PARALLEL_CELLS

    def cells_for(field: str, column: str) -> object:
        spec = specs.get(field)
        # A column for no field is passed as it is: read_table names it.
        if spec is None:
            return [None] * len(wrapped)
        found: Cells | ArrowTexts | None = ahead.get(column) if field == "id" else None
        if found is None:
            found = cells_of(wrapped, column, spec, Notation(own.get(field, notation)))
        if field == "id" and isinstance(found, ArrowTexts):
            if parallel:
                found.unique()  # the dataset asks it: hashed now, alongside the other columns
            elif len(found) >= ASIDE_TEXTS:
                found.tell_aside()  # the dataset asks it: hashed while the rest is read
        return found

    cells = dict(zip(chosen, _each(cells_for, chosen.items(), parallel), strict=True))
    for field in chosen:
        spec = specs.get(field)
        if spec is not None and spec.form.form is Form.OBJECT:
            cells[field] = from_text(layout_of(kind, spec), cells[field], notation)
    part_problems = Problems(where, kind.__name__)
    for field, part in parts.items():
        cells[field], _ = object_cells(
            layout_of(kind, specs[field]), wrapped.select(part).to_arrow(), part_problems, notation
        )
    for field, value in (constants or {}).items():
        cells[field] = value
    resolved_units = {
        field: _column_or_value(wrapped, unit) for field, unit in (units or {}).items()
    }
    resolved_currencies = {
        field: _column_or_value(wrapped, currency) for field, currency in (currencies or {}).items()
    }
    return read_after(
        part_problems,
        lambda: read_table(
            kind,
            cells,
            notation=notation,
            units=resolved_units,
            currencies=resolved_currencies,
            where=where,
            children=children,
            length=len(wrapped),
            notations=own,
        ),
    )


def metadata_units(
    kind: type[Any], frame: Any, given: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """The unit (or currency) an Arrow table's field metadata gives an area (or money) column
    of one unit throughout (``{"unit": "ha"}``), as a dataset's Parquet tables keep it, by
    field: ``unit`` or ``currency``, and the unit. Other frames keep no field metadata."""
    nw = _narwhals()
    if frame.implementation is not nw.Implementation.PYARROW:
        return {}
    schema = frame.to_native().schema
    found: dict[str, tuple[str, str]] = {}
    for spec in schema_of(kind).fields:
        key = UNIT_SUFFIXES.get(spec.form.form)
        column = given.get(spec.name, spec.name)
        if key is None or column not in schema.names:
            continue
        meta = schema.field(column).metadata or {}
        if key.encode() in meta:
            found[spec.name] = (key, meta[key.encode()].decode())
    return found


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
        try:
            return _coded(_arrow_column(frame, column))
        except (ArithmeticError, ValueError, TypeError):  # mixed objects Arrow cannot type
            return Coded.of(frame[column].to_list())
    return given
