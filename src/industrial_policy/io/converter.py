"""The cattrs converter between plain data (parsed TOML or JSON) and the value types.

Structuring hands every scalar to the value types' own converters untouched
(``"3676 ha"`` reaches ``Zone.total_area``, which parses it), so a file and
the Python API accept and reject exactly the same values. cattrs' own scalar
coercions are switched off on purpose: they would turn ``1.5`` into ``1``
and ``"false"`` into ``True``. Unknown keys are errors, never ignored.

Failures are collected over the whole document (cattrs' detailed validation)
and turned into :class:`~industrial_policy.errors.Problem` with a path such
as ``zones[3].total_area``.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import cattrs
import pint
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from dateutil.relativedelta import relativedelta

from industrial_policy.amounts import Amount, decimal_text, plain_amount
from industrial_policy.columnar import Table
from industrial_policy.errors import (
    IndustrialPolicyError,
    InvalidValueError,
    Problem,
    ProblemsError,
    english,
    maybe_meant,
    short_repr,
)
from industrial_policy.money import ExchangeRate, ExchangeRates, Money, money_text, parse_money
from industrial_policy.periods import Period, parse_deadline, parse_period
from industrial_policy.units import format_area

__all__ = ["converter", "counted_problems", "make_converter", "problems_of"]


class ShapeError(IndustrialPolicyError, TypeError):
    """A value of the wrong shape: a list where a table belongs, or the reverse."""


def type_name(value: object) -> str:
    """How a value of a document is named in messages: ``a table``, ``a list``, ``text``..."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return type(value).__name__


def _sequence_item(t: Any) -> Any | None:
    """The item type of ``tuple[X, ...]`` / ``list[X]``, else None."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    if origin in (list, Table) and len(args) == 1:
        return args[0]
    return None


def _is_deadline(t: Any) -> bool:
    return typing.get_origin(t) in (typing.Union, types.UnionType) and {
        a for a in typing.get_args(t) if a is not type(None)
    } == {dt.date, Period}


def _is_leaf_class(t: Any) -> bool:
    """Attrs classes written as text or a number, read by the fields' own converters."""
    return t is Money or t is Amount


def _needs_structuring(t: Any) -> bool:
    if _is_leaf_class(t):
        return False
    if t is ExchangeRates or t is Period or _is_deadline(t):
        return True
    if isinstance(t, type) and attrs.has(t):
        return True
    item = _sequence_item(t)
    if item is not None:
        return _needs_structuring(item)
    if typing.get_origin(t) in (typing.Union, types.UnionType):
        return any(_needs_structuring(a) for a in typing.get_args(t) if a is not type(None))
    return False


def _pass_through(value: Any, _: Any) -> Any:
    return value


Readers = Mapping[type, Callable[[Any], Any]]
"""Record kinds read as a whole list (as columns) rather than record by record: the function
reading a document's list of tables of the kind. It raises a
:class:`~industrial_policy.errors.ProblemsError` whose paths start at the list (``[3].area``)."""


def _make_converter(readers: Readers | None = None) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    whole = dict(readers or {})

    def structure_records(t: Any) -> Callable[[Any, Any], Any]:
        item = _sequence_item(t)
        item_name = getattr(item, "__name__", str(item))
        if typing.get_origin(t) is Table and item in whole:
            read = whole[item]
            return lambda value, _: read(value)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise ShapeError(f"expected a list of {item_name} tables, got {type_name(value)}")
            result, errors = [], []
            for index, element in enumerate(value):
                try:
                    result.append(conv.structure(element, item))  # type: ignore[arg-type]
                except Exception as exc:
                    exc.add_note(IterableValidationNote(f"@ index {index}", index, item))
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {t}", errors, t)
            return tuple(result)

        return structure

    def structure_class(cl: type) -> Callable[[Any, Any], Any]:
        fields = [f for f in attrs.fields(attrs.resolve_types(cl)) if f.init]
        # cattrs inlines str()/int() for fields typed str or int; the explicit
        # override keeps the raw value for the field's own converter to judge.
        raw = {
            f.name: override(struct_hook=_pass_through)
            for f in fields
            if not _needs_structuring(f.type)
        }
        base: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cl,
            conv,
            _cattrs_forbid_extra_keys=False,
            _cattrs_detailed_validation=True,
            **raw,  # type: ignore[arg-type]
        )
        allowed = {f.alias or f.name for f in fields}

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                raise ShapeError(
                    f"expected a table of {cl.__name__} fields, got {type_name(value)}"
                )
            errors: list[Exception] = []
            unknown = set(value) - allowed
            if unknown:
                errors.append(ForbiddenExtraKeysError("", cl, unknown))
                value = {k: v for k, v in value.items() if k in allowed}
            try:
                result = base(value, cl)
            except ClassValidationError as exc:
                errors.extend(_every_field_error(cl, fields, value, exc))
            if errors:
                raise ClassValidationError(f"While structuring {cl.__name__}", errors, cl)
            return result

        return structure

    def structure_rates(value: Any, _: Any) -> ExchangeRates:
        if value is None:
            return ExchangeRates(())
        return ExchangeRates(structure_records(tuple[ExchangeRate, ...])(value, None))

    conv.register_structure_hook_func(lambda t: not _needs_structuring(t), _pass_through)
    conv.register_structure_hook_factory(lambda t: _sequence_item(t) is not None, structure_records)
    conv.register_structure_hook_factory(
        lambda t: isinstance(t, type) and attrs.has(t), structure_class
    )
    conv.register_structure_hook(ExchangeRates, structure_rates)
    conv.register_structure_hook(Period, lambda value, _: parse_period(value))
    conv.register_structure_hook(Money, lambda value, _: parse_money(value))
    conv.register_unstructure_hook(Decimal, decimal_text)
    conv.register_unstructure_hook(relativedelta, duration_text)
    conv.register_unstructure_hook(Amount, plain_amount)
    conv.register_structure_hook_func(
        _is_deadline, lambda value, _: None if value is None else parse_deadline(value)
    )

    conv.register_unstructure_hook_func(_is_quantity, format_area)
    conv.register_unstructure_hook_func(
        _is_plain_union,
        lambda value: conv.unstructure(value),  # by the value's own class
    )
    conv.register_unstructure_hook(Money, money_text)
    conv.register_unstructure_hook(Period, lambda period: period.canonical_label)
    conv.register_unstructure_hook_func(_is_deadline, _deadline_value)
    conv.register_unstructure_hook(dt.date, _pass_through_one)
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_value
    )
    conv.register_unstructure_hook_func(_is_frozenset, _sorted_values)
    conv.register_unstructure_hook(
        ExchangeRates, lambda rates: [conv.unstructure(rate, ExchangeRate) for rate in rates]
    )
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and attrs.has(t),
        lambda cl: make_dict_unstructure_fn(cl, conv, _cattrs_omit_if_default=True),
    )
    conv.register_unstructure_hook_factory(
        _is_table,
        lambda t: lambda table: [conv.unstructure(record, table.kind) for record in table],
    )
    return conv


def duration_text(duration: relativedelta) -> str:
    """``"2 years"``, ``"1 year 6 months"``: what the duration fields read back."""
    parts = []
    for name, amount in (
        ("year", duration.years),
        ("month", duration.months),
        ("day", duration.days),
    ):
        if amount:
            parts.append(f"{amount} {name}{'' if abs(amount) == 1 else 's'}")
    return " ".join(parts) or "0 days"


def _deadline_value(value: dt.date | Period | None) -> Any:
    return value.canonical_label if isinstance(value, Period) else value


def _every_field_error(
    cl: type, fields: list[attrs.Attribute[Any]], data: dict[str, Any], exc: ClassValidationError
) -> list[Exception]:
    """The errors of a record, with every bad plain field, not only the first.

    attrs stops at the first converter or validator that raises, and a bad
    nested record stops the record from being built at all; to list every
    problem, the plain fields (not nested records) are converted and
    validated one by one on a bare instance. A check that needs other fields
    (a cross-field rule) is reported once those fields are valid.
    """
    errors = list(exc.exceptions)
    # The field that stopped the constructor is reported already: converting a
    # (possibly huge) bad value a second time would only double the cost.
    reported = {e.field for e in errors if isinstance(e, InvalidValueError) and not _noted(e)}
    bare: Any = object.__new__(cl)
    found: list[Exception] = []
    for field in fields:
        name = field.alias or field.name
        if name not in data or _needs_structuring(field.type) or field.name in reported:
            continue
        converter = field.converter
        try:
            if isinstance(converter, attrs.Converter):
                converted = converter.converter(data[name], bare, field)  # type: ignore[attr-defined]
            elif converter is not None:
                converted = converter(data[name])
            else:
                converted = data[name]
            object.__setattr__(bare, field.name, converted)
            if field.validator is not None:
                field.validator(bare, field, converted)
        except InvalidValueError as error:
            found.append(error)
        except Exception:
            continue
    if not found:
        return errors
    messages = {english(e) for e in found}
    kept = [
        e
        for e in errors
        if _noted(e) or not isinstance(e, InvalidValueError) or english(e) not in messages
    ]
    unnoted = [e for e in kept if isinstance(e, InvalidValueError) and not _noted(e)]
    kept = [e for e in kept if e not in unnoted] + [
        e
        for e in unnoted
        if e.field not in {f.field for f in found if isinstance(f, InvalidValueError)}
    ]
    return kept + found


def _noted(exc: BaseException) -> bool:
    return any(isinstance(n, AttributeValidationNote) for n in getattr(exc, "__notes__", ()))


def _is_table(t: Any) -> bool:
    origin: Any = typing.get_origin(t)
    return origin is Table


def _is_plain_union(t: Any) -> bool:
    origin: Any = typing.get_origin(t)
    return origin in (typing.Union, types.UnionType) and not _is_deadline(t)


def _is_quantity(t: Any) -> bool:
    if isinstance(t, type) and issubclass(t, pint.Quantity):
        return True
    return typing.get_origin(t) is pint.Quantity


def _is_frozenset(t: Any) -> bool:
    return t is frozenset or typing.get_origin(t) is frozenset


def _pass_through_one(value: Any) -> Any:
    return value


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _sorted_values(items: frozenset[Any]) -> list[Any]:
    return sorted(item.value if isinstance(item, enum.Enum) else item for item in items)


@cache
def converter() -> cattrs.Converter:
    """The converter of the dataset format, record by record, built on first use."""
    return _make_converter()


def make_converter(readers: Readers) -> cattrs.Converter:
    """A converter of the dataset format that reads the kinds of ``readers`` as whole lists."""
    return _make_converter(readers)


def problems_of(exc: BaseException, path: str = "") -> list[Problem]:
    """Every failure inside a (nested) cattrs validation error, each with its path."""
    return counted_problems(exc, path)[0]


def counted_problems(exc: BaseException, path: str = "") -> tuple[list[Problem], int]:
    """:func:`problems_of`, and how many problems there are: more than listed where a
    reader of a whole list kept only the first of its problems."""
    problems: list[Problem] = []
    hidden = [0]
    _walk(exc, path, problems, hidden)
    return problems, len(problems) + hidden[0]


def join_path(path: str, inner: str) -> str:
    """``inner`` (``area``, ``[3].area``) inside ``path`` (``parcels``)."""
    if not path or not inner:
        return path or inner
    return f"{path}{inner}" if inner.startswith("[") else f"{path}.{inner}"


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LONGEST_PLAIN_KEY = 64


def key_path(path: str, key: object) -> str:
    """The path of ``key`` inside ``path``: ``zones[0].colour``, or ``zones[0]['\\x1b[2J']``.

    A key from a file may hold anything; one that is not a plain name (or is
    a very long one) is quoted and shortened, so that control characters in
    it never reach a terminal and the path stays readable.

    >>> key_path("zones[0]", "colour"), key_path("", "Đại An"), key_path("", "a\\x1b")
    ('zones[0].colour', "['Đại An']", "['a\\\\x1b']")
    """
    if isinstance(key, str) and len(key) <= _LONGEST_PLAIN_KEY and _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{short_repr(key)}]"


def _walk(exc: BaseException, path: str, out: list[Problem], hidden: list[int]) -> None:
    if isinstance(exc, BaseExceptionGroup):
        for sub in exc.exceptions:
            sub_path = path
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    sub_path = f"{path}.{note.name}" if path else note.name
                elif isinstance(note, IterableValidationNote):
                    sub_path = f"{path}[{note.index}]"
            _walk(sub, sub_path, out, hidden)
        return
    if isinstance(exc, ProblemsError):
        hidden[0] += exc.total - len(exc.problems)
    out.extend(_leaf(exc, path))


def _leaf(exc: BaseException, path: str) -> list[Problem]:
    if isinstance(exc, ProblemsError):
        return [attrs.evolve(p, path=join_path(path, p.path)) for p in exc.problems]
    if isinstance(exc, InvalidValueError):
        field_path = path
        if exc.field and not path.endswith(exc.field):
            field_path = f"{path}.{exc.field}" if path else exc.field
        where = f" ({exc.record_type} {exc.record_id!r})" if exc.record_id is not None else ""
        reason = readable(exc.reason)
        return [Problem(field_path, f"{reason}, got {short_repr(exc.value)}{where}", exc.value)]
    if isinstance(exc, ForbiddenExtraKeysError):
        fields = [a.alias or a.name for a in attrs.fields(exc.cl) if a.init]
        known = ", ".join(fields)
        kind = exc.cl.__name__
        return [
            Problem(
                key_path(path, key),
                f"unknown field{maybe_meant(key, fields)}; the fields of {kind} are: {known}",
                key,
            )
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, KeyError):
        key = str(exc.args[0]) if exc.args else "?"
        if not path.endswith(f".{key}") and path != key:
            path = f"{path}.{key}" if path else key
        return [Problem(path, "required field missing")]
    if isinstance(exc, IndustrialPolicyError):
        return [Problem(path, readable(english(exc)))]
    return [Problem(path, f"cannot be read: {type(exc).__name__}: {readable(str(exc))}")]


_LONGEST_REASON = 500


def readable(text: str) -> str:
    """``text`` fit for one line of an error message: at most about 500 characters, with
    control characters (and line breaks) escaped as Python writes them.

    A message from a field's own check may quote the file's text; whatever the
    check does, the problem listed for a file stays one short, harmless line.

    >>> readable("'h\\x1ba' is not an area unit")
    "'h\\\\x1ba' is not an area unit"
    >>> len(readable("x" * 10_000_000)) < 600
    True
    """
    if len(text) > _LONGEST_REASON:
        text = f"{text[:_LONGEST_REASON]}...<{len(text):,} characters>"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
