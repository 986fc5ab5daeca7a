"""Land areas as pint quantities, on pint's application registry.

The library never builds a registry of its own: it uses
:func:`pint.get_application_registry`, so quantities made by the user and by
the library mix freely. The Vietnamese land units are defined on that
registry the first time :func:`registry` is called, never at import.

=================  ==========================  =============
canonical name     accepted spellings          size
=================  ==========================  =============
``hectare``        ha, hectare(s), hecta       10,000 m²
``meter ** 2``     m2, m², m^2, sq m           1 m²
``kilometer ** 2`` km2, km², km^2              1,000,000 m²
``sao_bac_bo``     sào Bắc Bộ, sao bac bo      360 m²
``sao_trung_bo``   sào Trung Bộ                500 m²
``mau_bac_bo``     mẫu Bắc Bộ                  10 sào Bắc Bộ
``mau_trung_bo``   mẫu Trung Bộ                10 sào Trung Bộ
``cong_nam_bo``    công Nam Bộ                 1,000 m²
=================  ==========================  =============

Source of the sizes: the domain brief (``DOMAIN.md`` §2). A bare ``sào``,
``mẫu`` or ``công`` is rejected with :class:`~industrial_policy.errors.AmbiguousUnitError`
because its size depends on the region.

>>> from industrial_policy.units import parse_area
>>> parse_area("12 sào Bắc Bộ").to("m**2")
<Quantity(4320.0, 'meter ** 2')>
>>> parse_area("3676 ha")
<Quantity(3676.0, 'hectare')>
"""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pint

from industrial_policy.errors import AmbiguousUnitError, InvalidValueError, short_repr
from industrial_policy.numbers import (
    BLANK,
    Notation,
    as_notation,
    declared_notation,
    fold,
    format_number,
    number_pattern,
    parse_number,
    spelled,
)

__all__ = [
    "AREA_PATTERN",
    "AREA_UNITS",
    "Area",
    "area_to_hectares",
    "format_area",
    "hectares",
    "parse_area",
    "registry",
]

Area = pint.Quantity[Any]
"""The type of an area: a scalar pint quantity of dimension ``[length] ** 2``."""

_DEFINITIONS = (
    "sao_bac_bo = 360 * meter ** 2",
    "sao_trung_bo = 500 * meter ** 2",
    "mau_bac_bo = 10 * sao_bac_bo",
    "mau_trung_bo = 10 * sao_trung_bo",
    "cong_nam_bo = 1000 * meter ** 2",
)

AREA_UNITS: Mapping[str, str] = {
    "ha": "hectare",
    "hectare": "hectare",
    "hectares": "hectare",
    "hecta": "hectare",
    "m2": "meter ** 2",
    "sq_m": "meter ** 2",
    "square_meter": "meter ** 2",
    "square_meters": "meter ** 2",
    "square_metre": "meter ** 2",
    "square_metres": "meter ** 2",
    "km2": "kilometer ** 2",
    "sq_km": "kilometer ** 2",
    "square_kilometer": "kilometer ** 2",
    "square_kilometers": "kilometer ** 2",
    "square_kilometre": "kilometer ** 2",
    "square_kilometres": "kilometer ** 2",
    "sao_bac_bo": "sao_bac_bo",
    "sao_trung_bo": "sao_trung_bo",
    "mau_bac_bo": "mau_bac_bo",
    "mau_trung_bo": "mau_trung_bo",
    "cong_nam_bo": "cong_nam_bo",
    "meter2": "meter ** 2",
    "metre2": "meter ** 2",
    "kilometer2": "kilometer ** 2",
    "kilometre2": "kilometer ** 2",
}
"""Accepted unit spellings, after normalisation, mapped to pint unit names: the closed
table of area units. No other spelling is an area unit (pint's parser never reads user text).

Normalisation folds case, strips Vietnamese diacritics (``đ`` becomes ``d``),
turns spaces, hyphens and ``_`` into one ``_``, and ``²``, ``^2``, ``**2`` into ``2``
(``meter ** 2``, as pint writes it, is ``meter2``).
"""

_REGIONAL = {
    "sao": "sao_bac_bo (360 m²) or sao_trung_bo (500 m²)",
    "mau": "mau_bac_bo (3600 m²) or mau_trung_bo (5000 m²)",
    "cong": "cong_nam_bo (1000 m²)",
}

_SHORT_SPELLING = {
    "hectare": "ha",
    "meter ** 2": "m2",
    "kilometer ** 2": "km2",
}

_AREA_TEXT = re.compile(
    r"^\s*(?P<number>[-+]?[0-9][0-9.,]*(?:[\u00a0\u202f ][0-9]{3}(?![0-9]))*"
    r"(?:[eE][-+]?[0-9]+)?)\s*(?P<unit>.*?)\s*$"
)
"""Loosely, a number and the rest: only to say why a text the grammar refuses is wrong."""

_POWER2 = f"(?:2|\u00b2|{BLANK}*(?:\\^|\\*\\*){BLANK}*2)"


def _unit_pattern() -> str:
    parts = []
    for key in AREA_UNITS:
        if key.endswith("2"):
            parts.append(spelled([key[:-1]]) + _POWER2)
        else:
            parts.append(spelled([key]))
    return "(?:" + "|".join(parts) + ")"


AREA_UNIT_PATTERN = _unit_pattern()
"""The spellings of :data:`AREA_UNITS`, as a pattern (JSON Schema's too)."""


def area_pattern(*, named: bool = False) -> str:
    """The grammar of an area written as text: a number in some notation, then exactly one
    unit of :data:`AREA_UNITS`, with white space around; as a pattern (JSON Schema's)."""
    number, unit = ("(?P<number>", "(?P<unit>") if named else ("(", "(")
    return (
        f"^{BLANK}*{number}{number_pattern(signed=False)}){BLANK}*"
        f"{unit}{AREA_UNIT_PATTERN}){BLANK}*$"
    )


AREA_PATTERN = area_pattern()
"""Every text :func:`parse_area` may read, in some notation (the range is checked apart)."""


@functools.cache
def _area_grammar() -> re.Pattern[str]:
    """The grammar of an area's text, compiled on first use: its alternation of every unit
    spelling takes about 0.1 s to compile, which an import should not pay."""
    return re.compile(area_pattern(named=True))


@functools.cache
def _unit_grammar() -> re.Pattern[str]:
    """The grammar of a unit's text alone, compiled on first use (as :func:`_area_grammar`)."""
    return re.compile(f"{BLANK}*{AREA_UNIT_PATTERN}{BLANK}*")


_POWER_TEXT = re.compile(f"(?:\u00b2|{BLANK}*(?:\\^|\\*\\*){BLANK}*2)")
_SEPARATORS = re.compile(f"(?:_|{BLANK}|-)+")

# A plain number and a unit spelling ("1234.5 m**2", "12 sào Bắc Bộ"); anything else, and any
# spelling the unit table refuses, takes the full path, which says what is wrong.
MAX_AREA_TEXT = 200
"""The longest text :func:`parse_area` reads ("3,676.5 ha" needs a dozen characters)."""

_FAST_AREA = re.compile(r"^ *([0-9]+(?:\.[0-9]+)?) *([^\W\d][\w *^²]*?) *$")
_AMBIGUOUS_THOUSANDS = re.compile(r"^[0-9]{1,3}\.[0-9]{3}$")

# The sizes parse_decimal accepts (money.py): an area outside them could be
# built from a quantity but not read back from its own text by format_area.
_SMALLEST, _LARGEST = 1e-30, 1e31
_RANGE = "an area must be between 1e-30 and 1e31 in size, or zero"
_SIZE = "an area must be between 1e-30 and 1e31 hectares in size, or zero"

_prepared_registry: object = None
_direct_construction: bool | None = None
_REGISTRY_LOCK = threading.RLock()
_SPELLINGS_KEPT = 512
"""How many unit spellings the lookups remember: they are user text, so the memory is bounded."""


def registry() -> pint.UnitRegistry[Any]:
    """Pint's application registry, with the land units of this module defined.

    Call it (or use any library function that takes areas) before writing
    ``ureg.Quantity(3, "sao_bac_bo")`` yourself.
    """
    global _prepared_registry
    app = pint.get_application_registry()  # type: ignore[no-untyped-call]
    if app.get() is _prepared_registry:
        return app  # type: ignore[no-any-return]
    # Pint builds its registry on first use and defining units is not atomic: several
    # threads doing it at once see half-built registries ("'hectare' is not defined").
    with _REGISTRY_LOCK:
        inner = app.get()
        if inner is not _prepared_registry:
            app.Unit("hectare")  # builds the lazily loaded registry, in this thread only
            for definition in _DEFINITIONS:
                name = definition.split("=", 1)[0].strip()
                if name not in app:
                    app.define(definition)
            _unit.cache_clear()
            _spelled_unit.cache_clear()
            _bulk_unit.cache_clear()
            _named_unit.cache_clear()
            _factor_to_hectares.cache_clear()
            _checked_units.clear()
            _unit_names.clear()
            _prepared_registry = inner  # last: other threads go ahead only once it is ready
    return app  # type: ignore[no-any-return]


_checked_units: dict[tuple[type, object], pint.Unit] = {}


def _quantity(number: float, unit: pint.Unit) -> pint.Quantity[Any]:
    """``Quantity(number, unit)`` for a plain float, without pint's argument parsing.

    Loading a file makes one area per parcel, and pint's constructor costs
    about 6 µs where filling the two attributes it sets costs 0.25 µs. The
    shortcut is taken only after checking, once per registry, that pint's own
    constructor sets exactly those two attributes.
    """
    global _direct_construction
    inner = pint.get_application_registry().get()  # type: ignore[no-untyped-call]
    reg: Any = inner if inner is _prepared_registry else registry()
    if _direct_construction is None:
        made = reg.Quantity(1.0, unit)
        _direct_construction = set(getattr(made, "__dict__", {"?": None})) == {
            "_magnitude",
            "_units",
        }
    if not _direct_construction:
        return reg.Quantity(number, unit)  # type: ignore[no-any-return]
    quantity: pint.Quantity[Any] = object.__new__(reg.Quantity)
    quantity._magnitude = number
    quantity._units = unit._units
    return quantity


def _normalise(unit_text: str) -> str:
    text = _POWER_TEXT.sub("2", fold(unit_text.strip(BLANK[1:-1])))
    return _SEPARATORS.sub("_", text)


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _unit(unit_text: str) -> pint.Unit:
    """The pint unit for a spelling of :data:`AREA_UNITS` (white space around allowed);
    raises ``LookupError`` or ``AmbiguousUnitError``. Pint's parser never sees the text."""
    if not _unit_grammar().fullmatch(unit_text):
        key = _normalise(unit_text)
        if key in _REGIONAL:
            raise AmbiguousUnitError(
                f"'{unit_text.strip()}' is a regional unit whose size depends on the region;"
                f" name it: {_REGIONAL[key]}",
                value=unit_text,
            )
        raise LookupError(unit_text)
    return _named_unit(AREA_UNITS[_normalise(unit_text)])


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _factor_to_hectares(unit: pint.Unit) -> float:
    return float(registry().Quantity(1.0, unit).to("hectare").magnitude)


def _located(
    exc: InvalidValueError, field: str | None, record_type: str | None, record_id: str | None
) -> InvalidValueError:
    return exc.located(field=field, record_type=record_type, record_id=record_id)


def parse_area(
    value: object,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
    notation: Notation | str | None = None,
) -> pint.Quantity[Any]:
    """An area from a pint quantity, a string such as ``"3,676 ha"``, or a mapping.

    A mapping is ``{"value": 3676, "unit": "ha"}``. Text is a number, then exactly
    one unit of :data:`AREA_UNITS` (:data:`AREA_PATTERN`), nothing else. Numbers in
    text follow ``notation`` (:mod:`industrial_policy.numbers`; ``None``: the notation
    declared for the text, strict unless declared): by default the English convention
    (``3,676.5``), refusing a Vietnamese-style ``6.418 ha`` as ambiguous; under
    ``Notation.VI`` that is 6,418 ha. An area with no unit, a negative, NaN or infinite
    area, an area above 1e31 ha in size, ``true`` or ``false``, or a unit that is not in
    the table raises :class:`~industrial_policy.errors.InvalidValueError` naming the field.

    >>> parse_area("90.33 ha").to("m**2").magnitude
    903300.0
    >>> parse_area(1.5)
    Traceback (most recent call last):
    ...
    industrial_policy.errors.InvalidValueError: an area needs a unit, such as '1.5 ha' (got 1.5)
    """
    if isinstance(value, str) and len(value) > MAX_AREA_TEXT:
        # Pint and the patterns below take time that grows faster than the text's length.
        raise InvalidValueError(
            f"an area is a number and a unit: at most {MAX_AREA_TEXT} characters,"
            f" not {len(value):,}",
            value=value,
            field=field,
            record_type=record_type,
            record_id=record_id,
        )
    notation = declared_notation() if notation is None else as_notation(notation)
    if type(value) is str and notation is not Notation.VI:
        fast = _FAST_AREA.match(value)
        if fast is not None and (
            notation is Notation.EN or not _AMBIGUOUS_THOUSANDS.match(fast[1])
        ):
            quick = float(fast[1])
            try:
                unit = _unit(fast[2])
            except (LookupError, InvalidValueError):
                pass  # the full path below says what is wrong
            else:
                if quick == 0 or _in_range(quick, _factor_to_hectares(unit)):
                    return _quantity(quick, unit)
    where: dict[str, Any] = {"field": field, "record_type": record_type, "record_id": record_id}
    reg = registry()
    if isinstance(value, pint.Quantity):
        number: float = _checked_magnitude(value.magnitude, value, **where)
        # Formatting a unit to check it costs ~60 µs; a quantity of our registry is checked
        # once per unit (its hashable unit container), then built without pint's parser.
        key = (type(value), getattr(value, "_units", None))
        checked = _checked_units.get(key) if key[1] is not None else None
        if checked is None:
            checked = _checked_unit(str(value.units), value, **where)
            if type(value) is reg.Quantity and key[1] is not None and len(_checked_units) < 64:
                _checked_units[key] = checked
        return _quantity(_sized(number, checked, value, where), checked)
    if isinstance(value, Mapping):
        if set(value) != {"value", "unit"}:
            raise InvalidValueError(
                "an area mapping needs exactly the keys 'value' and 'unit'", value=value, **where
            )
        number = _checked_magnitude(value["value"], value, notation=notation, **where)
        if not isinstance(value["unit"], str):
            raise InvalidValueError("an area unit must be text", value=value, **where)
        unit = _checked_unit(value["unit"], value, **where)
        return _quantity(_sized(number, unit, value, where), unit)
    if isinstance(value, bool | int | float):
        raise InvalidValueError(f"an area needs a unit, such as '{value} ha'", value=value, **where)
    if not isinstance(value, str):
        raise InvalidValueError(
            "an area must be text such as '3676 ha' or a pint quantity", value=value, **where
        )
    grammar = _area_grammar().fullmatch(value)
    match = grammar or _AREA_TEXT.match(value)
    if match is None:
        raise InvalidValueError(
            "an area must be a number followed by a unit, such as '3676 ha'", value=value, **where
        )
    if not match["unit"]:
        raise InvalidValueError("an area needs a unit, such as '3676 ha'", value=value, **where)
    try:
        amount = parse_number(match["number"], notation)
    except InvalidValueError as exc:
        raise InvalidValueError(exc.reason, value=value, **where) from None
    number = _checked_magnitude(float(amount), value, **where)
    unit = _checked_unit(match["unit"], value, **where)
    if grammar is None:  # a unit of the table, with something else in the text
        raise InvalidValueError(
            "an area is a number and one unit, nothing else, such as '3676 ha'",
            value=value,
            **where,
        )
    return _quantity(_sized(number, unit, value, where), unit)


def _in_range(number: float, factor: float) -> bool:
    """Whether a nonzero area of ``number`` units of ``factor`` hectares is in range, in
    its unit and in hectares."""
    size = number * factor
    return _SMALLEST <= number < _LARGEST and _SMALLEST <= size < _LARGEST


def _sized(number: float, unit: pint.Unit, original: object, where: dict[str, Any]) -> float:
    """``number`` if an area of that many ``unit`` is in range once converted to hectares."""
    if number != 0 and not _in_range(number, _factor_to_hectares(unit)):
        raise InvalidValueError(_SIZE, value=original, **where)
    return number


def area_parts(value: object, *, notation: Notation | str | None = None) -> tuple[float, str]:
    """An area's magnitude and the name of its unit (as :func:`unit_name` gives it), read as
    :func:`parse_area` reads the area; for text such as ``"1234.5 m2"``, without making
    the quantity (a reader of many areas needs the parts only).

    >>> area_parts("12.5 sào Bắc Bộ"), area_parts({"value": 3, "unit": "ha"})
    ((12.5, 'sao_bac_bo'), (3.0, 'hectare'))
    """
    notation = declared_notation() if notation is None else as_notation(notation)
    if type(value) is str and len(value) <= MAX_AREA_TEXT and notation is not Notation.VI:
        fast = _FAST_AREA.match(value)
        if fast is not None and (
            notation is Notation.EN or not _AMBIGUOUS_THOUSANDS.match(fast[1])
        ):
            quick = float(fast[1])
            name = _spelled_unit(fast[2])
            if name is not None and (quick == 0 or _in_range(quick, hectares_per(name))):
                return quick, name
    area = parse_area(value, notation=notation)
    return float(area.magnitude), unit_name(area)


def areas_in_bulk(
    texts: Sequence[object], *, notation: Notation | str | None = None
) -> dict[str, tuple[float, str]]:
    """:func:`area_parts` of the texts written as a plain number, a space and a unit
    (``"1234.5 m**2"``), read with string methods and the unit looked up once per spelling;
    the others are left out, for :func:`area_parts` to read (or refuse) one by one.

    >>> areas_in_bulk(["45 ha", "6.418 ha", "1,5 ha", "12 sào Bắc Bộ", "3ha"])
    {'45 ha': (45.0, 'hectare'), '12 sào Bắc Bộ': (12.0, 'sao_bac_bo')}
    """
    notation = declared_notation() if notation is None else as_notation(notation)
    if notation is Notation.VI:
        return {}
    result: dict[str, tuple[float, str]] = {}
    for text in texts:
        if type(text) is not str or len(text) > MAX_AREA_TEXT:
            continue
        number, _, spelling = text.partition(" ")
        whole, dot, fraction = number.partition(".")
        # What _FAST_AREA reads: digits, or digits, a point and digits; then the unit.
        if not (whole.isascii() and whole.isdecimal()) or (
            dot and not (fraction.isascii() and fraction.isdecimal())
        ):
            continue
        if dot and notation is Notation.STRICT and len(whole) <= 3 and len(fraction) == 3:
            continue  # "6.418 ha": ambiguous, told by area_parts
        name = _bulk_unit(spelling.strip(" "))
        magnitude = float(number)
        if name is not None and (magnitude == 0 or _in_range(magnitude, hectares_per(name))):
            result[text] = (magnitude, name)
    return result


_UNIT_SPELLING = re.compile(r"[^\W\d][\w *^²]*")


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _bulk_unit(spelling: str) -> str | None:
    """The unit name of a spelling as _FAST_AREA takes it, or ``None``."""
    return _spelled_unit(spelling) if _UNIT_SPELLING.fullmatch(spelling) else None


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _spelled_unit(spelling: str) -> str | None:
    """The name of the area unit a spelling names, or ``None`` (the full path says why)."""
    try:
        return str(_unit(spelling))
    except (LookupError, InvalidValueError):
        return None


def _checked_magnitude(
    magnitude: object,
    original: object,
    *,
    field: str | None,
    record_type: str | None,
    record_id: str | None,
    notation: Notation | str | None = None,
) -> float:
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    if isinstance(magnitude, bool | np.bool_):
        raise InvalidValueError(
            "an area's value must be a number, not true or false", value=original, **where
        )
    if isinstance(magnitude, str):
        try:
            magnitude = float(parse_number(magnitude, notation))
        except InvalidValueError as exc:
            raise InvalidValueError(exc.reason, value=original, **where) from None
    if not isinstance(magnitude, int | float):
        try:
            number = float(magnitude)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InvalidValueError(
                "an area's value must be a number", value=original, **where
            ) from None
        if not isinstance(magnitude, int | float) and hasattr(magnitude, "__len__"):
            raise InvalidValueError("an area must be a single number", value=original, **where)
    else:
        try:
            number = float(magnitude)
        except OverflowError:
            raise InvalidValueError("an area is too large", value=original, **where) from None
    if math.isnan(number) or math.isinf(number):
        raise InvalidValueError("an area must be a finite number", value=original, **where)
    if number < 0:
        raise InvalidValueError("an area must not be negative", value=original, **where)
    if number != 0 and not _SMALLEST <= number < _LARGEST:
        raise InvalidValueError(_RANGE, value=original, **where)
    return number


def _checked_unit(
    unit_text: str,
    original: object,
    *,
    field: str | None,
    record_type: str | None,
    record_id: str | None,
) -> pint.Unit:
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    try:
        return _unit(unit_text)
    except AmbiguousUnitError as exc:
        raise AmbiguousUnitError(exc.reason, value=original, **where) from None
    except LookupError:
        raise InvalidValueError(
            f"{short_repr(unit_text.strip())} is not an area unit; use ha, m2, km2, sao_bac_bo,"
            " sao_trung_bo, mau_bac_bo, mau_trung_bo or cong_nam_bo",
            value=original,
            **where,
        ) from None


def format_area(area: pint.Quantity[Any]) -> str:
    """The text form of an area that :func:`parse_area` reads back exactly.

    >>> format_area(parse_area("3676 ha"))
    '3676 ha'
    >>> format_area(parse_area("12.5 sao_bac_bo"))
    '12.5 sao_bac_bo'
    >>> format_area(parse_area("34.9650 ha"))
    '34.9650 ha'
    """
    return format_area_parts(float(area.magnitude), unit_name(area))


def format_area_parts(magnitude: float, name: str) -> str:
    """:func:`format_area` of the area ``magnitude`` in the unit named ``name`` (as
    :func:`unit_name` gives it), without making the quantity.

    >>> format_area_parts(34.965, "hectare"), format_area_parts(1234.5, "meter ** 2")
    ('34.9650 ha', '1234.5 m2')
    >>> format_area_parts(2.097e-06, "kilometer ** 2")
    '2.0970e-06 km2'

    """
    number = (
        str(int(magnitude)) if magnitude.is_integer() and abs(magnitude) < 1e15 else repr(magnitude)
    )
    mantissa, e, exponent = number.partition("e")
    if _AMBIGUOUS_THOUSANDS.match(mantissa):
        # "34.965" (or "2.097e-06") would read as Vietnamese thousands; "34.9650" cannot
        number = f"{mantissa}0{e}{exponent}"
    return f"{number} {_SHORT_SPELLING.get(name, name)}"


def hectares(values: float | npt.ArrayLike) -> pint.Quantity[Any]:
    """A quantity (scalar or array) in hectares on the application registry."""
    return registry().Quantity(values, "hectare")


def area_to_hectares(areas: Iterable[pint.Quantity[Any]]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The areas as one float array in hectares.

    Converts by a cached factor per unit, so the cost is one multiplication
    per area, not one pint conversion.
    """
    factor = _factor_to_hectares
    by_container: dict[object, float] = {}  # q.units builds a Unit: look up its container

    def hectares(q: pint.Quantity[Any]) -> float:
        container = getattr(q, "_units", None)
        f = by_container.get(container)
        if f is None:
            f = factor(q.units)
            if container is not None:
                by_container[container] = f
        return float(q.magnitude) * f

    return np.fromiter(map(hectares, areas), dtype=np.float64)


def parse_area_unit(text: str, *, field: str | None = None) -> str:
    """The name of the area unit ``text`` spells (``"ha"`` gives ``'hectare'``).

    Raises :class:`~industrial_policy.errors.InvalidValueError` for a text that is
    not an area unit, and :class:`~industrial_policy.errors.AmbiguousUnitError` for a
    bare regional unit.

    >>> parse_area_unit("sào Bắc Bộ"), parse_area_unit("m²")
    ('sao_bac_bo', 'meter ** 2')
    """
    if not isinstance(text, str):
        raise InvalidValueError("an area unit must be text such as 'ha'", value=text, field=field)
    return _area_unit_name(text, field)


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _area_unit_name(text: str, field: str | None) -> str:
    # Cached: a table reader asks once per column, and pint writes a unit's name slowly.
    return str(_checked_unit(text, text, field=field, record_type=None, record_id=None))


def unit_name(area: pint.Quantity[Any]) -> str:
    """The name of an area's unit as pint writes it (``'hectare'``, ``'sao_bac_bo'``)."""
    container = getattr(area, "_units", None)
    name = _unit_names.get(container) if container is not None else None
    if name is None:
        name = str(area.units)
        if container is not None and len(_unit_names) < 64:
            _unit_names[container] = name
    return name


_unit_names: dict[object, str] = {}


def area_of(magnitude: float, name: str) -> pint.Quantity[Any]:
    """The area ``magnitude`` in the unit named ``name`` (a name :func:`unit_name` gives)."""
    return _quantity(magnitude, _named_unit(name))


def hectares_per(name: str) -> float:
    """How many hectares one of the unit named ``name`` is."""
    return _factor_to_hectares(_named_unit(name))


@lru_cache(maxsize=_SPELLINGS_KEPT)
def _named_unit(name: str) -> pint.Unit:
    return registry().Unit(name)


def format_area_in(area: pint.Quantity[Any], notation: Notation | str = Notation.STRICT) -> str:
    """The text of an area in ``notation``, which :func:`parse_area` reads back equal in it.

    >>> format_area_in(parse_area("6418.5 ha"), "vi"), format_area_in(parse_area("6418.5 ha"))
    ('6.418,5 ha', '6418.5 ha')
    """
    name = unit_name(area)
    number = format_number(float(area.magnitude), notation)
    return f"{number} {_SHORT_SPELLING.get(name, name)}"
