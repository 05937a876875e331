"""Tagged PDF: the structure tree, marked content and artifacts, read back from the PDFs."""

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from reportlab.platypus import Paragraph

from report.build import Job, build_job
from report.layout import styles
from report.layout.page import DocumentInfo, lay_out, tag
from report.layout.styles import link
from report.layout.tagging import Element, Tag
from tests.conftest import EXAMPLE
from tests.readback import structure_text
from tests.test_long_content import long_state

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
    return tag(lay_out(story, info).pdf, info, root)


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


def assert_well_tagged(pdf: pikepdf.Pdf, language: str = "en-US") -> None:
    """The structural rules of issue 5, on any PDF this tool writes."""
    root = pdf.Root
    assert root.MarkInfo.Marked is True and root.ViewerPreferences.DisplayDocTitle is True
    assert str(root.Lang) == language
    with pdf.open_metadata() as xmp:
        assert xmp.get("dc:title") and xmp.get("pdfuaid:part") == "1"
        assert xmp.get("dc:language") == {language}
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


# The real documents: the Wisconsin handout, a long multi-page one, the booklet.

VALIDATORS = Path(sys.executable).parent


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> Path:
    region = Path(shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("long") / "region-v"))
    (region / "wisconsin.yaml").write_text(long_state(), encoding="utf-8")
    out = region.parent / "long.pdf"
    assert build_job(Job(region, region / "wisconsin.yaml", out)).ok
    return out


@pytest.fixture(params=["wisconsin", "long", "booklet"])
def document(request, wisconsin_pdf, long_pdf, region_out) -> Path:
    return {"wisconsin": wisconsin_pdf, "long": long_pdf,
            "booklet": region_out / "region-v-profiles.pdf"}[request.param]


def test_every_document_is_well_tagged(document):
    with pikepdf.open(document) as pdf:
        assert_well_tagged(pdf)


def test_pdfua_checker_finds_no_errors(document):
    result = subprocess.run([VALIDATORS / "pdfua", "check", document],
                            capture_output=True, text=True)
    assert result.returncode in (0, 1, 2), result.stdout  # 3 would be an error


def test_outloud_finds_no_errors(document):
    result = subprocess.run([VALIDATORS / "outloud", "--fail-on", "error", document],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_reading_order_is_the_visual_order(wisconsin_pdf):
    said = [alt if kind == "Figure" else text for kind, text, alt in structure_text(wisconsin_pdf)]
    spoken = "".join("".join(said).split())  # lines joined without spaces: compare without
    expected = ["Wisconsin: Efforts to Combat Human Trafficking", "This state profile",
                "Heat map of Wisconsin", "227", "Cases Reported", "579",
                "The image to the left", "Demographics of Potential Persons Trafficked",
                "Citizenship:", "Gender:", "Age:", "non-cumulative", "TOP 4",
                "SEX TRAFFICKING VENUES", "Hotel-/Motel-Based", "LABOR TRAFFICKING VENUES",
                "Begging Rings", "Types of Calls", "Crisis 21", "The data contained",
                "Wisconsin Human Trafficking Laws", "Accompaniment by a Victim Advocate",
                "Wisconsin Statewide Efforts", "Twenty-one", "COLLABORATIONS",
                "Human Trafficking Hotlines", "888-373-7888"]
    positions = [spoken.find("".join(phrase.split())) for phrase in expected]
    assert -1 not in positions, [p for p, at in zip(expected, positions) if at < 0]
    assert positions == sorted(positions)


def test_figures_are_described_from_the_data(wisconsin_pdf):
    figures = [alt for kind, _, alt in structure_text(wisconsin_pdf) if kind == "Figure"]
    assert len(figures) == 5  # the map, three demographic charts, the call types
    assert "Most cases were reported in Milwaukee" in figures[0]
    assert "There is red shading in southeast Wisconsin." in figures[0]
    assert figures[2] == "Gender: Female 200, Male 27, Gender Minorities 3."
    assert figures[4].startswith("Types of Calls to the National Human Trafficking Hotline "
                                 "in 2016: Crisis 21, Tip 38")


def test_headings_and_lists(wisconsin_pdf):
    kinds = [kind for kind, _, _ in structure_text(wisconsin_pdf)]
    assert kinds.count("H1") == 1 and kinds.count("Lbl") == kinds.count("LBody") > 10


def test_the_booklet_table_has_headers_with_scope(region_out):
    with pikepdf.open(region_out / "region-v-profiles.pdf") as pdf:
        cells = [node for node in elements(pdf) if node.S == "/TH"]
        scopes = {str(node.A.Scope) for node in cells}
    assert scopes == {"/Column", "/Row"} and len(cells) == 5 + 6
