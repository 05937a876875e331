"""What a handout may disclose: the one place that decides which counts are
printed, which are hidden, and which places may be shaded or named.

Three rules, each with the region's threshold `suppress_below` (default 3):

- A count from 1 to threshold - 1 is printed "fewer than N" (primary
  suppression). Where it could still be worked out from its group's other
  counts and the group's total (which the reader may find on the page, or
  guess), the next-smallest counts of its group are printed "suppressed" too
  (secondary suppression), and a group that no suppression can protect is not
  printed at all.
- The heat map shades areas, never points: each case counts in the county it
  lies in, a county with fewer than threshold cases is pooled with
  neighbouring counties that have cases until the pool reaches it, and a
  county that cannot be pooled is left off the map. An area is shaded evenly
  by its cases per square mile, so nothing finer than an area of at least
  threshold cases ever reaches the drawing.
- A county is named (in the map's alt text) only when it alone has at least
  threshold cases.
"""

from dataclasses import dataclass
from math import inf

from report.i18n import N_, _, number

DEFAULT_THRESHOLD = 3
FEWER_THAN = N_("fewer than {threshold}")
SUPPRESSED = N_("suppressed")


def suppressed_note(threshold: int) -> str:
    """Why a count reads "suppressed"."""
    return _("Suppressed: a count hidden so that a count of fewer than {threshold} cannot be "
             "worked out from the other numbers.").format(threshold=number(threshold))


def withheld_note(title: str) -> str:
    """Why a chart is missing."""
    return _("{title} is not shown: its counts are too few to show without risk of "
             "identifying anyone.").format(title=title)


def check_threshold(threshold: int) -> int:
    """Refuse 2: "fewer than 2" of a count that is not 0 would say it is 1."""
    if threshold == 2:
        raise ValueError("2 would print every count of 1 as 'fewer than 2', which can only be 1; "
                         "use 3 or more, or 1 to print every count")
    return threshold


@dataclass(frozen=True)
class Shown:
    """One count as the handout prints it: exactly, or hidden behind a phrase."""

    label: str
    text: str
    count: int | None  # the count, where it is printed exactly
    suppressed: bool = False  # hidden so that a smaller hidden count cannot be worked out

    @property
    def exact(self) -> bool:
        return self.count is not None


@dataclass(frozen=True)
class Disclosure:
    """The counts of every chart of one handout, as they may be printed.

    `groups` maps each chart's key to its printed counts, or to None where the
    chart must be left out because no suppression could protect it.
    """

    groups: dict[str, list[Shown] | None]


def disclose(groups: dict[str, dict[str, int]], threshold: int) -> Disclosure:
    """Decide how every count of every chart is printed.

    A group's total is taken as known to the reader: it may be printed
    elsewhere (the potential victims), equal another number on the page, or
    be guessed. So every hidden count must stay hidden even given its group's
    total.
    """
    return Disclosure({key: _protect(list(counts.items()), threshold)
                       for key, counts in groups.items()})


def _protect(counts: list[tuple[str, int]], threshold: int) -> list[Shown] | None:
    """Hide small counts, then the next-smallest printed ones until no hidden one
    can be worked out from the group's total."""
    fewer = _(FEWER_THAN).format(threshold=number(threshold))
    shown = [Shown(label, fewer, None) if 0 < count < threshold
             else Shown(label, number(count), count) for label, count in counts]
    values = [count for _, count in counts]
    while exposed(values, shown, threshold):
        printed = [i for i, s in enumerate(shown) if s.exact and s.count > 0]
        if not printed:
            return None
        smallest = min(printed, key=lambda i: values[i])
        shown[smallest] = Shown(shown[smallest].label, _(SUPPRESSED), None, suppressed=True)
    return shown


def reader_range(shown: Shown, threshold: int) -> tuple[float, float]:
    """The values a reader knows a printed count can have."""
    if shown.exact:
        return shown.count, shown.count
    if shown.suppressed:
        return threshold, inf  # smaller counts would read "fewer than"
    return 1, threshold - 1


def exposed(values: list[int], shown: list[Shown], threshold: int) -> bool:
    """Whether a reader who knows the group's total can pin down a hidden count:
    the hidden counts add up to the total less the printed ones, and each lies
    in its `reader_range`."""
    ranges = [reader_range(s, threshold) for s in shown]
    hidden = [i for i, s in enumerate(shown) if not s.exact]
    rest = sum(values) - sum(s.count for s in shown if s.exact)
    for i in hidden:
        others_low = sum(ranges[j][0] for j in hidden if j != i)
        others_high = sum(ranges[j][1] for j in hidden if j != i)
        if max(ranges[i][0], rest - others_high) >= min(ranges[i][1], rest - others_low):
            return True
    return False


@dataclass(frozen=True)
class Area:
    """Counties shaded as one on the heat map, and the cases reported in them."""

    counties: tuple[int, ...]  # indices into the state's counties
    cases: int


def map_areas(county_cases: list[int], neighbours: list[frozenset[int]],
              threshold: int) -> list[Area]:
    """Counties with cases, each alone or pooled with neighbours so that every
    area has at least `threshold` cases; a county that cannot reach it even
    with its neighbours is left out.

    The smallest area is pooled first, with its smallest neighbouring area
    that has cases (ties: the lowest county index), so pools stay small.
    """
    areas = {i: [i] for i, cases in enumerate(county_cases) if cases > 0}
    totals = {i: county_cases[i] for i in areas}
    owner = {i: i for i in areas}
    while small := [a for a in areas if totals[a] < threshold]:
        area = min(small, key=lambda a: (totals[a], a))
        around = {owner[n] for county in areas[area] for n in neighbours[county]
                  if n in owner and owner[n] != area}
        members, cases = areas.pop(area), totals.pop(area)
        for county in members:
            del owner[county]
        if around:
            into = min(around, key=lambda a: (totals[a], a))
            areas[into] += members
            totals[into] += cases
            owner.update(dict.fromkeys(members, into))
    return [Area(tuple(sorted(areas[a])), totals[a]) for a in sorted(areas)]


def nameable_counties(county_cases: list[int], threshold: int, most: int = 3) -> list[int]:
    """Indices of the counties with most cases, most first, each with at least
    `threshold` cases of its own."""
    ranked = sorted(range(len(county_cases)), key=lambda i: -county_cases[i])
    return [i for i in ranked if county_cases[i] >= max(threshold, 1)][:most]


def handout_disclosure(state, threshold: int) -> Disclosure:
    """How the charts of a state's handout print their counts."""
    groups = {key: counts for key in ("citizenship", "gender", "age")
              if (counts := getattr(state.demographics, key, None))}
    if state.call_types:
        groups["call_types"] = state.call_types.counts
    return disclose(groups, threshold)


def heat_map_areas(profile) -> list[Area]:
    """The areas the profile's heat map may shade (none without located cases)."""
    if profile.cases is None:
        return []
    return map_areas(profile.county_cases, profile.geography.county_neighbours,
                     profile.texts.suppress_below)
