"""The bundled examples' figures taken from public pages (issue #14, point 5).

Each test reads a figure as its page states it (the address and the sentence are next to it in
the example file) and checks that the library now decides what the figure allows. The expected
numbers are the pages' numbers, not the library's output copied back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.evaluate import evaluate_all
from industrial_policy.findings import Status, amount_text

RETRIEVED = "retrieved 2026-12-05"
"""Every figure added from a public page says when the page was read."""

# (example, zone id, area in ha as the page gives it, page address)
COASTAL_ZONES = [
    (
        "quang-nam-2024",
        "chu-lai-oez",
        27_040,  # "phạm vi, ranh giới 27.040ha"
        "cafef.vn/thu-tuong-quyet-dinh-dieu-chinh-quy-hoach-khu-kinh-te-mo-chu-lai",
    ),
    (
        "hai-phong-2024",
        "hp-dinh-vu-cat-hai",
        22_540,  # "one 22,540-hectare economic zone"
        "vietnamplus.vn/hai-phong-to-build-second-coastal-economic-zone",
    ),
    (
        "thai-binh-2025",
        "tb-economic-zone",
        30_583,  # "có diện tích tự nhiên 30.583 ha"
        "bqlkcn.thaibinh.gov.vn/gioi-thieu/cac-khu-cong-nghiep/khu-kinh-te-thai-binh.html",
    ),
]


@pytest.mark.parametrize(("name", "zone_id", "hectares", "address"), COASTAL_ZONES)
def test_a_coastal_economic_zone_of_a_public_page_is_checked_against_10000_ha(
    name: str, zone_id: str, hectares: int, address: str
) -> None:
    text = ip.examples.path(name).read_text(encoding="utf-8")
    assert address in text
    assert RETRIEVED in text
    ds = ip.examples.load(name)
    zone = next(z for z in ds.zones if z.id == zone_id)
    assert zone.economic_zone_type == "coastal"
    assert zone.total_area is not None
    assert zone.total_area.to("hectare").magnitude == hectares
    finding = evaluate_all(ds)[f"vn-national.economic-zone-area/{zone_id}"]
    assert finding.status is Status.PASS
    assert finding.actual is not None
    assert finding.threshold is not None
    assert finding.actual.value == hectares
    assert finding.actual.value >= finding.threshold.value == 10_000
    # The same zone in the combined example gives the same verdict.
    combined = evaluate_all(ip.examples.load("combined"))
    assert combined[f"vn-national.economic-zone-area/{zone_id}"].status is Status.PASS


def test_hai_phongs_occupancy_of_63_8_percent_is_the_citys_measured_rate() -> None:
    text = ip.examples.path("hai-phong-2024").read_text(encoding="utf-8")
    assert "The current occupancy rate of the industrial parks reaches 63.8%." in text
    report = evaluate_all(ip.examples.load("hai-phong-2024"))
    for check in ("vn-land.occupancy", "vn-national.new-park-occupancy"):
        finding = report[f"{check}/Hải Phòng"]
        assert finding.status is Status.MEASURED
        assert finding.actual is not None
        assert finding.actual.value == pytest.approx(0.638)
        assert finding.basis is not None
        assert "2023-09-12" in finding.basis


def test_quang_nams_operating_parks_930_5_of_1729_5_ha_agree_with_their_53_8_percent() -> None:
    report = evaluate_all(ip.examples.load("quang-nam-2024"))
    # The page's three figures: leased 930.5 ha, industrial land 1,729.5 ha, occupancy 53.8%.
    rate = Decimal("930.5") / Decimal("1729.5")
    assert round(rate, 3) == Decimal("0.538")
    identity = report["identity.occupancy/Quảng Nam"]
    assert identity.status is Status.PASS
    for check in ("vn-land.occupancy", "vn-national.new-park-occupancy"):
        finding = report[f"{check}/Quảng Nam"]
        assert finding.status is Status.MEASURED
        assert finding.actual is not None
        assert finding.actual.value == pytest.approx(float(rate))


def test_hai_duongs_13_6_percent_now_meets_the_national_30_1_percent_and_says_what_is_missing() -> (
    None
):
    report = evaluate_all(ip.examples.load("hai-duong-2021"))
    finding = report["rate_target.hd-level4-national/hd-level4"]
    # The national rate of December 2020 is read as the reference ("lên 30,1% vào tháng 12/2020").
    assert finding.threshold is not None
    assert finding.threshold.value == pytest.approx(0.301)
    # Hải Dương's own rate is known on 2021-08-23 only: still undecided, and the reason says why.
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.reason is not None
    assert "hd-level4" in finding.reason
    assert "2021-12-31" in finding.reason
    assert "national-level4" not in finding.reason


@settings(max_examples=20, deadline=None)
@given(day=st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2021, 12, 31)))
def test_the_national_reference_is_the_latest_published_value_on_or_before_the_deadline(
    day: dt.date,
) -> None:
    ds = ip.examples.load("hai-duong-2021")
    moved = ds.evolve(
        rate_targets=[
            attrs.evolve(t, deadline=day) if t.id == "hd-level4-national" else t
            for t in ds.rate_targets
        ]
    )
    finding = evaluate_all(moved)["rate_target.hd-level4-national/hd-level4"]
    expected = {dt.date(2019, 12, 31): 0.1076, dt.date(2020, 12, 31): 0.301}
    known = [value for on, value in expected.items() if on <= day]
    if known:
        assert finding.threshold is not None
        assert finding.threshold.value == pytest.approx(known[-1])
    else:
        assert finding.status is Status.INSUFFICIENT_DATA
        assert finding.reason is not None
        assert "national-level4" in finding.reason


@settings(max_examples=30, deadline=None)
@given(difference=st.floats(min_value=-0.2, max_value=0.2, allow_nan=False))
def test_a_figure_checked_about_a_value_shows_a_signed_gap_never_a_margin_or_shortfall(
    difference: float,
) -> None:
    # Quảng Nam's 53.8% against 930.5 ÷ 1,729.5: a check "about" a value, either way of it.
    identity = evaluate_all(ip.examples.load("quang-nam-2024"))["identity.occupancy/Quảng Nam"]
    assert identity.gap is not None
    moved = attrs.evolve(identity, gap=ip.Amount(difference, identity.gap.unit))
    lines = moved.explain().splitlines()
    assert not any(line.strip().startswith(("margin:", "shortfall:")) for line in lines)
    (gap_line,) = [line for line in lines if line.strip().startswith("gap:")]
    assert gap_line.split(":", 1)[1].strip() == amount_text(moved.gap)  # signed, as it is


@pytest.mark.parametrize("name", ip.examples.names())
def test_every_finding_without_data_names_what_to_add_in_its_missing_column(name: str) -> None:
    # A reader filtering a report's rows on `missing` finds every finding that lacks data:
    # a series with no observation, a rate target with no value on its deadline or no second
    # value to project, a zone's district, a user input.
    report = evaluate_all(ip.examples.load(name))
    for finding in report.findings:
        if finding.status is Status.INSUFFICIENT_DATA:
            assert finding.row()["missing"], (finding.id, finding.reason)


def test_a_series_with_no_observation_names_the_observation_to_add() -> None:
    report = evaluate_all(ip.examples.load("combined"))
    assert report["tb-fdi-2025/Thái Bình"].row()["missing"] == (
        "observation of series 'tb-fdi-2025' up to 2025-03-05"
    )
    assert report["tb-production-2025/Thái Bình"].row()["missing"] == (
        "observations of series 'tb-production-2025' over 2025-01-01/2025-03-05"
    )
    with ip.language("vi"):
        assert "số liệu quan sát của chuỗi 'tb-fdi-2025' đến 05/03/2025 = thiếu" in (
            report["tb-fdi-2025/Thái Bình"].explain()
        )
    hai_duong = evaluate_all(ip.examples.load("hai-duong-2021"))
    assert hai_duong["rate_target.hd-level4-growth-points/hd-level4"].row()["missing"] == (
        "a second value of series 'hd-level4' up to 2021-12-31"
    )


def test_a_zone_known_only_by_its_areas_names_the_parcels_or_figure_to_add() -> None:
    # The common case of a table of zones: areas, no parcel, no published land figure.
    zone = ip.Zone(
        id="kcn-a",
        name="KCN A",
        kind="industrial_park",
        province="Hải Dương",
        total_area="200 ha",
        industrial_land_area="150 ha",
    )
    report = evaluate_all(ip.Dataset(zones=[zone]), as_of="2024-12-31")
    occupancy = report["vn-land.occupancy/kcn-a"]
    assert occupancy.status is Status.INSUFFICIENT_DATA
    # The land leased is missing, not 0 ha: no parcel says what it is.
    assert occupancy.row()["missing"] == (
        "industrial land leased (parcels, or a published land figure)"
    )
    assert "industrial land leased (parcels, or a published land figure) = missing" in (
        occupancy.explain()
    )
    assert "= 0 ha" not in occupancy.explain()
    with ip.language("vi"):
        assert (
            "đất công nghiệp đã cho thuê (các lô đất, hoặc một số liệu đất công bố) = thiếu"
            in occupancy.explain()
        )


def test_a_province_some_of_whose_zones_have_no_parcel_says_whose_land_is_counted() -> None:
    # kcn-b has 40 ha leased of its 80 ha; kcn-a has no parcel: the 40 ha are kcn-b's only.
    zones = [
        ip.Zone(id=z, name=z, kind="industrial_park", province="Hải Dương",
                total_area=f"{area} ha", industrial_land_area=f"{land} ha")
        for z, area, land in (("kcn-a", 200, 150), ("kcn-b", 100, 80))
    ]  # fmt: skip
    parcels = [
        ip.Parcel(id="b1", zone_id="kcn-b", area="40 ha", status="leased"),
        ip.Parcel(id="b2", zone_id="kcn-b", area="40 ha", status="vacant"),
    ]
    report = evaluate_all(ip.Dataset(zones=zones, parcels=parcels), as_of="2024-12-31")
    province = report["vn-land.occupancy/Hải Dương"]
    assert province.status is Status.INSUFFICIENT_DATA
    inputs = {i.name: i.value for i in province.explanation.inputs}
    assert inputs["industrial land leased in the zones whose land is known"] == ip.Amount(
        40.0, "hectare"
    )
    assert inputs["parcels, or a published land figure"] is None
    assert province.row()["missing"] == "parcels, or a published land figure"
