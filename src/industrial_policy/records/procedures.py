"""Administrative procedures (thủ tục hành chính) and their online service level.

Two classifications coexist in the data (DOMAIN.md §4): Decree 43/2011/ND-CP
levels 1 to 4, and Decree 42/2022/ND-CP "full-process online" (toàn trình) or
"partial online" (một phần). A procedure can carry either or both.

>>> from industrial_policy.records.procedures import Procedure
>>> Procedure(id="1.009974", name="Cấp giấy chứng nhận đăng ký đầu tư",
...           government_level="provincial", field="investment", online_level=4).online_level
4
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy import _fields
from industrial_policy.money import Money

__all__ = ["LEVELS", "GovernmentLevel", "OnlineService", "Procedure"]

LEVELS = (1, 2, 3, 4)
"""The levels of Decree 43/2011/ND-CP."""


class GovernmentLevel(enum.StrEnum):
    CENTRAL = "central"
    PROVINCIAL = "provincial"
    DISTRICT = "district"
    COMMUNE = "commune"


class OnlineService(enum.StrEnum):
    """The Decree 42/2022/ND-CP classification."""

    FULL_PROCESS = "full_process"  # toàn trình, ≈ level 4
    PARTIAL = "partial"  # một phần, ≈ level 3
    NONE = "none"


@_fields.typed_init
@attrs.frozen(init=False)
class Procedure:
    """An administrative procedure, by its national procedure code."""

    id: str = _fields.identifier()
    name: str = _fields.text(repeats=False)
    government_level: GovernmentLevel = _fields.choice(GovernmentLevel)
    field: str = _fields.text()
    online_level: int | None = _fields.count(optional=True, minimum=1)
    online_service: OnlineService | None = _fields.choice(OnlineService, optional=True)
    eligible_for_full_online: bool | None = _fields.optional_flag()
    fee: Money | None = _fields.money(optional=True)
    province: str | None = _fields.text(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            name: str,
            government_level: GovernmentLevel | str,
            field: str,
            online_level: int | None = ...,
            online_service: OnlineService | str | None = ...,
            eligible_for_full_online: bool | None = ...,
            fee: _fields.MoneyInput | None = ...,
            province: str | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    @online_level.validator
    def _check_level(self, field: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, int) and value > 4:
            _fields.fail(self, field, value, "Decree 43/2011/ND-CP levels run from 1 to 4")

    @fee.validator
    def _check_fee(self, field: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, Money) and value.amount < 0:
            _fields.fail(self, field, value, "a fee cannot be negative")
