"""The region's booklet: front matter, then every state's handout as it was written.

The handouts are copied page for page, so each keeps its own "page N of M"
footer, links and stamp; the booklet adds clickable contents and a bookmark
per state with the state's own section bookmarks under it. Each handout's
structure tree becomes a Part of the booklet's, so the booklet is tagged too.

For double-sided printing every handout starts on a right-hand (odd) page,
after a blank page that says so where needed, and every page carries its
booklet page number, the number the contents give.
"""

import pikepdf

from report.i18n import use
from report.layout.front_matter import (ContentsLink, first_pages, render_front_matter,
                                        render_page_stamps)
from report.pdf import opened, written
from report.pdf.structure import kids, rebuild_parent_tree
from report.model import Profile


def render_booklet(profiles: list[Profile], handouts: list[bytes]) -> bytes:
    """The booklet as PDF bytes, from the states' profiles and their handouts' bytes (as
    this build made them: another build writing the same files cannot mix in)."""
    with opened(handouts) as sources:
        handout_pages = [len(source.pages) for source in sources]
        front, links, front_pages = render_front_matter(profiles, handout_pages)
        with opened([front]) as [booklet]:
            starts = [page - 1 for page in first_pages(front_pages, handout_pages)]
            blanks = place_handouts(booklet, sources, starts)
            add_links(booklet, links)
            parts = [add_structure(booklet, source) for source in sources]
            quiet_stamps(parts, profiles)
            rebuild_parent_tree(booklet)
            add_bookmarks(booklet, profiles, sources, starts)
            with use(profiles[0].region.language):  # the blank pages' note
                stamp_pages(booklet, blanks)
            booklet.Root.PageMode = pikepdf.Name.UseOutlines  # open with the bookmarks shown
            return written(booklet)


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
    with opened([render_page_stamps(len(booklet.pages))]) as [stamps]:
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


def quiet_stamps(parts: list[pikepdf.Object], profiles: list[Profile]) -> None:
    """Read the illustrative-data stamp once, on the cover: the stamp opening each
    illustrative handout, the first element of its Part, becomes a header artifact (a
    screen reader passes over it) and leaves the structure tree.

    It is the only text the booklet repeats in the pages' top and bottom bands: the
    handouts keep everything else that states share out of them
    (report/layout/bands.py), and headings and titles name their state.
    """
    for part, profile in zip(parts, profiles):
        if not profile.state.illustrative:
            continue
        stamp = kids(part)[0]
        [content] = kids(stamp)
        page = pikepdf.Page(content.Pg)
        page.contents_coalesce()
        marked = f"/P <</MCID {int(content.MCID)}>> BDC".encode()
        stream = page.obj.Contents.read_bytes()
        assert stream.count(marked) == 1, "the stamp's marked content"
        page.obj.Contents.write(stream.replace(
            marked, b"/Artifact <</Type /Pagination /Subtype /Header>> BDC"))
        _drop_element(stamp)


def _drop_element(element: pikepdf.Object) -> None:
    """Take a structure element out of its parent, and any parent left empty out of its
    own."""
    while element.get("/P", {}).get("/Type") == "/StructElem":
        parent = element.P
        parent.K = pikepdf.Array([kid for kid in kids(parent) if kid.objgen != element.objgen])
        if kids(parent):
            return
        element = parent


def add_structure(booklet: pikepdf.Pdf, source: pikepdf.Pdf) -> pikepdf.Object:
    """A handout's structure tree, as a Part after what the booklet has; the Part.

    Call after its pages were copied: its content references then point at
    the booklet's copies of those pages.
    """
    [document] = kids(booklet.Root.StructTreeRoot)
    part = booklet.copy_foreign(kids(source.Root.StructTreeRoot)[0])
    part.S, part.P = pikepdf.Name.Part, document
    document.K = pikepdf.Array([*kids(document), part])
    return part


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

    return copy(source.open_outline().root)  # read only: as a context, it is written back
