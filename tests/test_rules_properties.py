"""Properties of the rule engine over generated datasets (``industrial_policy.testing``)."""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Callable, Iterable

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.findings import MAX_LISTED_RECORDS, Comparator, Finding, Status
from industrial_policy.records.reported import name_key
from industrial_policy.rules import Level, Rule, RuleSet, evaluate, load_packs
from industrial_policy.testing import AREA_UNITS_M2, area_of, datasets, hectares_of
from industrial_policy.units import registry

DAY = dt.date(2024, 12, 31)
_SHIPPED = load_packs()
# The shipped rules without their province, so that every generated zone is in scope.
RULES = RuleSet(
    tuple(attrs.evolve(r, scope=attrs.evolve(r.scope, province=None)) for r in _SHIPPED.rules),
    _SHIPPED.parameters,
)
USER_VALUES = {"vn-land.occupancy.min-share": 0.6, "vn-national.new-park.min-occupancy": 0.6}
# Rules whose thresholds are shares: their verdicts cannot depend on the size of the zones.
SHARE_RULES = {r.id for r in RULES.rules if all(c.measure.kind.is_share for c in r.conditions)}
HI_TECH = "vn-land.hi-tech-reserve"

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DATASETS = datasets(max_zones=6, max_parcels=14, max_projects=4, max_procedures=0, reported=False)


def run(ds: ip.Dataset, day: dt.date = DAY, **overrides: object) -> ip.Report:
    return evaluate(ds, RULES, day, overrides={**USER_VALUES, **overrides})


def _number(amount: ip.Amount | None) -> float | None:
    return None if amount is None else float(amount.value)


def same_findings(a: ip.Report, b: ip.Report, scale: float = 1.0) -> None:
    """The same findings, verdicts and shares; hectares (gaps) in proportion ``scale``."""
    left, right = {f.id: f for f in a}, {f.id: f for f in b}
    assert left.keys() == right.keys()
    for key, f in left.items():
        g = right[key]
        assert f.status is g.status, key
        for x, y, factor in ((f.actual, g.actual, 1.0), (f.gap, g.gap, scale)):
            if x is None or y is None:
                assert (x, y) == (None, None), key
            elif x.unit == "ratio":
                assert float(y.value) == pytest.approx(float(x.value), rel=1e-9, abs=1e-12), key
            else:
                assert float(y.value) == pytest.approx(float(x.value) * factor, rel=1e-9, abs=1e-6)


def with_areas(ds: ip.Dataset, change: Callable[[float], ip.Area]) -> ip.Dataset:
    """The dataset with every area changed by ``change`` (a size in ha → a new quantity)."""

    def new(area: ip.Area | None) -> ip.Area | None:
        return None if area is None else change(hectares_of(area))

    zones = [
        attrs.evolve(
            z, total_area=new(z.total_area), industrial_land_area=new(z.industrial_land_area)
        )
        for z in ds.zones
    ]
    parcels = [attrs.evolve(p, area=new(p.area)) for p in ds.parcels]
    return ip.Dataset(zones=zones, parcels=parcels, projects=ds.projects)


def findings_of(report: ip.Report, rule_ids: Iterable[str]) -> list[Finding]:
    wanted = set(rule_ids)
    return [f for f in report if f.check_id in wanted]


@PROPERTY
@given(DATASETS)
def test_shares_lie_between_0_and_1(ds: ip.Dataset) -> None:
    for finding in run(ds):
        values = [finding.actual, *finding.details.values()]
        for amount in values:
            if amount is not None and amount.unit == "ratio":
                assert 0.0 <= float(amount.value) <= 1.0 + 1e-12, finding.id


@PROPERTY
@given(DATASETS, st.sampled_from(sorted(AREA_UNITS_M2)))
def test_results_do_not_depend_on_the_unit_of_the_areas(ds: ip.Dataset, unit: str) -> None:
    converted = with_areas(ds, lambda hectares: area_of(hectares, unit))
    same_findings(run(ds), run(converted))


@PROPERTY
@given(DATASETS, st.sampled_from([0.5, 3.0, 10.0]))
def test_share_rules_do_not_depend_on_the_scale_of_the_areas(ds: ip.Dataset, k: float) -> None:
    scaled = with_areas(ds, lambda hectares: area_of(hectares * k, "hectare"))
    before = run(ds).filter(kind="rule")
    after = run(scaled)
    same_findings(
        ip.Report(tuple(findings_of(before, SHARE_RULES)), DAY),
        ip.Report(tuple(findings_of(after, SHARE_RULES)), DAY),
        scale=k,
    )


@PROPERTY
@given(DATASETS, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_the_records(
    ds: ip.Dataset, rnd: random.Random
) -> None:
    zones, parcels, projects = list(ds.zones), list(ds.parcels), list(ds.projects)
    for records in (zones, parcels, projects):
        rnd.shuffle(records)
    shuffled = ip.Dataset(zones=zones, parcels=parcels, projects=projects)
    same_findings(run(ds), run(shuffled))


@PROPERTY
@given(DATASETS, st.data())
def test_reserving_one_more_parcel_for_hi_tech_never_turns_a_pass_into_a_fail(
    ds: ip.Dataset, data: st.DataObject
) -> None:
    vacant = [p for p in ds.parcels if p.status.value == "vacant"]
    assume(vacant)
    chosen = data.draw(st.sampled_from(vacant))
    more = [
        attrs.evolve(p, status="reserved", category="hi_tech") if p.id == chosen.id else p
        for p in ds.parcels
    ]
    before = run(ds).filter(check_id=HI_TECH)
    after = run(attrs.evolve(ds, parcels=more))
    for finding in before:
        later = after[finding.id]
        if finding.status is Status.PASS:
            assert later.status is Status.PASS, finding.id
        if finding.gap is not None and later.gap is not None:
            assert float(later.gap.value) >= float(finding.gap.value) - 1e-9


def _thresholds() -> list[tuple[str, Comparator]]:
    """Each parameter held by one comparator, with the way it is held."""
    found: dict[str, set[Comparator]] = {}
    for rule in RULES.rules:
        for condition in rule.conditions:
            found.setdefault(condition.threshold, set()).add(condition.comparator)
    return sorted((p, next(iter(c))) for p, c in found.items() if len(c) == 1)


@PROPERTY
@given(DATASETS, st.sampled_from(_thresholds()), st.floats(0, 1), st.floats(0, 1))
def test_a_stricter_threshold_never_turns_a_fail_into_a_pass(
    ds: ip.Dataset, held: tuple[str, Comparator], low: float, extra: float
) -> None:
    parameter_id, comparator = held
    unit = RULES.parameters[parameter_id].unit
    top = 1.0 if unit == "ratio" else 20_000.0
    lenient, strict = low * top, min(top, (low + extra) * top)
    if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
        lenient, strict = strict, lenient  # for a maximum, stricter is lower

    def written(x: float) -> object:  # an area override is given as a quantity
        x = x if x >= 1e-9 else 0.0
        return x if unit == "ratio" else registry().Quantity(x, "hectare")

    before = run(ds, **{parameter_id: written(lenient)})
    after = run(ds, **{parameter_id: written(strict)})
    users = {r.id for r in RULES.rules if parameter_id in {c.threshold for c in r.conditions}}
    for finding in findings_of(before, users):
        if finding.status is Status.FAIL:
            assert after[finding.id].status is Status.FAIL, finding.id


@PROPERTY
@given(DATASETS, st.dates(dt.date(1990, 1, 1), dt.date(2022, 7, 14)))
def test_a_rule_outside_its_period_is_not_applicable(ds: ip.Dataset, day: dt.date) -> None:
    report = run(ds, day)
    for rule in RULES.rules:
        if rule.in_force_from is not None and day < rule.in_force_from:
            statuses = {f.status for f in report.filter(check_id=rule.id)}
            # Empty when no subject is placed at the rule's levels (clusters with no district).
            assert statuses <= {Status.NOT_APPLICABLE}, rule.id


# -- the columns against the records --------------------------------------------------------------


def _in_scope(rule: Rule, zone: ip.Zone) -> bool:
    """Whether a zone is in a rule's scope, read from the rule's words record by record."""
    scope = rule.scope
    return (
        (not scope.kinds or zone.kind in scope.kinds)
        and scope.specialises_in_hi_tech in (None, zone.specialises_in_hi_tech)
        and (scope.province is None or name_key(scope.province) == name_key(zone.province))
        and (not scope.economic_zone_types or zone.economic_zone_type in scope.economic_zone_types)
    )


def _named_outside(finding: Finding) -> tuple[list[str], int]:
    """The zones a finding of zones out of scope names, and how many it says there are."""
    note = finding.reason or ""
    one = re.match(r"zone '([^']*)' is outside the rule's scope", note)
    if one:
        return [one.group(1)], 1
    many = re.match(r"(\d+) zones \((.*?)\) are outside the rule's scope", note)
    assert many, note
    return re.findall(r"'([^']*)'", many.group(2)), int(many.group(1))


@PROPERTY
@given(DATASETS, st.sampled_from(["Hải Dương", "Bắc Ninh"]))
def test_every_zone_of_a_rules_kinds_gets_a_finding_of_it(ds: ip.Dataset, province: str) -> None:
    # The shipped rules, province and all, re-scoped to one province or the other: a zone out
    # of scope is reported as not applicable with why, never skipped (docs/statuses.md): one
    # finding per province and reason, naming its zones and counting them.
    rules = _SHIPPED.apply_to(province=province)
    report = evaluate(ds, rules, DAY, overrides=USER_VALUES)
    for rule in rules.rules:
        if not rule.in_force_on(DAY) or Level.ZONE not in rule.levels:
            continue
        of_rule = {
            f.subject_id: f for f in report.filter(check_id=rule.id) if f.subject_kind == "zone"
        }
        outside = [f for f in report.filter(check_id=rule.id) if f.subject_kind == "zones"]
        named: dict[str, Finding] = {}
        counted = 0
        for finding in outside:
            assert finding.status is Status.NOT_APPLICABLE, finding.id
            ids, count = _named_outside(finding)
            assert len(ids) == min(count, MAX_LISTED_RECORDS), finding.id
            counted += count
            for zone_id in ids:
                assert zone_id not in named, (finding.id, zone_id)  # one finding per zone
                named[zone_id] = finding
        left_out = 0
        for zone in ds.zones:
            if rule.scope.kinds and zone.kind not in rule.scope.kinds:
                assert zone.id not in of_rule, (rule.id, zone.id)
                assert zone.id not in named, (rule.id, zone.id)
                continue
            if _in_scope(rule, zone):
                finding = of_rule[zone.id]
                assert "outside the rule's scope" not in (finding.reason or "")
                assert zone.id not in named, (rule.id, zone.id)
                continue
            left_out += 1
            assert zone.id not in of_rule, (rule.id, zone.id)
            if counted <= MAX_LISTED_RECORDS:
                finding = named[zone.id]
                assert finding.subject_id.endswith(f", {zone.province}"), finding.id
                if rule.scope.province is not None and name_key(zone.province) != name_key(
                    rule.scope.province
                ):
                    assert f"in {zone.province}, the rule applies in" in (finding.reason or "")
        assert counted == left_out, rule.id
        if rule.id in rules.rescoped:
            for f in report.filter(check_id=rule.id):
                assert f"re-scoped here to {province}" in f.explain(), f.id
                assert f.title.endswith(f"(policy of Hải Dương applied to {province})")


def _oracle_share(ds: ip.Dataset, rule: Rule, zone: ip.Zone) -> tuple[float, float] | None:
    """A category share of one zone, computed record by record from the rule's words."""
    measure = rule.measure
    parcels = ds.parcels_in(zone.id)
    base_area = zone.total_area if measure.base.value == "total_area" else zone.industrial_land_area  # type: ignore[union-attr]
    if base_area is None or not parcels:
        return None
    base = hectares_of(base_area)
    if base <= 0:
        return None
    sure = unknown = 0.0
    for p in parcels:
        size = hectares_of(p.area)
        if p.status.value == "reserved" and measure.use.value != "leased":  # type: ignore[union-attr]
            sure += size if p.category in measure.categories else 0.0
        elif p.leased_on(DAY) and measure.use.value != "reserved":  # type: ignore[union-attr]
            if p.category is not None:
                sure += size if p.category in measure.categories else 0.0
            else:
                tenant = ds.project(p.project_id) if p.project_id else None
                if tenant is None or not tenant.categories:
                    unknown += size
                elif tenant.categories & measure.categories:
                    sure += size
    return sure / base, (sure + unknown) / base


@PROPERTY
@given(DATASETS)
def test_the_columnar_shares_match_a_record_by_record_oracle(ds: ip.Dataset) -> None:
    report = run(ds)
    for rule in RULES.rules:
        if rule.measure.kind.value != "category_share":
            continue
        for finding in report.filter(check_id=rule.id):
            if finding.subject_kind != "zone":
                continue
            if not _in_scope(rule, ds.zone(finding.subject_id)):
                assert finding.status is Status.NOT_APPLICABLE, finding.id
                continue
            expected = _oracle_share(ds, rule, ds.zone(finding.subject_id))
            if expected is None:
                assert finding.status is Status.INSUFFICIENT_DATA, finding.id
                continue
            low, high = expected
            if math.isclose(low, high, rel_tol=0, abs_tol=0):
                assert finding.actual is not None
                assert float(finding.actual.value) == pytest.approx(low, rel=1e-9, abs=1e-12)
            else:
                bounds = finding.details
                assert float(bounds["lower bound"].value) == pytest.approx(low, rel=1e-9)  # type: ignore[union-attr]
                assert float(bounds["upper bound"].value) == pytest.approx(high, rel=1e-9)  # type: ignore[union-attr]


@PROPERTY
@given(DATASETS)
def test_a_province_is_its_zones_added_up(ds: ip.Dataset) -> None:
    report = run(ds).filter(check_id=HI_TECH)
    zones = [f for f in report if f.subject_kind == "zone"]
    for province in {z.province for z in ds.zones}:
        mine = [f for f in zones if ds.zone(f.subject_id).province == province]
        if not mine or any(f.actual is None for f in mine):
            continue
        areas = [hectares_of(ds.zone(f.subject_id).total_area) for f in mine]
        parts = [_number(f.actual) or 0.0 for f in mine]
        expected = sum(p * a for p, a in zip(parts, areas, strict=True)) / sum(areas)
        rolled = report[f"{HI_TECH}/{province}"]
        if sum(areas) > 0:
            assert rolled.actual is not None
            assert float(rolled.actual.value) == pytest.approx(expected, rel=1e-9, abs=1e-12)
