"""Reconciliation: published totals against their parts and against the records.

The Quảng Nam figures (DOMAIN.md §5): 14 industrial parks of 3,676 ha, of
which 11 in the Chu Lai Open Economic Zone (2,954 ha) and 3 outside it
(716 ha). 2,954 + 716 = 3,670: the total disagrees with its parts by 6 ha.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.dataset import Dataset
from industrial_policy.errors import AmbiguousUnitError
from industrial_policy.reconciliation import ReconciliationCheck, reconcile
from industrial_policy.records.reported import ReportedFigure, ReportedMetric, ZoneScope
from industrial_policy.records.zones import Zone
from industrial_policy.testing import area_of, datasets, hectares_of

HEAVY = settings(max_examples=max(10, settings().max_examples // 4))
QN = "Quảng Nam"
EZ = "chu-lai-oez"


def quang_nam(park_areas: tuple[list[int], list[int]] | None = None) -> Dataset:
    """The published figures; the parks themselves are illustrative records."""
    inside_areas, outside_areas = park_areas or ([None] * 11, [None] * 3)  # type: ignore[list-item]
    zones = [Zone(id=EZ, name="Khu kinh tế mở Chu Lai", kind="economic_zone", province=QN)]
    for i, area in enumerate(inside_areas):
        zones.append(
            Zone(
                id=f"qn-in-{i}",
                name=f"KCN {i}",
                kind="industrial_park",
                province=QN,
                parent_id=EZ,
                total_area=None if area is None else f"{area} ha",
                illustrative=True,
            )
        )
    for i, area in enumerate(outside_areas):
        zones.append(
            Zone(
                id=f"qn-out-{i}",
                name=f"KCN ngoài {i}",
                kind="industrial_park",
                province=QN,
                total_area=None if area is None else f"{area} ha",
                illustrative=True,
            )
        )
    province, within, outside = (
        ZoneScope(province=QN),
        ZoneScope(province=QN, within=EZ),
        ZoneScope(province=QN, outside=EZ),
    )
    reported = [
        ReportedFigure(
            "qn-parks", "zone_count", 14, province, parts=["qn-parks-chu-lai", "qn-parks-outside"]
        ),
        ReportedFigure(
            "qn-area",
            "total_area",
            "3676 ha",
            province,
            parts=["qn-area-chu-lai", "qn-area-outside"],
        ),
        ReportedFigure("qn-parks-chu-lai", "zone_count", 11, within),
        ReportedFigure("qn-area-chu-lai", "total_area", "2954 ha", within),
        ReportedFigure("qn-parks-outside", "zone_count", 3, outside),
        ReportedFigure("qn-area-outside", "total_area", "716 ha", outside),
    ]
    return Dataset(zones=zones, reported=reported)


def check(report: Any, figure_id: str, basis: str) -> ReconciliationCheck:
    [found] = [c for c in report if c.figure_id == figure_id and c.basis == basis]
    return found


def hectares(value: Any) -> float:
    return float(value.to("hectare").magnitude)


def test_quang_nam_total_disagrees_with_its_parts_by_6_ha() -> None:
    report = reconcile(quang_nam())
    area = check(report, "qn-area", "parts")
    assert area.agrees is False
    assert hectares(area.reported) == 3_676
    assert hectares(area.computed) == pytest.approx(2_954 + 716)
    assert hectares(area.difference) == pytest.approx(6)
    assert area.contributors == ("qn-area-chu-lai", "qn-area-outside")
    parks = check(report, "qn-parks", "parts")
    assert (parks.reported, parks.computed, parks.difference, parks.agrees) == (14, 14, 0, True)
    assert [(c.figure_id, c.basis) for c in report.discrepancies] == [("qn-area", "parts")]
    assert "6 ha" in str(area)
    assert "DISAGREES" in str(area)
    assert not report.ok


def test_quang_nam_counts_agree_with_the_records() -> None:
    report = reconcile(quang_nam())
    for figure_id, count in (("qn-parks", 14), ("qn-parks-chu-lai", 11), ("qn-parks-outside", 3)):
        records = check(report, figure_id, "records")
        assert (records.computed, records.agrees) == (count, True)
    # no park area is recorded: nothing to compare, which is not agreement
    area = check(report, "qn-area", "records")
    assert area.computed is None
    assert area.agrees is None
    assert "not recorded" in area.description


def test_quang_nam_with_park_areas_shows_the_gap_against_the_records_too() -> None:
    inside = [268] * 10 + [274]  # 2,954 ha
    outside = [240, 238, 238]  # 716 ha
    report = reconcile(quang_nam((inside, outside)))
    assert hectares(check(report, "qn-area", "records").difference) == pytest.approx(6)
    assert check(report, "qn-area-chu-lai", "records").agrees is True
    assert check(report, "qn-area-outside", "records").agrees is True
    assert {(c.figure_id, c.basis) for c in report.discrepancies} == {
        ("qn-area", "parts"),
        ("qn-area", "records"),
    }


def test_a_tolerance_of_6_ha_accepts_the_gap_and_less_does_not() -> None:
    assert reconcile(quang_nam(), area_tolerance="6 ha").ok
    assert not reconcile(quang_nam(), area_tolerance="5.99 ha").ok
    assert not reconcile(quang_nam(), area_tolerance="166 sào Bắc Bộ").ok  # 5.976 ha
    with pytest.raises(AmbiguousUnitError) as caught:
        reconcile(quang_nam(), area_tolerance="10 sào")
    assert caught.value.field == "area_tolerance"


def test_the_shipped_quang_nam_example_shows_the_6_ha_gap() -> None:
    report = reconcile(ip.examples.load("quang-nam-2024"))
    [gap] = report.discrepancies
    assert (gap.figure_id, gap.basis) == ("qn-area", "parts")
    assert hectares(gap.difference) == pytest.approx(6)
    assert check(report, "qn-parks", "parts").agrees is True


def test_reconciliation_exports_plain_data() -> None:
    rows = reconcile(quang_nam()).to_dicts()
    area = next(r for r in rows if r["figure_id"] == "qn-area" and r["basis"] == "parts")
    assert area == {
        "figure_id": "qn-area",
        "description": area["description"],
        "basis": "parts",
        "reported": 3_676.0,
        "computed": pytest.approx(3_670.0),
        "difference": pytest.approx(6.0),
        "unit": "hectare",
        "agrees": False,
        "contributors": ["qn-area-chu-lai", "qn-area-outside"],
        "comparator": None,
        "computed_comparator": None,
        "computed_upper": None,
    }


# -- properties ---------------------------------------------------------------------


def involved(ds: Dataset, figure: ReportedFigure) -> dict[tuple[str, str], int]:
    """The checks a change of ``figure`` moves, and the sign of the move."""
    moved = {(figure.id, "records"): 1}
    if figure.parts:
        moved[(figure.id, "parts")] = 1
    for other in ds.reported:
        if figure.id in other.parts:
            moved[(other.id, "parts")] = -1
    return moved


@HEAVY
@given(datasets(min_zones=1))
def test_figures_computed_from_the_records_reconcile(ds: Dataset) -> None:
    report = reconcile(ds)
    assert report.ok, str(report)
    assert all(c.agrees is True for c in report)
    expected = len(ds.reported) + sum(1 for f in ds.reported if f.parts)
    expected += sum(1 for f in ds.reported if f.same_as)
    assert len(report) == expected


@HEAVY
@given(datasets(min_zones=1), st.data())
def test_perturbing_one_figure_moves_exactly_the_checks_involving_it(
    ds: Dataset, data: st.DataObject
) -> None:
    # A bound published elsewhere may hold either way after the move: only exact figures that
    # no other figure restates move their checks for certain (bounds: test_a_bound_*).
    restated = {f.same_as for f in ds.reported}
    exact = [f for f in ds.reported if f.comparator is None and f.id not in restated]
    if not exact:
        return
    figure = data.draw(st.sampled_from(exact))
    if figure.metric is ReportedMetric.ZONE_COUNT:
        d: float = data.draw(st.integers(1, 50))
        value: Any = figure.value + d  # type: ignore[operator]
    else:
        d = data.draw(st.floats(0.01, 1_000))
        unit = str(figure.value.units)  # type: ignore[union-attr]
        value = area_of(hectares_of(figure.value) + d, unit)
    changed = [
        ReportedFigure(f.id, f.metric, value, f.scope, parts=f.parts) if f.id == figure.id else f
        for f in ds.reported
    ]
    report = reconcile(ds.evolve(reported=changed))
    moved = involved(ds, figure)
    for c in report:
        sign = moved.get((c.figure_id, c.basis))
        if sign is None:
            assert c.agrees is True, str(c)
            continue
        assert c.agrees is False, str(c)
        if isinstance(c.difference, int):
            assert c.difference == sign * d
        else:
            assert hectares(c.difference) == pytest.approx(sign * d, rel=1e-9, abs=1e-6)
    assert {(c.figure_id, c.basis) for c in report.discrepancies} == set(moved)


# -- figures published as bounds ----------------------------------------------------------


def hai_phong(operating: str = "6000 ha", comparator: str | None = "more_than") -> Dataset:
    scope = ZoneScope(province="Hải Phòng", kinds=["industrial_park"])
    return Dataset(
        reported=[
            ReportedFigure(id="approved", metric="total_area", value="6418 ha", scope=scope),
            ReportedFigure(
                id="operating",
                metric="total_area",
                value=operating,
                scope=scope,
                comparator=comparator,
                same_as="approved",
            ),
        ]
    )


def test_hai_phong_more_than_6000_ha_is_consistent_with_6418_ha() -> None:
    report = reconcile(ip.examples.load("hai-phong-2024"))
    same = check(report, "hp-new-parks-operating-area", "same")
    assert same.agrees is True
    assert str(same) == (
        "hp-new-parks-operating-area: reported more than 6,000 ha, same as hp-new-parks-area"
        " 6,418 ha, difference -418 ha (agrees)"
    )
    assert report.ok


@pytest.mark.parametrize(
    ("operating", "comparator", "agrees"),
    [
        ("7000 ha", "more_than", False),  # no value is over 7,000 and equal to 6,418
        ("6418 ha", "more_than", False),  # strictly more than itself: impossible
        ("6418 ha", "at_least", True),
        ("6418 ha", None, True),
        ("6417 ha", None, False),
        ("6418 ha", "less_than", False),
        ("6500 ha", "less_than", True),
        ("6000 ha", "at_most", False),
        ("641.8 km**2", "at_most", True),  # the same 6,418 ha in another unit
    ],
)
def test_a_bound_agrees_with_the_values_it_allows(
    operating: str, comparator: str | None, agrees: bool
) -> None:
    assert check(reconcile(hai_phong(operating, comparator)), "operating", "same").agrees is agrees


@given(
    st.integers(0, 1_000_000).map(lambda n: n / 100),
    st.integers(0, 1_000_000).map(lambda n: n / 100),
    st.sampled_from(["at_least", "more_than", "at_most", "less_than"]),
)
def test_a_bound_against_the_records_holds_exactly_when_its_comparator_does(
    recorded: float, bound: float, comparator: str
) -> None:
    # The oracle is the comparator itself, on the numbers in hectares.
    zone = Zone(id="z", name="Z", kind="industrial_park", province="P", total_area=f"{recorded} ha")
    figure = ReportedFigure(id="f", metric="total_area", value=f"{bound} ha", comparator=comparator)
    [result] = reconcile(Dataset(zones=[zone], reported=[figure])).checks
    holds = ip.Comparator(comparator).holds(recorded, bound)
    if abs(recorded - bound) > 1e-6 * max(bound, 1.0):  # away from float noise at the bound
        assert result.agrees is bool(holds)
    assert result.comparator is ip.Comparator(comparator)


def test_parts_published_as_bounds_bound_their_sum() -> None:
    # 14 parks: "more than 10" in the zone and 3 outside it is more than 13, so at least 14.
    scope = ZoneScope(province=QN)
    figures = [
        ReportedFigure(id="all", metric="zone_count", value=14, scope=scope, parts=["in", "out"]),
        ReportedFigure(id="in", metric="zone_count", value=10, scope=scope, comparator="more_than"),
        ReportedFigure(id="out", metric="zone_count", value=3, scope=scope),
    ]
    parts = check(reconcile(Dataset(reported=figures)), "all", "parts")
    assert parts.agrees is True
    assert str(parts) == "all: reported 14, sum of parts more than 13, difference 1 (agrees)"
    fewer = [attrs.evolve(figures[0], value=13), *figures[1:]]
    assert check(reconcile(Dataset(reported=fewer)), "all", "parts").agrees is False
    # "at most 10" and exactly 3 bound the sum both ways: from 3 to 13, and 14 is not in it.
    mixed = [figures[0], attrs.evolve(figures[1], comparator="at_most"), figures[2]]
    both = check(reconcile(Dataset(reported=mixed)), "all", "parts")
    assert str(both) == "all: reported 14, sum of parts between 3 and 13, difference 11 (DISAGREES)"
    # "at most 10" and "at least 3": anywhere from 3 up, 14 among them.
    open_ = [*mixed[:2], attrs.evolve(figures[2], comparator="at_least")]
    above = check(reconcile(Dataset(reported=open_)), "all", "parts")
    assert str(above) == "all: reported 14, sum of parts at least 3, difference 11 (agrees)"


def test_same_as_must_name_a_figure_of_the_same_metric() -> None:
    scope = ZoneScope(province=QN)
    count = ReportedFigure(id="n", metric="zone_count", value=14, scope=scope, same_as="a")
    with pytest.raises(ip.DatasetIntegrityError) as missing:
        Dataset(reported=[count])
    assert "reported[0].same_as" in str(missing.value)
    area = ReportedFigure(id="a", metric="total_area", value="3676 ha", scope=scope)
    with pytest.raises(ip.DatasetIntegrityError) as other:
        Dataset(reported=[count, area])
    assert "of another metric (total_area)" in str(other.value)
    with pytest.raises(ip.InvalidValueError) as itself:
        ReportedFigure(id="a", metric="total_area", value="1 ha", same_as="a")
    assert itself.value.field == "same_as"
    with pytest.raises(ip.InvalidValueError) as between:
        ReportedFigure(id="a", metric="total_area", value="1 ha", comparator="between")
    assert "must be one of 'at_least', 'more_than', 'at_most', 'less_than'" in str(between.value)
