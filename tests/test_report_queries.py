"""The report as something to query: ``[]``, ``get``, ``in``, ``filter``, ``group_by``,
comparison; properties on drawn reports, examples on the bundled datasets."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import IndustrialPolicyError, InvalidValueError, UnknownRecordError
from industrial_policy.findings import FindingKind, Report, Status
from industrial_policy.testing import reports

KEYS = ("status", "kind", "check", "subject", "subject_kind")


@given(reports(), st.text(max_size=30))
def test_get_agrees_with_indexing_and_in(report: Report, other: str) -> None:
    for finding in report:
        assert report.get(finding.id) is report[finding.id] is finding
        assert finding.id in report
        assert finding in report
    if all(f.id != other for f in report):
        assert report.get(other) is None
        assert other not in report
        with pytest.raises(KeyError):
            report[other]


@given(reports(), st.sampled_from(KEYS))
def test_grouping_then_combining_gives_the_report_back(report: Report, key: str) -> None:
    groups = report.group_by(key)  # type: ignore[call-overload]
    assert all(len(part) for part in groups.values())
    merged = Report((), report.as_of, report.dataset_name).combine(*groups.values())
    assert sorted(merged.ids()) == sorted(report.ids())
    assert all(merged[i] is report[i] for i in report.ids())


@given(reports())
def test_filtering_by_each_status_then_merging_gives_the_report_back(report: Report) -> None:
    parts = [report.filter(status=status) for status in Status]
    merged = parts[0].combine(*parts[1:])
    assert Counter(merged.ids()) == Counter(report.ids())
    for status, part in zip(Status, parts, strict=True):
        assert all(f.status is status for f in part)
        # In the report's own order.
        assert list(part.ids()) == [f.id for f in report if f.status is status]


@given(reports())
def test_filter_by_several_values_is_the_union_of_filters(report: Report) -> None:
    both = report.filter(kind=["rule", FindingKind.TARGET])
    assert set(both.ids()) == set(report.filter(kind="rule").ids()) | set(
        report.filter(kind="target").ids()
    )


@given(reports())
def test_filter_by_province_keeps_the_subjects_in_it(report: Report) -> None:
    for province in set(report.provinces.values()):
        kept = report.filter(province=province)
        assert set(kept.ids()) == {
            f.id for f in report if report.province_of(f.subject_id) == province
        }
        assert set(kept.ids()) == set(report.group_by("province").get(province, kept).ids())


def test_a_missing_finding_is_a_key_error_of_the_library_that_suggests_the_id() -> None:
    report = ip.evaluate(ip.examples.load("hai-duong-2021"), "2025-12-31")
    with pytest.raises(KeyError) as caught:
        report["vn-land.hi-tech-reserv/hd-kcn-a"]
    assert isinstance(caught.value, IndustrialPolicyError)
    assert isinstance(caught.value, UnknownRecordError)
    message = str(caught.value)
    assert message.startswith("no finding 'vn-land.hi-tech-reserv/hd-kcn-a' in the report")
    assert "did you mean 'vn-land.hi-tech-reserve/hd-kcn-a'" in message


def test_filter_by_status_kind_subject_and_province_on_an_example() -> None:
    report = ip.evaluate(ip.examples.load("hai-duong-2021"), "2025-12-31")
    failing = report.filter(status="fail", kind="rule", province="Hải Dương")
    assert len(failing) > 0
    assert all(f.status is Status.FAIL and f.kind == "rule" for f in failing)
    zone = report.filter(subject="hd-kcn-a")
    assert {f.subject_id for f in zone} == {"hd-kcn-a"}
    # Districts are subjects too, named with their province.
    assert all(
        report.province_of(f.subject_id) == "Hải Dương" for f in report.filter(province="Hải Dương")
    )


def test_a_wrong_filter_value_lists_the_choices() -> None:
    report = ip.evaluate(ip.examples.load("hai-duong-2021"), "2025-12-31")
    with pytest.raises(InvalidValueError, match="did you mean 'fail'"):
        report.filter(status="fial")
    with pytest.raises(InvalidValueError, match="did you mean 'Hải Dương'"):
        report.filter(province="Hai Duong")
    with pytest.raises(InvalidValueError, match="did you mean 'status'"):
        report.group_by("statuses")  # type: ignore[call-overload]


def test_filter_by_province_needs_a_report_that_knows_the_provinces() -> None:
    report = ip.evaluate(ip.examples.load("hai-duong-2021"), "2025-12-31")
    bare = Report(report.findings, report.as_of)
    with pytest.raises(InvalidValueError, match=r"ip\.evaluate"):
        bare.filter(province="Hải Dương")


def test_finding_kind_is_a_str_enum_that_compares_with_the_old_strings() -> None:
    report = ip.evaluate(ip.examples.load("hai-duong-2021"), "2025-12-31")
    kinds = {f.kind for f in report}
    assert kinds == {FindingKind.RULE, FindingKind.TARGET, FindingKind.RECONCILIATION}
    assert all(isinstance(k, str) for k in kinds)
    assert {"rule", "target", "reconciliation"} == {k.value for k in kinds}
    assert report.to_dict()["findings"][0]["kind"] in ("rule", "target", "reconciliation")


def test_the_comparison_of_two_reports_is_a_table() -> None:
    pytest.importorskip("pandas")
    ds = ip.examples.load("hai-duong-2021")
    base = ip.evaluate(ds, "2025-12-31")
    what_if = ip.evaluate(ds, "2025-12-31", overrides={"vn-land.hi-tech-reserve.min-share": "15%"})
    frame = base.compare(what_if).to_frame()
    changed = frame[frame["status_changed"]]
    row = changed.set_index("id").loc["vn-land.hi-tech-reserve/hd-kcn-a"]
    assert (row["before"], row["after"]) == ("fail", "pass")
    assert len(frame) == len({*base.ids(), *what_if.ids()})
