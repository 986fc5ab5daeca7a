"""The JSON Schema of the dataset format, generated from the value types.

The schema is derived from the attrs classes, so it cannot drift from what
:func:`~industrial_policy.io.load` accepts; the copy shipped in the
package (``dataset.schema.json``) is checked against it by the tests, and
regenerated with ``python -m industrial_policy.io``.

The schema describes shapes and spellings; the loader checks more (an
industrial land area not above the total area, references between records).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import attrs
import pint
from dateutil.relativedelta import relativedelta

from industrial_policy.amounts import PLAIN_PATTERN, POINTS_PATTERN, SHARE_PATTERN, Amount
from industrial_policy.columnar import Table
from industrial_policy.dataset import Dataset
from industrial_policy.io.files import FORMAT_ID
from industrial_policy.money import MONEY_PATTERN, ExchangeRate, ExchangeRates, Money
from industrial_policy.numbers import BLANK, Notation
from industrial_policy.periods import Period
from industrial_policy.units import AREA_PATTERN, AREA_UNIT_PATTERN

__all__ = ["generate", "schema"]

SCHEMA_ID = "https://industrial-policy.readthedocs.io/schema/dataset-1.json"

_AREA = {
    "description": "An area with its unit: '3676 ha', '90.33 ha', '12 sao_bac_bo', '1.5 km2'"
    " (units: ha, m2, km2, sao_bac_bo, sao_trung_bo, mau_bac_bo, mau_trung_bo, cong_nam_bo),"
    " or a table {value, unit}.",
    "oneOf": [
        {"type": "string", "pattern": AREA_PATTERN},
        {
            "type": "object",
            "properties": {
                "value": {"type": "number"},
                "unit": {"type": "string", "pattern": f"^{BLANK}*{AREA_UNIT_PATTERN}{BLANK}*$"},
            },
            "required": ["value", "unit"],
            "additionalProperties": False,
        },
    ],
}
_MONEY = {
    "type": "string",
    "description": "An amount and its currency: '19866 billion VND', '1.2 billion USD',"
    " 'USD 500 million', '150000 VND' (a currency of ISO 4217, once).",
    "pattern": MONEY_PATTERN,
}
_DATE = {
    "type": "string",
    "format": "date",
    "description": "An ISO date, 2021-12-31 (a TOML file may use a native date).",
}
_DURATION = {
    "description": "A length of time: '2 years', '18 months', '1 year 6 months', 'P2Y',"
    " or a table {years, months, days}.",
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "properties": {k: {"type": "integer"} for k in ("years", "months", "days")},
            "additionalProperties": False,
        },
    ],
}
_AMOUNT = {
    "description": "A number in a unit: 250 (a count), '25%' (a share), '5 pp' (percentage"
    " points), '90.33 ha', '1.2 billion USD', or a table {value, unit}.",
    "oneOf": [
        {"type": "number"},
        {
            "type": "string",
            "anyOf": [
                *(
                    {"pattern": pattern}
                    for pattern in (PLAIN_PATTERN, SHARE_PATTERN, POINTS_PATTERN)
                ),
                {"$ref": "#/$defs/Money"},
                {"$ref": "#/$defs/Area"},
            ],
        },
        {
            "type": "object",
            "properties": {"value": {}, "unit": {"type": "string"}},
            "required": ["value", "unit"],
            "additionalProperties": False,
        },
    ],
}
_PERIOD = {
    "type": ["string", "integer"],
    "description": "A period: '2025', 'Q4 2021', '2021-09', '2021–2025', '2021-09-01/2023-08-31'.",
}


def _is_optional(t: Any) -> tuple[bool, Any]:
    if typing.get_origin(t) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(t) if a is not type(None)]
        if len(args) < len(typing.get_args(t)):
            return True, args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007
    return False, t


def _type_schema(t: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    _, t = _is_optional(t)
    if t is pint.Quantity or typing.get_origin(t) is pint.Quantity:
        return {"$ref": "#/$defs/Area"}
    if t is Money:
        return {"$ref": "#/$defs/Money"}
    if t is dt.date:
        return {"$ref": "#/$defs/Date"}
    if t is Period:
        return {"$ref": "#/$defs/Period"}
    if t is ExchangeRates:
        return {"type": "array", "items": _type_schema(ExchangeRate, definitions)}
    if t is relativedelta:
        return {"$ref": "#/$defs/Duration"}
    if t is Amount:
        return {"$ref": "#/$defs/Amount"}
    if t is Decimal:
        return {"type": ["string", "number"], "description": "an exact decimal number"}
    if t is bool:
        return {"type": "boolean"}
    if t is int:
        return {"type": "integer"}
    if t is float:
        # The fields' converters also read shares written as text ("13.6%").
        return {"type": ["number", "string"]}
    if t is str:
        return {"type": "string", "minLength": 1}
    if t is typing.Any or t is object:
        return {}
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return {"enum": [member.value for member in t]}
    if isinstance(t, type) and attrs.has(t):
        name = t.__name__
        if name not in definitions:
            definitions[name] = {}  # placeholder against recursion
            definitions[name] = _class_schema(t, definitions)
        return {"$ref": f"#/$defs/{name}"}
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (tuple, list, Table) and args:
        return {"type": "array", "items": _type_schema(args[0], definitions)}
    if origin is frozenset and args:
        return {"type": "array", "items": _type_schema(args[0], definitions), "uniqueItems": True}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(a, definitions) for a in args]}
    if origin in (dict, typing.Mapping) or t is dict:
        return {"type": "object"}
    raise TypeError(f"no JSON Schema for {t!r}")


def _class_schema(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        name = field.alias or field.name
        properties[name] = field.metadata.get("json_schema") or _type_schema(
            hints[field.name], definitions
        )
        optional, _ = _is_optional(hints[field.name])
        if field.default is attrs.NOTHING and not optional:
            required.append(name)
    result: dict[str, Any] = {"type": "object"}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    if doc:
        result["description"] = " ".join(doc.split())
    result["properties"] = properties
    if required:
        result["required"] = required
    result["additionalProperties"] = False
    return result


def generate() -> dict[str, Any]:
    """The schema, built from the classes (what the shipped file must equal)."""
    definitions: dict[str, Any] = {
        "Area": _AREA,
        "Money": _MONEY,
        "Date": _DATE,
        "Period": _PERIOD,
        "Duration": _DURATION,
        "Amount": _AMOUNT,
    }
    root = _class_schema(Dataset, definitions)
    notation = {
        "enum": [str(n) for n in Notation],
        "description": "How numbers, amounts and dates written as text read: 'strict' (the"
        " default: English, refusing what Vietnamese reads otherwise), 'en' or 'vi'.",
    }
    root["properties"] = {
        "format": {"const": FORMAT_ID},
        "notation": notation,
        **root["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "industrial-policy dataset",
        **root,
        "$defs": dict(sorted(definitions.items())),
    }


@cache
def schema() -> dict[str, Any]:
    """The shipped JSON Schema of the dataset format."""
    text = resources.files("industrial_policy.io").joinpath("dataset.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def render() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"
