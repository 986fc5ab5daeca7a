"""The plotting backend of :meth:`Report.plot <industrial_policy.findings.Report.plot>`.

A report sits on the findings floor, below the plots: it may not import them. As pandas'
``DataFrame.plot`` looks its backend up by name (``pandas.options.plotting.backend``,
``"matplotlib"`` by default), ``report.plot(kind, dataset)`` imports the module named
:data:`~industrial_policy.findings.PLOT_BACKEND`, this package, by its name
(:func:`industrial_policy.extras.backend`) and calls its ``plot(report, dataset, kind=...,
**kwargs)``. Another module with a function of that signature can be named with
``report.plot(..., backend="my_package.plots")``.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Report
from industrial_policy.plots.inline import MAX_TARGET_FIGURES, Figures, plot_report, plot_targets
from industrial_policy.plots.occupancy import plot_occupancy
from industrial_policy.plots.quotas import plot_quota_shares

__all__ = ["KINDS", "plot"]

KINDS = ("report", "quotas", "occupancy", "targets")
"""The kinds of :func:`plot`: every figure of the report (the default), the land quotas, the
occupancy, the targets' trajectories."""


@overload
def plot(
    report: Report,
    dataset: Dataset | None = None,
    *,
    kind: Literal["report"] | None = None,
    top: int = 25,
    max_targets: int = MAX_TARGET_FIGURES,
) -> Figures: ...
@overload
def plot(
    report: Report,
    dataset: Dataset | None = None,
    *,
    kind: Literal["targets"],
    max_targets: int = MAX_TARGET_FIGURES,
) -> Figures: ...
@overload
def plot(report: Report, dataset: Dataset | None = None, *, kind: str, **kwargs: Any) -> Any: ...
def plot(
    report: Report, dataset: Dataset | None = None, *, kind: str | None = None, **kwargs: Any
) -> Any:
    """The figures of ``report`` of one ``kind`` (:data:`KINDS`); ``kwargs`` go to the plot
    function of that kind.

    * ``None`` or ``"report"``: every figure that applies, :func:`~industrial_policy.plots.
      plot_report` (``top``, ``max_targets``), a list of figures;
    * ``"quotas"``: :func:`~industrial_policy.plots.plot_quota_shares` (``top``, ``ax``...),
      one figure;
    * ``"occupancy"``: :func:`~industrial_policy.plots.plot_occupancy` (``threshold``,
      ``top``, ``ax``...), one figure;
    * ``"targets"``: :func:`~industrial_policy.plots.plot_targets` (``max_targets``), a list
      of figures, a trajectory per target.

    ``ip.plot(report, dataset)`` and ``report.plot(dataset=dataset)`` are this function.
    """
    if kind is None or kind == "report":
        return plot_report(report, dataset, **kwargs)
    if kind == "quotas":
        return plot_quota_shares(report, **kwargs)
    if kind == "occupancy":
        return plot_occupancy(report, **kwargs)
    if kind == "targets":
        return plot_targets(report, dataset, **kwargs)
    raise InvalidValueError(
        f"is not a kind of plot of a report: one of {', '.join(map(repr, KINDS))}",
        value=kind,
        field="kind",
    )
