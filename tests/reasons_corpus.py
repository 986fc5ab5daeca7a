"""Bad inputs and the reasons the library gives for them: the corpus of the catalog's error
reasons (``test_i18n``).

Each case is a name and a call that must raise the library's error. :func:`reasons` gives the
reasons an error carries (a problem's message, an invalid value's reason, the message of any
other error); :func:`untranslated` gives those the Vietnamese catalog does not translate, and
the lines of the message as the command line shows it that no template matches.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import industrial_policy as ip
from industrial_policy import cli, i18n
from industrial_policy.errors import (
    IndustrialPolicyError,
    InvalidValueError,
    ProblemsError,
    english,
)

GOLDEN = Path(__file__).parent / "golden" / "error_messages_en.txt"
# Every reason the test suite made the library give, one a line (see :func:`collect`).
REASONS = Path(__file__).parent / "golden" / "error_reasons.txt"

# Reasons that are code, not words: a third-party parser's own text passed through after the
# library's words (the TOML or JSON parser's account of a syntax error); the words before it
# are translated, the parser's text stays as the parser wrote it.
CODE_REASONS: tuple[re.Pattern[str], ...] = ()

_HEAD = 'format = "industrial-policy/1"\n'
_ZONE = (
    '[[zones]]\nid = "z"\nname = "Z"\nkind = "KCN"\nprovince = "Hà Nội"\ntotal_area = "100 ha"\n'
)


def _loads(text: str, fmt: str = "toml") -> Callable[[], object]:
    return lambda: ip.loads(text, fmt)  # type: ignore[arg-type]


def _zone_with(**fields: str) -> Callable[[], object]:
    lines = [f"{key} = {value}" for key, value in fields.items()]
    return _loads(_HEAD + _ZONE + "\n".join(lines) + "\n")


def _frames(mapping: dict[str, Any] | None = None, **tables: dict[str, list[Any]]) -> Any:
    import pandas as pd

    frames = {name: pd.DataFrame(columns) for name, columns in tables.items()}
    return lambda: ip.read_frames(mapping, **frames)


_ZONES = {
    "id": ["a", "b"],
    "name": ["A", "B"],
    "kind": ["KCN", "KCN"],
    "province": ["Bắc Ninh", "Bắc Ninh"],
    "total_area": ["100 ha", "200 ha"],
}


def _zones(**changes: list[Any]) -> dict[str, list[Any]]:
    return {**_ZONES, **changes}


CASES: dict[str, Callable[[], object]] = {
    "unknown field": _zone_with(colour='"red"'),
    "bad kind": _loads(_HEAD + _ZONE.replace('"KCN"', '"KCNN"')),
    "negative area": _loads(_HEAD + _ZONE.replace('"100 ha"', '"-3 ha"')),
    "area without unit": _loads(_HEAD + _ZONE.replace('"100 ha"', '"100"')),
    "unknown unit": _loads(_HEAD + _ZONE.replace('"100 ha"', '"5 furlongs"')),
    "regional unit": _loads(_HEAD + _ZONE.replace('"100 ha"', '"5 sào"')),
    "ambiguous number": _loads(_HEAD + _ZONE.replace('"100 ha"', '"6.418 ha"')),
    "bad date": _zone_with(established='"2021-02-30"'),
    "day first date": _zone_with(established='"31/12/2021"'),
    "bad flag": _zone_with(specialises_in_hi_tech='"yes"'),
    "control character id": _loads(_HEAD + _ZONE.replace('"z"', '"a\\u0000b"')),
    "empty name": _loads(_HEAD + _ZONE.replace('"Z"', '""')),
    "missing fields": _loads(_HEAD + '[[zones]]\nid = "z"\n'),
    "no format": _loads('[[zones]]\nid = "z"\n'),
    "bad format": _loads('format = "other/9"\n'),
    "toml syntax": _loads(_HEAD + "[[zones]\n"),
    "json syntax": _loads('{"format": "industrial-policy/1", "zones": [}', "json"),
    "json not a table": _loads("[1, 2]", "json"),
    "land larger than the zone": _zone_with(industrial_land_area='"200 ha"'),
    "parcel in no zone": _loads(
        _HEAD
        + _ZONE
        + '[[parcels]]\nid = "p"\nzone_id = "nope"\narea = "1 ha"\nstatus = "leased"\n'
    ),
    "vacant parcel with category": _loads(
        _HEAD
        + _ZONE
        + '[[parcels]]\nid = "p"\nzone_id = "z"\narea = "1 ha"\nstatus = "vacant"\n'
        + 'category = "hi_tech"\n'
    ),
    "duplicate ids": _loads(_HEAD + _ZONE + _ZONE),
    "project without licence": _loads(
        _HEAD
        + _ZONE
        + '[[projects]]\nid = "pr"\nname = "P"\norigin = "fdi"\nzone_id = "z"\n'
        + '[[projects.capital_events]]\nkind = "adjusted"\ndate = "2021-01-01"\n'
        + 'amount = "10 million USD"\n'
    ),
    "money without currency": _loads(
        _HEAD
        + _ZONE
        + '[[projects]]\nid = "pr"\nname = "P"\norigin = "fdi"\nzone_id = "z"\n'
        + '[[projects.capital_events]]\nkind = "licensed"\ndate = "2021-01-01"\n'
        + 'amount = "10"\n'
    ),
    "frame cells": _frames(
        {"zones": {"units": {"total_area": "ha"}}},
        zones=_zones(kind=["KCN", "xx"], total_area=["6.418", "-3"]),
    ),
    "frame missing column": _frames({"zones": {"columns": {"total_area": "nope"}}}, zones=_zones()),
    "frame unknown table": _frames({"zonez": {}}, zones=_zones()),
    "frame bad unit": _frames({"zones": {"units": {"total_area": "furlong"}}}, zones=_zones()),
    "frame dates": _frames(
        zones=_zones(established=["2021-02-30", "yesterday"]),
    ),
    "bad language": lambda: ip.set_language("fr"),
    "bad notation": _frames({"notation": "fr"}, zones=_zones()),
}


def run_cli(*argv: str) -> tuple[int, str, str]:
    """The command line run with ``argv``: its exit code, its output and its errors."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        code = cli.main(list(argv), stdout=out)
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def reasons(exc: BaseException) -> list[str]:
    """The reasons ``exc`` carries, in English."""
    if isinstance(exc, ProblemsError):
        return [problem.message for problem in exc.problems]
    if isinstance(exc, InvalidValueError):
        return [exc.reason]
    return [english(exc)]


def shown(exc: BaseException) -> str:
    """``exc`` as it shows itself (and the command line shows it), in the current language."""
    return str(exc)


def untranslated(exc: BaseException) -> list[str]:
    """The reasons of ``exc`` and the lines of its message that Vietnamese leaves in English."""
    with ip.language("vi"):
        missing = [r for r in reasons(exc) if not reason_translated(r)]
        missing += [
            line
            for line in english(exc).split("\n")
            if not i18n.translated(line) and not _code(line)
        ]
    return missing


def reason_translated(reason: str) -> bool:
    """Whether the catalog translates ``reason``, or its part before the value it names
    (", got '6.418'", which the error's layout translates)."""
    return (
        i18n.translated(reason)
        or i18n.translated(re.split(r",? got ", reason, maxsplit=1)[0])
        or _code(reason)
    )


def _code(text: str) -> bool:
    return any(pattern.fullmatch(text) for pattern in CODE_REASONS)


def raised(case: Callable[[], object]) -> IndustrialPolicyError:
    """The library's error ``case`` raises."""
    try:
        case()
    except IndustrialPolicyError as exc:
        return exc
    raise AssertionError("the case raised no error")


def english_messages() -> str:
    """Every case's message in English, as the golden file holds them."""
    out = io.StringIO()
    with ip.language("en"):
        for name, case in CASES.items():
            out.write(f"== {name}\n{shown(raised(case))}\n")
    return out.getvalue()
