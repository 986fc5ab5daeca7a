"""Columns of small values: enum members, sets of them, flags, whole numbers and dates.

* :class:`EnumColumn`: the position of the member in its enum's definition
  order (``-1`` where absent), one byte a row;
* :class:`EnumSetColumn`: a set of members as a bit mask (bit ``i`` for the
  ``i``-th member);
* :class:`FlagColumn`: ``True``/``False``; :class:`OptionalFlagColumn` adds
  "not recorded" (``-1``);
* :class:`IntColumn`: whole numbers, with a sentinel where absent;
* :class:`DateColumn`: ``datetime64[D]``, ``NaT`` where absent.

>>> import enum
>>> class Colour(enum.Enum):
...     RED = "red"
...     BLUE = "blue"
>>> column = EnumColumn.from_values([Colour.BLUE, None], Colour)
>>> column.codes.tolist(), column.value(0)
([1, -1], <Colour.BLUE: 'blue'>)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from industrial_policy.columnar.column import BoolArray, Column, IntArray, seen_for_every_row

__all__ = [
    "DateColumn",
    "EnumColumn",
    "EnumSetColumn",
    "FlagColumn",
    "IntColumn",
    "OptionalFlagColumn",
    "day_of",
    "days",
]

DateArray = npt.NDArray[np.datetime64]
SmallArray = npt.NDArray[np.int8]

_EPOCH = dt.date(1970, 1, 1).toordinal()
_NO_DAY = -(2**62)  # an ordinal no date has; becomes NaT


def days(values: Sequence[dt.date | None]) -> DateArray:
    """Dates as ``datetime64[D]`` (``NaT`` for ``None``), without numpy parsing each one."""
    ordinals = np.fromiter(
        (value.toordinal() if value is not None else _NO_DAY for value in values),
        dtype=np.int64,
        count=len(values),
    )
    result = (ordinals - _EPOCH).astype("datetime64[D]")
    result[ordinals == _NO_DAY] = np.datetime64("NaT")
    return result


def day_of(value: np.datetime64) -> dt.date | None:
    """A ``datetime64`` as a date, ``None`` for ``NaT``."""
    if np.isnat(value):
        return None
    return dt.date.fromordinal(int(value.astype("datetime64[D]").astype(np.int64)) + _EPOCH)


class EnumColumn(Column):
    """A member of one enum per row, as its position in the enum (``-1`` where absent)."""

    __slots__ = ("codes", "enum")
    noun = "a choice"

    def __init__(self, codes: SmallArray, enum_type: type[enum.Enum]) -> None:
        self.codes = codes
        self.enum = enum_type

    @classmethod
    def from_values(cls, values: Sequence[enum.Enum | None], enum_type: type[enum.Enum]) -> Self:
        lookup: dict[Any, int] = {member: i for i, member in enumerate(enum_type)}
        lookup[None] = -1
        codes = np.fromiter(map(lookup.__getitem__, values), dtype=np.int8, count=len(values))
        return cls(codes, enum_type)

    def code(self, member: enum.Enum) -> int:
        return list(self.enum).index(member)

    def __len__(self) -> int:
        return len(self.codes)

    def value(self, row: int) -> enum.Enum | None:
        code = int(self.codes[row])
        return list(self.enum)[code] if code >= 0 else None

    def values(self) -> list[Any]:
        table = [*self.enum, None]
        return [table[code] for code in self.codes.tolist()]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.codes[rows], self.enum)

    def repeated(self, length: int) -> Self:
        return type(self)(seen_for_every_row(self.codes, length), self.enum)

    def missing(self) -> BoolArray:
        result: BoolArray = self.codes < 0
        return result

    def equals(self, other: Column) -> bool:
        return (
            isinstance(other, EnumColumn)
            and other.enum is self.enum
            and bool(np.array_equal(self.codes, other.codes))
        )

    @property
    def nbytes(self) -> int:
        return int(self.codes.nbytes)


class EnumSetColumn(Column):
    """A set of members of one enum per row, as a bit mask."""

    __slots__ = ("bits", "enum")
    noun = "a list of choices"

    def __init__(self, bits: IntArray, enum_type: type[enum.Enum]) -> None:
        self.bits = bits
        self.enum = enum_type

    @staticmethod
    def mask(members: Iterable[enum.Enum], enum_type: type[enum.Enum]) -> int:
        order = list(enum_type)
        mask = 0
        for member in members:
            mask |= 1 << order.index(member)
        return mask

    @classmethod
    def from_values(
        cls, values: Sequence[frozenset[enum.Enum]], enum_type: type[enum.Enum]
    ) -> Self:
        masks = {members: cls.mask(members, enum_type) for members in set(values)}
        bits = np.fromiter(map(masks.__getitem__, values), dtype=np.int64, count=len(values))
        return cls(bits, enum_type)

    def __len__(self) -> int:
        return len(self.bits)

    def value(self, row: int) -> frozenset[enum.Enum]:
        bits = int(self.bits[row])
        return frozenset(m for i, m in enumerate(self.enum) if bits >> i & 1)

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.bits[rows], self.enum)

    def missing(self) -> BoolArray:
        return np.zeros(len(self), dtype=np.bool_)  # an empty set is a value

    def has_any(self, members: Iterable[enum.Enum]) -> BoolArray:
        """Per row: the set holds one of ``members``."""
        result: BoolArray = (self.bits & self.mask(members, self.enum)) != 0
        return result

    def equals(self, other: Column) -> bool:
        return (
            isinstance(other, EnumSetColumn)
            and other.enum is self.enum
            and bool(np.array_equal(self.bits, other.bits))
        )

    @property
    def nbytes(self) -> int:
        return int(self.bits.nbytes)


class FlagColumn(Column):
    """``True`` or ``False`` per row."""

    __slots__ = ("flags",)
    noun = "true or false"

    def __init__(self, flags: BoolArray) -> None:
        self.flags = flags

    @classmethod
    def from_values(cls, values: Sequence[bool]) -> Self:
        return cls(np.fromiter(values, dtype=np.bool_, count=len(values)))

    def __len__(self) -> int:
        return len(self.flags)

    def value(self, row: int) -> bool:
        return bool(self.flags[row])

    def values(self) -> list[Any]:
        return self.flags.tolist()  # type: ignore[no-any-return]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.flags[rows])

    def repeated(self, length: int) -> Self:
        return type(self)(seen_for_every_row(self.flags, length))

    def missing(self) -> BoolArray:
        return np.zeros(len(self), dtype=np.bool_)

    def equals(self, other: Column) -> bool:
        return isinstance(other, FlagColumn) and bool(np.array_equal(self.flags, other.flags))

    @property
    def nbytes(self) -> int:
        return int(self.flags.nbytes)


class OptionalFlagColumn(Column):
    """``True``, ``False`` or not recorded per row: 1, 0 or -1."""

    __slots__ = ("codes",)
    noun = "true or false"

    def __init__(self, codes: SmallArray) -> None:
        self.codes = codes

    @classmethod
    def from_values(cls, values: Sequence[bool | None]) -> Self:
        lookup = {True: 1, False: 0, None: -1}
        return cls(np.fromiter(map(lookup.__getitem__, values), dtype=np.int8, count=len(values)))

    def __len__(self) -> int:
        return len(self.codes)

    def value(self, row: int) -> bool | None:
        code = int(self.codes[row])
        return None if code < 0 else bool(code)

    def values(self) -> list[Any]:
        table = [False, True, None]
        return [table[code] for code in self.codes.tolist()]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.codes[rows])

    def missing(self) -> BoolArray:
        result: BoolArray = self.codes < 0
        return result

    def equals(self, other: Column) -> bool:
        return isinstance(other, OptionalFlagColumn) and bool(
            np.array_equal(self.codes, other.codes)
        )

    @property
    def nbytes(self) -> int:
        return int(self.codes.nbytes)


class IntColumn(Column):
    """A whole number per row; :attr:`MISSING` where absent."""

    __slots__ = ("numbers",)
    noun = "a whole number"

    MISSING = np.iinfo(np.int64).min
    LARGEST = 10**15
    """The largest count a record takes: larger ones are typing mistakes."""

    def __init__(self, numbers: IntArray) -> None:
        self.numbers = numbers

    @classmethod
    def from_values(cls, values: Sequence[int | None]) -> Self:
        missing = cls.MISSING
        return cls(
            np.fromiter(
                (missing if v is None else v for v in values), dtype=np.int64, count=len(values)
            )
        )

    def __len__(self) -> int:
        return len(self.numbers)

    def value(self, row: int) -> int | None:
        number = int(self.numbers[row])
        return None if number == self.MISSING else number

    def values(self) -> list[Any]:
        missing = int(self.MISSING)
        return [None if n == missing else n for n in self.numbers.tolist()]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.numbers[rows])

    def missing(self) -> BoolArray:
        result: BoolArray = self.numbers == self.MISSING
        return result

    def equals(self, other: Column) -> bool:
        return isinstance(other, IntColumn) and bool(np.array_equal(self.numbers, other.numbers))

    @property
    def nbytes(self) -> int:
        return int(self.numbers.nbytes)


class DateColumn(Column):
    """A calendar date per row, ``NaT`` where absent."""

    __slots__ = ("days",)
    noun = "a date"

    def __init__(self, values: DateArray) -> None:
        self.days = values

    @classmethod
    def from_values(cls, values: Sequence[dt.date | None]) -> Self:
        return cls(days(values))

    def __len__(self) -> int:
        return len(self.days)

    def value(self, row: int) -> dt.date | None:
        return day_of(self.days[row])

    def values(self) -> list[Any]:
        ordinals = self.days.astype(np.int64)
        nat = np.isnat(self.days)
        return [
            None if missing else dt.date.fromordinal(o + _EPOCH)
            for o, missing in zip(ordinals.tolist(), nat.tolist(), strict=True)
        ]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.days[rows])

    def repeated(self, length: int) -> Self:
        return type(self)(seen_for_every_row(self.days, length))

    def missing(self) -> BoolArray:
        return np.isnat(self.days)

    def equals(self, other: Column) -> bool:
        return isinstance(other, DateColumn) and bool(
            np.array_equal(self.days, other.days, equal_nan=True)
        )

    @property
    def nbytes(self) -> int:
        return int(self.days.nbytes)
