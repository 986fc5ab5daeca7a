"""The benchmarks' columnar generator draws the records of ``generate.py``, value for value.

``benchmarks/columns.py`` feeds the workloads against polars, DuckDB and pandas;
``benchmarks/generate.py`` the workloads on the library's records. Both must
describe the same data (the columns add lease ends and production values,
drawn last). Nothing here is timed.
"""

from __future__ import annotations

import attrs
import numpy as np
import pytest

pytest.importorskip("pyarrow")

from benchmarks import columns, generate


def test_land_columns_are_the_generated_records() -> None:
    tables = columns.land_tables(60, 2_000, seed=5, tenants=30)
    built = columns.land_dataset(tables)
    expected = generate.land_dataset(60, 2_000, seed=5, tenants=30)
    assert list(built.zones) == list(expected.zones)
    assert list(built.projects) == list(expected.projects)
    assert [attrs.evolve(p, lease_end=None) for p in built.parcels] == list(expected.parcels)
    assert any(p.lease_end is not None for p in built.parcels)


def test_investment_columns_are_the_generated_records() -> None:
    tables = columns.investment_tables(600, seed=6, zones=40)
    built = columns.investment_dataset(tables)
    expected = generate.investment_dataset(600, seed=6, zones=40)
    assert list(built.zones) == list(expected.zones)
    assert built.exchange_rates == expected.exchange_rates
    assert [attrs.evolve(p, production_values=()) for p in built.projects] == list(
        expected.projects
    )
    assert any(p.production_values for p in built.projects)


def test_dossier_columns_are_the_generated_table() -> None:
    built = columns.dossier_table(columns.dossier_tables(3_000, 50, seed=7))
    expected = generate.dossier_table(3_000, 50, seed=7)
    for field in attrs.fields(type(expected)):
        mine, theirs = getattr(built, field.name), getattr(expected, field.name)
        if isinstance(theirs, np.ndarray):
            assert np.array_equal(mine.astype(np.int64), theirs.astype(np.int64)), field.name
        else:
            assert mine == theirs, field.name


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_the_loading_files_with_rows_shuffled_hold_the_same_parcels(fmt: str) -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("polars")
    from benchmarks import loading_files

    _, in_order = loading_files.write_files(3_000, seed=7)
    _, shuffled = loading_files.write_files(3_000, seed=7, shuffled=True)
    ids = shuffled["parcels"].column("id").to_pylist()
    assert ids != in_order["parcels"].column("id").to_pylist()  # in another order
    assert shuffled["parcels"].sort_by("id").equals(in_order["parcels"].sort_by("id"))
    prepared = loading_files.prepare("smoke", seed=7, fmt=fmt, rows="shuffled")
    assert "rows shuffled" in prepared.name
    prepared.check()  # ours reads the shuffled files to the tables written
