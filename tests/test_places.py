"""A place name that is both a county and an independent city of a state (Richmond,
Virginia; Baltimore; St. Louis) is refused unless written unambiguously, over every
state's data; every other county name still matches."""

from collections import Counter

import pytest

from report import geo
from report.errors import InvalidInput
from report.load import load_profile, load_region
from report.privacy import nameable_counties

STATES = geo.state_names()


def shared_names(state: "geo.StateGeography") -> list[str]:
    """The names two of the state's counties (or county equivalents) have."""
    return sorted(name for name, n in Counter(state.counties["name"]).items() if n > 1)


def every_shared_name() -> list[tuple[str, str]]:
    return [(state, name) for state in STATES for name in shared_names(geo.find_state(state))]


def test_the_known_pairs_are_found_in_the_data():
    found = set(every_shared_name())
    for pair in [("Virginia", "Richmond"), ("Virginia", "Franklin"), ("Virginia", "Roanoke"),
                 ("Virginia", "Fairfax"), ("Maryland", "Baltimore"), ("Missouri", "St. Louis")]:
        assert pair in found


@pytest.mark.parametrize("state_name, name", every_shared_name())
def test_a_name_that_is_a_county_and_a_city_must_say_which(state_name, name):
    state = geo.find_state(state_name)
    codes = sorted(state.counties.loc[state.counties["name"] == name, "fips"])
    for spelling in (name, name.upper(), f" {name.lower()} ", name.replace("St.", "Saint")):
        assert state.county_fips(spelling) is None
        assert state.county_choices(spelling) == [f"{name} city", f"{name} County"]
    county, city = codes  # Census codes of independent cities are 500 and above
    assert int(city[2:]) >= 500 > int(county[2:])
    assert state.county_fips(f"{name} city") == state.county_fips(f"{name} City") == city
    assert state.county_fips(f"{name} County") == state.county_fips(f"{name} county") == county
    assert state.county_names[city] == f"{name} city"
    assert state.county_names[county] == f"{name} County"


@pytest.mark.parametrize("state_name", STATES)
def test_every_other_county_name_still_matches(state_name):
    state = geo.find_state(state_name)
    shared = set(shared_names(state))
    for fips, name in zip(state.counties["fips"], state.counties["name"]):
        if name not in shared:
            assert state.county_fips(name) == fips, name
            assert state.county_choices(name) == []
            assert state.county_names[fips] == name


def test_carson_city_is_one_place():
    nevada = geo.find_state("Nevada")
    assert nevada.county_fips("Carson City") == "32510"
    assert nevada.county_choices("Carson City") == []


VIRGINIA = """\
state: Virginia
period: {start: 2012-12, end: 2016-12}
totals: {cases: 227, potential_victims: 579}
heat_map:
  year: 2016
  locations: locations/virginia.csv
"""


def csv_problems(region, csv: str) -> list[str]:
    (region / "locations" / "virginia.csv").write_text(csv)
    (region / "virginia.yaml").write_text(VIRGINIA)
    try:
        load_profile(load_region(region), region / "virginia.yaml")
    except InvalidInput as error:
        return [str(p).replace(f"{region}/", "") for p in error.problems]
    return []


@pytest.mark.parametrize("name", ["Richmond", "Franklin", "Roanoke", "Fairfax", "richmond",
                                  "RICHMOND ", "Fairfax County City"])
def test_a_bare_ambiguous_name_in_a_csv_offers_both(region, name):
    stem = name.strip().split()[0].title()
    expected = [f"locations/virginia.csv:2:1: county: {name.strip()!r} is both a county and an "
                f"independent city of Virginia; write '{stem} city' or '{stem} County'"]
    if name == "Fairfax County City":
        expected = [f"locations/virginia.csv:2:1: county: 'Fairfax County City' is not a county "
                    "of Virginia; did you mean 'Fairfax County' or 'Fairfax city'?"]
    assert csv_problems(region, f"county,cases\n{name},4\n") == expected


def test_the_city_and_the_county_are_different_places(region):
    assert csv_problems(region, "county,cases\nRichmond city,4\nRichmond County,5\n"
                                "Franklin City,2\nFranklin county,2\n") == []
    profile = load_profile(load_region(region), region / "virginia.yaml")
    x, y = profile.cases.x, profile.cases.y
    assert ((x[0] - x[1]) ** 2 + (y[0] - y[1]) ** 2) ** 0.5 > 40_000  # metres apart
    geography = profile.geography
    per_county = geography.county_cases(x, y, profile.cases.weights)
    named = [geography.county_names[geography.counties["fips"].iloc[i]]
             for i in nameable_counties(per_county, 1, most=4)]
    assert sorted(named) == ["Franklin County", "Franklin city", "Richmond County",
                             "Richmond city"]


def test_fips_codes_need_no_words(region):
    assert csv_problems(region, "fips,cases\n51760,4\n51159,5\n") == []
