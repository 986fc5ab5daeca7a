"""Hypothesis strategies for currencies, money and exchange-rate tables.

Amounts are exact Decimals, drawn both as report-style figures (a few
digits times a power of ten: ``19,866 billion``) and as long figures of up
to 29 significant digits, which catch any sum or product rounded to the
default 28-digit Decimal context. Every value is one :class:`Money` accepts.

>>> from hypothesis import find
>>> find(money("vnd", min_amount=0), lambda m: m.amount >= 10**12)
Money(amount=Decimal('1000000000000'), currency='VND')
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from industrial_policy.errors import InvalidValueError
from industrial_policy.money import CURRENCIES, ExchangeRate, ExchangeRates, Money

__all__ = ["currencies", "exchange_rates", "money"]

# The currencies of the source articles come first, so that failures shrink to them.
_COMMON = ("VND", "USD", "EUR", "JPY", "KRW", "CNY")


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes (:data:`~industrial_policy.money.CURRENCIES`): mostly well-known ones,
    sometimes any of the table."""
    return st.one_of(st.sampled_from(_COMMON), st.sampled_from(sorted(CURRENCIES)))


def _decimal(significand: int, exponent: int) -> Decimal:
    # Built from text, so no context precision rounds a long significand.
    return Decimal(f"{significand}e{exponent}")


def _digits(count: int) -> st.SearchStrategy[int]:
    magnitude = st.integers(10 ** (count - 1), 10**count - 1)
    return st.builds(operator.mul, st.sampled_from((1, -1)), magnitude)


def _amounts() -> st.SearchStrategy[Decimal]:
    return st.one_of(
        # Report-style figures: 19,866 billion, 1.2 billion, 90.33, 500 million.
        st.builds(_decimal, st.integers(-(10**6), 10**6), st.integers(-4, 15)),
        # Long exact figures, of 1 to 29 digits (the number of digits is drawn first:
        # drawn from the whole range, long significands would be rare), down to 1e-12.
        st.builds(_decimal, st.sampled_from(range(1, 30)).flatmap(_digits), st.integers(-12, 2)),
    )


def _bound(value: object, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Money(value, "VND").amount
    except InvalidValueError as exc:
        raise InvalidValueError(exc.reason, value=value, field=name) from None


def _fits(amount: Decimal) -> bool:
    try:
        Money(amount, "XXX")
    except InvalidValueError:
        return False
    return True


def money(
    currency: str | None = None,
    min_amount: int | float | Decimal | str | None = None,
    max_amount: int | float | Decimal | str | None = None,
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (any of :func:`currencies` by default), amounts in the bounds.

    Bounds are included; without them amounts may be negative, zero or up to
    about 10**30 in size.
    """
    codes = currencies() if currency is None else st.just(Money(0, currency).currency)
    low, high = _bound(min_amount, "min_amount"), _bound(max_amount, "max_amount")
    amounts = _amounts()
    if low is not None or high is not None:
        if low is not None and high is not None and high < low:
            raise InvalidValueError(
                f"must not be below min_amount {low}", value=max_amount, field="max_amount"
            )
        # Out-of-range figures are clamped, so the bounds themselves come up often.
        amounts = st.one_of(
            amounts.map(lambda x: x if low is None or x >= low else low).map(
                lambda x: x if high is None or x <= high else high
            ),
            st.decimals(low, high, allow_nan=False, allow_infinity=False).filter(_fits),
        )
    return st.builds(Money, amounts, codes)


def _rates() -> st.SearchStrategy[Decimal]:
    # From 1e-6 to 1e12: VND per USD, USD per VND, and everything in between.
    return st.builds(_decimal, st.integers(1, 10**6), st.integers(-12, 6))


@st.composite
def _pair(draw: st.DrawFn, codes: tuple[str, ...]) -> tuple[str, str]:
    base = draw(st.sampled_from(codes))
    quote = draw(st.sampled_from([c for c in codes if c != base]))
    return base, quote


def exchange_rates(
    codes: Sequence[str] = ("USD", "VND", "EUR"),
    *,
    min_size: int = 0,
    max_size: int = 8,
    min_date: dt.date = dt.date(2000, 1, 1),
    max_date: dt.date = dt.date(2030, 12, 31),
) -> st.SearchStrategy[ExchangeRates]:
    """Consistent rate tables over ``codes``, dated from ``min_date`` to ``max_date``.

    No two entries share base, quote and date (the table would refuse them),
    but a pair and its reverse may well both be given, even on one date: a
    narrow date range makes such ties frequent.
    """
    unique = tuple(dict.fromkeys(Money(0, code).currency for code in codes))
    if len(unique) < 2:
        raise InvalidValueError("needs at least two currencies", value=codes, field="codes")
    if not 0 <= min_size <= max_size:
        raise InvalidValueError(
            f"sizes must satisfy 0 <= min_size <= max_size (min_size is {min_size})",
            value=max_size,
            field="max_size",
        )
    if max_date < min_date:
        raise InvalidValueError(
            f"must not be before min_date {min_date.isoformat()}",
            value=max_date,
            field="max_date",
        )
    entries = st.builds(
        lambda pair, rate, day: ExchangeRate(pair[0], pair[1], rate, day),
        _pair(unique),
        _rates(),
        st.dates(min_date, max_date),
    )
    return st.builds(
        ExchangeRates,
        st.lists(
            entries,
            min_size=min_size,
            max_size=max_size,
            unique_by=lambda r: (r.base, r.quote, r.effective),
        ),
    )
