"""Cells of users' tables: numbers in bulk agree with the grammar, Vietnamese notation,
units and currencies named by the mapping or the header, and hostile cells that never
crash a reader and are always named by row, column and value."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings

import industrial_policy as ip
from industrial_policy.columnar import Form
from industrial_policy.errors import InvalidValueError
from industrial_policy.io.excel import number_text
from industrial_policy.io.frames import (
    PLAIN_LENGTH,
    PLAIN_NUMBER,
    _arrow_column,
    _numbers_in_text,
    narwhals,
)
from industrial_policy.numbers import Notation, parse_number

ZONES = pd.DataFrame(
    {"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["Hải Dương"]}
)

# Texts near numbers: digits with separators, signs, spaces, exponents, stray letters.
number_like = st.text(alphabet="0123456789.,+- e", min_size=1, max_size=34) | st.from_regex(
    r"\A[+-]?[0-9]{1,20}([.,][0-9]{1,20})?\Z"
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(number_like, min_size=1, max_size=20),
    st.sampled_from(list(Notation)),
    st.sampled_from([Form.AREA, Form.MONEY, Form.INT]),
    st.sampled_from(["polars", "arrow"]),
)
def test_numbers_read_in_bulk_are_the_numbers_the_grammar_reads(
    texts: list[str], notation: Notation, form: Form, engine: str
) -> None:
    nw = narwhals()
    native = pl.DataFrame({"c": texts}) if engine == "polars" else pa.table({"c": texts})
    parsed = _numbers_in_text(_arrow_column(nw.from_native(native), "c"), notation, form)
    rest = parsed.rest.cells()
    for text, number, left in zip(texts, parsed.numbers.tolist(), rest, strict=True):
        if math.isnan(number):
            # Not read in bulk: left for the grammar as written, unless blank.
            assert left == text or (not text.strip() and left is None)
            continue
        assert re.match(PLAIN_NUMBER[notation], text)
        assert len(text.strip()) <= PLAIN_LENGTH[form]
        exact = parse_number(text, notation)  # never refused
        assert float(exact) == number
        if form is Form.MONEY:  # every digit kept
            assert Decimal(repr(number)) == exact


def test_strict_numbers_that_read_two_ways_are_left_to_the_grammar() -> None:
    texts = pa.array(["6.418", "6.4180", "06.418", "-1.234"])
    parsed = _numbers_in_text(texts, Notation.STRICT, Form.AREA)
    assert np.isnan(parsed.numbers[[0, 3]]).all()
    assert parsed.numbers[1] == parsed.numbers[2] == 6.418


@given(
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30).filter(
        lambda v: v == 0 or abs(v) > 1e-29
    )
)
def test_a_number_in_a_text_column_of_a_sheet_reads_alike_in_every_notation(value: float) -> None:
    text = number_text(value)
    for notation in Notation:
        assert float(parse_number(text, notation)) == value


# -- Vietnamese notation, units, currencies -----------------------------------------------


def _parcels(**columns: Any) -> pd.DataFrame:
    base = {"id": ["p1", "p2"], "zone_id": ["z", "z"], "status": ["vacant", "vacant"]}
    return pd.DataFrame({**base, **columns})


def test_vietnamese_numbers_in_text_columns() -> None:
    frame = _parcels(area_ha=["6.418", "90,33"])
    ds = ip.read_frames(zones=ZONES, parcels=frame, notation="vi")
    assert [p.area.magnitude for p in ds.parcels] == [6418, 90.33]
    with pytest.raises(ip.TableError) as caught:
        ip.read_frames(zones=ZONES, parcels=frame)
    problems = [p for p in caught.value.problems if p.row is not None]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (0, "area_ha", "6.418"),
        (1, "area_ha", "90,33"),
    ]
    assert "notation = 'en'" in str(caught.value)


def test_a_column_may_have_its_own_notation() -> None:
    frame = _parcels(area_ha=["6.418", "1.5"])
    mapping = {"parcels": {"columns": {"area": {"column": "area_ha", "notation": "en"}}}}
    ds = ip.read_frames(mapping, zones=ZONES, parcels=frame, notation="vi")
    assert [p.area.magnitude for p in ds.parcels] == [6.418, 1.5]
    mapping = {"parcels": {"notations": {"area": "vi"}, "notation": "en"}}
    ds = ip.read_frames(mapping, zones=ZONES, parcels=_parcels(area_ha=["6.418", "2,5"]))
    assert [p.area.magnitude for p in ds.parcels] == [6418, 2.5]


@pytest.mark.parametrize(
    ("column", "unit"),
    [("area_ha", "hectare"), ("area_m2", "meter ** 2"), ("area_km2", "kilometer ** 2")],
)
def test_a_unit_in_the_column_name_is_the_unit_of_its_numbers(column: str, unit: str) -> None:
    ds = ip.read_frames(zones=ZONES, parcels=_parcels(**{column: [1.0, 2.5]}))
    assert [str(p.area.units) for p in ds.parcels] == [unit, unit]


def test_a_unit_in_brackets_in_the_header_is_the_unit_of_its_numbers() -> None:
    frame = _parcels(**{"Diện tích (ha)": [1.0, 2.5]})
    ds = ip.read_frames({"parcels": {"columns": {"area": "Diện tích (ha)"}}}, zones=ZONES,
                        parcels=frame)  # fmt: skip
    assert [p.area.magnitude for p in ds.parcels] == [1.0, 2.5]
    assert all(str(p.area.units) == "hectare" for p in ds.parcels)


def test_a_column_of_mixed_units_needs_a_unit_column_or_units_in_its_cells() -> None:
    numbers = _parcels(area=[1.0, 5000.0])
    with pytest.raises(ip.TableError, match="needs a unit"):
        ip.read_frames(zones=ZONES, parcels=numbers)
    units = numbers.assign(unit=["ha", "m2"])
    ds = ip.read_frames({"parcels": {"units": {"area": {"column": "unit"}}}}, zones=ZONES,
                        parcels=units)  # fmt: skip
    assert [p.area.to("m**2").magnitude for p in ds.parcels] == [10000.0, 5000.0]
    ds = ip.read_frames(zones=ZONES, parcels=_parcels(area=["1 ha", "5000 m2"]))
    assert [p.area.to("m**2").magnitude for p in ds.parcels] == [10000.0, 5000.0]


def test_capital_in_ty_dong_and_a_currency_in_the_column_name() -> None:
    projects = pd.DataFrame({"id": ["a"], "name": ["A"], "origin": ["domestic"]})
    events = pd.DataFrame(
        {"project_id": ["a", "a"], "date": ["2020-01-01", "2021-01-01"],
         "kind": ["licensed", "capital_adjusted"], "Vốn (tỷ đồng)": ["1.234,5", "-0,5"]}
    )  # fmt: skip
    mapping = {"capital_events": {"columns": {"amount": "Vốn (tỷ đồng)"}, "notation": "vi"}}
    ds = ip.read_frames(mapping, projects=projects, capital_events=events)
    amounts = [e.amount for e in ds.projects[0].capital_events]
    assert [(a.amount, a.currency) for a in amounts if a] == [
        (Decimal("1234500000000"), "VND"),
        (Decimal("-500000000"), "VND"),
    ]
    usd = events.rename(columns={"Vốn (tỷ đồng)": "amount_usd"}).assign(amount_usd=[5.5, 1.0])
    ds = ip.read_frames(projects=projects, capital_events=usd)
    assert ds.projects[0].capital_events[0].amount == ip.Money("5.5", "USD")


def test_values_and_day_first_dates_are_translated() -> None:
    projects = pd.DataFrame(
        {"id": ["a", "b"], "name": ["A", "B"], "Loại": ["Trong nước", "FDI"],
         "country": [None, "Nhật Bản"]}
    )  # fmt: skip
    events = pd.DataFrame(
        {"project_id": ["a", "b"], "date": ["15/03/2019", "01/12/2020"],
         "kind": ["licensed", "licensed"], "amount": ["1 billion VND", "2 million USD"]}
    )  # fmt: skip
    mapping = {
        "projects": {"columns": {"origin": {"column": "Loại",
                                            "values": {"trong nước": "domestic", "FDI": "fdi"}}}},
        "capital_events": {"date_order": "dmy"},
    }  # fmt: skip
    ds = ip.read_frames(mapping, projects=projects, capital_events=events)
    assert [p.origin for p in ds.projects] == [ip.Origin.DOMESTIC, ip.Origin.FDI]
    assert ds.projects[1].capital_events[0].date == dt.date(2020, 12, 1)
    with pytest.raises(ip.TableError, match="day/month/year"):
        ip.read_frames({"projects": mapping["projects"]}, projects=projects, capital_events=events)


def _coded_parcels(tmp_path: Path) -> tuple[Path, Path]:
    """A zones file and a parcels file in Parquet whose texts Parquet stores coded (as
    pyarrow writes them), in a board's own words and column names."""
    import pyarrow.parquet as pq

    zones = tmp_path / "kcn.parquet"
    pq.write_table(
        pa.table({"id": ["kcn-a"], "name": ["KCN A"], "province": ["Hải Dương"],
                  "kind": ["industrial_park"], "dien_tich_ha": [100.0]}),
        zones,
    )  # fmt: skip
    parcels = tmp_path / "lo.parquet"
    pq.write_table(
        pa.table({"ma_lo": ["L1", "L2", "L3", "L4"], "zone_id": ["kcn-a"] * 4,
                  "dien_tich_m2": [5_000.0, 2_500.0, 10_000.0, 500.0],
                  "trang_thai": ["Thuê", "Giữ chỗ", "Trống", "Thuê"],
                  "loai": ["Khác", "Công nghệ cao", None, "Công nghiệp hỗ trợ"]}),
        parcels,
    )  # fmt: skip
    return zones, parcels


def test_values_of_a_coded_parquet_column_are_translated(tmp_path: Path) -> None:
    zones, parcels = _coded_parcels(tmp_path)
    mapping = {
        "zones": {"columns": {"total_area": "dien_tich_ha"}},
        "parcels": {"columns": {
            "id": "ma_lo", "area": "dien_tich_m2",
            "status": {"column": "trang_thai",
                       "values": {"Thuê": "leased", "Giữ chỗ": "reserved", "Trống": "vacant"}},
            "category": {"column": "loai", "values": {"Khác": "other", "Công nghệ cao": "hi_tech",
                                                      "Công nghiệp hỗ trợ": "other"}},
        }},
    }  # fmt: skip
    ds = ip.read_frames(mapping, zones=zones, parcels=parcels)
    assert [p.status.value for p in ds.parcels] == ["leased", "reserved", "vacant", "leased"]
    # The library reads "Công nghiệp hỗ trợ" as supporting industry: the mapping's word wins
    assert [p.category and p.category.value for p in ds.parcels] == [
        "other",
        "hi_tech",
        None,
        "other",
    ]
    # the areas' units from the mapped columns' names: ..._m2 and ..._ha
    assert [p.area.to("ha").magnitude for p in ds.parcels] == [0.5, 0.25, 1.0, 0.05]
    assert ds.zones[0].total_area.to("ha").magnitude == 100.0


def test_values_of_a_categorical_frame_column_are_translated() -> None:
    projects = pl.DataFrame(
        {
            "id": ["a", "b"],
            "name": ["A", "B"],
            "Loại": ["Nội", "Ngoại"],
            "country": [None, "Nhật Bản"],
        }
    ).with_columns(pl.col("Loại").cast(pl.Categorical))
    mapping = {"projects": {"columns": {"origin": {
        "column": "Loại", "values": {"nội": "domestic", "ngoại": "fdi"}}}}}  # fmt: skip
    ds = ip.read_frames(mapping, projects=projects)
    assert [p.origin for p in ds.projects] == [ip.Origin.DOMESTIC, ip.Origin.FDI]


_ZONE = pa.table({"id": ["z"], "name": ["Z"], "province": ["Hải Dương"],
                  "kind": ["industrial_park"], "total_area_ha": [1_000.0]})  # fmt: skip


@pytest.mark.parametrize(
    ("column", "unit"),
    [("dien_tich_ha", "ha"), ("Diện_tích_m2", "m2"), ("dien_tich_sao_bac_bo", "sao_bac_bo"),
     ("dien_tich_dat_cong_nghiep_ha", "ha"), ("Diện tích (ha)", "ha"), ("area_km2", "km2")],
)  # fmt: skip
def test_a_mapped_columns_name_may_end_in_its_unit(column: str, unit: str) -> None:
    frame = pa.table({"id": ["p1"], "zone_id": ["z"], column: [2.0], "status": ["vacant"]})
    ds = ip.read_frames({"parcels": {"columns": {"area": column}}}, zones=_ZONE, parcels=frame)
    assert ds.parcels[0].area == ip.parse_area(f"2 {unit}")


@pytest.mark.parametrize(
    "column",
    # no unit; a year; a regional unit without its region; no words before the unit; words a
    # header does not name an area by alone; a scale before the unit (thousands of m2)
    ["dien_tich", "dien_tich_2023", "dien_tich_mau", "_ha", "dt_m2", "dien_tich_nghin_m2"],
)
def test_a_mapped_column_not_ending_in_a_unit_needs_one(column: str) -> None:
    frame = pa.table({"id": ["p1"], "zone_id": ["z"], column: [2.0], "status": ["vacant"]})
    with pytest.raises(ip.TableError, match="an area needs a unit"):
        ip.read_frames({"parcels": {"columns": {"area": column}}}, zones=_ZONE, parcels=frame)


@pytest.mark.parametrize(
    ("column", "amount"),
    [("von_usd", ip.Money("5.5", "USD")), ("von_dang_ky_usd", ip.Money("5.5", "USD")),
     ("tong_von_vnd", ip.Money("5.5", "VND")), ("von_ty_vnd", None), ("von_trieu_usd", None)],
)  # fmt: skip
def test_a_mapped_money_column_ends_in_its_currency_unless_a_scale_precedes_it(
    column: str, amount: ip.Money | None
) -> None:
    projects = pd.DataFrame({"id": ["a"], "name": ["A"], "origin": ["domestic"]})
    events = pd.DataFrame(
        {"project_id": ["a"], "date": ["2020-01-02"], "kind": ["licensed"], column: [5.5]}
    )
    mapping = {"capital_events": {"columns": {"amount": column}}}
    if amount is None:  # von_ty_vnd: billions of đồng, never read as đồng
        with pytest.raises(ip.TableError, match="an amount of money needs a unit"):
            ip.read_frames(mapping, projects=projects, capital_events=events)
        return
    ds = ip.read_frames(mapping, projects=projects, capital_events=events)
    assert ds.projects[0].capital_events[0].amount == amount


# -- hostile cells --------------------------------------------------------------------------

HOSTILE = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["#REF!", "=1+1", "\x00", "NaN", "inf", "-0", "1e400", "6.418", "90,33",
                     " 12 ha ", "sào", "12 sào", "\u202e", "—", "1,2,3", "true", "2021-02-30"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    st.booleans(),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2300, 1, 1)),
)  # fmt: skip
FIELDS = ("id", "zone_id", "area_ha", "status", "category", "lease_start", "project_id")


def _assert_named(exc: ip.ProblemsError, columns: list[str]) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert problem.path
        if problem.row is not None:
            assert problem.column in columns, problem
            assert problem.path.count("row") >= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(*[HOSTILE] * len(FIELDS)), min_size=1, max_size=6),
       st.sampled_from(list(Notation)))  # fmt: skip
def test_hostile_cells_never_crash_and_are_named(
    rows: list[tuple[Any, ...]], notation: Notation
) -> None:
    frame = pd.DataFrame([list(r) for r in rows], columns=list(FIELDS), dtype=object)
    try:
        ip.read_frames(zones=ZONES, parcels=frame, notation=notation)
    except (ip.TableError, ip.MappingError, ip.DatasetIntegrityError) as exc:
        _assert_named(exc, list(FIELDS))


ERRORS = st.sampled_from(["#REF!", "#VALUE!", "#N/A", "#DIV/0!"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(*[HOSTILE] * len(FIELDS)), min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, len(FIELDS) - 1), ERRORS), max_size=3),
)
def test_hostile_sheets_never_crash_and_name_the_cell(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[Any, ...]],
    errors: list[tuple[int, int, str]],
) -> None:
    path = tmp_path_factory.mktemp("sheets") / "parcels.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("parcels")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, FIELDS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            _write(sheet, r, c, value, day)
    for r, c, error in errors:
        if r < len(rows):
            sheet.write_formula(r + 1, c, "=1/0", None, error)
    book.close()
    # The last error written to a cell is the one it holds.
    placed = list({(r, c): error for r, c, error in errors if r < len(rows)}.values())
    if placed:
        with pytest.raises(ip.TableError) as caught:
            ip.read(path, zones=ZONES)
        _assert_named(caught.value, list(FIELDS))
        assert all(error in str(caught.value.problems) for error in placed)
        return
    try:
        ip.read(path, zones=ZONES)
    except (ip.TableError, ip.MappingError, ip.DatasetIntegrityError) as exc:
        _assert_named(exc, list(FIELDS))


def _write(sheet: Any, row: int, column: int, value: Any, day: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float):
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > 1e300:
            sheet.write_string(row, column, repr(value))
        else:
            sheet.write_number(row, column, float(value))
    elif isinstance(value, dt.date):
        if dt.date(1900, 3, 1) <= value <= dt.date(9999, 1, 1):
            sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), day)
        else:
            sheet.write_string(row, column, value.isoformat())
    else:
        sheet.write_string(row, column, value)


def test_a_file_that_is_no_workbook_is_named(tmp_path: Path) -> None:
    path = tmp_path / "parcels.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ip.TableError, match="cannot be read as a workbook"):
        ip.read(path)
    with pytest.raises(InvalidValueError.__mro__[1]):  # IndustrialPolicyError
        ip.read(tmp_path / "missing.parquet")
