"""Plots: what each figure draws is the findings' numbers; the HTML figures are self-contained.

Figures are checked through their artists: a bar's ``gid`` is its finding's
id and its width the share in percent, a threshold line's ``gid`` is
``threshold:<check id>``, a trajectory's lines are named ``actual``,
``baseline``, ``expected``, ``projection``, ``target``, ``deadline``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import subprocess
import sys
from html.parser import HTMLParser
from typing import Any

import matplotlib.dates as mdates
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import industrial_policy as ip
from industrial_policy.errors import IndustrialPolicyError, InvalidValueError
from industrial_policy.evaluate import evaluate_all
from industrial_policy.findings import (
    Amount,
    Comparator,
    Explanation,
    Finding,
    Report,
    Status,
    report_page,
)
from industrial_policy.plots import (
    OCCUPANCY_CHECKS,
    QUOTA_CHECKS,
    MissingDependencyError,
    figure_svg,
    plot_occupancy,
    plot_quota_shares,
    plot_target_trajectory,
    report_figures,
    track_history,
    trajectory_of,
)
from industrial_policy.records import Observation, Target
from industrial_policy.rules import evaluate
from industrial_policy.testing import datasets, fractions, reports
from industrial_policy.tracking import track

AS_OF = dt.date(2025, 12, 31)


# -- reading a figure back ----------------------------------------------------------------------


def _axes(figure: Figure) -> Any:
    assert isinstance(figure, Figure)
    assert len(figure.axes) == 1
    return figure.axes[0]


def _bars(ax: Any) -> dict[str, Rectangle]:
    return {p.get_gid(): p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()}


def _rows(ax: Any) -> list[str]:
    return [label.get_text() for label in ax.get_yticklabels()]


def _thresholds(ax: Any) -> dict[str, list[float]]:
    """The x of each rule's threshold line (one value: the line is vertical)."""
    found: dict[str, list[float]] = {}
    for collection in ax.collections:
        gid = collection.get_gid() or ""
        if isinstance(collection, LineCollection) and gid.startswith("threshold:"):
            xs = {float(x) for segment in collection.get_segments() for x, _ in segment}
            found[gid.removeprefix("threshold:")] = sorted(xs)
    return found


def _texts(ax: Any) -> dict[str, str]:
    return {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}


def _line(ax: Any, gid: str) -> Any:
    lines = [line for line in ax.lines if line.get_gid() == gid]
    assert len(lines) == 1, f"{len(lines)} lines named {gid!r}"
    return lines[0]


def _dates(line: Any) -> list[dt.date]:
    return [
        mdates.num2date(x).date() if not isinstance(x, dt.date) else x for x in line.get_xdata()
    ]


def _shown(findings: list[Finding]) -> list[Finding]:
    """The findings a share chart draws a row for."""
    return [
        f
        for f in findings
        if f.status is not Status.NOT_APPLICABLE
        and f.subject_kind == "zone"
        and (f.actual is None or f.actual.unit == "ratio")
    ]


def _check_share_chart(ax: Any, findings: list[Finding], checks: tuple[str, ...]) -> None:
    """Every shown finding has one row; a bar exactly when its value is known, as wide as the
    value in percent; 'insufficient data' otherwise; one threshold line per rule, at its value."""
    shown = _shown([f for f in findings if f.check_id in checks])
    assert sorted(_rows(ax)) == sorted(f.subject_id for f in shown)
    bars = _bars(ax)
    known = {f.id: f for f in shown if f.actual is not None and not math.isnan(f.actual.value)}
    assert set(bars) == set(known)
    for finding_id, bar in bars.items():
        assert bar.get_width() == pytest.approx(float(known[finding_id].actual.value) * 100)
    texts = _texts(ax)
    for finding in shown:
        if finding.id not in known:
            assert texts[f"unknown:{finding.id}"].strip() == "insufficient data"
    ratios: dict[str, set[float]] = {}
    for f in shown:
        if f.threshold is not None and f.threshold.unit == "ratio":
            ratios.setdefault(f.check_id, set()).add(float(f.threshold.value) * 100)
    # One line per rule whose findings hold one threshold; none where they differ.
    expected = {check: values.pop() for check, values in ratios.items() if len(values) == 1}
    assert _thresholds(ax) == {k: pytest.approx([v]) for k, v in expected.items()}


# -- imports and the missing dependency ---------------------------------------------------------


def test_importing_the_library_or_its_plots_does_not_import_matplotlib() -> None:
    code = (
        "import sys, industrial_policy, industrial_policy.plots\nprint('matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if matplotlib were not installed: importing it raises ImportError."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


@pytest.mark.usefixtures("no_matplotlib")
@pytest.mark.parametrize(
    "draw",
    [
        lambda report: plot_quota_shares(report),
        lambda report: plot_occupancy(report),
        lambda report: plot_target_trajectory(report.filter(kind="target").findings[0]),
    ],
)
def test_without_matplotlib_a_plot_says_what_to_install(draw: Any) -> None:
    report = evaluate_all(ip.examples.load("quang-nam-2024"), as_of="2024-06-30")
    with pytest.raises(MissingDependencyError) as raised:
        draw(report)
    assert isinstance(raised.value, IndustrialPolicyError)
    assert isinstance(raised.value, ImportError)
    assert "pip install 'industrial-policy[plot]'" in str(raised.value)


@pytest.mark.usefixtures("no_matplotlib")
def test_without_matplotlib_the_html_page_has_the_tables_and_no_figure() -> None:
    dataset = ip.examples.load("combined")
    report = evaluate_all(dataset, as_of=AS_OF)
    assert report_figures(report, dataset) == []
    page = report_page(report, report_figures(report, dataset))
    _assert_self_contained(page)
    assert "<svg" not in page
    assert "<table>" in page


# -- land quotas ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hai-duong-2021", "combined"])
def test_quota_chart_of_an_example_draws_each_zone_finding(name: str) -> None:
    report = evaluate(ip.examples.load(name), None, AS_OF)
    ax = _axes(plot_quota_shares(report))
    _check_share_chart(ax, list(report), QUOTA_CHECKS)
    # The figures of DOMAIN.md §5 as the example records them: hd-kcn-a 45 of 300 ha (15%,
    # short of 20%), hd-ccn-b 30 of 60 ha (50%, exactly the quota).
    bars = _bars(ax)
    assert bars["vn-land.hi-tech-reserve/hd-kcn-a"].get_width() == pytest.approx(15)
    assert bars["vn-land.supporting-reserve/hd-ccn-b"].get_width() == pytest.approx(50)
    assert _thresholds(ax) == {
        "vn-land.hi-tech-reserve": pytest.approx([20]),
        "vn-land.supporting-reserve": pytest.approx([50]),
    }
    assert ax.get_title().startswith("Land quotas by zone on 2025-12-31")
    assert "%" in ax.get_xlabel()
    assert ax.get_ylabel() == "zone"
    assert ax.get_legend() is not None


def test_pass_and_fail_look_different_even_without_colour() -> None:
    report = evaluate(ip.examples.load("hai-duong-2021"), None, AS_OF)
    bars = _bars(_axes(plot_quota_shares(report)))
    failed = bars["vn-land.hi-tech-reserve/hd-kcn-a"]
    passed = bars["vn-land.supporting-reserve/hd-ccn-b"]
    assert report["vn-land.hi-tech-reserve/hd-kcn-a"].status is Status.FAIL
    assert report["vn-land.supporting-reserve/hd-ccn-b"].status is Status.PASS
    assert failed.get_facecolor() != passed.get_facecolor()
    assert failed.get_hatch()
    assert not passed.get_hatch()


def _province_quota_dataset() -> ip.Dataset:
    """Two Hải Dương parks: one meets the hi-tech quota, one does not, one has a lease of
    unknown use (its share lies between two bounds), one has no area at all."""
    zone = {"kind": "industrial_park", "province": "Hải Dương"}
    return ip.Dataset(
        zones=[
            ip.Zone(id="kcn-pass", name="P", total_area="100 ha", **zone),
            ip.Zone(id="kcn-fail", name="F", total_area="100 ha", **zone),
            ip.Zone(id="kcn-open", name="O", total_area="100 ha", **zone),
            ip.Zone(id="kcn-none", name="N", **zone),
        ],
        parcels=[
            ip.Parcel(
                id="p", zone_id="kcn-pass", area="30 ha", status="reserved", category="hi_tech"
            ),
            ip.Parcel(
                id="f", zone_id="kcn-fail", area="5 ha", status="reserved", category="hi_tech"
            ),
            ip.Parcel(
                id="o1", zone_id="kcn-open", area="10 ha", status="reserved", category="hi_tech"
            ),
            ip.Parcel(id="o2", zone_id="kcn-open", area="30 ha", status="leased"),
        ],
    )


def test_an_unknown_share_is_a_row_saying_so_never_a_bar_at_zero() -> None:
    report = evaluate(_province_quota_dataset(), ["vn-land"], AS_OF)
    open_finding = report["vn-land.hi-tech-reserve/kcn-open"]
    assert open_finding.actual is None
    ax = _axes(plot_quota_shares(report))
    _check_share_chart(ax, list(report), QUOTA_CHECKS)
    assert "vn-land.hi-tech-reserve/kcn-open" not in _bars(ax)
    assert "vn-land.hi-tech-reserve/kcn-none" not in _bars(ax)
    # The bounds the engine gives, 10% (only the reserved land) to 40% (the lease too).
    bounds = _line(ax, "bounds:vn-land.hi-tech-reserve/kcn-open")
    low = float(open_finding.details["lower bound"].value) * 100
    high = float(open_finding.details["upper bound"].value) * 100
    assert list(bounds.get_xdata()) == pytest.approx([low, high])
    assert (low, high) == pytest.approx((10, 40))


def test_rows_are_worst_first_failures_by_shortfall() -> None:
    report = evaluate(_province_quota_dataset(), ["vn-land"], AS_OF)
    rows = _rows(_axes(plot_quota_shares(report)))
    # a failure, then the unknown (the one with the lower upper bound first), then the pass
    assert rows[0] == "kcn-fail"
    assert rows[-1] == "kcn-pass"
    assert set(rows[1:3]) == {"kcn-open", "kcn-none"}


def test_province_roll_ups_are_drawn_on_request() -> None:
    report = evaluate(ip.examples.load("hai-duong-2021"), ["vn-land"], AS_OF)
    ax = _axes(plot_quota_shares(report, subject_kind="province"))
    assert _rows(ax) == ["Hải Dương", "Hải Dương"]  # one per quota rule
    assert set(_bars(ax)) == {
        "vn-land.hi-tech-reserve/Hải Dương",
        "vn-land.supporting-reserve/Hải Dương",
    }


def _finding(
    check: str, zone: str, share: float | None, threshold: float, gap: float | None
) -> Finding:
    status = (
        Status.INSUFFICIENT_DATA
        if share is None
        else Status.PASS
        if share >= threshold
        else Status.FAIL
    )
    return Finding(
        check_id=check,
        kind="rule",
        title="quota",
        subject_id=zone,
        status=status,
        as_of=AS_OF,
        explanation=Explanation("share = reserved ÷ total"),
        actual=Amount.ratio(share) if share is not None else None,
        threshold=Amount.ratio(threshold),
        comparator=Comparator.AT_LEAST,
        gap=Amount.hectares(gap) if gap is not None else None,
    )


def test_a_large_report_keeps_the_worst_and_says_so() -> None:
    zones = 3000
    findings = [
        _finding(
            "vn-land.hi-tech-reserve", f"kcn-{i:04d}", (i % 400) / 1000, 0.2, (i % 400) - 200.0
        )
        for i in range(zones)
    ]
    report = Report(tuple(findings), AS_OF)
    ax = _axes(plot_quota_shares(report, top=30))
    rows = _rows(ax)
    assert len(rows) == 30
    worst = sorted(findings, key=lambda f: float(f.gap.value))[:30]
    assert sorted(rows) == sorted(f.subject_id for f in worst)
    assert "the 30 worst" in ax.get_title()
    assert "the 30 worst of 3,000 shown" in _texts(ax)["group:vn-land.hi-tech-reserve"]


@pytest.mark.parametrize("top", [0, -1, 2.5, True])
def test_top_must_be_a_positive_whole_number(top: Any) -> None:
    report = evaluate(ip.examples.load("hai-duong-2021"), None, AS_OF)
    with pytest.raises(InvalidValueError, match="top"):
        plot_quota_shares(report, top=top)


@settings(max_examples=15)
@given(report=reports(max_size=10))
def test_any_report_draws_each_share_finding_once(report: Report) -> None:
    checks = tuple(dict.fromkeys(f.check_id for f in report))
    ax = _axes(plot_quota_shares(report, checks=checks, top=100))
    _check_share_chart(ax, list(report), checks)


@settings(max_examples=15)
@given(dataset=datasets(max_zones=6, reported=False), threshold=fractions())
def test_occupancy_of_any_dataset_is_the_engines(dataset: ip.Dataset, threshold: float) -> None:
    ax = _axes(plot_occupancy(dataset, as_of=AS_OF, threshold=threshold, top=100))
    report = evaluate(
        dataset,
        ["vn-land", "vn-national"],
        AS_OF,
        overrides={"vn-land.occupancy.min-share": threshold},
    )
    _check_share_chart(ax, list(report), OCCUPANCY_CHECKS)
    occupancy = _shown(list(report.filter(check_id="vn-land.occupancy")))
    if occupancy:
        assert _thresholds(ax)["vn-land.occupancy"] == pytest.approx([threshold * 100])


# -- occupancy ----------------------------------------------------------------------------------


def _occupancy_dataset() -> ip.Dataset:
    return ip.Dataset(
        zones=[
            ip.Zone(
                id="kcn-a",
                name="A",
                kind="industrial_park",
                province="Hải Dương",
                total_area="300 ha",
                industrial_land_area="200 ha",
            ),
            ip.Zone(
                id="kcn-b",
                name="B",
                kind="industrial_park",
                province="Hải Dương",
                total_area="150 ha",
                industrial_land_area="100 ha",
            ),
            ip.Zone(
                id="ccn-c",
                name="C",
                kind="industrial_cluster",
                province="Hải Dương",
                total_area="50 ha",
                industrial_land_area="40 ha",
            ),
        ],
        parcels=[
            ip.Parcel(id="a-1", zone_id="kcn-a", area="150 ha", status="leased"),
            ip.Parcel(id="b-1", zone_id="kcn-b", area="30 ha", status="leased"),
            ip.Parcel(id="c-1", zone_id="ccn-c", area="30 ha", status="leased"),
        ],
    )


def test_occupancy_is_leased_over_land_for_lease_with_the_users_threshold() -> None:
    ax = _axes(plot_occupancy(_occupancy_dataset(), as_of=AS_OF, threshold="60%"))
    bars = _bars(ax)
    # 150 of 200 ha, 30 of 100 ha, and the cluster 30 of 40 ha
    assert bars["vn-land.occupancy/kcn-a"].get_width() == pytest.approx(75)
    assert bars["vn-land.occupancy/kcn-b"].get_width() == pytest.approx(30)
    assert bars["vn-national.cluster-expansion-occupancy/ccn-c"].get_width() == pytest.approx(75)
    assert _thresholds(ax) == {
        "vn-land.occupancy": pytest.approx([60]),
        "vn-national.cluster-expansion-occupancy": pytest.approx([60]),  # the pack's, unverified
    }
    assert bars["vn-land.occupancy/kcn-b"].get_hatch()  # 30% < 60%: a failure
    assert "leased" in ax.get_xlabel()
    assert "(%)" in ax.get_xlabel()
    assert ax.get_title() == "Occupancy by zone on 2025-12-31"


def test_occupancy_with_no_threshold_is_measured_and_has_no_line() -> None:
    report = evaluate(_occupancy_dataset(), ["vn-land"], AS_OF)
    assert report["vn-land.occupancy/kcn-a"].status is Status.MEASURED
    ax = _axes(plot_occupancy(report))
    assert set(_bars(ax)) == {"vn-land.occupancy/kcn-a", "vn-land.occupancy/kcn-b"}
    assert _thresholds(ax) == {}
    assert "no threshold" in _texts(ax)["group:vn-land.occupancy"]


def test_occupancy_of_an_example_with_unknown_land_for_lease() -> None:
    report = evaluate_all(ip.examples.load("hai-duong-2021"), as_of=AS_OF)
    ax = _axes(plot_occupancy(report))
    _check_share_chart(ax, list(report), OCCUPANCY_CHECKS)
    assert _bars(ax) == {}  # the source gives no park's land for lease: nothing is drawn as 0%


def test_occupancy_on_an_axes_of_the_callers_figure() -> None:
    figure = Figure()
    ax = figure.add_subplot()
    assert plot_occupancy(_occupancy_dataset(), as_of=AS_OF, ax=ax) is figure
    assert _bars(ax)


def test_occupancy_of_a_dataset_needs_a_date_and_of_a_report_takes_none() -> None:
    with pytest.raises(InvalidValueError, match="as_of"):
        plot_occupancy(_occupancy_dataset())
    report = evaluate(_occupancy_dataset(), None, AS_OF)
    with pytest.raises(InvalidValueError, match="threshold"):
        plot_occupancy(report, threshold="60%")


def test_a_report_with_nothing_to_draw_gives_a_figure_that_says_so() -> None:
    report = evaluate_all(ip.examples.load("hai-phong-2024"), as_of=AS_OF)
    ax = _axes(plot_occupancy(report))
    assert _bars(ax) == {}
    assert any("no zone occupancy finding" in t.get_text() for t in ax.texts)


# -- target trajectories ------------------------------------------------------------------------

HSI = Target(
    id="hd-hsi-2025",
    title="250 HSI businesses by 2025",
    metric="businesses",
    kind="stock",
    categories=["hi_tech", "supporting_industry"],
    comparator="at_least",
    value=250,
    deadline="2025",
    province="Hải Dương",
    baseline={"on": "2021-12-31", "value": 200},
)
HSI_COUNTS = [
    Observation(series="hd-hsi-2025", on=f"{year}-12-31", value=count)
    for year, count in ((2022, 210), (2023, 220), (2024, 240))
]


def test_trajectory_draws_the_findings_numbers_where_the_target_puts_them() -> None:
    history = track_history(ip.Dataset(observations=HSI_COUNTS), HSI, "2025-02-01")
    ax = _axes(plot_target_trajectory(history, HSI))
    actual = _line(ax, "actual")
    assert _dates(actual) == [f.as_of for f in history]
    assert list(actual.get_ydata()) == [float(f.actual.value) for f in history]
    # The observations are the actual values on their days: the history reads them back.
    assert list(actual.get_ydata())[:3] == [210, 220, 240]
    latest = history[-1]
    baseline = _line(ax, "baseline")
    assert _dates(baseline) == [dt.date(2021, 12, 31)]
    assert list(baseline.get_ydata()) == [float(latest.details["baseline"].value)] == [200]
    assert list(_line(ax, "target").get_ydata()) == [250, 250]
    assert _dates(_line(ax, "deadline"))[0] == dt.date(2025, 12, 31)
    expected = _line(ax, "expected")
    assert _dates(expected) == [dt.date(2021, 12, 31), dt.date(2025, 12, 31)]
    assert list(expected.get_ydata()) == [200, 250]
    projection = _line(ax, "projection")
    assert _dates(projection) == [latest.as_of, dt.date(2025, 12, 31)]
    assert list(projection.get_ydata()) == pytest.approx(
        [240, float(latest.details["projection"].value)]
    )
    assert ax.get_ylabel() == "level (count)"
    assert ax.get_xlabel() == "date"
    assert "250 HSI businesses by 2025" in ax.get_title()
    assert "on track on 2025-02-01" in ax.get_title()
    labels = ax.get_legend_handles_labels()[1]
    assert "deadline 2025-12-31" in labels
    assert "target: ≥ 250" in labels


def test_the_expected_value_of_the_finding_lies_on_the_drawn_path() -> None:
    finding = track(ip.Dataset(), [HSI], "2024-12-31", observations=HSI_COUNTS).findings[0]
    data = trajectory_of(finding, HSI)
    (start, end) = data.path
    fraction = (dt.date(2024, 12, 31) - start[0]) / (end[0] - start[0])
    on_path = start[1] + (end[1] - start[1]) * fraction
    # The tracker counts time in years, the axis in days: a leap day apart at most.
    assert on_path == pytest.approx(float(finding.details["expected"].value), rel=1e-3)


def test_growth_is_drawn_in_levels_with_the_level_required() -> None:
    growth = Target(
        id="level4",
        title="Level-4 share +20% a year",
        metric="observed",
        unit="ratio",
        kind="growth",
        basis="stock",
        growth_unit="relative",
        per_year=True,
        comparator="at_least",
        value="20%",
        deadline="2025",
        baseline={"on": "2021-12-31", "value": "13.6%"},
    )
    seen = [
        Observation(series="level4", on=f"{year}-12-31", value=value)
        for year, value in ((2022, "15%"), (2023, "17%"), (2024, "20%"))
    ]
    finding = track(ip.Dataset(), [growth], "2025-02-01", observations=seen).findings[0]
    ax = _axes(plot_target_trajectory(finding, growth))
    # percent on the axis; the actual is the level (20%), not the growth (13.7% a year)
    assert list(_line(ax, "actual").get_ydata()) == pytest.approx([20])
    required = float(finding.details["required_level"].value) * 100
    assert required == pytest.approx(13.6 * 1.2**4, rel=1e-3)  # 28.2%, DOMAIN.md's reading
    assert list(_line(ax, "target").get_ydata()) == pytest.approx([required, required])
    assert ax.get_ylabel() == "level the growth is measured on (%)"


def test_money_is_drawn_in_a_readable_multiple_of_its_currency() -> None:
    capital = Target(
        id="fdi",
        title="Over 500 million USD in 2024",
        metric="observed",
        unit="USD",
        kind="flow",
        comparator="more_than",
        value="500 million USD",
        deadline="2024",
        actuals="observations",
    )
    seen = [Observation(series="fdi", on="2024-06-30", value="320 million USD")]
    finding = track(ip.Dataset(), [capital], "2024-07-31", observations=seen).findings[0]
    ax = _axes(plot_target_trajectory(finding, capital))
    assert ax.get_ylabel() == "level (million USD)"
    assert list(_line(ax, "actual").get_ydata()) == pytest.approx([320])
    assert list(_line(ax, "target").get_ydata()) == pytest.approx([500, 500])
    # A flow starts from zero the day before its period.
    expected = _line(ax, "expected")
    assert _dates(expected)[0] == dt.date(2023, 12, 31)
    assert list(expected.get_ydata()) == pytest.approx([0, 500])


def test_a_range_target_draws_both_ends() -> None:
    parks = Target(
        id="parks",
        title="2 to 5 new parks",
        metric="observed",
        unit="count",
        kind="flow",
        comparator="between",
        value=2,
        upper=5,
        deadline="2025",
        period="2021-2025",
        actuals="observations",
    )
    seen = [Observation(series="parks", on="2023-12-31", value=1)]
    finding = track(ip.Dataset(), [parks], "2024-01-31", observations=seen).findings[0]
    ax = _axes(plot_target_trajectory(finding, parks))
    ends = sorted(line.get_ydata()[0] for line in ax.lines if line.get_gid() == "target")
    assert ends == [2, 5]


def test_example_trajectory_with_its_target_from_the_dataset() -> None:
    dataset = ip.examples.load("quang-nam-2024")
    report = evaluate_all(dataset, as_of="2024-06-30")
    finding = report["qn-area-leased/Quảng Nam"]
    target = next(t for t in dataset.targets if t.id == "qn-area-leased")
    ax = _axes(plot_target_trajectory(finding, target))
    # 90.33 ha leased by the deadline (Programme 16-CTr/TU), drawn on the deadline
    assert list(_line(ax, "actual").get_ydata()) == pytest.approx([90.33])
    assert _dates(_line(ax, "actual")) == [dt.date(2023, 12, 31)]
    assert list(_line(ax, "target").get_ydata()) == pytest.approx([150, 150])
    assert ax.get_ylabel() == "level (ha)"


def test_without_the_target_what_is_missing_is_said_not_guessed() -> None:
    finding = track(ip.Dataset(), [HSI], "2025-02-01", observations=HSI_COUNTS).findings[0]
    ax = _axes(plot_target_trajectory(finding))
    assert not [line for line in ax.lines if line.get_gid() in ("deadline", "baseline")]
    notes = _texts(ax)["notes"]
    assert "deadline" in notes
    assert "baseline" in notes
    assert list(_line(ax, "actual").get_ydata()) == [240]


def test_rate_target_draws_its_required_path() -> None:
    dataset = ip.examples.load("combined")
    # before the deadline (2022-08-23): after it, with no value observed on it, there is no verdict
    report = evaluate_all(dataset, as_of="2021-12-31")
    finding = report["rate_target.hd-level4-growth-relative/hd-level4"]
    target = next(t for t in dataset.rate_targets if t.id == "hd-level4-growth-relative")
    ax = _axes(plot_target_trajectory(finding, target))
    path = _line(ax, "expected")
    # 13.6% grown by 20% in the one year to the deadline: 16.32% (DOMAIN.md §5)
    assert list(path.get_ydata()) == pytest.approx([13.6, 16.32])
    assert list(_line(ax, "actual").get_ydata()) == pytest.approx(
        [float(finding.actual.value) * 100]
    )


@pytest.mark.parametrize(
    ("findings", "message"),
    [
        ([], "at least one"),
        (["not a finding"], "must be a Finding"),
    ],
)
def test_trajectory_refuses_what_is_not_a_target_finding(findings: Any, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message):
        plot_target_trajectory(findings)


def test_trajectory_refuses_mixed_or_mismatched_findings() -> None:
    report = evaluate_all(ip.examples.load("combined"), as_of=AS_OF)
    targets = report.filter(kind="target").findings
    with pytest.raises(InvalidValueError, match="one target"):
        plot_target_trajectory(targets[:2])
    with pytest.raises(InvalidValueError, match="not a target's"):
        plot_target_trajectory(report.filter(kind="rule").findings[0])
    with pytest.raises(InvalidValueError, match="is not the target"):
        plot_target_trajectory(targets[0], HSI)


@settings(max_examples=10)
@given(
    counts=st.lists(st.integers(0, 10_000), min_size=1, max_size=5),
    as_of=st.dates(dt.date(2022, 1, 1), dt.date(2027, 12, 31)),
)
def test_history_of_observations_is_drawn_as_observed(counts: list[int], as_of: dt.date) -> None:
    """A stock's observations on year ends are its actual values on those days."""
    seen = [
        Observation(series="hd-hsi-2025", on=f"{2022 + i}-12-31", value=count)
        for i, count in enumerate(counts)
    ]
    history = track_history(ip.Dataset(observations=seen), HSI, as_of)
    assert history[-1].as_of == as_of
    assert [f.as_of for f in history] == sorted({f.as_of for f in history})
    ax = _axes(plot_target_trajectory(history, HSI))
    lines = [line for line in ax.lines if line.get_gid() == "actual"]
    drawn = dict(zip(_dates(lines[0]), lines[0].get_ydata(), strict=True)) if lines else {}
    known = [f for f in history if f.actual is not None]
    assert len(drawn) == len({min(f.as_of, HSI.deadline_day) for f in known})
    for day, value in drawn.items():
        if day == dt.date(day.year, 12, 31) and day.year >= 2022:
            # a year end up to the deadline: the observation of that day, if any was made
            observed = [o for o in seen if o.day == day]
            if observed:
                assert value == float(observed[0].value.value)


# -- inline figures and the HTML page ----------------------------------------------------------


class _Checker(HTMLParser):
    """Every element closed in order; ids unique; every #reference resolves within the page."""

    VOID = frozenset({"meta", "br", "img", "hr", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.references: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)
        for name, value in attrs:
            value = value or ""
            if name == "id":
                self.ids.append(value)
            if name in ("href", "xlink:href", "src"):
                if value.startswith("#"):
                    self.references.append(value[1:])
                elif not value.startswith("data:"):
                    self.external.append(value)
            self.references.extend(re.findall(r"url\(#([^)]+)\)", value))
        assert tag not in ("script", "link", "iframe"), tag

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}>"
        self.stack.pop()


def _assert_self_contained(page: str) -> _Checker:
    assert page.startswith("<!DOCTYPE html>")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert checker.external == []
    assert "http://" not in page
    assert "https://" not in page
    assert len(checker.ids) == len(set(checker.ids)), "an id is used twice"
    assert set(checker.references) <= set(checker.ids)
    return checker


def test_report_page_with_the_figures_is_one_well_formed_self_contained_page() -> None:
    dataset = ip.examples.load("combined")
    report = evaluate_all(dataset, as_of=AS_OF)
    figures = report_figures(report, dataset)
    drawable = [
        f
        for f in report.filter(kind="target")
        if f.status is not Status.NOT_APPLICABLE
        and (f.actual is not None or any(v is not None for v in f.details.values()))
    ]
    # the quotas, occupancy (unknown: no park's land for lease is given), a target each
    assert len(figures) == 2 + len(drawable)
    for figure in figures:
        assert figure.startswith('<figure class="ip-figure"><svg ')
        assert figure.endswith("</svg></figure>")
    page = report_page(report, figures)
    checker = _assert_self_contained(page)
    assert checker.references  # the SVGs do refer to their own clip paths and markers
    assert "Land quotas by zone on 2025-12-31" in page  # text stays text
    assert page.index("<table>") < page.index("<svg")


def test_report_figures_are_the_same_bytes_every_time() -> None:
    dataset = ip.examples.load("hai-duong-2021")
    report = evaluate_all(dataset, as_of=AS_OF)
    assert report_figures(report, dataset) == report_figures(report, dataset)


def test_report_figures_of_a_report_with_nothing_to_draw() -> None:
    report = evaluate_all(ip.examples.load("hai-phong-2024"), as_of=AS_OF)
    assert report_figures(report) == []


def test_report_figures_without_the_dataset_still_draws_the_targets() -> None:
    dataset = ip.examples.load("quang-nam-2024")
    report = evaluate_all(dataset, as_of="2024-06-30")
    without, with_dataset = report_figures(report), report_figures(report, dataset)
    assert len(without) == len(with_dataset) == 2  # the two Quảng Nam targets
    assert "deadline 2023-12-31" in with_dataset[0]
    assert "deadline" not in without[0].split("aria-label")[0]
    assert "the deadline is the target" in without[0]


def test_figure_svg_prefixes_every_id_and_keeps_the_title() -> None:
    figure = plot_quota_shares(evaluate(ip.examples.load("hai-duong-2021"), None, AS_OF))
    svg = figure_svg(figure, prefix="x9-")
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids
    assert all(i.startswith("x9-") for i in ids)
    assert 'aria-label="Land quotas by zone on 2025-12-31"' in svg
    assert "<?xml" not in svg
    assert "<metadata" not in svg
