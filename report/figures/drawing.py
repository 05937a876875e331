"""Matplotlib figure -> ReportLab flowable: vectors, real text, full-resolution images.

The figure is drawn once, by `report.figures.renderer`, into marks that the
flowable draws on the page each time a layout is drawn (a handout is laid
out several ways), so Matplotlib's work is not repeated and the figure
itself can go.
"""

from matplotlib.figure import Figure
from reportlab.platypus import Flowable

from report import theme
from report.figures.renderer import POINTS_PER_INCH, Mark, MarkRenderer


class FigureFlowable(Flowable):
    """A drawn figure, at its size in points times `scale`."""

    def __init__(self, marks: list[Mark], width: float, height: float, scale: float = 1):
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
        for mark in self.marks:
            mark.draw(self.canv)
        self.canv.restoreState()


def to_drawing(figure: Figure) -> FigureFlowable:
    """The figure as a flowable of the same size in points."""
    theme.register_reportlab_fonts()
    width, height = figure.get_size_inches() * POINTS_PER_INCH
    renderer = MarkRenderer(width, height, image_dpi=figure.dpi)
    dpi = figure.dpi
    figure.dpi = POINTS_PER_INCH  # a pixel is a point
    try:
        figure.draw(renderer)
    finally:
        figure.dpi = dpi
    return FigureFlowable(renderer.marks, width, height)
