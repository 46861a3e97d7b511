"""The cards and sheets a workshop's facilitator prints (content/printables/<workshop>.md).

Each `## Title {id=…}` section is one printable: its text says how many to print, and its
`### ` sections, when it has any, are cards printed one to a page. The file is tailored for
the charity like a workshop, then read.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from facilitation import tailor
from facilitation.content.source import read_front_matter, split_heading
from facilitation.errors import FacilitationError, Problems, did_you_mean
from facilitation.model import Card, Printable, Printables

KEYS = ("workshop", "title")
PRINTABLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def printable_ids(text: str) -> dict[str, int]:
    """Every `## … {id=…}` in the untailored file, with its line: what a materials mark may name."""
    ids = {}
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith("## ") and (found := re.search(r"\{[^}]*\bid=\"?([\w-]+)", line)):
            ids.setdefault(found.group(1), number)
    return ids


def load_printables(text: str, path: str, workshop_id: str, context: Mapping[str, Any]) -> Printables:
    problems = Problems()
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    meta, key_lines, start = read_front_matter(lines, path, problems)
    for key in meta:
        if key not in KEYS:
            problems.add(path, key_lines.get(key, 2), f"unknown printables key '{key}'", did_you_mean(str(key), KEYS))
    if meta.get("workshop") != workshop_id:
        problems.add(path, key_lines.get("workshop", 2),
                     f"'workshop' must be '{workshop_id}', the file's name, found {meta.get('workshop')!r}")
    problems.raise_if_any()
    body = "\n" * start + "\n".join(lines[start:])  # keeps the file's line numbers
    try:
        tailored = tailor.render(body, context, path, 1).split("\n")
    except FacilitationError as error:
        problems.collect(error)
        problems.raise_if_any()
    items = _printables(tailored, path, problems)
    problems.raise_if_any()
    return Printables(workshop_id, str(meta.get("title") or workshop_id), tuple(items), path)


def _printables(lines: list[str], path: str, problems: Problems) -> list[Printable]:
    raw: list[tuple[str, str, int, list[tuple[str, list[str]]], list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("## "):
            title, attrs = split_heading(line[3:], path, number, problems)
            printable_id = attrs.get("id", ("", number))[0]
            if not PRINTABLE_ID.match(printable_id):
                problems.add(path, number, f"printable '{title}' needs an id, like {{id=rung-cards}}",
                             "lower-case letters, digits and hyphens")
            elif any(r[0] == printable_id for r in raw):
                problems.add(path, number, f"printable id '{printable_id}' is used twice")
            raw.append((printable_id, title, number, [], []))
        elif line.startswith("### ") and raw:
            raw[-1][3].append((line[4:].strip(), []))
        elif raw:
            (raw[-1][3][-1][1] if raw[-1][3] else raw[-1][4]).append(line)
        elif line.strip():
            problems.add(path, number, "text before the first '## ' printable", "start each printable with '## Title {id=…}'")
    return [Printable(pid, title, "\n".join(body).strip(),
                      tuple(Card(card, "\n".join(text).strip()) for card, text in cards), number)
            for pid, title, number, cards, body in raw]
