"""Findings and reports: amounts as text, comparators, report operations, JSON export."""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import InvalidValueError, UnknownRecordError
from industrial_policy.findings import (
    _REPORT_WIDTHS,
    Amount,
    Comparator,
    Explanation,
    Finding,
    InputValue,
    Report,
    Status,
    _report_rows,
    amount_text,
)
from industrial_policy.testing import amounts, findings, reports

AS_OF = dt.date(2024, 12, 31)
HEAVY = settings(max_examples=max(10, settings().max_examples // 4))


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Amount(0.136, "ratio"), "13.6%"),
        (Amount(0.25, "ratio"), "25%"),
        (Amount(math.nan, "ratio"), "n/a"),
        (Amount(15.0, "hectare"), "15 ha"),
        (Amount(3_676.0, "hectare"), "3,676 ha"),
        (Amount(90.33, "hectare"), "90.33 ha"),
        (Amount(2.5, "meter ** 2"), "2.5 m²"),
        (Amount(257, "count"), "257"),
        (Amount(1_234_567, "count"), "1,234,567"),
        (Amount(Decimal("1E+3"), "count"), "1,000"),
        (Amount(Decimal(19_866) * 10**9, "VND"), "19,866 billion VND"),
        (Amount(Decimal(500) * 10**6, "USD"), "500 million USD"),
        (Amount(5.0, "percentage_points"), "5 pp"),
    ],
)
def test_amounts_read_as_a_committee_reads_them(amount: Amount, text: str) -> None:
    assert str(amount) == text


@given(st.integers(-(10**12), 10**12))
def test_counts_are_grouped_by_thousands(number: int) -> None:
    text = str(Amount.count(number))
    assert int(text.replace(",", "")) == number
    assert all(len(group) == 3 for group in text.lstrip("-").split(",")[1:])


@given(amounts())
def test_amounts_export_to_json_without_losing_money_digits(amount: Amount) -> None:
    exported = json.loads(json.dumps(amount.to_dict()))
    assert exported["unit"] == amount.unit
    if isinstance(amount.value, Decimal):
        assert Decimal(exported["value"]) == amount.value
    elif isinstance(amount.value, float) and math.isnan(amount.value):
        assert exported["value"] is None
    else:
        assert exported["value"] == amount.value


# -- comparators ---------------------------------------------------------------------

ORACLE = {
    Comparator.AT_LEAST: lambda a, t, u: a >= t,
    Comparator.MORE_THAN: lambda a, t, u: a > t,
    Comparator.AT_MOST: lambda a, t, u: a <= t,
    Comparator.LESS_THAN: lambda a, t, u: a < t,
    Comparator.BETWEEN: lambda a, t, u: t <= a <= u,
    Comparator.ABOUT: lambda a, t, u: abs(a - t) <= u,
}
numbers = st.floats(-1e6, 1e6) | st.just(math.nan) | st.sampled_from([0.0, 0.2, 500.0])


@given(
    comparator=st.sampled_from(list(Comparator)),
    actual=st.lists(numbers, max_size=20),
    threshold=st.floats(-1e6, 1e6),
    upper=st.floats(0, 1e6),
)
def test_holds_on_arrays_agrees_with_holds_on_scalars(
    comparator: Comparator, actual: list[float], threshold: float, upper: float
) -> None:
    scalars = [bool(comparator.holds(a, threshold, upper)) for a in actual]
    vector = comparator.holds(np.array(actual, dtype=float), threshold, upper)
    assert np.asarray(vector, dtype=bool).tolist() == scalars
    assert scalars == [bool(ORACLE[comparator](a, threshold, upper)) for a in actual]


def test_bounds_are_inclusive_where_the_words_say_so() -> None:
    assert Comparator.AT_LEAST.holds(0.2, 0.2)
    assert not Comparator.MORE_THAN.holds(500, 500)  # "over 500 million USD"
    assert Comparator.BETWEEN.holds(2, 2, 5)
    assert Comparator.BETWEEN.holds(5, 2, 5)
    assert Comparator.ABOUT.holds(0.625, 0.5, 0.125)
    assert Comparator.ABOUT.holds(0.375, 0.5, 0.125)
    assert not Comparator.ABOUT.holds(0.626, 0.5, 0.125)


@pytest.mark.parametrize("comparator", [Comparator.BETWEEN, Comparator.ABOUT])
def test_a_range_or_tolerance_needs_its_second_value(comparator: Comparator) -> None:
    with pytest.raises(InvalidValueError, match="second value"):
        comparator.holds(1.0, 0.0)


# -- findings ------------------------------------------------------------------------


@given(findings())
def test_explain_contains_the_numbers(finding: Finding) -> None:
    text = finding.explain()
    assert finding.id in text
    assert finding.title in text
    if finding.actual is not None:
        assert str(finding.actual) in text
    if finding.threshold is not None and finding.comparator is not None:
        assert finding.threshold_text() in text
        assert str(finding.threshold) in text
    if finding.gap is not None:
        magnitude = Amount(abs(finding.gap.value), finding.gap.unit)  # type: ignore[arg-type]
        assert str(magnitude) in text
        gap = float(finding.gap.value)
        # A failure exactly at the threshold ("over 500" with 500) has neither; nor has a check
        # "about" a value, whose gap is a signed difference either way of it.
        about = finding.comparator is Comparator.ABOUT
        undecided = about or math.isnan(gap) or (gap == 0 and finding.status.is_failure)
        assert ("shortfall:" in text) is (gap < 0 and not undecided)
        assert ("margin:" in text) is (gap >= 0 and not undecided)
        assert ("  gap:" in text) is undecided
        if about:
            assert f"gap:       {amount_text(finding.gap)}" in text
    for item in finding.explanation.inputs:
        assert str(item) in text
    for parameter in finding.explanation.parameters:
        assert str(parameter) in text
    if finding.citation:
        assert finding.citation in text


def test_explain_in_numbers() -> None:
    finding = Finding(
        check_id="hi-tech-reserve",
        kind="rule",
        title="At least 20% of the area reserved for hi-tech industries",
        subject_id="KCN Đại An",
        status=Status.FAIL,
        as_of=AS_OF,
        explanation=Explanation(
            "reserved / industrial land",
            inputs=(InputValue.from_records("reserved", Amount.hectares(30.0), ["p-1"]),),
        ),
        actual=Amount.ratio(0.15),
        threshold=Amount.ratio(0.2),
        comparator=Comparator.AT_LEAST,
        gap=Amount.hectares(-10.0),
    )
    text = finding.explain()
    for fragment in ("15%", "≥ 20%", "shortfall: 10 ha", "reserved = 30 ha", "FAIL"):
        assert fragment in text


# -- reports -------------------------------------------------------------------------


def _finding(check: str, subject: str, status: Status = Status.PASS) -> Finding:
    return Finding(check, "rule", "t", subject, status, AS_OF, Explanation("f"))


def test_duplicate_finding_ids_are_refused() -> None:
    finding = _finding("occupancy", "KCN Đại An")
    with pytest.raises(InvalidValueError, match="same id") as caught:
        Report((finding, finding), AS_OF)
    assert caught.value.value == "occupancy/KCN Đại An"
    others = (_finding("occupancy", "KCN A"), _finding("hi-tech", "KCN Đại An"))
    with pytest.raises(InvalidValueError, match="same id") as caught:
        Report((others[0], finding, others[1], finding), AS_OF)
    assert caught.value.value == "occupancy/KCN Đại An"  # the one given twice, not a neighbour
    report = Report((finding,), AS_OF)
    with pytest.raises(InvalidValueError, match="same id"):
        report.combine(report)


@HEAVY
@given(reports(), st.data())
def test_filter_keeps_exactly_the_matching_findings(report: Report, data: st.DataObject) -> None:
    ids = [f.check_id for f in report] or ["none"]
    subjects = [f.subject_id for f in report] or ["none"]
    check_id = data.draw(st.none() | st.sampled_from(ids))
    subject_id = data.draw(st.none() | st.sampled_from(subjects))
    status = data.draw(st.none() | st.sampled_from(list(Status)))
    kind = data.draw(st.none() | st.sampled_from(["rule", "target", "rate"]))
    kept = report.filter(check_id=check_id, subject_id=subject_id, status=status, kind=kind)
    assert kept.findings == tuple(
        f
        for f in report
        if check_id in (None, f.check_id)
        and subject_id in (None, f.subject_id)
        and status in (None, f.status)
        and kind in (None, f.kind)
    )
    if status is not None:
        assert report.filter(status=status.value) == report.filter(status=status)


def test_filter_by_an_unknown_status_names_the_choices() -> None:
    with pytest.raises(InvalidValueError, match="'on_track'") as caught:
        Report((), AS_OF).filter(status="passed")
    assert caught.value.field == "status"


@HEAVY
@given(reports(), reports())
def test_combine_keeps_every_finding_once_in_order(first: Report, second: Report) -> None:
    if {f.id for f in first} & {f.id for f in second}:
        with pytest.raises(InvalidValueError):
            first.combine(second)
        return
    combined = first.combine(second)
    assert combined.findings == first.findings + second.findings
    assert combined.as_of == first.as_of
    assert len(combined) == len(first) + len(second)
    for finding in combined:
        assert combined[finding.id] is finding


def test_an_unknown_finding_id_raises_unknown_record_error() -> None:
    with pytest.raises(UnknownRecordError):
        Report((), AS_OF)["occupancy/nowhere"]


@HEAVY
@given(reports(), reports())
def test_compare_pairs_findings_by_id(before: Report, after: Report) -> None:
    comparison = before.compare(after)
    old = {f.id: f for f in before}
    new = {f.id: f for f in after}
    assert [c.finding_id for c in comparison.changes] == list(old) + [
        i for i in new if i not in old
    ]
    for change in comparison.changes:
        assert change.before is old.get(change.finding_id)
        assert change.after is new.get(change.finding_id)
        statuses = (
            change.before.status if change.before else None,
            change.after.status if change.after else None,
        )
        assert change.status_changed is (statuses[0] != statuses[1])
    assert set(comparison.status_changes) == {c for c in comparison.changes if c.status_changed}


def test_compare_reports_the_change_of_the_gap() -> None:
    before = Report((_finding("occupancy", "a", Status.FAIL),), AS_OF)
    gap_before = Finding(
        "q", "rule", "t", "a", Status.FAIL, AS_OF, Explanation("f"), gap=Amount.hectares(-10.0)
    )
    gap_after = Finding(
        "q", "rule", "t", "a", Status.PASS, AS_OF, Explanation("f"), gap=Amount.hectares(2.5)
    )
    [change] = Report((gap_before,), AS_OF).compare(Report((gap_after,), AS_OF)).changes
    assert change.gap_change == pytest.approx(12.5)
    assert "fail -> pass" in str(change)
    assert before.compare(before).status_changes == ()


@HEAVY
@given(reports())
def test_json_export_round_trips_through_json_loads(report: Report) -> None:
    text = report.to_json()
    assert json.loads(text) == report.to_dict()
    assert report.to_json() == text  # the same report gives the same bytes
    document = json.loads(text)
    assert [f["id"] for f in document["findings"]] == [f.id for f in report]
    assert sum(document["counts"].values()) == len(report)
    assert "NaN" not in text  # undefined ratios become null, which every reader accepts


@HEAVY
@given(reports())
def test_dataframe_has_one_row_per_finding(report: Report) -> None:
    frame = report.to_dataframe()
    assert len(frame) == len(report)
    assert {"id", "status", "actual", "threshold", "gap", "unit"} <= set(frame.columns)
    assert list(frame["id"]) == [f.id for f in report]
    assert list(frame["status"]) == [f.status.value for f in report]


@HEAVY
@given(reports())
def test_the_text_table_cuts_no_value_and_fits_80_columns_when_its_values_do(
    report: Report,
) -> None:
    text = str(report)
    for finding in report:
        assert finding.id in text
    cells = [row[1:] for row in _report_rows(report)]
    for row in cells:  # status, actual, required, gap: each whole
        for cell in row:
            assert cell in text, (cell, text)
    if all(len(c) <= w for row in cells for c, w in zip(row, _REPORT_WIDTHS[1:], strict=True)):
        assert all(len(line) <= 80 for line in text.splitlines()), text


def test_a_long_value_widens_its_column_instead_of_being_cut() -> None:
    # Cut at 16 characters, "between 15% and 20%" lost its top and "≥ 1.2 billion USD"
    # its currency.
    def finding(check: str, status: Status, actual: Amount, **fields: Any) -> Finding:
        what = (check, "target", check, "Hải Dương", status, dt.date(2024, 12, 31))
        return Finding(*what, Explanation(check), actual=actual, **fields)

    share = finding(
        "t.range",
        Status.PASS,
        Amount(0.17, "ratio"),
        threshold=Amount(0.15, "ratio"),
        threshold_upper=Amount(0.2, "ratio"),
        comparator=Comparator.BETWEEN,
    )
    money = finding(
        "t.fdi",
        Status.FAIL,
        Amount(1_000_000_000, "USD"),
        threshold=Amount(1_200_000_000, "USD"),
        comparator=Comparator.AT_LEAST,
        gap=Amount(-200_000_000, "USD"),
    )
    text = str(Report([share, money], dt.date(2024, 12, 31)))
    assert "between 15% and 20%" in text
    assert "≥ 1.2 billion USD" in text
    assert "-200 million USD" in text
    assert "…" not in text
    header = text.splitlines()[1]
    row = next(line for line in text.splitlines() if "-200 million USD" in line)
    # The columns stay aligned: a value starts where its header does.
    assert row.index("-200 million USD") == header.index("gap")
    assert row.index("≥ 1.2 billion USD") == header.index("required")


def test_to_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(ip.MissingDependencyError, match=r"industrial-policy\[pandas\]") as caught:
        ip.Report((), dt.date(2024, 1, 1)).to_dataframe()
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, ip.IndustrialPolicyError)
