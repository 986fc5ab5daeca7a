"""Rule packs: TOML files of rules and the parameters they use, shipped or the user's own.

A pack is read like a dataset file (the same reader turns a missing or
unreadable file, bytes that are not UTF-8, TOML syntax errors and nesting
too deep to parse into listed problems) and structured with the dataset
format's converter, so it has the same strict error reporting as a dataset:
every problem is listed with its path (``rules[2].threshold: ...``), unknown
keys are refused, and nothing is skipped. The shipped packs are read on first
use, never at import.

>>> from industrial_policy.rules import load_pack, load_packs, shipped_packs
>>> shipped_packs()
['vn-land', 'vn-national']
>>> load_pack("vn-land").rules[0].id
'vn-land.hi-tech-reserve'
>>> rules = load_packs()   # every shipped pack
>>> rules.parameters["vn-national.hi-tech-park.min-share"].values[0].value
0.3
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import attrs

from industrial_policy import _fields
from industrial_policy.errors import (
    FileFormatError,
    Problem,
    ProblemsError,
    RulePackError,
    UnknownRecordError,
    did_you_mean,
)
from industrial_policy.io.converter import converter, problems_of
from industrial_policy.io.files import parse_text, read_text
from industrial_policy.rules.parameters import Parameter
from industrial_policy.rules.rule import Rule
from industrial_policy.rules.scoping import ApplyTo, Rescoped, read_apply_to, rescope

__all__ = ["RulePack", "RuleSet", "load_pack", "load_packs", "read_pack", "shipped_packs"]


@attrs.frozen
class RulePack:
    """Rules and the parameters they use, under one name (``vn-land``)."""

    pack: str = _fields.identifier()
    title: str = _fields.text()
    parameters: tuple[Parameter, ...] = _fields.records(Parameter)
    rules: tuple[Rule, ...] = _fields.records(Rule)
    description: str | None = _fields.text(optional=True)

    def problems(self) -> list[Problem]:
        """What does not fit together: ids used twice, thresholds naming no parameter
        of the pack, a parameter in another unit than the measure it is held against, or
        a yes/no fact named like an area input."""
        problems = list(_duplicates("parameters", [p.id for p in self.parameters]))
        problems.extend(_duplicates("rules", [r.id for r in self.rules]))
        parameters = {p.id: p for p in self.parameters}
        for i, rule in enumerate(self.rules):
            for where, condition in zip(("", "alternative."), rule.conditions, strict=False):
                for name in ("threshold", "threshold_upper"):
                    ref = getattr(condition, name)
                    if ref is None:
                        continue
                    path = f"rules[{i}].{where}{name}"
                    found = parameters.get(ref)
                    if found is None:
                        problems.append(Problem(path, "names no parameter of the pack", ref))
                    elif found.unit != condition.measure.unit:
                        problems.append(
                            Problem(
                                path,
                                f"parameter {ref!r} is in {found.unit}, but the measure"
                                f" {condition.measure.kind.value} is in {condition.measure.unit}",
                                ref,
                            )
                        )
        areas = {c.measure.input for r in self.rules for c in r.conditions if c.measure.input}
        for i, rule in enumerate(self.rules):
            for j, fact in enumerate(rule.facts):
                if fact.input in areas:
                    problems.append(
                        Problem(
                            f"rules[{i}].facts[{j}].input",
                            "names an input a measure takes as an area; a yes/no fact needs"
                            " a name of its own",
                            fact.input,
                        )
                    )
        return problems

    def apply_to(self, *, province: str, rules: Sequence[str] | None = None) -> RuleSet:
        """The pack's rules with ``province`` in place of the province their scope names
        (see :meth:`RuleSet.apply_to`)."""
        return RuleSet.of([self]).apply_to(province=province, rules=rules)


def _duplicates(field: str, ids: Sequence[str]) -> Iterable[Problem]:
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            yield Problem(f"{field}[{i}].id", f"id {item!r} is used twice", item)
        seen.add(item)


@attrs.frozen
class RuleSet:
    """Rules from one or more packs, with every parameter they use, by id."""

    rules: tuple[Rule, ...]
    parameters: Mapping[str, Parameter] = attrs.field(hash=False)
    packs: Mapping[str, str] = attrs.field(factory=dict, hash=False)
    """The pack each rule comes from, by rule id."""
    rescoped: Mapping[str, Rescoped] = attrs.field(factory=dict, hash=False)
    """The rules applied outside the scope their pack states (:meth:`apply_to`), by rule id."""

    def __len__(self) -> int:
        return len(self.rules)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        ids = [rule.id for rule in self.rules]
        choices = did_you_mean(rule_id, ids)
        raise UnknownRecordError(f"no rule {rule_id!r} in the rule set; {choices}")

    def apply_to(self, *, province: str, rules: Sequence[str] | None = None) -> RuleSet:
        """The rules with ``province`` in place of the province their scope names: a
        provincial policy applied to another province without copying its pack.

        ``rules`` chooses rule ids or pack names (default: every rule scoped to a province).
        The rules keep their ids and parameters; every finding of a re-scoped rule says it
        was applied outside its original scope, and from which pack
        (``docs/rules.md``, "Applying a policy elsewhere").
        """
        changed_rules, changed = rescope(self.rules, self.packs, province=province, chosen=rules)
        return attrs.evolve(self, rules=changed_rules, rescoped={**self.rescoped, **changed})

    def reform(self, apply_to: ApplyTo | None) -> RuleSet:
        """:meth:`apply_to` from a mapping (``{"province": "Bắc Ninh"}``) or its text
        (``'province="Bắc Ninh"'``, as on the command line); ``None`` changes nothing."""
        if apply_to is None:
            return self
        province, rules = read_apply_to(apply_to)
        return self.apply_to(province=province, rules=rules)

    @classmethod
    def of(cls, packs: Iterable[RulePack]) -> RuleSet:
        """One rule set from packs: a rule id in two packs, or one parameter id with two
        different definitions, is an error."""
        rules: list[Rule] = []
        parameters: dict[str, Parameter] = {}
        origin: dict[str, str] = {}
        problems: list[Problem] = []
        for pack in packs:
            for rule in pack.rules:
                if rule.id in origin:
                    problems.append(
                        Problem(
                            f"pack {pack.pack!r}",
                            f"rule {rule.id!r} is also in pack {origin[rule.id]!r}",
                            rule.id,
                        )
                    )
                origin[rule.id] = pack.pack
                rules.append(rule)
            for parameter in pack.parameters:
                known = parameters.get(parameter.id)
                if known is not None and known != parameter:
                    problems.append(
                        Problem(
                            f"pack {pack.pack!r}",
                            f"parameter {parameter.id!r} is defined differently in another pack",
                            parameter.id,
                        )
                    )
                parameters[parameter.id] = parameter
        if problems:
            raise RulePackError(problems)
        return cls(tuple(rules), parameters, origin)


def shipped_packs() -> list[str]:
    """The names of the packs shipped with the library."""
    folder = resources.files("industrial_policy.rules").joinpath("packs")
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def read_pack(document: object, source: str | None = None) -> RulePack:
    """A :class:`RulePack` from parsed TOML (a dict), or :class:`RulePackError` listing
    every problem with its path."""
    if not isinstance(document, dict):
        raise RulePackError(
            [Problem("", "a rule pack must hold a table at the top")], source=source
        )
    try:
        pack: RulePack = converter().structure(document, RulePack)
    except ProblemsError as exc:
        raise RulePackError(exc.problems, source=source) from None
    except Exception as exc:  # every failure inside becomes a listed problem
        raise RulePackError(problems_of(exc), source=source) from None
    problems = pack.problems()
    if problems:
        raise RulePackError(problems, source=source)
    return pack


def parse_pack(text: str, source: str | None = None) -> RulePack:
    """A :class:`RulePack` from TOML text."""
    try:
        document = parse_text(text, "toml", source)
    except FileFormatError as exc:  # the same syntax checks as a dataset file, as a pack's error
        raise RulePackError(exc.problems, source=source) from None
    return read_pack(document, source)


@cache
def _shipped(name: str) -> RulePack:
    text = resources.files("industrial_policy.rules").joinpath("packs", f"{name}.toml")
    return parse_pack(text.read_text(encoding="utf-8"), f"rule pack {name!r}")


def load_pack(name_or_path: str | os.PathLike[str]) -> RulePack:
    """A shipped pack by name (``"vn-land"``) or a TOML pack file by path."""
    if isinstance(name_or_path, str) and name_or_path in shipped_packs():
        return _shipped(name_or_path)
    path = Path(name_or_path)
    source = str(path)
    if path.suffix.lower() != ".toml":
        raise RulePackError(
            [
                Problem(
                    "",
                    f"no shipped rule pack {source!r} (shipped: {', '.join(shipped_packs())});"
                    " a pack file must be a .toml file",
                    source,
                )
            ]
        )
    try:
        text = read_text(path)
    except FileFormatError as exc:  # missing, a directory, unreadable, not UTF-8
        raise RulePackError(exc.problems, source=source) from None
    return parse_pack(text, source)


def load_packs(names: Sequence[str | os.PathLike[str]] | None = None) -> RuleSet:
    """Several packs as one :class:`RuleSet` (every shipped pack when ``names`` is empty)."""
    return RuleSet.of(load_pack(name) for name in (names or shipped_packs()))
