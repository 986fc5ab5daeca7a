"""Text and HTML tables of strings, for terminals and notebooks.

This module is generic: it knows nothing of findings, reports or datasets.
Each result lays itself out as rows of text (:class:`~industrial_policy.findings.Report`,
:class:`~industrial_policy.findings.Finding`, the dataset's summary, a
reconciliation) and renders them here. It imports nothing from the library,
so every layer may use it.

>>> print(text_table(["zone", "share"], [["kcn-a", "13.6%"]], [8, 6]))
zone      share
--------  ------
kcn-a     13.6%
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = [
    "facts_html",
    "html_details",
    "html_page",
    "html_table",
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
<html lang="{lang}">
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


def html_details(summary: str, text: str) -> str:
    """A collapsed ``<details>`` block: ``summary`` on its line, ``text`` preformatted inside."""
    summary, text = html.escape(summary), html.escape(text)
    return f"<details><summary>{summary}</summary><pre>{text}</pre></details>"


def html_page(title: str, parts: Sequence[str], *, lang: str = "en") -> str:
    """One self-contained HTML page: ``title`` as its heading, then ``parts`` (HTML fragments);
    ``lang`` is the page's language (``"en"``, ``"vi"``).

    >>> page = html_page("Hải Dương", ["<p>one</p>", "<p>two</p>"])
    >>> page.index("<h1>Hải Dương</h1>") < page.index("<p>one</p>") < page.index("</body>")
    True
    """
    return _PAGE.format(title=html.escape(title), body="\n".join(parts), lang=html.escape(lang))
