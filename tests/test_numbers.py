"""Numbers are read as a person reads them, or refused at their line with what to write.

Every spelling YAML 1.1 or 1.2 gives a meaning to (leading zeros, octal, hexadecimal,
binary, sexagesimal, underscores, signs, decimals, exponents, infinities, thousands of
digits) goes into a state file and into a locations file; both read it alike.
"""

import re

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from pypdf import PdfReader

from report.build import Job, build_job
from report.cli import main
from report.errors import InvalidInput
from report.load import load_profile, load_region
from report.model import MAX_COUNT, MAX_DIGITS, whole_number
from tests import test_load

SETTINGS = settings(max_examples=150, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
DIGITS = st.text("0123456789", min_size=1, max_size=12)
SPELLINGS = st.one_of(
    DIGITS,
    DIGITS.map(lambda digits: "0" + digits),
    st.tuples(st.sampled_from(["+", "-"]), DIGITS).map("".join),
    st.tuples(st.sampled_from(["0x", "0X", "0o", "0O", "0b", "0B", "-0x", "+0o"]),
              st.text("0123456789abcdefABCDEF_", min_size=1, max_size=8)).map("".join),
    st.lists(st.text("0123456789", min_size=1, max_size=2), min_size=2, max_size=4)
    .map(":".join),
    st.lists(DIGITS, min_size=2, max_size=4).map("_".join),
    st.lists(st.text("0123456789", min_size=3, max_size=3), min_size=1, max_size=3)
    .map(lambda groups: "1," + ",".join(groups)),
    st.tuples(DIGITS, st.sampled_from([".", "e", "E", ".0e+", "e-"]), DIGITS).map("".join),
    st.tuples(st.sampled_from(["", "-", "+"]), st.sampled_from([".", "0."]), DIGITS)
    .map("".join),
    st.sampled_from([".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", "inf", "NaN", "1e3",
                     "1E3", "1_000", "0o17", "0x1F", "1:30", "190:20:30", "09", "0227", "010",
                     "0", "00", "10000000", "10000001", "0b101"]),
    st.integers(MAX_DIGITS + 1, 6000).map(lambda n: "9" * n),
)
WISCONSIN = test_load.WISCONSIN.replace("cases: 227", "cases: {cases}")


def person_reads(text: str) -> int | None:
    """What a person reads in a count: decimal digits, whatever zeros lead them."""
    return int(text, 10) if re.fullmatch(r"[0-9]{1,20}", text) else None


def state_problems(region, text: str) -> tuple[list[str], object]:
    """The problems of a state file (paths shortened), and its profile when it has none."""
    (region / "wisconsin.yaml").write_text(text, encoding="utf-8")
    try:
        return [], load_profile(load_region(region), region / "wisconsin.yaml")
    except InvalidInput as error:
        return [str(p).replace(f"{region}/", "") for p in error.problems], None


def csv_problems(region, cell: str) -> tuple[list[str], object]:
    (region / "locations" / "wisconsin.csv").write_text(
        f'county,cases\nMilwaukee,"{cell}"\n', encoding="utf-8")
    text = WISCONSIN.format(cases=227) \
        + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    return state_problems(region, text)


@SETTINGS
@given(text=SPELLINGS)
def test_a_count_is_its_decimal_digits_or_a_message_saying_what_to_write(text):
    expected = person_reads(text)
    try:
        assert whole_number(text) == int(text.lstrip("-"), 10) * (-1 if text[0] == "-" else 1)
        assert re.fullmatch(r"-?[0-9]{1,20}", text)
    except ValueError as error:
        assert expected is None
        message = str(error)
        assert message.startswith("expected a whole number, found ")
        if re.match(r"[-+.0-9]", text):  # a number in another spelling: what to write
            assert "write" in message or "check for a typo" in message
        assert len(message) < 300  # a huge number is not echoed whole


@SETTINGS
@given(text=SPELLINGS)
def test_a_state_file_count_reads_as_a_person_reads_it_or_is_refused_at_its_line(region, text):
    problems, profile = state_problems(region, WISCONSIN.format(cases=text))
    expected = person_reads(text)
    if expected is not None and expected <= MAX_COUNT:
        assert problems == [] and profile.state.totals.cases == expected
    else:
        [problem] = problems
        assert problem.startswith("wisconsin.yaml:6:10: totals.cases: ")
        assert "Traceback" not in problem and "Exceeds the limit" not in problem


@settings(SETTINGS, max_examples=60)
@given(text=SPELLINGS)
def test_the_locations_file_reads_counts_by_the_same_rule(region, text):
    csv, _ = csv_problems(region, text)
    yaml, _ = state_problems(region, WISCONSIN.format(cases=text))
    expected = person_reads(text)
    if expected is not None and 1 <= expected <= MAX_COUNT:
        assert csv == [] and yaml == []
    else:
        [problem] = csv
        assert problem.startswith("locations/wisconsin.csv:2:2: cases: ")
        if not re.fullmatch(r"-?[0-9]+", text):  # not a number at all: the same words as YAML
            assert problem.split(": cases: ")[1] == yaml[0].split(": totals.cases: ")[1]


@settings(SETTINGS, max_examples=8)
@given(text=SPELLINGS.filter(lambda text: len(text) < 40))
@example(text="0227")
@example(text="000000000000000000007")
@example(text="0x1F")
def test_the_pdf_shows_what_a_person_reads_or_no_pdf_is_made(region, tmp_path, text):
    (region / "wisconsin.yaml").write_text(WISCONSIN.format(cases=text))
    out = tmp_path / f"{abs(hash(text))}.pdf"
    outcome = build_job(Job(region, region / "wisconsin.yaml", out))
    expected = person_reads(text)
    if expected is not None and expected <= MAX_COUNT:
        assert outcome.ok, outcome.problems
        first_page = PdfReader(out).pages[0].extract_text()
        assert f"{expected:,}\nCases Reported" in first_page
    else:
        assert not out.exists()
        [problem] = outcome.problems
        assert (problem.line, problem.column, problem.field) == (6, 10, "totals.cases")


def test_leading_zeros_print_as_the_decimal_number(region, build_handout):
    text = WISCONSIN.format(cases="0227").replace("579", "0579") \
        + "demographics:\n  gender:\n    Female: 0200\n    Male: 010\n    '010': 09\n"
    pdf = build_handout(text)
    words = " ".join(page.extract_text() for page in PdfReader(pdf).pages).split()
    assert "227" in words and "579" in words
    assert "151" not in words and "8" not in words  # not read as octal
    assert "010" in words and "9" in words and "10" in words  # a label as typed, counts read


@pytest.mark.parametrize("spelling", ["0x1F", "1:30", "1_000", "0o17", "1e3", ".inf", "+5"])
def test_a_refused_spelling_names_its_fix_and_builds_no_pdf(region, tmp_path, capsys, spelling):
    (region / "wisconsin.yaml").write_text(WISCONSIN.format(cases=spelling))
    assert main(["build", str(region / "wisconsin.yaml"), "--out", str(tmp_path / "out"),
                 "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"wisconsin.yaml:6:10: totals.cases: expected a whole number, found {spelling}; " \
        "write" in err
    assert not (tmp_path / "out" / "region-v" / "wisconsin.pdf").exists()


@pytest.mark.parametrize("where", ["suppress_below", "year", "cases", "csv", "agencies"])
def test_thousands_of_digits_are_refused_without_a_traceback(region, capsys, where):
    huge = "7" * 5000
    text = WISCONSIN.format(cases=huge if where == "cases" else 227) \
        + f"heat_map:\n  year: {huge if where == 'year' else 2016}\n" \
        "  locations: locations/wisconsin.csv\n" \
        f"efforts:\n  referral_directory:\n    agencies: {huge if where == 'agencies' else 2}\n"
    (region / "wisconsin.yaml").write_text(text)
    if where == "suppress_below":
        with open(region / "region.yaml", "a") as file:
            file.write(f"suppress_below: {huge}\n")
    if where == "csv":
        (region / "locations" / "wisconsin.csv").write_text(f"county,cases\nDane,{huge}\n")
    assert main(["validate", str(region)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Exceeds the limit" not in err and huge not in err
    assert "expected a whole number, found 5,000 characters; a count has at most 8 digits: " \
        "check for a typo" in err


@pytest.mark.parametrize("value", ["yes", "no", "on", "off", "y", "1", "'true'"])
def test_only_true_and_false_are_flags(region, value):
    problems, _ = state_problems(region, WISCONSIN.format(cases=227) + f"illustrative: {value}\n")
    [problem] = problems
    assert problem.startswith("wisconsin.yaml:8:15: illustrative: expected true or false, found ")
    assert problem.endswith("; write true or false")


@pytest.mark.parametrize("value, flag", [("true", True), ("False", False), ("TRUE", True),
                                         ("tRuE", True)])
def test_true_and_false_in_any_case_are_flags(region, value, flag):
    _, profile = state_problems(region, WISCONSIN.format(cases=227) + f"illustrative: {value}\n")
    assert profile.state.illustrative is flag


@pytest.mark.parametrize("value", ["940.302", "0227", "1:30", "0x1F", "yes", "2016-12-01", "1e3"])
def test_text_fields_keep_number_like_values_as_typed(region, value):
    text = WISCONSIN.format(cases=227) + f"laws:\n  - title: {value}\n    citation: {value}\n"
    _, profile = state_problems(region, text)
    assert (profile.state.laws[0].title, profile.state.laws[0].citation) == (value, value)
