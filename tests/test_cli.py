"""The command line, end to end, as a user runs it (in a subprocess)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import industrial_policy as ip
from industrial_policy.cli import main

EXAMPLES = ip.examples.names()


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "industrial_policy", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        check=False,
        timeout=120,
    )


def _expected_exit(report_path: Path | None, name: str, as_of: str) -> int:
    from industrial_policy.evaluate import evaluate_all

    report = evaluate_all(ip.examples.load(name), as_of=as_of)
    return 1 if report.failures else 0


@pytest.mark.parametrize("name", EXAMPLES)
def test_evaluate_each_example_in_every_format(name: str, tmp_path: Path) -> None:
    path = str(ip.examples.path(name))
    expected = _expected_exit(None, name, "2025-12-31")
    table = run("evaluate", path, "--as-of", "2025-12-31")
    assert table.returncode == expected, table.stderr
    assert all(len(line) <= 80 for line in table.stdout.splitlines()), table.stdout

    as_json = run("evaluate", path, "--as-of", "2025-12-31", "--format", "json")
    document = json.loads(as_json.stdout)
    assert document["as_of"] == "2025-12-31"
    for finding in document["findings"]:
        assert {"id", "check_id", "subject_id", "status", "actual", "threshold", "gap"} <= set(
            finding
        )

    as_csv = run("evaluate", path, "--as-of", "2025-12-31", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [row["id"] for row in rows] == [f["id"] for f in document["findings"]]

    out = tmp_path / "report.html"
    as_html = run("evaluate", path, "--as-of", "2025-12-31", "--format", "html", "-o", str(out))
    assert as_html.returncode == expected
    _assert_well_formed(out.read_text(encoding="utf-8"))


def test_evaluate_without_a_dataset_runs_the_bundled_example() -> None:
    result = run("evaluate", "--as-of", "2025-12-31")
    assert result.returncode in (0, 1), result.stderr
    assert "Examples from the published sources" in result.stdout


def test_failed_findings_exit_with_1() -> None:
    result = run("evaluate", str(ip.examples.path("quang-nam-2024")), "--as-of", "2024-06-30")
    assert result.returncode == 1
    assert "off_track" in result.stdout


@pytest.mark.parametrize("name", EXAMPLES)
def test_validate_and_reconcile_each_example(name: str) -> None:
    path = str(ip.examples.path(name))
    assert run("validate", path).returncode == 0
    reconciled = run("reconcile", path, "--format", "json")
    checks = json.loads(reconciled.stdout)
    disagree = [c for c in checks if c["agrees"] is False]
    # The published figures' checks count too (shown in the table, as in evaluate's JSON).
    published = [
        f
        for f in ip.evaluate(ip.examples.load(name))
        if f.kind == "reconciliation" and not f.check_id.startswith("reconcile.")
    ]
    failed = [f for f in published if f.status.value == "fail"]
    assert reconciled.returncode == (1 if disagree or failed else 0)


@pytest.mark.parametrize("name", EXAMPLES)
def test_explain_a_finding_of_each_example(name: str, tmp_path: Path) -> None:
    path = str(ip.examples.path(name))
    out = tmp_path / "report.json"
    assert run("evaluate", path, "--format", "json", "--output", str(out)).returncode in (0, 1)
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    # The first failure when there is one, else the first finding with a number, else the first.
    chosen = next(
        (f for f in findings if f["status"] in ("fail", "off_track", "regressing")),
        next((f for f in findings if f["actual"] is not None), findings[0]),
    )
    result = run("explain", path, chosen["id"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == chosen["title"]
    assert f"  finding:   {chosen['id']} ({chosen['kind']})" in lines
    assert f"  status:    {chosen['status'].replace('_', ' ').upper()}" in lines
    assert any(line.startswith("  formula:   ") for line in lines)


def test_rules_chooses_the_packs(tmp_path: Path) -> None:
    def checks(*args: str) -> set[str]:
        result = run("evaluate", "hai-duong-2021", "--format", "json", *args)
        assert result.returncode in (0, 1), result.stderr
        return {f["check_id"] for f in json.loads(result.stdout)["findings"] if f["kind"] == "rule"}

    everything = checks()
    land = checks("--rules", "vn-land")
    assert land
    assert all(check.startswith("vn-land.") for check in land)
    assert any(check.startswith("vn-national.") for check in everything)
    # A pack file of the user's, here a copy of the shipped one, is read from its path.
    pack = tmp_path / "my-pack.toml"
    shipped = Path(ip.__file__).parent / "rules" / "packs" / "vn-land.toml"
    pack.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    assert checks("--rules", str(pack)) == land
    assert checks("--rules", "vn-land", "--rules", "vn-national") == everything


def test_an_unknown_rule_pack_exits_2_and_names_it() -> None:
    result = run("evaluate", "hai-duong-2021", "--rules", "vn-nowhere")
    assert result.returncode == 2
    assert "vn-nowhere" in result.stderr
    assert "Traceback" not in result.stderr


def test_reconcile_shows_the_quang_nam_gap() -> None:
    result = run("reconcile", str(ip.examples.path("quang-nam-2024")))
    assert result.returncode == 1
    assert "reported 3,676 ha, sum of parts 3,670 ha, difference 6 ha (DISAGREES)" in result.stdout


def test_reconcile_checks_the_published_figures_too() -> None:
    """Quảng Nam's 930.5 ha leased of 1,729.5 ha of industrial land is the 53.8% published
    beside it: the identity is listed after the reported figures' checks."""
    result = run("reconcile", str(ip.examples.path("quang-nam-2024")))
    reported, published = result.stdout.split("\npublished figures:\n")
    assert "qn-area: reported 3,676 ha" in reported
    assert "identity.occupancy/Quảng Nam" in published
    assert "53.8%" in published


def test_reconcile_fails_on_a_published_figure_that_disagrees(tmp_path: Path) -> None:
    """No reported figure disagrees, but 60 ha leased of 100 ha is not the 70% published beside
    them: exit code 1, the identity failing in the table."""
    figures = "\n".join(
        f'[[published]]\nid = "{i}"\nmeasure = "{m}"\nvalue = "{v}"\nprovince = "P"\n'
        f'on = "2024-12-31"\nsource = "S"\n'
        for i, m, v in (
            ("p-land", "industrial_land", "100 ha"),
            ("p-leased", "leased", "60 ha"),
            ("p-rate", "occupancy_rate", "70%"),
        )
    )
    path = tmp_path / "p.toml"
    path.write_text('format = "industrial-policy/1"\n\n' + figures, encoding="utf-8")
    result = run("reconcile", str(path), "--as-of", "2024-12-31")
    assert result.returncode == 1, result.stderr
    assert "no reported figures to reconcile" in result.stdout
    published = result.stdout.split("\npublished figures:\n")[1]
    assert "identity.occupancy/P" in published
    assert "fail" in published


def test_explain_prints_the_trace() -> None:
    result = run(
        "explain",
        str(ip.examples.path("quang-nam-2024")),
        "qn-area-leased/Quảng Nam",
        "--as-of",
        "2024-06-30",
    )
    assert result.returncode == 0, result.stderr
    assert "actual:    90.33 ha" in result.stdout
    assert "shortfall: 59.67 ha" in result.stdout
    assert "citation:" in result.stdout


def test_explain_unknown_finding_is_invalid_input() -> None:
    result = run("explain", str(ip.examples.path("quang-nam-2024")), "nope/none")
    assert result.returncode == 2
    assert "no finding 'nope/none'" in result.stderr


def test_broken_dataset_exits_2_and_names_the_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[[zones]]\nid = "z"\nname = "Z"\nkind = "industrial_park"\nprovince = "P"\n'
        'total_area = "300"\n',
        encoding="utf-8",
    )
    for command, *rest in (["validate"], ["evaluate"], ["reconcile"], ["explain", "z/z"]):
        result = run(command, str(broken), *rest)
        assert result.returncode == 2
        assert "zones[0].total_area" in result.stderr
        assert "an area needs a unit" in result.stderr
        assert "Traceback" not in result.stderr


def test_bad_options_exit_2() -> None:
    assert run("evaluate", "--as-of", "early 2025").returncode == 2
    assert run("evaluate", "--format", "yaml").returncode == 2
    assert run("frobnicate").returncode == 2


def test_help_everywhere_with_examples() -> None:
    top = run("--help")
    assert top.returncode == 0
    assert "examples:" in top.stdout
    for command in ("evaluate", "reconcile", "explain", "validate"):
        result = run(command, "--help")
        assert result.returncode == 0
        assert "example" in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("industrial-policy")
    if not script.exists():
        pytest.skip("the package is not installed with its console script in this environment")
    result = subprocess.run(
        [str(script), "validate", str(ip.examples.path())],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0


class _Checker(HTMLParser):
    VOID = frozenset({"meta", "br", "img", "hr", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1]}>"
        self.stack.pop()


def _assert_well_formed(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert "http://" not in page
    assert "https://" not in page.split("<body>")[0]


def test_html_page_carries_the_plots_inline(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("evaluate", "hai-duong-2021", "--format", "html", "-o", str(out))
    assert result.returncode in (0, 1), result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") >= 1  # the quota shares of the Hải Dương zones at least
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")


def test_a_bundled_example_is_named_without_its_path() -> None:
    by_name = run("evaluate", "quang-nam-2024", "--format", "json")
    by_path = run("evaluate", str(ip.examples.path("quang-nam-2024")), "--format", "json")
    assert by_name.returncode == by_path.returncode
    assert json.loads(by_name.stdout) == json.loads(by_path.stdout)


def test_the_default_run_does_not_depend_on_the_day() -> None:
    document = json.loads(run("evaluate", "--format", "json").stdout)
    assert document["as_of"] == ip.examples.COMBINED_AS_OF.isoformat()


def test_override_changes_the_verdict_and_says_so() -> None:
    """Hải Dương's park A has 45 of 300 ha reserved for hi-tech: 15%, so a 15% what-if passes."""
    finding = "vn-land.hi-tech-reserve/hd-kcn-a"
    out = io.StringIO()
    assert main(["explain", "hai-duong-2021", finding], stdout=out) == 0
    assert "FAIL" in out.getvalue().upper()
    out = io.StringIO()
    code = main(
        ["explain", "hai-duong-2021", finding, "--override",
         "vn-land.hi-tech-reserve.min-share=15%"],
        stdout=out,
    )  # fmt: skip
    assert code == 0
    assert "what-if override" in out.getvalue()
    assert "status: pass" in out.getvalue().lower() or "PASS" in out.getvalue()


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--override", "no-such-parameter=5%", "no-such-parameter"),
        ("--override", "vn-land.occupancy.min-share", "KEY=VALUE"),
        ("--override", "vn-land.occupancy.min-share=lots", "lots"),
        ("--input", "vn-national.cluster-expansion=10ha", "INPUT:SUBJECT=VALUE"),
        ("--input", "no-such-input:ccn-1=10 ha", "no-such-input"),
    ],
)
def test_bad_what_ifs_exit_2_and_name_the_value(option: str, value: str, named: str) -> None:
    result = run("evaluate", "hai-duong-2021", option, value)
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr


def test_user_input_reaches_the_rule(tmp_path: Path) -> None:
    """Art. 9's phases of at most 500 ha: a 608 ha park is undecided until its phases are given."""
    park = ip.Zone(id="kcn-x", name="KCN X", kind="industrial_park", province="Hải Phòng",
                   total_area="608 ha", illustrative=True)  # fmt: skip
    path = tmp_path / "park.toml"
    ip.dump(ip.Dataset(zones=[park]), path)
    finding = "vn-national.phase-size/kcn-x"
    base = run("evaluate", str(path), "--as-of", "2024-12-31", "--format", "json")
    statuses = {f["id"]: f["status"] for f in json.loads(base.stdout)["findings"]}
    assert statuses[finding] == "insufficient_data"
    for phase, status in (("300 ha", "pass"), ("608 ha", "fail")):
        out = io.StringIO()
        main(["evaluate", str(path), "--as-of", "2024-12-31", "--format", "json",
              "--input", f"vn-national.largest-phase:kcn-x={phase}"], stdout=out)  # fmt: skip
        statuses = {f["id"]: f["status"] for f in json.loads(out.getvalue())["findings"]}
        assert statuses[finding] == status, phase


def test_a_yes_no_fact_reaches_the_rule(tmp_path: Path) -> None:
    """Decree 32/2024 Art. 8(2)(d): expanding a cluster needs its infrastructure completed."""
    cluster = ip.Zone(id="ccn-x", name="CCN X", kind="industrial_cluster", province="Hải Dương",
                      total_area="50 ha", industrial_land_area="40 ha")  # fmt: skip
    leased = ip.Parcel(id="p", zone_id="ccn-x", area="30 ha", status="leased")
    path = tmp_path / "cluster.toml"
    ip.dump(ip.Dataset(zones=[cluster], parcels=[leased]), path)
    finding = "vn-national.cluster-expansion-occupancy/ccn-x"
    fact = "vn-national.cluster-infrastructure-completed:ccn-x"
    for answer, status in (("TRUE", "pass"), ("false", "fail")):
        out = io.StringIO()
        main(["evaluate", str(path), "--as-of", "2024-12-31", "--format", "json", "--input",
              f"{fact}={answer}"], stdout=out)  # fmt: skip
        statuses = {f["id"]: f["status"] for f in json.loads(out.getvalue())["findings"]}
        assert statuses[finding] == status, answer
    wrong = run(
        "evaluate", str(path), "--input", "vn-national.cluster-infrastructure-completed:ccn-x=1ha"
    )
    assert wrong.returncode == 2
    assert "a fact is True or False" in wrong.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only_after_the_delay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from industrial_policy.cli import _Progress

    monkeypatch.setattr(_Progress, "DELAY", 0.1)
    screen = _Terminal()
    with _Progress(screen) as progress:
        progress.stage("rules")
        time.sleep(0.6)
    assert "rules... " in screen.getvalue()
    assert screen.getvalue().endswith("\r\x1b[K")  # the line is cleared at the end

    quick = _Terminal()
    with _Progress(quick) as progress:
        progress.stage("rules")
    assert quick.getvalue() == ""  # under the delay: nothing

    piped = io.StringIO()
    with _Progress(piped) as progress:
        progress.stage("rules")
        time.sleep(0.3)
    assert piped.getvalue() == ""  # not a terminal: nothing
