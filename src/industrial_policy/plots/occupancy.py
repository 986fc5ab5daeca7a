"""Occupancy by zone: leased industrial land ÷ industrial land for lease, against the threshold.

>>> import industrial_policy as ip
>>> from industrial_policy.plots import plot_occupancy
>>> ds = ip.Dataset(zones=[
...     ip.Zone(id="kcn-a", name="A", kind="industrial_park", province="Hải Dương",
...             total_area="300 ha", industrial_land_area="200 ha"),
...     ip.Zone(id="kcn-b", name="B", kind="industrial_park", province="Hải Dương",
...             total_area="150 ha")],
...     parcels=[ip.Parcel(id="a-1", zone_id="kcn-a", area="150 ha", status="leased")])
>>> figure = plot_occupancy(ds, as_of="2024-12-31", threshold="60%")
>>> ax = figure.axes[0]
>>> [label.get_text() for label in ax.get_yticklabels()]
['kcn-b', 'kcn-a']
>>> [round(float(bar.get_width()), 6) for bar in ax.patches if bar.get_gid()]
[75.0]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Finding, Report
from industrial_policy.plots._bars import share_figure
from industrial_policy.rules import evaluate

__all__ = ["OCCUPANCY_CHECKS", "plot_occupancy"]

OCCUPANCY_CHECKS = ("vn-land.occupancy", "vn-national.cluster-expansion-occupancy")
"""The shipped rules that measure one zone's occupancy: parks (``vn-land``, threshold set by the
user) and industrial clusters (``vn-national``, 60%: Decree 32/2024/NĐ-CP, Art. 8(2)(c)). The
province- and district-level occupancy rules are drawn with
``subject_kind="province"``/``"district"`` and ``checks=("vn-national.new-park-occupancy",)``
or ``("vn-national.new-cluster",)``."""

_THRESHOLD_PARAMETER = "vn-land.occupancy.min-share"


def _report_of(
    source: Report | Dataset | Iterable[Finding],
    as_of: dt.date | str | None,
    threshold: object,
) -> Report | Iterable[Finding]:
    if not isinstance(source, Dataset):
        if threshold is not None or as_of is not None:
            raise InvalidValueError(
                "as_of and threshold are for a dataset; a report is drawn as it was evaluated"
                " (evaluate it again with overrides to change the threshold)",
                value=threshold if threshold is not None else as_of,
                field="threshold" if threshold is not None else "as_of",
            )
        return source
    day = as_of
    if day is None and source.evaluation is not None:
        day = source.evaluation.as_of
    if day is None:
        raise InvalidValueError(
            "occupancy is measured on a date: give as_of (or the dataset's evaluation.as_of)",
            value=None,
            field="as_of",
        )
    overrides = {_THRESHOLD_PARAMETER: threshold} if threshold is not None else None
    return evaluate(source, ["vn-land", "vn-national"], day, overrides=overrides)


def plot_occupancy(
    source: Report | Dataset | Iterable[Finding],
    *,
    as_of: dt.date | str | None = None,
    threshold: object = None,
    checks: Sequence[str] = OCCUPANCY_CHECKS,
    subject_kind: str | None = "zone",
    top: int = 25,
    ax: Any = None,
) -> Any:
    """Each zone's occupancy as a horizontal bar, with the rule's threshold as a dashed line.

    ``source`` is a report (or findings) of the rule engine, or a dataset,
    which is then evaluated on ``as_of`` with the shipped packs; for a
    dataset, ``threshold`` (``"60%"`` or ``0.6``) sets
    ``vn-land.occupancy.min-share``, which ships with no value. A rule with no
    threshold is drawn without a line, its bars as "measured".

    Bars are coloured by verdict (a failure is also hatched); a zone whose
    occupancy is unknown has a row saying "insufficient data", never a bar
    at zero. Each rule shows at most ``top`` zones, the worst first (the
    largest shortfall in hectares, then the unknown, then the lowest
    margin), and says so. Returns the :class:`matplotlib.figure.Figure`;
    with ``ax``, draws on it and returns its figure. Nothing is shown or
    saved.
    """
    findings = _report_of(source, as_of, threshold)
    day = _day(findings)
    return share_figure(
        findings,
        checks,
        subject_kind=subject_kind,
        top=top,
        ax=ax,
        caller="plot_occupancy",
        what="occupancy",
        title=f"Occupancy by {subject_kind or 'subject'}" + (f" on {day}" if day else ""),
        xlabel="occupancy: industrial land leased ÷ industrial land for lease (%)",
    )


def _day(findings: Report | Iterable[Finding]) -> str | None:
    if isinstance(findings, Report):
        return findings.as_of.isoformat()
    return None
