"""Model, check and project industrial-zone policy.

Value types for zones, parcels, projects and procedures; areas with pint,
money per currency with dated exchange rates; a rule engine whose findings
explain themselves; target tracking; digital-service rates and fees.

Importing the package is cheap: the names below are loaded on first use,
and no unit registry or rule pack is built until something needs it.

>>> import industrial_policy as ip
>>> ip.parse_area("12 sào Bắc Bộ").to("m**2").magnitude
4320.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from industrial_policy.errors import (
    AmbiguousUnitError,
    CurrencyMismatchError,
    DatasetIntegrityError,
    FileFormatError,
    IndustrialPolicyError,
    InvalidValueError,
    MissingDependencyError,
    MissingExchangeRateError,
    Problem,
    ProblemsError,
    UnknownRecordError,
)

if TYPE_CHECKING:
    from industrial_policy.categories import Category
    from industrial_policy.dataset import Dataset
    from industrial_policy.fileformat import dump, dumps, load, loads
    from industrial_policy.fileformat.schema import schema
    from industrial_policy.findings import (
        Amount,
        Comparator,
        Explanation,
        Finding,
        Report,
        Status,
    )
    from industrial_policy.money import ExchangeRate, ExchangeRates, Money, parse_money
    from industrial_policy.parcels import Parcel, ParcelStatus
    from industrial_policy.periods import Period, parse_deadline, parse_period
    from industrial_policy.projects import CapitalEvent, Origin, ProductionValue, Project
    from industrial_policy.reconciliation import reconcile
    from industrial_policy.reported import ReportedFigure, ReportedMetric, ZoneScope
    from industrial_policy.services.procedures import GovernmentLevel, OnlineService, Procedure
    from industrial_policy.units import parse_area, registry
    from industrial_policy.zones import EconomicZoneType, Zone, ZoneKind, ZoneStatus

__version__ = "0.1.0.dev0"

_LAZY: dict[str, str] = {
    "Category": "industrial_policy.categories",
    "Dataset": "industrial_policy.dataset",
    "dump": "industrial_policy.fileformat",
    "dumps": "industrial_policy.fileformat",
    "load": "industrial_policy.fileformat",
    "loads": "industrial_policy.fileformat",
    "schema": "industrial_policy.fileformat",
    "Amount": "industrial_policy.findings",
    "Comparator": "industrial_policy.findings",
    "Explanation": "industrial_policy.findings",
    "Finding": "industrial_policy.findings",
    "Report": "industrial_policy.findings",
    "Status": "industrial_policy.findings",
    "ExchangeRate": "industrial_policy.money",
    "ExchangeRates": "industrial_policy.money",
    "Money": "industrial_policy.money",
    "parse_money": "industrial_policy.money",
    "Parcel": "industrial_policy.parcels",
    "ParcelStatus": "industrial_policy.parcels",
    "Period": "industrial_policy.periods",
    "parse_deadline": "industrial_policy.periods",
    "parse_period": "industrial_policy.periods",
    "CapitalEvent": "industrial_policy.projects",
    "Origin": "industrial_policy.projects",
    "ProductionValue": "industrial_policy.projects",
    "Project": "industrial_policy.projects",
    "reconcile": "industrial_policy.reconciliation",
    "ReportedFigure": "industrial_policy.reported",
    "ReportedMetric": "industrial_policy.reported",
    "ZoneScope": "industrial_policy.reported",
    "GovernmentLevel": "industrial_policy.services.procedures",
    "OnlineService": "industrial_policy.services.procedures",
    "Procedure": "industrial_policy.services.procedures",
    "parse_area": "industrial_policy.units",
    "registry": "industrial_policy.units",
    "EconomicZoneType": "industrial_policy.zones",
    "Zone": "industrial_policy.zones",
    "ZoneKind": "industrial_policy.zones",
    "ZoneStatus": "industrial_policy.zones",
}

_SUBMODULES = frozenset({"examples", "rules", "services", "targets", "testing", "units"})

__all__ = [
    "AmbiguousUnitError",
    "Amount",
    "CapitalEvent",
    "Category",
    "Comparator",
    "CurrencyMismatchError",
    "Dataset",
    "DatasetIntegrityError",
    "EconomicZoneType",
    "ExchangeRate",
    "ExchangeRates",
    "Explanation",
    "FileFormatError",
    "Finding",
    "GovernmentLevel",
    "IndustrialPolicyError",
    "InvalidValueError",
    "MissingDependencyError",
    "MissingExchangeRateError",
    "Money",
    "OnlineService",
    "Origin",
    "Parcel",
    "ParcelStatus",
    "Period",
    "Problem",
    "ProblemsError",
    "Procedure",
    "ProductionValue",
    "Project",
    "Report",
    "ReportedFigure",
    "ReportedMetric",
    "Status",
    "UnknownRecordError",
    "Zone",
    "ZoneKind",
    "ZoneScope",
    "ZoneStatus",
    "__version__",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_area",
    "parse_deadline",
    "parse_money",
    "parse_period",
    "reconcile",
    "registry",
    "schema",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"industrial_policy.{name}")
    raise AttributeError(f"module 'industrial_policy' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | _SUBMODULES)
