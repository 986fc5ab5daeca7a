"""Every refusal of a badly made target, with the field, value and reason a user reads.

Written for mutation testing (``docs/testing.md``): a message that lost its
field, its value or its reason passed the rest of the suite. Each case below is
a target that breaks one rule of ``Target`` and nothing else.
"""

from __future__ import annotations

from typing import Any

import pytest

from industrial_policy import InvalidValueError
from industrial_policy.amounts import read_amount
from industrial_policy.records import Target
from test_targets_support import target

SHARE = {"kind": "share", "metric": "businesses", "value": "25%", "basis": "stock"}

CASES: list[tuple[str, dict[str, Any], str, object, str]] = [
    (
        "share must be a flag",
        {**SHARE, "categories": ["hi_tech"], "share": "yes"},
        "share",
        "yes",
        "must be true or false",
    ),
    (
        "a share target is a share",
        # Not a share, the value is read as a count: 3 is one.
        {**SHARE, "categories": ["hi_tech"], "share": False, "value": 3},
        "share",
        False,
        "a share target is a share; leave share out",
    ),
    (
        "a share names the categories of its part",
        SHARE,
        "categories",
        [],
        "a share needs the categories of its part (such as hi_tech and supporting_industry);"
        " the whole is the metric over all categories",
    ),
    (
        "only growth has a growth unit",
        {"growth_unit": "relative"},
        "growth_unit",
        "relative",
        "only a growth target has one",
    ),
    (
        "a range's top is not below its bottom",
        {"comparator": "between", "value": 10, "upper": 5},
        "upper",
        "5",
        "the range's top is below 10",
    ),
    (
        "a stock has no period",
        {"period": "2024"},
        "period",
        "2024",
        "a stock is not counted over a period",
    ),
    (
        "a cumulative flow has a start",
        {"kind": "cumulative"},
        "since",
        None,
        "a cumulative flow needs its start ('since')",
    ),
    (
        "a level target is taken as itself",
        {"basis": "flow"},
        "basis",
        "flow",
        "a stock target is taken as a stock",
    ),
    (
        "a money target names its currency",
        {"metric": "registered_capital", "value": 10},
        "value",
        10,
        "registered_capital needs an amount of money, such as '1.2 billion USD'",
    ),
    (
        "a target in one currency",
        {"metric": "registered_capital", "currency": "USD", "value": "10 billion VND"},
        "value",
        "10 billion VND",
        "the target counts money in USD; write this amount in USD too",
    ),
    (
        "the top of a range in the target's currency",
        {
            "metric": "registered_capital",
            "comparator": "between",
            "currency": "USD",
            "value": "10 million USD",
            "upper": "20 billion VND",
        },
        "upper",
        "20 billion VND",
        "the target counts money in USD; write this amount in USD too",
    ),
    (
        "an observed unit is one of four",
        {"metric": "observed", "unit": "acres"},
        "unit",
        "acres",
        "must be 'count', 'ratio' (a share), 'hectare' or a currency code such as 'VND'",
    ),
    (
        "a period is a period",
        {"kind": "flow", "period": "early 2024", "deadline": "2024"},
        "period",
        "early 2024",
        "",
    ),
]


@pytest.mark.parametrize(
    ("fields", "field", "value", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_bad_target_names_its_field_value_and_reason(
    fields: dict[str, Any], field: str, value: object, reason: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        target(**fields)
    error = caught.value
    assert (error.record_type, error.record_id, error.field) == ("Target", "t", field)
    assert error.value == value
    assert reason in error.reason


def test_the_same_currency_is_accepted() -> None:
    made = target(metric="registered_capital", currency="USD", value="10 million USD")
    assert made.value.unit == "USD"


def test_hectares_written_out_is_the_hectare_unit() -> None:
    made = target(metric="observed", unit="hectares", value="10 ha")
    assert made.unit == "hectare"
    assert isinstance(made, Target)


def test_an_amount_that_is_neither_money_nor_an_area_names_the_text() -> None:
    with pytest.raises(InvalidValueError) as caught:
        read_amount("lots of dong", field="value", record_type="Target", record_id="t")
    assert caught.value.value == "lots of dong"
    assert "as money:" in caught.value.reason
    assert "as an area:" in caught.value.reason
