"""Dossiers (hồ sơ): applications for an administrative procedure, one by one or counted.

Provinces publish both forms, so both are records here:

* a :class:`Dossier` is one application: when it was received, through
  which channel, whether its fee was paid online (or no fee was due),
  whether its result was digitised, when it was due and when completed;
* a :class:`DossierCount` is the published tally for one procedure over one
  period: dossiers received, received online, with a fee due, paid online,
  completed, completed on time, with results digitised. Any count may be
  missing (a province that publishes only its online-payment figures).

Which dossiers each rate counts (``docs/services.md``): the online and the
online-payment rates count the dossiers *received* in the period; the
on-time and digitised-results rates count the dossiers *completed* in it.

>>> from industrial_policy.records.dossiers import Dossier, DossierCount
>>> d = Dossier(id="d-1", procedure_id="1.009974", received="2024-03-04", channel="online",
...             payment="online", result_digitised=True, due="2024-03-18",
...             completed="2024-03-15")
>>> d.on_time
True
>>> c = DossierCount(id="c-1", procedure_id="1.009974", period="Q1 2024", received=120,
...                  received_online=95)
>>> str(c.period), c.fee_due is None
('Q1 2024', True)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy import _fields
from industrial_policy.columnar import DateColumn, IntColumn, Table
from industrial_policy.columnar.checks import Violation, register
from industrial_policy.columnar.scalars import day_of
from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import Period, parse_period

__all__ = ["Channel", "Dossier", "DossierCount", "Payment"]


class Channel(enum.StrEnum):
    """How a dossier was submitted."""

    ONLINE = "online"  # trực tuyến
    IN_PERSON = "in_person"  # trực tiếp
    POSTAL = "postal"  # qua dịch vụ bưu chính công ích


class Payment(enum.StrEnum):
    """How a dossier's fee was settled."""

    ONLINE = "online"  # paid online (thanh toán trực tuyến)
    OTHER = "other"  # paid, not online (cash at the desk, bank transfer, at the post office)
    NO_FEE = "no_fee"  # no fee or charge was due


# What the checks of dossiers and counts say, record by record (the validators) and
# column by column (``_dossier_checks`` and ``_count_checks``, for tables).
def _due_before_receipt(received: dt.date | None) -> str:
    return f"the result cannot be due before receipt on {received}"


def _completed_before_receipt(received: dt.date | None) -> str:
    return f"a dossier cannot be completed before receipt on {received}"


def _part_over_whole(part: str, whole: str, of: int) -> str:
    return f"{part} cannot exceed {whole} ({of:,})"


@_fields.typed_init
@attrs.frozen(init=False)
class Dossier:
    """One application for one procedure.

    ``payment``, ``result_digitised``, ``due`` and ``completed`` may be left
    out: ``None`` means not recorded (never "no"); ``completed`` is ``None``
    while the dossier is being processed. ``province`` defaults to the
    procedure's.
    """

    id: str = _fields.identifier()
    procedure_id: str = _fields.reference("procedures")
    received: dt.date = _fields.day()
    channel: Channel = _fields.choice(Channel)
    payment: Payment | None = _fields.choice(Payment, optional=True)
    result_digitised: bool | None = _fields.optional_flag()
    due: dt.date | None = _fields.day(optional=True)
    completed: dt.date | None = _fields.day(optional=True)
    province: str | None = _fields.text(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            procedure_id: str,
            received: _fields.DateInput,
            channel: Channel | str,
            payment: Payment | str | None = ...,
            result_digitised: bool | None = ...,
            due: _fields.DateInput | None = ...,
            completed: _fields.DateInput | None = ...,
            province: str | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    @due.validator
    def _check_due(self, field: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and value < self.received:
            _fields.fail(self, field, value, _due_before_receipt(self.received))

    @completed.validator
    def _check_completed(self, field: attrs.Attribute[Any], value: dt.date | None) -> None:
        if value is not None and value < self.received:
            _fields.fail(self, field, value, _completed_before_receipt(self.received))

    @property
    def on_time(self) -> bool | None:
        """Completed on or before its due date; ``None`` if not completed or no due date."""
        if self.completed is None or self.due is None:
            return None
        return self.completed <= self.due


def _period(value: object, instance: object, field: attrs.Attribute[Any]) -> Period:
    try:
        return parse_period(value)  # type: ignore[arg-type]
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


_PARTS = (
    ("received_online", "received"),
    ("fee_due", "received"),
    ("paid_online", "fee_due"),
    ("completed_on_time", "completed"),
    ("results_digitised", "completed"),
)


@_fields.typed_init
@attrs.frozen(init=False)
class DossierCount:
    """Published counts of one procedure's dossiers over one period.

    * ``received``: dossiers received in the period; ``received_online`` of
      them online;
    * ``fee_due``: dossiers received in the period with a fee or charge due;
      ``paid_online`` of them paid online;
    * ``completed``: dossiers completed (results issued) in the period;
      ``completed_on_time`` of them by their due date, ``results_digitised``
      of them with the result digitised.

    A count left out is not known (never zero). A part cannot exceed its
    whole.
    """

    id: str = _fields.identifier()
    procedure_id: str = _fields.reference("procedures")
    period: Period = _fields.converted(_period)
    received: int | None = _fields.count(optional=True)
    received_online: int | None = _fields.count(optional=True)
    fee_due: int | None = _fields.count(optional=True)
    paid_online: int | None = _fields.count(optional=True)
    completed: int | None = _fields.count(optional=True)
    completed_on_time: int | None = _fields.count(optional=True)
    results_digitised: int | None = _fields.count(optional=True)
    province: str | None = _fields.text(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            procedure_id: str,
            period: _fields.PeriodInput,
            received: int | None = ...,
            received_online: int | None = ...,
            fee_due: int | None = ...,
            paid_online: int | None = ...,
            completed: int | None = ...,
            completed_on_time: int | None = ...,
            results_digitised: int | None = ...,
            province: str | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    def __attrs_post_init__(self) -> None:
        for part, whole in _PARTS:
            have, of = getattr(self, part), getattr(self, whole)
            if have is not None and of is not None and have > of:
                raise InvalidValueError(
                    _part_over_whole(part, whole, of),
                    value=have,
                    field=part,
                    record_type="DossierCount",
                    record_id=self.id,
                )


def _dossier_checks(table: Table[Dossier]) -> Iterator[Violation]:
    received = table.typed("received", DateColumn).days

    def receipt(row: int) -> dt.date | None:
        return day_of(received[row])

    due = table.typed("due", DateColumn).days
    completed = table.typed("completed", DateColumn).days
    # NaT compares False: a date not recorded breaks no rule.
    yield Violation("due", due < received, lambda row: _due_before_receipt(receipt(row)))
    yield Violation(
        "completed", completed < received, lambda row: _completed_before_receipt(receipt(row))
    )


def _count_checks(table: Table[DossierCount]) -> Iterator[Violation]:
    for part, whole in _PARTS:
        have = table.typed(part, IntColumn).numbers
        of = table.typed(whole, IntColumn).numbers
        known = (have != IntColumn.MISSING) & (of != IntColumn.MISSING)
        yield Violation(part, known & (have > of), _part_reason(part, whole, of))


def _part_reason(part: str, whole: str, of: npt.NDArray[np.int64]) -> Callable[[int], str]:
    return lambda row: _part_over_whole(part, whole, int(of[row]))


register(Dossier, _dossier_checks)
register(DossierCount, _count_checks)
