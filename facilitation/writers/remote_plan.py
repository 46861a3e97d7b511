"""The `remote-plan` writer: how one workshop runs online, session by session (DOCX).

It holds the sessions with their dates (or the suggested spacing) and clock times, the
platform, what to send participants a week ahead, the technology and access checks, the roles
on the call, then a run-sheet per session with each block's online adaptation.
"""

from __future__ import annotations

from functools import cache
from typing import Iterable

from facilitation.i18n import ENGLISH, N_, Labels, labels_for
from facilitation.model import Pack, Piece, RemotePlan, Session, SessionItem
from facilitation.plan.agenda import effective_lead
from facilitation.plan.remote import online_minutes
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.script import DocumentScript
from facilitation.writers.docx.text import save
from facilitation.writers.guide import facilitators_document

LEAD_WORDS = {"facilitator": N_("the facilitator"), "co-facilitator": N_("the co-facilitator"),
              "both": N_("the facilitator and co-facilitator")}


def when(session: Session, _: Labels = ENGLISH) -> str:
    """"Monday 6 September 2027, 10:00–10:45"; in each language of a bilingual pack, so that a
    label it is put in says each half once (`i18n.BilingualLabel`)."""
    times = f"{session.start:%H:%M}–{session.end:%H:%M}"
    return _.date_with(session.date, f", {times}") if session.date else times


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


def _cover(doc: DocumentScript, pack: Pack, plan: RemotePlan) -> None:
    profile, workshop = pack.profile, plan.workshop
    _ = labels_for(profile)
    doc.styled(_("{workshop} — online sessions").format(workshop=workshop.title), "Title")
    doc.styled(_("Remote plan for {charity}").format(charity=profile.name))
    dated = all(s.date for s in plan.sessions)
    rows = [[_("Platform"), plan.platform or _("To be agreed")],
            [_("Sessions"), _("{count} online sessions of up to {minutes} minutes").format(
                count=len(plan.sessions), minutes=plan.max_minutes)],
            [_("When"), _("From {date}, on working days").format(date=_.date(plan.sessions[0].date)) if dated
             else _("Dates to be agreed")],
            [_("Facilitators"), ", ".join(profile.facilitators) or _("Involvement Team")]]
    if profile.co_facilitation:
        rows.append([_("Co-facilitator"), profile.co_facilitator_name or _("To be confirmed")])
    doc.table([_("What"), _("Details")], rows, widths=[4.5, 12.5])
    if workshop.summary:
        doc.styled(workshop.summary)


def _sessions(doc: DocumentScript, plan: RemotePlan, _: Labels) -> None:
    doc.heading(_("The sessions"), level=1)
    rows = [[str(s.number), _.date(s.date) or _("To be agreed"), f"{s.start:%H:%M}–{s.end:%H:%M}", str(s.minutes),
             "; ".join(p.title for p in s.pieces)] for s in plan.sessions]
    doc.table([_("Session"), _("Date"), _("Time"), _("Minutes"), _("What it covers")], rows,
              widths=[2.2, 3.6, 2.6, 2.0, 6.6])
    doc.styled(plan.spacing)  # what the calendar does: the spacing rule
    if plan.dropped:
        left_out = ", ".join(_("{title} ({minutes} minutes)").format(title=b.title, minutes=b.duration)
                             for b in plan.dropped)
        doc.styled(_("Left out online: {blocks}.").format(blocks=left_out))


def _session(doc: DocumentScript, pack: Pack, plan: RemotePlan, session: Session) -> None:
    _ = labels_for(pack.profile)
    doc.heading(_("Session {number} of {count}: {when}").format(
        number=session.number, count=len(plan.sessions), when=when(session, _)), level=1)
    doc.table([_("Time"), _("Part"), _("Minutes")],
              [[f"{i.start:%H:%M}–{i.end:%H:%M}", i.title, str(i.minutes)] for i in session.items],
              widths=[3.0, 11.5, 2.5])
    doc.styled(_("Total: {minutes} minutes (at most {maximum}). The deck is {deck}.").format(
        minutes=session.minutes, maximum=plan.max_minutes,
        deck=f"remote/{plan.workshop.id}/session-{session.number}.pptx"))
    for item in session.items:
        doc.heading(f"{item.start:%H:%M}  {item.title}", level=2)
        if item.piece is not None and not item.piece.is_break:
            doc.styled(piece_line(item, pack.profile.co_facilitation, _))
            doc.markdown(piece_remote(item.piece) or plan.no_adaptation)
        elif item.part is not None:
            doc.styled(_("{minutes} minutes").format(minutes=item.minutes))
            doc.markdown(item.part.fence("facilitator"))


def remote_plan_script(pack: Pack, plan: RemotePlan) -> DocumentScript:
    """Everything the remote plan says, in order: what it is made from, and so its digest (a
    facilitator's note or a slide's words, which it does not show, write it not again)."""
    pack = pack.for_workshop(plan.workshop.id)
    doc = DocumentScript()
    _cover(doc, pack, plan)
    _ = labels_for(pack.profile)
    _sessions(doc, plan, _)
    for heading, markdown in plan.guidance:
        doc.heading(heading, level=1)
        doc.markdown(markdown)
    for session in plan.sessions:
        _session(doc, pack, plan, session)
    doc.page_numbers(_("{workshop} · {charity} · remote plan").format(workshop=plan.workshop.title,
                                                                     charity=pack.profile.short_name))
    return doc


def build_remote_plan(pack: Pack, plan: RemotePlan):
    return remote_plan_script(pack, plan).write(facilitators_document(pack.templates))


@register
class RemotePlanWriter(Writer):
    kind = "remote-plan"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not pack.remote:
            return
        _ = labels_for(pack.profile)
        for workshop_id, plan in pack.remote_plans.items():
            script = cache(lambda plan=plan: remote_plan_script(pack, plan))  # made once, when first asked for
            saving = dict(title=_("Remote plan: {workshop}").format(workshop=plan.workshop.title),
                          author=_("Involvement Team"), subject=pack.profile.name, when=pack.timestamp)

            def render(script=script, saving=saving) -> bytes:
                return save(script().write(facilitators_document(pack.templates)), **saving)

            # the template and its restyling are in every output's shared digest
            yield Output(self.kind, f"remote/{workshop_id}-remote-plan.docx", render, workshop=workshop_id,
                         made_from=lambda script=script, saving=saving: (script().calls, saving))
