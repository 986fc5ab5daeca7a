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
industrial_policy.errors.InvalidValueError: ambiguous number: in Vietnamese '.' separates thousands, in English it is the decimal point; write 6418 for thousands, or 6.4180 for a decimal fraction; or declare notation 'vi' (got '6.418')
"""

from __future__ import annotations

import contextlib
import contextvars
import decimal
import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal

from industrial_policy.errors import InvalidValueError, exact_normalize

__all__ = [
    "BLANK",
    "MAX_EXPONENT",
    "NUMBER_PATTERN",
    "Notation",
    "as_notation",
    "declared_notation",
    "format_number",
    "number_pattern",
    "out_of_range",
    "parse_number",
    "percent_text",
    "spelled",
    "using_notation",
]

MAX_EXPONENT = 30
"""Numbers larger than 10**31 or smaller than 10**-30 are typing mistakes, not budgets."""

RANGE = "between 1e-30 and 1e31 in size, or zero"


class Notation(enum.StrEnum):
    """How numbers are written in a text, a file or a table column."""

    STRICT = "strict"
    EN = "en"
    VI = "vi"


_DECLARED: contextvars.ContextVar[Notation] = contextvars.ContextVar(
    "industrial_policy_notation", default=Notation.STRICT
)


def declared_notation() -> Notation:
    """The notation declared for the text being read (by a file's ``notation`` key or
    :func:`using_notation`); ``Notation.STRICT`` when none is.

    >>> declared_notation()
    <Notation.STRICT: 'strict'>
    """
    return _DECLARED.get()


@contextlib.contextmanager
def using_notation(notation: Notation | str | None) -> Iterator[Notation]:
    """Read numbers written as text in ``notation`` inside the ``with`` block (in this
    thread or task only), wherever a call does not name a notation of its own.

    >>> with using_notation("vi"):
    ...     parse_number("6.418")
    Decimal('6418')
    """
    chosen = declared_notation() if notation is None else as_notation(notation)
    token = _DECLARED.set(chosen)
    try:
        yield chosen
    finally:
        _DECLARED.reset(token)


def as_notation(notation: Notation | str) -> Notation:
    """``notation`` as a :class:`Notation`; anything but 'strict', 'en' or 'vi' is refused
    with :class:`~industrial_policy.errors.InvalidValueError`."""
    try:
        return Notation(notation)
    except ValueError:
        raise InvalidValueError(
            "a notation is 'strict', 'en' or 'vi'", value=notation, field="notation"
        ) from None


BLANK = "[ \t\n\r\u00a0\u202f]"
"""The white space the grammar allows around words (a pattern, as JSON Schema reads it too)."""

_GROUP_SPACE = "[ \u00a0\u202f]"  # a space, a no-break space or a narrow no-break space
_SIGN = "[-+\u2212]?"
_EXPONENT = "(?:[eE][-+]?[0-9]+)?"
_PATTERNS = {
    Notation.EN: (
        f"(?:[1-9][0-9]{{0,2}}(?:(?:,[0-9]{{3}})+|(?:{_GROUP_SPACE}[0-9]{{3}})+)|[0-9]+)"
        f"(?:\\.[0-9]+)?{_EXPONENT}"
    ),
    Notation.VI: (
        f"(?:[1-9][0-9]{{0,2}}(?:(?:\\.[0-9]{{3}})+|(?:{_GROUP_SPACE}[0-9]{{3}})+)|[0-9]+)"
        f"(?:,[0-9]+)?{_EXPONENT}"
    ),
}


def number_pattern(*, signed: bool = True) -> str:
    """The pattern of a number in any notation (English or Vietnamese; the strict one
    reads a part of the English), for JSON Schema and for the grammar of amounts."""
    sign = _SIGN if signed else ""
    return f"{sign}(?:{_PATTERNS[Notation.EN]}|{_PATTERNS[Notation.VI]})"


NUMBER_PATTERN = number_pattern()
"""A number as some notation writes it ("6,418", "6.418", "90,33", "6 418", "1.2e9")."""

_GRAMMAR = {notation: re.compile(f"{_SIGN}{pattern}") for notation, pattern in _PATTERNS.items()}
_SPACE_GROUPED = re.compile(f"{_SIGN}[1-9][0-9]{{0,2}}(?:{_GROUP_SPACE}[0-9]{{3}})+(?:[.,][0-9]+)?")
# A leading zero cannot start a group of thousands, so "0.500" is a plain decimal.
_DOTTED_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_DOTTED_EXPONENT = re.compile(r"(?P<m>[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?P<e>[eE][-+]?[0-9]+)")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+(?:\.[0-9]{3})*,[0-9]+")
# One ',' then exactly three digits, nothing after but an exponent: thousands in English,
# a decimal comma in Vietnamese ("19,866" is 19866 or 19.866). Two groups ("1,234,567")
# or a decimal part ("1,234.5") are not Vietnamese at all, so they read one way only.
_COMMA_THOUSANDS = re.compile(r"(?P<m>[-+]?[1-9][0-9]{0,2}),(?P<f>[0-9]{3})(?P<e>[eE][-+]?[0-9]+)?")

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
    thousands = f"{sign}{int(digits)}"
    if number.count(".") > 1:
        return (
            f"'.' between thousands is the Vietnamese convention; numbers here are written"
            f" the English way: {thousands}; or declare notation 'vi'"
        )
    return (
        "ambiguous number: in Vietnamese '.' separates thousands, in English it is the"
        f" decimal point; write {thousands} for thousands, or {number}0 for a decimal fraction;"
        " or declare notation 'vi'"
    )


def _comma_reason(comma: re.Match[str]) -> str:
    whole, fraction, exponent = comma["m"], comma["f"], comma["e"] or ""
    return (
        f"ambiguous number: in English ',' separates thousands ({whole}{fraction}{exponent}),"
        f" in Vietnamese it is the decimal comma ({whole}.{fraction}{exponent}); write"
        f" {whole}{fraction}{exponent} for thousands, or {whole}.{fraction}0{exponent} for a"
        " decimal fraction; or declare notation 'en' or 'vi'"
    )


def _strict_reason(number: str) -> str | None:
    """Why the strict notation refuses ``number``, or ``None`` when it accepts it."""
    if _SPACE_GROUPED.fullmatch(number):
        digits = re.sub(_GROUP_SPACE, "", number)
        return (
            "a space between groups of three digits is read only under a declared notation"
            f" (notation 'en' or 'vi'); write {digits} here"
        )
    if _DOTTED_THOUSANDS.fullmatch(number):
        return _dotted_reason(number)
    if dotted := _DOTTED_EXPONENT.fullmatch(number):
        return (
            "ambiguous number: in Vietnamese '.' separates thousands, in English it is the"
            f" decimal point; write {dotted['m']}0{dotted['e']} for a decimal fraction, or"
            " the digits without '.' for thousands"
        )
    if comma := _COMMA_THOUSANDS.fullmatch(number):
        return _comma_reason(comma)
    if _GRAMMAR[Notation.EN].fullmatch(number):
        return None
    if _DECIMAL_COMMA.fullmatch(number):
        return (
            "',' is not a decimal point here: write the decimal fraction after '.',"
            " and ',' only between groups of three digits (1,234.5); or declare notation 'vi'"
        )
    return f"not a number in {_CONVENTION[Notation.EN]}"


def parse_number(
    text: str,
    notation: Notation | str | None = None,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> Decimal:
    """The number ``text`` writes in ``notation``, exactly, keeping every digit written.

    Thousands are grouped by three digits (by a space too, under a declared
    notation: "6 418"); an exponent (``1.2e9``) is allowed. ``notation=None``
    reads in the notation declared for the text (:func:`declared_notation`,
    strict unless declared). Anything else, and any number above 1e31 or below 1e-30 in size, raises
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
    notation = declared_notation() if notation is None else as_notation(notation)
    if notation is Notation.STRICT:
        reason = _strict_reason(number)
        plain = number.replace(",", "")
    else:
        reason = (
            None
            if _GRAMMAR[notation].fullmatch(number)
            else f"not a number in notation '{notation}', {_CONVENTION[notation]}"
        )
        plain = re.sub(_GROUP_SPACE, "", number)
        plain = (
            plain.replace(",", "")
            if notation is Notation.EN
            else plain.replace(".", "").replace(",", ".")
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


def fold(text: str) -> str:
    """``text`` case-folded, without Vietnamese diacritics (``đ`` becomes ``d``): how the
    grammar compares words.

    >>> fold("Sào Bắc Bộ"), fold("TỶ ĐỒNG")
    ('sao bac bo', 'ty dong')
    """
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_VIETNAMESE_MARKS = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
"""Grave, acute, circumflex, tilde, breve, hook above, horn, dot below: the marks of
Vietnamese letters (ă â ê ô ơ ư and the five tones)."""
_MARKS = f"[{_VIETNAMESE_MARKS}]*"


def _letter_classes() -> dict[str, str]:
    """For each ASCII letter, a pattern of the letter in either case with or without the
    marks of Vietnamese (precomposed, or as combining marks after it), ``đ`` for ``d``."""
    found: dict[str, list[str]] = {}
    for code in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x1EFF)]:
        ch = chr(code)
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        if all(mark in _VIETNAMESE_MARKS for mark in marks) and base.isascii() and base.isalpha():
            found.setdefault(base.lower(), []).append(ch)
    found["d"] += ["\u0110", "\u0111"]
    return {letter: "[" + "".join(sorted(chars)) + "]" for letter, chars in found.items()}


_CLASSES = _letter_classes()
_SEPARATOR = f"(?:_|(?:{BLANK[:-1]}-])+)"


def spelled(words: Iterable[str], *, separators: bool = True) -> str:
    """A pattern of the spellings that :func:`fold` turns into one of ``words`` (written
    folded, with ``_`` or a space where a space, ``-`` or ``_`` may stand); every letter
    in any case, with or without diacritics. Other characters stand for themselves.

    >>> import re
    >>> bool(re.fullmatch(spelled(["sao_bac_bo"]), "Sào Bắc-Bộ"))
    True
    """
    alternatives = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        parts = []
        for ch in word:
            if ch in "_ " and separators:
                parts.append(_SEPARATOR)
            elif ch in _CLASSES:
                parts.append(_CLASSES[ch] + _MARKS)
            else:
                parts.append(re.escape(ch))
        alternatives.append("".join(parts))
    return "(?:" + "|".join(alternatives) + ")"


def format_number(value: Decimal | float | int, notation: Notation | str = Notation.STRICT) -> str:
    """``value`` written in ``notation`` so that :func:`parse_number` reads it back equal:
    thousands grouped, every digit kept, never a text the other notation reads otherwise.

    >>> format_number(Decimal("6418.5"), "vi"), format_number(6418.5, "en")
    ('6.418,5', '6,418.5')
    >>> format_number(Decimal("34.965"))
    '34.9650'
    """
    notation = as_notation(notation)
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        raise InvalidValueError("only a number can be formatted as one", value=value)
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    if not number.is_finite():
        raise InvalidValueError("only a finite number can be written", value=value)
    # The strict notation writes no separator between thousands: "19,866" is refused as
    # ambiguous (19.866 in Vietnamese), and one rule for every size reads more plainly
    # than grouping only where it happens to be unambiguous ("1,234,567").
    grouping = "f" if notation is Notation.STRICT else ",f"
    text = format(exact_normalize(number) if number else Decimal(0), grouping)
    if notation is Notation.VI:
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if notation is Notation.STRICT and _DOTTED_THOUSANDS.fullmatch(text):
        text += "0"  # "34.965" reads as thousands in Vietnamese; "34.9650" cannot
    return text


def percent_text(share: Decimal) -> str:
    """A share (0.136) as the percentage it is (``13.6%``), every digit kept.

    >>> percent_text(Decimal("0.136")), percent_text(Decimal("0.5"))
    ('13.6%', '50%')
    """
    return f"{exact_normalize(share * 100):f}%"
