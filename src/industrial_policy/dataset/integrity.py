"""The dataset's integrity checks: every way records can fail to fit together.

:meth:`industrial_policy.dataset.Dataset.integrity_problems` runs them all
when a dataset is built; each returns :class:`~industrial_policy.errors.Problem`
values naming the record's path (``parcels[3].zone_id``) and its row and
column, never raising. They read the dataset's tables and numpy columns (the
few kinds a dataset holds a handful of, as records), never a
:class:`~industrial_policy.dataset.Dataset`, and run on whole columns:

* every kind: duplicate ids (:func:`duplicate_ids`), and references to
  records the dataset does not hold, for every field that names another
  record, one look-up per distinct id (:func:`reference_problems`);
* zones, parcels and projects: a parcel leased to a project of another zone
  (:func:`tenant_problems`), the zone hierarchy (:func:`hierarchy_problems`),
  areas that do not add up (:func:`area_problems`);
* reported figures: their scopes (:func:`scope_problems`), their parts and
  same-as figures (:func:`figure_problems`);
* targets and observations (:func:`target_problems`): duplicate ids, an
  observation about another subject than its target's, and two different
  values for one series on one date or period;
* procedures' offerings, fees and published counts
  (:func:`services_problems`): a fee discount naming an unknown procedure,
  two offerings of one procedure on one day that disagree, two fee lines of
  one procedure, kind and day charged on the same channel, and published
  counts that would count the same dossiers twice (:func:`overlap_problems`:
  overlapping periods of one procedure, or a period covering days that
  dossier rows of the procedure were received on).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from industrial_policy.columnar import CodedColumn, Table, TextColumn
from industrial_policy.dataset.columns import DatasetColumns, ZoneColumns, code_of
from industrial_policy.errors import Problem
from industrial_policy.periods import Period
from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import DossierCount
from industrial_policy.records.fees import Fee, FeeDiscount
from industrial_policy.records.observations import Observation
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.parcels import Parcel
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.projects import Project
from industrial_policy.records.reported import ReportedFigure
from industrial_policy.records.targets import Target
from industrial_policy.records.zones import ZoneKind

__all__ = [
    "area_problems",
    "duplicate_ids",
    "figure_problems",
    "hierarchy_problems",
    "overlap_problems",
    "reference_problems",
    "scope_problems",
    "services_problems",
    "target_problems",
    "tenant_problems",
]

# Sums of float areas drift by a few ulps; a parcel total this close to the
# zone's area is the zone's area.
_AREA_RTOL = 1e-9


_NOUNS = {
    "zones": "zone",
    "parcels": "parcel",
    "projects": "project",
    "procedures": "procedure",
    "reported": "reported figure",
    "targets": "target",
    "observations": "observation",
    "published": "published figure",
    "service_offerings": "service offering",
    "dossiers": "dossier",
    "dossier_counts": "dossier count",
    "fees": "fee",
}


def _who(record: Any) -> str:
    """How a message names a record: its ``ref`` where it has one, else its id."""
    name = getattr(record, "ref", None) or getattr(record, "id", None)
    return f" {name!r}" if name else ""


def _who_at(table: Table[Any], row: int) -> str:
    """:func:`_who` of a table's row, read from its columns without making the record."""
    if "id" not in table.schema.names or isinstance(getattr(table.kind, "ref", None), property):
        return _who(table[row])  # named by what it is about (an observation's ``ref``)
    name = table.column("id").value(row)
    return f" {name!r}" if name else ""


def reference_problems(tables: Mapping[str, Table[Any]]) -> Iterable[Problem]:
    """Records naming a record the dataset does not hold (a parcel's zone, a dossier's
    procedure): every reference field of every table, the distinct ids looked up in bulk."""
    for field, table in tables.items():
        for name, target in table.schema.references.items():
            if target == "reported":
                continue  # a figure's same_as is checked with its parts (figure_problems)
            column = table.typed(name, CodedColumn)
            if not column.vocabulary:
                continue
            held = tables.get(target)
            ids = held.column("id") if held is not None else None
            found = ids.positions(column.vocabulary) if isinstance(ids, TextColumn) else None
            unknown = (
                np.flatnonzero(found < 0).tolist()
                if found is not None
                else list(range(len(column.vocabulary)))
            )
            if not unknown:
                continue
            flagged = np.zeros(len(column.vocabulary) + 1, dtype=np.bool_)
            flagged[unknown] = True
            noun, kind = _NOUNS.get(field, field), _NOUNS.get(target, target)
            for i in np.flatnonzero(flagged[column.codes]).tolist():
                ref = column.value(i)
                yield Problem(
                    f"{field}[{i}].{name}",
                    f"{noun}{_who_at(table, i)} names {kind} {ref!r}, which is not in the dataset",
                    ref,
                    row=i,
                    column=name,
                )


def tenant_problems(
    parcels: Table[Parcel], columns: DatasetColumns, projects: Table[Project]
) -> Iterable[Problem]:
    """A parcel leased to a project that is recorded in another zone."""
    tenant = columns.parcels.project
    leased = np.flatnonzero(tenant >= 0)
    if not len(projects) or not len(leased):
        return
    zone_index = {zone: i for i, zone in enumerate(columns.zones.ids)}
    project_zone = projects.typed("zone_id", CodedColumn).positions(zone_index)  # few zones
    theirs = project_zone[tenant[leased]]
    ours = columns.parcels.zone[leased]
    project_ids = projects.typed("id", TextColumn)
    for i in leased[(theirs >= 0) & (theirs != ours)].tolist():
        parcel_zone = parcels.column("zone_id").value(i)
        project = project_ids.value(int(tenant[i]))
        yield Problem(
            f"parcels[{i}].project_id",
            f"parcel {columns.parcels.ids[i]!r} in zone {parcel_zone!r} is leased to project"
            f" {project!r}, which is recorded in zone"
            f" {columns.zones.ids[int(project_zone[tenant[i]])]!r}",
            parcels.column("project_id").value(i),
            row=i,
            column="project_id",
        )


def scope_problems(reported: Sequence[ReportedFigure], zone_ids: set[str]) -> Iterable[Problem]:
    """Reported figures whose scope names a zone the dataset does not hold."""
    for i, figure in enumerate(reported):
        for attr in ("within", "outside"):
            ref = getattr(figure.scope, attr)
            if ref is not None and ref not in zone_ids:
                yield Problem(
                    f"reported[{i}].scope.{attr}",
                    f"reported figure {figure.id!r} names zone {ref!r}, which is not in the"
                    " dataset",
                    ref,
                )


def hierarchy_problems(zones: ZoneColumns) -> Iterable[Problem]:
    """A zone inside a zone that is not an economic zone, and zones that contain each other."""
    ids, parent = zones.ids, zones.parent
    economic_zone = code_of(ZoneKind.ECONOMIC_ZONE)
    kinds = list(ZoneKind)
    for i in np.flatnonzero((parent >= 0) & (zones.kind[np.maximum(parent, 0)] != economic_zone)):
        above = int(parent[i])
        yield Problem(
            f"zones[{i}].parent_id",
            f"zone {ids[i]!r} is placed inside {ids[above]!r}, a {kinds[zones.kind[above]].value};"
            " only an economic zone contains other zones",
            ids[above],
            row=int(i),
            column="parent_id",
        )
    # Walk up from every zone at once; a zone still climbing after len(zones) steps is in
    # a loop, or below one.
    climbing = parent.copy()
    for _ in range(len(ids)):
        if not (climbing >= 0).any():
            return
        climbing = np.where(climbing >= 0, parent[np.maximum(climbing, 0)], -1)
    reported_cycles: set[frozenset[int]] = set()
    for start in np.flatnonzero(climbing >= 0).tolist():
        seen = [start]
        above = int(parent[start])
        while above not in seen:
            seen.append(above)
            above = int(parent[above])
        cycle = seen[seen.index(above) :]
        key = frozenset(cycle)
        if key in reported_cycles:
            continue
        reported_cycles.add(key)
        # The walk may have started below the loop; the problem belongs to the zone
        # where the loop starts.
        at = start if above == start else above
        names = " -> ".join(ids[z] for z in [*cycle, above])
        yield Problem(
            f"zones[{at}].parent_id",
            f"zones contain each other: {names}",
            ids[above],
            row=at,
            column="parent_id",
        )


def area_problems(columns: DatasetColumns) -> Iterable[Problem]:
    """Parcels adding up to more than their zone's land, and zones to more than their parent."""
    zones, parcels = columns.zones, columns.parcels
    total, industrial = zones.total_ha, zones.industrial_ha
    if len(parcels):
        zone, area = parcels.zone, parcels.area_ha
        placed = zone >= 0
        if not placed.all():  # copies of the columns only when some parcel is in no zone
            zone, area = zone[placed], area[placed]
        parcel_sum = np.bincount(zone, weights=area, minlength=len(zones))
        base = np.where(np.isnan(industrial), total, industrial)
        for i in np.flatnonzero(parcel_sum > base * (1 + _AREA_RTOL)):  # NaN compares False
            base_name = "total area" if math.isnan(industrial[i]) else "industrial land"
            yield Problem(
                f"zones[{i}]",
                f"the parcels of zone {zones.ids[i]!r} add up to {parcel_sum[i]:,.4g} ha,"
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
            f"the zones inside {zones.ids[i]!r} add up to {child_sum[i]:,.4g} ha,"
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


def duplicate_ids(field: str, items: Table[Any] | Sequence[Any]) -> Iterable[Problem]:
    """Records of one kind sharing an id (records without an id share none)."""
    column = items.column("id") if isinstance(items, Table) else None
    if isinstance(column, TextColumn) and column.unique():
        return
    ids: list[str | None] = column.values() if column is not None else [item.id for item in items]
    present = [i for i in ids if i is not None]
    if len(set(present)) == len(present):
        return
    counts = Counter(present)
    for i, record_id in enumerate(ids):
        if record_id is not None and counts[record_id] > 1:
            yield Problem(
                f"{field}[{i}].id",
                f"id {record_id!r} is used by {counts[record_id]} records in {field}",
                record_id,
                row=i,
                column="id",
                record_id=record_id,
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
    targets: Sequence[Target], observations: Sequence[Observation]
) -> Iterable[Problem]:
    """Every inconsistency between targets and observations (a zone they name that the
    dataset does not hold is a reference problem, :func:`reference_problems`)."""
    counts = Counter(target.id for target in targets)
    for i, target in enumerate(targets):
        if counts[target.id] > 1:
            yield Problem(
                f"targets[{i}].id",
                f"id {target.id!r} is used by {counts[target.id]} targets",
                target.id,
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


def services_problems(
    procedures: Sequence[Procedure],
    counts: Sequence[DossierCount],
    offerings: Sequence[ServiceOffering],
    fees: Sequence[Fee],
    discounts: Sequence[FeeDiscount],
    dossier_table: Callable[[], DossierTable | None],
) -> list[Problem]:
    """Every inconsistency among the services records of a dataset, beyond duplicate ids
    and unknown procedures (:func:`duplicate_ids`, :func:`reference_problems`).

    ``dossier_table`` gives the dossier rows as a table (``None`` without rows; asked only
    when there are published counts, to check that they do not overlap).
    """
    problems: list[Problem] = []
    known = {p.id for p in procedures}
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
        problems.extend(overlap_problems(counts, dossier_table()))
    return problems


def overlap_problems(
    counts: Sequence[DossierCount],
    table: DossierTable | None = None,
    *,
    path: str = "dossier_counts",
    spans: Mapping[str, tuple[dt.date, dt.date]] | None = None,
) -> list[Problem]:
    """Published counts that would count the same dossiers twice.

    Two counts of one procedure (and province) whose periods overlap, and a
    count whose period overlaps the days on which the dossier rows of its
    procedure were received: those of ``table``, or given as ``spans`` (the
    first and last day received, by procedure, as a frame's engine gives them).
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
    received = dict(spans or {})
    if table is not None and len(table) and counts:
        received.update(_received_spans(counts, table))
    for i, count in enumerate(counts):
        span = received.get(count.procedure_id)
        if span is None:
            continue
        first, last = span
        if count.period.start <= last and first <= count.period.end:
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


def _received_spans(
    counts: Sequence[DossierCount], table: DossierTable
) -> dict[str, tuple[dt.date, dt.date]]:
    """The first and last day received of the table's rows of each procedure counted."""
    names = {pid: i for i, pid in enumerate(table.procedure_ids)}
    wanted = sorted({c.procedure_id for c in counts if c.procedure_id in names})
    if not wanted:
        return {}
    mark = np.zeros(len(table.procedure_ids), dtype=np.bool_)
    mark[[names[p] for p in wanted]] = True
    rows = mark[table.procedure]
    codes = table.procedure[rows]
    days = table.received[rows].astype(np.int64)
    first = np.full(len(mark), np.iinfo(np.int64).max)
    last = np.full(len(mark), np.iinfo(np.int64).min)
    np.minimum.at(first, codes, days)
    np.maximum.at(last, codes, days)
    spans = {}
    for procedure in wanted:
        code = names[procedure]
        if first[code] <= last[code]:
            spans[procedure] = (_day(first[code]), _day(last[code]))
    return spans


def _day(ordinal: np.int64) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(ordinal))
