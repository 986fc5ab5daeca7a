"""The two classifications of online services, the mapping, and levels on a day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from industrial_policy.errors import InvalidValueError
from industrial_policy.services import (
    Classification,
    ClassificationRule,
    LevelMapping,
    OnlineService,
    Procedure,
    ServiceOffering,
)
from industrial_policy.services.levels import NO, UNKNOWN, YES, LevelTable, within

FULL, PARTIAL, NONE = OnlineService.FULL_PROCESS, OnlineService.PARTIAL, OnlineService.NONE

mappings = st.builds(
    LevelMapping,
    level_1=st.sampled_from(OnlineService),
    level_2=st.sampled_from(OnlineService),
    level_3=st.sampled_from(OnlineService),
    level_4=st.sampled_from(OnlineService),
)


def procedure(pid: str, **fields: object) -> Procedure:
    return Procedure(id=pid, name=pid, government_level="provincial", field="f", **fields)


# -- the mapping --------------------------------------------------------------------------------


def test_default_mapping_is_domain_correspondence() -> None:
    m = LevelMapping()
    assert [m.service_of(level) for level in (1, 2, 3, 4)] == [NONE, NONE, PARTIAL, FULL]
    assert m.levels_of(FULL) == {4}
    assert m.levels_of(PARTIAL) == {3}
    assert m.levels_of(NONE) == {1, 2}
    assert m.describe() == (
        "level 4 ↔ full-process online; level 3 ↔ partial online; levels 1–2 ↔ not online"
    )


def test_overridden_mapping_says_so() -> None:
    m = LevelMapping(level_3="none", source="provincial guidance")
    assert m.levels_of(PARTIAL) == frozenset()
    text = m.describe()
    assert "levels 1–3 ↔ not online" in text
    assert "no level is partial online" in text
    assert "user-supplied" in text
    assert "[provincial guidance]" in text


@given(mappings)
def test_levels_of_inverts_service_of(mapping: LevelMapping) -> None:
    for level in (1, 2, 3, 4):
        assert level in mapping.levels_of(mapping.service_of(level))
    assert set().union(*(mapping.levels_of(s) for s in OnlineService)) == {1, 2, 3, 4}


@pytest.mark.parametrize("bad", [0, 5, True])
def test_service_of_rejects_non_levels(bad: int) -> None:
    with pytest.raises(InvalidValueError, match="1, 2, 3 or 4"):
        LevelMapping().service_of(bad)


# -- which classification is reported ----------------------------------------------------------


def test_switch_date_is_the_first_day_of_decree_42() -> None:
    rule = ClassificationRule(switch_date="2022-08-01")
    assert rule.in_force(dt.date(2022, 7, 31)) is Classification.DECREE_43_2011
    assert rule.in_force(dt.date(2022, 8, 1)) is Classification.DECREE_42_2022


def test_no_switch_date_is_invented() -> None:
    assert ClassificationRule().switch_date is None
    assert ClassificationRule().in_force(dt.date(2030, 1, 1)) is None


def test_records_decide_without_a_switch_date() -> None:
    rule = ClassificationRule()
    day = dt.date(2023, 1, 1)
    assert (
        rule.decide(day, level_only=3, service_only=0, both=0)[0] is Classification.DECREE_43_2011
    )
    assert (
        rule.decide(day, level_only=0, service_only=3, both=0)[0] is Classification.DECREE_42_2022
    )
    assert (
        rule.decide(day, level_only=0, service_only=0, both=2)[0] is Classification.DECREE_42_2022
    )
    with pytest.raises(InvalidValueError, match="switch_date"):
        rule.decide(day, level_only=1, service_only=1, both=0)


def test_explicit_classification_wins_over_switch_date() -> None:
    rule = ClassificationRule(switch_date="2022-01-01", classification="decree_43_2011")
    chosen, why = rule.decide(dt.date(2024, 1, 1), level_only=0, service_only=5, both=0)
    assert chosen is Classification.DECREE_43_2011
    assert "as the user chose" in why


def test_rule_accepts_plain_data() -> None:
    rule = ClassificationRule(switch_date="2022-06-15", mapping={"level_3": "full_process"})
    assert rule.mapping.levels_of(FULL) == {3, 4}
    with pytest.raises(InvalidValueError, match=r"ClassificationRule\.mapping"):
        ClassificationRule(mapping={"level_5": "none"})


# -- offerings and levels on a day --------------------------------------------------------------


def test_offering_needs_a_level_or_a_category() -> None:
    with pytest.raises(InvalidValueError, match="online_level"):
        ServiceOffering(procedure_id="p", on="2021-01-01")
    with pytest.raises(InvalidValueError, match="1 to 4"):
        ServiceOffering(procedure_id="p", on="2021-01-01", online_level=5)


def test_level_on_a_day_is_the_latest_offering() -> None:
    procs = [procedure("a", online_level=4), procedure("b", online_level=2), procedure("c")]
    offerings = [
        ServiceOffering(procedure_id="a", on="2020-01-01", online_level=2),
        ServiceOffering(procedure_id="a", on="2021-06-01", online_level=3),
        ServiceOffering(procedure_id="a", on="2023-01-01", online_service="full_process"),
    ]
    table = LevelTable.build(procs, offerings)
    days = np.array(
        ["2019-12-31", "2020-01-01", "2021-05-31", "2021-06-01", "2023-01-01"],
        dtype="datetime64[D]",
    )
    states = table.on(np.zeros(len(days), dtype=np.int64), days)
    # Before its first dated record, "a" has no known level: the undated one is not back-dated.
    assert states.level.tolist() == [0, 2, 2, 3, 0]
    assert states.service.tolist()[-1] == list(OnlineService).index(FULL)
    other = table.on(np.array([1, 2]), np.datetime64("2021-01-01"))
    assert other.level.tolist() == [2, 0]  # undated record; nothing recorded


@settings(max_examples=60, deadline=None)
@given(
    mapping=mappings,
    level=st.sampled_from([0, 1, 2, 3, 4]),
    service=st.sampled_from([None, *OnlineService]),
    asked=st.sets(st.sampled_from([1, 2, 3, 4]), min_size=1),
)
def test_within_levels_follows_the_sets_of_levels(
    mapping: LevelMapping, level: int, service: OnlineService | None, asked: set[int]
) -> None:
    procs = [procedure("p", online_level=level or None, online_service=service)]
    states = LevelTable.build(procs).on(np.array([0]), np.datetime64("2024-01-01"))
    answer = within(states, levels=asked, mapping=mapping)[0]
    if level:
        possible = {level}
    elif service is not None:
        possible = set(mapping.levels_of(service))
    else:
        possible = set()
    if not possible:
        assert answer == UNKNOWN
    elif possible <= asked:
        assert answer == YES
    elif not possible & asked:
        assert answer == NO
    else:
        assert answer == UNKNOWN


@settings(max_examples=40, deadline=None)
@given(mapping=mappings, level=st.sampled_from([1, 2, 3, 4]))
def test_within_services_converts_levels_with_the_mapping(
    mapping: LevelMapping, level: int
) -> None:
    procs = [procedure("p", online_level=level)]
    states = LevelTable.build(procs).on(np.array([0]), np.datetime64("2024-01-01"))
    answer = within(states, services={FULL}, mapping=mapping)[0]
    assert answer == (YES if mapping.service_of(level) is FULL else NO)
