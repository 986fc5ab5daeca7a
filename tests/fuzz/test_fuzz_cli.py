"""Fuzz the command line: hostile files give exit code 2 and the problem, never a traceback.

Most cases call :func:`industrial_policy.cli.main` in this process; a few run
``python -m industrial_policy`` for real, to see the exit code and standard
error a user sees.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hostile import (
    DATASET_ERRORS,
    EVERY_RECORD,
    PACK_ERRORS,
    Hostile,
    clip,
    damaged_bytes,
    hang_guard,
    hostile_datasets,
    hostile_packs,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.cli import EXIT_FINDINGS, EXIT_INVALID, EXIT_OK, main
from industrial_policy.errors import ProblemsError
from industrial_policy.rules import load_pack

SRC = Path(ip.__file__).resolve().parents[1]


def run_main(argv: Sequence[str]) -> tuple[int, str, str]:
    """``main(argv)`` in this process: its exit code, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), hang_guard():
        try:
            code = main(list(argv), stdout=out)
        except SystemExit as exit_:  # argparse's own exits: --help, a bad option
            code = exit_.code if isinstance(exit_.code, int) else EXIT_INVALID
    return code, out.getvalue(), err.getvalue()


def _expected_error(load: object) -> ProblemsError | None:
    try:
        load()  # type: ignore[operator]
    except ProblemsError as exc:
        return exc
    return None


def _check_invalid(code: int, err: str, error: ProblemsError, shown: object) -> None:
    assert code == EXIT_INVALID, (code, err, shown)
    assert "Traceback" not in err
    # the same message as the library's error: the file and every problem with its path
    assert err.strip() == str(error).strip(), (clip(err), shown)


@settings(max_examples=15)
@given(case=st.sampled_from(["toml", "json"]).flatmap(hostile_datasets), data=st.data())
def test_validate_prints_every_problem_or_says_valid(case: Hostile, data: st.DataObject) -> None:
    raw = case.text.encode("utf-8")
    if data.draw(st.booleans(), label="damage the bytes too"):
        raw, _ = data.draw(damaged_bytes(case.text), label="damage")
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"study.{case.fmt}"
        file.write_bytes(raw)
        code, out, err = run_main(["validate", str(file)])
        error = _expected_error(lambda: ip.load(file))
    if error is None:
        assert (code, err) == (EXIT_OK, ""), (code, clip(err), case)
        assert out.startswith(f"{file}: valid (Dataset(")
    else:
        assert isinstance(error, DATASET_ERRORS)
        _check_invalid(code, err, error, case)
        assert out == ""


@settings(max_examples=10)
@given(case=hostile_packs())
def test_evaluate_with_a_hostile_pack_reports_or_names_the_problem(case: Hostile) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "mine.toml"
        file.write_text(case.text, encoding="utf-8")
        code, out, err = run_main(
            ["evaluate", str(EVERY_RECORD), "--rules", str(file), "--format", "json"]
        )
        error = _expected_error(lambda: load_pack(file))
    if error is None:
        assert code in (EXIT_OK, EXIT_FINDINGS), (code, clip(err), case)
        assert "Traceback" not in err
        assert out.startswith("{")
    else:
        assert isinstance(error, PACK_ERRORS)
        _check_invalid(code, err, error, case)


@settings(max_examples=10)
@given(case=st.sampled_from(["toml", "json"]).flatmap(hostile_datasets))
def test_evaluate_and_reconcile_a_hostile_dataset(case: Hostile) -> None:
    """A hostile file that still loads is a dataset like any other: every command runs on it."""
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"study.{case.fmt}"
        file.write_text(case.text, encoding="utf-8")
        error = _expected_error(lambda: ip.load(file))
        for argv in (["evaluate", str(file), "--format", "csv"], ["reconcile", str(file)]):
            code, _, err = run_main(argv)
            if error is None:
                assert code in (EXIT_OK, EXIT_FINDINGS), (argv, code, clip(err), case)
            else:
                _check_invalid(code, err, error, case)


_TOKENS = st.sampled_from(
    [
        "validate",
        "evaluate",
        "reconcile",
        "explain",
        "example",
        "--rules",
        "--as-of",
        "--format",
        "-o",
        "2024-02-30",
        "yesterday",
        "vn-land",
        "no-such-pack",
        "json",
        "yaml",
        "missing.toml",
        "",
        "\x00",
        "Đại An",
        "-",
        "--",
    ]
)


@settings(max_examples=25)
@given(argv=st.lists(_TOKENS, max_size=5))
def test_any_command_line_exits_with_a_code_not_a_traceback(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        cwd = os.getcwd()
        os.chdir(folder)  # "-o" writes here, "missing.toml" is missing here
        try:
            code, _, err = run_main(argv)
        finally:
            os.chdir(cwd)
    assert code in (EXIT_OK, EXIT_FINDINGS, EXIT_INVALID), (argv, code, err)
    assert "Traceback" not in err


# -- real processes -------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "industrial_policy", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def _hostile_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """Files a user might pass, each with a fragment its error must show."""
    text = EVERY_RECORD.read_text(encoding="utf-8")
    files = {
        "truncated": ("study.toml", text[: len(text) // 2].rsplit('"', 1)[0].encode(), "TOML"),
        "latin-1": ("latin.toml", 'name = "Hải Dương"'.encode("utf-16"), "not UTF-8"),
        "escape key": ("key.json", b'{"zones": [{"\\u001b[2J": 1}]}', "zones[0]['\\x1b[2J']"),
        "nan": ("nan.json", b'{"zones": [{"total_area": NaN}]}', "NaN"),
    }
    made = {}
    for name, (file_name, raw, fragment) in files.items():
        path = folder / file_name
        path.write_bytes(raw)
        made[name] = (path, fragment)
    (folder / "folder.toml").mkdir()
    made["directory"] = (folder / "folder.toml", "is a directory")
    made["missing"] = (folder / "missing.toml", "no such file")
    made["pickle"] = (folder / "data.pkl", "unknown file format 'pkl'")
    return made


def test_validate_exits_2_naming_the_problem(tmp_path: Path) -> None:
    for name, (path, fragment) in _hostile_files(tmp_path).items():
        code, out, err = run_main(["validate", str(path)])
        assert code == EXIT_INVALID, (name, err)
        assert "Traceback" not in err, (name, err)
        assert str(path) in err, (name, err)
        assert fragment in err, (name, err)
        assert out == ""


# Each real run costs a second or two of start-up: three files that go wrong in different
# ways (the parser, the bytes, a key that would write to the terminal).
@pytest.mark.parametrize("name", ["truncated", "latin-1", "escape key"])
def test_the_real_command_exits_2_naming_the_problem_without_a_traceback(
    tmp_path: Path, name: str
) -> None:
    path, fragment = _hostile_files(tmp_path)[name]
    done = _run("validate", str(path))
    assert done.returncode == EXIT_INVALID, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert str(path) in done.stderr, done.stderr
    assert fragment in done.stderr, done.stderr
    assert done.stderr.replace("\n", " ").isprintable(), done.stderr
    assert done.stdout == ""


def test_the_real_command_with_a_broken_pack(tmp_path: Path) -> None:
    pack = tmp_path / "mine.toml"
    pack.write_text("pack = 'mine'\ntitle = 'Mine'\nrules = " + "[" * 5000 + "]" * 5000)
    done = _run("evaluate", "--rules", str(pack))
    assert done.returncode == EXIT_INVALID, done.stderr
    assert "Traceback" not in done.stderr
    assert "nested too deeply" in done.stderr
    assert str(pack) in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="file permissions")
def test_the_real_command_with_an_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.toml"
    locked.write_text(EVERY_RECORD.read_text(encoding="utf-8"), encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # root reads anything
            pytest.skip("running as a user who can read a file with mode 000")
        done = _run("validate", str(locked))
    finally:
        locked.chmod(0o600)
    assert done.returncode == EXIT_INVALID
    assert "permission denied" in done.stderr
    assert "Traceback" not in done.stderr
