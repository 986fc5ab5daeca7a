"""Hypothesis strategies for money and exchange rates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from industrial_policy.money import ExchangeRate, ExchangeRates, Money

__all__ = ["currencies", "exchange_rates", "money"]

_CODES = ("VND", "USD", "JPY", "KRW", "EUR", "CNY", "SGD")


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes, the ones the sources use first."""
    return st.sampled_from(_CODES)


def money(
    currency: str | None = None,
    min_amount: int | Decimal = -(10**15),
    max_amount: int | Decimal = 10**15,
    places: int = 2,
) -> st.SearchStrategy[Money]:
    """Exact amounts with at most ``places`` decimals, in ``currency`` or any of :func:`currencies`."""
    codes = st.just(currency) if currency is not None else currencies()
    amounts = st.decimals(
        min_value=Decimal(min_amount),
        max_value=Decimal(max_amount),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )
    return st.builds(Money, amounts, codes)


def exchange_rates(
    pairs: tuple[tuple[str, str], ...] = (("USD", "VND"), ("JPY", "VND")),
    max_per_pair: int = 4,
) -> st.SearchStrategy[ExchangeRates]:
    """Tables of dated rates for ``pairs``, one rate per pair and date."""

    @st.composite
    def build(draw: st.DrawFn) -> ExchangeRates:
        rates = []
        for base, quote in pairs:
            days = draw(
                st.lists(
                    st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31)),
                    min_size=1,
                    max_size=max_per_pair,
                    unique=True,
                )
            )
            for day in days:
                value = draw(st.decimals(Decimal("0.0001"), Decimal(100_000), places=4))
                rates.append(ExchangeRate(base, quote, value, day))
        return ExchangeRates(rates)

    return build()
