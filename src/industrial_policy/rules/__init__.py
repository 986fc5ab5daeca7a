"""Policy rules as data, evaluated over a dataset on a date.

Rules live in TOML rule packs: ``vn-land`` (the Hải Dương 2021 provincial
quotas, and occupancy) and ``vn-national`` (Decree 35/2022/NĐ-CP, and Decree
32/2024/NĐ-CP with Decree 68/2017/NĐ-CP before it on clusters) ship with the
library; users load their own with :func:`load_pack`. Every shipped value and
its source is listed in ``docs/legal-reference.md``
(:mod:`industrial_policy.rules.reference`). :func:`evaluate` returns a
:class:`~industrial_policy.findings.Report` whose findings explain
themselves. See ``docs/rules.md``.

>>> import industrial_policy as ip
>>> from industrial_policy.rules import evaluate
>>> ds = ip.Dataset(zones=[ip.Zone(id="ccn-b", name="B", kind="industrial_cluster",
...                                province="Hải Dương", total_area="60 ha")],
...                 parcels=[ip.Parcel(id="b-1", zone_id="ccn-b", area="30 ha",
...                                    status="reserved", category="supporting_industry")])
>>> print(evaluate(ds, ["vn-land"], "2024-12-31")["vn-land.supporting-reserve/ccn-b"])
vn-land.supporting-reserve/ccn-b: pass (actual 50%, required ≥ 50%)
"""

from industrial_policy.errors import RulePackError
from industrial_policy.rules.engine import Rules, evaluate
from industrial_policy.rules.packs import (
    RulePack,
    RuleSet,
    load_pack,
    load_packs,
    parse_pack,
    shipped_packs,
)
from industrial_policy.rules.parameters import Authority, Parameter, ParameterValue, Source
from industrial_policy.rules.rule import (
    Base,
    Condition,
    Fact,
    FactRole,
    Level,
    Measure,
    MeasureKind,
    Rule,
    Scope,
    Use,
)
from industrial_policy.rules.verdicts import RELATIVE_TOLERANCE

__all__ = [
    "RELATIVE_TOLERANCE",
    "Authority",
    "Base",
    "Condition",
    "Fact",
    "FactRole",
    "Level",
    "Measure",
    "MeasureKind",
    "Parameter",
    "ParameterValue",
    "Rule",
    "RulePack",
    "RulePackError",
    "RuleSet",
    "Rules",
    "Scope",
    "Source",
    "Use",
    "evaluate",
    "load_pack",
    "load_packs",
    "parse_pack",
    "shipped_packs",
]
