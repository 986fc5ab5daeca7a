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
    MappingError,
    MissingDependencyError,
    MissingExchangeRateError,
    Problem,
    ProblemsError,
    TableError,
    UnknownRecordError,
)

if TYPE_CHECKING:
    from industrial_policy import rules as rules
    from industrial_policy import services as services
    from industrial_policy import tracking as targets  # noqa: F401  (ip.targets)
    from industrial_policy.amounts import Amount
    from industrial_policy.categories import Category
    from industrial_policy.comparators import Comparator
    from industrial_policy.dataset import Dataset
    from industrial_policy.evaluate import evaluate
    from industrial_policy.findings import Explanation, Finding, FindingKind, Report, Status
    from industrial_policy.i18n import get_language, language, set_language
    from industrial_policy.io import dump, dumps, load, loads
    from industrial_policy.io.arrow import from_frames, to_frames
    from industrial_policy.io.mapping import ColumnMapping, TableMapping, load_mapping
    from industrial_policy.io.schema import schema
    from industrial_policy.io.tables import (
        TableNote,
        read,
        read_csv,
        read_excel,
        read_frames,
        read_parquet,
    )
    from industrial_policy.money import ExchangeRate, ExchangeRates, Money, parse_money
    from industrial_policy.periods import Period, parse_deadline, parse_period
    from industrial_policy.plots import plot
    from industrial_policy.reconciliation import cross_check, reconcile
    from industrial_policy.records.figures import FigureMeasure, PublishedFigure
    from industrial_policy.records.parcels import Parcel, ParcelStatus
    from industrial_policy.records.procedures import GovernmentLevel, OnlineService, Procedure
    from industrial_policy.records.projects import CapitalEvent, Origin, ProductionValue, Project
    from industrial_policy.records.reported import ReportedFigure, ReportedMetric, ZoneScope
    from industrial_policy.records.zones import EconomicZoneType, Zone, ZoneKind, ZoneStatus
    from industrial_policy.units import parse_area, registry

__version__ = "0.1.0.dev0"

_LAZY: dict[str, str] = {
    "get_language": "industrial_policy.i18n",
    "language": "industrial_policy.i18n",
    "set_language": "industrial_policy.i18n",
    "Amount": "industrial_policy.amounts",
    "Category": "industrial_policy.categories",
    "Comparator": "industrial_policy.comparators",
    "Dataset": "industrial_policy.dataset",
    "dump": "industrial_policy.io",
    "dumps": "industrial_policy.io",
    "load": "industrial_policy.io",
    "loads": "industrial_policy.io",
    "schema": "industrial_policy.io",
    "ColumnMapping": "industrial_policy.io.mapping",
    "TableMapping": "industrial_policy.io.mapping",
    "load_mapping": "industrial_policy.io.mapping",
    "TableNote": "industrial_policy.io.tables",
    "read": "industrial_policy.io.tables",
    "read_csv": "industrial_policy.io.tables",
    "read_excel": "industrial_policy.io.tables",
    "read_frames": "industrial_policy.io.tables",
    "read_parquet": "industrial_policy.io.tables",
    "from_frames": "industrial_policy.io.arrow",
    "to_frames": "industrial_policy.io.arrow",
    "Explanation": "industrial_policy.findings",
    "Finding": "industrial_policy.findings",
    "FindingKind": "industrial_policy.findings",
    "evaluate": "industrial_policy.evaluate",
    "Report": "industrial_policy.findings",
    "Status": "industrial_policy.findings",
    "ExchangeRate": "industrial_policy.money",
    "ExchangeRates": "industrial_policy.money",
    "Money": "industrial_policy.money",
    "parse_money": "industrial_policy.money",
    "Parcel": "industrial_policy.records.parcels",
    "ParcelStatus": "industrial_policy.records.parcels",
    "Period": "industrial_policy.periods",
    "parse_deadline": "industrial_policy.periods",
    "parse_period": "industrial_policy.periods",
    "plot": "industrial_policy.plots",
    "CapitalEvent": "industrial_policy.records.projects",
    "Origin": "industrial_policy.records.projects",
    "ProductionValue": "industrial_policy.records.projects",
    "Project": "industrial_policy.records.projects",
    "reconcile": "industrial_policy.reconciliation",
    "cross_check": "industrial_policy.reconciliation",
    "FigureMeasure": "industrial_policy.records.figures",
    "PublishedFigure": "industrial_policy.records.figures",
    "ReportedFigure": "industrial_policy.records.reported",
    "ReportedMetric": "industrial_policy.records.reported",
    "ZoneScope": "industrial_policy.records.reported",
    "GovernmentLevel": "industrial_policy.records.procedures",
    "OnlineService": "industrial_policy.records.procedures",
    "Procedure": "industrial_policy.records.procedures",
    "parse_area": "industrial_policy.units",
    "registry": "industrial_policy.units",
    "EconomicZoneType": "industrial_policy.records.zones",
    "Zone": "industrial_policy.records.zones",
    "ZoneKind": "industrial_policy.records.zones",
    "ZoneStatus": "industrial_policy.records.zones",
}

# Subpackages and modules reachable as attributes (``ip.tracking.track``), imported on first use.
# ``ip.evaluate`` is the function that runs them all (its module is callable as well).
_SUBMODULES = frozenset(
    {
        "dataset",
        "examples",
        "io",
        "records",
        "rules",
        "services",
        "testing",
        "tracking",
        "units",
    }
)

# The parts ``ip.evaluate`` runs, by what they check: ``ip.rules``, ``ip.targets`` (the target
# tracking engine, ``industrial_policy.tracking``) and ``ip.services``.
_ALIASES = {"targets": "industrial_policy.tracking"}

__all__ = [
    "AmbiguousUnitError",
    "Amount",
    "CapitalEvent",
    "Category",
    "ColumnMapping",
    "Comparator",
    "CurrencyMismatchError",
    "Dataset",
    "DatasetIntegrityError",
    "EconomicZoneType",
    "ExchangeRate",
    "ExchangeRates",
    "Explanation",
    "FigureMeasure",
    "FileFormatError",
    "Finding",
    "FindingKind",
    "GovernmentLevel",
    "IndustrialPolicyError",
    "InvalidValueError",
    "MappingError",
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
    "PublishedFigure",
    "Report",
    "ReportedFigure",
    "ReportedMetric",
    "Status",
    "TableError",
    "TableMapping",
    "TableNote",
    "UnknownRecordError",
    "Zone",
    "ZoneKind",
    "ZoneScope",
    "ZoneStatus",
    "__version__",
    "cross_check",
    "dump",
    "dumps",
    "evaluate",
    "from_frames",
    "get_language",
    "language",
    "load",
    "load_mapping",
    "loads",
    "parse_area",
    "parse_deadline",
    "parse_money",
    "parse_period",
    "plot",
    "read",
    "read_csv",
    "read_excel",
    "read_frames",
    "read_parquet",
    "reconcile",
    "registry",
    "schema",
    "set_language",
    "to_frames",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"industrial_policy.{name}")
    if name in _ALIASES:
        return importlib.import_module(_ALIASES[name])
    raise AttributeError(f"module 'industrial_policy' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(__all__) | _SUBMODULES | set(_ALIASES))
