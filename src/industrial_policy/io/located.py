"""Where a file's rows and cells are, as its user sees them: row numbers, cell addresses.

A table read from a file names each problem by the row the spreadsheet shows
(the header is row 1, the first data row row 2), the column's header and, in
a sheet, the cell's address (``D7``). :class:`Located` is the
:class:`~industrial_policy.columnar.problems.Where` of such a table: it keeps
the row numbers of the rows read when blank rows were skipped, and the letter
of each column; :func:`relocate` names a problem's cell.

>>> where = Located(source="parks.xlsx, sheet 'KCN'", numbers=(3, 4, 6), letters={"name": "B"})
>>> where.row(2)
6
>>> from industrial_policy.errors import Problem
>>> print(relocate(Problem("x", "is required, got None", row=6, column="name"), where))
parks.xlsx, sheet 'KCN', cell B6 (row 6, column 'name'): is required, got None
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

from industrial_policy.columnar.problems import Where
from industrial_policy.errors import Problem

__all__ = ["Located", "column_letter", "relocate", "relocate_all"]


def column_letter(index: int) -> str:
    """The letters of the column at ``index`` (0 is ``A``, 26 is ``AA``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@attrs.frozen
class Located(Where):
    """A :class:`Where` with the row number of each position (when rows were skipped)
    and the letter of each user column (in a sheet)."""

    numbers: tuple[int, ...] | None = None
    letters: Mapping[str, str] = attrs.field(factory=dict)

    def row(self, position: int) -> int:
        if self.numbers is not None and 0 <= position < len(self.numbers):
            return self.numbers[position]
        return super().row(position)


_TABLE_PATH = re.compile(r"^(?P<field>[a-z_]+)\[(?P<row>[0-9]+)\](?P<rest>.*)$")


def relocate(problem: Problem, where: Where) -> Problem:
    """``problem`` (found in a table read from ``where``) named by cell, where known."""
    if problem.row is None or problem.column is None:
        return problem
    letters = getattr(where, "letters", {})
    letter = letters.get(problem.column)
    if letter is None:
        return problem
    return attrs.evolve(
        problem,
        path=f"{where.source}, cell {letter}{problem.row}"
        f" (row {problem.row}, column {problem.column!r})",
    )


def relocate_all(problems: Iterable[Problem], wheres: Mapping[str, Where]) -> list[Problem]:
    """Problems of a dataset (``parcels[3].zone_id``, row = position 3) named by the
    file, row and column each table was read from (``wheres`` by dataset field)."""
    moved = []
    for problem in problems:
        match = _TABLE_PATH.match(problem.path)
        where = wheres.get(match.group("field")) if match else None
        if match is None or where is None:
            moved.append(problem)
            continue
        position = int(match.group("row"))
        field = problem.column
        if field is None and match.group("rest").startswith("."):
            field = match.group("rest")[1:].split(".")[0].split("[")[0] or None
        row = where.row(position)
        column = where.column(field) if field else None
        place = f"{where.source} row {row}" + (f", column {column!r}" if column else "")
        located = attrs.evolve(problem, path=place, row=row, column=column)
        moved.append(relocate(located, where))
    return moved
