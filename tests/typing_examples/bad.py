"""Wrong calls: ``mypy --strict`` must reject each line marked ``# E: <code>`` (and no other).

Checked by ``test_typing.py`` (not run: ``conftest.py`` keeps pytest from importing it).
"""

from __future__ import annotations

import datetime as dt

import industrial_policy as ip
from industrial_policy.amounts import amount_in

ip.Zone(id="kcn-a", name="A", kind=3, province="P")  # E: arg-type
ip.Zone(id="z", name="Z", kind="industrial_park", province="P", total_area=300)  # E: arg-type
ip.Zone(id="kcn-a", name="A", kind="industrial_park")  # E: call-arg
ip.Zone(id="kcn-a", name="A", kind="industrial_park", province="P", area="3 ha")  # E: call-arg
ip.Parcel(id="a-1", zone_id="z", area="45 ha", status="reserved", lease_start=2024)  # E: arg-type
ip.Dataset(zones=[ip.Parcel(id="a-1", zone_id="z", area="1 ha", status="vacant")])  # E: list-item
ip.Dataset(zones="kcn-a")  # E: arg-type
ip.Dataset(zone=[])  # E: call-arg
name: int = ip.loads("")  # E: assignment
ip.evaluate("study.toml", dt.date(2025, 12, 31))  # E: arg-type
finding: ip.Finding = ip.evaluate(ip.Dataset()).get("x")  # E: assignment
kind: int = ip.Zone(id="z", name="Z", kind="industrial_park", province="P").kind  # E: assignment
ip.evaluate(ip.Dataset()).filter(status=3)  # E: arg-type
ip.evaluate(ip.Dataset()).plot(3)  # E: arg-type
ip.evaluate(ip.Dataset()).plot(dataset="study.toml")  # E: arg-type
amount_in("52.7", "%")  # E: arg-type
