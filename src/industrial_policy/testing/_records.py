"""Hypothesis strategies for single records: zones, parcels, projects, procedures, figures.

Each record strategy draws the keyword arguments first (``*_fields``
strategies, private) and builds the record from them, so the ``invalid_*``
strategies of :mod:`industrial_policy.testing._invalid_records` can spoil one
field of an otherwise valid record.

Records drawn here are valid one by one; records that fit together (parents
that exist and are economic zones, parcels within their zone's area) come
from :func:`industrial_policy.testing.datasets`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import string
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from industrial_policy.categories import Category
from industrial_policy.errors import InvalidValueError
from industrial_policy.money import Money
from industrial_policy.records.parcels import Parcel, ParcelStatus
from industrial_policy.records.procedures import GovernmentLevel, OnlineService, Procedure
from industrial_policy.records.projects import (
    CapitalEvent,
    CapitalEventKind,
    Origin,
    ProductionValue,
    Project,
)
from industrial_policy.records.reported import (
    BOUND_COMPARATORS,
    ReportedFigure,
    ReportedMetric,
    ZoneScope,
)
from industrial_policy.records.zones import EconomicZoneType, Zone, ZoneKind, ZoneStatus
from industrial_policy.testing._areas import AREA_UNITS_M2, areas
from industrial_policy.units import registry

__all__ = [
    "PROVINCES",
    "SCOPE_KINDS",
    "area_of",
    "as_given",
    "capital_events",
    "hectares_of",
    "identifiers",
    "invalid_identifiers",
    "parcel_extras",
    "parcels",
    "procedures",
    "project_extras",
    "projects",
    "provinces",
    "reported_figures",
    "zone_extras",
    "zone_scopes",
    "zones",
]

PROVINCES = ("Hải Dương", "Hà Nội", "Thái Bình", "Quảng Nam", "Hải Phòng")
"""The provinces of the source articles (DOMAIN.md §5)."""

_VIETNAMESE = "ĐđạảãâầấẩẫậăằắẳẵặêềếểễệôồốổỗộơờớởỡợưừứửữựýỳỷỹỵíìỉĩịúùủũụóòỏõọéèẻẽẹáàÂĂÊÔƠƯ"
_ID_ALPHABET = string.ascii_letters + string.digits + "-_.:/ " + _VIETNAMESE
_NAMED_IDS = (
    "KCN Đại An",
    "KCN Tân Trường",
    "CCN Cẩm Điền",
    "KKT mở Chu Lai",
    "KCN Phố Nối A",
    "kcn-1",
    "1.009974",
)
_COUNTRIES = ("Japan", "Hàn Quốc", "Singapore", "China", "Đài Loan", "USA")
_DAY_MIN, _DAY_MAX = dt.date(2000, 1, 1), dt.date(2030, 12, 31)

# Strategies are built once here, not in every draw: building and validating
# a strategy costs more than drawing from it.
_BOOLS = st.booleans()
_DATES = st.dates(_DAY_MIN, _DAY_MAX)
_OPTIONAL_DATES = st.none() | _DATES
_UNITS = st.sampled_from(tuple(sorted(AREA_UNITS_M2)))
_KINDS = st.sampled_from(tuple(ZoneKind))
_NON_EZ_KINDS = st.sampled_from(tuple(k for k in ZoneKind if k is not ZoneKind.ECONOMIC_ZONE))
_ZONE_NAMES = st.sampled_from(
    ("KCN Đại An", "Khu công nghiệp Tân Trường", "Cụm công nghiệp Cẩm Điền", "Zone A")
)
_ZONE_STATUSES = st.none() | st.sampled_from(tuple(ZoneStatus))
_EZ_TYPES = st.none() | st.sampled_from(tuple(EconomicZoneType))
_DISTRICTS = st.sampled_from(("Cẩm Giàng", "Chu Lai", "Đông Anh"))
_CATEGORIES = st.sampled_from(tuple(Category))
_OPTIONAL_CATEGORIES = st.none() | _CATEGORIES
_PARCEL_STATUSES = st.sampled_from(tuple(ParcelStatus))
_SHARES = st.sampled_from((1.0, 0.7)) | st.floats(0.0, 1.0).map(lambda x: x if x >= 1e-9 else 0.0)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def as_given(draw: st.DrawFn, member: enum.Enum) -> object:
    """The member, or its value as a file gives it: converters must accept both."""
    return member.value if draw(_BOOLS) else member


@functools.cache
def _identifiers(prefix: str, max_size: int) -> st.SearchStrategy[str]:
    random_ids = st.text(_ID_ALPHABET, min_size=1, max_size=max_size).map(_nfc)
    return (
        st.one_of(st.sampled_from(_NAMED_IDS), random_ids)
        .map(lambda text: f"{prefix}{text}")
        .filter(lambda text: text == text.strip() and text != "")
    )


def identifiers(prefix: str = "", *, max_size: int = 16) -> st.SearchStrategy[str]:
    """Valid record ids: Vietnamese letters, inner spaces, punctuation (``"KCN Đại An"``).

    Ids are in NFC, the form the library keeps, so two ids drawn different
    stay different in a record.

    >>> from hypothesis import given, settings
    >>> from industrial_policy.records.zones import Zone
    >>> @settings(max_examples=20)
    ... @given(identifiers("kcn-"))
    ... def test(zone_id):
    ...     zone = Zone(id=zone_id, name="Z", kind="industrial_park", province="Hà Nội")
    ...     assert zone.id == zone_id and zone_id.startswith("kcn-")
    >>> test()
    """
    return _identifiers(prefix, max_size)


def invalid_identifiers() -> st.SearchStrategy[object]:
    """Values an id field must refuse: empty, padded, control or invisible characters, not text.

    >>> from hypothesis import given, settings
    >>> import pytest
    >>> from industrial_policy.errors import InvalidValueError
    >>> from industrial_policy.records.zones import Zone
    >>> @settings(max_examples=20)
    ... @given(invalid_identifiers())
    ... def test(bad):
    ...     with pytest.raises(InvalidValueError, match="id"):
    ...         Zone(id=bad, name="Z", kind="industrial_park", province="Hà Nội")
    >>> test()
    """
    return _INVALID_IDENTIFIERS


_INVALID_IDENTIFIERS: st.SearchStrategy[object] = st.one_of(
    st.sampled_from(
        (
            "",
            " kcn",
            "kcn ",
            "\tkcn",
            "kcn\n",
            "kcn\x00a",
            "a\u200bb",
            "kcn\u00a0a",
            "x" * 201,
            b"kcn",
            None,
            3,
        )
    ),
    st.tuples(
        _identifiers("", 16),
        st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"]),
        st.integers(0, 16),
    ).map(lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]),
    st.integers(),
    st.just(["kcn"]),
)

_PROVINCES = st.sampled_from(PROVINCES)


def provinces() -> st.SearchStrategy[str]:
    """Province names with diacritics, those of the source articles first."""
    return _PROVINCES


def hectares_of(area: Any) -> float:
    """The size of a quantity drawn by :func:`areas` in ha, by the brief's sizes (not pint's)."""
    return float(area.magnitude) * AREA_UNITS_M2[str(area.units)] / 10_000


def area_of(hectares: float, unit: str) -> Any:
    """A quantity of ``hectares`` ha expressed in ``unit``, by the brief's sizes."""
    app: Any = registry()  # the application registry's wrapper: .get() is the registry now in use
    magnitude = hectares * 10_000 / AREA_UNITS_M2[unit]
    return app.Quantity(magnitude, _named_unit(app.get(), unit))


@functools.lru_cache(maxsize=64)
def _named_unit(units: Any, name: str) -> Any:
    # Parsing a unit name costs about a millisecond; a dataset draws hundreds of areas.
    return units.Unit(name)


def zone_extras(draw: st.DrawFn, kind: ZoneKind) -> dict[str, Any]:
    """The optional fields of a zone of ``kind``: status, dates, flags, district, source."""
    fields: dict[str, Any] = {
        "name": draw(_ZONE_NAMES),
        "kind": as_given(draw, kind),
        "status": draw(_ZONE_STATUSES),
        "established": draw(_OPTIONAL_DATES),
        "illustrative": draw(_BOOLS),
    }
    if kind is not ZoneKind.HI_TECH_PARK and draw(_BOOLS):
        fields["specialises_in_hi_tech"] = draw(_BOOLS)
    if kind is ZoneKind.ECONOMIC_ZONE:
        fields["economic_zone_type"] = draw(_EZ_TYPES)
    if draw(_BOOLS):
        fields["district"] = draw(_DISTRICTS)
        fields["source"] = "seeds/003"
    return fields


@st.composite
def _zone_fields(
    draw: st.DrawFn,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[ZoneKind] | None = None,
    province_names: st.SearchStrategy[str] | None = None,
    parent_id: str | None = None,
    min_ha: float = 1.0,
    max_ha: float = 5_000.0,
) -> dict[str, Any]:
    zone_id = draw(identifiers() if ids is None else ids)
    if zone_id == parent_id:
        zone_id += " (child)"
    kind = draw(_KINDS if kinds is None else kinds)
    sizes = areas(min_ha=min_ha, max_ha=max_ha)
    total = draw(sizes) if draw(_BOOLS) or draw(_BOOLS) else None
    industrial = None
    if total is not None and draw(_BOOLS):
        # Sometimes exactly the total, in another unit: equal areas must pass.
        industrial = area_of(hectares_of(total) * draw(_SHARES), draw(_UNITS))
    elif total is None and draw(_BOOLS):
        industrial = draw(sizes)
    return {
        "id": zone_id,
        "province": draw(_PROVINCES if province_names is None else province_names),
        "total_area": total,
        "industrial_land_area": industrial,
        "parent_id": parent_id,
        **zone_extras(draw, kind),
    }


def zones(
    *,
    ids: st.SearchStrategy[str] | None = None,
    kinds: st.SearchStrategy[ZoneKind] | None = None,
    provinces: st.SearchStrategy[str] | None = None,
    parent_id: str | None = None,
    min_ha: float = 1.0,
    max_ha: float = 5_000.0,
) -> st.SearchStrategy[Zone]:
    """Valid zones of any kind, areas in any unit (industrial land at most the total).

    ``parent_id`` is put in every zone as it is (use :func:`datasets` for a
    hierarchy whose parents exist). The areas are sometimes missing, as in
    sources that do not give them.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(zones(kinds=st.just(ZoneKind.HI_TECH_PARK)))
    ... def test(zone):
    ...     assert zone.specialises_in_hi_tech
    >>> test()
    """
    return _zone_fields(ids, kinds, provinces, parent_id, min_ha, max_ha).map(
        lambda fields: Zone(**fields)
    )


_LEASE_STARTS = st.none() | st.dates(_DAY_MIN, dt.date(2025, 12, 31))


def _lease_dates(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    start = draw(_LEASE_STARTS)
    if draw(_BOOLS):
        return start, None
    low = start or _DAY_MIN
    # Often a one-day lease: the end is inclusive, so start == end is valid.
    days = draw(st.sampled_from((0, 1)) | st.integers(0, 50 * 366))
    return start, low + dt.timedelta(days=days)


def parcel_extras(
    draw: st.DrawFn, status: ParcelStatus, tenants: Sequence[str] = ()
) -> dict[str, Any]:
    """The fields a parcel of ``status`` may carry: category, tenant, lease dates, flags."""
    fields: dict[str, Any] = {"status": as_given(draw, status), "illustrative": draw(_BOOLS)}
    if status is ParcelStatus.RESERVED:
        fields["category"] = draw(_CATEGORIES)
    elif status is ParcelStatus.LEASED:
        fields["category"] = draw(_OPTIONAL_CATEGORIES)
        if tenants and draw(_BOOLS) is True:
            fields["project_id"] = tenants[draw(st.integers(0, len(tenants) - 1))]
        fields["lease_start"], fields["lease_end"] = _lease_dates(draw)
    return fields


@st.composite
def _parcel_fields(
    draw: st.DrawFn,
    zone_ids: Sequence[str] | None = None,
    project_ids: Sequence[str] | None = None,
    max_ha: float = 100.0,
    statuses: Sequence[ParcelStatus] | None = None,
) -> dict[str, Any]:
    status = draw(_PARCEL_STATUSES if statuses is None else st.sampled_from(tuple(statuses)))
    return {
        "id": draw(identifiers("p-")),
        "zone_id": draw(st.sampled_from(tuple(zone_ids)) if zone_ids else identifiers("z-")),
        "area": draw(areas(max_ha=max_ha)),
        **parcel_extras(draw, status, tuple(project_ids or ())),
    }


def parcels(
    zone_ids: Sequence[str] | None = None,
    *,
    project_ids: Sequence[str] | None = None,
    max_ha: float = 100.0,
) -> st.SearchStrategy[Parcel]:
    """Valid parcels of the zones ``zone_ids`` (any zone id if not given).

    Leased parcels are rented to one of ``project_ids`` or to no known
    project, with lease dates in order or missing; reserved parcels say what
    for; vacant parcels have no category.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(parcels(["kcn-a"], project_ids=["d1"]))
    ... def test(parcel):
    ...     assert parcel.zone_id == "kcn-a"
    ...     assert parcel.project_id in (None, "d1")
    >>> test()
    """
    return _parcel_fields(zone_ids, project_ids, max_ha).map(lambda fields: Parcel(**fields))


_CURRENCIES = st.sampled_from(("VND", "USD", "JPY", "KRW"))
_FIRST_DAYS = st.dates(_DAY_MIN, dt.date(2024, 12, 31))
_SCALES = st.sampled_from((6, 9))


def _event(day: object, kind: object, amount: object = None) -> CapitalEvent:
    """A capital event from any input its converters accept (texts as in a file)."""
    fields: dict[str, Any] = {"date": day, "kind": kind, "amount": amount}
    return CapitalEvent(**fields)


def _amount(draw: st.DrawFn, currency: str) -> Money | str:
    number = draw(st.integers(1, 900))
    scale = draw(_SCALES)
    if currency in ("VND", "USD") and draw(_BOOLS):
        word = "million" if scale == 6 else "billion"
        return f"{number:,} {word} {currency}"  # as the articles write it
    return Money(Decimal(number).scaleb(scale), currency)


@functools.cache
def _capital_events(
    currency: str | None, max_events: int, terminated: bool | None
) -> st.SearchStrategy[list[CapitalEvent]]:
    @st.composite
    def build(draw: st.DrawFn) -> list[CapitalEvent]:
        code = currency or draw(_CURRENCIES)
        day = draw(_FIRST_DAYS)
        events = [_event(day, CapitalEventKind.LICENSED, _amount(draw, code))]
        capital = events[0].amount.amount  # type: ignore[union-attr]
        ends = draw(_BOOLS) if terminated is None else terminated
        for _ in range(draw(st.integers(0, max_events - 1 - int(ends)))):
            day += dt.timedelta(days=draw(st.integers(0, 500)))
            change = Decimal(draw(st.integers(-9, 20))) * capital / 10
            capital += change
            events.append(CapitalEvent(day, CapitalEventKind.CAPITAL_ADJUSTED, Money(change, code)))
        if ends:
            day += dt.timedelta(days=draw(st.integers(0, 500)))
            events.append(CapitalEvent(day, CapitalEventKind.TERMINATED))
        return events

    return build()


def capital_events(
    currency: str | None = None,
    *,
    max_events: int = 4,
    terminated: bool | None = None,
) -> st.SearchStrategy[list[CapitalEvent]]:
    """A valid history of registered capital, all in one currency.

    The licence first, then adjustments in date order (same-day events
    allowed) that never take the capital below zero, then maybe (or, with
    ``terminated``, surely or never) a termination.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(capital_events("VND"))
    ... def test(events):
    ...     assert events[0].kind.value == "licensed"
    ...     assert all(e.amount is None or e.amount.currency == "VND" for e in events)
    >>> test()
    """
    if isinstance(max_events, bool) or not isinstance(max_events, int) or max_events < 1:
        raise InvalidValueError(
            "must be a whole number, at least 1", value=max_events, field="max_events"
        )
    if currency is not None:
        currency = Money(0, currency).currency
    return _capital_events(currency, max_events, terminated)


_ORIGINS = st.sampled_from(tuple(Origin))
_PROJECT_NAMES = st.sampled_from(("Nhà máy điện tử", "Plant", "Xưởng may Đại An"))
_COUNTRY = st.sampled_from(_COUNTRIES)
_DOMESTIC_COUNTRY = st.none() | st.just("Việt Nam")
_INVESTORS = st.none() | st.sampled_from(("Investor A", "Công ty CP Đại An"))
_CATEGORY_SETS = st.frozensets(_CATEGORIES, max_size=3)
_EMPLOYEES = st.none() | st.integers(0, 50_000)
_YEARS = st.lists(st.integers(2015, 2030), unique=True, max_size=3)
_BILLIONS = st.integers(1, 900)


def project_extras(draw: st.DrawFn, origin: Origin, currency: str | None = None) -> dict[str, Any]:
    """Everything of a project but its id and zone: name, country, capital, production."""
    code = currency or ("USD" if origin is Origin.FDI else "VND")
    fields: dict[str, Any] = {
        "name": draw(_PROJECT_NAMES),
        "origin": as_given(draw, origin),
        "country": draw(_COUNTRY if origin is Origin.FDI else _DOMESTIC_COUNTRY),
        "investor": draw(_INVESTORS),
        "categories": draw(_CATEGORY_SETS),
        "capital_events": draw(capital_events(code)) if draw(_SHARES) > 0.1 else [],
        "employees": draw(_EMPLOYEES),
        "illustrative": draw(_BOOLS),
    }
    fields["production_values"] = [
        ProductionValue(year, Money(Decimal(draw(_BILLIONS)).scaleb(9), "VND"))
        for year in draw(_YEARS)
    ]
    return fields


@st.composite
def _project_fields(
    draw: st.DrawFn,
    zone_ids: Sequence[str] | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    zone_id = None
    if zone_ids and draw(st.integers(0, 4)):
        zone_id = zone_ids[draw(st.integers(0, len(zone_ids) - 1))]
    return {
        "id": draw(identifiers("d-")),
        "zone_id": zone_id,
        **project_extras(draw, draw(_ORIGINS), currency),
    }


def projects(
    zone_ids: Sequence[str] | None = None, *, currency: str | None = None
) -> st.SearchStrategy[Project]:
    """Valid projects, FDI (with the investor's country) or domestic, in one of ``zone_ids``.

    Capital histories are in ``currency``, by default USD for FDI and VND
    for domestic projects; production values are in VND, one per year.

    >>> from hypothesis import given, settings
    >>> import datetime as dt
    >>> @settings(max_examples=20)
    ... @given(projects(["kcn-a"]))
    ... def test(project):
    ...     assert project.zone_id in (None, "kcn-a")
    ...     if project.in_effect_on(dt.date(2024, 12, 31)):
    ...         assert project.registered_capital_on(dt.date(2024, 12, 31)) is not None
    >>> test()
    """
    return _project_fields(zone_ids, currency).map(lambda fields: Project(**fields))


_PROCEDURE_IDS = st.from_regex(r"[12]\.0[0-9]{5}", fullmatch=True)
_PROCEDURE_NAMES = st.sampled_from(
    ("Cấp giấy chứng nhận đăng ký đầu tư", "Đăng ký kinh doanh", "Permit")
)
_GOVERNMENT_LEVELS = st.sampled_from(tuple(GovernmentLevel))
_PROCEDURE_FIELDS = st.sampled_from(("investment", "construction", "đất đai"))
_ONLINE_LEVELS = st.none() | st.integers(1, 4)
_ONLINE_SERVICES = st.none() | st.sampled_from(tuple(OnlineService))
_OPTIONAL_BOOLS = st.none() | _BOOLS
_FEES = st.none() | st.integers(0, 5_000).map(lambda n: Money(n * 1_000, "VND"))
_OPTIONAL_PROVINCES = st.none() | _PROVINCES


@st.composite
def _procedure_fields(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(_PROCEDURE_IDS),
        "name": draw(_PROCEDURE_NAMES),
        "government_level": as_given(draw, draw(_GOVERNMENT_LEVELS)),
        "field": draw(_PROCEDURE_FIELDS),
        "online_level": draw(_ONLINE_LEVELS),
        "online_service": draw(_ONLINE_SERVICES),
        "eligible_for_full_online": draw(_OPTIONAL_BOOLS),
        "fee": draw(_FEES),
        "province": draw(_OPTIONAL_PROVINCES),
        "illustrative": draw(_BOOLS),
    }


def procedures() -> st.SearchStrategy[Procedure]:
    """Valid administrative procedures under either classification (Decree 43 levels or 42).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(procedures())
    ... def test(procedure):
    ...     assert procedure.online_level in (None, 1, 2, 3, 4)
    >>> test()
    """
    return _procedure_fields().map(lambda fields: Procedure(**fields))


def zone_scopes(
    zone_ids: Sequence[str] | None = None, *, province_names: Sequence[str] | None = None
) -> st.SearchStrategy[ZoneScope]:
    """Scopes of reported figures: a province, inside or outside a zone, some zone kinds.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(zone_scopes(["chu-lai"]))
    ... def test(scope):
    ...     assert scope.within in (None, "chu-lai") and scope.kinds
    >>> test()
    """
    refs = st.none() | st.sampled_from(tuple(zone_ids)) if zone_ids else st.none()
    return st.builds(
        ZoneScope,
        province=st.none() | st.sampled_from(tuple(province_names or PROVINCES)),
        within=refs,
        outside=refs,
        kinds=SCOPE_KINDS,
    )


SCOPE_KINDS = st.none() | st.frozensets(_KINDS, min_size=1)
"""The ``kinds`` of a scope: ``None`` (the default, industrial zones) or some kinds."""


@st.composite
def _figure_fields(
    draw: st.DrawFn,
    zone_ids: Sequence[str] | None = None,
    metrics: Sequence[ReportedMetric] | None = None,
) -> dict[str, Any]:
    metric = draw(st.sampled_from(tuple(metrics or ReportedMetric)))
    value: object = (
        draw(st.integers(0, 500)) if metric is ReportedMetric.ZONE_COUNT else draw(areas())
    )
    return {
        "id": draw(identifiers("r-")),
        "metric": as_given(draw, metric),
        "value": value,
        "scope": draw(zone_scopes(zone_ids)),
        "description": "khu công nghiệp trong tỉnh" if draw(_BOOLS) else None,
        "as_of": draw(_OPTIONAL_DATES),
        "source": "seeds/003" if draw(_BOOLS) else None,
        "comparator": draw(_FIGURE_COMPARATORS),
    }


_FIGURE_COMPARATORS = st.none() | st.sampled_from(sorted(BOUND_COMPARATORS))


def reported_figures(
    zone_ids: Sequence[str] | None = None, *, metrics: Sequence[ReportedMetric] | None = None
) -> st.SearchStrategy[ReportedFigure]:
    """Valid reported figures, without parts (use :func:`datasets` for figures with parts).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(reported_figures(metrics=[ReportedMetric.ZONE_COUNT]))
    ... def test(figure):
    ...     assert isinstance(figure.value, int) and figure.value >= 0
    >>> test()
    """
    return _figure_fields(zone_ids, metrics).map(lambda fields: ReportedFigure(**fields))
