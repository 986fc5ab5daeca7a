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

from industrial_policy.amounts import read_amount, resolve
from industrial_policy.errors import InvalidValueError, did_you_mean
from industrial_policy.findings import Finding, ParameterUse, Report
from industrial_policy.periods import parse_date
from industrial_policy.rules.explain import ConditionResult, LevelFindings, RuleText
from industrial_policy.rules.measures import (
    Frame,
    Groups,
    ZoneValues,
    group,
    in_scope,
    measure,
    name_key,
)
from industrial_policy.rules.packs import RulePack, RuleSet, load_packs
from industrial_policy.rules.parameters import Parameter
from industrial_policy.rules.rule import Condition, Level, Measure, MeasureKind, Rule
from industrial_policy.rules.verdicts import combine, judge

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset
    from industrial_policy.rules.verdicts import FloatArray

__all__ = ["Rules", "evaluate"]

Rules = RuleSet | RulePack | Sequence[str | os.PathLike[str]] | None
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
) -> dict[str, dict[str, float]]:
    """User inputs by input id and subject, in hectares (checked against subjects later)."""
    known = {
        condition.measure.input
        for rule in rule_set.rules
        for condition in rule.conditions
        if condition.measure.input
    }
    result: dict[str, dict[str, float]] = {}
    for key, values in (inputs or {}).items():
        if key not in known:
            raise InvalidValueError(
                f"no measure of the rules evaluated takes this input; {did_you_mean(key, known)}",
                value=key,
                field="inputs",
            )
        if not isinstance(values, Mapping):
            raise InvalidValueError(
                "an input maps subject ids to areas, such as {'ccn-1': '10 ha'}",
                value=values,
                field=f"inputs[{key!r}]",
            )
        converted: dict[str, float] = {}
        for subject, value in values.items():
            where = f"inputs[{key!r}][{subject!r}]"
            hectares = float(resolve(read_amount(value, field=where), "hectare", field=where).value)
            if not math.isfinite(hectares) or hectares < 0:
                raise InvalidValueError(
                    "an area must be finite and not negative", value=value, field=where
                )
            converted[subject] = hectares
        result[key] = converted
    return result


def evaluate(
    dataset: Dataset,
    rules: Rules = None,
    as_of: dt.date | str | None = None,
    *,
    overrides: Mapping[str, object] | None = None,
    inputs: Mapping[str, Mapping[str, object]] | None = None,
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
    rule_set = _rule_set(rules)
    chosen = _overrides(rule_set, overrides)
    given = _inputs(rule_set, inputs)
    frame = Frame(dataset, day)
    measured: dict[Measure, ZoneValues] = {}
    findings: list[Finding] = []
    for rule in rule_set.rules:
        findings.extend(
            _RuleRun(frame, rule, rule_set.parameters, chosen, given, measured).findings()
        )
    return Report(tuple(findings), day, dataset.name)


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
    ) -> None:
        self.frame = frame
        self.rule = rule
        self.parameters = parameters
        self.inputs = inputs
        self.measured = measured
        self.uses: dict[str, ParameterUse | None] = {}
        for condition in rule.conditions:
            for ref in (condition.threshold, condition.threshold_upper):
                if ref is not None:
                    self.uses[ref] = parameters[ref].use_on(frame.day, override=overrides.get(ref))
        self.text = RuleText(rule, parameters, self.uses, frame.day)

    def findings(self) -> list[Finding]:
        frame, rule = self.frame, self.rule
        scope = in_scope(frame, rule.scope)
        if not scope.any():
            return [self.text.no_subject()]
        levels = _distinct([group(frame, level, scope) for level in rule.levels])
        if not rule.in_force_on(frame.day):
            return self.text.not_applicable(levels, f"the rule is {rule.period_text()}")
        for ref, use in self.uses.items():
            parameter = self.parameters[ref]
            if use is None and parameter.values:
                first = parameter.values[0].effective_from
                since = f" (its first value takes effect on {first.isoformat()})" if first else ""
                return self.text.not_applicable(
                    levels, f"parameter {ref!r} has no value in force on that date{since}"
                )
        results: list[Finding] = []
        for groups in levels:
            results.extend(self._level(groups))
            results.extend(self.text.unplaced(groups, frame))
        return results

    def _values(self, spec: Measure) -> ZoneValues:
        if spec not in self.measured:
            self.measured[spec] = measure(self.frame, spec)
        return self.measured[spec]

    def _threshold(self, ref: str | None) -> float | None:
        use = self.uses.get(ref) if ref is not None else None
        return float(use.value.value) if use is not None else None

    def _level(self, groups: Groups) -> list[Finding]:
        if not groups.ids:
            return []
        results = [self._condition(c, groups) for c in self.rule.conditions]
        statuses, gaps = combine(
            [r.verdicts.state for r in results],
            [r.verdicts.gap for r in results],
            unchecked=self.rule.unchecked_alternative is not None,
        )
        label = next(
            (_INPUT_LABELS[c.measure.kind] for c in self.rule.conditions if c.measure.input), None
        )
        return LevelFindings(self.text, self.frame, groups, results, label).findings(statuses, gaps)

    def _condition(self, condition: Condition, groups: Groups) -> ConditionResult:
        values = self._values(condition.measure)
        of_zone = groups.of_zone
        n = len(groups.ids)
        placed = of_zone >= 0

        def total(per_zone: FloatArray) -> FloatArray:
            if groups.level is Level.ZONE:
                return per_zone[placed]
            sums = np.bincount(of_zone[placed], weights=per_zone[placed], minlength=n)
            return sums.astype(np.float64, copy=False)

        low, high, base = total(values.low), total(values.high), total(values.base)
        missing = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(missing, of_zone[placed], values.missing[placed])
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
        return ConditionResult(
            condition, threshold, upper, values, low, high, base, missing, given, verdicts
        )

    def _given(self, condition: Condition, groups: Groups) -> FloatArray | None:
        name = condition.measure.input
        if name is None:
            return None
        # Zone ids are exact; province and district names compare regardless of case.
        key = (lambda s: s) if groups.level is Level.ZONE else name_key
        position = {key(subject): i for i, subject in enumerate(groups.ids)}
        given = np.full(len(groups.ids), np.nan)
        for subject, hectares in self.inputs.get(name, {}).items():
            i = position.get(key(subject))
            if i is None:
                raise InvalidValueError(
                    f"not a {groups.level.subject_kind} in the scope of rule {self.rule.id!r}"
                    f" ({self.rule.scope.describe()}); {did_you_mean(subject, groups.ids)}",
                    value=subject,
                    field=f"inputs[{name!r}]",
                )
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
