"""The Wisconsin handout read back from the PDF: text, pages, fonts, links, metadata."""

import re

import pikepdf
import pytest
from pypdf import PdfReader

from report.build import Job, build_job
from tests.conftest import EXAMPLE

LETTER = (612, 792)


@pytest.fixture(scope="module")
def reader(wisconsin_pdf):
    return PdfReader(wisconsin_pdf)


@pytest.fixture(scope="module")
def words(reader) -> str:
    """All the handout's text, whitespace folded."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_two_us_letter_pages(reader):
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert tuple(round(v) for v in page.mediabox[2:]) == LETTER


@pytest.mark.parametrize("expected", [
    "Wisconsin: Efforts to Combat Human Trafficking",
    "U.S. Department of Health and Human Services Region V",
    "This state profile summarizes regionally specific data to help promote collaboration",
    "Information was reported to the National Human Trafficking Hotline from December 2012 "
    "to December 2016.",
    "There is red shading in southeast Wisconsin.",
    "227", "Cases Reported", "579", "Potential Persons Trafficked",
    "Citizenship", "U.S. Citizen/Legal Permanent Resident", "100", "Foreign National", "33",
    "Gender", "Female", "200", "Male", "27", "Gender Minorities",
    "Age", "Adult", "157", "Minor", "78",
    "These statistics are non-cumulative.",
    "For more statistics on human trafficking in Wisconsin, visit "
    "https://humantraffickinghotline.org/state/wisconsin",
    "TOP 4", "SEX TRAFFICKING VENUES", "LABOR TRAFFICKING VENUES",
    "Hotel-/Motel-Based", "Online Ad. Venue Unknown", "Other Venues", "Residential Brothels",
    "Health and Beauty Services", "Agriculture", "Restaurants/Food Service", "Begging Rings",
    "Types of Calls to the National Human Trafficking Hotline in 2016",
    "Crisis", "Tip", "Training & Technical Assistance", "Referral", "General Information",
    "High Risk",
    "The data do not represent actual numbers of cases identified or processed",
    "Wisconsin Human Trafficking Laws",
    "Accompaniment by a Victim Advocate", "§ 950.045", "Human Trafficking Defined", "§ 940.302",
    "Intercept Communications", "§ 968.28", "Racketeering", "§ 946.82",
    "Trafficking of a Child", "§ 948.051",
    "Wisconsin Statewide Efforts",
    "Twenty-one victim service agencies are listed in the National Human Trafficking "
    "Referral Directory in Wisconsin.",
    "Wisconsin Anti-Human Trafficking Task Force",
    "Human Trafficking Task Force of Greater Milwaukee",
    "Milwaukee County Human Trafficking Task Force Final Report",
    "Milwaukee Human Trafficking Services Survey",
    "Report on Sex Trafficked Youth and Milwaukee Police Department",
    "FUNDING OPPORTUNITIES", "Victims of Crime Act grants and funds",
    "Human Trafficking Hotlines", "888-373-7888",
    "The National Hotline serves victims and survivors of human trafficking",
])
def test_every_figure_and_name_of_the_profile_is_text(words, expected):
    assert expected in words


def test_illustrative_parts_say_so(words):
    assert words.count("Illustrative data") == 2
    assert "ILLUSTRATIVE DATA - NOT HOTLINE STATISTICS" not in words


def test_footer_on_every_page(reader):
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"page {number} of {len(reader.pages)}" in text
        assert "Region V · Wisconsin" in text


def test_only_public_sans_embedded(wisconsin_pdf):
    with pikepdf.open(wisconsin_pdf) as pdf:
        fonts = {str(font.BaseFont): "/FontFile2" in font.FontDescriptor
                 for page in pdf.pages for font in _fonts(page.obj)}
    assert fonts
    for name, embedded in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+PublicSans-(Regular|Italic|SemiBold|Bold)", name), name
        assert embedded, f"{name} is not embedded"


def _fonts(obj, seen=None):
    """Every font dictionary reachable from a page, form XObjects included."""
    seen = set() if seen is None else seen
    resources = obj.get("/Resources", {})
    for font in resources.get("/Font", {}).values():
        yield font
    for xobject in resources.get("/XObject", {}).values():
        if xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(xobject.objgen)
            yield from _fonts(xobject, seen)


def test_links_point_where_the_data_says(reader):
    targets = [annotation.get_object()["/A"]["/URI"]
               for page in reader.pages for annotation in page.get("/Annots", [])]
    assert "https://humantraffickinghotline.org/state/wisconsin" in targets
    assert "https://humantraffickinghotline.org/training-resources/referral-directory" in targets
    for section in ("950.045", "940.302", "968.28", "946.82", "948.051"):
        assert f"https://docs.legis.wisconsin.gov/document/statutes/{section}" in targets


def test_metadata_and_language(reader, wisconsin_pdf):
    meta = reader.metadata
    assert meta.title == "Wisconsin: Efforts to Combat Human Trafficking"
    assert meta.author == "U.S. Department of Health and Human Services"
    assert "Wisconsin" in meta.subject
    assert "human trafficking" in meta["/Keywords"]
    with pikepdf.open(wisconsin_pdf) as pdf:
        assert str(pdf.Root.Lang) == "en-US"


def test_a_bookmark_per_section(reader):
    titles = [item.title for item in _flatten(reader.outline)]
    for section in ("Wisconsin: Efforts to Combat Human Trafficking", "Introduction",
                    "Heat map of Wisconsin", "Demographics of Potential Persons Trafficked",
                    "Top sex trafficking venues", "Top labor trafficking venues",
                    "Types of Calls to the National Human Trafficking Hotline in 2016",
                    "Wisconsin Human Trafficking Laws", "Wisconsin Statewide Efforts",
                    "Human Trafficking Hotlines"):
        assert section in titles


def test_bookmarks_open_the_page_their_section_is_on(reader):
    pages = {item.title: reader.get_destination_page_number(item) + 1
             for item in _flatten(reader.outline)}
    assert pages["Demographics of Potential Persons Trafficked"] == 1
    assert pages["Wisconsin Human Trafficking Laws"] == 2
    assert pages["Human Trafficking Hotlines"] == 2


def _flatten(outline):
    for item in outline:
        yield from _flatten(item) if isinstance(item, list) else [item]


def test_same_inputs_give_identical_bytes(wisconsin_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    assert build_job(Job(EXAMPLE, EXAMPLE / "wisconsin.yaml", again)).ok
    assert again.read_bytes() == wisconsin_pdf.read_bytes()


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 2017-07-14 02:40 UTC
    out = tmp_path / "dated.pdf"
    assert build_job(Job(EXAMPLE, EXAMPLE / "wisconsin.yaml", out)).ok
    assert PdfReader(out).metadata["/CreationDate"].startswith("D:20170714024000")


def test_every_stream_is_compressed_once(wisconsin_pdf, region_out):
    """ReportLab leaves its streams uncompressed and pikepdf compresses them as it writes
    the tagged file: every stream of a handout and of the booklet (but the XMP metadata,
    left readable) is compressed, and only once."""
    for path in [wisconsin_pdf, region_out / "ohio.pdf", region_out / "region-v-profiles.pdf"]:
        with pikepdf.open(path) as pdf:
            streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                       and obj.get("/Type") != "/Metadata"]
            assert len(streams) > 10
            for stream in streams:
                assert stream.Filter == pikepdf.Name.FlateDecode, (path.name, stream.objgen)
                data = stream.read_bytes()
                assert data[:2] != b"x\x9c"  # not compressed twice (zlib's header)
                assert len(stream.read_raw_bytes()) < max(len(data), 100)


def test_map_raster_is_at_least_300_dpi(wisconsin_pdf):
    with pikepdf.open(wisconsin_pdf) as pdf:
        images = list(_images(pdf.pages[0].obj))
    assert images, "the heat map has no raster surface"
    for width_px, printed_width_in in images:
        assert width_px / printed_width_in >= 300 * 0.995  # rounding to whole pixels


def _images(obj):
    """(pixels wide, inches wide as printed) of each image a content stream draws,
    from the transformation in force where it is drawn."""
    stack, matrix = [], pikepdf.Matrix()
    for operands, operator in pikepdf.parse_content_stream(obj):
        op = str(operator)
        if op == "q":
            stack.append(matrix)
        elif op == "Q":
            matrix = stack.pop()
        elif op == "cm":
            matrix = pikepdf.Matrix(*map(float, operands)) @ matrix
        elif op == "INLINE IMAGE":
            yield operands[0].obj.Width, abs(matrix.a) / 72
        elif op == "Do" and obj.Resources.XObject[operands[0]].Subtype == "/Image":
            yield obj.Resources.XObject[operands[0]].Width, abs(matrix.a) / 72


def test_a_section_without_data_is_left_out(build_handout):
    pdf = build_handout("state: Wisconsin\nperiod: {start: 2012-12, end: 2016-12}\n"
                        "totals: {cases: 227, potential_victims: 579}\nefforts: {}\n"
                        "statistics_url: https://example.org/wisconsin\n")
    reader = PdfReader(pdf)
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Wisconsin: Efforts to Combat Human Trafficking" in words and "579" in words
    for absent in ("None", "Demographics", "TOP", "VENUES", "Types of Calls", "Laws",
                   "Statewide Efforts", "heat map that reflects", "Illustrative",
                   "Too few"):
        assert absent not in words, absent
    assert "Human Trafficking Hotlines" in words  # from region.yaml, not the state
    assert "visit https://example.org/wisconsin" in words  # given without demographics
    titles = [item.title for item in _flatten(reader.outline)]
    assert "Demographics of Potential Persons Trafficked" not in titles


def test_state_placeholder_is_filled_in_every_region_text(region, build_handout):
    text = (region / "region.yaml").read_text()
    text = text.replace("data_source: National Human Trafficking Hotline",
                        "data_source: '{state} Hotline'").replace(
        "agency: U.S. Department of Health and Human Services", "agency: '{state} Agency'")
    (region / "region.yaml").write_text(text)
    reader = PdfReader(build_handout((EXAMPLE / "wisconsin.yaml").read_text()))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "{state}" not in words + reader.metadata.subject + reader.metadata.author
    assert "Types of Calls to the Wisconsin Hotline in 2016" in words
    assert "Wisconsin Agency Region V" in words
