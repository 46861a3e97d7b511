"""Between-workshop activities for the core team (content/activities/*.md)."""

from __future__ import annotations

from facilitation.content.source import read_front_matter
from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.errors import Problems, did_you_mean
from facilitation.profile.fields import excerpt
from facilitation.model import Activity, TextSection

# The sections a task sheet is made of; each activity file needs them all.
SECTIONS = ("Purpose", "Who", "Steps", "Template", "Record sheet", "Next workshop")

KEYS = {"id": str, "title": str, "after": str, "due_days": int, "hours": (int, float), "summary": str}


def load_activity(text: str, path: str, problems: Problems) -> Activity | None:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    meta, key_lines, body_start = read_front_matter(lines, path, problems)
    before = len(problems.items)
    for key, value in meta.items():
        line = key_lines.get(key, 2)
        if key not in KEYS:
            problems.add(path, line, f"unknown activity key '{key}'", did_you_mean(str(key), KEYS))
        elif not isinstance(value, KEYS[key]) or isinstance(value, bool):
            problems.add(path, line, f"'{key}' has the wrong type: {excerpt(value)}")
    for key in KEYS:
        if meta and key not in meta:
            problems.add(path, 2, f"activity is missing '{key}'")
    if isinstance(meta.get("after"), str) and meta["after"] not in WORKSHOP_IDS:
        problems.add(path, key_lines.get("after", 2), f"unknown workshop '{meta['after']}'",
                     did_you_mean(meta["after"], WORKSHOP_IDS))
    sections = read_sections(lines, body_start, path, problems) if meta else ()
    if not meta or len(problems.items) > before:
        return None
    body = "\n".join(lines[body_start:]).strip()
    return Activity(meta["id"], meta["title"], meta["after"], meta["due_days"], float(meta["hours"]),
                    meta["summary"], body, path, sections)


def read_sections(lines: list[str], start: int, path: str, problems: Problems) -> tuple[TextSection, ...]:
    """The body's `## ` sections; the task sheet's sections must all be there, and the record sheet
    must hold a table (its header row names the columns to fill in)."""
    found: list[tuple[str, int, list[str]]] = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.startswith("## "):
            found.append((line[3:].strip(), number, []))
        elif found:
            found[-1][2].append(line)
    sections = tuple(TextSection(title.lower(), title, "\n".join(body).strip(), path, number)
                     for title, number, body in found)
    keys = {s.key for s in sections}
    end = len(lines) - (1 if lines and not lines[-1].strip() else 0)
    for title in SECTIONS:
        if title.lower() not in keys:
            problems.add(path, end, f"activity has no '## {title}' section",
                         f"the task sheet needs it; add it at the end of the file (sections: {', '.join(SECTIONS)})")
    for section in sections:
        if section.key == "record sheet" and not any(l.lstrip().startswith("|") for l in section.body.splitlines()):
            problems.add(path, section.line, "the record sheet has no table",
                         "write its columns as a Markdown table header, e.g. | Who we asked | What they said |")
    return sections
