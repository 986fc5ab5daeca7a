"""Findings of a rule, with explanations a reader can check by hand.

Everything computed in bulk by the engine becomes, here, one
:class:`~industrial_policy.findings.Finding` per subject: the inputs with
their record ids, the formula in words, each step of the arithmetic, the
parameters with the date each took effect (or the mark of a what-if
override), the rule's authority and citation, and what is missing when the
finding is insufficient data. Texts shared by every subject of a rule are
built once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar import FlagColumn
from industrial_policy.findings import (
    MAX_LISTED_RECORDS,
    Amount,
    Comparator,
    Explanation,
    Finding,
    InputValue,
    ParameterUse,
    Status,
    flat_row,
    row_texts,
)
from industrial_policy.rules.measures import (
    ECONOMIC_ZONE_TYPE,
    HI_TECH,
    MISSING_INPUT,
    MISSING_TEXT,
    MISSING_TEXT_MANY,
    NO_ECONOMIC_ZONE_TYPE,
    NO_PARCELS,
    NO_TOTAL_AREA,
    PROVINCE,
    Frame,
    Groups,
    ZoneValues,
)
from industrial_policy.rules.parameters import Authority, Parameter
from industrial_policy.rules.published import figures_basis
from industrial_policy.rules.rule import (
    Condition,
    Fact,
    FactRole,
    Level,
    MeasureKind,
    Rule,
    Use,
    name_of,
)
from industrial_policy.rules.scoping import Rescoped
from industrial_policy.rules.verdicts import FAIL, PASS, UNDECIDED, Verdicts

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset

__all__ = [
    "ConditionResult",
    "LevelFindings",
    "Listing",
    "RuleText",
    "hectares_text",
    "percent_text",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def hectares_text(value: float) -> str:
    """``45 ha``, ``1,000 ha``, ``62.5 ha``: up to four decimals, none trailing."""
    if math.isinf(value):
        return "unbounded"
    return f"{value:,.4f}".rstrip("0").rstrip(".") + " ha"


def percent_text(value: float) -> str:
    """``15%``, ``62.9921%``: a share as a percentage, up to four decimals."""
    if math.isinf(value):
        return "unbounded"
    return f"{value * 100:,.4f}".rstrip("0").rstrip(".") + "%"


def _value_text(value: float, share: bool) -> str:
    return percent_text(value) if share else hectares_text(value)


def _listed(names: Sequence[str], total: int) -> str:
    more = total - len(names)
    return ", ".join(names) + (f", … {more} more" if more > 0 else "")


class Listing:
    """The parcels of a mask, grouped by zone, to list in explanations."""

    def __init__(self, frame: Frame, mask: BoolArray) -> None:
        order, _ = frame.by_zone
        self._ids = frame.parcels.ids
        self._chosen = order[mask[order]]
        self.counts = np.bincount(
            frame.parcels.zone[self._chosen], minlength=len(frame.zones)
        ).astype(np.int64)
        self._starts = np.concatenate(([0], np.cumsum(self.counts)))

    def of(self, zones: Sequence[int]) -> tuple[tuple[str, ...], int]:
        """Up to :data:`MAX_LISTED_RECORDS` parcel ids of these zones, and how many in all."""
        listed: list[str] = []
        for z in zones:
            room = MAX_LISTED_RECORDS - len(listed)
            if room <= 0:
                break
            start = int(self._starts[z])
            stop = min(int(self._starts[z + 1]), start + room)
            listed.extend(self._ids[i] for i in self._chosen[start:stop].tolist())
        return tuple(listed), int(self.counts[zones].sum())


@attrs.frozen
class ConditionResult:
    """One condition of a rule on every subject of one level, in hectares and verdicts."""

    condition: Condition
    threshold: float | None
    upper: float | None
    values: ZoneValues
    low: FloatArray  # per subject, hectares (the bounds of the numerator for a share)
    high: FloatArray
    base: FloatArray
    subject_missing: IntArray  # per subject: the bits of what its zones lack
    given: FloatArray | None  # per subject: the user's input in hectares, NaN where not given
    verdicts: Verdicts
    # per subject: the share is bounded by the rates of zones whose weight is not known
    rate_bounds: BoolArray | None = None


class RuleText:
    """The texts of a rule shared by all its findings: formula, notes, parameter uses."""

    def __init__(
        self,
        rule: Rule,
        parameters: Mapping[str, Parameter],
        uses: Mapping[str, ParameterUse | None],
        day: dt.date,
        rescoped: Rescoped | None = None,
    ) -> None:
        self.rule = rule
        self.day = day
        self.uses = tuple(u for u in uses.values() if u is not None)
        self.formula = self._formula(uses)
        # A rule re-scoped by apply_to says so first, in every finding of the rule.
        self.notes = ((rescoped.note,) if rescoped else ()) + self._notes(parameters, uses)
        self.title = f"{rule.title} ({rescoped.label})" if rescoped else rule.title

    def _formula(self, uses: Mapping[str, ParameterUse | None]) -> str:
        rule = self.rule
        parts = []
        for i, condition in enumerate(rule.conditions):
            share = condition.measure.kind.is_share
            need = [self._value_of(ref, uses, share) for ref in condition.parameter_ids()]
            if condition.comparator is Comparator.BETWEEN:
                wanted = f"between {need[0]} and {need[1]}"
            elif condition.comparator is Comparator.ABOUT:
                wanted = f"about {need[0]} ± {need[1]}"
            else:
                wanted = f"{condition.comparator.words} {need[0]}"
            parts.append(("or else " if i else "") + f"{condition.measure.describe()}, {wanted}")
        levels = ", ".join(level.subject_kind for level in rule.levels)
        return f"{'; '.join(parts)} — for {rule.scope.describe()}, per {levels}"

    @staticmethod
    def _value_of(ref: str, uses: Mapping[str, ParameterUse | None], share: bool) -> str:
        use = uses.get(ref)
        if use is None:
            return f"[{ref}: no value]"
        return f"{_value_text(float(use.value.value), share)} [{ref}]"

    def _notes(
        self, parameters: Mapping[str, Parameter], uses: Mapping[str, ParameterUse | None]
    ) -> tuple[str, ...]:
        rule = self.rule
        where = f" of {rule.jurisdiction}" if rule.jurisdiction else ""
        if rule.authority is Authority.PROVINCIAL:
            notes = [f"authority: provincial policy{where}, not national law"]
        else:
            notes = [f"authority: national law{where}"]
        for parameter_id, use in uses.items():
            parameter = parameters[parameter_id]
            if use is None:
                notes.append(
                    f"parameter {parameter_id!r} has no value: the sources do not confirm one;"
                    f" supply it with overrides={{{parameter_id!r}: ...}} to get a verdict"
                )
            value_unverified = (
                use is not None
                and not use.overridden
                and not parameter.verified_on(self.day)
                and parameter.verified
            )
            if value_unverified:
                current = parameter.value_on(self.day)
                why = current.citation() if current is not None else None
                notes.append(
                    f"parameter {parameter_id!r}: the value in force on {self.day.isoformat()}"
                    " is NOT VERIFIED against the legal text" + (f" ({why})" if why else "")
                )
            if not parameter.verified:
                notes.append(
                    f"parameter {parameter_id!r} is NOT VERIFIED against the legal text"
                    + (f" ({parameter.description})" if parameter.description else "")
                    + (
                        ": the value used is the user's"
                        if use is not None and use.overridden
                        else ""
                    )
                )
            if use is not None and not use.overridden:
                current = parameter.value_on(self.day)
                if current is not None and current.effective_from is None:
                    notes.append(
                        f"the date parameter {parameter_id!r} took effect is not in the sources:"
                        " its value is applied on every date"
                    )
                if current is not None and current.note:
                    notes.append(f"parameter {parameter_id!r}: {current.note}")
        if rule.alternative is not None:
            notes.append("the rule is met when either condition holds")
        if rule.unchecked_alternative:
            notes.append(
                f"the rule is also met when {rule.unchecked_alternative}; the data cannot show"
                " this, so a failed condition is reported as insufficient data, not as a failure"
            )
        if rule.note:
            notes.append(rule.note)
        return tuple(notes)

    # -- findings without a measurement ----------------------------------------------

    def _bare(
        self,
        subject: str,
        kind: str,
        status: Status,
        notes: Sequence[str],
        inputs: tuple[InputValue, ...] = (),
    ) -> Finding:
        return Finding(
            check_id=self.rule.id,
            kind="rule",
            title=self.title,
            subject_id=subject,
            subject_kind=kind,
            status=status,
            as_of=self.day,
            explanation=Explanation(
                formula=self.formula,
                inputs=inputs,
                parameters=self.uses,
                notes=(*notes, *self.notes),
            ),
            citation=self.rule.citation,
        )

    def no_subject(self) -> Finding:
        """The rule finds no zone of the dataset in its scope: it says which kinds of zone
        it is about, to record if the province has them."""
        scope = self.rule.scope
        note = f"not applicable: no zone of the dataset is in scope ({scope.describe()})"
        if scope.kinds:
            kinds = " or ".join(repr(k.value) for k in sorted(scope.kinds, key=lambda k: k.value))
            note += f"; record such zones (Zone.kind = {kinds}) to check them"
        return self._bare("all", "rule", Status.NOT_APPLICABLE, [note])

    def not_applicable(self, groups: Sequence[Groups], why: str) -> list[Finding]:
        """Every subject of the rule, reported as not applicable, with why."""
        note = [f"not applicable on {self.day.isoformat()}: {why}"]
        return [
            self._bare(subject, g.level.subject_kind, Status.NOT_APPLICABLE, note)
            for g in groups
            for subject in g.ids
        ]

    def out_of_scope(self, frame: Frame, misses: IntArray, groups: Groups) -> list[Finding]:
        """The zones of the rule's kinds outside its scope: ``not_applicable``, one finding
        per province and reason, naming its zones, saying which part of the scope leaves them
        out and what to record when that is unknown (docs/statuses.md)."""
        if not groups.ids:
            return []
        zones = np.flatnonzero(groups.of_zone >= 0)
        bits = misses[zones]
        provinces, _ = frame.zone_codes("province")
        hi_tech = frame.zones.specialises_in_hi_tech[zones].astype(np.int64)
        keys = [bits, provinces[zones], np.where(bits & HI_TECH, hi_tech, -1)]
        if (bits & ECONOMIC_ZONE_TYPE).any():
            types = frame.zone_codes("economic_zone_type")[0][zones]
            keys.append(np.where(bits & ECONOMIC_ZONE_TYPE, types, -1))
        # One group per distinct reason and province, in the order their first zone comes.
        _, first, inverse = np.unique(
            np.stack(keys, axis=1), axis=0, return_index=True, return_inverse=True
        )
        inverse = inverse.reshape(-1)
        findings = []
        for g in np.argsort(first, kind="stable").tolist():
            members = zones[inverse == g].tolist()
            subject, explanation = self._outside(frame, members, int(bits[first[g]]))
            findings.append(
                Finding(
                    check_id=self.rule.id,
                    kind="rule",
                    title=self.title,
                    subject_id=subject,
                    subject_kind="zones",
                    status=Status.NOT_APPLICABLE,
                    as_of=self.day,
                    explanation=explanation,
                    citation=self.rule.citation,
                )
            )
        return findings

    def _outside(self, frame: Frame, members: Sequence[int], bits: int) -> tuple[str, Explanation]:
        """The subject and explanation of the zones ``members``, all left out of the rule's
        scope for the same reason (``bits``) in the same province: the subject names the
        reason and the province (``outside scope, Bắc Giang``); the note names the zones, up to
        :data:`MAX_LISTED_RECORDS`, with their count."""
        zones, scope = frame.zones, self.rule.scope
        z = members[0]
        one = len(members) == 1
        why, labels = [], []
        if bits & HI_TECH:
            if zones.specialises_in_hi_tech[z]:
                why.append(
                    "it specialises in hi-tech, the rule is for zones that do not"
                    if one
                    else "they specialise in hi-tech, the rule is for zones that do not"
                )
                labels.append("hi-tech")
            else:
                why.append(
                    "it does not specialise in hi-tech, the rule is for zones that do"
                    if one
                    else "they do not specialise in hi-tech, the rule is for zones that do"
                )
                labels.append("not hi-tech")
        codes, names = frame.zone_codes("province")
        province = names[codes[z]]
        if bits & PROVINCE:
            why.append(
                f"{'it is' if one else 'they are'} in {province},"
                f" the rule applies in {scope.province} only"
            )
        wanted = " or ".join(sorted(name_of(t) for t in scope.economic_zone_types))
        if bits & ECONOMIC_ZONE_TYPE:
            types, names = frame.zone_codes("economic_zone_type")
            kind = names[types[z]].replace("_", " ")
            why.append(
                f"{'it is' if one else 'they are'} of type {kind}, the rule is for economic"
                f" zones of type {wanted}"
            )
            labels.append(f"type {kind}")
        if bits & NO_ECONOMIC_ZONE_TYPE:
            why.append(
                f"{'its type is' if one else 'their type is'} not recorded, the rule is for"
                f" economic zones of type {wanted} (record Zone.economic_zone_type to check it)"
            )
            labels.append("type not recorded")
        reasons = f" ({', '.join(labels)})" if labels else ""
        subject = f"outside scope{reasons}, {province}"
        if one:
            note = (
                f"not applicable: zone {zones.ids[z]!r} is outside the rule's scope:"
                f" {'; '.join(why)}"
            )
        else:
            named = [repr(zones.ids[m]) for m in members[:MAX_LISTED_RECORDS]]
            note = (
                f"not applicable: {len(members)} zones ({_listed(named, len(members))}) are"
                f" outside the rule's scope: {'; '.join(why)}"
            )
        if bits == PROVINCE and self.rule.authority is Authority.PROVINCIAL:
            note += (
                f"; to apply this provincial policy in {province}:"
                f' --apply-to province="{province}" (apply_to= in Python)'
            )
        explanation = Explanation(
            formula=self.formula, parameters=self.uses, notes=(note, *self.notes)
        )
        return subject, explanation

    def unplaced(self, groups: Groups, frame: Frame) -> list[Finding]:
        """Per province, the zones in scope a district roll-up cannot place."""
        findings = []
        for province, zones in groups.unplaced:
            ids = [frame.zones.ids[z] for z in zones]
            shown = ids[:MAX_LISTED_RECORDS]
            findings.append(
                self._bare(
                    f"district not recorded, {province}",
                    "district",
                    Status.INSUFFICIENT_DATA,
                    [
                        f"the district of {len(ids)} zone(s) in scope is not recorded"
                        f" (Zone.district): {_listed(shown, len(ids))}"
                    ],
                    (InputValue.from_records("district (Zone.district)", None, ids),),
                )
            )
        return findings


class LevelFindings:
    """The findings of one rule on every subject of one level.

    Verdicts, actual values, gaps and details are set at once; each
    explanation (record ids, arithmetic, notes) is written when first read.
    """

    def __init__(
        self,
        text: RuleText,
        frame: Frame,
        groups: Groups,
        results: Sequence[ConditionResult],
        input_label: str | None,
        facts: Sequence[tuple[Fact, IntArray]] = (),
    ) -> None:
        self.text = text
        self.frame = frame
        self.groups = groups
        self.results = results
        self.input_label = input_label
        self.facts = facts
        self._members: list[IntArray] | None = None
        self._listings: dict[int, Listing] = {}

    def findings(self, statuses: Sequence[Status], gaps: FloatArray) -> _LevelBlock:
        """One finding per subject, held as columns and made when read."""
        return _LevelBlock(self, statuses, gaps)

    def _bases(self) -> tuple[list[str], IntArray]:
        """Per subject: computed from how many records, or reported by which source; and how
        many of its zones were given by published figures."""
        groups, values = self.groups, self.results[0].values
        placed = np.flatnonzero(groups.of_zone >= 0)
        of = groups.of_zone[placed]
        n = len(groups.ids)
        zones = np.bincount(of, minlength=n)
        parcels = np.bincount(of, weights=self.frame.parcel_count[placed], minlength=n)
        reported = np.zeros(n, dtype=np.int64)
        if values.from_figures is not None:
            reported = np.bincount(of, weights=values.from_figures[placed], minlength=n)
        own = (zones - reported).astype(np.int64).tolist()
        counts = parcels.astype(np.int64).tolist()
        # Many subjects share their counts (a zone of 1 zone and 100 parcels): each text once.
        counted = {pair: _counted_text(*pair) for pair in set(zip(own, counts, strict=True))}
        texts = [counted[pair] for pair in zip(own, counts, strict=True)]
        for i in np.flatnonzero(reported).tolist():
            told = figures_basis(self.frame.dataset.published, self._figure_rows(i))
            texts[i] = f"{texts[i]}; and {told}" if texts[i] else told
        return texts, reported

    def _figure_rows(self, i: int) -> list[int]:
        return self._figure_rows_of(self.results[0].values, self._members_of(i))

    @staticmethod
    def _figure_rows_of(values: ZoneValues, zones: list[int]) -> list[int]:
        rows: list[int] = []
        for used in values.figure_rows:
            rows.extend(r for r in used[zones].tolist() if r >= 0)
        return rows

    def _with_details(self) -> BoolArray:
        """Per subject: whether it has details (the bounds of a value not known exactly, an
        alternative's value), built when first read like the explanation."""
        extra = np.zeros(len(self.groups.ids), dtype=np.bool_)
        for c, result in enumerate(self.results):
            v = result.verdicts
            known = (result.subject_missing == 0) & ~np.isnan(v.low)
            extra |= known if c else known & (v.low != v.high)
        return extra

    def details(self, i: int) -> dict[str, Amount | None]:
        """The details of subject ``i``."""
        found: dict[str, Amount | None] = {}
        labelled = len(self.results) > 1
        for c, result in enumerate(self.results):
            label = ("alternative " if c else "") if labelled else ""
            kind = result.condition.measure.kind
            unit = result.condition.measure.unit
            lo, hi = float(result.verdicts.low[i]), float(result.verdicts.high[i])
            if result.subject_missing[i] or math.isnan(lo):
                continue
            if lo == hi:
                if c:
                    found["alternative actual"] = Amount(lo, unit)
                continue
            if kind is not MeasureKind.LARGEST_PHASE:
                found[label + "lower bound"] = Amount(lo, unit)
            if math.isfinite(hi):
                found[label + "upper bound"] = Amount(hi, unit)
            if kind is MeasureKind.AREA_AFTER_EXPANSION and result.threshold is not None:
                found[label + "room to expand"] = Amount(result.threshold - lo, "hectare")
        return found

    def _members_of(self, i: int) -> list[int]:
        if self._members is None:
            self._members = self.groups.members()
        return self._members[i].tolist()  # type: ignore[no-any-return]

    def _listing(self, mask: BoolArray | None) -> Listing | None:
        if mask is None:
            return None
        if id(mask) not in self._listings:
            self._listings[id(mask)] = Listing(self.frame, mask)
        return self._listings[id(mask)]

    def explanation(self, i: int, status: Status | None = None) -> Explanation:
        """The explanation of subject ``i``: inputs with record ids, arithmetic, notes. A
        finding of ``insufficient_data`` lists the yes/no facts not given among its inputs,
        with no value: what to add."""
        zones = self._members_of(i)
        out = _Parts()
        labelled = len(self.results) > 1
        for c, result in enumerate(self.results):
            label = ("alternative: " if c else "condition: ") if labelled else ""
            self._condition(result, i, zones, label, out)
        if self.groups.level is not Level.ZONE:
            noun = "zone" if len(zones) == 1 else "zones"
            out.notes.append(
                f"rolled up from {len(zones)} {noun}: hectares added, then divided once"
                " (shares are never averaged)"
            )
        subject = self.groups.ids[i]
        # The facts not given first: when the verdict waits on them, they are its reason.
        facts = sorted(self.facts, key=lambda item: bool(item[1][i] >= 0))
        out.notes.extend(_fact_note(fact, int(answers[i]), subject) for fact, answers in facts)
        if status is Status.INSUFFICIENT_DATA:
            out.inputs.extend(
                InputValue(f"{fact.text} (user input {fact.input!r})", None)
                for fact, answers in self.facts
                if answers[i] < 0
            )
        out.notes.extend(self._illustrative(zones))
        out.notes.extend(self._published(i, zones))
        return Explanation(
            formula=self.text.formula,
            inputs=tuple(out.inputs),
            parameters=self.text.uses,
            steps=tuple(out.steps),
            notes=(*out.notes, *self.text.notes),
        )

    def _published(self, i: int, zones: list[int]) -> list[str]:
        """Notes on the published figures used: which, and where a share is only a bound."""
        values = self.results[0].values
        if values.from_figures is None or not values.from_figures[zones].any():
            return []
        figures = self.frame.dataset.published
        notes = [
            "published figures used for zone(s) with no parcel recorded: "
            + figures_basis(figures, self._figure_rows(i))
        ]
        first = self.results[0]
        kind = first.condition.measure.kind
        use = first.condition.measure.use
        low, high = float(first.verdicts.low[i]), float(first.verdicts.high[i])
        if kind is MeasureKind.CATEGORY_SHARE and low != high:
            overlap = use in (None, Use.RESERVED_OR_LEASED)
            notes.append(
                "the share is a bound, not a value: "
                + (
                    "land reserved may overlap land already leased to such projects, so"
                    " the land counted lies between the larger of the two and their sum"
                    if overlap
                    else "not every category is published"
                )
            )
        return notes

    def _illustrative(self, zones: list[int]) -> list[str]:
        """A note naming the records marked illustrative among the subject's zones and parcels."""
        dataset = self.frame.dataset
        flags = dataset._cached("rules:illustrative", lambda: _illustrative_flags(dataset))
        zone_flags, parcel_counts = flags
        ids = dataset.columns.zones.ids
        made_up = [ids[z] for z in zones if zone_flags[z]]
        parcels = int(parcel_counts[zones].sum()) if zones else 0
        if not made_up and not parcels:
            return []
        parts = []
        if made_up:
            shown = ", ".join(made_up[:5]) + (
                f" and {len(made_up) - 5} more" if len(made_up) > 5 else ""
            )
            parts.append(f"{'zone' if len(made_up) == 1 else 'zones'} {shown}")
        if parcels:
            parts.append(f"{parcels:,} {'parcel' if parcels == 1 else 'parcels'}")
        return [f"illustrative records used (not from a source): {' and '.join(parts)}"]

    def _condition(
        self, result: ConditionResult, i: int, zones: list[int], label: str, out: _Parts
    ) -> None:
        low, high, base = float(result.low[i]), float(result.high[i]), float(result.base[i])
        lo, hi = float(result.verdicts.low[i]), float(result.verdicts.high[i])
        given = (
            None if result.given is None or math.isnan(result.given[i]) else float(result.given[i])
        )
        kind = result.condition.measure.kind
        if result.rate_bounds is not None and result.rate_bounds[i]:
            self._rate_bounds(result, i, zones, label, out)
            return
        self._inputs(result, zones, label, (low, high, base, given), out.inputs)
        if result.subject_missing[i]:
            _lacking(result.values, zones, label, out.inputs)
            out.notes.extend(label + text for text in self._missing_texts(result, zones))
            return
        share = kind.is_share
        if share and not base > 0:
            out.notes.append(f"{label}the {result.values.base_name} is zero: no share can be taken")
            return
        rate_only = result.values.rate_only
        published = result.values.from_figures
        if self.groups.level is Level.ZONE and rate_only is not None and rate_only[zones].any():
            if lo == hi:
                out.steps.append(
                    f"{label}published rate = {percent_text(lo)} (no hectares published)"
                )
            else:
                out.steps.append(
                    f"{label}published rate between {percent_text(lo)} and {percent_text(hi)}"
                    " (a bound; no hectares published)"
                )
        elif lo == hi:
            out.steps.append(label + _exact_step(kind, low, base, lo, given))
        else:
            out.steps.append(label + _bounds_step(kind, low, high, base, lo, hi))
            values = result.values
            if (
                kind in (MeasureKind.OCCUPANCY, MeasureKind.UNLEASED_AREA)
                and published is not None
                and any(published[z] and values.high[z] != values.low[z] for z in zones)
            ):
                out.notes.append(
                    f"{label}a land figure is published as a bound, not a value: the"
                    f" {'share' if share else 'value'} lies between {_value_text(lo, share)}"
                    f" and {_value_text(hi, share)}"
                )
            else:
                out.notes.append(label + self._bounds_text(result, low, high, lo, hi))
            out.notes.extend(label + text for text in self._area_bounds(result, zones, high))
            undecided = int(result.verdicts.state[i]) == UNDECIDED
            if undecided and kind in _UNKNOWN_USE and high > low:
                out.inputs.append(InputValue(label + _UNKNOWN_USE[kind], None))
        if result.threshold is not None:
            gap = float(result.verdicts.gap[i])
            comparator = result.condition.comparator
            out.steps.append(label + self._requirement(comparator, result, base, share, gap))

    def _rate_bounds(
        self, result: ConditionResult, i: int, zones: list[int], label: str, out: _Parts
    ) -> None:
        """A roll-up of zones some of which are known only by their rate: its bounds."""
        lo, hi = float(result.verdicts.low[i]), float(result.verdicts.high[i])
        rate_only = result.values.rate_only
        assert rate_only is not None
        zone_ids = self.frame.zones.ids
        rated = [z for z in zones if rate_only[z]]
        exact = [z for z in zones if not rate_only[z]]
        if exact:  # the zones known in hectares, added up
            numbers = (float(result.low[i]), float(result.high[i]), float(result.base[i]), None)
            self._inputs(result, exact, label, numbers, out.inputs)
        figures = self.frame.dataset.published
        for row in dict.fromkeys(self._figure_rows_of(result.values, rated)):
            figure = figures[row]
            out.inputs.append(
                InputValue(
                    label + figure.measure.words, figure.value, (figure.id,), 1, figure.source
                )
            )
        listed = ", ".join(
            f"{zone_ids[z]} {percent_text(float(result.values.low[z]))}"
            for z in rated[:MAX_LISTED_RECORDS]
        )
        more = (
            f" and {len(rated) - MAX_LISTED_RECORDS} more"
            if len(rated) > MAX_LISTED_RECORDS
            else ""
        )
        out.steps.append(f"{label}weighted rate between {percent_text(lo)} and {percent_text(hi)}")
        out.notes.append(
            f"{label}the rate is a bound, not a value: zones known only by their published rate"
            f" ({listed}{more}) each weigh between nothing and their total area, their industrial"
            " land for lease not being known (add Zone.industrial_land_area or a published"
            " figure 'industrial_land' to get the value)"
        )
        if result.threshold is not None:
            state = int(result.verdicts.state[i])
            word = (
                "met whatever their weights"
                if state == PASS
                else "not met whatever their weights"
                if state == FAIL
                else "not decided by the bounds"
            )
            out.steps.append(f"{label}required: {self._need(result)}; {word}")

    @staticmethod
    def _need(result: ConditionResult, share: bool = True) -> str:
        """What the condition requires, in words: ``at least 60%``, ``between 2 and 5 ha``."""
        t, u = result.threshold, result.upper
        assert t is not None
        comparator = result.condition.comparator
        if comparator is Comparator.BETWEEN:
            return f"between {_value_text(t, share)} and {_value_text(u or 0.0, share)}"
        if comparator is Comparator.ABOUT:
            return f"about {_value_text(t, share)} ± {_value_text(u or 0.0, share)}"
        return f"{comparator.words} {_value_text(t, share)}"

    def _inputs(
        self,
        result: ConditionResult,
        zones: list[int],
        label: str,
        numbers: tuple[float, float, float, float | None],
        inputs: list[InputValue],
    ) -> None:
        """The inputs behind the numbers: parcels counted, zone areas, the user's input."""
        low, high, base, given = numbers
        values = result.values
        kind = result.condition.measure.kind
        zone_ids = self.frame.zones.ids
        shown = tuple(zone_ids[z] for z in zones[:MAX_LISTED_RECORDS])
        counted = self._listing(values.counted)
        published = values.from_figures
        if self.groups.level is Level.ZONE and published is not None and published[zones].any():
            # A zone with no parcel recorded: the published figures are the inputs.
            figures = self.frame.dataset.published
            for row in dict.fromkeys(self._figure_rows_of(values, zones)):
                figure = figures[row]
                inputs.append(
                    InputValue(
                        label + figure.measure.words, figure.value, (figure.id,), 1, figure.source
                    )
                )
            rate_only = values.rate_only is not None and values.rate_only[zones].any()
            if kind.is_share and not rate_only:
                inputs.append(InputValue(label + values.base_name, _area(base), shown, len(zones)))
            return
        if kind is MeasureKind.UNLEASED_AREA:
            # Land for lease less the land leased: it comes from the zones, not from the leased
            # parcels the measure also keeps.
            inputs.append(_part(values, zones, label, _area(low), shown, len(zones)))
        elif counted is not None:
            records, count = counted.of(zones)
            inputs.append(_part(values, zones, label, _area(low), records, count))
        elif kind is MeasureKind.LARGEST_PHASE:
            if given is None:
                # A total area not recorded, bounded by a reported total, is an upper bound.
                bounded = (
                    np.isnan(self.frame.zones.total_ha[zones])
                    & (values.missing[zones] & NO_TOTAL_AREA == 0)
                ).any()
                name = "total area, at most" if bounded else "total area"
                inputs.append(InputValue(label + name, _area(high), shown, len(zones)))
        else:
            added = given if kind is MeasureKind.AREA_AFTER_EXPANSION and given is not None else 0
            inputs.append(InputValue(label + "total area", _area(low - added), shown, len(zones)))
        if kind.is_share:
            inputs.append(InputValue(label + values.base_name, _area(base), shown, len(zones)))
        uncertain = self._listing(values.uncertain)
        if uncertain is not None and high > low:
            records, count = uncertain.of(zones)
            inputs.append(
                InputValue(label + values.uncertain_name, _area(high - low), records, count)
            )
        if self.input_label is not None and result.given is not None:
            inputs.append(
                InputValue(
                    f"{label}{self.input_label} (user input {result.condition.measure.input!r})",
                    _area(given) if given is not None else None,
                    source="evaluate(inputs=...)",
                )
            )

    @staticmethod
    def _requirement(
        comparator: Comparator, result: ConditionResult, base: float, share: bool, gap: float
    ) -> str:
        t = result.threshold
        assert t is not None
        need = LevelFindings._need(result, share)
        if share and comparator not in (Comparator.BETWEEN, Comparator.ABOUT):
            need += f" of {hectares_text(base)} = {hectares_text(t * base)}"
        if math.isnan(gap):
            return f"required: {need}; not decided"
        word = "margin" if gap >= 0 else "short by"
        if gap == 0 and comparator in (Comparator.MORE_THAN, Comparator.LESS_THAN):
            word = "short by (must be strictly beyond the threshold)"
        return f"required: {need}; {word} {hectares_text(abs(gap))}"

    @staticmethod
    def _bounds_text(result: ConditionResult, low: float, high: float, lo: float, hi: float) -> str:
        kind = result.condition.measure.kind
        share = kind.is_share
        if kind is MeasureKind.AREA_AFTER_EXPANSION:
            return (
                "the proposed expansion is not given (evaluate(inputs=...)): the area after"
                f" expansion is at least {hectares_text(lo)}"
            )
        if kind is MeasureKind.LARGEST_PHASE:
            return (
                "the development phases are not recorded (evaluate(inputs=...)): the largest"
                f" phase is at most the total area, {hectares_text(hi)}"
            )
        if kind is MeasureKind.HOUSING_SHARE and math.isinf(high):
            return (
                "housing land outside the parks (or in parks whose parcels are not recorded)"
                " is not given (evaluate(inputs=...)): the share is at least"
                f" {percent_text(lo)}"
            )
        return (
            f"{hectares_text(high - low)} of {result.values.uncertain_name}: the"
            f" {'share' if share else 'value'} lies between {_value_text(lo, share)} and"
            f" {_value_text(hi, share)}"
        )

    def _area_bounds(self, result: ConditionResult, zones: list[int], high: float) -> list[str]:
        """A total area not recorded but bounded by a reported total, saying so."""
        if result.condition.measure.kind is not MeasureKind.LARGEST_PHASE:
            return []
        total, missing = self.frame.zones.total_ha, result.values.missing
        ids = [
            self.frame.zones.ids[z]
            for z in zones
            if math.isnan(total[z]) and not missing[z] & NO_TOTAL_AREA
        ]
        if not ids:
            return []
        return [
            f"the total area of {', '.join(map(repr, ids))} is not recorded (Zone.total_area):"
            f" it is at most {hectares_text(high)}, {result.values.uncertain_name}"
        ]

    def _missing_texts(self, result: ConditionResult, zones: list[int]) -> list[str]:
        """What the zones lack, one text for each thing lacking: the first of them is the
        finding's reason, so each names every zone it concerns (the first few, and how
        many in all)."""
        zone_ids = self.frame.zones.ids
        missing = result.values.missing
        texts: list[str] = []
        for bit, text in MISSING_TEXT.items():
            lacking = [zone_ids[z] for z in zones if missing[z] & bit]
            if len(lacking) == 1:
                texts.append(text.format(zone=lacking[0]))
            elif lacking:
                shown = [repr(z) for z in lacking[:MAX_LISTED_RECORDS]]
                many = MISSING_TEXT_MANY[bit]
                texts.append(many.format(count=len(lacking), zones=_listed(shown, len(lacking))))
        return texts


# What to add when leased land of unknown use leaves a share between bounds that straddle
# the threshold: the land itself is an input with its area; this is the field it lacks.
_UNKNOWN_USE = {
    MeasureKind.CATEGORY_SHARE: "category of that land (Parcel.category, or Project.categories)",
    MeasureKind.INDUSTRY_SHARE: "industry of its tenants (Project.industry)",
}


def _part(
    values: ZoneValues,
    zones: list[int],
    label: str,
    value: Amount | None,
    records: tuple[str, ...],
    count: int,
) -> InputValue:
    """The input of the part the parcels give (land leased...). With no parcel in any zone of
    the subject it is missing, not 0 ha; with none in some, it is the other zones' part."""
    name = label + values.part_name
    lacking = sum(1 for z in zones if values.missing[z] & NO_PARCELS)
    if lacking == len(zones):
        return InputValue(f"{name} ({MISSING_INPUT[NO_PARCELS]})", None)
    if lacking:
        return InputValue(f"{name} in the zones whose land is known", value, records, count)
    return InputValue(name, value, records, count)


def _lacking(values: ZoneValues, zones: list[int], label: str, inputs: list[InputValue]) -> None:
    """What the zones lack, as inputs with no value (the zones are named in the notes), but
    for what the part's own input says is missing (:func:`_part`)."""
    for bit, name in MISSING_INPUT.items():
        lacking = sum(1 for z in zones if values.missing[z] & bit)
        if lacking and not (bit == NO_PARCELS and lacking == len(zones)):
            inputs.append(InputValue(label + name, None))


def _fact_note(fact: Fact, answer: int, subject: str) -> str:
    """What a yes/no fact the user gives did, or how to give it."""
    alternative = fact.role is FactRole.ALTERNATIVE
    if answer < 0:
        role = "an alternative that also meets the rule" if alternative else "a requirement"
        return (
            f"not given: whether {fact.text} ({role}; not in the data model);"
            f" give it with inputs={{{fact.input!r}: {{{subject!r}: True or False}}}}"
        )
    if alternative:
        effect = "the alternative holds" if answer else "the alternative does not hold"
    else:
        effect = "the requirement is met" if answer else "the requirement is not met"
    return f"user input {fact.input!r}: {fact.text}: {'yes' if answer else 'no'} ({effect})"


def _exact_step(kind: MeasureKind, low: float, base: float, lo: float, given: float | None) -> str:
    if kind.is_share:
        return f"{hectares_text(low)} ÷ {hectares_text(base)} = {percent_text(lo)}"
    if kind is MeasureKind.AREA_AFTER_EXPANSION and given is not None:
        return (
            f"{hectares_text(low - given)} + {hectares_text(given)} (proposed expansion)"
            f" = {hectares_text(low)}"
        )
    if kind is MeasureKind.LARGEST_PHASE:
        return f"largest phase = {hectares_text(low)}"
    if kind is MeasureKind.UNLEASED_AREA:
        return f"unleased industrial land = {hectares_text(low)}"
    return f"total area = {hectares_text(low)}"


def _bounds_step(
    kind: MeasureKind, low: float, high: float, base: float, lo: float, hi: float
) -> str:
    if kind is MeasureKind.LARGEST_PHASE:
        return f"largest phase ≤ total area = {hectares_text(hi)}"
    if kind.is_share:
        if math.isinf(high):
            return f"at least {hectares_text(low)} ÷ {hectares_text(base)} = {percent_text(lo)}"
        return (
            f"between {hectares_text(low)} and {hectares_text(high)} ÷ {hectares_text(base)}"
            f" = {percent_text(lo)} to {percent_text(hi)}"
        )
    if math.isinf(hi):
        return f"at least {hectares_text(lo)}"
    return f"between {hectares_text(lo)} and {hectares_text(hi)}"


class _LevelBlock:
    """A rule's findings on the subjects of one level, as columns (a
    :class:`~industrial_policy.findings.FindingBlock`): each :class:`Finding` is made when
    the report is read there, so evaluating ten thousand zones makes no object per zone."""

    __slots__ = (
        "_bases",
        "_details",
        "_gaps",
        "_highs",
        "_level",
        "_lows",
        "_reported",
        "_statuses",
        "_subject_kind",
        "_threshold",
        "_unit",
        "_upper",
    )

    def __init__(self, level: LevelFindings, statuses: Sequence[Status], gaps: FloatArray) -> None:
        first = level.results[0]
        unit = first.condition.measure.unit
        # A value is shown only when it is known exactly and nothing it needs is missing.
        self._lows: list[float] = np.where(
            first.subject_missing == 0, first.verdicts.low, np.nan
        ).tolist()
        self._highs: list[float] = first.verdicts.high.tolist()
        self._gaps: list[float] = gaps.tolist()
        self._unit = unit
        self._subject_kind = level.groups.level.subject_kind
        self._threshold = Amount(first.threshold, unit) if first.threshold is not None else None
        self._upper = Amount(first.upper, unit) if first.upper is not None else None
        self._statuses = statuses
        self._level = level
        self._bases, self._reported = level._bases()
        self._details = level._with_details()

    def __len__(self) -> int:
        return len(self._level.groups.ids)

    def finding_ids(self) -> list[str]:
        prefix = f"{self._level.text.rule.id}/"
        return [prefix + subject for subject in self._level.groups.ids]

    def statuses(self) -> Sequence[Status]:
        return self._statuses

    def finding(self, i: int) -> Finding:
        level = self._level
        text = level.text
        rule = text.rule
        lo, hi, gap = self._lows[i], self._highs[i], self._gaps[i]
        return Finding(
            rule.id,
            "rule",
            text.title,
            level.groups.ids[i],
            self._statuses[i],
            text.day,
            partial(level.explanation, i, self._statuses[i]),
            self._subject_kind,
            Amount(lo, self._unit) if lo == hi else None,  # NaN never equals
            self._threshold,
            self._upper,
            rule.comparator,
            Amount(gap, "hectare") if gap == gap else None,
            rule.citation,
            _Details(partial(level.details, i)) if self._details[i] else _NO_DETAILS,
            self._bases[i],
        )

    def rows(self, exact: bool) -> list[dict[str, Any]]:
        """The flat rows, without the explanations where they add nothing to a row: a
        conclusive verdict on areas all known (exactly or within finite bounds), from
        records, with no user input, has no reason, nothing missing and no source. The others
        are read from their finding."""
        level = self._level
        plain = self._plain()
        text = level.text
        texts = None
        rows: list[dict[str, Any]] = []
        for i, simple in enumerate(plain.tolist()):
            finding = self.finding(i)
            if not simple:
                rows.append(finding.row(exact=exact))
                continue
            if texts is None:  # the same threshold and parameters for every subject
                texts = row_texts(finding, text.uses)
            rows.append(
                flat_row(
                    finding,
                    reason=None,
                    missing=None,
                    texts=texts,
                    formula=text.formula,
                    source=None,
                    exact=exact,
                )
            )
        return rows

    def _plain(self) -> BoolArray:
        """Per subject: whether its row needs no explanation (see :meth:`rows`)."""
        level = self._level
        conclusive = np.array([s.is_conclusive for s in self._statuses], dtype=np.bool_)
        plain: BoolArray = conclusive & (self._reported == 0)
        if level.input_label is not None:
            return np.zeros(len(plain), dtype=np.bool_)
        for result in level.results:
            # Every input's area is then a number: none is listed as missing.
            known = np.isfinite(result.low) & np.isfinite(result.high) & np.isfinite(result.base)
            plain &= (result.subject_missing == 0) & known
        return plain


_NO_DETAILS: Mapping[str, Amount | None] = MappingProxyType({})


class _Details(Mapping[str, "Amount | None"]):
    """A finding's details, built on first read (a read-only mapping)."""

    __slots__ = ("_build", "_data")

    def __init__(self, build: Callable[[], dict[str, Amount | None]]) -> None:
        self._build = build
        self._data: dict[str, Amount | None] | None = None

    def _built(self) -> dict[str, Amount | None]:
        if self._data is None:
            self._data = self._build()
        return self._data

    def __getitem__(self, key: str) -> Amount | None:
        return self._built()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())

    def __repr__(self) -> str:
        return repr(self._built())


def _counted_text(own: int, parcels: int) -> str:
    """ "computed from 101 records (1 zone, 100 parcels)"; empty for no record of its own."""
    if not own:
        return ""
    counted = own + parcels
    return (
        f"computed from {counted:,} {'record' if counted == 1 else 'records'}"
        f" ({own:,} {'zone' if own == 1 else 'zones'}, {parcels:,}"
        f" {'parcel' if parcels == 1 else 'parcels'})"
    )


def _area(value: float) -> Amount | None:
    """Hectares, or ``None`` (shown as missing) when not known."""
    return Amount(value, "hectare") if math.isfinite(value) else None


@attrs.define
class _Parts:
    """The parts of one explanation, gathered condition by condition."""

    inputs: list[InputValue] = attrs.Factory(list)
    steps: list[str] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)


def _illustrative_flags(dataset: Dataset) -> tuple[BoolArray, IntArray]:
    """Which zones are illustrative, and how many illustrative parcels each zone holds."""
    zones = dataset.zones.typed("illustrative", FlagColumn).flags
    made_up = dataset.parcels.typed("illustrative", FlagColumn).flags
    counts = np.bincount(
        dataset.columns.parcels.zone[made_up], minlength=len(dataset.zones)
    ).astype(np.int64)
    return zones, counts
