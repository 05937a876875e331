"""Text prints as typed: composed to Unicode NFC, any space, tab or line break printed as
one plain space, and control, bidirectional and zero-width characters refused wherever
they stand (values, labels, keys, URLs, CSV cells), with nothing raw echoed back."""

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pypdf import PdfReader

from report.cli import main
from report.errors import InvalidInput, Problem
from report.load import load_profile, load_region

SETTINGS = settings(max_examples=120, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
WISCONSIN = """\
state: Wisconsin
period: {start: 2012-12, end: 2016-12}
totals: {cases: 227, potential_victims: 579}
"""
CONTROLS = st.one_of(
    st.integers(0, 0x1F).filter(lambda c: chr(c) not in "\t\n\r"), st.just(0x7F),
    st.integers(0x80, 0x9F),
    st.sampled_from([0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
                     0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x061C, 0xE000]),
).map(chr)
SPACES = st.sampled_from("\t\n\r\u00a0\u1680\u2000\u2002\u2003\u2007\u2009\u200a\u2028\u2029"
                         "\u202f\u205f\u3000")
# (line of the field in the file, field as reported, the state file with X where text goes)
STATE_FIELDS = [
    (5, "venues.sex_trafficking[1]", WISCONSIN + 'venues:\n  sex_trafficking: ["X"]\n'),
    (6, "demographics.gender.X", WISCONSIN + 'demographics:\n  gender:\n    "X": 3\n'),
    (6, "laws[1].title", WISCONSIN + 'laws:\n  - citation: c\n    title: "X"\n'),
    (6, "laws[1].citation", WISCONSIN + 'laws:\n  - title: t\n    citation: "X"\n'),
    (4, "statistics_url", WISCONSIN + 'statistics_url: "https://example.org/X"\n'),
    (7, "efforts.resources[1].url", WISCONSIN + 'efforts:\n  resources:\n    - name: n\n'
                                                '      url: "https://example.org/aXb"\n'),
    (7, "heat_map.summary", WISCONSIN + 'heat_map:\n  year: 2016\n  locations: x.csv\n'
                                        '  summary: "aXb"\n'),
]


def escaped(character: str) -> str:
    """The character as YAML's double quotes write it."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def problems_of(region, text: str, file: str = "wisconsin.yaml") -> list[Problem]:
    (region / file).write_text(text, encoding="utf-8")
    try:
        load_profile(load_region(region), region / "wisconsin.yaml")
    except InvalidInput as error:
        return error.problems
    return []


def shown(problems: list[Problem], region) -> list[str]:
    return [str(p).replace(f"{region}/", "") for p in problems]


@SETTINGS
@given(control=CONTROLS, field=st.sampled_from(STATE_FIELDS))
def test_a_control_character_is_refused_at_its_field_and_never_echoed(region, control, field):
    line, name, template = field
    messages = shown(problems_of(region, template.replace("X", escaped(control))), region)
    assert messages, "accepted"
    assert all(message.isprintable() for message in messages)
    assert any(message.startswith("wisconsin.yaml:") and f":{line}:" in message
               and f"U+{ord(control):04X}" in message for message in messages), messages


@settings(SETTINGS, max_examples=40)
@given(control=CONTROLS, field=st.sampled_from(["agency", "region", "title", "data_source",
                                                "intro"]))
def test_a_control_character_in_the_region_file_is_refused(region, control, field):
    text = re.sub(rf"(?m)^{field}:.*(\n  .*)*",
                  lambda _: f'{field}: "Some {escaped(control)} text"',
                  (region / "region.yaml").read_text())
    messages = shown(problems_of(region, text, "region.yaml"), region)
    assert any(f"region.yaml:" in m and f": {field}: contains the control character "
               f"U+{ord(control):04X}; delete it" in m for m in messages), messages
    assert all(message.isprintable() for message in messages)


@pytest.mark.parametrize("control", ["\u202e", "\u200b", "\ufeff", "\u2066"])
def test_invisible_characters_typed_raw_are_refused(region, control):
    messages = shown(problems_of(region, WISCONSIN + f"venues:\n  sex_trafficking: "
                                 f"[Hotel{control}s]\n"), region)
    assert messages == [f"wisconsin.yaml:5:21: venues.sex_trafficking[1]: contains the control "
                        f"character U+{ord(control):04X}; delete it"]


def test_an_escape_in_a_key_is_shown_escaped_on_the_terminal(region, capsys):
    (region / "wisconsin.yaml").write_text(WISCONSIN + '"ev\\x1b[31mil": 1\n'
                                           'totals2: {"x\\u202ey": 1}\n')
    assert main(["validate", str(region / "wisconsin.yaml")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err
    assert "wisconsin.yaml:4:1: ev\\x1b[31mil: unknown key 'ev\\x1b[31mil'" in err
    assert all(line.isprintable() for line in err.splitlines())


@pytest.mark.parametrize("csv, message", [
    ("coun\x1bty,cases\nDane,3\n", "1:1: (header): the first row must be county,cases or "
                                   "fips,cases or latitude,longitude,cases; found coun\\x1bty,cases"),
    ("county,cases\nDa\x1bne,3\n", "2:1: county: 'Da\\x1bne' is not a county of Wisconsin; "
                                   "did you mean 'Dane'?"),
    ("county,cases\nDane,3\u202e\n", "2:2: cases: expected a whole number, found '3\\u202e'; "
                                     "write whole digits only, like 227"),
])
def test_control_characters_in_a_csv_are_refused_and_shown_escaped(region, csv, message):
    (region / "locations" / "wisconsin.csv").write_text(csv, encoding="utf-8")
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    assert shown(problems_of(region, text), region) == [f"locations/wisconsin.csv:{message}"]


@SETTINGS
@given(space=SPACES, field=st.sampled_from(["agency", "region", "title", "data_source"]))
def test_any_space_in_a_one_line_name_is_one_plain_space(region, space, field):
    text = (region / "region.yaml").read_text()
    lines = [f'{field}: "Some{escaped(space)}{escaped(space)}Name"' if line.startswith(f"{field}:")
             else line for line in text.splitlines()]
    (region / "region.yaml").write_text("\n".join(lines) + "\n")
    assert getattr(load_region(region), field) == "Some Name"


def test_the_footer_shows_the_region_name_with_plain_spaces(region, build_handout):
    text = (region / "region.yaml").read_text().replace(
        "region: Region V", 'region: "Region\\t\\u2003\\nV"').replace(
        "agency: U.S. Department of Health and Human Services",
        'agency: "U.S.\\u00a0Department of\\tHealth and Human Services"')
    (region / "region.yaml").write_text(text)
    pdf = build_handout((region / "wisconsin.yaml").read_text())
    for page in PdfReader(pdf).pages:
        words = " ".join(page.extract_text().split())
        assert "Region V · Wisconsin" in words and "RegionV" not in words


@SETTINGS
@given(word=st.text(st.sampled_from("aeiouncAEIOUNC"), min_size=1, max_size=8),
       marks=st.lists(st.sampled_from("\u0300\u0301\u0302\u0303\u0308\u0327"), min_size=1,
                      max_size=2))
def test_decomposed_accents_are_composed(region, word, marks):
    typed = unicodedata.normalize("NFD", word + "".join(marks) + " Residence")
    text = WISCONSIN + f"venues:\n  sex_trafficking: ['{typed}']\n"
    (region / "wisconsin.yaml").write_text(text, encoding="utf-8")
    try:
        profile = load_profile(load_region(region), region / "wisconsin.yaml")
    except InvalidInput as error:  # a letter the typeface lacks, even composed: named
        assert "the handout's typeface cannot print" in str(error)
        return
    assert profile.state.venues.sex_trafficking == [unicodedata.normalize("NFC", typed)]


def test_decomposed_accents_print_on_their_letters(region, build_handout):
    cafe = unicodedata.normalize("NFD", "Café Résidence Łódź")
    pdf = build_handout(WISCONSIN + f"venues:\n  sex_trafficking: ['{cafe}']\n")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Café Résidence Łódź" in unicodedata.normalize("NFC", text)
    assert "\u0301" not in text


@pytest.mark.parametrize("second", ["'Fe  male'", '"Fe\\tmale"', "' Fe male '", '"Fe\\u2003male"'])
def test_labels_that_are_the_same_once_spaces_are_tidied_are_one_label(region, second):
    text = WISCONSIN + f"demographics:\n  gender:\n    Fe male: 2\n    {second}: 3\n"
    [message] = shown(problems_of(region, text), region)
    assert message.startswith("wisconsin.yaml:6:5: demographics.gender: 'Fe male' and ")
    assert message.endswith(" are the same label; keep one")
