"""The reasons the source gives for bad input, read from the source itself (``test_i18n``).

A static scan of ``src/industrial_policy``: every text written in the call that makes an error
or a problem (``raise InvalidValueError("...", ...)``, ``Problem(path, f"...")``,
``fail("...")``, ``_fail(source, "...")``...) is a reason a user may read, whether or not a
test makes the library give it. Each is made a template (an f-string's replacement fields
become placeholders) and looked up in the Vietnamese catalog: by its exact text, or as one of
the catalog's templates (the same words around the placeholders, or words of the catalog
where the source has a placeholder, or a placeholder of the catalog where the source has
words). :func:`untranslated` lists the sites no entry matches.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import attrs

from industrial_policy import i18n

SOURCE = Path(i18n.__file__).parent

# The calls whose texts are reasons: an error of the library, a problem, the helpers that
# make one ("fail", "_fail", "problem"...).
_MAKERS = re.compile(r"(?:[A-Z]\w*Error|Problem|_?fail|_?problem|_failure|_cell_problem)")
_REASON_KEYWORDS = frozenset({"reason", "message"})
_HOLE = "{}"

# Texts of those calls the scan lets pass, each with the reason why.
ALLOWED: dict[str, str] = {
    # The title of the exception group cattrs raises: never shown, the file's reader lists
    # the errors it groups one by one (io/converter.py).
    "While structuring {}": "the title of a group of errors, never shown",
    # Written in two pieces; each whole message is in the catalog ("no {field} exchange rate
    # in force on {date}; the earliest is from {date2}"...).
    "no {}/{} exchange rate in force {}{}": "built in pieces, its whole forms in the catalog",
}


@attrs.frozen
class Site:
    """A text of the source given as a reason: where it is and its template."""

    path: str
    line: int
    template: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.template!r}"


def _maker(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    # A built-in error (ValueError...) is the library's own mistake, not the user's.
    return bool(_MAKERS.fullmatch(name)) and not hasattr(builtins, name)


def _template(node: ast.expr) -> str | None:
    """The text of ``node`` with a ``{}`` for each replacement field, or ``None`` when it is
    no text written in the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value)
            else:
                parts.append(_HOLE)
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return (left or _HOLE) + (right or _HOLE) if left or right else None
    return None


def _words(text: str) -> bool:
    """Whether ``text`` holds words (a reason), not only a path or a name."""
    return bool(re.search(r"[A-Za-z]{2,} [A-Za-z]", text))


def sites() -> Iterator[Site]:
    """Every text of the source written as a reason."""
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _maker(node)):
                continue
            given = [*node.args, *(k.value for k in node.keywords if k.arg in _REASON_KEYWORDS)]
            for argument in given:
                template = _template(argument)
                if template is not None and _words(template):
                    relative = path.relative_to(SOURCE.parent).as_posix()
                    yield Site(relative, argument.lineno, template)


def _pattern(fixed: list[str]) -> re.Pattern[str]:
    return re.compile(".+?".join(re.escape(part) for part in fixed), re.DOTALL)


_CATALOG_HOLE = re.compile(r"\{[a-z_][a-z0-9_]*\}")


@cache
def _catalog_templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each entry of the Vietnamese catalog: as a text with ``{}`` for its placeholders, and
    the pattern of the texts it matches."""
    found = []
    for (context, msgid), text in i18n._catalog("vi").items():
        if context not in (None, "template") or not text:
            continue
        holes = _CATALOG_HOLE.sub(_HOLE, msgid)
        found.append((holes, _pattern(holes.split(_HOLE))))
    return tuple(found)


# What a replacement field may hold, tried in turn: a value as Python quotes it, a number, a
# name, a date.
_SAMPLES = ("'x'", "3", "x", "2024-12-31")


def translated(template: str) -> bool:
    """Whether an entry of the Vietnamese catalog translates the texts of ``template``: an
    entry with the same words around its placeholders, or with words where the template has
    a placeholder; else the template filled with sample values reads in Vietnamese."""
    # The value an error names ("..., got 'x'", "... (got 'x')") may be the error's layout.
    bare = re.sub(r",? \(?got \{\}\)?$", "", template)
    return any(_translated(text) for text in dict.fromkeys((template, bare)))


def _translated(template: str) -> bool:
    if template in ALLOWED:
        return True
    mine = _pattern(template.split(_HOLE))
    if any(holes == template or mine.fullmatch(holes) for holes, _ in _catalog_templates()):
        return True
    with i18n.language("vi"):
        return any(i18n.translated(template.replace(_HOLE, s)) for s in _SAMPLES)


def untranslated() -> list[Site]:
    """The reasons of the source the Vietnamese catalog does not translate."""
    return [site for site in sites() if not translated(site.template)]
