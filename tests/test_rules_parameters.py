"""Date-effective parameters: the value in force on a date, overrides, strict values."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.rules import Authority, Parameter, ParameterValue

CHANGE = dt.date(2025, 1, 1)


def two_values() -> Parameter:
    return Parameter(
        id="p.min-share",
        unit="ratio",
        values=[ParameterValue(0.25, CHANGE), ParameterValue(0.2, "2021-08-23")],
        citation="Decision X",
        authority="provincial",
        jurisdiction="Hải Dương",
    )


def test_two_dated_values_each_side_of_the_change_date() -> None:
    p = two_values()
    before = p.value_on(CHANGE - dt.timedelta(days=1))
    after = p.value_on(CHANGE)
    assert before is not None
    assert before.value == 0.2
    assert before.effective_from == dt.date(2021, 8, 23)
    assert after is not None
    assert after.value == 0.25
    assert after.effective_from == CHANGE
    assert p.value_on(dt.date(2021, 8, 22)) is None  # before the first value: none in force
    assert [v.value for v in p.values] == [0.2, 0.25]  # kept in date order


def test_the_use_of_a_parameter_carries_its_date_and_citation() -> None:
    use = two_values().use_on(dt.date(2024, 12, 31))
    assert use is not None
    assert str(use) == "p.min-share = 20% (in force from 2021-08-23) [Decision X]"
    assert not use.overridden
    assert two_values().use_on(dt.date(2020, 1, 1)) is None


def test_an_override_is_marked_and_has_no_date() -> None:
    p = two_values()
    use = p.use_on(dt.date(2024, 12, 31), override=p.parse("15%"))
    assert use is not None
    assert use.overridden
    assert use.effective_from is None
    assert use.value == ip.Amount(0.15, "ratio")
    assert "(what-if override)" in str(use)


def test_a_value_without_a_date_applies_on_every_date() -> None:
    p = Parameter(id="c.max", unit="hectare", values=[ParameterValue(75)])
    found = p.value_on(dt.date(1900, 1, 1))
    assert found is not None
    assert found.value == 75
    assert found.effective_from is None


@pytest.mark.parametrize(
    ("unit", "text", "expected"),
    [
        ("ratio", "25%", 0.25),
        ("ratio", " 60 % ", 0.60),
        ("ratio", "25 phần trăm", 0.25),
        ("ratio", 0.5, 0.5),
        ("ratio", 1, 1.0),
        ("hectare", "80 ha", 80.0),
        ("hectare", "1 km2", 100.0),
        ("hectare", "10 sào Bắc Bộ", 0.36),
    ],
)
def test_override_values_in_the_parameters_unit(unit: str, text: object, expected: float) -> None:
    assert Parameter(id="x", unit=unit).parse(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("ratio", 2, "a share is a fraction from 0 to 1"),
        ("ratio", "120%", "a share is a fraction from 0 to 1"),
        ("ratio", -0.1, "a share is a fraction from 0 to 1"),
        ("ratio", "80 ha", "must be a share"),
        ("ratio", float("nan"), "finite"),
        ("ratio", True, "not true or false"),
        ("ratio", None, "must be a number, or text"),
        ("hectare", 120, "an area needs its unit, such as '120 ha'"),
        ("hectare", "25%", "must be an area"),
        ("hectare", "10 sào", "name it: sao_bac_bo"),
        ("hectare", "-3 ha", "must not be negative"),
    ],
)
def test_bad_override_values_name_the_parameter(unit: str, value: object, message: str) -> None:
    with pytest.raises(ip.InvalidValueError, match=message) as caught:
        Parameter(id="x.y", unit=unit).parse(value)
    assert "Parameter 'x.y'" in str(caught.value)


def test_invalid_parameters_are_refused_with_the_field() -> None:
    with pytest.raises(ip.InvalidValueError, match=r"Parameter 'p'.unit: must be one of"):
        Parameter(id="p", unit="acre")
    with pytest.raises(ip.InvalidValueError, match="a share is at most 1"):
        Parameter(id="p", unit="ratio", values=[ParameterValue(20)])
    with pytest.raises(ip.InvalidValueError, match="same day"):
        Parameter(
            id="p",
            unit="ratio",
            values=[ParameterValue(0.2, "2022-01-01"), ParameterValue(0.3, "2022-01-01")],
        )
    with pytest.raises(ip.InvalidValueError, match="must be a number"):
        ParameterValue("20%")  # type: ignore[arg-type]
    with pytest.raises(ip.InvalidValueError, match="must be one of 'national', 'provincial'"):
        Parameter(id="p", unit="ratio", authority="municipal")
    assert Parameter(id="p", unit="ratio", authority="national").authority is Authority.NATIONAL


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)),
        st.floats(0, 1),
        min_size=1,
        max_size=6,
    ),
    st.dates(dt.date(1990, 1, 1), dt.date(2050, 1, 1)),
)
def test_the_value_in_force_is_the_latest_that_took_effect(
    dated: dict[dt.date, float], day: dt.date
) -> None:
    p = Parameter(id="p", unit="ratio", values=[ParameterValue(v, d) for d, v in dated.items()])
    started = [d for d in dated if d <= day]
    found = p.value_on(day)
    if not started:
        assert found is None
    else:
        assert found is not None
        assert found.effective_from == max(started)
        assert found.value == dated[max(started)]
