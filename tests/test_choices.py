"""Errors that list the valid choices and say which one was probably meant."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.cli import EXIT_INVALID, main
from industrial_policy.errors import (
    FileFormatError,
    InvalidValueError,
    UnknownRecordError,
    did_you_mean,
    short_repr,
)
from industrial_policy.rules import evaluate, load_packs

NAMES = st.lists(st.from_regex(r"[a-z][a-z0-9.\-]{2,20}", fullmatch=True), min_size=1, max_size=30)


@given(NAMES, st.data())
def test_a_name_one_letter_off_is_suggested_and_every_choice_is_listed(
    names: list[str], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(names))
    mistyped = name[:-1]  # one letter dropped
    text = did_you_mean(mistyped, names, listed=len(names))
    assert f"{name!r}" in text.split("The choices are")[0] or len(set(names)) > 3
    for choice in set(names):
        assert repr(choice) in text


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4) | st.floats(-1e9, 1e9))
@example(Decimal("1000000000000000000000000.0001"))  # 29 digits: normalize() used to round it
def test_a_number_in_a_message_is_the_number_as_written(number: Decimal | float) -> None:
    text = short_repr(number)
    assert "Decimal" not in text
    assert not text.endswith(".0")
    assert Decimal(text) == Decimal(str(number))


def test_a_mistyped_example_name_lists_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UnknownRecordError, match="did you mean 'hai-duong-2021'"):
        ip.examples.load("hai-duong-20211")
    code = main(["evaluate", "hai-duong-20211"], stdout=io.StringIO())
    assert code == EXIT_INVALID
    message = capsys.readouterr().err
    assert "did you mean 'hai-duong-2021'" in message
    for name in ip.examples.names():
        assert repr(name) in message
    assert "no file format" not in message


def test_a_wrong_zone_in_input_lists_the_zones_in_scope(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["evaluate", "hai-duong-2021", "--input", "vn-national.cluster-expansion:hd-ccn-c=10ha"]
    assert main(argv, stdout=io.StringIO()) == EXIT_INVALID
    assert "did you mean 'hd-ccn-b'" in capsys.readouterr().err


def test_a_mistyped_field_in_a_dataset_file_is_suggested() -> None:
    text = """
format = "industrial-policy/1"
[[zones]]
id = "kcn-a"
name = "A"
kind = "industrial_park"
province = "P"
totl_area = "300 ha"
"""
    with pytest.raises(FileFormatError, match="did you mean 'total_area'"):
        ip.loads(text)


def test_a_mistyped_column_of_a_table_is_suggested() -> None:
    pytest.importorskip("pandas")
    import pandas as pd

    frame = pd.DataFrame({"id": ["kcn-a"], "name": ["A"], "kind": ["industrial_park"],
                          "province": ["P"], "total_are": ["300 ha"]})  # fmt: skip
    with pytest.raises(ip.IndustrialPolicyError, match="did you mean 'total_area'"):
        ip.read_frames(zones=frame)


def test_mistyped_rule_and_parameter_ids_are_suggested() -> None:
    packs = load_packs(["vn-land"])
    with pytest.raises(UnknownRecordError, match=r"did you mean 'vn-land\.occupancy'"):
        packs.rule("vn-land.occupancy-")
    with pytest.raises(InvalidValueError, match=r"did you mean 'vn-land\.occupancy\.min-share'"):
        evaluate(ip.Dataset(), packs, "2024-12-31", overrides={"vn-land.occupancy.minshare": 1})
