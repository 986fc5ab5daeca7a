"""The language of what the library says: English (``en``, the default) or Vietnamese (``vi``).

The language is chosen for the whole process with :func:`set_language`, or for a block of
code with the :func:`language` context manager, which holds in its own thread (or task) only,
so two threads can render in two languages at once:

>>> import industrial_policy as ip
>>> from industrial_policy.findings import Status
>>> with ip.language("vi"):
...     print(_("as of"), label(Status.ON_TRACK), number(6418.5), date(dt.date(2024, 12, 31)))
tính đến đúng tiến độ 6.418,5 31/12/2024
>>> print(_("as of"), label(Status.ON_TRACK), number(6418.5), date(dt.date(2024, 12, 31)))
as of on track 6,418.5 2024-12-31

Translations are gettext catalogs, the ``.po`` files under ``industrial_policy/locale/``,
read by a small reader of their own (no compiled ``.mo`` file, no build step; the wheel
ships the ``.po`` files). A message is looked up three ways:

* :func:`_` and :func:`pgettext`: a fixed text of the source (``_("as of")``), or one in a
  context (the label of an enum member, in the context of its class name);
* :func:`translate`: a text an engine wrote (a formula, a computation step, a note),
  matched at render time against the catalog's templates (entries in the context
  ``"template"`` with ``{placeholders}``), each placeholder's text translated in turn;
  what no entry matches stays as written, its numbers put in the language's notation.

Numbers and dates in Vietnamese are written in its notation from the CLDR data of Babel
(the ``vi`` extra: ``pip install 'industrial-policy[vi]'``): "6.418,5", "31/12/2024".
English needs nothing more; asking for ``vi`` without Babel raises
:class:`~industrial_policy.errors.MissingDependencyError` naming the pip command.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import enum
import re
import threading
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from industrial_policy.amounts import number_text
from industrial_policy.errors import InvalidValueError, set_renderer
from industrial_policy.extras import needs

__all__ = [
    "LANGUAGES",
    "Language",
    "abbreviated",
    "date",
    "get_language",
    "label",
    "language",
    "number",
    "pgettext",
    "read_po",
    "renotate",
    "set_language",
    "translate",
    "translate_exact",
    "translate_message",
]

Language = Literal["en", "vi"]
LANGUAGES: tuple[Language, ...] = ("en", "vi")

_lock = threading.Lock()
_default: list[Language] = ["en"]
_current: contextvars.ContextVar[Language | None] = contextvars.ContextVar(
    "industrial_policy_language", default=None
)


def _checked(lang: object) -> Language:
    if lang not in LANGUAGES:
        raise InvalidValueError("must be one of 'en', 'vi'", value=lang, field="language")
    if lang == "vi":
        _babel()  # fail now, naming the pip command, rather than half-way through a report
    return lang


def set_language(lang: str) -> None:
    """Render in ``lang`` (``"en"`` or ``"vi"``) from now on, in every thread that has not
    chosen its own with :func:`language`."""
    checked = _checked(lang)
    with _lock:
        _default[0] = checked


def get_language() -> Language:
    """The language rendering uses here and now."""
    return _current.get() or _default[0]


@contextlib.contextmanager
def language(lang: str) -> Iterator[Language]:
    """Render in ``lang`` inside the ``with`` block, in this thread (or task) only."""
    token = _current.set(_checked(lang))
    try:
        yield get_language()
    finally:
        _current.reset(token)


# -- catalogs ----------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    body = text.strip()
    if len(body) < 2 or body[0] != '"' or body[-1] != '"':
        raise ValueError(f"not a quoted .po string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body[1:-1])


def read_po(text: str) -> dict[tuple[str | None, str], str]:
    """The entries of a gettext ``.po`` file: ``(context, msgid) -> msgstr``.

    Comments, flags and the header are skipped; an empty ``msgstr`` is kept as empty
    (untranslated). Plural forms are not used by the library.

    >>> read_po('msgctxt "Status"\\nmsgid "on track"\\nmsgstr "đúng "\\n"tiến độ"\\n')
    {('Status', 'on track'): 'đúng tiến độ'}
    """
    entries: dict[tuple[str | None, str], str] = {}
    fields: dict[str, str] = {}
    last = ""

    def flush() -> None:
        if fields.get("msgid"):
            entries[(fields.get("msgctxt"), fields["msgid"])] = fields.get("msgstr", "")
        fields.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            fields[last] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgstr" in fields:
            flush()
        fields[keyword] = _unquote(rest)
        last = keyword
    flush()
    return entries


@cache
def _catalog(lang: Language) -> dict[tuple[str | None, str], str]:
    path = resources.files("industrial_policy") / "locale" / lang / "LC_MESSAGES"
    text = (path / "industrial_policy.po").read_text(encoding="utf-8")
    return {key: value for key, value in read_po(text).items() if value}


def _(msgid: str) -> str:
    """``msgid`` (a fixed English text of the source) in the current language."""
    lang = get_language()
    if lang == "en":
        return msgid
    return _catalog(lang).get((None, msgid), msgid)


def pgettext(context: str, msgid: str) -> str:
    """``msgid`` in ``context`` in the current language (``msgid`` itself when untranslated)."""
    lang = get_language()
    if lang == "en":
        return msgid
    return _catalog(lang).get((context, msgid), msgid)


def english_label(member: enum.Enum) -> str:
    """An enum member as English words: ``on_track`` is "on track"."""
    return str(member.value).replace("_", " ")


def label(member: enum.Enum) -> str:
    """An enum member as a reader names it, in the current language: "on track", "đúng
    tiến độ", "khu công nghiệp"."""
    return pgettext(type(member).__name__, english_label(member))


def labels_in(lang: Language, enum_type: type[enum.Enum]) -> dict[enum.Enum, str]:
    """Every member of ``enum_type`` with its label in ``lang`` (where translated)."""
    if lang == "en":
        return {member: english_label(member) for member in enum_type}
    catalog = _catalog(lang)
    found = {m: catalog.get((enum_type.__name__, english_label(m))) for m in enum_type}
    return {member: text for member, text in found.items() if text}


# -- templates: the texts engines write, translated when rendered -------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_TEMPLATE = "template"

_WORD = re.compile(r"\S+")
_SHORT = re.compile(r"[^\[\];—]{1,40}")
_NAME = re.compile(r"[^\[\];—,()]{1,80}")
_ANY = re.compile(r".+", re.DOTALL)
# A text as Python quotes it ('kcn-1', "Hà Nội", '\\x00'), cut short with "...<N chars>"; or
# several, as the choices a mistyped name may have meant ("'vn-land' or 'vn-lane'").
_ONE_QUOTED = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_QUOTED = re.compile(rf"{_ONE_QUOTED}(?: or {_ONE_QUOTED})*|'[^\n]*\.\.\.<\d+ chars>")
_QUOTED_CHOICES = re.compile(rf"{_ONE_QUOTED}(?: or {_ONE_QUOTED})+")

VERBATIM: dict[str, re.Pattern[str]] = {
    "id": re.compile(r"[^'\n]{1,200}"),
    "param": _WORD,
    "series": _WORD,
    "path": re.compile(r"[^:\n]{1,200}"),
    "field": _WORD,
    "date": _WORD,
    "date2": _WORD,
    "date3": _WORD,
    "period": _WORD,
    "amount": _SHORT,
    "amount2": _SHORT,
    "count": _SHORT,
    "place": _NAME,
    "value": _ANY,
    "need": _ANY,
    "record": re.compile(r"[^()]{1,120}"),
    "text": _ANY,
    "given": _ANY,
    "given2": _WORD,
    "given3": _WORD,
    "given4": _WORD,
    "quoted": _QUOTED,
    "quoted2": _QUOTED,
    "quoted3": _QUOTED,
}
"""The placeholders of a template that take the text as written (an id, a number, a date, a
place), each with the form that text must have: only its numbers are put in the language's
notation; ``{text}`` (the user's own words: a description, a title) and ``{given}``,
``{given2}``... (a value as the user wrote it, a number in an error's advice on how to write it)
are kept exactly, numbers too: the user may have written them in either notation, and the
advice names what to write in the file, in the file's notation; so are ``{quoted}``,
``{quoted2}``, ``{quoted3}``: a name or value as Python quotes it (``'kcn-1'``), in an error's
reason. Every other placeholder must
itself be translated, or the template does not apply, except those of :data:`SOFT`."""

SOFT = frozenset({"reason", "figure", "figure2"})
"""The placeholders translated where the catalog can, and kept as written (numbers in the
language's notation) where it cannot: the reason of an error, in a template of the error's
layout ("  - {path}: {reason}"); a figure of a reconciliation line, plain ("1,070.33 ha") or
with how it was published ("at least 7,500 sao_bac_bo", "between 3 and 5")."""


@cache
def _templates(lang: Language) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The catalog's templates: each as its fixed parts and placeholders, alternating
    (``("", "measure", ", ", "bound", "")``), and its translation."""
    found = []
    for (context, msgid), text in _catalog(lang).items():
        if context == _TEMPLATE and _PLACEHOLDER.search(msgid):
            found.append((tuple(_PLACEHOLDER.split(msgid)), text))
    # The template with the most fixed text first: the most specific one wins.
    found.sort(key=lambda item: -sum(len(part) for part in item[0][::2]))
    return tuple(found)


def _fill(
    parts: tuple[str, ...], text: str, lang: Language, *, soft: bool = True
) -> dict[str, str] | None:
    """The placeholders' translated texts where ``text`` fits the template, trying every
    split at the fixed parts; ``None`` when no split fits. With ``soft=False`` a placeholder
    of :data:`SOFT` must be translated too."""
    head = parts[0]
    if not text.startswith(head):
        return None
    if len(parts) == 1:
        return {} if text == head else None
    rest = text[len(head) :]
    name, tail = parts[1], parts[2:]
    after = tail[0]
    if len(tail) == 1:  # the last placeholder takes the rest
        cuts = [len(rest) - len(after)] if rest.endswith(after) and len(rest) > len(after) else []
    else:
        cuts = [i for i in _positions(rest, after) if i > 0] if after else []
    for cut in cuts:
        piece = rest[:cut]
        form = VERBATIM.get(name)
        shown: str | None
        if name in SOFT:
            shown = _translated(piece, lang) or (renotate(piece) if soft else None)
        elif form is not None:
            shown = _as_written(piece, name) if form.fullmatch(piece) else None
        else:
            shown = _translated(piece, lang)
        if shown is None:
            continue
        others = _fill(tail, rest[cut:], lang, soft=soft)
        if others is not None:
            return {name: shown, **others}
    return None


def _could_fit(parts: tuple[str, ...], text: str) -> bool:
    """A quick test before the search of :func:`_fill`: the first and last fixed parts at the
    ends, every other one somewhere in between."""
    fixed = parts[::2]
    if not (text.startswith(fixed[0]) and text.endswith(fixed[-1])):
        return False
    return all(part in text for part in fixed[1:-1])


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _as_written(piece: str, name: str) -> str:
    """A verbatim piece of a text: a date in the language's form, numbers in its notation."""
    if (name.startswith("quoted") or name in ("need", "value")) and _QUOTED_CHOICES.fullmatch(
        piece
    ):
        return _choices(piece)
    if name in ("text", "id") or name.startswith("given"):
        return piece
    if _ISO_DAY.fullmatch(piece):
        try:
            return date(dt.date.fromisoformat(piece))
        except ValueError:
            return piece
    return renotate(piece)


def _choices(piece: str) -> str:
    """Quoted choices ("'a' or 'b'") joined by the language's "or", each kept as written."""
    return f" {_('or')} ".join(re.findall(_ONE_QUOTED, piece))


def _positions(text: str, part: str) -> list[int]:
    found, start = [], text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


@lru_cache(maxsize=8192)
def _translated(text: str, lang: Language) -> str | None:
    catalog = _catalog(lang)
    exact = catalog.get((_TEMPLATE, text)) or catalog.get((None, text))
    if exact is not None:
        return exact
    # A template whose every piece is translated first; then one that keeps a piece of
    # SOFT as written ("  - {path}: {reason} ({record})" must not take a reason that
    # "  - {path}: {reason}" translates whole).
    fitting = [item for item in _templates(lang) if _could_fit(item[0], text)]
    for soft in (False, True):
        for parts, replacement in fitting:
            pieces = _fill(parts, text, lang, soft=soft)
            if pieces is not None:
                return _substitute(replacement, pieces)
    return None


def _substitute(template: str, pieces: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: pieces[match.group(1)], template)


def translate(text: str) -> str:
    """A text an engine wrote, in the current language: the catalog's own translation, or
    its template's with each placeholder translated; else the text with its numbers in the
    language's notation.

    Only ever on English text, once: a Vietnamese number read again as English would change
    ("6.418" is 6418 in Vietnamese, 6.418 in English)."""
    lang = get_language()
    if lang == "en":
        return text
    found = _translated(text, lang)
    return found if found is not None else renotate(text)


def translate_message(text: str) -> str:
    """An error's message in the current language, line by line (its headline, then each of
    the problems it lists): how every error of the library is shown (``str(error)``), by the
    renderer this module installs in :mod:`industrial_policy.errors`."""
    if get_language() == "en":
        return text
    return "\n".join(translate(line) for line in text.split("\n"))


set_renderer(translate_message)


def translate_exact(text: str) -> str:
    """A text the user may have written (a title, a label on a plot): its translation where
    the catalog has one (the shipped rule packs' and examples' titles, the plots' labels), else
    the text exactly as written: its numbers may be in Vietnamese already, and are never read
    again."""
    lang = get_language()
    if lang == "en":
        return text
    found = _translated(text, lang)
    return found if found is not None else text


def translated(text: str) -> bool:
    """Whether :func:`translate` finds ``text`` in the catalog of the current language."""
    lang = get_language()
    return lang == "en" or _translated(text, lang) is not None


# -- numbers and dates -------------------------------------------------------------------


def _babel() -> Any:
    with needs("output in Vietnamese", extra="vi", package="babel"):
        import babel.dates
        import babel.numbers
    return babel


_LOCALES = {"en": "en", "vi": "vi"}


@cache
def _locale(lang: Language) -> Any:
    """Babel's locale of ``lang``, read from its CLDR data once."""
    return _babel().Locale.parse(_LOCALES[lang])


# A number as English text writes it: grouped by commas, or with a decimal point. A plain
# whole number (a year, a count under 1,000) reads the same in both and is left alone, and
# so are numbers inside ids and dates ("16-CTr/TU", "2025-01-01").
# A number with an exponent ("1.67e+06", from a float's few significant digits) is written
# out in full: "1.67" would read as 167 in Vietnamese.
_EN_NUMBER = re.compile(
    r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?e[+-]?\d+|\d+\.\d+)"
    r"(?![\w/]|[.,]\d)"
)
_VI_WORDS = (
    (re.compile(r"\btrillion VND\b"), "nghìn tỷ đồng"),
    (re.compile(r"\bbillion VND\b"), "tỷ đồng"),
    (re.compile(r"\bmillion VND\b"), "triệu đồng"),
    (re.compile(r"\btrillion\b"), "nghìn tỷ"),
    (re.compile(r"\bbillion\b"), "tỷ"),
    (re.compile(r"\bmillion\b"), "triệu"),
    (re.compile(r"\bthousand\b"), "nghìn"),
    (re.compile(r"(?<=\d) VND\b"), " đồng"),
    # The traditional area units, by their Vietnamese names (docs/glossary.md); ha, m2 and
    # km2 read the same in both languages.
    (re.compile(r"(?<=\d) sao_bac_bo\b"), " sào Bắc Bộ"),
    (re.compile(r"(?<=\d) sao_trung_bo\b"), " sào Trung Bộ"),
    (re.compile(r"(?<=\d) mau_bac_bo\b"), " mẫu Bắc Bộ"),
    (re.compile(r"(?<=\d) mau_trung_bo\b"), " mẫu Trung Bộ"),
    (re.compile(r"(?<=\d) cong_nam_bo\b"), " công Nam Bộ"),
    # Percentage points ("+5 pp"), and the count of what a list leaves out ("…, 12 more",
    # "'a', 'b' and 12 more").
    (re.compile(r"(?<=\d) pp\b"), " điểm phần trăm"),
    (re.compile(r", … (\d[\d.]*) more\b"), r", … còn \1"),
    (re.compile(r" and (\d[\d.]*) more\b"), r" và \1 mục khác"),
)


def _decimal_text(value: Decimal, lang: Language) -> str:
    babel = _babel()
    return str(
        babel.numbers.format_decimal(value, locale=_locale(lang), decimal_quantization=False)
    )


_LONGEST = 330  # the digits of the largest and smallest floats, written out in full


def renotate(text: str) -> str:
    """``text`` with the numbers English writes ("6,418.5", "13.6%") in the notation of the
    current language ("6.418,5", "13,6%"), and money's scale words in its words ("19.866 tỷ
    đồng"); unchanged in English."""
    lang = get_language()
    if lang == "en":
        return text

    def one(match: re.Match[str]) -> str:
        try:
            value = Decimal(match.group(0).replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return match.group(0)
        if abs(value.adjusted()) > _LONGEST:  # no float's: "1e999" reads the same in both
            return match.group(0)
        # Babel rounds in the current decimal context: give it room for every digit.
        with localcontext() as context:
            context.prec = max(context.prec, 2 * (len(match.group(0)) + _LONGEST))
            written = _decimal_text(value, lang)
        if "e" in match.group(0):
            return written
        # Keep the trailing zeros the English text wrote ("19.8660"): the digits shown.
        fraction = match.group(0).partition(".")[2]
        if fraction and written.count(",") == 0:
            written += "," + fraction
        elif fraction:
            shown = written.partition(",")[2]
            written += fraction[len(shown) :]
        return written

    result = _EN_NUMBER.sub(one, text)
    for pattern, words in _VI_WORDS:
        result = pattern.sub(words, result)
    return result


_SHORT_WORDS = {"vi": ((" điểm phần trăm", " điểm %"),)}


def abbreviated(text: str) -> str:
    """``text`` (already in the current language) as a narrow table cell shows it: percentage
    points are "pp" in English, "điểm %" in Vietnamese (in prose, "điểm phần trăm")."""
    for words, short in _SHORT_WORDS.get(get_language(), ()):
        text = text.replace(words, short)
    return text


def number(value: float | int | Decimal) -> str:
    """A number as results print it, in the current language's notation."""
    return renotate(number_text(value))


def date(value: dt.date) -> str:
    """A date in the current language: ISO in English (``2024-12-31``), ``31/12/2024`` in
    Vietnamese (CLDR's day-month-year order, with four-digit years)."""
    lang = get_language()
    if lang == "en":
        return value.isoformat()
    babel = _babel()
    return str(babel.dates.format_date(value, format="dd/MM/yyyy", locale=_locale(lang)))
