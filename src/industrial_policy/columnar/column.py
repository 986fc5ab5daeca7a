"""The column protocol: one field of a record kind, held for every record at once.

A :class:`Column` is immutable. It gives back the value a record holds in
that field (:meth:`Column.value`), every value at once (:meth:`Column.values`),
a subset of its rows (:meth:`Column.take`), and compares with another column
of the same kind (:meth:`Column.equals`). How it stores its values (codes and
a vocabulary, magnitudes and a unit per row, days since the epoch) is the
business of each kind, in the sibling modules.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "Column", "FloatArray", "IntArray", "as_rows"]

IntArray = npt.NDArray[np.int64]
CodeArray = npt.NDArray[np.signedinteger[Any]]
"""Codes into a vocabulary, ``-1`` where absent: signed integers of any width (a frame's
dictionary indices are kept as they are, without widening them to 64 bits)."""
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def as_rows(rows: Sequence[int] | IntArray | BoolArray) -> IntArray:
    """Row positions from positions or a mask."""
    array = np.asarray(rows)
    if array.dtype == np.bool_:
        return np.flatnonzero(array)
    return array.astype(np.int64, copy=False)


class Column(abc.ABC):
    """One field of a record kind, for every record of a table."""

    __slots__ = ()

    #: What the column holds, in words, for messages ("an area", "a date").
    noun: ClassVar[str] = "a value"

    @abc.abstractmethod
    def __len__(self) -> int: ...

    @abc.abstractmethod
    def value(self, row: int) -> Any:
        """The value of one row, as the record's field holds it (``None`` when absent)."""

    def values(self) -> list[Any]:
        """Every row's value, as the records' field holds it."""
        return [self.value(row) for row in range(len(self))]

    @abc.abstractmethod
    def take(self, rows: IntArray) -> Self:
        """The column of the rows ``rows``, in that order."""

    def repeated(self, length: int) -> Self:
        """This column's first row ``length`` times (a field no row gives). Columns held in
        one array give a read-only view of that row (:func:`seen_for_every_row`); others
        take it, the index one zero seen ``length`` times."""
        return self.take(np.broadcast_to(np.intp(0), (length,)))

    @abc.abstractmethod
    def equals(self, other: Column) -> bool:
        """Whether ``other`` holds the same values in the same rows."""

    @abc.abstractmethod
    def missing(self) -> BoolArray:
        """Per row: the field is absent (``None``)."""

    @property
    @abc.abstractmethod
    def nbytes(self) -> int:
        """The bytes of the arrays the column holds."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Column):
            return NotImplemented
        return type(self) is type(other) and self.equals(other)

    __hash__ = None  # type: ignore[assignment]  # columns are compared, never keys

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self):,} rows>"


def seen_for_every_row(array: npt.NDArray[Any], length: int) -> npt.NDArray[Any]:
    """The first value of ``array`` seen ``length`` times: a read-only view of one value,
    not ``length`` copies of it (a field no row gives costs no memory).

    >>> seen_for_every_row(np.array([-1, 5]), 3).tolist()
    [-1, -1, -1]
    """
    return np.broadcast_to(array[:1], (length,))
