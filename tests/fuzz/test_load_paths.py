"""Paths that are not a readable dataset file: each gets its own clear error, datasets and packs.

A directory, a missing file, one without read permission, bytes that are
not UTF-8, an empty file, a suffix the library does not read (``.yaml``,
``.pkl``), a name no file can have: ``load`` raises ``FileFormatError`` and
``load_pack`` ``RulePackError``, each naming the path and saying what is wrong.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile import EVERY_RECORD

import industrial_policy as ip
from industrial_policy.errors import FileFormatError, ProblemsError, RulePackError
from industrial_policy.rules import load_pack

LAND_PACK = Path(ip.__file__).parent / "rules" / "packs" / "vn-land.toml"

# what to make at the path, and what the error must say
Make = Callable[[Path], None]


def _directory(path: Path) -> None:
    path.mkdir()


def _nothing(path: Path) -> None:
    pass


def _NFD(text: str) -> str:  # noqa: N802 - the name of the form
    return unicodedata.normalize("NFD", text)


def _bytes(raw: bytes) -> Make:
    def make(path: Path) -> None:
        path.write_bytes(raw)

    return make


CASES: dict[str, tuple[Make, str]] = {
    "directory": (_directory, "is a directory, not a file"),
    "missing": (_nothing, "no such file"),
    "utf-16": (_bytes('name = "Hải Dương"'.encode("utf-16")), "is not UTF-8 text (byte 0"),
    # Windows' Vietnamese code page writes tones as combining marks: "ả" is "a" and 0xD2.
    "cp1258": (_bytes(_NFD('name = "Hải Phòng"').encode("cp1258")), "is not UTF-8 text (byte 10"),
    "lone continuation byte": (_bytes(b'name = "\x80"'), "is not UTF-8 text (byte 8: b'\\x80')"),
    "empty": (_bytes(b""), "is empty"),
    "white space": (_bytes(b"\n  \t\r\n"), "holds nothing but white space"),
    "byte order mark only": (_bytes(b"\xef\xbb\xbf"), "is empty"),
}


def _error(load: Callable[[Path], Any], path: Path) -> ProblemsError:
    with pytest.raises(ProblemsError) as caught:
        load(path)
    return caught.value


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_path_that_is_not_a_dataset_file(tmp_path: Path, case: str, suffix: str) -> None:
    make, fragment = CASES[case]
    path = tmp_path / f"study{suffix}"
    make(path)
    error = _error(ip.load, path)
    assert type(error) is FileFormatError
    assert fragment in str(error)
    assert str(error).startswith(f"invalid file in {path}: 1 problem")
    assert error.source == str(path)


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_path_that_is_not_a_pack_file(tmp_path: Path, case: str) -> None:
    make, fragment = CASES[case]
    path = tmp_path / "mine.toml"
    make(path)
    error = _error(load_pack, path)
    assert type(error) is RulePackError
    assert fragment in str(error)
    assert str(error).startswith(f"invalid rule pack in {path}: 1 problem")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("study.yaml", "unknown file format 'yaml': use a .toml or .json file"),
        ("study.yml", "unknown file format 'yml'"),
        ("study.pkl", "unknown file format 'pkl'"),
        ("study.pickle", "unknown file format 'pickle'"),
        ("study.toml.bak", "unknown file format 'bak'"),
        ("study", "no file format in the name: use a .toml or .json file"),
    ],
)
def test_a_suffix_the_library_does_not_read(tmp_path: Path, name: str, fragment: str) -> None:
    """Refused by its name, before any byte is read: the content is never looked at."""
    path = tmp_path / name
    shutil.copy(EVERY_RECORD, path)
    error = _error(ip.load, path)
    assert type(error) is FileFormatError
    assert fragment in str(error)
    assert str(path) in str(error)
    pack_error = _error(load_pack, path)
    assert type(pack_error) is RulePackError
    assert "a pack file must be a .toml file" in str(pack_error)


def test_an_explicit_format_reads_any_name(tmp_path: Path) -> None:
    path = tmp_path / "study.txt"
    shutil.copy(EVERY_RECORD, path)
    assert ip.load(path, fmt="toml") == ip.load(EVERY_RECORD)
    error = _error(lambda p: ip.load(p, fmt="json"), path)
    assert "not valid JSON" in str(error)


def test_a_name_no_file_can_have(tmp_path: Path) -> None:
    error = _error(ip.load, tmp_path / "st\x00udy.toml")
    assert "holds a NUL character" in str(error)
    # the name is shown escaped: a NUL or an escape sequence never reaches the terminal
    assert "\\x00" in str(error)
    assert str(error).replace("\n", " ").isprintable()


def test_a_name_too_long_for_the_file_system(tmp_path: Path) -> None:
    error = _error(ip.load, tmp_path / ("x" * 5000 + ".toml"))
    assert "cannot be read" in str(error)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    loads: list[tuple[Path, Callable[[Path], Any]]] = [
        (tmp_path / "locked.toml", ip.load),
        (tmp_path / "locked-pack.toml", load_pack),
    ]
    for path, load in loads:
        shutil.copy(EVERY_RECORD, path)
        path.chmod(0)
        try:
            if os.access(path, os.R_OK):  # root reads a file whatever its mode
                pytest.skip("running as a user who can read a file with mode 000")
            error = _error(load, path)
        finally:
            path.chmod(0o600)
        assert "permission denied: the file cannot be read" in str(error)
        assert str(path) in str(error)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_a_byte_order_mark_and_a_vietnamese_file_name_are_fine(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"Khu kinh tế Đông Nam{suffix}"
    text = ip.dumps(ip.load(EVERY_RECORD), suffix[1:])  # type: ignore[arg-type]
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert ip.load(path) == ip.load(EVERY_RECORD)


def test_a_pack_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "gói luật.toml"
    path.write_bytes(b"\xef\xbb\xbf" + LAND_PACK.read_bytes())
    assert load_pack(path) == load_pack("vn-land")


def test_permission_denied_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message for a file that cannot be read, shown even where the tests run as root."""
    path = tmp_path / "locked.toml"
    shutil.copy(EVERY_RECORD, path)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    for load in (ip.load, load_pack):
        error = _error(load, path)
        assert "permission denied: the file cannot be read" in str(error)
        assert str(path) in str(error)
