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
import textwrap
from collections.abc import Callable
from typing import Any, ParamSpec

from industrial_policy.errors import MissingDependencyError
from industrial_policy.i18n import get_language, language, translate_exact

__all__ = [
    "MissingDependencyError",
    "axes_for",
    "displayed_figure_class",
    "has_matplotlib",
    "in_language",
    "require_matplotlib",
    "translate_axes",
]

#: The resolution of the image a notebook shows (``savefig`` still takes any).
NOTEBOOK_DPI = 100

P = ParamSpec("P")

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


def translate_axes(axes: Any) -> None:
    """Every label the library wrote on ``axes`` (title, axis labels, notes, legend) in the
    current language (:func:`industrial_policy.i18n.language`), line by line."""
    if get_language() == "en":
        return

    def lines(text: str) -> str:
        # A title may be the user's own words: kept as written unless the catalog knows it.
        return "\n".join(translate_exact(line) for line in text.split("\n"))

    title = axes.get_title().split("\n")
    head = " ".join(title[:-1])  # a long title wrapped over lines, then one of facts
    if len(title) > 1 and translate_exact(head) != head:
        wrapped = "\n".join(textwrap.wrap(translate_exact(head), 70))
        axes.set_title(wrapped + "\n" + lines(title[-1]))
    else:
        axes.set_title(lines("\n".join(title)))
    axes.set_xlabel(lines(axes.get_xlabel()))
    axes.set_ylabel(lines(axes.get_ylabel()))
    legend = axes.get_legend()
    texts = [*axes.texts, *(legend.get_texts() if legend is not None else ())]
    for text in texts:
        text.set_text(lines(text.get_text()))


def in_language(draw: Callable[P, Any]) -> Callable[P, Any]:
    """A function that draws a figure, drawn in English and then translated once into the
    current language: the labels are English text as the catalog's templates expect, and no
    number already in Vietnamese notation is read again."""

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> Any:
        lang = get_language()
        with language("en"):
            figure = draw(*args, **kwargs)
        given = kwargs.get("ax")
        with language(lang):
            for axes in [given] if given is not None else figure.axes:
                translate_axes(axes)
        return figure

    return drawn
