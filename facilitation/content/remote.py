"""The frame of every online session, from content/remote/sessions.md (pure: strings in, model out).

The file has the shape of a workshop file: YAML front matter (the deck title pattern and a few
sentences), then `#` parts marked `{role=… duration=…}` with their `##` slides and `:::` fences.
Session parts — opening, welcome, recap, break, close — are shown in the remote decks and timed
in the plan; guidance parts — send-ahead, checks, roles — hold a `::: plan` fence for the remote
plan. Text is tailored with Jinja like workshops; every problem names the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from facilitation import tailor
from facilitation.content.markdown import parse_body
from facilitation.content.source import RawBlock, RawFence, RawSlide, parse_source
from facilitation.content.vocabulary import LAYOUTS, parse_duration, slugify
from facilitation.errors import FacilitationError, Problems, did_you_mean
from facilitation.profile.fields import excerpt
from facilitation.model import Block, Diagram, Fence, Slide

# role -> the minutes it may take (the issue sets the inserted break at 5–10 minutes)
SESSION_ROLES = {"opening": (0, 20), "welcome": (0, 15), "recap": (0, 15), "break": (5, 10), "close": (0, 15)}
GUIDANCE_ROLES = ("send-ahead", "checks", "roles")
META = {"title": str, "glance": str, "glance_notes": str, "spacing": str, "no_adaptation": str, "break_after": int}
BREAK_AFTER = (30, 180)
PART_ATTRIBUTES = ("role", "duration")
SLIDE_ATTRIBUTES = ("layout",)
FENCES = ("notes", "facilitator", "plan")


@dataclass(frozen=True)
class RemoteContent:
    path: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    parts: dict[str, RawBlock]  # by role

    @property
    def minutes(self) -> dict[str, int]:
        return {role: parse_duration(self.parts[role].attrs["duration"][0]) for role in SESSION_ROLES}

    @property
    def lines(self) -> dict[str, int]:
        return {role: block.line for role, block in self.parts.items()}

    @property
    def guidance_roles(self) -> tuple[str, ...]:
        """The guidance parts in the order the file gives them."""
        return tuple(role for role in self.parts if role in GUIDANCE_ROLES)


def _check_meta(meta: dict, lines: dict[str, int], path: str, problems: Problems) -> None:
    for key, value in meta.items():
        line = lines.get(key, 2)
        if key not in META:
            problems.add(path, line, f"unknown front matter key '{key}'", did_you_mean(str(key), META))
        elif not isinstance(value, META[key]) or isinstance(value, bool):
            problems.add(path, line, f"'{key}' must be {'a whole number' if META[key] is int else 'text'}, "
                         f"found {excerpt(value)}")
        elif key == "break_after" and not BREAK_AFTER[0] <= value <= BREAK_AFTER[1]:
            problems.add(path, line, f"'break_after' must be from {BREAK_AFTER[0]} to {BREAK_AFTER[1]} minutes, "
                         f"found {value}")
    for key in META:
        if key not in meta:
            problems.add(path, 1, f"front matter is missing '{key}'")


def _check_attributes(attrs: Mapping[str, tuple[str, int]], allowed: tuple[str, ...], path: str,
                      problems: Problems) -> None:
    for key, (_, line) in attrs.items():
        if key not in allowed:
            problems.add(path, line, f"unknown attribute '{key}'", did_you_mean(key, allowed))


def _check_fences(fences: list[RawFence], path: str, problems: Problems) -> None:
    for fence in fences:
        if fence.name not in FENCES:
            problems.add(path, fence.line, f"unknown fence '::: {fence.name}'", did_you_mean(fence.name, FENCES))


def _check_part(block: RawBlock, role: str, path: str, problems: Problems) -> None:
    if role in GUIDANCE_ROLES:
        if "duration" in block.attrs:
            problems.add(path, block.line, f"the '{role}' part goes in the remote plan only, so it takes no duration")
        if block.slides:
            problems.add(path, block.slides[0].line, f"the '{role}' part goes in the remote plan, not on slides",
                         "write its text in a '::: plan' fence")
        if not any(f.name == "plan" for f in block.fences):
            problems.add(path, block.line, f"the '{role}' part has no '::: plan' fence")
        return
    low, high = SESSION_ROLES[role]
    if "duration" not in block.attrs:
        problems.add(path, block.line, f"the '{role}' part has no duration",
                     f"e.g. {{role={role} duration={low or 5}}}")
    else:
        value, line = block.attrs["duration"]
        try:
            minutes = parse_duration(value)
        except ValueError:
            minutes = None
        if minutes is None or not low <= minutes <= high:
            problems.add(path, line, f"the '{role}' part must take {low} to {high} minutes, found '{value}'")
    if not block.slides:
        problems.add(path, block.line, f"the '{role}' part needs a '##' slide for the remote decks")
    for slide in block.slides:
        _check_attributes(slide.attrs, SLIDE_ATTRIBUTES, path, problems)
        _check_fences(slide.fences, path, problems)
        layout = slide.attrs.get("layout")
        if layout and layout[0] not in LAYOUTS:
            problems.add(path, layout[1], f"unknown layout '{layout[0]}'", did_you_mean(layout[0], LAYOUTS))


def load_remote_content(text: str, path: str) -> RemoteContent:
    """Parse and check the session frame file; raise every problem in it together."""
    problems = Problems()
    source = parse_source(text, path, problems)
    _check_meta(source.meta, source.meta_lines, path, problems)
    roles = tuple(SESSION_ROLES) + GUIDANCE_ROLES
    parts: dict[str, RawBlock] = {}
    for block in source.blocks:
        _check_attributes(block.attrs, PART_ATTRIBUTES, path, problems)
        _check_fences(block.fences, path, problems)
        role = block.attrs.get("role", ("", block.line))[0]
        if role not in roles:
            what = f"unknown role {role!r}" if role else "no role"
            problems.add(path, block.line, f"part '{block.title.text}' has {what}",
                         did_you_mean(role, roles) if role else "add {role=…}, one of: " + ", ".join(roles))
            continue
        if role in parts:
            problems.add(path, block.line, f"role '{role}' is given twice (first on line {parts[role].line})")
            continue
        parts[role] = block
        _check_part(block, role, path, problems)
    for role in roles:
        if role not in parts and source.meta:
            problems.add(path, None, f"no part has role={role}", f"add a '# … {{role={role}}}' heading")
    problems.raise_if_any()
    return RemoteContent(path, source.meta, source.meta_lines, parts)


# ---- tailoring for one session -----------------------------------------------------------------


def _render(text: str, context: Mapping[str, Any], path: str, line: int, problems: Problems) -> str:
    try:
        return tailor.render(text, context, path, line)
    except FacilitationError as error:
        problems.collect(error)
        return text


def _fences(raw: list[RawFence], context, path: str, problems: Problems) -> tuple[Fence, ...]:
    return tuple(Fence(f.name, _render(f.text.text, context, path, f.text.line, problems).strip(), f.line) for f in raw)


def _slide(raw: RawSlide, context, path: str, problems: Problems) -> Slide:
    title = _render(raw.title.text, context, path, raw.title.line, problems).strip()
    if not title:
        problems.add(path, raw.line, "slide has no title after tailoring", "every slide needs a title")
    body = raw.body_text()
    elements = parse_body(_render(body.text, context, path, body.line, problems), path, body.line, problems)
    layout = raw.attrs.get("layout", ("", 0))[0]
    if not layout:
        layout = "Title Only" if any(isinstance(e, Diagram) for e in elements) else "Title and Content"
    return Slide(slugify(title), title, layout, elements, _fences(raw.fences, context, path, problems), raw.line)


def tailor_part(content: RemoteContent, role: str, context: Mapping[str, Any],
                item: Mapping[str, Any] | None = None) -> Block:
    """One part tailored for one session. `item` (its title, start, end and minutes) is seen as
    `item` in the text; its title defaults to the part's heading. Raises every problem together."""
    problems = Problems()
    raw, path = content.parts[role], content.path
    title = _render(raw.title.text, context, path, raw.title.line, problems).strip()
    if item is not None:
        context = {**context, "item": {**item, "title": item.get("title") or title}}
    minutes = content.minutes.get(role, 0) if role in SESSION_ROLES else 0
    block = Block(id=role, title=title, duration=minutes, kind=role, lead="facilitator", remote="keep",
                  fences=_fences(raw.fences, context, path, problems),
                  slides=tuple(_slide(s, context, path, problems) for s in raw.slides), line=raw.line)
    problems.raise_if_any()
    return block


def tailor_text(content: RemoteContent, key: str, context: Mapping[str, Any]) -> str:
    """A front matter sentence (the deck title pattern, the spacing …) tailored for a session."""
    return tailor.render(str(content.meta[key]), context, content.path, content.meta_lines.get(key, 1)).strip()
