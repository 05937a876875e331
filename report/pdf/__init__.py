"""What is done to a PDF once ReportLab has drawn it, with pikepdf: its structure tree
(`structure`), the region's booklet (`booklet`) and PDF/A (`archive`).

pikepdf reads and writes files in memory (Linux's memfd) through their descriptors:
through a Python stream it calls read() or write() for every piece qpdf reads or puts out
(8,000 for a handout, 400,000 for a booklet of 48 states), a third of the time of saving.
Not files on disk: where a write to a descriptor fails, as when the disk fills up,
pikepdf 10.18 aborts the whole process. Where there are no memory files (not Linux), the
PDFs are read and written as bytes in memory.
"""

import io
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pikepdf


@contextmanager
def opened(pdfs: list[bytes]) -> Iterator[list[pikepdf.Pdf]]:
    """The PDFs, opened from files in memory, or from bytes where there are none. (The
    files stay open with them: pikepdf knows each by its name in /proc, which would
    otherwise name the next file opened, and refuse to save over it.)"""
    with ExitStack() as documents:
        try:
            files = [documents.enter_context(_memory_file(pdf)) for pdf in pdfs]
            sources = [documents.enter_context(pikepdf.open(f"/proc/self/fd/{file.fileno()}"))
                       for file in files]
        except OSError:
            sources = [documents.enter_context(pikepdf.open(io.BytesIO(pdf))) for pdf in pdfs]
        yield sources


def written(document: pikepdf.Pdf, **settings) -> bytes:
    """The document as saved with pikepdf's `settings`, by default its ID worked out from
    its content (the same input makes the same bytes); into a file in memory, or as
    bytes where there is none."""
    try:
        file = _memory_file()
    except OSError:
        file = io.BytesIO()
    with file:
        document.save(file, **{"deterministic_id": True, **settings})
        file.seek(0)
        return file.read()


def _memory_file(content: bytes = b"") -> io.BufferedRandom:
    """A new file in memory holding `content`, open to read and write (OSError where the
    system has none)."""
    if not hasattr(os, "memfd_create"):
        raise OSError("no files in memory on this system")
    file = open(os.memfd_create("report.pdf"), "w+b")
    file.write(content)
    file.flush()
    return file
