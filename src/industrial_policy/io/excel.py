"""Excel workbooks in (``.xlsx``, ``.xls``, ``.ods``), read by python-calamine.

One sheet per table: a sheet named like the table (``zones``, ``parcels``),
or the sheet the mapping names (``sheet = "Khu công nghiệp"``). The header
row is the mapping's ``header_row``, or found: the first of the sheet's
first rows that holds the mapped column names (or, with no mapping, the first
row whose cells are all text and as many as any row's), so a title row above
the header is skipped. Each column becomes a typed column of a native frame:
numbers, dates, booleans, text; a column mixing numbers and text (a figure
typed as "6.418" beside numbers) becomes text, its numbers written so that
every notation reads them alike. A cell that holds a formula error
(``#REF!``, ``#VALUE!``, ``#N/A``...), a date where a number belongs and a
number where a date belongs are problems named by sheet, cell (``D7``),
column and value.

python-calamine reads a formula error as an empty cell (its issue #105): the
sheet's XML is scanned for error cells (``t="e"``) so that none passes for a
missing value. Needs the ``excel`` extra (python-calamine, narwhals, pyarrow).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import numpy as np

from industrial_policy.columnar import Form
from industrial_policy.errors import Problem, TableError
from industrial_policy.extras import needs
from industrial_policy.io.located import column_letter

__all__ = ["Sheet", "formula_errors", "number_text", "open_workbook", "sheet_frame"]

_CELL_ERROR = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)([0-9]+)"[^>]*?\bt="e"[^>]*>(.*?)</c>', re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_ERROR_TEXTS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")


def _calamine() -> Any:
    with needs("reading Excel workbooks", extra="excel"):
        import python_calamine
    return python_calamine


def open_workbook(path: Path) -> Any:
    """The workbook at ``path``, or a :class:`TableError` saying why it cannot be read."""
    calamine = _calamine()
    source = str(path)
    if not path.is_file():
        message = "is a directory, not a workbook" if path.is_dir() else "no such file"
        raise TableError([Problem(source, message)], source=source)
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise TableError(
            [Problem(source, f"cannot be read as a workbook: {str(exc).strip() or exc!r}")],
            source=source,
        ) from None


def formula_errors(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """The cells of ``sheet`` that hold a formula error, by (row, column) from 0, with the
    error's text; empty for a workbook that is no ``.xlsx`` zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            targets = {
                r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)
            }
            target = None
            for element in workbook.iterfind("m:sheets/m:sheet", _NS):
                if element.get("name") == sheet:
                    target = targets.get(element.get(f"{{{_NS['r']}}}id"))
            if not target:
                return {}
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            data = archive.read(str(PurePosixPath(member)))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}
    if b't="e"' not in data:
        return {}
    found: dict[tuple[int, int], str] = {}
    for match in _CELL_ERROR.finditer(data):
        letters, row, body = match.groups()
        value = _VALUE.search(body)
        text = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
        column = 0
        for char in letters.decode():
            column = column * 26 + ord(char) - 64
        found[(int(row) - 1, column - 1)] = text
    return found


def number_text(value: float) -> str:
    """A number as text that every notation reads as the same number: whole numbers as
    digits, others as digits and a power of ten (``6.418`` is ``6418e-3``)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    sign, digits, exponent = Decimal(repr(float(value))).as_tuple()
    if not isinstance(exponent, int):
        return repr(value)
    return f"{'-' if sign else ''}{''.join(map(str, digits))}e{exponent}"


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Sheet:
    """One sheet's cells (every row from ``A1``), with its formula errors."""

    def __init__(self, workbook: Any, name: str, path: Path) -> None:
        self.name = name
        self.source = f"{path}, sheet {name!r}"
        sheet = workbook.get_sheet_by_name(name)
        self.rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
        self.errors = formula_errors(path, name)
        for row, column in self.errors:
            if row < len(self.rows) and column < len(self.rows[row]):
                self.rows[row][column] = None  # calamine reads an error as ""
        self.merged = list(getattr(sheet, "merged_cell_ranges", None) or [])

    def head(self, count: int = 30) -> list[list[str]]:
        """The first rows as text, for finding the header row."""
        return [["" if _is_blank(v) else str(v).strip() for v in row] for row in self.rows[:count]]


def _cells(values: list[Any], form: Form | None) -> tuple[str, list[Any]]:
    """A column's values as one type the frame holds: 'float', 'bool', 'date',
    'datetime' or 'text' (numbers and dates in a mixed column written as text)."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {float, int}:
        return "float", values
    if kinds <= {bool}:
        return "bool", values
    if kinds <= {dt.date}:
        return "date", values
    if kinds <= {dt.date, dt.datetime}:
        return "datetime", values
    text = form in (Form.ID, Form.TEXT, Form.CODED, Form.ENUM, Form.ENUM_SET, None)
    out: list[Any] = []
    for v in values:
        if v is None or isinstance(v, str):
            out.append(v)
        elif isinstance(v, bool):
            out.append("true" if v else "false")
        elif isinstance(v, int | float):
            out.append(str(int(v)) if float(v).is_integer() and text else number_text(v))
        elif isinstance(v, dt.datetime) and v.time() == dt.time(0):
            out.append(v.date().isoformat())
        elif isinstance(v, dt.date | dt.datetime):
            out.append(v.isoformat())
        else:
            out.append(str(v))
    return "text", out


def sheet_frame(
    sheet: Sheet,
    header: int,
    forms: Callable[[Sequence[str]], Mapping[str, Form | None]],
) -> tuple[Any, dict[str, str], list[Problem], tuple[int, ...], int]:
    """The sheet below its header row (``header`` from 1) as a pyarrow table; the letter
    of each column; the problems of its cells (formula errors, a date where a number
    belongs, a number where a date belongs); each data row's number; and how many blank
    rows in the middle were skipped (blank rows at the end are dropped)."""
    import pyarrow as pa

    rows = sheet.rows
    width = max((len(r) for r in rows), default=0)
    header_cells = rows[header - 1] if header - 1 < len(rows) else []
    names: list[str] = []
    indexes: list[int] = []
    problems: list[Problem] = []
    body = rows[header:]
    numbers = list(range(header + 1, header + 1 + len(body)))
    # A row is blank when no cell holds anything, a formula error included.
    erring = {row for row, _ in sheet.errors}
    blank = [
        all(_is_blank(v) for v in row) and header + i not in erring for i, row in enumerate(body)
    ]
    while blank and blank[-1]:
        blank.pop()
        body = body[:-1]
        numbers.pop()
    skipped = sum(blank)
    keep = [i for i, b in enumerate(blank) if not b]
    body = [body[i] for i in keep]
    numbers = [numbers[i] for i in keep]
    for index in range(width):
        name = header_cells[index] if index < len(header_cells) else None
        data_present = any(index < len(r) and not _is_blank(r[index]) for r in body)
        if _is_blank(name):
            if data_present:
                problems.append(
                    Problem(
                        f"{sheet.source}, column {column_letter(index)}",
                        f"has values but no header in row {header}: name the column",
                    )
                )
            continue
        text = number_text(name) if isinstance(name, float) else str(name).strip()
        if text in names:
            problems.append(
                Problem(
                    f"{sheet.source}, cell {column_letter(index)}{header}",
                    f"a second column named {text!r}",
                    text,
                )
            )
            continue
        names.append(text)
        indexes.append(index)
    letters = {name: column_letter(i) for name, i in zip(names, indexes, strict=True)}
    form_of = forms(names)
    errors = sheet.errors
    body_rows = [header + i for i in keep]  # positions of the kept rows in sheet.rows
    arrays: dict[str, Any] = {}
    for name, index in zip(names, indexes, strict=True):
        if name not in form_of:
            continue  # a column the mapping ignores
        form = form_of[name]
        values = [None if index >= len(r) or _is_blank(r[index]) else r[index] for r in body]
        address = letters[name]
        for position, sheet_row in enumerate(body_rows):
            error = errors.get((sheet_row, index))
            reason = (
                f"the cell holds a formula error {error}"
                if error
                else _refused(values[position], form)
            )
            if reason is not None:
                shown = error if error else values[position]
                problems.append(
                    _cell_problem(sheet, address, numbers[position], name, reason, shown)
                )
                values[position] = None
        kind, cells = _cells(values, form)
        if kind == "float":
            arrays[name] = pa.array(
                np.array([np.nan if v is None else float(v) for v in cells], dtype=np.float64),
                from_pandas=True,
            )
        elif kind == "bool":
            arrays[name] = pa.array(cells, type=pa.bool_())
        elif kind == "date":
            arrays[name] = pa.array(cells, type=pa.date32())
        elif kind == "datetime":
            arrays[name] = pa.array(cells, type=pa.timestamp("us"))
        else:
            arrays[name] = pa.array(cells, type=pa.string())
    if not arrays:
        frame = pa.table({"__rows__": pa.nulls(len(body))}).drop_columns(["__rows__"])
    else:
        frame = pa.table(arrays)
    return frame, letters, problems, tuple(numbers), skipped


_NUMBER_FORMS = (Form.AREA, Form.MONEY, Form.INT)


def _refused(value: object, form: Form | None) -> str | None:
    """Why a cell cannot stand in a column of ``form``, or ``None``: an error's text (a
    sheet that keeps it as text), a date where a number belongs, a number where a date
    belongs, a number that is not finite."""
    if isinstance(value, str) and value.strip() in _ERROR_TEXTS:
        return f"the cell holds a formula error {value.strip()}"
    if form in _NUMBER_FORMS and isinstance(value, dt.date):
        return "a date where a number belongs"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if form is Form.DATE:
        return "a number where a date belongs (format the cell as a date, or write the date)"
    if not math.isfinite(value):
        return "not a finite number"
    return None


def _cell_problem(
    sheet: Sheet, letter: str, row: int, column: str, reason: str, value: object
) -> Problem:
    return Problem(
        f"{sheet.source}, cell {letter}{row} (row {row}, column {column!r})",
        f"{reason}, got {value!r}",
        value,
        row=row,
        column=column,
    )
