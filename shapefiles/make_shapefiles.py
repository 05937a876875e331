"""Regenerate us_counties.* and us_states.* from us-atlas's counties-10m.json.

Usage: python shapefiles/make_shapefiles.py path/to/counties-10m.json

Run by hand when the boundaries change; the program only reads the output.
"""

import sys
from pathlib import Path

import pyogrio
import shapely

HERE = Path(__file__).parent
CRS = "EPSG:4269"  # NAD83 longitude/latitude, as in the Census files

USPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO",
    "09": "CT", "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI",
    "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
    "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH",
    "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
    "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP",
    "72": "PR", "78": "VI",
}


def read_layer(source: Path, layer: str):
    """Read one layer, with valid geometries and the Census CRS."""
    frame = pyogrio.read_dataframe(source, layer=layer)
    frame = frame.rename(columns={"id": "fips"}).set_crs(CRS)
    # A few counties' simplified rings touch themselves; repair them as polygons.
    frame.geometry = shapely.make_valid(frame.geometry.values, method="structure")
    return frame


def write(frame, name: str) -> None:
    """Write a frame as a UTF-8 shapefile of multipolygons."""
    pyogrio.write_dataframe(frame, HERE / f"{name}.shp", driver="ESRI Shapefile",
                            encoding="UTF-8", promote_to_multi=True,
                            layer_options={"RESIZE": "YES"})  # narrow text fields


def main(source: Path) -> None:
    counties = read_layer(source, "counties")
    counties["state_fips"] = counties["fips"].str[:2]
    write(counties[["fips", "name", "state_fips", "geometry"]], "us_counties")

    states = read_layer(source, "states")
    states["usps"] = states["fips"].map(USPS)
    assert states["usps"].notna().all(), "a state is missing from USPS"
    write(states[["fips", "name", "usps", "geometry"]], "us_states")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[2])
    main(Path(sys.argv[1]))
