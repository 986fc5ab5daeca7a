"""Where a table's rows come from, and the problems found in them, named and capped.

Every problem in a table names the place (file, sheet), the row as the user
counts it, the user's column, the record and the value. A million bad rows
must not make a million messages: :class:`Problems` keeps the first
:data:`MAX_KEPT` and counts the rest, and the error says how many there are.

>>> where = Where(source="parcels.csv", first_row=2, columns={"area": "area_ha"})
>>> problems = Problems(where, "Parcel")
>>> problems.add("area", [3], "an area must not be negative", ["-5"], ["p-4"])
>>> print(problems.error())
invalid table in parcels.csv: 1 problem
  - parcels.csv row 5, column 'area_ha': an area must not be negative, got '-5' (Parcel 'p-4')

Rows read from a document's list of tables (a dataset file) are named by their
path in it instead, in the ``"index"`` style:

>>> problems = Problems(Where(source="parcels", style="index"), "Parcel")
>>> problems.add("area", [3], "an area must not be negative", ["-5"], ["p-4"])
>>> print(problems.kept[0])
parcels[3].area: an area must not be negative, got '-5' (Parcel 'p-4')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import attrs

from industrial_policy.columnar.column import IntArray
from industrial_policy.errors import Problem, TableError, short_repr

__all__ = ["MAX_KEPT", "Problems", "Where"]

MAX_KEPT = 1000
"""How many problems a table read keeps; the others are counted."""


@attrs.frozen
class Where:
    """Where a table's rows come from, for messages.

    ``source`` names the file (and sheet) or frame; ``first_row`` is the
    number the user gives the first data row (2 in a CSV file or a sheet with
    a header row, 0 in a frame); ``columns`` maps a field to the user's
    column name where they differ.

    The ``"row"`` style names a place as ``parcels.csv row 12, column 'area'``;
    the ``"index"`` style, for rows read from a document's list of tables, by
    its path: ``parcels[12].area``. There ``paths`` gives the path of the record
    at a position when it is not ``source[first_row + position]``: a nested
    record (``projects[3].capital_events[1]``), or rows read apart from others.
    """

    source: str = "table"
    first_row: int = 0
    columns: Mapping[str, str] = attrs.field(factory=dict)
    style: Literal["row", "index"] = "row"
    paths: Callable[[int], str] | None = None

    def column(self, field: str) -> str:
        """The user's name of the column that gives ``field``."""
        return self.columns.get(field, field)

    def row(self, position: int) -> int:
        """The number the user gives the row at ``position``."""
        return self.first_row + position

    def place(self, position: int, field: str | None) -> str:
        """The place of ``field`` (or of the whole row) in the row at ``position``."""
        column = self.column(field) if field is not None else None
        if self.style == "index":
            record = (
                self.paths(position)
                if self.paths is not None
                else f"{self.source}[{self.row(position)}]"
            )
            return f"{record}.{column}" if column else record
        place = f"{self.source} row {self.row(position)}"
        return place + (f", column {column!r}" if column else "")


class Problems:
    """The problems found reading one table: the first :data:`MAX_KEPT`, and a count."""

    def __init__(self, where: Where, kind: str) -> None:
        self.where = where
        self.kind = kind
        self.kept: list[Problem] = []
        self.count = 0
        self.table_wide = False  # a problem of the whole table (a column missing)
        self.rows: set[int] = set()  # the positions of the rows with a problem

    def __bool__(self) -> bool:
        return self.count > 0

    def add(
        self,
        field: str | None,
        rows: Sequence[int] | IntArray,
        reason: str | Sequence[str],
        values: Sequence[object],
        ids: Sequence[str | None] | None = None,
    ) -> None:
        """One problem per row of ``rows`` (positions), with each row's value and id;
        ``reason`` is one for all the rows, or one per row."""
        self.count += len(rows)
        self.rows.update(int(row) for row in rows)
        room = MAX_KEPT - len(self.kept)
        if room <= 0:
            return
        where = self.where
        column = where.column(field) if field is not None else None
        numbered = where.style == "row"
        for index, position in enumerate(list(rows)[:room]):
            value = values[index]
            record = ids[index] if ids is not None else None
            why = reason if isinstance(reason, str) else reason[index]
            who = f" ({self.kind} {record!r})" if record is not None else ""
            self.kept.append(
                Problem(
                    where.place(int(position), field),
                    f"{why}, got {short_repr(value)}{who}",
                    value,
                    row=where.row(int(position)) if numbered else None,
                    column=column,
                    record_id=record,
                )
            )

    def add_table(self, reason: str, value: object = None) -> None:
        """A problem of the whole table (a column missing), not of a row."""
        self.count += 1
        self.table_wide = True
        if len(self.kept) < MAX_KEPT:
            self.kept.append(Problem(self.where.source, reason, value))

    def error(self) -> TableError:
        error = TableError(self.kept, source=self.where.source, total=self.count)
        error.failed_rows = frozenset(self.rows)
        return error

    def raise_if_any(self) -> None:
        if self.count:
            raise self.error()
