"""Work done beside the caller's: one pool, made once under a lock, kept, made anew in a
forked child; and whether ids repeat, told as it would be by counting them."""

from __future__ import annotations

import itertools
import multiprocessing
import threading
import warnings
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

import hypothesis.strategies as st
import pyarrow as pa
import pytest
from hypothesis import given, settings

from industrial_policy.io import background
from industrial_policy.io.background import beside
from industrial_policy.io.frames import _IN_ORDER_FIRST, ArrowTexts, _in_order


def _thread_name() -> str:
    return threading.current_thread().name


def test_work_beside_gives_its_result_on_the_pools_threads() -> None:
    assert beside(sum, [1, 2, 3]).result() == 6
    assert beside(_thread_name).result().startswith("industrial-policy")


def test_an_error_beside_waits_in_the_future() -> None:
    future = beside(int, "not a number")
    with pytest.raises(ValueError, match="not a number"):
        future.result()
    assert beside(int, "12").result() == 12  # the pool goes on


def test_the_pool_is_made_once_however_many_threads_ask_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(background, "_pool", None)
    made: list[Any] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        made.append(background._the_pool())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 8
    assert all(pool is made[0] for pool in made)
    made[0].shutdown()


def _in_child(results: Any) -> None:
    results.put(beside(sum, [4, 5]).result(timeout=30))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")
def test_a_forked_child_makes_its_own_pool() -> None:
    assert beside(sum, [1]).result() == 1  # the parent's pool has threads
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_in_child, args=(results,))
    with warnings.catch_warnings():  # Python 3.12+ warns of forking a threaded process
        warnings.simplefilter("ignore", DeprecationWarning)
        child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    assert results.get(timeout=5) == 9


def _told(texts: Sequence[str | None]) -> bool:
    told = ArrowTexts(pa.array(texts, type=pa.string()))
    telling: Future[bool] = beside(told._told_unique)
    return telling.result()


@given(
    st.lists(st.text(alphabet="abc", max_size=3), max_size=30),
    st.lists(st.none(), max_size=3),
)
@settings(max_examples=200, deadline=None)
def test_whether_texts_repeat_is_told_as_counting_them_does(
    texts: list[str], missing: list[None]
) -> None:
    present = [t for t in texts if t is not None]
    assert _told([*texts, *missing]) is (len(set(present)) == len(present))


@pytest.mark.parametrize(
    ("texts", "unique"),
    [
        # in order throughout: told in one pass
        ([f"p{i:06d}" for i in range(_IN_ORDER_FIRST * 3)], True),
        # the first in order, one repeated far after them
        ([f"p{i:06d}" for i in range(_IN_ORDER_FIRST * 3)] + ["p000005"], False),
        # the first in order, the rest not, none repeated
        ([f"p{i:06d}" for i in range(_IN_ORDER_FIRST * 2)] + ["a", "b0", "a1"], True),
        # numbered without leading zeros (p9 before p10): in order by length, then text
        ([f"p{i}" for i in range(_IN_ORDER_FIRST * 3)], True),
        ([f"p{i}" for i in range(_IN_ORDER_FIRST * 3)] + ["p17"], False),
        ([f"p{i}" for i in range(_IN_ORDER_FIRST * 3)] + ["p2999"], False),
        # in neither order: hashed
        ([f"p{i}" for i in reversed(range(_IN_ORDER_FIRST * 3))], True),
        ([f"p{i}" for i in reversed(range(_IN_ORDER_FIRST * 3))] + ["p0"], False),
    ],
)
def test_ids_in_order_are_told_by_their_first_ones_then_all(texts: list[str], unique: bool) -> None:
    assert _told(texts) is unique


def _in_either_order(texts: Sequence[str]) -> bool:
    """The definition: each text before the next as text, or by bytes' length then text."""
    pairs = list(itertools.pairwise(texts))
    as_text = all(a < b for a, b in pairs)
    by_length = all((len(a.encode()), a.encode()) < (len(b.encode()), b.encode()) for a, b in pairs)
    return as_text or by_length


@given(st.lists(st.text(alphabet="ab1é", max_size=4), max_size=12))
@settings(max_examples=300, deadline=None)
def test_texts_are_in_order_as_text_or_by_length_then_text(texts: list[str]) -> None:
    told = _in_order(pa.array(texts, type=pa.string()))
    assert told is _in_either_order(texts)
    if told:
        assert len(set(texts)) == len(texts)  # in order: none repeats


@given(st.sets(st.integers(min_value=0, max_value=10**6), max_size=40))
@settings(max_examples=100, deadline=None)
def test_numbers_written_without_leading_zeros_are_in_order(numbers: set[int]) -> None:
    texts = [f"KCN-{n}" for n in sorted(numbers)]
    assert _in_order(pa.array(texts, type=pa.string()))
    assert _in_order(pa.array(texts, type=pa.large_string()))
    assert _in_order(pa.array(["x", *texts], type=pa.string()).slice(1))  # an offset
