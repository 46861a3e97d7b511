"""The `feedback-form` writer: a short participant feedback form for each workshop (DOCX).

Tick boxes for a few statements (did it make sense, did you feel heard, could you take part),
then open questions with space to write: what worked, what to change, accessibility. The words
are in content/handouts/feedback.md.
"""

from __future__ import annotations

from typing import Iterable

from facilitation.i18n import labels_for
from facilitation.model import Pack, Workshop
from facilitation.plan.audience import PARTICIPANTS
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.participant import (add_write_in_box, finish, list_items, new_document, participant_style,
                                                   space_before)
from facilitation.writers.docx.text import add_heading, add_markdown, add_table

BOX = "☐"


def build_feedback(pack: Pack, workshop: Workshop):
    _ = labels_for(pack.profile)
    text = pack.handouts.by_workshop[workshop.id]["feedback"]
    doc = new_document(pack, participant_style(pack.profile))
    add_heading(doc, _("Feedback form"), level=0)
    doc.add_paragraph(f"{workshop.title}, {pack.profile.name}")
    add_heading(doc, text["intro"].title, level=1)
    add_markdown(doc, text["intro"].body)
    add_heading(doc, text["ratings"].title, level=1)
    doc.add_paragraph(_("Tick one box in each row."))
    scale = [_("No"), _("A little"), _("Mostly"), _("Yes")]
    add_table(doc, [_("Statement"), *scale], [[statement, *[BOX] * len(scale)] for statement in list_items(text["ratings"])],
              widths=[8.2, 2.2, 2.2, 2.2, 2.2])
    space_before(add_heading(doc, text["questions"].title, level=1))
    for number, question in enumerate(list_items(text["questions"]), start=1):
        space_before(doc.add_paragraph(f"{number}. {question}")).paragraph_format.keep_with_next = True
        add_write_in_box(doc, _("Answer {number}").format(number=number), height_cm=3.0)
    add_heading(doc, text["thanks"].title, level=1)
    add_markdown(doc, text["thanks"].body)
    return doc


def render_feedback(pack: Pack, workshop: Workshop) -> bytes:
    _ = labels_for(pack.profile)
    return finish(build_feedback(pack, workshop), pack, participant_style(pack.profile),
                  _.fill("Feedback form: {title}", title=workshop.title))


@register
class FeedbackFormWriter(Writer):
    kind = "feedback-form"
    audience = PARTICIPANTS

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            yield Output(self.kind, f"feedback/{workshop.id}-feedback-form.docx",
                         lambda workshop=workshop: render_feedback(pack, workshop), workshop=workshop.id)
