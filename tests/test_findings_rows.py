"""A report's rows (CSV, frames, Arrow, Parquet) read from its columns are the findings' own.

The rule engine gives the flat row of a plain verdict (conclusive, on values known exactly,
from records) without writing its explanation; every other row is the finding's. Either way
the row must be exactly what :meth:`Finding.row` gives.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import industrial_policy as ip
from industrial_policy.testing import datasets


def _same(fast: list[dict[str, Any]], slow: list[dict[str, Any]]) -> None:
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert a.keys() == b.keys()
        for key in a:
            x, y = a[key], b[key]
            if isinstance(x, float) and isinstance(y, float) and math.isnan(x):
                assert math.isnan(y), key
            else:
                assert (x, type(x)) == (y, type(y)), (a["id"], key)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(datasets())
def test_rows_from_columns_are_the_findings_rows(dataset: ip.Dataset) -> None:
    report = ip.evaluate(dataset, "2025-06-30")
    for exact in (False, True):
        _same(report.findings.rows(exact=exact), [f.row(exact=exact) for f in report])


@pytest.mark.parametrize("name", ip.examples.names())
def test_rows_from_columns_of_each_example(name: str) -> None:
    dataset = ip.examples.load(name)
    report = ip.evaluate(dataset)
    fresh = ip.evaluate(dataset)  # no finding made before its rows are read
    for exact in (False, True):
        _same(fresh.findings.rows(exact=exact), [f.row(exact=exact) for f in report])
    assert report.to_csv() == fresh.to_csv()
