"""The `remote-deck` writer: one PPTX per online session of each workshop (remote delivery only).

The sessions, with their dates and times, are planned before any writer runs (`pack.remote_plans`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from facilitation.model import Block, Fence, Pack, RemotePlan, Session, Slide
from facilitation.plan.dates import long_date
from facilitation.writers import Output, Writer, register
from facilitation.writers.deck import ACTIVITY_KINDS, activity_notes, new_builder
from facilitation.writers.slides import DeckBuilder


def online_notes(notes: str, remote: str) -> str:
    """Speaker notes for a slide run online: its own notes, then how it runs online."""
    return "\n\n".join(part for part in (notes.strip(), f"**Online:**\n{remote.strip()}") if part)


def remote_text(block: Block, slide: Slide | None, fallback: str) -> str:
    """The block's own `remote` fence and the slide's, or the content's fallback sentence."""
    parts = [f.text for f in block.fences if f.name == "remote"]
    if slide is not None and slide.fence("remote"):
        parts.append(slide.fence("remote"))
    return "\n\n".join(p for p in parts if p.strip()) or fallback


def subtitle(pack: Pack, session: Session) -> list[str]:
    when = f"{long_date(session.date)}, " if session.date else ""
    lines = [pack.profile.name, f"{when}{session.start:%H:%M}–{session.end:%H:%M}"]
    return lines + [pack.profile.remote_platform] if pack.profile.remote_platform else lines


class Titles:
    """Keeps slide titles unique in a deck, as screen readers and navigation need."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, title: str) -> str:
        unique, n = title, 2
        while unique in self.used:
            unique, n = f"{title} ({n})", n + 1
        self.used.add(unique)
        return unique


def _show(deck: DeckBuilder, titles: Titles, slide: Slide, notes: str) -> None:
    deck.content(replace(slide, title=titles(slide.title), fences=(Fence("notes", notes, slide.line),)))


def build_session_deck(pack: Pack, plan: RemotePlan, session: Session) -> DeckBuilder:
    deck, titles = new_builder(pack), Titles()
    deck.title_slide(titles(session.title), subtitle(pack, session),
                     notes=plan.workshop.summary or session.glance_notes)
    lines = [f"{item.start:%H:%M}  {item.title}" for item in session.items if item.minutes]
    half = (len(lines) + 1) // 2
    deck.columns(titles(session.glance), lines[:half], lines[half:], notes=session.glance_notes)
    for n, item in enumerate(session.items):
        piece = item.piece
        if item.part is not None:  # the session's frame, or a workshop break shown as one
            extra = remote_text(piece.block, None, "") if piece else ""
            for slide in item.part.slides:
                _show(deck, titles, slide, online_notes(slide.notes, extra) if extra else slide.notes)
            continue
        block = piece.block
        for slide in item.slides:
            _show(deck, titles, slide, online_notes(slide.notes, remote_text(block, slide, plan.no_adaptation)))
        continues = any(later.piece is piece for later in session.items[n + 1:])
        if piece.last_part and not continues and block.activity and block.kind in ACTIVITY_KINDS:
            invitation = str(block.activity.get("invitation", "")).strip()
            deck.section(titles(f"Over to you: {block.title}"), [invitation, f"{item.start:%H:%M}–{item.end:%H:%M}"],
                         notes=online_notes(activity_notes(block), remote_text(block, None, plan.no_adaptation)))
    return deck


@register
class RemoteDeckWriter(Writer):
    kind = "remote-deck"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if not pack.remote:
            return
        for workshop_id, plan in pack.remote_plans.items():
            for session in plan.sessions:

                def render(plan=plan, session=session) -> bytes:
                    deck = build_session_deck(pack, plan, session)
                    return deck.save(title=f"{session.title} — {pack.profile.short_name}", author="Involvement Team",
                                     subject=pack.profile.name, when=pack.timestamp)

                yield Output(self.kind, f"remote/{workshop_id}/session-{session.number}.pptx", render,
                             workshop=workshop_id, session=session.number, minutes=session.minutes)
