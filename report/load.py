"""A state's profile from its files: the region, the state, its geography and its
located cases, each checked against the typed model.

Every mistake becomes a `Problem` at the file, line and column where it
stands (`report.messages` words them), and every problem of every file that
can be checked is reported together.
"""

import difflib
import os
from pathlib import Path

from report import geo
from report.errors import InvalidInput, Problem
from report.locations import read_locations
from report.messages import validate
from report.model import (Cases, Profile, Region, Slug, State, describe, raw_part,
                          valid_part)
from report.read import Document, read_yaml

REGION_FILE = "region.yaml"


def load_region(folder: Path) -> Region:
    """The region of a profile folder, its own mistakes raised together.

    A state it lists whose file is missing is that state's problem (see
    load_profile), so that the other states are still checked and built.
    """
    doc = read_yaml(folder / REGION_FILE, folder)
    region = validate(doc, Region)
    if region is not None:
        seen = set()
        for index, slug in enumerate(region.states):
            if slug in seen:
                doc.problem(("states", index), f"{slug!r} is listed twice; keep one")
            seen.add(slug)
    if doc.problems:
        raise InvalidInput(doc.problems)
    return region


def state_files(path: Path) -> list[Path]:
    """The state files a path asks for: the file itself, or those its region lists (read
    even from a region file with other mistakes; every .yaml file of the folder when the
    list cannot be read)."""
    if not path.is_dir():
        return [path]
    states = raw_part(read_yaml(path / REGION_FILE, path).data, "states")
    if not isinstance(states, list):
        return sorted(file for file in path.glob("*.yaml") if file.name != REGION_FILE)
    slugs = [slug for slug in states if valid_part(Slug, slug)]
    return [path / f"{slug}.yaml" for slug in dict.fromkeys(slugs)]


def load_profile(region: Region | None, file: Path) -> Profile:
    """One state file (and its locations file) checked and resolved.

    The state's name, its figures and its locations file are checked even
    when other fields are wrong, so that one run reports every mistake; but
    not when the YAML itself is broken.
    """
    if not os.path.lexists(file) and (missing := _missing_state(file)):
        raise InvalidInput(missing)
    doc = read_yaml(file, file.parent)
    if doc.data is None and doc.problems:
        raise InvalidInput(doc.problems)
    state = validate(doc, State)
    geography = _find_geography(raw_part(doc.data, "state"), doc)
    locations = raw_part(doc.data, "heat_map", "locations")
    cases = _load_cases(file, locations, geography, doc) \
        if geography is not None and isinstance(locations, str) else None
    if doc.problems:
        raise InvalidInput(doc.problems)
    return Profile(file, region, state, geography, cases)


def _missing_state(file: Path) -> list[Problem]:
    """The region file's problem for a state it lists whose file is missing."""
    doc = read_yaml(file.parent / REGION_FILE, file.parent)
    states = raw_part(doc.data, "states")
    if not isinstance(states, list) or file.stem not in states:
        return []
    doc.problems.clear()
    doc.problem(("states", states.index(file.stem)), f"there is no file {file.name} in "
                f"{file.parent}; add the file or remove the name")
    return doc.problems


def _find_geography(name: object, doc: Document) -> "geo.StateGeography | None":
    if not isinstance(name, str) or not name.strip():
        return None  # already reported by the schema
    geography = geo.find_state(name.strip())
    if geography is None:
        close = difflib.get_close_matches(name.strip().title(), geo.state_names(), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "write its full name or USPS code"
        doc.problem(("state",), f"{describe(str(name))} is not a U.S. state; {hint}")
    return geography


def _load_cases(file: Path, locations: str, geography: "geo.StateGeography",
                doc: Document) -> Cases | None:
    where = ("heat_map", "locations")
    csv_file = file.parent / locations.strip()
    relative = os.path.normpath(locations.strip())
    inside = not os.path.isabs(relative) and relative.split(os.sep)[0] != ".." \
        and "\0" not in relative
    found = inside and os.path.lexists(csv_file)  # a link is followed and checked when read
    if not inside:
        doc.problem(where, "must be a file inside the state file's folder, "
                    "like locations/wisconsin.csv")
        return None
    if not found:
        doc.problem(where, f"there is no file {csv_file}; check the path "
                    "(it is relative to this YAML file)")
        return None
    problems_before = len(doc.problems)
    cases = read_locations(csv_file, file.parent, geography, doc.problems)
    return cases if len(doc.problems) == problems_before else None
