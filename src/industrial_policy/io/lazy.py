"""Rows counted where they are: frames too large to bring into memory, through narwhals.

A country's dossiers over several years, or its projects and their capital
events, may not fit on one machine. The engines that only need counts and
sums per group and date (dossier rates, the common target metrics) take such
rows as a **frame** and push the work down to the engine that holds them:
DuckDB (a relation, over Parquet files or a table), polars (a ``LazyFrame``
from ``scan_parquet``, or an eager frame), Dask, PySpark, or a pandas frame.
The engines express their group-bys once, with narwhals expressions; only the
small tables of counts come back. Needs the ``lazy`` extra (narwhals); the
engine itself is the user's.

This module holds what every such engine shares:

* :class:`Rows`: a frame and how its columns give the fields of a record
  kind (columns named like the fields by default, a mapping otherwise,
  as :func:`~industrial_policy.io.frames.read_frame` reads them);
* :func:`open_rows`: the frame opened as a narwhals ``LazyFrame``, with the
  columns found and their types checked against the record kind's fields;
* :class:`Check` and :meth:`Opened.validate`: the rules the rows must follow,
  counted by the engine in one pass; when any is broken, a
  :class:`~industrial_policy.errors.TableError` with the count of each and a
  sample of the offending rows (their id, position when the frame has one,
  and value), never a row silently dropped;
* :func:`collect`: several queries run together (one pass over the data
  where the engine can share it: polars' ``collect_all``, Dask's
  ``compute``) and handed back as numpy arrays.

>>> import pandas as pd
>>> from industrial_policy.records import Dossier
>>> frame = pd.DataFrame({"procedure_id": ["p1"], "received": pd.to_datetime(["2024-01-02"]),
...                       "kenh": ["online"]})
>>> opened = open_rows(Dossier, Rows(frame, columns={"channel": "kenh"}),
...                    required=("procedure_id", "received", "channel"))
>>> dict(opened.columns)
{'procedure_id': 'procedure_id', 'received': 'received', 'channel': 'kenh'}
>>> opened.where.source, opened.backend  # a pandas frame is counted by polars when installed
('a frame of Dossier records (pandas)', 'polars')
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import operator
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.columnar import Form, schema_of
from industrial_policy.columnar.problems import MAX_KEPT, Where
from industrial_policy.errors import (
    InvalidValueError,
    MissingDependencyError,
    Problem,
    TableError,
    short_repr,
)
from industrial_policy.extras import needs
from industrial_policy.names import known_names, name_key, resolve
from industrial_policy.periods import MAX_DATE, MIN_DATE, Period

__all__ = [
    "SAMPLED_ROWS",
    "Check",
    "Opened",
    "Rows",
    "Segments",
    "Validation",
    "ValueRule",
    "collect",
    "is_frame",
    "narwhals",
    "open_rows",
    "rows_of",
]

SAMPLED_ROWS = 100
"""How many offending rows each broken rule brings back (its count is always exact)."""

_ROW = "__industrial_policy_row"
_TEXT_FORMS = {Form.ID, Form.TEXT, Form.CODED, Form.ENUM}


def narwhals() -> Any:
    """The narwhals module (the stable v2 API), or :class:`MissingDependencyError`."""
    with needs("counting rows in a frame's own engine", extra="lazy"):
        import narwhals.stable.v2 as nw
    return nw


def _mapping(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _objects(value: Mapping[str, object] | None) -> dict[str, object]:
    return dict(value or {})


@attrs.frozen
class Rows:
    """A frame of records of one kind, and which of its columns give which field.

    ``frame`` is anything narwhals reads: a DuckDB relation, a polars
    ``LazyFrame`` or ``DataFrame``, a Dask or PySpark ``DataFrame``, a pandas
    frame, a pyarrow table. ``columns`` maps a field to the frame's column
    that gives it; a field not in it is read from the column of its own name
    when there is one. Columns that give no field are not read. ``constants``
    gives a field one value for every row (``{"currency": "VND"}``). ``name``
    names the rows in messages (``"dossiers.parquet"``).
    """

    frame: Any
    columns: Mapping[str, str] = attrs.field(factory=dict, converter=_mapping)
    name: str | None = None
    constants: Mapping[str, object] = attrs.field(factory=dict, converter=_objects)


_FRAME_LIBRARIES = frozenset(
    {"pandas", "polars", "pyarrow", "duckdb", "dask", "pyspark", "modin", "cudf", "ibis"}
    | {"sqlframe"}
)


def is_frame(value: object) -> bool:
    """Whether ``value`` is a frame narwhals reads (a lazy or an eager one)."""
    if isinstance(value, Rows):
        return True
    try:
        nw = narwhals()
    except MissingDependencyError:
        # Without narwhals only the frame libraries' own types say a frame was meant.
        if type(value).__module__.partition(".")[0] in _FRAME_LIBRARIES:
            raise
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # Dask moving to a narwhals plugin
        wrapped = nw.from_native(value, pass_through=True)
    return isinstance(wrapped, nw.LazyFrame | nw.DataFrame)


def rows_of(value: object, columns: Mapping[str, str] | None = None, field: str = "source") -> Rows:
    """``value`` as :class:`Rows` (a frame with ``columns``, or rows given as they are)."""
    if isinstance(value, Rows):
        if columns:
            raise InvalidValueError(
                "give the column mapping once: in Rows(..., columns=...) or here",
                value=dict(columns),
                field="columns",
            )
        return value
    if not is_frame(value):
        raise InvalidValueError(
            "must be a frame narwhals reads (DuckDB, polars, Dask, PySpark, pandas, pyarrow)",
            value=type(value).__name__,
            field=field,
        )
    return Rows(value, columns or {})


@attrs.frozen
class Check:
    """A rule every row must follow, as a narwhals expression true on the rows that break it.

    ``field`` is the field whose column is named in the problem and whose
    value is shown; ``reason`` says what is wrong, as a text or from the
    sampled row's values (a dict by field name, ``shows`` fields included).
    A null in ``bad`` reads as "not broken". With ``by_value`` the problems are
    the distinct values that break it, each with its number of rows and the first
    of them (a million rows of "Trực tuyến" are one problem). ``frame`` is the lazy frame the
    rule reads when it is not the rows themselves (a frame derived from them,
    such as one row per project summing up its events), with its columns named
    by field and ``"id"`` for the record.
    """

    field: str
    reason: str | Callable[[Mapping[str, object]], str]
    bad: Any
    shows: tuple[str, ...] = ()
    frame: Any = None
    by_value: bool = False  # reported per distinct value of the field, not row by row

    def why(self, values: Mapping[str, object]) -> str:
        return self.reason if isinstance(self.reason, str) else self.reason(values)


@functools.cache
def spellings(choices: type[enum.Enum]) -> dict[str, str]:
    """Every name of each member of ``choices`` as an engine compares it (lowercased,
    with and without diacritics, words joined by a space, ``_`` or ``-``), to its value.

    >>> from industrial_policy.records.dossiers import Channel
    >>> names = spellings(Channel)
    >>> names["trực tuyến"], names["truc tuyen"], names["online"]
    ('online', 'online', 'online')
    """
    found: dict[str, str] = {}
    for member, names in known_names(choices).items():
        for name in names:
            for spelled in (name.strip().lower(), name_key(name)):
                words = spelled.split()
                for joiner in (" ", "_", "-"):
                    found.setdefault(joiner.join(words), str(member.value))
    return found


def _is_text(nw: Any, dtype: Any) -> bool:
    return bool(dtype == nw.String or dtype == nw.Categorical or isinstance(dtype, nw.Enum))


def _is_date(nw: Any, dtype: Any) -> bool:
    return bool(dtype == nw.Date or isinstance(dtype, nw.Datetime))


def _kind_of_column(nw: Any, form: Form, dtype: Any) -> str | None:
    """What the column's type should be for ``form``, or ``None`` when it fits."""
    if form is Form.DATE:
        return None if _is_date(nw, dtype) else "a date column (date or datetime)"
    if form in (Form.FLAG, Form.OPTIONAL_FLAG):
        return None if dtype == nw.Boolean else "a boolean column (true, false or null)"
    if form is Form.ID:
        return None if _is_text(nw, dtype) or dtype.is_integer() else "a text or integer column"
    if form in _TEXT_FORMS:
        return None if _is_text(nw, dtype) else "a text column"
    if form in (Form.INT, Form.AREA, Form.MONEY):
        return None if dtype.is_numeric() else "a numeric column"
    if form is Form.ENUM_SET:
        return None if isinstance(dtype, nw.List) else "a column of lists of text"
    return None


@attrs.frozen(eq=False)
class Opened:
    """A frame opened for counting: its lazy frame, the columns found, and where it is from."""

    lazy: Any  # narwhals LazyFrame
    eager: Any  # the narwhals DataFrame when the frame was eager (rows have positions)
    backend: str
    kind: type[Any]
    columns: Mapping[str, str]  # field -> the frame's column, for the fields present
    dtypes: Mapping[str, Any]  # field -> narwhals dtype
    where: Where
    required: frozenset[str]  # the fields every row must record
    constants: Mapping[str, object] = attrs.field(factory=dict)  # field -> one value for all
    # field -> {a distinct text of its column: the choice it names}, for the choice fields,
    # found by one query on first use (:meth:`spelled`)
    _spelled: dict[str, dict[str, str]] = attrs.field(factory=dict, init=False)

    def has(self, field: str) -> bool:
        """Whether the rows give ``field``: from a column, or a constant."""
        return field in self.columns or field in self.constants

    def col(self, field: str) -> Any:
        """The field's column as an expression; dates as dates (a datetime is cut to its day)."""
        nw = narwhals()
        if field not in self.columns:
            return nw.lit(self.constants[field])
        expr = nw.col(self.columns[field])
        if isinstance(self.dtypes[field], nw.Datetime):
            return expr.cast(nw.Date)
        return expr

    def text(self, field: str) -> Any:
        """A text field's column as text (categoricals cast); a choice's names (Vietnamese,
        English labels, abbreviations: ``"trực tuyến"``, ``"Online"``) as its value, mapped
        in the engine, as the table readers take them."""
        nw = narwhals()
        spec = next((f for f in schema_of(self.kind).fields if f.name == field), None)
        choices = spec.form.enum if spec is not None and spec.form.form is Form.ENUM else None
        if field not in self.columns:
            given = self.constants[field]
            named = resolve(choices, given) if choices is not None else None
            return nw.lit(str(given if named is None else named.value), nw.String)
        expr = self._as_text(field)
        if choices is None:
            return expr
        renamed = self.spelled(field)
        if not renamed:
            return expr  # every text is a value already: nothing to do per row
        return expr.replace_strict(renamed, default=expr, return_dtype=nw.String)

    def _as_text(self, field: str) -> Any:
        """The field's column as it is, as text (a categorical cast)."""
        nw = narwhals()
        expr = nw.col(self.columns[field])
        return expr if self.dtypes[field] == nw.String else expr.cast(nw.String)

    def spelled(self, field: str) -> dict[str, str]:
        """The distinct texts of a choice field's column that name a choice otherwise than by
        its value (``"Trực tuyến "``, ``"ONLINE"``), each with the value it names: read once
        per distinct text, as the table readers read them (without case and surrounding
        spaces; names that differ only in diacritics are listed each way), so that the rows
        are mapped by a look-up of their own text, and not at all when every text is a value.
        The distinct texts of every choice field are found by one query, on first use."""
        if field not in self.columns:
            return {}  # a constant, or no column: no row to map
        if not self._spelled:
            choices_of = {
                spec.name: spec.form.enum
                for spec in schema_of(self.kind).fields
                if spec.name in self.columns and spec.form.form is Form.ENUM and spec.form.enum
            }
            texts = {f"__{name}": self._as_text(name) for name in choices_of}
            (found,) = collect([self.lazy.select(**texts).unique()]) if texts else [{}]
            for name, choices in choices_of.items():
                names = spellings(choices)
                renamed: dict[str, str] = {}
                for text in found[f"__{name}"].tolist():
                    if isinstance(text, str):
                        value = names.get(text.strip().lower())
                        if value is not None and value != text:
                            renamed[text] = value
                self._spelled[name] = renamed
            for name in self.columns:
                self._spelled.setdefault(name, {})  # not a choice: nothing to map
        return self._spelled[field]

    def rules(
        self,
        *,
        known: Mapping[str, Iterable[str]] | None = None,
        by_value: Iterable[str] = (),
    ) -> Validation:
        """The rules the fields impose on every row, as the table readers apply them.

        The fields named in ``by_value`` (text that repeats: references, provinces) are
        read here as the readers read them, with the field's own converter, once per
        distinct value the engine finds (references must also be among ``known``, as
        ``{"procedure_id": ids}``). The other fields get rules counted on every row: a
        required field recorded, an enum value among the enum's, a date within the years
        the library reads.
        """
        nw = narwhals()
        checks: list[Check] = []
        grouped = [name for name in by_value if name in self.columns]
        low, high = MIN_DATE, MAX_DATE
        for spec in schema_of(self.kind).fields:
            name = spec.name
            if name not in self.columns or name in grouped:
                continue
            form = spec.form.form
            if name in self.required:
                missing = nw.col(self.columns[name]).is_null()
                checks.append(Check(name, f"{name} is required", missing))
            if form is Form.ENUM and spec.form.enum is not None:
                # A few values: compared one by one, cheaper than a membership test.
                allowed = tuple(member.value for member in spec.form.enum)
                text = self.text(name)
                among = functools.reduce(operator.or_, (text == value for value in allowed))
                checks.append(
                    Check(
                        name,
                        "must be one of "
                        + ", ".join(repr(v) for v in allowed)
                        + " (or their Vietnamese names, see docs/glossary.md)",
                        ~text.is_null() & ~among,
                        by_value=True,
                    )
                )
            if form is Form.DATE:
                day = self.col(name)
                checks.append(
                    Check(
                        name,
                        f"a date must be in the years {low.year} to {high.year}",
                        (day < low) | (day > high),
                    )
                )
        values = tuple(
            ValueRule(
                name,
                _converter(self.kind, name),
                name in self.required,
                frozenset(known[name]) if known is not None and name in known else None,
                schema_of(self.kind).field(name).form.reference,
            )
            for name in grouped
        )
        return Validation(self, tuple(checks), values)

    def problems(self, checks: Sequence[Check], counts: Sequence[int]) -> TableError:
        """The error for the broken rules: each one's count, and a sample of its rows."""
        kept: list[Problem] = []
        for check, count in zip(checks, counts, strict=True):
            room = min(SAMPLED_ROWS, MAX_KEPT - len(kept))
            if count and room > 0:
                sample = self._by_value if check.by_value else self._sample
                kept.extend(sample(check, int(count), room))
        return TableError(kept, source=self.where.source, total=int(sum(counts)))

    def _by_value(self, check: Check, count: int, room: int) -> list[Problem]:
        """The distinct values that break ``check``, the most frequent first, each with its
        rows and the first of them (by position in a frame held in memory, else by id)."""
        nw = narwhals()
        value = self.text(check.field)
        first: list[Any] = []
        if self.eager is not None:
            base = self.eager.with_row_index(_ROW).lazy()
            first.append(nw.col(_ROW).min().alias("__first_row"))
        else:
            base = self.lazy
        if "id" in self.columns:
            base = base.with_columns(__id=self.text("id"))
            first.append(nw.col("__id").min().alias("__first_id"))
        query = (
            base.filter(check.bad.fill_null(False))
            .with_columns(__value=value)
            .group_by("__value", drop_null_keys=False)
            .agg(nw.len().alias("__rows"), *first)
            .with_columns(nw.col("__rows").cast(nw.Int64))
        )
        (found,) = collect([query])
        order = sorted(
            range(len(found["__rows"])),
            key=lambda i: (-int(found["__rows"][i]), str(found["__value"][i])),
        )
        column = self.where.column(check.field)
        problems = []
        for i in order[:room]:
            shown = found["__value"][i]
            rows = int(found["__rows"][i])
            row = self.where.row(int(found["__first_row"][i])) if "__first_row" in found else None
            record = found["__first_id"][i] if "__first_id" in found else None
            place = f"{self.where.source}" + (f" row {row}" if row is not None else "")
            first_of = f"{self.kind.__name__} {record!r}" if record is not None else None
            where = f"; the first: {first_of}" if rows > 1 and first_of else ""
            who = f" ({first_of})" if rows == 1 and first_of else ""
            problems.append(
                Problem(
                    f"{place}, column {column!r}",
                    f"{check.why({check.field: shown})}, got {short_repr(_plain(shown))}{who}"
                    + (f" [{rows:,} rows{where}]" if rows > 1 else ""),
                    _plain(shown),
                    row=row,
                    column=column,
                    record_id=None if record is None else str(record),
                )
            )
        return problems

    def _sample(self, check: Check, count: int, room: int) -> list[Problem]:
        nw = narwhals()
        if check.frame is not None:
            names = set(check.frame.collect_schema())
            shown = dict.fromkeys(f for f in ("id", check.field, *check.shows) if f in names)
            selected = [nw.col(f) for f in shown]
            eager = None
            base = check.frame
        else:
            shown = dict.fromkeys(f for f in ("id", check.field, *check.shows) if f in self.columns)
            selected = [nw.col(self.columns[f]).alias(f) for f in shown]
            eager, base = self.eager, self.lazy
        bad = check.bad.fill_null(False)
        if eager is not None:
            rows = eager.with_row_index(_ROW).filter(bad).select(nw.col(_ROW), *selected).head(room)
            table = _lists(rows)
        else:
            query = base.filter(bad).select(*selected)
            # Sorted by id, the sample is the same whichever way the engine splits the rows.
            query = query.sort("id").head(room) if "id" in shown else query.head(room)
            table = _lists(query.collect())
        n = len(next(iter(table.values()))) if table else 0
        column = self.where.column(check.field)
        problems = []
        for i in range(n):
            values = {f: table[f][i] for f in shown}
            value = values.get(check.field)
            record = values.get("id")
            record_id = None if record is None else str(record)
            if eager is not None:
                row: int | None = self.where.row(int(table[_ROW][i]))
                place = f"{self.where.source} row {row}, column {column!r}"
            else:
                row = None
                place = f"{self.where.source}, column {column!r}"
            who = f" ({self.kind.__name__} {record_id!r})" if record_id is not None else ""
            problems.append(
                Problem(
                    place,
                    f"{check.why(values)}, got {short_repr(_plain(value))}{who}"
                    + (f" [{count:,} rows in all]" if i == 0 and count > 1 else ""),
                    _plain(value),
                    row=row,
                    column=column,
                    record_id=record_id,
                )
            )
        return problems


def _converter(kind: type[Any], name: str) -> Callable[[Any], Any]:
    """The record field's own converter, for one value (as the table readers call it)."""
    field = attrs.fields_dict(kind)[name]
    convert = field.converter
    stand_in = type(kind.__name__, (), {"id": None})()
    if isinstance(convert, attrs.Converter):
        function: Callable[..., Any] = getattr(convert, "converter")  # noqa: B009
        extra = [
            given
            for given, wanted in (
                (stand_in, getattr(convert, "takes_self")),  # noqa: B009
                (field, getattr(convert, "takes_field")),  # noqa: B009
            )
            if wanted
        ]
        return lambda value: function(value, *extra)
    if convert is None:
        return lambda value: value
    return convert


@attrs.frozen
class ValueRule:
    """A text field read here, once per distinct value the engine finds in it."""

    field: str
    convert: Callable[[Any], Any]
    required: bool
    known: frozenset[str] | None = None  # a reference: the ids it may name
    names: str | None = None  # what a reference names ("procedures")

    def read(self, value: Any) -> tuple[Any, str | None]:
        """(the value as the field holds it, or why it cannot be read)."""
        if value is None:
            return None, (f"{self.field} is required" if self.required else None)
        try:
            converted = self.convert(value)
        except InvalidValueError as exc:
            return None, exc.reason
        if self.known is not None and converted is not None and converted not in self.known:
            return None, f"is not the id of any of the {self.names or 'records'} given"
        return converted, None


_SAMPLED_VALUES = 20  # distinct offending values a sample looks for


@attrs.frozen(eq=False)
class Validation:
    """The rules rows must follow, counted by the engine: row rules in one query (a sum per
    rule) and, for each field read by value, a query of its distinct values and their rows;
    to run with the computation's own queries (:func:`collect`)."""

    opened: Opened
    checks: tuple[Check, ...] = ()
    values: tuple[ValueRule, ...] = ()

    def add(self, *checks: Check) -> Validation:
        return attrs.evolve(self, checks=self.checks + checks)

    def queries(
        self, columns: Mapping[str, Any] | None = None, aggregations: Sequence[Any] = ()
    ) -> list[Any]:
        """The count query; one query per field read by value (its distinct values as
        ``__value``, their rows as ``__rows``, and ``aggregations`` of ``columns``
        computed first, for the first such field); one count per rule on a derived frame.
        """
        nw = narwhals()
        own = [c for c in self.checks if c.frame is None]
        names = [f"__c{i}" for i in range(len(own))]
        flags = self.opened.lazy.with_columns(
            **{
                name: check.bad.fill_null(False).cast(nw.Int64)
                for name, check in zip(names, own, strict=True)
            }
        )
        found = [
            flags.select(
                nw.len().cast(nw.Int64).alias("__rows"),
                *(nw.col(name).sum().cast(nw.Int64) for name in names),
            )
        ]
        for i, rule in enumerate(self.values):
            extra = (columns or {}) if i == 0 else {}
            values = self.opened.lazy.with_columns(__value=self.opened.text(rule.field), **extra)
            found.append(
                values.group_by("__value", drop_null_keys=False)
                .agg(nw.len().alias("__rows"), *(aggregations if i == 0 else ()))
                .with_columns(nw.col("__rows").cast(nw.Int64))
            )
        for check in self.checks:
            if check.frame is not None:
                flagged = check.frame.with_columns(__bad=check.bad.fill_null(False).cast(nw.Int64))
                found.append(flagged.select(nw.col("__bad").sum().cast(nw.Int64).alias("__c0")))
        return found

    def run(self) -> dict[str, dict[Any, Any]]:
        """Count the rules in the engine and raise when any is broken (see :meth:`read`)."""
        return self.read(collect(self.queries()))

    def read(
        self, results: Sequence[Mapping[str, np.ndarray[Any, Any]]]
    ) -> dict[str, dict[Any, Any]]:
        """From the results of :meth:`queries`: raise the
        :class:`~industrial_policy.errors.TableError` of the rules broken (each one's
        count and a sample of its rows), or give, for each field read by value, its
        distinct values as the field holds them."""
        counted = results[0]
        found: list[tuple[Check, int]] = []
        own = [c for c in self.checks if c.frame is None]
        derived = [c for c in self.checks if c.frame is not None]
        for i, check in enumerate(own):
            count = int(counted[f"__c{i}"][0] or 0)
            if count:
                found.append((check, count))
        for check, result in zip(derived, results[1 + len(self.values) :], strict=True):
            count = int(result["__c0"][0] or 0)
            if count:
                found.append((check, count))
        readings: dict[str, dict[Any, Any]] = {}
        for rule, result in zip(self.values, results[1 : 1 + len(self.values)], strict=True):
            rows = np.asarray(result["__rows"], dtype=np.int64)
            reading: dict[Any, Any] = {}
            broken: dict[str, list[tuple[Any, int]]] = {}
            for value, count in zip(result["__value"].tolist(), rows.tolist(), strict=True):
                converted, why = rule.read(value)
                if why is None:
                    reading[value] = converted
                else:
                    broken.setdefault(why, []).append((value, count))
            readings[rule.field] = reading
            for why, offending in broken.items():
                check = self._value_check(rule, why, [v for v, _ in offending])
                found.append((check, sum(c for _, c in offending)))
        if found:
            found.sort(key=lambda item: self._order(item[0].field))
            raise self.opened.problems([c for c, _ in found], [n for _, n in found])
        return readings

    def _value_check(self, rule: ValueRule, why: str, offending: list[Any]) -> Check:
        given = sorted(v for v in offending if v is not None)[:_SAMPLED_VALUES]
        text = self.opened.text(rule.field)
        bad = text.is_in(given) if given else None
        if None in offending:
            bad = text.is_null() if bad is None else (bad | text.is_null())
        return Check(rule.field, why, bad, by_value=bool(given))

    def _order(self, field: str) -> int:
        names = list(schema_of(self.opened.kind).names)
        return names.index(field) if field in names else len(names)


def _lists(frame: Any) -> dict[str, list[Any]]:
    """An eager narwhals frame's columns as lists, ``None`` where a value is missing."""
    return {name: _numpy(frame[name]).tolist() for name in frame.columns}


def _plain(value: object) -> object:
    """A sampled value as the user wrote it: a day (or a datetime at midnight) in ISO form."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _ordinal(day: dt.date) -> int:
    return (day - _EPOCH).days


_EPOCH = dt.date(1970, 1, 1)
_MONTHLY_ABOVE = 12  # more bounds than this, all on the first of a month: bucket by month
_DAILY_ABOVE = 64  # more bounds than this, not all on the first of a month: bucket by day


@attrs.frozen(eq=False)
class Segments:
    """The calendar cut at given days, so that one integer per row serves many dates.

    Segment ``s`` is the days from ``bounds[s]`` to the day before
    ``bounds[s + 1]``; a day before the first bound or from the last one on lies
    in none (``-1``). Cut at the periods' starts and the day after their ends,
    each segment lies wholly inside or wholly outside each period; cut at the day
    after each day asked, each segment lies wholly before or after it.

    The engine gives a day its *bucket*: the segment itself, counted with one
    comparison per bound; or, for many bounds, the day's month (when every bound
    is the first of a month) or the day itself, mapped to its segment here.
    """

    bounds: tuple[dt.date, ...]
    mode: str  # "compare", "month" or "day"

    @classmethod
    def of(cls, periods: Sequence[Period]) -> Segments:
        """Cut at the periods' starts and the days after their ends."""
        cuts = {p.start for p in periods} | {p.end + dt.timedelta(days=1) for p in periods}
        return cls.at(cuts)

    @classmethod
    def at(cls, cuts: Iterable[dt.date]) -> Segments:
        bounds = tuple(sorted(set(cuts)))
        mode = "compare"
        if len(bounds) > _MONTHLY_ABOVE and all(b.day == 1 for b in bounds):
            mode = "month"
        elif len(bounds) > _DAILY_ABOVE:
            mode = "day"
        return cls(bounds, mode)

    @property
    def count(self) -> int:
        return len(self.bounds) - 1

    @property
    def starts(self) -> list[dt.date]:
        """The first day of each segment."""
        return list(self.bounds[:-1])

    def within(self, day: Any) -> Any:
        """True where ``day`` lies in a segment (null where the day is)."""
        return (day >= self.bounds[0]) & (day < self.bounds[-1])

    def bucket(self, day: Any) -> Any:
        """The day's bucket as a narwhals expression: ``-1`` outside every segment or when
        the day is not recorded."""
        nw = narwhals()
        first = self.bounds[0]
        # The days outside (or missing) become -1 below; filled first, no engine trips on a
        # null while computing what is then thrown away.
        known = day.fill_null(first)
        if self.mode == "month":
            inner = known.dt.year().cast(nw.Int64) * 12 + known.dt.month().cast(nw.Int64)
            inner = inner - (first.year * 12 + first.month)
        elif self.mode == "day":
            # Year and day of the year: increasing with the day, and two date parts every
            # engine has (a difference of dates is not the same type everywhere).
            inner = (
                known.dt.year().cast(nw.Int64) - first.year
            ) * 366 + known.dt.ordinal_day().cast(nw.Int64)
        else:
            inner = nw.lit(0, nw.Int64)
            for bound in self.bounds[1:-1]:
                inner = inner + (known >= bound).cast(nw.Int64)
        inside = self.within(day).fill_null(False)
        return nw.when(inside).then(inner).otherwise(nw.lit(-1, nw.Int64))

    def segments_of(self, buckets: Any) -> npt.NDArray[np.int64]:
        """The segment of each bucket (``-1`` stays ``-1``)."""
        values: npt.NDArray[np.int64] = np.asarray(buckets, dtype=np.int64)
        if self.mode == "compare":
            return values
        first = self.bounds[0]
        if self.mode == "month":
            marks = [(b.year * 12 + b.month) - (first.year * 12 + first.month) for b in self.bounds]
        else:
            marks = [(b.year - first.year) * 366 + b.timetuple().tm_yday for b in self.bounds]
        # A bucket lies in the segment whose first bucket is the last bound at or before it.
        lookup = np.searchsorted(np.array(marks, dtype=np.int64), values, side="right") - 1
        result: npt.NDArray[np.int64] = np.where(values < 0, -1, lookup)
        return result

    def membership(self, periods: Sequence[Period]) -> npt.NDArray[np.bool_]:
        """``(segments, periods)``: whether each segment lies in each period."""
        starts = np.array([_ordinal(b) for b in self.starts], dtype=np.int64)
        result = np.zeros((self.count, len(periods)), dtype=np.bool_)
        for j, period in enumerate(periods):
            result[:, j] = (starts >= _ordinal(period.start)) & (starts <= _ordinal(period.end))
        return result


def _backend(wrapped: Any) -> str:
    return str(wrapped.implementation.name).lower()


def open_rows(
    kind: type[Any],
    rows: Rows,
    *,
    required: Iterable[str] | None = None,
    fields: Iterable[str] | None = None,
    extra: Mapping[str, Form] | None = None,
    source: str | None = None,
) -> Opened:
    """Open ``rows`` of ``kind`` records for counting.

    Finds the column of each field (``fields``: those the computation reads,
    all of the kind's by default; ``extra``: columns beyond the kind's fields,
    with their form, such as the project a capital event belongs to) and
    checks its type against the field's form (dates, booleans, text,
    numbers). Raises :class:`~industrial_policy.errors.TableError` naming every
    column that is missing (the ``required`` fields, the kind's required fields
    by default), named in the mapping but absent from the frame, or of the
    wrong type, and every constant its field cannot read.
    """
    nw = narwhals()
    schema = schema_of(kind)
    forms = {spec.name: spec.form.form for spec in schema.fields} | dict(extra or {})
    specs = {spec.name: spec for spec in schema.fields}
    wanted = [*(fields if fields is not None else specs), *(extra or {})]
    needed = (
        set(required) if required is not None else {s.name for s in schema.fields if s.required}
    )
    name = rows.name or source or f"a frame of {kind.__name__} records"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # Dask moving to a narwhals plugin
        try:
            wrapped = nw.from_native(rows.frame)
        except TypeError:
            raise TableError(
                [],
                source=f"a {type(rows.frame).__name__} is not a frame narwhals reads"
                " (DuckDB, polars, Dask, PySpark, pandas, pyarrow...)",
            ) from None
    if isinstance(wrapped, nw.DataFrame):
        eager, lazy = wrapped, wrapped.lazy()
    elif isinstance(wrapped, nw.LazyFrame):
        eager, lazy = None, wrapped
    else:
        raise TableError([], source=f"a {type(rows.frame).__name__} is a series, not a frame")
    backend = _backend(wrapped)
    schema_types = dict(lazy.collect_schema())
    present = list(schema_types)
    problems: list[Problem] = []
    where_source = f"{name} ({backend})"
    for field in [*rows.columns, *rows.constants]:
        if field not in forms:
            problems.append(
                Problem(
                    where_source,
                    f"the column mapping names {field!r}, which is not a field of"
                    f" {kind.__name__} (fields: {', '.join(forms)})",
                    field,
                )
            )
    constants: dict[str, object] = {}
    for field, value in rows.constants.items():
        if field in rows.columns:
            problems.append(
                Problem(where_source, f"{field!r} is given by a column and a constant", field)
            )
        elif field in specs:
            try:
                constants[field] = _converter(kind, field)(value)
            except InvalidValueError as exc:
                problems.append(Problem(where_source, f"the constant {field}: {exc.reason}", value))
        elif field in forms:
            constants[field] = value
    chosen: dict[str, str] = {}
    for field in wanted:
        column = rows.columns.get(field, field)
        if field in rows.constants:
            continue
        if column in schema_types:
            chosen[field] = column
        elif field in rows.columns:
            problems.append(
                Problem(
                    where_source,
                    f"no column {column!r} (mapped to {field!r}); the columns are "
                    + ", ".join(repr(c) for c in present),
                    column,
                    column=column,
                )
            )
        elif field in needed:
            problems.append(
                Problem(
                    where_source,
                    f"no column gives {field!r}, which every {kind.__name__} needs; name it"
                    f" {field!r} or map it (columns={{{field!r}: ...}}); the columns are "
                    + ", ".join(repr(c) for c in present),
                    field,
                )
            )
    dtypes: dict[str, Any] = {}
    for field, column in chosen.items():
        dtype = schema_types[column]
        dtypes[field] = dtype
        expected = _kind_of_column(nw, forms[field], dtype)
        if expected is not None:
            problems.append(
                Problem(
                    f"{where_source}, column {column!r}",
                    f"{field} must be {expected}, not {dtype}",
                    str(dtype),
                    column=column,
                )
            )
    if problems:
        raise TableError(problems, source=where_source)
    if backend == "pandas" and eager is not None:
        # pandas groups text slowly; polars, when installed, takes the columns used through
        # Arrow (Arrow-backed text is not copied) and counts them some ten times faster.
        faster = _polars_of(eager, list(dict.fromkeys(chosen.values())))
        if faster is not None:
            eager, lazy, backend = faster, faster.lazy(), "polars"
            polars_types = dict(lazy.collect_schema())
            dtypes = {field: polars_types[column] for field, column in chosen.items()}
    where = Where(source=where_source, first_row=0, columns=chosen)
    return Opened(lazy, eager, backend, kind, chosen, dtypes, where, frozenset(needed), constants)


def _polars_of(frame: Any, columns: list[str]) -> Any:
    """The ``columns`` of a narwhals pandas frame as a narwhals polars frame, or ``None``
    when polars is not installed."""
    try:
        import polars as pl
        import pyarrow as pa
    except ImportError:  # pragma: no cover - both are installed where the tests run
        return None
    nw = narwhals()
    # Through an Arrow table: three times faster than polars' own from_pandas here.
    table = pa.Table.from_pandas(frame.to_native()[columns], preserve_index=False)
    return nw.from_native(pl.from_arrow(table), eager_only=True)


def collect(queries: Sequence[Any]) -> list[dict[str, np.ndarray[Any, Any]]]:
    """Run narwhals lazy ``queries`` (of one frame), together where the engine shares the
    work, and give each result as numpy arrays by column name (text as objects, ``None``
    where missing)."""
    if not queries:
        return []
    nw = narwhals()
    backend = _backend(queries[0])
    natives: list[Any]
    if backend == "polars" and len(queries) > 1:
        import polars as pl

        natives = pl.collect_all([q.to_native() for q in queries])
    elif backend == "dask" and len(queries) > 1:
        from dask.base import compute

        natives = list(compute(*(q.to_native() for q in queries)))  # type: ignore[no-untyped-call]
    else:
        natives = [q.collect().to_native() for q in queries]
    results = []
    for native in natives:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            frame = nw.from_native(native, eager_only=True)
        results.append({name: _numpy(frame[name]) for name in frame.columns})
    return results


def _numpy(series: Any) -> np.ndarray[Any, Any]:
    nw = narwhals()
    dtype = series.dtype
    if dtype.is_integer() and series.null_count() == 0:
        return np.asarray(series.to_numpy(), dtype=np.int64)
    if dtype.is_numeric() and not dtype.is_integer():
        return np.asarray(series.cast(nw.Float64).to_numpy(), dtype=np.float64)
    values = np.empty(len(series), dtype=object)
    values[:] = series.to_list()
    if series.null_count():
        # pandas gives NaN or NA for a missing text: None, whatever the engine.
        values[np.asarray(series.is_null().to_numpy(), dtype=np.bool_)] = None
    return values
