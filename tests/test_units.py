"""Land areas: unit sizes, conversions, parsing and printing, refusals, the unit registry."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import numpy as np
import pint
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from industrial_policy.errors import AmbiguousUnitError, InvalidValueError
from industrial_policy.records.zones import Zone
from industrial_policy.testing import (
    AreaText,
    InvalidInput,
    area_text_cases,
    area_units,
    areas,
    invalid_areas,
)
from industrial_policy.units import area_to_hectares, format_area, parse_area, registry

# The sizes in DOMAIN.md §2, written out here rather than read from the library.
SQUARE_METRES = {
    "hectare": 10_000,
    "meter ** 2": 1,
    "kilometer ** 2": 1_000_000,
    "sao_bac_bo": 360,
    "sao_trung_bo": 500,
    "mau_bac_bo": 3_600,
    "mau_trung_bo": 5_000,
    "cong_nam_bo": 1_000,
}


def hectares(area: Any) -> float:
    return float(area.magnitude) * SQUARE_METRES[str(area.units)] / 10_000


@pytest.mark.parametrize(
    ("text", "square_metres"),
    [
        ("1 ha", 10_000),
        ("1 m2", 1),
        ("1 km²", 1_000_000),
        ("1 sào Bắc Bộ", 360),
        ("1 sào Trung Bộ", 500),
        ("1 mẫu Bắc Bộ", 3_600),
        ("1 mẫu Trung Bộ", 5_000),
        ("1 công Nam Bộ", 1_000),
        ("12 sào Bắc Bộ", 4_320),
        ("3676 ha", 36_760_000),
    ],
)
def test_sizes_are_those_of_the_domain_brief(text: str, square_metres: int) -> None:
    assert parse_area(text).to("m**2").magnitude == pytest.approx(square_metres, rel=1e-12)


@pytest.mark.parametrize("region", ["Bắc Bộ", "Trung Bộ"])
def test_a_mau_is_ten_sao_of_the_same_region(region: str) -> None:
    mau = parse_area(f"1 mẫu {region}").to("m**2").magnitude
    sao = parse_area(f"1 sào {region}").to("m**2").magnitude
    assert mau == pytest.approx(10 * sao, rel=1e-12)


def test_the_two_sao_differ() -> None:
    assert parse_area("1 sào Bắc Bộ") != parse_area("1 sào Trung Bộ")


@given(area=areas(max_ha=1e6), unit=area_units())
def test_conversions_round_trip_and_agree_with_the_brief(area: Any, unit: str) -> None:
    converted = area.to(unit)
    expected = hectares(area) * 10_000 / SQUARE_METRES[unit]
    assert converted.magnitude == pytest.approx(expected, rel=1e-12, abs=1e-300)
    back = converted.to(area.units)
    assert back.magnitude == pytest.approx(area.magnitude, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    ("text", "choices"),
    [
        ("3 sào", ["sao_bac_bo", "sao_trung_bo"]),
        ("3 sao", ["sao_bac_bo", "sao_trung_bo"]),
        ("3 Sào", ["sao_bac_bo", "sao_trung_bo"]),
        (unicodedata.normalize("NFD", "3 sào"), ["sao_bac_bo", "sao_trung_bo"]),
        ("2 mẫu", ["mau_bac_bo", "mau_trung_bo"]),
        ("2 mau", ["mau_bac_bo", "mau_trung_bo"]),
        ("1 công", ["cong_nam_bo"]),
        ("1 cong", ["cong_nam_bo"]),
    ],
)
def test_a_bare_regional_unit_is_ambiguous(text: str, choices: list[str]) -> None:
    with pytest.raises(AmbiguousUnitError) as caught:
        parse_area(text, field="total_area")
    message = str(caught.value)
    assert caught.value.field == "total_area"
    assert "total_area" in message
    for choice in choices:
        assert choice in message


def test_an_ambiguous_unit_in_a_record_names_the_record() -> None:
    with pytest.raises(AmbiguousUnitError) as caught:
        Zone(
            id="KCN Đại An",
            name="A",
            kind="industrial_park",
            province="Hải Dương",
            total_area="150 sào",
        )
    assert caught.value.record_type == "Zone"
    assert caught.value.record_id == "KCN Đại An"
    assert "Zone 'KCN Đại An'.total_area" in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        3,
        3.5,
        "3",
        "3,676",  # ambiguous: 3676 in English, 3.676 in Vietnamese notation
        "-3 ha",
        "nan ha",
        "inf ha",
        "3 kg",
        "3 m",
        "3 hours",
        {"value": -1, "unit": "ha"},
        {"value": float("nan"), "unit": "ha"},
    ],
)
def test_documented_refusals_name_the_field(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_area(value, field="industrial_land_area")
    assert type(caught.value) is InvalidValueError  # not "ambiguous": these are plain errors
    assert caught.value.field == "industrial_land_area"
    assert "industrial_land_area" in str(caught.value)
    assert caught.value.value is value


@pytest.mark.parametrize("magnitude", [-1.0, math.nan, math.inf, -math.inf])
def test_bad_quantities_are_refused(magnitude: float) -> None:
    with pytest.raises(InvalidValueError, match="area"):
        parse_area(registry().Quantity(magnitude, "hectare"), field="area")


def test_a_quantity_that_is_not_an_area_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="not an area unit"):
        parse_area(registry().Quantity(3, "kilogram"), field="area")


@given(invalid_areas())
def test_generated_invalid_areas_are_refused_with_the_right_error(case: InvalidInput) -> None:
    case.check()


@given(case=area_text_cases())
def test_area_texts_mean_what_they_say(case: AreaText) -> None:
    parsed = parse_area(case.text)
    assert str(parsed.units) == case.unit
    assert parsed.to("m**2").magnitude == pytest.approx(
        float(case.square_metres), rel=1e-12, abs=1e-12
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "12 sào Bắc Bộ",
        "12 sao bac bo",
        "12 SÀO BẮC BỘ",
        "12 Sào bắc bộ",
        "12 sao_bac_bo",
        unicodedata.normalize("NFD", "12 sào Bắc Bộ"),
    ],
)
def test_vietnamese_spellings_with_and_without_diacritics(spelling: str) -> None:
    assert parse_area(spelling) == parse_area("4320 m2")


# Every float the library accepts as an area: zero, or from 1e-30 up to (not
# including) 1e31, the range of the numbers it reads from text.
accepted_magnitudes = st.one_of(
    st.floats(0, 1e31, exclude_max=True),
    st.floats(1e-31, 1e-29),
    st.sampled_from([0.0, 1e-30, 34.965, 6.418, 0.123, 1234.567, 9.999999999999999e30]),
)


@given(magnitude=accepted_magnitudes, unit=area_units())
def test_format_then_parse_returns_the_same_area(magnitude: float, unit: str) -> None:
    try:
        area = parse_area(registry().Quantity(magnitude, unit))
    except InvalidValueError:
        assume(False)
    text = format_area(area)
    again = parse_area(text)
    assert str(again.units) == unit
    assert again.magnitude == area.magnitude  # exactly, not approximately


@given(st.floats(1e-300, 1e-31) | st.floats(1e31, 1e300), area_units())
def test_areas_outside_the_readable_range_are_refused_in_every_form(
    magnitude: float, unit: str
) -> None:
    for value in (registry().Quantity(magnitude, unit), {"value": magnitude, "unit": unit}):
        with pytest.raises(InvalidValueError, match="1e-30 and 1e31"):
            parse_area(value, field="area")
    with pytest.raises(InvalidValueError):
        parse_area(f"{magnitude!r} {unit}", field="area")


@given(st.lists(areas(max_ha=5_000), max_size=20), st.data())
def test_area_sums_do_not_depend_on_units_or_order(items: list[Any], data: st.DataObject) -> None:
    expected = sum(hectares(a) for a in items)
    total = float(area_to_hectares(items).sum())
    assert total == pytest.approx(expected, rel=1e-12, abs=1e-9)
    units = data.draw(st.lists(area_units(), min_size=len(items), max_size=len(items)))
    shuffled = data.draw(st.permutations([a.to(u) for a, u in zip(items, units, strict=True)]))
    assert float(area_to_hectares(shuffled).sum()) == pytest.approx(total, rel=1e-12, abs=1e-9)


def test_area_to_hectares_of_nothing_is_an_empty_array() -> None:
    result = area_to_hectares([])
    assert isinstance(result, np.ndarray)
    assert result.shape == (0,)


def test_the_library_uses_pints_application_registry() -> None:
    assert registry() is pint.get_application_registry()
    ours = parse_area("3 ha")
    assert ours._REGISTRY is pint.get_application_registry().get()
    theirs = pint.get_application_registry().Quantity(10, "sao_bac_bo")
    assert (ours + theirs).to("m**2").magnitude == pytest.approx(30_000 + 3_600)
    assert parse_area(theirs) == theirs


def test_no_second_registry_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    registry()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a second unit registry was built")

    monkeypatch.setattr(pint.UnitRegistry, "__init__", refuse)
    area = parse_area("12 sào Trung Bộ")
    assert format_area(area) == "12 sao_trung_bo"
    assert area_to_hectares([area])[0] == pytest.approx(0.6)
    Zone(id="z", name="Z", kind="industrial_park", province="Hà Nội", total_area=area)


def test_a_new_application_registry_gets_the_land_units() -> None:
    app = pint.get_application_registry()
    before = app.get()
    fresh = pint.UnitRegistry()
    pint.set_application_registry(fresh)
    try:
        area = parse_area("2 công Nam Bộ")
        assert area._REGISTRY is fresh
        assert area.to("m**2").magnitude == pytest.approx(2_000)
    finally:
        pint.set_application_registry(before)
    assert parse_area("1 ha")._REGISTRY is before
