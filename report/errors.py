"""What can go wrong, as the user sees it: located problems and fixed exit codes."""

import unicodedata
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
        return safe(f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}")


def safe(text: str) -> str:
    """Text fit for a terminal: control, format and unassigned characters shown as escapes."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if unicodedata.category(c) in _UNSAFE else c for c in text)


_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


class ReportError(Exception):
    """A user error: reported as one line per problem, never as a traceback."""


class InvalidInput(ReportError):
    """One input file (or a file it names) breaks the data contract."""

    def __init__(self, problems: list[Problem]):
        files = list(dict.fromkeys(p.file for p in problems))
        self.problems = sorted(problems, key=lambda p: (files.index(p.file), p.line, p.column))
        super().__init__("\n".join(map(str, self.problems)))
