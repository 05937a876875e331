"""The booklet's front matter: cover, regional overview and contents."""

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from report import theme
from report.figures.drawing import to_drawing
from report.figures.region_map import draw_region_map
from report.i18n import N_, _, month_year, number, speaking
from report.layout import styles
from report.layout.page import Bookmark, DocumentInfo, lay_out, tag
from report.layout.sections import CONTENT_HEIGHT, CONTENT_WIDTH, grid, paragraph
from report.layout.styles import Paragraph, text
from report.layout.tagging import Element, Tag, begin_artifact, end_artifact
from report.model import Profile, Region

OVERVIEW_MAP_HEIGHT = 3.4  # inches, for a region of up to MANY_MEMBERS states
MANY_MEMBERS = 12
MANY_MEMBERS_MAP_HEIGHT = 6.4  # inches: their table runs onto the next page anyway


@dataclass(frozen=True)
class ContentsLink:
    """A clickable contents row: where it is drawn and the page it opens."""

    page: int  # 1-based page of the front matter the row is on
    rect: tuple[float, float, float, float]
    target: int  # 1-based page of the booklet
    text: str  # what the link is said to be


CONTENTS_ROW = ParagraphStyle("contents-row", fontName=theme.SEMIBOLD, fontSize=12, leading=15,
                              textColor=HexColor(theme.NAVY))
# Its space before is a Spacer in the story: KeepTogether leaves a first space before uncounted.
CONTENTS_HEADING = ParagraphStyle("contents-heading", parent=styles.HEADING, spaceBefore=0)
NUMBER_ROOM = 48  # points kept right of a contents label for the leader and the page number


class ContentsRow(Flowable):
    """'Ohio ..... 12': a contents entry that remembers where it was drawn.

    A long label wraps within the row; the leader and the page number follow
    its last line, the number right-aligned with every other row's.
    """

    def __init__(self, label: str, target: int, links: list[ContentsLink], described: str):
        super().__init__()
        self.target, self.links, self.described = target, links, described
        self.paragraph = Paragraph(text(label), CONTENTS_ROW)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, label_height = self.paragraph.wrap(available_width - NUMBER_ROOM, available_height)
        self.width, self.height = available_width, label_height + 5
        return self.width, self.height

    def draw(self) -> None:
        canvas, number = self.canv, f"{self.target}"
        self.paragraph.drawOn(canvas, 0, 5)
        baseline = 5 + CONTENTS_ROW.leading - CONTENTS_ROW.fontSize  # of the last line
        canvas.setFont(theme.SEMIBOLD, CONTENTS_ROW.fontSize)
        canvas.setFillColor(HexColor(theme.NAVY))
        canvas.drawRightString(self.width, baseline, number)
        start = self.paragraph.getActualLineWidths0()[-1] + 8
        end = self.width - canvas.stringWidth(number, theme.SEMIBOLD, CONTENTS_ROW.fontSize) - 8
        if end > start:
            canvas.setStrokeColor(HexColor(theme.GREY_LIGHT))
            canvas.setDash(1, 3)
            canvas.line(start, baseline + 1, end, baseline + 1)
        x, y = canvas.absolutePosition(0, 0)
        self.links.append(ContentsLink(canvas.getPageNumber(),
                                       (x, y, x + self.width, y + self.height), self.target,
                                       _("{label}, page {page}").format(
                                           label=self.described, page=self.target)))


def region_texts(profiles: list[Profile]) -> Region:
    """The region's texts as the booklet says them: {state} is the region itself."""
    region = profiles[0].region
    return region.for_state(region.region)


def booklet_title(profiles: list[Profile]) -> str:
    return region_texts(profiles).title


def period(profiles: list[Profile]) -> str:
    """The reporting window that covers every state."""
    start = min(p.state.period.start for p in profiles)
    end = max(p.state.period.end for p in profiles)
    return _("{start} to {end}").format(start=month_year(start), end=month_year(end))


# Cover title sizes and the band's top padding, largest first: the first that fits is used.
COVER_SIZES = ((32, 150), (28, 110), (24, 80), (20, 50), (16, 30), (13, 20))


def cover(profiles: list[Profile], parent: Element) -> list[Flowable]:
    """The cover, its title set as large as lets everything fit on one page."""
    scratch = Canvas(io.BytesIO(), pagesize=LETTER)
    for size, padding in COVER_SIZES:
        parts = cover_parts(profiles, Element("Document"), size, padding)
        if sum(part.wrapOn(scratch, CONTENT_WIDTH, CONTENT_HEIGHT)[1]
               for part in parts) <= CONTENT_HEIGHT:
            break
    return cover_parts(profiles, parent, size, padding)


def cover_parts(profiles: list[Profile], parent: Element, size: float,
                padding: float) -> list[Flowable]:
    region = region_texts(profiles)
    title_style = ParagraphStyle(f"cover-title-{size}", parent=styles.COVER_TITLE,
                                 fontSize=size, leading=round(size * 1.19))
    band = grid(
        [[paragraph(parent, text(region.agency), styles.SUBTITLE)],
         [paragraph(parent, text(booklet_title(profiles)), title_style, "H1")],
         [paragraph(parent, text(_("State Profiles")), styles.COVER_SUBTITLE)]],
        [CONTENT_WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(theme.NAVY)),
        ("LINEBELOW", (0, -1), (-1, -1), 5, HexColor(theme.RED)),
        ("LEFTPADDING", (0, 0), (-1, -1), 28), ("RIGHTPADDING", (0, 0), (-1, -1), 28),
        ("TOPPADDING", (0, 0), (-1, 0), padding), ("BOTTOMPADDING", (0, -1), (-1, -1), 40),
        ("TOPPADDING", (0, 1), (-1, 1), 14))
    states = " \u00b7 ".join(p.name for p in profiles)
    parts = [Bookmark(_("Cover")), band, Spacer(0, 28),
             paragraph(parent, text(states), styles.COVER_STATES), Spacer(0, 10),
             paragraph(parent, text(_("Information reported to the {data_source} from "
                                      "{period}.").format(data_source=region.data_source,
                                                          period=period(profiles))), styles.BODY)]
    if any(p.state.illustrative for p in profiles):
        parts += [Spacer(0, 14), paragraph(parent, text(_(
            "Profiles stamped ILLUSTRATIVE DATA contain invented example figures, not hotline "
            "statistics.")), styles.ILLUSTRATIVE)]
    return parts


def region_map(profiles: list[Profile]) -> tuple[Flowable, str]:
    """The region's states shaded by cases reported, and its alt text."""
    marked = {p.geography.fips for p in profiles if p.state.illustrative}
    figure = draw_region_map({p.geography.fips: p.state.totals.cases for p in profiles}, marked,
                             width_in=CONTENT_WIDTH / inch,
                             height_in=overview_map_height(len(profiles)))
    ranked = sorted(profiles, key=lambda p: -p.state.totals.cases)
    alt = _("Map of the states of {region}, shaded by the cases reported: {states}.").format(
        region=region_texts(profiles).region, states="; ".join(
            f"{p.name} {number(p.state.totals.cases)}"
            + (_(" (illustrative)") if p.state.illustrative else "") for p in ranked))
    return to_drawing(figure), alt


def overview_map_height(members: int) -> float:
    """The map's height in inches: taller for many members."""
    return OVERVIEW_MAP_HEIGHT if members <= MANY_MEMBERS else MANY_MEMBERS_MAP_HEIGHT


def overview(profiles: list[Profile], parent: Element, map_drawing: Flowable,
             map_alt: str) -> list[Flowable]:
    region = region_texts(profiles)
    title = _("{region} at a Glance").format(region=region.region)
    parts = [Bookmark(title), paragraph(parent, text(title), styles.HEADING, "H2"),
             paragraph(parent, text(_("Cases reported to the {data_source}, {period}.").format(
                 data_source=region.data_source, period=period(profiles))), styles.BODY),
             Spacer(0, 6), Tag(parent.add("Figure", alt=map_alt), map_drawing), Spacer(0, 10),
             comparison(profiles, parent)]
    if any(p.state.illustrative for p in profiles):
        parts.append(paragraph(parent, text(_("* Illustrative data, not hotline statistics.")),
                               styles.ILLUSTRATIVE))
    return parts


def comparison(profiles: list[Profile], parent: Element) -> Flowable:
    """The states side by side: cases, persons trafficked, the leading venues.

    Each state's name heads its row, unless it is the only row: a lone row
    needs no header, and six headers over four cells read as a broken table.
    """
    table = parent.add("Table")
    head = table.add("TR")
    rows = [[HeaderCell(head.add("TH", scope="Column"), Paragraph(text(label),
                                                                  styles.TABLE_HEAD))
             for label in (_("State"), _("Cases reported"), _("Potential persons trafficked"),
                           _("Top sex trafficking venue"), _("Top labor trafficking venue"))]]
    for profile in profiles:
        row, venues = table.add("TR"), profile.state.venues
        star = "*" if profile.state.illustrative else ""
        rows.append([cell(row, text(profile.name + star), styles.TABLE_CELL,
                          *(("TH", "Row") if len(profiles) > 1 else ())),
                     cell(row, number(profile.state.totals.cases), styles.TABLE_NUMBER),
                     cell(row, number(profile.state.totals.potential_victims),
                          styles.TABLE_NUMBER),
                     cell(row, text(_first(venues, "sex_trafficking")), styles.TABLE_CELL),
                     cell(row, text(_first(venues, "labor_trafficking")), styles.TABLE_CELL)])
    widths = [1.25 * inch, 1.0 * inch, 1.3 * inch]
    widths += [(CONTENT_WIDTH - sum(widths)) / 2] * 2
    table = grid(rows, widths,
                 ("BACKGROUND", (0, 0), (-1, 0), HexColor(theme.NAVY)),
                 ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor(theme.WHITE),
                                                       HexColor(theme.GREY_LIGHTEST)]),
                 ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor(theme.GREY_LIGHTER)),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                 ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6))
    table.repeatRows = 1  # a table that runs onto the next page shows its headers there too
    return table


class HeaderCell(Tag):
    """A column header: read out where the table starts, furniture where a split repeats it."""

    drawn = False

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        if not self.drawn:
            self.drawn = True
            super().drawOn(canvas, x, y, _sW)
            return
        begin_artifact(canvas, subtype="Header")
        self.flowable.drawOn(canvas, x, y, _sW)
        end_artifact(canvas)


def cell(row: Element, markup: str, style, role: str = "TD", scope: str | None = None) -> Tag:
    """A table cell's paragraph, tagged as a TH (with its scope) or TD of the row."""
    return Tag(row.add(role, scope=scope), Paragraph(markup, style))


def _first(venues, kind: str) -> str:
    names = getattr(venues, kind, None)
    return names[0] if names else "\u2014"


def contents(profiles: list[Profile], parent: Element, first_pages: list[int],
             overview_page: int, links: list[ContentsLink], page_mark: Flowable,
             own_page: bool) -> list[Flowable]:
    """The contents, on one page where they fit: a row per part, each a link (made by the
    booklet) to its first page; illustrative states starred, as in the overview, whose
    note explains the star too unless the contents are on a page of their own."""
    overview_title = _("{region} at a Glance").format(region=region_texts(profiles).region)
    entries = [(overview_title, overview_title, overview_page)]
    for profile, page in zip(profiles, first_pages):
        illustrative = profile.state.illustrative
        entries.append((profile.name + ("*" if illustrative else ""),
                        profile.name + (_(", illustrative data") if illustrative else ""), page))
    rows = [Tag(parent.add("Link"), ContentsRow(label, page, links, described))
            for label, described, page in entries]
    parts = [page_mark, Bookmark(_("Contents")),
             paragraph(parent, text(_("Contents")), CONTENTS_HEADING, "H2"), Spacer(0, 6),
             *rows]
    if own_page and any(p.state.illustrative for p in profiles):
        parts.append(paragraph(parent, text(_("* Illustrative data, not hotline statistics.")),
                               styles.ILLUSTRATIVE))
    return [KeepTogether(parts)]


def first_pages(front_pages: int, handout_pages: list[int]) -> list[int]:
    """The booklet page each handout starts on: the first right-hand (odd) page after
    what comes before it, so each prints on sheets of its own."""
    starts, page = [], front_pages + 1
    for pages in handout_pages:
        page += page % 2 == 0
        starts.append(page)
        page += pages
    return starts


class PageMark(Flowable):
    """Notes, invisibly, the page it is drawn on."""

    def __init__(self, pages: dict[str, int], name: str):
        super().__init__()
        self.pages, self.name = pages, name
        self.width = self.height = 0

    def draw(self) -> None:
        self.pages[self.name] = self.canv.getPageNumber()


@speaking(lambda profiles, *_args: profiles[0].region.language)
def render_front_matter(profiles: list[Profile], handout_pages: list[int]
                        ) -> tuple[bytes, list[ContentsLink], int]:
    """Cover, overview and contents as tagged PDF, the contents' links, and their page count.

    The contents follow the overview on its page when they fit. Laid out until
    the page numbers it prints are the ones it finds (twice, unless the front
    matter takes other pages than first guessed).
    """
    map_drawing, map_alt = region_map(profiles)
    found = {"front": 2, "overview": 2, "contents": 2}
    while True:
        guess = dict(found)
        starts = first_pages(guess["front"], handout_pages)
        links: list[ContentsLink] = []
        document = Element("Document")
        story = [*cover(profiles, document), PageBreak(), PageMark(found, "overview"),
                 *overview(profiles, document, map_drawing, map_alt), Spacer(0, 20),
                 *contents(profiles, document, starts, guess["overview"], links,
                           PageMark(found, "contents"), guess["contents"] != guess["overview"])]
        info = front_matter_info(profiles, starts[-1] + handout_pages[-1] - 1)
        laid = lay_out(story, info)
        found["front"] = laid.pages
        if found == guess:
            return tag(laid.pdf, info, document), links, laid.pages


def front_matter_info(profiles: list[Profile], total_pages: int) -> DocumentInfo:
    region = region_texts(profiles)
    return DocumentInfo(
        title=_("{title} \u2014 State Profiles").format(title=booklet_title(profiles)),
        author=region.agency,
        subject=_("Human trafficking cases reported to the {data_source} in the states of "
                  "{agency} {region}").format(data_source=region.data_source,
                                              agency=region.agency, region=region.region),
        keywords=[_("human trafficking"), region.region, region.data_source,
                  *(p.name for p in profiles)],
        footer=_("{region}  \u00b7  State Profiles").format(region=region.region),
        illustrative=any(p.state.illustrative for p in profiles),
        total_pages=total_pages,
    )


BLANK_NOTE = N_("This page is intentionally left blank.")
FOLIO_BASELINE = styles.PAGE_MARGIN + 15  # just above the footer's line, inside the margins


def render_page_stamps(total_pages: int) -> bytes:
    """A PDF of what the booklet adds to its pages: page i+1 holds the folio of booklet
    page i+1 (its number, at the outer corner under the footer); the last page holds
    the note of a blank page. Nothing is marked: the booklet places them as artifacts
    (and compresses them as it writes the booklet)."""
    theme.register_reportlab_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, pageCompression=0,
                    initialFontName=theme.REGULAR)
    width, height = LETTER
    for number in range(1, total_pages + 1):
        canvas.setFont(theme.SEMIBOLD, 8)
        canvas.setFillColor(HexColor(theme.NAVY))
        if number % 2:  # a right-hand page
            canvas.drawRightString(width - styles.PAGE_MARGIN, FOLIO_BASELINE, f"{number}")
        else:
            canvas.drawString(styles.PAGE_MARGIN, FOLIO_BASELINE, f"{number}")
        canvas.showPage()
    canvas.setFont(theme.ITALIC, 10)
    canvas.setFillColor(HexColor(theme.GREY))
    canvas.drawCentredString(width / 2, height / 2, _(BLANK_NOTE))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
