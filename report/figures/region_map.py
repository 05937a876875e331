"""The booklet's regional map: each state shaded by the cases reported in it."""

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure

from report import geo, theme

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
        _label(ax, state, count, dark=_luminance(colours(scale(count))) < 0.2,
               star="*" if state["fips"] in marked else "")
    _draw_legend(fig, colours, scale)
    return fig


def _luminance(rgba) -> float:
    """Relative luminance of a colour (0 black, 1 white).

    White text reads better than ink on a fill below about 0.2.
    """
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                        for c in rgba[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _label(ax, state, count: int, dark: bool, star: str) -> None:
    """Name and count at a point inside the state's largest part."""
    parts = getattr(state.geometry, "geoms", [state.geometry])
    largest = max(parts, key=lambda part: part.area)
    point = largest.centroid if largest.contains(largest.centroid) \
        else largest.representative_point()
    colour = theme.WHITE if dark else theme.INK
    ax.text(point.x, point.y, f"{state['name']}{star}\n{count:,}", ha="center", va="center",
            fontsize=8, fontweight="bold", color=colour, linespacing=1.3)


def _draw_legend(fig: Figure, colours, scale: Normalize) -> None:
    """A colour bar under the map, from 0 to the largest count."""
    width_in, height_in = fig.get_size_inches()
    bar_w, bar_h = 2.2, 0.1
    bar = fig.add_axes(((width_in - bar_w) / 2 / width_in, 0.15 / height_in,
                        bar_w / width_in, bar_h / height_in))
    bar.imshow(np.linspace(0, 1, 700)[np.newaxis, :], cmap=colours, aspect="auto",
               interpolation="none")
    bar.set(xticks=[], yticks=[])
    for spine in bar.spines.values():
        spine.set(color=theme.GREY_LIGHT, linewidth=0.5)
    for x, text, align in ((-0.03, "0 cases", "right"),
                           (1.03, f"{int(scale.vmax):,} cases", "left")):
        bar.text(x, 0.5, text, transform=bar.transAxes, ha=align, va="center",
                 fontsize=7.5, color=theme.GREY)
