"""PDF/A-2b for records offices and grant portals.

The tagged handout is declared and validated as PDF/A-2b by pikepdf's
PDF/A validator, which approves only what it knows to conform. The file
then claims PDF/A-2b alone: whether one file may claim PDF/A-2b and PDF/UA-1
at once is for a full validator (veraPDF) to decide, which we cannot run
here, so the default output keeps the PDF/UA-1 claim and this one the
PDF/A-2b claim.
"""

import io

import pikepdf
from pikepdf import pdfa

FLAVOUR = "2b"


def to_pdfa(pdf: bytes) -> bytes:
    """The same document as PDF/A-2b, validated; raises pikepdf.pdfa.PdfaError if not."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pdfa.prepare(document, FLAVOUR)  # sRGB output intent, XMP, annotation flags
        with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["xmp:MetadataDate"] = xmp["xmp:ModifyDate"]  # not the time now: reproducible
        output = io.BytesIO()
        pdfa.save(document, output, FLAVOUR, repair=False, deterministic_id=True)
        return output.getvalue()
