"""Shared fixtures: a private copy of the example region, and built handouts."""

import shutil
from pathlib import Path

import pytest

from report.build import Job, build_job

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "region-v"


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """A writable copy of the example region folder."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "region-v"))


@pytest.fixture(scope="session")
def wisconsin_pdf(tmp_path_factory) -> Path:
    """The Wisconsin handout, built once for the whole test session."""
    out = tmp_path_factory.mktemp("out") / "wisconsin.pdf"
    outcome = build_job(Job(EXAMPLE, EXAMPLE / "wisconsin.yaml", out))
    assert outcome.ok, outcome.problems
    return out
