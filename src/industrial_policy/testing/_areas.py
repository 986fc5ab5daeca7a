"""Hypothesis strategies for land areas: quantities, texts, and inputs to reject.

The sizes below are the oracle: they come from the domain brief (DOMAIN.md
§2), not from :mod:`industrial_policy.units`, so a test that compares the
two can catch a wrong definition.

>>> from hypothesis import find
>>> find(area_texts(unit="sao_bac_bo"), lambda text: "," in text)  # doctest: +SKIP
'1000 sào Bắc Bộ'
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import strategies as st

from industrial_policy.errors import AmbiguousUnitError, InvalidValueError
from industrial_policy.testing._invalid import InvalidInput
from industrial_policy.units import parse_area, registry

__all__ = [
    "AREA_SPELLINGS",
    "AREA_UNITS_M2",
    "AreaText",
    "area_text_cases",
    "area_texts",
    "area_units",
    "areas",
    "invalid_area_values",
    "invalid_areas",
]

AREA_UNITS_M2: Mapping[str, int] = {
    "hectare": 10_000,
    "meter ** 2": 1,
    "kilometer ** 2": 1_000_000,
    "sao_bac_bo": 360,
    "sao_trung_bo": 500,
    "mau_bac_bo": 3_600,  # 10 sào Bắc Bộ
    "mau_trung_bo": 5_000,  # 10 sào Trung Bộ
    "cong_nam_bo": 1_000,
}
"""Every supported land unit (pint's canonical name) and its exact size in m²."""

AREA_SPELLINGS: Mapping[str, tuple[str, ...]] = {
    "hectare": ("ha", "hectare", "hectares", "hecta", "Ha", "HA"),
    "meter ** 2": ("m2", "m²", "m^2", "sq m", "square metres", "square meters"),
    "kilometer ** 2": ("km2", "km²", "km^2", "sq km", "square kilometres"),
    "sao_bac_bo": ("sào Bắc Bộ", "sao bac bo", "Sào bắc bộ", "sao_bac_bo", "SÀO BẮC BỘ"),
    "sao_trung_bo": ("sào Trung Bộ", "sao trung bo", "Sào trung bộ", "sao_trung_bo"),
    "mau_bac_bo": ("mẫu Bắc Bộ", "mau bac bo", "Mẫu bắc bộ", "mau_bac_bo"),
    "mau_trung_bo": ("mẫu Trung Bộ", "mau trung bo", "mau_trung_bo"),
    "cong_nam_bo": ("công Nam Bộ", "cong nam bo", "Công nam bộ", "cong_nam_bo"),
}
"""Spellings users write for each unit: English, Vietnamese with and without diacritics."""

_REGIONAL_WORDS = ("sào", "sao", "Sào", "SÀO", "mẫu", "mau", "Mẫu", "công", "cong", "Công")
_NOT_AREA_UNITS = ("kg", "m", "km", "hour", "m3", "USD", "tấn", "ha ha", "ha/m")


def area_units() -> st.SearchStrategy[str]:
    """The canonical names of the supported land units (``"hectare"``, ``"sao_bac_bo"``, ...)."""
    return st.sampled_from(sorted(AREA_UNITS_M2))


def _canonical_unit(unit: str) -> str:
    if unit in AREA_UNITS_M2:
        return unit
    name = str(parse_area(f"1 {unit}", field="unit").units)
    if name not in AREA_UNITS_M2:
        raise InvalidValueError(
            f"must be one of the supported land units: {', '.join(sorted(AREA_UNITS_M2))}",
            value=unit,
            field="unit",
        )
    return name


def _check_bounds(min_ha: float, max_ha: float) -> None:
    for name, bound in (("min_ha", min_ha), ("max_ha", max_ha)):
        if (
            isinstance(bound, bool)
            or not isinstance(bound, int | float)
            or not math.isfinite(bound)
        ):
            raise InvalidValueError("must be a finite number of hectares", value=bound, field=name)
        if not 0 <= bound <= 1e12:
            raise InvalidValueError("must be between 0 and 1e12 ha", value=bound, field=name)
    if max_ha < min_ha:
        raise InvalidValueError(f"must not be below min_ha {min_ha}", value=max_ha, field="max_ha")


def _in_unit(hectares: float, unit: str) -> Fraction:
    return Fraction(hectares) * 10_000 / AREA_UNITS_M2[unit]


# The library refuses areas that are not zero and smaller than this (a typing
# mistake, like any number below 1e-30 in size).
_SMALLEST = 1e-30


def areas(
    unit: str | None = None, *, min_ha: float = 0.0, max_ha: float = 10_000.0
) -> st.SearchStrategy[Any]:
    """Areas as pint quantities on the application registry, between ``min_ha`` and ``max_ha``.

    In ``unit`` (a canonical name or any spelling of :data:`AREA_SPELLINGS`)
    or in any supported unit. Magnitudes are floats: round report figures
    (``3676 ha``) as often as arbitrary ones. The bounds hold up to the float
    rounding of converting to hectares.

    >>> from hypothesis import given, settings
    >>> from industrial_policy.units import area_to_hectares
    >>> @settings(max_examples=20)
    ... @given(areas(unit="sào Bắc Bộ", max_ha=10))
    ... def test(area):
    ...     assert str(area.units) == "sao_bac_bo"
    ...     assert area_to_hectares([area])[0] <= 10 * (1 + 1e-12)
    >>> test()
    """
    _check_bounds(min_ha, max_ha)
    return _areas(None if unit is None else _canonical_unit(unit), float(min_ha), float(max_ha))


@functools.cache
def _areas(unit: str | None, min_ha: float, max_ha: float) -> st.SearchStrategy[Any]:
    units = st.just(unit) if unit is not None else area_units()

    def magnitudes(name: str) -> st.SearchStrategy[float]:
        low, high = _in_unit(min_ha, name), _in_unit(max_ha, name)
        # The size is checked in hectares too: 1e-30 m² is 1e-34 ha, refused.
        smallest = max(_SMALLEST, float(_in_unit(_SMALLEST, name)) * (1 + 1e-9))
        plain = st.floats(float(low), float(high), allow_nan=False, allow_infinity=False).map(
            lambda x: x if x >= smallest else 0.0 if low == 0 else max(float(low), smallest)
        )
        whole = (
            st.integers(math.ceil(low), math.floor(high)).map(float)
            if math.ceil(low) <= math.floor(high)
            else plain
        )
        return st.one_of(whole, plain)

    return units.flatmap(
        lambda name: magnitudes(name).map(lambda number: registry().Quantity(number, name))
    )


@attrs.frozen
class AreaText:
    """An area as a user writes it, with the exact value it means.

    ``number`` is the number as written (an exact ``Decimal``); ``unit`` the
    canonical unit; :attr:`square_metres` the exact size, from
    :data:`AREA_UNITS_M2`.
    """

    text: str
    number: Decimal
    unit: str

    @property
    def square_metres(self) -> Decimal:
        return self.number * AREA_UNITS_M2[self.unit]

    @property
    def hectares(self) -> Decimal:
        return self.square_metres / 10_000


def _written(number: Decimal, places: int, grouped: bool) -> str:
    text = f"{number:,.{places}f}" if grouped else f"{number:.{places}f}"
    # One group after a ',' and no decimals ("3,676") is refused as ambiguous (3.676 in
    # Vietnamese notation): grouped only where the text reads one way.
    return text.replace(",", "") if text.count(",") == 1 and "." not in text else text


def area_text_cases(
    unit: str | None = None, *, min_ha: float = 0.0, max_ha: float = 10_000.0
) -> st.SearchStrategy[AreaText]:
    """:class:`AreaText` cases: the text of :func:`area_texts` and the exact value it means.

    >>> from hypothesis import given, settings
    >>> from industrial_policy.units import parse_area
    >>> @settings(max_examples=20)
    ... @given(area_text_cases())
    ... def test(case):
    ...     parsed = parse_area(case.text).to("m**2").magnitude
    ...     assert abs(parsed - float(case.square_metres)) <= 1e-9 * max(parsed, 1)
    >>> test()
    """
    _check_bounds(min_ha, max_ha)
    return _area_text_cases(
        None if unit is None else _canonical_unit(unit), float(min_ha), float(max_ha)
    )


_PLACES = st.sampled_from((0, 0, 1, 2, 4))
_GAPS = st.sampled_from((" ", " ", "  ", ""))


@functools.cache
def _area_text_cases(unit: str | None, min_ha: float, max_ha: float) -> st.SearchStrategy[AreaText]:
    names = (unit,) if unit is not None else tuple(sorted(AREA_UNITS_M2))

    @st.composite
    def build(draw: st.DrawFn) -> AreaText:
        name = draw(st.sampled_from(names))
        # One, two or four decimals: three would read as Vietnamese thousands ("6.418").
        places = draw(_PLACES)
        scale = 10**places
        low = math.ceil(_in_unit(min_ha, name) * scale)
        high = math.floor(_in_unit(max_ha, name) * scale)
        if high < low:
            places, scale = 4, 10**4
            low = math.ceil(_in_unit(min_ha, name) * scale)
            high = math.floor(_in_unit(max_ha, name) * scale)
            if high < low:
                raise InvalidValueError(
                    f"no area between {min_ha} and {max_ha} ha can be written in {name}"
                    " with four decimals",
                    value=(min_ha, max_ha),
                    field="max_ha",
                )
        number = Decimal(draw(st.integers(low, high))).scaleb(-places)
        spelling = draw(st.sampled_from(AREA_SPELLINGS[name]))
        if draw(st.booleans()):
            spelling = unicodedata.normalize("NFD", spelling)
        gap = draw(_GAPS)
        if not spelling[0].isascii() or spelling[0] == "s":  # "12sào": keep it readable
            gap = " "
        text = f"{_written(number, places, draw(st.booleans()))}{gap}{spelling}"
        return AreaText(text, number, name)

    return build()


def area_texts(
    unit: str | None = None, *, min_ha: float = 0.0, max_ha: float = 10_000.0
) -> st.SearchStrategy[str]:
    """Valid area strings: ``"3,676 ha"``, ``"12 sào Bắc Bộ"``, ``"1.5 km²"``, ``"7 cong nam bo"``.

    English number style (``,`` between thousands), every spelling of
    :data:`AREA_SPELLINGS`, with Vietnamese diacritics composed or decomposed.

    >>> from hypothesis import given, settings
    >>> from industrial_policy.units import parse_area
    >>> @settings(max_examples=20)
    ... @given(area_texts(max_ha=5_000))
    ... def test(text):
    ...     assert parse_area(text).to("hectare").magnitude <= 5_000 * (1 + 1e-12)
    >>> test()
    """
    return area_text_cases(unit, min_ha=min_ha, max_ha=max_ha).map(lambda case: case.text)


def _numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 100_000).map(str),
        st.integers(1_000_000, 10**9).map(lambda n: f"{n:,}"),
        st.sampled_from(["0.5", "12.25", "3676", "90.33"]),
    )


@functools.cache
def _bad_area_values() -> st.SearchStrategy[tuple[object, type[InvalidValueError]]]:
    q = registry
    invalid = InvalidValueError
    ambiguous = AmbiguousUnitError
    return st.one_of(
        # no unit
        st.one_of(st.integers(), st.floats(), st.booleans()).map(lambda v: (v, invalid)),
        _numbers().map(lambda n: (n, invalid)),
        # negative, NaN, infinite, out of range
        st.tuples(_numbers(), area_units())
        .filter(lambda t: float(t[0].replace(",", "")) > 0)
        .flatmap(
            lambda t: st.sampled_from(
                [
                    (f"-{t[0]} {AREA_SPELLINGS[t[1]][0]}", invalid),
                    (q().Quantity(-float(t[0].replace(",", "")), t[1]), invalid),
                    ({"value": -float(t[0].replace(",", "")), "unit": t[1]}, invalid),
                ]
            )
        ),
        st.sampled_from([math.nan, math.inf, -math.inf, 1e-40, 1e40]).flatmap(
            lambda x: st.sampled_from(
                [(q().Quantity(x, "hectare"), invalid), ({"value": x, "unit": "ha"}, invalid)]
            )
        ),
        st.sampled_from(["nan ha", "inf ha", "1e400 ha", "1e35 ha", "1e-35 m2"]).map(
            lambda v: (v, invalid)
        ),
        # a regional unit without its region
        st.tuples(_numbers(), st.sampled_from(_REGIONAL_WORDS)).flatmap(
            lambda t: st.sampled_from(
                [(f"{t[0]} {t[1]}", ambiguous), ({"value": 3, "unit": t[1]}, ambiguous)]
            )
        ),
        # not an area
        st.tuples(_numbers(), st.sampled_from(_NOT_AREA_UNITS)).map(
            lambda t: (f"{t[0]} {t[1]}", invalid)
        ),
        st.sampled_from(["kilogram", "meter", "hour", "meter ** 3"]).map(
            lambda unit: (q().Quantity(3.0, unit), invalid)
        ),
        # numbers in the Vietnamese convention, which English readers misread
        st.sampled_from(["6.418 ha", "90,33 ha", "1.234.567 m2", "19.866 sào Bắc Bộ"]).map(
            lambda v: (v, invalid)
        ),
        # one group after a comma: thousands in English, a decimal comma in Vietnamese
        st.tuples(st.integers(1_000, 999_999), area_units()).map(
            lambda t: (f"{t[0]:,} {AREA_SPELLINGS[t[1]][0]}", invalid)
        ),
        # not an area at all
        st.sampled_from(
            [None, "", "ha", "   ", "three ha", [3, "ha"], {"value": 3}, {"value": 3, "unit": 3}]
        ).map(lambda v: (v, invalid)),
        st.just((b"3 ha", invalid)),
    )


def invalid_area_values() -> st.SearchStrategy[object]:
    """Area inputs that must be refused: no unit, negative, NaN, bare ``sào``, ``"3 kg"``, ...

    Use :func:`invalid_areas` to also know which error each must raise.

    >>> from hypothesis import given, settings
    >>> import pytest
    >>> from industrial_policy.errors import InvalidValueError
    >>> @settings(max_examples=20)
    ... @given(invalid_area_values())
    ... def test(value):
    ...     with pytest.raises(InvalidValueError):
    ...         parse_area(value)
    >>> test()
    """
    return _bad_area_values().map(lambda case: case[0])


def invalid_areas(field: str = "area") -> st.SearchStrategy[InvalidInput]:
    """Cases of ``parse_area(value, field=field)`` that must raise, with the exact error type.

    A regional unit without its region raises
    :class:`~industrial_policy.errors.AmbiguousUnitError`; everything else
    :class:`~industrial_policy.errors.InvalidValueError`, naming ``field``
    and the value as given.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(invalid_areas())
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    return _bad_area_values().map(
        lambda case: InvalidInput(
            parse_area, {"value": case[0], "field": field}, case[1], field=field, value=case[0]
        )
    )
