"""Hostile documents for the fuzz suite: valid files, mutated until they hurt.

A document is plain data (what ``json.loads`` or ``tomllib.loads`` returns).
The strategies here start from valid documents (drawn datasets, the shipped
examples, the shipped rule packs), apply one to three :class:`Mutation`
(replace a value with one of another type or an extreme one, delete or
duplicate a key, add an unknown key, put control characters or Vietnamese
letters into text) and write the result as TOML or JSON text with writers
of their own: the library's writer refuses NaN, and must not decide what a
hostile file may contain.

:func:`judge` holds the suite's one verdict on a load: a complete
dataset (every record of the file, none twice) or the library's own error
naming where the problem is. Anything else, and any load that does not
finish within :data:`HANG_SECONDS`, is a failure that shows the input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
import signal
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any, Literal

import attrs
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import (
    MAX_LISTED_PROBLEMS,
    DatasetIntegrityError,
    FileFormatError,
    Problem,
    ProblemsError,
    RulePackError,
)
from industrial_policy.io.converter import key_path
from industrial_policy.rules import shipped_packs
from industrial_policy.rules.packs import RulePack
from industrial_policy.testing import datasets

Format = Literal["toml", "json"]
Key = str | int
Path = tuple[Key, ...]

HANG_SECONDS = 60.0
"""A load that takes longer than this is a hang. Normal inputs take milliseconds;
the bound is generous so that a busy machine never fails a test on speed."""

TEN_MB = 10 * 1024 * 1024

# -- documents ------------------------------------------------------------------------


def copy(document: Any) -> Any:
    """A deep copy of plain data (dicts, lists, scalars)."""
    if isinstance(document, dict):
        return {key: copy(value) for key, value in document.items()}
    if isinstance(document, list):
        return [copy(value) for value in document]
    return document


def path_text(path: Path) -> str:
    """``("zones", 3, "total_area")`` as the library writes it: ``zones[3].total_area``."""
    text = ""
    for key in path:
        text = f"{text}[{key}]" if isinstance(key, int) else key_path(text, key)
    return text


def paths(document: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every place in a document, containers before what they hold (the root excluded)."""
    if isinstance(document, dict):
        items: Any = document.items()
    elif isinstance(document, list):
        items = enumerate(document)
    else:
        return
    for key, value in items:
        yield (*prefix, key)
        yield from paths(value, (*prefix, key))


def get(document: Any, path: Path) -> Any:
    for key in path:
        document = document[key]
    return document


class Pairs(list[tuple[str, Any]]):
    """An object written with its keys in this order, repeated keys included."""


def _replaced_at(document: Any, path: Path, change: Callable[[Any, Key], Any]) -> Any:
    """A copy of ``document`` with ``change(container, key)`` applied at ``path``."""
    result = copy(document)
    container = get(result, path[:-1])
    change(container, path[-1])
    return result


def replaced(document: Any, path: Path, value: Any) -> Any:
    def put(container: Any, key: Key) -> None:
        container[key] = value

    return _replaced_at(document, path, put)


def deleted(document: Any, path: Path) -> Any:
    def remove(container: Any, key: Key) -> None:
        del container[key]

    return _replaced_at(document, path, remove)


def with_duplicate_key(document: Any, path: Path, value: Any) -> Any:
    """``document`` with the key at ``path`` written a second time (as ``value``), last."""
    result = copy(document)
    parent_path = path[:-1]
    pairs = Pairs(get(result, parent_path).items())
    pairs.append((str(path[-1]), value))
    if not parent_path:
        return pairs
    get(result, parent_path[:-1])[parent_path[-1]] = pairs
    return result


class RawText(str):
    """Text the writers put into the file as it is (``[[[[...]]]]`` deeper than they recurse)."""


# -- writers that write anything ------------------------------------------------------


def _json_value(value: Any) -> str:
    if isinstance(value, RawText):
        return str(value)
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{json.dumps(k)}: {_json_value(v)}" for k, v in value) + "}"
    if isinstance(value, dict):
        return _json_value(Pairs(value.items()))
    if isinstance(value, list):
        return "[" + ", ".join(_json_value(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    # allow_nan writes NaN and Infinity, which the library must refuse with a position.
    return json.dumps(value, allow_nan=True)


def _toml_string(text: str) -> str:
    # JSON's string escapes are TOML's basic-string escapes; TOML also wants DEL
    # escaped. A lone surrogate comes out as \\udXXX, which TOML must refuse.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, RawText):
        return str(value)
    if isinstance(value, Pairs):
        return "{" + ", ".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in value) + "}"
    if isinstance(value, dict):
        return _toml_value(Pairs((k, v) for k, v in value.items() if v is not None))
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"no TOML for {type(value).__name__}")


def write(document: Any, fmt: Format) -> str:
    """TOML or JSON text for any plain data, NaN and repeated keys included.

    TOML has no null: ``None`` is left out (keys and list items alike). A
    top-level that is not a table is written as ``value = ...`` in TOML.
    """
    if fmt == "json":
        return _json_value(document) + "\n"
    if isinstance(document, dict):
        document = Pairs((k, v) for k, v in document.items() if v is not None)
    if not isinstance(document, Pairs):
        document = Pairs([("value", document)])
    return "".join(f"{_toml_string(k)} = {_toml_value(v)}\n" for k, v in document)


def reference_parse(text: str, fmt: Format) -> Any:
    """The document as the standard parsers read it (no checks of the library's own)."""
    return json.loads(text) if fmt == "json" else tomllib.loads(text)


# -- valid documents ------------------------------------------------------------------


def dataset_document(dataset: ip.Dataset, fmt: Format) -> Any:
    """A dataset as the plain data its file holds (TOML keeps dates as dates)."""
    return reference_parse(ip.dumps(dataset, fmt), fmt)


EVERY_RECORD = FilePath(__file__).with_name("every_record.toml")
"""A valid dataset with one record of every kind, exchange rates and evaluation settings."""


def example_documents() -> list[Any]:
    """The shipped examples and :data:`EVERY_RECORD`, parsed."""
    files = [ip.examples.path(name) for name in ip.examples.names()] + [EVERY_RECORD]
    return [tomllib.loads(file.read_text(encoding="utf-8")) for file in files]


def pack_documents() -> list[Any]:
    from importlib import resources

    folder = resources.files("industrial_policy.rules").joinpath("packs")
    return [
        tomllib.loads(folder.joinpath(f"{name}.toml").read_text(encoding="utf-8"))
        for name in shipped_packs()
    ]


_EXAMPLES = example_documents()
_PACKS = pack_documents()
SMALL_DATASETS = datasets(max_zones=4, max_parcels=5, max_projects=3, max_procedures=2)


@st.composite
def valid_dataset_documents(draw: st.DrawFn, fmt: Format) -> Any:
    """A valid dataset document: a drawn dataset, or one of the shipped examples."""
    if draw(st.integers(0, 2)) == 0:
        document = copy(draw(st.sampled_from(_EXAMPLES)))
        # The examples are TOML; in JSON their dates are ISO text.
        return json.loads(json.dumps(document, default=str)) if fmt == "json" else document
    return dataset_document(draw(SMALL_DATASETS), fmt)


def valid_pack_documents() -> st.SearchStrategy[Any]:
    return st.sampled_from(_PACKS).map(copy)


# -- hostile values -------------------------------------------------------------------


def nested_lists(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


DEEP_LISTS = RawText("[" * 5000 + "]" * 5000)
"""Lists 5000 deep: deeper than Python recurses, as text."""


def nested_tables(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = {"a": value}
    return value


CONTROL_CHARACTERS = ["\x00", "\x07", "\x1b[31m", "\x7f", "\u200b", "\u202e", "\ufeff", "\r"]
VIETNAMESE = ["Đại An", "Hải Dương", "Quảng Nam", "Thái Bình", "Bắc Ninh", "Phố Nối"]

EXTREME_NUMBERS: list[Any] = [
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    -1e308,
    1e-320,
    -1e-320,
    0,
    -0.0,
    -1,
    -5.5,
    2**63,
    -(2**63) - 1,
    10**400,
]

HOSTILE_TEXTS: list[str] = [
    "",
    " ",
    "\t\n",
    "5 furlongs",
    "5 XYZ",
    "5 xyz",
    "-3 ha",
    "NaN ha",
    "inf ha",
    "-inf ha",
    "1e400 ha",
    "1e-400 ha",
    "1e308 ha",
    "5 sào",
    "5 sao",
    "6.418 ha",
    "1.000.000 VND",
    "1,5 USD",
    "-1 VND",
    "NaN USD",
    "1e999 USD",
    "0000-00-00",
    "2021-02-30",
    "9999-12-31",
    "0001-01-01",
    "-2021-01-01",
    "2021",
    "Q5 2021",
    "by the end of never",
    "__import__('os').system('echo pwned')",
    "!!python/object/apply:os.system ['echo pwned']",
    "${HOME}",
    "{{7*7}}",
    "ha ha",
    "1 ha ha",
    "true",
    "null",
    "Đại An",
    unicodedata.normalize("NFD", "Đại An"),
    *CONTROL_CHARACTERS,
]

_SCALARS = st.one_of(
    st.sampled_from(EXTREME_NUMBERS),
    st.sampled_from(HOSTILE_TEXTS),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(),
)

_JUNK = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


_VALUES = st.one_of(
    _SCALARS,
    _JUNK,
    st.sampled_from([nested_lists(100), nested_tables(100), DEEP_LISTS]),
    st.text(min_size=200, max_size=2000),
)
_HOSTILE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "toml": _VALUES,  # TOML has no null
    "json": st.one_of(_VALUES, st.none()),
}


def hostile_values(fmt: Format) -> st.SearchStrategy[Any]:
    """A value to put where another was: another type, an extreme, junk, deep nesting."""
    return _HOSTILE_VALUES[fmt]


@st.composite
def edited_texts(draw: st.DrawFn, original: str) -> str:
    """``original`` with control characters or Vietnamese letters put in, or in NFD."""
    how = draw(st.integers(0, 3))
    if how == 0:
        return unicodedata.normalize("NFD", original)
    insert = draw(st.sampled_from(CONTROL_CHARACTERS if how == 1 else VIETNAMESE))
    at = draw(st.integers(0, len(original)))
    return original[:at] + insert + original[at:]


# -- mutations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """What was done to a document, and where (``where`` is a path the error must name)."""

    kind: str
    where: Path
    value: Any = None

    def __str__(self) -> str:
        shown = repr(self.value)
        if len(shown) > 120:
            shown = shown[:100] + f"...<{len(shown)} chars>"
        return f"{self.kind} at {path_text(self.where) or '<root>'}: {shown}"


@dataclass(frozen=True)
class Hostile:
    """A hostile document: its text, its format, and the mutations that made it."""

    text: str
    fmt: Format
    mutations: tuple[Mutation, ...]

    def __repr__(self) -> str:
        shown = self.text if len(self.text) < 3000 else self.text[:3000] + "..."
        steps = "; ".join(str(m) for m in self.mutations)
        return f"Hostile({self.fmt}, [{steps}])\n{shown}"


@st.composite
def mutation_of(draw: st.DrawFn, document: Any, fmt: Format) -> tuple[Any, Mutation]:
    """One mutation of ``document`` (which it does not change)."""
    places = list(paths(document))
    if not places or not isinstance(document, dict):
        value = draw(hostile_values(fmt))
        return value, Mutation("replace", (), value)
    where = draw(st.sampled_from(places))
    current = get(document, where)
    kind = draw(
        st.sampled_from(["replace", "replace", "replace", "delete", "duplicate", "unknown", "edit"])
    )
    if kind == "edit" and isinstance(current, str):
        value = draw(edited_texts(current))
        return replaced(document, where, value), Mutation("edit", where, value)
    if kind == "delete":
        # Removing a list item moves the items after it: a problem caused by another
        # mutation of this list may then be reported at any index of it.
        named = where[:-1] if isinstance(where[-1], int) else where
        return deleted(document, where), Mutation("delete", named)
    if kind == "duplicate" and isinstance(where[-1], str):
        value = draw(st.sampled_from([copy(current), draw(hostile_values(fmt))]))
        return with_duplicate_key(document, where, value), Mutation("duplicate", where, value)
    if kind == "unknown":
        parent_path = where[:-1]
        parent = get(document, parent_path)
        if isinstance(parent, dict):
            key = draw(
                st.sampled_from(["colour", "zones ", "ID", "\x1b[2J", "Đại_An", "__class__"])
            )
            key = key if key not in parent else key + "_"
            value = draw(hostile_values(fmt))
            return replaced(document, (*parent_path, key), value), Mutation(
                "unknown key", (*parent_path, key), value
            )
    value = draw(hostile_values(fmt))
    return replaced(document, where, value), Mutation("replace", where, value)


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[Any], fmt: Format) -> Hostile:
    """A document from ``documents`` after one to three mutations, as text."""
    document = draw(documents)
    steps: list[Mutation] = []
    for _ in range(draw(st.integers(1, 3))):
        document, step = draw(mutation_of(document, fmt))
        steps.append(step)
        if step.kind == "duplicate":
            break  # a repeated key: the parser refuses it before anything else
    return Hostile(write(document, fmt), fmt, tuple(steps))


def hostile_datasets(fmt: Format) -> st.SearchStrategy[Hostile]:
    return mutated(valid_dataset_documents(fmt), fmt)


def hostile_packs() -> st.SearchStrategy[Hostile]:
    return mutated(valid_pack_documents(), "toml")


# -- byte-level damage ----------------------------------------------------------------

INVALID_UTF8 = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\x80"]


@st.composite
def damaged_bytes(draw: st.DrawFn, text: str) -> tuple[bytes, str]:
    """The UTF-8 bytes of ``text``, truncated, cut with invalid UTF-8 or a byte flipped."""
    raw = text.encode("utf-8")
    at = draw(st.integers(0, len(raw)))
    how = draw(st.sampled_from(["truncate", "invalid utf-8", "flip", "null"]))
    if how == "truncate":
        return raw[:at], f"truncated at byte {at}"
    if how == "invalid utf-8":
        bad = draw(st.sampled_from(INVALID_UTF8))
        return raw[:at] + bad + raw[at:], f"{bad!r} at byte {at}"
    if how == "null":
        return raw[:at] + b"\x00" + raw[at:], f"NUL at byte {at}"
    if not raw:
        return raw, "empty"
    at = min(at, len(raw) - 1)
    flipped = raw[at] ^ (1 << draw(st.integers(0, 7)))
    return raw[:at] + bytes([flipped]) + raw[at + 1 :], f"bit flipped at byte {at}"


# -- hang guard -----------------------------------------------------------------------


class Hang(BaseException):
    """A call ran past :data:`HANG_SECONDS` (a BaseException: no ``except Exception`` eats it)."""


@contextlib.contextmanager
def hang_guard(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` in the block after ``seconds`` (where the platform has SIGALRM)."""
    if not hasattr(signal, "setitimer"):  # pragma: no cover - Windows
        yield
        return
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer <= seconds:  # a guard around this one expires first: it stays in charge
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- the verdict ----------------------------------------------------------------------

# A problem path the library writes: ``zones[3].total_area``, ``evaluation.as_of``,
# ``zones[0]['\x1b[2J']`` (a key that is not plain is quoted), or a position in the text.
_POSITION = re.compile(r"^line \d+, column \d+$")


def record_path(path: Path) -> str:
    """The record a path lies in: ``zones[3]`` for ``zones[3].total_area``, else the top key."""
    return path_text(path[:2] if len(path) >= 2 and isinstance(path[1], int) else path[:1])


def _within(problem_path: str, record: str) -> bool:
    """Whether a problem's path is in ``record``, or holds it (``sources`` for ``sources[1]``)."""

    def under(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return (
        record == ""
        or under(problem_path, record)
        or (problem_path != "" and under(record, problem_path))
    )


def _is_syntax_problem(problem: Problem) -> bool:
    return (
        _POSITION.match(problem.path) is not None
        or problem.message.startswith(("not valid TOML", "not valid JSON"))
        or problem.message.startswith("nested too deeply")
    )


def record_counts(document: Any) -> dict[str, int]:
    """How many records of each kind a dataset document holds (the keys of ``summary()``)."""
    counts = {
        field.name: 0
        for field in attrs.fields(ip.Dataset)
        if field.init and field.name not in ("sources", "evaluation", "name", "description")
    }
    for key in counts:
        value = document.get(key)
        if isinstance(value, list):
            counts[key] = len(value)
    return counts


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def dataset_problems(dataset: Any, document: Any) -> list[str]:
    """What differs between a loaded dataset and its document: counts, order, ids, nesting."""
    if not isinstance(dataset, ip.Dataset):
        return [f"load returned {type(dataset).__name__}, not a Dataset"]
    found = []
    expected = record_counts(document)
    actual = dataset.summary()
    if actual != expected:
        found.append(f"records in the file {expected}, in the dataset {actual}")
        return found
    for kind, count in expected.items():
        if kind == "exchange_rates" or not count:
            continue
        for index, (record, loaded) in enumerate(
            zip(document[kind], getattr(dataset, kind), strict=True)
        ):
            if "id" in record and _nfc(record["id"]) != getattr(loaded, "id", None):
                found.append(f"{kind}[{index}]: id {record['id']!r} became {loaded.id!r}")
            for key, value in record.items():
                nested = getattr(loaded, key, None)
                records = (
                    isinstance(value, list)
                    and bool(value)
                    and all(isinstance(v, dict) for v in value)
                )
                if records and (not isinstance(nested, tuple) or len(nested) != len(value)):
                    got = len(nested) if isinstance(nested, tuple) else nested
                    found.append(f"{kind}[{index}].{key}: {len(value)} in the file, {got}")
    return found


def pack_problems(pack: Any, document: Any) -> list[str]:
    """What differs between a loaded rule pack and its document."""
    if not isinstance(pack, RulePack):
        return [f"returned {type(pack).__name__}, not a RulePack"]
    found = []
    for kind in ("rules", "parameters"):
        listed = document.get(kind, [])
        if len(getattr(pack, kind)) != len(listed):
            found.append(f"{kind}: {len(listed)} in the file, {len(getattr(pack, kind))} loaded")
    for index, (parameter, loaded) in enumerate(
        zip(document.get("parameters", []), pack.parameters, strict=False)
    ):
        if len(parameter.get("values", [])) != len(loaded.values):
            found.append(f"parameters[{index}].values: not every value was loaded")
    return found


def error_problems(
    exc: BaseException,
    *,
    allowed: tuple[type[ProblemsError], ...],
    source: str | None,
    mutations: tuple[Mutation, ...] = (),
    cross_record: Callable[[Problem], bool] = lambda problem: False,
) -> list[str]:
    """What is wrong with an error raised for a hostile input (empty: nothing).

    The error must be one of ``allowed`` and list at least one problem; its
    message names ``source`` and every listed problem, holds no control
    characters and stays short however long the input's values are. Unless
    the file could not be parsed at all, a problem must lie in a record that
    a mutation touched, except problems of records that do not fit together
    (``DatasetIntegrityError``, or ``cross_record``): a zone deleted from one
    place is missed by a parcel in another.
    """
    if not isinstance(exc, allowed):
        names = ", ".join(t.__name__ for t in allowed)
        return [f"raised {type(exc).__name__}, not one of {names}: {clip(repr(exc))}"]
    found = []
    message = str(exc)
    if not exc.problems:
        found.append("the error lists no problem")
    if source is not None and source not in message:
        found.append(f"the message does not name the source {source!r}")
    if not _readable(message.split("\n")[0], limit=200 + 2 * len(source or "")):
        found.append(f"the headline is not short, printable text: {clip(message)}")
    for problem in exc.problems[:MAX_LISTED_PROBLEMS]:
        shown = str(problem)
        if shown not in message:
            found.append(f"problem {clip(shown)} is not in the message")
        if not _readable(shown, limit=PROBLEM_LIMIT):
            found.append(
                f"problem {clip(shown)!r} ({len(shown):,} characters) is not short, printable text"
            )
    records = [record_path(m.where) for m in mutations]
    if (
        records
        and not isinstance(exc, DatasetIntegrityError)
        and not any(_is_syntax_problem(p) or cross_record(p) for p in exc.problems)
        and not any(_within(p.path, r) for p in exc.problems for r in records)
    ):
        paths_found = [p.path for p in exc.problems]
        found.append(f"no problem is at {records}: the paths are {paths_found}")
    return found


PROBLEM_LIMIT = 2_000
"""The longest a problem's line may be, however long the values in the file."""


def _readable(text: str, *, limit: int) -> bool:
    return len(text) <= limit and text.replace("\t", " ").isprintable()


def clip(text: str, size: int = 600) -> str:
    return text if len(text) <= size else f"{text[:size]}...<{len(text):,} characters>"


DATASET_ERRORS: tuple[type[ProblemsError], ...] = (FileFormatError, DatasetIntegrityError)
PACK_ERRORS: tuple[type[ProblemsError], ...] = (RulePackError,)

_PACK_CROSS_RECORD = re.compile(
    r"(rules\[\d+\]\.(alternative\.)?threshold(_upper)?|(rules|parameters)\[\d+\]\.id)"
)


def pack_cross_record(problem: Problem) -> bool:
    """A problem :meth:`RulePack.problems` finds between records: an id used twice, a
    threshold naming no parameter of the pack or one in another unit."""
    return _PACK_CROSS_RECORD.fullmatch(problem.path) is not None


def judge(
    load: Callable[[], Any],
    check_result: Callable[[Any], list[str]],
    *,
    allowed: tuple[type[ProblemsError], ...],
    source: str | None,
    mutations: tuple[Mutation, ...] = (),
    cross_record: Callable[[Problem], bool] = lambda problem: False,
    shown: object = "",
) -> Any:
    """Run ``load`` under the hang guard; fail with ``shown`` unless the outcome is acceptable.

    Returns what ``load`` returned, or the error it raised.
    """
    try:
        with hang_guard():
            result = load()
    except BaseException as exc:  # everything, on purpose: a hostile input may raise anything
        if isinstance(exc, KeyboardInterrupt):
            raise
        found = error_problems(
            exc, allowed=allowed, source=source, mutations=mutations, cross_record=cross_record
        )
        if found:
            error, given = clip(repr(exc), 3000), clip(repr(shown), 6000)
            raise AssertionError(
                "\n".join(found) + f"\n--- error ---\n{error}\n--- input ---\n{given}"
            ) from exc
        return exc
    found = check_result(result)
    if found:
        raise AssertionError("\n".join(found) + f"\n--- input ---\n{clip(repr(shown), 6000)}")
    return result
