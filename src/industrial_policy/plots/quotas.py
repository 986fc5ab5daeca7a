"""Land quotas: each zone's share of land for hi-tech or supporting industry against its threshold.

The shipped quota rules: Hải Dương's provincial quotas (``vn-land``: 20% of
an industrial zone reserved for hi-tech industry, 50% of a cluster for
supporting industries) and Decree 35/2022's shares of a park's industrial
land (``vn-national``: supporting-industry and specialised parks 60%,
hi-tech parks 30%).

>>> import industrial_policy as ip
>>> from industrial_policy.rules import evaluate
>>> from industrial_policy.plots import plot_quota_shares
>>> report = evaluate(ip.examples.load("hai-duong-2021"), None, "2025-12-31")
>>> figure = plot_quota_shares(report)
>>> ax = figure.axes[0]
>>> sorted((bar.get_gid(), round(float(bar.get_width()), 6)) for bar in ax.patches if bar.get_gid())
[('vn-land.hi-tech-reserve/hd-kcn-a', 15.0), ('vn-land.supporting-reserve/hd-ccn-b', 50.0)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from industrial_policy.findings import Finding, Report
from industrial_policy.plots._bars import share_figure

__all__ = ["QUOTA_CHECKS", "plot_quota_shares"]

QUOTA_CHECKS = (
    "vn-land.hi-tech-reserve",
    "vn-land.supporting-reserve",
    "vn-national.supporting-park",
    "vn-national.specialised-park",
    "vn-national.hi-tech-park",
)
"""The shipped rules that hold a share of a zone's land against a minimum."""


def plot_quota_shares(
    report: Report | Iterable[Finding],
    *,
    checks: Sequence[str] = QUOTA_CHECKS,
    subject_kind: str | None = "zone",
    top: int = 25,
    ax: Any = None,
) -> Any:
    """Each zone's share under each quota rule, with the rule's threshold as a dashed line.

    One group of bars per rule (its id and threshold in the heading), a bar
    per zone coloured by verdict: pass green, fail red and hatched. A zone
    whose share is unknown has a row saying "insufficient data" (with the
    bounds the engine could give), never a bar at zero. Each rule shows at
    most ``top`` zones, the worst first (the largest shortfall in hectares,
    then the unknown, then the smallest margin), and says so in its
    heading. ``subject_kind="province"`` draws the roll-ups instead.

    Returns the :class:`matplotlib.figure.Figure`; with ``ax``, draws on it
    and returns its figure. Nothing is shown or saved.
    """
    title = f"Land quotas by {subject_kind or 'subject'}"
    if isinstance(report, Report):
        title += f" on {report.as_of.isoformat()}"
    return share_figure(
        report,
        checks,
        subject_kind=subject_kind,
        top=top,
        ax=ax,
        caller="plot_quota_shares",
        what="land-quota",
        title=title,
        xlabel="share of the land the rule counts (%)",
    )
