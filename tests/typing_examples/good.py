"""Calls the README and the docs show: each must type-check under ``mypy --strict``.

Checked by ``test_typing.py`` (not run: ``conftest.py`` keeps pytest from importing it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import industrial_policy as ip
from industrial_policy.amounts import Amount, amount_in, amount_unit_problem
from industrial_policy.records import Observation, Target
from industrial_policy.records.fees import Fee, FeeDiscount
from industrial_policy.records.procedures import Procedure
from industrial_policy.records.rate_targets import RateTarget

zone = ip.Zone(
    id="kcn-a",
    name="KCN A",
    kind="industrial_park",
    province="Hải Dương",
    total_area="300 ha",
    industrial_land_area=ip.parse_area("210 ha"),
    established="2015-06-01",
)
parcel = ip.Parcel(id="a-1", zone_id="kcn-a", area="45 ha", status="reserved", category="hi_tech")
project = ip.Project(
    id="p-1",
    name="P1",
    origin="fdi",
    zone_id="kcn-a",
    categories=["hi_tech", ip.Category.SUPPORTING_INDUSTRY],
    capital_events=[ip.CapitalEvent(date="2024-03-01", kind="licensed", amount="5 million USD")],
    production_values=[ip.ProductionValue(year=2024, value="10 billion VND")],
)
ds = ip.Dataset(zones=[zone], parcels=(parcel,), projects=[project], name="study")
kinds: list[ip.ZoneKind] = [z.kind for z in ds.zones]
hectares: float = ds.zones[0].total_area.to("ha").magnitude if ds.zones[0].total_area else 0.0

target = Target(
    id="tb-fdi-2025",
    title="Attract 1.2 billion USD of FDI in 2025",
    metric="registered_capital",
    kind="flow",
    origin="fdi",
    comparator="at_least",
    value="1.2 billion USD",
    deadline="2025",
    province="Thái Bình",
    baseline={"on": "2024", "value": "1 billion USD"},
)
seen = Observation(series="hd-hsi-2025", on="2023-12-31", value=220, source="provincial report")
rate = RateTarget(
    id="rel",
    title="+20% a year",
    kind="growth",
    series="hd-l4",
    comparator="at_least",
    growth="20%",
    growth_unit="relative",
    baseline_on="2021-08-23",
    baseline_value="13.6%",
    deadline="2022-08-23",
)
procedure = Procedure(
    id="p4", name="P4", government_level="provincial", field="f", online_level=4, fee="50000 VND"
)
fee = Fee(procedure_id="p4", kind="postal", amount="30000 VND")
cut = FeeDiscount(
    id="hd-cut",
    rate="50%",
    start="2021-09-01",
    duration="2 years",
    levels=[3, 4],
    channels=["online"],
    fee_kinds=["procedure", "postal"],
)
services = ip.Dataset(procedures=[procedure], fees=[fee], fee_discounts=[cut], targets=[target])

loaded: ip.Dataset = ip.loads(ip.dumps(ds))
from_file: ip.Dataset = ip.load(Path("study.toml"))
same: bool = loaded == ds

report: ip.Report = ip.evaluate(ds, as_of="2025-12-31")
report = ip.evaluate(ds, dt.date(2025, 12, 31))
finding: ip.Finding = report["vn-land.hi-tech-reserve/kcn-a"]
maybe: ip.Finding | None = report.get("no-such/finding")
first: ip.Finding = report.findings[0]
some: tuple[ip.Finding, ...] = report.findings[:3]
everything: Sequence[ip.Finding] = report.findings
tables_of_ds: dict[str, object] = ds.to_frames("polars")
failing: ip.Report = report.filter(
    status="fail", kind="rule", subject="kcn-a", province="Hải Dương"
)
by_status: dict[ip.Status, ip.Report] = report.group_by("status")
is_rule: bool = finding.kind == "rule" and finding.kind is ip.FindingKind.RULE
what_if = report.compare(ip.evaluate(ds, "2025-12-31", overrides={"vn-land.x": "15%"}))
figures = report.plot(dataset=ds)  # the report's figures: ip.plot(report, ds)
quotas = report.plot("quotas", top=10)
drawn: ip.plots.Figures = ip.plot(report, ds)

# A column of bare numbers declares the unit of an amount (docs/tables.md).
rates: ip.ColumnMapping = ip.ColumnMapping.of(
    {"notation": "vi", "published": {"columns": {"value": "Tỷ lệ lấp đầy (%)"}}}
)
share: Amount = amount_in(52.7, "%")
why_not: str | None = amount_unit_problem("ha/year")
