"""matplotlib, imported only when a plot is drawn, and the error when it is not installed.

``import industrial_policy`` never imports matplotlib: the core install has
no plotting dependency. Figures are built with the object-oriented API
(:class:`matplotlib.figure.Figure`), never pyplot, so nothing is shown, kept
in pyplot's list of open figures, or saved unless the caller asks.
"""

from __future__ import annotations

import functools
import importlib
import io
from typing import Any

from industrial_policy.errors import MissingDependencyError

__all__ = [
    "MissingDependencyError",
    "axes_for",
    "displayed_figure_class",
    "has_matplotlib",
    "require_matplotlib",
]

#: The resolution of the image a notebook shows (``savefig`` still takes any).
NOTEBOOK_DPI = 100

INSTALL_HINT = "pip install 'industrial-policy[plot]'"


def require_matplotlib(what: str) -> Any:
    """The ``matplotlib.figure`` module, or :class:`MissingDependencyError` naming ``what``."""
    try:
        return importlib.import_module("matplotlib.figure")
    except ImportError as exc:
        raise MissingDependencyError(
            f"{what} needs matplotlib, which is not installed: {INSTALL_HINT}"
        ) from exc


def has_matplotlib() -> bool:
    """Whether matplotlib can be imported (without raising)."""
    try:
        require_matplotlib("plotting")
    except MissingDependencyError:
        return False
    return True


def axes_for(ax: Any, what: str, size: tuple[float, float]) -> tuple[Any, Any]:
    """``(figure, axes)``: the caller's axes and its figure, or a new figure of ``size`` inches."""
    require_matplotlib(what)
    if ax is not None:
        return ax.get_figure(), ax
    figure = displayed_figure_class()(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


@functools.cache
def displayed_figure_class() -> Any:
    """A :class:`matplotlib.figure.Figure` that displays itself in Jupyter as a PNG image.

    The library draws with the object-oriented API, never pyplot, so no backend registers a
    display for its figures: without ``%matplotlib inline`` a notebook would print
    ``<Figure size 800x272 with 1 Axes>``. This subclass answers ``_repr_png_`` itself
    (IPython calls it when it displays the last value of a cell) and is otherwise the same
    figure: ``savefig``, ``axes``, ``add_subplot``... It is reachable as
    ``industrial_policy.plots._matplotlib.DisplayedFigure``, so that a figure pickles.
    """
    base = require_matplotlib("plotting").Figure

    class DisplayedFigure(base):  # type: ignore[misc, valid-type]
        __module__ = __name__
        __qualname__ = "DisplayedFigure"

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=NOTEBOOK_DPI)
            return buffer.getvalue()

    return DisplayedFigure


def __getattr__(name: str) -> Any:
    if name == "DisplayedFigure":
        return displayed_figure_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
