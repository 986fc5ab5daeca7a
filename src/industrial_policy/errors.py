"""The library's exceptions.

Every exception the library raises on purpose derives from
:class:`IndustrialPolicyError`, so one ``except`` clause catches them all.
The concrete classes also derive from the matching built-in (``ValueError``,
``TypeError``, ``LookupError``) so code written against the built-ins keeps
working.

Errors that can concern many records at once (a dataset file, a rule pack,
the integrity of a dataset) carry a tuple of :class:`Problem` and list every
one of them, never only the first.

An error is raised with its message in English and shown in the current language
(:func:`industrial_policy.set_language`): ``str(error)``, its ``repr`` and the message of a
traceback are rendered when shown, by the renderer the translations install with
:func:`set_renderer` (this module, the lowest layer, imports none of them). The English text
stays in the error (``error.english()``, ``error.args``), so an error pickles, compares and
logs the same in every language.
"""

from __future__ import annotations

import difflib
import enum
import math
from collections.abc import Callable, Iterable
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Any

import attrs

__all__ = [
    "AmbiguousUnitError",
    "CurrencyMismatchError",
    "DatasetIntegrityError",
    "FileFormatError",
    "IndustrialPolicyError",
    "InvalidValueError",
    "MappingError",
    "MissingDependencyError",
    "MissingExchangeRateError",
    "Problem",
    "ProblemsError",
    "RulePackError",
    "TableError",
    "UnknownRecordError",
]

_MAX_VALUE_REPR = 80

MAX_LISTED_PROBLEMS = 50
"""The message of a :class:`ProblemsError` lists this many; ``.problems`` holds them all."""


def short_repr(value: object) -> str:
    """The value as a reader writes it, cut to a length that keeps a message readable.

    Text is quoted (its spaces and its absence show); a number reads as a number, with no
    type around it (``60``, ``6418``, ``90.33``, not ``Decimal('60')`` or ``6418.0``); an
    area or an amount of money reads with its unit (``300 ha``, ``1.2 billion USD``).

    >>> from decimal import Decimal
    >>> short_repr(Decimal("60")), short_repr(6418.0), short_repr("6.418"), short_repr(None)
    ('60', '6418', "'6.418'", 'None')

    A kind or a status reads as written in a file (``'hi_tech'``), not as Python's enum.
    """
    text = _plain(value)
    if len(text) > _MAX_VALUE_REPR:
        return text[: _MAX_VALUE_REPR - 15] + f"...<{len(text)} chars>"
    return text


def _plain(value: object) -> str:
    if isinstance(value, enum.Enum):  # a kind, a status: as the user writes it
        return _plain(value.value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, Decimal):
        return _decimal_text(value) if value.is_finite() else str(value)
    if isinstance(value, float):
        return _decimal_text(Decimal(repr(value))) if math.isfinite(value) else repr(value)
    if isinstance(value, int | str):
        return repr(value)
    if type(value).__module__.startswith(("pint", "industrial_policy")):
        # A pint quantity, Money, an Amount, a Period: their own text carries the unit.
        return str(value)
    return repr(value)


_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def exact_normalize(number: Decimal) -> Decimal:
    """``number`` without trailing zeros, every digit kept.

    ``Decimal.normalize()`` rounds to the context's 28 digits, so a long figure would be
    shown (or written back) as a different number.

    >>> exact_normalize(Decimal("1000000000000000000000000.00010"))
    Decimal('1000000000000000000000000.0001')
    """
    return number.normalize(_EXACT)


def _decimal_text(number: Decimal) -> str:
    number = exact_normalize(number)
    if number.is_zero():
        return "0"
    if -12 <= number.adjusted() <= 24:
        return f"{number:f}"
    return str(number)  # 1.5E-160: scientific, as Decimal writes it


def did_you_mean(name: object, choices: Iterable[str], *, listed: int = 20) -> str:
    """The closest choices to a mistyped ``name`` and the choices themselves, as the end of
    an error message: the one helper every "no such name" message uses.

    >>> did_you_mean("vn-lnd", ["vn-land", "vn-services", "hd-2021"])
    "did you mean 'vn-land'? The choices are: 'hd-2021', 'vn-land', 'vn-services'"
    >>> did_you_mean("x", [])
    'there is no choice'
    """
    names = sorted(set(choices))
    if not names:
        return "there is no choice"
    close = closest(name, names)
    shown = ", ".join(repr(n) for n in names[:listed])
    if len(names) > listed:
        shown += f", … {len(names) - listed} more"
    text = f"the choices are: {shown}"
    if close:
        return f"did you mean {' or '.join(repr(c) for c in close)}? {text[0].upper()}{text[1:]}"
    return text


def closest(name: object, choices: Iterable[str]) -> list[str]:
    """The (at most three) choices closest to a mistyped ``name``, the closest first."""
    return difflib.get_close_matches(str(name), list(choices), n=3, cutoff=0.6)


def maybe_meant(name: object, choices: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the choices close to ``name``, or ``""``: for a message
    that lists the choices itself.

    >>> maybe_meant("totl_area", ["total_area", "name"]), maybe_meant("zzz", ["name"])
    (" (did you mean 'total_area'?)", '')
    """
    close = closest(name, choices)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


_renderer: list[Callable[[str], str]] = []


def set_renderer(renderer: Callable[[str], str] | None) -> None:
    """Show every error's message through ``renderer`` (English text in, the text in the
    current language out), or as raised with ``None``: the hook by which the translations
    (:mod:`industrial_policy.i18n`, a higher layer) render errors without this module
    importing them."""
    _renderer[:] = [renderer] if renderer is not None else []


def rendered(text: str) -> str:
    """``text``, written in English, in the current language: by the renderer the
    translations install (:func:`set_renderer`), as it is without one or when it fails."""
    for render in _renderer:
        try:
            return render(text)
        except Exception:
            return text
    return text


class Note(UserWarning):
    """Something the library did that the user should know of (blank rows skipped), shown
    as a warning in the current language, as errors are."""

    def english(self) -> str:
        """The note in English, as given."""
        return super().__str__()

    def __str__(self) -> str:
        return rendered(self.english())


def english(error: BaseException) -> str:
    """The message of ``error`` in English whatever the current language: the text to keep
    in a note, a log or another message (which is translated when shown, once)."""
    if isinstance(error, IndustrialPolicyError):
        return error.english()
    return str(error)


class IndustrialPolicyError(Exception):
    """Base class of every error raised by ``industrial_policy``.

    Its message is shown in the current language (``str(error)``, ``repr(error)``, a
    traceback); :meth:`english` gives it in English, as raised.
    """

    def english(self) -> str:
        """The message in English, as raised, whatever the current language."""
        return super().__str__()

    def __str__(self) -> str:
        return rendered(self.english())

    def __repr__(self) -> str:
        if len(self.args) == 1 and isinstance(self.args[0], str):
            return f"{type(self).__name__}({str(self)!r})"
        return super().__repr__()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """In a notebook (IPython), the error as a traceback ends: its name and its message,
        one problem a line, in the current language."""
        printer.text(f"{type(self).__name__}: {self}")


class InvalidValueError(IndustrialPolicyError, ValueError):
    """A value is not acceptable for a field.

    The message names the record type, the record (its id when known), the
    field and the offending value::

        Zone 'kcn-1'.total_area: an area must not be negative (got '-3 ha')
    """

    def __init__(
        self,
        reason: str,
        *,
        value: object,
        field: str | None = None,
        record_type: str | None = None,
        record_id: str | None = None,
    ) -> None:
        self.reason = reason
        self.value = value
        self.field = field
        self.record_type = record_type
        self.record_id = record_id
        super().__init__(self._message())

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its parts (the default passes the message as the reason).
        keywords = {
            "value": self.value,
            "field": self.field,
            "record_type": self.record_type,
            "record_id": self.record_id,
        }
        return (_rebuilt, (type(self), (self.reason,), keywords), self.__dict__)

    def _message(self) -> str:
        where = ""
        if self.record_type:
            where = self.record_type
            if self.record_id is not None:
                where += f" {self.record_id!r}"
        if self.field:
            where = f"{where}.{self.field}" if where else self.field
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.reason} (got {short_repr(self.value)})"

    def located(
        self,
        *,
        record_type: str | None = None,
        record_id: str | None = None,
        field: str | None = None,
    ) -> InvalidValueError:
        """The same error with the record and field filled in where missing."""
        return type(self)(
            self.reason,
            value=self.value,
            field=self.field or field,
            record_type=self.record_type or record_type,
            record_id=self.record_id if self.record_id is not None else record_id,
        )


def _rebuilt(
    kind: type[IndustrialPolicyError], args: tuple[object, ...], keywords: dict[str, object]
) -> IndustrialPolicyError:
    """An error unpickled: made again from the arguments it was made with."""
    return kind(*args, **keywords)


class AmbiguousUnitError(InvalidValueError):
    """A unit that means different sizes in different regions (bare ``sào``)."""


class CurrencyMismatchError(IndustrialPolicyError, TypeError):
    """Two amounts in different currencies were added or compared.

    Convert one of them first with :meth:`industrial_policy.money.ExchangeRates.convert`.
    """


class MissingExchangeRateError(IndustrialPolicyError, LookupError):
    """No exchange rate is in force for a currency pair on a date."""


class UnknownRecordError(IndustrialPolicyError, KeyError):
    """A lookup by id found no record: a ``KeyError`` too, so ``except KeyError`` catches
    ``report["no-such-id"]`` as it does for a dict. Its text is the message itself (a
    ``KeyError`` would quote it)."""

    def english(self) -> str:
        return str(self.args[0]) if len(self.args) == 1 else super().english()


@attrs.frozen
class Problem:
    """One thing wrong with one record or one place in a file.

    ``path`` locates it (``zones[3].total_area``, ``zone 'kcn-1'``,
    ``parcels.csv row 12, column 'area_ha'``); ``message`` says what is wrong;
    ``value`` is the offending value when there is one. Problems found in a
    table also carry the ``row`` (as the user counts it: a spreadsheet's row
    number, a frame's position), the user's ``column`` and the ``record_id``.
    """

    path: str
    message: str
    value: object = attrs.field(default=None, eq=False)
    row: int | None = attrs.field(default=None, kw_only=True)
    column: str | None = attrs.field(default=None, kw_only=True)
    record_id: str | None = attrs.field(default=None, kw_only=True)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProblemsError(IndustrialPolicyError, ValueError):
    """An error that lists every problem found, not only the first."""

    headline = "problems found"

    def __init__(
        self, problems: Iterable[Problem], *, source: str | None = None, total: int | None = None
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        #: How many problems there are; more than ``len(problems)`` when the list was capped.
        self.total: int = max(total or 0, len(self.problems))
        super().__init__(self._message())

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its problems (the default passes the message as the problems).
        keywords = {"source": self.source, "total": self.total}
        return (_rebuilt, (type(self), (self.problems,), keywords), self.__dict__)

    def _message(self) -> str:
        count = self.total
        where = ""
        if self.source:
            # A file name may hold anything: shown as Python writes it when it would
            # send control characters to the terminal.
            where = f" in {self.source if self.source.isprintable() else repr(self.source)}"
        noun = "problem" if count == 1 else "problems"
        lines = [f"{self.headline}{where}: {count} {noun}"]
        lines.extend(f"  - {problem}" for problem in self.problems[:MAX_LISTED_PROBLEMS])
        listed = min(len(self.problems), MAX_LISTED_PROBLEMS)
        if count > listed:
            kept = (
                "all are in .problems"
                if count == len(self.problems)
                else f"the first {len(self.problems):,} are in .problems"
            )
            lines.append(f"  ... and {count - listed:,} more ({kept})")
        return "\n".join(lines)


class FileFormatError(ProblemsError):
    """A dataset or rule-pack file that cannot be read as the format says."""

    headline = "invalid file"


class TableError(ProblemsError):
    """Rows of a table (a frame, a CSV file, a sheet) that cannot be read as records.

    Each problem names the row, the column, the record and the value.
    """

    headline = "invalid table"
    # The positions of the rows that could not be read, all of them (the problems listed
    # are capped): a reader may read the other rows again (the children of other records).
    failed_rows: frozenset[int] = frozenset()


class MappingError(ProblemsError):
    """A column mapping (which column of a table gives which field) that cannot be used:
    an unknown table or field, a unit that is no unit, a column the table lacks."""

    headline = "invalid column mapping"


class DatasetIntegrityError(ProblemsError):
    """Records that are valid one by one but inconsistent together."""

    headline = "inconsistent dataset"


class RulePackError(ProblemsError):
    """A rule pack that cannot be read, or whose rules do not fit their parameters."""

    headline = "invalid rule pack"


class MissingDependencyError(IndustrialPolicyError, ImportError):
    """An optional dependency that a function needs is not installed.

    It is the library's error (so ``except IndustrialPolicyError`` catches it)
    and an :class:`ImportError` (so code that checks for missing packages does).
    The message names the extra to install, such as ``industrial-policy[plot]``.
    """
