"""The names a choice is known by: its value, its English and Vietnamese labels, abbreviations.

A file, a table column or the command line may name a zone's kind as ``industrial_park``,
``"Industrial park"``, ``"khu công nghiệp"``, ``"Khu cong nghiep"`` or ``"KCN"``: all are the
same member. The names are data: one table per enum in ``locale/names.toml``, plus each
member's value and its label in every catalog (:func:`industrial_policy.i18n.labels_in`).
They are compared by :func:`name_key`: without case, without diacritics (``đ`` is ``d``),
with ``_`` and ``-`` as spaces.

>>> from industrial_policy.records.zones import ZoneKind
>>> print(*(resolve(ZoneKind, name) for name in ("KCN", "khu cong nghiep", "Cụm Công Nghiệp")))
industrial_park industrial_park industrial_cluster
>>> print(resolve(ZoneKind, "khu cong nghiep cao"))
None
>>> suggestion(ZoneKind, "khu cong nghe ca")
"did you mean 'khu công nghệ cao' (hi_tech_park)?"
"""

from __future__ import annotations

import difflib
import enum
import re
import threading
import tomllib
import unicodedata
from functools import cache
from importlib import resources
from typing import TypeVar

from industrial_policy.i18n import LANGUAGES, labels_in

__all__ = ["known_names", "member", "name_key", "names_table", "resolve", "suggestion"]

E = TypeVar("E", bound=enum.Enum)

_SPACES = re.compile(r"[\s_\-]+")
_lock = threading.Lock()


def name_key(name: str) -> str:
    """``name`` as names are compared: casefolded, without diacritics, one space between
    words: ``"Khu  Công_Nghiệp"`` and ``"khu cong nghiep"`` have the same key."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare.casefold()).strip()


@cache
def names_table() -> dict[str, dict[str, list[str]]]:
    """The other names of every enum's members, as ``locale/names.toml`` lists them."""
    text = (resources.files("industrial_policy") / "locale" / "names.toml").read_text("utf-8")
    return tomllib.loads(text)


def known_names(enum_type: type[E]) -> dict[E, list[str]]:
    """Every name each member is known by, its value first."""
    table = names_table().get(enum_type.__name__, {})
    result: dict[E, list[str]] = {}
    for member in enum_type:
        names = [str(member.value)]
        for lang in LANGUAGES:
            labelled = labels_in(lang, enum_type).get(member)
            if labelled is not None:
                names.append(labelled)
        names.extend(table.get(str(member.value), []))
        result[member] = list(dict.fromkeys(names))
    return result


class NameClashError(ValueError):
    """Two members of one enum share a name (a fault of the names table, not of input)."""


_keys: dict[type[enum.Enum], dict[str, enum.Enum]] = {}


def _keys_of(enum_type: type[E]) -> dict[str, E]:
    found = _keys.get(enum_type)
    if found is None:
        built: dict[str, enum.Enum] = {}
        for member, names in known_names(enum_type).items():
            for name in names:
                key = name_key(name)
                if built.get(key, member) is not member:
                    raise NameClashError(
                        f"{enum_type.__name__}: {name!r} names both {built[key].value!r}"
                        f" and {member.value!r}"
                    )
                built[key] = member
        with _lock:
            found = _keys.setdefault(enum_type, built)
    return found  # type: ignore[return-value]


def resolve(enum_type: type[E], name: object) -> E | None:
    """The member of ``enum_type`` that ``name`` names, or ``None``."""
    if not isinstance(name, str):
        return None
    return _keys_of(enum_type).get(name_key(name))


def member(enum_type: type[E], name: object) -> E:
    """The member of ``enum_type`` that ``name`` names: itself, its value, or any of its names;
    :class:`ValueError` when none (for callers that say which values are allowed)."""
    if isinstance(name, enum_type):
        return name
    try:
        return enum_type(name)
    except (ValueError, TypeError):
        found = resolve(enum_type, name)
    if found is None:
        raise ValueError(f"{name!r} names no {enum_type.__name__}")
    return found


def suggestion(enum_type: type[E], name: object, members: frozenset[E] | None = None) -> str:
    """``"did you mean 'khu công nghiệp' (industrial_park)?"`` for a name close to one of
    the members' names, else ``""``."""
    if not isinstance(name, str) or not name.strip():
        return ""
    spelled: dict[str, tuple[str, E]] = {}
    for member, names in known_names(enum_type).items():
        if members is not None and member not in members:
            continue
        for spelling in names:
            spelled.setdefault(name_key(spelling), (spelling, member))
    close = difflib.get_close_matches(name_key(name), list(spelled), n=1, cutoff=0.6)
    if not close:
        return ""
    spelling, member = spelled[close[0]]
    if spelling == member.value:
        return f"did you mean {spelling!r}?"
    return f"did you mean {spelling!r} ({member.value})?"
