"""The typed ``__init__`` of every record class: what its converters accept.

attrs' mypy plugin types each argument of a generated ``__init__`` as the field's
annotation (the converted value: ``ZoneKind``, ``pint.Quantity``) unless the converter is
a plain named function, and the library's converters take the record and the field to
name them in errors. So each record class is declared ``@typed_init`` over
``@attrs.frozen(init=False)`` and carries, under ``TYPE_CHECKING``, an ``__init__`` typed
with what the converters accept (``ZoneKind | str``, ``AreaInput``...). This module writes
those blocks from the fields (``python tests/typing_examples/signatures.py``) and
``test_signatures.py`` checks that every block is what it would write.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs

from industrial_policy.columnar.schema import COLUMN, Form
from industrial_policy.dataset.container import Dataset
from industrial_policy.dataset.settings import EvaluationSettings
from industrial_policy.records import (
    dossiers,
    fees,
    figures,
    observations,
    offerings,
    parcels,
    procedures,
    projects,
    rate_targets,
    reported,
    targets,
    zones,
)

SOURCE = Path(__file__).resolve().parents[2] / "src"

#: Every class whose calls users write: the record kinds and the dataset.
CLASSES: tuple[type[Any], ...] = (
    zones.Zone,
    parcels.Parcel,
    projects.CapitalEvent,
    projects.ProductionValue,
    projects.Project,
    procedures.Procedure,
    offerings.ServiceOffering,
    dossiers.Dossier,
    dossiers.DossierCount,
    fees.Fee,
    fees.FeeDiscount,
    reported.ZoneScope,
    reported.ReportedFigure,
    figures.PublishedFigure,
    targets.Baseline,
    targets.Target,
    observations.Observation,
    rate_targets.RateTarget,
    EvaluationSettings,
    Dataset,
)

#: Fields whose converter is the record's own (not a ``_fields`` helper): what it accepts.
ACCEPTS: dict[tuple[str, str], str] = {
    ("Dataset", "exchange_rates"): "ExchangeRates | Iterable[ExchangeRate] | None",
    ("Dataset", "sources"): "Iterable[str]",
    ("EvaluationSettings", "dossier_periods"): "Iterable[_fields.PeriodInput]",
    ("EvaluationSettings", "rule_packs"): "Iterable[str]",
    ("Target", "basis"): "Measure | str | None",
    ("Target", "value"): "_fields.AmountInput",
    ("Target", "upper"): "_fields.AmountInput | None",
    ("Target", "tolerance"): "_fields.AmountInput | None",
    ("Target", "deadline"): "_fields.WhenInput",
    ("Target", "period"): "_fields.PeriodInput | None",
    ("Target", "since"): "_fields.DateInput | None",
    ("Target", "baseline"): "Baseline | Mapping[str, Any] | None",
    ("Target", "zone_kinds"): "Iterable[ZoneKind | str] | None",
    ("Baseline", "on"): "_fields.WhenInput",
    ("Baseline", "value"): "_fields.AmountInput | None",
    ("ReportedFigure", "value"): "int | _fields.AreaInput",
    ("ReportedFigure", "parts"): "Sequence[str]",
    ("ZoneScope", "kinds"): "Iterable[ZoneKind | str] | None",
    ("FeeDiscount", "rate"): "_fields.AmountInput",
    ("FeeDiscount", "duration"): "relativedelta | str",
    ("FeeDiscount", "levels"): "Iterable[int]",
    ("FeeDiscount", "procedures"): "Iterable[str]",
    ("Observation", "on"): "_fields.WhenInput",
    ("Observation", "value"): "_fields.AmountInput",
    ("RateTarget", "deadline"): "_fields.DateInput",
    ("RateTarget", "growth"): "_fields.AmountInput | None",
    ("RateTarget", "baseline_on"): "_fields.DateInput | None",
    ("RateTarget", "baseline_value"): "_fields.AmountInput | None",
    ("DossierCount", "period"): "_fields.PeriodInput",
    ("PublishedFigure", "value"): "_fields.AmountInput",
    ("PublishedFigure", "on"): "_fields.WhenInput",
}

_BY_FORM = {
    Form.AREA: "_fields.AreaInput",
    Form.MONEY: "_fields.MoneyInput",
    Form.DATE: "_fields.DateInput",
}


def accepts(cls: type[Any], field: attrs.Attribute[Any]) -> str:
    """The type of what ``field``'s converter accepts, as written in the class's module."""
    # The annotation as written (a test may have resolved ``field.type`` to the type itself).
    written = {}
    for klass in reversed(cls.__mro__):
        written.update(getattr(klass, "__annotations__", {}))
    declared = str(written.get(field.name, field.type))
    optional = declared.endswith(" | None")
    base = declared.removesuffix(" | None")
    form = field.metadata.get(COLUMN)
    converter = getattr(field.converter, "converter", field.converter)
    name = getattr(converter, "__qualname__", "")
    if (cls.__name__, field.name) in ACCEPTS:
        return ACCEPTS[cls.__name__, field.name]
    if name.startswith("table."):
        kind = base.removeprefix("Table[").removesuffix("]")
        text = f"{base} | Iterable[{kind}]"
    elif form is None:
        text = base
    elif form.form is Form.ENUM:
        text = f"{base} | str"
    elif form.form is Form.ENUM_SET:
        text = f"Iterable[{base.removeprefix('frozenset[').removesuffix(']')} | str]"
    elif form.form is Form.NESTED:
        text = f"Iterable[{form.nested.__name__}]"
    else:
        text = _BY_FORM.get(form.form, base)
    return f"{text} | None" if optional else text


def init_text(cls: type[Any]) -> str:
    """The typed ``__init__`` of ``cls`` (its body is ``...``)."""
    positional, keyword = [], []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        has_default = field.default is not attrs.NOTHING
        parameter = f"{field.alias}: {accepts(cls, field)}{' = ...' if has_default else ''}"
        (keyword if field.kw_only else positional).append(parameter)
    parameters = ["self", *positional, *(["*", *keyword] if keyword else [])]
    return f"def __init__({', '.join(parameters)}) -> None: ..."


_MARK = "# What a call accepts, for type checkers: written by tests/typing_examples/signatures.py."


def _class_node(tree: ast.Module, cls: type[Any]) -> ast.ClassDef:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            return node
    raise LookupError(cls.__name__)


def typed_init_block(tree: ast.Module, cls: type[Any]) -> ast.If | None:
    """The ``if TYPE_CHECKING:`` block holding the class's typed ``__init__``, if any."""
    for node in _class_node(tree, cls).body:
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
            and any(isinstance(n, ast.FunctionDef) and n.name == "__init__" for n in node.body)
        ):
            return node
    return None


def path_of(cls: type[Any]) -> Path:
    return SOURCE / (cls.__module__.replace(".", "/") + ".py")


def rewrite() -> None:
    """Write (or rewrite) the typed ``__init__`` of every class in :data:`CLASSES`."""
    for cls in CLASSES:
        path = path_of(cls)
        lines = path.read_text("utf-8").splitlines(keepends=True)
        tree = ast.parse("".join(lines))
        block = typed_init_block(tree, cls)
        new = ["    if TYPE_CHECKING:\n", f"        {_MARK}\n", f"        {init_text(cls)}\n"]
        if block is not None:
            start = block.lineno - 1
            end = block.end_lineno or block.lineno
        else:
            fields = [n for n in _class_node(tree, cls).body if isinstance(n, ast.AnnAssign)]
            start = end = fields[-1].end_lineno or fields[-1].lineno
            new = ["\n", *new]
        lines[start:end] = new
        path.write_text("".join(lines), "utf-8")
    paths = sorted({str(path_of(cls)) for cls in CLASSES})
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", *paths], check=True)


if __name__ == "__main__":
    rewrite()
