"""Fee schedules, time-boxed discounts, the fee due on a day, and the revenue forgone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.dataset import Dataset
from industrial_policy.errors import DatasetIntegrityError, InvalidValueError
from industrial_policy.findings import Status
from industrial_policy.money import Money
from industrial_policy.services import (
    Dossier,
    DossierTable,
    Fee,
    FeeBook,
    FeeDiscount,
    Procedure,
    ServiceOffering,
    fee_due,
    fees_forgone,
)

D = dt.date
VND = "VND"
HD_CITATION = "Hải Dương Provincial Party Committee Standing Board, 2021-08-23 (seeds/000)"


def proc(pid: str, **fields: object) -> Procedure:
    fields.setdefault("government_level", "provincial")
    fields.setdefault("field", "investment")
    return Procedure(id=pid, name=pid, **fields)  # type: ignore[arg-type]


def hai_duong_cut(start: str = "2021-09-01", **changes: object) -> FeeDiscount:
    """The seed's policy; the start date is the user's (the source gives none)."""
    fields: dict[str, object] = {
        "id": "hd-50",
        "rate": "50%",
        "start": start,
        "duration": relativedelta(years=2),
        "levels": [3, 4],
        "channels": ["online"],
        "fee_kinds": ["procedure", "postal"],
        "citation": HD_CITATION,
    }
    fields.update(changes)
    return FeeDiscount(**fields)  # type: ignore[arg-type]


def dataset(*discounts: FeeDiscount, **fields: object) -> Dataset:
    procs = [
        proc("l4", online_level=4, fee="50000 VND"),
        proc("l3", online_level=3, fee="36001 VND"),
        proc("l2", online_level=2, fee="20000 VND"),
        proc("unknown", fee="10000 VND"),
    ]
    fees = [
        Fee(procedure_id="l4", kind="postal", amount="30000 VND"),
        Fee(procedure_id="l3", kind="postal", amount="25000 VND", channels=["online", "postal"]),
    ]
    return Dataset(procedures=procs, fees=fees, fee_discounts=list(discounts), **fields)  # type: ignore[arg-type]


# -- the discount and its window ------------------------------------------------------------------


def test_discount_start_has_no_default() -> None:
    with pytest.raises(TypeError):
        FeeDiscount(id="x", rate="50%", duration="2 years")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "duration", ["2 years", "24 months", "P2Y", {"years": 2}, relativedelta(years=2), "2 năm"]
)
def test_durations(duration: object) -> None:
    assert hai_duong_cut(duration=duration).window.end == D(2023, 8, 31)


@pytest.mark.parametrize(
    "duration", ["two years", "0 years", {"weeks": 2}, relativedelta(day=31), 2]
)
def test_bad_durations_name_the_field(duration: object) -> None:
    with pytest.raises(InvalidValueError, match=r"FeeDiscount 'hd-50'\.duration"):
        hai_duong_cut(duration=duration)


@pytest.mark.parametrize("rate", ["0%", "150%", -0.5, "half"])
def test_bad_rates(rate: object) -> None:
    with pytest.raises(InvalidValueError, match=r"FeeDiscount 'hd-50'\.rate"):
        hai_duong_cut(rate=rate)


@pytest.mark.parametrize(
    ("day", "procedure_fee", "postal_fee"),
    [
        (D(2021, 8, 31), "50,000 VND", "30,000 VND"),  # the day before the start
        (D(2021, 9, 1), "25,000 VND", "15,000 VND"),  # the start
        (D(2023, 8, 31), "25,000 VND", "15,000 VND"),  # the last day: the end is included
        (D(2023, 9, 1), "50,000 VND", "30,000 VND"),  # two years on: the schedule's fee again
    ],
)
def test_fifty_percent_for_two_years_boundaries(
    day: dt.date, procedure_fee: str, postal_fee: str
) -> None:
    due = fee_due(dataset(hai_duong_cut()), "l4", "online", day)
    lines = {line.kind.value: str(line.due) for line in due.lines}
    assert lines == {"procedure": procedure_fee, "postal": postal_fee}


def test_the_explanation_says_what_applied_and_why_not() -> None:
    ds = dataset(hai_duong_cut())
    applied = fee_due(ds, "l3", "online", "2022-03-01")
    assert applied.total == Money(Decimal("30500.5"), VND)  # 36,001 / 2 + 25,000 / 2, not rounded
    assert applied.lines[0].applied[0].citation == HD_CITATION
    assert "end included" in applied.explanation.steps[0]
    level_2 = fee_due(ds, "l2", "online", "2022-03-01")
    assert level_2.total == level_2.scheduled == Money(20_000, VND)
    assert "level 2" in level_2.explanation.notes[1]
    in_person = fee_due(ds, "l4", "in_person", "2022-03-01")
    assert in_person.total == in_person.scheduled == Money(80_000, VND)  # no cut in person
    assert "online submissions" in " ".join(in_person.explanation.notes)
    unknown = fee_due(ds, "unknown", "online", "2022-03-01")
    assert unknown.total == Money(10_000, VND)
    assert "not known" in " ".join(unknown.explanation.notes)
    after = fee_due(ds, "l4", "online", "2023-09-01")
    assert "ended on 2023-08-31 (end included)" in " ".join(after.explanation.notes)


def test_a_dossier_brings_its_channel_and_day() -> None:
    dossier = Dossier(id="d", procedure_id="l4", received="2022-01-10", channel="online")
    due = fee_due(dataset(hai_duong_cut()), dossier)
    assert due.total == Money(40_000, VND)
    assert due.dossier_id == "d"
    assert "dossier d" in due.explain()


def test_decree_42_records_are_converted_for_the_scope() -> None:
    ds = dataset(
        hai_duong_cut(),
        service_offerings=[
            ServiceOffering(procedure_id="l2", on="2022-09-01", online_service="partial"),
        ],
    )
    assert fee_due(ds, "l2", "online", "2022-08-31").total == Money(20_000, VND)
    # Partial online ≈ level 3 under the default mapping: in scope.
    assert fee_due(ds, "l2", "online", "2022-09-01").total == Money(10_000, VND)


def test_a_later_schedule_line_replaces_an_earlier_one() -> None:
    ds = Dataset(
        procedures=[proc("p", online_level=4)],
        fees=[
            Fee(procedure_id="p", kind="procedure", amount="10000 VND"),
            Fee(
                procedure_id="p", kind="procedure", amount="12000 VND", effective_from="2024-01-01"
            ),
        ],
    )
    assert fee_due(ds, "p", "online", "2023-12-31").total == Money(10_000, VND)
    assert fee_due(ds, "p", "online", "2024-01-01").total == Money(12_000, VND)


def test_several_discounts_need_a_stacking_rule() -> None:
    extra = FeeDiscount(id="extra-20", rate="20%", start="2022-01-01", duration="1 year")
    ds = dataset(hai_duong_cut(), extra)
    with pytest.raises(InvalidValueError, match="stacking"):
        fee_due(ds, "l4", "online", "2022-06-01")
    largest = fee_due(ds, "l4", "online", "2022-06-01", stacking="largest")
    compound = fee_due(ds, "l4", "online", "2022-06-01", stacking="compound")
    assert largest.total == Money(40_000, VND)  # 50% of 80,000
    assert compound.total == Money(32_000, VND)  # 80,000 × 0.5 × 0.8


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=Decimal("0.01"), max_value=1, places=2)
days = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 12, 31))


@settings(max_examples=150, deadline=None)
@given(
    amount=amounts,
    rate=rates,
    day=days,
    start=days,
    months=st.integers(1, 60),
    channel=st.sampled_from(["online", "in_person", "postal"]),
    level=st.integers(1, 4),
    stacking=st.sampled_from(["largest", "compound"]),
    second=rates,
)
def test_a_discount_never_makes_a_fee_negative_or_larger(
    amount: Decimal,
    rate: Decimal,
    day: dt.date,
    start: dt.date,
    months: int,
    channel: str,
    level: int,
    stacking: str,
    second: Decimal,
) -> None:
    cut = FeeDiscount(
        id="a", rate=rate, start=start, duration=relativedelta(months=months), levels=[3, 4]
    )
    other = FeeDiscount(id="b", rate=second, start=start, duration=relativedelta(months=months))
    book = FeeBook(
        procedures=[proc("p", online_level=level, fee=Money(amount, VND))],
        discounts=[cut, other],
        stacking=stacking,
    )
    due = book.fee_due("p", channel, day)
    assert due.total is not None
    assert due.scheduled == Money(amount, VND)
    assert Money.zero(VND) <= due.total <= due.scheduled
    window = cut.window
    if not window.start <= day <= window.end:
        # Outside the window the fee is the schedule's.
        assert due.total == due.scheduled
        assert window.end == start + relativedelta(months=months) - relativedelta(days=1)


# -- revenue forgone ---------------------------------------------------------------------------


def test_fees_forgone_by_the_hai_duong_cut() -> None:
    dossiers = [
        Dossier(id="a", procedure_id="l4", received="2021-08-31", channel="online"),  # before
        Dossier(id="b", procedure_id="l4", received="2021-09-01", channel="online"),
        Dossier(id="c", procedure_id="l3", received="2021-12-31", channel="online"),
        Dossier(
            id="d", procedure_id="l3", received="2021-12-31", channel="online", payment="no_fee"
        ),
        Dossier(id="e", procedure_id="l2", received="2021-10-01", channel="online"),  # level 2
        Dossier(id="f", procedure_id="l4", received="2021-10-01", channel="in_person"),
        Dossier(id="g", procedure_id="l4", received="2022-01-01", channel="online"),  # next year
    ]
    ds = dataset(hai_duong_cut(), dossiers=dossiers)
    finding = fees_forgone(ds, "hd-50", period="2021")
    assert finding.status is Status.MEASURED
    assert finding.kind == "impact"
    # b: (50,000 + 30,000) / 2; c: (36,001 + 25,000) / 2.
    assert finding.actual.value == Decimal("40000") + Decimal("30500.5")
    assert finding.details["dossiers_discounted"].value == 2
    assert finding.citation == HD_CITATION
    outside = fees_forgone(ds, "hd-50", period="2020")
    assert outside.status is Status.NOT_APPLICABLE


def test_fees_forgone_with_unknown_levels_gives_the_range() -> None:
    dossiers = [
        Dossier(id="a", procedure_id="l4", received="2022-02-01", channel="online"),
        Dossier(id="u", procedure_id="unknown", received="2022-02-01", channel="online"),
    ]
    ds = dataset(hai_duong_cut(), dossiers=dossiers)
    strict = fees_forgone(ds, "hd-50", period="2022")
    assert strict.status is Status.INSUFFICIENT_DATA
    assert strict.details["highest_possible"].value == Decimal("45000")
    loose = fees_forgone(ds, "hd-50", period="2022", max_unknown_share=0.5)
    assert loose.actual.value == Decimal("40000")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["l4", "l3", "l2", "unknown"]),
            st.integers(0, 1200),
            st.sampled_from(["online", "in_person", "postal"]),
            st.sampled_from([None, "online", "other", "no_fee"]),
        ),
        max_size=40,
    ),
    st.sampled_from(["2021", "2022", "2023", "2021-06-01/2022-05-31"]),
)
def test_fees_forgone_is_the_sum_of_fees_due(
    rows: list[tuple[str, int, str, str | None]], period: str
) -> None:
    dossiers = [
        Dossier(
            id=f"d{i}",
            procedure_id=p,
            received=D(2021, 6, 1) + dt.timedelta(days=k),
            channel=ch,
            payment=pay,
        )
        for i, (p, k, ch, pay) in enumerate(rows)
    ]
    ds = dataset(hai_duong_cut(), dossiers=dossiers)
    finding = fees_forgone(ds, "hd-50", period=period, max_unknown_share=1.0)
    from industrial_policy.periods import parse_period

    span = parse_period(period)
    expected = Decimal(0)
    for d in dossiers:
        if d.received in span and d.payment != "no_fee":
            due = fee_due(ds, d)
            expected += (due.scheduled or Money.zero(VND)).amount - (
                due.total or Money.zero(VND)
            ).amount
    got = finding.actual.value if finding.actual is not None else Decimal(0)
    assert got == expected


def test_fees_forgone_from_a_table() -> None:
    procs = [proc("l4", online_level=4, fee="50000 VND")]
    table = DossierTable.from_arrays(
        procedure=np.array(["l4"] * 4),
        received=np.array(
            ["2021-08-31", "2021-09-01", "2023-08-31", "2023-09-01"], dtype="datetime64[D]"
        ),
        channel=np.array(["online"] * 4),
    )
    finding = fees_forgone(
        table, hai_duong_cut(fee_kinds=["procedure"]), period="2021–2023", procedures=procs
    )
    assert finding.actual.value == Decimal(50_000)  # the two days inside the window


# -- the dataset's checks ------------------------------------------------------------------------


def test_fee_records_must_name_known_procedures_and_not_clash() -> None:
    with pytest.raises(DatasetIntegrityError, match="names procedure 'nope'"):
        Dataset(
            procedures=[proc("p")],
            fees=[Fee(procedure_id="nope", kind="procedure", amount="1 VND")],
        )
    with pytest.raises(DatasetIntegrityError, match="same channel"):
        Dataset(
            procedures=[proc("p")],
            fees=[
                Fee(procedure_id="p", kind="postal", amount="1 VND"),
                Fee(procedure_id="p", kind="postal", amount="2 VND", channels=["postal"]),
            ],
        )
    with pytest.raises(DatasetIntegrityError, match="names procedure 'ghost'"):
        Dataset(procedures=[proc("p")], fee_discounts=[hai_duong_cut(procedures=["ghost"])])
    fine = Dataset(
        procedures=[proc("p")],
        fees=[
            Fee(procedure_id="p", kind="postal", amount="1 VND", channels=["online"]),
            Fee(procedure_id="p", kind="postal", amount="2 VND", channels=["postal"]),
        ],
    )
    assert len(fine.fees) == 2


def test_a_discount_running_past_the_calendar_names_the_discount() -> None:
    with pytest.raises(InvalidValueError) as caught:
        FeeDiscount(id="hd", rate="50%", start="2199-06-01", duration="2 years")
    assert str(caught.value) == (
        "FeeDiscount 'hd'.duration: the result falls outside the years 1900 to 2200"
        " (got relativedelta(years=+2))"
    )
