"""Behaviour pinned down after mutation testing of ``industrial_policy.services``.

Each test checks a user-visible result (a number, a status, the wording an analyst reads
and quotes) that a surviving mutant changed without the rest of the suite noticing.
Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import AbstractContextManager

import numpy as np
import pytest
from dateutil.relativedelta import relativedelta

import industrial_policy.services as services
from industrial_policy.dataset import Dataset
from industrial_policy.errors import DatasetIntegrityError, InvalidValueError
from industrial_policy.findings import Amount, Explanation, Finding, Status
from industrial_policy.money import Money
from industrial_policy.records import Observation
from industrial_policy.records.fees import format_duration
from industrial_policy.services import (
    ClassificationRule,
    Dossier,
    DossierCount,
    DossierTable,
    Fee,
    FeeDiscount,
    LevelMapping,
    Procedure,
    RateRequirement,
    RateTarget,
    dossier_rates,
    fee_due,
    fees_forgone,
    implied_denominator,
    procedure_rates,
    rate_observations,
    track_rate_targets,
    trajectory,
)

FULL = "services.procedures_full_online"
ONLINE = "services.procedures_online"
MAPPING_TEXT = "level 4 ↔ full-process online; level 3 ↔ partial online; levels 1–2 ↔ not online"


HD_CITATION = "Hải Dương Provincial Party Committee Standing Board, 2021-08-23 (seeds/000)"


def hai_duong_cut(**changes: object) -> FeeDiscount:
    """The seed's 50% cut for two years (the start date is the user's: none is published)."""
    fields: dict[str, object] = {
        "id": "hd-50",
        "rate": "50%",
        "start": "2021-09-01",
        "duration": relativedelta(years=2),
        "levels": [3, 4],
        "channels": ["online"],
        "fee_kinds": ["procedure", "postal"],
        "citation": HD_CITATION,
    }
    fields.update(changes)
    return FeeDiscount(**fields)  # type: ignore[arg-type]


def dataset(*discounts: FeeDiscount) -> Dataset:
    """l4 at level 4: 50,000 VND procedure and 30,000 VND postal fees; l3 at level 3."""
    return Dataset(
        procedures=[
            proc("l4", online_level=4, fee="50000 VND"),
            proc("l3", online_level=3, fee="36001 VND"),
        ],
        fees=[Fee(procedure_id="l4", kind="postal", amount="30000 VND")],
        fee_discounts=list(discounts),
    )


def proc(pid: str, **fields: object) -> Procedure:
    fields.setdefault("government_level", "provincial")
    fields.setdefault("field", "investment")
    return Procedure(id=pid, name=pid, **fields)  # type: ignore[arg-type]


def raises_exactly(message: str) -> AbstractContextManager[object]:
    return pytest.raises(InvalidValueError, match=f"^{re.escape(message)}$")


def days(*values: str) -> np.ndarray:
    return np.array(values, dtype="datetime64[D]")


# -- the package's lazy names ---------------------------------------------------------------------


def test_an_unknown_name_of_the_services_package_is_an_attribute_error() -> None:
    with pytest.raises(
        AttributeError,
        match=r"^module 'industrial_policy\.services' has no attribute 'no_such_name'$",
    ):
        services.no_such_name  # noqa: B018
    assert not hasattr(services, "also_missing")


# -- durations and discount definitions -----------------------------------------------------------


def test_unreadable_duration_error_shows_the_accepted_forms() -> None:
    with raises_exactly(
        "FeeDiscount 'hd-50'.duration: write a duration such as '2 years', '18 months',"
        " '1 year 6 months' or 'P2Y' (got 'two years')"
    ):
        hai_duong_cut(duration="two years")


def test_zero_duration_error_says_it_must_be_positive() -> None:
    with raises_exactly(
        "FeeDiscount 'hd-50'.duration: a duration must be positive (got '0 years')"
    ):
        hai_duong_cut(duration="0 years")


def test_format_duration_names_days_and_separates_parts_with_spaces() -> None:
    assert format_duration(relativedelta(days=3)) == "3 days"
    assert format_duration(relativedelta(days=1)) == "1 day"
    assert format_duration(relativedelta(years=1, months=6, days=1)) == "1 year 6 months 1 day"


def test_levels_given_as_text_are_refused_showing_the_text() -> None:
    with raises_exactly("FeeDiscount 'hd-50'.levels: must be a list of levels 1 to 4 (got '34')"):
        hai_duong_cut(levels="34")


def test_procedures_given_as_one_text_are_refused_with_the_reason() -> None:
    with raises_exactly(
        "FeeDiscount 'hd-50'.procedures: must be a list of procedure ids (got 'l4')"
    ):
        hai_duong_cut(procedures="l4")


# -- the fee due on a day -------------------------------------------------------------------------


def test_fee_due_explanation_text_for_a_procedure_without_dossier() -> None:
    # l4 at level 4, online, inside the window: 50,000 and 30,000 VND both cut by 50%.
    due = fee_due(dataset(hai_duong_cut()), "l4", "online", "2022-03-01")
    assert due.total == Money(40_000, "VND")
    assert due.explain().splitlines()[:3] == [
        "Fee due for procedure l4, online, on 2022-03-01",
        "  procedure: 50,000 VND scheduled, hd-50 −50% → 25,000 VND due"
        " [procedure 'l4'.fee (undated)]",
        "  postal: 30,000 VND scheduled, hd-50 −50% → 15,000 VND due [l4:postal@undated]",
    ]
    assert due.explanation.formula == (
        "fee due = Σ scheduled fee × (1 − discount) over the fees in force, for the"
        " discounts whose window, levels, channels, procedures and fee kinds hold"
    )


def test_each_applied_discount_records_the_amount_it_cut() -> None:
    due = fee_due(dataset(hai_duong_cut()), "l4", "online", "2022-03-01")
    procedure_line, postal_line = due.lines
    assert procedure_line.applied[0].cut == Money(25_000, "VND")  # 50% of 50,000
    assert postal_line.applied[0].cut == Money(15_000, "VND")  # 50% of 30,000
    assert due.explanation.steps[0] == (
        "procedure fee 50,000 VND − 50% (hd-50, in force 2021-09-01 to 2023-08-31, end"
        " included) = 25,000 VND cut"
    )


def test_fee_due_without_channel_for_a_procedure_asks_for_it() -> None:
    with raises_exactly("channel: give the channel (got None)"):
        fee_due(dataset(hai_duong_cut()), "l4")


def test_fee_due_with_an_unknown_channel_lists_the_channels() -> None:
    with raises_exactly("channel: must be one of 'online', 'in_person', 'postal' (got 'fax')"):
        fee_due(dataset(hai_duong_cut()), "l4", "fax", "2022-03-01")


def test_a_discount_for_other_procedures_says_so_in_the_notes() -> None:
    due = fee_due(dataset(hai_duong_cut(procedures=["l3"])), "l4", "online", "2022-03-01")
    assert due.total == due.scheduled == Money(80_000, "VND")  # no cut
    assert due.explanation.notes == (
        "level on the day: level 4",
        "hd-50 does not apply to the procedure fee: the procedure is not in its list",
        "hd-50 does not apply to the postal fee: the procedure is not in its list",
    )


# -- classifications ------------------------------------------------------------------------------


def test_level_mapping_refuses_level_5_naming_itself() -> None:
    with raises_exactly("LevelMapping: a Decree 43/2011/ND-CP level is 1, 2, 3 or 4 (got 5)"):
        LevelMapping().service_of(5)


def test_mixed_classifications_without_switch_date_explain_what_to_give() -> None:
    with raises_exactly(
        "ClassificationRule.switch_date: on 2024-01-01, 2 procedures are recorded only at a"
        " Decree 43/2011 level and 3 only in a Decree 42/2022 category: give the switch date"
        " your reporting follows (switch_date) or the classification to report in"
        " (classification); DOMAIN.md gives no date (got datetime.date(2024, 1, 1))"
    ):
        import datetime as dt

        ClassificationRule().decide(dt.date(2024, 1, 1), level_only=2, service_only=3, both=0)


# -- procedure rates ------------------------------------------------------------------------------


def test_procedure_rates_refuses_a_classification_of_the_wrong_type() -> None:
    with raises_exactly("classification: must be a ClassificationRule (got 5)"):
        procedure_rates(
            [proc("a", online_level=4)],
            as_of="2024-01-01",
            denominator="all",
            classification=5,  # type: ignore[arg-type]
        )


def test_procedure_rates_refuses_a_list_of_non_procedures() -> None:
    with raises_exactly("source: must be a Dataset or a list of Procedure (got 'x')"):
        procedure_rates(["x"], as_of="2024-01-01", denominator="all")  # type: ignore[list-item]


def test_procedure_rates_sends_dossier_rates_elsewhere() -> None:
    with raises_exactly(
        "rates: procedure_rates computes procedures_full_online and procedures_online;"
        " dossier rates come from dossier_rates (got 'dossiers_online')"
    ):
        procedure_rates(
            [proc("a", online_level=4)],
            as_of="2024-01-01",
            denominator="all",
            rates=["dossiers_online"],
        )


def test_decree_42_report_converts_level_only_records_and_says_how_many() -> None:
    # Levels 4, 3, 2 read in Decree 42 terms: full-process 1 of 3, full or partial 2 of 3.
    report = procedure_rates(
        [proc("a", online_level=4), proc("b", online_level=3), proc("c", online_level=2)],
        as_of="2024-01-01",
        denominator="all",
        classification={"classification": "decree_42_2022"},
    )
    full, online = report[f"{FULL}/all"], report[f"{ONLINE}/all"]
    assert (full.details["numerator"].value, full.details["denominator"].value) == (1, 3)
    assert (online.details["numerator"].value, online.details["denominator"].value) == (2, 3)
    assert online.details["procedures_in_subject"].value == 3
    assert full.title == (
        "Share of procedures offered full-process online, all, on 2024-01-01 (of procedures)"
    )
    assert online.title == (
        "Share of procedures offered full-process or partial online, all, on 2024-01-01"
        " (of procedures)"
    )
    assert full.explanation.notes == (
        "classification reported: Decree 42/2022/ND-CP, as the user chose",
        "3 procedures recorded only at a Decree 43/2011 level were converted with the"
        f" mapping: {MAPPING_TEXT}",
    )


def test_level_and_category_the_mapping_does_not_pair_are_noted() -> None:
    # "a": level 3 but full-process (level 3 pairs with partial); "b": partial only.
    # Decree 43 at level 4: a is level 3 -> no; b partial = level 3 -> no: 0 of 2.
    # At level 3 or 4: both yes, 2 of 2.
    report = procedure_rates(
        [
            proc("a", online_level=3, online_service="full_process"),
            proc("b", online_service="partial"),
        ],
        as_of="2024-01-01",
        denominator="all",
        classification={"classification": "decree_43_2011"},
    )
    full, online = report[f"{FULL}/all"], report[f"{ONLINE}/all"]
    assert full.details["numerator"].value == 0
    assert online.details["numerator"].value == 2
    assert online.title == (
        "Share of procedures offered at level 3 or 4, all, on 2024-01-01 (of procedures)"
    )
    assert full.explanation.notes == (
        "classification reported: Decree 43/2011/ND-CP, as the user chose",
        "1 procedures recorded only in a Decree 42/2022 category were converted with the"
        f" mapping: {MAPPING_TEXT}",
        "1 procedures record a level and a category the mapping does not pair; the"
        " Decree 43/2011/ND-CP one is used",
    )


def test_decree_42_question_uses_the_category_and_leaves_unrecorded_unknown() -> None:
    # a: level 4 but recorded partial -> the category decides: not full-process.
    # b: nothing recorded -> unknown, never "no". c: full-process -> yes.
    report = procedure_rates(
        [
            proc("a", online_level=4, online_service="partial"),
            proc("b"),
            proc("c", online_service="full_process"),
        ],
        as_of="2024-01-01",
        denominator="all",
        classification={"classification": "decree_42_2022"},
        max_unknown_share=0.5,
    )
    full = report[f"{FULL}/all"]
    assert full.status is Status.MEASURED
    assert full.details["numerator"].value == 1
    assert full.details["denominator"].value == 2
    assert full.details["not_recorded"].value == 1
    assert full.actual is not None
    assert full.actual.value == pytest.approx(0.5)


def test_procedures_are_listed_in_their_input_order_within_a_group() -> None:
    # 1,200 procedures alternating between two fields: each group lists its first 20 ids
    # in the order of the input, whatever the size of the sort.
    procs = [proc(f"p{i:04d}", field="a" if i % 2 else "b", online_level=4) for i in range(1200)]
    report = procedure_rates(
        procs, as_of="2024-01-01", denominator="all", by="field", rates=["procedures_full_online"]
    )
    odd = report[f"{FULL}/a"].explanation.inputs[0]
    even = report[f"{FULL}/b"].explanation.inputs[0]
    assert odd.record_count == even.record_count == 600
    assert odd.records == tuple(f"p{i:04d}" for i in range(1, 40, 2))
    assert even.records == tuple(f"p{i:04d}" for i in range(0, 40, 2))


# -- implied denominators -------------------------------------------------------------------------


@pytest.mark.parametrize("share", ["NaN%", "abc%", "inf"])
def test_implied_denominator_refuses_a_share_that_is_not_a_number(share: str) -> None:
    with raises_exactly(f"share: not a number (got {share!r})"):
        implied_denominator(257, share)


def test_implied_denominator_refuses_negative_decimals_showing_them() -> None:
    with raises_exactly("decimals: must be a whole number, at least 0 (got -1)"):
        implied_denominator(257, "13.6%", decimals=-1)


# -- the dossier table ----------------------------------------------------------------------------

P3 = np.array(["p", "p", "p"])
R3 = days("2024-01-01", "2024-01-02", "2024-01-03")
C3 = np.array(["online", "online", "online"])


def test_table_column_of_the_wrong_length_names_the_table() -> None:
    with raises_exactly(
        "DossierTable.channel: must be a one-dimensional array of 3 values, one per dossier"
        " (got 'shape (2,)')"
    ):
        DossierTable.from_arrays(procedure=P3, received=R3, channel=np.array(["online"] * 2))


def test_integer_procedure_codes_need_their_names() -> None:
    with raises_exactly(
        "DossierTable.procedure: integer codes need the names they stand for (procedure_ids)"
        " (got 'int64')"
    ):
        DossierTable.from_arrays(procedure=np.array([0, 0, 0]), received=R3, channel=C3)


def test_float_procedure_codes_are_refused() -> None:
    with raises_exactly("DossierTable.procedure: must be text or integer codes (got 'float64')"):
        DossierTable.from_arrays(procedure=np.array([1.5, 0.0, 0.0]), received=R3, channel=C3)


@pytest.mark.parametrize("bad", [-2, 2])
def test_digitised_codes_outside_minus_one_to_one_are_refused(bad: int) -> None:
    with raises_exactly(
        "DossierTable 'row 1'.result_digitised: must be 1 (yes), 0 (no) or -1 (not recorded)"
        f" (got {bad})"
    ):
        DossierTable.from_arrays(
            procedure=P3, received=R3, channel=C3, result_digitised=np.array([1, bad, 0])
        )


def test_digitised_codes_minus_one_to_one_are_kept() -> None:
    table = DossierTable.from_arrays(
        procedure=P3, received=R3, channel=C3, result_digitised=np.array([1, -1, 0])
    )
    assert table.digitised.tolist() == [1, -1, 0]


def test_received_is_required() -> None:
    with raises_exactly("DossierTable.received: is required (got None)"):
        DossierTable.from_arrays(procedure=P3, received=None, channel=C3)


def test_received_that_are_not_dates_name_the_table() -> None:
    with pytest.raises(
        InvalidValueError,
        match=r"^DossierTable\.received: must be dates \(datetime64\[D\] or ISO text\): .*"
        r"\(got '<U1'\)$",
    ):
        DossierTable.from_arrays(procedure=P3, received=np.array(["x", "y", "z"]), channel=C3)


def test_the_first_and_last_days_of_the_calendar_are_accepted() -> None:
    table = DossierTable.from_arrays(
        procedure=P3, received=days("1900-01-01", "2200-12-31", "2024-01-01"), channel=C3
    )
    assert [str(d) for d in table.received] == ["1900-01-01", "2200-12-31", "2024-01-01"]
    with raises_exactly(
        "DossierTable 'c'.received: a date must be in the years 1900 to 2200 (got '1899-12-31')"
    ):
        DossierTable.from_arrays(
            procedure=P3,
            received=days("1900-01-01", "2200-12-31", "1899-12-31"),
            channel=C3,
            ids=["a", "b", "c"],
        )


def test_ids_of_the_wrong_count_name_the_table() -> None:
    with raises_exactly("DossierTable.ids: must hold one id per dossier (3) (got 2)"):
        DossierTable.from_arrays(procedure=P3, received=R3, channel=C3, ids=["a", "b"])


def test_integer_province_codes_allow_minus_one_and_check_the_range() -> None:
    table = DossierTable.from_arrays(
        procedure=P3,
        received=R3,
        channel=C3,
        province=np.array([0, -1, 1]),
        provinces=("hd", "hn"),
    )
    assert table.province.tolist() == [0, -1, 1]
    assert table.provinces == ("hd", "hn")
    with raises_exactly("DossierTable 'row 2'.province: code out of range (0 to 1) (got 2)"):
        DossierTable.from_arrays(
            procedure=P3,
            received=R3,
            channel=C3,
            province=np.array([0, -1, 2]),
            provinces=("hd", "hn"),
        )


def test_a_missing_channel_names_the_dossier() -> None:
    with raises_exactly("DossierTable 'b'.channel: must be recorded for every dossier (got None)"):
        DossierTable.from_arrays(
            procedure=P3,
            received=R3,
            channel=np.array(["online", "", "postal"]),
            ids=["a", "b", "c"],
        )


def test_table_from_records_keeps_digitised_results() -> None:
    records = [
        Dossier(id="d1", procedure_id="p", received="2024-01-02", channel="online",
                result_digitised=True, completed="2024-01-05"),
        Dossier(id="d2", procedure_id="p", received="2024-01-03", channel="postal",
                result_digitised=False, completed="2024-01-05"),
        Dossier(id="d3", procedure_id="p", received="2024-01-04", channel="in_person",
                completed="2024-01-06"),
    ]  # fmt: skip
    table = DossierTable.from_records(records)
    assert table.digitised.tolist() == [1, 0, -1]
    # 1 digitised of 2 whose digitisation is recorded; d3 is not recorded.
    report = dossier_rates(
        table, procedures=[proc("p")], periods="2024", rates=["results_digitised"],
        max_unknown_share=0.5,
    )  # fmt: skip
    finding = report["services.results_digitised/all@2024"]
    assert (finding.details["numerator"].value, finding.details["denominator"].value) == (1, 2)
    assert finding.details["not_recorded"].value == 1


def test_dossiers_of_unknown_procedures_are_named() -> None:
    table = DossierTable.from_arrays(procedure=np.array(["p", "q"]), received=R3[:2],
                                     channel=C3[:2])  # fmt: skip
    with raises_exactly(
        "DossierTable.procedure: the dossiers name procedures that are not in the dataset:"
        " 'q' (got 'q')"
    ):
        dossier_rates(table, procedures=[proc("p")], periods="2024")


# -- dossier rates --------------------------------------------------------------------------------


def test_counts_of_unknown_procedures_are_named() -> None:
    count = DossierCount(id="c", procedure_id="zz", period="2024", received=3)
    with raises_exactly(
        "DossierCount.procedure_id: published counts name procedures that are not in the"
        " dataset: 'zz' (got 'zz')"
    ):
        dossier_rates(None, procedures=[proc("p")], periods="2024", counts=[count])


def test_dossier_rates_refuses_an_odd_source() -> None:
    with raises_exactly(
        "source: must be a Dataset, a DossierTable, a frame of dossier rows (DuckDB, polars,"
        " Dask, PySpark, pandas...) or None (got 'x')"
    ):
        dossier_rates("x", procedures=[proc("p")], periods="2024")  # type: ignore[arg-type]


def test_dossier_rates_refuses_unknown_and_procedure_rates() -> None:
    with raises_exactly("rates: not a rate (got 'bogus')"):
        dossier_rates(None, procedures=[proc("p")], periods="2024", rates=["bogus"])
    with raises_exactly(
        "rates: shares of procedures come from procedure_rates (got 'procedures_online')"
    ):
        dossier_rates(None, procedures=[proc("p")], periods="2024", rates=["procedures_online"])


def test_an_empty_table_gives_insufficient_data_not_an_error() -> None:
    empty = DossierTable.from_records([])
    report = dossier_rates(empty, procedures=[proc("p")], periods="2024", rates=["dossiers_online"])
    finding = report["services.dossiers_online/all@2024"]
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.explanation.notes == (
        "no dossiers received: a rate over zero is not 0%, it is unknown",
        "counted (2024-01-01 to 2024-12-31, both included): dossiers received in the period,"
        " by the day received",
    )


# -- rate observations and rate targets -----------------------------------------------------------


def test_rate_observations_select_a_group_by_its_label_before_the_period() -> None:
    records = [
        Dossier(id="d1", procedure_id="p", received="2024-01-02", channel="online"),
        Dossier(id="d2", procedure_id="p", received="2024-03-02", channel="postal"),
    ]
    report = dossier_rates(
        Dataset(procedures=[proc("p")], dossiers=records), periods="2024", rates=["dossiers_online"]
    )
    (observation,) = rate_observations(report, "hd-online", subject="all")
    assert observation.value.value == pytest.approx(0.5)  # 1 online of 2
    assert observation.day.isoformat() == "2024-12-31"
    assert observation.source == "computed: services.dossiers_online/all@2024"


def reference_target(**changes: object) -> RateTarget:
    fields: dict[str, object] = {
        "id": "r",
        "title": "Catch up with the national share",
        "kind": "reference",
        "series": "s",
        "reference": "v",
        "comparator": "at_least",
        "deadline": "2025-01-01",
    }
    fields.update(changes)
    return RateTarget(**fields)  # type: ignore[arg-type]


def growth_target(**changes: object) -> RateTarget:
    fields: dict[str, object] = {
        "id": "g",
        "title": "Grow each year",
        "kind": "growth",
        "series": "s",
        "comparator": "at_least",
        "growth": "20%",
        "growth_unit": "relative",
        "baseline_on": "2022-01-01",
        "baseline_value": "10%",
        "deadline": "2025-01-01",
    }
    fields.update(changes)
    return RateTarget(**fields)  # type: ignore[arg-type]


def obs(series: str, day: str, value: str) -> Observation:
    return Observation(series=series, on=day, value=value)


def test_only_a_growth_target_has_a_trajectory() -> None:
    with raises_exactly("kind: only a growth target has a trajectory (got 'reference')"):
        trajectory(reference_target(), 0.1)


def test_rate_target_definition_errors_name_record_field_and_value() -> None:
    with raises_exactly(
        "RateTarget 'g'.growth_unit: say whether the growth is 'relative' (13.6% → 16.32% at"
        " +20%) or 'percentage_points' (13.6% → 33.6% at +20 pp) in growth_unit; there is no"
        " default (got '20%')"
    ):
        growth_target(growth_unit=None)
    with raises_exactly(
        "RateTarget 'g'.growth: percentage points measure a change in a share; here a share or"
        " a relative change is needed, such as '25%' (got '20 pp')"
    ):
        growth_target(growth="20 pp")
    with raises_exactly(
        "RateTarget 'g'.growth: a yearly growth target cannot be negative (got '-20%')"
    ):
        growth_target(growth="-20%")
    with raises_exactly("RateTarget 'g'.deadline: is required (got None)"):
        growth_target(deadline=None)
    with raises_exactly(
        "RateTarget 'g'.baseline_on: a growth target needs the day it grows from (got None)"
    ):
        growth_target(baseline_on=None, baseline_value=None)
    with raises_exactly("RateTarget 'r'.baseline_on: a baseline value needs its day (got None)"):
        reference_target(baseline_value="10%")


def test_one_value_repeated_on_a_day_is_one_point_and_too_few_to_project() -> None:
    # The same 10% twice on one day is a single observation; with one point and 10% < 60%,
    # the target is not met and no trend can be projected.
    finding = track_rate_targets(
        [reference_target()],
        as_of="2023-01-01",
        observations=[obs("s", "2022-01-01", "10%"), obs("s", "2022-01-01", "10%"),
                      obs("v", "2022-01-01", "60%")],
    )["rate_target.r/s"]  # fmt: skip
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.actual is not None
    assert finding.actual.value == pytest.approx(0.1)
    assert finding.threshold is not None
    assert finding.threshold.value == pytest.approx(0.6)
    assert finding.explanation.notes[0] == (
        "not met yet, and at least two values some time apart are needed to project the"
        " trend to the deadline"
    )


def test_progress_without_baseline_is_counted_from_the_first_value() -> None:
    # 10% (2022) then 11% (2023): growth 10% a year, projected 11% × 1.1² = 13.31% in 2025.
    # Required progress from the first value: 60% − 10% = 50 points; the projection falls
    # short by 60% − 13.31% = 46.69 points: 46.69 / 50 = 93.4% > 10%: off track.
    finding = track_rate_targets(
        [reference_target()],
        as_of="2023-01-01",
        observations=[obs("s", "2022-01-01", "10%"), obs("s", "2023-01-01", "11%"),
                      obs("v", "2022-01-01", "60%")],
    )["rate_target.r/s"]  # fmt: skip
    assert finding.status is Status.OFF_TRACK
    assert finding.details["projection"].value == pytest.approx(0.1331)
    assert finding.explanation.notes[0] == (
        "the projection falls short by 93.4% of the progress required (more than 10.0%: off track)"
    )


def test_relative_growth_from_zero_is_refused_with_the_reason() -> None:
    finding = track_rate_targets(
        [growth_target(baseline_value="0%")], as_of="2023-01-01", observations=[]
    )["rate_target.g/s"]
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.explanation.notes == (
        "a relative growth from a baseline of 0% stays at 0%: set a percentage-point growth"
        " or a level target",
    )


def test_percentage_point_growth_capped_and_the_change_needed_each_year() -> None:
    # 10% in 2022 + 40 pp a year: 50% (2023), 90% (2024), 130% capped at 100% (2025).
    # Actual 20% on 2023-01-01: (100% − 20%) over the 2 years left = 40 pp a year.
    finding = track_rate_targets(
        [growth_target(growth="40 pp", growth_unit="percentage_points")],
        as_of="2023-01-01",
        observations=[obs("s", "2023-01-01", "20%")],
    )["rate_target.g/s"]
    assert finding.threshold is not None
    assert finding.threshold.value == pytest.approx(1.0)
    assert finding.details["required_change_per_year"].value == pytest.approx(40.0)
    assert finding.details["required_change_per_year"].unit == "percentage_points"
    assert finding.details["expected_now"].value == pytest.approx(0.5)
    assert finding.explanation.steps[:4] == (
        "2022-01-01: 10.0000%",
        "2023-01-01: 50.0000%",
        "2024-01-01: 90.0000%",
        "2025-01-01: 100.0000% (the growth would give 130.0000%: capped at 100%, a rate's maximum)",
    )


# -- fees forgone ---------------------------------------------------------------------------------


def one_named_procedure_case() -> Dataset:
    """l4 (50,000 VND) and l3 (40,000 VND), no postal fee; the cut names l4 only."""
    procs = [
        proc("l4", online_level=4, fee="50000 VND"),
        proc("l3", online_level=3, fee="40000 VND"),
    ]
    records = [
        Dossier(id="a", procedure_id="l4", received="2022-02-01", channel="online"),
        Dossier(id="b", procedure_id="l3", received="2022-02-01", channel="online"),
    ]
    cut = hai_duong_cut(fee_kinds=[], procedures=["l4"])
    return Dataset(procedures=procs, dossiers=records, fee_discounts=[cut])


def test_fees_forgone_for_a_named_procedure_with_no_postal_fee() -> None:
    # Only dossier a is in scope (l4 named); all fee kinds are cut but the schedule has only
    # the procedure fee: 50,000 × 50% = 25,000 VND forgone, 25,000 VND still due.
    finding = fees_forgone(one_named_procedure_case(), "hd-50", period="2022")
    assert finding.status is Status.MEASURED
    assert finding.actual is not None
    assert (finding.actual.value, finding.actual.unit) == (25_000, "VND")
    assert finding.details["dossiers_discounted"].value == 1
    assert finding.details["fees_scheduled"].value == 50_000
    assert finding.details["fees_scheduled"].unit == "VND"
    assert finding.details["fees_due"].value == 25_000
    assert finding.explanation.steps == (
        "procedure fee 50,000 VND [procedure 'l4'.fee] × 1 dossiers × 50% = 25,000 VND",
    )
    assert not any("no fee in the schedule" in note for note in finding.explanation.notes)
    (parameter,) = finding.explanation.parameters
    assert parameter.citation == HD_CITATION


def test_fees_forgone_shows_at_most_20_fee_lines_and_says_so() -> None:
    # 21 procedures with fees 1,000 to 21,000 VND, one online dossier each:
    # scheduled 1,000 × (1 + … + 21) = 231,000 VND, half of it forgone.
    procs = [proc(f"p{i:02d}", online_level=4, fee=f"{1000 * (i + 1)} VND") for i in range(21)]
    records = [
        Dossier(id=f"d{i:02d}", procedure_id=f"p{i:02d}", received="2022-02-01", channel="online")
        for i in range(21)
    ]
    ds = Dataset(procedures=procs, dossiers=records, fee_discounts=[hai_duong_cut()])
    finding = fees_forgone(ds, "hd-50", period="2022")
    assert finding.actual is not None
    assert finding.actual.value == 115_500
    assert finding.details["fees_scheduled"].value == 231_000
    assert len(finding.explanation.steps) == 20
    assert (
        finding.explanation.notes[-1] == "only the first 20 fee lines are shown in the computation"
    )


# -- breakdowns, requirements and the inputs of a rate --------------------------------------------


def test_an_empty_list_of_breakdowns_is_refused_showing_it() -> None:
    with raises_exactly("by: name at least one breakdown (got [])"):
        procedure_rates([proc("a", online_level=4)], as_of="2024-01-01", denominator="all", by=[])


def test_no_procedures_by_province_gives_no_findings() -> None:
    # No procedure, hence no province group: nothing to report, and no error.
    report = procedure_rates([], as_of="2024-01-01", denominator="all", by="province")
    assert list(report) == []


def test_a_requirement_that_is_not_a_rate_requirement_is_named() -> None:
    with raises_exactly("requirements: each requirement must be a RateRequirement (got 5)"):
        procedure_rates(
            [proc("a", online_level=4)],
            as_of="2024-01-01",
            denominator="all",
            requirements=[5],  # type: ignore[list-item]
        )


def test_a_requirement_not_met_fails_with_the_gap_and_says_not_met() -> None:
    # 1 of 2 procedures at level 4 = 50%, required at least 60%: fails by 10 points.
    report = procedure_rates(
        [proc("a", online_level=4), proc("b", online_level=2)],
        as_of="2024-01-01",
        denominator="all",
        requirements=[
            RateRequirement(rate="procedures_full_online", comparator="at_least", value="60%")
        ],
    )
    finding = report[f"{FULL}/all"]
    assert finding.status is Status.FAIL
    assert finding.gap is not None
    assert finding.gap.value == pytest.approx(-0.1)
    assert finding.explanation.steps == ("1 ÷ 2 = 50.0000%", "50.0000% ≥ 60.0000%: not met")


def test_a_numerator_of_zero_is_an_input_of_zero_not_a_missing_one() -> None:
    report = procedure_rates([proc("b", online_level=2)], as_of="2024-01-01", denominator="all")
    finding = report[f"{FULL}/all"]
    numerator, denominator = finding.explanation.inputs
    assert numerator.value is not None
    assert (numerator.value.value, numerator.value.unit) == (0, "count")
    assert str(numerator) == "procedures offered at level 4 = 0"
    assert str(denominator) == "procedures = 1 (from 1 record: b)"
    assert finding.actual is not None
    assert finding.actual.value == 0


def test_two_dated_fee_lines_on_one_channel_are_named_with_their_day() -> None:
    fees = [
        Fee(procedure_id="l4", kind="procedure", amount="1 VND", effective_from="2024-01-01"),
        Fee(
            procedure_id="l4",
            kind="procedure",
            amount="2 VND",
            effective_from="2024-01-01",
            channels=["online"],
        ),
    ]
    with pytest.raises(DatasetIntegrityError) as caught:
        Dataset(procedures=[proc("l4")], fees=fees)
    assert [str(p) for p in caught.value.problems] == [
        "fees[1]: procedure 'l4' has two procedure fees from 2024-01-01 charged on the same"
        " channel (fees[0]): which one is due cannot be told"
    ]


# -- fees forgone: the rows counted, the parameter, the subject and the notes ---------------------


def two_online_dossiers_case(*discounts: FeeDiscount) -> Dataset:
    """l4 (50,000 VND): two online dossiers in 2022, plus one in person and one from 2020."""
    records = [
        Dossier(id="a", procedure_id="l4", received="2022-02-01", channel="online"),
        Dossier(id="b", procedure_id="l4", received="2022-03-01", channel="online"),
        Dossier(id="c", procedure_id="l4", received="2022-03-01", channel="in_person"),
        Dossier(id="d", procedure_id="l4", received="2020-03-01", channel="online"),
    ]
    cut = hai_duong_cut(fee_kinds=["procedure"], procedures=["l4"])
    return Dataset(
        procedures=[proc("l4", online_level=4, fee="50000 VND")],
        dossiers=records,
        fee_discounts=[cut, *discounts],
    )


def test_fees_forgone_counts_only_the_dossiers_of_the_period_and_channel() -> None:
    # Dossiers a and b (online, 2022): 50,000 × 2 × 50% = 50,000 VND. c is in person and d
    # before the window: naming the procedure does not bring them back in.
    finding = fees_forgone(two_online_dossiers_case(), "hd-50", period="2022")
    assert finding.actual is not None
    assert finding.actual.value == 50_000
    assert finding.details["dossiers_discounted"].value == 2
    assert finding.explanation.steps == (
        "procedure fee 50,000 VND [procedure 'l4'.fee] × 2 dossiers × 50% = 50,000 VND",
    )
    assert finding.subject_id == "hd-50@2022"
    (parameter,) = finding.explanation.parameters
    assert parameter.effective_from == dt.date(2021, 9, 1)


def test_fees_forgone_says_which_other_discounts_are_in_force() -> None:
    other = hai_duong_cut(id="hd-other", rate="10%")
    finding = fees_forgone(two_online_dossiers_case(other), "hd-50", period="2022")
    assert (
        "computed as if this discount alone applied; also in force in the period: hd-other"
        in finding.explanation.notes
    )


def test_fees_forgone_in_two_currencies_keeps_each_apart() -> None:
    # A procedure fee of 50,000 VND and a postal fee of 2 USD, one online dossier in 2022.
    ds = Dataset(
        procedures=[proc("l4", online_level=4, fee="50000 VND")],
        fees=[Fee(procedure_id="l4", kind="postal", amount="2 USD")],
        dossiers=[Dossier(id="a", procedure_id="l4", received="2022-02-01", channel="online")],
        fee_discounts=[hai_duong_cut()],
    )
    details = fees_forgone(ds, "hd-50", period="2022").details
    assert (details["fees_scheduled_USD"].value, details["fees_scheduled_USD"].unit) == (2, "USD")
    assert details["fees_scheduled_VND"].value == 50_000
    assert details["fees_due_USD"].value == 1
    assert "fees_scheduled" not in details


def test_a_dated_fee_prices_the_dossiers_from_its_day() -> None:
    # The schedule: 50,000 VND from 2021, 80,000 VND from 2022-03-01. Dossier a (Feb) pays
    # 50,000 and dossier b (Mar) 80,000; half of each forgone: 25,000 + 40,000 = 65,000 VND.
    lines = [("50000 VND", "2021-01-01"), ("80000 VND", "2022-03-01")]
    ds = Dataset(
        procedures=[proc("l4", online_level=4)],
        fees=[
            Fee(procedure_id="l4", kind="procedure", amount=amount, effective_from=day)
            for amount, day in lines
        ],
        dossiers=[
            Dossier(id="a", procedure_id="l4", received="2022-02-01", channel="online"),
            Dossier(id="b", procedure_id="l4", received="2022-03-01", channel="online"),
        ],
        fee_discounts=[hai_duong_cut(fee_kinds=["procedure"])],
    )
    finding = fees_forgone(ds, "hd-50", period="2022")
    assert finding.actual is not None
    assert finding.actual.value == 65_000


def test_fees_forgone_from_a_table_needs_the_procedures_and_refuses_other_sources() -> None:
    table = DossierTable.from_records(
        [Dossier(id="a", procedure_id="l4", received="2022-02-01", channel="online")]
    )
    with pytest.raises(InvalidValueError) as missing:
        fees_forgone(table, hai_duong_cut(), period="2022")
    assert missing.value.reason == "without a Dataset, give the procedures the dossiers belong to"
    with pytest.raises(InvalidValueError) as other:
        fees_forgone("dossiers.csv", hai_duong_cut(), period="2022")  # type: ignore[arg-type]
    assert other.value.reason == "must be a Dataset or a DossierTable"
    assert (other.value.field, other.value.value) == ("source", "dossiers.csv")


def test_two_fee_discounts_with_one_id_are_both_named() -> None:
    with pytest.raises(DatasetIntegrityError) as caught:
        dataset(hai_duong_cut(), hai_duong_cut(rate="10%"))
    paths = [problem.path for problem in caught.value.problems]
    assert paths == ["fee_discounts[0].id", "fee_discounts[1].id"]


# -- implied denominators, denominators and requirements ------------------------------------------


@pytest.mark.parametrize("numerator", [True, "257", 0])
def test_implied_denominator_needs_a_whole_number_of_procedures(numerator: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        implied_denominator(numerator, "13.6%")  # type: ignore[arg-type]
    assert caught.value.value == numerator


def test_implied_denominator_of_a_share_published_in_whole_percent() -> None:
    # 257 at 14% (0 decimals, so 13.5% to 14.5%): 257/0.145 < N <= 257/0.135, 1,773 to 1,903.
    implied = implied_denominator(257, "14%", decimals=0)
    assert str(implied).startswith("257 = 14% implies 1,773 to 1,903 in all")


def test_an_unknown_denominator_is_refused_with_both_choices() -> None:
    with pytest.raises(InvalidValueError) as caught:
        procedure_rates([proc("a", online_level=4)], as_of="2024-01-01", denominator="some")
    assert caught.value.reason.startswith(
        "must be 'all' (every procedure) or 'eligible' (procedures eligible for"
    )


def test_two_requirements_for_one_rate_are_refused_in_requirements() -> None:
    twice = [
        RateRequirement(rate="procedures_full_online", comparator="at_least", value="10%"),
        RateRequirement(rate="procedures_full_online", comparator="at_least", value="20%"),
    ]
    with pytest.raises(InvalidValueError) as caught:
        procedure_rates(
            [proc("a", online_level=4)], as_of="2024-01-01", denominator="all", requirements=twice
        )
    assert (caught.value.field, caught.value.reason) == (
        "requirements",
        "two requirements for one rate",
    )


def test_a_classification_rule_from_a_mapping_with_unknown_fields_names_them() -> None:
    from industrial_policy.services.rates import as_rule

    with pytest.raises(InvalidValueError) as caught:
        as_rule({"switch": "2022-08-01"})
    assert caught.value.value == {"switch": "2022-08-01"}


# -- rate targets: observations and their wording -------------------------------------------------


def _rate(check_id: str, subject: str, actual: Amount | None) -> Finding:
    return Finding(
        check_id=check_id,
        kind="rate",
        title=check_id,
        subject_id=subject,
        status=Status.MEASURED,
        as_of=dt.date(2024, 12, 31),
        explanation=Explanation(formula="online ÷ all"),
        actual=actual,
    )


def test_rate_observations_skip_what_is_not_wanted_and_go_on() -> None:
    findings = [
        _rate("services.other", "all@2024", Amount.ratio(0.9)),
        _rate(FULL, "hn@2024", Amount.ratio(0.8)),
        _rate(FULL, "all@2024", None),
        _rate(FULL, "all@2024-q1", Amount.count(3)),
        _rate(FULL, "all@2024-q2", Amount.ratio(0.5)),
    ]
    (seen,) = rate_observations(findings, "hd", check_id=FULL, subject="all")
    assert (seen.value, seen.source) == (Amount.ratio(0.5), f"computed: {FULL}/all@2024-q2")


def test_an_observed_rate_that_is_not_a_share_names_the_observation_value() -> None:
    with pytest.raises(InvalidValueError) as caught:
        track_rate_targets(
            [growth_target()], as_of="2023-01-01", observations=[obs("s", "2023-01-01", "5 ha")]
        )
    assert (caught.value.record_type, caught.value.field) == ("Observation", "value")


def test_a_growth_target_without_its_growth_says_what_to_write() -> None:
    with pytest.raises(InvalidValueError) as caught:
        growth_target(growth=None, growth_unit=None)
    assert caught.value.reason == "a growth target needs the growth per year ('20%' or '20 pp')"


def test_a_bad_baseline_value_is_located_on_the_rate_target() -> None:
    with pytest.raises(InvalidValueError) as caught:
        growth_target(baseline_value="lots")
    error = caught.value
    located = (error.record_type, error.record_id, error.field)
    assert located == ("RateTarget", "g", "baseline_value")


def test_a_rate_target_judged_on_its_deadline_says_met_or_not() -> None:
    # 10% in 2022 at +20% a year asks for 17.28% on 2025-01-01; 18% meets it, 17% does not.
    for value, outcome in (("18%", "met on the deadline"), ("17%", "not met by the deadline")):
        finding = track_rate_targets(
            [growth_target()], as_of="2025-01-01", observations=[obs("s", "2025-01-01", value)]
        )["rate_target.g/s"]
        assert f"{outcome} (2025-01-01)" in finding.explanation.notes, value
