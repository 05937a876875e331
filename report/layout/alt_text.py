"""Alt text for the map and charts, written from the data, so that a screen
reader says what the eye sees: where the cases are, every category and count.

It tells no more than the page: no county is named for fewer cases than the
region's `suppress_below`, and an unshaded map gets no summary of its shading.
"""

from report.figures.charts import printed_counts
from report.model import Profile

TOO_FEW = "Too few cases with a known location were reported to show on the map."


def heat_map_alt(profile: Profile) -> str:
    """The map described: its year, the counties with most cases, the summary."""
    heat, cases, threshold = profile.state.heat_map, profile.cases, profile.texts.suppress_below
    if heat is None:
        return f"Map of {profile.name} and its counties."
    if heat.alt:
        return heat.alt
    words = [f"Heat map of {profile.name} and its counties, shaded by the cases reported to "
             f"the {profile.texts.data_source} in {heat.year}."]
    if cases is None or cases.total < threshold:
        return " ".join([*words, TOO_FEW])
    counties = profile.geography.leading_counties(cases.x, cases.y, cases.weights, threshold)
    if counties:
        words.append(f"Most cases were reported in {_series(counties)} "
                     f"{'County' if len(counties) == 1 else 'counties'}.")
    if heat.summary:
        words.append(heat.summary)
    return " ".join(words)


def chart_alt(title: str, counts: dict[str, int], suppress_below: int) -> str:
    """'Gender: Female 200, Male 27, Gender Minorities fewer than 3.'"""
    values = ", ".join(f"{label} {value}"
                       for label, value in printed_counts(counts, suppress_below))
    return f"{title}: {values}."


def _series(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))
