"""Fuzz the lists of records read as columns: any value in any field of any record.

Every field of every record of the kinds read as columns (zones, parcels, projects and
their capital events and production values, procedures, dossiers, counts, offerings, fees,
observations), in a document holding one record of each, gets a hostile value: another
type, a boolean where a number belongs, a huge number, a nested list, Vietnamese text or
control characters. The load ends in a whole dataset or in the library's error naming the
field's own path (or, for a value that breaks a rule between fields, its record), never in
another exception; the same holds when every record of a long list carries the value.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from hostile import (
    DATASET_ERRORS,
    EVERY_RECORD,
    Format,
    Mutation,
    dataset_problems,
    judge,
    path_text,
    reference_parse,
    replaced,
    write,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import FileFormatError
from industrial_policy.io.record_lists import KINDS

EVERY = reference_parse(EVERY_RECORD.read_text(encoding="utf-8"), "toml")
LISTS = [name for name, table in ip.load(EVERY_RECORD).tables().items() if table.kind in KINDS]

HOSTILE: list[Any] = [
    None, True, False, 0, 1, -1, 2**63, 10**400, -(10**400), 1.5, -0.0, 1e308, 1e-320,
    math.nan, math.inf, "", " ", "\t", "true", "1", "1.5", "6.418 ha", "1,5 USD", "2021-02-30",
    "Đại An", "Khu kinh tế Đông Nam", "\x00", "\x1b[2J", "\u202e", "a" * 300, [], [1], ["x"],
    [[[]]], [{}], {}, {"a": 1}, {"value": 3, "unit": "ha"}, dt.date(2021, 1, 1),
    dt.datetime(2021, 1, 1), dt.datetime(2021, 1, 1, 8, 30),
]  # fmt: skip


def _places() -> list[tuple[str | int, ...]]:
    """Every field of every record of the lists read as columns, nested records included."""
    places: list[tuple[str | int, ...]] = []
    for name in LISTS:
        for index, record in enumerate(EVERY.get(name, [])):
            for key, value in record.items():
                places.append((name, index, key))
                if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                    for k, child in enumerate(value):
                        places.extend((name, index, key, k, inner) for inner in child)
    return places


PLACES = _places()


def _value(value: Any, fmt: Format) -> Any:
    if fmt == "json" and isinstance(value, dt.date):
        return value.isoformat()
    return value


def _verdict(document: Any, fmt: Format, mutation: Mutation) -> Any:
    text = write(document, fmt)
    return judge(
        lambda: ip.loads(text, fmt, source="fuzzed"),
        lambda dataset: dataset_problems(dataset, reference_parse(text, fmt)),
        allowed=DATASET_ERRORS,
        source="fuzzed",
        mutations=(mutation,),
        shown=(mutation, text[:3000]),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    place=st.sampled_from(PLACES),
    value=st.sampled_from(HOSTILE),
    fmt=st.sampled_from(["toml", "json"]),
)
def test_any_value_in_any_field_is_read_or_named(
    place: tuple[str | int, ...], value: Any, fmt: Format
) -> None:
    value = _value(value, fmt)
    if fmt == "toml" and value is None:
        return  # TOML has no null: the writer leaves the key out
    result = _verdict(replaced(EVERY, place, value), fmt, Mutation("replace", place, value))
    if isinstance(result, FileFormatError) and not _is_rule_between_fields(result, place):
        assert path_text(place) in {p.path for p in result.problems}, result


def _is_rule_between_fields(error: FileFormatError, place: tuple[str | int, ...]) -> bool:
    """Whether the error tells another field of the record (a value that reads, but breaks a
    rule between fields, such as a parcel made vacant that still names a category), or the
    text itself (NaN, which JSON does not have)."""
    if all(p.path == "" for p in error.problems):
        return True
    record = path_text(place[:2])
    return all(p.path.startswith(record) for p in error.problems) and path_text(place) not in {
        p.path for p in error.problems
    }


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    place=st.sampled_from([p for p in PLACES if len(p) == 3]),
    value=st.sampled_from(HOSTILE),
)
def test_a_value_in_every_record_of_a_long_list_is_counted(
    place: tuple[str | int, ...], value: Any
) -> None:
    """2000 copies of a record, each with the value: one verdict, problems capped, all counted."""
    name, index, key = place
    record = replaced(EVERY[name][index], (key,), _value(value, "json"))
    copies = [
        {**record, "id": f"{record['id']}-{i}"} if "id" in record else dict(record)
        for i in range(2000)
    ]
    document = json.loads(json.dumps({**EVERY, name: copies}, default=str))
    result = _verdict(document, "json", Mutation("replace", (name,), value))
    if isinstance(result, FileFormatError) and result.total > 1000:
        assert len(result.problems) == 1000
        assert f"{result.total} problems" in str(result).split("\n")[0]
