"""Work done beside the caller's: files read and ids checked on the threads of one pool.

The pool is made on first use (under a lock) and kept, as Arrow and polars keep theirs:
starting a thread costs a scheduler's time slice while the caller waits for it (half a
millisecond and more on a busy machine), several times per table read. Only work that
waits for no other work of the pool is given to it (a file read, a hash of a column), so
that no task can wait for one queued behind it. A process forked from this one makes its
own pool (the parent's threads are not in the child).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["WORKERS", "beside"]

T = TypeVar("T")

WORKERS = max(2, min(os.cpu_count() or 1, 8))
"""The pool's threads: one per core (at least two, at most eight); they mostly wait for
Arrow, which releases the interpreter's lock while it reads and hashes."""

_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()


def beside(function: Callable[..., T], /, *args: Any) -> Future[T]:
    """``function(*args)`` started on the pool's threads; its result (or its error) waits
    in the future. ``function`` must not wait for other work given to the pool."""
    return _the_pool().submit(function, *args)


def _the_pool() -> ThreadPoolExecutor:
    global _pool
    pool = _pool
    if pool is None:
        with _lock:
            pool = _pool
            if pool is None:
                pool = _pool = ThreadPoolExecutor(
                    max_workers=WORKERS, thread_name_prefix="industrial-policy"
                )
    return pool


def _forget_in_child() -> None:
    global _pool, _lock
    _pool, _lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_in_child)
