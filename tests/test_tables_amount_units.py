"""A column of bare numbers declares the unit of an amount: ``Tỷ lệ lấp đầy (%)``.

Provinces publish occupancy as a column of numbers under a header that names the unit; the
column mapping (``units = {value = "%"}``) or the header's brackets give every bare number of
the column that unit, as they do for areas and money.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.amounts import Amount, amount_in, amount_unit_problem, read_amount
from industrial_policy.errors import InvalidValueError, MappingError, TableError

pd = pytest.importorskip("pandas")
pytest.importorskip("narwhals")
pytest.importorskip("pyarrow")

RATE = "Tỷ lệ lấp đầy (%)"


def _figures(values: list[Any], *, measure: str = "occupancy_rate", header: str = RATE,
             mapping: dict[str, Any] | None = None, notation: str = "vi") -> list[Any]:  # fmt: skip
    frame = pd.DataFrame(
        {
            "id": [f"f{i}" for i in range(len(values))],
            "measure": [measure] * len(values),
            header: values,
            "province": ["Thái Bình"] * len(values),
            "on": ["2024-12-31"] * len(values),
            "source": ["S"] * len(values),
        }
    )
    table = {"columns": {"value": header}, **(mapping or {})}
    ds = ip.read_frames({"notation": notation, "published": table}, published=frame)
    return [figure.value for figure in ds.published]


def _problems(exc: pytest.ExceptionInfo[Any]) -> list[str]:
    return [f"{p.message} [{p.value!r}]" for p in exc.value.problems]


# -- the header's unit -------------------------------------------------------------------------


def test_a_percent_header_gives_its_bare_numbers_the_unit() -> None:
    """52.7 under "(%)" is 52.7%, exactly; text in the table's notation too; a cell with its own
    percent sign is read as it is."""
    got = _figures([52.7, "94,4", "41,9 %", 100])
    assert got == [
        Amount(Decimal("0.527"), "ratio"),
        Amount(Decimal("0.944"), "ratio"),
        Amount(Decimal("0.419"), "ratio"),
        Amount(Decimal(1), "ratio"),
    ]


def test_without_a_declared_unit_a_bare_number_is_no_share() -> None:
    """The same 52.7 under a header that names no unit is refused: 52.7 or 0.527 cannot be told
    apart."""
    with pytest.raises(TableError) as exc:
        _figures([52.7], header="Tỷ lệ lấp đầy")
    assert "occupancy_rate is a share, such as '63%'" in _problems(exc)[0]


@pytest.mark.parametrize(
    ("measure", "header", "values", "expected"),
    [
        ("leased", "Đã cho thuê (ha)", [90.33], [Amount(90.33, "hectare")]),
        ("leased", "Đã cho thuê (sào Bắc Bộ)", [10], [Amount(0.36, "hectare")]),
        (
            "registered_capital",
            "Vốn đăng ký (tỷ đồng)",
            ["19.866"],
            [Amount(Decimal("19866000000000"), "VND")],
        ),
        ("registered_capital", "Vốn (triệu USD)", [1.5], [Amount(Decimal("1500000"), "USD")]),
    ],
)
def test_areas_and_money_take_the_header_unit(
    measure: str, header: str, values: list[Any], expected: list[Amount]
) -> None:
    got = _figures(values, measure=measure, header=header)
    assert [a.unit for a in got] == [a.unit for a in expected]
    assert [float(a.value) for a in got] == pytest.approx([float(a.value) for a in expected])


def test_the_mapping_declares_the_unit_where_the_header_does_not() -> None:
    got = _figures([63, "72,5"], header="Lấp đầy", mapping={"units": {"value": "%"}})
    assert got == [Amount(Decimal("0.63"), "ratio"), Amount(Decimal("0.725"), "ratio")]


def test_a_unit_that_does_not_fit_the_measure_is_refused_with_the_amount() -> None:
    """Hectares declared for an occupancy rate: refused by the figure, naming the amount read."""
    with pytest.raises(TableError) as exc:
        _figures([52.7], header="Tỷ lệ (ha)")
    (problem,) = exc.value.problems
    assert problem.message == (
        "occupancy_rate is a share, such as '63%', got 52.7 ha (PublishedFigure 'f0')"
    )


# -- what is refused ---------------------------------------------------------------------------


def test_a_cell_with_no_number_says_the_column_unit() -> None:
    with pytest.raises(TableError) as exc:
        _figures([52.7, "Đang triển khai"])
    (problem,) = exc.value.problems
    assert problem.message == (
        "value is a number in the column's unit, '%', such as 63, got 'Đang triển khai'"
        " (PublishedFigure 'f1')"
    )
    assert problem.row == 1


def test_a_share_over_100_percent_is_refused_showing_the_share() -> None:
    with pytest.raises(TableError) as exc:
        _figures([120])
    (problem,) = exc.value.problems
    assert problem.message == (
        "must not be negative (a rate at most 100%), got 120% (PublishedFigure 'f0')"
    )


def test_true_is_no_number() -> None:
    with pytest.raises(TableError) as exc:
        _figures([True, 50], header="x", mapping={"units": {"value": "%"}})
    messages = [p.message for p in exc.value.problems]
    assert messages == [
        "value must be a number, not true or false, got True (PublishedFigure 'f0')"
    ]


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        (
            {"value": "ha/year"},
            "not a unit: not a unit of an amount: '%', 'pp', a unit of area ('ha', 'sào Bắc Bộ')"
            " or a currency ('VND', 'tỷ đồng')",
        ),
        (
            {"value": {"column": "unit"}},
            "PublishedFigure.value takes one unit for the whole column, such as '%'",
        ),
        ({"on": "%"}, "PublishedFigure.on is not an area: it takes no unit"),
    ],
)  # fmt: skip
def test_the_mapping_refuses_what_no_amount_column_takes(
    units: dict[str, object], expected: str
) -> None:
    with pytest.raises(MappingError) as exc:
        ip.ColumnMapping.of({"published": {"units": units}})
    assert [p.message for p in exc.value.problems] == [expected]


def test_a_currency_column_reference_is_refused_for_an_amount() -> None:
    with pytest.raises(MappingError) as exc:
        ip.ColumnMapping.of({"published": {"currencies": {"value": {"column": "cur"}}}})
    assert [p.message for p in exc.value.problems] == [
        "PublishedFigure.value takes one currency for the whole column, such as 'tỷ đồng'"
    ]


def test_observations_take_a_column_unit_too() -> None:
    frame = pd.DataFrame(
        {"series": ["tb-fdi"], "on": ["2024"], "FDI (triệu USD)": [1200], "source": ["S"]}
    )
    ds = ip.read_frames(
        {"observations": {"columns": {"value": "FDI (triệu USD)"}}}, observations=frame
    )
    assert ds.observations[0].value == Amount(Decimal("1200000000"), "USD")


# -- properties --------------------------------------------------------------------------------

_PERCENTS = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False)


@given(st.lists(_PERCENTS, min_size=1, max_size=8))
def test_a_number_under_percent_is_the_text_with_its_sign(values: list[Decimal]) -> None:
    """A column of numbers under "(%)" reads as the same column written "N%", and as the
    numbers divided by 100."""
    as_numbers = _figures([float(v) for v in values], notation="en")
    as_text = _figures([f"{v}%" for v in values], header="Tỷ lệ", notation="en")
    assert as_numbers == as_text
    assert [a.value for a in as_numbers] == [v / 100 for v in values]


@given(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    st.sampled_from(["%", "pp", "ha", "m2", "sào Trung Bộ", "VND", "tỷ đồng", "million USD"]),
)
def test_amount_in_agrees_with_the_text_grammar(number: Decimal, unit: str) -> None:
    """``amount_in(n, unit)`` is the amount the text "n unit" reads as."""
    assert amount_unit_problem(unit) is None
    text = f"{number:f}%" if unit == "%" else f"{number:f} {unit}"
    expected = read_amount(text)
    got = amount_in(number, unit)
    assert got.unit == expected.unit
    assert float(got.value) == pytest.approx(float(expected.value), rel=1e-12)


def test_amount_in_refuses_a_unit_it_does_not_know() -> None:
    with pytest.raises(InvalidValueError) as exc:
        amount_in(5, "ha/year")
    assert exc.value.reason.startswith("not a unit of an amount")
    with pytest.raises(InvalidValueError):
        amount_in(True, "%")


# -- reported figures -----------------------------------------------------------------------------


def test_a_reported_area_takes_the_header_unit_and_a_count_takes_none() -> None:
    """Quảng Nam's "3,676 ha" under "Diện tích (ha)" is an area; 14 parks under "Số KCN" a
    count, from a frame's integers or a spreadsheet's whole floats; a count under "(ha)" is
    refused."""
    areas = pd.DataFrame({"id": ["qn-area"], "metric": ["total_area"], "Diện tích (ha)": [3676]})
    ds = ip.read_frames({"reported": {"columns": {"value": "Diện tích (ha)"}}}, reported=areas)
    assert ds.reported[0].value.to("ha").magnitude == 3676  # type: ignore[union-attr]
    counts = pd.DataFrame({"id": ["a", "b"], "metric": ["zone_count"] * 2, "Số KCN": [14, 3.0]})
    ds = ip.read_frames({"reported": {"columns": {"value": "Số KCN"}}}, reported=counts)
    assert [r.value for r in ds.reported] == [14, 3]
    wrong = counts.rename(columns={"Số KCN": "Số KCN (ha)"})
    with pytest.raises(TableError) as exc:
        ip.read_frames({"reported": {"columns": {"value": "Số KCN (ha)"}}}, reported=wrong)
    assert [p.message for p in exc.value.problems] == [
        "a zone count must be a whole number, at least 0, got 14 ha (ReportedFigure 'a')",
        "a zone count must be a whole number, at least 0, got 3 ha (ReportedFigure 'b')",
    ]


@pytest.mark.parametrize("value", [14.5, -1, True, float("nan"), "14"])
def test_a_zone_count_is_a_whole_number_and_nothing_else(value: object) -> None:
    with pytest.raises(InvalidValueError) as exc:
        ip.ReportedFigure(id="x", metric="zone_count", value=value)
    assert exc.value.reason == "a zone count must be a whole number, at least 0"
