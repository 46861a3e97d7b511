"""Split a workshop file into front matter, blocks, slides and fences, keeping line numbers.

This stage knows the shape of the file only; the text inside is tailored and parsed later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from facilitation.errors import FacilitationError, Problem, Problems
from facilitation.profile.fields import parse_yaml
from facilitation.tailor import NOT_XML

FENCE_OPEN = re.compile(r"^:::\s*([A-Za-z][\w-]*)\s*$")
FENCE_CLOSE = re.compile(r"^:::\s*$")
HEADING = re.compile(r"^(#{1,2})\s+(.*?)\s*$")
# Attributes end a heading: `{key=value …}`, but not Jinja's `{{ … }}`.
ATTRIBUTES = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})\s*$")
ATTRIBUTE = re.compile(r"""\s*([A-Za-z][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
CODE_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Text:
    """Raw text and the file line of its first line."""

    text: str
    line: int


@dataclass
class RawFence:
    name: str
    text: Text
    line: int


@dataclass
class RawSlide:
    title: Text
    attrs: dict[str, tuple[str, int]]
    line: int
    body: list[tuple[str, int]] = field(default_factory=list)
    fences: list[RawFence] = field(default_factory=list)
    titles: tuple[Text, ...] = ()  # a bilingual title's parts, first language first (translation.bilingual)

    def body_text(self) -> Text:
        """The slide's body lines as one text; blank lines keep the line numbers aligned."""
        if not self.body:
            return Text("", self.line + 1)
        first = self.body[0][1]
        lines = [""] * (self.body[-1][1] - first + 1)
        for text, number in self.body:
            lines[number - first] = text
        return Text("\n".join(lines), first)


@dataclass
class RawBlock:
    title: Text
    attrs: dict[str, tuple[str, int]]
    line: int
    fences: list[RawFence] = field(default_factory=list)
    slides: list[RawSlide] = field(default_factory=list)
    titles: tuple[Text, ...] = ()  # a bilingual title's parts, first language first (translation.bilingual)


@dataclass
class Source:
    path: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    blocks: list[RawBlock]
    welsh: Any = None  # its Welsh titles (translation.WelshTitles), from the parallel <id>.cy.md
    welsh_problems: tuple = ()  # where the parallel drifts: errors only for a pack in Welsh
    digest: str = field(default="", repr=False, compare=False)  # of the files it was read from (cache key)


def parse_attributes(text: str, path: str, line: int, problems: Problems) -> dict[str, tuple[str, int]]:
    attrs: dict[str, tuple[str, int]] = {}
    rest = text
    while rest.strip():
        match = ATTRIBUTE.match(rest)
        if not match:
            problems.add(path, line, f"cannot read attributes '{{{text}}}'",
                         'write them as key=value pairs, e.g. {duration=20 kind=exercise when="charity.co_facilitation"}')
            break
        key = match.group(1)
        value = next(g for g in match.groups()[1:] if g is not None)
        if key in attrs:
            problems.add(path, line, f"attribute '{key}' is given twice")
        attrs[key] = (value, line)
        rest = rest[match.end():]
    return attrs


def split_heading(raw: str, path: str, line: int, problems: Problems) -> tuple[str, dict]:
    match = ATTRIBUTES.search(raw)
    if not match:
        return raw.strip(), {}
    return raw[: match.start()].strip(), parse_attributes(match.group(1), path, line, problems)


def read_front_matter(lines: list[str], path: str, problems: Problems) -> tuple[dict, dict[str, int], int]:
    """Return the front matter, the line of each key, and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "the file must start with YAML front matter between '---' lines",
                     "add '---', then 'id: …' and 'title: …', then '---'")
        return {}, {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        problems.add(path, 1, "the front matter is not closed", "end it with a line '---'")
        return {}, {}, len(lines)
    text = "\n".join(lines[1:end])
    try:
        meta, node = parse_yaml(text, path, first_line=2)
    except FacilitationError as error:
        problems.extend(Problem(p.path, p.line, p.message.replace("not valid YAML", "front matter is not valid YAML"))
                        for p in error.problems)
        return {}, {}, end + 1
    if meta is None:
        meta, node = {}, None
    if not isinstance(meta, dict):
        problems.add(path, 2, f"front matter must be a mapping of keys to values, found {type(meta).__name__}")
        return {}, {}, end + 1
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        key_lines = {k.value: k.start_mark.line + 2 for k, _ in node.value}
    return meta, key_lines, end + 1


def parse_source(text: str, path: str, problems: Problems) -> Source:
    """Read the structure of one workshop file. Problems are collected, not raised."""
    text = text.lstrip("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if (bad := NOT_XML.search(line)):
            problems.add(path, number, f"character U+{ord(bad.group()):04X} cannot be stored in a document",
                         "remove it; it is often pasted in by accident")
    meta, meta_lines, index = read_front_matter(lines, path, problems)
    blocks: list[RawBlock] = []
    fence: RawFence | None = None
    fence_lines: list[str] = []
    in_code = False

    for i in range(index, len(lines)):
        line, number = lines[i], i + 1
        if fence is not None:
            if FENCE_CLOSE.match(line):
                fence.text = Text("\n".join(fence_lines), fence.line + 1)
                fence = None
                continue
            if not (FENCE_OPEN.match(line) or HEADING.match(line)):
                fence_lines.append(line)
                continue
            # a heading or a new fence inside a fence: the fence was left open
            problems.add(path, fence.line, f"fence '::: {fence.name}' is not closed before line {number}",
                         "end it with a line ':::'")
            fence.text = Text("\n".join(fence_lines), fence.line + 1)
            fence = None
        if CODE_FENCE.match(line):
            in_code = not in_code
        if not in_code:
            if (opened := FENCE_OPEN.match(line)):
                if not blocks:
                    problems.add(path, number, f"fence '::: {opened.group(1)}' comes before the first '#' block")
                fence = RawFence(opened.group(1), Text("", number + 1), number)
                fence_lines = []
                if blocks:
                    owner = blocks[-1].slides[-1] if blocks[-1].slides else blocks[-1]
                    owner.fences.append(fence)
                continue
            if FENCE_CLOSE.match(line):
                problems.add(path, number, "':::' closes a fence that was never opened")
                continue
            if (heading := HEADING.match(line)):
                title, attrs = split_heading(heading.group(2), path, number, problems)
                if not title:
                    problems.add(path, number, "heading has no title")
                if heading.group(1) == "#":
                    blocks.append(RawBlock(Text(title, number), attrs, number))
                elif not blocks:
                    problems.add(path, number, f"slide '{title}' comes before the first '#' block")
                else:
                    blocks[-1].slides.append(RawSlide(Text(title, number), attrs, number))
                continue
        if blocks and blocks[-1].slides:
            blocks[-1].slides[-1].body.append((line, number))
        elif line.strip():
            where = "before the first '#' block" if not blocks else "in a block before its first '##' slide"
            problems.add(path, number, f"text {where} belongs to no slide or fence",
                         "put it under a '## slide' or inside a '::: facilitator' fence")
    if fence is not None:
        problems.add(path, fence.line, f"fence '::: {fence.name}' is never closed", "end it with a line ':::'")
    return Source(path, meta, meta_lines, blocks)
