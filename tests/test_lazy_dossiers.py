"""Dossier rates from frames counted by their own engine: the same findings as in memory.

The same hypothesis-drawn rows are given as a pandas frame, a polars frame (eager and
lazy), a DuckDB relation and a Dask frame; each report must equal the report of the rows
held in memory (a ``DossierTable``), finding by finding: status, value, counts, notes.
Rows that break a rule come back as a ``TableError`` with each rule's count and a sample
of the rows, from every engine. PySpark is tested in ``test_lazy_spark.py`` (one session).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy import Dataset
from industrial_policy.errors import DatasetIntegrityError, InvalidValueError, TableError
from industrial_policy.io.frames import read_frame
from industrial_policy.io.lazy import SAMPLED_ROWS, Rows, Segments
from industrial_policy.periods import parse_period
from industrial_policy.records import Dossier
from industrial_policy.services import DossierCount, dossier_rates
from lazy_support import (
    BREAKDOWNS,
    PERIOD_SETS,
    PROCEDURES,
    Columns,
    arrow_table,
    assert_same,
    dask_frame,
    dossier_rows,
    dossier_table,
    duckdb_relation,
    named_rows,
    pandas_frame,
    polars_frame,
    sample_rows,
    scaling_recipe,
)

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index"),
]

dask = pytest.importorskip("dask")


def polars_lazy(rows: Columns) -> Any:
    return polars_frame(rows).lazy()


ENGINES = {
    "pandas": pandas_frame,
    "polars": polars_frame,
    "polars lazy": polars_lazy,
    "duckdb": duckdb_relation,
}


def rates(source: Any, periods: tuple[str, ...], by: Any, **kwargs: Any) -> Any:
    return dossier_rates(
        source,
        procedures=PROCEDURES,
        periods=periods,
        by=by,
        max_unknown_share=kwargs.pop("max_unknown_share", 0.3),
        **kwargs,
    )


@settings(max_examples=40)
@given(
    dossier_rows(),
    st.sampled_from(PERIOD_SETS),
    st.sampled_from(BREAKDOWNS),
    st.sampled_from(sorted(ENGINES)),
)
def test_a_frame_gives_the_rates_of_its_rows_held_in_memory(
    rows: Columns, periods: tuple[str, ...], by: Any, engine: str
) -> None:
    expected = rates(dossier_table(rows), periods, by)
    assert_same(rates(ENGINES[engine](rows), periods, by), expected)


@settings(max_examples=20)
@given(
    dossier_rows().flatmap(lambda rows: st.tuples(st.just(rows), named_rows(rows))),
    st.sampled_from(sorted(ENGINES)),
)
def test_choices_named_in_vietnamese_are_counted_as_their_values(
    both: tuple[Columns, Columns], engine: str
) -> None:
    rows, named = both
    expected = rates(dossier_table(rows), PERIOD_SETS[2], "province")
    assert_same(rates(ENGINES[engine](named), PERIOD_SETS[2], "province"), expected)


@settings(max_examples=3)
@given(st.just(sample_rows(40)).flatmap(lambda rows: st.tuples(st.just(rows), named_rows(rows))))
def test_choices_named_in_vietnamese_are_counted_by_dask(both: tuple[Columns, Columns]) -> None:
    rows, named = both
    expected = rates(dossier_table(rows), PERIOD_SETS[2], "province")
    with dask.config.set(scheduler="threads"):
        assert_same(rates(dask_frame(named), PERIOD_SETS[2], "province"), expected)


@settings(max_examples=6)
@given(dossier_rows(), st.sampled_from(PERIOD_SETS), st.sampled_from(BREAKDOWNS))
def test_a_dask_frame_gives_the_rates_of_its_rows_held_in_memory(
    rows: Columns, periods: tuple[str, ...], by: Any
) -> None:
    expected = rates(dossier_table(rows), periods, by)
    with dask.config.set(scheduler="threads"):
        assert_same(rates(dask_frame(rows), periods, by), expected)


def test_a_dask_frame_on_a_local_cluster() -> None:
    distributed = pytest.importorskip("distributed")
    rows = sample_rows(60)
    expected = rates(dossier_table(rows), PERIOD_SETS[2], "province")
    with (
        distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        assert_same(rates(dask_frame(rows, partitions=3), PERIOD_SETS[2], "province"), expected)


@settings(max_examples=15)
@given(dossier_rows(max_size=25), st.sampled_from(BREAKDOWNS))
def test_a_frame_gives_the_rates_of_the_dataset_read_from_it(rows: Columns, by: Any) -> None:
    # A province written in two cases is one group, named by its first form: a dataset's
    # first in its rows, a frame's first in code-point order (an engine keeps no row order);
    # for the same reason the groups come in another order.
    rows["province"] = [p and p.replace("hà nội", "Hà Nội") for p in rows["province"]]
    frame = polars_frame(rows)
    dataset = Dataset(procedures=PROCEDURES, dossiers=read_frame(Dossier, frame))
    expected = dossier_rates(dataset, periods=PERIOD_SETS[2], by=by, max_unknown_share=0.3)
    assert_same(rates(frame, PERIOD_SETS[2], by), expected, ordered=False)


def test_the_findings_say_who_counted_and_list_no_ids() -> None:
    rows = sample_rows(10)
    report = rates(duckdb_relation(rows), ("2024",), "dataset")
    notes = report["services.dossiers_online/all@2024"].explanation.notes
    assert any("counted by duckdb, which gave the counts alone" in n for n in notes)


# -- the calendar cut into segments ----------------------------------------------------------


DAILY = tuple(f"2024-01-01/2024-{m:02d}-{d:02d}" for m in range(2, 12) for d in (3, 9, 17, 25))


@given(st.sampled_from((*PERIOD_SETS, DAILY)), st.integers(min_value=-400, max_value=1200))
def test_a_day_falls_in_the_periods_of_its_segment(periods: tuple[str, ...], offset: int) -> None:
    asked = [parse_period(p) for p in periods]
    segments = Segments.of(asked)
    day = dt.date(2024, 1, 1) + dt.timedelta(days=offset)
    frame = polars_frame(
        {
            name: [value]
            for name, value in {
                "id": "d",
                "procedure_id": "p0",
                "received": day,
                "channel": "online",
                "payment": None,
                "result_digitised": None,
                "due": None,
                "completed": None,
                "province": None,
            }.items()
        }
    ).lazy()
    import narwhals.stable.v2 as nw

    bucket = nw.from_native(frame).select(segments.bucket(nw.col("received")).alias("b"))
    (value,) = bucket.collect()["b"].to_list()
    (segment,) = segments.segments_of([value]).tolist()
    inside = [p.start <= day <= p.end for p in asked]
    if segment < 0:
        assert not any(inside)
    else:
        assert segments.membership(asked)[segment].tolist() == inside


def test_many_bounds_are_counted_by_month_or_by_day() -> None:
    assert Segments.of([parse_period(p) for p in PERIOD_SETS[3]]).mode == "month"
    assert Segments.of([parse_period(p) for p in PERIOD_SETS[2]]).mode == "compare"
    assert Segments.of([parse_period(p) for p in PERIOD_SETS[-1]]).mode == "day"


# -- columns ---------------------------------------------------------------------------------


def test_columns_named_otherwise_are_mapped() -> None:
    rows = sample_rows(15)
    renamed = pandas_frame(rows).rename(
        columns={"procedure_id": "ma_thu_tuc", "received": "ngay_nhan", "channel": "kenh"}
    )
    mapping = {"procedure_id": "ma_thu_tuc", "received": "ngay_nhan", "channel": "kenh"}
    expected = rates(dossier_table(rows), ("2024",), "province")
    assert_same(rates(renamed, ("2024",), "province", columns=mapping), expected)
    assert_same(rates(Rows(renamed, columns=mapping), ("2024",), "province"), expected)


def test_missing_optional_columns_leave_their_answers_unrecorded() -> None:
    rows = sample_rows(20)
    for name in ("payment", "result_digitised", "due", "province"):
        rows[name] = [None] * len(rows["id"])
    kept = ("id", "procedure_id", "received", "channel", "completed")
    frame = polars_frame(rows).select(kept)
    assert_same(
        rates(frame, ("2024",), "province"), rates(dossier_table(rows), ("2024",), "province")
    )


def test_a_frame_without_completion_dates_completes_nothing() -> None:
    rows = sample_rows(20)
    rows["completed"] = [None] * len(rows["id"])
    frame = polars_frame(rows).drop("completed")
    assert_same(
        rates(frame, ("2024",), "dataset"), rates(dossier_table(rows), ("2024",), "dataset")
    )


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_a_missing_or_mistyped_column_is_named(engine: str) -> None:
    rows = sample_rows(5)
    frame = pandas_frame(rows).drop(columns=["channel"])
    frame["received"] = frame["received"].astype(str)
    with pytest.raises(TableError) as caught:
        rates(
            ENGINES[engine](rows) if engine != "pandas" else frame,
            ("2024",),
            "dataset",
            columns={"channel": "kenh"},
        )
    message = str(caught.value)
    assert "no column 'kenh' (mapped to 'channel')" in message
    if engine == "pandas":
        assert "received must be a date column" in message


def test_a_mapping_to_no_field_is_refused() -> None:
    frame = polars_frame(sample_rows(3))
    with pytest.raises(TableError, match="'kanal', which is not a field of Dossier"):
        rates(frame, ("2024",), "dataset", columns={"kanal": "channel"})


def test_columns_are_given_once() -> None:
    frame = polars_frame(sample_rows(3))
    with pytest.raises(InvalidValueError, match="give the column mapping once"):
        rates(Rows(frame), ("2024",), "dataset", columns={"channel": "channel"})


def test_columns_without_a_frame_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="the source is not a frame"):
        rates(dossier_table(sample_rows(3)), ("2024",), "dataset", columns={"channel": "kenh"})


# -- rows that break a rule ------------------------------------------------------------------


BROKEN = {
    # rule broken: (field, value written, message); the messages are the table readers'
    "unknown procedure": ("procedure_id", "p9", "is not the id of any of the procedures given"),
    "spaced procedure": ("procedure_id", " p1", "an id must not start or end with white space"),
    "no procedure": ("procedure_id", None, "procedure_id is required"),
    "no receipt": ("received", None, "received is required"),
    "unknown channel": ("channel", "fax", "must be one of 'online', 'in_person', 'postal'"),
    "blank channel": ("channel", "", "must be one of 'online', 'in_person', 'postal'"),
    "no channel": ("channel", None, "channel is required"),
    "unknown payment": ("payment", "cash", "must be one of 'online', 'other', 'no_fee'"),
    "blank province": ("province", "  ", "must not be empty"),
    "completed early": ("completed", -3, "a dossier cannot be completed before receipt on"),
    "due early": ("due", -1, "the result cannot be due before receipt on"),
    "far future": ("due", 200_000, "a date must be in the years 1900 to 2200"),
}


def broken_rows(rule: str, bad: int, good: int = 30) -> Columns:
    """``good`` valid rows, then ``bad`` rows breaking ``rule``."""
    base = {
        "id": ["d0"],
        "procedure_id": ["p1"],
        "received": [dt.date(2024, 3, 1)],
        "channel": ["online"],
        "payment": [None],
        "result_digitised": [True],
        "due": [dt.date(2024, 3, 20)],
        "completed": [dt.date(2024, 3, 15)],
        "province": ["Hà Nội"],
    }
    field, value, _ = BROKEN[rule]
    out: Columns = {name: [] for name in base}
    for i in range(good + bad):
        for name in base:
            out[name].append(base[name][0])
        out["id"][-1] = f"r{i:03d}"
        if i >= good:
            if isinstance(value, int):
                out[field][-1] = out["received"][-1] + dt.timedelta(days=value)
            else:
                out[field][-1] = value
    return out


@pytest.mark.parametrize("engine", sorted(ENGINES))
@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_broken_rows_are_counted_and_sampled_never_dropped(engine: str, rule: str) -> None:
    rows = broken_rows(rule, bad=3)
    field, value, message = BROKEN[rule]
    with pytest.raises(TableError) as caught:
        rates(ENGINES[engine](rows), ("2024",), "province")
    error = caught.value
    assert error.total == 3
    assert all(message in str(p) for p in error.problems)
    assert {p.column for p in error.problems} == {field}
    eager = engine in ("pandas", "polars")
    if isinstance(value, str):
        # A value not among the field's: one problem for the value, its rows, the first.
        (problem,) = error.problems
        assert problem.value == value
        assert problem.record_id == "r030"
        assert "[3 rows; the first: Dossier 'r030']" in str(problem)
        assert problem.row == (30 if eager else None)
    else:
        assert [p.record_id for p in error.problems] == ["r030", "r031", "r032"]
        assert [p.row for p in error.problems] == ([30, 31, 32] if eager else [None] * 3)


def test_the_sample_is_capped_and_the_count_is_not() -> None:
    rows = broken_rows("completed early", bad=SAMPLED_ROWS + 40, good=5)
    with pytest.raises(TableError) as caught:
        rates(duckdb_relation(rows), ("2024",), "dataset")
    assert caught.value.total == SAMPLED_ROWS + 40
    assert len(caught.value.problems) == SAMPLED_ROWS
    assert f"[{SAMPLED_ROWS + 40:,} rows in all]" in str(caught.value.problems[0])


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_values_not_among_a_fields_are_reported_once_each_most_frequent_first(
    engine: str,
) -> None:
    rows = broken_rows("unknown channel", bad=SAMPLED_ROWS + 40, good=5)
    rows["channel"][5:] = [f"fax {i % (SAMPLED_ROWS + 20)}" for i in range(SAMPLED_ROWS + 40)]
    with pytest.raises(TableError) as caught:
        rates(ENGINES[engine](rows), ("2024",), "dataset")
    problems = caught.value.problems
    assert caught.value.total == SAMPLED_ROWS + 40
    assert len(problems) == SAMPLED_ROWS  # of the SAMPLED_ROWS + 20 distinct values
    assert [p.value for p in problems[:3]] == ["fax 0", "fax 1", "fax 10"]  # 2 rows each
    assert "[2 rows; the first: Dossier 'r005']" in str(problems[0])


def test_every_broken_rule_is_reported_at_once() -> None:
    rows = broken_rows("unknown channel", bad=2)
    rows["payment"][0] = "cash"
    rows["procedure_id"][1] = "p9"
    with pytest.raises(TableError) as caught:
        rates(polars_lazy(rows), ("2024",), "dataset")
    assert caught.value.total == 4
    assert {p.column for p in caught.value.problems} == {"procedure_id", "channel", "payment"}


def test_rows_outside_the_periods_are_checked_too() -> None:
    rows = broken_rows("unknown channel", bad=1)
    rows["received"][-1] = dt.date(2019, 5, 1)
    with pytest.raises(TableError, match="fax"):
        rates(duckdb_relation(rows), ("2024",), "dataset")


# -- published counts beside the rows --------------------------------------------------------


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_counts_overlapping_the_rows_are_refused_as_in_memory(engine: str) -> None:
    rows = broken_rows("unknown channel", bad=0, good=4)
    procedure = rows["procedure_id"][0]
    day = rows["received"][0]
    counts = [
        DossierCount(id="c1", procedure_id=procedure, period=str(day.year), received=5),
        DossierCount(
            id="c2",
            procedure_id="p4" if procedure != "p4" else "p3",
            period="2024",
            received=7,
            received_online=2,
        ),
    ]
    with pytest.raises(DatasetIntegrityError) as memory:
        rates(dossier_table(rows), ("2024",), "dataset", counts=counts)
    with pytest.raises(DatasetIntegrityError) as frame:
        rates(ENGINES[engine](rows), ("2024",), "dataset", counts=counts)
    assert [str(p) for p in frame.value.problems] == [str(p) for p in memory.value.problems]


@settings(max_examples=15)
@given(dossier_rows(max_size=20), st.sampled_from(BREAKDOWNS))
def test_published_counts_add_up_with_a_frame_as_with_rows(rows: Columns, by: Any) -> None:
    rows = {
        name: [v for v, p in zip(values, rows["procedure_id"], strict=True) if p != "p4"]
        for name, values in rows.items()
    }
    counts = [
        DossierCount(
            id="c",
            procedure_id="p4",
            period="Q2 2024",
            received=9,
            received_online=4,
            completed=8,
            results_digitised=3,
            province="Thái Bình",
        ),
    ]
    expected = rates(dossier_table(rows), PERIOD_SETS[2], by, counts=counts)
    assert_same(rates(duckdb_relation(rows), PERIOD_SETS[2], by, counts=counts), expected)


def test_a_parquet_file_read_by_duckdb(tmp_path: Any) -> None:
    import duckdb
    import pyarrow.parquet as pq

    rows = sample_rows(40)
    pq.write_table(arrow_table(rows), tmp_path / "dossiers.parquet")
    relation = duckdb.connect().read_parquet(str(tmp_path / "dossiers.parquet"))
    assert_same(
        rates(relation, PERIOD_SETS[1], "province"),
        rates(dossier_table(rows), PERIOD_SETS[1], "province"),
    )


@settings(max_examples=10)
@given(dossier_rows(), st.sampled_from(PERIOD_SETS), st.sampled_from(BREAKDOWNS))
def test_pandas_counts_them_when_polars_is_not_there(
    rows: Columns, periods: tuple[str, ...], by: Any
) -> None:
    # A pandas frame is counted by polars when it is installed; pandas itself otherwise.
    import industrial_policy.io.lazy as lazy

    expected = rates(dossier_table(rows), periods, by)
    polars_of = lazy._polars_of
    lazy._polars_of = lambda frame, columns: None  # type: ignore[assignment]
    try:
        got = rates(pandas_frame(rows), periods, by)
    finally:
        lazy._polars_of = polars_of
    assert_same(got, expected)
    assert any("counted by pandas" in n for f in got for n in f.explanation.notes) or not rows["id"]


def test_the_dask_recipe_of_the_scaling_page_counts_as_duckdb() -> None:
    namespace, code = scaling_recipe("Dask")
    expected = namespace["report"]
    exec(compile(code, "docs/scaling.md (Dask)", "exec"), namespace)
    assert_same(namespace["report"], expected)


def test_fees_forgone_says_it_does_not_price_frames() -> None:
    from industrial_policy.services import FeeDiscount, fees_forgone

    cut = FeeDiscount(id="cut", rate="50%", start="2024-01-01", duration="1 year")
    with pytest.raises(InvalidValueError, match="a frame's rows are not priced in its engine"):
        fees_forgone(polars_frame(sample_rows(3)), cut, period="2024")  # type: ignore[arg-type]


def test_choices_are_read_once_per_distinct_text_by_one_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import polars as pl

    from industrial_policy.io import lazy

    frame = pl.DataFrame(
        {
            "id": ["d1", "d2", "d3", "d4"],
            "procedure_id": ["p"] * 4,
            "received": [dt.date(2024, 1, 2)] * 4,
            "channel": ["online", " Trực tuyến", "TRUC TIEP", "in_person"],
            "payment": ["online", "no_fee", None, "other"],
        }
    )
    queries: list[int] = []
    real = lazy.collect

    def counted(batch: Any) -> Any:
        queries.append(len(batch))
        return real(batch)

    monkeypatch.setattr(lazy, "collect", counted)
    opened = lazy.open_rows(Dossier, Rows(frame))
    assert opened.spelled("channel") == {" Trực tuyến": "online", "TRUC TIEP": "in_person"}
    assert opened.spelled("payment") == {}  # every text a value: the rows are taken as they are
    assert opened.spelled("id") == {}  # no choice
    assert queries == [1]  # the distinct texts of both choices, in one query, once
    assert str(opened.text("payment")) == str(opened.col("payment"))  # no mapping per row
