"""Administrative procedures, their online service levels, rates and fees.

* value types: :class:`Procedure`, :class:`ServiceOffering` (a dated
  level), :class:`Dossier` and :class:`DossierCount`, :class:`Fee` and
  :class:`FeeDiscount`, :class:`RateTarget`;
* the two classifications and their mapping: :class:`Classification`,
  :class:`LevelMapping`, :class:`ClassificationRule`;
* rates as findings: :func:`procedure_rates`, :func:`dossier_rates`, with
  :class:`DossierTable` for millions of rows; :func:`implied_denominator`;
* targets on rates: :func:`track_rate_targets`, :func:`rate_observations`;
* fees: :func:`fee_due`, :class:`FeeBook`, :func:`fees_forgone`.

See ``docs/services.md``. The computations (numpy) load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from industrial_policy.services.procedures import (
    GovernmentLevel,
    OnlineService,
    Procedure,
)

if TYPE_CHECKING:
    from industrial_policy.services.aggregation import dossier_rates
    from industrial_policy.services.classification import (
        Classification,
        ClassificationRule,
        LevelMapping,
    )
    from industrial_policy.services.dossier_table import DossierTable
    from industrial_policy.services.dossiers import Channel, Dossier, DossierCount, Payment
    from industrial_policy.services.fees import (
        Fee,
        FeeBook,
        FeeDiscount,
        FeeDue,
        FeeKind,
        Stacking,
        fee_due,
    )
    from industrial_policy.services.grouping import GroupBy
    from industrial_policy.services.implied import ImpliedDenominator, implied_denominator
    from industrial_policy.services.offerings import ServiceOffering
    from industrial_policy.services.rate_targets import (
        RateTarget,
        RateTargetKind,
        rate_observations,
        track_rate_targets,
        trajectory,
    )
    from industrial_policy.services.rates import Denominator, procedure_rates
    from industrial_policy.services.revenue import fees_forgone
    from industrial_policy.services.tally import Rate, RateRequirement

__all__ = [
    "Channel",
    "Classification",
    "ClassificationRule",
    "Denominator",
    "Dossier",
    "DossierCount",
    "DossierTable",
    "Fee",
    "FeeBook",
    "FeeDiscount",
    "FeeDue",
    "FeeKind",
    "GovernmentLevel",
    "GroupBy",
    "ImpliedDenominator",
    "LevelMapping",
    "OnlineService",
    "Payment",
    "Procedure",
    "Rate",
    "RateRequirement",
    "RateTarget",
    "RateTargetKind",
    "ServiceOffering",
    "Stacking",
    "dossier_rates",
    "fee_due",
    "fees_forgone",
    "implied_denominator",
    "procedure_rates",
    "rate_observations",
    "track_rate_targets",
    "trajectory",
]

_LAZY = {
    "Classification": "classification",
    "ClassificationRule": "classification",
    "LevelMapping": "classification",
    "dossier_rates": "aggregation",
    "DossierTable": "dossier_table",
    "Channel": "dossiers",
    "Dossier": "dossiers",
    "DossierCount": "dossiers",
    "Payment": "dossiers",
    "Fee": "fees",
    "FeeBook": "fees",
    "FeeDiscount": "fees",
    "FeeDue": "fees",
    "FeeKind": "fees",
    "Stacking": "fees",
    "fee_due": "fees",
    "GroupBy": "grouping",
    "ImpliedDenominator": "implied",
    "implied_denominator": "implied",
    "ServiceOffering": "offerings",
    "RateTarget": "rate_targets",
    "RateTargetKind": "rate_targets",
    "rate_observations": "rate_targets",
    "track_rate_targets": "rate_targets",
    "trajectory": "rate_targets",
    "Denominator": "rates",
    "procedure_rates": "rates",
    "fees_forgone": "revenue",
    "Rate": "tally",
    "RateRequirement": "tally",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'industrial_policy.services' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"industrial_policy.services.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
