"""Inputs the library must reject, each with the error it must raise.

The ``invalid_*`` strategies draw :class:`InvalidInput` and
:class:`InvalidDataset` cases. A case knows what to call, with what, and
what the error must say; :meth:`InvalidInput.check` runs it and fails with
an ``AssertionError`` when the library accepts the input or rejects it
without naming the field, the record and the value.

>>> from industrial_policy.errors import AmbiguousUnitError
>>> from industrial_policy.units import parse_area
>>> case = InvalidInput(parse_area, {"value": "3 sào", "field": "area"},
...                     AmbiguousUnitError, field="area", value="3 sào")
>>> case.check().field
'area'
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from industrial_policy.dataset import Dataset
from industrial_policy.errors import (
    DatasetIntegrityError,
    IndustrialPolicyError,
    InvalidValueError,
    Problem,
    english,
)

__all__ = ["NOT_CHECKED", "ExpectedProblem", "InvalidDataset", "InvalidInput"]


class _NotChecked:
    def __repr__(self) -> str:
        return "NOT_CHECKED"


NOT_CHECKED: Any = _NotChecked()
"""Put in :attr:`InvalidInput.value` when the offending value is not to be compared."""


def same_value(a: object, b: object) -> bool:
    """Equality that also holds for NaN and for values whose ``==`` misbehaves."""
    if a is b:
        return True
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except Exception:  # an array or a quantity of another dimension: not equal
        return False


@attrs.frozen
class InvalidInput:
    """Calling ``target(**kwargs)`` must raise ``error`` naming ``field``, the record and ``value``.

    ``error`` is the exact type expected (a subclass does not do).
    ``record_type`` and ``record_id`` are what the error must name (``None``:
    it must name none, as when the id itself is the bad value). ``reason``,
    when given, is a fragment the message must contain.
    """

    target: Callable[..., object]
    kwargs: Mapping[str, object]
    error: type[IndustrialPolicyError]
    field: str | None = None
    value: object = NOT_CHECKED
    record_type: str | None = None
    record_id: str | None = None
    reason: str | None = None

    def call(self) -> object:
        """Run the call that must fail (returns only if the library wrongly accepts it)."""
        return self.target(**self.kwargs)

    def check(self) -> IndustrialPolicyError:
        """Run the call; return the error after checking that it says what it must."""
        try:
            accepted = self.call()
        except self.error as exc:
            self._check_error(exc)
            return exc
        raise AssertionError(f"{self!r} was accepted: {accepted!r}")

    def _check_error(self, exc: IndustrialPolicyError) -> None:
        message = english(exc)
        # Exactly this type: "3 kg" must not be called an ambiguous unit.
        assert type(exc) is self.error, f"{message!r} is a {type(exc).__name__}"
        if self.reason is not None:
            assert self.reason in message, f"{message!r} does not say {self.reason!r}"
        if not isinstance(exc, InvalidValueError):
            return
        assert exc.field == self.field, f"{message!r} names field {exc.field!r}, not {self.field!r}"
        assert exc.record_type == self.record_type, (
            f"{message!r} names record type {exc.record_type!r}, not {self.record_type!r}"
        )
        assert exc.record_id == self.record_id, (
            f"{message!r} names record {exc.record_id!r}, not {self.record_id!r}"
        )
        if self.value is not NOT_CHECKED:
            assert same_value(exc.value, self.value), (
                f"{message!r} reports value {exc.value!r}, not {self.value!r}"
            )
        if self.field is not None:
            assert self.field in message, f"{message!r} does not name field {self.field!r}"
        if self.record_type is not None:
            assert self.record_type in message, f"{message!r} does not name {self.record_type}"
        if self.record_id is not None:
            assert repr(self.record_id) in message, f"{message!r} does not name the record"


PROBLEM_KINDS = (
    "duplicate_id",
    "unknown_reference",
    "cycle",
    "parcels_over_area",
    "children_over_parent",
    "parent_not_economic_zone",
)
"""The kinds of integrity problem :func:`invalid_datasets` injects."""

# What the message of each kind of problem says (dataset/integrity.py words it so).
_KIND_WORDS = {
    "duplicate_id": "is used by",
    "unknown_reference": "which is not in the dataset",
    "cycle": "contain each other",
    "parcels_over_area": "the parcels of zone",
    "children_over_parent": "the zones inside",
    "parent_not_economic_zone": "only an economic zone contains",
}


def problem_kind(problem: Problem) -> str | None:
    """The kind of an integrity problem, from its message (``None``: another kind)."""
    for kind, words in _KIND_WORDS.items():
        if words in problem.message:
            return kind
    return None


@attrs.frozen
class ExpectedProblem:
    """A problem the dataset check must report: its kind, its path and its value.

    ``value`` is compared exactly, except a float (an area sum in ha), which
    is compared to a relative 1e-9.
    """

    kind: str
    path: str
    value: object = NOT_CHECKED

    def matches(self, problem: Problem) -> bool:
        if problem.path != self.path or problem_kind(problem) != self.kind:
            return False
        if self.value is NOT_CHECKED:
            return True
        if isinstance(self.value, float) and isinstance(problem.value, float):
            return math.isclose(problem.value, self.value, rel_tol=1e-9)
        return same_value(problem.value, self.value)


@attrs.frozen
class InvalidDataset:
    """Records that are valid one by one, and the integrity problems they have together.

    ``Dataset(**records)`` must raise
    :class:`~industrial_policy.errors.DatasetIntegrityError` listing every
    problem in ``expected`` and no other problem of those kinds.
    """

    records: Mapping[str, tuple[Any, ...]]
    expected: tuple[ExpectedProblem, ...]

    def call(self) -> object:
        records: dict[str, Any] = dict(self.records)
        return Dataset(**records)

    def check(self) -> DatasetIntegrityError:
        """Build the dataset; return the error after checking it lists every expected problem."""
        try:
            accepted = self.call()
        except DatasetIntegrityError as exc:
            self._check_problems(exc.problems)
            return exc
        raise AssertionError(f"the inconsistent records were accepted: {accepted!r}")

    def _check_problems(self, problems: tuple[Problem, ...]) -> None:
        listed = "\n".join(f"  {p}" for p in problems)
        for wanted in self.expected:
            assert any(wanted.matches(p) for p in problems), (
                f"{wanted} is not reported; reported:\n{listed}"
            )
        expected = Counter(wanted.kind for wanted in self.expected)
        reported = Counter(problem_kind(p) for p in problems)
        for kind in PROBLEM_KINDS:
            assert reported[kind] == expected[kind], (
                f"{reported[kind]} problems of kind {kind!r} reported,"
                f" {expected[kind]} expected:\n{listed}"
            )
