"""What is done to a PDF once ReportLab has drawn it, with pikepdf: its structure tree
(`structure`), the region's booklet (`booklet`) and PDF/A (`archive`)."""

import io
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pikepdf


@contextmanager
def opened(pdfs: list[bytes]) -> Iterator[list[pikepdf.Pdf]]:
    """The PDFs, opened from copies in a temporary folder, which pikepdf reads through
    their descriptors: from bytes in memory it calls a stream's readinto() for every
    piece it reads (a third of the time of copying a handout's pages and structure).
    Where the temporary folder cannot take the copies (no room, no folder), from memory."""
    with ExitStack() as documents:
        try:
            folder = Path(documents.enter_context(tempfile.TemporaryDirectory()))
            sources = [folder / f"{number}.pdf" for number in range(len(pdfs))]
            for path, pdf in zip(sources, pdfs):
                path.write_bytes(pdf)
        except OSError:
            sources = [io.BytesIO(pdf) for pdf in pdfs]
        yield [documents.enter_context(pikepdf.open(source)) for source in sources]


def written(document: pikepdf.Pdf) -> bytes:
    """The document as saved, its ID worked out from its content (the same input makes
    the same bytes). Saved in memory: pikepdf saves quicker into a file's descriptor,
    but where the disk fills up as it writes, pikepdf 10.18 aborts the whole process."""
    output = io.BytesIO()
    document.save(output, deterministic_id=True)
    return output.getvalue()
