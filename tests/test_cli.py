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
    from industrial_policy.evaluation import evaluate_all

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
    assert reconciled.returncode == (1 if disagree else 0)


def test_reconcile_shows_the_quang_nam_gap() -> None:
    result = run("reconcile", str(ip.examples.path("quang-nam-2024")))
    assert result.returncode == 1
    assert "reported 3,676 ha, sum of parts 3,670 ha, difference 6 ha (DISAGREES)" in result.stdout


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
    for command in ("validate", "evaluate", "reconcile"):
        result = run(command, str(broken))
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
