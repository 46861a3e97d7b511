"""Rules on built decks (PPTX), read back with python-pptx the way an editor would show them.

Sizes, fonts and colours are the effective ones (facilitation.writers.pptx.style resolves what a
run inherits from its placeholder, layout, master and theme); text is measured with the font's
metrics (facilitation.writers.pptx.fit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from lxml import etree
from pptx import Presentation

from facilitation.check.findings import Finding
from facilitation.check.rules import RULES, SLIDE_MIN_PT, check, checks
from facilitation.colour import AA_LARGE, AA_NORMAL, contrast
from facilitation.writers.pptx import fit
from facilitation.writers.pptx.style import A, MEDIUM_STYLE_2_ACCENT_1, P, DeckStyle, ShapeText, placeholder, tint

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
TEMPLATE_MARK = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
SHAPE_TAGS = ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")
IMAGE_NAME = re.compile(r"\.(png|jpe?g|gif|svg|bmp|webp|tiff?|emf|wmf)$", re.IGNORECASE)


def _local(element) -> str:
    return etree.QName(element).localname


def _name(shape) -> str:
    node = shape.find(f"./*/{P}cNvPr")
    return node.get("name", "") if node is not None else ""


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit - 1]}…'"


def large_on_slide(size: float, bold: bool) -> bool:
    """Large text on a slide (3:1 is enough): 24 pt, or 18 pt bold."""
    return size >= 24 or (bold and size >= 18)


@dataclass
class SlideView:
    number: int
    slide: object  # pptx Slide
    shapes: list  # top-level shape elements in reading (tree) order


class Deck:
    """A built PPTX and what the rules need from it, computed once."""

    def __init__(self, path: Path, shown: str, kind: str = "deck"):
        self.path, self.shown, self.kind = path, shown, kind
        self.prs = Presentation(str(path))
        self.style = DeckStyle(self.prs)
        self._texts: dict[object, ShapeText] = {}

    @cached_property
    def slides(self) -> list[SlideView]:
        views = []
        for number, slide in enumerate(self.prs.slides, start=1):
            tree = slide.shapes._spTree
            views.append(SlideView(number, slide, [e for e in tree.iterchildren() if _local(e) in SHAPE_TAGS]))
        return views

    def finding(self, view: SlideView | None, rule: str, message: str, severity: str = "", part: str = "") -> Finding:
        return Finding(self.shown, rule, message, severity or RULES[rule].severity, slide=view.number if view else None,
                       part=part)

    def text_shapes(self, view: SlideView) -> Iterator[tuple[object, ShapeText]]:
        """Shapes with text on a slide (groups opened), each with its effective text."""
        for shape in self.flatten(view.shapes):
            if _local(shape) != "sp" or shape.find(f"./{P}txBody") is None:
                continue
            if shape not in self._texts:  # keyed by the element itself, which keeps it alive
                self._texts[shape] = self.style.shape_text(view.slide, shape, view.shapes)
            yield shape, self._texts[shape]

    def flatten(self, shapes) -> Iterator:
        for shape in shapes:
            if _local(shape) == "grpSp":
                yield from self.flatten([e for e in shape.iterchildren() if _local(e) in SHAPE_TAGS])
            else:
                yield shape

    def tables(self, view: SlideView) -> Iterator[tuple[object, object]]:
        for shape in self.flatten(view.shapes):
            if _local(shape) == "graphicFrame":
                table = shape.find(f".//{A}tbl")
                if table is not None:
                    yield shape, table

    def table_cells(self, view: SlideView, frame, table) -> Iterator[tuple[int, int, tuple[fit.Para, ...], str | None]]:
        """(row, column, paragraphs, fill behind the text) of every cell, with the table style's colours."""
        theme = self.style.theme(self.style.master_of(view.slide))
        properties = table.find(f"{A}tblPr")
        flags = properties.attrib if properties is not None else {}
        style_id = properties.findtext(f"{A}tableStyleId") if properties is not None else None
        known_style = style_id in (None, MEDIUM_STYLE_2_ACCENT_1)
        accent, dark, light = (theme.scheme.get(k) for k in ("accent1", "dk1", "lt1"))
        for r, row in enumerate(table.findall(f"{A}tr")):
            header = r == 0 and flags.get("firstRow") in ("1", "true")
            for c, cell in enumerate(row.findall(f"{A}tc")):
                fill = cell.find(f"{A}tcPr/{A}solidFill")
                if fill is not None:
                    background = theme.colour(fill, self.style.colour_map(view.slide))
                elif known_style and accent:
                    banded = flags.get("bandRow") in ("1", "true") and (r - (1 if header else 0)) % 2 == 0
                    background = accent if header else tint(accent, 0.4 if banded else 0.2)
                else:
                    background = None
                ink = light if header else dark
                paras = self.style.paragraphs(view.slide, frame, body=cell.find(f"{A}txBody"),
                                              default_colour=ink if known_style else None, default_bold=header)
                yield r, c, paras, background


def check_deck(path: Path, shown: str, kind: str = "deck") -> list[Finding]:
    try:
        deck = Deck(path, shown, kind)
    except Exception as error:  # a file no editor can open is itself the finding
        return [Finding(shown, "content", f"cannot be opened as a presentation: {error}")]
    findings: list[Finding] = []
    for _, function in checks("deck"):
        findings += function(deck)
    return findings


# ---- rules -------------------------------------------------------------------------------------------


def slide_title(view: SlideView):
    for shape in view.shapes:
        ph = placeholder(shape)
        if ph is not None and ph.get("type") in ("title", "ctrTitle"):
            return shape
    return None


def shape_text(shape) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{A}t")) for p in shape.iter(f"{A}p"))


@check("slide-title", on="deck")
def titles(deck: Deck) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for view in deck.slides:
        title = slide_title(view)
        text = " ".join(shape_text(title).split()) if title is not None else ""
        if not text:
            yield deck.finding(view, "slide-title", "the slide has no title (screen readers and the outline need one)")
            continue
        key = text.casefold()
        if key in seen:
            yield deck.finding(view, "slide-title", f"title {_snippet(text, 60)} is also slide {seen[key]}'s; "
                                                    "titles must be unique in a deck")
        seen.setdefault(key, view.number)


def _is_decorative(picture) -> bool:
    properties = picture.find(f"./*/{P}cNvPr")
    return any(ext.get("uri") == DECORATIVE_URI for ext in properties.iter(f"{A}ext")) if properties is not None else False


def _alt_text_problems(shapes) -> Iterator[str]:
    for picture in shapes:
        if _local(picture) != "pic" or _is_decorative(picture):
            continue
        alt = (picture.find(f"./*/{P}cNvPr").get("descr") or "").strip()
        if not alt:
            yield f"picture '{_name(picture)}' has no alt text and is not marked decorative"
        elif IMAGE_NAME.search(alt):  # python-pptx and PowerPoint fill in the file's name
            yield f"picture '{_name(picture)}' has only its file name '{alt}' as alt text"


@check("alt-text", on="deck")
def pictures_alt_text(deck: Deck) -> Iterable[Finding]:
    for view in deck.slides:
        for problem in _alt_text_problems(deck.flatten(view.shapes)):
            yield deck.finding(view, "alt-text", problem)
    layouts = {id(view.slide.slide_layout): view.slide.slide_layout for view in deck.slides}
    for layout in layouts.values():
        for problem in _alt_text_problems(layout.shapes._spTree.iterchildren()):
            yield deck.finding(None, "alt-text", problem, part=f'layout "{layout.name}"')


@check("table-header", on="deck")
def table_headers(deck: Deck) -> Iterable[Finding]:
    for view in deck.slides:
        for frame, table in deck.tables(view):
            properties = table.find(f"{A}tblPr")
            first = table.find(f"{A}tr")
            if properties is None or properties.get("firstRow") not in ("1", "true"):
                yield deck.finding(view, "table-header", f"table '{_name(frame)}' has no header row "
                                                         "(turn on Header Row in Table Design)")
            elif first is None or not shape_text(first).strip():
                yield deck.finding(view, "table-header", f"table '{_name(frame)}' has an empty header row")


@check("reading-order", on="deck")
def reading_order(deck: Deck) -> Iterable[Finding]:
    for view in deck.slides:
        title = slide_title(view)
        if title is not None:
            for shape in view.shapes[:view.shapes.index(title)]:
                if shape_text(shape).strip() or (_local(shape) == "pic" and not _is_decorative(shape)):
                    yield deck.finding(view, "reading-order", f"'{_name(shape)}' is read before the title; "
                                                              "move it after the title in the Selection Pane")
                    break
        layout_shapes = list(view.slide.slide_layout.shapes._spTree.iterchildren())
        order = []
        for shape in view.shapes:
            ph = placeholder(shape)
            if ph is None:
                continue
            match = deck.style.matching(view.slide.slide_layout, ph, is_master=False)
            if match is not None:
                order.append((layout_shapes.index(match), _name(shape)))
        for (before, first), (after, second) in zip(order, order[1:]):
            if after < before:
                yield deck.finding(view, "reading-order", f"'{second}' is read before '{first}', unlike the layout")
                break


@check("min-font", on="deck")
def minimum_size(deck: Deck) -> Iterable[Finding]:
    def smallest(paras) -> fit.Span | None:
        spans = [s for p in paras for s in p.spans if s.text.strip()]
        return min(spans, key=lambda s: s.size) if spans else None

    for view in deck.slides:
        for shape, text in deck.text_shapes(view):
            span = smallest(text.paras)
            if span is not None and span.size < SLIDE_MIN_PT - 0.05:
                scaled = f" (shrunk to {text.font_scale:.0%} by auto-fit)" if text.font_scale < 1 else ""
                yield deck.finding(view, "min-font", f"text {_snippet(span.text)} in '{_name(shape)}' is "
                                                     f"{span.size:g} pt{scaled}; slides need at least {SLIDE_MIN_PT} pt")
        for frame, table in deck.tables(view):
            spans = [s for *_, paras, _ in deck.table_cells(view, frame, table) for p in paras for s in p.spans
                     if s.text.strip()]
            if spans and (span := min(spans, key=lambda s: s.size)).size < SLIDE_MIN_PT - 0.05:
                yield deck.finding(view, "min-font", f"table text {_snippet(span.text)} is {span.size:g} pt; "
                                                     f"slides need at least {SLIDE_MIN_PT} pt")


def _worst(paras, background: str | None) -> tuple[float, float, fit.Span] | None:
    """(ratio, needed, span) of the run that falls furthest short of its contrast, or None."""
    worst = None
    if background is None:
        return None
    for para in paras:
        for span in para.spans:
            if not span.text.strip() or span.colour is None:
                continue
            ratio = contrast(span.colour, background)
            needed = AA_LARGE if large_on_slide(span.size, span.bold) else AA_NORMAL
            if ratio < needed - 0.005 and (worst is None or ratio / needed < worst[0] / worst[1]):
                worst = (ratio, needed, span)
    return worst


@check("contrast", on="deck")
def text_contrast(deck: Deck) -> Iterable[Finding]:
    for view in deck.slides:
        for shape, text in deck.text_shapes(view):
            if (worst := _worst(text.paras, text.background)):
                ratio, needed, span = worst
                yield deck.finding(view, "contrast", f"text {_snippet(span.text)} in '{_name(shape)}' is {span.colour} on "
                                                     f"{text.background}: {ratio:.2f}:1, needs {needed:g}:1")
        for frame, table in deck.tables(view):
            for r, c, paras, background in deck.table_cells(view, frame, table):
                if (worst := _worst(paras, background)):
                    ratio, needed, span = worst
                    yield deck.finding(view, "contrast", f"table cell ({r + 1}, {c + 1}) text {_snippet(span.text)} is "
                                                         f"{span.colour} on {background}: {ratio:.2f}:1, needs {needed:g}:1")


@check("overflow", on="deck")
def overflow(deck: Deck) -> Iterable[Finding]:
    bottom = deck.style.slide_height
    for view in deck.slides:
        for shape, text in deck.text_shapes(view):
            if text.box is None or not any(p.text.strip() for p in text.paras):
                continue
            too_wide = fit.widest_word(text.paras, text.box)
            if too_wide:
                word, width = too_wide
                yield deck.finding(view, "overflow", f"the word {_snippet(word)} in '{_name(shape)}' is {width:.0f} pt "
                                                     f"wide but the box has {text.box.inner_width:.0f} pt; it breaks mid-word")
            needed = fit.text_height(text.paras, text.box.inner_width if text.box.wrap else 1e9)
            if text.grows:  # the box grows with its text: it must stay on the slide
                if text.top is not None and text.top + needed + text.box.top + text.box.bottom > bottom + fit.TOLERANCE_PT:
                    yield deck.finding(view, "overflow", f"the text of '{_name(shape)}' grows its box off the bottom "
                                                         "of the slide")
            elif (excess := fit.overflow(text.paras, text.box)):
                yield deck.finding(view, "overflow", f"the text of '{_name(shape)}' needs {needed:.0f} pt but its box "
                                                     f"holds {text.box.inner_height:.0f} pt ({excess:.0f} pt too much); "
                                                     "shorten it or split the slide")
        for frame, table in deck.tables(view):
            where = deck.style.position(view.slide, frame)
            if where is None:
                continue
            widths = [int(col.get("w", "0")) / 12700 for col in table.iter(f"{A}gridCol")]
            rows = table.findall(f"{A}tr")
            heights = [int(row.get("h", "0")) / 12700 for row in rows]
            for r, c, paras, _ in deck.table_cells(view, frame, table):
                if c < len(widths) and any(p.text.strip() for p in paras):
                    cell = fit.Box(widths[c], 0)
                    heights[r] = max(heights[r], fit.text_height(paras, cell.inner_width) + cell.top + cell.bottom)
            if where[1] + sum(heights) > bottom + fit.TOLERANCE_PT:
                yield deck.finding(view, "overflow", f"table '{_name(frame)}' runs {where[1] + sum(heights) - bottom:.0f} pt "
                                                     "off the bottom of the slide; split it over two slides")


@check("unrendered-template", on="deck")
def template_marks(deck: Deck) -> Iterable[Finding]:
    for view in deck.slides:
        texts = [shape_text(shape) for shape in view.shapes]
        if view.slide.has_notes_slide:
            texts.append(view.slide.notes_slide.notes_text_frame.text if view.slide.notes_slide.notes_text_frame else "")
        for text in texts:
            if (mark := TEMPLATE_MARK.search(text)):
                start = max(mark.start() - 15, 0)
                yield deck.finding(view, "unrendered-template", f"template text left in: {_snippet(text[start:start + 40])}")
                break
    layouts = {id(view.slide.slide_layout): view.slide.slide_layout for view in deck.slides}
    for layout in layouts.values():
        text = shape_text(layout._element)
        if (mark := TEMPLATE_MARK.search(text)):
            yield deck.finding(None, "unrendered-template", f"template text left in: {_snippet(text[max(mark.start() - 15, 0):][:40])}",
                               part=f'layout "{layout.name}"')
