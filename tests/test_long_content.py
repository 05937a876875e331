"""Any length fits: long lists, long names and many categories flow onto
further pages with nothing clipped or overlapping and the footer on every page."""

import shutil

import pdfplumber
import pytest

from report.build import Job, build_job
from report.model import MAX_LABEL, MAX_LINE, MAX_REGION
from tests.conftest import EXAMPLE

MARGIN = 36  # half an inch, in points: nothing may come closer to the paper's edge
WORDS = "against trafficking in persons and the exploitation of Łódź workers "


def name(stem: str, i: int, length: int = 200) -> str:
    """A name of exactly length characters, numbered, quoted for YAML."""
    return "'" + f"{stem} {i} {WORDS * 40}"[:length].strip() + "'"


def long_state() -> str:
    counts = "".join(f"    {name('Category', i, MAX_LABEL)}: {i * 37 + 1}\n" for i in range(12))
    lines = [
        "state: Wisconsin", "period: {start: 2012-12, end: 2016-12}",
        "statistics_url: https://example.org/" + "a" * 200,
        "totals: {cases: 10000000, potential_victims: 10000000}",
        "demographics:", "  citizenship:", counts, "  gender:", counts, "  age:", counts,
        "heat_map:", "  year: 2016", "  locations: locations/wisconsin.csv",
        f"  summary: {name('Summary', 0, 2000)}",
        "venues:",
        "  sex_trafficking: [" + ", ".join(name("Venue", i, 300) for i in range(4)) + "]",
        "  labor_trafficking: [" + ", ".join(name("W" * 60, i, 300) for i in range(4)) + "]",
        "call_types:", "  year: 2016", "  counts:",
        "".join(f"    {name('Call type', i, MAX_LABEL)}: {i * 1000 + 2}\n" for i in range(12)),
        "laws:", *(f"  - {{title: {name('Law', i)}, citation: '§ {i}.{i}', "
                   f"url: 'https://example.org/law/{i}'}}" for i in range(40)),
        "efforts:", "  referral_directory: {agencies: 9999999}",
        *(f"  {part}:\n" + "".join(f"    - name: {name(part, i)}\n" for i in range(30))
          for part in ("collaborations", "resources", "funding")),
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Every page of the long handout: its words, and the page's size."""
    region = shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("long") / "region-v")
    (region / "wisconsin.yaml").write_text(long_state(), encoding="utf-8")
    out = region.parent / "out" / "wisconsin.pdf"
    outcome = build_job(Job(region, region / "wisconsin.yaml", out))
    assert outcome.ok, outcome.problems
    with pdfplumber.open(out) as pdf:
        return [(page.extract_words(), page.width, page.height) for page in pdf.pages]


def test_long_content_flows_onto_further_pages(pages):
    assert len(pages) > 6


def test_every_page_has_its_footer(pages):
    for number, (words, _, _) in enumerate(pages, start=1):
        text = " ".join(word["text"] for word in words)
        assert text.endswith(f"Region V · Wisconsin page {number} of {len(pages)}"), number


def test_every_law_and_effort_is_printed(pages):
    text = " ".join(word["text"] for words, _, _ in pages for word in words)
    for stem, count in (("Law", 40), ("collaborations", 30), ("resources", 30),
                        ("funding", 30), ("Category", 12), ("Call type", 12)):
        for i in range(count):
            assert f"{stem} {i} against" in text, f"{stem} {i}"
    assert "Łódź" in text


def test_nothing_runs_off_the_page(pages):
    for number, (words, width, height) in enumerate(pages, start=1):
        for word in words:
            assert MARGIN <= word["x0"] and word["x1"] <= width - MARGIN, (number, word["text"])
            assert MARGIN <= word["top"] and word["bottom"] <= height - MARGIN, \
                (number, word["text"])


def test_no_two_words_overlap(pages, wisconsin_pdf):
    with pdfplumber.open(wisconsin_pdf) as pdf:
        wisconsin = [page.extract_words() for page in pdf.pages]
    for number, words in enumerate([words for words, _, _ in pages] + wisconsin, start=1):
        assert overlaps(words) == [], f"page {number}"


def overlaps(words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap. A box spans the font's full height,
    so a large figure's reaches into the line below: only an overlap of much
    of a line's height counts."""
    found = []
    boxes = sorted((w["top"], w["bottom"], w["x0"], w["x1"], w["text"]) for w in words)
    for i, (top, bottom, x0, x1, text) in enumerate(boxes):
        for other_top, other_bottom, other_x0, other_x1, other in boxes[i + 1:]:
            if other_top >= bottom:
                break  # sorted by top: no later word reaches up into this one
            height = min(bottom - top, other_bottom - other_top)
            if min(x1, other_x1) - max(x0, other_x0) > 1 \
                    and min(bottom, other_bottom) - other_top > 0.4 * height:
                found.append((text, other))
    return found


def test_overlaps_finds_words_printed_over_each_other():
    word = {"top": 100, "bottom": 110, "x0": 50, "x1": 80, "text": "a"}
    assert overlaps([word, {**word, "top": 103, "bottom": 113, "text": "b"}]) == [("a", "b")]
    assert overlaps([word, {**word, "top": 108, "bottom": 118, "text": "c"}]) == []
    assert overlaps([word, {**word, "x0": 81, "x1": 90, "text": "d"}]) == []


def test_a_long_agency_and_region_fit_in_the_footer(region, build_handout):
    text = (region / "region.yaml").read_text().replace(
        "agency: U.S. Department of Health and Human Services",
        "agency: " + ("U.S. Department of Health and Human Services, " * 6)[:MAX_LINE]).replace(
        "region: Region V", "region: " + "W" * MAX_REGION)
    (region / "region.yaml").write_text(text)
    with pdfplumber.open(build_handout((EXAMPLE / "wisconsin.yaml").read_text())) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            assert overlaps(words) == []
            assert all(MARGIN <= w["x0"] and w["x1"] <= page.width - MARGIN for w in words)
