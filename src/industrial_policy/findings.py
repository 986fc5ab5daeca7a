"""Results that explain themselves: findings, their explanations, and reports.

Rules, targets and digital-service rates all answer with a :class:`Finding`:
what was checked (``check_id``), on what (``subject_id``), the verdict
(``status``), the actual value and the threshold with their units, the gap
in the quantity that matters to the reader, and an :class:`Explanation`
listing the inputs, the formula in words, the parameters with the date each
took effect, and the legal citation. A :class:`Report` is a set of findings
with lookups, comparison against another report and plain-data export.

Amounts in results are :class:`~industrial_policy.amounts.Amount`: a number
and a unit name. Units are pint unit names for areas (``"hectare"``), ISO
currency codes for money (``"VND"``), ``"count"`` for counts and ``"ratio"``
for shares (a fraction, shown as a percentage). :class:`Amount` and
:class:`Comparator` are foundation types (``industrial_policy.amounts``,
``industrial_policy.comparators``), re-exported here.

Reports render themselves as text and HTML tables with the generic helpers
of :mod:`industrial_policy.display`; :func:`report_page` is a whole HTML page.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import enum
import importlib
import io
import json
import math
import os
import textwrap
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, overload

import attrs

from industrial_policy.amounts import UNIT_SYMBOLS, Amount, json_number
from industrial_policy.comparators import Comparator
from industrial_policy.display import (
    facts_html,
    html_details,
    html_page,
    html_table,
    text_table,
)
from industrial_policy.errors import (
    InvalidValueError,
    UnknownRecordError,
    did_you_mean,
)
from industrial_policy.extras import backend as named_backend
from industrial_policy.extras import needs
from industrial_policy.i18n import (
    _,
    abbreviated,
    date,
    get_language,
    label,
    language,
    pgettext,
    translate,
    translate_exact,
)
from industrial_policy.i18n import renotate as _renotate
from industrial_policy.io.arrow import Backend, frame_of, rows_table, write_parquet
from industrial_policy.names import member

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset

__all__ = [
    "PLOT_BACKEND",
    "Amount",
    "Comparator",
    "Explanation",
    "Finding",
    "FindingBlock",
    "FindingChange",
    "FindingKind",
    "Findings",
    "InputValue",
    "ParameterUse",
    "Report",
    "ReportComparison",
    "Status",
    "report_html",
    "report_page",
    "report_table",
]

PLOT_BACKEND = "industrial_policy.plots"
"""The module :meth:`Report.plot` draws with, looked up by its name (the findings may not
import the plots, a floor above them; see ``docs/architecture.md``)."""

MAX_LISTED_RECORDS = 20
"""An explanation lists at most this many record ids per input; it always gives the count."""


class Status(enum.StrEnum):
    """The verdict of a finding. See ``docs/statuses.md`` for each meaning."""

    PASS = "pass"
    FAIL = "fail"
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    REGRESSING = "regressing"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"
    MEASURED = "measured"  # a rate computed with no requirement to hold it against

    @property
    def is_failure(self) -> bool:
        """A verdict that a requirement is not met (``fail``, ``off_track``, ``regressing``)."""
        return self in (Status.FAIL, Status.OFF_TRACK, Status.REGRESSING)

    @property
    def is_conclusive(self) -> bool:
        return self not in (Status.NOT_APPLICABLE, Status.INSUFFICIENT_DATA)


class FindingKind(enum.StrEnum):
    """Which engine reached a finding. A ``str`` enum: ``finding.kind == "rule"`` holds."""

    RULE = "rule"  # a rule of a rule pack (industrial_policy.rules)
    TARGET = "target"  # a target or a rate target tracked (tracking, services.rate_targets)
    RATE = "rate"  # a digital-service rate measured (services)
    IMPACT = "impact"  # what a policy costs or yields, such as the fees forgone (services)
    RECONCILIATION = "reconciliation"  # a published figure checked (reconciliation.cross_check)
    GEOMETRY = "geometry"  # the map checked against the records (geo.check_geometry)


# A member is found by its text too: a StrEnum member hashes and compares as its value.
_FINDING_KINDS: dict[object, FindingKind] = {kind.value: kind for kind in FindingKind}


def _finding_kind(value: object) -> FindingKind:
    # A dict look-up: a report of the land rules makes some 15,000 findings per million
    # parcels, and FindingKind(value) costs five times as much.
    try:
        return _FINDING_KINDS[value]
    except (KeyError, TypeError):  # TypeError: an unhashable value, refused below
        choices = [k.value for k in FindingKind]
        raise InvalidValueError(
            f"no such kind; {did_you_mean(value, choices)}",
            value=value,
            record_type="Finding",
            field="kind",
        ) from None


# The labels of Finding.explain() printed in one column; a detail keeps its own width.
_ALIGNED_LABELS = frozenset(
    {
        "finding",
        "subject",
        "as of",
        "status",
        "basis",
        "actual",
        "required",
        "gap",
        "margin",
        "shortfall",
        "formula",
        "citation",
    }
)


@attrs.frozen
class InputValue:
    """One input of a computation: what it is, its value, and the records it came from."""

    name: str
    value: Amount | None
    records: tuple[str, ...] = ()
    record_count: int | None = None
    source: str | None = None

    @classmethod
    def from_records(
        cls, name: str, value: Amount | None, ids: Iterable[str], source: str | None = None
    ) -> InputValue:
        listed: list[str] = []
        total = 0
        for record_id in ids:
            if total < MAX_LISTED_RECORDS:
                listed.append(record_id)
            total += 1
        return cls(name, value, tuple(listed), total, source)

    def __str__(self) -> str:
        value = amount_text(self.value) if self.value is not None else _("missing")
        text = f"{translate(self.name)} = {value}"
        if self.record_count:
            shown = ", ".join(self.records)
            more = self.record_count - len(self.records)
            count = str(self.record_count)
            noun = (
                _("from {count} record") if self.record_count == 1 else _("from {count} records")
            ).format(count=count)
            if not self.records:  # counted where they are (a frame's engine), not listed
                text += f" ({noun})"
            else:
                rest = _(", … {count} more").format(count=more) if more else ""
                text += f" ({noun}: {shown}{rest})"
        if self.source:
            text += " [" + _("source: {source}").format(source=self.source) + "]"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value.to_dict() if self.value is not None else None,
            "records": list(self.records),
            "record_count": self.record_count,
            "source": self.source,
        }


@attrs.frozen
class ParameterUse:
    """A parameter as used: its value, the date that value took effect, and its citation."""

    id: str
    value: Amount
    effective_from: dt.date | None = None
    citation: str | None = None
    overridden: bool = False

    def __str__(self) -> str:
        text = f"{self.id} = {amount_text(self.value)}"
        if self.overridden:
            text += " (" + _("what-if override") + ")"
        elif self.effective_from is not None:
            text += " (" + _("in force from {date}").format(date=date(self.effective_from)) + ")"
        if self.citation:
            text += f" [{self.citation}]"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "value": self.value.to_dict(),
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "citation": self.citation,
            "overridden": self.overridden,
        }


@attrs.frozen
class Explanation:
    """How a finding was reached, in terms a reader can check by hand."""

    formula: str
    inputs: tuple[InputValue, ...] = ()
    parameters: tuple[ParameterUse, ...] = ()
    steps: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "formula": self.formula,
            "inputs": [i.to_dict() for i in self.inputs],
            "parameters": [p.to_dict() for p in self.parameters],
            "steps": list(self.steps),
            "notes": list(self.notes),
        }


def _built(value: Explanation | Callable[[], Explanation]) -> Explanation:
    return value if isinstance(value, Explanation) else value()


@attrs.frozen
class Finding:
    """The verdict of one check (a rule, a target or a rate) on one subject.

    ``gap`` is signed, in the unit that matters to the reader: the actual
    value minus what the threshold requires (for a land quota, hectares; for
    a target, the target's unit). Negative means a shortfall.

    ``explanation`` may also be given as a function that builds it: it is
    then built on first read and kept. The rule engine does so, so that
    evaluating ten thousand zones does not write ten thousand explanations
    nobody reads; a finding reads the same either way.
    """

    check_id: str
    kind: FindingKind = attrs.field(converter=_finding_kind)
    title: str
    subject_id: str
    status: Status
    as_of: dt.date
    _explanation: Explanation | Callable[[], Explanation] = attrs.field(
        alias="explanation", eq=lambda value: _built(value)
    )
    subject_kind: str = "zone"
    actual: Amount | None = None
    threshold: Amount | None = None
    threshold_upper: Amount | None = None
    comparator: Comparator | None = None
    gap: Amount | None = None
    citation: str | None = None
    details: Mapping[str, Amount | None] = attrs.field(factory=dict, hash=False)
    basis: str | None = None  # "computed from 3 records", "reported by SOURCE as of DATE"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled with its explanation built (a deferred one is a closure over the engine's
        # columns) and its details as a plain dict (an engine may share a read-only mapping).
        state = {field.alias: getattr(self, field.name) for field in attrs.fields(type(self))}
        state["explanation"] = self.explanation
        state["details"] = dict(self.details)
        return (_finding_from, (state,))

    @property
    def explanation(self) -> Explanation:
        """How the finding was reached (built now if it was deferred)."""
        value = self._explanation
        if not isinstance(value, Explanation):
            value = _built(value)
            object.__setattr__(self, "_explanation", value)
        return value

    @property
    def id(self) -> str:
        """``check_id/subject_id``: unique within a report."""
        return f"{self.check_id}/{self.subject_id}"

    def threshold_text(self) -> str:
        """What the check requires, in the current language: ``≥ 20%``, ``between 2 and 5``."""
        return threshold_text(self.threshold, self.threshold_upper, self.comparator)

    def facts(self) -> list[tuple[str, str | tuple[str, ...]]]:
        """The finding as labelled facts, in reading order: what :meth:`explain` prints.

        A fact is a label and either one text or a list of texts (inputs,
        parameters, computation steps, notes), in the current language
        (:func:`industrial_policy.i18n.language`).
        """
        e = self.explanation
        facts: list[tuple[str, str | tuple[str, ...]]] = [
            (_("finding"), f"{self.id} ({pgettext('finding kind', self.kind)})"),
            (_("subject"), f"{pgettext('subject kind', self.subject_kind)} {self.subject_id}"),
            (_("as of"), date(self.as_of)),
            (_("status"), label(self.status).upper()),
        ]
        if self.basis and "reported by" in self.basis:
            # Computed from records is what the inputs list; a published figure is said here.
            facts.append((_("basis"), translate(self.basis)))
        if self.actual is not None or self.threshold is not None:
            actual = amount_text(self.actual) if self.actual is not None else _("n/a")
            facts.append((_("actual"), actual))
            facts.append((_("required"), self.threshold_text()))
        if self.gap is not None:
            gap = float(self.gap.value)
            # An undefined gap (NaN) is neither a margin nor a shortfall, and a failed strict
            # comparison at exactly the threshold ("over 500", with 500) has no margin.
            # Against "about" a value (a published figure against its check), the gap is a
            # signed difference either way of it: neither a margin nor a shortfall.
            if self.comparator is Comparator.ABOUT:
                facts.append((_("gap"), amount_text(self.gap)))
            else:
                if math.isnan(gap) or (gap == 0 and self.status.is_failure):
                    word = _("gap")
                else:
                    word = _("margin") if gap >= 0 else _("shortfall")
                magnitude = Amount(abs(self.gap.value), self.gap.unit)  # type: ignore[arg-type]
                facts.append((word, amount_text(magnitude)))
        for name, value in self.details.items():
            shown = amount_text(value) if value is not None else _("n/a")
            facts.append((translate(name.replace("_", " ")), shown))
        facts.append((_("formula"), translate(e.formula)))
        # Inputs and parameters write themselves in the language; steps and notes are texts.
        for heading, items in (
            (_("inputs"), tuple(map(str, e.inputs))),
            (_("parameters"), tuple(map(str, e.parameters))),
            (_("computation"), tuple(map(translate, e.steps))),
            (_("notes"), tuple(map(translate, e.notes))),
        ):
            if items:
                facts.append((heading, items))
        if self.citation:
            # A citation names and quotes its source: never translated.
            facts.append((_("citation"), self.citation))
        return facts

    def explain(self) -> str:
        """The whole finding in plain language, one fact per line, in the current language."""
        lines = [translate_exact(self.title)]
        aligned = {_(name) for name in _ALIGNED_LABELS}
        width = max(len(name) for name in aligned) + 1 if get_language() != "en" else 10
        for name, value in self.facts():
            if isinstance(value, str):
                # The fixed labels align; a detail's own name is printed as it is.
                lines.append(
                    f"  {name + ':':<{width}} {value}" if name in aligned else f"  {name}: {value}"
                )
            else:
                lines.append(f"  {name}:")
                bullet = "" if name == _("computation") else "- "
                lines.extend(f"    {bullet}{item}" for item in value)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain data with stable field names (documented in ``docs/report-format.md``)."""

        def amount(value: Amount | None) -> dict[str, Any] | None:
            return value.to_dict() if value is not None else None

        return {
            "id": self.id,
            "check_id": self.check_id,
            "kind": self.kind.value,
            "title": self.title,
            "subject_id": self.subject_id,
            "subject_kind": self.subject_kind,
            "status": self.status.value,
            "as_of": self.as_of.isoformat(),
            "actual": amount(self.actual),
            "comparator": self.comparator.value if self.comparator else None,
            "threshold": amount(self.threshold),
            "threshold_upper": amount(self.threshold_upper),
            "gap": amount(self.gap),
            "citation": self.citation,
            "details": {k: amount(v) for k, v in self.details.items()},
            "basis": self.basis,
            "explanation": self.explanation.to_dict(),
        }

    @property
    def reason(self) -> str | None:
        """Why the finding is ``insufficient_data`` or ``not_applicable`` (``None`` for any
        other status): the engine's own words, from the explanation.

        The target engines end their computation with ``"status: <status>: <why>"``; the
        other engines put why first in the notes; failing both, the inputs that are missing.
        """
        if self.status not in _REASONED:
            return None
        explanation = self.explanation
        for step in explanation.steps:
            if step.startswith("status: "):
                return step.split(": ", 2)[-1]
        if explanation.notes:
            # The status is in a column of its own: "not applicable: why" reads "why".
            return explanation.notes[0].removeprefix("not applicable: ")
        missing = self.missing_inputs
        if missing:
            return f"missing: {'; '.join(missing)}"
        return _REASONED[self.status]

    @property
    def missing_inputs(self) -> tuple[str, ...]:
        """The names of the inputs the explanation lists as missing."""
        return tuple(i.name for i in self.explanation.inputs if i.value is None)

    def row(self, *, exact: bool = False) -> dict[str, Any]:
        """The finding as one flat row (the columns of :data:`ROW_COLUMNS`): what CSV, pandas,
        polars, Arrow and Parquet exports write, one row per finding.

        Numbers are floats, each with its unit in a column of its own; with ``exact``, money
        keeps every digit as text (CSV).
        """
        e = self.explanation
        sources = dict.fromkeys(i.source for i in e.inputs if i.source)
        return flat_row(
            self,
            reason=self.reason,
            missing="; ".join(self.missing_inputs) or None,
            texts=row_texts(self, e.parameters),
            formula=e.formula,
            source="; ".join(sources) or None,
            exact=exact,
        )

    def _repr_html_(self) -> str:
        return facts_html(self.facts(), translate_exact(self.title))

    def _line(self, *, gap: bool) -> str:
        actual = amount_text(self.actual) if self.actual is not None else _("n/a")
        numbers = _("actual {actual}, required {required}").format(
            actual=actual, required=self.threshold_text()
        )
        if gap and self.gap is not None:
            numbers += _(", gap {gap}").format(gap=amount_text(self.gap))
        return f"{self.id}: {status_text(self.status)} ({numbers})"

    def __str__(self) -> str:
        return self._line(gap=False)

    def __repr__(self) -> str:
        return f"<Finding {self._line(gap=True)}>"


class FindingBlock(Protocol):
    """Findings an engine holds as columns (one check's verdicts on many subjects), made into
    :class:`Finding` objects only when read (:class:`Findings`)."""

    def __len__(self) -> int: ...

    def finding_ids(self) -> list[str]:
        """The id of each finding (``check_id/subject_id``), in order, without making them."""
        ...

    def finding(self, i: int) -> Finding:
        """Finding ``i``, made now."""
        ...

    def statuses(self) -> Sequence[Status]:
        """The status of each finding, in order, without making them."""
        ...

    def rows(self, exact: bool) -> list[dict[str, Any]]:
        """The flat row of each finding (:meth:`Finding.row`), in order."""
        ...


class _Made:
    """Findings already made, as a block."""

    __slots__ = ("items",)

    def __init__(self, items: Sequence[Finding]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def finding_ids(self) -> list[str]:
        return [f.id for f in self.items]

    def finding(self, i: int) -> Finding:
        return self.items[i]

    def statuses(self) -> list[Status]:
        return [f.status for f in self.items]

    def rows(self, exact: bool) -> list[dict[str, Any]]:
        return [f.row(exact=exact) for f in self.items]


class Findings(Sequence[Finding]):
    """The findings of a report, in order: an immutable sequence, equal to the tuple of the
    same findings.

    Columns at the core, objects at the edge: an engine's verdicts on ten thousand zones
    stay columns (a :class:`FindingBlock`) until a finding is read, and each is made once
    (under a lock, so that threads reading the same report see the same object). The
    report's ids, counts and lookups need no finding made.
    """

    __slots__ = ("_blocks", "_ends", "_ids", "_lock", "_made")

    def __init__(self, parts: Iterable[Finding | FindingBlock | Sequence[Finding]] = ()) -> None:
        blocks: list[FindingBlock] = []
        loose: list[Finding] = []
        for part in parts:
            if isinstance(part, Finding):
                loose.append(part)
                continue
            if loose:
                blocks.append(_Made(tuple(loose)))
                loose = []
            if isinstance(part, Findings):
                blocks.extend(part.blocks)
            elif isinstance(part, Sequence):
                blocks.append(_Made(tuple(part)))
            else:
                blocks.append(part)
        if loose:
            blocks.append(_Made(tuple(loose)))
        self._blocks: tuple[FindingBlock, ...] = tuple(block for block in blocks if len(block))
        ends, total = [], 0
        for block in self._blocks:
            total += len(block)
            ends.append(total)
        self._ends = ends
        self._made: list[Finding | None] = [None] * total
        self._ids: list[str] | None = None
        self._lock = threading.Lock()

    @property
    def blocks(self) -> tuple[FindingBlock, ...]:
        """The blocks the findings are made from."""
        return self._blocks

    def ids(self) -> list[str]:
        """The id of each finding, in order, without making the findings."""
        if self._ids is None:
            ids: list[str] = []
            for block in self._blocks:
                ids.extend(block.finding_ids())
            self._ids = ids
        return self._ids

    def statuses(self) -> list[Status]:
        """The status of each finding, in order, without making the findings."""
        statuses: list[Status] = []
        for block in self._blocks:
            statuses.extend(block.statuses())
        return statuses

    def rows(self, *, exact: bool = False) -> list[dict[str, Any]]:
        """The flat row of each finding (:meth:`Finding.row`), in order: from the blocks'
        columns where they can give it without the explanation."""
        rows: list[dict[str, Any]] = []
        for block in self._blocks:
            rows.extend(block.rows(exact))
        return rows

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        made = self._made[index]  # IndexError as a tuple's, negative indices too
        if made is None:
            made = self._make(index % len(self._made))
        return made

    def _make(self, index: int) -> Finding:
        which = bisect.bisect_right(self._ends, index)
        start = self._ends[which - 1] if which else 0
        with self._lock:
            made = self._made[index]
            if made is None:
                made = self._made[index] = self._blocks[which].finding(index - start)
        return made

    def __iter__(self) -> Iterator[Finding]:
        made = self._made
        for i in range(len(made)):
            finding = made[i]
            yield finding if finding is not None else self._make(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Findings):
            return len(self) == len(other) and tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: Sequence[Finding]) -> tuple[Finding, ...]:
        return (*self, *other)

    def __radd__(self, other: Sequence[Finding]) -> tuple[Finding, ...]:
        return (*other, *self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Findings, (tuple(self),))

    def __repr__(self) -> str:
        return f"Findings({tuple(self)!r})"


def threshold_text(
    threshold: Amount | None, upper: Amount | None, comparator: Comparator | None
) -> str:
    """What a check requires, in the current language: ``≥ 20%``, ``between 2 and 5``."""
    if threshold is None or comparator is None:
        return _("n/a")
    low, high = amount_text(threshold), amount_text(upper)
    if comparator is Comparator.BETWEEN:
        return _("between {low} and {high}").format(low=low, high=high)
    if comparator is Comparator.ABOUT:
        if upper is not None and upper.unit == "ratio":
            # A tolerance around a share is a difference of shares: percentage points, never
            # "± 0.5%", which reads as half a percent of the share.
            high = amount_text(Amount.points(float(upper.value)))
        return f"≈ {low} ± {high}"
    return f"{comparator.symbol} {low}"


class RowFields(Protocol):
    """What a finding's flat row is made of, besides its explanation: a :class:`Finding`, or
    a block's columns read at one subject."""

    @property
    def id(self) -> str: ...
    @property
    def check_id(self) -> str: ...
    @property
    def kind(self) -> FindingKind: ...
    @property
    def title(self) -> str: ...
    @property
    def subject_kind(self) -> str: ...
    @property
    def subject_id(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def as_of(self) -> dt.date: ...
    @property
    def actual(self) -> Amount | None: ...
    @property
    def threshold(self) -> Amount | None: ...
    @property
    def threshold_upper(self) -> Amount | None: ...
    @property
    def comparator(self) -> Comparator | None: ...
    @property
    def gap(self) -> Amount | None: ...
    @property
    def citation(self) -> str | None: ...


def _row_number(value: Amount | None, exact: bool) -> Any:
    if value is None:
        return None
    if exact:
        return json_number(value.value, money=value.is_money)
    number = float(value.value)
    return None if math.isnan(number) else number


def row_texts(
    finding: RowFields, parameters: Iterable[ParameterUse]
) -> tuple[str | None, str | None]:
    """The ``required`` and ``parameters`` cells of a finding's row, in English whatever the
    language (exports keep their codes and English); the same for every finding of a check
    on one day."""
    with language("en"):
        required = (
            threshold_text(finding.threshold, finding.threshold_upper, finding.comparator)
            if finding.threshold is not None
            else None
        )
        return required, "; ".join(str(p) for p in parameters) or None


def flat_row(
    finding: RowFields,
    *,
    reason: str | None,
    missing: str | None,
    texts: tuple[str | None, str | None],
    formula: str,
    source: str | None,
    exact: bool = False,
) -> dict[str, Any]:
    """A finding's flat row (:meth:`Finding.row`), from its fields, its :func:`row_texts`
    and what its explanation gives: the one place the columns of :data:`ROW_COLUMNS` are
    filled."""
    unit_of = finding.actual or finding.threshold
    required, parameter_text = texts
    comparator, threshold, gap = finding.comparator, finding.threshold, finding.gap
    return {
        "id": finding.id,
        "check_id": finding.check_id,
        "kind": finding.kind.value,
        "title": finding.title,
        "subject_kind": finding.subject_kind,
        "subject_id": finding.subject_id,
        "status": finding.status.value,
        "as_of": finding.as_of,
        "actual": _row_number(finding.actual, exact),
        "unit": unit_of.unit if unit_of else None,
        "comparator": comparator.value if comparator else None,
        "threshold": _row_number(threshold, exact),
        "threshold_upper": _row_number(finding.threshold_upper, exact),
        "threshold_unit": threshold.unit if threshold else None,
        "required": required,
        "gap": _row_number(gap, exact),
        "gap_unit": gap.unit if gap else None,
        "reason": reason,
        "missing": missing,
        "formula": formula,
        "parameters": parameter_text,
        "citation": finding.citation,
        "source": source,
    }


def _finding_from(state: dict[str, Any]) -> Finding:
    return Finding(**state)


@attrs.frozen
class FindingChange:
    """A finding in two reports: ``before`` or ``after`` is ``None`` when it appears in one only."""

    finding_id: str
    before: Finding | None
    after: Finding | None

    @property
    def status_changed(self) -> bool:
        return (self.before and self.before.status) != (self.after and self.after.status)

    @property
    def actual_change(self) -> float | None:
        if not (self.before and self.after and self.before.actual and self.after.actual):
            return None
        if self.before.actual.unit != self.after.actual.unit:
            return None
        return float(self.after.actual.value) - float(self.before.actual.value)

    @property
    def gap_change(self) -> float | None:
        if not (self.before and self.after and self.before.gap and self.after.gap):
            return None
        if self.before.gap.unit != self.after.gap.unit:
            return None
        return float(self.after.gap.value) - float(self.before.gap.value)

    def __str__(self) -> str:
        before = status_text(self.before.status) if self.before else _("absent")
        after = status_text(self.after.status) if self.after else _("absent")
        text = f"{self.finding_id}: {before} -> {after}"
        if self.gap_change:
            unit = self.after.gap.unit if self.after and self.after.gap else ""
            change = _renotate(f"{self.gap_change:+,.6g}")
            text += f" ({_('gap')} {change} {UNIT_SYMBOLS.get(unit, unit)})"
        return text


@attrs.frozen
class ReportComparison:
    """What changed between two reports (for example a baseline and a what-if)."""

    changes: tuple[FindingChange, ...]

    @property
    def status_changes(self) -> tuple[FindingChange, ...]:
        return tuple(c for c in self.changes if c.status_changed)

    def rows(self) -> list[dict[str, Any]]:
        """One row per finding in either report (the columns of :data:`COMPARISON_TYPES`):
        its status before and after, and how its actual value and its gap moved."""

        def number(amount: Amount | None) -> float | None:
            return float(amount.value) if amount is not None else None

        rows = []
        for c in self.changes:
            either = c.after or c.before
            actual = either.actual if either else None
            gap = either.gap if either else None
            rows.append(
                {
                    "id": c.finding_id,
                    "check_id": either.check_id if either else None,
                    "subject_id": either.subject_id if either else None,
                    "before": c.before.status.value if c.before else "absent",
                    "after": c.after.status.value if c.after else "absent",
                    "status_changed": c.status_changed,
                    "actual_before": number(c.before.actual) if c.before else None,
                    "actual_after": number(c.after.actual) if c.after else None,
                    "actual_change": c.actual_change,
                    "gap_before": number(c.before.gap) if c.before else None,
                    "gap_after": number(c.after.gap) if c.after else None,
                    "gap_change": c.gap_change,
                    "unit": actual.unit if actual else None,
                    "gap_unit": gap.unit if gap else None,
                }
            )
        return rows

    def to_arrow(self) -> Any:
        """The comparison as a pyarrow table, one row per finding (:meth:`rows`)."""
        return rows_table(self.rows(), COMPARISON_TYPES)

    def to_frame(self, backend: Backend = "pandas") -> Any:
        """The comparison as a pandas, polars or pyarrow frame, one row per finding."""
        return frame_of(self.to_arrow(), backend)

    def __str__(self) -> str:
        changed = self.status_changes
        if not changed:
            return _("no finding changed status")
        head = (
            _("{count} finding changed status:")
            if len(changed) == 1
            else _("{count} findings changed status:")
        ).format(count=len(changed))
        return "\n".join([head, *(f"  {c}" for c in changed)])

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = [
            [
                c.finding_id,
                status_text(c.before.status) if c.before else _("absent"),
                status_text(c.after.status) if c.after else _("absent"),
                _renotate(f"{c.gap_change:+,.6g}") if c.gap_change else "",
            ]
            for c in self.status_changes
        ]
        caption = str(self).splitlines()[0].rstrip(":")
        headers = [_("finding"), _("before"), _("after"), _("gap change")]
        return html_table(headers, rows, caption)


GroupKey = Literal["status", "kind", "check", "subject", "subject_kind", "province"]


def _as_findings(value: Iterable[Finding] | Findings) -> Findings:
    """``value`` as :class:`Findings` (itself when it is one)."""
    return value if isinstance(value, Findings) else Findings(tuple(value))


@attrs.frozen
class Report:
    """Findings of one evaluation, in a stable order (as evaluated).

    A report is queried like a mapping of finding ids: ``report["rule/zone"]`` (a
    ``KeyError`` that says which ids are close when there is none), ``report.get(id)``,
    ``id in report``; and like a table: :meth:`filter`, :meth:`group_by`,
    :meth:`to_frame`, :meth:`compare`.

    ``provinces`` maps the subjects of its findings (zone ids, procedure ids, province
    names) to their province, so that :meth:`filter` can select a province;
    :func:`industrial_policy.evaluate` fills it from the dataset.
    """

    findings: Findings = attrs.field(converter=_as_findings)
    as_of: dt.date
    dataset_name: str | None = None
    provinces: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    _by_id: dict[str, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        ids = self.findings.ids()
        by_id = {finding_id: i for i, finding_id in enumerate(ids)}
        if len(by_id) < len(ids):
            counts = Counter(ids)
            twice = next(finding_id for finding_id, n in counts.items() if n > 1)
            raise InvalidValueError(
                "a report cannot hold two findings with the same id",
                value=twice,
                record_type="Report",
                field="findings",
            )
        object.__setattr__(self, "_by_id", by_id)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __getitem__(self, finding_id: str) -> Finding:
        index = self._by_id.get(finding_id)
        if index is None:
            raise UnknownRecordError(
                f"no finding {finding_id!r} in the report; "
                + (self._grouped(finding_id) or did_you_mean(finding_id, self._by_id))
            )
        return self.findings[index]

    def _grouped(self, finding_id: str) -> str | None:
        """Where a zone out of a rule's scope is reported: the rule's finding of the zones
        left out for the same reason (docs/statuses.md), which names it."""
        check, _, zone = finding_id.partition("/")
        named = f"{zone!r}"
        for f in self.findings:
            if f.check_id == check and f.subject_kind == "zones" and named in (f.reason or ""):
                return f"zone {zone!r} is outside the rule's scope, reported in {f.id!r}"
        return None

    def __contains__(self, item: object) -> bool:
        """A finding id, or a finding, is in the report."""
        if isinstance(item, Finding):
            found = self.get(item.id)
            return found is item or found == item
        return isinstance(item, str) and item in self._by_id

    def get(self, finding_id: str, default: Finding | None = None) -> Finding | None:
        """The finding with this id, or ``default``."""
        index = self._by_id.get(finding_id)
        return default if index is None else self.findings[index]

    def province_of(self, subject_id: str) -> str | None:
        """The province of a subject (a zone, a procedure, a province, or a district named
        ``"<district>, <province>"``), when the report knows it."""
        province = self.provinces.get(subject_id)
        if province is None and ", " in subject_id:
            tail = subject_id.rsplit(", ", 1)[1]
            province = self.provinces.get(tail)
        return province

    def ids(self) -> tuple[str, ...]:
        """The ids of the findings, in order."""
        return tuple(self._by_id)

    def filter(
        self,
        *,
        status: Status | str | Iterable[Status | str] | None = None,
        kind: FindingKind | str | Iterable[FindingKind | str] | None = None,
        subject: str | Iterable[str] | None = None,
        province: str | Iterable[str] | None = None,
        check_id: str | Iterable[str] | None = None,
        subject_id: str | Iterable[str] | None = None,
    ) -> Report:
        """The findings that match every criterion given, in order; each criterion is one
        value or several (any of them matches).

        ``subject`` (or ``subject_id``) is a zone, procedure or province id; ``province``
        selects the findings whose subject lies in that province (the report must know
        its subjects' provinces: see :attr:`provinces`).
        """
        statuses = _members(Status, status, "status")
        kinds = _members(FindingKind, kind, "kind")
        subjects = _texts(subject) | _texts(subject_id) if subject or subject_id else None
        checks = _texts(check_id) if check_id is not None else None
        provinces = _texts(province) if province is not None else None
        if provinces is not None:
            self._check_provinces(provinces)
        kept = tuple(
            f
            for f in self.findings
            if (statuses is None or f.status in statuses)
            and (kinds is None or f.kind in kinds)
            and (subjects is None or f.subject_id in subjects)
            and (checks is None or f.check_id in checks)
            and (provinces is None or self.province_of(f.subject_id) in provinces)
        )
        return attrs.evolve(self, findings=kept)

    def _check_provinces(self, wanted: frozenset[str]) -> None:
        if not self.provinces:
            raise InvalidValueError(
                "this report does not know the provinces of its subjects: make it with"
                " ip.evaluate(dataset, as_of), which reads them from the dataset",
                value=sorted(wanted),
                record_type="Report",
                field="province",
            )
        known = set(self.provinces.values())
        for name in sorted(wanted - known):
            raise InvalidValueError(
                f"no subject of the report is in this province; {did_you_mean(name, known)}",
                value=name,
                record_type="Report",
                field="province",
            )

    @overload
    def group_by(self, key: Literal["status"]) -> dict[Status, Report]: ...
    @overload
    def group_by(self, key: Literal["kind"]) -> dict[FindingKind, Report]: ...
    @overload
    def group_by(
        self, key: Literal["check", "subject", "subject_kind", "province"]
    ) -> dict[str, Report]: ...
    def group_by(self, key: GroupKey) -> dict[Any, Report]:
        """One report per value of ``key`` (``"status"``, ``"kind"``, ``"check"``,
        ``"subject"``, ``"subject_kind"`` or ``"province"``), in the order the values first
        occur; the reports together hold every finding once (``province``: those whose
        subject's province is known)."""
        value_of = _GROUP_KEYS.get(key)
        if value_of is None:
            raise InvalidValueError(
                f"a report is grouped by one of its columns; {did_you_mean(key, _GROUP_KEYS)}",
                value=key,
                record_type="Report",
                field="group_by",
            )
        groups: dict[Any, list[Finding]] = {}
        for finding in self.findings:
            value = value_of(self, finding)
            if value is not None:
                groups.setdefault(value, []).append(finding)
        return {value: attrs.evolve(self, findings=tuple(f)) for value, f in groups.items()}

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status.is_failure)

    def counts(self) -> dict[str, int]:
        """How many findings have each status (only statuses that occur)."""
        counts: dict[str, int] = {}
        for status in self.findings.statuses():
            counts[status.value] = counts.get(status.value, 0) + 1
        return counts

    def combine(self, *others: Report) -> Report:
        """One report with the findings of this one followed by the others'."""
        provinces = dict(self.provinces)
        for other in others:
            provinces.update(other.provinces)
        findings = Findings([self.findings, *(other.findings for other in others)])
        return attrs.evolve(self, findings=findings, provinces=provinces)

    def compare(self, other: Report) -> ReportComparison:
        """Finding by finding, from this report (before) to ``other`` (after)."""
        before = {f.id: f for f in self.findings}
        after = {f.id: f for f in other.findings}
        ids = list(before) + [i for i in after if i not in before]
        return ReportComparison(tuple(FindingChange(i, before.get(i), after.get(i)) for i in ids))

    def to_dicts(self) -> list[dict[str, Any]]:
        return [f.to_dict() for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": "industrial-policy-report/1",
            "as_of": self.as_of.isoformat(),
            "dataset": self.dataset_name,
            "counts": self.counts(),
            "findings": self.to_dicts(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON; the same report always gives the same bytes."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, sort_keys=False)

    def to_dataframe(self) -> Any:
        """One row per finding, as a pandas frame (requires the ``[pandas]`` extra); the
        same as ``to_frame("pandas")``."""
        with needs("Report.to_dataframe", extra="pandas"):
            import pandas as pd
        rows = self.findings.rows()
        # The columns are named even with no finding, so code reading them never breaks.
        frame = pd.DataFrame(rows, columns=ROW_COLUMNS)
        frame["as_of"] = pd.to_datetime(frame["as_of"])
        return frame

    def to_arrow(self) -> Any:
        """One row per finding, as a pyarrow table: the columns of :data:`ROW_COLUMNS`, typed
        (numbers as ``float64``, ``as_of`` as ``date32``, the rest as text). Needs pyarrow."""
        return rows_table(self.findings.rows(), ROW_TYPES)

    def to_frame(self, backend: Backend = "pandas") -> Any:
        """One row per finding, as a pandas, polars or pyarrow frame."""
        if backend == "pandas":
            return self.to_dataframe()
        return frame_of(self.to_arrow(), backend)

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """One row per finding as CSV text (written to ``path`` when given): money keeps every
        digit, a missing value is an empty cell."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(ROW_COLUMNS)
        for row in self.findings.rows(exact=True):
            writer.writerow([_csv_cell(row[column]) for column in ROW_COLUMNS])
        text = buffer.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_parquet(self, path: str | os.PathLike[str]) -> None:
        """One row per finding, written to a Parquet file (the table of :meth:`to_arrow`)."""
        write_parquet(self.to_arrow(), path)

    def plot(
        self,
        kind: str | None = None,
        dataset: Dataset | None = None,
        *,
        backend: str = PLOT_BACKEND,
        **kwargs: Any,
    ) -> Any:
        """The report's figures: ``kind`` ``None`` (every figure that applies, a list a
        notebook shows together), ``"quotas"``, ``"occupancy"`` or ``"targets"``.

        ``dataset`` (the one the report evaluated) places each target's deadline, baseline and
        history; ``kwargs`` go to the plot function of the kind (``top``, ``max_targets``,
        ``threshold``, ``ax``...). The figures are drawn by the module named ``backend``,
        imported by its name as pandas finds its plotting backend: by default
        :mod:`industrial_policy.plots` (matplotlib, the ``[plot]`` extra), whose
        :func:`~industrial_policy.plots.plot` is called as ``plot(report, dataset, kind=kind,
        **kwargs)``; ``report.plot(dataset=ds)`` is ``ip.plot(report, ds)``. Without
        matplotlib: :class:`~industrial_policy.errors.MissingDependencyError` naming
        ``pip install 'industrial-policy[plot]'``. See ``docs/plots.md``.
        """
        if kind is not None and not isinstance(kind, str):
            raise InvalidValueError(
                "must be the kind of plot, a text such as 'quotas' (give the dataset as dataset=)",
                value=kind,
                field="kind",
            )
        if not isinstance(backend, str):
            raise InvalidValueError("must be the name of a module", value=backend, field="backend")
        ours = backend == PLOT_BACKEND
        module = named_backend(backend, purpose="Report.plot", extra="plot" if ours else None)
        if ours:
            with needs("Report.plot", extra="plot"):
                importlib.import_module("matplotlib")
        draw = getattr(module, "plot", None)
        if not callable(draw):
            raise InvalidValueError(
                "must name a module with a function plot(report, dataset, *, kind, **kwargs)",
                value=backend,
                field="backend",
            )
        return draw(self, dataset, kind=kind, **kwargs)

    def __str__(self) -> str:
        return report_table(self)

    def __repr__(self) -> str:
        # What a REPL shows: the table, cut after the first findings as pandas does.
        return report_table(self, max_rows=REPR_ROWS)

    def _repr_html_(self) -> str:
        return report_html(self, max_rows=HTML_ROWS)


_GROUP_KEYS: dict[str, Callable[[Report, Finding], Any]] = {
    "status": lambda report, f: f.status,
    "kind": lambda report, f: f.kind,
    "check": lambda report, f: f.check_id,
    "subject": lambda report, f: f.subject_id,
    "subject_kind": lambda report, f: f.subject_kind,
    "province": lambda report, f: report.province_of(f.subject_id),
}

_E = TypeVar("_E", bound=enum.Enum)


def _texts(value: str | Iterable[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    return frozenset([value] if isinstance(value, str) else value)


def _members(enum_type: type[_E], value: object, field: str) -> frozenset[_E] | None:
    if value is None:
        return None
    if isinstance(value, str | enum.Enum):
        values: list[object] = [value]
    elif isinstance(value, Iterable):
        values = list(value)
    else:
        values = [value]  # refused below, with the choices
    members = []
    for item in values:
        try:
            members.append(member(enum_type, item))
        except (ValueError, TypeError):
            choices = [str(m.value) for m in enum_type]
            raise InvalidValueError(
                f"no such {field}; {did_you_mean(item, choices)}",
                value=item,
                record_type="Report",
                field=field,
            ) from None
    return frozenset(members)


#: How many findings a report shows in a REPL and in a notebook; ``str()``,
#: ``to_dataframe()`` and the CLI always show every finding.
REPR_ROWS = 20
HTML_ROWS = 200


ROW_TYPES: dict[str, str] = {
    "id": "string",
    "check_id": "string",
    "kind": "string",
    "title": "string",
    "subject_kind": "string",
    "subject_id": "string",
    "status": "string",
    "as_of": "date",
    "actual": "number",
    "unit": "string",
    "comparator": "string",
    "threshold": "number",
    "threshold_upper": "number",
    "threshold_unit": "string",
    "required": "string",
    "gap": "number",
    "gap_unit": "string",
    "reason": "string",
    "missing": "string",
    "formula": "string",
    "parameters": "string",
    "citation": "string",
    "source": "string",
}
"""The columns of a finding's flat row (:meth:`Finding.row`) and the type of each."""

ROW_COLUMNS = tuple(ROW_TYPES)

COMPARISON_TYPES: dict[str, str] = {
    "id": "string",
    "check_id": "string",
    "subject_id": "string",
    "before": "string",
    "after": "string",
    "status_changed": "flag",
    "actual_before": "number",
    "actual_after": "number",
    "actual_change": "number",
    "gap_before": "number",
    "gap_after": "number",
    "gap_change": "number",
    "unit": "string",
    "gap_unit": "string",
}
"""The columns of :meth:`ReportComparison.rows` and the type of each."""
"""The columns of a finding's flat row, in order: every export of a report as a table."""

_REASONED = {
    Status.NOT_APPLICABLE: "not in force on the date, or the subject is outside the scope",
    Status.INSUFFICIENT_DATA: "a number the computation needs is missing",
}


def amount_text(value: Amount | None) -> str:
    """An amount as results print it, in the current language: ``6,418 ha``, ``6.418 ha``,
    ``19,866 billion VND``, ``19.866 tỷ đồng``."""
    if value is None:
        return _("n/a")
    text = str(value)
    if text == "n/a":
        return _("n/a")
    return _renotate(text)


def status_text(status: Status) -> str:
    """A status as a report's table shows it: its code in English (``on_track``), its label
    in another language (``đúng tiến độ``)."""
    return status.value if get_language() == "en" else label(status)


def _number(count: int) -> str:
    return _renotate(f"{count:,}")


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- rendering: reports laid out as rows of text, drawn by display --------------------------------

_REPORT_HEADERS = ("finding", "status", "actual", "required", "gap")  # _() when drawn
# 72 characters and 8 of separators: 80 columns. Findings' ids are longer than the first column
# (they stand on a line of their own), so the room goes to the values: "insufficient_data",
# "between 15% and 17%", "≥ 1.2 billion USD", "-0.00167679 pp" fit.
_REPORT_WIDTHS = (8, 17, 13, 19, 15)
# Vietnamese statuses are at most 13 characters; "≈ 53,8% ± 0,5 điểm %", "-2,72 điểm %".
_WIDTHS = {"en": _REPORT_WIDTHS, "vi": (8, 13, 13, 20, 18)}


def _report_rows(report: Report, max_rows: int | None = None) -> list[list[str]]:
    rows = []
    for f in report.findings[:max_rows]:
        rows.append(
            [
                f.id,
                status_text(f.status),
                abbreviated(amount_text(f.actual)),
                abbreviated(f.threshold_text()),
                abbreviated(amount_text(f.gap)) if f.gap is not None else "",
            ]
        )
    return rows


def _headers() -> tuple[str, ...]:
    return (_("finding"), _("status"), _("actual"), _("required"), _("gap"))


def _summary(report: Report) -> str:
    counts = ", ".join(
        f"{n} {status_text(Status(status))}" for status, n in report.counts().items()
    )
    return _("as of {date}: {counts}").format(
        date=date(report.as_of), counts=counts or _("no findings")
    )


def _more(shown: int, total: int, whole: str) -> str:
    return _("… {more} more of {total} findings: {whole} shows them all").format(
        more=_number(total - shown), total=_number(total), whole=whole
    )


def report_table(report: Report, *, max_rows: int | None = None) -> str:
    """The report as an 80-column text table with a one-line summary.

    A finding id too long for its column stands on a line of its own, above
    its numbers, so no id is ever cut; nor is a value: a column of values too
    narrow for one of them ("between 15% and 20%", "≥ 1.2 billion USD") widens
    to hold it, the table then passing 80 columns. Under a finding that is
    ``insufficient_data`` or ``not_applicable``, a ``why:`` line gives its
    :attr:`Finding.reason` (what to add, or why the check does not apply),
    wrapped, never cut. With ``max_rows``, only the first findings are listed
    and a last line says how many more there are.
    """
    name = f"{report.dataset_name} " if report.dataset_name else ""
    # Wrapped, never shortened: the counts are what a reader looks for first.
    title = textwrap.fill(f"{name}{_summary(report)}", 80, subsequent_indent="  ")
    headers = _headers()
    rows = _report_rows(report, max_rows)
    widths = _widths(rows)
    lines = text_table(headers, [], widths).splitlines()
    reasons = _reason_wrapper(widths[0])
    for finding, row in zip(report.findings, rows, strict=False):
        if len(row[0]) > widths[0]:
            lines.append(row[0])
            row = ["", *row[1:]]
        lines.append(text_table(headers, [row], widths).splitlines()[-1])
        reason = finding.reason
        if reason:
            lines.extend(reasons.wrap(_("why: {reason}").format(reason=translate(reason))))
    if len(rows) < len(report):
        lines.append(_more(len(rows), len(report), "print(report)"))
    return "\n".join([title, *lines])


def _widths(rows: list[list[str]]) -> tuple[int, ...]:
    """The columns' widths: the language's own, each column of values (all but the id's,
    which stands on a line of its own when too long) widened to its longest cell."""
    widths = _WIDTHS[get_language()]
    return (
        widths[0],
        *(max([w, *(len(row[i]) for row in rows)]) for i, w in enumerate(widths) if i),
    )


def _reason_wrapper(first: int) -> textwrap.TextWrapper:
    """A reason starts under the status column (after the ``first`` column) and wraps
    under its own first word, after the label ("why: ", "lý do: ")."""
    label = len(_("why: {reason}").format(reason=""))
    return textwrap.TextWrapper(
        80,
        initial_indent=" " * (first + 2),
        subsequent_indent=" " * (first + 2 + label),
        break_on_hyphens=False,
    )


def report_html(report: Report, *, max_rows: int | None = None) -> str:
    """The report as an HTML table, with a ``reason`` column (:attr:`Finding.reason`); with
    ``max_rows``, the first findings and how many more."""
    rows = _report_rows(report, max_rows)
    for finding, row in zip(report.findings, rows, strict=False):
        row.append(translate(finding.reason) if finding.reason else "")
    caption = _summary(report)
    if len(rows) < len(report):
        caption += f" ({_more(len(rows), len(report), 'report.to_dataframe()')})"
    return html_table((*_headers(), _("reason")), rows, caption)


def report_page(report: Report, figures: Sequence[str] = ()) -> str:
    """One self-contained HTML page: the summary table, the figures, and each explanation.

    ``figures`` are HTML fragments already rendered, an inline ``<svg>`` or
    an ``<img>`` with a ``data:`` URL, placed after the table in the order
    given: :func:`industrial_policy.plots.report_figures` draws those that
    apply to a report (and returns none without matplotlib). Nothing is
    loaded from outside the page.

    >>> import datetime as dt
    >>> page = report_page(Report((), dt.date(2025, 12, 31), "Hải Dương"),
    ...                    ['<figure><svg viewBox="0 0 10 10"></svg></figure>'])
    >>> page.index("<table>") < page.index("<figure><svg") < page.index("</body>")
    True
    """
    name = report.dataset_name or _("dataset")
    title = _("{name}: report as of {date}").format(name=name, date=date(report.as_of))
    parts = [report_html(report)]
    parts.extend(figures)
    for finding in report.findings:
        summary = f"{finding.id}: {status_text(finding.status)}"
        parts.append(html_details(summary, finding.explain()))
    return html_page(title, parts, lang=get_language())
