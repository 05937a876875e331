"""Build handouts: find the states to build, render them in parallel, write each one,
then the region's booklet when every state of it succeeded."""

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from report.errors import InvalidInput, Problem, ReportError
from report.load import REGION_FILE, load_profile, load_region
from report.model import Profile

DEFAULT_DATA = Path("data/region-v")
DEFAULT_OUT = Path("output")
BOOKLET_SUFFIX = "-profiles.pdf"


@dataclass(frozen=True)
class Job:
    """One state file of one region folder, and where its handout goes."""

    region_dir: Path
    state_file: Path
    output: Path
    pdfa: bool = False  # PDF/A-2b instead of the tagged PDF/UA-1 file
    max_pages: int | None = None  # more pages is a failure, not a warning


@dataclass(frozen=True)
class Target:
    """What one PATH of the command line asks for: some states of a region,
    and the region's booklet when the PATH is the whole region folder."""

    jobs: list[Job]
    booklet: Path | None


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the PDF written, or the problems that stopped it."""

    job: Job
    problems: list[Problem]
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Summary:
    """Everything a build did, for the command line to report."""

    outcomes: list[Outcome] = field(default_factory=list)
    booklets: list[Path] = field(default_factory=list)
    skipped_booklets: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]

    @property
    def ok(self) -> bool:
        return not (self.failed or self.problems or self.skipped_booklets)


def check_paths(paths: list[Path], out_dir: Path | None = None) -> None:
    """Refuse paths that are neither a region folder nor a state file, two regions
    whose PDFs would go to the same folder, and an output folder that is a file."""
    regions: dict[str, Path] = {}
    for path in paths:
        if path.is_dir() and not (path / REGION_FILE).is_file():
            raise ReportError(f"{path}: no {REGION_FILE} in this folder; "
                              "give a region folder such as data/region-v")
        if not path.is_dir() and not (path.is_file() and path.suffix in (".yaml", ".yml")):
            raise ReportError(f"{path}: not found; give a region folder or a state .yaml file")
        region_dir = (path if path.is_dir() else path.parent).resolve()
        if regions.setdefault(region_dir.name, region_dir) != region_dir:
            raise ReportError(f"{regions[region_dir.name]} and {region_dir} would both write to "
                              f"the folder {region_dir.name}; build them one at a time, each "
                              "with its own --out")
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"{out_dir}: is a file; give --out a folder")


def plan(paths: list[Path], out_dir: Path, pdfa: bool = False
         ) -> tuple[list[Target], list[Problem]]:
    """The targets for region folders and single state files, and any region problems."""
    targets, problems = [], []
    for path in paths:
        region_dir = path if path.is_dir() else path.parent
        try:
            region = load_region(region_dir)
        except InvalidInput as error:
            problems += error.problems
            continue
        folder = out_dir / region_dir.resolve().name
        files = [region_dir / f"{slug}.yaml" for slug in region.states] if path.is_dir() \
            else [path]
        jobs = [Job(region_dir, file, folder / f"{file.stem}.pdf", pdfa) for file in files]
        booklet = folder / f"{folder.name}{BOOKLET_SUFFIX}" if path.is_dir() else None
        targets.append(Target(jobs, booklet))
    return targets, problems


def build(paths: list[Path], out_dir: Path, workers: int,
          progress: Callable[[Outcome], None] = lambda outcome: None,
          pdfa: bool = False, max_pages: int | None = None) -> Summary:
    """Build every handout asked for, then each whole region's booklet."""
    started = time.perf_counter()
    targets, problems = plan(paths, out_dir, pdfa)
    if max_pages is not None:
        targets = [Target([replace(job, max_pages=max_pages) for job in target.jobs],
                          target.booklet) for target in targets]
    jobs = [job for target in targets for job in target.jobs]
    summary = Summary(outcomes=run_jobs(jobs, workers, progress), problems=problems)
    for target in targets:
        if target.booklet is not None:
            write_booklet(target, summary)
    summary.seconds = time.perf_counter() - started
    return summary


def run_jobs(jobs: list[Job], workers: int, progress: Callable[[Outcome], None]) -> list[Outcome]:
    """Run the jobs on `workers` processes (in this one when 1); outcomes in job order."""
    if workers <= 1 or len(jobs) <= 1:
        outcomes = []
        for job in jobs:
            outcomes.append(outcome := build_job(job))
            progress(outcome)
        return outcomes
    warm_up()  # the workers inherit the loaded libraries, fonts and boundaries
    finished = {}
    with ProcessPoolExecutor(min(workers, len(jobs))) as pool:
        futures = {pool.submit(build_job, job): index for index, job in enumerate(jobs)}
        for future in as_completed(futures):
            finished[futures[future]] = outcome = future.result()
            progress(outcome)
    return [finished[index] for index in range(len(jobs))]


def warm_up() -> None:
    """Load what every handout needs once: libraries, fonts, boundary files."""
    from report import geo, layout, theme  # noqa: F401  (imported to be loaded)

    theme.register_reportlab_fonts()
    theme.use_matplotlib_theme()
    geo.state_names()


def load_job(job: Job) -> Profile:
    """The validated profile of a job (raises InvalidInput)."""
    return load_profile(load_region(job.region_dir), job.state_file)


def build_job(job: Job) -> Outcome:
    """Load, render and write one handout; problems are returned, not raised."""
    from report.archive import to_pdfa
    from report.layout import render_handout

    started = time.perf_counter()
    try:
        profile = load_job(job)
        with source_date(input_files(profile)):
            handout = render_handout(profile)
            pdf = to_pdfa(handout.pdf) if job.pdfa else handout.pdf
    except InvalidInput as error:
        return Outcome(job, error.problems)
    except Exception as error:  # a bug, not the user's mistake: report it, build the rest
        return Outcome(job, [Problem(job.state_file, 1, 1, "(handout)",
                                     f"could not be laid out ({type(error).__name__}: {error}); "
                                     "please report this with the file attached")])
    too_long = too_many_pages(handout.pages, handout.overflow)
    if job.max_pages is not None and handout.pages > job.max_pages:
        return Outcome(job, [Problem(job.state_file, 1, 1, "(handout)", f"{too_long}; "
                                     f"--max-pages allows {job.max_pages}")])
    try:
        write_atomically(job.output, pdf)
    except OSError as error:
        return Outcome(job, [Problem(job.output, 1, 1, "(output)", cannot_write(error))])
    return Outcome(job, [], time.perf_counter() - started,
                   [too_long] if handout.overflow else [])


def too_many_pages(pages: int, overflow: list[str]) -> str:
    """What a handout longer than two pages says about itself."""
    return (f"runs to {pages} pages: {', '.join(overflow) or 'the last section'} "
            "did not fit on two; shorten the lists or the texts of those sections")


def cannot_write(error: OSError) -> str:
    return (f"cannot be written ({error.strerror or error}); check that the folder can be "
            "written to and has room")


def write_booklet(target: Target, summary: Summary) -> None:
    """The region's booklet, only when every one of its states was written."""
    from report.archive import to_pdfa
    from report.booklet import render_booklet

    failed = [o for o in summary.outcomes if o.job in target.jobs and not o.ok]
    if failed:
        summary.skipped_booklets.append((target.booklet, f"{len(failed)} of "
                                         f"{len(target.jobs)} states failed, and a booklet "
                                         "missing a state would mislead"))
        return
    try:
        profiles = [load_job(job) for job in target.jobs]
        files = [file for profile in profiles for file in input_files(profile)]
        with source_date(files):
            pdf = render_booklet(profiles, [job.output for job in target.jobs])
            pdf = to_pdfa(pdf) if target.jobs[0].pdfa else pdf
    except Exception as error:  # a bug, not the user's mistake: report it, keep the handouts
        summary.skipped_booklets.append((target.booklet, (
            f"it could not be assembled ({type(error).__name__}: {error}); "
            "please report this with the region folder attached")))
        return
    try:
        write_atomically(target.booklet, pdf)
    except OSError as error:
        summary.skipped_booklets.append((target.booklet, cannot_write(error)))
        return
    summary.booklets.append(target.booklet)


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
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary.name, 0o666 & ~umask)  # as an ordinary new file, not private
            os.replace(temporary.name, path)
        except BaseException:
            os.unlink(temporary.name)
            raise
