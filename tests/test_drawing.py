"""Figures on the page (report.figures.drawing and renderer), read back from the PDF.

Each class of what a figure can hold is drawn through the flowable onto a
PDF page and read back: text as text in the face of its weight, where
Matplotlib lays it out; paths with their colour, width, dashes, transparency
and clipping; images at their full resolution, transparent cells as white
paper, the right way up; a figure shrunk, drawn twice, tagged.
"""

import io

import numpy as np
import pdfplumber
import pikepdf
import pypdfium2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from pikepdf import PdfImage
from PIL import Image
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from report import geo, theme
from report.figures.charts import BAR_GID, draw_demographic_chart
from report.figures.drawing import FigureFlowable, to_drawing
from report.figures.heatmap import MapPanel, draw_heat_map
from report.figures.renderer import MarkRenderer, Words, on_paper
from report.layout import sections
from report.layout.page import DocumentInfo, lay_out, tag
from report.layout.tagging import Element, Tag
from report.pdf.structure import write_structure
from report.privacy import Shown, map_areas
from tests.readback import structure_text

DPI = 144  # for rendered pages: 2 pixels a point
# Letters, figures and signs Public Sans prints, PDF string delimiters and a "$" among them.
ALPHABET = "AZaz09 ().,;:!?&%$#@*+-=/\\<>[]{}'\"ÀÉÎÕÜàéîõüßçÇñÑłŁźżŚ–—’…"
TEXTS = st.text(ALPHABET, min_size=1, max_size=24).filter(str.strip)
WEIGHTS = {"light": theme.REGULAR, "normal": theme.REGULAR, 500: theme.REGULAR,
           "semibold": theme.SEMIBOLD, 600: theme.SEMIBOLD, "bold": theme.BOLD,
           "heavy": theme.BOLD, 900: theme.BOLD}
COLOURS = st.tuples(*[st.integers(0, 255)] * 3).map(lambda rgb: to_hex(np.divide(rgb, 255)))


@pytest.fixture(autouse=True, scope="module")
def matplotlib_theme():
    theme.use_matplotlib_theme()


def new_figure(width: float = 3, height: float = 2, **style) -> Figure:
    return Figure(figsize=(width, height), **style)


def pdf_of(*flowables: FigureFlowable) -> bytes:
    """A page per flowable, of its size, the flowable drawn on it."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(flowables[0].width, flowables[0].height))
    for flowable in flowables:
        canvas.setPageSize((flowable.width, flowable.height))
        flowable.drawOn(canvas, 0, 0)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def handout_pdf_of(flowable: FigureFlowable) -> bytes:
    """The flowable laid out on a page as a handout is, and the file tagged."""
    info = DocumentInfo(title="T", author="A", subject="S", keywords=[], footer="F",
                        illustrative=False)
    return tag(lay_out([flowable], info).pdf, info, Element("Document"))


def chars(pdf: bytes, page: int = 0) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[page].chars


def rendered(pdf: bytes) -> np.ndarray:
    """The first page as RGB pixels, top row first, at DPI."""
    page = pypdfium2.PdfDocument(pdf)[0]
    return np.asarray(page.render(scale=DPI / 72).to_pil().convert("RGB")).astype(int)


def pixel(pixels: np.ndarray, x: float, y: float) -> np.ndarray:
    """The pixel at a point (points from the bottom left)."""
    return pixels[pixels.shape[0] - 1 - int(y * DPI / 72), int(x * DPI / 72)]


def ink_centre(grey: np.ndarray) -> np.ndarray:
    """The centre of the ink of a grey image (top row first), in points (x, y from the top)."""
    ink = 255 - grey.astype(float)
    rows, columns = np.indices(ink.shape)
    return np.array([(columns * ink).sum(), (rows * ink).sum()]) / ink.sum() * 72 / DPI


# Text


@settings(max_examples=60, deadline=None)
@given(text=TEXTS, weight=st.sampled_from(list(WEIGHTS)), italic=st.booleans(),
       size=st.floats(6, 16), align=st.sampled_from(["left", "center", "right"]),
       x=st.floats(0.2, 0.8), y=st.floats(0.2, 0.8))
def test_text_is_text_in_the_face_of_its_weight_at_its_anchor(text, weight, italic, size, align,
                                                              x, y):
    figure = new_figure(4, 1)
    figure.text(x, y, text, fontsize=size, weight=weight, style="italic" if italic else "normal",
                ha=align, parse_math=False)
    found = chars(pdf_of(to_drawing(figure)))
    face = theme.ITALIC if italic else WEIGHTS[weight]
    assert "".join(c["text"] for c in found) == text
    assert {c["fontname"].split("+")[-1] for c in found} == {face}
    assert all(c["size"] == pytest.approx(size) for c in found)
    width = stringWidth(text, face, size)
    left = x * 4 * 72 - {"left": 0, "center": 0.5, "right": 1}[align] * width
    assert found[0]["x0"] == pytest.approx(left, abs=0.01)
    assert found[-1]["x1"] == pytest.approx(left + width, abs=0.01)
    assert found[0]["matrix"][5] == pytest.approx(y * 72, abs=0.01)  # the baseline


@settings(max_examples=40, deadline=None)
@given(text=st.sampled_from(["Hello World", "Two\nlines", "Cases 1,234", "Mid\nTwo\nThree"]),
       angle=st.sampled_from([0, 30, 90, 135, 200, 270]),
       align=st.sampled_from(["left", "center", "right"]),
       vertical=st.sampled_from(["baseline", "top", "center", "bottom", "center_baseline"]),
       mode=st.sampled_from(["default", "anchor"]), size=st.sampled_from([8, 14]))
def test_text_lands_where_matplotlib_draws_it(text, angle, align, vertical, mode, size):
    """Against Matplotlib's own raster: the ink's centre within the few per cent by which
    hinted screen text runs wider than the font's metrics."""
    figure = new_figure(4, 4)
    figure.text(0.5, 0.5, text, rotation=angle, ha=align, va=vertical, rotation_mode=mode,
                fontsize=size, parse_math=False)
    page = pypdfium2.PdfDocument(pdf_of(to_drawing(figure)))[0]
    on_page = np.asarray(page.render(scale=DPI / 72, grayscale=True).to_pil())
    figure.set_dpi(DPI)
    FigureCanvasAgg(figure).draw()
    on_screen = np.asarray(figure.canvas.buffer_rgba())[..., :3].mean(axis=2)
    longest = max(stringWidth(line, theme.REGULAR, size) for line in text.split("\n"))
    assert np.hypot(*(ink_centre(on_page) - ink_centre(on_screen))) <= 0.03 * longest + 0.1 * size


def words_of(figure: Figure) -> list[Words]:
    return [mark for mark in to_drawing(figure).marks if isinstance(mark, Words)]


def test_text_is_laid_out_with_the_font_metrics_matplotlib_reads(monkeypatch):
    """The renderer keeps each font's ascent, descent and line gap: every line of text,
    in every face, size and alignment, lands where Matplotlib's own reading puts it."""

    def texts() -> Figure:
        figure = new_figure(6, 6)
        for i, (weight, style) in enumerate([("normal", "normal"), ("semibold", "normal"),
                                             ("bold", "normal"), ("normal", "italic")]):
            for j, vertical in enumerate(["baseline", "top", "center", "bottom"]):
                figure.text(0.1 + 0.2 * i, 0.1 + 0.2 * j, "One\nTwo lines\nThree",
                            fontsize=6 + 3 * j, weight=weight, style=style, va=vertical,
                            rotation=30 * i, linespacing=[1.1, 1.4, "normal", 1.2][j],
                            parse_math=False,
                            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white"})
        return figure

    def chart() -> Figure:
        return draw_demographic_chart("Age of victims, a title long enough to wrap", [
            Shown("Minors under the age of eighteen", "12", 12),
            Shown("Adults", "fewer than 3", None)], width_in=2.3, threshold=3)

    kept = [words_of(texts()), words_of(chart())]
    monkeypatch.delattr(MarkRenderer, "_get_font_height_metrics")
    assert [words_of(texts()), words_of(chart())] == kept
    assert len(kept[0]) == 16 * 3 and len(kept[1]) >= 6  # every line, as its own words


def test_a_dollar_sign_is_printed_as_typed():
    figure = new_figure()
    figure.text(0.1, 0.5, "$5 to $10 a $day$", parse_math=False)
    assert "".join(c["text"] for c in chars(pdf_of(to_drawing(figure)))) == "$5 to $10 a $day$"


def test_text_has_its_colour_and_transparency():
    figure = new_figure()
    figure.text(0.1, 0.5, "Navy", color=theme.NAVY, parse_math=False)
    figure.text(0.1, 0.2, "Faint", color=theme.RED, alpha=0.4, parse_math=False)
    pdf = pdf_of(to_drawing(figure))
    colours = {c["text"]: c["non_stroking_color"] for c in chars(pdf)}
    assert colours["N"] == pytest.approx(to_rgb(theme.NAVY), abs=1e-4)
    assert colours["F"] == pytest.approx(to_rgb(theme.RED), abs=1e-4)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        states = document.pages[0].Resources.ExtGState
        assert [float(s.ca) for s in states.values()] == [pytest.approx(0.4)]


# Paths


@settings(max_examples=30, deadline=None)
@given(colour=COLOURS, width=st.floats(0.25, 6), dashes=st.lists(st.floats(0.5, 6), min_size=2,
       max_size=4), cap=st.sampled_from(["butt", "round", "projecting"]),
       join=st.sampled_from(["miter", "round", "bevel"]))
def test_lines_keep_colour_width_dashes_caps_and_joins(colour, width, dashes, cap, join):
    figure = new_figure()
    line = Line2D([0.1, 0.5, 0.9], [0.2, 0.8, 0.2], color=colour, linewidth=width,
                  dashes=dashes, dash_capstyle=cap, dash_joinstyle=join,
                  transform=figure.transFigure)
    figure.add_artist(line)
    pdf = pdf_of(to_drawing(figure))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        [drawn] = document.pages[0].curves
    assert drawn["stroking_color"] == pytest.approx(to_rgb(colour), abs=1e-4)
    assert drawn["linewidth"] == pytest.approx(width, abs=1e-4)
    assert drawn["dash"][0] == pytest.approx([d * width for d in dashes], abs=1e-3)
    assert np.ravel(drawn["pts"]) == pytest.approx(  # (x, from the top)
        [21.6, 144 - 28.8, 108, 144 - 115.2, 194.4, 144 - 28.8], abs=0.01)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        operators = pikepdf.parse_content_stream(document.pages[0])
        caps = {int(operands[0]) for operands, op in operators if str(op) == "J"}
        joins = {int(operands[0]) for operands, op in operators if str(op) == "j"}
    assert caps == {["butt", "round", "projecting"].index(cap)}
    assert joins == {["miter", "round", "bevel"].index(join)}


@settings(max_examples=30, deadline=None)
@given(colour=COLOURS, alpha=st.floats(0.1, 1))
def test_fills_blend_with_the_paper_as_matplotlib_blends_them(colour, alpha):
    figure = new_figure(2, 1)
    figure.add_artist(Rectangle((0.25, 0.25), 0.5, 0.5, facecolor=colour, alpha=alpha,
                                linewidth=0, transform=figure.transFigure))
    on_page = pixel(rendered(pdf_of(to_drawing(figure))), 72, 36)
    figure.set_dpi(DPI)
    FigureCanvasAgg(figure).draw()
    on_screen = np.asarray(figure.canvas.buffer_rgba())[DPI // 2, DPI, :3].astype(int)
    assert np.abs(on_page - on_screen).max() <= 2


def test_an_artist_is_clipped_to_its_box_and_path():
    figure = new_figure(2, 2)
    axes = figure.add_axes((0.25, 0.25, 0.5, 0.5))
    axes.set_axis_off()
    axes.add_patch(Rectangle((-1, -1), 3, 3, facecolor=theme.NAVY, linewidth=0))
    circled = Rectangle((-1, -1), 3, 3, facecolor=theme.RED, linewidth=0,
                        transform=figure.transFigure)
    figure.add_artist(circled)
    circled.set_clip_path(Circle((0.2, 0.2), 0.1, transform=figure.transFigure))
    pixels = rendered(pdf_of(to_drawing(figure)))
    navy, red, white = (np.array(to_rgb(c)) * 255 for c in (theme.NAVY, theme.RED, theme.WHITE))
    assert np.abs(pixel(pixels, 72, 72) - navy).max() <= 2  # inside the axes
    assert np.abs(pixel(pixels, 140, 140) - white).max() <= 2  # outside them
    assert np.abs(pixel(pixels, 28.8, 28.8) - red).max() <= 2  # inside the circle
    assert np.abs(pixel(pixels, 8, 8) - white).max() <= 2  # in its box, outside the circle


def test_hatching_of_a_hidden_count_reaches_the_page_line_by_line():
    shown = [Shown("Female", "suppressed", None), Shown("Male", "12", 12)]
    figure = draw_demographic_chart("Gender", shown, width_in=2.3, threshold=3)
    [hatch] = [c for c in figure.findobj(LineCollection)]
    [open_bar] = [r for r in figure.findobj(Rectangle) if r.get_gid() == BAR_GID
                  and r.get_facecolor()[:3] == to_rgb(theme.WHITE)]
    with pdfplumber.open(io.BytesIO(pdf_of(to_drawing(figure)))) as document:
        page = document.pages[0]
        navy_lines = [line for line in page.lines + page.curves
                      if line["stroking_color"] == pytest.approx(to_rgb(theme.NAVY), abs=1e-4)
                      and line["linewidth"] == pytest.approx(0.5)]
        box = open_bar.get_window_extent()
        scale = 72 / figure.dpi
        for line in navy_lines:  # within the open bar
            assert box.x0 * scale - 0.1 <= line["x0"] <= line["x1"] <= box.x1 * scale + 0.1
        assert len(navy_lines) == len(hatch.get_segments())
        assert "suppressed" in page.extract_text()


# Images


@settings(max_examples=25, deadline=None)
@given(data=st.data(), rows=st.integers(2, 24), columns=st.integers(2, 24),
       origin=st.sampled_from(["upper", "lower"]))
def test_images_reach_the_page_whole_the_right_way_up_on_white_paper(data, rows, columns,
                                                                     origin):
    rgba = np.array(data.draw(st.lists(st.tuples(*[st.integers(0, 255)] * 3,
                                                 st.sampled_from([0, 255, 90])),
                                       min_size=rows * columns, max_size=rows * columns)),
                    dtype=np.uint8).reshape(rows, columns, 4)
    figure = new_figure(columns / 8, rows / 8, facecolor="none")  # a cell is 9 points
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    axes.imshow(rgba, origin=origin, interpolation="none", extent=(0, columns, 0, rows))
    pdf = pdf_of(to_drawing(figure))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        [image] = document.pages[0].get_images().values()
        assert (image.Width, image.Height) == (columns, rows)
    alpha = rgba[..., 3:] / 255
    white_under = rgba[..., :3] * alpha + 255 * (1 - alpha)
    top_first = white_under if origin == "upper" else white_under[::-1]
    pixels = rendered(pdf)
    for row in range(rows):
        for column in range(columns):
            centre = pixel(pixels, (column + 0.5) * 9, (rows - row - 0.5) * 9)
            assert np.abs(centre - top_first[row, column]).max() <= 2, (row, column)


@pytest.mark.parametrize("opacities", [(0, 255), (255,), (0, 255, 1), (0, 254)])
@pytest.mark.parametrize("clear", ["coloured", "white"])
def test_an_image_on_paper_is_composited_over_white(opacities, clear):
    """Every colour at every opacity given, as Pillow composites it over white: the quick
    ways for images of opaque and clear pixels only (and of clear ones all white, as the
    heat map's are) must not change a pixel."""
    colours = np.stack(np.meshgrid(np.arange(256), np.arange(256), indexing="ij"), -1)
    rgba = np.zeros((256, 256 * len(opacities), 4), np.uint8)
    for i, opacity in enumerate(opacities):
        block = rgba[:, i * 256:(i + 1) * 256]
        block[..., :2], block[..., 2], block[..., 3] = colours, colours.sum(-1) % 256, opacity
    if clear == "white":
        rgba[rgba[..., 3] == 0] = (255, 255, 255, 0)
    for alpha in (1, 0.5):
        image = Image.fromarray(rgba, "RGBA")
        if alpha < 1:
            image.putalpha(image.getchannel("A").point(lambda value: round(value * alpha)))
        composited = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
        assert np.array_equal(np.asarray(on_paper(rgba, alpha)),
                              np.asarray(composited.convert("RGB")))


@pytest.mark.parametrize("written", [pdf_of, handout_pdf_of], ids=["canvas", "handout"])
def test_the_heat_maps_raster_reaches_the_page_at_its_full_resolution(written):
    """On any canvas, and on the handout's (which stores the pixels as they are, for
    pikepdf to compress as it writes the tagged file): every pixel, compressed once."""
    wisconsin = geo.find_state("WI")
    x, y = wisconsin.project([-87.9065], [43.0389])
    areas = map_areas(wisconsin.county_cases(x, y, np.array([20.0])),
                      wisconsin.county_neighbours, 3)
    figure = draw_heat_map(wisconsin, areas, width_in=3.4, height_in=2.8)
    [raster] = [child.get_array() for panel in figure.artists if isinstance(panel, MapPanel)
                for child in panel.children if isinstance(child, AxesImage)]
    with pikepdf.open(io.BytesIO(written(to_drawing(figure)))) as document:
        [image] = document.pages[0].get_images().values()
        assert (image.Width, image.Height) == raster.shape[1::-1]
        assert image.ColorSpace == "/DeviceRGB" and PdfImage(image).filters == ["/FlateDecode"]
        decoded = np.asarray(PdfImage(image).as_pil_image())
    outside, inside = raster[..., 3] == 0, raster[..., 3] == 255
    assert outside.any() and (decoded[outside[::-1]] == 255).all()  # blank paper
    assert (decoded[::-1][inside] == np.asarray(raster)[inside][:, :3]).all()  # the shading


# The flowable


def test_a_figure_taller_than_a_page_is_shrunk_whole(tmp_path):
    figure = new_figure(2, 12)
    figure.text(0.1, 0.5, "Tall", fontsize=10, parse_math=False)
    tall = to_drawing(figure)
    tag = sections.figure(Element("Document"), tall, "A tall figure")
    shrunk, most = tag.flowable, sections.CONTENT_HEIGHT - sections.HEADING_ROOM
    factor = most / (12 * 72)
    assert (shrunk.width, shrunk.height) == pytest.approx((2 * 72 * factor, most))
    assert (tall.width, tall.height) == (144, 864)  # the kept drawing is left as it was
    [letter, *_] = chars(pdf_of(shrunk))
    assert letter["size"] == pytest.approx(10 * factor)
    assert letter["x0"] == pytest.approx(0.1 * 144 * factor, abs=0.01)


def test_a_figure_drawn_twice_is_drawn_the_same():
    figure = new_figure()
    figure.text(0.1, 0.5, "Once (again)", parse_math=False)
    figure.add_artist(Rectangle((0.1, 0.1), 0.3, 0.2, facecolor=theme.RED,
                                transform=figure.transFigure))
    drawing = to_drawing(figure)
    with pdfplumber.open(io.BytesIO(pdf_of(drawing, drawing))) as document:
        first, second = ([{key: found.get(key) for key in ("text", "fontname", "size", "x0",
                                                            "top", "non_stroking_color")}
                          for found in page.chars + page.rects] for page in document.pages)
    assert first == second and len(first) == len("Once (again)") + 2  # its text, 2 rectangles


def test_a_figures_text_is_marked_content_of_its_figure_element():
    figure = new_figure()
    figure.text(0.1, 0.5, "Counted words", parse_math=False)
    root = Element("Document")
    drawing = Tag(root.add("Figure", alt="A figure of words"), to_drawing(figure))
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    drawing.wrapOn(canvas, 400, 400)
    drawing.drawOn(canvas, 20, 20)
    canvas.showPage()
    canvas.save()
    path = io.BytesIO(write_structure(buffer.getvalue(), root, "Words", "en-US"))
    assert ("Figure", "Counted words", "A figure of words") in structure_text(path)
