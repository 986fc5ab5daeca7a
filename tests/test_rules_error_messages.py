"""Every refusal of the rule types and rule packs, with the exact message a user reads.

An error message names the record type, the record id, the field and the
offending value (``Parameter 'p'.values: ... (got ...)``); a pack problem
has a path, a message and the value. These tests pin each part, so that a
message that loses its record, its field or its value is caught. Written for
mutation testing (``docs/testing.md``): each branch here had no test that
could tell a wrong message from the right one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from industrial_policy.errors import InvalidValueError, RulePackError, UnknownRecordError
from industrial_policy.rules import (
    Measure,
    Parameter,
    ParameterValue,
    Rule,
    RulePack,
    RuleSet,
    Scope,
    load_pack,
    parse_pack,
)
from industrial_policy.rules.packs import read_pack

SHARE = Measure(kind="category_share", categories=["hi_tech"], use="reserved", base="total_area")


def rule(**changes: object) -> Rule:
    fields: dict[str, object] = {
        "id": "r",
        "title": "T",
        "citation": "C",
        "authority": "provincial",
        "measure": SHARE,
        "comparator": "at_least",
        "threshold": "r.min-share",
    }
    fields.update(changes)
    return Rule(**fields)  # type: ignore[arg-type]


def share_parameter(pid: str = "r.min-share", value: float = 0.2) -> Parameter:
    return Parameter(id=pid, unit="ratio", values=[ParameterValue(value, "2021-08-23")])


# -- parameters -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [True, "0.2", None])
def test_a_parameter_value_must_be_a_number(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        ParameterValue(value)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"ParameterValue.value: must be a number (a share as a fraction: 0.2) (got {value!r})"
    )
    assert caught.value.value is value


@pytest.mark.parametrize("value", [-0.1, float("inf"), float("nan")])
def test_a_parameter_value_must_be_finite_and_not_negative(value: float) -> None:
    with pytest.raises(InvalidValueError) as caught:
        ParameterValue(value)
    assert str(caught.value) == (
        f"ParameterValue.value: must be a finite number, at least 0 (got {value!r})"
    )
    assert caught.value.record_type == "ParameterValue"
    assert caught.value.field == "value"


def test_zero_is_a_parameter_value() -> None:
    assert ParameterValue(0).value == 0.0
    assert isinstance(ParameterValue(0).value, float)


@pytest.mark.parametrize("values", ["0.2", b"0.2", 0.2])
def test_parameter_values_must_be_a_list(values: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Parameter(id="p", unit="ratio", values=values)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"Parameter 'p'.values: must be a list of ParameterValue records (got {values!r})"
    )
    assert caught.value.value == values


def test_each_parameter_value_must_be_a_parameter_value() -> None:
    with pytest.raises(InvalidValueError) as caught:
        Parameter(id="p", unit="ratio", values=[ParameterValue(0.1), 0.2])  # type: ignore[list-item]
    assert str(caught.value) == (
        "Parameter 'p'.values: item 1 must be a ParameterValue, not float (got 0.2)"
    )
    assert caught.value.value == 0.2


def test_two_values_of_a_parameter_cannot_take_effect_on_the_same_day() -> None:
    same = [ParameterValue(0.1, "2021-01-01"), ParameterValue(0.2, "2021-01-01")]
    with pytest.raises(InvalidValueError) as caught:
        Parameter(id="p", unit="ratio", values=same)
    day = dt.date(2021, 1, 1)
    assert caught.value.value == [day, day]
    assert str(caught.value) == (
        f"Parameter 'p'.values: two values take effect on the same day (got {[day, day]!r})"
    )


def test_two_undated_values_also_clash() -> None:
    with pytest.raises(InvalidValueError, match="same day"):
        Parameter(id="p", unit="ratio", values=[ParameterValue(0.1), ParameterValue(0.2)])


def test_parameter_values_are_ordered_by_date_with_the_undated_first() -> None:
    later, undated = ParameterValue(0.3, "2025-01-01"), ParameterValue(0.2)
    p = Parameter(id="p", unit="ratio", values=[later, undated])
    assert p.values == (undated, later)
    # The undated value applies on every date until the dated one replaces it.
    assert p.value_on(dt.date(1990, 1, 1)) == undated
    assert p.value_on(dt.date(2024, 12, 31)) == undated
    assert p.value_on(dt.date(2025, 1, 1)) == later


# -- rules ----------------------------------------------------------------------------------------


def test_a_rule_needs_one_level_at_least() -> None:
    with pytest.raises(InvalidValueError) as caught:
        rule(levels=[])
    assert str(caught.value) == (
        "Rule 'r'.levels: a rule is evaluated at one level at least (got [])"
    )
    assert caught.value.value == []


def test_an_unknown_level_names_the_rule() -> None:
    with pytest.raises(InvalidValueError) as caught:
        rule(levels=["county"])
    assert caught.value.record_type == "Rule"
    assert caught.value.record_id == "r"
    assert caught.value.field == "levels"


def test_levels_are_kept_in_the_order_of_the_level_enum() -> None:
    assert rule(levels=["province", "zone"]).levels[0].value == "zone"
    assert rule(levels=None).levels == rule().levels
    assert [lv.value for lv in rule().levels] == ["zone"]


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [("measure", {"kind": "occupancy"}, "Measure"), ("scope", "zones", "Scope")],
)
def test_a_rule_refuses_a_measure_or_scope_of_another_type(
    field: str, value: object, kind: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        rule(**{field: value})
    assert str(caught.value) == f"Rule 'r'.{field}: must be a {kind} (got {value!r})"
    assert caught.value.value == value


def test_a_rule_refuses_no_measure() -> None:
    with pytest.raises(InvalidValueError, match=r"^Rule 'r'\.measure: must be a Measure"):
        rule(measure=None)


def test_an_alternative_may_be_left_out_but_must_be_a_condition() -> None:
    assert rule(alternative=None).alternative is None
    with pytest.raises(InvalidValueError) as caught:
        rule(alternative="occupancy")
    assert str(caught.value) == "Rule 'r'.alternative: must be a Condition (got 'occupancy')"


def test_the_period_text_of_a_rule() -> None:
    assert rule().period_text() == "in force from no start date to no end date"
    dated = rule(in_force_from="2021-08-23", in_force_until="2025-12-31")
    assert dated.period_text() == "in force from 2021-08-23 to 2025-12-31"
    assert rule(in_force_until="2025-12-31").period_text() == (
        "in force from no start date to 2025-12-31"
    )


def test_a_rule_is_in_force_on_its_first_and_last_days_only() -> None:
    dated = rule(in_force_from="2021-08-23", in_force_until="2025-12-31")
    assert not dated.in_force_on(dt.date(2021, 8, 22))
    assert dated.in_force_on(dt.date(2021, 8, 23))
    assert dated.in_force_on(dt.date(2025, 12, 31))
    assert not dated.in_force_on(dt.date(2026, 1, 1))


def test_a_scope_in_words() -> None:
    assert Scope().describe() == "zones of every kind"
    scope = Scope(
        kinds=["industrial_cluster", "hi_tech_park"],
        specialises_in_hi_tech=False,
        province="Hải Dương",
    )
    assert scope.describe() == (
        "hi-tech parks or industrial clusters not specialising in hi-tech in Hải Dương"
    )
    assert Scope(specialises_in_hi_tech=True).describe() == (
        "zones of every kind specialising in hi-tech"
    )


# -- packs ----------------------------------------------------------------------------------------


def pack(**changes: object) -> RulePack:
    fields: dict[str, object] = {
        "pack": "mine",
        "title": "Mine",
        "parameters": [share_parameter()],
        "rules": [rule()],
    }
    fields.update(changes)
    return RulePack(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["rules", b"rules", 3])
def test_pack_rules_must_be_a_list(value: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        pack(rules=value)
    assert str(caught.value) == f"RulePack.rules: must be a list of Rule records (got {value!r})"
    assert caught.value.value == value


def test_each_pack_parameter_must_be_a_parameter() -> None:
    with pytest.raises(InvalidValueError) as caught:
        pack(parameters=[share_parameter(), "p"])
    assert str(caught.value) == "RulePack.parameters: item 1 must be a Parameter, not str (got 'p')"
    assert caught.value.value == "p"


def test_a_pack_keeps_its_items_as_a_tuple_and_defaults_to_none() -> None:
    assert pack(rules=iter([rule()])).rules == (rule(),)
    assert RulePack(pack="empty", title="Empty").rules == ()
    assert RulePack(pack="empty", title="Empty").parameters == ()


def test_a_pack_problem_carries_the_threshold_it_names() -> None:
    alternative = {
        "measure": Measure(kind="unleased_area"),
        "comparator": "at_most",
        "threshold": "r.max-area",
    }
    from industrial_policy.rules import Condition

    # The first condition has no upper parameter: the check goes on to the alternative.
    broken = pack(rules=[rule(alternative=Condition(**alternative))])  # type: ignore[arg-type]
    problems = broken.problems()
    assert [str(p) for p in problems] == [
        "rules[0].alternative.threshold: names no parameter of the pack"
    ]
    assert problems[0].value == "r.max-area"


def test_a_pack_problem_for_a_parameter_in_the_wrong_unit() -> None:
    area = Parameter(id="r.min-share", unit="hectare", values=[ParameterValue(5)])
    problems = pack(parameters=[area]).problems()
    assert [str(p) for p in problems] == [
        "rules[0].threshold: parameter 'r.min-share' is in hectare,"
        " but the measure category_share is in ratio"
    ]
    assert problems[0].value == "r.min-share"


def test_a_duplicate_id_is_reported_at_its_second_use() -> None:
    problems = pack(rules=[rule(), rule(id="s"), rule()]).problems()
    assert [str(p) for p in problems] == ["rules[2].id: id 'r' is used twice"]
    assert problems[0].value == "r"


def test_an_unknown_rule_in_a_rule_set() -> None:
    with pytest.raises(UnknownRecordError) as caught:
        RuleSet.of([pack()]).rule("s")
    assert "no rule 's' in the rule set" in str(caught.value)


def test_a_rule_in_two_packs() -> None:
    with pytest.raises(RulePackError) as caught:
        RuleSet.of([pack(), pack(pack="other", parameters=[])])
    assert [str(p) for p in caught.value.problems] == [
        "pack 'other': rule 'r' is also in pack 'mine'"
    ]
    assert caught.value.problems[0].value == "r"


def test_a_parameter_defined_differently_in_two_packs() -> None:
    other = pack(pack="other", rules=[], parameters=[share_parameter(value=0.3)])
    with pytest.raises(RulePackError) as caught:
        RuleSet.of([pack(), other])
    assert [str(p) for p in caught.value.problems] == [
        "pack 'other': parameter 'r.min-share' is defined differently in another pack"
    ]
    assert caught.value.problems[0].value == "r.min-share"


def test_the_same_parameter_in_two_packs_is_one_parameter() -> None:
    same = pack(pack="other", rules=[rule(id="s")])
    rules = RuleSet.of([pack(), same])
    assert len(rules) == 2
    assert list(rules.parameters) == ["r.min-share"]


def test_a_pack_that_is_not_a_table() -> None:
    with pytest.raises(RulePackError) as caught:
        read_pack(["rules"], source="mine.toml")
    assert caught.value.source == "mine.toml"
    assert [p.path for p in caught.value.problems] == [""]
    assert str(caught.value) == (
        "invalid rule pack in mine.toml: 1 problem\n  - a rule pack must hold a table at the top"
    )


def test_a_pack_with_a_bad_field_names_its_source_and_path() -> None:
    text = 'pack = "mine"\ntitle = "Mine"\n[[parameters]]\nid = "p"\nunit = "acre"\nvalues = []\n'
    with pytest.raises(RulePackError) as caught:
        parse_pack(text, "mine.toml")
    assert caught.value.source == "mine.toml"
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].path.startswith("parameters[0].unit")
    assert "must be one of ratio, hectare" in caught.value.problems[0].message


def test_a_pack_whose_rules_do_not_fit_names_its_source() -> None:
    text = (
        'pack = "mine"\ntitle = "Mine"\n[[rules]]\nid = "r"\ntitle = "T"\ncitation = "C"\n'
        'authority = "national"\nmeasure = { kind = "occupancy" }\ncomparator = "at_least"\n'
        'threshold = "nowhere"\n'
    )
    with pytest.raises(RulePackError) as caught:
        parse_pack(text, "mine.toml")
    assert caught.value.source == "mine.toml"
    assert [str(p) for p in caught.value.problems] == [
        "rules[0].threshold: names no parameter of the pack"
    ]


def test_a_pack_that_is_not_toml_names_its_source() -> None:
    with pytest.raises(RulePackError) as caught:
        parse_pack("pack = ", "mine.toml")
    assert caught.value.source == "mine.toml"
    assert caught.value.problems
    assert all(isinstance(p.path, str) for p in caught.value.problems)


def test_a_pack_name_that_is_neither_shipped_nor_toml() -> None:
    with pytest.raises(RulePackError) as caught:
        load_pack("vn-lands")
    [problem] = caught.value.problems
    assert problem.path == ""
    assert problem.value == "vn-lands"
    assert problem.message == (
        "no shipped rule pack 'vn-lands' (shipped: vn-land, vn-national);"
        " a pack file must be a .toml file"
    )


def test_a_missing_pack_file_names_its_path(tmp_path: Path) -> None:
    path = tmp_path / "missing.toml"
    with pytest.raises(RulePackError) as caught:
        load_pack(path)
    assert caught.value.source == str(path)
    assert caught.value.problems
    assert str(path) in str(caught.value)


def test_a_pack_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mine.TOML"
    path.write_bytes('\ufeffpack = "mine"\ntitle = "Mine ½"\n'.encode())
    assert load_pack(path).title == "Mine ½"


def test_a_pack_file_that_is_not_utf8_names_its_path(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes('pack = "mine"\ntitle = "Mine é"\n'.encode("latin-1"))
    with pytest.raises(RulePackError) as caught:
        load_pack(path)
    assert caught.value.source == str(path)
    assert "UTF-8" in str(caught.value)


def test_a_pack_with_an_unknown_field_names_its_source_and_the_field() -> None:
    with pytest.raises(RulePackError) as caught:
        parse_pack('pack = "mine"\ntitle = "Mine"\ncolour = 1\n', "mine.toml")
    assert caught.value.source == "mine.toml"
    [problem] = caught.value.problems
    assert problem.path == "colour"
    assert problem.message.startswith("unknown field")
    assert str(caught.value).startswith("invalid rule pack in mine.toml: 1 problem\n  - colour: ")


def test_a_pack_missing_its_title_names_its_source() -> None:
    with pytest.raises(RulePackError) as caught:
        parse_pack('pack = "mine"\n', "mine.toml")
    assert caught.value.source == "mine.toml"
    assert [str(p) for p in caught.value.problems] == ["title: required field missing"]


# -- measures in words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("use", "words"),
    [
        ("reserved", "reserved for"),
        ("leased", "leased on the date to projects of"),
        ("reserved_or_leased", "reserved for, or leased on the date to projects of,"),
    ],
)
def test_a_category_share_in_words(use: str, words: str) -> None:
    measure = Measure(
        kind="category_share",
        categories=["supporting_industry", "hi_tech"],
        use=use,
        base="industrial_land",
    )
    assert measure.describe() == (
        f"share = land {words} hi-tech or supporting industry ÷ industrial land"
    )


@pytest.mark.parametrize(
    ("measure", "words"),
    [
        (
            Measure(kind="industry_share", base="total_area"),
            "share = land leased on the date to projects of the park's industry ÷ total area",
        ),
        (
            Measure(kind="occupancy"),
            "occupancy = industrial land leased on the date ÷ industrial land for lease",
        ),
        (
            Measure(kind="unleased_area"),
            "unleased land = industrial land for lease − industrial land leased on the date",
        ),
        (Measure(kind="total_area"), "the zone's total area"),
        (
            Measure(kind="area_after_expansion", input="x"),
            "area after expansion = total area + the proposed expansion",
        ),
        (
            Measure(kind="largest_phase", input="x"),
            "the area of the park's largest development phase",
        ),
        (
            Measure(kind="housing_share", base="total_area"),
            "share = (land for workers' housing in the parks) ÷ total area of the parks",
        ),
        (
            Measure(kind="housing_share", base="total_area", input="x"),
            "share = (land for workers' housing in the parks + housing land outside the parks)"
            " ÷ total area of the parks",
        ),
    ],
)
def test_a_measure_in_words(measure: Measure, words: str) -> None:
    assert measure.describe() == words
