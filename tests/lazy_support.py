"""What the tests of frames counted in their own engine share: dossier rows drawn by
hypothesis, the same rows as a frame of each engine, and reports compared.

The rows are plain Python columns (text or ``None``, ``datetime.date`` or ``None``,
booleans or ``None``); :func:`arrow_table` gives them one typed schema, and every
engine's frame is made from it, so each engine sees the same values and types.
"""

from __future__ import annotations

import datetime as dt
import doctest
import pathlib
import random
import re
from typing import Any

import numpy as np
import pyarrow as pa
from hypothesis import strategies as st

from industrial_policy.findings import Report
from industrial_policy.services import DossierTable, Procedure

DAY0 = dt.date(2023, 6, 1)

PROCEDURES = [
    Procedure(
        id=f"p{i}",
        name=f"Procedure {i}",
        government_level=("provincial", "district", "commune")[i % 3],
        field=("investment", "land", "construction")[i % 3],
        province=(None, "Hà Nội", "Hải Dương", "hà nội")[i % 4],
    )
    for i in range(5)
]

CHANNELS = ("online", "in_person", "postal")
PAYMENTS = (None, "online", "other", "no_fee")
# Provinces as users write them: one in two cases, one with spaces the readers strip.
PROVINCES = (None, "Hà Nội", "hà nội", " Thái Bình ", "Hải Dương")

PERIOD_SETS = (
    ("2024",),
    ("2023", "2024", "2025"),
    ("2024", "Q1 2024", "Q2 2024", "Q3 2024", "Q4 2024"),  # overlapping layers
    (*(f"2024-{m:02d}" for m in range(1, 13)), "2025-01"),  # counted by month
    ("2024-02-10/2024-05-03", "2024-04-01/2024-09-30"),  # any span of days, overlapping
    # 33 weeks with gaps between them: more bounds than comparisons are worth, counted by day
    tuple(
        f"{dt.date(2024, 1, 1) + dt.timedelta(days=10 * i)}/"
        f"{dt.date(2024, 1, 1) + dt.timedelta(days=10 * i + 6)}"
        for i in range(33)
    ),
)

BREAKDOWNS = (
    "dataset",
    "province",
    "procedure",
    "field",
    "government_level",
    ("province", "field"),
    ("procedure", "province"),
)

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("procedure_id", pa.string()),
        ("received", pa.date32()),
        ("channel", pa.string()),
        ("payment", pa.string()),
        ("result_digitised", pa.bool_()),
        ("due", pa.date32()),
        ("completed", pa.date32()),
        ("province", pa.string()),
    ]
)

Columns = dict[str, list[Any]]


@st.composite
def dossier_rows(draw: st.DrawFn, max_size: int = 40) -> Columns:
    """Valid dossier rows over mid-2023 to mid-2025, every optional value sometimes missing."""
    n = draw(st.integers(min_value=0, max_value=max_size))
    rows: Columns = {name: [] for name in SCHEMA.names}
    for i in range(n):
        received = DAY0 + dt.timedelta(days=draw(st.integers(min_value=0, max_value=700)))
        due = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=40)))
        completed = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=60)))
        rows["id"].append(f"d{i}")
        rows["procedure_id"].append(draw(st.sampled_from([p.id for p in PROCEDURES])))
        rows["received"].append(received)
        rows["channel"].append(draw(st.sampled_from(CHANNELS)))
        rows["payment"].append(draw(st.sampled_from(PAYMENTS)))
        rows["result_digitised"].append(draw(st.sampled_from([None, True, False])))
        rows["due"].append(None if due is None else received + dt.timedelta(days=due))
        rows["completed"].append(
            None if completed is None else received + dt.timedelta(days=completed)
        )
        rows["province"].append(draw(st.sampled_from(PROVINCES)))
    return rows


@st.composite
def named_rows(draw: st.DrawFn, rows: Columns) -> Columns:
    """``rows`` with each channel and payment written by one of the names its value is
    known by (``"trực tuyến"``, ``"Truc tuyen"``, ``"ONLINE"``), as a Vietnamese table
    writes them: diacritics or none, any case, spaces around."""
    from industrial_policy.names import known_names
    from industrial_policy.records.dossiers import Channel, Payment

    named = dict(rows)
    for field, choices in (("channel", Channel), ("payment", Payment)):
        names = {member.value: spelled for member, spelled in known_names(choices).items()}
        written = []
        for value in rows[field]:
            if value is None:
                written.append(None)
                continue
            name = draw(st.sampled_from(names[value]))
            name = draw(st.sampled_from([name, name.upper(), name.title(), f" {name} "]))
            written.append(name)
        named[field] = written
    return named


def sample_rows(n: int, seed: int = 0) -> Columns:
    """``n`` valid rows drawn from ``seed`` (for tests that need rows, not a property)."""
    rng = random.Random(seed)
    rows: Columns = {name: [] for name in SCHEMA.names}
    for i in range(n):
        received = DAY0 + dt.timedelta(days=rng.randrange(701))
        due, completed = (
            rng.choice([None, rng.randrange(41)]),
            rng.choice([None, rng.randrange(61)]),
        )
        rows["id"].append(f"d{i}")
        rows["procedure_id"].append(rng.choice(PROCEDURES).id)
        rows["received"].append(received)
        rows["channel"].append(rng.choice(CHANNELS))
        rows["payment"].append(rng.choice(PAYMENTS))
        rows["result_digitised"].append(rng.choice([None, True, False]))
        rows["due"].append(None if due is None else received + dt.timedelta(days=due))
        rows["completed"].append(
            None if completed is None else received + dt.timedelta(days=completed)
        )
        rows["province"].append(rng.choice(PROVINCES))
    return rows


def arrow_table(rows: Columns) -> pa.Table:
    return pa.table({name: rows[name] for name in SCHEMA.names}, schema=SCHEMA)


def pandas_frame(rows: Columns) -> Any:
    """As pandas has it after reading: ``datetime64`` dates, nullable booleans, text."""
    import pandas as pd

    def types(arrow_type: pa.DataType) -> Any:
        return pd.BooleanDtype() if pa.types.is_boolean(arrow_type) else None

    return arrow_table(rows).to_pandas(date_as_object=False, types_mapper=types)


def polars_frame(rows: Columns) -> Any:
    import polars as pl

    return pl.from_arrow(arrow_table(rows))


def duckdb_relation(rows: Columns) -> Any:
    import duckdb

    return duckdb.connect().from_arrow(arrow_table(rows))


def dask_frame(rows: Columns, partitions: int = 2) -> Any:
    import dask.dataframe as dd

    return dd.from_pandas(pandas_frame(rows), npartitions=partitions)


def spark_frame(rows: Columns, spark: Any) -> Any:
    return spark.createDataFrame(arrow_table(rows))


def dossier_table(rows: Columns) -> DossierTable:
    """The same rows held in memory, their provinces read as the table readers read text
    (stripped), without ids (a frame's findings list none either)."""

    def days(values: list[dt.date | None]) -> Any:
        return np.array(
            [np.datetime64("NaT") if v is None else v for v in values], dtype="datetime64[D]"
        )

    n = len(rows["id"])
    return DossierTable.from_arrays(
        procedure=np.array(rows["procedure_id"], dtype=object) if n else np.zeros(0, np.int64),
        procedure_ids=None if n else (),
        received=days(rows["received"]),
        channel=np.array(rows["channel"], dtype=object) if n else np.zeros(0, np.int64),
        payment=np.array(rows["payment"], dtype=object) if n else None,
        result_digitised=np.array(rows["result_digitised"], dtype=object) if n else None,
        due=days(rows["due"]),
        completed=days(rows["completed"]),
        province=np.array([p and p.strip() for p in rows["province"]], dtype=object) if n else None,
    )


def comparable(report: Report) -> list[dict[str, Any]]:
    """The findings as plain data, without the dossier ids behind the counts and the note
    on why they are not listed (a frame's engine gives counts alone)."""
    findings = []
    for finding in report:
        data = finding.to_dict()
        explanation = data["explanation"]
        explanation["notes"] = [
            n for n in explanation["notes"] if not n.startswith("dossier ids are not listed")
        ]
        for item in explanation["inputs"]:
            item.pop("records")
            item.pop("record_count")
        findings.append(data)
    return findings


def assert_same(got: Report, expected: Report, *, ordered: bool = True) -> None:
    """The same findings (in the same order, unless ``ordered`` is false)."""
    a, b = comparable(got), comparable(expected)
    if ordered:
        assert [f["id"] for f in a] == [f["id"] for f in b]
    else:
        assert sorted(f["id"] for f in a) == sorted(f["id"] for f in b)
    by_id = {f["id"]: f for f in b}
    for left in a:
        assert left == by_id[left["id"]], left["id"]


# -- projects and their capital events ----------------------------------------------------

PROJECT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("zone_id", pa.string()),
        ("origin", pa.string()),
        ("investor", pa.string()),
        ("country", pa.string()),
        ("categories", pa.list_(pa.string())),
    ]
)
EVENT_SCHEMA = pa.schema(
    [
        ("project_id", pa.string()),
        ("date", pa.date32()),
        ("kind", pa.string()),
        ("amount", pa.float64()),
        ("currency", pa.string()),
    ]
)


def project_tables(projects: list[Any]) -> tuple[pa.Table, pa.Table]:
    """Projects and their capital events as two Arrow tables, one row per project and per
    event (amounts as numbers beside their currency)."""
    p: Columns = {name: [] for name in PROJECT_SCHEMA.names}
    e: Columns = {name: [] for name in EVENT_SCHEMA.names}
    for project in projects:
        p["id"].append(project.id)
        p["zone_id"].append(project.zone_id)
        p["origin"].append(project.origin.value)
        p["investor"].append(project.investor)
        p["country"].append(project.country)
        p["categories"].append(sorted(c.value for c in project.categories))
        for event in project.capital_events:
            e["project_id"].append(project.id)
            e["date"].append(event.date)
            e["kind"].append(event.kind.value)
            e["amount"].append(None if event.amount is None else float(event.amount.amount))
            e["currency"].append(None if event.amount is None else event.amount.currency)
    return pa.table(p, schema=PROJECT_SCHEMA), pa.table(e, schema=EVENT_SCHEMA)


def _pandas(table: pa.Table) -> Any:
    import pandas as pd

    def types(arrow_type: pa.DataType) -> Any:
        return pd.ArrowDtype(arrow_type) if pa.types.is_list(arrow_type) else None

    return table.to_pandas(date_as_object=False, types_mapper=types)


def as_engine(table: pa.Table, engine: str, *, con: Any = None, spark: Any = None) -> Any:
    """``table`` as a frame of ``engine`` (DuckDB relations on ``con``: joined ones must
    share a connection)."""
    if engine == "pandas":
        return _pandas(table)
    if engine == "polars":
        import polars as pl

        return pl.from_arrow(table)
    if engine == "polars lazy":
        import polars as pl

        return pl.from_arrow(table).lazy()  # type: ignore[union-attr]
    if engine == "duckdb":
        return con.from_arrow(table)
    if engine == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(_pandas(table), npartitions=2)
    if engine == "spark":
        return spark.createDataFrame(table)
    raise ValueError(engine)


def comparable_targets(report: Report) -> list[dict[str, Any]]:
    """Tracked targets as plain data, without what only records held in memory give: the
    ids of the projects counted, the note on who counted them, and the ids in the reason
    an investor is missing; amounts of money rounded to 9 significant digits (the engine
    adds them up in another order)."""
    findings = []
    for finding in report:
        data = _rounded(finding.to_dict())
        explanation = data["explanation"]
        for part in ("notes", "steps"):
            explanation[part] = [
                "investor not recorded" if "the investor is not recorded" in n else n
                for n in explanation[part]
                if "were counted by" not in n
            ]
        for item in explanation["inputs"]:
            item.pop("records")
        findings.append(data)
    return findings


def _rounded(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, float) and value:
        return float(f"{value:.9g}")
    if isinstance(value, str):
        return _NUMBER.sub(lambda m: f"{float(m.group().replace(',', '')):.9g}", value)
    return value


_NUMBER = re.compile(r"\d[\d,]*(\.\d+)?")


# -- the recipes of docs/scaling.md -------------------------------------------------------

SCALING = pathlib.Path(__file__).resolve().parents[1] / "docs" / "scaling.md"


def scaling_recipe(heading: str) -> tuple[dict[str, Any], str]:
    """The namespace the doctests of ``docs/scaling.md`` leave before ``heading`` (its
    Parquet files and procedures), and the code block under ``heading``."""
    text = SCALING.read_text(encoding="utf-8")
    before, _, after = text.partition(f"### {heading}\n")
    assert after, heading
    namespace: dict[str, Any] = {}
    for example in doctest.DocTestParser().get_examples(before):
        exec(compile(example.source, str(SCALING), "exec"), namespace)
    block = re.search(r"```python\n(.*?)```", after, re.DOTALL)
    assert block is not None, heading
    assert ">>>" not in block.group(1), heading
    return namespace, block.group(1)
