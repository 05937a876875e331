"""The JSON Schemas for editors: shipped as the model makes them, valid JSON Schema, accepting
every file the model accepts and refusing unknown keys (property-based, with Hypothesis)."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from pydantic import BaseModel, ValidationError

from report import schema, starter
from report.cli import main
from report.model import Region, State
from report.regions import hhs_regions
from tests.conftest import EXAMPLE

SETTINGS = settings(max_examples=150, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
WISCONSIN = yaml.safe_load((EXAMPLE / "wisconsin.yaml").read_text(encoding="utf-8"))
REGION_V = yaml.safe_load((EXAMPLE / "region.yaml").read_text(encoding="utf-8"))
MODELS = {"region": Region, "state": State}


def shipped(kind: str) -> dict:
    return json.loads((schema.SCHEMA_DIR / schema.file_name(kind)).read_text(encoding="utf-8"))


def errors(kind: str, data: object) -> list[str]:
    """What the shipped schema finds wrong with data (as loaded from YAML)."""
    validator = jsonschema.validators.validator_for(shipped(kind))(shipped(kind))
    return [message for error in validator.iter_errors(data) for message in _messages(error)]


def _messages(error: jsonschema.ValidationError) -> list[str]:
    """An error's message and those of the reasons under it (why no choice of anyOf fits)."""
    return [error.message, *(m for reason in error.context for m in _messages(reason))]


def model_accepts(model: type[BaseModel], data: object) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("kind", schema.KINDS)
def test_shipped_schemas_are_what_the_model_makes_today(kind):
    """Fails after a change to report/model.py: regenerate as the README says."""
    assert (schema.SCHEMA_DIR / schema.file_name(kind)).read_text(encoding="utf-8") \
        == schema.text(kind)


@pytest.mark.parametrize("kind", schema.KINDS)
def test_report_schema_prints_the_schema(kind, capsys):
    assert main(["schema", kind]) == 0
    assert json.loads(capsys.readouterr().out) == shipped(kind)


@pytest.mark.parametrize("kind", schema.KINDS)
def test_schemas_are_draft_7_json_schemas_editors_read(kind):
    assert shipped(kind)["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(shipped(kind))


def properties(node: object):
    """Every (name, schema) of a `properties` anywhere in a schema."""
    if isinstance(node, dict):
        yield from node.get("properties", {}).items()
        for value in node.values():
            yield from properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from properties(value)


def models(model: type[BaseModel]):
    """The model and every model its fields hold, once each."""
    seen = {model}
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            if inner not in seen:
                seen |= set(models(inner))
    return seen


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


@pytest.mark.parametrize("kind", schema.KINDS)
def test_every_field_has_a_description_and_unknown_keys_are_refused(kind):
    described = list(properties(shipped(kind)))
    fields = [name for model in models(MODELS[kind]) for name in model.model_fields]
    assert sorted(name for name, _ in described) == sorted(fields)
    assert all(len(prop.get("description", "")) > 10 for _, prop in described)
    closed = [node for node in _nodes(shipped(kind)) if "properties" in node]
    assert closed and all(node["additionalProperties"] is False for node in closed)


def _nodes(node: object):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_every_example_data_file_is_valid():
    assert errors("region", REGION_V) == []
    for file in sorted(EXAMPLE.glob("*.yaml")):
        if file.name != "region.yaml":
            assert errors("state", yaml.safe_load(file.read_text(encoding="utf-8"))) == [], file


@pytest.mark.parametrize("region", hhs_regions(), ids=lambda region: region.name)
def test_every_starter_file_is_valid(region, tmp_path):
    folder = tmp_path / "region"
    starter.new_region(folder, region.number)
    assert errors("region", yaml.safe_load((folder / "region.yaml").read_text())) == []
    for slug in region.members:
        assert errors("state", yaml.safe_load((folder / f"{slug}.yaml").read_text())) == []


def key_paths(data: object, path: tuple = ()):
    """The path of every key of a field (not the free labels of a group of counts)."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from key_paths(item, path + (index,))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield path + (key,)
            if key not in ("citizenship", "gender", "age", "counts"):
                yield from key_paths(value, path + (key,))


def misspell(draw, key: str) -> str:
    """The key with one letter dropped, doubled, swapped or changed."""
    at = draw(st.integers(0, len(key) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "change"]))
    if how == "drop":
        return key[:at] + key[at + 1:]
    if how == "double":
        return key[:at] + key[at] + key[at:]
    if how == "swap" and at + 1 < len(key):
        return key[:at] + key[at + 1] + key[at] + key[at + 2:]
    return key[:at] + draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz_")) + key[at + 1:]


def with_key_renamed(data: object, path: tuple, new: str) -> object:
    if len(path) == 1:
        return {new if key == path[0] else key: value for key, value in data.items()}
    copy = list(data) if isinstance(data, list) else dict(data)
    copy[path[0]] = with_key_renamed(data[path[0]], path[1:], new)
    return copy


FIELD_NAMES = {name for kind in MODELS for model in models(MODELS[kind])
               for name in model.model_fields}


@st.composite
def misspelled(draw, kind: str):
    """A valid example file with one field's key misspelled (into no field's name)."""
    data = {"state": WISCONSIN, "region": REGION_V}[kind]
    path = draw(st.sampled_from(list(key_paths(data))))
    new = misspell(draw, path[-1])
    assume(new not in FIELD_NAMES)
    return with_key_renamed(data, path, new)


@SETTINGS
@given(kind=st.sampled_from(list(schema.KINDS)), data=st.data())
def test_a_misspelled_key_fails_the_schema_and_the_model(kind, data):
    document = data.draw(misspelled(kind))
    assert any("unexpected" in message for message in errors(kind, document))
    assert not model_accepts(MODELS[kind], document)


EDGY_TEXT = st.sampled_from([
    "", " ", "x", " x ", "\t", "2016-12", " 2016-01 ", "2016-13", "0000-01",
    "\u0662\u0660\u0661\u0666-12",
    "https://a.org", "HTTPS://A.ORG/x?y#z", "https://a.org\n", "http://a", "https://a .org",
    "{state}", "{state} and {state}", "{states}", "x}", "Łódź", "new-york", "New York", "a_b-1",
    "x" * 300, "x" * 301, "x" * 2000, "x" * 2001]) | st.text(max_size=12)
EDGY_INT = st.sampled_from([-1, 0, 1, 3, 100, 1899, 1900, 2100, 2101, 10_000_000, 10_000_001])


@st.composite
def edge_case(draw, data: object) -> object:
    """data with one value somewhere replaced by an edge case of the same kind, or left out."""
    if isinstance(data, bool):
        return draw(st.booleans())
    if isinstance(data, int):
        return draw(EDGY_INT | st.integers(-10, 10**8))
    if isinstance(data, str) or not data:
        return draw(EDGY_TEXT)
    copy = dict(data) if isinstance(data, dict) else list(data)
    key = draw(st.sampled_from(list(copy) if isinstance(copy, dict) else range(len(copy))))
    if draw(st.integers(0, 4)) == 0:
        del copy[key]
    elif isinstance(copy, dict) and draw(st.integers(0, 4)) == 0:
        copy[draw(EDGY_TEXT)] = copy.pop(key)
    else:
        copy[key] = draw(edge_case(copy[key]))
    return copy


@st.composite
def varied(draw, data: object) -> object:
    """data with one to three edge cases: many such files are valid, some only just."""
    for _ in range(draw(st.integers(1, 3))):
        data = draw(edge_case(data))
    return data


@SETTINGS
@given(document=varied(WISCONSIN))
def test_what_the_model_accepts_the_schema_accepts(document):
    """An editor never underlines a state file that `report validate` would pass."""
    if model_accepts(State, document):
        assert errors("state", document) == []


@SETTINGS
@given(document=varied(REGION_V))
def test_what_the_model_accepts_in_a_region_file_the_schema_accepts(document):
    if model_accepts(Region, document):
        assert errors("region", document) == []


@pytest.mark.parametrize("path, value", [
    (("totals", "cases"), 0),
    (("totals", "cases"), 10_000_000),
    (("period", "start"), " 2012-01 "),
    (("period", "end"), "2016-12"),
    (("statistics_url",), "HTTPS://Example.ORG/x?y=1#z"),
    (("statistics_url",), None),
    (("state",), " " + "x" * 298 + " "),
    (("heat_map", "summary"), "x" * 2000),
    (("venues", "sex_trafficking"), ["a", "b", "c", "d"]),
    (("venues", "labor_trafficking"), ["Łódź"]),
    (("call_types", "counts"), {f"label {n}": 1 for n in range(20)}),
    (("call_types", "year"), 1900),
    (("heat_map", "year"), 2100),
    (("laws",), []),
    (("efforts", "referral_directory", "agencies"), 0),
])
def test_the_schema_accepts_what_the_model_accepts_at_the_edges(path, value):
    document = with_value(path, value)
    assert model_accepts(State, document)
    assert errors("state", document) == []


def with_value(path: tuple, value: object) -> dict:
    """The Wisconsin data with the value at path set."""
    document = json.loads(json.dumps(WISCONSIN))
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return document


@pytest.mark.parametrize("path, value", [
    (("totals", "cases"), -1),
    (("totals", "cases"), 10_000_001),
    (("period", "start"), "2016-13"),
    (("period", "end"), "December 2016"),
    (("statistics_url",), "ftp://example.org/x"),
    (("statistics_url",), "example.org"),
    (("state",), "   "),
    (("venues", "sex_trafficking"), ["a", "b", "c", "d", "e"]),
    (("venues", "labor_trafficking"), []),
    (("call_types", "counts"), {}),
    (("call_types", "counts"), {f"label {n}": 1 for n in range(21)}),
    (("heat_map", "year"), 1899),
    (("illustrative",), "yes"),
    (("laws",), None),
])
def test_the_schema_refuses_what_the_model_refuses(path, value):
    document = with_value(path, value)
    assert errors("state", document)
    assert not model_accepts(State, document)


@pytest.mark.parametrize("text", ["{name}: Efforts", "{State}", "{state", "}", "{{state}}"])
def test_the_region_schema_allows_only_the_state_placeholder(text):
    assert errors("region", {**REGION_V, "title": text})
    assert not model_accepts(Region, {**REGION_V, "title": text})
    assert errors("region", {**REGION_V, "title": "{state} in {state}"}) == []


def test_starter_files_name_their_schema_on_the_first_line(tmp_path):
    folder = tmp_path / "region"
    starter.new_region(folder, 9)
    for file in [folder / "region.yaml", *folder.glob("*.yaml")]:
        first = file.read_text(encoding="utf-8").splitlines()[0]
        kind = "region" if file.name == "region.yaml" else "state"
        assert first == f"# yaml-language-server: $schema=.schemas/{kind}.schema.json"
        named = file.parent / first.split("=", 1)[1]
        assert json.loads(named.read_text(encoding="utf-8")) == shipped(kind)


def test_schema_files_ship_inside_the_package():
    assert Path(schema.__file__).parent / "schemas" == schema.SCHEMA_DIR
    assert sorted(p.name for p in schema.SCHEMA_DIR.iterdir()) == [
        "region.schema.json", "state.schema.json"]
