"""The report-back deck's words (content/report-back/slides.md): parse, validate and tailor (pure).

The file looks like a workshop without `#` blocks: front matter, then one `## Title {id=… kind=…}`
per slide. Under a slide, `### Label` starts one box; the text under it is the prompt shown in
the empty box while the participants edit. `::: starter` inside a box pre-fills it with what is
the charity's already; `::: notes` goes to the slide's notes pane. A slide with a single box
may leave out the `###` line: its body is then the prompt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from facilitation import tailor
from facilitation.content.markdown import parse_body
from facilitation.content.source import (CODE_FENCE, FENCE_CLOSE, FENCE_OPEN, Text, read_front_matter,
                                         split_heading)
from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.errors import FacilitationError, Problems, did_you_mean
from facilitation.profile.fields import excerpt
from facilitation.model import (Agenda, BulletList, Diagram, Paragraph, PromptBox, ReportBack, ReportBackSlide,
                                Table, plain)

LAYOUT_PREFIX = "Report-back: "
FRONT_MATTER = ("title", "marker", "box_guide")
SLIDE_ATTRIBUTES = ("id", "kind", "layout")
FENCES = ("notes", "starter")
# kind -> (fewest boxes, most boxes, what its body must hold besides boxes)
KINDS = {
    "title": (1, 2, None),
    "text": (1, 1, None),
    "ladder": (1, 2, "ladder"),
    "columns": (2, 3, None),
    "vision": (1, 2, None),
    "table": (0, 1, "table"),
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLIDE = re.compile(r"^##\s+(.*?)\s*$")
BOX = re.compile(r"^###\s+(.*?)\s*$")


# ---- the shape of the file ---------------------------------------------------------------------


@dataclass
class RawBox:
    label: Text
    body: list[tuple[str, int]] = field(default_factory=list)
    starter: Text | None = None


@dataclass
class RawSlide:
    title: Text
    attrs: dict[str, tuple[str, int]]
    line: int
    lead: RawBox  # text before the first `###`: a ladder, a table, or the prompt of a one-box slide
    boxes: list[RawBox] = field(default_factory=list)
    notes: Text | None = None

    @property
    def current(self) -> RawBox:
        return self.boxes[-1] if self.boxes else self.lead


def _joined(lines: list[tuple[str, int]], fallback: int) -> Text:
    """Lines as one text whose first line is the file line of the first of them (blank lines kept)."""
    if not lines:
        return Text("", fallback)
    first = lines[0][1]
    rows = [""] * (lines[-1][1] - first + 1)
    for text, number in lines:
        rows[number - first] = text
    return Text("\n".join(rows), first)


def parse_report_back(text: str, path: str, problems: Problems) -> tuple[dict, dict[str, int], list[RawSlide]]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, meta_lines, start = read_front_matter(lines, path, problems)
    slides: list[RawSlide] = []
    fence: tuple[str, int, list[str]] | None = None
    in_code = False
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        if fence is not None:
            if FENCE_CLOSE.match(line):
                _close_fence(slides, fence, path, problems)
                fence = None
            else:
                fence[2].append(line)
            continue
        if CODE_FENCE.match(line):
            in_code = not in_code
        if not in_code:
            if opened := FENCE_OPEN.match(line):
                name = opened.group(1)
                if name not in FENCES:
                    problems.add(path, number, f"unknown fence '::: {name}'", did_you_mean(name, FENCES))
                elif not slides:
                    problems.add(path, number, f"fence '::: {name}' comes before the first '##' slide")
                fence = (name, number, [])
                continue
            if FENCE_CLOSE.match(line):
                problems.add(path, number, "':::' closes a fence that was never opened")
                continue
            if heading := SLIDE.match(line):
                title, attrs = split_heading(heading.group(1), path, number, problems)
                slides.append(RawSlide(Text(title, number), attrs, number, RawBox(Text(title, number))))
                continue
            if box := BOX.match(line):
                if not slides:
                    problems.add(path, number, f"box '{box.group(1)}' comes before the first '##' slide")
                else:
                    slides[-1].boxes.append(RawBox(Text(box.group(1), number)))
                continue
            if line.startswith("#"):
                problems.add(path, number, "only '##' slides and '###' boxes are headings here",
                             "a slide is '## Title {id=… kind=…}', a box on it is '### Label'")
                continue
        if slides:
            slides[-1].current.body.append((line, number))
        elif line.strip():
            problems.add(path, number, "text before the first '##' slide belongs to no slide")
    if fence is not None:
        problems.add(path, fence[1], f"fence '::: {fence[0]}' is never closed", "end it with a line ':::'")
    return meta, meta_lines, slides


def _close_fence(slides: list[RawSlide], fence: tuple[str, int, list[str]], path: str, problems: Problems) -> None:
    name, line, body = fence
    if not slides or name not in FENCES:
        return
    text = Text("\n".join(body), line + 1)
    slide = slides[-1]
    if name == "notes":
        if slide.notes is not None:
            problems.add(path, line, "a slide has one '::: notes' fence", "merge the two into one")
        slide.notes = text
    elif slide.current.starter is not None:
        problems.add(path, line, "a box has one '::: starter' fence", "merge the two into one")
    else:
        slide.current.starter = text


# ---- checks that do not depend on the charity ------------------------------------------------------


def _layout_name(slide: RawSlide) -> str:
    if "layout" in slide.attrs:
        return LAYOUT_PREFIX + slide.attrs["layout"][0]
    return LAYOUT_PREFIX + slide.title.text


def validate(meta: dict, meta_lines: dict[str, int], slides: list[RawSlide], path: str, problems: Problems) -> None:
    for key, value in meta.items():
        line = meta_lines.get(key, 2)
        if key not in FRONT_MATTER:
            problems.add(path, line, f"unknown front matter key '{key}'", did_you_mean(str(key), FRONT_MATTER))
        elif not isinstance(value, str) or not value.strip():
            problems.add(path, line, f"'{key}' must be text, found {excerpt(value)}")
    if meta and "title" not in meta:
        problems.add(path, 2, "front matter is missing 'title'", "the deck's title, e.g. \"{{ charity.short_name }}: our plan\"")
    if not slides:
        problems.add(path, max(meta_lines.values(), default=1), "the report-back has no '##' slides")
    seen_ids: dict[str, int] = {}
    seen_layouts: dict[str, int] = {}
    for slide in slides:
        _validate_slide(slide, path, problems)
        slide_id = slide.attrs.get("id", ("", 0))[0]
        if slide_id in seen_ids:
            problems.add(path, slide.line, f"slide id '{slide_id}' is used twice (first on line {seen_ids[slide_id]})")
        seen_ids.setdefault(slide_id, slide.line)
        layout = _layout_name(slide)
        if "{" in layout:
            problems.add(path, slide.line, "a slide whose title is tailored needs a layout name",
                         'add layout="…", e.g. {id=title kind=title layout="Title"}')
        elif layout in seen_layouts:
            problems.add(path, slide.line, f"layout '{layout}' is used twice (first on line {seen_layouts[layout]})",
                         'give one of them layout="…"')
        seen_layouts.setdefault(layout, slide.line)


def _validate_slide(slide: RawSlide, path: str, problems: Problems) -> None:
    for key, (value, line) in slide.attrs.items():
        if key not in SLIDE_ATTRIBUTES:
            problems.add(path, line, f"unknown attribute '{key}'", did_you_mean(key, SLIDE_ATTRIBUTES))
    for required in ("id", "kind"):
        if required not in slide.attrs:
            problems.add(path, slide.line, f"slide '{slide.title.text}' has no {required}",
                         "e.g. {id=vision kind=vision}")
    if "id" in slide.attrs and not SLUG.match(slide.attrs["id"][0]):
        problems.add(path, slide.line, f"slide id '{slide.attrs['id'][0]}' must be lower-case letters, digits and hyphens")
    kind = slide.attrs.get("kind", ("", 0))[0]
    if "kind" in slide.attrs and kind not in KINDS:
        problems.add(path, slide.line, f"unknown kind '{kind}'", did_you_mean(kind, KINDS))
        return
    if not kind:
        return
    fewest, most, needs = KINDS[kind]
    count = len(slide.boxes) or (1 if fewest and _has_text(slide.lead) else 0)
    if not fewest <= count <= most:
        wanted = f"{fewest}" if fewest == most else f"{fewest} to {most}"
        problems.add(path, slide.line, f"a '{kind}' slide has {wanted} boxes, found {count}",
                     "start each box with a '### Label' line and write its prompt under it")
    for box in slide.boxes:
        if not _has_text(box):
            problems.add(path, box.label.line, f"box '{box.label.text}' has no prompt",
                         "write the guidance the participants see in the empty box")
    lead = "\n".join(text for text, _ in slide.lead.body)
    if needs and f"```{needs}" not in lead.replace(" ", "") and not (needs == "table" and "|" in lead):
        problems.add(path, slide.line, f"a '{kind}' slide needs a {needs} before its first '###' box")
    if slide.boxes and not needs and lead.strip():
        problems.add(path, slide.lead.body[0][1] if slide.lead.body else slide.line,
                     "text before the first '###' box belongs to no box", "put it under a '### Label'")


def _has_text(box: RawBox) -> bool:
    return any(text.strip() for text, _ in _prompt_lines(box))


# ---- tailoring for one charity ---------------------------------------------------------------------


class _Tailor:
    def __init__(self, path: str, context: Mapping[str, Any], problems: Problems):
        self.path, self.context, self.problems = path, context, problems

    def text(self, text: Text) -> str:
        try:
            return tailor.render(text.text, self.context, self.path, text.line)
        except FacilitationError as error:
            self.problems.collect(error)
            return text.text

    def elements(self, text: Text) -> tuple:
        return parse_body(self.text(text), self.path, text.line, self.problems)

    def prompt(self, box: RawBox) -> tuple[str, ...]:
        """The guidance as plain paragraphs (a prompt holds no formatting; list items become lines)."""
        lines: list[str] = []
        for element in self.elements(_joined(_prompt_lines(box), box.label.line + 1)):
            if isinstance(element, Paragraph):
                lines.append(plain(element.runs).strip())
            elif isinstance(element, BulletList):
                lines.extend(plain(item.runs).strip() for item in element.items)
        return tuple(line for line in lines if line)

    def box(self, raw: RawBox, label: str) -> PromptBox:
        starter = self.elements(raw.starter) if raw.starter is not None and raw.starter.text.strip() else ()
        starter = tuple(e for e in starter if isinstance(e, (BulletList, Paragraph)) and _element_text(e))
        return PromptBox(label, self.prompt(raw), starter, raw.label.line)

    def slide(self, raw: RawSlide, box_guide: str) -> ReportBackSlide:
        title = self.text(raw.title).strip()
        if not title:
            self.problems.add(self.path, raw.line, "slide has no title after tailoring",
                              "every slide needs a title for screen readers and navigation")
        lead = self.elements(_joined(raw.lead.body, raw.line + 1))
        ladder = next((e for e in lead if isinstance(e, Diagram) and e.kind == "ladder"), None)
        table = next((e for e in lead if isinstance(e, Table)), None)
        if raw.boxes:
            boxes = tuple(self.box(b, self.text(b.label).strip()) for b in raw.boxes)
        else:
            boxes = (self.box(raw.lead, title),) if _has_text(raw.lead) else ()
        notes = self.text(raw.notes).strip() if raw.notes is not None else ""
        if box_guide and boxes:  # the prompts again, for editors that do not show a layout's prompts
            guide = [f"- {' '.join(b.prompt)}" if b.label == title else f"- **{b.label}**: {' '.join(b.prompt)}"
                     for b in boxes]
            notes = "\n\n".join(part for part in (notes, box_guide + "\n\n" + "\n".join(guide)) if part)
        return ReportBackSlide(raw.attrs["id"][0], raw.attrs["kind"][0], title, _layout_name(raw), boxes,
                               notes, ladder, table, raw.line)


def _prompt_lines(box: RawBox) -> list[tuple[str, int]]:
    """A box's own text without any ladder or table that shares the slide's lead."""
    kept, in_code = [], False
    for text, number in box.body:
        if CODE_FENCE.match(text):
            in_code = not in_code
            continue
        if not in_code and not text.lstrip().startswith("|"):
            kept.append((text, number))
    return kept


def _element_text(element) -> str:
    if isinstance(element, BulletList):
        return "".join(plain(item.runs) for item in element.items).strip()
    return plain(element.runs).strip()


def load_report_back(text: str, path: str, context: Mapping[str, Any]) -> ReportBack:
    """Parse, validate and tailor the report-back's words. Raises every problem found together."""
    problems = Problems()
    meta, meta_lines, raw_slides = parse_report_back(text, path, problems)
    validate(meta, meta_lines, raw_slides, path, problems)
    problems.raise_if_any()
    work = _Tailor(path, context, problems)
    box_guide = work.text(Text(meta.get("box_guide", ""), meta_lines.get("box_guide", 2))).strip()
    slides = tuple(work.slide(s, box_guide) for s in raw_slides)
    title = work.text(Text(meta["title"], meta_lines.get("title", 2))).strip()
    marker = work.text(Text(meta.get("marker", "We are here"), meta_lines.get("marker", 2))).strip()
    titles: dict[str, int] = {}
    for slide in slides:
        if slide.title in titles:
            problems.add(path, slide.line, f"slide title '{slide.title}' is used twice (first on line {titles[slide.title]})",
                         "every slide needs a unique title")
        titles.setdefault(slide.title, slide.line)
    problems.raise_if_any()
    return ReportBack(title, marker, slides, path)


def dated_context(context: Mapping[str, Any], agendas: Mapping[str, Agenda]) -> dict[str, Any]:
    """The charity, and the workshop dates as people write them ("Tuesday 9 March 2027")."""
    dates = dict.fromkeys(WORKSHOP_IDS, "")  # "" when a workshop has no date yet
    for workshop_id, agenda in agendas.items():
        if agenda.date:
            dates[workshop_id] = f"{agenda.date:%A} {agenda.date.day} {agenda.date:%B %Y}"
    return {**context, "dates": dates}
