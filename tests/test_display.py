"""How results read in a plain REPL (``repr``) and in a notebook (``_repr_html_``)."""

from __future__ import annotations

import datetime as dt
import html.parser

import pytest

import industrial_policy as ip
from industrial_policy.evaluate import evaluate_all
from industrial_policy.findings import HTML_ROWS, REPR_ROWS, Amount, Explanation, Finding, Report
from industrial_policy.records import Target
from industrial_policy.rules import evaluate
from industrial_policy.tracking import track


class _Cells(html.parser.HTMLParser):
    """Collects the text of every cell and checks that each tag is closed in order."""

    VOID = frozenset({"br", "meta", "img"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.cells: list[str] = []
        self.rows = 0
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.VOID:
            return
        self.open.append(tag)
        if tag == "tr":
            self.rows += 1
        if tag in ("td", "th"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        assert self.open, f"</{tag}> closes nothing"
        assert self.open[-1] == tag, f"</{tag}> closes {self.open}"
        self.open.pop()
        if tag in ("td", "th") and self._text is not None:
            self.cells.append("".join(self._text).strip())
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def parse(markup: str) -> _Cells:
    parser = _Cells()
    parser.feed(markup)
    parser.close()
    assert parser.open == [], f"unclosed tags: {parser.open}"
    return parser


@pytest.fixture(scope="module")
def hai_duong() -> ip.Dataset:
    return ip.Dataset(
        zones=[
            ip.Zone(
                id="kcn-a",
                name="KCN A <&>",
                kind="industrial_park",
                province="Hải Dương",
                total_area="300 ha",
            )
        ],
        parcels=[
            ip.Parcel(
                id="a-1", zone_id="kcn-a", area="45 ha", status="reserved", category="hi_tech"
            )
        ],
    )


@pytest.fixture(scope="module")
def quota(hai_duong: ip.Dataset) -> Finding:
    return evaluate(hai_duong, ["vn-land"], "2024-12-31")["vn-land.hi-tech-reserve/kcn-a"]


def _finding(number: int) -> Finding:
    return Finding(
        check_id="c",
        kind="rule",
        title="A check",
        subject_id=f"z-{number:05d}",
        status=ip.Status.PASS,
        as_of=dt.date(2025, 1, 1),
        explanation=Explanation(formula="x ≥ 1"),
        actual=Amount.count(number),
    )


def _report(size: int) -> Report:
    return Report(tuple(_finding(i) for i in range(size)), dt.date(2025, 1, 1), "Test")


def test_a_finding_reads_on_one_line_in_a_repl(quota: Finding) -> None:
    assert repr(quota) == (
        "<Finding vn-land.hi-tech-reserve/kcn-a: fail (actual 15%, required ≥ 20%, gap -15 ha)>"
    )


def test_a_finding_in_a_notebook_is_a_table_of_its_facts(quota: Finding) -> None:
    cells = parse(quota._repr_html_()).cells
    table = dict(zip(cells[::2], cells[1::2], strict=True))
    assert table["status"] == "FAIL"
    assert table["actual"] == "15%"
    assert table["required"] == "≥ 20%"
    assert table["shortfall"] == "15 ha"
    assert "Hải Dương" in table["citation"]
    # Lists (inputs, parameters, computation, notes) are lists in their cell.
    assert "a-1" in table["inputs"]
    assert "20%" in table["parameters"]


def test_the_notebook_table_and_the_explanation_hold_the_same_facts(quota: Finding) -> None:
    text = quota.explain()
    for label, value in quota.facts():
        values = [value] if isinstance(value, str) else list(value)
        assert f"{label}:" in text
        for item in values:
            assert item in text


def test_text_in_a_finding_is_escaped_in_html(hai_duong: ip.Dataset) -> None:
    finding = _finding(1)
    finding = Finding(
        **{
            **{a: getattr(finding, a) for a in ("check_id", "kind", "subject_id", "status")},
            "as_of": finding.as_of,
            "title": "<script>alert(1)</script>",
            "explanation": Explanation(formula="a < b & c"),
        }
    )
    markup = finding._repr_html_()
    assert "<script>" not in markup
    assert "a &lt; b &amp; c" in markup


def test_a_small_report_shows_every_finding_in_a_repl() -> None:
    report = _report(3)
    assert repr(report) == str(report)
    assert all(f"z-{i:05d}" in repr(report) for i in range(3))


def test_a_large_report_is_cut_in_a_repl_and_says_how_many_more() -> None:
    report = _report(REPR_ROWS + 7)
    shown = repr(report)
    assert f"z-{REPR_ROWS - 1:05d}" in shown
    assert f"z-{REPR_ROWS:05d}" not in shown
    assert shown.splitlines()[-1] == (
        f"… 7 more of {REPR_ROWS + 7} findings: print(report) shows them all"
    )
    # str() is the whole report, as the CLI prints it.
    assert f"z-{REPR_ROWS + 6:05d}" in str(report)
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_a_report_in_a_notebook_is_a_table_cut_after_its_first_findings() -> None:
    small = parse(_report(5)._repr_html_())
    assert small.rows == 1 + 5  # header and one row a finding
    large = _report(HTML_ROWS + 50)
    parsed = parse(large._repr_html_())
    assert parsed.rows == 1 + HTML_ROWS
    assert f"50 more of {HTML_ROWS + 50:,} findings" in large._repr_html_()


def test_target_results_display_like_any_report() -> None:
    dataset = ip.examples.load("hanoi-2024")
    target = next(iter(dataset.targets))
    report = track(dataset, [target], "2024-12-31")
    assert isinstance(target, Target)
    assert repr(report).splitlines()[0].startswith(f"{dataset.name} as of 2024-12-31")
    assert target.id in repr(report)
    cells = parse(report._repr_html_()).cells
    assert cells[:5] == ["finding", "status", "actual", "required", "gap"]
    assert any(target.id in cell for cell in cells)


def test_the_evaluation_of_every_example_displays_as_well_formed_html() -> None:
    for name in ip.examples.names():
        report = evaluate_all(ip.examples.load(name))
        parse(report._repr_html_())
        for finding in report:
            parse(finding._repr_html_())
            assert repr(finding).startswith(f"<Finding {finding.id}: {finding.status.value}")


def test_a_dataset_shows_its_counts() -> None:
    dataset = ip.examples.load("quang-nam-2024")
    assert repr(dataset).startswith(f"Dataset({dataset.name!r}, ")
    cells = parse(dataset._repr_html_()).cells
    table = dict(zip(cells[2::2], cells[3::2], strict=True))
    assert table["zones"] == f"{len(dataset.zones):,}"


def test_a_reconciliation_shows_its_disagreement() -> None:
    result = ip.reconcile(ip.examples.load("quang-nam-2024"))
    assert repr(result) == str(result)
    assert repr(result).splitlines()[0] == f"1 of {len(result)} checks disagree"
    assert repr(result.discrepancies[0]) == (
        "<ReconciliationCheck qn-area: reported 3,676 ha, sum of parts 3,670 ha,"
        " difference 6 ha (DISAGREES)>"
    )
    parsed = parse(result._repr_html_())
    assert parsed.rows == 1 + len(result)
    assert "DISAGREES" in parsed.cells
    assert "3,676 ha" in parsed.cells
    assert "6 ha" in parsed.cells


def test_a_what_if_comparison_shows_what_changed(hai_duong: ip.Dataset) -> None:
    before = evaluate(hai_duong, ["vn-land"], "2024-12-31")
    after = evaluate(
        hai_duong, ["vn-land"], "2024-12-31", overrides={"vn-land.hi-tech-reserve.min-share": 0.1}
    )
    comparison = before.compare(after)
    assert repr(comparison) == str(comparison)
    assert "vn-land.hi-tech-reserve/kcn-a: fail -> pass" in repr(comparison)
    cells = parse(comparison._repr_html_()).cells
    assert cells[:4] == ["finding", "before", "after", "gap change"]
    assert cells[4:7] == ["vn-land.hi-tech-reserve/kcn-a", "fail", "pass"]
