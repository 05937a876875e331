"""The look never drifts unseen: every page of the Wisconsin handout and the booklet's
front matter, rendered and compared with reference images the way Matplotlib's own
tests compare images (RMS difference with a small tolerance; a diff image on failure).

When a change to the pages is intended, look at the new pages, then update the
references (and the README's picture, made by the same code) with

    REPORT_UPDATE_REFERENCES=1 pytest tests/test_look.py

and commit the changed PNGs.
"""

import os
from pathlib import Path

import pypdfium2
import pytest
from matplotlib.testing.compare import compare_images

from tests.conftest import EXAMPLE, ROOT

REFERENCES = Path(__file__).parent / "reference"
README_PICTURE = ROOT / "docs" / "wisconsin-page-1.png"
DPI = 50  # enough to see a moved block, an overlap or a lost chart; small files
TOLERANCE = 2.0  # RMS of grey levels (0-255): antialiasing differences between versions
UPDATE = bool(os.environ.get("REPORT_UPDATE_REFERENCES"))


def render(pdf: Path, first: int, last: int, dpi: int, grey: bool, out: Path) -> list[Path]:
    """Pages first..last (from 1) of a PDF as PNG files in out."""
    document = pypdfium2.PdfDocument(pdf)
    files = []
    for number in range(first, last + 1):
        image = document[number - 1].render(scale=dpi / 72, grayscale=grey).to_pil()
        files.append(out / f"{pdf.stem}-{number}.png")
        image.save(files[-1], optimize=True)
    return files


def check(pdf: Path, first: int, last: int, name: str, tmp_path: Path) -> None:
    """Compare the pages with their references (or, updating, replace the references)."""
    for page, actual in enumerate(render(pdf, first, last, DPI, True, tmp_path), start=1):
        expected = REFERENCES / f"{name}-{page}.png"
        if UPDATE:
            REFERENCES.mkdir(exist_ok=True)
            expected.write_bytes(actual.read_bytes())
            continue
        assert expected.exists(), f"no reference {expected}: make it with " \
            "REPORT_UPDATE_REFERENCES=1 pytest tests/test_look.py"
        failed = compare_images(str(expected), str(actual), TOLERANCE)
        assert failed is None, failed


def page_count(pdf: Path) -> int:
    return len(pypdfium2.PdfDocument(pdf))


def test_every_page_of_the_wisconsin_handout(wisconsin_pdf, tmp_path):
    check(wisconsin_pdf, 1, page_count(wisconsin_pdf), "wisconsin", tmp_path)


def front_matter_pages(booklet: Path) -> int:
    """The pages before the first state's handout (whose title opens its page)."""
    document = pypdfium2.PdfDocument(booklet)
    for number in range(len(document)):
        if "Efforts to Combat Human Trafficking" in \
                document[number].get_textpage().get_text_range()[:200] and number > 0:
            return number
    raise AssertionError("no state handout in the booklet")


def test_the_booklets_front_matter(region_out, tmp_path):
    booklet = region_out / "region-v-profiles.pdf"
    check(booklet, 1, front_matter_pages(booklet), "booklet-front", tmp_path)


def test_the_readme_picture_is_the_handouts_page_one(wisconsin_pdf, tmp_path):
    [fresh] = render(wisconsin_pdf, 1, 1, 80, False, tmp_path)
    if UPDATE:
        README_PICTURE.write_bytes(fresh.read_bytes())
    failed = compare_images(str(README_PICTURE), str(fresh), TOLERANCE)
    assert failed is None, failed


@pytest.mark.parametrize("changed", ["moved", "recoloured"])
def test_the_comparison_catches_a_change(tmp_path, wisconsin_pdf, changed):
    """The tolerance is not so loose that a real change passes."""
    from PIL import Image, ImageChops

    [page] = render(wisconsin_pdf, 1, 1, DPI, True, tmp_path)
    image = Image.open(page)
    altered = ImageChops.offset(image, 0, 6) if changed == "moved" else \
        image.point(lambda level: 255 - (255 - level) // 2)
    altered.save(tmp_path / "altered.png")
    assert compare_images(str(page), str(tmp_path / "altered.png"), TOLERANCE) is not None
