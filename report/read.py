"""Read a region's data files safely, and parse YAML noting where each value stands.

A data file must be an ordinary file inside its region folder once links are
resolved; at most MAX_FILE_BYTES are read. Every plain (unquoted) YAML value
is read as the text typed, and the schema decides what it means: YAML 1.1's
octal, hexadecimal, sexagesimal and yes/no guesses never change a value.
"""

import os
import re
import stat
import unicodedata
from pathlib import Path

import yaml

from report.errors import Problem
from report.model import Unquoted

MAX_FILE_BYTES = 1_000_000  # a state file is a few kilobytes; this is far more than any needs

Path_ = tuple[str | int, ...]

_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"


class Document:
    """A parsed YAML file and where each of its keys and values stands."""

    def __init__(self, file: Path):
        self.file = file
        self.data: object = None
        self.key_marks: dict[Path_, yaml.Mark] = {}
        self.value_marks: dict[Path_, yaml.Mark] = {}
        self.problems: list[Problem] = []

    def problem(self, path: Path_, message: str, at_key: bool = False) -> None:
        """Record a problem at the closest known position of `path` (or of its key)."""
        mark = None
        for end in range(len(path), -1, -1):
            mark = (self.key_marks.get(path[:end]) if at_key else None) \
                or self.value_marks.get(path[:end])
            if mark is not None:
                break
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.problems.append(Problem(self.file, line, column, field_name(path), message))

    def problem_at(self, line: int, column: int, field: str, message: str) -> None:
        """Record a problem at a line and column (1-based)."""
        self.problems.append(Problem(self.file, line, column, field, message))


def field_name(path: Path_) -> str:
    """('laws', 0, 'url') -> 'laws[1].url' (list items counted from 1)."""
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else f".{_key(part)}" if name \
            else _key(part)
    return name or "(file)"


def _key(key: str) -> str:
    """A key as a field path shows it: a blank one quoted, a long one cut."""
    if not key.strip():
        return repr(key)
    return key if len(key) <= 40 else key[:37] + "..."


def read_text(file: Path, folder: Path, doc: Document) -> str | None:
    """The UTF-8 text of a data file in `folder` (NFC, lines ending in \\n), or None
    with a problem."""
    raw = _read_bytes(file, folder, doc)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        doc.problem_at(line, column, "(file)", "is not UTF-8 text; save it as UTF-8 in your editor")
        return None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _read_bytes(file: Path, folder: Path, doc: Document) -> bytes | None:
    """At most MAX_FILE_BYTES + 1 bytes of an ordinary file inside `folder`, or None."""
    try:
        real = file.resolve(strict=True)
        if not real.is_relative_to(folder.resolve()):
            doc.problem((), f"is a link to a file outside the folder {folder}; "
                        "copy the file into the folder instead")
            return None
        if not _is_ordinary(os.stat(real).st_mode, doc):
            return None
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as opened:
            if not _is_ordinary(os.fstat(descriptor).st_mode, doc):
                return None
            size = os.fstat(descriptor).st_size
            raw = opened.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        doc.problem((), "there is no such file; create it as the README shows, or check the path")
        return None
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a name too long
        reason = getattr(error, "strerror", None) or "a link that leads nowhere"
        doc.problem((), f"cannot read the file ({reason}); check the path")
        return None
    if max(size, len(raw)) > MAX_FILE_BYTES:
        found = f"{size:,}" if size > MAX_FILE_BYTES else f"more than {MAX_FILE_BYTES:,}"
        doc.problem((), f"has {found} bytes; a data file may have at most {MAX_FILE_BYTES:,}: "
                    "check that this is the right file")
        return None
    return raw


def _is_ordinary(mode: int, doc: Document) -> bool:
    """Whether a file's mode is an ordinary file's; if not, a problem says what it is."""
    if stat.S_ISREG(mode):
        return True
    doc.problem((), "is a folder, not a file; give the path of the file" if stat.S_ISDIR(mode)
                else "is not an ordinary file (a device, pipe or socket); "
                "give the path of a data file")
    return False


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only) that refuses aliases and reads every
    plain value as the text typed (only ~, null and an empty value mean nothing).

    An alias repeats a value by reference; nested aliases can make a tiny
    file expand to billions of values, and no data file needs them.
    """

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag == _NULL]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, f"found an alias *{event.anchor}",
                                              event.start_mark)
        return super().compose_node(parent, index)

    def construct_yaml_str(self, node):
        text = self.construct_scalar(node)
        return Unquoted(text) if not node.style else text  # libyaml marks plain style ''


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else _Loader):
    """The same, parsed by libyaml, ten times as fast. It cannot refuse an alias as it
    reads one (an alias becomes the node it names, met twice): a file that has one, or
    any other mistake, is read again by `_Loader`, whose messages are the ones users see."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


for loader_class in (_Loader, _FastLoader):
    loader_class.add_constructor(_STR, _Loader.construct_yaml_str)


class _Alias(Exception):
    """A node met twice: libyaml read an alias."""


def read_yaml(file: Path, folder: Path) -> Document:
    """Parse a YAML file of `folder` safely (plain data only) and note every position."""
    doc = Document(file)
    text = read_text(file, folder, doc)
    if text is None:
        return doc
    try:
        _parse(text, doc)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        doc.problem_at(line, column, "(yaml)", f"contains the control character "
                       f"U+{error.character:04X}; delete it")
    except yaml.MarkedYAMLError as error:
        line, column, message = _yaml_message(error, text)
        doc.problem_at(line, column, "(yaml)", message)
    except RecursionError:
        doc.problem((), "is nested too deeply to read; check the brackets and indentation")
    return doc


def _parse(text: str, doc: Document) -> None:
    """Parse with libyaml; where it finds a mistake (or an alias), again with PyYAML's
    own parser, which raises the error that is worded for the user."""
    if not yaml.reader.Reader.NON_PRINTABLE.search(text):
        problems = len(doc.problems)
        try:
            return _parse_with(_FastLoader, text, doc)
        except (yaml.YAMLError, _Alias, RecursionError):
            del doc.problems[problems:]
            doc.key_marks.clear()
            doc.value_marks.clear()
    _parse_with(_Loader, text, doc)


def _parse_with(loader_class: type, text: str, doc: Document) -> None:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.problem((), "the file is empty; fill it in as the README shows")
            return
        _note_positions(loader, node, (), doc, set())
        doc.data = loader.construct_document(node)
    finally:
        loader.dispose()


def _note_positions(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, doc: Document,
                    seen_nodes: set[int]) -> None:
    """Note where each key and value stands; every key is read as the text typed."""
    if id(node) in seen_nodes:
        raise _Alias
    seen_nodes.add(id(node))
    doc.value_marks[path] = node.start_mark
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # reported by construct_document as an unhashable key
            if id(key_node) in seen_nodes:
                raise _Alias
            seen_nodes.add(id(key_node))
            key_node.tag = _STR  # '~: 1' is the label '~', not nothing
            key = loader.construct_object(key_node)
            if key in seen:
                m = key_node.start_mark
                doc.problem_at(m.line + 1, m.column + 1, field_name(path + (key,)),
                               "appears twice; keep one")
            seen.add(key)
            doc.key_marks[path + (key,)] = key_node.start_mark
            _note_positions(loader, value_node, path + (key,), doc, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _note_positions(loader, item, path + (index,), doc, seen_nodes)


def _yaml_message(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and plain words for a YAML syntax error, at the line of the mistake."""
    context, problem = error.context or "", error.problem or ""
    mark = error.problem_mark or error.context_mark
    if "constructor for the tag" in problem:
        tag = problem.split("tag ")[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return mark.line + 1, mark.column + 1, \
            f"the tag {tag} is not allowed; write plain text, numbers and lists"
    if "mapping values are not allowed" in problem and mark.column > 1024:
        return mark.line + 1, mark.column + 1, \
            "a name before ':' is longer than 1024 characters; shorten it"
    if "mapping values are not allowed" in problem and (line := _colonless_line(text, mark)):
        return line, 1, "this line has no ':' after its name; write 'name: value'"
    if "flow" in context and "<stream end>" in problem and (opened := _unclosed(text)):
        line, column, bracket = opened
        kind = "list" if bracket == "[" else "group"
        closing = "]" if bracket == "[" else "}"
        return line, column, f"the {kind} opened here with '{bracket}' is never closed; " \
            f"add '{closing}'"
    quote = _unclosed_quote(text, mark.line)
    if quote is not None and "quoted scalar" not in context:
        return quote, 1, "a quote opened on this line is not closed on it; add the closing " \
            "quote (a text that goes on over several lines belongs after >-)"
    opened = error.context_mark if error.context_mark is not None \
        and mark.line > error.context_mark.line else None
    for words, message, at_opening in _YAML_MESSAGES:
        if all(word in f"{context} {problem}" for word in words):
            at = opened if at_opening and opened is not None else mark
            found = problem.split("character ")[-1].split(" ")[0]
            return at.line + 1, at.column + 1, message.format(found=found)
    return mark.line + 1, mark.column + 1, \
        "this is not valid YAML; check the indentation, the colons and the quotes"


_QUOTED_VALUE = re.compile(r"""\s*(?:-\s+)?(?:[^'"#\s][^:#]*:\s+)?(["'])(.*)""")


def _unclosed_quote(text: str, before: int) -> int | None:
    """The first line before line index `before` whose quoted value is not closed on it
    (1-based), or None."""
    for number, line in enumerate(text.split("\n")[:before], start=1):
        if (match := _QUOTED_VALUE.fullmatch(line)) is None:
            continue
        quote, rest = match.groups()
        rest = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in rest:
            return number
    return None


def _colonless_line(text: str, mark: yaml.Mark) -> int | None:
    """The line before `mark`, if it is a name without its ':' that PyYAML read as the
    start of a text running on to the ':' of `mark`'s line (1-based), else None."""
    lines = text.split("\n")[:mark.line]
    before = [(n, line) for n, line in enumerate(lines, start=1)
              if line.strip() and not line.lstrip().startswith("#")]
    if not before or ":" in before[-1][1] or before[-1][1].lstrip()[:1] in ("-", "'", '"'):
        return None
    return before[-1][0]


def _unclosed(text: str) -> tuple[int, int, str] | None:
    """Line, column and bracket of the last '[' or '{' never closed (quotes and
    comments skipped), or None."""
    opened, quote = [], None
    for line_number, line in enumerate(text.split("\n"), start=1):
        for column, character in enumerate(line, start=1):
            if quote:
                quote = None if character == quote else quote
            elif character in "'\"" and (column == 1 or line[column - 2] in " [{,:"):
                quote = character
            elif character == "#" and (column == 1 or line[column - 2] == " "):
                break
            elif character in "[{":
                opened.append((line_number, column, character))
            elif character in "]}" and opened:
                opened.pop()
    return opened[-1] if opened else None


# (words of PyYAML's message, plain words, whether the mistake is where a bracket,
# quote or key was opened rather than where PyYAML noticed it)
_YAML_MESSAGES = [
    (("alias",), "aliases (*name) are not allowed; write the value out in full", False),
    (("'\\t'",), "a tab is used for indenting; indent with spaces", False),
    (("unhashable key",), "a name before ':' must be plain text, not a list or group", False),
    (("quoted scalar", "end of stream"), "a quote opened here is never closed; add the "
                                         "closing quote", True),
    (("simple key", "could not find expected ':'"), "this line has no ':' after its name; "
                                                    "write 'name: value'", True),
    (("flow sequence", "expected ','"), "the list opened here with '[' is not closed with ']' "
                                        "before this point; close it, or put a text that "
                                        "holds ':' or ',' in quotes", True),
    (("flow mapping", "expected ','"), "the group opened here with '{{' is not closed with "
                                       "'}}' before this point; close it, or put a text that "
                                       "holds ':' or ',' in quotes", True),
    (("mapping values are not allowed",), "a text that contains ': ' must be in quotes; "
                                          "put quotes around it", False),
    (("unknown escape character",), "a backslash followed by {found} is not an escape in "
                                    "double quotes; use single quotes, or write \\\\ for a "
                                    "backslash", False),
    (("cannot start any token",), "a value cannot start with {found}; put the text in quotes",
     False),
    (("but found ']'",), "a ']' closes a list that was never opened; remove it", False),
    (("but found '}'",), "a '}}' closes a group that was never opened; remove it", False),
    (("but found ':'",), "a ':' without a name before it; write the name, or put the text in "
                         "quotes", False),
    (("<document start>",), "a line starting with '%' or '...' ends the data here; remove it",
     False),
    (("but found '-'",), "a list item ('- ') stands where a 'name: value' line was expected; "
                         "indent it under its name", False),
    (("but found '<scalar>'",), "text stands here where a new line was expected; put the whole "
                                "text in quotes, or line it up with the lines around it", False),
    (("<block end>",), "this line is not lined up with the lines of its group; indent it like "
                       "them", False),
    (("block collection",), "this line is not lined up with the list around it; indent it "
                            "like the list's '- ' lines", False),
    (("another document",), "'---' starts a second document here; a data file holds one: "
                            "remove it", False),
]
