"""The sequence of slides in a workshop's deck, computed once (pure).

The deck writer draws these slides and the facilitator guide quotes their numbers, so both read
the same plan and a guide can never point at the wrong slide.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitation.model import Agenda, AgendaItem, Slide

# Blocks of these kinds with an activity card get an "Over to you" slide after their own slides.
ACTIVITY_KINDS = ("exercise", "discussion", "case-study", "reflection", "energiser")
OVERVIEW_TITLES = ("Today at a glance", "Our day together")


@dataclass(frozen=True)
class PlannedSlide:
    number: int  # 1-based, as PowerPoint shows it
    kind: str  # title | overview | break | content | activity
    title: str
    item: AgendaItem | None = None  # the agenda block it belongs to (None for title and overview)
    slide: Slide | None = None  # the content slide, for kind "content"


def break_title(item: AgendaItem) -> str:
    return f"{item.block.title}: back at {item.end:%H:%M}"


def activity_title(item: AgendaItem) -> str:
    return f"Over to you: {item.block.title}"


def deck_plan(agenda: Agenda) -> tuple[PlannedSlide, ...]:
    """Every slide of the deck in order: title, the day at a glance, then each block's slides.

    A break without slides gets a "back at" slide; a block with an activity card gets an
    "Over to you" slide. Generated titles never repeat a content slide's title (titles are unique).
    """
    workshop = agenda.workshop
    taken = {s.title for s in workshop.slides}
    overview = OVERVIEW_TITLES[0] if OVERVIEW_TITLES[0] not in taken else OVERVIEW_TITLES[1]
    plan: list[tuple[str, str, AgendaItem | None, Slide | None]] = [
        ("title", workshop.title, None, None), ("overview", overview, None, None)]
    for item in agenda.items:
        block = item.block
        if block.kind == "break" and not block.slides:
            if break_title(item) not in taken:
                plan.append(("break", break_title(item), item, None))
            continue
        plan += [("content", slide.title, item, slide) for slide in block.slides]
        if block.activity and block.kind in ACTIVITY_KINDS and activity_title(item) not in taken:
            plan.append(("activity", activity_title(item), item, None))
    return tuple(PlannedSlide(number, kind, title, item, slide)
                 for number, (kind, title, item, slide) in enumerate(plan, start=1))


def slides_of(plan: tuple[PlannedSlide, ...], item: AgendaItem) -> tuple[PlannedSlide, ...]:
    """The planned slides that belong to one agenda block, in deck order."""
    return tuple(p for p in plan if p.item is item)
