"""The data contract: every rule, with the exact message a user reads."""

from pathlib import Path

import pytest

from report.errors import InvalidInput
from report.load import load_profile, load_region

WISCONSIN = """\
state: Wisconsin
period:
  start: 2012-12
  end: 2016-12
totals:
  cases: 227
  potential_victims: 579
"""


def problems(region: Path, text: str, name: str = "wisconsin.yaml") -> list[str]:
    """Write a state file into the region and return its problems, paths shortened."""
    file = region / name
    file.write_text(text, encoding="utf-8")
    try:
        load_profile(load_region(region), file)
    except InvalidInput as error:
        return [str(p).replace(f"{region}/", "") for p in error.problems]
    return []


def region_problems(region: Path, text: str) -> list[str]:
    (region / "region.yaml").write_text(text, encoding="utf-8")
    try:
        load_region(region)
    except InvalidInput as error:
        return [str(p).replace(f"{region}/", "") for p in error.problems]
    return []


def test_example_files_load(region):
    for slug in load_region(region).states:
        profile = load_profile(load_region(region), region / f"{slug}.yaml")
        assert profile.name.lower() == slug


def test_minimal_state_file_is_valid(region):
    assert problems(region, WISCONSIN) == []


def test_wisconsin_loads_every_published_figure(region):
    profile = load_profile(load_region(region), region / "wisconsin.yaml")
    state = profile.state
    assert (state.totals.cases, state.totals.potential_victims) == (227, 579)
    assert state.demographics.gender == {"Female": 200, "Male": 27, "Gender Minorities": 3}
    assert [law.citation for law in state.laws] == [
        "§ 950.045", "§ 940.302", "§ 968.28", "§ 946.82", "§ 948.051"]
    assert state.efforts.referral_directory.agencies == 21
    assert profile.cases.total > 0


def test_unknown_key_suggests_the_close_one(region):
    text = WISCONSIN.replace("totals:", "totals:\n  casses: 3", 1).replace("  cases: 227\n", "")
    assert problems(region, text) == [
        "wisconsin.yaml:5:1: totals.cases: is required but missing; add it",
        "wisconsin.yaml:6:3: totals.casses: unknown key 'casses'; did you mean 'cases'?",
    ]


def test_unknown_top_level_key_lists_the_allowed_ones_when_nothing_is_close(region):
    [message] = problems(region, WISCONSIN + "zzz: 1\n")
    assert message.startswith("wisconsin.yaml:8:1: zzz: unknown key 'zzz'; expected one of: "
                              "state, illustrative, period,")


@pytest.mark.parametrize("value, message", [
    ("-3", "expected a whole number of at least 0, found -3"),
    ("2.5", "expected a whole number, found 2.5"),
    ("many", "expected a whole number, found 'many'"),
    ("", "expected a whole number, found nothing"),
])
def test_counts_are_whole_numbers_of_at_least_zero(region, value, message):
    text = WISCONSIN.replace("cases: 227", f"cases: {value}")
    column = 10 if value else 9
    assert problems(region, text) == [f"wisconsin.yaml:6:{column}: totals.cases: {message}"]


def test_demographic_group_may_not_exceed_potential_victims(region):
    text = WISCONSIN + "demographics:\n  age:\n    Adult: 500\n    Minor: 100\n"
    assert problems(region, text) == [
        "wisconsin.yaml:10:5: demographics.age: adds up to 600, more than "
        "totals.potential_victims (579); correct the counts or the total"]


def test_venues_hold_one_to_four_names(region):
    text = WISCONSIN + "venues:\n  sex_trafficking: [a, b, c, d, e]\n  labor_trafficking: []\n"
    assert problems(region, text) == [
        "wisconsin.yaml:9:20: venues.sex_trafficking: has 5 entries; at most 4 are allowed",
        "wisconsin.yaml:10:22: venues.labor_trafficking: has 0 entries; expected at least 1",
    ]


def test_venue_names_may_not_be_empty(region):
    text = WISCONSIN + "venues:\n  sex_trafficking:\n    - Hotels\n    - '  '\n"
    assert problems(region, text) == [
        "wisconsin.yaml:11:7: venues.sex_trafficking[2]: is empty; "
        "write the text or remove the field"]


@pytest.mark.parametrize("url", ["ftp://example.org/x", "javascript:alert(1)", "example.org",
                                 "http://"])
def test_urls_are_absolute_http_or_https(region, url):
    text = WISCONSIN + f"statistics_url: '{url}'\n"
    assert problems(region, text) == [
        f"wisconsin.yaml:8:17: statistics_url: '{url}' is not a web address; "
        "write a full http:// or https:// URL"]


def test_period_start_is_not_after_end(region):
    text = WISCONSIN.replace("start: 2012-12", "start: 2017-01")
    assert problems(region, text) == [
        "wisconsin.yaml:3:10: period.start: January 2017 is after the end, December 2016; "
        "swap them or correct one"]


def test_period_months_are_yyyy_mm(region):
    text = WISCONSIN.replace("end: 2016-12", "end: 2016-13")
    assert problems(region, text) == [
        "wisconsin.yaml:4:8: period.end: expected a month as YYYY-MM (for example 2016-12), "
        "found '2016-13'"]


def test_every_problem_of_a_file_is_reported_at_once(region):
    text = WISCONSIN.replace("cases: 227", "cases: -1").replace("Wisconsin", "'  '") \
        + "laws:\n  - title: X\n"
    assert len(problems(region, text)) == 3


def test_unknown_state_suggests_a_close_name(region):
    assert problems(region, WISCONSIN.replace("Wisconsin", "Wisconsn")) == [
        "wisconsin.yaml:1:8: state: 'Wisconsn' is not a U.S. state; did you mean 'Wisconsin'?"]


def test_state_may_be_a_usps_code(region):
    assert problems(region, WISCONSIN.replace("Wisconsin", "wi")) == []


def test_unknown_county_suggests_close_names(region):
    (region / "locations" / "wisconsin.csv").write_text("county,cases\nMilwuakee,4\n")
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    [message] = problems(region, text)
    assert message.startswith("locations/wisconsin.csv:2:1: county: 'Milwuakee' is not a "
                              "county of Wisconsin; did you mean 'Milwaukee'")


def test_county_names_match_loosely(region):
    (region / "locations" / "wisconsin.csv").write_text(
        "County,Cases\nst. croix,3\nSaint Croix,2\nMILWAUKEE COUNTY,5\n")
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    assert problems(region, text) == []


@pytest.mark.parametrize("csv, message", [
    ("county,cases\nDane,0\n", "locations/wisconsin.csv:2:2: cases: expected a whole number "
                               "of at least 1, found '0'"),
    ("county,cases\nDane\n", "locations/wisconsin.csv:2:1: county: has 1 values; expected 2 "
                             "(county,cases)"),
    ("fips,cases\n17031,3\n", "locations/wisconsin.csv:2:1: fips: '17031' is not the 5-digit "
                              "FIPS code of a county of Wisconsin (they start with 55)"),
    ("latitude,longitude,cases\n41.88,-87.63,3\n",
     "locations/wisconsin.csv:2:1: latitude: the point 41.88, -87.63 is outside Wisconsin; "
     "check the coordinates (latitude first, west is negative)"),
    ("place,cases\n", "locations/wisconsin.csv:1:1: (header): the first row must be "
                      "county,cases or fips,cases or latitude,longitude,cases; found place,cases"),
])
def test_locations_csv_rules(region, csv, message):
    (region / "locations" / "wisconsin.csv").write_text(csv)
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    assert problems(region, text) == [message]


def test_fips_and_coordinates_are_accepted(region):
    (region / "locations" / "wisconsin.csv").write_text(
        "latitude,longitude,cases\n43.04,-87.91,5\n")
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    assert problems(region, text) == []
    (region / "locations" / "wisconsin.csv").write_text("fips,cases\n55079,5\n")
    assert problems(region, text) == []


def test_missing_locations_file(region):
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/nowhere.csv\n"
    [message] = problems(region, text)
    assert message.startswith("wisconsin.yaml:10:14: heat_map.locations: there is no file ")


def test_region_states_must_exist_once(region):
    lines = (region / "region.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines) if text.startswith("states:"))
    lines[line] = "states: [wisconsin, atlantis, wisconsin]"
    assert region_problems(region, "\n".join(lines)) == [
        f"region.yaml:{line + 1}:21: states[2]: there is no atlantis.yaml in "
        f"{region}; add the file or remove the name",
        f"region.yaml:{line + 1}:31: states[3]: 'wisconsin' is listed twice; keep one",
    ]


def test_yaml_syntax_error_has_a_line(region):
    [message] = problems(region, WISCONSIN + "laws: [\n")
    assert message.startswith("wisconsin.yaml:9:1: (yaml): not valid YAML:")


def test_duplicate_keys_are_reported(region):
    assert problems(region, WISCONSIN + "state: Ohio\n") == [
        "wisconsin.yaml:8:1: state: appears twice; keep one"]
