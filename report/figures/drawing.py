"""Matplotlib figure -> ReportLab flowable: vectors, real text, full-resolution images.

The figure is drawn once, by `report.figures.renderer`, into marks that the
flowable draws on the page each time a layout is drawn (a handout is laid
out several ways), so Matplotlib's work is not repeated and the figure
itself can go. A figure whose size is known beforehand can be drawn only when
a layout first draws it: trial layouts, which are only measured, need only
its size.
"""

from collections.abc import Callable
from functools import cache

import numpy as np
from matplotlib.figure import Figure
from reportlab.platypus import Flowable

from report import theme
from report.figures.renderer import POINTS_PER_INCH, Mark, MarkRenderer


class FigureFlowable(Flowable):
    """A figure, at its size in points times `scale`; `marks` gives its marks (the
    same list each time it is called)."""

    def __init__(self, marks: Callable[[], list[Mark]], width: float, height: float,
                 scale: float = 1):
        super().__init__()
        self.marks, self.scale = marks, scale
        self.natural_size = width, height
        self.width, self.height = width * scale, height * scale

    def scaled(self, scale: float) -> "FigureFlowable":
        """The same figure drawn `scale` times as large."""
        return FigureFlowable(self.marks, *self.natural_size, scale=self.scale * scale)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        if self.scale != 1:
            self.canv.scale(self.scale, self.scale)
        for mark in self.marks():
            mark.draw(self.canv)
        self.canv.restoreState()


def to_drawing(figure: Figure) -> FigureFlowable:
    """The figure as a flowable of the same size in points."""
    width, height = figure.get_size_inches() * POINTS_PER_INCH
    marks = _marks(figure)
    return FigureFlowable(lambda: marks, width, height)


def drawn_when_needed(make: Callable[[], Figure], width_in: float, height_in: float
                      ) -> FigureFlowable:
    """The figure `make` makes at this size (inches), made and drawn only when a layout
    first draws it on a page."""
    width, height = np.array((width_in, height_in)) * POINTS_PER_INCH  # as a figure's size
    return FigureFlowable(cache(lambda: _marks(make())), width, height)


def _marks(figure: Figure) -> list[Mark]:
    """What the figure draws, as marks in points."""
    theme.register_reportlab_fonts()
    width, height = figure.get_size_inches() * POINTS_PER_INCH
    renderer = MarkRenderer(width, height, image_dpi=figure.dpi)
    dpi = figure.dpi
    figure.dpi = POINTS_PER_INCH  # a pixel is a point
    try:
        figure.draw(renderer)
    finally:
        figure.dpi = dpi
    return renderer.marks
