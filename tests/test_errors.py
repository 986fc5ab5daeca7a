"""The error hierarchy and what error messages say."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from industrial_policy import errors
from industrial_policy.errors import (
    MAX_LISTED_PROBLEMS,
    AmbiguousUnitError,
    CurrencyMismatchError,
    DatasetIntegrityError,
    FileFormatError,
    IndustrialPolicyError,
    InvalidValueError,
    MissingExchangeRateError,
    Problem,
    ProblemsError,
    UnknownRecordError,
    short_repr,
)
from industrial_policy.testing import (
    InvalidInput,
    identifiers,
    invalid_areas,
    invalid_capital_events,
    invalid_parcels,
    invalid_procedures,
    invalid_projects,
    invalid_reported_figures,
    invalid_zones,
)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (InvalidValueError, ValueError),
        (AmbiguousUnitError, ValueError),
        (CurrencyMismatchError, TypeError),
        (MissingExchangeRateError, LookupError),
        (UnknownRecordError, LookupError),
        (ProblemsError, ValueError),
        (FileFormatError, ValueError),
        (DatasetIntegrityError, ValueError),
    ],
)
def test_every_error_is_the_librarys_and_the_matching_builtin(
    error: type[Exception], builtin: type[Exception]
) -> None:
    assert issubclass(error, IndustrialPolicyError)
    assert issubclass(error, builtin)


def test_every_public_error_is_exported() -> None:
    for name in errors.__all__:
        item = getattr(errors, name)
        assert name == "Problem" or issubclass(item, IndustrialPolicyError)


@given(
    every_case=st.one_of(
        invalid_areas(),
        invalid_zones(),
        invalid_parcels(),
        invalid_projects(),
        invalid_capital_events(),
        invalid_procedures(),
        invalid_reported_figures(),
    )
)
def test_no_invalid_input_escapes_as_a_builtin_error(every_case: InvalidInput) -> None:
    try:
        every_case.call()
    except IndustrialPolicyError:
        pass
    else:  # pragma: no cover - a failure
        pytest.fail(f"accepted: {every_case}")


@given(
    reason=st.text(min_size=1, max_size=40),
    value=st.one_of(st.text(max_size=20), st.integers(), st.none(), st.floats()),
    field=st.none() | st.sampled_from(["total_area", "kind"]),
    record_type=st.none() | st.sampled_from(["Zone", "Parcel"]),
    record_id=st.none() | identifiers(),
)
def test_the_message_names_record_field_reason_and_value(
    reason: str, value: object, field: str | None, record_type: str | None, record_id: str | None
) -> None:
    error = InvalidValueError(
        reason, value=value, field=field, record_type=record_type, record_id=record_id
    )
    message = str(error)
    assert reason in message
    assert f"(got {short_repr(value)})" in message
    if field:
        assert field in message
    if record_type:
        assert message.startswith(record_type)
        if record_id is not None:
            assert message.startswith(f"{record_type} {record_id!r}")


def test_the_documented_message_format() -> None:
    error = InvalidValueError(
        "an area must not be negative",
        value="-3 ha",
        field="total_area",
        record_type="Zone",
        record_id="kcn-1",
    )
    assert str(error) == "Zone 'kcn-1'.total_area: an area must not be negative (got '-3 ha')"


def test_located_fills_in_only_what_is_missing() -> None:
    bare = AmbiguousUnitError("ambiguous", value="3 sào")
    placed = bare.located(record_type="Zone", record_id="z", field="total_area")
    assert type(placed) is AmbiguousUnitError
    assert (placed.record_type, placed.record_id, placed.field) == ("Zone", "z", "total_area")
    again = placed.located(record_type="Parcel", record_id="p", field="area")
    assert (again.record_type, again.record_id, again.field) == ("Zone", "z", "total_area")


@given(st.text(max_size=500))
def test_long_values_are_cut_in_messages(text: str) -> None:
    shown = short_repr(text)
    assert len(shown) <= 80
    if len(repr(text)) <= 80:
        assert shown == repr(text)
    else:
        assert f"<{len(repr(text))} chars>" in shown


@given(st.integers(0, 3 * MAX_LISTED_PROBLEMS))
def test_a_problems_error_keeps_every_problem(count: int) -> None:
    problems = [Problem(f"zones[{i}]", f"problem {i}") for i in range(count)]
    error = DatasetIntegrityError(problems, source="dataset 'test'")
    assert error.problems == tuple(problems)
    message = str(error)
    assert message.startswith(f"inconsistent dataset in dataset 'test': {count} problem")
    listed = [line for line in message.splitlines() if line.startswith("  - ")]
    assert len(listed) == min(count, MAX_LISTED_PROBLEMS)
    if count > MAX_LISTED_PROBLEMS:
        assert f"and {count - MAX_LISTED_PROBLEMS} more" in message


def test_problem_text() -> None:
    assert str(Problem("zones[3].total_area", "must not be negative")) == (
        "zones[3].total_area: must not be negative"
    )
    assert str(Problem("", "no path")) == "no path"
