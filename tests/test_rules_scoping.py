"""Scope: every zone of a rule's kinds gets a finding; a provincial policy re-scoped elsewhere.

Also the outputs that say what to add: the reason of a finding that is not conclusive, in the
text table, the HTML table, CSV and frames.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html import escape as html_escape
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.cli import main
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import ROW_COLUMNS, Status, report_html
from industrial_policy.rules import evaluate, load_pack, load_packs
from industrial_policy.rules.scoping import parse_apply_to, read_apply_to

DAY = dt.date(2024, 12, 31)
HI_TECH = "vn-land.hi-tech-reserve"


def _two_provinces() -> ip.Dataset:
    """A Hải Dương park, and two Bắc Ninh parks, one of them specialising in hi-tech."""
    zones = [
        ip.Zone(id="hd-1", name="KCN Đại An", kind="industrial_park", province="Hải Dương",
                total_area="600 ha"),
        ip.Zone(id="bn-1", name="KCN Quế Võ", kind="industrial_park", province="Bắc Ninh",
                total_area="600 ha"),
        ip.Zone(id="bn-ht", name="KCN CNC", kind="industrial_park", province="Bắc Ninh",
                total_area="200 ha", specialises_in_hi_tech=True),
        ip.Zone(id="bn-ccn", name="CCN Lạc Vệ", kind="industrial_cluster", province="Bắc Ninh",
                total_area="50 ha"),
    ]  # fmt: skip
    parcels = [
        ip.Parcel(id="p1", zone_id="hd-1", area="90 ha", status="reserved", category="hi_tech"),
        ip.Parcel(id="p2", zone_id="bn-1", area="150 ha", status="reserved", category="hi_tech"),
    ]
    return ip.Dataset(zones=zones, parcels=parcels, name="two provinces")


# -- a zone outside a rule's scope is reported, saying why ---------------------------------------


def test_a_zone_outside_the_scope_next_to_zones_inside_it_is_not_applicable() -> None:
    report = evaluate(_two_provinces(), ["vn-land"], DAY)
    assert report[f"{HI_TECH}/hd-1"].status is Status.FAIL
    # One finding per province and reason, named for them, naming the zone(s) it leaves out.
    outside = report[f"{HI_TECH}/outside scope, Bắc Ninh"]
    assert outside.status is Status.NOT_APPLICABLE
    assert outside.subject_kind == "zones"
    assert outside.reason is not None
    assert "zone 'bn-1' is outside the rule's scope" in outside.reason
    assert "it is in Bắc Ninh, the rule applies in Hải Dương only" in outside.reason
    # The hint names the re-scoping that would make it applicable.
    assert '--apply-to province="Bắc Ninh"' in outside.reason
    both = report[f"{HI_TECH}/outside scope (hi-tech), Bắc Ninh"].reason or ""
    assert "zone 'bn-ht' is outside" in both
    assert "it specialises in hi-tech" in both
    assert "Bắc Ninh" in both
    assert "apply-to" not in both  # re-scoping alone would not bring it in
    # Its subject ends with the province, so that a report selects it by province.
    whole = ip.evaluate(_two_provinces(), DAY, rule_packs=["vn-land"])
    assert whole.filter(province="Bắc Ninh").filter(check_id=HI_TECH).ids() == (
        f"{HI_TECH}/outside scope, Bắc Ninh",
        f"{HI_TECH}/outside scope (hi-tech), Bắc Ninh",
    )
    # A zone of a kind the rule is not about gets no finding of it.
    assert f"{HI_TECH}/bn-ccn" not in {f.id for f in report}


def test_zones_left_out_for_the_same_reason_share_one_finding_that_names_them_all() -> None:
    # Several provinces' parks against a rule of Hải Dương: one finding per province, naming
    # each of its parks once and counting them; the --apply-to hint given once.
    zones = [
        ip.Zone(id=f"{code}-{i}", name=f"KCN {i}", kind="industrial_park", province=province,
                total_area="100 ha")
        for code, province, n in (("bn", "Bắc Ninh", 3), ("bg", "Bắc Giang", 25))
        for i in range(n)
    ]  # fmt: skip
    report = evaluate(ip.Dataset(zones=zones), ["vn-land"], DAY)
    found = report.filter(check_id=HI_TECH)
    assert found.ids() == (
        f"{HI_TECH}/outside scope, Bắc Ninh",
        f"{HI_TECH}/outside scope, Bắc Giang",
    )
    three = report[f"{HI_TECH}/outside scope, Bắc Ninh"].reason or ""
    assert three.startswith(
        "3 zones ('bn-0', 'bn-1', 'bn-2') are outside the rule's scope: they are in Bắc Ninh,"
        " the rule applies in Hải Dương only; to apply this provincial policy in Bắc Ninh:"
    )
    assert three.count("--apply-to") == 1
    many = report[f"{HI_TECH}/outside scope, Bắc Giang"].reason or ""
    assert many.startswith("25 zones ('bg-0', 'bg-1', ")
    assert "'bg-19', … 5 more) are outside" in many  # the count, and the first 20 named
    assert "'bg-20'" not in many
    # Looking a zone up by its id says where it is reported.
    with pytest.raises(KeyError, match=r"zone 'bn-1' is outside the rule's scope, reported in"):
        report[f"{HI_TECH}/bn-1"]


def test_an_economic_zone_whose_type_is_not_recorded_says_what_to_add() -> None:
    zones = [
        ip.Zone(id="ez", name="KKT", kind="economic_zone", province="Quảng Nam",
                total_area="9000 ha", economic_zone_type="coastal"),
        ip.Zone(id="ez-inland", name="KKT 2", kind="economic_zone", province="Quảng Nam",
                total_area="9000 ha", economic_zone_type="other"),
        ip.Zone(id="ez-unknown", name="KKT 3", kind="economic_zone", province="Quảng Nam",
                total_area="9000 ha"),
    ]  # fmt: skip
    report = evaluate(ip.Dataset(zones=zones), ["vn-national"], DAY)
    rule = "vn-national.economic-zone-area"
    assert report[f"{rule}/ez"].status is Status.FAIL
    other = report[f"{rule}/outside scope (type other), Quảng Nam"]
    assert other.status is Status.NOT_APPLICABLE
    assert "zone 'ez-inland' is outside" in (other.reason or "")
    assert "border gate or coastal" in (other.reason or "")
    unknown = report[f"{rule}/outside scope (type not recorded), Quảng Nam"]
    assert "zone 'ez-unknown' is outside" in (unknown.reason or "")
    assert unknown.status is Status.NOT_APPLICABLE  # as the pack says
    assert "record Zone.economic_zone_type to check it" in (unknown.reason or "")


def test_a_rule_not_in_force_is_not_applicable_to_every_zone_in_scope_or_not() -> None:
    report = evaluate(_two_provinces(), ["vn-land"], "2020-01-01")
    for zone in ("hd-1", "bn-1", "bn-ht"):
        finding = report[f"{HI_TECH}/{zone}"]
        assert finding.status is Status.NOT_APPLICABLE
        assert "in force from 2021-08-23" in (finding.reason or "")


# -- a provincial policy applied to another province -----------------------------------------------


def test_apply_to_re_scopes_the_provincial_rules_and_every_finding_says_so() -> None:
    ds = _two_provinces()
    rules = load_pack("vn-land").apply_to(province="Bắc Ninh")
    assert set(rules.rescoped) == {HI_TECH, "vn-land.supporting-reserve"}
    assert rules.rule(HI_TECH).scope.province == "Bắc Ninh"
    assert rules.rule("vn-land.occupancy") == load_pack("vn-land").rules[2]  # of every province
    report = evaluate(ds, rules, DAY)
    finding = report[f"{HI_TECH}/bn-1"]
    assert finding.status is Status.PASS  # 150 of 600 ha: 25%
    assert report[f"{HI_TECH}/outside scope, Hải Dương"].status is Status.NOT_APPLICABLE
    for f in report:
        if f.check_id in rules.rescoped:
            assert "(policy of Hải Dương applied to Bắc Ninh)" in f.title
            assert "applied outside its original scope: pack 'vn-land'" in f.explain()
        else:
            assert "applied outside" not in f.explain()
    # The same through evaluate(apply_to=...), a mapping or its text.
    for spec in ({"province": "Bắc Ninh"}, 'province="Bắc Ninh"', "province=Bắc Ninh"):
        again = evaluate(ds, ["vn-land"], DAY, apply_to=spec)
        assert again.to_json() == report.to_json()


def test_apply_to_keeps_parameter_ids_so_overrides_and_comparisons_line_up() -> None:
    ds = _two_provinces()
    rules = load_packs(["vn-land"]).apply_to(province="Bắc Ninh")
    stricter = evaluate(ds, rules, DAY, overrides={f"{HI_TECH}.min-share": "30%"})
    assert stricter[f"{HI_TECH}/bn-1"].status is Status.FAIL
    change = evaluate(ds, ["vn-land"], DAY).compare(evaluate(ds, rules, DAY))
    moved = {c.finding_id for c in change.status_changes}
    assert f"{HI_TECH}/bn-1" in moved
    assert f"{HI_TECH}/hd-1" in moved


def test_apply_to_chooses_rules_and_refuses_what_cannot_be_re_scoped() -> None:
    rules = load_packs()
    only = rules.apply_to(province="Bắc Ninh", rules=[HI_TECH])
    assert set(only.rescoped) == {HI_TECH}
    by_pack = rules.apply_to(province="Bắc Ninh", rules=["vn-land"])
    assert set(by_pack.rescoped) == {HI_TECH, "vn-land.supporting-reserve"}
    with pytest.raises(InvalidValueError, match="names no rule or pack"):
        rules.apply_to(province="Bắc Ninh", rules=["no-such-rule"])
    with pytest.raises(InvalidValueError, match="applies in every province already"):
        rules.apply_to(province="Bắc Ninh", rules=["vn-national.phase-size"])
    with pytest.raises(InvalidValueError, match="no rule evaluated is scoped to a province"):
        load_packs(["vn-national"]).apply_to(province="Bắc Ninh")
    with pytest.raises(InvalidValueError, match="non-empty text"):
        rules.apply_to(province="  ")
    with pytest.raises(InvalidValueError, match="needs the province"):
        read_apply_to({"rules": HI_TECH})
    with pytest.raises(InvalidValueError, match="not a key of apply_to"):
        read_apply_to({"province": "Bắc Ninh", "zone": "x"})
    # Its own province: nothing is re-scoped, nothing is said.
    assert not rules.apply_to(province="hải dương").rescoped


# -- the grammar of --apply-to ---------------------------------------------------------------------

NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s)
IDS = st.from_regex(r"[a-z][a-z0-9.-]{0,20}", fullmatch=True)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@given(NAMES, st.lists(IDS, max_size=3), st.booleans())
def test_apply_to_text_reads_back_what_was_written(
    province: str, rules: list[str], spaces: bool
) -> None:
    gap = " " if spaces else ""
    parts = [f"province{gap}={gap}{_quoted(province)}", *(f"rules={r}" for r in rules)]
    parsed = parse_apply_to(f"{gap},{gap}".join(parts))
    assert parsed["province"] == province
    assert parsed.get("rules", ()) == tuple(rules)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "expected KEY=VALUE at character 1"),
        ("province", "expected KEY=VALUE"),
        ('province="Bắc Ninh', "expected KEY=VALUE"),
        ('province="Bắc Ninh" x', "expected a comma or the end at character 21"),
        ('province="A", province="B"', "given twice"),
        ("zone=x", "unknown key 'zone'"),
        ('province="A",', "expected KEY=VALUE at character 14"),
        ("__import__('os')", "expected KEY=VALUE"),
    ],
)
def test_apply_to_text_errors_name_where(text: str, says: str) -> None:
    with pytest.raises(InvalidValueError, match=says) as caught:
        parse_apply_to(text)
    assert caught.value.field == "--apply-to"


def test_the_command_line_applies_a_policy_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    ip.dump(_two_provinces(), path)
    out = io.StringIO()
    args = ["evaluate", str(path), "--as-of", "2024-12-31", "--rules", "vn-land"]
    assert main([*args, "--apply-to", 'province="Bắc Ninh"', "--format", "json"], stdout=out) == 0
    findings = {f["id"]: f for f in json.loads(out.getvalue())["findings"]}
    assert findings[f"{HI_TECH}/bn-1"]["status"] == "pass"
    assert "applied to Bắc Ninh" in findings[f"{HI_TECH}/bn-1"]["title"]
    out = io.StringIO()
    assert main([*args, "--apply-to", "province=Bắc Ninh"], stdout=out) == 0  # the shell's quotes
    assert main([*args, "--apply-to", "provnce=Bắc Ninh"], stdout=io.StringIO()) == 2


# -- outputs say what to add -----------------------------------------------------------------------


def test_every_output_carries_the_reason_of_a_finding_that_is_not_conclusive() -> None:
    report = evaluate(_two_provinces(), ["vn-land"], DAY)
    reasoned = [f for f in report if not f.status.is_conclusive]
    assert reasoned
    assert all(f.reason for f in reasoned)
    text = str(report)
    html = report_html(report)
    rows = list(csv.DictReader(io.StringIO(report.to_csv())))
    frame = report.to_frame("polars")
    assert "reason" in ROW_COLUMNS
    assert "reason" in frame.columns
    assert "<th>reason</th>" in html
    for f, row in zip(report, rows, strict=True):
        assert row["reason"] == (f.reason or "")
        if f.reason:
            # In the 80-column table the reason is wrapped under its finding, never cut.
            words = " ".join(text.split())
            assert f"why: {f.reason}" in words
            assert html_escape(f.reason) in html
    assert all(len(line) <= 80 for line in text.splitlines()[1:])
    assert frame["reason"].to_list() == [f.reason for f in report]
