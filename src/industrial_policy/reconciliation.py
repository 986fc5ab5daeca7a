"""Reconciliation: do reported totals agree with the sum of their parts?

Every :class:`~industrial_policy.records.reported.ReportedFigure` is checked two ways:

* against the records: the zones of the dataset in the figure's scope are
  counted or their areas summed (only when at least one zone is in scope;
  with none, the check is reported as not possible, not as a zero);
* against its declared parts: the sum of the other reported figures it
  names in ``parts``;
* against the same quantity published elsewhere (``same_as``).

A figure published as a bound ("more than 6000 ha") agrees with any value
it allows: Hải Phòng's 15 new parks of 6,418 ha, said elsewhere to cover more
than 6,000 ha, are consistent.

Quang Nam reports 14 parks of 3,676 ha, made of 2,954 ha in the Chu Lai
Open Economic Zone and 716 ha outside it; 2,954 + 716 = 3,670, so the
report differs from its parts by 6 ha, and :func:`reconcile` says so.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.amounts import Amount
from industrial_policy.columnar import CodedColumn
from industrial_policy.columnar.column import FloatArray
from industrial_policy.comparators import Comparator
from industrial_policy.dataset import Dataset
from industrial_policy.display import html_table
from industrial_policy.findings import Explanation, Finding, InputValue, Report, Status
from industrial_policy.i18n import translate
from industrial_policy.periods import parse_date
from industrial_policy.records.figures import FigureMeasure, PublishedFigure
from industrial_policy.records.reported import (
    Figure,
    ReportedFigure,
    ReportedMetric,
    figure_text,
    stated,
)
from industrial_policy.rules.measures import Frame, records_measure
from industrial_policy.rules.published import (
    figure_kinds,
    land_values,
    province_subjects,
)
from industrial_policy.rules.rule import Base, Measure, MeasureKind, Use
from industrial_policy.services.implied import implied_denominator
from industrial_policy.units import area_to_hectares, parse_area, registry

__all__ = [
    "DEFAULT_RATE_TOLERANCE",
    "DEFAULT_TOLERANCE",
    "RateCheck",
    "ReconciliationCheck",
    "ReconciliationReport",
    "check_rate",
    "cross_check",
    "reconcile",
    "weighted_rate",
]

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


# -- published figures: against the records, against each other, rates against their parts --------

DEFAULT_TOLERANCE = 0.01
"""Relative difference between a published amount and the same amount computed from records
(or from other figures) still taken as agreement: figures are published rounded."""

DEFAULT_RATE_TOLERANCE = 0.005
"""Difference between two rates (as fractions: 0.005 is half a percentage point) still taken as
agreement."""


def weighted_rate(rates: Sequence[float], weights: Sequence[float]) -> float:
    """The rate of a group from its parts' rates and weights (industrial land for occupancy,
    the number of procedures or dossiers for a service rate): ``Σ rate × weight ÷ Σ weight``.

    >>> weighted_rate([1.0, 0.5], [100.0, 300.0])
    0.625
    """
    r = np.asarray(rates, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    total = float(w.sum())
    return float((r * w).sum() / total) if total > 0 else math.nan


@attrs.frozen
class RateCheck:
    """A reported rate of a group against the weighted rate of its parts.

    ``agrees`` within the tolerance; ``mistake`` names the common mistake the
    reported rate matches when it disagrees (``"unweighted_mean"``: the plain
    mean of the parts' rates, which is wrong when the weights differ).
    """

    reported: float
    weighted: float
    unweighted: float
    agrees: bool
    mistake: str | None


def check_rate(
    reported: float,
    rates: Sequence[float],
    weights: Sequence[float],
    *,
    tolerance: float = DEFAULT_RATE_TOLERANCE,
) -> RateCheck:
    """``reported`` against the weighted rate of the parts (the order of the parts does not
    matter); a disagreement that equals the parts' unweighted mean says so.

    >>> check = check_rate(0.75, [1.0, 0.5], [100.0, 300.0])
    >>> check.agrees, check.weighted, check.mistake
    (False, 0.625, 'unweighted_mean')
    """
    r = np.asarray(rates, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    order = np.lexsort((w, r))  # summed in one order whatever the order of the parts
    r, w = r[order], w[order]
    weighted = weighted_rate(r.tolist(), w.tolist())
    unweighted = float(r.mean()) if len(r) else math.nan
    slack = tolerance + 1e-12
    agrees = abs(reported - weighted) <= slack
    mistake = None
    weights_differ = len(w) > 1 and float(w.max() - w.min()) > 1e-9 * float(w.max())
    if not agrees and weights_differ and abs(reported - unweighted) <= slack:
        mistake = "unweighted_mean"
    return RateCheck(reported, weighted, unweighted, agrees, mistake)


def cross_check(
    dataset: Dataset,
    *,
    as_of: dt.date | str | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    rate_tolerance: float = DEFAULT_RATE_TOLERANCE,
) -> Report:
    """Every published figure that can be checked, as findings of kind ``"reconciliation"``.

    * **against the records** (``cross-check.<figure id>``): a zone's figure
      against its parcels and its own record (land leased, available,
      reserved or leased by category, industrial land, occupancy), computed on
      the figure's date; a province's land figure against the sum of its
      zones when every one of them has parcels recorded;
    * **accounting identities** (``identity.<...>/<subject>``) among the
      figures of one subject and date: ``leased + available = industrial
      land``, ``occupancy = leased ÷ industrial land``, ``online rate =
      online procedures ÷ procedures``;
    * **a group's rate against its parts** (``rate.<figure id>``): a
      province's occupancy rate against its zones' rates weighted by their
      industrial land; a disagreement that equals the unweighted mean of the
      zones' rates says so.

    A figure dated after ``as_of`` is left out. Amounts agree within
    ``tolerance`` (relative), rates within ``rate_tolerance`` (a fraction:
    0.005 is half a percentage point). Each finding says what it is computed
    from and who reported what.

    >>> import industrial_policy as ip
    >>> ds = ip.Dataset(
    ...     zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="P",
    ...                    industrial_land_area="100 ha")],
    ...     parcels=[ip.Parcel(id="a-1", zone_id="a", area="60 ha", status="leased",
    ...                        lease_start="2020-01-01")],
    ...     published=[ip.PublishedFigure(id="a-leased", measure="leased", value="70 ha",
    ...                                 zone_id="a", on="2024-12-31", source="S")])
    >>> f = cross_check(ds, as_of="2024-12-31")["cross-check.a-leased/a"]
    >>> f.status.value, str(f.actual), str(f.threshold), str(f.gap)
    ('fail', '60 ha', '70 ha', '-10 ha')
    """
    settings_day = dataset.evaluation.as_of if dataset.evaluation is not None else None
    day = parse_date(as_of, field="as_of") if as_of is not None else settings_day
    day = day or dt.date.today()
    checker = _FigureChecks(dataset, day, tolerance, rate_tolerance)
    reported = _reported_findings(dataset, day) if len(dataset.reported) else []
    return Report((*reported, *checker.findings()), day, dataset.name)


_AGAINST = {
    "records": "the records of the zones in its scope",
    "parts": "the sum of its parts",
    "same": "the same quantity published elsewhere",
}


def _amount(value: Figure) -> Amount:
    """A count, or an area in hectares (whatever unit it was written in)."""
    return Amount.count(value) if isinstance(value, int) else Amount.hectares(_number(value))


def _reported_findings(dataset: Dataset, day: dt.date) -> list[Finding]:
    """The checks of :func:`reconcile` that compare something, as findings
    (``reconcile.<records|parts|same>/<figure id>``)."""
    findings = []
    for check in reconcile(dataset):
        if check.agrees is None or check.computed is None:
            continue
        figure = dataset.figure(check.figure_id)
        source = f"reported by {figure.source}" if figure.source else "reported"
        when = f" as of {figure.as_of}" if figure.as_of else ""
        findings.append(
            Finding(
                f"reconcile.{check.basis}",
                "reconciliation",
                f"A reported total against {_AGAINST[check.basis]}",
                check.figure_id,
                Status.PASS if check.agrees else Status.FAIL,
                figure.as_of or day,
                Explanation(
                    f"{check.description}: reported figure = {_AGAINST[check.basis]}",
                    inputs=(
                        InputValue(
                            "reported",
                            _amount(check.reported),
                            (check.figure_id,),
                            None,
                            figure.source,
                        ),
                        InputValue.from_records(
                            _AGAINST[check.basis], _amount(check.computed), check.contributors
                        ),
                    ),
                    steps=(str(check),),
                ),
                subject_kind="reported figure",
                actual=_amount(check.computed),
                threshold=_amount(check.reported),
                # An exact figure must be met exactly (within the tolerance, zero by default).
                threshold_upper=None
                if check.comparator
                else Amount(0, _amount(check.reported).unit),
                comparator=check.comparator or Comparator.ABOUT,
                gap=_amount(check.difference) if check.difference is not None else None,
                basis=f"{source}{when}; compared with {_AGAINST[check.basis]}",
            )
        )
    return findings


_OCCUPANCY = Measure(kind=MeasureKind.OCCUPANCY)

_LAND = frozenset(
    {
        FigureMeasure.INDUSTRIAL_LAND,
        FigureMeasure.LEASED,
        FigureMeasure.AVAILABLE,
        FigureMeasure.RESERVED,
        FigureMeasure.OCCUPANCY_RATE,
    }
)


class _FigureChecks:
    """The checks of one dataset's published figures on one day."""

    def __init__(self, dataset: Dataset, day: dt.date, tolerance: float, rate_tolerance: float):
        self.dataset = dataset
        self.day = day
        self.tolerance = tolerance
        self.rate_tolerance = rate_tolerance
        self.figures = dataset.published
        self.frames: dict[dt.date, Frame] = {}
        self.zone_ids = dataset.columns.zones.ids
        index = {zone: i for i, zone in enumerate(self.zone_ids)}
        self.zone_of = self.figures.typed("zone_id", CodedColumn).positions(index)
        provinces, self.province_names = Frame(dataset, day).zone_codes("province")
        self.zone_province = provinces
        self.province_of, self.province_names = province_subjects(self.figures, self.province_names)
        self.kinds = figure_kinds(self.figures)

    def frame(self, day: dt.date) -> Frame:
        if day not in self.frames:
            self.frames[day] = Frame(self.dataset, day)
        return self.frames[day]

    def findings(self) -> Iterator[Finding]:
        rows = [r for r, f in enumerate(self.figures) if f.day <= self.day]
        for r in rows:
            figure = self.figures[r]
            if figure.measure not in _LAND:
                continue
            if figure.zone_id is not None:
                yield from self._zone_against_records(r, figure)
            elif figure.measure is FigureMeasure.OCCUPANCY_RATE:
                yield from self._province_rate(r, figure)
            else:
                yield from self._province_against_records(r, figure)
        yield from self._identities(rows)

    # -- against the records ---------------------------------------------------------------

    def _records(self, day: dt.date, spec: Measure) -> FloatArray:
        return records_measure(self.frame(day), spec).low

    def _zone_record_value(self, z: int, figure: PublishedFigure) -> tuple[float, str] | None:
        """What the records say of ``figure``'s measure for zone ``z``, and in words."""
        frame = self.frame(figure.day)
        industrial = float(frame.zones.industrial_ha[z])
        if figure.measure is FigureMeasure.INDUSTRIAL_LAND:
            return None if math.isnan(industrial) else (industrial, "the zone's record")
        if frame.parcel_count[z] == 0:
            return None
        count = int(frame.parcel_count[z])
        parcels = f"{count:,} {'parcel' if count == 1 else 'parcels'}"
        if figure.category is not None:
            use = Use.RESERVED if figure.measure is FigureMeasure.RESERVED else Use.LEASED
            spec = Measure(
                kind=MeasureKind.CATEGORY_SHARE,
                categories=frozenset({figure.category}),
                use=use,
                base=Base.INDUSTRIAL_LAND,
            )
            return float(self._records(figure.day, spec)[z]), parcels
        leased = float(self._records(figure.day, _OCCUPANCY)[z])
        if figure.measure is FigureMeasure.LEASED:
            return leased, parcels
        if math.isnan(industrial):
            return None
        if figure.measure is FigureMeasure.AVAILABLE:
            return industrial - leased, f"the zone's industrial land less the leased {parcels}"
        if figure.measure is FigureMeasure.OCCUPANCY_RATE and industrial > 0:
            return leased / industrial, f"the leased {parcels} ÷ the zone's industrial land"
        return None

    def _zone_against_records(self, row: int, figure: PublishedFigure) -> Iterator[Finding]:
        z = int(self.zone_of[row])
        found = self._zone_record_value(z, figure)
        if found is None:
            return
        computed, words = found
        yield self._compared(
            f"cross-check.{figure.id}",
            f"{_figure_title(figure)}: published figure against the records",
            figure,
            computed,
            f"computed from {words}",
        )

    def _province_zones(self, row: int, figure: PublishedFigure) -> npt.NDArray[np.int64]:
        """The zones of the figure's province and kinds."""
        frame = self.frame(figure.day)
        mask = (self.zone_province == self.province_of[row]) & frame.zones.of_kinds(self.kinds[row])
        return np.flatnonzero(mask)

    def _province_against_records(self, row: int, figure: PublishedFigure) -> Iterator[Finding]:
        zones = self._province_zones(row, figure)
        if not len(zones):
            return
        values = []
        for z in zones.tolist():
            found = self._zone_record_value(z, figure)
            if found is None:
                return  # a zone whose records cannot say: no sum to compare with
            values.append(found[0])
        yield self._compared(
            f"cross-check.{figure.id}",
            f"{_figure_title(figure)}: published figure against the sum of its zones",
            figure,
            float(np.sum(values)),
            f"computed from the records of {len(zones):,} zones",
        )

    def _province_rate(self, row: int, figure: PublishedFigure) -> Iterator[Finding]:
        """A province's occupancy rate against its zones' rates weighted by industrial land."""
        zones = self._province_zones(row, figure)
        if not len(zones):
            return
        frame = self.frame(figure.day)
        leased = records_measure(frame, _OCCUPANCY).low
        recorded = frame.parcel_count > 0
        accounts = frame.accounts
        industrial = np.where(
            np.isnan(frame.zones.industrial_ha), accounts.industrial, frame.zones.industrial_ha
        )
        published = land_values(_OCCUPANCY, accounts, industrial, industrial)
        assert published is not None  # occupancy is always measured from figures
        rates = np.where(
            recorded,
            leased / np.where(industrial > 0, industrial, np.nan),
            # A zone's figure published as a bound ("over 90%") gives no rate to weigh.
            np.where(
                published.low != published.high,
                np.nan,
                np.where(published.rate_only, published.low, published.low / published.base),
            ),
        )[zones]
        weights = industrial[zones]
        usable = np.isfinite(rates * weights)
        lacking = [self.zone_ids[z] for z in zones[~usable].tolist()]
        check_id = f"rate.{figure.id}"
        title = f"{_figure_title(figure)}: published rate against its zones' weighted rate"
        reported = float(figure.value.value)
        if lacking:
            yield Finding(
                check_id,
                "reconciliation",
                title,
                figure.subject,
                Status.INSUFFICIENT_DATA,
                figure.day,
                Explanation(
                    "occupancy of a group = Σ land leased ÷ Σ industrial land of its zones",
                    inputs=(InputValue("published rate", Amount.ratio(reported), (figure.id,)),),
                    notes=(
                        "the rate and the industrial land of every zone are needed to weigh"
                        f" them; missing for {', '.join(lacking[:20])} (record their parcels"
                        " and industrial land, or publish their leased land or rate and"
                        " industrial land)",
                    ),
                ),
                subject_kind="province",
                basis=figure.basis(),
            )
            return
        check = check_rate(
            reported, rates.tolist(), weights.tolist(), tolerance=self.rate_tolerance
        )
        notes = []
        if check.mistake == "unweighted_mean":
            notes.append(
                f"the published rate equals the unweighted mean of the zones' rates"
                f" ({_pct(check.unweighted)}): a common mistake, since zones of different"
                " industrial land weigh differently"
            )
        steps = (
            "weighted rate = Σ rate × industrial land ÷ Σ industrial land"
            f" = {_pct(check.weighted)}",
            f"unweighted mean of the {len(zones)} zones' rates = {_pct(check.unweighted)}",
        )
        yield Finding(
            check_id,
            "reconciliation",
            title,
            figure.subject,
            Status.PASS if check.agrees else Status.FAIL,
            figure.day,
            Explanation(
                "occupancy of a group = Σ land leased ÷ Σ industrial land of its zones",
                inputs=(
                    InputValue("published rate", Amount.ratio(reported), (figure.id,)),
                    InputValue.from_records(
                        "industrial land of the zones",
                        Amount.hectares(float(weights.sum())),
                        [self.zone_ids[z] for z in zones.tolist()],
                    ),
                ),
                steps=steps,
                notes=tuple(notes),
            ),
            subject_kind="province",
            actual=Amount.ratio(check.weighted),
            threshold=Amount.ratio(reported),
            threshold_upper=Amount.ratio(self.rate_tolerance),
            comparator=Comparator.ABOUT,
            gap=_gap(check.weighted - reported, "ratio"),
            basis=f"computed from {len(zones):,} zones; {figure.basis()}",
        )

    # -- accounting identities -------------------------------------------------------------

    def _identities(self, rows: list[int]) -> Iterator[Finding]:
        by_subject: dict[tuple[str, str, dt.date], dict[str, int]] = {}
        for r in rows:
            f = self.figures[r]
            if f.category is not None:
                continue
            key = f.measure.value
            if f.measure in (FigureMeasure.ONLINE_PROCEDURES, FigureMeasure.ONLINE_PROCEDURE_RATE):
                key = f"{key}:{f.level or 4}"
            by_subject.setdefault((f.subject_kind, f.subject, f.day), {})[key] = r
        for (kind, subject, day), found in by_subject.items():
            industrial = found.get("industrial_land")
            industrial_value = self._number(industrial) if industrial is not None else None
            if industrial_value is None and kind == "zone":
                recorded = float(self.frame(day).zones.industrial_ha[self.zone_ids.index(subject)])
                industrial_value = None if math.isnan(recorded) else recorded
            leased = found.get("leased")
            available = found.get("available")
            if industrial_value is not None and leased is not None and available is not None:
                total = self._number(leased) + self._number(available)
                yield self._identity(
                    "identity.leased-plus-available",
                    "land leased + land available = industrial land for lease",
                    kind,
                    subject,
                    day,
                    total,
                    industrial_value,
                    [r for r in (leased, available, industrial) if r is not None],
                    rate=False,
                )
            rate = found.get("occupancy_rate")
            if rate is not None and leased is not None and industrial_value:
                computed = self._number(leased) / industrial_value
                notes = self._rate_mistake(kind, subject, day, rate, leased, computed)
                yield self._identity(
                    "identity.occupancy",
                    "occupancy rate = land leased ÷ industrial land for lease",
                    kind,
                    subject,
                    day,
                    self._number(rate),
                    computed,
                    [r for r in (rate, leased, industrial) if r is not None],
                    rate=True,
                    notes=notes,
                )
            for key in [k for k in found if k.startswith("online_procedure_rate:")]:
                level = key.split(":")[1]
                online = found.get(f"online_procedures:{level}")
                total_row = found.get("procedures")
                if online is not None and total_row is None:
                    yield from self._implied_total(kind, subject, day, level, found[key], online)
                    continue
                if online is None or total_row is None or not self._number(total_row):
                    continue
                yield self._identity(
                    f"identity.online-procedures-level-{level}",
                    f"share of procedures at level {level} = procedures at level {level}"
                    " ÷ all procedures",
                    kind,
                    subject,
                    day,
                    self._number(found[key]),
                    self._number(online) / self._number(total_row),
                    [found[key], online, total_row],
                    rate=True,
                )

    def _implied_total(
        self, kind: str, subject: str, day: dt.date, level: str, rate: int, online: int
    ) -> Iterator[Finding]:
        """A published count and share of procedures online, their total not published: they
        agree when some whole number of procedures gives the share as rounded ("257
        procedures at level 4, reaching 13.6%": 1,883 to 1,896 in all)."""
        count, share = self.figures[online].value.value, self.figures[rate].value.value
        if count != int(count) or count < 1 or not isinstance(share, Decimal) or share <= 0:
            return
        implied = implied_denominator(int(count), share)
        agrees = implied.smallest <= implied.largest
        figures = [self.figures[r] for r in (rate, online)]
        details: dict[str, Amount | None] = {}
        if agrees:
            details = {
                "fewest procedures": Amount.count(implied.smallest),
                "most procedures": Amount.count(implied.largest),
            }
            notes = (
                "the number of all procedures is not published: the two figures agree with"
                f" {implied.smallest:,} to {implied.largest:,} procedures in all; publish or"
                " record that number (published measure 'procedures') to check the share exactly",
            )
        else:
            notes = (
                "no whole number of procedures gives this count at this share as rounded:"
                " one of the two figures is wrong",
            )
        yield Finding(
            f"identity.online-procedures-level-{level}",
            "reconciliation",
            f"Published figures of {subject}: share of procedures at level {level} ="
            f" procedures at level {level} ÷ all procedures",
            subject,
            Status.PASS if agrees else Status.FAIL,
            day,
            Explanation(
                f"share of procedures at level {level} = procedures at level {level}"
                " ÷ all procedures, for a whole number of procedures, the share rounded as"
                " published",
                inputs=tuple(
                    InputValue(f.measure.words, f.value, (f.id,), source=f.source) for f in figures
                ),
                steps=(str(implied),),
                notes=notes,
            ),
            subject_kind=kind,
            actual=Amount.ratio(float(share)),
            details=details,
            basis="; ".join(dict.fromkeys(f.basis() for f in figures)),
        )

    def _rate_mistake(
        self, kind: str, subject: str, day: dt.date, rate: int, leased: int, computed: float
    ) -> tuple[str, ...]:
        """A published occupancy rate that is land leased ÷ the zone's total area says so."""
        reported = self._number(rate)
        if kind != "zone" or abs(reported - computed) <= self.rate_tolerance:
            return ()
        total = float(self.frame(day).zones.total_ha[self.zone_ids.index(subject)])
        if total > 0 and abs(reported - self._number(leased) / total) <= self.rate_tolerance:
            return (
                "the published rate equals land leased ÷ the zone's total area: a common"
                " mistake, occupancy is taken of the industrial land for lease",
            )
        return ()

    def _number(self, row: int) -> float:
        return float(self.figures[row].value.value)

    def _identity(
        self,
        check: str,
        formula: str,
        kind: str,
        subject: str,
        day: dt.date,
        left: float,
        right: float,
        rows: list[int],
        *,
        rate: bool,
        notes: tuple[str, ...] = (),
    ) -> Finding:
        unit = "ratio" if rate else "hectare"
        agrees = (
            abs(left - right) <= self.rate_tolerance + 1e-12
            if rate
            else abs(left - right) <= self.tolerance * max(abs(left), abs(right)) + 1e-9
        )
        figures = [self.figures[r] for r in rows]
        return Finding(
            check,
            "reconciliation",
            f"Published figures of {subject}: {formula}",
            subject,
            Status.PASS if agrees else Status.FAIL,
            day,
            Explanation(
                formula,
                inputs=tuple(
                    InputValue(f.measure.words, f.value, (f.id,), source=f.source) for f in figures
                ),
                steps=(f"left side = {_shown(left, unit)}, right side = {_shown(right, unit)}",),
                notes=notes,
            ),
            subject_kind=kind,
            actual=Amount(left, unit),
            threshold=Amount(right, unit),
            threshold_upper=Amount(
                self.rate_tolerance if rate else self.tolerance * abs(right), unit
            ),
            comparator=Comparator.ABOUT,
            gap=_gap(left - right, unit),
            basis="; ".join(dict.fromkeys(f.basis() for f in figures)),
        )

    # -- one figure against one computed value ---------------------------------------------

    def _compared(
        self, check: str, title: str, figure: PublishedFigure, computed: float, words: str
    ) -> Finding:
        reported = float(figure.value.value)
        rate = figure.measure is FigureMeasure.OCCUPANCY_RATE
        unit = "ratio" if rate else "hectare"
        allowed = self.rate_tolerance if rate else self.tolerance * abs(reported)
        agrees = abs(computed - reported) <= allowed + 1e-9
        return Finding(
            check,
            "reconciliation",
            title,
            figure.subject,
            Status.PASS if agrees else Status.FAIL,
            figure.day,
            Explanation(
                f"{figure.measure.words}: published figure ≈ the same computed from records",
                inputs=(
                    InputValue("published", figure.value, (figure.id,), source=figure.source),
                    InputValue(f"records ({words})", Amount(computed, unit)),
                ),
                steps=(
                    f"difference = {_shown(computed, unit)} − {_shown(reported, unit)}"
                    f" = {_difference(computed - reported, unit)}"
                    f" (agreement within {_difference(allowed, unit)})",
                ),
                notes=()
                if agrees
                else (
                    "the records and the published figure disagree beyond the tolerance;"
                    " neither is preferred: correct the one that is wrong",
                ),
            ),
            subject_kind=figure.subject_kind,
            actual=Amount(computed, unit),
            threshold=figure.value,
            threshold_upper=Amount(allowed, unit),
            comparator=Comparator.ABOUT,
            gap=_gap(computed - reported, unit),
            basis=f"{words}; {figure.basis()}",
        )


def _figure_title(figure: PublishedFigure) -> str:
    what = figure.measure.words
    if figure.category is not None:
        what += f" ({figure.category.value.replace('_', ' ')})"
    return f"{what[0].upper()}{what[1:]} of {figure.subject_kind} {figure.subject}"


def _pct(value: float) -> str:
    return f"{value * 100:.4g}%"


def _shown(value: float, unit: str) -> str:
    return _pct(value) if unit == "ratio" else f"{value:,.6g} ha"


def _difference(value: float, unit: str) -> str:
    """A difference of two figures: of two shares in percentage points (never "%", which
    reads as a share of a share), of two areas in hectares."""
    return f"{value * 100:.4g} pp" if unit == "ratio" else f"{value:,.6g} ha"


def _gap(value: float, unit: str) -> Amount:
    """A finding's gap: between two shares in percentage points, as the rate targets give
    theirs; between two areas in hectares."""
    return Amount.points(value) if unit == "ratio" else Amount(value, unit)
