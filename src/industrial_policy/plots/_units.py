"""How a result's unit is shown on an axis: the factor numbers are multiplied by, and the label.

Shares are plotted in percent, areas in hectares, counts as they are, and
money in thousands, millions, billions or trillions of its currency, chosen
from the largest value plotted so that tick labels stay short.

>>> AxisUnit.of("ratio").label, AxisUnit.of("ratio").scale
('%', 100.0)
>>> AxisUnit.of("VND", [19_866e9]).label, AxisUnit.of("USD", [500e6]).label
('trillion VND', 'million USD')
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import attrs

__all__ = ["AxisUnit"]

_NAMED = {
    "ratio": (100.0, "%"),
    "percentage_points": (1.0, "percentage points"),
    "hectare": (1.0, "ha"),
    "meter ** 2": (1.0, "m²"),
    "kilometer ** 2": (1.0, "km²"),
    "count": (1.0, "count"),
}
_MONEY_STEPS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))


def _is_currency(unit: str) -> bool:
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


@attrs.frozen
class AxisUnit:
    """Numbers in ``unit`` are plotted times ``scale`` and labelled ``label``."""

    unit: str
    scale: float
    label: str

    @classmethod
    def of(cls, unit: str, values: Iterable[float] = ()) -> AxisUnit:
        if unit in _NAMED:
            scale, label = _NAMED[unit]
            return cls(unit, scale, label)
        if _is_currency(unit):
            largest = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
            for size, word in _MONEY_STEPS:
                if largest >= size:
                    return cls(unit, 1 / size, f"{word} {unit}")
            return cls(unit, 1.0, unit)
        return cls(unit, 1.0, unit)

    def __call__(self, value: float) -> float:
        return value * self.scale
