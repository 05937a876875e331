"""The `report` command: parse the command line, run the build, say what happened.

The build's libraries are imported only once the environment is checked: NumPy reads
SOURCE_DATE_EPOCH as it loads (ReportLab as it writes), and fails on a bad one with a
traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from report import stop
from report.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, InvalidInput, ReportError

if TYPE_CHECKING:
    from report.build import Outcome, Summary

DEFAULT_DATA = Path("data/region-v")
DEFAULT_OUT = Path("output")
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
SCHEMA_KINDS = ("region", "state")  # report.schema.KINDS, named here to import nothing heavy
LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC: a PDF date has a four-digit year


def parser() -> argparse.ArgumentParser:
    """The command line: `report build` and `report validate`."""
    main_parser = argparse.ArgumentParser(
        prog="report", description="Make printable PDF state profiles on human trafficking.")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (("build", "write a PDF handout for each state, and the "
                                      "region's booklet"),
                            ("validate", "check the data files without writing anything")):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                             help=f"a region folder or one state .yaml file "
                                  f"(default: {DEFAULT_DATA})")
        if name == "build":
            command.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                                 help=f"where to write the PDFs (default: {DEFAULT_OUT})")
            command.add_argument("--jobs", "-j", type=_positive, default=CORES, metavar="N",
                                 help=f"states built at once (default: the {CORES} CPU cores; "
                                      "1 builds in this process)")
            command.add_argument("--max-pages", type=_positive, metavar="N",
                                 help="fail a handout longer than N pages (default: warn "
                                      "past 2)")
            command.add_argument("--pdfa", action="store_true",
                                 help="write PDF/A-2b files for archives instead of the "
                                      "default tagged PDF/UA-1 files")
            loudness = command.add_mutually_exclusive_group()
            loudness.add_argument("--quiet", "-q", action="store_true",
                                  help="print only problems and failures")
            loudness.add_argument("--verbose", "-v", action="store_true",
                                  help="also print each state's build time")
    add_new_and_schema(commands)
    return main_parser


def add_new_and_schema(commands) -> None:
    """`report new` (a region folder or one more state) and `report schema`."""
    new = commands.add_parser(
        "new", help="start a region folder of starter files, or add a state to one",
        description="Write a region folder of commented starter files for an HHS region "
                    "(report new DIR --hhs-region N), or add one state's starter file to a "
                    "region folder (report new DIR/STATE.yaml). Existing files are never "
                    "overwritten.")
    new.add_argument("path", type=Path, metavar="PATH",
                     help="the new region folder, or the new state file DIR/STATE.yaml")
    new.add_argument("--hhs-region", type=_hhs_region, metavar="N",
                     help="the HHS region (1 to 10) whose states and territories to start")
    new.add_argument("--state", metavar="NAME",
                     help="the state of a new state file (default: the one its file "
                          "name names)")
    new.set_defaults(run=run_new)
    schema_command = commands.add_parser(
        "schema", help="print the JSON Schema of region.yaml or of a state file",
        description="Print the JSON Schema (for editors) of region.yaml or of a state file.")
    schema_command.add_argument("kind", choices=SCHEMA_KINDS,
                                help="region: region.yaml; state: a state file")
    schema_command.set_defaults(run=run_schema)


def _hhs_region(value: str) -> int:
    if not value.isdecimal() or not 1 <= int(value) <= 10:
        raise argparse.ArgumentTypeError(f"expected an HHS region number from 1 to 10, "
                                         f"not {value!r}")
    return int(value)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit status (128 + the signal's number when stopped)."""
    gc.disable()  # while the libraries load: report.build.loaded resumes it
    try:
        return run_caught(argv)
    finally:
        gc.enable()


def run_caught(argv: list[str] | None) -> int:
    """Run the command, a stop signal or a closed output said as the exit status."""
    with stop.signals_caught():
        try:
            status = run_command(parser().parse_args(argv))
            stop.check()
            return status
        except stop.Stopped as stopped:
            return stopped_by(stopped)
        except BrokenPipeError:  # standard output closed under argparse's help or usage
            mute(sys.stdout)
            return EXIT_FAILED
        except Exception:  # what a stop broke into may fail otherwise, as an import does
            if stop.came() is None:
                raise
            return stopped_by(stop.came())


def stopped_by(stopped: stop.Stopped) -> int:
    """Say that a signal stopped the command, and the exit status that says so."""
    emit(f"report: stopped by {stopped.cause}; every PDF already in place is whole, "
         "and no file was left half-written", error=True)
    return stopped.exit_status


def run_command(args: argparse.Namespace) -> int:
    """Check the environment and the paths, then build or validate."""
    if problem := source_date_problem():
        emit(f"report: {problem}", error=True)
        return EXIT_USAGE
    if hasattr(args, "run"):
        return args.run(args)
    from report.build import build, check_paths, loaded

    paths = args.paths or [DEFAULT_DATA]
    try:
        check_paths(paths, getattr(args, "out", None))
    except ReportError as error:
        emit(f"report: {error}", error=True)
        return EXIT_USAGE
    if args.command == "validate":
        loaded()
        return validate(paths)
    progress = Progress(args.quiet, args.verbose)
    summary = build(paths, args.out, args.jobs, progress, args.pdfa, args.max_pages,
                    progress.waiting)
    print_summary(summary, args.quiet)
    return EXIT_OK if summary.ok else EXIT_FAILED


def source_date_problem() -> str | None:
    """What is wrong with SOURCE_DATE_EPOCH, if it is set and wrong."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or (re.fullmatch("[0-9]{1,20}", value) and int(value) <= LAST_SECOND):
        return None
    shown = repr(value) if len(value) <= 40 else f"{value[:40]!r}... ({len(value)} characters)"
    return (f"SOURCE_DATE_EPOCH is {shown}; set it to the PDFs' date as a whole number of "
            f"seconds since 1970-01-01 UTC (what `date +%s` prints), from 0 to {LAST_SECOND}, "
            "or unset it to date them from their newest input file")


class Progress:
    """One line per state as it finishes; its problems go to standard error."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose

    def __call__(self, outcome: Outcome) -> None:
        print_problems(outcome.problems)
        for warning in outcome.warnings:
            emit(f"{outcome.job.state_file}: warning: {warning}", error=True)
        if self.quiet:
            return
        if outcome.ok:
            timing = f"  ({outcome.seconds:.1f} s)" if self.verbose else ""
            emit(f"  wrote   {outcome.job.output}{timing}")
        else:
            emit(f"  FAILED  {outcome.job.state_file}: no PDF written")

    def waiting(self, folder: Path) -> None:
        """Say why nothing happens: another build is writing into the same folder."""
        if not self.quiet:
            emit(f"report: waiting for another build writing to {folder} to finish",
                 error=True)


def print_summary(summary: Summary, quiet: bool) -> None:
    """What was written where, what failed, and how long it took."""
    print_problems(summary.problems)
    written = len(summary.outcomes) - len(summary.failed)
    lines = [f"{written} of {len(summary.outcomes)} handouts written"]
    lines += [f"booklet {path} written" for path in summary.booklets]
    lines += [f"booklet {path} NOT written: {why}" for path, why in summary.skipped_booklets]
    lines += [f"failed: {outcome.job.state_file} (see the problems above)"
              for outcome in summary.failed]
    if summary.problems:
        lines.append("a region file has problems (see above); its states were not built")
    if quiet and summary.ok:
        return
    emit("\n".join(lines) + f"\nin {summary.seconds:.1f} s")


def validate(paths: list[Path]) -> int:
    """Check every region file and every state file it lists; print each one's problems.

    A region file with mistakes does not stop its state files being checked.
    """
    from report.build import Job, refuse_booklet_name
    from report.load import load_profile, load_region, state_files

    failed = False
    for path in paths:
        folder = path if path.is_dir() else path.parent
        try:
            region = load_region(folder)
        except InvalidInput as error:
            print_problems(error.problems)
            region, failed = None, True
        for file in state_files(path):
            try:
                refuse_booklet_name(Job(folder, file, DEFAULT_OUT / folder.resolve().name /
                                        f"{file.stem}.pdf"))
                load_profile(region, file)
                emit(f"  ok      {file}")
            except InvalidInput as error:
                print_problems(error.problems)
                emit(f"  FAILED  {file}")
                failed = True
    return EXIT_FAILED if failed else EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    """`report new`: write the starter files; say what was written, or why nothing was."""
    from report import starter
    from report.load import REGION_FILE

    try:
        if args.hhs_region is None:
            lines = starter.new_state(args.path, args.state)
        elif args.path.suffix in (".yaml", ".yml") or args.state:
            raise ReportError("--hhs-region starts a whole region folder: give a folder, and "
                              "no --state (to add one state, leave out --hhs-region)")
        else:
            files = starter.new_region(args.path, args.hhs_region)
            lines = [f"wrote {args.path}: {REGION_FILE} and {len(files) - 1} starter state "
                     "files with placeholder figures",
                     f"next: edit them, then run: report build {args.path}"]
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"report: {error.filename or args.path}: cannot be written "
              f"({error.strerror or error}); check that the folder can be written to",
              file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(lines))
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    """`report schema`: print a JSON Schema."""
    from report import schema

    emit(schema.text(args.kind).rstrip("\n"))
    return EXIT_OK


def print_problems(problems) -> None:
    for problem in problems:
        emit(str(problem), error=True)


def emit(text: str, error: bool = False) -> None:
    """Print a line to standard output (standard error if `error`), whatever the stream or
    the text: what it cannot encode is escaped, and a closed stream (`report build | head
    -1`) is muted, so the build goes on."""
    stream = sys.stderr if error else sys.stdout
    if stream is None:  # the process was started with it closed
        return
    encoding = stream.encoding or "utf-8"
    try:
        print(text.encode(encoding, "backslashreplace").decode(encoding), file=stream,
              flush=True)
    except OSError:
        mute(stream)


def mute(stream: TextIO) -> None:
    """Send what is still written to a closed stream nowhere, as Python's documentation
    advises ("Note on SIGPIPE" in the signal module)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file: nothing is flushed to it at exit
        pass


def run() -> None:
    """Entry point of the console script."""
    status = main()
    stop.let_pass()  # the process is ending: a late Ctrl-C must not print a traceback
    sys.exit(status)
