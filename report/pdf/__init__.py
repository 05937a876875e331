"""What is done to a PDF once ReportLab has drawn it, with pikepdf: its structure tree
(`structure`), the region's booklet (`booklet`) and PDF/A (`archive`)."""

import tempfile

import pikepdf


def written(document: pikepdf.Pdf) -> bytes:
    """The document as saved, its ID worked out from its content (the same input makes
    the same bytes). Saved through a temporary file, whose descriptor pikepdf writes to
    directly: a stream's write() is called for every piece qpdf puts out (50,000 for a
    region's booklet, a third of the time of its save)."""
    with tempfile.TemporaryFile() as file:
        document.save(file, deterministic_id=True)
        file.seek(0)
        return file.read()
