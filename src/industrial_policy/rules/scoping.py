"""A policy applied outside the scope its pack states: re-scoping rules, without copying a pack.

The ``vn-land`` quotas are a provincial policy of Hải Dương: their rules keep the zones of
that province. To ask what the same policy would say in another province, re-scope the rules
rather than write a pack of your own:

>>> import industrial_policy as ip
>>> from industrial_policy.rules import evaluate, load_pack
>>> ds = ip.Dataset(zones=[ip.Zone(id="bn-1", name="KCN Quế Võ", kind="industrial_park",
...                                province="Bắc Ninh", total_area="600 ha")],
...                 parcels=[ip.Parcel(id="p-1", zone_id="bn-1", area="90 ha",
...                                    status="reserved", category="hi_tech")])
>>> rules = load_pack("vn-land").apply_to(province="Bắc Ninh")
>>> finding = evaluate(ds, rules, "2024-12-31")["vn-land.hi-tech-reserve/bn-1"]
>>> finding.status.value, str(finding.actual)
('fail', '15%')
>>> finding.title.endswith("(policy of Hải Dương applied to Bắc Ninh)")
True
>>> note = finding.explanation.notes[0]
>>> note.startswith("applied outside its original scope: pack 'vn-land' scopes rule")
True
>>> note.split("; ")[1]
're-scoped here to Bắc Ninh (apply_to)'

The rules keep their ids and their parameters (``overrides`` name the same ids), so a report
of the re-scoped rules compares finding by finding with one of the original rules. Only the
rules whose scope names a province are re-scoped; a rule of every province already applies
everywhere. On the command line, ``--apply-to province="Bắc Ninh"`` does the same; its text
is read by :func:`parse_apply_to`, a small grammar of its own (never ``eval``):

>>> parse_apply_to('province="Bắc Ninh", rules=vn-land.hi-tech-reserve')
{'province': 'Bắc Ninh', 'rules': ('vn-land.hi-tech-reserve',)}
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

import attrs

from industrial_policy.errors import InvalidValueError
from industrial_policy.records.reported import name_key
from industrial_policy.rules.rule import Rule, Scope

__all__ = ["APPLY_TO_KEYS", "ApplyTo", "Rescoped", "parse_apply_to", "read_apply_to", "rescope"]

APPLY_TO_KEYS = ("province", "rules")
"""What a re-scoping may say: the ``province`` the rules are applied to, and which ``rules``
(rule ids or pack names; every rule scoped to a province when not given)."""

ApplyTo = Mapping[str, object] | str
"""What ``apply_to`` accepts: ``{"province": "Bắc Ninh", "rules": [...]}`` or its text,
``'province="Bắc Ninh"'``."""


@attrs.frozen
class Rescoped:
    """A rule applied outside the scope its pack states: where it came from, where it is now."""

    rule_id: str
    pack: str
    original: Scope
    scope: Scope

    @property
    def note(self) -> str:
        """What every finding of the rule says first."""
        return (
            f"applied outside its original scope: pack {self.pack!r} scopes rule"
            f" {self.rule_id!r} to {self.original.province}; re-scoped here to"
            f" {self.scope.province} (apply_to)"
        )

    @property
    def label(self) -> str:
        """A few words added to the title of each finding of the rule."""
        return f"policy of {self.original.province} applied to {self.scope.province}"


def rescope(
    rules: Sequence[Rule],
    packs: Mapping[str, str],
    *,
    province: str,
    chosen: Sequence[str] | None = None,
) -> tuple[tuple[Rule, ...], dict[str, Rescoped]]:
    """The rules with ``province`` in place of the province their scope names, and what
    changed for each rule re-scoped.

    ``chosen`` names rules by id or packs by name; without it, every rule scoped to a
    province is re-scoped. Naming a rule that is not in the rules, or one scoped to no
    province (it applies in every province already), is an error.
    """
    where = "apply_to"
    province = _text(province, f"{where}['province']")
    names = set(chosen) if chosen is not None else None
    if names is not None:
        known = {r.id for r in rules} | set(packs.values())
        unknown = sorted(names - known)
        if unknown:
            raise InvalidValueError(
                f"names no rule or pack of the rules evaluated (rules: {', '.join(sorted(known))})",
                value=unknown[0],
                field=f"{where}['rules']",
            )
    result: list[Rule] = []
    changed: dict[str, Rescoped] = {}
    for rule in rules:
        named = names is None or rule.id in names or packs.get(rule.id) in names
        if not named:
            result.append(rule)
            continue
        if rule.scope.province is None:
            if names is not None and rule.id in names:
                raise InvalidValueError(
                    "this rule is scoped to no province: it applies in every province already",
                    value=rule.id,
                    field=f"{where}['rules']",
                )
            result.append(rule)
            continue
        if name_key(rule.scope.province) == name_key(province):
            result.append(rule)
            continue
        scope = attrs.evolve(rule.scope, province=province)
        result.append(attrs.evolve(rule, scope=scope))
        changed[rule.id] = Rescoped(rule.id, packs.get(rule.id, "?"), rule.scope, scope)
    if not any(r.scope.province is not None for r in rules):
        raise InvalidValueError(
            "no rule evaluated is scoped to a province, so none can be applied to another"
            f" (rules: {', '.join(r.id for r in rules) or 'none'})",
            value=province,
            field=where,
        )
    return tuple(result), changed


def read_apply_to(spec: ApplyTo) -> tuple[str, tuple[str, ...] | None]:
    """The province and the rules chosen of an ``apply_to`` mapping or text."""
    if isinstance(spec, str):
        spec = parse_apply_to(spec)
    if not isinstance(spec, Mapping):
        raise InvalidValueError(
            "apply_to is a mapping such as {'province': 'Bắc Ninh'} or its text,"
            " 'province=\"Bắc Ninh\"'",
            value=spec,
            field="apply_to",
        )
    unknown = sorted(str(k) for k in spec if k not in APPLY_TO_KEYS)
    if unknown:
        raise InvalidValueError(
            f"not a key of apply_to (they are: {', '.join(APPLY_TO_KEYS)})",
            value=unknown[0],
            field="apply_to",
        )
    if "province" not in spec:
        raise InvalidValueError(
            "apply_to needs the province to apply the rules to", value=dict(spec), field="apply_to"
        )
    province = _text(spec["province"], "apply_to['province']")
    rules = spec.get("rules")
    if rules is None:
        return province, None
    if isinstance(rules, str):
        rules = (rules,)
    if not isinstance(rules, Sequence) or not rules:
        raise InvalidValueError(
            "rules is a rule id, a pack name, or a list of them",
            value=rules,
            field="apply_to['rules']",
        )
    return province, tuple(_text(r, "apply_to['rules']") for r in rules)


def _text(value: object, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError("must be a non-empty text", value=value, field=field)
    return unicodedata.normalize("NFC", value.strip())


# -- the command line's grammar ---------------------------------------------------------------
#
#   apply_to := pair ("," pair)*
#   pair     := key "=" value            key: province | rules (rules may repeat)
#   value    := '"' (char | '\"' | '\\')* '"'  |  bare text without , " or =

_PAIR = re.compile(
    r'\s*(?P<key>[A-Za-z_]+)\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\["\\])*)"|(?P<bare>[^,"=]*))\s*'
)


def parse_apply_to(text: str) -> dict[str, object]:
    """``province="Bắc Ninh"`` (quotes optional), ``rules=ID`` any number of times, pairs
    separated by commas: the mapping :func:`read_apply_to` reads. Anything else is an
    :class:`~industrial_policy.errors.InvalidValueError` naming where it went wrong."""
    result: dict[str, object] = {}
    rules: list[str] = []
    position = 0
    while True:
        match = _PAIR.match(text, position)
        if match is None or not (match["quoted"] is not None or match["bare"].strip()):
            raise InvalidValueError(
                f"expected KEY=VALUE at character {position + 1}"
                ' (for example province="Bắc Ninh" or rules=vn-land.hi-tech-reserve)',
                value=text,
                field="--apply-to",
            )
        key = match["key"]
        value = match["quoted"] if match["quoted"] is not None else match["bare"].strip()
        value = re.sub(r"\\([\"\\])", r"\1", value)
        if key not in APPLY_TO_KEYS:
            raise InvalidValueError(
                f"unknown key {key!r} (the keys are: {', '.join(APPLY_TO_KEYS)})",
                value=text,
                field="--apply-to",
            )
        if key == "rules":
            rules.append(value)
        elif key in result:
            raise InvalidValueError(
                f"{key} is given twice: rules apply to one province", value=text, field="--apply-to"
            )
        else:
            result[key] = value
        position = match.end()
        if position == len(text):
            break
        if text[position] != ",":
            raise InvalidValueError(
                f"expected a comma or the end at character {position + 1}",
                value=text,
                field="--apply-to",
            )
        position += 1
    if rules:
        result["rules"] = tuple(rules)
    return result
