"""Money per currency, exact, with exchange rates the user supplies.

A :class:`Money` is an exact ``Decimal`` amount and an ISO-4217-style
currency code. Amounts in different currencies are never added or compared
silently: convert them first through an :class:`ExchangeRates` table, whose
rates are dated (the rate in force on a date is the latest on or before it).
The library ships no default rate.

>>> from industrial_policy.money import parse_money
>>> flow = parse_money("19,866 billion VND")
>>> flow.amount
Decimal('19866000000000')
>>> str(parse_money("USD 500 million"))
'500 million USD'
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy.errors import (
    CurrencyMismatchError,
    InvalidValueError,
    MissingExchangeRateError,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "ExchangeRate",
    "ExchangeRates",
    "Money",
    "parse_decimal",
    "parse_money",
    "sum_money",
]

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

_CURRENCY_WORDS = {"dong": "VND", "vnd": "VND", "₫": "VND", "us$": "USD", "usd": "USD"}

_NUMBER = re.compile(r"^[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?(?:[eE][-+]?\d+)?$")
_VIETNAMESE_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})+$")
_CODE = re.compile(r"^[A-Z]{3}$")
_MAX_EXPONENT = 30  # larger amounts than 10**30 are typing mistakes, not budgets


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def parse_decimal(
    text: str,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Decimal:
    """A number written with English separators, exactly: ``"19,866"``, ``"90.33"``, ``"1.2e9"``.

    A string whose dots look like Vietnamese thousands separators
    (``"6.418"``, ``"19.866"``) is ambiguous and rejected, as is a comma
    that does not separate groups of three digits (``"90,33"``).

    >>> parse_decimal("3,676")
    Decimal('3676')
    >>> parse_decimal("6.418")
    Traceback (most recent call last):
    ...
    industrial_policy.errors.InvalidValueError: ambiguous number: write 6,418 or 6418 for thousands; for a decimal fraction add a digit, 6.4180 (got '6.418')
    """
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    if not isinstance(text, str):
        raise InvalidValueError("a number must be text here", value=text, **where)
    stripped = text.strip().replace("\u2212", "-")
    if _VIETNAMESE_THOUSANDS.match(stripped) and "," not in stripped:
        whole = stripped.replace(".", "")
        raise InvalidValueError(
            f"ambiguous number: write {int(whole):,} or {whole} for thousands;"
            f" for a decimal fraction add a digit, {stripped}0",
            value=text,
            **where,
        )
    if not _NUMBER.match(stripped):
        raise InvalidValueError(
            "not a number in the English convention (',' between thousands, '.' before decimals)",
            value=text,
            **where,
        )
    number = Decimal(stripped.replace(",", ""))
    if abs(number.adjusted()) > _MAX_EXPONENT:
        raise InvalidValueError("the number is out of range", value=text, **where)
    return number


def _as_decimal(value: object, field: str) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        raise InvalidValueError("an amount must be a number", value=value, field=field)
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        number = parse_decimal(value, field=field)
    else:
        raise InvalidValueError("an amount must be a number", value=value, field=field)
    if not number.is_finite():
        raise InvalidValueError("an amount must be finite", value=value, field=field)
    if number != 0 and abs(number.adjusted()) > _MAX_EXPONENT:
        raise InvalidValueError("the amount is out of range", value=value, field=field)
    return number


def _amount(value: object) -> Decimal:
    try:
        return _as_decimal(value, "amount")
    except InvalidValueError as exc:
        raise exc.located(record_type="Money") from None


def _exact_amount(value: object) -> Decimal:
    return _normalised(_amount(value))


def _currency(value: object) -> str:
    if not isinstance(value, str) or not _CODE.match(value.strip().upper()):
        raise InvalidValueError(
            "a currency is a three-letter ISO 4217 code such as 'VND' or 'USD'",
            value=value,
            field="currency",
            record_type="Money",
        )
    return value.strip().upper()


def _normalised(number: Decimal) -> Decimal:
    """Equal amounts compare and hash equal whatever their trailing zeros."""
    if number == 0:
        return Decimal(0)
    normal = number.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return normal.quantize(Decimal(1))
    return normal


@attrs.frozen(order=False)
class Money:
    """An exact amount in one currency.

    >>> Money("1.2e9", "USD") == Money(1_200_000_000, "usd")
    True
    >>> Money(1, "USD") + Money(1, "VND")
    Traceback (most recent call last):
    ...
    industrial_policy.errors.CurrencyMismatchError: cannot add 1 USD and 1 VND: convert one of them with ExchangeRates.convert first
    """

    amount: Decimal = attrs.field(converter=_exact_amount)
    currency: str = attrs.field(converter=_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same(self, other: object, verb: str) -> Money:
        if not isinstance(other, Money):
            raise InvalidValueError(
                f"cannot {verb} money and a {type(other).__name__}",
                value=other,
                record_type="Money",
            )
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot {verb} {self} and {other}: convert one of them with"
                " ExchangeRates.convert first"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._same(other, "add").amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._same(other, "subtract").amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other, "compare").amount

    def __mul__(self, factor: int | float | Decimal) -> Money:
        return Money(self.amount * _as_decimal(factor, "factor"), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor: int | float | Decimal) -> Money:
        number = _as_decimal(divisor, "divisor")
        if number == 0:
            raise InvalidValueError("cannot divide money by zero", value=divisor, field="divisor")
        return Money(self.amount / number, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __bool__(self) -> bool:
        return self.amount != 0

    def __str__(self) -> str:
        """Readable, and read back exactly by :func:`parse_money`."""
        amount = self.amount
        # Vietnamese reports count đồng in billions (tỷ đồng), even above a thousand billion.
        scales = _VND_SCALES if self.currency == "VND" else _SCALE_WORDS
        for word, exponent in scales:
            scaled = amount.scaleb(-exponent)
            text = _group(scaled)
            if (
                abs(amount) >= 10**exponent
                and _fraction_digits(scaled) <= 3
                and not _VIETNAMESE_THOUSANDS.match(text)
            ):
                return f"{text} {word} {self.currency}"
        text = _group(amount)
        if _VIETNAMESE_THOUSANDS.match(text):
            text += "0"  # "1.234" would read as Vietnamese thousands; "1.2340" cannot
        return f"{text} {self.currency}"


_SCALE_WORDS = (("trillion", 12), ("billion", 9), ("million", 6))
_VND_SCALES = (("billion", 9), ("million", 6))


def _fraction_digits(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _group(number: Decimal) -> str:
    normal = number.normalize()
    text = format(normal, "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"


_MONEY_TEXT = re.compile(
    r"^(?P<lead>[^\d+\-−]*?)\s*(?P<number>[-+−]?\d[\d.,]*(?:[eE][-+]?\d+)?)\s*(?P<tail>.*?)$"
)


def parse_money(
    text: str | Money,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Money:
    """Money from text: ``"19,866 billion VND"``, ``"USD 500 million"``, ``"19,866 tỷ đồng"``.

    The currency is an ISO code or ``đồng``/``₫`` (VND) or ``US$`` (USD); the
    scale words are thousand, million, billion, trillion and the Vietnamese
    nghìn/ngàn, triệu, tỷ/tỉ. The result is exact.

    >>> parse_money("1.2 billion USD").amount
    Decimal('1200000000')
    >>> parse_money("19,866 tỷ đồng") == parse_money("VND 19,866 billion")
    True
    """
    if isinstance(text, Money):
        return text
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    if not isinstance(text, str):
        raise InvalidValueError("money must be text such as '500 million USD'", value=text, **where)
    match = _MONEY_TEXT.match(unicodedata.normalize("NFC", text.strip()))
    if match is None or not text.strip():
        raise InvalidValueError(
            "money must be an amount and a currency, such as '500 million USD'",
            value=text,
            **where,
        )
    words = _fold(f"{match['lead']} {match['tail']}").replace("us$", " us$ ").split()
    exponent, currency = 0, None
    for word in words:
        if word in _SCALES:
            if exponent:
                raise InvalidValueError("money has two scale words", value=text, **where)
            exponent = _SCALES[word]
        elif word in _CURRENCY_WORDS or _CODE.match(word.upper()):
            code = _CURRENCY_WORDS.get(word, word.upper())
            if currency is not None and code != currency:
                raise InvalidValueError("money names two currencies", value=text, **where)
            currency = code
        else:
            raise InvalidValueError(
                f"unknown word {word!r} in an amount of money", value=text, **where
            )
    if currency is None:
        raise InvalidValueError(
            "money needs a currency, such as 'VND' or 'USD'", value=text, **where
        )
    number = parse_decimal(match["number"].replace("−", "-"), **where)
    try:
        return Money(number.scaleb(exponent), currency)
    except InvalidValueError as exc:
        raise InvalidValueError(exc.reason, value=text, **where) from None


def sum_money(items: Iterable[Money], currency: str | None = None) -> Money:
    """The sum of amounts in one currency; an empty sum needs ``currency``."""
    total: Money | None = Money.zero(currency) if currency else None
    for item in items:
        total = item if total is None else total + item
    if total is None:
        raise InvalidValueError(
            "an empty sum of money needs a currency", value=(), field="currency"
        )
    return total


def _positive_rate(value: object) -> Decimal:
    number = _as_decimal(value, "rate")
    if number <= 0:
        raise InvalidValueError(
            "an exchange rate must be positive",
            value=value,
            field="rate",
            record_type="ExchangeRate",
        )
    return number


def _code_field(value: object) -> str:
    try:
        return _currency(value)
    except InvalidValueError as exc:
        raise InvalidValueError(exc.reason, value=value, record_type="ExchangeRate") from None


def _rate_date(value: object) -> dt.date:
    from industrial_policy.periods import parse_date

    if isinstance(value, dt.datetime):
        raise InvalidValueError(
            "must be a date", value=value, field="effective", record_type="ExchangeRate"
        )
    if isinstance(value, dt.date):
        return value
    return parse_date(value, field="effective", record_type="ExchangeRate")  # type: ignore[arg-type]


@attrs.frozen
class ExchangeRate:
    """``1 base = rate quote`` from ``effective`` until a later rate for the pair."""

    base: str = attrs.field(converter=_code_field)
    quote: str = attrs.field(converter=_code_field)
    rate: Decimal = attrs.field(converter=_positive_rate)
    effective: dt.date = attrs.field(converter=_rate_date)
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


@attrs.frozen(eq=False)
class _Series:
    dates: list[dt.date]
    entries: list[tuple[ExchangeRate, bool]]  # (rate, inverted)


def _rates(value: object) -> tuple[ExchangeRate, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidValueError(
            "must be a list of ExchangeRate", value=value, record_type="ExchangeRates"
        )
    items = tuple(value)
    for item in items:
        if not isinstance(item, ExchangeRate):
            raise InvalidValueError(
                "each item must be an ExchangeRate", value=item, record_type="ExchangeRates"
            )
    return tuple(sorted(items, key=lambda r: (r.base, r.quote, r.effective)))


@attrs.frozen
class ExchangeRates:
    """Dated exchange rates supplied by the user (none are shipped).

    The rate in force on a date is the latest entry on or before it, taken
    from the direct pair or, inverted, from the reverse pair, whichever is
    more recent (on the same date the direct entry wins).

    >>> rates = ExchangeRates([ExchangeRate("USD", "VND", 25_000, "2024-01-01")])
    >>> str(rates.convert(parse_money("1.2 billion USD"), "VND", dt.date(2025, 6, 30)))
    '30,000 billion VND'
    """

    rates: tuple[ExchangeRate, ...] = attrs.field(default=(), converter=_rates)
    _series: dict[tuple[str, str], _Series] = attrs.field(
        init=False, factory=dict, eq=False, hash=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        seen: dict[tuple[str, str, dt.date], Decimal] = {}
        for rate in self.rates:
            key = (rate.base, rate.quote, rate.effective)
            if key in seen and seen[key] != rate.rate:
                raise InvalidValueError(
                    f"two different rates for {rate.base}/{rate.quote} on {rate.effective}",
                    value=rate.rate,
                    record_type="ExchangeRates",
                )
            seen[key] = rate.rate

    def __len__(self) -> int:
        return len(self.rates)

    def __iter__(self) -> Iterator[ExchangeRate]:
        return iter(self.rates)

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset((r.base, r.quote) for r in self.rates)

    def _pair(self, base: str, quote: str) -> _Series:
        key = (base, quote)
        if key not in self._series:
            entries: list[tuple[ExchangeRate, bool]] = []
            for rate in self.rates:
                if (rate.base, rate.quote) == key:
                    entries.append((rate, False))
                elif (rate.quote, rate.base) == key:
                    entries.append((rate, True))
            # Same date: the direct entry (inverted=False) sorts last, so it is chosen.
            entries.sort(key=lambda e: (e[0].effective, not e[1]))
            self._series[key] = _Series([e[0].effective for e in entries], entries)
        return self._series[key]

    def rate_entry(self, base: str, quote: str, on: dt.date) -> tuple[ExchangeRate, bool]:
        """The entry in force and whether it is used inverted."""
        base, quote = _currency(base), _currency(quote)
        series = self._pair(base, quote)
        index = bisect_right(series.dates, on)
        if index == 0:
            earliest = f"; the earliest rate is of {series.dates[0]}" if series.dates else ""
            raise MissingExchangeRateError(
                f"no {base}/{quote} exchange rate in force on {on.isoformat()}{earliest}"
            )
        return series.entries[index - 1]

    def rate(self, base: str, quote: str, on: dt.date) -> Decimal:
        """How many ``quote`` one ``base`` buys on ``on``."""
        if _currency(base) == _currency(quote):
            return Decimal(1)
        entry, inverted = self.rate_entry(base, quote, on)
        with decimal.localcontext(prec=34):
            return Decimal(1) / entry.rate if inverted else entry.rate

    def convert(self, money: Money, to: str, on: dt.date) -> Money:
        """``money`` in currency ``to`` at the rate in force on ``on``."""
        with decimal.localcontext(prec=34):
            return Money(money.amount * self.rate(money.currency, to, on), to)

    def rates_on(
        self, base: str, quote: str, dates: npt.NDArray[np.datetime64]
    ) -> npt.NDArray[np.float64]:
        """The rate in force on each date (``datetime64[D]``), as floats, in bulk."""
        import numpy as np

        days = np.asarray(dates, dtype="datetime64[D]")
        if _currency(base) == _currency(quote):
            return np.ones(days.shape, dtype=np.float64)
        series = self._pair(_currency(base), _currency(quote))
        known = np.array(series.dates, dtype="datetime64[D]")
        values = np.array(
            [float(1 / e.rate) if inv else float(e.rate) for e, inv in series.entries],
            dtype=np.float64,
        )
        index = np.searchsorted(known, days, side="right") - 1
        early = index < 0
        if early.any():
            first = days[early].min()
            raise MissingExchangeRateError(
                f"no {base}/{quote} exchange rate in force for {int(early.sum())} date(s),"
                f" the first {first}"
                + (f"; the earliest rate is of {series.dates[0]}" if series.dates else "")
            )
        return values[index]
