"""Tables in: a dataset read from records, frames (pandas, polars, Arrow, lazy polars,
DuckDB) and files (CSV, Parquet, Excel) is one dataset, and evaluates alike."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.tables_support import (
    excel_floats,
    land_of,
    mappings,
    tables_of,
    write_csv,
    write_parquet,
    write_xlsx,
)

import industrial_policy as ip
from industrial_policy.errors import FileFormatError
from industrial_policy.evaluate import evaluate_all
from industrial_policy.examples import tables as example_tables
from industrial_policy.testing import datasets

AS_OF = dt.date(2025, 6, 30)
# Each example writes and reads files with several engines: a few examples go far.
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(expected: ip.Dataset, got: ip.Dataset) -> None:
    assert got == expected
    assert evaluate_all(got, as_of=AS_OF).to_json() == evaluate_all(expected, as_of=AS_OF).to_json()


@SLOW
@given(datasets(max_zones=5, max_parcels=8, max_projects=4, reported=False))
def test_frames_of_every_engine_give_the_dataset_of_the_records(ds: ip.Dataset) -> None:
    expected = land_of(ds)
    tables = tables_of(ds)
    for convert in (
        lambda t: t,
        pl.from_arrow,
        lambda t: pl.from_arrow(t).lazy(),  # type: ignore[union-attr]
        lambda t: t.to_pandas(),
    ):
        frames = {name: convert(table) for name, table in tables.items()}
        _same(expected, ip.read_frames(mappings(), **frames))


@SLOW
@given(datasets(max_zones=4, max_parcels=6, max_projects=3, reported=False))
def test_a_duckdb_relation_is_read_like_its_table(ds: ip.Dataset) -> None:
    expected = land_of(ds)
    tables = tables_of(ds)
    con = duckdb.connect()
    relations = {}
    for name, table in tables.items():
        con.register(f"t_{name}", table)
        relations[name] = con.sql(f"SELECT * FROM t_{name}")
    _same(expected, ip.read_frames(mappings(), **relations))


@SLOW
@given(datasets(max_zones=5, max_parcels=8, max_projects=4, reported=False))
def test_files_of_every_format_give_the_dataset_of_the_records(ds: ip.Dataset) -> None:
    expected = land_of(ds)
    tables = tables_of(ds)
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        for paths in (
            write_csv(tables, here),
            write_csv(tables, here, delimiter=";", bom=True),
            write_parquet(tables, here),
        ):
            # Numbers written by a program: the English notation (11.025 is eleven).
            _same(expected, ip.read(mapping=mappings(), notation="en", **paths))
        # A workbook keeps 15 digits of a float: read the same tables with those floats.
        kept = excel_floats(tables)
        book = write_xlsx(kept, here / "study.xlsx", title=True)
        _same(ip.read_frames(mappings(), **kept), ip.read(book, mapping=mappings()))
        _same(ip.read_frames(mappings(), **kept), ip.read_excel(book, mapping=mappings()))


def test_the_example_tables_read_and_evaluate() -> None:
    ds = ip.read(example_tables.path("parks.xlsx"), mapping=example_tables.path("mapping.toml"))
    assert (len(ds.zones), len(ds.projects)) == (30, 60)
    first = ds.zones[0]
    assert first.province == "Hải Dương"
    assert first.kind is ip.ZoneKind.INDUSTRIAL_PARK
    # A licence read from the project's row, capital in tỷ đồng written 1.234,5.
    event = ds.projects[0].capital_events[0]
    assert event.amount is not None
    assert event.amount.currency == "VND"
    assert event.amount.amount % 10**8 == 0
    # Leased land as one parcel per park that leased any.
    assert all(p.status is ip.ParcelStatus.LEASED for p in ds.parcels)
    assert len(ds.parcels) < len(ds.zones)
    assert evaluate_all(ds, as_of=AS_OF).findings


def test_a_sheet_names_its_bad_cells_by_address(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "parcels.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("parcels")
    sheet.write_row(0, 0, ["id", "zone_id", "area_ha", "status", "lease_start"])
    sheet.write_row(1, 0, ["p1", "z", 3.0, "leased"])
    sheet.write_row(2, 0, ["p2", "z"])
    sheet.write_formula(2, 2, "=1/0", None, "#DIV/0!")
    sheet.write_string(2, 3, "vacant")
    sheet.write_row(3, 0, ["p3", "z", 2.5, "leased", 45000])
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(4, 0, ["p4", "z"])
    sheet.write_datetime(4, 2, dt.datetime(2021, 3, 4), day)
    sheet.write_string(4, 3, "vacant")
    book.close()
    with pytest.raises(ip.TableError) as caught:
        ip.read(path)
    paths = [p.path for p in caught.value.problems]
    assert any("cell C3" in p for p in paths), paths
    assert any("cell E4" in p for p in paths), paths
    assert any("cell C5" in p for p in paths), paths
    messages = str(caught.value)
    assert "#DIV/0!" in messages
    assert "a date where a number belongs" in messages
    assert "a number where a date belongs" in messages


def test_blank_rows_in_the_middle_are_skipped_with_a_note_and_rows_keep_their_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "parcels.csv"
    path.write_text(
        "id,zone_id,area_ha,status\np1,z,1,vacant\n,,,\np2,z,-4,vacant\n,,,\n", encoding="utf-8"
    )
    zones = pd.DataFrame(
        {"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["Hà Nội"]}
    )
    with (
        pytest.warns(ip.TableNote, match=r"skipped 1 blank row \(row 3\)"),
        pytest.raises(ip.TableError) as caught,
    ):
        ip.read(path, zones=zones)
    (problem,) = caught.value.problems
    assert problem.row == 4
    assert problem.column == "area_ha"
    assert problem.value == -4.0


def test_integrity_problems_are_named_by_the_file_row(tmp_path: Path) -> None:
    (tmp_path / "zones.csv").write_text(
        "id,name,kind,province\nz,Z,industrial_park,Hà Nội\n", encoding="utf-8"
    )
    (tmp_path / "parcels.csv").write_text(
        "id,zone_id,area_ha,status\np1,z,1,vacant\np2,zz,1,vacant\n", encoding="utf-8"
    )
    with pytest.raises(ip.DatasetIntegrityError) as caught:
        ip.read_csv(tmp_path / "parcels.csv", zones=tmp_path / "zones.csv")
    (problem,) = caught.value.problems
    assert problem.row == 3
    assert problem.column == "zone_id"
    assert problem.path.endswith("parcels.csv row 3, column 'zone_id'")


def test_integrity_problems_are_named_by_the_users_columns(tmp_path: Path) -> None:
    """A mapped column is named as the user's file names it (ma_lo, ma_kcn), not by the
    field it gives (id, zone_id)."""
    (tmp_path / "kcn.csv").write_text(
        "ma_kcn,ten,loai,tinh\nz,Z,industrial_park,Hà Nội\n", encoding="utf-8"
    )
    (tmp_path / "lo.csv").write_text(
        "ma_lo,ma_kcn,dien_tich_ha,trang_thai\np1,z,1,vacant\np1,zz,1,vacant\n",
        encoding="utf-8",
    )
    mapping = {
        "zones": {"columns": {"id": "ma_kcn", "name": "ten", "kind": "loai", "province": "tinh"}},
        "parcels": {
            "columns": {"id": "ma_lo", "zone_id": "ma_kcn", "area": "dien_tich_ha",
                        "status": "trang_thai"},
            "units": {"area": "ha"},
        },
    }  # fmt: skip
    with pytest.raises(ip.DatasetIntegrityError) as caught:
        ip.read_frames(mapping, zones=tmp_path / "kcn.csv", parcels=tmp_path / "lo.csv")
    columns = {(problem.row, problem.column) for problem in caught.value.problems}
    assert columns == {(2, "ma_lo"), (3, "ma_lo"), (3, "ma_kcn")}
    assert all("column 'id'" not in problem.path for problem in caught.value.problems)


def test_a_cp1258_file_is_refused_unless_its_encoding_is_given(tmp_path: Path) -> None:
    path = tmp_path / "zones.csv"
    text = "id;name;kind;province\nz;Đại An;industrial_park;Hải Dương\n"
    path.write_bytes(b"".join(_cp1258(char) for char in text))
    with pytest.raises(ip.TableError, match=r"not UTF-8.*encoding"):
        ip.read(path)
    ds = ip.read(path, mapping={"zones": {"encoding": "cp1258"}})
    assert ds.zones[0].name == "Đại An"
    assert ds.zones[0].province == "Hải Dương"


def _cp1258(char: str) -> bytes:
    """A character as Windows' Vietnamese code page writes it: a letter it holds whole, or
    its letter and a combining tone mark."""
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        parts = unicodedata.decomposition(char).split()
        return b"".join(_cp1258(chr(int(part, 16))) for part in parts)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "industrial_policy", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_the_cli_reads_tables(tmp_path: Path) -> None:
    folder = example_tables.path("mapping.toml").parent
    done = _cli("validate", "parks.xlsx", "--mapping", "mapping.toml", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "30 zones" in done.stdout
    done = _cli("evaluate", "--mapping", "mapping.toml", "--format", "json", "--as-of",
                "2025-06-30", cwd=folder)  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    (tmp_path / "parcels.csv").write_text("id,zone_id,area_ha,status\np1,z,1,vacant\n")
    (tmp_path / "zones.csv").write_text("id,name,kind,province\nz,Z,industrial_park,HN\n")
    done = _cli("validate", "parcels.csv", "--table", "zones=zones.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (tmp_path / "land.csv").write_text("id,zone_id,area,status\np1,z,6.418,vacant\n")
    done = _cli("validate", "land.csv", "--kind", "parcels", "--table", "zones=zones.csv",
                cwd=tmp_path)  # fmt: skip
    assert done.returncode == 2
    assert "land.csv row 2, column 'area'" in done.stderr
    assert "6.418" in done.stderr


def test_reading_a_table_file_that_is_none_says_which_formats_are(tmp_path: Path) -> None:
    path = tmp_path / "parcels.ods.txt.bak"
    path.write_text("x")
    with pytest.raises(ip.TableError, match="unknown table format"):
        ip.read_frames(parcels=path)


def test_a_dataset_file_goes_to_load() -> None:
    assert ip.read(ip.examples.path("quang-nam-2024")) == ip.examples.load("quang-nam-2024")


def _frame(**columns: Any) -> pa.Table:
    return pa.table(columns)


def test_procedures_dossiers_and_counts_from_frames() -> None:
    procedures = pd.DataFrame(
        {"id": ["tt-1"], "name": ["Cấp phép"], "Cấp": ["Tỉnh"], "field": ["đầu tư"],
         "online_level": [4]}
    )  # fmt: skip
    dossiers = pd.DataFrame(
        {"id": ["d1", "d2"], "procedure_id": ["tt-1", "tt-1"],
         "received": ["2024-01-02", "2024-02-03"], "channel": ["online", "in_person"],
         "result_digitised": [True, None]}
    )  # fmt: skip
    counts = pl.DataFrame(
        {"id": ["c1"], "procedure_id": ["tt-1"], "period": ["2023"], "received": [10],
         "received_online": [4]}
    )  # fmt: skip
    mapping = {
        "procedures": {
            "columns": {"government_level": {"column": "Cấp", "values": {"tỉnh": "provincial"}}}
        }
    }
    ds = ip.read_frames(mapping, procedures=procedures, dossiers=dossiers, dossier_counts=counts)
    assert ds.procedures[0].government_level.value == "provincial"
    assert [d.result_digitised for d in ds.dossiers] == [True, None]
    assert ds.dossier_counts[0].period.label == "2023"


def test_csv_without_polars_is_read_by_pyarrow_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "parcels.csv"
    lines = ["\ufeffTiêu đề,,,", "id;zone_id;area_ha;status", "p1;z;6.418;vacant", ";;;",
             'p2;z;"1,5";vacant']  # fmt: skip
    path.write_bytes("\n".join(lines).encode())
    zones = pd.DataFrame(
        {"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["Hà Nội"]}
    )
    mapping = {"parcels": {"delimiter": ";", "header_row": 2}}
    with pytest.warns(ip.TableNote):
        by_polars = ip.read(path, zones=zones, notation="vi", mapping=mapping)
    monkeypatch.setitem(sys.modules, "polars", None)  # as if polars were not installed
    with pytest.warns(ip.TableNote):
        by_arrow = ip.read(path, zones=zones, notation="vi", mapping=mapping)
    assert by_arrow == by_polars
    assert [p.area.magnitude for p in by_arrow.parcels] == [6418, 1.5]


def test_a_dataset_folder_and_a_dataset_workbook_go_to_their_readers(tmp_path: Path) -> None:
    ds = ip.examples.load("quang-nam-2024")
    ip.dump(ds, tmp_path / "study", format="csv")
    assert ip.read(tmp_path / "study") == ds
    from industrial_policy.io.excel_writer import dump_workbook

    dump_workbook(ds, tmp_path / "study.xlsx")
    assert ip.read(tmp_path / "study.xlsx") == ds


@pytest.mark.parametrize("engine", ["polars", "pyarrow"])
def test_parquet_files_that_cannot_be_read_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    if engine == "pyarrow":
        monkeypatch.setitem(sys.modules, "polars", None)  # as if polars were not installed
    with pytest.raises(ip.TableError, match="no such file"):
        ip.read(tmp_path / "parcels.parquet")
    (tmp_path / "folder.parquet").mkdir()  # a folder is a dataset folder (ip.load)
    with pytest.raises(ip.FileFormatError, match=r"datapackage\.json"):
        ip.read_parquet(tmp_path / "folder.parquet", kind="parcels")
    with pytest.raises(ip.TableError, match="is a directory"):
        ip.read_frames(parcels=tmp_path / "folder.parquet")
    bad = tmp_path / "zones.parquet"
    bad.write_bytes(b"PAR1 not parquet")
    with pytest.raises(ip.TableError, match="cannot be read as Parquet"):
        ip.read(bad)
    good = tmp_path / "good" / "zones.parquet"
    good.parent.mkdir()
    zones = pa.table({"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["HN"]})
    import pyarrow.parquet as pq

    pq.write_table(zones, good)
    assert ip.read(good).zones[0].province == "HN"


def test_csv_files_that_cannot_be_read_are_named(tmp_path: Path) -> None:
    with pytest.raises(ip.TableError, match="no such file"):
        ip.read(tmp_path / "zones.csv")
    empty = tmp_path / "zones.csv"
    empty.write_text("")
    with pytest.raises(ip.TableError, match="is empty"):
        ip.read(empty)
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(ip.TableError, match="directory"):
        ip.read_frames(zones=tmp_path / "dir.csv")
    with pytest.raises(ip.TableError, match="not a CSV file"):
        ip.read_csv(tmp_path / "zones.parquet")
    ragged = tmp_path / "r" / "zones.csv"
    ragged.parent.mkdir()
    ragged.write_text('id,name\n"z,Z\n')
    with pytest.raises(ip.IndustrialPolicyError):
        ip.read(ragged)


@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
def test_a_child_that_cannot_be_read_leaves_the_other_parents_checked(library: str) -> None:
    """Project a's event has no date; project b's only event is no licence: both are named,
    and project c, whose events are sound, is not (nor is a, for the event set aside)."""
    projects = pl.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"]}).with_columns(
        origin=pl.lit("domestic")
    )
    events = pl.DataFrame(
        {
            "project_id": ["a", "b", "c", "c"],
            "date": ["soon", "2000-01-01", "2000-01-01", "2001-01-01"],
            "kind": ["licensed", "capital_adjusted", "licensed", "capital_adjusted"],
            "amount": ["1 million VND", "-1 million VND", "5 million VND", "1 million VND"],
        }
    )
    convert = {
        "pandas": pl.DataFrame.to_pandas,
        "polars": lambda f: f,
        "pyarrow": pl.DataFrame.to_arrow,
    }
    with pytest.raises(ip.TableError) as caught:
        ip.read_frames(projects=convert[library](projects), capital_events=convert[library](events))
    told = [(p.path, p.message) for p in caught.value.problems]
    assert len(told) == 2, told
    assert told[0][0].startswith("capital_events")
    assert "row 0, column 'date'" in told[0][0]
    assert "projects" in told[1][0]
    assert "row 1" in told[1][0]
    assert "the first capital event must be the licence" in told[1][1]


def test_a_column_mapping_read_as_a_dataset_file_says_what_it_is(tmp_path: Path) -> None:
    # A new user's first try: the mapping names the files, so they pass the mapping itself.
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[zones]\nfile = "zones.csv"\n[parcels]\nfile = "parcels.csv"\n'
        '[parcels.columns]\narea = "area_ha"\n',
        encoding="utf-8",
    )
    with pytest.raises(FileFormatError) as caught:
        ip.read(mapping)
    (problem,) = caught.value.problems
    assert problem.path == "zones, parcels"
    assert f"ip.read(mapping={str(mapping)!r})" in problem.message
    # A dataset file with a list of records is read as one, whatever else it holds.
    dataset = tmp_path / "data.toml"
    dataset.write_text(
        'format = "industrial-policy/1"\n[[zones]]\nid = "z"\nname = "Z"\n'
        'kind = "industrial_park"\nprovince = "Hải Dương"\n',
        encoding="utf-8",
    )
    assert len(ip.read(dataset).zones) == 1


@pytest.mark.parametrize("form", ["frame", "csv"])
def test_more_bad_rows_than_are_kept_are_all_counted(tmp_path: Path, form: str) -> None:
    # 3,000 rows with an unknown status: the first 1,000 are kept, all 3,000 are counted (the
    # reader of several tables once said "1000 problems").
    n = 3000
    parcels = pd.DataFrame(
        {"id": [f"p{i}" for i in range(n)], "zone_id": ["z"] * n, "area": [1.0] * n,
         "status": ["available"] * n}
    )  # fmt: skip
    zones = pd.DataFrame(
        {"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["Hải Dương"]}
    )
    given: dict[str, Any] = {"zones": zones, "parcels": parcels}
    if form == "csv":
        for name, frame in list(given.items()):
            frame.to_csv(tmp_path / f"{name}.csv", index=False)
            given[name] = tmp_path / f"{name}.csv"
    with pytest.raises(ip.errors.TableError) as caught:
        ip.read_frames({"parcels": {"units": {"area": "ha"}}}, **given)
    assert caught.value.total == n
    assert len(caught.value.problems) == 1000
    assert f"{n} problems" in str(caught.value).splitlines()[0]


@SLOW
@given(datasets(max_zones=5, max_parcels=8, max_projects=4, reported=False), st.data())
def test_columns_read_on_several_threads_give_the_same_dataset(
    ds: ip.Dataset, data: st.DataObject
) -> None:
    # A large frame's columns are converted on several threads (io.frames.PARALLEL_CELLS);
    # with the threshold at 0 every frame is, and reads the same dataset, or the same error.
    from industrial_policy.io import frames as frame_reader

    tables = tables_of(ds)
    convert = data.draw(st.sampled_from([pl.from_arrow, lambda t: t.to_pandas(), lambda t: t]))
    given = {name: convert(table) for name, table in tables.items()}
    at = frame_reader.PARALLEL_CELLS
    try:
        frame_reader.PARALLEL_CELLS = 0
        threaded = ip.read_frames(mappings(), **given)
    finally:
        frame_reader.PARALLEL_CELLS = at
    _same(ip.read_frames(mappings(), **given), threaded)


def test_bad_columns_read_on_several_threads_give_every_problem_once() -> None:
    from industrial_policy.io import frames as frame_reader

    n = 50
    parcels = pl.DataFrame(
        {"id": [f"p{i % 40}" for i in range(n)], "zone_id": ["z"] * n,
         "area": ["x"] * 3 + ["1"] * (n - 3), "status": ["vacant"] * (n - 2) + ["sold"] * 2}
    )  # fmt: skip
    zones = pl.DataFrame(
        {"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["Hải Dương"]}
    )
    messages = []
    for threshold in (0, frame_reader.PARALLEL_CELLS):
        at = frame_reader.PARALLEL_CELLS
        frame_reader.PARALLEL_CELLS = threshold
        try:
            with pytest.raises(ip.errors.IndustrialPolicyError) as caught:
                ip.read_frames({"parcels": {"units": {"area": "ha"}}}, zones=zones, parcels=parcels)
        finally:
            frame_reader.PARALLEL_CELLS = at
        messages.append(caught.value.english())
    assert messages[0] == messages[1]
    assert "'sold'" in messages[0]
    assert "'x'" in messages[0]
