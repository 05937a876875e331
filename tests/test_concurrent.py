"""Builds at once into one folder never mix; a state named like the booklet is refused;
any folder name works."""

import io
import os
import re
import shutil
import time
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pypdf import PdfReader

from report.cli import main
from tests.subprocesses import (BOOKLET, RAISED_BY, STATES, Build, copy_example, environment,
                                run_report)

SETTINGS = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def overview_numbers(booklet: PdfReader) -> dict[str, tuple[str, str]]:
    """Each state's cases and potential victims as the booklet's overview table says."""
    text = " ".join(booklet.pages[1].extract_text().split())
    table = text.split("Top labor trafficking venue", 1)[1]
    return {row[1]: (row[2], row[3])
            for row in re.finditer(r"([A-Z][a-z]+)\*? ([\d,]+) ([\d,]+) ", table)}


def handout_numbers(pages) -> dict[str, tuple[str, str]]:
    """Each state's cases and potential victims as its own first page says."""
    numbers = {}
    for page in pages:
        text = " ".join(page.extract_text().split())
        state = re.search(r"([A-Z][a-z]+): Efforts to Combat Human Trafficking", text)
        figures = re.search(r"([\d,]+) Cases Reported ([\d,]+) Potential Persons Trafficked",
                            text)
        if state and figures:
            numbers[state[1]] = figures.groups()
    return numbers


def check_agrees_with_itself(booklet: bytes) -> dict[str, tuple[str, str]]:
    """The overview table's numbers are those of the state pages of the same booklet, and
    all come from one build's data (all raised or none)."""
    reader = PdfReader(io.BytesIO(booklet))
    overview, pages = overview_numbers(reader), handout_numbers(reader.pages[1:])
    assert sorted(overview) == sorted(state.title() for state in STATES)
    assert overview == pages
    raised = {int(cases.replace(",", "")) >= RAISED_BY for cases, _ in overview.values()}
    assert len(raised) == 1, overview
    return overview


def keep_new_version(path: Path, seen: dict[int, bytes]) -> None:
    """Read the file at `path` if it is not one already seen (a rename brings a new inode)."""
    try:
        if path.stat().st_ino in seen:
            return
        with open(path, "rb") as file:
            seen.setdefault(os.fstat(file.fileno()).st_ino, file.read())
    except FileNotFoundError:
        pass


def test_two_builds_of_different_data_into_one_folder_never_mix(tmp_path):
    first = copy_example(tmp_path / "a" / "region-v")
    second = copy_example(tmp_path / "b" / "region-v", raised=True)
    out = tmp_path / "out"
    booklet = out / "region-v" / BOOKLET
    builds = [Build(first, "--out", out, "-j2")]
    assert builds[0].wait_for(lambda: bool(builds[0].workers))
    builds.append(Build(second, "--out", out, "-j1"))
    seen: dict[int, bytes] = {}  # each booklet put in place while they ran, by inode
    while any(build.process.poll() is None for build in builds):
        keep_new_version(booklet, seen)
        time.sleep(0.01)
    results = [build.finish() for build in builds]
    assert [status for status, _, _ in results] == [0, 0], results
    assert all("Traceback" not in out + err for _, out, err in results)
    keep_new_version(booklet, seen)
    for version in seen.values():
        check_agrees_with_itself(version)
    final = check_agrees_with_itself(booklet.read_bytes())
    handouts = handout_numbers(PdfReader(out / "region-v" / f"{state}.pdf").pages[0]
                               for state in STATES)
    assert handouts == final  # the folder holds one build's handouts and its booklet


def test_the_booklet_is_made_from_this_builds_handouts_not_the_disk(tmp_path, monkeypatch):
    """A handout replaced on disk while the build runs does not get into the booklet."""
    import report.build

    region = copy_example(tmp_path / "region-v", raised=True)
    write = report.build.write_atomically

    def write_then_swap(path: Path, data: bytes) -> None:
        write(path, data)
        if path.name != BOOKLET:  # another build's older handout takes its place
            shutil.copy(tmp_path / "other" / "region-v" / path.name, path)

    assert main(["build", str(copy_example(tmp_path / "plain" / "region-v")), "--out",
                 str(tmp_path / "other"), "-j1", "-q"]) == 0
    monkeypatch.setattr(report.build, "write_atomically", write_then_swap)
    assert main(["build", str(region), "--out", str(tmp_path / "out"), "-j2", "-q"]) == 0
    overview = check_agrees_with_itself((tmp_path / "out" / "region-v" / BOOKLET).read_bytes())
    assert int(overview["Michigan"][0].replace(",", "")) > RAISED_BY


def refused_line(state_file: Path) -> str:
    return f"{state_file}:1:1: (file name): its handout would be named "


@SETTINGS
@given(folder=st.from_regex(r"[a-z0-9][a-z0-9_-]{0,24}", fullmatch=True),
       shout=st.booleans())
def test_a_state_named_like_the_booklet_is_refused(tmp_path_factory, capsys, folder, shout):
    base = tmp_path_factory.mktemp("clash")
    region = copy_example(base / folder)
    slug = f"{folder}-profiles"
    name = slug.upper() if shout else slug  # one file on a case-blind disk
    state_file = region / f"{name}.yaml"
    shutil.copy(region / "ohio.yaml", state_file)
    (region / "region.yaml").write_text(
        (region / "region.yaml").read_text().replace("states: [", f"states: [{slug}, ")
        if not shout else (region / "region.yaml").read_text())
    older = base / "out" / folder / f"{slug}.pdf"
    older.parent.mkdir(parents=True)
    older.write_bytes(b"%PDF- an older booklet")
    capsys.readouterr()

    target = region if not shout else state_file
    assert main(["build", str(target), "--out", str(base / "out"), "-j1", "-q"]) == 1
    err = capsys.readouterr().err
    assert refused_line(state_file) in err and "rename the file" in err
    assert "Traceback" not in err
    assert older.read_bytes() == b"%PDF- an older booklet"
    if not shout:
        assert main(["validate", str(region)]) == 1
        assert refused_line(state_file) in capsys.readouterr().err


def test_the_refused_state_does_not_stop_the_others(tmp_path, capsys):
    region = copy_example(tmp_path / "region-v")
    shutil.copy(region / "ohio.yaml", region / "region-v-profiles.yaml")
    (region / "region.yaml").write_text((region / "region.yaml").read_text().replace(
        "states: [", "states: [region-v-profiles, "))
    assert main(["build", str(region), "--out", str(tmp_path / "out"), "-j2"]) == 1
    captured = capsys.readouterr()
    assert refused_line(region / "region-v-profiles.yaml") in captured.err
    written = sorted(p.name for p in (tmp_path / "out" / "region-v").iterdir())
    assert written == sorted(f"{state}.pdf" for state in STATES)
    assert "6 of 7 handouts written" in captured.out and "NOT written" in captured.out


def one_state_region(at: Path) -> Path:
    """A copy of the example region holding only Wisconsin (a quick booklet)."""
    region = copy_example(at)
    (region / "region.yaml").write_text(re.sub(
        r"^states: .*$", "states: [wisconsin]", (region / "region.yaml").read_text(),
        flags=re.MULTILINE))
    return region


@SETTINGS
@given(name=st.binary(min_size=1, max_size=16).filter(
    lambda name: b"/" not in name and b"\0" not in name and name not in (b".", b"..")))
def test_any_folder_name_works(tmp_path_factory, capsys, name):
    base = tmp_path_factory.mktemp("names")
    region = one_state_region(base / os.fsdecode(name))
    out = base / "out"
    assert main(["build", str(region), "--out", str(out), "-j1"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "booklet " in captured.out and " written" in captured.out
    folder = out / region.name
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["wisconsin.pdf", f"{region.name}-profiles.pdf"])
    booklet = (folder / f"{region.name}-profiles.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(booklet)) as pdf:  # pikepdf cannot open such a name itself
        assert len(pdf.pages) == 2 + 2  # cover, overview with contents, the handout


@pytest.mark.parametrize("encoding", ["utf-8:strict", "ascii:strict", "latin-1:strict"])
def test_a_folder_name_that_is_not_utf8_is_printed_readably(tmp_path, encoding):
    region = one_state_region(Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9 \xff-\xc3")))
    result = run_report("build", region, "--out", tmp_path / "out", "-j2",
                        env=environment(PYTHONIOENCODING=encoding))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "caf\\udce9 \\udcff-\\udcc3" in result.stdout  # escaped, so it stays readable
    folder = tmp_path / "out" / region.name
    assert (folder / f"{region.name}-profiles.pdf").is_file()
