"""The projects (and the zones' dates) as numpy columns for target tracking.

Built once per dataset (cached on it) in one pass over the records; every
target is then computed on these arrays with masks, ``np.bincount`` and
``np.searchsorted``, never with one Python object per record.

Dates are ``datetime64[D]`` (``NaT`` when absent); money is float64 in the
currency of the record, with a currency code per row (position in
``currencies``); enums are their position in the enum's definition order,
categories a bit mask (bit ``i`` for the ``i``-th :class:`Category`).
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.categories import Category
from industrial_policy.dataset.container import Dataset
from industrial_policy.money import Money
from industrial_policy.records.projects import CapitalEventKind, Origin
from industrial_policy.records.zones import ZoneStatus

__all__ = ["TargetColumns", "category_mask", "columns_of"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DateArray = npt.NDArray[np.datetime64]

_EPOCH = dt.date(1970, 1, 1).toordinal()
_NO_DATE = -(2**62)  # an ordinal no date has; becomes NaT
_CATEGORY_BIT = {category: 1 << i for i, category in enumerate(Category)}
_ORIGIN_CODE = {origin: i for i, origin in enumerate(Origin)}
_EVENT_CODE = {kind: i for i, kind in enumerate(CapitalEventKind)}
_ZONE_STATUS_CODE: dict[ZoneStatus | None, int] = {s: i for i, s in enumerate(ZoneStatus)}
_ZONE_STATUS_CODE[None] = -1

LICENSED = _EVENT_CODE[CapitalEventKind.LICENSED]
ADJUSTED = _EVENT_CODE[CapitalEventKind.CAPITAL_ADJUSTED]


def category_mask(categories: frozenset[Category] | set[Category]) -> int:
    """The bit mask of a set of categories."""
    mask = 0
    for category in categories:
        mask |= _CATEGORY_BIT[category]
    return mask


def _days(ordinals: list[int]) -> DateArray:
    values = np.asarray(ordinals, dtype=np.int64)
    days = (values - _EPOCH).astype("datetime64[D]")
    days[values == _NO_DATE] = np.datetime64("NaT")
    return days


def day64(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "D")


def to_date(day: np.datetime64) -> dt.date:
    return dt.date.fromordinal(int(day.astype(np.int64)) + _EPOCH)


@attrs.frozen
class TargetColumns:
    """Projects, their capital events and production values, and the zones' dates."""

    # one row per project, in the order of ``Dataset.projects``
    project_ids: tuple[str, ...]
    project_zone: IntArray  # position in Dataset.zones, -1 when none
    project_origin: IntArray
    project_categories: IntArray  # bit mask
    project_investor: IntArray  # position in ``investors``, -1 when not recorded
    investors: tuple[str, ...]
    licensed: DateArray
    terminated: DateArray
    # one row per capital event with an amount (licences and adjustments), grouped by
    # project and in date order within a project (the order Project enforces)
    event_project: IntArray
    event_date: DateArray
    event_kind: IntArray
    event_amount: FloatArray
    event_currency: IntArray
    # one row per yearly production value
    production_project: IntArray
    production_year: IntArray
    production_amount: FloatArray
    production_currency: IntArray
    currencies: tuple[str, ...]
    # one row per zone, in the order of ``Dataset.zones``
    zone_established: DateArray
    zone_status: IntArray

    @property
    def project_count(self) -> int:
        return len(self.project_ids)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> TargetColumns:
        # List comprehensions over the records, one attribute at a time: the only per-record
        # Python in tracking (measured faster than one appending loop, fromiter or map).
        projects = dataset.projects
        zone_index: dict[str | None, int] = {zone.id: i for i, zone in enumerate(dataset.zones)}
        investor_of = [project.investor for project in projects]
        # dict.fromkeys keeps first-seen order, as one setdefault per project did, at C speed.
        investor_index: dict[str | None, int] = {
            name: i for i, name in enumerate(n for n in dict.fromkeys(investor_of) if n is not None)
        }
        investor_index[None] = -1
        category_bits: dict[frozenset[Category], int] = {
            categories: category_mask(categories)
            for categories in {project.categories for project in projects}
        }
        no_date = _NO_DATE
        terminated_kind = CapitalEventKind.TERMINATED
        histories = [project.capital_events for project in projects]
        # Only a termination has no amount, and it can only be the last event.
        ended = [bool(h) and h[-1].kind is terminated_kind for h in histories]
        events = [e for h in histories for e in h if e.amount is not None]
        productions = [project.production_values for project in projects]
        items = [item for values in productions for item in values]
        event_money: list[Money] = [e.amount for e in events]  # type: ignore[misc]
        item_money = [item.value for item in items]
        currency_index: dict[str, int] = {}
        for money in (*event_money, *item_money):
            currency_index.setdefault(money.currency, len(currency_index))
        positions = np.arange(len(projects), dtype=np.int64)

        def ints(values: list[int]) -> IntArray:
            return np.asarray(values, dtype=np.int64)

        return cls(
            project_ids=tuple([project.id for project in projects]),
            project_zone=ints([zone_index.get(p.zone_id, -1) for p in projects]),
            project_origin=ints([_ORIGIN_CODE[p.origin] for p in projects]),
            project_categories=ints([category_bits[p.categories] for p in projects]),
            project_investor=ints([investor_index[name] for name in investor_of]),
            investors=tuple(name for name in investor_index if name is not None),
            licensed=_days([h[0].date.toordinal() if h else no_date for h in histories]),
            terminated=_days(
                [
                    h[-1].date.toordinal() if end else no_date
                    for h, end in zip(histories, ended, strict=True)
                ]
            ),
            event_project=np.repeat(
                positions, [len(h) - end for h, end in zip(histories, ended, strict=True)]
            ),
            event_date=_days([e.date.toordinal() for e in events]),
            event_kind=ints([_EVENT_CODE[e.kind] for e in events]),
            event_amount=np.asarray([float(m.amount) for m in event_money], dtype=np.float64),
            event_currency=ints([currency_index[m.currency] for m in event_money]),
            production_project=np.repeat(positions, [len(values) for values in productions]),
            production_year=ints([item.year for item in items]),
            production_amount=np.asarray([float(m.amount) for m in item_money], dtype=np.float64),
            production_currency=ints([currency_index[m.currency] for m in item_money]),
            currencies=tuple(currency_index),
            zone_established=_days(
                [z.established.toordinal() if z.established else no_date for z in dataset.zones]
            ),
            zone_status=ints([_ZONE_STATUS_CODE[z.status] for z in dataset.zones]),
        )


def columns_of(dataset: Dataset) -> TargetColumns:
    """The dataset's target columns, built on first use and kept on the dataset."""
    return dataset._cached("targets:columns", lambda: TargetColumns.from_dataset(dataset))
