"""Geography: state and county shapes, a map projection per state, cases per county.

Shapes come from the shapefiles shipped with the program (see
shapefiles/README.md). Each state is drawn in its own conic projection, so
distances and areas on its map are true to within a fraction of a percent.
"""

import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapefile  # pyshp
import shapely
import shapely.geometry
import yaml
from pyproj import CRS, Transformer


def _shapefile_dir() -> Path:
    """The installed package's copy of the shapefiles, else the repository's."""
    installed = Path(__file__).parent / "shapefiles"
    return installed if installed.is_dir() else Path(__file__).parent.parent / "shapefiles"


SHAPEFILE_DIR = _shapefile_dir()
STATE_NAMES_FILE = Path(__file__).parent / "state_names.yaml"
LONLAT = "EPSG:4269"  # NAD83 longitude/latitude, the shapefiles' CRS

_COUNTY_SUFFIX = re.compile(
    r" (county|parish|borough|census area|city and borough|municipality|municipio)$")
_SAINT = re.compile(r"\b(saint|sainte|ste|st)\b")


def normalise_county(name: str) -> str:
    """The form county names are compared in: "St. Croix County" -> "st croix"."""
    return _COUNTY_SUFFIX.sub("", _plain_name(name))


def _plain_name(name: str) -> str:
    """A name in lower-case ASCII words, "Saint" as "st":
    "St. Croix County" -> "st croix county"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("'", "")).strip()
    return _SAINT.sub("st", text)


@dataclass(frozen=True, eq=False)
class StateGeography:
    """A state's names, and its outline and counties projected to metres in its own CRS
    (read and projected when first needed: a booklet needs only the names). Pickled as
    its FIPS code."""

    name: str
    usps: str
    fips: str

    def __reduce__(self):
        return _load_state, (self.fips,)

    @property
    def _lonlat(self) -> shapely.Geometry:
        """The state's outline, in longitude and latitude."""
        return _states().geometry.iat[_state_rows()[self.fips]]

    @cached_property
    def crs(self) -> CRS:
        return conic_crs(self._lonlat)

    @cached_property
    def outline(self) -> shapely.Geometry:
        outline = _projected([self._lonlat], self.crs).iat[0]
        shapely.prepare(outline)
        return outline

    @cached_property
    def counties(self) -> gpd.GeoDataFrame:
        """Columns fips, name, geometry."""
        counties = _read_shapes("us_counties", _county_rows().get(self.fips, []))
        return gpd.GeoDataFrame(counties[["fips", "name"]],
                                geometry=_projected(counties.geometry.values, self.crs))

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
        """From longitude and latitude to map metres, from the projection's own longitude
        and latitude, as `_projected` projects."""
        return Transformer.from_crs(self.crs.geodetic_crs, self.crs, always_xy=True)

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

    def county_cases(self, x, y, weights) -> list[int]:
        """Cases per county (in the order of `counties`) of weighted points in map
        metres; a point in a gap between the simplified shapes counts in the
        nearest county."""
        points = shapely.points(np.asarray(x, float), np.asarray(y, float))
        point, county = self.county_tree.query(points, predicate="within")
        lost = np.setdiff1d(np.arange(len(points)), point)
        if len(lost):
            nearest_point, nearest = self.county_tree.query_nearest(points[lost])
            point = np.concatenate([point, lost[nearest_point]])
            county = np.concatenate([county, nearest])
        _, first = np.unique(point, return_index=True)  # a point on a shared edge counts once
        totals = np.bincount(county[first], weights=np.asarray(weights, float)[point[first]],
                             minlength=len(self.counties))
        return [round(total) for total in totals]

    @cached_property
    def county_tree(self) -> shapely.STRtree:
        """A spatial index of the county shapes, in the order of `counties`."""
        return shapely.STRtree(self.counties.geometry.values)

    @cached_property
    def county_neighbours(self) -> list[frozenset[int]]:
        """For each county (in the order of `counties`), the counties it borders."""
        shapes = self.counties.geometry.values
        touching = [set() for _ in shapes]
        # The simplified shapes share their edges, but allow 100 m for rounding.
        for one, other in zip(*self.county_tree.query(shapes, predicate="dwithin",
                                                       distance=100)):
            if one != other:
                touching[one].add(other)
                touching[other].add(one)
        return [frozenset(t) for t in touching]

    @cached_property
    def county_areas_km2(self) -> np.ndarray:
        """Each county's area in square kilometres (the map is equal-area to a fraction
        of a percent)."""
        return shapely.area(self.counties.geometry.values) / 1e6

@lru_cache(maxsize=4096)
def _close_keys(key: str, keys: tuple[str, ...], n: int) -> list[str]:
    """The n keys closest to key (cached: a file may repeat one misspelling)."""
    return difflib.get_close_matches(key, keys, n)


@cache
def _states() -> gpd.GeoDataFrame:
    """Every state's fips, name, usps and outline, read once per process."""
    return _read_shapes("us_states")


@cache
def _county_rows() -> dict[str, list[int]]:
    """State FIPS code -> the rows of its counties in us_counties (only the attributes
    are read: a process reads the shapes of the states it draws)."""
    rows: dict[str, list[int]] = {}
    for row, (state_fips,) in enumerate(_reader("us_counties").iterRecords(fields=["state_fips"])):
        rows.setdefault(state_fips, []).append(row)
    return rows


@cache
def _reader(name: str) -> shapefile.Reader:
    """A shapefile opened once per process, from a copy of its files in memory. (pyshp
    keeps every reader it ever opened, in its methods' caches: one a state would grow
    a worker by a quarter of a megabyte a state. A process forked from this one reads
    its own copy.) The .cpg files say UTF-8, pyshp's default."""
    return shapefile.Reader(**{part: io.BytesIO((SHAPEFILE_DIR / f"{name}.{part}").read_bytes())
                               for part in ("shp", "shx", "dbf")})


def _read_shapes(name: str, rows: list[int] | None = None) -> gpd.GeoDataFrame:
    """The attributes and shapes (None where a shape is null) of a shapefile's rows, all
    of them by default, in longitude and latitude. pyshp reads them: GDAL, which
    GeoPandas would read them with, takes 40 MB more in every process."""
    reader = _reader(name)
    rows = range(len(reader)) if rows is None else rows
    fields = [field.name for field in reader.fields[1:]]
    records = [reader.record(row) for row in rows]
    shapes = [reader.shape(row) for row in rows]
    columns = {field: [record[i] for record in records] for i, field in enumerate(fields)}
    return gpd.GeoDataFrame(columns, geometry=_geometries(shapes), crs=LONLAT)


def _geometries(shapes: list[shapefile.Shape]) -> np.ndarray:
    """Shapely geometries of pyshp's shapes: polygons of one ring (most counties) made
    together from their points; the others from the rings pyshp sorts into polygons;
    None for null shapes."""
    geometries = np.full(len(shapes), None, dtype=object)
    one_ring = [i for i, shape in enumerate(shapes)
                if shape.shapeType == shapefile.POLYGON and len(shape.parts) == 1]
    if one_ring:
        sizes = [len(shapes[i].points) for i in one_ring]
        geometries[one_ring] = shapely.from_ragged_array(
            shapely.GeometryType.POLYGON,
            np.array([point for i in one_ring for point in shapes[i].points]),
            (np.cumsum([0, *sizes]), np.arange(len(one_ring) + 1)))
    for i, shape in enumerate(shapes):
        if geometries[i] is None and shape.shapeType != shapefile.NULL:
            geometries[i] = _geometry(shape.__geo_interface__)
    return geometries


def _geometry(rings: dict) -> shapely.Geometry:
    """A shape from its GeoJSON form; polygons made from arrays of their rings' points
    (`shapely.geometry.shape` takes them point by point, in Python: more than half of
    the time the states' file took to read)."""
    if rings["type"] == "Polygon":
        return _polygon(*rings["coordinates"])
    if rings["type"] == "MultiPolygon":
        return shapely.multipolygons([_polygon(*polygon) for polygon in rings["coordinates"]])
    return shapely.geometry.shape(rings)


def _polygon(shell, *holes) -> shapely.Polygon:
    return shapely.polygons(shell, [shapely.linearrings(hole) for hole in holes] or None)


@cache
def common_names() -> dict[str, str]:
    """Common names of states and territories (state_names.yaml) -> USPS code. (Read by
    every process: parsed by libyaml where PyYAML has it, in a tenth of the time.)"""
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    return yaml.load(STATE_NAMES_FILE.read_text(encoding="utf-8"), Loader=loader)


def state_names() -> list[str]:
    """Every name a state may be given, official or common, alphabetically."""
    return sorted({*_states()["name"], *common_names()})


def _name_key(name: str) -> str:
    """The form state names are compared in, letters and digits only: "Washington, D. C."
    -> "washingtondc", "Hawaiʻi" -> "hawaii"."""
    text = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text)


@cache
def _fips_by_name() -> dict[str, str]:
    """Every official name, common name and USPS code, as compared -> state FIPS code."""
    states = _states()
    fips = dict(zip(states["usps"], states["fips"]))
    names = {**fips, **dict(zip(states["name"], states["fips"])),
             **{name: fips[usps] for name, usps in common_names().items()}}
    return {_name_key(name): code for name, code in names.items()}


def find_state(name_or_code: str) -> StateGeography | None:
    """The state with this official or common name or USPS code (any case), or None."""
    fips = _fips_by_name().get(_name_key(name_or_code))
    return None if fips is None else _load_state(fips)


@cache
def _state_rows() -> dict[str, int]:
    """State FIPS code -> its row of `_states()`."""
    return {fips: row for row, fips in enumerate(_states()["fips"])}


@lru_cache(maxsize=4)
def _load_state(fips: str) -> StateGeography:
    """The state with this FIPS code (the same object while it is among the last few
    asked for: a worker building state after state keeps only those projections)."""
    states, row = _states(), _state_rows()[fips]
    return StateGeography(name=states["name"].iat[row], usps=states["usps"].iat[row], fips=fips)


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


def _projected(lonlat, crs: CRS) -> gpd.GeoSeries:
    """Shapes (a sequence) in NAD83 longitude and latitude, the shapefiles', projected to
    `crs`, one of `conic_crs`'s projections on NAD83. Taken from the projection's own
    longitude and latitude, which are NAD83's: PROJ then makes the same conversion (the
    same steps, the same numbers) without first searching its database for a way from
    one NAD83 to the other, which took 9 ms a state."""
    return gpd.GeoSeries(np.asarray(lonlat, dtype=object), crs=crs.geodetic_crs).to_crs(crs)


# Alaska, Hawaii and the territories: far from the contiguous states, each drawn in an inset.
OUTLYING_FIPS = frozenset({"02", "15", "60", "66", "69", "72", "78"})


def region_outlines(fips: list[str]) -> list[gpd.GeoDataFrame]:
    """These states' outlines (fips, name, usps) in panels: first the contiguous states (and
    DC) projected together to fit them, then each outlying one alone in its own projection,
    in the order given."""
    states = _states()[_states()["fips"].isin(fips)]
    mainland = states[~states["fips"].isin(OUTLYING_FIPS)]
    panels = [_projected_frame(mainland, conic_crs(mainland.union_all()))] \
        if len(mainland) else []
    for code in (code for code in fips if code in OUTLYING_FIPS):
        state = states[states["fips"] == code]
        panels.append(_projected_frame(state, conic_crs(state.geometry.iloc[0])))
    return panels


def _projected_frame(lonlat: gpd.GeoDataFrame, crs: CRS) -> gpd.GeoDataFrame:
    """A frame of the shapefiles' with its shapes `_projected`."""
    return lonlat.set_geometry(_projected(lonlat.geometry.values, crs).values)
