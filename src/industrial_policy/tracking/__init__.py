"""Investment-target tracking: stocks, flows, shares, growth and ranges; status and projection.

The target engine. A :class:`~industrial_policy.records.targets.Target` (a
record kind, in :mod:`industrial_policy.records`) says what a plan promises
(a stock, a flow, a cumulative flow, a share or a growth, with its
comparator, deadline and baseline); :func:`track` computes where it stands
on a date from the dataset's records or from
:class:`~industrial_policy.records.observations.Observation` records, and
answers with :class:`~industrial_policy.findings.Finding` objects that
explain themselves. See ``docs/targets.md``.

>>> from industrial_policy import Dataset
>>> from industrial_policy.records import Observation, Target
>>> from industrial_policy.tracking import track
>>> target = Target(id="hd-hsi-2025", title="250 HSI businesses by 2025", metric="businesses",
...                 kind="stock", categories=["hi_tech", "supporting_industry"],
...                 comparator="at_least", value=250, deadline="2025", province="Hải Dương")
>>> counts = [Observation(series="hd-hsi-2025", on=f"{year}-12-31", value=count)
...           for year, count in ((2022, 210), (2023, 220), (2024, 240))]
>>> finding = track(Dataset(), [target], "2025-02-01", observations=counts).findings[0]
>>> finding.status.value, str(finding.actual), str(finding.gap)
('on_track', '240', '-10')
"""

from industrial_policy.tracking.progress import ProjectionMethod, RateDate, TrackingParameters
from industrial_policy.tracking.track import track

__all__ = ["ProjectionMethod", "RateDate", "TrackingParameters", "track"]
