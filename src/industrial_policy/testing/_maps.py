"""Datasets drawn on a map: zones as rectangles, their parcels as strips inside them."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from industrial_policy.dataset import Dataset
from industrial_policy.geo import GeometryTable
from industrial_policy.records.parcels import Parcel
from industrial_policy.records.zones import Zone
from industrial_policy.testing._records import area_of

__all__ = ["MappedDataset", "mapped_datasets"]

#: Each zone is drawn in its own cell of this many metres, so zones never touch.
CELL_M = 5_000.0


@attrs.frozen
class MappedDataset:
    """A dataset and the geometry of its zones and parcels, which agree with it: every
    parcel inside its zone, no overlaps, declared areas equal to the drawn (planar) ones."""

    dataset: Dataset
    zones: GeometryTable
    parcels: GeometryTable


def _box(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"POLYGON (({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


@st.composite
def mapped_datasets(
    draw: st.DrawFn,
    *,
    max_zones: int = 4,
    max_parcels: int = 5,
    crs: str = "VN-2000 105.75",
    origin: tuple[float, float] = (480_000.0, 2_300_000.0),
) -> MappedDataset:
    """A :class:`MappedDataset` drawn in ``crs`` (a VN-2000 provincial zone by default, near
    its meridian): up to ``max_zones`` rectangular zones of 200 m to 4 km a side, each with
    up to ``max_parcels`` parcels as strips side by side inside it, in a random order."""
    count = draw(st.integers(1, max_zones))
    zones: list[Zone] = []
    parcels: list[Parcel] = []
    zone_shapes: list[tuple[str, str]] = []
    parcel_shapes: list[tuple[str, str]] = []
    sides = st.floats(200.0, 4_000.0, allow_nan=False)
    for index in range(count):
        width, height = draw(sides), draw(sides)
        x0 = origin[0] + (index % 3) * CELL_M
        y0 = origin[1] + (index // 3) * CELL_M
        zone_id = f"kcn-{index}"
        zones.append(
            Zone(
                id=zone_id,
                name=f"KCN {index}",
                kind="industrial_park",
                province="Hải Phòng",
                total_area=area_of(width * height / 10_000, "hectare"),
            )
        )
        zone_shapes.append((zone_id, _box(x0, y0, x0 + width, y0 + height)))
        strips = draw(st.integers(0, max_parcels))
        fill = draw(st.floats(0.2, 1.0))
        for strip in range(strips):
            strip_width = width / strips
            left = x0 + strip * strip_width
            parcel_id = f"{zone_id}-p{strip}"
            parcels.append(
                Parcel(
                    id=parcel_id,
                    zone_id=zone_id,
                    area=area_of(strip_width * height * fill / 10_000, "hectare"),
                    status="vacant",
                )
            )
            parcel_shapes.append(
                (parcel_id, _box(left, y0, left + strip_width, y0 + height * fill))
            )
    order: Any = st.permutations
    zones = draw(order(zones))
    parcels = draw(order(parcels))
    zone_shapes = draw(order(zone_shapes))
    parcel_shapes = draw(order(parcel_shapes))
    return MappedDataset(
        Dataset(zones=zones, parcels=parcels),
        GeometryTable.of("zones", zone_shapes, crs=crs),
        GeometryTable.of("parcels", parcel_shapes, crs=crs),
    )
