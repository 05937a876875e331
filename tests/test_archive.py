"""--pdfa: PDF/A-2b handouts and booklet, approved by pikepdf's PDF/A validator."""

import tempfile
from pathlib import Path

import pikepdf
import pytest
from pikepdf import pdfa

from report.cli import main
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdfa")
    assert main(["build", str(EXAMPLE), "--out", str(out), "--pdfa", "-q"]) == 0
    return out / "region-v"


@pytest.mark.parametrize("name", ["wisconsin.pdf", "ohio.pdf", "region-v-profiles.pdf"])
def test_passes_the_pdfa_2b_validator(archived, name):
    report = pdfa.validate_written(archived / name, "2b",
                                   pdfa.resolve_save_kwargs("2b", deterministic_id=True))
    assert report.passed, report


def test_declares_pdfa_and_keeps_its_structure(archived):
    with pikepdf.open(archived / "wisconsin.pdf") as pdf:
        with pdf.open_metadata() as xmp:
            assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("2", "B")
            assert "pdfuaid:part" not in xmp  # the two claims are kept apart
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        assert pdf.Root.MarkInfo.Marked and "/StructTreeRoot" in pdf.Root


def test_archived_output_is_reproducible(archived, tmp_path):
    assert main(["build", str(EXAMPLE / "wisconsin.yaml"), "--out", str(tmp_path), "--pdfa",
                 "-q"]) == 0
    assert (tmp_path / "region-v" / "wisconsin.pdf").read_bytes() == \
        (archived / "wisconsin.pdf").read_bytes()


def test_made_without_temporary_files(archived, tmp_path, monkeypatch):
    """pikepdf's own PDF/A save writes and validates the file in a temporary file on disk,
    and pikepdf aborts the whole process where that disk is full: the file is written
    and validated in memory instead, to the same bytes, whatever the temporary folder."""
    unusable = tmp_path / "not-a-folder"
    unusable.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(unusable))
    with pytest.raises(OSError):
        tempfile.TemporaryFile()
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "--out", str(out), "--pdfa", "--jobs", "1", "-q"]) == 0
    for name in ("wisconsin.pdf", "region-v-profiles.pdf"):
        assert (out / "region-v" / name).read_bytes() == (archived / name).read_bytes()
