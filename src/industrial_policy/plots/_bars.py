"""Shares of zones as horizontal bars, one group per rule, each with its threshold line.

Occupancy (:mod:`.occupancy`) and the land quotas (:mod:`.quotas`) are both
a share per subject held against a rule's threshold; this module selects the
findings, orders them worst first, cuts long lists, and draws them.

Unknown is never drawn as zero: a finding with no value (insufficient data)
gets a row with no bar and the words "insufficient data", and the bounds the
engine could still give (``lower bound``/``upper bound`` in its details) as a
thin range.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Finding, Report, Status
from industrial_policy.plots._matplotlib import axes_for, in_language

__all__ = ["ShareGroup", "ShareRow", "draw_share_groups", "figure_height", "share_groups"]

COLOURS = {
    Status.PASS: "#2e7d32",
    Status.FAIL: "#c62828",
    Status.MEASURED: "#4c72b0",
}
"""Bar colours by status; a failure is also hatched, so it reads without colour."""
FAIL_HATCH = "///"
UNKNOWN_COLOUR = "#757575"
THRESHOLD_COLOUR = "#212121"
ROW_INCHES = 0.28  # per bar: keeps 9-point labels apart
_ORDER = {Status.FAIL: 0, Status.INSUFFICIENT_DATA: 1, Status.MEASURED: 2, Status.PASS: 2}


@attrs.frozen
class ShareRow:
    """One subject's share under one rule, as drawn (``value`` is ``None`` when unknown)."""

    finding: Finding
    value: float | None
    low: float | None = None  # bounds of a value not known exactly
    high: float | None = None

    @classmethod
    def of(cls, finding: Finding) -> ShareRow:
        actual = finding.actual
        value = float(actual.value) if actual is not None else None
        if value is not None and math.isnan(value):
            value = None
        low = high = None
        if value is None:
            details = finding.details
            low_amount, high_amount = details.get("lower bound"), details.get("upper bound")
            if low_amount is not None and low_amount.unit == "ratio":
                low = float(low_amount.value)
            if high_amount is not None and high_amount.unit == "ratio":
                high = float(high_amount.value)
        return cls(finding, value, low, high)

    @property
    def sort_key(self) -> tuple[int, float, float]:
        """Failures first, by shortfall in hectares; then unknown values, the lowest upper bound
        first; then the rest, the smallest margin first (the lowest share when the rule has no
        threshold)."""
        finding = self.finding
        gap = float(finding.gap.value) if finding.gap is not None else math.inf
        value = self.value if self.value is not None else self.high
        return (_ORDER.get(finding.status, 1), gap, value if value is not None else math.inf)


@attrs.frozen
class ShareGroup:
    """The rows of one rule: ``rows`` are those drawn, ``total`` how many subjects it has."""

    check_id: str
    threshold: float | None
    threshold_text: str
    rows: tuple[ShareRow, ...]
    total: int

    @property
    def label(self) -> str:
        required = f" ({self.threshold_text})" if self.threshold is not None else " (no threshold)"
        shown = f"; the {len(self.rows)} worst of {self.total:,} shown" if self.cut else ""
        return f"{self.check_id}{required}{shown}"

    @property
    def cut(self) -> bool:
        return len(self.rows) < self.total


def _findings(report: Report | Iterable[Finding]) -> Iterable[Finding]:
    if isinstance(report, Report):
        return report.findings
    return report


def share_groups(
    report: Report | Iterable[Finding],
    checks: Sequence[str],
    *,
    subject_kind: str | None,
    top: int,
) -> list[ShareGroup]:
    """The findings of ``checks`` on subjects of ``subject_kind`` (any when ``None``), grouped by
    check in the order of ``checks``, each cut to its ``top`` worst.

    Findings that do not apply (``not_applicable``) have nothing to draw and are left out.
    """
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise InvalidValueError("must be a whole number of at least 1", value=top, field="top")
    wanted = list(dict.fromkeys(checks))
    rows: dict[str, list[ShareRow]] = {check: [] for check in wanted}
    firsts: dict[str, Finding] = {}
    for finding in _findings(report):
        if finding.check_id not in rows or finding.status is Status.NOT_APPLICABLE:
            continue
        if subject_kind is not None and finding.subject_kind != subject_kind:
            continue
        if finding.actual is not None and finding.actual.unit != "ratio":
            continue  # not a share: an alternative measured in hectares has no place here
        rows[finding.check_id].append(ShareRow.of(finding))
        firsts.setdefault(finding.check_id, finding)
    groups = []
    for check in wanted:
        found = rows[check]
        if not found:
            continue
        first = firsts[check]
        # One threshold line per rule, where the rule's findings hold one threshold (the
        # same parameter for every subject); thresholds that differ get no single line.
        ratios = {
            float(f.threshold.value)
            for f in _findings(report)
            if f.check_id == check
            and f.status is not Status.NOT_APPLICABLE
            and (subject_kind is None or f.subject_kind == subject_kind)
            and (f.actual is None or f.actual.unit == "ratio")
            and f.threshold is not None
            and f.threshold.unit == "ratio"
        }
        threshold = ratios.pop() if len(ratios) == 1 else None
        chosen = sorted(found, key=lambda row: row.sort_key)[:top]
        groups.append(
            ShareGroup(check, threshold, first.threshold_text(), tuple(chosen), len(found))
        )
    return groups


def _legend_handles(statuses: set[Status], thresholds: bool, unknown: bool) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    names = {Status.PASS: "pass", Status.FAIL: "fail", Status.MEASURED: "measured (no threshold)"}
    for status in (Status.PASS, Status.FAIL, Status.MEASURED):
        if status in statuses:
            hatch = FAIL_HATCH if status is Status.FAIL else None
            handles.append(
                Patch(
                    facecolor=COLOURS[status], hatch=hatch, edgecolor="white", label=names[status]
                )
            )
    if unknown:
        handles.append(
            Line2D([], [], color=UNKNOWN_COLOUR, marker="|", label="insufficient data (bounds)")
        )
    if thresholds:
        handles.append(Line2D([], [], color=THRESHOLD_COLOUR, linestyle="--", label="threshold"))
    return handles


def figure_height(groups: Sequence[ShareGroup]) -> float:
    rows = sum(len(g.rows) + 1 for g in groups)
    return 1.6 + ROW_INCHES * max(rows, 2)


def _draw_bar(ax: Any, row: ShareRow, y: float) -> Status:
    """A bar for a known share, its value written at its end; returns the status drawn."""
    finding = row.finding
    assert row.value is not None
    status = finding.status if finding.status in COLOURS else Status.MEASURED
    (bar,) = ax.barh(
        y,
        row.value * 100,
        height=0.7,
        color=COLOURS[status],
        hatch=FAIL_HATCH if status is Status.FAIL else None,
        edgecolor="white",
    )
    bar.set_gid(finding.id)
    ax.text(row.value * 100, y, f" {finding.actual}", va="center", ha="left", fontsize=8)
    return status


def _draw_unknown(ax: Any, row: ShareRow, y: float) -> float:
    """No bar for an unknown share: the words, and the bounds when there are; returns the
    largest share drawn."""
    finding = row.finding
    end = 0.0
    if row.low is not None and row.high is not None:
        (bounds,) = ax.plot(
            [row.low * 100, row.high * 100],
            [y, y],
            color=UNKNOWN_COLOUR,
            marker="|",
            markersize=8,
            linewidth=1.5,
        )
        bounds.set_gid(f"bounds:{finding.id}")
        end = row.high * 100
    ax.text(
        end,
        y,
        " insufficient data",
        va="center",
        ha="left",
        fontsize=8,
        style="italic",
        color=UNKNOWN_COLOUR,
        gid=f"unknown:{finding.id}",
    )
    return end / 100


def draw_share_groups(ax: Any, groups: Sequence[ShareGroup], *, empty: str) -> None:
    """Draw ``groups`` on ``ax``: one bar per known share, a labelled row per unknown one.

    Every bar's ``gid`` is its finding's id, every threshold line's is
    ``"threshold:<check id>"`` and every range's ``"bounds:<finding id>"``, so
    the drawing can be checked against the findings.
    """
    if not groups:
        ax.text(0.5, 0.5, empty, ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        ax.set_xlim(0, 100)
        return
    ticks: list[float] = []
    labels: list[str] = []
    statuses: set[Status] = set()
    unknown = False
    largest = 1.0
    y = 0.0
    for group in groups:
        heading = y
        ax.text(
            0.005,  # in axes coordinates: clear of the spine whatever the shares
            heading,
            group.label,
            transform=ax.get_yaxis_transform(),
            fontweight="bold",
            va="center",
            ha="left",
            fontsize=9,
            gid=f"group:{group.check_id}",
        )
        y += 1
        top_row = y
        for row in group.rows:
            ticks.append(y)
            labels.append(row.finding.subject_id)
            if row.value is not None:
                statuses.add(_draw_bar(ax, row, y))
                largest = max(largest, row.value)
            else:
                unknown = True
                largest = max(largest, _draw_unknown(ax, row, y))
            y += 1
        if group.threshold is not None:
            line = ax.vlines(
                group.threshold * 100,
                top_row - 0.5,
                y - 0.5,
                colors=THRESHOLD_COLOUR,
                linestyles="--",
                linewidth=1.2,
            )
            line.set_gid(f"threshold:{group.check_id}")
            largest = max(largest, group.threshold)
        y += 0.5
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.set_ylim(y - 0.5, -1)  # first group at the top
    # Room on the right for the value labels; shares above 100% (bad data) still fit.
    ax.set_xlim(0, max(100.0, largest * 100) * 1.15)
    ax.grid(axis="x", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    handles = _legend_handles(statuses, any(g.threshold is not None for g in groups), unknown)
    if handles:
        # Beside the axes, where no bar can run under it.
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)


@in_language
def share_figure(
    findings: Report | Iterable[Finding],
    checks: Sequence[str],
    *,
    subject_kind: str | None,
    top: int,
    ax: Any,
    caller: str,
    what: str,
    title: str,
    xlabel: str,
) -> Any:
    """One bar chart of shares against thresholds: the layout both share plots use."""
    groups = share_groups(findings, checks, subject_kind=subject_kind, top=top)
    figure, axes = axes_for(ax, caller, (8.0, figure_height(groups)))
    where = f"{subject_kind} " if subject_kind else ""
    draw_share_groups(axes, groups, empty=f"no {where}{what} finding to plot")
    if any(g.cut for g in groups):
        title += f" (the {top} worst per rule)"
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(subject_kind or "subject")
    return figure
