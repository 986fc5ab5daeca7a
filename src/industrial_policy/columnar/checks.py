"""Checks that tie a record kind's fields together, run on whole columns.

A record kind checks itself one record at a time (its attrs validators). A
table read from a user's columns is checked on whole columns instead, by the
function the kind registers here: it yields a :class:`Violation` per rule,
the rows that break it as a mask. The kind's module keeps both forms side by
side with one message each, and the tests check they agree. A kind that
registers nothing is checked by making each record.

A kind may also register how to fill a field its table does not give, when
the default depends on other fields (a zone specialises in hi-tech when it is
a hi-tech park).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from industrial_policy.columnar.column import BoolArray, Column

__all__ = ["Violation", "checks_of", "defaults_of", "order_of", "register"]


@attrs.frozen
class Violation:
    """The rows (a mask) that break one rule, the field it is told of, and why: one
    reason for every row, or a function giving the reason of a row (by position).
    ``value`` gives the value shown for a row, where it is not the field's (the one
    event of a project's events that breaks the rule)."""

    field: str
    rows: BoolArray
    reason: str | Callable[[int], str]
    value: Callable[[int], object] | None = None

    def reason_of(self, row: int) -> str:
        return self.reason if isinstance(self.reason, str) else self.reason(row)


Check = Callable[[Any], Iterable[Violation]]
"""Takes a :class:`~industrial_policy.columnar.table.Table`; yields violations."""

Default = Callable[[Mapping[str, Column]], Column]
"""Makes a field's column from the other columns read."""

_CHECKS: dict[type[Any], Check] = {}
_DEFAULTS: dict[type[Any], dict[str, Default]] = {}
_ORDERS: dict[type[Any], tuple[str, ...]] = {}


def register(
    kind: type[Any],
    check: Check | None = None,
    *,
    defaults: Mapping[str, Default] | None = None,
    order: tuple[str, ...] = (),
) -> None:
    """Register, at the import of ``kind``'s module: its whole-column check, its derived
    defaults, and for a kind nested in another, the fields its records are kept in order
    of within their parent (a project's capital events by date, then kind)."""
    if check is not None:
        _CHECKS[kind] = check
    if defaults:
        _DEFAULTS[kind] = dict(defaults)
    if order:
        _ORDERS[kind] = order


def checks_of(kind: type[Any]) -> Check | None:
    return _CHECKS.get(kind)


def defaults_of(kind: type[Any]) -> Mapping[str, Default]:
    return _DEFAULTS.get(kind, {})


def order_of(kind: type[Any]) -> tuple[str, ...]:
    return _ORDERS.get(kind, ())
