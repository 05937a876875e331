"""The ten HHS regions and their members, read from the package's regions.yaml."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

REGIONS_FILE = Path(__file__).parent / "regions.yaml"


@dataclass(frozen=True)
class HhsRegion:
    """One HHS region: its number, name, regional office and members in HHS's order."""

    number: int
    name: str  # "Region III"
    office: str  # the city of the regional office
    members: dict[str, str]  # state file name (without .yaml) -> name as HHS lists it


@cache
def _data() -> dict:
    return yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))


def hhs_regions() -> list[HhsRegion]:
    """The ten regions, in number order."""
    return [HhsRegion(**region) for region in _data()["regions"]]


def hhs_region(number: int) -> HhsRegion:
    """The region with this number (1 to 10)."""
    return next(region for region in hhs_regions() if region.number == number)


def source() -> str:
    """Where the list of regions comes from: the publication and its address."""
    return f"{_data()['source']}, {_data()['source_url']}"
