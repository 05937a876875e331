"""libyaml reads the data files (ten times as fast); PyYAML's own parser reads again any
file libyaml finds fault with, for its worded messages. Both must read a valid file
alike: the same data, and every key and value at the same line and column."""

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from report import read
from tests.conftest import ROOT

DATA_FILES = sorted((ROOT / "data").rglob("*.yaml"))


def read_with(loader, text: str) -> read.Document:
    doc = read.Document(Path("x.yaml"))
    read._parse_with(loader, text, doc)
    return doc


def marks(marks: dict) -> dict:
    return {path: (mark.line, mark.column) for path, mark in marks.items()}


def assert_read_alike(text: str) -> None:
    fast, slow = read_with(read._FastLoader, text), read_with(read._Loader, text)
    assert fast.data == slow.data
    assert [type(v) for v in _leaves(fast.data)] == [type(v) for v in _leaves(slow.data)]
    assert marks(fast.key_marks) == marks(slow.key_marks)
    assert marks(fast.value_marks) == marks(slow.value_marks)
    assert fast.problems == slow.problems


def _leaves(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _leaves(value)
    elif isinstance(data, list):
        for value in data:
            yield from _leaves(value)
    else:
        yield data


def test_libyaml_is_used():
    assert yaml.__with_libyaml__ and issubclass(read._FastLoader, yaml.CSafeLoader)


def test_every_data_file_is_read_alike():
    assert DATA_FILES
    for file in DATA_FILES:
        assert_read_alike(file.read_text(encoding="utf-8"))


scalars = st.one_of(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
                    st.integers(), st.booleans(), st.none(), st.sampled_from(
                        ["0227", "1:30", "yes", "~", "0x1F", "2016-12", ".inf", "Œuvre: x"]))
documents = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.text("abcdé é_-", min_size=1, max_size=6), inner, max_size=4)),
    max_leaves=20)


@given(documents, st.sampled_from([None, False, True]), st.sampled_from(["\n", "\r\n", "\r"]))
@settings(max_examples=300, deadline=None)
def test_any_document_is_read_alike(data, flow, newline):
    text = yaml.safe_dump({"root": data}, allow_unicode=True, default_flow_style=flow)
    assert_read_alike(text.replace("\n", newline))


def raised(parse, text: str) -> str:
    try:
        parse(text, read.Document(Path("x.yaml")))
    except yaml.YAMLError as error:
        return str(error)
    raise AssertionError(f"{text!r} was read")


def test_an_alias_or_a_mistake_gets_pyyamls_error_for_its_message():
    for text in ["a: &x 1\nb: *x\n", "a: &x [1]\n? *x\n: 2\n", "a: [1, 2\n", "a: b: c\n",
                 "a: 'x\n", "a:\n\t- 1\n", "a: !!python/object x\n"]:
        assert raised(read._parse, text) == raised(
            lambda text, doc: read._parse_with(read._Loader, text, doc), text)
