"""Zones: industrial parks, export-processing zones, clusters and economic zones.

>>> from industrial_policy.records.zones import Zone
>>> park = Zone(id="kcn-a", name="KCN A", kind="industrial_park", province="Hải Dương",
...             total_area="300 ha", industrial_land_area="210 ha")
>>> park.kind.is_industrial_zone, park.specialises_in_hi_tech
(True, False)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import pint

from industrial_policy import _fields
from industrial_policy.columnar import (
    COLUMN,
    AreaColumn,
    CodedColumn,
    Column,
    EnumColumn,
    FieldForm,
    FlagColumn,
    Form,
    Table,
    TextColumn,
)
from industrial_policy.columnar.checks import Violation, register
from industrial_policy.units import area_to_hectares

__all__ = ["EconomicZoneType", "Zone", "ZoneKind", "ZoneStatus"]

_AREA_RTOL = 1e-9


class ZoneKind(enum.StrEnum):
    """The kinds of zone in DOMAIN.md §1, with their Vietnamese names in the docs."""

    INDUSTRIAL_PARK = "industrial_park"  # khu công nghiệp (KCN)
    EXPORT_PROCESSING_ZONE = "export_processing_zone"  # khu chế xuất (KCX)
    HI_TECH_PARK = "hi_tech_park"  # khu công nghệ cao / KCN công nghệ cao
    SUPPORTING_INDUSTRY_PARK = "supporting_industry_park"  # KCN hỗ trợ
    SPECIALISED_PARK = "specialised_park"  # KCN chuyên ngành
    ECO_INDUSTRIAL_PARK = "eco_industrial_park"  # KCN sinh thái
    INDUSTRIAL_CLUSTER = "industrial_cluster"  # cụm công nghiệp (CCN)
    ECONOMIC_ZONE = "economic_zone"  # khu kinh tế (KKT)

    @property
    def is_industrial_zone(self) -> bool:
        """An industrial zone (KCN) of any specialisation; not a cluster or an EZ."""
        return self not in (ZoneKind.INDUSTRIAL_CLUSTER, ZoneKind.ECONOMIC_ZONE)


class ZoneStatus(enum.StrEnum):
    PLANNED = "planned"
    ESTABLISHED = "established"
    UNDER_CONSTRUCTION = "under_construction"
    OPERATING = "operating"
    CLOSED = "closed"


class EconomicZoneType(enum.StrEnum):
    """Decree 35/2022/ND-CP sets a minimum area for coastal and border-gate EZs."""

    COASTAL = "coastal"
    BORDER_GATE = "border_gate"
    OTHER = "other"


def _hi_tech_by_kind(zone: Any) -> bool:
    return bool(zone.kind is ZoneKind.HI_TECH_PARK)


# What a zone's own checks say, record by record (the validators) and column by column
# (``_column_checks``, for zones read from a table).
_HI_TECH_BY_DEFINITION = "a hi-tech park specialises in hi-tech by definition"
_OWN_PARENT = "a zone cannot contain itself"
_EZ_TYPE_ELSEWHERE = "only an economic zone has an economic-zone type"


def _industrial_over_total(industrial: float, total: float) -> str:
    return f"industrial land ({industrial:g} ha) exceeds the total area ({total:g} ha)"


@_fields.typed_init
@attrs.frozen(init=False)
class Zone:
    """A zone with its area; ``parent_id`` names the economic zone that contains it.

    ``industry`` names the industry of a specialised park (Decree 35/2022/ND-CP
    counts the land used by projects of that industry). ``total_area`` is
    ``None`` when the source does not give it: computations that need it then
    report insufficient data instead of guessing.

    ``industrial_land_area`` is the land for lease inside the zone (the rest is
    roads, green space and utilities); it is the base of the occupancy rate.
    """

    id: str = _fields.identifier()
    name: str = _fields.text(repeats=False)
    kind: ZoneKind = _fields.choice(ZoneKind)
    province: str = _fields.text()
    total_area: pint.Quantity[Any] | None = _fields.area(optional=True)
    industrial_land_area: pint.Quantity[Any] | None = _fields.area(optional=True)
    parent_id: str | None = _fields.reference("zones", optional=True)
    status: ZoneStatus | None = _fields.choice(ZoneStatus, optional=True)
    established: dt.date | None = _fields.day(optional=True)
    specialises_in_hi_tech: bool = attrs.field(
        default=attrs.Factory(_hi_tech_by_kind, takes_self=True),
        metadata={COLUMN: FieldForm(Form.FLAG)},
    )
    economic_zone_type: EconomicZoneType | None = _fields.choice(EconomicZoneType, optional=True)
    district: str | None = _fields.text(optional=True)
    industry: str | None = _fields.text(optional=True)
    source: str | None = _fields.text(optional=True)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            id: str,
            name: str,
            kind: ZoneKind | str,
            province: str,
            total_area: _fields.AreaInput | None = ...,
            industrial_land_area: _fields.AreaInput | None = ...,
            parent_id: str | None = ...,
            status: ZoneStatus | str | None = ...,
            established: _fields.DateInput | None = ...,
            specialises_in_hi_tech: bool = ...,
            economic_zone_type: EconomicZoneType | str | None = ...,
            district: str | None = ...,
            industry: str | None = ...,
            source: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    @specialises_in_hi_tech.validator
    def _check_hi_tech(self, field: attrs.Attribute[bool], value: object) -> None:
        if not isinstance(value, bool):
            _fields.fail(self, field, value, "must be true or false")
        if self.kind is ZoneKind.HI_TECH_PARK and not value:
            _fields.fail(self, field, value, _HI_TECH_BY_DEFINITION)

    @industrial_land_area.validator
    def _check_industrial_land(self, field: attrs.Attribute[Any], value: object) -> None:
        if self.industrial_land_area is None or self.total_area is None:
            return
        total, industrial = area_to_hectares((self.total_area, self.industrial_land_area))
        # Equal areas in two units (7 công Nam Bộ and 0.7 ha) differ by float rounding
        # once converted; the dataset's area checks allow the same relative margin.
        if industrial > total * (1 + _AREA_RTOL):
            _fields.fail(self, field, value, _industrial_over_total(industrial, total))

    @parent_id.validator
    def _check_parent(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and value == self.id:
            _fields.fail(self, field, value, _OWN_PARENT)

    @economic_zone_type.validator
    def _check_ez_type(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and self.kind is not ZoneKind.ECONOMIC_ZONE:
            _fields.fail(self, field, value, _EZ_TYPE_ELSEWHERE)

    @property
    def is_industrial_zone(self) -> bool:
        return self.kind.is_industrial_zone


def _column_checks(table: Table[Zone]) -> Iterator[Violation]:
    kind = table.typed("kind", EnumColumn).codes
    hi_tech_park = kind == list(ZoneKind).index(ZoneKind.HI_TECH_PARK)
    yield Violation(
        "specialises_in_hi_tech",
        hi_tech_park & ~table.typed("specialises_in_hi_tech", FlagColumn).flags,
        _HI_TECH_BY_DEFINITION,
    )
    total = table.typed("total_area", AreaColumn).hectares()
    industrial = table.typed("industrial_land_area", AreaColumn).hectares()
    with np.errstate(invalid="ignore"):
        over = industrial > total * (1 + _AREA_RTOL)  # NaN compares False
    yield Violation(
        "industrial_land_area",
        over,
        lambda row: _industrial_over_total(float(industrial[row]), float(total[row])),
    )
    parent = table.typed("parent_id", CodedColumn)
    ids = table.typed("id", TextColumn).strings
    yield Violation("parent_id", parent.equal_to(ids), _OWN_PARENT)
    ez_type = table.typed("economic_zone_type", EnumColumn).codes
    economic_zone = kind == list(ZoneKind).index(ZoneKind.ECONOMIC_ZONE)
    yield Violation("economic_zone_type", (ez_type >= 0) & ~economic_zone, _EZ_TYPE_ELSEWHERE)


def _hi_tech_by_kinds(columns: Mapping[str, Column]) -> Column:
    kind = columns["kind"]
    if not isinstance(kind, EnumColumn):
        raise TypeError("Zone.kind is held as an EnumColumn")
    return FlagColumn(kind.codes == list(ZoneKind).index(ZoneKind.HI_TECH_PARK))


register(Zone, _column_checks, defaults={"specialises_in_hi_tech": _hi_tech_by_kinds})
