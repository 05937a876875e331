"""The printed page: US Letter, margins, footer "page N of M", bookmarks, stamp."""

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from reportlab.lib.colors import Color, HexColor
from reportlab import rl_config
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, _mode2CS
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from report import theme
from report.i18n import N_, _, language_tag
from report.layout import styles, tagging
from report.pdf.structure import write_structure

STAMP_TEXT = N_("ILLUSTRATIVE DATA - NOT HOTLINE STATISTICS")
WATERMARK_SIZE = 34  # points, smaller where the stamp would be longer than:
WATERMARK_LENGTH = 830  # points along the page's diagonal (the English stamp at 34 pt)
rl_config.useA85 = 0  # binary streams: a third smaller, and no slow text encoding


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF says about itself, and what every page's footer shows."""

    title: str
    author: str
    subject: str
    keywords: list[str]
    footer: str
    illustrative: bool
    total_pages: int | None = None  # when the pages are the start of a longer document
    language: str = field(default_factory=language_tag)  # BCP 47, of the current language

    @cached_property
    def stamp(self) -> tagging.Element:
        """The element the page-1 stamp is read out as, first of the document."""
        return tagging.Element("P")


class Bookmark(Flowable):
    """An invisible mark that adds an outline entry at its place in the flow."""

    def __init__(self, title: str, level: int = 0):
        super().__init__()
        self.title, self.level = title, level
        self.width = self.height = 0
        self.keepWithNext = True  # on the page of what it marks

    def draw(self) -> None:
        _, y = self.canv.absolutePosition(0, 0)
        self.canv.outline_marks.append((self.title, self.level, y))


@dataclass(frozen=True)
class Laid:
    """A laid-out document: its bytes, the room left at the foot of each page
    (points), and each bookmark's title with its page."""

    pdf: bytes
    rooms: list[float]
    sections: list[tuple[str, int]]

    @property
    def pages(self) -> int:
        return len(self.rooms)


class UncompressedImage(PDFImageXObject):
    """An image object whose pixels are stored as they are (ReportLab compresses them)."""

    def loadImageFromSRC(self, image: ImageReader) -> None:
        self.width, self.height = image.getSize()
        self.streamContent = image.getRGBData()
        self._filters = ()
        self.colorSpace = _mode2CS[image.mode]
        self.bitsPerComponent = 8
        self._checkTransparency(image)


class NumberedCanvas(Canvas):
    """A canvas that holds pages back until the end, to print "page N of M".

    Images (the heat map) become image objects rather than inline images:
    smaller, faster, and what PDF/A prefers. Nothing is compressed (pages,
    fonts, images): pikepdf compresses every stream as it writes the tagged
    file, and would first undo ReportLab's compression.
    """

    def __init__(self, *args, info: DocumentInfo, measuring: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._info = info
        self.measuring = measuring  # a trial layout: where things go, nothing drawn or written
        self._pages: list[dict] = []
        self.outline_marks: list[tuple[str, int, float]] = []  # this page's bookmarks
        self.sections: list[tuple[str, int]] = []  # every bookmark's title and page

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self.outline_marks = []
        self._startPage()

    def drawInlineImage(self, image, x, y, width=None, height=None, **_) -> None:
        self.drawImage(ImageReader(image), x, y, width, height)

    def drawImage(self, image: ImageReader, x: float, y: float, width: float,
                  height: float) -> None:
        """The marks and names of ReportLab 5.1's `drawImage` (an opaque image, placed
        without a mask), the image object's pixels uncompressed."""
        digest = hashlib.md5(image.getRGBData(), usedforsecurity=False)
        digest.update(b"None")  # after the pixels, the mask
        name = digest.hexdigest()
        reference = self._doc.getXObjectName(name)
        if reference not in self._doc.idToObject:
            pixels = UncompressedImage(name, image)
            self._setXObjects(pixels)
            self._doc.Reference(pixels, reference)
            self._doc.addForm(name, pixels)
        self._currentPageHasImages = 1
        self.saveState()
        self.translate(x, y)
        self.scale(width, height)
        self.doForm(name)
        self.restoreState()

    def save(self) -> None:
        if self.measuring:
            self.sections = [(title, number) for number, page in enumerate(self._pages, start=1)
                             for title, _level, _y in page["outline_marks"]]
            return
        bookmarks = 0
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            for title, level, y in self.outline_marks:  # now the page is really this one
                self.sections.append((title, number))
                bookmarks += 1
                self.bookmarkHorizontal(f"section-{bookmarks}", 0, y)
                self.addOutlineEntry(title, f"section-{bookmarks}", level=level, closed=False)
            draw_furniture(self, self._info, number, self._info.total_pages or len(self._pages))
            super().showPage()
        super().save()


def draw_furniture(canvas: Canvas, info: DocumentInfo, number: int, total: int) -> None:
    """The footer, and the illustrative-data stamp where the data is invented.

    All of it is page furniture (an artifact to a screen reader), except the
    stamp's banner on page 1, which is read out first.
    """
    width = LETTER[0]
    margin = styles.PAGE_MARGIN
    tagging.begin_artifact(canvas)
    canvas.saveState()
    canvas.setStrokeColor(HexColor(theme.GREY_LIGHT))
    canvas.setLineWidth(0.5)
    canvas.line(margin, margin + 12, width - margin, margin + 12)
    size = styles.FOOTER.fontSize
    numbering = _("page {number} of {total}").format(number=number, total=total)
    canvas.setFont(theme.REGULAR, size)
    canvas.setFillColor(HexColor(theme.GREY))
    room = width - 2 * margin - canvas.stringWidth(numbering, theme.REGULAR, size) - 18
    canvas.drawString(margin, margin, shorten(info.footer, room, theme.REGULAR, size))
    canvas.drawRightString(width - margin, margin, numbering)
    canvas.restoreState()
    if info.illustrative:
        draw_watermark(canvas)
    tagging.end_artifact(canvas)
    if info.illustrative:
        draw_banner(canvas, info.stamp if number == 1 else None)


def shorten(text: str, width: float, font: str, size: float) -> str:
    """The text, cut short with an ellipsis if it is wider than `width` points."""
    full = stringWidth(text, font, size)
    if full <= width:
        return text
    text = text[:int(len(text) * width / full) + 1]  # about right, whatever the length
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text.rstrip(" ,;\u00b7") + "\u2026"


def draw_watermark(canvas: Canvas) -> None:
    """The stamp across the page, pale enough to read the page through it."""
    width, height = LETTER
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(55)
    canvas.setFillColor(Color(0.85, 0.22, 0.2, alpha=0.13))
    stamp = _(STAMP_TEXT)
    size = min(WATERMARK_SIZE, WATERMARK_SIZE * WATERMARK_LENGTH
               / stringWidth(stamp, theme.BOLD, WATERMARK_SIZE))
    canvas.setFont(theme.BOLD, size)
    canvas.drawCentredString(0, -12 * size / WATERMARK_SIZE, stamp)
    canvas.restoreState()


def draw_banner(canvas: Canvas, element: tagging.Element | None) -> None:
    """The stamp in the top margin, solid so it survives a black-and-white photocopy;
    content of `element` (read out), or furniture where there is none."""
    width, height = LETTER
    if element is None:
        tagging.begin_artifact(canvas, subtype="Header")
    else:
        mcid = tagging.next_mcid(canvas, canvas.getPageNumber())
        element.marks.append((canvas.getPageNumber(), mcid))
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")
    canvas.saveState()
    canvas.setFillColor(HexColor(theme.RED_DARK))
    canvas.setFont(theme.BOLD, 8)
    canvas.drawCentredString(width / 2, height - styles.PAGE_MARGIN + 10, _(STAMP_TEXT))
    canvas.restoreState()
    tagging.end_artifact(canvas)


class Beaten(Exception):
    """A trial layout stopped: another layout already beats it."""


def lay_out(story: list[Flowable], info: DocumentInfo, frame_type=Frame,
            measuring: bool = False, beaten: Callable[[list[float]], bool] | None = None
            ) -> Laid:
    """Lay out the story on US Letter pages, in a frame of `frame_type` on each: the PDF
    (not yet tagged, nor compressed) and its measures; only the measures when `measuring`
    (a trial: a third of the time). A trial stops, raising Beaten, where `beaten`, asked
    as each new page begins with the rooms of the pages before it, says it cannot win.
    The story is left as it was given, to be laid out again."""
    theme.register_reportlab_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=LETTER, title=info.title, author=info.author,
        subject=info.subject, keywords=info.keywords, creator="report",
        lang=info.language, invariant=1, pageCompression=0, initialFontName=theme.REGULAR,
        leftMargin=styles.PAGE_MARGIN, rightMargin=styles.PAGE_MARGIN,
        topMargin=styles.PAGE_MARGIN,
        bottomMargin=styles.PAGE_MARGIN + styles.FOOTER_HEIGHT,
    )
    frame = frame_type(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    rooms: list[float] = []

    def page_begins(canvas, doc) -> None:
        if beaten is not None and rooms and beaten(rooms):
            raise Beaten

    doc.addPageTemplates([PageTemplate("page", [frame], onPage=page_begins,
                                       onPageEnd=lambda canvas, doc: (
                                           rooms.append(doc.frame._y - doc.frame._y1)))])
    canvases = []

    def canvas_maker(*args, **kwargs) -> NumberedCanvas:
        canvases.append(NumberedCanvas(*args, info=info, measuring=measuring, **kwargs))
        return canvases[-1]

    undoing = []  # what ReportLab changes on the flowables as it lays them out
    doc._multiBuildEdits = undoing.append  # noted as for multiBuild's next pass
    try:
        doc.build(list(story), canvasmaker=canvas_maker)
    finally:
        for undo, *arguments in undoing:
            undo(*arguments)
    return Laid(b"" if measuring else buffer.getvalue(), rooms, canvases[-1].sections)


def tag(pdf: bytes, info: DocumentInfo, structure: tagging.Element) -> bytes:
    """The laid-out PDF with its logical structure written in."""
    if info.illustrative:
        structure.children.insert(0, info.stamp)
        info.stamp.parent = structure
    return write_structure(pdf, structure, info.title, info.language)
