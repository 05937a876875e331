"""Tagged PDF: the structure tree, marked content and artifacts, read back from the PDFs."""

import io

import pdfplumber
import pikepdf
import pytest
from reportlab.platypus import Paragraph

from report.layout import styles
from report.layout.page import DocumentInfo, render
from report.layout.styles import link
from report.layout.tagging import Element, Tag

PAINTING = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "Tj", "TJ", "'", '"',
            "INLINE IMAGE"}
HEADINGS = ("/H1", "/H2", "/H3", "/H4")


def small_document(illustrative: bool = False) -> bytes:
    """A heading, a paragraph with a link, and a long paragraph that runs onto page 2."""
    root = Element("Document")
    story = [Tag(root.add("H1"), Paragraph("Title", styles.TITLE)),
             Tag(root.add("P", link_text="the hotline"),
                 Paragraph("See " + link("the hotline", "https://example.org") + ".",
                           styles.BODY)),
             Tag(root.add("P"), Paragraph("word " * 4000, styles.BODY))]
    info = DocumentInfo(title="Title", author="A", subject="S", keywords=["k"], footer="F",
                        illustrative=illustrative)
    return render(story, info, root)


@pytest.fixture(scope="module")
def small() -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(small_document()))


def kids(node) -> list:
    """An element's /K as a list (a single kid may stand alone)."""
    found = node.get("/K", [])
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def elements(pdf: pikepdf.Pdf):
    """Every structure element, depth first, in reading order."""
    def walk(node):
        yield node
        for kid in kids(node):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                yield from walk(kid)
    for top in kids(pdf.Root.StructTreeRoot):
        yield from walk(top)


def mcids_in_content(page: pikepdf.Page) -> list[int]:
    return [int(operands[1].MCID) for operands, op in pikepdf.parse_content_stream(page)
            if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary)
            and "/MCID" in operands[1]]


def assert_well_tagged(pdf: pikepdf.Pdf) -> None:
    """The structural rules of issue 5, on any PDF this tool writes."""
    root = pdf.Root
    assert root.MarkInfo.Marked is True and root.ViewerPreferences.DisplayDocTitle is True
    assert str(root.Lang) == "en-US"
    with pdf.open_metadata() as xmp:
        assert xmp.get("dc:title") and xmp.get("pdfuaid:part") == "1"
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    owners: dict[tuple[int, int], int] = {}
    for node in elements(pdf):
        for kid in kids(node):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                key = (pages[kid.Pg.objgen], int(kid.MCID))
                assert key not in owners, f"MCID {key} belongs to two elements"
                owners[key] = 1
        if node.S == "/Figure":
            assert str(node.get("/Alt", "")).strip(), "a Figure without alt text"
    for index, page in enumerate(pdf.pages):
        assert page.Tabs == "/S"
        in_content = mcids_in_content(page)
        assert sorted(in_content) == sorted(m for p, m in owners if p == index), \
            f"page {index + 1}: marked content and structure tree disagree"
        assert_painting_is_marked(page)
        for annotation in page.get("/Annots", []):
            assert "/StructParent" in annotation and str(annotation.get("/Contents", ""))
    levels = [int(str(node.S)[2]) for node in elements(pdf) if node.S in HEADINGS]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"headings skip: {levels}"


def assert_painting_is_marked(page: pikepdf.Page) -> None:
    depth = 0
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        elif name in PAINTING:
            assert depth > 0, f"{name} painted outside marked content and artifacts"
    assert depth == 0


def test_small_document_is_well_tagged(small):
    assert_well_tagged(small)


def test_paragraph_split_across_pages_stays_one_element(small):
    long = [node for node in elements(small) if node.S == "/P"][-1]
    assert {str(kid.Pg.objgen) for kid in kids(long)} == {str(p.objgen) for p in small.pages}


def test_link_has_its_annotation_and_a_description(small):
    paragraph = [node for node in elements(small) if node.S == "/P"][0]
    [link] = [kid for kid in kids(paragraph) if kid.get("/S") == "/Link"]
    [reference] = [kid for kid in kids(link) if kid.get("/Type") == "/OBJR"]
    assert str(reference.Obj.A.URI) == "https://example.org"
    assert str(reference.Obj.Contents) == "the hotline"


def test_footer_is_an_artifact(small):
    stream = small.pages[0].Contents.read_bytes()
    assert b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC" in stream


def test_illustrative_banner_is_read_first():
    pdf = pdfplumber.open(io.BytesIO(small_document(illustrative=True)))
    [document] = pdf.structure_tree
    first = document["children"][0]
    assert first["type"] == "P"
    text = "".join(c["text"] for c in pdf.pages[0].chars if c.get("mcid") in first["mcids"])
    assert text == "ILLUSTRATIVE DATA - NOT HOTLINE STATISTICS"


def test_same_document_same_bytes():
    assert small_document() == small_document()
