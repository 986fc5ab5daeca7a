"""Column mappings: checked themselves with precise errors, and against a table's columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import given

import industrial_policy as ip
from industrial_policy.columnar import schema_of
from industrial_policy.io.mapping import KINDS, ColumnMapping, load_mapping

PARCELS = pd.DataFrame(
    {"id": ["p1"], "zone_id": ["z"], "Diện tích": [3.0], "status": ["vacant"], "STT": [1]}
)
ZONES = pd.DataFrame({"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["HN"]})


def _problems(mapping: Any) -> list[tuple[str, str]]:
    with pytest.raises(ip.MappingError) as caught:
        ColumnMapping.of(mapping)
    return [(p.path, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("mapping", "path", "words"),
    [
        ({"parcel": {}}, "parcel", ["no table is called 'parcel'", "did you mean 'parcels'"]),
        ({"parcels": {"columns": {"areas": "x"}}}, "parcels.columns.areas",
         ["Parcel has no field 'areas'", "did you mean 'area'", "its fields are: id, zone_id"]),
        ({"parcels": {"colums": {}}}, "parcels.colums", ["did you mean 'columns'"]),
        ({"parcels": {"units": {"status": "ha"}}}, "parcels.units.status",
         ["Parcel.status is not an area"]),
        ({"parcels": {"units": {"area": "sào"}}}, "parcels.units.area", ["not a unit", "sào"]),
        ({"capital_events": {"currencies": {"amount": "dollars"}}},
         "capital_events.currencies.amount", ["not a currency"]),
        ({"parcels": {"notation": "vn"}}, "parcels.notation", ["'strict', 'en' or 'vi'"]),
        ({"notation": "fr"}, "notation", ["'strict', 'en' or 'vi'"]),
        ({"zones": {"columns": {"province": "Tỉnh"}, "constants": {"province": "HD"}}},
         "zones.constants.province", ["given both by column 'Tỉnh' and as a constant"]),
        ({"zones": {"header_row": 0}}, "zones.header_row", ["a row number, 1 or more"]),
        ({"zones": {"delimiter": ";;"}}, "zones.delimiter", ["one character"]),
        ({"zones": {"encoding": "utf-9"}}, "zones.encoding", ["no such encoding"]),
        ({"projects": {"columns": {"capital_events": "x"}}}, "projects.columns.capital_events",
         ["give them as their own table [capital_events]"]),
        ({"zones": {"parent": "x"}}, "zones.parent", ["no child records"]),
        ({"parcels": {"in_table": "zone"}}, "parcels.in_table", ["did you mean 'zones'"]),
        ({"zones": {"date_order": "dym"}}, "zones.date_order", ["dmy, mdy, ymd"]),
        ({"zones": {"columns": {"name": {"column": "Tên", "unit": "ha"}}}},
         "zones.columns.name.unit", ["Zone.name is not an area"]),
        ({"zones": {"columns": {"name": {"colum": "Tên"}}}}, "zones.columns.name.colum",
         ["did you mean 'column'"]),
    ],
)  # fmt: skip
def test_a_mapping_is_checked_with_precise_errors(
    mapping: dict[str, Any], path: str, words: list[str]
) -> None:
    problems = _problems(mapping)
    assert [p for p, _ in problems] == [path]
    for word in words:
        assert word in problems[0][1]


def test_every_problem_of_a_mapping_is_listed_at_once() -> None:
    problems = _problems(
        {"zone": {}, "parcels": {"columns": {"x": "y"}, "units": {"status": "ha"}}}
    )
    assert len(problems) == 3


@given(st.sampled_from(sorted(KINDS)), st.data())
def test_every_field_of_every_kind_may_be_mapped(kind: str, data: st.DataObject) -> None:
    fields = [f.name for f in schema_of(KINDS[kind]).fields if f.form.form.name != "NESTED"]
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True))
    mapping = ColumnMapping.of({kind: {"columns": {f: f"column {f}" for f in chosen}}})
    assert dict(mapping.table(kind).columns) == {f: f"column {f}" for f in chosen}


def test_a_missing_column_lists_those_present_and_suggests_one() -> None:
    mapping = {"parcels": {"columns": {"area": "Dien tich"}, "units": {"area": "ha"}}}
    with pytest.raises(ip.MappingError) as caught:
        ip.read_frames(mapping, zones=ZONES, parcels=PARCELS)
    text = str(caught.value)
    assert "no column 'Dien tich' (did you mean 'Diện tích'?)" in text
    assert "the columns are: 'id', 'zone_id', 'Diện tích', 'status', 'STT'" in text
    # The column it suggests is not also told of as a column that gives nothing.
    assert "column 'Diện tích': gives no field" not in text
    assert "column 'STT': gives no field of Parcel" in text


def test_a_column_that_gives_nothing_is_an_error_unless_ignored() -> None:
    mapping = {"parcels": {"columns": {"area": "Diện tích"}, "units": {"area": "ha"}}}
    with pytest.raises(ip.MappingError, match="column 'STT': gives no field"):
        ip.read_frames(mapping, zones=ZONES, parcels=PARCELS)
    mapping["parcels"]["ignore"] = ["STT", "Ghi chú"]  # a column absent is no problem
    ds = ip.read_frames(mapping, zones=ZONES, parcels=PARCELS)
    assert ds.parcels[0].area.magnitude == 3.0


def test_a_toml_mapping_and_the_files_it_names(tmp_path: Path) -> None:
    (tmp_path / "kcn.csv").write_text("Mã;Tên;Tỉnh\nz;KCN Z;Hà Nội\n", encoding="utf-8-sig")
    (tmp_path / "lo.csv").write_text("Mã lô,KCN,Diện tích (m2),Tình trạng\nl1,z,500,vacant\n")
    (tmp_path / "mapping.toml").write_text(
        """
[zones]
file = "kcn.csv"
constants = { kind = "industrial_park" }
columns = { id = "Mã", name = "Tên", province = "Tỉnh" }

[parcels]
file = "lo.csv"
columns = { id = "Mã lô", zone_id = "KCN", area = "Diện tích (m2)", status = "Tình trạng" }
""",
        encoding="utf-8",
    )
    ds = ip.read(mapping=tmp_path / "mapping.toml")
    assert ds.zones[0].name == "KCN Z"
    assert str(ds.parcels[0].area.units) == "meter ** 2"
    (tmp_path / "bad.toml").write_text('[parcels]\ncolumns = { ara = "x" }\n')
    with pytest.raises(ip.MappingError) as caught:
        load_mapping(tmp_path / "bad.toml")
    assert caught.value.source == str(tmp_path / "bad.toml")
    assert "did you mean 'area'" in str(caught.value)


def test_a_file_of_one_table_says_which_table_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "land.csv"
    path.write_text("id,zone_id,area_ha,status\np1,z,1,vacant\n")
    with pytest.raises(ip.MappingError, match="which table does this file hold"):
        ip.read(path, zones=ZONES)
    assert len(ip.read(path, kind="parcels", zones=ZONES).parcels) == 1
    with pytest.raises(ip.MappingError, match="did you mean 'parcels'"):
        ip.read(path, kind="parcel", zones=ZONES)


def test_a_header_below_a_title_row_is_found(tmp_path: Path) -> None:
    path = tmp_path / "parcels.csv"
    path.write_text("Danh sách lô đất,,,\n,,,\nid,zone_id,area_ha,status\np1,z,1,vacant\n")
    ds = ip.read(path, zones=ZONES)
    assert ds.parcels[0].id == "p1"
    bad = tmp_path / "bad" / "parcels.csv"
    bad.parent.mkdir()
    bad.write_text(path.read_text().replace("p1,z,1,", "p1,z,-1,"))
    with pytest.raises(ip.TableError) as caught:
        ip.read(bad, zones=ZONES)
    assert caught.value.problems[0].row == 4
    ds = ip.read(path, zones=ZONES, mapping={"parcels": {"header_row": 3}})
    assert ds.parcels[0].id == "p1"


# -- constants are checked once, where they are given -------------------------------------------


def test_a_constant_no_row_could_take_is_one_mapping_problem() -> None:
    """A constant given for every row is read once, when the mapping is checked: a kind of zone
    or a flag nobody can read is one problem naming the constant, not one per row naming a
    column the table does not have."""
    with pytest.raises(ip.MappingError) as exc:
        ColumnMapping.of(
            {
                "zones": {
                    "constants": {
                        "kind": "nope",
                        "specialises_in_hi_tech": "maybe",
                        "province": "Hải Dương",
                    }
                }
            }
        )
    assert [(p.path, p.message) for p in exc.value.problems] == [
        (
            "zones.constants.kind",
            "must be one of 'industrial_park', 'export_processing_zone', 'hi_tech_park',"
            " 'supporting_industry_park', 'specialised_park', 'eco_industrial_park',"
            " 'industrial_cluster', 'economic_zone' (or their Vietnamese names, see"
            " docs/glossary.md), got 'nope'",
        ),
        ("zones.constants.specialises_in_hi_tech", "must be true or false, got 'maybe'"),
    ]


def test_constants_read_as_cells_are_accepted_at_the_mapping() -> None:
    """What a cell of the column would read (a Vietnamese name of a kind, a flag written as
    text) is accepted, and a constant whose reading needs the table's notation (an area written
    as text) is left to the rows, read in that notation."""
    mapping = ColumnMapping.of(
        {
            "zones": {
                "constants": {
                    "kind": "KCN",
                    "specialises_in_hi_tech": "false",
                    "total_area": "1.234 ha",
                }
            }
        }
    )
    frame = pd.DataFrame({"id": ["a"], "name": ["A"], "province": ["P"]})
    ds = ip.read_frames(mapping.with_notation("vi"), zones=frame)
    zone = ds.zones[0]
    assert zone.kind is ip.ZoneKind.INDUSTRIAL_PARK
    assert zone.specialises_in_hi_tech is False
    assert zone.total_area is not None
    assert zone.total_area.to("ha").magnitude == 1234


@given(st.sampled_from(list(ip.ZoneKind)))
def test_every_kind_of_zone_is_a_constant_the_mapping_accepts(kind: ip.ZoneKind) -> None:
    ColumnMapping.of({"zones": {"constants": {"kind": kind.value}}})
