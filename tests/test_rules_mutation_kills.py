"""The rule engine: messages and texts that the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. Every expected value
is worked out by hand in the comment next to it.
"""

from __future__ import annotations

import datetime as dt

import pytest

import industrial_policy as ip
from industrial_policy.errors import InvalidValueError
from industrial_policy.rules import RulePack, RuleSet, evaluate, load_packs
from test_rules_error_messages import rule, share_parameter

DAY = dt.date(2024, 12, 31)
NATIONAL = load_packs(["vn-national"])
PHASE = "vn-national.largest-phase"


def park(zone_id: str, total: str = "608 ha", **extra: object) -> ip.Zone:
    fields: dict[str, object] = {
        "id": zone_id,
        "name": zone_id.upper(),
        "kind": "industrial_park",
        "province": "Hải Phòng",
        "total_area": total,
    }
    return ip.Zone(**(fields | extra))  # type: ignore[arg-type]


def test_an_unknown_input_lists_the_inputs_the_rules_take() -> None:
    # vn-national takes areas (a park's largest phase, a cluster's expansion, housing outside
    # the parks) and yes/no facts (a cluster's demand and infrastructure).
    with pytest.raises(InvalidValueError) as caught:
        evaluate(ip.Dataset(zones=[park("kcn-x")]), NATIONAL, DAY, inputs={"phases": {}})
    error = caught.value
    assert error.field == "inputs"
    assert error.value == "phases"
    known = sorted(
        {
            condition.measure.input
            for rule in NATIONAL.rules
            for condition in rule.conditions
            if condition.measure.input
        }
        | {fact.input for rule in NATIONAL.rules for fact in rule.facts}
    )
    assert PHASE in known
    assert f"the choices are: {', '.join(repr(k) for k in known)}" in str(error)


def test_an_input_for_a_subject_out_of_scope_names_the_input() -> None:
    with pytest.raises(InvalidValueError) as caught:
        evaluate(
            ip.Dataset(zones=[park("kcn-x")]), NATIONAL, DAY, inputs={PHASE: {"kcn-y": "300 ha"}}
        )
    error = caught.value
    assert error.field == f"inputs[{PHASE!r}]"
    assert error.value == "kcn-y"
    assert "not a zone in the scope of rule 'vn-national.phase-size'" in str(error)


def test_a_phase_larger_than_its_park_names_the_park_and_the_hectares() -> None:
    # 700 ha cannot be a phase of a 608 ha park.
    with pytest.raises(InvalidValueError) as caught:
        evaluate(
            ip.Dataset(zones=[park("kcn-x")]), NATIONAL, DAY, inputs={PHASE: {"kcn-x": "700 ha"}}
        )
    error = caught.value
    assert error.field == f"inputs[{PHASE!r}]['kcn-x']"
    assert error.value == "700 ha"
    assert "a phase cannot be larger than the park (608 ha)" in str(error)


def test_a_one_parameter_comparator_refuses_a_second_parameter() -> None:
    with pytest.raises(InvalidValueError) as caught:
        rule(threshold_upper="r.max")
    assert "'at_least' takes one parameter" in str(caught.value)


def test_the_formula_of_a_range_rule_names_both_bounds() -> None:
    # 45 ha of 300 ha is 15%: between 10% and 20%.
    ds = ip.Dataset(
        zones=[park("kcn-a", "300 ha")],
        parcels=[
            ip.Parcel(
                id="a-1", zone_id="kcn-a", area="45 ha", status="reserved", category="hi_tech"
            )
        ],
    )
    pack = RulePack(
        pack="mine",
        title="Mine",
        parameters=[share_parameter("r.low", 0.1), share_parameter("r.high", 0.2)],
        rules=[rule(comparator="between", threshold="r.low", threshold_upper="r.high")],
    )
    finding = evaluate(ds, RuleSet.of([pack]), DAY)["r/kcn-a"]
    assert finding.status is ip.Status.PASS
    assert "between 10% [r.low] and 20% [r.high]" in finding.explanation.formula


@pytest.mark.parametrize(("count", "shown"), [(5, ""), (6, " and 1 more"), (7, " and 2 more")])
def test_illustrative_zones_are_named_five_at_most(count: int, shown: str) -> None:
    zones = [park(f"kcn-{i}", "100 ha", illustrative=True) for i in range(count)]
    report = evaluate(ip.Dataset(zones=zones), NATIONAL, DAY)
    finding = report["vn-national.workers-housing/Hải Phòng"]
    named = ", ".join(f"kcn-{i}" for i in range(5))
    note = f"illustrative records used (not from a source): zones {named}{shown}"
    assert note in finding.explanation.notes


def test_the_inputs_of_area_measures_name_the_area_and_its_records() -> None:
    # Two clusters of district D: 50 + 30 ha for lease, 20 ha leased (parcel p1), so 60 ha
    # unleased, which comes from the two clusters, not from the leased parcel.
    zones = [
        ip.Zone(id="ccn-1", name="C1", kind="industrial_cluster", province="Q", district="D",
                total_area="60 ha", industrial_land_area="50 ha"),
        ip.Zone(id="ccn-2", name="C2", kind="industrial_cluster", province="Q", district="D",
                total_area="40 ha", industrial_land_area="30 ha"),
    ]  # fmt: skip
    parcels = [
        ip.Parcel(id="p1", zone_id="ccn-1", area="20 ha", status="leased"),
        ip.Parcel(id="p2", zone_id="ccn-1", area="30 ha", status="vacant"),
        ip.Parcel(id="p3", zone_id="ccn-2", area="30 ha", status="vacant"),
    ]
    report = evaluate(ip.Dataset(zones=zones, parcels=parcels), NATIONAL, DAY)
    new_cluster = [str(i) for i in report["vn-national.new-cluster/D, Q"].explanation.inputs]
    assert new_cluster[-1] == (
        "alternative: unleased industrial land = 60 ha (from 2 records: ccn-1, ccn-2)"
    )
    expansion = report["vn-national.cluster-expansion-area/ccn-1"].explanation.inputs
    assert str(expansion[0]) == "total area = 60 ha (from 1 record: ccn-1)"
