"""The projects (and the zones' dates) as numpy columns for target tracking.

Built once per dataset (cached on it) from its tables; every target is then
computed on these arrays with masks, ``np.bincount`` and ``np.searchsorted``,
never with one Python object per record.

Dates are ``datetime64[D]`` (``NaT`` when absent); money is float64 in the
currency of the record, with a currency code per row (position in
``currencies``); enums are their position in the enum's definition order,
categories a bit mask (bit ``i`` for the ``i``-th :class:`Category`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.categories import Category
from industrial_policy.columnar import (
    CodedColumn,
    DateColumn,
    EnumColumn,
    EnumSetColumn,
    IntColumn,
    MoneyColumn,
    NestedColumn,
    Table,
    TextColumn,
)
from industrial_policy.dataset.container import Dataset
from industrial_policy.records.projects import CapitalEventKind, Project
from industrial_policy.records.zones import Zone

__all__ = ["TargetColumns", "category_mask", "columns_of"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DateArray = npt.NDArray[np.datetime64]

_EPOCH = dt.date(1970, 1, 1).toordinal()
_CATEGORY_BIT = {category: 1 << i for i, category in enumerate(Category)}
_EVENT_CODE = {kind: i for i, kind in enumerate(CapitalEventKind)}

LICENSED = _EVENT_CODE[CapitalEventKind.LICENSED]
ADJUSTED = _EVENT_CODE[CapitalEventKind.CAPITAL_ADJUSTED]


def category_mask(categories: frozenset[Category] | set[Category]) -> int:
    """The bit mask of a set of categories."""
    mask = 0
    for category in categories:
        mask |= _CATEGORY_BIT[category]
    return mask


def day64(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "D")


def to_date(day: np.datetime64) -> dt.date:
    return dt.date.fromordinal(int(day.astype(np.int64)) + _EPOCH)


@attrs.frozen
class TargetColumns:
    """Projects, their capital events and production values, and the zones' dates."""

    # one row per project, in the order of ``Dataset.projects``
    project_ids: npt.NDArray[Any]  # numpy strings
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
    def from_tables(cls, zones: Table[Zone], projects: Table[Project]) -> TargetColumns:
        """The columns from the dataset's tables, without a Python step per record."""
        zone_ids = zones.typed("id", TextColumn)
        investor = projects.typed("investor", CodedColumn).compact()
        history = projects.typed("capital_events", NestedColumn)
        events = history.children
        event_kind = events.typed("kind", EnumColumn).codes.astype(np.int64)
        event_day = events.typed("date", DateColumn).days
        starts, ends = history.offsets[:-1], history.offsets[1:]
        has_events = ends > starts
        nat = np.datetime64("NaT", "D")
        # One NaT and one "no kind" more at the end, for projects with no event.
        days = np.append(event_day, nat)
        kinds = np.append(event_kind, -1)
        none = len(event_day)
        licensed = days[np.where(has_events, starts, none)]
        last = np.where(has_events, ends - 1, none)
        ended = kinds[last] == _EVENT_CODE[CapitalEventKind.TERMINATED]
        terminated = np.where(ended, days[last], nat)
        event_money = events.typed("amount", MoneyColumn)
        # Only a termination has no amount.
        with_amount = ~event_money.missing()
        items = projects.typed("production_values", NestedColumn)
        item_money = items.children.typed("value", MoneyColumn)
        currencies = tuple(dict.fromkeys((*event_money.currencies, *item_money.currencies)))
        index = {code: i for i, code in enumerate(currencies)}

        def recoded(money: MoneyColumn) -> IntArray:
            mapping = np.array([index[c] for c in money.currencies] + [-1], dtype=np.int64)
            result: IntArray = mapping[money.currency]
            return result

        return cls(
            project_ids=projects.typed("id", TextColumn).strings,
            project_zone=projects.typed("zone_id", CodedColumn).positions_in(zone_ids),
            project_origin=projects.typed("origin", EnumColumn).codes.astype(np.int64),
            project_categories=projects.typed("categories", EnumSetColumn).bits,
            project_investor=investor.codes,
            investors=investor.vocabulary,
            licensed=licensed.astype("datetime64[D]"),
            terminated=terminated.astype("datetime64[D]"),
            event_project=history.parent[with_amount],
            event_date=event_day[with_amount],
            event_kind=event_kind[with_amount],
            event_amount=event_money.amount[with_amount],
            event_currency=recoded(event_money)[with_amount],
            production_project=items.parent,
            production_year=items.children.typed("year", IntColumn).numbers,
            production_amount=item_money.amount,
            production_currency=recoded(item_money),
            currencies=currencies,
            zone_established=zones.typed("established", DateColumn).days,
            zone_status=zones.typed("status", EnumColumn).codes.astype(np.int64),
        )


def columns_of(dataset: Dataset) -> TargetColumns:
    """The dataset's target columns, built on first use and kept on the dataset."""
    return dataset._cached(
        "targets:columns", lambda: TargetColumns.from_tables(dataset.zones, dataset.projects)
    )
