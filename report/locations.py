"""Read a locations CSV (counties, FIPS codes or coordinates) into located cases.

Counts are read by the same rule as the YAML files (`model.whole_number`), and
every row's problems are located at the line the row starts on.
"""

import csv
import io
import re
from pathlib import Path

import numpy as np

from report import geo
from report.errors import Problem
from report.model import MAX_COUNT, Cases, describe, whole_number
from report.read import Document, read_text

CSV_COLUMNS = (("county", "cases"), ("fips", "cases"), ("latitude", "longitude", "cases"))
MAX_HINTS = 100  # unknown county names of a file that get a "did you mean" (each costs time)
DEGREES = re.compile(r"[-+]?([0-9]{1,3}(\.[0-9]{0,15})?|\.[0-9]{1,15})")


def read_locations(file: Path, folder: Path, geography: "geo.StateGeography",
                   problems: list[Problem]) -> Cases | None:
    """Case locations from a CSV of `folder`, or None with its problems recorded."""
    text = read_text(file, folder, csv_doc := Document(file))
    problems.extend(csv_doc.problems)
    if text is None:
        return None
    rows = _csv_rows(file, text, problems)
    if rows is None:
        return None
    header = tuple(cell.strip().lower() for cell in rows[0][1]) if rows else ()
    if header not in CSV_COLUMNS:
        expected = " or ".join(",".join(columns) for columns in CSV_COLUMNS)
        hint = "; separate the values with commas" if any(separator in "".join(header)
                                                          for separator in ";\t|") else ""
        problems.append(Problem(file, 1, 1, "(header)", f"the first row must be {expected}; "
                                f"found {','.join(header) or 'nothing'}{hint}"))
        return None
    points, first_problem = [], len(problems)
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        hint = len(problems) - first_problem < MAX_HINTS
        point = _read_row(file, line, header, row, geography, problems, hint)
        if point is not None:
            points.append(point)
    x, y, weights = (np.array(column, dtype=float) for column in zip(*points)) \
        if points else (np.empty(0),) * 3
    return Cases(x, y, weights)


def _csv_rows(file: Path, text: str, problems: list[Problem]
              ) -> list[tuple[int, list[str]]] | None:
    """Each row of a CSV text with the line it starts on, or None with a problem."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, line = [], 1
    try:
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(file, line, 1, "(file)",
                                f"cannot be read as CSV ({error}); check for a quote \" "
                                "that is opened but not closed"))
        return None
    return rows


def _read_row(file: Path, line: int, header: tuple[str, ...], row: list[str],
              geography: "geo.StateGeography", problems: list[Problem], hint: bool):
    """(x, y, cases) of one CSV row, or None with its problems recorded (with a
    "did you mean" if `hint`)."""
    def problem(column: str, message: str) -> None:
        index = header.index(column) + 1 if column in header else 1
        problems.append(Problem(file, line, index, column, message))

    if len(row) != len(header):
        problem(header[0], _wrong_length(row, header))
        return None
    cells = dict(zip(header, (cell.strip() for cell in row)))
    cases = _cases(cells["cases"], problem)
    place = _place(cells, geography, problem, hint)
    if place is None or cases is None:
        return None
    return (*place, cases)


def _cases(text: str, problem) -> int | None:
    """The cases of a row, read like every count, or None with a problem."""
    try:
        cases = whole_number(text)
    except ValueError as error:
        problem("cases", str(error))
        return None
    if cases < 1:
        problem("cases", f"expected a whole number of at least 1, found {text}")
    elif cases > MAX_COUNT:
        problem("cases", f"{cases:,} is more than {MAX_COUNT:,}; check for a typo")
    return cases if 1 <= cases <= MAX_COUNT else None


def _wrong_length(row: list[str], header: tuple[str, ...]) -> str:
    """What is wrong with a row of the wrong number of values, and a likely cause."""
    found = f"has {len(row)} value{'s' * (len(row) != 1)}; expected {len(header)} " \
        f"({','.join(header)})"
    if any("\n" in cell for cell in row):
        return f"{found}; check for a quote \" that is opened but not closed"
    number = ",".join(cell.strip() for cell in row[len(header) - 1:])
    if header[-1] == "cases" and re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", number):
        return f"{found}; write the number {number} as {number.replace(',', '')}, " \
            "without commas"
    if len(row) > len(header):
        return f"{found}; put a name that contains a comma in double quotes, " \
            "and write numbers without commas"
    return found


def _place(cells: dict[str, str], geography: "geo.StateGeography", problem, hint: bool):
    if "county" in cells:
        return _county(cells, geography, problem, hint)
    if "fips" in cells:
        if not geography.has_county_fips(cells["fips"]):
            problem("fips", f"{describe(cells['fips'])} is not the 5-digit FIPS code of a county "
                    f"of {geography.name} (they start with {geography.fips})")
            return None
        return _county_point(cells["fips"], "fips", cells, geography, problem)
    if not (DEGREES.fullmatch(cells["latitude"]) and DEGREES.fullmatch(cells["longitude"])):
        problem("latitude", "latitude and longitude must be decimal degrees like 43.04, "
                f"-87.91; found {describe(cells['latitude'])}, {describe(cells['longitude'])}")
        return None
    lat, lon = float(cells["latitude"]), float(cells["longitude"])
    x, y = geography.project(np.array([lon]), np.array([lat]))
    if not np.isfinite(x[0]) or not geography.contains(x, y)[0]:
        problem("latitude", f"the point {lat}, {lon} is outside {geography.name}; "
                "check the coordinates (latitude first, west is negative)")
        return None
    return float(x[0]), float(y[0])


def _county(cells: dict[str, str], geography: "geo.StateGeography", problem, hint: bool):
    name = cells["county"]
    fips = geography.county_fips(name)
    if fips is not None:
        return _county_point(fips, "county", cells, geography, problem)
    if choices := geography.county_choices(name):
        problem("county", f"{describe(name)} is both a county and an independent city of "
                f"{geography.name}; write {' or '.join(map(repr, choices))}")
        return None
    close = geography.close_county_names(name) if hint else []
    hint = f"did you mean {' or '.join(map(repr, close))}?" if close else "check the spelling"
    problem("county", f"{describe(name)} is not a county of {geography.name}; {hint}")
    return None


def _county_point(fips: str, column: str, cells: dict[str, str],
                  geography: "geo.StateGeography", problem):
    point = geography.county_point(fips)
    if point is None:
        problem(column, f"{describe(cells[column])} is too small to show on this map; "
                "count its cases in a neighbouring county, or give them as latitude,longitude")
    return point
