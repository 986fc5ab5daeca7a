"""Reconciliation: do reported totals agree with the sum of their parts?

Every :class:`~industrial_policy.records.reported.ReportedFigure` is checked two ways:

* against the records: the zones of the dataset in the figure's scope are
  counted or their areas summed (only when at least one zone is in scope;
  with none, the check is reported as not possible, not as a zero);
* against its declared parts: the sum of the other reported figures it
  names in ``parts``;
* against the same quantity published elsewhere (``same_as``).

A figure published as a bound ("more than 6,000 ha") agrees with any value
it allows: Hải Phòng's 15 new parks of 6,418 ha, said elsewhere to cover more
than 6,000 ha, are consistent.

Quang Nam reports 14 parks of 3,676 ha, made of 2,954 ha in the Chu Lai
Open Economic Zone and 716 ha outside it; 2,954 + 716 = 3,670, so the
report differs from its parts by 6 ha, and :func:`reconcile` says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import attrs

from industrial_policy.comparators import Comparator
from industrial_policy.dataset import Dataset
from industrial_policy.display import html_table
from industrial_policy.i18n import translate
from industrial_policy.records.reported import (
    Figure,
    ReportedFigure,
    ReportedMetric,
    figure_text,
    stated,
)
from industrial_policy.units import area_to_hectares, parse_area, registry

__all__ = ["ReconciliationCheck", "ReconciliationReport", "reconcile"]

Basis = Literal["records", "parts", "same"]


@attrs.frozen
class ReconciliationCheck:
    """One reported figure compared with what it should equal.

    ``difference`` is reported minus computed, in the reported figure's
    unit; ``computed`` is ``None`` when there was nothing to compare with.
    ``comparator`` is how the reported figure was published (``None``:
    exactly), ``computed_comparator`` how the figure it is compared with was,
    when that is another reported figure or a sum of them (``"between"``
    ``computed`` and ``computed_upper`` when parts bound it both ways); a
    bound agrees with every value it allows.
    """

    figure_id: str
    description: str
    basis: Basis
    reported: Figure
    computed: Figure | None
    difference: Figure | None
    agrees: bool | None
    contributors: tuple[str, ...]
    comparator: Comparator | None = None
    computed_comparator: Comparator | None = None
    computed_upper: Figure | None = None

    def __str__(self) -> str:
        """The check in one line, in the current language (:mod:`industrial_policy.i18n`)."""
        return translate(self._text())

    def _text(self) -> str:
        if self.computed is None:
            return f"{self.figure_id}: {self.description}: nothing to compare ({self.basis})"
        verdict = "agrees" if self.agrees else "DISAGREES"
        against = {
            "records": "sum of records",
            "parts": "sum of parts",
            "same": f"same as {', '.join(self.contributors)}",
        }[self.basis]
        return (
            f"{self.figure_id}: reported {stated(self.reported, self.comparator)}, {against}"
            f" {stated(self.computed, self.computed_comparator, self.computed_upper)},"
            f" difference {figure_text(self.difference)} ({verdict})"
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
            "comparator": self.comparator.value if self.comparator else None,
            "computed_comparator": (
                self.computed_comparator.value if self.computed_comparator else None
            ),
            "computed_upper": number(self.computed_upper),
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
        return translate(f"{len(self.discrepancies)} of {len(self.checks)} checks disagree")

    def _repr_html_(self) -> str:
        def cell(value: Figure | None) -> str:
            return "" if value is None else figure_text(value)

        verdicts = {True: "agrees", False: "DISAGREES", None: "nothing to compare"}
        rows = [
            [
                c.figure_id,
                c.description,
                c.basis,
                stated(c.reported, c.comparator),
                ""
                if c.computed is None
                else stated(c.computed, c.computed_comparator, c.computed_upper),
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
                    _sum_range(figure, parts),
                )
            )
        if figure.same_as is not None:
            other = figures[figure.same_as]
            checks.append(
                _compare(
                    figure,
                    "same",
                    other.value,
                    (other.id,),
                    tolerance_ha,
                    _sum_range(figure, [other]),
                )
            )
    return ReconciliationReport(tuple(checks))


@attrs.frozen
class _Range:
    """The values a figure allows, in hectares or zones; an open end is not itself allowed."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False


def _number(value: Figure) -> float:
    """A count, or an area in hectares."""
    if isinstance(value, int):
        return float(value)
    return float(area_to_hectares((value,))[0])


def _figure_of(figure: ReportedFigure, number: float) -> Figure:
    """``number`` (zones or hectares) in the unit ``figure`` is written in."""
    if figure.metric is ReportedMetric.ZONE_COUNT:
        return round(number)
    return registry().Quantity(number, "hectare").to(figure.value.units)  # type: ignore[union-attr]


def _range_of(number: float, comparator: Comparator | None) -> _Range:
    # Counts and areas are never negative: "at most" starts from zero.
    if comparator is Comparator.AT_LEAST:
        return _Range(number, math.inf)
    if comparator is Comparator.MORE_THAN:
        return _Range(number, math.inf, low_open=True)
    if comparator is Comparator.AT_MOST:
        return _Range(0.0, number)
    if comparator is Comparator.LESS_THAN:
        return _Range(0.0, number, high_open=True)
    return _Range(number, number)


def _sum_range(figure: ReportedFigure, parts: Sequence[ReportedFigure]) -> _Range:
    """What the figures ``parts`` allow their sum to be."""
    ranges = [_range_of(_number(part.value), part.comparator) for part in parts]
    return _Range(
        sum(r.low for r in ranges),
        sum(r.high for r in ranges),
        any(r.low_open for r in ranges),
        any(r.high_open for r in ranges),
    )


def _overlap(a: _Range, b: _Range, tolerance: float, scale: float) -> bool:
    """Whether one value can lie in both ranges, ``tolerance`` apart at most."""
    # Float noise from unit conversions is not a disagreement; at an open end it is no room.
    noise = 1e-9 * max(scale, 1.0)

    def reaches(top: float, top_open: bool, bottom: float, bottom_open: bool) -> bool:
        room = top - bottom  # a low end is never infinite, so never inf - inf
        if top_open or bottom_open:
            return room > noise - tolerance
        return room >= -(tolerance + noise)

    return reaches(a.high, a.high_open, b.low, b.low_open) and reaches(
        b.high, b.high_open, a.low, a.low_open
    )


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
        return _nothing_to_compare(figure, _description(figure), ())
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
            description = f"{_description(figure)} ({what} not recorded for {', '.join(missing)})"
            return _nothing_to_compare(figure, description, tuple(z.id for z in zones))
        computed = _total(figure, areas)  # type: ignore[arg-type]
    return _compare(figure, "records", computed, tuple(z.id for z in zones), tolerance_ha)


def _nothing_to_compare(
    figure: ReportedFigure, description: str, contributors: tuple[str, ...]
) -> ReconciliationCheck:
    return ReconciliationCheck(
        figure.id,
        description,
        "records",
        figure.value,
        None,
        None,
        None,
        contributors,
        figure.comparator,
    )


def _compare(
    figure: ReportedFigure,
    basis: Basis,
    computed: Figure,
    contributors: tuple[str, ...],
    tolerance_ha: float,
    allowed: _Range | None = None,
) -> ReconciliationCheck:
    """``figure`` against ``computed`` (exact), or against the values ``allowed`` admits
    (other reported figures, some published as bounds: ``computed`` is their stated sum)."""
    reported = _number(figure.value)
    other = allowed if allowed is not None else _range_of(_number(computed), None)
    comparator, upper = _bound_of(other)
    if comparator is not None:
        # Shown as the bound it is: "at least 3 ha", "between 3 and 5 ha".
        bottom = math.isinf(other.high) or comparator is Comparator.BETWEEN
        computed = _figure_of(figure, other.low if bottom else other.high)
    upper_figure = _figure_of(figure, upper) if upper is not None else None
    tolerance = 0.0 if isinstance(figure.value, int) else tolerance_ha
    return ReconciliationCheck(
        figure.id,
        _description(figure),
        basis,
        figure.value,
        computed,
        figure.value - computed,
        _overlap(_range_of(reported, figure.comparator), other, tolerance, reported),
        contributors,
        figure.comparator,
        comparator,
        upper_figure,
    )


def _bound_of(allowed: _Range) -> tuple[Comparator | None, float | None]:
    """How a range is stated: exact (``None``), a bound, or between two numbers."""
    if allowed.low == allowed.high:
        return None, None
    if math.isinf(allowed.high):
        return (Comparator.MORE_THAN if allowed.low_open else Comparator.AT_LEAST), None
    if allowed.low == 0:
        return (Comparator.LESS_THAN if allowed.high_open else Comparator.AT_MOST), None
    return Comparator.BETWEEN, allowed.high


def _description(figure: ReportedFigure) -> str:
    if figure.description:
        return figure.description
    what = (
        "number of" if figure.metric is ReportedMetric.ZONE_COUNT else f"{figure.metric.value} of"
    )
    return f"{what} {figure.scope.describe()}"
