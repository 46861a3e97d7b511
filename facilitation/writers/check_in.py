"""The `check-in` writer: the template for the check-in calls between workshops (DOCX).

When the calls are (from the programme), an agenda for each call, a red, amber, green progress
table for every activity between workshops and for the charity's own plan, and a short script for
the Involvement Team's slot at the report-back. Red, amber and green are written as words, never
colour alone. The words are in content/handouts/check-in.md.
"""

from __future__ import annotations

from typing import Iterable

from facilitation.i18n import labels_for
from facilitation.model import Pack
from facilitation.plan.dates import long_date
from facilitation.plan.audience import PARTICIPANTS
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.participant import finish, new_document, participant_style, space_before
from facilitation.writers.docx.text import add_heading, add_markdown, add_table

BLANK_PLAN_ROWS = 6


def check_in_calls(pack: Pack):
    return pack.programme.of_kind("check-in") if pack.programme else ()


def build_check_in(pack: Pack):
    _ = labels_for(pack.profile)
    text = pack.handouts.check_in
    titles = {w.id: w.title for w in pack.workshops}
    doc = new_document(pack, participant_style(pack.profile))
    add_heading(doc, _("Check-in calls"), level=0)
    doc.add_paragraph(pack.profile.name)
    add_heading(doc, text["intro"].title, level=1)
    add_markdown(doc, text["intro"].body)
    add_heading(doc, _("When the calls are"), level=2)
    add_table(doc, [_("After"), _("Date"), _("Time"), _("Minutes")],
              [[titles.get(call.workshop) or (call.workshop or "").replace("-", " ").capitalize(), long_date(call.day) or _("To be agreed"),
                f"{call.start:%H:%M}" if call.start else "", str(call.minutes)] for call in check_in_calls(pack)],
              widths=[6.0, 6.0, 2.5, 2.5])
    space_before(add_heading(doc, text["agenda"].title, level=1))
    add_markdown(doc, text["agenda"].body)
    add_heading(doc, text["progress"].title, level=1)
    add_markdown(doc, text["progress"].body)
    rag = [_("Green"), _("Amber"), _("Red")]
    activities = [a for a in pack.activities if a.after in titles and a.id not in pack.programme.dropped]
    add_table(doc, [_("Activity"), _("After"), *rag, _("Why, and what help is needed")],
              [[a.title, titles[a.after], "☐", "☐", "☐", ""] for a in activities],
              widths=[4.0, 3.2, 2.0, 2.0, 2.0, 3.8])
    space_before(add_heading(doc, text["plan"].title, level=1))
    add_markdown(doc, text["plan"].body)
    add_table(doc, [_("Action"), _("Who leads"), *rag, _("Why, and what help is needed")],
              [["", "", "☐", "☐", "☐", ""] for _row in range(BLANK_PLAN_ROWS)],
              widths=[4.0, 3.2, 2.0, 2.0, 2.0, 3.8])
    add_heading(doc, text["report-back"].title, level=1).paragraph_format.page_break_before = True
    add_markdown(doc, text["report-back"].body)
    return doc


@register
class CheckInWriter(Writer):
    kind = "check-in"
    audience = PARTICIPANTS
    reads = ("handouts", "workshops", "activities", "programme")

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not check_in_calls(pack):  # "not yet", or no gap between workshops to check in
            return
        _ = labels_for(pack.profile)
        yield Output(self.kind, f"check-in/{pack.profile.slug}-check-in.docx",
                     lambda: finish(build_check_in(pack), pack, participant_style(pack.profile),
                                    _("Check-in calls: {charity}").format(charity=pack.profile.name)))
