"""The delivery plan of one workshop: the sittings it is delivered in, as the guide and notes tell them (pure).

A workshop delivered in person is one sitting: its day, with the agenda's blocks and the deck
`decks/<workshop>.pptx`. A workshop delivered online is a series of sittings: its online
sessions (`pack.remote_plans`), each with its own frame (welcome or opening, recap, break,
close), the pieces of the workshop it carries, and its own deck. Both come with their deck's
planned slides, so a guide's slide numbers always match the deck the facilitator shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from facilitation.i18n import labels_for
from facilitation.model import AgendaItem, Block, Pack, SessionItem, Workshop
from facilitation.plan.deck_plan import PlannedSlide, deck_plan, session_plan, slides_of


@dataclass(frozen=True)
class TimedPart:
    """One part of a sitting at its clock time: a workshop block (or a part of one), or online, a
    part of the session's own frame."""

    block: Block  # the workshop's block, or the session frame's tailored part
    title: str  # "Ladders of participation (part 2 of 2)" when a block spans sessions
    start: time
    end: time
    minutes: int
    frame: bool  # the online session's own welcome, recap, break or close
    item: AgendaItem | SessionItem  # what the deck's planned slides belong to


@dataclass(frozen=True)
class Sitting:
    """One occasion people attend for a workshop, with a date, a start and an end."""

    workshop: Workshop
    number: int
    count: int
    date: date | None
    online: bool
    parts: tuple[TimedPart, ...]
    slides: tuple[PlannedSlide, ...]
    deck: str  # the deck's path in the pack

    @property
    def start(self) -> time:
        return self.parts[0].start if self.parts else self.workshop.start

    @property
    def end(self) -> time:
        return self.parts[-1].end if self.parts else self.workshop.start

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.parts)

    @property
    def label(self) -> str:
        """"Session 2 of 4" online; "The day" in person."""
        return f"Session {self.number} of {self.count}" if self.online else "The day"

    def slides_of(self, part: TimedPart) -> tuple[PlannedSlide, ...]:
        return slides_of(self.slides, part.item)

    @property
    def breaks(self) -> tuple[TimedPart, ...]:
        return tuple(p for p in self.parts if p.block.kind == "break")


def workshop_sittings(pack: Pack, workshop_id: str) -> tuple[Sitting, ...]:
    """The sittings a workshop is delivered in: its day, or its online sessions in order."""
    plan = pack.remote_plans.get(workshop_id)
    agenda = pack.agendas[workshop_id]
    workshop = agenda.workshop
    _ = labels_for(pack.profile)
    if plan is None:
        parts = tuple(TimedPart(i.block, i.block.title, i.start, i.end, i.block.duration, False, i)
                      for i in agenda.items)
        return (Sitting(workshop, 1, 1, agenda.date, False, parts, deck_plan(agenda, _), f"decks/{workshop_id}.pptx"),)
    sittings = []
    for session in plan.sessions:
        parts = tuple(_session_part(item) for item in session.items)
        sittings.append(Sitting(workshop, session.number, session.count, session.date, True, parts,
                                session_plan(plan, session, _), f"remote/{workshop_id}/session-{session.number}.pptx"))
    return tuple(sittings)


def _session_part(item: SessionItem) -> TimedPart:
    """A workshop's own break runs online as the frame's break part, whose slides it shows."""
    block = item.part if item.part is not None else item.piece.block
    return TimedPart(block, item.title, item.start, item.end, item.minutes, item.piece is None, item)
