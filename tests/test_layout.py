"""The page a coordinator prints: legible type, balanced pages, a warning past two
pages, no map without locations, and what the region and state make their own."""

import contextlib
import shutil
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from report.build import Job, build_job
from report.cli import main
from report.layout.page import STAMP_TEXT
from report.layout.sections import CONTENT_HEIGHT
from tests.conftest import EXAMPLE, ROOT
from tests.test_long_content import long_state

FRAME_BOTTOM = 0.9 * 72  # points above the page's foot where the content ends (margin, footer)
BAND = 0.12 * 11 * 72  # points: the page's top and bottom bands, where running heads would be
ASCENT, DESCENT = 0.95, 0.225  # Public Sans's, in ems: a line's box as PDF readers take it
STATES = sorted(path.stem for path in EXAMPLE.glob("*.yaml") if path.stem != "region")

SHORT = """\
state: Wisconsin
period: {start: 2015-01, end: 2015-12}
totals: {cases: 12, potential_victims: 20}
"""


def room_at_foot(page) -> float:
    """Points between the page's lowest content and the bottom of its frame."""
    bottom = page.height - FRAME_BOTTOM
    found = [obj["bottom"] for obj in (*page.chars, *page.rects, *page.images, *page.curves)
             if obj.get("upright", True) and obj["bottom"] <= bottom + 1]
    return bottom - max(found)


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, Path]:
    """Every example state's handout."""
    out = tmp_path_factory.mktemp("handouts")
    built = {}
    for state in STATES:
        built[state] = out / f"{state}.pdf"
        assert build_job(Job(EXAMPLE, EXAMPLE / f"{state}.yaml", built[state])).ok
    return built


@pytest.mark.parametrize("state", STATES)
def test_no_text_is_under_8_pt(handouts, state):
    with pdfplumber.open(handouts[state]) as pdf:
        sizes = [round(char["size"], 2) for page in pdf.pages for char in page.chars]
    assert min(sizes) >= 8


def test_no_text_is_under_8_pt_in_a_long_handout(build_handout):
    with pdfplumber.open(build_handout(long_state())) as pdf:
        assert min(char["size"] for page in pdf.pages for char in page.chars) >= 7.99


@pytest.mark.parametrize("state", STATES)
def test_two_pages_page_one_full_page_two_at_most_a_third_empty(handouts, state):
    with pdfplumber.open(handouts[state]) as pdf:
        assert len(pdf.pages) == 2
        first, last = (room_at_foot(page) for page in pdf.pages)
    assert first <= 0.1 * CONTENT_HEIGHT, f"page 1 leaves {first / 72:.1f} in"
    assert last <= CONTENT_HEIGHT / 3 + 36, f"page 2 leaves {last / 72:.1f} in"


def lines_in_the_bands(pdf: Path) -> list[str]:
    """The tagged lines of text wholly in a page's top or bottom band, without spaces."""
    found = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines: dict[float, list[dict]] = {}
            for char in page.chars:
                if char.get("mcid") is not None and char["upright"]:
                    lines.setdefault(round(char["matrix"][5], 1), []).append(char)
            for baseline, chars in lines.items():
                size = max(char["size"] for char in chars)
                if baseline - DESCENT * size >= page.height - BAND or \
                        baseline + ASCENT * size <= BAND:
                    found.append("".join(char["text"] for char in chars).replace(" ", ""))
    return found


@pytest.mark.parametrize("state", STATES)
def test_only_the_stamp_and_the_title_lie_in_the_pages_top_or_bottom_band(handouts, state):
    """What every state's handout says (a heading, a chart's row, a note) never comes back
    where a booklet's reader would take it for a running head or footer."""
    title = f"{state.title()}: Efforts to Combat Human Trafficking"
    expected = {words.replace(" ", "") for words in (title, STAMP_TEXT)}
    assert set(lines_in_the_bands(handouts[state])) <= expected


def test_a_short_profile_fits_on_one_page(build_handout):
    pdf = build_handout(SHORT)
    assert len(PdfReader(pdf).pages) == 1


def test_past_two_pages_the_build_warns_and_names_what_overflowed(region, capsys):
    (region / "wisconsin.yaml").write_text(long_state(), encoding="utf-8")
    out = region.parent / "out"
    assert main(["build", str(region / "wisconsin.yaml"), "--out", str(out)]) == 0
    warning = capsys.readouterr().err
    assert "wisconsin.yaml: warning: runs to" in warning
    assert "Human Trafficking Laws" in warning or "Statewide Efforts" in warning
    assert (out / "region-v" / "wisconsin.pdf").exists()


def test_max_pages_makes_a_long_handout_fail(region, capsys):
    (region / "wisconsin.yaml").write_text(long_state(), encoding="utf-8")
    out = region.parent / "out"
    assert main(["build", str(region / "wisconsin.yaml"), "--out", str(out),
                 "--max-pages", "2"]) == 1
    assert "--max-pages allows 2" in capsys.readouterr().err
    assert not (out / "region-v" / "wisconsin.pdf").exists()
    assert main(["build", str(EXAMPLE / "wisconsin.yaml"), "--out", str(out),
                 "--max-pages", "2", "-q"]) == 0


def test_without_heat_map_there_is_no_map_legend_or_caption(build_handout):
    pdf = build_handout(SHORT)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "Cases reported per" not in text and "heat map" not in text
    assert not PdfReader(pdf).pages[0].images
    with pdfplumber.open(pdf) as document:  # no county outlines either
        assert not document.pages[0].curves
    assert "12 Cases Reported 20 Potential Persons Trafficked" in " ".join(text.split())


def with_region(region, extra: str) -> None:
    with (region / "region.yaml").open("a", encoding="utf-8") as file:
        file.write(extra)


def test_state_hotlines_follow_the_regions(region, build_handout):
    pdf = build_handout(SHORT + "hotlines:\n  - name: Wisconsin Line\n    phone: 608-555-0101\n")
    text = " ".join(PdfReader(pdf).pages[-1].extract_text().split())
    assert text.index("National Human Trafficking Hotline") < text.index("Wisconsin Line")
    assert "608-555-0101" in text


def links(pdf: Path) -> list[str]:
    return [str(annot.get_object()["/A"].get("/URI")) for page in PdfReader(pdf).pages
            for annot in page.get("/Annots", [])]


def test_contact_block_from_the_region_and_a_state_that_replaces_it(region, build_handout):
    with_region(region, "contact:\n  organization: Region Team for {state}\n"
                        "  email: team@example.gov\n  url: https://example.gov/team\n")
    pdf = build_handout(SHORT)
    text = " ".join(PdfReader(pdf).pages[-1].extract_text().split())
    assert "For More Information Region Team for Wisconsin team@example.gov" in text
    assert {"mailto:team@example.gov", "https://example.gov/team"} <= set(links(pdf))
    pdf = build_handout(SHORT + "contact:\n  name: State Person\n  phone: 608-555-0199\n")
    text = " ".join(PdfReader(pdf).pages[-1].extract_text().split())
    assert "For More Information State Person 608-555-0199" in text
    assert "Region Team" not in text


def test_an_empty_contact_is_refused(region):
    with_region(region, "contact: {}\n")
    result = main(["validate", str(region)])
    assert result == 1


def test_headings_and_the_laws_subtitle_can_be_renamed(region, build_handout):
    with_region(region, "headings:\n  laws: Laws of {state}\n  laws_subtitle: All of them\n"
                        "  hotlines: Call for Help\n  call_types: Calls in {year}\n")
    state = (EXAMPLE / "wisconsin.yaml").read_text(encoding="utf-8")
    text = " ".join(" ".join(page.extract_text() for page in
                             PdfReader(build_handout(state)).pages).split())
    for heading in ("Laws of Wisconsin All of them", "Call for Help", "Calls in 2016"):
        assert heading in text
    assert "Human Trafficking Laws" not in text and "Safe Harbor" not in text


def test_one_venue_reads_naturally(build_handout):
    pdf = build_handout(SHORT + "venues:\n  sex_trafficking: [Hotel-/Motel-Based]\n"
                        "  labor_trafficking: [Agriculture, Domestic Work]\n")
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "TOP 1" not in text
    assert "TOP SEX TRAFFICKING VENUE 1. Hotel-/Motel-Based" in text
    assert "TOP 2 LABOR TRAFFICKING VENUES" in text


def test_the_command_line_documents_max_pages(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "--max-pages" in capsys.readouterr().out


EVERY_FIELD = EXAMPLE.parent / "every-field"


@pytest.mark.parametrize("file, model", [("region.yaml", "Region"), ("example.yaml", "State")])
def test_the_every_field_example_has_every_field_and_the_readme_names_it(file, model):
    import yaml

    from report import model as models
    from tests.test_starter import fields

    def keys(value) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        return {k for v in value for k in keys(v)} if isinstance(value, list) else set()

    text = (EVERY_FIELD / file).read_text(encoding="utf-8")
    expected = fields(getattr(models, model))
    assert expected <= keys(yaml.safe_load(text))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Every field"):readme.index("Counts are whole numbers")]
    assert all(f"`{name}`" in table for name in expected), \
        sorted(name for name in expected if f"`{name}`" not in table)


def test_the_every_field_example_builds(tmp_path):
    assert main(["build", str(EVERY_FIELD), "--out", str(tmp_path), "-q"]) == 0


@pytest.fixture(scope="module")
def trial_profiles(tmp_path_factory) -> list:
    """Every state of the three examples, and a long one whose lists run over pages."""
    from report.load import load_profile, load_region, state_files

    long_region = Path(shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("long") / "region"))
    (long_region / "wisconsin.yaml").write_text(long_state(), encoding="utf-8")
    profiles = []
    for folder in (EXAMPLE, ROOT / "data" / "region-v-es", ROOT / "data" / "every-field"):
        region = load_region(folder)
        profiles += [load_profile(region, file) for file in state_files(folder)]
    return [*profiles, load_profile(load_region(long_region), long_region / "wisconsin.yaml")]


def test_a_trial_layout_measures_what_the_full_layout_lays_out(trial_profiles):
    """Trials are only measured (nothing drawn or written): their pages, room left on each
    and bookmarks' pages must be those of the same layout made in full."""
    from report.i18n import use
    from report.layout import MAP_SCALES, MOST_SPREAD, Story, laid_out, measured

    for profile in trial_profiles:
        with use(profile.region.language):
            story = Story(profile)
            for scale, spread in [*((scale, 0) for scale in MAP_SCALES), (1, MOST_SPREAD)]:
                trial = measured(story, scale, spread)
                full = laid_out(Story(profile), scale, spread)[0]
                assert (trial.rooms, trial.sections) == (full.rooms, full.sections)
                assert trial.pdf == b"" and full.pdf.startswith(b"%PDF")


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_layouts_of_one_story_make_what_new_stories_make(trial_profiles, data):
    """A handout's layouts lay out one story again and again. At any scale and spread, in
    any order, after trials stopped at any page, each trial measures what a story made
    afresh measures; and the layout in full, after them, makes the same tagged PDF."""
    from report.i18n import use
    from report.layout import MAP_SCALES, MOST_SPREAD, Story, laid_out, measured
    from report.layout.page import Beaten, tag

    profile = data.draw(st.sampled_from(trial_profiles))
    scales, spreads = st.sampled_from(MAP_SCALES), st.sampled_from([0, 3.5, MOST_SPREAD])
    trials = st.tuples(scales, spreads, st.integers(0, 3))  # pages made before it stops; 0: all
    with use(profile.region.language):
        story = Story(profile)
        for scale, spread, pages in data.draw(st.lists(trials, min_size=1, max_size=4)):
            if pages:
                with contextlib.suppress(Beaten):
                    measured(story, scale, spread, beaten=lambda rooms: len(rooms) >= pages)
                continue
            again, afresh = measured(story, scale, spread), measured(Story(profile),
                                                                      scale, spread)
            assert (again.rooms, again.sections) == (afresh.rooms, afresh.sections)
        scale, spread = data.draw(scales), data.draw(spreads)
        tagged = []
        for made in (story, Story(profile)):
            laid, structure, info = laid_out(made, scale, spread)
            tagged.append(tag(laid.pdf, info, structure))
        assert tagged[0] == tagged[1]


@settings(max_examples=300, deadline=None)
@given(chosen=st.lists(st.floats(0, CONTENT_HEIGHT), min_size=1, max_size=3),
       offsets=st.lists(st.one_of(st.integers(-2, 2).map(float), st.floats(-300, 300)),
                        min_size=1, max_size=3))
@example(chosen=[8.0, 0.0], offsets=[-1.0, 0.0])  # a point fuller: it may be chosen
@example(chosen=[8.0, 0.0], offsets=[0.0, 0.0])  # as empty: it may not
def test_a_trial_stops_only_where_it_cannot_be_chosen(chosen, offsets):
    """A trial layout stops as a page begins once the pages before it say it cannot beat
    the layout chosen so far; wherever that happens, the whole trial would not have been
    chosen either. The trial's rooms lie within a few points of the chosen layout's
    emptiest page, where the comparisons are close, or anywhere."""
    from report.layout import _better, _cannot_beat, _emptiness
    from report.layout.page import Laid

    chosen = Laid(b"", chosen, [])
    trial = Laid(b"", [max(0.0, _emptiness(chosen) + offset) for offset in offsets], [])
    if any(_cannot_beat(chosen, trial.rooms[:before]) for before in range(1, trial.pages)):
        assert not _better(trial, chosen)


def test_trials_that_cannot_win_stop_early(monkeypatch):
    """Region V's states try larger maps whose first page is already emptier than the
    chosen layout's emptiest: those trials stop when their second page begins."""
    from report import layout
    from report.i18n import use
    from report.load import load_profile, load_region, state_files

    stopped = []
    original = layout._cannot_beat

    def cannot_beat(chosen, rooms):
        stopped.append(original(chosen, rooms))
        return stopped[-1]

    monkeypatch.setattr(layout, "_cannot_beat", cannot_beat)
    region = load_region(EXAMPLE)
    with use(region.language):
        for file in state_files(EXAMPLE):
            layout.render_handout(load_profile(region, file))
    assert sum(stopped) >= 6


def test_the_band_frame_reads_a_cells_lines_where_reportlab_draws_them():
    """A table cell opened by a bookmark (as the call-type chart's column is) sets its
    heading's space before, as ReportLab's tables do: the lines the band-aware frame
    reads must be there too, or a line it thinks clear of a band lies in it (the
    call-type chart's note did, by 4 pt, in a booklet of 48 states)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, Table

    from report import theme
    from report.layout import bands
    from report.layout.page import Bookmark

    theme.register_reportlab_fonts()
    spaced = ParagraphStyle("spaced", fontName=theme.REGULAR, fontSize=9, leading=11,
                            spaceBefore=4)
    table = Table([[[Bookmark("a"), Paragraph("Opened by a bookmark", spaced)],
                    [Paragraph("Alone in its cell", spaced)]]], colWidths=[200, 200])
    canvas = Canvas("unused.pdf")
    table.wrapOn(canvas, 400, 500)
    (opened, *_), (alone, *_) = bands.table_lines(table, canvas)
    assert opened - alone == spaced.spaceBefore


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.tuples(st.text(alphabet="aeiou lmnrst", min_size=1, max_size=12),
                                st.booleans()), min_size=1, max_size=40),
       steps=st.lists(st.tuples(st.sampled_from(["wrap", "split"]),
                                st.sampled_from([0.5, 40, 90, 200, 400]),
                                st.sampled_from([5, 20, 60, 1000])), min_size=1, max_size=8))
# A word split to fit 0.5 pt: ReportLab breaks lines in several fonts otherwise the second
# time at that width, and a paragraph wrapped again at its first width is broken anew.
@example(words=[("a", True), ("aaaaa", False), ("aaaaaaaa", False)],
         steps=[("wrap", 40, 5), ("wrap", 0.5, 5), ("wrap", 0.5, 5)])
@example(words=[("a", False), ("a", True)],
         steps=[("wrap", 40, 5), ("wrap", 0.5, 5), ("wrap", 40, 5)])
def test_a_paragraph_does_what_reportlabs_does(words, steps):
    """The handout's paragraphs parse their markup once and break their lines once per
    width (a handout is laid out several ways, and a layout wraps most paragraphs several
    times at one width): through any wraps and splits, one must give the sizes, lines and
    parts ReportLab's own paragraph gives, and so must a new one of the same markup."""
    from reportlab.platypus import Paragraph as ReportLabParagraph

    from report.layout import styles

    markup = " ".join(f"<b>{word}</b>" if bold else word for word, bold in words)
    ours, theirs = styles.Paragraph(markup, styles.BODY), ReportLabParagraph(markup, styles.BODY)
    for step, width, height in steps:
        if step == "split":
            assert [lines(part) for part in ours.split(width, height)] == \
                [lines(part) for part in theirs.split(width, height)]
            continue
        new_ours, new_theirs = (styles.Paragraph(markup, styles.BODY),
                                ReportLabParagraph(markup, styles.BODY))
        for made, reference in ((ours, theirs), (new_ours, new_theirs)):
            assert made.wrap(width, height) == reference.wrap(width, height)
            assert lines(made) == lines(reference)


def lines(paragraph) -> str:
    """A wrapped paragraph's lines: their words (or fragments) and room left, as text."""
    return repr(getattr(paragraph, "blPara", None) and paragraph.blPara.lines)


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(st.integers(1, 60), min_size=1, max_size=12),
       steps=st.lists(st.tuples(st.sampled_from(["wrap", "split"]),
                                st.sampled_from([150, 300, 500]),
                                st.sampled_from([20, 60, 150, 0xFFFFFF])), min_size=1,
                      max_size=8))
def test_a_layout_table_does_what_reportlabs_does(cells, steps):
    """Layout tables are measured once for a width and height (a layout wraps each several
    times): through any wraps and splits, one must give the sizes, row heights and parts
    ReportLab's own table gives."""
    from reportlab.platypus import Paragraph as ReportLabParagraph
    from reportlab.platypus import Table

    from report.layout import styles
    from report.layout.sections import grid

    def rows():
        return [[ReportLabParagraph("word " * words, styles.BODY),
                 ReportLabParagraph("cell " * (words // 2 + 1), styles.BODY)]
                for words in cells]

    ours, theirs = grid(rows(), [100, 120]), grid(rows(), [100, 120])
    theirs.__class__ = Table  # the same table, measured by ReportLab's own methods
    for step, width, height in steps:
        if step == "split":
            ours_parts, their_parts = ours.split(width, height), theirs.split(width, height)
            assert [part.wrap(width, height) for part in ours_parts] == \
                [part.wrap(width, height) for part in their_parts]
            continue
        assert ours.wrap(width, height) == theirs.wrap(width, height)
        assert ours._rowHeights == theirs._rowHeights
