"""Shares of procedures offered online, and what a published share implies."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Status
from industrial_policy.services import (
    Procedure,
    RateRequirement,
    ServiceOffering,
    implied_denominator,
    procedure_rates,
)

FULL = "services.procedures_full_online"
ONLINE = "services.procedures_online"


def proc(pid: str, **fields: object) -> Procedure:
    fields.setdefault("government_level", "provincial")
    fields.setdefault("field", "investment")
    return Procedure(id=pid, name=f"procedure {pid}", **fields)  # type: ignore[arg-type]


def hai_duong() -> list[Procedure]:
    """1,890 procedures, 257 at level 4: the seed's 13.6% (the total is illustrative)."""
    return [
        proc(f"hd-{i}", online_level=4 if i < 257 else (3 if i < 700 else 2)) for i in range(1890)
    ]


def percent(value: float, places: int) -> Decimal:
    """A share as a province publishes it: a percentage rounded half up."""
    return (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


# -- Hải Dương: 257 procedures = 13.6% ----------------------------------------------------------


def test_hai_duong_257_procedures_is_13_6_percent() -> None:
    report = procedure_rates(hai_duong(), as_of="2021-08-23", denominator="all")
    finding = report[f"{FULL}/all"]
    assert finding.status is Status.MEASURED
    assert finding.details["numerator"].value == 257
    assert finding.details["denominator"].value == 1890
    assert percent(finding.actual.value, 1) == Decimal("13.6")
    assert "Share of procedures offered at level 4" in finding.title
    assert finding.citation == "Decree 43/2011/ND-CP"
    # Level 3 or 4, the fee-discount scope: 700 of 1,890.
    assert report[f"{ONLINE}/all"].details["numerator"].value == 700


def test_implied_denominator_of_257_at_13_6_percent() -> None:
    implied = implied_denominator(257, "13.6%")
    # 257 / 0.1365 < N <= 257 / 0.1355, computed here with exact fractions.
    low, high = Fraction(257) / Fraction("0.1365"), Fraction(257) / Fraction("0.1355")
    assert implied.low == low
    assert implied.high == high
    assert (implied.smallest, implied.largest) == (1883, 1896)
    assert 1890 in implied.candidates
    for n in implied.candidates:
        assert percent(257 / n, 1) == Decimal("13.6")
    for n in (1882, 1897):
        assert percent(257 / n, 1) != Decimal("13.6")
    assert "1,883 to 1,896" in str(implied)


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(min_value=1, max_value=50_000),
    data=st.data(),
    places=st.integers(min_value=0, max_value=3),
)
def test_implied_denominator_holds_the_true_one(
    total: int, data: st.DataObject, places: int
) -> None:
    count = data.draw(st.integers(min_value=1, max_value=total))
    published = percent(count / total, places)
    if published == 0:
        with pytest.raises(InvalidValueError):
            implied_denominator(count, f"{published}%")
        return
    implied = implied_denominator(count, f"{published}%")
    assert total in implied.candidates
    # Every candidate reproduces the published figure, and so do none just outside.
    for n in (implied.smallest, implied.largest):
        assert percent(count / n, places) == published
    if implied.smallest - 1 >= count:
        assert percent(count / (implied.smallest - 1), places) != published
    assert percent(count / (implied.largest + 1), places) != published


def test_implied_denominator_wants_the_published_precision() -> None:
    with pytest.raises(InvalidValueError, match="float"):
        implied_denominator(257, 0.136)  # type: ignore[arg-type]
    assert implied_denominator(257, Decimal("0.136")).largest == 1896
    # Read as 13.60%: 257 / 0.13605 < N <= 257 / 0.13595 leaves one whole number.
    finer = implied_denominator(257, "13.6%", decimals=2)
    assert list(finer.candidates) == [1890]
    assert finer.high == Fraction(257) / Fraction("0.13595")


# -- denominators -----------------------------------------------------------------------------


def test_denominator_is_the_users_choice() -> None:
    with pytest.raises(InvalidValueError, match="no default"):
        procedure_rates([proc("a", online_level=4)], as_of="2024-01-01", denominator="both")
    with pytest.raises(TypeError):
        procedure_rates([proc("a", online_level=4)], as_of="2024-01-01")  # type: ignore[call-arg]


def test_eligible_denominator() -> None:
    procs = [
        proc("a", online_level=4, eligible_for_full_online=True),
        proc("b", online_level=2, eligible_for_full_online=True),
        proc("c", online_level=2, eligible_for_full_online=False),
        proc("d", online_level=4, eligible_for_full_online=False),  # contradictory
    ]
    eligible = procedure_rates(procs, as_of="2024-01-01", denominator="eligible")[f"{FULL}/all"]
    assert (eligible.details["numerator"].value, eligible.details["denominator"].value) == (1, 2)
    assert any("recorded as not eligible" in note for note in eligible.explanation.notes)
    everything = procedure_rates(procs, as_of="2024-01-01", denominator="all")[f"{FULL}/all"]
    assert everything.actual.value == pytest.approx(0.5)


def test_zero_denominator_is_insufficient_data() -> None:
    procs = [proc("a", online_level=4, eligible_for_full_online=False)]
    finding = procedure_rates(procs, as_of="2024-01-01", denominator="eligible")[f"{FULL}/all"]
    assert finding.status is Status.INSUFFICIENT_DATA
    assert finding.actual is None
    assert "not 0%" in finding.explanation.notes[0]


def test_unknown_levels_are_never_counted_as_not_online() -> None:
    procs = [proc("a", online_level=4), proc("b", online_level=2), proc("c")]
    strict = procedure_rates(procs, as_of="2024-01-01", denominator="all")[f"{FULL}/all"]
    assert strict.status is Status.INSUFFICIENT_DATA
    assert strict.details["lowest_possible"].value == pytest.approx(1 / 3)
    assert strict.details["highest_possible"].value == pytest.approx(2 / 3)
    tolerant = procedure_rates(procs, as_of="2024-01-01", denominator="all", max_unknown_share=0.5)
    assert tolerant[f"{FULL}/all"].actual.value == pytest.approx(0.5)
    assert tolerant[f"{FULL}/all"].details["not_recorded"].value == 1


# -- mixed classifications --------------------------------------------------------------------


def mixed_dataset() -> Dataset:
    procs = [proc(p) for p in "abcd"]
    offerings = [
        ServiceOffering(procedure_id="a", on="2020-01-01", online_level=4),
        ServiceOffering(procedure_id="b", on="2020-01-01", online_level=3),
        ServiceOffering(procedure_id="c", on="2020-01-01", online_level=2),
        ServiceOffering(procedure_id="d", on="2020-01-01", online_level=2),
        # After 2022 the province records Decree 42 categories, for some procedures only.
        ServiceOffering(procedure_id="b", on="2023-03-01", online_service="full_process"),
        ServiceOffering(procedure_id="c", on="2023-03-01", online_service="partial"),
    ]
    return Dataset(procedures=procs, service_offerings=offerings)


def test_mixed_years_report_the_classification_in_force() -> None:
    ds = mixed_dataset()
    rule = {"switch_date": "2022-07-01"}
    before = procedure_rates(ds, as_of="2021-12-31", denominator="all", classification=rule)
    after = procedure_rates(ds, as_of="2023-12-31", denominator="all", classification=rule)
    old, new = before[f"{FULL}/all"], after[f"{FULL}/all"]
    assert "level 4" in old.title
    assert old.citation == "Decree 43/2011/ND-CP"
    assert "full-process online" in new.title
    assert new.citation == "Decree 42/2022/ND-CP"
    assert old.details["numerator"].value == 1  # a
    # 2023: b is full-process; a (level 4, never re-recorded) converts to full-process too.
    assert new.details["numerator"].value == 2
    notes = " ".join(new.explanation.notes)
    assert "2 procedures recorded only at a Decree 43/2011 level were converted" in notes
    assert "level 4 ↔ full-process online" in notes
    assert "switch date 2022-07-01 supplied by the user" in notes


def test_mixed_records_without_a_switch_date_ask_for_one() -> None:
    with pytest.raises(InvalidValueError, match="switch_date"):
        procedure_rates(mixed_dataset(), as_of="2023-12-31", denominator="all")
    # Before 2023 every record carries a level: nothing to decide.
    report = procedure_rates(mixed_dataset(), as_of="2022-12-31", denominator="all")
    assert report[f"{FULL}/all"].citation == "Decree 43/2011/ND-CP"


def test_an_overridden_mapping_changes_the_converted_records() -> None:
    rule = {"switch_date": "2022-07-01", "mapping": {"level_3": "full_process"}}
    report = procedure_rates(
        mixed_dataset(), as_of="2023-12-31", denominator="all", classification=rule
    )
    # d stays level 2; a (4) and b (full) count; c is partial.
    assert report[f"{FULL}/all"].details["numerator"].value == 2
    assert "user-supplied mapping" in " ".join(report[f"{FULL}/all"].explanation.notes)


# -- aggregation: counts, never averages of rates ------------------------------------------------


procedure_sets = st.lists(
    st.tuples(
        st.sampled_from(["Hải Dương", "Quảng Nam", "Hà Nội"]),
        st.sampled_from(["investment", "land", "construction"]),
        st.sampled_from(["provincial", "district", "commune"]),
        st.integers(min_value=1, max_value=4),
        st.sampled_from([True, False, None]),
    ),
    min_size=1,
    max_size=40,
)


def build(rows: list[tuple[str, str, str, int, bool | None]]) -> list[Procedure]:
    return [
        proc(
            f"p{i}",
            province=province,
            field=field,
            government_level=level,
            online_level=online,
            eligible_for_full_online=eligible,
        )
        for i, (province, field, level, online, eligible) in enumerate(rows)
    ]


@settings(max_examples=60, deadline=None)
@given(procedure_sets, st.sampled_from(["all", "eligible"]))
def test_every_rate_is_a_share(
    rows: list[tuple[str, str, str, int, bool | None]], basis: str
) -> None:
    report = procedure_rates(
        build(rows),
        as_of="2024-01-01",
        denominator=basis,
        by=["province", "field"],
        max_unknown_share=1.0,
    )
    for finding in report:
        if finding.actual is not None:
            assert 0.0 <= finding.actual.value <= 1.0
            assert finding.details["numerator"].value <= finding.details["denominator"].value


@settings(max_examples=60, deadline=None)
@given(procedure_sets)
def test_province_rate_is_the_sum_of_its_procedures_counts(
    rows: list[tuple[str, str, str, int, bool | None]],
) -> None:
    procs = build(rows)
    kwargs = {"as_of": "2024-01-01", "denominator": "all"}
    by_province = procedure_rates(procs, by="province", **kwargs)
    by_procedure = procedure_rates(procs, by="procedure", **kwargs)
    overall = procedure_rates(procs, **kwargs)
    for check in (FULL, ONLINE):
        for finding in by_province.filter(check_id=check):
            mine = [p.id for p in procs if p.province == finding.subject_id]
            parts = [by_procedure[f"{check}/{pid}"] for pid in mine]
            assert finding.details["numerator"].value == sum(
                p.details["numerator"].value for p in parts
            )
            assert finding.details["denominator"].value == len(mine)
        total_num = sum(f.details["numerator"].value for f in by_province.filter(check_id=check))
        assert overall[f"{check}/all"].details["numerator"].value == total_num
        assert overall[f"{check}/all"].actual.value == pytest.approx(total_num / len(procs))


def test_an_average_of_rates_is_not_used() -> None:
    # Field "land": 1 of 1 at level 4 (100%); field "investment": 1 of 9 (11.1%).
    procs = [proc("l0", field="land", online_level=4)]
    procs += [proc(f"i{i}", field="investment", online_level=4 if i == 0 else 2) for i in range(9)]
    by_field = procedure_rates(procs, as_of="2024-01-01", denominator="all", by="field")
    overall = procedure_rates(procs, as_of="2024-01-01", denominator="all")[f"{FULL}/all"]
    mean_of_rates = (
        by_field[f"{FULL}/land"].actual.value + by_field[f"{FULL}/investment"].actual.value
    ) / 2
    assert overall.actual.value == pytest.approx(2 / 10)
    assert overall.actual.value != pytest.approx(mean_of_rates)


def test_crossed_breakdown_labels() -> None:
    procs = [
        proc("a", province="Quảng Nam", online_level=4),
        proc("b", province="quảng nam", field="land", online_level=2),
    ]
    report = procedure_rates(procs, as_of="2024-01-01", denominator="all", by=["province", "field"])
    assert {f.subject_id for f in report.filter(check_id=FULL)} == {
        "Quảng Nam / investment",
        "Quảng Nam / land",
    }
    assert report[f"{FULL}/Quảng Nam / land"].subject_kind == "province+field"


def test_requirement_turns_a_measure_into_a_verdict() -> None:
    requirement = RateRequirement(
        rate="procedures_full_online", comparator="at_least", value="20%", citation="user's plan"
    )
    report = procedure_rates(
        hai_duong(), as_of="2021-08-23", denominator="all", requirements=[requirement]
    )
    finding = report[f"{FULL}/all"]
    assert finding.status is Status.FAIL
    assert finding.gap.value == pytest.approx(257 / 1890 - 0.2)
    assert report[f"{ONLINE}/all"].status is Status.MEASURED


def test_procedure_rates_accept_a_dataset_and_dates() -> None:
    ds = Dataset(procedures=hai_duong()[:10])
    report = procedure_rates(ds, as_of=dt.date(2021, 8, 23), denominator="all")
    assert report.as_of == dt.date(2021, 8, 23)
    with pytest.raises(InvalidValueError, match="dossier_rates"):
        procedure_rates(ds, as_of="2021-08-23", denominator="all", rates=["dossiers_online"])
