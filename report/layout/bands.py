"""Shared text kept out of the page's top and bottom bands.

A line of text wholly within the top or bottom 12% of a page reads as a
running header or footer. Where the same words come back there page after
page, as a booklet's handouts would bring back a heading, a chart's row or a
note, accessibility checkers take them for furniture tagged as content
(outloud's PAG-001). So the handout's frame sets such lines clear of the
bands: down, below white space, from the top band; onto the next page, or
split off there, from the bottom band. The title's lines that name the state
may stay at the top of page 1: no other handout's title says them.

Where the lines fall is worked out from the flowables as ReportLab 5.1 sets
them (a paragraph's lines, a table's cells, what a KeepTogether holds).
"""

import copy
from weakref import WeakKeyDictionary

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Frame, KeepTogether, Paragraph, Table

from report.figures.drawing import FigureFlowable
from report.figures.renderer import Words
from report.layout.sections import Breakable
from report.layout.tagging import Tag

BAND = 0.12 * LETTER[1]  # the bands' depth, as outloud measures them
SAFETY = 0.5  # points more than needed between a line and a band
TOP_EDGE = LETTER[1] - BAND - SAFETY  # a line's bottom must be below this
BOTTOM_EDGE = BAND + SAFETY  # and its top above this
WITH_TEXT = (Tag, Paragraph, FigureFlowable, Table, Breakable, KeepTogether)  # what has lines

Line = tuple[float, float, str]  # depth of a line's top and bottom in its flowable, its words


class BandFrame(Frame):
    """A frame whose lines of text stay clear of the page's bands, but those of the
    `title` that name the `state`."""

    def __init__(self, *args, title: str, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.title, self.state = title, state

    def __deepcopy__(self, memo: dict) -> "BandFrame":
        """The copy ReportLab measures a KeepTogether in, at every wrap: only what is not a
        number or a string is copied deep (the frame is mostly numbers, and copying each of
        them as deepcopy does took 3% of a handout's time), into a twin made as `copy.copy`
        makes it, without its generic steps (a quarter of the copy's time)."""
        twin = object.__new__(type(self))
        twin.__dict__.update(vars(self))
        for name, value in vars(self).items():
            if not isinstance(value, (int, float, str, type(None))):
                setattr(twin, name, copy.deepcopy(value, memo))
        return twin

    @property
    def clearance(self) -> float:
        """How far the bottom band's edge is above the frame's foot."""
        return BOTTOM_EDGE - self._y1p

    def _reset(self) -> None:
        super()._reset()
        self.lenient = False  # whether whole flowables may now fall in the bottom band

    def add(self, flowable: Flowable, canv, trySplit: int = 0) -> int:
        """Draw the flowable with its lines below the top band; or say it does not fit,
        to be split or moved on where its lines would fall in the bottom band (unless
        `_stays` says it is better drawn here)."""
        available = self._available(flowable)
        if not isinstance(flowable, WITH_TEXT) or available <= 0:
            return super().add(flowable, canv, trySplit)
        push, clear, height = self._placement(flowable, canv, available)
        if not (clear or self._stays(flowable, canv, available - push)):
            return 0
        if height + push <= available:
            self._y -= push
        return super().add(flowable, canv, trySplit)

    def split(self, flowable: Flowable, canv) -> list[Flowable]:
        """The flowable split below white space that clears the top band, where its first
        part clears the bottom band. Flowables kept together are moved on whole, as
        `_stays` allows."""
        available = self._available(flowable)
        if not isinstance(flowable, WITH_TEXT) or available <= 0:
            return super().split(flowable, canv)
        push, clear, _ = self._placement(flowable, canv, available)
        kept_together = isinstance(flowable, KeepTogether)
        if kept_together and not clear and (self.lenient or available > self._aH / 3):
            self.lenient = True
            return super().split(flowable, canv)
        push = min(push, available)
        self._y -= push
        room = available - push - (0 if kept_together and clear else self.clearance)
        return self._parts(flowable, canv, room)

    def _stays(self, flowable: Flowable, canv, available: float) -> bool:
        """Whether a flowable whose lines would fall in the bottom band is drawn here all
        the same: where it cannot be split to keep them out, and they would fall there on
        the next page too, or moving it there would leave more than a third of this page
        empty (whose rest then lets whole flowables into the band)."""
        if self._parts(flowable, canv, available - self.clearance):
            return False
        if self.lenient or not self._placement(flowable, canv, self._aH)[1]:
            return True
        self.lenient = available > self._aH / 3
        return self.lenient

    def _parts(self, flowable: Flowable, canv, room: float) -> list[Flowable]:
        """The flowable split so that its first part takes at most `room`, if it can be."""
        if room <= 0:
            return []
        flowable.canv, flowable._frame = canv, self  # as Frame.split lends them
        try:
            parts = flowable.split(self._getAvailableWidth(), room)
        finally:
            del flowable.canv, flowable._frame
        return [] if parts == [flowable] else parts

    def _available(self, flowable: Flowable) -> float:
        """The height the flowable may take here, as Frame.add works it out."""
        space = 0 if self._atTop else flowable.getSpaceBefore()
        if space and self._oASpace:
            space = max(space - self._prevASpace, 0)
        return self._y - self._y1p - space

    def _placement(self, flowable: Flowable, canv, available: float
                   ) -> tuple[float, bool, float]:
        """The white space that takes the flowable's lines out of the top band, whether
        they then stay out of the bottom band, and the flowable's height."""
        width = self._getAvailableWidth()
        height = flowable.wrapOn(canv, width, available)[1]
        top = self._y1p + available
        if top < TOP_EDGE and top - height > BOTTOM_EDGE:
            return 0, True, height  # wholly between the bands
        lines = [(top - line_top, top - line_bottom) for line_top, line_bottom, words
                 in text_lines(flowable, canv, width)
                 if not (self.state in words and words in self.title)]
        push = max((bottom - TOP_EDGE + 0.01 for _, bottom in lines if bottom >= TOP_EDGE),
                   default=0)
        return push, all(line_top - push > BOTTOM_EDGE for line_top, _ in lines), height


def text_lines(flowable: Flowable, canv, width: float) -> list[Line]:
    """Every line of text a wrapped flowable of the handout draws in `width`."""
    if isinstance(flowable, Tag):
        return text_lines(flowable.flowable, canv, width)
    if isinstance(flowable, Paragraph):
        return paragraph_lines(flowable)
    if isinstance(flowable, FigureFlowable):
        return figure_lines(flowable)
    if isinstance(flowable, Table):
        return table_lines(flowable, canv)
    if isinstance(flowable, Breakable):
        return text_lines(flowable.row, canv, width)
    if isinstance(flowable, KeepTogether):
        return stacked_lines(flowable._content, canv, width, merged=True)
    return []


def extent(font: str, size: float) -> tuple[float, float]:
    """How far above and below its baseline a line of text in the font reaches (its
    font's ascent and descent, as PDF readers take them)."""
    face = getFont(font).face
    return face.ascent / 1000 * size, -face.descent / 1000 * size


def paragraph_lines(paragraph: Paragraph) -> list[Line]:
    """The lines of a paragraph, a leading apart from a first baseline one em down."""
    style = paragraph.style
    above, below = extent(style.fontName, style.fontSize)
    lines = []
    for number, line in enumerate(paragraph.blPara.lines):
        baseline = style.fontSize + number * style.leading
        words = (" ".join(line[1]) if isinstance(line, tuple)
                 else "".join(fragment.text for fragment in line.words))
        lines.append((baseline - above, baseline + below, words))
    return lines


def figure_lines(figure: FigureFlowable) -> list[Line]:
    """The runs of text of a drawn figure, where their matrices put them."""
    height = figure.natural_size[1]
    lines = []
    for mark in figure.marks:
        if isinstance(mark, Words):
            a, b, c, d, e, f = mark.matrix
            above, below = extent(mark.font, mark.size)
            width = stringWidth(mark.text, mark.font, mark.size)
            ys = [b * x + d * y + f for x in (0, width) for y in (-below, above)]
            lines.append(((height - max(ys)) * figure.scale, (height - min(ys)) * figure.scale,
                          mark.text))
    return lines


def table_lines(table: Table, canv) -> list[Line]:
    """The lines of each cell's flowables, from the top of the cell (the handout's
    tables align their cells' content to the top)."""
    lines, row_top = [], 0.0
    for values, styles, row_height in zip(table._cellvalues, table._cellStyles,
                                          table._rowHeights):
        for value, style, width in zip(values, styles, table._colWidths):
            parts = value if isinstance(value, (list, tuple)) else [value]
            lines += [(top + row_top + style.topPadding, bottom + row_top + style.topPadding,
                       words) for top, bottom, words in stacked_lines(
                [part for part in parts if isinstance(part, Flowable)], canv,
                width - style.leftPadding - style.rightPadding, merged=False)]
        row_top += row_height
    return lines


def stacked_lines(flowables: list[Flowable], canv, width: float, merged: bool) -> list[Line]:
    """The lines of flowables set one under the other from the top, the space after one
    and before the next `merged` (as a frame sets them) or added (as a table cell)."""
    lines, depth, after = [], 0.0, None
    for flowable in flowables:
        height, own_lines = _measured(flowable, canv, width)
        if height <= 0 and merged:  # a frame passes over it; a table cell does not (a
            continue                # bookmark opening a cell makes the next one's space count)
        before = flowable.getSpaceBefore()
        if after is not None:
            depth += max(before, after) if merged else before + after
        lines += [(top + depth, bottom + depth, words) for top, bottom, words in own_lines]
        depth += height
        after = flowable.getSpaceAfter()
    return lines


_MEASURES: "WeakKeyDictionary[Flowable, dict[float, tuple[float, list[Line]]]]" = \
    WeakKeyDictionary()


def _measured(flowable: Flowable, canv, width: float) -> tuple[float, list[Line]]:
    """A flowable's height and lines in `width`, worked out once: a long table split page
    after page keeps its cells, which would otherwise be wrapped again on every page."""
    measures = _MEASURES.setdefault(flowable, {})
    if width not in measures:
        height = flowable.wrapOn(canv, width, 0xFFFFFF)[1]
        measures[width] = height, text_lines(flowable, canv, width) if height > 0 else []
    return measures[width]
