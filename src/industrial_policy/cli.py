"""The command line: ``industrial-policy`` (also ``python -m industrial_policy``).

Exit codes: 0 clean, 1 some finding failed (``evaluate``) or a reported
figure disagrees (``reconcile``), 2 invalid input (a file that cannot be read,
a dataset that does not fit together, a bad option).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from industrial_policy import __version__, examples
from industrial_policy.dataset import Dataset
from industrial_policy.errors import (
    IndustrialPolicyError,
    InvalidValueError,
    ProblemsError,
    UnknownRecordError,
    did_you_mean,
)
from industrial_policy.evaluate import evaluate_all, skipped_checks
from industrial_policy.findings import Report, report_page
from industrial_policy.geo import GeometryTable, check_geometry, read_geometries
from industrial_policy.i18n import LANGUAGES, _, language, translate
from industrial_policy.io import load
from industrial_policy.io.convert import FORMATS, convert, write_any
from industrial_policy.io.tables import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    PARQUET_SUFFIXES,
    TableNote,
    read,
)
from industrial_policy.plots import report_figures, zone_map_svg
from industrial_policy.plots._matplotlib import has_matplotlib
from industrial_policy.reconciliation import cross_check, reconcile

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2

TABLE_SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES

_BUNDLED = "or the name of a bundled example (default: the combined example)"

_EPILOG = """\
examples:
  industrial-policy evaluate                       # the bundled example dataset
  industrial-policy evaluate study.toml --as-of 2025-12-31 --format json -o report.json
  industrial-policy evaluate study.toml --rules vn-land --rules my-rules.toml
  industrial-policy evaluate hai-duong-2021        # a bundled example, by name
  industrial-policy evaluate study.toml --override vn-land.occupancy.min-share=60%
  industrial-policy evaluate study.toml --input vn-national.cluster-expansion:ccn-1=10ha
  industrial-policy evaluate study.toml --apply-to 'province="Bắc Ninh"'
  industrial-policy reconcile study.toml
  industrial-policy explain study.toml vn-land.hi-tech-reserve/kcn-dai-an
  industrial-policy validate study.json
  industrial-policy evaluate parks.xlsx --mapping mapping.toml
  industrial-policy validate parcels.csv --table zones=zones.csv --notation vi
  industrial-policy evaluate hai-phong-2024 --lang vi   # the report in Vietnamese

exit codes: 0 clean, 1 findings failed or figures disagree, 2 invalid input
"""


LANG_VARIABLE = "INDUSTRIAL_POLICY_LANG"
"""The environment variable that sets the default of ``--lang``."""

_LANG_OPTION: dict[str, Any] = {
    "choices": LANGUAGES,
    "help": f"language of the output: en or vi (default: ${LANG_VARIABLE}, else en);"
    " vi needs Babel: pip install 'industrial-policy[vi]'",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code is 2 as well
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"{self.prog}: error: {message}\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="industrial-policy",
        description="Check, reconcile and explain industrial-zone policy figures.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--lang", **_LANG_OPTION, default=os.environ.get(LANG_VARIABLE) or "en")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        # Also after the command (evaluate --lang vi); unset there, the global one holds.
        sub.add_argument("--lang", **_LANG_OPTION, default=argparse.SUPPRESS)
        return sub

    evaluate = command(
        "evaluate",
        "Run every applicable rule, target and rate on a dataset and print the report.",
        "industrial-policy evaluate study.toml --as-of 2025-12-31 --format table",
    )
    evaluate.add_argument(
        "dataset",
        nargs="?",
        help=f"dataset file (.toml, .json) or table file (.csv, .xlsx, .parquet) {_BUNDLED}",
    )
    evaluate.add_argument(
        "--rules",
        action="append",
        metavar="PACK",
        help="rule pack: a shipped pack name or a TOML file (repeatable; default: all shipped)",
    )
    evaluate.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help="evaluation date, YYYY-MM-DD (default: the dataset's evaluation.as_of, else today)",
    )
    evaluate.add_argument(
        "--format", choices=("table", "json", "csv", "html"), default="table", help="output format"
    )
    evaluate.add_argument("-o", "--output", help="write to this file instead of standard output")
    _geometry_options(evaluate)
    _what_if_options(evaluate)
    _table_options(evaluate)

    reconcile = command(
        "reconcile",
        "Compare every reported figure with the sum of its parts and with the records; then"
        " check the published figures against each other, their parts' weighted rate and the"
        " records.",
        "industrial-policy reconcile study.toml",
    )
    reconcile.add_argument("dataset", nargs="?", help=f"dataset file {_BUNDLED}")
    reconcile.add_argument("--format", choices=("table", "json"), default="table")
    reconcile.add_argument(
        "--as-of", type=_date, default=None,
        help="the day of the published figures' checks (default: the dataset's, else today)",
    )  # fmt: skip
    _table_options(reconcile)

    explain = command(
        "explain",
        "Print the full explanation of one finding (ids as in the evaluate report).",
        "industrial-policy explain study.toml vn-land.hi-tech-reserve/kcn-dai-an",
    )
    explain.add_argument("dataset", help="dataset file, or the name of a bundled example")
    explain.add_argument("finding", help="finding id: CHECK-ID/SUBJECT-ID")
    explain.add_argument("--rules", action="append", metavar="PACK")
    explain.add_argument("--as-of", type=_date, default=None)
    _geometry_options(explain)
    _what_if_options(explain)
    _table_options(explain)

    validate = command(
        "validate",
        "Check a dataset file and list every problem with its path.",
        "industrial-policy validate study.toml",
    )
    validate.add_argument(
        "dataset",
        nargs="?",
        help="dataset file (.toml or .json), a table file (.csv, .xlsx, .parquet),"
        " or a bundled example",
    )
    _table_options(validate)

    convert = command(
        "convert",
        "Convert a dataset between TOML, JSON, a folder of CSV or Parquet tables and .xlsx;"
        " or the user's own tables (CSV, a workbook, Parquet, with a column mapping) into one.",
        "industrial-policy convert study.toml study/ --format parquet\n"
        "  industrial-policy convert parks.xlsx study.toml --mapping mapping.toml",
    )
    convert.add_argument(
        "source",
        help="dataset: .toml, .json, .xlsx, or a folder; or a table file (.csv, .xlsx,"
        " .parquet) read with --mapping",
    )
    convert.add_argument("target", help="where to write: .toml, .json, .xlsx, or a folder")
    convert.add_argument(
        "--format", choices=FORMATS, help="the target's form (default: by its suffix; a folder"
        " without one holds CSV files)",
    )  # fmt: skip
    _table_options(convert)
    return parser


def _published_checks(dataset: Dataset, day: dt.date | None) -> Report | None:
    """The checks of the published figures (identities, a group's rate against its parts,
    figures against the records), as ``evaluate`` gives them; ``None`` when there is none.
    The reported figures' own checks are :func:`reconcile`'s."""
    if not len(dataset.published):
        return None
    checks = cross_check(dataset, as_of=day)
    kept = [f for f in checks if not f.check_id.startswith("reconcile.")]
    return Report(kept, checks.as_of, checks.dataset_name) if kept else None


def _reads_tables(name: str | None, args: argparse.Namespace | None) -> bool:
    """Whether ``name`` (with the options) is read as tables: a mapping, tables named one by
    one, or a table file (a dataset's own workbook, with its manifest sheet, among them)."""
    if getattr(args, "mapping", None) is not None or getattr(args, "table", None):
        return True
    return bool(name) and Path(str(name)).suffix.lower() in TABLE_SUFFIXES


def _load(name: str | None, args: argparse.Namespace | None = None) -> Dataset:
    """A dataset file, tables (CSV, a workbook, Parquet, with a column mapping), or a
    bundled example by name when no such file exists."""
    tables = dict(_pairs(getattr(args, "table", None) or [], "table"))
    mapping = getattr(args, "mapping", None)
    if _reads_tables(name, args):
        with warnings.catch_warnings(record=True) as notes:
            warnings.simplefilter("always", TableNote)
            dataset = read(
                name, kind=args.kind if args else None, mapping=mapping,
                notation=args.notation if args else None, **tables,
            )  # fmt: skip
        for note in notes:
            if issubclass(note.category, TableNote):
                _note(translate(str(note.message)))
        return dataset
    if name is None or name == "example":
        return examples.load()
    notation = getattr(args, "notation", None)
    return load(_example_or_path(name), notation=notation)


def _example_or_path(name: str) -> Path:
    """The file ``name`` names, or the bundled example of that name when no such file exists.
    A name that is neither, with no suffix or folder (``hai-duong-20211``), is taken for a
    mistyped example: the error lists the examples."""
    path = Path(name)
    if path.exists():
        return path
    if name in examples.names():
        return examples.path(name)
    if not path.suffix and len(path.parts) == 1:
        choices = did_you_mean(name, examples.names())
        raise UnknownRecordError(f"no file and no example dataset named {name!r}; {choices}")
    return path


def _table_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "tables", "a CSV, Excel or Parquet file instead of a dataset file (see docs/tables.md)"
    )
    group.add_argument(
        "--mapping",
        metavar="MAPPING.toml",
        help="column mapping: which column gives which field, units, notation, files, sheets",
    )
    group.add_argument(
        "--kind",
        metavar="TABLE",
        help="the table a CSV or Parquet file holds (zones, parcels, projects...;"
        " default: as the file is named)",
    )
    group.add_argument(
        "--table",
        action="append",
        default=[],
        metavar="TABLE=FILE",
        help="another table from its own file, such as zones=zones.csv (repeatable)",
    )
    group.add_argument(
        "--notation",
        choices=("strict", "en", "vi"),
        default=None,
        help="numbers written as text: vi reads 6.418 as 6418 and 90,33 as 90.33"
        " (default: the mapping's or the dataset file's notation key, else strict)",
    )


def _what_if_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="PARAMETER=VALUE",
        help="what-if value of a rule parameter, such as vn-land.occupancy.min-share=60%%"
        " (repeatable; unknown ids are an error)",
    )
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="INPUT:SUBJECT=VALUE",
        help="a user input a rule needs: an area, such as"
        " vn-national.cluster-expansion:ccn-1=10ha, or true/false for a fact, such as"
        " vn-national.cluster-infrastructure-completed:ccn-1=true (repeatable)",
    )
    parser.add_argument(
        "--apply-to",
        default=None,
        metavar='province="NAME"',
        help='apply the rules scoped to a province to another, such as province="Bắc Ninh";'
        " add rules=ID (repeatable) to re-scope only those rules or packs (see docs/rules.md)",
    )


def _pairs(items: Sequence[str], option: str) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InvalidValueError("must be written KEY=VALUE", value=item, field=f"--{option}")
        pairs.append((key.strip(), value.strip()))
    return pairs


_FACT_WORDS = {"true": True, "false": False}


def _what_ifs(
    args: argparse.Namespace,
) -> tuple[dict[str, str], dict[str, dict[str, str | bool]]]:
    overrides = dict(_pairs(args.override, "override"))
    inputs: dict[str, dict[str, str | bool]] = {}
    for key, value in _pairs(args.input, "input"):
        measure, sep, subject = key.rpartition(":")
        if not sep or not measure or not subject:
            raise InvalidValueError(
                "must be written INPUT:SUBJECT=VALUE", value=f"{key}={value}", field="--input"
            )
        # true/false answer a yes/no fact; anything else is an area, read by the engine.
        inputs.setdefault(measure, {})[subject] = _FACT_WORDS.get(value.lower(), value)
    return overrides, inputs


class _Progress:
    """Stage and elapsed time on standard error, for runs over two seconds on a terminal.

    Nothing is written when standard error is not a terminal (piped or
    redirected), nor for a run that ends within two seconds.
    """

    DELAY = 2.0

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._enabled = stream.isatty()
        self._clock = time.monotonic
        self._started = self._clock()
        self._stage = _("loading")  # in the caller's language: the thread has none
        self._shown = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)

    def __enter__(self) -> _Progress:
        if self._enabled:
            self._thread.start()
        return self

    def stage(self, name: str) -> None:
        self._stage = translate(name)

    def _tick(self) -> None:
        while not self._done.wait(0.25):
            elapsed = self._clock() - self._started
            if elapsed >= self.DELAY:
                self._stream.write(f"\r\x1b[K{self._stage}... {elapsed:.0f} s")
                self._stream.flush()
                self._shown = True

    def __exit__(self, *exc: object) -> None:
        if self._enabled:
            self._done.set()
            self._thread.join()
            if self._shown:
                self._stream.write("\r\x1b[K")
                self._stream.flush()


def _write(text: str, output: str | None, stdout: TextIO) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        stdout.write(text)


def _render(report: Report, fmt: str, dataset: Dataset, maps: Sequence[str] = ()) -> str:
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "csv":
        return report.to_csv()
    if fmt == "html":
        return report_page(report, [*report_figures(report, dataset), *maps])
    return str(report) + "\n"


def _geometry_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "maps (the geo extra)", "check the map against the records (see docs/geo.md)"
    )
    group.add_argument(
        "--geometry", metavar="MAP", help="the zones' map: .geojson, .gpkg, .shp or .parquet"
    )
    group.add_argument("--parcel-geometry", metavar="MAP", help="the parcels' map")
    group.add_argument(
        "--crs",
        help="the maps' CRS when a file gives none: EPSG:4326, EPSG:3405, 'VN-2000 Hải Phòng'...",
    )
    group.add_argument(
        "--id-column", default="id", help="the maps' column of record ids (default: id)"
    )


def _geometry_report(args: argparse.Namespace, dataset: Dataset, day: dt.date) -> Report | None:
    zones_map = getattr(args, "geometry", None)
    parcels_map = getattr(args, "parcel_geometry", None)
    if zones_map is None and parcels_map is None:
        return None

    def read(path: str | None, kind: str) -> GeometryTable | None:
        if path is None:
            return None
        return read_geometries(path, kind, id_column=args.id_column, crs=args.crs)

    zones, parcels = read(zones_map, "zones"), read(parcels_map, "parcels")
    args.zone_map = zones  # drawn in the HTML page (_map_figures)
    return check_geometry(dataset, zones=zones, parcels=parcels, as_of=day)


#: How many zone maps the HTML page draws at most (one per rule measured on zones).
MAX_ZONE_MAPS = 3


def _map_figures(report: Report, zones: GeometryTable | None) -> list[str]:
    """Zone maps coloured by the rules measured on zones, for the HTML page (none without
    the zones' map or matplotlib)."""
    if zones is None or not has_matplotlib():
        return []
    checks = dict.fromkeys(
        f.check_id
        for f in report
        if f.kind == "rule" and f.subject_kind == "zone" and f.actual is not None
    )
    return [
        zone_map_svg(report, zones, check=check, prefix=f"ip-map{n}-")
        for n, check in enumerate(list(checks)[:MAX_ZONE_MAPS], start=1)
    ]


def _evaluate(args: argparse.Namespace) -> tuple[Dataset, Report]:
    overrides, inputs = _what_ifs(args)
    with _Progress(sys.stderr) as progress:
        dataset = _load(args.dataset, args)
        report = evaluate_all(
            dataset,
            as_of=args.as_of,
            rule_packs=args.rules,
            overrides=overrides,
            inputs=inputs,
            progress=progress.stage,
            apply_to=args.apply_to,
        )
        if getattr(args, "geometry", None) or getattr(args, "parcel_geometry", None):
            progress.stage(_("checking the maps"))
            geometry = _geometry_report(args, dataset, report.as_of)
            if geometry is not None:
                report = report.combine(geometry)
    for reason in skipped_checks(dataset):
        _note(_("not evaluated: {reason}").format(reason=translate(reason)))
    if args.apply_to:
        for note in _rescoped_notes(report):
            _note(translate(note))
    return dataset, report


def _rescoped_notes(report: Report) -> list[str]:
    """What each rule re-scoped by --apply-to says (one finding of each rule is read)."""
    first = {f.check_id: f for f in reversed(report.findings) if f.kind == "rule"}
    said = (
        next((n for n in f.explanation.notes if n.startswith("applied outside its original")), "")
        for f in reversed(first.values())
    )
    return [note for note in said if note]


def _note(text: str) -> None:
    """A note, already in the current language."""
    sys.stderr.write(_("note: {text}").format(text=text) + "\n")


def _error(text: str) -> None:
    """An error, already in the current language."""
    sys.stderr.write(_("error: {text}").format(text=text) + "\n")


def _run(args: argparse.Namespace, stdout: TextIO) -> int:
    if args.command == "convert":
        if _reads_tables(args.source, args):
            dataset = _load(args.source, args)  # a user's tables, as evaluate reads them
            write_any(dataset, args.target, args.format)
        else:
            dataset = convert(_example_or_path(args.source), args.target, fmt=args.format)
        written = _("{path}: written ({dataset})").format(path=args.target, dataset=repr(dataset))
        stdout.write(written + "\n")
        return EXIT_OK
    if args.command == "validate":
        dataset = _load(args.dataset, args)
        name = args.dataset or args.mapping
        stdout.write(_("{path}: valid ({dataset})").format(path=name, dataset=repr(dataset)) + "\n")
        return EXIT_OK
    if args.command == "reconcile":
        dataset = _load(args.dataset, args)
        result = reconcile(dataset)
        published = _published_checks(dataset, args.as_of)
        if args.format == "json":  # the reported figures' checks; evaluate's JSON has all
            stdout.write(json.dumps(result.to_dicts(), indent=2, ensure_ascii=False) + "\n")
        else:
            stdout.write(str(result) + "\n")  # in the current language
            if published is not None:
                stdout.write("\n" + _("published figures") + ":\n" + str(published) + "\n")
        failed = published is not None and bool(published.failures)
        return EXIT_OK if result.ok and not failed else EXIT_FINDINGS
    if args.command == "explain":
        report = _evaluate(args)[1]
        stdout.write(report[args.finding].explain() + "\n")
        return EXIT_OK
    dataset, report = _evaluate(args)
    if args.format == "html":
        with _Progress(sys.stderr) as progress:
            progress.stage(_("drawing the figures"))
            maps = _map_figures(report, getattr(args, "zone_map", None))
            text = _render(report, args.format, dataset, maps)
    else:
        text = _render(report, args.format, dataset)
    _write(text, args.output, stdout)
    return EXIT_FINDINGS if report.failures else EXIT_OK


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    try:
        with language(args.lang):
            return _run_in_language(args, out)
    except IndustrialPolicyError as exc:  # the language itself: Babel missing
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_INVALID


def _run_in_language(args: argparse.Namespace, out: TextIO) -> int:
    try:
        return _run(args, out)
    except ProblemsError as exc:
        sys.stderr.write(f"{exc}\n")  # an error shows itself in the current language
        return EXIT_INVALID
    except IndustrialPolicyError as exc:
        _error(str(exc))
        return EXIT_INVALID
    except OSError as exc:
        _error(_("cannot write output: {reason}").format(reason=exc))
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
