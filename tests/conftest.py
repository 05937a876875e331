"""Shared fixtures: a private copy of the example region, and built handouts.

Every PDF any test writes is checked by qpdf (through pikepdf) after the test.
"""

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from report.build import Job, build_job

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "region-v"


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """A writable copy of the example region folder."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "region-v"))


@pytest.fixture
def build_handout(region: Path, tmp_path: Path):
    """A function that writes wisconsin.yaml into the region copy, builds its
    handout (which must succeed) and returns the PDF's path."""
    def build(text: str) -> Path:
        (region / "wisconsin.yaml").write_text(text, encoding="utf-8")
        out = tmp_path / "out" / "wisconsin.pdf"
        outcome = build_job(Job(region, region / "wisconsin.yaml", out))
        assert outcome.ok, outcome.problems
        return out
    return build


@pytest.fixture(scope="session")
def wisconsin_pdf(tmp_path_factory) -> Path:
    """The Wisconsin handout, built once for the whole test session."""
    out = tmp_path_factory.mktemp("out") / "wisconsin.pdf"
    outcome = build_job(Job(EXAMPLE, EXAMPLE / "wisconsin.yaml", out))
    assert outcome.ok, outcome.problems
    return out


@pytest.fixture(scope="session")
def region_out(tmp_path_factory) -> Path:
    """The example region (six handouts and the booklet) built with two workers."""
    from report.cli import main

    out = tmp_path_factory.mktemp("parallel")
    assert main(["build", str(EXAMPLE), "--out", str(out), "--jobs", "2", "-q"]) == 0
    return out / "region-v"


_checked: dict[Path, tuple[int, int]] = {}  # PDF -> (mtime, size) when it passed


@pytest.fixture(autouse=True)
def every_pdf_is_valid(tmp_path_factory):
    """After each test, every PDF written so far that is new or changed passes
    qpdf's strict check of syntax and streams (a test's stand-in that has no
    PDF version in its header is left alone)."""
    yield
    for file in tmp_path_factory.getbasetemp().rglob("*.pdf"):
        if not file.is_file():
            continue
        stamp = (file.stat().st_mtime_ns, file.stat().st_size)
        if _checked.get(file) == stamp or not re.match(rb"%PDF-\d\.\d", file.read_bytes()[:8]):
            continue
        with pikepdf.open(io.BytesIO(file.read_bytes())) as pdf:  # any file name
            assert pdf.check_pdf_syntax() == [], f"{file} is not a valid PDF"
        _checked[file] = stamp
