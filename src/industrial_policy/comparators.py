"""How an actual value is held against a threshold: :class:`Comparator`.

A foundation value type: rules, targets, reported figures and rate targets
all name one, and findings carry it. ``Comparator.holds`` works on scalars
and on numpy arrays alike.
"""

from __future__ import annotations

import enum
from typing import Any

from industrial_policy.errors import InvalidValueError

__all__ = ["Comparator"]


class Comparator(enum.StrEnum):
    """How an actual value is held against a threshold."""

    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"
    BETWEEN = "between"  # inclusive at both ends
    ABOUT = "about"  # within ± tolerance, inclusive

    @property
    def symbol(self) -> str:
        return {
            Comparator.AT_LEAST: "≥",
            Comparator.MORE_THAN: ">",
            Comparator.AT_MOST: "≤",
            Comparator.LESS_THAN: "<",
            Comparator.BETWEEN: "between",
            Comparator.ABOUT: "≈",
        }[self]

    @property
    def words(self) -> str:
        return self.value.replace("_", " ")

    def holds(self, actual: Any, threshold: Any, upper: Any = None) -> Any:
        """Whether ``actual`` satisfies the comparator; works on scalars and numpy arrays.

        ``upper`` is the top of the range for ``between`` and the tolerance
        for ``about``.

        >>> Comparator.AT_LEAST.holds(0.2, 0.2), Comparator.MORE_THAN.holds(500, 500)
        (True, False)
        """
        if self is Comparator.AT_LEAST:
            return actual >= threshold
        if self is Comparator.MORE_THAN:
            return actual > threshold
        if self is Comparator.AT_MOST:
            return actual <= threshold
        if self is Comparator.LESS_THAN:
            return actual < threshold
        if upper is None:
            raise InvalidValueError(
                f"'{self.value}' needs a second value (range top or tolerance)",
                value=threshold,
                field="comparator",
            )
        if self is Comparator.BETWEEN:
            return (actual >= threshold) & (actual <= upper)
        return abs(actual - threshold) <= upper
