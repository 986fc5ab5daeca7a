"""Targets: what a plan promises, as a number that can be checked.

The targets in provincial plans are not one kind of number (DOMAIN.md §6):

* a **stock** at a date: "about 250 hi-tech and supporting-industry
  businesses by 2025", "369 projects in effect";
* a **flow** over a period: "over 500 million USD into industrial parks in
  2024", "2 to 5 new industrial parks in 2021–2025";
* a **cumulative** flow since a start: "72 enterprises and 90.33 ha leased
  since 2018";
* a **share**: "HSI production value about 25% of the industrial sector's";
* a **growth** against a base: "industrial production value +22% on 2024",
  "construction value +15 to 17%", "+20% a year" (relative, compounding) or
  "+20 percentage points a year": the user must say which.

A :class:`Target` names its metric (computed from the dataset's records, or
fed as observations), its kind, a comparator from
:class:`~industrial_policy.comparators.Comparator`, the value or range, the
subject (a province, a zone with the zones inside it, or the whole
dataset), an optional baseline and a deadline.

>>> from industrial_policy.records import Target
>>> t = Target(id="hn-fdi-2024", title="Over 500 million USD into industrial parks in 2024",
...            metric="registered_capital", kind="flow", comparator="more_than",
...            value="500 million USD", deadline="2024", province="Hà Nội")
>>> t.level_unit, str(t.window_of()), t.measure.value
('USD', '2024', 'flow')
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from industrial_policy import _fields
from industrial_policy.amounts import (
    COUNT,
    HECTARE,
    POINTS,
    RATIO,
    Amount,
    is_currency,
    read_amount,
    resolve,
)
from industrial_policy.categories import Category
from industrial_policy.comparators import Comparator
from industrial_policy.errors import InvalidValueError
from industrial_policy.periods import (
    Period,
    deadline_date,
    parse_date,
    parse_deadline,
    parse_period,
)
from industrial_policy.records.projects import Origin
from industrial_policy.records.reported import INDUSTRIAL_ZONE_KINDS
from industrial_policy.records.zones import ZoneKind

__all__ = [
    "Actuals",
    "Baseline",
    "CapitalFlow",
    "GrowthUnit",
    "Measure",
    "Metric",
    "Target",
    "TargetKind",
    "read_when",
    "when_field",
]

_RANGE_RTOL = 1e-9


class TargetKind(enum.StrEnum):
    """What kind of number the target is (DOMAIN.md §6)."""

    STOCK = "stock"  # a level at a date
    FLOW = "flow"  # a sum over a period
    CUMULATIVE = "cumulative"  # a sum since a start date
    SHARE = "share"  # a part over the whole
    GROWTH = "growth"  # a change against a base


class Measure(enum.StrEnum):
    """How the metric is taken in time: at a date, over a period, or since a start."""

    STOCK = "stock"
    FLOW = "flow"
    CUMULATIVE = "cumulative"


class Metric(enum.StrEnum):
    """What is counted. All but ``observed`` are computed from the dataset's records.

    * ``projects``: projects in effect at a date (stock); projects licensed
      (or adjusted, see :class:`CapitalFlow`) in a period (flow);
    * ``businesses``: distinct investors of those projects;
    * ``registered_capital``: capital of the projects in effect (stock: licence
      plus adjustments); capital registered in a period (flow: new, adjusted
      or both);
    * ``production_value``: the projects' yearly production value (flow);
    * ``zones_established``: zones established by a date (stock) or in a
      period (flow);
    * ``area_leased``: industrial land under lease at a date (stock), or
      leases that started in a period (flow);
    * ``observed``: a quantity the dataset does not hold (construction value,
      a share of procedures): only observations feed it.
    """

    PROJECTS = "projects"
    BUSINESSES = "businesses"
    REGISTERED_CAPITAL = "registered_capital"
    PRODUCTION_VALUE = "production_value"
    ZONES_ESTABLISHED = "zones_established"
    AREA_LEASED = "area_leased"
    OBSERVED = "observed"

    @property
    def is_money(self) -> bool:
        return self in (Metric.REGISTERED_CAPITAL, Metric.PRODUCTION_VALUE)

    @property
    def is_project_based(self) -> bool:
        return self in (
            Metric.PROJECTS,
            Metric.BUSINESSES,
            Metric.REGISTERED_CAPITAL,
            Metric.PRODUCTION_VALUE,
        )


class CapitalFlow(enum.StrEnum):
    """Which capital events a flow counts: licences, adjustments, or both."""

    NEW = "new"  # licensed (cấp mới)
    ADJUSTED = "adjusted"  # capital adjusted (điều chỉnh)
    ALL = "all"  # new and adjusted together


class GrowthUnit(enum.StrEnum):
    """A growth target is relative ("+22%") or in percentage points ("+5 pp"). No default."""

    RELATIVE = "relative"
    PERCENTAGE_POINTS = "percentage_points"


class Actuals(enum.StrEnum):
    """Where the actual values come from.

    ``auto`` uses the dataset's records when it holds records of the metric
    for the subject, and the observations otherwise; ``records`` and
    ``observations`` force one of them. See ``docs/targets.md``.
    """

    AUTO = "auto"
    RECORDS = "records"
    OBSERVATIONS = "observations"


def read_when(
    value: object,
    *,
    field: str | None = None,
    record_type: str | None = None,
    record_id: str | None = None,
) -> dt.date | Period:
    """A date (``"2024-12-31"``, ``"end of 2024"``) or a period (``"2024"``, ``"Q1 2025"``).

    Read as a deadline is (:func:`~industrial_policy.periods.parse_deadline`), as the
    dataset file loader reads every date-or-period field.

    >>> str(read_when("2024")), read_when("2024-12-31"), read_when("end of 2024")
    ('2024', datetime.date(2024, 12, 31), datetime.date(2024, 12, 31))
    """
    where = {"field": field, "record_type": record_type, "record_id": record_id}
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.date):
        return parse_date(value, **where)
    return parse_deadline(value, **where)  # type: ignore[arg-type]


def when_field(value: object, instance: object, field: attrs.Attribute[Any]) -> dt.date | Period:
    """The converter of a date-or-period field (:func:`read_when`, located at the field)."""
    try:
        return read_when(value)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


def _optional_amount(value: object, instance: object, field: attrs.Attribute[Any]) -> Amount | None:
    if value is None:
        return None
    try:
        return read_amount(value)
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)


@_fields.typed_init
@attrs.frozen(init=False)
class Baseline:
    """Where the target starts from: a value on a date or over a period.

    ``value`` is optional: without it the tracker computes the baseline from
    the dataset (or the observations) on ``on``. For a stock, a period means
    its last day; for a growth of a flow, ``on`` is the base period
    ("+22% on 2024").
    """

    on: dt.date | Period = _fields.converted(when_field)
    value: Amount | None = _fields.converted(_optional_amount, default=None)
    source: str | None = _fields.text(optional=True)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            on: _fields.WhenInput,
            value: _fields.AmountInput | None = ...,
            source: str | None = ...,
        ) -> None: ...

    @property
    def day(self) -> dt.date:
        """The baseline's date: ``on``, or the last day of the period ``on``."""
        return deadline_date(self.on)


# -- converters that need the fields set before them ---------------------------------------------


def _location(instance: object, field: attrs.Attribute[Any]) -> dict[str, Any]:
    return {
        "field": field.name,
        "record_type": type(instance).__name__,
        "record_id": _fields.record_id_of(instance),
    }


def _deadline(value: object, instance: object, field: attrs.Attribute[Any]) -> dt.date | Period:
    if isinstance(value, Period | dt.date):
        return (
            value if isinstance(value, Period) else parse_date(value, **_location(instance, field))
        )
    return parse_deadline(value, **_location(instance, field))  # type: ignore[arg-type]


def _optional_period(value: object, instance: object, field: attrs.Attribute[Any]) -> Period | None:
    if value is None:
        return None
    return parse_period(value, **_location(instance, field))  # type: ignore[arg-type]


def _optional_start(value: object, instance: object, field: attrs.Attribute[Any]) -> dt.date | None:
    """A start date; a period stands for its first day ("since 2018" is 2018-01-01)."""
    if value is None:
        return None
    when = when_field(value, instance, field)
    return when.start if isinstance(when, Period) else when


def _currency_code(value: object, instance: object, field: attrs.Attribute[Any]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not is_currency(value.strip().upper()):
        _fields.fail(instance, field, value, "a currency is a three-letter code such as 'VND'")
    return value.strip().upper()


def _observed_unit(value: object, instance: object, field: attrs.Attribute[Any]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        _fields.fail(instance, field, value, "must be text")
    text = value.strip()
    if text in ("ha", "hectares"):
        text = HECTARE
    if text not in (COUNT, RATIO, HECTARE) and not is_currency(text):
        _fields.fail(
            instance,
            field,
            value,
            "must be 'count', 'ratio' (a share), 'hectare' or a currency code such as 'VND'",
        )
    return text


def _share_default(instance: Target) -> bool:
    return instance.kind is TargetKind.SHARE


def _basis(value: object, instance: Any, field: attrs.Attribute[Any]) -> Measure | None:
    if value is None:
        return None
    converter = _fields.choice(Measure).converter
    measure: Measure = converter(value, instance, field)
    return measure


_MONEY = "money"  # a placeholder unit: money whose currency the value itself will say


def _level_unit_of(instance: Any) -> str:
    """The unit of the metric's level, from the fields set before the value."""
    if instance.share:
        return RATIO
    metric: Metric = instance.metric
    if metric is Metric.OBSERVED:
        return instance.unit or _MONEY
    if metric.is_money:
        return instance.currency or _MONEY
    if metric is Metric.AREA_LEASED:
        return HECTARE
    return COUNT


def _threshold_unit_of(instance: Any) -> str:
    if instance.kind is TargetKind.GROWTH:
        return RATIO if instance.growth_unit is GrowthUnit.RELATIVE else POINTS
    return _level_unit_of(instance)


def _in_unit(
    amount: Amount,
    unit: str,
    instance: Any,
    field: attrs.Attribute[Any],
    *,
    share: bool = False,
    any_currency: bool = False,
) -> Amount:
    where = _location(instance, field)
    if unit == _MONEY:
        if not is_currency(amount.unit) and instance.metric is Metric.OBSERVED:
            raise InvalidValueError(
                "an observed metric needs its unit: 'count', 'ratio', 'hectare' or a currency",
                value=None,
                **{**where, "field": "unit"},
            )
        if not is_currency(amount.unit):
            what = "an amount of money" if instance.metric.is_money else "an amount with its unit"
            raise InvalidValueError(
                f"{instance.metric.value} needs {what}, such as '1.2 billion USD'",
                value=amount.value,
                **where,
            )
        return amount
    resolved = resolve(amount, unit, share=share, **where)
    if is_currency(unit) and resolved.unit != unit and not any_currency:
        raise InvalidValueError(
            f"the target counts money in {unit}; write this amount in {unit} too",
            value=str(resolved),
            **where,
        )
    return resolved


def _threshold(value: object, instance: Any, field: attrs.Attribute[Any]) -> Amount:
    try:
        amount = read_amount(value, **_location(instance, field))
    except InvalidValueError as exc:
        _fields.relocate(instance, field, exc)
    if instance.kind is TargetKind.GROWTH and instance.growth_unit is None:
        # Reported by the growth_unit check, with the fix; keep the value readable here.
        return amount
    share = instance.share and instance.kind is not TargetKind.GROWTH
    return _in_unit(amount, _threshold_unit_of(instance), instance, field, share=share)


def _optional_threshold(value: object, instance: Any, field: attrs.Attribute[Any]) -> Amount | None:
    if value is None:
        return None
    amount = _threshold(value, instance, field)
    if is_currency(amount.unit) and is_currency(instance.value.unit):
        return _in_unit(amount, instance.value.unit, instance, field)
    return amount


def _baseline(value: object, instance: Any, field: attrs.Attribute[Any]) -> Baseline | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        try:
            value = Baseline(**value)
        except TypeError:
            _fields.fail(instance, field, value, "a baseline has the fields on, value and source")
        except InvalidValueError as exc:
            raise InvalidValueError(
                exc.reason,
                value=exc.value,
                field=f"baseline.{exc.field}" if exc.field else "baseline",
                record_type="Target",
                record_id=_fields.record_id_of(instance),
            ) from None
    if not isinstance(value, Baseline):
        _fields.fail(instance, field, value, "must be a Baseline or a table {on, value, source}")
    if value.value is None:
        return value
    # A baseline in another currency is converted at its date by the tracker.
    resolved = _in_unit(
        value.value,
        _level_unit_of(instance),
        instance,
        field,
        share=_level_unit_of(instance) == RATIO,
        any_currency=True,
    )
    return attrs.evolve(value, value=resolved)


def _series(value: object, instance: object, field: attrs.Attribute[Any]) -> str | None:
    if value is None:
        return None
    converter = _fields.identifier().converter
    result: str = converter(value, instance, field)
    return result


def _zone_kinds(
    value: object, instance: object, field: attrs.Attribute[Any]
) -> frozenset[ZoneKind]:
    if value is None:
        return INDUSTRIAL_ZONE_KINDS
    converter = _fields.choices(ZoneKind).converter
    kinds: frozenset[ZoneKind] = converter(value, instance, field)
    if not kinds:
        _fields.fail(instance, field, value, "name at least one zone kind")
    return kinds


# -- the target -----------------------------------------------------------------------------------


@_fields.typed_init
@attrs.frozen(kw_only=True, init=False)
class Target:
    """One target of a plan, with everything needed to track it.

    Fields (keywords only):

    * ``id``, ``title``; ``source``: where the target is set (the citation);
    * ``metric`` (:class:`Metric`) and ``kind`` (:class:`TargetKind`);
    * ``comparator`` (:class:`~industrial_policy.comparators.Comparator`),
      ``value``; ``upper`` for ``between`` (the top of the range);
      ``tolerance`` for ``about`` (± this much);
    * ``deadline``: a date or a period (its last day): ``"2025"``,
      ``"2025-12-31"``, ``"end of 2021"``;
    * subject: ``province`` or ``zone_id`` (the zone and the zones it
      contains), or neither for the whole dataset;
    * ``basis``: for a share or a growth, how the metric is taken in time;
    * ``period``: the period of a flow (by default the deadline's period);
      ``since``: the start of a cumulative flow;
    * ``baseline`` (:class:`Baseline`): required for a growth;
    * ``growth_unit`` (required for a growth, no default) and ``per_year``
      (the growth compounds every year: "+20% a year");
    * ``share``: the quantity is the share of ``categories`` in the metric
      (set by ``kind = "share"``; for a growth, growth of that share);
    * filters: ``categories``, ``origin``, ``events`` (which capital events
      a flow counts), ``zone_kinds`` (which zones ``zones_established``
      counts);
    * ``currency``: the currency money is added up in (by default the
      value's); ``unit``: the unit of an ``observed`` metric;
    * ``actuals`` (:class:`Actuals`), ``series``: the observation series the
      target reads (by default its own id; targets on one metric share one).
    """

    id: str = _fields.identifier()
    title: str = _fields.text(repeats=False)
    metric: Metric = _fields.choice(Metric)
    kind: TargetKind = _fields.choice(TargetKind)
    comparator: Comparator = _fields.choice(Comparator)
    growth_unit: GrowthUnit | None = _fields.choice(GrowthUnit, optional=True)
    unit: str | None = _fields.converted(_observed_unit, default=None)
    currency: str | None = _fields.converted(_currency_code, default=None)
    share: bool = attrs.field(default=attrs.Factory(_share_default, takes_self=True))
    basis: Measure | None = _fields.converted(_basis, default=None)
    value: Amount = _fields.converted(_threshold)
    upper: Amount | None = _fields.converted(_optional_threshold, default=None)
    tolerance: Amount | None = _fields.converted(_optional_threshold, default=None)
    deadline: dt.date | Period = _fields.converted(_deadline)
    period: Period | None = _fields.converted(_optional_period, default=None)
    since: dt.date | None = _fields.converted(_optional_start, default=None)
    baseline: Baseline | None = _fields.converted(_baseline, default=None)
    per_year: bool = _fields.flag(default=False)
    province: str | None = _fields.text(optional=True)
    zone_id: str | None = _fields.reference("zones", optional=True)
    categories: frozenset[Category] = _fields.choices(Category)
    origin: Origin | None = _fields.choice(Origin, optional=True)
    events: CapitalFlow | None = _fields.choice(CapitalFlow, optional=True)
    zone_kinds: frozenset[ZoneKind] = _fields.converted(_zone_kinds, default=None)
    actuals: Actuals = _fields.choice(Actuals, default=Actuals.AUTO)
    series: str | None = _fields.converted(_series, default=None)
    source: str | None = _fields.text(optional=True)
    description: str | None = _fields.text(optional=True, repeats=False)
    illustrative: bool = _fields.flag(default=False)

    if TYPE_CHECKING:
        # What a call accepts, for type checkers: written by tests/typing_examples/signatures.py.
        def __init__(
            self,
            *,
            id: str,
            title: str,
            metric: Metric | str,
            kind: TargetKind | str,
            comparator: Comparator | str,
            growth_unit: GrowthUnit | str | None = ...,
            unit: str | None = ...,
            currency: str | None = ...,
            share: bool = ...,
            basis: Measure | str | None = ...,
            value: _fields.AmountInput,
            upper: _fields.AmountInput | None = ...,
            tolerance: _fields.AmountInput | None = ...,
            deadline: _fields.WhenInput,
            period: _fields.PeriodInput | None = ...,
            since: _fields.DateInput | None = ...,
            baseline: Baseline | Mapping[str, Any] | None = ...,
            per_year: bool = ...,
            province: str | None = ...,
            zone_id: str | None = ...,
            categories: Iterable[Category | str] = ...,
            origin: Origin | str | None = ...,
            events: CapitalFlow | str | None = ...,
            zone_kinds: Iterable[ZoneKind | str] | None = ...,
            actuals: Actuals | str = ...,
            series: str | None = ...,
            source: str | None = ...,
            description: str | None = ...,
            illustrative: bool = ...,
        ) -> None: ...

    def __attrs_post_init__(self) -> None:
        for check in (
            self._check_share,
            self._check_growth,
            self._check_unit,
            self._check_basis,
            self._check_range,
            self._check_time,
            self._check_filters,
        ):
            check()

    # -- derived ---------------------------------------------------------------------------------

    @property
    def measure(self) -> Measure:
        """How the metric is taken in time (the kind itself for stock, flow, cumulative)."""
        if self.kind is TargetKind.STOCK:
            return Measure.STOCK
        if self.kind is TargetKind.FLOW:
            return Measure.FLOW
        if self.kind is TargetKind.CUMULATIVE:
            return Measure.CUMULATIVE
        if self.basis is not None:
            return self.basis
        return Measure.FLOW  # production value, the only metric with a default (checked)

    @property
    def deadline_day(self) -> dt.date:
        return deadline_date(self.deadline)

    @property
    def level_unit(self) -> str:
        """The unit of the metric's level: ``count``, ``hectare``, ``ratio`` or a currency."""
        unit = _level_unit_of(self)
        if unit != _MONEY:
            return unit
        if is_currency(self.value.unit):
            return self.value.unit
        if self.baseline is not None and self.baseline.value is not None:
            return self.baseline.value.unit
        return _MONEY

    @property
    def threshold_unit(self) -> str:
        """The unit of ``value``: the level's, or ``ratio``/``percentage_points`` for a growth."""
        return self.value.unit

    @property
    def series_id(self) -> str:
        """The observation series this target reads."""
        return self.series or self.id

    @property
    def subject_kind(self) -> str:
        if self.zone_id is not None:
            return "zone"
        if self.province is not None:
            return "province"
        return "dataset"

    @property
    def subject_id(self) -> str:
        return self.zone_id or self.province or "dataset"

    @property
    def capital_flow(self) -> CapitalFlow:
        """The capital events a flow counts; by default licences for counts, all for capital."""
        if self.events is not None:
            return self.events
        return CapitalFlow.ALL if self.metric is Metric.REGISTERED_CAPITAL else CapitalFlow.NEW

    @property
    def lower_bound(self) -> bool:
        """The target asks for at least something (at least, more than)."""
        return self.comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN)

    @property
    def upper_bound(self) -> bool:
        return self.comparator in (Comparator.AT_MOST, Comparator.LESS_THAN)

    def window_of(self) -> Period | None:
        """The period a flow is counted over: ``period``, or the deadline's period."""
        if self.measure is not Measure.FLOW:
            return None
        if self.period is not None:
            return self.period
        return self.deadline if isinstance(self.deadline, Period) else None

    def band(self) -> tuple[float, float]:
        """The target as an interval of the threshold's unit (infinite on an open side)."""
        low = float(self.value.value)
        if self.comparator is Comparator.BETWEEN:
            assert self.upper is not None
            return low, float(self.upper.value)
        if self.comparator is Comparator.ABOUT:
            assert self.tolerance is not None
            tol = float(self.tolerance.value)
            return low - tol, low + tol
        if self.lower_bound:
            return low, float("inf")
        return float("-inf"), low

    # -- checks ----------------------------------------------------------------------------------

    def _fail(self, field: str, value: object, reason: str) -> None:
        raise InvalidValueError(
            reason, value=value, field=field, record_type="Target", record_id=self.id
        )

    def _check_share(self) -> None:
        if not isinstance(self.share, bool):
            self._fail("share", self.share, "must be true or false")
        if self.kind is TargetKind.SHARE and not self.share:
            self._fail("share", self.share, "a share target is a share; leave share out")
        if self.share and self.kind not in (TargetKind.SHARE, TargetKind.GROWTH):
            self._fail(
                "share", self.share, f"a {self.kind.value} target is a level: use kind = 'share'"
            )
        if self.share and self.metric is Metric.OBSERVED:
            if self.unit not in (None, RATIO):
                self._fail("unit", self.unit, "the observations of a share are ratios")
            return
        if self.share and not self.categories:
            self._fail(
                "categories",
                sorted(self.categories),
                "a share needs the categories of its part (such as hi_tech and"
                " supporting_industry); the whole is the metric over all categories",
            )
        if self.share and self.metric is Metric.ZONES_ESTABLISHED:
            self._fail("metric", self.metric.value, "zones have no categories to take a share of")

    def _check_growth(self) -> None:
        growth = self.kind is TargetKind.GROWTH
        if growth and self.growth_unit is None:
            self._fail(
                "growth_unit",
                None,
                "say whether the growth is 'relative' (+20% of the level) or"
                " 'percentage_points' (+20 points of a share); there is no default",
            )
        if not growth and self.growth_unit is not None:
            self._fail("growth_unit", self.growth_unit.value, "only a growth target has one")
        if self.per_year and not growth:
            self._fail("per_year", True, "only a growth target compounds per year")
        if growth and self.baseline is None:
            self._fail("baseline", None, "a growth target needs the baseline it grows from")
        if self.growth_unit is GrowthUnit.PERCENTAGE_POINTS and not self._level_is_share():
            self._fail(
                "growth_unit",
                self.growth_unit.value,
                "percentage points measure a change in a share: set share = true"
                " (with categories) or use a relative growth",
            )

    def _level_is_share(self) -> bool:
        return self.share or (self.metric is Metric.OBSERVED and self.unit == RATIO)

    def _check_unit(self) -> None:
        if self.metric is Metric.OBSERVED:
            if not self.share and self.level_unit == _MONEY:
                self._fail(
                    "unit",
                    None,
                    "an observed metric needs its unit: 'count', 'ratio', 'hectare' or a currency",
                )
        elif self.unit is not None:
            self._fail("unit", self.unit, "only an observed metric takes a unit")
        if self.currency is not None and not self.metric.is_money:
            self._fail(
                "currency",
                self.currency,
                f"{self.metric.value} is not money (an observed metric says its currency in unit)",
            )
        if (
            self.currency is not None
            and is_currency(self.value.unit)
            and self.value.unit != self.currency
        ):
            self._fail("value", str(self.value), f"the target counts money in {self.currency}")

    def _check_basis(self) -> None:
        level = self.kind in (TargetKind.STOCK, TargetKind.FLOW, TargetKind.CUMULATIVE)
        if level and self.basis is not None and self.basis.value != self.kind.value:
            self._fail(
                "basis", self.basis.value, f"a {self.kind.value} target is taken as a {self.kind}"
            )
        if not level and self.basis is None and self.metric is not Metric.PRODUCTION_VALUE:
            self._fail(
                "basis",
                None,
                f"say how a {self.kind.value} of {self.metric.value} is taken in time: 'stock'"
                " (at a date), 'flow' (over the period) or 'cumulative' (since a start)",
            )
        if self.metric is Metric.PRODUCTION_VALUE and self.measure is Measure.STOCK:
            self._fail(
                "kind" if level else "basis",
                Measure.STOCK.value,
                "production value is a flow over a year: use a flow, a cumulative flow, or"
                " a share or growth with basis 'flow'",
            )

    def _check_range(self) -> None:
        comparator = self.comparator
        if comparator is Comparator.BETWEEN:
            if self.upper is None:
                self._fail("upper", None, "'between' needs the top of the range in upper")
            elif (
                float(self.upper.value)
                < (bottom := float(self.value.value)) - abs(bottom) * _RANGE_RTOL
            ):
                # Ends written in different units ("1 sao_bac_bo" to "0.036 ha") differ by
                # rounding when equal: the same tolerance as the zones' area checks.
                self._fail("upper", str(self.upper), f"the range's top is below {self.value}")
        elif self.upper is not None:
            self._fail("upper", str(self.upper), "only 'between' takes the top of a range")
        if comparator is Comparator.ABOUT:
            if self.tolerance is None:
                self._fail(
                    "tolerance", None, "'about' needs the tolerance (± how much) in tolerance"
                )
            elif float(self.tolerance.value) < 0:
                self._fail("tolerance", str(self.tolerance), "a tolerance cannot be negative")
        elif self.tolerance is not None:
            self._fail("tolerance", str(self.tolerance), "only 'about' takes a tolerance")

    def _check_time(self) -> None:
        measure, deadline = self.measure, self.deadline_day
        if measure is Measure.FLOW:
            window = self.window_of()
            if window is None:
                self._fail(
                    "period",
                    None,
                    "a flow is counted over a period: give the period, or a deadline that is"
                    " one ('2024', '2021–2025')",
                )
            elif window.end != deadline:
                self._fail(
                    "period",
                    str(window),
                    f"the flow's period ends on {window.end}, but the deadline is {deadline}",
                )
        elif self.period is not None:
            self._fail(
                "period", str(self.period), f"a {measure.value} is not counted over a period"
            )
        if measure is Measure.CUMULATIVE:
            if self.since is None:
                self._fail("since", None, "a cumulative flow needs its start ('since')")
            elif self.since > deadline:
                self._fail("since", self.since, f"the start is after the deadline {deadline}")
        elif self.since is not None:
            self._fail("since", self.since, "only a cumulative flow has a start ('since')")
        if self.baseline is not None:
            self._check_baseline(self.baseline, measure, deadline)

    def _check_baseline(self, baseline: Baseline, measure: Measure, deadline: dt.date) -> None:
        growth_of_flow = self.kind is TargetKind.GROWTH and measure is Measure.FLOW
        if growth_of_flow:
            window = self.window_of()
            if not isinstance(baseline.on, Period):
                self._fail(
                    "baseline",
                    baseline.on,
                    "the growth of a flow compares two periods: the baseline is the base"
                    " period ('2024')",
                )
            elif window is not None and baseline.on.end >= window.start:
                self._fail(
                    "baseline",
                    str(baseline.on),
                    f"the base period must end before the target's period {window} starts",
                )
            elif window is not None and baseline.on.duration != window.duration:
                self._fail(
                    "baseline",
                    str(baseline.on),
                    f"compare like with like: the base period is not as long as {window}",
                )
        elif baseline.day >= deadline:
            self._fail(
                "baseline", str(baseline.on), f"the baseline is not before the deadline {deadline}"
            )
        if (
            self.kind is TargetKind.GROWTH
            and baseline.value is not None
            and self.growth_unit is GrowthUnit.RELATIVE
            and float(baseline.value.value) <= 0
        ):
            self._fail(
                "baseline",
                str(baseline.value),
                "a relative growth needs a positive baseline; from zero, set a level target",
            )

    def _check_filters(self) -> None:
        metric = self.metric
        if self.province is not None and self.zone_id is not None:
            self._fail(
                "zone_id",
                self.zone_id,
                "a target is about a province or a zone, not both (a zone includes the zones"
                " inside it)",
            )
        if self.origin is not None and not (
            metric.is_project_based or metric is Metric.AREA_LEASED
        ):
            self._fail("origin", self.origin.value, f"{metric.value} has no origin to filter on")
        if self.categories and metric in (Metric.ZONES_ESTABLISHED, Metric.OBSERVED):
            self._fail(
                "categories",
                sorted(c.value for c in self.categories),
                f"{metric.value} has no categories",
            )
        if self.events is not None and metric not in (
            Metric.PROJECTS,
            Metric.BUSINESSES,
            Metric.REGISTERED_CAPITAL,
        ):
            self._fail("events", self.events.value, "only capital-event metrics count events")
        if self.currency is None and self.metric.is_money and self.level_unit == _MONEY:
            if self.kind is TargetKind.GROWTH or self.share:
                return  # the tracker takes the single currency of the data, or says it cannot
            self._fail("value", str(self.value), "a money target needs an amount with a currency")
