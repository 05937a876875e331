"""The heat map, checked by rendering it: where it is red, where it is blank, its text."""

import base64
import io
import re
import struct

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgb
from matplotlib.path import Path
from matplotlib.text import Text
from scipy import ndimage

from report import geo, theme
from report.figures import heatmap, legend
from report.privacy import map_areas

WIDTH_IN, HEIGHT_IN = 3.4, 3.6
# Cities of southeast Wisconsin (lon, lat, cases) and places to look at.
CASES = [(-87.9065, 43.0389, 20), (-87.8212, 42.5847, 5), (-87.7829, 42.7261, 5),
         (-88.2315, 43.0117, 6), (-89.4012, 43.0731, 5)]
MILWAUKEE = (-87.95, 43.04)
NORTHWEST = (-91.8, 46.0)  # Sawyer County
LAKE_MICHIGAN = (-87.5, 43.0)  # 35 km east of Milwaukee
IOWA = (-91.3, 42.7)


@pytest.fixture(scope="module")
def wisconsin() -> geo.StateGeography:
    return geo.find_state("WI")


def areas_of(state, cases=CASES, threshold=3):
    """The areas the map may shade for cases given as (lon, lat, cases)."""
    lon, lat, weights = np.array(cases, dtype=float).reshape(-1, 3).T
    return map_areas(state.county_cases(*state.project(lon, lat), weights),
                     state.county_neighbours, threshold)


@pytest.fixture(scope="module")
def southeast(wisconsin):
    """The Wisconsin map of CASES, and its pixels (RGBA, top row first)."""
    fig = heatmap.draw_heat_map(wisconsin, areas_of(wisconsin), width_in=WIDTH_IN,
                                height_in=HEIGHT_IN)
    return fig, render(fig)


def render(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def panel(fig) -> heatmap.MapPanel:
    """The map's panel: its image, lines and note, where an Axes would hold them."""
    [found] = [artist for artist in fig.artists if isinstance(artist, heatmap.MapPanel)]
    return found


def pixel_at(fig, pixels, state, lon, lat) -> np.ndarray:
    """The colour drawn at a place."""
    point = np.column_stack(state.project([lon], [lat]))
    col, row = panel(fig).transData.transform(point)[0]
    return pixels[pixels.shape[0] - int(row) - 1, int(col)].astype(int)


def is_red(rgba) -> np.ndarray:
    r, g, b, a = np.moveaxis(np.asarray(rgba, int), -1, 0)
    return (a > 200) & (r > 120) & (r - g > 80) & (r - b > 80)  # red to dark red


def svg_of(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue().decode()


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_figure_has_the_asked_size_and_the_state_fills_it(southeast):
    fig, pixels = southeast
    assert tuple(fig.get_size_inches()) == (WIDTH_IN, HEIGHT_IN)
    assert pixels.shape[:2] == (round(HEIGHT_IN * fig.dpi), round(WIDTH_IN * fig.dpi))
    box = panel(fig).position
    full_width = box.width == pytest.approx(1)
    full_height = box.height * HEIGHT_IN == pytest.approx(HEIGHT_IN - heatmap.LEGEND_HEIGHT_IN)
    assert full_width or full_height
    xmin, xmax, ymin, ymax = panel(fig).extent
    assert (box.width * WIDTH_IN) / (box.height * HEIGHT_IN) == pytest.approx(
        (xmax - xmin) / (ymax - ymin), rel=1e-6)
    assert not fig.axes  # no axis lines, ticks or frame


def test_southeast_is_red_and_northwest_is_light(southeast, wisconsin):
    fig, pixels = southeast
    assert is_red(pixel_at(fig, pixels, wisconsin, *MILWAUKEE))
    northwest = pixel_at(fig, pixels, wisconsin, *NORTHWEST)
    assert northwest[3] == 255 and (northwest[:3] > 235).all()


def test_outside_the_state_is_not_shaded(southeast, wisconsin):
    fig, pixels = southeast
    for place in (LAKE_MICHIGAN, IOWA):
        assert pixel_at(fig, pixels, wisconsin, *place)[3] == 0
    assert pixels[0, 0, 3] == 0 and pixels[-1, -1, 3] == 0  # figure corners


def test_legend_words_are_svg_text(southeast):
    fig, _ = southeast
    svg = svg_of(fig)
    assert re.search(rf"<text[^>]*>{heatmap.LEGEND_TITLE}</text>", svg)
    assert re.search(r"<text[^>]*>[\d,.]+\+</text>", svg)  # the darkest class: "40+"
    assert heatmap.TOO_FEW_NOTE not in svg


def test_svg_embeds_the_shading_at_print_resolution(southeast):
    fig, _ = southeast
    box = panel(fig).position
    sizes = [struct.unpack(">II", base64.b64decode(data)[16:24])
             for data in re.findall(r'href="data:image/png;base64,([^"]+)"', svg_of(fig))]
    width_px, height_px = max(sizes)
    assert width_px / (box.width * WIDTH_IN) >= 300
    assert height_px / (box.height * HEIGHT_IN) >= 300


@pytest.mark.parametrize("cases", [[], [(-87.9065, 43.0389, 2)],
                                   [(-87.9, 43.0, 1), (-89.4, 43.1, 1)]])
def test_too_few_cases_draw_no_shading_and_say_so(wisconsin, cases):
    fig = heatmap.draw_heat_map(wisconsin, areas_of(wisconsin, cases), width_in=2, height_in=2.2)
    assert not is_red(render(fig)).any()
    assert heatmap.TOO_FEW_NOTE in texts(fig)
    assert heatmap.LEGEND_TITLE not in texts(fig)
    assert re.search(rf"<text[^>]*>{heatmap.TOO_FEW_NOTE}</text>", svg_of(fig))


def test_no_areas_given_draws_a_plain_map(wisconsin):
    fig = heatmap.draw_heat_map(wisconsin, None, width_in=2, height_in=2.2)
    assert texts(fig) == [] and not is_red(render(fig)).any()


def test_three_cases_are_enough_to_shade(wisconsin):
    fig = heatmap.draw_heat_map(wisconsin, areas_of(wisconsin, [(-87.9065, 43.0389, 3)]),
                                width_in=2, height_in=2.2)
    assert is_red(render(fig)).any()
    assert heatmap.TOO_FEW_NOTE not in texts(fig)


def test_a_county_is_shaded_evenly_whatever_the_points_in_it(wisconsin):
    """Cases anywhere in Sawyer County draw the same map: the county is the finest place."""
    def draw(lon, lat):
        areas = areas_of(wisconsin, [(lon, lat, 5)])
        return render(heatmap.draw_heat_map(wisconsin, areas, width_in=2, height_in=2.2))

    assert np.array_equal(draw(-91.25, 45.95), draw(-90.95, 45.75))


def test_a_second_and_third_hot_spot_show_beside_the_largest(wisconsin, southeast):
    """Milwaukee has 20 cases in a small county, Madison 5 in a large one: both are shaded."""
    fig, pixels = southeast
    madison = pixel_at(fig, pixels, wisconsin, -89.4012, 43.0731)
    assert madison[3] == 255 and (madison[:3] < 250).any()


def test_heat_colours_darken_steadily():
    rgb = np.array([to_rgb(colour) for colour in [theme.WHITE, *legend.CLASS_COLOURS]])
    luminance = rgb @ [0.2126, 0.7152, 0.0722]
    assert (np.diff(luminance) < -0.05).all()


@pytest.mark.parametrize("usps", ["MI", "VA", "HI", "AK", "LA"])
def test_each_cell_is_given_the_county_and_state_its_centre_lies_within(usps):
    """Checked against Shapely where shapes are awkward: Michigan's peninsulas and lakes,
    Virginia's cities inside counties, islands, Louisiana's overlapping simplified shapes."""
    state = geo.find_state(usps)
    xmin, ymin, xmax, ymax = np.add(state.outline.bounds, [-5000, -5000, 5000, 5000])
    extent, shape = (xmin, xmax, ymin, ymax), (301, 399)
    x, y = np.meshgrid(xmin + (np.arange(shape[1]) + 0.5) * (xmax - xmin) / shape[1],
                       ymin + (np.arange(shape[0]) + 0.5) * (ymax - ymin) / shape[0])
    counties = state.counties.geometry.values
    county = heatmap._polygon_of_cells(counties, extent, shape).ravel()
    cell, within = state.county_tree.query(shapely.points(x.ravel(), y.ravel()),
                                           predicate="within")
    in_county = np.flatnonzero(county < len(counties))
    assert set(in_county) == set(cell)
    assert set(zip(in_county, county[in_county])) <= set(zip(cell, within))
    inside = heatmap._polygon_of_cells([state.outline], extent, shape) == 0
    assert np.array_equal(inside, shapely.contains_xy(state.outline, x, y))


@given(rows=st.integers(1, 60), cols=st.integers(1, 60), sigma=st.floats(0.3, 12),
       seed=st.integers(0, 2**32 - 1), share=st.sampled_from([0, 0.2, 1]),
       window=st.tuples(*[st.floats(0, 1)] * 4))
@settings(max_examples=100, deadline=None)
def test_blur_is_scipys_gaussian_filter_bit_for_bit(rows, cols, sigma, seed, share, window):
    """Any share of the cells non-zero, within any part of the grid (cases in one place
    are the usual case; none at all, too)."""
    rng = np.random.default_rng(seed)
    values = rng.random((rows, cols)) * 1e3 * (rng.random((rows, cols)) < share)
    top, left = int(window[0] * rows), int(window[1] * cols)
    values[:top] = values[top + 1 + int(window[2] * rows):] = 0
    values[:, :left] = values[:, left + 1 + int(window[3] * cols):] = 0
    assert np.array_equal(heatmap._blurred(values, sigma),
                          ndimage.gaussian_filter(values, sigma, mode="constant"))


@pytest.mark.parametrize("step", [1, 2, 3, 8])
def test_pixels_are_classed_as_the_smooth_surface_zoomed(step):
    values = ndimage.gaussian_filter(np.random.default_rng(step).random((40, 30)), 2)
    breaks = list(np.quantile(values, [0.1, 0.3, 0.5, 0.7, 0.9]))
    zoomed = ndimage.zoom(values, step, order=1, grid_mode=True, mode="nearest")
    _colours, norm = legend.class_norm(breaks)
    assert np.array_equal(heatmap._zoomed_classes(values, step, breaks), norm(zoomed))


@settings(max_examples=300, deadline=None)
@given(rows=st.integers(1, 30), cols=st.integers(1, 30), step=st.integers(1, 9),
       seed=st.integers(0, 2**32 - 1), levels=st.integers(1, 6),
       scale=st.sampled_from([1e-3, 1, 7.3, 1e4]))
def test_pixels_are_classed_as_the_values_zoomed_in_full(rows, cols, step, seed, levels,
                                                         scale):
    """Only the pixels next to another class, or to a value within rounding of a bound,
    are worked out, across and then down: they must be classed as if every pixel's value
    were (across, then down; rows beyond the outer cells' centres are theirs). The
    values are flat runs of bounds, or a hair over or under them, where a value between
    two alike may round past a bound."""
    rng = np.random.default_rng(seed)
    levels = np.sort(rng.random(levels)) * scale
    breaks = sorted(set(rng.choice(levels, size=min(len(levels), 5), replace=False)))
    nudged = levels * (1 + rng.choice([-1e-15, 0, 0, 1e-15], len(levels)))
    values = np.where(rng.random((rows, cols)) < 0.8, nudged[rng.integers(0, len(levels),
                                                                        (rows, cols))],
                      rng.random((rows, cols)) * scale)
    low, high, weight = heatmap._between(cols, step)
    across = values[:, low] * (1 - weight) + values[:, high] * weight
    low, high, weight = heatmap._between(rows, step)
    down = across[low] * (1 - weight[:, None]) + across[high] * weight[:, None]
    down[high == low] = across[low[high == low]]
    assert np.array_equal(heatmap._zoomed_classes(values, step, breaks),
                          heatmap._classes(down, breaks))
    row, col = np.indices(across.shape).reshape(2, -1)
    assert np.array_equal(heatmap._zoomed_across(values, step, breaks)[2](row, col),
                          across[row, col])


STATE_FIPS = sorted(geo._states()["fips"])


@settings(max_examples=40, deadline=None)
@given(fips=st.sampled_from(STATE_FIPS), scale=st.floats(0.8, 1.6),
       cases=st.one_of(st.none(), st.lists(st.integers(0, 10_000), max_size=60)))
def test_a_sketch_has_the_maps_words_where_the_map_has_them(fips, scale, cases):
    """Trial layouts measure a sketch of the heat map (its legend or note only), and the
    band-aware frame reads where its lines of words fall: they must fall where the map
    drawn in full puts them, for any state, size and cases (none located: the note;
    None: no words at all). The sketch's legend has one class, the map's up to five:
    their labels share one line, and no line names the state (the frame would let a
    line that does stay in the top band, where it is part of the title)."""
    from report.figures.drawing import to_drawing
    from report.layout.bands import figure_lines

    state = geo._load_state(fips)
    areas = None if cases is None else [
        heatmap.Area((county,), count) for county, count in
        enumerate(cases[:len(state.counties)]) if count]
    size = {"width_in": 3.4 * scale, "height_in": 2.8 * scale}
    drawn = to_drawing(heatmap.draw_heat_map(state, areas, **size))
    sketch = to_drawing(heatmap.draw_heat_map(state, areas, **size, sketch=True))
    assert sketch.natural_size == drawn.natural_size
    assert lines_of(sketch) == lines_of(drawn)
    assert not any(state.name in words for figure in (sketch, drawn)
                   for *_, words in figure_lines(figure))


@settings(max_examples=30, deadline=None)
@given(fips=st.sampled_from(STATE_FIPS), width=st.floats(1.5, 7.5), height=st.floats(1.5, 7.5),
       cases=st.one_of(st.none(), st.lists(st.integers(0, 10_000), max_size=60)))
def test_the_maps_panel_draws_what_an_axes_draws(fips, width, height, cases):
    """The map is drawn on a panel that stands in for an Axes with its axis off: for any
    state, size and cases (shaded, too few: the note, None: a plain map) its marks on
    the page are those an Axes showing the same extent puts there, to the bit."""
    from matplotlib.image import AxesImage

    from report.figures.drawing import to_drawing
    from report.figures.renderer import Picture

    def on_axes(fig, box, extent):
        """An Axes over box showing extent, which takes what is put on the panel."""
        ax = fig.add_axes(box.bounds)
        ax.set_position(box)
        ax.set(xlim=extent[:2], ylim=extent[2:])
        ax.set_axis_off()
        ax.add = lambda artist: ax.imshow(
            artist.get_array(), extent=extent, origin="lower", interpolation="none",
            zorder=0) if isinstance(artist, AxesImage) else ax.add_artist(artist)
        return ax

    def marks():
        state = geo._load_state(fips)
        areas = None if cases is None else [
            heatmap.Area((county,), count) for county, count in
            enumerate(cases[:len(state.counties)]) if count]
        drawn = to_drawing(heatmap.draw_heat_map(state, areas, width_in=width,
                                                 height_in=height)).marks
        return [(mark.matrix, mark.clip, mark.image.getRGBData()) if isinstance(mark, Picture)
                else mark for mark in drawn]

    on_panel = marks()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(heatmap, "MapPanel", on_axes)
        assert marks() == on_panel


def lines_of(figure) -> list[tuple[float, float]]:
    """The tops and bottoms of a drawn figure's lines of words, top line first."""
    from report.layout.bands import figure_lines

    return sorted({(round(top, 9), round(bottom, 9)) for top, bottom, _ in figure_lines(figure)})


@settings(max_examples=80, deadline=None)
@given(text=st.text(st.sampled_from("0123456789,.+\u2013 QWjgy%()"), min_size=1,
                    max_size=14).filter(str.strip))  # a label is never blank
def test_a_labels_width_is_its_outlines_extent(text):
    assert legend.label_width(text) == legend._label_path(text).get_extents().width / 72


point = st.tuples(st.floats(-100, 100), st.floats(-100, 100))
segment = st.sampled_from([(Path.LINETO, 1), (Path.CURVE3, 2), (Path.CURVE4, 3)]).flatmap(
    lambda kind: st.tuples(st.just(kind[0]), st.lists(point, min_size=kind[1], max_size=kind[1])))


@settings(max_examples=200, deadline=None)
@given(outlines=st.lists(st.tuples(point, st.lists(segment, max_size=6), st.booleans()),
                         min_size=1, max_size=4))
def test_an_outlines_width_is_its_extent_curves_and_all(outlines):
    """Whatever its curves (a typeface puts points at their extremes, so only made-up
    curves bulge past their ends), an outline is exactly as wide as get_extents finds it."""
    vertices, codes = [], []
    for start, segments, closed in outlines:
        vertices.append(start)
        codes.append(Path.MOVETO)
        for code, points in segments:
            vertices += points
            codes += [code] * len(points)
        if closed:
            vertices.append(start)
            codes.append(Path.CLOSEPOLY)
    path = Path(vertices, codes)
    assert legend.outline_width(path) == path.get_extents().width


@settings(max_examples=60, deadline=None)
@given(bounds=st.lists(st.one_of(st.integers(1, 10**7), st.floats(0.001, 10**6)),
                       min_size=1, max_size=5, unique=True),
       language=st.sampled_from(["en", "es"]))
def test_the_swatches_are_as_wide_as_the_widest_label_needs(bounds, language):
    """Only labels whose outlines' corners might need more than the narrowest swatch are
    measured exactly: the swatches come out as wide as measuring every label makes them,
    and no label is wider than its corners reach."""
    from report.i18n import use

    breaks = sorted(bounds)
    with use(language):
        texts = [legend.number(bound) + ("+" if i == len(breaks) - 1
                                         else f"\u2013{legend.number(breaks[i + 1])}")
                 for i, bound in enumerate(breaks)]
    every_label = max(legend.SWATCH_IN[0],
                      *(legend.label_width(text) + legend.LABEL_PAD_IN for text in texts))
    assert legend.swatch_width(texts) == every_label
    for text in texts:
        assert legend.label_width(text) <= legend.label_reach(text)
