"""A rate as a finding: numerator, denominator, what is not known, and the verdict.

Every digital-service rate is a count over a count. :class:`Tally` holds
them for one subject, with the records behind them and the dossiers (or
procedures) whose status is not recorded; :func:`rate_finding` turns it
into a :class:`~industrial_policy.findings.Finding`:

* a zero denominator is ``insufficient_data``, never 0% and never a
  division error;
* records whose status is not recorded are never counted as "no". When
  their share of the denominator is at most ``max_unknown_share`` (0 by
  default) the rate is given over the known records, with the lowest and
  highest values the unknown ones allow; above it the finding is
  ``insufficient_data``;
* a rate with no requirement is ``measured``; with a
  :class:`RateRequirement` it passes or fails, with the signed gap.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from industrial_policy import _fields
from industrial_policy.amounts import Amount, check_share
from industrial_policy.comparators import Comparator
from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import (
    Explanation,
    Finding,
    InputValue,
    ParameterUse,
    Status,
)

__all__ = [
    "Rate",
    "RateRequirement",
    "Tally",
    "rate_finding",
    "requirements_by_rate",
]


class Rate(enum.StrEnum):
    """The digital-service rates (DOMAIN.md §4); ``check_id`` is ``services.<value>``."""

    PROCEDURES_FULL_ONLINE = "procedures_full_online"  # level 4 / full-process
    PROCEDURES_ONLINE = "procedures_online"  # level 3 or 4 / full-process or partial
    DOSSIERS_ONLINE = "dossiers_online"
    PAYMENTS_ONLINE = "payments_online"
    RESULTS_DIGITISED = "results_digitised"
    COMPLETED_ON_TIME = "completed_on_time"

    @property
    def check_id(self) -> str:
        return f"services.{self.value}"

    @property
    def is_procedure_rate(self) -> bool:
        return self in (Rate.PROCEDURES_FULL_ONLINE, Rate.PROCEDURES_ONLINE)


def _share(value: object, instance: object, field: attrs.Attribute[Any]) -> float:
    try:
        return check_share(value, field=field.name)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


_BOUNDS = (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.AT_MOST, Comparator.LESS_THAN)


@attrs.frozen
class RateRequirement:
    """A level a rate must reach (or stay under), with its citation.

    The library ships no such level: DOMAIN.md states none. Supply the
    figure your reporting is held to.

    >>> r = RateRequirement(rate="dossiers_online", comparator="at_least", value="50%")
    >>> r.value, r.comparator.symbol
    (0.5, '≥')
    """

    rate: Rate = _fields.choice(Rate)
    comparator: Comparator = _fields.choice(Comparator)
    value: float = _fields.converted(_share)
    effective_from: dt.date | None = _fields.day(optional=True)
    citation: str | None = _fields.text(optional=True)

    @comparator.validator
    def _check_comparator(self, field: attrs.Attribute[Any], value: Comparator) -> None:
        if value not in _BOUNDS:
            _fields.fail(
                self,
                field,
                value.value,
                "a rate requirement is at_least, more_than, at_most or less_than",
            )


def requirements_by_rate(requirements: Iterable[RateRequirement]) -> dict[Rate, RateRequirement]:
    """One requirement per rate (two for one rate is an error)."""
    result: dict[Rate, RateRequirement] = {}
    for requirement in requirements:
        if not isinstance(requirement, RateRequirement):
            raise InvalidValueError(
                "each requirement must be a RateRequirement",
                value=requirement,
                field="requirements",
            )
        if requirement.rate in result:
            raise InvalidValueError(
                "two requirements for one rate", value=requirement.rate.value, field="requirements"
            )
        result[requirement.rate] = requirement
    return result


@attrs.frozen
class Tally:
    """The counts behind one rate for one subject.

    ``yes`` of ``known`` records answer yes; ``unknown`` more belong (or may
    belong) to the denominator but their answer is not recorded.
    ``blockers`` are reasons the rate cannot be computed at all (counts that
    straddle the period, a published total that is missing).
    """

    yes: int
    known: int
    unknown: int = 0
    yes_ids: tuple[str, ...] = ()
    known_ids: tuple[str, ...] = ()
    unknown_ids: tuple[str, ...] = ()
    yes_records: int | None = None
    known_records: int | None = None
    blockers: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.known + self.unknown

    def bounds(self) -> tuple[float, float] | None:
        """The lowest and highest rate the unknown records allow (``None`` if none can be)."""
        if self.total == 0:
            return None
        return self.yes / self.total, (self.yes + self.unknown) / self.total


def _listed(name: str, value: int, ids: Sequence[str], records: int | None) -> InputValue:
    if not ids:
        # Ids are not listed for very large tables; the count is the value itself.
        return InputValue(name, Amount.count(value))
    item = InputValue.from_records(name, Amount.count(value), ids)
    if records is not None and records != item.record_count:
        item = attrs.evolve(item, record_count=records)
    return item


def rate_finding(
    *,
    rate: Rate,
    title: str,
    subject_id: str,
    subject_kind: str,
    as_of: dt.date,
    tally: Tally,
    numerator: str,
    denominator: str,
    unknown: str,
    max_unknown_share: float,
    requirement: RateRequirement | None = None,
    notes: Sequence[str] = (),
    citation: str | None = None,
    extra_details: Mapping[str, Amount | None] | None = None,
    lacking: str | None = None,
) -> Finding:
    """The finding of one rate for one subject (see the module notes for the verdicts).
    ``lacking`` names in short the field the ``unknown`` records do not record: what to add
    when too many of them leave the rate unknown (the ``missing`` column of its row)."""
    details: dict[str, Amount | None] = {
        "numerator": Amount.count(tally.yes),
        "denominator": Amount.count(tally.known),
    }
    inputs = [
        _listed(numerator, tally.yes, tally.yes_ids, tally.yes_records),
        _listed(denominator, tally.known, tally.known_ids, tally.known_records),
    ]
    parameters: list[ParameterUse] = []
    steps: list[str] = []
    all_notes = list(notes)
    if tally.unknown:
        details["not_recorded"] = Amount.count(tally.unknown)
        inputs.append(
            InputValue.from_records(unknown, Amount.count(tally.unknown), tally.unknown_ids)
        )
        bounds = tally.bounds()
        assert bounds is not None
        details["lowest_possible"] = Amount.ratio(bounds[0])
        details["highest_possible"] = Amount.ratio(bounds[1])
        parameters.append(
            ParameterUse(
                "services.max_unknown_share",
                Amount.ratio(max_unknown_share),
                citation="library parameter: the largest share of the denominator whose status"
                " may be unrecorded for the rate to be given over the known records",
            )
        )
    if extra_details:
        details.update(extra_details)
    formula = f"{numerator} ÷ {denominator}"
    status: Status
    actual: Amount | None = None
    threshold = comparator = gap = None
    unknown_share = tally.unknown / tally.total if tally.total else 0.0
    if tally.blockers:
        status = Status.INSUFFICIENT_DATA
        all_notes[:0] = list(tally.blockers)
    elif tally.total == 0:
        status = Status.INSUFFICIENT_DATA
        all_notes.insert(0, f"no {denominator}: a rate over zero is not 0%, it is unknown")
        inputs.append(InputValue(denominator, None))
    elif tally.known == 0 or unknown_share > max_unknown_share:
        status = Status.INSUFFICIENT_DATA
        if lacking is not None:
            inputs.append(InputValue(lacking, None))
        low, high = tally.bounds() or (math.nan, math.nan)
        all_notes.insert(
            0,
            f"{tally.unknown:,} of {tally.total:,} ({unknown_share:.2%}) are {unknown};"
            f" more than the {max_unknown_share:.2%} allowed (max_unknown_share), so no rate"
            f" is given: it lies between {low:.2%} and {high:.2%}",
        )
    else:
        value = tally.yes / tally.known
        actual = Amount.ratio(value)
        steps.append(f"{tally.yes:,} ÷ {tally.known:,} = {value:.4%}")
        if tally.unknown:
            low, high = tally.bounds() or (math.nan, math.nan)
            all_notes.insert(
                0,
                f"{tally.unknown:,} of {tally.total:,} ({unknown_share:.2%}) are {unknown}; they"
                f" are left out of both counts (at most {max_unknown_share:.2%} allowed); counting"
                f" them the rate would lie between {low:.2%} and {high:.2%}",
            )
        status = Status.MEASURED
        starts = requirement.effective_from if requirement is not None else None
        if requirement is not None and starts is not None and starts > as_of:
            all_notes.append(
                f"the requirement ({requirement.comparator.symbol} {requirement.value:.2%})"
                f" takes effect on {starts.isoformat()}, after {as_of.isoformat()}:"
                " the rate is measured only"
            )
            requirement = None
        if requirement is not None:
            comparator = requirement.comparator
            threshold = Amount.ratio(requirement.value)
            met = bool(comparator.holds(value, requirement.value))
            status = Status.PASS if met else Status.FAIL
            lower = comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN)
            gap = Amount.ratio(value - requirement.value if lower else requirement.value - value)
            parameters.append(
                ParameterUse(
                    f"{rate.check_id}.requirement",
                    threshold,
                    effective_from=requirement.effective_from,
                    citation=requirement.citation,
                )
            )
            steps.append(
                f"{value:.4%} {comparator.symbol} {requirement.value:.4%}:"
                f" {'met' if met else 'not met'}"
            )
    return Finding(
        check_id=rate.check_id,
        kind="rate",
        title=title,
        subject_id=subject_id,
        status=status,
        as_of=as_of,
        explanation=Explanation(
            formula=formula,
            inputs=tuple(inputs),
            parameters=tuple(parameters),
            steps=tuple(steps),
            notes=tuple(all_notes),
        ),
        subject_kind=subject_kind,
        actual=actual,
        threshold=threshold,
        comparator=comparator,
        gap=gap,
        citation=citation or (requirement.citation if requirement and threshold else None),
        details=details,
    )
