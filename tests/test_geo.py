"""The geography stage: finding states, matching counties, projecting, counting cases per county."""

import subprocess
import sys

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer

from report import geo
from tests.conftest import EXAMPLE, ROOT
from tests.subprocesses import environment

MADISON = (-89.4012, 43.0731)
MILWAUKEE = (-87.9065, 43.0389)


@pytest.fixture(scope="module")
def wisconsin() -> geo.StateGeography:
    return geo.find_state("Wisconsin")


@pytest.mark.parametrize("query", ["Wisconsin", "wisconsin", "WI", "wi", "  Wisconsin "])
def test_find_state_by_name_or_code(query):
    state = geo.find_state(query)
    assert (state.name, state.usps, state.fips) == ("Wisconsin", "WI", "55")
    assert len(state.counties) == 72
    assert set(state.counties["fips"].str[:2]) == {"55"}


def test_find_state_is_cached_across_spellings(wisconsin):
    assert geo.find_state("wi") is wisconsin


@pytest.mark.parametrize("query", ["Wisconsn", "XX", "", "55"])
def test_unknown_state_is_none(query):
    assert geo.find_state(query) is None


def test_state_names_list_every_official_and_common_name_once():
    names = geo.state_names()
    assert len(names) == len(set(names)) == 56 + len(geo.common_names())
    assert {"Wisconsin", "Illinois", "District of Columbia", "Puerto Rico",
            "United States Virgin Islands", "U.S. Virgin Islands"} <= set(names)


def test_projection_is_in_true_metres(wisconsin):
    assert wisconsin.crs.is_projected
    assert wisconsin.counties.crs == wisconsin.crs
    x, y = wisconsin.project([MADISON[0], MILWAUKEE[0]], [MADISON[1], MILWAUKEE[1]])
    on_map = np.hypot(x[1] - x[0], y[1] - y[0])
    *_, on_earth = Geod(ellps="GRS80").inv(*MADISON, *MILWAUKEE)
    assert on_map == pytest.approx(on_earth, rel=0.002)


def test_outline_is_the_state_in_metres(wisconsin):
    xmin, ymin, xmax, ymax = wisconsin.outline.bounds
    assert 440e3 < xmax - xmin < 500e3  # Wisconsin is about 470 km wide
    assert 480e3 < ymax - ymin < 540e3  # and about 510 km tall
    assert wisconsin.outline.area == pytest.approx(wisconsin.counties.area.sum(), rel=0.01)


@pytest.mark.parametrize("name, fips", [
    ("st. croix", "55109"), ("Saint Croix", "55109"), ("St Croix County", "55109"),
    ("Milwaukee County", "55079"), ("milwaukee", "55079"), (" MILWAUKEE   county ", "55079"),
    ("Fond du Lac", "55039"), ("Fond-du-Lac", "55039"), ("La Crosse", "55063"),
])
def test_county_names_match_loosely(wisconsin, name, fips):
    assert wisconsin.county_fips(name) == fips


@pytest.mark.parametrize("name", ["Milwuakee", "Cook", "Croix", "County", ""])
def test_other_names_match_no_county(wisconsin, name):
    assert wisconsin.county_fips(name) is None


def test_saints_and_independent_cities():
    maryland, missouri = geo.find_state("MD"), geo.find_state("Missouri")
    assert maryland.county_fips("Baltimore County") == "24005"
    assert maryland.county_fips("Baltimore") is None  # a county and a city: see test_places
    assert maryland.county_fips("Baltimore city") == "24510"
    assert maryland.county_fips("Prince Georges") == "24033"
    assert maryland.county_fips("Saint Mary's County") == "24037"
    assert missouri.county_fips("Sainte Genevieve") == "29186"
    assert missouri.county_fips("St. Louis city") == "29510"


def test_close_county_names(wisconsin):
    assert wisconsin.close_county_names("Milwuakee")[0] == "Milwaukee"
    assert wisconsin.close_county_names("Fond du Lack")[0] == "Fond du Lac"
    assert wisconsin.close_county_names("Dayne")[0] == "Dane"
    assert wisconsin.close_county_names("Marinete") == ["Marinette", "Marquette"]
    assert wisconsin.close_county_names("Marinete", n=1) == ["Marinette"]
    assert wisconsin.close_county_names("Xyzzy") == []


def test_has_county_fips(wisconsin):
    assert wisconsin.has_county_fips("55079")
    assert not wisconsin.has_county_fips("17031")  # Cook County, Illinois
    assert not wisconsin.has_county_fips("55")


def test_county_point_lies_in_its_county(wisconsin):
    x, y = wisconsin.county_point("55079")
    milwaukee = wisconsin.counties.set_index("fips").geometry["55079"]
    assert milwaukee.contains(shapely.Point(x, y))
    assert wisconsin.contains([x], [y]).tolist() == [True]


def test_contains_is_vectorised(wisconsin):
    lon = [MADISON[0], MILWAUKEE[0], -87.3, -93.0]  # the last two: Lake Michigan, Minnesota
    lat = [MADISON[1], MILWAUKEE[1], 43.0, 45.0]
    assert wisconsin.contains(*wisconsin.project(lon, lat)).tolist() == [True, True, False, False]


def test_projected_as_from_the_shapefiles_own_crs():
    """Every state's counties and outline, and the points of its bounding box, land on
    the same metres, to the bit, as projected from the shapefiles' NAD83 (EPSG:4269),
    which PROJ takes 9 ms a state longer to set out from."""
    counties = geo._read_shapes("us_counties")
    for fips in geo._states()["fips"]:
        state = geo._load_state(fips)
        lonlat = geo._states()[geo._states()["fips"] == fips]
        assert shapely.to_wkb(state.outline) == \
            shapely.to_wkb(lonlat.to_crs(state.crs).geometry.iloc[0])
        expected = counties[counties["state_fips"] == fips][["fips", "name", "geometry"]]
        assert shapely.to_wkb(state.counties.geometry.values).tolist() == \
            shapely.to_wkb(expected.to_crs(state.crs).geometry.values).tolist()  # and nulls
        west, south, east, north = lonlat.total_bounds
        lon, lat = np.meshgrid(np.linspace(west, east, 9), np.linspace(south, north, 9))
        by_epsg = Transformer.from_crs(geo.LONLAT, state.crs, always_xy=True)
        assert np.array_equal(state.project(lon.ravel(), lat.ravel()),
                              by_epsg.transform(lon.ravel(), lat.ravel()))


def test_region_panels_projected_as_from_the_shapefiles_own_crs():
    every = list(geo._states()["fips"])
    mainland, *insets = geo.region_outlines(every)
    for panel in (mainland, *insets):
        lonlat = geo._states().loc[panel.index]
        assert shapely.to_wkb(panel.geometry.values).tolist() == \
            shapely.to_wkb(lonlat.to_crs(panel.crs).geometry.values).tolist()


@pytest.mark.parametrize("name", ["us_states", "us_counties"])
def test_shapes_read_as_gdal_reads_them(name):
    """pyshp reads the shapefiles (GDAL would take 40 MB in every process); the
    attributes, shapes, nulls and coordinate system are GDAL's to the bit."""
    pyogrio = pytest.importorskip("pyogrio")  # installed with GeoPandas
    by_gdal = pyogrio.read_dataframe(geo.SHAPEFILE_DIR / f"{name}.shp")
    ours = geo._read_shapes(name)
    assert list(ours.columns) == list(by_gdal.columns)
    assert ours.crs == by_gdal.crs
    for column in by_gdal.columns.drop("geometry"):
        assert ours[column].tolist() == by_gdal[column].tolist()
    assert shapely.to_wkb(ours.geometry.values).tolist() == \
        shapely.to_wkb(by_gdal.geometry.values).tolist()


def test_each_state_reads_its_own_counties():
    everything = geo._read_shapes("us_counties")
    for fips, rows in geo._county_rows().items():
        counties = geo._read_shapes("us_counties", rows)
        alone = everything[everything["state_fips"] == fips]
        assert counties["fips"].tolist() == alone["fips"].tolist()
        assert shapely.to_wkb(counties.geometry.values).tolist() == \
            shapely.to_wkb(alone.geometry.values).tolist()
    assert sum(map(len, geo._county_rows().values())) == len(everything)


def test_a_build_does_not_load_gdal(tmp_path):
    """The memory a build saves by reading the shapefiles with pyshp stays saved."""
    code = ("import sys; from pathlib import Path; from report.build import build; "
            "build([Path(sys.argv[1])], Path(sys.argv[2]), 1); "
            "print(open('/proc/self/maps').read())")
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLE), str(tmp_path)],
                            cwd=ROOT, env=environment(), capture_output=True, text=True,
                            check=True)
    assert (tmp_path / "region-v" / "wisconsin.pdf").is_file()
    assert "libgdal" not in result.stdout
    assert "libproj" in result.stdout  # the check sees shared libraries


def test_shapefiles_are_opened_once_per_process():
    """pyshp keeps every reader it opens (its methods' caches hold them): a reader a
    state would grow a worker by a quarter of a megabyte a state."""
    import gc

    import shapefile

    for rows in geo._county_rows().values():
        geo._read_shapes("us_counties", rows)
    geo._read_shapes("us_states")
    gc.collect()
    assert sum(isinstance(thing, shapefile.Reader) for thing in gc.get_objects()) <= 2


def test_forked_processes_read_the_shapefiles_apart():
    """Workers are forked from a process that may have read the shapefiles: reading
    them at once in both must give each the right shapes (a shared file offset would
    mix their reads up)."""
    import multiprocessing

    expected = _county_shapes()  # read, and the file opened, before the fork
    with multiprocessing.get_context("fork").Pool(1) as pool:
        theirs = pool.apply_async(_county_shapes)
        ours = _county_shapes()
        assert theirs.get(timeout=120) == ours == expected


def _county_shapes() -> dict[str, list[bytes]]:
    """Each state's counties as WKB, read one state after another."""
    return {fips: shapely.to_wkb(geo._read_shapes("us_counties", rows).geometry.values).tolist()
            for fips, rows in geo._county_rows().items()}
