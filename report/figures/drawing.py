"""Matplotlib figure -> ReportLab vector drawing, text kept as text.

The figure goes through SVG (with `svg.fonttype: none`, set by the theme)
and svglib, so every label is a string in Public Sans on the page rather
than curves, and can be selected, searched and read aloud.
"""

import io

from matplotlib.figure import Figure
from reportlab.graphics.shapes import Drawing
from svglib.svglib import svg2rlg

from report import theme


def to_drawing(figure: Figure) -> Drawing:
    """The figure as a ReportLab Drawing of the same size in points."""
    theme.register_reportlab_fonts()
    svg = io.BytesIO()
    figure.savefig(svg, format="svg", metadata={"Date": None})
    svg.seek(0)
    return svg2rlg(svg)
