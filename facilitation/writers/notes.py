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

from facilitation.i18n import ENGLISH, Labels, labels_for
from facilitation.model import Agenda, Pack, Profile, TextSection
from facilitation.plan.agenda import involves_co_facilitator
from facilitation.plan.delivery import Sitting, TimedPart, workshop_sittings
from facilitation.writers import Output, Writer, register
from facilitation.writers.ooxml import template
from facilitation.writers.docx.text import (HEADING_COLOUR, add_heading, add_labelled, add_markdown, add_page_numbers,
                                            add_styled, add_table, remove_italics, save, set_heading_colour,
                                            set_language, set_line_spacing, set_page_background,
                                            use_font_everywhere)

# The shared sections with fixed places near the start; the others follow "Your parts of the day"
# in the order content/co-facilitator/ is planned in (facilitation.content.shared_text).
OPENING_SECTIONS = ("welcome", "harder-topics")
DYSLEXIA_FONTS = ("Arial", "Verdana", "Tahoma")
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


def co_facilitator_parts(sittings: tuple[Sitting, ...], profile: Profile) -> tuple[tuple[Sitting, TimedPart], ...]:
    """The parts they lead or share, with the sitting each is in."""
    return tuple((s, p) for s in sittings for p in s.parts
                 if not p.frame and involves_co_facilitator(p.block, profile.co_facilitation))


def facilitator_names(profile: Profile) -> str:
    _ = labels_for(profile)
    return _.and_join(profile.facilitators) if profile.facilitators else _("the facilitator")


def who_leads(part: TimedPart, profile: Profile) -> str:
    _ = labels_for(profile)
    return _("You") if part.block.lead == "co-facilitator" else _("You and {names}").format(
        names=facilitator_names(profile))


def contact_line(profile: Profile) -> str:
    """The charity's named contact: 'name, role, email' (empty when the profile names nobody)."""
    contact = profile.data.get("contact") or {}
    if not contact.get("name"):
        return ""
    return ", ".join(v for v in (contact["name"], contact.get("role"), contact.get("email")) if v)


def clock(item: TimedPart | Sitting, _: Labels = ENGLISH) -> str:
    return _("{start} to {end}").format(start=f"{item.start:%H:%M}", end=f"{item.end:%H:%M}")


def place(profile: Profile, online: bool) -> str:
    _ = labels_for(profile)
    return _("Online, on {platform}").format(platform=profile.remote_platform) if online else (
        profile.venue or _("To be agreed"))


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


def _at_a_glance(doc, sittings: tuple[Sitting, ...], parts, profile: Profile) -> None:
    online, _ = sittings[0].online, labels_for(profile)
    add_heading(doc, _("Your sessions at a glance") if online else _("Your day at a glance"),
                level=1).paragraph_format.page_break_before = True
    add_styled(doc, (_("These are the parts of the sessions you lead, or lead together with {names}.") if online
                       else _("These are the parts of the day you lead, or lead together with {names}."))
                      .format(names=facilitator_names(profile)))
    rows = [([str(s.number)] if online else []) + [clock(p, _), p.title, who_leads(p, profile), str(p.minutes)]
            for s, p in parts]
    add_table(doc, ([_("Session")] if online else []) + [_("Time"), _("Part"), _("Who leads"), _("Minutes")], rows,
              widths=[2.0, 3.9, 5.0, 3.6, 2.5] if online else [3.9, 6.0, 4.3, 2.8])
    for n, sitting in enumerate(sittings):
        if online:
            when = _.date(sitting.date) or _("date to be agreed")
            text = _("Session {number} is on {date}, from {start} to {end}.").format(
                number=sitting.number, date=when, start=f"{sitting.start:%H:%M}", end=f"{sitting.end:%H:%M}")
        else:
            text = _("The whole day runs from {start} to {end}.").format(start=f"{sitting.start:%H:%M}",
                                                                         end=f"{sitting.end:%H:%M}")
        line = add_styled(doc, text)
        if n == 0:
            line.paragraph_format.space_before = Pt(10)  # clear of the table above
        if sitting.breaks and online:
            add_styled(doc, _("A short screen break at {times}.").format(
                times=_.and_join(f"{p.start:%H:%M}" for p in sitting.breaks)))
        elif sitting.breaks:
            add_styled(doc, _("Breaks: {breaks}.").format(breaks="; ".join(
                _("{title} at {time}").format(title=p.title.lower(), time=f"{p.start:%H:%M}") for p in sitting.breaks)))


def _harder_topics(doc, workshop, section: TextSection) -> None:
    _section(doc, section)
    for warning in workshop.content_warnings:
        add_styled(doc, warning[:1].upper() + warning[1:], "List Bullet")


def _part(doc, sitting: Sitting, part: TimedPart, profile: Profile) -> None:
    block, _ = part.block, labels_for(profile)
    where = _("Session {number}, {time}").format(number=sitting.number, time=clock(part, _)) if sitting.online \
        else clock(part, _)
    add_heading(doc, f"{where}: {part.title}", level=2)
    lead = _("You lead this part.") if block.lead == "co-facilitator" else \
        _("You lead this part together with {names}.").format(names=facilitator_names(profile))
    add_styled(doc, _("{minutes} minutes.").format(minutes=part.minutes) + f" {lead}")
    if block.fence("content-warning"):
        add_labelled(doc, _("Take care"), " ".join(block.fence("content-warning").split()))
    own = block.fence("co-facilitator")
    if own:
        add_markdown(doc, _LABEL.sub(r"\1**\2:**", own))
    else:
        add_styled(doc, _("There are no written notes for this part yet. Ask {names} "
                            "to go through it with you beforehand.").format(names=facilitator_names(profile)))
    slides = sitting.slides_of(part)
    if slides:
        add_styled(doc, _("On the screen in this part:"))
        for planned in slides:
            add_styled(doc, _("Slide {number}: {title}").format(number=planned.number, title=planned.title),
                       "List Bullet")


def build_notes(pack: Pack, agenda: Agenda):
    pack = pack.for_workshop(agenda.workshop.id)
    profile, workshop = pack.profile, agenda.workshop
    _ = labels_for(profile)
    sittings = workshop_sittings(pack, workshop.id)
    online = workshop.online
    sections = pack.co_facilitator_sections[workshop.id]
    style = notes_style(profile)
    doc = Document(template(pack.templates / "guide.docx"))
    _style(doc, style)
    name = profile.co_facilitator_name
    add_styled(doc, _("Your notes for {workshop}").format(workshop=workshop.title), "Title")
    names = facilitator_names(profile)
    add_styled(doc, _("For {name}, co-facilitating with {names} at {charity}.").format(
        name=name, names=names, charity=profile.name) if name else
        _("Co-facilitating with {names} at {charity}.").format(names=names, charity=profile.name))
    if online:
        facts = [[_("Where"), place(profile, True)],
                 [_("Sessions"), _("{count} online sessions").format(count=len(sittings))]]
        facts += [[_("Session {number}").format(number=s.number),
                   f"{_.date(s.date) or _('To be agreed')}, {clock(s, _)}"] for s in sittings]
    else:
        facts = [[_("Date"), _.date(agenda.date) or _("To be agreed")], [_("Time"), clock(sittings[0], _)],
                 [_("Where"), place(profile, False)]]
    facts.append([_("Working with"), facilitator_names(profile)])
    if contact_line(profile):
        facts.append([_("Contact at {charity}").format(charity=profile.short_name), contact_line(profile)])
    add_table(doc, [_("What"), _("Details")], facts, widths=[5.0, 12.0])
    _section(doc, sections["welcome"])

    parts = co_facilitator_parts(sittings, profile)
    _at_a_glance(doc, sittings, parts, profile)
    _harder_topics(doc, workshop, sections["harder-topics"])

    add_heading(doc, _("Your parts of the sessions") if online else _("Your parts of the day"),
                level=1).paragraph_format.page_break_before = True
    for sitting, part in parts:
        _part(doc, sitting, part, profile)

    later = [section for key, section in sections.items() if key not in OPENING_SECTIONS]
    for number, section in enumerate(later):
        _section(doc, section, new_page=number == 0)
    if style.dyslexia_friendly:
        remove_italics(doc)
    add_page_numbers(doc, _("Notes for {name}: {workshop}").format(name=name or _("the co-facilitator"),
                                                                    workshop=workshop.title))
    return doc


@register
class NotesWriter(Writer):
    kind = "co-facilitator-notes"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not pack.profile.co_facilitation:
            return
        for workshop in pack.workshops:
            agenda = pack.agendas[workshop.id]
            if not co_facilitator_parts(workshop_sittings(pack, workshop.id), pack.profile.for_workshop(workshop.id)):
                continue

            def render(agenda=agenda) -> bytes:
                doc = build_notes(pack, agenda)
                _ = labels_for(pack.profile)
                who = pack.profile.co_facilitator_name or _("the co-facilitator")
                return save(doc, title=_("Notes for {name}: {workshop}").format(name=who, workshop=agenda.workshop.title),
                            author=_("Involvement Team"),
                            subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"notes/{workshop.id}-co-facilitator-notes.docx", render, workshop=workshop.id)
