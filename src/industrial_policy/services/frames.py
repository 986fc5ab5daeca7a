"""Dossier rows counted by the engine that holds them (DuckDB, polars, Dask, PySpark, pandas).

The dossier rates are ratios of summed counts, so exact counts per group and
period are all they need. :func:`count_frame` expresses those counts once,
with narwhals, and runs them where the rows are:

* **received side**: every row, grouped by the keys the breakdown needs and
  by the *segment* of the day received: the periods' starts and ends cut the
  calendar into segments, each inside or outside each period, so one
  integer per row serves every period asked, overlapping ones included
  (outside all of them: ``-1``). Counted: dossiers, received online, payment
  not recorded, paid online, paid otherwise;
* **completed side**: the rows completed within the periods, by the segment
  of the day completed. Counted: dossiers, digitisation not recorded, not
  digitised, digitised, no due date, on time, late;
* **checks**: every rule a dossier row must follow (the same as the
  in-memory table's: procedure, day received and channel recorded, the
  procedure among those given, channel and payment among their values, dates
  within the years the library reads, not due or completed before receipt),
  counted in the same pass. A broken rule raises
  :class:`~industrial_policy.errors.TableError` with its count and a sample
  of its rows.

The keys are the fewest that still let the library group as it does in
memory: none for the whole dataset, the procedure for a breakdown by
procedure, field or level of government, and for a breakdown by province the
dossier's own province, with the procedure only for rows that record none
(their province is their procedure's). Only these small tables come back;
:func:`~industrial_policy.services.aggregation.dossier_rates` groups them
and adds them up exactly as it adds up rows held in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar.column import IntArray
from industrial_policy.io.lazy import (
    Check,
    Opened,
    Rows,
    Segments,
    Validation,
    collect,
    narwhals,
    open_rows,
)
from industrial_policy.records.dossiers import Channel, Dossier, Payment
from industrial_policy.records.procedures import Procedure
from industrial_policy.services.grouping import GroupBy

__all__ = [
    "COMPLETED_COUNTS",
    "DOSSIER_FIELDS",
    "RECEIVED_COUNTS",
    "FrameCounts",
    "count_frame",
]


RECEIVED_COUNTS = ("received", "online", "payment_unrecorded", "paid_online", "paid_other")
"""What the received side counts, per group and segment (in this order)."""

COMPLETED_COUNTS = (
    "completed",
    "digitisation_unrecorded",
    "not_digitised",
    "digitised",
    "due_unrecorded",
    "on_time",
    "late",
)
"""What the completed side counts, per group and segment (in this order)."""

DOSSIER_FIELDS = (
    "id",
    "procedure_id",
    "received",
    "channel",
    "payment",
    "result_digitised",
    "due",
    "completed",
    "province",
)
"""The fields of :class:`~industrial_policy.records.dossiers.Dossier` a frame may give."""

_REQUIRED = ("procedure_id", "received", "channel")


@attrs.frozen(eq=False)
class Side:
    """One side's counts: a row per group key and segment."""

    procedure: npt.NDArray[Any]  # procedure ids (objects), None where not a key
    province: npt.NDArray[Any]  # the dossier's province (objects), None where not recorded
    segment: IntArray  # -1: outside every period
    counts: IntArray  # (rows, counts)


@attrs.frozen(eq=False)
class FrameCounts:
    """What came back from the frame's engine."""

    backend: str
    source: str
    received: Side
    completed: Side
    spans: Mapping[str, tuple[dt.date, dt.date]]  # procedure -> first and last day received


def _keys(opened: Opened, dims: Sequence[GroupBy]) -> dict[str, Any]:
    nw = narwhals()
    by_procedure = any(
        d in (GroupBy.PROCEDURE, GroupBy.FIELD, GroupBy.GOVERNMENT_LEVEL) for d in dims
    )
    by_province = GroupBy.PROVINCE in dims
    procedure = opened.text("procedure_id")
    keys: dict[str, Any] = {}
    province = None
    if by_province and opened.has("province"):
        province = opened.text("province")
        keys["__province"] = province
    if by_procedure or (by_province and province is None):
        keys["__procedure"] = procedure
    elif by_province:
        # A row with no province of its own takes its procedure's.
        keys["__procedure"] = nw.when(province.is_null()).then(procedure)  # type: ignore[union-attr]
    return keys


def _validation(opened: Opened, procedures: Sequence[Procedure]) -> Validation:
    rules = opened.rules(
        known={"procedure_id": [p.id for p in procedures]},
        by_value=("procedure_id", "province"),
    )
    received = opened.col("received")
    for field, says in (
        ("due", "the result cannot be due before receipt on {}"),
        ("completed", "a dossier cannot be completed before receipt on {}"),
    ):
        if opened.has(field):
            rules = rules.add(
                Check(field, _before_receipt(says), opened.col(field) < received, ("received",))
            )
    return rules


def _before_receipt(says: str) -> Callable[[Mapping[str, object]], str]:
    return lambda values: says.format(_day(values.get("received")))


def _day(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _received_query(opened: Opened, keys: Mapping[str, Any], segments: Segments) -> Any:
    flags: dict[str, Any] = {
        "online": (opened.text("channel") == Channel.ONLINE.value).fill_null(False)
    }
    if opened.has("payment"):
        payment = opened.text("payment")
        flags["payment_unrecorded"] = payment.is_null()
        flags["paid_online"] = (payment == Payment.ONLINE.value).fill_null(False)
        flags["paid_other"] = (payment == Payment.OTHER.value).fill_null(False)
    return _grouped(opened, opened.lazy, keys, segments.bucket(opened.col("received")), flags)


def _completed_query(opened: Opened, keys: Mapping[str, Any], segments: Segments) -> Any | None:
    nw = narwhals()
    if not opened.has("completed"):
        return None
    completed = opened.col("completed")
    flags: dict[str, Any] = {}
    if opened.has("result_digitised"):
        digitised = nw.col(opened.columns["result_digitised"])
        flags["digitisation_unrecorded"] = digitised.is_null()
        # Compared, not negated: an object column of booleans and None (Dask from Parquet)
        # cannot be negated.
        flags["not_digitised"] = (digitised == False).fill_null(False)  # noqa: E712
        flags["digitised"] = (digitised == True).fill_null(False)  # noqa: E712
    if opened.has("due"):
        due = opened.col("due")
        flags["due_unrecorded"] = due.is_null()
        flags["on_time"] = (completed <= due).fill_null(False)
        flags["late"] = (completed > due).fill_null(False)
    rows = opened.lazy.filter(segments.within(completed).fill_null(False))
    return _grouped(opened, rows, keys, segments.bucket(completed), flags)


# Engines that add up booleans as they are (casting costs a pass); others get integers.
_SUMS_BOOLEANS = frozenset({"polars", "duckdb", "pandas", "dask"})


def _grouped(
    opened: Opened, lazy: Any, keys: Mapping[str, Any], bucket: Any, flags: Mapping[str, Any]
) -> Any:
    nw = narwhals()
    as_is = opened.backend in _SUMS_BOOLEANS
    # Flags become columns first: some engines (Dask, pandas) group only plain columns.
    columns = {**keys, "__bucket": bucket}
    columns.update(
        {f"__{name}": flag if as_is else flag.cast(nw.Int64) for name, flag in flags.items()}
    )
    grouped = lazy.with_columns(**columns).group_by(*keys, "__bucket", drop_null_keys=False)
    return grouped.agg(
        nw.len().alias("__rows"), *(nw.col(f"__{name}").sum() for name in flags)
    ).with_columns(
        nw.col("__rows").cast(nw.Int64), *(nw.col(f"__{name}").cast(nw.Int64) for name in flags)
    )


def _side(
    result: Mapping[str, npt.NDArray[Any]] | None,
    names: Sequence[str],
    segments: Segments,
    readings: Mapping[str, Mapping[Any, Any]],
) -> Side:
    if result is None:
        empty = np.zeros(0, dtype=object)
        return Side(empty, empty, np.zeros(0, dtype=np.int64), np.zeros((0, len(names)), np.int64))
    n = len(result["__bucket"])
    none = np.full(n, None, dtype=object)
    total = np.asarray(result["__rows"], dtype=np.int64)
    counts = np.zeros((n, len(names)), dtype=np.int64)
    counts[:, 0] = total
    for k, name in enumerate(names[1:], start=1):
        column = result.get(f"__{name}")
        if column is not None:
            counts[:, k] = column
    # A column the frame does not have leaves its answer not recorded for every row.
    if names is RECEIVED_COUNTS and "__payment_unrecorded" not in result:
        counts[:, names.index("payment_unrecorded")] = total
    if names is COMPLETED_COUNTS:
        if "__digitisation_unrecorded" not in result:
            counts[:, names.index("digitisation_unrecorded")] = total
        if "__due_unrecorded" not in result:
            counts[:, names.index("due_unrecorded")] = total
    return Side(
        procedure=_read(result.get("__procedure", none), readings.get("procedure_id", {})),
        province=_read(result.get("__province", none), readings.get("province", {})),
        segment=segments.segments_of(result["__bucket"]),
        counts=counts,
    )


def count_frame(
    rows: Rows,
    procedures: Sequence[Procedure],
    segments: Segments,
    dims: Sequence[GroupBy],
    *,
    spans_of: Sequence[str] = (),
) -> FrameCounts:
    """The counts of ``rows`` (dossiers) per group key and segment, from the frame's engine.

    ``spans_of`` names procedures whose first and last day received are also
    wanted (to check published counts against the rows). Raises
    :class:`~industrial_policy.errors.TableError` when the rows break a rule.
    """
    nw = narwhals()
    opened = open_rows(Dossier, rows, fields=DOSSIER_FIELDS, required=_REQUIRED, source="dossiers")
    validation = _validation(opened, procedures)
    keys = _keys(opened, dims)
    # The distinct procedures (read as the table readers read them, and checked against the
    # procedures given), with their first and last day received when published counts are
    # to be checked against the rows; the distinct provinces.
    spans_wanted = bool(spans_of)
    checked = validation.queries(
        {"__received": opened.col("received")} if spans_wanted else None,
        [nw.col("__received").min().alias("__first"), nw.col("__received").max().alias("__last")]
        if spans_wanted
        else (),
    )
    queries = [*checked, _received_query(opened, keys, segments)]
    completed = _completed_query(opened, keys, segments)
    if completed is not None:
        queries.append(completed)
    results = collect(queries)
    readings = validation.read(results[: len(checked)])
    received_result = results[len(checked)]
    completed_result = results[len(checked) + 1] if completed is not None else None
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    if spans_wanted:
        wanted = set(spans_of)
        found = results[1]
        ids = readings["procedure_id"]
        firsts, lasts = found["__first"].tolist(), found["__last"].tolist()
        for raw, first, last in zip(found["__value"].tolist(), firsts, lasts, strict=True):
            procedure = ids.get(raw)
            if procedure in wanted:
                low, high = _as_date(first), _as_date(last)
                if procedure in spans:
                    low, high = min(low, spans[procedure][0]), max(high, spans[procedure][1])
                spans[procedure] = (low, high)
    return FrameCounts(
        backend=opened.backend,
        source=opened.where.source,
        received=_side(received_result, RECEIVED_COUNTS, segments, readings),
        completed=_side(completed_result, COMPLETED_COUNTS, segments, readings),
        spans=spans,
    )


def _read(raw: npt.NDArray[Any], reading: Mapping[Any, Any]) -> npt.NDArray[Any]:
    """Keys as the fields hold them (an id in NFC, a province stripped), ``None`` kept."""
    out = np.empty(len(raw), dtype=object)
    out[:] = [None if v is None else reading.get(v, v) for v in raw.tolist()]
    return out


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return dt.date.fromisoformat(str(value.astype("datetime64[D]")))
    return dt.date.fromisoformat(str(value)[:10])
