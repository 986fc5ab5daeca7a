"""Optional extras: packages that only some functions need, imported when they run.

The core (attrs, cattrs, pint, python-dateutil, numpy) never imports an extra.
A function that needs one imports it inside :class:`needs`, which turns a
missing package into a :class:`~industrial_policy.errors.MissingDependencyError`
saying what needed it and the one command that installs it:

>>> try:
...     with needs("reading maps", extra="geo"):
...         import no_such_package
... except ImportError as error:  # a MissingDependencyError is an ImportError too
...     print(error)
reading maps needs no-such-package: pip install 'industrial-policy[geo]'

:func:`backend` looks a module up by its name, as pandas looks up its plotting backend
(``pandas.options.plotting.backend``): a method of a lower floor reaches the module that
does the work (``Report.plot`` and :mod:`industrial_policy.plots`) without an import
statement going up, and a user may name a module of their own.
"""

from __future__ import annotations

import importlib
from types import ModuleType, TracebackType

from industrial_policy.errors import MissingDependencyError

__all__ = ["backend", "install_hint", "needs"]


def install_hint(extra: str) -> str:
    """The command that installs an extra: ``pip install 'industrial-policy[frames]'``."""
    return f"pip install 'industrial-policy[{extra}]'"


class needs:  # noqa: N801 - read as a phrase: ``with needs("plotting", extra="plot"):``
    """A block whose imports are an extra's: an :class:`ImportError` inside it becomes a
    :class:`~industrial_policy.errors.MissingDependencyError` naming ``purpose``, the
    package (``package``, or the module that failed to import) and the extra to install
    (``None`` when the package is the user's own choice, installed by its name)."""

    def __init__(self, purpose: str, *, extra: str | None, package: str | None = None) -> None:
        self.purpose = purpose
        self.extra = extra
        self.package = package

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if isinstance(error, ImportError) and not isinstance(error, MissingDependencyError):
            name = (self.package or (error.name or "a package").partition(".")[0]).replace("_", "-")
            hint = install_hint(self.extra) if self.extra else f"pip install {name}"
            raise MissingDependencyError(f"{self.purpose} needs {name}: {hint}") from error


def backend(name: str, *, purpose: str, extra: str | None) -> ModuleType:
    """The module ``name``, imported by its name: the backend that does ``purpose``.

    A module that cannot be imported (its package or a package it needs missing) raises
    :class:`~industrial_policy.errors.MissingDependencyError` naming ``purpose`` and how to
    install it: the ``extra`` (the library's own backend), or the package by its name.

    >>> backend("json", purpose="reading", extra=None).__name__
    'json'
    >>> try:
    ...     backend("no_such_backend.plots", purpose="Report.plot", extra=None)
    ... except ImportError as error:
    ...     print(error)
    Report.plot needs no-such-backend: pip install no-such-backend
    """
    with needs(purpose, extra=extra):
        return importlib.import_module(name)
