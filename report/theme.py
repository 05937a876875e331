"""The handout's look in one place: typeface, colours and type sizes.

Both the page layout (ReportLab) and the figures (Matplotlib) take their
fonts and colours from here, so a chart and the page around it match.
"""

from functools import cache

from report.typeface import FONT_DIR, FONT_FAMILY, FONT_FILES
# ReportLab font names, one per weight.
FONT_NAMES = {weight: file.removesuffix(".ttf") for weight, file in FONT_FILES.items()}
REGULAR, ITALIC, SEMIBOLD, BOLD = FONT_NAMES.values()

# U.S. Web Design System colour tokens.
NAVY = "#1a4480"        # primary-dark: headings, title band
BLUE = "#005ea2"        # primary: links
RED = "#d83933"         # secondary: heat map, key figures
RED_DARK = "#8b0a03"    # secondary-darker
INK = "#1b1b1b"         # base-darkest: body text
GREY = "#565c65"        # base-dark: captions, small print
GREY_LIGHT = "#a9aeb1"  # base-light: county outlines, rules
GREY_LIGHTER = "#dfe1e2"  # base-lighter: bar backgrounds
GREY_LIGHTEST = "#f0f0f0"  # base-lightest: panels
WHITE = "#ffffff"

# White to red to dark red: the heat map's scale, lighter to darker (prints in grey).
HEAT_COLOURS = [WHITE, "#f8dfe2", "#f2938c", RED, RED_DARK]


@cache
def register_reportlab_fonts() -> None:
    """Register the Public Sans faces with ReportLab (embedded as subsets).

    Each face keeps its own name in a paragraph style, and <b> and <i> switch
    to Bold and Italic.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for weight, name in FONT_NAMES.items():
        pdfmetrics.registerFont(TTFont(name, FONT_DIR / FONT_FILES[weight]))
    for name in FONT_NAMES.values():
        addMapping(name, 1, 0, BOLD)
        addMapping(name, 0, 1, ITALIC)
        addMapping(name, 1, 1, BOLD)
        addMapping(name, 0, 0, name)


@cache
def use_matplotlib_theme() -> None:
    """Make Matplotlib draw with Public Sans and the handout's colours.

    (The figures reach the page through `report.figures.renderer`, their text
    as text; saved as SVG, for a look at one, their text stays text too.)
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for file in FONT_FILES.values():
        font_manager.fontManager.addfont(FONT_DIR / file)
    matplotlib.rcParams.update({
        "font.family": FONT_FAMILY,
        "font.size": 8,
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": GREY_LIGHT,
        "axes.titlesize": 9,
        "axes.titleweight": "bold",
        "axes.titlecolor": NAVY,
        "xtick.color": GREY,
        "ytick.color": INK,
        "svg.fonttype": "none",
        "svg.hashsalt": "report",
        "figure.dpi": 300,
        "savefig.dpi": 300,
    })
