"""The `evaluation-form` writer: a short self-assessment (DOCX) the charity fills in at the start of
the Concepts workshop and again at the final debrief; `facilitation harvest --before/--after`
reads the two back and shows what moved.

One table scores the four Module 1 outcomes from 1 to 5, with a comment box each; another asks
for the rung of the ladder of participation. Tick boxes are ☐ characters: people type an X or
replace them with ☒, which `facilitation.evaluation` reads back. The words are content
(content/forms/evaluation.yaml, the outcomes and the ladder).
"""

from __future__ import annotations

from typing import Iterable

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from facilitation.model import EvaluationForm, Pack
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.text import (add_page_numbers, add_table, new_document, save, set_column_widths,
                                           set_table_style)
from facilitation.writers.docx.properties import set_json_property

EMPTY_BOX = "☐"  # facilitation.evaluation reads any other text in a box as a tick
PROPERTY = "Evaluation form"  # as facilitation.evaluation reads it
SIZES = {"Title": 22, "Heading 1": 15, "Heading 2": 12}


def _centre(cell) -> None:
    for paragraph in cell.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _tall(row, cm: float) -> None:
    row.height, row.height_rule = Cm(cm), WD_ROW_HEIGHT_RULE.AT_LEAST


def build_form(form: EvaluationForm, pack: Pack):
    doc = new_document(pack.templates, pack.profile.branding.font, 11, SIZES)
    text = form.text
    doc.add_paragraph(text["title"], style="Title")
    doc.add_paragraph(text["intro"])
    details = [[label, ""] for label in form.details]
    if form.when:
        details.append([text["when_label"], "   ".join(f"{EMPTY_BOX} {option}" for option in form.when)])
    if details:
        add_table(doc, details[0], details[1:], widths=[5, 12])

    doc.add_heading(text["outcomes_heading"], level=1)
    doc.add_paragraph(text["outcomes_intro"])
    header = [text["outcome_column"], *form.scale, text["comment_column"]]
    table = add_table(doc, header, [["", *[EMPTY_BOX] * len(form.scale), ""] for _ in form.outcomes],
                      widths=[4.8] + [7.75 / len(form.scale)] * len(form.scale) + [4.4])
    for row, (title, description) in zip(table.rows[1:], form.outcomes):
        cell = row.cells[0]
        cell.paragraphs[0].add_run(title).bold = True
        cell.add_paragraph(description)
        _tall(row, 2.5)
        for box in row.cells[1:-1]:
            _centre(box)
    for cell in table.rows[0].cells[1:-1]:
        _centre(cell)

    doc.add_heading(text["ladder_heading"], level=1)
    doc.add_paragraph(text["ladder_intro"])
    ladder = add_table(doc, [text["rung_column"], text["meaning_column"], text["tick_column"]],
                       [[rung, meaning, EMPTY_BOX] for rung, meaning in form.rungs], widths=[5, 8, 3])
    for row in ladder.rows[1:]:
        _centre(row.cells[2])
    doc.add_paragraph()
    why = doc.add_table(rows=1, cols=2)
    set_table_style(why, doc)
    why.cell(0, 0).paragraphs[0].add_run(text["why_label"]).bold = True
    set_column_widths(why, [6, 11])
    _tall(why.rows[0], 3.0)
    add_page_numbers(doc, f"{text['title']} · {pack.profile.name}")
    set_json_property(doc, PROPERTY, form.description())
    return doc


@register
class EvaluationFormWriter(Writer):
    kind = "evaluation-form"
    reads = ("evaluation_form",)

    def outputs(self, pack: Pack) -> Iterable[Output]:
        form = pack.evaluation_form
        if form is None:
            return

        def render() -> bytes:
            return save(build_form(form, pack), title=form.text["title"], author="Involvement Team",
                        subject=pack.profile.name, when=pack.timestamp)

        yield Output(self.kind, f"evaluation/{pack.profile.slug}-evaluation-form.docx", render)
