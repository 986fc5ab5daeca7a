"""Evaluating rules over a dataset on a date, with what-if overrides and user inputs.

>>> import industrial_policy as ip
>>> from industrial_policy.rules import evaluate
>>> ds = ip.Dataset(
...     zones=[ip.Zone(id="kcn-a", name="A", kind="industrial_park", province="Hải Dương",
...                    total_area="300 ha")],
...     parcels=[ip.Parcel(id="a-1", zone_id="kcn-a", area="45 ha", status="reserved",
...                        category="hi_tech")])
>>> finding = evaluate(ds, ["vn-land"], "2024-12-31")["vn-land.hi-tech-reserve/kcn-a"]
>>> finding.status.value, str(finding.actual), str(finding.gap)
('fail', '15%', '-15 ha')
>>> what_if = evaluate(ds, ["vn-land"], "2024-12-31",
...                    overrides={"vn-land.hi-tech-reserve.min-share": "15%"})
>>> what_if["vn-land.hi-tech-reserve/kcn-a"].status.value
'pass'
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.amounts import Amount, read_amount, resolve
from industrial_policy.errors import InvalidValueError, did_you_mean
from industrial_policy.findings import (
    Explanation,
    Finding,
    FindingBlock,
    Findings,
    InputValue,
    ParameterUse,
    Report,
    Status,
)
from industrial_policy.periods import parse_date
from industrial_policy.records.reported import INDUSTRIAL_ZONE_KINDS, ReportedFigure
from industrial_policy.rules.explain import ConditionResult, LevelFindings, RuleText
from industrial_policy.rules.measures import (
    OTHER_KIND,
    Frame,
    Groups,
    ZoneValues,
    group,
    measure,
    name_key,
    scope_misses,
)
from industrial_policy.rules.packs import RulePack, RuleSet, load_packs
from industrial_policy.rules.parameters import Parameter
from industrial_policy.rules.published import (
    RATE_ONLY,
    FigureValues,
    LandAccounts,
    figure_kinds,
    figures_basis,
    land_accounts,
    land_values,
    province_subjects,
    province_totals,
    rate_bounds,
)
from industrial_policy.rules.rule import (
    Base,
    Condition,
    Fact,
    FactRole,
    Level,
    Measure,
    MeasureKind,
    Rule,
)
from industrial_policy.rules.scoping import ApplyTo, Rescoped
from industrial_policy.rules.verdicts import Verdicts, combine, judge

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset
    from industrial_policy.rules.verdicts import BoolArray, FloatArray

__all__ = ["Rules", "evaluate"]

Rules = RuleSet | RulePack | Sequence[str | os.PathLike[str]] | None

Part = Finding | FindingBlock | Sequence[Finding]
"""What a rule's run gives: single findings, and blocks of one per subject of a level."""
"""What :func:`evaluate` accepts as rules: a rule set, a pack, pack names or files, or
``None`` for every shipped pack."""

_INPUT_LABELS = {
    MeasureKind.AREA_AFTER_EXPANSION: "proposed expansion",
    MeasureKind.LARGEST_PHASE: "largest development phase",
    MeasureKind.HOUSING_SHARE: "housing land outside the parks",
}


def _rule_set(rules: Rules) -> RuleSet:
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, RulePack):
        return RuleSet.of([rules])
    if isinstance(rules, str | os.PathLike):
        return load_packs([rules])
    return load_packs(list(rules) if rules else None)


def _overrides(rule_set: RuleSet, overrides: Mapping[str, object] | None) -> dict[str, float]:
    chosen: dict[str, float] = {}
    for key, value in (overrides or {}).items():
        parameter = rule_set.parameters.get(key)
        if parameter is None:
            raise InvalidValueError(
                "no parameter with this id in the rules evaluated;"
                f" {did_you_mean(key, rule_set.parameters)}",
                value=key,
                field="overrides",
            )
        chosen[key] = parameter.parse(value)
    return chosen


def _inputs(
    rule_set: RuleSet, inputs: Mapping[str, Mapping[str, object]] | None
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, bool]]]:
    """User inputs by input id and subject (checked against subjects later): areas in
    hectares for the measures, and yes/no for the facts the data model does not hold."""
    known = {
        condition.measure.input
        for rule in rule_set.rules
        for condition in rule.conditions
        if condition.measure.input
    }
    facts = {fact.input for rule in rule_set.rules for fact in rule.facts}
    result: dict[str, dict[str, float]] = {}
    given_facts: dict[str, dict[str, bool]] = {}
    for key, values in (inputs or {}).items():
        if key in facts:
            given_facts[key] = _fact_values(key, values)
            continue
        if key not in known:
            raise InvalidValueError(
                f"no measure or fact of the rules evaluated takes this input;"
                f" {did_you_mean(key, known | facts)}",
                value=key,
                field="inputs",
            )
        converted: dict[str, float] = {}
        for subject, value in _per_subject(key, values, "areas, such as {'ccn-1': '10 ha'}"):
            where = f"inputs[{key!r}][{subject!r}]"
            hectares = float(resolve(read_amount(value, field=where), "hectare", field=where).value)
            if not math.isfinite(hectares) or hectares < 0:
                raise InvalidValueError(
                    "an area must be finite and not negative", value=value, field=where
                )
            converted[subject] = hectares
        result[key] = converted
    return result, given_facts


def _per_subject(key: str, values: object, what: str) -> list[tuple[str, object]]:
    """An input's (subject, value) pairs, or an error when it is not a mapping."""
    if not isinstance(values, Mapping):
        raise InvalidValueError(
            f"an input maps subject ids to {what}", value=values, field=f"inputs[{key!r}]"
        )
    return [(str(subject), value) for subject, value in values.items()]


def _fact_values(key: str, values: object) -> dict[str, bool]:
    """A fact's yes/no per subject: ``True`` or ``False``, nothing else (no text to guess)."""
    checked: dict[str, bool] = {}
    for subject, value in _per_subject(key, values, "True or False, such as {'ccn-1': True}"):
        if not isinstance(value, bool | np.bool_):
            raise InvalidValueError(
                "a fact is True or False (on the command line: true or false)",
                value=value,
                field=f"inputs[{key!r}][{subject!r}]",
            )
        checked[subject] = bool(value)
    return checked


def evaluate(
    dataset: Dataset,
    rules: Rules = None,
    as_of: dt.date | str | None = None,
    *,
    overrides: Mapping[str, object] | None = None,
    inputs: Mapping[str, Mapping[str, object]] | None = None,
    apply_to: ApplyTo | None = None,
) -> Report:
    """Every rule on every subject in its scope, on ``as_of``.

    ``rules``: a :class:`RuleSet`, a :class:`RulePack`, pack names or TOML
    files, or ``None`` for every shipped pack. ``overrides`` maps parameter
    ids to what-if values (a share as ``"25%"`` or ``0.25``, an area with its
    unit, ``"80 ha"``); ``inputs`` maps the input a measure names to areas per
    subject (``{"vn-national.cluster-expansion": {"ccn-1": "10 ha"}}``) for
    what the data model does not hold. An unknown parameter, input or
    subject is an error, never ignored. Compare two reports with
    :meth:`~industrial_policy.findings.Report.compare`.
    """
    if as_of is None:
        raise InvalidValueError(
            "evaluate needs the date to evaluate on (as_of)", value=None, field="as_of"
        )
    day = parse_date(as_of, field="as_of")
    rule_set = _rule_set(rules).reform(apply_to)
    chosen = _overrides(rule_set, overrides)
    given, facts = _inputs(rule_set, inputs)
    frame = Frame(dataset, day)
    measured: dict[Measure, ZoneValues] = {}
    parts: list[Part] = []
    for rule in rule_set.rules:
        rescoped = rule_set.rescoped.get(rule.id)
        run = _RuleRun(frame, rule, rule_set.parameters, chosen, given, measured, facts, rescoped)
        parts.extend(run.findings())
    return Report(Findings(parts), day, dataset.name)


class _RuleRun:
    """One rule on one day: scope, subjects, parameters, measures, verdicts, findings."""

    def __init__(
        self,
        frame: Frame,
        rule: Rule,
        parameters: Mapping[str, Parameter],
        overrides: Mapping[str, float],
        inputs: Mapping[str, Mapping[str, float]],
        measured: dict[Measure, ZoneValues],
        facts: Mapping[str, Mapping[str, bool]] | None = None,
        rescoped: Rescoped | None = None,
    ) -> None:
        self.frame = frame
        self.rule = rule
        self.parameters = parameters
        self.inputs = inputs
        self.facts = facts or {}
        self.measured = measured
        self.uses: dict[str, ParameterUse | None] = {}
        for condition in rule.conditions:
            for ref in (condition.threshold, condition.threshold_upper):
                if ref is not None:
                    self.uses[ref] = parameters[ref].use_on(frame.day, override=overrides.get(ref))
        self.text = RuleText(rule, parameters, self.uses, frame.day, rescoped)

    def findings(self) -> list[Part]:
        """The rule's findings: single ones, and blocks of one per subject of a level."""
        frame, rule = self.frame, self.rule
        misses = scope_misses(frame, rule.scope)
        scope = misses == 0
        # Zones of the rule's kinds left out by the rest of its scope: each is reported.
        outside = group(frame, Level.ZONE, (misses != 0) & ((misses & OTHER_KIND) == 0))
        unusable = self._unusable()
        if not scope.any() and not outside.ids:
            published = (
                []
                if unusable
                else self._with_reported_totals(self._with_province_figures([]), scope)
            )
            return published or [self.text.no_subject()]
        *levels, outside = _distinct(
            [*(group(frame, level, scope) for level in rule.levels), outside]
        )
        # A rule not in force (or with no parameter value) applies to no zone, in scope or not.
        if unusable:
            return [*self.text.not_applicable([*levels, outside], unusable)]
        results: list[Part] = []
        for groups in levels:
            results.append(self._level(groups))
            results.extend(self.text.unplaced(groups, frame))
        results = self._with_reported_totals(self._with_province_figures(results), scope)
        return results + self.text.out_of_scope(frame, misses, outside)

    def _unusable(self) -> str | None:
        """Why the rule cannot be applied on the day (not in force, no parameter value)."""
        rule, day = self.rule, self.frame.day
        why = rule.out_of_force(day)
        if why is not None:
            return why
        for ref, use in self.uses.items():
            parameter = self.parameters[ref]
            if use is None and parameter.values:
                first = parameter.values[0].effective_from
                since = f" (its first value takes effect on {first.isoformat()})" if first else ""
                return f"parameter {ref!r} has no value in force on that date{since}"
        return None

    def _with_province_figures(self, parts: list[Part]) -> list[Part]:
        """Provinces the records give no verdict on, judged on their published figures."""
        rule, frame = self.rule, self.frame
        figures = frame.dataset.published
        scope = rule.scope
        if (
            not len(figures)
            or Level.PROVINCE not in rule.levels
            or scope.specialises_in_hi_tech is not None
            or scope.economic_zone_types
        ):
            return parts
        _, names = frame.zone_codes("province")
        subject, all_names = province_subjects(figures, names)
        fits = np.array(
            [
                (not scope.kinds or kinds <= scope.kinds)
                and (scope.province is None or name_key(scope.province) == name_key(n))
                for kinds, n in zip(
                    figure_kinds(figures),
                    [all_names[s] if s >= 0 else "" for s in subject.tolist()],
                    strict=True,
                )
            ],
            dtype=np.bool_,
        )
        subject = np.where(fits, subject, -1)
        if not (subject >= 0).any():
            return parts
        accounts = land_accounts(figures, subject, len(all_names), frame.day)
        nan = np.full(len(all_names), np.nan)
        found = [land_values(c.measure, accounts, nan, nan) for c in rule.conditions]
        if any(f is None for f in found):
            return parts
        values = [f for f in found if f is not None]
        results = list(Findings(parts))  # the province findings are read: made here
        taken = {
            name_key(f.subject_id): i
            for i, f in enumerate(results)
            if f.subject_kind == "province" and f.status.is_conclusive
        }
        chosen = [
            p
            for p in np.flatnonzero(values[0].known).tolist()
            if name_key(all_names[p]) not in taken
        ]
        if not chosen:
            return parts
        replaced = {name_key(all_names[p]) for p in chosen}
        kept = [
            f
            for f in results
            if not (f.subject_kind == "province" and name_key(f.subject_id) in replaced)
        ]
        return [*kept, *self._figure_findings(values, chosen, all_names, accounts)]

    def _with_reported_totals(self, parts: list[Part], scope: BoolArray) -> list[Part]:
        """A province with no zone of the rule's kinds recorded, judged on the total area of
        its parks as published (a reported ``total_area`` of the whole province): for the land
        set aside for workers' housing, a share of that total (Decree 35/2022/NĐ-CP)."""
        rule, frame = self.rule, self.frame
        reported = frame.dataset.reported
        if (
            not len(reported)
            or Level.PROVINCE not in rule.levels
            or len(rule.conditions) != 1
            or rule.conditions[0].measure.kind is not MeasureKind.HOUSING_SHARE
            or rule.conditions[0].measure.base is not Base.TOTAL_AREA
            or rule.scope.specialises_in_hi_tech is not None
            or rule.scope.economic_zone_types
        ):
            return parts
        totals = province_totals(
            reported, frame.day, rule.scope.kinds or INDUSTRIAL_ZONE_KINDS, rule.scope.province
        )
        # A province with parks of the rule's kinds recorded is judged on them (its findings
        # are among the parts); no published figure gives a housing share of its own.
        codes, names = frame.zone_codes("province")
        recorded = {name_key(names[c]) for c in np.unique(codes[scope]).tolist() if c >= 0}
        added = [self._total_finding(f) for key, f in totals.items() if key not in recorded]
        return [*parts, *added]

    def _total_finding(self, figure: ReportedFigure) -> Finding:
        """The housing share of one province whose parks are known only by their total."""
        rule, condition = self.rule, self.rule.conditions[0]
        province = figure.scope.province
        assert province is not None
        total = float(figure.value.to("hectare").magnitude)  # type: ignore[union-attr]
        name = condition.measure.input
        given = _province_input(self.inputs.get(name, {}) if name else {}, province)
        # The parks' own parcels are not recorded: they may hold housing land too, so the
        # land given (outside the parks) is a lower bound, as for parks recorded without parcels.
        verdicts = judge(
            np.array([given if given is not None else 0.0]),
            np.array([np.inf]),
            np.array([total]),
            np.zeros(1, dtype=np.int64),
            share=True,
            comparator=condition.comparator,
            threshold=(threshold := self._threshold(condition.threshold)),
            upper=self._threshold(condition.threshold_upper),
        )
        statuses, gaps = combine([verdicts.state], [verdicts.gap])
        told = f"reported by {figure.source or 'an unnamed source'}" + (
            f" as of {figure.as_of.isoformat()}" if figure.as_of else ""
        )
        told += f" (total area of the parks {figure.value_text()})"
        notes = [f"no park of the province is recorded: its published total area is used ({told})"]
        details: dict[str, Amount | None] = {}
        if threshold is not None:
            details["housing land required"] = Amount(threshold * total, "hectare")
        if given is not None:
            details["lower bound"] = Amount(given / total, "ratio")
        inputs = [
            InputValue(
                "total area of the parks",
                Amount(total, "hectare"),
                (figure.id,),
                source=figure.source,
            )
        ]
        if statuses[0] is Status.INSUFFICIENT_DATA:
            # What to add comes first: it is the finding's reason.
            notes.insert(
                0,
                "the land set aside for workers' housing is not known: give the land outside"
                f" the parks with inputs={{{name!r}: {{{province!r}: area}}}}, and record the"
                " province's parks with their parcels of category workers_housing",
            )
        if given is None:
            steps = (f"share ≥ 0 ha ÷ {Amount(total, 'hectare')} (housing land not given)",)
            label = _INPUT_LABELS[MeasureKind.HOUSING_SHARE]
            inputs.append(InputValue(f"{label} (user input {name!r})", None))
        else:
            inputs.append(
                InputValue(_INPUT_LABELS[MeasureKind.HOUSING_SHARE], Amount(given, "hectare"))
            )
            steps = (
                f"share ≥ {Amount(given, 'hectare')} ÷ {Amount(total, 'hectare')}"
                " (the parks' own housing land is not recorded)",
            )
        gap = float(gaps[0])
        return Finding(
            rule.id,
            "rule",
            rule.title,
            province,
            statuses[0],
            self.frame.day,
            Explanation(
                formula=self.text.formula,
                inputs=tuple(inputs),
                parameters=self.text.uses,
                steps=steps,
                notes=(*notes, *self.text.notes),
            ),
            subject_kind="province",
            actual=None,
            threshold=Amount(threshold, "ratio") if threshold is not None else None,
            comparator=rule.comparator,
            gap=Amount(gap, "hectare") if gap == gap else None,
            citation=rule.citation,
            details=details,
            basis=told,
        )

    def _figure_findings(
        self,
        values: list[FigureValues],
        chosen: list[int],
        names: tuple[str, ...],
        accounts: LandAccounts,
    ) -> list[Finding]:
        rule, figures = self.rule, self.frame.dataset.published
        at = np.array(chosen, dtype=np.int64)
        states, gaps, judged = [], [], []
        for condition, found in zip(rule.conditions, values, strict=True):
            missing = np.where(found.known[at], 0, 1).astype(np.int64)
            verdicts = judge(
                found.low[at],
                found.high[at],
                found.base[at],
                missing,
                share=condition.measure.kind.is_share,
                comparator=condition.comparator,
                threshold=self._threshold(condition.threshold),
                upper=self._threshold(condition.threshold_upper),
            )
            gap = np.where(found.rate_only[at], np.nan, verdicts.gap)
            states.append(verdicts.state)
            gaps.append(gap)
            judged.append(verdicts)
        statuses, best = combine(states, gaps, unchecked=rule.unchecked_alternative is not None)
        first, unit = judged[0], rule.conditions[0].measure.unit
        threshold = self._threshold(rule.conditions[0].threshold)
        upper = self._threshold(rule.conditions[0].threshold_upper)
        findings = []
        for j, p in enumerate(chosen):
            rows = [int(r[p]) for r in values[0].used if r[p] >= 0]
            lo, hi = float(first.low[j]), float(first.high[j])
            told = figures_basis(figures, rows)
            notes = [
                f"no zone of the province gives a verdict: its published figures are used ({told})"
            ]
            details: dict[str, Amount | None] = {}
            if lo != hi and not math.isnan(lo):
                details = {"lower bound": Amount(lo, unit)}
                if math.isfinite(hi):
                    details["upper bound"] = Amount(hi, unit)
                notes.append(
                    "the share is a bound, not a value: land reserved may overlap land"
                    " already leased to such projects, or not every category is published"
                    if rule.conditions[0].measure.kind is MeasureKind.CATEGORY_SHARE
                    else "the value is a bound: a figure is published as a bound, not a value"
                )
            category = rule.conditions[0].measure.kind is MeasureKind.CATEGORY_SHARE
            if statuses[j] is Status.INSUFFICIENT_DATA and lo != hi and category:
                notes.append(
                    "to decide, publish or record the land leased to such projects and the"
                    " land reserved for them, and how much of the two overlaps"
                )
            shortfall = float(best[j])
            findings.append(
                Finding(
                    rule.id,
                    "rule",
                    rule.title,
                    names[p],
                    statuses[j],
                    self.frame.day,
                    Explanation(
                        formula=self.text.formula,
                        inputs=tuple(
                            InputValue(
                                figures[r].measure.words,
                                figures[r].value,
                                (figures[r].id,),
                                source=figures[r].source,
                            )
                            for r in dict.fromkeys(rows)
                        ),
                        parameters=self.text.uses,
                        steps=(
                            f"published value = {Amount(lo, unit)}"
                            if lo == hi
                            else f"between {Amount(lo, unit)} and {Amount(hi, unit)}",
                        ),
                        notes=(*notes, *self.text.notes),
                    ),
                    subject_kind="province",
                    actual=Amount(lo, unit) if lo == hi else None,
                    threshold=Amount(threshold, unit) if threshold is not None else None,
                    threshold_upper=Amount(upper, unit) if upper is not None else None,
                    comparator=rule.comparator,
                    gap=Amount(shortfall, "hectare") if shortfall == shortfall else None,
                    citation=rule.citation,
                    details=details,
                    basis=told,
                )
            )
        return findings

    def _values(self, spec: Measure) -> ZoneValues:
        if spec not in self.measured:
            self.measured[spec] = measure(self.frame, spec)
        return self.measured[spec]

    def _threshold(self, ref: str | None) -> float | None:
        use = self.uses.get(ref) if ref is not None else None
        return float(use.value.value) if use is not None else None

    def _level(self, groups: Groups) -> Part:
        if not groups.ids:
            return ()
        results = [self._condition(c, groups) for c in self.rule.conditions]
        facts = [(fact, self._fact(fact.input, groups)) for fact in self.rule.facts]
        # An alternative the user has not answered might still hold.
        unchecked: bool | npt.NDArray[np.bool_] = self.rule.unchecked_alternative is not None
        for fact, answers in facts:
            if fact.role is FactRole.ALTERNATIVE:
                unchecked = unchecked | (answers < 0)
        statuses, gaps = combine(
            [r.verdicts.state for r in results],
            [r.verdicts.gap for r in results],
            unchecked=unchecked,
        )
        if facts:
            statuses, gaps = _with_facts(statuses, gaps, facts)
        label = next(
            (_INPUT_LABELS[c.measure.kind] for c in self.rule.conditions if c.measure.input), None
        )
        level = LevelFindings(self.text, self.frame, groups, results, label, facts)
        return level.findings(statuses, gaps)

    def _fact(self, name: str, groups: Groups) -> npt.NDArray[np.int64]:
        """Per subject: 1 when the user says yes, 0 no, -1 not given."""
        answers = np.full(len(groups.ids), -1, dtype=np.int64)
        for i, value in self._placed(name, groups, self.facts.get(name, {})):
            answers[i] = int(value)
        return answers

    def _placed(
        self, name: str, groups: Groups, values: Mapping[str, float | bool]
    ) -> list[tuple[int, float | bool]]:
        """Each user input's subject position, or an error naming a subject not in scope."""
        # Zone ids are exact; province and district names compare regardless of case.
        key = (lambda s: s) if groups.level is Level.ZONE else name_key
        position = {key(subject): i for i, subject in enumerate(groups.ids)}
        placed = []
        for subject, value in values.items():
            i = position.get(key(subject))
            if i is None:
                raise InvalidValueError(
                    f"not a {groups.level.subject_kind} in the scope of rule {self.rule.id!r}"
                    f" ({self.rule.scope.describe()}); {did_you_mean(subject, groups.ids)}",
                    value=subject,
                    field=f"inputs[{name!r}]",
                )
            placed.append((i, value))
        return placed

    def _condition(self, condition: Condition, groups: Groups) -> ConditionResult:
        values = self._values(condition.measure)
        of_zone = groups.of_zone
        n = len(groups.ids)
        placed = of_zone >= 0

        # A zone known only by its rate holds the rate, not hectares: a roll-up leaves it out
        # (it is marked missing there, RATE_ONLY).
        left_out = values.rate_only if groups.level is not Level.ZONE else None

        def total(per_zone: FloatArray) -> FloatArray:
            if groups.level is Level.ZONE:
                return per_zone[placed]
            if left_out is not None:
                per_zone = np.where(left_out, 0.0, per_zone)
            sums = np.bincount(of_zone[placed], weights=per_zone[placed], minlength=n)
            return sums.astype(np.float64, copy=False)

        low, high, base = total(values.low), total(values.high), total(values.base)
        missing = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(missing, of_zone[placed], values.missing[placed])
        rate_only = None
        if values.rate_only is not None and groups.level is Level.ZONE:
            # A zone's own share may be its published rate; only a roll-up needs its weight.
            missing &= ~RATE_ONLY
            rate_only = values.rate_only[placed]
        given = self._given(condition, groups)
        if given is not None:
            low, high = _with_input(condition.measure.kind, low, high, given)
        threshold = self._threshold(condition.threshold)
        upper = self._threshold(condition.threshold_upper)
        verdicts = judge(
            low,
            high,
            base,
            missing,
            share=condition.measure.kind.is_share,
            comparator=condition.comparator,
            threshold=threshold,
            upper=upper,
        )
        if rate_only is not None and rate_only.any():
            # A rate alone has no hectares to state a gap in.
            verdicts = attrs.evolve(verdicts, gap=np.where(rate_only, np.nan, verdicts.gap))
        bounded = None
        if left_out is not None and left_out.any() and condition.measure.kind.is_share:
            bounded = ((missing & RATE_ONLY) != 0) & ((missing & ~RATE_ONLY) == 0)
            if bounded.any():
                verdicts = self._rate_bounds(condition, groups, values, bounded, verdicts)
                missing = np.where(bounded, 0, missing)
            else:
                bounded = None
        return ConditionResult(
            condition, threshold, upper, values, low, high, base, missing, given, verdicts, bounded
        )

    def _rate_bounds(
        self,
        condition: Condition,
        groups: Groups,
        values: ZoneValues,
        bounded: BoolArray,
        verdicts: Verdicts,
    ) -> Verdicts:
        """Verdicts of the roll-ups whose only missing data is the weight of zones known by
        their rate alone: the weighted rate lies between bounds (:func:`rate_bounds`), each
        such zone weighing between nothing and its total area."""
        caps = self._values(Measure(kind=MeasureKind.TOTAL_AREA)).high
        rate_only = values.rate_only
        assert rate_only is not None
        members = groups.members()
        subjects = np.flatnonzero(bounded).tolist()
        lows, highs = np.full(len(subjects), np.nan), np.full(len(subjects), np.nan)
        for j, i in enumerate(subjects):
            zones = members[i]
            rated = zones[rate_only[zones]]
            exact = zones[~rate_only[zones]]
            lows[j], highs[j] = rate_bounds(
                (float(values.low[exact].sum()), float(values.high[exact].sum())),
                float(values.base[exact].sum()),
                values.low[rated].tolist(),
                np.nan_to_num(caps[rated], nan=np.inf).tolist(),
                values.high[rated].tolist(),
            )
        at = np.array(subjects, dtype=np.int64)
        judged = judge(
            lows,
            highs,
            np.ones(len(subjects)),
            np.zeros(len(subjects), dtype=np.int64),
            share=True,
            comparator=condition.comparator,
            threshold=self._threshold(condition.threshold),
            upper=self._threshold(condition.threshold_upper),
        )
        state, low, high, gap = (
            verdicts.state.copy(),
            verdicts.low.copy(),
            verdicts.high.copy(),
            verdicts.gap.copy(),
        )
        state[at], low[at], high[at] = judged.state, judged.low, judged.high
        gap[at] = np.nan  # the weights are not known: no gap in hectares
        return Verdicts(state, low, high, gap)

    def _given(self, condition: Condition, groups: Groups) -> FloatArray | None:
        name = condition.measure.input
        if name is None:
            return None
        given = np.full(len(groups.ids), np.nan)
        for i, hectares in self._placed(name, groups, self.inputs.get(name, {})):
            given[i] = hectares
        if condition.measure.kind is MeasureKind.LARGEST_PHASE:
            totals = self._values(condition.measure).high[groups.of_zone >= 0]
            too_big = given > totals * (1 + 1e-9)  # NaN compares False
            if too_big.any():
                i = int(np.flatnonzero(too_big)[0])
                raise InvalidValueError(
                    f"a phase cannot be larger than the park ({totals[i]:,.6g} ha)",
                    value=f"{given[i]:,.6g} ha",
                    field=f"inputs[{name!r}][{groups.ids[i]!r}]",
                )
        return given


def _with_facts(
    statuses: list[Status],
    gaps: FloatArray,
    facts: Sequence[tuple[Fact, npt.NDArray[np.int64]]],
) -> tuple[list[Status], FloatArray]:
    """Statuses once the user's yes/no facts are applied: an alternative answered yes
    passes; a requirement answered no fails; a pass with a requirement not answered is
    insufficient data. A status a fact decided has no gap in hectares."""
    codes = np.array([_CODES[s] for s in statuses], dtype=np.int64)
    before = codes.copy()
    for fact, answers in facts:
        if fact.role is FactRole.ALTERNATIVE:
            codes = np.where(answers == 1, _CODES[Status.PASS], codes)
    for fact, answers in facts:
        if fact.role is FactRole.REQUIRED:
            codes = np.where(answers == 0, _CODES[Status.FAIL], codes)
            open_pass = (answers < 0) & (codes == _CODES[Status.PASS])
            codes = np.where(open_pass, _CODES[Status.INSUFFICIENT_DATA], codes)
    changed = codes != before
    return [_STATUSES[c] for c in codes.tolist()], np.where(changed, np.nan, gaps)


_STATUSES = tuple(Status)
_CODES = {status: i for i, status in enumerate(_STATUSES)}


def _province_input(values: Mapping[str, float], province: str) -> float | None:
    """The user's input for ``province`` (its name compared regardless of case), if given."""
    for subject, value in values.items():
        if name_key(subject) == name_key(province):
            return float(value)
    return None


def _with_input(
    kind: MeasureKind, low: FloatArray, high: FloatArray, given: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Bounds once the user's input is added; an input not given leaves the value open."""
    known = ~np.isnan(given)
    if kind is MeasureKind.LARGEST_PHASE:
        # Without phases, the largest lies between nothing and the whole park.
        return np.where(known, given, 0.0), np.where(known, given, high)
    added = np.where(known, given, 0.0)
    return low + added, np.where(known, high + added, np.inf)


def _distinct(levels: list[Groups]) -> list[Groups]:
    """Roll-up subject ids that clash with a zone id of the same rule get their kind in front."""
    zone_ids = {s for g in levels if g.level is Level.ZONE for s in g.ids}
    if not zone_ids:
        return levels
    result = []
    for g in levels:
        if g.level is not Level.ZONE and zone_ids.intersection(g.ids):
            ids = tuple(f"{g.level.subject_kind} {s}" if s in zone_ids else s for s in g.ids)
            g = attrs.evolve(g, ids=ids)
        result.append(g)
    return result
