"""Paragraph styles of the handout, safe markup for user text, and the paragraph they set."""

from functools import lru_cache
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import paragraph

from report import theme

theme.register_reportlab_fonts()  # the styles name these fonts: Paragraphs need them known


class Paragraph(paragraph.Paragraph):
    """ReportLab's paragraph, its markup parsed once and its lines broken once per width:
    a handout is laid out several ways, each making its paragraphs anew, and a layout
    wraps most paragraphs several times at the width they had (a table's cells, a frame,
    a keep-together), where ReportLab parses and breaks the lines again each time. Where
    a word wider than the line was split, the lines are broken again, as ReportLab does:
    lines in several fonts then come out otherwise the second time (more fragments)."""

    def _setup(self, text, style, bulletText, frags, cleaner) -> None:
        if frags is None and bulletText is None:
            self._markup = text, style, self.caseSensitive
            text, style, frags, bulletText = _parsed(text, style, self.caseSensitive)
        super()._setup(text, style, bulletText, frags, cleaner)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_at") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height  # split() deletes blPara where it gives up
        wrapped = _wrapped(*self._markup, availWidth) if "_markup" in self.__dict__ else None
        if wrapped is not None:
            self.__dict__.update(wrapped)
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        # Kept for this width unless refused for want of width, or a word was split.
        kept = self.width == availWidth and not self.__dict__.get("_splitLongWordCount")
        self._wrapped_at = availWidth if kept else None
        return size


@lru_cache(maxsize=4096)
def _parsed(markup: str, style: ParagraphStyle, case_sensitive: int) -> tuple:
    """The text, style, fragments and bullet a paragraph of markup is set up with, shared
    by the paragraphs of the same markup (breaking their lines leaves them as they are)."""
    made = paragraph.Paragraph(markup, style, caseSensitive=case_sensitive)
    return made.text, made.style, made.frags, made.bulletText


@lru_cache(maxsize=4096)
def _wrapped(markup: str, style: ParagraphStyle, case_sensitive: int, width: float
             ) -> dict | None:
    """What wrapping a paragraph of this markup at this width sets on it (its lines, size
    and widths), shared by the paragraphs of that markup wrapped at that width. Only
    lines in one font are shared: ReportLab changes the fragments of lines in several
    fonts where it splits a paragraph, but never lines in one font. None where the lines
    are in several fonts, or the width is too narrow for any."""
    made = Paragraph(markup, style, caseSensitive=case_sensitive)
    before = dict(vars(made))
    paragraph.Paragraph.wrap(made, width, 0)
    if getattr(made, "blPara", None) is None or made.blPara.kind != 0:
        return None
    return {**{name: value for name, value in vars(made).items()
               if name not in before or before[name] is not value},
            "_wrapped_at": width}


PAGE_MARGIN = 0.6 * inch
FOOTER_HEIGHT = 0.3 * inch

_BASE = ParagraphStyle("body", fontName=theme.REGULAR, fontSize=9.5, leading=13,
                       textColor=HexColor(theme.INK))


def _style(name: str, **changes) -> ParagraphStyle:
    return ParagraphStyle(name, parent=_BASE, **changes)


TITLE = _style("title", fontName=theme.BOLD, fontSize=21, leading=25,
               textColor=HexColor(theme.WHITE))
SUBTITLE = _style("subtitle", fontName=theme.SEMIBOLD, fontSize=10.5, leading=14,
                  textColor=HexColor(theme.WHITE))
BODY = _BASE
# Headings stay on the page of what follows them.
HEADING = _style("heading", fontName=theme.BOLD, fontSize=12, leading=15,
                 textColor=HexColor(theme.NAVY), spaceBefore=8, spaceAfter=5, keepWithNext=1)
SUBHEADING = _style("subheading", fontName=theme.BOLD, fontSize=9.5, leading=12,
                    textColor=HexColor(theme.NAVY), spaceBefore=4, spaceAfter=3, keepWithNext=1)
KICKER = _style("kicker", fontName=theme.SEMIBOLD, fontSize=8, leading=10,
                textColor=HexColor(theme.RED_DARK), keepWithNext=1)
CAPTION = _style("caption", fontSize=8.5, leading=11.5, textColor=HexColor(theme.INK))
SMALL = _style("small", fontSize=8, leading=10.5, textColor=HexColor(theme.GREY))
NOTE = _style("note", fontName=theme.ITALIC, fontSize=8.5, leading=11,
              textColor=HexColor(theme.GREY))
ILLUSTRATIVE = _style("illustrative", fontName=theme.BOLD, fontSize=8, leading=10,
                      textColor=HexColor(theme.RED_DARK))
FIGURE = _style("figure", fontName=theme.BOLD, fontSize=30, leading=32,
                textColor=HexColor(theme.RED))
FIGURE_LABEL = _style("figure-label", fontName=theme.SEMIBOLD, fontSize=10.5, leading=13,
                      textColor=HexColor(theme.NAVY))
LIST_ITEM = _style("list-item", leftIndent=0)
NUMBER = _style("number", fontName=theme.BOLD, fontSize=9, leading=12,
                textColor=HexColor(theme.NAVY))
BULLET = _style("bullet", fontName=theme.BOLD, fontSize=9.5, leading=13,
                textColor=HexColor(theme.NAVY))
VENUE = _style("venue", fontSize=9, leading=12)
PHONE = _style("phone", fontName=theme.BOLD, fontSize=22, leading=26,
               textColor=HexColor(theme.NAVY))
HOTLINE_NAME = _style("hotline-name", fontName=theme.BOLD, fontSize=10.5, leading=13,
                      textColor=HexColor(theme.INK))
COVER_TITLE = _style("cover-title", fontName=theme.BOLD, fontSize=32, leading=38,
                     textColor=HexColor(theme.WHITE))
COVER_SUBTITLE = _style("cover-subtitle", fontName=theme.SEMIBOLD, fontSize=18, leading=22,
                        textColor=HexColor(theme.WHITE))
COVER_STATES = _style("cover-states", fontName=theme.SEMIBOLD, fontSize=14, leading=18,
                      textColor=HexColor(theme.NAVY))
TABLE_HEAD = _style("table-head", fontName=theme.BOLD, fontSize=8.5, leading=10.5,
                    textColor=HexColor(theme.WHITE))
TABLE_CELL = _style("table-cell", fontSize=8.5, leading=10.5)
TABLE_NUMBER = _style("table-number", fontName=theme.SEMIBOLD, fontSize=9, leading=11,
                      alignment=TA_RIGHT)
FOOTER = _style("footer", fontSize=8, leading=9.5, textColor=HexColor(theme.GREY))



# Where styles are set on something other than white paper (for the contrast check).
BACKGROUNDS = {
    TITLE.name: [theme.NAVY], SUBTITLE.name: [theme.NAVY], COVER_TITLE.name: [theme.NAVY],
    COVER_SUBTITLE.name: [theme.NAVY], TABLE_HEAD.name: [theme.NAVY],
    HOTLINE_NAME.name: [theme.GREY_LIGHTEST], PHONE.name: [theme.GREY_LIGHTEST],
    BODY.name: [theme.WHITE, theme.GREY_LIGHTEST],
    TABLE_CELL.name: [theme.WHITE, theme.GREY_LIGHTEST],
    TABLE_NUMBER.name: [theme.WHITE, theme.GREY_LIGHTEST],
}


def text(value: str) -> str:
    """User text as Paragraph markup that prints literally: never tags or entities."""
    return escape(value)


def link(label: str, url: str) -> str:
    """A clickable, underlined blue link; label and address both escaped."""
    return (f'<a href={quoteattr(url)} color="{theme.BLUE}" underline="1">'
            f"{escape(label)}</a>")
