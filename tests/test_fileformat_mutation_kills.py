"""The dataset file format: problems, paths and texts the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. A problem is pinned
whole (its path, its message, its value), since a reader finds the bad cell by
them.

The converters of the format are built once per process and cached; tests of
what a converter is made of build one anew with ``make_converter`` (the cached
ones are made by the same function).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import partial
from importlib import resources
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

import industrial_policy as ip
from industrial_policy.amounts import Amount, plain_amount, read_amount
from industrial_policy.columnar import Table
from industrial_policy.errors import FileFormatError, InvalidValueError
from industrial_policy.io import files, record_lists, record_text
from industrial_policy.io.converter import (
    counted_problems,
    duration_text,
    join_path,
    make_converter,
    readable,
)
from industrial_policy.io.files import read_text
from industrial_policy.io.record_lists import KINDS
from industrial_policy.io.record_text import OMIT
from industrial_policy.io.schema import generate, render
from industrial_policy.io.toml_writer import key_text, value_text
from industrial_policy.money import ExchangeRate, ExchangeRates
from industrial_policy.periods import Period, parse_period
from industrial_policy.records import ReportedFigure
from industrial_policy.records.targets import Target
from industrial_policy.records.zones import ZoneKind
from industrial_policy.rules import packs
from industrial_policy.units import registry


@pytest.fixture(autouse=True)
def _kinds_worked_out_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    """What reading a kind as columns needs is worked out on first use and kept per
    process: each test here works it out anew, so that it sees how it is worked out."""
    monkeypatch.setattr(record_lists, "_KINDS", {})


METRICS = (
    "must be one of 'zone_count', 'total_area', 'industrial_land_area' (or their Vietnamese"
    " names, see docs/glossary.md)"
)
NOT_AN_AREA = "an area must be a number followed by a unit, such as '3676 ha'"


def test_every_bad_field_of_a_record_is_listed_not_only_the_first() -> None:
    # The metric stops the record's constructor; the value after it is checked on its own.
    text = '[[reported]]\nid = "b"\nmetric = "nope"\nvalue = "x"\n'
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("reported[0].metric", f"{METRICS}, got 'nope' (ReportedFigure 'b')", "nope"),
        ("reported[0].value", f"{NOT_AN_AREA}, got 'x' (ReportedFigure 'b')", "x"),
    ]


def test_a_converter_lists_every_problem_of_a_list_of_records_at_its_index() -> None:
    documents = [
        {"id": "a", "metric": "zone_count", "value": 3},
        {"id": "b", "metric": "nope", "value": "x", "colour": 1},
    ]
    with pytest.raises(ExceptionGroup) as caught:
        make_converter({}).structure(documents, tuple[ReportedFigure, ...])
    problems, total = counted_problems(caught.value, "reported")
    fields = "id, metric, value, scope, parts, description, as_of, source, comparator, same_as"
    assert [(p.path, p.message) for p in problems] == [
        ("reported[1].colour", f"unknown field; the fields of ReportedFigure are: {fields}"),
        ("reported[1].metric", f"{METRICS}, got 'nope' (ReportedFigure 'b')"),
        ("reported[1].value", f"{NOT_AN_AREA}, got 'x' (ReportedFigure 'b')"),
    ]
    assert total == 3


def test_a_converter_writes_a_record_without_its_defaults() -> None:
    zone = ip.Zone(id="kcn", name="KCN", kind="industrial_park", province="HP", total_area="300 ha")
    assert make_converter({}).unstructure(zone) == {
        "id": "kcn",
        "name": "KCN",
        "kind": "industrial_park",
        "province": "HP",
        "total_area": "300 ha",
    }


def test_a_file_that_cannot_be_read_says_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who reads any file: the refusal is made by hand.
    path = tmp_path / "locked.toml"
    path.write_text("[[zones]]\n", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(FileFormatError) as caught:
        read_text(path)
    [problem] = caught.value.problems
    assert (problem.path, problem.message, problem.value) == (
        "",
        "permission denied: the file cannot be read",
        str(path),
    )


def test_the_shipped_schema_file_is_what_render_writes() -> None:
    shipped = resources.files("industrial_policy.io").joinpath("dataset.schema.json")
    text = shipped.read_text(encoding="utf-8")
    assert render() == text
    assert json.loads(render()) == generate()


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf"])
def test_a_number_that_is_not_finite_is_named_among_finite_ones(bad: str) -> None:
    # Values read as columns: 1.5 fits, and the cell that is not finite is the one named.
    text = (
        '[[observations]]\nseries = "s"\non = 2024-01-01\nvalue = 1.5\n\n'
        f'[[observations]]\nseries = "s"\non = 2024-02-01\nvalue = {bad}\n'
    )
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text)
    [problem] = caught.value.problems
    assert problem.path == "observations[1].value"
    assert problem.message == f"must be a finite number, got {float(bad)!r}"


ZONE = '[[zones]]\nid = "a"\nname = "A"\nkind = "industrial_park"\nprovince = "HP"\n'


def test_a_file_s_declared_notation_reads_its_numbers() -> None:
    # Under "vi", "6.418,5 ha" is six thousand four hundred and eighteen and a half hectares.
    ds = ip.loads(f'notation = "vi"\n{ZONE}total_area = "6.418,5 ha"\n')
    assert ds.zones[0].total_area.to("hectare").magnitude == 6418.5


def test_an_unknown_notation_is_named_with_the_choices() -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(f'notation = "fr"\n{ZONE}total_area = "5 ha"\n', source="study.toml")
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("notation", "the notation of numbers is 'strict', 'en' or 'vi', got 'fr'", "fr")
    ]
    assert str(caught.value) == (
        "invalid file in study.toml: 1 problem\n"
        "  - notation: the notation of numbers is 'strict', 'en' or 'vi', got 'fr'"
    )


def test_another_format_is_named_with_the_one_read() -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads('format = "other/9"\n')
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("format", "this library reads format 'industrial-policy/1', got 'other/9'", "other/9")
    ]


def test_a_converter_writes_an_amount_as_plain_data() -> None:
    # An amount is written as the plain data read_amount reads back: "25%" as 0.25, money as
    # its text.
    conv = make_converter({})
    for text in ("25%", "19866 billion VND", "90.33 ha", "212"):
        amount = read_amount(text)
        assert conv.unstructure(amount, Amount) == plain_amount(amount)
        assert read_amount(conv.unstructure(amount, Amount)) == amount


PROCEDURE = '[[procedures]]\nid = "p"\nname = "p"\ngovernment_level = "provincial"\n'
CHOICES = (
    "each item must be one of 'online', 'in_person', 'postal' (or their Vietnamese names,"
    " see docs/glossary.md)"
)


@pytest.mark.parametrize(("channels", "bad"), [('["online", "fax"]', "fax"), ("[1]", 1)])
def test_a_set_of_choices_with_an_unknown_item_names_the_item(channels: str, bad: object) -> None:
    text = (
        f'{PROCEDURE}field = "investment"\n\n[[fees]]\nprocedure_id = "p"\nkind = "procedure"\n'
        f'amount = "5 VND"\nchannels = {channels}\n'
    )
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("fees[0].channels", f"{CHOICES}, got {bad!r}", bad)
    ]


def test_a_flag_given_as_null_is_refused() -> None:
    zone = {"id": "a", "name": "A", "kind": "industrial_park", "province": "P"}
    text = json.dumps({"zones": [zone | {"total_area": "5 ha", "illustrative": None}]})
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text, fmt="json")
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("zones[0].illustrative", "must be true or false, got None (Zone 'a')", None)
    ]


@pytest.mark.parametrize(
    ("name", "what", "chosen"),
    [("x.txt", "unknown file format 'txt'", "txt"), ("zones", "no file format in the name", "")],
)
def test_a_file_of_another_suffix_or_not_utf8_is_refused_at_the_top(
    tmp_path: Path, name: str, what: str, chosen: str
) -> None:
    other = tmp_path / name
    other.write_text("x", encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        ip.load(other)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        (
            "",
            f"{what}: use a .toml or .json file, or a folder of tables (format='csv' or 'parquet')",
            chosen,
        )
    ]
    latin = tmp_path / "bad.toml"
    latin.write_bytes(b'a = "\xff"')
    with pytest.raises(FileFormatError) as caught:
        ip.load(latin)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("", "is not UTF-8 text (byte 5: b'\\xff'); save it as UTF-8")
    ]


def test_dump_as_csv_writes_a_folder_at_the_path_whatever_its_suffix(tmp_path: Path) -> None:
    ds = ip.Dataset(
        zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="5 ha")]
    )
    target = tmp_path / "study.v1"
    ip.dump(ds, target, format="csv")
    assert sorted(p.name for p in target.iterdir()) == ["datapackage.json", "zones.csv"]
    assert ip.load(target) == ds


def test_dumps_writes_toml_unless_told_otherwise() -> None:
    ds = ip.Dataset(
        zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="5 ha")]
    )
    text = ip.dumps(ds)
    assert text == ip.dumps(ds, "toml")
    assert ip.loads(text) == ds
    assert text != ip.dumps(ds, "json")


A_ZONE = {"id": "z", "name": "Z", "kind": "industrial_park", "province": "P", "total_area": "5 ha"}
STATUSES = (
    "must be one of 'planned', 'established', 'under_construction', 'operating', 'closed'"
    " (or their Vietnamese names, see docs/glossary.md)"
)


def _problems(document: dict[str, object]) -> list[tuple[object, ...]]:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(json.dumps(document), fmt="json")
    return [(p.path, p.message, p.value, p.column, p.record_id) for p in caught.value.problems]


def test_an_empty_name_is_refused_as_empty_not_as_missing() -> None:
    assert _problems({"zones": [A_ZONE, A_ZONE | {"id": "y", "name": ""}]}) == [
        ("zones[1].name", "must not be empty, got '' (Zone 'y')", "", "name", "y")
    ]


def test_a_flag_whose_default_is_made_from_the_record_is_refused_as_null() -> None:
    # specialises_in_hi_tech defaults to None (worked out from the zone): null is not false.
    assert _problems({"zones": [A_ZONE, A_ZONE | {"id": "y", "specialises_in_hi_tech": None}]}) == [
        (
            "zones[1].specialises_in_hi_tech",
            "must be true or false, got None (Zone 'y')",
            None,
            "specialises_in_hi_tech",
            "y",
        )
    ]


def test_a_record_with_a_bad_field_still_checks_its_flags() -> None:
    # The record is read field by field; a field with no converter is checked by its validator.
    bad = A_ZONE | {"id": "y", "specialises_in_hi_tech": "yes", "status": "x"}
    assert _problems({"zones": [A_ZONE, bad]}) == [
        ("zones[1].status", f"{STATUSES}, got 'x' (Zone 'y')", "x", "status", "y"),
        (
            "zones[1].specialises_in_hi_tech",
            "must be true or false, got 'yes' (Zone 'y')",
            "yes",
            "specialises_in_hi_tech",
            "y",
        ),
    ]
    good = A_ZONE | {"id": "y", "specialises_in_hi_tech": True, "status": "x"}
    assert _problems({"zones": [A_ZONE, good]}) == [
        ("zones[1].status", f"{STATUSES}, got 'x' (Zone 'y')", "x", "status", "y")
    ]


def test_each_problem_of_a_record_names_its_column() -> None:
    bad = A_ZONE | {"id": "y", "parent_id": 5, "established": "2020-13-01"}
    assert _problems({"zones": [A_ZONE, bad]}) == [
        ("zones[1].parent_id", "an id must be text, got 5 (Zone 'y')", 5, "parent_id", "y"),
        (
            "zones[1].established",
            "month 13 does not exist: a month is 01 to 12, got '2020-13-01' (Zone 'y')",
            "2020-13-01",
            "established",
            "y",
        ),
    ]


PROJECT = {"id": "p", "zone_id": "z", "name": "P", "origin": "domestic"}


@pytest.mark.parametrize("origin", [{"origin": "domestic"}, {}])
@pytest.mark.parametrize(
    ("events", "path", "message"),
    [
        ("x", "projects[0].capital_events", "expected a list of CapitalEvent tables, got text"),
        (
            [5],
            "projects[0].capital_events[0]",
            "expected a table of CapitalEvent fields, got a number",
        ),
    ],
)
def test_nested_records_that_are_not_tables_are_named_at_their_place(
    origin: dict[str, str], events: object, path: str, message: str
) -> None:
    # With or without another problem in the record (a missing origin).
    project = {k: v for k, v in PROJECT.items() if k != "origin"} | origin
    found = _problems({"zones": [A_ZONE], "projects": [project | {"capital_events": events}]})
    assert (path, message) in [(p[0], p[1]) for p in found]
    expected_count = 1 if origin else 2
    assert len(found) == expected_count


def test_a_fresh_converter_reads_periods_and_writes_tables() -> None:
    conv = make_converter({})
    assert conv.structure("2024-Q2", Period) == parse_period("2024-Q2")
    # A deadline is a day or a period, as parse_deadline reads it.
    deadline = Period | dt.date | None
    assert conv.structure("2025-12-31", deadline) == dt.date(2025, 12, 31)  # type: ignore[arg-type]
    assert conv.structure("Q4 2025", deadline) == parse_period("Q4 2025")  # type: ignore[arg-type]
    assert conv.structure(None, deadline) is None  # type: ignore[arg-type]
    zone = ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="5 ha")
    written = conv.unstructure(Table.from_records(ip.Zone, [zone]), Table[ip.Zone])
    assert written == [conv.unstructure(zone, ip.Zone)]
    assert written[0]["total_area"] == "5 ha"


def test_toml_output_refuses_a_number_that_is_not_finite_naming_it() -> None:
    with pytest.raises(InvalidValueError) as caught:
        value_text(float("inf"))
    assert str(caught.value) == "TOML output cannot hold a non-finite number (got inf)"
    assert caught.value.value == float("inf")
    assert value_text({}) == "{}"
    assert value_text({"a": 1, "b": None}) == "{ a = 1 }"


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (relativedelta(years=2), "2 years"),
        (relativedelta(years=1, months=6), "1 year 6 months"),
        (relativedelta(days=1), "1 day"),
        (relativedelta(), "0 days"),
    ],
)
def test_a_duration_is_written_as_the_words_it_is_read_from(
    duration: relativedelta, text: str
) -> None:
    assert duration_text(duration) == text
    assert make_converter({}).unstructure(duration) == text


def test_a_converter_reads_a_table_of_records_with_its_reader_and_a_tuple_without() -> None:
    read: list[object] = []

    def reader(value: object) -> str:
        read.append(value)
        return "read by the reader"

    conv = make_converter({ReportedFigure: reader})
    documents = [{"id": "a", "metric": "zone_count", "value": 3}]
    assert conv.structure(documents, Table[ReportedFigure]) == "read by the reader"
    assert read == [documents]
    [figure] = conv.structure(documents, tuple[ReportedFigure, ...])
    assert figure == ReportedFigure("a", "zone_count", 3)
    assert read == [documents]


def test_nested_records_given_as_null_or_none_at_all() -> None:
    project = PROJECT | {"capital_events": None}
    assert _problems({"zones": [A_ZONE], "projects": [project]}) == [
        (
            "projects[0].capital_events",
            "expected a list of CapitalEvent tables, got null",
            None,
            None,
            None,
        )
    ]
    empty = [PROJECT, PROJECT | {"id": "q"}]
    document = {"zones": [A_ZONE], "projects": [p | {"capital_events": []} for p in empty]}
    ds = ip.loads(json.dumps(document), fmt="json")
    assert [p.capital_events for p in ds.projects] == [(), ()]


def test_the_fields_of_a_kind_not_read_before_are_listed_for_an_unknown_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What reading a kind needs is worked out on first use (and kept): here, anew.
    monkeypatch.setattr(record_lists, "_KINDS", {})
    fields = (
        "id, name, kind, province, total_area, industrial_land_area, parent_id, status,"
        " established, specialises_in_hi_tech, economic_zone_type, district, industry, source,"
        " illustrative"
    )
    assert _problems({"zones": [A_ZONE | {"colour": "red"}]}) == [
        (
            "zones[0].colour",
            f"unknown field; the fields of Zone are: {fields}",
            "colour",
            "colour",
            None,
        )
    ]


def test_procedures_with_and_without_a_fee_are_written_and_read_back() -> None:
    procedures = [
        ip.Procedure(id=p, name=p, government_level="provincial", field="investment", fee=fee)
        for p, fee in (("a", None), ("b", "5 million VND"), ("c", None))
    ]
    ds = ip.Dataset(procedures=procedures)
    for fmt in ("toml", "json"):
        assert ip.loads(ip.dumps(ds, fmt), fmt=fmt) == ds  # type: ignore[arg-type]


def test_toml_output_refuses_what_it_cannot_hold_naming_it() -> None:
    thing = object()
    with pytest.raises(InvalidValueError) as caught:
        value_text(thing)
    assert caught.value.reason == "cannot be written to TOML"
    assert caught.value.value is thing


# -- seed 5151 (a development sample of the file format) ------------------------------------


@pytest.mark.parametrize(
    ("path", "inner", "joined"),
    [
        ("parcels", "area", "parcels.area"),
        ("parcels", "[3].area", "parcels[3].area"),
        ("", "[3].area", "[3].area"),
        ("parcels", "", "parcels"),
    ],
)
def test_a_path_inside_another_is_joined_with_a_dot_or_its_index(
    path: str, inner: str, joined: str
) -> None:
    assert join_path(path, inner) == joined


def test_a_toml_syntax_error_is_a_problem_of_the_whole_file() -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads("[[zones]\n", "toml", source="study.toml")
    [problem] = caught.value.problems
    assert problem.path == ""
    assert problem.message.startswith("not valid TOML: ")
    assert caught.value.source == "study.toml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": "a", "name": "b"}', "not valid JSON: duplicate key 'name' in one object"),
        ('{"zones": [{"id": NaN}]}', "not valid JSON: NaN is not a number the format accepts"),
    ],
)
def test_json_the_format_refuses_is_named_json_in_capitals(text: str, message: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text, "json")
    assert [(p.path, p.message) for p in caught.value.problems] == [("", message)]


def test_a_file_name_holding_a_nul_character_is_not_a_possible_name() -> None:
    with pytest.raises(FileFormatError) as caught:
        read_text("study\0.toml")
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("", "is not a possible file name (it holds a NUL character)", "study\0.toml")
    ]


@pytest.mark.parametrize(
    ("text", "message"), [("", "is empty"), (" \n\t\n", "holds nothing but white space")]
)
def test_an_empty_file_says_whether_it_holds_white_space(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "study.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        read_text(path)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("", message, str(path))
    ]


def test_a_required_field_one_table_of_several_lacks_is_missing_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What reading a kind needs (the types each field takes in bulk) is worked out anew.
    monkeypatch.setattr(record_lists, "_KINDS", {})
    zone = 'id = "{0}"\nkind = "industrial_park"\nprovince = "HP"\ntotal_area = "30 ha"\n'
    text = (
        f"[[zones]]\n{zone.format('a')}name = 'A'\n\n"
        f"[[zones]]\n{zone.format('b')}\n"
        f"[[zones]]\n{zone.format('c')}name = 'C'\n"
    )
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text)
    assert [(p.path, p.message, p.column) for p in caught.value.problems] == [
        ("zones[1].name", "required field missing", "name")
    ]


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_an_amount_a_float_cannot_hold_is_written_to_the_digit(fmt: str) -> None:
    fees = ("123456789012345678.25 VND", "5 million VND", "123456789012345678.75 VND")
    procedures = [
        ip.Procedure(id=p, name=p, government_level="provincial", field="investment", fee=fee)
        for p, fee in zip("abc", fees, strict=True)
    ]
    ds = ip.Dataset(procedures=procedures)
    text = ip.dumps(ds, fmt)  # type: ignore[arg-type]
    assert "123456789012345678.25" in text
    assert "123456789012345678.75" in text
    assert ip.loads(text, fmt=fmt) == ds  # type: ignore[arg-type]


# -- seed 6001 (a development sample of the file format) ------------------------------------


@pytest.mark.parametrize(
    ("text", "paths"),
    [
        ('[[reported]]\nmetric = "zone_count"\nvalue = 3\n', ["reported[0].id"]),
        ('[[reported]]\nid = "r"\nmetric = "zone_count"\n', ["reported[0].value"]),
        (
            '[[reported]]\nid = "r"\n',
            ["reported[0].metric", "reported[0].value"],
        ),
    ],
)
def test_a_required_field_missing_from_a_record_read_alone_is_named_at_its_path(
    text: str, paths: list[str]
) -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        (path, "required field missing", None) for path in paths
    ]


@pytest.mark.parametrize(
    ("field", "given", "reason", "value"),
    [
        ("same_as", '"r"', "a figure is trivially the same as itself", "r"),
        ("parts", '["a", "a"]', "a part is listed twice", ("a", "a")),
    ],
)
def test_a_field_its_own_check_refuses_is_listed_with_the_field_that_stopped_the_record(
    field: str, given: str, reason: str, value: object
) -> None:
    # The metric stops the record's constructor; the other field's check still runs on the
    # value its converter made.
    text = f'[[reported]]\nid = "r"\nmetric = "nope"\nvalue = 3\n{field} = {given}\n'
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        ("reported[0].metric", f"{METRICS}, got 'nope' (ReportedFigure 'r')", "nope"),
        (
            "reported[0].value",
            "an area needs a unit, such as '3 ha', got 3 (ReportedFigure 'r')",
            3,
        ),
        (f"reported[0].{field}", f"{reason}, got {value!r} (ReportedFigure 'r')", value),
    ]


# -- seed 6002 (a development sample of the file format) ------------------------------------


@pytest.mark.parametrize("name", ["study", "study.v1/"])
def test_dump_to_a_path_without_a_suffix_or_ending_in_a_slash_writes_a_csv_folder(
    tmp_path: Path, name: str
) -> None:
    ds = ip.Dataset(
        zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="5 ha")]
    )
    ip.dump(ds, f"{tmp_path}/{name}")
    target = tmp_path / name.rstrip("/")
    assert sorted(p.name for p in target.iterdir()) == ["datapackage.json", "zones.csv"]
    assert ip.load(target) == ds


def test_a_fresh_converter_writes_decimals_as_exact_text_and_sets_as_sorted_lists() -> None:
    # The converters are built once per process: here, anew.
    conv = make_converter({})
    rate = ExchangeRate(base="USD", quote="VND", rate="25450.50", effective="2024-01-01")
    assert conv.unstructure(rate) == {
        "base": "USD",
        "quote": "VND",
        "rate": "25450.5",
        "effective": dt.date(2024, 1, 1),
    }
    kinds = frozenset({ZoneKind.INDUSTRIAL_PARK, ZoneKind.ECONOMIC_ZONE, ZoneKind.HI_TECH_PARK})
    assert conv.unstructure(kinds, frozenset[ZoneKind]) == [
        "economic_zone",
        "hi_tech_park",
        "industrial_park",
    ]


# -- seed 6003 (a development sample of the file format) ------------------------------------


def test_a_fresh_converter_reads_amounts_and_exchange_rates_with_their_own_readers() -> None:
    # Amounts and money are read by the fields' converters (text such as "25%"), not as
    # tables of their fields; exchange rates as a list of ExchangeRate tables.
    conv = make_converter({})
    target = conv.structure(
        {
            "id": "t",
            "title": "T",
            "metric": "observed",
            "kind": "stock",
            "comparator": "more_than",
            "value": "25%",
            "deadline": dt.date(2019, 12, 31),
            "unit": "ratio",
            "series": "s",
            "baseline": {"on": dt.date(2015, 12, 31), "value": "5%"},
        },
        Target,
    )
    assert target.value == Amount(Decimal("0.25"), "ratio")
    assert target.baseline is not None
    assert target.baseline.value == Amount(Decimal("0.05"), "ratio")
    rates = conv.structure(
        [{"base": "USD", "quote": "VND", "rate": "25450.5", "effective": "2024-01-01"}],
        ExchangeRates,
    )
    assert list(rates) == [
        ExchangeRate(base="USD", quote="VND", rate="25450.5", effective="2024-01-01")
    ]


def test_a_reason_longer_than_500_characters_is_cut_with_its_length() -> None:
    assert readable("x" * 600) == "x" * 500 + "...<600 characters>"
    assert readable("x" * 500) == "x" * 500


def test_loads_reads_numbers_in_the_notation_it_is_given() -> None:
    text = (
        '[[zones]]\nid = "a"\nname = "A"\nkind = "industrial_park"\nprovince = "P"\n'
        'total_area = "6.418,5 ha"\n'
    )
    [zone] = ip.loads(text, notation="vi").zones
    assert zone.total_area == 6418.5 * registry().hectare
    with pytest.raises(FileFormatError):
        ip.loads(text)  # the strict notation refuses "6.418,5"


def test_a_field_left_out_shows_itself_as_omitted() -> None:
    assert repr(OMIT) == "<omitted>"


# -- converters built anew ----------------------------------------------------------------
# The converters in use are built once per process (on first use), so a test that only
# loads and dumps files sees the converter as it was first built. These build them anew and
# check that they read and write every example as the ones in use do.

GOLDEN = sorted((Path(__file__).parent / "golden" / "cases").glob("*.toml"))


def _use_fresh_converters(monkeypatch: pytest.MonkeyPatch) -> None:
    records = make_converter({kind: partial(record_lists.read_records, kind) for kind in KINDS})
    plain = make_converter({})
    monkeypatch.setattr(files, "dataset_converter", lambda: records)
    for module in (files, record_text, packs):
        monkeypatch.setattr(module, "converter", lambda: plain)


def test_converters_built_anew_read_and_write_every_golden_case_as_those_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert len(GOLDEN) >= 50
    texts = [path.read_text(encoding="utf-8") for path in GOLDEN]
    expected = []
    for text in texts:
        ds = ip.loads(text)
        expected.append((ds, ip.dumps(ds, "toml"), ip.dumps(ds, "json")))
    _use_fresh_converters(monkeypatch)
    for path, text, (ds, toml_text, json_text) in zip(GOLDEN, texts, expected, strict=True):
        again = ip.loads(text)
        assert again == ds, path.name
        assert ip.dumps(again, "toml") == toml_text, path.name
        assert ip.dumps(again, "json") == json_text, path.name


def test_converters_built_anew_read_every_shipped_rule_pack_as_those_in_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = resources.files("industrial_policy.rules").joinpath("packs")
    texts = {
        name: folder.joinpath(f"{name}.toml").read_text(encoding="utf-8")
        for name in packs.shipped_packs()
    }
    assert texts
    expected = {name: packs.parse_pack(text, name) for name, text in texts.items()}
    _use_fresh_converters(monkeypatch)
    for name, text in texts.items():
        assert packs.parse_pack(text, name) == expected[name], name


# -- seed 6004 (a development sample of the file format) ------------------------------------


def test_a_record_read_by_its_converter_keeps_the_dates_of_the_others_coded() -> None:
    # The area given as a table sends zone "a" to its converter; its date, read there, sits
    # among the dates of the column read in bulk.
    zone = '[[zones]]\nid = "{0}"\nname = "{0}"\nkind = "industrial_park"\nprovince = "P"\n'
    text = (
        f'{zone.format("a")}total_area = {{ value = 3, unit = "ha" }}\nestablished = "2020-01-02"\n'
        f'{zone.format("b")}total_area = "5 ha"\nestablished = "2021-01-02"\n'
        f'{zone.format("c")}total_area = "7 ha"\nestablished = "2020-01-02"\n'
    )
    zones = ip.loads(text).zones
    assert [(z.id, z.total_area, z.established) for z in zones] == [
        ("a", 3 * registry().hectare, dt.date(2020, 1, 2)),
        ("b", 5 * registry().hectare, dt.date(2021, 1, 2)),
        ("c", 7 * registry().hectare, dt.date(2020, 1, 2)),
    ]


@pytest.mark.parametrize(
    ("document", "got"),
    [("zones = 2024-01-01", "date"), ("zones = 12:30:00", "time"), ("zones = 1.5", "a number")],
)
def test_a_list_given_as_something_else_names_what_it_got(document: str, got: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(document)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("zones", f"expected a list of Zone tables, got {got}")
    ]


def test_a_fresh_converter_names_the_records_a_list_must_hold() -> None:
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the group cattrs raises
        make_converter({}).structure("x", tuple[ReportedFigure, ...])
    problems, _ = counted_problems(caught.value, "reported")
    assert [(p.path, p.message) for p in problems] == [
        ("reported", "expected a list of ReportedFigure tables, got text")
    ]


def test_a_file_of_an_unknown_suffix_is_named_as_the_source(tmp_path: Path) -> None:
    ds = ip.Dataset(
        zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="5 ha")]
    )
    path = tmp_path / "study.txt"
    with pytest.raises(FileFormatError) as caught:
        ip.dump(ds, path)
    assert caught.value.source == str(path)
    assert [(p.path, p.message, p.value) for p in caught.value.problems] == [
        (
            "",
            "unknown file format 'txt': use a .toml or .json file, or a folder of tables"
            " (format='csv' or 'parquet')",
            "txt",
        )
    ]


@pytest.mark.parametrize(
    ("key", "text"),
    [("area_ha", "area_ha"), ("diện tích", '"diện tích"'), ("a.b", '"a.b"'), ("", '""')],
)
def test_a_key_is_written_bare_when_it_can_be_else_quoted(key: str, text: str) -> None:
    assert key_text(key) == text


# -- seed 7373 (the reported sample: tests written after its run) -------------------------


def test_control_characters_in_a_reason_are_escaped_as_python_writes_them() -> None:
    assert readable("a\x1b[2Jb\nc") == "a\\x1b[2Jb\\nc"
    assert readable("plain text") == "plain text"


def test_load_reads_a_file_in_the_format_it_is_given_whatever_its_suffix(tmp_path: Path) -> None:
    ds = ip.Dataset(
        zones=[ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="5 ha")]
    )
    path = tmp_path / "study.txt"
    path.write_text(ip.dumps(ds, "json"), encoding="utf-8")
    assert ip.load(path, format="json") == ds
    assert ip.load(path, fmt="json") == ds
