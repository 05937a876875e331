"""Booklets of regions of every shape, read back as a reader, a printer and a screen reader
get them.

Regions 1 (small states on the coast), 3 (the District and Delaware among
larger states), 9 (Hawaii and three Pacific territories), 10 (Alaska) and one
of every state, DC and territory (56 members), built from small state files:
handouts of one page and of two, so blank pages are needed.
"""

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pdfplumber
import pikepdf
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from report.cli import main
from report.geo import find_state
from report.layout.front_matter import BLANK_NOTE, FOLIO_BASELINE, first_pages
from report.layout.page import STAMP_TEXT as STAMP
from report.model import MAX_LINE, MAX_REGION
from tests.conftest import ROOT
from tests.readback import structure_text
from tests.regions import EVERY_MEMBER, HHS_REGIONS, write_region
from tests.test_tagging import assert_well_tagged

VALIDATORS = Path(sys.executable).parent
SHAPES = {"region-1": HHS_REGIONS[1], "region-3": HHS_REGIONS[3], "region-9": HHS_REGIONS[9],
          "region-10": HHS_REGIONS[10], "every-member": EVERY_MEMBER}
FOLIO_LINE = 792 - FOLIO_BASELINE  # the folio's baseline, from the page's top
EDGE = 18  # points: no text closer to the paper's edge (a printer's unprintable margin)


@pytest.fixture(scope="module")
def booklets(tmp_path_factory) -> dict[str, Path]:
    """Every region shape's booklet, built at once."""
    root = tmp_path_factory.mktemp("shapes")
    folders = [write_region(root / name, members, region=name.replace("-", " ").title())
               for name, members in SHAPES.items()]
    out = root / "out"
    assert main(["build", *map(str, folders), "--out", str(out), "--jobs", "2", "-q"]) == 0
    return {name: out / name / f"{name}-profiles.pdf" for name in SHAPES}


@pytest.fixture(scope="module")
def read(booklets):
    """Booklet name -> its pages as pdfplumber reads them (opened once)."""
    opened = {name: pdfplumber.open(path) for name, path in booklets.items()}
    yield opened
    for pdf in opened.values():
        pdf.close()


def level(page):
    """The page without the rotated watermark, which crosses everything by design."""
    return page.filter(lambda item: item.get("object_type") != "char"
                       or abs(item["matrix"][1]) < 1e-6)


def page_text(page) -> str:
    return " ".join(level(page).extract_text().split())


def is_folio(word) -> bool:
    """Whether a word stands on the folio's line, just above the footer's rule."""
    return abs(word["bottom"] - FOLIO_LINE) < 3


def folio(page) -> str:
    """The booklet page number printed above the footer."""
    return " ".join(w["text"] for w in level(page).extract_words() if is_folio(w))


def text_without_folio(page) -> str:
    return " ".join(w["text"] for w in level(page).extract_words() if not is_folio(w))


def state_starts(path: Path) -> dict[str, int]:
    """Each state's first page (0-based), from its bookmark."""
    reader = PdfReader(path)
    front = {"Cover", "Contents"}
    return {item.title: reader.get_destination_page_number(item) for item in reader.outline
            if not isinstance(item, list) and item.title not in front
            and not item.title.endswith("at a Glance")}


@pytest.mark.parametrize("name", SHAPES)
def test_every_page_prints_its_booklet_number(read, name):
    pages = read[name].pages
    assert [folio(page) for page in pages] == [str(n) for n in range(1, len(pages) + 1)]


@pytest.mark.parametrize("name", SHAPES)
def test_every_state_starts_on_a_right_hand_page(read, booklets, name):
    starts = state_starts(booklets[name])
    assert len(starts) == len(SHAPES[name])
    for state, index in starts.items():
        assert index % 2 == 0, f"{state} starts on page {index + 1}"
        assert f"{state}: Efforts to Combat Human Trafficking" in page_text(
            read[name].pages[index])


@pytest.mark.parametrize("name", SHAPES)
def test_blank_pages_are_left_pages_before_a_state_and_say_so_as_artifacts(read, booklets, name):
    starts = set(state_starts(booklets[name]).values())
    pages = read[name].pages
    blanks = [index for index, page in enumerate(pages) if text_without_folio(page) == BLANK_NOTE]
    assert blanks, "these regions have one-page handouts: some need a blank page after them"
    for index in blanks:
        assert index % 2 == 1 and index + 1 in starts and index not in starts
        assert all(char.get("mcid") is None for char in pages[index].chars)  # not read aloud
    without = [i for i in range(len(pages)) if i not in blanks]
    assert all(index + 1 not in starts or index % 2 == 1 for index in without), \
        "a state page is followed by a state starting on an even page"


@pytest.mark.parametrize("name", SHAPES)
def test_contents_numbers_are_the_numbers_printed_on_the_pages_they_open(read, booklets, name):
    pdf = pikepdf.open(booklets[name])
    index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    rows = 0
    for number, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", []):
            if "/Dest" not in annotation:
                continue
            rows += 1
            x0, y0, x1, y1 = map(float, annotation.Rect)
            height = float(page.mediabox[3])
            row = level(read[name].pages[number]).crop(
                (x0, height - y1, x1 + 1, height - y0), strict=False)
            printed = max(row.extract_words(), key=lambda word: word["x1"])["text"]
            target = index[annotation.Dest[0].objgen]
            assert folio(read[name].pages[target]) == printed, str(annotation.Contents)
            assert str(annotation.Contents).endswith(f"page {printed}")
    assert rows == len(SHAPES[name]) + 1  # the overview, then every state
    assert set(state_starts(booklets[name]).values()) <= {
        index[a.Dest[0].objgen] for p in pdf.pages for a in p.get("/Annots", []) if "/Dest" in a}


def ink_box(char) -> tuple[float, float, float, float]:
    """Where a character's ink can be, from its baseline up to the height of a capital
    (the font's full box also holds room for accents and descenders, which may touch
    the line below without any ink meeting)."""
    baseline = char["page_height"] - char["matrix"][5] if "page_height" in char \
        else char["bottom"] - 0.2 * char["size"]
    return char["x0"], baseline - 0.7 * char["size"], char["x1"], baseline


def overlaps(page) -> list[str]:
    """Pairs of characters on a page whose ink boxes overlap (the rotated watermark aside)."""
    chars = [c for c in level(page).chars if c["text"].strip()]
    if not chars:
        return []
    boxes = shapely.box(*np.array([ink_box(c) for c in chars]).T)
    first, second = shapely.STRtree(boxes).query(boxes, predicate="intersects")
    pairs = first < second
    first, second = first[pairs], second[pairs]
    shared = shapely.area(shapely.intersection(boxes[first], boxes[second]))
    smaller = np.minimum(shapely.area(boxes[first]), shapely.area(boxes[second]))
    return [f"{chars[a]['text']!r} at {chars[a]['x0']:.0f},{chars[a]['top']:.0f} and "
            f"{chars[b]['text']!r}" for a, b in zip(first[shared > 0.2 * smaller],
                                                      second[shared > 0.2 * smaller])]


def off_paper(page) -> list[str]:
    """Characters closer to the paper's edge than a printer can print."""
    return [c["text"] for c in page.chars
            if c["x0"] < EDGE or c["top"] < EDGE or c["x1"] > page.width - EDGE
            or c["bottom"] > page.height - EDGE]


@pytest.mark.parametrize("name", SHAPES)
def test_no_text_overlaps_other_text_or_leaves_the_page(read, name):
    for number, page in enumerate(read[name].pages, start=1):
        assert not overlaps(page), f"page {number}: {overlaps(page)[:5]}"
        assert not off_paper(page), f"page {number}: {off_paper(page)[:5]}"


@pytest.mark.parametrize("name", SHAPES)
def test_booklet_is_well_tagged_and_opens_with_its_bookmarks(booklets, name):
    with pikepdf.open(booklets[name]) as pdf:
        assert_well_tagged(pdf)
        assert pdf.Root.PageMode == "/UseOutlines"


def outloud_findings(booklets: dict[str, Path]) -> dict[str, list[dict]]:
    """Booklet name -> what outloud reports on it beyond information (one run for all)."""
    heard = subprocess.run([VALIDATORS / "outloud", "--json", "-", *booklets.values()],
                           capture_output=True, text=True)
    by_path = {Path(result["path"]).name: [f for f in result["findings"]
                                           if f["severity"] != "info"]
               for result in json.loads(heard.stdout)["results"]}
    return {name: by_path[path.name] for name, path in booklets.items()}


def pdfua_passes_all(booklets: dict[str, Path]) -> None:
    checked = subprocess.run([VALIDATORS / "pdfua", "check", *booklets.values()],
                             capture_output=True, text=True)
    assert checked.stdout.count("errors=0 warnings=0 ") == len(booklets), checked.stdout


@pytest.fixture(scope="module")
def findings(booklets) -> dict[str, list[dict]]:
    return outloud_findings(booklets)


def test_pdfua_reports_no_errors_and_no_warnings(booklets):
    pdfua_passes_all(booklets)


@pytest.mark.parametrize("name", SHAPES)
def test_outloud_reports_no_errors_and_no_warnings(findings, name):
    assert not findings[name], findings[name]


# Booklets whose states share the most words, where a heading, a chart's row or a note
# that every state has could come back in the pages' top or bottom bands (which readers
# take for running heads and footers): starter regions, whose states all carry the same
# illustrative data (region 9 with the longest name, the Northern Mariana Islands'),
# Region V in Spanish, and the example of every field.
STARTER_REGIONS = (5, 9)
EXAMPLES = ("region-v-es", "every-field")
SHARED_WORDS = [*(f"hhs-{number}" for number in STARTER_REGIONS), *EXAMPLES]


@pytest.fixture(scope="module")
def shared_words(tmp_path_factory) -> dict[str, Path]:
    """Those booklets, built at once."""
    root = tmp_path_factory.mktemp("shared")
    folders = [ROOT / "data" / name for name in EXAMPLES]
    for number in STARTER_REGIONS:
        folders.append(root / f"hhs-{number}")
        assert main(["new", str(folders[-1]), "--hhs-region", str(number)]) == 0
    out = root / "out"
    assert main(["build", *map(str, folders), "--out", str(out), "--jobs", "2", "-q"]) == 0
    return {name: out / name / f"{name}-profiles.pdf" for name in SHARED_WORDS}


@pytest.fixture(scope="module")
def shared_words_findings(shared_words) -> dict[str, list[dict]]:
    return outloud_findings(shared_words)


def test_pdfua_reports_no_errors_and_no_warnings_where_states_share_words(shared_words):
    pdfua_passes_all(shared_words)


@pytest.mark.parametrize("name", SHARED_WORDS)
def test_outloud_reports_no_errors_and_no_warnings_where_states_share_words(
        shared_words_findings, name):
    assert not shared_words_findings[name], shared_words_findings[name]


def test_a_footer_names_the_state_without_the_legal_form_of_its_name(read, booklets):
    """"Commonwealth of the" makes a running footer read as a sentence (to outloud too)."""
    first = state_starts(booklets["region-9"])["Commonwealth of the Northern Mariana Islands"]
    assert "Region 9 · Northern Mariana Islands page 1 of" in page_text(
        read["region-9"].pages[first])


def lines_of(chars: list[dict]) -> str:
    """Characters as lines of words: those of a baseline, left to right, a space where
    they stand apart (the map's labels come letter by letter)."""
    lines = {}
    for char in chars:
        lines.setdefault(round(char["top"]), []).append(char)
    text = []
    for _, line in sorted(lines.items()):
        line.sort(key=lambda char: char["x0"])
        text.append("".join((" " if i and char["x0"] - line[i - 1]["x1"] > 0.3 * char["size"]
                             else "") + char["text"] for i, char in enumerate(line)))
    return "\n".join(text)


INSETS = {"AK": "Alaska", "HI": "Hawaii", "AS": "American Samoa", "GU": "Guam",
          "MP": "Commonwealth of the Northern Mariana Islands", "PR": "Puerto Rico",
          "VI": "United States Virgin Islands"}


def test_a_region_of_every_member_labels_each_on_the_map_and_in_the_table(read, booklets):
    """56 members: postal codes on the main map, names in the insets, every row in a
    table whose header is repeated, as furniture, on the pages it runs onto."""
    pages = read["every-member"].pages
    overview = level(pages[1])
    table_top = overview.search("Potential persons")[0]["top"]
    on_map = lines_of([c for c in overview.chars if c["top"] < table_top])
    for code in set(EVERY_MEMBER) - set(INSETS):
        assert re.search(rf"\b{code}\*", on_map), code
    for name in INSETS.values():  # wrapped in its box, beside the other boxes' lines
        *first, last = name.split()
        assert all(re.search(rf"\b{word}\b", on_map) for word in first) and f"{last}*" in on_map
    first_state = min(state_starts(booklets["every-member"]).values())
    front = [level(page) for page in pages[1:first_state]]
    heads = [found for page in front for found in page.search("Potential persons")]
    assert len(heads) >= 2, "56 rows run onto a second page, under the same header"
    assert all(char.get("mcid") is not None for char in heads[0]["chars"])
    assert all(char.get("mcid") is None for head in heads[1:] for char in head["chars"])
    rows = " ".join(page_text(page) for page in front)
    for code in EVERY_MEMBER:
        assert f"{find_state(code).name}*" in rows, code


def longest(words: str, most: int) -> str:
    """Text of `most` characters, made of `words` repeated (or one long word), with
    no space at either end."""
    return (words * most)[:most].strip().ljust(most, "s")


def test_front_matter_of_any_allowed_length_wraps_without_overprinting(tmp_path):
    """The longest region name in words, and a title that is one long word."""
    name = longest("Region of Many Offices ", MAX_REGION)
    title = "{state}: " + longest("EffortstoCombatHumanTrafficking", MAX_LINE - 9)
    folder = write_region(tmp_path / "long", ["DE", "MD", "PR"], region=name, title=title,
                          agency=longest("Department of Health and Human Services ", MAX_LINE))
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "-q"]) == 0
    path = tmp_path / "out" / "long" / "long-profiles.pdf"
    first_state = min(state_starts(path).values())
    with pdfplumber.open(path) as pdf:
        front = pdf.pages[:first_state]
        for number, page in enumerate(front, start=1):
            assert not overlaps(page), f"page {number}: {overlaps(page)[:5]}"
            assert not off_paper(page), f"page {number}: {off_paper(page)[:5]}"
        squashed = "".join(page_text(page) for page in front).replace(" ", "")
        expanded = title.replace("{state}", name)
        assert expanded.replace(" ", "") in squashed  # the whole title, on the cover
        assert (name + "ataGlance").replace(" ", "") in squashed  # the overview, the contents
        numbers = [max(level(page).crop((a["x0"], a["top"], a["x1"] + 1, a["bottom"]),
                                        strict=False).extract_words(), key=lambda w: w["x1"])
                   for page in front for a in page.annots if a.get("data", {}).get("Dest")]
        assert len(numbers) == 4 and len({round(word["x1"]) for word in numbers}) == 1


@settings(max_examples=50)
@given(front=st.integers(1, 6), handouts=st.lists(st.integers(1, 5), min_size=1, max_size=20))
def test_each_handout_starts_on_the_first_right_hand_page_after_the_one_before(front, handouts):
    starts = first_pages(front, handouts)
    ends = [front, *(start + pages - 1 for start, pages in zip(starts, handouts))]
    for start, previous_end in zip(starts, ends):
        assert start % 2 == 1 and start - previous_end in (1, 2)  # at most one blank page


def test_region_v_booklet_has_no_outloud_warning(region_out):
    path = region_out / "region-v-profiles.pdf"
    heard = subprocess.run([VALIDATORS / "outloud", "--fail-on", "warning", path],
                           capture_output=True, text=True)
    assert heard.returncode == 0, heard.stdout


def test_region_v_booklet_reads_the_stamp_once_and_stars_its_illustrative_states(region_out):
    path = region_out / "region-v-profiles.pdf"
    heard = subprocess.run([VALIDATORS / "outloud", "--fail-on", "error", path],
                           capture_output=True, text=True)
    assert heard.returncode == 0, heard.stdout
    said = [text for _, text, _ in structure_text(path)]
    assert sum(STAMP in text for text in said) == 1  # on the cover
    assert 1 <= sum("Safe Harbor" in text for text in said) <= 6  # at most once a state
    with pikepdf.open(path) as pdf:
        rows = [str(a.Contents) for page in pdf.pages for a in page.get("/Annots", [])
                if "/Dest" in a]
    assert "Ohio, illustrative data, page 11" in rows and "Wisconsin, page 13" in rows
    with pdfplumber.open(path) as pdf:  # the contents share the overview's page and its note
        shared = page_text(pdf.pages[1])
    assert "Contents" in shared and shared.count("* Illustrative data, not hotline") == 1


def test_a_region_of_one_outlying_member_is_an_inset_and_checks_clean(tmp_path):
    members = ["AK"]
    folder = write_region(tmp_path / "islands", members)
    assert main(["build", str(folder), "--out", str(tmp_path / "out"), "-q"]) == 0
    path = tmp_path / "out" / "islands" / "islands-profiles.pdf"
    heard = subprocess.run([VALIDATORS / "outloud", "--fail-on", "warning", path],
                           capture_output=True, text=True)
    assert heard.returncode == 0, heard.stdout
    with pdfplumber.open(path) as pdf:
        overview = pdf.pages[1]
        assert not overlaps(overview) and not off_paper(overview)
        names = " ".join(find_state(code).name for code in members)
        assert all(word in page_text(overview) for word in names.split())


pikepdf_open, pikepdf_save = pikepdf.open, pikepdf.Pdf.save


def file_name(target) -> str:
    """The name of the file a stream writes to, or the stream's type."""
    try:
        return os.readlink(f"/proc/self/fd/{target.fileno()}")
    except (AttributeError, OSError, ValueError):
        return type(target).__name__


def no_memory_files(monkeypatch):
    monkeypatch.delattr(os, "memfd_create")


def memory_files_refused(monkeypatch):
    def refused(*_):
        raise OSError(errno.EMFILE, "Too many open files")
    monkeypatch.setattr(os, "memfd_create", refused)


def no_proc(monkeypatch):
    def without_proc(source, *args, **kwargs):
        if str(source).startswith("/proc/"):
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(source))
        return pikepdf_open(source, *args, **kwargs)
    monkeypatch.setattr(pikepdf, "open", without_proc)


@pytest.mark.parametrize("without", [no_memory_files, memory_files_refused, no_proc])
def test_without_files_in_memory_the_same_files_are_made(tmp_path, monkeypatch, without):
    """pikepdf reads the handouts (and tags each one) from files in memory, and saves
    into them; where the system has none, refuses one, or has no /proc to name them by,
    it reads and writes bytes in memory: the build still succeeds, to the same bytes."""
    region = ROOT / "data" / "region-v"
    opened_from, saved_into = [], []
    monkeypatch.setattr(pikepdf, "open", lambda source, *args, **kwargs: (
        opened_from.append(source) or pikepdf_open(source, *args, **kwargs)))
    monkeypatch.setattr(pikepdf.Pdf, "save", lambda pdf, target, *args, **kwargs: (
        saved_into.append(file_name(target)) or pikepdf_save(pdf, target, *args, **kwargs)))
    assert main(["build", str(region), "--out", str(tmp_path / "usual"), "--jobs", "1", "-q"]) == 0
    assert len(opened_from) > 7 and len(saved_into) >= 7
    assert all(name.startswith("/memfd:") for name in saved_into), saved_into
    assert all(str(source).startswith("/proc/self/fd/") for source in opened_from), opened_from
    monkeypatch.undo()
    without(monkeypatch)
    assert main(["build", str(region), "--out", str(tmp_path / "none"), "--jobs", "1", "-q"]) == 0
    usual = sorted((tmp_path / "usual" / "region-v").glob("*.pdf"))
    assert len(usual) == 7
    for made in usual:
        assert (tmp_path / "none" / "region-v" / made.name).read_bytes() == made.read_bytes()
