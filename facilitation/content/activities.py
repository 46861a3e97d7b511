"""Between-workshop activities for the core team (content/activities/*.md)."""

from __future__ import annotations

from facilitation.content.source import read_front_matter
from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.errors import Problems, did_you_mean
from facilitation.profile.fields import excerpt
from facilitation.model import Activity

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
    if not meta or len(problems.items) > before:
        return None
    body = "\n".join(lines[body_start:]).strip()
    return Activity(meta["id"], meta["title"], meta["after"], meta["due_days"], float(meta["hours"]),
                    meta["summary"], body, path)
