"""Zones: valid records construct, invalid ones are refused with a precise error, rules hold."""

from __future__ import annotations

import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.errors import IndustrialPolicyError, InvalidValueError
from industrial_policy.records.zones import EconomicZoneType, Zone, ZoneKind
from industrial_policy.testing import (
    InvalidInput,
    area_of,
    area_units,
    areas,
    fractions,
    hectares_of,
    invalid_identifiers,
    invalid_zones,
    zones,
)

BASE: dict[str, Any] = {
    "id": "KCN Đại An",
    "name": "Khu công nghiệp Đại An",
    "kind": "industrial_park",
    "province": "Hải Dương",
}


@given(zones())
def test_generated_zones_are_valid(zone: Zone) -> None:
    assert isinstance(zone.kind, ZoneKind)
    if zone.total_area is not None and zone.industrial_land_area is not None:
        total, industrial = hectares_of(zone.total_area), hectares_of(zone.industrial_land_area)
        assert industrial <= total * (1 + 1e-9)
    if zone.kind is ZoneKind.HI_TECH_PARK:
        assert zone.specialises_in_hi_tech
    if zone.kind is not ZoneKind.ECONOMIC_ZONE:
        assert zone.economic_zone_type is None
    assert attrs.evolve(zone) == zone  # rebuilding from its own fields passes every check


@given(invalid_zones())
def test_invalid_zones_are_refused_naming_class_field_value_and_id(case: InvalidInput) -> None:
    error = case.check()
    assert isinstance(error, IndustrialPolicyError)


@settings(max_examples=10)
@given(zones())
def test_zones_are_frozen(zone: Zone) -> None:
    for field in attrs.fields(Zone):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(zone, field.name, None)


@given(
    total=areas(min_ha=0.01, max_ha=10_000),
    unit=area_units(),
    share=fractions(),
)
def test_industrial_land_up_to_the_total_is_accepted_in_any_unit(
    total: Any, unit: str, share: float
) -> None:
    industrial = area_of(hectares_of(total) * share, unit)
    zone = Zone(**BASE, total_area=total, industrial_land_area=industrial)
    assert zone.industrial_land_area == industrial


@given(
    total=areas(min_ha=0.01, max_ha=10_000),
    unit=area_units(),
    excess=st.floats(1e-6, 10),
)
def test_industrial_land_over_the_total_is_refused(total: Any, unit: str, excess: float) -> None:
    industrial = area_of(hectares_of(total) * (1 + excess), unit)
    with pytest.raises(InvalidValueError) as caught:
        Zone(**BASE, total_area=total, industrial_land_area=industrial)
    assert caught.value.field == "industrial_land_area"
    assert caught.value.record_id == "KCN Đại An"
    assert "exceeds the total area" in str(caught.value)


@pytest.mark.parametrize(
    ("total", "industrial"),
    [
        ("0.7 ha", "7 công Nam Bộ"),  # 7,000 m² both
        ("0.3 ha", "6 sào Trung Bộ"),  # 3,000 m² both
        ("300 ha", "3,000,000 m2"),
        ("1 ha", "27.7777777777777778 sao_bac_bo"),
        ("3676 ha", "36.76 km2"),
    ],
)
def test_equal_areas_in_different_units_are_not_over_the_total(total: str, industrial: str) -> None:
    Zone(**BASE, total_area=total, industrial_land_area=industrial)


def test_a_hi_tech_park_specialises_in_hi_tech() -> None:
    park = Zone(**{**BASE, "kind": "hi_tech_park"})
    assert park.specialises_in_hi_tech
    assert not Zone(**BASE).specialises_in_hi_tech
    assert Zone(**BASE, specialises_in_hi_tech=True).specialises_in_hi_tech
    with pytest.raises(InvalidValueError, match="hi-tech park specialises"):
        Zone(**{**BASE, "kind": "hi_tech_park"}, specialises_in_hi_tech=False)


@pytest.mark.parametrize("kind", [k for k in ZoneKind if k is not ZoneKind.ECONOMIC_ZONE])
def test_only_an_economic_zone_has_an_economic_zone_type(kind: ZoneKind) -> None:
    ez = Zone(**{**BASE, "kind": "economic_zone"}, economic_zone_type="coastal")
    assert ez.economic_zone_type is EconomicZoneType.COASTAL
    with pytest.raises(InvalidValueError) as caught:
        Zone(**{**BASE, "kind": kind}, economic_zone_type="coastal")
    assert caught.value.field == "economic_zone_type"


def test_a_zone_cannot_contain_itself() -> None:
    with pytest.raises(InvalidValueError, match="contain itself"):
        Zone(**BASE, parent_id="KCN Đại An")
    # the same id in another Unicode form is the same id
    with pytest.raises(InvalidValueError, match="contain itself"):
        Zone(**BASE, parent_id=unicodedata.normalize("NFD", "KCN Đại An"))


def test_ids_are_kept_in_nfc() -> None:
    zone = Zone(**{**BASE, "id": unicodedata.normalize("NFD", "KCN Đại An")})
    assert zone.id == unicodedata.normalize("NFC", "KCN Đại An")


def test_the_error_message_names_class_id_field_and_value() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Zone(**BASE, total_area="-3 ha")
    assert str(caught.value).startswith("Zone 'KCN Đại An'.total_area: ")
    assert "'-3 ha'" in str(caught.value)


@given(invalid_identifiers())
def test_a_bad_id_is_refused_without_a_record_id(bad: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Zone(**{**BASE, "id": bad})
    assert caught.value.field == "id"
    assert caught.value.record_type == "Zone"
    assert caught.value.record_id is None


@pytest.mark.parametrize("kind", list(ZoneKind))
def test_every_kind_but_clusters_and_economic_zones_is_an_industrial_zone(
    kind: ZoneKind,
) -> None:
    expected = kind not in (ZoneKind.INDUSTRIAL_CLUSTER, ZoneKind.ECONOMIC_ZONE)
    assert Zone(**{**BASE, "kind": kind}).is_industrial_zone is expected
