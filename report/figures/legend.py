"""Shading in classes and its legend, shared by the state heat map and the region map.

Classes grow by a constant factor from the lightest to the darkest, so a
second and third hot spot stay visible next to the largest: a linear scale
would wash everything but the peak out to near-white, which reads as "none".
"""

import math
from functools import lru_cache

import numpy as np
from matplotlib.bezier import BezierSegment
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.font_manager import FontProperties
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.textpath import TextPath

from report import i18n, theme

CLASS_COLOURS = theme.HEAT_COLOURS[1:]  # lightest to darkest; white is "none"
SWATCH_IN = (0.5, 0.11)
LABEL_PAD_IN = 0.08  # between a swatch's label and the next
LABEL_PT = 8
NEAR = 1e-6  # a curve this near the ends' extremes (points) might pass them by rounding


def class_breaks(low: float, high: float, classes: int = len(CLASS_COLOURS)) -> list[float]:
    """Round lower bounds of up to `classes` classes from low to high, growing by
    a constant factor; the first is at most low, so every value from low up is
    shaded."""
    if not 0 < low <= high:
        raise ValueError("class breaks need 0 < low <= high")
    steps = min(classes, max(1, math.ceil(math.log(high / low, 1.5))))
    breaks = [_round_down(low)]
    for k in range(1, steps):
        value = _round(low * (high / low) ** (k / steps))
        if value > breaks[-1]:
            breaks.append(value)
    return breaks


def _round_down(value: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above value."""
    power = 10 ** math.floor(math.log10(value))
    return max(step * power for step in (1, 2, 5) if step * power <= value * (1 + 1e-9))


def _round(value: float) -> float:
    """value to one significant figure (two from 10 to 20)."""
    digits = -math.floor(math.log10(value)) + (1 if 10 <= value < 20 else 0)
    return round(value, digits)


def class_colours(breaks: list[float]) -> list[str]:
    """The colours of these classes: spread over the scale, darkest last."""
    picks = np.linspace(0, len(CLASS_COLOURS) - 1, len(breaks)).round().astype(int) \
        if len(breaks) > 1 else [len(CLASS_COLOURS) // 2]
    return [CLASS_COLOURS[i] for i in picks]


def class_norm(breaks: list[float]) -> tuple[ListedColormap, BoundaryNorm]:
    """A colour map and norm that shade values below the first break white."""
    colours = ListedColormap([theme.WHITE, *class_colours(breaks)])
    return colours, BoundaryNorm([-math.inf, *breaks, math.inf], colours.N)


def number(value: float) -> str:
    """A class bound as printed: '0.5', '3', '1,200'."""
    return i18n.number(value, max(0, -math.floor(math.log10(value))) if value < 1 else 0)


def draw_class_legend(fig: Figure, centre_x: float, top: float, breaks: list[float],
                      title: str) -> None:
    """The title, then a swatch per class with its lower bound under it ("N+" for the
    last), centred at centre_x inches, from `top` inches above the figure's bottom."""
    colours = class_colours(breaks)
    texts = [number(bound) + ("+" if i == len(breaks) - 1 else f"\u2013{number(breaks[i + 1])}")
             for i, bound in enumerate(breaks)]
    swatch = swatch_width(texts)
    width = swatch * len(breaks)
    label = {"transform": fig.dpi_scale_trans, "color": theme.GREY, "fontsize": LABEL_PT,
             "ha": "center", "parse_math": False}
    fig.text(centre_x, top, title, va="top", **label)
    swatch_top = top - LABEL_PT * 1.35 / 72
    for i, (text, colour) in enumerate(zip(texts, colours)):
        left = centre_x - width / 2 + i * swatch
        fig.add_artist(Rectangle((left, swatch_top - SWATCH_IN[1]), swatch, SWATCH_IN[1],
                                 transform=fig.dpi_scale_trans, facecolor=colour,
                                 edgecolor=theme.GREY_LIGHT, linewidth=0.5))
        fig.text(left + swatch / 2, swatch_top - SWATCH_IN[1] - 0.03, text, va="top", **label)


def swatch_width(texts: list[str]) -> float:
    """The swatches' width, inches: SWATCH_IN[0], or as wide as the widest label needs.
    A label's exact width is only worked out where it might need more: its curves lie
    within the corners of its outlines, whose span is quick to take (the extremes of
    its curves are not)."""
    needed = [label_width(text) + LABEL_PAD_IN for text in texts
              if label_reach(text) + LABEL_PAD_IN > SWATCH_IN[0] - 1e-9]
    return max([SWATCH_IN[0], *needed])


def label_width(text: str) -> float:
    """A legend label's width in inches, in the theme's typeface."""
    return outline_width(_label_path(text)) / 72


def outline_width(path: Path) -> float:
    """The width Path.get_extents gives an outline (each of its subpaths opened by a
    MOVETO, and closed, if at all, at its end, as a typeface's are), which works out
    every curve's extremes. A curve lies between its control points, so only those
    whose control points come near the ends of the segments, or beyond them, are
    worked out (as get_extents does): for a label, a few curves of hundreds, in a
    quarter of the time."""
    ends, curves, previous = [], [], None
    for vertices, code in path.iter_segments():
        if code == Path.STOP:
            break
        points = vertices.reshape(-1, 2)
        if code in (Path.CURVE3, Path.CURVE4):
            curves.append(np.vstack([previous, points]))
        if code != Path.CLOSEPOLY:  # which ends on its subpath's first point
            ends.append(points[-1])
        previous = points[-1]
    xs = [np.array(ends)[:, 0]]
    low, high = xs[0].min() + NEAR, xs[0].max() - NEAR
    for points in curves:
        if points[:, 0].min() <= low or points[:, 0].max() >= high:
            curve = BezierSegment(points)
            xs.append(curve([0, *curve.axis_aligned_extrema()[1], 1])[:, 0])
    xs = np.concatenate(xs)
    return xs.max() - xs.min()


def label_reach(text: str) -> float:
    """How far apart the corners of a label's outlines lie, inches: never less than its
    width."""
    return float(np.ptp(_label_path(text).vertices[:, 0])) / 72


@lru_cache(maxsize=256)
def _label_path(text: str) -> TextPath:
    """A legend label's outlines (kept: a map drawn at each scale has the same labels,
    and laying out text as paths is slow)."""
    return TextPath((0, 0), text, size=LABEL_PT, prop=FontProperties(family=theme.FONT_FAMILY))


LEGEND_HEIGHT_IN = 2 * LABEL_PT * 1.35 / 72 + SWATCH_IN[1] + 0.06
