"""Geography: state and county shapes, a map projection per state, the heat surface.

Shapes come from the shapefiles shipped with the program (see
shapefiles/README.md). Each state is drawn in its own conic projection, so
distances and areas on its map are true to within a fraction of a percent.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import CRS, Transformer
from scipy import ndimage


def _shapefile_dir() -> Path:
    """The installed package's copy of the shapefiles, else the repository's."""
    installed = Path(__file__).parent / "shapefiles"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "shapefiles"


SHAPEFILE_DIR = _shapefile_dir()
LONLAT = "EPSG:4269"  # NAD83 longitude/latitude, the shapefiles' CRS

_COUNTY_SUFFIX = re.compile(
    r" (county|parish|borough|census area|city and borough|municipality|municipio)$")
_SAINT = re.compile(r"\b(saint|sainte|ste|st)\b")


def normalise_county(name: str) -> str:
    """The form county names are compared in: "St. Croix County" -> "st croix"."""
    return _COUNTY_SUFFIX.sub("", _plain_name(name))


def _plain_name(name: str) -> str:
    """A name in lower-case ASCII words, "Saint" as "st": "St. Croix County" -> "st croix county"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("'", "")).strip()
    return _SAINT.sub("st", text)


@dataclass(frozen=True, eq=False)
class StateGeography:
    """A state's outline and counties, projected to metres in its own CRS."""

    name: str
    usps: str
    fips: str
    crs: CRS
    outline: shapely.Geometry
    counties: gpd.GeoDataFrame  # columns fips, name, geometry

    @cached_property
    def _fips_by_key(self) -> dict[str, str]:
        """Normalised county name -> FIPS code. A name that is both a county and an
        independent city (Richmond, Virginia) is only there as "richmond county" and
        "richmond city": the bare name could be either."""
        groups: dict[str, list[str]] = {}
        for fips, name in sorted(zip(self.counties["fips"], self.counties["name"])):
            groups.setdefault(normalise_county(name), []).append(fips)
        index = {}
        for key, codes in groups.items():
            if len(codes) == 1:
                index[key] = codes[0]
            else:  # in FIPS order the county comes first (Baltimore 24005, city 24510)
                index[f"{key} county"], index[f"{key} city"] = codes[0], codes[-1]
        return index

    @cached_property
    def county_names(self) -> dict[str, str]:
        """FIPS code -> the county's name as a reader needs it: "Richmond city" and
        "Richmond County" where the name alone could be either."""
        names = dict(zip(self.counties["fips"], self.counties["name"]))
        for key, fips in self._fips_by_key.items():
            if key.endswith((" county", " city")) and normalise_county(names[fips]) != key:
                names[fips] += " County" if key.endswith(" county") else " city"
        return names

    @cached_property
    def _to_map(self) -> Transformer:
        return Transformer.from_crs(LONLAT, self.crs, always_xy=True)

    def county_fips(self, name: str) -> str | None:
        """The FIPS code of the county called name, matched loosely; None if no county,
        or more than one, has that name."""
        plain = _plain_name(name)
        return self._fips_by_key.get(plain) or self._fips_by_key.get(normalise_county(plain))

    def county_choices(self, name: str) -> list[str]:
        """The unambiguous names of a county and a city that name could each mean, or []."""
        key = normalise_county(name)
        codes = [self._fips_by_key.get(f"{key} {kind}") for kind in ("city", "county")]
        return [self.county_names[fips] for fips in codes] if all(codes) else []

    def close_county_names(self, name: str, n: int = 3) -> list[str]:
        """Up to n county names that look like name, closest first."""
        keys = _close_keys(normalise_county(name), tuple(self._fips_by_key), n)
        return list(dict.fromkeys(self.county_names[self._fips_by_key[key]] for key in keys))

    def has_county_fips(self, fips: str) -> bool:
        """Whether fips is the code of one of this state's counties."""
        return fips in self._fips_by_key.values()

    @cached_property
    def _points(self) -> dict[str, tuple[float, float] | None]:
        """FIPS code -> a point inside the county, or None where it has no shape."""
        return {fips: None if shape is None or shape.is_empty
                else shapely.get_coordinates(shape.representative_point())[0].tolist()
                for fips, shape in zip(self.counties["fips"], self.counties.geometry)}

    def county_point(self, fips: str) -> tuple[float, float] | None:
        """A point inside the county, in map metres.

        None for a county too small to have a shape at this map's scale
        (Falls Church, Virginia: see shapefiles/README.md).
        """
        point = self._points[fips]
        return None if point is None else tuple(point)

    def project(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Longitudes and latitudes (NAD83/WGS84 degrees) -> map metres."""
        x, y = self._to_map.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    def contains(self, x, y) -> np.ndarray:
        """Which of the projected points lie inside the state."""
        return shapely.contains_xy(self.outline, np.asarray(x, float), np.asarray(y, float))

    def leading_counties(self, x, y, weights, at_least: int, n: int = 3) -> list[str]:
        """The n counties with the most cases at these projected points, most first;
        only counties with `at_least` cases, so that none is named for one or two."""
        tree = shapely.STRtree(self.counties.geometry.values)
        point, county = tree.query(shapely.points(np.asarray(x, float), np.asarray(y, float)),
                                   predicate="within")
        totals = np.bincount(county, weights=np.asarray(weights, float)[point],
                             minlength=len(self.counties))
        ranked = [i for i in np.argsort(-totals, kind="stable") if totals[i] >= at_least]
        return [self.county_names[self.counties["fips"].iloc[i]] for i in ranked[:n]]


@lru_cache(maxsize=4096)
def _close_keys(key: str, keys: tuple[str, ...], n: int) -> list[str]:
    """The n keys closest to key (cached: a file may repeat one misspelling)."""
    return difflib.get_close_matches(key, keys, n)


@cache
def _states() -> gpd.GeoDataFrame:
    """Every state's fips, name, usps and outline, read once per process."""
    return pyogrio.read_dataframe(SHAPEFILE_DIR / "us_states.shp")


@cache
def _counties() -> gpd.GeoDataFrame:
    """Every county's fips, name, state_fips and outline, read once per process."""
    return pyogrio.read_dataframe(SHAPEFILE_DIR / "us_counties.shp")


def state_names() -> list[str]:
    """Every state's name, alphabetically."""
    return sorted(_states()["name"])


def find_state(name_or_code: str) -> StateGeography | None:
    """The state with this name or USPS code (any case), or None."""
    key = " ".join(name_or_code.split()).casefold()
    states = _states()
    match = states[(states["name"].str.casefold() == key) | (states["usps"].str.casefold() == key)]
    return _load_state(match["fips"].iloc[0]) if len(match) else None


@cache
def _load_state(fips: str) -> StateGeography:
    """Read one state and its counties and project them to the state's CRS."""
    state = _states()[_states()["fips"] == fips]
    counties = _counties()[_counties()["state_fips"] == fips][["fips", "name", "geometry"]]
    crs = conic_crs(state.geometry.iloc[0])
    outline = state.to_crs(crs).geometry.iloc[0]
    shapely.prepare(outline)
    return StateGeography(name=state["name"].iloc[0], usps=state["usps"].iloc[0], fips=fips,
                          crs=crs, outline=outline, counties=counties.to_crs(crs))


def conic_crs(lonlat: shapely.Geometry) -> CRS:
    """A Lambert conformal conic projection fitted to a shape in longitude/latitude.

    Centred on the shape, with standard parallels at 1/6 and 5/6 of its
    latitude range.
    """
    _, south, _, north = lonlat.bounds
    span = north - south
    # The centroid, not the bounds, gives the central meridian: Alaska's
    # bounds span the 180th meridian.
    return CRS.from_dict({
        "proj": "lcc", "lat_0": (south + north) / 2, "lon_0": lonlat.centroid.x,
        "lat_1": south + span / 6, "lat_2": north - span / 6,
        "datum": "NAD83", "units": "m",
    })


def heat_surface(x, y, weights, extent, shape, bandwidth_m: float) -> np.ndarray:
    """A binned Gaussian kernel density of weighted points: weight per grid cell.

    extent is (xmin, xmax, ymin, ymax) in metres and shape (rows, columns);
    row 0 is the southern edge. Points outside the extent, or not finite, are
    left out. The points are counted into cells and the counts blurred with a
    Gaussian of standard deviation bandwidth_m, so the cost hardly depends on
    the number of points.
    """
    xmin, xmax, ymin, ymax = extent
    rows, cols = shape
    col = np.floor((np.asarray(x, float) - xmin) / (xmax - xmin) * cols)
    row = np.floor((np.asarray(y, float) - ymin) / (ymax - ymin) * rows)
    keep = (col >= 0) & (col < cols) & (row >= 0) & (row < rows)  # False for NaN
    cells = row[keep].astype(np.intp) * cols + col[keep].astype(np.intp)
    counts = np.bincount(cells, weights=np.asarray(weights, float)[keep], minlength=rows * cols)
    sigma = (bandwidth_m * rows / (ymax - ymin), bandwidth_m * cols / (xmax - xmin))
    return ndimage.gaussian_filter(counts.reshape(shape), sigma, mode="constant")


def region_outlines(fips: list[str]) -> gpd.GeoDataFrame:
    """These states' outlines (fips, name, usps), projected together to fit them."""
    states = _states()[_states()["fips"].isin(fips)]
    return states.to_crs(conic_crs(states.union_all()))
