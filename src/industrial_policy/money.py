"""Money per currency, exact, with exchange rates the user supplies.

A :class:`Money` is an exact ``Decimal`` amount and an ISO-4217-style
currency code. Amounts in different currencies are never added or compared
silently: convert them first through an :class:`ExchangeRates` table, whose
rates are dated (the rate in force on a date is the latest on or before it).
The library ships no default rate.

Numbers in text follow the strict notation unless another is declared
(:mod:`industrial_policy.numbers`): ``.`` before the decimal fraction, and
nothing that Vietnamese notation reads otherwise. ``"19.866"`` is refused as
ambiguous (a Vietnamese text means nineteen thousand by it), and so is
``"19,866"`` (nineteen and a bit, in Vietnamese notation).

>>> from industrial_policy.money import parse_money
>>> flow = parse_money("VND 19866 billion")
>>> flow.amount
Decimal('19866000000000')
>>> str(flow)
'19,866 billion VND'
>>> parse_money("VND 19,866 billion")
Traceback (most recent call last):
...
industrial_policy.errors.InvalidValueError: ambiguous number: in English ',' separates thousands (19866), in Vietnamese it is the decimal comma (19.866); write 19866 for thousands, or 19.8660 for a decimal fraction; or declare notation 'en' or 'vi' (got 'VND 19,866 billion')
>>> parse_money("VND 19,866 billion", notation="en") == flow
True
>>> str(parse_money("US$500 triệu"))
'500 million USD'
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import numbers
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.errors import (
    CurrencyMismatchError,
    InvalidValueError,
    MissingExchangeRateError,
    short_repr,
)
from industrial_policy.numbers import (
    BLANK,
    RANGE,
    Notation,
    fold,
    format_number,
    number_pattern,
    out_of_range,
    parse_number,
    spelled,
)
from industrial_policy.periods import parse_date

__all__ = [
    "CURRENCIES",
    "MONEY_PATTERN",
    "ExchangeRate",
    "ExchangeRates",
    "Money",
    "currency_scale",
    "money_text",
    "parse_currency",
    "parse_decimal",
    "parse_money",
    "sum_money",
]

# Sums, differences and products of amounts are computed exactly: a precision
# this large never rounds them, and the amount limits below keep them small.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
# A quotient (an inverse rate, an amount divided) generally does not terminate:
# it is rounded once, to the 34 significant digits of IEEE decimal128.
_QUOTIENT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


_SCALES: dict[str, int] = {
    "thousand": 3,
    "nghin": 3,
    "ngan": 3,
    "million": 6,
    "mn": 6,
    "trieu": 6,
    "billion": 9,
    "bn": 9,
    "ty": 9,
    "ti": 9,
    "trillion": 12,
}
"""Scale words (short scale), after folding case and Vietnamese diacritics."""

_CURRENCY_WORDS = {"vnd": "VND", "dong": "VND", "₫": "VND", "usd": "USD", "us$": "USD"}
"""Currency words after folding; ``vnd`` also covers the common spelling ``VNĐ``."""

CURRENCIES: frozenset[str] = frozenset(
    [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "ANG",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BGN",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHF",
        "CLP",
        "CNY",
        "COP",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "UYU",
        "UZS",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XDR",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWL",
    ]
)
"""The currency codes money may name: the active codes of ISO 4217, and XDR (the IMF's
special drawing right). Any other code is refused."""

_CODE = re.compile(r"[A-Z]{3}")
# A leading zero cannot start a group of thousands, so "0.500" is a plain decimal.
_DOTTED_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_MONEY_TEXT = re.compile(
    r"(?P<lead>[^\s0-9+\-]*)\s*(?P<number>[-+]?[0-9][0-9.,]*(?:[eE][-+]?[0-9]+)?)(?P<tail>.*)",
    re.DOTALL,
)
"""Loosely, a currency, a number and the rest: only to say why refused money is wrong."""


def _currency_pattern() -> str:
    codes = "|".join(sorted(CURRENCIES))
    words = spelled([word for word in _CURRENCY_WORDS if word != "₫"], separators=False)
    return f"(?:{codes}|{words}|\u20ab|[\u0111\u0110])"


def _scales_pattern() -> str:
    """One or more scale words, each larger than the one before ("nghìn tỷ")."""
    by_size: dict[int, list[str]] = {}
    for word, exponent in _SCALES.items():
        by_size.setdefault(exponent, []).append(word)
    words = [spelled(by_size[size], separators=False) for size in sorted(by_size)]
    sequences = []
    for first, word in enumerate(words):
        larger = "".join(f"(?:{BLANK}+{later})?" for later in words[first + 1 :])
        sequences.append(word + larger)
    return "(?:" + "|".join(sequences) + ")"


def money_pattern(*, named: bool = False) -> str:
    """The grammar of money written as text: a number in some notation, optional scale
    words, and exactly one currency, before the number or after it; as a pattern."""

    def group(name: str, pattern: str) -> str:
        return f"(?P<{name}>{pattern})" if named else f"({pattern})"

    currency, number, scales = _currency_pattern(), number_pattern(), _scales_pattern()
    lead = (
        f"{group('lead', currency)}{BLANK}*{group('number', number)}"
        f"(?:{BLANK}*{group('scales', scales)})?"
    )
    tail = (
        f"{group('number2', number)}(?:{BLANK}*{group('scales2', scales)}{BLANK}+"
        f"|{BLANK}*){group('currency', currency)}"
    )
    return f"^{BLANK}*(?:{lead}|{tail}){BLANK}*$"


MONEY_PATTERN = money_pattern()
"""Every text :func:`parse_money` may read, in some notation (the range is checked apart)."""


@functools.cache
def _money_grammar() -> re.Pattern[str]:
    """The grammar of an amount of money's text, compiled on first use: its alternation of
    every currency and scale word takes about 0.1 s to compile, which an import should not
    pay."""
    return re.compile(money_pattern(named=True))


def parse_decimal(
    text: str,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Decimal:
    """A number written with English separators, exactly: ``"19,866"``, ``"90.33"``, ``"1.2e9"``.

    Commas separate groups of exactly three digits; the dot is the decimal
    point. A string whose dots look like Vietnamese thousands separators
    (``"6.418"``, ``"19.866"``) is ambiguous and refused, as is a comma
    that does not separate groups of three digits (``"90,33"``). The
    result keeps every digit written. This is
    :func:`~industrial_policy.numbers.parse_number` in the strict notation.

    >>> parse_decimal("3676")
    Decimal('3676')
    >>> parse_decimal("-1.9866e13")
    Decimal('-1.9866E+13')
    >>> parse_decimal("6.418")
    Traceback (most recent call last):
    ...
    industrial_policy.errors.InvalidValueError: ambiguous number: in Vietnamese '.' separates thousands, in English it is the decimal point; write 6418 for thousands, or 6.4180 for a decimal fraction; or declare notation 'vi' (got '6.418')
    """
    return parse_number(
        text, Notation.STRICT, field=field, record_type=record_type, record_id=record_id
    )


def _as_decimal(value: object, what: str, *, text: bool = False) -> Decimal:
    """``value`` as a finite Decimal in range; floats through ``str`` so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise InvalidValueError(f"{what} must be a number, not true or false", value=value)
    elif isinstance(value, numbers.Integral):  # int, and numpy's integers
        number = Decimal(int(value))
    elif isinstance(value, float):
        number = Decimal(str(value))
    elif isinstance(value, str) and text:
        number = parse_decimal(value)
    else:
        kinds = "a number or text" if text else "an int, a float or a Decimal"
        raise InvalidValueError(f"{what} must be {kinds}", value=value)
    if not number.is_finite():
        raise InvalidValueError(f"{what} must be finite", value=value)
    if out_of_range(number):
        raise InvalidValueError(f"{what} must be {RANGE}", value=value)
    return number


def _canonical(number: Decimal) -> Decimal:
    """One representation per value, so that reprs agree: no trailing zeros, no ``E+``."""
    if number == 0:
        return Decimal(0)
    normal = number.normalize(_EXACT)
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return normal.quantize(Decimal(1), context=_EXACT)
    return normal


def _amount(value: object) -> Decimal:
    # The common case, a whole number already canonical, skips normalising (a third of the
    # cost of building Money, which a dataset of a million projects does millions of times).
    if (
        type(value) is Decimal
        and value
        and value.as_tuple().exponent == 0
        and not out_of_range(value)
    ):
        return value
    try:
        return _canonical(_as_decimal(value, "an amount", text=True))
    except InvalidValueError as exc:
        raise exc.located(record_type="Money", field="amount") from None


def _code(value: object, record_type: str | None, field: str) -> str:
    code = value.strip().upper() if isinstance(value, str) and value.isascii() else None
    if code is None or not _CODE.fullmatch(code):
        raise InvalidValueError(
            "a currency is a three-letter ISO 4217 code such as 'VND' or 'USD'",
            value=value,
            field=field,
            record_type=record_type,
        )
    if code not in CURRENCIES:
        raise InvalidValueError(_UNKNOWN_CODE, value=value, field=field, record_type=record_type)
    return code


_UNKNOWN_CODE = (
    "not a currency code of ISO 4217; write the code of the currency, such as 'VND', 'USD',"
    " 'EUR', 'JPY' (the table: docs/units-money-periods.md)"
)


_CODES_SEEN: dict[str, str] = {}


def _currency(value: object) -> str:
    if type(value) is str:
        seen = _CODES_SEEN.get(value)
        if seen is not None:
            return seen
        code = _code(value, "Money", "currency")
        if len(_CODES_SEEN) < 1024:  # bounded: text is user input
            _CODES_SEEN[value] = code
        return code
    return _code(value, "Money", "currency")


@attrs.frozen
class Money:
    """An exact amount in one currency.

    The amount is a ``Decimal`` (an int, a float, a Decimal or English-style
    text is accepted; floats go through ``str``, so ``0.1`` is exactly
    one tenth); the currency is a three-letter code, upper-cased. Sums,
    differences and products are exact; a quotient is rounded to 34
    significant digits.

    >>> Money("1.2e9", "usd") == Money(1_200_000_000, "USD")
    True
    >>> print(Money(1_234.5, "USD") * 2 - Money(69, "USD"))
    2,400 USD
    >>> Money(1, "USD") + Money(1, "VND")
    Traceback (most recent call last):
    ...
    industrial_policy.errors.CurrencyMismatchError: cannot add 1 USD and 1 VND: the currencies differ (USD, VND); convert one of them with ExchangeRates.convert first
    """

    amount: Decimal = attrs.field(converter=_amount)
    currency: str = attrs.field(converter=_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """No money, in ``currency``: the start of a sum."""
        return cls(Decimal(0), currency)

    def _other(self, other: object, verb: str) -> Decimal:
        if not isinstance(other, Money):
            raise InvalidValueError(
                f"cannot {verb} money and {_a(other)}: both must be Money",
                value=other,
                record_type="Money",
            )
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot {verb} {self} and {other}: the currencies differ"
                f" ({self.currency}, {other.currency}); convert one of them with"
                " ExchangeRates.convert first"
            )
        return other.amount

    def __add__(self, other: Money) -> Money:
        return Money(_EXACT.add(self.amount, self._other(other, "add")), self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(_EXACT.subtract(self.amount, self._other(other, "subtract")), self.currency)

    # A number on the left is refused loudly: the builtin sum() starts from 0,
    # which has no currency (sum_money is the function for that).
    def __radd__(self, other: object) -> Money:
        raise InvalidValueError(
            f"cannot add {_a(other)} and money; total amounts with sum_money()",
            value=other,
            record_type="Money",
        )

    def __rsub__(self, other: object) -> Money:
        raise InvalidValueError(
            f"cannot subtract money from {_a(other)}", value=other, record_type="Money"
        )

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._other(other, "compare")

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._other(other, "compare")

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._other(other, "compare")

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._other(other, "compare")

    def __mul__(self, factor: int | float | Decimal) -> Money:
        number = _factor(factor, "a factor")
        return Money(_EXACT.multiply(self.amount, number), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: int | float | Decimal) -> Money:
        number = _factor(divisor, "a divisor")
        if number == 0:
            raise InvalidValueError(
                "cannot divide money by zero", value=divisor, record_type="Money"
            )
        return Money(_QUOTIENT.divide(self.amount, number), self.currency)

    def __rtruediv__(self, other: object) -> Money:
        raise InvalidValueError(
            f"cannot divide {_a(other)} by money", value=other, record_type="Money"
        )

    def __neg__(self) -> Money:
        return Money(self.amount.copy_negate(), self.currency)

    def __abs__(self) -> Money:
        return Money(self.amount.copy_abs(), self.currency)

    def __bool__(self) -> bool:
        return self.amount != 0

    def __str__(self) -> str:
        """Readable, with a scale word when it is exact, thousands grouped for an English
        reader: display text. :func:`parse_money` reads it back under ``notation="en"``;
        files hold :func:`money_text`, which the strict notation reads back too.

        >>> print(Money(1_234_000_000, "USD"), Money(Decimal("19.866"), "USD"))
        1,234 million USD 19.8660 USD
        """
        return self._text(grouped=True)

    def _text(self, *, grouped: bool) -> str:
        written = _grouped if grouped else _plain
        amount = self.amount
        # Vietnamese reports count đồng in billions (tỷ đồng), even above a thousand billion.
        scales = _VND_SCALES if self.currency == "VND" else _SCALE_WORDS
        for word, exponent in scales:
            if abs(amount) >= 10**exponent:
                scaled = amount.scaleb(-exponent, _EXACT)
                text = written(scaled)
                # "1.234 billion" would read as ambiguous; "1234 million" does not.
                if _fraction_digits(scaled) <= 3 and not _DOTTED_THOUSANDS.fullmatch(text):
                    return f"{text} {word} {self.currency}"
        text = written(amount)
        if _DOTTED_THOUSANDS.fullmatch(text):
            text += "0"  # "19.8660" is a decimal beyond doubt
        return f"{text} {self.currency}"


def money_text(money: Money) -> str:
    """``money`` as files write it: like ``str(money)`` without ',' between thousands, which
    the strict notation refuses when one group follows ("19866" is 19.866 in Vietnamese
    notation); :func:`parse_money` reads it back equal in every notation but Vietnamese.

    >>> money_text(Money(19_866_000_000_000, "VND")), money_text(Money(Decimal("1234.5"), "USD"))
    ('19866 billion VND', '1234.5 USD')
    """
    return money._text(grouped=False)


_SCALE_WORDS = (("trillion", 12), ("billion", 9), ("million", 6))
_VND_SCALES = (("billion", 9), ("million", 6))


def _a(value: object) -> str:
    name = type(value).__name__
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def _factor(value: object, what: str) -> Decimal:
    try:
        return _as_decimal(value, what)
    except InvalidValueError as exc:
        raise exc.located(record_type="Money") from None


def _fraction_digits(number: Decimal) -> int:
    exponent = number.normalize(_EXACT).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _grouped(number: Decimal) -> str:
    return format(_canonical(number), ",f")


def _plain(number: Decimal) -> str:
    return format(_canonical(number), "f")


def parse_money(
    text: str | Money,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
    notation: Notation | str | None = None,
) -> Money:
    """Money from text: ``"19,866 billion VND"``, ``"USD 500 million"``, ``"19,866 tỷ đồng"``.

    The text is an optional currency, a number (in ``notation``, see
    :mod:`industrial_policy.numbers`; "1,2 tỷ USD" under ``Notation.VI``),
    optional scale words, then the currency if it did not come first. A
    currency is a code in capitals (``VND``, ``USD``, ``EUR``), ``đồng``,
    ``đ``, ``₫`` or ``VNĐ`` (VND), ``US$`` (USD). Scale words are thousand,
    million, billion, trillion and the Vietnamese nghìn/ngàn, triệu, tỷ/tỉ;
    stacked words multiply (``nghìn tỷ`` is 10**12). A leading minus is
    kept. The result is exact; a :class:`Money` is returned as it is.

    >>> parse_money("1.2 billion USD").amount
    Decimal('1200000000')
    >>> parse_money("19866 tỷ đồng") == parse_money("VND 19866 billion")
    True
    >>> parse_money("19.866 tỷ đồng", field="capital")
    Traceback (most recent call last):
    ...
    industrial_policy.errors.InvalidValueError: capital: ambiguous number: in Vietnamese '.' separates thousands, in English it is the decimal point; write 19866 for thousands, or 19.8660 for a decimal fraction; or declare notation 'vi' (got '19.866 tỷ đồng')
    """
    if isinstance(text, Money):
        return text
    where = {"field": field, "record_type": record_type, "record_id": record_id}

    def fail(reason: str) -> InvalidValueError:
        return InvalidValueError(reason, value=text, **where)

    if not isinstance(text, str):
        raise fail("money must be text such as '500 million USD', or a Money")
    written = unicodedata.normalize("NFC", text)
    clean = written.strip().replace("\u2212", "-")
    if not clean:
        raise fail(
            "money must not be empty: write an amount and a currency, such as '500 million USD'"
        )
    grammar = _money_grammar().fullmatch(written)
    if grammar is None:
        raise fail(_refused(clean, notation, fail))
    try:
        number = parse_number(grammar["number"] or grammar["number2"], notation)
    except InvalidValueError as exc:
        raise fail(exc.reason) from None
    currency = _currency_word(grammar["lead"] or grammar["currency"], fail)
    scales = (grammar["scales"] or grammar["scales2"] or "").split()
    exponent = sum(_SCALES[fold(word)] for word in scales)
    try:
        return Money(number.scaleb(exponent, _EXACT), currency)
    except InvalidValueError as exc:
        raise fail(exc.reason) from None


def _refused(clean: str, notation: Notation | str | None, fail: Callable[[str], Exception]) -> str:
    """Why money text the grammar refuses is wrong: the first problem found reading it
    loosely, word by word."""
    generic = (
        "money is a number, optional scale words and one currency, nothing else,"
        " such as '500 million USD' or '19866 tỷ đồng'"
    )
    match = _MONEY_TEXT.fullmatch(clean)
    if match is None:
        return "money needs an amount and a currency, such as '500 million USD'"
    try:
        parse_number(match["number"], notation)
        currency = _currency_word(match["lead"], fail) if match["lead"] else None
        _words(match["tail"], currency, fail)
    except InvalidValueError as exc:
        return exc.reason
    return generic


def _words(tail: str, currency: str | None, fail: Callable[[str], Exception]) -> None:
    """Raises for the first word after the number that breaks the grammar of money."""
    last_scale, closed = 0, False
    for word in tail.split():
        folded = fold(word)
        if folded in _SCALES:
            if closed:
                raise fail("a scale word comes before the currency, as in '500 million USD'")
            if last_scale and _SCALES[folded] <= last_scale:
                raise fail(
                    "scale words must grow, as in 'nghìn tỷ' (a thousand billion);"
                    " write one, such as '19866 billion'"
                )
            last_scale = _SCALES[folded]
            continue
        code = _currency_word(word, fail)
        if currency is not None and code != currency:
            raise fail(f"money names two currencies, {currency} and {code}")
        if currency is not None:
            raise fail(f"money names its currency once, not {currency} twice")
        currency, closed = code, True
    if currency is None:
        raise fail("money needs a currency, such as 'VND' or 'USD'")


def parse_currency(text: str, *, field: str | None = None) -> str:
    """The ISO code of a currency written as a code in capitals (``"USD"``) or a word
    (``"đồng"``, ``"₫"``, ``"VNĐ"``, ``"US$"``).

    >>> parse_currency("đồng"), parse_currency("US$"), parse_currency("JPY")
    ('VND', 'USD', 'JPY')
    """

    def fail(reason: str) -> InvalidValueError:
        return InvalidValueError(reason, value=text, field=field)

    if not isinstance(text, str) or not text.strip():
        raise fail("a currency is a code such as 'VND' or 'USD'")
    return _currency_word(unicodedata.normalize("NFC", text.strip()), fail)


def currency_scale(text: str, *, field: str | None = None) -> tuple[str, Decimal]:
    """A currency declared for a column, with its scale, read by the money grammar itself:
    ``"USD"`` is (USD, 1), ``"tỷ đồng"`` (VND, 10⁹), ``"million USD"`` (USD, 10⁶).

    >>> currency_scale("tỷ đồng")
    ('VND', Decimal('1000000000'))
    """
    try:
        money = parse_money(f"1 {text}")
    except InvalidValueError:
        return parse_currency(text, field=field), Decimal(1)
    return money.currency, money.amount


def _currency_word(word: str, fail: Callable[[str], Exception]) -> str:
    folded = fold(word)
    if folded in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[folded]
    if word.casefold() == "đ":
        return "VND"
    if _CODE.fullmatch(word):
        if word not in CURRENCIES:
            raise fail(f"{word!r} is {_UNKNOWN_CODE}")
        return word
    if folded in _SCALES:
        raise fail(f"the scale word {word!r} comes after the number, as in '500 million USD'")
    if word == "$":
        raise fail("'$' alone does not say which dollar: write US$ or USD")
    if word.isascii() and _CODE.fullmatch(word.upper()):
        raise fail(f"write a currency code in capitals, {word.upper()!r}, or it reads as a word")
    raise fail(
        f"unknown word {short_repr(word)} in an amount of money: expected a currency (a code such as"
        " 'VND', 'USD', or đồng, ₫, US$) or a scale word (thousand, million, billion,"
        " trillion, nghìn, triệu, tỷ)"
    )


def sum_money(items: Iterable[Money], currency: str | None = None) -> Money:
    """The exact sum of amounts in one currency; an empty sum needs ``currency``.

    The sum does not depend on the order of the items.

    >>> print(sum_money([parse_money("12000 tỷ đồng"), parse_money("7866 tỷ đồng")]))
    19,866 billion VND
    >>> print(sum_money([], "USD"))
    0 USD
    """
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidValueError("must be an iterable of Money", value=items, field="items")
    first = Money.zero(currency) if currency is not None else None
    amount = Decimal(0)
    for item in items:
        if first is None:
            if not isinstance(item, Money):
                raise InvalidValueError("can only sum Money", value=item, field="items")
            first = item
        amount = _EXACT.add(amount, first._other(item, "add"))
    if first is None:
        raise InvalidValueError(
            "an empty sum of money needs a currency: sum_money([], 'VND')",
            value=(),
            field="currency",
        )
    return Money(amount, first.currency)


def _positive_rate(value: object) -> Decimal:
    try:
        number = _as_decimal(value, "an exchange rate", text=True)
    except InvalidValueError as exc:
        raise exc.located(record_type="ExchangeRate", field="rate") from None
    if number <= 0:
        raise InvalidValueError(
            "an exchange rate must be positive",
            value=value,
            field="rate",
            record_type="ExchangeRate",
        )
    return _canonical(number)


def _base(value: object) -> str:
    return _code(value, "ExchangeRate", "base")


def _quote(value: object) -> str:
    return _code(value, "ExchangeRate", "quote")


def _effective(value: object) -> dt.date:
    if not isinstance(value, str | dt.date):
        raise InvalidValueError(
            "must be a date", value=value, field="effective", record_type="ExchangeRate"
        )
    return parse_date(value, field="effective", record_type="ExchangeRate")


@attrs.frozen
class ExchangeRate:
    """``1 base = rate quote`` from ``effective`` until a later rate for the pair.

    ``effective`` is a date or ISO text; ``source`` says where the rate comes
    from, for explanations.

    >>> ExchangeRate("usd", "VND", "25000", "2024-01-01", source="SBV")
    ExchangeRate(base='USD', quote='VND', rate=Decimal('25000'), effective=datetime.date(2024, 1, 1), source='SBV')
    """

    base: str = attrs.field(converter=_base)
    quote: str = attrs.field(converter=_quote)
    rate: Decimal = attrs.field(converter=_positive_rate)
    effective: dt.date = attrs.field(converter=_effective)
    source: str | None = attrs.field(default=None)

    @quote.validator
    def _check_pair(self, _: attrs.Attribute[str], value: str) -> None:
        if value == self.base:
            raise InvalidValueError(
                "a rate converts between two different currencies",
                value=value,
                field="quote",
                record_type="ExchangeRate",
            )

    @source.validator
    def _check_source(self, _: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, str):
            raise InvalidValueError(
                "must be text", value=value, field="source", record_type="ExchangeRate"
            )


@attrs.define
class _Series:
    """The entries usable for one ordered pair, in the order they come into force."""

    dates: list[dt.date]
    entries: list[tuple[ExchangeRate, bool]]  # (entry, used inverted)
    days: Any = None  # numpy arrays, built on the first vectorised lookup
    values: Any = None


def _rates(value: object) -> tuple[ExchangeRate, ...]:
    if isinstance(value, str | bytes | dict) or not isinstance(value, Iterable):
        raise InvalidValueError(
            "must be an iterable of ExchangeRate", value=value, record_type="ExchangeRates"
        )
    items = tuple(dict.fromkeys(value))  # the same entry twice is one entry
    seen: dict[tuple[str, str, dt.date], ExchangeRate] = {}
    for item in items:
        if not isinstance(item, ExchangeRate):
            raise InvalidValueError(
                "each item must be an ExchangeRate", value=item, record_type="ExchangeRates"
            )
        key = (item.base, item.quote, item.effective)
        if key in seen and seen[key].rate != item.rate:
            raise InvalidValueError(
                f"two different {item.base}/{item.quote} rates from {item.effective}:"
                f" {seen[key].rate} and {item.rate}",
                value=item,
                record_type="ExchangeRates",
            )
        seen[key] = item
    return tuple(sorted(items, key=lambda r: (r.base, r.quote, r.effective, r.source or "")))


def _on(value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidValueError("must be a date (not a datetime)", value=value, field="on")
    return value


@attrs.frozen
class ExchangeRates:
    """Dated exchange rates supplied by the user (none are shipped).

    The rate in force on a date is the latest entry on or before it, taken
    from the direct pair or, inverted, from the reverse pair, whichever is
    more recent; on the same date the direct entry wins. An inverted rate is
    ``1 / rate`` rounded to 34 significant digits.

    >>> rates = ExchangeRates([ExchangeRate("USD", "VND", 25_000, "2024-01-01")])
    >>> on = dt.date(2025, 6, 30)
    >>> print(rates.convert(parse_money("1.2 billion USD"), "VND", on))
    30,000 billion VND
    >>> rates.rate("VND", "USD", on)
    Decimal('0.00004')
    >>> rates.rate("USD", "VND", dt.date(2023, 12, 31))
    Traceback (most recent call last):
    ...
    industrial_policy.errors.MissingExchangeRateError: no USD/VND exchange rate in force on 2023-12-31; the earliest is from 2024-01-01
    """

    rates: tuple[ExchangeRate, ...] = attrs.field(default=(), converter=_rates)
    _index: dict[tuple[str, str], _Series] = attrs.field(
        init=False, eq=False, hash=False, repr=False
    )

    @_index.default
    def _build_index(self) -> dict[tuple[str, str], _Series]:
        grouped: dict[tuple[str, str], list[tuple[ExchangeRate, bool]]] = {}
        for rate in self.rates:
            grouped.setdefault((rate.base, rate.quote), []).append((rate, False))
            grouped.setdefault((rate.quote, rate.base), []).append((rate, True))
        index = {}
        for pair, entries in grouped.items():
            # Among entries of one date the direct one (inverted False) sorts last, so it wins.
            entries.sort(key=lambda e: (e[0].effective, not e[1]))
            index[pair] = _Series([e[0].effective for e in entries], entries)
        return index

    def __len__(self) -> int:
        return len(self.rates)

    def __iter__(self) -> Iterator[ExchangeRate]:
        return iter(self.rates)

    def pairs(self) -> frozenset[tuple[str, str]]:
        """The ``(base, quote)`` pairs as given (each also converts the other way)."""
        return frozenset((r.base, r.quote) for r in self.rates)

    def _series(self, base: str, quote: str) -> _Series:
        return self._index.get((base, quote)) or _Series([], [])

    def _missing(self, base: str, quote: str, when: str) -> MissingExchangeRateError:
        series = self._series(base, quote)
        if series.dates:
            tail = f"; the earliest is from {series.dates[0].isoformat()}"
        else:
            tail = f"; the table has no {base}/{quote} or {quote}/{base} rate at all"
        return MissingExchangeRateError(f"no {base}/{quote} exchange rate in force {when}{tail}")

    def rate_entry(self, base: str, quote: str, on: dt.date) -> tuple[ExchangeRate, bool]:
        """The entry in force on ``on`` for ``base -> quote``, and whether it is used inverted.

        >>> rates = ExchangeRates([ExchangeRate("USD", "VND", 25_000, "2024-01-01", "SBV")])
        >>> entry, inverted = rates.rate_entry("VND", "USD", dt.date(2024, 5, 1))
        >>> entry.effective, entry.source, inverted
        (datetime.date(2024, 1, 1), 'SBV', True)
        """
        base, quote, on = _code(base, None, "base"), _code(quote, None, "quote"), _on(on)
        if base == quote:
            raise InvalidValueError(
                "a currency converts to itself without a rate", value=quote, field="quote"
            )
        series = self._series(base, quote)
        index = bisect_right(series.dates, on)
        if index == 0:
            raise self._missing(base, quote, f"on {on.isoformat()}")
        return series.entries[index - 1]

    def rate(self, base: str, quote: str, on: dt.date) -> Decimal:
        """How many ``quote`` one ``base`` buys on ``on`` (1 for the same currency)."""
        if _code(base, None, "base") == _code(quote, None, "quote"):
            _on(on)
            return Decimal(1)
        entry, inverted = self.rate_entry(base, quote, on)
        return _canonical(_QUOTIENT.divide(Decimal(1), entry.rate)) if inverted else entry.rate

    def convert(self, money: Money, to: str, on: dt.date) -> Money:
        """``money`` in currency ``to`` at the rate in force on ``on``.

        Through a direct rate the result is exact; through an inverted one it
        is ``amount / rate`` rounded once to 34 significant digits.
        """
        if not isinstance(money, Money):
            raise InvalidValueError("must be Money", value=money, field="money")
        to = _code(to, None, "to")
        if money.currency == to:
            _on(on)
            return money
        entry, inverted = self.rate_entry(money.currency, to, on)
        if inverted:
            return Money(_QUOTIENT.divide(money.amount, entry.rate), to)
        return Money(_EXACT.multiply(money.amount, entry.rate), to)

    def rates_on(
        self, base: str, quote: str, dates: npt.NDArray[np.datetime64]
    ) -> npt.NDArray[np.float64]:
        """The rate in force on each date, as floats, in bulk (same shape as ``dates``).

        >>> import numpy as np
        >>> rates = ExchangeRates([ExchangeRate("USD", "VND", 25_000, "2024-01-01")])
        >>> rates.rates_on("USD", "VND", np.array(["2024-01-01", "2030-05-01"], "datetime64[D]"))
        array([25000., 25000.])
        """
        base, quote = _code(base, None, "base"), _code(quote, None, "quote")
        days = _days(dates)
        if base == quote:
            return np.ones(days.shape, dtype=np.float64)
        series = self._series(base, quote)
        if series.days is None:
            series.days = np.array(series.dates, dtype="datetime64[D]")
            series.values = np.array(
                [
                    float(_QUOTIENT.divide(Decimal(1), e.rate) if inverted else e.rate)
                    for e, inverted in series.entries
                ],
                dtype=np.float64,
            )
        index = np.searchsorted(series.days, days, side="right") - 1
        early = index < 0
        if early.any():
            count = int(early.sum())
            first = str(days[early].min())
            raise self._missing(base, quote, f"on {count} of the dates, the first {first}")
        values: npt.NDArray[np.float64] = np.asarray(series.values[index], dtype=np.float64)
        return values


def _days(dates: object) -> npt.NDArray[np.datetime64]:
    array = np.asarray(dates)
    try:
        if array.dtype.kind == "M":
            days = array.astype("datetime64[D]")
        elif array.dtype.kind in "OUS":  # dates or ISO text
            days = np.asarray(array, dtype="datetime64[D]")
        else:
            raise TypeError(array.dtype)
    except (TypeError, ValueError):
        raise InvalidValueError(
            "dates must be an array of datetime64[D]", value=dates, field="dates"
        ) from None
    if np.isnat(days).any():
        raise InvalidValueError("dates must not contain NaT", value=dates, field="dates")
    return days


def format_money(money: Money, notation: Notation | str = Notation.STRICT) -> str:
    """The text of ``money`` in ``notation``, every digit written, which :func:`parse_money`
    reads back equal in it.

    >>> format_money(parse_money("1,2 tỷ USD", notation="vi"), "vi")
    '1.200.000.000 USD'
    >>> format_money(Money(Decimal("19.866"), "USD"))
    '19.8660 USD'
    """
    return f"{format_number(money.amount, notation)} {money.currency}"
