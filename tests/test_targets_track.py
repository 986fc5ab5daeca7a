"""The rules of tracking: when a target is achieved, which data is used, what is missing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from industrial_policy import Dataset, InvalidValueError, Parcel, Status
from industrial_policy.records import Observation, Target
from industrial_policy.tracking import TrackingParameters, track
from industrial_policy.tracking.progress import ProjectionMethod, RateDate
from test_targets_support import only, park, project, target, usd_million, usd_vnd, vnd_billion


def _target(**fields: Any) -> Target:
    return target(**({"value": 3, "deadline": "2025-12-31", "province": "Hà Nội"} | fields))


def _projects(*dates: str, zone: str = "kcn-a") -> Dataset:
    return Dataset(
        zones=[park("kcn-a", "Hà Nội"), park("kcn-b", "Hà Nội")],
        projects=[
            project(f"p{i}", [(day, "licensed", vnd_billion(10))], zone_id=zone)
            for i, day in enumerate(dates)
        ],
    )


# -- when a target is achieved ------


def test_a_stock_met_early_is_on_track_not_achieved() -> None:
    dataset = _projects("2021-01-01", "2022-01-01", "2023-01-01")
    before = only(track(dataset, [_target()], "2024-06-30"))
    assert before.status is Status.ON_TRACK
    assert "judged at the deadline" in before.explain()
    after = only(track(dataset, [_target()], "2026-01-02"))
    assert after.status is Status.ACHIEVED


def test_a_flow_at_least_met_early_is_achieved() -> None:
    dataset = _projects("2024-02-01", "2024-03-01", "2024-04-01")
    flow = _target(kind="flow", deadline="2024")
    assert only(track(dataset, [flow], "2024-05-01")).status is Status.ACHIEVED
    cumulative = _target(kind="cumulative", since="2024-01-01", deadline="2025-12-31")
    assert only(track(dataset, [cumulative], "2024-05-01")).status is Status.ACHIEVED


def test_a_flow_with_an_upper_bound_is_judged_at_the_end() -> None:
    dataset = _projects("2024-02-01")
    ceiling = _target(kind="flow", deadline="2024", comparator="at_most", value=2)
    assert only(track(dataset, [ceiling], "2024-05-01")).status is not Status.ACHIEVED
    assert only(track(dataset, [ceiling], "2025-01-01")).status is Status.ACHIEVED


def test_after_the_deadline_the_value_on_the_deadline_decides() -> None:
    # Two projects by the end of 2025, a third licensed in 2026: the 2025 target is missed
    # even though three projects are in effect on the day of the report.
    dataset = _projects("2021-01-01", "2022-01-01", "2026-02-01")
    finding = only(track(dataset, [_target()], "2026-06-30"))
    assert finding.status is Status.OFF_TRACK
    assert finding.actual.value == 2  # type: ignore[union-attr]
    assert finding.gap.value == -1  # type: ignore[union-attr]
    assert "p2" not in finding.explanation.inputs[0].records


def test_on_the_deadline_day_the_target_is_judged() -> None:
    dataset = _projects("2021-01-01", "2022-01-01", "2025-12-31")
    assert only(track(dataset, [_target()], "2025-12-31")).status is Status.ACHIEVED


def test_not_applicable_before_the_period_or_the_baseline() -> None:
    dataset = _projects("2021-01-01")
    flow = _target(kind="flow", deadline="2025")
    finding = only(track(dataset, [flow], "2024-12-31"))
    assert finding.status is Status.NOT_APPLICABLE
    assert "has not begun" in finding.explain()
    stock = _target(baseline={"on": "2023-01-01"})
    assert only(track(dataset, [stock], "2022-06-30")).status is Status.NOT_APPLICABLE


# -- grading before the deadline ------


def _observed(values: dict[str, float], **fields: Any) -> tuple[Target, list[Observation]]:
    target = _target(metric="observed", unit="count", actuals="observations", value=100, **fields)
    observations = [Observation(series="t", on=day, value=v) for day, v in values.items()]
    return target, observations


def test_regressing_when_the_trend_moves_away() -> None:
    target, observations = _observed({"2021-12-31": 60, "2022-12-31": 55, "2023-12-31": 50})
    finding = only(track(Dataset(), [target], "2024-01-31", observations=observations))
    assert finding.status is Status.REGRESSING
    assert "away from the target" in finding.explain()


def test_at_risk_threshold_is_a_parameter() -> None:
    # 50 → 80 in two years: CAGR 26.5%, 80 × 1.265^2 = 128 ≥ 100: on track. Slower, 50 → 60:
    # 60 × 1.0954^2 = 72, short by 28 of the 50 required (56%): off track, unless the
    # threshold is raised above 56%.
    target, observations = _observed({"2021-12-31": 50, "2023-12-31": 60})
    default = only(track(Dataset(), [target], "2024-01-31", observations=observations))
    assert default.status is Status.OFF_TRACK
    assert float(default.details["anticipated_gap"].value) == pytest.approx((100 - 72) / 50)  # type: ignore[union-attr]
    lenient = TrackingParameters(at_risk_gap=0.6)
    graded = only(
        track(Dataset(), [target], "2024-01-31", observations=observations, parameters=lenient)
    )
    assert graded.status is Status.AT_RISK
    used = {p.id: p for p in graded.explanation.parameters}
    assert float(used["targets.at_risk_gap"].value.value) == 0.6
    assert "ESCAP" in (used["targets.at_risk_gap"].citation or "")


def test_linear_projection_can_be_chosen() -> None:
    # 50, 60, 70 at year ends: the line gives 90 two years after the last point.
    target, observations = _observed({"2021-12-31": 50, "2022-12-31": 60, "2023-12-31": 70})
    params = TrackingParameters(projection=ProjectionMethod.LINEAR)
    finding = only(
        track(Dataset(), [target], "2024-01-31", observations=observations, parameters=params)
    )
    assert float(finding.details["projection"].value) == pytest.approx(90)  # type: ignore[union-attr]


def test_a_cagr_that_does_not_exist_says_so_and_auto_falls_back_to_the_line() -> None:
    # 0 then 60: no compound growth from zero. Under "cagr" the finding says why and what to
    # set; "auto" projects the line instead (60 + 60 a year to the end of 2025: 240).
    target, observations = _observed({"2021-12-31": 0, "2022-12-31": 60})
    params = TrackingParameters(projection=ProjectionMethod.CAGR)
    finding = only(
        track(Dataset(), [target], "2023-01-31", observations=observations, parameters=params)
    )
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "compound annual growth rate does not exist" in finding.reason
    assert "linear" in finding.reason
    auto = only(track(Dataset(), [target], "2023-01-31", observations=observations))
    assert float(auto.details["projection"].value) == pytest.approx(240, rel=1e-3)  # type: ignore[union-attr]


def test_expected_path_and_progress_since_the_baseline() -> None:
    # From 40 on 2021-12-31 to 100 on 2025-12-31: halfway (2023-12-31) the line expects 70.
    # At 55, progress since the baseline is (55 - 40) / (100 - 40) = 25%.
    target, observations = _observed({"2023-12-31": 55}, baseline={"on": "2021-12-31", "value": 40})
    finding = only(track(Dataset(), [target], "2024-01-10", observations=observations))
    details = finding.details
    assert float(details["expected"].value) == pytest.approx(70)  # type: ignore[union-attr]
    assert float(details["progress_since_baseline"].value) == pytest.approx(0.25)  # type: ignore[union-attr]
    assert float(details["percent_achieved"].value) == pytest.approx(0.55)  # type: ignore[union-attr]
    # Two years left from 55 to 100: (100 / 55) ** (1 / 2) - 1 a year, or 22.5 a year.
    assert float(details["required_cagr"].value) == pytest.approx((100 / 55) ** 0.5 - 1)  # type: ignore[union-attr]
    assert float(details["required_change_per_year"].value) == pytest.approx(22.5)  # type: ignore[union-attr]


# -- data: records, observations, missing ------


def test_records_come_first_and_a_same_day_observation_is_shown() -> None:
    dataset = _projects("2021-01-01", "2022-01-01")
    observations = [Observation(series="t", on="2024-06-30", value=7, source="press")]
    finding = only(track(dataset, [_target()], "2024-06-30", observations=observations))
    assert finding.actual.value == 2  # type: ignore[union-attr]
    text = finding.explain()
    assert "records first" in text
    assert "gives 7 on 2024-06-30" in text
    forced = _target(actuals="observations")
    observed = only(track(dataset, [forced], "2024-06-30", observations=observations))
    assert observed.actual.value == 7  # type: ignore[union-attr]
    assert observed.explanation.inputs[-1].source == "press"


def test_observations_used_where_the_dataset_holds_no_records() -> None:
    observations = [
        Observation(series="t", on="2022-12-31", value=1),
        Observation(series="t", on="2023-12-31", value=2),
    ]
    finding = only(track(Dataset(), [_target()], "2024-03-01", observations=observations))
    assert finding.actual.value == 2  # type: ignore[union-attr]
    assert "dataset holds no records" in finding.explain()


def test_nothing_to_go_on_is_insufficient_data() -> None:
    finding = only(track(Dataset(), [_target()], "2024-03-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.actual is None
    assert "no observation of series 't'" in finding.explain()


def test_unknown_investor_makes_businesses_unknown_not_guessed() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project("known", [("2021-01-01", "licensed", vnd_billion(1))]),
            project("anonymous", [("2021-01-01", "licensed", vnd_billion(1))], investor=None),
        ],
    )
    finding = only(track(dataset, [_target(metric="businesses")], "2024-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "anonymous" in finding.explain()


def test_businesses_are_distinct_investors() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project("a1", [("2021-01-01", "licensed", vnd_billion(1))], investor="A"),
            project("a2", [("2022-01-01", "licensed", vnd_billion(1))], investor="A"),
            project("b1", [("2022-01-01", "licensed", vnd_billion(1))], investor="B"),
            project(
                "c1",
                [("2020-01-01", "licensed", vnd_billion(1)), ("2023-01-01", "terminated", None)],
                investor="C",
            ),
        ],
    )
    finding = only(track(dataset, [_target(metric="businesses")], "2024-01-01"))
    assert finding.actual.value == 2  # type: ignore[union-attr]
    assert finding.explanation.inputs[0].record_count == 3  # the projects behind them


def test_zones_without_a_date_and_leases_without_a_start_are_unknown() -> None:
    zones = Dataset(
        zones=[park("kcn-a", "Hà Nội"), park("kcn-b", "Hà Nội", established="2022-01-01")]
    )
    parks = _target(metric="zones_established", kind="flow", deadline="2021–2025", value=1)
    finding = only(track(zones, [parks], "2024-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "kcn-a" in finding.explain()
    leases = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        parcels=[Parcel(id="l1", zone_id="kcn-a", area="5 ha", status="leased")],
    )
    land = _target(metric="area_leased", kind="cumulative", since="2018", value="10 ha")
    finding = only(track(leases, [land], "2024-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "l1" in finding.explain()


def test_a_share_of_nothing_is_insufficient_data() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        parcels=[Parcel(id="v", zone_id="kcn-a", area="5 ha", status="vacant")],
    )
    share = _target(
        metric="area_leased", kind="share", basis="stock", categories=["hi_tech"], value="20%"
    )
    finding = only(track(dataset, [share], "2024-01-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "share is undefined" in finding.explain()


# -- money ------


def _mixed() -> list[Any]:
    return [
        project("v", [("2024-03-01", "licensed", vnd_billion(2_500))]),
        project("u", [("2024-06-01", "licensed", usd_million(100))], origin="fdi"),
    ]


def test_money_is_converted_at_the_event_date_and_the_rates_are_shown() -> None:
    # 2,500 billion VND at 25,000 VND/USD = 100 million USD; the USD project: 100 million.
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=_mixed(),
        exchange_rates=[usd_vnd(24_000, "2023-01-01"), usd_vnd(25_000, "2024-01-01", "SBV 2024")],
    )
    target = _target(
        metric="registered_capital", kind="flow", deadline="2024", value="150 million USD"
    )
    finding = only(track(dataset, [target], "2025-01-05"))
    assert float(finding.actual.value) == pytest.approx(200e6)  # type: ignore[union-attr]
    rates = [p for p in finding.explanation.parameters if p.id.startswith("exchange rate")]
    assert len(rates) == 1
    assert rates[0].id == "exchange rate VND->USD"
    assert str(rates[0].effective_from) == "2024-01-01"
    assert "SBV 2024" in (rates[0].citation or "")
    assert "inverted" in (rates[0].citation or "")


def test_a_missing_rate_is_insufficient_data_naming_it() -> None:
    dataset = Dataset(zones=[park("kcn-a", "Hà Nội")], projects=_mixed())
    target = _target(
        metric="registered_capital", kind="flow", deadline="2024", value="150 million USD"
    )
    finding = only(track(dataset, [target], "2025-01-05"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "no VND/USD exchange rate" in finding.explain()


def test_rates_on_the_measurement_date() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=_mixed(),
        exchange_rates=[usd_vnd(25_000, "2024-01-01"), usd_vnd(20_000, "2024-12-01")],
    )
    target = _target(
        metric="registered_capital", kind="flow", deadline="2024", value="1 million USD"
    )
    params = TrackingParameters(rate_date=RateDate.MEASUREMENT)
    finding = only(track(dataset, [target], "2025-01-05", parameters=params))
    # Everything at the rate in force on 2024-12-31, 20,000: 2,500 billion VND = 125 million USD.
    assert float(finding.actual.value) == pytest.approx(225e6)  # type: ignore[union-attr]


def test_mixed_currencies_without_a_target_currency_for_a_share() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project("v", [("2024-03-01", "licensed", vnd_billion(1))], categories=["hi_tech"]),
            project("u", [("2024-03-01", "licensed", usd_million(1))], origin="fdi"),
        ],
        exchange_rates=[usd_vnd(25_000)],
    )
    share = _target(
        metric="registered_capital",
        kind="share",
        basis="stock",
        categories=["hi_tech"],
        value="10%",
    )
    finding = only(track(dataset, [share], "2024-06-01"))
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "set the target's currency" in finding.explain()
    priced = only(
        track(dataset, [_target(**{**share_fields(share), "currency": "VND"})], "2024-06-01")
    )
    # 1 billion VND of 1 + 25 billion VND.
    assert float(priced.actual.value) == pytest.approx(1 / 26)  # type: ignore[union-attr]


def share_fields(target: Target) -> dict[str, Any]:
    return {
        "metric": target.metric,
        "kind": target.kind,
        "basis": target.basis,
        "categories": target.categories,
        "value": "10%",
    }


# -- the finding ------


def test_the_finding_explains_itself_and_serialises() -> None:
    dataset = _projects("2021-01-01", "2022-01-01")
    target = _target(source="Resolution X, art. 2", baseline={"on": "2020-12-31", "value": 0})
    report = track(dataset, [target], "2024-01-01")
    finding = only(report)
    assert finding.kind == "target"
    assert finding.check_id == "t"
    assert finding.subject_id == "Hà Nội"
    assert finding.subject_kind == "province"
    assert finding.citation == "Resolution X, art. 2"
    assert finding.explanation.inputs[0].records == ("p0", "p1")
    assert finding.explanation.formula.startswith("actual = projects in effect")
    for key in ("percent_achieved", "expected", "required_cagr", "projection", "baseline"):
        assert key in finding.details, key
    document = json.loads(report.to_json())
    assert document["findings"][0]["details"]["percent_achieved"]["unit"] == "ratio"
    assert report.to_dataframe().loc[0, "status"] == finding.status.value


def test_money_amounts_serialise_as_decimal_strings() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[project("v", [("2024-03-01", "licensed", vnd_billion(19_866))])],
    )
    target = _target(
        metric="registered_capital", kind="flow", deadline="2024", value="1 billion VND"
    )
    document = only(track(dataset, [target], "2025-01-01")).to_dict()
    assert Decimal(document["actual"]["value"]) == 19_866 * 10**9


def test_track_rejects_what_is_not_a_target() -> None:
    with pytest.raises(InvalidValueError, match="must be a Target"):
        track(Dataset(), ["t"], "2024-01-01")  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="as_of"):
        track(Dataset(), [], "01/02/2024")
    with pytest.raises(InvalidValueError, match="zone"):
        track(Dataset(), [_target(province=None, zone_id="nowhere")], "2024-01-01")


def test_an_observation_about_another_subject_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="Hải Phòng"):
        track(
            Dataset(),
            [_target()],
            "2024-01-01",
            observations=[Observation(series="t", on="2023", value=1, province="Hải Phòng")],
        )


def test_a_zone_target_counts_the_zones_inside_it() -> None:
    dataset = Dataset(
        zones=[
            park("ez", "Quảng Nam", kind="economic_zone"),
            park("p1", "Quảng Nam", parent_id="ez"),
            park("p2", "Quảng Nam"),
        ],
        projects=[
            project("in-ez", [("2021-01-01", "licensed", vnd_billion(1))], zone_id="ez"),
            project("in-p1", [("2021-01-01", "licensed", vnd_billion(1))], zone_id="p1"),
            project("in-p2", [("2021-01-01", "licensed", vnd_billion(1))], zone_id="p2"),
        ],
    )
    finding = only(track(dataset, [_target(province=None, zone_id="ez")], "2024-01-01"))
    assert finding.actual.value == 2  # type: ignore[union-attr]
    assert finding.subject_kind == "zone"
    assert "the 1 zone inside it" in finding.explanation.formula


def test_the_dataset_s_own_targets_are_tracked_by_default() -> None:
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        targets=[_target()],
        observations=[Observation(series="t", on="2023-12-31", value=3)],
    )
    assert only(track(dataset, None, "2024-01-01")).actual.value == 3  # type: ignore[union-attr]


# -- growth of a flow, and upper bounds ------


def test_growth_of_a_flow_compares_the_same_part_of_both_periods() -> None:
    # FDI licensed: H1 2024 100, H2 2024 300; H1 2025 120. On 2025-06-30 the growth compares
    # 1 January–30 June of both years: 120 / 100 - 1 = +20%, held to the end of 2025: short of
    # +22% by 2 points out of the 22 required (9.1%): at risk.
    dataset = Dataset(
        zones=[park("kcn-a", "Hà Nội")],
        projects=[
            project("a", [("2024-03-01", "licensed", usd_million(100))], origin="fdi"),
            project("b", [("2024-09-01", "licensed", usd_million(300))], origin="fdi"),
            project("c", [("2025-05-01", "licensed", usd_million(120))], origin="fdi"),
        ],
    )
    target = _target(
        metric="registered_capital",
        kind="growth",
        basis="flow",
        growth_unit="relative",
        value="22%",
        baseline={"on": "2024"},
        deadline="2025",
        currency="USD",
    )
    mid = only(track(dataset, [target], "2025-06-30"))
    assert float(mid.actual.value) == pytest.approx(0.2)  # type: ignore[union-attr]
    assert mid.status is Status.AT_RISK
    assert float(mid.details["anticipated_gap"].value) == pytest.approx(0.02 / 0.22)  # type: ignore[union-attr]
    assert "2024-01-01/2024-06-30" in mid.explain()
    # After the year: 120 against 400, -70%: off track.
    end = only(track(dataset, [target], "2026-01-10"))
    assert float(end.actual.value) == pytest.approx(-0.7)  # type: ignore[union-attr]
    assert end.status is Status.OFF_TRACK


def test_an_upper_bound_regresses_when_the_value_rises() -> None:
    target = _target(
        metric="observed", unit="count", actuals="observations", comparator="at_most", value=10
    )
    observations = [
        Observation(series="t", on="2021-12-31", value=12),
        Observation(series="t", on="2023-12-31", value=15),
    ]
    finding = only(track(Dataset(), [target], "2024-02-01", observations=observations))
    assert finding.status is Status.REGRESSING
    assert "rising" in finding.explain()
    assert "percent_achieved" not in finding.details  # not meaningful for a ceiling
    assert finding.gap.value == -5  # type: ignore[union-attr]
