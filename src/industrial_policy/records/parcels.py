"""Parcels: the pieces of a zone's industrial land, leased, vacant or reserved.

>>> from industrial_policy.records.parcels import Parcel
>>> Parcel(id="p1", zone_id="kcn-a", area="45 ha", status="reserved", category="hi_tech").category
<Category.HI_TECH: 'hi_tech'>
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs
import pint

from industrial_policy import _fields
from industrial_policy.categories import Category

__all__ = ["Parcel", "ParcelStatus"]


class ParcelStatus(enum.StrEnum):
    LEASED = "leased"
    VACANT = "vacant"
    RESERVED = "reserved"


@attrs.frozen
class Parcel:
    """A piece of a zone's industrial land.

    ``category`` is what a reserved parcel is reserved for, or what a leased
    parcel is used for; a vacant parcel has none. ``project_id`` names the
    tenant project of a leased parcel. ``lease_end`` is the last day of the
    lease (inclusive).
    """

    id: str = _fields.identifier()
    zone_id: str = _fields.identifier()
    area: pint.Quantity[Any] = _fields.area()
    status: ParcelStatus = _fields.choice(ParcelStatus)
    category: Category | None = _fields.choice(Category, optional=True)
    project_id: str | None = _fields.identifier(optional=True)
    lease_start: dt.date | None = _fields.day(optional=True)
    lease_end: dt.date | None = _fields.day(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    @category.validator
    def _check_category(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.status is ParcelStatus.RESERVED and value is None:
            _fields.fail(self, field, value, "a reserved parcel must say what it is reserved for")
        if self.status is ParcelStatus.VACANT and value is not None:
            _fields.fail(
                self, field, value, "a vacant parcel has no category; mark it reserved instead"
            )

    @project_id.validator
    def _check_project(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and self.status is not ParcelStatus.LEASED:
            _fields.fail(self, field, value, f"a {self.status.value} parcel has no tenant project")

    @lease_end.validator
    def _check_lease(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.status is not ParcelStatus.LEASED and (
            self.lease_start is not None or self.lease_end is not None
        ):
            _fields.fail(self, field, value, f"a {self.status.value} parcel has no lease dates")
        if (
            self.lease_start is not None
            and self.lease_end is not None
            and self.lease_end < self.lease_start
        ):
            _fields.fail(
                self, field, value, f"the lease ends before it starts ({self.lease_start})"
            )

    def leased_on(self, day: dt.date) -> bool:
        """Whether the parcel is under lease on ``day`` (open lease dates count as unbounded)."""
        if self.status is not ParcelStatus.LEASED:
            return False
        if self.lease_start is not None and day < self.lease_start:
            return False
        return not (self.lease_end is not None and day > self.lease_end)
