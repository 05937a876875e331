"""The booklet's regional map: each state shaded by the cases reported in it.

The contiguous states share the main panel; Alaska, Hawaii and each territory
get a boxed inset in its own projection, so islands are not specks on an
ocean-wide map. Labels are placed one by one against the rendered extents of
those already placed: inside a state where its label fits, else outside it
with a leader line; they never overlap one another or leave their panel.
"""

import textwrap
from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from shapely.ops import polylabel

from report import geo, theme
from report.i18n import _, number
from report.figures.legend import LEGEND_HEIGHT_IN, class_breaks, class_norm, draw_class_legend

LABEL_SIZES = (8, 7, 6)  # points: an inset's caption takes the largest that fits its box
# What labels say and their size in points, tried in turn until every label has a place:
# the name and the count (for a few states), the postal code and the count, the postal
# code alone (the table under the map has every count); 8 points where they fit.
LABEL_FORMS = (("name", 8), ("code", 8), ("code", 7), ("code only", 8), ("code only", 7),
               ("code", 6), ("code only", 6))
NAMES_UP_TO = 16  # states in the main panel; more never have room for their names
INSET_STRIP_IN = 1.3  # the height of the row of insets under the main panel
GAP_IN = 0.08  # between panels, and between a label and what it must not touch
INSIDE_SHARE = 0.85  # of a label's tab that must lie on its state to be placed inside
PLACES_AT_ONCE = 8  # places inside a state tried together, nearest first
LINE_WIDTH = 0.8
# Where a label outside its state is tried, every 15 degrees round it (each worked out as
# a number, not as an array, whose faster sines may differ in the last bits):
DIRECTIONS = np.array([(np.cos(angle), np.sin(angle))
                       for angle in np.radians(np.arange(0, 360, 15))])


@dataclass(frozen=True)
class Label:
    """A state's label: its text and the point of the state it names, in pixels."""

    text: str
    anchor: tuple[float, float]
    shape: shapely.Geometry  # the state, in pixels


def draw_region_map(cases: dict[str, int], marked: set[str], *, width_in: float,
                    height_in: float) -> Figure:
    """States (by FIPS code) shaded white to red by cases, labelled with name and count.

    States in `marked` get an asterisk after their name (illustrative data).
    """
    theme.use_matplotlib_theme()
    fig = Figure(figsize=(width_in, height_in), facecolor="none")
    QuietCanvas(fig)
    panels = geo.region_outlines(list(cases))
    shade = shading(list(cases.values()))
    if shade is not None:
        draw_class_legend(fig, width_in / 2, LEGEND_HEIGHT_IN - 0.02, shade[2],
                          _("Cases reported"))
    main, insets = (panels[0], panels[1:]) if set(panels[0]["fips"]) - geo.OUTLYING_FIPS \
        else (None, panels)
    rects = panel_rects(main is not None, len(insets), width_in, height_in)
    if main is not None:
        ax = map_axes(fig, rects[0], main, cases, shade, pad=0.12)
        place_labels(ax, main, cases, marked)
    for states, rect in zip(insets, rects[1:] if main is not None else rects):
        draw_inset(fig, rect, states, cases, marked, shade)
    return fig


class QuietCanvas(FigureCanvasAgg):
    """An Agg canvas that never draws: the figure is drawn once, onto the page.

    Where GeoPandas asks for a redraw after plotting (a third of a small region's map),
    only what that drawing did that the map needs is done: the axes' boxes set to their
    data's aspect, which the map's scale is worked out from. Its renderer measures text
    at the figure's resolution without holding the figure's pixels (17 MB at 300 dpi).
    """

    def draw_idle(self, *args, **kwargs) -> None:
        for ax in self.figure.axes:
            ax.apply_aspect()

    def get_renderer(self) -> RendererAgg:
        if getattr(self, "measuring", None) is None:
            self.measuring = RendererAgg(1, 1, self.figure.dpi)
        return self.measuring


def shading(counts: list[int]):
    """(colour map, norm, class breaks) for these counts, or None when all are 0."""
    positive = [count for count in counts if count > 0]
    if not positive:
        return None
    breaks = class_breaks(min(positive), max(positive))
    return (*class_norm(breaks), breaks)


def panel_rects(has_main: bool, insets: int, width_in: float, height_in: float
                ) -> list[tuple[float, float, float, float]]:
    """Figure fractions (left, bottom, width, height) of the main panel, if any, then of
    each inset, in a row under it (or filling the figure when there is no main panel)."""
    bottom = LEGEND_HEIGHT_IN + GAP_IN
    room = height_in - bottom
    strip = 0 if not insets else room if not has_main else min(INSET_STRIP_IN, 0.35 * room)
    rects = [(0, (bottom + strip + GAP_IN * bool(insets)) / height_in, 1,
              (room - strip - GAP_IN * bool(insets)) / height_in)] if has_main else []
    if insets:
        box = min(width_in / insets - GAP_IN, 2.2 if has_main else width_in)
        left = (width_in - insets * (box + GAP_IN) + GAP_IN) / 2
        rects += [((left + i * (box + GAP_IN)) / width_in, bottom / height_in,
                   box / width_in, strip / height_in) for i in range(insets)]
    return rects


def map_axes(fig: Figure, rect, states, cases: dict[str, int], shade, pad: float) -> Axes:
    """An axes in `rect` with the states drawn and shaded, `pad` of their size around them."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    counts = np.array([cases[fips] for fips in states["fips"]])
    fills = theme.WHITE if shade is None else shade[0](shade[1](counts))
    states.plot(ax=ax, color=fills, edgecolor=theme.NAVY, linewidth=LINE_WIDTH)
    left, bottom, right, top = states.total_bounds
    span = max(right - left, top - bottom)
    box = ax.get_window_extent()
    scale = max((right - left + 2 * pad * span) / box.width,
                (top - bottom + 2 * pad * span) / box.height)  # metres per pixel, both ways
    x, y = (left + right) / 2, (bottom + top) / 2
    ax.set_xlim(x - scale * box.width / 2, x + scale * box.width / 2)
    ax.set_ylim(y - scale * box.height / 2, y + scale * box.height / 2)
    ax.set_aspect("equal")
    return ax


def label_text(state, count: int, star: str, form: str, width: int = 22) -> str:
    """'Ohio*' (long names wrapped) or 'OH*' over the count, or 'OH*' alone."""
    if form == "code only":
        return f"{state['usps']}{star}"
    name = state["usps"] if form == "code" else "\n".join(textwrap.wrap(state["name"], width))
    return f"{name}{star}\n{number(count)}"


def place_labels(ax: Axes, states, cases: dict[str, int], marked: set[str]) -> None:
    """Label every state of the main panel in the first of LABEL_FORMS that lets every
    label find a place."""
    to_pixels = ax.transData.transform
    shapes = [shapely.transform(shape, to_pixels) for shape in states.geometry]
    anchors = [_anchor(shape) for shape in shapes]
    area = tuple(ax.get_window_extent().extents)
    land = shapely.STRtree(shapes)
    forms = [form for form in LABEL_FORMS if form[0] != "name" or len(states) <= NAMES_UP_TO]
    for form, size in forms:
        labels = [Label(label_text(state, cases[state["fips"]],
                                   "*" if state["fips"] in marked else "", form), anchor, shape)
                  for (_row, state), anchor, shape in zip(states.iterrows(), anchors, shapes)]
        placed = arrange(ax, labels, land, area, size)
        if placed is not None:
            draw_labels(ax, labels, placed, size)
            return
    draw_labels(ax, labels, arrange(ax, labels, land, area, size, force=True), size)


def _anchor(shape: shapely.Geometry) -> tuple[float, float]:
    """The point of a state its label names: deep inside its largest part."""
    largest = max(getattr(shape, "geoms", [shape]), key=lambda part: part.area)
    point = polylabel(largest, tolerance=1.0)
    return point.x, point.y


def tab_sizes(ax: Axes, texts: list[str], size: float) -> list[tuple[float, float]]:
    """Labels' white tabs, width and height in pixels, as rendered: each text measured
    in turn by one text artist (making an artist took half of measuring it)."""
    artist = ax.text(0, 0, "", fontsize=size, fontweight="bold", linespacing=1.3,
                     parse_math=False)
    renderer = ax.figure.canvas.get_renderer()
    pad = 2 * 0.3 * size * ax.figure.dpi / 72 + LINE_WIDTH
    sizes = []
    for text in texts:
        artist.set_text(text)
        extent = artist.get_window_extent(renderer)
        sizes.append((extent.width + pad, extent.height + pad))
    artist.remove()
    return sizes


def arrange(ax: Axes, labels: list[Label], land, area, size: float, force: bool = False):
    """A tab (x0, y0, x1, y1 in pixels) per label, or None if one finds no free place
    (`land`: a spatial index of all the states' shapes).

    Big states first, inside themselves; then the others outside, nearest first,
    over no state if possible.
    """
    gap = GAP_IN * ax.figure.dpi
    sizes = tab_sizes(ax, [label.text for label in labels], size)
    tabs: dict[int, np.ndarray] = {}
    order = sorted(range(len(labels)), key=lambda i: -labels[i].shape.area)
    for i in order:
        tab = inside_place(labels[i], sizes[i], _taken(tabs), area, gap)
        if tab is not None:
            tabs[i] = tab
    for i in (i for i in order if i not in tabs):
        tab = outside_place(labels[i], sizes[i], _taken(tabs), area, gap, land)
        if tab is None:
            tab = outside_place(labels[i], sizes[i], _taken(tabs), area, gap, None)
        if tab is None and not force:
            return None
        tabs[i] = tab if tab is not None else _boxes(np.array([labels[i].anchor]), sizes[i])[0]
    return [tabs[i] for i in range(len(labels))]


def _taken(tabs: dict[int, np.ndarray]) -> np.ndarray:
    return np.array(list(tabs.values())).reshape(-1, 4)


def _boxes(centres: np.ndarray, size: tuple[float, float]) -> np.ndarray:
    """Tabs of this size centred on each point: rows of x0, y0, x1, y1."""
    half = np.array(size) / 2
    return np.hstack([centres - half, centres + half])


def _free(tabs: np.ndarray, taken: np.ndarray, area: tuple, gap: float) -> np.ndarray:
    """Which tabs lie in the area (x0, y0, x1, y1) and keep `gap` from every tab taken."""
    inside = (tabs[:, 0] >= area[0]) & (tabs[:, 1] >= area[1]) & \
        (tabs[:, 2] <= area[2]) & (tabs[:, 3] <= area[3])
    if not len(taken):
        return inside
    apart = (tabs[:, None, 0] >= taken[None, :, 2] + gap) | \
        (tabs[:, None, 2] <= taken[None, :, 0] - gap) | \
        (tabs[:, None, 1] >= taken[None, :, 3] + gap) | \
        (tabs[:, None, 3] <= taken[None, :, 1] - gap)
    return inside & apart.all(axis=1)


def inside_place(label: Label, size, taken: np.ndarray, area, gap: float):
    """A tab mostly on the label's own state, nearest its anchor, or None."""
    left, bottom, right, top = label.shape.bounds
    grid = np.array([(x, y) for x in np.linspace(left, right, 11)
                     for y in np.linspace(bottom, top, 11)])
    centres = np.vstack([label.anchor, grid[np.argsort(
        np.hypot(*(grid - label.anchor).T), kind="stable")]])
    tabs = _boxes(centres, size)
    tabs = tabs[_free(tabs, taken, area, gap)]
    least = INSIDE_SHARE * size[0] * size[1]
    hull = shapely.convex_hull(label.shape)
    for start in range(0, len(tabs), PLACES_AT_ONCE):  # the nearest usually fits
        some = tabs[start:start + PLACES_AT_ONCE]
        boxes = shapely.box(*some.T)
        # A tab that lies too little on the state's convex hull (a few corners: quick to
        # cut) lies too little on the state; the margin is far beyond the areas' rounding.
        near = shapely.area(shapely.intersection(hull, boxes)) >= least * (1 - 1e-9)
        fits = np.flatnonzero(_area_on(label.shape, some[near], least) >= least)
        if len(fits):
            return some[near][fits[0]]
    return None


def _area_on(shape: shapely.Geometry, tabs: np.ndarray, least: float) -> np.ndarray:
    """The area of each tab that lies on the shape. Cut by GEOS' rectangle clipping, in a
    third of the time of an intersection; an area within rounding of `least` is cut again
    as an intersection, whose rounding decides as before."""
    areas = np.array([shapely.area(shapely.clip_by_rect(shape, *tab)) for tab in tabs])
    close = np.abs(areas - least) <= 1e-9 * least
    areas[close] = shapely.area(shapely.intersection(shape, shapely.box(*tabs[close].T)))
    return areas


def outside_place(label: Label, size, taken: np.ndarray, area, gap: float, land):
    """A tab near the state whose leader line crosses no other tab, off `land` when
    given, or None."""
    radii = np.arange(1, 40) * max(size) / 3 + max(size) / 2
    offsets = (radii[:, None, None] * DIRECTIONS).reshape(-1, 2)  # nearest first
    tabs = _boxes(label.anchor + offsets, size)
    tabs = tabs[_free(tabs, taken, area, gap)]
    if land is not None and len(tabs):
        tabs = np.delete(tabs, land.query(shapely.box(*tabs.T), predicate="intersects")[0], axis=0)
    if not len(tabs) or not len(taken):
        return tabs[0] if len(tabs) else None
    ends = np.clip(label.anchor, tabs[:, :2], tabs[:, 2:])
    leaders = shapely.linestrings(np.stack([np.broadcast_to(label.anchor, ends.shape), ends],
                                           axis=1))
    crossing, _crossed = shapely.STRtree(shapely.box(*taken.T)).query(
        leaders, predicate="intersects")
    clear = np.setdiff1d(np.arange(len(tabs)), crossing)
    return tabs[clear[0]] if len(clear) else None


def _nearest(tab: np.ndarray, point: tuple[float, float]) -> tuple[float, float]:
    """The point of a tab's edge nearest `point`."""
    return (float(np.clip(point[0], tab[0], tab[2])), float(np.clip(point[1], tab[1], tab[3])))


def draw_labels(ax: Axes, labels: list[Label], tabs, size: float) -> None:
    """Each label on a white tab (ink on white reads the same on any shade), with a leader
    line to its state where the tab is off it."""
    to_data = ax.transData.inverted().transform
    for label, tab in zip(labels, tabs):
        box = shapely.box(*tab)
        if box.intersection(label.shape).area < INSIDE_SHARE * box.area:
            ends = to_data([label.anchor, _nearest(tab, label.anchor)])
            ax.plot(ends[:, 0], ends[:, 1], color=theme.GREY, linewidth=0.6, zorder=3)
            ax.plot(*ends[0], marker="o", markersize=1.8, color=theme.INK, zorder=3)
        x, y = to_data([((tab[0] + tab[2]) / 2, (tab[1] + tab[3]) / 2)])[0]
        ax.text(x, y, label.text, ha="center", va="center", fontsize=size, fontweight="bold",
                color=theme.INK, linespacing=1.3, zorder=4, parse_math=False,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": theme.WHITE,
                      "edgecolor": theme.GREY_LIGHT, "linewidth": 0.5})


def draw_inset(fig: Figure, rect, states, cases: dict[str, int], marked: set[str],
               shade) -> None:
    """One outlying state in a shaded box: its label across the top, its shape under it."""
    state = states.iloc[0]
    frame = fig.add_axes(rect)
    frame.set_xticks([])
    frame.set_yticks([])
    frame.patch.set_facecolor(theme.GREY_LIGHTEST)  # a box without rules, which read as a table
    for spine in frame.spines.values():
        spine.set_visible(False)
    box_width = rect[2] * fig.get_figwidth() * 72  # points
    star = "*" if state["fips"] in marked else ""
    for size in LABEL_SIZES:
        text = label_text(state, cases[state["fips"]], star, "name",
                          width=max(8, int(box_width / (0.6 * size))))
        caption = frame.text(0.5, 0.97, text, transform=frame.transAxes, ha="center", va="top",
                             fontsize=size, fontweight="bold", color=theme.INK, linespacing=1.3,
                             parse_math=False)
        extent = caption.get_window_extent(fig.canvas.get_renderer())
        if extent.width <= frame.get_window_extent().width * 0.94 or size == LABEL_SIZES[-1]:
            break
        caption.remove()
    top = 1 - (extent.height / frame.get_window_extent().height + 0.06)
    left, bottom, width, height = rect
    map_axes(fig, (left + 0.04 * width, bottom + 0.04 * height, 0.92 * width,
                   (top - 0.04) * height), states, cases, shade, pad=0.04)
