"""Everything that applies to a dataset, in one report: rules, targets and rates.

:func:`evaluate` (``ip.evaluate(dataset, as_of)``; :func:`evaluate_all` is the same) is
what ``industrial-policy evaluate`` runs. What it
cannot decide for the user (the denominator of the share of procedures
online, the periods of dossier rates, the classification switch date) the
dataset says in its ``evaluation`` table
(:class:`~industrial_policy.dataset.settings.EvaluationSettings`);
without it, those rates are left out and :func:`skipped_checks` says why,
rather than being computed on a guessed basis.

>>> import industrial_policy as ip
>>> report = ip.evaluate(ip.examples.load("hai-duong-2021"), "2025-12-31")
>>> sorted({f.kind.value for f in report})
['reconciliation', 'rule', 'target']
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from industrial_policy import rules
from industrial_policy.columnar import CodedColumn, TextColumn
from industrial_policy.dataset import Dataset, EvaluationSettings
from industrial_policy.findings import Report
from industrial_policy.periods import parse_date
from industrial_policy.reconciliation import cross_check
from industrial_policy.rules.scoping import ApplyTo
from industrial_policy.services import dossier_rates, procedure_rates, track_rate_targets
from industrial_policy.tracking import track

__all__ = ["evaluate", "evaluate_all", "skipped_checks", "subject_provinces"]


def skipped_checks(dataset: Dataset) -> list[str]:
    """The checks :func:`evaluate_all` leaves out for this dataset, and why."""
    settings = dataset.evaluation or EvaluationSettings()
    skipped = []
    if dataset.procedures and settings.procedure_denominator is None:
        skipped.append(
            "shares of procedures online: the dataset does not choose the denominator"
            " (evaluation.procedure_denominator = 'all' or 'eligible')"
        )
    elif dataset.procedures and _undecided_classification(dataset, settings):
        skipped.append(
            "shares of procedures online: some procedures carry only a Decree 43/2011 level and"
            " some only a Decree 42/2022 category, and the dataset gives no switch date"
            " (evaluation.classification_switch)"
        )
    if (dataset.dossiers or dataset.dossier_counts) and not settings.dossier_periods:
        skipped.append(
            "dossier rates: the dataset names no periods (evaluation.dossier_periods = ['2024'])"
        )
    return skipped


def evaluate(
    dataset: Dataset,
    as_of: dt.date | str | None = None,
    *,
    rule_packs: Sequence[str] | None = None,
    overrides: Mapping[str, object] | None = None,
    inputs: Mapping[str, Mapping[str, object]] | None = None,
    progress: Callable[[str], None] | None = None,
    apply_to: ApplyTo | None = None,
) -> Report:
    """Every applicable rule, target and rate of ``dataset`` on ``as_of``, as one report,
    with the cross-checks of its published figures
    (:func:`~industrial_policy.reconciliation.cross_check`): ``ip.evaluate(dataset, as_of)``,
    the library's entry point (``evaluate_all`` is the same function, by its earlier name).

    ``as_of`` defaults to the dataset's ``evaluation.as_of``, then to today.
    ``rule_packs`` (names of shipped packs or paths of TOML files) defaults to
    the dataset's ``evaluation.rule_packs``, then to every shipped pack.
    ``overrides`` and ``inputs`` are the rule engine's what-ifs and user
    inputs, and ``apply_to`` re-scopes the rules scoped to a province to another
    (see :func:`industrial_policy.rules.evaluate`). ``progress``, if
    given, is called with the name of each stage as it starts.

    >>> from industrial_policy import examples
    >>> ds = examples.load("hai-duong-2021")
    >>> base = evaluate_all(ds)
    >>> what_if = evaluate_all(ds, overrides={"vn-land.hi-tech-reserve.min-share": "15%"})
    >>> print(base["vn-land.hi-tech-reserve/hd-kcn-a"].status.value,
    ...       what_if["vn-land.hi-tech-reserve/hd-kcn-a"].status.value)
    fail pass
    """
    step = progress or (lambda stage: None)
    settings = dataset.evaluation or EvaluationSettings()
    if as_of is not None:
        day = parse_date(as_of, field="as_of")
    else:
        day = settings.as_of or dt.date.today()
    reports: list[Report] = []
    packs = list(rule_packs) if rule_packs else list(settings.rule_packs)
    step("rules")
    reports.append(
        rules.evaluate(
            dataset, packs or None, day, overrides=overrides, inputs=inputs, apply_to=apply_to
        )
    )
    if dataset.targets:
        step("targets")
        reports.append(track(dataset, None, day))
    step("digital services")
    reports.extend(_services(dataset, day, settings))
    if dataset.published or dataset.reported:
        step("published figures")
        reports.append(cross_check(dataset, as_of=day))
    combined = Report((), day, dataset.name, provinces=subject_provinces(dataset))
    return combined.combine(*reports)


evaluate_all = evaluate


def subject_provinces(dataset: Dataset) -> dict[str, str]:
    """The province of each subject a finding may have: each zone and each procedure with a
    province, and each province (its own). What :meth:`Report.filter` selects a province
    by."""
    provinces: dict[str, str] = {}
    for table in (dataset.zones, dataset.procedures):
        ids = table.typed("id", TextColumn).values()
        province = table.typed("province", CodedColumn)
        for record_id, code in zip(ids, province.codes.tolist(), strict=True):
            if code >= 0:
                provinces[record_id] = province.vocabulary[code]
    for name in list(provinces.values()) + [t.province for t in dataset.targets if t.province]:
        provinces[name] = name
    return provinces


class _CallableModule(types.ModuleType):
    """``industrial_policy.evaluate`` is both this module and the function :func:`evaluate`:
    ``ip.evaluate(dataset, as_of)`` works whether the package attribute is still the
    function or has become the module (importing the module sets it)."""

    def __call__(
        self, dataset: Dataset, as_of: dt.date | str | None = None, **options: Any
    ) -> Report:
        return evaluate(dataset, as_of, **options)


sys.modules[__name__].__class__ = _CallableModule


def _services(dataset: Dataset, day: dt.date, settings: EvaluationSettings) -> list[Report]:
    reports: list[Report] = []
    classification: dict[str, Any] | None = (
        {"switch_date": settings.classification_switch}
        if settings.classification_switch is not None
        else None
    )
    if (
        dataset.procedures
        and settings.procedure_denominator is not None
        and not _undecided_classification(dataset, settings)
    ):
        reports.append(
            procedure_rates(
                dataset,
                as_of=day,
                denominator=settings.procedure_denominator,
                classification=classification,
            )
        )
    if (dataset.dossiers or dataset.dossier_counts) and settings.dossier_periods:
        reports.append(dossier_rates(dataset, periods=settings.dossier_periods))
    if dataset.rate_targets:
        reports.append(track_rate_targets(dataset, as_of=day))
    return reports


def _undecided_classification(dataset: Dataset, settings: EvaluationSettings) -> bool:
    """Procedures recorded only under one decree and others only under the other, and no
    switch date: which classification to report cannot be decided (DOMAIN.md gives none)."""
    if settings.classification_switch is not None:
        return False
    levels = any(
        p.online_level is not None and p.online_service is None for p in dataset.procedures
    )
    services = any(
        p.online_service is not None and p.online_level is None for p in dataset.procedures
    )
    return levels and services
