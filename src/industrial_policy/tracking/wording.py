"""The words of a tracked target: its numbers as amounts in its units, and its formula.

The tracker computes on floats in the target's *level unit* (hectares, a count, a currency,
a ratio). An explanation shows them as :class:`~industrial_policy.amounts.Amount` objects: a
level in the level's unit, an actual in the threshold's unit (a growth in percent or
percentage points), a gap between two shares in percentage points, a change per year with its
sign. A money level is in the currency its values are found in, which the reading of values
may settle late: :class:`Wording` holds that currency.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal

import attrs

from industrial_policy.amounts import POINTS, RATIO, Amount, is_currency
from industrial_policy.periods import Period
from industrial_policy.records.observations import Observation
from industrial_policy.records.targets import GrowthUnit, Measure, Metric, Target, TargetKind
from industrial_policy.tracking.metrics import Query, Scope

__all__ = ["MONEY_LIMIT", "Wording", "currency_of", "decimal", "formula", "when_text"]

MONEY_LIMIT = 1e27  # Money refuses amounts past 10^30; a projection this large means nothing


def currency_of(target: Target, observations: Iterable[Observation]) -> str | None:
    """The currency a target's level is in, when the target or its observations settle it."""
    if target.currency is not None:
        return target.currency
    unit = target.level_unit
    if is_currency(unit):
        return unit
    if target.metric is Metric.OBSERVED or target.metric.is_money:
        codes = {o.value.unit for o in observations if is_currency(o.value.unit)}
        if len(codes) == 1 and target.metric is Metric.OBSERVED:
            return codes.pop()
    return None


def raw_amount(value: float, unit: str) -> Amount | None:
    """The value as an amount; ``None`` for money no account could hold (a runaway
    projection), which :class:`~industrial_policy.money.Money` refuses."""
    if is_currency(unit):
        if not (math.isfinite(value) and abs(value) < MONEY_LIMIT):
            return None
        return Amount(decimal(value), unit)
    if unit == "count" and float(value).is_integer():
        return Amount(int(value), unit)
    return Amount(float(value), unit)


@attrs.define
class Wording:
    """A target's numbers as amounts and text; ``currency`` is the money level's currency."""

    target: Target
    currency: str | None = None

    def level_unit(self) -> str:
        """The unit of the tracked level (the currency for money)."""
        unit = self.target.level_unit
        if unit == "money":
            return self.currency or "money"
        return unit

    def level_amount(self, value: float) -> Amount | None:
        """A level (a value of the series, the path, the projection)."""
        return raw_amount(value, self.level_unit())

    def threshold_amount(self, value: float) -> Amount | None:
        """A value in the threshold's unit (the actual: a growth for a growth target)."""
        if self.target.kind is not TargetKind.GROWTH:
            return self.level_amount(value)
        return Amount(float(value), self.target.threshold_unit)

    def gap_amount(self, value: float) -> Amount | None:
        """A difference between two shares or rates is in percentage points (22% − 20% = 2 pp)."""
        if self.target.threshold_unit == RATIO:
            return Amount(float(value) * 100, POINTS)
        return self.threshold_amount(value)

    def change_amount(self, value: float) -> Amount | None:
        """A change per year in the level's unit (percentage points for a share)."""
        unit = self.level_unit()
        if unit == RATIO:
            return Amount(float(value) * 100, POINTS)
        return raw_amount(value, unit)

    def level_text(self, value: float) -> str:
        """A level in words."""
        return _text(self.level_amount(value), value, self.level_unit())

    def threshold_text(self, value: float) -> str:
        """A value in the threshold's unit in words."""
        return _text(self.threshold_amount(value), value, self.target.threshold_unit)

    def change_text(self, value: float) -> str:
        """A change per year in words, with its sign."""
        text = _text(self.change_amount(value), value, self.level_unit())
        return text if text.startswith("-") else f"+{text}"


def formula(target: Target, scope: Scope, source: str) -> str:
    """The formula of a target's finding: what the actual is, and the gap and percent achieved.

    ``source`` is ``"records"`` or ``"observations"``, where the actual comes from.
    """
    measure_ = target.measure
    what = Query.of(target).describe(measure_)
    where = scope.description
    if measure_ is Measure.STOCK:
        when = "on the day measured"
    elif measure_ is Measure.FLOW:
        when = f"over {target.window_of()} up to the day measured"
    else:
        when = f"since {target.since} up to the day measured"
    if target.metric is Metric.OBSERVED:
        level = f"the observed value of series {target.series_id!r} {when}"
    elif source == "observations":
        level = (
            f"the observed value of series {target.series_id!r} {when}, standing for"
            f" {'the share of ' if target.share else ''}{what} in {where}"
        )
    elif target.share:
        whole = Query.of(target, whole=True).describe(measure_)
        level = f"({what}) ÷ ({whole}), {when}, in {where}"
    else:
        level = f"{what}, {when}, in {where}"
    if target.kind is TargetKind.GROWTH:
        rate = "per year, compounded" if target.per_year else "over the whole span"
        if target.growth_unit is GrowthUnit.RELATIVE:
            growth = f"actual = level ÷ baseline level − 1 ({rate})"
        else:
            growth = f"actual = (level − baseline level) × 100 percentage points ({rate})"
        level = f"{growth}; level = {level}"
    else:
        level = f"actual = {level}"
    return (
        f"{level}; gap = actual − target (negative: a shortfall); percent achieved ="
        " actual ÷ target"
    )


def when_text(when: dt.date | Period) -> str:
    """A day or a period as written in an explanation."""
    return when.label if isinstance(when, Period) else when.isoformat()


def _text(amount: Amount | None, value: float, unit: str) -> str:
    if amount is not None:
        return str(amount)
    return f"{value:.3g} {unit} (out of any meaningful range)"


def decimal(value: float) -> Decimal:
    """Money for a result: whole amounts exact; others to the cent and 9 significant digits.

    Sums of whole amounts are exact in float64; converted sums, paths and projections carry
    float noise in their last digits ("206,947,400,000,000.03"), which means nothing.

    >>> decimal(19_866e9), decimal(206_947_400_000_000.03), decimal(1234.5678)
    (Decimal('19866000000000'), Decimal('2.069474E+14'), Decimal('1234.57'))
    """
    number = float(value)
    if number.is_integer():
        return Decimal(int(number))
    return Decimal(f"{round(number, 2):.9g}").normalize()
