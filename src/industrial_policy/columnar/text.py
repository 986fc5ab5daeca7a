"""Columns of text: ids (one per row) and coded text (names that repeat, references).

Ids are held in a numpy ``StringDType`` array: 16 bytes a row for ids of up to
15 bytes, against about 60 for a Python string. Text that repeats (a province,
a district, the zone a parcel lies in) is held as codes into a vocabulary of
the distinct values, in first-seen order, as Arrow's dictionary arrays and
pandas' categoricals do: a million parcels naming ten thousand zones hold a
million small integers and ten thousand strings.

>>> ids = TextColumn.from_values(["p1", "p2"])
>>> ids.value(1), len(ids)
('p2', 2)
>>> zones = CodedColumn.from_values(["z1", None, "z1", "z2"])
>>> zones.codes.tolist(), zones.vocabulary
([0, -1, 0, 1], ('z1', 'z2'))
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, Self

import numpy as np
import numpy.typing as npt

from industrial_policy.columnar.column import BoolArray, Column, IntArray, seen_for_every_row

__all__ = ["STRINGS", "CodedColumn", "TextColumn", "TextSource", "strings"]

STRINGS = np.dtypes.StringDType(na_object=None)
"""The dtype of text columns: variable-width strings, ``None`` where absent."""

StringArray = npt.NDArray[Any]


def strings(values: Sequence[str | None] | npt.NDArray[Any]) -> StringArray:
    """``values`` as a numpy string array (``None`` kept)."""
    return np.asarray(values, dtype=STRINGS)


class TextSource(Protocol):
    """Where a text column's texts come from when they are not numpy strings yet: a
    frame's column, kept as it is until a record or a lookup needs the texts (the
    ``frames`` reader gives Arrow arrays this way: a million ids cost nothing until used).
    """

    def __len__(self) -> int: ...

    @property
    def nbytes(self) -> int: ...

    def to_strings(self) -> StringArray:
        """Every text as numpy strings, ``None`` where absent."""
        ...

    def unique(self) -> bool:
        """Whether no present text appears twice."""
        ...

    def clean(self) -> bool:
        """Whether every present text is already kept as the record types keep ids (NFC,
        printable, no outer white space, at most 200 characters); a source that cannot
        tell cheaply says ``False`` and its texts are read one by one."""
        ...

    def missing_rows(self) -> IntArray:
        """The rows with no text."""
        ...

    def positions(self, texts: Sequence[str]) -> IntArray:
        """The first row holding each of ``texts``, ``-1`` where none does."""
        ...


class TextColumn(Column):
    """One text per row, ``None`` where absent: ids, names.

    The texts are numpy strings, or a :class:`TextSource` turned into numpy strings on
    first use (once, under a lock).
    """

    __slots__ = ("_found", "_lock", "_lookup", "_source", "_strings", "_unique")
    noun = "text"

    def __init__(self, values: StringArray | None = None, *, source: TextSource | None = None):
        if (values is None) == (source is None):
            raise TypeError("a text column holds numpy strings or a source of texts")
        self._strings = values
        self._source = source
        self._lookup: dict[str, int] | None = None
        # The texts looked up and their rows, by the tuple's identity: a dataset's
        # references are looked up twice, when they are checked and when they become
        # positions for the engines (a zone's parent, a parcel's zone...).
        self._found: dict[int, tuple[Sequence[str], IntArray]] = {}
        self._unique: bool | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_values(cls, values: Sequence[str | None] | npt.NDArray[Any]) -> Self:
        return cls(strings(values))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its texts: a source (a frame's column, a file) is read now, and the
        # lock is made anew.
        return (type(self), (self.strings,))

    @property
    def strings(self) -> StringArray:
        """The texts as numpy strings (made from the source on first use)."""
        made = self._strings
        if made is None:
            with self._lock:
                made = self._strings
                if made is None:
                    source = self._source
                    made = self._strings = source.to_strings() if source else strings([])
        return made

    def __len__(self) -> int:
        if self._strings is None and self._source is not None:
            return len(self._source)
        return len(self.strings)

    def value(self, row: int) -> str | None:
        value: str | None = self.strings[row]
        return value

    def values(self) -> list[Any]:
        return self.strings.tolist()  # type: ignore[no-any-return]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.strings[rows])

    def missing(self) -> BoolArray:
        return np.fromiter(
            (value is None for value in self.values()), dtype=np.bool_, count=len(self)
        )

    def equals(self, other: Column) -> bool:
        return (
            isinstance(other, TextColumn)
            and len(self) == len(other)
            and self.values() == other.values()
        )

    @property
    def nbytes(self) -> int:
        if self._strings is None and self._source is not None:
            return self._source.nbytes
        return int(self.strings.nbytes)

    def unique(self) -> bool:
        """Whether no present text appears twice (asked of the source when it has one)."""
        if self._unique is None:
            if self._strings is None and self._source is not None:
                self._unique = self._source.unique()
            else:
                present = [value for value in self.values() if value is not None]
                self._unique = len(set(present)) == len(present)
        return self._unique

    def index(self) -> dict[str, int]:
        """Each text's first row (a dict built on first use and kept)."""
        if self._lookup is None:
            values = self.values()
            lookup = dict(zip(reversed(values), range(len(values) - 1, -1, -1), strict=True))
            lookup.pop(None, None)
            self._lookup = lookup
        return self._lookup

    def positions(self, texts: Sequence[str]) -> IntArray:
        """The first row holding each of ``texts``, ``-1`` where none does (asked of the
        source, without making every text, when the column has one). Read-only: the same
        texts asked again (the same tuple) get the same array."""
        found = self._found.get(id(texts))
        if found is not None and found[0] is texts:
            return found[1]
        if self._lookup is None and self._strings is None and self._source is not None:
            result = self._source.positions(texts)
        else:
            index = self.index()
            result = np.array([index.get(text, -1) for text in texts], dtype=np.int64)
        result.flags.writeable = False
        if isinstance(texts, tuple):  # immutable, so the same object means the same texts
            if len(self._found) >= _FOUND_KEPT:
                self._found = {}
            self._found[id(texts)] = (texts, result)  # the tuple is kept: its id stays its own
        return result

    def position(self, text: str) -> int | None:
        """The first row holding ``text``, or ``None``."""
        found = int(self.positions([text])[0])
        return None if found < 0 else found


_FOUND_KEPT = 16  # look-ups a text column keeps (each holds its texts and their rows)


class CodedColumn(Column):
    """Text that repeats, as codes into a vocabulary (``-1`` where absent)."""

    __slots__ = ("codes", "vocabulary")
    noun = "text"

    def __init__(self, codes: IntArray, vocabulary: tuple[str, ...]) -> None:
        self.codes = codes
        self.vocabulary = vocabulary

    @classmethod
    def from_values(cls, values: Sequence[str | None]) -> Self:
        # dict.fromkeys keeps first-seen order at C speed; None is coded -1.
        vocabulary = tuple(value for value in dict.fromkeys(values) if value is not None)
        lookup: dict[str | None, int] = {value: code for code, value in enumerate(vocabulary)}
        lookup[None] = -1
        codes = np.fromiter(map(lookup.__getitem__, values), dtype=np.int64, count=len(values))
        return cls(codes, vocabulary)

    @classmethod
    def constant(cls, value: str | None, length: int) -> Self:
        """``value`` in every one of ``length`` rows."""
        if value is None:
            return cls(np.full(length, -1, dtype=np.int64), ())
        return cls(np.zeros(length, dtype=np.int64), (value,))

    def __len__(self) -> int:
        return len(self.codes)

    def value(self, row: int) -> str | None:
        code = int(self.codes[row])
        return self.vocabulary[code] if code >= 0 else None

    def values(self) -> list[Any]:
        table = [*self.vocabulary, None]  # code -1 picks the last entry
        return [table[code] for code in self.codes.tolist()]

    def take(self, rows: IntArray) -> Self:
        return type(self)(self.codes[rows], self.vocabulary)

    def repeated(self, length: int) -> Self:
        return type(self)(seen_for_every_row(self.codes, length), self.vocabulary)

    def missing(self) -> BoolArray:
        result: BoolArray = self.codes < 0
        return result

    def positions(self, index: Mapping[str, int]) -> IntArray:
        """Per row, the position ``index`` gives its text (``-1`` where absent or unknown):
        one look-up per distinct text."""
        mapping = np.array([index.get(text, -1) for text in self.vocabulary] + [-1])
        result: IntArray = mapping.astype(np.int64)[self.codes]
        return result

    def positions_in(self, ids: TextColumn) -> IntArray:
        """Per row, the first row of ``ids`` holding its text (``-1`` where absent or
        unknown): the distinct texts looked up once, in bulk."""
        mapping = np.append(ids.positions(self.vocabulary), -1).astype(np.int64)
        result: IntArray = mapping[self.codes]
        return result

    def compact(self) -> CodedColumn:
        """The same texts, with only the texts present in the vocabulary, in first-seen order."""
        if not len(self.codes):
            return CodedColumn(self.codes, ())
        present = self.codes[self.codes >= 0]
        distinct, first = np.unique(present, return_index=True)
        order = distinct[np.argsort(first, kind="stable")]
        if len(order) == len(self.vocabulary) and np.array_equal(order, np.arange(len(order))):
            return self
        mapping = np.full(len(self.vocabulary) + 1, -1, dtype=np.int64)
        mapping[order] = np.arange(len(order))
        vocabulary = tuple(self.vocabulary[int(code)] for code in order)
        return CodedColumn(mapping[self.codes], vocabulary)

    def equal_to(self, texts: StringArray) -> BoolArray:
        """Per row: the text equals ``texts`` in that row (absent texts equal nothing)."""
        vocabulary = strings([*self.vocabulary, None])
        mine = vocabulary[self.codes]
        result: BoolArray = (self.codes >= 0) & (mine == texts)
        return result

    def recoded(self, vocabulary: Sequence[str]) -> IntArray:
        """The codes into another vocabulary (``-1`` for values it lacks, and for absent)."""
        index = {value: code for code, value in enumerate(vocabulary)}
        mapping = np.array([index.get(value, -1) for value in self.vocabulary] + [-1])
        result: IntArray = mapping[self.codes]
        return result

    def equals(self, other: Column) -> bool:
        if not isinstance(other, CodedColumn) or len(self) != len(other):
            return False
        if self.vocabulary == other.vocabulary:
            return bool(np.array_equal(self.codes, other.codes))
        theirs = other.recoded(self.vocabulary)
        # A value of theirs missing from ours recodes to -1: equal only where both are absent.
        unknown = (theirs < 0) & (other.codes >= 0)
        return not unknown.any() and bool(np.array_equal(self.codes, theirs))

    @property
    def nbytes(self) -> int:
        return int(self.codes.nbytes) + sum(len(v.encode()) for v in self.vocabulary)
