"""The dataset file through the columnar core: the same datasets, the same text, the same errors.

The kinds held in large numbers are read from a file's lists as columns
(``io/record_lists``) and written from columns (``io/record_text``). The
record-by-record path (the cattrs converter) still reads and writes every
kind; these tests hold the two to each other: equal datasets from every valid
file, byte-identical text, and problems in the same records of a hostile file.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.columnar import Table
from industrial_policy.columnar.problems import MAX_KEPT, Problems, Where
from industrial_policy.columnar.reading import Children, read_table
from industrial_policy.errors import (
    DatasetIntegrityError,
    FileFormatError,
    ProblemsError,
    TableError,
)
from industrial_policy.io import files, toml_writer
from industrial_policy.io.converter import converter
from industrial_policy.io.record_lists import KINDS, read_records
from industrial_policy.records import (
    CapitalEvent,
    Dossier,
    DossierCount,
    Fee,
    Parcel,
    Project,
    ServiceOffering,
    Zone,
)
from industrial_policy.testing import datasets, procedures
from industrial_policy.units import area_parts, parse_area, unit_name

sys.path.insert(0, str(Path(__file__).parent / "fuzz"))
from hostile import EVERY_RECORD, hostile_datasets

CASES = sorted((Path(__file__).parent / "golden" / "cases").glob("*.toml"))
FILES = [ip.examples.path(name) for name in ip.examples.names()] + [EVERY_RECORD, *CASES]


# -- the record-by-record path, as the library had it --------------------------------------


def records_structure(document: Any) -> Any:
    """The dataset of a parsed document, every record structured by the cattrs converter."""
    body = {k: v for k, v in document.items() if k != "format"}
    try:
        return converter().structure(body, ip.Dataset)
    except BaseExceptionGroup as group:
        inner = group.exceptions
        if len(inner) == 1 and isinstance(inner[0], DatasetIntegrityError):
            raise inner[0] from None
        raise


def records_document(dataset: ip.Dataset) -> dict[str, Any]:
    """The plain data of a dataset made from each record's (cattrs' unstructure)."""
    data = converter().unstructure(dataset)
    document: dict[str, Any] = {"format": files.FORMAT_ID}
    for key in ("name", "description", "sources"):
        if key in data:
            document[key] = data.pop(key)
    document.update({k: v for k, v in data.items() if v not in (None, [], {})})
    return document


def records_dumps(dataset: ip.Dataset, fmt: str) -> str:
    """The text of a dataset made from each record's plain data."""
    document = records_document(dataset)
    if fmt == "toml":
        return toml_writer.dumps(document)
    return json.dumps(document, ensure_ascii=False, indent=2, default=files._json_default) + "\n"


# -- services records, which the drawn datasets do not hold ---------------------------------


@st.composite
def services_datasets(draw: st.DrawFn) -> ip.Dataset:
    """Procedures with dossiers, published counts, dated offerings and fees."""
    chosen = draw(st.lists(procedures(), min_size=1, max_size=4, unique_by=lambda p: p.id))
    ids = [p.id for p in chosen]
    day = st.dates(dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    dossiers = []
    for i in range(draw(st.integers(0, 6))):
        received = draw(day)
        completed = draw(
            st.none() | st.just(received + dt.timedelta(days=draw(st.integers(0, 40))))
        )
        dossiers.append(
            Dossier(
                id=f"d{i}",
                procedure_id=draw(st.sampled_from(ids)),
                received=received,
                channel=draw(st.sampled_from(["online", "in_person", "postal"])),
                payment=draw(st.none() | st.sampled_from(["online", "other", "no_fee"])),
                result_digitised=draw(st.none() | st.booleans()),
                completed=completed,
                illustrative=draw(st.booleans()),
            )
        )
    counted = [p for p in ids if p not in {d.procedure_id for d in dossiers}]
    counts = [
        DossierCount(
            id=f"c{i}",
            procedure_id=procedure,
            period=draw(st.sampled_from(["2023", "Q1 2024", "2024-05"])),
            received=draw(st.none() | st.integers(0, 10**6)),
            completed=draw(st.none() | st.integers(0, 10**6)),
        )
        for i, procedure in enumerate(counted[:2])
    ]
    offerings = [
        ServiceOffering(
            procedure_id=procedure,
            on=draw(day),
            online_level=draw(st.none() | st.integers(1, 4)),
            online_service=draw(st.sampled_from(["full_process", "partial", "none"])),
        )
        for procedure in ids[:2]
    ]
    fees = [
        Fee(
            procedure_id=procedure,
            kind=draw(st.sampled_from(["procedure", "postal"])),
            amount=draw(st.sampled_from(["50000 VND", "1.5 million VND", "0 VND", "12.25 USD"])),
            channels=draw(st.frozensets(st.sampled_from(["online", "in_person", "postal"]))),
        )
        for procedure in ids[:1]
    ]
    try:
        return ip.Dataset(
            procedures=chosen,
            dossiers=dossiers,
            dossier_counts=counts,
            service_offerings=offerings,
            fees=fees,
        )
    except DatasetIntegrityError:
        assume(False)
        raise


ANY_DATASET = st.one_of(datasets(), services_datasets())
FORMATS = st.sampled_from(["toml", "json"])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- reading ------------------------------------------------------------------------------


@SETTINGS
@given(dataset=ANY_DATASET, fmt=FORMATS)
def test_a_file_reads_the_same_dataset_both_ways(dataset: ip.Dataset, fmt: str) -> None:
    text = ip.dumps(dataset, fmt)  # type: ignore[arg-type]
    document = files.parse_text(text, fmt)  # type: ignore[arg-type]
    by_columns = files.structure_document(document)
    assert by_columns == records_structure(document)
    assert by_columns == dataset
    assert ip.loads(text, fmt) == dataset  # type: ignore[arg-type]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_shipped_file_reads_the_same_both_ways(path: Path) -> None:
    document, _ = files.read_document(path)
    by_columns = files.structure_document(document)
    assert by_columns == records_structure(document)
    for kind in KINDS:  # the kinds read as columns are read that way, not as records
        name = next(n for n, t in by_columns.tables().items() if t.kind is kind)
        if document.get(name):
            assert read_records(kind, document[name]) == getattr(by_columns, name)


def _record_of(path: str) -> str:
    """``parcels[3]`` for ``parcels[3].area``; the top key for any other path."""
    head = path.split(".", 1)[0]
    return head.split("]", 1)[0] + "]" if "[" in head else head


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=FORMATS.flatmap(hostile_datasets))
def test_a_hostile_file_fails_in_the_same_records_both_ways(case: Any) -> None:
    try:
        document = files.parse_text(case.text, case.fmt)
    except FileFormatError:
        return  # not TOML or JSON: neither path sees it

    def outcome(structure: Any) -> Any:
        try:
            return structure(document)
        except ProblemsError as exc:
            return exc

    with mock.patch.object(files, "dataset_converter", converter):  # record by record
        old = outcome(files.structure_document)
    new = outcome(files.structure_document)
    assert type(old) is type(new), (old, new)
    if isinstance(new, ip.Dataset):
        assert new == old
    elif isinstance(new, FileFormatError):
        assert {_record_of(p.path) for p in new.problems} == {
            _record_of(p.path) for p in old.problems
        }, (old, new)


def test_a_child_that_cannot_be_read_leaves_the_other_rows_checked() -> None:
    """A project whose event has no date is named, and so is another project whose events
    are out of order: one bad child does not hide the checks of the other rows (found by
    the property above; the columnar path told only of the first)."""
    text = """
format = "industrial-policy/1"
[[projects]]
id = "a"
name = "A"
origin = "domestic"
capital_events = [{date = "soon", kind = "licensed", amount = "1 million VND"}]
[[projects]]
id = "b"
name = "B"
origin = "domestic"
capital_events = [
    {date = 2000-01-02, kind = "licensed", amount = "11 million VND"},
    {date = 2000-01-01, kind = "capital_adjusted", amount = "-1 million VND"},
]
"""
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text, "toml")
    paths = [p.path for p in caught.value.problems]
    assert paths == ["projects[0].capital_events[0].date", "projects[1].capital_events"]
    assert "date order" in caught.value.problems[1].message


# -- writing ------------------------------------------------------------------------------


@SETTINGS
@given(dataset=ANY_DATASET, fmt=FORMATS)
def test_the_text_is_the_record_writers_byte_for_byte(dataset: ip.Dataset, fmt: str) -> None:
    assert ip.dumps(dataset, fmt) == records_dumps(dataset, fmt)  # type: ignore[arg-type]
    assert files.to_document(dataset) == records_document(dataset)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_shipped_file_is_written_as_before(path: Path) -> None:
    dataset = ip.load(path)
    for fmt in ("toml", "json"):
        assert ip.dumps(dataset, fmt) == records_dumps(dataset, fmt)  # type: ignore[arg-type]


# -- the same errors, named by their path ---------------------------------------------------

PARCEL = {"id": "p1", "zone_id": "z", "area": "45 ha", "status": "reserved", "category": "hi_tech"}


def _problems(kind: type[Any], rows: Any) -> list[str]:
    with pytest.raises(FileFormatError) as caught:
        read_records(kind, rows)
    return [str(problem) for problem in caught.value.problems]


def test_each_kind_of_problem_is_named_as_before() -> None:
    rows = [
        {**PARCEL, "colour": "red"},
        {k: v for k, v in PARCEL.items() if k != "area"},
        "p3",
        {**PARCEL, "id": "p4", "area": 45},
        {**PARCEL, "id": "p5", "area": "6.418 ha"},
        {**PARCEL, "id": "p6", "illustrative": "yes"},
        {**PARCEL, "id": "p7", "category": None},
    ]
    assert _problems(Parcel, rows) == [
        "[0].colour: unknown field; the fields of Parcel are: id, zone_id, area, status,"
        " category, project_id, lease_start, lease_end, source, illustrative",
        "[1].area: required field missing",
        "[2]: expected a table of Parcel fields, got text",
        "[3].area: an area needs a unit, such as '45 ha', got 45 (Parcel 'p4')",
        "[4].area: ambiguous number: in Vietnamese '.' separates thousands, in English it is"
        " the decimal point; write 6418 for thousands, or 6.4180 for a decimal"
        " fraction; or declare notation 'vi', got '6.418 ha' (Parcel 'p5')",
        "[5].illustrative: must be true or false, got 'yes' (Parcel 'p6')",
        "[6].category: a reserved parcel must say what it is reserved for, got None (Parcel 'p7')",
    ]


def test_a_list_where_tables_belong_is_named() -> None:
    with pytest.raises(FileFormatError, match="expected a list of Zone tables, got text"):
        ip.loads('{"zones": "all of them"}', "json")


def test_a_file_s_paths_start_at_its_lists() -> None:
    document = json.loads(ip.dumps(ip.load(EVERY_RECORD), "json"))
    document["parcels"][0]["area"] = "-4 ha"
    document["projects"][0]["capital_events"][0]["amount"] = True
    document["projects"][0]["capital_events"].append("licensed")
    with pytest.raises(FileFormatError) as caught:
        ip.loads(json.dumps(document), "json")
    assert [p.path for p in caught.value.problems] == [
        "parcels[0].area",
        "projects[0].capital_events[0].amount",
        "projects[0].capital_events[2]",
    ]


def test_events_out_of_order_are_refused_and_the_event_is_shown() -> None:
    """A project's events are kept in the file's order and checked, as a record checks them."""
    document = json.loads(ip.dumps(ip.load(EVERY_RECORD), "json"))
    events = document["projects"][0]["capital_events"]
    assert len(events) >= 2
    events.reverse()
    with pytest.raises(FileFormatError) as caught:
        ip.loads(json.dumps(document), "json")
    messages = {p.message for p in caught.value.problems if p.path == "projects[0].capital_events"}
    assert any(m.startswith("the first capital event must be the licence, got CapitalEvent(")
               for m in messages), messages  # fmt: skip
    assert all("got (CapitalEvent" not in m for m in messages)  # one event, not all of them


def test_thousands_of_problems_are_kept_to_the_cap_and_all_counted() -> None:
    rows = [{k: v for k, v in PARCEL.items() if k != "area"} | {"id": f"p{i}", "colour": 1}
            for i in range(3000)]  # fmt: skip
    with pytest.raises(FileFormatError) as caught:
        ip.loads(json.dumps({"parcels": rows}), "json")
    error = caught.value
    assert len(error.problems) == MAX_KEPT
    assert error.total == 6000  # an unknown key and a missing area in each
    assert error.problems[0].path == "parcels[0].colour"
    assert error.problems[1].path == "parcels[0].area"
    assert "6000 problems" in str(error).split("\n")[0].replace(",", "")


def test_an_area_given_as_a_table_is_read_as_the_api_reads_it() -> None:
    row = {**PARCEL, "area": {"value": 3, "unit": "ha"}}
    table = read_records(Parcel, [PARCEL, row])
    assert table[1].area == parse_area("3 ha")
    assert table == Table.from_records(Parcel, [Parcel(**PARCEL), Parcel(**row)])


# -- the columnar core's part ---------------------------------------------------------------


def test_index_style_names_the_path() -> None:
    problems = Problems(Where(source="parcels", style="index"), "Parcel")
    problems.add("area", [3], "an area must not be negative", ["-5 ha"], ["p-4"])
    [problem] = problems.kept
    assert (
        str(problem) == "parcels[3].area: an area must not be negative, got '-5 ha' (Parcel 'p-4')"
    )
    assert (problem.row, problem.column, problem.record_id) == (None, "area", "p-4")
    nested = Where(source="projects", style="index", paths=lambda p: f"projects[{p}].events[0]")
    assert nested.place(2, "amount") == "projects[2].events[0].amount"
    assert (
        Where(source="parcels.csv", first_row=2).place(3, "area")
        == "parcels.csv row 5, column 'area'"
    )


def test_children_by_position_keep_the_order_given() -> None:
    events = Table.from_records(
        CapitalEvent,
        [CapitalEvent("2024-01-01", "capital_adjusted", "1 million USD"),
         CapitalEvent("2020-01-01", "licensed", "5 million USD")],
    )  # fmt: skip
    columns = {"id": ["p"], "name": ["P"], "origin": ["domestic"]}
    sorted_ = read_table(
        Project, columns, children={"capital_events": Children(events, ["p", "p"])}
    )
    assert [e.kind.value for e in sorted_[0].capital_events] == ["licensed", "capital_adjusted"]
    given = Children(events, parents=np.array([0, 0]), ordered=True)
    with pytest.raises(TableError, match="the first capital event must be the licence"):
        read_table(Project, columns, children={"capital_events": given})


def test_a_missing_flag_takes_the_default_its_record_would() -> None:
    table = read_table(
        Zone,
        {"id": ["a", "b"], "name": ["A", "B"], "kind": ["hi_tech_park", "industrial_park"],
         "province": "Hà Nội", "specialises_in_hi_tech": [None, True]},
    )  # fmt: skip
    assert [z.specialises_in_hi_tech for z in table] == [True, True]


@given(
    number=st.decimals(0, 10**9, places=3, allow_nan=False),
    unit=st.sampled_from(["ha", "m2", "m**2", "km2", "sào Bắc Bộ", "cong_nam_bo", "hectare"]),
)
def test_area_parts_are_the_parts_of_the_area(number: Any, unit: str) -> None:
    text = f"{number} {unit}"
    try:
        area = parse_area(text)
    except ip.errors.InvalidValueError:
        with pytest.raises(ip.errors.InvalidValueError):
            area_parts(text)
        return
    assert area_parts(text) == (float(area.magnitude), unit_name(area))


AREA_TEXTS = st.one_of(
    st.builds(
        lambda number, unit, pad: f"{pad}{number}{pad}{unit}{pad}",
        st.decimals(0, 10**6, places=3, allow_nan=False).map(str)
        | st.sampled_from(["6.418", "1,5", "1.000.000", "-3", "1e400", "0", "00.5"]),
        st.sampled_from(["ha", "m2", "m**2", "sào Bắc Bộ", "sào", "furlong", "", "ha\nha"]),
        st.sampled_from(["", " ", "\t", "\u2028", "\n"]),
    ),
    st.text(max_size=12),
)


@given(texts=st.lists(AREA_TEXTS, max_size=8))
def test_areas_read_in_bulk_are_read_as_one_by_one(texts: list[str]) -> None:
    from industrial_policy.units import areas_in_bulk

    bulk = areas_in_bulk(texts)
    assert set(bulk) <= set(texts)
    for text, parts in bulk.items():
        assert parts == area_parts(text), text


def test_the_plain_data_of_two_records_shares_nothing() -> None:
    projects = [
        ip.Project(id=f"p{i}", name="P", origin="domestic", categories=["hi_tech"])
        for i in range(2)
    ]
    document = files.to_document(ip.Dataset(projects=projects))
    first, second = document["projects"]
    first["categories"].append("other")
    assert second["categories"] == ["hi_tech"]
