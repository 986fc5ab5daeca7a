"""Columns of values that have no flat form, and of nested records.

:class:`ObjectColumn` holds the record's own values (a period, a scope, a
list of ids) for the kinds of which a dataset holds few: targets, reported
figures, fee discounts. :class:`NestedColumn` holds the records nested in
each record, such as a project's capital events, as one child table and
where each record's run of children starts (the layout of Arrow's list
arrays): the children of row ``i`` are ``offsets[i]:offsets[i + 1]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Self

import numpy as np

from industrial_policy.columnar.column import BoolArray, Column, IntArray

if TYPE_CHECKING:
    from industrial_policy.columnar.table import Table

__all__ = ["NestedColumn", "ObjectColumn"]


class ObjectColumn(Column):
    """The record's own values, one per row."""

    __slots__ = ("objects",)
    noun = "a value"

    def __init__(self, objects: tuple[Any, ...]) -> None:
        self.objects = objects

    @classmethod
    def from_values(cls, values: Sequence[Any]) -> Self:
        return cls(tuple(values))

    def __len__(self) -> int:
        return len(self.objects)

    def value(self, row: int) -> Any:
        return self.objects[row]

    def values(self) -> list[Any]:
        return list(self.objects)

    def take(self, rows: IntArray) -> Self:
        objects = self.objects
        return type(self)(tuple(objects[row] for row in np.asarray(rows).tolist()))

    def missing(self) -> BoolArray:
        return np.fromiter((v is None for v in self.objects), dtype=np.bool_, count=len(self))

    def equals(self, other: Column) -> bool:
        return isinstance(other, ObjectColumn) and self.objects == other.objects

    @property
    def nbytes(self) -> int:
        return 8 * len(self.objects)


class NestedColumn(Column):
    """The records nested in each row: a child table and where each row's children start."""

    __slots__ = ("children", "offsets")
    noun = "a list of records"

    def __init__(self, children: Table[Any], offsets: IntArray) -> None:
        self.children = children
        self.offsets = offsets

    @property
    def parent(self) -> IntArray:
        """Per child: the row it belongs to."""
        counts = np.diff(self.offsets)
        return np.repeat(np.arange(len(counts), dtype=np.int64), counts)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def value(self, row: int) -> tuple[Any, ...]:
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        return tuple(self.children[i] for i in range(start, end))

    def take(self, rows: IntArray) -> Self:
        rows = np.asarray(rows, dtype=np.int64)
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        counts = ends - starts
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        # The children of each taken row, in order: start + 0, 1, ... count - 1.
        within = np.arange(int(offsets[-1]), dtype=np.int64) - np.repeat(offsets[:-1], counts)
        child_rows = np.repeat(starts, counts) + within
        return type(self)(self.children.take(child_rows), offsets)

    def missing(self) -> BoolArray:
        return np.zeros(len(self), dtype=np.bool_)  # no children is a value

    def equals(self, other: Column) -> bool:
        return (
            isinstance(other, NestedColumn)
            and bool(np.array_equal(self.offsets, other.offsets))
            and self.children == other.children
        )

    @property
    def nbytes(self) -> int:
        return int(self.offsets.nbytes) + self.children.nbytes
