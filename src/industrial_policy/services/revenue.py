"""Revenue impact of a fee discount: the fees forgone over a period, from the dossiers.

:func:`fees_forgone` prices every dossier of a
:class:`~industrial_policy.records.dossier_table.DossierTable` received in
the period and in the discount's window and scope, in bulk: the fee in
force for each row is found with one ``searchsorted`` over
``(procedure, channel, day)`` keys, the procedure's level on the row's day
with another, and the dossiers are counted per fee line with
``np.bincount``. Money is then multiplied exactly, in Decimal, once per fee
line: ``count × amount × rate``.

The answer is a :class:`~industrial_policy.findings.Finding` of kind
``"impact"`` (check ``services.fees_forgone``): the amount forgone, the
dossiers discounted, the fees scheduled and due, and how many dossiers
could not be placed in or out of scope because the procedure's level on
their day is not recorded (with the amount that would add).

The impact is that of the one discount as if it alone applied; other
discounts in force on the same dossiers are named in the notes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError, UnknownRecordError
from industrial_policy.findings import (
    Amount,
    Explanation,
    Finding,
    InputValue,
    ParameterUse,
    Status,
)
from industrial_policy.io.lazy import is_frame
from industrial_policy.money import Money
from industrial_policy.numbers import percent_text
from industrial_policy.periods import Period, parse_period
from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import Channel, Payment
from industrial_policy.records.fees import Fee, FeeDiscount, FeeKind, format_duration
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.procedures import Procedure
from industrial_policy.services.aggregation import dossier_source
from industrial_policy.services.classification import LevelMapping
from industrial_policy.services.levels import UNKNOWN, YES, LevelTable, within
from industrial_policy.services.rates import check_unknown_share, level_table

__all__ = ["fees_forgone"]

IntArray = npt.NDArray[np.int64]

_DAY_OFFSET = 100_000
_DAY_SPAN = 2 * _DAY_OFFSET
_CHANNELS = list(Channel)
_NO_FEE = list(Payment).index(Payment.NO_FEE)


class _Entry:
    """A fee line as priced here: a Fee record, or a procedure's undated fee."""

    __slots__ = ("amount", "procedure", "ref")

    def __init__(self, procedure: int, amount: Money, ref: str) -> None:
        self.procedure = procedure
        self.amount = amount
        self.ref = ref


def _entries(
    kind: FeeKind, fees: Sequence[Fee], procedures: Sequence[Procedure], index: dict[str, int]
) -> tuple[list[_Entry], IntArray, IntArray]:
    """The fee lines of one kind and their sorted ``(procedure, channel, day)`` keys."""
    entries: list[_Entry] = []
    keys: list[int] = []
    owners: list[int] = []
    explicit = {f.procedure_id for f in fees if f.kind is kind}
    for fee in fees:
        if fee.kind is not kind or fee.procedure_id not in index:
            continue
        procedure = index[fee.procedure_id]
        since = (
            0
            if fee.effective_from is None
            else (int(np.datetime64(fee.effective_from, "D").astype(np.int64)) + _DAY_OFFSET)
        )
        entry = len(entries)
        entries.append(_Entry(procedure, fee.amount, fee.ref))
        for channel in fee.channels or _CHANNELS:
            keys.append((procedure * len(_CHANNELS) + _CHANNELS.index(channel)) * _DAY_SPAN + since)
            owners.append(entry)
    if kind is FeeKind.PROCEDURE:
        for position, record in enumerate(procedures):
            if record.fee is not None and record.id not in explicit:
                entry = len(entries)
                entries.append(_Entry(position, record.fee, f"procedure {record.id!r}.fee"))
                for code in range(len(_CHANNELS)):
                    keys.append((position * len(_CHANNELS) + code) * _DAY_SPAN)
                    owners.append(entry)
    key_array = np.array(keys, dtype=np.int64)
    order = np.argsort(key_array, kind="stable")
    return entries, key_array[order], np.array(owners, dtype=np.int64)[order]


def _lookup(keys: IntArray, owners: IntArray, row_keys: IntArray) -> IntArray:
    """The entry in force for each row key (``-1`` where the schedule has none)."""
    if not len(keys):
        return np.full(len(row_keys), -1, dtype=np.int64)
    position = np.searchsorted(keys, row_keys, side="right") - 1
    safe = np.maximum(position, 0)
    found = (position >= 0) & (keys[safe] // _DAY_SPAN == row_keys // _DAY_SPAN)
    result: IntArray = np.where(found, owners[safe], -1)
    return result


def _resolve(
    source: Dataset | DossierTable,
    discount: FeeDiscount | str,
    procedures: Sequence[Procedure] | None,
    fees: Iterable[Fee] | None,
    offerings: Iterable[ServiceOffering] | None,
) -> tuple[
    tuple[Procedure, ...],
    DossierTable | None,
    tuple[Fee, ...],
    FeeDiscount,
    LevelTable,
    tuple[FeeDiscount, ...],
]:
    if isinstance(source, Dataset):
        procs, table, _ = dossier_source(source, None, None)
        all_fees = tuple(getattr(source, "fees", ())) + tuple(fees or ())
        discounts = tuple(getattr(source, "fee_discounts", ()))
        _, levels = level_table(source, offerings)
    elif isinstance(source, DossierTable):
        if procedures is None:
            raise InvalidValueError(
                "without a Dataset, give the procedures the dossiers belong to",
                value=None,
                field="procedures",
            )
        procs, table = tuple(procedures), source
        all_fees = tuple(fees or ())
        discounts = ()
        _, levels = level_table(procs, offerings)
    else:
        reason = "must be a Dataset or a DossierTable"
        if is_frame(source):
            reason += (
                " (fees forgone are priced from rows held in memory: a frame's rows are not"
                " priced in its engine, see docs/scaling.md)"
            )
        raise InvalidValueError(reason, value=source, field="source")
    if isinstance(discount, str):
        chosen = next((d for d in discounts if d.id == discount), None)
        if chosen is None:
            raise UnknownRecordError(f"no fee discount with id {discount!r} in the dataset")
        discount = chosen
    if not isinstance(discount, FeeDiscount):
        raise InvalidValueError("must be a FeeDiscount or its id", value=discount, field="discount")
    return procs, table, all_fees, discount, levels, discounts


def fees_forgone(
    source: Dataset | DossierTable,
    discount: FeeDiscount | str,
    *,
    period: Period | str | int,
    procedures: Sequence[Procedure] | None = None,
    fees: Iterable[Fee] | None = None,
    offerings: Iterable[ServiceOffering] | None = None,
    mapping: LevelMapping | None = None,
    max_unknown_share: float = 0.0,
) -> Finding:
    """The fees a discount forgoes over ``period``: one finding, explained.

    ``source`` is a dataset (its dossiers, procedures, fees, discounts and
    offerings; ``discount`` may be an id) or a
    :class:`~industrial_policy.records.dossier_table.DossierTable` with
    ``procedures``, ``fees`` and ``offerings``. Dossiers recorded with no
    fee due are left out; dossiers whose payment is not recorded are priced
    by the schedule. Dossiers whose procedure's level on their day is not
    recorded are counted apart; above ``max_unknown_share`` of the dossiers
    in scope, the finding is ``insufficient_data`` with the range.
    """
    asked = parse_period(period, field="period")
    tolerance = check_unknown_share(max_unknown_share)
    procs, table, all_fees, chosen, levels, others = _resolve(
        source, discount, procedures, fees, offerings
    )
    scale = mapping or LevelMapping()
    window = chosen.window
    span = asked.intersection(window)
    subject = f"{chosen.id}@{asked.canonical_label}"
    title = f"Fees forgone by {chosen.title or chosen.id}, {asked.label}"
    parameters = (
        ParameterUse(
            f"{chosen.id}.rate",
            Amount(float(chosen.rate), "ratio"),
            effective_from=chosen.start,
            citation=chosen.citation,
        ),
    )
    base_notes = [
        f"discount window {window.start.isoformat()} to {window.end.isoformat()}, end included"
        f" (start {chosen.start.isoformat()} supplied by the user,"
        f" duration {format_duration(chosen.duration)})",
        f"scope: {chosen.scope_text()}",
        f"level mapping for records in the other classification: {scale.describe()}",
    ]
    if span is None or table is None or not len(table):
        why = (
            f"the discount is not in force in {asked.label}"
            if span is None
            else "there are no dossier rows to price"
        )
        return _finding(
            chosen,
            subject,
            title,
            asked,
            Status.NOT_APPLICABLE if span is None else Status.INSUFFICIENT_DATA,
            None,
            {},
            (),
            parameters,
            (),
            [why, *base_notes],
        )
    index = {p.id: i for i, p in enumerate(procs)}
    procedure = table.positions_in(index)[table.procedure]
    start, end = np.datetime64(span.start, "D"), np.datetime64(span.end, "D")
    rows = (table.received >= start) & (table.received <= end) & (table.payment != _NO_FEE)
    if chosen.channels:
        rows &= np.isin(table.channel, [_CHANNELS.index(c) for c in chosen.channels])
    if chosen.procedures:
        wanted = np.zeros(len(procs), dtype=np.bool_)
        wanted[[index[p] for p in chosen.procedures if p in index]] = True
        rows &= wanted[procedure]
    chosen_rows = np.flatnonzero(rows)
    row_procedure = procedure[chosen_rows]
    row_days = table.received[chosen_rows]
    row_channel = table.channel[chosen_rows].astype(np.int64)
    states = levels.on(row_procedure, row_days)
    answer = within(states, levels=chosen.levels, services=chosen.services, mapping=scale)
    in_scope = answer == YES
    unknown = answer == UNKNOWN
    row_keys = (row_procedure * len(_CHANNELS) + row_channel) * _DAY_SPAN + (
        row_days.astype(np.int64) + _DAY_OFFSET
    )
    forgone: dict[str, Decimal] = defaultdict(Decimal)
    possible: dict[str, Decimal] = defaultdict(Decimal)
    scheduled: dict[str, Decimal] = defaultdict(Decimal)
    steps: list[str] = []
    inputs: list[InputValue] = []
    priced = np.zeros(len(chosen_rows), dtype=np.bool_)
    for kind in chosen.fee_kinds or FeeKind:
        entries, keys, owners = _entries(kind, all_fees, procs, index)
        entry = _lookup(keys, owners, row_keys)
        has_fee = entry >= 0
        priced |= has_fee
        known_counts = np.bincount(entry[has_fee & in_scope], minlength=len(entries))
        unknown_counts = np.bincount(entry[has_fee & unknown], minlength=len(entries))
        for e in np.flatnonzero(known_counts + unknown_counts):
            item = entries[int(e)]
            currency = item.amount.currency
            count = int(known_counts[e])
            cut = item.amount.amount * chosen.rate
            forgone[currency] += cut * count
            scheduled[currency] += item.amount.amount * count
            possible[currency] += cut * int(unknown_counts[e])
            if count and len(steps) < 20:
                steps.append(
                    f"{kind.value} fee {item.amount} [{item.ref}] × {count:,} dossiers ×"
                    f" {percent_text(chosen.rate)} = {Money(cut * count, currency)}"
                )
    discounted = int((in_scope & priced).sum())
    undecided = int((unknown & priced).sum())
    considered = int((in_scope | unknown).sum())
    notes = list(base_notes)
    notes.append(
        "counted: dossiers received from"
        f" {span.start.isoformat()} to {span.end.isoformat()} (the period within the window);"
        " dossiers recorded with no fee due are left out, those whose payment is not recorded"
        " are priced by the schedule"
    )
    unpriced = int(((in_scope | unknown) & ~priced).sum())
    if unpriced:
        notes.append(f"{unpriced:,} dossiers in scope have no fee in the schedule: nothing forgone")
    overlapping = [d.id for d in others if d.id != chosen.id and d.window.overlaps(span)]
    if overlapping:
        notes.append(
            "computed as if this discount alone applied; also in force in the period: "
            + ", ".join(overlapping)
        )
    if len(steps) == 20:
        notes.append("only the first 20 fee lines are shown in the computation")
    currencies = sorted(set(forgone) | set(possible))
    details: dict[str, Amount | None] = {
        "dossiers_discounted": Amount.count(discounted),
        "dossiers_level_not_recorded": Amount.count(undecided),
    }
    for currency in currencies:
        suffix = f"_{currency}" if len(currencies) > 1 else ""
        details[f"fees_scheduled{suffix}"] = Amount(scheduled[currency], currency)
        details[f"fees_due{suffix}"] = Amount(scheduled[currency] - forgone[currency], currency)
        if undecided:
            details[f"highest_possible{suffix}"] = Amount(
                forgone[currency] + possible[currency], currency
            )
    inputs.append(InputValue("dossiers discounted", Amount.count(discounted)))
    if undecided:
        inputs.append(
            InputValue(
                "dossiers whose procedure's level on their day is not recorded",
                Amount.count(undecided),
            )
        )
    share = undecided / considered if considered else 0.0
    actual: Amount | None = None
    if undecided and share > tolerance:
        status = Status.INSUFFICIENT_DATA
        notes.insert(
            0,
            f"{undecided:,} of {considered:,} dossiers ({share:.2%}) cannot be placed in or out"
            f" of scope: their procedure's level on the day is not recorded (at most"
            f" {tolerance:.2%} allowed, max_unknown_share)",
        )
    else:
        status = Status.MEASURED
        if undecided:
            notes.insert(
                0,
                f"{undecided:,} dossiers ({share:.2%}) whose level is not recorded are not"
                " counted; details give the highest possible amount",
            )
        if len(currencies) == 1:
            actual = Amount(forgone[currencies[0]], currencies[0])
        elif not currencies:
            notes.insert(0, "no dossier in scope has a fee in the schedule: nothing is forgone")
        else:
            notes.insert(0, "the fees are in several currencies: see the details per currency")
        for currency in currencies:
            if len(currencies) > 1:
                details[f"forgone_{currency}"] = Amount(forgone[currency], currency)
    return _finding(
        chosen,
        subject,
        title,
        asked,
        status,
        actual,
        details,
        tuple(inputs),
        parameters,
        tuple(steps),
        notes,
    )


def _finding(
    discount: FeeDiscount,
    subject: str,
    title: str,
    period: Period,
    status: Status,
    actual: Amount | None,
    details: dict[str, Amount | None],
    inputs: tuple[InputValue, ...],
    parameters: tuple[ParameterUse, ...],
    steps: tuple[str, ...],
    notes: Sequence[str],
) -> Finding:
    return Finding(
        check_id="services.fees_forgone",
        kind="impact",
        title=title,
        subject_id=subject,
        status=status,
        as_of=period.end,
        explanation=Explanation(
            formula="Σ over the dossiers in scope of the scheduled fee"
            f" × {percent_text(discount.rate)}",
            inputs=inputs,
            parameters=parameters,
            steps=steps,
            notes=tuple(notes),
        ),
        subject_kind="discount",
        actual=actual,
        citation=discount.citation,
        details=details,
    )
