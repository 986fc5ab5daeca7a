"""What rates are computed for: the whole dataset, or each procedure, field, level, province.

A Department of Information and Communications reports its rates for the
province as a whole and broken down by field (lĩnh vực), by level of
government (provincial, district, commune) and by procedure; a ministry
compares provinces. :class:`GroupBy` names one breakdown; several together
cross them ("each field in each province").

Groups are integer codes computed per row with array lookups, so grouping
ten million dossiers costs a few gathers, not a loop.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from industrial_policy.errors import InvalidValueError
from industrial_policy.records.procedures import GovernmentLevel, Procedure

__all__ = ["NO_PROVINCE", "GroupBy", "Grouping", "dimensions", "group_by"]

IntArray = npt.NDArray[np.int64]

NO_PROVINCE = "(province not recorded)"
"""The label of the group of records with no province."""


class GroupBy(enum.StrEnum):
    """A breakdown of rates."""

    DATASET = "dataset"  # everything together
    PROVINCE = "province"
    FIELD = "field"  # lĩnh vực of the procedure
    GOVERNMENT_LEVEL = "government_level"
    PROCEDURE = "procedure"


def dimensions(by: GroupBy | str | Iterable[GroupBy | str]) -> tuple[GroupBy, ...]:
    items: list[GroupBy | str] = [by] if isinstance(by, GroupBy | str) else list(by)
    dims: list[GroupBy] = []
    for item in items:
        try:
            dim = GroupBy(item)
        except ValueError:
            allowed = ", ".join(repr(g.value) for g in GroupBy)
            raise InvalidValueError(f"must be one of {allowed}", value=item, field="by") from None
        if dim not in dims:
            dims.append(dim)
    if not dims:
        raise InvalidValueError("name at least one breakdown", value=by, field="by")
    if len(dims) > 1 and GroupBy.DATASET in dims:
        dims.remove(GroupBy.DATASET)
    return tuple(dims)


@attrs.frozen(eq=False)
class Grouping:
    """Group codes per row and the label of each group code."""

    dimensions: tuple[GroupBy, ...]
    codes: IntArray  # per row
    size: int  # the number of possible codes
    _labels: tuple[tuple[str, ...], ...]  # per dimension, the labels of its codes
    _strides: tuple[int, ...]

    @property
    def subject_kind(self) -> str:
        if len(self.dimensions) == 1:
            return self.dimensions[0].value
        return "+".join(d.value for d in self.dimensions)

    def label(self, code: int) -> str:
        """The group's name: ``"Quảng Nam"``, or ``"Quảng Nam / investment"`` when crossed."""
        parts = []
        for labels, stride in zip(self._labels, self._strides, strict=True):
            parts.append(labels[(code // stride) % len(labels)])
        return " / ".join(parts)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _dimension_codes(
    dim: GroupBy,
    procedures: Sequence[Procedure],
    procedure: IntArray,
    province: IntArray | None,
    provinces: Sequence[str],
) -> tuple[IntArray, tuple[str, ...]]:
    n = len(procedure)
    if dim is GroupBy.DATASET:
        return np.zeros(n, dtype=np.int64), ("all",)
    if dim is GroupBy.PROCEDURE:
        return procedure, tuple(p.id for p in procedures)
    if dim is GroupBy.GOVERNMENT_LEVEL:
        levels = list(GovernmentLevel)
        per_procedure = np.array(
            [levels.index(p.government_level) for p in procedures], dtype=np.int64
        )
        return per_procedure[procedure], tuple(level.value for level in levels)
    if dim is GroupBy.FIELD:
        names = tuple(dict.fromkeys(p.field for p in procedures))
        lookup = {name: i for i, name in enumerate(names)}
        per_procedure = np.array([lookup[p.field] for p in procedures], dtype=np.int64)
        return per_procedure[procedure], names
    # Provinces: the record's own, else its procedure's; unrecorded ones form a group of their own.
    # Names differing only in case or Unicode form are one province, shown as first written.
    position: dict[str, int] = {}
    names_list: list[str] = []
    for name in [*provinces, *(p.province for p in procedures if p.province)]:
        key = _fold(name)
        if key not in position:
            position[key] = len(names_list)
            names_list.append(name)
    missing = len(names_list)
    labels = (*names_list, NO_PROVINCE)
    of_procedure = np.array(
        [position[_fold(p.province)] if p.province else missing for p in procedures],
        dtype=np.int64,
    )
    codes = of_procedure[procedure] if len(procedures) else np.zeros(n, dtype=np.int64)
    if province is not None and len(provinces):
        own = np.array([position[_fold(name)] for name in provinces], dtype=np.int64)
        recorded = province >= 0
        codes = np.where(recorded, own[np.maximum(province, 0)], codes)
    return codes, labels


def group_by(
    by: GroupBy | str | Iterable[GroupBy | str],
    procedures: Sequence[Procedure],
    procedure: IntArray,
    *,
    province: IntArray | None = None,
    provinces: Sequence[str] = (),
) -> Grouping:
    """The group of each row.

    ``procedure`` holds each row's position in ``procedures``; ``province``
    each row's position in ``provinces`` (``-1``: take the procedure's).
    """
    dims = dimensions(by)
    per_dim = [_dimension_codes(d, procedures, procedure, province, provinces) for d in dims]
    strides: list[int] = []
    size = 1
    for _, labels in reversed(per_dim):
        strides.insert(0, size)
        size *= max(len(labels), 1)
    codes = np.zeros(len(procedure), dtype=np.int64)
    for (dim_codes, _), stride in zip(per_dim, strides, strict=True):
        codes += dim_codes * stride
    return Grouping(
        dimensions=dims,
        codes=codes,
        size=size,
        labels=tuple(labels for _, labels in per_dim),
        strides=tuple(strides),
    )
