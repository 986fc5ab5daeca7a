"""Evaluating rules over a dataset on a date, with what-if overrides.

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
...                    overrides={"vn-land.hi-tech-reserve.min-share": 0.15})
>>> what_if["vn-land.hi-tech-reserve/kcn-a"].status.value
'pass'
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
import numpy as np

from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import (
    MAX_LISTED_RECORDS,
    Amount,
    Comparator,
    Explanation,
    Finding,
    InputValue,
    ParameterUse,
    Report,
    Status,
)
from industrial_policy.periods import parse_date
from industrial_policy.rules.measures import (
    Groups,
    ZoneMeasure,
    group,
    measure_zones,
    zones_in_scope,
)
from industrial_policy.rules.model import Level, MeasureKind, Rule, RulePack
from industrial_policy.rules.packs import RuleSet, combine, load_packs
from industrial_policy.rules.parameters import Parameter

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset

__all__ = ["RELATIVE_TOLERANCE", "evaluate"]

RELATIVE_TOLERANCE = 1e-9
"""Values within one part in 10⁹ of a threshold count as equal to it, so that the
float error of a unit conversion never turns an exact 50% into a failure."""

_SHARE_KINDS = (
    MeasureKind.CATEGORY_SHARE,
    MeasureKind.INDUSTRY_SHARE,
    MeasureKind.OCCUPANCY,
    MeasureKind.HOUSING_SHARE,
)

RulesArg = RuleSet | RulePack | Sequence[str | os.PathLike[str]] | None


def _rule_set(rules: RulesArg) -> RuleSet:
    if isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, RulePack):
        return combine([rules])
    return load_packs(list(rules) if rules else None)


def _override_value(parameter: Parameter, value: object) -> float:
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            number = float(text[:-1]) / 100
        elif parameter.unit == "hectare":
            from industrial_policy.units import area_to_hectares, parse_area

            number = float(area_to_hectares((parse_area(text, field=parameter.id),))[0])
        else:
            number = float(text)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(
            "an override must be a number or text such as '25%'", value=value, field=parameter.id
        )
    else:
        number = float(value)
    if not math.isfinite(number) or number < 0 or (parameter.unit == "ratio" and number > 1):
        raise InvalidValueError(
            "an override must be finite, at least 0, and a share at most 100%",
            value=value,
            field=parameter.id,
        )
    return number


def evaluate(
    dataset: Dataset,
    rules: RulesArg = None,
    as_of: dt.date | str | None = None,
    *,
    overrides: Mapping[str, object] | None = None,
) -> Report:
    """Every rule on every subject in its scope, on ``as_of``.

    ``rules`` is a :class:`RuleSet`, a :class:`RulePack`, a list of pack
    names or files, or ``None`` for every shipped pack. ``overrides`` maps
    parameter ids to what-if values (a number, or text such as ``"25%"``);
    an unknown id is an error. Compare the reports with
    :meth:`~industrial_policy.findings.Report.compare`.
    """
    if as_of is None:
        raise InvalidValueError("evaluate needs an as_of date", value=None, field="as_of")
    day = parse_date(as_of, field="as_of")
    rule_set = _rule_set(rules)
    chosen: dict[str, float] = {}
    for key, value in (overrides or {}).items():
        parameter = rule_set.parameters.get(key)
        if parameter is None:
            raise InvalidValueError(
                "no parameter with this id in the rules evaluated",
                value=key,
                field="overrides",
            )
        chosen[key] = _override_value(parameter, value)
    findings: list[Finding] = []
    for rule in rule_set.rules:
        findings.extend(_evaluate_rule(dataset, rule, rule_set.parameters, day, chosen))
    return Report(tuple(findings), day, dataset.name)


def _parameter_use(
    parameter: Parameter, day: dt.date, overrides: Mapping[str, float]
) -> tuple[float | None, ParameterUse | None]:
    amount_unit = parameter.unit
    if parameter.id in overrides:
        value = overrides[parameter.id]
        return value, ParameterUse(
            parameter.id, Amount(value, amount_unit), None, parameter.citation, overridden=True
        )
    current = parameter.value_on(day)
    if current is None:
        return None, None
    return current.value, ParameterUse(
        parameter.id,
        Amount(current.value, amount_unit),
        current.effective_from,
        parameter.citation,
    )


def _evaluate_rule(
    dataset: Dataset,
    rule: Rule,
    parameters: Mapping[str, Parameter],
    day: dt.date,
    overrides: Mapping[str, float],
) -> list[Finding]:
    in_scope = zones_in_scope(dataset, rule)
    threshold_parameter = parameters[rule.threshold]
    upper_parameter = parameters[rule.threshold_upper] if rule.threshold_upper else None
    threshold, threshold_use = _parameter_use(threshold_parameter, day, overrides)
    upper, upper_use = (
        _parameter_use(upper_parameter, day, overrides) if upper_parameter else (None, None)
    )
    notes = _rule_notes(rule, threshold_parameter, upper_parameter)
    context = _Context(rule, day, notes, dataset)
    if not rule.in_force_on(day):
        return [context.not_applicable(_period_text(rule))]
    if threshold is None or (upper_parameter is not None and upper is None):
        missing = upper_parameter if threshold is not None else threshold_parameter
        assert missing is not None
        first = missing.values[0].effective_from if missing.values else None
        why = f"parameter {missing.id!r} has no value in force on {day.isoformat()}" + (
            f" (its first value takes effect on {first.isoformat()})" if first else ""
        )
        if missing.values:
            return [context.not_applicable(why)]
        # A threshold left to the user: the measure is still reported, with no verdict.
        context.notes = (
            *context.notes,
            f"parameter {missing.id!r} has no value: supply it (overrides) to get a verdict",
        )
        threshold = None
    uses = tuple(u for u in (threshold_use, upper_use) if u is not None)
    if not in_scope.any():
        return []
    measured = measure_zones(dataset, rule, day, threshold)
    findings = []
    for level in rule.levels:
        groups = group(dataset, level, in_scope)
        findings.extend(context.findings(groups, measured, threshold, upper, uses))
    return findings


def _period_text(rule: Rule) -> str:
    start = rule.in_force_from.isoformat() if rule.in_force_from else "the beginning"
    end = rule.in_force_until.isoformat() if rule.in_force_until else "no end"
    return f"the rule is in force from {start} to {end}"


def _rule_notes(rule: Rule, *parameters: Parameter | None) -> tuple[str, ...]:
    notes = [
        f"{rule.authority.value} {'law' if rule.authority.value == 'national' else 'policy'}"
        + (f" ({rule.jurisdiction})" if rule.jurisdiction else "")
    ]
    for parameter in parameters:
        if parameter is not None and any(v.effective_from is None for v in parameter.values):
            notes.append(
                f"the date parameter {parameter.id!r} took effect is not in the sources:"
                " its value is applied on every date"
            )
        if parameter is not None and not parameter.verified:
            notes.append(
                f"parameter {parameter.id!r} is NOT verified against the legal text"
                + (f": {parameter.description}" if parameter.description else "")
            )
    if rule.note:
        notes.append(rule.note)
    return tuple(notes)


@attrs.frozen
class _Sums:
    """Per subject: hectares counted, unknown, base, and industrial land (NaN if any is missing)."""

    part: np.ndarray
    unknown: np.ndarray
    base: np.ndarray
    industrial: np.ndarray


class _Context:
    """Builds the findings of one rule on one day."""

    def __init__(self, rule: Rule, day: dt.date, notes: tuple[str, ...], dataset: Dataset) -> None:
        self.rule = rule
        self.day = day
        self.notes = notes
        self.dataset = dataset
        self.kind = rule.measure.kind
        self.share = self.kind in _SHARE_KINDS
        self.formula = self._formula()

    def _finding(
        self, subject: str, subject_kind: str, status: Status, **fields: object
    ) -> Finding:
        return Finding(
            check_id=self.rule.id,
            kind="rule",
            title=self.rule.title,
            subject_id=subject,
            subject_kind=subject_kind,
            status=status,
            as_of=self.day,
            citation=self.rule.citation,
            **fields,  # type: ignore[arg-type]
        )

    def not_applicable(self, why: str) -> Finding:
        return self._finding(
            "all",
            "rule",
            Status.NOT_APPLICABLE,
            explanation=Explanation(
                formula=self.formula, notes=(f"not applicable: {why}", *self.notes)
            ),
        )

    def insufficient_rule(self, why: str) -> Finding:
        return self._finding(
            "all",
            "rule",
            Status.INSUFFICIENT_DATA,
            explanation=Explanation(formula=self.formula, notes=(why, *self.notes)),
        )

    def _formula(self) -> str:
        rule = self.rule
        scope = rule.scope.describe()
        if self.kind is MeasureKind.OCCUPANCY:
            what = "occupancy = industrial land leased ÷ industrial land for lease"
        elif self.kind is MeasureKind.UNLEASED_AREA:
            what = "unleased land = industrial land for lease − industrial land leased"
        elif self.kind in (MeasureKind.TOTAL_AREA, MeasureKind.PHASE_AREA):
            what = "the zone's total area"
        elif self.kind is MeasureKind.HOUSING_SHARE:
            what = "share = land for workers' housing and services ÷ total area of the parks"
        elif self.kind is MeasureKind.INDUSTRY_SHARE:
            what = "share = land leased to projects of the park's industry ÷ industrial land"
        else:
            what = f"share = {self._part_words()} ÷ {rule.measure.base.value.replace('_', ' ')}"
        return f"{what}, for {scope}, {rule.comparator.words} the threshold"

    def _part_words(self) -> str:
        cats = " or ".join(sorted(c.value.replace("_", "-") for c in self.rule.measure.categories))
        return f"land for {cats} ({self.rule.measure.use.value.replace('_', ' ')})"

    def findings(
        self,
        groups: Groups,
        measured: ZoneMeasure,
        threshold: float | None,
        upper: float | None,
        uses: tuple[ParameterUse, ...],
    ) -> list[Finding]:
        parcels = self.dataset.columns.parcels
        order = np.argsort(parcels.zone, kind="stable")
        starts = np.searchsorted(parcels.zone[order], np.arange(len(self.dataset.zones) + 1))
        # The sums of every subject at once; the loop below only builds the findings.
        of_group = np.repeat(
            np.arange(len(groups.members)), [len(m) for m in groups.members]
        ).astype(np.int64)
        zones = np.fromiter(
            (z for m in groups.members for z in m), dtype=np.int64, count=len(of_group)
        )
        count = len(groups.members)

        def total(values: np.ndarray) -> np.ndarray:
            return np.bincount(of_group, weights=values[zones], minlength=count)

        sums = _Sums(
            part=total(measured.part),
            unknown=total(measured.unknown),
            base=total(measured.base),
            industrial=total(self.dataset.columns.zones.industrial_ha),
        )
        results = []
        for g, (subject, members) in enumerate(
            zip(groups.subject_ids, groups.members, strict=True)
        ):
            results.append(
                self._subject(
                    subject,
                    groups.level,
                    members,
                    g,
                    sums,
                    measured,
                    threshold,
                    upper,
                    uses,
                    order,
                    starts,
                )
            )
        return results

    def _records(
        self, members: tuple[int, ...], mask: np.ndarray, order: np.ndarray, starts: np.ndarray
    ) -> tuple[list[str], int]:
        ids = self.dataset.columns.parcels.ids
        listed: list[str] = []
        total = 0
        for z in members:
            chosen = order[starts[z] : starts[z + 1]]
            hits = chosen[mask[chosen]]
            total += len(hits)
            for i in hits[: max(0, MAX_LISTED_RECORDS - len(listed))]:
                listed.append(ids[i])
        return listed, total

    def _subject(
        self,
        subject: str,
        level: Level,
        members: tuple[int, ...],
        g: int,
        sums: _Sums,
        measured: ZoneMeasure,
        threshold: float | None,
        upper: float | None,
        uses: tuple[ParameterUse, ...],
        order: np.ndarray,
        starts: np.ndarray,
    ) -> Finding:
        all_ids = self.dataset.columns.zones.ids
        zone_ids = [all_ids[z] for z in members]
        part = float(sums.part[g])
        unknown = float(sums.unknown[g])
        base = float(sums.base[g]) if self.share else math.nan
        missing = [measured.missing[z] for z in members if measured.missing[z]]
        counted_ids, counted_n = self._records(members, measured.counted, order, starts)
        inputs = [
            InputValue(
                measured.part_name, Amount.hectares(part), tuple(counted_ids), counted_n or None
            )
        ]
        if self.share:
            inputs.append(
                InputValue(
                    measured.base_name,
                    Amount.hectares(base) if not math.isnan(base) else None,
                    tuple(zone_ids[:MAX_LISTED_RECORDS]),
                    len(zone_ids),
                )
            )
        subject_kind = {
            Level.ZONE: "zone",
            Level.PARENT: "economic zone",
            Level.DISTRICT: "district",
            Level.PROVINCE: "province",
        }[level]
        unit = "ratio" if self.share else "hectare"
        threshold_amount = Amount(threshold, unit) if threshold is not None else None
        upper_amount = Amount(upper, unit) if upper is not None else None
        notes = list(self.notes)
        if level is not Level.ZONE:
            notes.append(
                f"rolled up from {len(members)} zones: hectares added, shares not averaged"
            )
        common = {
            "threshold": threshold_amount,
            "threshold_upper": upper_amount,
            "comparator": self.rule.comparator,
        }
        if self.kind is MeasureKind.HOUSING_SHARE and part == 0 and not missing:
            # No parcel of the category may mean none recorded, not none set aside.
            missing = ["no land for workers' housing is recorded in these parks"]
        if missing or (self.share and (math.isnan(base) or base <= 0)):
            reasons = [m for m in missing if m] or [
                f"the {measured.base_name} is zero: no share can be taken"
            ]
            return self._finding(
                subject,
                subject_kind,
                Status.INSUFFICIENT_DATA,
                explanation=Explanation(
                    formula=self.formula,
                    inputs=tuple(inputs),
                    parameters=uses,
                    notes=(*reasons, *notes),
                ),
                **common,
            )
        if self.kind is MeasureKind.UNLEASED_AREA:
            part = float(sums.industrial[g]) - part
        low, high = self._bounds(part, unknown, base)
        actual = low
        steps = [self._step(part, base, actual)]
        gap: float | None = None
        if threshold is not None:
            verdicts = {self._holds(low, threshold, upper), self._holds(high, threshold, upper)}
            gap = self._gap(actual, part, base, threshold, upper)
            steps.append(self._requirement(base, threshold, upper, gap))
        else:
            verdicts = set()
        if unknown > 0:
            uncertain_ids, uncertain_n = self._records(members, measured.uncertain, order, starts)
            inputs.append(
                InputValue(
                    "land leased to projects whose category is not recorded",
                    Amount.hectares(unknown),
                    tuple(uncertain_ids),
                    uncertain_n,
                )
            )
            notes.append(
                f"{unknown:,.6g} ha is leased to projects whose category is not recorded: the"
                f" share lies between {low:.4%} and {high:.4%}"
            )
        if not verdicts:
            status = Status.MEASURED
        elif len(verdicts) > 1:
            notes.append("counting the land of unknown category or not changes the verdict")
            status = Status.INSUFFICIENT_DATA
        else:
            status = Status.PASS if verdicts.pop() else Status.FAIL
        return self._finding(
            subject,
            subject_kind,
            status,
            actual=Amount(actual, unit),
            gap=Amount.hectares(gap) if gap is not None else None,
            explanation=Explanation(
                formula=self.formula,
                inputs=tuple(inputs),
                parameters=uses,
                steps=tuple(steps),
                notes=tuple(notes),
            ),
            **common,
        )

    def _bounds(self, part: float, unknown: float, base: float) -> tuple[float, float]:
        if not self.share:
            return part, part
        return part / base, (part + unknown) / base

    def _holds(self, value: float, threshold: float, upper: float | None) -> bool:
        # Within RELATIVE_TOLERANCE of a bound counts as on the bound.
        slack = RELATIVE_TOLERANCE * max(abs(threshold), abs(upper or 0.0), 1e-12)
        comparator = self.rule.comparator
        if comparator is Comparator.AT_LEAST:
            return value >= threshold - slack
        if comparator is Comparator.MORE_THAN:
            return value > threshold + slack
        if comparator is Comparator.AT_MOST:
            return value <= threshold + slack
        if comparator is Comparator.LESS_THAN:
            return value < threshold - slack
        if comparator is Comparator.BETWEEN:
            return threshold - slack <= value <= (upper or 0.0) + slack
        return abs(value - threshold) <= (upper or 0.0) + slack

    def _gap(
        self, actual: float, part: float, base: float, threshold: float, upper: float | None
    ) -> float:
        """Hectares of margin (positive) or shortfall (negative).

        For a share the hectares are compared directly (45 ha against 20% of
        300 ha = 60 ha), so the gap carries no error from the division.
        """
        value, low, top = (
            (part, threshold * base, (upper or 0.0) * base)
            if self.share
            else (actual, threshold, upper or 0.0)
        )
        comparator = self.rule.comparator
        if comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
            return value - low
        if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
            return low - value
        if comparator is Comparator.ABOUT:
            low, top = low - top, low + top
        return min(value - low, top - value)

    def _step(self, part: float, base: float, actual: float) -> str:
        if self.share:
            return f"{part:,.6g} ha ÷ {base:,.6g} ha = {actual:.4%}"
        return f"{actual:,.6g} ha"

    def _requirement(self, base: float, threshold: float, upper: float | None, gap: float) -> str:
        comparator = self.rule.comparator
        word = "margin" if gap >= 0 else "short by"
        if self.share:
            need = (
                f"{comparator.words} {threshold:.4%} of {base:,.6g} ha = {threshold * base:,.6g} ha"
            )
        else:
            need = f"{comparator.words} {threshold:,.6g} ha"
        if upper is not None:
            need += f" (second value {upper:.4g})"
        return f"required: {need}; {word} {abs(gap):,.6g} ha"


def rules_of(packs: Iterable[RulePack]) -> RuleSet:
    """One rule set from packs already loaded."""
    return combine(packs)
