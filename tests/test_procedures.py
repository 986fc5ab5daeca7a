"""Administrative procedures: both online classifications, level bounds, fees, refusals."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.errors import InvalidValueError
from industrial_policy.money import Money
from industrial_policy.records.procedures import GovernmentLevel, OnlineService, Procedure
from industrial_policy.testing import InvalidInput, invalid_procedures, procedures

BASE: dict[str, Any] = {
    "id": "1.009974",
    "name": "Cấp giấy chứng nhận đăng ký đầu tư",
    "government_level": "provincial",
    "field": "investment",
}


@given(procedures())
def test_generated_procedures_are_valid(procedure: Procedure) -> None:
    assert procedure.online_level in (None, 1, 2, 3, 4)
    assert procedure.fee is None or procedure.fee.amount >= 0
    assert attrs.evolve(procedure) == procedure


@given(invalid_procedures())
def test_invalid_procedures_are_refused_naming_class_field_value_and_id(
    case: InvalidInput,
) -> None:
    case.check()


@settings(max_examples=10)
@given(procedures())
def test_procedures_are_frozen(procedure: Procedure) -> None:
    for field in attrs.fields(Procedure):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(procedure, field.name, None)


@given(st.integers(-10, 10))
def test_decree_43_levels_run_from_1_to_4(level: int) -> None:
    if 1 <= level <= 4:
        assert Procedure(**BASE, online_level=level).online_level == level
    else:
        with pytest.raises(InvalidValueError) as caught:
            Procedure(**BASE, online_level=level)
        assert caught.value.field == "online_level"
        assert caught.value.value == level
        assert "Procedure '1.009974'.online_level" in str(caught.value)


def test_both_classifications_can_be_given() -> None:
    procedure = Procedure(**BASE, online_level=4, online_service="full_process")
    assert procedure.online_service is OnlineService.FULL_PROCESS
    assert procedure.government_level is GovernmentLevel.PROVINCIAL


def test_a_fee_is_money_and_never_negative() -> None:
    assert Procedure(**BASE, fee="500000 VND").fee == Money(500_000, "VND")
    assert Procedure(**BASE, fee="0 VND").fee == Money(0, "VND")
    with pytest.raises(InvalidValueError, match="fee cannot be negative"):
        Procedure(**BASE, fee="-1 VND")
    with pytest.raises(InvalidValueError) as caught:
        Procedure(**BASE, fee="500000")  # no currency
    assert caught.value.field == "fee"


@pytest.mark.parametrize("flag", ["yes", 1, 0, "true"])
def test_eligibility_is_a_strict_boolean(flag: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Procedure(**BASE, eligible_for_full_online=flag)
    assert caught.value.field == "eligible_for_full_online"
