"""Dated records of the level at which a procedure is offered online.

A :class:`~industrial_policy.records.procedures.Procedure` carries its
level without a date. Provinces raise procedures from level 2 to level 3
and 4 over the years, and from 2022 record them as full-process or partial
online instead (DOMAIN.md §4), so the level *on a date* needs dated
records: a :class:`ServiceOffering` says from which day a procedure is
offered at a level, in either classification or both. The record in force
on a day is the latest one on or before it.

>>> from industrial_policy.records.offerings import ServiceOffering
>>> o = ServiceOffering(procedure_id="1.009974", on="2021-06-01", online_level=4)
>>> o.ref
'1.009974@2021-06-01'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy import _fields
from industrial_policy.records.procedures import OnlineService

__all__ = ["ServiceOffering"]


@_fields.typed_init
@attrs.frozen(init=False)
class ServiceOffering:
    """From ``on``, procedure ``procedure_id`` is offered at this level.

    Give ``online_level`` (Decree 43/2011/ND-CP, 1 to 4), ``online_service``
    (Decree 42/2022/ND-CP) or both; at least one.
    """

    procedure_id: str = _fields.reference("procedures")
    on: dt.date = _fields.day()
    online_level: int | None = _fields.count(optional=True, minimum=1)
    online_service: OnlineService | None = _fields.choice(OnlineService, optional=True)
    id: str | None = _fields.identifier(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            procedure_id: str,
            on: _fields.DateInput,
            online_level: int | None = ...,
            online_service: OnlineService | str | None = ...,
            id: str | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    @online_level.validator
    def _check_level(self, field: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, int) and value > 4:
            _fields.fail(self, field, value, "Decree 43/2011/ND-CP levels run from 1 to 4")

    @online_service.validator
    def _check_some(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is None and self.online_level is None:
            _fields.fail(
                self,
                field,
                value,
                "give online_level (Decree 43/2011, 1 to 4), online_service"
                " (Decree 42/2022) or both",
            )

    @property
    def ref(self) -> str:
        """How explanations name the record: its id, or ``procedure@date``."""
        return self.id if self.id is not None else f"{self.procedure_id}@{self.on.isoformat()}"
