"""A workshop's deck for the preview, drawn again only where the model changed.

The deck writer's build_deck draws each agenda block's slides from that block alone (its slides,
its clock times, its activity card) and the title and at-a-glance slides from the day's outline.
So the preview keeps each block's drawn slides under a digest of what they are made from, and
after an edit asks build_deck for a deck of only the blocks that changed (an agenda of those
items; its title and at-a-glance slides are dropped). When the day's outline, the profile or a
template changes, the whole deck is drawn again. The slides are then numbered as in the full
deck, and their check findings with them.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from facilitation.check.findings import Finding
from facilitation.model import Agenda, AgendaItem, Image, Pack
from facilitation.plan.deck_plan import OVERVIEW_TITLES, PlannedSlide, deck_plan
from facilitation.preview.slides import PreviewDeck, PreviewSlide, preview_deck

MAX_ENTRIES = 4000


@dataclass
class Shown:
    """A slide of the deck with the plan entry it comes from."""

    slide: PreviewSlide
    planned: PlannedSlide | None
    continued: bool  # a "(continued)" slide the writer added because the text did not fit
    first_of_block: bool


@dataclass
class WorkshopDeck:
    shown: list[Shown]
    findings: list[Finding]
    numbers: list[list[int]]  # the slide numbers of each agenda item, in agenda order
    drawn: int  # slides drawn for this page (the rest came from the cache)


def match_plan(deck: PreviewDeck, plan: tuple[PlannedSlide, ...]) -> list[Shown]:
    """Pair the deck's slides with the plan: each planned slide, then its "(continued)" slides."""
    shown, slides, seen_items = [], list(deck.slides), set()
    index = 0
    for planned in plan:
        if index >= len(slides):
            break
        first = planned.item is not None and id(planned.item) not in seen_items
        if planned.item is not None:
            seen_items.add(id(planned.item))
        shown.append(Shown(slides[index], planned, False, first))
        index += 1
        while index < len(slides) and slides[index].title.startswith(f"{planned.title} (continued"):
            shown.append(Shown(slides[index], planned, True, False))
            index += 1
    shown += [Shown(slide, None, False, False) for slide in slides[index:]]
    return shown


def _digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _stat(path: Path) -> tuple:
    try:
        info = path.stat()
        return (str(path), info.st_mtime_ns, info.st_size)
    except OSError:
        return (str(path), None)


class DeckCache:
    """Drawn slides by digest of their inputs, shared by every snapshot of one preview."""

    def __init__(self) -> None:
        self._entries: dict[str, list[Shown]] = {}
        self._lock = threading.Lock()

    def _base(self, pack: Pack) -> str:
        templates = sorted(_stat(p) for p in pack.templates.rglob("*") if p.is_file())
        logo = _stat(pack.content_root / pack.profile.branding.logo) if pack.profile.branding.logo else None
        return _digest(repr(pack.profile), templates, logo, str(pack.content_root))

    @staticmethod
    def _collisions(agenda: Agenda) -> frozenset:
        """Slide titles that change which titles the writer generates (they must stay unique)."""
        return frozenset(t for t in (s.title for s in agenda.workshop.slides)
                         if t in OVERVIEW_TITLES or t.startswith("Over to you: ") or ": back at " in t)

    def _item_key(self, base: str, pack: Pack, agenda: Agenda, item: AgendaItem) -> str:
        images = [_stat(pack.content_root / element.path)
                  for slide in item.block.slides for element in slide.elements if isinstance(element, Image)]
        return _digest(base, "block", repr(item), self._collisions(agenda), images)

    def workshop(self, pack: Pack, agenda: Agenda, shown_as: str) -> WorkshopDeck:
        base = self._base(pack)
        workshop = agenda.workshop
        outline = [(i.block.title, i.block.duration, i.start, i.end) for i in agenda.items]
        frame_key = _digest(base, "frame", workshop.title, workshop.summary, agenda.date, outline,
                            self._collisions(agenda))
        item_keys = [self._item_key(base, pack, agenda, item) for item in agenda.items]
        with self._lock:
            known = set(self._entries)
        if frame_key not in known:
            todo = list(agenda.items)
        else:
            todo = [item for item, key in zip(agenda.items, item_keys) if key not in known]
        drawn = 0
        if frame_key not in known or todo:
            partial = agenda if frame_key not in known else replace(agenda, items=tuple(todo))
            deck = preview_deck(_build(pack, partial), shown_as)
            drawn = len(deck.slides)
            shown = match_plan(deck, deck_plan(partial))
            groups: dict[str, list[Shown]] = {}
            keys_of = {id(item): key for item, key in zip(agenda.items, item_keys)}
            for each in shown:
                planned = each.planned
                key = frame_key if planned is None or planned.item is None else keys_of[id(planned.item)]
                groups.setdefault(key, []).append(each)
            if frame_key not in known:  # findings of the whole deck (not of one slide) go with the frame
                groups.setdefault(frame_key, [])
                loose = [f for f in deck.findings if f.slide is None]
                groups[frame_key] = groups[frame_key] + [Shown(PreviewSlide(0, "", "", "", loose), None, False, False)]
            else:
                groups.pop(frame_key, None)  # the partial deck's own title and at-a-glance slides
            with self._lock:
                if len(self._entries) > MAX_ENTRIES:
                    self._entries.clear()
                self._entries.update(groups)
        with self._lock:
            frame = self._entries[frame_key]
            blocks = [self._entries.get(key, []) for key in item_keys]
        return _assemble(frame, blocks, drawn)


def _build(pack: Pack, agenda: Agenda):
    from facilitation.writers.deck import build_deck

    return build_deck(pack, agenda)


def _assemble(frame: list[Shown], blocks: list[list[Shown]], drawn: int) -> WorkshopDeck:
    """Number the slides as the whole deck does, their findings with them."""
    shown, findings, numbers = [], [], []
    loose = [f for each in frame if each.slide.number == 0 for f in each.slide.findings]
    parts = [[each for each in frame if each.slide.number != 0]] + blocks
    for n, part in enumerate(parts):
        if n:
            numbers.append([])
        for each in part:
            number = len(shown) + 1
            slide = replace(each.slide, number=number,
                            findings=[replace(f, slide=number) for f in each.slide.findings])
            shown.append(replace(each, slide=slide))
            findings += slide.findings
            if n:
                numbers[-1].append(number)
    return WorkshopDeck(shown, loose + findings, numbers, drawn)
