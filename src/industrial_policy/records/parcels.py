"""Parcels: the pieces of a zone's industrial land, leased, vacant or reserved.

>>> from industrial_policy.records.parcels import Parcel
>>> Parcel(id="p1", zone_id="kcn-a", area="45 ha", status="reserved", category="hi_tech").category
<Category.HI_TECH: 'hi_tech'>
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pint

from industrial_policy import _fields
from industrial_policy.categories import Category
from industrial_policy.columnar import CodedColumn, DateColumn, EnumColumn, Table
from industrial_policy.columnar.checks import Violation, register
from industrial_policy.columnar.scalars import day_of

__all__ = ["Parcel", "ParcelStatus"]


class ParcelStatus(enum.StrEnum):
    LEASED = "leased"
    VACANT = "vacant"
    RESERVED = "reserved"


# What a parcel's own checks say, record by record (the validators) and column by column
# (``_column_checks``, for parcels read from a table).
_RESERVED_FOR_NOTHING = "a reserved parcel must say what it is reserved for"
_VACANT_WITH_CATEGORY = "a vacant parcel has no category; mark it reserved instead"


def _no_tenant(status: ParcelStatus) -> str:
    return f"a {status.value} parcel has no tenant project"


def _no_lease(status: ParcelStatus) -> str:
    return f"a {status.value} parcel has no lease dates"


def _ends_before_start(start: dt.date | None) -> str:
    return f"the lease ends before it starts ({start})"


@_fields.typed_init
@attrs.frozen(init=False)
class Parcel:
    """A piece of a zone's industrial land.

    ``category`` is what a reserved parcel is reserved for, or what a leased
    parcel is used for; a vacant parcel has none. ``project_id`` names the
    tenant project of a leased parcel. ``lease_end`` is the last day of the
    lease (inclusive).
    """

    id: str = _fields.identifier()
    zone_id: str = _fields.reference("zones")
    area: pint.Quantity[Any] = _fields.area()
    status: ParcelStatus = _fields.choice(ParcelStatus)
    category: Category | None = _fields.choice(Category, optional=True)
    project_id: str | None = _fields.reference("projects", optional=True)
    lease_start: dt.date | None = _fields.day(optional=True)
    lease_end: dt.date | None = _fields.day(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            zone_id: str,
            area: _fields.AreaInput,
            status: ParcelStatus | str,
            category: Category | str | None = ...,
            project_id: str | None = ...,
            lease_start: _fields.DateInput | None = ...,
            lease_end: _fields.DateInput | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    @category.validator
    def _check_category(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.status is ParcelStatus.RESERVED and value is None:
            _fields.fail(self, field, value, _RESERVED_FOR_NOTHING)
        if self.status is ParcelStatus.VACANT and value is not None:
            _fields.fail(self, field, value, _VACANT_WITH_CATEGORY)

    @project_id.validator
    def _check_project(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and self.status is not ParcelStatus.LEASED:
            _fields.fail(self, field, value, _no_tenant(self.status))

    @lease_end.validator
    def _check_lease(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.status is not ParcelStatus.LEASED and (
            self.lease_start is not None or self.lease_end is not None
        ):
            _fields.fail(self, field, value, _no_lease(self.status))
        if (
            self.lease_start is not None
            and self.lease_end is not None
            and self.lease_end < self.lease_start
        ):
            _fields.fail(self, field, value, _ends_before_start(self.lease_start))

    def leased_on(self, day: dt.date) -> bool:
        """Whether the parcel is under lease on ``day`` (open lease dates count as unbounded)."""
        if self.status is not ParcelStatus.LEASED:
            return False
        if self.lease_start is not None and day < self.lease_start:
            return False
        return not (self.lease_end is not None and day > self.lease_end)


def _column_checks(table: Table[Parcel]) -> Iterator[Violation]:
    status = table.typed("status", EnumColumn)
    statuses = list(ParcelStatus)
    code = {member: statuses.index(member) for member in ParcelStatus}
    category = table.typed("category", EnumColumn).codes
    yield Violation(
        "category", (status.codes == code[ParcelStatus.RESERVED]) & (category < 0),
        _RESERVED_FOR_NOTHING,
    )  # fmt: skip
    yield Violation(
        "category", (status.codes == code[ParcelStatus.VACANT]) & (category >= 0),
        _VACANT_WITH_CATEGORY,
    )  # fmt: skip
    not_leased = status.codes != code[ParcelStatus.LEASED]

    def status_of(row: int) -> ParcelStatus:
        return statuses[int(status.codes[row])]

    tenant = table.typed("project_id", CodedColumn).codes >= 0
    yield Violation("project_id", tenant & not_leased, lambda row: _no_tenant(status_of(row)))
    start = table.typed("lease_start", DateColumn).days
    end = table.typed("lease_end", DateColumn).days
    dated = ~np.isnat(start) | ~np.isnat(end)
    yield Violation("lease_end", dated & not_leased, lambda row: _no_lease(status_of(row)))
    yield Violation(
        "lease_end", end < start,  # NaT compares False
        lambda row: _ends_before_start(day_of(start[row])),
    )  # fmt: skip


register(Parcel, _column_checks)
