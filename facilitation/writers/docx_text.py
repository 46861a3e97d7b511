"""Writing Markdown-ish text (paragraphs, lists, emphasis) and tables into python-docx documents."""

from __future__ import annotations

import io
import re
from datetime import datetime

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from facilitation.content.markdown import parse_inline
from facilitation.model import Runs
from facilitation.writers.ooxml import normalise_zip

_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")


def add_runs(paragraph, runs: Runs) -> None:
    for part in runs:
        run = paragraph.add_run(part.text)
        run.bold = part.bold or None
        run.italic = part.italic or None


def add_markdown(doc, markdown: str) -> None:
    """Paragraphs and bullet/numbered lists, keeping bold and italic."""
    lines: list[str] = []

    def flush() -> None:
        if lines:
            add_runs(doc.add_paragraph(), parse_inline(" ".join(lines)))
            lines.clear()

    for raw in markdown.splitlines():
        item = _ITEM.match(raw)
        if item:
            flush()
            style = "List Number" if item.group(2)[0].isdigit() else "List Bullet"
            if len(item.group(1)) >= 2:
                style += " 2"
            add_runs(doc.add_paragraph(style=style), parse_inline(item.group(3)))
        elif raw.strip():
            lines.append(raw.strip())
        else:
            flush()
    flush()


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_table(doc, header: list[str], rows: list[list[str]], widths: list[float] | None = None):
    """A table with a bold header row that repeats on each printed page (an accessible table)."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = str(text)
    if widths:
        from docx.shared import Cm

        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
    return table


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
    properties.title, properties.author, properties.subject = title, author, subject
    properties.last_modified_by, properties.revision = author, 1
    properties.created = properties.modified = when.replace(tzinfo=None)
    properties.last_printed = when.replace(tzinfo=None)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue(), when)
