"""Text and HTML renderings of results, for terminals and notebooks."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from industrial_policy.findings import Report

__all__ = ["html_table", "report_html", "report_page", "report_table", "text_table"]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    """A fixed-width table; cells longer than their column are cut with an ellipsis."""
    lines = ["  ".join(_clip(h, w).ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append(
            "  ".join(_clip(c, w).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        )
    return "\n".join(lines)


def html_table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_REPORT_HEADERS = ("finding", "status", "actual", "required", "gap")
_REPORT_WIDTHS = (14, 17, 16, 16, 9)  # 72 characters and 8 of separators: fits 80 columns


def _report_rows(report: Report) -> list[list[str]]:
    rows = []
    for f in report.findings:
        rows.append(
            [
                f.id,
                f.status.value,
                str(f.actual) if f.actual is not None else "n/a",
                f.threshold_text(),
                str(f.gap) if f.gap is not None else "",
            ]
        )
    return rows


def report_table(report: Report) -> str:
    """The report as an 80-column text table with a one-line summary.

    A finding id too long for its column stands on a line of its own, above
    its numbers, so no id is ever cut.
    """
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items()) or "no findings"
    name = f"{report.dataset_name} " if report.dataset_name else ""
    # Wrapped, never shortened: the counts are what a reader looks for first.
    title = textwrap.fill(
        f"{name}as of {report.as_of.isoformat()}: {counts}", 80, subsequent_indent="  "
    )
    lines = text_table(_REPORT_HEADERS, [], _REPORT_WIDTHS).splitlines()
    for row in _report_rows(report):
        if len(row[0]) > _REPORT_WIDTHS[0]:
            lines.append(row[0])
            row = ["", *row[1:]]
        lines.append(text_table(_REPORT_HEADERS, [row], _REPORT_WIDTHS).splitlines()[-1])
    return "\n".join([title, *lines])


def report_html(report: Report) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items()) or "no findings"
    return html_table(
        _REPORT_HEADERS, _report_rows(report), f"as of {report.as_of.isoformat()}: {counts}"
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
caption {{ text-align: left; font-weight: bold; padding: 0.3em 0; }}
pre {{ background: #f8f8f8; padding: 0.6em; white-space: pre-wrap; }}
details {{ margin: 0.3em 0; }}
figure {{ margin: 1.5em 0; }}
figure svg {{ display: block; max-width: 100%; height: auto; }}
</style>
</head>
<body>
<h1>{title}</h1>
{body}
</body>
</html>
"""


def report_page(report: Report, figures: Sequence[str] = ()) -> str:
    """One self-contained HTML page: the summary table, the figures, and each explanation.

    ``figures`` are HTML fragments already rendered, an inline ``<svg>`` or
    an ``<img>`` with a ``data:`` URL, placed after the table in the order
    given: :func:`industrial_policy.plots.report_figures` draws those that
    apply to a report (and returns none without matplotlib). Nothing is
    loaded from outside the page.

    >>> import datetime as dt
    >>> from industrial_policy.findings import Report
    >>> page = report_page(Report((), dt.date(2025, 12, 31), "Hải Dương"),
    ...                    ['<figure><svg viewBox="0 0 10 10"></svg></figure>'])
    >>> page.index("<table>") < page.index("<figure><svg") < page.index("</body>")
    True
    """
    name = report.dataset_name or "dataset"
    title = f"{name}: report as of {report.as_of.isoformat()}"
    parts = [report_html(report)]
    parts.extend(figures)
    for finding in report.findings:
        parts.append(
            f"<details><summary>{html.escape(finding.id)}: {html.escape(finding.status.value)}"
            f"</summary><pre>{html.escape(finding.explain())}</pre></details>"
        )
    return _PAGE.format(title=html.escape(title), body="\n".join(parts))
