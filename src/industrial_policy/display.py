"""Text and HTML renderings of results, for terminals and notebooks."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from industrial_policy.findings import Report

__all__ = [
    "facts_html",
    "html_table",
    "report_html",
    "report_page",
    "report_table",
    "text_table",
]


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


def _report_rows(report: Report, max_rows: int | None = None) -> list[list[str]]:
    rows = []
    for f in report.findings[:max_rows]:
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


def _summary(report: Report) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items()) or "no findings"
    return f"as of {report.as_of.isoformat()}: {counts}"


def _more(shown: int, total: int, whole: str) -> str:
    return f"… {total - shown:,} more of {total:,} findings: {whole} shows them all"


def report_table(report: Report, *, max_rows: int | None = None) -> str:
    """The report as an 80-column text table with a one-line summary.

    A finding id too long for its column stands on a line of its own, above
    its numbers, so no id is ever cut. With ``max_rows``, only the first
    findings are listed and a last line says how many more there are.
    """
    name = f"{report.dataset_name} " if report.dataset_name else ""
    # Wrapped, never shortened: the counts are what a reader looks for first.
    title = textwrap.fill(f"{name}{_summary(report)}", 80, subsequent_indent="  ")
    lines = text_table(_REPORT_HEADERS, [], _REPORT_WIDTHS).splitlines()
    rows = _report_rows(report, max_rows)
    for row in rows:
        if len(row[0]) > _REPORT_WIDTHS[0]:
            lines.append(row[0])
            row = ["", *row[1:]]
        lines.append(text_table(_REPORT_HEADERS, [row], _REPORT_WIDTHS).splitlines()[-1])
    if len(rows) < len(report):
        lines.append(_more(len(rows), len(report), "print(report)"))
    return "\n".join([title, *lines])


def report_html(report: Report, *, max_rows: int | None = None) -> str:
    """The report as an HTML table; with ``max_rows``, the first findings and how many more."""
    rows = _report_rows(report, max_rows)
    caption = _summary(report)
    if len(rows) < len(report):
        caption += f" ({_more(len(rows), len(report), 'report.to_dataframe()')})"
    return html_table(_REPORT_HEADERS, rows, caption)


def facts_html(facts: Sequence[tuple[str, str | Sequence[str]]], caption: str) -> str:
    """Labelled facts as a two-column table; a list of values becomes a list in its cell."""
    rows = []
    for label, value in facts:
        if isinstance(value, str):
            cell = html.escape(value)
        else:
            cell = "<ul>" + "".join(f"<li>{html.escape(v)}</li>" for v in value) + "</ul>"
        rows.append(f"<tr><th>{html.escape(label)}</th><td>{cell}</td></tr>")
    return f"<table><caption>{html.escape(caption)}</caption><tbody>{''.join(rows)}</tbody></table>"


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
