"""What can go wrong, as the user sees it: located problems and fixed exit codes."""

from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    """One mistake in one input file, at a line and column (1-based)."""

    file: Path
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}"


class ReportError(Exception):
    """A user error: reported as one line per problem, never as a traceback."""


class InvalidInput(ReportError):
    """One input file (or a file it names) breaks the data contract."""

    def __init__(self, problems: list[Problem]):
        files = list(dict.fromkeys(p.file for p in problems))
        self.problems = sorted(problems, key=lambda p: (files.index(p.file), p.line, p.column))
        super().__init__("\n".join(map(str, self.problems)))
