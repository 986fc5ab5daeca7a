"""The dataset's consistency checks for targets and observations.

Called from :meth:`industrial_policy.dataset.Dataset.integrity_problems`:
duplicate ids, a target or an observation naming a zone the dataset does not
hold, an observation about another subject than its target's, and two
different values for one series on one date or period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from industrial_policy.errors import Problem
from industrial_policy.periods import Period

if TYPE_CHECKING:
    from industrial_policy.targets.observations import Observation
    from industrial_policy.targets.target import Target

__all__ = ["target_problems"]


def target_problems(
    targets: Sequence[Target], observations: Sequence[Observation], zone_ids: set[str]
) -> Iterable[Problem]:
    """Every inconsistency between targets, observations and zones."""
    counts = Counter(target.id for target in targets)
    for i, target in enumerate(targets):
        if counts[target.id] > 1:
            yield Problem(
                f"targets[{i}].id",
                f"id {target.id!r} is used by {counts[target.id]} targets",
                target.id,
            )
        if target.zone_id is not None and target.zone_id not in zone_ids:
            yield Problem(
                f"targets[{i}].zone_id",
                f"target {target.id!r} names zone {target.zone_id!r}, which is not in the dataset",
                target.zone_id,
            )
    observation_ids = Counter(o.id for o in observations if o.id is not None)
    by_series: dict[str, list[Target]] = {}
    for target in targets:
        by_series.setdefault(target.series_id, []).append(target)
    values: dict[tuple[str, object], tuple[int, Observation]] = {}
    for i, observation in enumerate(observations):
        if observation.id is not None and observation_ids[observation.id] > 1:
            yield Problem(
                f"observations[{i}].id",
                f"id {observation.id!r} is used by {observation_ids[observation.id]} observations",
                observation.id,
            )
        if observation.zone_id is not None and observation.zone_id not in zone_ids:
            yield Problem(
                f"observations[{i}].zone_id",
                f"observation {observation.ref!r} names zone {observation.zone_id!r},"
                " which is not in the dataset",
                observation.zone_id,
            )
        for target in by_series.get(observation.series, ()):
            reason = observation.subject_mismatch(target)
            if reason is not None:
                yield Problem(
                    f"observations[{i}]",
                    f"{reason}, but target {target.id!r} of series {observation.series!r} is"
                    f" about {target.subject_kind} {target.subject_id!r}",
                    observation.ref,
                )
        key = (observation.series, observation.on)
        earlier = values.setdefault(key, (i, observation))
        if earlier[1] is not observation and earlier[1].value != observation.value:
            when = observation.on.label if isinstance(observation.on, Period) else observation.on
            yield Problem(
                f"observations[{i}].value",
                f"series {observation.series!r} has two values on {when}:"
                f" {earlier[1].value} (observations[{earlier[0]}]) and {observation.value}",
                observation.ref,
            )
