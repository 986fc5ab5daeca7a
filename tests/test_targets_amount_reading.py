"""Reading and writing the amounts of targets: every refusal, unit name and plain form.

Written for mutation testing (``docs/testing.md``): the messages that name a
unit, the refusals of bare numbers and the plain forms written to dataset
files had no test that could tell a wrong one from the right one.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from industrial_policy.amounts import (
    COUNT,
    HECTARE,
    NUMBER,
    POINTS,
    RATIO,
    as_float,
    plain_amount,
    read_amount,
    resolve,
    unit_words,
)
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Amount

WHERE = {"field": "target", "record_type": "Target", "record_id": "t-1"}


@pytest.mark.parametrize(
    ("unit", "words"),
    [
        ("USD", "money in USD"),
        (COUNT, "a count"),
        (RATIO, "a share (a fraction, or text such as '25%')"),
        (POINTS, "percentage points (a number, or text such as '5 pp')"),
        (HECTARE, "an area (text such as '90.33 ha')"),
        (NUMBER, "a bare number"),
        ("acre", "acre"),  # a unit the library does not name is shown as it is
    ],
)
def test_units_in_words(unit: str, words: str) -> None:
    assert unit_words(unit) == words


def test_a_unit_mismatch_names_both_units() -> None:
    with pytest.raises(InvalidValueError) as caught:
        resolve(read_amount("90.33 ha"), COUNT, **WHERE)
    assert caught.value.reason == "must be a count, not an area (text such as '90.33 ha')"
    assert caught.value.value == str(read_amount("90.33 ha"))
    assert (caught.value.record_type, caught.value.record_id, caught.value.field) == (
        "Target",
        "t-1",
        "target",
    )


def test_a_bare_number_shown_in_an_error_is_the_number_itself() -> None:
    with pytest.raises(InvalidValueError) as caught:
        resolve(read_amount(72), "hectare")
    assert caught.value.value == 72


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (True, "must be a number, not true or false"),
        (float("inf"), "must be a finite number"),
        (Decimal("Infinity"), "must be a finite number"),
        ({"value": True, "unit": "count"}, "must be a number, not true or false"),
    ],
)
def test_bare_numbers_that_are_refused(value: object, reason: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        read_amount(value, **WHERE)
    assert caught.value.reason == reason
    assert caught.value.value in (value, value.get("value") if isinstance(value, dict) else value)
    assert str(caught.value).startswith(f"Target 't-1'.target: {reason} (got ")


def test_a_unicode_minus_reads_as_a_minus() -> None:
    assert read_amount("−5%") == Amount(Decimal("-0.05"), RATIO)
    assert read_amount("−5 pp") == Amount(Decimal("-5"), POINTS)
    assert read_amount("−250") == Amount(Decimal("-250"), NUMBER)


def test_a_malformed_number_is_reported_with_the_text_as_written() -> None:
    with pytest.raises(InvalidValueError) as caught:
        read_amount("1.2.3,4%", **WHERE)
    assert caught.value.value == "1.2.3,4%"
    assert caught.value.reason
    assert caught.value.reason != "None"
    assert (caught.value.record_type, caught.value.record_id, caught.value.field) == (
        "Target",
        "t-1",
        "target",
    )


def test_an_area_text_that_is_refused_names_the_record() -> None:
    with pytest.raises(InvalidValueError) as caught:
        read_amount({"value": -3, "unit": "ha"}, **WHERE)
    assert caught.value.record_id == "t-1"
    assert caught.value.field == "target"


def test_as_float() -> None:
    assert as_float(read_amount("25%")) == 0.25
    assert as_float(read_amount("5 pp")) == 5.0


@pytest.mark.parametrize(
    ("amount", "plain"),
    [
        (Amount(Decimal("0.136"), RATIO), "13.6%"),
        (Amount(0.25, RATIO), "25%"),
        (Amount(Decimal("5"), POINTS), "5 pp"),
        (Amount(Decimal("0"), RATIO), "0%"),
        # 3.125% would read back as 3,125% in Vietnamese style: a zero keeps it a decimal.
        (Amount(Decimal("0.03125"), RATIO), "3.1250%"),
        (Amount(Decimal("3.125"), POINTS), "3.1250 pp"),
        # Exactly 10²⁰ % is still written as a percentage; beyond, as a bare number.
        (Amount(Decimal("1E+18"), RATIO), "100000000000000000000%"),
        (Amount(Decimal("72"), COUNT), 72),
        (Amount(Decimal("2.375"), NUMBER), 2.375),
        (Amount(90.33, HECTARE), {"value": 90.33, "unit": HECTARE}),
    ],
)
def test_plain_amounts(amount: Amount, plain: object) -> None:
    written = plain_amount(amount)
    assert written == plain
    assert type(written) is type(plain)
    assert read_amount(written).value == amount.value or isinstance(plain, dict)


def test_a_share_too_large_to_write_as_a_percentage_is_a_bare_number() -> None:
    assert plain_amount(Amount(Decimal("1E+19"), RATIO)) == 1e19
    assert isinstance(plain_amount(Amount(Decimal("1E+19"), RATIO)), float)


def test_a_value_in_an_amount_table_must_be_a_number() -> None:
    with pytest.raises(InvalidValueError) as caught:
        read_amount({"value": "many", "unit": "count"}, **WHERE)
    assert str(caught.value) == "Target 't-1'.target: must be a number (got 'many')"
    assert caught.value.value == "many"


def test_a_bare_number_takes_the_unit_of_a_count_share_or_points() -> None:
    assert resolve(read_amount(72), COUNT) == Amount(72, COUNT)
    assert resolve(read_amount(0.25), RATIO) == Amount(0.25, RATIO)
    assert resolve(read_amount(5), POINTS) == Amount(5, POINTS)
    # Without share=True a ratio is a relative change, which may exceed 100%.
    assert resolve(read_amount("150%"), RATIO) == Amount(Decimal("1.5"), RATIO)


def test_money_without_its_currency() -> None:
    with pytest.raises(InvalidValueError) as caught:
        resolve(read_amount(500), "USD", **WHERE)
    assert str(caught.value) == (
        "Target 't-1'.target: an amount of money needs its currency,"
        " such as '500 million USD' (got 500)"
    )


@pytest.mark.parametrize(
    ("text", "unit", "reason", "shown"),
    [
        ("3 ha", "USD", "must be money in USD, not an area (text such as '90.33 ha')", None),
        (
            "3 ha",
            POINTS,
            "must be percentage points (a number, or text such as '5 pp'),"
            " not an area (text such as '90.33 ha')",
            None,
        ),
        ("5%", COUNT, "must be a count, not a share (a fraction, or text such as '25%')", None),
        (5, "acre", "must be acre, not a bare number", 5),
    ],
)
def test_units_that_do_not_match(text: object, unit: str, reason: str, shown: object) -> None:
    amount = read_amount(text)
    with pytest.raises(InvalidValueError) as caught:
        resolve(amount, unit, **WHERE)
    assert caught.value.reason == reason
    # A bare number is shown as the number, anything else with its unit.
    assert caught.value.value == (shown if shown is not None else str(amount))
    assert caught.value.record_id == "t-1"


def test_a_share_where_percentage_points_are_needed() -> None:
    with pytest.raises(InvalidValueError) as caught:
        resolve(read_amount("5%"), POINTS, **WHERE)
    assert caught.value.reason == (
        "a change in a share is counted in percentage points: write '5 pp' (or 5),"
        " not '5%', which would be a relative change"
    )
    assert caught.value.value == str(read_amount("5%"))
    assert caught.value.field == "target"
