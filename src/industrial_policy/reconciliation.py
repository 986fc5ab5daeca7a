"""Reconciliation: do reported totals agree with the sum of their parts?

Every :class:`~industrial_policy.reported.ReportedFigure` is checked two ways:

* against the records: the zones of the dataset in the figure's scope are
  counted or their areas summed (only when at least one zone is in scope;
  with none, the check is reported as not possible, not as a zero);
* against its declared parts: the sum of the other reported figures it
  names in ``parts``.

Quang Nam reports 14 parks of 3,676 ha, made of 2,954 ha in the Chu Lai
Open Economic Zone and 716 ha outside it; 2,954 + 716 = 3,670, so the
report differs from its parts by 6 ha, and :func:`reconcile` says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs
import pint

from industrial_policy.dataset import Dataset
from industrial_policy.reported import ReportedFigure, ReportedMetric
from industrial_policy.units import area_to_hectares, format_area, parse_area, registry

__all__ = ["ReconciliationCheck", "ReconciliationReport", "reconcile"]

Basis = Literal["records", "parts"]
Figure = int | pint.Quantity[Any]


def _text(value: Figure | None) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}"
    unit = format_area(value).split(" ", 1)[1]
    return f"{float(value.magnitude):,.10g} {unit}"


@attrs.frozen
class ReconciliationCheck:
    """One reported figure compared with what it should equal.

    ``difference`` is reported minus computed, in the reported figure's
    unit; ``computed`` is ``None`` when there was nothing to compare with.
    """

    figure_id: str
    description: str
    basis: Basis
    reported: Figure
    computed: Figure | None
    difference: Figure | None
    agrees: bool | None
    contributors: tuple[str, ...]

    def __str__(self) -> str:
        if self.computed is None:
            return f"{self.figure_id}: {self.description}: nothing to compare ({self.basis})"
        verdict = "agrees" if self.agrees else "DISAGREES"
        return (
            f"{self.figure_id}: reported {_text(self.reported)}, sum of {self.basis}"
            f" {_text(self.computed)}, difference {_text(self.difference)} ({verdict})"
        )

    def __repr__(self) -> str:
        return f"<ReconciliationCheck {self}>"

    def to_dict(self) -> dict[str, Any]:
        unit = None if isinstance(self.reported, int) else str(self.reported.units)

        def number(value: Figure | None) -> float | int | None:
            if value is None or isinstance(value, int):
                return value
            return float(value.to(self.reported.units).magnitude)  # type: ignore[union-attr]

        return {
            "figure_id": self.figure_id,
            "description": self.description,
            "basis": self.basis,
            "reported": number(self.reported),
            "computed": number(self.computed),
            "difference": number(self.difference),
            "unit": unit,
            "agrees": self.agrees,
            "contributors": list(self.contributors),
        }


@attrs.frozen
class ReconciliationReport:
    checks: tuple[ReconciliationCheck, ...]

    @property
    def discrepancies(self) -> tuple[ReconciliationCheck, ...]:
        """The checks whose reported figure disagrees with its parts or records."""
        return tuple(check for check in self.checks if check.agrees is False)

    @property
    def ok(self) -> bool:
        return not self.discrepancies

    def __iter__(self) -> Iterator[ReconciliationCheck]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __str__(self) -> str:
        if not self.checks:
            return "no reported figures to reconcile"
        lines = [self._summary()]
        lines.extend(f"  {check}" for check in self.checks)
        return "\n".join(lines)

    __repr__ = __str__

    def _summary(self) -> str:
        return f"{len(self.discrepancies)} of {len(self.checks)} checks disagree"

    def _repr_html_(self) -> str:
        from industrial_policy.display import html_table

        def cell(value: Figure | None) -> str:
            return "" if value is None else _text(value)

        verdicts = {True: "agrees", False: "DISAGREES", None: "nothing to compare"}
        rows = [
            [
                c.figure_id,
                c.description,
                c.basis,
                cell(c.reported),
                cell(c.computed),
                cell(c.difference),
                verdicts[c.agrees],
            ]
            for c in self.checks
        ]
        headers = ["figure", "description", "against", "reported", "computed", "difference", ""]
        return html_table(headers, rows, self._summary())

    def to_dicts(self) -> list[dict[str, Any]]:
        return [check.to_dict() for check in self.checks]


def reconcile(dataset: Dataset, *, area_tolerance: object = "0 ha") -> ReconciliationReport:
    """Check every reported figure against the records and against its parts.

    ``area_tolerance`` (an area) is the difference still taken as agreement,
    for figures published rounded; counts must agree exactly.
    """
    tolerance_ha = float(area_to_hectares((parse_area(area_tolerance, field="area_tolerance"),))[0])
    figures = {figure.id: figure for figure in dataset.reported}
    checks: list[ReconciliationCheck] = []
    for figure in dataset.reported:
        checks.append(_against_records(dataset, figure, tolerance_ha))
        if figure.parts:
            parts = [figures[part] for part in figure.parts]
            checks.append(
                _compare(
                    figure,
                    "parts",
                    _total(figure, [part.value for part in parts]),
                    tuple(part.id for part in parts),
                    tolerance_ha,
                )
            )
    return ReconciliationReport(tuple(checks))


def _total(figure: ReportedFigure, values: list[Figure]) -> Figure:
    if figure.metric is ReportedMetric.ZONE_COUNT:
        return sum(int(v) for v in values)
    hectares = float(area_to_hectares(values).sum())  # type: ignore[arg-type]
    return registry().Quantity(hectares, "hectare").to(figure.value.units)  # type: ignore[union-attr]


def _against_records(
    dataset: Dataset, figure: ReportedFigure, tolerance_ha: float
) -> ReconciliationCheck:
    zones = dataset.zones_in(figure.scope)
    if not zones:
        return ReconciliationCheck(
            figure.id, _description(figure), "records", figure.value, None, None, None, ()
        )
    if figure.metric is ReportedMetric.ZONE_COUNT:
        computed: Figure = len(zones)
    else:
        areas = [
            zone.total_area
            if figure.metric is ReportedMetric.TOTAL_AREA
            else zone.industrial_land_area
            for zone in zones
        ]
        if any(area is None for area in areas):
            missing = [z.id for z, a in zip(zones, areas, strict=True) if a is None]
            what = figure.metric.value.replace("_", " ")
            return ReconciliationCheck(
                figure.id,
                f"{_description(figure)} ({what} not recorded for {', '.join(missing)})",
                "records",
                figure.value,
                None,
                None,
                None,
                tuple(z.id for z in zones),
            )
        computed = _total(figure, areas)  # type: ignore[arg-type]
    return _compare(figure, "records", computed, tuple(z.id for z in zones), tolerance_ha)


def _compare(
    figure: ReportedFigure,
    basis: Basis,
    computed: Figure,
    contributors: tuple[str, ...],
    tolerance_ha: float,
) -> ReconciliationCheck:
    if isinstance(figure.value, int):
        difference: Figure = figure.value - int(computed)
        agrees = difference == 0
    else:
        difference = figure.value - computed
        diff_ha = abs(float(area_to_hectares((difference,))[0]))  # type: ignore[arg-type]
        reported_ha = float(area_to_hectares((figure.value,))[0])
        agrees = diff_ha <= tolerance_ha + 1e-9 * max(reported_ha, 1.0)
    return ReconciliationCheck(
        figure.id,
        _description(figure),
        basis,
        figure.value,
        computed,
        difference,
        agrees,
        contributors,
    )


def _description(figure: ReportedFigure) -> str:
    if figure.description:
        return figure.description
    what = (
        "number of" if figure.metric is ReportedMetric.ZONE_COUNT else f"{figure.metric.value} of"
    )
    return f"{what} {figure.scope.describe()}"
