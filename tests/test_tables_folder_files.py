"""A dataset's folder of tables reads back file by file as the user's own tables.

``ip.dump(ds, folder)`` writes one CSV (or Parquet) file per record kind; a user who opens one
of them, edits it and reads it with ``ip.read`` / ``ip.read_frames`` meets the same layout: a
figure's scope over ``scope_province``, ``scope_within``..., a list as ``a;b``, an area's unit
in ``total_area_unit`` beside it, an amount written as JSON. The table readers take that layout
as it is, so both ways give the same dataset (its numbers written in English notation, as a
program writes them: ``notation="en"``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import industrial_policy as ip
from industrial_policy.testing import datasets

pytest.importorskip("pyarrow")
pytest.importorskip("narwhals")


def _files(folder: Path, suffix: str) -> dict[str, Path]:
    return {path.stem: path for path in sorted(folder.glob(f"*.{suffix}"))}


def _same(read: ip.Dataset, loaded: ip.Dataset, kinds: list[str]) -> None:
    """Every table read equal (child tables, a project's capital events, are in their
    parents)."""
    tables = loaded.tables()
    for kind in kinds:
        if kind in tables:
            assert getattr(read, kind) == getattr(loaded, kind), kind


@pytest.mark.parametrize("name", ip.examples.names())
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_example_folder_reads_back_file_by_file(name: str, fmt: str, tmp_path: Path) -> None:
    ds = ip.examples.load(name)
    ip.dump(ds, tmp_path, format=fmt)
    files = _files(tmp_path, fmt)
    _same(ip.read_frames(notation="en", **files), ip.load(tmp_path), list(files))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(max_zones=4, max_parcels=6, max_projects=3))
def test_a_generated_dataset_reads_back_file_by_file(ds: ip.Dataset) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        ip.dump(ds, path, format="csv")
        files = _files(path, "csv")
        _same(ip.read_frames(notation="en", **files), ip.load(path), list(files))


def test_a_reported_table_with_its_scope_and_parts_reconciles(tmp_path: Path) -> None:
    """Quảng Nam's totals and their parts, as a user's CSV with the scope over its columns."""
    (tmp_path / "reported.csv").write_text(
        "id,metric,value,scope_province,scope_within,parts\n"
        "qn-area,total_area,3676 ha,Quảng Nam,,qn-in;qn-out\n"
        "qn-in,total_area,2954 ha,Quảng Nam,chu-lai,\n"
        "qn-out,total_area,716 ha,Quảng Nam,,\n"
        "qn-parks,zone_count,14,Quảng Nam,,\n",
        encoding="utf-8",
    )
    (tmp_path / "zones.csv").write_text(
        "id,name,kind,province,total_area_ha,economic_zone_type\n"
        "chu-lai,Chu Lai,economic_zone,Quảng Nam,27040,coastal\n",
        encoding="utf-8",
    )
    ds = ip.read_frames(reported=tmp_path / "reported.csv", zones=tmp_path / "zones.csv")
    figure = ds.reported[1]
    assert figure.scope.within == "chu-lai"
    assert ds.reported[0].parts == ("qn-in", "qn-out")
    assert ds.reported[3].value == 14
    (discrepancy,) = [d for d in ip.reconcile(ds).discrepancies if d.figure_id == "qn-area"]
    assert str(discrepancy) == (
        "qn-area: reported 3,676 ha, sum of parts 3,670 ha, difference 6 ha (DISAGREES)"
    )


def test_a_scope_part_that_cannot_be_read_is_named_by_its_column(tmp_path: Path) -> None:
    (tmp_path / "reported.csv").write_text(
        "id,metric,value,scope_province,scope_kinds\nn,zone_count,3,P,industrial_park;nope\n",
        encoding="utf-8",
    )
    with pytest.raises(ip.TableError) as exc:
        ip.read_frames(reported=tmp_path / "reported.csv")
    (problem,) = exc.value.problems
    assert problem.row == 2
    assert problem.column == "scope_kinds"
    assert "nope" in problem.message
