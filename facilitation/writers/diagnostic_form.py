"""The `diagnostic-form` writer: the Stage 1 question bank as a form to fill in during the call (DOCX).

Each topic has the facilitator's guidance, its questions with a box to write or type the answer
in, tick boxes where the profile takes one of a fixed set of answers, and the profile key the
answers go into. Built for every charity (its name filled in) and, blank, by `facilitation form`.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt

from facilitation.i18n import ENGLISH, labels_for
from facilitation.model import Pack, Profile, QuestionBank
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.text import add_page_numbers, add_table, new_document, save, set_table_style

SIZES = {"Title": 24, "Heading 1": 15, "Heading 2": 12}


def _answer_box(doc, label: str, height_cm: float = 2.6) -> None:
    """A one-cell table to write or type in, with a label for screen readers."""
    table = doc.add_table(rows=1, cols=1)
    set_table_style(table, doc)
    row = table.rows[0]
    row.height, row.height_rule = Cm(height_cm), WD_ROW_HEIGHT_RULE.AT_LEAST
    table._tbl.tblPr.append(_caption(label))


def _caption(label: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), label)
    return caption


def build_form(bank: QuestionBank, templates: Path, profile: Profile | None = None):
    doc = new_document(templates, profile.branding.font if profile else "Arial", 11, SIZES)
    doc.add_paragraph(bank.title, style="Title")
    contact = (profile.data.get("contact") or {}).get("name", "") if profile else ""
    known = {0: profile.name if profile else "", 2: contact}
    rows = [[label, known.get(n, "")] for n, label in enumerate(bank.details)]
    add_table(doc, rows[0], rows[1:], widths=[5, 12])  # the organisation heads the table
    doc.add_paragraph()
    doc.add_paragraph(bank.summary)
    for paragraph in bank.intro:
        doc.add_paragraph(paragraph)
    number = 0
    for topic in bank.topics:
        doc.add_heading(topic.title, level=1)
        for paragraph in topic.guidance:
            doc.add_paragraph(paragraph, style="Note")
        for question in topic.questions:
            number += 1
            asked = doc.add_paragraph(f"{number}. {question.text}")
            asked.paragraph_format.space_before = Pt(10)
            asked.paragraph_format.keep_with_next = True
            _answer_box(doc, f"{bank.labels['answer']} {number}")
        for key, options, many in topic.choices:
            line = doc.add_paragraph()
            line.add_run(f"{bank.labels['tick_any' if many else 'tick_one']} ({key}): ").bold = True
            line.add_run("   ".join(f"☐ {option}" for option in options))
        if topic.record:
            doc.add_paragraph(f"{bank.labels['profile_key']}: " + ", ".join(topic.record), style="Note")
    add_page_numbers(doc, bank.title + (f" · {profile.name}" if profile else ""))
    return doc


def blank_timestamp() -> datetime:
    """Document dates for the blank form: SOURCE_DATE_EPOCH when set, else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip().isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):  # out of range: `build` reports it; here, the default date
            pass
    return datetime(2026, 1, 1)


def render_form(bank: QuestionBank, templates: Path, when: datetime, profile: Profile | None = None) -> bytes:
    _ = labels_for(profile) if profile else ENGLISH
    subject = profile.name if profile else _("blank form")
    return save(build_form(bank, templates, profile), title=bank.title, author=_("Involvement Team"),
                subject=subject, when=when)


@register
class DiagnosticFormWriter(Writer):
    kind = "diagnostic-form"
    reads = ("questions",)

    def outputs(self, pack: Pack) -> Iterable[Output]:
        yield Output(self.kind, f"diagnostic/{pack.profile.slug}-diagnostic-form.docx",
                     lambda: render_form(pack.questions, pack.templates, pack.timestamp, pack.profile))
