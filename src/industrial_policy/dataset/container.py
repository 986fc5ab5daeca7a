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

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from industrial_policy import _fields
from industrial_policy.dataset import integrity
from industrial_policy.dataset.columns import DatasetColumns
from industrial_policy.dataset.settings import EvaluationSettings
from industrial_policy.display import html_table
from industrial_policy.errors import (
    DatasetIntegrityError,
    InvalidValueError,
    Problem,
    UnknownRecordError,
)
from industrial_policy.money import ExchangeRates
from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import Dossier, DossierCount
from industrial_policy.records.fees import Fee, FeeDiscount
from industrial_policy.records.observations import Observation
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.parcels import Parcel
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.projects import Project
from industrial_policy.records.rate_targets import RateTarget
from industrial_policy.records.reported import ReportedFigure, ZoneScope, same_name
from industrial_policy.records.targets import Target
from industrial_policy.records.zones import Zone

__all__ = ["Dataset"]

R = TypeVar("R")


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
    # -- targets (issue 4): the target records --
    targets: tuple[Target, ...] = records(Target)
    observations: tuple[Observation, ...] = records(Observation)
    # -- services (issue 5): the digital-service records --
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
        """The zones a :class:`~industrial_policy.records.reported.ZoneScope` covers."""
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
        return self._cached("columns", lambda: DatasetColumns.from_dataset(self))

    def evolve(self, **changes: Any) -> Dataset:
        """A copy with some fields replaced (checked again)."""
        return attrs.evolve(self, **changes)

    # -- integrity ----------------------------------------------------------------

    def integrity_problems(self) -> tuple[Problem, ...]:
        """Every inconsistency between records; empty when the dataset is sound."""
        problems: list[Problem] = []
        for field in ("zones", "parcels", "projects", "procedures", "reported"):
            problems.extend(integrity.duplicate_ids(field, getattr(self, field)))
        zone_ids = {zone.id for zone in self.zones}
        project_ids = {project.id for project in self.projects}
        problems.extend(
            integrity.reference_problems(
                self.zones,
                self.parcels,
                self.projects,
                self.reported,
                zone_ids,
                project_ids,
                lambda: self._index("projects", self.projects),
            )
        )
        problems.extend(integrity.hierarchy_problems(self.zones))
        if self.zones:
            # The columns are needed by every computation later; building them here
            # means the integrity check costs no second pass over the records.
            problems.extend(integrity.area_problems(self.zones, self.columns))
        problems.extend(integrity.figure_problems(self.reported))
        problems.extend(integrity.target_problems(self.targets, self.observations, zone_ids))
        problems.extend(
            integrity.services_problems(
                self.procedures,
                self.dossiers,
                self.dossier_counts,
                self.service_offerings,
                self.fees,
                self.fee_discounts,
                self.rate_targets,
                lambda: self._cached(
                    "services:dossiers", lambda: DossierTable.from_records(self.dossiers)
                ),
            )
        )
        return tuple(problems)

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
        rows = [[kind.replace("_", " "), f"{n:,}"] for kind, n in self.summary().items() if n]
        return html_table(["records", "count"], rows, caption=self.name or "dataset")

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.summary().items() if n)
        name = f"{self.name!r}, " if self.name else ""
        return f"Dataset({name}{counts or 'empty'})"
