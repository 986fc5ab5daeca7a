"""Shares of procedures offered online: level 4 / full-process, and level 3 or 4.

:func:`procedure_rates` answers, on a date, for the dataset or each
province, field, level of government or procedure:

* ``services.procedures_full_online``: the share of procedures offered at
  level 4 (Decree 43/2011/ND-CP) or full-process online (Decree
  42/2022/ND-CP), whichever classification is in force;
* ``services.procedures_online``: the share at level 3 or 4 (full-process or
  partial online): the scope of fee discounts such as Hải Dương's.

The denominator is the user's choice, with no default: all procedures, or
those eligible for full-process online service (``Procedure.eligible_for_full_online``).
Every rate is counted from the procedures, never averaged from sub-rates,
so a province's rate is the same whether computed directly or from its
fields' counts.

>>> from industrial_policy.services import Procedure, procedure_rates
>>> procs = [Procedure(id=f"p{i}", name="P", government_level="provincial", field="f",
...                    online_level=4 if i < 257 else 2) for i in range(1890)]
>>> report = procedure_rates(procs, as_of="2021-08-23", denominator="all",
...                          classification={"classification": "decree_43_2011"})
>>> str(report["services.procedures_full_online/all"].actual)
'13.6%'
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from industrial_policy.dataset import Dataset
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import Amount, Finding, Report
from industrial_policy.periods import parse_date
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.procedures import OnlineService, Procedure
from industrial_policy.services.classification import (
    Classification,
    ClassificationRule,
)
from industrial_policy.services.grouping import GroupBy, Grouping, group_by
from industrial_policy.services.levels import (
    SOURCE_UNDATED,
    UNKNOWN,
    YES,
    LevelStates,
    LevelTable,
    disagreements,
    within,
)
from industrial_policy.services.tally import (
    Rate,
    RateRequirement,
    Tally,
    rate_finding,
    requirements_by_rate,
)

__all__ = [
    "Denominator",
    "as_rule",
    "check_unknown_share",
    "level_table",
    "procedure_rates",
    "split_by_group",
]

IntArray = npt.NDArray[np.int64]


class Denominator(enum.StrEnum):
    """What a share of procedures is a share of."""

    ALL = "all"  # every procedure in the subject
    ELIGIBLE = "eligible"  # procedures eligible for full-process online service


def as_rule(value: ClassificationRule | Mapping[str, Any] | None) -> ClassificationRule:
    """A :class:`ClassificationRule` from itself, a mapping of its fields, or ``None``."""
    if value is None:
        return ClassificationRule()
    if isinstance(value, ClassificationRule):
        return value
    if isinstance(value, Mapping):
        try:
            return ClassificationRule(**value)
        except TypeError:
            raise InvalidValueError(
                "a classification rule has the fields switch_date, classification and mapping",
                value=dict(value),
                field="classification",
            ) from None
    raise InvalidValueError("must be a ClassificationRule", value=value, field="classification")


def check_unknown_share(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(
            "must be a number from 0 to 1", value=value, field="max_unknown_share"
        )
    if not 0 <= value <= 1:
        raise InvalidValueError("must be from 0 to 1", value=value, field="max_unknown_share")
    return float(value)


def level_table(
    source: Dataset | Sequence[Procedure], offerings: Iterable[ServiceOffering] | None = None
) -> tuple[tuple[Procedure, ...], LevelTable]:
    """The procedures and their level table (kept on a dataset for reuse)."""
    if isinstance(source, Dataset):
        dataset = source
        extra = tuple(offerings or ())
        own = tuple(dataset.service_offerings)
        procedures = tuple(dataset.procedures)
        if extra:
            return procedures, LevelTable.build(procedures, own + extra)
        # The dataset's cache holds derived tables; it is dropped with the dataset.
        table = dataset._cached("services:levels", lambda: LevelTable.build(procedures, own))
        return procedures, table
    procedures = tuple(source)
    for item in procedures:
        if not isinstance(item, Procedure):
            raise InvalidValueError(
                "must be a Dataset or a list of Procedure", value=item, field="source"
            )
    return procedures, LevelTable.build(procedures, tuple(offerings or ()))


def split_by_group(codes: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Rows sorted by group, and for each group present its code and its slice bounds."""
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    present, starts = np.unique(ordered, return_index=True)
    bounds = np.append(starts, len(ordered))
    return order, present, bounds


def _wording(rate: Rate, classification: Classification) -> tuple[str, str]:
    """(what the numerator counts, the short title) in the classification reported."""
    decree_42 = classification is Classification.DECREE_42_2022
    if rate is Rate.PROCEDURES_FULL_ONLINE:
        what = "full-process online" if decree_42 else "at level 4"
    else:
        what = "full-process or partial online" if decree_42 else "at level 3 or 4"
    return f"procedures offered {what}", f"Share of procedures offered {what}"


def _question(
    rate: Rate, classification: Classification
) -> tuple[frozenset[int], frozenset[OnlineService]]:
    if classification is Classification.DECREE_42_2022:
        services = (
            {OnlineService.FULL_PROCESS}
            if rate is Rate.PROCEDURES_FULL_ONLINE
            else {OnlineService.FULL_PROCESS, OnlineService.PARTIAL}
        )
        return frozenset(), frozenset(services)
    levels = {4} if rate is Rate.PROCEDURES_FULL_ONLINE else {3, 4}
    return frozenset(levels), frozenset()


def _ids(procedures: Sequence[Procedure], rows: IntArray) -> list[str]:
    return [procedures[int(i)].id for i in rows[:20]]


def procedure_rates(
    source: Dataset | Sequence[Procedure],
    *,
    as_of: dt.date | str,
    denominator: Denominator | str,
    by: GroupBy | str | Iterable[GroupBy | str] = GroupBy.DATASET,
    rates: Iterable[Rate | str] = (Rate.PROCEDURES_FULL_ONLINE, Rate.PROCEDURES_ONLINE),
    offerings: Iterable[ServiceOffering] | None = None,
    classification: ClassificationRule | Mapping[str, Any] | None = None,
    max_unknown_share: float = 0.0,
    requirements: Iterable[RateRequirement] = (),
) -> Report:
    """The shares of procedures offered online on ``as_of``, one finding per rate and group.

    ``source`` is a :class:`~industrial_policy.dataset.Dataset` (its
    procedures and service offerings) or a list of procedures (with
    ``offerings``). ``denominator`` is ``"all"`` or ``"eligible"``: the user
    must choose. ``classification`` says which classification is reported
    (see :class:`~industrial_policy.services.classification.ClassificationRule`;
    by default the records decide). Procedures whose level is not known on
    ``as_of`` are not counted as "not online": see ``max_unknown_share``.
    """
    day = parse_date(as_of, field="as_of")
    try:
        basis = Denominator(denominator)
    except ValueError:
        raise InvalidValueError(
            "must be 'all' (every procedure) or 'eligible' (procedures eligible for"
            " full-process online service); there is no default",
            value=denominator,
            field="denominator",
        ) from None
    wanted = []
    for item in rates:
        try:
            rate = Rate(item)
        except ValueError:
            raise InvalidValueError("not a rate", value=item, field="rates") from None
        if not rate.is_procedure_rate:
            raise InvalidValueError(
                "procedure_rates computes procedures_full_online and procedures_online;"
                " dossier rates come from dossier_rates",
                value=rate.value,
                field="rates",
            )
        wanted.append(rate)
    tolerance = check_unknown_share(max_unknown_share)
    required = requirements_by_rate(requirements)
    rule = as_rule(classification)
    procedures, table = level_table(source, offerings)
    n = len(procedures)
    rows = np.arange(n, dtype=np.int64)
    states = table.on(rows, np.datetime64(day, "D"))
    has_level, has_service = states.level > 0, states.service >= 0
    level_only = int((has_level & ~has_service).sum())
    service_only = int((has_service & ~has_level).sum())
    both = int((has_level & has_service).sum())
    reported, why = rule.decide(day, level_only=level_only, service_only=service_only, both=both)
    context = _context_notes(rule, reported, why, states, level_only, service_only, day, table)
    grouping = group_by(by, procedures, rows)
    eligible = np.array(
        [
            -1 if p.eligible_for_full_online is None else int(p.eligible_for_full_online)
            for p in procedures
        ],
        dtype=np.int8,
    )
    findings: list[Finding] = []
    for rate in wanted:
        levels, services = _question(rate, reported)
        answer = within(states, levels=levels, services=services, mapping=rule.mapping)
        findings.extend(
            _rate_findings(
                rate,
                reported,
                basis,
                answer,
                eligible,
                grouping,
                procedures,
                day,
                tolerance,
                required.get(rate),
                context,
            )
        )
    return Report(tuple(findings), as_of=day)


def _context_notes(
    rule: ClassificationRule,
    reported: Classification,
    why: str,
    states: LevelStates,
    level_only: int,
    service_only: int,
    day: dt.date,
    table: LevelTable,
) -> list[str]:
    notes = [f"classification reported: {why}"]
    converted = service_only if reported is Classification.DECREE_43_2011 else level_only
    if converted:
        other = (
            "only in a Decree 42/2022 category"
            if reported is Classification.DECREE_43_2011
            else "only at a Decree 43/2011 level"
        )
        notes.append(
            f"{converted:,} procedures recorded {other} were converted with the mapping:"
            f" {rule.mapping.describe()}"
        )
    else:
        notes.append(f"mapping between the classifications: {rule.mapping.describe()}")
    odd = int(disagreements(states, rule.mapping).sum())
    if odd:
        notes.append(
            f"{odd:,} procedures record a level and a category the mapping does not pair;"
            f" the {reported.citation} one is used"
        )
    undated = int((states.source == SOURCE_UNDATED).sum())
    if undated and len(table.keys):
        notes.append(
            f"{undated:,} procedures have no dated service offering: the undated level of"
            " their procedure record is used"
        )
    return notes


def _rate_findings(
    rate: Rate,
    reported: Classification,
    basis: Denominator,
    answer: npt.NDArray[np.int8],
    eligible: npt.NDArray[np.int8],
    grouping: Grouping,
    procedures: Sequence[Procedure],
    day: dt.date,
    tolerance: float,
    requirement: RateRequirement | None,
    context: list[str],
) -> list[Finding]:
    counted, title = _wording(rate, reported)
    if basis is Denominator.ALL:
        member = np.ones(len(procedures), dtype=np.int8)
        whole = "procedures"
    else:
        member = eligible
        whole = "procedures eligible for full-process online service"
    # Offered full-process yet recorded as not eligible: the flag is wrong or the
    # level is; counting it in the numerator only would push the rate past 100%.
    contradictory = (member == 0) & (answer == YES) & (basis is Denominator.ELIGIBLE)
    known = (member == 1) & (answer != UNKNOWN)
    yes = known & (answer == YES)
    unknown = ((member == 1) & (answer == UNKNOWN)) | (member == -1)
    order, present, bounds = split_by_group(grouping.codes)
    findings = []
    for g, code in enumerate(present):
        rows = order[bounds[g] : bounds[g + 1]]
        label = grouping.label(int(code))
        notes = list(context)
        bad = rows[contradictory[rows]]
        if len(bad):
            notes.append(
                f"{len(bad):,} procedures are offered {counted[len('procedures offered ') :]}"
                f" but recorded as not eligible; left out of both counts: "
                + ", ".join(_ids(procedures, bad))
            )
        no_eligibility = rows[member[rows] == -1]
        if len(no_eligibility):
            notes.append(
                f"{len(no_eligibility):,} procedures do not record whether they are eligible"
                f" for full-process online service: {', '.join(_ids(procedures, no_eligibility))}"
            )
        yes_rows, known_rows, unknown_rows = rows[yes[rows]], rows[known[rows]], rows[unknown[rows]]
        tally = Tally(
            yes=len(yes_rows),
            known=len(known_rows),
            unknown=len(unknown_rows),
            yes_ids=tuple(_ids(procedures, yes_rows)),
            known_ids=tuple(_ids(procedures, known_rows)),
            unknown_ids=tuple(_ids(procedures, unknown_rows)),
            yes_records=len(yes_rows),
            known_records=len(known_rows),
        )
        findings.append(
            rate_finding(
                rate=rate,
                title=f"{title}, {label}, on {day.isoformat()} (of {whole})",
                subject_id=label,
                subject_kind=grouping.subject_kind,
                as_of=day,
                tally=tally,
                numerator=counted,
                denominator=whole,
                unknown="procedures whose level on the day or eligibility is not recorded",
                lacking="online level on the day (Procedure.online_level or a service offering)"
                " or eligibility (Procedure.eligible_for_full_online)",
                max_unknown_share=tolerance,
                requirement=requirement,
                notes=notes,
                citation=reported.citation,
                extra_details={"procedures_in_subject": Amount.count(len(rows))},
            )
        )
    return findings
