"""Tagged PDF (PDF/UA-1) on top of ReportLab, which has the hooks but not the feature.

How it works:
1. While the story is built, every piece of content is wrapped in `Tag`,
   naming its `Element` of the logical structure (H1, P, L/LI/Lbl/LBody,
   Table/TR/TH/TD, Figure with alt text, ...). Elements are created in
   reading order, so the tree's order is the order a screen reader follows.
2. While the pages are drawn, each `Tag` writes a marked-content sequence
   (`/P <</MCID n>> BDC ... EMC`) around its content and notes which element
   it belongs to and which link annotations it made; page furniture (footer,
   stamp, table backgrounds and rules) is written as `/Artifact`.
3. After the build, `write_structure` adds the structure tree, parent tree,
   catalog entries and XMP metadata with pikepdf.

Tested with ReportLab 5.1 (pinned in pyproject.toml): it relies on
`Canvas._annotationrefs`, `Table(renderCB=...)` and how platypus splits and
keeps flowables together.
"""

import io
from dataclasses import dataclass, field

import pikepdf
from reportlab.platypus import Flowable

# The structure types this module writes (ISO 32000-1, 14.8.4).
ROLES = {"Document", "Part", "Sect", "Div", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody",
         "Table", "TR", "TH", "TD", "Figure", "Link"}


@dataclass(eq=False)
class Element:
    """A node of the logical structure: a role, its children in reading order, alt text."""

    role: str
    parent: "Element | None" = None
    alt: str | None = None
    scope: str | None = None  # for TH: "Column" or "Row"
    link_text: str = ""  # what the content's link annotations are said to be
    whole_link: bool = False  # the content is the link's text (else a link within it)
    children: list["Element"] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page number, MCID)
    links: list[tuple[int, int]] = field(default_factory=list)  # (page number, annotation index)

    def __post_init__(self) -> None:
        assert self.role in ROLES, self.role
        if self.parent is not None:
            self.parent.children.append(self)

    def add(self, role: str, **attributes) -> "Element":
        """A new child element, after the existing ones."""
        return Element(role, self, **attributes)


class Tag(Flowable):
    """A flowable whose drawing is marked as content of `element`.

    Splits into parts of the same element, so a paragraph that runs onto the
    next page stays one paragraph for a screen reader. The link annotations
    its drawing makes are noted too.
    """

    def __init__(self, element: Element, flowable: Flowable):
        super().__init__()
        self.element, self.flowable = element, flowable

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.flowable.wrapOn(self.canv, available_width,
                                                       available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.flowable.splitOn(self.canv, available_width, available_height)
        if parts == [self.flowable]:  # not split: say so as ReportLab expects, with self
            return [self]
        return [Tag(self.element, part) for part in parts]

    def getKeepWithNext(self) -> bool:
        """The content's keepWithNext, unless ReportLab has since cleared it on this Tag."""
        return self.__dict__.get("keepWithNext", self.flowable.getKeepWithNext())

    def getSpaceBefore(self) -> float:
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.flowable.getSpaceAfter()

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        page = canvas.getPageNumber()
        mcid = next_mcid(canvas, page)
        self.element.marks.append((page, mcid))
        annotations = len(canvas._annotationrefs)
        canvas.addLiteral(f"/{self.element.role} <</MCID {mcid}>> BDC")
        self.flowable.drawOn(canvas, x, y, _sW)
        canvas.addLiteral("EMC")
        self.element.links += [(page, index)
                               for index in range(annotations, len(canvas._annotationrefs))]


def next_mcid(canvas, page: int) -> int:
    """The next marked-content id of the page being drawn (0, 1, 2, ...)."""
    counters = canvas.__dict__.setdefault("mcids", {})
    counters[page] = counters.get(page, -1) + 1
    return counters[page]


def artifact_callback(table, event: str, *_) -> None:
    """Table(renderCB=...): a table's backgrounds and rules are page furniture."""
    if event in ("startBG", "startLines"):
        table.canv.addLiteral("/Artifact BMC")
    elif event in ("endBG", "endLines"):
        table.canv.addLiteral("EMC")


def begin_artifact(canvas, kind: str = "Pagination", subtype: str = "Footer") -> None:
    canvas.addLiteral(f"/Artifact <</Type /{kind} /Subtype /{subtype}>> BDC")


def end_artifact(canvas) -> None:
    canvas.addLiteral("EMC")


def write_structure(pdf: bytes, root: Element, title: str, language: str) -> bytes:
    """Add the structure tree of `root` and the PDF/UA catalog entries and metadata."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = list(document.pages)
        tree = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        top = _struct_element(document, root, tree, pages)
        tree.K = pikepdf.Array([top])
        document.Root.StructTreeRoot = tree
        rebuild_parent_tree(document)
        mark_as_tagged(document, title, language)
        output = io.BytesIO()
        document.save(output, deterministic_id=True)
        return output.getvalue()


def _struct_element(document: pikepdf.Pdf, element: Element, parent, pages) -> pikepdf.Object:
    node = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + element.role), P=parent))
    if element.marks:  # the page it starts on, for tools that look there
        node.Pg = pages[element.marks[0][0] - 1].obj
    if element.alt:
        node.Alt = pikepdf.String(element.alt)
    if element.scope:
        node.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name("/" + element.scope))
    content = [pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[page - 1].obj, MCID=mcid)
               for page, mcid in element.marks]
    links = [_link_element(document, node, pages[page - 1], index, element)
             for page, index in element.links]
    if element.whole_link and len(links) == 1:
        links[0].K = pikepdf.Array([*content, *links[0].K])  # the link's own text
        content = []
    kids = pikepdf.Array([*content, *links])
    for child in element.children:
        if _has_content(child):
            kids.append(_struct_element(document, child, node, pages))
    node.K = kids[0] if len(kids) == 1 else kids  # a single kid stands alone, as is usual
    return node


def _link_element(document: pikepdf.Pdf, parent, page: pikepdf.Page, index: int,
                  element: Element) -> pikepdf.Object:
    """A Link element holding a link annotation, which is named and printed.

    A link within a longer text gets its description as /Alt too.
    """
    annotation = page.obj.Annots[index]
    annotation.Contents = pikepdf.String(element.link_text)
    annotation.F = 4  # printed, like the page
    link = document.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructElem, S=pikepdf.Name.Link, P=parent,
        K=pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Pg=page.obj,
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
            if kid.get("/Type") == "/MCR":
                by_page.setdefault(pages[kid.Pg.objgen], {})[int(kid.MCID)] = node
            elif kid.get("/Type") == "/OBJR":
                annotations.append((kid.Obj, node))
            elif kid.get("/Type") == "/StructElem":
                stack.append(kid)
    numbers = pikepdf.Array()
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
    tree.ParentTree = document.make_indirect(pikepdf.Dictionary(Nums=numbers))
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
