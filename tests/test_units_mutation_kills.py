"""Areas and their units: messages and texts that the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. An error is pinned
whole: its exact text, and the field, record type and value it carries.
"""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from industrial_policy import units
from industrial_policy.errors import AmbiguousUnitError, InvalidValueError
from industrial_policy.units import (
    AREA_PATTERN,
    area_parts,
    area_pattern,
    areas_in_bulk,
    format_area_in,
    format_area_parts,
    hectares,
    parse_area,
    parse_area_unit,
    registry,
    unit_name,
)

WHERE = {"field": "total_area", "record_type": "Zone", "record_id": "kcn"}
UNITS = "ha, m2, km2, sao_bac_bo, sao_trung_bo, mau_bac_bo, mau_trung_bo or cong_nam_bo"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "an area must be a number followed by a unit, such as '3676 ha'"),
        ("-3 ha", "an area must not be negative"),
        ({"value": 3}, "an area mapping needs exactly the keys 'value' and 'unit'"),
        ("5 furlongs", f"'furlongs' is not an area unit; use {UNITS}"),
        (
            {"value": "x", "unit": "ha"},
            "not a number in the English convention (',' between groups of three digits,"
            " '.' before decimals)",
        ),
        ({"value": 3, "unit": 5}, "an area unit must be text"),
        (
            "1" * 201 + " ha",
            "an area is a number and a unit: at most 200 characters, not 204",
        ),
        ("3 ha".ljust(201), "an area is a number and a unit: at most 200 characters, not 201"),
        # an ideographic space is not white space of the format: the unit is known, the text
        # around it is not an area
        ("3 ha\u3000", "an area is a number and one unit, nothing else, such as '3676 ha'"),
        # of another type
        (b"3 ha", "an area must be text such as '3676 ha' or a pint quantity"),
        (["3 ha"], "an area must be text such as '3676 ha' or a pint quantity"),
        (3 + 0j, "an area must be text such as '3676 ha' or a pint quantity"),
    ],
)
def test_a_bad_area_is_named_with_its_record_field_and_value(value: object, reason: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_area(value, **WHERE)  # type: ignore[arg-type]
    error = caught.value
    assert error.reason == reason
    if len(repr(value)) < 80:
        assert str(error) == f"Zone 'kcn'.total_area: {reason} (got {value!r})"
    assert (error.field, error.record_type, error.record_id, error.value) == (
        "total_area",
        "Zone",
        "kcn",
        value,
    )


def test_a_bare_regional_unit_names_the_regional_ones() -> None:
    with pytest.raises(AmbiguousUnitError) as caught:
        parse_area("5 sao", **WHERE)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "Zone 'kcn'.total_area: 'sao' is a regional unit whose size depends on the region;"
        " name it: sao_bac_bo (360 m²) or sao_trung_bo (500 m²) (got '5 sao')"
    )


def test_a_unit_that_is_not_text_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_area_unit(5, field="unit")  # type: ignore[arg-type]
    assert str(caught.value) == "unit: an area unit must be text such as 'ha' (got 5)"
    assert (caught.value.field, caught.value.value) == ("unit", 5)


@pytest.mark.parametrize(
    ("text", "written"),
    [("5 m2", "5 m2"), ("6418.5 ha", "6418.5 ha"), ("2 km2", "2 km2"), ("3 sào Bắc Bộ", None)],
)
def test_an_area_is_written_with_the_short_spelling_of_its_unit(
    text: str, written: str | None
) -> None:
    area = parse_area(text)
    shown = format_area_in(area)
    if written is None:  # no short spelling: the unit's name, which reads back
        assert shown == "3 sao_bac_bo"
    else:
        assert shown == written
    assert parse_area(shown) == area


def test_whole_areas_are_written_without_a_fraction_below_1e15() -> None:
    # Below 1e15 a whole float is written as an int; from 1e15 on, as Python writes the float
    # (every digit a float holds there is shown either way, and both read back equal).
    assert format_area_parts(999_999_999_999_999.0, "hectare") == "999999999999999 ha"
    assert format_area_parts(1e15, "hectare") == "1000000000000000.0 ha"
    assert format_area_parts(-1e15, "hectare") == "-1000000000000000.0 ha"
    for magnitude in (999_999_999_999_999.0, 1e15, 1e16):
        assert area_parts(format_area_parts(magnitude, "hectare")) == (magnitude, "hectare")


def test_the_area_pattern_is_the_grammar_parse_area_reads() -> None:
    assert area_pattern() == AREA_PATTERN
    named = re.compile(area_pattern(named=True))
    for text in ("90.33 ha", "1,234.5 ha", "12 sào Bắc Bộ", "1234.5 m²", " 2 km2 "):
        assert re.fullmatch(AREA_PATTERN, text), text
        match = named.fullmatch(text)
        assert match is not None, text
        assert parse_area(text).magnitude == float(match["number"].replace(",", ""))
    assert not re.fullmatch(AREA_PATTERN, "90.33")
    assert not re.fullmatch(AREA_PATTERN, "ha")


@pytest.mark.parametrize("given", ["1e-30 ha", {"value": 1e-30, "unit": "ha"}, "9.9e30 ha"])
def test_the_bounds_of_the_range_of_areas_are_closed_below_and_open_above(given: object) -> None:
    # Areas from 1e-30 to below 1e31 (in their unit and in hectares) are read; 1e31 is not.
    area = parse_area(given)
    assert area.magnitude in (1e-30, 9.9e30)


@pytest.mark.parametrize(
    ("given", "what"), [("1e31 ha", "a number"), ({"value": 1e31, "unit": "ha"}, "an area")]
)
def test_an_area_of_1e31_is_refused_as_out_of_range(given: object, what: str) -> None:
    # Text is refused by the grammar of numbers; a mapping's number, by the range of areas.
    with pytest.raises(InvalidValueError) as caught:
        parse_area(given, field="area")
    assert str(caught.value) == (
        f"area: {what} must be between 1e-30 and 1e31 in size, or zero (got {given!r})"
    )
    assert caught.value.value == given


def test_an_area_text_too_long_to_read_is_refused_with_its_text() -> None:
    text = "1" * 201 + " ha"
    with pytest.raises(InvalidValueError) as caught:
        parse_area(text, field="area")
    error = caught.value
    assert error.reason == "an area is a number and a unit: at most 200 characters, not 204"
    assert (error.field, error.value) == ("area", text)


def test_a_bare_number_is_refused_with_the_area_it_might_mean() -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_area(1.5, field="area")
    assert str(caught.value) == "area: an area needs a unit, such as '1.5 ha' (got 1.5)"


def test_a_quantity_of_another_dimension_is_refused_with_the_quantity() -> None:
    length = registry().Quantity(5, "meter")
    with pytest.raises(InvalidValueError) as caught:
        parse_area(length, field="area")
    error = caught.value
    assert str(error) == f"area: 'meter' is not an area unit; use {UNITS} (got 5 meter)"
    assert error.value is length


def test_area_parts_read_in_the_notation_given() -> None:
    # In Vietnamese, "6.418,5 ha" is 6,418.5 ha.
    assert area_parts("6.418,5 ha", notation="vi") == (6418.5, "hectare")
    assert area_parts("6,418.5 ha", notation="en") == (6418.5, "hectare")


def test_hectares_are_hectares() -> None:
    assert hectares(3).to("m**2").magnitude == 30_000
    assert list(hectares([1, 2]).to("km**2").magnitude) == [0.01, 0.02]


def test_an_area_value_that_is_no_number_is_refused_with_the_mapping() -> None:
    given = {"value": None, "unit": "ha"}
    with pytest.raises(InvalidValueError) as caught:
        parse_area(given, **WHERE)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "Zone 'kcn'.total_area: an area's value must be a number"
        " (got {'value': None, 'unit': 'ha'})"
    )
    assert caught.value.value == given


def test_the_unit_pattern_spells_every_unit_of_the_table() -> None:
    # Built anew (AREA_UNIT_PATTERN is built once, on import).
    pattern = re.compile(units._unit_pattern())
    assert pattern.pattern == units.AREA_UNIT_PATTERN
    for spelling in units.AREA_UNITS:
        assert pattern.fullmatch(spelling), spelling
    assert pattern.fullmatch("m²")
    assert pattern.fullmatch("km ** 2")
    assert not pattern.fullmatch("furlong")


def test_areas_in_bulk_read_units_of_several_words_and_every_plain_number() -> None:
    texts = ["12 sào Bắc Bộ", "12.5 ha", "6.418 ha", "1234.567 m2", "0 ha"]
    assert areas_in_bulk(texts, notation="en") == {
        "12 sào Bắc Bộ": (12.0, "sao_bac_bo"),
        "12.5 ha": (12.5, "hectare"),
        "6.418 ha": (6.418, "hectare"),
        "1234.567 m2": (1234.567, "meter ** 2"),
        "0 ha": (0.0, "hectare"),
    }
    # Strict: "6.418 ha" is ambiguous and left to area_parts, which says so; the rest is read.
    strict = areas_in_bulk(texts, notation="strict")
    assert set(strict) == set(texts) - {"6.418 ha"}
    assert strict["12.5 ha"] == (12.5, "hectare")


@pytest.mark.parametrize(
    ("magnitude", "written"),
    [(34.965, "34.9650 ha"), (2.097e-06, "2.0970e-06 ha"), (12.5, "12.5 ha"), (3.0, "3 ha")],
)
def test_a_magnitude_that_would_read_as_thousands_is_written_with_a_fourth_decimal(
    magnitude: float, written: str
) -> None:
    assert format_area_parts(magnitude, "hectare") == written
    assert area_parts(written) == (magnitude, "hectare")


def test_a_unit_that_is_not_an_area_unit_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_area_unit("furlongs", field="unit")
    assert (
        str(caught.value) == f"unit: 'furlongs' is not an area unit; use {UNITS} (got 'furlongs')"
    )
    assert (caught.value.field, caught.value.value) == ("unit", "furlongs")


_SPELLINGS = ["ha", "hectares", "m2", "m ** 2", "km²", "sào Bắc Bộ", "cong_nam_bo", "sao", "ft"]


@given(
    st.from_regex(r"[0-9]{1,25}(\.[0-9]{1,8})?", fullmatch=True),
    st.sampled_from(_SPELLINGS),
    st.sampled_from([" ", "  ", ""]),
)
def test_the_quick_reading_of_plain_areas_is_the_grammar_s(
    number: str, spelling: str, space: str
) -> None:
    # A text with a leading tab skips the quick path of parse_area (plain number, spaces,
    # spelling): both read the same area, or refuse it with the same reason.
    text = f"{number}{space}{spelling}"

    def read(given: str) -> object:
        try:
            area = parse_area(given)
        except InvalidValueError as exc:
            return type(exc), exc.reason
        return area.magnitude, unit_name(area)

    assert read(text) == read("\t" + text)


def test_an_area_value_of_another_number_type_is_read_and_a_list_refused() -> None:
    assert parse_area({"value": Decimal("2.5"), "unit": "ha"}) == parse_area("2.5 ha")
    assert parse_area({"value": np.float32(0.5), "unit": "ha"}).magnitude == 0.5
    given = {"value": [1.0], "unit": "ha"}
    with pytest.raises(InvalidValueError) as caught:
        parse_area(given, field="area")
    assert caught.value.reason == "an area's value must be a number"
    assert caught.value.value is given


def test_areas_in_bulk_read_past_the_cells_they_leave_out() -> None:
    texts = [None, 12, "1" * 300 + " ha", "45 ha", "x ha", "7 ha"]
    assert areas_in_bulk(texts) == {"45 ha": (45.0, "hectare"), "7 ha": (7.0, "hectare")}


def test_quantities_are_built_directly_once_pint_is_seen_to_allow_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Whether pint's Quantity holds only a magnitude and units is checked on first use.
    monkeypatch.setattr(units, "_direct_construction", None)
    area = parse_area("3 ha")
    assert units._direct_construction is True
    assert (area.magnitude, str(area.units)) == (3.0, "hectare")
    assert area.to("m**2").magnitude == 30_000
    # Where pint's constructor is needed, it is given the unit too.
    monkeypatch.setattr(units, "_direct_construction", False)
    area = parse_area("3 m2")
    assert (area.magnitude, str(area.units)) == (3.0, "meter ** 2")


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"value": True, "unit": "ha"}, "an area's value must be a number, not true or false"),
        ({"value": 10**400, "unit": "ha"}, "an area is too large"),
    ],
)
def test_an_area_value_that_is_a_flag_or_too_large_is_refused_naming_the_field(
    given: dict[str, object], reason: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_area(given, **WHERE)  # type: ignore[arg-type]
    error = caught.value
    assert error.reason == reason
    assert (error.field, error.record_type, error.record_id) == ("total_area", "Zone", "kcn")
    assert error.value is given


@pytest.mark.parametrize("unit", ["ha", "m2"])
def test_an_area_of_1e31_in_its_unit_is_refused_even_when_fewer_hectares(unit: str) -> None:
    # 1e31 m² is 1e27 ha, within range in hectares but not in its own unit.
    text = f"1{'0' * 31} {unit}"
    with pytest.raises(InvalidValueError) as caught:
        parse_area(text)
    assert caught.value.reason == "a number must be between 1e-30 and 1e31 in size, or zero"
    with pytest.raises(InvalidValueError):
        area_parts(text)
    assert area_parts(f"9{'0' * 30} {unit}")[0] == 9e30


def test_an_area_mapping_reads_its_unit_with_blanks_around_and_its_number_in_the_notation() -> None:
    assert parse_area({"value": 1, "unit": " ha\t"}) == parse_area("1 ha")
    assert parse_area({"value": "6.418", "unit": "ha"}, notation="vi").magnitude == 6418.0
    assert parse_area({"value": "6.418", "unit": "ha"}, notation="en").magnitude == 6.418


def test_a_number_without_a_unit_is_refused_with_an_example() -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_area("3676", field="area")
    assert str(caught.value) == "area: an area needs a unit, such as '3676 ha' (got '3676')"


# -- seed 5151 (a development sample of units) ------------------------------------------------


def test_an_area_s_value_with_a_length_is_not_a_single_number() -> None:
    # A 0-d array converts to a float but has a len: refused, as any value with a length.
    value = {"value": np.array(3.0), "unit": "ha"}
    with pytest.raises(InvalidValueError) as caught:
        parse_area(value, **WHERE)
    assert caught.value.reason == "an area must be a single number"
    assert caught.value.value is value


def test_the_named_grammar_of_an_area_names_its_number_and_its_unit() -> None:
    match = re.fullmatch(area_pattern(named=True), " 1234.5  sào Bắc Bộ ")
    assert match is not None
    assert (match["number"], match["unit"]) == ("1234.5", "sào Bắc Bộ")
    assert re.fullmatch(area_pattern(), "1234.5 ha") is not None


def test_a_unit_ending_in_white_space_the_format_does_not_know_is_not_a_unit() -> None:
    # The format's white space is spaces, tabs, line ends and the no-break spaces; an
    # ideographic space is not stripped, so the unit is not taken for a regional one.
    units._unit.cache_clear()  # spellings are looked up once per process: here, anew
    value = {"value": 3, "unit": "sào\u3000"}
    with pytest.raises(InvalidValueError) as caught:
        parse_area(value)
    assert not isinstance(caught.value, AmbiguousUnitError)
    assert caught.value.reason == f"'sào' is not an area unit; use {UNITS}"
    assert caught.value.value is value


# -- seed 7373 (the reported sample: tests written after its run) -------------------------


def test_an_area_text_of_200_characters_is_read() -> None:
    # One more is refused (test_a_bad_area_is_named_with_its_record_field_and_value).
    assert parse_area("3 ha".ljust(200)) == 3 * registry().hectare
