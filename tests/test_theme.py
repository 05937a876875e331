"""The theme's colours: readable text (WCAG contrast) and a heat scale that prints in grey;
the characters its typeface can print, as its font files have them."""

import pytest
from matplotlib.colors import to_rgb
from reportlab.lib.styles import ParagraphStyle

from report import theme, typeface
from report.layout import styles

STYLES = [value for value in vars(styles).values() if isinstance(value, ParagraphStyle)]


def luminance(colour) -> float:
    """WCAG 2 relative luminance of a colour (hex or ReportLab Color)."""
    rgb = to_rgb(colour) if isinstance(colour, str) else colour.rgb()
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def needed(size: float, bold: bool) -> float:
    """4.5:1, or 3:1 for large text (18 pt, or 14 pt bold)."""
    return 3.0 if size >= 18 or (bold and size >= 14) else 4.5


@pytest.mark.parametrize("style", STYLES, ids=lambda style: style.name)
def test_every_text_style_is_readable_on_its_background(style):
    bold = "Bold" in style.fontName or "SemiBold" in style.fontName
    for background in styles.BACKGROUNDS.get(style.name, [theme.WHITE]):
        ratio = contrast(style.textColor, background)
        assert ratio >= needed(style.fontSize, bold), (style.name, background, round(ratio, 2))


@pytest.mark.parametrize("colour", [theme.BLUE, theme.INK, theme.GREY, theme.NAVY,
                                    theme.RED_DARK])
def test_link_and_chart_text_colours_are_readable_on_white(colour):
    assert contrast(colour, theme.WHITE) >= 4.5


def test_the_contrast_formula_is_right():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_heat_scale_gets_darker_step_by_step():
    """Light to dark without a turn, so a grey print still reads fewer -> more."""
    levels = [luminance(colour) for colour in theme.HEAT_COLOURS]
    assert all(a > b for a, b in zip(levels, levels[1:]))


def test_the_typeface_prints_the_characters_its_font_files_have_glyphs_for():
    """The code points the data model lets through are those every face's font file maps
    to a glyph (read by fontTools; kept in report/typeface.py, a process need not read
    them)."""
    from fontTools.ttLib import TTFont

    def mapped(file) -> set[int]:
        face = TTFont(typeface.FONT_DIR / file, lazy=True)
        return {code for code, name in face.getBestCmap().items() if face.getGlyphID(name)}

    found = set.intersection(*map(mapped, typeface.FONT_FILES.values()))
    ranges: list[tuple[int, int]] = []
    for code in sorted(found):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    assert list(typeface.GLYPH_RANGES) == ranges, f"write GLYPH_RANGES = {tuple(ranges)}"
    assert typeface.glyphs() == found
