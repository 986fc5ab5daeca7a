"""The cells of a user's column, as readers hand them over, and what is missing among them.

A reader gives each field's cells in one of four forms:

* a numpy array of numbers, booleans or ``datetime64`` (a typed column of a
  frame or a Parquet file): read as it is, checked in bulk;
* :class:`Coded`: the distinct cell values and, per row, the position of its
  value (a frame's text column, coded by the frame's own engine): each
  distinct value is read once;
* :class:`Parsed`: numbers a frame's engine read from text in bulk, and the
  cells it left for the library's grammar;
* anything else (a list, an object array, one value for every row): the
  cells one by one, coded here when their form reads value by value.

A cell is missing when it is ``None``, NaN, ``NaT`` or text of white space
only (an empty cell of a CSV file or a sheet).

>>> coded = Coded.of(["ha", "m2", None, "ha", "  "])
>>> coded.codes.tolist(), coded.values
([0, 1, -1, 0, -1], ('ha', 'm2'))
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar.column import CodeArray, IntArray

__all__ = ["Cells", "Coded", "Parsed", "as_cells", "is_missing", "typed_array"]


def is_missing(value: object) -> bool:
    """Whether a cell holds nothing: ``None``, NaN, ``NaT``, pandas' ``NA`` or blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    if isinstance(value, np.floating):
        return bool(np.isnan(value))
    return type(value).__name__ == "NAType"  # pandas.NA, without importing pandas


def _key(value: object) -> object:
    """A dict key for a cell: booleans apart from the numbers equal to them, lists and
    mappings by their contents, anything else unhashable by its repr."""
    if isinstance(value, bool):
        return (bool, value)
    if isinstance(value, list | tuple | np.ndarray):
        return (list, tuple(_key(item) for item in list(value)))
    if isinstance(value, dict):
        return (dict, tuple(sorted((repr(k), _key(v)) for k, v in value.items())))
    try:
        hash(value)
    except TypeError:
        return (type(value), repr(value))
    return value


@attrs.frozen
class Coded:
    """Cells as the distinct values present and, per row, the position of its value
    (``-1`` where the cell is missing). ``values`` holds no missing value."""

    codes: CodeArray
    values: tuple[Any, ...]

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def of(cls, cells: Sequence[object]) -> Coded:
        """Code cells given one by one (missing ones become ``-1``)."""
        kinds = set(map(type, cells))
        if kinds <= _PLAIN or (bool in kinds and kinds <= {bool, type(None)}):
            # The common case at C speed: no boolean beside a number equal to it (True == 1
            # as a dict key), nothing unhashable.
            seen = dict.fromkeys(cells)
            distinct = tuple(key for key in seen if not is_missing(key))
            index = {value: position for position, value in enumerate(distinct)}
            if len(index) < len(seen):  # the missing cells (None, NaN, blank text) are -1
                index.update((key, -1) for key in seen if key not in index)
            codes = np.fromiter(map(index.__getitem__, cells), dtype=np.int64, count=len(cells))
            return cls(codes, distinct)
        positions: dict[object, int] = {}
        values: list[object] = []
        found: list[int] = []
        for cell in cells:
            if is_missing(cell):
                found.append(-1)
                continue
            key = _key(cell)
            position = positions.get(key)
            if position is None:
                position = positions[key] = len(values)
                values.append(cell)
            found.append(position)
        return cls(np.asarray(found, dtype=np.int64).reshape(-1), tuple(values))

    def cells(self) -> list[Any]:
        """Every row's cell (``None`` where missing)."""
        table = [*self.values, None]
        return [table[code] for code in self.codes.tolist()]

    def rows_of(self, value_positions: Sequence[int]) -> IntArray:
        """The rows whose value is one of ``value_positions``."""
        chosen = np.zeros(len(self.values) + 1, dtype=np.bool_)
        chosen[list(value_positions)] = True
        return np.flatnonzero(chosen[self.codes])


@attrs.frozen
class Parsed:
    """Numbers a reader read in bulk (a frame's engine reading plain numbers written as
    text), and the cells it left for the library's grammar (``rest``: ``-1`` in the rows
    read in bulk and the missing ones). ``numbers`` is NaN where no number was read."""

    numbers: npt.NDArray[np.float64]
    rest: Coded

    def __len__(self) -> int:
        return len(self.numbers)


_PLAIN = {str, int, float, type(None), dt.date, dt.datetime, Decimal}
"""Cell types that hash by value, and never equal a boolean unless they are one."""

Cells = npt.NDArray[Any] | Coded | Parsed | list[Any]
"""A field's cells: a typed numpy array, :class:`Coded`, :class:`Parsed` or a list."""


def typed_array(raw: object) -> npt.NDArray[Any] | None:
    """``raw`` as a numpy array of numbers, booleans or dates, or ``None`` if it is not one."""
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "biufM":
        return raw
    return None


def own(array: npt.NDArray[Any], dtype: npt.DTypeLike) -> npt.NDArray[Any]:
    """``array`` as ``dtype``, safe for a column to keep: a read-only array already of that
    type as it is (nobody writes to it: Arrow's memory handed over without a copy, or an
    array a reader made and locked), any other array copied (the caller's stays theirs).

    >>> frozen = np.arange(3.0); frozen.flags.writeable = False
    >>> own(frozen, np.float64) is frozen, own(np.arange(3.0), np.float64).base is None
    (True, True)
    """
    if array.dtype == np.dtype(dtype) and not array.flags.writeable:
        return array
    return array.astype(dtype)


def locked(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """``array``, which its maker alone holds, made read-only so that :func:`own` keeps it
    without a copy."""
    array.flags.writeable = False
    return array


def as_cells(raw: object, length: int) -> Cells:
    """A field's cells in one of the three forms, ``length`` of them.

    One value that is not a sequence (``"Hải Dương"``) fills every row.
    """
    if isinstance(raw, Coded | Parsed):
        return raw
    array = typed_array(raw)
    if array is not None:
        return array
    if isinstance(raw, np.ndarray):
        return raw.tolist()  # type: ignore[no-any-return]
    if isinstance(raw, list | tuple):
        return list(raw)
    to_numpy = getattr(raw, "to_numpy", None)
    if callable(to_numpy):  # a series of a frame library
        return as_cells(to_numpy(), length)
    if raw is None or isinstance(raw, str | int | float | bool | dt.date):
        codes = np.full(length, -1 if is_missing(raw) else 0, dtype=np.int64)
        return Coded(codes, () if is_missing(raw) else (raw,))
    return list(raw)  # type: ignore[call-overload,no-any-return]
