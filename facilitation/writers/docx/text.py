"""Writing Markdown-ish text (paragraphs, lists, emphasis) and tables into python-docx documents."""

from __future__ import annotations

import io
import re
from copy import deepcopy
from datetime import datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from facilitation.content.markdown import parse_inline
from facilitation.model import Runs, plain
from facilitation.writers.docx.oxml import add_text_run, new_element, set_cell_text
from facilitation.writers.ooxml import Members, core_property, package_zip, prepared_package, template, template_digest

_SECTION = qn("w:sectPr")
_VAL = qn("w:val")
HEADING_COLOUR = "1F4E79"  # the template's heading blue: 8.6:1 on white, 8:1 on cream
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def add_runs(paragraph, runs: Runs) -> None:
    for part in runs:
        add_text_run(paragraph, part.text, bold=bool(part.bold), italic=bool(part.italic))


def add_markdown(doc, markdown: str, heading_level: int | None = None) -> None:
    """Paragraphs and bullet/numbered lists, keeping bold and italic.

    A list item may wrap onto indented lines. With `heading_level`, Markdown headings become Word
    headings: `#` at that level, `##` one below.
    """
    numbered_open = False  # inside a numbered list (nested bullets included); a new list starts at 1
    for kind, style, text in _markdown_blocks(markdown):
        if kind == "heading":
            if heading_level:
                add_heading(doc, plain(parse_inline(text)), min(heading_level + style - 1, 9))
            else:  # no heading levels here: a bold line
                add_paragraph(doc).add_run(plain(parse_inline(text))).bold = True
            numbered_open = False
        elif kind == "item":
            paragraph = add_styled(doc, style=style)
            if style == "List Number":
                if not numbered_open:
                    restart_numbering(doc, paragraph)
                numbered_open = True
            elif not style.endswith(" 2"):
                numbered_open = False
            add_runs(paragraph, parse_inline(text))
        else:
            add_runs(add_paragraph(doc), parse_inline(text))
            numbered_open = False


def _markdown_blocks(markdown: str) -> list[tuple[str, object, str]]:
    """(kind, style or heading depth, text) for each paragraph, list item and heading."""
    blocks: list[list] = []
    open_kind = ""  # "paragraph" or "item" while lines may still join the last block
    for raw in markdown.splitlines():
        item = _ITEM.match(raw)
        heading = _HEADING.match(raw)
        if heading:
            blocks.append(["heading", len(heading.group(1)), heading.group(2)])
            open_kind = ""
        elif item:
            style = "List Number" if item.group(2)[0].isdigit() else "List Bullet"
            if len(item.group(1)) >= 2:
                style += " 2"
            blocks.append(["item", style, item.group(3)])
            open_kind = "item"
        elif not raw.strip():
            open_kind = ""
        elif open_kind == "paragraph" or (open_kind == "item" and raw[:1].isspace()):
            blocks[-1][2] += " " + raw.strip()
        else:
            blocks.append(["paragraph", None, raw.strip()])
            open_kind = "paragraph"
    return [tuple(b) for b in blocks]


def restart_numbering(doc, paragraph) -> None:
    """Start this numbered paragraph's list again at 1 (Word otherwise numbers on across the document)."""
    style_numbering = paragraph.style.element.pPr.numPr if paragraph.style.element.pPr is not None else None
    if style_numbering is None or style_numbering.numId is None:
        return
    numbering = doc.part.numbering_part.element
    abstract = numbering.num_having_numId(style_numbering.numId.val).abstractNumId.val
    fresh = numbering.add_num(abstract)
    fresh.add_lvlOverride(ilvl=0).add_startOverride(1)
    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    properties.get_or_add_ilvl().val = 0
    properties.get_or_add_numId().val = fresh.numId


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))  # on by being there ("true" is not a schema value)


def add_table(doc, header: list[str], rows: list[list[str]], widths: list[float] | None = None):
    """A table with a bold header row that repeats on each printed page (an accessible table).

    python-docx makes each row cell by cell, finding every property's place among its siblings;
    here the first body row is made that way and the others are copies of it, as python-docx
    would have made them."""
    table = doc.add_table(rows=1, cols=len(header))
    set_table_style(table, doc)
    for cell, text in zip(table.rows[0].cells, header):
        set_cell_text(cell, "")
        add_text_run(cell.paragraphs[0], text, bold=True)
    _repeat_header(table.rows[0])
    if widths:
        set_column_widths(table, widths)
    if rows:
        first = table.add_row()._tr  # its cells' widths set as the grid's, their text empty
        trs = [first] + [deepcopy(first) for _ in rows[1:]]
        table._tbl.extend(trs[1:])
        for tr, values in zip(trs, rows):
            for tc, text in zip(tr.tc_lst, values):
                set_cell_text(_Cell(tc, table), str(text))
    return table


def set_column_widths(table, widths: list[float]) -> None:
    """Fixed column widths in cm, in the grid (LibreOffice reads it) and in each cell (Word does)."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def set_body_font(doc, name: str, size: float) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = name, Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def save(doc, *, title: str, author: str, subject: str, when: datetime) -> bytes:
    properties = doc.core_properties
    properties.title, properties.author, properties.subject = (core_property(v) for v in (title, author, subject))
    properties.last_modified_by, properties.revision = author, 1
    properties.created = properties.modified = when.replace(tzinfo=None)
    properties.last_printed = when.replace(tzinfo=None)
    _drop_styles_with_effects(doc)
    return package_zip(package_members(doc), when)


def package_members(doc) -> list[tuple[str, bytes]]:
    """The document's zip members as doc.save would write them (python-docx 1.x's writer)."""
    from docx.opc.pkgwriter import PackageWriter

    package, members = doc.part.package, Members()
    for part in package.parts:
        part.before_marshal()
    PackageWriter._write_content_types_stream(members, package.parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, package.parts)
    return members.items


def _drop_styles_with_effects(doc) -> None:
    """Drop Word 2010's optional copy of the styles (from the default template): it no longer
    matches the styles we changed, which validators flag and Word may call unreadable. Word
    writes a fresh one when it saves."""
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)


# ---- styles and page set-up for readable documents -------------------------------------------

W_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_style_font(style, name: str, size: float | None = None) -> None:
    """One font for a style, in every script slot, with the theme's fonts removed (Word prefers them)."""
    style.font.name = name
    if size is not None:
        style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in W_THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    size_cs = style.element.rPr.find(qn("w:szCs"))
    if size is not None and size_cs is not None:  # keep complex-script size in step
        size_cs.set(qn("w:val"), str(int(size * 2)))


def use_font_everywhere(doc, name: str, body_size: float, heading_sizes: dict[str, float]) -> None:
    """Every paragraph and character style in one font; nothing smaller than the body size.

    `heading_sizes` maps style names (Title, Heading 1 …) to their sizes.
    """
    for fonts in doc.styles.element.iter(qn("w:rFonts")):  # defaults and table-style parts included
        for attribute in W_THEME_FONTS:
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), name)
    for style in doc.styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            continue
        size = heading_sizes.get(style.name)
        if size is None and style.font.size is not None and style.font.size.pt < body_size:
            size = body_size
        set_style_font(style, name, size if style.name != "Normal" else body_size)


def set_line_spacing(doc, spacing: float, left_aligned: bool = True) -> None:
    """Line spacing (1.5 for dyslexia-friendly text) and ragged-right alignment for body text."""
    normal = doc.styles["Normal"].paragraph_format
    normal.line_spacing = spacing
    if left_aligned:
        normal.alignment = WD_ALIGN_PARAGRAPH.LEFT


def remove_italics(doc) -> None:
    """No italics anywhere: in styles or in runs (they are harder to read for many dyslexic readers)."""
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) and style.font.italic:
            style.font.italic = False
    for paragraph in all_paragraphs(doc):
        for run in paragraph.runs:
            if run.italic:
                run.italic = None


def set_page_background(doc, colour: str) -> None:
    """A page colour (e.g. cream) that Word shows on screen and prints: w:background plus the setting."""
    body = doc.element
    background = body.find(qn("w:background"))
    if background is None:
        background = OxmlElement("w:background")
        body.insert(0, background)
    background.set(qn("w:color"), colour.lstrip("#").upper())
    settings = doc.settings.element
    if settings.find(qn("w:displayBackgroundShape")) is None:
        display = OxmlElement("w:displayBackgroundShape")
        # settings' children have a fixed order: put it after the last of those that come before it
        before = [settings.find(qn(tag)) for tag in _BEFORE_BACKGROUND_SETTING]
        before = [node for node in before if node is not None]
        if before:
            before[-1].addnext(display)
        else:
            settings.insert(0, display)


_BEFORE_BACKGROUND_SETTING = ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                              "w:removeDateAndTime", "w:doNotDisplayPageBoundaries")


def set_language(doc, language: str = "en-GB") -> None:
    """The proofing language of the whole document (screen readers and spell checkers use it)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def add_page_numbers(doc, label: str) -> None:
    """A footer on every page: the label, then 'page N' (a field Word and LibreOffice update)."""
    for section in doc.sections:
        paragraph = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
        paragraph.text = ""
        paragraph.add_run(f"{label} · page ")
        _add_field(paragraph, "PAGE")


def _add_field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {instruction} "
            run._r.append(node)
        else:
            node = OxmlElement("w:t")
            node.text = text
            run._r.append(node)


def add_page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_checklist(doc, items: list[str]) -> None:
    """Tick-box lines to print and tick off (a box character, so it survives any printer)."""
    for item in items:
        doc.add_paragraph(f"☐  {item}")


def add_labelled(doc, label: str, text: str) -> None:
    """A paragraph with a bold label: 'Label: text'."""
    paragraph = add_paragraph(doc)
    paragraph.add_run(f"{label}: ").bold = True
    add_runs(paragraph, parse_inline(text))


def all_paragraphs(doc):
    """Body paragraphs and those inside table cells, in document order."""
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def set_heading_colour(doc, colour: str) -> None:
    """One dark colour for every heading style (the defaults' light blue is below 4.5:1 on white)."""
    for style in doc.styles:
        headed = style.name.startswith("Heading") or style.name in ("Title", "Subtitle")
        if style.type == WD_STYLE_TYPE.PARAGRAPH and headed:
            style.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
            fonts_colour = style.element.rPr.find(qn("w:color"))
            for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
                fonts_colour.attrib.pop(qn(attribute), None)


# ---- fast styled paragraphs ---------------------------------------------------------------------
# python-docx looks a style up by scanning every style on each use; long guides add hundreds of
# styled paragraphs, so the ids are looked up once per document.


def style_id(doc, name: str) -> str:
    cache = doc.__dict__.setdefault("_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def set_table_style(table, doc, name: str = "Table Grid") -> None:
    """table.style = name, with the style's id looked up once per document."""
    cache = doc.__dict__.setdefault("_table_style_ids", {})
    if name not in cache:
        cache[name] = doc.part.get_style_id(name, WD_STYLE_TYPE.TABLE)
    table._tbl.tblStyle_val = cache[name]


def add_paragraph(doc):
    """doc.add_paragraph(), without python-docx's scan of the whole body for its section
    properties on every paragraph (which makes a long document quadratic)."""
    body = getattr(getattr(doc, "element", None), "body", None)
    if body is None or not len(body) or body[-1].tag != _SECTION:  # a cell, or no section at the end
        return doc.add_paragraph()
    p = new_element("w:p")
    body[-1].addprevious(p)
    return Paragraph(p, doc._body)


def add_styled(doc, text: str = "", style: str | None = None):
    """A paragraph in a named style (fast)."""
    paragraph = add_paragraph(doc)
    if text:
        add_text_run(paragraph, text)
    if style and style != "Normal":
        _set_style(paragraph._p, style_id(doc, style))
    return paragraph


def _set_style(p, style: str) -> None:
    """p.style = style for a new paragraph (no properties yet), without python-docx finding the
    properties' place among the paragraph's children: they come first."""
    if p.pPr is not None:
        p.style = style
        return
    properties, name = new_element("w:pPr"), new_element("w:pStyle")
    name.set(_VAL, style)
    properties.append(name)
    p.insert(0, properties)


def add_heading(doc, text: str, level: int = 1):
    """A heading paragraph: level 0 is the Title style (fast)."""
    return add_styled(doc, text, "Title" if level == 0 else f"Heading {level}")


def new_document(templates, font: str, body_size: float, heading_sizes: dict[str, float]):
    """A Word document from the pack's guide template, in the charity's font, British English,
    with the template's heading blue: how every form, sheet and handout starts."""
    def styled():
        doc = Document(template(templates / "guide.docx"))
        use_font_everywhere(doc, font, body_size, heading_sizes)
        set_language(doc)
        set_heading_colour(doc, HEADING_COLOUR)
        return doc
    return prepared(("guide", template_digest(templates / "guide.docx"), font, body_size,
                     tuple(sorted(heading_sizes.items()))), styled)


def prepared(key: tuple, make):
    """A fresh copy of the document `make()` returns, made once for each key (and kept between
    builds, `facilitation.writers.ooxml.prepared_package`), then reopened from its bytes."""
    def saved() -> bytes:
        buffer = io.BytesIO()
        make().save(buffer)
        return buffer.getvalue()
    return Document(io.BytesIO(prepared_package(("docx",) + key, saved)))
