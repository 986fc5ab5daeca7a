"""Published figures: what a source says about one zone or one province, dated and sourced.

Provinces publish figures far more often than records: "industrial land
occupancy of about 63%" (Thái Bình, 2024), "72 enterprises, 90.33 ha
leased" (Quảng Nam), "257 procedures at level 4, 13.6%" (Hải Dương). A
:class:`PublishedFigure` holds one such number about one subject (a zone of
the dataset, or the zones of a province taken together), with the date it
speaks of and its source. The engines use records where they exist and
these figures otherwise, and say which; where both exist,
:func:`industrial_policy.reconciliation.cross_check` compares them.

Three families of measure (:class:`FigureMeasure`):

* **land accounts**, in an area: ``industrial_land`` (for lease), ``leased``,
  ``available``, ``reserved`` (with a ``category``), ``leased`` with a
  ``category`` (leased to such projects); and ``occupancy_rate`` (a share)
  where only the rate is published;
* **counts and amounts**: ``projects_in_effect`` (a stock), ``new_projects``
  and ``adjusted_projects`` (flows, over a period), ``enterprises``,
  ``registered_capital``, ``production_value`` (money), ``workers``;
* **online services**: ``procedures``, ``online_procedures`` (at the
  ``level`` given, 4 by default) and the rates ``online_procedure_rate``,
  ``online_dossier_rate``, ``online_payment_rate``, ``digitised_result_rate``.

How these land figures fit together (the accounting identities that
:func:`~industrial_policy.reconciliation.cross_check` checks):

* ``leased + available = industrial_land`` (of the same subject and date);
* ``occupancy_rate = leased ÷ industrial_land``, never ÷ the total area;
* land reserved for a category may overlap land leased to that category's
  projects (a hi-tech reserve partly leased already): the two are not added
  up. Land "reserved or leased" is then known only to lie between the larger
  of the two and their sum, and a finding built on it says it is a bound.

>>> from industrial_policy.records.figures import PublishedFigure
>>> f = PublishedFigure(id="tb-occupancy", measure="occupancy_rate", value="63%",
...                     comparator="about", province="Thái Bình", on="2024",
...                     source="baothaibinh.com.vn, 2025-03")
>>> f.value, f.day, f.subject
(Amount(value=Decimal('0.63'), unit='ratio'), datetime.date(2024, 12, 31), 'Thái Bình')
>>> f.basis()
'reported by baothaibinh.com.vn, 2025-03 for 2024 (about 63%)'
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy import _fields
from industrial_policy.amounts import Amount, is_currency, read_amount
from industrial_policy.categories import Category
from industrial_policy.comparators import Comparator
from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import Period, deadline_date
from industrial_policy.records.targets import when_field
from industrial_policy.records.zones import ZoneKind

__all__ = [
    "AREA_MEASURES",
    "COUNT_MEASURES",
    "MONEY_MEASURES",
    "RATE_MEASURES",
    "FigureMeasure",
    "PublishedFigure",
]


class FigureMeasure(enum.StrEnum):
    """What a published figure measures about its subject."""

    # land accounts: areas, and the occupancy rate
    INDUSTRIAL_LAND = "industrial_land"
    LEASED = "leased"
    AVAILABLE = "available"
    RESERVED = "reserved"
    OCCUPANCY_RATE = "occupancy_rate"
    # counts and amounts
    PROJECTS_IN_EFFECT = "projects_in_effect"
    NEW_PROJECTS = "new_projects"
    ADJUSTED_PROJECTS = "adjusted_projects"
    ENTERPRISES = "enterprises"
    REGISTERED_CAPITAL = "registered_capital"
    PRODUCTION_VALUE = "production_value"
    WORKERS = "workers"
    # online public services
    PROCEDURES = "procedures"
    ONLINE_PROCEDURES = "online_procedures"
    ONLINE_PROCEDURE_RATE = "online_procedure_rate"
    ONLINE_DOSSIER_RATE = "online_dossier_rate"
    ONLINE_PAYMENT_RATE = "online_payment_rate"
    DIGITISED_RESULT_RATE = "digitised_result_rate"

    @property
    def words(self) -> str:
        """The measure as a reader says it: ``'industrial land leased'``."""
        return _WORDS.get(self, self.value.replace("_", " "))


_WORDS = {
    FigureMeasure.INDUSTRIAL_LAND: "industrial land for lease",
    FigureMeasure.LEASED: "industrial land leased",
    FigureMeasure.AVAILABLE: "industrial land available for lease",
    FigureMeasure.RESERVED: "land reserved",
    FigureMeasure.OCCUPANCY_RATE: "occupancy rate",
}

AREA_MEASURES = frozenset(
    {
        FigureMeasure.INDUSTRIAL_LAND,
        FigureMeasure.LEASED,
        FigureMeasure.AVAILABLE,
        FigureMeasure.RESERVED,
    }
)
RATE_MEASURES = frozenset(
    {
        FigureMeasure.OCCUPANCY_RATE,
        FigureMeasure.ONLINE_PROCEDURE_RATE,
        FigureMeasure.ONLINE_DOSSIER_RATE,
        FigureMeasure.ONLINE_PAYMENT_RATE,
        FigureMeasure.DIGITISED_RESULT_RATE,
    }
)
MONEY_MEASURES = frozenset({FigureMeasure.REGISTERED_CAPITAL, FigureMeasure.PRODUCTION_VALUE})
COUNT_MEASURES = frozenset(FigureMeasure) - AREA_MEASURES - RATE_MEASURES - MONEY_MEASURES
_FLOWS = frozenset({FigureMeasure.NEW_PROJECTS, FigureMeasure.ADJUSTED_PROJECTS})


def _value(value: object, instance: Any, field: attrs.Attribute[Any]) -> Amount:
    """An amount whose unit fits the figure's measure (checked here, where it is read)."""
    try:
        amount = read_amount(value)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)
    measure = getattr(instance, "measure", None)
    unit = amount.unit
    if measure in AREA_MEASURES:
        ok, wanted = unit == "hectare", "an area, such as '90.33 ha'"
    elif measure in RATE_MEASURES:
        ok, wanted = unit == "ratio", "a share, such as '63%'"
    elif measure in MONEY_MEASURES:
        ok, wanted = is_currency(unit), "money, such as '19866 billion VND'"
    else:
        whole = unit in ("number", "count") and float(amount.value) == int(amount.value)
        ok, wanted = whole, "a whole number, such as 72"
        if ok:
            amount = Amount(int(amount.value), "count")
    if not ok:
        what = measure.value if isinstance(measure, FigureMeasure) else "this measure"
        _fields.fail(instance, field, value, f"{what} is {wanted}")
    if float(amount.value) < 0 or (unit == "ratio" and float(amount.value) > 1):
        _fields.fail(instance, field, value, "must not be negative (a rate at most 100%)")
    return amount


@_fields.typed_init
@attrs.frozen(kw_only=True, init=False)
class PublishedFigure:
    """One figure a source published about one zone or one province.

    ``zone_id`` names a zone of the dataset, or ``province`` names a
    province (the zones of ``zone_kind`` in it taken together: industrial
    parks, export-processing zones and hi-tech parks by default); exactly
    one of the two. ``on`` is the date the figure speaks of, or the period
    of a flow (``"2024"`` for projects licensed in 2024); a period stands for
    its last day where a date is needed. ``value`` is written as for a
    target (``"90.33 ha"``, ``"63%"``, ``72``, ``"19866 billion VND"``) and
    must fit the measure. ``category`` narrows a land or count figure to
    projects or land of one category (land reserved for hi-tech industry);
    ``level`` says which online level ``online_procedures`` and
    ``online_procedure_rate`` count (4 unless said). ``comparator`` is how
    the number was published when not exactly (``"about"``, ``"more_than"``).
    ``series`` makes a published rate a value of that series for the rate targets
    (:class:`~industrial_policy.records.rate_targets.RateTarget`) that track it, as an
    observation of it would be: Hải Dương's 13.6% at level 4 is the baseline of the series
    its targets on level 4 follow.
    """

    id: str = _fields.identifier()
    measure: FigureMeasure = _fields.choice(FigureMeasure)
    value: Amount = _fields.amount(_value)
    on: dt.date | Period = _fields.converted(when_field)
    source: str = _fields.text()
    zone_id: str | None = _fields.reference("zones", optional=True)
    province: str | None = _fields.text(optional=True)
    zone_kind: ZoneKind | None = _fields.choice(ZoneKind, optional=True)
    category: Category | None = _fields.choice(Category, optional=True)
    level: int | None = _fields.count(optional=True, minimum=1)
    comparator: Comparator | None = _fields.choice(Comparator, optional=True)
    series: str | None = _fields.identifier(optional=True)
    description: str | None = _fields.text(optional=True, repeats=False)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            *,
            id: str,
            measure: FigureMeasure | str,
            value: _fields.AmountInput,
            on: _fields.WhenInput,
            source: str,
            zone_id: str | None = ...,
            province: str | None = ...,
            zone_kind: ZoneKind | str | None = ...,
            category: Category | str | None = ...,
            level: int | None = ...,
            comparator: Comparator | str | None = ...,
            series: str | None = ...,
            description: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    def __attrs_post_init__(self) -> None:
        if (self.zone_id is None) == (self.province is None):
            raise InvalidValueError(
                "a published figure is about one zone (zone_id) or one province (province),"
                " exactly one of the two",
                value=self.zone_id or self.province,
                field="zone_id",
                record_type="PublishedFigure",
                record_id=self.id,
            )
        if self.measure is FigureMeasure.RESERVED and self.category is None:
            raise InvalidValueError(
                "land reserved is reserved for a category: give category (e.g. 'hi_tech')",
                value=None,
                field="category",
                record_type="PublishedFigure",
                record_id=self.id,
            )
        if self.series is not None and self.measure not in RATE_MEASURES:
            raise InvalidValueError(
                "only a rate is a value of a rate target's series: "
                + ", ".join(sorted(m.value for m in RATE_MEASURES)),
                value=self.series,
                field="series",
                record_type="PublishedFigure",
                record_id=self.id,
            )
        if self.measure in _FLOWS and not isinstance(self.on, Period):
            raise InvalidValueError(
                f"{self.measure.value} is a flow: give the period it covers (on = '2024')",
                value=self.on,
                field="on",
                record_type="PublishedFigure",
                record_id=self.id,
            )

    @property
    def day(self) -> dt.date:
        """The date the figure speaks of: ``on``, or the last day of the period ``on``."""
        return deadline_date(self.on)

    @property
    def subject(self) -> str:
        """The zone id or the province name."""
        return self.zone_id if self.zone_id is not None else str(self.province)

    @property
    def subject_kind(self) -> str:
        return "zone" if self.zone_id is not None else "province"

    def when_text(self) -> str:
        return f"for {self.on.label}" if isinstance(self.on, Period) else f"as of {self.on}"

    def value_text(self) -> str:
        """The figure as published: ``'about 63%'``."""
        text = str(self.value)
        return f"{self.comparator.words} {text}" if self.comparator is not None else text

    def basis(self) -> str:
        """What a finding built on this figure says of it."""
        note = " (illustrative)" if self.illustrative else ""
        return f"reported by {self.source} {self.when_text()} ({self.value_text()}){note}"
