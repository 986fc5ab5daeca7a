"""The explanation of a target's finding while it is written, and the finding it ends in.

Each part of the tracking (the series, the path, the projection, the verdict) adds what it
used and did to one :class:`Draft`: the inputs (the actual's, then the baseline's), the
parameters (exchange rates, the grading threshold), the steps, the notes, the details
(expected value, projection, required growth...). :meth:`Draft.finding` closes it with a status
and its reason into a :class:`~industrial_policy.findings.Finding`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from industrial_policy.amounts import Amount
from industrial_policy.comparators import Comparator
from industrial_policy.findings import Explanation, Finding, InputValue, ParameterUse, Status
from industrial_policy.tracking.metrics import Scope
from industrial_policy.tracking.verdict import gap
from industrial_policy.tracking.wording import Wording, formula

__all__ = ["Draft"]


@attrs.define
class Draft:
    """What a target's explanation holds so far; ``actual`` is kept for an early stop."""

    inputs: list[InputValue] = attrs.Factory(list)
    baseline_inputs: list[InputValue] = attrs.Factory(list)
    parameters: list[ParameterUse] = attrs.Factory(list)
    steps: list[str] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)
    illustrative_used: dict[str, None] = attrs.Factory(dict)  # observations, in order
    details: dict[str, Amount | None] = attrs.Factory(dict)
    actual: float | None = None  # known before the status, kept if the status is not

    def use(self, parameter: ParameterUse) -> None:
        """Add a parameter used, once."""
        if parameter not in self.parameters:
            self.parameters.append(parameter)

    def finding(
        self,
        *,
        wording: Wording,
        scope: Scope,
        source: str,
        as_of: dt.date,
        status: Status,
        actual: float | None,
        reason: str,
    ) -> Finding:
        """The finding: ``status`` for ``reason``, with the actual, the gap and everything
        gathered (``source`` says where the actual came from, for the formula)."""
        target = wording.target
        threshold = target.value
        upper = target.upper if target.comparator is Comparator.BETWEEN else target.tolerance
        actual_amount = wording.threshold_amount(actual) if actual is not None else None
        gap_amount = None
        if actual is not None:
            gap_amount = wording.gap_amount(gap(actual, target.band()))
            reference = float(threshold.value)
            if reference != 0 and not target.upper_bound:
                self.details = {
                    "percent_achieved": Amount.ratio(actual / reference),
                    **self.details,
                }
        self.steps.append(f"status: {status.value.replace('_', ' ')}: {reason}")
        if target.illustrative:
            self.notes.append("the target is illustrative: its value is not from a source")
        if self.illustrative_used:
            used = list(self.illustrative_used)
            self.notes.append(
                f"{len(used)} of the observations used {'is' if len(used) == 1 else 'are'}"
                f" illustrative, not from a source: {', '.join(used[:5])}"
                + (f" and {len(used) - 5} more" if len(used) > 5 else "")
            )
        explanation = Explanation(
            formula=formula(target, scope, source),
            inputs=(*self.inputs, *self.baseline_inputs),
            parameters=tuple(self.parameters),
            steps=tuple(self.steps),
            notes=tuple(dict.fromkeys(self.notes)),
        )
        return Finding(
            check_id=target.id,
            kind="target",
            title=target.title,
            subject_id=scope.id,
            status=status,
            as_of=as_of,
            explanation=explanation,
            subject_kind=scope.kind,
            actual=actual_amount,
            threshold=threshold,
            threshold_upper=upper,
            comparator=target.comparator,
            gap=gap_amount,
            citation=target.source,
            details=dict(self.details),
        )
