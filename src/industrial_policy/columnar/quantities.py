"""Columns of quantities: areas with their units, money with its currencies.

An area is held as its magnitude and a code for its unit (``hectare``,
``sao_bac_bo``...), so that the area given is the area given back, and
hectares are one multiplication per row by a factor looked up once per unit.
Money is held as a float amount and a code for its currency; the few amounts
a float cannot hold to the digit (more than 15 significant digits) are kept
exactly beside it, so a record made again from the column equals the one
given.

>>> from industrial_policy.units import parse_area
>>> areas = AreaColumn.from_values([parse_area("12 sao_bac_bo"), None, parse_area("3 ha")])
>>> areas.hectares().round(4).tolist(), areas.units
([0.432, nan, 3.0], ('sao_bac_bo', 'hectare'))
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Self

import numpy as np
import numpy.typing as npt
import pint

from industrial_policy.columnar.column import BoolArray, Column, FloatArray, IntArray
from industrial_policy.money import Money
from industrial_policy.units import area_of, hectares_per, unit_name

__all__ = ["AreaColumn", "MoneyColumn"]

SmallArray = npt.NDArray[np.int16]


def _codes(names: Sequence[str | None]) -> tuple[SmallArray, tuple[str, ...]]:
    distinct = tuple(name for name in dict.fromkeys(names) if name)
    lookup: dict[str | None, int] = {name: code for code, name in enumerate(distinct)}
    lookup[None] = -1
    codes = np.fromiter(map(lookup.__getitem__, names), dtype=np.int16, count=len(names))
    return codes, distinct


def _same_coded(
    codes: SmallArray, names: tuple[str, ...], other_codes: SmallArray, other_names: tuple[str, ...]
) -> bool:
    if names == other_names:
        return bool(np.array_equal(codes, other_codes))
    mine = np.array([*names, ""], dtype=object)[codes]
    theirs = np.array([*other_names, ""], dtype=object)[other_codes]
    return bool(np.array_equal(mine, theirs))


class AreaColumn(Column):
    """An area per row: its magnitude and the code of its unit (``NaN`` and ``-1`` where absent)."""

    __slots__ = ("magnitude", "unit", "units")
    noun = "an area"

    def __init__(self, magnitude: FloatArray, unit: SmallArray, units: tuple[str, ...]) -> None:
        self.magnitude = magnitude
        self.unit = unit
        self.units = units

    @classmethod
    def from_values(cls, values: Sequence[pint.Quantity[Any] | None]) -> Self:
        magnitude = np.fromiter(
            (np.nan if q is None else q.magnitude for q in values),
            dtype=np.float64,
            count=len(values),
        )
        unit, units = _codes([None if q is None else unit_name(q) for q in values])
        return cls(magnitude, unit, units)

    @classmethod
    def in_unit(cls, magnitude: FloatArray, name: str) -> Self:
        """Every row in one unit (``NaN`` magnitudes are absent)."""
        unit = np.where(np.isnan(magnitude), -1, 0).astype(np.int16)
        return cls(magnitude, unit, (name,))

    def hectares(self) -> FloatArray:
        """Every area in hectares (``NaN`` where absent): one multiplication per row, none
        when every area is in hectares already (then the magnitudes themselves, which
        are ``NaN`` where absent too; a column's arrays are never written to)."""
        per_unit = [hectares_per(name) for name in self.units]
        if per_unit == [1.0]:
            return self.magnitude
        factors = np.array([*per_unit, np.nan])
        result: FloatArray = self.magnitude * factors[self.unit]
        return result

    def __len__(self) -> int:
        return len(self.magnitude)

    def value(self, row: int) -> pint.Quantity[Any] | None:
        code = int(self.unit[row])
        return None if code < 0 else area_of(float(self.magnitude[row]), self.units[code])

    def values(self) -> list[Any]:
        units = self.units
        return [
            None if code < 0 else area_of(m, units[code])
            for m, code in zip(self.magnitude.tolist(), self.unit.tolist(), strict=True)
        ]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.magnitude[rows], self.unit[rows], self.units)

    def missing(self) -> BoolArray:
        result: BoolArray = self.unit < 0
        return result

    def equals(self, other: Column) -> bool:
        return (
            isinstance(other, AreaColumn)
            and len(self) == len(other)
            and bool(np.array_equal(self.magnitude, other.magnitude, equal_nan=True))
            and _same_coded(self.unit, self.units, other.unit, other.units)
        )

    @property
    def nbytes(self) -> int:
        return int(self.magnitude.nbytes + self.unit.nbytes)


def _float_and_exact(amount: Decimal) -> tuple[float, Decimal | None]:
    number = float(amount)
    return number, (None if Decimal(repr(number)) == amount else amount)


class MoneyColumn(Column):
    """An amount of money per row: a float amount and a currency code (``NaN``/``-1`` if absent).

    ``exact`` holds, by row, the amounts a float does not hold to the digit.
    """

    __slots__ = ("amount", "currencies", "currency", "exact")
    noun = "an amount of money"

    def __init__(
        self,
        amount: FloatArray,
        currency: SmallArray,
        currencies: tuple[str, ...],
        exact: dict[int, Decimal] | None = None,
    ) -> None:
        self.amount = amount
        self.currency = currency
        self.currencies = currencies
        self.exact: dict[int, Decimal] = exact or {}

    @classmethod
    def from_values(cls, values: Sequence[Money | None]) -> Self:
        amounts = np.full(len(values), np.nan)
        exact: dict[int, Decimal] = {}
        for row, money in enumerate(values):
            if money is not None:
                amounts[row], kept = _float_and_exact(money.amount)
                if kept is not None:
                    exact[row] = kept
        currency, currencies = _codes([None if m is None else m.currency for m in values])
        return cls(amounts, currency, currencies, exact)

    @classmethod
    def in_currency(cls, amount: FloatArray, code: str) -> Self:
        """Every row in one currency (``NaN`` amounts are absent)."""
        currency = np.where(np.isnan(amount), -1, 0).astype(np.int16)
        return cls(amount, currency, (code,))

    def __len__(self) -> int:
        return len(self.amount)

    def _money(self, row: int, amount: float, code: int) -> Money | None:
        if code < 0:
            return None
        exact = self.exact.get(row)
        return Money(exact if exact is not None else Decimal(repr(amount)), self.currencies[code])

    def value(self, row: int) -> Money | None:
        return self._money(row, float(self.amount[row]), int(self.currency[row]))

    def values(self) -> list[Any]:
        return [
            self._money(row, amount, code)
            for row, (amount, code) in enumerate(
                zip(self.amount.tolist(), self.currency.tolist(), strict=True)
            )
        ]

    def take(self, rows: IntArray) -> Self:
        exact = {}
        if self.exact:
            exact = {
                new: self.exact[old]
                for new, old in enumerate(np.asarray(rows).tolist())
                if old in self.exact
            }
        return type(self)(self.amount[rows], self.currency[rows], self.currencies, exact)

    def missing(self) -> BoolArray:
        result: BoolArray = self.currency < 0
        return result

    def equals(self, other: Column) -> bool:
        return (
            isinstance(other, MoneyColumn)
            and len(self) == len(other)
            and bool(np.array_equal(self.amount, other.amount, equal_nan=True))
            and _same_coded(self.currency, self.currencies, other.currency, other.currencies)
            and self.exact == other.exact
        )

    @property
    def nbytes(self) -> int:
        return int(self.amount.nbytes + self.currency.nbytes)
