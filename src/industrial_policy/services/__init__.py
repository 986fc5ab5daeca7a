"""Digital-service engines: online service levels, rates, fees and targets on rates.

The record kinds (:class:`Procedure`, :class:`ServiceOffering`,
:class:`Dossier` and :class:`DossierCount`, :class:`DossierTable`,
:class:`Fee` and :class:`FeeDiscount`, :class:`RateTarget`) live in
:mod:`industrial_policy.records` and are re-exported here. The engines:

* the two classifications and their mapping: :class:`Classification`,
  :class:`LevelMapping`, :class:`ClassificationRule`;
* rates as findings: :func:`procedure_rates`, :func:`dossier_rates`;
  :func:`implied_denominator`;
* targets on rates: :func:`track_rate_targets`, :func:`rate_observations`;
* fees: :func:`fee_due`, :class:`FeeBook`, :func:`fees_forgone`.

See ``docs/services.md``.
"""

from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import Channel, Dossier, DossierCount, Payment
from industrial_policy.records.fees import Fee, FeeDiscount, FeeKind, Stacking
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.procedures import GovernmentLevel, OnlineService, Procedure
from industrial_policy.records.rate_targets import RateTarget, RateTargetKind
from industrial_policy.services.aggregation import dossier_rates
from industrial_policy.services.classification import (
    Classification,
    ClassificationRule,
    LevelMapping,
)
from industrial_policy.services.fees import FeeBook, FeeDue, fee_due
from industrial_policy.services.grouping import GroupBy
from industrial_policy.services.implied import ImpliedDenominator, implied_denominator
from industrial_policy.services.rate_targets import (
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
