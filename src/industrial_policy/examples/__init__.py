"""Example datasets built from the figures published in the source articles.

Each file says where every figure comes from; detail that the sources do
not give (individual parcels, for instance) is marked ``illustrative``.

>>> from industrial_policy import examples
>>> examples.names()[:2]
['combined', 'hai-duong-2021']
>>> ds = examples.load("quang-nam-2024")
>>> ds.name
'Quảng Nam 2024'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from industrial_policy.errors import UnknownRecordError

if TYPE_CHECKING:
    from industrial_policy.dataset import Dataset

__all__ = ["DEFAULT", "load", "names", "path"]

DEFAULT = "combined"
"""The dataset the CLI evaluates when it is given none: all the examples in one file."""


def names() -> list[str]:
    """The names of the bundled example datasets."""
    folder = resources.files(__name__)
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def path(name: str = DEFAULT) -> Path:
    """The file of an example dataset (inside the installed package)."""
    if name not in names():
        raise UnknownRecordError(
            f"no example dataset {name!r}; the examples are: {', '.join(names())}"
        )
    return Path(str(resources.files(__name__).joinpath(f"{name}.toml")))


def load(name: str = DEFAULT) -> Dataset:
    """An example dataset, loaded."""
    from industrial_policy.fileformat import load as load_file

    return load_file(path(name))  # type: ignore[no-any-return]
