"""`report new`: a folder for every HHS region that validates and builds at once, stamped as
an example; one more state added with region.yaml's comments kept; nothing overwritten."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st
from pypdf import PdfReader

from report import geo, starter
from report.cli import main
from report.model import Region, State
from report.regions import hhs_region, hhs_regions, source

SETTINGS = settings(max_examples=200, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
STAMP = "ILLUSTRATIVE DATA - NOT HOTLINE STATISTICS"
REGIONS = hhs_regions()


def new_region(tmp_path: Path, number: int) -> Path:
    folder = tmp_path / f"region-{number}"
    assert main(["new", str(folder), "--hhs-region", str(number)]) == 0
    return folder


def read(file: Path) -> dict:
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def test_the_ten_regions_hold_every_state_and_territory_once():
    assert [region.number for region in REGIONS] == list(range(1, 11))
    names = [geo.find_state(name).name for region in REGIONS for name in region.members.values()]
    official = set(geo.state_names()) - set(geo.common_names())
    assert sorted(names) == sorted(set(names)) == sorted(official)
    assert "hhs.gov" in source()
    assert hhs_region(3).name == "Region III" and hhs_region(10).office == "Seattle"


@pytest.mark.parametrize("region", REGIONS, ids=lambda region: region.name)
def test_a_new_region_folder_validates_at_once(region, tmp_path, capsys):
    folder = new_region(tmp_path, region.number)
    settings_ = read(folder / "region.yaml")
    assert settings_["region"] == region.name
    assert settings_["agency"] == "U.S. Department of Health and Human Services"
    assert settings_["title"] == "{state}: Efforts to Combat Human Trafficking"
    assert settings_["states"] == list(region.members)
    hotline = settings_["hotlines"][0]
    assert hotline["name"] == "National Human Trafficking Hotline"
    assert "1-888-373-7888" in hotline["phone"] and "233733" in hotline["phone"]
    for slug, name in region.members.items():
        state = read(folder / f"{slug}.yaml")
        assert state["illustrative"] is True
        assert state["state"] == geo.find_state(name).name  # the official name
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out.count("  ok  ") == len(region.members)


def fields(model) -> set[str]:
    """Every field name of a model and of the models its fields hold."""
    names = set()
    for name, field in model.model_fields.items():
        names.add(name)
        for inner in _models_in(field.annotation):
            names |= fields(inner)
    return names


def _models_in(annotation) -> list:
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


@pytest.mark.parametrize("kind, model", [("region", Region), ("state", State)])
def test_starter_files_document_every_field(kind, model, tmp_path):
    folder = new_region(tmp_path, 2)
    file = folder / ("region.yaml" if kind == "region" else "us-virgin-islands.yaml")
    text = file.read_text(encoding="utf-8")
    written = set(re.findall(r"^[#\s-]*([a-z_]+):", text, re.MULTILINE))
    assert fields(model) <= written
    assert all(len(line) <= 100 for line in text.splitlines())


def test_starter_figures_are_placeholders_and_say_so(tmp_path):
    folder = new_region(tmp_path, 2)
    texts = [(folder / f"{slug}.yaml").read_text(encoding="utf-8")
             for slug in hhs_region(2).members]
    for text in texts:
        assert "INVENTED PLACEHOLDER, NOT HOTLINE STATISTICS" in text
        assert text.count("PLACEHOLDER") >= 8  # at each section of figures
    without_names = {re.sub(r"^(state|#).*$", "", text, flags=re.MULTILINE) for text in texts}
    assert len(without_names) == 1  # the same invented figures in every starter file


@pytest.mark.parametrize("number", [
    3, 9, *(pytest.param(n, marks=pytest.mark.slow) for n in (1, 2, 4, 5, 6, 7, 8, 10))])
def test_a_new_region_builds_with_every_page_stamped(number, tmp_path):
    folder = new_region(tmp_path, number)
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out), "--jobs", "2", "-q"]) == 0
    for slug, name in hhs_region(number).members.items():
        reader = PdfReader(out / folder.name / f"{slug}.pdf")
        first = " ".join(reader.pages[0].extract_text().split())
        assert STAMP in first
        assert f"{geo.find_state(name).name}: Efforts to Combat" in first
        assert all(STAMP in page.extract_text() for page in reader.pages)
    assert (out / folder.name / f"{folder.name}-profiles.pdf").is_file()


def test_a_state_added_to_a_region_builds_and_keeps_region_comments(tmp_path, capsys):
    folder = new_region(tmp_path, 9)
    before = (folder / "region.yaml").read_text(encoding="utf-8")
    assert main(["new", str(folder / "us-virgin-islands.yaml")]) == 0
    assert "added us-virgin-islands" in capsys.readouterr().out
    after = (folder / "region.yaml").read_text(encoding="utf-8")
    assert read(folder / "region.yaml")["states"] == [*hhs_region(9).members,
                                                       "us-virgin-islands"]
    lines = after.splitlines()
    assert lines.pop(lines.index("  - us-virgin-islands")) and lines == before.splitlines()
    assert read(folder / "us-virgin-islands.yaml")["state"] == "United States Virgin Islands"
    out = tmp_path / "out"
    assert main(["build", str(folder / "us-virgin-islands.yaml"), "--out", str(out), "-q"]) == 0
    text = PdfReader(out / folder.name / "us-virgin-islands.pdf").pages[0].extract_text()
    assert "United States Virgin Islands: Efforts" in " ".join(text.split())


@pytest.mark.parametrize("file, name, official", [
    ("dc.yaml", "Washington, D.C.", "District of Columbia"),
    ("saipan.yaml", "CNMI", "Commonwealth of the Northern Mariana Islands"),
    ("new-york.yaml", None, "New York"),
    ("northern-mariana-islands.yaml", None, "Commonwealth of the Northern Mariana Islands"),
])
def test_the_state_of_a_new_file_is_named_by_state_or_by_the_file(file, name, official,
                                                                    tmp_path):
    folder = new_region(tmp_path, 5)
    assert main(["new", str(folder / file), *(["--state", name] if name else [])]) == 0
    assert read(folder / file)["state"] == official
    assert main(["validate", str(folder / file)]) == 0


def refused(args: list[str], capsys) -> str:
    """Run `report` with args, which must exit 2 without a traceback; its message."""
    try:
        status = main(args)
    except SystemExit as exit_:
        status = exit_.code
    captured = capsys.readouterr()
    assert status == 2 and "Traceback" not in captured.err
    return captured.err


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {file: file.read_bytes() for file in sorted(folder.rglob("*")) if file.is_file()}


def test_nothing_existing_is_overwritten(tmp_path, capsys):
    folder = new_region(tmp_path, 3)
    (folder / "maryland.yaml").write_text("state: Maryland  # my own work\n")
    before = snapshot(folder)
    assert "already holds region.yaml" in refused(["new", str(folder), "--hhs-region", "3"],
                                                  capsys)
    assert "already exists" in refused(["new", str(folder / "maryland.yaml")], capsys)
    assert snapshot(folder) == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "guam.yaml").write_text("mine\n")
    message = refused(["new", str(other), "--hhs-region", "9"], capsys)
    assert "guam.yaml" in message and "nothing was written" in message
    assert [p.name for p in other.iterdir()] == ["guam.yaml"]


@given(value=st.text(max_size=4).filter(lambda v: not (v.isdecimal() and 1 <= int(v) <= 10))
       | st.integers().filter(lambda n: not 1 <= n <= 10).map(str))
@SETTINGS
def test_a_region_number_outside_1_to_10_is_refused(value, tmp_path_factory, capsys):
    folder = tmp_path_factory.mktemp("bad") / "region"
    assert "from 1 to 10" in refused(["new", str(folder), f"--hhs-region={value}"], capsys)
    assert not folder.exists()


@pytest.mark.parametrize("args, message", [
    (["new", "{tmp}/region-5"], "give a region folder and --hhs-region N"),
    (["new", "{tmp}/region-5/notes.txt"], "give a region folder and --hhs-region N"),
    (["new", "{tmp}/elsewhere/ohio.yaml"], "no region.yaml in this folder"),
    (["new", "{tmp}/region-5/New York.yaml"], "lower-case letters"),
    (["new", "{tmp}/region-5/ohio.yml"], "name it ohio.yaml"),
    (["new", "{tmp}/region-5/ohioo.yaml"], "did you mean 'Ohio'"),
    (["new", "{tmp}/region-5/x.yaml", "--state", "Virgin Island"],
     "did you mean 'Virgin Islands'"),
    (["new", "{tmp}/region-5/ohio.yaml", "--hhs-region", "5"], "give a folder"),
    (["new", "{tmp}/region-x", "--hhs-region", "5", "--state", "Ohio"], "no --state"),
])
def test_wrong_new_commands_say_what_to_do(args, message, tmp_path, capsys):
    new_region(tmp_path, 5)
    before = snapshot(tmp_path)
    capsys.readouterr()
    assert message in refused([arg.format(tmp=tmp_path) for arg in args], capsys)
    assert snapshot(tmp_path) == before


def test_a_state_already_listed_is_not_listed_twice(tmp_path, capsys):
    folder = new_region(tmp_path, 7)
    region = folder / "region.yaml"
    region.write_text(region.read_text().replace("  - nebraska\n", "  - nebraska\n  - dc\n"))
    before = region.read_text()
    capsys.readouterr()
    assert main(["new", str(folder / "dc.yaml"), "--state", "D.C."]) == 0
    assert "dc is already listed" in capsys.readouterr().out
    assert region.read_text() == before
    assert main(["validate", str(folder)]) == 0


def test_a_folder_that_cannot_be_made_exits_1(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    assert main(["new", str(tmp_path / "file" / "region"), "--hhs-region", "1"]) == 1
    err = capsys.readouterr().err
    assert "cannot be written" in err and "Traceback" not in err


@pytest.mark.parametrize("blocker", ["guam.yaml", ".schemas"])
def test_a_failed_write_leaves_no_half_made_folder(blocker, tmp_path, capsys):
    folder = tmp_path / "region"
    folder.mkdir()
    if blocker == ".schemas":
        (folder / blocker).write_text("a file where the schemas' folder goes")
    else:
        (folder / blocker).symlink_to(tmp_path / "nowhere")  # a dangling link
    before = snapshot(folder)
    assert main(["new", str(folder), "--hhs-region", "9"]) == 1
    err = capsys.readouterr().err
    assert "cannot be written" in err and "Traceback" not in err
    assert snapshot(folder) == before and len(list(folder.iterdir())) == 1


SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True).filter(
    lambda slug: yaml.safe_load(slug) == slug)  # not yes, no, null, ...
COMMENT = st.sampled_from(["", "  # a note", " # {state}: - ohio, [x]"])
BEFORE = st.sampled_from(["", "# the states:\n"])
AFTER = st.sampled_from(["", "# next\n", "\n\n"])
LAST = st.sampled_from(["", "intro: >-\n  text\n", "region: V"])


@st.composite
def region_texts(draw) -> tuple[str, list[str]]:
    """A region.yaml whose `states` is laid out as people write lists, with comments."""
    states = draw(st.lists(SLUG, min_size=1, max_size=5, unique=True))
    if draw(st.booleans()):
        inner = draw(st.sampled_from([", ", ",", ",\n  ", " ,  "])).join(states)
        listing = f" [{inner}]{draw(COMMENT)}\n"
    else:
        indent, gap = draw(st.sampled_from(["", "  ", "    "])), draw(st.sampled_from([" ", "   "]))
        listing = "\n" + "".join(f"{indent}-{gap}{slug}{draw(COMMENT)}\n" for slug in states)
    text = (f"# region{draw(COMMENT)}\nagency: HHS{draw(COMMENT)}\n{draw(BEFORE)}"
            f"states:{listing}{draw(AFTER)}{draw(LAST)}")
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text, states


@SETTINGS
@given(region=region_texts(), slug=SLUG)
def test_a_state_is_added_to_any_layout_of_states_and_nothing_else_changes(region, slug):
    text, states = region
    new = starter.add_to_states(text, slug)
    assert new is not None
    assert yaml.safe_load(new) == {**yaml.safe_load(text), "states": [*states, slug]}
    start = next(i for i, (a, b) in enumerate(zip(new, text + "\0")) if a != b)
    inserted = new[start:start + len(new) - len(text)]
    assert new[:start] + new[start + len(inserted):] == text
    assert slug in inserted and "#" not in inserted
    if "\r\n" in text:  # Windows line ends stay Windows line ends
        assert new.count("\n") == new.count("\r\n")


@pytest.mark.parametrize("text", ["agency: HHS\n", "states: ohio\n", "states: []\n",
                                  "states: [ohio\n", "- ohio\n", "states:\n  -\n    ohio\n"])
def test_a_region_file_that_cannot_be_edited_safely_is_left_alone(text, tmp_path, capsys):
    assert starter.add_to_states(text, "guam") is None
    (tmp_path / "region.yaml").write_text(text)
    assert main(["new", str(tmp_path / "guam.yaml")]) == 0
    assert "add guam to `states`" in capsys.readouterr().out
    assert (tmp_path / "region.yaml").read_text() == text
    assert read(tmp_path / "guam.yaml")["state"] == "Guam"
