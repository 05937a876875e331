"""Schema errors in the words of the person who wrote the file: what is wrong, at which
field, and what to write instead."""

import difflib
import types
import typing

from pydantic import BaseModel, ValidationError

from report.locations import MAX_HINTS
from report.model import describe, whole_number
from report.read import Document, Path_


def validate(doc: Document, model: type[BaseModel]) -> BaseModel | None:
    """The file's data as `model`, or None with every problem recorded."""
    if doc.data is None and doc.problems:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        for index, item in enumerate(error.errors()):
            path = tuple(p for p in item["loc"] if p != "[key]")
            is_key = "[key]" in item["loc"] or item["type"] in ("extra_forbidden", "missing")
            doc.problem(path, _message(item, model, path, index < MAX_HINTS), at_key=is_key)
        return None


def _message(item: dict, model: type[BaseModel], path: Path_, hint: bool) -> str:
    """What a schema error means to the person who wrote the file (a "did you mean"
    only if `hint`: each costs time, and a file may have thousands of mistakes)."""
    kind, found, ctx = item["type"], item.get("input"), item.get("ctx", {})
    if kind == "extra_forbidden":
        return _unknown_key(path[-1], _allowed_keys(model, path[:-1]), hint)
    if kind == "missing":
        return "is required but missing; add it"
    if kind == "report":
        return item["msg"]
    if kind == "string_too_long":
        return f"has {len(found):,} characters; at most {ctx['max_length']:,} are allowed: " \
            "shorten it"
    if kind == "too_short":
        return f"has {len(found)} entries; expected at least {ctx.get('min_length', 1)}"
    if kind == "too_long":
        return f"has {len(found)} entries; at most {ctx['max_length']} are allowed"
    expected = {
        "string_type": "text",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "list_type": "a list (lines starting with '- ')",
        "dict_type": "a group of 'name: value' lines",
        "model_type": "a group of 'name: value' lines",
        "greater_than_equal": f"a whole number of at least {ctx.get('ge')}",
        "less_than_equal": f"a whole number of at most {ctx.get('le')}",
    }.get(kind)
    if expected is None:
        return item["msg"]
    if kind == "int_type" and isinstance(found, str):
        return _quoted_number(found)
    hint = "; put it in quotes" if kind == "string_type" and isinstance(found, bool) else ""
    return f"expected {expected}, found {describe(found)}{hint}"


def _quoted_number(text: str) -> str:
    """What is wrong with a number written in quotes, and what to write."""
    try:
        return f"expected a whole number, found {describe(text)}; " \
            f"write it as {whole_number(text.strip())}, without quotes"
    except ValueError as error:
        return f"{error}, and without quotes"


def _unknown_key(key: str | int, allowed: list[str], hint: bool) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6) if hint else []
    if close:
        return f"unknown key {describe(str(key))}; did you mean {close[0]!r}?"
    return f"unknown key {describe(str(key))}; expected one of: {', '.join(allowed)}"


def _allowed_keys(model: type[BaseModel], path: Path_) -> list[str]:
    """The field names a model accepts at `path` (list indices skipped)."""
    current: object = model
    for part in path:
        if isinstance(part, int):
            continue
        current = current.model_fields[part].annotation
        current = next((t for t in _inner_types(current) if _is_model(t)), None)
        if current is None:
            return []
    return list(current.model_fields) if _is_model(current) else []


def _inner_types(annotation: object) -> list[object]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        return [t for arg in args for t in _inner_types(arg)]
    if typing.get_origin(annotation) is typing.Annotated:
        return _inner_types(args[0])
    return [annotation]


def _is_model(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)
