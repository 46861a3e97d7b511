"""Native diagrams (ladder, cycle, timeline, steps) drawn as editable PowerPoint shapes."""

from __future__ import annotations

import math

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from facilitation.colour import text_on
from facilitation.model import Diagram

MIN_PT = 18


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


class Palette:
    """Fills for diagram shapes, each with a text colour that reaches WCAG AA on it."""

    def __init__(self, primary: str, secondary: str):
        self.fills = [primary, secondary]

    def colour(self, n: int) -> str:
        return self.fills[n % len(self.fills)]


def filled_box(shapes, kind, x, y, w, h, text: str, fill: str, size: int = 20, bold: bool = True):
    """A filled shape with centred text in black or white, whichever reads better on the fill."""
    shape = shapes.add_shape(kind, Emu(int(x)), Emu(int(y)), Emu(int(w)), Emu(int(h)))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Emu(45720))
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(max(size, MIN_PT))
    run.font.bold = bold
    run.font.color.rgb = rgb(text_on(fill))
    return shape


def _box(shapes, kind, x, y, w, h, text: str, palette: Palette, n: int, size: int = 20, bold: bool = True):
    return filled_box(shapes, kind, x, y, w, h, text, palette.colour(n), size, bold)


def _label(shapes, x, y, w, h, text: str, size: int = MIN_PT, bold: bool = False, align=PP_ALIGN.CENTER):
    box = shapes.add_textbox(Emu(int(x)), Emu(int(y)), Emu(int(w)), Emu(int(h)))
    frame = box.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(max(size, MIN_PT))
    run.font.bold = bold
    return box


def ladder(shapes, diagram: Diagram, box, palette: Palette) -> None:
    x, y, w, h = box
    n = len(diagram.items)
    has_groups = any(item.detail for item in diagram.items)
    rung_w = w * (0.62 if has_groups else 1.0)
    gap = h * 0.02
    rung_h = (h - gap * (n - 1)) / n
    groups: list[tuple[str, int, int]] = []  # (name, first, last)
    for i, item in enumerate(diagram.items):
        top = y + i * (rung_h + gap)
        _box(shapes, MSO_SHAPE.ROUNDED_RECTANGLE, x, top, rung_w, rung_h, item.label, palette,
             0 if i < n / 2 else 1, size=20)
        if groups and groups[-1][0] == item.detail:
            groups[-1] = (item.detail, groups[-1][1], i)
        else:
            groups.append((item.detail, i, i))
    for name, first, last in groups:
        if not name:
            continue
        top = y + first * (rung_h + gap)
        bottom = y + last * (rung_h + gap) + rung_h
        bracket = shapes.add_shape(MSO_SHAPE.RIGHT_BRACE, Emu(int(x + rung_w + w * 0.02)), Emu(int(top)),
                                   Emu(int(w * 0.04)), Emu(int(bottom - top)))
        bracket.line.color.rgb = rgb(palette.fills[0])
        _label(shapes, x + rung_w + w * 0.08, top, w * 0.30, bottom - top, name, size=20, bold=True,
               align=PP_ALIGN.LEFT).text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE


def cycle(shapes, diagram: Diagram, box, palette: Palette) -> None:
    x, y, w, h = box
    n = len(diagram.items)
    cx, cy = x + w / 2, y + h / 2
    item_w, item_h = min(w / 3.2, 3.0 * 914400), min(h / 4.2, 1.1 * 914400)
    rx, ry = w / 2 - item_w / 2, h / 2 - item_h / 2
    for i, item in enumerate(diagram.items):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        _box(shapes, MSO_SHAPE.ROUNDED_RECTANGLE, cx + rx * math.cos(angle) - item_w / 2,
             cy + ry * math.sin(angle) - item_h / 2, item_w, item_h, item.label, palette, i)
        middle = angle + math.pi / n
        arrow_w, arrow_h = 0.5 * 914400, 0.35 * 914400
        arrow = shapes.add_shape(MSO_SHAPE.RIGHT_ARROW, Emu(int(cx + rx * 0.62 * math.cos(middle) - arrow_w / 2)),
                                 Emu(int(cy + ry * 0.62 * math.sin(middle) - arrow_h / 2)), Emu(int(arrow_w)), Emu(int(arrow_h)))
        arrow.rotation = math.degrees(middle + math.pi / 2)
        arrow.fill.solid()
        arrow.fill.fore_color.rgb = rgb(palette.fills[0])
        arrow.line.fill.background()


def timeline(shapes, diagram: Diagram, box, palette: Palette) -> None:
    x, y, w, h = box
    n = len(diagram.items)
    line_y = y + h * 0.3
    bar = shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(int(x)), Emu(int(line_y)), Emu(int(w)), Emu(int(0.08 * 914400)))
    bar.fill.solid()
    bar.fill.fore_color.rgb = rgb(palette.fills[0])
    bar.line.fill.background()
    slot = w / n
    for i, item in enumerate(diagram.items):
        centre = x + slot * (i + 0.5)
        dot = 0.3 * 914400
        marker = shapes.add_shape(MSO_SHAPE.OVAL, Emu(int(centre - dot / 2)), Emu(int(line_y - dot / 2 + 0.04 * 914400)),
                                  Emu(int(dot)), Emu(int(dot)))
        marker.fill.solid()
        marker.fill.fore_color.rgb = rgb(palette.fills[1])
        marker.line.fill.background()
        _label(shapes, centre - slot / 2, y, slot, line_y - y - dot / 2, item.label, size=20, bold=True).text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        if item.detail:
            _label(shapes, centre - slot / 2 + 0.05 * 914400, line_y + dot, slot - 0.1 * 914400, h * 0.6, item.detail)


def steps(shapes, diagram: Diagram, box, palette: Palette) -> None:
    x, y, w, h = box
    n = len(diagram.items)
    slot = w / n
    chevron_h = min(h * 0.35, 1.4 * 914400)
    for i, item in enumerate(diagram.items):
        kind = MSO_SHAPE.PENTAGON if i == 0 else MSO_SHAPE.CHEVRON
        _box(shapes, kind, x + i * slot, y, slot * 1.02, chevron_h, item.label, palette, i % 2)
        if item.detail:
            _label(shapes, x + i * slot, y + chevron_h + 0.15 * 914400, slot, h - chevron_h, item.detail)


DRAW = {"ladder": ladder, "cycle": cycle, "timeline": timeline, "steps": steps}


def draw(shapes, diagram: Diagram, box, palette: Palette) -> None:
    DRAW[diagram.kind](shapes, diagram, box, palette)
