"""The dataset's consistency checks for procedures' dossiers, offerings, fees and rate targets.

Called from :meth:`industrial_policy.dataset.Dataset.integrity_problems`:

* duplicate ids among dossiers, dossier counts, fees, fee discounts,
  service offerings and rate targets;
* a record naming a procedure the dataset does not hold;
* two offerings of one procedure on one day that disagree;
* two fee lines of one procedure, kind and day charged on the same channel;
* published counts that would count the same dossiers twice (overlapping
  periods of one procedure, or a period covering days that dossier rows of
  the procedure were received on).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from industrial_policy.errors import Problem

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset

__all__ = ["services_problems"]


def _duplicates(field: str, items: Sequence[Any]) -> Iterable[Problem]:
    ids = [item.id for item in items if getattr(item, "id", None) is not None]
    counts = Counter(ids)
    if len(counts) == len(ids):
        return
    for i, item in enumerate(items):
        if item.id is not None and counts[item.id] > 1:
            yield Problem(
                f"{field}[{i}].id",
                f"id {item.id!r} is used by {counts[item.id]} records in {field}",
                item.id,
            )


def _unknown_procedures(field: str, items: Sequence[Any], known: set[str]) -> Iterable[Problem]:
    for i, item in enumerate(items):
        if item.procedure_id not in known:
            who = f" {item.id!r}" if getattr(item, "id", None) else ""
            yield Problem(
                f"{field}[{i}].procedure_id",
                f"{field[:-1].replace('_', ' ')}{who} names procedure {item.procedure_id!r},"
                " which is not in the dataset",
                item.procedure_id,
            )


def services_problems(dataset: Dataset) -> list[Problem]:
    """Every inconsistency among the services records of ``dataset``."""
    dossiers = tuple(getattr(dataset, "dossiers", ()))
    counts = tuple(getattr(dataset, "dossier_counts", ()))
    offerings = tuple(getattr(dataset, "service_offerings", ()))
    fees = tuple(getattr(dataset, "fees", ()))
    discounts = tuple(getattr(dataset, "fee_discounts", ()))
    targets = tuple(getattr(dataset, "rate_targets", ()))
    if not (dossiers or counts or offerings or fees or discounts or targets):
        return []
    problems: list[Problem] = []
    for field, items in (
        ("dossiers", dossiers),
        ("dossier_counts", counts),
        ("service_offerings", offerings),
        ("fees", fees),
        ("fee_discounts", discounts),
        ("rate_targets", targets),
    ):
        problems.extend(_duplicates(field, items))
    known = {p.id for p in dataset.procedures}
    for field, items in (
        ("dossiers", dossiers),
        ("dossier_counts", counts),
        ("service_offerings", offerings),
        ("fees", fees),
    ):
        problems.extend(_unknown_procedures(field, items, known))
    for i, discount in enumerate(discounts):
        for procedure in sorted(discount.procedures - known):
            problems.append(
                Problem(
                    f"fee_discounts[{i}].procedures",
                    f"fee discount {discount.id!r} names procedure {procedure!r}, which is not"
                    " in the dataset",
                    procedure,
                )
            )
    seen: dict[tuple[str, object], tuple[int, Any]] = {}
    for i, offering in enumerate(offerings):
        key = (offering.procedure_id, offering.on)
        value = (offering.online_level, offering.online_service)
        earlier = seen.setdefault(key, (i, value))
        if earlier[0] != i and earlier[1] != value:
            problems.append(
                Problem(
                    f"service_offerings[{i}]",
                    f"procedure {offering.procedure_id!r} has two different offerings on"
                    f" {offering.on.isoformat()} (service_offerings[{earlier[0]}])",
                    offering.ref,
                )
            )
    same_day: dict[tuple[str, object, object], list[int]] = {}
    for i, fee in enumerate(fees):
        same_day.setdefault((fee.procedure_id, fee.kind, fee.effective_from), []).append(i)
    for members in same_day.values():
        for later, i in enumerate(members):
            fee = fees[i]
            # An empty channel set means every channel, so it meets any other line.
            clash = next(
                (
                    j
                    for j in members[:later]
                    if not fee.channels or not fees[j].channels or fee.channels & fees[j].channels
                ),
                None,
            )
            if clash is not None:
                since = fee.effective_from.isoformat() if fee.effective_from else "undated"
                problems.append(
                    Problem(
                        f"fees[{i}]",
                        f"procedure {fee.procedure_id!r} has two {fee.kind.value} fees from"
                        f" {since} charged on the same channel (fees[{clash}]): which one is"
                        " due cannot be told",
                        fee.ref,
                    )
                )
    if counts:
        from industrial_policy.services.aggregation import overlap_problems
        from industrial_policy.services.dossier_table import DossierTable

        table = None
        if dossiers:
            table = dataset._cached(
                "services:dossiers", lambda: DossierTable.from_records(dossiers)
            )
        problems.extend(overlap_problems(counts, table))
    return problems
