"""Maps: geometry read with its CRS, drawn areas, and the map checked against the records."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

shapely = pytest.importorskip("shapely")
pytest.importorskip("pyproj")
pytest.importorskip("pyogrio")

import industrial_policy as ip  # noqa: E402
from industrial_policy.errors import IndustrialPolicyError, TableError  # noqa: E402
from industrial_policy.geo import (  # noqa: E402
    GeometryError,
    GeometryParameters,
    GeometryTable,
    check_geometry,
    crs_of,
    findings_to_geojson,
    meridian_of,
    read_geometries,
    read_map,
    vn2000,
    with_drawn_areas,
)
from industrial_policy.testing import MappedDataset, mapped_datasets  # noqa: E402

DAY = dt.date(2025, 1, 1)
HAI_PHONG = "VN-2000 Hải Phòng"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def box(x0: float, y0: float, x1: float, y1: float) -> Any:
    return shapely.box(x0, y0, x1, y1)


def ids_of(report: ip.Report) -> set[str]:
    return {f.id for f in report}


# -- CRSs ----------------------------------------------------------------------------------


def test_provincial_zones_are_transverse_mercator_on_vn2000() -> None:
    crs = vn2000("Hải Phòng")
    params = {p.name: p.value for p in crs.coordinate_operation.params}
    assert params["Longitude of natural origin"] == pytest.approx(105.75)
    assert params["Scale factor at natural origin"] == pytest.approx(0.9999)
    assert params["False easting"] == pytest.approx(500_000)
    assert crs.geodetic_crs.name == "VN-2000"
    assert meridian_of("tỉnh quảng nam") == meridian_of("Quang Nam") == pytest.approx(107.75)


def test_a_province_not_shipped_is_refused_naming_the_way_out() -> None:
    with pytest.raises(GeometryError, match="central_meridian") as caught:
        vn2000("Thái Bình")
    assert caught.value.problems[0].value == "Thái Bình"
    assert vn2000(central_meridian=105.5).name == "VN-2000 / TM-3 105°30′"


@pytest.mark.parametrize("value", ["EPSG:999999", "not a crs", 3.5, None])
def test_unknown_crs_is_a_clear_error(value: object) -> None:
    with pytest.raises(GeometryError) as caught:
        crs_of(value)
    assert isinstance(caught.value, IndustrialPolicyError)
    assert caught.value.problems[0].value == value


# -- areas ---------------------------------------------------------------------------------

eastings = st.floats(400_000, 600_000)
northings = st.floats(1_000_000, 2_500_000)
sides = st.floats(1.0, 5_000.0)


@SETTINGS
@given(eastings, northings, sides, sides)
def test_a_rectangle_in_a_projected_crs_has_width_times_height(
    x: float, y: float, width: float, height: float
) -> None:
    table = GeometryTable.of("parcels", {"p": box(x, y, x + width, y + height)}, crs=HAI_PHONG)
    assert table.hectares("planar")[0] == pytest.approx(width * height / 10_000, rel=1e-9)
    # In an equal-area CRS, the equal-area measure is width × height too.
    laea = "+proj=laea +lat_0=16 +lon_0=106 +ellps=WGS84 +units=m"
    area = GeometryTable.of(
        "parcels",
        {"p": box(x - 500_000, y - 1_700_000, x - 500_000 + width, y - 1_700_000 + height)},
        crs=laea,
    )
    assert area.hectares()[0] == pytest.approx(width * height / 10_000, rel=1e-6)


@SETTINGS
@given(
    st.floats(-100_000, 100_000),
    northings,
    sides,
    sides,
    st.floats(0, 90),
    st.sampled_from(["Hải Phòng", "Quảng Nam", "Hà Nội", "Đồng Nai"]),
)
def test_drawn_areas_agree_across_crss(
    dx: float, y: float, width: float, height: float, angle: float, province: str
) -> None:
    width, height = width + 10, height + 10  # the geodesic reference is precise from 10 m up
    shape = shapely.affinity.rotate(box(500_000 + dx, y, 500_000 + dx + width, y + height), angle)
    table = GeometryTable.of("parcels", {"p": shape}, crs=vn2000(province))
    reference = table.hectares("geodesic")[0]
    for crs in ("EPSG:4326", "EPSG:4756", "EPSG:3405", "EPSG:3406", vn2000("Hà Nội")):
        moved = table.to_crs(crs)
        assert moved.hectares()[0] == pytest.approx(reference, rel=1e-4)
    assert table.hectares()[0] == pytest.approx(reference, rel=1e-5)
    # The provincial plane itself is within its scale (0.9999 on the meridian) of the truth.
    assert table.hectares("planar")[0] == pytest.approx(reference, rel=2e-3)


def test_planar_areas_need_a_projected_crs() -> None:
    table = GeometryTable.of("zones", {"z": box(106, 20, 106.01, 20.01)}, crs="EPSG:4326")
    with pytest.raises(GeometryError, match="projected"):
        table.hectares("planar")
    assert table.hectares()[0] == pytest.approx(table.hectares("geodesic")[0], rel=1e-6)


# -- the checks ----------------------------------------------------------------------------


@SETTINGS
@given(mapped_datasets())
def test_a_map_that_agrees_with_its_records_has_no_findings(mapped: MappedDataset) -> None:
    report = check_geometry(mapped.dataset, zones=mapped.zones, parcels=mapped.parcels, as_of=DAY)
    assert list(report) == []


@SETTINGS
@given(mapped_datasets(), st.data())
def test_moving_a_parcel_outside_its_zone_flips_exactly_that_finding(
    mapped: MappedDataset, data: st.DataObject
) -> None:
    if not len(mapped.parcels):
        return
    before = check_geometry(mapped.dataset, zones=mapped.zones, parcels=mapped.parcels, as_of=DAY)
    row = data.draw(st.integers(0, len(mapped.parcels) - 1))
    geometries = mapped.parcels.geometries.copy()
    geometries[row] = shapely.affinity.translate(geometries[row], yoff=-50_000)  # far south
    moved = GeometryTable("parcels", mapped.parcels.ids, geometries, mapped.parcels.crs)
    after = check_geometry(mapped.dataset, zones=mapped.zones, parcels=moved, as_of=DAY)
    assert ids_of(after) - ids_of(before) == {f"geo.inside_zone/{mapped.parcels.ids[row]}"}
    assert ids_of(before) - ids_of(after) == set()
    finding = after[f"geo.inside_zone/{mapped.parcels.ids[row]}"]
    assert finding.status is ip.Status.FAIL
    assert float(finding.details["share outside"].value) == pytest.approx(1.0)


@SETTINGS
@given(mapped_datasets(), st.randoms(use_true_random=False), st.data())
def test_results_do_not_depend_on_record_order(
    mapped: MappedDataset, rng: Any, data: st.DataObject
) -> None:
    # Damage the map a little so that there are findings to compare.
    geometries = mapped.parcels.geometries.copy()
    if len(geometries) >= 2:
        geometries[0] = shapely.affinity.translate(geometries[1], xoff=3.0)
    parcels = GeometryTable("parcels", mapped.parcels.ids, geometries, mapped.parcels.crs)
    first = check_geometry(mapped.dataset, zones=mapped.zones, parcels=parcels, as_of=DAY)

    def shuffled(table: GeometryTable) -> GeometryTable:
        order = list(range(len(table)))
        rng.shuffle(order)
        return GeometryTable(table.kind, table.ids[order], table.geometries[order], table.crs)

    records = list(mapped.dataset.parcels)
    rng.shuffle(records)
    zones = list(mapped.dataset.zones)
    rng.shuffle(zones)
    dataset = ip.Dataset(zones=zones, parcels=records)
    second = check_geometry(
        dataset, zones=shuffled(mapped.zones), parcels=shuffled(parcels), as_of=DAY
    )
    assert [f.id for f in first] == [f.id for f in second]
    for a, b in zip(first, second, strict=True):
        assert a.status == b.status
        assert (a.actual is None) == (b.actual is None)
        if a.actual is not None and b.actual is not None:
            assert float(a.actual.value) == pytest.approx(float(b.actual.value), rel=1e-9)


def small_dataset(**zone_fields: Any) -> ip.Dataset:
    return ip.Dataset(
        zones=[
            ip.Zone(id="ez", name="EZ", kind="economic_zone", province="Hải Phòng"),
            ip.Zone(
                id="kcn-a",
                name="A",
                kind="industrial_park",
                province="Hải Phòng",
                total_area="4 ha",
                parent_id="ez",
                **zone_fields,
            ),
            ip.Zone(
                id="kcn-b", name="B", kind="industrial_park", province="Hải Phòng", parent_id="ez"
            ),
        ],
        parcels=[
            ip.Parcel(id="p-1", zone_id="kcn-a", area="1 ha", status="leased"),
            ip.Parcel(id="p-2", zone_id="kcn-a", area="1 ha", status="vacant"),
            ip.Parcel(id="p-3", zone_id="kcn-a", area="0.5 ha", status="vacant"),
        ],
    )


X, Y = 500_000.0, 2_300_000.0


def zone_map(**overrides: Any) -> GeometryTable:
    shapes = {
        "ez": box(X - 1000, Y - 1000, X + 1000, Y + 1000),
        "kcn-a": box(X, Y, X + 200, Y + 200),
        "kcn-b": box(X + 300, Y, X + 500, Y + 200),
    }
    shapes.update(overrides)
    return GeometryTable.of("zones", shapes, crs=HAI_PHONG, source="zones.gpkg")


def parcel_map(**overrides: Any) -> GeometryTable:
    shapes = {
        "p-1": box(X, Y, X + 100, Y + 100),
        "p-2": box(X + 100, Y, X + 200, Y + 100),
        "p-3": box(X, Y + 100, X + 50, Y + 200),
    }
    shapes.update(overrides)
    return GeometryTable.of("parcels", shapes, crs=HAI_PHONG, source="parcels.gpkg")


def test_each_problem_is_a_finding_naming_records_and_places() -> None:
    parcels = parcel_map(
        **{
            "p-2": box(X + 90, Y, X + 200, Y + 100),  # overlaps p-1 by 10 × 100 m, 1.1 ha drawn
            "p-3": box(X + 150, Y + 150, X + 250, Y + 200),  # half outside kcn-a
        }
    )
    zones = zone_map(**{"kcn-b": box(X + 150, Y, X + 350, Y + 200)})  # overlaps kcn-a
    report = check_geometry(small_dataset(), zones=zones, parcels=parcels, as_of=DAY)
    assert ids_of(report) == {
        "geo.area/p-2",
        "geo.inside_zone/p-3",
        "geo.parcels_overlap/p-1|p-2",
        "geo.zones_overlap/kcn-a|kcn-b",
    }
    assert all(f.kind == "geometry" and f.status is ip.Status.FAIL for f in report)
    overlap = report["geo.parcels_overlap/p-1|p-2"]
    # 1,000 m² in the plane; 0.02 % more on the ground (the plane's scale is 0.9999).
    assert float(overlap.actual.value) == pytest.approx(0.1 / 0.9999**2, rel=1e-5)
    assert overlap.explanation.inputs[0].records == ("p-1", "p-2")
    assert "parcels.gpkg feature 1" in overlap.explain()
    outside = report["geo.inside_zone/p-3"]
    assert float(outside.details["share outside"].value) == pytest.approx(0.5, rel=1e-3)
    area = report["geo.area/p-2"]
    assert float(area.gap.value) == pytest.approx(1.1 / 0.9999**2 - 1, rel=1e-5)
    # An economic zone holding its park is no overlap; the park inside it is no finding.
    assert "geo.inside_parent/kcn-a" not in report


def test_a_zone_outside_its_parent_is_a_finding() -> None:
    zones = zone_map(ez=box(X - 1000, Y - 1000, X + 100, Y + 1000))
    report = check_geometry(small_dataset(), zones=zones, parcels=parcel_map(), as_of=DAY)
    assert ids_of(report) == {"geo.inside_parent/kcn-a", "geo.inside_parent/kcn-b"}


def test_tolerances_are_parameters() -> None:
    parcels = parcel_map(**{"p-2": box(X + 100, Y, X + 200, Y + 104)})  # 4 % more than declared
    dataset = small_dataset()
    assert "geo.area/p-2" not in check_geometry(dataset, parcels=parcels, as_of=DAY)
    strict = GeometryParameters(area_tolerance=0.01)
    found = check_geometry(dataset, parcels=parcels, parameters=strict, as_of=DAY)
    assert ids_of(found) == {"geo.area/p-2"}
    with pytest.raises(GeometryError):
        GeometryParameters(overlap_tolerance_m2=-1)


def test_records_and_features_that_do_not_match_are_findings() -> None:
    zones = GeometryTable.of(
        "zones",
        {"kcn-a": box(X, Y, X + 200, Y + 200), "kcn-z": box(X + 5000, Y, X + 5001, Y + 1)},
        crs=HAI_PHONG,
    )
    report = check_geometry(small_dataset(), zones=zones, as_of=DAY)
    statuses = {f.id: f.status for f in report}
    assert statuses == {
        "geo.drawn/ez": ip.Status.INSUFFICIENT_DATA,
        "geo.drawn/kcn-b": ip.Status.INSUFFICIENT_DATA,
        "geo.drawn/kcn-z": ip.Status.FAIL,
    }


BAD_GEOMETRIES = {
    "bowtie": ("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))", "Self-intersection"),
    "empty": ("POLYGON EMPTY", "empty"),
    "point": ("POINT (1 2)", "a Point, not a polygon"),
    "line": ("LINESTRING (0 0, 1 1)", "a LineString, not a polygon"),
    "missing": (None, "no geometry"),
}


@pytest.mark.parametrize("name", sorted(BAD_GEOMETRIES))
def test_bad_geometries_are_findings_naming_the_record(name: str) -> None:
    shape, reason = BAD_GEOMETRIES[name]
    parcels = GeometryTable.of(
        "parcels", {"p-1": shape, "p-2": None, "p-3": None}, crs=HAI_PHONG, source="lots.shp"
    )
    parcels = GeometryTable(
        "parcels",
        parcels.ids,
        np.array([parcels.geometries[0], box(X, Y, X + 100, Y + 100), None], dtype=object),
        parcels.crs,
        source="lots.shp",
    )
    report = check_geometry(small_dataset(), parcels=parcels, as_of=DAY)
    finding = report["geo.valid/p-1"]
    assert reason in finding.explain()
    assert "lots.shp feature 1 (parcel 'p-1')" in finding.explain()


polygon_points = st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=0, max_size=8)


@SETTINGS
@given(st.lists(polygon_points, min_size=1, max_size=6))
def test_fuzzed_geometries_never_crash_and_every_bad_one_is_named(
    rings: list[list[tuple[float, float]]],
) -> None:
    shapes: dict[str, Any] = {}
    for index, points in enumerate(rings):
        coords = [(X + x, Y + y) for x, y in points]
        try:
            shapes[f"p{index}"] = shapely.Polygon(coords + coords[:1]) if coords else None
        except (ValueError, shapely.errors.GEOSException):
            shapes[f"p{index}"] = shapely.LineString(coords) if len(coords) > 1 else None
    dataset = ip.Dataset(
        zones=[ip.Zone(id="z", name="Z", kind="industrial_park", province="Hải Phòng")],
        parcels=[ip.Parcel(id=k, zone_id="z", area="0.01 ha", status="vacant") for k in shapes],
    )
    zones = GeometryTable.of("zones", {"z": box(X - 60, Y - 60, X + 60, Y + 60)}, crs=HAI_PHONG)
    parcels = GeometryTable.of("parcels", shapes, crs=HAI_PHONG)
    report = check_geometry(dataset, zones=zones, parcels=parcels, as_of=DAY)
    for key, shape in shapes.items():
        usable = (
            shape is not None
            and shape.geom_type == "Polygon"
            and not shape.is_empty
            and shape.is_valid
        )
        assert (f"geo.valid/{key}" in report) == (not usable)
    findings_to_geojson(report, zones=zones, parcels=parcels)


@given(st.binary(max_size=40))
@settings(max_examples=50, deadline=None)
def test_bytes_that_are_not_wkb_are_a_clear_error(data: bytes) -> None:
    paths: list[str] = []
    try:
        GeometryTable.of("parcels", {"p": data}, crs=HAI_PHONG)
    except GeometryError as error:  # not a bare GEOS error, nor a crash
        paths = [p.path for p in error.problems]
    assert paths in ([], ["parcels[0]"])


def test_metres_declared_as_degrees_are_refused() -> None:
    with pytest.raises(GeometryError, match="look projected") as caught:
        GeometryTable.of("zones", {"kcn-a": box(X, Y, X + 100, Y + 100)}, crs="EPSG:4326")
    assert caught.value.problems[0].record_id == "kcn-a"


def test_ids_drawn_twice_are_refused() -> None:
    with pytest.raises(GeometryError, match="drawn twice"):
        GeometryTable.of("parcels", [("p", box(0, 0, 1, 1)), ("p", box(1, 1, 2, 2))], crs=4326)


# -- drawn areas for the rules -------------------------------------------------------------


def test_rules_can_run_on_drawn_areas() -> None:
    dataset = small_dataset()
    parcels = parcel_map(**{"p-3": box(X, Y + 100, X + 100, Y + 200)})  # 1 ha drawn, 0.5 declared
    drawn = with_drawn_areas(dataset, parcels=parcels, method="planar")
    assert drawn.parcel("p-3").area.to("ha").magnitude == pytest.approx(1.0)
    assert dataset.parcel("p-3").area.to("ha").magnitude == pytest.approx(0.5)
    with pytest.raises(GeometryError, match="keep_declared") as caught:
        with_drawn_areas(dataset, zones=GeometryTable.of("zones", {}, crs=HAI_PHONG))
    assert {p.record_id for p in caught.value.problems} == {"ez", "kcn-a", "kcn-b"}
    kept = with_drawn_areas(
        dataset, zones=GeometryTable.of("zones", {}, crs=HAI_PHONG), keep_declared=True
    )
    assert kept.zone("kcn-a").total_area == dataset.zone("kcn-a").total_area


# -- files ---------------------------------------------------------------------------------


def feature_table(rows: list[dict[str, Any]]) -> Any:
    pa = pytest.importorskip("pyarrow")
    columns = {k: [r[k] for r in rows] for k in rows[0] if k != "geometry"}
    columns["geometry"] = [shapely.to_wkb(r["geometry"]) for r in rows]
    return pa.table(columns)


# Short column names: a Shapefile's are at most 10 bytes.
PARCEL_ROWS = [
    {"ma_lo": "p-1", "kcn": "kcn-a", "dien_tich": "1", "tinh_trang": "leased",
     "geometry": box(X, Y, X + 100, Y + 100)},
    {"ma_lo": "p-2", "kcn": "kcn-a", "dien_tich": "1,5", "tinh_trang": "vacant",
     "geometry": box(X + 100, Y, X + 200, Y + 100)},
]  # fmt: skip
ZONE_ROWS = [
    {"id": "kcn-a", "name": "A", "kind": "industrial_park", "province": "Hải Phòng",
     "total_area": 4.0, "geometry": box(X, Y, X + 200, Y + 200)},
]  # fmt: skip
MAPPING = {
    "parcels": {
        "columns": {"id": "ma_lo", "zone_id": "kcn", "area": "dien_tich", "status": "tinh_trang"},
        "units": {"area": "ha"},
        "notation": "vi",
    },
    "zones": {"units": {"total_area": "ha"}},
}


def write(path: Path, rows: list[dict[str, Any]], crs: str | None) -> Path:
    import pyogrio

    table = feature_table(rows)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        spec: dict[str, Any] = {"encoding": "WKB", "geometry_types": []}
        if crs is not None:
            spec["crs"] = json.loads(crs_of(crs).to_json())
        else:
            spec["crs"] = None
        meta = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": spec}}
        table = table.replace_schema_metadata({"geo": json.dumps(meta)})
        pq.write_table(table, path)
        return path
    driver = {
        ".gpkg": "GPKG",
        ".shp": "ESRI Shapefile",
        ".geojson": "GeoJSON",
        ".fgb": "FlatGeobuf",
    }[path.suffix]
    wkt = crs_of(crs).to_wkt() if crs is not None else None
    pyogrio.write_arrow(
        table, path, driver=driver, geometry_name="geometry", geometry_type="Polygon", crs=wkt
    )
    return path


@pytest.mark.parametrize("suffix", [".gpkg", ".shp", ".parquet", ".fgb"])
def test_maps_are_read_with_the_table_mapping(tmp_path: Path, suffix: str) -> None:
    zones = write(tmp_path / f"zones{suffix}", ZONE_ROWS, HAI_PHONG)
    parcels = write(tmp_path / f"parcels{suffix}", PARCEL_ROWS, HAI_PHONG)
    mapped = read_map(MAPPING, zones=zones, parcels=parcels)
    assert mapped.dataset.parcel("p-2").area.to("ha").magnitude == pytest.approx(1.5)
    assert mapped.parcels is not None
    assert mapped.zones is not None
    assert sorted(mapped.parcels.ids.tolist()) == ["p-1", "p-2"]  # FlatGeobuf reorders
    assert mapped.parcels.crs.equals(vn2000("Hải Phòng"), ignore_axis_order=True)
    report = check_geometry(mapped.dataset, zones=mapped.zones, parcels=mapped.parcels, as_of=DAY)
    assert ids_of(report) == {"geo.area/p-2"}  # 1.5 ha declared, 1 ha drawn
    assert f"parcels{suffix} feature " in report["geo.area/p-2"].explain()


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
@pytest.mark.parametrize("suffix", [".shp", ".parquet"])
def test_a_file_with_no_crs_is_refused_unless_one_is_declared(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"zones{suffix}", ZONE_ROWS, None)
    with pytest.raises(GeometryError, match="no coordinate reference system"):
        read_map(MAPPING, zones=path)
    mapped = read_map(MAPPING, zones=path, crs=HAI_PHONG)
    assert mapped.zones is not None
    assert mapped.zones.hectares("planar").tolist() == pytest.approx([4.0])


def test_a_declaration_contradicting_the_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "zones.gpkg", ZONE_ROWS, HAI_PHONG)
    with pytest.raises(GeometryError, match="the file says") as caught:
        read_geometries(path, "zones", crs="EPSG:3405")
    assert caught.value.source == "zones.gpkg"


def test_geojson_in_metres_is_refused_naming_the_features(tmp_path: Path) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {k: v for k, v in r.items() if k != "geometry"},
             "geometry": json.loads(shapely.to_geojson(r["geometry"]))}
            for r in ZONE_ROWS
        ],
    }  # fmt: skip
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(GeometryError, match="look") as caught:
        read_map(MAPPING, zones=path)
    problem = caught.value.problems[0]
    assert problem.record_id == "kcn-a"
    assert problem.row == 1
    # Declared, the same file is read (GeoJSON's WGS 84 is a default agreement).
    mapped = read_map(MAPPING, zones=path, crs=HAI_PHONG)
    assert mapped.zones is not None
    assert len(mapped.zones) == 1


def test_bad_attributes_are_the_table_readers_errors(tmp_path: Path) -> None:
    rows = [dict(PARCEL_ROWS[0], dien_tich="một"), PARCEL_ROWS[1]]
    path = write(tmp_path / "parcels.gpkg", rows, HAI_PHONG)
    zones = write(tmp_path / "zones.gpkg", ZONE_ROWS, HAI_PHONG)
    with pytest.raises(TableError) as caught:
        read_map(MAPPING, zones=zones, parcels=path)
    problem = next(p for p in caught.value.problems if p.value == "một")
    assert problem.path == "parcels.gpkg feature 1, column 'dien_tich'"  # the map's feature
    assert problem.row == 1
    assert caught.value.source == "parcels.gpkg"


def test_a_geopackage_of_several_layers_needs_the_layer_named(tmp_path: Path) -> None:
    import pyogrio

    path = write(tmp_path / "map.gpkg", ZONE_ROWS, HAI_PHONG)
    pyogrio.write_arrow(
        feature_table(PARCEL_ROWS), path, layer="lo_dat", driver="GPKG",
        geometry_name="geometry", geometry_type="Polygon", crs=crs_of(HAI_PHONG).to_wkt(),
    )  # fmt: skip
    with pytest.raises(GeometryError, match="2 layers"):
        read_map(MAPPING, zones=path, parcels=path)
    mapped = read_map(
        MAPPING, zones=path, parcels=path, layers={"zones": "map", "parcels": "lo_dat"}
    )
    assert mapped.parcels is not None
    assert len(mapped.parcels) == 2


def test_missing_file_and_unknown_format_are_errors(tmp_path: Path) -> None:
    with pytest.raises(GeometryError, match="no such file"):
        read_map(zones=tmp_path / "nothing.gpkg")
    other = tmp_path / "zones.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(GeometryError, match=r"\.gpkg"):
        read_map(zones=other)


def test_findings_export_as_geojson_in_wgs84(tmp_path: Path) -> None:
    parcels = parcel_map(**{"p-2": box(X + 90, Y, X + 200, Y + 100)})
    zones = zone_map()
    report = check_geometry(small_dataset(), zones=zones, parcels=parcels, as_of=DAY)
    out = tmp_path / "findings.geojson"
    collection = findings_to_geojson(report, zones=zones, parcels=parcels, path=out)
    assert json.loads(out.read_text(encoding="utf-8")) == collection
    by_id = {f["id"]: f for f in collection["features"]}
    overlap = shapely.from_geojson(json.dumps(by_id["geo.parcels_overlap/p-1|p-2"]["geometry"]))
    lon, lat = overlap.centroid.x, overlap.centroid.y
    assert 105 < lon < 106.5
    assert 20 < lat < 21.5
    assert not math.isnan(by_id["geo.area/p-2"]["properties"]["actual"])


# -- maps ----------------------------------------------------------------------------------


def occupancy_report() -> tuple[ip.Report, GeometryTable]:
    pytest.importorskip("matplotlib")
    zones, parcels, shapes = [], [], {}
    for i in range(3):
        zones.append(
            ip.Zone(
                id=f"kcn-{i}",
                name=f"KCN {i}",
                kind="industrial_park",
                province="Hải Dương",
                total_area="4 ha",
                industrial_land_area="4 ha",
            )
        )
        parcels.append(
            ip.Parcel(id=f"p-{i}", zone_id=f"kcn-{i}", area=f"{i + 1} ha", status="leased")
        )
        shapes[f"kcn-{i}"] = box(X + 300 * i, Y, X + 300 * i + 200, Y + 200)
    shapes["kcn-9"] = box(X, Y + 500, X + 100, Y + 600)  # drawn, with no finding
    dataset = ip.Dataset(zones=zones, parcels=parcels)
    report = ip.evaluate(dataset, DAY, overrides={"vn-land.occupancy.min-share": "60%"})
    return report, GeometryTable.of("zones", shapes, crs=vn2000("Hải Dương"))


def test_a_zone_map_is_coloured_by_the_findings_verdict() -> None:
    from industrial_policy.plots import plot_zone_map
    from industrial_policy.plots._bars import COLOURS

    report, zones = occupancy_report()
    figure = plot_zone_map(report, zones, check="vn-land.occupancy", value="status")
    colours = {p.get_gid(): p.get_facecolor() for p in figure.axes[0].patches}
    from matplotlib.colors import to_rgba

    for i in range(3):
        status = report[f"vn-land.occupancy/kcn-{i}"].status
        assert colours[f"kcn-{i}"] == to_rgba(COLOURS[status])
    assert colours["kcn-9"] != colours["kcn-0"]
    assert figure._repr_png_()[:4] == b"\x89PNG"


def test_a_zone_map_by_value_orders_colours_by_the_value() -> None:
    from industrial_policy.plots import plot_zone_map

    report, zones = occupancy_report()
    figure = plot_zone_map(report, zones, check="vn-land.occupancy")
    colours = {p.get_gid(): p.get_facecolor() for p in figure.axes[0].patches}
    lightness = [sum(colours[f"kcn-{i}"][:3]) for i in range(3)]
    assert lightness == sorted(lightness)  # viridis: dark for low, light for high occupancy


def test_a_zone_map_needs_a_check_of_the_report() -> None:
    from industrial_policy.errors import InvalidValueError
    from industrial_policy.plots import plot_zone_map, zone_map_svg

    report, zones = occupancy_report()
    with pytest.raises(InvalidValueError, match=r"vn-land\.occupancy"):
        plot_zone_map(report, zones, check="vn-land.occupancy-typo")
    page = ip.findings.report_page(report, [zone_map_svg(report, zones, check="vn-land.occupancy")])
    assert "<svg" in page


# -- the command line ----------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
def test_the_command_line_checks_a_map_with_the_report(tmp_path: Path) -> None:
    import io

    from industrial_policy.cli import main

    shapes = {  # hd-kcn-a is declared 300 ha: drawn 1 km × 2 km = 200 ha
        "hd-kcn-a": box(X, Y, X + 1_000, Y + 2_000),
        "hd-ccn-b": box(X + 2_000, Y, X + 2_600, Y + 1_000),
    }
    rows = [{"id": k, "geometry": v} for k, v in shapes.items()]
    path = write(tmp_path / "zones.gpkg", rows, None)
    out = io.StringIO()
    code = main(
        ["evaluate", "hai-duong-2021", "--as-of", "2025-01-01", "--format", "json",
         "--geometry", str(path), "--crs", "VN-2000 Hải Dương"],
        stdout=out,
    )  # fmt: skip
    found = {f["id"] for f in json.loads(out.getvalue())["findings"]}
    assert "geo.area/hd-kcn-a" in found
    assert "geo.area/hd-ccn-b" not in found  # 60 ha declared, 60 ha drawn
    assert code == 1  # findings that fail
    page = tmp_path / "report.html"
    main(
        ["evaluate", "hai-duong-2021", "--as-of", "2025-01-01", "--format", "html",
         "--geometry", str(path), "--crs", "VN-2000 Hải Dương", "-o", str(page)],
        stdout=io.StringIO(),
    )  # fmt: skip
    assert 'id="ip-map1-' in page.read_text(encoding="utf-8")  # a zone map in the page
    refused = main(["evaluate", "hai-duong-2021", "--geometry", str(path)], stdout=io.StringIO())
    assert refused not in (0, 1)  # no CRS in the file, none declared: an error


def test_parcels_are_coloured_by_their_geometry_findings() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.colors import to_rgba

    from industrial_policy.plots import plot_zone_map
    from industrial_policy.plots._bars import COLOURS

    parcels = parcel_map(**{"p-3": box(X + 150, Y + 150, X + 250, Y + 200)})
    report = check_geometry(small_dataset(), zones=zone_map(), parcels=parcels, as_of=DAY)
    figure = plot_zone_map(report, parcels, check="geo.inside_zone", value="status")
    colours = {p.get_gid(): p.get_facecolor() for p in figure.axes[0].patches}
    assert colours["p-3"] == to_rgba(COLOURS[ip.Status.FAIL])
    assert colours["p-1"] != colours["p-3"]


# -- the benchmark -------------------------------------------------------------------------


def test_the_benchmark_finds_the_same_problems_as_geopandas_at_smoke_size() -> None:
    from benchmarks import geo as workload

    prepared = workload.prepare("smoke")
    assert prepared.ours is not None
    found = workload.found_by_ours(prepared.ours())
    checks = {finding.partition("/")[0] for finding in found}
    assert checks == {"geo.area", "geo.inside_zone", "geo.parcels_overlap"}  # damage drawn
    if not prepared.peers:
        pytest.skip("geopandas is not installed (the bench extra): ours alone ran")
    for peer in prepared.peers:
        peer.check(peer.run())


def test_geometry_findings_read_in_vietnamese() -> None:
    pytest.importorskip("babel")
    parcels = parcel_map(**{"p-2": box(X + 90, Y, X + 200, Y + 100)})
    report = check_geometry(small_dataset(), zones=zone_map(), parcels=parcels, as_of=DAY)
    with ip.language("vi"):
        overlap = report["geo.parcels_overlap/p-1|p-2"].explain()
        area = report["geo.area/p-2"].explain()
    assert overlap.startswith("Các lô đất không chồng lấn nhau")
    assert "lô đất p-1 và lô đất p-2 chồng lấn 1.000,2 m²" in overlap
    assert "|diện tích vẽ − diện tích khai báo| ≤ dung sai × diện tích khai báo" in area
