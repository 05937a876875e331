"""One run lists every problem of every file that can be checked: a file's mistakes of
every kind together, the other states despite a broken or incomplete region, and a
missing state as one problem among the others while the states that are fine are built."""

import pytest

from report.cli import main

STATE = """\
state: Wisconsin
state: Wisconsin
period:
  start: 2017-01
  end: 2016-12
totals:
  cases: 0x1F
  potential_victims: 10
  casses: 3
demographics:
  age:
    Adult: 9
    Minor: 9
venues:
  sex_trafficking: [a, b, c, d, e]
heat_map:
  year: 20016
  locations: locations/wisconsin.csv
laws:
  - title: "a\\x1b"
    citation: c
    url: ftp://x.org
"""
EVERY_MISTAKE = [
    "wisconsin.yaml:2:1: state: appears twice; keep one",
    "wisconsin.yaml:4:10: period.start: January 2017 is after the end, December 2016; swap "
    "them or correct one",
    "wisconsin.yaml:7:10: totals.cases: expected a whole number, found 0x1F; write the count "
    "in ordinary decimal digits, without 0x, 0o or 0b",
    "wisconsin.yaml:9:3: totals.casses: unknown key 'casses'; did you mean 'cases'?",
    "wisconsin.yaml:12:5: demographics.age: adds up to 18, more than "
    "totals.potential_victims (10); correct the counts or the total",
    "wisconsin.yaml:15:20: venues.sex_trafficking: has 5 entries; at most 4 are allowed",
    "wisconsin.yaml:17:9: heat_map.year: expected a whole number of at most 2100, found 20016",
    "wisconsin.yaml:20:12: laws[1].title: contains the control character U+001B; delete it",
    "wisconsin.yaml:22:10: laws[1].url: 'ftp://x.org' is not a web address; write a full "
    "http:// or https:// URL",
    "locations/wisconsin.csv:2:1: county: 'Milwuakee' is not a county of Wisconsin; did you "
    "mean 'Milwaukee'?",
    "locations/wisconsin.csv:3:2: cases: expected a whole number, found 1,200; write it as "
    "1200, without commas",
]


OUT: list[str] = []  # what the last run printed on standard output


def run(region, capsys, *args) -> tuple[int, list[str]]:
    """The exit status and standard error (paths shortened) of the command."""
    status = main([*args])
    captured = capsys.readouterr()
    OUT.append(captured.out)
    return status, [line.replace(f"{region}/", "") for line in captured.err.splitlines()]


def test_every_mistake_of_a_state_and_its_locations_in_one_run(region, capsys):
    (region / "wisconsin.yaml").write_text(STATE)
    (region / "locations" / "wisconsin.csv").write_text(
        'county,cases\nMilwuakee,3\nDane,"1,200"\n')
    status, lines = run(region, capsys, "validate", str(region / "wisconsin.yaml"))
    assert status == 1
    assert lines == EVERY_MISTAKE


def listing(region, states: str) -> None:
    text = (region / "region.yaml").read_text()
    (region / "region.yaml").write_text(text.replace(
        "states: [illinois, indiana, michigan, minnesota, ohio, wisconsin]", f"states: {states}"))


def test_a_missing_state_is_one_problem_and_the_others_are_checked(region, capsys):
    listing(region, "[illinois, atlantis, wisconsin]")
    (region / "wisconsin.yaml").write_text(STATE)
    status, lines = run(region, capsys, "validate", str(region))
    assert status == 1
    assert f"region.yaml:7:20: states[2]: there is no file atlantis.yaml in {region}; add the " \
        "file or remove the name" in lines
    assert set(EVERY_MISTAKE[:9]) <= set(lines)  # and wisconsin's mistakes, all of them


def test_a_missing_state_does_not_stop_the_build_of_the_others(region, tmp_path, capsys):
    listing(region, "[illinois, atlantis, wisconsin]")
    out = tmp_path / "out"
    status, lines = run(region, capsys, "build", str(region), "--out", str(out), "--jobs", "1",
                        "-q")
    assert status == 1
    assert lines == [f"region.yaml:7:20: states[2]: there is no file atlantis.yaml in {region}; "
                     "add the file or remove the name"]
    assert sorted(p.name for p in (out / "region-v").iterdir()) == ["illinois.pdf",
                                                                    "wisconsin.pdf"]


@pytest.mark.parametrize("edit", [
    ("intro: >-", "intro_text: >-"),
    ("title: \"{state}", "title: [\"{state}"),
    ("states: [illinois", "states: illinois, [indiana"),
    ("agency: U.S. Department of Health and Human Services", "agency: ''"),
    ("suppress_below: 3", "suppress_below: three"),
])
def test_a_region_file_with_mistakes_does_not_stop_the_states_being_checked(region, capsys,
                                                                            edit):
    text = (region / "region.yaml").read_text()
    if "suppress_below" in edit[0]:
        text += "suppress_below: 3\n"
    (region / "region.yaml").write_text(text.replace(*edit))
    (region / "wisconsin.yaml").write_text(STATE)
    status, lines = run(region, capsys, "validate", str(region))
    assert status == 1
    assert any(line.startswith("region.yaml:") for line in lines)
    assert set(EVERY_MISTAKE[:9]) <= set(lines)
    assert "  FAILED  " + str(region / "wisconsin.yaml") in OUT[-1]
    assert "  ok      " + str(region / "illinois.yaml") in OUT[-1]  # checked though not built


def test_validate_reads_no_state_file_outside_the_region(region, tmp_path, capsys):
    (tmp_path / "elsewhere.yaml").write_text("SECRET: [\n")
    listing(region, "['../elsewhere', wisconsin]")
    status, lines = run(region, capsys, "validate", str(region))
    assert status == 1
    assert not any("SECRET" in line or "elsewhere.yaml:" in line for line in lines)
    assert "  ok      " + str(region / "wisconsin.yaml") in OUT[-1]
