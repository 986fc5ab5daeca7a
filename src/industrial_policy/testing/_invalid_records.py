"""Hypothesis strategies for records the library must refuse, with the error each must raise.

Every case starts from the keyword arguments of a valid record and spoils
one thing: a field's value (an unknown enum value, an area without a unit,
a control character in an id) or a rule between fields (industrial land
larger than the total, a vacant parcel with a category, an event after the
termination). :meth:`~industrial_policy.testing.InvalidInput.check` then
asserts the error type and that the error names the class, the record id
(when the id was valid), the field and the value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from industrial_policy.categories import Category
from industrial_policy.errors import InvalidValueError
from industrial_policy.money import Money
from industrial_policy.records.parcels import Parcel, ParcelStatus
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.projects import CapitalEvent, ProductionValue, Project
from industrial_policy.records.reported import ReportedFigure, ReportedMetric, ZoneScope
from industrial_policy.records.zones import EconomicZoneType, Zone, ZoneKind
from industrial_policy.testing._areas import AREA_UNITS_M2, _bad_area_values, areas
from industrial_policy.testing._invalid import InvalidInput
from industrial_policy.testing._records import (
    _event,
    _figure_fields,
    _parcel_fields,
    _procedure_fields,
    _project_fields,
    _zone_fields,
    area_of,
    capital_events,
    hectares_of,
    invalid_identifiers,
)

__all__ = [
    "invalid_capital_events",
    "invalid_parcels",
    "invalid_procedures",
    "invalid_projects",
    "invalid_reported_figures",
    "invalid_zones",
]

_BAD_TEXT = ("", "   ", "a\x00b", "\x1b[31m", 3, None, b"text")
_BAD_DATES = ("2021-02-30", "31/12/2021", "yesterday", 2021, "2021-13-01")
_BAD_FLAGS = ("yes", 1, 0, "true", None)

Case = Callable[[st.DrawFn, dict[str, Any]], InvalidInput]


def _case(
    target: type[Any],
    fields: dict[str, Any],
    field: str,
    value: object,
    error: type[InvalidValueError] = InvalidValueError,
    *,
    reported_value: object = None,
    record_id: Any = "id",
) -> InvalidInput:
    """``target(**fields)`` with ``fields[field] = value``; the error names ``reported_value``."""
    kwargs = {**fields, field: value}
    if record_id == "id":
        record_id = fields.get("id") if field != "id" else None
    return InvalidInput(
        target,
        kwargs,
        error,
        field=field,
        value=value if reported_value is None else reported_value,
        record_type=target.__name__,
        record_id=record_id,
    )


def _spoil(
    fields: st.SearchStrategy[dict[str, Any]], cases: list[Case]
) -> st.SearchStrategy[InvalidInput]:
    @st.composite
    def build(draw: st.DrawFn) -> InvalidInput:
        spoil = draw(st.sampled_from(cases))
        return spoil(draw, draw(fields))

    return build()


def _bad_field(target: type[Any], field: str, values: st.SearchStrategy[object]) -> Case:
    def spoil(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
        return _case(target, fields, field, draw(values))

    return spoil


def _bad_area(target: type[Any], field: str, *, optional: bool) -> Case:
    # None is a valid value of an optional area: it means "not given".
    values = (
        _bad_area_values().filter(lambda c: c[0] is not None) if optional else _bad_area_values()
    )

    def spoil(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
        value, error = draw(values)
        return _case(target, fields, field, value, error)

    return spoil


def _text_fields(target: type[Any], *names: str) -> list[Case]:
    return [_bad_field(target, name, st.sampled_from(_BAD_TEXT)) for name in names]


# -- zones --------------------------------------------------------------------------


def _zone_industrial_over_total(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    total = fields["total_area"] or draw(areas(min_ha=1.0, max_ha=5_000.0))
    fields = {**fields, "total_area": total}
    over = draw(st.floats(1e-6, 10.0))
    unit = draw(st.sampled_from(sorted(AREA_UNITS_M2)))
    industrial = area_of(hectares_of(total) * (1 + over), unit)
    return _case(Zone, fields, "industrial_land_area", industrial)


def _zone_hi_tech_not_specialised(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    fields = {**fields, "kind": ZoneKind.HI_TECH_PARK}
    fields.pop("economic_zone_type", None)
    return _case(Zone, fields, "specialises_in_hi_tech", False)


def _zone_ez_type_elsewhere(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    kind = draw(st.sampled_from([k for k in ZoneKind if k is not ZoneKind.ECONOMIC_ZONE]))
    fields = {**fields, "kind": kind}
    fields.pop("specialises_in_hi_tech", None)
    member = draw(st.sampled_from(list(EconomicZoneType)))
    return _case(
        Zone,
        fields,
        "economic_zone_type",
        draw(st.sampled_from([member, member.value])),
        reported_value=member,
    )


def _zone_own_parent(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    return _case(Zone, fields, "parent_id", fields["id"])


def invalid_zones() -> st.SearchStrategy[InvalidInput]:
    """Zone arguments that must be refused, each with the error it must raise.

    Bad ids, names, kinds, statuses, dates and flags; areas without a unit,
    negative, NaN or in a bare ``sào``; industrial land over the total area;
    a hi-tech park said not to specialise in hi-tech; an economic-zone type
    on another kind of zone; a zone inside itself.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30)
    ... @given(invalid_zones())
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    cases: list[Case] = [
        _bad_field(Zone, "id", invalid_identifiers()),
        _bad_field(Zone, "kind", st.sampled_from(["industrial_zoo", "KCN X", "khu cn xanh", 3])),
        _bad_field(Zone, "status", st.sampled_from(["open", "Operatingg", 1])),
        _bad_field(Zone, "established", st.sampled_from(_BAD_DATES)),
        _bad_field(Zone, "illustrative", st.sampled_from(_BAD_FLAGS)),
        _bad_field(Zone, "parent_id", invalid_identifiers().filter(lambda v: v is not None)),
        _bad_area(Zone, "total_area", optional=True),
        _bad_area(Zone, "industrial_land_area", optional=True),
        _zone_industrial_over_total,
        _zone_hi_tech_not_specialised,
        _zone_ez_type_elsewhere,
        _zone_own_parent,
        *_text_fields(Zone, "name", "province"),
    ]
    no_industrial = _zone_fields().map(lambda f: {**f, "industrial_land_area": None})
    return st.one_of(
        _spoil(no_industrial, cases[:8]),
        _spoil(_zone_fields(), cases[8:]),
    )


# -- parcels ------------------------------------------------------------------------


def _parcel_reserved_without_category(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    fields = {
        k: v for k, v in fields.items() if k not in ("project_id", "lease_start", "lease_end")
    }
    return _case(Parcel, {**fields, "status": "reserved"}, "category", None)


def _parcel_vacant_with_category(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    fields = {
        k: v for k, v in fields.items() if k not in ("project_id", "lease_start", "lease_end")
    }
    category = draw(st.sampled_from(list(Category)))
    return _case(Parcel, {**fields, "status": "vacant"}, "category", category)


def _parcel_tenant_not_leased(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    fields = {k: v for k, v in fields.items() if k not in ("lease_start", "lease_end")}
    status = draw(st.sampled_from(["vacant", "reserved"]))
    category = Category.HI_TECH if status == "reserved" else None
    fields = {**fields, "status": status, "category": category}
    return _case(Parcel, fields, "project_id", draw(st.sampled_from(["d-1", "Dự án Đại An"])))


def _parcel_lease_not_leased(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    status = draw(st.sampled_from(["vacant", "reserved"]))
    fields = {k: v for k, v in fields.items() if k != "project_id"}
    fields["category"] = Category.SUPPORTING_INDUSTRY if status == "reserved" else None
    start = draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
    end = draw(st.dates(dt.date(2030, 1, 2), dt.date(2080, 1, 1)))
    if start is None:
        return _case(Parcel, {**fields, "status": status, "lease_start": None}, "lease_end", end)
    given_end = draw(st.none() | st.just(end))
    kwargs = {**fields, "status": status, "lease_start": start}
    return _case(Parcel, kwargs, "lease_end", given_end, reported_value=given_end)


def _parcel_lease_backwards(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    start = draw(st.dates(dt.date(2000, 1, 2), dt.date(2060, 1, 1)))
    end = start - dt.timedelta(days=draw(st.integers(1, 3_000)))
    fields = {**fields, "status": "leased", "category": None, "lease_start": start}
    return _case(Parcel, fields, "lease_end", end)


def invalid_parcels() -> st.SearchStrategy[InvalidInput]:
    """Parcel arguments that must be refused, each with the error it must raise.

    Bad ids, statuses and categories; bad areas; a reserved parcel without a
    category; a vacant parcel with one; a tenant project or lease dates on a
    parcel that is not leased; a lease that ends before it starts.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30)
    ... @given(invalid_parcels())
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    cases: list[Case] = [
        _bad_field(Parcel, "id", invalid_identifiers()),
        _bad_field(Parcel, "zone_id", invalid_identifiers()),
        _bad_field(Parcel, "status", st.sampled_from(["rented", "LEASEDD ", None])),
        _bad_area(Parcel, "area", optional=False),
        _parcel_reserved_without_category,
        _parcel_vacant_with_category,
        _parcel_tenant_not_leased,
        _parcel_lease_not_leased,
        _parcel_lease_backwards,
    ]
    fields = _parcel_fields(statuses=[ParcelStatus.VACANT])
    return _spoil(fields, cases)


# -- projects and capital events ----------------------------------------------------


def _events(draw: st.DrawFn, currency: str = "USD") -> list[CapitalEvent]:
    return draw(capital_events(currency, max_events=3, terminated=False))


def _project_fdi_without_country(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    return _case(Project, {**fields, "origin": "fdi"}, "country", None)


def _project_first_event_not_licence(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    first = draw(
        st.sampled_from(
            [
                _event("2019-05-01", "capital_adjusted", "20 million USD"),
                _event("2019-05-01", "terminated"),
            ]
        )
    )
    events = [first, *_events(draw)]
    return _case(Project, fields, "capital_events", events, reported_value=first)


def _project_events_out_of_order(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    events = _events(draw)
    last = events[-1]
    early = _event(
        last.date - dt.timedelta(days=draw(st.integers(1, 400))),
        "capital_adjusted",
        Money(Decimal(draw(st.integers(1, 50))).scaleb(6), "USD"),
    )
    events.append(early)
    return _case(Project, fields, "capital_events", events, reported_value=early)


def _project_licensed_twice(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    events = _events(draw)
    again = _event(
        events[-1].date + dt.timedelta(days=draw(st.integers(0, 400))), "licensed", "5 million USD"
    )
    events.append(again)
    return _case(Project, fields, "capital_events", events, reported_value=again)


def _project_event_after_termination(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    events = _events(draw)
    ended = events[-1].date + dt.timedelta(days=draw(st.integers(0, 400)))
    events.append(_event(ended, "terminated"))
    after = draw(
        st.sampled_from(
            [
                _event(ended + dt.timedelta(days=30), "capital_adjusted", "1 million USD"),
                _event(ended, "terminated"),
            ]
        )
    )
    events.append(after)
    return _case(Project, fields, "capital_events", events, reported_value=after)


def _project_event_not_an_event(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    item = draw(st.sampled_from([{"kind": "licensed"}, "2020-01-01 licensed 5 million USD"]))
    events = [*_events(draw), item]
    return _case(Project, fields, "capital_events", events, reported_value=item)


def _project_same_year_twice(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    year = draw(st.integers(2015, 2030))
    values = [ProductionValue(year, Money(10**10, "VND")), ProductionValue(year, Money(12, "VND"))]
    return _case(Project, fields, "production_values", values, reported_value=[year])


def invalid_projects() -> st.SearchStrategy[InvalidInput]:
    """Project arguments that must be refused, each with the error it must raise.

    Bad ids, names, origins, categories and employee counts; an FDI project
    without the investor's country; capital histories that do not start with
    the licence, go back in time, license twice or go on after the
    termination; two production values for one year.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30)
    ... @given(invalid_projects())
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    cases: list[Case] = [
        _bad_field(Project, "id", invalid_identifiers()),
        _bad_field(Project, "origin", st.sampled_from(["foreign", "FDII", None])),
        _bad_field(Project, "employees", st.sampled_from([-1, 2.5, True, "12"])),
        _bad_field(Project, "capital_events", st.sampled_from(["licensed", 3])),
        _project_event_not_an_event,
        _bad_field(Project, "categories", st.sampled_from(["hi_tech", 3])),
        _project_fdi_without_country,
        _project_first_event_not_licence,
        _project_events_out_of_order,
        _project_licensed_twice,
        _project_event_after_termination,
        _project_same_year_twice,
        _bad_category,
        *_text_fields(Project, "name"),
    ]
    return _spoil(_project_fields(), cases)


def _bad_category(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    bad = draw(st.sampled_from(["hi-techno", "robots", 7]))
    kwargs = {**fields, "categories": [Category.HI_TECH, bad]}
    return InvalidInput(
        Project,
        kwargs,
        InvalidValueError,
        field="categories",
        value=bad,
        record_type="Project",
        record_id=fields["id"],
    )


@st.composite
def _event_fields(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["licensed", "capital_adjusted"]))
    return {
        "date": draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
        "kind": kind,
        "amount": Money(Decimal(draw(st.integers(1, 900))).scaleb(6), "USD"),
    }


def _event_terminated_with_amount(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    return _case(CapitalEvent, {**fields, "kind": "terminated"}, "amount", fields["amount"])


def _event_without_amount(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    return _case(CapitalEvent, fields, "amount", None)


def _event_negative_licence(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    amount = Money(-Decimal(draw(st.integers(1, 900))).scaleb(6), "USD")
    return _case(CapitalEvent, {**fields, "kind": "licensed"}, "amount", amount)


def invalid_capital_events() -> st.SearchStrategy[InvalidInput]:
    """Capital-event arguments that must be refused: a termination with an amount, a licence
    or adjustment without one, a negative licence, unknown kinds, impossible dates, money
    without a currency.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30)
    ... @given(invalid_capital_events())
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    cases: list[Case] = [
        _bad_field(CapitalEvent, "kind", st.sampled_from(["license", "closed", None])),
        _bad_field(CapitalEvent, "date", st.sampled_from(_BAD_DATES)),
        _bad_field(CapitalEvent, "amount", st.sampled_from(["500 million", "3 ha", "19.866 tỷ"])),
        _event_terminated_with_amount,
        _event_without_amount,
        _event_negative_licence,
    ]
    return _spoil(_event_fields(), cases)


# -- procedures and reported figures ------------------------------------------------


def invalid_procedures() -> st.SearchStrategy[InvalidInput]:
    """Procedure arguments that must be refused: online levels outside 1 to 4, unknown
    government levels or services, negative fees, non-boolean flags, bad ids.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30)
    ... @given(invalid_procedures())
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    cases: list[Case] = [
        _bad_field(Procedure, "id", invalid_identifiers()),
        _bad_field(Procedure, "online_level", st.sampled_from([0, 5, -1, 2.0, True, "4"])),
        _bad_field(Procedure, "government_level", st.sampled_from(["national", "ward", None])),
        _bad_field(Procedure, "online_service", st.sampled_from(["full", "level 4", 4])),
        _bad_field(Procedure, "eligible_for_full_online", st.sampled_from(["yes", 1])),
        _negative_fee,
        *_text_fields(Procedure, "name", "field"),
    ]
    return _spoil(_procedure_fields(), cases)


def _negative_fee(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    fee = Money(-Decimal(draw(st.integers(1, 10_000))) * 1_000, "VND")
    return _case(Procedure, fields, "fee", fee)


def _figure_bad_count(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    value = draw(st.sampled_from([-1, -14, True, 2.5, "14", "14 parks"]))
    return _case(ReportedFigure, {**fields, "metric": "zone_count"}, "value", value)


def _figure_bad_area(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    value, error = draw(_bad_area_values())
    metric = draw(st.sampled_from(["total_area", "industrial_land_area"]))
    return _case(ReportedFigure, {**fields, "metric": metric}, "value", value, error)


def _figure_own_part(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    parts = draw(st.permutations([fields["id"], "r-other"]))
    return _case(ReportedFigure, fields, "parts", parts, reported_value=tuple(parts))


def _figure_part_twice(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    parts = ["r-a", "r-b", "r-a"]
    return _case(ReportedFigure, fields, "parts", parts, reported_value=tuple(parts))


def _scope_without_kinds(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    return InvalidInput(
        ZoneScope,
        {"province": "Quảng Nam", "kinds": []},
        InvalidValueError,
        field="kinds",
        value=[],
        record_type="ZoneScope",
    )


def _scope_unknown_kind(draw: st.DrawFn, fields: dict[str, Any]) -> InvalidInput:
    bad = draw(st.sampled_from(["park", "KCN X", 1]))
    return InvalidInput(
        ZoneScope,
        {"province": "Quảng Nam", "kinds": [ZoneKind.INDUSTRIAL_PARK, bad]},
        InvalidValueError,
        field="kinds",
        value=bad,
        record_type="ZoneScope",
    )


def invalid_reported_figures() -> st.SearchStrategy[InvalidInput]:
    """Reported-figure (and scope) arguments that must be refused: negative or
    non-integer counts, areas without a unit or in a bare ``sào``, a figure that is
    a part of itself, a part listed twice, unknown metrics, scopes with no zone kind.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=30)
    ... @given(invalid_reported_figures())
    ... def test(case):
    ...     case.check()
    >>> test()
    """
    cases: list[Case] = [
        _bad_field(ReportedFigure, "id", invalid_identifiers()),
        _bad_field(ReportedFigure, "metric", st.sampled_from(["area", "count", None])),
        _bad_field(ReportedFigure, "scope", st.sampled_from([{"province": "Quảng Nam"}, None])),
        _figure_bad_count,
        _figure_bad_area,
        _figure_own_part,
        _figure_part_twice,
        _scope_without_kinds,
        _scope_unknown_kind,
    ]
    fields = _figure_fields(metrics=[ReportedMetric.ZONE_COUNT])
    return _spoil(fields, cases)
