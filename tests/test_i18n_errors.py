"""Errors show themselves in the current language: ``str(error)``, ``repr(error)`` and a
traceback's message read Vietnamese under ``ip.language("vi")`` or ``ip.set_language("vi")``,
and English exactly as raised otherwise; the English text stays in the error (``.english()``),
so an error pickles the same in every language and the command line translates it once."""

from __future__ import annotations

import datetime as dt
import pickle
import threading
import traceback
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import industrial_policy as ip
import reason_sites
import reasons_corpus
from industrial_policy import cli, examples, i18n
from industrial_policy.errors import (
    DatasetIntegrityError,
    FileFormatError,
    IndustrialPolicyError,
    InvalidValueError,
    MappingError,
    MissingExchangeRateError,
    Problem,
    ProblemsError,
    RulePackError,
    TableError,
    UnknownRecordError,
    closest,
    did_you_mean,
    english,
)
from industrial_policy.evaluate import evaluate_all
from industrial_policy.rules import parse_pack

_HEAD = 'format = "industrial-policy/1"\n'
# The land of the zone larger than the zone: a message with a number put in Vietnamese notation
# and one the user wrote (kept as written), which a second translation would read again.
_LARGE_LAND = (
    _HEAD + '[[zones]]\nid = "z"\nname = "Z"\nkind = "KCN"\nprovince = "Hà Nội"\n'
    'total_area = "100 ha"\nindustrial_land_area = "1,070.125 ha"\n'
)


def _unknown_record() -> object:
    return evaluate_all(examples.load("hai-duong-2021"))["no/such"]


def _missing_rate() -> object:
    return ip.ExchangeRates().rate("USD", "VND", dt.date(2024, 12, 31))


ERRORS: dict[type[IndustrialPolicyError], Callable[[], object]] = {
    InvalidValueError: lambda: ip.set_language("fr"),
    FileFormatError: lambda: ip.loads(_LARGE_LAND),
    TableError: reasons_corpus.CASES["frame cells"],
    MappingError: reasons_corpus.CASES["frame unknown table"],
    DatasetIntegrityError: reasons_corpus.CASES["parcel in no zone"],
    RulePackError: lambda: parse_pack('format = "industrial-policy-rules/1"\n[[rules]]\n'),
    UnknownRecordError: _unknown_record,
    MissingExchangeRateError: _missing_rate,
}


def _raised(kind: type[IndustrialPolicyError]) -> IndustrialPolicyError:
    error = reasons_corpus.raised(ERRORS[kind])
    assert type(error) is kind, repr(error)
    return error


@pytest.mark.parametrize("kind", list(ERRORS), ids=lambda kind: kind.__name__)
def test_each_error_shows_itself_in_vietnamese(kind: type[IndustrialPolicyError]) -> None:
    error = _raised(kind)
    raised_in = error.english()
    with ip.language("vi"):
        shown = str(error)
        assert shown == i18n.translate_message(raised_in)
        assert shown != raised_in
        assert repr(error) == f"{kind.__name__}({shown!r})"
        printed: list[str] = []
        error._repr_pretty_(SimpleNamespace(text=printed.append), False)
        assert printed == [f"{kind.__name__}: {shown}"]
        assert (
            traceback.format_exception_only(error)[-1].rstrip("\n").endswith(shown.split("\n")[-1])
        )
    # Every line of it is the catalog's: no English line is left.
    with ip.language("vi"):
        assert all(i18n.translated(line) for line in raised_in.split("\n")), raised_in
    # Back in English, the message as raised, byte for byte.
    assert str(error) == raised_in == english(error)


@pytest.mark.parametrize("kind", list(ERRORS), ids=lambda kind: kind.__name__)
def test_an_error_raised_in_vietnamese_keeps_its_english(kind: type[IndustrialPolicyError]) -> None:
    with ip.language("vi"):
        error = _raised(kind)
        assert str(error) != error.english()
    assert str(error) == error.english()
    assert error.english() == str(_raised(kind))


def test_the_corpus_shows_itself_in_english_as_the_golden_file_holds_it() -> None:
    """``str(error)``, no language chosen: the message as it was before errors were
    translated, byte for byte."""
    shown = "".join(
        f"== {name}\n{reasons_corpus.raised(case)}\n" for name, case in reasons_corpus.CASES.items()
    )
    assert shown == reasons_corpus.GOLDEN.read_text("utf-8")


def test_set_language_makes_errors_vietnamese_until_set_back() -> None:
    error = _raised(FileFormatError)
    try:
        ip.set_language("vi")
        assert str(error).startswith("tệp không hợp lệ: 1 lỗi")
    finally:
        ip.set_language("en")
    assert str(error).startswith("invalid file: 1 problem")


def test_an_error_shows_in_the_language_of_each_thread() -> None:
    error = _raised(TableError)
    shown: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def show(lang: str) -> None:
        with ip.language(lang):
            barrier.wait()
            for _ in range(50):
                text = str(error)
                assert shown.setdefault(lang, text) == text

    threads = [threading.Thread(target=show, args=(lang,)) for lang in ("vi", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert shown["en"] == error.english()
    with ip.language("vi"):
        assert shown["vi"] == str(error) != shown["en"]


_cli_out = reasons_corpus.run_cli


def _cli(*argv: str) -> tuple[int, str]:
    code, _, err = _cli_out(*argv)
    return code, err


def test_the_cli_translates_an_error_once(tmp_path: Path) -> None:
    path = tmp_path / "large-land.toml"
    path.write_text(_LARGE_LAND, encoding="utf-8")
    error = reasons_corpus.raised(lambda: ip.load(path))
    assert "(1070.12 ha) exceeds the total area (100 ha), got 1070.125 " in error.english()
    code, err = _cli("--lang", "vi", "validate", str(path))
    assert code == cli.EXIT_INVALID
    with ip.language("vi"):
        assert err == f"{error}\n"
    assert "(1.070,12 ha)" in err
    assert "nhận được 1070.125 " in err
    code, err = _cli("validate", str(path))
    assert err == f"{error.english()}\n"
    code, err = _cli("--lang", "vi", "explain", "hai-duong-2021", "no/such")
    with ip.language("vi"):
        assert err == i18n._("error: {text}").format(text=_raised(UnknownRecordError)) + "\n"


_VALUES = st.one_of(
    st.none(),
    st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(
    reason=_WORDS,
    value=_VALUES,
    field=st.none() | st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    record=st.none() | st.tuples(st.sampled_from(["Zone", "Parcel"]), st.none() | _WORDS),
)
def test_an_invalid_value_pickles_back_with_its_parts(
    reason: str, value: object, field: str | None, record: tuple[str, str | None] | None
) -> None:
    record_type, record_id = record or (None, None)
    error = InvalidValueError(
        reason, value=value, field=field, record_type=record_type, record_id=record_id
    )
    for lang in ("en", "vi"):
        with ip.language(lang):
            back = pickle.loads(pickle.dumps(error))
        assert type(back) is InvalidValueError
        assert (back.reason, back.field, back.record_type, back.record_id) == (
            reason,
            field,
            record_type,
            record_id,
        )
        assert back.value == value or (isinstance(value, Decimal) and value.is_nan())
        assert back.english() == error.english()


@given(
    kind=st.sampled_from([FileFormatError, TableError, MappingError, DatasetIntegrityError]),
    problems=st.lists(
        st.builds(Problem, _WORDS, _WORDS, _VALUES, row=st.none() | st.integers(0, 10**6)),
        max_size=60,
    ),
    source=st.none() | _WORDS,
    more=st.integers(0, 10**6),
)
def test_a_list_of_problems_pickles_back_with_its_problems(
    kind: type[ProblemsError], problems: list[Problem], source: str | None, more: int
) -> None:
    error = kind(problems, source=source, total=len(problems) + more)
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is kind
    assert (back.problems, back.source, back.total) == (error.problems, source, error.total)
    assert back.english() == error.english() == str(back)


# -- the reasons written in the source ------------------------------------------------------


def test_every_reason_written_in_the_source_reads_in_vietnamese() -> None:
    """A static scan of the source (tests/reason_sites.py): a reason no test gives is in the
    catalog too. A new reason fails here until its template is in both catalogs."""
    missing = reason_sites.untranslated()
    assert not missing, "\n".join(str(site) for site in missing)


def test_the_scan_of_the_source_finds_the_reasons() -> None:
    found = list(reason_sites.sites())
    assert len(found) > 500
    templates = {site.template for site in found}
    # A plain reason, an f-string's and one built with "+".
    assert "must be true, false or None" in templates
    assert "parcel {} in zone {} is leased to project {}, which is recorded in zone {}" in templates
    assert "published counts name procedures that are not in the dataset: {}" in templates
    # Every text the scan lets pass is still in the source.
    assert set(reason_sites.ALLOWED) <= templates
    assert not reason_sites.translated("a reason of {} no catalog has")


# -- small words: "or", percentage points, what a list leaves out --------------------------

_NAMES = st.lists(
    st.from_regex(r"[a-z]{2,6}-[0-9]{2}", fullmatch=True), min_size=2, max_size=30, unique=True
)


@given(names=_NAMES, data=st.data())
def test_the_choices_a_mistyped_name_may_mean_are_joined_by_hoac(
    names: list[str], data: st.DataObject
) -> None:
    wanted = data.draw(st.sampled_from(names))[:-1] + "x"
    close = closest(wanted, names)
    text = f"no finding {wanted!r} in the report; {did_you_mean(wanted, names)}"
    with ip.language("vi"):
        shown = i18n.translate(text)
    if len(close) < 2:
        assert " hoặc " not in shown
        return
    meant = " hoặc ".join(repr(name) for name in close)
    assert f"có phải ý bạn là {meant}?" in shown, shown
    assert " or " not in shown


@given(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False))
def test_percentage_points_are_diem_phan_tram(value: Decimal) -> None:
    text = f"{value} pp"
    with ip.language("vi"):
        shown = i18n.renotate(text)
        assert shown == f"{i18n.renotate(str(value))} điểm phần trăm"
        assert i18n.abbreviated(shown) == f"{i18n.renotate(str(value))} điểm %"
    assert i18n.renotate(text) == i18n.abbreviated(text) == text


@given(st.integers(1, 10**7))
def test_what_a_list_leaves_out_is_counted_in_vietnamese(more: int) -> None:
    with ip.language("vi"):
        assert i18n.renotate(f"'a', 'b', … {more:,} more") == f"'a', 'b', … còn {i18n.number(more)}"
        assert i18n.renotate(f"'a' and {more:,} more") == f"'a' và {i18n.number(more)} mục khác"


@pytest.mark.parametrize("name", examples.names())
def test_no_english_word_of_the_library_is_left_in_a_vietnamese_report(name: str) -> None:
    outputs = []
    for command in ("evaluate", "reconcile"):
        _, out, err = _cli_out("--lang", "vi", command, name)
        outputs.append(out + err)
    shown = "\n".join(outputs)
    for words in (" pp", "not recorded for", "reported figure ", "did you mean", "' or '"):
        assert words not in shown, words


def test_a_readers_note_shows_itself_in_the_current_language(tmp_path: Path) -> None:
    # Blank rows skipped: a warning, shown like an error in the language set when it is shown.
    import warnings

    path = tmp_path / "zones.csv"
    path.write_text(
        "id,name,kind,province\nz1,A,KCN,Hải Dương\n,,,\nz2,B,KCN,Hải Dương\n,,,\n,,,\n"
        "z3,C,KCN,Hải Dương\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ip.read(path)
    (note,) = [w.message for w in caught if isinstance(w.message, ip.TableNote)]
    assert str(note) == f"{path}: skipped 3 blank rows (row 3, 5, 6)"
    with ip.language("vi"):
        assert str(note) == f"{path}: đã bỏ qua 3 dòng trống (dòng 3, 5, 6)"
    assert note.english() == f"{path}: skipped 3 blank rows (row 3, 5, 6)"


def test_a_sheet_and_its_cells_are_named_in_vietnamese(tmp_path: Path) -> None:
    """A problem of a workbook's cell names the sheet and the cell in the language of the
    message: "trang tính 'KCN', ô C3 (dòng 3, cột ...)"."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("python_calamine")
    path = tmp_path / "parks.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        pd.DataFrame(
            {
                "id": ["a", "b"],
                "name": ["A", "B"],
                "kind": ["KCN", "KCN"],
                "province": ["P", "P"],
                "total_area_ha": ["12", "-3"],
            }
        ).to_excel(writer, sheet_name="KCN", index=False)
    with pytest.raises(ip.TableError) as exc:
        ip.read(path, kind="zones")
    english = str(exc.value)
    assert ", sheet 'KCN', cell E3 (row 3, column 'total_area_ha'): " in english
    with ip.language("vi"):
        shown = str(exc.value)
    assert ", trang tính 'KCN', ô E3 (dòng 3, cột 'total_area_ha'): " in shown
    words = shown.replace(str(path), "")
    for english_word in ("sheet", "cell", " row "):
        assert english_word not in words
