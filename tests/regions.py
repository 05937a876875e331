"""Region folders for tests: a region.yaml and one small illustrative state file per member.

The ten HHS regions' members are copied here from the project's reference
list (HHS Office of Intergovernmental and External Affairs, "Regional
Offices"), as USPS codes so that no test depends on how names are spelled.
"""

from pathlib import Path

HHS_REGIONS = {
    1: ["CT", "ME", "MA", "NH", "RI", "VT"],
    2: ["NJ", "NY", "PR", "VI"],
    3: ["DE", "DC", "MD", "PA", "VA", "WV"],
    4: ["AL", "FL", "GA", "KY", "MS", "NC", "SC", "TN"],
    5: ["IL", "IN", "MI", "MN", "OH", "WI"],
    6: ["AR", "LA", "NM", "OK", "TX"],
    7: ["IA", "KS", "MO", "NE"],
    8: ["CO", "MT", "ND", "SD", "UT", "WY"],
    9: ["AZ", "CA", "HI", "NV", "AS", "GU", "MP"],
    10: ["AK", "ID", "OR", "WA"],
}
# Every state, DC and the five territories: all 56 have boundaries in shapefiles/.
EVERY_MEMBER = sorted(code for members in HHS_REGIONS.values() for code in members)

REGION_YAML = """\
agency: {agency}
region: {region}
title: {title}
data_source: National Human Trafficking Hotline
states: [{states}]
intro: This profile summarizes what was reported in {{state}}.
"""

STATE_YAML = """\
state: {code}
illustrative: true
period:
  start: 2019-01
  end: 2021-12
totals:
  cases: {cases}
  potential_victims: {victims}
{laws}"""

LAWS_YAML = """\
laws:
  - title: {code} Trafficking Act
    citation: {code} Code 1-{index}
"""


def quoted(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_region(folder: Path, members: list[str], *, region: str = "Region Test",
                 title: str = "{state}: Efforts to Combat Human Trafficking",
                 agency: str = "U.S. Department of Health and Human Services",
                 two_page_every: int = 3) -> Path:
    """A region folder with one illustrative state file per USPS code in `members`.

    Every `two_page_every`-th state gets laws (a second page), the others fit
    on one page; cases differ from state to state, some are 0.
    """
    folder.mkdir(parents=True)
    slugs = [code.lower() for code in members]
    (folder / "region.yaml").write_text(REGION_YAML.format(
        agency=quoted(agency), region=quoted(region), title=quoted(title),
        states=", ".join(slugs)), encoding="utf-8")
    for index, (code, slug) in enumerate(zip(members, slugs)):
        cases = (index * 7919) % 2600 if index % 5 else 0
        second_page = index % two_page_every == two_page_every - 1
        laws = LAWS_YAML.format(code=code, index=index) if second_page else ""
        (folder / f"{slug}.yaml").write_text(STATE_YAML.format(
            code=code, cases=cases, victims=2 * cases, laws=laws), encoding="utf-8")
    return folder
