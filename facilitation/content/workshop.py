"""From a parsed source to a tailored Workshop: validate the shape, then tailor for a charity."""

from __future__ import annotations

from datetime import time
from typing import Any, Callable, Collection, Mapping

from facilitation import tailor
from facilitation.content.markdown import parse_body
from facilitation.content.shared_text import delivery_context
from facilitation.content.source import RawBlock, RawFence, RawSlide, Source, Text, parse_source
from facilitation.content.translation import join_titles
from facilitation.content.vocabulary import (ACTIVITY_KEYS, BLOCK_ATTRIBUTES, FENCES, FRONT_MATTER,
                                             FRONT_MATTER_REQUIRED, KINDS, LAYOUTS, LEADS,
                                             SLIDE_ATTRIBUTES, WORKSHOP_IDS, parse_clock,
                                             parse_duration, slugify)
from facilitation.errors import FacilitationError, Problem, Problems, closest, did_you_mean
from facilitation.profile.fields import excerpt, parse_yaml
from facilitation.model import Block, Fence, Slide, Workshop

# ---- validation of the shape (the same for every charity) --------------------------------


def _check_front_matter(source: Source, problems: Problems) -> None:
    meta, lines, path = source.meta, source.meta_lines, source.path
    for key, value in meta.items():
        line = lines.get(key, 2)
        if key not in FRONT_MATTER:
            problems.add(path, line, f"unknown front matter key '{key}'", did_you_mean(str(key), FRONT_MATTER))
            continue
        expected = FRONT_MATTER[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
            problems.add(path, line, f"'{key}' must be {names}, found {type(value).__name__} {excerpt(value)}")
    for key in FRONT_MATTER_REQUIRED:
        if meta and key not in meta and not _misspelt(key, meta, FRONT_MATTER):
            problems.add(path, 2, f"front matter is missing '{key}'")
    if isinstance(meta.get("id"), str) and meta["id"] not in WORKSHOP_IDS:
        problems.add(path, lines.get("id", 2), f"unknown workshop id '{meta['id']}'", did_you_mean(meta["id"], WORKSHOP_IDS))
    if "length" in meta:
        try:
            parse_duration(meta["length"])
        except ValueError:
            problems.add(path, lines.get("length", 2), f"'length' must be a duration like 6h30 or 390, found {excerpt(meta['length'])}")
    if "start" in meta:
        try:
            parse_clock(meta["start"])
        except ValueError:
            problems.add(path, lines.get("start", 2), f"'start' must be a clock time like \"09:30\", found {excerpt(meta['start'])}")


def _check_attributes(attrs: Mapping[str, tuple[str, int]], allowed: tuple[str, ...], path: str,
                      problems: Problems) -> None:
    for key, (value, line) in attrs.items():
        if key not in allowed:
            problems.add(path, line, f"unknown attribute '{key}'", did_you_mean(key, allowed))
        elif key == "duration":
            try:
                parse_duration(value)
            except ValueError:
                problems.add(path, line, f"bad duration '{value}'", "write minutes like 20, 20m or 1h30")
        elif key == "kind" and value not in KINDS:
            problems.add(path, line, f"unknown kind '{value}'", did_you_mean(value, KINDS))
        elif key == "lead" and value not in LEADS:
            problems.add(path, line, f"unknown lead '{value}'", did_you_mean(value, LEADS))
        elif key == "layout" and value not in LAYOUTS:
            problems.add(path, line, f"unknown layout '{value}'", did_you_mean(value, LAYOUTS))
        elif key == "remote" and value not in ("keep", "drop"):
            try:
                parse_duration(value)
            except ValueError:
                problems.add(path, line, f"remote must be keep, drop or minutes, found '{value}'")


def _misspelt(required: str, present: Mapping, allowed: Collection[str]) -> bool:
    """Whether an unknown key is a misspelling of `required`: then that one problem is reported, not two."""
    return any(key not in allowed and closest(str(key), allowed) == required for key in present)


def _check_fences(fences: list[RawFence], path: str, problems: Problems) -> None:
    for fence in fences:
        if fence.name not in FENCES:
            problems.add(path, fence.line, f"unknown fence '::: {fence.name}'", did_you_mean(fence.name, FENCES))


def _block_id(block: RawBlock) -> str:
    return block.attrs["id"][0] if "id" in block.attrs else slugify(block.title.text)


def _slide_id(slide: RawSlide) -> str:
    return slide.attrs["id"][0] if "id" in slide.attrs else slugify(slide.title.text)


def validate_source(source: Source, problems: Problems) -> None:
    """Check everything that does not depend on the charity. Problems are collected."""
    path = source.path
    _check_front_matter(source, problems)
    if not source.blocks:
        problems.add(path, max(source.meta_lines.values(), default=1), "the workshop has no '#' blocks")
    block_ids: dict[str, int] = {}
    for block in source.blocks:
        _check_attributes(block.attrs, BLOCK_ATTRIBUTES, path, problems)
        for required in ("duration", "kind"):
            if required not in block.attrs and not _misspelt(required, block.attrs, BLOCK_ATTRIBUTES):
                problems.add(path, block.line, f"block '{block.title.text}' has no {required}",
                             "e.g. {duration=20 kind=discussion}")
        _check_fences(block.fences, path, problems)
        block_id = _block_id(block)
        if block_id in block_ids and "when" not in block.attrs:
            problems.add(path, block.line, f"duplicate block id '{block_id}' (first on line {block_ids[block_id]})",
                         "give one of them {id=…}")
        block_ids.setdefault(block_id, block.line)
        slide_ids: dict[str, int] = {}
        for slide in block.slides:
            _check_attributes(slide.attrs, SLIDE_ATTRIBUTES, path, problems)
            _check_fences(slide.fences, path, problems)
            slide_id = _slide_id(slide)
            if slide_id in slide_ids and "when" not in slide.attrs:
                problems.add(path, slide.line, f"duplicate slide id '{slide_id}' (first on line {slide_ids[slide_id]})")
            slide_ids.setdefault(slide_id, slide.line)


def load_source(text: str, path: str) -> Source:
    """Parse and validate one workshop file; raise every problem found in it together."""
    problems = Problems()
    source = parse_source(text, path, problems)
    validate_source(source, problems)
    problems.raise_if_any()
    return source


# ---- tailoring for one charity -----------------------------------------------------------


class _Tailor:
    """Renders the pieces of one source with one context, collecting problems."""

    def __init__(self, source: Source, context: Mapping[str, Any], problems: Problems):
        self.path, self.context, self.problems = source.path, context, problems
        self.failed: set[int] = set()  # first lines of the texts that could not be tailored

    def text(self, text: str, line: int) -> str:
        try:
            return tailor.render(text, self.context, self.path, line)
        except FacilitationError as error:
            self.problems.collect(error)
            self.failed.add(line)
            return text

    def title(self, raw: RawBlock | RawSlide) -> str:
        """A block's or slide's title; a bilingual one tailored language by language, then joined."""
        if not raw.titles:
            return self.text(raw.title.text, raw.title.line).strip()
        return join_titles(self.text(title.text, title.line) for title in raw.titles)

    def keep(self, attrs: Mapping[str, tuple[str, int]]) -> bool:
        if "when" not in attrs:
            return True
        expression, line = attrs["when"]
        try:
            return tailor.condition(expression, self.context, self.path, line)
        except FacilitationError as error:
            self.problems.collect(error)
            return False

    def fences(self, raw: list[RawFence]) -> tuple[Fence, ...]:
        return tuple(Fence(f.name, self.text(f.text.text, f.text.line).strip(), f.line) for f in raw)

    def activity(self, raw: list[RawFence]) -> dict | None:
        """The activity card: YAML read first, then each text in it tailored, so a charity's
        name with quotes or colons cannot break the YAML."""
        found = [f for f in raw if f.name == "activity"]
        if not found:
            return None
        fence = found[0]
        if fence.text.line in self.failed:
            return None  # fences() reported the problem at its own line; tailoring the parts would repeat it
        try:
            data, _ = parse_yaml(fence.text.text, self.path, first_line=fence.line + 1)
        except FacilitationError as error:
            self.problems.extend(Problem(p.path, p.line, p.message.replace("not valid YAML", "activity is not valid YAML"))
                                 for p in error.problems)
            return None
        data = self._tailor_leaves(data, fence.line + 1)
        if not isinstance(data, dict):
            self.problems.add(self.path, fence.line, "an activity must be a mapping of the five elements",
                              "keys: " + ", ".join(ACTIVITY_KEYS))
            return None
        for key in data:
            if key not in ACTIVITY_KEYS:
                self.problems.add(self.path, fence.line, f"unknown activity key '{key}'", did_you_mean(str(key), ACTIVITY_KEYS))
        missing = [k for k in ACTIVITY_KEYS if k not in data and not _misspelt(k, data, ACTIVITY_KEYS)]
        if missing:
            self.problems.add(self.path, fence.line, "activity is missing " + ", ".join(missing))
        steps = data.get("steps")
        if not isinstance(steps, list) or not all(isinstance(s, dict) and "do" in s for s in steps):
            self.problems.add(self.path, fence.line, "activity steps must be a list of {minutes: N, do: \"…\"}")
        return data

    def _tailor_leaves(self, data, line: int):
        if isinstance(data, str):
            return self.text(data, line)
        if isinstance(data, list):
            return [self._tailor_leaves(item, line) for item in data]
        if isinstance(data, dict):
            return {key: self._tailor_leaves(value, line) for key, value in data.items()}
        return data

    def slide(self, raw: RawSlide) -> Slide:
        title = self.title(raw)
        if not title:
            self.problems.add(self.path, raw.line, "slide has no title after tailoring",
                              "every slide needs a title for screen readers and navigation")
        body = raw.body_text()
        elements = parse_body(self.text(body.text, body.line), self.path, body.line, self.problems)
        layout = raw.attrs.get("layout", ("", 0))[0]
        if not layout:
            has_diagram = any(type(e).__name__ == "Diagram" for e in elements)
            layout = "Title Only" if has_diagram else "Title and Content"
        return Slide(_slide_id(raw), title, layout, elements, self.fences(raw.fences), raw.line)

    def block(self, raw: RawBlock) -> Block:
        attrs = {k: v for k, (v, _) in raw.attrs.items()}
        remote = attrs.get("remote", "keep")
        fences = self.fences(raw.fences)
        return Block(
            id=_block_id(raw),
            title=self.title(raw),
            duration=parse_duration(attrs["duration"]),
            kind=attrs["kind"],
            lead=attrs.get("lead", "facilitator"),
            remote=remote if remote in ("keep", "drop") else parse_duration(remote),
            fences=fences,
            slides=tuple(self.slide(s) for s in raw.slides if self.keep(s.attrs)),
            line=raw.line,
            activity=self.activity(raw.fences),
        )


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by line: a text tailored twice must not report its mistake twice."""
    return sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0))


def tailor_workshop(source: Source, context: Mapping[str, Any], online: bool = False) -> Workshop:
    """The workshop as one charity sees it, in a room or (`online`) as online sessions.
    Raises every problem found together."""
    problems = Problems()
    meta = source.meta
    context = _workshop_context(source, context, online)
    work = _Tailor(source, context, problems)
    blocks = tuple(work.block(b) for b in source.blocks if work.keep(b.attrs))
    length = parse_duration(meta["length"])
    total = sum(b.duration for b in blocks)
    if total != length:
        problems.add(source.path, source.meta_lines.get("length", 2),
                     f"blocks add up to {total} minutes but the workshop's length is {length}",
                     f"for {context.get('charity', {}).get('short_name', 'this charity')}; "
                     "check durations and blocks with when= conditions")
    titles: dict[str, int] = {}
    for slide in (s for b in blocks for s in b.slides):
        if slide.title in titles:
            problems.add(source.path, slide.line, f"slide title '{slide.title}' is used twice in this deck "
                         f"(first on line {titles[slide.title]})", "every slide needs a unique title")
        titles.setdefault(slide.title, slide.line)
    problems.items = _in_reading_order(problems.items)
    problems.raise_if_any()
    hour, minute = parse_clock(meta.get("start", "09:30"))
    return Workshop(
        id=meta["id"], title=work.text(meta["title"], source.meta_lines.get("title", 2)),
        module=meta["module"], sequence=meta["sequence"], length=length, start=time(hour, minute),
        summary=work.text(meta.get("summary", ""), source.meta_lines.get("summary", 2)),
        outcomes=tuple(meta.get("outcomes", ())), content_warnings=tuple(filter(None, (work.text(str(w), source.meta_lines.get("content_warnings", 2)).strip()
                                             for w in meta.get("content_warnings", ())))),
        blocks=blocks, path=source.path, online=online,
    )


def _workshop_context(source: Source, context: Mapping[str, Any], online: bool) -> dict[str, Any]:
    meta = source.meta
    return {**delivery_context(context, online),
            "workshop": {"id": meta.get("id"), "title": meta.get("title"), "online": online}}


def title_renderer(source: Source, context: Mapping[str, Any], online: bool = False) -> Callable[[Text], str]:
    """A title of `source` tailored as tailor_workshop tailors it, for the check rules; a title
    that cannot be tailored comes back as written (the build reports its problem)."""
    work = _Tailor(source, _workshop_context(source, context, online), Problems())
    return lambda title: work.text(title.text, title.line).strip()


def load_workshop(text: str, path: str, context: Mapping[str, Any]) -> Workshop:
    """Parse, validate and tailor in one step (convenient for tests and single files)."""
    return tailor_workshop(load_source(text, path), context)
