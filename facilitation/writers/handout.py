"""The `handout` writer: what participants take away from a workshop (DOCX).

The standard handout is always built: what the workshop is for, its plan with clock times (online:
session by session, from the delivery plan), the key ideas (the ladders on its slides and the
principles in content/handouts/handout.md), space for notes, and what happens next. A large-print
copy is built when the profile asks for `large-print`, and an Easy Read one, written in
content/handouts/easy-read.md with an icon beside each idea, when it asks for `easy-read`.
"""

from __future__ import annotations

from typing import Iterable

from docx.shared import Pt

from facilitation.content.markdown import parse_inline
from facilitation.i18n import labels_for
from facilitation.model import Diagram, Pack, Workshop, plain
from facilitation.plan.delivery import Sitting, workshop_sittings
from facilitation.plan.audience import PARTICIPANTS
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.participant import (EASY_READ, LARGE_PRINT, STANDARD, ParticipantStyle, add_write_in_box,
                                                   clock, contact_line, finish, new_document, participant_style,
                                                   space_before)
from facilitation.writers.docx.text import add_heading, add_markdown, add_styled, add_table

ICON_SIZE = 2.0  # the icon beside an Easy Read point, as a multiple of the body size


def plain_text(markdown: str) -> str:
    """Markdown as one line of plain text (for a table cell)."""
    return " ".join(plain(parse_inline(line.strip())) for line in markdown.splitlines() if line.strip())


def ladders(workshop: Workshop) -> list[tuple[str, Diagram]]:
    """The ladder diagrams on the workshop's slides, with their slides' titles."""
    return [(slide.title, element) for slide in workshop.slides for element in slide.elements
            if isinstance(element, Diagram) and element.kind == "ladder"]


def when_line(sitting: Sitting, _) -> str:
    if sitting.date is None:
        return _("{day}, {times}").format(day=_("Date to be agreed"), times=clock(sitting))
    return _.date_with(sitting.date, f", {clock(sitting)}")  # each language's date, with the times


# ---- standard and large print ---------------------------------------------------------------------


def _plan(doc, sittings: tuple[Sitting, ...], _) -> None:
    for sitting in sittings:
        heading = (_("Session {number}: {when}").format(number=sitting.number, when=when_line(sitting, _))
                   if sitting.online else when_line(sitting, _))
        add_heading(doc, heading, level=2)
        rows = [[clock(part), part.title, plain_text(part.block.fence("participants"))] for part in sitting.parts]
        add_table(doc, [_("Time"), _("What we do"), _("What it is about")], rows, widths=[4.4, 4.8, 7.8])


def _ideas(doc, workshop: Workshop, section, _) -> None:
    add_heading(doc, section.title, level=1)
    add_markdown(doc, section.body)
    for title, ladder in ladders(workshop):
        add_heading(doc, title, level=2)
        doc.add_paragraph(_("From the top rung down:"))
        for rung in ladder.items:
            add_styled(doc, f"{rung.label}: {rung.detail}" if rung.detail else rung.label, "List Bullet")


def build_handout(pack: Pack, workshop: Workshop, style: ParticipantStyle):
    _ = labels_for(pack.profile)
    text = pack.handouts.by_workshop[workshop.id]["handout"]
    sittings = workshop_sittings(pack, workshop.id)
    doc = new_document(pack, style)
    add_heading(doc, workshop.title, level=0)
    doc.add_paragraph(pack.profile.name)
    add_heading(doc, text["purpose"].title, level=1)
    doc.add_paragraph(workshop.summary)
    add_markdown(doc, text["purpose"].body)
    add_heading(doc, text["agenda"].title, level=1)
    add_markdown(doc, text["agenda"].body)
    _plan(doc, sittings, _)
    _ideas(doc, workshop, text["ideas"], _)
    add_heading(doc, text["notes"].title, level=1)
    add_markdown(doc, text["notes"].body)
    add_write_in_box(doc, _("Your notes"), height_cm=8.0)
    add_heading(doc, text["next"].title, level=1)
    add_markdown(doc, text["next"].body)
    if contact_line(pack.profile):
        space_before(doc.add_paragraph(_("Your contact: {contact}").format(contact=contact_line(pack.profile))))
    return doc


# ---- Easy Read ------------------------------------------------------------------------------------


def _points(doc, points, style: ParticipantStyle, _) -> None:
    """Each idea on its own row, its icon beside it."""
    table = add_table(doc, [_("Picture"), _("What it means")], [[p.icon, p.text] for p in points], widths=[3.0, 14.0])
    for row in table.rows[1:]:
        for run in row.cells[0].paragraphs[0].runs:
            run.font.size = Pt(style.body * ICON_SIZE)


def _easy_when(sittings: tuple[Sitting, ...], _) -> list[str]:
    if not sittings[0].online:
        sitting = sittings[0]
        lines = [_("The workshop is on {day}.").format(day=_.date(sitting.date))] if sitting.date else []
        return lines + [_("It starts at {start}.").format(start=f"{sitting.start:%H:%M}"),
                        _("It ends at {end}.").format(end=f"{sitting.end:%H:%M}")]
    lines = [_("There are {count} online sessions.").format(count=len(sittings))]
    for sitting in sittings:
        day = _.date(sitting.date) or _("a day we agree")
        lines.append(_("Session {number} is on {day}.").format(number=sitting.number, day=day))
        lines.append(_("It runs from {start} to {end}.").format(start=f"{sitting.start:%H:%M}", end=f"{sitting.end:%H:%M}"))
    return lines


def build_easy_read(pack: Pack, workshop: Workshop, style: ParticipantStyle):
    _ = labels_for(pack.profile)
    sections = pack.handouts.by_workshop[workshop.id]["easy-read"]
    easy = pack.handouts.easy_read[workshop.id]
    doc = new_document(pack, style)
    add_heading(doc, workshop.title, level=0)
    doc.add_paragraph(_("Easy Read"))
    add_heading(doc, sections["about"].title, level=1)
    _points(doc, easy.about, style, _)
    add_heading(doc, sections[workshop.id].title, level=1)
    _points(doc, easy.points, style, _)
    add_heading(doc, _("When"), level=1)
    for line in _easy_when(workshop_sittings(pack, workshop.id), _):
        doc.add_paragraph(line)
    add_heading(doc, sections[f"{workshop.id}-words"].title, level=1)
    add_table(doc, [_("Word"), _("What it means")], [[word, meaning] for word, meaning in easy.words], widths=[5.0, 12.0])
    add_heading(doc, sections["next"].title, level=1)
    _points(doc, easy.next, style, _)
    if contact_line(pack.profile):
        space_before(doc.add_paragraph(_("Your contact is {contact}.").format(contact=contact_line(pack.profile))))
    return doc


# ---- the writer -----------------------------------------------------------------------------------

PATHS = {STANDARD: "handouts/{w}-handout.docx", LARGE_PRINT: "handouts/{w}-handout-large-print.docx",
         EASY_READ: "handouts/{w}-handout-easy-read.docx"}


def variants(pack: Pack) -> list[str]:
    """The standard handout always; large print and Easy Read when the profile asks for them."""
    return [STANDARD] + [v for v in (LARGE_PRINT, EASY_READ) if v in pack.profile.accessibility]


def render_handout(pack: Pack, workshop: Workshop, variant: str) -> bytes:
    _ = labels_for(pack.profile)
    style = participant_style(pack.profile, variant)
    doc = build_easy_read(pack, workshop, style) if variant == EASY_READ else build_handout(pack, workshop, style)
    return finish(doc, pack, style, _.fill("Handout: {title}", title=workshop.title))


@register
class HandoutWriter(Writer):
    kind = "handout"
    audience = PARTICIPANTS

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            for variant in variants(pack):
                yield Output(self.kind, PATHS[variant].format(w=workshop.id),
                             lambda workshop=workshop, variant=variant: render_handout(pack, workshop, variant),
                             workshop=workshop.id, variant=variant)
