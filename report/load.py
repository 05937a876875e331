"""Check region, state and locations files against the typed model.

Every mistake becomes a `Problem` at the file, line and column where it
stands, and every problem of every file that can be checked is reported
together.
"""

import difflib
import os
import types
import typing
from functools import cache
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from report import geo
from report.errors import InvalidInput, Problem
from report.locations import MAX_HINTS, read_locations
from report.model import (Cases, Count, Counts, Demographics, Month, Profile, Region, Slug,
                          State, describe, month_name, whole_number)
from report.read import Document, Path_, read_yaml

REGION_FILE = "region.yaml"


def validate(doc: Document, model: type[BaseModel]) -> BaseModel | None:
    """The file's data as `model`, or None with every problem recorded."""
    if doc.data is None and doc.problems:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        for index, item in enumerate(error.errors()):
            path = tuple(p for p in item["loc"] if p != "[key]")
            is_key = "[key]" in item["loc"] or item["type"] in ("extra_forbidden", "missing")
            doc.problem(path, _message(item, model, path, index < MAX_HINTS), at_key=is_key)
        return None


def _message(item: dict, model: type[BaseModel], path: Path_, hint: bool) -> str:
    """What a schema error means to the person who wrote the file (a "did you mean"
    only if `hint`: each costs time, and a file may have thousands of mistakes)."""
    kind, found, ctx = item["type"], item.get("input"), item.get("ctx", {})
    if kind == "extra_forbidden":
        return _unknown_key(path[-1], _allowed_keys(model, path[:-1]), hint)
    if kind == "missing":
        return "is required but missing; add it"
    if kind == "report":
        return item["msg"]
    if kind == "string_too_long":
        return f"has {len(found):,} characters; at most {ctx['max_length']:,} are allowed: " \
            "shorten it"
    if kind == "too_short":
        return f"has {len(found)} entries; expected at least {ctx.get('min_length', 1)}"
    if kind == "too_long":
        return f"has {len(found)} entries; at most {ctx['max_length']} are allowed"
    expected = {
        "string_type": "text",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "list_type": "a list (lines starting with '- ')",
        "dict_type": "a group of 'name: value' lines",
        "model_type": "a group of 'name: value' lines",
        "greater_than_equal": f"a whole number of at least {ctx.get('ge')}",
        "less_than_equal": f"a whole number of at most {ctx.get('le')}",
    }.get(kind)
    if expected is None:
        return item["msg"]
    if kind == "int_type" and isinstance(found, str):
        return _quoted_number(found)
    hint = "; put it in quotes" if kind == "string_type" and isinstance(found, bool) else ""
    return f"expected {expected}, found {describe(found)}{hint}"


def _quoted_number(text: str) -> str:
    """What is wrong with a number written in quotes, and what to write."""
    try:
        return f"expected a whole number, found {describe(text)}; " \
            f"write it as {whole_number(text.strip())}, without quotes"
    except ValueError as error:
        return f"{error}, and without quotes"


def _unknown_key(key: str | int, allowed: list[str], hint: bool) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6) if hint else []
    if close:
        return f"unknown key {describe(str(key))}; did you mean {close[0]!r}?"
    return f"unknown key {describe(str(key))}; expected one of: {', '.join(allowed)}"


def _allowed_keys(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names a model accepts at `path` (list indices skipped)."""
    current: object = model
    for part in path:
        if isinstance(part, int):
            continue
        current = current.model_fields[part].annotation
        current = next((t for t in _inner_types(current) if _is_model(t)), None)
        if current is None:
            return []
    return list(current.model_fields) if _is_model(current) else []


def _inner_types(annotation: object) -> list[object]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        return [t for arg in args for t in _inner_types(arg)]
    if typing.get_origin(annotation) is typing.Annotated:
        return _inner_types(args[0])
    return [annotation]


def _is_model(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


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
    states = _field(read_yaml(path / REGION_FILE, path).data, "states")
    if not isinstance(states, list):
        return sorted(file for file in path.glob("*.yaml") if file.name != REGION_FILE)
    slugs = [slug for slug in states if _valid(Slug, slug)]
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
    _check_consistency(doc)
    geography = _find_geography(_field(doc.data, "state"), doc)
    locations = _field(doc.data, "heat_map", "locations")
    cases = _load_cases(file, locations, geography, doc) \
        if geography is not None and isinstance(locations, str) else None
    if doc.problems:
        raise InvalidInput(doc.problems)
    return Profile(file, region, state, geography, cases)


def _missing_state(file: Path) -> list[Problem]:
    """The region file's problem for a state it lists whose file is missing."""
    doc = read_yaml(file.parent / REGION_FILE, file.parent)
    states = _field(doc.data, "states")
    if not isinstance(states, list) or file.stem not in states:
        return []
    doc.problems.clear()
    doc.problem(("states", states.index(file.stem)), f"there is no file {file.name} in "
                f"{file.parent}; add the file or remove the name")
    return doc.problems


def _field(data: object, *keys: str) -> object:
    """A value deep in the raw YAML data, or None where it is not there."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _valid(kind: object, data: object, *keys: str) -> object:
    """The value at `keys` in the raw data as `kind` (a model or a type), or None if it
    is missing or wrong (its problem is reported by the schema)."""
    try:
        return _adapter(kind).validate_python(_field(data, *keys))
    except ValidationError:
        return None


@cache
def _adapter(kind: object) -> TypeAdapter:
    return TypeAdapter(kind)


def _check_consistency(doc: Document) -> None:
    """Check figures against each other, wherever both are valid."""
    start, end = (_valid(Month, doc.data, "period", part) for part in ("start", "end"))
    if start and end and start > end:
        doc.problem(("period", "start"), f"{month_name(start)} is after the end, "
                    f"{month_name(end)}; swap them or correct one")
    victims = _valid(Count, doc.data, "totals", "potential_victims")
    for group in Demographics.model_fields if victims is not None else ():
        counts = _valid(Counts, doc.data, "demographics", group) or {}
        if sum(counts.values()) > victims:
            doc.problem(("demographics", group),
                        f"adds up to {sum(counts.values()):,}, more than "
                        f"totals.potential_victims ({victims:,}); correct the counts or the total")


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
