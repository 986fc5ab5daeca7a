"""The fee due on a dossier: the schedule's fees, less every discount that applies, explained.

The records, :class:`~industrial_policy.records.fees.Fee` (one line of a
procedure's schedule) and :class:`~industrial_policy.records.fees.FeeDiscount`
(a time-boxed cut), are in :mod:`industrial_policy.records.fees`.

:func:`fee_due` gives the amount due for a dossier (or a procedure, a
channel and a day) with every discount that applied and why the others did
not. No amount is rounded: Decimal money stays exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs
import numpy as np

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError, UnknownRecordError
from industrial_policy.findings import Amount, Explanation, InputValue, ParameterUse
from industrial_policy.money import Money
from industrial_policy.names import member
from industrial_policy.numbers import percent_text
from industrial_policy.periods import Period, parse_date
from industrial_policy.records.dossiers import Channel, Dossier
from industrial_policy.records.fees import Fee, FeeDiscount, FeeKind, Stacking
from industrial_policy.records.procedures import Procedure
from industrial_policy.services.classification import LevelMapping, service_words
from industrial_policy.services.levels import SERVICES, UNKNOWN, YES, LevelTable, within
from industrial_policy.services.rates import level_table

__all__ = [
    "AppliedDiscount",
    "FeeBook",
    "FeeDue",
    "FeeLine",
    "fee_due",
]


@attrs.frozen
class AppliedDiscount:
    """A discount that cut a fee: by how much, and the rule behind it."""

    discount_id: str
    rate: Decimal
    cut: Money
    window: Period
    citation: str | None = None


@attrs.frozen
class FeeLine:
    """One fee of the schedule on the day: scheduled, due, and the discounts applied."""

    kind: FeeKind
    scheduled: Money
    due: Money
    applied: tuple[AppliedDiscount, ...]
    fee_ref: str


@attrs.frozen
class FeeDue:
    """The fee due for one procedure, channel and day, with its explanation."""

    procedure_id: str
    channel: Channel
    on: dt.date
    lines: tuple[FeeLine, ...]
    explanation: Explanation
    dossier_id: str | None = None

    def _total(self, attribute: str) -> Money | None:
        currencies = {line.scheduled.currency for line in self.lines}
        if not currencies:
            return None
        if len(currencies) > 1:
            raise InvalidValueError(
                "the fees are in several currencies; read them line by line",
                value=sorted(currencies),
                record_type="FeeDue",
            )
        total = Money.zero(currencies.pop())
        for line in self.lines:
            total = total + getattr(line, attribute)
        return total

    @property
    def total(self) -> Money | None:
        """The amount due; ``None`` when the schedule has no fee for it."""
        return self._total("due")

    @property
    def scheduled(self) -> Money | None:
        """The amount the schedule asks before any discount."""
        return self._total("scheduled")

    def explain(self) -> str:
        who = f"dossier {self.dossier_id} " if self.dossier_id else ""
        lines = [
            f"Fee due for {who}procedure {self.procedure_id},"
            f" {self.channel.value.replace('_', ' ')}, on {self.on.isoformat()}",
        ]
        for line in self.lines:
            cuts = ", ".join(f"{a.discount_id} −{a.rate:%}" for a in line.applied)
            lines.append(
                f"  {line.kind.value}: {line.scheduled} scheduled"
                + (f", {cuts}" if cuts else "")
                + f" → {line.due} due [{line.fee_ref}]"
            )
        if not self.lines:
            lines.append("  no fee in the schedule")
        lines.append(f"  formula: {self.explanation.formula}")
        lines.extend(f"  - {step}" for step in self.explanation.steps)
        lines.extend(f"  note: {note}" for note in self.explanation.notes)
        return "\n".join(lines)


def _as_stacking(value: Stacking | str | None) -> Stacking | None:
    if value is None:
        return None
    try:
        return Stacking(value)
    except ValueError:
        raise InvalidValueError(
            "must be 'largest' or 'compound'", value=value, field="stacking"
        ) from None


def _procedures(value: Iterable[Procedure]) -> tuple[Procedure, ...]:
    return tuple(value)


def _fee_lines(value: Iterable[Fee]) -> tuple[Fee, ...]:
    return tuple(value)


def _discounts(value: Iterable[FeeDiscount]) -> tuple[FeeDiscount, ...]:
    return tuple(value)


@attrs.frozen(eq=False)
class FeeBook:
    """Everything needed to price a dossier: procedures, schedule, discounts, levels.

    Build one with :meth:`from_dataset` (or directly) and ask it
    :meth:`fee_due` for as many dossiers as needed.
    """

    procedures: tuple[Procedure, ...] = attrs.field(converter=_procedures)
    fees: tuple[Fee, ...] = attrs.field(default=(), converter=_fee_lines)
    discounts: tuple[FeeDiscount, ...] = attrs.field(default=(), converter=_discounts)
    mapping: LevelMapping = attrs.field(factory=LevelMapping)
    stacking: Stacking | None = attrs.field(default=None, converter=_as_stacking)
    levels: LevelTable | None = None

    @classmethod
    def from_dataset(
        cls,
        dataset: Dataset,
        *,
        discounts: Iterable[FeeDiscount] | None = None,
        mapping: LevelMapping | None = None,
        stacking: Stacking | str | None = None,
    ) -> FeeBook:
        """The dataset's procedures, fees, discounts and offerings (``discounts`` replaces them)."""
        _, table = level_table(dataset)
        return cls(
            procedures=dataset.procedures,
            fees=tuple(getattr(dataset, "fees", ())),
            discounts=tuple(discounts)
            if discounts is not None
            else tuple(getattr(dataset, "fee_discounts", ())),
            mapping=mapping or LevelMapping(),
            stacking=stacking,
            levels=table,
        )

    def __attrs_post_init__(self) -> None:
        if self.levels is None:
            # Frozen: the table is derived from the procedures, so it is set once, here.
            object.__setattr__(self, "levels", LevelTable.build(self.procedures))

    def _table(self) -> LevelTable:
        assert self.levels is not None
        return self.levels

    def procedure(self, procedure_id: str) -> Procedure:
        position = self._table().index.get(procedure_id)
        if position is None:
            raise UnknownRecordError(f"no procedure with id {procedure_id!r}")
        return self.procedures[position]

    def schedule(
        self, procedure: Procedure, channel: Channel, on: dt.date
    ) -> list[tuple[FeeKind, Money, str]]:
        """The fees in force for the procedure, channel and day: (kind, amount, reference)."""
        lines = []
        for kind in FeeKind:
            candidates = [
                f
                for f in self.fees
                if f.procedure_id == procedure.id
                and f.kind is kind
                and f.charged_on(channel)
                and (f.effective_from is None or f.effective_from <= on)
            ]
            if candidates:
                latest = max(candidates, key=lambda f: f.effective_from or dt.date.min)
                lines.append((kind, latest.amount, latest.ref))
            elif (
                kind is FeeKind.PROCEDURE
                and procedure.fee is not None
                and not any(f.procedure_id == procedure.id and f.kind is kind for f in self.fees)
            ):
                lines.append((kind, procedure.fee, f"procedure {procedure.id!r}.fee (undated)"))
        return lines

    def fee_due(
        self,
        item: Dossier | Procedure | str,
        channel: Channel | str | None = None,
        on: dt.date | str | None = None,
    ) -> FeeDue:
        """The fee due for a dossier (its channel and day of receipt by default), or a procedure.

        Each discount whose window holds ``on`` and whose scope holds the
        procedure's level on that day, the channel and the fee kind cuts the
        fee; those that do not apply are named in the notes with the reason.
        """
        dossier = item if isinstance(item, Dossier) else None
        procedure_id = (
            item.procedure_id
            if isinstance(item, Dossier)
            else (item.id if isinstance(item, Procedure) else item)
        )
        procedure = self.procedure(procedure_id)
        if channel is None:
            if dossier is None:
                raise InvalidValueError("give the channel", value=None, field="channel")
            channel = dossier.channel
        try:
            how = member(Channel, channel)
        except ValueError:
            raise InvalidValueError(
                f"must be one of {', '.join(repr(c.value) for c in Channel)}",
                value=channel,
                field="channel",
            ) from None
        if on is None:
            if dossier is None:
                raise InvalidValueError("give the day", value=None, field="on")
            on = dossier.received
        day = parse_date(on, field="on")
        table = self._table()
        position = table.index.get(procedure.id)
        states = table.on(np.array([position], dtype=np.int64), np.datetime64(day, "D"))
        level_text = _state_text(states.level[0], states.service[0])
        notes: list[str] = []
        parameters: list[ParameterUse] = []
        steps: list[str] = []
        schedule = self.schedule(procedure, how, day)
        lines: list[FeeLine] = []
        for kind, amount, ref in schedule:
            applying: list[FeeDiscount] = []
            for discount in self.discounts:
                reason = self._exclusion(discount, procedure.id, how, kind, day)
                if reason is None:
                    answer = within(
                        states,
                        levels=discount.levels,
                        services=discount.services,
                        mapping=self.mapping,
                    )[0]
                    if answer == UNKNOWN:
                        reason = (
                            f"the procedure's level on {day.isoformat()} is not known"
                            f" ({level_text}); the discount is not applied"
                        )
                    elif answer != YES:
                        reason = (
                            f"the procedure is {level_text} on {day.isoformat()},"
                            f" outside {discount.scope_text()}"
                        )
                if reason is None:
                    applying.append(discount)
                else:
                    notes.append(f"{discount.id} does not apply to the {kind.value} fee: {reason}")
            if len(applying) > 1 and self.stacking is None:
                raise InvalidValueError(
                    f"discounts {', '.join(d.id for d in applying)} all apply to the"
                    f" {kind.value} fee of {procedure.id!r} on {day.isoformat()}: say how they"
                    " combine (stacking='largest' or 'compound'); no rule is assumed",
                    value=[d.id for d in applying],
                    field="stacking",
                    record_type="FeeBook",
                )
            line = _apply(kind, amount, ref, applying, self.stacking)
            lines.append(line)
            for applied in line.applied:
                steps.append(
                    f"{kind.value} fee {line.scheduled} − {percent_text(applied.rate)}"
                    f" ({applied.discount_id}, in force {applied.window.start.isoformat()} to"
                    f" {applied.window.end.isoformat()}, end included) = {applied.cut} cut"
                )
            steps.append(f"{kind.value} fee due: {line.due}")
        for discount in self.discounts:
            parameters.append(
                ParameterUse(
                    f"{discount.id}.rate",
                    Amount(float(discount.rate), "ratio"),
                    effective_from=discount.start,
                    citation=discount.citation,
                )
            )
        if not schedule:
            notes.append(
                f"the schedule has no fee for procedure {procedure.id!r} on {how.value}"
                f" on {day.isoformat()}"
            )
        inputs = tuple(
            InputValue(f"{kind.value} fee", Amount.of_money(amount), (ref,), 1)
            for kind, amount, ref in schedule
        )
        explanation = Explanation(
            formula="fee due = Σ scheduled fee × (1 − discount) over the fees in force, for the"
            " discounts whose window, levels, channels, procedures and fee kinds hold",
            inputs=inputs,
            parameters=tuple(parameters),
            steps=tuple(steps),
            notes=(f"level on the day: {level_text}", *notes),
        )
        return FeeDue(
            procedure_id=procedure.id,
            channel=how,
            on=day,
            lines=tuple(lines),
            explanation=explanation,
            dossier_id=dossier.id if dossier else None,
        )

    @staticmethod
    def _exclusion(
        discount: FeeDiscount, procedure_id: str, channel: Channel, kind: FeeKind, day: dt.date
    ) -> str | None:
        window = discount.window
        if day < window.start:
            return f"it starts on {window.start.isoformat()}"
        if day > window.end:
            return f"it ended on {window.end.isoformat()} (end included)"
        if discount.fee_kinds and kind not in discount.fee_kinds:
            return f"it covers {', '.join(sorted(k.value for k in discount.fee_kinds))} fees"
        if discount.channels and channel not in discount.channels:
            return f"it covers {', '.join(sorted(c.value for c in discount.channels))} submissions"
        if discount.procedures and procedure_id not in discount.procedures:
            return "the procedure is not in its list"
        return None


def _state_text(level: int, service: int) -> str:
    parts = []
    if level > 0:
        parts.append(f"level {level}")
    if service >= 0:
        parts.append(service_words(SERVICES[service]))
    return " / ".join(parts) if parts else "level not recorded"


def _apply(
    kind: FeeKind,
    amount: Money,
    ref: str,
    discounts: Sequence[FeeDiscount],
    stacking: Stacking | None,
) -> FeeLine:
    applied: list[AppliedDiscount] = []
    remaining = amount
    if stacking is Stacking.LARGEST and len(discounts) > 1:
        discounts = [max(discounts, key=lambda d: d.rate)]
    for discount in discounts:
        cut = remaining * discount.rate
        remaining = remaining - cut
        applied.append(
            AppliedDiscount(discount.id, discount.rate, cut, discount.window, discount.citation)
        )
    return FeeLine(kind, amount, remaining, tuple(applied), ref)


def fee_due(
    source: Dataset | FeeBook,
    item: Dossier | Procedure | str,
    channel: Channel | str | None = None,
    on: dt.date | str | None = None,
    *,
    stacking: Stacking | str | None = None,
    mapping: LevelMapping | None = None,
) -> FeeDue:
    """The fee due for a dossier, or for a procedure on a channel and day.

    ``source`` is a dataset (its procedures, fees, discounts and offerings)
    or a :class:`FeeBook`. See :meth:`FeeBook.fee_due`.
    """
    book = (
        source
        if isinstance(source, FeeBook)
        else FeeBook.from_dataset(source, mapping=mapping, stacking=stacking)
    )
    return book.fee_due(item, channel, on)
