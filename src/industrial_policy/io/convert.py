"""Converting a dataset between its forms: a TOML or JSON file, a folder of CSV or Parquet
tables (a Data Package), and an Excel workbook.

:func:`convert` reads ``source`` in the form its path says and writes ``target``
in the form its path (or ``fmt``) says; what is read is checked as any dataset
is, and what is written reads back to an equal dataset. It is what
``industrial-policy convert SOURCE TARGET`` runs.

>>> import tempfile, pathlib, industrial_policy as ip
>>> work = pathlib.Path(tempfile.mkdtemp())
>>> example = ip.examples.path("hai-duong-2021")
>>> convert(example, work / "hd").summary()["targets"]  # a folder of CSV files
4
>>> convert(work / "hd", work / "hd.xlsx") == ip.load(example)
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from industrial_policy.dataset import Dataset
from industrial_policy.errors import FileFormatError, Problem
from industrial_policy.io import excel_writer, files, folder

__all__ = ["FORMATS", "Form", "convert", "form_of", "read_any", "write_any"]

Form = Literal["toml", "json", "csv", "parquet", "xlsx"]
FORMATS: tuple[Form, ...] = ("toml", "json", "csv", "parquet", "xlsx")
"""The forms a dataset takes: files (TOML, JSON), folders (CSV, Parquet), workbooks (xlsx)."""


_FORMS: dict[str, Form] = {form: form for form in FORMATS}


def form_of(path: str | os.PathLike[str], fmt: str | None = None) -> Form:
    """The form of a dataset at ``path``: ``fmt`` when given, else by the suffix (``.toml``,
    ``.json``, ``.xlsx``), else a folder (CSV, or the format its ``datapackage.json`` names)."""
    chosen = (fmt or "").lower()
    if chosen:
        if chosen not in FORMATS:
            raise FileFormatError(
                [Problem("", f"unknown format {chosen!r}: use one of {', '.join(FORMATS)}", fmt)],
                source=str(path),
            )
        return _FORMS[chosen]
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("toml", "json", "xlsx"):
        return _FORMS[suffix]
    return folder.format_of(path)


def read_any(path: str | os.PathLike[str]) -> Dataset:
    """The dataset at ``path``, in whichever form it is."""
    form = form_of(path)
    if form == "xlsx":
        return excel_writer.load_workbook(path)
    if form in ("csv", "parquet") and not Path(path).exists():
        raise FileFormatError([Problem("", "no such file or folder", str(path))], source=str(path))
    result: Dataset = files.load(path)
    return result


def write_any(dataset: Dataset, path: str | os.PathLike[str], fmt: str | None = None) -> None:
    """Write ``dataset`` to ``path`` in the form ``fmt`` names, or its path says."""
    form = form_of(path, fmt)
    if form == "xlsx":
        excel_writer.dump_workbook(dataset, path)
    elif form in ("csv", "parquet"):
        folder.dump_folder(dataset, path, fmt=form)
    else:
        files.dump(dataset, path, fmt=form)


def convert(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, fmt: str | None = None
) -> Dataset:
    """Read the dataset at ``source`` and write it to ``target``; returns the dataset."""
    dataset = read_any(source)
    write_any(dataset, target, fmt)
    return dataset
