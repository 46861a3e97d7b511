"""The `deck` writer: one PPTX per workshop, tailored and branded for the charity."""

from __future__ import annotations

from typing import Iterable

from facilitation.model import Agenda, Block, Pack
from facilitation.writers import Output, Writer, register
from facilitation.writers.slides import DeckBuilder

ACTIVITY_KINDS = ("exercise", "discussion", "case-study", "reflection", "energiser")


def new_builder(pack: Pack) -> DeckBuilder:
    brand = pack.profile.branding
    return DeckBuilder(pack.templates / "deck.pptx", primary=brand.primary, secondary=brand.secondary,
                       font=brand.font, content_root=pack.content_root, logo=brand.logo,
                       logo_alt=f"{pack.profile.name} logo")


def subtitle_lines(pack: Pack, agenda: Agenda) -> list[str]:
    profile = pack.profile
    when = f"{agenda.date:%A %d %B %Y}, " if agenda.date else ""
    lines = [profile.name, f"{when}{agenda.start:%H:%M}–{agenda.end:%H:%M}"]
    place = profile.venue if profile.delivery == "in-person" else profile.remote_platform
    if place:
        lines.append(place)
    return lines


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
    deck = new_builder(pack)
    workshop = agenda.workshop
    titles = {s.title for s in workshop.slides}
    deck.title_slide(workshop.title, subtitle_lines(pack, agenda), notes=workshop.summary)
    lines = agenda_lines(agenda)
    half = (len(lines) + 1) // 2
    overview = "Today at a glance" if "Today at a glance" not in titles else "Our day together"
    deck.columns(overview, lines[:half], lines[half:],
                 notes=f"{workshop.summary}\n\nWalk through the day; point out the breaks and when we finish "
                       f"({agenda.end:%H:%M}).")
    for item in agenda.items:
        block = item.block
        if block.kind == "break" and not block.slides:
            title = f"{block.title}: back at {item.end:%H:%M}"
            if title not in titles:
                deck.section(title, [f"{item.start:%H:%M}–{item.end:%H:%M}"], notes=block.fence("notes") or
                             f"{block.title} until {item.end:%H:%M}. Restart on time.")
            continue
        for slide in block.slides:
            deck.content(slide)
        if block.activity and block.kind in ACTIVITY_KINDS:
            title = f"Over to you: {block.title}"
            if title not in titles:
                invitation = str(block.activity.get("invitation", "")).strip()
                deck.section(title, [invitation, f"{item.start:%H:%M}–{item.end:%H:%M}"], notes=activity_notes(block))
    return deck


@register
class DeckWriter(Writer):
    kind = "deck"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            agenda = pack.agendas[workshop.id]

            def render(agenda=agenda) -> bytes:
                deck = build_deck(pack, agenda)
                return deck.save(title=f"{agenda.workshop.title} — {pack.profile.short_name}",
                                 author="Involvement Team", subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, f"decks/{workshop.id}.pptx", render, workshop=workshop.id)
