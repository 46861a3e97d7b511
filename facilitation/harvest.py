"""Read a filled report-back deck back for the final debrief (`facilitation harvest FILE.pptx`).

People do things to decks: add slides, reorder and delete them, delete boxes, draw text boxes,
rename the file, save it from LibreOffice or Google Slides. So a slide's part of the story is
found, in order of trust, from
1. the names of its layout's placeholders (`report-back/<part>/<box>`): slides the charity added
   from the report-back layouts count too;
2. its own placeholders' names (kept by PowerPoint when a layout is lost);
3. the description the toolkit stored in the deck's custom properties, by layout name or by
   slide title, with boxes in reading order (LibreOffice drops layout and placeholder names).
Text in shapes added by hand counts towards the slide it is on. The result is a pure `Harvest`.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from facilitation.errors import FacilitationError, Problem
from facilitation.model import Harvest, HarvestedPart, HarvestedPlan, HarvestedSlide
from facilitation.writers.pptx.layouts import json_property

KEY = "report-back"  # as written by facilitation.writers.report_back
PROPERTY = "Report-back"
NAME = re.compile(rf"^{re.escape(KEY)}/([a-z0-9-]+)/(.+)$")
SECTIONS = ("title", "where", "vision", "plan", "quick-wins", "needs")  # the parts the summary reports
OTHER_FORMATS = {
    "word/document.xml": "a Word document", "xl/workbook.xml": "an Excel workbook",
    "content.xml": "an OpenDocument file (save it from LibreOffice as PowerPoint .pptx)",
}


# ---- opening the file ------------------------------------------------------------------------------


def _problem(path: Path, message: str, hint: str = "") -> FacilitationError:
    return FacilitationError([Problem(str(path), None, message, hint)])


def open_deck(path: Path):
    """The presentation, or a clear error saying why this file cannot be read as one."""
    if not path.exists():
        raise _problem(path, "no such file")
    if not path.is_file():
        raise _problem(path, "this is a folder, not a PowerPoint file")
    if not zipfile.is_zipfile(path):
        hint = "save it as PowerPoint (.pptx) and try again"
        if path.suffix.lower() == ".ppt":
            hint = "it is in the old .ppt format: " + hint
        raise _problem(path, "not a PowerPoint (.pptx) file: it is not a .pptx package, or it is damaged", hint)
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _problem(path, f"cannot read the file: {error}", "it may be damaged; try saving it again") from None
    if "ppt/presentation.xml" not in names:
        kind = next((what for part, what in OTHER_FORMATS.items() if part in names), "not a PowerPoint presentation")
        raise _problem(path, f"not a PowerPoint (.pptx) file: this is {kind}")
    try:
        return Presentation(str(path))
    except Exception:  # a damaged package fails in many ways inside python-pptx and lxml; all mean the same
        raise _problem(path, "cannot read this PowerPoint file: parts of it are damaged or missing",
                       "open it in PowerPoint or LibreOffice and save it again") from None


# ---- reading slides --------------------------------------------------------------------------------


def lines_of(frame) -> list[str]:
    return [p.text.strip() for p in frame.paragraphs if p.text.strip()]


def _key(name: str | None) -> tuple[str, str] | None:
    match = NAME.match(name or "")
    return (match.group(1), match.group(2)) if match else None


@dataclass
class SlideText:
    """What one slide holds, sorted into the boxes of its part of the report-back."""

    number: int
    title: str
    section: str | None = None
    boxes: dict[int, list[str]] = field(default_factory=dict)  # box n -> its lines ([] if empty)
    headings: dict[int, str] = field(default_factory=dict)
    prompts: dict[int, str] = field(default_factory=dict)  # box n -> the layout's prompt
    tables: list[list[list[str]]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # text people put in shapes of their own
    rungs: list[tuple[str, int]] = field(default_factory=list)  # (label, vertical centre)
    marker: int | None = None


def _layout_keys(slide) -> tuple[dict[int, tuple[str, str]], dict[int, str], str]:
    """The layout's placeholders by idx: their keys, their prompts; and the layout's name."""
    try:
        layout = slide.slide_layout
    except (KeyError, AttributeError):
        return {}, {}, ""
    keys, prompts = {}, {}
    for holder in layout.placeholders:
        idx = holder.placeholder_format.idx
        key = _key(holder.name)
        if key:
            keys[idx] = key
            prompts[idx] = " ".join(lines_of(holder.text_frame)) if holder.has_text_frame else ""
    return keys, prompts, layout.name


def _shapes(shapes):
    """Every shape, looking inside groups."""
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _table(shape) -> list[list[str]]:
    return [[" ".join(lines_of(cell.text_frame)) for cell in row.cells] for row in shape.table.rows]


def _centre(shape) -> int | None:
    if shape.top is None or shape.height is None:
        return None
    return int(shape.top) + int(shape.height) // 2


def read_slide(number: int, slide, described: dict) -> SlideText:
    keys, prompts, layout_name = _layout_keys(slide)
    title_shape = slide.shapes.title
    title = " ".join(lines_of(title_shape.text_frame)) if title_shape is not None and title_shape.has_text_frame else ""
    title_id = title_shape.shape_id if title_shape is not None else None
    read = SlideText(number, title)
    unkeyed: list = []  # placeholders with no key: sorted into boxes by reading order later
    for shape in _shapes(slide.shapes):
        key = None
        if shape.is_placeholder:
            key = keys.get(shape.placeholder_format.idx) or _key(shape.name)
        else:
            key = _key(shape.name)
        if key:
            read.section = read.section or key[0]
            _take(read, shape, key[1], prompts.get(shape.placeholder_format.idx, "") if shape.is_placeholder else "")
        elif shape.shape_id == title_id:
            continue
        elif shape.is_placeholder and (shape.has_text_frame or getattr(shape, "has_table", False)):
            unkeyed.append(shape)
        else:
            _loose(read, shape)
    entry = described.get(("layout", layout_name)) or described.get(("title", _fold(title)))
    if read.section is None and entry:
        read.section = entry["id"]
    entry = described.get(("id", read.section))
    if unkeyed and entry and not read.boxes and not read.headings:  # an editor dropped the placeholders' names
        _by_reading_order(read, unkeyed, entry)
    else:
        for shape in unkeyed:
            _loose(read, shape)
    return read


def _take(read: SlideText, shape, role: str, prompt: str) -> None:
    """A shape the toolkit made: a box, a heading, the plan table, a ladder rung or the marker."""
    parts = role.split("/")
    if getattr(shape, "has_table", False) and shape.has_table:
        read.tables.append(_table(shape))
    elif parts[0].isdigit() and shape.has_text_frame:
        n = int(parts[0])
        if len(parts) > 1 and parts[1] == "heading":
            read.headings[n] = " ".join(lines_of(shape.text_frame))
        else:
            read.boxes[n] = read.boxes.get(n, []) + lines_of(shape.text_frame)
            if prompt:
                read.prompts[n] = prompt
    elif parts[0] == "rung" and shape.has_text_frame:
        centre = _centre(shape)
        if centre is not None:
            read.rungs.append((shape.text_frame.text.split("·")[0].strip(), centre))
    elif parts[0] == "marker":
        read.marker = _centre(shape)


def _loose(read: SlideText, shape) -> None:
    """Text the participants added in shapes of their own (text boxes, tables, shapes)."""
    if getattr(shape, "has_table", False) and shape.has_table:
        read.tables.append(_table(shape))
    elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        read.extra.extend(lines_of(shape.text_frame))


def _by_reading_order(read: SlideText, placeholders: list, entry: dict) -> None:
    """Boxes matched to the described boxes top to bottom, left to right (headings come first)."""
    boxes = [box["n"] for box in entry["boxes"]]
    roles = ([("heading", n) for n in boxes] if entry.get("kind") == "columns" else []) + [("box", n) for n in boxes]
    text_holders = []
    for shape in sorted(placeholders, key=lambda s: (int(s.top or 0), int(s.left or 0))):
        if getattr(shape, "has_table", False) and shape.has_table:
            read.tables.append(_table(shape))
        else:
            text_holders.append(shape)
    for shape, (role, n) in zip(text_holders, roles):
        if role == "heading":
            read.headings[n] = " ".join(lines_of(shape.text_frame))
        else:
            read.boxes[n] = read.boxes.get(n, []) + lines_of(shape.text_frame)
    for shape in text_holders[len(roles):]:
        read.extra.extend(lines_of(shape.text_frame))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


# ---- the summary -----------------------------------------------------------------------------------


def _description(prs) -> dict | None:
    value = json_property(prs, PROPERTY)
    if isinstance(value, dict) and isinstance(value.get("slides"), list):
        slides = [s for s in value["slides"] if isinstance(s, dict) and {"id", "title", "boxes"} <= s.keys()]
        return {**value, "slides": slides}
    return None


def harvest(path: Path) -> Harvest:
    """Read a filled report-back. Raises FacilitationError when the file is not one."""
    prs = open_deck(path)
    description = _description(prs)
    described: dict = {}
    for entry in (description or {}).get("slides", []):
        described[("layout", entry.get("layout", ""))] = entry
        described[("title", _fold(entry["title"]))] = entry
        described[("id", entry["id"])] = entry
    slides = [read_slide(n, slide, described) for n, slide in enumerate(prs.slides, start=1)]
    if description is None and not any(s.section for s in slides):
        raise _problem(path, "this is not a report-back deck: none of its slides comes from the report-back layouts",
                       "harvest reads the report-back deck the toolkit made for a charity, in build/<charity>/report-back/")
    return summarise(path.name, prs, slides, description or {})


def summarise(source: str, prs, slides: list[SlideText], description: dict) -> Harvest:
    by_section: dict[str, list[SlideText]] = defaultdict(list)
    for slide in slides:
        if slide.section:
            by_section[slide.section].append(slide)
    entries = {e["id"]: e for e in description.get("slides", [])}
    titles = {section: _title_of(found, entries.get(section, {})) for section, found in by_section.items()}
    opening = by_section.get("title")
    title = (opening[0].title if opening and opening[0].title else "") or prs.core_properties.title or Path(source).stem
    charity = description.get("charity") or prs.core_properties.author or ""
    needs = by_section.get("needs")
    plan = _plan(by_section.get("plan"), titles, entries.get("plan", {}))
    return Harvest(
        source=source, charity=str(charity), title=title,
        where=_where(by_section.get("where"), titles),
        vision=_part(by_section.get("vision"), titles, "vision"),
        plan=plan,
        quick_wins=_part(by_section.get("quick-wins"), titles, "quick-wins"),
        needs=HarvestedPart(titles["needs"], tuple(_extras(needs))) if needs else None,
        needs_parts=_needs(needs, entries.get("needs", {})),
        unfilled=tuple(_unfilled(by_section, entries, titles)),
        added=tuple(HarvestedPart(s.title or f"Slide {s.number} (no title)", tuple(_extras([s])))
                    for s in slides if not s.section),
        modified=_modified(prs),
        slides=tuple(_answers(slide, entries.get(slide.section, {})) for slide in slides if slide.section),
        plan_gaps=tuple(plan_gaps(plan)) if plan else (),
    )


def _answers(slide: SlideText, entry: dict) -> HarvestedSlide:
    """Every box of one slide under its label, so a debrief sees all the charity wrote."""
    labels = {box["n"]: box["label"] for box in entry.get("boxes", [])}
    answers = tuple(HarvestedPart(slide.headings.get(n) or labels.get(n) or slide.prompts.get(n) or f"Box {n}",
                                  tuple(slide.boxes.get(n, ())))
                    for n in sorted(set(slide.boxes) | {n for n in slide.headings}))
    rung = _where([slide], {"where": ""})
    tables = [table for table in slide.tables if table]
    table = ()
    if tables and entry.get("kind", "table" if slide.section == "plan" else "") == "table":
        first = tables.pop(0)
        table = (tuple(first[0]),) + tuple(tuple(row) for row in first[1:] if any(row))
    extra = list(slide.extra) + [" | ".join(c for c in row if c) for t in tables for row in t if any(row)]
    return HarvestedSlide(slide.section or "", slide.title or entry.get("title", ""), answers,
                          rung.lines[0] if rung else "", table, tuple(extra))


def _column(header: tuple[str, ...], names: tuple[str, ...], fallback: int) -> int:
    folded = [_fold(h) for h in header]
    return next((folded.index(n) for n in names if n in folded), fallback)


def plan_gaps(plan: HarvestedPlan) -> list[str]:
    """Plan rows with an action but no one to lead it, or no date: a plan nobody owns does not happen."""
    who = _column(plan.header, ("who", "owner", "lead"), 1)
    when = _column(plan.header, ("by when", "when", "date"), 2)
    gaps = []
    for row in plan.rows:
        cell = lambda i: row[i].strip() if i < len(row) else ""  # noqa: E731
        action = cell(0) or "An action with no name"
        missing = [what for what, i in (("no owner", who), ("no date", when)) if not cell(i)]
        if missing:
            gaps.append(f"{action}: {' and '.join(missing)}")
    return gaps


def _modified(prs) -> datetime | None:
    try:
        when = prs.core_properties.modified
    except (ValueError, TypeError):  # a date the editor wrote in a form python-pptx cannot read
        return None
    return when.replace(tzinfo=None) if when else None


def _title_of(found: list[SlideText], entry: dict) -> str:
    """The part's title as the participants left it: the original slide's, if it is still there."""
    described = _fold(entry.get("title", ""))
    titles = [slide.title for slide in found if slide.title]
    return next((t for t in titles if _fold(t) == described), titles[0] if titles else entry.get("title", ""))


def _extras(found: list[SlideText] | None) -> list[str]:
    lines = []
    for slide in found or []:
        lines += slide.extra
        for table in slide.tables:
            lines += [" | ".join(cell for cell in row if cell) for row in table if any(row)]
    return lines


def _part(found: list[SlideText] | None, titles: dict, section: str) -> HarvestedPart | None:
    if not found:
        return None
    lines = [line for slide in found for n in sorted(slide.boxes) for line in slide.boxes[n]]
    return HarvestedPart(titles[section], tuple(lines + _extras(found)))


def _where(found: list[SlideText] | None, titles: dict) -> HarvestedPart | None:
    for slide in found or []:
        if slide.marker is not None and slide.rungs:
            rung = min(slide.rungs, key=lambda r: abs(r[1] - slide.marker))[0]
            return HarvestedPart(titles["where"], (rung,))
    return None


def _plan(found: list[SlideText] | None, titles: dict, entry: dict) -> HarvestedPlan | None:
    if not found:
        return None
    tables = [table for slide in found for table in slide.tables if table]
    header = tuple(tables[0][0]) if tables else tuple(entry.get("table", ()))
    rows = tuple(tuple(row) for table in tables for row in table[1:] if any(cell for cell in row))
    labels = {box["n"]: box["label"] for box in entry.get("boxes", [])}
    notes = []
    for slide in found:
        for n in sorted(slide.boxes):
            if slide.boxes[n]:
                label = labels.get(n, "")
                notes.append(f"{label}: {' '.join(slide.boxes[n])}" if label else " ".join(slide.boxes[n]))
        notes += slide.extra
    return HarvestedPlan(titles["plan"], header, rows, tuple(notes))


def _needs(found: list[SlideText] | None, entry: dict) -> tuple[HarvestedPart, ...]:
    if not found:
        return ()
    labels = {box["n"]: box["label"] for box in entry.get("boxes", [])}
    numbers = sorted({n for slide in found for n in slide.boxes} | set(labels))
    parts = []
    for n in numbers:
        label = next((s.headings[n] for s in found if s.headings.get(n)), labels.get(n, f"Box {n}"))
        parts.append(HarvestedPart(label, tuple(line for s in found for line in s.boxes.get(n, []))))
    return tuple(parts)


def _unfilled(by_section: dict[str, list[SlideText]], entries: dict, titles: dict) -> list[str]:
    """Prompts nobody answered, boxes and slides deleted, starting suggestions left as they were."""
    unfilled = []
    sections = list(entries) + [s for s in by_section if s not in entries]
    for section in sections:
        entry = entries.get(section, {})
        found = by_section.get(section)
        title = titles.get(section) or entry.get("title", section)
        if not found:
            unfilled.append(f"{title} (the slide was deleted)")
            continue
        boxes = {box["n"]: box for box in entry.get("boxes", [])}
        numbers = sorted(set(boxes) | {n for slide in found for n in slide.boxes})
        for n in numbers:
            box = boxes.get(n, {})
            label = box.get("label") or next((s.prompts[n] for s in found if s.prompts.get(n)), f"box {n}")
            present = [s.boxes[n] for s in found if n in s.boxes]
            where = title if _fold(label) == _fold(title) else f"{title}: {label}"
            if not present:
                unfilled.append(f"{where} (the box was deleted)")
            elif not any(present):
                unfilled.append(where)
            elif (section == "quick-wins" and box.get("starter") and not _extras(found)
                  and all(lines == box["starter"] for lines in present)):
                unfilled.append(f"{title}: still the suggestions from the diagnostic call, unchanged")
        if "table" in entry or (section == "plan" and not entry):
            rows = [row for s in found for table in s.tables for row in table[1:] if any(row)]
            if not rows:
                unfilled.append(f"{title}: the table has no actions yet")
    return unfilled


def with_evaluation(summary: Harvest, before: Path | None, after: Path | None) -> Harvest:
    """The summary with what moved between the two evaluation forms, when both are given."""
    from facilitation.evaluation import compare, read_form

    if before is None and after is None:
        return summary
    if before is None or after is None:
        given = "--before" if before is not None else "--after"
        raise FacilitationError([Problem(given, None, "give both evaluation forms to see what moved",
                                         "--before FORM.docx (start of Concepts) --after FORM.docx (final debrief)")])
    return replace(summary, moved=compare(read_form(before), read_form(after)))
