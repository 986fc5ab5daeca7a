"""Fuzz ``load``/``loads``: hostile TOML and JSON end in a whole dataset or the library's error.

Every case either loads every record of the file (none dropped, none twice)
or raises ``FileFormatError``/``DatasetIntegrityError`` whose message names
the file and the place of the problem; never another exception, a hang or
part of a dataset. The checks are in ``hostile.py``; inputs are shown on
failure.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    DATASET_ERRORS,
    DEEP_LISTS,
    EVERY_RECORD,
    PROBLEM_LIMIT,
    TEN_MB,
    Format,
    Hang,
    Hostile,
    Mutation,
    damaged_bytes,
    dataset_problems,
    example_documents,
    hang_guard,
    hostile_datasets,
    judge,
    nested_lists,
    nested_tables,
    path_text,
    reference_parse,
    replaced,
    write,
)
from hypothesis import example, given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import FileFormatError, InvalidValueError
from industrial_policy.money import parse_money
from industrial_policy.units import parse_area

FORMATS: list[Format] = ["toml", "json"]
SOURCE = {"toml": "hostile.toml", "json": "hostile.json"}
EVERY = example_documents()[-1]  # every_record.toml, parsed


def _loads_verdict(case: Hostile) -> Any:
    def check(dataset: Any) -> list[str]:
        return dataset_problems(dataset, reference_parse(case.text, case.fmt))

    return judge(
        lambda: ip.loads(case.text, case.fmt, source=SOURCE[case.fmt]),
        check,
        allowed=DATASET_ERRORS,
        source=SOURCE[case.fmt],
        mutations=case.mutations,
        shown=case,
    )


def _case(document: Any, fmt: Format, *mutations: Mutation) -> Hostile:
    return Hostile(write(document, fmt), fmt, mutations)


def _replace(fmt: Format, path: tuple[str | int, ...], value: Any) -> Hostile:
    return _case(replaced(EVERY, path, value), fmt, Mutation("replace", path, value))


# Found by this suite: an unknown key with control characters went into the
# problem's path unquoted, so the message wrote them to the terminal.
_ESCAPE_KEY = _case(
    replaced(EVERY, ("zones", 0, "\x1b[2J"), 1), "toml", Mutation("unknown key", ("zones", 0))
)


@given(case=st.sampled_from(FORMATS).flatmap(hostile_datasets))
@example(case=_ESCAPE_KEY)
@example(case=_replace("json", ("zones", 1, "total_area"), math.nan))
@example(case=_replace("toml", ("zones", 1, "total_area"), math.inf))
@example(case=_replace("toml", ("parcels", 0, "area"), 1e-320))
@example(case=_replace("json", ("parcels", 0, "area"), "5 furlongs"))
@example(case=_replace("json", ("fees", 0, "amount"), "5 XYZ"))
@example(case=_replace("toml", ("exchange_rates", 0, "rate"), 1e308))
@example(case=_replace("toml", ("zones", 0, "id"), "kkt\x00đông"))
@example(case=_replace("json", ("projects", 0, "capital_events"), nested_lists(100)))
@example(case=_replace("toml", ("evaluation",), nested_tables(100)))
@example(case=_replace("json", ("dossiers", 0, "received"), DEEP_LISTS))
@example(case=_replace("toml", ("zones", 0, "name"), ""))
@example(case=_replace("json", ("dossier_counts", 0, "received"), 10**400))
def test_hostile_text_loads_whole_or_names_the_problem(case: Hostile) -> None:
    _loads_verdict(case)


@given(
    case=st.sampled_from(FORMATS).flatmap(hostile_datasets),
    data=st.data(),
)
def test_damaged_files_load_whole_or_name_the_file(case: Hostile, data: st.DataObject) -> None:
    """Bytes cut short, with invalid UTF-8, a NUL or a flipped bit, read from disk."""
    raw, how = data.draw(damaged_bytes(case.text), label="damage")
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"damaged.{case.fmt}"
        file.write_bytes(raw)

        def check(dataset: Any) -> list[str]:
            # The library read the file, so the standard parsers must too.
            document = reference_parse(raw.decode("utf-8-sig"), case.fmt)
            return dataset_problems(dataset, document)

        judge(
            lambda: ip.load(file),
            check,
            allowed=DATASET_ERRORS,
            source=str(file),
            shown=(how, case),
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_valid_file_truncated_anywhere_loads_whole_or_fails_whole(fmt: Format) -> None:
    """Every cut of one small file: a truncated TOML file is often still valid TOML."""
    text = EVERY_RECORD.read_text(encoding="utf-8")
    if fmt == "json":
        text = ip.dumps(ip.loads(text), "json")
    raw = text.encode("utf-8")
    for at in range(0, len(raw), 7):
        cut = raw[:at].decode("utf-8", errors="ignore")

        def check(dataset: Any, cut: str = cut) -> list[str]:
            return dataset_problems(dataset, reference_parse(cut, fmt))

        judge(
            lambda cut=cut: ip.loads(cut, fmt, source="cut"),  # type: ignore[misc]
            check,
            allowed=DATASET_ERRORS,
            source="cut",
            shown=(at, cut[-200:]),
        )


# -- deep nesting and huge values ---------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("depth", [100, 5000, 100_000])
def test_deep_nesting_is_refused_with_the_place(fmt: Format, depth: int) -> None:
    deep = nested_lists(100) if depth == 100 else type(DEEP_LISTS)("[" * depth + "]" * depth)
    error = _loads_verdict(_replace(fmt, ("zones", 0, "total_area"), deep))
    assert isinstance(error, FileFormatError)
    if depth == 100:  # parsed: the field is named
        assert [p.path for p in error.problems] == ["zones[0].total_area"]
    else:  # deeper than the parser goes
        assert "nested too deeply" in str(error)


# Where a 10 MB string goes: each field kind reads text with its own parser.
HUGE_PLACES: dict[str, tuple[str | int, ...]] = {
    "id": ("zones", 0, "id"),
    "text": ("zones", 0, "name"),
    "reference": ("parcels", 0, "zone_id"),
    "money": ("fees", 0, "amount"),
    "date": ("dossiers", 0, "received"),
    "period": ("dossier_counts", 0, "period"),
    "deadline": ("rate_targets", 0, "deadline"),
    "choice": ("zones", 0, "kind"),
    "area": ("zones", 0, "total_area"),
    "rate": ("exchange_rates", 0, "rate"),
}

# Money, period and deadline text is read by parsers that take ~0.5 µs a character
# (seconds for 10 MB, linearly): 1 MB shows the same, at a tenth of the suite's time.
ONE_MB_KINDS = frozenset({"money", "period", "deadline"})


def _huge(kind: str) -> str:
    size = TEN_MB // 10 if kind in ONE_MB_KINDS else TEN_MB
    if kind in ("area", "money", "rate"):
        return "1 " + "a" * size  # a number, then a unit name of 10 MB
    if kind in ("date", "period", "deadline"):
        return "2024-" + "1" * size
    return "Đại An " * (size // 14)


@pytest.mark.parametrize("kind", list(HUGE_PLACES))
def test_a_10_mb_string_in_any_field_is_refused_briefly_or_kept(kind: str) -> None:
    """10 MB in one field: a short error naming the field, or (free text) a valid dataset."""
    path = HUGE_PLACES[kind]
    error = _loads_verdict(_replace("json", path, _huge(kind)))
    if kind == "text":
        assert isinstance(error, ip.Dataset)  # a long name is still a name
    else:  # judged short and printable
        assert isinstance(error, FileFormatError)
        assert [p.path for p in error.problems] == [path_text(path)]


def test_a_10_mb_unknown_key_is_named_briefly() -> None:
    key = "k" * TEN_MB
    error = _loads_verdict(_case(replaced(EVERY, ("zones", 0, key), 1), "toml"))
    assert isinstance(error, FileFormatError)
    assert len(str(error)) < 1_000


def test_a_10_mb_file_of_junk_is_refused() -> None:
    for fmt in FORMATS:
        error = _loads_verdict(Hostile("\x01" * TEN_MB, fmt, ()))
        assert isinstance(error, FileFormatError)


def test_long_area_text_is_refused_quickly() -> None:
    """The regression test of the quadratic area parser: 40000 characters in 2 s (took 50)."""
    slow = "1 ha" + " " * 40_000 + "x"
    try:
        with hang_guard(2.0):
            _loads_verdict(_replace("json", ("zones", 0, "total_area"), slow))
    except Hang as exc:
        raise AssertionError(str(exc)) from None


# Errors raised to API users quote what they got escaped and short, like a file's problems.
def test_an_area_error_quotes_the_unit_escaped_and_short() -> None:
    for unit in ("h\x1b[2Ja", "furlong" * 300):
        with pytest.raises(InvalidValueError) as caught:
            parse_area(f"5 {unit}")
        message = str(caught.value)
        assert message.isprintable(), message[:300]
        assert len(message) < PROBLEM_LIMIT, message[:300]


def test_a_money_error_quotes_an_unknown_word_short() -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_money("5 " + "x" * 100_000)
    assert len(str(caught.value)) < PROBLEM_LIMIT, str(caught.value)[:300]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("zones", 0, "total_area"), "5 h\x1b[2Ja"),
        (("zones", 0, "total_area"), "5 " + "furlong" * 300),
        (("fees", 0, "amount"), "5 " + "x" * 100_000),
    ],
)
def test_a_file_s_problems_stay_short_and_printable_whatever_the_field_says(
    path: tuple[str | int, ...], value: str
) -> None:
    """The same values in a file: the loader escapes and shortens what the checks wrote."""
    error = _loads_verdict(_replace("json", path, value))  # judged short and printable
    assert isinstance(error, FileFormatError)
    assert [p.path for p in error.problems] == [path_text(path)]


# -- nothing in a file is executed --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "__import__('os').system('touch {marker}')",
        "{{ touch {marker} }}",
        "$(touch {marker})",
    ],
)
@pytest.mark.parametrize("fmt", FORMATS)
def test_text_that_looks_like_code_is_only_text(fmt: Format, text: str, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    payload = text.format(marker=marker)
    document = replaced(EVERY, ("description",), payload)
    document = replaced(document, ("zones", 0, "id"), payload)
    error = _loads_verdict(_case(document, fmt, Mutation("replace", ("zones", 0, "id"))))
    assert not marker.exists()
    # the id is refused or kept as the text it is, never run
    if isinstance(error, ip.Dataset):
        assert error.description == payload


def test_a_pickle_is_never_unpickled(tmp_path: Path) -> None:
    import pickle

    marker = tmp_path / "unpickled"

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (os.mkdir, (str(marker),))

    for name in ("data.pkl", "data.toml", "data.json"):
        file = tmp_path / name
        file.write_bytes(pickle.dumps(Payload()))
        with pytest.raises(FileFormatError) as caught:
            ip.load(file)
        assert str(file) in str(caught.value)
    assert not marker.exists()


def test_the_readers_import_nothing_that_executes_data() -> None:
    """No pickle, marshal, YAML, eval or exec in the modules that read files and packs."""
    import industrial_policy.io.converter as converter
    import industrial_policy.io.files as files
    import industrial_policy.rules.packs as packs

    for module in (files, converter, packs):
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        for word in ("pickle", "marshal", "yaml", "eval(", "exec(", "shelve", "__import__"):
            assert word not in source, f"{module.__name__} uses {word}"
