"""The dataset: every record of a study in one immutable, checked container.

A :class:`Dataset` holds zones, parcels, projects, procedures and reported
figures, with the exchange rates that convert its money. Building one checks
that the records fit together and raises
:class:`~industrial_policy.errors.DatasetIntegrityError` listing every
offending record. Lookups by id and by zone, and the numpy columns the
computations run on, are built on first use and kept.

>>> from industrial_policy import Dataset, Zone
>>> ds = Dataset(zones=[Zone(id="ez", name="EZ", kind="economic_zone", province="Quảng Nam",
...                          total_area="27040 ha"),
...                     Zone(id="p1", name="P1", kind="industrial_park", province="Quảng Nam",
...                          total_area="400 ha", parent_id="ez")])
>>> [z.id for z in ds.children("ez")]
['p1']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy import _fields
from industrial_policy.columnar import CodedColumn, Table, TextColumn
from industrial_policy.columnar.problems import MAX_KEPT
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
from industrial_policy.extras import backend as named_backend
from industrial_policy.i18n import _, renotate, translate
from industrial_policy.money import ExchangeRate, ExchangeRates
from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import Dossier, DossierCount
from industrial_policy.records.fees import Fee, FeeDiscount
from industrial_policy.records.figures import PublishedFigure
from industrial_policy.records.observations import Observation
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.parcels import Parcel
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.projects import Project
from industrial_policy.records.rate_targets import RateTarget
from industrial_policy.records.reported import ReportedFigure, ZoneScope, name_key
from industrial_policy.records.targets import Target
from industrial_policy.records.zones import Zone

__all__ = ["Dataset"]

TABLES_BACKEND = "industrial_policy.io.arrow"
"""The module :meth:`Dataset.to_frames` writes with, looked up by its name (the dataset may not
import the io floor above it; see ``docs/architecture.md``)."""

R = TypeVar("R")
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def records(kind: type[Any]) -> Any:
    """A dataset field holding the table of ``kind`` records (from a table or any iterable)."""
    return _fields.table(kind, repr=False)


def _rates(value: object, instance: object, field: attrs.Attribute[Any]) -> ExchangeRates:
    if value is None:
        return ExchangeRates(())
    if isinstance(value, ExchangeRates):
        return value
    if isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping):
        return ExchangeRates(value)
    _fields.fail(instance, field, value, "must be an ExchangeRates table")
    raise AssertionError  # unreachable: fail() raises


@functools.cache
def _text_converter() -> Any:
    """The converter of a free-text field, made once (an attrs field is costly to make)."""
    return _fields.text().converter


def _sources(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        _fields.fail(instance, field, value, "must be a list of texts")
    convert = _text_converter()
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


@_fields.typed_init
@attrs.frozen(repr=False, unsafe_hash=False, hash=False, init=False)
class Dataset:
    """Zones, parcels, projects, procedures and reported figures of one study.

    Each kind of record is held as a :class:`~industrial_policy.columnar.Table`:
    typed columns, seen as a sequence of the kind's records made on demand
    (``ds.parcels[0]``, ``for zone in ds.zones``). Give the records as a list or
    as a table (read from a frame, a CSV file or a sheet): the dataset is the same.
    Two datasets are equal when they hold the same records, each area in the same
    unit; a dataset is not hashable.
    """

    zones: Table[Zone] = records(Zone)
    parcels: Table[Parcel] = records(Parcel)
    projects: Table[Project] = records(Project)
    procedures: Table[Procedure] = records(Procedure)
    reported: Table[ReportedFigure] = records(ReportedFigure)
    targets: Table[Target] = records(Target)
    observations: Table[Observation] = records(Observation)
    published: Table[PublishedFigure] = records(PublishedFigure)
    service_offerings: Table[ServiceOffering] = records(ServiceOffering)
    dossiers: Table[Dossier] = records(Dossier)
    dossier_counts: Table[DossierCount] = records(DossierCount)
    fees: Table[Fee] = records(Fee)
    fee_discounts: Table[FeeDiscount] = records(FeeDiscount)
    rate_targets: Table[RateTarget] = records(RateTarget)
    exchange_rates: ExchangeRates = _fields.converted(_rates, default=None)
    evaluation: EvaluationSettings | None = attrs.field(default=None)
    name: str | None = _fields.text(optional=True)
    description: str | None = _fields.text(optional=True)
    sources: tuple[str, ...] = _fields.converted(_sources, factory=tuple)
    _cache: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, hash=False, repr=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            zones: Table[Zone] | Iterable[Zone] = ...,
            parcels: Table[Parcel] | Iterable[Parcel] = ...,
            projects: Table[Project] | Iterable[Project] = ...,
            procedures: Table[Procedure] | Iterable[Procedure] = ...,
            reported: Table[ReportedFigure] | Iterable[ReportedFigure] = ...,
            targets: Table[Target] | Iterable[Target] = ...,
            observations: Table[Observation] | Iterable[Observation] = ...,
            published: Table[PublishedFigure] | Iterable[PublishedFigure] = ...,
            service_offerings: Table[ServiceOffering] | Iterable[ServiceOffering] = ...,
            dossiers: Table[Dossier] | Iterable[Dossier] = ...,
            dossier_counts: Table[DossierCount] | Iterable[DossierCount] = ...,
            fees: Table[Fee] | Iterable[Fee] = ...,
            fee_discounts: Table[FeeDiscount] | Iterable[FeeDiscount] = ...,
            rate_targets: Table[RateTarget] | Iterable[RateTarget] = ...,
            exchange_rates: ExchangeRates | Iterable[ExchangeRate] | None = ...,
            evaluation: EvaluationSettings | None = ...,
            name: str | None = ...,
            description: str | None = ...,
            sources: Iterable[str] = ...,
        ) -> None: ...

    @evaluation.validator
    def _check_evaluation(self, field: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, EvaluationSettings):
            _fields.fail(self, field, value, "must be EvaluationSettings")

    def __attrs_post_init__(self) -> None:
        # The first MAX_KEPT problems are kept in the error and the rest only counted, as
        # the table readers do: a million rows naming an unknown zone is one message.
        found = self._integrity()
        kept = list(islice(found, MAX_KEPT))
        if kept:
            raise DatasetIntegrityError(
                kept,
                source=f"dataset {self.name!r}" if self.name else None,
                total=len(kept) + sum(1 for _ in found),
            )

    # -- lookups ------------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        # The tables and settings; not the columns the engines built (rebuilt on first use).
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self)) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_cache", {})

    def _cached(self, key: str, build: Callable[[], R]) -> R:
        try:
            return self._cache[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._cache[key] = build()
            return value

    @staticmethod
    def _get(table: Table[R], kind: str, record_id: str) -> R:
        position = table.typed("id", TextColumn).position(record_id)
        if position is None:
            raise UnknownRecordError(f"no {kind} with id {record_id!r} in the dataset")
        return table[position]

    def zone(self, zone_id: str) -> Zone:
        return self._get(self.zones, "zone", zone_id)

    def parcel(self, parcel_id: str) -> Parcel:
        return self._get(self.parcels, "parcel", parcel_id)

    def project(self, project_id: str) -> Project:
        return self._get(self.projects, "project", project_id)

    def procedure(self, procedure_id: str) -> Procedure:
        return self._get(self.procedures, "procedure", procedure_id)

    def figure(self, figure_id: str) -> ReportedFigure:
        return self._get(self.reported, "reported figure", figure_id)

    def _zone_position(self, zone_id: str) -> int:
        position = self.zones.typed("id", TextColumn).position(zone_id)
        if position is None:
            raise UnknownRecordError(f"no zone with id {zone_id!r} in the dataset")
        return position

    def parcels_in(self, zone_id: str) -> tuple[Parcel, ...]:
        """The parcels recorded directly in a zone (not in the zones it contains)."""
        position = self._zone_position(zone_id)
        return tuple(self.parcels.take(self.columns.parcels.zone == position))

    def projects_in(self, zone_id: str) -> tuple[Project, ...]:
        position = self._zone_position(zone_id)
        zone = self.projects.typed("zone_id", CodedColumn)
        return tuple(self.projects.take(zone.positions({zone_id: position}) == position))

    def _children(self, position: int) -> IntArray:
        return np.flatnonzero(self.columns.zones.parent == position)

    def children(self, zone_id: str) -> tuple[Zone, ...]:
        """The zones whose parent is ``zone_id``."""
        return tuple(self.zones.take(self._children(self._zone_position(zone_id))))

    def _descendants(self, position: int) -> list[int]:
        found: list[int] = []
        stack = list(reversed(self._children(position).tolist()))
        while stack:
            zone = stack.pop()
            found.append(zone)
            stack.extend(reversed(self._children(zone).tolist()))
        return found

    def descendants(self, zone_id: str) -> tuple[Zone, ...]:
        """Every zone contained in ``zone_id`` at any depth, parents before children."""
        return tuple(self.zones.take(self._descendants(self._zone_position(zone_id))))

    def ancestors(self, zone_id: str) -> tuple[Zone, ...]:
        """The zones that contain ``zone_id``, nearest first."""
        parent = self.columns.zones.parent
        chain: list[int] = []
        above = int(parent[self._zone_position(zone_id)])
        while above >= 0:
            chain.append(above)
            above = int(parent[above])
        return tuple(self.zones.take(chain))

    def zones_in(self, scope: ZoneScope) -> tuple[Zone, ...]:
        """The zones a :class:`~industrial_policy.records.reported.ZoneScope` covers."""
        return tuple(self.zones.take(self.zones_mask(scope)))

    def zones_mask(self, scope: ZoneScope) -> BoolArray:
        """Per zone: whether ``scope`` covers it."""
        columns = self.columns.zones
        chosen = columns.of_kinds(scope.kinds)
        if scope.province is not None:
            key = name_key(scope.province)
            spelled = [name_key(name) == key for name in columns.provinces]
            chosen &= np.array([*spelled, False], dtype=np.bool_)[columns.province]
        if scope.within:
            inside = np.zeros(len(columns), dtype=np.bool_)
            inside[self._descendants(self._zone_position(scope.within))] = True
            chosen &= inside
        if scope.outside:
            chosen[self._descendants(self._zone_position(scope.outside))] = False
        return chosen

    @property
    def provinces(self) -> tuple[str, ...]:
        """The provinces of the zones, in first-seen order."""
        return self.columns.zones.provinces

    @property
    def columns(self) -> DatasetColumns:
        """The engines' columns (references as positions, areas in hectares), built once."""
        return self._cached(
            "columns", lambda: DatasetColumns.from_tables(self.zones, self.parcels, self.projects)
        )

    @property
    def dossier_table(self) -> DossierTable:
        """The dossiers as the services engine reads them, built once."""
        return self._cached("services:dossiers", lambda: DossierTable.from_table(self.dossiers))

    def tables(self) -> dict[str, Table[Any]]:
        """Every table of records, by field name."""
        return {
            field.name: getattr(self, field.name)
            for field in attrs.fields(Dataset)
            if isinstance(getattr(self, field.name), Table)
        }

    def to_frames(
        self, backend: Literal["pandas", "polars", "pyarrow"] = "pandas"
    ) -> dict[str, Any]:
        """One frame per kind of record the dataset holds (and per child table), by name:
        :func:`industrial_policy.to_frames` (needs the ``frames`` extra).

        The writer lives in the io floor above the dataset; it is found by its module's
        name (:data:`TABLES_BACKEND`), as a report finds its plots.
        """
        module = named_backend(TABLES_BACKEND, purpose="Dataset.to_frames", extra="frames")
        frames: dict[str, Any] = module.to_frames(self, backend)
        return frames

    def evolve(self, **changes: Any) -> Dataset:
        """A copy with some fields replaced (checked again)."""
        return attrs.evolve(self, **changes)

    # -- integrity ----------------------------------------------------------------

    def integrity_problems(self) -> tuple[Problem, ...]:
        """Every inconsistency between records; empty when the dataset is sound."""
        return tuple(self._integrity())

    def _integrity(self) -> Iterator[Problem]:
        """The integrity problems, found as they are read: each check runs when the one
        before it is exhausted."""
        tables = self.tables()
        for field, table in tables.items():
            if "id" in table.schema.names and field not in ("targets", "observations"):
                yield from integrity.duplicate_ids(field, table)
        yield from integrity.reference_problems(tables)
        zone_ids = set(self.zones.typed("id", TextColumn).values())
        yield from integrity.scope_problems(self.reported, zone_ids)
        # The columns are needed by every computation later; building them here
        # means the integrity check costs no second pass over the records.
        columns = self.columns
        yield from integrity.tenant_problems(self.parcels, columns, self.projects)
        yield from integrity.hierarchy_problems(columns.zones)
        if len(self.zones):
            yield from integrity.area_problems(columns)
        yield from integrity.figure_problems(self.reported)
        yield from integrity.target_problems(self.targets, self.observations)
        if (
            len(self.dossier_counts)
            or len(self.fees)
            or len(self.service_offerings)
            or len(self.fee_discounts)
        ):
            yield from integrity.services_problems(
                self.procedures,
                self.dossier_counts,
                self.service_offerings,
                self.fees,
                self.fee_discounts,
                lambda: self.dossier_table if len(self.dossiers) else None,
            )

    # -- display ------------------------------------------------------------------

    def summary(self) -> dict[str, int]:
        """How many records of each kind the dataset holds."""
        counts = {name: len(table) for name, table in self.tables().items()}
        counts["exchange_rates"] = len(self.exchange_rates)
        return counts

    def _repr_html_(self) -> str:
        """The records of each kind and how many, in the current language."""
        rows = [
            [translate(kind.replace("_", " ")), renotate(f"{n:,}")]
            for kind, n in self.summary().items()
            if n
        ]
        headers = [_("records"), _("count")]
        return html_table(headers, rows, caption=self.name or _("dataset"))

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.summary().items() if n)
        name = f"{self.name!r}, " if self.name else ""
        return f"Dataset({name}{counts or 'empty'})"
