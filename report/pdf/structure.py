"""The logical structure of a laid-out PDF, written with pikepdf: the structure tree of
`report.layout.tagging`'s elements, the parent tree, and what a tagged, PDF/UA-1 file
declares in its catalog and metadata."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pikepdf

from report.pdf import opened, written

if TYPE_CHECKING:  # the layout imports this module to tag what it lays out
    from report.layout.tagging import Element


def write_structure(pdf: bytes, root: Element, title: str, language: str) -> bytes:
    """Add the structure tree of `root` and the PDF/UA catalog entries and metadata."""
    with opened([pdf]) as [document]:
        pages = [page.obj for page in document.pages]
        tree = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        top = _struct_element(document, root, tree, pages)
        tree.K = pikepdf.Array([top])
        document.Root.StructTreeRoot = tree
        rebuild_parent_tree(document)
        mark_as_tagged(document, title, language)
        return written(document)


def _struct_element(document: pikepdf.Pdf, element: Element, parent, pages: list
                    ) -> pikepdf.Object:
    """The element and its children as structure elements, on these pages' objects (each
    entry set once: every call into pikepdf costs some microseconds)."""
    entries = {"/Type": pikepdf.Name.StructElem, "/S": pikepdf.Name("/" + element.role),
               "/P": parent}
    if element.marks:  # the page it starts on, for tools that look there
        entries["/Pg"] = pages[element.marks[0][0] - 1]
    if element.alt:
        entries["/Alt"] = pikepdf.String(element.alt)
    if element.scope:
        entries["/A"] = pikepdf.Dictionary(O=pikepdf.Name.Table,
                                           Scope=pikepdf.Name("/" + element.scope))
    node = document.make_indirect(pikepdf.Dictionary(entries))
    content = [pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[page - 1], MCID=mcid)
               for page, mcid in element.marks]
    links = [_link_element(document, node, pages[page - 1], index, element)
             for page, index in element.links]
    if element.whole_link and len(links) == 1:
        links[0].K = pikepdf.Array([*content, *links[0].K])  # the link's own text
        content = []
    kids = [*content, *links, *(_struct_element(document, child, node, pages)
                                for child in element.children if _has_content(child))]
    node.K = kids[0] if len(kids) == 1 else pikepdf.Array(kids)  # a single kid stands alone
    return node


def _link_element(document: pikepdf.Pdf, parent, page: pikepdf.Object, index: int,
                  element: Element) -> pikepdf.Object:
    """A Link element holding a link annotation, which is named and printed.

    A link within a longer text gets its description as /Alt too.
    """
    annotation = page.Annots[index]
    annotation.Contents = pikepdf.String(element.link_text)
    annotation.F = 4  # printed, like the page
    link = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=parent,
        K=pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Pg=page,
                                            Obj=annotation)])))
    if not element.whole_link:
        link.Alt = pikepdf.String(element.link_text)
    return link


def _has_content(element: Element) -> bool:
    return bool(element.marks or element.links) or any(map(_has_content, element.children))


def kids(node: pikepdf.Object) -> list:
    """A structure node's /K as a list (a single kid may stand alone)."""
    found = node.get("/K", [])
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def rebuild_parent_tree(document: pikepdf.Pdf) -> None:
    """Number every page's marked content and every annotation from the structure tree.

    Works on any tree whose content references carry /Pg, so it also serves
    a booklet assembled from several tagged handouts.
    """
    pages = {page.objgen: index for index, page in enumerate(document.pages)}
    by_page: dict[int, dict[int, pikepdf.Object]] = {}
    annotations = []
    stack = kids(document.Root.StructTreeRoot)
    while stack:
        node = stack.pop()
        for kid in kids(node):
            kind = kid.get("/Type")
            if kind == "/MCR":
                by_page.setdefault(pages[kid.Pg.objgen], {})[int(kid.MCID)] = node
            elif kind == "/OBJR":
                annotations.append((kid.Obj, node))
            elif kind == "/StructElem":
                stack.append(kid)
    numbers = []  # one Array at the end: appending to a pikepdf.Array grows quadratically
    for index, page in enumerate(document.pages):
        page.obj.StructParents = index
        page.obj.Tabs = pikepdf.Name.S
        marks = by_page.get(index, {})
        owners = [marks.get(mcid) for mcid in range(max(marks, default=-1) + 1)]
        numbers.extend([index, pikepdf.Array(owners)])
    for key, (annotation, node) in enumerate(annotations, start=len(document.pages)):
        annotation.StructParent = key
        numbers.extend([key, node])
    tree = document.Root.StructTreeRoot
    tree.ParentTree = document.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
    tree.ParentTreeNextKey = len(document.pages) + len(annotations)


def mark_as_tagged(document: pikepdf.Pdf, title: str, language: str) -> None:
    """Catalog entries and XMP metadata that a tagged, PDF/UA-1 file declares."""
    root = document.Root
    root.MarkInfo = pikepdf.Dictionary(Marked=True)
    root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    root.Lang = pikepdf.String(language)
    for page in document.pages:
        if "/Trans" in page.obj:  # ReportLab's empty page transition: no use, and not PDF/A
            del page.obj.Trans
    if "/Trapped" in document.docinfo:  # ReportLab's /False, which XMP cannot say
        del document.docinfo.Trapped
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp.load_from_docinfo(document.docinfo)
        xmp["dc:title"] = title
        xmp["dc:language"] = [language]
        xmp["pdfuaid:part"] = "1"
