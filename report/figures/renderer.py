"""A Matplotlib renderer whose output is marks for a ReportLab canvas.

Matplotlib lays a figure out and calls the renderer for every path, text and
image, in points from the figure's bottom-left corner (the figure is drawn at
72 dpi, as Matplotlib's own vector backends do). Each call becomes a mark that
can draw itself on any ReportLab canvas, as often as needed:

- paths as PDF path operators, in Matplotlib's own conversion (the one its PDF
  backend uses: clipped to the figure and simplified as on screen);
- text as real text in the embedded Public Sans face of its weight, placed as
  Matplotlib's SVG backend places it (anchored at the text's position, with
  ReportLab's metrics), so it can be selected, searched and read aloud;
- images at their full resolution, made opaque over white paper.

Hatch patterns and sketch lines are not drawn: the handout's figures draw
their hatching as lines.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from matplotlib import _path
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties, fontManager, get_font, weight_dict
from matplotlib.transforms import Affine2D
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from report import theme

POINTS_PER_INCH = 72
PRECISION = 2  # decimals of a point in path coordinates
PATH_CODES = [b"m", b"l", b"", b"c", b"h"]  # MOVETO LINETO CURVE3 CURVE4 CLOSEPOLY; b"": as cubic
JOINS = {"miter": 0, "round": 1, "bevel": 2}
CAPS = {"butt": 0, "round": 1, "projecting": 2}
ANCHORS = {"left": 0, "center": 0.5, "right": 1}  # of a text's width, left of its position
OPAQUE = np.frombuffer(bytes([0, 0, 0, 255]), np.uint32)[0]  # a pixel's alpha, as a word
CLEAR_WHITE = np.frombuffer(bytes([255, 255, 255, 0]), np.uint32)[0]


class Mark(Protocol):
    """Something drawn, that can draw itself on a ReportLab canvas."""

    def draw(self, canvas: Canvas) -> None: ...


@dataclass
class Shapes:
    """Opaque paths: PDF operators, each path in its own graphics state."""

    operators: str

    def draw(self, canvas: Canvas) -> None:
        canvas.addLiteral(self.operators)


@dataclass(frozen=True)
class SeeThrough:
    """A path drawn with some transparency (ExtGState belongs to the document)."""

    operators: str
    fill_alpha: float
    stroke_alpha: float

    def draw(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillAlpha(self.fill_alpha)
        canvas.setStrokeAlpha(self.stroke_alpha)
        canvas.addLiteral(self.operators)
        canvas.restoreState()


@dataclass(frozen=True)
class Words:
    """A line of text in one face, size and colour, where the matrix puts it."""

    text: str
    font: str
    size: float
    matrix: tuple[float, ...]
    colour: tuple[float, float, float]
    alpha: float
    clip: str

    def draw(self, canvas: Canvas) -> None:
        canvas.saveState()
        if self.clip:
            canvas.addLiteral(self.clip)
        if self.alpha < 1:
            canvas.setFillAlpha(self.alpha)
        words = canvas.beginText()
        words.setTextTransform(*self.matrix)
        words.setFont(self.font, self.size)
        words.setFillColorRGB(*self.colour)
        words.textOut(self.text)
        canvas.drawText(words)
        canvas.restoreState()


@dataclass(frozen=True)
class Picture:
    """An opaque raster image, its unit square placed by the matrix."""

    image: ImageReader
    matrix: tuple[float, ...]
    clip: str

    def draw(self, canvas: Canvas) -> None:
        canvas.saveState()
        if self.clip:
            canvas.addLiteral(self.clip)
        canvas.transform(*self.matrix)
        canvas.drawImage(self.image, 0, 0, 1, 1)
        canvas.restoreState()


class MarkRenderer(RendererBase):
    """Records what Matplotlib draws, in points with y upwards, as marks."""

    def __init__(self, width: float, height: float, image_dpi: float):
        super().__init__()
        self.width, self.height, self.image_dpi = width, height, image_dpi
        self.marks: list[Mark] = []

    def get_text_width_height_descent(self, s, prop, ismath) -> tuple[float, float, float]:
        """Matplotlib's measure of a text, kept: the same labels recur in every figure."""
        return text_extent(s, prop.copy(), ismath)

    def _get_font_height_metrics(self, prop) -> tuple[float, float, float] | tuple[None, ...]:
        """The ascent, descent and line gap of a text's font, as Matplotlib's text layout
        reads them from the font's tables, kept: it would read them for every text."""
        return font_height_metrics(prop.copy())

    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def option_scale_image(self) -> bool:
        """Images come at their own resolution, with a transform."""
        return True

    def get_image_magnification(self) -> float:
        """Images that must be resampled are, at the figure's own resolution."""
        return self.image_dpi / POINTS_PER_INCH

    def draw_path(self, gc, path, transform, rgbFace=None) -> None:
        """A path, filled with rgbFace and stroked as the gc says (either may be nothing)."""
        fill_alpha, stroke_alpha = alphas(gc, rgbFace)
        fill = rgbFace is not None and fill_alpha > 0
        stroke = gc.get_linewidth() > 0 and stroke_alpha > 0
        if not (fill or stroke):
            return
        outline = (0, 0, self.width, self.height) if rgbFace is None else None
        style = [clip_operators(gc)]
        if fill:
            style.append(f"{colour(rgbFace)} rg")
        if stroke:
            style.append(stroke_operators(gc))
        body = path_operators(path, transform, outline, outline is not None
                              and path.should_simplify)
        paint = "B" if fill and stroke else "f" if fill else "S"
        operators = f"q {' '.join(style)}\n{body}{paint} Q\n"
        if (fill and fill_alpha < 1) or (stroke and stroke_alpha < 1):
            self.marks.append(SeeThrough(operators, fill_alpha, stroke_alpha))
        elif self.marks and isinstance(self.marks[-1], Shapes):
            self.marks[-1].operators += operators
        else:
            self.marks.append(Shapes(operators))

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None) -> None:
        """A line of text; anchored as laid out where Matplotlib says how (never mathtext)."""
        font, size = face(prop), prop.get_size_in_points()
        turn = np.deg2rad(angle)
        cos, sin = np.cos(turn), np.sin(turn)
        if mtext is not None and (angle == 0 or mtext.get_rotation_mode() == "anchor"):
            anchor_x, anchor_y = mtext.get_transform().transform(mtext.get_unitless_position())
            across = -sin * (x - anchor_x) + cos * (y - anchor_y)  # the layout's baseline
            shift = ANCHORS[mtext.get_ha()] * stringWidth(s, font, size)
            x, y = anchor_x - sin * across - shift * cos, anchor_y + cos * across - shift * sin
        alpha = gc.get_alpha() if gc.get_forced_alpha() else gc.get_rgb()[3]
        self.marks.append(Words(s, font, size, (cos, sin, -sin, cos, x, y),
                                tuple(gc.get_rgb()[:3]), alpha, clip_operators(gc)))

    def draw_image(self, gc, x, y, im, transform=None) -> None:
        """An RGBA image (row 0 at the bottom) at (x, y), its unit square mapped by
        transform, or at the image resolution without one."""
        rows, columns = im.shape[:2]
        if not rows or not columns:
            return
        if transform is None:
            scale = POINTS_PER_INCH / self.image_dpi
            transform = Affine2D().scale(columns * scale, rows * scale)
        alpha = gc.get_alpha() if gc.get_forced_alpha() else 1
        placed = (transform + Affine2D().translate(x, y)).frozen()
        self.marks.append(Picture(ImageReader(on_paper(np.asarray(im)[::-1], alpha)),
                                  tuple(placed.to_values()), clip_operators(gc)))


MEASURE = RendererBase()  # measures text at 72 dpi, in points


@lru_cache(maxsize=4096)
def text_extent(text: str, prop: FontProperties, ismath) -> tuple[float, float, float]:
    """Width, height and descent of a text in points, as Matplotlib measures it."""
    return MEASURE.get_text_width_height_descent(text, prop, ismath)


@lru_cache(maxsize=64)
def font_height_metrics(prop: FontProperties) -> tuple[float, float, float] | tuple[None, ...]:
    """A font's typographic ascent, descent and line gap in points (at 72 dpi, at which
    figures are drawn), from its OS/2 table as `matplotlib.text.Text` works them out;
    Nones, for Matplotlib to work them out itself, for a font without that table."""
    font = get_font(fontManager._find_fonts_by_props(prop))
    table = font.get_sfnt_table("OS/2")
    if table is None:
        return None, None, None
    scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() \
        * POINTS_PER_INCH / 72
    return (table["sTypoAscender"] * scale, -table["sTypoDescender"] * scale,
            table["sTypoLineGap"] * scale)


def alphas(gc, rgbFace) -> tuple[float, float]:
    """The opacity of a path's fill and of its stroke."""
    if gc.get_forced_alpha():
        return gc.get_alpha(), gc.get_alpha()
    return (1 if rgbFace is None or len(rgbFace) < 4 else rgbFace[3]), gc.get_rgb()[3]


def stroke_operators(gc) -> str:
    """Colour, width, join, cap and dashes of a gc's stroke."""
    offset, dashes = gc.get_dashes()
    pattern = " ".join(number(d) for d in dashes) if dashes is not None else ""
    return (f"{colour(gc.get_rgb())} RG {number(gc.get_linewidth())} w "
            f"{JOINS[gc.get_joinstyle()]} j {CAPS[gc.get_capstyle()]} J "
            f"[{pattern}] {number(offset or 0)} d")


def clip_operators(gc) -> str:
    """Operators that clip to the gc's clip rectangle and clip path ("" for none)."""
    operators = ""
    if (box := gc.get_clip_rectangle()) is not None:
        operators += " ".join(number(v) for v in box.bounds) + " re W n\n"
    clip_path, affine = gc.get_clip_path()
    if clip_path is not None:
        operators += path_operators(clip_path, affine, None, False) + "W n\n"
    return operators


def path_operators(path, transform, clip: tuple | None, simplify: bool) -> str:
    """The path in PDF operators, quadratic curves made cubic."""
    return _path.convert_to_string(path, transform, clip, simplify, None, PRECISION,
                                   PATH_CODES, True).decode("ascii")


def colour(rgb) -> str:
    return " ".join(number(c) for c in rgb[:3])


def number(value: float) -> str:
    """A number as PDF operators want it: short, no exponent."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def face(prop: FontProperties) -> str:
    """The ReportLab font of the Public Sans face nearest a Matplotlib font's weight and style."""
    if prop.get_style() != "normal":
        return theme.ITALIC
    weight = weight_dict.get(prop.get_weight(), prop.get_weight())
    return theme.REGULAR if weight < 600 else theme.SEMIBOLD if weight < 700 else theme.BOLD


def on_paper(rgba: np.ndarray, alpha: float) -> Image.Image:
    """An RGBA image (row 0 at the top), `alpha` as opaque, laid on white paper.

    An image whose pixels are each opaque or clear and white (the heat map's)
    is already as it will look on the paper: its colours are taken as they are.
    One whose pixels are each opaque or clear is pasted onto the paper through its
    alpha, in a third of the time of compositing it and to the same pixels: clear
    ones white, opaque ones as they are.
    """
    rgba = np.ascontiguousarray(rgba)
    image = Image.fromarray(rgba, "RGBA")
    if alpha < 1:
        image.putalpha(image.getchannel("A").point(lambda value: round(value * alpha)))
    elif _opaque_or_clear_white(rgba):
        return image.convert("RGB")
    opacity = image.getchannel("A")
    if any(opacity.histogram()[1:255]):
        return Image.alpha_composite(Image.new("RGBA", image.size, "white"), image).convert("RGB")
    paper = Image.new("RGB", image.size, "white")
    paper.paste(image, mask=opacity)
    return paper


def _opaque_or_clear_white(rgba: np.ndarray) -> bool:
    """Whether each pixel of a contiguous RGBA image is opaque, or clear and white (its
    four bytes looked at as one word: an eighth of the time of a paste)."""
    words = rgba.view(np.uint32)
    return bool((((words & OPAQUE) == OPAQUE) | (words == CLEAR_WHITE)).all())
