"""Messages a person can act on: a YAML mistake in plain words at the line where it was
made, CSV messages with the same hints as YAML ones, and any line ending read."""

import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from report.errors import InvalidInput
from report.load import load_profile, load_region
from tests.conftest import EXAMPLE

SETTINGS = settings(max_examples=120, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
LINES = (EXAMPLE / "wisconsin.yaml").read_text().splitlines()
# Lines "key: value" with a plain one-line value, whose line a mistake can be put on.
SIMPLE = [n for n, line in enumerate(LINES)
          if re.fullmatch(r" *[a-z_]+: [A-Za-z0-9][^:#'\"\[{]*", line)]
MISTAKES = {
    "unclosed quote": lambda key, value: f"{key}: '{value}",
    "unclosed double quote": lambda key, value: f'{key}: "{value}',
    "no colon": lambda key, value: f"{key} {value}",
    "unclosed bracket": lambda key, value: f"{key}: [{value}",
    "unclosed brace": lambda key, value: f"{key}: {{{value}",
    "at sign": lambda key, value: f"{key}: @{value}",
    "backquote": lambda key, value: f"{key}: `{value}",
    "text after quotes": lambda key, value: f"{key}: '{value}' and more",
    "colon in text": lambda key, value: f"{key}: {value}: more",
    "bad escape": lambda key, value: f'{key}: "{value}\\q"',
}
PYYAML_WORDS = ("while scanning", "while parsing", "<block end>", "found character",
                "could not find", "expected ','", "<stream end>")


def problems(region, text: str, name: str = "wisconsin.yaml") -> list[str]:
    (region / name).write_bytes(text.encode("utf-8"))
    try:
        load_profile(load_region(region), region / "wisconsin.yaml")
    except InvalidInput as error:
        return [str(p).replace(f"{region}/", "") for p in error.problems]
    return []


@SETTINGS
@given(line=st.sampled_from(SIMPLE), mistake=st.sampled_from(sorted(MISTAKES)))
def test_a_yaml_mistake_is_reported_in_plain_words_at_its_line(region, line, mistake):
    indent, key, value = re.fullmatch(r"( *)([a-z_]+): (.*)", LINES[line]).groups()
    lines = list(LINES)
    lines[line] = indent + MISTAKES[mistake](key, value.rstrip())
    [message] = problems(region, "\n".join(lines) + "\n")
    assert message.startswith(f"wisconsin.yaml:{line + 1}:"), (mistake, lines[line], message)
    assert ": (yaml): " in message
    assert not any(words in message for words in PYYAML_WORDS), message


@pytest.mark.parametrize("text, expected", [
    ("state: Wisconsin\ntotals:\n  cases: 227\n potential_victims: 579\n",
     "4:2: (yaml): this line is not lined up with the lines of its group; indent it like them"),
    ("state: Wisconsin\nlaws:\n  - title: a\n  citation: b\n",
     "4:3: (yaml): this line is not lined up with the lines of its group; indent it like them"),
    ("state: Wisconsin\n- Ohio\n", "2:1: (yaml): a list item ('- ') stands where a "
                                   "'name: value' line was expected; indent it under its name"),
    ("state: [Wisconsin\n\n\n\n", "1:8: (yaml): the list opened here with '[' is never closed; "
                                  "add ']'"),
    ("state: 'Wisconsin\n\n\n", "1:8: (yaml): a quote opened here is never closed; add the "
                                "closing quote"),
    ("state: Wisconsin\n---\nstate: Ohio\n", "2:1: (yaml): '---' starts a second document "
                                             "here; a data file holds one: remove it"),
])
def test_indentation_and_structure_mistakes_say_what_to_do(region, text, expected):
    assert problems(region, text) == [f"wisconsin.yaml:{expected}"]


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_any_line_ending_reads_alike(region, ending):
    csv = "county,cases\nMilwaukee,12\nDane,3\n"
    (region / "locations" / "wisconsin.csv").write_bytes(csv.replace("\n", ending).encode())
    text = (EXAMPLE / "wisconsin.yaml").read_text()
    assert problems(region, text.replace("\n", ending)) == []
    profile = load_profile(load_region(region), region / "wisconsin.yaml")
    assert profile.cases.total == 15 and profile.state.totals.cases == 227
    mistaken = text.replace("cases: 227", "cases: 2,270").replace("\n", ending)
    [message] = problems(region, mistaken)
    assert message.startswith(f"wisconsin.yaml:{text.count(chr(10), 0, text.index('cases: 227')) + 1}:")


WITH_MAP = "state: Wisconsin\nperiod: {start: 2012-12, end: 2016-12}\n" \
    "totals: {cases: 227, potential_victims: 579}\n" \
    "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"


def csv_problems(region, csv: str) -> list[str]:
    (region / "locations" / "wisconsin.csv").write_bytes(csv.encode("utf-8"))
    return problems(region, WITH_MAP)


@SETTINGS
@given(breaks=st.lists(st.integers(0, 3), min_size=1, max_size=6),
       ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_csv_rows_are_located_at_their_line_after_quoted_line_breaks(region, breaks, ending):
    """Rows whose quoted county names hold line breaks, then one wrong row."""
    rows, line = ["county,cases"], 2
    for n in breaks:
        rows.append('"Mil' + "\n" * n + 'waukee",3')
        line += n + 1
    rows.append("Nowhere,3")
    messages = csv_problems(region, ending.join(rows) + ending)
    assert messages[-1].startswith(f"locations/wisconsin.csv:{line}:1: county: 'Nowhere'")
    assert len(messages) == 1 + sum(1 for n in breaks if n)  # 'Mil\nwaukee' is no county


@pytest.mark.parametrize("cell, message", [
    ('"1,200"', "found 1,200; write it as 1200, without commas"),
    ("1_200", "found 1_200; write it as 1200, without underscores"),
    ("0x1F", "found 0x1F; write the count in ordinary decimal digits, without 0x, 0o or 0b"),
    ("3.0", "found 3.0; write it as 3"),
    ("+5", "found +5; write it as 5, without the +"),
    ("1:30", "found 1:30; write the count as one whole number, without ':'"),
])
def test_csv_number_messages_say_what_to_write_like_yaml_ones(region, cell, message):
    assert csv_problems(region, f"county,cases\nDane,{cell}\n") == [
        f"locations/wisconsin.csv:2:2: cases: expected a whole number, {message}"]
    (region / "locations" / "wisconsin.csv").unlink()
    yaml = f"state: Wisconsin\nperiod: {{start: 2012-12, end: 2016-12}}\ntotals:\n" \
        f"  cases: {cell.strip(chr(34))}\n  potential_victims: 579\n"
    assert problems(region, yaml) == [
        f"wisconsin.yaml:4:10: totals.cases: expected a whole number, {message}"]


def test_leading_zeros_agree_between_csv_and_yaml(region):
    csv_problems(region, "county,cases\nDane,022\nMilwaukee,0227\n")
    profile = load_profile(load_region(region), region / "wisconsin.yaml")
    assert sorted(profile.cases.weights) == [22, 227]


@pytest.mark.parametrize("csv", ["county,cases\n{}ville,3\n", "fips,cases\n{},3\n",
                                 "latitude,longitude,cases\n{},1,3\n"])
def test_a_long_csv_value_is_cut_in_its_message(region, csv):
    [message] = csv_problems(region, csv.format("9" * 100_000))
    assert len(message) < 400 and "..." in message


def test_a_long_unknown_key_is_cut_in_its_message(region):
    [message] = problems(region, WITH_MAP.replace("heat_map:\n  year: 2016\n  locations: "
                                                  "locations/wisconsin.csv\n", "")
                         + "x" * 1000 + ": 1\n")
    assert len(message) < 400 and "..." in message


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_a_csv_with_another_separator_says_to_use_commas(region, separator):
    [message] = csv_problems(region, f"county{separator}cases\nDane{separator}3\n")
    assert message.startswith("locations/wisconsin.csv:1:1: (header): the first row must be ")
    assert message.endswith("; separate the values with commas") and message.isprintable()
