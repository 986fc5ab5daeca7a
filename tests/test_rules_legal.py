"""Legal fidelity of the shipped packs: sources, dates, predecessors and the reference page."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.findings import Status
from industrial_policy.rules import RulePackError, evaluate, load_packs, parse_pack
from industrial_policy.rules.reference import main, reference_markdown, value_text

RULES = load_packs()
NATIONAL = load_packs(["vn-national"])
PAGE = Path(__file__).resolve().parents[1] / "docs" / "legal-reference.md"
ONE_DAY = dt.timedelta(days=1)
INFRA = "vn-national.cluster-infrastructure-completed"
DEMAND = "vn-national.cluster-demand-above-land"


def _every_kind() -> ip.Dataset:
    """One zone of every kind the shipped rules take, each with what its scope needs."""
    common = {"province": "Hải Dương", "district": "D"}
    kinds = [
        "industrial_park",
        "export_processing_zone",
        "hi_tech_park",
        "supporting_industry_park",
        "specialised_park",
        "eco_industrial_park",
        "industrial_cluster",
    ]
    zones = [
        ip.Zone(
            id=f"z-{kind}",
            name=kind,
            kind=kind,  # type: ignore[arg-type]
            total_area="60 ha",
            industrial_land_area="50 ha",
            industry="textiles" if kind == "specialised_park" else None,
            specialises_in_hi_tech=kind == "hi_tech_park",
            **common,  # type: ignore[arg-type]
        )
        for kind in kinds
    ]
    zones.append(
        ip.Zone(
            id="kkt",
            name="KKT",
            kind="economic_zone",
            economic_zone_type="coastal",
            total_area="12000 ha",
            province="Hải Dương",
        )
    )
    parcels = [
        ip.Parcel(id=f"p-{z.id}", zone_id=z.id, area="20 ha", status="leased")
        for z in zones
        if z.id != "kkt"
    ]
    return ip.Dataset(zones=zones, parcels=parcels)


# -- what the packs say ---------------------------------------------------------------------------


def test_every_value_cites_an_article_or_is_marked_unverified() -> None:
    for parameter in RULES.parameters.values():
        assert parameter.citation, parameter.id
        if not parameter.values:
            # A threshold no text confirms is the user's: no value ships.
            assert parameter.description, parameter.id
        for value in parameter.values:
            assert value.source is not None, parameter.id
            assert value.effective_from is not None, parameter.id
            cited = value.source.article is not None
            assert cited or not (parameter.verified and value.verified), parameter.id
            if value.verified and parameter.verified:
                assert value.source.url, parameter.id
                assert value.source.retrieved is not None, parameter.id


def test_every_rule_has_an_in_force_date() -> None:
    # The one exception carries no legal figure: occupancy against a level the user sets.
    undated = {rule.id for rule in RULES.rules if rule.in_force_from is None}
    assert undated == {"vn-land.occupancy"}
    rule = RULES.rule("vn-land.occupancy")
    assert all(not RULES.parameters[p].values for c in rule.conditions for p in c.parameter_ids())


def test_every_rule_has_a_value_in_force_from_its_first_day() -> None:
    # A rule in force never meets a day without its threshold (shipped values only).
    for rule in RULES.rules:
        for condition in rule.conditions:
            for ref in condition.parameter_ids():
                values = RULES.parameters[ref].values
                if rule.in_force_from is not None and values:
                    first = values[0].effective_from
                    assert first is not None, ref
                    assert first <= rule.in_force_from, (rule.id, ref)


# -- the day before and the day a text takes effect -----------------------------------------------


@pytest.mark.parametrize("rule_id", sorted(r.id for r in RULES.rules if r.in_force_from))
def test_the_day_before_a_rule_takes_effect_it_is_not_applicable_and_says_why(
    rule_id: str,
) -> None:
    rule = RULES.rule(rule_id)
    assert rule.in_force_from is not None
    ds = _every_kind()
    before = evaluate(ds, RULES, rule.in_force_from - ONE_DAY).filter(check_id=rule_id)
    assert {f.status for f in before} == {Status.NOT_APPLICABLE}
    why = rule.out_of_force(rule.in_force_from - ONE_DAY)
    assert why is not None
    assert f"in force from {rule.in_force_from.isoformat()}" in why
    for finding in before:
        assert why in finding.explain()
    on_the_day = evaluate(ds, RULES, rule.in_force_from).filter(check_id=rule_id)
    assert Status.NOT_APPLICABLE not in {f.status for f in on_the_day}
    for finding in on_the_day:
        for use in finding.explanation.parameters:
            current = RULES.parameters[use.id].value_on(rule.in_force_from)
            assert current is not None
            assert use.effective_from == current.effective_from
            assert use.citation == current.citation()


def test_a_park_rule_before_decree_35_says_the_earlier_rule_is_not_shipped() -> None:
    ds = _every_kind()
    finding = evaluate(ds, NATIONAL, "2022-07-14")["vn-national.hi-tech-park/z-hi_tech_park"]
    assert finding.status is Status.NOT_APPLICABLE
    assert (
        "not applicable on 2022-07-14: Decree 35/2022/NĐ-CP in force from 2022-07-15;"
        " Decree 82/2018/NĐ-CP governed before; its rule is not shipped"
    ) in finding.explain()
    assert finding.actual is None
    assert finding.threshold is None  # the 2022 figure is never applied to an earlier day


def _district(unleased: str, leased: str) -> ip.Dataset:
    land = f"{float(unleased.split()[0]) + float(leased.split()[0])} ha"
    cluster = ip.Zone(
        id="ccn-1",
        name="CCN 1",
        kind="industrial_cluster",
        province="Hải Dương",
        district="D",
        total_area="150 ha",
        industrial_land_area=land,
    )
    parcels = [
        ip.Parcel(id="l", zone_id="ccn-1", area=leased, status="leased"),
        ip.Parcel(id="v", zone_id="ccn-1", area=unleased, status="vacant"),
    ]
    return ip.Dataset(zones=[cluster], parcels=parcels)


def test_a_new_cluster_on_the_day_before_decree_32_takes_the_predecessors_rule() -> None:
    # Exactly 50 ha unleased and 40% occupancy: Decree 68/2017 wants LESS THAN 50 ha,
    # Decree 32/2024 AT MOST 100 ha.
    ds = _district("50 ha", "33.333333333333336 ha")
    subject = "D, Hải Dương"
    eve = evaluate(ds, NATIONAL, "2024-04-30")
    new = eve[f"vn-national.new-cluster/{subject}"]
    assert new.status is Status.NOT_APPLICABLE
    assert (
        "Decree 32/2024/NĐ-CP in force from 2024-05-01; before that date Decree 68/2017/NĐ-CP"
        " (as amended by Decree 66/2020/NĐ-CP) applies: see rule vn-national.new-cluster-2017"
    ) in new.explain()
    old = eve[f"vn-national.new-cluster-2017/{subject}"]
    assert old.status is Status.FAIL
    uses = {u.id: u for u in old.explanation.parameters}
    assert uses["vn-national.new-cluster.max-unleased"].value == ip.Amount(50, "hectare")
    assert uses["vn-national.new-cluster.max-unleased"].effective_from == dt.date(2017, 7, 15)
    assert "NOT VERIFIED" in old.explain()
    day = evaluate(ds, NATIONAL, "2024-05-01")
    assert day[f"vn-national.new-cluster-2017/{subject}"].status is Status.NOT_APPLICABLE
    assert (
        "Decree 68/2017/NĐ-CP (as amended by Decree 66/2020/NĐ-CP) in force until 2024-04-30;"
        " replaced by Decree 32/2024/NĐ-CP from 2024-05-01"
    ) in day[f"vn-national.new-cluster-2017/{subject}"].explain()
    now = day[f"vn-national.new-cluster/{subject}"]
    assert now.status is Status.PASS
    uses = {u.id: u for u in now.explanation.parameters}
    assert uses["vn-national.new-cluster.max-unleased"].value == ip.Amount(100, "hectare")
    assert uses["vn-national.new-cluster.max-unleased"].citation == (
        "Decree 32/2024/NĐ-CP, Art. 8(1)(c)"
    )
    assert "NOT VERIFIED" not in now.explain()


def test_expanding_a_cluster_uses_each_decrees_value_on_its_own_days() -> None:
    ds = _district("10 ha", "40 ha")
    inputs = {INFRA: {"ccn-1": True}}
    eve = evaluate(ds, NATIONAL, "2024-04-30", inputs=inputs)
    day = evaluate(ds, NATIONAL, "2024-05-01", inputs=inputs)
    rule = "vn-national.cluster-expansion-occupancy/ccn-1"
    assert eve[rule].status is Status.PASS
    assert day[rule].status is Status.PASS
    old = eve[rule].explanation.parameters[0]
    new = day[rule].explanation.parameters[0]
    assert (old.effective_from, new.effective_from) == (dt.date(2017, 7, 15), dt.date(2024, 5, 1))
    assert old.citation == "Decree 68/2017/NĐ-CP, article not confirmed"
    assert new.citation == "Decree 32/2024/NĐ-CP, Art. 8(2)(c)"
    assert "is NOT VERIFIED against the legal text" in eve[rule].explain()
    assert "NOT VERIFIED" not in day[rule].explain()
    before = evaluate(ds, NATIONAL, "2017-07-14")[rule]
    assert before.status is Status.NOT_APPLICABLE
    assert "the earlier rule is not shipped" in before.explain()


# -- conditions the data model cannot hold --------------------------------------------------------


@given(
    leased=st.integers(0, 50),
    demand=st.sampled_from([None, True, False]),
    infra=st.sampled_from([None, True, False]),
)
def test_demand_and_infrastructure_decide_as_the_decree_reads(
    leased: int, demand: bool | None, infra: bool | None
) -> None:
    ds = _district(f"{50 - leased} ha", f"{leased} ha")
    inputs: dict[str, dict[str, object]] = {}
    if demand is not None:
        inputs[DEMAND] = {"ccn-1": demand}
    if infra is not None:
        inputs[INFRA] = {"ccn-1": infra}
    finding = evaluate(ds, NATIONAL, "2025-01-01", inputs=inputs)[
        "vn-national.cluster-expansion-occupancy/ccn-1"
    ]
    occupancy_holds = leased / 50 >= 0.6
    if infra is False:
        expected = Status.FAIL
    elif occupancy_holds or demand is True:
        expected = Status.PASS if infra else Status.INSUFFICIENT_DATA
    else:
        expected = Status.INSUFFICIENT_DATA if demand is None else Status.FAIL
    assert finding.status is expected
    text = finding.explain()
    missing = finding.row()["missing"] or ""
    for name, answer in ((DEMAND, demand), (INFRA, infra)):
        if answer is None:
            assert f"give it with inputs={{{name!r}" in text
        else:
            assert f"user input {name!r}" in text
        # A fact not given is what to add, when the verdict waits on the facts.
        wanted = answer is None and expected is Status.INSUFFICIENT_DATA
        assert (f"(user input {name!r})" in missing) is wanted, (missing, expected)
    if expected is Status.INSUFFICIENT_DATA:
        assert finding.reason is not None
        assert finding.reason.startswith("not given: whether")


def test_a_fact_must_be_true_or_false() -> None:
    ds = _district("10 ha", "40 ha")
    with pytest.raises(ip.InvalidValueError, match="a fact is True or False"):
        evaluate(ds, NATIONAL, "2025-01-01", inputs={INFRA: {"ccn-1": "yes"}})
    with pytest.raises(ip.InvalidValueError, match="not a zone in the scope"):
        evaluate(ds, NATIONAL, "2025-01-01", inputs={INFRA: {"ccn-9": True}})
    with pytest.raises(ip.InvalidValueError, match="an input maps subject ids to True or False"):
        evaluate(ds, NATIONAL, "2025-01-01", inputs={INFRA: True})  # type: ignore[dict-item]


# -- the reference page ---------------------------------------------------------------------------


def test_the_reference_page_is_the_packs_regenerated() -> None:
    assert PAGE.read_text(encoding="utf-8") == reference_markdown(), (
        "docs/legal-reference.md is out of date: run"
        " python -m industrial_policy.rules.reference > docs/legal-reference.md"
    )


def test_the_reference_command_writes_the_page() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "industrial_policy.rules.reference"],
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
    )
    assert done.stdout == PAGE.read_text(encoding="utf-8")
    assert main(["--nope"]) == 2


def test_the_reference_page_lists_every_value_with_its_source() -> None:
    page = reference_markdown()
    for parameter in RULES.parameters.values():
        assert f"### `{parameter.id}`" in page
        for value in parameter.values:
            since = value.effective_from.isoformat() if value.effective_from else ""
            row = f"| {value_text(value.value, parameter.unit)} | {since} |"
            assert row in page, (parameter.id, since)
            if value.source is not None and value.source.url:
                assert value.source.url in page
    for rule in RULES.rules:
        assert f"### `{rule.id}`" in page


def test_a_fact_named_like_an_area_input_is_refused() -> None:
    text = """
pack = "mine"
title = "T"
[[parameters]]
id = "mine.max"
unit = "hectare"
values = [{ value = 75, effective_from = 2024-05-01 }]
[[rules]]
id = "mine.expansion"
title = "T"
citation = "C"
authority = "national"
measure = { kind = "area_after_expansion", input = "mine.expansion" }
comparator = "at_most"
threshold = "mine.max"
in_force_from = 2024-05-01
facts = [{ input = "mine.expansion", role = "required", text = "built" }]
"""
    with pytest.raises(RulePackError, match=r"rules\[0\]\.facts\[0\]\.input: names an input"):
        parse_pack(text, "mine.toml")
