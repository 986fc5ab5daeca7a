"""Dataset transformations and report comparisons for the invariants suite (no tests here).

Transformations (each returns a new, valid dataset that means the same thing,
or the same thing at another scale):

* :func:`reexpressed`: every area written in another unit (the same land);
* :func:`scaled`: every area multiplied by ``k`` (zones, parcels, reported
  figures, area targets and area observations alike);
* :func:`shuffled`: every record list in another order.

Comparisons: :func:`assert_equivalent` holds two reports finding by finding,
with the tolerances explained at :data:`AREA_RTOL` and :data:`RATIO_RTOL`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from industrial_policy import Dataset, registry
from industrial_policy.columnar import Table
from industrial_policy.evaluate import evaluate_all
from industrial_policy.findings import MAX_LISTED_RECORDS, Amount, Finding, Report
from industrial_policy.reconciliation import ReconciliationReport
from industrial_policy.records import Target
from industrial_policy.records.reported import ReportedMetric
from industrial_policy.rules import RuleSet, evaluate, load_packs
from industrial_policy.testing import area_of, hectares_of
from industrial_policy.tracking.progress import EQUAL_RTOL
from industrial_policy.units import area_to_hectares

PACKS = ("vn-land", "vn-national")
"""The shipped rule packs, by name."""

EVALUATION_DAYS = ("2021-06-30", "2022-12-31", "2024-12-31", "2026-03-31")
"""Days to evaluate on: before and after the packs take effect, before and after deadlines."""

OCCUPANCY_OVERRIDES: Mapping[str, object] = {
    "vn-land.occupancy.min-share": "60%",
    "vn-national.new-park.min-occupancy": "60%",
}
"""The two thresholds the packs ship without a value (the user's to set): with them the
occupancy rules give verdicts. 60% is the figure DOMAIN.md §7 says is commonly cited."""

EPSILON = 2.0**-52

AREA_RTOL = 1e-12
"""Hectares computed from the same land in two spellings agree within ``AREA_RTOL × S``,
``S`` the sum of every area of the dataset (:func:`area_scale`).

Why: an area re-expressed in another unit and read back is rounded at most four
times (the magnitude in the new unit, the unit's factor to hectares, their
product, and our own conversion), so it is off by at most ``4ε`` of itself
(``ε = 2⁻⁵²``). The engines add areas (all non-negative) and take differences
(a gap, the unleased land) and products by a threshold at most 1 or an exact
area threshold; each such result is off by at most ``(4 + n)ε`` of the sum of
the areas it involves, ``n`` the number of terms: at most about ``50ε ≈ 1e-14``
of ``S`` for the datasets drawn here. A difference has no relative bound (45 ha
− 45 ha is 0 in one unit and 7e-15 in another), so the tolerance is absolute,
scaled by ``S``; 1e-12 leaves a factor of 100 for sums in another order."""

RATIO_RTOL = EQUAL_RTOL
"""Shares and other ratios agree within the library's own tolerance for ties
(:data:`industrial_policy.tracking.progress.EQUAL_RTOL`, one part in 10⁹): two values
closer than that are, for the library, the same value. The float error of a
share of areas is near 1e-14, far inside it."""


@functools.cache
def rule_set() -> RuleSet:
    """The shipped packs, loaded once."""
    return load_packs(list(PACKS))


def area_scale(dataset: Dataset) -> float:
    """``S``: the sum of every area in the dataset, in hectares (at least 1)."""
    total = 0.0
    for zone in dataset.zones:
        for area in (zone.total_area, zone.industrial_land_area):
            if area is not None:
                total += hectares_of(area)
    total += sum(hectares_of(p.area) for p in dataset.parcels)
    total += sum(hectares_of(f.value) for f in dataset.reported if _is_area_figure(f))
    for target in dataset.targets:
        for amount in _target_amounts(target).values():
            total += abs(float(amount.value))
    total += sum(
        abs(float(o.value.value)) for o in dataset.observations if o.value.unit == "hectare"
    )
    return max(total, 1.0)


def hectare_overrides(day: str, factor: float = 1.0) -> dict[str, Any]:
    """Every area threshold of the shipped packs in force on ``day``, times ``factor``.

    Scaling every area of a dataset by ``k`` is the same land question only if
    the area thresholds (a phase of at most 500 ha, an economic zone of at
    least 10,000 ha, ...) scale too.
    """
    when = dt.date.fromisoformat(day)
    result: dict[str, Any] = {}
    for parameter in rule_set().parameters.values():
        value = parameter.value_on(when)
        if parameter.unit == "hectare" and value is not None:
            result[parameter.id] = registry().Quantity(value.value * factor, "hectare")
    return result


# -- transformations --------------------------------------------------------------------------


def _is_area_figure(figure: Any) -> bool:
    return figure.metric is not ReportedMetric.ZONE_COUNT


def _target_amounts(target: Target) -> dict[str, Amount]:
    """The target's amounts in hectares, by field (``baseline`` for the baseline's value)."""
    found = {
        name: getattr(target, name)
        for name in ("value", "upper", "tolerance")
        if getattr(target, name) is not None and getattr(target, name).unit == "hectare"
    }
    baseline = target.baseline.value if target.baseline is not None else None
    if baseline is not None and baseline.unit == "hectare":
        found["baseline"] = baseline
    return found


AreaMap = Callable[[Any], Any]
"""Maps a pint area to another pint area."""
HectareMaps = Callable[[], Callable[[float], Any]]
"""Gives, for one record, the map from a number of hectares to a pint area."""


def _mapped(dataset: Dataset, area: AreaMap, hectares: HectareMaps) -> Dataset:
    """The dataset with every area passed through ``area`` (records), and every amount
    that targets and observations keep in hectares through the map ``hectares()``
    gives for its record."""

    def optional(value: Any) -> Any:
        return None if value is None else area(value)

    zones = [
        attrs.evolve(
            z,
            total_area=optional(z.total_area),
            industrial_land_area=optional(z.industrial_land_area),
        )
        for z in dataset.zones
    ]
    parcels = [attrs.evolve(p, area=area(p.area)) for p in dataset.parcels]
    reported = [
        attrs.evolve(f, value=area(f.value)) if _is_area_figure(f) else f for f in dataset.reported
    ]
    targets = []
    for target in dataset.targets:
        changes: dict[str, Any] = {}
        # One unit for the whole target: a range from 10 ha to 10 ha must not become a
        # range from 10.000000000000002 ha to 10 ha.
        in_one_unit = hectares()
        for name, amount in _target_amounts(target).items():
            new = in_one_unit(float(amount.value))
            if name == "baseline":
                assert target.baseline is not None
                changes["baseline"] = attrs.evolve(target.baseline, value=new)
            else:
                changes[name] = new
        targets.append(attrs.evolve(target, **changes) if changes else target)

    def in_hectares(records: Iterable[Any]) -> list[Any]:
        return [
            attrs.evolve(r, value=hectares()(float(r.value.value)))
            if r.value.unit == "hectare"
            else r
            for r in records
        ]

    # Observations and published land figures (industrial land, land leased, ...) alike.
    return dataset.evolve(
        zones=zones,
        parcels=parcels,
        reported=reported,
        targets=targets,
        observations=in_hectares(dataset.observations),
        published=in_hectares(dataset.published),
    )


def reexpressed(dataset: Dataset, unit_for: Callable[[], str]) -> Dataset:
    """The same land, every area written in the unit ``unit_for()`` picks for it.

    The new magnitude is computed by the domain brief's unit sizes
    (:func:`~industrial_policy.testing.area_of`), not by the library's.
    """

    def in_one_unit() -> Callable[[float], Any]:
        unit = unit_for()
        return lambda ha: area_of(ha, unit)

    return _mapped(dataset, lambda q: area_of(hectares_of(q), unit_for()), in_one_unit)


def scaled(dataset: Dataset, factor: float) -> Dataset:
    """Every area times ``factor``, each in its own unit (exact for a power of two)."""
    quantity = registry().Quantity
    return _mapped(
        dataset,
        lambda q: quantity(float(q.magnitude) * factor, q.units),
        lambda: lambda ha: quantity(ha * factor, "hectare"),
    )


def shuffled(dataset: Dataset, rng: random.Random) -> Dataset:
    """Every record list of the dataset in another order."""
    changes: dict[str, Any] = {}
    for field in attrs.fields(Dataset):
        value = getattr(dataset, field.name)
        if field.init and isinstance(value, Table):
            items = list(value)
            rng.shuffle(items)
            changes[field.name] = items
    return dataset.evolve(**changes)


# -- evaluation -------------------------------------------------------------------------------


def evaluate_engines(
    dataset: Dataset, day: str, overrides: Mapping[str, object] | None = None
) -> Report:
    """Every engine on ``dataset``: the rules with ``overrides`` (the occupancy thresholds
    by default), then the targets and rates of :func:`evaluate_all`."""
    chosen = OCCUPANCY_OVERRIDES if overrides is None else overrides
    rules = evaluate(dataset, rule_set(), day, overrides=chosen)
    rest = [f for f in evaluate_all(dataset, as_of=day, rule_packs=PACKS) if f.kind != "rule"]
    return rules.combine(Report(tuple(rest), rules.as_of, dataset.name))


# -- comparison -------------------------------------------------------------------------------


@attrs.frozen
class Tolerance:
    """How two reports of equivalent datasets may differ.

    ``area_factor``: hectares in the second are those of the first times this.
    ``area_abs``: the absolute tolerance on hectares (in the second's scale).
    ``ratio_rtol``, ``ratio_abs``: the tolerance on every other number (shares, growth,
    percentage points); both 0 asks for equality.
    ``same_order``: records are listed in the same order (not after a shuffle).
    ``same_text``: formulas, steps and notes are the same text (only when no
    number in them can differ in its last digit).
    """

    area_factor: float = 1.0
    area_abs: float = 0.0
    ratio_rtol: float = RATIO_RTOL
    ratio_abs: float = 1e-12
    same_order: bool = True
    same_text: bool = False


def _close(a: Amount | None, b: Amount | None, tol: Tolerance, where: str) -> None:
    if a is None or b is None:
        assert (a, b) == (None, None), f"{where}: {a} vs {b}"
        return
    assert a.unit == b.unit, f"{where}: unit {a.unit} vs {b.unit}"
    if a.unit == "count" or a.is_money:
        assert a.value == b.value, f"{where}: {a} vs {b}"
        return
    x, y = float(a.value), float(b.value)
    if math.isnan(x) or math.isnan(y) or math.isinf(x) or math.isinf(y):
        assert (math.isnan(x) and math.isnan(y)) or x == y, f"{where}: {x!r} vs {y!r}"
        return
    if a.unit == "hectare":
        expected = x * tol.area_factor
        # A few ulps of the value itself too: a projection can be far larger than the inputs
        # the absolute tolerance was scaled from.
        assert abs(expected - y) <= max(tol.area_abs, 1e-12 * abs(expected)), (
            f"{where}: {x!r} ha × {tol.area_factor!r} = {expected!r} vs {y!r}"
            f" (tolerance {tol.area_abs:.3g} ha)"
        )
        return
    assert math.isclose(x, y, rel_tol=tol.ratio_rtol, abs_tol=tol.ratio_abs), (
        f"{where}: {x!r} vs {y!r} ({a.unit})"
    )


def _records(a: tuple[str, ...], b: tuple[str, ...], count: int | None, tol: Tolerance) -> bool:
    if tol.same_order:
        return a == b
    if count is not None and count <= MAX_LISTED_RECORDS:
        return sorted(a) == sorted(b)
    return len(a) == len(b)  # another order lists another first twenty


def _derived_tolerance(actual: Amount | None, tol: Tolerance) -> Tolerance:
    """The tolerance of the numbers a finding derives from its actual area (a required growth,
    a percent achieved): the area is known within ``tol.area_abs``, so a ratio of it within
    that error relative to the area, ten times over for a growth compounded over a fraction
    of a year. An area far above the rounding leaves ``tol`` as it is; one near it (3e-08 ha
    in a dataset of hundreds of hectares) gives a required growth that rounding decides."""
    if actual is None or actual.unit != "hectare" or tol.area_abs == 0:
        return tol
    size = abs(float(actual.value))
    if math.isnan(size):
        return tol
    relative = 10 * tol.area_abs / size if size > 0 else math.inf
    if relative <= tol.ratio_rtol:
        return tol
    return attrs.evolve(tol, ratio_rtol=relative)


def assert_same_finding(a: Finding, b: Finding, tol: Tolerance) -> None:
    """``b`` says what ``a`` says, within ``tol``."""
    where = a.id
    for name in ("check_id", "kind", "title", "subject_id", "subject_kind", "status", "as_of"):
        assert getattr(a, name) == getattr(b, name), (
            f"{where}: {name} {getattr(a, name)!r} vs {getattr(b, name)!r}\n"
            f"--- before\n{a.explain()}\n--- after\n{b.explain()}"
        )
    assert (a.comparator, a.citation) == (b.comparator, b.citation), where
    for name in ("actual", "threshold", "threshold_upper", "gap"):
        _close(getattr(a, name), getattr(b, name), tol, f"{where}.{name}")
    assert list(a.details) == list(b.details), (
        f"{where}: details {list(a.details)} vs {list(b.details)}"
    )
    derived = _derived_tolerance(a.actual, tol)
    for key in a.details:
        _close(a.details[key], b.details[key], derived, f"{where}.details[{key!r}]")
    ea, eb = a.explanation, b.explanation
    assert [i.name for i in ea.inputs] == [i.name for i in eb.inputs], where
    for x, y in zip(ea.inputs, eb.inputs, strict=True):
        _close(x.value, y.value, tol, f"{where}.inputs[{x.name!r}]")
        assert x.record_count == y.record_count, f"{where}.inputs[{x.name!r}].record_count"
        assert _records(x.records, y.records, x.record_count, tol), (
            f"{where}.inputs[{x.name!r}].records: {x.records} vs {y.records}"
        )
        assert x.source == y.source, where
    assert [p.id for p in ea.parameters] == [p.id for p in eb.parameters], where
    for p, q in zip(ea.parameters, eb.parameters, strict=True):
        _close(p.value, q.value, tol, f"{where}.parameters[{p.id!r}]")
        assert (p.effective_from, p.citation, p.overridden) == (
            q.effective_from,
            q.citation,
            q.overridden,
        ), where
    assert len(ea.steps) == len(eb.steps), f"{where}: steps {ea.steps} vs {eb.steps}"
    assert len(ea.notes) == len(eb.notes), f"{where}: notes {ea.notes} vs {eb.notes}"
    if tol.same_text:
        assert (ea.formula, ea.steps, ea.notes) == (eb.formula, eb.steps, eb.notes), where


def by_id(report: Iterable[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in report}


def assert_equivalent(before: Report, after: Report, tol: Tolerance) -> None:
    """The same findings (by id) saying the same things, within ``tol``."""
    a, b = by_id(before), by_id(after)
    assert sorted(a) == sorted(b), (
        f"only before: {sorted(set(a) - set(b))}; only after: {sorted(set(b) - set(a))}"
    )
    assert (before.as_of, before.dataset_name) == (after.as_of, after.dataset_name)
    for finding_id, finding in a.items():
        assert_same_finding(finding, b[finding_id], tol)
    assert before.counts() == after.counts()


def assert_same_reconciliation(
    before: ReconciliationReport, after: ReconciliationReport, tol: Tolerance
) -> None:
    """The same checks agree or disagree, by the same amount (in hectares, scaled)."""

    def key(check: Any) -> tuple[str, str]:
        return (check.figure_id, check.basis)

    a = {key(c): c for c in before}
    b = {key(c): c for c in after}
    assert sorted(a) == sorted(b)
    for k, check in a.items():
        other = b[k]
        assert check.agrees == other.agrees, (str(check), str(other))
        assert sorted(check.contributors) == sorted(other.contributors), k
        if check.difference is None or isinstance(check.difference, int):
            assert check.difference == other.difference, k
            continue
        x, y = area_to_hectares((check.difference, other.difference))
        assert abs(float(x) * tol.area_factor - float(y)) <= tol.area_abs, (k, x, y)


def statuses(report: Report) -> dict[str, str]:
    return {f.id: f.status.value for f in report}
