"""Shared text that several documents reuse, written in Markdown under content/ (pure).

Two shapes:

- a folder of one-section files (`content/co-facilitator/*.md`): each file starts with a
  `# Title` line; the file name (without .md) is the section's key;
- a file of keyed sections (`content/accessibility.md`): `# key: Title` headings.

Titles and bodies are tailored for the charity (and workshop) with the sandboxed Jinja renderer,
so an error names the editor's own file and line. This module reads no files: the build passes
the text in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from facilitation import tailor
from facilitation.errors import FacilitationError, Problem, Problems, did_you_mean
from facilitation.model import TextSection, Workshop

_HEADING = re.compile(r"^#\s+(.+?)\s*$")
_KEYED = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\s*:\s*(.+)$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


Section = TextSection  # the name the loaders' callers know it by


@dataclass(frozen=True)
class _Raw:
    heading: str
    line: int
    body: str
    body_line: int


def _split(text: str) -> tuple[list[str], list[_Raw]]:
    """Lines before the first `# ` heading, and each heading with the body under it."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    # Comments are for editors: drop them, keeping their newlines so line numbers stay true.
    lines = _COMMENT.sub(lambda comment: "\n" * comment.group().count("\n"), text).split("\n")
    before: list[str] = []
    sections: list[_Raw] = []
    current: tuple[str, int, list[str]] | None = None
    in_code = False
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        heading = None if in_code else _HEADING.match(line)
        if heading:
            if current:
                sections.append(_Raw(current[0], current[1], "\n".join(current[2]), current[1] + 1))
            current = (heading.group(1), number, [])
        elif current:
            current[2].append(line)
        else:
            before.append(line)
    if current:
        sections.append(_Raw(current[0], current[1], "\n".join(current[2]), current[1] + 1))
    return before, sections


def _first_text_line(lines: list[str]) -> int | None:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            return number
    return None


def _tailored(raw: _Raw, title: str, key: str, path: str, context: Mapping[str, Any],
              problems: Problems) -> Section | None:
    try:
        return Section(key, tailor.render(title, context, path, raw.line).strip(),
                       tailor.render(raw.body, context, path, raw.body_line).strip(), path, raw.line)
    except FacilitationError as error:
        problems.collect(error)
        return None


def load_section(text: str, path: str, key: str, context: Mapping[str, Any]) -> Section:
    """One file that starts with `# Title`; everything below is its body."""
    problems = Problems()
    before, sections = _split(text)
    stray = _first_text_line(before)
    if not sections or stray:
        problems.add(path, stray or 1, "the file must start with a '# Title' line", "e.g. '# Looking after yourself'")
    elif len(sections) > 1:
        problems.add(path, sections[1].line, "only one '# ' heading is allowed in this file",
                     "use '## ' for headings inside the section")
    problems.raise_if_any()
    section = _tailored(sections[0], sections[0].heading, key, path, context, problems)
    problems.raise_if_any()
    return section


def load_section_folder(files: Mapping[str, str], folder: str, required: Iterable[str],
                        context: Mapping[str, Any]) -> dict[str, Section]:
    """Every section in a folder, by key. `files` maps file names (`wellbeing.md`) to their text.

    A missing section or a file the documents do not use is an error, so a typo in a file name
    cannot silently drop a section.
    """
    required = tuple(required)
    problems = Problems()
    sections: dict[str, Section] = {}
    for name, text in sorted(files.items()):
        key = name.removesuffix(".md")
        path = f"{folder}/{name}"
        if key not in required:
            problems.add(path, None, f"'{name}' is not a section these notes use", did_you_mean(key, required))
            continue
        try:
            sections[key] = load_section(text, path, key, context)
        except FacilitationError as error:
            problems.collect(error)
    for key in required:
        if key not in sections and f"{key}.md" not in files:
            problems.add(f"{folder}/{key}.md", None, "this section is missing", f"add {folder}/{key}.md")
    problems.raise_if_any()
    return sections


def load_keyed_sections(text: str, path: str, known: Iterable[str], context: Mapping[str, Any]) -> dict[str, Section]:
    """Sections headed `# key: Title` in one file, by key (each key one of `known`, at most once)."""
    known = tuple(known)
    problems = Problems()
    before, raws = _split(text)
    stray = _first_text_line(before)
    if stray:
        problems.add(path, stray, "text before the first '# key: Title' heading", "start the file with a heading")
    sections: dict[str, Section] = {}
    for raw in raws:
        match = _KEYED.match(raw.heading)
        if not match:
            problems.add(path, raw.line, f"heading '# {raw.heading}' must be '# key: Title'",
                         "e.g. '# large-print: Large print'")
            continue
        key, title = match.groups()
        if key not in known:
            problems.add(path, raw.line, f"unknown key '{key}'", did_you_mean(key, known))
        elif key in sections:
            problems.add(path, raw.line, f"'{key}' is given twice (first on line {sections[key].line})")
        else:
            section = _tailored(raw, title, key, path, context, problems)
            if section:
                sections[key] = section
    problems.raise_if_any()
    return sections


# ---- the two uses: co-facilitator notes and the accessibility plan ----------------------------

CO_FACILITATOR_FOLDER = "co-facilitator"
# The co-facilitator notes' sections, in the order they follow "Your parts of the day" (welcome
# and harder-topics have fixed places near the start).
CO_FACILITATOR_SECTIONS = ("welcome", "harder-topics", "preparation", "working-together", "wellbeing",
                           "hard-moments", "debrief", "payment")
ACCESSIBILITY_FILE = "accessibility.md"
ALWAYS = "all"  # the accessibility plan's section for every workshop, whatever the profile asks


def delivery_context(context: Mapping[str, Any], online: bool) -> dict[str, Any]:
    """`online` and `in_person`, so content can say what happens in a room or on a call:
    `{when="in_person"}` on a slide, `{% if online %}` in text."""
    return {**context, "online": online, "in_person": not online}


def workshop_context(context: Mapping[str, Any], workshop: Workshop) -> dict[str, Any]:
    """The charity's tailoring context with the workshop the text is for, and how it is delivered."""
    return {**delivery_context(context, workshop.online),
            "workshop": {"id": workshop.id, "title": workshop.title, "online": workshop.online}}


def co_facilitator_sections(files: Mapping[str, str], folder: str,
                            context: Mapping[str, Any]) -> dict[str, TextSection]:
    """content/co-facilitator/*.md tailored, by key, in the order the notes use them."""
    sections = load_section_folder(files, folder, CO_FACILITATOR_SECTIONS, context)
    return {key: sections[key] for key in CO_FACILITATOR_SECTIONS}


def accessibility_plan(text: str, path: str, known: Iterable[str], needs: Iterable[str],
                       context: Mapping[str, Any]) -> tuple[TextSection, ...]:
    """The section for every workshop, then one per need the profile lists (each must exist)."""
    sections = load_keyed_sections(text, path, (ALWAYS, *known), context)
    wanted = (ALWAYS, *needs)
    missing = [need for need in wanted if need not in sections]
    if missing:
        raise FacilitationError([Problem(path, None, f"no section for '{need}'",
                                         f"add '# {need}: Title' and what to prepare") for need in missing])
    return tuple(sections[need] for need in wanted)
