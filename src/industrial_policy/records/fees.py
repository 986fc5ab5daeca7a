"""Fee schedules and time-boxed discount policies: :class:`Fee` and :class:`FeeDiscount`.

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
the schedule's again. The fee due on a dossier is computed by
:mod:`industrial_policy.services.fees`.

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
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.relativedelta import relativedelta

from industrial_policy import _fields
from industrial_policy.amounts import read_amount, resolve
from industrial_policy.errors import InvalidValueError
from industrial_policy.money import Money
from industrial_policy.periods import Period
from industrial_policy.records.dossiers import Channel
from industrial_policy.records.procedures import LEVELS, OnlineService

__all__ = [
    "Fee",
    "FeeDiscount",
    "FeeKind",
    "Stacking",
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


@_fields.typed_init
@attrs.frozen(init=False)
class Fee:
    """One line of a procedure's fee schedule.

    ``channels`` are the channels it is charged on (all when empty);
    ``effective_from`` the day it took effect (``None``: always, as far as
    the data go). A later line of the same procedure and kind replaces it.
    """

    procedure_id: str = _fields.reference("procedures")
    kind: FeeKind = _fields.choice(FeeKind)
    amount: Money = _fields.money()
    channels: frozenset[Channel] = _fields.choices(Channel)
    effective_from: dt.date | None = _fields.day(optional=True)
    id: str | None = _fields.identifier(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            procedure_id: str,
            kind: FeeKind | str,
            amount: _fields.MoneyInput,
            channels: Iterable[Channel | str] = ...,
            effective_from: _fields.DateInput | None = ...,
            id: str | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

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


@_fields.typed_init
@attrs.frozen(init=False)
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
    title: str | None = _fields.text(optional=True, repeats=False)
    citation: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            rate: _fields.AmountInput,
            start: _fields.DateInput,
            duration: relativedelta | str,
            levels: Iterable[int] = ...,
            services: Iterable[OnlineService | str] = ...,
            channels: Iterable[Channel | str] = ...,
            procedures: Iterable[str] = ...,
            fee_kinds: Iterable[FeeKind | str] = ...,
            title: str | None = ...,
            citation: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

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
