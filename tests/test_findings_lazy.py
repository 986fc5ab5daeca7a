"""A report's findings as columns: :class:`Findings` made from blocks on first read.

An engine hands a report blocks of findings held as columns (the rule engine's verdicts on
every zone of a level); each finding is made when read, once. Whatever the blocks, the
sequence reads as the tuple of the same findings.
"""

from __future__ import annotations

import itertools
import pickle
import threading
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.findings import Finding, Findings, Report
from industrial_policy.testing import findings


class CountingBlock:
    """A block that makes its findings from a tuple and counts what it was asked for."""

    def __init__(self, items: Sequence[Finding]) -> None:
        self.items = tuple(items)
        self.made: list[int] = []

    def __len__(self) -> int:
        return len(self.items)

    def finding_ids(self) -> list[str]:
        return [f.id for f in self.items]

    def finding(self, i: int) -> Finding:
        self.made.append(i)
        return self.items[i]

    def statuses(self) -> list[ip.Status]:
        return [f.status for f in self.items]


unique_findings = st.lists(findings(), max_size=12, unique_by=lambda f: f.id)


def _split(items: list[Finding], cuts: list[int], forms: list[int]) -> list[object]:
    """``items`` cut into parts, each part a block, a tuple, a list or single findings."""
    bounds = sorted({0, len(items), *(c % (len(items) + 1) for c in cuts)})
    parts: list[object] = []
    for k, (a, b) in enumerate(itertools.pairwise(bounds)):
        piece = items[a:b]
        form = forms[k % len(forms)] if forms else 0
        if form == 0:
            parts.append(CountingBlock(piece))
        elif form == 1:
            parts.append(tuple(piece))
        elif form == 2:
            parts.append(Findings([CountingBlock(piece)]))
        else:
            parts.extend(piece)
    return parts


@given(unique_findings, st.lists(st.integers(0, 20)), st.lists(st.integers(0, 3)), st.data())
def test_findings_read_as_the_tuple_of_the_same_findings(
    items: list[Finding], cuts: list[int], forms: list[int], data: st.DataObject
) -> None:
    lazy = Findings(_split(items, cuts, forms))  # type: ignore[arg-type]
    expected = tuple(items)
    assert len(lazy) == len(expected)
    assert lazy.ids() == [f.id for f in expected]
    if expected:
        i = data.draw(st.integers(-len(expected), len(expected) - 1))
        assert lazy[i] is expected[i]
    start = data.draw(st.integers(-15, 15) | st.none())
    stop = data.draw(st.integers(-15, 15) | st.none())
    step = data.draw(st.sampled_from([None, 1, 2, -1, 3]))
    assert lazy[start:stop:step] == expected[start:stop:step]
    assert tuple(lazy) == expected
    assert lazy == expected
    assert lazy == Findings([expected])
    assert hash(lazy) == hash(expected)
    assert lazy + expected == expected + expected
    restored = pickle.loads(pickle.dumps(lazy))
    assert isinstance(restored, Findings)
    assert restored.ids() == lazy.ids()  # (a NaN amount equals itself only as the same object)
    assert [f.to_dict() for f in restored] == [f.to_dict() for f in expected]
    with pytest.raises(IndexError):
        lazy[len(expected)]


@given(unique_findings)
def test_a_finding_is_made_when_read_and_only_once(items: list[Finding]) -> None:
    block = CountingBlock(items)
    lazy = Findings([block])
    report = Report(lazy, ip.findings.dt.date(2025, 1, 1))
    assert len(report) == len(items)
    assert report.ids() == tuple(f.id for f in items)
    assert report.counts() == Report(tuple(items), report.as_of).counts()
    assert block.made == []  # ids, length, counts and the duplicate check make no finding
    for f in items:
        assert f.id in report
        assert report[f.id] is report.get(f.id) is f
    assert block.made == list(range(len(items)))  # each made once, in the order read
    list(report)
    assert block.made == list(range(len(items)))


def test_threads_reading_the_same_finding_get_the_same_object() -> None:
    items = [
        Finding("c", "rule", "t", f"z{i}", ip.Status.PASS, ip.findings.dt.date(2025, 1, 1), _e())
        for i in range(200)
    ]

    class Fresh(CountingBlock):
        def finding(self, i: int) -> Finding:  # a new object each call, as an engine's
            super().finding(i)
            return pickle.loads(pickle.dumps(self.items[i]))

    for _ in range(20):
        block = Fresh(items)
        lazy = Findings([block])
        seen: list[list[int]] = []
        barrier = threading.Barrier(8)

        threads = [threading.Thread(target=_read_all, args=(lazy, barrier, seen)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(ids == seen[0] for ids in seen)
        assert sorted(block.made) == list(range(len(items)))


def _read_all(lazy: Findings, barrier: threading.Barrier, seen: list[list[int]]) -> None:
    barrier.wait()
    seen.append([id(lazy[i]) for i in range(len(lazy))])


def test_a_rule_report_reads_the_same_whether_its_findings_were_made_or_not() -> None:
    # The engine's blocks: a finding read by id, then all of them, as another evaluation.
    dataset = ip.examples.load("bac-giang-2023")
    report = ip.evaluate(dataset)
    one = report.ids()[len(report) // 2]
    again = ip.evaluate(dataset)
    assert again[one] is again[one]
    assert again[one] == report[one]
    assert again == report
    assert list(again) == list(report)


def _e() -> ip.Explanation:
    return ip.Explanation(formula="f", inputs=(), parameters=(), steps=(), notes=())
