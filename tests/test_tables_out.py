"""Tables out and back: frames, dataset folders (CSV, Parquet), workbooks, and reports as tables.

Every form a dataset takes reads back to an equal dataset (tables compared column by
column, each area in its own unit) that evaluates to the same report; the folder's
``datapackage.json`` holds what it claims; a report is one row per finding in every
export, with the reason exactly where a finding is insufficient_data or not_applicable.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import FileFormatError, TableError
from industrial_policy.evaluate import evaluate_all
from industrial_policy.findings import ROW_COLUMNS, ROW_TYPES, Report, Status
from industrial_policy.io.arrow import (
    KINDS,
    arrow_tables,
    from_frames,
    table_of_arrow,
    to_frames,
)
from industrial_policy.io.convert import convert, read_any, write_any
from industrial_policy.io.excel_writer import dump_workbook, load_workbook
from industrial_policy.io.files import FORMAT_ID as FILE_FORMAT_ID
from industrial_policy.io.folder import DESCRIPTOR, FORMAT_ID, dump_folder
from industrial_policy.io.objects import cell_value, value_text
from industrial_policy.testing import areas, datasets, reports

BACKENDS = ("pyarrow", "pandas", "polars")
EXAMPLES = ip.examples.names()
AS_OF = dt.date(2025, 12, 31)
ROUND_TRIP = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _metadata(ds: ip.Dataset) -> dict[str, Any]:
    return {
        "name": ds.name,
        "description": ds.description,
        "sources": ds.sources,
        "exchange_rates": ds.exchange_rates,
        "evaluation": ds.evaluation,
    }


def _same(back: ip.Dataset, ds: ip.Dataset) -> None:
    """Equal, and if not, which column of which table differs (for the failure message)."""
    differ = [
        f"{name}.{column}"
        for name, table in ds.tables().items()
        for column in table.schema.names
        if not table.column(column).equals(back.tables()[name].column(column))
    ]
    assert not differ, differ
    assert back == ds
    assert _metadata(back) == _metadata(ds)


def _forms(ds: ip.Dataset, work: Path) -> dict[str, ip.Dataset]:
    """The dataset written in every form and read back."""
    back: dict[str, ip.Dataset] = {}
    for backend in BACKENDS:
        back[backend] = from_frames(to_frames(ds, backend), **_metadata(ds))
    for fmt in ("csv", "parquet"):
        folder = work / fmt
        ip.dump(ds, folder, format=fmt)
        back[fmt] = ip.load(folder)
    dump_workbook(ds, work / "ds.xlsx")
    back["xlsx"] = load_workbook(work / "ds.xlsx")
    return back


# -- round trips ------------------------------------------------------------------------------


@ROUND_TRIP
@given(ds=datasets(max_zones=6))
def test_generated_datasets_round_trip_through_every_form(ds: ip.Dataset, tmp_path: Path) -> None:
    work = Path(tmp_path) / str(abs(hash(repr(ds))))
    forms = _forms(ds, work)
    assert sorted(forms) == sorted([*BACKENDS, "csv", "parquet", "xlsx"])
    for back in forms.values():
        _same(back, ds)


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_round_trip_and_evaluate_the_same(name: str, tmp_path: Path) -> None:
    ds = ip.examples.load(name)
    expected = evaluate_all(ds, as_of=AS_OF).to_dict()
    for form, back in _forms(ds, tmp_path).items():
        _same(back, ds)
        assert evaluate_all(back, as_of=AS_OF).to_dict() == expected, form


def test_toml_to_folder_to_json_to_xlsx_to_folder_keeps_the_dataset(tmp_path: Path) -> None:
    source = ip.examples.path("combined")
    chain = [tmp_path / "a", tmp_path / "b.json", tmp_path / "c.xlsx", tmp_path / "d"]
    convert(source, chain[0], fmt="parquet")
    for before, after in itertools.pairwise(chain):
        convert(before, after)
    original = ip.load(source)
    for step in chain:
        _same(read_any(step), original)
    assert (chain[0] / "zones.parquet").exists()
    assert (chain[-1] / "zones.csv").exists()


@settings(max_examples=50, deadline=None)
@given(area=areas())
def test_every_area_is_written_to_csv_as_text_that_reads_back_exactly(area: Any) -> None:
    zone = ip.Zone(id="z", name="Z", kind="industrial_park", province="Hải Dương")
    ds = ip.Dataset(
        zones=[zone], parcels=[ip.Parcel(id="p", zone_id="z", area=area, status="vacant")]
    )
    table, _ = arrow_tables(ds.parcels)
    as_text = pa.table({name: table.column(name).cast(pa.string()) for name in ["id", "area"]})
    as_text = as_text.append_column("zone_id", pa.array(["z"]))
    as_text = as_text.append_column("status", pa.array(["vacant"]))
    unit = table.schema.field("area").metadata
    with_unit = as_text.cast(
        pa.schema([f.with_metadata(unit) if f.name == "area" else f for f in as_text.schema])
    )
    back = table_of_arrow(ip.Parcel, with_unit)
    assert back == ds.parcels
    assert back[0].area.magnitude == area.magnitude  # to the last bit


def test_money_a_float_cannot_hold_is_written_with_every_digit(tmp_path: Path) -> None:
    exact = "123456789012345678.25 VND"
    project = ip.Project(
        id="p",
        name="P",
        origin="domestic",
        capital_events=[
            ip.CapitalEvent(date="2024-01-02", kind="licensed", amount=exact),
            ip.CapitalEvent(date="2024-02-03", kind="capital_adjusted", amount="1.5 million USD"),
        ],
    )
    ds = ip.Dataset(projects=[project])
    for fmt in ("csv", "parquet"):
        ip.dump(ds, tmp_path / fmt, format=fmt)
        back = ip.load(tmp_path / fmt)
        _same(back, ds)
        assert back.projects[0].capital_events[0].amount.amount == Decimal("123456789012345678.25")


def test_one_unit_goes_in_the_field_metadata_and_several_in_a_unit_column() -> None:
    zone = ip.Zone(id="z", name="Z", kind="industrial_park", province="Hải Dương")
    same = ip.Dataset(
        zones=[zone],
        parcels=[
            ip.Parcel(id="a", zone_id="z", area="2 ha", status="vacant"),
            ip.Parcel(id="b", zone_id="z", area="3.5 ha", status="vacant"),
        ],
    )
    table, _ = arrow_tables(same.parcels)
    assert table.schema.field("area").metadata == {b"unit": b"ha"}
    assert "area_unit" not in table.column_names
    mixed = same.evolve(
        parcels=[
            *same.parcels,
            ip.Parcel(id="c", zone_id="z", area="12 sào Bắc Bộ", status="vacant"),
        ]
    )
    table, _ = arrow_tables(mixed.parcels)
    assert table.column("area_unit").to_pylist() == ["ha", "ha", "sao_bac_bo"]
    assert table.column("area").to_pylist() == [2.0, 3.5, 12.0]
    frames = to_frames(same, "pandas")
    assert list(frames["parcels"]["area_unit"]) == ["ha", "ha"]  # pandas keeps no metadata


def test_child_tables_name_their_parent() -> None:
    project = ip.Project(
        id="p-1",
        name="P",
        origin="fdi",
        country="Japan",
        capital_events=[
            ip.CapitalEvent(date="2024-01-02", kind="licensed", amount="2 million USD")
        ],
        production_values=[ip.ProductionValue(year=2024, value="5 billion VND")],
    )
    frames = to_frames(ip.Dataset(projects=[project]), "polars")
    assert sorted(frames) == ["capital_events", "production_values", "projects"]
    assert frames["capital_events"]["project_id"].to_list() == ["p-1"]
    assert frames["production_values"]["value_currency"].to_list() == ["VND"]


@settings(max_examples=200)
@given(
    value=st.text()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dictionaries(st.text(), st.integers())
)
def test_a_cell_gives_back_the_plain_value_written_to_it(value: object) -> None:
    assert cell_value(value_text(value)) == value


# -- the folder ---------------------------------------------------------------------------------


def _descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


_TYPES = {"string", "number", "integer", "boolean", "date", "list", "array"}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_descriptor_holds_what_it_claims(fmt: str, tmp_path: Path) -> None:
    ds = ip.examples.load("combined")
    dump_folder(ds, tmp_path, fmt=fmt)  # type: ignore[arg-type]
    descriptor = _descriptor(tmp_path)
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["title"] == ds.name
    assert descriptor["industrial_policy"]["format"] == FORMAT_ID == FILE_FORMAT_ID
    names = {resource["name"] for resource in descriptor["resources"]}
    assert names == {name for name, table in ds.tables().items() if len(table)}
    for resource in descriptor["resources"]:
        path = tmp_path / resource["path"]
        fields = resource["schema"]["fields"]
        if fmt == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            header, body = rows[0], rows[1:]
        else:
            table = pq.read_table(path)
            header, body = table.column_names, table.to_pylist()
        assert [field["name"] for field in fields] == header
        assert len(body) == len(ds.tables()[resource["name"]])
        assert {field["type"] for field in fields} <= _TYPES
        for key in resource["schema"].get("primaryKey", []):
            assert key in header
        for foreign in resource["schema"].get("foreignKeys", []):
            assert set(foreign["fields"]) <= set(header)
            assert foreign["reference"]["resource"] in names
        units = {f["name"]: f["unit"] for f in fields if "unit" in f}
        if resource["name"] == "zones" and fmt == "parquet":
            assert units == {"total_area": "ha"}
        if resource["name"] == "zones" and fmt == "csv":
            assert not units
            assert [row[header.index("total_area_unit")] for row in body] == [
                "ha" if zone.total_area is not None else "" for zone in ds.zones
            ]


def test_the_csv_folder_validates_with_frictionless(tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    dump_folder(ip.examples.load("combined"), tmp_path, fmt="csv")
    report = frictionless.validate(str(tmp_path / DESCRIPTOR))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=datasets(max_zones=5))
def test_generated_csv_folders_validate_with_frictionless(ds: ip.Dataset) -> None:
    frictionless = pytest.importorskip("frictionless")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        dump_folder(ds, folder, fmt="csv")
        report = frictionless.validate(str(Path(folder) / DESCRIPTOR))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])


def test_a_bad_cell_is_named_with_its_file_row_column_record_and_value(tmp_path: Path) -> None:
    dump_folder(ip.examples.load("combined"), tmp_path, fmt="csv")
    parcels = tmp_path / "parcels.csv"
    lines = parcels.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[2]]))
    cells[header.index("area")] = "lots"
    cells[header.index("status")] = "sold"
    lines[2] = ",".join(f'"{c}"' for c in cells)
    parcels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        ip.load(tmp_path)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 2, messages
    record = cells[header.index("id")]
    for column, value in (("area", "lots"), ("status", "sold")):
        (message,) = [m for m in messages if f"column {column!r}" in m]
        assert "parcels.csv row 3" in message
        assert repr(value) in message
        assert repr(record) in message


def test_a_folder_without_a_descriptor_or_with_a_broken_one_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match=r"needs a datapackage\.json"):
        ip.load(tmp_path)
    (tmp_path / DESCRIPTOR).write_text("{", encoding="utf-8")
    with pytest.raises(FileFormatError, match="not valid JSON"):
        ip.load(tmp_path)
    (tmp_path / DESCRIPTOR).write_text(
        json.dumps(
            {
                "resources": [{"name": "plots", "path": "plots.csv"}],
                "industrial_policy": {"format": "other/9", "notation": "fr"},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(FileFormatError) as caught:
        ip.load(tmp_path)
    paths = {p.path for p in caught.value.problems}
    assert {"industrial_policy.format", "industrial_policy.notation"} <= paths


def test_a_directory_named_like_a_file_is_still_no_file(tmp_path: Path) -> None:
    (tmp_path / "study.toml").mkdir()
    with pytest.raises(FileFormatError, match="is a directory"):
        ip.load(tmp_path / "study.toml")


def test_dump_picks_the_form_from_the_format_and_the_path(tmp_path: Path) -> None:
    ds = ip.examples.load("hai-phong-2024")
    ip.dump(ds, tmp_path / "as-parquet", format="parquet")
    ip.dump(ds, tmp_path / "as-csv")
    ip.dump(ds, tmp_path / "file.json")
    assert (tmp_path / "as-parquet" / "reported.parquet").exists()
    assert (tmp_path / "as-csv" / "reported.csv").exists()
    assert ip.load(tmp_path / "file.json") == ip.load(tmp_path / "as-parquet") == ds
    write_any(ds, tmp_path / "again", "parquet")
    assert (tmp_path / "again" / "reported.parquet").exists()


def test_frames_of_unknown_tables_are_refused() -> None:
    with pytest.raises(TableError, match="no table of a dataset is named 'plots'"):
        from_frames({"plots": pa.table({"id": ["a"]})})


def test_every_table_of_a_dataset_has_a_layout() -> None:
    assert list(KINDS) == list(ip.Dataset().tables())


# -- reports ------------------------------------------------------------------------------------


def _check_rows(report: Report) -> None:
    frames = {
        "pandas": report.to_frame("pandas"),
        "polars": report.to_frame("polars"),
        "pyarrow": report.to_arrow(),
    }
    ids = [f.id for f in report]
    for backend, frame in frames.items():
        assert list(frame.columns if backend != "pyarrow" else frame.column_names) == list(
            ROW_COLUMNS
        ), backend
        assert len(frame) == len(report), backend
    table = frames["pyarrow"]
    assert table.column("id").to_pylist() == ids
    assert str(table.schema.field("as_of").type) == "date32[day]"
    reasons = table.column("reason").to_pylist()
    for finding, reason in zip(report, reasons, strict=True):
        reasoned = finding.status in (Status.INSUFFICIENT_DATA, Status.NOT_APPLICABLE)
        assert (reason is not None and reason.strip() != "") == reasoned, (finding.id, reason)
    rows = list(csv.DictReader(report.to_csv().splitlines()))
    assert [row["id"] for row in rows] == ids
    assert [row["reason"] or None for row in rows] == reasons


@settings(max_examples=30, deadline=None)
@given(report=reports())
def test_a_report_is_one_row_per_finding_with_the_reason_where_it_needs_one(
    report: Report,
) -> None:
    _check_rows(report)
    table = report.to_arrow()
    for finding, gap, unit in zip(
        report, table.column("gap").to_pylist(), table.column("gap_unit").to_pylist(), strict=True
    ):
        if finding.gap is None or math.isnan(float(finding.gap.value)):
            assert gap is None
        else:
            assert gap == float(finding.gap.value)
            assert unit == finding.gap.unit


@pytest.mark.parametrize("name", ["combined", "hai-duong-2021", "quang-nam-2024"])
def test_the_reports_of_the_examples_say_why_data_is_missing(name: str, tmp_path: Path) -> None:
    report = evaluate_all(ip.examples.load(name), as_of=dt.date(2024, 12, 31))
    _check_rows(report)
    report.to_parquet(tmp_path / "report.parquet")
    assert pq.read_table(tmp_path / "report.parquet").equals(report.to_arrow())
    for finding in report:
        if finding.status is Status.INSUFFICIENT_DATA and finding.missing_inputs:
            assert finding.row()["missing"] == "; ".join(finding.missing_inputs)


def test_the_row_types_cover_the_row() -> None:
    assert set(ROW_TYPES.values()) <= {"string", "number", "date"}
    finding = next(iter(evaluate_all(ip.examples.load("hai-duong-2021"), as_of=AS_OF)))
    assert list(finding.row()) == list(ROW_COLUMNS)


# -- the command line -----------------------------------------------------------------------------


def test_convert_on_the_command_line(tmp_path: Path) -> None:
    from industrial_policy.cli import EXIT_INVALID, EXIT_OK, main

    out = io.StringIO()
    assert (
        main(["convert", "quang-nam-2024", str(tmp_path / "qn"), "--format", "parquet"], stdout=out)
        == EXIT_OK
    )
    assert "written" in out.getvalue()
    assert main(["convert", str(tmp_path / "qn"), str(tmp_path / "qn.xlsx")], stdout=out) == EXIT_OK
    assert (
        main(["convert", str(tmp_path / "qn.xlsx"), str(tmp_path / "qn.toml")], stdout=out)
        == EXIT_OK
    )
    assert ip.load(tmp_path / "qn.toml") == ip.examples.load("quang-nam-2024")
    assert (
        main(["convert", str(tmp_path / "nothing"), str(tmp_path / "x.json")], stdout=out)
        == EXIT_INVALID
    )


def test_convert_turns_a_users_tables_into_a_dataset(tmp_path: Path) -> None:
    """The management board's workbook and CSV, read with their mapping as evaluate reads
    them, written as a dataset file: the file holds what the tables gave."""
    from industrial_policy.cli import EXIT_INVALID, EXIT_OK, main
    from industrial_policy.examples import tables as example_tables

    workbook, mapping = example_tables.path("parks.xlsx"), example_tables.path("mapping.toml")
    out = io.StringIO()
    target = tmp_path / "parks.toml"
    assert main(["convert", str(workbook), str(target), "--mapping", str(mapping)], stdout=out) == (
        EXIT_OK
    )
    assert out.getvalue() == f"{target}: written (Dataset(30 zones, 27 parcels, 60 projects))\n"
    assert ip.load(target) == ip.read(workbook, mapping=mapping)
    # A workbook with no mapping and no manifest sheet is no dataset: said, not guessed.
    err = io.StringIO()
    assert main(["convert", str(workbook), str(tmp_path / "x.toml")], stdout=err) == EXIT_INVALID
    assert not (tmp_path / "x.toml").exists()


def test_an_empty_dataset_is_an_empty_folder(tmp_path: Path) -> None:
    ip.dump(ip.Dataset(), tmp_path / "empty")
    assert [p.name for p in (tmp_path / "empty").iterdir()] == [DESCRIPTOR]
    assert ip.load(tmp_path / "empty") == ip.Dataset()
    assert to_frames(ip.Dataset()) == {}


# -- what cannot be read ----------------------------------------------------------------------


def _edit_csv(path: Path, column: str, row: int, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_bad_part_of_a_scope_is_named_by_its_column(tmp_path: Path) -> None:
    ip.dump(ip.examples.load("quang-nam-2024"), tmp_path)
    _edit_csv(tmp_path / "reported.csv", "scope_kinds", 2, "industrial_park;moon_base")
    with pytest.raises(TableError) as caught:
        ip.load(tmp_path)
    (problem,) = caught.value.problems
    assert problem.row == 3
    assert problem.column == "scope_kinds"
    assert "moon_base" in problem.message


def test_child_rows_must_name_a_parent_that_is_there(tmp_path: Path) -> None:
    project = ip.Project(
        id="p-1",
        name="P",
        origin="domestic",
        capital_events=[
            ip.CapitalEvent(date="2024-01-02", kind="licensed", amount="5 billion VND")
        ],
    )
    ip.dump(ip.Dataset(projects=[project]), tmp_path)
    _edit_csv(tmp_path / "capital_events.csv", "project_id", 1, "p-9")
    with pytest.raises(TableError, match=r"names no Project"):
        ip.load(tmp_path)
    frames = to_frames(ip.Dataset(projects=[project]), "pyarrow")
    with pytest.raises(TableError, match=r"no projects table"):
        from_frames({"capital_events": frames["capital_events"]})
    with pytest.raises(TableError, match=r"no column 'project_id'"):
        from_frames({**frames, "capital_events": frames["capital_events"].drop(["project_id"])})


def test_a_descriptor_naming_what_is_not_there_is_refused(tmp_path: Path) -> None:
    # A dataset of one table (Hải Phòng's reported figures): no zones table is written.
    reported = ip.examples.load("hai-phong-2024").reported
    ip.dump(ip.Dataset(name="Hải Phòng 2024", reported=reported), tmp_path, format="parquet")
    descriptor = _descriptor(tmp_path)
    descriptor["resources"].append({"name": "zones", "path": "zones.parquet", "format": "parquet"})
    descriptor["resources"].append({"name": "plots", "path": "plots.csv"})
    descriptor["industrial_policy"]["evaluation"] = {"as_of": "someday"}
    (tmp_path / DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        ip.load(tmp_path)
    paths = {problem.path for problem in caught.value.problems}
    assert "industrial_policy.evaluation.as_of" in paths
    descriptor["industrial_policy"].pop("evaluation")
    (tmp_path / DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        ip.load(tmp_path)
    assert {p.path for p in caught.value.problems} == {"resources[1].path", "resources[2].name"}


def test_a_table_of_another_kind_is_refused(tmp_path: Path) -> None:
    ds = ip.examples.load("combined")
    ip.dump(ds, tmp_path, format="parquet")
    (tmp_path / "zones.parquet").write_bytes((tmp_path / "parcels.parquet").read_bytes())
    with pytest.raises(TableError, match=r"holds Parcel records, not Zone"):
        ip.load(tmp_path)


def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / "not.xlsx").write_text("hello", encoding="utf-8")
    with pytest.raises(FileFormatError, match="cannot be read as a workbook"):
        load_workbook(tmp_path / "not.xlsx")


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
def test_dataset_to_frames_is_ip_to_frames(backend: str) -> None:
    # The method finds the io floor's writer by its name; the frames are the function's.
    dataset = ip.examples.load("combined")
    by_method = dataset.to_frames(backend)  # type: ignore[arg-type]
    by_function = ip.to_frames(dataset, backend=backend)  # type: ignore[arg-type]
    assert list(by_method) == list(by_function)
    for name, frame in by_method.items():
        assert frame.equals(by_function[name]), name
