"""Dossiers as numpy columns: millions of rows, aggregated without a Python loop per row.

A province's one-stop-shop system exports a row per dossier; ten million
rows are common over a few years. :class:`DossierTable` holds them as
arrays (codes for procedures, channels and payment, ``datetime64[D]`` for
dates), checked in bulk when built. Build it from arrays with
:meth:`DossierTable.from_arrays` (strings or integer codes) or from
:class:`~industrial_policy.records.dossiers.Dossier` records with
:meth:`DossierTable.from_records`.

Codes: ``channel`` and ``payment`` hold the position of the member in
:class:`~industrial_policy.records.dossiers.Channel` and
:class:`~industrial_policy.records.dossiers.Payment`; ``-1`` is not
recorded. ``digitised`` is 1, 0 or -1 (not recorded). ``province`` indexes
:attr:`DossierTable.provinces`, ``-1`` meaning "the procedure's province".

>>> import numpy as np
>>> t = DossierTable.from_arrays(
...     procedure=np.array(["p1", "p2", "p1"]),
...     received=np.array(["2024-01-02", "2024-01-03", "2024-02-01"], dtype="datetime64[D]"),
...     channel=np.array(["online", "in_person", "online"]))
>>> len(t), t.procedure_ids, t.channel.tolist()
(3, ('p1', 'p2'), [0, 1, 0])
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar import (
    CodedColumn,
    DateColumn,
    EnumColumn,
    OptionalFlagColumn,
    Table,
    TextColumn,
)
from industrial_policy.errors import InvalidValueError
from industrial_policy.names import resolve, suggestion
from industrial_policy.periods import MAX_DATE, MIN_DATE
from industrial_policy.records.dossiers import Channel, Dossier, Payment

__all__ = ["DossierTable"]

IntArray = npt.NDArray[np.int64]
SmallArray = npt.NDArray[np.int8]
DateArray = npt.NDArray[np.datetime64]

E = TypeVar("E", bound=enum.Enum)

_NAT = np.datetime64("NaT", "D")


def _where(ids: tuple[str, ...] | None, row: int) -> str:
    return ids[row] if ids is not None else f"row {row}"


def _fail(reason: str, field: str, value: object, ids: tuple[str, ...] | None, rows: Any) -> None:
    rows = np.asarray(rows)
    first = int(rows[0])
    more = f" ({len(rows):,} rows in all)" if len(rows) > 1 else ""
    raise InvalidValueError(
        reason + more,
        value=value,
        field=field,
        record_type="DossierTable",
        record_id=_where(ids, first),
    )


def _length(name: str, values: Any, n: int) -> npt.NDArray[Any]:
    array = np.asarray(values)
    if array.ndim != 1 or len(array) != n:
        raise InvalidValueError(
            f"must be a one-dimensional array of {n:,} values, one per dossier",
            value=f"shape {array.shape}",
            field=name,
            record_type="DossierTable",
        )
    return array


def _vocabulary(
    name: str, values: npt.NDArray[Any], vocabulary: Sequence[str] | None
) -> tuple[IntArray, tuple[str, ...]]:
    """Integer codes and their names, from strings or from codes with ``vocabulary``."""
    if values.dtype.kind in "iu":
        if vocabulary is None:
            raise InvalidValueError(
                f"integer codes need the names they stand for ({name}_ids)",
                value=str(values.dtype),
                field=name,
                record_type="DossierTable",
            )
        names = tuple(str(v) for v in vocabulary)
        codes = values.astype(np.int64)
        return codes, names
    if values.dtype.kind not in "UO":
        raise InvalidValueError(
            "must be text or integer codes",
            value=str(values.dtype),
            field=name,
            record_type="DossierTable",
        )
    unique, inverse = np.unique(values.astype(str), return_inverse=True)
    return inverse.astype(np.int64), tuple(str(u) for u in unique)


def _check_codes(
    name: str, codes: IntArray, size: int, ids: tuple[str, ...] | None, *, optional: bool
) -> None:
    low = -1 if optional else 0
    bad = np.flatnonzero((codes < low) | (codes >= size))
    if len(bad):
        _fail(f"code out of range (0 to {size - 1})", name, int(codes[bad[0]]), ids, bad)


def _enum_codes(
    name: str, values: Any, enum_type: type[E], n: int, ids: tuple[str, ...] | None
) -> SmallArray:
    """Codes of an enum column: strings (values, '' or None for missing) or integer codes."""
    if values is None:
        return np.full(n, -1, dtype=np.int8)
    array = _length(name, values, n)
    members = list(enum_type)
    if array.dtype.kind in "iu":
        codes = array.astype(np.int64)
        _check_codes(name, codes, len(members), ids, optional=True)
        return codes.astype(np.int8)
    unique, inverse = np.unique(np.where(array == None, "", array).astype(str), return_inverse=True)  # noqa: E711
    table = np.empty(len(unique), dtype=np.int8)
    for i, text in enumerate(unique):
        if text == "":
            table[i] = -1
            continue
        member = resolve(enum_type, str(text))  # the value, or a Vietnamese name
        if member is None:
            allowed = ", ".join(repr(m.value) for m in members)
            hint = suggestion(enum_type, str(text))
            reason = f"must be one of {allowed}" + (f"; {hint}" if hint else "")
            _fail(reason, name, str(text), ids, np.flatnonzero(inverse == i))
        else:
            table[i] = members.index(member)
    result: SmallArray = table[inverse]
    return result


def _flags(name: str, values: Any, n: int, ids: tuple[str, ...] | None) -> SmallArray:
    """1, 0 or -1 (not recorded), from booleans, 0/1/-1 codes, or objects with None."""
    if values is None:
        return np.full(n, -1, dtype=np.int8)
    array = _length(name, values, n)
    if array.dtype == np.bool_:
        return array.astype(np.int8)
    if array.dtype.kind in "iu":
        codes = array.astype(np.int64)
        bad = np.flatnonzero((codes < -1) | (codes > 1))
        if len(bad):
            _fail(
                "must be 1 (yes), 0 (no) or -1 (not recorded)", name, int(codes[bad[0]]), ids, bad
            )
        return codes.astype(np.int8)
    if array.dtype.kind == "O":
        result = np.full(n, -1, dtype=np.int8)
        for value in (True, False):
            result[array == value] = int(value)
        # Object arrays are the slow path anyway: only true, false and None are flags.
        odd = np.flatnonzero([not (v is None or v is True or v is False) for v in array])
        if len(odd):
            _fail("must be true, false or None", name, array[odd[0]], ids, odd)
        return result
    raise InvalidValueError(
        "must be booleans, or 1/0/-1 codes",
        value=str(array.dtype),
        field=name,
        record_type="DossierTable",
    )


def _days(
    name: str, values: Any, n: int, *, optional: bool, ids: tuple[str, ...] | None
) -> DateArray:
    if values is None:
        if not optional:
            raise InvalidValueError(
                "is required", value=None, field=name, record_type="DossierTable"
            )
        return np.full(n, _NAT)
    array = _length(name, values, n)
    try:
        days = array.astype("datetime64[D]")
    except (ValueError, TypeError) as exc:
        raise InvalidValueError(
            f"must be dates (datetime64[D] or ISO text): {exc}",
            value=str(array.dtype),
            field=name,
            record_type="DossierTable",
        ) from None
    missing = np.isnat(days)
    if not optional and missing.any():
        _fail("must be recorded for every dossier", name, None, ids, np.flatnonzero(missing))
    low, high = np.datetime64(MIN_DATE, "D"), np.datetime64(MAX_DATE, "D")
    out = np.flatnonzero(~missing & ((days < low) | (days > high)))
    if len(out):
        _fail(
            f"a date must be in the years {MIN_DATE.year} to {MAX_DATE.year}",
            name,
            str(days[out[0]]),
            ids,
            out,
        )
    return days


@attrs.frozen(eq=False)
class DossierTable:
    """One row per dossier, as numpy columns. Build with :meth:`from_arrays`."""

    procedure: IntArray  # position in procedure_ids
    procedure_ids: tuple[str, ...]
    received: DateArray
    channel: SmallArray
    payment: SmallArray  # -1: not recorded
    digitised: SmallArray  # 1, 0, -1: not recorded
    due: DateArray  # NaT: not recorded
    completed: DateArray  # NaT: not completed
    province: IntArray  # position in provinces; -1: the procedure's province
    provinces: tuple[str, ...]
    ids: tuple[str, ...] | npt.NDArray[Any] | None = None  # numpy strings from a dataset

    def __len__(self) -> int:
        return len(self.procedure)

    @classmethod
    def from_arrays(
        cls,
        *,
        procedure: Any,
        received: Any,
        channel: Any,
        payment: Any = None,
        result_digitised: Any = None,
        due: Any = None,
        completed: Any = None,
        province: Any = None,
        procedure_ids: Sequence[str] | None = None,
        provinces: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
    ) -> DossierTable:
        """A table from one array per column, checked in bulk.

        ``procedure`` and ``province`` are text, or integer codes with
        ``procedure_ids`` / ``provinces`` naming them (``-1`` for a province
        not recorded on the dossier). ``channel`` and ``payment`` are enum
        values (``"online"``) or codes; ``result_digitised`` booleans, or
        1/0/-1; dates are ``datetime64[D]`` or ISO text, ``NaT`` when not
        recorded (``received`` is required). Errors name the column, the
        first offending row (its id when ``ids`` is given) and how many rows
        are affected.
        """
        n = len(np.asarray(procedure))
        row_ids = tuple(str(i) for i in ids) if ids is not None else None
        if row_ids is not None and len(row_ids) != n:
            raise InvalidValueError(
                f"must hold one id per dossier ({n:,})",
                value=len(row_ids),
                field="ids",
                record_type="DossierTable",
            )
        codes, names = _vocabulary("procedure", _length("procedure", procedure, n), procedure_ids)
        _check_codes("procedure", codes, len(names), row_ids, optional=False)
        if province is None:
            province_codes, province_names = np.full(n, -1, dtype=np.int64), tuple(provinces or ())
        else:
            raw = _length("province", province, n)
            if raw.dtype.kind in "UO":
                raw = np.where(raw == None, "", raw).astype(str)  # noqa: E711
                present = raw != ""
                province_codes = np.full(n, -1, dtype=np.int64)
                inner, province_names = _vocabulary("province", raw[present], None)
                province_codes[present] = inner
            else:
                province_codes, province_names = _vocabulary("province", raw, provinces)
                _check_codes(
                    "province", province_codes, len(province_names), row_ids, optional=True
                )
        channels = _enum_codes("channel", channel, Channel, n, row_ids)
        missing_channel = np.flatnonzero(channels < 0)
        if len(missing_channel):
            _fail("must be recorded for every dossier", "channel", None, row_ids, missing_channel)
        received_days = _days("received", received, n, optional=False, ids=row_ids)
        due_days = _days("due", due, n, optional=True, ids=row_ids)
        completed_days = _days("completed", completed, n, optional=True, ids=row_ids)
        for name, days in (("due", due_days), ("completed", completed_days)):
            early = np.flatnonzero(days < received_days)  # NaT compares False
            if len(early):
                _fail(
                    "cannot be before the day the dossier was received"
                    f" ({received_days[early[0]]})",
                    name,
                    str(days[early[0]]),
                    row_ids,
                    early,
                )
        return cls(
            procedure=codes,
            procedure_ids=names,
            received=received_days,
            channel=channels,
            payment=_enum_codes("payment", payment, Payment, n, row_ids),
            digitised=_flags("result_digitised", result_digitised, n, row_ids),
            due=due_days,
            completed=completed_days,
            province=province_codes,
            provinces=province_names,
            ids=row_ids,
        )

    @classmethod
    def from_records(cls, dossiers: Sequence[Dossier]) -> DossierTable:
        """A table of :class:`~industrial_policy.records.dossiers.Dossier` records."""
        channels = list(Channel)
        payments = list(Payment)
        n = len(dossiers)
        return cls.from_arrays(
            procedure=np.array([d.procedure_id for d in dossiers], dtype=object).astype(str)
            if n
            else np.zeros(0, dtype=np.int64),
            procedure_ids=() if not n else None,
            received=np.array([d.received for d in dossiers], dtype="datetime64[D]"),
            channel=np.array([channels.index(d.channel) for d in dossiers], dtype=np.int64),
            payment=np.array(
                [payments.index(d.payment) if d.payment is not None else -1 for d in dossiers],
                dtype=np.int64,
            ),
            result_digitised=np.array(
                [-1 if d.result_digitised is None else int(d.result_digitised) for d in dossiers],
                dtype=np.int64,
            ),
            due=np.array(
                [d.due if d.due is not None else _NAT for d in dossiers], dtype="datetime64[D]"
            ),
            completed=np.array(
                [d.completed if d.completed is not None else _NAT for d in dossiers],
                dtype="datetime64[D]",
            ),
            province=np.array([d.province or "" for d in dossiers], dtype=object) if n else None,
            ids=[d.id for d in dossiers],
        )

    @classmethod
    def from_table(cls, table: Table[Dossier]) -> DossierTable:
        """The engines' view of a dataset's dossier table: the same columns, recoded."""
        procedure = table.typed("procedure_id", CodedColumn).compact()
        province = table.typed("province", CodedColumn).compact()
        return cls(
            procedure=procedure.codes,
            procedure_ids=procedure.vocabulary,
            received=table.typed("received", DateColumn).days,
            channel=table.typed("channel", EnumColumn).codes,
            payment=table.typed("payment", EnumColumn).codes,
            digitised=table.typed("result_digitised", OptionalFlagColumn).codes,
            due=table.typed("due", DateColumn).days,
            completed=table.typed("completed", DateColumn).days,
            province=province.codes,
            provinces=province.vocabulary,
            ids=table.typed("id", TextColumn).strings,
        )

    def positions_in(self, index: dict[str, int]) -> IntArray:
        """For each of the table's procedures, its position in ``index`` (a dataset's order).

        Raises :class:`~industrial_policy.errors.InvalidValueError` naming
        the procedures the index does not hold.
        """
        positions = np.array([index.get(pid, -1) for pid in self.procedure_ids], dtype=np.int64)
        unknown = [pid for pid, at in zip(self.procedure_ids, positions, strict=True) if at < 0]
        if unknown:
            shown = ", ".join(repr(u) for u in unknown[:10])
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            raise InvalidValueError(
                f"the dossiers name procedures that are not in the dataset: {shown}{more}",
                value=unknown[0],
                field="procedure",
                record_type="DossierTable",
            )
        return positions
