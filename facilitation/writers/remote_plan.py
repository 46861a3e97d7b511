"""The `remote-plan` writer: how one workshop runs online, session by session (DOCX).

It holds the sessions with their dates (or the suggested spacing) and clock times, the
platform, what to send participants a week ahead, the technology and access checks, the roles
on the call, then a run-sheet per session with each block's online adaptation.
"""

from __future__ import annotations

from typing import Iterable

from facilitation.i18n import ENGLISH, N_, Labels, labels_for
from facilitation.model import Pack, Piece, RemotePlan, Session, SessionItem
from facilitation.plan.agenda import effective_lead
from facilitation.plan.remote import online_minutes
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.text import add_heading, add_markdown, add_page_numbers, add_styled, add_table, save
from facilitation.writers.guide import facilitators_document

LEAD_WORDS = {"facilitator": N_("the facilitator"), "co-facilitator": N_("the co-facilitator"),
              "both": N_("the facilitator and co-facilitator")}


def when(session: Session, _: Labels = ENGLISH) -> str:
    day = f"{_.date(session.date)}, " if session.date else ""
    return f"{day}{session.start:%H:%M}–{session.end:%H:%M}"


def piece_remote(piece: Piece) -> str:
    """How a block (or the part of it in this session) runs online: its `remote` fences."""
    parts = [f.text for f in piece.block.fences if f.name == "remote"]
    parts += [s.fence("remote") for s in piece.slides if s.fence("remote")]
    return "\n\n".join(p for p in parts if p.strip())


def piece_line(item: SessionItem, co_facilitation: bool, _: Labels = ENGLISH) -> str:
    """Minutes, kind and lead of a workshop piece, saying where its length changed online."""
    piece = item.piece
    block = piece.block
    changed = online_minutes(block) != block.duration and piece.parts == 1
    room = _(" ({minutes} in the room)").format(minutes=block.duration) if changed else ""
    lead = _(LEAD_WORDS[effective_lead(block.lead, co_facilitation)])
    partial = piece.parts > 1 or item.slides != piece.slides
    slides = _(" · slides: {titles}").format(titles=", ".join(s.title for s in item.slides)) if partial else ""
    return _("{minutes} minutes online{room} · {kind} · led by {lead}{slides}").format(
        minutes=item.minutes, room=room, kind=block.kind, lead=lead, slides=slides)


def _cover(doc, pack: Pack, plan: RemotePlan) -> None:
    profile, workshop = pack.profile, plan.workshop
    _ = labels_for(profile)
    add_styled(doc, _("{workshop} — online sessions").format(workshop=workshop.title), "Title")
    add_styled(doc, _("Remote plan for {charity}").format(charity=profile.name))
    dated = all(s.date for s in plan.sessions)
    rows = [[_("Platform"), plan.platform or _("To be agreed")],
            [_("Sessions"), _("{count} online sessions of up to {minutes} minutes").format(
                count=len(plan.sessions), minutes=plan.max_minutes)],
            [_("When"), _("From {date}, on working days").format(date=_.date(plan.sessions[0].date)) if dated
             else _("Dates to be agreed")],
            [_("Facilitators"), ", ".join(profile.facilitators) or _("Involvement Team")]]
    if profile.co_facilitation:
        rows.append([_("Co-facilitator"), profile.co_facilitator_name or _("To be confirmed")])
    add_table(doc, [_("What"), _("Details")], rows, widths=[4.5, 12.5])
    if workshop.summary:
        add_styled(doc, workshop.summary)


def _sessions(doc, plan: RemotePlan, _: Labels) -> None:
    add_heading(doc, _("The sessions"), level=1)
    rows = [[str(s.number), _.date(s.date) or _("To be agreed"), f"{s.start:%H:%M}–{s.end:%H:%M}", str(s.minutes),
             "; ".join(p.title for p in s.pieces)] for s in plan.sessions]
    add_table(doc, [_("Session"), _("Date"), _("Time"), _("Minutes"), _("What it covers")], rows,
              widths=[2.2, 3.6, 2.6, 2.0, 6.6])
    add_styled(doc, plan.spacing)  # what the calendar does: the spacing rule
    if plan.dropped:
        left_out = ", ".join(_("{title} ({minutes} minutes)").format(title=b.title, minutes=b.duration)
                             for b in plan.dropped)
        add_styled(doc, _("Left out online: {blocks}.").format(blocks=left_out))


def _session(doc, pack: Pack, plan: RemotePlan, session: Session) -> None:
    _ = labels_for(pack.profile)
    add_heading(doc, _("Session {number} of {count}: {when}").format(
        number=session.number, count=len(plan.sessions), when=when(session, _)), level=1)
    add_table(doc, [_("Time"), _("Part"), _("Minutes")],
              [[f"{i.start:%H:%M}–{i.end:%H:%M}", i.title, str(i.minutes)] for i in session.items],
              widths=[3.0, 11.5, 2.5])
    add_styled(doc, _("Total: {minutes} minutes (at most {maximum}). The deck is {deck}.").format(
        minutes=session.minutes, maximum=plan.max_minutes,
        deck=f"remote/{plan.workshop.id}/session-{session.number}.pptx"))
    for item in session.items:
        add_heading(doc, f"{item.start:%H:%M}  {item.title}", level=2)
        if item.piece is not None and not item.piece.is_break:
            add_styled(doc, piece_line(item, pack.profile.co_facilitation, _))
            add_markdown(doc, piece_remote(item.piece) or plan.no_adaptation)
        elif item.part is not None:
            add_styled(doc, _("{minutes} minutes").format(minutes=item.minutes))
            add_markdown(doc, item.part.fence("facilitator"))


def build_remote_plan(pack: Pack, plan: RemotePlan):
    pack = pack.for_workshop(plan.workshop.id)
    doc = facilitators_document(pack.templates)
    _cover(doc, pack, plan)
    _ = labels_for(pack.profile)
    _sessions(doc, plan, _)
    for heading, markdown in plan.guidance:
        add_heading(doc, heading, level=1)
        add_markdown(doc, markdown)
    for session in plan.sessions:
        _session(doc, pack, plan, session)
    add_page_numbers(doc, _("{workshop} · {charity} · remote plan").format(workshop=plan.workshop.title,
                                                                           charity=pack.profile.short_name))
    return doc


@register
class RemotePlanWriter(Writer):
    kind = "remote-plan"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not pack.remote:
            return
        for workshop_id, plan in pack.remote_plans.items():

            def render(plan=plan) -> bytes:
                doc, _ = build_remote_plan(pack, plan), labels_for(pack.profile)
                return save(doc, title=_("Remote plan: {workshop}").format(workshop=plan.workshop.title),
                            author=_("Involvement Team"),
                            subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"remote/{workshop_id}-remote-plan.docx", render, workshop=workshop_id)
