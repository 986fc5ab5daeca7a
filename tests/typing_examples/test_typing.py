"""The documented calls type-check downstream; wrong calls do not (as attrs tests its typing).

``good.py`` holds calls the README and the docs show: ``mypy --strict`` must accept them.
``bad.py`` holds wrong calls, each marked ``# E: <error code>``: mypy must reject exactly
those lines, with those codes. mypy runs once per file, as a downstream user runs it: in a
folder of its own, with no configuration but ``--strict``, on the installed package.
Marked ``typing`` (about ten seconds each): ``-m "not typing"`` leaves them out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

HERE = Path(__file__).parent
MARK = re.compile(r"#\s*E:\s*([\w-]+)\s*$")
ERROR = re.compile(r"^[^:]+:(\d+): error: .*\[([\w-]+)\]$")

pytestmark = pytest.mark.typing


def _mypy(tmp_path: Path, name: str) -> tuple[int, list[tuple[int, str]]]:
    file = tmp_path / name
    shutil.copy(HERE / name, file)
    empty = tmp_path / "mypy.ini"
    empty.write_text("[mypy]\n", "utf-8")
    stdout, stderr, status = mypy_api.run(
        [
            "--strict",
            "--config-file",
            str(empty),
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--no-error-summary",
            "--show-error-codes",
            str(file),
        ]
    )
    assert not stderr, stderr
    errors = []
    for line in stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors.append((int(match[1]), match[2]))
    return status, errors


def test_the_documented_calls_type_check_under_mypy_strict(tmp_path: Path) -> None:
    status, errors = _mypy(tmp_path, "good.py")
    assert errors == []
    assert status == 0


def test_each_wrong_call_is_rejected_and_nothing_else(tmp_path: Path) -> None:
    expected = []
    for number, line in enumerate((HERE / "bad.py").read_text("utf-8").splitlines(), 1):
        match = MARK.search(line)
        if match:
            expected.append((number, match[1]))
    assert len(expected) >= 10
    _, errors = _mypy(tmp_path, "bad.py")
    assert sorted(errors) == expected


def _pyright(tmp_path: Path, name: str) -> list[int]:
    executable = shutil.which("pyright")
    if executable is None:
        pytest.skip("pyright is not installed (npm install pyright, or pip install pyright)")
    shutil.copy(HERE / name, tmp_path / name)
    (tmp_path / "pyrightconfig.json").write_text(
        '{"typeCheckingMode": "standard", "pythonVersion": "3.11"}', "utf-8"
    )
    done = subprocess.run(
        [executable, "--pythonpath", sys.executable, name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    return [int(m[1]) for m in PYRIGHT_ERROR.finditer(done.stdout)]


PYRIGHT_ERROR = re.compile(r"\.py:(\d+):\d+ - error")


def test_pyright_accepts_the_documented_calls_and_rejects_each_wrong_one(tmp_path: Path) -> None:
    assert _pyright(tmp_path, "good.py") == []
    expected = [
        number
        for number, line in enumerate((HERE / "bad.py").read_text("utf-8").splitlines(), 1)
        if MARK.search(line)
    ]
    assert sorted(set(_pyright(tmp_path, "bad.py"))) == expected
