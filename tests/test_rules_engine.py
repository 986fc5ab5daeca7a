"""The rule engine on small datasets: the documented figures, explanations, what-ifs, inputs."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

import industrial_policy as ip
from industrial_policy.findings import Status
from industrial_policy.rules import RuleSet, evaluate, load_packs, parse_pack

DAY = dt.date(2024, 12, 31)
LAND = load_packs(["vn-land"])
NATIONAL = load_packs(["vn-national"])
HI_TECH = "vn-land.hi-tech-reserve"
SUPPORTING = "vn-land.supporting-reserve"
OCCUPANCY = "vn-land.occupancy"


def zone(zone_id: str = "kcn-a", total: str | None = "300 ha", **extra: object) -> ip.Zone:
    fields: dict[str, object] = {
        "id": zone_id,
        "name": zone_id.upper(),
        "kind": "industrial_park",
        "province": "Hải Dương",
        "total_area": total,
    }
    fields.update(extra)
    return ip.Zone(**fields)  # type: ignore[arg-type]


def parcel(parcel_id: str, zone_id: str, area: str, status: str, **extra: object) -> ip.Parcel:
    return ip.Parcel(id=parcel_id, zone_id=zone_id, area=area, status=status, **extra)  # type: ignore[arg-type]


def reserved(parcel_id: str, zone_id: str, area: str, category: str = "hi_tech") -> ip.Parcel:
    return parcel(parcel_id, zone_id, area, "reserved", category=category)


# -- the documented examples ----------------------------------------------------------------------


def test_a_300_ha_zone_with_45_ha_hi_tech_fails_the_20_percent_rule_by_15_ha() -> None:
    ds = ip.Dataset(zones=[zone()], parcels=[reserved("a-1", "kcn-a", "45 ha")])
    finding = evaluate(ds, LAND, DAY)[f"{HI_TECH}/kcn-a"]
    assert finding.status is Status.FAIL
    assert finding.actual == ip.Amount(0.15, "ratio")
    assert finding.threshold == ip.Amount(0.2, "ratio")
    assert finding.gap == ip.Amount(-15.0, "hectare")
    text = finding.explain()
    assert "shortfall: 15 ha" in text
    assert "45 ha ÷ 300 ha = 15%" in text
    assert "required: at least 20% of 300 ha = 60 ha; short by 15 ha" in text
    assert (
        "land reserved for hi-tech or leased to such projects = 45 ha (from 1 record: a-1)" in text
    )
    assert "vn-land.hi-tech-reserve.min-share = 20% (in force from 2021-08-23)" in text
    assert "provincial policy of Hải Dương, not national law" in text
    assert "not a legal effective date" in text
    assert "34th meeting, 23 Aug 2021" in text  # the citation


def test_a_60_ha_cluster_with_30_ha_supporting_passes_at_exactly_50_percent() -> None:
    ds = ip.Dataset(
        zones=[zone("ccn-b", "60 ha", kind="industrial_cluster")],
        parcels=[reserved("b-1", "ccn-b", "30 ha", "supporting_industry")],
    )
    finding = evaluate(ds, LAND, DAY)[f"{SUPPORTING}/ccn-b"]
    assert finding.status is Status.PASS
    assert finding.actual == ip.Amount(0.5, "ratio")
    assert finding.gap == ip.Amount(0.0, "hectare")
    assert "margin 0 ha" in finding.explain()


def test_exactly_50_percent_still_passes_after_a_round_trip_through_sao() -> None:
    # 30 ha written in sào Bắc Bộ is 833.33… sào: float error must not fail an exact 50%.
    sao = 30 * 10_000 / 360
    ds = ip.Dataset(
        zones=[zone("ccn-b", "60 ha", kind="industrial_cluster")],
        parcels=[reserved("b-1", "ccn-b", f"{sao!r} sào Bắc Bộ", "supporting_industry")],
    )
    finding = evaluate(ds, LAND, DAY)[f"{SUPPORTING}/ccn-b"]
    assert finding.status is Status.PASS
    assert finding.gap == ip.Amount(0.0, "hectare")


def test_thai_binh_occupancy_about_63_percent() -> None:
    # Illustrative parcels for the published figure: industrial land occupancy ≈ 63% (seeds/002).
    zones = [
        zone("tb-1", "200 ha", province="Thái Bình", industrial_land_area="150 ha"),
        zone("tb-2", "150 ha", province="Thái Bình", industrial_land_area="100 ha"),
    ]
    parcels = [
        parcel("l-1", "tb-1", "100 ha", "leased"),
        parcel("v-1", "tb-1", "50 ha", "vacant"),
        parcel("l-2", "tb-2", "57.5 ha", "leased"),
        parcel("v-2", "tb-2", "42.5 ha", "vacant"),
    ]
    ds = ip.Dataset(zones=zones, parcels=parcels)
    report = evaluate(ds, LAND, DAY, overrides={"vn-land.occupancy.min-share": "60%"})
    province = report[f"{OCCUPANCY}/Thái Bình"]
    assert province.subject_kind == "province"
    assert province.actual is not None
    assert province.actual.value == pytest.approx(0.63)
    assert province.status is Status.PASS
    assert province.gap == ip.Amount(pytest.approx(7.5), "hectare")  # 157.5 − 60% × 250
    # Pooled (157.5 ha ÷ 250 ha), not the mean of 66.7% and 57.5%, nor ÷ the 350 ha total area.
    assert province.actual.value != pytest.approx((100 / 150 + 57.5 / 100) / 2)
    assert "157.5 ha ÷ 250 ha = 63%" in province.explain()
    assert "rolled up from 2 zones" in province.explain()


def test_occupancy_without_a_threshold_is_measured_with_no_verdict() -> None:
    ds = ip.Dataset(
        zones=[zone(industrial_land_area="200 ha")],
        parcels=[parcel("l", "kcn-a", "50 ha", "leased"), parcel("v", "kcn-a", "150 ha", "vacant")],
    )
    finding = evaluate(ds, LAND, DAY)[f"{OCCUPANCY}/kcn-a"]
    assert finding.status is Status.MEASURED
    assert finding.actual == ip.Amount(0.25, "ratio")  # ÷ 200 ha for lease, not ÷ 300 ha
    assert finding.gap is None
    assert finding.threshold is None
    assert "supply it with overrides" in finding.explain()


# -- dates ----------------------------------------------------------------------------------------


def test_a_rule_before_it_is_in_force_is_not_applicable_for_each_subject() -> None:
    ds = ip.Dataset(zones=[zone()], parcels=[reserved("a-1", "kcn-a", "45 ha")])
    report = evaluate(ds, LAND, dt.date(2021, 8, 22)).filter(check_id=HI_TECH)
    assert {f.subject_id: f.status for f in report} == {
        "kcn-a": Status.NOT_APPLICABLE,
        "Hải Dương": Status.NOT_APPLICABLE,
    }
    text = report[f"{HI_TECH}/kcn-a"].explain()
    assert (
        "not applicable on 2021-08-22: the draft HSI project announced by the Hải Dương Party"
        " Committee's Standing Board in force from 2021-08-23; the earlier rule is not shipped"
    ) in text
    on_the_day = evaluate(ds, LAND, dt.date(2021, 8, 23))[f"{HI_TECH}/kcn-a"]
    assert on_the_day.status is Status.FAIL


def test_a_rule_after_its_end_is_not_applicable() -> None:
    pack = _pack(in_force_until="2023-12-31")
    ds = ip.Dataset(zones=[zone()], parcels=[reserved("a-1", "kcn-a", "45 ha")])
    assert evaluate(ds, pack, "2023-12-31")["mine.quota/kcn-a"].status is Status.FAIL
    after = evaluate(ds, pack, "2024-01-01")["mine.quota/kcn-a"]
    assert after.status is Status.NOT_APPLICABLE
    assert (
        "not applicable on 2024-01-01: the rule in force until 2023-12-31; the later rule is"
        " not shipped"
    ) in after.explain()


MEASURE = (
    '{ kind = "category_share", categories = ["hi_tech"], use = "reserved", base = "total_area" }'
)


def _pack(values: str = "{ value = 0.2, effective_from = 2021-01-01 }", **rule: str) -> RuleSet:
    extra = "\n".join(f"{key} = {value!r}" for key, value in rule.items()).replace("'", '"')
    text = f"""
pack = "mine"
title = "Mine"
[[parameters]]
id = "mine.min-share"
unit = "ratio"
values = [{values}]
citation = "Decision 1"
authority = "provincial"
[[rules]]
id = "mine.quota"
title = "Quota"
citation = "Decision 1, Art. 2"
authority = "provincial"
jurisdiction = "Hải Dương"
measure = {MEASURE}
comparator = "at_least"
threshold = "mine.min-share"
in_force_from = 2021-01-01
{extra}
"""
    return RuleSet.of([parse_pack(text)])


def test_a_parameter_with_two_dated_values_uses_the_right_one_each_side_of_the_change() -> None:
    pack = _pack(
        "{ value = 0.2, effective_from = 2021-01-01 }, { value = 0.1, effective_from = 2025-01-01 }"
    )
    ds = ip.Dataset(zones=[zone()], parcels=[reserved("a-1", "kcn-a", "45 ha")])
    before = evaluate(ds, pack, "2024-12-31")["mine.quota/kcn-a"]
    after = evaluate(ds, pack, "2025-01-01")["mine.quota/kcn-a"]
    assert (before.status, before.threshold) == (Status.FAIL, ip.Amount(0.2, "ratio"))
    assert (after.status, after.threshold) == (Status.PASS, ip.Amount(0.1, "ratio"))
    assert "mine.min-share = 10% (in force from 2025-01-01)" in after.explain()
    assert "mine.min-share = 20% (in force from 2021-01-01)" in before.explain()
    assert after.gap == ip.Amount(15.0, "hectare")


def test_a_parameter_with_no_value_in_force_yet_makes_the_rule_not_applicable() -> None:
    pack = _pack("{ value = 0.2, effective_from = 2026-01-01 }")
    ds = ip.Dataset(zones=[zone()])
    finding = evaluate(ds, pack, DAY)["mine.quota/kcn-a"]
    assert finding.status is Status.NOT_APPLICABLE
    assert "its first value takes effect on 2026-01-01" in finding.explain()


# -- missing data ---------------------------------------------------------------------------------


def test_missing_data_is_insufficient_data_naming_what_is_missing_never_zero() -> None:
    ds = ip.Dataset(zones=[zone(total=None)], parcels=[reserved("a-1", "kcn-a", "45 ha")])
    report = evaluate(ds, LAND, DAY)
    finding = report[f"{HI_TECH}/kcn-a"]
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.actual is None
    assert finding.gap is None
    assert "the total area of zone 'kcn-a' is not recorded" in finding.explain()
    occupancy = report[f"{OCCUPANCY}/kcn-a"]
    assert occupancy.status is Status.INSUFFICIENT_DATA
    assert "the industrial land for lease of zone 'kcn-a' is not recorded" in occupancy.explain()


def test_a_zone_without_parcels_is_insufficient_data_not_0_percent() -> None:
    ds = ip.Dataset(
        zones=[zone(), zone("kcn-b", industrial_land_area="200 ha")],
        parcels=[reserved("a-1", "kcn-a", "90 ha")],
    )
    report = evaluate(ds, LAND, DAY)
    empty = report[f"{HI_TECH}/kcn-b"]
    assert empty.status is Status.INSUFFICIENT_DATA
    assert empty.actual is None  # not 0%
    assert "no parcel of zone 'kcn-b' is recorded" in empty.explain()
    assert report[f"{HI_TECH}/kcn-a"].status is Status.PASS
    occupancy = evaluate(ds, LAND, DAY, overrides={"vn-land.occupancy.min-share": 0.5})
    unleased = occupancy[f"{OCCUPANCY}/kcn-b"]
    assert unleased.status is Status.INSUFFICIENT_DATA
    assert unleased.actual is None  # not 0 ha leased of 200 ha
    assert "no parcel of zone 'kcn-b' is recorded" in unleased.explain()
    province = report[f"{HI_TECH}/Hải Dương"]  # one zone lacks data: so does the province
    assert province.status is Status.INSUFFICIENT_DATA
    assert "kcn-b" in province.explain()


def test_a_zero_base_is_insufficient_data_not_a_crash() -> None:
    ds = ip.Dataset(
        zones=[zone(industrial_land_area="0 ha")],
        parcels=[reserved("a-1", "kcn-a", "0 ha")],
    )
    finding = evaluate(ds, LAND, DAY, overrides={"vn-land.occupancy.min-share": 0.5})[
        f"{OCCUPANCY}/kcn-a"
    ]
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "the industrial land for lease is zero: no share can be taken" in finding.explain()


def test_leased_land_of_unknown_use_bounds_the_share() -> None:
    tenant = ip.Project(id="pr", name="P", origin="domestic", zone_id="kcn-a")
    parcels = [
        reserved("a-1", "kcn-a", "45 ha"),
        parcel("a-2", "kcn-a", "30 ha", "leased", project_id="pr"),
    ]
    ds = ip.Dataset(zones=[zone()], parcels=parcels, projects=[tenant])
    finding = evaluate(ds, LAND, DAY)[f"{HI_TECH}/kcn-a"]
    # 15% without the 30 ha of unknown use, 25% with it: the verdict turns on it.
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.actual is None
    assert finding.details["lower bound"] == ip.Amount(0.15, "ratio")
    assert finding.details["upper bound"] == ip.Amount(0.25, "ratio")
    text = finding.explain()
    assert "the share lies between 15% and 25%" in text
    assert "leased land whose use is not recorded" in text
    assert "a-2" in text
    # With a larger reserve both bounds pass: the verdict no longer depends on it.
    more = attrs.evolve(ds, parcels=[reserved("a-1", "kcn-a", "60 ha"), parcels[1]])
    surely = evaluate(more, LAND, DAY)[f"{HI_TECH}/kcn-a"]
    assert surely.status is Status.PASS
    assert surely.gap == ip.Amount(0.0, "hectare")


def test_land_leased_to_a_hi_tech_project_counts_the_parcels_own_category_first() -> None:
    projects = [
        ip.Project(id="ht", name="H", origin="fdi", country="Japan", categories=["hi_tech"]),
        ip.Project(id="mixed", name="M", origin="domestic", categories=["hi_tech", "other"]),
    ]
    parcels = [
        parcel("a-1", "kcn-a", "40 ha", "leased", project_id="ht"),  # by the tenant
        parcel("a-2", "kcn-a", "20 ha", "leased", project_id="mixed", category="other"),  # own
        parcel("a-3", "kcn-a", "10 ha", "leased", project_id="ht", lease_end="2023-12-31"),
    ]
    ds = ip.Dataset(zones=[zone()], parcels=parcels, projects=projects)
    finding = evaluate(ds, LAND, DAY)[f"{HI_TECH}/kcn-a"]
    assert finding.actual == ip.Amount(40 / 300, "ratio")
    assert "(from 1 record: a-1)" in finding.explain()
    earlier = evaluate(ds, LAND, "2023-06-30")[f"{HI_TECH}/kcn-a"]  # a-3 still leased then
    assert earlier.actual == ip.Amount(50 / 300, "ratio")


# -- roll-ups -------------------------------------------------------------------------------------


def test_roll_ups_to_the_economic_zone_and_province_add_hectares() -> None:
    zones = [
        ip.Zone(
            id="ez", name="EZ", kind="economic_zone", province="Hải Dương", total_area="5000 ha"
        ),
        zone("p1", "100 ha", parent_id="ez"),
        zone("p2", "300 ha", parent_id="ez"),
        zone("p3", "100 ha"),
    ]
    parcels = [
        reserved("x", "p1", "50 ha"),
        reserved("y", "p2", "30 ha"),
        reserved("z", "p3", "20 ha"),
    ]
    report = evaluate(ip.Dataset(zones=zones, parcels=parcels), LAND, DAY).filter(check_id=HI_TECH)
    ez = report[f"{HI_TECH}/ez"]
    assert ez.subject_kind == "economic zone"
    assert ez.actual == ip.Amount(80 / 400, "ratio")  # not the mean of 50% and 10%
    assert ez.status is Status.PASS
    assert ez.gap == ip.Amount(0.0, "hectare")
    province = report[f"{HI_TECH}/Hải Dương"]
    assert province.actual == ip.Amount(100 / 500, "ratio")
    assert [f.status for f in report.filter(subject_id="p2")] == [Status.FAIL]
    assert "(from 2 records: x, y)" in ez.explain()
    assert "rolled up from 2 zones" in ez.explain()


def test_clusters_roll_up_by_district_and_an_unplaced_cluster_is_reported() -> None:
    clusters = [
        zone("c1", "50 ha", kind="industrial_cluster", district="Cẩm Giàng"),
        zone("c2", "40 ha", kind="industrial_cluster", district="cẩm giàng"),
        zone("c3", "30 ha", kind="industrial_cluster"),
    ]
    parcels = [
        reserved("s1", "c1", "30 ha", "supporting_industry"),
        reserved("s2", "c2", "10 ha", "supporting_industry"),
        reserved("s3", "c3", "15 ha", "supporting_industry"),
    ]
    report = evaluate(ip.Dataset(zones=clusters, parcels=parcels), LAND, DAY)
    district = report[f"{SUPPORTING}/Cẩm Giàng, Hải Dương"]  # names compared regardless of case
    assert district.actual == ip.Amount(40 / 90, "ratio")
    assert district.gap == ip.Amount(pytest.approx(-5.0), "hectare")
    unplaced = report[f"{SUPPORTING}/district not recorded, Hải Dương"]
    assert unplaced.status is Status.INSUFFICIENT_DATA
    assert "c3" in unplaced.explain()


def test_a_roll_up_named_like_a_zone_keeps_its_own_id() -> None:
    ds = ip.Dataset(zones=[zone("Hải Dương")], parcels=[reserved("a-1", "Hải Dương", "90 ha")])
    report = evaluate(ds, LAND, DAY).filter(check_id=HI_TECH)
    assert {f.subject_id for f in report} == {"Hải Dương", "province Hải Dương"}


def test_a_rule_with_no_zone_in_scope_says_so_once() -> None:
    ds = ip.Dataset(zones=[zone(kind="hi_tech_park")])  # specialises in hi-tech
    [finding] = evaluate(ds, LAND, DAY).filter(check_id=HI_TECH)
    assert (finding.subject_id, finding.status) == ("all", Status.NOT_APPLICABLE)
    assert "no zone of the dataset is in scope" in finding.explain()
    # What to add, were the province to have such zones: the kinds the rule is about.
    kinds = sorted(k.value for k in LAND.rule(HI_TECH).scope.kinds)
    assert f"record such zones (Zone.kind = {' or '.join(map(repr, kinds))})" in (
        finding.reason or ""
    )
    elsewhere = ip.Dataset(zones=[zone(province="Quảng Nam")])
    [other] = evaluate(elsewhere, LAND, DAY).filter(check_id=HI_TECH)
    assert "in Hải Dương" in other.explain()


# -- what-if --------------------------------------------------------------------------------------


def test_a_what_if_override_is_marked_and_reports_compare() -> None:
    ds = ip.Dataset(zones=[zone()], parcels=[reserved("a-1", "kcn-a", "45 ha")])
    base = evaluate(ds, LAND, DAY)
    what_if = evaluate(ds, LAND, DAY, overrides={"vn-land.hi-tech-reserve.min-share": "15%"})
    finding = what_if[f"{HI_TECH}/kcn-a"]
    assert finding.status is Status.PASS
    assert finding.gap == ip.Amount(0.0, "hectare")
    assert "vn-land.hi-tech-reserve.min-share = 15% (what-if override)" in finding.explain()
    changes = {c.finding_id: c for c in base.compare(what_if).status_changes}
    assert set(changes) == {f"{HI_TECH}/kcn-a", f"{HI_TECH}/Hải Dương"}
    assert changes[f"{HI_TECH}/kcn-a"].gap_change == pytest.approx(15)
    assert "fail -> pass (gap +15 ha)" in str(changes[f"{HI_TECH}/kcn-a"])
    assert base[f"{HI_TECH}/kcn-a"].status is Status.FAIL  # the base report is unchanged


def test_unknown_or_bad_overrides_are_errors() -> None:
    ds = ip.Dataset(zones=[zone()])
    with pytest.raises(ip.InvalidValueError, match="no parameter with this id") as caught:
        evaluate(ds, LAND, DAY, overrides={"vn-land.nope": 0.3})
    assert "vn-land.hi-tech-reserve.min-share" in str(caught.value)  # lists the known ones
    with pytest.raises(ip.InvalidValueError, match="a share is a fraction from 0 to 1"):
        evaluate(ds, LAND, DAY, overrides={"vn-land.hi-tech-reserve.min-share": 2})
    with pytest.raises(ip.InvalidValueError, match="needs the date"):
        evaluate(ds, LAND)
    with pytest.raises(ip.InvalidValueError, match="as_of"):
        evaluate(ds, LAND, "end of 2024 or so")


def test_an_unverified_threshold_supplied_by_the_user_is_still_marked() -> None:
    parks = [zone("p1", industrial_land_area="200 ha"), zone("p2", industrial_land_area="100 ha")]
    parcels = [
        parcel("l1", "p1", "150 ha", "leased"),
        parcel("v1", "p1", "50 ha", "vacant"),
        parcel("l2", "p2", "30 ha", "leased"),
        parcel("v2", "p2", "70 ha", "vacant"),
    ]
    ds = ip.Dataset(zones=parks, parcels=parcels)
    rule = "vn-national.new-park-occupancy/Hải Dương"
    measured = evaluate(ds, NATIONAL, DAY)[rule]
    assert measured.status is Status.MEASURED
    assert measured.actual == ip.Amount(0.6, "ratio")
    assert "NOT VERIFIED" in measured.explain()
    judged = evaluate(ds, NATIONAL, DAY, overrides={"vn-national.new-park.min-occupancy": "60%"})
    text = judged[rule].explain()
    assert judged[rule].status is Status.PASS
    assert "NOT VERIFIED against the legal text" in text
    assert "the value used is the user's" in text


# -- the national rules ---------------------------------------------------------------------------


def test_decree_35_shares_of_industrial_land() -> None:
    zones = [
        zone("ht", "200 ha", kind="hi_tech_park", industrial_land_area="100 ha"),
        zone(
            "sp",
            "100 ha",
            kind="specialised_park",
            industrial_land_area="80 ha",
            industry="textile",
        ),
        zone("si", "100 ha", kind="supporting_industry_park", industrial_land_area="100 ha"),
        zone("nx", "100 ha", kind="specialised_park", industrial_land_area="50 ha"),
    ]
    projects = [
        ip.Project(id="t1", name="T", origin="domestic", zone_id="ht", categories=["start_up"]),
        ip.Project(id="t2", name="T", origin="domestic", zone_id="sp", industry=" Textile"),
        ip.Project(id="t3", name="T", origin="domestic", zone_id="sp", industry="garments"),
    ]
    parcels = [
        parcel("h1", "ht", "30 ha", "leased", project_id="t1"),
        parcel("h2", "ht", "70 ha", "vacant"),
        parcel("s1", "sp", "40 ha", "leased", project_id="t2"),
        parcel("s2", "sp", "40 ha", "leased", project_id="t3"),
        reserved("r1", "si", "70 ha", "supporting_industry"),  # reserved is not "used"
        parcel("r2", "si", "30 ha", "leased", category="supporting_industry"),
        parcel("n1", "nx", "10 ha", "vacant"),
    ]
    report = evaluate(ip.Dataset(zones=zones, parcels=parcels, projects=projects), NATIONAL, DAY)
    hi_tech = report["vn-national.hi-tech-park/ht"]
    assert hi_tech.status is Status.PASS
    assert hi_tech.actual == ip.Amount(0.3, "ratio")
    specialised = report["vn-national.specialised-park/sp"]
    assert specialised.status is Status.FAIL  # 40 of 80 ha < 60%
    assert specialised.gap == ip.Amount(pytest.approx(-8.0), "hectare")
    supporting = report["vn-national.supporting-park/si"]
    assert supporting.status is Status.FAIL
    assert supporting.actual == ip.Amount(0.3, "ratio")
    unknown = report["vn-national.specialised-park/nx"]
    assert unknown.status is Status.INSUFFICIENT_DATA
    assert "industry of specialised park 'nx' is not recorded" in unknown.explain()


def test_decree_35_areas_phases_and_economic_zones() -> None:
    zones = [
        zone("big", "800 ha"),
        zone("small", "300 ha"),
        ip.Zone(id="ez", name="EZ", kind="economic_zone", province="Quảng Nam",
                total_area="9000 ha", economic_zone_type="coastal"),
        ip.Zone(id="ez2", name="EZ2", kind="economic_zone", province="Quảng Nam",
                total_area="5000 ha"),
    ]  # fmt: skip
    ds = ip.Dataset(zones=zones)
    report = evaluate(ds, NATIONAL, DAY)
    assert report["vn-national.phase-size/big"].status is Status.INSUFFICIENT_DATA
    assert "phases are not recorded" in report["vn-national.phase-size/big"].explain()
    small = report["vn-national.phase-size/small"]
    assert small.status is Status.PASS
    assert small.gap == ip.Amount(200.0, "hectare")
    assert "largest phase ≤ total area = 300 ha" in small.explain()
    ez = report["vn-national.economic-zone-area/ez"]
    assert ez.status is Status.FAIL
    assert ez.gap == ip.Amount(-1000.0, "hectare")
    # Its type not recorded: out of scope, as the pack says, and the finding says what to add.
    untyped = report["vn-national.economic-zone-area/outside scope (type not recorded), Quảng Nam"]
    assert untyped.status is Status.NOT_APPLICABLE
    assert "Zone.economic_zone_type" in (untyped.reason or "")
    phases = evaluate(ds, NATIONAL, DAY, inputs={"vn-national.largest-phase": {"big": "450 ha"}})
    big = phases["vn-national.phase-size/big"]
    assert big.status is Status.PASS
    assert big.actual == ip.Amount(450.0, "hectare")
    assert (
        "largest development phase (user input 'vn-national.largest-phase') = 450 ha"
        in big.explain()
    )
    with pytest.raises(ip.InvalidValueError, match="cannot be larger than the park"):
        evaluate(ds, NATIONAL, DAY, inputs={"vn-national.largest-phase": {"small": "400 ha"}})


def test_workers_housing_needs_the_land_outside_the_parks() -> None:
    parks = [zone("p1", "1000 ha"), zone("p2", "500 ha")]
    parcels = [
        reserved("h1", "p1", "20 ha", "workers_housing"),
        parcel("v2", "p2", "100 ha", "vacant"),
    ]
    ds = ip.Dataset(zones=parks, parcels=parcels)
    rule = "vn-national.workers-housing/Hải Dương"
    open_ended = evaluate(ds, NATIONAL, DAY)[rule]
    assert open_ended.status is Status.INSUFFICIENT_DATA  # 20 of the 30 ha, the rest unknown
    assert open_ended.details["lower bound"] == ip.Amount(20 / 1500, "ratio")
    assert "housing land outside the parks" in open_ended.explain()
    given = {"vn-national.housing-outside-parks": {"hải dương": "8 ha"}}
    short = evaluate(ds, NATIONAL, DAY, inputs=given)[rule]
    assert short.status is Status.FAIL
    assert short.gap == ip.Amount(-2.0, "hectare")
    assert "28 ha ÷ 1,500 ha = 1.8667%" in short.explain()


def test_a_new_cluster_needs_either_condition() -> None:
    clusters = [
        zone("c1", "70 ha", kind="industrial_cluster", district="D", industrial_land_area="60 ha"),
        zone("c2", "80 ha", kind="industrial_cluster", district="D", industrial_land_area="60 ha"),
    ]
    parcels = [
        parcel("l1", "c1", "30 ha", "leased"),
        parcel("v1", "c1", "30 ha", "vacant"),
        parcel("l2", "c2", "24 ha", "leased"),
        parcel("v2", "c2", "36 ha", "vacant"),
    ]
    ds = ip.Dataset(zones=clusters, parcels=parcels)
    finding = evaluate(ds, NATIONAL, DAY)["vn-national.new-cluster/D, Hải Dương"]
    # Occupancy 54 of 120 ha = 45% (not above 50%), but only 66 ha unleased (at most 100 ha).
    assert finding.status is Status.PASS
    assert finding.actual == ip.Amount(0.45, "ratio")
    assert finding.details["alternative actual"] == ip.Amount(66.0, "hectare")
    assert finding.gap == ip.Amount(34.0, "hectare")  # the better of −6 ha and +34 ha
    text = finding.explain()
    assert "condition: 54 ha ÷ 120 ha = 45%" in text
    assert "alternative: unleased industrial land = 66 ha" in text
    assert "the rule is met when either condition holds" in text
    assert "Decree 32/2024/NĐ-CP, Art. 8(1)(c)" in text
    assert "NOT VERIFIED" not in text
    stricter = evaluate(
        ds, NATIONAL, DAY, overrides={"vn-national.new-cluster.max-unleased": "50 ha"}
    )
    both_fail = stricter["vn-national.new-cluster/D, Hải Dương"]
    assert both_fail.status is Status.FAIL
    assert both_fail.gap == ip.Amount(pytest.approx(-6.0), "hectare")  # the least shortfall


def test_expanding_a_cluster() -> None:
    clusters = [
        zone("c1", "60 ha", kind="industrial_cluster", industrial_land_area="50 ha"),
        zone("c2", "80 ha", kind="industrial_cluster", industrial_land_area="50 ha"),
    ]
    parcels = [
        parcel("l1", "c1", "35 ha", "leased"),
        parcel("v1", "c1", "15 ha", "vacant"),
        parcel("l2", "c2", "20 ha", "leased"),
        parcel("v2", "c2", "30 ha", "vacant"),
    ]
    ds = ip.Dataset(zones=clusters, parcels=parcels)
    report = evaluate(ds, NATIONAL, DAY)
    open_ended = report["vn-national.cluster-expansion-area/c1"]
    assert open_ended.status is Status.INSUFFICIENT_DATA  # the expansion is not given
    assert open_ended.details["room to expand"] == ip.Amount(15.0, "hectare")
    too_big = report["vn-national.cluster-expansion-area/c2"]
    assert too_big.status is Status.FAIL
    assert too_big.gap == ip.Amount(-5.0, "hectare")
    planned = evaluate(
        ds, NATIONAL, DAY, inputs={"vn-national.cluster-expansion": {"c1": "10 ha"}}
    )["vn-national.cluster-expansion-area/c1"]
    assert planned.status is Status.PASS
    assert planned.gap == ip.Amount(5.0, "hectare")
    assert "60 ha + 10 ha (proposed expansion) = 70 ha" in planned.explain()
    occupancy = report["vn-national.cluster-expansion-occupancy/c1"]
    # 35 of 50 ha = 70%, but the infrastructure requirement is not given.
    assert occupancy.status is Status.INSUFFICIENT_DATA
    assert "not given: whether the cluster's essential shared infrastructure" in occupancy.explain()
    low = report["vn-national.cluster-expansion-occupancy/c2"]
    # 40% < 60%, but demand above the land would also do, and the data cannot show it.
    assert low.status is Status.INSUFFICIENT_DATA
    assert "required: at least 60% of 50 ha = 30 ha; short by 10 ha" in low.explain()
    assert "not given: whether the demand for leasing industrial land" in low.explain()
    infra, demand = (
        "vn-national.cluster-infrastructure-completed",
        "vn-national.cluster-demand-above-land",
    )
    given = evaluate(
        ds,
        NATIONAL,
        DAY,
        inputs={infra: {"c1": True, "c2": True}, demand: {"c2": False}},
    )
    assert given["vn-national.cluster-expansion-occupancy/c1"].status is Status.PASS
    assert given["vn-national.cluster-expansion-occupancy/c2"].status is Status.FAIL
    assert "user input" in given["vn-national.cluster-expansion-occupancy/c2"].explain()
    lifted = evaluate(ds, NATIONAL, DAY, inputs={infra: {"c2": True}, demand: {"c2": True}})
    assert lifted["vn-national.cluster-expansion-occupancy/c2"].status is Status.PASS
    assert lifted["vn-national.cluster-expansion-occupancy/c2"].gap is None
    unbuilt = evaluate(ds, NATIONAL, DAY, inputs={infra: {"c1": False}})
    assert unbuilt["vn-national.cluster-expansion-occupancy/c1"].status is Status.FAIL


def test_inputs_are_checked() -> None:
    ds = ip.Dataset(zones=[zone("c1", "60 ha", kind="industrial_cluster")])
    with pytest.raises(
        ip.InvalidValueError, match="no measure or fact of the rules evaluated takes"
    ):
        evaluate(ds, NATIONAL, DAY, inputs={"vn-national.nope": {"c1": "1 ha"}})
    with pytest.raises(ip.InvalidValueError, match="not a zone in the scope") as caught:
        evaluate(ds, NATIONAL, DAY, inputs={"vn-national.cluster-expansion": {"c9": "1 ha"}})
    assert "c9" in str(caught.value)
    with pytest.raises(ip.InvalidValueError, match="must not be negative"):
        evaluate(ds, NATIONAL, DAY, inputs={"vn-national.cluster-expansion": {"c1": "-1 ha"}})
    with pytest.raises(ip.InvalidValueError, match="an area needs its unit, such as '10 ha'"):
        evaluate(ds, NATIONAL, DAY, inputs={"vn-national.cluster-expansion": {"c1": 10}})
    with pytest.raises(ip.InvalidValueError, match="maps subject ids to areas"):
        evaluate(ds, NATIONAL, DAY, inputs={"vn-national.cluster-expansion": "10 ha"})  # type: ignore[dict-item]


# -- reports --------------------------------------------------------------------------------------


def test_reports_export_to_json_and_pandas() -> None:
    ds = ip.Dataset(zones=[zone()], parcels=[reserved("a-1", "kcn-a", "45 ha")], name="HD")
    report = evaluate(ds, LAND, DAY)
    document = json.loads(report.to_json())
    assert document["dataset"] == "HD"
    assert document["as_of"] == "2024-12-31"
    row = next(f for f in document["findings"] if f["id"] == f"{HI_TECH}/kcn-a")
    assert row["status"] == "fail"
    assert row["gap"] == {"value": -15.0, "unit": "hectare"}
    assert row["actual"] == {"value": 0.15, "unit": "ratio"}
    assert row["explanation"]["parameters"][0]["effective_from"] == "2021-08-23"
    assert row["explanation"]["inputs"][0]["records"] == ["a-1"]
    frame = report.to_dataframe()
    assert frame.set_index("id").loc[f"{HI_TECH}/kcn-a", "gap"] == -15.0


def test_a_deferred_explanation_reads_the_same_as_a_written_one() -> None:
    ds = ip.Dataset(zones=[zone()], parcels=[reserved("a-1", "kcn-a", "45 ha")])
    first = evaluate(ds, LAND, DAY)[f"{HI_TECH}/kcn-a"]
    second = evaluate(ds, LAND, DAY)[f"{HI_TECH}/kcn-a"]
    assert first == second
    assert hash(first) == hash(second)
    written = attrs.evolve(first, explanation=first.explanation)
    assert written == second
    assert written.explain() == second.explain()


def test_a_range_rule_from_a_user_pack() -> None:
    text = f"""
pack = "range"
title = "Range"
[[parameters]]
id = "low"
unit = "ratio"
values = [{{ value = 0.1 }}]
[[parameters]]
id = "high"
unit = "ratio"
values = [{{ value = 0.3 }}]
[[rules]]
id = "range.quota"
title = "Between 10% and 30%"
citation = "C"
authority = "national"
measure = {MEASURE}
comparator = "between"
threshold = "low"
threshold_upper = "high"
"""
    ds = ip.Dataset(
        zones=[zone(), zone("kcn-b")],
        parcels=[reserved("a-1", "kcn-a", "45 ha"), reserved("b-1", "kcn-b", "120 ha")],
    )
    report = evaluate(ds, parse_pack(text), DAY)
    inside, above = report["range.quota/kcn-a"], report["range.quota/kcn-b"]
    assert inside.status is Status.PASS
    assert inside.gap == ip.Amount(15.0, "hectare")  # 45 − 30 ha, the nearer end
    assert inside.threshold_upper == ip.Amount(0.3, "ratio")
    assert "required: between 10% and 30%; margin 15 ha" in inside.explain()
    assert above.status is Status.FAIL
    assert above.gap == ip.Amount(pytest.approx(-30.0), "hectare")  # 120 ha is 30 ha too many
    assert "the date parameter 'low' took effect is not in the sources" in above.explain()


def test_a_specialised_park_with_a_single_parcel_is_measured() -> None:
    # One parcel is enough data: 10 ha leased to a textile project of 10 ha of industrial land.
    zones = [
        zone(
            "sp", "20 ha", kind="specialised_park", industrial_land_area="10 ha", industry="textile"
        )
    ]
    projects = [ip.Project(id="t", name="T", origin="domestic", zone_id="sp", industry="Textile")]
    parcels = [parcel("s", "sp", "10 ha", "leased", project_id="t")]
    report = evaluate(ip.Dataset(zones=zones, parcels=parcels, projects=projects), NATIONAL, DAY)
    finding = report["vn-national.specialised-park/sp"]
    assert finding.status is Status.PASS
    assert finding.actual == ip.Amount(1.0, "ratio")
