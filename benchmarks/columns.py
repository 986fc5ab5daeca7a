"""The synthetic datasets of ``generate.py``, drawn directly as columns.

The same shapes, seeds and random draws as :mod:`benchmarks.generate` (zones
with economic-zone parents and clusters; parcels leased, vacant and reserved
with categories, lease dates and tenant projects; projects with capital events
in VND, USD and JPY; dossiers over procedures and provinces), but as one numpy
array per column, never one Python object per record: a million parcels take
well under a second. Two additions: a share of leases have an end date, and
projects have yearly production values; both are drawn after every draw of
``generate.py``, so the other columns match it value for value.

Column names are the library's field names, areas in hectares named ``*_ha``;
enum columns hold the library's values as text (``"leased"``, ``"hi_tech"``).
In numpy, text is ``StringDType`` (``None`` where missing), dates
``datetime64[D]`` (``NaT``), numbers float64 or int64, booleans that may be
missing carry a ``valid`` mask, and list columns (a project's categories) are
:class:`ListColumn` offsets and values, as in Arrow.

The converters give what an analyst has after reading the tables: Arrow
tables with plain ``string`` columns (never dictionary-encoded), polars frames
from them, and pandas frames (pandas' ``str`` text, ``datetime64`` dates,
nullable ``boolean``, Arrow lists). The writers give Parquet files and CSV as
an analyst would have it: ids as text, areas as plain numbers, ISO dates,
categories joined by ``;``.

Nothing here is a real figure: the records are illustrative.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs
import numpy as np
import pyarrow as pa

from benchmarks.generate import CURRENCIES, PROVINCES, STATUS_NAMES, exchange_rates

TEXT = np.dtypes.StringDType(na_object=None)
Kind = Literal["arrow", "polars", "pandas", "numpy"]

DAY0 = np.datetime64("2010-01-01", "D")
CATEGORY_VALUES = ("hi_tech", "supporting_industry", "other", None)  # generate.CATEGORY_NAMES
TENANT_CATEGORIES = (("hi_tech",), ("supporting_industry",), ())
INDUSTRIAL_KINDS = (  # ZoneKind values that are industrial zones (not clusters, not EZs)
    "industrial_park",
    "export_processing_zone",
    "hi_tech_park",
    "supporting_industry_park",
    "specialised_park",
    "eco_industrial_park",
)


@attrs.frozen
class ListColumn:
    """A column of lists of text: row ``i`` is ``values[offsets[i]:offsets[i + 1]]``."""

    offsets: np.ndarray[Any, Any]
    values: np.ndarray[Any, Any]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def cycle(cls, patterns: Sequence[Sequence[str]], rows: int) -> ListColumn:
        """Row ``i`` holds ``patterns[i % len(patterns)]``."""
        lengths = np.array([len(p) for p in patterns])[np.arange(rows) % len(patterns)]
        offsets = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = [v for p in patterns for v in p]
        starts = np.cumsum([0] + [len(p) for p in patterns])[:-1]
        pattern = (np.arange(rows) % len(patterns))[np.repeat(np.arange(rows), lengths)]
        within = np.arange(offsets[-1]) - np.repeat(offsets[:-1], lengths)
        values = np.array(flat or [""], dtype=TEXT)[starts[pattern] + within]
        return cls(offsets, values)


@attrs.frozen
class Table:
    """One table as numpy columns (see the module's docstring for the types).

    ``valid`` holds a mask for each boolean column that may be missing.
    """

    columns: dict[str, Any]
    valid: dict[str, np.ndarray[Any, Any]] = attrs.field(factory=dict)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    def __getitem__(self, name: str) -> Any:
        return self.columns[name]

    def to_arrow(self) -> pa.Table:
        return pa.table(
            {name: _arrow(value, self.valid.get(name)) for name, value in self.columns.items()}
        )


Tables = dict[str, Table]


def _arrow(value: Any, valid: np.ndarray[Any, Any] | None) -> pa.Array:
    if isinstance(value, ListColumn):
        return pa.ListArray.from_arrays(
            pa.array(value.offsets.astype(np.int32)), pa.array(value.values)
        )
    if valid is not None:
        return pa.array(value, mask=~valid)
    if value.dtype.kind == "M":
        return pa.array(value, mask=np.isnat(value))
    if value.dtype.kind == "f":
        return pa.array(value, mask=np.isnan(value))
    return pa.array(value)


def _text(prefix: str, numbers: np.ndarray[Any, Any], width: int = 0) -> np.ndarray[Any, Any]:
    """``prefix`` followed by each number (zero-padded to ``width``), as text."""
    digits = numbers.astype(TEXT)
    if width:
        digits = np.strings.zfill(digits, width)
    return np.strings.add(np.array(prefix, dtype=TEXT), digits)


def _pick(vocabulary: Sequence[str | None], codes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.array(vocabulary, dtype=TEXT)[codes]


# --- land ---------------------------------------------------------------------------------


def zone_table(count: int) -> Table:
    """The zones of ``generate._zones(count)``: one economic zone per province (``ez0``...),
    then ``z0``... clusters (three in five), parks (a third inside an economic zone) and
    export-processing zones."""
    ez = len(PROVINCES)
    i = np.arange(count)
    cluster = np.isin(i % 5, (0, 1, 2))
    kind = np.where(cluster, 0, np.where(i % 50 == 3, 1, 2))
    has_parent = ~cluster & (i % 3 == 0)
    parent = _text("ez", i % ez)
    parent[~has_parent] = None
    province = np.concatenate([np.arange(ez), i % ez])
    district = np.concatenate([np.full(ez, None, dtype=TEXT), _text("Huyện ", i % 11)])
    return Table(
        {
            "id": np.concatenate([_text("ez", np.arange(ez)), _text("z", i)]),
            "name": np.concatenate([_text("KKT ", np.arange(ez)), _text("Zone ", i)]),
            "kind": np.concatenate(
                [
                    np.full(ez, "economic_zone", dtype=TEXT),
                    _pick(
                        ("industrial_cluster", "export_processing_zone", "industrial_park"), kind
                    ),
                ]
            ),
            "province": _pick(PROVINCES, province),
            "district": district,
            "total_area_ha": np.concatenate([np.full(ez, 1e7), np.full(count, 1000.0)]),
            "industrial_land_area_ha": np.concatenate([np.full(ez, np.nan), np.full(count, 800.0)]),
            "parent_id": np.concatenate([np.full(ez, None, dtype=TEXT), parent]),
            "specialises_in_hi_tech": np.zeros(ez + count, dtype=np.bool_),  # no hi-tech parks
        }
    )


def tenant_table(count: int) -> Table:
    """The tenant projects of ``generate.land_dataset``: a third hi-tech, a third
    supporting industry, a third of unrecorded category."""
    i = np.arange(count)
    return Table(
        {
            "id": _text("t", i),
            "name": _text("Tenant ", i),
            "origin": np.full(count, "domestic", dtype=TEXT),
            "zone_id": np.full(count, None, dtype=TEXT),
            "country": np.full(count, None, dtype=TEXT),
            "categories": ListColumn.cycle(TENANT_CATEGORIES, count),
        }
    )


def land_tables(zones: int, parcels: int, seed: int = 1, tenants: int = 300) -> Tables:
    """``zones``, ``parcels`` and ``projects`` (the tenants) of ``generate.land_dataset``.

    Leased parcels have ``lease_start``; half of them also have a ``lease_end`` one to fifty
    years later (drawn last, so every other column matches ``generate.land_dataset``).
    """
    rng = np.random.default_rng(seed)
    zone_of = rng.integers(0, zones, parcels)
    status = rng.integers(0, 3, parcels)
    category = rng.integers(0, 4, parcels)
    tenant = rng.integers(-1, tenants, parcels)
    area = rng.uniform(0.01, 0.14, parcels)
    start = DAY0 + rng.integers(0, 5000, parcels).astype("timedelta64[D]")
    ends = rng.random(parcels) < 0.5
    end = start + rng.integers(365, 50 * 365, parcels).astype("timedelta64[D]")
    leased, vacant, reserved = (status == k for k in range(3))
    category = np.where(vacant, 3, np.where(reserved & (category == 3), 2, category))
    project = _text("t", tenant)
    project[~leased | (tenant < 0)] = None
    start[~leased] = np.datetime64("NaT")
    end[~leased | ~ends] = np.datetime64("NaT")
    return {
        "zones": zone_table(zones),
        "parcels": Table(
            {
                "id": _text("p", np.arange(parcels)),
                "zone_id": _text("z", zone_of),
                "area_ha": area,
                "status": _pick(STATUS_NAMES, status),
                "category": _pick(CATEGORY_VALUES, category),
                "project_id": project,
                "lease_start": start,
                "lease_end": end,
            }
        ),
        "projects": tenant_table(tenants),
    }


# --- investment -----------------------------------------------------------------------------


def investment_tables(
    projects: int, seed: int = 2, zones: int = 400, production: bool = True
) -> Tables:
    """``zones``, ``projects``, ``capital_events``, ``production_values`` and
    ``exchange_rates`` of ``generate.investment_dataset``.

    Every project is licensed; even ones are adjusted once, one in ten terminated; amounts in
    VND, USD and JPY in turn. Production values (not in ``generate.py``, drawn last): one in
    two projects reports each year from the year after its licence to 2024 (left out with
    ``production=False``).
    """
    rng = np.random.default_rng(seed)
    licensed = DAY0 + rng.integers(0, 5400, projects).astype("timedelta64[D]")
    adjusted = licensed + rng.integers(1, 700, projects).astype("timedelta64[D]")
    terminated = adjusted + rng.integers(1, 900, projects).astype("timedelta64[D]")
    amount = rng.integers(1, 1000, projects) * 1e6
    change = rng.integers(-50, 300, projects) * 1e6
    investor = rng.integers(0, max(projects // 3, 1), projects)
    i = np.arange(projects)
    ids = _text("d", i, width=7)
    fdi = i % 4 != 0
    currency = i % 3
    # events: the licence of every project, the adjustment of even ones, the termination
    # of one in ten; grouped by project, in date order
    kinds = np.stack([np.ones(projects, bool), i % 2 == 0, i % 10 == 0])  # (3, projects)
    rows = kinds.T.ravel()
    which = np.tile(np.arange(3), projects)[rows]
    owner = np.repeat(i, 3)[rows]
    dates = np.stack([licensed, adjusted, terminated]).T.ravel()[rows]
    money = np.stack([amount, change, np.full(projects, np.nan)]).T.ravel()[rows]
    event_currency = _pick(CURRENCIES, currency[owner])
    event_currency[which == 2] = None
    # production values, drawn after everything generate.py draws
    reports = rng.random(projects) < (0.5 if production else 0.0)
    first = licensed.astype("datetime64[Y]").astype(np.int64) + 1971
    years = np.where(reports, np.maximum(2025 - first, 0), 0)
    producer = np.repeat(i, years)
    year = first[producer] + np.arange(len(producer)) - np.repeat(np.cumsum(years) - years, years)
    rates = exchange_rates()
    return {
        "zones": Table(
            {
                "id": _text("z", np.arange(zones)),
                "name": _text("Zone ", np.arange(zones)),
                "kind": np.full(zones, "industrial_park", dtype=TEXT),
                "province": _pick(PROVINCES, np.arange(zones) % len(PROVINCES)),
                "total_area_ha": np.full(zones, 500.0),
            }
        ),
        "projects": Table(
            {
                "id": ids,
                "name": np.full(projects, "project", dtype=TEXT),
                "origin": _pick(("domestic", "fdi"), fdi.astype(np.int64)),
                "zone_id": _text("z", i % zones),
                "investor": _text("investor ", investor),
                "country": _pick((None, "Japan"), fdi.astype(np.int64)),
                "categories": ListColumn.cycle((("hi_tech",), (), (), (), ()), projects),
            }
        ),
        "capital_events": Table(
            {
                "project_id": ids[owner],
                "date": dates,
                "kind": _pick(("licensed", "capital_adjusted", "terminated"), which),
                "amount": money,
                "currency": event_currency,
            }
        ),
        "production_values": Table(
            {
                "project_id": ids[producer],
                "year": year,
                "amount": rng.integers(1, 5000, len(producer)) * 1e6,
                "currency": _pick(CURRENCIES, currency[producer]),
            }
        ),
        "exchange_rates": Table(
            {
                "base": np.array([r.base for r in rates], dtype=TEXT),
                "quote": np.array([r.quote for r in rates], dtype=TEXT),
                "rate": np.array([float(r.rate) for r in rates]),
                "effective": np.array([r.effective for r in rates], dtype="datetime64[D]"),
            }
        ),
    }


# --- dossiers -------------------------------------------------------------------------------


def dossier_tables(rows: int, procedure_count: int, seed: int = 3) -> Tables:
    """``dossiers`` and ``procedures`` of ``generate.dossier_table`` and
    ``generate.procedures``: the same draws, as text and dates."""
    rng = np.random.default_rng(seed)
    received = np.datetime64("2022-01-01") + rng.integers(0, 3 * 365, rows).astype("timedelta64[D]")
    done = rng.random(rows) < 0.9
    completed = received + rng.integers(0, 40, rows).astype("timedelta64[D]")
    completed[~done] = np.datetime64("NaT")
    due = received + rng.integers(5, 30, rows).astype("timedelta64[D]")
    digitised = rng.integers(0, 2, rows).astype(np.bool_)
    procedure = rng.integers(0, procedure_count, rows)
    channel = rng.choice(np.array([0, 1, 2], dtype=np.int8), rows, p=[0.55, 0.4, 0.05])
    payment = rng.integers(0, 3, rows)
    province = rng.integers(0, len(PROVINCES), rows)
    p = np.arange(procedure_count)
    procedure_ids = _text("1.", p, width=6)
    levels = ("central", "provincial", "district", "commune")
    return {
        "dossiers": Table(
            {
                "id": _text("r", np.arange(rows)),
                "procedure_id": procedure_ids[procedure],
                "received": received,
                "channel": _pick(("online", "in_person", "postal"), channel),
                "payment": _pick(("online", "other", "no_fee"), payment),
                "result_digitised": digitised,
                "due": due,
                "completed": completed,
                "province": _pick(PROVINCES, province),
            },
            valid={"result_digitised": done},
        ),
        "procedures": Table(
            {
                "id": procedure_ids,
                "name": _text("Thủ tục ", p),
                "government_level": _pick(levels, p % 4),
                "field": _text("Lĩnh vực ", p % 40),
                "online_level": 1 + p % 4,
            }
        ),
    }


# --- conversions ----------------------------------------------------------------------------


def to_arrow(tables: Tables) -> dict[str, pa.Table]:
    return {name: table.to_arrow() for name, table in tables.items()}


def to_polars(tables: Tables | dict[str, pa.Table]) -> dict[str, Any]:
    import polars as pl

    return {name: pl.from_arrow(_as_arrow(table)) for name, table in tables.items()}


def to_pandas(tables: Tables | dict[str, pa.Table]) -> dict[str, Any]:
    """pandas frames: ``str`` text, ``datetime64`` dates, nullable ``boolean``, Arrow lists."""
    import pandas as pd

    def types(arrow_type: pa.DataType) -> Any:
        if pa.types.is_boolean(arrow_type):
            return pd.BooleanDtype()
        if pa.types.is_list(arrow_type):
            return pd.ArrowDtype(arrow_type)
        return None

    return {
        name: _as_arrow(table).to_pandas(date_as_object=False, types_mapper=types)
        for name, table in tables.items()
    }


def frames(tables: Tables, kind: Kind) -> dict[str, Any]:
    """The tables as ``kind`` frames (``"numpy"``: the tables themselves)."""
    if kind == "numpy":
        return dict(tables)
    arrow = to_arrow(tables)
    convert = {"arrow": dict, "polars": to_polars, "pandas": to_pandas}[kind]
    return convert(arrow)


def _as_arrow(table: Table | pa.Table) -> pa.Table:
    return table.to_arrow() if isinstance(table, Table) else table


def write_parquet(tables: Tables, directory: Path) -> dict[str, Path]:
    import pyarrow.parquet as pq

    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, table in tables.items():
        paths[name] = directory / f"{name}.parquet"
        pq.write_table(table.to_arrow(), paths[name])
    return paths


def write_csv(tables: Tables, directory: Path) -> dict[str, Path]:
    """CSV as an analyst has it: a header, ids as text, plain numbers, ISO dates, empty
    fields where a value is missing, a list's items joined by ``;``."""
    import polars as pl
    import pyarrow.compute as pc

    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, table in tables.items():
        arrow = table.to_arrow()
        for index, field in enumerate(arrow.schema):
            if pa.types.is_list(field.type):
                arrow = arrow.set_column(index, field.name, pc.binary_join(arrow[field.name], ";"))
        paths[name] = directory / f"{name}.csv"
        pl.DataFrame(arrow).write_csv(paths[name])
    return paths


# --- the same records as library objects (small sizes: for checks) ------------------------


def _rows(table: Table) -> Iterator[dict[str, Any]]:
    names = list(table.columns)
    values: list[list[Any]] = []
    for name in names:
        column = table.columns[name]
        if isinstance(column, ListColumn):
            items = column.values.tolist()
            offsets = column.offsets.tolist()
            values.append([items[a:b] for a, b in itertools.pairwise(offsets)])
        elif column.dtype.kind == "M":
            values.append(column.astype(object).tolist())  # dates, None for NaT
        elif column.dtype.kind == "f":
            values.append([None if v != v else v for v in column.tolist()])
        else:
            listed = column.tolist()
            valid = table.valid.get(name)
            if valid is not None:
                listed = [v if ok else None for v, ok in zip(listed, valid.tolist(), strict=True)]
            values.append(listed)
    for row in zip(*values, strict=True):
        yield dict(zip(names, row, strict=True))


def land_dataset(tables: Tables) -> Any:
    """The land tables as an :class:`industrial_policy.Dataset` (one object per record)."""
    import industrial_policy as ip
    from industrial_policy.units import registry

    hectare = registry().Quantity

    def area(value: float | None) -> Any:
        return None if value is None else hectare(value, "hectare")

    zones = [
        ip.Zone(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            province=r["province"],
            district=r["district"],
            total_area=area(r["total_area_ha"]),
            industrial_land_area=area(r["industrial_land_area_ha"]),
            parent_id=r["parent_id"],
            specialises_in_hi_tech=r["specialises_in_hi_tech"],
        )
        for r in _rows(tables["zones"])
    ]
    parcels = [
        ip.Parcel(**{k: v for k, v in r.items() if k != "area_ha"}, area=area(r["area_ha"]))
        for r in _rows(tables["parcels"])
    ]
    projects = [ip.Project(**r) for r in _rows(tables["projects"])]
    return ip.Dataset(zones=zones, parcels=parcels, projects=projects)


def investment_dataset(tables: Tables) -> Any:
    """The investment tables as an :class:`industrial_policy.Dataset` (one object per record)."""
    import industrial_policy as ip

    events: dict[str, list[Any]] = {}
    for r in _rows(tables["capital_events"]):
        money = None if r["amount"] is None else ip.Money(Decimal(int(r["amount"])), r["currency"])
        events.setdefault(r["project_id"], []).append(ip.CapitalEvent(r["date"], r["kind"], money))
    production: dict[str, list[Any]] = {}
    for r in _rows(tables["production_values"]):
        production.setdefault(r["project_id"], []).append(
            ip.ProductionValue(r["year"], ip.Money(Decimal(int(r["amount"])), r["currency"]))
        )
    projects = [
        ip.Project(
            **r,
            capital_events=events.get(r["id"], ()),
            production_values=production.get(r["id"], ()),
        )
        for r in _rows(tables["projects"])
    ]
    zones = [
        ip.Zone(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            province=r["province"],
            total_area=f"{r['total_area_ha']} ha",
        )
        for r in _rows(tables["zones"])
    ]
    rates = [
        ip.ExchangeRate(r["base"], r["quote"], Decimal(repr(r["rate"])), r["effective"])
        for r in _rows(tables["exchange_rates"])
    ]
    return ip.Dataset(zones=zones, projects=projects, exchange_rates=rates)


def dossier_table(tables: Tables) -> Any:
    """The dossiers as the library's :class:`DossierTable` (columns, checked in bulk)."""
    from industrial_policy.services import DossierTable

    d = tables["dossiers"]
    procedure_ids = tables["procedures"]["id"]  # in sorted order, as generated
    return DossierTable.from_arrays(
        procedure=np.searchsorted(procedure_ids, d["procedure_id"]),
        procedure_ids=tuple(procedure_ids.tolist()),
        received=d["received"],
        channel=_codes(d["channel"], ("online", "in_person", "postal")),
        payment=_codes(d["payment"], ("online", "other", "no_fee")),
        result_digitised=np.where(d.valid["result_digitised"], d["result_digitised"], -1),
        due=d["due"],
        completed=d["completed"],
        province=np.searchsorted(np.array(PROVINCES, dtype=TEXT), d["province"]),
        provinces=PROVINCES,
    )


def _codes(text: np.ndarray[Any, Any], values: Sequence[str]) -> np.ndarray[Any, Any]:
    """The position of each row's value in ``values`` (-1 where missing), as int8."""
    codes = np.full(len(text), -1, dtype=np.int8)
    for code, value in enumerate(values):
        codes[text == value] = code
    return codes


def procedures(tables: Tables) -> list[Any]:
    """The procedures table as :class:`Procedure` records."""
    from industrial_policy.services import Procedure

    return [Procedure(**r) for r in _rows(tables["procedures"])]
