"""A dataset as an Excel workbook: one sheet per kind of record, and a manifest sheet.

:func:`dump_workbook` writes one sheet per table the dataset holds, named like
the dataset's field (``zones``, ``parcels``, ``projects``, ``capital_events``...),
with the field names in row 1 and one record per row below, laid out as
:func:`industrial_policy.io.arrow.to_frames` lays out frames: areas as numbers
with a ``<field>_unit`` column, money with a ``<field>_currency`` column,
dates as Excel dates, sets as ``;``-joined text; a number that needs 17 significant
digits (a workbook keeps 16) as its exact text, which the readers read back. The
sheet ``manifest`` holds the dataset's name, description and sources, the format, and the evaluation
settings (``key`` and ``value`` columns); the sheet ``exchange_rates`` its
exchange rates. Text is always written as text, never as a formula.

:func:`load_workbook` reads such a workbook back (with python-calamine) to an
equal dataset. Writing needs the ``excel`` extra (XlsxWriter); reading it as well
(python-calamine).

>>> import tempfile, pathlib, industrial_policy as ip
>>> path = pathlib.Path(tempfile.mkdtemp()) / "quang-nam.xlsx"
>>> ds = ip.examples.load("quang-nam-2024")
>>> dump_workbook(ds, path)
>>> load_workbook(path) == ds
True
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path
from typing import Any

from industrial_policy.columnar.problems import Where
from industrial_policy.dataset import Dataset
from industrial_policy.errors import FileFormatError, Problem
from industrial_policy.extras import needs
from industrial_policy.io.arrow import CHILD_TABLES, KINDS, from_frames, to_arrow
from industrial_policy.io.converter import converter
from industrial_policy.io.folder import FORMAT_ID, NOTATION, dataset_field

__all__ = ["MANIFEST_SHEET", "RATES_SHEET", "dump_workbook", "load_workbook"]

MANIFEST_SHEET = "manifest"
"""The sheet of the dataset's metadata: ``key`` and ``value`` columns."""
RATES_SHEET = "exchange_rates"
"""The sheet of the dataset's exchange rates: one rate per row."""

EXCEL_ROWS = 1_048_576
"""The most rows a sheet holds, the header row included."""
_LONGEST_TEXT = 32_767


def _xlsxwriter() -> Any:
    with needs("writing .xlsx workbooks", extra="excel", package="XlsxWriter"):
        import xlsxwriter
    return xlsxwriter


def _calamine() -> Any:
    with needs("reading .xlsx workbooks", extra="excel"):
        import python_calamine
    return python_calamine


# -- writing ----------------------------------------------------------------------------------


def _cells(column: Any) -> list[Any]:
    """A column's values as the cells of a sheet: text for dictionary columns, ``;``-joined
    text for lists."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        column = column.cast(pa.string())
    elif pa.types.is_list(column.type):
        column = pc.binary_join(column.cast(pa.list_(pa.string())), ";")
    return column.to_pylist()  # type: ignore[no-any-return]


def _manifest_rows(dataset: Dataset) -> list[tuple[str, str]]:
    rows = [("format", FORMAT_ID), ("notation", NOTATION.value)]
    if dataset.name:
        rows.append(("name", dataset.name))
    if dataset.description:
        rows.append(("description", dataset.description))
    rows.extend(("source", source) for source in dataset.sources)
    if dataset.evaluation is not None:
        plain = converter().unstructure(dataset.evaluation)
        text = json.dumps(plain, ensure_ascii=False, default=_iso)
        rows.append(("evaluation", text))
    return rows


def _iso(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")  # pragma: no cover


def dump_workbook(dataset: Dataset, path: str | os.PathLike[str]) -> None:
    """Write ``dataset`` to an ``.xlsx`` workbook that :func:`load_workbook` reads back equal."""
    xlsxwriter = _xlsxwriter()
    tables = to_arrow(dataset, unit_columns=True)
    too_long = [name for name, table in tables.items() if table.num_rows >= EXCEL_ROWS]
    if too_long:
        raise FileFormatError(
            [
                Problem(name, f"{tables[name].num_rows:,} rows do not fit in a sheet"
                        f" (at most {EXCEL_ROWS - 1:,}): write a folder of Parquet files")
                for name in too_long
            ],
            source=str(path),
        )  # fmt: skip
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    try:
        day = workbook.add_format({"num_format": "yyyy-mm-dd"})
        bold = workbook.add_format({"bold": True})
        for name, table in tables.items():
            sheet = workbook.add_worksheet(name)
            for index, field in enumerate(table.schema):
                sheet.write_string(0, index, field.name, bold)
                _write_column(sheet, index, _cells(table.column(index)), day, name, field.name)
            sheet.freeze_panes(1, 0)
        rates = converter().unstructure(dataset.exchange_rates)
        if rates:
            sheet = workbook.add_worksheet(RATES_SHEET)
            keys = list(dict.fromkeys(key for rate in rates for key in rate))
            for index, key in enumerate(keys):
                sheet.write_string(0, index, key, bold)
                _write_column(sheet, index, [r.get(key) for r in rates], day, RATES_SHEET, key)
        sheet = workbook.add_worksheet(MANIFEST_SHEET)
        sheet.write_string(0, 0, "key", bold)
        sheet.write_string(0, 1, "value", bold)
        for row, (key, value) in enumerate(_manifest_rows(dataset), start=1):
            sheet.write_string(row, 0, key)
            sheet.write_string(row, 1, value)
    finally:
        workbook.close()


def _write_column(
    sheet: Any, index: int, cells: list[Any], day: Any, name: str, column: str
) -> None:
    for row, value in enumerate(cells, start=1):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, bool):
            sheet.write_boolean(row, index, value)
        elif isinstance(value, int | float) and float(f"{value:.16G}") == value:
            sheet.write_number(row, index, value)
        elif isinstance(value, float):
            # Workbooks keep 16 significant digits, and a float may need 17: its exact text.
            sheet.write_string(row, index, repr(value))
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, index, dt.datetime.combine(value, dt.time()), day)
        else:
            text = str(value)
            if len(text) > _LONGEST_TEXT:
                raise FileFormatError(
                    [Problem(f"{name} row {row + 1}, column {column!r}",
                             f"a cell holds at most {_LONGEST_TEXT:,} characters", text[:40])]
                )  # fmt: skip
            sheet.write_string(row, index, text)


# -- reading ----------------------------------------------------------------------------------


def _column(values: list[Any]) -> Any:
    """A sheet's column as an Arrow array: booleans, numbers or dates where every cell is
    one, else text."""
    import pyarrow as pa

    cells = [None if v == "" else v for v in values]
    present = [v for v in cells if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pa.array(cells, type=pa.bool_())
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.array([None if v is None else float(v) for v in cells], type=pa.float64())
    if present and all(isinstance(v, dt.date) for v in present):
        days = [
            v.date() if isinstance(v, dt.datetime) and v.time() == dt.time() else v for v in cells
        ]
        if all(not isinstance(v, dt.datetime) for v in days):
            return pa.array(days, type=pa.date32())
    return pa.array([None if v is None else _text(v) for v in cells], type=pa.string())


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sheet_table(rows: list[list[Any]]) -> Any:
    import pyarrow as pa

    if not rows:
        return pa.table({})
    header = [str(name) for name in rows[0]]
    width = len(header)
    body = [row + [""] * (width - len(row)) for row in rows[1:]]
    while body and all(cell == "" for cell in body[-1]):
        body.pop()
    columns = {name: _column([row[i] for row in body]) for i, name in enumerate(header) if name}
    return pa.table(columns)


def load_workbook(path: str | os.PathLike[str]) -> Dataset:
    """The dataset in an ``.xlsx`` workbook written by :func:`dump_workbook`."""
    calamine = _calamine()
    source = str(path)
    try:
        workbook = calamine.CalamineWorkbook.from_path(source)
    except Exception as exc:  # the file is no workbook: calamine's own words
        raise FileFormatError(
            [Problem("", f"cannot be read as a workbook: {exc}")], source=source
        ) from None
    names = list(workbook.sheet_names)
    frames: dict[str, Any] = {}
    places: dict[str, Where] = {}
    for name in names:
        if name in KINDS or name in CHILD_TABLES:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            frames[name] = _sheet_table(rows)
            places[name] = Where(source=f"{Path(source).name}, sheet {name!r}", first_row=2)
    fields = _manifest_fields(workbook, names, source)
    return from_frames(frames, notation=NOTATION, places=places, **fields)


def _manifest_fields(workbook: Any, names: list[str], source: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    if RATES_SHEET in names:
        table = _sheet_table(workbook.get_sheet_by_name(RATES_SHEET).to_python())
        rates = [
            {key: (value.isoformat() if isinstance(value, dt.date) else value)
             for key, value in row.items() if value is not None}
            for row in table.to_pylist()
        ]  # fmt: skip
        fields["exchange_rates"] = dataset_field("exchange_rates", rates, RATES_SHEET, problems)
    if MANIFEST_SHEET in names:
        rows = workbook.get_sheet_by_name(MANIFEST_SHEET).to_python()[1:]
        sources = []
        for row in rows:
            key, value = [*list(row), "", ""][:2]
            if key == "format" and value != FORMAT_ID:
                problems.append(
                    Problem("manifest.format", f"this library reads {FORMAT_ID!r}", value)
                )
            elif key in ("name", "description"):
                fields[key] = value or None
            elif key == "source":
                sources.append(value)
            elif key == "evaluation":
                try:
                    plain = json.loads(value)
                except ValueError as exc:
                    problems.append(Problem("manifest.evaluation", f"not valid JSON: {exc}", value))
                    continue
                path = f"{MANIFEST_SHEET}.evaluation"
                fields["evaluation"] = dataset_field("evaluation", plain, path, problems)
        fields["sources"] = sources
    if problems:
        raise FileFormatError(problems, source=source)
    return fields
