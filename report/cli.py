"""The `report` command: parse the command line, run the build, set the exit code."""

import argparse
import sys
import time
from pathlib import Path

from report.build import DEFAULT_DATA, DEFAULT_OUT, build_job, check_paths, load_job, plan
from report.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, InvalidInput, ReportError


def parser() -> argparse.ArgumentParser:
    """The command line: `report build` and `report validate`."""
    main_parser = argparse.ArgumentParser(
        prog="report", description="Make printable PDF state profiles on human trafficking.")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (("build", "write a PDF handout for each state"),
                            ("validate", "check the data files without writing anything")):
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                             help=f"a region folder or one state .yaml file "
                                  f"(default: {DEFAULT_DATA})")
        if name == "build":
            command.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                                 help=f"where to write the PDFs (default: {DEFAULT_OUT})")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit status."""
    args = parser().parse_args(argv)
    paths = args.paths or [DEFAULT_DATA]
    try:
        check_paths(paths)
    except ReportError as error:
        print(f"report: {error}", file=sys.stderr)
        return EXIT_USAGE
    out_dir = getattr(args, "out", DEFAULT_OUT)
    jobs, problems = plan(paths, out_dir)
    report_problems(problems)
    run = build if args.command == "build" else validate
    return EXIT_FAILED if not run(jobs) or problems else EXIT_OK


def build(jobs) -> bool:
    """Write every handout; report each one as it finishes."""
    started, failed = time.perf_counter(), 0
    for job in jobs:
        outcome = build_job(job)
        report_problems(outcome.problems)
        failed += not outcome.ok
        print(f"{'wrote' if outcome.ok else 'FAILED'} {job.output if outcome.ok else job.state_file}")
    print(f"{len(jobs) - failed} of {len(jobs)} handouts written in "
          f"{time.perf_counter() - started:.1f} s" + (f"; {failed} failed" if failed else ""))
    return failed == 0


def validate(jobs) -> bool:
    """Check every state file; print each one's problems."""
    failed = 0
    for job in jobs:
        try:
            load_job(job)
            print(f"ok {job.state_file}")
        except InvalidInput as error:
            report_problems(error.problems)
            failed += 1
    return failed == 0


def report_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def run() -> None:
    """Entry point of the console script."""
    sys.exit(main())
