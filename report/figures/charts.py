"""Horizontal bar charts for the handout: demographics and hotline call types.

Each chart is drawn on a sheet measured in inches from the figure's top-left
corner, so labels, bars and numbers are placed exactly and the figure's
height follows from its content: the page layout only needs
``fig.get_size_inches()``.

A chart draws counts as `report.privacy` says they may be printed: a hidden
count ("fewer than N", "suppressed") is drawn as an open, hatched bar of length
N whatever its value, so the figure is the same whatever the exact value.
"""

from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Affine2D
from reportlab.pdfbase import pdfmetrics

from report import theme
from report.privacy import Shown

PT = 1 / 72  # one typographic point, in inches
LINE_SPACING = 1.2
ASCENT = 0.95  # baseline below a line's top, in ems (Public Sans accents reach 0.93)
CAP_HEIGHT = 0.72  # Public Sans capitals and figures, in ems
EDGE = 1.5 * PT  # blank border inside the figure, so nothing touches its edge
VALUE_GAP = 3 * PT  # between a bar's end and its number
HATCH_STEP = 2.5 * PT
HINTING_SLACK = 1.04  # hinted screen text runs up to 4% wider than the font's metrics
BAR_GID = "bar"  # marks bar rectangles, for the page's alt text and for tests
HIDDEN_SHARE = 0.15  # of the width, at most, for hidden bars when no count is exact


@dataclass(frozen=True)
class Style:
    """Type sizes and spacing of one kind of chart, in points."""

    label_pt: float
    value_pt: float
    bar_pt: float
    row_gap_pt: float


DEMOGRAPHIC = Style(label_pt=8.5, value_pt=8.5, bar_pt=9, row_gap_pt=6)
CALL_TYPES = Style(label_pt=8.5, value_pt=8.5, bar_pt=9, row_gap_pt=5)
TITLE_PT = 9.5
LABEL_SHARE = 0.4  # of a call-type chart's width, at most, for its labels


@dataclass(frozen=True)
class _Bar:
    """One category as drawn: its printed value and its length in counts."""

    label: str
    value: str
    length: int
    exact: bool


def draw_demographic_chart(title: str, shown: list[Shown], *, width_in: float,
                           threshold: int) -> Figure:
    """Draw one demographic group: the title over a rule, then each label above its bar."""
    bars = _to_bars(shown, threshold)
    inner = width_in - 2 * EDGE
    title_font = _font(TITLE_PT, "bold")
    label_font, value_font = _font(DEMOGRAPHIC.label_pt), _font(DEMOGRAPHIC.value_pt, "semibold")
    title_lines = _wrap(title, title_font, inner)
    label_lines = [_wrap(bar.label, label_font, inner) for bar in bars]
    rule_y = EDGE + _block_height(title_lines, title_font) + 2 * PT
    bar_h = DEMOGRAPHIC.bar_pt * PT
    row_hs = [_block_height(lines, label_font) + 2 * PT + bar_h for lines in label_lines]
    row_tops = _running_tops(rule_y + 5 * PT, row_hs, DEMOGRAPHIC.row_gap_pt * PT)
    fig, sheet = _new_chart(width_in, row_tops[-1] + row_hs[-1] + EDGE)
    _put_text(sheet, EDGE, _first_baseline(EDGE, title_font), title_lines, title_font, theme.NAVY)
    sheet.plot([EDGE, width_in - EDGE], [rule_y, rule_y], color=theme.GREY_LIGHT, lw=0.5)
    scale = _bar_scale(bars, inner, value_font)
    for bar, lines, top, row_h in zip(bars, label_lines, row_tops, row_hs):
        _put_text(sheet, EDGE, _first_baseline(top, label_font), lines, label_font, theme.INK)
        _draw_bar(sheet, bar, EDGE, top + row_h - bar_h, bar_h, scale, value_font)
    return fig


def draw_call_types_chart(shown: list[Shown], *, width_in: float, threshold: int) -> Figure:
    """Draw the hotline's call types: labels in a left column, bars beside them."""
    bars = _to_bars(shown, threshold)
    label_font, value_font = _font(CALL_TYPES.label_pt), _font(CALL_TYPES.value_pt, "semibold")
    natural = max(_text_width(bar.label, label_font) for bar in bars)
    label_w = min(natural, LABEL_SHARE * (width_in - 2 * EDGE))
    label_lines = [_wrap(bar.label, label_font, label_w) for bar in bars]
    bar_x = EDGE + label_w + 8 * PT
    scale = _bar_scale(bars, width_in - EDGE - bar_x, value_font)
    bar_h = CALL_TYPES.bar_pt * PT
    row_hs = [max(_block_height(lines, label_font), bar_h) for lines in label_lines]
    row_tops = _running_tops(EDGE + 3 * PT, row_hs, CALL_TYPES.row_gap_pt * PT)
    height = row_tops[-1] + row_hs[-1] + 3 * PT + EDGE
    fig, sheet = _new_chart(width_in, height)
    sheet.plot([bar_x, bar_x], [EDGE, height - EDGE], color=theme.GREY_LIGHT, lw=0.75)
    for bar, lines, top, row_h in zip(bars, label_lines, row_tops, row_hs):
        middle = top + row_h / 2
        _put_text(sheet, EDGE, _centred_baseline(middle, lines, label_font), lines, label_font,
                  theme.INK)
        _draw_bar(sheet, bar, bar_x, middle - bar_h / 2, bar_h, scale, value_font)
    return fig


def _to_bars(shown: list[Shown], threshold: int) -> list[_Bar]:
    """A bar per printed count; a hidden one is threshold long."""
    if not shown:
        raise ValueError("a chart needs at least one category")
    return [_Bar(s.label, s.text, s.count if s.exact else threshold, s.exact) for s in shown]


def _bar_scale(bars: list[_Bar], width: float, value_font: FontProperties) -> float:
    """Inches per count, as large as lets every bar and its number fit in width."""
    fits = [(width - VALUE_GAP - _text_width(bar.value, value_font)) / bar.length
            for bar in bars if bar.length]
    hidden = [HIDDEN_SHARE * width / bar.length for bar in bars if bar.length and not bar.exact]
    if not any(bar.exact and bar.length for bar in bars):
        fits += hidden  # hidden bars alone: short, not as if they were large counts
    return max(min(fits, default=0.0), 0.0)


def _draw_bar(sheet: "_Sheet", bar: _Bar, x: float, top: float, height: float, scale: float,
              value_font: FontProperties) -> None:
    """Draw one bar from x with its value printed just after its end."""
    length = bar.length * scale
    if bar.exact and length:
        sheet.add_patch(Rectangle((x, top), length, height, facecolor=theme.NAVY,
                               linewidth=0, gid=BAR_GID))
    elif length:
        sheet.add_patch(Rectangle((x, top), length, height, facecolor=theme.WHITE,
                               edgecolor=theme.NAVY, linewidth=0.75, gid=BAR_GID))
        sheet.add_collection(LineCollection(_hatch_lines(x, top, length, height),
                                         colors=theme.NAVY, linewidths=0.5))
    baseline = _centred_baseline(top + height / 2, [bar.value], value_font)
    _put_text(sheet, x + length + VALUE_GAP, baseline, [bar.value], value_font, theme.INK)


def _hatch_lines(x: float, top: float, width: float, height: float) -> list[list[tuple]]:
    """Diagonal segments filling a rectangle, drawn as lines (vector, no pattern)."""
    segments, k = [], x + top + HATCH_STEP
    while k < x + width + top + height:
        x_start, x_end = max(x, k - top - height), min(x + width, k - top)
        segments.append([(x_start, k - x_start), (x_end, k - x_end)])
        k += HATCH_STEP
    return segments


class _Sheet:
    """Draws on a figure in inches from its top-left corner, as an Axes would,
    without making an Axes (which took most of a small chart's time)."""

    def __init__(self, figure: Figure, height: float):
        self.figure = figure
        self.inches = Affine2D().scale(1, -1).translate(0, height) + figure.dpi_scale_trans

    def add_patch(self, artist: Artist) -> None:
        artist.set_transform(self.inches)
        self.figure.add_artist(artist)

    add_collection = add_patch

    def plot(self, xs: list[float], ys: list[float], **style) -> None:
        self.add_patch(Line2D(xs, ys, **style))

    def text(self, x: float, y: float, words: str, **style) -> None:
        self.figure.text(x, y, words, transform=self.inches, **style)


def _new_chart(width: float, height: float) -> tuple[Figure, _Sheet]:
    """A blank figure, and a sheet to draw on it in inches from the top left."""
    theme.use_matplotlib_theme()
    fig = Figure(figsize=(width, height))
    return fig, _Sheet(fig, height)


def _put_text(sheet: _Sheet, x: float, baseline: float, lines: list[str], font_: FontProperties,
              color: str) -> None:
    """Print lines of plain text (never mathtext), the first one on baseline."""
    pitch = font_.get_size_in_points() * LINE_SPACING * PT
    for i, line in enumerate(lines):
        sheet.text(x, baseline + i * pitch, line, fontproperties=font_, color=color,
                va="baseline", parse_math=False)


def _first_baseline(top: float, font_: FontProperties) -> float:
    """Baseline of a text's first line when the text starts at top."""
    return top + ASCENT * font_.get_size_in_points() * PT


def _centred_baseline(middle: float, lines: list[str], font_: FontProperties) -> float:
    """Baseline of the first line that centres the lines' capitals on middle."""
    size = font_.get_size_in_points() * PT
    return middle + CAP_HEIGHT / 2 * size - (len(lines) - 1) / 2 * LINE_SPACING * size


def _running_tops(first: float, heights: list[float], gap: float) -> list[float]:
    """The top of each row, given the rows' heights and the gap between them."""
    tops = [first]
    for height in heights[:-1]:
        tops.append(tops[-1] + height + gap)
    return tops


def _block_height(lines: list[str], font_: FontProperties) -> float:
    """Height in inches of lines of text set at LINE_SPACING."""
    return len(lines) * font_.get_size_in_points() * LINE_SPACING * PT


def _wrap(text: str, font_: FontProperties, width: float) -> list[str]:
    """Break text into lines no wider than width inches, splitting over-long words."""
    words = [piece for word in text.split() for piece in _split_word(word, font_, width)]
    lines = []
    while words:
        count = _longest_fit(words, " ", font_, width)
        lines.append(" ".join(words[:count]))
        words = words[count:]
    return lines or [""]


def _split_word(word: str, font_: FontProperties, width: float) -> list[str]:
    """Cut a word wider than width into pieces that fit."""
    pieces = []
    while word:
        count = _longest_fit(list(word), "", font_, width)
        pieces.append(word[:count])
        word = word[count:]
    return pieces


def _longest_fit(parts: list[str], sep: str, font_: FontProperties, width: float) -> int:
    """How many leading parts, joined by sep, fit in width (at least one)."""
    if _text_width(sep.join(parts), font_) <= width:
        return len(parts)
    low, high = 1, len(parts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _text_width(sep.join(parts[:middle]), font_) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _font(size: float, weight: str = "regular") -> FontProperties:
    """The theme's typeface at a size in points."""
    return FontProperties(family=theme.FONT_FAMILY, size=size, weight=weight)


def _text_width(text: str, font_: FontProperties) -> float:
    """Width in inches of one line of text as it will be printed.

    The page draws the chart's text with ReportLab in the same Public Sans, so
    ReportLab's metrics are the printed width (and far quicker than a renderer).
    A screen renderer's hinting can draw it a little wider: allow for that.
    """
    theme.register_reportlab_fonts()
    name = theme.FONT_NAMES[font_.get_weight()]
    return pdfmetrics.stringWidth(text, name, font_.get_size_in_points()) / 72 * HINTING_SLACK
