"""Arrow columns read off their buffers: dictionary indices as codes and date32 days as
numpy days (each against Arrow's own conversion, with missing values and sliced arrays),
read-only arrays kept without a copy while the caller's arrays are copied, a field no row
gives held as one value, references looked up once, and Parquet files read at once with
their problems told in the order the tables were given."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

import industrial_policy as ip
from industrial_policy.columnar import TextColumn
from industrial_policy.columnar.cells import locked, own
from industrial_policy.columnar.reading import read_table
from industrial_policy.columnar.scalars import FlagColumn
from industrial_policy.columnar.text import CodedColumn
from industrial_policy.errors import DatasetIntegrityError, TableError
from industrial_policy.io import tables
from industrial_policy.io.frames import (
    ASIDE_TEXTS,
    ArrowTexts,
    WithTexts,
    _codes,
    _days,
    ids_ahead,
    read_frame,
)

INDEX_TYPES = [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint16(), pa.uint32()]


@st.composite
def sliced(draw: Any, values: st.SearchStrategy[Any]) -> tuple[list[Any], int, int]:
    """Values (some missing), and a slice of them: Arrow arrays with an offset."""
    items = draw(st.lists(st.one_of(st.none(), values), max_size=80))
    start = draw(st.integers(0, len(items)))
    stop = draw(st.integers(start, len(items)))
    return items, start, stop


@given(sliced(st.sampled_from(["a", "b", "c", "d"])), st.sampled_from(INDEX_TYPES))
@settings(max_examples=200, deadline=None)
def test_dictionary_codes_are_arrows_indices_with_missing_as_minus_one(
    drawn: tuple[list[str | None], int, int], index_type: pa.DataType
) -> None:
    items, start, stop = drawn
    array = pa.array(items, pa.string()).dictionary_encode()
    array = array.cast(pa.dictionary(index_type, pa.string())).slice(start, stop - start)
    expected = array.indices.cast(pa.int64()).fill_null(-1).to_numpy()
    codes = _codes(array.indices)
    assert codes.dtype.kind == "i"  # signed, so that -1 is a code
    assert codes.tolist() == expected.tolist()


def test_codes_with_none_missing_are_the_index_buffer_itself() -> None:
    array = pa.array(["a", "b", "a"]).dictionary_encode()
    codes = _codes(array.indices)
    assert not codes.flags.writeable  # Arrow's memory: nobody writes to it
    assert codes.tolist() == [0, 1, 0]


def test_a_column_with_no_value_is_one_minus_one_seen_for_every_row() -> None:
    array = pa.array([None, None, None], pa.string()).dictionary_encode()
    codes = _codes(array.indices)
    assert codes.strides == (0,)
    assert codes.tolist() == [-1, -1, -1]


@given(sliced(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))))
@settings(max_examples=200, deadline=None)
def test_date32_days_are_arrows_own_conversion(drawn: tuple[list[Any], int, int]) -> None:
    items, start, stop = drawn
    array = pa.array(items, pa.date32()).slice(start, stop - start)
    expected = array.to_numpy(zero_copy_only=False)
    days = _days(array)
    assert days.dtype == np.dtype("datetime64[D]")
    assert np.array_equal(days, expected, equal_nan=True)


def test_a_read_only_array_is_kept_and_a_writable_one_copied() -> None:
    frozen = locked(np.array([1.0, 2.0]))
    assert own(frozen, np.float64) is frozen
    theirs = np.array([1.0, 2.0])
    mine = own(theirs, np.float64)
    assert mine is not theirs
    assert not np.shares_memory(mine, theirs)
    assert own(frozen, np.int64).dtype == np.int64  # another type: converted


def test_the_callers_arrays_stay_theirs() -> None:
    """Areas and dates given as the caller's own numpy arrays are copied: changing them
    afterwards changes nothing in the table."""
    areas = np.array([1.5, 2.5])
    starts = np.array(["2020-01-01", "2021-06-30"], dtype="datetime64[D]")
    table = read_table(
        ip.Parcel,
        {
            "id": ["p1", "p2"],
            "zone_id": ["z", "z"],
            "area": areas,
            "status": ["leased", "leased"],
            "lease_start": starts,
        },
        units={"area": "ha"},
    )
    areas[:] = 99.0
    starts[:] = np.datetime64("2199-01-01")
    assert [p.area.magnitude for p in table] == [1.5, 2.5]
    assert [p.lease_start for p in table] == [dt.date(2020, 1, 1), dt.date(2021, 6, 30)]


@pytest.mark.parametrize(
    ("day", "named"),
    [
        (np.datetime64("1899-12-31"), True),
        (np.datetime64("1900-01-01"), False),
        (np.datetime64("2200-12-31"), False),
        (np.datetime64("2201-01-01"), True),
        (np.datetime64("NaT"), False),
    ],
)
def test_a_day_outside_the_years_is_named_beside_missing_ones(
    day: np.datetime64, named: bool
) -> None:
    starts = np.array(["NaT", day, "2020-01-01"], dtype="datetime64[D]")
    cells = {
        "id": ["p1", "p2", "p3"],
        "zone_id": ["z"] * 3,
        "area": np.array([1.0, 1.0, 1.0]),
        "status": ["leased"] * 3,
        "lease_start": starts,
    }
    if not named:
        table = read_table(ip.Parcel, cells, units={"area": "ha"})
        assert table[1].lease_start == (None if np.isnat(day) else day.astype(dt.date))
        return
    with pytest.raises(TableError) as caught:
        read_table(ip.Parcel, cells, units={"area": "ha"})
    [problem] = caught.value.problems
    assert problem.row == 1
    assert "1900 to 2200" in problem.message


def test_a_field_no_row_gives_is_one_value_seen_for_every_row(tmp_path: Path) -> None:
    zones = pa.table(
        {"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["Hải Dương"]}
    )
    parcels = pa.table(
        {"id": ["p1", "p2"], "zone_id": ["z", "z"], "area_ha": [1.0, 2.0],
         "status": ["vacant", "vacant"]}
    )  # fmt: skip
    pq.write_table(zones, tmp_path / "zones.parquet")
    pq.write_table(parcels, tmp_path / "parcels.parquet")
    ds = ip.read_frames(zones=tmp_path / "zones.parquet", parcels=tmp_path / "parcels.parquet")
    source = ds.parcels.typed("source", CodedColumn)
    assert source.codes.strides == (0,)  # no array of -1 is made
    assert ds.parcels.typed("illustrative", FlagColumn).flags.strides == (0,)
    assert [p.illustrative for p in ds.parcels] == [False, False]
    assert [p.source for p in ds.parcels] == [None, None]
    assert source.take(np.array([1, 0])).values() == [None, None]
    again = ip.read_frames(**ds.to_frames("polars"))
    assert again == ds


def test_the_same_references_are_looked_up_once() -> None:
    ids = TextColumn.from_values(["a", "b", "c"])
    wanted = ("c", "x", "a")
    first = ids.positions(wanted)
    assert first.tolist() == [2, -1, 0]
    assert ids.positions(wanted) is first
    assert not first.flags.writeable  # shared: nobody may change it
    assert ids.positions(("c", "x", "a")).tolist() == [2, -1, 0]  # another tuple: asked anew
    assert ids.positions(["b"]).tolist() == [1]
    other = ("b",)
    assert ids.positions(other).tolist() == [1]
    assert ids.positions(wanted) is first  # several look-ups are kept, not only the last


def _parquet_pair(directory: Path, rows: int, duplicate: bool = False) -> dict[str, Path]:
    ids = [f"p{i}" for i in range(rows)]
    if duplicate:
        ids[-1] = ids[rows // 2]
    zones = pa.table(
        {"id": ["z"], "name": ["Z"], "kind": ["industrial_park"], "province": ["Hải Dương"]}
    )
    parcels = pa.table(
        {"id": ids, "zone_id": ["z"] * rows, "area_ha": [0.001] * rows,
         "status": ["vacant"] * rows}
    )  # fmt: skip
    paths = {"zones": directory / "zones.parquet", "parcels": directory / "parcels.parquet"}
    pq.write_table(zones, paths["zones"])
    pq.write_table(parcels, paths["parcels"])
    return paths


def test_a_repeated_id_among_many_is_found_while_the_rest_is_read(tmp_path: Path) -> None:
    """From ASIDE_TEXTS ids, whether they repeat is told on a thread of its own."""
    rows = ASIDE_TEXTS + 10
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.read_frames(**_parquet_pair(tmp_path, rows, duplicate=True))
    message = str(caught.value)
    assert f"'p{rows // 2}' is used by 2 records" in message
    ds = ip.read_frames(**_parquet_pair(tmp_path, rows))
    assert len(ds.parcels) == rows


def test_files_read_at_once_tell_their_problems_in_the_order_given(tmp_path: Path) -> None:
    paths = _parquet_pair(tmp_path, 3)
    bad_zones = tmp_path / "bad-zones.parquet"
    bad_zones.write_bytes(b"PAR1 not parquet")
    bad_projects = tmp_path / "projects.parquet"
    bad_projects.write_bytes(b"not parquet either")
    missing = tmp_path / "nowhere.parquet"
    with pytest.raises(TableError) as caught:
        ip.read_frames(zones=bad_zones, parcels=paths["parcels"], projects=bad_projects,
                       capital_events=missing)  # fmt: skip
    sources = [problem.path for problem in caught.value.problems]
    assert sources[:3] == [str(bad_zones), str(bad_projects), str(missing)]
    assert "cannot be read as Parquet" in caught.value.problems[0].message
    assert "no such file" in caught.value.problems[2].message


def test_a_file_that_cannot_be_read_is_told_before_the_problems_of_the_others(
    tmp_path: Path,
) -> None:
    """The zones are read into records while the parcels' file still loads; its problem
    still comes first, as when the files were read one after the other."""
    zones = pa.table(
        {"id": ["z"], "name": ["Z"], "kind": ["no such kind"], "province": ["Hải Dương"]}
    )
    pq.write_table(zones, tmp_path / "zones.parquet")
    broken = tmp_path / "parcels.parquet"
    broken.write_bytes(b"PAR1 broken")
    with pytest.raises(TableError) as caught:
        ip.read_frames(zones=tmp_path / "zones.parquet", parcels=broken)
    first, second = caught.value.problems[:2]
    assert first.path == str(broken)
    assert "kind" in second.path
    assert "no such kind" in repr(second.value)


def test_ids_told_ahead_give_the_dataset_the_tables_give(tmp_path: Path) -> None:
    """A large Parquet file's ids are made into texts, and told whether they repeat, as
    soon as the file is read: the dataset is the one its tables give as frames."""
    paths = _parquet_pair(tmp_path, ASIDE_TEXTS + 10)
    from_files = ip.read_frames(**paths)
    from_tables = ip.read_frames(**{kind: pq.read_table(path) for kind, path in paths.items()})
    assert from_files == from_tables


def test_ids_are_told_ahead_only_for_a_large_column_of_texts() -> None:
    many = ASIDE_TEXTS
    texts = pa.table({"id": [f"p{i}" for i in range(many)], "n": list(range(many))})
    ahead = ids_ahead(texts, "id")
    assert set(ahead) == {"id"}
    assert ahead["id"].unique()
    assert ahead["id"].array.equals(texts.column("id").chunk(0))
    assert ids_ahead(texts.slice(0, many - 1), "id") == {}  # too few to be worth a thread
    assert ids_ahead(texts, "n") == {}  # numbers: read as cells
    assert ids_ahead(texts, "code") == {}  # no such column
    assert ids_ahead(pl.from_arrow(texts), "id") == {}  # not an Arrow table


def test_texts_made_ahead_are_taken_only_for_a_frame_of_their_length() -> None:
    frame = pa.table({"id": ["a", "b"], "zone_id": ["z", "z"], "area_ha": [1.0, 2.0],
                      "status": ["vacant", "vacant"]})  # fmt: skip
    mapping: dict[str, Any] = {"columns": {"area": "area_ha"}, "units": {"area": "ha"}}
    plain = read_frame(ip.Parcel, frame, **mapping)
    other = ArrowTexts(pa.array(["x", "y", "z"]))
    assert read_frame(ip.Parcel, WithTexts(frame, {"id": other}), **mapping) == plain
    same = ArrowTexts(pa.array(["a", "b"]))
    taken = read_frame(ip.Parcel, WithTexts(frame, {"id": same}), **mapping)
    assert taken == plain
    assert taken.column("id")._source is same  # type: ignore[attr-defined]


def test_the_smallest_file_is_read_on_the_callers_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caller goes on with the smallest file at once; the others load on the pool."""
    paths = _parquet_pair(tmp_path, 2_000)
    threads: dict[str, int] = {}
    opened = tables._Reader._opened

    def recording(reader: Any, kind: str, source: object) -> Any:
        threads[kind] = threading.get_ident()
        return opened(reader, kind, source)

    monkeypatch.setattr(tables._Reader, "_opened", recording)
    ds = ip.read_frames(parcels=paths["parcels"], zones=paths["zones"])
    assert len(ds.parcels) == 2_000
    assert threads["zones"] == threading.get_ident()
    assert threads["parcels"] != threading.get_ident()


def _kept_as_records_keep_ids(text: str) -> bool:
    """The definition of a clean id: printable ASCII, no outer space, 1 to 200 characters."""
    printable = all(0x20 <= ord(character) <= 0x7E for character in text)
    return printable and 1 <= len(text) <= 200 and text[0] != " " and text[-1] != " "


@given(sliced(st.text(alphabet=st.sampled_from("a1 -\té"), max_size=5)))
@settings(max_examples=300, deadline=None)
def test_texts_are_clean_as_records_keep_ids(drawn: tuple[list[Any], int, int]) -> None:
    items, start, stop = drawn
    array = pa.array(items, type=pa.string()).slice(start, stop - start)
    present = [t for t in items[start:stop] if t is not None]
    assert ArrowTexts(array).clean() is all(map(_kept_as_records_keep_ids, present))


def test_an_inner_space_is_clean_and_an_outer_one_is_not() -> None:
    assert ArrowTexts(pa.array(["KCN A-1", "KCN B-2"] * 30_000)).clean()
    assert not ArrowTexts(pa.array(["KCN A-1"] * 30_000 + ["KCN B-2 "])).clean()
    assert not ArrowTexts(pa.array([" KCN A-1"] + ["KCN B-2"] * 30_000)).clean()
    assert not ArrowTexts(pa.array(["p" * 201])).clean()
