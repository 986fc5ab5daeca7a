"""Investment-target tracking: stocks, flows, shares, growth and ranges; status and projection.

A :class:`Target` says what a plan promises (a stock, a flow, a cumulative
flow, a share or a growth, with its comparator, deadline and baseline);
:func:`track` computes where it stands on a date from the dataset's records
or from :class:`Observation` records, and answers with
:class:`~industrial_policy.findings.Finding` objects that explain themselves.
See ``docs/targets.md``.

>>> from industrial_policy import Dataset
>>> from industrial_policy.targets import Observation, Target, track
>>> target = Target(id="hd-hsi-2025", title="250 HSI businesses by 2025", metric="businesses",
...                 kind="stock", categories=["hi_tech", "supporting_industry"],
...                 comparator="at_least", value=250, deadline="2025", province="Hải Dương")
>>> counts = [Observation(series="hd-hsi-2025", on=f"{year}-12-31", value=count)
...           for year, count in ((2022, 210), (2023, 220), (2024, 240))]
>>> finding = track(Dataset(), [target], "2025-02-01", observations=counts).findings[0]
>>> finding.status.value, str(finding.actual), str(finding.gap)
('on_track', '240', '-10')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from industrial_policy.targets.observations import Observation
from industrial_policy.targets.target import (
    Actuals,
    Baseline,
    CapitalFlow,
    GrowthUnit,
    Measure,
    Metric,
    Target,
    TargetKind,
)

if TYPE_CHECKING:
    from industrial_policy.targets.progress import ProjectionMethod, RateDate, TrackingParameters
    from industrial_policy.targets.track import track

__all__ = [
    "Actuals",
    "Baseline",
    "CapitalFlow",
    "GrowthUnit",
    "Measure",
    "Metric",
    "Observation",
    "ProjectionMethod",
    "RateDate",
    "Target",
    "TargetKind",
    "TrackingParameters",
    "track",
]

# The tracker needs numpy and the dataset; the value types above do not, and
# dataset.py imports them, so the tracker is loaded on first use only.
_LAZY = {
    "RateDate": "industrial_policy.targets.progress",
    "ProjectionMethod": "industrial_policy.targets.progress",
    "TrackingParameters": "industrial_policy.targets.progress",
    "track": "industrial_policy.targets.track",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'industrial_policy.targets' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
