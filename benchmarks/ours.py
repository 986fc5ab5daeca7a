"""The library's side of the frame-based workloads: one function per workload.

Each function below is the whole of "ours" for its workload: what a user of
the library writes, from the frames (or files) to the finished result. The
peers, the data, the checks and the timing are in the workload modules
(``land_frames``, ``investment_frames``, ``dossiers_frames``, ``loading_files``,
``memory``); plugging the library in is replacing a body here and removing its
``@placeholder`` (``run.py`` then times it; until then it skips the workload,
or times the peers alone with ``--peers``).

``frames`` is a dict from a table's name to a polars frame (or a pandas frame
with ``run.py --frames pandas``), with the columns of ``columns.py``: the
library's field names, areas as ``*_ha``, enum values as text, ``categories``
as a list of text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

PENDING = "plugged in when Dataset.from_frames lands"

F = TypeVar("F", bound=Callable[..., Any])


def placeholder(hook: F) -> F:
    """Mark ``hook`` as not plugged in yet (see :func:`pending`)."""
    hook.placeholder = True  # type: ignore[attr-defined]
    return hook


def pending(hook: Callable[..., Any]) -> bool:
    """Whether ``hook`` is still a placeholder."""
    return bool(getattr(hook, "placeholder", False))


def land(frames: Mapping[str, Any], rules: Any, day: dt.date, overrides: Mapping[str, Any]) -> Any:
    """Workload 6: ``zones``, ``parcels`` and ``projects`` (the tenants) to the report of
    ``evaluate(dataset, rules, day, overrides=overrides)`` (every zone, economic zone,
    district and province). Checked: the zones' hi-tech shares and occupancy."""
    from industrial_policy.rules import evaluate

    return evaluate(dataset(frames), rules, day, overrides=overrides)


def targets(frames: Mapping[str, Any], targets: list[Any], as_of: dt.date) -> Any:
    """Workload 7: ``zones``, ``projects``, ``capital_events`` and ``exchange_rates``
    to the report of ``track(dataset, targets, as_of)``. Checked: each target's actual."""
    import industrial_policy as ip
    from industrial_policy.columnar.reading import Children
    from industrial_policy.io.frames import read_frame
    from industrial_policy.money import ExchangeRate
    from industrial_policy.records import CapitalEvent, Project, Zone
    from industrial_policy.tracking import track

    events = frames["capital_events"]
    history = read_frame(
        CapitalEvent,
        events.drop("project_id"),
        currencies={"amount": {"column": "currency"}},
    )
    parent = events["project_id"]
    dataset = ip.Dataset(
        zones=read_frame(Zone, frames["zones"], **_hectares("total_area")),
        projects=read_frame(
            Project,
            frames["projects"],
            children={"capital_events": Children(history, parent.to_numpy())},
        ),
        exchange_rates=list(read_frame(ExchangeRate, frames["exchange_rates"])),
    )
    return track(dataset, targets, as_of)


def dossier_rates(frames: Mapping[str, Any], periods: tuple[str, ...]) -> Any:
    """Workload 8: ``dossiers`` and ``procedures`` to the report of
    ``dossier_rates(table, procedures=..., periods=periods, by="province")`` (indexable by
    finding id). Checked: the four rates of each province and year.

    As a user writes it: the procedures read from their frame, the dossiers' frame given as
    it is; its engine (polars or pandas) counts the rows and only the counts come back."""
    from industrial_policy.io.frames import read_frame
    from industrial_policy.records import Procedure
    from industrial_policy.services import dossier_rates as rates

    procedures = read_frame(Procedure, frames["procedures"])
    return rates(frames["dossiers"], procedures=procedures, periods=periods, by="province")


def load(zones: Path, parcels: Path) -> Any:
    """Workloads 9 and 10: a dataset from a zones file and a parcels file (Parquet or CSV,
    by suffix). Checked: ``len(dataset.parcels)`` and the parcels' areas in
    ``dataset.columns.parcels.area_ha``."""
    import industrial_policy as ip

    return ip.read_frames(zones=zones, parcels=parcels)


def dataset(frames: Mapping[str, Any]) -> Any:
    """Workload 11: the dataset of ``zones``, ``parcels`` and ``projects``, built (its bytes
    are measured with ``memory.held_bytes``, against the Arrow columns)."""
    import industrial_policy as ip
    from industrial_policy.io.frames import read_frame
    from industrial_policy.records import Parcel, Project, Zone

    return ip.Dataset(
        zones=read_frame(Zone, frames["zones"], **_hectares("total_area", "industrial_land_area")),
        parcels=read_frame(Parcel, frames["parcels"], **_hectares("area")),
        projects=read_frame(Project, frames["projects"]),
    )


def _hectares(*fields: str) -> dict[str, Any]:
    """The mapping of area columns named ``<field>_ha``."""
    return {
        "columns": {field: f"{field}_ha" for field in fields},
        "units": dict.fromkeys(fields, "ha"),
    }
