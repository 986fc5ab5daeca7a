"""The integrity problems of targets and observations, each with its path, message and value.

Written for mutation testing (``docs/testing.md``): the dataset's own test
checks that each problem is found; these pin the whole of each problem, so
that a problem with no path, a wrong message or a lost value is caught.
"""

from __future__ import annotations

from industrial_policy.columnar import Table
from industrial_policy.dataset.integrity import reference_problems, target_problems
from industrial_policy.errors import Problem
from industrial_policy.records import Observation, Target, Zone
from test_targets_support import target


def whole(problems: list[Problem]) -> list[tuple[str, str, object]]:
    # Problem equality leaves the value out: compare it too.
    return [(p.path, p.message, p.value) for p in problems]


def test_a_target_id_used_twice_is_reported_at_both_uses() -> None:
    problems = list(target_problems([target(), target()], []))
    assert whole(problems) == [
        ("targets[0].id", "id 't' is used by 2 targets", "t"),
        ("targets[1].id", "id 't' is used by 2 targets", "t"),
    ]


def _zones(*ids: str) -> Table[Zone]:
    return Table.from_records(
        Zone, [Zone(id=i, name=i, kind="industrial_park", province="Hà Nội") for i in ids]
    )


def _references(targets: list[Target], observations: list[Observation]) -> list[Problem]:
    return list(
        reference_problems(
            {
                "zones": _zones("kcn-a"),
                "targets": Table.from_records(Target, targets),
                "observations": Table.from_records(Observation, observations),
            }
        )
    )


def test_a_target_naming_a_zone_not_in_the_dataset() -> None:
    problems = _references([target(zone_id="kcn-x")], [])
    assert whole(problems) == [
        (
            "targets[0].zone_id",
            "target 't' names zone 'kcn-x', which is not in the dataset",
            "kcn-x",
        )
    ]
    assert _references([target(zone_id="kcn-a")], []) == []


def test_an_observation_id_used_once_is_no_problem_and_twice_is() -> None:
    once = [Observation(series="s", on="2024", value=3, id="o1")]
    assert list(target_problems([], once)) == []
    twice = [*once, Observation(series="s", on="2025", value=4, id="o1")]
    assert whole(list(target_problems([], twice))) == [
        ("observations[0].id", "id 'o1' is used by 2 observations", "o1"),
        ("observations[1].id", "id 'o1' is used by 2 observations", "o1"),
    ]


def test_observations_without_ids_never_clash() -> None:
    observations = [
        Observation(series="s", on="2024", value=3),
        Observation(series="s", on="2025", value=4),
    ]
    assert list(target_problems([], observations)) == []


def test_an_observation_naming_a_zone_not_in_the_dataset() -> None:
    observation = Observation(series="s", on="2024", value=3, zone_id="kcn-y")
    [problem] = _references([], [observation])
    assert problem.path == "observations[0].zone_id"
    assert problem.message == (
        f"observation {observation.ref!r} names zone 'kcn-y', which is not in the dataset"
    )
    assert problem.value == "kcn-y"


def test_an_observation_about_another_subject_than_its_target() -> None:
    observation = Observation(series="hn", on="2024", value=4, province="Hải Phòng")
    problems = list(target_problems([target(id="hn", province="Hà Nội")], [observation]))
    [problem] = problems
    assert problem.path == "observations[0]"
    assert problem.message.endswith(", but target 'hn' of series 'hn' is about province 'Hà Nội'")
    assert problem.value == observation.ref


def test_two_values_for_one_series_on_one_date() -> None:
    observations = [
        Observation(series="s", on="2024", value=3),
        Observation(series="s", on="2024", value=3),  # the same value twice is no problem
        Observation(series="s", on="2024", value=4),
    ]
    [problem] = list(target_problems([], observations))
    assert problem.path == "observations[2].value"
    first, last = observations[0].value, observations[2].value
    assert problem.message == (
        f"series 's' has two values on 2024: {first} (observations[0]) and {last}"
    )
    assert problem.value == observations[2].ref
