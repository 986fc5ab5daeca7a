"""Dossier rates per period: online submission, online payment, digitised results, on time.

:func:`dossier_rates` answers, for each period asked and for the dataset or
each province, field, level of government or procedure:

* ``services.dossiers_online``: dossiers received online ÷ dossiers
  received in the period;
* ``services.payments_online``: dossiers paid online ÷ dossiers received in
  the period with a fee or charge due (dossiers with no fee due are left
  out of both);
* ``services.results_digitised``: results digitised ÷ dossiers completed in
  the period;
* ``services.completed_on_time``: dossiers completed by their due date ÷
  dossiers completed in the period.

Dossier rows (a :class:`~industrial_policy.records.dossier_table.DossierTable`
or the dataset's dossiers) and published counts
(:class:`~industrial_policy.records.dossiers.DossierCount`) are added
together, count by count; a rate is never an average of rates. A published
count is used for a period when its own period lies inside it; one that
straddles the period's edge cannot be split and makes the rate
``insufficient_data``.

The rows are aggregated in bulk: one ``searchsorted`` gives each row its
period, integer codes give its group, and a single ``np.bincount`` over
``(group, period, state)`` keys counts every rate at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.dataset import Dataset
from industrial_policy.dataset.integrity import overlap_problems
from industrial_policy.errors import DatasetIntegrityError, InvalidValueError
from industrial_policy.findings import Finding, Report
from industrial_policy.io.lazy import Rows, Segments, is_frame, rows_of
from industrial_policy.periods import Period, parse_period
from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import Channel, DossierCount, Payment
from industrial_policy.records.procedures import Procedure
from industrial_policy.services.frames import (
    COMPLETED_COUNTS,
    RECEIVED_COUNTS,
    FrameCounts,
    Side,
    count_frame,
)
from industrial_policy.services.grouping import GroupBy, Grouping, dimensions, group_by
from industrial_policy.services.rates import check_unknown_share
from industrial_policy.services.tally import (
    Rate,
    RateRequirement,
    Tally,
    rate_finding,
    requirements_by_rate,
)

__all__ = [
    "DOSSIER_RATES",
    "LISTED_ROWS_LIMIT",
    "dossier_rates",
    "dossier_source",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
DateArray = npt.NDArray[np.datetime64]

DOSSIER_RATES = (
    Rate.DOSSIERS_ONLINE,
    Rate.PAYMENTS_ONLINE,
    Rate.RESULTS_DIGITISED,
    Rate.COMPLETED_ON_TIME,
)

LISTED_ROWS_LIMIT = 100_000
"""Explanations list dossier ids only for tables up to this many rows (counts are always given)."""

_ONLINE = list(Channel).index(Channel.ONLINE)
# Received-side state: channel * 4 + (payment code + 1); payment -1 (not recorded) becomes 0.
_PAY_UNKNOWN, _PAY_ONLINE, _PAY_OTHER, _PAY_NONE = (
    0,
    1 + list(Payment).index(Payment.ONLINE),
    1 + list(Payment).index(Payment.OTHER),
    1 + list(Payment).index(Payment.NO_FEE),
)
_RECEIVED_STATES = len(Channel) * 4
# Completed-side state: on-time (0 no due date, 1 on time, 2 late) * 3 + (digitised + 1).
_COMPLETED_STATES = 9

# (title, numerator, denominator, unknown, what is counted, what the unknown ones lack)
_WORDS = {
    Rate.DOSSIERS_ONLINE: (
        "Share of dossiers received online",
        "dossiers received online",
        "dossiers received",
        "dossiers whose channel is not recorded",
        "dossiers received in the period, by the day received",
        "channel (Dossier.channel)",
    ),
    Rate.PAYMENTS_ONLINE: (
        "Share of dossiers with a fee due paid online",
        "dossiers paid online",
        "dossiers received with a fee or charge due",
        "dossiers whose payment is not recorded (a fee may or may not have been due)",
        "dossiers received in the period with a fee or charge due, by the day received;"
        " dossiers recorded with no fee due are left out of both counts",
        "payment (Dossier.payment)",
    ),
    Rate.RESULTS_DIGITISED: (
        "Share of completed dossiers whose result was digitised",
        "results digitised",
        "dossiers completed",
        "completed dossiers whose digitisation is not recorded",
        "dossiers completed in the period, by the day completed; dossiers still being"
        " processed are not counted",
        "result digitised (Dossier.result_digitised)",
    ),
    Rate.COMPLETED_ON_TIME: (
        "Share of completed dossiers completed on time",
        "dossiers completed on or before their due date",
        "dossiers completed",
        "completed dossiers with no due date recorded",
        "dossiers completed in the period, by the day completed; a dossier is on time when"
        " completed on or before its due date; dossiers still being processed, overdue or"
        " not, are not counted",
        "due date (Dossier.due)",
    ),
}

# For published counts: (part, whole) per rate.
_COUNT_FIELDS = {
    Rate.DOSSIERS_ONLINE: ("received_online", "received"),
    Rate.PAYMENTS_ONLINE: ("paid_online", "fee_due"),
    Rate.RESULTS_DIGITISED: ("results_digitised", "completed"),
    Rate.COMPLETED_ON_TIME: ("completed_on_time", "completed"),
}


def _periods(values: Iterable[Period | str | int | dt.date]) -> tuple[Period, ...]:
    if isinstance(values, str | int | Period):
        values = [values]
    result = []
    for value in values:
        result.append(parse_period(value, field="periods"))
    if not result:
        raise InvalidValueError("name at least one period", value=(), field="periods")
    if len(set(result)) != len(result):
        raise InvalidValueError(
            "a period is named twice", value=[str(p) for p in result], field="periods"
        )
    return tuple(result)


def _layers(periods: Sequence[Period]) -> list[list[int]]:
    """The periods in layers of non-overlapping ones (a year and its quarters: two layers)."""
    layers: list[list[int]] = []
    ends: list[dt.date] = []
    for index in sorted(range(len(periods)), key=lambda i: (periods[i].start, periods[i].end)):
        for number, end in enumerate(ends):
            if end < periods[index].start:
                layers[number].append(index)
                ends[number] = periods[index].end
                break
        else:
            layers.append([index])
            ends.append(periods[index].end)
    return layers


def _period_index(
    days: DateArray, periods: Sequence[Period], layer: list[int], discard: int
) -> IntArray:
    """Each day's period in the layer (``discard`` outside them all, and for NaT).

    A lookup table over the layer's days makes it one gather per row, with
    ``take(mode="clip")`` sending every day before or after the table (NaT
    included) to a sentinel cell at either end.
    """
    first = min(periods[i].start for i in layer)
    last = max(periods[i].end for i in layer)
    base = int(np.datetime64(first, "D").astype(np.int64)) - 1
    lut = np.full((last - first).days + 3, discard, dtype=np.int64)
    for i in layer:
        lut[(periods[i].start - first).days + 1 : (periods[i].end - first).days + 2] = i
    # NaT is the smallest int64: the subtraction wraps, and either way it lands on a sentinel.
    offset = days.view(np.int64) - base
    result: IntArray = np.take(lut, offset, mode="clip")
    return result


@attrs.frozen(eq=False)
class _Rows:
    """The dossier rows mapped onto the dataset's procedures, with their states."""

    table: DossierTable
    procedure: IntArray  # position in the procedures
    received_state: npt.NDArray[np.int8]  # channel * 4 + payment code + 1
    completed_state: npt.NDArray[np.int8]  # on-time state * 3 + digitised + 1; 0 if not done
    done: npt.NDArray[np.bool_]


def _rows(table: DossierTable, index: dict[str, int]) -> _Rows:
    procedure = table.positions_in(index)[table.procedure]
    received_state = table.channel * np.int8(4) + (table.payment + np.int8(1))
    done = ~np.isnat(table.completed)
    # On time: 0 no due date, 1 completed by it, 2 late (NaT comparisons are False).
    on_time = np.where(np.isnat(table.due), np.int8(0), np.int8(2))
    on_time[table.completed <= table.due] = 1
    completed_state = on_time * np.int8(3) + (table.digitised + np.int8(1))
    completed_state[~done] = 0
    return _Rows(table, procedure, received_state, completed_state, done)


@attrs.frozen(eq=False)
class _Counts:
    """Published counts as arrays (NaN: not published)."""

    records: tuple[DossierCount, ...]
    procedure: IntArray
    province: IntArray
    start: DateArray
    end: DateArray
    values: dict[str, FloatArray]


def _counts(counts: Sequence[DossierCount], index: dict[str, int], provinces: list[str]) -> _Counts:
    unknown = [c.procedure_id for c in counts if c.procedure_id not in index]
    if unknown:
        raise InvalidValueError(
            "published counts name procedures that are not in the dataset: "
            + ", ".join(repr(u) for u in unknown[:10]),
            value=unknown[0],
            field="procedure_id",
            record_type="DossierCount",
        )
    lookup = {name: i for i, name in enumerate(provinces)}
    for count in counts:
        if count.province is not None and count.province not in lookup:
            lookup[count.province] = len(provinces)
            provinces.append(count.province)
    fields = {f for pair in _COUNT_FIELDS.values() for f in pair}
    return _Counts(
        records=tuple(counts),
        procedure=np.array([index[c.procedure_id] for c in counts], dtype=np.int64),
        province=np.array(
            [lookup[c.province] if c.province is not None else -1 for c in counts], dtype=np.int64
        ),
        start=np.array([c.period.start for c in counts], dtype="datetime64[D]"),
        end=np.array([c.period.end for c in counts], dtype="datetime64[D]"),
        values={
            name: np.array(
                [np.nan if getattr(c, name) is None else getattr(c, name) for c in counts],
                dtype=np.float64,
            )
            for name in fields
        },
    )


def dossier_source(
    source: Dataset | DossierTable | None,
    procedures: Sequence[Procedure] | None,
    counts: Iterable[DossierCount] | None,
) -> tuple[tuple[Procedure, ...], DossierTable | None, tuple[DossierCount, ...]]:
    """The procedures, the dossier table and the published counts a computation reads."""
    extra = tuple(counts or ())
    for item in extra:
        if not isinstance(item, DossierCount):
            raise InvalidValueError("each count must be a DossierCount", value=item, field="counts")
    if isinstance(source, Dataset):
        dataset = source
        table = dataset.dossier_table if len(dataset.dossiers) else None
        return (tuple(dataset.procedures), table, tuple(dataset.dossier_counts) + extra)
    if procedures is None:
        raise InvalidValueError(
            "without a Dataset, give the procedures the dossiers belong to",
            value=None,
            field="procedures",
        )
    if source is not None and not isinstance(source, DossierTable):
        raise InvalidValueError(
            "must be a Dataset, a DossierTable or None", value=source, field="source"
        )
    return tuple(procedures), source, extra


def dossier_rates(
    source: Dataset | DossierTable | Rows | Any | None = None,
    *,
    periods: Iterable[Period | str | int] | Period | str | int,
    by: GroupBy | str | Iterable[GroupBy | str] = GroupBy.DATASET,
    rates: Iterable[Rate | str] = DOSSIER_RATES,
    procedures: Sequence[Procedure] | None = None,
    counts: Iterable[DossierCount] | None = None,
    max_unknown_share: float = 0.0,
    requirements: Iterable[RateRequirement] = (),
    columns: Mapping[str, str] | None = None,
) -> Report:
    """The dossier rates for each period and group, one finding per rate, group and period.

    ``source`` is a :class:`~industrial_policy.dataset.Dataset` (its
    procedures, dossiers and dossier counts), a
    :class:`~industrial_policy.records.dossier_table.DossierTable` (with
    ``procedures``), a **frame** of dossier rows (with ``procedures``): a
    DuckDB relation, a polars ``LazyFrame`` or ``DataFrame``, a Dask or
    PySpark ``DataFrame``, a pandas frame, anything narwhals reads, with its
    columns named like the fields of
    :class:`~industrial_policy.records.dossiers.Dossier` or mapped by
    ``columns`` (or given as :class:`~industrial_policy.io.lazy.Rows`); or
    ``None`` (published ``counts`` only, with ``procedures``). A frame's
    rows are counted by its own engine and only the counts come back (see
    ``docs/scaling.md``). ``counts`` are added to the dataset's. Every group
    that has a dossier or a count (of any date) gets findings for every
    period asked, the whole dataset always; a rate with nothing to count in a
    period is ``insufficient_data``.
    """
    asked = _periods(periods)  # type: ignore[arg-type]
    wanted = []
    for item in rates:
        try:
            rate = Rate(item)
        except ValueError:
            raise InvalidValueError("not a rate", value=item, field="rates") from None
        if rate.is_procedure_rate:
            raise InvalidValueError(
                "shares of procedures come from procedure_rates", value=rate.value, field="rates"
            )
        wanted.append(rate)
    tolerance = check_unknown_share(max_unknown_share)
    required = requirements_by_rate(requirements)
    frame: Rows | None = None
    if source is not None and not isinstance(source, Dataset | DossierTable):
        if not is_frame(source):
            raise InvalidValueError(
                "must be a Dataset, a DossierTable, a frame of dossier rows (DuckDB, polars,"
                " Dask, PySpark, pandas...) or None",
                value=source,
                field="source",
            )
        frame = rows_of(source, columns)
        source = None
    elif columns:
        raise InvalidValueError(
            "columns map a frame's columns; the source is not a frame",
            value=dict(columns),
            field="columns",
        )
    procs, table, published = dossier_source(source, procedures, counts)
    index = {p.id: i for i, p in enumerate(procs)}
    if frame is not None:
        dims = dimensions(by)
        segments = Segments.of(asked)
        wanted_spans = sorted({c.procedure_id for c in published if c.procedure_id in index})
        counted = count_frame(frame, procs, segments, dims, spans_of=wanted_spans)
        problems = overlap_problems(published, spans=counted.spans, path="counts")
        if problems:
            raise DatasetIntegrityError(problems, source="dossier_rates")
        return _frame_rates(
            counted, segments, procs, index, published, by, wanted, asked, tolerance, required
        )
    # A dataset checked its own records when it was built; counts given here are checked now.
    if not isinstance(source, Dataset) or counts:
        problems = overlap_problems(published, table, path="counts")
        if problems:
            raise DatasetIntegrityError(problems, source="dossier_rates")
    provinces = list(table.provinces) if table is not None else []
    count_arrays = _counts(published, index, provinces)
    rows = _rows(table, index) if table is not None else None
    row_groups = (
        group_by(by, procs, rows.procedure, province=rows.table.province, provinces=provinces)
        if rows is not None
        else None
    )
    count_groups = group_by(
        by, procs, count_arrays.procedure, province=count_arrays.province, provinces=provinces
    )
    present, compact = _present(count_groups, [row_groups.codes] if row_groups else [])
    row_codes = compact[row_groups.codes] if row_groups is not None else None
    count_codes = compact[count_groups.codes]
    keep = table is not None and table.ids is not None and 0 < len(table) <= LISTED_ROWS_LIMIT
    aggregate = _aggregate(rows, row_codes, len(present), asked, keep=keep)
    listing = _Listing.build(rows, row_codes, aggregate, len(asked))
    unlisted = None
    if rows is not None and listing is None and len(rows.table):
        unlisted = (
            "dossier ids are not listed: the table has none"
            if rows.table.ids is None
            else f"dossier ids are not listed for tables over {LISTED_ROWS_LIMIT:,} rows"
        )
    return _findings(
        wanted,
        asked,
        aggregate,
        listing,
        unlisted,
        count_arrays,
        count_codes,
        _Labels(count_groups, present),
        tolerance,
        required,
    )


def _present(count_groups: Grouping, row_codes: Sequence[IntArray]) -> tuple[IntArray, IntArray]:
    """The groups that occur (in code order), and each code's position among them."""
    # Only the groups that occur get cells: crossing procedures with provinces would
    # otherwise allocate every combination.
    used = np.zeros(count_groups.size, dtype=np.bool_)
    for codes in row_codes:
        used[codes] = True
    used[count_groups.codes] = True
    if count_groups.dimensions == (GroupBy.DATASET,):
        used[0] = True  # the whole dataset is reported even when it holds nothing
    present = np.flatnonzero(used)
    compact = np.full(count_groups.size, -1, dtype=np.int64)
    compact[present] = np.arange(len(present), dtype=np.int64)
    return present, compact


def _frame_rates(
    counted: FrameCounts,
    segments: Segments,
    procs: tuple[Procedure, ...],
    index: dict[str, int],
    published: tuple[DossierCount, ...],
    by: GroupBy | str | Iterable[GroupBy | str],
    wanted: Sequence[Rate],
    asked: Sequence[Period],
    tolerance: float,
    required: dict[Rate, RateRequirement],
) -> Report:
    """The rates from the counts a frame's engine gave: grouped and added up as rows are."""
    sides = (counted.received, counted.completed)
    names = sorted({str(p) for side in sides for p in side.province.tolist() if p is not None})
    provinces = list(names)
    lookup = {name: i for i, name in enumerate(names)}
    count_arrays = _counts(published, index, provinces)

    def grouped(side: Side) -> Grouping:
        procedure = np.array(
            [0 if p is None else index[str(p)] for p in side.procedure.tolist()], dtype=np.int64
        )
        province = np.array(
            [-1 if p is None else lookup[str(p)] for p in side.province.tolist()], dtype=np.int64
        )
        return group_by(by, procs, procedure, province=province, provinces=provinces)

    side_groups = [grouped(side) for side in sides]
    count_groups = group_by(
        by, procs, count_arrays.procedure, province=count_arrays.province, provinces=provinces
    )
    present, compact = _present(count_groups, [g.codes for g in side_groups])
    size = len(present)
    member = segments.membership(asked)
    received = np.zeros((size, len(asked), len(RECEIVED_COUNTS)), dtype=np.int64)
    completed = np.zeros((size, len(asked), len(COMPLETED_COUNTS)), dtype=np.int64)
    for side, groups, out in zip(sides, side_groups, (received, completed), strict=True):
        codes = compact[groups.codes]
        inside = side.segment >= 0
        for j in range(len(asked)):
            rows = np.flatnonzero(inside)
            rows = rows[member[side.segment[rows], j]]
            np.add.at(out[:, j], codes[rows], side.counts[rows])
    aggregate = _Aggregate(received, completed, [], [], _layers(asked))
    return _findings(
        wanted,
        asked,
        aggregate,
        None,
        f"dossier ids are not listed: the rows of {counted.source} were counted by"
        f" {counted.backend}, which gave the counts alone",
        count_arrays,
        compact[count_groups.codes],
        _Labels(count_groups, present),
        tolerance,
        required,
    )


@attrs.frozen(eq=False)
class _Labels:
    grouping: Grouping
    present: IntArray

    def __call__(self, group: int) -> str:
        return self.grouping.label(int(self.present[group]))


@attrs.frozen(eq=False)
class _Aggregate:
    received: IntArray  # (groups, periods, RECEIVED_COUNTS)
    completed: IntArray  # (groups, periods, COMPLETED_COUNTS)
    period_of_received: list[IntArray]  # per layer (rows); kept for listing ids
    period_of_completed: list[IntArray]
    layers: list[list[int]]


def _aggregate(
    rows: _Rows | None,
    groups: IntArray | None,
    size: int,
    periods: Sequence[Period],
    *,
    keep: bool,
) -> _Aggregate:
    n_periods = len(periods)
    received = np.zeros((size, n_periods, len(Channel), 4), dtype=np.int64)
    completed = np.zeros((size, n_periods, 3, 3), dtype=np.int64)
    layers = _layers(periods)
    of_received: list[IntArray] = []
    of_completed: list[IntArray] = []
    if rows is not None and groups is not None and len(rows.table):
        table = rows.table
        # One bincount per side over key = (group * (periods + 1) + period) * states + state;
        # the extra period is where rows outside every period (or not completed) fall.
        width = n_periods + 1
        base = groups * width
        for layer in layers:
            for days, states, n_states, out, kept in (
                (table.received, rows.received_state, _RECEIVED_STATES, received, of_received),
                (
                    table.completed,
                    rows.completed_state,
                    _COMPLETED_STATES,
                    completed,
                    of_completed,
                ),
            ):
                period = _period_index(days, periods, layer, n_periods)
                if keep:
                    kept.append(period)
                key = base + period
                key *= n_states
                key += states
                tally = np.bincount(key, minlength=size * width * n_states)
                out += tally.reshape(size, width, *out.shape[2:])[:, :n_periods]
    return _Aggregate(
        _received_counts(received), _completed_counts(completed), of_received, of_completed, layers
    )


def _received_counts(states: IntArray) -> IntArray:
    """RECEIVED_COUNTS from the (channel, payment) states of each group and period."""
    by_payment = states.sum(axis=2)
    return np.stack(
        [
            states.sum(axis=(2, 3)),
            states[:, :, _ONLINE].sum(axis=-1),
            by_payment[..., _PAY_UNKNOWN],
            by_payment[..., _PAY_ONLINE],
            by_payment[..., _PAY_OTHER],
        ],
        axis=-1,
    )


def _completed_counts(states: IntArray) -> IntArray:
    """COMPLETED_COUNTS from the (on-time, digitised) states of each group and period."""
    by_digitised = states.sum(axis=2)
    by_time = states.sum(axis=3)
    return np.stack(
        [
            states.sum(axis=(2, 3)),
            by_digitised[..., 0],
            by_digitised[..., 1],
            by_digitised[..., 2],
            by_time[..., 0],
            by_time[..., 1],
            by_time[..., 2],
        ],
        axis=-1,
    )


_R = {name: i for i, name in enumerate(RECEIVED_COUNTS)}
_C = {name: i for i, name in enumerate(COMPLETED_COUNTS)}


def _row_tallies(rate: Rate, received: IntArray, completed: IntArray) -> tuple[int, int, int]:
    """(yes, known, unknown) from one group's and period's counts."""
    if rate is Rate.DOSSIERS_ONLINE:
        return int(received[_R["online"]]), int(received[_R["received"]]), 0
    if rate is Rate.PAYMENTS_ONLINE:
        yes = int(received[_R["paid_online"]])
        return (
            yes,
            yes + int(received[_R["paid_other"]]),
            int(received[_R["payment_unrecorded"]]),
        )
    if rate is Rate.RESULTS_DIGITISED:
        yes = int(completed[_C["digitised"]])
        return (
            yes,
            yes + int(completed[_C["not_digitised"]]),
            int(completed[_C["digitisation_unrecorded"]]),
        )
    yes = int(completed[_C["on_time"]])
    return yes, yes + int(completed[_C["late"]]), int(completed[_C["due_unrecorded"]])


def _row_masks(rate: Rate, rows: _Rows) -> tuple[npt.NDArray[np.bool_], ...]:
    """Per row: (in the numerator, in the known denominator, not recorded)."""
    if rate is Rate.DOSSIERS_ONLINE:
        online = rows.table.channel == _ONLINE
        return online, np.ones(len(online), dtype=np.bool_), np.zeros(len(online), dtype=np.bool_)
    if rate is Rate.PAYMENTS_ONLINE:
        pay = rows.received_state % 4
        return pay == _PAY_ONLINE, (pay == _PAY_ONLINE) | (pay == _PAY_OTHER), pay == _PAY_UNKNOWN
    state, done = rows.completed_state, rows.done
    if rate is Rate.RESULTS_DIGITISED:
        digitised = state % 3
        return done & (digitised == 2), done & (digitised > 0), done & (digitised == 0)
    on_time = state // 3
    return done & (on_time == 1), done & (on_time > 0), done & (on_time == 0)


def _findings(
    wanted: Sequence[Rate],
    periods: Sequence[Period],
    aggregate: _Aggregate,
    listing: _Listing | None,
    unlisted: str | None,
    counts: _Counts,
    count_groups: IntArray,
    labels: _Labels,
    tolerance: float,
    required: dict[Rate, RateRequirement],
) -> Report:
    n_periods = len(periods)
    size = len(labels.present)
    in_period = [
        (counts.start >= np.datetime64(p.start, "D")) & (counts.end <= np.datetime64(p.end, "D"))
        for p in periods
    ]
    touching = [
        (counts.start <= np.datetime64(p.end, "D")) & (counts.end >= np.datetime64(p.start, "D"))
        for p in periods
    ]
    by_cell: dict[tuple[int, int], list[int]] = {}
    for j in range(n_periods):
        for at in np.flatnonzero(touching[j]).tolist():
            by_cell.setdefault((int(count_groups[at]), j), []).append(at)
    # Every group that occurs in the data gets every period asked: a period with nothing
    # to count is reported as insufficient data, not left out.
    groups = np.arange(size)
    findings: list[Finding] = []
    for rate in wanted:
        title, numerator, denominator, unknown, counted, lacking = _WORDS[rate]
        part, whole = _COUNT_FIELDS[rate]
        for group in groups.tolist():
            label = labels(int(group))
            for j, period in enumerate(periods):
                yes, known, missing = _row_tallies(
                    rate, aggregate.received[group, j], aggregate.completed[group, j]
                )
                notes = [
                    f"counted ({period.start.isoformat()} to {period.end.isoformat()}, both"
                    f" included): {counted}"
                ]
                ids = listing.ids(rate, int(group), j) if listing else None
                blockers: list[str] = []
                mine = by_cell.get((int(group), j), [])
                used: list[str] = []
                for c in mine:
                    record = counts.records[c]
                    if not in_period[j][c]:
                        blockers.append(
                            f"published count {record.id!r} covers {record.period}, which"
                            f" straddles the edge of {period}: it cannot be split"
                        )
                        continue
                    have, of = counts.values[part][c], counts.values[whole][c]
                    if np.isnan(of):
                        blockers.append(
                            f"published count {record.id!r} ({record.period}) does not give"
                            f" {whole.replace('_', ' ')}"
                        )
                        continue
                    used.append(record.id)
                    if np.isnan(have):
                        missing += int(of)
                    else:
                        yes += int(have)
                        known += int(of)
                if used:
                    notes.append(
                        f"{len(used):,} published counts added: {', '.join(used[:20])}"
                        + (f", … {len(used) - 20} more" if len(used) > 20 else "")
                    )
                if unlisted is not None:
                    notes.append(unlisted)
                yes_ids = (ids[0] if ids else []) + used
                known_ids = (ids[1] if ids else []) + used
                unknown_ids = ids[2] if ids else []
                tally = Tally(
                    yes=yes,
                    known=known,
                    unknown=missing,
                    yes_ids=tuple(yes_ids[:20]),
                    known_ids=tuple(known_ids[:20]),
                    unknown_ids=tuple(unknown_ids[:20]),
                    yes_records=(ids[3] if ids else 0) + len(used),
                    known_records=(ids[4] if ids else 0) + len(used),
                    blockers=tuple(blockers),
                )
                findings.append(
                    rate_finding(
                        rate=rate,
                        title=f"{title}, {label}, {period.label}",
                        subject_id=f"{label}@{period.canonical_label}",
                        subject_kind=labels.grouping.subject_kind,
                        as_of=period.end,
                        tally=tally,
                        numerator=numerator,
                        denominator=denominator,
                        unknown=unknown,
                        max_unknown_share=tolerance,
                        requirement=required.get(rate),
                        notes=notes,
                        lacking=lacking,
                    )
                )
    as_of = max(p.end for p in periods)
    return Report(tuple(findings), as_of=as_of)


@attrs.frozen(eq=False)
class _Listing:
    """Row ids per group and period, for small tables only."""

    rows: _Rows
    groups: IntArray
    aggregate: _Aggregate
    n_periods: int

    @classmethod
    def build(
        cls, rows: _Rows | None, groups: IntArray | None, aggregate: _Aggregate, n_periods: int
    ) -> _Listing | None:
        if rows is None or groups is None or rows.table.ids is None:
            return None
        if len(rows.table) > LISTED_ROWS_LIMIT or not len(rows.table):
            return None
        return cls(rows, groups, aggregate, n_periods)

    def ids(
        self, rate: Rate, group: int, period: int
    ) -> tuple[list[str], list[str], list[str], int, int]:
        """(numerator ids, denominator ids, unknown ids, numerator rows, denominator rows)."""
        layer = next(i for i, members in enumerate(self.aggregate.layers) if period in members)
        by_received = rate in (Rate.DOSSIERS_ONLINE, Rate.PAYMENTS_ONLINE)
        of_period = (
            self.aggregate.period_of_received[layer]
            if by_received
            else self.aggregate.period_of_completed[layer]
        )
        here = (self.groups == group) & (of_period == period)
        yes, known, unknown = (here & mask for mask in _row_masks(rate, self.rows))
        ids = self.rows.table.ids
        assert ids is not None

        def first(mask: npt.NDArray[np.bool_]) -> list[str]:
            return [ids[i] for i in np.flatnonzero(mask)[:20]]

        return first(yes), first(known), first(unknown), int(yes.sum()), int(known.sum())
