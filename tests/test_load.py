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


def problems(region: Path, text: str | None, name: str = "wisconsin.yaml") -> list[str]:
    """Write a state file into the region (unless text is None) and return its problems,
    paths shortened."""
    file = region / name
    if text is not None:
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
    ("2.5", "expected a whole number, found 2.5; a count has no fraction or exponent: "
            "write whole digits only"),
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
                                 "http://", "file:///etc/passwd", "mailto:tips@example.org",
                                 "data:text/html,<b>x</b>", "https://例え.jp"])
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
        "found 2016-13"]


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
                               "of at least 1, found 0"),
    ("county,cases\nDane\n", "locations/wisconsin.csv:2:1: county: has 1 value; expected 2 "
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


def test_region_states_are_listed_once(region):
    lines = (region / "region.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines) if text.startswith("states:"))
    lines[line] = "states: [wisconsin, atlantis, wisconsin]"
    assert region_problems(region, "\n".join(lines)) == [
        f"region.yaml:{line + 1}:31: states[3]: 'wisconsin' is listed twice; keep one"]


def test_a_missing_state_is_that_states_problem_located_in_the_region_file(region):
    lines = (region / "region.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines) if text.startswith("states:"))
    lines[line] = "states: [wisconsin, atlantis]"
    (region / "region.yaml").write_text("\n".join(lines))
    assert problems(region, None, "atlantis.yaml") == [
        f"region.yaml:{line + 1}:21: states[2]: there is no file atlantis.yaml in "
        f"{region}; add the file or remove the name"]
    assert problems(region, None) == []


def test_yaml_syntax_error_is_at_the_line_of_the_mistake(region):
    assert problems(region, WISCONSIN + "laws: [\n") == [
        "wisconsin.yaml:8:7: (yaml): the list opened here with '[' is never closed; add ']'"]


def test_duplicate_keys_are_reported(region):
    assert problems(region, WISCONSIN + "state: Ohio\n") == [
        "wisconsin.yaml:8:1: state: appears twice; keep one"]


@pytest.mark.parametrize("text, message", [
    ("- state: Wisconsin\n", "1:1: (file): expected a group of 'name: value' lines, found a list"),
    ("Wisconsin\n", "1:1: (file): expected a group of 'name: value' lines, found 'Wisconsin'"),
    ("2016\n", "1:1: (file): expected a group of 'name: value' lines, found 2016"),
    ("", "1:1: (file): the file is empty; fill it in as the README shows"),
    ("# only a comment\n", "1:1: (file): the file is empty; fill it in as the README shows"),
])
def test_a_state_file_is_a_group_of_fields(region, text, message):
    assert problems(region, text) == [f"wisconsin.yaml:{message}"]


def test_a_file_that_is_not_utf8_names_the_first_bad_byte(region):
    (region / "wisconsin.yaml").write_bytes(WISCONSIN.replace("Wisconsin", "Wisc\xf6nsin")
                                            .encode("latin-1"))
    assert problems(region, None) == [
        "wisconsin.yaml:1:12: (file): is not UTF-8 text; save it as UTF-8 in your editor"]


def test_python_tags_are_refused_and_run_nothing(region, tmp_path):
    marker = tmp_path / "ran"
    text = f"state: !!python/object/apply:os.system ['touch {marker}']\n"
    assert problems(region, text) == [
        "wisconsin.yaml:1:8: (yaml): the tag !!python/object/apply:os.system is not allowed; "
        "write plain text, numbers and lists"]
    assert not marker.exists()


@pytest.mark.parametrize("text, message", [
    ("state: !vault x\n", "1:8: (yaml): the tag !vault is not allowed; "
                          "write plain text, numbers and lists"),
    ("state: &a Wisconsin\nperiod: *a\n", "2:9: (yaml): aliases (*name) are not allowed; "
                                          "write the value out in full"),
    ("state: &a [*a]\n", "1:12: (yaml): aliases (*name) are not allowed; "
                         "write the value out in full"),
    ("state: Wis\x07consin\n", "1:11: (yaml): contains the control character U+0007; delete it"),
    ("state: Wisconsin\nperiod:\n\tstart: 2012-12\n",
     "3:1: (yaml): a tab is used for indenting; indent with spaces"),
    ("? [a, b]\n: x\n", "1:3: (yaml): a name before ':' must be plain text, not a list or group"),
    ("state: " + "[" * 3000 + "]" * 3000 + "\n",
     "1:1: (file): is nested too deeply to read; check the brackets and indentation"),
    (f"'{'x' * 1100}': 1\n",
     "1:1103: (yaml): a name before ':' is longer than 1024 characters; shorten it"),
])
def test_yaml_that_cannot_be_read_says_why(region, text, message):
    assert problems(region, text) == [f"wisconsin.yaml:{message}"]


@pytest.mark.parametrize("key", ["yes", "No", "on", "true", "2016", "0227", "1:30", "0x1F",
                                 "1e3", ".inf", "~", "null", "2016-01-01", "1_000"])
def test_labels_are_read_as_typed(region, key):
    text = WISCONSIN + f"demographics:\n  gender:\n    {key}: 3\n"
    assert problems(region, text) == []
    profile = load_profile(load_region(region), region / "wisconsin.yaml")
    assert profile.state.demographics.gender == {key: 3}


def test_counts_above_ten_million_are_typos(region):
    text = WISCONSIN.replace("cases: 227", "cases: 1000000000000")
    assert problems(region, text) == [
        "wisconsin.yaml:6:10: totals.cases: 1,000,000,000,000 is more than 10,000,000; "
        "check for a typo"]


def test_names_and_prose_have_a_maximum_length(region):
    text = WISCONSIN + f"laws:\n  - title: {'x' * 301}\n    citation: '§ 1'\n" \
        f"heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n  summary: {'y' * 2001}\n"
    assert problems(region, text) == [
        "wisconsin.yaml:9:12: laws[1].title: has 301 characters; at most 300 are allowed: "
        "shorten it",
        "wisconsin.yaml:14:12: heat_map.summary: has 2,001 characters; at most 2,000 are "
        "allowed: shorten it"]


def test_a_long_label_is_cut_in_the_field_name(region):
    text = WISCONSIN + f"call_types:\n  year: 2016\n  counts:\n    {'Tip ' * 80}: 3\n"
    assert problems(region, text) == [
        "wisconsin.yaml:11:5: call_types.counts.Tip Tip Tip Tip Tip Tip Tip Tip Tip T...: "
        "has 319 characters; at most 60 are allowed: shorten it"]


def test_characters_the_typeface_lacks_are_named(region):
    text = WISCONSIN + "venues:\n  sex_trafficking: [Hotels, 按摩院 massage parlours]\n"
    assert problems(region, text) == [
        "wisconsin.yaml:9:29: venues.sex_trafficking[2]: contains '按' (U+6309), '摩' (U+6469), "
        "'院' (U+9662), which the handout's typeface cannot print; replace or remove them"]


def test_latin_extended_names_are_printable(region):
    text = WISCONSIN + "venues:\n  sex_trafficking: [Łódź Straße Ñandú Œuvre “quoted” – ok]\n"
    assert problems(region, text) == []


def test_a_date_where_a_month_belongs(region):
    text = WISCONSIN.replace("start: 2012-12", "start: 2012-12-01")
    assert problems(region, text) == [
        "wisconsin.yaml:3:10: period.start: expected a month as YYYY-MM (for example 2016-12), "
        "found 2012-12-01"]


@pytest.mark.parametrize("title, found", [
    ("{State} profile", "{State}"), ("{0} profile", "{0}"),
    ("{state.__class__}", "{state.__class__}"), ("{{state}}", "{"), ("profile }", "}")])
def test_state_is_the_only_placeholder(region, title, found):
    text = (region / "region.yaml").read_text().replace(
        'title: "{state}: Efforts to Combat Human Trafficking"', f"title: '{title}'")
    assert region_problems(region, text) == [
        f"region.yaml:5:8: title: '{found}' is not allowed: {{state}} is the only placeholder; "
        "remove the braces or write {state}"]


def test_missing_region_file(region):
    (region / "region.yaml").unlink()
    with pytest.raises(InvalidInput) as error:
        load_region(region)
    assert str(error.value) == (f"{region}/region.yaml:1:1: (file): there is no such file; "
                                "create it as the README shows, or check the path")


def test_a_state_file_that_is_a_folder(region):
    (region / "ohio.yaml").unlink()
    (region / "ohio.yaml").mkdir()
    load_region(region)
    with pytest.raises(InvalidInput) as error:
        load_profile(None, region / "ohio.yaml")
    assert str(error.value) == (f"{region}/ohio.yaml:1:1: (file): is a folder, not a file; "
                                "give the path of the file")


def test_files_over_a_megabyte_are_refused(region):
    assert problems(region, WISCONSIN + "# " + "x" * 1_000_000 + "\n") == [
        "wisconsin.yaml:1:1: (file): has 1,000,106 bytes; a data file may have at most "
        "1,000,000: check that this is the right file"]


@pytest.mark.parametrize("csv, message", [
    ("county,cases\nMilwaukee,20000000\n",
     "2:2: cases: 20,000,000 is more than 10,000,000; check for a typo"),
    ('county,cases\n"Milwaukee,12\nDane,3\n',
     "2:1: county: has 1 value; expected 2 (county,cases); check for a quote \" that is "
     "opened but not closed"),
    ("county,cases\nMilwaukee,1,200\n",
     "2:1: county: has 3 values; expected 2 (county,cases); write the number 1,200 as 1200, "
     "without commas"),
    ("county,cases\nMilwaukee,Dane,2\n",
     "2:1: county: has 3 values; expected 2 (county,cases); put a name that contains a comma "
     "in double quotes, and write numbers without commas"),
    ('county,cases\nMilwaukee,"1,200"\n',
     "2:2: cases: expected a whole number, found 1,200; write it as 1200, without commas"),
    ("latitude,longitude,cases\nnan,-87.9,3\n",
     "2:1: latitude: latitude and longitude must be decimal degrees like 43.04, -87.91; "
     "found 'nan', '-87.9'"),
    ('county,cases\n"' + "x" * 200_000 + '",3\n',
     "2:1: (file): cannot be read as CSV (field larger than field limit (131072)); "
     "check for a quote \" that is opened but not closed"),
])
def test_locations_csv_mistakes_say_what_to_do(region, csv, message):
    (region / "locations" / "wisconsin.csv").write_text(csv)
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    assert problems(region, text) == [f"locations/wisconsin.csv:{message}"]


@pytest.mark.parametrize("csv, column", [
    ("county,cases\nFalls Church,4\n", "county: 'Falls Church'"),
    ("fips,cases\n51610,4\n", "fips: '51610'")])
def test_a_county_too_small_for_the_map_is_a_row_error(region, csv, column):
    (region / "locations" / "virginia.csv").write_text(csv)
    text = WISCONSIN.replace("Wisconsin", "Virginia") \
        + "heat_map:\n  year: 2016\n  locations: locations/virginia.csv\n"
    assert problems(region, text) == [
        f"locations/virginia.csv:2:1: {column} is too small to show on this map; count its "
        "cases in a neighbouring county, or give them as latitude,longitude"]


@pytest.mark.parametrize("locations", ["../wisconsin.csv", "/etc/passwd",
                                       "locations/../../region-v/../x.csv"])
def test_locations_may_not_leave_the_region_folder(region, locations):
    text = WISCONSIN + f"heat_map:\n  year: 2016\n  locations: {locations}\n"
    assert problems(region, text) == [
        "wisconsin.yaml:10:14: heat_map.locations: must be a file inside the state file's "
        "folder, like locations/wisconsin.csv"]


def test_a_chart_has_at_most_twenty_categories(region):
    counts = "".join(f"    Type {i}: {i}\n" for i in range(21))
    assert problems(region, WISCONSIN + f"call_types:\n  year: 2016\n  counts:\n{counts}") == [
        "wisconsin.yaml:11:5: call_types.counts: has 21 entries; at most 20 are allowed"]


@pytest.mark.parametrize("value, message", [
    ("2,270", "found 2,270; write it as 2270, without commas"),
    ("'227'", "found '227'; write it as 227, without quotes"),
    ("'2,270'", "found 2,270; write it as 2270, without commas, and without quotes")])
def test_a_number_with_commas_or_quotes_says_how_to_write_it(region, value, message):
    assert problems(region, WISCONSIN.replace("cases: 227", f"cases: {value}")) == [
        f"wisconsin.yaml:6:10: totals.cases: expected a whole number, {message}"]


def test_a_colon_in_unquoted_text(region):
    text = WISCONSIN + "laws:\n  - title: Racketeering: organized crime\n    citation: x\n"
    assert problems(region, text) == [
        "wisconsin.yaml:9:24: (yaml): a text that contains ': ' must be in quotes; "
        "put quotes around it"]


def test_a_field_given_twice_does_not_stop_the_other_checks(region):
    text = WISCONSIN + "state: Ohio\nheat_map:\n  year: 20016\n"
    assert problems(region, text) == [
        "wisconsin.yaml:8:1: state: appears twice; keep one",
        "wisconsin.yaml:9:1: heat_map.locations: is required but missing; add it",
        "wisconsin.yaml:10:9: heat_map.year: expected a whole number of at most 2100, "
        "found 20016"]


def test_a_csv_with_semicolons(region):
    (region / "locations" / "wisconsin.csv").write_text("County;Cases\nMilwaukee;22\n")
    text = WISCONSIN + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"
    assert problems(region, text) == [
        "locations/wisconsin.csv:1:1: (header): the first row must be county,cases or "
        "fips,cases or latitude,longitude,cases; found county;cases; separate the values "
        "with commas"]


def test_a_blank_label_is_shown_quoted(region):
    text = WISCONSIN + "demographics:\n  gender:\n    '': 2\n"
    assert problems(region, text) == [
        "wisconsin.yaml:10:5: demographics.gender.'': is empty; write the text or remove the field"]


def test_labels_that_differ_only_in_spaces_are_one_label(region):
    text = WISCONSIN + "demographics:\n  gender:\n    Female: 200\n    ' Female ': 3\n"
    assert problems(region, text) == [
        "wisconsin.yaml:10:5: demographics.gender: 'Female' and ' Female ' are the same label; "
        "keep one"]
