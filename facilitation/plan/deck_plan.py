"""The sequence of slides in a workshop's deck, computed once (pure).

The deck writer draws these slides and the facilitator guide quotes their numbers, so both read
the same plan and a guide can never point at the wrong slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitation.i18n import ENGLISH, N_, Labels
from facilitation.model import Agenda, AgendaItem, RemotePlan, Session, SessionItem, Slide

# Blocks of these kinds with an activity card get an "Over to you" slide after their own slides.
ACTIVITY_KINDS = ("exercise", "discussion", "case-study", "reflection", "energiser")
OVERVIEW_TITLES = (N_("Today at a glance"), N_("Our day together"))


@dataclass(frozen=True)
class PlannedSlide:
    number: int  # 1-based, as PowerPoint shows it
    kind: str  # title | overview | break | content | frame | activity
    title: str
    item: AgendaItem | SessionItem | None = None  # the part of the day or session it belongs to
    slide: Slide | None = None  # the content slide, for kinds "content" and "frame" (an online session's own)


def break_title(item: AgendaItem, _: Labels = ENGLISH) -> str:
    return _.fill("{title}: back at {time}", title=item.block.title, time=item.end.strftime("%H:%M"))


def activity_title(item: AgendaItem, _: Labels = ENGLISH) -> str:
    return _.fill("Over to you: {title}", title=item.block.title)


def deck_plan(agenda: Agenda, _: Labels = ENGLISH) -> tuple[PlannedSlide, ...]:
    """Every slide of the deck in order: title, the day at a glance, then each block's slides.

    A break without slides gets a "back at" slide; a block with an activity card gets an
    "Over to you" slide. Generated titles never repeat a content slide's title (titles are unique).
    """
    workshop = agenda.workshop
    taken = {s.title for s in workshop.slides}
    overview = _(OVERVIEW_TITLES[0]) if _(OVERVIEW_TITLES[0]) not in taken else _(OVERVIEW_TITLES[1])
    plan: list[tuple[str, str, AgendaItem | None, Slide | None]] = [
        ("title", workshop.title, None, None), ("overview", overview, None, None)]
    for item in agenda.items:
        block = item.block
        if block.kind == "break" and not block.slides:
            if break_title(item, _) not in taken:
                plan.append(("break", break_title(item, _), item, None))
            continue
        plan += [("content", slide.title, item, slide) for slide in block.slides]
        if block.activity and block.kind in ACTIVITY_KINDS and activity_title(item, _) not in taken:
            plan.append(("activity", activity_title(item, _), item, None))
    return tuple(PlannedSlide(number, kind, title, item, slide)
                 for number, (kind, title, item, slide) in enumerate(plan, start=1))


def slides_of(plan: tuple[PlannedSlide, ...], item: AgendaItem) -> tuple[PlannedSlide, ...]:
    """The planned slides that belong to one agenda block, in deck order."""
    return tuple(p for p in plan if p.item is item)


class UniqueTitles:
    """Keeps slide titles unique in a deck, as screen readers and navigation need."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, title: str) -> str:
        unique, n = title, 2
        while unique in self.used:
            unique, n = f"{title} ({n})", n + 1
        self.used.add(unique)
        return unique


def session_plan(plan: RemotePlan, session: Session, _: Labels = ENGLISH) -> tuple[PlannedSlide, ...]:
    """Every slide of one online session's deck in order: title, the session at a glance, then
    each part — the session's own frame (welcome, recap, break, close) and the workshop's pieces,
    with an "Over to you" slide after the last part of a block with an activity card."""
    titles = UniqueTitles()
    rows: list[tuple[str, str, SessionItem | None, Slide | None]] = [
        ("title", titles(session.title), None, None), ("overview", titles(session.glance), None, None)]
    for n, item in enumerate(session.items):
        if item.part is not None:  # the session's frame, or a workshop break shown as one
            rows += [("frame", titles(slide.title), item, slide) for slide in item.part.slides]
            continue
        piece, block = item.piece, item.piece.block
        rows += [("content", titles(slide.title), item, slide) for slide in item.slides]
        continues = any(later.piece is piece for later in session.items[n + 1:])
        if piece.last_part and not continues and block.activity and block.kind in ACTIVITY_KINDS:
            rows.append(("activity", titles(_.fill("Over to you: {title}", title=block.title)), item, None))
    return tuple(PlannedSlide(number, kind, title, item, slide)
                 for number, (kind, title, item, slide) in enumerate(rows, start=1))
