"""The `facilitator-guide` writer: a printable run-sheet per workshop (DOCX)."""

from __future__ import annotations

from typing import Iterable

from docx import Document

from facilitation.model import Agenda, Pack
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx_text import add_markdown, add_table, save

LEADS = {"facilitator": "Facilitator", "co-facilitator": "Co-facilitator", "both": "Both"}


def effective_lead(lead: str, co_facilitation: bool) -> str:
    """Without a co-facilitator, the facilitator leads every part."""
    return lead if co_facilitation else "facilitator"


def build_guide(pack: Pack, agenda: Agenda):
    profile, workshop = pack.profile, agenda.workshop
    doc = Document(str(pack.templates / "guide.docx"))
    doc.add_paragraph(f"{workshop.title}", style="Title")
    doc.add_paragraph(f"Facilitator guide for {profile.name}")
    date = f"{agenda.date:%A %d %B %Y}" if agenda.date else "Date to be agreed"
    place = profile.venue if profile.delivery == "in-person" else f"Online ({profile.remote_platform})"
    facilitators = ", ".join(profile.facilitators) or "Involvement Team"
    if profile.co_facilitation:
        facilitators += f"; co-facilitator: {profile.co_facilitator_name or 'to be confirmed'}"
    add_table(doc, ["", ""], [["Date", date], ["Time", f"{agenda.start:%H:%M}–{agenda.end:%H:%M}"],
                              ["Where", place or "To be agreed"], ["Facilitators", facilitators]])
    if workshop.summary:
        doc.add_paragraph(workshop.summary)

    doc.add_heading("The day at a glance", level=1)
    rows = [[f"{i.start:%H:%M}–{i.end:%H:%M}", i.block.title, i.block.kind,
             LEADS[effective_lead(i.block.lead, profile.co_facilitation)], str(i.block.duration)]
            for i in agenda.items]
    add_table(doc, ["Time", "Block", "Kind", "Lead", "Minutes"], rows)
    doc.add_paragraph(f"Total: {agenda.total_minutes} minutes.")

    slide_number = 2  # the title slide and the day at a glance come first in the deck
    for item in agenda.items:
        block = item.block
        doc.add_heading(f"{item.start:%H:%M}  {block.title}", level=1)
        lead = LEADS[effective_lead(block.lead, profile.co_facilitation)]
        doc.add_paragraph(f"{block.duration} minutes · {block.kind} · led by {lead.lower()}")
        if block.fence("content-warning"):
            doc.add_heading("Content warning", level=2)
            add_markdown(doc, block.fence("content-warning"))
        for heading, fence in (("Purpose and steps", "facilitator"), ("Accessibility", "accessibility")):
            if block.fence(fence):
                doc.add_heading(heading, level=2)
                add_markdown(doc, block.fence(fence))
        if block.activity:
            doc.add_heading(f"Activity: {block.activity.get('structure', '')}", level=2)
            for key in ("invitation", "space", "participants", "groups"):
                doc.add_paragraph(f"{key.capitalize()}: {block.activity.get(key, '')}")
            add_table(doc, ["Minutes", "Step"], [[str(s.get("minutes", "")), str(s.get("do", ""))]
                                                 for s in block.activity.get("steps", [])])
        if block.materials:
            doc.add_heading("Materials", level=2)
            for material in block.materials:
                doc.add_paragraph(material, style="List Bullet")
        if block.kind == "break" and not block.slides:
            slide_number += 1
        for slide in block.slides:
            slide_number += 1
            doc.add_heading(f"Slide {slide_number}: {slide.title}", level=2)
            add_markdown(doc, slide.notes)
        if block.activity and not (block.kind == "break"):
            slide_number += 1
    return doc


@register
class GuideWriter(Writer):
    kind = "facilitator-guide"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            agenda = pack.agendas[workshop.id]

            def render(agenda=agenda) -> bytes:
                doc = build_guide(pack, agenda)
                return save(doc, title=f"Facilitator guide: {agenda.workshop.title}", author="Involvement Team",
                            subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"guides/{workshop.id}-facilitator-guide.docx", render, workshop=workshop.id)
