"""The region's booklet: front matter, then every state's handout as it was written.

The handouts are copied page for page, so each keeps its own "page N of M"
footer, links and stamp; the booklet adds clickable contents and a bookmark
per state with the state's own section bookmarks under it. Each handout's
structure tree becomes a Part of the booklet's, so the booklet is tagged too.

For double-sided printing every handout starts on a right-hand (odd) page,
after a blank page that says so where needed, and every page carries its
booklet page number, the number the contents give.
"""

import io
import re
from pathlib import Path

import pikepdf

from report.i18n import use
from report.layout.front_matter import (ContentsLink, first_pages, render_front_matter,
                                        render_page_stamps)
from report.pdf.structure import kids, rebuild_parent_tree
from report.model import Profile


def render_booklet(profiles: list[Profile], handouts: list[bytes]) -> bytes:
    """The booklet as PDF bytes, from the states' profiles and their handouts' bytes (as
    this build made them: another build writing the same files cannot mix in)."""
    sources = [pikepdf.open(io.BytesIO(pdf)) for pdf in handouts]
    try:
        handout_pages = [len(source.pages) for source in sources]
        front, links, front_pages = render_front_matter(profiles, handout_pages)
        booklet = pikepdf.open(io.BytesIO(front))
        starts = [page - 1 for page in first_pages(front_pages, handout_pages)]
        blanks = place_handouts(booklet, sources, starts)
        add_links(booklet, links)
        for source in sources:
            add_structure(booklet, source)
        quiet_repeats(booklet, starts[0])
        rebuild_parent_tree(booklet)
        add_bookmarks(booklet, profiles, sources, starts)
        with use(profiles[0].region.language):  # the blank pages' note
            stamp_pages(booklet, blanks)
        booklet.Root.PageMode = pikepdf.Name.UseOutlines  # open with the bookmarks shown
        output = io.BytesIO()
        booklet.save(output, deterministic_id=True)
        return output.getvalue()
    finally:
        for source in sources:
            source.close()


def place_handouts(booklet: pikepdf.Pdf, sources: list[pikepdf.Pdf],
                   starts: list[int]) -> list[int]:
    """Copy each handout's pages from its start (0-based) on, after blank pages where
    needed (the size of the handouts' pages); the blank pages' indexes."""
    _, _, width, height = (float(side) for side in sources[0].pages[0].mediabox)
    blanks = []
    for source, start in zip(sources, starts):
        while len(booklet.pages) < start:
            blanks.append(len(booklet.pages))
            booklet.add_blank_page(page_size=(width, height))
        booklet.pages.extend(source.pages)
    return blanks


def stamp_pages(booklet: pikepdf.Pdf, blanks: list[int]) -> None:
    """Every page's booklet number in its footer, and the note on each blank page,
    as artifacts: furniture a screen reader passes over."""
    with pikepdf.open(io.BytesIO(render_page_stamps(len(booklet.pages)))) as stamps:
        note = booklet.copy_foreign(stamps.pages[-1].as_form_xobject())
        for index, page in enumerate(booklet.pages):
            page.contents_add(booklet.make_stream(b"q"), prepend=True)
            page.contents_add(booklet.make_stream(b"Q"))
            folio = booklet.copy_foreign(stamps.pages[index].as_form_xobject())
            place_artifact(booklet, page, folio, "BookletFolio",
                           "/Artifact <</Type /Pagination /Subtype /Footer>>")
            if index in blanks:
                place_artifact(booklet, page, note, "BookletBlank", "/Artifact <</Type /Layout>>")


def place_artifact(booklet: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object, name: str,
                   marker: str) -> None:
    """Draw a form XObject on the page under `name`, as the artifact `marker` opens."""
    name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name("/" + name))
    page.contents_add(booklet.make_stream(f"{marker} BDC q {name} Do Q EMC".encode()))


MARGIN_BAND = 0.12  # of the page's height, at its top and at its bottom
HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}


def quiet_repeats(booklet: pikepdf.Pdf, first_handout_page: int) -> None:
    """Read running text once: marked content of a handout's page all of whose lines sit
    in the top or bottom band of the page, and that says the same words at the same place
    as content of an earlier page, becomes an artifact (a screen reader skips it) and
    leaves the structure tree.

    A booklet repeats, at the same place, what each handout says once: the
    illustrative-data stamp opening each state (handouts keep their other shared
    text out of the bands). Headings stay: they are how a reader finds each
    state's parts.
    """
    owners = content_owners(booklet)
    heard: set[tuple] = set()
    for index, page in enumerate(booklet.pages):
        height = float(page.mediabox[3])
        repeats = {}
        for mcid, lines in marked_lines(page).items():
            band = {_band(y, size, height) for _, y, size, _ in lines}
            element = owners.get((index, mcid))
            if len(band) != 1 or None in band or element is None or element.S in HEADINGS:
                continue
            x, y, _, _ = lines[0]
            said = (round(x), round(y), " ".join(" ".join(t for *_, t in lines).split()))
            if said in heard and index >= first_handout_page:
                repeats[mcid] = band.pop()
            heard.add(said)
        if repeats:
            make_artifacts(booklet, page, repeats)
            for mcid in repeats:
                _drop_content(owners[index, mcid], page, mcid)


def _band(baseline: float, size: float, height: float) -> str | None:
    """'Header' or 'Footer' for a line of text wholly in the page's top or bottom band."""
    if baseline - 0.25 * size >= (1 - MARGIN_BAND) * height:
        return "Header"
    if baseline + size <= MARGIN_BAND * height:
        return "Footer"
    return None


def content_owners(booklet: pikepdf.Pdf) -> dict[tuple[int, int], pikepdf.Object]:
    """(page index, MCID) -> the structure element the marked content belongs to."""
    pages = {page.objgen: index for index, page in enumerate(booklet.pages)}
    return {(pages[kid.Pg.objgen], int(kid.MCID)): node
            for node in _elements(booklet.Root.StructTreeRoot) for kid in kids(node)
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"}


def marked_lines(page: pikepdf.Page) -> dict[int, list[tuple[float, float, float, str]]]:
    """Each MCID's runs of text on a page: (x, baseline y, in points; font size; text)."""
    fonts = {name: _to_unicode(font) for name, font in page.Resources.get("/Font", {}).items()}
    cursor, ctm, saved, marks, found = TextCursor(fonts), IDENTITY, [], [], {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op, values = str(operator), list(operands)
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop()
        elif op == "cm":
            ctm = _multiply(tuple(map(float, values)), ctm)
        elif op in ("BDC", "BMC"):
            marks.append(_mcid(values) if op == "BDC" else None)
        elif op == "EMC":
            marks.pop()
        elif op in ("Tj", "TJ") and marks and marks[-1] is not None:
            strings = values[0] if op == "TJ" else [values[0]]
            found.setdefault(marks[-1], []).append(cursor.run(strings, ctm))
        else:
            cursor.apply(op, values)
    return found


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mcid(operands: list) -> int | None:
    """The MCID of a BDC operator's properties, if it has one."""
    properties = operands[1]
    mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
    return None if mcid is None else int(mcid)


class TextCursor:
    """Where the next text of a content stream goes: the text operators' state."""

    def __init__(self, fonts: dict[str, dict[int, str]]):
        self.fonts, self.font, self.size, self.leading = fonts, {}, 0.0, 0.0
        self.line = self.matrix = IDENTITY

    def apply(self, op: str, values: list) -> None:
        """Follow a text-state or text-positioning operator (others change nothing)."""
        if op == "BT":
            self.line = self.matrix = IDENTITY
        elif op == "Tm":
            self.line = self.matrix = tuple(map(float, values))
        elif op in ("Td", "TD", "T*"):
            dx, dy = map(float, values) if values else (0.0, -self.leading)
            self.line = self.matrix = _multiply((1, 0, 0, 1, dx, dy), self.line)
        elif op == "TL":
            self.leading = float(values[0])
        elif op == "Tf":
            self.font, self.size = self.fonts.get(str(values[0]), {}), float(values[1])

    def run(self, strings: list, ctm: tuple) -> tuple[float, float, float, str]:
        """A run of text shown here: x, baseline y, size on the page, and what it says."""
        words = "".join(self.font.get(code, "") for string in strings
                        if isinstance(string, pikepdf.String) for code in bytes(string))
        where = _multiply(self.matrix, ctm)
        return where[4], where[5], self.size * abs(where[3]), words


def _multiply(first: tuple, second: tuple) -> tuple:
    """The PDF matrix product first x second, each as (a, b, c, d, e, f)."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = second
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _to_unicode(font: pikepdf.Object) -> dict[int, str]:
    """A simple font's codes and the characters they stand for, from its ToUnicode map."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    return {int(code, 16): bytes.fromhex(text).decode("utf-16-be", "replace")
            for code, text in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]+)>", cmap)}


def make_artifacts(booklet: pikepdf.Pdf, page: pikepdf.Page, repeats: dict[int, str]) -> None:
    """Turn the page's marked content of these MCIDs into pagination artifacts."""
    operations = []
    for operands, operator in pikepdf.parse_content_stream(page):
        mcid = _mcid(list(operands)) if str(operator) == "BDC" else None
        if mcid in repeats:
            operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(
                Type=pikepdf.Name.Pagination, Subtype=pikepdf.Name("/" + repeats[mcid]))]
        operations.append((operands, operator))
    page.obj.Contents = booklet.make_stream(pikepdf.unparse_content_stream(operations))


def _drop_content(element: pikepdf.Object, page: pikepdf.Page, mcid: int) -> None:
    """Take a marked-content reference out of its element, and any element left empty
    out of its parent."""
    left = [kid for kid in kids(element) if not (
        isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR"
        and kid.Pg.objgen == page.objgen and int(kid.MCID) == mcid)]
    element.K = pikepdf.Array(left)
    while not kids(element) and element.get("/P", {}).get("/Type") == "/StructElem":
        parent = element.P
        parent.K = pikepdf.Array([kid for kid in kids(parent) if kid.objgen != element.objgen])
        element = parent


def add_structure(booklet: pikepdf.Pdf, source: pikepdf.Pdf) -> None:
    """A handout's structure tree, as a Part after what the booklet has.

    Call after its pages were copied: its content references then point at
    the booklet's copies of those pages.
    """
    [document] = kids(booklet.Root.StructTreeRoot)
    part = booklet.copy_foreign(kids(source.Root.StructTreeRoot)[0])
    part.S, part.P = pikepdf.Name.Part, document
    document.K = pikepdf.Array([*kids(document), part])


def add_links(booklet: pikepdf.Pdf, links: list[ContentsLink]) -> None:
    """Make each contents row open its page, in its Link element.

    Call before the handouts' structure is added: the front matter's Link
    elements are then the contents rows, in order.
    """
    elements = [node for node in _elements(booklet.Root.StructTreeRoot) if node.S == "/Link"]
    for link, element in zip(links, elements, strict=True):
        page = booklet.pages[link.page - 1]
        annotation = booklet.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[float(v) for v in link.rect],
            Border=[0, 0, 0], F=4, Contents=pikepdf.String(link.text),
            Dest=[booklet.pages[link.target - 1].obj, pikepdf.Name.Fit]))
        if "/Annots" not in page.obj:
            page.obj.Annots = pikepdf.Array()
        page.obj.Annots.append(annotation)
        reference = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Pg=page.obj, Obj=annotation)
        element.K = pikepdf.Array([*kids(element), reference])


def _elements(node: pikepdf.Object):
    """Every structure element from node down, in reading order."""
    if node.get("/Type") == "/StructElem":
        yield node
    for kid in kids(node):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield from _elements(kid)


def add_bookmarks(booklet: pikepdf.Pdf, profiles: list[Profile], sources: list[pikepdf.Pdf],
                  starts: list[int]) -> None:
    """A bookmark per state, holding that handout's own bookmarks."""
    with booklet.open_outline() as outline:
        for profile, source, start in zip(profiles, sources, starts):
            state = pikepdf.OutlineItem(profile.name, start)
            state.children.extend(copy_outline(source, start))
            outline.root.append(state)


def copy_outline(source: pikepdf.Pdf, start: int) -> list[pikepdf.OutlineItem]:
    """A handout's bookmarks, nesting kept, pointing at its pages from `start` on."""
    names = pikepdf.NameTree(source.Root.Names.Dests) if "/Names" in source.Root else {}
    pages = {page.objgen: index for index, page in enumerate(source.pages)}

    def page_of(item: pikepdf.OutlineItem) -> int:
        target = item.destination
        if isinstance(target, (pikepdf.String, str)):
            target = names[str(target)]
        if isinstance(target, pikepdf.Dictionary):
            target = target.D
        return pages[target[0].objgen]

    def copy(items) -> list[pikepdf.OutlineItem]:
        copies = []
        for item in items:
            duplicate = pikepdf.OutlineItem(item.title, start + page_of(item))
            duplicate.children.extend(copy(item.children))
            copies.append(duplicate)
        return copies

    with source.open_outline() as outline:
        return copy(outline.root)
