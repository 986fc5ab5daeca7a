"""The dataset file: load/dump round trips, strict errors with paths, the JSON Schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import DatasetIntegrityError, FileFormatError, IndustrialPolicyError
from industrial_policy.io import schema as shipped_schema
from industrial_policy.io.schema import generate
from industrial_policy.testing import datasets

QUANG_NAM = ip.examples.path("quang-nam-2024")

VALID_TOML = """
format = "industrial-policy/1"
name = "tiny"

[[zones]]
id = "ez"
name = "EZ"
kind = "economic_zone"
province = "Quảng Nam"
total_area = "1000 ha"

[[zones]]
id = "kcn-a"
name = "KCN A"
kind = "industrial_park"
province = "Quảng Nam"
parent_id = "ez"
total_area = "300 ha"
industrial_land_area = "210 ha"

[[parcels]]
id = "a-1"
zone_id = "kcn-a"
area = "45 ha"
status = "reserved"
category = "hi_tech"

[[projects]]
id = "p-1"
name = "Plant"
origin = "fdi"
country = "Japan"
zone_id = "kcn-a"
categories = ["hi_tech"]
capital_events = [
  { date = 2020-03-01, kind = "licensed", amount = "50 million USD" },
  { date = "2024-06-01", kind = "capital_adjusted", amount = "-5 million USD" },
]
"""


def test_load_valid_toml_builds_the_records() -> None:
    ds = ip.loads(VALID_TOML)
    assert [z.id for z in ds.zones] == ["ez", "kcn-a"]
    assert ds.zone("kcn-a").total_area.to("ha").magnitude == pytest.approx(300)
    assert ds.parcel("a-1").category is ip.Category.HI_TECH
    capital = ds.project("p-1").registered_capital_on(__import__("datetime").date(2024, 12, 31))
    assert str(capital) == "45 million USD"


def test_toml_and_json_are_the_same_schema() -> None:
    ds = ip.loads(VALID_TOML)
    assert ip.loads(ip.dumps(ds, "json"), "json") == ds
    assert ip.loads(ip.dumps(ds, "toml"), "toml") == ds


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(dataset=datasets(), fmt=st.sampled_from(["toml", "json"]))
def test_dump_then_load_returns_an_equal_dataset(dataset: ip.Dataset, fmt: str) -> None:
    text = ip.dumps(dataset, fmt)  # type: ignore[arg-type]
    again = ip.loads(text, fmt)  # type: ignore[arg-type]
    assert again == dataset
    # nothing dropped, nothing duplicated
    assert again.summary() == dataset.summary()


def test_dump_and_load_files(tmp_path: Path) -> None:
    ds = ip.loads(VALID_TOML)
    for suffix in ("toml", "json"):
        target = tmp_path / f"study.{suffix}"
        ip.dump(ds, target)
        assert ip.load(target) == ds


def test_every_problem_is_listed_with_its_path() -> None:
    document = json.loads(ip.dumps(ip.loads(VALID_TOML), "json"))
    document["zones"][1]["total_area"] = "300"  # no unit
    document["zones"][0]["kind"] = "industrial_zoo"  # unknown kind
    document["parcels"][0]["area"] = "-4 ha"  # negative
    document["parcels"][0]["colour"] = "red"  # unknown field
    del document["projects"][0]["name"]  # missing
    with pytest.raises(FileFormatError) as caught:
        ip.loads(json.dumps(document), "json")
    paths = {problem.path for problem in caught.value.problems}
    assert paths == {
        "zones[1].total_area",
        "zones[0].kind",
        "parcels[0].area",
        "parcels[0].colour",
        "projects[0].name",
    }
    message = str(caught.value)
    assert "an area needs a unit" in message
    assert "'industrial_zoo'" in message
    assert "5 problems" in message


def test_records_that_do_not_fit_together_are_listed() -> None:
    text = VALID_TOML.replace('parent_id = "ez"', 'parent_id = "nowhere"').replace(
        'zone_id = "kcn-a"\narea', 'zone_id = "kcn-b"\narea'
    )
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.loads(text)
    assert {p.path for p in caught.value.problems} == {"zones[1].parent_id", "parcels[0].zone_id"}


@pytest.mark.parametrize(
    ("text", "fmt", "fragment"),
    [
        ("[[zones]\n", "toml", "not valid TOML"),
        ('{"zones": [', "json", "not valid JSON"),
        ('{"name": "a", "name": "b"}', "json", "duplicate key 'name'"),
        ('{"zones": [{"id": NaN}]}', "json", "NaN"),
        ("[1, 2]", "json", "must hold a table"),
        ('{"format": "other/9"}', "json", "reads format"),
        ('{"zones": "all of them"}', "json", "expected a list of Zone tables"),
        ('{"zones": ["kcn"]}', "json", "expected a table of Zone fields"),
        ("[" * 100_000, "json", "nested too deeply"),
    ],
)
def test_malformed_text_is_a_file_format_error(text: str, fmt: str, fragment: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text, fmt)  # type: ignore[arg-type]
    assert fragment in str(caught.value)


def test_scalars_are_not_coerced() -> None:
    bad = VALID_TOML.replace('category = "hi_tech"', "category = 1").replace(
        'name = "KCN A"', "name = 12"
    )
    with pytest.raises(FileFormatError) as caught:
        ip.loads(bad)
    assert {p.path for p in caught.value.problems} == {"zones[1].name", "parcels[0].category"}


def test_unreadable_files_get_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="no such file"):
        ip.load(tmp_path / "missing.toml")
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(FileFormatError, match="is a directory"):
        ip.load(tmp_path / "folder.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('name = "Hải Dương"'.encode("utf-16"))
    with pytest.raises(FileFormatError, match="not UTF-8"):
        ip.load(latin)
    with pytest.raises(FileFormatError, match="unknown file format"):
        ip.load(tmp_path / "data.yaml")
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.toml"
        locked.write_text("")
        locked.chmod(0)
        with pytest.raises(FileFormatError, match="permission denied"):
            ip.load(locked)


def test_errors_are_the_library_s() -> None:
    assert issubclass(FileFormatError, IndustrialPolicyError)
    assert issubclass(DatasetIntegrityError, IndustrialPolicyError)


def test_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema() == generate(), "regenerate with: python -m industrial_policy.io"


def test_schema_describes_every_dataset_field() -> None:
    generated = generate()
    assert set(generated["properties"]) >= {"zones", "parcels", "projects", "procedures"}
    zone = generated["$defs"]["Zone"]
    assert zone["additionalProperties"] is False
    assert set(zone["required"]) == {"id", "name", "kind", "province"}
    assert generated["$defs"]["Zone"]["properties"]["total_area"] == {"$ref": "#/$defs/Area"}


def test_example_files_validate_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import tomllib

    for name in ip.examples.names():
        document = tomllib.loads(ip.examples.path(name).read_text(encoding="utf-8"))
        document = json.loads(json.dumps(document, default=str))  # TOML dates to text
        jsonschema.validate(document, shipped_schema())


def test_quang_nam_example_loads() -> None:
    ds = ip.load(QUANG_NAM)
    assert ds.name == "Quảng Nam 2024"


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        ('[zones]\nfile = "z.csv"\n[parcels.columns]\narea = "area_ha"\n', ["zones", "parcels"]),
        ('[projects]\nsheet = "Dự án"\n', ["projects"]),
        ('[zones.units]\ntotal_area = "ha"\n', ["zones"]),
    ],
)
def test_a_column_mapping_given_as_a_dataset_is_named_for_what_it_is(
    text: str, sections: list[str]
) -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text, source="mapping.toml")
    (problem,) = caught.value.problems
    assert problem.path == ", ".join(sections)
    assert problem.value == sections
    assert problem.message == (
        "tables of settings ('file', 'columns', 'units'...) where a dataset lists records: this"
        " is a column mapping; read the tables it names with ip.read(mapping='mapping.toml')"
        " (on the command line: --mapping)"
    )


@pytest.mark.parametrize(
    "text",
    [
        # A list of records beside it: a dataset file, whatever its other sections hold.
        '[[zones]]\nid = "z"\nname = "Z"\nkind = "industrial_park"\nprovince = "Hà Nội"\n'
        '[parcels]\nfile = "p.csv"\n',
        # A section that is not a table a mapping names, or holds none of a mapping's keys.
        '[settings]\nfile = "x"\n',
        '[zones]\nid = "z"\n',
    ],
)
def test_a_dataset_with_a_table_of_settings_is_not_taken_for_a_mapping(text: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text)
    assert all("column mapping" not in p.message for p in caught.value.problems)


def test_a_column_mapping_given_as_text_says_to_pass_its_path() -> None:
    with pytest.raises(FileFormatError) as caught:
        ip.loads('[zones]\nfile = "z.csv"\n')
    assert "ip.read(mapping=<its path>)" in caught.value.problems[0].message
