"""Small declarative field types for the profile schema. Each checks a YAML value and its node."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from facilitation.content.vocabulary import parse_clock
from facilitation.errors import FacilitationError, Problem, Problems, did_you_mean
from facilitation.tailor import NOT_XML

MISSING = object()
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


MAX_DEPTH = 40  # nesting deeper than any profile or rules file needs; deeper input would exhaust the stack
EXCERPT = 60  # characters of a user's value quoted in a message, so a wrong file is never printed whole


def excerpt(value: Any) -> str:
    """A value's repr, cut short: messages quote a little of a file, never all of it."""
    text = repr(value)
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


class Loader(yaml.SafeLoader):
    """Safe YAML for every user file: no implicit dates (a bad date gets our message, not a
    crash), no anchors or aliases (an alias bomb expands to gigabytes from a few lines), bounded
    nesting, no duplicate keys, and values Python cannot hold reported at their line."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(None, None, "anchors and aliases (& and *) are not allowed here; "
                                              "write the value out in full", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                                  event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor):
        node = super().compose_mapping_node(anchor)
        seen: dict[str, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in seen:
                    raise yaml.composer.ComposerError(
                        None, None, f"key '{key.value[:EXCERPT]}' appears twice, on lines {seen[key.value]} "
                        f"and {line}; keep one", key.start_mark)
                seen[key.value] = line
        return node

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as error:  # a 5,000-digit number, a year past 9999
            raise yaml.constructor.ConstructorError(None, None, f"cannot read the value {excerpt(node.value)}: "
                                                    f"{str(error)[:EXCERPT]}", node.start_mark) from None


Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


@dataclass
class Where:
    path: str
    key: str  # dotted, for messages
    line: int


class Field:
    default: Any = MISSING
    required = False
    expected = "a value"

    def check(self, value: Any, node: yaml.Node | None, where: Where, problems: Problems) -> Any:
        raise NotImplementedError

    def fail(self, value: Any, where: Where, problems: Problems, hint: str = "") -> Any:
        problems.add(where.path, where.line, f"'{where.key}' must be {self.expected}, found {_kind(value)} {excerpt(value)}", hint)
        return self.default if self.default is not MISSING else None


@dataclass
class Text(Field):
    default: Any = MISSING
    required: bool = False
    max_length: int = 200
    expected = "text"

    def check(self, value, node, where, problems):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            return self.fail(value, where, problems)
        if len(value) > self.max_length:
            problems.add(where.path, where.line, f"'{where.key}' is {len(value)} characters long; the limit is {self.max_length}")
        if (bad := NOT_XML.search(value)):
            problems.add(where.path, where.line, f"'{where.key}' holds character U+{ord(bad.group()):04X}, "
                         "which cannot be stored in a document")
        return value.strip()


@dataclass
class Flag(Field):
    default: Any = False
    expected = "true or false"

    def check(self, value, node, where, problems):
        return value if isinstance(value, bool) else self.fail(value, where, problems)


@dataclass
class Number(Field):
    low: int = 0
    high: int = 10_000
    default: Any = MISSING

    @property
    def expected(self):
        return f"a whole number from {self.low} to {self.high}"

    def check(self, value, node, where, problems):
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            return self.fail(value, where, problems)
        return value


@dataclass
class Choice(Field):
    options: tuple[str, ...] = ()
    default: Any = MISSING

    @property
    def expected(self):
        return "one of " + ", ".join(self.options)

    def check(self, value, node, where, problems):
        if value not in self.options:
            hint = did_you_mean(str(value), self.options) if isinstance(value, str) else ""
            return self.fail(value, where, problems, hint if hint.startswith("did you") else "")
        return value


@dataclass
class Colour(Field):
    default: Any = MISSING
    expected = 'a colour like "#1F4E79"'

    def check(self, value, node, where, problems):
        if not isinstance(value, str) or not _COLOUR.match(value.strip()):
            return self.fail(value, where, problems, "quote it in YAML, since # starts a comment")
        return value.strip().upper()


@dataclass
class Day(Field):
    default: Any = None
    # a programme runs over months: bounding the year keeps date arithmetic (weeks later,
    # the next working day) far from Python's year 9999 limit
    first_year: int = 2000
    last_year: int = 2199

    expected = "a date like 2027-01-12"

    def check(self, value, node, where, problems):
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            return self.fail(value, where, problems)
        if not self.first_year <= day.year <= self.last_year:
            return self.fail(value, where, problems, f"give a year from {self.first_year} to {self.last_year}")
        return day


@dataclass
class Clock(Field):
    default: Any = None
    expected = 'a clock time like "09:30"'

    def check(self, value, node, where, problems):
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            return f"{value // 60:02d}:{value % 60:02d}"  # YAML 1.1 reads 09:30 as 570
        try:
            hour, minute = parse_clock(str(value))
        except ValueError:
            return self.fail(value, where, problems)
        return f"{hour:02d}:{minute:02d}"


@dataclass
class RepoPath(Field):
    """A path relative to content/ that must stay inside it."""

    default: Any = None
    expected = "a path relative to content/, like images/logo.png"

    def check(self, value, node, where, problems):
        if not isinstance(value, str) or not value.strip():
            return self.fail(value, where, problems)
        value = value.strip().replace("\\", "/")
        normal = posixpath.normpath(value)
        if value.startswith("/") or re.match(r"^[A-Za-z]:", value) or normal.startswith(".."):
            problems.add(where.path, where.line, f"'{where.key}' path '{value}' leaves the repository",
                         "give a path inside content/, like images/logo.png")
            return None
        return normal


@dataclass
class Items(Field):
    item: Field = field(default_factory=Text)
    default: Any = field(default_factory=list)
    unique: bool = True

    @property
    def expected(self):
        return f"a list of {self.item.expected}"

    def check(self, value, node, where, problems):
        if value is None:
            return []
        if not isinstance(value, list):
            return self.fail(value, where, problems, "write it as [a, b] or one '- item' per line")
        result = []
        children = node.value if isinstance(node, yaml.SequenceNode) else [None] * len(value)
        for n, (item, child) in enumerate(zip(value, children)):
            line = child.start_mark.line + 1 if child is not None else where.line
            checked = self.item.check(item, child, Where(where.path, f"{where.key}[{n}]", line), problems)
            if checked is None:
                continue
            if self.unique and checked in result:
                problems.add(where.path, line, f"'{where.key}' lists {checked!r} twice")
                continue
            result.append(checked)
        return result


@dataclass
class Section(Field):
    """A mapping with known keys; unknown keys are errors with a suggestion."""

    fields: dict[str, Field] = field(default_factory=dict)
    default: Any = MISSING
    expected = "a mapping of keys to values"
    open_keys: Field | None = None  # when set, any key is allowed and checked with this field

    def check(self, value, node, where, problems):
        if value is None:
            value, node = {}, None
        if not isinstance(value, dict):
            self.fail(value, where, problems)
            value, node = {}, None
        nodes = {}
        if isinstance(node, yaml.MappingNode):
            nodes = {k.value: (k, v) for k, v in node.value}
        result = {}
        for key, item in value.items():
            key_node, value_node = nodes.get(str(key), (None, None))
            line = key_node.start_mark.line + 1 if key_node is not None else where.line
            dotted = f"{where.key}.{key}" if where.key else str(key)
            spec = self.open_keys or self.fields.get(key)
            if spec is None:
                problems.add(where.path, line, f"unknown key '{dotted}'", did_you_mean(str(key), self.fields))
                continue
            inner = Where(where.path, dotted, value_node.start_mark.line + 1 if value_node is not None else line)
            result[key] = spec.check(item, value_node, inner, problems)
        for key, spec in self.fields.items():
            if key in result:
                continue
            if spec.required:
                dotted = f"{where.key}.{key}" if where.key else key
                problems.add(where.path, where.line, f"missing required key '{dotted}'")
            elif isinstance(spec, Section):
                result[key] = spec.check({}, None, Where(where.path, key, where.line), problems)
            else:
                result[key] = spec.default if spec.default is not MISSING else None
        return result


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree (for line numbers) of a user's YAML text, whose first line is
    `first_line` of `path`. The one reader of user YAML: any mistake names its line."""
    loader = None
    try:
        loader = Loader(text)  # the reader refuses control characters here already
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + first_line if mark else first_line
        reason = str(getattr(error, "problem", None) or error)[:200]
        raise FacilitationError([Problem(path, line, f"not valid YAML: {reason}")]) from None
    except RecursionError:  # belt and braces: MAX_DEPTH stops this first
        raise FacilitationError([Problem(path, first_line, "not valid YAML: nested too deeply")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def node_lines(node: yaml.Node | None) -> dict[str, int]:
    """The line of every mapping key under a YAML node, by dotted key (`schedule.dates.vision`)."""
    lines: dict[str, int] = {}

    def walk(node: yaml.Node | None, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                dotted = f"{prefix}.{key.value}" if prefix else str(key.value)
                lines[dotted] = key.start_mark.line + 1
                walk(value, dotted)

    walk(node, "")
    return lines


def key_lines(text: str) -> dict[str, int]:
    """The line of every mapping key in a YAML text; empty when the text is not valid YAML."""
    try:
        return node_lines(parse_yaml(text, "")[1])
    except FacilitationError:
        return {}
