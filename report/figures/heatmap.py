"""The heat map: where in the state cases were reported, as red shading over counties.

The shading is a raster masked to the state by hand (cells outside are
transparent), so the figure needs no clip path when it is converted from
SVG; the outlines, legend and any note are vectors and text.
"""

import math

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from scipy import ndimage

from report import theme
from report.geo import StateGeography, heat_surface

MIN_BANDWIDTH_KM = 25  # never smooth less than this, so no case can be pinpointed
RASTER_DPI = 300
LEGEND_HEIGHT_IN = 0.3
LEGEND_BAR_IN = (0.9, 0.09)
LABEL_SIZE = 7
TOO_FEW_NOTE = "Too few located cases to map"
HEAT_CMAP = LinearSegmentedColormap.from_list("heat", theme.HEAT_COLOURS)


def draw_heat_map(geo: StateGeography, x, y, weights, *, width_in: float, height_in: float,
                  bandwidth_km: float = 25, min_cases: int = 3,
                  note: str | None = TOO_FEW_NOTE) -> Figure:
    """Draw the state's counties shaded by case density, relative to its peak.

    x and y are the cases' positions in the state's map metres, weights the
    number of cases at each. With fewer than min_cases cases in all, the map
    has no shading and says so with `note` (None: a plain map, for a state
    that gives no locations). The figure is not registered with pyplot, so
    it needs no closing.
    """
    theme.use_matplotlib_theme()
    fig = Figure(figsize=(width_in, height_in), facecolor="none")
    FigureCanvasAgg(fig)
    ax = _add_map_axes(fig, geo.outline)
    weights = np.asarray(weights, float)
    if weights.sum() >= max(min_cases, 1):
        bandwidth_m = max(bandwidth_km, MIN_BANDWIDTH_KM) * 1000
        _draw_shading(ax, geo.outline, x, y, weights, bandwidth_m)
        _draw_legend(fig, ax)
    elif note:
        ax.text(0.5, 0.5, note, transform=ax.transAxes, ha="center", va="center",
                color=theme.GREY, fontsize=LABEL_SIZE + 1, zorder=3,
                bbox={"boxstyle": "square,pad=0.5", "facecolor": theme.WHITE, "edgecolor": "none"})
    _draw_lines(ax, geo.counties.geometry, color=theme.GREY_LIGHT, linewidth=0.4)
    _draw_lines(ax, [geo.outline], color=theme.NAVY, linewidth=0.9)
    return fig


def _add_map_axes(fig: Figure, outline) -> Axes:
    """Axes as large as the figure allows above the legend, at the state's aspect.

    The map and the legend below it are centred together in the figure.
    """
    xmin, ymin, xmax, ymax = outline.bounds
    pad = 0.015 * max(xmax - xmin, ymax - ymin)  # room for the outline's stroke
    xmin, xmax, ymin, ymax = xmin - pad, xmax + pad, ymin - pad, ymax + pad
    fig_w, fig_h = fig.get_size_inches()
    scale = min(fig_w / (xmax - xmin), (fig_h - LEGEND_HEIGHT_IN) / (ymax - ymin))
    w, h = (xmax - xmin) * scale, (ymax - ymin) * scale
    left, bottom = (fig_w - w) / 2, (fig_h - h - LEGEND_HEIGHT_IN) / 2 + LEGEND_HEIGHT_IN
    ax = fig.add_axes((left / fig_w, bottom / fig_h, w / fig_w, h / fig_h))
    ax.set(xlim=(xmin, xmax), ylim=(ymin, ymax), aspect="equal")
    ax.set_axis_off()
    return ax


def _axes_size_in(ax: Axes) -> tuple[float, float]:
    """The axes' width and height in inches."""
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    return box.width * fig_w, box.height * fig_h


def _draw_shading(ax: Axes, outline, x, y, weights, bandwidth_m: float) -> None:
    """Shade the state white to red by case density; cells outside are left blank."""
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    extent = (xmin, xmax, ymin, ymax)
    w_in, h_in = _axes_size_in(ax)
    # The density is smooth at the bandwidth's scale: compute it on cells of
    # about an eighth of it, then interpolate to print resolution.
    step = max(1, round(bandwidth_m / 8 / ((xmax - xmin) / (w_in * RASTER_DPI))))
    coarse = (math.ceil(h_in * RASTER_DPI / step), math.ceil(w_in * RASTER_DPI / step))
    density = heat_surface(x, y, weights, extent, coarse, bandwidth_m)
    density = ndimage.zoom(density, step, order=1, grid_mode=True, mode="nearest")
    rgba = HEAT_CMAP(density / (density.max() or 1), bytes=True)
    # Transparent white: ReportLab drops the alpha of images converted from
    # SVG, and then these cells must still print as blank paper.
    rgba[~_inside(outline, extent, density.shape)] = (255, 255, 255, 0)
    ax.imshow(rgba, extent=extent, origin="lower", interpolation="none", zorder=0)


def _inside(outline, extent, shape, step: int = 2) -> np.ndarray:
    """Which cells of a grid over extent lie inside the outline.

    Tested on blocks of step x step cells: at 300 dpi a 2-cell block is
    narrower than the outline's stroke, which covers the edge, and the test
    costs a quarter.
    """
    xmin, xmax, ymin, ymax = extent
    rows, cols = shape
    block_rows, block_cols = math.ceil(rows / step), math.ceil(cols / step)
    xs = xmin + (np.arange(block_cols) + 0.5) * step * (xmax - xmin) / cols
    ys = ymin + (np.arange(block_rows) + 0.5) * step * (ymax - ymin) / rows
    blocks = shapely.contains_xy(outline, *np.meshgrid(xs, ys))
    return np.repeat(np.repeat(blocks, step, axis=0), step, axis=1)[:rows, :cols]


def _draw_lines(ax: Axes, shapes, **style) -> None:
    """Draw the boundaries of polygons as vector lines, all in one path.

    One path rather than a line per county keeps the SVG, the conversion to
    ReportLab and the PDF small and fast.
    """
    lines = shapely.get_parts(shapely.boundary(np.asarray(shapes, dtype=object)))
    path = Path.make_compound_path(*(Path(shapely.get_coordinates(line)) for line in lines))
    # add_artist, not add_patch: the limits are set already, and working them
    # out again from thousands of segments is slow.
    ax.add_artist(PathPatch(path, fill=False, joinstyle="round", capstyle="round", zorder=2,
                            **style))


def _draw_legend(fig: Figure, ax: Axes) -> None:
    """A colour bar under the map: "Fewer cases" at its light end, "More cases" at its dark end."""
    fig_w, fig_h = fig.get_size_inches()
    box = ax.get_position()
    centre = ((box.x0 + box.x1) / 2 * fig_w, box.y0 * fig_h - LEGEND_HEIGHT_IN / 2)
    bar_w = min(LEGEND_BAR_IN[0], 0.3 * fig_w)  # labels fit beside it
    draw_colour_bar(fig, HEAT_CMAP, centre, (bar_w, LEGEND_BAR_IN[1]),
                    ("Fewer cases", "More cases"), LABEL_SIZE)


def draw_colour_bar(fig: Figure, colours, centre: tuple[float, float],
                    size: tuple[float, float], labels: tuple[str, str], font_size: float) -> None:
    """A light-to-dark bar centred at `centre` (inches), a label at each end; the
    ramp is raster at 300 dpi or more, the labels text."""
    fig_w, fig_h = fig.get_size_inches()
    (x, y), (width, height) = centre, size
    bar = fig.add_axes(((x - width / 2) / fig_w, (y - height / 2) / fig_h,
                        width / fig_w, height / fig_h))
    ramp = np.linspace(0, 1, math.ceil(width * RASTER_DPI))[np.newaxis, :]
    bar.imshow(ramp, cmap=colours, aspect="auto", interpolation="none")
    bar.set(xticks=[], yticks=[])
    for spine in bar.spines.values():
        spine.set(color=theme.GREY_LIGHT, linewidth=0.5)
    label = {"transform": fig.dpi_scale_trans, "va": "center", "color": theme.GREY,
             "fontsize": font_size}
    fig.text(x - width / 2 - 0.06, y, labels[0], ha="right", **label)
    fig.text(x + width / 2 + 0.06, y, labels[1], ha="left", **label)
