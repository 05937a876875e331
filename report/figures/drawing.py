"""Matplotlib figure -> ReportLab vector drawing, text kept as text.

The figure goes through SVG (with `svg.fonttype: none`, set by the theme)
and svglib, so every label is a string in Public Sans on the page rather
than curves, and can be selected, searched and read aloud.
"""

import io
from functools import cache

from matplotlib.figure import Figure
from reportlab.graphics.shapes import Drawing
from svglib import fonts
from svglib.svglib import svg2rlg

from report import theme

# SVG font weights as Matplotlib writes them, mapped to the embedded faces.
_WEIGHTS = {
    "regular": ("normal", "400", "500"),
    "semibold": ("600",),
    "bold": ("bold", "700", "800", "900"),
}


@cache
def _map_fonts() -> None:
    for face, weights in _WEIGHTS.items():
        file = str(theme.FONT_DIR / theme.FONT_FILES[face])
        for weight in weights:
            fonts.register_font(theme.FONT_FAMILY, file, weight=weight,
                                rlgFontName=theme.FONT_NAMES[face])


def to_drawing(figure: Figure) -> Drawing:
    """The figure as a ReportLab Drawing of the same size in points."""
    from matplotlib import pyplot

    _map_fonts()
    svg = io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None})
    pyplot.close(figure)
    svg.seek(0)
    return svg2rlg(svg)
