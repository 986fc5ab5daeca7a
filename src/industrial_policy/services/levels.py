"""The online level of procedures on given days, in bulk.

For each (procedure, day) the record in force is the latest
:class:`~industrial_policy.records.offerings.ServiceOffering` on or before
the day; a procedure with no dated record at all falls back on the undated
level of its :class:`~industrial_policy.records.procedures.Procedure`
record (explanations say how many did). A procedure whose dated records all
start after the day has no known level on that day.

Everything is computed on numpy arrays: one ``searchsorted`` over
``procedure * span + day`` keys finds the record in force for millions of
(procedure, day) pairs at once.

Whether a state is "in" a set of levels or categories is a three-valued
answer (:func:`within`): yes, no, or unknown, the last when the level is not
recorded or when a Decree 42 category stands for levels on both sides of
the question under the mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.records.offerings import ServiceOffering
from industrial_policy.records.procedures import OnlineService, Procedure
from industrial_policy.services.classification import LEVELS, LevelMapping

__all__ = ["NO", "UNKNOWN", "YES", "LevelStates", "LevelTable", "within"]

IntArray = npt.NDArray[np.int64]
SmallArray = npt.NDArray[np.int8]
DateArray = npt.NDArray[np.datetime64]

YES, NO, UNKNOWN = 1, 0, -1
"""The answers of :func:`within`."""

# Days are numbered from 1970-01-01; the library's dates (1900 to 2200) lie
# within ±100,000 days of it, so a (procedure, day) pair fits one int64 key.
_DAY_OFFSET = 100_000
_DAY_SPAN = 2 * _DAY_OFFSET

SERVICES: tuple[OnlineService, ...] = tuple(OnlineService)
"""Category codes: the position in this tuple; ``-1`` is not recorded."""

SOURCE_NONE, SOURCE_DATED, SOURCE_UNDATED = 0, 1, 2


def _service_code(service: OnlineService | None) -> int:
    return -1 if service is None else SERVICES.index(service)


@attrs.frozen
class LevelStates:
    """The record in force for each (procedure, day) asked about.

    ``level`` is the Decree 43 level (0: not recorded), ``service`` the
    Decree 42 category code (-1: not recorded), ``source`` says where they
    come from (0: nothing known, 1: a dated offering, 2: the undated
    procedure record) and ``offering`` is the position of the offering in
    :attr:`LevelTable.refs` (-1 when none).
    """

    level: SmallArray
    service: SmallArray
    source: SmallArray
    offering: IntArray

    def __len__(self) -> int:
        return len(self.level)


def _keys(procedure: IntArray, days: DateArray) -> IntArray:
    ordinal = days.astype("datetime64[D]").astype(np.int64) + _DAY_OFFSET
    result: IntArray = procedure.astype(np.int64) * _DAY_SPAN + ordinal
    return result


@attrs.frozen(eq=False)
class LevelTable:
    """Procedures and their dated offerings, ready to be asked about many days at once."""

    procedure_ids: tuple[str, ...]
    index: dict[str, int]
    keys: IntArray  # sorted (procedure * span + day) of the offerings
    level: SmallArray  # per offering, 0 when not recorded
    service: SmallArray  # per offering, -1 when not recorded
    refs: tuple[str, ...]  # per offering, in key order
    has_offerings: npt.NDArray[np.bool_]  # per procedure
    undated_level: SmallArray  # per procedure
    undated_service: SmallArray  # per procedure

    @classmethod
    def build(
        cls, procedures: Sequence[Procedure], offerings: Iterable[ServiceOffering] = ()
    ) -> LevelTable:
        """The table of ``procedures`` and their ``offerings``.

        Offerings of procedures not in ``procedures`` are the dataset's
        integrity check's business; here they are left out.
        """
        index = {p.id: i for i, p in enumerate(procedures)}
        known = [o for o in offerings if o.procedure_id in index]
        procedure = np.fromiter(
            (index[o.procedure_id] for o in known), dtype=np.int64, count=len(known)
        )
        days = np.array([o.on for o in known], dtype="datetime64[D]")
        keys = _keys(procedure, days) if known else np.zeros(0, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        level = np.array([o.online_level or 0 for o in known], dtype=np.int8)
        service = np.array([_service_code(o.online_service) for o in known], dtype=np.int8)
        has = np.zeros(len(procedures), dtype=np.bool_)
        has[procedure] = True
        return cls(
            procedure_ids=tuple(index),
            index=index,
            keys=keys[order],
            level=level[order] if known else np.zeros(0, dtype=np.int8),
            service=service[order] if known else np.zeros(0, dtype=np.int8),
            refs=tuple(known[i].ref for i in order),
            has_offerings=has,
            undated_level=np.array([p.online_level or 0 for p in procedures], dtype=np.int8),
            undated_service=np.array(
                [_service_code(p.online_service) for p in procedures], dtype=np.int8
            ),
        )

    def __len__(self) -> int:
        return len(self.procedure_ids)

    def on(self, procedure: IntArray, days: DateArray | np.datetime64) -> LevelStates:
        """The record in force for each pair ``(procedure[i], days[i])``.

        ``procedure`` holds positions in :attr:`procedure_ids`; ``days`` is
        ``datetime64[D]`` (one day is broadcast to every procedure).
        """
        procedure = np.asarray(procedure, dtype=np.int64)
        days = np.broadcast_to(np.asarray(days, dtype="datetime64[D]"), procedure.shape)
        n = len(procedure)
        level = self.undated_level[procedure].copy()
        service = self.undated_service[procedure].copy()
        source = np.where((level > 0) | (service >= 0), SOURCE_UNDATED, SOURCE_NONE).astype(np.int8)
        offering = np.full(n, -1, dtype=np.int64)
        if len(self.keys):
            wanted = _keys(procedure, days)
            position = np.searchsorted(self.keys, wanted, side="right") - 1
            safe = np.maximum(position, 0)
            found = (position >= 0) & (self.keys[safe] // _DAY_SPAN == procedure)
            dated = self.has_offerings[procedure]
            # A procedure with dated records but none yet in force has no known level.
            before_first = dated & ~found
            level[before_first] = 0
            service[before_first] = -1
            source[before_first] = SOURCE_NONE
            level[found] = self.level[safe[found]]
            service[found] = self.service[safe[found]]
            source[found] = SOURCE_DATED
            offering[found] = position[found]
        return LevelStates(level=level, service=service, source=source, offering=offering)


def _masks(mapping: LevelMapping) -> tuple[SmallArray, SmallArray]:
    """Per level (0 to 4): its category code; per category code: the mask of its levels."""
    service_of_level = np.full(len(LEVELS) + 1, -1, dtype=np.int8)
    for level in LEVELS:
        service_of_level[level] = _service_code(mapping.service_of(level))
    levels_of_service = np.zeros(len(SERVICES), dtype=np.int8)
    for code, service in enumerate(SERVICES):
        levels_of_service[code] = sum(1 << level for level in mapping.levels_of(service))
    return service_of_level, levels_of_service


def within(
    states: LevelStates,
    *,
    levels: Iterable[int] = (),
    services: Iterable[OnlineService] = (),
    mapping: LevelMapping,
) -> SmallArray:
    """Whether each state is in ``levels`` (Decree 43) or ``services`` (Decree 42).

    Answers :data:`YES`, :data:`NO` or :data:`UNKNOWN` per state. A record's
    own classification is used when the question is asked in it (a level is
    checked against ``levels``, a category against ``services``); otherwise
    it is converted with ``mapping``. A category stands for a set of levels:
    it is in ``levels`` when all of them are, out when none is, unknown
    otherwise. With neither ``levels`` nor ``services`` every known state is in.
    """
    level_set = frozenset(levels)
    service_set = frozenset(OnlineService(s) for s in services)
    n = len(states)
    answer = np.full(n, UNKNOWN, dtype=np.int8)
    has_level = states.level > 0
    has_service = states.service >= 0
    if not level_set and not service_set:
        answer[has_level | has_service] = YES
        return answer
    service_of_level, levels_of_service = _masks(mapping)
    wanted_mask = sum(1 << level for level in level_set)
    wanted_codes = np.array([_service_code(s) for s in service_set], dtype=np.int8)

    def in_services(codes: SmallArray) -> npt.NDArray[np.bool_]:
        return np.isin(codes, wanted_codes)

    if level_set:
        # Levels are asked about: a level answers directly, a category through its levels.
        direct = has_level
        answer[direct] = np.where((wanted_mask >> states.level[direct]) & 1 == 1, YES, NO)
        by_service = ~has_level & has_service
        if service_set:
            answer[by_service] = np.where(in_services(states.service[by_service]), YES, NO)
        else:
            mask = levels_of_service[np.maximum(states.service[by_service], 0)].astype(np.int16)
            inside = mask & wanted_mask
            outside = mask & ~wanted_mask
            # A category standing for no level under the mapping answers nothing.
            answer[by_service] = np.where(
                mask == 0,
                UNKNOWN,
                np.where(outside == 0, YES, np.where(inside == 0, NO, UNKNOWN)),
            )
    else:
        # Categories are asked about: a category answers directly, a level through the mapping.
        direct = has_service
        answer[direct] = np.where(in_services(states.service[direct]), YES, NO)
        by_level = ~has_service & has_level
        converted = service_of_level[states.level[by_level]]
        answer[by_level] = np.where(in_services(converted), YES, NO)
    return answer


def disagreements(states: LevelStates, mapping: LevelMapping) -> npt.NDArray[np.bool_]:
    """States recording a level and a category that the mapping does not pair."""
    service_of_level, _ = _masks(mapping)
    both = (states.level > 0) & (states.service >= 0)
    result: npt.NDArray[np.bool_] = both & (service_of_level[states.level] != states.service)
    return result
