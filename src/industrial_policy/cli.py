"""The command line: ``industrial-policy`` (also ``python -m industrial_policy``).

Exit codes: 0 clean, 1 some finding failed (``evaluate``) or a reported
figure disagrees (``reconcile``), 2 invalid input (a file that cannot be read,
a dataset that does not fit together, a bad option).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from industrial_policy.errors import IndustrialPolicyError, ProblemsError

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset
    from industrial_policy.findings import Report

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2

_EPILOG = """\
examples:
  industrial-policy evaluate                       # the bundled example dataset
  industrial-policy evaluate study.toml --as-of 2025-12-31 --format json -o report.json
  industrial-policy evaluate study.toml --rules vn-land --rules my-rules.toml
  industrial-policy reconcile study.toml
  industrial-policy explain study.toml vn-land.hi-tech-reserve/kcn-dai-an
  industrial-policy validate study.json

exit codes: 0 clean, 1 findings failed or figures disagree, 2 invalid input
"""


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
    from industrial_policy import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, example: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    evaluate = command(
        "evaluate",
        "Run every applicable rule, target and rate on a dataset and print the report.",
        "industrial-policy evaluate study.toml --as-of 2025-12-31 --format table",
    )
    evaluate.add_argument(
        "dataset", nargs="?", help="dataset file (.toml or .json); default: the bundled example"
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

    reconcile = command(
        "reconcile",
        "Compare every reported figure with the sum of its parts and with the records.",
        "industrial-policy reconcile study.toml",
    )
    reconcile.add_argument("dataset", nargs="?", help="dataset file; default: the bundled example")
    reconcile.add_argument("--format", choices=("table", "json"), default="table")

    explain = command(
        "explain",
        "Print the full explanation of one finding (ids as in the evaluate report).",
        "industrial-policy explain study.toml vn-land.hi-tech-reserve/kcn-dai-an",
    )
    explain.add_argument("dataset", help="dataset file, or 'example' for the bundled one")
    explain.add_argument("finding", help="finding id: CHECK-ID/SUBJECT-ID")
    explain.add_argument("--rules", action="append", metavar="PACK")
    explain.add_argument("--as-of", type=_date, default=None)

    validate = command(
        "validate",
        "Check a dataset file and list every problem with its path.",
        "industrial-policy validate study.toml",
    )
    validate.add_argument("dataset", help="dataset file (.toml or .json)")
    return parser


def _load(name: str | None) -> Dataset:
    from industrial_policy import examples
    from industrial_policy.fileformat import load

    if name is None or name == "example":
        return examples.load()
    return load(Path(name))  # type: ignore[no-any-return]


def _write(text: str, output: str | None, stdout: TextIO) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        stdout.write(text)


def _csv(report: Report) -> str:
    from industrial_policy.findings import ROW_COLUMNS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ROW_COLUMNS)
    for finding in report.findings:
        row = finding.row(exact=True)
        writer.writerow(["" if row[column] is None else row[column] for column in ROW_COLUMNS])
    return buffer.getvalue()


def _render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "html":
        from industrial_policy.display import report_page

        return report_page(report)
    return str(report) + "\n"


def _evaluate(args: argparse.Namespace) -> Report:
    from industrial_policy.evaluation import evaluate_all, skipped_checks

    dataset = _load(args.dataset)
    for reason in skipped_checks(dataset):
        sys.stderr.write(f"note: not evaluated: {reason}\n")
    return evaluate_all(dataset, as_of=args.as_of, rule_packs=args.rules)


def _run(args: argparse.Namespace, stdout: TextIO) -> int:
    if args.command == "validate":
        dataset = _load(args.dataset)
        stdout.write(f"{args.dataset}: valid ({dataset!r})\n")
        return EXIT_OK
    if args.command == "reconcile":
        from industrial_policy.reconciliation import reconcile

        result = reconcile(_load(args.dataset))
        if args.format == "json":
            stdout.write(json.dumps(result.to_dicts(), indent=2, ensure_ascii=False) + "\n")
        else:
            stdout.write(str(result) + "\n")
        return EXIT_OK if result.ok else EXIT_FINDINGS
    if args.command == "explain":
        report = _evaluate(args)
        stdout.write(report[args.finding].explain() + "\n")
        return EXIT_OK
    report = _evaluate(args)
    _write(_render(report, args.format), args.output, stdout)
    return EXIT_FINDINGS if report.failures else EXIT_OK


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    args = _parser().parse_args(argv)
    try:
        return _run(args, out)
    except ProblemsError as exc:
        sys.stderr.write(f"{exc}\n")
        return EXIT_INVALID
    except IndustrialPolicyError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_INVALID
    except OSError as exc:
        sys.stderr.write(f"error: cannot write output: {exc}\n")
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
