"""Comparing a peer's numbers with the reference: exact counts, close amounts.

Every peer's result is first normalised (not timed) to plain Python: a dict
from a key (a level and a measure, a target, a rate) to a dict from a group's
label to a tuple of numbers. Two normalised results agree when they have the
same keys and labels, counts are equal, amounts are within ``rtol`` (1e-9) of
each other and verdicts (``share >= threshold``) are equal, except where the
share is within ``rtol`` of its threshold (summation order moves the last bits).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

RTOL = 1e-9

Numbers = Mapping[Any, Mapping[str, Sequence[float]]]


def close(got: float, expected: float, *, rtol: float = RTOL, atol: float = 0.0) -> bool:
    if math.isnan(expected):
        return math.isnan(got)
    return math.isclose(got, expected, rel_tol=rtol, abs_tol=atol)


def agree(
    got: Numbers,
    expected: Numbers,
    kinds: Mapping[Any, str],
    *,
    who: str,
    thresholds: Mapping[Any, float] | None = None,
) -> None:
    """Raise AssertionError naming ``who`` and the first difference.

    ``kinds[key]`` says what each position of a tuple is: ``c`` a count (exact), ``a`` an
    amount (close), ``s`` a share (close), ``v`` a verdict on the share (``s`` before it)
    against ``thresholds[key]``, ``g`` a gap (close, with an absolute margin of 1e-6).
    """
    assert set(got) == set(expected), f"{who}: keys {sorted(map(str, set(got) ^ set(expected)))}"
    for key, rows in expected.items():
        mine = got[key]
        missing = set(rows) ^ set(mine)
        assert not missing, f"{who}: {key}: groups {sorted(missing)[:5]} differ"
        pattern = kinds[key]
        for label, values in rows.items():
            values_got = mine[label]
            share = math.nan
            for kind, a, b in zip(pattern, values_got, values, strict=True):
                a, b = float(a), float(b)
                if kind == "s":
                    share = b
                ok = {
                    "c": a == b,
                    "a": close(a, b),
                    "s": close(a, b),
                    "g": close(a, b, atol=1e-6),
                    "v": a == b
                    or (thresholds is not None and close(share, thresholds[key], atol=RTOL)),
                }[kind]
                assert ok, f"{who}: {key} {label}: {tuple(values_got)} != {tuple(values)}"
