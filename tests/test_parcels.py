"""Parcels: status rules, lease dates, ``leased_on`` and its vectorised twin in the columns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.categories import Category
from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.records.parcels import Parcel, ParcelStatus
from industrial_policy.testing import InvalidInput, datasets, invalid_parcels, parcels

HEAVY = settings(max_examples=max(10, settings().max_examples // 4))
DAY = dt.timedelta(days=1)
BASE: dict[str, Any] = {"id": "p-1", "zone_id": "KCN Đại An", "area": "45 ha"}


@given(parcels(["KCN Đại An", "kcn-2"], project_ids=["d-1", "d-2"]))
def test_generated_parcels_are_valid(parcel: Parcel) -> None:
    assert parcel.zone_id in ("KCN Đại An", "kcn-2")
    if parcel.status is ParcelStatus.RESERVED:
        assert parcel.category is not None
    if parcel.status is ParcelStatus.VACANT:
        assert parcel.category is None
    if parcel.status is not ParcelStatus.LEASED:
        assert parcel.project_id is None
        assert parcel.lease_start is None
        assert parcel.lease_end is None
    if parcel.lease_start is not None and parcel.lease_end is not None:
        assert parcel.lease_start <= parcel.lease_end
    assert attrs.evolve(parcel) == parcel


@given(invalid_parcels())
def test_invalid_parcels_are_refused_naming_class_field_value_and_id(case: InvalidInput) -> None:
    case.check()


@settings(max_examples=10)
@given(parcels())
def test_parcels_are_frozen(parcel: Parcel) -> None:
    for field in attrs.fields(Parcel):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(parcel, field.name, None)


def test_status_rules() -> None:
    assert Parcel(**BASE, status="reserved", category="hi_tech").category is Category.HI_TECH
    assert Parcel(**BASE, status="leased", category="supporting_industry", project_id="d-1")
    assert Parcel(**BASE, status="leased").project_id is None  # tenant unknown
    with pytest.raises(InvalidValueError, match="reserved parcel must say"):
        Parcel(**BASE, status="reserved")
    with pytest.raises(InvalidValueError, match="vacant parcel has no category"):
        Parcel(**BASE, status="vacant", category="hi_tech")
    with pytest.raises(InvalidValueError, match="vacant parcel has no tenant"):
        Parcel(**BASE, status="vacant", project_id="d-1")
    with pytest.raises(InvalidValueError, match="no lease dates"):
        Parcel(**BASE, status="reserved", category="hi_tech", lease_start="2020-01-01")


def test_a_lease_may_last_one_day_but_not_end_before_it_starts() -> None:
    Parcel(**BASE, status="leased", lease_start="2024-01-01", lease_end="2024-01-01")
    with pytest.raises(InvalidValueError) as caught:
        Parcel(**BASE, status="leased", lease_start="2024-01-02", lease_end="2024-01-01")
    assert caught.value.field == "lease_end"
    assert caught.value.value == dt.date(2024, 1, 1)
    assert "Parcel 'p-1'.lease_end" in str(caught.value)


dates = st.dates(dt.date(2000, 1, 2), dt.date(2079, 12, 30))


@given(start=dates, length=st.integers(0, 20_000))
def test_leased_on_includes_both_ends_of_the_lease(start: dt.date, length: int) -> None:
    end = min(start + dt.timedelta(days=length), dt.date(2079, 12, 30))
    parcel = Parcel(**BASE, status="leased", lease_start=start, lease_end=end)
    assert parcel.leased_on(start)
    assert parcel.leased_on(end)
    assert not parcel.leased_on(start - DAY)
    assert not parcel.leased_on(end + DAY)


@given(day=dates, bound=dates)
def test_open_lease_dates_are_unbounded(day: dt.date, bound: dt.date) -> None:
    open_start = Parcel(**BASE, status="leased", lease_end=bound)
    open_end = Parcel(**BASE, status="leased", lease_start=bound)
    forever = Parcel(**BASE, status="leased")
    assert open_start.leased_on(day) is (day <= bound)
    assert open_end.leased_on(day) is (day >= bound)
    assert forever.leased_on(day)


@given(day=dates, status=st.sampled_from(["vacant", "reserved"]))
def test_a_parcel_that_is_not_leased_is_never_leased_on_a_day(day: dt.date, status: str) -> None:
    category = "hi_tech" if status == "reserved" else None
    assert not Parcel(**BASE, status=status, category=category).leased_on(day)


@HEAVY
@given(datasets(min_zones=1, max_parcels=20, reported=False), st.lists(dates, max_size=5))
def test_the_columns_agree_with_leased_on(ds: Dataset, days: list[dt.date]) -> None:
    for day in days:
        expected = [parcel.leased_on(day) for parcel in ds.parcels]
        vectorised = ds.columns.parcels.leased_on(np.datetime64(day, "D"))
        assert vectorised.tolist() == expected
