"""The dataset's integrity checks: every way records can fail to fit together.

:meth:`industrial_policy.dataset.Dataset.integrity_problems` runs them all
when a dataset is built; each returns :class:`~industrial_policy.errors.Problem`
values naming the record's path (``parcels[3].zone_id``), never raising.
They read records and the numpy columns, never a
:class:`~industrial_policy.dataset.Dataset`:

* zones, parcels, projects and reported figures: duplicate ids
  (:func:`duplicate_ids`), references to records the dataset does not hold
  (:func:`reference_problems`), the zone hierarchy
  (:func:`hierarchy_problems`), areas that do not add up
  (:func:`area_problems`), reported figures and their parts
  (:func:`figure_problems`);
* targets and observations (:func:`target_problems`): duplicate ids, a
  target or an observation naming a zone the dataset does not hold, an
  observation about another subject than its target's, and two different
  values for one series on one date or period;
* procedures' dossiers, offerings, fees and rate targets
  (:func:`services_problems`): duplicate ids, a record naming a procedure
  the dataset does not hold, two offerings of one procedure on one day
  that disagree, two fee lines of one procedure, kind and day charged on
  the same channel, and published counts that would count the same
  dossiers twice (:func:`overlap_problems`: overlapping periods of one
  procedure, or a period covering days that dossier rows of the procedure
  were received on).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from industrial_policy.dataset.columns import DatasetColumns
from industrial_policy.errors import Problem
from industrial_policy.periods import Period
from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import Dossier, DossierCount
from industrial_policy.records.fees import Fee, FeeDiscount
from industrial_policy.records.observations import Observation
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.parcels import Parcel
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.projects import Project
from industrial_policy.records.rate_targets import RateTarget
from industrial_policy.records.reported import ReportedFigure
from industrial_policy.records.targets import Target
from industrial_policy.records.zones import Zone, ZoneKind

__all__ = [
    "area_problems",
    "duplicate_ids",
    "figure_problems",
    "hierarchy_problems",
    "overlap_problems",
    "reference_problems",
    "services_problems",
    "target_problems",
]

# Sums of float areas drift by a few ulps; a parcel total this close to the
# zone's area is the zone's area.
_AREA_RTOL = 1e-9


def reference_problems(
    zones: Sequence[Zone],
    parcels: Sequence[Parcel],
    projects: Sequence[Project],
    reported: Sequence[ReportedFigure],
    zone_ids: set[str],
    project_ids: set[str],
    project_index: Callable[[], Mapping[str, Project]],
) -> Iterable[Problem]:
    """Records naming a zone or a project the dataset does not hold, and a parcel leased to a
    project recorded in another zone. ``project_index`` gives the projects by id (asked only
    when there are both parcels and projects)."""

    def unknown(path: str, what: str, ref: str, kind: str) -> Problem:
        return Problem(path, f"{what} names {kind} {ref!r}, which is not in the dataset", ref)

    for i, zone in enumerate(zones):
        if zone.parent_id is not None and zone.parent_id not in zone_ids:
            yield unknown(f"zones[{i}].parent_id", f"zone {zone.id!r}", zone.parent_id, "zone")
    for i, parcel in enumerate(parcels):
        if parcel.zone_id not in zone_ids:
            yield unknown(f"parcels[{i}].zone_id", f"parcel {parcel.id!r}", parcel.zone_id, "zone")
        if parcel.project_id is not None and parcel.project_id not in project_ids:
            yield unknown(
                f"parcels[{i}].project_id",
                f"parcel {parcel.id!r}",
                parcel.project_id,
                "project",
            )
    for i, project in enumerate(projects):
        if project.zone_id is not None and project.zone_id not in zone_ids:
            yield unknown(
                f"projects[{i}].zone_id", f"project {project.id!r}", project.zone_id, "zone"
            )
    for i, figure in enumerate(reported):
        for attr in ("within", "outside"):
            ref = getattr(figure.scope, attr)
            if ref is not None and ref not in zone_ids:
                yield unknown(
                    f"reported[{i}].scope.{attr}", f"reported figure {figure.id!r}", ref, "zone"
                )
    if projects and parcels:
        index = project_index()
        for i, parcel in enumerate(parcels):
            tenant = index.get(parcel.project_id) if parcel.project_id else None
            if tenant is not None and tenant.zone_id not in (None, parcel.zone_id):
                yield Problem(
                    f"parcels[{i}].project_id",
                    f"parcel {parcel.id!r} in zone {parcel.zone_id!r} is leased to project"
                    f" {tenant.id!r}, which is recorded in zone {tenant.zone_id!r}",
                    parcel.project_id,
                )


def hierarchy_problems(zones: Sequence[Zone]) -> Iterable[Problem]:
    """A zone inside a zone that is not an economic zone, and zones that contain each other."""
    parents = {zone.id: zone.parent_id for zone in zones}
    kinds = {zone.id: zone.kind for zone in zones}
    positions = {zone.id: i for i, zone in enumerate(zones)}
    reported_cycles: set[frozenset[str]] = set()
    for i, zone in enumerate(zones):
        parent = zone.parent_id
        if parent in kinds and kinds[parent] is not ZoneKind.ECONOMIC_ZONE:
            yield Problem(
                f"zones[{i}].parent_id",
                f"zone {zone.id!r} is placed inside {parent!r}, a {kinds[parent].value};"
                " only an economic zone contains other zones",
                parent,
            )
        seen = [zone.id]
        while parent is not None and parent in parents:
            if parent in seen:
                cycle = seen[seen.index(parent) :]
                key = frozenset(cycle)
                if key not in reported_cycles:
                    reported_cycles.add(key)
                    loop = " -> ".join([*cycle, parent])
                    # The walk may have started outside the loop (a zone inside
                    # it); the problem belongs to the zone where the loop starts.
                    at = i if parent == zone.id else positions[parent]
                    yield Problem(
                        f"zones[{at}].parent_id", f"zones contain each other: {loop}", parent
                    )
                break
            seen.append(parent)
            parent = parents[parent]


def area_problems(records: tuple[Zone, ...], columns: DatasetColumns) -> Iterable[Problem]:
    """Parcels adding up to more than their zone's land, and zones to more than their parent."""
    zones, parcels = columns.zones, columns.parcels
    total, industrial = zones.total_ha, zones.industrial_ha
    if len(parcels):
        placed = parcels.zone >= 0
        parcel_sum = np.bincount(
            parcels.zone[placed], weights=parcels.area_ha[placed], minlength=len(zones)
        )
        base = np.where(np.isnan(industrial), total, industrial)
        for i in np.flatnonzero(parcel_sum > base * (1 + _AREA_RTOL)):  # NaN compares False
            base_name = "total area" if math.isnan(industrial[i]) else "industrial land"
            yield Problem(
                f"zones[{i}]",
                f"the parcels of zone {records[i].id!r} add up to {parcel_sum[i]:,.4g} ha,"
                f" more than its {base_name} of {base[i]:,.4g} ha",
                float(parcel_sum[i]),
            )
    has_parent = (zones.parent >= 0) & ~np.isnan(total)
    child_sum = np.bincount(
        zones.parent[has_parent], weights=total[has_parent], minlength=len(zones)
    )
    for i in np.flatnonzero(child_sum > total * (1 + _AREA_RTOL)):
        yield Problem(
            f"zones[{i}]",
            f"the zones inside {records[i].id!r} add up to {child_sum[i]:,.4g} ha,"
            f" more than its total area of {total[i]:,.4g} ha",
            float(child_sum[i]),
        )


def figure_problems(reported: Sequence[ReportedFigure]) -> Iterable[Problem]:
    """Reported figures naming parts or a same-as figure that are missing or of another metric,
    and figures that are parts of each other."""
    figures = {figure.id: figure for figure in reported}
    for i, figure in enumerate(reported):
        for part in figure.parts:
            other = figures.get(part)
            if other is None:
                yield Problem(
                    f"reported[{i}].parts",
                    f"reported figure {figure.id!r} names part {part!r},"
                    " which is not a reported figure",
                    part,
                )
            elif other.metric is not figure.metric:
                yield Problem(
                    f"reported[{i}].parts",
                    f"reported figure {figure.id!r} ({figure.metric.value}) has part {part!r}"
                    f" of another metric ({other.metric.value})",
                    part,
                )
        if figure.same_as is None:
            continue
        same = figures.get(figure.same_as)
        if same is None:
            yield Problem(
                f"reported[{i}].same_as",
                f"reported figure {figure.id!r} is the same as {figure.same_as!r},"
                " which is not a reported figure",
                figure.same_as,
            )
        elif same.metric is not figure.metric:
            yield Problem(
                f"reported[{i}].same_as",
                f"reported figure {figure.id!r} ({figure.metric.value}) cannot be the same as"
                f" {figure.same_as!r} of another metric ({same.metric.value})",
                figure.same_as,
            )
    yield from _part_cycles(reported)


def duplicate_ids(field: str, items: Sequence[Any]) -> Iterable[Problem]:
    """Records of one kind sharing an id (records without an id share none)."""
    counts = Counter(item.id for item in items)
    unnamed = counts.pop(None, 0)
    if len(counts) + unnamed == len(items):
        return
    for i, item in enumerate(items):
        if counts[item.id] > 1:
            yield Problem(
                f"{field}[{i}].id",
                f"id {item.id!r} is used by {counts[item.id]} records in {field}",
                item.id,
            )


def _part_cycles(figures: Sequence[ReportedFigure]) -> Iterable[Problem]:
    parts = {figure.id: figure.parts for figure in figures}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> Iterable[Problem]:
        state[node] = 1
        for part in parts.get(node, ()):
            if state.get(part) == 1:
                loop = " -> ".join([*path[path.index(part) :], part])
                yield Problem("reported", f"reported figures are parts of each other: {loop}", part)
            elif part in parts and part not in state:
                yield from visit(part, [*path, part])
        state[node] = 2

    for figure in figures:
        if figure.id not in state:
            yield from visit(figure.id, [figure.id])


# -- targets and observations ---------------------------------------------------------------------


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


# -- procedures' dossiers, offerings, fees and rate targets ---------------------------------------


def _unknown_procedures(field: str, items: Sequence[Any], known: set[str]) -> Iterable[Problem]:
    for i, item in enumerate(items):
        if item.procedure_id not in known:
            who = f" {item.id!r}" if getattr(item, "id", None) else ""
            yield Problem(
                f"{field}[{i}].procedure_id",
                f"{field[:-1].replace('_', ' ')}{who} names procedure {item.procedure_id!r},"
                " which is not in the dataset",
                item.procedure_id,
            )


def services_problems(
    procedures: Sequence[Procedure],
    dossiers: Sequence[Dossier],
    counts: Sequence[DossierCount],
    offerings: Sequence[ServiceOffering],
    fees: Sequence[Fee],
    discounts: Sequence[FeeDiscount],
    targets: Sequence[RateTarget],
    dossier_table: Callable[[], DossierTable],
) -> list[Problem]:
    """Every inconsistency among the services records of a dataset.

    ``dossier_table`` gives the dossiers as a table (asked only when there
    are both dossiers and published counts, to check that they do not
    overlap).
    """
    if not (dossiers or counts or offerings or fees or discounts or targets):
        return []
    problems: list[Problem] = []
    for field, items in (
        ("dossiers", dossiers),
        ("dossier_counts", counts),
        ("service_offerings", offerings),
        ("fees", fees),
        ("fee_discounts", discounts),
        ("rate_targets", targets),
    ):
        problems.extend(duplicate_ids(field, items))
    known = {p.id for p in procedures}
    for field, items in (
        ("dossiers", dossiers),
        ("dossier_counts", counts),
        ("service_offerings", offerings),
        ("fees", fees),
    ):
        problems.extend(_unknown_procedures(field, items, known))
    for i, discount in enumerate(discounts):
        for procedure in sorted(discount.procedures - known):
            problems.append(
                Problem(
                    f"fee_discounts[{i}].procedures",
                    f"fee discount {discount.id!r} names procedure {procedure!r}, which is not"
                    " in the dataset",
                    procedure,
                )
            )
    seen: dict[tuple[str, object], tuple[int, Any]] = {}
    for i, offering in enumerate(offerings):
        key = (offering.procedure_id, offering.on)
        value = (offering.online_level, offering.online_service)
        earlier = seen.setdefault(key, (i, value))
        if earlier[0] != i and earlier[1] != value:
            problems.append(
                Problem(
                    f"service_offerings[{i}]",
                    f"procedure {offering.procedure_id!r} has two different offerings on"
                    f" {offering.on.isoformat()} (service_offerings[{earlier[0]}])",
                    offering.ref,
                )
            )
    same_day: dict[tuple[str, object, object], list[int]] = {}
    for i, fee in enumerate(fees):
        same_day.setdefault((fee.procedure_id, fee.kind, fee.effective_from), []).append(i)
    for members in same_day.values():
        for later, i in enumerate(members):
            fee = fees[i]
            # An empty channel set means every channel, so it meets any other line.
            clash = next(
                (
                    j
                    for j in members[:later]
                    if not fee.channels or not fees[j].channels or fee.channels & fees[j].channels
                ),
                None,
            )
            if clash is not None:
                since = fee.effective_from.isoformat() if fee.effective_from else "undated"
                problems.append(
                    Problem(
                        f"fees[{i}]",
                        f"procedure {fee.procedure_id!r} has two {fee.kind.value} fees from"
                        f" {since} charged on the same channel (fees[{clash}]): which one is"
                        " due cannot be told",
                        fee.ref,
                    )
                )
    if counts:
        table = dossier_table() if dossiers else None
        problems.extend(overlap_problems(counts, table))
    return problems


def overlap_problems(
    counts: Sequence[DossierCount],
    table: DossierTable | None = None,
    *,
    path: str = "dossier_counts",
) -> list[Problem]:
    """Published counts that would count the same dossiers twice.

    Two counts of one procedure (and province) whose periods overlap, and a
    count whose period overlaps the days on which the dossier rows of its
    procedure were received.
    """
    problems: list[Problem] = []
    by_key: dict[tuple[str, str | None], list[int]] = {}
    for i, count in enumerate(counts):
        by_key.setdefault((count.procedure_id, count.province), []).append(i)
    for (procedure, _), members in by_key.items():
        ordered = sorted(members, key=lambda i: counts[i].period.start)
        for a, b in pairwise(ordered):
            if counts[b].period.start <= counts[a].period.end:
                problems.append(
                    Problem(
                        f"{path}[{b}].period",
                        f"count {counts[b].id!r} ({counts[b].period}) overlaps count"
                        f" {counts[a].id!r} ({counts[a].period}) of procedure {procedure!r}:"
                        " the same dossiers would be counted twice",
                        str(counts[b].period),
                    )
                )
    if table is not None and len(table) and counts:
        names = {pid: i for i, pid in enumerate(table.procedure_ids)}
        wanted = {c.procedure_id for c in counts if c.procedure_id in names}
        if wanted:
            mark = np.zeros(len(table.procedure_ids), dtype=np.bool_)
            mark[[names[p] for p in wanted]] = True
            rows = mark[table.procedure]
            codes = table.procedure[rows]
            days = table.received[rows].astype(np.int64)
            first = np.full(len(mark), np.iinfo(np.int64).max)
            last = np.full(len(mark), np.iinfo(np.int64).min)
            np.minimum.at(first, codes, days)
            np.maximum.at(last, codes, days)
            for i, count in enumerate(counts):
                code = names.get(count.procedure_id)
                if code is None or not mark[code]:
                    continue
                low = np.datetime64(count.period.start, "D").astype(np.int64)
                high = np.datetime64(count.period.end, "D").astype(np.int64)
                if low <= last[code] and first[code] <= high:
                    problems.append(
                        Problem(
                            f"{path}[{i}].period",
                            f"count {count.id!r} ({count.period}) covers days on which dossier"
                            f" rows of procedure {count.procedure_id!r} were received: the"
                            " same dossiers would be counted twice",
                            str(count.period),
                        )
                    )
    return problems
