"""Reports through JSON: the text reads back to the report's plain data, typed as documented.

There is no ``Report.from_json`` (nor ``from_dict``) to read a report back
into findings, so the round trip is: ``Report.to_json()`` → ``json.loads``
gives exactly ``Report.to_dict()``; that document is valid, strict JSON (no
``NaN``); writing it again gives the same bytes; and every field has the type
``docs/report-format.md`` gives it (checked with a JSON Schema written from
that page, below, not from the code).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st
from invariants_support import EVALUATION_DAYS, evaluate_engines

from industrial_policy import Dataset, Status, examples
from industrial_policy.findings import Report
from industrial_policy.testing import evaluable_datasets, reports

DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TEXT_OR_NULL = {"type": ["string", "null"]}
# "Units: pint unit names for areas (hectare), ISO currency codes for money (VND, USD; the
# value is then a decimal string so no digit is lost), count, ratio (a fraction) and
# percentage_points."
AMOUNT = {
    "type": "object",
    "required": ["value", "unit"],
    "properties": {"value": True, "unit": True},
    "additionalProperties": False,
    "oneOf": [
        {
            "properties": {
                "unit": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "value": {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
            }
        },
        {
            "properties": {
                # A count, or a figure about counts: "required change per year" 0.33
                # projects, the "expected" level on the path.
                "unit": {"const": "count"},
                "value": {"type": ["number", "null"]},
            }
        },
        {
            "properties": {
                "unit": {
                    "enum": [
                        "ratio",
                        "percentage_points",
                        "hectare",
                        "meter ** 2",
                        "kilometer ** 2",
                    ]
                },
                # null: an undefined value (NaN) is written as null, never as NaN.
                "value": {
                    "anyOf": [
                        {"type": ["number", "null"]},
                        # Tolerated only while the bug of
                        # test_a_share_written_as_text_is_a_number_in_json stands: remove
                        # this line when that test starts to pass.
                        {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
                    ]
                },
            }
        },
    ],
}
AMOUNT_OR_NULL = {"oneOf": [{"type": "null"}, AMOUNT]}
FINDING = {
    "type": "object",
    "required": [
        "id",
        "check_id",
        "kind",
        "title",
        "subject_id",
        "subject_kind",
        "status",
        "as_of",
        "actual",
        "comparator",
        "threshold",
        "threshold_upper",
        "gap",
        "citation",
        "details",
        "explanation",
    ],
    "properties": {
        "id": {"type": "string"},
        "check_id": {"type": "string"},
        "kind": {"enum": ["rule", "target", "rate", "impact", "reconciliation"]},
        "title": {"type": "string"},
        "subject_id": {"type": "string"},
        "subject_kind": {"type": "string"},
        "status": {"enum": [s.value for s in Status]},
        "as_of": DATE,
        "actual": AMOUNT_OR_NULL,
        "comparator": {
            "enum": ["at_least", "more_than", "at_most", "less_than", "between", "about", None]
        },
        "threshold": AMOUNT_OR_NULL,
        "threshold_upper": AMOUNT_OR_NULL,
        "gap": AMOUNT_OR_NULL,
        "citation": TEXT_OR_NULL,
        "details": {"type": "object", "additionalProperties": AMOUNT_OR_NULL},
        "basis": TEXT_OR_NULL,
        "explanation": {
            "type": "object",
            "required": ["formula", "inputs", "parameters", "steps", "notes"],
            "properties": {
                "formula": {"type": "string"},
                "inputs": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "value", "records", "record_count", "source"],
                        "properties": {
                            "name": {"type": "string"},
                            "value": AMOUNT_OR_NULL,
                            "records": {"type": "array", "items": {"type": "string"}},
                            "record_count": {"type": ["integer", "null"], "minimum": 0},
                            "source": TEXT_OR_NULL,
                        },
                    },
                },
                "parameters": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "value", "effective_from", "citation", "overridden"],
                        "properties": {
                            "id": {"type": "string"},
                            "value": AMOUNT,
                            "effective_from": {"oneOf": [{"type": "null"}, DATE]},
                            "citation": TEXT_OR_NULL,
                            "overridden": {"type": "boolean"},
                        },
                    },
                },
                "steps": {"type": "array", "items": {"type": "string"}},
                "notes": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}
REPORT = {
    "type": "object",
    "required": ["format", "as_of", "dataset", "counts", "findings"],
    "properties": {
        "format": {"const": "industrial-policy-report/1"},
        "as_of": DATE,
        "dataset": TEXT_OR_NULL,
        "counts": {
            "type": "object",
            "propertyNames": {"enum": [s.value for s in Status]},
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        "findings": {"type": "array", "items": FINDING},
    },
}


def _refuse(name: str) -> Any:
    raise AssertionError(f"not strict JSON: {name}")


def check_round_trip(report: Report) -> dict[str, Any]:
    """Every property of the round trip; returns the document read back."""
    text = report.to_json()
    document = json.loads(text, parse_constant=_refuse)
    assert document == report.to_dict()
    assert json.dumps(document, indent=2, ensure_ascii=False) == text
    assert json.loads(report.to_json(indent=None), parse_constant=_refuse) == document
    for error in jsonschema.Draft202012Validator(REPORT).iter_errors(document):
        where = "/".join(str(part) for part in error.absolute_path)
        raise AssertionError(f"{where}: {error.instance!r} is not as documented ({error.message})")
    # What the schema cannot say: ids, counts and dates agree with each other.
    findings = document["findings"]
    assert document["as_of"] == report.as_of.isoformat()
    assert len({f["id"] for f in findings}) == len(findings)
    counted: dict[str, int] = {}
    for finding in findings:
        assert finding["id"] == f"{finding['check_id']}/{finding['subject_id']}"
        dt.date.fromisoformat(finding["as_of"])
        counted[finding["status"]] = counted.get(finding["status"], 0) + 1
        for item in finding["explanation"]["inputs"]:
            count = item["record_count"]
            assert count is None or len(item["records"]) <= count
    assert document["counts"] == counted
    return document


@given(evaluable_datasets(), st.sampled_from(EVALUATION_DAYS))
def test_every_engine_report_round_trips_through_json(dataset: Dataset, day: str) -> None:
    report = evaluate_engines(dataset, day)
    document = check_round_trip(report)
    assert [f["id"] for f in document["findings"]] == [f.id for f in report]


@given(reports())
def test_any_report_round_trips_through_json(report: Report) -> None:
    check_round_trip(report)


def test_the_source_examples_round_trip_through_json() -> None:
    report = evaluate_engines(examples.load("combined"), "2024-12-31")
    document = check_round_trip(report)
    assert {f["kind"] for f in document["findings"]} == {"rule", "target", "reconciliation"}


def test_a_fees_forgone_report_is_typed_as_documented() -> None:
    from industrial_policy.services import fees_forgone

    hai_duong = examples.load("hai-duong-2021")
    discount = hai_duong.fee_discounts[0].id
    finding = fees_forgone(hai_duong, discount, period="2021")
    check_round_trip(Report((finding,), dt.date(2021, 12, 31), hai_duong.name))


def test_a_share_written_as_text_is_a_number_in_json() -> None:
    from industrial_policy.records import Observation, Target
    from industrial_policy.services import RateTarget, track_rate_targets
    from industrial_policy.tracking import track

    share = Target(
        id="s",
        title="25% by 2024",
        metric="observed",
        unit="ratio",
        kind="stock",
        comparator="at_least",
        value="25%",
        deadline="2024-12-31",
    )
    seen = [Observation(series="s", on="2024-12-31", value="20%")]
    threshold = track(Dataset(), [share], "2025-01-01", observations=seen).to_dict()["findings"][0][
        "threshold"
    ]
    growth = RateTarget(
        id="r",
        title="+20% a year",
        kind="growth",
        series="x",
        comparator="at_least",
        growth="20%",
        growth_unit="relative",
        baseline_on="2021-01-01",
        baseline_value="13.6%",
        deadline="2022-12-31",
    )
    parameter = track_rate_targets([growth], as_of="2022-06-01").to_dict()["findings"][0][
        "explanation"
    ]["parameters"][1]["value"]
    assert threshold == {"value": 0.25, "unit": "ratio"}
    assert parameter == {"value": 0.2, "unit": "ratio"}
