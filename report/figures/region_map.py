"""The booklet's regional map: each state shaded by the cases reported in it."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure

from report import geo, theme
from report.figures.heatmap import draw_colour_bar

LEGEND_HEIGHT_IN = 0.45


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
    colours = LinearSegmentedColormap.from_list("cases", theme.HEAT_COLOURS[:4])
    scale = Normalize(0, max(cases.values()) or 1)
    counts = np.array([cases[fips] for fips in states["fips"]])
    states.plot(ax=ax, color=colours(scale(counts)), edgecolor=theme.NAVY, linewidth=0.8)
    for (_, state), count in zip(states.iterrows(), counts):
        _label(ax, state, count, star="*" if state["fips"] in marked else "")
    _draw_legend(fig, colours, scale)
    return fig


def _label(ax, state, count: int, star: str) -> None:
    """Name and count on a white tab inside the state's largest part: ink on
    white reads the same on any shade."""
    parts = getattr(state.geometry, "geoms", [state.geometry])
    largest = max(parts, key=lambda part: part.area)
    point = largest.centroid if largest.contains(largest.centroid) \
        else largest.representative_point()
    ax.text(point.x, point.y, f"{state['name']}{star}\n{count:,}", ha="center", va="center",
            fontsize=8, fontweight="bold", color=theme.INK, linespacing=1.3,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": theme.WHITE,
                  "edgecolor": theme.GREY_LIGHT, "linewidth": 0.5})


def _draw_legend(fig: Figure, colours, scale: Normalize) -> None:
    """A colour bar under the map, from 0 to the largest count."""
    width_in, _ = fig.get_size_inches()
    draw_colour_bar(fig, colours, (width_in / 2, 0.2), (2.2, 0.1),
                    ("0 cases", f"{int(scale.vmax):,} cases"), 7.5)
