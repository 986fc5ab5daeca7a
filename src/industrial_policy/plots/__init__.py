"""Plots of results, with the ``[plot]`` extra: ``pip install 'industrial-policy[plot]'``.

* :func:`plot_target_trajectory`: a target's baseline, actual values,
  expected path, projection, target and deadline;
* :func:`plot_occupancy`: occupancy by zone against the rule's threshold;
* :func:`plot_quota_shares`: each zone's land-quota share against its
  threshold (hi-tech 20%, supporting industry 50%, ...);
* :func:`plot_report`: every figure that applies to a report, as a list a
  notebook displays (``ip.plot(report)`` is the same);
* :func:`plot_targets`: a trajectory per target finding of a report;
* :func:`plot`: the figures of a report of one kind (all of them, the quotas, the
  occupancy or the targets): the backend of ``report.plot(kind, dataset)``, found by
  its name (:mod:`industrial_policy.plots.backend`);
* :func:`report_figures`: the figures that apply to a report, as inline SVG
  for :func:`industrial_policy.findings.report_page` (``[]`` without
  matplotlib).

Each function returns a :class:`matplotlib.figure.Figure` (or draws on the
``ax`` it is given): nothing is shown or saved unless you ask
(``figure.savefig("occupancy.svg")``). In a notebook, the figure as the last
expression of a cell is displayed, with no ``%matplotlib`` magic: the figures
are of a subclass that shows itself as an image. matplotlib is imported when a plot is
drawn, never by ``import industrial_policy``; without it, the plot functions
raise :class:`MissingDependencyError`. See ``docs/plots.md``.
"""

from industrial_policy.plots._matplotlib import MissingDependencyError
from industrial_policy.plots.backend import KINDS, plot
from industrial_policy.plots.inline import (
    MAX_TARGET_FIGURES,
    Figures,
    figure_svg,
    plot_report,
    plot_targets,
    report_figures,
)
from industrial_policy.plots.occupancy import OCCUPANCY_CHECKS, plot_occupancy
from industrial_policy.plots.quotas import QUOTA_CHECKS, plot_quota_shares
from industrial_policy.plots.trajectory import (
    MAX_HISTORY_DATES,
    TargetTrajectory,
    plot_target_trajectory,
    track_history,
    trajectory_of,
)

__all__ = [
    "KINDS",
    "MAX_HISTORY_DATES",
    "MAX_TARGET_FIGURES",
    "OCCUPANCY_CHECKS",
    "QUOTA_CHECKS",
    "Figures",
    "MissingDependencyError",
    "TargetTrajectory",
    "figure_svg",
    "plot",
    "plot_occupancy",
    "plot_quota_shares",
    "plot_report",
    "plot_target_trajectory",
    "plot_targets",
    "report_figures",
    "track_history",
    "trajectory_of",
]
