"""Hypothesis strategies for whole evaluations: datasets with targets, rates and dossiers.

:func:`~industrial_policy.testing.datasets` draws the land records (zones,
parcels, projects, procedures, reported figures). An evaluation also reads
targets, observations, rate targets, dossiers and the dataset's
``evaluation`` settings; :func:`evaluable_datasets` adds them, so that
:func:`~industrial_policy.evaluate.evaluate_all` exercises the three
engines (rules, targets, services) on one drawn dataset.

:func:`scale_factors` draws the factors by which every area of a dataset can
be multiplied in a scale-invariance test: powers of two, under which float
arithmetic is exact (so results must scale exactly), or any factor (so they
scale within rounding).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from hypothesis import strategies as st

from industrial_policy.dataset import Dataset, EvaluationSettings
from industrial_policy.records.dossiers import Channel, Dossier, Payment
from industrial_policy.records.observations import Observation
from industrial_policy.records.parcels import ParcelStatus
from industrial_policy.records.rate_targets import RateTarget
from industrial_policy.records.targets import Target
from industrial_policy.testing._areas import AREA_UNITS_M2
from industrial_policy.testing._datasets import datasets
from industrial_policy.testing._records import area_of, hectares_of

__all__ = ["evaluable_datasets", "scale_factors"]

R = TypeVar("R")

_UNITS = st.sampled_from(tuple(sorted(AREA_UNITS_M2)))
_BOOLS = st.booleans()
_YEARS = st.integers(2019, 2027)
_COMPARATORS = st.sampled_from(("at_least", "more_than", "at_most", "less_than"))
_RANGE_COMPARATORS = st.sampled_from(("at_least", "more_than", "at_most", "between", "about"))
_SHARES = st.sampled_from((0.0, 0.25, 0.5, 1.0)) | st.floats(0.0, 1.0).map(
    lambda x: x if x >= 1e-6 else 0.0
)
_CHANNELS = st.sampled_from(tuple(Channel))
_PAYMENTS = st.none() | st.sampled_from(tuple(Payment))
_OPTIONAL_FLAGS = st.none() | _BOOLS
_DOSSIER_DAYS = st.dates(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
_DELAYS = st.none() | st.integers(0, 60)
_SWITCH_DAYS = st.sampled_from((dt.date(2022, 1, 1), dt.date(2022, 7, 1), dt.date(2023, 1, 1)))
_POWERS_OF_TWO = st.integers(-10, 10).map(lambda n: 2.0**n)
_ANY_FACTORS = st.sampled_from((3.0, 0.1, 1000.0, 1 / 3)) | st.floats(1e-3, 1e3)


def _record(record_type: type[R], /, **fields: Any) -> R:
    """A record from the plain values its converters accept (texts, as a file gives them)."""
    return record_type(**fields)


def scale_factors(*, exact: bool = False) -> st.SearchStrategy[float]:
    """Positive factors to multiply every area by.

    With ``exact``, powers of two from 2⁻¹⁰ to 2¹⁰: multiplying a float by
    one only changes its exponent, so sums, differences and quotients of the
    scaled areas are the scaled results, bit for bit. Otherwise any factor
    from 0.001 to 1,000, under which results agree within rounding.

    >>> from hypothesis import find
    >>> find(scale_factors(exact=True), lambda k: k > 1)
    2.0
    """
    return _POWERS_OF_TWO if exact else _ANY_FACTORS


def _hectares(draw: st.DrawFn, largest: float) -> float:
    """A size in ha up to about ``largest``: often round, sometimes any float."""
    if draw(_BOOLS):
        return float(draw(st.integers(0, max(1, int(largest)))))
    return draw(st.floats(0.0, max(largest, 1.0)).map(lambda x: x if x >= 1e-6 else 0.0))


def _subject(draw: st.DrawFn, dataset: Dataset) -> dict[str, Any]:
    choice = draw(st.integers(0, 2))
    if choice == 1 and dataset.zones:
        return {"zone_id": draw(st.sampled_from([z.id for z in dataset.zones]))}
    if choice == 2 and dataset.zones:
        return {"province": draw(st.sampled_from(list(dataset.provinces)))}
    return {}


def _land_target(draw: st.DrawFn, dataset: Dataset, number: int) -> Target:
    """Leased land, as a stock, a flow or a cumulative flow, in any area unit."""
    leased = sum(hectares_of(p.area) for p in dataset.parcels if p.status is ParcelStatus.LEASED)
    kind = draw(st.sampled_from(("stock", "flow", "cumulative")))
    year = draw(_YEARS)
    fields: dict[str, Any] = {}
    if kind == "flow":
        fields["deadline"] = str(year)
    else:
        fields["deadline"] = f"{year}-12-31"
    if kind == "cumulative":
        fields["since"] = str(year - draw(st.integers(1, 6)))
    comparator = draw(_RANGE_COMPARATORS)
    value = _hectares(draw, 2 * leased + 10)
    # One unit for both ends of a range: the same area in two units may read back a
    # hair apart, and the target refuses a top below its bottom.
    unit = draw(_UNITS)
    if comparator == "between":
        fields["upper"] = area_of(value + _hectares(draw, leased + 10), unit)
    elif comparator == "about":
        fields["tolerance"] = area_of(_hectares(draw, 10.0), draw(_UNITS))
    return _record(
        Target,
        id=f"t-land-{number}",
        title=f"Leased land {number}",
        metric="area_leased",
        kind=kind,
        comparator=comparator,
        value=area_of(value, unit),
        **fields,
        **_subject(draw, dataset),
    )


def _count_target(draw: st.DrawFn, dataset: Dataset, number: int) -> Target:
    """Projects in effect or licensed, or zones established: counts from the records."""
    metric = draw(st.sampled_from(("projects", "zones_established")))
    kind = draw(st.sampled_from(("stock", "flow")))
    year = draw(_YEARS)
    return _record(
        Target,
        id=f"t-count-{number}",
        title=f"Count {number}",
        metric=metric,
        kind=kind,
        comparator=draw(_COMPARATORS),
        value=draw(st.integers(0, 12)),
        deadline=str(year) if kind == "flow" else f"{year}-12-31",
        **_subject(draw, dataset),
    )


def _observed_target(draw: st.DrawFn, number: int) -> tuple[Target, list[Observation]]:
    """A quantity only observations give (a share, a count or an area), with its series."""
    unit = draw(st.sampled_from(("ratio", "count", "hectare")))

    def value() -> Any:
        if unit == "ratio":
            return draw(_SHARES)
        if unit == "count":
            return draw(st.integers(0, 500))
        return area_of(_hectares(draw, 5_000.0), draw(_UNITS))

    series = f"t-observed-{number}"
    years = draw(st.lists(st.integers(2016, 2026), unique=True, max_size=5))
    observations = [
        _record(Observation, series=series, on=f"{year}-12-31", value=value())
        for year in sorted(years)
    ]
    baseline = None
    if draw(_BOOLS):
        baseline = {"on": "2015-12-31", "value": value()}
    target = _record(
        Target,
        id=series,
        title=f"Observed {number}",
        metric="observed",
        unit=unit,
        kind="stock",
        comparator=draw(_COMPARATORS),
        value=value(),
        baseline=baseline,
        deadline=f"{draw(_YEARS)}-12-31",
    )
    return target, observations


def _rate_target(draw: st.DrawFn, number: int) -> tuple[RateTarget, list[Observation]]:
    """A rate target (reach a reference series, or grow each year), with its series."""
    series = f"rate-{number}"
    days = sorted(
        draw(
            st.lists(st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)), unique=True, max_size=5)
        )
    )
    observations = [
        _record(Observation, series=series, on=day, value=draw(_SHARES)) for day in days
    ]
    deadline = f"{draw(st.integers(2021, 2027))}-12-31"
    fields: dict[str, Any] = {}
    if draw(_BOOLS):
        reference = f"rate-{number}-reference"
        fields = {"kind": "reference", "reference": reference}
        ref_days = draw(st.lists(st.integers(2019, 2027), unique=True, max_size=3))
        observations += [
            _record(Observation, series=reference, on=f"{year}-06-30", value=draw(_SHARES))
            for year in sorted(ref_days)
        ]
    else:
        relative = draw(_BOOLS)
        fields = {
            "kind": "growth",
            "growth_unit": "relative" if relative else "percentage_points",
            "growth": f"{draw(st.integers(0, 30))}{'%' if relative else ' pp'}",
            "baseline_on": "2020-12-31",
        }
        if draw(_BOOLS):
            fields["baseline_value"] = draw(_SHARES)
    target = _record(
        RateTarget,
        id=f"r{number}",
        title=f"Rate {number}",
        series=series,
        comparator=draw(_COMPARATORS),
        deadline=deadline,
        **fields,
    )
    return target, observations


def _dossiers(draw: st.DrawFn, procedure_ids: list[str]) -> list[Dossier]:
    if not procedure_ids:
        return []
    result = []
    for i in range(draw(st.integers(0, 8))):
        received = draw(_DOSSIER_DAYS)
        due, completed = draw(_DELAYS), draw(_DELAYS)
        result.append(
            _record(
                Dossier,
                id=f"hs-{i}",
                procedure_id=draw(st.sampled_from(procedure_ids)),
                received=received,
                channel=draw(_CHANNELS),
                payment=draw(_PAYMENTS),
                result_digitised=draw(_OPTIONAL_FLAGS),
                due=None if due is None else received + dt.timedelta(days=due),
                completed=None if completed is None else received + dt.timedelta(days=completed),
            )
        )
    return result


def evaluable_datasets(
    *,
    max_zones: int = 6,
    max_parcels: int = 10,
    max_targets: int = 4,
    max_rate_targets: int = 2,
) -> st.SearchStrategy[Dataset]:
    """Datasets that every engine of :func:`~industrial_policy.evaluate.evaluate_all` reads.

    The records of :func:`~industrial_policy.testing.datasets`, plus:

    * targets on leased land (stock, flow, cumulative; any comparator; the
      value in any area unit), on counts of projects and zones, and on
      observed quantities (a share, a count, an area) with their series;
    * rate targets, on a reference series or a yearly growth (relative or in
      points), with their series;
    * dossiers of the procedures, received in 2023–2024;
    * ``evaluation`` settings choosing the procedure denominator, the dossier
      periods and the day Decree 42/2022's classification took over (a test's
      choice: DOMAIN.md gives none); sometimes left out, so those rates are
      skipped.

    >>> from hypothesis import given, settings
    >>> from industrial_policy.evaluate import evaluate_all
    >>> @settings(max_examples=5, deadline=None)
    ... @given(evaluable_datasets(max_zones=3))
    ... def test(ds):
    ...     report = evaluate_all(ds, as_of="2024-12-31")
    ...     assert len(report.filter(kind="target")) == len(ds.targets) + len(ds.rate_targets)
    >>> test()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Dataset:
        dataset = draw(datasets(max_zones=max_zones, max_parcels=max_parcels))
        targets: list[Target] = []
        observations: list[Observation] = []
        for number in range(draw(st.integers(0, max_targets))):
            which = draw(st.integers(0, 2))
            if which == 0:
                targets.append(_land_target(draw, dataset, number))
            elif which == 1:
                targets.append(_count_target(draw, dataset, number))
            else:
                target, seen = _observed_target(draw, number)
                targets.append(target)
                observations.extend(seen)
        rate_targets: list[RateTarget] = []
        for number in range(draw(st.integers(0, max_rate_targets))):
            rate_target, seen = _rate_target(draw, number)
            rate_targets.append(rate_target)
            observations.extend(seen)
        procedure_ids = [p.id for p in dataset.procedures]
        settings = None
        if draw(_BOOLS):
            settings = _record(
                EvaluationSettings,
                procedure_denominator=draw(st.sampled_from(("all", "eligible"))),
                dossier_periods=draw(st.sampled_from((["2024"], ["2023", "2024"], ["Q1 2024"]))),
                # Records in both classifications need the day one replaced the other;
                # DOMAIN.md gives none, so a test picks one (the user's choice).
                classification_switch=draw(_SWITCH_DAYS),
            )
        return dataset.evolve(
            targets=targets,
            observations=draw(st.permutations(observations)),
            rate_targets=rate_targets,
            dossiers=_dossiers(draw, procedure_ids),
            evaluation=settings,
        )

    return build()
