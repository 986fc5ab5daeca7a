"""Rule packs: TOML files of rules and parameters, shipped or the user's own.

A pack is read with the same converter and the same strict error reporting
as a dataset: every problem listed with its path (``rules[2].threshold``),
unknown keys refused, nothing skipped. Shipped packs are read on first use.

>>> from industrial_policy.rules import load_packs, shipped_packs
>>> shipped_packs()
['vn-land', 'vn-national']
>>> len(load_packs(["vn-land"]).rules) > 0
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from industrial_policy.errors import Problem, ProblemsError
from industrial_policy.rules.model import MeasureKind, Rule, RulePack
from industrial_policy.rules.parameters import Parameter

__all__ = ["RulePackError", "RuleSet", "load_pack", "load_packs", "shipped_packs"]

_UNITS = {
    MeasureKind.CATEGORY_SHARE: "ratio",
    MeasureKind.INDUSTRY_SHARE: "ratio",
    MeasureKind.OCCUPANCY: "ratio",
    MeasureKind.HOUSING_SHARE: "ratio",
    MeasureKind.UNLEASED_AREA: "hectare",
    MeasureKind.TOTAL_AREA: "hectare",
    MeasureKind.PHASE_AREA: "hectare",
}


class RulePackError(ProblemsError):
    """A rule pack that cannot be read or whose rules name missing parameters."""

    headline = "invalid rule pack"


@attrs.frozen
class RuleSet:
    """Rules from one or more packs, with every parameter they use, by id."""

    rules: tuple[Rule, ...]
    parameters: Mapping[str, Parameter] = attrs.field(hash=False)

    def __len__(self) -> int:
        return len(self.rules)


def shipped_packs() -> list[str]:
    """The names of the packs shipped with the library."""
    folder = resources.files("industrial_policy.rules").joinpath("packs")
    return sorted(
        e.name.removesuffix(".toml") for e in folder.iterdir() if e.name.endswith(".toml")
    )


def _pack_problems(pack: RulePack) -> list[Problem]:
    problems: list[Problem] = []
    parameters = {p.id: p for p in pack.parameters}
    seen_params: set[str] = set()
    for i, parameter in enumerate(pack.parameters):
        if parameter.id in seen_params:
            problems.append(
                Problem(f"parameters[{i}].id", "a parameter id is used twice", parameter.id)
            )
        seen_params.add(parameter.id)
    seen_rules: set[str] = set()
    for i, rule in enumerate(pack.rules):
        if rule.id in seen_rules:
            problems.append(Problem(f"rules[{i}].id", "a rule id is used twice", rule.id))
        seen_rules.add(rule.id)
        for name in ("threshold", "threshold_upper"):
            ref = getattr(rule, name)
            if ref is None:
                continue
            found = parameters.get(ref)
            if found is None:
                problems.append(
                    Problem(f"rules[{i}].{name}", "names no parameter of the pack", ref)
                )
            elif found.unit != _UNITS[rule.measure.kind]:
                problems.append(
                    Problem(
                        f"rules[{i}].{name}",
                        f"parameter {ref!r} is in {found.unit}, but a"
                        f" {rule.measure.kind.value} is in {_UNITS[rule.measure.kind]}",
                        ref,
                    )
                )
    return problems


def read_pack(document: Any, source: str) -> RulePack:
    from industrial_policy.fileformat.converter import converter, problems_of

    if not isinstance(document, dict):
        raise RulePackError(
            [Problem("", "a rule pack must hold a table at the top")], source=source
        )
    try:
        pack: RulePack = converter().structure(document, RulePack)
    except ProblemsError as exc:
        raise RulePackError(exc.problems, source=source) from None
    except Exception as exc:  # every failure below becomes a listed problem
        raise RulePackError(problems_of(exc), source=source) from None
    problems = _pack_problems(pack)
    if problems:
        raise RulePackError(problems, source=source)
    return pack


@cache
def _shipped(name: str) -> RulePack:
    import tomllib

    text = resources.files("industrial_policy.rules").joinpath("packs", f"{name}.toml")
    return read_pack(tomllib.loads(text.read_text(encoding="utf-8")), f"rule pack {name!r}")


def load_pack(name_or_path: str | os.PathLike[str]) -> RulePack:
    """A shipped pack by name (``"vn-land"``) or a pack file by path."""
    if isinstance(name_or_path, str) and name_or_path in shipped_packs():
        return _shipped(name_or_path)
    from industrial_policy.errors import FileFormatError
    from industrial_policy.fileformat.files import read_document

    path = Path(name_or_path)
    if not path.suffix:
        raise RulePackError(
            [
                Problem(
                    "",
                    f"no shipped rule pack {str(name_or_path)!r}; shipped:"
                    f" {', '.join(shipped_packs())}, or give a .toml file",
                )
            ]
        )
    try:
        document, _ = read_document(path)
    except FileFormatError as exc:
        raise RulePackError(exc.problems, source=str(path)) from None
    return read_pack(document, str(path))


def load_packs(names: Sequence[str | os.PathLike[str]] | None = None) -> RuleSet:
    """Several packs as one rule set (every shipped pack by default)."""
    packs = [load_pack(n) for n in (names if names else shipped_packs())]
    return combine(packs)


def combine(packs: Iterable[RulePack]) -> RuleSet:
    rules: list[Rule] = []
    parameters: dict[str, Parameter] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for pack in packs:
        for rule in pack.rules:
            if rule.id in seen:
                problems.append(Problem(pack.pack, f"rule {rule.id!r} is in two packs", rule.id))
            seen.add(rule.id)
            rules.append(rule)
        for parameter in pack.parameters:
            if parameter.id in parameters and parameters[parameter.id] != parameter:
                problems.append(
                    Problem(pack.pack, f"parameter {parameter.id!r} differs between packs")
                )
            parameters[parameter.id] = parameter
    if problems:
        raise RulePackError(problems)
    return RuleSet(tuple(rules), parameters)
