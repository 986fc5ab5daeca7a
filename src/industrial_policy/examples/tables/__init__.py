"""Example tables, as users hold them (illustrative data: every name and figure is made up).

``parks.xlsx`` (30 industrial parks of Hải Dương, Vietnamese headers below a
title row), ``projects.csv`` (60 projects, ``;``-separated, capital in tỷ
đồng) and ``mapping.toml`` (which column is which field); see
``docs/tables.md``.

>>> import industrial_policy as ip
>>> ds = ip.read(path("parks.xlsx"), mapping=path("mapping.toml"))
>>> len(ds.zones), len(ds.projects)
(30, 60)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from industrial_policy.errors import UnknownRecordError

__all__ = ["names", "path"]


def names() -> list[str]:
    """The example tables' files."""
    folder = resources.files(__name__)
    return sorted(e.name for e in folder.iterdir() if e.name.endswith((".xlsx", ".csv", ".toml")))


def path(name: str) -> Path:
    """The file of an example table (inside the installed package)."""
    if name not in names():
        raise UnknownRecordError(f"no example table {name!r}; they are: {', '.join(names())}")
    return Path(str(resources.files(__name__).joinpath(name)))
