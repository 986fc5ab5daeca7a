"""A dataset built step by step (issue 17): zones, parcels, reported figures, exchange
rates and what-if overrides, evaluated after each step, with the invariants checked.

After every step: the dataset either takes the new record or refuses it with a typed
error naming where, leaving the dataset as it was; the dataset written as TOML reads
back equal; its evaluation does not depend on whether it was written and read back, nor
on being run twice; every table's length is what was added.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import industrial_policy as ip
from industrial_policy.dataset import Dataset
from industrial_policy.errors import DatasetIntegrityError, IndustrialPolicyError
from industrial_policy.evaluate import evaluate_all
from industrial_policy.money import ExchangeRates
from industrial_policy.testing import exchange_rates, parcels, reported_figures, zones

AS_OF = dt.date(2025, 6, 30)
PACKS = ["vn-land"]


def _report(dataset: Dataset, overrides: dict[str, object]) -> str:
    report = evaluate_all(dataset, as_of=AS_OF, rule_packs=PACKS, overrides=overrides)
    return json.dumps(report.to_dict(), sort_keys=True, default=str)


class DatasetBuilding(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[Any]] = {"zones": [], "parcels": [], "reported": []}
        self.rates = ExchangeRates(())
        self.overrides: dict[str, object] = {}
        self.dataset = Dataset()
        self.count = 0
        self.refused = 0

    def _next_id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count}"

    def _try(self, **changes: Any) -> None:
        """Make the dataset with ``changes``; keep it, or check the refusal and keep the old."""
        tables = {**self.tables, **{k: v for k, v in changes.items() if k != "exchange_rates"}}
        rates = changes.get("exchange_rates", self.rates)
        try:
            dataset = Dataset(**tables, exchange_rates=rates)
        except DatasetIntegrityError as exc:
            problems = exc.problems
        else:
            self.tables, self.rates, self.dataset = tables, rates, dataset
            return
        assert problems, "a refusal names its problems"
        assert all(p.path for p in problems), problems
        self.refused += 1

    @rule(zone=zones(max_ha=2_000.0))
    def add_zone(self, zone: Any) -> None:
        self._try(zones=[*self.tables["zones"], attrs.evolve(zone, id=self._next_id("z"))])

    @precondition(lambda self: self.tables["zones"])
    @rule(data=st.data())
    def add_parcel(self, data: st.DataObject) -> None:
        ids = [z.id for z in self.tables["zones"]]
        parcel = data.draw(parcels(ids, max_ha=50.0))
        parcel = attrs.evolve(parcel, id=self._next_id("p"), project_id=None)
        self._try(parcels=[*self.tables["parcels"], parcel])

    @precondition(lambda self: self.tables["zones"])
    @rule(data=st.data())
    def add_reported_figure(self, data: st.DataObject) -> None:
        ids = [z.id for z in self.tables["zones"]]
        figure = attrs.evolve(data.draw(reported_figures(ids)), id=self._next_id("r"))
        self._try(reported=[*self.tables["reported"], figure])

    @rule(rates=exchange_rates(("USD", "VND"), max_size=3))
    def set_exchange_rates(self, rates: ExchangeRates) -> None:
        self._try(exchange_rates=rates)

    @rule(share=st.integers(1, 99))
    def override_occupancy_threshold(self, share: int) -> None:
        self.overrides = {"vn-land.occupancy.min-share": f"{share}%"}

    @rule()
    def drop_overrides(self) -> None:
        self.overrides = {}

    @invariant()
    def tables_hold_what_was_added(self) -> None:
        assert len(self.dataset.zones) == len(self.tables["zones"])
        assert len(self.dataset.parcels) == len(self.tables["parcels"])
        assert len(self.dataset.reported) == len(self.tables["reported"])
        assert [z.id for z in self.dataset.zones] == [z.id for z in self.tables["zones"]]

    @invariant()
    def the_file_reads_back_equal(self) -> None:
        for fmt in ("toml", "json"):
            assert ip.loads(ip.dumps(self.dataset, fmt), fmt) == self.dataset

    @invariant()
    def evaluation_is_repeatable_and_survives_the_file(self) -> None:
        try:
            first = _report(self.dataset, self.overrides)
        except IndustrialPolicyError:
            return  # a typed refusal (a rule that cannot run on this data) is an answer
        assert _report(self.dataset, self.overrides) == first
        again = ip.loads(ip.dumps(self.dataset))
        assert _report(again, self.overrides) == first


DatasetBuilding.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_dataset_built_step_by_step = DatasetBuilding.TestCase
