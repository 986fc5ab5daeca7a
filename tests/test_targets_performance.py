"""Tracking is columnar: fifty targets over projects in three currencies, no data missing.

The benchmark at national scale (a million projects) is ``python
benchmarks/run.py --size full --only 2``; this test keeps a small size and
never judges speed.
"""

from __future__ import annotations

from benchmarks import generate
from benchmarks.investment import AS_OF, check

from industrial_policy import Status
from industrial_policy.tracking import track


def test_fifty_targets_on_projects_in_three_currencies_agree_with_numpy() -> None:
    dataset = generate.investment_dataset(3_000)
    targets = generate.investment_targets(50)
    report = track(dataset, targets, AS_OF)
    assert len(report) == 50
    assert not report.filter(status=Status.INSUFFICIENT_DATA).findings, report.counts()
    check(dataset, targets)  # every tracked value equals the hand-written numpy one
    again = track(dataset, targets, "2025-03-31")  # a later day: cached columns, new numbers
    assert len(again) == 50
    assert [f.actual for f in again] != [f.actual for f in report]
