"""The booklet's front matter: cover, regional overview and contents."""

import io
from dataclasses import dataclass

import pikepdf
from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from report import theme
from report.figures.drawing import to_drawing
from report.figures.region_map import draw_region_map
from report.i18n import _, month_year, number, speaking
from report.layout import styles
from report.layout.page import Bookmark, DocumentInfo, render
from report.layout.sections import CONTENT_WIDTH, grid, paragraph
from report.layout.styles import text
from report.layout.tagging import Element, Tag
from report.model import Profile, Region

OVERVIEW_MAP_HEIGHT = 4.0  # inches


@dataclass(frozen=True)
class ContentsLink:
    """A clickable contents row: where it is drawn and the page it opens."""

    page: int  # 1-based page of the front matter the row is on
    rect: tuple[float, float, float, float]
    target: int  # 1-based page of the booklet
    text: str  # what the link is said to be


class ContentsRow(Flowable):
    """'Ohio ..... 12': a contents entry that remembers where it was drawn."""

    def __init__(self, label: str, target: int, links: list[ContentsLink]):
        super().__init__()
        self.label, self.target, self.links = label, target, links

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, 22
        return self.width, self.height

    def draw(self) -> None:
        canvas, number = self.canv, f"{self.target}"
        canvas.setFont(theme.SEMIBOLD, 12)
        canvas.setFillColor(HexColor(theme.NAVY))
        canvas.drawString(0, 7, self.label)
        canvas.drawRightString(self.width, 7, number)
        start = canvas.stringWidth(self.label, theme.SEMIBOLD, 12) + 8
        end = self.width - canvas.stringWidth(number, theme.SEMIBOLD, 12) - 8
        canvas.setStrokeColor(HexColor(theme.GREY_LIGHT))
        canvas.setDash(1, 3)
        canvas.line(start, 8, end, 8)
        x, y = canvas.absolutePosition(0, 0)
        self.links.append(ContentsLink(canvas.getPageNumber(),
                                       (x, y, x + self.width, y + self.height), self.target,
                                       _("{label}, page {page}").format(label=self.label,
                                                                        page=self.target)))


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


def cover(profiles: list[Profile], parent: Element) -> list[Flowable]:
    region = region_texts(profiles)
    band = grid(
        [[paragraph(parent, text(region.agency), styles.SUBTITLE)],
         [paragraph(parent, text(booklet_title(profiles)), styles.COVER_TITLE, "H1")],
         [paragraph(parent, text(_("State Profiles")), styles.COVER_SUBTITLE)]],
        [CONTENT_WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(theme.NAVY)),
        ("LINEBELOW", (0, -1), (-1, -1), 5, HexColor(theme.RED)),
        ("LEFTPADDING", (0, 0), (-1, -1), 28), ("RIGHTPADDING", (0, 0), (-1, -1), 28),
        ("TOPPADDING", (0, 0), (-1, 0), 150), ("BOTTOMPADDING", (0, -1), (-1, -1), 40),
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
                             width_in=CONTENT_WIDTH / inch, height_in=OVERVIEW_MAP_HEIGHT)
    ranked = sorted(profiles, key=lambda p: -p.state.totals.cases)
    alt = _("Map of the states of {region}, shaded by the cases reported: {states}.").format(
        region=region_texts(profiles).region, states="; ".join(
            f"{p.name} {number(p.state.totals.cases)}"
            + (_(" (illustrative)") if p.state.illustrative else "") for p in ranked))
    return to_drawing(figure), alt


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
    """The states side by side: cases, persons trafficked, the leading venues."""
    table = parent.add("Table")
    head = table.add("TR")
    rows = [[cell(head, text(label), styles.TABLE_HEAD, "TH", "Column") for label in (
        _("State"), _("Cases reported"), _("Potential persons trafficked"),
        _("Top sex trafficking venue"), _("Top labor trafficking venue"))]]
    for profile in profiles:
        row, venues = table.add("TR"), profile.state.venues
        star = "*" if profile.state.illustrative else ""
        rows.append([cell(row, text(profile.name + star), styles.TABLE_CELL, "TH", "Row"),
                     cell(row, number(profile.state.totals.cases), styles.TABLE_NUMBER),
                     cell(row, number(profile.state.totals.potential_victims),
                          styles.TABLE_NUMBER),
                     cell(row, text(_first(venues, "sex_trafficking")), styles.TABLE_CELL),
                     cell(row, text(_first(venues, "labor_trafficking")), styles.TABLE_CELL)])
    widths = [1.25 * inch, 1.0 * inch, 1.3 * inch]
    widths += [(CONTENT_WIDTH - sum(widths)) / 2] * 2
    return grid(rows, widths,
                ("BACKGROUND", (0, 0), (-1, 0), HexColor(theme.NAVY)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor(theme.WHITE),
                                                      HexColor(theme.GREY_LIGHTEST)]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.5, HexColor(theme.GREY_LIGHTER)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6))


def cell(row: Element, markup: str, style, role: str = "TD", scope: str | None = None) -> Tag:
    """A table cell's paragraph, tagged as a TH (with its scope) or TD of the row."""
    return Tag(row.add(role, scope=scope), Paragraph(markup, style))


def _first(venues, kind: str) -> str:
    names = getattr(venues, kind, None)
    return names[0] if names else "\u2014"


def contents(profiles: list[Profile], parent: Element, first_pages: list[int],
             overview_page: int, links: list[ContentsLink]) -> list[Flowable]:
    """The contents: a row per part, each a link (made by the booklet) to its first page."""
    entries = [(_("{region} at a Glance").format(region=region_texts(profiles).region),
                overview_page),
               *((p.name, page) for p, page in zip(profiles, first_pages))]
    rows = [Tag(parent.add("Link"), ContentsRow(label, page, links)) for label, page in entries]
    return [Bookmark(_("Contents")), paragraph(parent, text(_("Contents")), styles.HEADING, "H2"),
            Spacer(0, 6), *rows]


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

    Laid out until the page numbers it prints are the ones it finds (twice,
    unless a long cover or overview takes more than a page).
    """
    map_drawing, map_alt = region_map(profiles)
    found = {"front": 3, "overview": 2}
    while True:
        guess = dict(found)
        first_pages = [guess["front"] + 1 + sum(handout_pages[:i]) for i in range(len(profiles))]
        links: list[ContentsLink] = []
        document = Element("Document")
        story = [*cover(profiles, document), PageBreak(), PageMark(found, "overview"),
                 *overview(profiles, document, map_drawing, map_alt), PageBreak(),
                 *contents(profiles, document, first_pages, guess["overview"], links)]
        pdf = render(story, front_matter_info(profiles, guess["front"] + sum(handout_pages)),
                     document)
        found["front"] = _page_count(pdf)
        if found == guess:
            return pdf, links, found["front"]


def _page_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


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
