"""Alt text for the map and charts, written from the data, so that a screen
reader says what the eye sees: where the cases are, every category and count.

It tells no more than the page: counts as `report.privacy` prints them, no
county named that `report.privacy` does not allow, and an unshaded map gets no
summary of its shading.
"""

from report.i18n import N_, _, ngettext
from report.model import Profile
from report.privacy import Shown, nameable_counties, suppressed_note

TOO_FEW = N_("Too few cases with a known location were reported to show on the map.")


def heat_map_alt(profile: Profile) -> str:
    """The map described: its year, the counties with most cases, the summary."""
    heat = profile.state.heat_map
    if heat is None:
        return _("Map of {state} and its counties.").format(state=profile.name)
    if heat.alt:
        return heat.alt
    words = [_("Heat map of {state} and its counties, shaded by the cases reported to the "
               "{data_source} in {year}.").format(state=profile.name, year=heat.year,
                                                 data_source=profile.texts.data_source)]
    if not profile.map_areas:
        return " ".join([*words, _(TOO_FEW)])
    names, fips = profile.geography.county_names, profile.geography.counties["fips"]
    counties = [names[fips.iat[i]]
                for i in nameable_counties(profile.county_cases, profile.texts.suppress_below)]
    if counties:
        words.append(ngettext("Most cases were reported in {counties} County.",
                              "Most cases were reported in {counties} counties.",
                              len(counties)).format(counties=_series(counties)))
    if heat.summary:
        words.append(heat.summary)
    return " ".join(words)


def chart_alt(title: str, shown: list[Shown], threshold: int) -> str:
    """'Gender: Female 200, Male suppressed, Gender Minorities fewer than 3.' and why."""
    values = ", ".join(f"{s.label} {s.text}" for s in shown)
    words = f"{title}: {values}."
    if any(s.suppressed for s in shown):
        words += " " + suppressed_note(threshold)
    return words


def _series(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' ('A, B y C')."""
    return _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1]) \
        if len(names) > 1 else names[0]
