"""The dataset: every record of a study in one immutable, checked container.

A :class:`Dataset` holds zones, parcels, projects, procedures and reported
figures, with the exchange rates that convert its money. Building one checks
that the records fit together and raises
:class:`~industrial_policy.errors.DatasetIntegrityError` listing every
offending record. Lookups by id and by zone, and the numpy columns the
computations run on, are built on first use and kept.

>>> from industrial_policy import Dataset, Zone
>>> ds = Dataset(zones=[Zone(id="ez", name="EZ", kind="economic_zone", province="Quảng Nam",
...                          total_area="27,040 ha"),
...                     Zone(id="p1", name="P1", kind="industrial_park", province="Quảng Nam",
...                          total_area="400 ha", parent_id="ez")])
>>> [z.id for z in ds.children("ez")]
['p1']
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from industrial_policy import _fields
from industrial_policy.errors import (
    DatasetIntegrityError,
    InvalidValueError,
    Problem,
    UnknownRecordError,
)
from industrial_policy.evaluation import EvaluationSettings
from industrial_policy.money import ExchangeRates
from industrial_policy.parcels import Parcel
from industrial_policy.projects import Project
from industrial_policy.reported import ReportedFigure, ZoneScope, same_name
from industrial_policy.services.dossiers import Dossier, DossierCount
from industrial_policy.services.fees import Fee, FeeDiscount
from industrial_policy.services.offerings import ServiceOffering
from industrial_policy.services.procedures import Procedure
from industrial_policy.services.rate_targets import RateTarget
from industrial_policy.targets.observations import Observation
from industrial_policy.targets.target import Target
from industrial_policy.zones import Zone, ZoneKind

if TYPE_CHECKING:
    from industrial_policy.columns import DatasetColumns

__all__ = ["Dataset"]

R = TypeVar("R")

# Sums of float areas drift by a few ulps; a parcel total this close to the
# zone's area is the zone's area.
_AREA_RTOL = 1e-9


def records(kind: type[Any]) -> Any:
    """A dataset field holding a tuple of ``kind`` records (from any iterable)."""
    return _fields.records(kind, repr=False)


def _rates(value: object, instance: object, field: attrs.Attribute[Any]) -> ExchangeRates:
    if value is None:
        return ExchangeRates(())
    if isinstance(value, ExchangeRates):
        return value
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        return ExchangeRates(value)
    _fields.fail(instance, field, value, "must be an ExchangeRates table")
    raise AssertionError  # unreachable: fail() raises


def _sources(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        _fields.fail(instance, field, value, "must be a list of texts")
    convert = _fields.text().converter
    items = []
    for index, item in enumerate(value):
        try:
            items.append(convert(item, instance, field))
        except InvalidValueError as exc:
            raise InvalidValueError(
                exc.reason,
                value=exc.value,
                field=f"{field.name}[{index}]",
                record_type=exc.record_type,
                record_id=exc.record_id,
            ) from None
    return tuple(items)


@attrs.frozen(repr=False)
class Dataset:
    """Zones, parcels, projects, procedures and reported figures of one study."""

    zones: tuple[Zone, ...] = records(Zone)
    parcels: tuple[Parcel, ...] = records(Parcel)
    projects: tuple[Project, ...] = records(Project)
    procedures: tuple[Procedure, ...] = records(Procedure)
    reported: tuple[ReportedFigure, ...] = records(ReportedFigure)
    # -- targets (issue 4): fields added here by the targets module's author --
    targets: tuple[Target, ...] = records(Target)
    observations: tuple[Observation, ...] = records(Observation)
    # -- services (issue 5): fields added here by the services module's author --
    service_offerings: tuple[ServiceOffering, ...] = records(ServiceOffering)
    dossiers: tuple[Dossier, ...] = records(Dossier)
    dossier_counts: tuple[DossierCount, ...] = records(DossierCount)
    fees: tuple[Fee, ...] = records(Fee)
    fee_discounts: tuple[FeeDiscount, ...] = records(FeeDiscount)
    rate_targets: tuple[RateTarget, ...] = records(RateTarget)
    exchange_rates: ExchangeRates = _fields.converted(_rates, default=None)
    evaluation: EvaluationSettings | None = attrs.field(default=None)
    name: str | None = _fields.text(optional=True)
    description: str | None = _fields.text(optional=True)
    sources: tuple[str, ...] = _fields.converted(_sources, factory=tuple)
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, hash=False, repr=False)

    @evaluation.validator
    def _check_evaluation(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, EvaluationSettings):
            _fields.fail(self, field, value, "must be EvaluationSettings")

    def __attrs_post_init__(self) -> None:
        problems = self.integrity_problems()
        if problems:
            raise DatasetIntegrityError(
                problems, source=f"dataset {self.name!r}" if self.name else None
            )

    # -- lookups ------------------------------------------------------------------

    def _cached(self, key: str, build: Callable[[], R]) -> R:
        try:
            return self._cache[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._cache[key] = build()
            return value

    def _index(self, name: str, items: Sequence[R]) -> dict[str, R]:
        return self._cached(f"index:{name}", lambda: {item.id: item for item in items})  # type: ignore[attr-defined]

    @staticmethod
    def _get(index: Mapping[str, R], kind: str, record_id: str) -> R:
        try:
            return index[record_id]
        except KeyError:
            raise UnknownRecordError(f"no {kind} with id {record_id!r} in the dataset") from None

    def zone(self, zone_id: str) -> Zone:
        return self._get(self._index("zones", self.zones), "zone", zone_id)

    def parcel(self, parcel_id: str) -> Parcel:
        return self._get(self._index("parcels", self.parcels), "parcel", parcel_id)

    def project(self, project_id: str) -> Project:
        return self._get(self._index("projects", self.projects), "project", project_id)

    def procedure(self, procedure_id: str) -> Procedure:
        return self._get(self._index("procedures", self.procedures), "procedure", procedure_id)

    def figure(self, figure_id: str) -> ReportedFigure:
        return self._get(self._index("reported", self.reported), "reported figure", figure_id)

    def _grouped(self, name: str, items: Sequence[Any], key: str) -> dict[str, tuple[Any, ...]]:
        def build() -> dict[str, tuple[Any, ...]]:
            groups: dict[str, list[Any]] = defaultdict(list)
            for item in items:
                value = getattr(item, key)
                if value is not None:
                    groups[value].append(item)
            return {k: tuple(v) for k, v in groups.items()}

        return self._cached(f"group:{name}", build)

    def parcels_in(self, zone_id: str) -> tuple[Parcel, ...]:
        """The parcels recorded directly in a zone (not in the zones it contains)."""
        self.zone(zone_id)
        return self._grouped("parcels", self.parcels, "zone_id").get(zone_id, ())

    def projects_in(self, zone_id: str) -> tuple[Project, ...]:
        self.zone(zone_id)
        return self._grouped("projects", self.projects, "zone_id").get(zone_id, ())

    def children(self, zone_id: str) -> tuple[Zone, ...]:
        """The zones whose parent is ``zone_id``."""
        self.zone(zone_id)
        return self._grouped("children", self.zones, "parent_id").get(zone_id, ())

    def descendants(self, zone_id: str) -> tuple[Zone, ...]:
        """Every zone contained in ``zone_id`` at any depth, parents before children."""
        found: list[Zone] = []
        stack = list(reversed(self.children(zone_id)))
        while stack:
            zone = stack.pop()
            found.append(zone)
            stack.extend(reversed(self.children(zone.id)))
        return tuple(found)

    def ancestors(self, zone_id: str) -> tuple[Zone, ...]:
        """The zones that contain ``zone_id``, nearest first."""
        chain: list[Zone] = []
        parent = self.zone(zone_id).parent_id
        while parent is not None:
            zone = self.zone(parent)
            chain.append(zone)
            parent = zone.parent_id
        return tuple(chain)

    def zones_in(self, scope: ZoneScope) -> tuple[Zone, ...]:
        """The zones a :class:`~industrial_policy.reported.ZoneScope` covers."""
        inside = {z.id for z in self.descendants(scope.within)} if scope.within else None
        excluded = {z.id for z in self.descendants(scope.outside)} if scope.outside else set()
        return tuple(
            zone
            for zone in self.zones
            if zone.kind in scope.kinds
            and (scope.province is None or same_name(zone.province, scope.province))
            and (inside is None or zone.id in inside)
            and zone.id not in excluded
        )

    @property
    def provinces(self) -> tuple[str, ...]:
        """The provinces of the zones, in first-seen order."""
        return tuple(dict.fromkeys(zone.province for zone in self.zones))

    @property
    def columns(self) -> DatasetColumns:
        """The records as numpy columns in canonical units, built once."""
        from industrial_policy.columns import DatasetColumns

        return self._cached("columns", lambda: DatasetColumns.from_dataset(self))

    def evolve(self, **changes: Any) -> Dataset:
        """A copy with some fields replaced (checked again)."""
        return attrs.evolve(self, **changes)

    # -- integrity ----------------------------------------------------------------

    def integrity_problems(self) -> tuple[Problem, ...]:
        """Every inconsistency between records; empty when the dataset is sound."""
        problems: list[Problem] = []
        for field in ("zones", "parcels", "projects", "procedures", "reported"):
            problems.extend(_duplicate_ids(field, getattr(self, field)))
        zone_ids = {zone.id for zone in self.zones}
        project_ids = {project.id for project in self.projects}
        problems.extend(self._reference_problems(zone_ids, project_ids))
        problems.extend(self._hierarchy_problems())
        problems.extend(self._area_problems())
        problems.extend(self._figure_problems())
        problems.extend(self._target_problems(zone_ids))
        problems.extend(self._services_problems())
        return tuple(problems)

    def _reference_problems(self, zone_ids: set[str], project_ids: set[str]) -> Iterable[Problem]:
        def unknown(path: str, what: str, ref: str, kind: str) -> Problem:
            return Problem(path, f"{what} names {kind} {ref!r}, which is not in the dataset", ref)

        for i, zone in enumerate(self.zones):
            if zone.parent_id is not None and zone.parent_id not in zone_ids:
                yield unknown(f"zones[{i}].parent_id", f"zone {zone.id!r}", zone.parent_id, "zone")
        for i, parcel in enumerate(self.parcels):
            if parcel.zone_id not in zone_ids:
                yield unknown(
                    f"parcels[{i}].zone_id", f"parcel {parcel.id!r}", parcel.zone_id, "zone"
                )
            if parcel.project_id is not None and parcel.project_id not in project_ids:
                yield unknown(
                    f"parcels[{i}].project_id",
                    f"parcel {parcel.id!r}",
                    parcel.project_id,
                    "project",
                )
        for i, project in enumerate(self.projects):
            if project.zone_id is not None and project.zone_id not in zone_ids:
                yield unknown(
                    f"projects[{i}].zone_id", f"project {project.id!r}", project.zone_id, "zone"
                )
        for i, figure in enumerate(self.reported):
            for attr in ("within", "outside"):
                ref = getattr(figure.scope, attr)
                if ref is not None and ref not in zone_ids:
                    yield unknown(
                        f"reported[{i}].scope.{attr}", f"reported figure {figure.id!r}", ref, "zone"
                    )
        if self.projects and self.parcels:
            projects = self._index("projects", self.projects)
            for i, parcel in enumerate(self.parcels):
                tenant = projects.get(parcel.project_id) if parcel.project_id else None
                if tenant is not None and tenant.zone_id not in (None, parcel.zone_id):
                    yield Problem(
                        f"parcels[{i}].project_id",
                        f"parcel {parcel.id!r} in zone {parcel.zone_id!r} is leased to project"
                        f" {tenant.id!r}, which is recorded in zone {tenant.zone_id!r}",
                        parcel.project_id,
                    )

    def _hierarchy_problems(self) -> Iterable[Problem]:
        parents = {zone.id: zone.parent_id for zone in self.zones}
        kinds = {zone.id: zone.kind for zone in self.zones}
        positions = {zone.id: i for i, zone in enumerate(self.zones)}
        reported_cycles: set[frozenset[str]] = set()
        for i, zone in enumerate(self.zones):
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

    def _area_problems(self) -> Iterable[Problem]:
        if not self.zones:
            return
        import numpy as np

        # The columns are needed by every computation later; building them here
        # means the integrity check costs no second pass over the records.
        zones, parcels = self.columns.zones, self.columns.parcels
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
                    f"the parcels of zone {self.zones[i].id!r} add up to {parcel_sum[i]:,.4g} ha,"
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
                f"the zones inside {self.zones[i].id!r} add up to {child_sum[i]:,.4g} ha,"
                f" more than its total area of {total[i]:,.4g} ha",
                float(child_sum[i]),
            )

    def _target_problems(self, zone_ids: set[str]) -> Iterable[Problem]:
        from industrial_policy.targets.integrity import target_problems

        return target_problems(self.targets, self.observations, zone_ids)

    def _services_problems(self) -> Iterable[Problem]:
        from industrial_policy.services.integrity import services_problems

        return services_problems(self)

    def _figure_problems(self) -> Iterable[Problem]:
        figures = {figure.id: figure for figure in self.reported}
        for i, figure in enumerate(self.reported):
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
        yield from _part_cycles(self.reported)

    # -- display ------------------------------------------------------------------

    def summary(self) -> dict[str, int]:
        """How many records of each kind the dataset holds."""
        counts = {
            field.name: len(getattr(self, field.name))
            for field in attrs.fields(Dataset)
            if field.init
            and isinstance(getattr(self, field.name), tuple)
            and field.name != "sources"
        }
        counts["exchange_rates"] = len(self.exchange_rates)
        return counts

    def _repr_html_(self) -> str:
        from industrial_policy.display import html_table

        rows = [[kind.replace("_", " "), f"{n:,}"] for kind, n in self.summary().items() if n]
        return html_table(["records", "count"], rows, caption=self.name or "dataset")

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.summary().items() if n)
        name = f"{self.name!r}, " if self.name else ""
        return f"Dataset({name}{counts or 'empty'})"


def _duplicate_ids(field: str, items: Sequence[Any]) -> Iterable[Problem]:
    counts = Counter(item.id for item in items)
    if len(counts) == len(items):
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
