"""Dossiers, the columnar table, and the dossier rates per period and group."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.dataset import Dataset
from industrial_policy.errors import DatasetIntegrityError, InvalidValueError
from industrial_policy.findings import Status
from industrial_policy.periods import Period
from industrial_policy.services import (
    Dossier,
    DossierCount,
    DossierTable,
    Procedure,
    dossier_rates,
    procedure_rates,
)

ONLINE, PAYMENT = "services.dossiers_online", "services.payments_online"
DIGITISED, ON_TIME = "services.results_digitised", "services.completed_on_time"


def proc(pid: str, **fields: object) -> Procedure:
    fields.setdefault("government_level", "provincial")
    fields.setdefault("field", "investment")
    return Procedure(id=pid, name=pid, **fields)  # type: ignore[arg-type]


def percent(value: float, places: int) -> Decimal:
    return (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


# -- value types ------------------------------------------------------------------------------


def test_dossier_checks_its_dates() -> None:
    with pytest.raises(InvalidValueError, match=r"Dossier 'd1'\.completed"):
        Dossier(
            id="d1",
            procedure_id="p",
            received="2024-03-04",
            channel="online",
            completed="2024-03-01",
        )
    with pytest.raises(InvalidValueError, match=r"Dossier 'd1'\.channel"):
        Dossier(id="d1", procedure_id="p", received="2024-03-04", channel="fax")
    late = Dossier(
        id="d2",
        procedure_id="p",
        received="2024-03-04",
        channel="postal",
        due="2024-03-10",
        completed="2024-03-11",
    )
    assert late.on_time is False


def test_count_parts_cannot_exceed_their_whole() -> None:
    with pytest.raises(InvalidValueError, match=r"DossierCount 'c'\.paid_online"):
        DossierCount(id="c", procedure_id="p", period="2024", fee_due=10, paid_online=11)
    with pytest.raises(InvalidValueError, match="quarter 5"):
        DossierCount(id="c", procedure_id="p", period="Q5 2024")


def test_table_from_arrays_checks_in_bulk() -> None:
    days = np.array(["2024-01-01", "2024-01-02", "2024-01-03"], dtype="datetime64[D]")
    with pytest.raises(InvalidValueError, match=r"DossierTable 'b'\.channel: must be one of"):
        DossierTable.from_arrays(
            procedure=np.array(["p", "p", "p"]),
            received=days,
            channel=np.array(["online", "fax", "fax"]),
            ids=["a", "b", "c"],
        )
    with pytest.raises(InvalidValueError, match=r"\(2 rows in all\)"):
        DossierTable.from_arrays(
            procedure=np.array(["p", "p", "p"]),
            received=days,
            channel=np.array([0, 1, 2]),
            completed=np.array(["2023-12-31", "2024-01-01", "NaT"], dtype="datetime64[D]")
            - np.array([0, 2, 0]),
        )
    with pytest.raises(InvalidValueError, match=r"received.*recorded for every dossier"):
        DossierTable.from_arrays(
            procedure=np.array(["p", "p", "p"]),
            received=np.array(["2024-01-01", "NaT", "NaT"], dtype="datetime64[D]"),
            channel=np.array([0, 0, 0]),
        )
    with pytest.raises(InvalidValueError, match="procedure_ids"):
        DossierTable.from_arrays(procedure=np.array([0, 1, 0]), received=days, channel=[0, 0, 0])
    with pytest.raises(InvalidValueError, match="code out of range"):
        DossierTable.from_arrays(
            procedure=np.array([0, 3, 0]),
            procedure_ids=["a", "b"],
            received=days,
            channel=[0, 0, 0],
        )
    table = DossierTable.from_arrays(
        procedure=np.array([1, 0, 1]),
        procedure_ids=["a", "b"],
        received=days,
        channel=np.array(["online", "in_person", "postal"]),
        payment=np.array(["online", None, "no_fee"], dtype=object),
        result_digitised=np.array([True, None, False], dtype=object),
    )
    assert table.payment.tolist() == [0, -1, 2]
    assert table.digitised.tolist() == [1, -1, 0]


def test_unknown_procedures_are_named() -> None:
    table = DossierTable.from_arrays(
        procedure=np.array(["a", "zz"]),
        received=np.array(["2024-01-01"] * 2, dtype="datetime64[D]"),
        channel=[0, 0],
    )
    with pytest.raises(InvalidValueError, match="'zz'"):
        dossier_rates(table, procedures=[proc("a")], periods="2024")


# -- Quảng Nam, 2024: what each published rate is a share of --------------------------------------


def quang_nam_counts() -> list[DossierCount]:
    """Illustrative counts that reproduce the published rates (the article gives no counts).

    * online payment, 33.2%: dossiers paid online of the dossiers with a fee due;
    * digitised results, 91.86%: results digitised of the dossiers completed.
    """
    paid = {"p1": (3_000, 9_800), "p2": (2_600, 8_200), "p3": (2_700, 7_000)}  # 8,300 / 25,000
    digitised = {"p1": (20_000, 21_500), "p2": (18_264, 19_950), "p3": (18_000, 19_800)}

    def share(total: int, quarter: int) -> int:
        # Spread each procedure's year over its quarters, remainders in Q4.
        return total // 4 + (total % 4 if quarter == 4 else 0)

    counts = []
    for pid in paid:
        for quarter in (1, 2, 3, 4):
            counts.append(
                DossierCount(
                    id=f"qn-{pid}-q{quarter}",
                    procedure_id=pid,
                    period=f"Q{quarter} 2024",
                    fee_due=share(paid[pid][1], quarter),
                    paid_online=share(paid[pid][0], quarter),
                    completed=share(digitised[pid][1], quarter),
                    results_digitised=share(digitised[pid][0], quarter),
                    province="Quảng Nam",
                    illustrative=True,
                    source="baoquangnam.vn, 2024 (seeds/003): rates only; counts illustrative",
                )
            )
    return counts


def test_quang_nam_dossier_rates() -> None:
    procs = [proc(p, province="Quảng Nam") for p in ("p1", "p2", "p3")]
    report = dossier_rates(
        Dataset(procedures=procs, dossier_counts=quang_nam_counts()), periods="2024", by="province"
    )
    payment = report[f"{PAYMENT}/Quảng Nam@2024"]
    digitised = report[f"{DIGITISED}/Quảng Nam@2024"]
    assert percent(payment.actual.value, 1) == Decimal("33.2")
    assert (payment.details["numerator"].value, payment.details["denominator"].value) == (
        8_300,
        25_000,
    )
    assert percent(digitised.actual.value, 2) == Decimal("91.86")
    assert digitised.explanation.formula == "results digitised ÷ dossiers completed"
    assert "fee or charge due" in payment.explanation.formula
    # The counts publish no receipts: the online-submission rate is unknown, not 0%.
    online = report[f"{ONLINE}/Quảng Nam@2024"]
    assert online.status is Status.INSUFFICIENT_DATA
    assert "does not give received" in online.explanation.notes[0]


def test_quang_nam_full_process_share_is_a_share_of_procedures() -> None:
    # 90.81%: procedures offered full-process online of the eligible ones (illustrative counts).
    procs = [
        proc(
            f"qn-{i}",
            province="Quảng Nam",
            eligible_for_full_online=True,
            online_service="full_process" if i < 1067 else "partial",
        )
        for i in range(1175)
    ]
    report = procedure_rates(procs, as_of="2023-12-31", denominator="eligible", by="province")
    finding = report["services.procedures_full_online/Quảng Nam"]
    assert percent(finding.actual.value, 2) == Decimal("90.81")
    assert "full-process online" in finding.title


# -- the oracle: rates counted dossier by dossier in Python ----------------------------------------

CHANNELS = ["online", "in_person", "postal"]
PAYMENTS = [None, "online", "other", "no_fee"]

rows_strategy = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # procedure
        st.integers(min_value=0, max_value=500),  # received, days from 2023-06-01
        st.sampled_from(CHANNELS),
        st.sampled_from(PAYMENTS),
        st.sampled_from([None, True, False]),
        st.one_of(st.none(), st.integers(min_value=0, max_value=40)),  # due after receipt
        st.one_of(st.none(), st.integers(min_value=0, max_value=60)),  # completed after receipt
    ),
    max_size=60,
)
PROCS = [
    proc("a", province="A", field="x"),
    proc("b", province="A", field="y"),
    proc("c", province="B", field="x"),
    proc("d", field="y"),
]
START = dt.date(2023, 6, 1)


def dossiers_of(rows: list[tuple]) -> list[Dossier]:  # type: ignore[type-arg]
    result = []
    for i, (p, received, channel, payment, digitised, due, completed) in enumerate(rows):
        day = START + dt.timedelta(days=received)
        result.append(
            Dossier(
                id=f"d{i}",
                procedure_id=PROCS[p].id,
                received=day,
                channel=channel,
                payment=payment,
                result_digitised=digitised,
                due=day + dt.timedelta(days=due) if due is not None else None,
                completed=day + dt.timedelta(days=completed) if completed is not None else None,
            )
        )
    return result


def oracle(dossiers: list[Dossier], period: Period, key: str) -> dict[str, tuple[int, int, int]]:
    """(yes, known, unknown) per rate for one group, one dossier at a time."""
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for d in dossiers:
        if d.received in period:
            tallies[ONLINE][0] += d.channel == "online"
            tallies[ONLINE][1] += 1
            if d.payment is None:
                tallies[PAYMENT][2] += 1
            elif d.payment != "no_fee":
                tallies[PAYMENT][0] += d.payment == "online"
                tallies[PAYMENT][1] += 1
        if d.completed is not None and d.completed in period:
            if d.result_digitised is None:
                tallies[DIGITISED][2] += 1
            else:
                tallies[DIGITISED][0] += d.result_digitised
                tallies[DIGITISED][1] += 1
            if d.due is None:
                tallies[ON_TIME][2] += 1
            else:
                tallies[ON_TIME][0] += d.completed <= d.due
                tallies[ON_TIME][1] += 1
    return {k: tuple(v) for k, v in tallies.items()}  # type: ignore[misc]


PERIODS = [Period.year(2023), Period.year(2024), *(Period.quarter(2024, q) for q in (1, 2, 3, 4))]


@settings(max_examples=80, deadline=None)
@given(rows_strategy)
def test_rates_match_a_dossier_by_dossier_count(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    dossiers = dossiers_of(rows)
    report = dossier_rates(
        Dataset(procedures=PROCS, dossiers=dossiers),
        periods=PERIODS,
        by="province",
        max_unknown_share=1.0,
    )
    province_of = {"a": "A", "b": "A", "c": "B", "d": "(province not recorded)"}
    for finding in report:
        label, period_label = finding.subject_id.split("@")
        period = next(p for p in PERIODS if p.canonical_label == period_label)
        mine = [d for d in dossiers if province_of[d.procedure_id] == label]
        yes, known, unknown = oracle(mine, period, label).get(finding.check_id, (0, 0, 0))
        assert finding.details["numerator"].value == yes
        assert finding.details["denominator"].value == known
        assert (finding.details.get("not_recorded") or type("z", (), {"value": 0})).value == unknown
        if known == 0:
            assert finding.status is Status.INSUFFICIENT_DATA
            assert finding.actual is None
        else:
            assert finding.actual.value == pytest.approx(yes / known)
            assert 0.0 <= finding.actual.value <= 1.0


@settings(max_examples=40, deadline=None)
@given(rows_strategy)
def test_rows_and_their_published_counts_give_the_same_rates(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    dossiers = dossiers_of(rows)
    # Only fully recorded dossiers, so that each count is complete.
    dossiers = [d for d in dossiers if d.payment and d.result_digitised is not None and d.due]
    quarters = [Period.quarter(y, q) for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
    counts = []
    for p in PROCS:
        for quarter in quarters:
            mine = [d for d in dossiers if d.procedure_id == p.id]
            got = [d for d in mine if d.received in quarter]
            done = [d for d in mine if d.completed is not None and d.completed in quarter]
            if not got and not done:
                continue
            fee = [d for d in got if d.payment != "no_fee"]
            counts.append(
                DossierCount(
                    id=f"{p.id}-{quarter.canonical_label}",
                    procedure_id=p.id,
                    period=quarter,
                    received=len(got),
                    received_online=sum(d.channel == "online" for d in got),
                    fee_due=len(fee),
                    paid_online=sum(d.payment == "online" for d in fee),
                    completed=len(done),
                    completed_on_time=sum(d.completed <= d.due for d in done),
                    results_digitised=sum(bool(d.result_digitised) for d in done),
                )
            )
    years = [Period.year(2023), Period.year(2024)]
    from_rows = dossier_rates(
        Dataset(procedures=PROCS, dossiers=dossiers), periods=years, by="field"
    )
    from_counts = dossier_rates(
        Dataset(procedures=PROCS, dossier_counts=counts), periods=years, by="field"
    )
    assert {f.id for f in from_rows} == {f.id for f in from_counts}
    for finding in from_rows:
        other = from_counts[finding.id]
        assert other.details["numerator"] == finding.details["numerator"]
        assert other.details["denominator"] == finding.details["denominator"]
        assert other.status is finding.status


@settings(max_examples=50, deadline=None)
@given(rows_strategy)
def test_procedures_add_up_to_their_province(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    ds = Dataset(procedures=PROCS, dossiers=dossiers_of(rows))
    kwargs = {"periods": ["2023", "2024"], "max_unknown_share": 1.0}
    by_procedure = dossier_rates(ds, by="procedure", **kwargs)
    by_province = dossier_rates(ds, by="province", **kwargs)
    overall = dossier_rates(ds, **kwargs)
    province_of = {"a": "A", "b": "A", "c": "B", "d": "(province not recorded)"}
    for finding in by_province:
        label, period = finding.subject_id.split("@")
        parts = [
            f
            for f in by_procedure.filter(check_id=finding.check_id)
            if f.subject_id.endswith(f"@{period}")
            and province_of[f.subject_id.split("@")[0]] == label
        ]
        for name in ("numerator", "denominator"):
            assert finding.details[name].value == sum(p.details[name].value for p in parts)
    for finding in overall:
        period = finding.subject_id.split("@")[1]
        parts = [
            f
            for f in by_province.filter(check_id=finding.check_id)
            if f.subject_id.endswith(f"@{period}")
        ]
        for name in ("numerator", "denominator"):
            assert finding.details[name].value == sum(p.details[name].value for p in parts)


def test_province_rate_pools_counts_rather_than_averaging_rates() -> None:
    # Procedure a: 1 of 1 online (100%); procedure b: 1 of 9 (11%). Province A: 2 of 10.
    dossiers = [Dossier(id="a0", procedure_id="a", received="2024-02-01", channel="online")]
    dossiers += [
        Dossier(
            id=f"b{i}",
            procedure_id="b",
            received="2024-02-01",
            channel="online" if i == 0 else "in_person",
        )
        for i in range(9)
    ]
    ds = Dataset(procedures=PROCS, dossiers=dossiers)
    by_procedure = dossier_rates(ds, periods="2024", by="procedure", rates=["dossiers_online"])
    by_province = dossier_rates(ds, periods="2024", by="province", rates=["dossiers_online"])
    province = by_province[f"{ONLINE}/A@2024"].actual.value
    mean = (
        by_procedure[f"{ONLINE}/a@2024"].actual.value
        + by_procedure[f"{ONLINE}/b@2024"].actual.value
    ) / 2
    assert province == pytest.approx(0.2)
    assert province != pytest.approx(mean)


# -- what cannot be computed ---------------------------------------------------------------------


def test_a_count_straddling_the_period_cannot_be_split() -> None:
    count = DossierCount(
        id="c", procedure_id="a", period="2023-10-01/2024-03-31", received=10, received_online=5
    )
    report = dossier_rates(
        Dataset(procedures=PROCS, dossier_counts=[count]), periods="2024", rates=["dossiers_online"]
    )
    finding = report[f"{ONLINE}/all@2024"]
    assert finding.status is Status.INSUFFICIENT_DATA
    assert "straddles" in finding.explanation.notes[0]


def test_a_period_with_nothing_received_is_insufficient_not_zero() -> None:
    dossiers = [Dossier(id="x", procedure_id="a", received="2024-01-05", channel="online")]
    report = dossier_rates(
        Dataset(procedures=PROCS, dossiers=dossiers),
        periods=["Q1 2024", "Q2 2024"],
        rates=["dossiers_online"],
    )
    assert report[f"{ONLINE}/all@Q1 2024"].actual.value == 1.0
    empty = report[f"{ONLINE}/all@Q2 2024"]
    assert empty.status is Status.INSUFFICIENT_DATA
    assert empty.actual is None
    assert empty.row()["missing"] == "dossiers received"


def test_unknown_payments_within_the_tolerance() -> None:
    dossiers = [
        Dossier(
            id=f"d{i}",
            procedure_id="a",
            received="2024-01-05",
            channel="online",
            payment=("online" if i < 6 else "other") if i < 9 else None,
        )
        for i in range(10)
    ]
    ds = Dataset(procedures=PROCS, dossiers=dossiers)
    strict = dossier_rates(ds, periods="2024", rates=["payments_online"])[f"{PAYMENT}/all@2024"]
    assert strict.status is Status.INSUFFICIENT_DATA
    assert "between 60.00% and 70.00%" in strict.explanation.notes[0]
    assert strict.row()["missing"] == "payment (Dossier.payment)"  # what to add
    loose = dossier_rates(ds, periods="2024", rates=["payments_online"], max_unknown_share=0.1)
    finding = loose[f"{PAYMENT}/all@2024"]
    assert finding.actual.value == pytest.approx(6 / 9)
    assert finding.details["lowest_possible"].value == pytest.approx(0.6)
    assert finding.explanation.parameters[0].id == "services.max_unknown_share"


def test_counts_that_overlap_are_rejected() -> None:
    counts = [
        DossierCount(id="y", procedure_id="a", period="2024", received=10),
        DossierCount(id="q", procedure_id="a", period="Q1 2024", received=3),
    ]
    with pytest.raises(DatasetIntegrityError, match="counted twice"):
        Dataset(procedures=PROCS, dossier_counts=counts)
    with pytest.raises(DatasetIntegrityError, match="counted twice"):
        Dataset(
            procedures=PROCS,
            dossier_counts=counts[:1],
            dossiers=[Dossier(id="d", procedure_id="a", received="2024-05-01", channel="online")],
        )
    with pytest.raises(DatasetIntegrityError, match="counted twice"):
        dossier_rates(None, procedures=PROCS, counts=counts, periods="2024")
    # Sharing one day is overlapping (both ends of a period are included); following on is not.
    touching = [
        DossierCount(id="h1", procedure_id="a", period="2024-01-01/2024-03-31", received=1),
        DossierCount(id="h2", procedure_id="a", period="2024-03-31/2024-06-30", received=1),
    ]
    with pytest.raises(DatasetIntegrityError, match="'h2'"):
        Dataset(procedures=PROCS, dossier_counts=touching)
    following = [touching[0], DossierCount(id="h3", procedure_id="a", period="Q2 2024", received=1)]
    assert len(Dataset(procedures=PROCS, dossier_counts=following).dossier_counts) == 2


def test_overlapping_periods_asked_together() -> None:
    dossiers = [
        Dossier(
            id=f"d{m}",
            procedure_id="a",
            received=dt.date(2024, m, 1),
            channel="online" if m % 2 else "postal",
        )
        for m in range(1, 13)
    ]
    quarters = [f"Q{q} 2024" for q in (1, 2, 3, 4)]
    report = dossier_rates(
        Dataset(procedures=PROCS, dossiers=dossiers),
        periods=["2024", *quarters],
        rates=["dossiers_online"],
    )
    year = report[f"{ONLINE}/all@2024"]
    parts = [report[f"{ONLINE}/all@{q}"] for q in quarters]
    assert year.details["numerator"].value == sum(p.details["numerator"].value for p in parts) == 6
    assert year.details["denominator"].value == 12
    assert year.explanation.inputs[0].records[:2] == ("d1", "d3")


def test_a_million_rows_aggregate_quickly() -> None:
    n = 1_000_000
    rng = np.random.default_rng(7)
    procs = [proc(f"p{i}", province=f"prov{i % 5}", field=f"f{i % 7}") for i in range(200)]
    received = np.datetime64("2024-01-01") + rng.integers(0, 366, n).astype("timedelta64[D]")
    table = DossierTable.from_arrays(
        procedure=rng.integers(0, 200, n),
        procedure_ids=[p.id for p in procs],
        received=received,
        channel=rng.integers(0, 3, n),
        payment=rng.integers(0, 3, n),
        result_digitised=rng.integers(0, 2, n),
        due=received + np.timedelta64(10, "D"),
        completed=received + rng.integers(0, 20, n).astype("timedelta64[D]"),
    )
    started = time.perf_counter()
    report = dossier_rates(
        table, procedures=procs, periods=["Q1 2024", "Q2 2024", "2024"], by="province"
    )
    elapsed = time.perf_counter() - started
    online = report[f"{ONLINE}/prov0@2024"]
    rows = table.procedure % 5 == 0
    assert online.details["denominator"].value == int(rows.sum())
    assert online.details["numerator"].value == int((rows & (table.channel == 0)).sum())
    assert elapsed < 5.0  # about 0.1 s on one core; generous for loaded machines


def test_a_dossiers_own_province_overrides_its_procedures() -> None:
    dossiers = [
        Dossier(id="x", procedure_id="a", received="2024-01-05", channel="online"),
        Dossier(id="y", procedure_id="a", received="2024-01-05", channel="postal", province="B"),
        Dossier(id="z", procedure_id="d", received="2024-01-05", channel="postal"),
    ]
    report = dossier_rates(
        Dataset(procedures=PROCS, dossiers=dossiers),
        periods="2024",
        by="province",
        rates=["dossiers_online"],
    )
    assert {f.subject_id: f.details["denominator"].value for f in report} == {
        "A@2024": 1,
        "B@2024": 1,
        "(province not recorded)@2024": 1,
    }
    assert report[f"{ONLINE}/B@2024"].explanation.inputs[1].records == ("y",)


def test_a_requirement_not_yet_in_force_leaves_the_rate_measured() -> None:
    from industrial_policy.services import RateRequirement

    dossiers = [Dossier(id="x", procedure_id="a", received="2024-01-05", channel="online")]
    later = RateRequirement(
        rate="dossiers_online", comparator="at_least", value="80%", effective_from="2025-01-01"
    )
    ds = Dataset(procedures=PROCS, dossiers=dossiers)
    early = dossier_rates(ds, periods="2024", rates=["dossiers_online"], requirements=[later])
    assert early[f"{ONLINE}/all@2024"].status is Status.MEASURED
    assert "takes effect on 2025-01-01" in early[f"{ONLINE}/all@2024"].explanation.notes[-1]
    due = dossier_rates(ds, periods="2025", rates=["dossiers_online"], requirements=[later])
    assert due[f"{ONLINE}/all@2025"].status is Status.INSUFFICIENT_DATA  # nothing in 2025
