"""The `remote-deck` writer: one PPTX per online session of each workshop delivered online.

The sessions, with their dates and times, are planned before any writer runs (`pack.remote_plans`),
and so is each deck's sequence of slides (`session_plan`), which the facilitator guide quotes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Iterable

from facilitation.i18n import ENGLISH, Labels, labels_for
from facilitation.model import Block, Fence, Pack, RemotePlan, Session, Slide
from facilitation.plan.deck_plan import PlannedSlide, session_plan
from facilitation.writers import Output, Writer, register
from facilitation.writers.deck import activity_notes, new_builder, scripted_deck
from facilitation.writers.pptx.script import DeckScript

if TYPE_CHECKING:  # python-pptx is loaded only when a deck is drawn
    from facilitation.writers.pptx.slides import DeckBuilder


def online_notes(notes: str, remote: str, _: Labels = ENGLISH) -> str:
    """Speaker notes for a slide run online: its own notes, then how it runs online."""
    online = _("Online:")
    return "\n\n".join(part for part in (notes.strip(), f"**{online}**\n{remote.strip()}") if part)


def remote_text(block: Block, slide: Slide | None, fallback: str) -> str:
    """The block's own `remote` fence and the slide's, or the content's fallback sentence."""
    parts = [f.text for f in block.fences if f.name == "remote"]
    if slide is not None and slide.fence("remote"):
        parts.append(slide.fence("remote"))
    return "\n\n".join(p for p in parts if p.strip()) or fallback


def subtitle(pack: Pack, session: Session) -> list[str]:
    when = f"{labels_for(pack.profile).date(session.date)}, " if session.date else ""
    lines = [pack.profile.name, f"{when}{session.start:%H:%M}–{session.end:%H:%M}"]
    return lines + [pack.profile.remote_platform] if pack.profile.remote_platform else lines


def _notes(plan: RemotePlan, planned: PlannedSlide, _: Labels) -> str:
    """Speaker notes: the slide's own, then how its block runs online (the frame's need no more)."""
    item = planned.item
    if planned.kind == "frame":
        extra = remote_text(item.piece.block, None, "") if item.piece else ""  # a workshop break
        return online_notes(planned.slide.notes, extra, _) if extra else planned.slide.notes
    block = item.piece.block
    if planned.kind == "activity":
        return online_notes(activity_notes(block, _), remote_text(block, None, plan.no_adaptation), _)
    return online_notes(planned.slide.notes, remote_text(block, planned.slide, plan.no_adaptation), _)


def build_session_deck(pack: Pack, plan: RemotePlan, session: Session,
                       deck: DeckBuilder | DeckScript | None = None):
    """Draw the session's planned slides in order (the guide quotes the same plan's numbers), on a
    new DeckBuilder, or into `deck` (a DeckScript records the calls)."""
    deck = deck if deck is not None else new_builder(pack)
    _ = labels_for(pack.profile)
    for planned in session_plan(plan, session, _):
        if planned.kind == "title":
            deck.title_slide(planned.title, subtitle(pack, session),
                             notes=plan.workshop.summary or session.glance_notes)
        elif planned.kind == "overview":
            lines = [f"{item.start:%H:%M}  {item.title}" for item in session.items if item.minutes]
            half = (len(lines) + 1) // 2
            deck.columns(planned.title, lines[:half], lines[half:], notes=session.glance_notes)
        elif planned.kind == "activity":
            invitation = str(planned.item.piece.block.activity.get("invitation", "")).strip()
            deck.section(planned.title, [invitation, f"{planned.item.start:%H:%M}–{planned.item.end:%H:%M}"],
                         notes=_notes(plan, planned, _))
        else:
            notes = _notes(plan, planned, _)
            deck.content(replace(planned.slide, title=planned.title, fences=(Fence("notes", notes, planned.slide.line),)))
    return deck


@register
class RemoteDeckWriter(Writer):
    kind = "remote-deck"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not pack.remote:
            return
        for workshop_id, plan in pack.remote_plans.items():
            _ = labels_for(pack.profile)
            for session in plan.sessions:
                save = dict(title=f"{session.title} — {pack.profile.short_name}", author=_("Involvement Team"),
                            subject=pack.profile.name, when=pack.timestamp)
                yield scripted_deck(self.kind, f"remote/{workshop_id}/session-{session.number}.pptx", pack,
                                    lambda script, plan=plan, session=session: build_session_deck(pack, plan, session,
                                                                                                  script),
                                    save, workshop=workshop_id, session=session.number, minutes=session.minutes)
