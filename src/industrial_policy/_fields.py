"""Field definitions shared by the value types: converters that name the record.

Each helper returns an ``attrs.field`` whose converter turns accepted input
into the canonical value and raises
:class:`~industrial_policy.errors.InvalidValueError` naming the class, the
record id (when the ``id`` field is already set), the field and the value.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias, TypeVar

import attrs

from industrial_policy.columnar.scalars import IntColumn
from industrial_policy.columnar.schema import COLUMN, FieldForm, Form
from industrial_policy.columnar.table import Table
from industrial_policy.errors import InvalidValueError, maybe_meant
from industrial_policy.money import Money, parse_money
from industrial_policy.names import resolve, suggestion
from industrial_policy.periods import MAX_DATE, MIN_DATE, parse_date
from industrial_policy.units import parse_area

if TYPE_CHECKING:
    from decimal import Decimal

    import pint

    from industrial_policy.amounts import Amount
    from industrial_policy.periods import Period

E = TypeVar("E", bound=enum.Enum)
C = TypeVar("C", bound=type)

# What a record's initialiser accepts where its converters read text: the types its typed
# ``__init__`` declares (written by tests/typing_examples/signatures.py), so that the calls the docs
# show (``Zone(kind="industrial_park", total_area="300 ha")``) type-check downstream.
AreaInput: TypeAlias = "pint.Quantity[Any] | str"
MoneyInput: TypeAlias = "Money | str"
DateInput: TypeAlias = "dt.date | str"
PeriodInput: TypeAlias = "Period | str | int"
WhenInput: TypeAlias = "dt.date | Period | str | int"
AmountInput: TypeAlias = (
    "Amount | Money | pint.Quantity[Any] | Decimal | float | int | str | Mapping[str, Any]"
)


def typed_init(cls: C) -> C:
    """Make the initialiser attrs generated (``init=False`` writes it as ``__attrs_init__``)
    the class's ``__init__``.

    A record class is declared ``@typed_init`` over ``@attrs.frozen(init=False)`` with a
    typed ``__init__`` under ``TYPE_CHECKING``: type checkers read that one, which accepts
    what the converters accept (``"300 ha"``, ``"industrial_park"``), while the attrs
    plugin would type each argument as the field's converted type. At run time the
    initialiser is attrs' own, unchanged.
    """
    init = cls.__attrs_init__  # type: ignore[attr-defined]
    init.__name__ = "__init__"
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


MAX_ID_LENGTH = 200


def record_id_of(instance: object) -> str | None:
    value = getattr(instance, "id", None)
    return value if isinstance(value, str) else None


def fail(instance: object, field: attrs.Attribute[Any], value: object, reason: str) -> NoReturn:
    raise InvalidValueError(
        reason,
        value=value,
        field=field.name,
        record_type=type(instance).__name__,
        record_id=record_id_of(instance),
    )


def relocate(instance: object, field: attrs.Attribute[Any], exc: InvalidValueError) -> NoReturn:
    raise exc.located(
        record_type=type(instance).__name__, record_id=record_id_of(instance), field=field.name
    ) from None


def _control_free(text: str) -> bool:
    # str.isprintable is False exactly for control, format, surrogate, private-use and
    # unassigned characters, and for separators other than the ASCII space.
    return text.isprintable()


def _as_identifier(value: object, instance: object, field: attrs.Attribute[Any]) -> str:
    if not isinstance(value, str):
        fail(instance, field, value, "an id must be text")
    text = unicodedata.normalize("NFC", value)
    if not text:
        fail(instance, field, value, "an id must not be empty")
    if text != text.strip():
        fail(instance, field, value, "an id must not start or end with white space")
    if not _control_free(text):
        fail(
            instance,
            field,
            value,
            "an id must not contain control, invisible or unassigned characters,"
            " or non-ASCII spaces",
        )
    if len(text) > MAX_ID_LENGTH:
        fail(instance, field, value, f"an id must be at most {MAX_ID_LENGTH} characters")
    return text


def _as_text(value: object, instance: object, field: attrs.Attribute[Any]) -> str:
    if not isinstance(value, str):
        fail(instance, field, value, "must be text")
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        fail(instance, field, value, "must not be empty")
    if not _control_free(text.replace("\n", " ").replace("\t", " ").replace("\u00a0", " ")):
        fail(instance, field, value, "must not contain control characters")
    return text


def _optional(
    convert: Callable[[object, object, attrs.Attribute[Any]], Any],
) -> Callable[[object, object, attrs.Attribute[Any]], Any]:
    def converter(value: object, instance: object, field: attrs.Attribute[Any]) -> Any:
        return None if value is None else convert(value, instance, field)

    return converter


def _converter(
    convert: Callable[[object, object, attrs.Attribute[Any]], Any], optional: bool
) -> attrs.Converter[Any, Any]:
    function = _optional(convert) if optional else convert
    return attrs.Converter(function, takes_self=True, takes_field=True)


def converted(
    convert: Callable[[Any, Any, attrs.Attribute[Any]], Any],
    *,
    default: object = attrs.NOTHING,
    factory: Callable[[], Any] | None = None,
    **kwargs: Any,
) -> Any:
    """A field whose converter receives ``(value, instance, field)``."""
    converter = attrs.Converter(convert, takes_self=True, takes_field=True)
    if factory is not None:
        return attrs.field(converter=converter, factory=factory, **kwargs)
    return attrs.field(converter=converter, default=default, **kwargs)


def record_tuple(
    kind: type[Any], *, sort_key: Callable[[Any], Any] | None = None
) -> Callable[[object, object, attrs.Attribute[Any]], tuple[Any, ...]]:
    """A converter from any iterable of ``kind`` records to a tuple (sorted by ``sort_key``)."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> tuple[Any, ...]:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            fail(instance, field, value, f"must be a list of {kind.__name__} records")
        items = tuple(value)
        for index, item in enumerate(items):
            if not isinstance(item, kind):
                fail(
                    instance,
                    field,
                    item,
                    f"item {index} must be a {kind.__name__}, not {type(item).__name__}",
                )
        return tuple(sorted(items, key=sort_key)) if sort_key is not None else items

    return convert


def table(kind: type[Any], **kwargs: Any) -> Any:
    """A field holding a :class:`~industrial_policy.columnar.Table` of ``kind`` records:
    given as such a table, or as any iterable of the records. Empty by default."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> Table[Any]:
        if isinstance(value, Table):
            if value.kind is not kind:
                fail(
                    instance,
                    field,
                    value,
                    f"must be a table of {kind.__name__} records, not of {value.kind.__name__}",
                )
            return value
        return Table.from_records(kind, record_tuple(kind)(value, instance, field))

    return attrs.field(
        converter=attrs.Converter(convert, takes_self=True, takes_field=True),
        factory=lambda: Table.empty(kind),
        **kwargs,
    )


def instance_of(
    kind: type[Any], *, optional: bool = False
) -> Callable[[object, object, attrs.Attribute[Any]], Any]:
    """A converter that accepts only an instance of ``kind`` (or ``None`` when ``optional``)."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> Any:
        if not isinstance(value, kind):
            fail(instance, field, value, f"must be a {kind.__name__}")
        return value

    return _optional(convert) if optional else convert


def _form(form: Form, **kwargs: Any) -> dict[str, FieldForm]:
    return {COLUMN: FieldForm(form, **kwargs)}


def amount(convert: Callable[[Any, Any, attrs.Attribute[Any]], Any], **kwargs: Any) -> Any:
    """An amount field (a number with its unit) read by ``convert``: a table's column of bare
    numbers may declare its unit (``Tỷ lệ lấp đầy (%)``, ``units = {value = "%"}``)."""
    return converted(convert, metadata=_form(Form.OBJECT, amount=True), **kwargs)


def records(kind: type[Any], **kwargs: Any) -> Any:
    """A field holding a tuple of ``kind`` records (from any iterable), empty by default."""
    return converted(
        record_tuple(kind), factory=tuple, metadata=_form(Form.NESTED, nested=kind), **kwargs
    )


def identifier(*, optional: bool = False, default: object = attrs.NOTHING) -> Any:
    """An id: non-empty NFC text without control characters or outer spaces.

    A required id is the record's key (unique in its table); an optional one is not.
    """
    if optional and default is attrs.NOTHING:
        default = None
    return attrs.field(
        converter=_converter(_as_identifier, optional),
        default=default,
        metadata=_form(Form.TEXT if optional else Form.ID),
    )


def reference(kind: str, *, optional: bool = False) -> Any:
    """The id of a record of another kind: ``kind`` names the dataset field holding it
    (``"zones"``). Written like an id; held as codes into the ids named."""
    return attrs.field(
        converter=_converter(_as_identifier, optional),
        default=None if optional else attrs.NOTHING,
        metadata=_form(Form.CODED, reference=kind),
    )


def text(*, optional: bool = False, default: object = attrs.NOTHING, repeats: bool = True) -> Any:
    """Free text, NFC-normalised and stripped; never empty.

    Text that ``repeats`` from record to record (a province, a source) is held as
    codes into its distinct values; a name or a description as one text per record.
    """
    if optional and default is attrs.NOTHING:
        default = None
    return attrs.field(
        converter=_converter(_as_text, optional),
        default=default,
        metadata=_form(Form.CODED if repeats else Form.TEXT),
    )


def _unknown(enum_type: type[E], value: object, allowed: str, accepted: frozenset[E] | None) -> str:
    """Why ``value`` names no member: the members, and the nearest name if one is close."""
    reason = f"must be one of {allowed} (or their Vietnamese names, see docs/glossary.md)"
    hint = suggestion(enum_type, value, accepted)
    if hint:
        return f"{reason}; {hint}"
    values = [str(m.value) for m in (accepted if accepted is not None else enum_type)]
    return reason + maybe_meant(value, values)


def choice(
    enum_type: type[E],
    *,
    optional: bool = False,
    default: object = attrs.NOTHING,
    only: Iterable[E] | None = None,
) -> Any:
    """A member of ``enum_type``, also accepted by its value (``"industrial_park"``);
    with ``only``, one of those members (the JSON Schema lists the same)."""

    wanted = set(enum_type if only is None else only)
    members = [member for member in enum_type if member in wanted]
    allowed = ", ".join(repr(member.value) for member in members)
    # A dict lookup by value is ten times cheaper than calling the enum.
    by_value: dict[object, E] = {member.value: member for member in members}
    accepted = frozenset(members)

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> E:
        if isinstance(value, enum_type) and value in accepted:
            return value
        if type(value) is str and value in by_value:
            return by_value[value]
        member: E | None
        try:
            member = enum_type(value)
        except (ValueError, TypeError):
            member = resolve(enum_type, value)  # "KCN", "khu công nghiệp", "Khu cong nghiep"
        if member is None or member not in accepted:
            fail(instance, field, value, _unknown(enum_type, value, allowed, accepted))
        return member

    if optional and default is attrs.NOTHING:
        default = None
    metadata: dict[str, Any] = _form(Form.ENUM, enum=enum_type)
    if only is not None:
        metadata["json_schema"] = {"enum": [m.value for m in members]}
    return attrs.field(converter=_converter(convert, optional), default=default, metadata=metadata)


def choices(enum_type: type[E]) -> Any:
    """A frozenset of members of ``enum_type`` (from any iterable of members or values)."""

    allowed = ", ".join(repr(member.value) for member in enum_type)

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> frozenset[E]:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            fail(instance, field, value, f"must be a list of {allowed}")
        members = []
        for item in value:
            try:
                members.append(item if isinstance(item, enum_type) else enum_type(item))
            except (ValueError, TypeError):
                member = resolve(enum_type, item)
                if member is None:
                    reason = _unknown(enum_type, item, allowed, None)
                    fail(instance, field, item, f"each item {reason}")
                members.append(member)
        return frozenset(members)

    return attrs.field(
        converter=_converter(convert, False),
        factory=frozenset,
        metadata=_form(Form.ENUM_SET, enum=enum_type),
    )


def flag(*, default: object = attrs.NOTHING) -> Any:
    """A strict boolean: ``True`` or ``False``, never ``"yes"`` or ``1``."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> bool:
        if not isinstance(value, bool):
            fail(instance, field, value, "must be true or false")
        return value

    return attrs.field(
        converter=_converter(convert, False), default=default, metadata=_form(Form.FLAG)
    )


def optional_flag() -> Any:
    """A strict boolean, or ``None`` when unknown."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> bool:
        if not isinstance(value, bool):
            fail(instance, field, value, "must be true or false")
        return value

    return attrs.field(
        converter=_converter(convert, True), default=None, metadata=_form(Form.OPTIONAL_FLAG)
    )


MAX_COUNT = IntColumn.LARGEST
"""The largest whole number a count field takes: larger ones are typing mistakes."""


def count(*, optional: bool = False, minimum: int = 0, default: object = attrs.NOTHING) -> Any:
    """A whole number from ``minimum`` to :data:`MAX_COUNT` (booleans and floats are
    rejected)."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            fail(instance, field, value, "must be a whole number")
        if value < minimum:
            fail(instance, field, value, f"must be at least {minimum}")
        if value > MAX_COUNT:
            fail(instance, field, value, "must be at most 10^15")
        return value

    if optional and default is attrs.NOTHING:
        default = None
    return attrs.field(
        converter=_converter(convert, optional),
        default=default,
        metadata=_form(Form.INT, minimum=minimum),
    )


def area(*, optional: bool = False) -> Any:
    """An area: a pint quantity or text such as ``"3,676 ha"``."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> Any:
        return parse_area(
            value,
            field=field.name,
            record_type=type(instance).__name__,
            record_id=record_id_of(instance),
        )

    return attrs.field(
        converter=_converter(convert, optional),
        default=None if optional else attrs.NOTHING,
        metadata=_form(Form.AREA),
    )


def money(*, optional: bool = False) -> Any:
    """An amount of money: a :class:`~industrial_policy.money.Money` or text."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> Any:
        if type(value) is Money:
            return value
        try:
            return parse_money(value)  # type: ignore[arg-type]
        except InvalidValueError as exc:
            relocate(instance, field, exc)

    return attrs.field(
        converter=_converter(convert, optional),
        default=None if optional else attrs.NOTHING,
        metadata=_form(Form.MONEY),
    )


def day(*, optional: bool = False) -> Any:
    """A calendar date: a ``datetime.date`` or ISO text ``"2021-12-31"``."""

    def convert(value: object, instance: object, field: attrs.Attribute[Any]) -> dt.date:
        if type(value) is dt.date and MIN_DATE <= value <= MAX_DATE:
            return value
        try:
            return parse_date(value)  # type: ignore[arg-type]
        except InvalidValueError as exc:
            relocate(instance, field, exc)

    return attrs.field(
        converter=_converter(convert, optional),
        default=None if optional else attrs.NOTHING,
        metadata=_form(Form.DATE),
    )
