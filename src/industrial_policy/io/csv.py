"""CSV files in: every column read as text by polars or pyarrow, numbers by our grammar.

The CSV engine never guesses a column's type: "6.418" reaches
:mod:`industrial_policy.numbers` as written, and is read in the notation the
mapping declares. Files are UTF-8, with or without a byte order mark (Excel's
"CSV UTF-8"); another encoding (``cp1258``, from Vietnamese Windows) is
declared in the mapping, never guessed. The delimiter is found in the header
line (``,``, ``;`` from a Vietnamese-locale Excel, tab or ``|``) unless the
mapping gives it. Rows are numbered as a spreadsheet numbers them: the header
is row 1 (or the mapping's ``header_row``), the first data row the next one.
Needs the ``csv`` extra (polars or pyarrow, and narwhals).
"""

from __future__ import annotations

import csv as stdlib_csv
import io
from pathlib import Path
from typing import Any

from industrial_policy.errors import MissingDependencyError, Problem, TableError
from industrial_policy.io.mapping import TableMapping

__all__ = ["DELIMITERS", "detect_delimiter", "head_text", "header_lines", "read_csv_frame"]

DELIMITERS = (",", ";", "\t", "|")
_HEAD_BYTES = 1 << 16
_HEAD_ROWS = 30


def detect_delimiter(line: str) -> str:
    """The delimiter of a header line: the candidate found most often outside quotes
    (``,`` when none is)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _fail(source: str, message: str, value: object = None) -> TableError:
    return TableError([Problem(source, message, value)], source=source)


def head_text(path: Path, encoding: str | None) -> str:
    """The first bytes of the file as text, with a plain error for what cannot be read."""
    source = str(path)
    try:
        with path.open("rb") as file:
            raw = file.read(_HEAD_BYTES)
    except FileNotFoundError:
        raise _fail(source, "no such file") from None
    except IsADirectoryError:
        raise _fail(source, "is a directory, not a CSV file") from None
    except OSError as exc:
        raise _fail(source, f"cannot be read: {exc.strerror or exc}") from None
    if not raw.strip():
        raise _fail(source, "is empty: a CSV file needs a header row")
    if encoding is not None:
        return raw.decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 4:  # a character cut by the end of the sample
            return raw[: exc.start].decode("utf-8-sig")
        raise _fail(
            source,
            f"is not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r}): save it"
            " as 'CSV UTF-8', or give its encoding in the mapping (encoding = 'cp1258')",
        ) from None


def header_lines(text: str, delimiter: str) -> list[list[str]]:
    """The first rows of a CSV text, as cells, for finding the header row."""
    reader = stdlib_csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= _HEAD_ROWS:
                break
    except stdlib_csv.Error:
        pass
    return rows[:-1] if len(rows) > 1 and len(text) >= _HEAD_BYTES else rows


def read_csv_frame(path: Path, table: TableMapping, header_row: int | None) -> tuple[Any, int, str]:
    """The file as a native frame of text columns, the header's row number, and the
    delimiter. ``header_row`` (1 = the first line's row) is found by the caller when
    the mapping gives none (see :func:`industrial_policy.io.tables.find_header`)."""
    source = str(path)
    head = head_text(path, table.encoding)
    delimiter = table.delimiter or detect_delimiter(head.splitlines()[0] if head else "")
    header = header_row or 1
    encoding = (table.encoding or "utf-8").replace("_", "-").lower()
    utf8 = encoding in ("utf-8", "utf8", "utf-8-sig")
    data: Any = path
    if not utf8:
        try:
            data = io.BytesIO(path.read_bytes().decode(encoding).encode("utf-8"))
        except UnicodeDecodeError as exc:
            raise _fail(
                source, f"is not {encoding} text: {exc.reason} at byte {exc.start}"
            ) from None
    pl: Any
    try:
        import polars as pl
    except ImportError:
        pl = None
    if pl is not None:
        try:
            frame = pl.read_csv(
                data,
                separator=delimiter,
                infer_schema=False,
                skip_rows=header - 1,
                encoding="utf8",
                raise_if_empty=False,
            )
        except pl.exceptions.PolarsError as exc:
            raise _fail(source, f"cannot be read as CSV: {_first_line(exc)}") from None
        return frame, header, delimiter
    return _pyarrow(data, source, delimiter, header), header, delimiter


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _pyarrow(data: Any, source: str, delimiter: str, header: int) -> Any:
    try:
        import pyarrow as pa
        import pyarrow.csv as pa_csv
    except ImportError as exc:
        raise MissingDependencyError(
            "reading CSV files needs polars or pyarrow: pip install 'industrial-policy[csv]'"
        ) from exc
    raw = data.getvalue() if isinstance(data, io.BytesIO) else Path(data).read_bytes()
    text_head = raw[:_HEAD_BYTES].decode("utf-8-sig", errors="replace")
    rows = header_lines(text_head, delimiter)
    names = rows[header - 1] if len(rows) >= header else []
    try:
        return pa_csv.read_csv(
            io.BytesIO(raw),
            read_options=pa_csv.ReadOptions(skip_rows=header - 1),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise _fail(source, f"cannot be read as CSV: {_first_line(exc)}") from None
