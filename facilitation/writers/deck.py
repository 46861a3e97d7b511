"""The `deck` writer: one PPTX per workshop delivered in person, tailored and branded for the charity.

A workshop delivered online has no deck of its own: each online session has one (`remote-deck`),
dated for its own sitting, so no deck claims a day that never happens.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Callable, Iterable

from facilitation.i18n import ENGLISH, Labels, labels_for
from facilitation.model import Agenda, Block, Pack
from facilitation.plan.deck_plan import ACTIVITY_KINDS, deck_plan  # noqa: F401 (ACTIVITY_KINDS re-exported)
from facilitation.writers import Output, Writer, register
from facilitation.writers.pptx.script import DeckScript

if TYPE_CHECKING:  # python-pptx is loaded only when a deck is drawn
    from facilitation.writers.pptx.slides import DeckBuilder


def balanced_split(lines: list[str]) -> int:
    """Where to split the agenda into two columns so they are as even in length as can be (bilingual
    titles wrap, so an even count of lines is not an even height)."""
    total = sum(len(line) for line in lines)
    return min(range(1, len(lines) + 1) if lines else [0],
               key=lambda n: max(sum(len(line) for line in lines[:n]), total - sum(len(line) for line in lines[:n])))


def deck_look(pack: Pack) -> dict:
    """What the charity's decks look like: the DeckBuilder's template and branding."""
    brand, _ = pack.profile.branding, labels_for(pack.profile)
    return dict(template=pack.templates / "deck.pptx", primary=brand.primary, secondary=brand.secondary,
                font=brand.font, content_root=pack.content_root, logo=brand.logo,
                logo_alt=_("{charity} logo").format(charity=pack.profile.name),
                large_print="large-print" in pack.profile.accessibility)


def new_builder(pack: Pack) -> DeckBuilder:
    from facilitation.writers.pptx.slides import DeckBuilder

    look = deck_look(pack)
    return DeckBuilder(look.pop("template"), **look)


def scripted_deck(kind: str, path: str, pack: Pack, draw: Callable[[DeckScript], object], save: dict,
                  **where) -> Output:
    """A deck output whose digest is its drawing calls: drawn (and saved with `save`) only when
    they, the look or the toolkit changed."""
    @cache
    def script() -> DeckScript:  # recorded once, when first asked for
        recorded = DeckScript()
        draw(recorded)
        return recorded

    def portable() -> tuple[Callable[..., bytes], tuple]:
        return draw_deck, (deck_look(pack), script().calls, save)

    def render() -> bytes:
        function, arguments = portable()
        return function(*arguments)

    return Output(kind, path, render, made_from=lambda: (look_digest(pack), script().calls, save),
                  portable=portable, **where)


def draw_deck(look: dict, calls: list, save: dict) -> bytes:
    """A deck's bytes from its look (`deck_look`), its recorded drawing calls and its save options."""
    from facilitation.writers.pptx.slides import DeckBuilder

    script, look = DeckScript(), dict(look)
    script.calls = calls
    return script.draw(DeckBuilder(look.pop("template"), **look)).save(**save)


def look_digest(pack: Pack) -> dict:
    """The deck look by names, not where the project is (the files' bytes are in every output's
    shared digest, the logo's too): a project moved or copied elsewhere keeps its digests."""
    look = deck_look(pack)
    del look["content_root"]
    look["template"] = look["template"].name
    return look


def subtitle_lines(pack: Pack, agenda: Agenda) -> list[str]:
    profile = pack.profile
    when = f"{labels_for(profile).date(agenda.date)}, " if agenda.date else ""
    lines = [profile.name, f"{when}{agenda.start:%H:%M}–{agenda.end:%H:%M}"]
    return lines + [profile.venue] if profile.venue else lines


def agenda_lines(agenda: Agenda) -> list[str]:
    return [f"{item.start:%H:%M}  {item.block.title}" for item in agenda.items if item.block.duration]


def activity_notes(block: Block, _: Labels = ENGLISH) -> str:
    activity = block.activity or {}
    steps = "\n".join(_("- {minutes} min: {step}").format(minutes=s["minutes"], step=s["do"]) if s.get("minutes")
                      else f"- {s['do']}" for s in activity.get("steps", []))
    structure = activity.get("structure") or _("Activity")
    parts = [f"**{structure}**. {activity.get('participants', '')}",
             _("Groups: {groups}").format(groups=activity.get("groups", "")),
             _("Space and materials: {space}").format(space=activity.get("space", "")), steps]
    return "\n\n".join(p for p in parts if p.strip())


def build_deck(pack: Pack, agenda: Agenda, deck: DeckBuilder | DeckScript | None = None):
    """Draw the deck's planned slides in order (the guide quotes the same plan's numbers), on a
    new DeckBuilder, or into `deck` (a DeckScript records the calls)."""
    deck = deck if deck is not None else new_builder(pack)
    workshop = agenda.workshop
    _ = labels_for(pack.profile)
    for planned in deck_plan(agenda, _):
        item = planned.item
        if planned.kind == "title":
            deck.title_slide(planned.title, subtitle_lines(pack, agenda), notes=workshop.summary)
        elif planned.kind == "overview":
            lines = agenda_lines(agenda)
            half = balanced_split(lines)
            deck.columns(planned.title, lines[:half], lines[half:],
                         notes=f"{workshop.summary}\n\n" + _("Walk through the day; point out the breaks and when we "
                                                              "finish ({time}).").format(time=f"{agenda.end:%H:%M}"))
        elif planned.kind == "break":
            deck.section(planned.title, [f"{item.start:%H:%M}–{item.end:%H:%M}"], notes=item.block.fence("notes")
                         or _("{title} until {time}. Restart on time.").format(title=item.block.title,
                                                                               time=f"{item.end:%H:%M}"))
        elif planned.kind == "content":
            deck.content(planned.slide)
        elif planned.kind == "activity":
            invitation = str(item.block.activity.get("invitation", "")).strip()
            deck.section(planned.title, [invitation, f"{item.start:%H:%M}–{item.end:%H:%M}"],
                         notes=activity_notes(item.block, _))
    return deck


@register
class DeckWriter(Writer):
    kind = "deck"

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            if workshop.online:  # its online sessions' decks are its decks (remote-deck)
                continue
            agenda, _ = pack.agendas[workshop.id], labels_for(pack.profile)
            save = dict(title=f"{agenda.workshop.title} — {pack.profile.short_name}", author=_("Involvement Team"),
                        subject=pack.profile.name, when=pack.timestamp)
            yield scripted_deck(self.kind, f"decks/{workshop.id}.pptx", pack,
                                lambda script, agenda=agenda: build_deck(pack, agenda, script), save,
                                workshop=workshop.id)
