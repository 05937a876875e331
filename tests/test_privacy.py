"""Victims' privacy, attacked as a determined reader would: no hidden count can be
read or worked out from anything printed or said, and the heat map cannot
locate a case."""

import re
import subprocess
import sys

import pikepdf
import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from report import geo
from report.figures.heatmap import TOO_FEW_NOTE
from report.privacy import SUPPRESSED, disclose, map_areas, nameable_counties, reader_range
from tests.readback import structure_text

STATE = """\
state: Wisconsin
period: {start: 2012-12, end: 2016-12}
totals: {cases: 227, potential_victims: 579}
demographics:
  gender: {Zeta: 570, Eta: 2, Theta: 1, Iota: 0}
  age: {Kappa: 4, Lambda: 5}
call_types:
  year: 2016
  counts: {Mu: 1, Nu: 2, Xi: 3}
"""


def words(pdf) -> list[str]:
    return [word for page in PdfReader(pdf).pages for word in page.extract_text().split()]


def after(found: list[str], label: str, count: int = 3) -> list[str]:
    """The words printed right after a chart label: its value."""
    return found[found.index(label) + 1:][:count]


def set_threshold(region, value: int) -> None:
    with (region / "region.yaml").open("a") as file:
        file.write(f"suppress_below: {value}\n")


def alt_texts(pdf) -> list[str]:
    return [alt for kind, _, alt in structure_text(pdf) if kind == "Figure"]


# Primary suppression: small counts never printed.

def test_counts_below_three_print_as_fewer_than_three(build_handout):
    pdf = build_handout(STATE)
    found = words(pdf)
    for label in ("Eta", "Theta", "Mu", "Nu"):
        assert after(found, label) == ["fewer", "than", "3"], label
    for label, value in (("Zeta", "570"), ("Iota", "0"), ("Kappa", "4"), ("Xi", "3")):
        assert after(found, label, 1) == [value]
    said = " ".join(alt_texts(pdf))
    assert "Eta fewer than 3, Theta fewer than 3" in said and "Mu fewer than 3" in said


def test_the_threshold_comes_from_region_yaml(region, build_handout):
    set_threshold(region, 5)
    found = words(build_handout(STATE))
    for label in ("Eta", "Theta", "Kappa", "Mu", "Nu", "Xi"):
        assert after(found, label) == ["fewer", "than", "5"], label
    assert after(found, "Lambda", 1) == [SUPPRESSED]  # else 4 = Kappa + Lambda - 5
    assert after(found, "Iota", 1) == ["0"]


def test_a_threshold_of_two_is_refused(region):
    """'fewer than 2' of a count that is not 0 can only be 1."""
    set_threshold(region, 2)
    result = subprocess.run([sys.executable, "-m", "report", "validate", str(region)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"region\.yaml:\d+:\d+: suppress_below: 2 would print", result.stderr)


def test_totals_are_never_suppressed(build_handout):
    text = " ".join(words(build_handout(STATE.replace("cases: 227, potential_victims: 579",
                                                      "cases: 1, potential_victims: 2")
                                        .split("demographics:")[0])))
    assert "1 Cases Reported 2 Potential Persons Trafficked" in text


# Secondary suppression: no hidden count worked out by subtraction.

SUBTRACTION = """\
state: Wisconsin
period: {start: 2012-12, end: 2016-12}
totals: {cases: 227, potential_victims: 229}
demographics:
  gender: {Female: 200, Male: 27, Gender Minorities: 2}
"""


def test_a_count_recoverable_from_the_total_hides_the_next_smallest(build_handout):
    pdf = build_handout(SUBTRACTION)
    found = words(pdf)
    assert after(found, "Female", 1) == ["200"]
    assert after(found, "Male", 1) == [SUPPRESSED]
    assert after(found, "Minorities") == ["fewer", "than", "3"]
    assert "27" not in found
    text = " ".join(found)
    assert "Suppressed: a count hidden so that a count of fewer than 3 cannot be worked out" \
        in text
    said = alt_texts(pdf)
    assert any(alt.startswith("Gender: Female 200, Male suppressed, Gender Minorities fewer "
                              "than 3.") for alt in said)
    assert "27" not in " ".join(said)


def test_a_group_no_suppression_can_protect_is_left_out(build_handout):
    """Two persons, both female: 'Female fewer than 3' next to the total says 2."""
    pdf = build_handout(SUBTRACTION.replace("potential_victims: 229", "potential_victims: 2")
                        .replace("{Female: 200, Male: 27, Gender Minorities: 2}", "{Female: 2}"))
    text = " ".join(words(pdf))
    assert "Female" not in text
    assert "Gender is not shown: its counts are too few to show without risk" in text
    assert not any("Female" in alt for alt in alt_texts(pdf))


def brute_force(values: list[int], printed: list[tuple[str, int | None]], total: int,
                threshold: int) -> list[set[int]]:
    """Every value each hidden count can have, given the printed counts and that the
    group adds up to `total` (worked out by enumeration, independently of report.privacy)."""
    ranges = []
    for text, count in printed:
        if count is not None:
            ranges.append(range(count, count + 1))
        elif text == SUPPRESSED:
            ranges.append(range(threshold, total + 1))
        else:
            ranges.append(range(1, threshold))
    reachable = [{0}]  # sums reachable by the first i counts
    for values_i in ranges:
        reachable.append({s + v for s in reachable[-1] for v in values_i if s + v <= total})
    suffix = [{0}]  # sums reachable by the last counts
    for values_i in reversed(ranges):
        suffix.insert(0, {s + v for s in suffix[0] for v in values_i if s + v <= total})
    return [{v for v in ranges[i] for before in reachable[i] if total - before - v in suffix[i + 1]}
            for i in range(len(ranges)) if printed[i][1] is None]


@settings(max_examples=500, deadline=None)
@given(values=st.lists(st.integers(0, 40), min_size=1, max_size=6),
       threshold=st.sampled_from([1, 3, 4, 5, 11]))
def test_no_hidden_count_can_be_worked_out_from_its_group_total(values, threshold):
    """The reader knows the group's total (the potential victims, or any number on the page)."""
    shown = disclose({"g": {f"c{j}": v for j, v in enumerate(values)}}, threshold).groups["g"]
    if shown is None:  # left out: nothing of it is printed
        return
    for s, v in zip(shown, values):
        assert s.text == (f"fewer than {threshold}" if 0 < v < threshold
                          else s.text if not s.exact else f"{v:,}")
        assert s.exact or v > 0  # 0 is always printed
    cells = [(s.text, s.count) for s in shown]
    for possible in brute_force(values, cells, sum(values), threshold):
        assert len(possible) > 1, (values, cells)


@pytest.mark.parametrize("values", [[2], [1, 0, 0], [1, 3]])
def test_a_group_that_cannot_be_protected_is_withheld(values):
    assert disclose({"g": dict(zip("abc", values))}, 3).groups["g"] is None


def printed_charts(pdf) -> dict[str, list[tuple[str, int | None]]]:
    """Each chart as its alt text says it: title -> (printed text, exact count or None)."""
    charts = {}
    for alt in alt_texts(pdf):
        title, _, rest = alt.partition(": ")
        if title in ("Citizenship", "Gender", "Age"):
            cells = re.findall(r"(\w+) (fewer than \d+|suppressed|[\d,]+)[,.]", rest)
            charts[title] = [(text, int(text.replace(",", "")) if text[0].isdigit() else None)
                             for _, text in cells]
    return charts


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(gender=st.lists(st.integers(0, 12), min_size=2, max_size=3),
       age=st.lists(st.integers(0, 12), min_size=2, max_size=3))
def test_nothing_printed_gives_a_hidden_count_away(build_handout, gender, age):
    """The reader takes the page's alt text and text, knows each chart's total, and
    works out every value each hidden count could have: never just one."""
    total = max(sum(gender), sum(age), 1)
    groups = {"Gender": gender, "Age": age}
    yaml_groups = "".join(
        f"  {title.lower()}: {{{', '.join(f'L{i}: {v}' for i, v in enumerate(values))}}}\n"
        for title, values in groups.items())
    pdf = build_handout(SUBTRACTION.split("demographics:")[0].replace(
        "potential_victims: 229", f"potential_victims: {total}") + "demographics:\n" + yaml_groups)
    text = " ".join(words(pdf))
    charts = printed_charts(pdf)
    for title, values in groups.items():
        if title not in charts:  # left out
            assert f"{title} is not shown" in text
            continue
        cells = charts[title]
        assert [count for _, count in cells if count is not None] == \
            [v for v, (_, count) in zip(values, cells) if count is not None]
        for possible in brute_force(values, cells, sum(values), 3):
            assert len(possible) > 1, (title, values, cells)


def test_reader_ranges_hold_the_true_value():
    """1 + 1 = 51 - 49 would give both away: 9 is hidden too."""
    shown = disclose({"g": {"a": 1, "b": 1, "c": 9, "d": 40}}, 3).groups["g"]
    for s, value in zip(shown, (1, 1, 9, 40)):
        low, high = reader_range(s, 3)
        assert low <= value <= high
    assert [s.text for s in shown] == ["fewer than 3", "fewer than 3", SUPPRESSED, "40"]


# The heat map: areas, never points.

@pytest.fixture(scope="module")
def wisconsin():
    return geo.find_state("WI")


def components(cases: list[int], neighbours) -> list[set[int]]:
    """The groups of bordering counties that have cases."""
    found, seen = [], set()
    for start in (c for c in range(len(cases)) if cases[c] and c not in seen):
        group, todo = {start}, [start]
        while todo:
            for n in neighbours[todo.pop()]:
                if cases[n] and n not in group:
                    group.add(n)
                    todo.append(n)
        seen |= group
        found.append(group)
    return found


@settings(max_examples=200, deadline=None)
@given(cases=st.lists(st.integers(0, 7), min_size=72, max_size=72),
       threshold=st.sampled_from([1, 3, 5, 10]))
def test_every_shaded_area_has_enough_cases_and_is_one_piece(wisconsin, cases, threshold):
    neighbours = wisconsin.county_neighbours
    areas = map_areas(cases, neighbours, threshold)
    seen = [c for area in areas for c in area.counties]
    assert len(seen) == len(set(seen))  # no county in two areas
    for area in areas:
        assert area.cases == sum(cases[c] for c in area.counties) >= threshold
        assert all(cases[c] > 0 for c in area.counties)
        reached, todo = {area.counties[0]}, [area.counties[0]]
        while todo:  # connected through borders
            for n in neighbours[todo.pop()] & set(area.counties) - reached:
                reached.add(n)
                todo.append(n)
        assert reached == set(area.counties)
    for group in components(cases, neighbours):  # left out only where nothing reaches it
        assert (group <= set(seen)) == (sum(cases[c] for c in group) >= threshold)


def test_neighbours_are_the_bordering_counties(wisconsin):
    names = list(wisconsin.counties["name"])
    milwaukee = names.index("Milwaukee")
    around = {names[i] for i in wisconsin.county_neighbours[milwaukee]}
    assert {"Ozaukee", "Waukesha", "Racine"} <= around  # Washington meets it at a corner
    assert not {"Kenosha", "Dane", "Milwaukee"} & around
    assert all(milwaukee in wisconsin.county_neighbours[i]
               for i in wisconsin.county_neighbours[milwaukee])


def test_counties_are_named_only_with_enough_cases_of_their_own():
    assert nameable_counties([5, 2, 9, 0, 3], 3) == [2, 0, 4]
    assert nameable_counties([2, 2, 2], 3) == []


LOCATED = "latitude,longitude,cases\n43.04,-87.91,5\n43.07,-89.40,4\n"
HEAT_MAP = "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n"


def page_one(pdf, tmp_path) -> tuple[bytes, list[bytes]]:
    """Page 1 rendered at 100 dpi (its pixels), and the raw data of every image on it."""
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=100 / 72).to_pil()
    with pikepdf.open(pdf) as document:
        images = [pikepdf.PdfImage(image).read_bytes()
                  for image in document.pages[0].get_images().values()]
    return page.tobytes(), images


def build_with_rows(region, build_handout, rows: str, name: str):
    (region / "locations" / "wisconsin.csv").write_text(LOCATED + rows)
    pdf = build_handout(STATE + HEAT_MAP)
    return pdf.rename(pdf.with_name(f"{name}.pdf"))


@pytest.mark.parametrize("lone", ["45.40,-90.10,1\n", "45.40,-90.10,2\n",
                                  "46.55,-90.88,1\n45.40,-90.10,1\n"])
def test_a_lone_case_leaves_no_mark_on_the_page(region, build_handout, tmp_path, lone):
    """The reader who found a case to 1 km from the faint blob it made: the pages with
    and without it are the same, pixel for pixel, images and alt text included."""
    without = build_with_rows(region, build_handout, "", "without")
    with_lone = build_with_rows(region, build_handout, lone, "with")
    assert page_one(without, tmp_path) == page_one(with_lone, tmp_path)
    assert alt_texts(without) == alt_texts(with_lone)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_case_below_the_threshold_far_from_others_shows(region, build_handout, tmp_path,
                                                          wisconsin, data):
    counties = list(wisconsin.counties["name"])
    neighbours = wisconsin.county_neighbours
    base = data.draw(st.lists(st.sampled_from(range(len(counties))), min_size=1, max_size=4,
                              unique=True))
    near = set(base) | {n for c in base for n in neighbours[c]}
    lone = data.draw(st.sampled_from([c for c in range(len(counties)) if c not in near
                                      and not neighbours[c] & near]))
    rows = "".join(f"{counties[c]},{data.draw(st.integers(3, 30))}\n" for c in base)
    small = data.draw(st.integers(1, 2))
    (region / "locations" / "wisconsin.csv").write_text("county,cases\n" + rows)
    without = build_handout(STATE + HEAT_MAP).rename(tmp_path / "without.pdf")
    (region / "locations" / "wisconsin.csv").write_text(
        f"county,cases\n{rows}{counties[lone]},{small}\n")
    with_lone = build_handout(STATE + HEAT_MAP).rename(tmp_path / "with.pdf")
    assert page_one(without, tmp_path) == page_one(with_lone, tmp_path)
    assert alt_texts(without) == alt_texts(with_lone)


def test_a_small_county_beside_cases_is_pooled_not_pinpointed(wisconsin):
    names = list(wisconsin.counties["name"])
    cases = [0] * len(names)
    cases[names.index("Milwaukee")], cases[names.index("Ozaukee")] = 20, 1
    areas = map_areas(cases, wisconsin.county_neighbours, 3)
    assert [sorted(names[c] for c in a.counties) for a in areas] == [["Milwaukee", "Ozaukee"]]
    assert areas[0].cases == 21


def heat_map_state(region, cases: int) -> str:
    (region / "locations" / "wisconsin.csv").write_text(f"county,cases\nMilwaukee,{cases}\n")
    return STATE + HEAT_MAP + "  summary: There is red shading in southeast Wisconsin.\n"


@pytest.mark.parametrize("threshold, cases, shaded", [(3, 2, False), (5, 4, False),
                                                      (5, 5, True)])
def test_a_map_with_too_few_cases_has_no_shading_but_a_note(region, build_handout, threshold,
                                                             cases, shaded):
    set_threshold(region, threshold)
    pdf = build_handout(heat_map_state(region, cases))
    with pikepdf.open(pdf) as document:
        assert bool(document.pages[0].get_images()) == shaded  # the shading
    text = " ".join(words(pdf))
    assert (" ".join(TOO_FEW_NOTE.split()) in text) != shaded
    assert ("Too few cases with a known location were reported to the National Human "
            "Trafficking Hotline in 2016 to map without risk of identifying anyone." in text) \
        != shaded
    assert ("red shading in southeast" in text) == shaded  # the summary describes the shading
    assert ("Milwaukee" in " ".join(alt_texts(pdf))) == shaded


def test_the_booklet_prints_small_counts_as_fewer_than(region, tmp_path):
    (region / "indiana.yaml").write_text(
        (region / "indiana.yaml").read_text().replace("Gender Minorities: 3",
                                                      "Gender Minorities: 1"))
    out = tmp_path / "booklet"
    subprocess.run([sys.executable, "-m", "report", "build", str(region), "--out", str(out), "-q"],
                   check=True)
    booklet = out / "region-v" / "region-v-profiles.pdf"
    text = " ".join(words(booklet))
    assert "Gender Minorities fewer than 3" in text
    indiana = [alt for alt in alt_texts(booklet) if "Gender Minorities fewer than 3" in alt]
    assert indiana and not re.search(r"Gender Minorities 1\b", " ".join(alt_texts(booklet)))
