"""The words of the participant materials, content/handouts/*.md (pure).

Each file is made of `# key: Title` sections (see content/handouts/README.md), tailored for the
charity and, except the check-in template, for each workshop. Easy Read points are written as
`- [icon] A short sentence.`; an unknown icon is an error naming the file and line.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from facilitation.content.shared_text import load_keyed_sections, workshop_context
from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.errors import FacilitationError, Problem, Problems, did_you_mean
from facilitation.model import EasyRead, EasyReadPoint, Handouts, TextSection, Workshop

HANDOUTS_FOLDER = "handouts"
WORKSHOP_FILES = {
    "handout.md": ("purpose", "agenda", "ideas", "notes", "next"),
    "easy-read.md": ("about", "next", *WORKSHOP_IDS, *(f"{w}-words" for w in WORKSHOP_IDS)),
    "joining.md": ("welsh", "intro", "in-person", "online", "bring", "access", "warnings", "contact"),
    "feedback.md": ("intro", "ratings", "questions", "thanks"),
}
PACK_FILES = {"check-in.md": ("intro", "agenda", "progress", "plan", "report-back")}
# The icon beside each Easy Read point: simple symbols every office font set can draw.
ICONS = {"people": "☺", "talk": "❝", "idea": "★", "write": "✎", "time": "◷", "break": "☕", "question": "?",
         "next": "➜", "heart": "♥", "check": "✓", "phone": "☎", "plan": "☰", "warning": "⚠", "home": "⌂"}
_POINT = re.compile(r"^\s*[-*]\s+\[([a-z]+)\]\s+(.+?)\s*$")
_WORD = re.compile(r"^\s*[-*]\s+([^:]+?)\s*:\s*(.+?)\s*$")
# Sections that must be there for every file; the easy-read workshop sections only for the
# workshops the charity has.
_OPTIONAL = {"easy-read.md": set(WORKSHOP_IDS) | {f"{w}-words" for w in WORKSHOP_IDS}}


def _line_of(source: str, line: str, section: TextSection) -> int:
    """The line of the file that holds this (tailored) line: found after the section's heading
    when the text is unchanged by tailoring, else the heading's line."""
    lines = source.splitlines()
    for number in range(section.line, len(lines)):
        if lines[number].strip() == line.strip():
            return number + 1
    return section.line


def easy_read_points(section: TextSection, source: str = "") -> tuple[EasyReadPoint, ...]:
    """`- [icon] sentence` lines; any other text line, or an unknown icon, is an error at its line."""
    problems = Problems()
    points = []
    for line in section.body.splitlines():
        if not line.strip():
            continue
        where = _line_of(source, line, section)
        match = _POINT.match(line)
        if not match:
            problems.add(section.path, where, f"'{line.strip()[:40]}' is not an Easy Read point",
                         "write one idea per line as '- [icon] A short sentence.'")
        elif match.group(1) not in ICONS:
            problems.add(section.path, where, f"unknown icon '{match.group(1)}'", did_you_mean(match.group(1), ICONS))
        else:
            points.append(EasyReadPoint(ICONS[match.group(1)], match.group(2)))
    problems.raise_if_any()
    return tuple(points)


def glossary(section: TextSection, source: str = "") -> tuple[tuple[str, str], ...]:
    """`- word: what it means` lines."""
    problems = Problems()
    words = []
    for line in section.body.splitlines():
        if line.strip():
            match = _WORD.match(line)
            if match:
                words.append(match.groups())
            else:
                problems.add(section.path, _line_of(source, line, section), f"'{line.strip()[:40]}' is not a hard word",
                             "write '- word: what it means'")
    problems.raise_if_any()
    return tuple(words)


def _load(files: Mapping[str, str], folder: str, name: str, keys: Iterable[str], context: Mapping[str, Any],
          optional: Iterable[str] = ()) -> dict[str, TextSection]:
    path = f"{folder}/{name}"
    if name not in files:
        raise FacilitationError([Problem(path, None, "this file is missing", f"restore {path}")])
    sections = load_keyed_sections(files[name], path, keys, context)
    missing = [key for key in keys if key not in sections and key not in set(optional)]
    if missing:
        raise FacilitationError([Problem(path, None, f"no section '{key}'", f"add '# {key}: Title'") for key in missing])
    return sections


def tailor_handouts(files: Mapping[str, str], folder: str, context: Mapping[str, Any],
                    workshops: Iterable[Workshop]) -> Handouts:
    """Every participant text, tailored: by workshop and file for each workshop, and the check-in's."""
    problems = Problems()
    for name in sorted(files):
        if name not in WORKSHOP_FILES and name not in PACK_FILES:
            problems.add(f"{folder}/{name}", None, f"'{name}' is not a file the participant materials use",
                         did_you_mean(name, (*WORKSHOP_FILES, *PACK_FILES)))
    by_workshop: dict[str, dict[str, dict[str, TextSection]]] = {}
    easy: dict[str, tuple] = {}
    for workshop in workshops:
        for_workshop = workshop_context(context, workshop)
        texts = {}
        for name, keys in WORKSHOP_FILES.items():
            try:
                texts[name.removesuffix(".md")] = _load(files, folder, name, keys, for_workshop, _OPTIONAL.get(name, ()))
            except FacilitationError as error:
                problems.collect(error)
        by_workshop[workshop.id] = texts
        read = texts.get("easy-read")
        if read is not None:
            try:
                easy[workshop.id] = _easy_read(read, workshop, f"{folder}/easy-read.md", files["easy-read.md"])
            except FacilitationError as error:
                problems.collect(error)
    check_in = {}
    try:
        check_in = _load(files, folder, "check-in.md", PACK_FILES["check-in.md"], context)
    except FacilitationError as error:
        problems.collect(error)
    if problems:  # the same file is tailored for every workshop: report each mistake once
        raise FacilitationError(list(dict.fromkeys(problems.items)))
    return Handouts(by_workshop, check_in, easy)


def _easy_read(sections: dict[str, TextSection], workshop: Workshop, path: str, source: str):
    """(points about the workshop, hard words) for one workshop; both sections must be written."""
    missing = [key for key in (workshop.id, f"{workshop.id}-words") if key not in sections]
    if missing:
        raise FacilitationError([Problem(path, None, f"no Easy Read section '{key}' for {workshop.title}",
                                         f"add '# {key}: Title'") for key in missing])
    return EasyRead(*(easy_read_points(sections[key], source) for key in ("about", workshop.id, "next")),
                    glossary(sections[f"{workshop.id}-words"], source))
