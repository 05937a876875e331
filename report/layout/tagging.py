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
3. After the build, `report.pdf.structure.write_structure` adds the structure
   tree, parent tree, catalog entries and XMP metadata with pikepdf.

Tested with ReportLab 5.1 (pinned in pyproject.toml): it relies on
`Canvas._annotationrefs`, `Table(renderCB=...)` and how platypus splits and
keeps flowables together.
"""

from dataclasses import dataclass, field

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
        if getattr(canvas, "measuring", False):  # a trial layout: nothing is drawn
            return
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
