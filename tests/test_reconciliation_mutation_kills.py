"""Reconciliation: texts, bounds and branches that the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. Every expected value
is worked out by hand in the comment next to it.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from decimal import Decimal

import pytest

import industrial_policy as ip
from industrial_policy.amounts import Amount
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Comparator, Finding, Status
from industrial_policy.reconciliation import _overlap, _Range, cross_check, reconcile, weighted_rate
from industrial_policy.records import ReportedFigure

DAY = "2024-12-31"
DISAGREE = (
    "the records and the published figure disagree beyond the tolerance; neither is"
    " preferred: correct the one that is wrong"
)
TOTAL_AREA_MISTAKE = (
    "the published rate equals land leased ÷ the zone's total area: a common mistake,"
    " occupancy is taken of the industrial land for lease"
)


def zone(zone_id: str, industrial: str, total: str) -> ip.Zone:
    return ip.Zone(
        id=zone_id,
        name=zone_id.upper(),
        kind="industrial_park",
        province="P",
        industrial_land_area=industrial,
        total_area=total,
    )


def leased(parcel_id: str, zone_id: str, area: str) -> ip.Parcel:
    return ip.Parcel(
        id=parcel_id, zone_id=zone_id, area=area, status="leased", lease_start="2020-01-01"
    )


def figure(figure_id: str, measure: str, value: str, **where: object) -> ip.PublishedFigure:
    return ip.PublishedFigure(
        id=figure_id, measure=measure, value=value, on=DAY, source="S", **where
    )  # type: ignore[arg-type]


# Zone a: 100 ha of industrial land in 150 ha, 60 ha leased; zone b: 50 ha in 60 ha, 10 ha
# leased; zone c: 100 ha in 100 ha, 10 ha leased. All in province P.
ZONES = [zone("a", "100 ha", "150 ha"), zone("b", "50 ha", "60 ha"), zone("c", "100 ha", "100 ha")]
PARCELS = [leased("a-1", "a", "60 ha"), leased("b-1", "b", "10 ha"), leased("c-1", "c", "10 ha")]


def checked(*figures: ip.PublishedFigure) -> dict[str, Finding]:
    report = cross_check(ip.Dataset(zones=ZONES, parcels=PARCELS, published=figures), as_of=DAY)
    return {f"{f.check_id}/{f.subject_id}": f for f in report}


def test_a_zone_figure_against_its_records_is_explained_and_titled() -> None:
    # a's occupancy from its records: 60 ha ÷ 100 ha = 60%; published 40%: a disagreement.
    found = checked(figure("a-rate", "occupancy_rate", "40%", zone_id="a"))
    finding = found["cross-check.a-rate/a"]
    assert finding.status is Status.FAIL
    assert finding.title == "Occupancy rate of zone a: published figure against the records"
    assert finding.explanation.formula == (
        "occupancy rate: published figure ≈ the same computed from records"
    )
    assert [i.name for i in finding.explanation.inputs] == [
        "published",
        "records (computed from the leased 1 parcel ÷ the zone's industrial land)",
    ]
    assert finding.explanation.notes == (DISAGREE,)


def test_a_zone_figure_that_agrees_has_no_note() -> None:
    # Available: industrial land less the leased parcels, 100 − 60 = 40 ha.
    finding = checked(figure("a-avail", "available", "40 ha", zone_id="a"))["cross-check.a-avail/a"]
    assert finding.status is Status.PASS
    assert finding.actual is not None
    assert float(finding.actual.value) == 40.0
    assert finding.explanation.notes == ()


def test_a_province_figure_is_checked_against_the_sum_of_its_zones() -> None:
    # Leased land in P: 60 + 10 + 10 = 80 ha.
    finding = checked(figure("p-leased", "leased", "80 ha", province="P"))["cross-check.p-leased/P"]
    assert finding.status is Status.PASS
    assert finding.title == (
        "Industrial land leased of province P: published figure against the sum of its zones"
    )
    assert finding.actual is not None
    assert float(finding.actual.value) == 80.0


def test_a_province_rate_is_explained_with_the_published_rate_and_the_land() -> None:
    # Weighted: 80 ha ÷ 250 ha = 32%; published 50%.
    finding = checked(figure("p-rate", "occupancy_rate", "50%", province="P"))["rate.p-rate/P"]
    assert finding.status is Status.FAIL
    assert finding.explanation.formula == (
        "occupancy of a group = Σ land leased ÷ Σ industrial land of its zones"
    )
    names = [(i.name, i.records) for i in finding.explanation.inputs]
    assert names == [
        ("published rate", ("p-rate",)),
        ("industrial land of the zones", ("a", "b", "c")),
    ]
    assert finding.actual is not None
    assert float(finding.actual.value) == pytest.approx(0.32)


def test_a_rate_of_the_total_area_is_named_as_the_common_mistake() -> None:
    # a: 60 ha leased ÷ 150 ha total area = 40%, published as its occupancy; the occupancy is
    # 60 ÷ 100 = 60%.
    found = checked(
        figure("a-leased", "leased", "60 ha", zone_id="a"),
        figure("a-rate", "occupancy_rate", "40%", zone_id="a"),
    )
    identity = found["identity.occupancy/a"]
    assert identity.status is Status.FAIL
    assert identity.explanation.notes == (TOTAL_AREA_MISTAKE,)


def test_a_wrong_rate_that_is_not_of_the_total_area_has_no_note() -> None:
    # b: 10 ha ÷ 50 ha = 20%; published 50%, which is not 10 ÷ 60 (16.7%) either.
    found = checked(
        figure("b-leased", "leased", "10 ha", zone_id="b"),
        figure("b-rate", "occupancy_rate", "50%", zone_id="b"),
    )
    identity = found["identity.occupancy/b"]
    assert identity.status is Status.FAIL
    assert identity.explanation.notes == ()


def test_a_rate_exactly_at_the_tolerance_agrees() -> None:
    # c: 10 ha ÷ 100 ha = 10%; 10.5% is half a point off, the default rate tolerance: the
    # boundary is in (float noise of 1e-12 aside).
    found = checked(
        figure("c-leased", "leased", "10 ha", zone_id="c"),
        figure("c-rate", "occupancy_rate", "10.5%", zone_id="c"),
    )
    identity = found["identity.occupancy/c"]
    assert identity.status is Status.PASS
    assert identity.threshold_upper is not None
    assert float(identity.threshold_upper.value) == 0.005
    assert identity.threshold_upper.unit == "ratio"


def test_the_share_of_online_procedures_is_an_identity_of_the_figures() -> None:
    # 100 procedures at level 4 of 200: 50%.
    found = checked(
        figure("p-procs", "procedures", "200", province="P"),
        figure("p-online", "online_procedures", "100", province="P", level=4),
        figure("p-online-rate", "online_procedure_rate", "50%", province="P", level=4),
    )
    identity = found["identity.online-procedures-level-4/P"]
    assert identity.status is Status.PASS
    formula = "share of procedures at level 4 = procedures at level 4 ÷ all procedures"
    assert identity.explanation.formula == formula
    assert identity.title == f"Published figures of P: {formula}"


def test_a_bad_day_is_refused_naming_as_of() -> None:
    with pytest.raises(InvalidValueError) as caught:
        cross_check(ip.Dataset(zones=ZONES), as_of="31/12/2024")
    assert caught.value.field == "as_of"
    assert caught.value.value == "31/12/2024"


def test_parts_published_as_a_bound_are_compared_as_a_bound_in_the_figure_s_unit() -> None:
    # The parts allow at least 1 km² + 2 km² = 3 km² (300 ha); the total is written in km².
    figures = [
        ReportedFigure("total", "total_area", "3 km2", parts=("x", "y")),
        ReportedFigure("x", "total_area", "100 ha", comparator="at_least"),
        ReportedFigure("y", "total_area", "200 ha"),
    ]
    report = reconcile(ip.Dataset(reported=figures))
    [parts] = [c for c in report if c.basis == "parts"]
    assert parts.agrees is True
    assert parts.computed_comparator is not None
    assert parts.to_dict()["computed_comparator"] == "at_least"
    assert parts.computed is not None
    assert str(parts.computed.units) == "kilometer ** 2"
    assert parts.computed.magnitude == pytest.approx(3.0)


def test_a_comparison_with_the_records_shows_the_difference_and_the_tolerance() -> None:
    # a: 60 ha leased by its records, 70 ha published: −10 ha, against 1% of 70 ha = 0.7 ha.
    finding = checked(figure("a-leased", "leased", "70 ha", zone_id="a"))["cross-check.a-leased/a"]
    assert finding.explanation.steps == (
        "difference = 60 ha − 70 ha = -10 ha (agreement within 0.7 ha)",
    )


def test_a_zone_s_industrial_land_is_checked_against_its_record() -> None:
    finding = checked(figure("a-land", "industrial_land", "100 ha", zone_id="a"))[
        "cross-check.a-land/a"
    ]
    assert finding.status is Status.PASS
    assert [i.name for i in finding.explanation.inputs] == [
        "published",
        "records (computed from the zone's record)",
    ]


def test_a_province_rate_agrees_within_the_rate_tolerance() -> None:
    finding = checked(figure("p-rate", "occupancy_rate", "32%", province="P"))["rate.p-rate/P"]
    assert finding.status is Status.PASS
    assert finding.threshold_upper is not None
    assert (float(finding.threshold_upper.value), finding.threshold_upper.unit) == (0.005, "ratio")


def test_a_rate_of_no_weight_is_nan_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(weighted_rate([0.5], [0.0]))


def test_a_figure_whose_zones_lack_the_area_says_which() -> None:
    zones = [
        ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="150 ha"),
        zone("b", "40 ha", "50 ha"),
    ]
    report = reconcile(
        ip.Dataset(
            zones=zones,
            reported=[
                ReportedFigure("il", "industrial_land_area", "100 ha"),
                ReportedFigure("ta", "total_area", "200 ha"),
            ],
        )
    )
    land, total = report.checks
    assert land.description == (
        "industrial_land_area of industrial zones (industrial land area not recorded for a)"
    )
    assert land.computed is None
    assert total.agrees is True
    html = report._repr_html_()
    assert (
        "<thead><tr><th>figure</th><th>description</th><th>against</th><th>reported</th>"
        "<th>computed</th><th>difference</th><th></th></tr></thead>"
    ) in html
    [finding] = cross_check(
        ip.Dataset(zones=zones, reported=[ReportedFigure("ta", "total_area", "200 ha")]), as_of=DAY
    )
    assert [(i.name, i.records) for i in finding.explanation.inputs] == [
        ("reported", ("ta",)),
        ("the records of the zones in its scope", ("a", "b")),
    ]


def test_the_gap_to_the_records_is_in_the_figure_s_unit() -> None:
    # a: 60 ha leased by its records, 70 ha published: a gap of 60 − 70 = −10 ha.
    finding = checked(figure("a-leased", "leased", "70 ha", zone_id="a"))["cross-check.a-leased/a"]
    assert finding.gap == Amount(-10.0, "hectare")


def test_the_figures_of_an_identity_are_its_inputs_with_their_source() -> None:
    # 100 procedures at level 4 of 200: 50%, all three published by S.
    found = checked(
        figure("p-procs", "procedures", "200", province="P"),
        figure("p-online", "online_procedures", "100", province="P", level=4),
        figure("p-online-rate", "online_procedure_rate", "50%", province="P", level=4),
    )
    inputs = found["identity.online-procedures-level-4/P"].explanation.inputs
    assert [(i.name, i.value, i.records, i.source) for i in inputs] == [
        ("online procedure rate", Amount(Decimal("0.5"), "ratio"), ("p-online-rate",), "S"),
        ("online procedures", Amount.count(100), ("p-online",), "S"),
        ("procedures", Amount.count(200), ("p-procs",), "S"),
    ]


def test_a_reported_total_against_the_records_shows_both_amounts() -> None:
    # 4 zones reported by MPI; the records hold 3 (a, b, c).
    dataset = ip.Dataset(
        zones=ZONES, parcels=PARCELS, reported=[ReportedFigure("n", "zone_count", 4, source="MPI")]
    )
    [finding] = [f for f in cross_check(dataset, as_of=DAY) if f.check_id == "reconcile.records"]
    assert (finding.status, finding.subject_kind) == (Status.FAIL, "reported figure")
    assert finding.threshold_upper == Amount(0, "count")  # an exact figure: no tolerance
    assert [(i.name, i.value, i.records, i.source) for i in finding.explanation.inputs] == [
        ("reported", Amount.count(4), ("n",), "MPI"),
        ("the records of the zones in its scope", Amount.count(3), ("a", "b", "c"), None),
    ]


def test_a_total_over_zones_without_the_metric_names_them() -> None:
    # Neither x nor y records its industrial land: nothing to compare, and the check says why.
    zones = [
        ip.Zone(id=i, name=i, kind="industrial_park", province="P", total_area="10 ha")
        for i in ("x", "y")
    ]
    report = reconcile(
        ip.Dataset(zones=zones, reported=[ReportedFigure("n", "industrial_land_area", "15 ha")])
    )
    [check] = list(report)
    assert check.description == (
        "industrial_land_area of industrial zones (industrial land area not recorded for x, y)"
    )
    assert check.agrees is None


def test_a_bound_with_nothing_to_compare_keeps_its_comparator() -> None:
    report = reconcile(
        ip.Dataset(reported=[ReportedFigure("n", "zone_count", 3, comparator="at_least")])
    )
    [check] = list(report)
    assert (check.agrees, check.computed) == (None, None)
    assert check.to_dict()["comparator"] == "at_least"


def test_the_report_as_html_shows_a_range_of_parts_and_leaves_nothing_blank() -> None:
    # x at most 100 ha and y 200 ha: the parts add up to between 200 ha and 300 ha; the total,
    # 300 ha, has no zones to be compared with (blank computed and difference cells).
    figures = [
        ReportedFigure("total", "total_area", "300 ha", parts=("x", "y")),
        ReportedFigure("x", "total_area", "100 ha", comparator="at_most"),
        ReportedFigure("y", "total_area", "200 ha"),
    ]
    html = reconcile(ip.Dataset(reported=figures))._repr_html_()
    assert "<caption>0 of 4 checks disagree</caption>" in html
    assert (
        "<tr><td>total</td><td>total_area of industrial zones</td><td>parts</td><td>300 ha</td>"
        "<td>between 200 ha and 300 ha</td><td>100 ha</td><td>agrees</td></tr>"
    ) in html
    assert (
        "<tr><td>total</td><td>total_area of industrial zones</td><td>records</td><td>300 ha</td>"
        "<td></td><td></td><td>nothing to compare</td></tr>"
    ) in html


def test_the_gap_of_a_rate_is_in_percentage_points() -> None:
    # a: 60% from its records, 40% published: a gap of 20 points; P: 80 ha of 250 ha = 32%
    # against 30% published. A difference of shares is in points, as the rate targets give
    # theirs ("-0.05" as a ratio printed "-5%", which reads as a relative change).
    zone_rate = checked(figure("a-rate", "occupancy_rate", "40%", zone_id="a"))
    gap = zone_rate["cross-check.a-rate/a"].gap
    assert gap is not None
    assert gap.unit == "percentage_points"
    assert float(gap.value) == pytest.approx(20)
    assert "difference = 60% − 40% = 20 pp (agreement within 0.5 pp)" in (
        zone_rate["cross-check.a-rate/a"].explain()
    )
    province = checked(figure("p-rate", "occupancy_rate", "30%", province="P"))["rate.p-rate/P"]
    assert province.gap is not None
    assert province.gap.unit == "percentage_points"
    assert float(province.gap.value) == pytest.approx(2)
    assert "≈ 30% ± 0.5 pp" in str(province)


def test_land_leased_and_available_add_up_to_the_land_for_lease() -> None:
    # a: 60 ha leased + 40 ha available = its 100 ha of industrial land.
    found = checked(
        figure("a-l", "leased", "60 ha", zone_id="a"),
        figure("a-av", "available", "40 ha", zone_id="a"),
    )
    identity = found["identity.leased-plus-available/a"]
    assert identity.status is Status.PASS
    assert (identity.actual, identity.threshold) == (
        Amount(100.0, "hectare"),
        Amount(100.0, "hectare"),
    )
    assert (
        identity.explanation.formula == "land leased + land available = industrial land for lease"
    )


def test_land_of_one_category_is_compared_with_the_parcels_of_that_category() -> None:
    # a: of its 60 ha leased, parcel a-2 (20 ha, hi-tech) is the hi-tech land leased.
    parcels = [
        *PARCELS,
        ip.Parcel(
            id="a-2",
            zone_id="a",
            area="20 ha",
            status="leased",
            category="hi_tech",
            lease_start="2020-01-01",
        ),
    ]
    dataset = ip.Dataset(
        zones=ZONES,
        parcels=parcels,
        published=[figure("a-ht", "leased", "20 ha", zone_id="a", category="hi_tech")],
    )
    [finding] = [f for f in cross_check(dataset, as_of=DAY) if f.subject_id == "a"]
    assert finding.status is Status.PASS
    assert finding.actual == Amount(20.0, "hectare")


IMPLIED = (
    "share of procedures at level 4 = procedures at level 4 ÷ all procedures, for a whole"
    " number of procedures, the share rounded as published"
)


@pytest.mark.parametrize(
    ("share", "status", "note"),
    [
        # Hải Dương: 257 procedures at level 4, 13.6%: 257/1,883 = 13.65% to 257/1,896 = 13.55%.
        (
            "13.6%",
            Status.PASS,
            "the number of all procedures is not published: the two figures agree with 1,883 to"
            " 1,896 procedures in all; publish or record that number (published measure"
            " 'procedures') to check the share exactly",
        ),
        # To a hundredth of a percent: 257/514 = 49.99%, 257/513 = 50.10%; no n gives 50.01%.
        (
            "50.01%",
            Status.FAIL,
            "no whole number of procedures gives this count at this share as rounded:"
            " one of the two figures is wrong",
        ),
    ],
)
def test_a_count_and_share_of_procedures_online_imply_their_total(
    share: str, status: Status, note: str
) -> None:
    found = checked(
        figure("p-online", "online_procedures", "257", province="P", level=4),
        figure("p-online-rate", "online_procedure_rate", share, province="P", level=4),
    )
    identity = found["identity.online-procedures-level-4/P"]
    assert identity.status is status
    assert identity.explanation.formula == IMPLIED
    assert identity.explanation.notes == (note,)
    inputs = [(i.name, i.records, i.source) for i in identity.explanation.inputs]
    assert inputs == [
        ("online procedure rate", ("p-online-rate",), "S"),
        ("online procedures", ("p-online",), "S"),
    ]


def test_a_province_rate_over_a_zone_without_industrial_land_cannot_be_weighed() -> None:
    # d has neither parcels nor industrial land: its rate and weight are unknown.
    d = ip.Zone(id="d", name="D", kind="industrial_park", province="P", total_area="80 ha")
    dataset = ip.Dataset(
        zones=[*ZONES, d],
        parcels=PARCELS,
        published=[figure("p-rate", "occupancy_rate", "30%", province="P")],
    )
    [finding] = list(cross_check(dataset, as_of=DAY))
    assert (finding.check_id, finding.subject_id, finding.status, finding.subject_kind) == (
        "rate.p-rate",
        "P",
        Status.INSUFFICIENT_DATA,
        "province",
    )
    assert str(finding.as_of) == DAY
    assert [(i.name, i.value, i.records) for i in finding.explanation.inputs] == [
        ("published rate", Amount.ratio(0.3), ("p-rate",))
    ]
    assert finding.explanation.notes == (
        "the rate and the industrial land of every zone are needed to weigh them; missing for d"
        " (record their parcels and industrial land, or publish their leased land or rate and"
        " industrial land)",
    )


def test_a_province_rate_shows_the_weighted_and_the_unweighted_rate() -> None:
    # (60 + 10 + 10) ha ÷ (100 + 50 + 100) ha = 32%; the mean of 60%, 20% and 10% is 30%.
    finding = checked(figure("p-rate", "occupancy_rate", "30%", province="P"))["rate.p-rate/P"]
    assert finding.explanation.steps == (
        "weighted rate = Σ rate × industrial land ÷ Σ industrial land = 32%",
        "unweighted mean of the 3 zones' rates = 30%",
    )
    assert finding.comparator is Comparator.ABOUT
    against_records = checked(figure("a-leased", "leased", "70 ha", zone_id="a"))
    assert against_records["cross-check.a-leased/a"].comparator is Comparator.ABOUT


def test_a_share_of_procedures_online_without_the_count_checks_no_identity() -> None:
    found = checked(
        figure("p-procs", "procedures", "200", province="P"),
        figure("p-online-rate", "online_procedure_rate", "50%", province="P", level=4),
    )
    assert found == {}


@pytest.mark.parametrize(("apart", "overlap"), [(0.5e-9, True), (1.5e-9, False)])
def test_float_noise_is_a_billionth_of_the_figure_and_at_least_a_billionth(
    apart: float, overlap: bool
) -> None:
    # At a scale of 1 (or less) the noise allowed is 1e-9: 0.5e-9 apart is the same value,
    # 1.5e-9 apart is not.
    one, other = _Range(1.0, 1.0), _Range(1.0 + apart, 1.0 + apart)
    assert _overlap(one, other, 0.0, 1.0) is overlap
    assert _overlap(one, other, 0.0, 0.5) is overlap


def test_a_reported_bound_is_checked_as_a_bound_and_says_when_and_by_whom() -> None:
    # At least 2 zones, reported by MPI as of 30 June 2024; the records hold 3.
    figure_ = ReportedFigure(
        "n", "zone_count", 2, comparator="at_least", as_of="2024-06-30", source="MPI"
    )
    dataset = ip.Dataset(zones=ZONES, parcels=PARCELS, reported=[figure_])
    [finding] = [f for f in cross_check(dataset, as_of=DAY) if f.check_id == "reconcile.records"]
    assert (finding.status, finding.comparator) == (Status.PASS, Comparator.AT_LEAST)
    assert finding.threshold_upper is None  # a bound, not a figure to meet within a tolerance
    assert finding.basis == (
        "reported by MPI as of 2024-06-30; compared with the records of the zones in its scope"
    )


def test_a_report_with_nothing_to_reconcile_says_so() -> None:
    assert str(reconcile(ip.Dataset())) == "no reported figures to reconcile"


# -- seed 7373 (the reported sample: tests written after its run) -------------------------


def test_a_reported_figure_with_no_source_is_reported_and_has_its_gap() -> None:
    # 4 zones reported by no one named; the records hold 3: a gap of 1 zone.
    dataset = ip.Dataset(
        zones=ZONES, parcels=PARCELS, reported=[ReportedFigure("n", "zone_count", 4)]
    )
    report = cross_check(dataset, as_of=DAY)
    assert report.as_of == dt.date(2024, 12, 31)
    [finding] = [f for f in report if f.check_id == "reconcile.records"]
    assert finding.basis == "reported; compared with the records of the zones in its scope"
    assert finding.gap == Amount.count(1)


def test_a_zone_figure_against_its_records_says_how_both_were_found() -> None:
    found = checked(figure("a-rate", "occupancy_rate", "40%", zone_id="a"))
    assert found["cross-check.a-rate/a"].basis == (
        "computed from the leased 1 parcel ÷ the zone's industrial land; reported by S as of"
        " 2024-12-31 (40%)"
    )


def test_land_leased_and_available_agree_within_the_tolerance_of_the_larger_side() -> None:
    # a: 60 ha + 40.5 ha = 100.5 ha against 100 ha of industrial land: 0.5 ha apart, within
    # 1% of 100.5 ha (1.005 ha).
    found = checked(
        figure("a-l", "leased", "60 ha", zone_id="a"),
        figure("a-av", "available", "40.5 ha", zone_id="a"),
    )
    identity = found["identity.leased-plus-available/a"]
    assert (identity.status, identity.subject_kind) == (Status.PASS, "zone")
    assert (identity.actual, identity.threshold) == (
        Amount(100.5, "hectare"),
        Amount(100.0, "hectare"),
    )


def test_a_zone_without_industrial_land_has_no_identity_of_its_land() -> None:
    zones = [ip.Zone(id="x", name="X", kind="industrial_park", province="P", total_area="100 ha")]
    published = [
        figure("x-l", "leased", "60 ha", zone_id="x"),
        figure("x-av", "available", "40 ha", zone_id="x"),
    ]
    report = cross_check(ip.Dataset(zones=zones, published=published), as_of=DAY)
    assert [f for f in report if f.check_id.startswith("identity.")] == []


def test_the_figures_implying_a_total_are_its_inputs_with_their_values() -> None:
    # 257 procedures online are 25% of all: 1,028 procedures implied.
    found = checked(
        figure("p-online", "online_procedures", "257", province="P", level=4),
        figure("p-online-rate", "online_procedure_rate", "25%", province="P", level=4),
    )
    inputs = found["identity.online-procedures-level-4/P"].explanation.inputs
    assert [(i.name, i.value) for i in inputs] == [
        ("online procedure rate", Amount(Decimal("0.25"), "ratio")),
        ("online procedures", Amount.count(257)),
    ]


def test_a_figure_that_is_not_of_land_does_not_stop_the_land_figures_after_it() -> None:
    found = checked(
        figure("p-procs", "procedures", "200", province="P"),
        figure("a-rate", "occupancy_rate", "40%", zone_id="a"),
    )
    assert "cross-check.a-rate/a" in found
