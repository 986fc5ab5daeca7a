"""The dataset's own evaluation settings: choices the library has no default for.

A dataset file may hold an ``evaluation`` table (:class:`EvaluationSettings`):
the date to evaluate on, the denominator of the share of procedures online,
the day Decree 42/2022/ND-CP's classification took over, the periods of
dossier rates and the rule packs to run. They are metadata of the dataset;
:func:`industrial_policy.evaluate.evaluate_all` reads them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy import _fields
from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import Period, parse_period

__all__ = ["EvaluationSettings"]


def _periods(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[Period, ...]:
    if isinstance(value, str | bytes | int) or not isinstance(value, Iterable):
        _fields.fail(instance, field, value, "must be a list of periods such as '2024'")
    result = []
    for item in value:
        try:
            result.append(parse_period(item, field=field.name, record_type="EvaluationSettings"))
        except Exception as exc:  # the library's error, re-raised with the field named
            if isinstance(exc, InvalidValueError):
                _fields.relocate(instance, field, exc)
            raise
    return tuple(result)


def _names(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        _fields.fail(instance, field, value, "must be a list of names")
    convert = _fields.text().converter
    return tuple(convert(item, instance, field) for item in value)


@_fields.typed_init
@attrs.frozen(init=False)
class EvaluationSettings:
    """Choices a dataset makes for its evaluation, where the library has no default.

    * ``as_of``: the date the dataset is evaluated on when none is given;
    * ``procedure_denominator``: ``"all"`` or ``"eligible"`` procedures, for
      the share of procedures offered online;
    * ``classification_switch``: the first day reported under Decree
      42/2022/ND-CP (otherwise the records decide);
    * ``dossier_periods``: the periods dossier rates are computed for;
    * ``rule_packs``: the rule packs to run (default: every shipped pack).
    """

    as_of: dt.date | None = _fields.day(optional=True)
    procedure_denominator: str | None = _fields.text(optional=True)
    classification_switch: dt.date | None = _fields.day(optional=True)
    dossier_periods: tuple[Period, ...] = _fields.converted(_periods, factory=tuple)
    rule_packs: tuple[str, ...] = _fields.converted(_names, factory=tuple)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            as_of: _fields.DateInput | None = ...,
            procedure_denominator: str | None = ...,
            classification_switch: _fields.DateInput | None = ...,
            dossier_periods: Iterable[_fields.PeriodInput] = ...,
            rule_packs: Iterable[str] = ...,
        ) -> None: ...

    @procedure_denominator.validator
    def _check_denominator(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and value not in ("all", "eligible"):
            _fields.fail(self, field, value, "must be 'all' or 'eligible'")
