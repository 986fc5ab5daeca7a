"""PySpark in local mode: dossier rates and target metrics counted by Spark equal the
library's in-memory results on the same rows.

One Spark session for the module (``local[2]``, quiet), started once: Spark takes seconds to
start and each query costs a job, so these tests are few. Select them with ``-m spark``
(or leave them out with ``-m "not spark"``); CI runs them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from industrial_policy.errors import TableError
from industrial_policy.services import dossier_rates
from lazy_support import (
    BREAKDOWNS,
    PERIOD_SETS,
    PROCEDURES,
    Columns,
    assert_same,
    comparable_targets,
    dossier_rows,
    dossier_table,
    named_rows,
    sample_rows,
    scaling_recipe,
    spark_frame,
)
from test_lazy_dossiers import broken_rows
from test_lazy_tracking import AS_OF, RATE_DATES, histories, targets, tracked_both_ways

pyspark = pytest.importorskip("pyspark")

pytestmark = [
    pytest.mark.spark,
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support:FutureWarning"),
]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    logging.getLogger("py4j").setLevel(logging.ERROR)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("industrial-policy tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@settings(max_examples=3, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dossier_rows(max_size=30), st.sampled_from(PERIOD_SETS), st.sampled_from(BREAKDOWNS))
def test_a_spark_frame_gives_the_rates_of_its_rows_held_in_memory(
    spark: Any, rows: Columns, periods: tuple[str, ...], by: Any
) -> None:
    expected = dossier_rates(
        dossier_table(rows), procedures=PROCEDURES, periods=periods, by=by, max_unknown_share=0.3
    )
    got = dossier_rates(
        spark_frame(rows, spark),
        procedures=PROCEDURES,
        periods=periods,
        by=by,
        max_unknown_share=0.3,
    )
    assert_same(got, expected)


@settings(max_examples=2, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.just(sample_rows(30)).flatmap(lambda rows: st.tuples(st.just(rows), named_rows(rows))))
def test_choices_named_in_vietnamese_are_counted_by_spark(
    spark: Any, both: tuple[Columns, Columns]
) -> None:
    rows, named = both
    expected = dossier_rates(
        dossier_table(rows), procedures=PROCEDURES, periods="2024", by="province"
    )
    got = dossier_rates(
        spark_frame(named, spark), procedures=PROCEDURES, periods="2024", by="province"
    )
    assert_same(got, expected)


def test_broken_rows_in_spark_are_counted_and_sampled(spark: Any) -> None:
    rows = broken_rows("unknown channel", bad=3)
    rows["procedure_id"][0] = "p9"
    with pytest.raises(TableError) as caught:
        dossier_rates(spark_frame(rows, spark), procedures=PROCEDURES, periods="2024")
    error = caught.value
    assert error.total == 4
    assert [(p.column, p.record_id) for p in error.problems] == [
        ("procedure_id", "r000"),
        ("channel", "r030"),  # one problem for 'fax', with its 3 rows
    ]
    assert "[3 rows; the first: Dossier 'r030']" in str(error.problems[1])


@settings(max_examples=2, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories(), targets(), AS_OF, RATE_DATES)
def test_spark_frames_track_targets_as_the_records_held_in_memory(
    spark: Any, projects: list[Any], chosen: list[Any], as_of: str, rate_date: str
) -> None:
    got, expected = tracked_both_ways(projects, chosen, as_of, rate_date, "spark", spark=spark)
    assert comparable_targets(got) == comparable_targets(expected)


def test_the_spark_recipe_of_the_scaling_page_counts_as_duckdb(spark: Any) -> None:
    namespace, code = scaling_recipe("PySpark")
    expected = namespace["report"]
    exec(compile(code, "docs/scaling.md (PySpark)", "exec"), namespace)
    assert namespace["spark"] is spark  # the module's session, not a second one
    assert_same(namespace["report"], expected)
