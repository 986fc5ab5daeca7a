"""Hypothesis strategies for areas, zones, parcels, projects, procedures and datasets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from industrial_policy.categories import Category
from industrial_policy.dataset import Dataset
from industrial_policy.parcels import Parcel, ParcelStatus
from industrial_policy.projects import CapitalEvent, Origin, ProductionValue, Project
from industrial_policy.reported import ReportedFigure, ReportedMetric, ZoneScope
from industrial_policy.services.procedures import GovernmentLevel, OnlineService, Procedure
from industrial_policy.units import format_area, registry
from industrial_policy.zones import Zone, ZoneKind

__all__ = [
    "AREA_UNITS_M2",
    "area_texts",
    "areas",
    "capital_events",
    "datasets",
    "identifiers",
    "invalid_area_values",
    "invalid_identifiers",
    "parcels",
    "procedures",
    "projects",
    "reported_figures",
    "zones",
]

AREA_UNITS_M2: dict[str, float] = {
    "hectare": 10_000.0,
    "meter ** 2": 1.0,
    "kilometer ** 2": 1_000_000.0,
    "sao_bac_bo": 360.0,
    "sao_trung_bo": 500.0,
    "mau_bac_bo": 3_600.0,
    "mau_trung_bo": 5_000.0,
    "cong_nam_bo": 1_000.0,
}
"""Every supported land unit and its size in m² (DOMAIN.md §2): the oracle for tests."""

_PROVINCES = ("Hải Dương", "Hà Nội", "Thái Bình", "Quảng Nam", "Hải Phòng")
_ID_CHARS = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_ĐđạảãâầấơớưứệộKCN")


def identifiers(prefix: str = "") -> st.SearchStrategy[str]:
    """Valid record ids, including Vietnamese letters: ``"kcn-Đại-an"``.

    >>> identifiers("zone-").example()  # doctest: +SKIP
    'zone-đạ3'
    """
    return st.text(_ID_CHARS, min_size=1, max_size=12).map(lambda s: f"{prefix}{s}")


def invalid_identifiers() -> st.SearchStrategy[object]:
    """Values an id field must reject: empty, padded, control characters, not text."""
    return st.one_of(
        st.just(""),
        st.just(" kcn"),
        st.just("kcn\n"),
        st.just("kcn\x00a"),
        st.just("a\u200bb"),
        st.just("x" * 201),
        st.integers(),
        st.none(),
    )


def areas(
    unit: str | None = None, min_ha: float = 0.0, max_ha: float = 10_000.0
) -> st.SearchStrategy[Any]:
    """Areas as pint quantities in any supported unit (or in ``unit``), between two sizes in ha.

    >>> from hypothesis import given
    >>> @given(areas(unit="sao_bac_bo"))
    ... def test(area): assert area.units == "sao_bac_bo"
    """
    units = st.just(unit) if unit is not None else st.sampled_from(sorted(AREA_UNITS_M2))

    def build(args: tuple[str, float]) -> Any:
        name, hectares = args
        return registry().Quantity(hectares * 10_000.0 / AREA_UNITS_M2[name], name)

    values = st.floats(min_ha, max_ha, allow_nan=False, allow_infinity=False)
    return st.tuples(units, values).map(build)


def area_texts(min_ha: float = 0.0, max_ha: float = 10_000.0) -> st.SearchStrategy[str]:
    """Valid area strings: ``"3,676 ha"``, ``"12 sào Bắc Bộ"``, ``"1.5 km2"``."""
    spelled = {
        "hectare": ["ha", "hectare", "hecta"],
        "meter ** 2": ["m2", "m²", "m^2"],
        "kilometer ** 2": ["km2", "km²"],
        "sao_bac_bo": ["sao_bac_bo", "sào Bắc Bộ", "sao bac bo"],
        "sao_trung_bo": ["sao_trung_bo", "sào Trung Bộ"],
        "mau_bac_bo": ["mau_bac_bo", "mẫu Bắc Bộ"],
        "mau_trung_bo": ["mau_trung_bo", "mẫu Trung Bộ"],
        "cong_nam_bo": ["cong_nam_bo", "công Nam Bộ"],
    }

    @st.composite
    def build(draw: st.DrawFn) -> str:
        name = draw(st.sampled_from(sorted(spelled)))
        spelling = draw(st.sampled_from(spelled[name]))
        hectares = draw(st.integers(int(min_ha), int(max_ha)))
        number = hectares * 10_000 // int(AREA_UNITS_M2[name]) or hectares
        grouped = draw(st.booleans())
        return f"{number:,} {spelling}" if grouped else f"{number} {spelling}"

    return build()


def invalid_area_values() -> st.SearchStrategy[object]:
    """Area inputs that must raise ``InvalidValueError``: no unit, negative, NaN, bare sào, …"""
    return st.one_of(
        st.floats(allow_nan=True).map(lambda x: x),  # a bare number has no unit
        st.integers(),
        st.sampled_from(
            [
                "12",
                "-3 ha",
                "nan ha",
                "3 sào",
                "3 sao",
                "2 mẫu",
                "1 công",
                "6.418 ha",
                "90,33 ha",
                "5 kg",
                "ha",
                "",
                "three ha",
            ]
        ),
        st.none(),
    )


def _rounded_ha(value: float) -> str:
    return format_area(registry().Quantity(round(value, 4), "hectare"))


def zones(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[ZoneKind] | None = None,
    min_ha: float = 1.0,
    max_ha: float = 5_000.0,
) -> st.SearchStrategy[Zone]:
    """Valid zones with no parent (use :func:`datasets` for hierarchies)."""

    @st.composite
    def build(draw: st.DrawFn) -> Zone:
        kind = draw(kinds if kinds is not None else st.sampled_from(list(ZoneKind)))
        total = draw(st.floats(min_ha, max_ha, allow_nan=False))
        industrial = draw(st.none() | st.floats(0.0, 1.0).map(lambda f: total * f))
        return Zone(
            id=draw(ids if ids is not None else identifiers("z-")),
            name=draw(st.sampled_from(["KCN Đại An", "KCN Tân Trường", "CCN Cẩm Điền", "Zone"])),
            kind=kind,
            province=draw(st.sampled_from(_PROVINCES)),
            total_area=draw(areas(min_ha=total, max_ha=total)),
            industrial_land_area=None if industrial is None else _rounded_ha(industrial),
        )

    return build()


def parcels(zone_id: str = "z-1", *, max_ha: float = 100.0) -> st.SearchStrategy[Parcel]:
    """Valid parcels of one zone, without tenant projects."""

    @st.composite
    def build(draw: st.DrawFn) -> Parcel:
        status = draw(st.sampled_from([ParcelStatus.VACANT, ParcelStatus.RESERVED]))
        category = draw(st.sampled_from(list(Category))) if status is ParcelStatus.RESERVED else None
        return Parcel(
            id=draw(identifiers("p-")),
            zone_id=zone_id,
            area=draw(areas(min_ha=0.0, max_ha=max_ha)),
            status=status,
            category=category,
        )

    return build()


def capital_events(currency: str = "USD", max_events: int = 4) -> st.SearchStrategy[list[CapitalEvent]]:
    """A valid history: a licence, then adjustments in date order, maybe a termination."""

    @st.composite
    def build(draw: st.DrawFn) -> list[CapitalEvent]:
        start = draw(st.dates(dt.date(2010, 1, 1), dt.date(2024, 12, 31)))
        licensed = draw(st.integers(1, 500)) * 1_000_000
        events = [CapitalEvent(start, "licensed", f"{licensed} {currency}")]
        day = start
        for _ in range(draw(st.integers(0, max_events - 1))):
            day = day + dt.timedelta(days=draw(st.integers(1, 400)))
            delta = draw(st.integers(-licensed // 2_000_000, 100)) * 1_000_000
            events.append(CapitalEvent(day, "capital_adjusted", f"{delta} {currency}"))
        if draw(st.booleans()):
            day = day + dt.timedelta(days=draw(st.integers(1, 400)))
            events.append(CapitalEvent(day, "terminated"))
        return events

    return build()


def projects(zone_id: str | None = None) -> st.SearchStrategy[Project]:
    """Valid projects, FDI or domestic, with capital histories and production values."""

    @st.composite
    def build(draw: st.DrawFn) -> Project:
        origin = draw(st.sampled_from(list(Origin)))
        currency = "USD" if origin is Origin.FDI else "VND"
        years = draw(st.lists(st.integers(2018, 2025), unique=True, max_size=3))
        return Project(
            id=draw(identifiers("pr-")),
            name=draw(st.sampled_from(["Nhà máy", "Plant", "Xưởng điện tử"])),
            origin=origin,
            country="Japan" if origin is Origin.FDI else None,
            zone_id=zone_id,
            investor=draw(st.none() | st.sampled_from(["Investor A", "Công ty B"])),
            categories=draw(st.frozensets(st.sampled_from(list(Category)), max_size=2)),
            capital_events=draw(capital_events(currency)),
            production_values=[
                ProductionValue(year, f"{draw(st.integers(1, 900))} billion VND") for year in years
            ],
            employees=draw(st.none() | st.integers(0, 20_000)),
        )

    return build()


def procedures() -> st.SearchStrategy[Procedure]:
    """Valid administrative procedures with either or both online classifications."""

    @st.composite
    def build(draw: st.DrawFn) -> Procedure:
        return Procedure(
            id=draw(st.from_regex(r"[12]\.0[0-9]{5}", fullmatch=True)),
            name=draw(st.sampled_from(["Cấp giấy chứng nhận đầu tư", "Đăng ký kinh doanh"])),
            government_level=draw(st.sampled_from(list(GovernmentLevel))),
            field=draw(st.sampled_from(["investment", "construction", "labour"])),
            online_level=draw(st.none() | st.integers(1, 4)),
            online_service=draw(st.none() | st.sampled_from(list(OnlineService))),
            eligible_for_full_online=draw(st.none() | st.booleans()),
            fee=draw(st.none() | st.integers(0, 5_000).map(lambda n: f"{n * 1000} VND")),
        )

    return build()


def reported_figures(zone_ids: list[str] | None = None) -> st.SearchStrategy[ReportedFigure]:
    """Valid reported figures without parts (parts need other figures: see :func:`datasets`)."""

    @st.composite
    def build(draw: st.DrawFn) -> ReportedFigure:
        metric = draw(st.sampled_from(list(ReportedMetric)))
        value: object = (
            draw(st.integers(0, 100))
            if metric is ReportedMetric.ZONE_COUNT
            else _rounded_ha(draw(st.floats(0, 10_000)))
        )
        within = draw(st.none() | st.sampled_from(zone_ids)) if zone_ids else None
        return ReportedFigure(
            id=draw(identifiers("r-")),
            metric=metric,
            value=value,
            scope=ZoneScope(province=draw(st.none() | st.sampled_from(_PROVINCES)), within=within),
        )

    return build()


def datasets(
    *,
    min_zones: int = 0,
    max_zones: int = 6,
    max_parcels_per_zone: int = 5,
    max_projects: int = 5,
    max_procedures: int = 3,
) -> st.SearchStrategy[Dataset]:
    """Valid, internally consistent datasets.

    Unique ids (with Vietnamese letters); economic zones as the only parents;
    children's areas within the parent's; parcels within their zone's
    industrial land (or total area); leased parcels rented to projects of the
    same zone; reported figures computed from the records, so they reconcile.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(datasets())
    ... def test(ds): assert not ds.integrity_problems()
    >>> test()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Dataset:
        count = draw(st.integers(min_zones, max_zones))
        zone_ids = draw(st.lists(identifiers(), min_size=count, max_size=count, unique=True))
        zone_list: list[Zone] = []
        parents: list[Zone] = []
        for index, zone_id in enumerate(zone_ids):
            is_ez = index < count // 3 and draw(st.booleans())
            kind = ZoneKind.ECONOMIC_ZONE if is_ez else draw(
                st.sampled_from([k for k in ZoneKind if k is not ZoneKind.ECONOMIC_ZONE])
            )
            total = float(draw(st.integers(100, 2_000)))
            parent = draw(st.none() | st.sampled_from(parents)) if parents and not is_ez else None
            if parent is not None:
                used = sum(
                    z.total_area.to("hectare").magnitude
                    for z in zone_list
                    if z.parent_id == parent.id and z.total_area is not None
                )
                room = parent.total_area.to("hectare").magnitude - used  # type: ignore[union-attr]
                if room < 1:
                    parent = None
                else:
                    total = min(total, float(int(room)))
            unit = draw(st.sampled_from(sorted(AREA_UNITS_M2)))
            zone = Zone(
                id=zone_id,
                name=f"Zone {index}",
                kind=kind,
                province=draw(st.sampled_from(_PROVINCES)),
                total_area=registry().Quantity(total * 10_000.0 / AREA_UNITS_M2[unit], unit),
                industrial_land_area=draw(
                    st.none() | st.just(f"{int(total * 0.7)} ha")
                )
                if not is_ez
                else None,
                parent_id=parent.id if parent is not None else None,
                illustrative=True,
            )
            zone_list.append(zone)
            if is_ez:
                parents.append(zone)
        project_ids = draw(
            st.lists(identifiers("pr-"), max_size=max_projects, unique=True)
        )
        leafs = [z for z in zone_list if z.kind is not ZoneKind.ECONOMIC_ZONE]
        project_list = []
        for project_id in project_ids:
            base = draw(projects(zone_id=draw(st.sampled_from(leafs)).id if leafs else None))
            project_list.append(
                Project(
                    id=project_id,
                    name=base.name,
                    origin=base.origin,
                    country=base.country,
                    zone_id=base.zone_id,
                    investor=base.investor,
                    categories=base.categories,
                    capital_events=base.capital_events,
                    production_values=base.production_values,
                    employees=base.employees,
                )
            )
        parcel_list: list[Parcel] = []
        seen_parcel_ids: set[str] = set()
        for zone in leafs:
            base_ha = (zone.industrial_land_area or zone.total_area).to("hectare").magnitude  # type: ignore[union-attr]
            tenants = [p.id for p in project_list if p.zone_id == zone.id]
            n = draw(st.integers(0, max_parcels_per_zone))
            shares = draw(st.lists(st.integers(1, 100), min_size=n, max_size=n))
            scale = base_ha / max(sum(shares), 1) * draw(st.floats(0.1, 1.0))
            for share in shares:
                parcel_id = draw(identifiers("p-").filter(lambda i: i not in seen_parcel_ids))
                seen_parcel_ids.add(parcel_id)
                status = draw(st.sampled_from(list(ParcelStatus)))
                if status is ParcelStatus.LEASED and not tenants and draw(st.booleans()):
                    status = ParcelStatus.VACANT
                category = (
                    draw(st.sampled_from(list(Category)))
                    if status is ParcelStatus.RESERVED
                    else (
                        draw(st.none() | st.sampled_from(list(Category)))
                        if status is ParcelStatus.LEASED
                        else None
                    )
                )
                parcel_list.append(
                    Parcel(
                        id=parcel_id,
                        zone_id=zone.id,
                        area=_rounded_ha(share * scale * 0.999),
                        status=status,
                        category=category,
                        project_id=draw(st.none() | st.sampled_from(tenants))
                        if status is ParcelStatus.LEASED and tenants
                        else None,
                    )
                )
        procedure_list = []
        seen_procedures: set[str] = set()
        for _ in range(draw(st.integers(0, max_procedures))):
            procedure = draw(procedures())
            if procedure.id not in seen_procedures:
                seen_procedures.add(procedure.id)
                procedure_list.append(procedure)
        provisional = Dataset(zones=zone_list, parcels=parcel_list, projects=project_list)
        figures = []
        for province in {z.province for z in zone_list}:
            scope = ZoneScope(province=province)
            in_scope = provisional.zones_in(scope)
            if in_scope:
                figures.append(
                    ReportedFigure(
                        id=f"count-{province}",
                        metric="zone_count",
                        value=len(in_scope),
                        scope=scope,
                    )
                )
        return Dataset(
            zones=zone_list,
            parcels=parcel_list,
            projects=project_list,
            procedures=procedure_list,
            reported=figures,
            name=draw(st.none() | st.just("Bộ dữ liệu thử")),
        )

    return build()
