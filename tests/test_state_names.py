"""Common names of states and territories are accepted, however written, and the official name
is printed; a wrong name still gets a "did you mean" hint (property-based, with Hypothesis)."""

import shutil

import pytest
from hypothesis import assume, given, settings, strategies as st
from pypdf import PdfReader

from report import geo
from report.cli import main
from report.errors import InvalidInput
from report.load import describe, load_profile, load_region
from tests.conftest import EXAMPLE

SETTINGS = settings(max_examples=200, derandomize=True, database=None, deadline=None)
COMMON = sorted(geo.common_names().items())
OFFICIAL = {usps: geo.find_state(usps).name for _, usps in COMMON}
NAMES = geo.state_names()


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("names") / "region-v")


@pytest.mark.parametrize("name, official", [
    ("Northern Mariana Islands", "Commonwealth of the Northern Mariana Islands"),
    ("U.S. Virgin Islands", "United States Virgin Islands"),
    ("US Virgin Islands", "United States Virgin Islands"),
    ("Virgin Islands", "United States Virgin Islands"),
    ("Washington, D.C.", "District of Columbia"),
    ("Washington DC", "District of Columbia"),
    ("Washington D.C.", "District of Columbia"),
    ("Washington D. C.", "District of Columbia"),
    ("U. S. Virgin Islands", "United States Virgin Islands"),
    ("Hawaiʻi", "Hawaii"),
    ("west-virginia", "West Virginia"),
    ("D.C.", "District of Columbia"),
    ("Washington", "Washington"),
    ("Virginia", "Virginia"),
])
def test_the_common_names_the_issue_names(name, official):
    assert geo.find_state(name).name == official


def written_otherwise(draw, name: str) -> str:
    """The name in another case, with other spaces and punctuation between its words."""
    words = name.replace(".", draw(st.sampled_from(["", ".", ". "]))).split()
    cased = [draw(st.sampled_from([word, word.upper(), word.lower(), word.title()]))
             for word in words]
    return draw(st.sampled_from(["", " ", "  "])) \
        + draw(st.sampled_from([" ", "  ", "\t", "-", ", "])).join(cased) \
        + draw(st.sampled_from(["", " ", "."]))


@SETTINGS
@given(common=st.sampled_from(COMMON), data=st.data())
def test_every_common_name_resolves_however_written(common, data):
    name, usps = common
    state = geo.find_state(written_otherwise(data.draw, name))
    assert state is not None and (state.usps, state.name) == (usps, OFFICIAL[usps])


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.data())
def test_a_misspelled_name_is_refused_with_a_hint(name, data, region):
    at = data.draw(st.integers(0, len(name) - 1))
    wrong = name[:at] + name[at + 1:] if data.draw(st.booleans()) \
        else name[:at] + data.draw(st.sampled_from("aeiouxz")) + name[at + 1:]
    assume(len(name) >= 6 and geo.find_state(wrong) is None)
    problems = state_problems(region, f"state: {wrong!r}\n")
    assert f"{describe(wrong)} is not a U.S. state; did you mean '" in problems


def state_problems(region, head: str) -> str:
    (region / "wisconsin.yaml").write_text(head + (region / "ohio.yaml").read_text()
                                           .split("\nstate: Ohio\n", 1)[1])
    with pytest.raises(InvalidInput) as error:
        load_profile(load_region(region), region / "wisconsin.yaml")
    return str(error.value)


@pytest.mark.parametrize("name", [name for name, _ in COMMON])
def test_a_state_file_may_give_a_common_name_and_the_profile_has_the_official(name, region):
    file = region / "wisconsin.yaml"
    file.write_text(f"state: {name!r}\nperiod: {{start: 2019-01, end: 2023-12}}\n"
                    "totals: {cases: 1, potential_victims: 1}\n")
    profile = load_profile(load_region(region), file)
    assert profile.name == OFFICIAL[geo.common_names()[name]]


def test_the_handout_prints_the_official_name(tmp_path):
    folder = shutil.copytree(EXAMPLE, tmp_path / "region")
    (folder / "dc.yaml").write_text("state: Washington, D.C.\nillustrative: true\n"
                                    "period: {start: 2019-01, end: 2023-12}\n"
                                    "totals: {cases: 12, potential_victims: 30}\n")
    assert main(["build", str(folder / "dc.yaml"), "--out", str(tmp_path / "out"), "-q"]) == 0
    text = " ".join(PdfReader(tmp_path / "out" / "region" / "dc.pdf").pages[0]
                    .extract_text().split())
    assert "District of Columbia: Efforts to Combat Human Trafficking" in text
    assert "Washington, D.C." not in text
