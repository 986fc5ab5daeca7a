"""The dataset: every integrity problem listed, lookups against brute force, numpy columns."""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.categories import Category
from industrial_policy.columnar.problems import MAX_KEPT
from industrial_policy.dataset import Dataset
from industrial_policy.errors import DatasetIntegrityError, UnknownRecordError
from industrial_policy.records.parcels import Parcel, ParcelStatus
from industrial_policy.records.reported import ZoneScope
from industrial_policy.records.zones import Zone, ZoneKind
from industrial_policy.testing import (
    PROBLEM_KINDS,
    InvalidDataset,
    area_units,
    datasets,
    hectares_of,
    invalid_datasets,
    zone_scopes,
)

HEAVY = settings(max_examples=max(10, settings().max_examples // 4))


# -- oracles, written from the definitions ------------------------------------------


def descendants_oracle(ds: Dataset, zone_id: str) -> set[str]:
    parents = {z.id: z.parent_id for z in ds.zones}
    found = set()
    for zone in ds.zones:
        parent = zone.parent_id
        while parent is not None:
            if parent == zone_id:
                found.add(zone.id)
                break
            parent = parents.get(parent)
    return found


def ancestors_oracle(ds: Dataset, zone_id: str) -> list[str]:
    parents = {z.id: z.parent_id for z in ds.zones}
    chain = []
    parent = parents[zone_id]
    while parent is not None:
        chain.append(parent)
        parent = parents[parent]
    return chain


def fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def zones_in_oracle(ds: Dataset, scope: ZoneScope) -> list[str]:
    inside = descendants_oracle(ds, scope.within) if scope.within else None
    outside = descendants_oracle(ds, scope.outside) if scope.outside else set()
    return [
        z.id
        for z in ds.zones
        if z.kind in scope.kinds
        and (scope.province is None or fold(z.province) == fold(scope.province))
        and (inside is None or z.id in inside)
        and z.id not in outside
    ]


# -- valid datasets -------------------------------------------------------------------


@HEAVY
@given(datasets())
def test_generated_datasets_are_consistent(ds: Dataset) -> None:
    assert ds.integrity_problems() == ()
    for zone in ds.zones:
        if zone.parent_id is not None:
            assert ds.zone(zone.parent_id).kind is ZoneKind.ECONOMIC_ZONE
    rebuilt = Dataset(
        zones=ds.zones,
        parcels=ds.parcels,
        projects=ds.projects,
        procedures=ds.procedures,
        reported=ds.reported,
        name=ds.name,
    )
    assert rebuilt == ds


@settings(max_examples=10)
@given(datasets(max_zones=3, reported=False))
def test_datasets_are_frozen(ds: Dataset) -> None:
    for field in attrs.fields(Dataset):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(ds, field.name, ())


# -- integrity problems: every one is listed --------------------------------------------


@HEAVY
@given(invalid_datasets(max_per_kind=4))
def test_every_injected_problem_is_listed_with_its_path(case: InvalidDataset) -> None:
    error = case.check()
    # the message lists them too, one per line
    for problem in error.problems:
        assert str(problem) in str(error)


@settings(max_examples=max(5, settings().max_examples // 10))
@pytest.mark.parametrize("kind", PROBLEM_KINDS)
@given(data=st.data())
def test_each_kind_of_problem_is_listed_as_often_as_it_occurs(
    kind: str, data: st.DataObject
) -> None:
    case = data.draw(invalid_datasets([kind], max_per_kind=4, max_zones=4, max_parcels=4))
    error = case.check()
    assert len(error.problems) >= len(case.expected)


def test_a_cycle_is_reported_at_a_zone_of_the_cycle() -> None:
    records = [
        Zone(id="outside", name="O", kind="industrial_park", province="P", parent_id="a"),
        Zone(id="a", name="A", kind="economic_zone", province="P", parent_id="b"),
        Zone(id="b", name="B", kind="economic_zone", province="P", parent_id="a"),
    ]
    with pytest.raises(DatasetIntegrityError) as caught:
        Dataset(zones=records)
    [problem] = caught.value.problems
    assert problem.path == "zones[1].parent_id"
    assert "a -> b -> a" in problem.message


def test_duplicate_zone_ids_are_listed_not_crashed_on() -> None:
    zones = [
        Zone(id="kcn", name="A", kind="industrial_park", province="P", total_area="10 ha"),
        Zone(id="kcn", name="B", kind="industrial_park", province="P", total_area="20 ha"),
        Zone(id="other", name="C", kind="industrial_park", province="P", total_area="5 ha"),
    ]
    parcels = [Parcel(id="p", zone_id="other", area="6 ha", status="vacant")]
    with pytest.raises(DatasetIntegrityError) as caught:
        Dataset(zones=zones, parcels=parcels)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["zones[0].id", "zones[1].id", "zones[2]"]


@settings(max_examples=8, deadline=None)
@given(unknown=st.integers(1, 2 * MAX_KEPT), known=st.integers(0, 50))
def test_integrity_problems_are_capped_in_the_error_and_all_counted(
    unknown: int, known: int
) -> None:
    """Parcels naming a zone the dataset lacks: the error keeps the first MAX_KEPT, in row
    order, and counts them all; ``integrity_problems()`` still lists every one."""
    zones = [Zone(id="kcn", name="A", kind="industrial_park", province="P", total_area="1 km2")]
    order = ["missing"] * unknown + ["kcn"] * known
    parcels = [
        Parcel(id=f"p{i}", zone_id=zone, area="1 ha", status="vacant")
        for i, zone in enumerate(order)
    ]
    with pytest.raises(DatasetIntegrityError) as caught:
        Dataset(zones=zones, parcels=parcels)
    error = caught.value
    assert error.total == unknown
    assert len(error.problems) == min(unknown, MAX_KEPT)
    assert [p.path for p in error.problems] == [
        f"parcels[{i}].zone_id" for i in range(min(unknown, MAX_KEPT))
    ]
    assert "parcel 'p0' names zone 'missing'" in error.problems[0].message
    assert f"{unknown} problem" in str(error)


def test_evolve_checks_again() -> None:
    ds = Dataset(zones=[Zone(id="kcn", name="A", kind="industrial_park", province="P")])
    with pytest.raises(DatasetIntegrityError, match="used by 2 records"):
        ds.evolve(zones=[*ds.zones, *ds.zones])


# -- lookups --------------------------------------------------------------------------


@HEAVY
@given(datasets(reported=False))
def test_lookups_agree_with_brute_force(ds: Dataset) -> None:
    for zone in ds.zones:
        assert ds.zone(zone.id) == zone
        assert ds.parcels_in(zone.id) == tuple(p for p in ds.parcels if p.zone_id == zone.id)
        assert ds.projects_in(zone.id) == tuple(p for p in ds.projects if p.zone_id == zone.id)
        assert ds.children(zone.id) == tuple(z for z in ds.zones if z.parent_id == zone.id)
        found = ds.descendants(zone.id)
        assert {z.id for z in found} == descendants_oracle(ds, zone.id)
        assert len(found) == len({z.id for z in found})
        seen = {zone.id}
        for item in found:  # parents before children
            assert item.parent_id in seen
            seen.add(item.id)
        assert [z.id for z in ds.ancestors(zone.id)] == ancestors_oracle(ds, zone.id)
    for parcel in ds.parcels:
        assert ds.parcel(parcel.id) == parcel
    for project in ds.projects:
        assert ds.project(project.id) == project
    for procedure in ds.procedures:
        assert ds.procedure(procedure.id) == procedure


@HEAVY
@given(datasets(reported=False), st.data())
def test_zones_in_a_scope_agree_with_brute_force(ds: Dataset, data: st.DataObject) -> None:
    ids = [z.id for z in ds.zones] or None
    names = [*ds.provinces, *(p.upper() for p in ds.provinces)] or None
    for scope in data.draw(st.lists(zone_scopes(ids, province_names=names), max_size=5)):
        assert [z.id for z in ds.zones_in(scope)] == zones_in_oracle(ds, scope)


@HEAVY
@given(datasets(max_zones=4, reported=False))
def test_unknown_ids_raise_unknown_record_error(ds: Dataset) -> None:
    missing = "§ not in the dataset"
    lookups = [
        ds.zone,
        ds.parcel,
        ds.project,
        ds.procedure,
        ds.figure,
        ds.parcels_in,
        ds.projects_in,
        ds.children,
        ds.descendants,
        ds.ancestors,
        lambda i: ds.zones_in(ZoneScope(within=i)),
        lambda i: ds.zones_in(ZoneScope(outside=i)),
    ]
    for lookup in lookups:
        with pytest.raises(UnknownRecordError, match="not in the dataset"):
            lookup(missing)


# -- columns --------------------------------------------------------------------------


def optional_hectares(area: Any) -> float:
    return math.nan if area is None else hectares_of(area)


def assert_same(actual: np.ndarray, expected: list[float]) -> None:
    np.testing.assert_allclose(actual, np.array(expected, dtype=float), rtol=1e-12, atol=1e-12)


@HEAVY
@given(datasets(reported=False))
def test_columns_agree_with_the_records(ds: Dataset) -> None:
    zones, parcels = ds.columns.zones, ds.columns.parcels
    zone_position = {z.id: i for i, z in enumerate(ds.zones)}
    project_position = {p.id: i for i, p in enumerate(ds.projects)}
    assert zones.ids == tuple(z.id for z in ds.zones)
    assert len(zones) == len(ds.zones)
    assert zones.kind.tolist() == [list(ZoneKind).index(z.kind) for z in ds.zones]
    assert_same(zones.total_ha, [optional_hectares(z.total_area) for z in ds.zones])
    assert_same(zones.industrial_ha, [optional_hectares(z.industrial_land_area) for z in ds.zones])
    assert zones.parent.tolist() == [
        zone_position[z.parent_id] if z.parent_id else -1 for z in ds.zones
    ]
    assert zones.specialises_in_hi_tech.tolist() == [z.specialises_in_hi_tech for z in ds.zones]
    assert [zones.provinces[i] for i in zones.province] == [z.province for z in ds.zones]
    assert parcels.ids.tolist() == [p.id for p in ds.parcels]
    assert parcels.zone.tolist() == [zone_position[p.zone_id] for p in ds.parcels]
    assert_same(parcels.area_ha, [hectares_of(p.area) for p in ds.parcels])
    assert parcels.status.tolist() == [list(ParcelStatus).index(p.status) for p in ds.parcels]
    assert parcels.category.tolist() == [
        list(Category).index(p.category) if p.category else -1 for p in ds.parcels
    ]
    assert parcels.project.tolist() == [
        project_position[p.project_id] if p.project_id else -1 for p in ds.parcels
    ]
    for column, attr in ((parcels.lease_start, "lease_start"), (parcels.lease_end, "lease_end")):
        days = [getattr(p, attr) for p in ds.parcels]
        assert [None if np.isnat(d) else d.astype(object) for d in column] == days


def top_ancestor_oracle(ds: Dataset) -> list[int]:
    position = {z.id: i for i, z in enumerate(ds.zones)}
    result = []
    for zone in ds.zones:
        chain = ancestors_oracle(ds, zone.id)
        result.append(position[chain[-1]] if chain else position[zone.id])
    return result


@HEAVY
@given(datasets(reported=False))
def test_top_ancestors_agree_with_brute_force(ds: Dataset) -> None:
    assert ds.columns.zones.top_ancestor().tolist() == top_ancestor_oracle(ds)


@HEAVY
@given(datasets(reported=False), st.data())
def test_columns_do_not_depend_on_the_units_of_the_records(
    ds: Dataset, data: st.DataObject
) -> None:
    def convert(area: Any) -> Any:
        return None if area is None else area.to(data.draw(area_units()))

    zones = [
        attrs.evolve(
            z,
            total_area=convert(z.total_area),
            industrial_land_area=convert(z.industrial_land_area),
        )
        for z in ds.zones
    ]
    parcels = [attrs.evolve(p, area=convert(p.area)) for p in ds.parcels]
    other = ds.evolve(zones=zones, parcels=parcels)
    for before, after in (
        (ds.columns.zones.total_ha, other.columns.zones.total_ha),
        (ds.columns.zones.industrial_ha, other.columns.zones.industrial_ha),
        (ds.columns.parcels.area_ha, other.columns.parcels.area_ha),
    ):
        np.testing.assert_allclose(after, before, rtol=1e-12, atol=1e-12)


@HEAVY
@given(datasets(reported=False))
def test_area_sums_per_zone_agree_with_the_records(ds: Dataset) -> None:
    columns = ds.columns
    sums = np.bincount(
        columns.parcels.zone, weights=columns.parcels.area_ha, minlength=len(columns.zones)
    )
    expected: dict[str, float] = defaultdict(float)
    for parcel in ds.parcels:
        expected[parcel.zone_id] += hectares_of(parcel.area)
    assert_same(sums, [expected[z.id] for z in ds.zones])
