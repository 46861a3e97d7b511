"""The `remote-plan` writer: how one workshop runs online, session by session (DOCX).

It holds the sessions with their dates (or the suggested spacing) and clock times, the
platform, what to send participants a week ahead, the technology and access checks, the roles
on the call, then a run-sheet per session with each block's online adaptation.
"""

from __future__ import annotations

from typing import Iterable

from docx import Document

from facilitation.model import Pack, Piece, RemotePlan, Session, SessionItem
from facilitation.plan.agenda import effective_lead
from facilitation.plan.dates import long_date
from facilitation.plan.remote import online_minutes
from facilitation.writers import Output, Writer, register
from facilitation.writers.ooxml import template
from facilitation.writers.docx.text import (add_heading, add_markdown, add_page_numbers, add_styled, add_table,
                                            save, set_heading_colour, set_language, use_font_everywhere)
from facilitation.writers.guide import GUIDE_SIZES, HEADING_COLOUR

LEAD_WORDS = {"facilitator": "the facilitator", "co-facilitator": "the co-facilitator",
              "both": "the facilitator and co-facilitator"}


def when(session: Session) -> str:
    day = f"{long_date(session.date)}, " if session.date else ""
    return f"{day}{session.start:%H:%M}–{session.end:%H:%M}"


def piece_remote(piece: Piece) -> str:
    """How a block (or the part of it in this session) runs online: its `remote` fences."""
    parts = [f.text for f in piece.block.fences if f.name == "remote"]
    parts += [s.fence("remote") for s in piece.slides if s.fence("remote")]
    return "\n\n".join(p for p in parts if p.strip())


def piece_line(item: SessionItem, co_facilitation: bool) -> str:
    """Minutes, kind and lead of a workshop piece, saying where its length changed online."""
    piece = item.piece
    block = piece.block
    changed = online_minutes(block) != block.duration and piece.parts == 1
    room = f" ({block.duration} in the room)" if changed else ""
    lead = LEAD_WORDS[effective_lead(block.lead, co_facilitation)]
    partial = piece.parts > 1 or item.slides != piece.slides
    slides = f" · slides: {', '.join(s.title for s in item.slides)}" if partial else ""
    return f"{item.minutes} minutes online{room} · {block.kind} · led by {lead}{slides}"


def _cover(doc, pack: Pack, plan: RemotePlan) -> None:
    profile, workshop = pack.profile, plan.workshop
    add_styled(doc, f"{workshop.title} — online sessions", "Title")
    doc.add_paragraph(f"Remote plan for {profile.name}")
    dated = all(s.date for s in plan.sessions)
    rows = [["Platform", plan.platform or "To be agreed"],
            ["Sessions", f"{len(plan.sessions)} online sessions of up to {plan.max_minutes} minutes"],
            ["When", f"From {long_date(plan.sessions[0].date)}, on working days" if dated else "Dates to be agreed"],
            ["Facilitators", ", ".join(profile.facilitators) or "Involvement Team"]]
    if profile.co_facilitation:
        rows.append(["Co-facilitator", profile.co_facilitator_name or "To be confirmed"])
    add_table(doc, ["What", "Details"], rows, widths=[4.5, 12.5])
    if workshop.summary:
        doc.add_paragraph(workshop.summary)


def _sessions(doc, plan: RemotePlan) -> None:
    add_heading(doc, "The sessions", level=1)
    rows = [[str(s.number), long_date(s.date) or "To be agreed", f"{s.start:%H:%M}–{s.end:%H:%M}", str(s.minutes),
             "; ".join(p.title for p in s.pieces)] for s in plan.sessions]
    add_table(doc, ["Session", "Date", "Time", "Minutes", "What it covers"], rows, widths=[2.2, 3.6, 2.6, 2.0, 6.6])
    doc.add_paragraph(plan.spacing)  # what the calendar does: the spacing rule
    if plan.dropped:
        left_out = ", ".join(f"{b.title} ({b.duration} minutes)" for b in plan.dropped)
        doc.add_paragraph(f"Left out online: {left_out}.")


def _session(doc, pack: Pack, plan: RemotePlan, session: Session) -> None:
    add_heading(doc, f"Session {session.number} of {len(plan.sessions)}: {when(session)}", level=1)
    add_table(doc, ["Time", "Part", "Minutes"],
              [[f"{i.start:%H:%M}–{i.end:%H:%M}", i.title, str(i.minutes)] for i in session.items],
              widths=[3.0, 11.5, 2.5])
    doc.add_paragraph(f"Total: {session.minutes} minutes (at most {plan.max_minutes}). "
                      f"The deck is remote/{plan.workshop.id}/session-{session.number}.pptx.")
    for item in session.items:
        add_heading(doc, f"{item.start:%H:%M}  {item.title}", level=2)
        if item.piece is not None and not item.piece.is_break:
            doc.add_paragraph(piece_line(item, pack.profile.co_facilitation))
            add_markdown(doc, piece_remote(item.piece) or plan.no_adaptation)
        elif item.part is not None:
            doc.add_paragraph(f"{item.minutes} minutes")
            add_markdown(doc, item.part.fence("facilitator"))


def build_remote_plan(pack: Pack, plan: RemotePlan):
    pack = pack.for_workshop(plan.workshop.id)
    doc = Document(template(pack.templates / "guide.docx"))
    use_font_everywhere(doc, "Arial", 11, GUIDE_SIZES)
    set_heading_colour(doc, HEADING_COLOUR)
    set_language(doc)
    _cover(doc, pack, plan)
    _sessions(doc, plan)
    for heading, markdown in plan.guidance:
        add_heading(doc, heading, level=1)
        add_markdown(doc, markdown)
    for session in plan.sessions:
        _session(doc, pack, plan, session)
    add_page_numbers(doc, f"{plan.workshop.title} · {pack.profile.short_name} · remote plan")
    return doc


@register
class RemotePlanWriter(Writer):
    kind = "remote-plan"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not pack.remote:
            return
        for workshop_id, plan in pack.remote_plans.items():

            def render(plan=plan) -> bytes:
                doc = build_remote_plan(pack, plan)
                return save(doc, title=f"Remote plan: {plan.workshop.title}", author="Involvement Team",
                            subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"remote/{workshop_id}-remote-plan.docx", render, workshop=workshop_id)
