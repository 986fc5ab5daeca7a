"""Targets and observations as values: what they accept, and the errors they give."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy import Dataset, DatasetIntegrityError, InvalidValueError, Period
from industrial_policy.amounts import plain_amount, read_amount, resolve
from industrial_policy.findings import Amount, Comparator
from industrial_policy.numbers import using_notation
from industrial_policy.records import (
    Baseline,
    CapitalFlow,
    GrowthUnit,
    Measure,
    Observation,
    Target,
    TargetKind,
)
from test_targets_support import park, target


def test_plain_json_input_is_accepted() -> None:
    t = Target(
        id="hn-fdi",
        title="Over 500 million USD in 2024",
        metric="registered_capital",
        kind="flow",
        comparator="more_than",
        value="500 million USD",
        deadline="2024",
        province="Hà Nội",
        events="new",
        categories=["hi_tech"],
        origin="fdi",
        source="seeds/001",
    )
    assert t.value == Amount(Decimal(500_000_000), "USD")
    assert t.comparator is Comparator.MORE_THAN
    assert t.window_of() == Period.year(2024)
    assert t.capital_flow is CapitalFlow.NEW
    assert t.subject_kind == "province"
    assert t.subject_id == "Hà Nội"


def test_defaults_derived_from_the_kind() -> None:
    share = target(metric="production_value", kind="share", categories=["hi_tech"], value="25%")
    assert share.share
    assert share.measure is Measure.FLOW
    assert share.value.unit == "ratio"
    assert share.value.value == Decimal("0.25")
    assert (
        target(metric="registered_capital", value="1 billion VND").capital_flow is CapitalFlow.ALL
    )
    assert target().capital_flow is CapitalFlow.NEW
    assert target().series_id == "t"
    assert target(series="shared").series_id == "shared"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"kind": "growth", "basis": "stock", "baseline": {"on": "2021-12-31"}},
            "growth_unit",
            "no default",
        ),
        (
            {"kind": "growth", "basis": "stock", "growth_unit": "relative", "value": "5%"},
            "baseline",
            "baseline",
        ),
        ({"value": "10 million USD"}, "value", "count"),
        ({"value": 10.5}, "value", "whole number"),
        ({"metric": "registered_capital", "value": 500}, "value", "money"),
        ({"metric": "area_leased", "value": 90}, "value", "unit"),
        ({"comparator": "between"}, "upper", "top of the range"),
        ({"comparator": "between", "upper": 5}, "upper", "below"),
        ({"comparator": "about"}, "tolerance", "tolerance"),
        ({"upper": 20}, "upper", "only 'between'"),
        ({"kind": "flow", "deadline": "2025-12-31"}, "period", "period"),
        ({"kind": "flow", "deadline": "2025", "period": "2021–2024"}, "period", "deadline"),
        ({"kind": "cumulative"}, "since", "since"),
        ({"since": "2018"}, "since", "only a cumulative"),
        ({"kind": "share", "value": "25%"}, "categories", "categories"),
        ({"kind": "share", "categories": ["hi_tech"], "value": "125%"}, "value", "fraction"),
        (
            {"kind": "share", "categories": ["hi_tech"], "value": "25%", "metric": "businesses"},
            "basis",
            "stock",
        ),
        ({"metric": "production_value", "value": "1 billion VND"}, "kind", "flow"),
        ({"province": "Hà Nội", "zone_id": "kcn-a"}, "zone_id", "not both"),
        ({"metric": "zones_established", "categories": ["hi_tech"]}, "categories", "no categories"),
        ({"origin": "fdi", "metric": "zones_established"}, "origin", "origin"),
        ({"events": "new", "metric": "area_leased", "value": "5 ha"}, "events", "events"),
        ({"metric": "observed"}, "unit", "unit"),
        ({"unit": "count"}, "unit", "only an observed"),
        ({"per_year": True}, "per_year", "growth"),
        ({"deadline": "early September 2021"}, "deadline", "does not name a day"),
        ({"baseline": {"on": "2026-01-01", "value": 5}}, "baseline", "before the deadline"),
        (
            {"metric": "registered_capital", "value": "1 billion VND", "currency": "USD"},
            "value",
            "USD",
        ),
    ],
)
def test_errors_name_the_target_and_the_field(
    fields: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        target(**fields)
    error = caught.value
    assert error.record_type == "Target"
    assert error.record_id == "t"
    assert error.field == field
    assert words in str(error)


def test_growth_in_points_needs_a_share() -> None:
    with pytest.raises(InvalidValueError, match="percentage points measure a change in a share"):
        target(
            kind="growth",
            basis="stock",
            growth_unit="percentage_points",
            value=5,
            baseline={"on": "2021-12-31"},
        )


def test_growth_value_units_must_match_the_growth_unit() -> None:
    common: dict[str, Any] = {
        "kind": "growth",
        "basis": "stock",
        "baseline": {"on": "2021-12-31", "value": "13.6%"},
        "metric": "observed",
        "unit": "ratio",
    }
    points = target(growth_unit="percentage_points", value="20 pp", **common)
    assert points.value == Amount(Decimal(20), "percentage_points")
    relative = target(growth_unit="relative", value="20%", **common)
    assert relative.value.unit == "ratio"
    with pytest.raises(InvalidValueError, match="'5 pp'"):
        target(growth_unit="percentage_points", value="20%", **common)
    with pytest.raises(InvalidValueError, match="percentage points measure a change"):
        target(growth_unit="relative", value="20 pp", **common)
    # A relative growth may exceed 100%; a share may not.
    assert target(growth_unit="relative", value="150%", **common).value.value == Decimal("1.5")


def test_a_relative_growth_needs_a_positive_baseline() -> None:
    with pytest.raises(InvalidValueError, match="positive baseline"):
        target(
            kind="growth",
            basis="stock",
            growth_unit="relative",
            value="10%",
            baseline={"on": "2021-12-31", "value": 0},
        )


def test_growth_of_a_flow_compares_periods_of_one_length() -> None:
    common: dict[str, Any] = {
        "metric": "production_value",
        "kind": "growth",
        "growth_unit": "relative",
        "value": "22%",
        "deadline": "2025",
    }
    assert isinstance(target(baseline={"on": "2024"}, **common).baseline, Baseline)
    with pytest.raises(InvalidValueError, match="base period"):
        target(baseline={"on": "2024-12-31"}, **common)
    with pytest.raises(InvalidValueError, match="like with like"):
        target(baseline={"on": "2023–2024"}, **common)
    with pytest.raises(InvalidValueError, match="before the target's period"):
        target(baseline={"on": "2025"}, **common)


def test_baseline_from_a_table_names_its_errors() -> None:
    with pytest.raises(InvalidValueError) as caught:
        target(baseline={"on": "2021-13-01"})
    assert caught.value.record_type == "Target"
    assert caught.value.field == "baseline.on"
    with pytest.raises(InvalidValueError, match="fields on, value and source"):
        target(baseline={"when": "2021"})


def test_observation_values_and_dates() -> None:
    o = Observation(series="s", on="2024", value="19866 billion VND", source="report")
    assert o.on == Period.year(2024)
    assert o.day == dt.date(2024, 12, 31)
    assert o.value == Amount(Decimal(19_866 * 10**9), "VND")
    assert Observation(series="s", on="2024-06-30", value="90.33 ha").value == Amount(
        90.33, "hectare"
    )
    assert Observation(series="s", on=dt.date(2024, 6, 30), value="25%").value.unit == "ratio"
    assert Observation(series="s", on="Q2 2024", value=72).value == Amount(72, "number")
    assert Observation(series="s", on="2024", value=1, id="obs-1").ref == "obs-1"
    with pytest.raises(InvalidValueError) as caught:
        Observation(series="s", on="2024", value="a lot", id="bad")
    assert caught.value.record_type == "Observation"
    assert caught.value.field == "value"
    assert caught.value.record_id == "bad"
    with pytest.raises(InvalidValueError, match="does not name a day"):
        Observation(series="s", on="mid-2024", value=1)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("25%", "ratio", Decimal("0.25")),
        ("13.6 %", "ratio", Decimal("0.136")),
        ("+22%", "ratio", Decimal("0.22")),
        ("5 pp", "percentage_points", Decimal(5)),
        ("5 percentage points", "percentage_points", Decimal(5)),
        ("1.2 billion USD", "USD", Decimal(1_200_000_000)),
        ("19866 tỷ đồng", "VND", Decimal(19_866 * 10**9)),
        ("250", "number", Decimal(250)),
        ({"value": 3, "unit": "count"}, "count", 3),
    ],
)
def test_read_amount(text: object, unit: str, value: object) -> None:
    amount = read_amount(text)
    assert amount.unit == unit
    assert amount.value == value


@pytest.mark.parametrize("bad", [True, None, "6.418 ha", "250 apples", float("nan"), [1]])
def test_read_amount_rejects(bad: object) -> None:
    with pytest.raises(InvalidValueError):
        read_amount(bad, field="value")


def test_resolve_is_strict_about_units() -> None:
    assert resolve(read_amount(72), "count") == Amount(72, "count")
    assert resolve(read_amount(72.0), "count") == Amount(72, "count")
    with pytest.raises(InvalidValueError, match="whole number"):
        resolve(read_amount(-1), "count")
    with pytest.raises(InvalidValueError, match="from 0 to 1"):
        resolve(read_amount(25), "ratio", share=True)
    with pytest.raises(InvalidValueError, match="must be"):
        resolve(read_amount("5 ha"), "count")
    # Money keeps its own currency: the tracker converts it at a dated rate.
    assert resolve(read_amount("1 million USD"), "VND").unit == "USD"


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_counts_read_back_exactly(number: int) -> None:
    assert resolve(read_amount(number), "count").value == number
    with using_notation("en"):
        assert resolve(read_amount(f"{number:,}"), "count").value == number
    if 1_000 <= number < 1_000_000:  # one group after ',': 1.234 in Vietnamese notation
        with pytest.raises(InvalidValueError, match="ambiguous number"):
            read_amount(f"{number:,}")
    else:
        assert resolve(read_amount(f"{number:,}"), "count").value == number


def test_dataset_holds_targets_and_observations() -> None:
    t = target(zone_id="kcn-a")
    o = Observation(series="t", on="2024", value=3)
    ds = Dataset(zones=[park("kcn-a", "Hà Nội")], targets=[t], observations=[o])
    assert ds.targets == (t,)
    assert ds.observations == (o,)
    with pytest.raises(InvalidValueError, match="Target"):
        Dataset(targets=["not a target"])


def test_dataset_integrity_of_targets_and_observations() -> None:
    with pytest.raises(DatasetIntegrityError) as caught:
        Dataset(
            zones=[park("kcn-a", "Hà Nội")],
            targets=[target(zone_id="kcn-x"), target(), target(id="hn", province="Hà Nội")],
            observations=[
                Observation(series="t", on="2024", value=3, id="o1"),
                Observation(series="t", on="2024", value=4, id="o1"),
                Observation(series="hn", on="2024", value=4, province="Hải Phòng"),
                Observation(series="x", on="2024", value=4, zone_id="kcn-y"),
            ],
        )
    messages = [str(p) for p in caught.value.problems]
    text = "\n".join(messages)
    assert "targets[0].zone_id" in text
    assert "'kcn-x'" in text
    assert "id 't' is used by 2 targets" in text
    assert "observations[1].id" in text
    assert "two values on 2024" in text
    assert "Hải Phòng" in text
    assert "observations[3].zone_id" in text


def test_target_kinds_cover_the_domain() -> None:
    assert {k.value for k in TargetKind} == {"stock", "flow", "cumulative", "share", "growth"}
    assert {g.value for g in GrowthUnit} == {"relative", "percentage_points"}


AMOUNTS = st.one_of(
    st.integers(0, 10**12).map(lambda n: Amount(n, "count")),
    st.decimals(0, 1, places=4).map(lambda d: Amount(d, "ratio")),
    st.floats(0, 1).map(lambda f: Amount(f, "ratio")),
    st.decimals(-100, 100, places=2).map(lambda d: Amount(d, "percentage_points")),
    # Areas are read in [1e-30, 1e31) or zero (units.py), as their text must read back.
    st.floats(0, 1e6).filter(lambda f: f == 0 or f >= 1e-30).map(lambda f: Amount(f, "hectare")),
    st.decimals(0, 10**15, places=2).map(lambda d: Amount(d.normalize(), "VND")),
    st.integers(0, 10**9).map(lambda n: Amount(Decimal(n), "number")),
)


@settings(max_examples=150, deadline=None)
@given(AMOUNTS)
def test_plain_amounts_read_back(amount: Amount) -> None:
    back = read_amount(plain_amount(amount))
    # A count, and a vanishingly small share, come back as a bare number: the target's unit
    # applies when they are read for it.
    assert back.unit == amount.unit or (
        back.unit == "number" and amount.unit in ("count", "ratio", "percentage_points")
    )
    assert Decimal(str(back.value)) == Decimal(str(amount.value))
