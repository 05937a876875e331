"""PDF/A-2b for records offices and grant portals.

The tagged handout is declared and validated as PDF/A-2b by pikepdf's
PDF/A validator, which approves only what it knows to conform. The file
then claims PDF/A-2b alone: whether one file may claim PDF/A-2b and PDF/UA-1
at once is for a full validator (veraPDF) to decide, which we cannot run
here, so the default output keeps the PDF/UA-1 claim and this one the
PDF/A-2b claim.

The file is written and validated in memory, as `pdfa.save` writes and validates
it in a temporary file on disk: where that disk is full, pikepdf 10.18 aborts the
whole process (see `report.pdf`).
"""

import io

from pikepdf import pdfa

from report.pdf import opened, written

FLAVOUR = "2b"


def to_pdfa(pdf: bytes) -> bytes:
    """The same document as PDF/A-2b, validated; raises pikepdf.pdfa.PdfaError if not."""
    settings = pdfa.resolve_save_kwargs(FLAVOUR, deterministic_id=True)
    with opened([pdf]) as [document]:
        pdfa.prepare(document, FLAVOUR)  # sRGB output intent, XMP, annotation flags
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["xmp:MetadataDate"] = xmp["xmp:ModifyDate"]  # not the time now: reproducible
        archived = written(document, **settings)
    report = pdfa.validate_written(io.BytesIO(archived), FLAVOUR, save_kwargs=settings)
    if report.verdict != "pass":
        raise pdfa.PdfaError(report)
    return archived
