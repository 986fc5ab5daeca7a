"""Counting: every record of a valid file is in the dataset, once; ids survive any Unicode form.

A loaded dataset holds as many records of each kind as its file, in the
file's order, with the file's ids (NFC-normalised), and as many nested
records (capital events, parameter values) as each record lists. A record
added twice is an error or a second record, never merged; a record removed
is an error or one record fewer, never made up. Vietnamese ids and names
load in NFC or NFD; a control character in an id is refused at its path.
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hostile import (
    CONTROL_CHARACTERS,
    DATASET_ERRORS,
    EVERY_RECORD,
    SMALL_DATASETS,
    Format,
    copy,
    dataset_document,
    dataset_problems,
    example_documents,
    judge,
    path_text,
    record_counts,
    reference_parse,
    valid_dataset_documents,
    write,
)
from hypothesis import assume, given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.errors import DatasetIntegrityError, FileFormatError

FORMATS = st.sampled_from(["toml", "json"])


def _load_file(text: str, fmt: Format) -> Any:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"study.{fmt}"
        file.write_text(text, encoding="utf-8")
        return ip.load(file)


@given(dataset=SMALL_DATASETS, fmt=FORMATS)
def test_every_record_of_a_valid_file_is_loaded_once(dataset: ip.Dataset, fmt: Format) -> None:
    text = ip.dumps(dataset, fmt)
    loaded = _load_file(text, fmt)
    assert dataset_problems(loaded, reference_parse(text, fmt)) == []
    assert loaded.summary() == dataset.summary()
    assert loaded == dataset


@given(document=FORMATS.flatmap(valid_dataset_documents), fmt=FORMATS)
def test_counts_hold_in_either_format_and_unicode_form(document: Any, fmt: Format) -> None:
    """The same document written as TOML or JSON, in NFC or NFD: the same records."""
    document = reference_parse(write(document, "json"), "json")  # dates as text: both formats
    expected = record_counts(document)
    nfc = ip.loads(write(document, fmt), fmt)
    nfd = ip.loads(unicodedata.normalize("NFD", write(document, fmt)), fmt)
    assert nfc.summary() == nfd.summary() == expected
    assert dataset_problems(nfd, document) == []
    assert nfd == nfc


def _collections(document: dict[str, Any]) -> list[str]:
    return sorted(k for k, n in record_counts(document).items() if n and k != "exchange_rates")


def _drawn_record(document: dict[str, Any], data: st.DataObject) -> tuple[str, int]:
    """A record of the document: its collection and its position there."""
    kinds = _collections(document)
    assume(kinds)
    kind = data.draw(st.sampled_from(kinds), label="kind")
    return kind, data.draw(st.integers(0, len(document[kind]) - 1), label="index")


@given(document=FORMATS.flatmap(valid_dataset_documents), fmt=FORMATS, data=st.data())
def test_a_record_twice_is_refused_or_kept_twice(
    document: Any, fmt: Format, data: st.DataObject
) -> None:
    kind, index = _drawn_record(document, data)
    doubled = copy(document)
    doubled[kind].insert(index + 1, copy(document[kind][index]))
    text = write(doubled, fmt)
    result = judge(
        lambda: ip.loads(text, fmt),
        lambda ds: dataset_problems(ds, doubled),
        allowed=DATASET_ERRORS,
        source=None,
        shown=(kind, index, text),
    )
    if "id" in document[kind][index]:  # a second record with the same id: an error at it
        assert isinstance(result, DatasetIntegrityError), result
        assert f"{kind}[{index + 1}].id" in {p.path for p in result.problems}, result


@given(document=FORMATS.flatmap(valid_dataset_documents), fmt=FORMATS, data=st.data())
def test_a_record_removed_is_missed_or_one_fewer(
    document: Any, fmt: Format, data: st.DataObject
) -> None:
    kind, index = _drawn_record(document, data)
    fewer = copy(document)
    del fewer[kind][index]
    text = write(fewer, fmt)
    result = judge(
        lambda: ip.loads(text, fmt),
        lambda ds: dataset_problems(ds, fewer),
        allowed=DATASET_ERRORS,
        source=None,
        shown=(kind, index, text),
    )
    # only a record another one names can be missed, and that is an integrity problem
    assert isinstance(result, ip.Dataset | DatasetIntegrityError), result


def _id_places(document: dict[str, Any]) -> list[tuple[str, int]]:
    return [
        (kind, i)
        for kind in _collections(document)
        for i, record in enumerate(document[kind])
        if isinstance(record, dict) and isinstance(record.get("id"), str)
    ]


@given(document=FORMATS.flatmap(valid_dataset_documents), fmt=FORMATS, data=st.data())
def test_a_control_character_in_an_id_is_refused_at_the_id(
    document: Any, fmt: Format, data: st.DataObject
) -> None:
    places = _id_places(document)
    assume(places)
    kind, index = data.draw(st.sampled_from(places), label="record")
    control = data.draw(
        st.sampled_from(CONTROL_CHARACTERS)
        | st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp"], exclude_characters="\ufeff"),
        label="control",
    )
    old = document[kind][index]["id"]
    at = data.draw(st.integers(0, len(old)), label="at")
    bad = copy(document)
    bad[kind][index]["id"] = old[:at] + control + old[at:]
    text = write(bad, fmt)
    with pytest.raises(FileFormatError) as caught:
        ip.loads(text, fmt)
    assert f"{kind}[{index}].id" in {p.path for p in caught.value.problems}, caught.value
    assert str(caught.value).replace("\n", " ").isprintable()


VIETNAMESE_IDS = ["kcn-đại-an", "Khu kinh tế Đông Nam", "lô-1", "dự-án-ưu-tiên", "Hải Dương/3"]


@given(
    dataset=SMALL_DATASETS,
    fmt=FORMATS,
    new=st.sampled_from(VIETNAMESE_IDS),
    form=st.sampled_from(["NFC", "NFD"]),
)
def test_a_zone_renamed_to_a_vietnamese_id_keeps_its_records(
    dataset: ip.Dataset, fmt: Format, new: str, form: str
) -> None:
    """Rename a zone and every reference to it: the same records under the new id (NFC)."""
    assume(dataset.zones and all(z.id != new for z in dataset.zones))
    old = dataset.zones[0].id
    document = dataset_document(dataset, fmt)
    renamed = _renamed(document, old, unicodedata.normalize(form, new))
    loaded = ip.loads(write(renamed, fmt), fmt)
    assert loaded.summary() == dataset.summary()
    assert loaded.zones[0].id == new  # NFC, whichever form the file had
    assert len(loaded.parcels_in(new)) == len(dataset.parcels_in(old))
    assert len(loaded.children(new)) == len(dataset.children(old))


_REFERENCES = {"id", "zone_id", "parent_id", "within", "outside"}


def _renamed(document: Any, old: str, new: str, key: str | None = None) -> Any:
    """Every id or zone reference equal to ``old`` replaced by ``new``."""
    if isinstance(document, dict):
        return {k: _renamed(v, old, new, k) for k, v in document.items()}
    if isinstance(document, list):
        return [_renamed(v, old, new, key) for v in document]
    return new if document == old and key in _REFERENCES else document


def test_the_record_kinds_of_the_fuzz_documents() -> None:
    """The documents the suite starts from hold every kind of record between them."""
    kinds = set().union(*(_collections(d) for d in example_documents()))
    assert kinds == set(record_counts({})) - {"exchange_rates"}
    assert len(ip.load(EVERY_RECORD).exchange_rates) == 1
    assert path_text(("zones", 0, "Đại An")) == "zones[0]['Đại An']"
