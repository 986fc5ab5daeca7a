"""Fuzz rule-pack loading: hostile packs end in a whole pack or ``RulePackError`` with the path.

The packs are the shipped ones (``vn-land``, ``vn-national``), mutated as in
``hostile.py``; a pack that loads must hold every rule and parameter of its
file, every value of every parameter.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    DEEP_LISTS,
    PACK_ERRORS,
    Hostile,
    Mutation,
    RawText,
    damaged_bytes,
    hostile_packs,
    judge,
    nested_lists,
    pack_cross_record,
    pack_documents,
    pack_problems,
    reference_parse,
    replaced,
    write,
)
from hypothesis import example, given
from hypothesis import strategies as st

from industrial_policy.rules import RulePackError, RuleSet, load_pack, load_packs, parse_pack
from industrial_policy.rules.packs import RulePack

LAND = pack_documents()[0]
SOURCE = "hostile-pack.toml"


def _parse_verdict(case: Hostile) -> Any:
    return judge(
        lambda: parse_pack(case.text, SOURCE),
        lambda pack: pack_problems(pack, reference_parse(case.text, "toml")),
        allowed=PACK_ERRORS,
        source=SOURCE,
        mutations=case.mutations,
        cross_record=pack_cross_record,
        shown=case,
    )


def _replace(path: tuple[str | int, ...], value: Any) -> Hostile:
    return Hostile(write(replaced(LAND, path, value), "toml"), "toml", (Mutation("replace", path),))


# Found by this suite: parse_pack let RecursionError (nesting deeper than tomllib
# recurses) and ValueError (an integer past Python's 4,300-digit limit) escape.
@given(case=hostile_packs())
@example(case=_replace(("parameters", 0, "values", 0, "value"), DEEP_LISTS))
@example(case=_replace(("parameters", 0, "values", 0, "value"), RawText("9" * 5000)))
@example(case=_replace(("parameters", 0, "values", 0, "value"), float("nan")))
@example(case=_replace(("parameters", 0, "values", 0, "value"), 1e308))
@example(case=_replace(("rules", 0, "scope"), nested_lists(100)))
@example(case=_replace(("rules", 0, "id"), "vn-land.\x00"))
@example(case=_replace(("rules", 0, "threshold"), "Đại An"))
@example(case=_replace(("pack",), ""))
def test_hostile_packs_load_whole_or_name_the_problem(case: Hostile) -> None:
    _parse_verdict(case)


@given(case=hostile_packs(), data=st.data())
def test_damaged_pack_files_load_whole_or_name_the_file(case: Hostile, data: st.DataObject) -> None:
    raw, how = data.draw(damaged_bytes(case.text), label="damage")
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "damaged.toml"
        file.write_bytes(raw)

        def check(pack: Any) -> list[str]:
            return pack_problems(pack, reference_parse(raw.decode("utf-8-sig"), "toml"))

        judge(
            lambda: load_pack(file),
            check,
            allowed=PACK_ERRORS,
            source=str(file),
            cross_record=pack_cross_record,
            shown=(how, case),
        )


@given(case=hostile_packs())
def test_a_hostile_pack_beside_the_shipped_ones_is_a_rule_set_or_a_pack_error(
    case: Hostile,
) -> None:
    """Several packs at once: a rule or parameter defined twice is named with its pack."""
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "mine.toml"
        file.write_text(case.text, encoding="utf-8")

        def check(rules: Any) -> list[str]:
            if not isinstance(rules, RuleSet):
                return [f"returned {type(rules).__name__}, not a RuleSet"]
            mine = load_pack(file)
            expected = len(load_packs()) + len(mine.rules)
            return [] if len(rules) == expected else [f"{len(rules)} rules, not {expected}"]

        error = judge(
            lambda: load_packs(["vn-land", "vn-national", file]),
            check,
            allowed=PACK_ERRORS,
            source=None,
            cross_record=lambda problem: problem.path.startswith("pack "),
            shown=case,
        )
        if isinstance(error, RulePackError) and error.source is None:
            # problems between packs: each names the pack it found in (repr() quotes a name
            # holding ' with ")
            assert all(p.path.startswith(("pack '", 'pack "')) for p in error.problems), error


def test_a_shipped_pack_under_another_name_repeats_its_rules() -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "copy.toml"
        file.write_text(write(replaced(LAND, ("pack",), "copy"), "toml"), encoding="utf-8")
        assert isinstance(load_pack(file), RulePack)
        with pytest.raises(RulePackError) as caught:
            load_packs(["vn-land", file])
    assert {p.path for p in caught.value.problems} == {"pack 'copy'"}
    assert "is also in pack 'vn-land'" in str(caught.value)


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_a_pack_nested_too_deeply_is_a_pack_error(depth: int) -> None:
    text = write(LAND, "toml") + f"junk = {'[' * depth}{']' * depth}\n"
    with pytest.raises(RulePackError, match="nested too deeply"):
        parse_pack(text, SOURCE)
