"""Helpers of the table tests: a dataset's records as the tables a user holds, and writers
of those tables to CSV, Parquet and Excel files."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

import industrial_policy as ip
from industrial_policy.columnar import Form, schema_of
from industrial_policy.money import Money
from industrial_policy.units import unit_name

KINDS = {"zones": ip.Zone, "parcels": ip.Parcel, "projects": ip.Project}
CHILD_KINDS = {"capital_events": ip.CapitalEvent, "production_values": ip.ProductionValue}


def _cell(value: Any, form: Form) -> Any:
    if value is None:
        return None
    if form is Form.ENUM:
        return value.value
    if form is Form.ENUM_SET:
        return ";".join(sorted(member.value for member in value)) or None
    if isinstance(value, Money):
        return f"{value.amount} {value.currency}"
    if isinstance(value, enum.Enum):
        return value.value
    return value


def rows_of(
    kind: type[Any], records: Iterable[Any], parent: str | None = None
) -> list[dict[str, Any]]:
    """Records as rows: each field by name; an area as its magnitude and a ``<field>_unit``
    column; money as text with its currency; a choice as its value; a set as ``a;b``."""
    rows = []
    for item in records:
        record, owner = item if parent else (item, None)
        row: dict[str, Any] = {} if parent is None else {parent: owner}
        for spec in schema_of(kind).fields:
            form = spec.form.form
            if form is Form.NESTED:
                continue
            value = getattr(record, spec.name)
            if form is Form.AREA:
                row[spec.name] = None if value is None else float(value.magnitude)
                row[f"{spec.name}_unit"] = None if value is None else unit_name(value)
            else:
                row[spec.name] = _cell(value, form)
        rows.append(row)
    return rows


def mapping_of(kind: type[Any]) -> dict[str, Any]:
    """The mapping that reads :func:`rows_of` back: each area's unit from its column."""
    units = {
        spec.name: {"column": f"{spec.name}_unit"}
        for spec in schema_of(kind).fields
        if spec.form.form is Form.AREA
    }
    return {"units": units} if units else {}


_TYPES = {
    Form.FLAG: pa.bool_(),
    Form.OPTIONAL_FLAG: pa.bool_(),
    Form.INT: pa.int64(),
    Form.DATE: pa.date32(),
    Form.AREA: pa.float64(),
}


def arrow_of(kind: type[Any], rows: list[dict[str, Any]], parent: str | None = None) -> pa.Table:
    """Rows as an Arrow table with a type for every column (text where nothing else fits)."""
    forms = {spec.name: spec.form.form for spec in schema_of(kind).fields}
    names = (
        list(rows[0])
        if rows
        else [parent] * bool(parent) + [n for n, f in forms.items() if f is not Form.NESTED]
    )
    if not rows:
        extra = [f"{n}_unit" for n, f in forms.items() if f is Form.AREA]
        names = [n for n in names if n] + extra
    columns = {}
    for name in names:
        values = [row.get(name) for row in rows]
        columns[name] = pa.array(values, type=_TYPES.get(forms.get(name), pa.string()))  # type: ignore[arg-type]
    return pa.table(columns)


def tables_of(ds: ip.Dataset) -> dict[str, pa.Table]:
    """The zones, parcels and projects of ``ds``, and the projects' capital events and
    production values, as Arrow tables."""
    tables = {
        name: arrow_of(kind, rows_of(kind, getattr(ds, name))) for name, kind in KINDS.items()
    }
    for name, kind in CHILD_KINDS.items():
        children = [
            (child, project.id) for project in ds.projects for child in getattr(project, name)
        ]
        tables[name] = arrow_of(kind, rows_of(kind, children, parent="project_id"), "project_id")
    return tables


def mappings() -> dict[str, Any]:
    return {name: mapping_of(kind) for name, kind in {**KINDS, **CHILD_KINDS}.items()}


def land_of(ds: ip.Dataset) -> ip.Dataset:
    """The zones, parcels and projects of ``ds`` alone."""
    return ip.Dataset(zones=ds.zones, parcels=ds.parcels, projects=ds.projects)


# -- files --------------------------------------------------------------------------------


def write_csv(tables: Mapping[str, pa.Table], folder: Path, *, delimiter: str = ",",
              bom: bool = False) -> dict[str, Path]:  # fmt: skip
    """Every table as a CSV file (with polars, as an analyst's export)."""
    import polars as pl

    paths = {}
    for name, table in tables.items():
        path = paths[name] = folder / f"{name}.csv"
        text = pl.from_arrow(table).write_csv(separator=delimiter)  # type: ignore[union-attr]
        path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return paths


def write_parquet(tables: Mapping[str, pa.Table], folder: Path) -> dict[str, Path]:
    paths = {}
    for name, table in tables.items():
        paths[name] = folder / f"{name}.parquet"
        pq.write_table(table, paths[name])
    return paths


def excel_floats(tables: Mapping[str, pa.Table]) -> dict[str, pa.Table]:
    """The tables with every float to 15 significant digits, as a workbook keeps them (the
    writer drops the 17th digit)."""
    out = {}
    for name, table in tables.items():
        for index, field in enumerate(table.schema):
            if pa.types.is_floating(field.type):
                rounded = [
                    None if v is None else float(f"{v:.15g}") for v in table[index].to_pylist()
                ]
                table = table.set_column(index, field.name, pa.array(rounded, pa.float64()))
        out[name] = table
    return out


def write_cell(sheet: Any, row: int, column: int, value: Any, day: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, float(value))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), day)
    else:
        sheet.write_string(row, column, str(value))


def write_xlsx(tables: Mapping[str, pa.Table], path: Path, *, title: bool = False) -> Path:
    """Every table as a sheet named like it (a title row above the header with ``title``)."""
    workbook = xlsxwriter.Workbook(path)
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for name, table in tables.items():
        sheet = workbook.add_worksheet(name)
        top = 2 if title else 0
        if title:
            sheet.write_string(0, 0, f"Bảng {name} (minh hoạ)")
        for column, header in enumerate(table.column_names):
            sheet.write_string(top, column, header)
        for column, values in enumerate(table.columns):
            for row, value in enumerate(values.to_pylist(), start=top + 1):
                write_cell(sheet, row, column, value, day)
    workbook.close()
    return path
