"""The report-back deck, drawn: the deck the participants make their own after the Planning workshop.

Each kind of slide gets its own layout ("Report-back: Our vision" …) whose placeholders hold the
guidance as prompt text, so an empty box shows what to write while editing and nothing in a
show, and a slide the charity adds from the same layout gets the same prompts. Slides are
pre-filled only with what is the charity's already: its name, dates and diagnostic quick wins.

The deck describes itself for `facilitation harvest`: layout placeholders are named
`report-back/<slide id>/<box>`, and a custom document property records the slides, their boxes
and titles, for editors (LibreOffice) that drop layout names when they save.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.shapes.placeholder import TablePlaceholder
from pptx.util import Emu, Inches, Pt

from facilitation.content.vocabulary import slugify
from facilitation.model import BulletList, Pack, Paragraph, PromptBox, ReportBack, ReportBackSlide, plain
from facilitation.writers.pptx.diagrams import filled_box
from facilitation.writers.pptx.layouts import (Placeholder, add_layout, add_layout_picture, describe, rename,
                                               set_cell_text_size, set_json_property, set_row_heights)
from facilitation.writers.pptx.slides import DeckBuilder
from facilitation.writers.pptx.text import TextFiller, fill_notes

PROPERTY = "Report-back"  # the custom property that marks and describes a report-back deck
KEY = "report-back"  # prefix of the names of the deck's own placeholders and shapes
FORMAT_VERSION = 1

LEFT, WIDTH = Inches(0.6), Inches(12.13)  # the content area of a 13.33 in wide slide
TITLE = (LEFT, Inches(0.35), WIDTH, Inches(1.0))
TOP, BOTTOM = Inches(1.6), Inches(6.65)  # boxes sit between the title and the logo's corner
ROW = Inches(0.6)


# ---- where the boxes go, for each kind of slide --------------------------------------------------


def _key(slide: ReportBackSlide, *parts: object) -> str:
    return "/".join([KEY, slide.id, *map(str, parts)])


def _title(slide: ReportBackSlide) -> Placeholder:
    return Placeholder("title", 0, _key(slide, "title"), *TITLE, size=32, prompt=("Slide title",), bold=True,
                       bullets=False, anchor="b", colour="tx2")


def _box(slide: ReportBackSlide, n: int, x, y, w, h, size: int, **style) -> Placeholder:
    box = slide.boxes[n - 1]
    return Placeholder("body", n, _key(slide, n), int(x), int(y), int(w), int(h), size, box.prompt, **style)


def title_layout(slide: ReportBackSlide) -> list[Placeholder]:
    specs = [Placeholder("ctrTitle", 0, _key(slide, "title"), Inches(0.8), Inches(1.3), Inches(10.0), Inches(2.1),
                         40, ("Title of your presentation",), bold=True, bullets=False, anchor="b", colour="bg1")]
    first = slide.boxes[0]
    specs.append(Placeholder("subTitle", 1, _key(slide, 1), Inches(0.8), Inches(3.6), Inches(11.7), Inches(1.5), 24,
                             first.prompt, bullets=False, colour="bg1"))
    if len(slide.boxes) > 1:
        specs.append(_box(slide, 2, Inches(0.8), Inches(5.3), Inches(11.7), Inches(1.3), 20, bullets=False, colour="bg1"))
    return specs


def text_layout(slide: ReportBackSlide) -> list[Placeholder]:
    return [_title(slide), _box(slide, 1, LEFT, TOP, WIDTH, BOTTOM - TOP, 26)]


LADDER = (LEFT, Inches(1.55), Inches(5.0), Inches(4.85))  # the rungs
MARKER_X, MARKER_W, MARKER_H = Inches(5.75), Inches(2.1), Inches(0.62)


def ladder_layout(slide: ReportBackSlide) -> list[Placeholder]:
    x = MARKER_X + MARKER_W + Inches(0.2)
    specs = [_title(slide), _box(slide, 1, x, TOP, LEFT + WIDTH - x, Inches(4.8), 22)]
    if len(slide.boxes) > 1:  # the credit under the ladder
        specs.append(_box(slide, 2, LEFT, Inches(6.5), Inches(9.6), Inches(0.75), 18, bullets=False))
    return specs


def columns_layout(slide: ReportBackSlide) -> list[Placeholder]:
    count = len(slide.boxes)
    gap = Inches(0.35)
    width = (WIDTH - gap * (count - 1)) // count
    size = 22 if count == 2 else 20
    specs = [_title(slide)]
    for n, box in enumerate(slide.boxes, start=1):
        x = LEFT + (width + gap) * (n - 1)
        # headings get room for two lines: "From young carers and their families" wraps at 24 pt
        specs.append(Placeholder("body", 10 + n, _key(slide, n, "heading"), int(x), int(Inches(1.45)), int(width),
                                 int(Inches(1.05)), 24, (box.label,), bold=True, bullets=False, anchor="b", colour="tx2"))
        specs.append(_box(slide, n, x, Inches(2.6), width, BOTTOM - Inches(2.6), size))
    return specs


def vision_layout(slide: ReportBackSlide) -> list[Placeholder]:
    specs = [_title(slide), _box(slide, 1, LEFT, TOP, WIDTH, Inches(2.1), 28, bullets=False, colour="tx2")]
    if len(slide.boxes) > 1:
        specs.append(_box(slide, 2, LEFT, Inches(3.9), WIDTH, BOTTOM - Inches(3.9), 22))
    return specs


def table_layout(slide: ReportBackSlide) -> list[Placeholder]:
    rows = 1 + len(slide.table.rows)
    table_bottom = Inches(1.55) + ROW * rows
    specs = [_title(slide), Placeholder("table", 20, _key(slide, "table"), LEFT, Inches(1.55), WIDTH, ROW * rows, 18,
                                        ("Table",), bullets=False)]
    if slide.boxes:
        top = table_bottom + Inches(0.25)
        specs.append(_box(slide, 1, LEFT, top, WIDTH, max(BOTTOM - top, Inches(0.8)), 20, bullets=False))
    return specs


LAYOUTS = {"title": title_layout, "text": text_layout, "ladder": ladder_layout, "columns": columns_layout,
           "vision": vision_layout, "table": table_layout}


# ---- the deck ---------------------------------------------------------------------------------------


class ReportBackDeck:
    """The report-back drawn into `builder`, a DeckBuilder with the charity's look."""

    def __init__(self, pack: Pack, content: ReportBack, builder: DeckBuilder):
        self.pack, self.content = pack, content
        self.builder = builder
        self.prs = self.builder.prs
        self.primary, self.secondary = self.builder.primary, pack.profile.branding.secondary
        self.logo = pack.profile.branding.logo
        self.logo_alt = f"{pack.profile.name} logo"

    def build(self) -> bytes:
        for slide in self.content.slides:
            layout = add_layout(self.prs, slide.layout, LAYOUTS[slide.kind](slide), dark=slide.kind == "title")
            if self.logo and slide.kind != "title":
                add_layout_picture(layout, str(self.pack.content_root / self.logo), right=Inches(12.83),
                                   bottom=Inches(7.35), height=Inches(0.5), name=f"{KEY}/logo", alt=self.logo_alt)
            self.add_slide(slide, layout)
        set_json_property(self.prs, PROPERTY, self.description())
        profile = self.pack.profile
        return self.builder.save(title=self.content.title, author=profile.name,
                                 subject=f"{profile.name}: report-back", when=self.pack.timestamp)

    def add_slide(self, model: ReportBackSlide, layout) -> None:
        slide = self.prs.slides.add_slide(layout)
        by_name = {}
        shapes = {shape.placeholder_format.idx: shape for shape in slide.placeholders}
        for spec in LAYOUTS[model.kind](model):
            rename(shapes[spec.idx], spec.name)
            by_name[spec.name] = shapes[spec.idx]
        self.builder.set_title(slide, model.title)
        for n, box in enumerate(model.boxes, start=1):
            heading = by_name.get(_key(model, n, "heading"))
            if heading is not None:
                TextFiller(heading.text_frame).plain(box.label)
            if box.starter:  # their own words (a long name in a wide font) must fit their box too
                self.fill(by_name[_key(model, n)], box)
                self.builder.shrink_to_fit(slide, [by_name[_key(model, n)]])
        if model.table is not None:
            self.plan_table(by_name[_key(model, "table")], model)
        if model.ladder is not None:
            self.ladder(slide, model)
        if model.kind == "title" and self.logo:
            self.title_logo(slide)
        if model.notes:
            fill_notes(slide.notes_slide.notes_text_frame, model.notes)

    def fill(self, shape, box: PromptBox) -> None:
        filler = TextFiller(shape.text_frame)
        for element in box.starter:
            if isinstance(element, BulletList):
                filler.list(element)
            elif isinstance(element, Paragraph):
                filler.text(element)

    def plan_table(self, holder, model: ReportBackSlide) -> None:
        header = model.table.header
        frame = TablePlaceholder(holder._element, holder._parent).insert_table(1 + len(model.table.rows), len(header))
        rename(frame, _key(model, "table"))
        describe(frame, f"{model.title}: a table to fill in, one row for each action")
        table = frame.table
        table.first_row = True
        set_row_heights(table, ROW)
        shares = (0.34, 0.18, 0.16, 0.32) if len(header) == 4 else (1 / len(header),) * len(header)
        for column, share in zip(table.columns, shares):
            column.width = Emu(int(WIDTH * share))
        for c, runs in enumerate(header):
            paragraph = table.cell(0, c).text_frame.paragraphs[0]
            run = paragraph.add_run()
            run.text, run.font.bold = plain(runs), True
        for r, row in enumerate(model.table.rows, start=1):
            for c in range(len(header)):
                text = plain(row[c]).strip() if c < len(row) else ""
                if text:
                    table.cell(r, c).text_frame.paragraphs[0].add_run().text = text
        for cell in (table.cell(r, c) for r in range(len(table.rows)) for c in range(len(header))):
            cell.text_frame.word_wrap = True
            set_cell_text_size(cell, 18)

    def ladder(self, slide, model: ReportBackSlide) -> None:
        """The ladder as native shapes, and a marker the participants drag to where they are."""
        x, y, w, h = LADDER
        rungs = model.ladder.items
        gap = Inches(0.08)
        rung_h = (h - gap * (len(rungs) - 1)) // len(rungs)
        groups = list(dict.fromkeys(item.detail for item in rungs))
        stage = str(self.pack.profile.data.get("diagnostic", {}).get("journey_stage", ""))
        here = next((n for n, item in enumerate(rungs) if slugify(item.label) == stage), len(rungs) - 1)
        for n, item in enumerate(rungs):
            fill = tint(self.primary, 0.45 * groups.index(item.detail) / max(len(groups) - 1, 1))
            text = f"{item.label} · {item.detail}" if item.detail else item.label
            rung = self.shape(slide, MSO_SHAPE.ROUNDED_RECTANGLE, x, y + (rung_h + gap) * n, w, rung_h, text, fill, 18)
            rename(rung, _key(model, "rung", slugify(item.label)))
            describe(rung, f"Ladder rung: {text}")
        top = y + (rung_h + gap) * here + (rung_h - MARKER_H) // 2
        marker = self.shape(slide, MSO_SHAPE.LEFT_ARROW, MARKER_X, top, MARKER_W, MARKER_H, self.content.marker,
                            self.secondary, 18)
        marker.line.color.rgb = RGBColor.from_string(self.primary.lstrip("#"))
        marker.line.width = Pt(2)
        rename(marker, _key(model, "marker"))
        describe(marker, f"{self.content.marker}: a marker beside the rung that describes us today")

    def shape(self, slide, kind, x, y, w, h, text: str, fill: str, size: int):
        return filled_box(slide.shapes, kind, x, y, w, h, text, fill, size)

    def title_logo(self, slide) -> None:
        picture = slide.shapes.add_picture(str(self.pack.content_root / self.logo), 0, Inches(0.3), height=Inches(1.0))
        picture.left = self.prs.slide_width - picture.width - Inches(0.4)
        rename(picture, f"{KEY}/logo")
        describe(picture, self.logo_alt)

    def description(self) -> dict:
        """What `facilitation harvest` needs when an editor has dropped the layouts' names."""
        slides = []
        for slide in self.content.slides:
            boxes = [{"n": n, "label": box.label, "prompt": " ".join(box.prompt), "starter": starter_text(box)}
                     for n, box in enumerate(slide.boxes, start=1)]
            entry = {"id": slide.id, "kind": slide.kind, "title": slide.title, "layout": slide.layout, "boxes": boxes}
            if slide.table is not None:
                entry["table"] = [plain(cell) for cell in slide.table.header]
            slides.append(entry)
        return {"version": FORMAT_VERSION, "charity": self.pack.profile.name, "marker": self.content.marker,
                "slides": slides}


def starter_text(box: PromptBox) -> list[str]:
    lines = []
    for element in box.starter:
        if isinstance(element, BulletList):
            lines.extend(plain(item.runs).strip() for item in element.items)
        elif isinstance(element, Paragraph):
            lines.append(plain(element.runs).strip())
    return lines


def tint(colour: str, amount: float) -> str:
    """The colour mixed with white: 0 is the colour itself, 1 is white."""
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)
