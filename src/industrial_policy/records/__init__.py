"""Record kinds: the attrs value types a dataset holds, one module per kind.

Each module defines one kind of record with its enums and the converters
that check what a user writes; none computes anything across records, and
none knows the dataset or an engine. They import the foundations and, in
this order only, each other:

==================  ===========================================================
module              records
==================  ===========================================================
``zones``           :class:`Zone` and its kinds, statuses, economic-zone types
``parcels``         :class:`Parcel`, :class:`ParcelStatus`
``projects``        :class:`Project`, :class:`CapitalEvent`, :class:`ProductionValue`
``procedures``      :class:`Procedure` and its online service level
``offerings``       :class:`ServiceOffering`: a procedure's level from a date
``dossiers``        :class:`Dossier`, :class:`DossierCount`
``dossier_table``   :class:`DossierTable`: dossiers as numpy columns
``fees``            :class:`Fee`, :class:`FeeDiscount`
``reported``        :class:`ReportedFigure`, :class:`ZoneScope`
``targets``         :class:`Target`: what a plan promises
``observations``    :class:`Observation`: a reported value of a target's quantity
``figures``         :class:`PublishedFigure`: a dated, sourced figure about a zone or province
``rate_targets``    :class:`RateTarget`: a target on a rate
==================  ===========================================================

>>> from industrial_policy.records import Zone
>>> Zone(id="kcn-a", name="KCN A", kind="industrial_park", province="Hải Dương",
...      total_area="150 ha").total_area
<Quantity(150.0, 'hectare')>
"""

from industrial_policy.records.dossier_table import DossierTable
from industrial_policy.records.dossiers import Channel, Dossier, DossierCount, Payment
from industrial_policy.records.fees import Fee, FeeDiscount, FeeKind, Stacking
from industrial_policy.records.figures import FigureMeasure, PublishedFigure
from industrial_policy.records.observations import Observation
from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.parcels import Parcel, ParcelStatus
from industrial_policy.records.procedures import GovernmentLevel, OnlineService, Procedure
from industrial_policy.records.projects import (
    CapitalEvent,
    CapitalEventKind,
    Origin,
    ProductionValue,
    Project,
)
from industrial_policy.records.rate_targets import RateTarget, RateTargetKind
from industrial_policy.records.reported import ReportedFigure, ReportedMetric, ZoneScope
from industrial_policy.records.targets import (
    Actuals,
    Baseline,
    CapitalFlow,
    GrowthUnit,
    Measure,
    Metric,
    Target,
    TargetKind,
)
from industrial_policy.records.zones import EconomicZoneType, Zone, ZoneKind, ZoneStatus

__all__ = [
    "Actuals",
    "Baseline",
    "CapitalEvent",
    "CapitalEventKind",
    "CapitalFlow",
    "Channel",
    "Dossier",
    "DossierCount",
    "DossierTable",
    "EconomicZoneType",
    "Fee",
    "FeeDiscount",
    "FeeKind",
    "FigureMeasure",
    "GovernmentLevel",
    "GrowthUnit",
    "Measure",
    "Metric",
    "Observation",
    "OnlineService",
    "Origin",
    "Parcel",
    "ParcelStatus",
    "Payment",
    "Procedure",
    "ProductionValue",
    "Project",
    "PublishedFigure",
    "RateTarget",
    "RateTargetKind",
    "ReportedFigure",
    "ReportedMetric",
    "ServiceOffering",
    "Stacking",
    "Target",
    "TargetKind",
    "Zone",
    "ZoneKind",
    "ZoneScope",
    "ZoneStatus",
]
