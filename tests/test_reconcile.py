"""Reconciliation: published totals against their parts and against the records.

The Quảng Nam figures (DOMAIN.md §5): 14 industrial parks of 3,676 ha, of
which 11 in the Chu Lai Open Economic Zone (2,954 ha) and 3 outside it
(716 ha). 2,954 + 716 = 3,670: the total disagrees with its parts by 6 ha.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.dataset import Dataset
from industrial_policy.errors import AmbiguousUnitError
from industrial_policy.reconciliation import ReconciliationCheck, reconcile
from industrial_policy.reported import ReportedFigure, ReportedMetric, ZoneScope
from industrial_policy.testing import area_of, datasets, hectares_of
from industrial_policy.zones import Zone

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
            "3,676 ha",
            province,
            parts=["qn-area-chu-lai", "qn-area-outside"],
        ),
        ReportedFigure("qn-parks-chu-lai", "zone_count", 11, within),
        ReportedFigure("qn-area-chu-lai", "total_area", "2,954 ha", within),
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
    assert len(report) == expected


@HEAVY
@given(datasets(min_zones=1), st.data())
def test_perturbing_one_figure_moves_exactly_the_checks_involving_it(
    ds: Dataset, data: st.DataObject
) -> None:
    if not ds.reported:
        return
    figure = data.draw(st.sampled_from(ds.reported))
    if figure.metric is ReportedMetric.ZONE_COUNT:
        d: float = data.draw(st.integers(1, 50))
        value: Any = figure.value + d  # type: ignore[operator]
    else:
        d = data.draw(st.floats(0.01, 1_000))
        unit = str(figure.value.units)  # type: ignore[union-attr]
        value = area_of(hectares_of(figure.value) + d, unit)
    changed = [
        ReportedFigure(f.id, f.metric, value, f.scope, parts=f.parts) if f is figure else f
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
