"""Money: messages and paths that the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. An error is pinned
whole: its exact text, and the field, record type and value it carries, since a
reader finds the bad value by them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from errors_support import assert_refused, refused
from industrial_policy.errors import MissingExchangeRateError
from industrial_policy.money import (
    MONEY_PATTERN,
    ExchangeRate,
    ExchangeRates,
    Money,
    money_pattern,
    parse_currency,
    parse_decimal,
    parse_money,
    sum_money,
)
from industrial_policy.numbers import using_notation

D = dt.date
RATES = ExchangeRates(
    [
        ExchangeRate("USD", "VND", 24_000, "2024-01-01"),
        ExchangeRate("USD", "VND", 25_000, "2024-07-01"),
    ]
)
NAN = float("nan")
DAYS = np.array(["2024-01-01"], dtype="datetime64[D]")
UNKNOWN_CODE = (
    "not a currency code of ISO 4217; write the code of the currency, such as 'VND', 'USD',"
    " 'EUR', 'JPY' (the table: docs/units-money-periods.md)"
)
NAT_DATES = np.array(["2024-01-01", "NaT"], dtype="datetime64[D]")


@pytest.mark.parametrize(
    ("call", "message", "field", "record_type", "value"),
    [
        pytest.param(
            lambda: 5 - Money(1, "USD"),
            "Money: cannot subtract money from an int (got 5)",
            None,
            "Money",
            5,
            id="subtract-from-a-number",
        ),
        pytest.param(
            lambda: Money(1, "USD") / 0,
            "Money: cannot divide money by zero (got 0)",
            None,
            "Money",
            0,
            id="divide-by-zero",
        ),
        pytest.param(
            lambda: Money(1, "USD") + 5,
            "Money: cannot add money and an int: both must be Money (got 5)",
            None,
            "Money",
            5,
            id="add-a-number",
        ),
        pytest.param(
            lambda: Money(1, "USD") - 2.5,
            "Money: cannot subtract money and a float: both must be Money (got 2.5)",
            None,
            "Money",
            2.5,
            id="subtract-a-float",
        ),
        pytest.param(
            lambda: Money(1, "USD") * "2",
            "Money: a factor must be an int, a float or a Decimal (got '2')",
            None,
            "Money",
            "2",
            id="multiply-by-text",
        ),
        pytest.param(
            lambda: parse_money("6.418 triệu USD tỷ", notation="vi"),
            "a scale word comes before the currency, as in '500 million USD'"
            " (got '6.418 triệu USD tỷ')",
            None,
            None,
            "6.418 triệu USD tỷ",
            id="scale-after-the-currency-in-vi",
        ),
        pytest.param(
            lambda: Money(1, "usd1"),
            "Money.currency: a currency is a three-letter ISO 4217 code such as 'VND' or 'USD'"
            " (got 'usd1')",
            "currency",
            "Money",
            "usd1",
            id="money-of-a-bad-currency",
        ),
        pytest.param(
            lambda: ExchangeRates("USD"),  # type: ignore[arg-type]
            "ExchangeRates: must be an iterable of ExchangeRate (got 'USD')",
            None,
            "ExchangeRates",
            "USD",
            id="rates-from-text",
        ),
        pytest.param(
            lambda: ExchangeRates([5]),  # type: ignore[list-item]
            "ExchangeRates: each item must be an ExchangeRate (got 5)",
            None,
            "ExchangeRates",
            5,
            id="rates-of-a-number",
        ),
        pytest.param(
            lambda: parse_currency("  ", field="currency"),
            "currency: a currency is a code such as 'VND' or 'USD' (got '  ')",
            "currency",
            None,
            "  ",
            id="blank-currency",
        ),
        pytest.param(
            lambda: 5 + Money(1, "USD"),
            "Money: cannot add an int and money; total amounts with sum_money() (got 5)",
            None,
            "Money",
            5,
            id="add-money-to-a-number",
        ),
        pytest.param(
            lambda: RATES.rate("USD", "X", D(2024, 1, 1)),
            "quote: a currency is a three-letter ISO 4217 code such as 'VND' or 'USD' (got 'X')",
            "quote",
            None,
            "X",
            id="rate-of-a-bad-quote",
        ),
        pytest.param(
            lambda: RATES.rate("X", "USD", D(2024, 1, 1)),
            "base: a currency is a three-letter ISO 4217 code such as 'VND' or 'USD' (got 'X')",
            "base",
            None,
            "X",
            id="rate-of-a-bad-base",
        ),
        pytest.param(
            lambda: RATES.rate("USD", "ABC", D(2024, 1, 1)),
            "quote: " + UNKNOWN_CODE + " (got 'ABC')",
            "quote",
            None,
            "ABC",
            id="rate-of-an-unknown-quote",
        ),
        pytest.param(
            lambda: RATES.rates_on("usd1", "VND", DAYS),
            "base: a currency is a three-letter ISO 4217 code such as 'VND' or 'USD' (got 'usd1')",
            "base",
            None,
            "usd1",
            id="rates-in-bulk-of-a-bad-base",
        ),
        pytest.param(
            lambda: RATES.rates_on("USD", "ABC", DAYS),
            "quote: " + UNKNOWN_CODE + " (got 'ABC')",
            "quote",
            None,
            "ABC",
            id="rates-in-bulk-of-an-unknown-quote",
        ),
        pytest.param(
            lambda: RATES.rate_entry("USD", "ABC", D(2024, 1, 1)),
            "quote: " + UNKNOWN_CODE + " (got 'ABC')",
            "quote",
            None,
            "ABC",
            id="entry-of-an-unknown-quote",
        ),
        pytest.param(
            lambda: RATES.rate_entry("USD", "usd", D(2024, 1, 1)),
            "quote: a currency converts to itself without a rate (got 'USD')",
            "quote",
            None,
            "USD",
            id="entry-of-one-currency",
        ),
        pytest.param(
            lambda: parse_money("  ", field="capital"),
            "capital: money must not be empty: write an amount and a currency,"
            " such as '500 million USD' (got '  ')",
            "capital",
            None,
            "  ",
            id="blank-money",
        ),
        pytest.param(
            lambda: parse_money("500\u2003USD"),
            "money is a number, optional scale words and one currency, nothing else,"
            " such as '500 million USD' or '19866 tỷ đồng' (got '500\\u2003USD')",
            None,
            None,
            "500\u2003USD",
            id="money-spaced-by-an-em-space",
        ),
        pytest.param(
            lambda: parse_money("500 $"),
            "'$' alone does not say which dollar: write US$ or USD (got '500 $')",
            None,
            None,
            "500 $",
            id="a-bare-dollar",
        ),
        pytest.param(
            lambda: sum_money([]),
            "currency: an empty sum of money needs a currency: sum_money([], 'VND') (got ())",
            "currency",
            None,
            (),
            id="an-empty-sum",
        ),
        pytest.param(
            lambda: sum_money("USD"),  # type: ignore[arg-type]
            "items: must be an iterable of Money (got 'USD')",
            "items",
            None,
            "USD",
            id="a-sum-of-text",
        ),
        pytest.param(
            lambda: 2 / Money(1, "USD"),
            "Money: cannot divide an int by money (got 2)",
            None,
            "Money",
            2,
            id="divide-a-number-by-money",
        ),
        pytest.param(
            lambda: Money(1, "ABC"),
            "Money.currency: " + UNKNOWN_CODE + " (got 'ABC')",
            "currency",
            "Money",
            "ABC",
            id="money-of-an-unknown-currency",
        ),
        pytest.param(
            lambda: RATES.rate_entry("ABC", "USD", D(2024, 1, 1)),
            "base: " + UNKNOWN_CODE + " (got 'ABC')",
            "base",
            None,
            "ABC",
            id="entry-of-an-unknown-base",
        ),
        pytest.param(
            lambda: parse_money("500 tỷ nghìn đồng"),
            "scale words must grow, as in 'nghìn tỷ' (a thousand billion); write one, such as"
            " '19866 billion' (got '500 tỷ nghìn đồng')",
            None,
            None,
            "500 tỷ nghìn đồng",
            id="scale-words-that-shrink",
        ),
        pytest.param(
            lambda: Money(NAN, "USD"),
            "Money.amount: an amount must be finite (got nan)",
            "amount",
            "Money",
            NAN,
            id="an-amount-not-finite",
        ),
        pytest.param(
            lambda: Money([1], "USD"),  # type: ignore[arg-type]
            "Money.amount: an amount must be a number or text (got [1])",
            "amount",
            "Money",
            [1],
            id="an-amount-of-a-list",
        ),
        pytest.param(
            lambda: ExchangeRate("USD", "VND", [1], "2024-01-01"),  # type: ignore[arg-type]
            "ExchangeRate.rate: an exchange rate must be a number or text (got [1])",
            "rate",
            "ExchangeRate",
            [1],
            id="a-rate-of-a-list",
        ),
        pytest.param(
            lambda: ExchangeRate("USD", "VND", 0, "2024-01-01"),
            "ExchangeRate.rate: an exchange rate must be positive (got 0)",
            "rate",
            "ExchangeRate",
            0,
            id="a-rate-of-zero",
        ),
        pytest.param(
            lambda: ExchangeRate("USD", "VND", 25_000, 5),  # type: ignore[arg-type]
            "ExchangeRate.effective: must be a date (got 5)",
            "effective",
            "ExchangeRate",
            5,
            id="a-rate-of-no-date",
        ),
        pytest.param(
            lambda: RATES.convert(5, "USD", D(2024, 1, 1)),  # type: ignore[arg-type]
            "money: must be Money (got 5)",
            "money",
            None,
            5,
            id="convert-a-number",
        ),
        pytest.param(
            lambda: RATES.convert(Money(1, "USD"), "usd1", D(2024, 1, 1)),
            "to: a currency is a three-letter ISO 4217 code such as 'VND' or 'USD' (got 'usd1')",
            "to",
            None,
            "usd1",
            id="convert-to-a-bad-code",
        ),
        pytest.param(
            lambda: parse_money("\u2212500 USD extra"),
            "unknown word 'extra' in an amount of money: expected a currency (a code such as"
            " 'VND', 'USD', or đồng, ₫, US$) or a scale word (thousand, million, billion,"
            " trillion, nghìn, triệu, tỷ) (got '\u2212500 USD extra')",
            None,
            None,
            "\u2212500 USD extra",
            id="a-unicode-minus-then-a-bad-word",
        ),
    ],
)
def test_money_errors_name_the_field_and_the_value(
    call: Callable[[], object],
    message: str,
    field: str | None,
    record_type: str | None,
    value: object,
) -> None:
    assert_refused(call, message, field, record_type, value)


def test_two_rates_of_one_day_are_refused_naming_the_second() -> None:
    second = ExchangeRate("USD", "VND", 2, "2024-01-01")
    error = refused(lambda: ExchangeRates([ExchangeRate("USD", "VND", 1, "2024-01-01"), second]))
    assert error.reason == "two different USD/VND rates from 2024-01-01: 1 and 2"
    assert (error.record_type, error.value) == ("ExchangeRates", second)


def test_dates_that_are_not_dates_are_refused_naming_the_dates() -> None:
    numbers = np.array([1.5])
    error = refused(lambda: RATES.rates_on("USD", "VND", numbers))
    assert (error.field, error.reason) == ("dates", "dates must be an array of datetime64[D]")
    assert error.value is numbers


def test_dates_with_a_missing_day_are_refused_naming_the_dates() -> None:
    error = refused(lambda: RATES.rates_on("USD", "VND", NAT_DATES))
    assert error.field == "dates"
    assert error.reason == "dates must not contain NaT"
    assert error.value is NAT_DATES


@pytest.mark.parametrize("kind", [object, "U10"])
def test_rates_in_bulk_read_dates_given_as_objects_or_iso_text(kind: Any) -> None:
    # The rate changed on 1 July 2024: 24,000 before, 25,000 from then.
    given = np.array(["2024-03-01", "2024-07-01", "2025-01-01"], dtype=object)
    if kind is object:
        given = np.array([D(2024, 3, 1), D(2024, 7, 1), D(2025, 1, 1)], dtype=object)
    rates = RATES.rates_on("USD", "VND", given.astype(kind))
    assert rates.dtype == np.float64
    assert rates.tolist() == [24_000.0, 25_000.0, 25_000.0]
    inverse = RATES.rates_on("VND", "USD", given.astype(kind))
    assert inverse.tolist() == pytest.approx([1 / 24_000, 1 / 25_000, 1 / 25_000])


def test_parse_decimal_stays_strict_inside_a_declared_notation() -> None:
    # parse_decimal reads the English notation only, whatever a file declares: "6.418" is six
    # thousand in Vietnamese and six point four in English, so it is refused in both.
    with using_notation("vi"):
        error = refused(lambda: parse_decimal("6.418", field="amount"))
        assert parse_decimal("1,234,567") == Decimal(1234567)
    assert error.field == "amount"
    assert "ambiguous number" in error.reason


def test_the_money_pattern_is_the_grammar_parse_money_reads() -> None:
    # MONEY_PATTERN is built once on import; building it again gives the same grammar, which
    # takes every currency code, currency word and scale word in either order.
    assert money_pattern() == MONEY_PATTERN
    named = re.compile(money_pattern(named=True))
    lead = named.fullmatch("VND 19,866 billion")
    assert lead is not None
    assert (lead["lead"], lead["number"], lead["scales"]) == ("VND", "19,866", "billion")
    tail = named.fullmatch("19,866 tỷ đồng")
    assert tail is not None
    assert (tail["number2"], tail["scales2"], tail["currency"]) == ("19,866", "tỷ", "đồng")
    for text in ("VND 19,866 billion", "19,866 tỷ đồng", "US$500 triệu", "1.5 nghìn tỷ EUR"):
        assert re.fullmatch(MONEY_PATTERN, text), text
        assert named.fullmatch(text), text
    for code in ("VND", "USD", "JPY", "XOF"):
        assert re.fullmatch(MONEY_PATTERN, f"100 {code}"), code
    assert not re.fullmatch(MONEY_PATTERN, "100 QQQ")
    assert not re.fullmatch(MONEY_PATTERN, "100 bn")


def test_rates_in_bulk_before_the_first_rate_say_how_many_dates_and_the_first() -> None:
    days = np.array(["2023-05-01", "2023-03-01", "2024-02-01"], dtype="datetime64[D]")
    with pytest.raises(MissingExchangeRateError) as caught:
        RATES.rates_on("VND", "USD", days)
    assert str(caught.value) == (
        "no VND/USD exchange rate in force on 2 of the dates, the first 2023-03-01;"
        " the earliest is from 2024-01-01"
    )


def test_rates_in_bulk_hold_on_days_beyond_the_calendar_of_python() -> None:
    # numpy's days reach past year 9999: the rate in force there is the latest one.
    days = np.array(["2024-03-01", "12000-01-01"], dtype="datetime64[D]")
    assert RATES.rates_on("USD", "VND", days).tolist() == [24_000.0, 25_000.0]
    assert RATES.rates_on("USD", "USD", days).dtype == np.float64


# -- seed 7373 (the reported sample: tests written after its run) -------------------------


def test_the_same_rate_from_several_sources_is_kept_in_order_of_source_unnamed_first() -> None:
    def rate(source: str | None) -> ExchangeRate:
        return ExchangeRate(
            base="USD", quote="VND", rate="25450", effective="2024-01-01", source=source
        )

    rates = ExchangeRates([rate("Bank"), rate("ABC"), rate(None)])
    assert [r.source for r in rates] == [None, "ABC", "Bank"]
