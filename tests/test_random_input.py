"""Random and mutated data files give a valid profile or a validation error,
never another exception (property-based, with Hypothesis)."""

import shutil
from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from report.errors import InvalidInput
from report.load import load_profile, load_region
from report.model import Profile
from tests.conftest import EXAMPLE

SETTINGS = settings(max_examples=60, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
WISCONSIN = yaml.safe_load((EXAMPLE / "wisconsin.yaml").read_text())
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30) \
    | st.sampled_from(["Wisconsin", "WI", "2016-12", "{state}", "<b>x</b>", "https://x.org",
                       "locations/wisconsin.csv", "../x.csv", "", " "])
SCALARS = st.none() | st.booleans() | st.integers(-10**13, 10**13) \
    | st.floats(allow_nan=True) | st.dates(date(1800, 1, 1)) | TEXT
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(TEXT | st.integers(0, 3000), inner, max_size=4),
                      max_leaves=12)


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """A copy of the example region (its region file loaded) to write state files into."""
    folder = shutil.copytree(EXAMPLE, tmp_path_factory.mktemp("random") / "region-v")
    return folder, load_region(folder)


def load(region, content: bytes) -> None:
    """Load a state file of this content: a profile or InvalidInput, nothing else."""
    folder, loaded = region
    file = folder / "wisconsin.yaml"
    file.write_bytes(content)
    try:
        assert isinstance(load_profile(loaded, file), Profile)
    except InvalidInput as error:
        assert error.problems and all(str(p).startswith(str(file.parent)) for p in error.problems)


@SETTINGS
@given(document=st.dictionaries(st.sampled_from(sorted(WISCONSIN)) | TEXT, VALUES, max_size=6))
def test_random_documents(region, document):
    load(region, yaml.safe_dump(document, allow_unicode=True).encode())


@st.composite
def replaced(draw, data=WISCONSIN):
    """The Wisconsin data with one value, somewhere, replaced or deleted."""
    if not isinstance(data, (dict, list)) or not data or draw(st.integers(0, 3)) == 0:
        return draw(VALUES)
    copy = dict(data) if isinstance(data, dict) else list(data)
    key = draw(st.sampled_from(list(copy) if isinstance(copy, dict) else range(len(copy))))
    if draw(st.integers(0, 5)) == 0:
        del copy[key]
    else:
        copy[key] = draw(replaced(copy[key]))
    return copy


@SETTINGS
@given(document=replaced())
def test_documents_with_one_value_changed(region, document):
    load(region, yaml.safe_dump(document, allow_unicode=True).encode())


@SETTINGS
@given(cuts=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 40), st.binary(max_size=8)),
                     min_size=1, max_size=4))
def test_files_with_bytes_cut_and_inserted(region, cuts):
    content = (EXAMPLE / "wisconsin.yaml").read_bytes()
    for at, length, inserted in cuts:
        content = content[:at] + inserted + content[at + length:]
    load(region, content)
