"""Word documents that participants hold in their hands: handouts, joining instructions, forms.

One style decides how a document looks: its variant (standard, large print, Easy Read) sets the
text size, and the profile's `dyslexia-friendly` need brings a plain sans-serif font, 1.5 line
spacing, no italics and a cream page. Large print and Easy Read are left-aligned, spaced at 1.5
and free of italics too.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from facilitation.model import Pack, Profile, TextSection
from facilitation.writers.ooxml import template_digest
from facilitation.writers.docx.text import (add_page_numbers, new_document as template_document, prepared, remove_italics,
                                           save, set_page_background, set_table_style)

STANDARD, LARGE_PRINT, EASY_READ = "standard", "large-print", "easy-read"
BODY_SIZES = {STANDARD: 12, LARGE_PRINT: 16, EASY_READ: 14}  # points: UKAAF large print 16+, Easy Read 14+
SANS_SERIF = ("Arial", "Verdana", "Tahoma", "Calibri", "Helvetica", "Open Sans", "Segoe UI")
CREAM = "FFF8E7"


@dataclass(frozen=True)
class ParticipantStyle:
    variant: str
    font: str
    body: float  # points
    line_spacing: float | None  # None: the template's
    background: str | None  # a page colour, e.g. cream
    italics: bool  # whether italics may stay

    @property
    def heading_sizes(self) -> dict[str, float]:
        return {"Title": round(1.75 * self.body), "Subtitle": round(1.2 * self.body),
                "Heading 1": round(1.4 * self.body), "Heading 2": round(1.2 * self.body),
                "Heading 3": round(1.1 * self.body)}

    @property
    def accessible_format(self) -> bool:
        return self.variant != STANDARD


def participant_style(profile: Profile, variant: str = STANDARD) -> ParticipantStyle:
    dyslexia = "dyslexia-friendly" in profile.accessibility
    special = variant != STANDARD or dyslexia
    font = profile.branding.font
    if special and font not in SANS_SERIF:
        font = "Arial"
    return ParticipantStyle(variant, font, BODY_SIZES[variant], 1.5 if special else None,
                            CREAM if dyslexia else None, italics=not special)


def new_document(pack: Pack, style: ParticipantStyle):
    """An empty document from the guide template in the participant style."""
    def styled():
        doc = template_document(pack.templates, style.font, style.body, style.heading_sizes)
        if style.line_spacing:
            for paragraph_style in doc.styles:
                if paragraph_style.type == WD_STYLE_TYPE.PARAGRAPH:
                    paragraph_style.paragraph_format.line_spacing = style.line_spacing
                    paragraph_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if style.background:
            set_page_background(doc, style.background)
        return doc
    return prepared(("participant", template_digest(pack.templates / "guide.docx"), style), styled)


def finish(doc, pack: Pack, style: ParticipantStyle, title: str) -> bytes:
    """Footer, the last clean-up the style asks for, and the document's bytes."""
    add_page_numbers(doc, title)
    if not style.italics:
        remove_italics(doc)
    return save(doc, title=title, author="Involvement Team", subject=pack.profile.name, when=pack.timestamp)


def add_write_in_box(doc, label: str, height_cm: float = 3.0):
    """A one-cell table to write in, named for screen readers."""
    table = doc.add_table(rows=1, cols=1)
    set_table_style(table, doc)
    row = table.rows[0]
    row.height, row.height_rule = Cm(height_cm), WD_ROW_HEIGHT_RULE.AT_LEAST
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), label)
    table._tbl.tblPr.append(caption)
    return table


def space_before(paragraph, points: float = 10):
    paragraph.paragraph_format.space_before = Pt(points)
    return paragraph


def contact_line(profile: Profile) -> str:
    """The charity's named contact: 'name, role, email' (empty when the profile names nobody)."""
    contact = profile.data.get("contact") or {}
    return ", ".join(v for v in (contact.get("name"), contact.get("role"), contact.get("email")) if v)


def clock(item) -> str:
    return f"{item.start:%H:%M} to {item.end:%H:%M}"


def list_items(section: TextSection) -> tuple[str, ...]:
    """The `- ` lines of a section's Markdown, as text."""
    return tuple(line.strip()[2:].strip() for line in section.body.splitlines() if line.strip()[:2] in ("- ", "* "))
