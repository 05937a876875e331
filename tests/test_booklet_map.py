"""The booklet's region map for any set of members: labels apart, inside the figure,
outlying members in insets, small states labelled outside with a leader line."""

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex

from report import geo, theme
from report.figures import region_map
from report.figures.region_map import draw_region_map
from tests.regions import EVERY_MEMBER, HHS_REGIONS

OUTLYING = {"AK", "HI", "AS", "GU", "MP", "PR", "VI"}


def fips(codes: list[str]) -> list[str]:
    return [geo.find_state(code).fips for code in codes]


def draw(codes: list[str], counts: list[int], height_in: float = 3.4):
    figure = draw_region_map(dict(zip(fips(codes), counts)), set(fips(codes[:1])),
                             width_in=7.3, height_in=height_in)
    figure.canvas.draw()
    return figure


def text_boxes(figure) -> list[tuple[str, shapely.Geometry]]:
    """Every text of the figure, as the box it takes when drawn (its tab, if it has one)."""
    renderer = figure.canvas.get_renderer()
    texts = [*figure.texts, *(text for ax in figure.axes for text in ax.texts)]
    boxes = []
    for text in texts:
        drawn = text.get_bbox_patch() or text
        extent = drawn.get_window_extent(renderer)
        boxes.append((text.get_text(), shapely.box(extent.x0, extent.y0, extent.x1, extent.y1)))
    return boxes


def assert_texts_apart_and_inside(figure) -> None:
    width, height = figure.bbox.width, figure.bbox.height
    page = shapely.box(0, 0, width, height)
    boxes = text_boxes(figure)
    for text, box in boxes:
        assert page.contains(box), f"{text!r} leaves the figure"
    for i, (text, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            assert box.intersection(other_box).area < 1, f"{text!r} overlaps {other!r}"


members = st.lists(st.sampled_from(EVERY_MEMBER), min_size=1, max_size=12, unique=True)


@settings(max_examples=8, deadline=None)
@given(codes=members, data=st.data())
def test_labels_never_overlap_or_leave_the_figure(codes, data):
    counts = data.draw(st.lists(st.integers(0, 10_000_000), min_size=len(codes),
                                max_size=len(codes)))
    assert_texts_apart_and_inside(draw(codes, counts))


def test_each_outlying_member_gets_an_inset_of_its_own():
    figure = draw(HHS_REGIONS[9], [5, 40, 300, 1052, 0, 7, 12])
    boxes = [ax for ax in figure.axes if to_hex(ax.patch.get_facecolor()) == theme.GREY_LIGHTEST]
    captions = [" ".join(text.get_text().split()) for ax in boxes for text in ax.texts]
    assert len(boxes) == len(OUTLYING & set(HHS_REGIONS[9])) == len(captions)
    assert set(captions) == {"Hawaii 300", "American Samoa 0", "Guam 7",
                             "Commonwealth of the Northern Mariana Islands 12"}
    main = figure.axes[0]
    assert {" ".join(t.get_text().split()) for t in main.texts} == {
        "Arizona* 5", "California 40", "Nevada 1,052"}


def test_states_too_small_for_their_label_get_a_leader_line():
    figure = draw(HHS_REGIONS[3], [5, 40, 300, 1052, 0, 7])
    main = figure.axes[0]
    outlines = geo.region_outlines(fips(HHS_REGIONS[3]))[0].set_index("usps").geometry
    leaders = [line.get_xydata() for line in main.lines if len(line.get_xydata()) == 2]
    for small in ("DC", "DE"):
        assert any(outlines[small].buffer(1).contains(shapely.Point(*ends[0]))
                   for ends in leaders), small


@settings(max_examples=100, deadline=None)
@given(code=st.sampled_from(EVERY_MEMBER), scale=st.floats(0.05, 2),
       share=st.tuples(st.floats(0.05, 0.9), st.floats(0.05, 0.9)), data=st.data())
def test_a_label_goes_inside_where_its_tab_lies_most_on_its_state(code, scale, share, data):
    """Tabs are first tried against the state's convex hull, which only saves time: the
    tab chosen is the nearest free one lying INSIDE_SHARE on the state, found by
    intersecting every tab with the state itself. Tabs up to nearly the state's size
    make many tabs lie just about INSIDE_SHARE on it."""
    shape = geo.find_state(code).outline  # metres: scaled to about as many pixels
    shape = shapely.transform(shape, lambda xy: xy * scale / 1000)
    anchor = tuple(shapely.get_coordinates(shape.representative_point())[0])
    left, bottom, right, top = shape.bounds
    tab = (share[0] * (right - left), share[1] * (top - bottom))
    taken = np.array([[x, y, x + tab[0], y + tab[1]] for x, y in data.draw(st.lists(
        st.tuples(st.floats(left, right), st.floats(bottom, top)), max_size=4))]).reshape(-1, 4)
    area = (left - 50, bottom - 50, right + 50, top + 50)
    label = region_map.Label("X", anchor, shape)
    placed = region_map.inside_place(label, tab, taken, area, 2.0)

    grid = np.array([(x, y) for x in np.linspace(left, right, 11)
                     for y in np.linspace(bottom, top, 11)])
    centres = np.vstack([anchor, grid[np.argsort(np.hypot(*(grid - anchor).T), kind="stable")]])
    tabs = np.hstack([centres - np.array(tab) / 2, centres + np.array(tab) / 2])
    tabs = tabs[region_map._free(tabs, taken, area, 2.0)]
    on_state = shapely.area(shapely.intersection(shape, shapely.box(*tabs.T)))
    fitting = tabs[on_state >= region_map.INSIDE_SHARE * tab[0] * tab[1]]
    if len(fitting):
        assert placed is not None and placed.tolist() == fitting[0].tolist()
    else:
        assert placed is None


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(st.lists(st.text(st.characters(codec="latin-1", exclude_categories=["Cc"],
                                                     exclude_characters="$"), max_size=20),
                               min_size=1, max_size=3).map("\n".join), min_size=1, max_size=8),
       size=st.sampled_from([6, 7, 8]))
def test_tabs_measured_in_turn_are_the_size_of_each_text_measured_alone(texts, size):
    """Labels' tabs are measured by one text artist in turn: each is the size a text made
    for it alone has, whatever was measured before it."""
    figure = draw(["WI"], [10])
    ax = figure.axes[0]
    pad = 2 * 0.3 * size * figure.dpi / 72 + region_map.LINE_WIDTH
    alone = []
    for text in texts:
        artist = ax.text(0, 0, text, fontsize=size, fontweight="bold", linespacing=1.3,
                         parse_math=False)
        extent = artist.get_window_extent(figure.canvas.get_renderer())
        artist.remove()
        alone.append((extent.width + pad, extent.height + pad))
    assert region_map.tab_sizes(ax, texts, size) == alone
