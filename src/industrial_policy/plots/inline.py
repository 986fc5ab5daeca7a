"""Figures as inline SVG, for one self-contained HTML page.

:func:`report_figures` draws the figures that apply to a report and returns
each as an ``<figure>`` holding an inline ``<svg>``, ready for
:func:`industrial_policy.findings.report_page`. Without matplotlib it returns
an empty list, so the HTML report of the core install still works (with the
tables only).

The SVG is cleaned for inlining (:func:`figure_svg`): no XML prolog, no
metadata, no namespace URLs (HTML needs none for inline SVG), text kept as
text, ids prefixed so that several figures on one page never share an id,
and no timestamp, so the same report gives the same bytes.
"""

from __future__ import annotations

import importlib
import io
import re
from typing import Any

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Finding, Report, Status
from industrial_policy.plots._bars import share_groups
from industrial_policy.plots._matplotlib import has_matplotlib, require_matplotlib
from industrial_policy.plots.occupancy import OCCUPANCY_CHECKS, plot_occupancy
from industrial_policy.plots.quotas import QUOTA_CHECKS, plot_quota_shares
from industrial_policy.plots.trajectory import plot_target_trajectory, track_history
from industrial_policy.records.rate_targets import RateTarget
from industrial_policy.records.targets import Target

__all__ = [
    "MAX_TARGET_FIGURES",
    "Figures",
    "figure_svg",
    "plot_report",
    "plot_targets",
    "report_figures",
]

MAX_TARGET_FIGURES = 12
""":func:`report_figures` draws at most this many target trajectories (the first in the report)."""

_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(id="|href="#|url\(#)([^")]+)')


def _prefixed(svg: str, prefix: str) -> str:
    ids = set(_ID.findall(svg))

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return match.group(1) + (prefix + name if name in ids else name)

    return _REFERENCE.sub(rename, svg)


def figure_svg(figure: Any, *, prefix: str = "ip-") -> str:
    """``figure`` as an ``<svg>`` element to put inside an HTML page.

    ``prefix`` starts every id in the SVG: give each figure of a page its
    own. The SVG scales to the width of the page.
    """
    require_matplotlib("figure_svg")
    matplotlib: Any = importlib.import_module("matplotlib")

    buffer = io.StringIO()
    # Text stays text (searchable, small); the salt makes clip-path ids the same on every run.
    settings = {"svg.fonttype": "none", "svg.hashsalt": prefix, "svg.image_inline": True}
    with matplotlib.rc_context(settings):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.DOTALL)
    # Inline SVG in HTML needs no namespace declarations; xlink:href is plain href in SVG 2.
    svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", svg)
    svg = svg.replace("xlink:href=", "href=")
    svg = _prefixed(svg, prefix)
    # matplotlib's stylesheet selects "*": keep it to this figure, not the whole page.
    svg = svg.replace('<style type="text/css">*{', f'<style type="text/css">#{prefix}svg *{{', 1)
    title = " / ".join(ax.get_title() for ax in figure.axes if ax.get_title())
    label = title.replace("\n", " ").replace("&", "&amp;").replace('"', "&quot;")
    label = label.replace("<", "&lt;")
    return svg.replace(
        "<svg ",
        f'<svg id="{prefix}svg" role="img" aria-label="{label}"'
        ' style="max-width: 100%; height: auto" ',
        1,
    ).strip()


def _target_of(finding: Finding, dataset: Dataset | None) -> Target | RateTarget | None:
    if dataset is None:
        return None
    for target in dataset.targets:
        if target.id == finding.check_id:
            return target
    for rate_target in dataset.rate_targets:
        if f"rate_target.{rate_target.id}" == finding.check_id:
            return rate_target
    return None


def _drawable(finding: Finding) -> bool:
    """A target finding with a number to draw (not one that does not apply yet)."""
    if finding.kind != "target" or finding.status is Status.NOT_APPLICABLE:
        return False
    return finding.actual is not None or any(v is not None for v in finding.details.values())


def _trajectory(finding: Finding, dataset: Dataset | None, as_of: Any) -> Any:
    target = _target_of(finding, dataset)
    history: list[Finding] = [finding]
    if isinstance(target, Target) and dataset is not None:
        # The earlier days come from the dataset; the last is the report's own finding.
        earlier = track_history(dataset, target, as_of)[:-1]
        history = [f for f in earlier if f.subject_id == finding.subject_id] + [finding]
    return plot_target_trajectory(history, target)


def report_figures(
    report: Report,
    dataset: Dataset | None = None,
    *,
    top: int = 25,
    max_targets: int = MAX_TARGET_FIGURES,
) -> list[str]:
    """The figures that apply to ``report``, each a ``<figure>`` with an inline ``<svg>``.

    * the land quotas by zone (:func:`~industrial_policy.plots.plot_quota_shares`),
      when the report has quota findings on zones;
    * occupancy by zone (:func:`~industrial_policy.plots.plot_occupancy`),
      when it has occupancy findings on zones;
    * a trajectory per target finding with a number to draw, at most
      ``max_targets``. With ``dataset`` (the one the report evaluated), each
      target's deadline and baseline are placed and its history is tracked
      from the dataset (:func:`~industrial_policy.plots.track_history`).

    Bar charts show at most ``top`` zones per rule, the worst first. Returns
    ``[]`` when matplotlib is not installed: the page is then the tables
    alone. Pass the result to :func:`industrial_policy.findings.report_page`.
    """
    if not has_matplotlib():
        _check_max_targets(max_targets)
        return []
    figures = plot_report(report, dataset, top=top, max_targets=max_targets)
    return [
        f'<figure class="ip-figure">{figure_svg(figure, prefix=f"ip-fig{n}-")}</figure>'
        for n, figure in enumerate(figures, start=1)
    ]


class Figures(list[Any]):
    """The figures of a report (matplotlib figures), shown together in a notebook."""

    def _repr_html_(self) -> str:
        return "".join(
            f'<figure class="ip-figure">{figure_svg(figure, prefix=f"ip-nb{id(self)}-{n}-")}'
            "</figure>"
            for n, figure in enumerate(self, start=1)
        )


def plot_report(
    report: Report,
    dataset: Dataset | None = None,
    *,
    top: int = 25,
    max_targets: int = MAX_TARGET_FIGURES,
) -> Figures:
    """The figures that apply to ``report`` (those :func:`report_figures` puts on the HTML
    page), as matplotlib figures: a list that a notebook displays as the figures
    themselves. Needs matplotlib.

    >>> import industrial_policy as ip
    >>> from industrial_policy.plots import plot_report
    >>> ds = ip.examples.load("hai-duong-2021")
    >>> figures = plot_report(ip.evaluate(ds, "2025-12-31"), ds)
    >>> print("; ".join(figure.axes[0].get_title().split(" on ")[0] for figure in figures[:2]))
    Land quotas by zone; Occupancy by zone
    """
    _check_max_targets(max_targets)
    require_matplotlib("plot_report")
    figures = Figures()
    if share_groups(report, QUOTA_CHECKS, subject_kind="zone", top=top):
        figures.append(plot_quota_shares(report, top=top))
    if share_groups(report, OCCUPANCY_CHECKS, subject_kind="zone", top=top):
        figures.append(plot_occupancy(report, top=top))
    figures.extend(plot_targets(report, dataset, max_targets=max_targets))
    return figures


def plot_targets(
    report: Report, dataset: Dataset | None = None, *, max_targets: int = MAX_TARGET_FIGURES
) -> Figures:
    """A trajectory per target finding of ``report`` with a number to draw, at most
    ``max_targets`` (the first in the report); with ``dataset`` (the one the report
    evaluated), each target's deadline, baseline and history are drawn. Needs matplotlib."""
    _check_max_targets(max_targets)
    require_matplotlib("plot_targets")
    targets = [f for f in report.findings if _drawable(f)][:max_targets]
    return Figures(_trajectory(f, dataset, report.as_of) for f in targets)


def _check_max_targets(max_targets: object) -> None:
    if isinstance(max_targets, bool) or not isinstance(max_targets, int) or max_targets < 0:
        raise InvalidValueError(
            "must be a whole number, 0 or more", value=max_targets, field="max_targets"
        )
