"""What a published share implies about its denominator.

"257 administrative procedures at level 4, reaching 13.6%" (Hải Dương,
2021) does not say how many procedures there are. A share printed as
13.6% is any true share from 13.55% (included) to 13.65% (excluded), so
the denominator ``N`` satisfies ``257 / 0.1365 < N ≤ 257 / 0.1355``: the
integers 1,883 to 1,896. The point estimate 257 / 0.136 ≈ 1,890 is one of
them, no more likely than the others.

The arithmetic is exact (:class:`fractions.Fraction`): no float rounding
moves an interval end.

>>> d = implied_denominator(257, "13.6%")
>>> d.smallest, d.largest, round(d.estimate)
(1883, 1896, 1890)
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import attrs

from industrial_policy.errors import InvalidValueError
from industrial_policy.numbers import percent_text

__all__ = ["ImpliedDenominator", "implied_denominator"]


@attrs.frozen
class ImpliedDenominator:
    """The denominators consistent with a count and a rounded share.

    ``low < N ≤ high`` (exact fractions); ``smallest`` to ``largest`` are the
    integers in that interval (none when ``smallest > largest``).
    """

    numerator: int
    share: Decimal  # as published, a fraction (0.136 for 13.6%)
    half_width: Decimal  # half a unit of the last digit published
    low: Fraction  # excluded
    high: Fraction  # included

    @property
    def smallest(self) -> int:
        return math.floor(self.low) + 1

    @property
    def largest(self) -> int:
        return math.floor(self.high)

    @property
    def candidates(self) -> range:
        return range(self.smallest, self.largest + 1)

    @property
    def estimate(self) -> Fraction:
        """``numerator / share``: a point inside the interval, not the answer."""
        return Fraction(self.numerator) / Fraction(self.share)

    def __str__(self) -> str:
        percent = percent_text(self.share)
        if self.smallest > self.largest:
            return f"no whole number of records gives {self.numerator:,} = {percent}"
        return (
            f"{self.numerator:,} = {percent} implies {self.smallest:,} to {self.largest:,} in all"
            f" ({float(self.low):,.2f} < N ≤ {float(self.high):,.2f}; {self.numerator:,} ÷"
            f" {percent} ≈ {float(self.estimate):,.1f})"
        )


def _published(share: str | Decimal, decimals: int | None) -> tuple[Decimal, Decimal]:
    """The share as a fraction, and half a unit of its last published digit (as a fraction)."""
    if isinstance(share, bool) or not isinstance(share, str | Decimal):
        raise InvalidValueError(
            "give the share as published, as text ('13.6%') or a Decimal, so its precision is"
            " known; a float has lost it",
            value=share,
            field="share",
        )
    if isinstance(share, str):
        text = share.strip()
        percent = text.endswith("%")
        digits = text.rstrip("%").strip()
        try:
            number = Decimal(digits)
        except ArithmeticError:
            raise InvalidValueError("not a number", value=share, field="share") from None
        if not number.is_finite():
            raise InvalidValueError("not a number", value=share, field="share")
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)
        places = decimals if decimals is not None else -exponent
        unit = Decimal(1).scaleb(-places)
        if percent:
            return number / 100, unit / 200
        return number, unit / 2
    exponent = share.as_tuple().exponent
    assert isinstance(exponent, int)
    places = decimals if decimals is not None else -exponent
    return share, Decimal(1).scaleb(-places) / 2


def implied_denominator(
    numerator: int, share: str | Decimal, *, decimals: int | None = None
) -> ImpliedDenominator:
    """The denominators ``N`` for which ``numerator / N`` rounds to ``share``.

    ``share`` is written as published: ``"13.6%"`` (one decimal of a
    percentage: the true share is within ±0.05 points), ``"0.136"`` or a
    Decimal. ``decimals`` overrides the number of decimal places read from
    the text (of the percentage when it ends with ``%``). Rounding is taken
    half up: the interval of true shares includes its lower end.

    >>> str(implied_denominator(257, "13.6%"))
    '257 = 13.6% implies 1,883 to 1,896 in all (1,882.78 < N ≤ 1,896.68; 257 ÷ 13.6% ≈ 1,889.7)'
    """
    if isinstance(numerator, bool) or not isinstance(numerator, int) or numerator < 1:
        raise InvalidValueError(
            "must be a whole number, at least 1", value=numerator, field="numerator"
        )
    if decimals is not None and (
        isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0
    ):
        raise InvalidValueError(
            "must be a whole number, at least 0", value=decimals, field="decimals"
        )
    value, half = _published(share, decimals)
    lowest_share = value - half
    highest_share = value + half
    if not 0 < value <= 1 or lowest_share <= 0:
        raise InvalidValueError(
            "the share must be more than 0 and at most 100%, and more than its rounding",
            value=share,
            field="share",
        )
    # numerator / N in [lowest, highest)  <=>  numerator / highest < N <= numerator / lowest
    low = Fraction(numerator) / Fraction(highest_share)
    high = Fraction(numerator) / Fraction(lowest_share)
    # N is at least the numerator: a share is at most 100%.
    if low < numerator - 1:
        low = Fraction(numerator - 1)
    return ImpliedDenominator(numerator, value, half, low, high)
