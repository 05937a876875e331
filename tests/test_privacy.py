"""Victims' privacy, end to end: no handout shows a count below the region's
threshold, and the heat map never pinpoints a place."""

import pikepdf
import pytest
from pypdf import PdfReader

from report.figures.heatmap import TOO_FEW_NOTE

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


def test_counts_below_three_print_as_fewer_than_three(build_handout):
    found = words(build_handout(STATE))
    for label in ("Eta", "Theta", "Mu", "Nu"):
        assert after(found, label) == ["fewer", "than", "3"], label
    for label, value in (("Zeta", "570"), ("Iota", "0"), ("Kappa", "4"), ("Xi", "3")):
        assert after(found, label, 1) == [value]


def test_the_threshold_comes_from_region_yaml(region, build_handout):
    set_threshold(region, 5)
    found = words(build_handout(STATE))
    for label in ("Eta", "Theta", "Kappa", "Mu", "Nu", "Xi"):
        assert after(found, label) == ["fewer", "than", "5"], label
    assert after(found, "Lambda", 1) == ["5"]
    assert after(found, "Iota", 1) == ["0"]


def test_totals_are_never_suppressed(build_handout):
    text = " ".join(words(build_handout(STATE.replace("cases: 227, potential_victims: 579",
                                                      "cases: 1, potential_victims: 2")
                                        .split("demographics:")[0])))
    assert "1 Cases Reported 2 Potential Persons Trafficked" in text


def heat_map_state(region, cases: int) -> str:
    (region / "locations" / "wisconsin.csv").write_text(f"county,cases\nMilwaukee,{cases}\n")
    return STATE + "heat_map:\n  year: 2016\n  locations: locations/wisconsin.csv\n" \
        "  summary: There is red shading in southeast Wisconsin.\n"


@pytest.mark.parametrize("threshold, cases, shaded", [(3, 2, False), (5, 4, False),
                                                      (5, 5, True)])
def test_a_map_with_too_few_cases_has_no_shading_but_a_note(region, build_handout, threshold,
                                                             cases, shaded):
    set_threshold(region, threshold)
    pdf = build_handout(heat_map_state(region, cases))
    with pikepdf.open(pdf) as document:
        assert bool(document.pages[0].get_images()) == shaded  # the shading and its legend
    text = " ".join(words(pdf))
    assert (" ".join(TOO_FEW_NOTE.split()) in text) != shaded
    assert (f"Fewer than {threshold} cases with a known location were reported to the National "
            "Human Trafficking Hotline in 2016: too few to map without risk of identifying "
            "anyone." in text) != shaded
    assert ("red shading in southeast" in text) == shaded  # the summary describes the shading
