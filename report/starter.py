"""`report new`: a region folder of commented starter files, or one more state in a folder.

Starter state files hold invented placeholder figures and set `illustrative:
true`, so a new folder builds at once and every page says it is an example.
Nothing existing is ever overwritten, except the folder's copies of the
schemas, which are the tool's own.
"""

import difflib
import json
import string
import textwrap
from pathlib import Path

import yaml
from pydantic import TypeAdapter, ValidationError

from report import geo, schema
from report.build import write_atomically
from report.errors import ReportError
from report.load import REGION_FILE
from report.model import Slug
from report.regions import HhsRegion, hhs_region, source

TEMPLATES = Path(__file__).parent / "templates"
SCHEMA_FOLDER = ".schemas"  # beside the data files: a path relative to them always works


def new_region(folder: Path, number: int) -> list[Path]:
    """Write a folder for HHS region `number`: region.yaml and a starter file per member."""
    if folder.exists() and not folder.is_dir():
        raise ReportError(f"{folder}: is a file; give a new folder")
    region = hhs_region(number)
    files = {folder / REGION_FILE: region_text(region)}
    for slug, name in region.members.items():
        files[folder / f"{slug}.yaml"] = state_text(official_name(name), slug)
    if existing := [file for file in files if file.exists()]:
        raise ReportError(f"{folder}: already holds {', '.join(f.name for f in existing)}; "
                          "give a new folder (nothing was written)")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for file, text in files.items():
            write_new(file, text)
            written.append(file)
        schema.write(folder / SCHEMA_FOLDER)
    except OSError:
        for file in written:  # no half-made folder: the next attempt must not be refused
            file.unlink()
        raise
    return list(files)


def new_state(file: Path, name: str | None = None) -> list[str]:
    """Write a starter state file into a region folder and list it in region.yaml.

    The state is the one `name` names, else the one the file's name names
    (new-york.yaml: New York). Returns what was done, line by line.
    """
    _check_state_path(file)
    try:
        state = official_name(name or file.stem.replace("-", " ").replace("_", " "))
    except ReportError as error:
        how = "write its full name or USPS code" if name else \
            "name the file after the state (like new-york.yaml) or give the state with --state"
        raise ReportError(f"{'--state' if name else file}: {error}; {how}") from None
    write_new(file, state_text(state, file.stem))
    schema.write(file.parent / SCHEMA_FOLDER)
    return [f"wrote {file} ({state}, with placeholder figures)", list_state(file)]


def _check_state_path(file: Path) -> None:
    """Refuse a path that is not a new .yaml file of a region folder."""
    if file.suffix == ".yml":
        raise ReportError(f"{file}: name it {file.stem}.yaml: region.yaml's states are "
                          ".yaml files")
    if file.suffix != ".yaml":
        raise ReportError(f"{file}: give a region folder and --hhs-region N to start a "
                          "region, or a new state file such as my-region/ohio.yaml")
    if not (file.parent / REGION_FILE).is_file():
        raise ReportError(f"{file.parent}: no {REGION_FILE} in this folder; start a region "
                          f"folder first with: report new {file.parent} --hhs-region N")
    try:
        TypeAdapter(Slug).validate_python(file.stem)
    except ValidationError:
        raise ReportError(f"{file}: a state file's name may hold only lower-case letters, "
                          "digits, - and _, like new-york.yaml") from None
    if file.exists():
        raise ReportError(f"{file}: already exists; give another file name, or delete the "
                          "file first (nothing was written)")


def official_name(name: str) -> str:
    """The official name of the state that `name` names (as the boundary files spell it)."""
    geography = geo.find_state(name)
    if geography is None:
        close = difflib.get_close_matches(name.title(), geo.state_names(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ReportError(f"{name!r} is not a U.S. state or territory{hint}")
    return geography.name


def region_text(region: HhsRegion) -> str:
    """The commented region.yaml of an HHS region."""
    cited = "\n# ".join(textwrap.wrap(source(), 90, break_long_words=False))
    return _fill("region.yaml", region=region.name, office=region.office, source=cited,
                 states="\n".join(f"  - {slug}" for slug in region.members))


def state_text(state: str, slug: str) -> str:
    """The commented starter file of one state."""
    return _fill("state.yaml", name=state, state=_scalar(state), file=slug)


def _fill(template: str, **values: str) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    return string.Template(text).substitute(values)


def _scalar(value: str) -> str:
    """value as a YAML scalar: plain where YAML reads it back as the same text, else quoted."""
    return value if yaml.safe_load(value) == value else json.dumps(value, ensure_ascii=False)


def write_new(file: Path, text: str) -> None:
    """Write a file that must not exist yet."""
    with file.open("x", encoding="utf-8") as out:
        out.write(text)


def list_state(file: Path) -> str:
    """Add the state file to region.yaml's `states`, keeping the file's comments and layout;
    say what was done, or which line to add where that cannot be done safely."""
    region_file, slug = file.parent / REGION_FILE, file.stem
    try:
        text = region_file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    states = _states(text)
    if states is not None and slug in states:
        return f"{slug} is already listed in {region_file}"
    new_text = add_to_states(text, slug)
    if new_text is None:
        return f"add {slug} to `states` in {region_file} (a line '  - {slug}') to put it " \
            "in the booklet"
    write_atomically(region_file, new_text.encode("utf-8"))
    return f"added {slug} to `states` in {region_file}"


def add_to_states(text: str, slug: str) -> str | None:
    """region.yaml's text with slug added at the end of `states`, or None where its
    `states` cannot be found or edited without risk."""
    try:
        sequence = _states_node(text)
    except yaml.YAMLError:
        return None
    if sequence is None:
        return None
    last = sequence.value[-1]
    if sequence.flow_style:
        new_text = text[:last.end_mark.index] + ", " + slug + text[last.end_mark.index:]
    else:
        line_start = text.rfind("\n", 0, last.start_mark.index) + 1
        dash = text.rfind("-", line_start, last.start_mark.index)
        newline = "\r\n" if "\r\n" in text else "\n"
        at = text.find(newline, last.end_mark.index)
        at = len(text) if at < 0 else at
        new_text = text[:at] + newline + " " * (dash - line_start) + "- " + slug + text[at:]
    return new_text if _same_but_listed(text, new_text, slug) else None


def _states_node(text: str) -> yaml.SequenceNode | None:
    """The node of the top-level `states` list if it has items, or None."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    node = next((value for key, value in root.value if key.value == "states"), None)
    return node if isinstance(node, yaml.SequenceNode) and node.value else None


def _states(text: str) -> list | None:
    """The `states` of a region.yaml text, or None where it cannot be read."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    states = data.get("states") if isinstance(data, dict) else None
    return states if isinstance(states, list) else None


def _same_but_listed(old: str, new: str, slug: str) -> bool:
    """Whether new reads as old with slug appended to `states`, and nothing else changed."""
    try:
        before, after = yaml.safe_load(old), yaml.safe_load(new)
    except yaml.YAMLError:
        return False
    return after == {**before, "states": [*before["states"], slug]}
