"""The `co-facilitator-notes` writer: plain-English notes for a lived-experience co-facilitator (DOCX).

Written for them, not about them: only the parts they lead or share, each with its
`::: co-facilitator` fence, plus the shared text in content/co-facilitator/ (preparation,
wellbeing, payment …). Facilitator-only fences (facilitator, notes, remote, materials,
accessibility, activity) never appear here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from docx import Document
from docx.shared import Pt

from facilitation.model import Agenda, AgendaItem, Pack, Profile, TextSection
from facilitation.plan.agenda import involves_co_facilitator
from facilitation.plan.dates import long_date
from facilitation.plan.deck_plan import deck_plan, slides_of
from facilitation.writers import Output, Writer, register
from facilitation.writers.ooxml import template
from facilitation.writers.docx_text import (add_heading, add_labelled, add_markdown, add_page_numbers,
                                            add_styled, add_table, remove_italics, save, set_heading_colour,
                                            set_language, set_line_spacing, set_page_background,
                                            use_font_everywhere)

# The shared sections with fixed places near the start; the others follow "Your parts of the day"
# in the order content/co-facilitator/ is planned in (facilitation.content.shared_text).
OPENING_SECTIONS = ("welcome", "harder-topics")
DYSLEXIA_FONTS = ("Arial", "Verdana", "Tahoma")
HEADING_COLOUR = "1F4E79"  # the template's heading blue: 8.6:1 on white, 8:1 on cream
CREAM = "FFF8E7"
# "Label:" at the start of a fence paragraph ("What you do:", "Your cue:") is shown in bold.
_LABEL = re.compile(r"(^|\n\n)([A-Z][A-Za-z' ]{1,30}):(?=\s)")


# ---- who, where, when -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NotesStyle:
    font: str
    body: float  # points
    dyslexia_friendly: bool

    @property
    def heading_sizes(self) -> dict[str, float]:
        return {"Title": 2 * self.body, "Heading 1": round(1.4 * self.body), "Heading 2": round(1.2 * self.body),
                "Heading 3": round(1.1 * self.body)}


def notes_style(profile: Profile) -> NotesStyle:
    """14 pt body, 16 pt for large print; a plain sans-serif font when dyslexia-friendly is asked for."""
    dyslexia = "dyslexia-friendly" in profile.accessibility
    font = profile.branding.font
    if dyslexia and font not in DYSLEXIA_FONTS:
        font = "Arial"
    return NotesStyle(font, 16 if "large-print" in profile.accessibility else 14, dyslexia)


def co_facilitator_parts(agenda: Agenda, profile: Profile) -> tuple[AgendaItem, ...]:
    return tuple(i for i in agenda.items if involves_co_facilitator(i.block, profile.co_facilitation))


def facilitator_names(profile: Profile) -> str:
    return " and ".join(profile.facilitators) or "the facilitator"


def who_leads(item: AgendaItem, profile: Profile) -> str:
    return "You" if item.block.lead == "co-facilitator" else f"You and {facilitator_names(profile)}"


def contact_line(profile: Profile) -> str:
    """The charity's named contact: 'name, role, email' (empty when the profile names nobody)."""
    contact = profile.data.get("contact") or {}
    if not contact.get("name"):
        return ""
    return ", ".join(v for v in (contact["name"], contact.get("role"), contact.get("email")) if v)


def clock(item: AgendaItem) -> str:
    return f"{item.start:%H:%M} to {item.end:%H:%M}"


def place(profile: Profile) -> str:
    online = f"Online, on {profile.remote_platform}"
    if profile.delivery == "remote":
        return online
    if profile.delivery == "hybrid":
        return f"{profile.venue}, and online on {profile.remote_platform}" if profile.venue else online
    return profile.venue or "To be agreed"


# ---- the document ---------------------------------------------------------------------------------


def _style(doc, style: NotesStyle) -> None:
    use_font_everywhere(doc, style.font, style.body, style.heading_sizes)
    set_language(doc)
    set_heading_colour(doc, HEADING_COLOUR)
    if style.dyslexia_friendly:
        set_line_spacing(doc, 1.5)
        set_page_background(doc, CREAM)


def _section(doc, section: TextSection, new_page: bool = False) -> None:
    add_heading(doc, section.title, level=1).paragraph_format.page_break_before = new_page or None
    add_markdown(doc, section.body, heading_level=2)


def _day_at_a_glance(doc, agenda: Agenda, parts: tuple[AgendaItem, ...], profile: Profile) -> None:
    add_heading(doc, "Your day at a glance", level=1).paragraph_format.page_break_before = True
    doc.add_paragraph("These are the parts of the day you lead, or lead together with "
                      f"{facilitator_names(profile)}.")
    add_table(doc, ["Time", "Part of the day", "Who leads", "Minutes"],
              [[clock(i), i.block.title, who_leads(i, profile), str(i.block.duration)] for i in parts],
              widths=[3.9, 6.0, 4.3, 2.8])
    breaks = [i for i in agenda.items if i.block.kind == "break"]
    whole_day = doc.add_paragraph(f"The whole day runs from {agenda.start:%H:%M} to {agenda.end:%H:%M}.")
    whole_day.paragraph_format.space_before = Pt(10)  # clear of the table above
    if breaks:
        doc.add_paragraph("Breaks: " + "; ".join(f"{i.block.title.lower()} at {i.start:%H:%M}" for i in breaks) + ".")


def _harder_topics(doc, agenda: Agenda, section: TextSection) -> None:
    _section(doc, section)
    for warning in agenda.workshop.content_warnings:
        add_styled(doc, warning[:1].upper() + warning[1:], "List Bullet")


def _part(doc, item: AgendaItem, plan, profile: Profile) -> None:
    block = item.block
    add_heading(doc, f"{clock(item)}: {block.title}", level=2)
    lead = "You lead this part." if block.lead == "co-facilitator" else \
        f"You lead this part together with {facilitator_names(profile)}."
    doc.add_paragraph(f"{block.duration} minutes. {lead}")
    if block.fence("content-warning"):
        add_labelled(doc, "Take care", " ".join(block.fence("content-warning").split()))
    own = block.fence("co-facilitator")
    if own:
        add_markdown(doc, _LABEL.sub(r"\1**\2:**", own))
    else:
        doc.add_paragraph(f"There are no written notes for this part yet. Ask {facilitator_names(profile)} "
                          "to go through it with you before the day.")
    slides = [p for p in slides_of(plan, item)]
    if slides:
        doc.add_paragraph("On the screen in this part:")
        for planned in slides:
            add_styled(doc, f"Slide {planned.number}: {planned.title}", "List Bullet")


def build_notes(pack: Pack, agenda: Agenda):
    profile, workshop = pack.profile, agenda.workshop
    sections = pack.co_facilitator_sections[workshop.id]
    style = notes_style(profile)
    doc = Document(template(pack.templates / "guide.docx"))
    _style(doc, style)
    name = profile.co_facilitator_name
    add_styled(doc, f"Your notes for {workshop.title}", "Title")
    role = f"co-facilitating with {facilitator_names(profile)} at {profile.name}."
    doc.add_paragraph(f"For {name}, {role}" if name else f"C{role[1:]}")
    date = long_date(agenda.date) or "To be agreed"
    facts = [["Date", date], ["Time", f"{agenda.start:%H:%M} to {agenda.end:%H:%M}"], ["Where", place(profile)],
             ["Working with", facilitator_names(profile)]]
    if contact_line(profile):
        facts.append([f"Contact at {profile.short_name}", contact_line(profile)])
    add_table(doc, ["What", "Details"], facts, widths=[5.0, 12.0])
    _section(doc, sections["welcome"])

    parts = co_facilitator_parts(agenda, profile)
    _day_at_a_glance(doc, agenda, parts, profile)
    _harder_topics(doc, agenda, sections["harder-topics"])

    add_heading(doc, "Your parts of the day", level=1).paragraph_format.page_break_before = True
    plan = deck_plan(agenda)
    for item in parts:
        _part(doc, item, plan, profile)

    later = [section for key, section in sections.items() if key not in OPENING_SECTIONS]
    for number, section in enumerate(later):
        _section(doc, section, new_page=number == 0)
    if style.dyslexia_friendly:
        remove_italics(doc)
    add_page_numbers(doc, f"Notes for {name or 'the co-facilitator'}: {workshop.title}")
    return doc


@register
class NotesWriter(Writer):
    kind = "co-facilitator-notes"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not pack.profile.co_facilitation:
            return
        for workshop in pack.workshops:
            agenda = pack.agendas[workshop.id]
            if not co_facilitator_parts(agenda, pack.profile):
                continue

            def render(agenda=agenda) -> bytes:
                doc = build_notes(pack, agenda)
                who = pack.profile.co_facilitator_name or "the co-facilitator"
                return save(doc, title=f"Notes for {who}: {agenda.workshop.title}", author="Involvement Team",
                            subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"notes/{workshop.id}-co-facilitator-notes.docx", render, workshop=workshop.id)
