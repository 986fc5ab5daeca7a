"""Rule packs: what ships (every threshold of DOMAIN.md §7 and §5), and strict loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import industrial_policy as ip
from industrial_policy.categories import HI_TECH_PARK_CATEGORIES
from industrial_policy.rules import (
    Authority,
    MeasureKind,
    RulePackError,
    RuleSet,
    Use,
    load_pack,
    load_packs,
    parse_pack,
    shipped_packs,
)

DECREE_35 = "Decree 35/2022/NĐ-CP"
DECREE_32 = "Decree 32/2024/NĐ-CP"
DECREE_68 = "Decree 68/2017/NĐ-CP"
D35, D32, D68 = dt.date(2022, 7, 15), dt.date(2024, 5, 1), dt.date(2017, 7, 15)

# DOMAIN.md §5 and §7 and the sources cited in the packs: per value, the figure, the day it
# takes effect, whether it is verified (figure and article read in a cited source), the article.
SHIPPED = {
    "vn-land.hi-tech-reserve.min-share": [(0.20, dt.date(2021, 8, 23), False, None)],
    "vn-land.supporting-reserve.min-share": [(0.50, dt.date(2021, 8, 23), False, None)],
    "vn-national.supporting-park.min-share": [(0.60, D35, False, None)],
    "vn-national.specialised-park.min-share": [(0.60, D35, True, "2")],
    "vn-national.hi-tech-park.min-share": [(0.30, D35, True, "2")],
    "vn-national.phase.max-area": [(500, D35, True, "9")],
    "vn-national.border-coastal-ez.min-area": [(10_000, D35, False, None)],
    "vn-national.workers-housing.min-share": [(0.02, D35, False, None)],
    "vn-national.new-cluster.min-occupancy": [(0.50, D68, False, None), (0.50, D32, True, "8")],
    "vn-national.new-cluster.max-unleased": [(50, D68, False, None), (100, D32, True, "8")],
    "vn-national.cluster-expansion.max-area": [(75, D68, False, None), (75, D32, True, "8")],
    "vn-national.cluster-expansion.min-occupancy": [
        (0.60, D68, False, None),
        (0.60, D32, True, "8"),
    ],
}


def test_the_shipped_packs() -> None:
    assert shipped_packs() == ["vn-land", "vn-national"]
    assert len(load_packs()) == len(load_pack("vn-land").rules) + len(
        load_pack("vn-national").rules
    )


@pytest.mark.parametrize("parameter_id", sorted(SHIPPED))
def test_every_threshold_is_shipped_with_its_date_citation_and_authority(parameter_id: str) -> None:
    parameter = load_packs().parameters[parameter_id]
    assert [
        (v.value, v.effective_from, v.verified, v.source.article if v.source else None)
        for v in parameter.values
    ] == SHIPPED[parameter_id]
    assert parameter.citation
    for value in parameter.values:
        assert value.source is not None
        if not parameter_id.startswith("vn-land."):
            assert value.source.url
            assert value.source.url.startswith("http")
            assert value.source.retrieved == dt.date(2026, 12, 4)
    if parameter_id.startswith("vn-land."):
        assert parameter.authority is Authority.PROVINCIAL
        assert parameter.jurisdiction == "Hải Dương"
        assert "34th meeting, 23 Aug 2021" in parameter.citation
        assert "not a legal effective date" in (parameter.values[0].note or "")
    elif "cluster" in parameter_id:
        assert parameter.authority is Authority.NATIONAL
        assert [v.source.document.split(",")[0] for v in parameter.values if v.source] == [
            DECREE_68,
            DECREE_32,
        ]
    else:
        assert parameter.authority is Authority.NATIONAL
        assert DECREE_35 in parameter.citation


def test_the_new_park_occupancy_threshold_is_left_to_the_user_and_unverified() -> None:
    parameter = load_packs().parameters["vn-national.new-park.min-occupancy"]
    assert parameter.values == ()
    assert parameter.verified is False
    assert "60%" in (parameter.description or "")  # said to be commonly cited, not shipped
    assert load_packs().parameters["vn-land.occupancy.min-share"].values == ()


def test_every_rule_has_a_citation_an_authority_and_a_period_or_says_why_not() -> None:
    for rule in load_packs().rules:
        assert rule.citation
        assert rule.title
        assert rule.authority
        if rule.id.startswith("vn-land.") and rule.id != "vn-land.occupancy":
            assert rule.authority is Authority.PROVINCIAL
            assert rule.jurisdiction == "Hải Dương"
            assert rule.in_force_from == dt.date(2021, 8, 23)
        elif rule.id == "vn-national.new-cluster":
            assert rule.citation.startswith(f"{DECREE_32} on management and development")
            assert (rule.in_force_from, rule.in_force_until) == (D32, None)
        elif rule.id == "vn-national.new-cluster-2017":
            assert rule.citation.startswith(DECREE_68)
            assert (rule.in_force_from, rule.in_force_until) == (D68, dt.date(2024, 4, 30))
        elif "cluster" in rule.id:
            assert DECREE_32 in rule.citation
            assert DECREE_68 in rule.citation
            assert rule.in_force_from == D68
        elif rule.id.startswith("vn-national."):
            assert DECREE_35 in rule.citation
            assert rule.in_force_from == D35
            assert rule.before
            assert "Decree 82/2018/NĐ-CP" in rule.before


def test_the_rules_measure_what_the_sources_say() -> None:
    rules = load_packs()
    hi_tech = rules.rule("vn-land.hi-tech-reserve")
    assert hi_tech.scope.specialises_in_hi_tech is False
    assert hi_tech.measure.base is not None
    assert hi_tech.measure.base.value == "total_area"
    assert hi_tech.measure.use is Use.RESERVED_OR_LEASED
    park = rules.rule("vn-national.hi-tech-park")
    assert park.measure.categories == HI_TECH_PARK_CATEGORIES
    assert park.measure.use is Use.LEASED
    assert rules.rule("vn-land.occupancy").measure.kind is MeasureKind.OCCUPANCY
    new_cluster = rules.rule("vn-national.new-cluster")
    assert new_cluster.alternative is not None
    assert new_cluster.alternative.measure.kind is MeasureKind.UNLEASED_AREA
    assert [f.role.value for f in rules.rule("vn-national.cluster-expansion-occupancy").facts] == [
        "alternative",
        "required",
    ]
    assert rules.rule("vn-national.phase-size").citation.startswith("Decree 35/2022/NĐ-CP, Art. 9")


def test_shipped_packs_are_read_on_first_use_only() -> None:
    import subprocess
    import sys

    code = (
        "import sys, industrial_policy.rules;"
        "print('industrial_policy.rules.packs' in sys.modules, 'tomllib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The module is imported, but no pack file has been parsed.
    from industrial_policy.rules import packs

    packs._shipped.cache_clear()
    assert out.stdout.split()[0] == "True"
    assert packs._shipped.cache_info().currsize == 0


# -- strict loading -------------------------------------------------------------------------------

MALFORMED = """
pack = "mine"
title = "Mine"

[[parameters]]
id = "p"
unit = "acres"
values = [{ effective_from = 2021-01-01, value = -1 }]

[[parameters]]
id = "q"
unit = "ratio"
values = [{ effective_from = "someday", value = 0.2 }]

[[rules]]
id = "r"
title = "R"
citation = "C"
authority = "municipal"
measure = { kind = "category_share" }
comparator = "at_least"
threshold = "p"
colour = "red"

[[rules]]
id = "s"
title = "S"
citation = "C"
authority = "national"
measure = { kind = "occupancy", base = "total_area" }
comparator = "between"
threshold = "q"
levels = ["zone", "planet"]
"""


def test_a_malformed_pack_lists_every_problem_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(MALFORMED, encoding="utf-8")
    with pytest.raises(RulePackError) as caught:
        load_pack(bad)
    error = caught.value
    paths = {p.path for p in error.problems}
    assert {
        "parameters[0].unit",
        "parameters[1].values[0].effective_from",
        "rules[0].authority",
        "rules[0].colour",
        "rules[1].levels",
    } <= paths, paths
    assert any(p.startswith("parameters[0].values[0]") and "value" in p for p in paths)
    assert any(p.startswith("rules[0].measure") for p in paths)
    assert any(p.startswith("rules[1].measure") for p in paths)
    assert isinstance(error, ip.ProblemsError)
    assert str(bad) in str(error)
    assert "rules[0].colour: unknown field" in str(error)
    # A check across fields is reported once the fields it reads are valid.
    fixed = MALFORMED.split("[[rules]]")[0].replace("acres", "ratio").replace("-1", "0.1")
    fixed = fixed.replace('"someday"', "2021-01-01") + "[[rules]]" + MALFORMED.split("[[rules]]")[2]
    fixed = fixed.replace(', base = "total_area"', "").replace(', "planet"', "")
    with pytest.raises(RulePackError) as again:
        parse_pack(fixed)
    assert [str(p) for p in again.value.problems] == [
        "rules[0].threshold_upper: 'between' needs a second parameter (top or ±), got None"
        " (Rule 's')"
    ]


def test_rules_that_do_not_fit_their_parameters(tmp_path: Path) -> None:
    text = """
pack = "mine"
title = "Mine"
[[parameters]]
id = "share"
unit = "ratio"
values = [{ value = 0.2 }]
[[parameters]]
id = "share"
unit = "ratio"
[[rules]]
id = "r"
title = "R"
citation = "C"
authority = "national"
measure = { kind = "total_area" }
comparator = "at_least"
threshold = "share"
alternative = { measure = { kind = "occupancy" }, comparator = "at_least", threshold = "nothing" }
[[rules]]
id = "r"
title = "R again"
citation = "C"
authority = "national"
measure = { kind = "occupancy" }
comparator = "at_least"
threshold = "share"
"""
    with pytest.raises(RulePackError) as caught:
        parse_pack(text, "mine.toml")
    messages = {p.path: p.message for p in caught.value.problems}
    assert messages["parameters[1].id"] == "id 'share' is used twice"
    assert messages["rules[1].id"] == "id 'r' is used twice"
    assert "is in ratio, but the measure total_area is in hectare" in messages["rules[0].threshold"]
    assert messages["rules[0].alternative.threshold"] == "names no parameter of the pack"


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        (
            '{ kind = "category_share", use = "reserved", base = "total_area" }',
            "needs the categories",
        ),
        (
            '{ kind = "category_share", categories = ["hi_tech"], base = "total_area" }',
            "reserved, leased",
        ),
        (
            '{ kind = "category_share", categories = ["hi_tech"], use = "leased" }',
            "total_area or industrial_land",
        ),
        ('{ kind = "occupancy", categories = ["hi_tech"] }', "takes no categories"),
        ('{ kind = "total_area", input = "x" }', "takes no input"),
        ('{ kind = "largest_phase" }', "needs the name of its input"),
        ('{ kind = "weight" }', "must be one of"),
    ],
)
def test_measures_say_what_they_need(measure: str, message: str) -> None:
    text = f"""
pack = "m"
title = "M"
[[rules]]
id = "r"
title = "R"
citation = "C"
authority = "national"
measure = {measure}
comparator = "at_least"
threshold = "p"
"""
    with pytest.raises(RulePackError, match=message):
        parse_pack(text)


def test_levels_that_cannot_be_rolled_up() -> None:
    text = """
pack = "m"
title = "M"
[[parameters]]
id = "p"
unit = "hectare"
values = [{ value = 1 }]
[[rules]]
id = "r"
title = "R"
citation = "C"
authority = "national"
measure = { kind = "total_area" }
comparator = "at_least"
threshold = "p"
levels = ["zone", "economic_zone"]
"""
    with pytest.raises(RulePackError, match="cannot roll up to economic zones"):
        parse_pack(text)
    phased = text.replace('{ kind = "total_area" }', '{ kind = "largest_phase", input = "x" }')
    phased = phased.replace("scope", "x").replace(
        'levels = ["zone", "economic_zone"]', 'levels = ["zone", "province"]'
    )
    with pytest.raises(RulePackError, match="evaluated at one level"):
        parse_pack(phased)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="no shipped rule pack 'vn-nowhere'"):
        load_pack("vn-nowhere")
    with pytest.raises(RulePackError, match="no such file"):
        load_pack(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("pack = ", encoding="utf-8")
    with pytest.raises(RulePackError, match="not valid TOML"):
        load_pack(broken)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('title = "Hải Dương"'.encode("utf-16"))
    with pytest.raises(RulePackError, match="not UTF-8"):
        load_pack(latin)
    from industrial_policy.rules.packs import read_pack

    with pytest.raises(RulePackError, match="a table at the top"):
        read_pack(["not", "a", "table"])


def test_a_user_pack_with_a_changed_threshold(tmp_path: Path) -> None:
    text = (Path(ip.rules.__file__).parent / "packs" / "vn-land.toml").read_text(encoding="utf-8")
    mine = text.replace('pack = "vn-land"', 'pack = "mine"')
    path = tmp_path / "mine.toml"
    path.write_text(mine, encoding="utf-8")
    pack = load_pack(path)
    assert pack.pack == "mine"
    with pytest.raises(RulePackError, match="is also in pack 'vn-land'"):
        RuleSet.of([load_pack("vn-land"), pack])
    changed = mine.replace("value = 0.20\n", "value = 0.25\n")
    assert changed != mine
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(RulePackError, match="defined differently in another pack"):
        RuleSet.of([load_pack("vn-national"), load_pack(path), load_pack("vn-land")])
