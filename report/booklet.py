"""The region's booklet: front matter, then every state's handout as it was written.

The handouts are copied page for page, so each keeps its own "page N of M"
footer, links and stamp; the booklet adds clickable contents and a bookmark
per state with the state's own section bookmarks under it. Each handout's
structure tree becomes a Part of the booklet's, so the booklet is tagged too.
"""

import io

import pikepdf

from report.layout.booklet import ContentsLink, render_front_matter
from report.layout.tagging import kids, rebuild_parent_tree
from report.model import Profile


def render_booklet(profiles: list[Profile], handouts: list[bytes]) -> bytes:
    """The booklet as PDF bytes, from the states' profiles and their handouts' bytes (as
    this build made them: another build writing the same files cannot mix in)."""
    sources = [pikepdf.open(io.BytesIO(pdf)) for pdf in handouts]
    try:
        front, links, _ = render_front_matter(profiles, [len(s.pages) for s in sources])
        booklet = pikepdf.open(io.BytesIO(front))
        starts = []
        for source in sources:
            starts.append(len(booklet.pages))
            booklet.pages.extend(source.pages)
        add_links(booklet, links)
        for source in sources:
            add_structure(booklet, source)
        rebuild_parent_tree(booklet)
        add_bookmarks(booklet, profiles, sources, starts)
        output = io.BytesIO()
        booklet.save(output, deterministic_id=True)
        return output.getvalue()
    finally:
        for source in sources:
            source.close()


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
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=list(link.rect),
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
