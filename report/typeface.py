"""The handout's typeface, Public Sans: its files, and the characters it can print.

Kept apart from `report.theme` so that the data model can check text
against the typeface without loading ReportLab or Matplotlib.
"""

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FAMILY = "Public Sans"
FONT_FILES = {
    "regular": "PublicSans-Regular.ttf",
    "italic": "PublicSans-Italic.ttf",
    "semibold": "PublicSans-SemiBold.ttf",
    "bold": "PublicSans-Bold.ttf",
}


@cache
def glyphs() -> frozenset[int]:
    """The code points every face of the typeface has a glyph for."""
    return frozenset.intersection(*(_glyphs(FONT_DIR / file) for file in FONT_FILES.values()))


def _glyphs(file: Path) -> frozenset[int]:
    face = TTFont(file, lazy=True)
    return frozenset(code for code, name in face.getBestCmap().items() if face.getGlyphID(name))
