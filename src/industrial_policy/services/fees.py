"""Fee schedules, time-boxed discount policies, and the fee due on a dossier.

A :class:`Fee` is one line of a procedure's schedule: a procedure fee (phí,
lệ phí) or a public postal charge, an amount of money, the channels it is
charged on, and the day it took effect. A :class:`FeeDiscount` is a policy
such as Hải Dương's (DOMAIN.md §5): "cut procedure and postal fees by 50%
for two years for users of level 3 and 4 online services": a rate, a start
date, a duration, a scope (levels, channels, procedures, fee kinds) and a
citation. The source gives no start date, so ``start`` has no default.

The discount's window is :meth:`Period.starting(start, duration)
<industrial_policy.periods.Period.starting>`, whose end is **included**:
two years from 2021-09-01 run to 2023-08-31, and on 2023-09-01 the fee is
the schedule's again.

:func:`fee_due` gives the amount due for a dossier (or a procedure, a
channel and a day) with every discount that applied and why the others did
not. No amount is rounded: Decimal money stays exact.

>>> import datetime as dt
>>> from dateutil.relativedelta import relativedelta
>>> cut = FeeDiscount(id="hd-50", rate="50%", start="2021-09-01", duration="2 years",
...                   levels=[3, 4], channels=["online"], fee_kinds=["procedure", "postal"])
>>> cut.window.end, cut.duration == relativedelta(years=2)
(datetime.date(2023, 8, 31), True)
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy import _fields
from industrial_policy.errors import InvalidValueError, UnknownRecordError
from industrial_policy.findings import Amount, Explanation, InputValue, ParameterUse
from industrial_policy.money import Money
from industrial_policy.periods import Period, parse_date
from industrial_policy.services.classification import LEVELS, LevelMapping
from industrial_policy.services.dossiers import Channel, Dossier
from industrial_policy.services.procedures import OnlineService, Procedure

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset
    from industrial_policy.services.levels import LevelTable

__all__ = [
    "AppliedDiscount",
    "Fee",
    "FeeBook",
    "FeeDiscount",
    "FeeDue",
    "FeeKind",
    "FeeLine",
    "Stacking",
    "fee_due",
    "format_duration",
    "parse_duration",
]


class FeeKind(enum.StrEnum):
    """What a fee pays for."""

    PROCEDURE = "procedure"  # phí, lệ phí giải quyết thủ tục hành chính
    POSTAL = "postal"  # cước dịch vụ bưu chính công ích


class Stacking(enum.StrEnum):
    """How several discounts on one fee combine. No default: the policies must say.

    ``largest``: only the largest cut applies. ``compound``: each cut applies
    to what the previous ones left (50% then 20% leaves 40%).
    """

    LARGEST = "largest"
    COMPOUND = "compound"


_DURATION = re.compile(
    r"^\s*(?:(?P<years>\d+)\s*(?:years?|y|năm))?\s*,?\s*(?:and\s*)?"
    r"(?:(?P<months>\d+)\s*(?:months?|m|tháng))?\s*,?\s*(?:and\s*)?"
    r"(?:(?P<days>\d+)\s*(?:days?|d|ngày))?\s*$",
    re.IGNORECASE,
)
_ISO_DURATION = re.compile(r"^P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<days>\d+)D)?$")


def parse_duration(
    value: object,
    *,
    field: str = "duration",
    record_type: str | None = None,
    record_id: str | None = None,
) -> relativedelta:
    """A length of time: a relativedelta, ``"2 years"``, ``"18 months"``, ``"P2Y"``, ``{years=2}``.

    >>> parse_duration("1 year 6 months")
    relativedelta(years=+1, months=+6)
    >>> parse_duration("P2Y") == relativedelta(years=2)
    True
    """
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    parts: dict[str, int]
    if isinstance(value, relativedelta):
        absolute = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
        if any(getattr(value, name) is not None for name in absolute) or (
            value.hours or value.minutes or value.seconds or value.microseconds
        ):
            raise InvalidValueError(
                "must be whole years, months and days (relativedelta(years=2)), not absolute"
                " fields such as day=31",
                value=value,
                **where,
            )
        parts = {"years": value.years, "months": value.months, "days": value.days}
    elif isinstance(value, Mapping):
        if not value or set(value) - {"years", "months", "days"}:
            raise InvalidValueError(
                "a duration table has the keys years, months and days", value=dict(value), **where
            )
        parts = {}
        for key, number in value.items():
            if isinstance(number, bool) or not isinstance(number, int):
                raise InvalidValueError(f"{key} must be a whole number", value=number, **where)
            parts[key] = number
    elif isinstance(value, str):
        match = _ISO_DURATION.match(value.strip().upper()) or _DURATION.match(value)
        if match is None or not any(match.groupdict().values()):
            raise InvalidValueError(
                "write a duration such as '2 years', '18 months', '1 year 6 months' or 'P2Y'",
                value=value,
                **where,
            )
        parts = {k: int(v) for k, v in match.groupdict().items() if v}
    else:
        raise InvalidValueError(
            "must be a relativedelta or text such as '2 years'", value=value, **where
        )
    if any(number < 0 for number in parts.values()) or not any(parts.values()):
        raise InvalidValueError("a duration must be positive", value=value, **where)
    return relativedelta(
        years=parts.get("years", 0), months=parts.get("months", 0), days=parts.get("days", 0)
    )


def format_duration(delta: relativedelta) -> str:
    """A duration as text that :func:`parse_duration` reads back (``"1 year 6 months"``).

    >>> format_duration(relativedelta(years=1, months=6))
    '1 year 6 months'
    >>> parse_duration(format_duration(relativedelta(months=18))) == relativedelta(months=18)
    True
    """
    parts = [
        f"{n} {word}{'s' if n != 1 else ''}"
        for n, word in ((delta.years, "year"), (delta.months, "month"), (delta.days, "day"))
        if n
    ]
    return " ".join(parts) or "0 days"


def _duration(value: object, instance: object, field: attrs.Attribute[Any]) -> relativedelta:
    try:
        return parse_duration(value, field=field.name)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


def _cut(value: object, instance: object, field: attrs.Attribute[Any]) -> Decimal:
    """A discount as an exact fraction of the fee: ``"50%"``, ``0.5``, ``Decimal("0.5")``."""
    from industrial_policy.targets.amounts import read_amount, resolve

    try:
        amount = resolve(read_amount(value), "ratio", share=True)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)
    number = amount.value if isinstance(amount.value, Decimal) else Decimal(repr(amount.value))
    if number <= 0:
        _fields.fail(instance, field, value, "a discount must cut something: more than 0%")
    return number


def _levels(value: object, instance: object, field: attrs.Attribute[Any]) -> frozenset[int]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        _fields.fail(instance, field, value, "must be a list of levels 1 to 4")
    levels = []
    for item in value:
        if isinstance(item, bool) or item not in LEVELS:
            _fields.fail(instance, field, item, "a Decree 43/2011/ND-CP level is 1, 2, 3 or 4")
        levels.append(int(item))
    return frozenset(levels)


def _ids(value: object, instance: object, field: attrs.Attribute[Any]) -> frozenset[str]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        _fields.fail(instance, field, value, "must be a list of procedure ids")
    convert = _fields.identifier().converter
    return frozenset(convert(item, instance, field) for item in value)


@attrs.frozen
class Fee:
    """One line of a procedure's fee schedule.

    ``channels`` are the channels it is charged on (all when empty);
    ``effective_from`` the day it took effect (``None``: always, as far as
    the data go). A later line of the same procedure and kind replaces it.
    """

    procedure_id: str = _fields.identifier()
    kind: FeeKind = _fields.choice(FeeKind)
    amount: Money = _fields.money()
    channels: frozenset[Channel] = _fields.choices(Channel)
    effective_from: dt.date | None = _fields.day(optional=True)
    id: str | None = _fields.identifier(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    @amount.validator
    def _check_amount(self, field: attrs.Attribute[Any], value: Money) -> None:
        if value.amount < 0:
            _fields.fail(self, field, str(value), "a fee cannot be negative")

    @property
    def ref(self) -> str:
        if self.id is not None:
            return self.id
        since = self.effective_from.isoformat() if self.effective_from else "undated"
        return f"{self.procedure_id}:{self.kind.value}@{since}"

    def charged_on(self, channel: Channel) -> bool:
        return not self.channels or channel in self.channels


@attrs.frozen
class FeeDiscount:
    """A time-boxed cut of fees, for a scope of procedures, levels, channels and fee kinds.

    * ``rate``: the fraction cut (``"50%"``), more than 0 and at most 1;
    * ``start`` (required: no source gives Hải Dương's) and ``duration``
      (``relativedelta`` or ``"2 years"``): the window is
      ``Period.starting(start, duration)``, both ends included;
    * ``levels``: Decree 43/2011 levels the procedure must be offered at on
      the dossier's day; ``services``: Decree 42/2022 categories. A record
      kept in the other classification is converted with the
      :class:`~industrial_policy.services.classification.LevelMapping`;
      both empty: any level;
    * ``channels``, ``procedures``, ``fee_kinds``: empty means all.
    """

    id: str = _fields.identifier()
    rate: Decimal = _fields.converted(_cut)
    start: dt.date = _fields.day()
    duration: relativedelta = _fields.converted(_duration)
    levels: frozenset[int] = _fields.converted(_levels, factory=frozenset)
    services: frozenset[OnlineService] = _fields.choices(OnlineService)
    channels: frozenset[Channel] = _fields.choices(Channel)
    procedures: frozenset[str] = _fields.converted(_ids, factory=frozenset)
    fee_kinds: frozenset[FeeKind] = _fields.choices(FeeKind)
    title: str | None = _fields.text(optional=True)
    citation: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    def __attrs_post_init__(self) -> None:
        try:
            self.window  # noqa: B018 - checks the window fits the calendar
        except InvalidValueError as exc:
            # The window is the discount's, whatever record Period.starting names.
            raise type(exc)(
                exc.reason,
                value=exc.value,
                record_type="FeeDiscount",
                record_id=self.id,
                field="duration",
            ) from None

    @property
    def window(self) -> Period:
        """The days the discount is in force, both ends included."""
        return Period.starting(self.start, self.duration)

    def scope_text(self) -> str:
        parts = []
        if self.levels:
            parts.append("procedures at level " + " or ".join(str(x) for x in sorted(self.levels)))
        if self.services:
            parts.append(
                "procedures "
                + " or ".join(s.value.replace("_", "-") for s in sorted(self.services))
            )
        if self.channels:
            parts.append(
                "submitted " + " or ".join(c.value.replace("_", " ") for c in sorted(self.channels))
            )
        if self.procedures:
            parts.append(f"{len(self.procedures)} named procedures")
        kinds = sorted(k.value for k in self.fee_kinds) if self.fee_kinds else ["all"]
        parts.append(" and ".join(kinds) + " fees")
        return "; ".join(parts)


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


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


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
        from industrial_policy.services.rates import level_table

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
            from industrial_policy.services.levels import LevelTable

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
        from industrial_policy.services.levels import UNKNOWN, YES, within

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
            how = Channel(channel)
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
        import numpy as np

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
                    f"{kind.value} fee {line.scheduled} − {_percent(applied.rate)}"
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
    from industrial_policy.services.classification import service_words
    from industrial_policy.services.levels import SERVICES

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
