"""Amounts: a number with its unit, and how users write them.

:class:`Amount` is the value type results carry (a number and a unit name).
Units are pint unit names for areas (``"hectare"``), ISO currency codes for
money (``"VND"``), ``"count"`` for counts and ``"ratio"`` for shares (a
fraction, shown as a percentage).

The numbers of targets, observations and rule parameters are read here, in
the unit they are counted in.

Targets speak in several units: a number of businesses (``count``), money
(a currency code), land (``hectare``), a share (``ratio``, a fraction: 0.25
is 25%) and a change in a share (``percentage_points``). Text is read with
its unit: ``"1.2 billion USD"``, ``"90.33 ha"``, ``"25%"``, ``"5 pp"``. A
bare number has no unit yet (``"number"``) and takes the unit of the target
it belongs to, where that is safe: a count or a fraction, never money or
land, which must say their unit.

>>> from industrial_policy.amounts import read_amount, resolve
>>> read_amount("25%")
Amount(value=Decimal('0.25'), unit='ratio')
>>> resolve(read_amount(72), "count")
Amount(value=72, unit='count')
>>> resolve(read_amount(500), "USD")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
industrial_policy.errors.InvalidValueError: an amount of money needs its currency, ...
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import pint

from industrial_policy.errors import InvalidValueError, exact_normalize
from industrial_policy.money import Money, currency_scale, money_text, parse_money
from industrial_policy.numbers import (
    BLANK,
    NUMBER_PATTERN,
    Notation,
    format_number,
    parse_number,
    spelled,
)
from industrial_policy.units import area_to_hectares, parse_area, parse_area_unit, registry

__all__ = [
    "COUNT",
    "HECTARE",
    "NUMBER",
    "POINTS",
    "RATIO",
    "UNIT_SYMBOLS",
    "Amount",
    "amount_in",
    "amount_unit_problem",
    "as_float",
    "check_share",
    "decimal_text",
    "is_currency",
    "json_number",
    "number_text",
    "plain_amount",
    "read_amount",
    "resolve",
    "unit_words",
]

COUNT = "count"
RATIO = "ratio"
POINTS = "percentage_points"
HECTARE = "hectare"
NUMBER = "number"
"""A bare number whose unit is decided by the target it is read for."""

_SHARE_WORDS = ("%", "percent", "per cent", "phan tram")
_POINT_WORDS = (
    "pp",
    "p.p.",
    "percentage point",
    "percentage points",
    "point de pourcentage",
    "points de pourcentage",
    "diem phan tram",
    "diem %",
)


def _amount_pattern(words: tuple[str, ...] | None, *, named: bool) -> str:
    number = f"(?P<number>{NUMBER_PATTERN})" if named else f"(?:{NUMBER_PATTERN})"
    unit = f"{BLANK}*{spelled(words)}" if words else ""
    return f"^{BLANK}*{number}{unit}{BLANK}*$"


SHARE_PATTERN = _amount_pattern(_SHARE_WORDS, named=False)
"""A share written as text: a number and a percent sign or word ("25%", "25 phần trăm")."""
POINTS_PATTERN = _amount_pattern(_POINT_WORDS, named=False)
"""A change in a share written as text: a number and percentage points ("5 pp")."""
PLAIN_PATTERN = _amount_pattern(None, named=False)
"""A bare number written as text ("250", "1,234.5")."""
_PERCENT = re.compile(_amount_pattern(_SHARE_WORDS, named=True))
_POINTS = re.compile(_amount_pattern(_POINT_WORDS, named=True))
_THOUSANDS_LOOKALIKE = re.compile(r"-?[0-9]{1,3}\.[0-9]{3}")
_PLAIN_EXPONENT = 20
_PLAIN = re.compile(_amount_pattern(None, named=True))


def number_text(value: float | int | Decimal) -> str:
    """A number as results print it: thousands separated, ``n/a`` for NaN."""
    if isinstance(value, Decimal):
        # Fixed-point always: Decimal("1E+3") is 1,000 to a reader, not "1E+3".
        text = f"{value:,f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    if isinstance(value, int):
        return f"{value:,}"
    if math.isnan(value):
        return "n/a"
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1e6 else f"{value:,.6g}"


UNIT_SYMBOLS = {"hectare": "ha", "meter ** 2": "m²", "kilometer ** 2": "km²"}
"""How results print the units of area."""


@attrs.frozen
class Amount:
    """A number with its unit, as results carry it.

    >>> str(Amount(0.136, "ratio")), str(Amount(15.0, "hectare")), str(Amount(257, "count"))
    ('13.6%', '15 ha', '257')
    """

    value: float | int | Decimal
    unit: str

    @classmethod
    def ratio(cls, value: float) -> Amount:
        return cls(float(value), "ratio")

    @classmethod
    def points(cls, difference: float) -> Amount:
        """A difference of two ratios, in percentage points (0.05 → 5 pp): a change in a share
        is never written "%", which reads as a share of the share."""
        return cls(float(difference) * 100, POINTS)

    @classmethod
    def count(cls, value: int) -> Amount:
        return cls(int(value), "count")

    @classmethod
    def hectares(cls, value: float) -> Amount:
        return cls(float(value), "hectare")

    @classmethod
    def of_quantity(cls, quantity: pint.Quantity[Any]) -> Amount:
        return cls(float(quantity.magnitude), str(quantity.units))

    @classmethod
    def of_money(cls, money: Money) -> Amount:
        return cls(money.amount, money.currency)

    @property
    def is_money(self) -> bool:
        return len(self.unit) == 3 and self.unit.isupper()

    def to_quantity(self) -> pint.Quantity[Any]:
        return registry().Quantity(float(self.value), self.unit)

    def to_money(self) -> Money:
        return Money(Decimal(str(self.value)), self.unit)

    def __str__(self) -> str:
        if self.unit == "ratio":
            if isinstance(self.value, float) and math.isnan(self.value):
                return "n/a"
            return f"{float(self.value) * 100:.4g}%"
        if self.unit == "percentage_points":
            return f"{number_text(self.value)} pp"
        # "number": a bare number not yet given the unit of a target (see read_amount).
        if self.unit in ("count", "number"):
            return number_text(self.value)
        if self.is_money:
            return str(Money(Decimal(str(self.value)), self.unit))
        return f"{number_text(self.value)} {UNIT_SYMBOLS.get(self.unit, self.unit)}"

    def to_dict(self) -> dict[str, Any]:
        return {"value": json_number(self.value, money=self.is_money), "unit": self.unit}


def json_number(value: float | int | Decimal | None, *, money: bool) -> float | int | str | None:
    """JSON-safe: money keeps every digit as a string; other numbers are numbers (a share
    written "25%" is the Decimal 0.25, and the same number as 0.25 given as a float); NaN is
    null."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if money:
            return format(value, "f")
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def is_currency(unit: str) -> bool:
    """Whether ``unit`` is a currency code (three capital letters)."""
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


def unit_words(unit: str) -> str:
    """How a unit is named in messages."""
    if is_currency(unit):
        return f"money in {unit}"
    return {
        COUNT: "a count",
        RATIO: "a share (a fraction, or text such as '25%')",
        POINTS: "percentage points (a number, or text such as '5 pp')",
        HECTARE: "an area (text such as '90.33 ha')",
        NUMBER: "a bare number",
    }.get(unit, unit)


def _number(text: str, where: dict[str, Any], original: object) -> Decimal:
    try:
        return parse_number(text, None)
    except InvalidValueError as exc:
        raise InvalidValueError(exc.reason, value=original, **where) from None


def _bare(value: object, where: dict[str, Any]) -> int | float | Decimal:
    if isinstance(value, bool):
        raise InvalidValueError("must be a number, not true or false", value=value, **where)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError("must be a finite number", value=value, **where)
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidValueError("must be a finite number", value=value, **where)
        return value
    raise InvalidValueError("must be a number", value=value, **where)


def read_amount(
    value: object,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Amount:
    """An :class:`~industrial_policy.amounts.Amount` from what a user writes.

    Accepted: a number (unit ``"number"`` until resolved), ``"25%"``
    (``ratio``), ``"5 pp"`` (``percentage_points``), money text or
    :class:`~industrial_policy.money.Money`, area text or a pint quantity
    (converted to hectares), a mapping ``{"value": ..., "unit": ...}``, or an
    :class:`Amount`.

    >>> read_amount("19866 billion VND").value
    Decimal('19866000000000')
    >>> read_amount("90.33 ha")
    Amount(value=90.33, unit='hectare')
    """
    where: dict[str, Any] = {"field": field, "record_type": record_type, "record_id": record_id}
    if isinstance(value, Amount):
        return value
    if isinstance(value, Mapping):
        if set(value) != {"value", "unit"} or not isinstance(value["unit"], str):
            raise InvalidValueError(
                "an amount table needs exactly the keys 'value' and 'unit'", value=value, **where
            )
        unit = value["unit"].strip()
        if is_currency(unit):
            return read_amount(f"{value['value']} {unit}", **where)
        if unit in (COUNT, RATIO, POINTS, NUMBER):
            return Amount(_bare(value["value"], where), unit)
        return Amount(_hectares({"value": value["value"], "unit": unit}, where), HECTARE)
    if isinstance(value, bool | int | float | Decimal):
        return Amount(_bare(value, where), NUMBER)
    if isinstance(value, Money):
        return Amount.of_money(value)
    if isinstance(value, pint.Quantity):
        return Amount(_hectares(value, where), HECTARE)
    if not isinstance(value, str):
        raise InvalidValueError(
            "must be a number, or text such as '250', '25%', '5 pp', '1.2 billion USD'"
            " or '90.33 ha'",
            value=value,
            **where,
        )
    text = unicodedata.normalize("NFC", value)
    if match := _PERCENT.fullmatch(text):
        return Amount(_number(match["number"], where, value) / 100, RATIO)
    if match := _POINTS.fullmatch(text):
        return Amount(_number(match["number"], where, value), POINTS)
    if match := _PLAIN.fullmatch(text):
        return Amount(_number(match["number"], where, value), NUMBER)
    try:
        return Amount.of_money(parse_money(text, **where))
    except InvalidValueError as money_error:
        try:
            return Amount(_hectares(text, where), HECTARE)
        except InvalidValueError as area_error:
            raise InvalidValueError(
                "must be a number, or text such as '250', '25%', '5 pp', '1.2 billion USD' or"
                f" '90.33 ha'; as money: {money_error.reason}; as an area: {area_error.reason}",
                value=value,
                **where,
            ) from None


_SHARE_UNIT = re.compile(f"^{BLANK}*{spelled(_SHARE_WORDS)}{BLANK}*$")
_POINTS_UNIT = re.compile(f"^{BLANK}*{spelled(_POINT_WORDS)}{BLANK}*$")


def amount_unit_problem(unit: str) -> str | None:
    """Why ``unit`` is not a unit a column of bare numbers can declare for an amount, or
    ``None`` when it is: ``%``, ``pp``, a unit of area or a currency (with its scale).

    >>> [amount_unit_problem(u) for u in ("%", "pp", "ha", "tỷ đồng")]
    [None, None, None, None]
    >>> amount_unit_problem("ha/year").split(":")[0]
    'not a unit of an amount'
    """
    text = unicodedata.normalize("NFC", unit)
    if _SHARE_UNIT.fullmatch(text) or _POINTS_UNIT.fullmatch(text):
        return None
    try:
        parse_area_unit(text)
    except InvalidValueError:
        pass
    else:
        return None
    try:
        currency_scale(text)
    except InvalidValueError:
        return (
            "not a unit of an amount: '%', 'pp', a unit of area ('ha', 'sào Bắc Bộ') or a"
            " currency ('VND', 'tỷ đồng')"
        )
    return None


def amount_in(number: int | float | Decimal, unit: str) -> Amount:
    """The amount of ``number`` in ``unit``, as a column of bare numbers declares it
    (``Tỷ lệ lấp đầy (%)``): ``%`` gives a share, ``pp`` percentage points, a unit of area
    hectares, a currency (``tỷ đồng``) money. A float is read as it is written (``52.7``
    is exactly 52.7). Raises :class:`~industrial_policy.errors.InvalidValueError` for a
    unit :func:`amount_unit_problem` refuses.

    >>> str(amount_in(52.7, "%")), str(amount_in(2, "sào Bắc Bộ")), str(amount_in(3, "tỷ đồng"))
    ('52.7%', '0.072 ha', '3 billion VND')
    """
    exact = _bare(number, {})
    if isinstance(exact, float):
        exact = Decimal(repr(exact))
    value = Decimal(exact)
    text = unicodedata.normalize("NFC", unit)
    if _SHARE_UNIT.fullmatch(text):
        return Amount(value / 100, RATIO)
    if _POINTS_UNIT.fullmatch(text):
        return Amount(value, POINTS)
    problem = amount_unit_problem(text)
    if problem is not None:
        raise InvalidValueError(problem, value=unit)
    try:
        parse_area_unit(text)
    except InvalidValueError:
        code, scale = currency_scale(text)
        return Amount.of_money(Money(value * scale, code))
    return Amount(_hectares({"value": value, "unit": text}, {}), HECTARE)


def _hectares(value: object, where: dict[str, Any]) -> float:
    area = parse_area(value, **where)
    return float(area_to_hectares((area,))[0])


def resolve(
    amount: Amount,
    unit: str,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
    share: bool = False,
) -> Amount:
    """``amount`` in ``unit``: a bare number takes the unit where that is safe.

    Counts must be whole; a ``share`` is a fraction from 0 to 1 (a relative
    change, also a ``ratio``, may be negative or above 1); money and areas
    must have said their unit. Money in another currency is kept as it is
    (the tracker converts it at a dated rate); any other unit mismatch is an
    error.

    >>> resolve(read_amount("25%"), "ratio").value
    Decimal('0.25')
    >>> resolve(read_amount(0.25), "ratio", share=True)
    Amount(value=0.25, unit='ratio')
    """
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    have = amount.unit
    if have == unit:
        result = amount
    elif have == NUMBER and unit in (COUNT, RATIO, POINTS):
        result = Amount(amount.value, unit)
    elif is_currency(have) and is_currency(unit):
        return amount
    elif have == NUMBER and is_currency(unit):
        raise InvalidValueError(
            f"an amount of money needs its currency, such as '{amount.value} million {unit}'",
            value=amount.value,
            **where,
        )
    elif have == NUMBER and unit == HECTARE:
        raise InvalidValueError(
            f"an area needs its unit, such as '{amount.value} ha'", value=amount.value, **where
        )
    elif have == RATIO and unit == POINTS:
        raise InvalidValueError(
            "a change in a share is counted in percentage points: write '5 pp' (or 5),"
            " not '5%', which would be a relative change",
            value=_shown(amount),
            **where,
        )
    elif have == POINTS and unit == RATIO:
        raise InvalidValueError(
            "percentage points measure a change in a share; here a share or a relative"
            " change is needed, such as '25%'",
            value=_shown(amount),
            **where,
        )
    else:
        raise InvalidValueError(
            f"must be {unit_words(unit)}, not {unit_words(have)}", value=_shown(amount), **where
        )
    if unit == COUNT:
        number = result.value
        whole = number == int(number) if math.isfinite(float(number)) else False
        if not whole or number < 0:
            raise InvalidValueError(
                "a count must be a whole number, at least 0", value=number, **where
            )
        return Amount(int(number), COUNT)
    if unit == RATIO and share and not 0 <= result.value <= 1:
        raise InvalidValueError(
            "a share is a fraction from 0 to 1 (write '25%' or 0.25)",
            value=_shown(amount),
            **where,
        )
    return result


def _shown(amount: Amount) -> object:
    return amount.value if amount.unit == NUMBER else str(amount)


def as_float(amount: Amount) -> float:
    """The amount's number as a float, in its own unit.

    >>> as_float(read_amount("25%"))
    0.25
    """
    try:
        return float(amount.value)
    except (InvalidOperation, OverflowError, ValueError):  # pragma: no cover - checked on input
        raise InvalidValueError("not a finite number", value=amount.value) from None


def decimal_text(number: Decimal) -> str:
    """An exact decimal as text the readers take back unchanged (never Vietnamese-ambiguous):
    every digit, no grouping, and a fourth decimal where three would read as thousands.

    >>> decimal_text(Decimal("23.456")), decimal_text(Decimal("1.50")), decimal_text(Decimal(0))
    ('23.4560', '1.5', '0')
    """
    text = format(exact_normalize(number), "f") if number != 0 else "0"
    if _THOUSANDS_LOOKALIKE.fullmatch(text):
        text += "0"  # "23.456" would read as Vietnamese thousands; "23.4560" cannot
    return text


def plain_amount(amount: Amount) -> int | float | str | dict[str, Any]:
    """The amount as plain data that :func:`read_amount` reads back to the same amount.

    For the dataset file format: money as text, shares as ``"25%"``, points as
    ``"5 pp"``, counts and bare numbers as numbers, areas as a ``{value, unit}``
    table (text such as ``"2.375 ha"`` would be ambiguous).

    >>> for x in ("1.2 billion USD", "13.6%", "5 pp", 72):
    ...     print(repr(plain_amount(read_amount(x))))
    '1.2 billion USD'
    '13.6%'
    '5 pp'
    72
    """
    value, unit = amount.value, amount.unit
    if is_currency(unit):
        return money_text(Money(Decimal(str(value)), unit))
    if unit in (RATIO, POINTS):
        exact = value if isinstance(value, Decimal) else Decimal(repr(value))
        number = exact_normalize(exact * 100 if unit == RATIO else exact)
        if number != 0 and abs(number.adjusted()) > _PLAIN_EXPONENT:
            return float(value)  # a bare number: the target's unit applies when it is read
        text = decimal_text(number)
        return f"{text}%" if unit == RATIO else f"{text} pp"
    if unit == HECTARE:
        return {"value": value, "unit": HECTARE}
    if isinstance(value, Decimal):
        # Text such as "2.375" would be ambiguous (Vietnamese thousands); a float is not.
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def check_share(value: object, *, field: str, record_type: str | None = None) -> float:
    """A share from 0 to 1: a number, a Decimal, or text such as ``"33.2%"``."""
    amount = resolve(
        read_amount(value, field=field, record_type=record_type),
        "ratio",
        field=field,
        record_type=record_type,
        share=True,
    )
    return float(amount.value)


def format_share(share: float | Decimal, notation: Notation | str = Notation.STRICT) -> str:
    """A share (a fraction) as a percentage in ``notation``, which :func:`read_amount`
    reads back as the same share in it.

    >>> format_share(0.125, "vi"), format_share(Decimal("0.136"))
    ('12,5%', '13.6%')
    """
    exact = share if isinstance(share, Decimal) else Decimal(repr(float(share)))
    return f"{format_number(exact * 100, notation)}%"
