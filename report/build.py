"""Build handouts: find the states to build, load, render and write each one."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from report.errors import InvalidInput, Problem, ReportError
from report.load import REGION_FILE, load_profile, load_region
from report.model import Profile, Region

DEFAULT_DATA = Path("data/region-v")
DEFAULT_OUT = Path("output")


@dataclass(frozen=True)
class Job:
    """One state file of one region folder, and where its handout goes."""

    region_dir: Path
    state_file: Path
    output: Path


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the PDF written, or the problems that stopped it."""

    job: Job
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def plan(paths: list[Path], out_dir: Path) -> tuple[list[Job], list[Problem]]:
    """The jobs for region folders and single state files, and any region problems."""
    jobs, problems = [], []
    for path in paths:
        region_dir = path if path.is_dir() else path.parent
        try:
            region = load_region(region_dir)
        except InvalidInput as error:
            problems += error.problems
            continue
        slugs = region.states if path.is_dir() else [path.stem]
        jobs += [Job(region_dir, region_dir / f"{slug}.yaml",
                     out_dir / region_dir.resolve().name / f"{slug}.pdf") for slug in slugs]
    return jobs, problems


def check_paths(paths: list[Path]) -> None:
    """Refuse paths that are neither a region folder nor a state file."""
    for path in paths:
        if path.is_dir() and not (path / REGION_FILE).is_file():
            raise ReportError(f"{path}: no {REGION_FILE} in this folder; "
                              "give a region folder such as data/region-v")
        if not path.is_dir() and not (path.is_file() and path.suffix in (".yaml", ".yml")):
            raise ReportError(f"{path}: not found; give a region folder or a state .yaml file")


def load_job(job: Job) -> Profile:
    """The validated profile of a job (raises InvalidInput)."""
    region: Region = load_region(job.region_dir)
    return load_profile(region, job.state_file)


def build_job(job: Job) -> Outcome:
    """Load, render and write one handout; problems are returned, not raised."""
    from report.layout import render_handout

    try:
        profile = load_job(job)
    except InvalidInput as error:
        return Outcome(job, error.problems)
    with source_date(input_files(profile)):
        pdf = render_handout(profile)
    write_atomically(job.output, pdf)
    return Outcome(job, [])


def input_files(profile: Profile) -> list[Path]:
    """The files a handout is made from."""
    files = [profile.source, profile.source.parent / REGION_FILE]
    if profile.state.heat_map:
        files.append(profile.source.parent / profile.state.heat_map.locations)
    return files


@contextmanager
def source_date(files: list[Path]) -> Iterator[None]:
    """Date the PDF from SOURCE_DATE_EPOCH, else from its newest input file.

    Either way the same inputs give the same bytes.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(max(f.stat().st_mtime for f in files)))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.",
                                     suffix=".tmp", delete=False) as temporary:
        try:
            temporary.write(data)
            temporary.flush()
            os.fsync(temporary.fileno())
        except BaseException:
            os.unlink(temporary.name)
            raise
    os.replace(temporary.name, path)
