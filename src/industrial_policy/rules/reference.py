"""The legal reference of rule packs: every parameter with its dated values and sources.

The page ``docs/legal-reference.md`` is generated from the shipped packs, never
written by hand, and a test regenerates it and compares (so the page and the
packs cannot drift apart)::

    python -m industrial_policy.rules.reference > docs/legal-reference.md

For each parameter it lists every value with the day it takes effect, the
legal text, article, clause and point it comes from, the public page it was
read on and the day it was read, the authority (national or provincial) and
whether it is verified; for each rule its period, the instrument, what
governed before and after it, and the yes/no facts the user can give.

>>> from industrial_policy.rules import load_packs
>>> page = reference_markdown(load_packs(["vn-national"]))
>>> "| 100 ha | 2024-05-01 | Decree 32/2024/NĐ-CP | Art. 8, cl. 1, pt. c | verified |" in page
True
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from industrial_policy.rules.packs import RulePack, RuleSet, load_pack, shipped_packs
from industrial_policy.rules.parameters import Parameter, ParameterValue
from industrial_policy.rules.rule import Rule

__all__ = ["reference_markdown", "value_text"]

COMMAND = "python -m industrial_policy.rules.reference > docs/legal-reference.md"


def value_text(value: float, unit: str) -> str:
    """``60%`` for a share, ``10,000 ha`` for an area (no trailing zeros)."""
    if unit == "ratio":
        return f"{value * 100:,.4f}".rstrip("0").rstrip(".") + "%"
    return f"{value:,.4f}".rstrip("0").rstrip(".") + " ha"


def _cell(text: str | None) -> str:
    """Text fit for a Markdown table cell (pipes escaped, no line breaks)."""
    if not text:
        return "—"
    return " ".join(text.split()).replace("|", "\\|")


def _status(parameter: Parameter, value: ParameterValue | None = None) -> str:
    """A value's status, or (without one) the parameter's over all its values."""
    if value is not None:
        return "verified" if parameter.verified and value.verified else "**not verified**"
    if not parameter.values:
        return "no value shipped" + ("" if parameter.verified else " (**not verified**)")
    unverified = sum(not v.verified for v in parameter.values)
    if not parameter.verified or unverified == len(parameter.values):
        return "**not verified**"
    if unverified:
        return f"**{unverified} of {len(parameter.values)} values not verified**"
    return "verified"


def _article(value: ParameterValue) -> str:
    source = value.source
    if source is None or source.article is None:
        return "not confirmed"
    parts = [f"Art. {source.article}"]
    if source.clause:
        parts.append(f"cl. {source.clause}")
    if source.point:
        parts.append(f"pt. {source.point}")
    return ", ".join(parts)


def _page(value: ParameterValue) -> str:
    source = value.source
    if source is None or source.url is None:
        return "—"
    read = f", read {source.retrieved.isoformat()}" if source.retrieved else ""
    return f"<{source.url}>{read}"


def _parameter(parameter: Parameter, rules: Sequence[Rule]) -> list[str]:
    authority = parameter.authority.value if parameter.authority else "—"
    where = f" ({parameter.jurisdiction})" if parameter.jurisdiction else ""
    users = [r.id for r in rules if parameter.id in {c.threshold for c in r.conditions}]
    users += [
        r.id
        for r in rules
        if parameter.id in {c.threshold_upper for c in r.conditions} and r.id not in users
    ]
    lines = [
        f"### `{parameter.id}`",
        "",
        f"{_cell(parameter.description)}.",
        "",
        f"- unit: {parameter.unit}; authority: {authority}{where}; status: {_status(parameter)}",
        f"- citation: {_cell(parameter.citation)}",
        f"- used by: {', '.join(f'`{u}`' for u in users) or '—'}",
        "",
    ]
    if not parameter.values:
        lines += [
            "No value is shipped: the figure is the user's to give"
            f" (`overrides={{{parameter.id!r}: ...}}`).",
            "",
        ]
        return lines
    lines += [
        "| value | in force from | source | article | status | page read |",
        "|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    for value in parameter.values:
        since = value.effective_from.isoformat() if value.effective_from else "date not known"
        source = value.source.document if value.source is not None else parameter.citation
        lines.append(
            f"| {value_text(value.value, parameter.unit)} | {since} | {_cell(source)}"
            f" | {_article(value)} | {_status(parameter, value)} | {_page(value)} |"
        )
        said = [t for t in (value.note, value.source.note if value.source else None) if t]
        if said:
            notes.append(f"- from {since}: " + "; ".join(_cell(t) for t in said))
    return [*lines, "", *notes, ""] if notes else [*lines, ""]


def _period(rule: Rule) -> str:
    start = rule.in_force_from.isoformat() if rule.in_force_from else "no start date"
    end = rule.in_force_until.isoformat() if rule.in_force_until else "no end date"
    return f"{start} to {end}"


def _rule(rule: Rule) -> list[str]:
    thresholds = [ref for c in rule.conditions for ref in c.parameter_ids()]
    lines = [
        f"### `{rule.id}`",
        "",
        f"{_cell(rule.title)}.",
        "",
        f"- in force: {_period(rule)}; instrument: {_cell(rule.instrument)}",
        f"- authority: {rule.authority.value}"
        + (f" ({rule.jurisdiction})" if rule.jurisdiction else ""),
        f"- citation: {_cell(rule.citation)}",
        f"- parameters: {', '.join(f'`{t}`' for t in thresholds)}",
    ]
    if rule.in_force_from is not None:
        before = _cell(rule.before) if rule.before else "the earlier rule is not shipped"
        lines.append(f"- before {rule.in_force_from.isoformat()}: not applicable; {before}")
    if rule.in_force_until is not None:
        after = _cell(rule.superseded_by) if rule.superseded_by else "the later rule is not shipped"
        lines.append(f"- after {rule.in_force_until.isoformat()}: not applicable; {after}")
    for condition in rule.conditions:
        if condition.measure.input:
            lines.append(f"- user input (area per subject): `{condition.measure.input}`")
    for fact in rule.facts:
        lines.append(
            f"- user input (True/False, {fact.role.value}): `{fact.input}`: {_cell(fact.text)}"
        )
    if rule.unchecked_alternative:
        lines.append(f"- also met when (not checked): {_cell(rule.unchecked_alternative)}")
    return [*lines, ""]


def _pack(pack: RulePack) -> list[str]:
    lines = [f"## Pack `{pack.pack}`", "", f"{_cell(pack.title)}.", ""]
    if pack.description:
        lines += [_cell(pack.description), ""]
    lines += ["### Summary", "", "| parameter | values | status |", "|---|---|---|"]
    for parameter in pack.parameters:
        values = "; ".join(
            f"{value_text(v.value, parameter.unit)} from "
            + (v.effective_from.isoformat() if v.effective_from else "(date not known)")
            for v in parameter.values
        )
        lines.append(f"| `{parameter.id}` | {values or 'none shipped'} | {_status(parameter)} |")
    lines += ["", "## Parameters of `" + pack.pack + "`", ""]
    for parameter in pack.parameters:
        lines += _parameter(parameter, pack.rules)
    lines += ["## Rules of `" + pack.pack + "`", ""]
    for rule in pack.rules:
        lines += _rule(rule)
    return lines


def reference_markdown(rules: RuleSet | Iterable[RulePack] | None = None) -> str:
    """The legal reference page (Markdown) of the given packs, every shipped pack by default.

    A :class:`RuleSet` is grouped back into the shipped packs its rules come from; packs
    of one's own are given as :class:`RulePack` objects.
    """
    if rules is None:
        packs: list[RulePack] = [load_pack(name) for name in shipped_packs()]
    elif isinstance(rules, RuleSet):
        ids = {r.id for r in rules.rules}
        packs = [
            p for p in (load_pack(n) for n in shipped_packs()) if ids & {r.id for r in p.rules}
        ]
    else:
        packs = list(rules)
    lines = [
        "# Legal reference of the rule packs",
        "",
        f"<!-- Generated from the rule packs by `{COMMAND}`. Do not edit by hand:"
        " tests/test_rules_reference.py regenerates this page and compares. -->",
        "",
        "Every parameter of the shipped rule packs, with each of its values, the day the value"
        " takes effect, the legal text, article, clause and point it comes from, the public page"
        " it was read on and the day it was read, its authority and whether it is verified."
        " **Verified** means that the figure and its article were read in the cited source;"
        " **not verified** values (a figure read without its article, a predecessor's figure,"
        " a draft policy) are applied, and every finding that uses them says NOT VERIFIED."
        " A parameter with no value is the user's to give. The sources are law firms' and legal"
        " databases' pages quoting the texts, not the official gazette: check the text you rely"
        " on, and override any figure with `evaluate(..., overrides={...})`.",
        "",
        "A rule is applied only in its period: on an earlier or later day every subject is"
        " `not_applicable`, and the finding says which text was in force and what applies"
        " instead. See [Rules and rule packs](rules.md) for the format.",
        "",
    ]
    for pack in packs:
        lines += _pack(pack)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the reference page of every shipped pack to standard output."""
    if argv:
        sys.stderr.write(f"usage: {COMMAND}\n")
        return 2
    sys.stdout.write(reference_markdown())
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through the test that runs it
    raise SystemExit(main(sys.argv[1:]))
