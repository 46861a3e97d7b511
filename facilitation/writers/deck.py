"""The `deck` writer: one PPTX per workshop delivered in person, tailored and branded for the charity.

A workshop delivered online has no deck of its own: each online session has one (`remote-deck`),
dated for its own sitting, so no deck claims a day that never happens.
"""

from __future__ import annotations

from typing import Iterable

from facilitation.model import Agenda, Block, Pack
from facilitation.plan.dates import long_date
from facilitation.plan.deck_plan import ACTIVITY_KINDS, deck_plan  # noqa: F401 (ACTIVITY_KINDS re-exported)
from facilitation.writers import Output, Writer, register
from facilitation.writers.pptx.slides import DeckBuilder


def new_builder(pack: Pack) -> DeckBuilder:
    brand = pack.profile.branding
    return DeckBuilder(pack.templates / "deck.pptx", primary=brand.primary, secondary=brand.secondary,
                       font=brand.font, content_root=pack.content_root, logo=brand.logo,
                       logo_alt=f"{pack.profile.name} logo", large_print="large-print" in pack.profile.accessibility)


def subtitle_lines(pack: Pack, agenda: Agenda) -> list[str]:
    profile = pack.profile
    when = f"{long_date(agenda.date)}, " if agenda.date else ""
    lines = [profile.name, f"{when}{agenda.start:%H:%M}–{agenda.end:%H:%M}"]
    return lines + [profile.venue] if profile.venue else lines


def agenda_lines(agenda: Agenda) -> list[str]:
    return [f"{item.start:%H:%M}  {item.block.title}" for item in agenda.items if item.block.duration]


def activity_notes(block: Block) -> str:
    activity = block.activity or {}
    steps = "\n".join(f"- {s.get('minutes', '')} min: {s['do']}" if s.get("minutes") else f"- {s['do']}"
                      for s in activity.get("steps", []))
    parts = [f"**{activity.get('structure', 'Activity')}**. {activity.get('participants', '')}",
             f"Groups: {activity.get('groups', '')}", f"Space and materials: {activity.get('space', '')}", steps]
    return "\n\n".join(p for p in parts if p.strip())


def build_deck(pack: Pack, agenda: Agenda) -> DeckBuilder:
    """Draw the deck's planned slides in order (the guide quotes the same plan's numbers)."""
    deck = new_builder(pack)
    workshop = agenda.workshop
    for planned in deck_plan(agenda):
        item = planned.item
        if planned.kind == "title":
            deck.title_slide(planned.title, subtitle_lines(pack, agenda), notes=workshop.summary)
        elif planned.kind == "overview":
            lines = agenda_lines(agenda)
            half = (len(lines) + 1) // 2
            deck.columns(planned.title, lines[:half], lines[half:],
                         notes=f"{workshop.summary}\n\nWalk through the day; point out the breaks and when we "
                               f"finish ({agenda.end:%H:%M}).")
        elif planned.kind == "break":
            deck.section(planned.title, [f"{item.start:%H:%M}–{item.end:%H:%M}"], notes=item.block.fence("notes")
                         or f"{item.block.title} until {item.end:%H:%M}. Restart on time.")
        elif planned.kind == "content":
            deck.content(planned.slide)
        elif planned.kind == "activity":
            invitation = str(item.block.activity.get("invitation", "")).strip()
            deck.section(planned.title, [invitation, f"{item.start:%H:%M}–{item.end:%H:%M}"],
                         notes=activity_notes(item.block))
    return deck


@register
class DeckWriter(Writer):
    kind = "deck"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            if workshop.online:  # its online sessions' decks are its decks (remote-deck)
                continue
            agenda = pack.agendas[workshop.id]

            def render(agenda=agenda) -> bytes:
                deck = build_deck(pack, agenda)
                return deck.save(title=f"{agenda.workshop.title} — {pack.profile.short_name}",
                                 author="Involvement Team", subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"decks/{workshop.id}.pptx", render, workshop=workshop.id)
