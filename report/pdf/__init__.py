"""What is done to a PDF once ReportLab has drawn it, with pikepdf: its structure tree
(`structure`), the region's booklet (`booklet`) and PDF/A (`archive`)."""

import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pikepdf


@contextmanager
def opened(pdfs: list[bytes]) -> Iterator[list[pikepdf.Pdf]]:
    """The PDFs, opened from copies in a temporary folder, which pikepdf reads through
    their descriptors: from bytes in memory it calls a stream's readinto() for every
    piece it reads (a third of the time of copying a handout's pages and structure)."""
    with tempfile.TemporaryDirectory() as folder, ExitStack() as documents:
        paths = [Path(folder) / f"{number}.pdf" for number in range(len(pdfs))]
        for path, pdf in zip(paths, pdfs):
            path.write_bytes(pdf)
        yield [documents.enter_context(pikepdf.open(path)) for path in paths]


def written(document: pikepdf.Pdf) -> bytes:
    """The document as saved, its ID worked out from its content (the same input makes
    the same bytes). Saved through a temporary file, whose descriptor pikepdf writes to
    directly: a stream's write() is called for every piece qpdf puts out (50,000 for a
    region's booklet, a third of the time of its save)."""
    with tempfile.TemporaryFile() as file:
        document.save(file, deterministic_id=True)
        file.seek(0)
        return file.read()
