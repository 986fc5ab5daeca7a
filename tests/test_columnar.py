"""The columnar core: tables of records as typed columns, and tables read from user cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.columnar import (
    AreaColumn,
    CodedColumn,
    MoneyColumn,
    Table,
    TextColumn,
    schema_of,
)
from industrial_policy.columnar.cells import Coded
from industrial_policy.columnar.problems import MAX_KEPT, Where
from industrial_policy.columnar.reading import Children, read_table
from industrial_policy.errors import TableError
from industrial_policy.money import money_text
from industrial_policy.numbers import Notation
from industrial_policy.testing import (
    capital_events,
    datasets,
    invalid_capital_events,
    invalid_parcels,
    invalid_procedures,
    invalid_projects,
    invalid_zones,
    parcels,
    projects,
    zones,
)

KINDS = ("zones", "parcels", "projects", "procedures", "reported")


# -- tables of records --------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(datasets(max_zones=6, max_parcels=12))
def test_a_table_gives_back_the_records_it_was_made_of(ds: ip.Dataset) -> None:
    for name in KINDS:
        records = list(getattr(ds, name))
        if not records:
            continue
        table = Table.from_records(type(records[0]), records)
        assert len(table) == len(records)
        assert list(table) == records
        assert [table[i] for i in range(len(records))] == records
        assert table[-1] == records[-1]
        assert table == Table.from_records(type(records[0]), list(table))


@settings(max_examples=40, deadline=None)
@given(st.lists(parcels(), min_size=1, max_size=20), st.randoms(use_true_random=False))
def test_taking_rows_is_making_a_table_of_those_records(records: list[ip.Parcel], rng: Any) -> None:
    order = list(range(len(records)))
    rng.shuffle(order)
    picked = order[: max(1, len(order) // 2)]
    table = Table.from_records(ip.Parcel, records)
    assert table.take(picked) == Table.from_records(ip.Parcel, [records[i] for i in picked])
    assert table[1:] == Table.from_records(ip.Parcel, records[1:])


@settings(max_examples=30, deadline=None)
@given(st.lists(projects(), min_size=1, max_size=8))
def test_nested_records_come_back_with_their_parent(records: list[ip.Project]) -> None:
    table = Table.from_records(ip.Project, records)
    assert list(table) == records
    picked = list(reversed(range(len(records))))
    assert list(table.take(picked)) == [records[i] for i in picked]


@settings(max_examples=30, deadline=None)
@given(st.lists(projects(), min_size=0, max_size=25))
def test_a_notebook_shows_a_table_as_its_first_rows_in_html(records: list[ip.Project]) -> None:
    """One row per record up to SHOWN_ROWS, one column per field, no Python reprs."""
    from industrial_policy.columnar.table import SHOWN_ROWS, cell_text

    table = Table.from_records(ip.Project, records)
    page = table._repr_html_()
    shown = min(len(records), SHOWN_ROWS)
    assert page.count("<tr>") == shown + 1  # the header row
    assert f"{len(records):,} Project records" in page
    assert ("the first" in page) == (len(records) > SHOWN_ROWS)
    for record in records[:shown]:
        cells = [cell_text(getattr(record, name)) for name in table.schema.names]
        assert not any(
            marker in cell
            for cell in cells
            for marker in ("Quantity(", "Decimal(", "<Project", "Kind.")
        )
        assert cell_text(record.capital_events).endswith(("record", "records"))


def test_tables_of_other_records_differ() -> None:
    a = ip.Parcel(id="a", zone_id="z", area="1 ha", status="vacant")
    b = ip.Parcel(id="a", zone_id="z", area="10000 m2", status="vacant")
    assert Table.from_records(ip.Parcel, [a]) != Table.from_records(ip.Parcel, [b])
    assert Table.from_records(ip.Parcel, [a]) == [a]
    assert Table.from_records(ip.Parcel, [a]) != [b]


def test_columns_hold_units_and_currencies_once_per_column() -> None:
    table = Table.from_records(
        ip.Parcel,
        [
            ip.Parcel(id="a", zone_id="z", area="12 sào Bắc Bộ", status="vacant"),
            ip.Parcel(id="b", zone_id="z", area="3 ha", status="vacant"),
            ip.Parcel(id="c", zone_id="y", area="2 ha", status="vacant"),
        ],
    )
    area = table.column("area")
    assert isinstance(area, AreaColumn)
    assert area.units == ("sao_bac_bo", "hectare")
    assert area.unit.tolist() == [0, 1, 1]
    assert area.hectares().tolist() == pytest.approx([0.432, 3.0, 2.0])
    zone = table.column("zone_id")
    assert isinstance(zone, CodedColumn | TextColumn)


def test_money_a_float_cannot_hold_is_kept_exactly() -> None:
    exact = Decimal("123456789012345678.25")
    events = [
        ip.CapitalEvent("2020-01-01", "licensed", ip.Money(exact, "VND")),
        ip.CapitalEvent("2021-01-01", "capital_adjusted", "0.1 USD"),
    ]
    table = Table.from_records(ip.CapitalEvent, events)
    column = table.column("amount")
    assert isinstance(column, MoneyColumn)
    assert column.exact == {0: exact}
    assert list(table) == events


def test_a_schema_says_how_each_field_is_held() -> None:
    forms = {f.name: f.form.form.value for f in schema_of(ip.Parcel).fields}
    assert forms["id"] == "id"
    assert forms["area"] == "area"
    assert forms["status"] == "enum"
    assert forms["lease_start"] == "date"


# -- reading a user's cells -----------------------------------------------------------------


def _cells(records: list[Any], name: str) -> list[Any]:
    """The cells a spreadsheet would hold for one field: text for enums, areas and money."""
    out = []
    for record in records:
        value = getattr(record, name)
        if hasattr(value, "value") and not isinstance(value, ip.Money):
            value = value.value  # an enum member
        elif isinstance(value, ip.Money):
            value = money_text(value)
        elif value is not None and type(value).__name__ == "Quantity":
            value = ip.units.format_area(value)
        elif isinstance(value, frozenset):
            value = ";".join(sorted(member.value for member in value))
        out.append(value)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(zones(), min_size=1, max_size=10))
def test_zones_read_from_cells_equal_the_records(records: list[ip.Zone]) -> None:
    names = [f.name for f in schema_of(ip.Zone).fields]
    table = read_table(ip.Zone, {name: _cells(records, name) for name in names})
    assert table == Table.from_records(ip.Zone, records)


@settings(max_examples=60, deadline=None)
@given(st.lists(parcels(), min_size=1, max_size=10))
def test_parcels_read_from_cells_equal_the_records(records: list[ip.Parcel]) -> None:
    names = [f.name for f in schema_of(ip.Parcel).fields]
    table = read_table(ip.Parcel, {name: _cells(records, name) for name in names})
    assert table == Table.from_records(ip.Parcel, records)


@settings(max_examples=40, deadline=None)
@given(st.lists(parcels(), min_size=1, max_size=10))
def test_coded_cells_read_as_the_cells_themselves(records: list[ip.Parcel]) -> None:
    names = [f.name for f in schema_of(ip.Parcel).fields]
    plain = {name: _cells(records, name) for name in names}
    coded = {name: Coded.of(cells) for name, cells in plain.items()}
    assert read_table(ip.Parcel, coded) == read_table(ip.Parcel, plain)


@settings(max_examples=40, deadline=None)
@given(st.lists(capital_events(), min_size=1, max_size=10))
def test_capital_events_read_from_cells(events: list[Any]) -> None:
    records = [event for history in events for event in history]
    names = [f.name for f in schema_of(ip.CapitalEvent).fields]
    table = read_table(ip.CapitalEvent, {name: _cells(records, name) for name in names})
    assert list(table) == records


def test_numbers_in_a_declared_unit_and_notation() -> None:
    cells = {"id": ["a", "b", "c"], "zone_id": "z", "status": "vacant"}
    vi = read_table(ip.Parcel, {**cells, "area": ["6.418", "90,33", "1.234,5"]},
                    units={"area": "ha"}, notation="vi")  # fmt: skip
    assert vi.column("area").hectares().tolist() == [6418.0, 90.33, 1234.5]  # type: ignore[attr-defined]
    en = read_table(ip.Parcel, {**cells, "area": ["6.418", "90.33", "1,234.5"]},
                    units={"area": "ha"}, notation=Notation.EN)  # fmt: skip
    assert en.column("area").hectares().tolist() == [6.418, 90.33, 1234.5]  # type: ignore[attr-defined]
    typed = read_table(ip.Parcel, {**cells, "area": np.array([1.0, 2.0, 3.0])},
                       units={"area": "sào Trung Bộ"})  # fmt: skip
    assert typed[0].area == ip.parse_area("1 sao_trung_bo")


def test_a_unit_column_gives_each_row_its_unit() -> None:
    table = read_table(
        ip.Parcel,
        {"id": ["a", "b"], "zone_id": "z", "status": "vacant", "area": np.array([1.0, 2.0])},
        units={"area": ["ha", "m2"]},
    )
    assert [str(p.area) for p in table] == ["1.0 hectare", "2.0 meter ** 2"]


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(TableError) as caught:
        read_table(
            ip.Parcel,
            {
                "id": ["p1", "p2", "p3"],
                "zone_id": "z",
                "area": ["6.418 ha", "3 sào", "4 ha"],
                "status": ["vacant", "leased", "sold"],
                "lease_start": [None, "31/02/2024", None],
            },
            where=Where(source="parcels.csv", first_row=2, columns={"area": "Diện tích"}),
        )
    error = caught.value
    assert error.total == 4
    by_row = {(p.row, p.column): p for p in error.problems}
    assert by_row[2, "Diện tích"].record_id == "p1"
    assert "ambiguous number" in by_row[2, "Diện tích"].message
    assert "regional unit" in by_row[3, "Diện tích"].message
    assert "sold" in by_row[4, "status"].message
    assert (3, "lease_start") in by_row
    assert "parcels.csv row 2, column 'Diện tích'" in str(error)


def test_a_missing_required_column_lists_the_columns_present() -> None:
    with pytest.raises(TableError, match=r"no column gives Parcel.area.*'id', 'zone_id'"):
        read_table(ip.Parcel, {"id": ["a"], "zone_id": ["z"], "status": ["vacant"]})


def test_an_unknown_column_names_the_fields() -> None:
    with pytest.raises(TableError, match="'colour' is not a field of Parcel; its fields are"):
        read_table(ip.Parcel, {"id": ["a"], "zone_id": "z", "area": ["1 ha"],
                               "status": "vacant", "colour": ["red"]})  # fmt: skip


def test_numbers_without_a_unit_are_refused() -> None:
    with pytest.raises(TableError, match="an area needs a unit"):
        read_table(ip.Parcel, {"id": ["a"], "zone_id": "z", "status": "vacant",
                               "area": np.array([3.0])})  # fmt: skip


def test_typed_cells_of_the_wrong_kind_are_named() -> None:
    with pytest.raises(TableError) as caught:
        read_table(
            ip.Parcel,
            {
                "id": ["a", "b"],
                "zone_id": "z",
                "area": np.array([1.0, 2.0]),
                "status": np.array([1, 2]),
                "lease_start": np.array([3.0, np.nan]),
            },
            units={"area": "ha"},
        )
    messages = [p.message for p in caught.value.problems]
    assert sum("not a number" in m for m in messages) == 2
    assert any("a number where a date belongs" in m for m in messages)


def test_dates_with_a_time_of_day_are_refused() -> None:
    with pytest.raises(TableError, match="a date, not a time of day"):
        read_table(
            ip.Parcel,
            {"id": ["a"], "zone_id": "z", "area": ["1 ha"], "status": "leased",
             "lease_start": np.array(["2024-01-01T10:30"], dtype="datetime64[m]")},
        )  # fmt: skip


def test_booleans_are_never_numbers_and_numbers_never_booleans() -> None:
    with pytest.raises(TableError) as caught:
        read_table(
            ip.Procedure,
            {"id": ["a", "b"], "name": "N", "government_level": "provincial", "field": "f",
             "online_level": [True, 3], "illustrative": [1, "true"]},
        )  # fmt: skip
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(0, "online_level"), (0, "illustrative")}


def test_problems_are_capped_and_counted() -> None:
    n = MAX_KEPT + 500
    with pytest.raises(TableError) as caught:
        read_table(
            ip.Parcel,
            {"id": [f"p{i}" for i in range(n)], "zone_id": "z", "status": "vacant",
             "area": np.full(n, -1.0)},
            units={"area": "ha"},
        )  # fmt: skip
    assert caught.value.total == n
    assert len(caught.value.problems) == MAX_KEPT
    assert f"the first {MAX_KEPT:,} are in .problems" in str(caught.value)


def test_constants_fill_every_row() -> None:
    table = read_table(
        ip.Zone,
        {"id": ["a", "b"], "name": ["A", "B"], "kind": "industrial_park", "province": "Hải Dương"},
    )
    assert [z.province for z in table] == ["Hải Dương", "Hải Dương"]


def test_ids_typed_as_whole_numbers_read_as_their_digits() -> None:
    table = read_table(
        ip.Zone,
        {"id": np.array([1, 2]), "name": ["A", "B"], "kind": "industrial_park", "province": "X"},
    )
    assert [z.id for z in table] == ["1", "2"]


def test_a_missing_optional_cell_is_none_and_a_required_one_a_problem() -> None:
    table = read_table(
        ip.Parcel,
        {"id": ["a", "b"], "zone_id": "z", "area": ["1 ha", "2 ha"],
         "status": ["vacant", "reserved"], "category": [None, "hi_tech"]},
    )  # fmt: skip
    assert table[0].category is None
    with pytest.raises(TableError, match="status is required"):
        read_table(ip.Parcel, {"id": ["a"], "zone_id": "z", "area": ["1 ha"], "status": ["  "]})


def test_date_cells_of_every_form() -> None:
    table = read_table(
        ip.Parcel,
        {"id": ["a", "b", "c"], "zone_id": "z", "area": ["1 ha"] * 3, "status": "leased",
         "lease_start": [dt.date(2020, 1, 2), dt.datetime(2021, 3, 4), "2022-05-06"]},
    )  # fmt: skip
    assert [p.lease_start for p in table] == [
        dt.date(2020, 1, 2), dt.date(2021, 3, 4), dt.date(2022, 5, 6)
    ]  # fmt: skip


# -- the checks on whole columns agree with the records' own ------------------------------


# What a table reads that a record refuses, on purpose: an empty cell is a missing value,
# a whole number in a text column is its digits, a whole float or the digits of a CSV cell
# a whole number, and "true"/"false" in a CSV are flags.
def _table_reads_it(case: Any, kind: type[Any]) -> bool:
    spec = schema_of(kind).field(case.field) if case.field in schema_of(kind).names else None
    value = case.kwargs.get(case.field)
    if spec is None:
        return False
    form = spec.form.form.value
    blank = value is None or (isinstance(value, str) and not value.strip())
    if blank and not spec.required:
        return True
    if form in ("id", "text", "coded") and isinstance(value, int) and not isinstance(value, bool):
        return True
    if form == "int" and isinstance(value, float) and value.is_integer():
        return True  # a frame's whole numbers become floats beside a missing value
    if form == "int" and isinstance(value, str) and value.strip().isdigit():
        return int(value) >= (spec.form.minimum or 0)  # a CSV's numbers are text
    return form == "flag" and (value in ("true", "false") or (blank and spec.default is not None))


def _one_row(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    cells: dict[str, Any] = {}
    children: dict[str, Any] = {}
    for name, value in kwargs.items():
        if name in ("capital_events", "production_values") and isinstance(value, tuple | list):
            items = list(value)
            if all(type(item).__name__ in ("CapitalEvent", "ProductionValue") for item in items):
                kind = ip.CapitalEvent if name == "capital_events" else ip.ProductionValue
                children[name] = Children(Table.from_records(kind, items), ["x"] * len(items))
                continue
        cells[name] = [value]
    if children:
        cells["id"] = ["x"]
    return cells, children


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        invalid_zones(),
        invalid_parcels(),
        invalid_capital_events(),
        invalid_projects(),
        invalid_procedures(),
    )
)
def test_a_table_refuses_what_a_record_refuses(case: Any) -> None:
    kind = case.target
    if not isinstance(kind, type) or _table_reads_it(case, kind):
        return
    cells, children = _one_row(dict(case.kwargs))
    if children and (case.field == "id" or case.kwargs.get("id") not in (None, "x")):
        return  # the id itself is the bad value (one-row tables nest under id "x")
    with pytest.raises(TableError) as caught:
        read_table(kind, cells, children=children)
    columns = {p.column for p in caught.value.problems}
    assert case.field in columns or None in columns, (case, caught.value)
