"""Errors pinned whole, for the tests written from mutation testing (``*_mutation_kills.py``):
the exact text of an error, and the field, record type and value it carries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from industrial_policy.errors import InvalidValueError


def refused(call: Callable[[], object]) -> InvalidValueError:
    """The error ``call`` raises (the test fails if it raises none)."""
    with pytest.raises(InvalidValueError) as caught:
        call()
    return caught.value


def assert_refused(
    call: Callable[[], object],
    message: str,
    field: str | None,
    record_type: str | None,
    value: object,
) -> None:
    """``call`` raises an error of exactly ``message``, naming ``field``, ``record_type`` and
    ``value``."""
    error = refused(call)
    assert str(error) == message
    assert (error.field, error.record_type, error.value) == (field, record_type, value)
