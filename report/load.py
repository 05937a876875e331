"""Read region, state and locations files into the typed model.

Every mistake becomes a `Problem` at the file, line and column where it
stands, and all the problems of a file are reported together.
"""

import csv
import difflib
import io
import math
import types
import typing
from datetime import date
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ValidationError

from report import geo
from report.errors import InvalidInput, Problem
from report.model import MAX_COUNT, Cases, Demographics, Profile, Region, State, month_name

REGION_FILE = "region.yaml"
CSV_COLUMNS = (("county", "cases"), ("fips", "cases"), ("latitude", "longitude", "cases"))
MAX_FILE_BYTES = 1_000_000  # a state file is a few kilobytes; this is far more than any needs

Path_ = tuple[str | int, ...]


class Document:
    """A parsed YAML file and where each of its keys and values stands."""

    def __init__(self, file: Path):
        self.file = file
        self.data: object = None
        self.key_marks: dict[Path_, yaml.Mark] = {}
        self.value_marks: dict[Path_, yaml.Mark] = {}
        self.problems: list[Problem] = []

    def problem(self, path: Path_, message: str, at_key: bool = False) -> None:
        """Record a problem at the closest known position of `path` (or of its key)."""
        mark = None
        for end in range(len(path), -1, -1):
            mark = (self.key_marks.get(path[:end]) if at_key else None) \
                or self.value_marks.get(path[:end])
            if mark is not None:
                break
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.problems.append(Problem(self.file, line, column, field_name(path), message))


def field_name(path: Path_) -> str:
    """('laws', 0, 'url') -> 'laws[1].url' (list items counted from 1)."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else f".{_key(part)}" if name \
            else _key(part)
    return name or "(file)"


def _key(key: str) -> str:
    """A key as a field path shows it: a blank one quoted, a long one cut."""
    if not key.strip():
        return repr(key)
    return key if len(key) <= 40 else key[:37] + "..."


def read_text(file: Path, doc: Document) -> str | None:
    """The file's text, or None with a problem if it cannot be read as UTF-8."""
    try:
        if (size := file.stat().st_size) > MAX_FILE_BYTES:
            doc.problem((), f"has {size:,} bytes; a data file may have at most "
                        f"{MAX_FILE_BYTES:,}: check that this is the right file")
            return None
        raw = file.read_bytes()
    except FileNotFoundError:
        doc.problem((), "there is no such file; create it as the README shows, or check the path")
        return None
    except IsADirectoryError:
        doc.problem((), "is a folder, not a file; give the path of the file")
        return None
    except OSError as error:
        doc.problem((), f"cannot read the file ({error.strerror}); check the path")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        doc.problems.append(Problem(file, line, column, "(file)",
                                    "is not UTF-8 text; save it as UTF-8 in your editor"))
        return None


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only) that also refuses aliases.

    An alias repeats a value by reference; nested aliases can make a tiny
    file expand to billions of values, and no data file needs them.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"found an alias *{event.anchor}",
                                              event.start_mark)
        return super().compose_node(parent, index)


def read_yaml(file: Path) -> Document:
    """Parse a YAML file safely (plain data only) and note every position."""
    doc = Document(file)
    text = read_text(file, doc)
    if text is None:
        return doc
    try:
        _parse(text, doc)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        doc.problems.append(Problem(file, line, column, "(yaml)",
                                    f"contains the control character U+{error.character:04X}; "
                                    "delete it"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        doc.problems.append(Problem(file, mark.line + 1, mark.column + 1, "(yaml)",
                                    _yaml_message(error, mark)))
    except RecursionError:
        doc.problem((), "is nested too deeply to read; check the brackets and indentation")
    return doc


def _parse(text: str, doc: Document) -> None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.problem((), "the file is empty; fill it in as the README shows")
            return
        _note_positions(loader, node, (), doc)
        doc.data = loader.construct_document(node)
    finally:
        loader.dispose()


def _yaml_message(error: yaml.MarkedYAMLError, mark: yaml.Mark) -> str:
    text = " ".join(filter(None, (error.context, error.problem)))
    if "constructor for the tag" in text:
        tag = text.split("tag ")[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return f"the tag {tag} is not allowed; write plain text, numbers and lists"
    if "alias" in text:
        return "aliases (*name) are not allowed; write the value out in full"
    if "'\\t'" in text:
        return "a tab is used for indenting; indent with spaces"
    if "unhashable key" in text:
        return "a name before ':' must be plain text, not a list or group"
    if "mapping values are not allowed" in text:
        return "a name before ':' is longer than 1024 characters; shorten it" \
            if mark.column > 1024 else "a text that contains ': ' must be in quotes; " \
            "put quotes around it"
    return f"not valid YAML: {text}; check indentation, colons and quotes"


def _note_positions(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, doc: Document) -> None:
    doc.value_marks[path] = node.start_mark
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # reported by construct_document as an unhashable key
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                m = key_node.start_mark
                doc.problems.append(Problem(
                    doc.file, m.line + 1, m.column + 1, field_name(path + (key_node.value,)),
                    f"{key_node.value} is read as {_kind(key)}, not as text; "
                    f"put it in quotes: '{key_node.value}'"))
                key = key_node.value
            if key in seen:
                m = key_node.start_mark
                doc.problems.append(Problem(doc.file, m.line + 1, m.column + 1,
                                            field_name(path + (key,)),
                                            "appears twice; keep one"))
            seen.add(key)
            doc.key_marks[path + (key,)] = key_node.start_mark
            _note_positions(loader, value_node, path + (key,), doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _note_positions(loader, item, path + (index,), doc)


def validate(doc: Document, model: type[BaseModel]) -> BaseModel | None:
    """The file's data as `model`, or None with every problem recorded."""
    if doc.problems:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        for item in error.errors():
            path = tuple(p for p in item["loc"] if p != "[key]")
            is_key = "[key]" in item["loc"] or item["type"] in ("extra_forbidden", "missing")
            doc.problem(path, _message(item, model, path), at_key=is_key)
        return None


def _message(item: dict, model: type[BaseModel], path: Path_) -> str:
    kind, found, ctx = item["type"], item.get("input"), item.get("ctx", {})
    if kind == "extra_forbidden":
        return _unknown_key(path[-1], _allowed_keys(model, path[:-1]))
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
    if kind == "int_type" and isinstance(found, str) and found.replace(",", "").isdigit():
        return f"expected a whole number, found {describe(found)}; " \
            f"write it as {found.replace(',', '')}, without quotes or commas"
    return f"expected {expected}, found {describe(found)}"


def describe(value: object) -> str:
    """How a YAML value looks to the person who wrote it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a group of fields"
    return str(value)


def _kind(value: object) -> str:
    """What YAML made of an unquoted value that is not text."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a date" if isinstance(value, date) else "nothing"


def _unknown_key(key: str | int, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key {key!r}; did you mean {close[0]!r}?"
    return f"unknown key {key!r}; expected one of: {', '.join(allowed)}"


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
    """The region of a profile folder, with its list of states checked."""
    doc = read_yaml(folder / REGION_FILE)
    region = validate(doc, Region)
    if region is not None:
        seen = set()
        for index, slug in enumerate(region.states):
            if slug in seen:
                doc.problem(("states", index), f"{slug!r} is listed twice; keep one")
            elif not (folder / f"{slug}.yaml").is_file():
                doc.problem(("states", index), f"there is no file {slug}.yaml in {folder}; "
                            "add the file or remove the name")
            seen.add(slug)
    if doc.problems:
        raise InvalidInput(doc.problems)
    return region


def load_profile(region: Region, file: Path) -> Profile:
    """One state file (and its locations file) checked and resolved.

    The state's name and locations file are checked even when other fields
    are wrong, so that one run reports every mistake; but not when the YAML
    itself is broken or says a field twice, as which value counts is unclear.
    """
    doc = read_yaml(file)
    if doc.problems:
        raise InvalidInput(doc.problems)
    state = validate(doc, State)
    if state is not None:
        _check_consistency(state, doc)
    geography = _find_geography(_field(doc.data, "state"), doc)
    locations = _field(doc.data, "heat_map", "locations")
    cases = _load_cases(file, locations, geography, doc) \
        if geography is not None and isinstance(locations, str) else None
    if doc.problems:
        raise InvalidInput(doc.problems)
    return Profile(file, region, state, geography, cases)


def _field(data: object, *keys: str) -> object:
    """A value deep in the raw YAML data, or None where it is not there."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _check_consistency(state: State, doc: Document) -> None:
    if state.period.start > state.period.end:
        doc.problem(("period", "start"), f"{month_name(state.period.start)} is after the end, "
                    f"{month_name(state.period.end)}; swap them or correct one")
    for group in Demographics.model_fields:
        counts = getattr(state.demographics, group, None) or {}
        if sum(counts.values()) > state.totals.potential_victims:
            doc.problem(("demographics", group),
                        f"adds up to {sum(counts.values()):,}, more than "
                        f"totals.potential_victims ({state.totals.potential_victims:,}); "
                        "correct the counts or the total")


def _find_geography(name: object, doc: Document) -> "geo.StateGeography | None":
    if not isinstance(name, str) or not name.strip():
        return None  # already reported by the schema
    geography = geo.find_state(name.strip())
    if geography is None:
        close = difflib.get_close_matches(name.strip().title(), geo.state_names(), n=1)
        hint = f"did you mean {close[0]!r}?" if close else "write its full name or USPS code"
        doc.problem(("state",), f"{name!r} is not a U.S. state; {hint}")
    return geography


def _load_cases(file: Path, locations: str, geography: "geo.StateGeography",
                doc: Document) -> Cases | None:
    where = ("heat_map", "locations")
    csv_file = file.parent / locations.strip()
    try:
        inside = csv_file.resolve().is_relative_to(file.parent.resolve())
        found = inside and csv_file.is_file()
    except (OSError, ValueError):  # a name no file can have (too long, a NUL character)
        inside = found = False
    if not inside:
        doc.problem(where, "must be a file inside the state file's folder, "
                    "like locations/wisconsin.csv")
        return None
    if not found:
        doc.problem(where, f"there is no file {csv_file}; check the path "
                    "(it is relative to this YAML file)")
        return None
    problems_before = len(doc.problems)
    cases = read_locations(csv_file, geography, doc.problems)
    return cases if len(doc.problems) == problems_before else None


def read_locations(file: Path, geography: "geo.StateGeography",
                   problems: list[Problem]) -> Cases | None:
    """Case locations from a CSV of counties, FIPS codes or coordinates."""
    text = read_text(file, csv_doc := Document(file))
    problems.extend(csv_doc.problems)
    if text is None:
        return None
    rows = _csv_rows(file, text, problems)
    if rows is None:
        return None
    header = tuple(cell.strip().lower() for cell in rows[0]) if rows else ()
    if header not in CSV_COLUMNS:
        expected = " or ".join(",".join(columns) for columns in CSV_COLUMNS)
        hint = "; separate the values with commas" if ";" in "".join(header) else ""
        problems.append(Problem(file, 1, 1, "(header)", f"the first row must be {expected}; "
                                f"found {','.join(header) or 'nothing'}{hint}"))
        return None
    points = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        point = _read_row(file, line, header, row, geography, problems)
        if point is not None:
            points.append(point)
    x, y, weights = (np.array(column, dtype=float) for column in zip(*points)) \
        if points else (np.empty(0),) * 3
    return Cases(x, y, weights)


def _csv_rows(file: Path, text: str, problems: list[Problem]) -> list[list[str]] | None:
    """The rows of a CSV text, or None with a problem where it cannot be split into rows."""
    reader = csv.reader(io.StringIO(text))
    try:
        return list(reader)
    except csv.Error as error:
        problems.append(Problem(file, reader.line_num, 1, "(file)",
                                f"cannot be read as CSV ({error}); check for a quote \" "
                                "that is opened but not closed"))
        return None


def _read_row(file: Path, line: int, header: tuple[str, ...], row: list[str],
              geography: "geo.StateGeography", problems: list[Problem]):
    """(x, y, cases) of one CSV row, or None with its problems recorded."""
    def problem(column: str, message: str) -> None:
        index = header.index(column) + 1 if column in header else 1
        problems.append(Problem(file, line, index, column, message))

    if len(row) != len(header):
        problem(header[0], _wrong_length(row, header))
        return None
    cells = dict(zip(header, (cell.strip() for cell in row)))
    cases = _whole_number(cells["cases"])
    if cases is None or cases < 1:
        problem("cases", f"expected a whole number of at least 1, found {cells['cases']!r}")
    elif cases > MAX_COUNT:
        problem("cases", f"{cases:,} is more than {MAX_COUNT:,}; check for a typo")
    place = _place(cells, geography, problem)
    if place is None or cases is None or not 1 <= cases <= MAX_COUNT:
        return None
    return (*place, cases)


def _wrong_length(row: list[str], header: tuple[str, ...]) -> str:
    """What is wrong with a row of the wrong number of values, and a likely cause."""
    found = f"has {len(row)} value{'s' * (len(row) != 1)}; expected {len(header)} " \
        f"({','.join(header)})"
    if any("\n" in cell for cell in row):
        return f"{found}; check for a quote \" that is opened but not closed"
    if len(row) > len(header):
        return f"{found}; put a name that contains a comma in double quotes, " \
            "and write numbers without commas"
    return found


def _place(cells: dict[str, str], geography: "geo.StateGeography", problem):
    if "county" in cells:
        fips = geography.county_fips(cells["county"])
        if fips is None:
            close = geography.close_county_names(cells["county"])
            hint = f"did you mean {' or '.join(map(repr, close))}?" if close \
                else "check the spelling"
            problem("county", f"{cells['county']!r} is not a county of {geography.name}; {hint}")
            return None
        return _county_point(fips, "county", cells, geography, problem)
    if "fips" in cells:
        if not geography.has_county_fips(cells["fips"]):
            problem("fips", f"{cells['fips']!r} is not the 5-digit FIPS code of a county "
                    f"of {geography.name} (they start with {geography.fips})")
            return None
        return _county_point(cells["fips"], "fips", cells, geography, problem)
    try:
        lat, lon = float(cells["latitude"]), float(cells["longitude"])
    except ValueError:
        lat = lon = math.nan
    if not (math.isfinite(lat) and math.isfinite(lon)):
        problem("latitude", "latitude and longitude must be decimal degrees, "
                f"found {cells['latitude']!r}, {cells['longitude']!r}")
        return None
    x, y = geography.project(np.array([lon]), np.array([lat]))
    if not np.isfinite(x[0]) or not geography.contains(x, y)[0]:
        problem("latitude", f"the point {lat}, {lon} is outside {geography.name}; "
                "check the coordinates (latitude first, west is negative)")
        return None
    return float(x[0]), float(y[0])


def _county_point(fips: str, column: str, cells: dict[str, str],
                  geography: "geo.StateGeography", problem):
    point = geography.county_point(fips)
    if point is None:
        problem(column, f"{cells[column]!r} is too small to show on this map; count its cases "
                "in a neighbouring county, or give them as latitude,longitude")
    return point


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None
