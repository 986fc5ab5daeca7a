"""The values a target is tracked on: where they come from, and each in the level's unit.

A target's actuals come from the dataset's records or from observations
(:func:`source_of`, the rule "records first, observations only where the dataset holds
none", or what the target asks for). :class:`Reader` reads them for one target on one day:
the metric measured on the records (in memory, or counted by the engine of the frames given
to :func:`~industrial_policy.tracking.track`), an observation's or a baseline's amount in the
level's unit, money converted on its date with the exchange rate recorded as a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from industrial_policy.amounts import RATIO, Amount, is_currency, resolve
from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.records.observations import Observation
from industrial_policy.records.targets import Actuals, Measure, Metric, Target
from industrial_policy.tracking.draft import Draft
from industrial_policy.tracking.frames import FRAME_METRICS, ProjectFrames
from industrial_policy.tracking.metrics import (
    Measured,
    Query,
    Scope,
    _rate_use,
    holds_records,
    measure,
)
from industrial_policy.tracking.progress import TrackingParameters
from industrial_policy.tracking.wording import Wording

__all__ = ["Reader", "source_of"]


def source_of(
    target: Target,
    scope: Scope,
    observations: Sequence[Observation],
    holds: Callable[[Metric], bool],
) -> tuple[str, str]:
    """Where the target's actuals come from, ``"records"`` or ``"observations"``, and the note
    that says why; ``holds`` tells whether the dataset holds records of a metric."""
    metric = target.metric
    if target.actuals is Actuals.RECORDS:
        if metric is Metric.OBSERVED:
            raise InvalidValueError(
                "an observed metric has no records: use actuals = 'observations'",
                value=target.actuals.value,
                field="actuals",
                record_type="Target",
                record_id=target.id,
            )
        return "records", "actuals: the dataset's records (the target asks for them)"
    if target.actuals is Actuals.OBSERVATIONS:
        return "observations", "actuals: observations (the target asks for them)"
    if metric is not Metric.OBSERVED and holds(metric):
        note = (
            f"actuals: the dataset's records, since it holds records of {metric.value} for"
            f" {scope.description} (rule: records first, observations only where the"
            " dataset holds none)"
        )
        if observations:
            note += (
                f"; the {len(observations)} observation(s) of series"
                f" {target.series_id!r} are shown for comparison only (set actuals ="
                " 'observations' to use them)"
            )
        return "records", note
    if metric is Metric.OBSERVED:
        return "observations", "actuals: observations (an observed metric has no records)"
    return "observations", (
        f"actuals: observations, since the dataset holds no records of {metric.value}"
        f" for {scope.description}"
    )


@attrs.define
class Reader:
    """One target's values on one day (``day``: the day tracked, at most the deadline)."""

    dataset: Dataset
    frames: ProjectFrames | None
    target: Target
    scope: Scope
    observations: Sequence[Observation]
    params: TrackingParameters
    day: dt.date
    wording: Wording
    draft: Draft
    source: str = "observations"

    def holds(self, metric: Metric) -> bool:
        """Whether the dataset (or the frames) holds records of ``metric`` in the scope."""
        if self.frames is not None and metric in FRAME_METRICS:
            return self.frames.holds(self.scope, metric)
        return holds_records(self.dataset, self.scope, metric)

    def measure(self, query: Query, how: Measure, **kwargs: Any) -> Measured:
        """The metric of ``query`` measured on the records (or the frames)."""
        if self.frames is not None and query.metric in FRAME_METRICS:
            return self.frames.measure(self.scope, query, how, **kwargs)
        return measure(self.dataset, self.scope, query, how, **kwargs)

    def records(self, days: list[dt.date], start: dt.date | None) -> tuple[Measured, ...]:
        """The metric on ``days`` (the part and the whole for a share)."""
        target = self.target
        how = target.measure
        kwargs = {
            "days": days,
            "start": start,
            "currency": self.wording.currency,
            "rate_date": self.params.rate_date,
        }
        if not target.share:
            return (self.measure(Query.of(target), how, **kwargs),)
        part = self.measure(Query.of(target), how, **kwargs)
        whole = self.measure(Query.of(target, whole=True), how, **kwargs)
        return part, whole

    def observed(self, observation: Observation) -> float:
        """An observation's value in the level's unit (money converted on its date)."""
        if observation.illustrative:
            self.draft.illustrative_used[observation.id or observation.ref] = None
        try:
            return self.amount_value(observation.value, observation.day, "value")
        except InvalidValueError as exc:
            raise exc.located(
                record_type="Observation", record_id=observation.id or observation.ref
            ) from None

    def amount_value(self, amount: Amount, day: dt.date, field: str) -> float:
        """``amount`` in the level's unit; money in the level's currency on ``day``."""
        unit = self.target.level_unit
        wording = self.wording
        if is_currency(amount.unit) or (unit == "money"):
            resolved = resolve(amount, wording.currency or amount.unit, field=field)
            if not is_currency(resolved.unit):
                raise InvalidValueError(
                    "must be an amount of money", value=str(amount), field=field
                )
            to = wording.currency or resolved.unit
            wording.currency = to
            if resolved.unit == to:
                return float(resolved.value)
            rates = self.dataset.exchange_rates
            rate = rates.rate(resolved.unit, to, day)
            self.draft.use(_rate_use(self.dataset, resolved.unit, to, day))
            return float(resolved.value) * float(rate)
        resolved = resolve(amount, unit, field=field, share=unit == RATIO)
        return float(resolved.value)
