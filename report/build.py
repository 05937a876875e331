"""Build handouts: find the states to build, render them in worker processes, write
each one here as it comes, then the region's booklet, from those same bytes, when every
state of it succeeded. One build at a time writes into an output folder."""

import fcntl
import gc
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from report import stop
from report.errors import InvalidInput, Problem, ReportError
from report.load import REGION_FILE, load_profile, load_region
from report.model import Profile
from report.workers import made_in_parallel

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
    """What became of one job: the PDF made, or the problems that stopped it."""

    job: Job
    problems: list[Problem]
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    pdf: bytes | None = field(default=None, repr=False, compare=False)
    profile: Profile | None = field(default=None, repr=False, compare=False)  # for the booklet

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
          pdfa: bool = False, max_pages: int | None = None,
          waiting: Callable[[Path], None] = lambda folder: None) -> Summary:
    """Build every handout asked for, then each whole region's booklet.

    Another build into the same folders waits for this one (`waiting` is told).
    """
    started = time.perf_counter()
    targets, problems = plan(paths, out_dir, pdfa)
    if max_pages is not None:
        targets = [Target([replace(job, max_pages=max_pages) for job in target.jobs],
                          target.booklet) for target in targets]
    jobs = [job for target in targets for job in target.jobs]
    with folders_locked([job.output.parent for job in jobs], waiting):
        summary = Summary(outcomes=run_jobs(jobs, workers, progress), problems=problems)
        for target in targets:
            if target.booklet is not None:
                stop.check()
                write_booklet(target, summary)
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def folders_locked(folders: list[Path], waiting: Callable[[Path], None]) -> Iterator[None]:
    """Hold each output folder for this build alone, in a fixed order; the lock goes
    with the process, however it ends. A folder that cannot be locked is built unlocked."""
    with ExitStack() as stack:
        for folder in sorted(set(folders)):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except OSError:  # the writes will say what is wrong with it
                continue
            stack.callback(os.close, descriptor)
            lock(descriptor, folder, waiting)
        yield


def lock(descriptor: int, folder: Path, waiting: Callable[[Path], None]) -> None:
    """Lock an open folder, waiting for another build that holds it."""
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        waiting(folder)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except OSError:  # a file system without locks
        pass


def run_jobs(jobs: list[Job], workers: int, progress: Callable[[Outcome], None]) -> list[Outcome]:
    """Make the jobs' PDFs on `workers` processes (in this one when 1) and write each one
    here as it comes; outcomes in job order."""
    finished = {}
    with closing(made_jobs(jobs, workers)) as made_so_far:  # a stop here ends the workers
        for index, made in made_so_far:
            stop.check()
            finished[index] = outcome = write_handout(made)
            progress(outcome)
    return [finished[index] for index in range(len(jobs))]


def made_jobs(jobs: list[Job], workers: int) -> Iterator[tuple[int, Outcome]]:
    """Each job's index and outcome (its PDF in memory), in the order they are done."""
    warm_up()  # before any job: workers, if any, inherit what it loads
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            yield index, make_job(job)
        return
    yield from made_in_parallel(make_job, jobs, min(workers, len(jobs)), worker_lost)


def worker_lost(job: Job) -> Outcome:
    """The failure of a job whose worker process died under it."""
    return Outcome(job, [Problem(job.state_file, 1, 1, "(handout)",
                                 "the worker process making it ended unexpectedly (out of "
                                 "memory, or killed); build again, or with --jobs 1")])


def warm_up() -> None:
    """Load what every handout needs once: libraries, fonts, boundary files."""
    from report import geo, layout, theme  # noqa: F401  (imported to be loaded)

    theme.register_reportlab_fonts()
    theme.use_matplotlib_theme()
    geo.state_names()
    loaded()


def loaded() -> None:
    """The libraries are loaded: collect garbage from here on, leaving what they made out
    of every collection. (The command line pauses the collector while they load: they
    make hundreds of thousands of objects and no garbage, and the collections their
    loading set off took a tenth of a one-state build, more on a busy machine.) What is
    loaded is set aside once per process, before any handout is made."""
    if not gc.get_freeze_count():
        gc.freeze()
    gc.enable()


def load_job(job: Job) -> Profile:
    """The validated profile of a job (raises InvalidInput)."""
    refuse_booklet_name(job)
    return load_profile(load_region(job.region_dir), job.state_file)


def refuse_booklet_name(job: Job) -> None:
    """A state whose handout would take the name of its region's booklet is refused."""
    booklet = f"{job.output.parent.name}{BOOKLET_SUFFIX}"
    if job.output.name.casefold() == booklet.casefold():
        raise InvalidInput([Problem(job.state_file, 1, 1, "(file name)", (
            f"its handout would be named {booklet}, the name of the region's booklet, and one "
            f"would overwrite the other; rename the file (and its entry in {REGION_FILE}'s "
            "states)"))])


def build_job(job: Job) -> Outcome:
    """Load, render and write one handout; problems are returned, not raised."""
    return write_handout(make_job(job))


def make_job(job: Job) -> Outcome:
    """Load and render one handout, in memory; problems are returned, not raised."""
    from report.layout import render_handout

    started = time.perf_counter()
    try:
        profile = load_job(job)
        with source_date(input_files(profile)):
            handout = render_handout(profile)
            pdf = archived(handout.pdf) if job.pdfa else handout.pdf
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
    return Outcome(job, [], time.perf_counter() - started,
                   [too_long] if handout.overflow else [], pdf, profile)


def archived(pdf: bytes) -> bytes:
    """The PDF as PDF/A-2b (pikepdf's PDF/A module takes a third of a second to load:
    only --pdfa loads it)."""
    from report.pdf.archive import to_pdfa

    return to_pdfa(pdf)


def too_many_pages(pages: int, overflow: list[str]) -> str:
    """What a handout longer than two pages says about itself."""
    return (f"runs to {pages} pages: {', '.join(overflow) or 'the last section'} "
            "did not fit on two; shorten the lists or the texts of those sections")


def write_handout(made: Outcome) -> Outcome:
    """Put a made handout in place; the outcome says whether it could be."""
    if not made.ok:
        return made
    started = time.perf_counter()
    try:
        write_atomically(made.job.output, made.pdf)
    except OSError as error:
        return Outcome(made.job, [Problem(made.job.output, 1, 1, "(output)",
                                          cannot_write(error))])
    return replace(made, seconds=made.seconds + time.perf_counter() - started)


def cannot_write(error: OSError) -> str:
    return (f"cannot be written ({error.strerror or error}); check that the folder can be "
            "written to and has room")


def write_booklet(target: Target, summary: Summary) -> None:
    """The region's booklet, made from the handouts this build made, only when every one
    of its states succeeded."""
    from report.pdf.booklet import render_booklet

    outcomes = {outcome.job: outcome for outcome in summary.outcomes}
    failed = [job for job in target.jobs if not outcomes[job].ok]
    if failed:
        summary.skipped_booklets.append((target.booklet, f"{len(failed)} of "
                                         f"{len(target.jobs)} states failed, and a booklet "
                                         "missing a state would mislead"))
        return
    try:
        profiles = [outcomes[job].profile for job in target.jobs]  # as the handouts were made
        files = [file for profile in profiles for file in input_files(profile)]
        with source_date(files):
            pdf = render_booklet(profiles, [outcomes[job].pdf for job in target.jobs])
            pdf = archived(pdf) if target.jobs[0].pdfa else pdf
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
    """Put `data` at `path` whole or not at all: written beside it, then renamed into
    place, with stop signals held off meanwhile. Where Linux allows, the new file has no
    name until it is whole, so even a killed build leaves no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name[:64]}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    with stop.held():
        try:
            try:
                write_unnamed(temporary, data)
            except (AttributeError, OSError):  # not Linux, or a file system without them
                write_named(temporary, data)
            os.replace(temporary, path)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(temporary)


def write_unnamed(path: Path, data: bytes) -> None:
    """Write a file with no name (O_TMPFILE), then give it `path`'s name once it is whole."""
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with open(os.open(path.parent, os.O_TMPFILE | os.O_WRONLY, 0o666), "wb") as file:
            write_synced(file, data)
            os.link(f"/proc/self/fd/{file.fileno()}", path.name, dst_dir_fd=folder)
    finally:
        os.close(folder)


def write_named(path: Path, data: bytes) -> None:
    """Write a new file at `path` (refused if one is there already)."""
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as file:
        write_synced(file, data)


def write_synced(file, data: bytes) -> None:
    """Write and flush to the disk, so a crash later cannot leave it empty."""
    file.write(data)
    file.flush()
    os.fsync(file.fileno())
