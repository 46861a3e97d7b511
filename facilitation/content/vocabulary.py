"""The words of the content format: what a content editor may write, and durations."""

from __future__ import annotations

import re

WORKSHOP_IDS = ("staff-session", "concepts", "vision", "planning", "debrief",
                "policy-campaigns", "research-evaluation")
KINDS = ("opening", "presentation", "discussion", "exercise", "case-study", "energiser",
         "reflection", "break", "close", "pre-work")
LEADS = ("facilitator", "co-facilitator", "both")
FENCES = ("notes", "facilitator", "co-facilitator", "remote", "materials", "accessibility",
          "activity", "content-warning", "participants")
LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Two Content", "Quote",
           "Title Only", "Closing", "Blank")
BLOCK_ATTRIBUTES = ("duration", "kind", "lead", "remote", "when", "id")
SLIDE_ATTRIBUTES = ("layout", "when", "id")
FRONT_MATTER = {"id": str, "title": str, "module": int, "sequence": int, "length": (str, int),
                "start": str, "summary": str, "outcomes": list, "content_warnings": list,
                "title_cy": str}  # title_cy: the Welsh title (facilitation.content.translation)
FRONT_MATTER_REQUIRED = ("id", "title", "module", "sequence", "length")
ACTIVITY_KEYS = ("structure", "invitation", "space", "participants", "groups", "steps")

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h\s*(?:(\d+)\s*m?)?|(\d+)\s*m?(?:in)?)\s*$", re.IGNORECASE)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_SLUG = re.compile(r"[^a-z0-9]+")


def parse_duration(text: str | int) -> int:
    """Minutes from `20`, `20m`, `1h`, `1h30` or `1h30m`. Raises ValueError."""
    if isinstance(text, bool):
        raise ValueError(text)
    if isinstance(text, int):
        if text < 0:
            raise ValueError(text)
        return text
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(text)
    hours, minutes, plain = match.groups()
    if plain is not None:
        return int(plain)
    return int(hours) * 60 + int(minutes or 0)


def parse_clock(text: str) -> tuple[int, int]:
    """(hour, minute) from `09:30`. Raises ValueError."""
    match = _CLOCK.match(str(text).strip())
    if not match:
        raise ValueError(text)
    return int(match.group(1)), int(match.group(2))


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "untitled"
