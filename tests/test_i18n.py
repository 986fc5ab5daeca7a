"""Output in Vietnamese or English: the catalogs, the faces, notation, the language setting."""

from __future__ import annotations

import ast
import datetime as dt
import re
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.fuzz import hostile

import industrial_policy as ip
import reasons_corpus
from industrial_policy import cli, examples, i18n, testing
from industrial_policy.amounts import Amount
from industrial_policy.evaluate import evaluate_all
from industrial_policy.findings import Finding, Status, report_page
from industrial_policy.names import names_table
from industrial_policy.numbers import Notation, parse_number
from industrial_policy.rules import parse_pack
from industrial_policy.testing import datasets, evaluable_datasets

SOURCE = Path(i18n.__file__).parent
LOCALE = SOURCE / "locale"
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _catalog(lang: str) -> dict[tuple[str | None, str], str]:
    text = (LOCALE / lang / "LC_MESSAGES" / "industrial_policy.po").read_text("utf-8")
    return i18n.read_po(text)


def _msgids_in_source() -> set[tuple[str | None, str]]:
    """Every ``_("...")`` and ``pgettext("context", "...")`` of the package's source."""
    found: set[tuple[str | None, str]] = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and len(texts) == 1 and isinstance(texts[0], str):
                found.add((None, texts[0]))
            elif node.func.id == "pgettext" and len(texts) == 2:
                found.add((str(texts[0]), str(texts[1])))
    return found


# -- the catalogs --------------------------------------------------------------------------


def test_every_message_of_the_source_is_in_both_catalogs() -> None:
    wanted = _msgids_in_source()
    assert len(wanted) > 40  # the extraction finds the faces' messages
    for lang in ("vi", "en"):
        missing = sorted(str(m) for m in wanted - set(_catalog(lang)))
        assert not missing, f"{lang} catalog lacks: {missing}"


def test_every_aligned_label_is_a_message() -> None:
    from industrial_policy.findings import _ALIGNED_LABELS

    assert {(None, label) for label in _ALIGNED_LABELS} <= set(_catalog("vi"))


def test_both_catalogs_hold_the_same_messages_and_vi_translates_each() -> None:
    vi, en = _catalog("vi"), _catalog("en")
    assert set(vi) == set(en)
    untranslated = [key for key, text in vi.items() if not text.strip()]
    assert not untranslated


def test_a_translation_keeps_the_placeholders_of_its_message() -> None:
    for (_context, msgid), text in _catalog("vi").items():
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(text)), msgid


def test_every_member_of_a_named_enum_has_a_vietnamese_label() -> None:
    vi = _catalog("vi")
    for enum_name, members in names_table().items():
        for value in members:
            assert vi.get((enum_name, value.replace("_", " "))), (enum_name, value)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_our_po_reader_reads_what_babels_reads(lang: str) -> None:
    from babel.messages.pofile import read_po

    path = LOCALE / lang / "LC_MESSAGES" / "industrial_policy.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == lang
    theirs = {(m.context, str(m.id)): str(m.string) for m in catalog if m.id}
    assert theirs == _catalog(lang)


def test_the_po_reader_reads_continued_and_escaped_strings() -> None:
    text = (
        '# a comment\nmsgid ""\nmsgstr "Language: vi\\n"\n\n'
        'msgctxt "Status"\nmsgid "on "\n"track"\nmsgstr "đúng \\"tiến độ\\""\n\n'
        'msgid "x"\nmsgstr ""\n'
    )
    assert i18n.read_po(text) == {("Status", "on track"): 'đúng "tiến độ"', (None, "x"): ""}


# -- the faces, in Vietnamese, on the bundled examples --------------------------------------

EXAMPLES = examples.names()


def _texts(finding: Finding) -> list[str]:
    """Every text of a finding an engine wrote: title, formula, steps, notes, input names,
    detail labels, the reason (the text table and the frames show it, its status left out)
    and the basis."""
    e = finding.explanation
    texts = [finding.title, e.formula, *e.steps, *e.notes, *(i.name for i in e.inputs)]
    texts += [detail.replace("_", " ") for detail in finding.details]
    texts += [finding.reason] if finding.reason else []
    texts += [finding.basis] if finding.basis else []
    return [text for text in texts if text]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_explanation_of_the_bundled_examples_is_translated(name: str) -> None:
    report = evaluate_all(examples.load(name))
    with ip.language("vi"):
        for finding in report:
            untranslated = [t for t in _texts(finding) if not i18n.translated(t)]
            assert not untranslated, (finding.id, untranslated)
            text = finding.explain()
            assert "tính đến:" in text
            assert "trạng thái:" in text
            assert "as of:" not in text
            assert "status:" not in text


@settings(derandomize=True)  # the same datasets every run (see the reason tests below)
@given(datasets(max_zones=5, max_parcels=8))
def test_every_explanation_of_any_dataset_is_translated(dataset: ip.Dataset) -> None:
    # Ids with spaces and Vietnamese letters, areas in every unit, zones out of a rule's
    # scope, missing figures, reconciliation lines: every text an engine writes has a template.
    report = evaluate_all(dataset)
    with ip.language("vi"):
        untranslated = [(f.id, t) for f in report for t in _texts(f) if not i18n.translated(t)]
    assert not untranslated, untranslated


@settings(derandomize=True)  # the same datasets every run (see the reason tests below)
@given(evaluable_datasets(max_zones=4, max_parcels=6))
def test_every_explanation_of_targets_rates_and_dossiers_is_translated(
    dataset: ip.Dataset,
) -> None:
    # Targets, rate targets, online services, dossiers and trajectories; a target's own title
    # is the user's words, shown as written.
    users = {target.title for target in (*dataset.targets, *dataset.rate_targets)}
    report = evaluate_all(dataset)
    with ip.language("vi"):
        untranslated = [
            (f.id, t)
            for f in report
            for t in _texts(f)
            if t not in users and not i18n.translated(t)
        ]
    assert not untranslated, untranslated


def test_a_reconciliation_line_names_the_traditional_units_in_vietnamese() -> None:
    line = (
        "total_area:Hải Dương:out:KCN 1.5: reported at least 1,070.33 mau_trung_bo, sum of"
        " records 1,100 mau_trung_bo, difference -29.67 mau_trung_bo (agrees)"
    )
    with ip.language("vi"):
        text = i18n.translate(line)
    assert text == (
        "total_area:Hải Dương:out:KCN 1.5: số báo cáo ít nhất 1.070,33 mẫu Trung Bộ, tổng các"
        " bản ghi 1.100 mẫu Trung Bộ, chênh lệch -29,67 mẫu Trung Bộ (khớp)"
    )
    assert i18n.translate(line) == line  # English is unchanged


def test_an_explanation_in_vietnamese_reads_in_its_notation() -> None:
    report = evaluate_all(examples.load("hai-duong-2021"))
    finding = report["vn-land.hi-tech-reserve/hd-kcn-a"]
    with ip.language("vi"):
        text = finding.explain()
    assert "trạng thái: KHÔNG ĐẠT" in text
    assert "tính đến:   31/12/2021" in text
    assert "yêu cầu: ít nhất 20% của 300 ha = 60 ha; thiếu 15 ha" in text
    assert "có hiệu lực từ 23/08/2021" in text
    # English is unchanged outside the block
    assert "status:    FAIL" in finding.explain()


_run = reasons_corpus.run_cli


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_cli_reports_each_bundled_example_in_vietnamese(name: str) -> None:
    code, out, _ = _run("evaluate", name, "--lang", "vi")
    english_code, english, _ = _run("evaluate", name)
    assert code == english_code
    assert out.splitlines()[0].count("tính đến") == 1
    assert "kết quả" in out
    assert "trạng thái" in out
    assert " as of " not in out
    assert english.splitlines()[0] != out.splitlines()[0]
    statuses = {label for s in Status for label in (i18n.english_label(s), s.value)}
    rows = [line.split() for line in out.splitlines()[3:] if line.startswith(" ")]
    assert not any(row and row[0] in statuses for row in rows)


def test_the_cli_takes_the_language_before_or_after_the_command() -> None:
    _, after, _ = _run("evaluate", "hai-duong-2021", "--lang", "vi")
    _, before, _ = _run("--lang", "vi", "evaluate", "hai-duong-2021")
    assert after == before


def test_the_cli_explains_and_validates_in_vietnamese() -> None:
    code, out, _ = _run("--lang", "vi", "explain", "quang-nam-2024", "qn-area-leased/Quảng Nam")
    assert code == 0
    assert "Đất công nghiệp cho thuê từ năm 2018" in out
    assert "trạng thái: CHẬM TIẾN ĐỘ" in out
    assert "90,33 ha" in out
    code, out, err = _run("--lang", "vi", "explain", "quang-nam-2024", "no/such")
    assert code == cli.EXIT_INVALID
    assert err.startswith("lỗi: không có kết quả 'no/such' trong báo cáo")
    code, out, _ = _run("--lang", "vi", "validate", "hai-phong-2024")
    assert code == 0
    assert out.startswith("hai-phong-2024: hợp lệ (")


def test_the_cli_reconciles_in_vietnamese() -> None:
    code, out, _ = _run("--lang", "vi", "reconcile", "quang-nam-2024")
    assert code == cli.EXIT_FINDINGS
    assert "3.676 ha" in out
    assert "KHÔNG KHỚP" in out
    assert "(DISAGREES)" not in out


@pytest.mark.parametrize("name", ["hai-duong-2021", "combined"])
def test_the_html_page_in_vietnamese(name: str) -> None:
    code, page, _ = _run("evaluate", name, "--format", "html", "--lang", "vi")
    assert code in (0, 1)
    assert '<html lang="vi">' in page
    assert "báo cáo tính đến" in page
    assert "<th>trạng thái</th>" in page
    assert "<summary>" in page
    for status in Status:
        assert f": {status.value}</summary>" not in page


def test_the_html_page_in_english_says_so() -> None:
    report = evaluate_all(examples.load("hai-duong-2021"))
    assert '<html lang="en">' in report_page(report)
    with ip.language("vi"):
        assert '<html lang="vi">' in report_page(report)


def test_notebook_reprs_follow_the_language() -> None:
    report = evaluate_all(examples.load("hai-duong-2021"))
    with ip.language("vi"):
        assert "trạng thái" in report._repr_html_()
        assert "công thức" in report.findings[0]._repr_html_()
        assert "tính đến" in repr(report)
        dataset_html = examples.load("hai-duong-2021")._repr_html_()
    assert "as of" in repr(report)
    assert "<th>bản ghi</th>" in dataset_html
    assert "<td>lô đất</td>" in dataset_html


def test_exports_keep_their_codes_whatever_the_language() -> None:
    report = evaluate_all(examples.load("hai-duong-2021"))
    with ip.language("vi"):
        vietnamese = report.to_csv()
        as_json = report.to_json()
    assert vietnamese == report.to_csv()
    assert as_json == report.to_json()


def test_plot_labels_in_vietnamese() -> None:
    pytest.importorskip("matplotlib")
    from industrial_policy.plots import plot_quota_shares

    report = evaluate_all(examples.load("hai-duong-2021"))
    with ip.language("vi"):
        figure = plot_quota_shares(report)
    axes = figure.axes[0]
    assert axes.get_xlabel() == "tỷ lệ diện tích đất quy định tính (%)"
    legend = axes.get_legend()
    assert legend is not None
    assert "ngưỡng" in [t.get_text() for t in legend.get_texts()]


def test_a_trajectory_in_vietnamese_keeps_a_users_title_and_translates_the_rest() -> None:
    pytest.importorskip("matplotlib")
    from industrial_policy.plots import plot_target_trajectory

    ds = examples.load("quang-nam-2024")
    report = evaluate_all(ds, as_of="2024-06-30")
    target = next(t for t in ds.targets if t.id == "qn-area-leased")
    with ip.language("vi"):
        figure = plot_target_trajectory(report["qn-area-leased/Quảng Nam"], target)
    axes = figure.axes[0]
    assert axes.get_title().startswith("Đất công nghiệp cho thuê từ năm 2018")
    assert axes.get_title().endswith("Quảng Nam: chậm tiến độ ngày 30/06/2024")
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert "mục tiêu: ≥ 150 ha" in legend
    assert "hạn 31/12/2023" in legend


def test_a_users_own_words_are_never_read_again() -> None:
    title = "15 KCN với tổng diện tích 6.418 ha"
    with ip.language("vi"):
        assert i18n.translate_exact(title) == title
        line = i18n.translate(f"hp-x: {title}: nothing to compare (records)")
    assert line == f"hp-x: {title}: không có gì để đối chiếu (bản ghi)"


# -- numbers and dates -------------------------------------------------------------------


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False))
def test_numbers_read_back_in_the_notation_they_are_written_in(value: Decimal) -> None:
    english = i18n.number(value)
    with ip.language("vi"):
        vietnamese = i18n.number(value)
    if english == "n/a":
        return
    assert parse_number(vietnamese, Notation.VI) == parse_number(english, Notation.EN)


@given(
    st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1e12)),
    st.sampled_from(["hectare", "ratio", "count"]),
)
def test_amounts_read_back_in_vietnamese(value: float, unit: str) -> None:
    from industrial_policy.findings import amount_text

    english = amount_text(Amount(value, unit))
    with ip.language("vi"):
        vietnamese = amount_text(Amount(value, unit))
    number_en = english.split()[0].rstrip("%")
    number_vi = vietnamese.split()[0].rstrip("%")
    assert parse_number(number_vi, Notation.VI) == parse_number(number_en, Notation.EN)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_dates_in_vietnamese_are_day_month_year(day: dt.date) -> None:
    with ip.language("vi"):
        text = i18n.date(day)
    assert dt.datetime.strptime(text, "%d/%m/%Y").date() == day


def test_money_speaks_vietnamese() -> None:
    from industrial_policy.findings import amount_text

    with ip.language("vi"):
        assert amount_text(Amount(Decimal("19866000000000"), "VND")) == "19.866 tỷ đồng"
        assert amount_text(Amount(Decimal("1200000000"), "USD")) == "1,2 tỷ USD"
        assert amount_text(Amount(Decimal("500000000"), "USD")) == "500 triệu USD"


def test_text_left_untranslated_gets_the_languages_notation_but_keeps_ids_and_dates() -> None:
    with ip.language("vi"):
        text = i18n.translate("see 16-CTr/TU: 6,418.5 ha on 2024-12-31 in 2024, v1.2")
        assert i18n.translate("roughly 1.67e+06 ha") == "roughly 1.670.000 ha"
    assert text == "see 16-CTr/TU: 6.418,5 ha on 2024-12-31 in 2024, v1.2"


# -- the setting ---------------------------------------------------------------------------


def test_the_language_block_holds_in_its_own_thread_only() -> None:
    seen: dict[str, list[str]] = {"vi": [], "en": []}
    barrier = threading.Barrier(2)

    def render(lang: str) -> None:
        with ip.language(lang):
            barrier.wait()
            for _ in range(50):
                seen[lang].append(i18n._("as of"))

    threads = [threading.Thread(target=render, args=(lang,)) for lang in ("vi", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(seen["vi"]) == {"tính đến"}
    assert set(seen["en"]) == {"as of"}


def test_set_language_is_the_default_of_every_thread() -> None:
    try:
        ip.set_language("vi")
        found: list[str] = []
        thread = threading.Thread(target=lambda: found.append(ip.get_language()))
        thread.start()
        thread.join()
        assert found == ["vi"]
        with ip.language("en"):
            assert ip.get_language() == "en"
        assert ip.get_language() == "vi"
    finally:
        ip.set_language("en")
    assert ip.get_language() == "en"


def test_an_unknown_language_is_an_error() -> None:
    with pytest.raises(ip.InvalidValueError, match="must be one of 'en', 'vi'"):
        ip.set_language("fr")
    with pytest.raises(SystemExit) as raised:
        _run("--lang", "fr", "evaluate")
    assert raised.value.code == cli.EXIT_INVALID


def test_vietnamese_without_babel_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in [m for m in sys.modules if m == "babel" or m.startswith("babel.")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "babel", None)
    with pytest.raises(ip.MissingDependencyError, match=r"pip install 'industrial-policy\[vi\]'"):
        ip.set_language("vi")
    assert ip.get_language() == "en"
    assert i18n._("as of") == "as of"  # English needs nothing more
    code, _, err = _run("--lang", "vi", "evaluate", "hai-duong-2021")
    assert code == cli.EXIT_INVALID
    assert "pip install 'industrial-policy[vi]'" in err


# -- error messages ------------------------------------------------------------------------

BAD_AREAS = ["19,866 ha", "-2,000 ha", "6.418 ha", "1.234.567 ha", "90,33 ha", "6 418 ha", "1,5e3"]


@pytest.mark.parametrize("text", BAD_AREAS)
def test_a_number_refused_by_the_notation_is_told_in_vietnamese_as_written(text: str) -> None:
    """Each reason the strict notation gives is in the catalog; the value the user wrote and
    the advice of what to write stay as written, never put in Vietnamese notation (the
    file is read in its own notation, whatever the language of the messages)."""
    document = (
        'format = "industrial-policy/1"\n[[zones]]\nid = "z"\nname = "Z"\nkind = "KCN"\n'
        f'province = "Hà Nội"\ntotal_area = "{text}"\n'
    )
    with pytest.raises(ip.FileFormatError) as caught:
        ip.loads(document)
    english = str(caught.value).split("\n")[1:]
    assert english
    with ip.language("vi"):
        for line in english:
            assert i18n.translated(line), line
            shown = i18n.translate(line)
            assert f"'{text}'" in shown, shown
            advice = re.findall(r"write (\S+) for thousands", line)
            assert all(f"viết {number} nếu" in shown for number in advice), shown


# -- the reasons of errors -----------------------------------------------------------------
# Every reason the library gives for bad input reads in Vietnamese: the reasons of a corpus of
# bad inputs (tests/reasons_corpus.py), of the invalid records of industrial_policy.testing,
# of hostile dataset files and rule packs, and every reason the test suite made the library
# give (tests/golden/error_reasons.txt, collected by tests/reasons_corpus.py).


@pytest.mark.parametrize("name", list(reasons_corpus.CASES))
def test_every_reason_of_the_corpus_reads_in_vietnamese(name: str) -> None:
    error = reasons_corpus.raised(reasons_corpus.CASES[name])
    assert not reasons_corpus.untranslated(error), reasons_corpus.untranslated(error)
    with ip.language("vi"):
        shown = reasons_corpus.shown(error)
    assert shown != str(error)
    # What the user wrote stays as written, whatever the language.
    for value in re.findall(r"got ('[^']*')", str(error)):
        assert value in shown


def test_the_corpus_reads_in_english_as_before() -> None:
    """The English messages are byte for byte what they were before the catalog had the
    reasons (the golden file was written from the English run before)."""
    assert reasons_corpus.english_messages() == reasons_corpus.GOLDEN.read_text("utf-8")


def test_the_reasons_the_test_suite_gives_read_in_vietnamese() -> None:
    reasons = reasons_corpus.REASONS.read_text("utf-8").splitlines()
    assert len(reasons) > 300
    with ip.language("vi"):
        missing = [r for r in reasons if not reasons_corpus.reason_translated(r)]
    assert not missing, "\n".join(missing)
    with ip.language("en"):
        assert all(i18n.translate(reason) == reason for reason in reasons)


_INVALID_RECORDS = st.one_of(
    testing.invalid_zones(),
    testing.invalid_parcels(),
    testing.invalid_projects(),
    testing.invalid_capital_events(),
    testing.invalid_procedures(),
    testing.invalid_reported_figures(),
)


@settings(derandomize=True)  # the same cases every run: a reason new to the corpus is
# added by whoever finds it with a random run, not met by chance in CI (docs/languages.md)
@given(case=_INVALID_RECORDS)
def test_the_reason_of_every_invalid_record_reads_in_vietnamese(case: testing.InvalidInput) -> None:
    error = case.check()
    assert not reasons_corpus.untranslated(error)


def _error_of(call: Callable[[], object]) -> ip.IndustrialPolicyError | None:
    try:
        call()
    except ip.IndustrialPolicyError as error:
        return error
    return None


@settings(derandomize=True)  # the same cases every run: a reason new to the corpus is
# added by whoever finds it with a random run, not met by chance in CI (docs/languages.md)
@given(case=st.sampled_from(["toml", "json"]).flatmap(hostile.hostile_datasets))
def test_the_reasons_of_hostile_dataset_files_read_in_vietnamese(case: hostile.Hostile) -> None:
    error = _error_of(lambda: ip.loads(case.text, case.fmt))
    assert error is None or not reasons_corpus.untranslated(error)


@settings(derandomize=True)  # the same cases every run: a reason new to the corpus is
# added by whoever finds it with a random run, not met by chance in CI (docs/languages.md)
@given(case=hostile.hostile_packs())
def test_the_reasons_of_hostile_rule_packs_read_in_vietnamese(case: hostile.Hostile) -> None:
    error = _error_of(lambda: parse_pack(case.text))
    assert error is None or not reasons_corpus.untranslated(error)
