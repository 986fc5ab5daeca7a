"""Numbers written as text, in a declared notation.

Vietnamese documents write "6.418 ha" for six thousand four hundred and
eighteen hectares and "90,33 ha" for ninety and a third; English ones write
"6,418 ha" and "90.33 ha". The same text can mean two numbers a thousand
times apart, so the notation is declared, never guessed:

* ``Notation.EN``: ``,`` between groups of three digits, ``.`` before decimals;
* ``Notation.VI``: ``.`` between groups of three digits, ``,`` before decimals;
* ``Notation.STRICT`` (the default): the English notation, refusing any text
  that the Vietnamese one reads otherwise ("6.418", "90,33"), with a message
  that says how to write it beyond doubt.

>>> parse_number("6.418", Notation.VI), parse_number("6.418", Notation.EN)
(Decimal('6418'), Decimal('6.418'))
>>> parse_number("90,33", Notation.VI)
Decimal('90.33')
>>> parse_number("6.418")
Traceback (most recent call last):
...
industrial_policy.errors.InvalidValueError: ambiguous number: in Vietnamese '.' separates thousands, in English it is the decimal point; write 6,418 or 6418 for thousands, or 6.4180 for a decimal fraction (got '6.418')
"""

from __future__ import annotations

import decimal
import enum
import re
from decimal import Decimal

from industrial_policy.errors import InvalidValueError

__all__ = ["MAX_EXPONENT", "Notation", "out_of_range", "parse_number"]

MAX_EXPONENT = 30
"""Numbers larger than 10**31 or smaller than 10**-30 are typing mistakes, not budgets."""

RANGE = "between 1e-30 and 1e31 in size, or zero"


class Notation(enum.StrEnum):
    """How numbers are written in a text, a file or a table column."""

    STRICT = "strict"
    EN = "en"
    VI = "vi"


_EXPONENT = r"(?:[eE][-+]?[0-9]+)?"
_GRAMMAR = {
    Notation.EN: re.compile(
        rf"[-+]?(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?{_EXPONENT}"
    ),
    Notation.VI: re.compile(
        rf"[-+]?(?:[0-9]{{1,3}}(?:\.[0-9]{{3}})+|[0-9]+)(?:,[0-9]+)?{_EXPONENT}"
    ),
}
# A leading zero cannot start a group of thousands, so "0.500" is a plain decimal.
_DOTTED_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+(?:\.[0-9]{3})*,[0-9]+")

_CONVENTION = {
    Notation.EN: "the English convention (',' between groups of three digits, '.' before decimals)",
    Notation.VI: "the Vietnamese convention ('.' between groups of three digits, ',' before"
    " decimals)",
}


def out_of_range(number: Decimal) -> bool:
    """Whether a nonzero number lies outside 1e-30 to 1e31 in size."""
    return number != 0 and abs(number.adjusted()) > MAX_EXPONENT


def _dotted_reason(number: str) -> str:
    digits = number.lstrip("+-").replace(".", "")
    sign = "-" if number.startswith("-") else ""
    thousands = f"{sign}{int(digits):,} or {sign}{digits}"
    if number.count(".") > 1:
        return (
            f"'.' between thousands is the Vietnamese convention; numbers here are written"
            f" the English way: {thousands}"
        )
    return (
        "ambiguous number: in Vietnamese '.' separates thousands, in English it is the"
        f" decimal point; write {thousands} for thousands, or {number}0 for a decimal fraction"
    )


def _strict_reason(number: str) -> str | None:
    """Why the strict notation refuses ``number``, or ``None`` when it accepts it."""
    if _DOTTED_THOUSANDS.fullmatch(number):
        return _dotted_reason(number)
    if _GRAMMAR[Notation.EN].fullmatch(number):
        return None
    if _DECIMAL_COMMA.fullmatch(number):
        return (
            "',' is not a decimal point here: write the decimal fraction after '.',"
            " and ',' only between groups of three digits (1,234.5)"
        )
    return f"not a number in {_CONVENTION[Notation.EN]}"


def parse_number(
    text: str,
    notation: Notation = Notation.STRICT,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Decimal:
    """The number ``text`` writes in ``notation``, exactly, keeping every digit written.

    Thousands are grouped by three digits; an exponent (``1.2e9``) is allowed.
    Anything else, and any number above 1e31 or below 1e-30 in size, raises
    :class:`~industrial_policy.errors.InvalidValueError` saying how to write it.

    >>> parse_number("19,866", Notation.EN), parse_number("1.2e9")
    (Decimal('19866'), Decimal('1.2E+9'))
    """
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    if not isinstance(text, str):
        raise InvalidValueError("a number must be text here", value=text, **where)
    number = text.strip().replace("\u2212", "-")
    if not number:
        raise InvalidValueError("a number is required", value=text, **where)
    notation = Notation(notation)
    if notation is Notation.STRICT:
        reason = _strict_reason(number)
        plain = number.replace(",", "")
    else:
        reason = (
            None
            if _GRAMMAR[notation].fullmatch(number)
            else (f"not a number in {_CONVENTION[notation]}")
        )
        plain = (
            number.replace(",", "")
            if notation is Notation.EN
            else number.replace(".", "").replace(",", ".")
        )
    if reason is not None:
        raise InvalidValueError(reason, value=text, **where)
    try:
        value = Decimal(plain)
    except decimal.DecimalException:  # an exponent too large even for Decimal
        value = Decimal("Infinity")
    if not value.is_finite() or out_of_range(value):
        raise InvalidValueError(f"a number must be {RANGE}", value=text, **where)
    return value
