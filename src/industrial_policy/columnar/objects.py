"""Columns of values that have no flat form.

:class:`ObjectColumn` holds the record's own values (a period, a scope, a
list of ids) for the kinds of which a dataset holds few: targets, reported
figures, fee discounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

import numpy as np

from industrial_policy.columnar.column import BoolArray, Column, IntArray

__all__ = ["ObjectColumn"]


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
