"""Limits that hold: every field at its documented maximum, all at once, builds (handout
and booklet, in the typeface's widest letters), quickly; one character or entry more
is refused with a located message naming the field, never a layout error."""

import time

import pdfplumber
import pytest

from bench.largest import region_file, state_file, words, write_region
from report.cli import main
from report.errors import InvalidInput
from report.load import load_profile, load_region
from report.model import (MAX_BARS, MAX_HOTLINES, MAX_LABEL, MAX_LINE, MAX_LIST, MAX_NAME,
                          MAX_PHONE, MAX_PROSE, MAX_REGION)

MARGIN = 36  # points: nothing may come closer to the paper's edge
SECONDS = 30  # the most any input within the limits may take, built or refused


@pytest.fixture(scope="module")
def largest(tmp_path_factory):
    """The largest region built, in the widest letters: its exit status, how long the
    build took, and its output folder."""
    folder = write_region(tmp_path_factory.mktemp("wide") / "largest", wide=True)
    out = folder.parent / "out"
    started = time.perf_counter()
    status = main(["build", str(folder), "--out", str(out), "--jobs", "1", "-q"])
    return status, time.perf_counter() - started, out / "largest"


def test_every_field_at_its_maximum_builds_quickly(largest):
    status, seconds, out = largest
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == ["largest-profiles.pdf", "wisconsin.pdf"]
    assert seconds < SECONDS


def test_nothing_of_the_largest_runs_off_the_page(largest):
    _, _, out = largest
    with pdfplumber.open(out / "largest-profiles.pdf") as pdf:
        for number, page in enumerate(pdf.pages[:6], start=1):  # front matter, first pages
            for word in page.extract_words():
                assert MARGIN - 1 <= word["x0"] and word["x1"] <= page.width - MARGIN + 1, \
                    (number, word["text"])
                assert word["bottom"] <= page.height - MARGIN + 1, (number, word["text"])


def test_the_largest_texts_keep_a_readable_size(largest):
    """No chart shrinks its labels to fit: 20 labels at their longest print at 7 pt or more."""
    _, _, out = largest
    with pdfplumber.open(out / "wisconsin.pdf") as pdf:
        sizes = {round(char["size"], 1) for page in pdf.pages for char in page.chars}
    assert min(sizes) >= 7


def test_the_largest_texts_are_printed_whole(largest):
    _, _, out = largest
    with pdfplumber.open(out / "wisconsin.pdf") as pdf:
        text = "".join("".join(page.extract_text().split()) for page in pdf.pages)
    assert text.count("Link") >= 3 * MAX_LIST and text.count("Law") >= MAX_LIST
    for i in range(MAX_BARS):  # every chart label, to its last characters
        assert f"x{i:02d}" in text


# (file, the start of the line to replace, the line with {} for the text, field, limit)
ONE_TOO_MANY = [
    ("region.yaml", "region:", "region: {}", "region", MAX_REGION),
    ("region.yaml", "agency:", "agency: {}", "agency", MAX_LINE),
    ("region.yaml", "title:", "title: {}", "title", MAX_LINE),
    ("region.yaml", "data_source:", "data_source: {}", "data_source", MAX_LINE),
    ("region.yaml", "    phone:", "    phone: {}", "hotlines[1].phone", MAX_PHONE),
    ("region.yaml", "  - name:", "  - name: {}", "hotlines[1].name", MAX_LINE),
    ("region.yaml", "intro:", "intro: {}", "intro", MAX_PROSE),
    ("wisconsin.yaml", "    'Citizenship", "    {}: 3",
     "demographics.citizenship.Word", MAX_LABEL),
    ("wisconsin.yaml", "  - title:", "  - title: {}", "laws[1].title", MAX_NAME),
]


@pytest.mark.parametrize("file, start, line, field, limit", ONE_TOO_MANY)
def test_one_character_more_than_a_limit_is_refused_by_name(region, file, start, line, field,
                                                            limit):
    write_region(region, items=3, rows=10)
    lines = (region / file).read_text().splitlines()
    index = next(i for i, text in enumerate(lines) if text.startswith(start))
    for length, expected in ((limit, []), (limit + 1, [f"has {limit + 1:,} characters; at "
                                                       f"most {limit:,} are allowed: shorten it"])):
        lines[index] = line.format(words(length))
        (region / file).write_text("\n".join(lines) + "\n")
        assert [p.message for p in _problems(region) if p.field.startswith(field)] == expected, \
            length


def test_one_entry_more_than_a_list_limit_is_refused_by_name(region):
    write_region(region, items=MAX_LIST + 1, rows=10)
    (region / "region.yaml").write_text(region_file(hotlines=MAX_HOTLINES + 1))
    (region / "wisconsin.yaml").write_text(state_file(MAX_LIST + 1).replace(
        "    'Call", "    Extra call: 1\n    'Call", 1))
    found = {(p.field, p.message) for p in _problems(region)}
    for field in ("laws", "efforts.collaborations", "efforts.resources", "efforts.funding"):
        assert (field, f"has {MAX_LIST + 1} entries; at most {MAX_LIST} are allowed") in found
    assert ("call_types.counts", f"has {MAX_BARS + 1} entries; at most {MAX_BARS} are "
                                 "allowed") in found


def test_the_region_name_may_not_hold_the_state(region):
    text = (region / "region.yaml").read_text().replace("region: Region V",
                                                        "region: '{state} Region'")
    (region / "region.yaml").write_text(text)
    with pytest.raises(InvalidInput) as error:
        load_region(region)
    assert str(error.value).endswith(
        "region: is the same for every state, so it may not hold {state}; remove the braces")


@pytest.mark.parametrize("kind", ["unknown keys", "misspelled counties"])
def test_a_megabyte_of_mistakes_is_refused_quickly(region, capsys, kind):
    if kind == "unknown keys":
        text = (region / "wisconsin.yaml").read_text()
        (region / "wisconsin.yaml").write_text(
            text + "".join(f"key{i}: {i}\n" for i in range(100_000))[:990_000 - len(text)]
            .rsplit("\n", 1)[0] + "\n")
    else:
        rows = "".join(f"Mil{i:06d}waukee,{i % 9 + 1}\n" for i in range(60_000))
        (region / "locations" / "wisconsin.csv").write_text(("county,cases\n" + rows)[:990_000]
                                                            .rsplit("\n", 1)[0] + "\n")
    started = time.perf_counter()
    assert main(["validate", str(region / "wisconsin.yaml")]) == 1
    assert time.perf_counter() - started < SECONDS
    assert len(capsys.readouterr().err.splitlines()) > 50_000


def _problems(region) -> list:
    """The problems of the region file and of its state file, together."""
    try:
        region_problems = []
        loaded = load_region(region)
    except InvalidInput as error:
        region_problems, loaded = error.problems, None
    try:
        load_profile(loaded, region / "wisconsin.yaml")
    except InvalidInput as error:
        return region_problems + error.problems
    return region_problems
