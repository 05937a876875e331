"""Structural tests of the demographic and call-type bar charts."""

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib import pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import same_color
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from report import theme
from report.figures.charts import BAR_GID, draw_call_types_chart, draw_demographic_chart
from report.privacy import disclose

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
LONG_WORDS = ("Survivors of trafficking referred by a community partner " * 4)[:200]
LONG_WORD = "X" * 200
TWELVE = {f"Category {i}": count for i, count in enumerate(
    [10**12, 987_654_321, 1, 2, 0, 3, 45, 999, 12_345, 7, 100, 5])}
TWELVE_LONG = {**dict(list(TWELVE.items())[:10]), LONG_WORDS: 88, LONG_WORD: 9}


def shown(counts, threshold):
    """The counts as the handout prints them."""
    return disclose({"chart": counts}, threshold).groups["chart"]


def demographic(counts, suppress_below=3):
    return draw_demographic_chart("Gender", shown(counts, suppress_below), width_in=2.3,
                                  threshold=suppress_below)


def call_types(counts, suppress_below=3):
    return draw_call_types_chart(shown(counts, suppress_below), width_in=7,
                                 threshold=suppress_below)


CHARTS = pytest.mark.parametrize("draw", [demographic, call_types], ids=["demographic", "calls"])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()


def svg_texts(fig) -> list[str]:
    """The content of every <text> element, as a reader of the PDF would find it."""
    return ["".join(el.itertext()) for el in ET.fromstring(svg(fig)).iter(SVG_TEXT)]


def pixels(fig) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def bars(fig) -> list[Rectangle]:
    return [p for p in fig.findobj(Rectangle) if p.get_gid() == BAR_GID]


def overlap(a, b, tolerance=0.5) -> bool:
    """Whether two display boxes share more than a hairline (in pixels)."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width > tolerance and height > tolerance


@CHARTS
def test_every_label_and_count_is_svg_text(draw):
    counts = {"Crisis": 1_234_567, "Tip & <Referral>": 20, "Costs $5 to $10": 0}
    found = svg_texts(draw(counts))
    assert set(counts) | {"1,234,567", "20", "0"} <= set(found)


def test_demographic_title_is_svg_text():
    fig = draw_demographic_chart("Citizenship", shown({"A": 4}, 3), width_in=2.3, threshold=3)
    assert "Citizenship" in svg_texts(fig)


@CHARTS
def test_wrapped_labels_keep_every_character(draw):
    found = "".join(svg_texts(draw({LONG_WORDS: 5, LONG_WORD: 6})))
    for label in (LONG_WORDS, LONG_WORD):
        assert "".join(label.split()) in "".join(found.split())


@CHARTS
def test_chart_is_fully_vector(draw):
    document = svg(draw(TWELVE))
    assert "<image" not in document
    assert "<text" in document


@CHARTS
@pytest.mark.parametrize("small", [1, 2])
def test_small_count_is_never_shown(draw, small):
    found = svg_texts(draw({"Female": 300, "Male": small}))
    assert "fewer than 3" in found
    assert not any(str(small) in text for text in found if text != "fewer than 3")


@CHARTS
def test_small_counts_draw_identical_figures(draw):
    one, two = draw({"Adult": 150, "Minor": 1}), draw({"Adult": 150, "Minor": 2})
    assert np.array_equal(pixels(one), pixels(two))


@CHARTS
def test_suppression_threshold_is_configurable(draw):
    found = svg_texts(draw({"A": 10, "B": 9, "C": 3}, suppress_below=10))
    assert found.count("fewer than 10") == 2
    assert "10" in found and "9" not in found


@CHARTS
def test_zero_prints_without_a_bar(draw):
    fig = draw({"A": 10, "B": 0})
    assert "0" in svg_texts(fig)
    assert len(bars(fig)) == 1


@CHARTS
def test_bar_lengths_are_proportional_to_counts(draw):
    counts = [10, 40, 25, 1_000]
    fig = draw({f"Row {i}": count for i, count in enumerate(counts)})
    widths = [bar.get_width() for bar in bars(fig)]
    assert np.allclose(np.array(widths) / counts, widths[0] / counts[0])
    assert all(same_color(bar.get_facecolor(), theme.NAVY) for bar in bars(fig))


@CHARTS
@pytest.mark.parametrize("counts", [TWELVE, TWELVE_LONG], ids=["twelve", "long-labels"])
def test_layout_has_no_overlap_and_nothing_outside(draw, counts):
    fig = draw(counts)
    renderer = FigureCanvasAgg(fig).get_renderer()
    text_boxes = [t.get_window_extent(renderer) for t in texts(fig)]
    bar_boxes = [bar.get_window_extent(renderer) for bar in bars(fig)]
    page = fig.bbox
    for box in text_boxes + bar_boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    for i, box in enumerate(text_boxes):
        assert not any(overlap(box, other) for other in text_boxes[i + 1:] + bar_boxes)


@CHARTS
def test_type_is_at_least_7_pt_in_theme_font(draw):
    fig = draw(TWELVE_LONG)
    assert min(t.get_fontsize() for t in texts(fig)) >= 7
    assert {t.get_fontfamily()[0] for t in texts(fig)} == {theme.FONT_FAMILY}


def test_demographic_height_grows_with_rows_and_label_lines():
    def height(counts):
        return demographic(counts).get_size_inches()[1]

    assert height({"A": 5}) < height({"A": 5, "B": 6}) < height({"A": 5, LONG_WORDS: 6})


def test_call_types_chart_fits_its_slot():
    """Beside the venue lists on page 1: about 3.2 in wide, at most 1.8 in high."""
    counts = {"Crisis": 62, "Tip": 121, "Training & Technical Assistance": 48,
              "Referral": 87, "General Information": 230, "High Risk": 12}
    width, height = draw_call_types_chart(shown(counts, 3), width_in=3.2,
                                          threshold=3).get_size_inches()
    assert width == 3.2 and 1.0 <= height <= 1.8



@CHARTS
def test_hidden_counts_alone_draw_short_bars(draw):
    """'suppressed' and 'fewer than 3' with nothing exact beside them must not look large."""
    fig = draw({"A": 30, "B": 1})  # B is hidden, and A with it
    assert [t for t in svg_texts(fig) if t in ("suppressed", "fewer than 3")] == \
        ["suppressed", "fewer than 3"]
    assert max(bar.get_width() for bar in bars(fig)) <= 0.15 * fig.get_size_inches()[0]
