"""A region of the 48 contiguous states, each a full handout: the Wisconsin profile's
sections and texts under every state's name, marked illustrative, with located cases
spread over a third of its counties (so each draws its own heat map)."""

import re
from pathlib import Path

from report import geo

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "region-v"
OUTLYING = {"AK", "HI", "DC", "PR", "VI", "GU", "AS", "MP"}


def contiguous_states() -> list[tuple[str, str]]:
    """(slug, official name) of the 48 contiguous states, alphabetically."""
    states = geo._states()
    names = sorted(name for name, usps in zip(states["name"], states["usps"])
                   if usps not in OUTLYING)
    return [(re.sub(r"[^a-z]+", "-", name.lower()), name) for name in names]


def write_states(folder: Path, count: int = 48) -> Path:
    """A region folder of the first `count` contiguous states."""
    (folder / "locations").mkdir(parents=True)
    states = contiguous_states()[:count]
    region = (EXAMPLE / "region.yaml").read_text(encoding="utf-8")
    region = re.sub(r"(?m)^states: .*$", f"states: [{', '.join(s for s, _ in states)}]", region)
    (folder / "region.yaml").write_text(region, encoding="utf-8")
    template = (EXAMPLE / "wisconsin.yaml").read_text(encoding="utf-8")
    for index, (slug, name) in enumerate(states):
        text = template.replace("Wisconsin", name).replace("wisconsin", slug)
        text = text.replace(f"state: {name}\n", f"state: {name}\nillustrative: true\n", 1)
        (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")
        state = geo.find_state(name)
        counties = sorted(county for fips, county in state.county_names.items()
                          if state.county_point(fips))  # the unambiguous names, with a shape
        rows = [f"{county},{1 + (index + row) * 7 % 40}"
                for row, county in enumerate(counties[::3])]
        (folder / "locations" / f"{slug}.csv").write_text(
            "county,cases\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return folder
