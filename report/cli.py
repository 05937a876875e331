"""The `report` command: parse the command line, run the build, say what happened."""

import argparse
import os
import sys
from pathlib import Path

from report import schema, starter
from report.build import DEFAULT_DATA, DEFAULT_OUT, Outcome, Summary, build, check_paths
from report.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, InvalidInput, ReportError
from report.load import REGION_FILE, load_profile, load_region, state_files

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


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
    schema_command.add_argument("kind", choices=schema.KINDS,
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
    """Run the command; return its exit status."""
    args = parser().parse_args(argv)
    if hasattr(args, "run"):
        return args.run(args)
    paths = args.paths or [DEFAULT_DATA]
    try:
        check_paths(paths, getattr(args, "out", None))
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "validate":
        return validate(paths)
    summary = build(paths, args.out, args.jobs, Progress(args.quiet, args.verbose), args.pdfa,
                    args.max_pages)
    print_summary(summary, args.quiet)
    return EXIT_OK if summary.ok else EXIT_FAILED


class Progress:
    """One line per state as it finishes; its problems go to standard error."""

    def __init__(self, quiet: bool, verbose: bool):
        self.quiet, self.verbose = quiet, verbose

    def __call__(self, outcome: Outcome) -> None:
        print_problems(outcome.problems)
        for warning in outcome.warnings:
            print(f"{outcome.job.state_file}: warning: {warning}", file=sys.stderr, flush=True)
        if self.quiet:
            return
        if outcome.ok:
            timing = f"  ({outcome.seconds:.1f} s)" if self.verbose else ""
            print(f"  wrote   {outcome.job.output}{timing}", flush=True)
        else:
            print(f"  FAILED  {outcome.job.state_file}: no PDF written", flush=True)


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
    print("\n".join(lines) + f"\nin {summary.seconds:.1f} s")


def validate(paths: list[Path]) -> int:
    """Check every region file and every state file it lists; print each one's problems.

    A region file with mistakes does not stop its state files being checked.
    """
    failed = False
    for path in paths:
        try:
            region = load_region(path if path.is_dir() else path.parent)
        except InvalidInput as error:
            print_problems(error.problems)
            region, failed = None, True
        for file in state_files(path):
            try:
                load_profile(region, file)
                print(f"  ok      {file}")
            except InvalidInput as error:
                print_problems(error.problems)
                print(f"  FAILED  {file}")
                failed = True
    return EXIT_FAILED if failed else EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    """`report new`: write the starter files; say what was written, or why nothing was."""
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
    print(schema.text(args.kind), end="")
    return EXIT_OK


def print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr, flush=True)


def run() -> None:
    """Entry point of the console script."""
    sys.exit(main())
