"""Policy rules as data, evaluated over a dataset on a date.

Rules live in TOML rule packs: ``vn-land`` (the Hải Dương 2021 provincial
quotas and occupancy) and ``vn-national`` (Decree 35/2022/ND-CP and the
industrial-cluster conditions) ship with the library; users load their own
with :func:`load_pack`. :func:`evaluate` returns a
:class:`~industrial_policy.findings.Report` whose findings explain
themselves. See ``docs/rules.md``.
"""

from industrial_policy.rules.engine import RELATIVE_TOLERANCE, evaluate
from industrial_policy.rules.model import Level, Measure, MeasureKind, Rule, RulePack, Scope, Use
from industrial_policy.rules.packs import (
    RulePackError,
    RuleSet,
    load_pack,
    load_packs,
    shipped_packs,
)
from industrial_policy.rules.parameters import Authority, Parameter, ParameterValue

__all__ = [
    "RELATIVE_TOLERANCE",
    "Authority",
    "Level",
    "Measure",
    "MeasureKind",
    "Parameter",
    "ParameterValue",
    "Rule",
    "RulePack",
    "RulePackError",
    "RuleSet",
    "Scope",
    "Use",
    "evaluate",
    "load_pack",
    "load_packs",
    "shipped_packs",
]
