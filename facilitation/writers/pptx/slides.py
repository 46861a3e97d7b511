"""A deck in domain words: title, agenda, section and content slides from the model.

Only this module and its helpers touch python-pptx. Text goes into the template's placeholders,
so every editor keeps it editable and re-themable; diagrams are native shapes.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.shapes.placeholder import TablePlaceholder
from pptx.shapes.shapetree import SlideShapeFactory
from pptx.util import Emu, Inches, Pt

from facilitation.colour import WHITE, readable, text_on
from facilitation.model import (BulletList, ColumnBreak, Diagram, Fence, Image, Paragraph, Quote, Slide,
                                Table)
from facilitation.writers import ooxml
from facilitation.writers.pptx import fit
from facilitation.writers.pptx.diagrams import MIN_PT, Palette, draw

from facilitation.writers.ooxml import core_property, package_zip
from facilitation.writers.pptx.oxml import SlideFactory, package_members, unchanged_members
from facilitation.writers.pptx.layouts import add_layout_picture, add_slide_number, set_level_sizes
from facilitation.writers.pptx.style import DeckStyle, placeholder
from facilitation.writers.pptx.text import TextFiller, add_runs, fill_notes, set_text

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
TITLE_MIN_PT = 24  # a title shrinks no further before it falls back to the slides' own floor
LARGE_PRINT_TITLE_PT, LARGE_PRINT_BODY_PT = 40, 28  # large print's least sizes
SHORT_SLIDE, ROOMY_SLIDE = 0.5, 0.6  # a body filling under half its box is short; grown, it fills up to 60 %
LOGO_HEIGHT, LOGO_MARGIN = Inches(0.5), Inches(0.2)  # the logo's corner: bottom right, clear of the slide number


class DeckBuilder:
    def __init__(self, template: Path, *, primary: str, secondary: str, font: str, content_root: Path,
                 logo: str | None = None, logo_alt: str = "", large_print: bool = False):
        self.primary = readable(primary)  # brand colour darkened where needed to reach 4.5:1 on white
        self.palette = Palette(self.primary, secondary)
        self.content_root = content_root
        self.logo, self.logo_alt = logo, logo_alt
        self.large_print = large_print
        self.title_floor = LARGE_PRINT_TITLE_PT if large_print else TITLE_MIN_PT
        self.body_floor = LARGE_PRINT_BODY_PT if large_print else MIN_PT
        # a pack's decks share one look: the template is branded once per process, then reopened
        look = (ooxml.template_digest(template), self.primary, secondary, font, str(content_root), logo, logo_alt,
                large_print)
        branded = []

        def brand() -> bytes:
            self.prs = Presentation(ooxml.template(template))
            self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
            self._theme(self.primary, secondary, font)
            self._brand_layouts(secondary)
            branded.append(True)
            return ooxml.stored_zip(package_members(self.prs))

        logo_bytes = (content_root / logo).read_bytes() if logo else b""  # kept between builds: by its bytes too
        package = ooxml.prepared_package(("pptx",) + look + (hashlib.sha256(logo_bytes).hexdigest(),), brand)
        if not branded:
            self.prs = Presentation(io.BytesIO(package))
        self._unchanged = _unchanged_members(package)
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        self.style = DeckStyle(self.prs)  # effective text looks, to measure what fits
        self.factory = SlideFactory(self.prs, _CLONES.setdefault(package, {}))
        self._measured: dict[tuple, object] = {}

    # ---- theme ----------------------------------------------------------------------------

    def _theme(self, primary: str, secondary: str, font: str) -> None:
        part = self.prs.slide_master.part.part_related_by(RT.THEME)
        theme = etree.fromstring(part.blob)
        for slot, colour in (("dk2", primary), ("accent1", primary), ("accent2", secondary)):
            node = theme.find(f".//{A}clrScheme/{A}{slot}")
            for child in list(node):
                node.remove(child)
            etree.SubElement(node, f"{A}srgbClr").set("val", colour.lstrip("#"))
        for kind in ("majorFont", "minorFont"):
            theme.find(f".//{A}{kind}/{A}latin").set("typeface", font)
        part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _brand_layouts(self, secondary: str) -> None:
        """The charity's look on the layouts, so slides added later in PowerPoint get it too: its
        logo in the bottom-right corner, text on the secondary colour in black or white (whichever
        reads better), and large print's sizes when the profile asks for them."""
        on_secondary = "bg1" if text_on(secondary) == WHITE else "tx1"
        for layout in self.layouts.values():
            if self.logo:
                add_layout_picture(layout, str(self.content_root / self.logo), right=self.prs.slide_width - LOGO_MARGIN,
                                   bottom=self.prs.slide_height - LOGO_MARGIN, height=LOGO_HEIGHT,
                                   name="Logo", alt=self.logo_alt)
            background = layout._element.find(f"{P}cSld/{P}bg//{A}schemeClr")
            if background is not None and background.get("val") == "accent2":
                for colour in layout._element.iter(f"{A}schemeClr"):
                    if colour.get("val") in ("tx1", "bg1") and colour.getparent().getparent().tag == f"{A}defRPr":
                        colour.set("val", on_secondary)
            if self.large_print:
                _enlarge(layout._element)
        if self.large_print:
            _enlarge(self.prs.slide_master._element.find(f"{P}txStyles"))

    # ---- slides ---------------------------------------------------------------------------

    def _new(self, layout: str, title: str):
        slide = self.factory.add_slide(self.layouts[layout])
        add_slide_number(slide, len(self.prs.slides))
        self.set_title(slide, title)
        return slide

    def set_title(self, slide, title: str) -> None:
        """The title, measured as bodies are: a title too long for its box at the layout's size
        (a long charity name, a wide font) wraps, then shrinks a point at a time to 24 pt, and only
        then towards the 18 pt every slide's text keeps."""
        holder = slide.shapes.title
        set_text(holder._element.txBody, title)
        if title and self.overflows(slide, holder):
            self.shrink_to_fit(slide, [holder], floor=self.title_floor)
            self.shrink_to_fit(slide, [holder])

    def _placeholder(self, slide, idx: int):
        """The slide's placeholder `idx`, found in the XML: python-pptx would wrap every shape first."""
        for shape in slide.shapes._spTree.iter_shape_elms():
            ph = placeholder(shape)
            if ph is not None and int(ph.get("idx", "0")) == idx:
                return SlideShapeFactory(shape, slide.placeholders)
        return None

    def _notes(self, slide, markdown: str) -> None:
        if markdown.strip():
            fill_notes(self.factory.notes_slide(slide).notes_text_frame, markdown)

    def title_slide(self, title: str, lines: list[str], notes: str = "") -> None:
        slide = self._new("Title Slide", title)
        subtitle = self._placeholder(slide, 1)
        filler = TextFiller(subtitle.text_frame)
        for line in lines:
            filler.plain(line)
        # a long name and bilingual dates in a wide font: smaller, as the agenda does, but on the slide
        self.shrink_to_fit(slide, [subtitle], floor=self.body_floor)
        self.shrink_to_fit(slide, [subtitle])
        self._notes(slide, notes)

    def section(self, title: str, lines: list[str], notes: str = "", layout: str = "Section Header") -> None:
        slide = self._new(layout, title)
        body = self._placeholder(slide, 1)
        if lines:
            filler = TextFiller(body.text_frame)
            for line in lines:
                filler.plain(line)
            # an activity's invitation naming a long people_term, in large print: smaller, as the
            # title slide's lines are, but on the slide
            self.shrink_to_fit(slide, [body], floor=self.body_floor)
            self.shrink_to_fit(slide, [body])
        else:
            body._element.getparent().remove(body._element)
        self._notes(slide, notes)

    def columns(self, title: str, left: list[str], right: list[str], notes: str = "") -> None:
        slide = self._new("Two Content", title)
        for idx, lines in ((1, left), (2, right)):
            filler = TextFiller(self._placeholder(slide, idx).text_frame)
            for line in lines:
                filler.plain(line)
        holders = [self._placeholder(slide, 1), self._placeholder(slide, 2)]
        self.shrink_to_fit(slide, holders, floor=self.body_floor)
        self.shrink_to_fit(slide, holders)  # a long agenda in large print: smaller, but on the slide
        self._notes(slide, notes)

    def measure(self, slide, holder):
        """The holder's text as the fit step sees it. The same text in the same box measures the
        same, and the writer asks again after most steps: keyed by the shape's XML, it is
        measured once (layouts and masters do not change while slides are written)."""
        key = (id(slide.part), etree.tostring(holder._element))
        if key not in self._measured:
            self._measured[key] = self.style.shape_text(slide, holder._element, None)
        return self._measured[key]

    def overflows(self, slide, holder) -> bool:
        text = self.measure(slide, holder)
        return text.box is not None and fit.overflow(text.paras, text.box) > 0

    def shrink_to_fit(self, slide, holders: list, floor: int = MIN_PT) -> None:
        """Set text that would overflow its box a point smaller at a time, never below `floor` (the
        placeholders' auto-fit only shrinks text when PowerPoint itself redraws the slide)."""
        sizes = [s.size for h in holders for p in self.measure(slide, h).paras for s in p.spans]
        size = int(max(sizes, default=floor))
        while size > floor and any(self.overflows(slide, h) for h in holders):
            size -= 1
            for run in (r for h in holders for p in h.text_frame.paragraphs for r in p.runs):
                run.font.size = Pt(size)

    def content(self, model: Slide) -> None:
        """A content slide. Text too long for the body goes on to "<title> (continued)" slides with
        the same layout and notes, rather than running off the slide."""
        part, count, start = model, 1, 1
        while part is not None:
            slide = self._content(part)
            if start > 1:
                _continue_numbering(self._placeholder(slide, 1), start)
            part, start = self._continuation(slide, part, model, count, start)
            if part is None and count == 1:
                self.use_space(slide)
            count += 1

    def use_space(self, slide) -> None:
        """A short body (filling under half its box) takes larger type, up to 8 pt more, while it
        fills no more than 60 % of the box; one still under half then sits in the box's middle.
        Measured as the fit step measures, and set on the slide's placeholder so text typed later
        matches."""
        holder = self._placeholder(slide, 1)
        if (holder is None or slide.slide_layout.name != "Title and Content" or not holder.has_text_frame
                or not holder.text_frame.text.strip()):
            return
        if self._filled(slide, holder) >= SHORT_SLIDE:
            return
        looks = [self.style.layout_paragraph_look(slide.slide_layout, 1, level) for level in range(3)]
        sizes = [look.spans[0].size for look in looks]
        for extra in (8, 6, 4, 2):
            set_level_sizes(holder.text_frame._txBody, [size + extra for size in sizes])
            if self._filled(slide, holder) <= ROOMY_SLIDE:
                break
        else:
            set_level_sizes(holder.text_frame._txBody, [])
        if self._filled(slide, holder) < SHORT_SLIDE:
            holder.text_frame._txBody.bodyPr.set("anchor", "ctr")

    def _filled(self, slide, holder) -> float:
        """How much of its box the text fills (0.5: half its height)."""
        text = self.measure(slide, holder)
        width = text.box.inner_width if text.box.wrap else 1e9
        return fit.text_height(text.paras, width) / max(text.box.inner_height, 1.0)

    def _continuation(self, slide, part: Slide, model: Slide, count: int, start: int) -> tuple[Slide | None, int]:
        """Trim an overfull body to what fits; return the slide that continues it (or None)."""
        holder = self._placeholder(slide, 1)
        if (holder is None or part.layout == "Quote" or not self.overflows(slide, holder)
                or any(isinstance(e, (ColumnBreak, Table, Image, Diagram)) for e in part.elements)):
            return None, 1
        text = self.measure(slide, holder)
        paragraphs = holder.text_frame.paragraphs
        keep = fit.fitting_count(text.paras, text.box)
        while keep > 1 and keep < len(paragraphs) and paragraphs[keep].level > 0:
            keep -= 1  # a sub-point stays with its point
        kept, rest, kept_count = _split_elements(part.elements, keep)
        if not kept or not rest:
            return None, 1
        for paragraph in paragraphs[kept_count:]:
            paragraph._p.getparent().remove(paragraph._p)
        split = kept[-1] if isinstance(kept[-1], BulletList) and rest[0].line == kept[-1].line else None
        next_start = 1
        if split is not None and split.numbered:
            next_start = (start if len(kept) == 1 else 1) + sum(1 for item in split.items if item.level == 0)
        title = f"{model.title} (continued)" if count == 1 else f"{model.title} (continued {count})"
        notes = "\n\n".join(piece for piece in (model.notes, "(continued)") if piece)
        return replace(part, title=title, elements=rest, fences=(Fence("notes", notes, part.line),)), next_start

    def _content(self, model: Slide):
        slide = self._new(model.layout, model.title)
        if model.layout == "Quote":
            self._quote(slide, model)
        else:
            groups, current = [[]], 0
            for element in model.elements:
                if isinstance(element, ColumnBreak):
                    groups.append([])
                    current += 1
                else:
                    groups[current].append(element)
            for idx, elements in enumerate(groups, start=1):
                self._fill(slide, idx, elements)
        _drop_empty_placeholders(slide)
        self._notes(slide, model.notes)
        return slide

    def _quote(self, slide, model: Slide) -> None:
        quotes = [e for e in model.elements if isinstance(e, Quote)]
        others = [e for e in model.elements if not isinstance(e, Quote)]
        if quotes:
            quote = quotes[0]
            filler = TextFiller(self._placeholder(slide, 1).text_frame)
            paragraph = filler.paragraph()
            add_runs(paragraph, quote.runs)
            if quote.attribution:
                TextFiller(self._placeholder(slide, 2).text_frame).plain(f"— {quote.attribution}")
        if others:
            self._fill(slide, 2, others)

    def _fill(self, slide, idx: int, elements: list) -> None:
        holder = self._placeholder(slide, idx)
        text = [e for e in elements if isinstance(e, (BulletList, Paragraph, Quote))]
        if holder is not None and text:
            filler = TextFiller(holder.text_frame)
            for element in text:
                if isinstance(element, BulletList):
                    filler.list(element)
                elif isinstance(element, Quote):
                    filler.text(Paragraph(element.runs))
                    if element.attribution:
                        filler.plain(f"— {element.attribution}")
                else:
                    filler.text(element)
        box = self._box(slide, holder)
        for element in elements:
            if isinstance(element, Table):
                self._table(slide, holder if not text else None, element, box)
                holder = None if not text else holder
            elif isinstance(element, Image):
                self._image(slide, element, box, replace=holder if not text else None)
                holder = None if not text else holder
            elif isinstance(element, Diagram):
                draw(slide.shapes, element, box, self.palette)

    def _box(self, slide, holder) -> tuple[int, int, int, int]:
        if holder is not None:  # read through the fit step's cache of what placeholders inherit
            box = self.style.position_emu(slide, holder._element)
            return box if box is not None else (holder.left, holder.top, holder.width, holder.height)
        width = self.prs.slide_width
        return Inches(0.6), Inches(1.9), width - Inches(1.2), Inches(4.85)  # the body's place on the layouts

    def _table(self, slide, holder, table: Table, box) -> None:
        columns = max(len(table.header), *(len(r) for r in table.rows)) if table.rows else len(table.header)
        rows = len(table.rows) + 1
        x, y, w, h = box
        if holder is not None:  # insert into the content placeholder, as PowerPoint does
            frame = TablePlaceholder(holder._element, holder._parent).insert_table(rows, columns)
        else:
            frame = slide.shapes.add_table(rows, columns, x, y, w, Emu(min(h, Inches(0.5) * rows)))
        grid = frame.table
        grid.first_row = True
        for r, cells in enumerate((table.header,) + table.rows):
            for c in range(columns):
                cell = grid.cell(r, c)
                cell.text_frame.word_wrap = True
                paragraph = cell.text_frame.paragraphs[0]
                add_runs(paragraph, cells[c] if c < len(cells) else (), size=18)

    def _image(self, slide, image: Image, box, replace=None) -> None:
        x, y, w, h = box
        picture = slide.shapes.add_picture(str(self.content_root / image.path), x, y)
        scale = min(w / picture.width, h / picture.height, 1.0)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
        picture.left, picture.top = int(x + (w - picture.width) / 2), int(y + (h - picture.height) / 2)
        properties = picture._element.nvPicPr.cNvPr
        properties.set("name", "Decorative picture" if image.decorative else f"Picture: {image.alt[:40]}")
        properties.set("descr", "" if image.decorative else image.alt)
        if image.decorative:
            ext_list = etree.SubElement(properties, qn("a:extLst"))
            ext = etree.SubElement(ext_list, qn("a:ext"))
            ext.set("uri", DECORATIVE_URI)
            etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative").set("val", "1")
        if replace is not None:
            replace._element.getparent().remove(replace._element)

    # ---- saving ---------------------------------------------------------------------------

    def save(self, *, title: str, author: str, subject: str, when: datetime) -> bytes:
        properties = self.prs.core_properties
        properties.title, properties.author, properties.subject = (core_property(v) for v in (title, author, subject))
        properties.last_modified_by, properties.revision = author, 1
        properties.created = properties.modified = when.replace(tzinfo=None)
        properties.last_printed = when.replace(tzinfo=None)
        return package_zip(package_members(self.prs, self._unchanged), when)

    @property
    def slide_count(self) -> int:
        return len(self.prs.slides)


_UNCHANGED: dict[bytes, dict[str, bytes]] = {}  # by prepared package: a pack's decks share a few
_CLONES: dict[bytes, dict[bytes, list]] = {}  # by prepared package: its layouts' cloned placeholders


def _unchanged_members(package: bytes) -> dict[str, bytes]:
    if package not in _UNCHANGED:
        if len(_UNCHANGED) > 8:
            _UNCHANGED.clear()
            _CLONES.clear()
        _UNCHANGED[package] = unchanged_members(package)
    return _UNCHANGED[package]


def _drop_empty_placeholders(slide) -> None:
    """Drop the placeholders (but the title) left with no text, so no prompt shows: what
    python-pptx's placeholders, idx, has_text_frame and text would find, read from the XML."""
    tree = slide.shapes._spTree
    for shape in list(tree.iter_shape_elms()):
        ph = placeholder(shape)
        if ph is None or int(ph.get("idx", "0")) == 0 or shape.tag != _SHAPE:  # a table or picture has no text frame
            continue
        body = shape.find(_TX_BODY)  # none yet: python-pptx would add an empty one
        if body is None or not "".join(t.text or "" for t in body.iter(_TEXT)).strip():
            tree.remove(shape)


_SHAPE, _TX_BODY, _TEXT = f"{P}sp", f"{P}txBody", f"{A}t"


def _enlarge(element) -> None:
    """Large print: every title at 40 pt or more, all other text (not the slide number) 4 pt larger
    and 28 pt or more."""
    for level in element.iter(*(f"{A}lvl{n}pPr" for n in range(1, 10))):
        size = level.find(f"{A}defRPr")
        if size is None or size.get("sz") is None:
            continue
        holder = level.getparent().getparent()
        ph = holder.getparent().find(f"./{P}nvSpPr/{P}nvPr/{P}ph") if holder.tag == f"{P}txBody" else None
        kind = ph.get("type", "obj") if ph is not None else etree.QName(holder).localname
        if kind in ("sldNum", "dt", "ftr"):
            continue
        points = int(size.get("sz")) / 100
        title = kind in ("title", "ctrTitle", "titleStyle")
        wanted = max(points, LARGE_PRINT_TITLE_PT) if title else max(points + 4, LARGE_PRINT_BODY_PT)
        size.set("sz", str(int(wanted * 100)))


def _split_elements(elements, keep: int) -> tuple[tuple, tuple, int]:
    """Split a body's elements after about `keep` paragraphs: (kept, rest, paragraphs kept).

    A list may be cut between its items; a quote stays with its attribution."""
    used = 0
    for n, element in enumerate(elements):
        size = len(element.items) if isinstance(element, BulletList) else 2 if getattr(element, "attribution", "") else 1
        if used + size <= keep:
            used += size
            continue
        if isinstance(element, BulletList) and keep > used:
            cut = keep - used
            head, tail = replace(element, items=element.items[:cut]), replace(element, items=element.items[cut:])
            return tuple(elements[:n]) + (head,), (tail,) + tuple(elements[n + 1:]), keep
        return tuple(elements[:n]), tuple(elements[n:]), used
    return tuple(elements), (), used


def _continue_numbering(holder, start: int) -> None:
    """A numbered list carried over from the slide before goes on from its number there."""
    for paragraph in holder.text_frame.paragraphs:
        properties = paragraph._p.pPr
        auto = properties.find(qn("a:buAutoNum")) if properties is not None else None
        if auto is None and paragraph.level == 0:
            return
        if auto is not None:
            auto.set("startAt", str(start))
