"""A TOML writer for the dataset format's plain data.

The standard library reads TOML (``tomllib``) but does not write it, and the
library takes no runtime dependency for it. The data written here is the
output of unstructuring: tables of scalars, lists, dates and nested tables,
so a small writer serves: top-level tables of records become arrays of
tables (``[[zones]]``), anything nested inside a record is written inline.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from industrial_policy.errors import InvalidValueError

__all__ = ["Tables", "dumps", "key_text", "value_text"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def key_text(key: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted."""
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes; TOML also forbids
    # a raw DEL character, which JSON leaves as it is.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def value_text(value: Any) -> str:
    """The TOML text of a value (nested tables and lists inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidValueError("TOML output cannot hold a non-finite number", value=value)
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime):
        raise InvalidValueError("the dataset format holds dates, not date-times", value=value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(
            f"{key_text(k)} = {value_text(v)}" for k, v in value.items() if v is not None
        )
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    raise InvalidValueError("cannot be written to TOML", value=value)


class Tables(str):
    """The ``[[key]]`` tables of a list of records, written already: :func:`dumps` puts
    the text where it would write the list (a writer from columns makes it)."""


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )


def dumps(document: Mapping[str, Any]) -> str:
    """TOML text for ``document``: scalars first, then one ``[[key]]`` table per record."""
    lines: list[str] = []
    for key, value in document.items():
        if value is None or _is_table_array(value) or isinstance(value, Mapping | Tables):
            continue
        lines.append(f"{key_text(key)} = {value_text(value)}")
    for key, value in document.items():
        if isinstance(value, Mapping):
            lines.append("")
            lines.append(f"[{key_text(key)}]")
            lines.extend(
                f"{key_text(k)} = {value_text(v)}" for k, v in value.items() if v is not None
            )
    for key, value in document.items():
        if isinstance(value, Tables):
            lines.append(value)
            continue
        if not _is_table_array(value):
            continue
        for record in value:
            lines.append("")
            lines.append(f"[[{key_text(key)}]]")
            lines.extend(
                f"{key_text(k)} = {value_text(v)}" for k, v in record.items() if v is not None
            )
    return "\n".join(lines) + "\n"
