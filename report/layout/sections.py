"""The handout's sections, in order, each a list of flowables.

A section whose data is missing returns nothing, so no empty heading or
"None" ever reaches the page. However long the data, every part fits on a
page or flows onto the next: columns that would not fit on one page are
set one under the other, and a figure taller than a page is shrunk to fit.

Every piece of content is tagged with its element of the logical structure
(`parent` is where the section's elements go), in reading order.
"""

from collections.abc import Callable
from functools import lru_cache, partial

from reportlab.lib.colors import HexColor
from reportlab.lib.units import inch
from reportlab.platypus import (Flowable, KeepTogether, CondPageBreak, Spacer,
                                Table, TableStyle)

from report import theme
from report.geo import StateGeography
from report.i18n import N_, _, language_tag, month_year, ngettext, number, number_words
from report.figures.charts import draw_call_types_chart, draw_demographic_chart
from report.figures.drawing import FigureFlowable, to_drawing
from report.figures.heatmap import draw_heat_map
from report.layout import styles
from report.layout.alt_text import chart_alt, heat_map_alt
from report.layout.page import Bookmark
from report.layout.styles import Paragraph, link, text
from report.layout.tagging import Element, Tag, artifact_callback
from report.model import Profile
from report.privacy import Area, Shown, handout_disclosure, suppressed_note, withheld_note

CONTENT_WIDTH = 8.5 * inch - 2 * styles.PAGE_MARGIN
CONTENT_HEIGHT = 11 * inch - 2 * styles.PAGE_MARGIN - styles.FOOTER_HEIGHT  # the page's frame
MAP_WIDTH, MAP_HEIGHT = 3.4, 2.8  # inches, at a map scale of 1
MAX_MAP_SCALE = 1.4  # leaves the key figures and caption a column of 2.3 inches
GUTTER = 0.25 * inch
LAWS_ROOM = 2.5 * inch  # the laws go on a new page unless this much room is left
HEADING_ROOM = styles.HEADING.spaceBefore + styles.HEADING.leading + styles.HEADING.spaceAfter
DEMOGRAPHIC_GROUPS = (("citizenship", N_("Citizenship")), ("gender", N_("Gender")),
                      ("age", N_("Age")))

Column = Callable[[float], list[Flowable]]  # a column's flowables, made for its width


def handout(profile: Profile, map_scale: float = 1,
            spread: float = 0) -> tuple[list[Flowable], Element]:
    """Every section of the handout in one flow, and their logical structure.

    The map is `map_scale` times its smallest size; `spread` adds that many
    points above each heading from the laws on, to fill a last page evenly;
    the laws start a new page unless there is room for a good part of them.
    """
    story = Story(profile)
    return story.drawn(map_scale, spread), story.structure


class Story:
    """A handout's sections, made once for all its layouts: each lays out the same
    flowables again, as ReportLab's multiBuild does in its passes (`page.lay_out` leaves
    them as it found them). (Making them took half a trial layout's time.) Only the map
    is made for each layout, at its scale: a sketch for a trial (its words, where they
    fall: enough to measure a layout), drawn for the layout in full; and the sections
    from the laws on for each spread.

    The structure holds the elements of every section made; a layout in full, made
    once, gives content to those it draws, and elements without content are left out of
    the PDF's structure tree.
    """

    def __init__(self, profile: Profile):
        self.profile, self.structure = profile, Element("Document")
        self._above = above_the_map(profile, self.structure)
        self._map_at = len(self.structure.children)  # where the map's elements go
        self._below = below_the_map(profile, self.structure)
        self._last: dict[float, list[Flowable]] = {}

    def sketched(self, map_scale: float, spread: float) -> list[Flowable]:
        """The story for a trial layout, the map at `map_scale` sketched."""
        return self._with_map(
            map_and_key_figures(self.profile, Element("Document"), map_scale, sketch=True),
            spread)

    def drawn(self, map_scale: float, spread: float) -> list[Flowable]:
        """The story for the layout in full, the map drawn at `map_scale`, its elements
        in the structure where the map is."""
        section = Element("Document")
        parts = map_and_key_figures(self.profile, section, map_scale)
        for element in section.children:
            element.parent = self.structure
        self.structure.children[self._map_at:self._map_at] = section.children
        return self._with_map(parts, spread)

    def _with_map(self, parts: list[Flowable], spread: float) -> list[Flowable]:
        if spread not in self._last:
            self._last[spread] = from_the_laws_on(self.profile, self.structure, spread)
        return [*self._above, *parts, *self._below, *self._last[spread]]


def above_the_map(profile: Profile, parent: Element) -> list[Flowable]:
    return [*title_band(profile, parent), *introduction(profile, parent)]


def below_the_map(profile: Profile, parent: Element) -> list[Flowable]:
    """The sections from the map to the laws, which start a new page unless there is
    room for a good part of them."""
    return [*demographics(profile, parent), *venues_and_call_types(profile, parent),
            *disclaimer(profile, parent), CondPageBreak(LAWS_ROOM)]


def from_the_laws_on(profile: Profile, parent: Element, spread: float) -> list[Flowable]:
    return [*laws(profile, parent, spread), *efforts(profile, parent, spread),
            *hotlines(profile, parent, spread), *contact(profile, parent, spread)]


class Grid(Table):
    """ReportLab's table, measured once for a width: a layout wraps a table several times
    over (a frame, a keep-together, the band-aware frame), and ReportLab measures every
    cell again each time."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # The height only counts where cells span rows: it stops the measuring early.
        measures = availWidth, availHeight if self._spanCmds else None
        if self.__dict__.get("_measured_for") == measures:
            return self._width, self._height
        size = super().wrap(availWidth, availHeight)
        self._measured_for = measures
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measured_for = None  # splitting measures the table again, for its own height
        return super().split(availWidth, availHeight)

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        """Drawn; in a trial layout only its cells' bookmarks are noted, in the order
        drawing would note them (a trial needs the page of each, nothing drawn)."""
        if getattr(canvas, "measuring", False):
            for mark in bookmarks(self):
                mark.drawOn(canvas, x, y)
        else:
            super().drawOn(canvas, x, y, _sW)


def bookmarks(table: Table) -> list[Bookmark]:
    """The bookmarks in a table's cells, row by row, and in the tables they hold."""
    found = []
    for cell in (cell for row in table._cellvalues for cell in row):
        for part in cell if isinstance(cell, (list, tuple)) else [cell]:
            if isinstance(part, Bookmark):
                found.append(part)
            elif isinstance(part, Table):
                found += bookmarks(part)
    return found


def grid(rows: list[list], widths: list[float], *commands: tuple) -> Table:
    """A layout table: no padding, top-aligned, Public Sans throughout, plus `commands`.

    Its backgrounds and rules are page furniture; its cells hold tagged content.
    """
    return Grid(rows, colWidths=widths, renderCB=artifact_callback, style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), theme.REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *((side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING",
                                                   "TOPPADDING", "BOTTOMPADDING")),
        *commands]))


def paragraph(parent: Element, markup: str, style, role: str = "P", link_text: str = "",
              whole_link: bool = False) -> Tag:
    """A paragraph of `markup`, tagged as a new `role` element of `parent`.

    `link_text` describes its link, if it has one; `whole_link` says the
    paragraph is nothing but the link.
    """
    return Tag(parent.add(role, link_text=link_text, whole_link=whole_link),
               Paragraph(markup, style))


def heading(parent: Element, title: str, style=styles.HEADING, role: str = "H2",
            level: int = 0) -> list[Flowable]:
    """A section heading that is also a bookmark."""
    return [Bookmark(title, level), paragraph(parent, text(title), style, role)]


def title_band(profile: Profile, parent: Element) -> list[Flowable]:
    title = profile.texts.title
    band = grid(
        [[paragraph(parent, text(title), styles.TITLE, "H1")],
         [paragraph(parent, text(f"{profile.texts.agency} {profile.texts.region}"),
                    styles.SUBTITLE)]],
        [CONTENT_WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(theme.NAVY)),
        ("LINEBELOW", (0, -1), (-1, -1), 3, HexColor(theme.RED)),
        ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
        ("TOPPADDING", (0, 0), (-1, 0), 10), ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
        ("TOPPADDING", (0, 1), (-1, 1), 2), ("BOTTOMPADDING", (0, 0), (-1, 0), 2))
    return [Bookmark(title), band, Spacer(0, 8)]


def introduction(profile: Profile, parent: Element) -> list[Flowable]:
    period = profile.state.period
    reported = _("Information was reported to the {data_source} from {start} to {end}.").format(
        data_source=profile.texts.data_source, start=month_year(period.start),
        end=month_year(period.end))
    words = f"{profile.texts.intro} {reported}"
    return [Bookmark(_("Introduction")), paragraph(parent, text(words), styles.BODY),
            Spacer(0, 6)]


def map_and_key_figures(profile: Profile, parent: Element, map_scale: float,
                        sketch: bool = False) -> list[Flowable]:
    """The heat map on the left; the key figures and the caption on the right.
    Without a map, the key figures side by side."""
    if profile.state.heat_map is None:
        return columns([partial(key_figure, parent, figure) for figure in key_numbers(profile)],
                       [(CONTENT_WIDTH - GUTTER) / 2] * 2)
    row = side_by_side(partial(heat_map, profile, parent, MAP_HEIGHT * map_scale * inch,
                               sketch=sketch),
                       lambda _width: key_figures(profile, parent) + map_caption(profile, parent),
                       left_width=MAP_WIDTH * map_scale * inch)
    return [Bookmark(_("Heat map of {state}").format(state=profile.name)), *row]


def side_by_side(left: Column | None, right: Column | None,
                 left_width: float = (CONTENT_WIDTH - GUTTER) / 2,
                 width: float = CONTENT_WIDTH, breakable: bool = False) -> list[Flowable]:
    """Two columns (`breakable` as `columns` says), or the one that is there at full width."""
    if left and right:
        return columns([left, right], [left_width, width - left_width - GUTTER], breakable)
    return [KeepTogether(only(width))] if (only := left or right) else []


def columns(builders: list[Column], widths: list[float],
            breakable: bool = False) -> list[Flowable]:
    """Columns side by side, a gutter apart; one under the other, each at the
    full width, where side by side they would not fit on a page below a
    heading or a figure would have to shrink, or, if `breakable`, where they
    would not fit in what is left of the page and the first column would.

    (Built twice in those cases: the elements of the build left undrawn stay
    empty, and empty elements are left out of the structure tree.)
    """
    cells = [build(width) for build, width in zip(builders, widths)]
    row = grid([cells], [width + GUTTER for width in widths[:-1]] + widths[-1:])
    full_width = sum(widths) + GUTTER * (len(widths) - 1)
    shrunk = any(isinstance(drawing := getattr(part, "flowable", part), FigureFlowable)
                 and drawing.scale < 1 for cell in cells for part in cell)
    if not shrunk and row.wrap(full_width, CONTENT_HEIGHT)[1] <= CONTENT_HEIGHT - HEADING_ROOM:
        return [Breakable(row, [build(full_width) for build in builders]) if breakable else row]
    return [part for build in builders for part in build(full_width)]


class Breakable(Flowable):
    """A row of columns that gives way, where it does not fit in what is left of a
    page, to the same columns one under the other (`stacked`), if the first fits."""

    def __init__(self, row: Table, stacked: list[list[Flowable]]):
        super().__init__()
        self.row, self.stacked = row, stacked

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.row.wrapOn(self.canv, available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        first = sum(part.wrapOn(self.canv, available_width, available_height)[1]
                    + part.getSpaceBefore() + part.getSpaceAfter() for part in self.stacked[0])
        if first > available_height:
            return []
        return [part for column in self.stacked for part in column]

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        self.row.drawOn(canvas, x, y, _sW)


def figure(parent: Element, drawing: FigureFlowable, alt: str) -> Tag:
    """A drawing tagged Figure with its alt text, shrunk to fit on a page below a heading."""
    most = CONTENT_HEIGHT - HEADING_ROOM
    if drawing.height > most:
        drawing = drawing.scaled(most / drawing.height)
    return Tag(parent.add("Figure", alt=alt), drawing)


@lru_cache(maxsize=32)
def chart_drawing(kind: str, title: str, shown: tuple[Shown, ...], threshold: int,
                  width: float) -> FigureFlowable:
    """A chart as a drawing: kept, since every trial layout of a handout draws the same."""
    if kind == "call_types":
        return to_drawing(draw_call_types_chart(list(shown), width_in=width / inch,
                                                threshold=threshold))
    return to_drawing(draw_demographic_chart(title, list(shown), width_in=width / inch,
                                             threshold=threshold))


@lru_cache(maxsize=4)  # one handout's sketches at each map scale, and the map drawn
def map_drawing(geography: StateGeography, areas: tuple[Area, ...], width: float, height: float,
                language: str, sketch: bool) -> FigureFlowable:
    """The heat map as a drawing, or its sketch: kept, since trial layouts at one map scale
    draw the same (its legend is in `language`)."""
    return to_drawing(draw_heat_map(geography, list(areas), width_in=width / inch,
                                    height_in=height / inch, sketch=sketch))


def illustrative_note(parent: Element, sentence: str) -> Tag:
    """'Illustrative data: the published ... not available.', in the current language."""
    return paragraph(parent, text(_(sentence)), styles.ILLUSTRATIVE)


def heat_map(profile: Profile, parent: Element, height: float, width: float,
             sketch: bool = False) -> list[Flowable]:
    heat = map_drawing(profile.geography, tuple(profile.map_areas), width, height,
                       language_tag(), sketch)
    parts: list[Flowable] = [figure(parent, heat, heat_map_alt(profile))]
    if profile.state.heat_map.illustrative:
        parts.append(illustrative_note(
            parent, N_("Illustrative data: the published map's source data are not available.")))
    return parts


def key_numbers(profile: Profile) -> list[tuple[int, str]]:
    totals = profile.state.totals
    return [(totals.cases, _("Cases Reported")),
            (totals.potential_victims, _("Potential Persons Trafficked"))]


def key_figure(parent: Element, figure: tuple[int, str], _width: float = 0) -> list[Flowable]:
    """One key figure: the number, large, over its label."""
    value, label = figure
    return [paragraph(parent, number(value), styles.FIGURE),
            paragraph(parent, label, styles.FIGURE_LABEL), Spacer(0, 10)]


def key_figures(profile: Profile, parent: Element) -> list[Flowable]:
    return [part for figure in key_numbers(profile) for part in key_figure(parent, figure)]


def map_caption(profile: Profile, parent: Element) -> list[Flowable]:
    heat, fewest = profile.state.heat_map, profile.texts.suppress_below
    if heat is None:
        return []
    if not profile.map_areas:  # the map is not shaded
        return [paragraph(parent, text(_(
            "Too few cases with a known location were reported to the {data_source} in "
            "{year} to map without risk of identifying anyone.").format(
            data_source=profile.texts.data_source, year=heat.year)), styles.CAPTION)]
    sentences = [_("The image to the left is a heat map that reflects the cases reported to the "
                   "{data_source} in {year}. Areas in which greater numbers of cases were "
                   "reported contain more red shading.").format(
        data_source=profile.texts.data_source, year=heat.year)]
    if heat.summary:
        sentences.append(heat.summary)
    sentences.append(_(
        "This map only reflects cases in which the location of the potential trafficking was "
        "known. Some cases may involve more than one location. To protect victims' privacy, "
        "each county is shaded evenly: one with fewer than {threshold} cases is shaded "
        "together with neighbouring counties, or left blank where they have none.").format(
        threshold=number(fewest)))
    return [paragraph(parent, text(" ".join(sentences)), styles.CAPTION)]


def demographics(profile: Profile, parent: Element) -> list[Flowable]:
    """The charts and their notes, then the link to more statistics (which a
    state may give without demographics)."""
    disclosure = handout_disclosure(profile.state, profile.texts.suppress_below)
    given = [(key, _(title)) for key, title in DEMOGRAPHIC_GROUPS if key in disclosure.groups]
    groups = [(title, shown) for key, title in given if (shown := disclosure.groups[key])]
    url = profile.state.statistics_url
    if not (given or url):
        return []
    section, parts = parent.add("Sect"), []
    if given:
        parts += heading(section, profile.texts.headings.demographics)
    if groups:
        width = (CONTENT_WIDTH - GUTTER * (len(groups) - 1)) / len(groups)
        parts += columns([partial(demographic_chart, section, title, shown,
                                  profile.texts.suppress_below) for title, shown in groups],
                         [width] * len(groups))
    if given and profile.texts.statistics_note:
        parts.append(paragraph(section, "*" + text(profile.texts.statistics_note), styles.NOTE))
    parts += privacy_notes(section, [(title, disclosure.groups[key]) for key, title in given],
                           profile.texts.suppress_below)
    if url:
        parts.append(paragraph(
            section, text(_("For more statistics on human trafficking in {state}, visit {url}."))
            .format(state=text(profile.name), url=link(url, url)), styles.CAPTION, link_text=url))
    return [KeepTogether(parts)]


def privacy_notes(parent: Element, groups: list[tuple[str, list[Shown] | None]],
                  threshold: int) -> list[Flowable]:
    """Why a count reads "suppressed", or a chart is missing, where one does or is."""
    notes = [withheld_note(title) for title, shown in groups if shown is None]
    if any(s.suppressed for _title, shown in groups if shown for s in shown):
        notes.append(suppressed_note(threshold))
    return [paragraph(parent, text(note), styles.NOTE) for note in notes]


def demographic_chart(parent: Element, title: str, shown: list[Shown], threshold: int,
                      width: float) -> list[Flowable]:
    """One group's chart, drawn for width."""
    chart = chart_drawing("demographic", title, tuple(shown), threshold, width)
    return [figure(parent, chart, chart_alt(title, shown, threshold))]


def venues_and_call_types(profile: Profile, parent: Element) -> list[Flowable]:
    """The two venue lists on the left, the call-type chart on the right."""
    left = partial(venues, profile, parent) if venue_lists(profile, parent) else None
    right = partial(call_types, profile, parent) if profile.state.call_types else None
    return [Spacer(0, 6), *side_by_side(left, right, left_width=0.56 * (CONTENT_WIDTH - GUTTER),
                                        breakable=True)]


def venues(profile: Profile, parent: Element, width: float) -> list[Flowable]:
    """The venue lists side by side in width, or the one there is."""
    lists = venue_lists(profile, parent)
    return lists[0](width) if len(lists) == 1 else columns(lists, [(width - GUTTER) / 2] * 2)


def venue_lists(profile: Profile, parent: Element) -> list[Column]:
    """A column per kind of venue the state lists, headed in the singular for one."""
    headings = profile.texts.headings
    return [partial(venue_list, parent, kind if len(names) > 1 else one, names)
            for kind, one, names in (
                (headings.sex_trafficking_venues, headings.sex_trafficking_venue,
                 getattr(profile.state.venues, "sex_trafficking", None)),
                (headings.labor_trafficking_venues, headings.labor_trafficking_venue,
                 getattr(profile.state.venues, "labor_trafficking", None))) if names]


def venue_list(parent: Element, kind: str, names: list[str], width: float) -> list[Flowable]:
    """'TOP N' ('TOP' for one), the kind, the numbered names."""
    section = parent.add("Sect")
    top = _("TOP {count}").format(count=len(names)) if len(names) > 1 else _("TOP")
    return [Bookmark(ngettext("Top {venues}", "Top {venues}", len(names)).format(
                venues=kind.lower())),
            paragraph(section, text(top), styles.KICKER),
            paragraph(section, text(kind.upper()), styles.SUBHEADING, "H2"),
            listing(section, [(f"{n}.", text(name), "", False)
                              for n, name in enumerate(names, 1)],
                    width, styles.VENUE, styles.NUMBER)]


def listing(parent: Element, items: list[tuple[str, str, str, bool]], width: float,
            style=styles.LIST_ITEM, label_style=styles.BULLET) -> Table:
    """A list: each item's label ('1.', a bullet) beside its markup, tagged L > LI > Lbl, LBody.

    `items` are (label, markup, link text, whether the markup is all link); a
    row per item, so a long list runs onto the next page between items.
    """
    items_element = parent.add("L")
    rows = []
    for label, markup, link_text, whole_link in items:
        item = items_element.add("LI")
        rows.append([paragraph(item, label, label_style, "Lbl"),
                     paragraph(item, markup, style, "LBody", link_text, whole_link)])
    indent = label_style.fontSize * 1.5
    return grid(rows, [indent, width - indent], ("BOTTOMPADDING", (0, 0), (-1, -1), 1))


def call_types(profile: Profile, parent: Element, width: float) -> list[Flowable]:
    calls = profile.state.call_types
    if calls is None:
        return []
    section = parent.add("Sect")
    title = (profile.texts.headings.call_types
             or _("Types of Calls to the {data_source} in {year}")).replace(
        "{data_source}", profile.texts.data_source).replace("{year}", str(calls.year))
    threshold = profile.texts.suppress_below
    shown = handout_disclosure(profile.state, threshold).groups["call_types"]
    parts = heading(section, title, styles.SUBHEADING)
    if shown:
        chart = chart_drawing("call_types", title, tuple(shown), threshold, width)
        parts.append(figure(section, chart, calls.alt or chart_alt(title, shown, threshold)))
    parts += privacy_notes(section, [(_("The chart"), shown)], threshold)
    if calls.illustrative:
        parts.append(illustrative_note(
            section, N_("Illustrative data: the published counts are not available.")))
    return parts


def disclaimer(profile: Profile, parent: Element) -> list[Flowable]:
    if not profile.texts.disclaimer:
        return []
    return [KeepTogether([Spacer(0, 2), paragraph(
        parent, text(profile.texts.disclaimer), styles.SMALL)])]


def laws(profile: Profile, parent: Element, spread: float = 0) -> list[Flowable]:
    if not profile.state.laws:
        return []
    section = parent.add("Sect")
    items = [("\u2022", f"{text(law.title)} | "
              + (link(law.citation, law.url) if law.url else text(law.citation)),
              f"{law.title}, {law.citation}", False) for law in profile.state.laws]
    return [Spacer(0, spread), *heading(section, profile.texts.headings.laws),
            paragraph(section, text(profile.texts.headings.laws_subtitle), styles.NOTE),
            Spacer(0, 4), listing(section, items, CONTENT_WIDTH)]


def efforts(profile: Profile, parent: Element, spread: float = 0) -> list[Flowable]:
    found = profile.state.efforts
    if found is None or not (found.referral_directory or found.collaborations
                             or found.resources or found.funding):
        return []
    section = parent.add("Sect")
    headings = profile.texts.headings
    parts = [Spacer(0, spread), *heading(section, headings.efforts)]
    if directory := found.referral_directory:
        sentence = referral_sentence(directory.agencies, profile.name)
        parts.append(paragraph(section, text(sentence), styles.BODY))
        if directory.url:
            parts.append(paragraph(section, link(directory.url, directory.url), styles.BODY,
                                   "P", _("National Human Trafficking Referral Directory"), True))
    for title, note, items in (
            (headings.collaborations, headings.collaborations_note, found.collaborations),
            (headings.resources, headings.resources_note, found.resources),
            (headings.funding, None, found.funding)):
        if items:
            label = text(title.upper()) + (
                f" <font name='{theme.REGULAR}'>({text(note)})</font>" if note else "")
            parts += [Spacer(0, spread / 2), Bookmark(title, level=1),
                      paragraph(section, label, styles.SUBHEADING, "H3"),
                      listing(section, [("\u2022", link(i.name, i.url) if i.url else text(i.name),
                                         i.name, True) for i in items], CONTENT_WIDTH)]
    return parts


def referral_sentence(agencies: int, state: str) -> str:
    """'Twenty-one victim service agencies are listed ...', the number in words."""
    if agencies == 0:
        sentence = _("No victim service agencies are listed in the National Human Trafficking "
                     "Referral Directory in {state}.")
    else:
        sentence = ngettext(
            "{count} victim service agency is listed in the National Human Trafficking "
            "Referral Directory in {state}.",
            "{count} victim service agencies are listed in the National Human Trafficking "
            "Referral Directory in {state}.", agencies)
    sentence = sentence.format(count=number_words(agencies), state=state)
    return sentence[:1].upper() + sentence[1:]


def hotlines(profile: Profile, parent: Element, spread: float = 0) -> list[Flowable]:
    if not profile.hotlines:
        return []
    section = parent.add("Sect")
    parts = [Spacer(0, spread), *heading(section, profile.texts.headings.hotlines)]
    for hotline in profile.hotlines:
        box = [paragraph(section, text(hotline.name), styles.HOTLINE_NAME),
               paragraph(section, text(hotline.phone), styles.PHONE)]
        if hotline.description:
            box.append(paragraph(section, text(hotline.description), styles.BODY))
        parts.append(grid(
            [[box]], [CONTENT_WIDTH],
            ("BACKGROUND", (0, 0), (-1, -1), HexColor(theme.GREY_LIGHTEST)),
            ("LINEBEFORE", (0, 0), (0, -1), 4, HexColor(theme.NAVY)),
            ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 12)))
        parts.append(Spacer(0, 8))
    return parts


def contact(profile: Profile, parent: Element, spread: float = 0) -> list[Flowable]:
    """Who to ask: the organization, a person, email and web address as links, a phone."""
    found = profile.contact
    if found is None:
        return []
    section = parent.add("Sect")
    lines = [(text(value), value, False) for value in (found.organization, found.name,
                                                      found.phone) if value]
    if found.email:
        lines.append((link(found.email, f"mailto:{found.email}"), found.email, True))
    if found.url:
        lines.append((link(found.url, found.url), found.url, True))
    return [Spacer(0, spread), KeepTogether([*heading(section, profile.texts.headings.contact), *(
        paragraph(section, markup, styles.BODY, "P", link_text if whole else "", whole)
        for markup, link_text, whole in lines)])]
