"""A project's production values count whether or not its licence is recorded.

They were left out when the project had no capital event of kind ``licensed``, and the growth
base then read "0 VND" with no word why. Now they are counted, and the finding names the
projects whose licence is not recorded.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.tracking import track


def _production_dataset(base: int, level: int, licensed: bool) -> ip.Dataset:
    events = '[{ date = 2020-01-01, kind = "licensed", amount = "10 billion VND" }]'
    return ip.loads(
        f"""
name = "production"
[[zones]]
id = "z"
name = "KCN Tiền Hải"
kind = "industrial_park"
province = "Thái Bình"

[[projects]]
id = "p"
name = "A"
origin = "domestic"
zone_id = "z"
capital_events = {events if licensed else "[]"}
production_values = [{{ year = 2024, value = "{base} billion VND" }},
                     {{ year = 2025, value = "{level} billion VND" }}]

[[targets]]
id = "t"
title = "+22% on 2024"
province = "Thái Bình"
metric = "production_value"
kind = "growth"
growth_unit = "relative"
basis = "flow"
comparator = "at_least"
value = "22%"
baseline = {{ on = "2024" }}
deadline = "2025"
"""
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 10**5), st.integers(0, 10**5))
def test_production_values_count_whether_or_not_the_licence_is_recorded(
    base: int, level: int
) -> None:
    with_licence, without = (
        track(_production_dataset(base, level, licensed), None, "2025-12-31")["t/Thái Bình"]
        for licensed in (True, False)
    )
    assert without.status is with_licence.status
    assert without.actual == with_licence.actual
    assert without.details["baseline"] == ip.Amount(base * 10**9, "VND")
    assert "no licence recorded" in without.explain()
    assert "no licence recorded" not in with_licence.explain()
