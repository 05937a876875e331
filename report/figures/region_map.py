"""The booklet's regional map: each state shaded by the cases reported in it."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from report import geo, theme
from report.figures.legend import LEGEND_HEIGHT_IN, class_breaks, class_norm, draw_class_legend


def draw_region_map(cases: dict[str, int], marked: set[str], *, width_in: float,
                    height_in: float) -> Figure:
    """States (by FIPS code) shaded white to red by cases, labelled with name and count.

    States in `marked` get an asterisk after their name (illustrative data).
    """
    theme.use_matplotlib_theme()
    states = geo.region_outlines(list(cases))
    fig = Figure(figsize=(width_in, height_in), facecolor="none")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, LEGEND_HEIGHT_IN / height_in, 1, 1 - LEGEND_HEIGHT_IN / height_in))
    ax.set_axis_off()
    ax.set_aspect("equal")
    counts = np.array([cases[fips] for fips in states["fips"]])
    fills = theme.WHITE
    if counts.any():
        breaks = class_breaks(min(counts[counts > 0]), max(counts))
        colours, norm = class_norm(breaks)
        fills = colours(norm(counts))
        draw_class_legend(fig, width_in / 2, LEGEND_HEIGHT_IN - 0.02, breaks, "Cases reported")
    states.plot(ax=ax, color=fills, edgecolor=theme.NAVY, linewidth=0.8)
    for (_, state), count in zip(states.iterrows(), counts):
        _label(ax, state, count, star="*" if state["fips"] in marked else "")
    return fig


def _label(ax, state, count: int, star: str) -> None:
    """Name and count on a white tab inside the state's largest part: ink on
    white reads the same on any shade."""
    parts = getattr(state.geometry, "geoms", [state.geometry])
    largest = max(parts, key=lambda part: part.area)
    point = largest.centroid if largest.contains(largest.centroid) \
        else largest.representative_point()
    ax.text(point.x, point.y, f"{state['name']}{star}\n{count:,}", ha="center", va="center",
            fontsize=8, fontweight="bold", color=theme.INK, linespacing=1.3, parse_math=False,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": theme.WHITE,
                  "edgecolor": theme.GREY_LIGHT, "linewidth": 0.5})
