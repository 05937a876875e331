"""The whole region in one run: six handouts, the booklet, and a broken state failing alone."""

import os
import shutil
import tempfile
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from report.cli import main
from tests.conftest import EXAMPLE

STATES = ["illinois", "indiana", "michigan", "minnesota", "ohio", "wisconsin"]
STAMP = "ILLUSTRATIVE DATA - NOT HOTLINE STATISTICS"


def pages_of(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_every_state_and_the_booklet_are_written(region_out):
    assert sorted(p.name for p in region_out.iterdir()) == sorted(
        [f"{state}.pdf" for state in STATES] + ["region-v-profiles.pdf"])


def test_booklet_is_front_matter_then_every_handout(region_out):
    handouts = sum(pages_of(region_out / f"{state}.pdf") for state in STATES)
    # the cover, then the overview and the contents on one page: two-page handouts need no blanks
    assert pages_of(region_out / "region-v-profiles.pdf") == 2 + handouts


def test_booklet_front_matter(region_out):
    reader = PdfReader(region_out / "region-v-profiles.pdf")
    cover, overview = (" ".join(reader.pages[i].extract_text().split()) for i in range(2))
    contents = overview[overview.index("Contents"):]
    assert "Region V: Efforts to Combat Human Trafficking" in cover
    assert "Illinois · Indiana · Michigan · Minnesota · Ohio · Wisconsin" in cover
    assert "December 2012 to December 2016" in cover
    for name, cases in (("Ohio*", "1,052"), ("Wisconsin", "227"), ("Illinois*", "706")):
        assert name in overview and cases in overview
    assert "Hotel-/Motel-Based" in overview
    for state in STATES:
        assert state.title() in contents


def test_contents_rows_link_to_each_state_first_page(region_out):
    with pikepdf.open(region_out / "region-v-profiles.pdf") as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
        targets = [pages[annotation.Dest[0].objgen] for annotation in pdf.pages[1].Annots]
    reader = PdfReader(region_out / "region-v-profiles.pdf")
    assert targets[0] == 1  # the overview, then each state
    assert len(targets) == 1 + len(STATES)
    for state, index in zip(STATES, targets[1:]):
        assert f"{state.title()}: Efforts to Combat" in reader.pages[index].extract_text()
        assert "page 1 of" in reader.pages[index].extract_text()


def test_booklet_bookmarks_per_state_and_section(region_out):
    reader = PdfReader(region_out / "region-v-profiles.pdf")
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top[:3] == ["Cover", "Region V at a Glance", "Contents"]
    assert top[3:] == [state.title() for state in STATES]
    ohio_sections = outline[outline.index(next(i for i in outline if not isinstance(i, list)
                                               and i.title == "Ohio")) + 1]
    pages = {item.title: reader.get_destination_page_number(item)
             for item in ohio_sections if not isinstance(item, list)}
    ohio = reader.get_destination_page_number(next(i for i in outline if not isinstance(i, list)
                                                   and i.title == "Ohio"))
    assert pages["Demographics of Potential Persons Trafficked"] == ohio
    assert pages["Ohio Human Trafficking Laws"] == ohio + 1


def test_each_handout_keeps_its_footer_in_the_booklet(region_out):
    reader = PdfReader(region_out / "region-v-profiles.pdf")
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Wisconsin" in last and "page 2 of 2" in last


def test_illustrative_states_are_stamped_on_every_page(region_out):
    for state in STATES:
        reader = PdfReader(region_out / f"{state}.pdf")
        stamped = [STAMP in page.extract_text() for page in reader.pages]
        assert all(stamped) if state != "wisconsin" else not any(stamped), state


def test_one_worker_and_two_give_identical_pdfs(region_out, tmp_path):
    assert main(["build", str(EXAMPLE), "--out", str(tmp_path), "--jobs", "1", "-q"]) == 0
    for pdf in region_out.iterdir():
        assert (tmp_path / "region-v" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_a_broken_state_fails_alone(tmp_path, capsys):
    region = Path(shutil.copytree(EXAMPLE, tmp_path / "region-v"))
    out = tmp_path / "out"
    old = out / "region-v" / "ohio.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF- an older, good handout")
    ohio = region / "ohio.yaml"
    ohio.write_text(ohio.read_text().replace("cases: 1052", "cases: lots"))

    assert main(["build", str(region), "--out", str(out), "--jobs", "2"]) == 1

    captured = capsys.readouterr()
    assert "ohio.yaml:" in captured.err and "totals.cases: expected a whole number, found " \
        "'lots'" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert old.read_bytes() == b"%PDF- an older, good handout"
    written = sorted(p.name for p in (out / "region-v").iterdir())
    assert written == sorted(f"{s}.pdf" for s in STATES)  # no booklet, no temporary files
    assert "booklet" in captured.out and "NOT written" in captured.out


def test_command_line_errors_exit_2(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nowhere")]) == 2
    assert "not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--jobs", "0"])
    assert exit_.value.code == 2


def test_one_state_file_builds_only_that_state(tmp_path, capsys):
    assert main(["build", str(EXAMPLE / "minnesota.yaml"), "--out", str(tmp_path)]) == 0
    assert [p.name for p in (tmp_path / "region-v").iterdir()] == ["minnesota.pdf"]
    assert "wrote" in capsys.readouterr().out


def test_validate_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(EXAMPLE)]) == 0
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr().out.count("ok") == len(STATES)


def test_output_problems_are_reported_not_raised(tmp_path, capsys):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert main(["build", str(EXAMPLE / "ohio.yaml"), "--out", str(not_a_folder)]) == 2
    assert "give --out a folder" in capsys.readouterr().err
    blocked = tmp_path / "out" / "region-v" / "ohio.pdf"
    blocked.mkdir(parents=True)  # a folder where the PDF should go
    assert main(["build", str(EXAMPLE / "ohio.yaml"), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert "ohio.pdf:1:1: (output): cannot be written" in captured.err
    assert "Traceback" not in captured.err
    assert [p.name for p in blocked.parent.iterdir()] == ["ohio.pdf"]  # no temporary file


def test_a_full_disk_names_what_was_not_written_and_writes_the_rest(tmp_path, monkeypatch,
                                                                   capsys):
    """The disk fills up as Ohio is written: Ohio is named with the reason, the other
    handouts are written whole, no booklet claims the region, and nothing half-written
    or temporary is left; a missing temporary folder does not matter, even for PDF/A
    (PDFs are made and validated in memory)."""
    import errno

    from report import build

    write_synced = build.write_synced

    def filling_up(file, data):
        if ohio and data is ohio[0]:
            file.write(data[:1000])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write_synced(file, data)

    ohio = []
    write_handout = build.write_handout
    monkeypatch.setattr(build, "write_handout", lambda made: (
        made.job.output.name == "ohio.pdf" and ohio.append(made.pdf)) or write_handout(made))
    monkeypatch.setattr(build, "write_synced", filling_up)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "--out", str(out), "--jobs", "1", "--pdfa"]) == 1
    err = capsys.readouterr().err
    assert "ohio.pdf:1:1: (output): cannot be written (No space left on device)" in err
    assert "Traceback" not in err
    written = sorted(path.name for path in (out / "region-v").iterdir())
    assert written == [f"{state}.pdf" for state in STATES if state != "ohio"]
    for name in written:
        assert len(PdfReader(out / "region-v" / name).pages) == 2


def test_two_regions_may_not_share_an_output_folder(tmp_path, capsys):
    other = Path(shutil.copytree(EXAMPLE, tmp_path / "copy" / "region-v"))
    assert main(["build", str(EXAMPLE), str(other), "--out", str(tmp_path / "out")]) == 2
    assert "would both write to the folder region-v" in capsys.readouterr().err


def test_a_yml_state_file_builds(tmp_path):
    region = Path(shutil.copytree(EXAMPLE, tmp_path / "region-v"))
    shutil.copy(region / "ohio.yaml", region / "ohio-draft.yml")
    assert main(["build", str(region / "ohio-draft.yml"), "--out", str(tmp_path / "out"),
                 "-q"]) == 0
    assert (tmp_path / "out" / "region-v" / "ohio-draft.pdf").is_file()
