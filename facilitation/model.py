"""The domain model: frozen dataclasses shared by every stage. No I/O, no output libraries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Union

# ---- inline text -------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False


Runs = tuple[Run, ...]


def plain(runs: Runs) -> str:
    return "".join(r.text for r in runs)


# ---- slide elements ----------------------------------------------------------------------


@dataclass(frozen=True)
class ListItem:
    runs: Runs
    level: int = 0  # 0 or 1


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    numbered: bool = False
    line: int = 0


@dataclass(frozen=True)
class Paragraph:
    runs: Runs
    line: int = 0


@dataclass(frozen=True)
class Table:
    header: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]
    line: int = 0


@dataclass(frozen=True)
class Image:
    path: str  # relative to content/
    alt: str
    decorative: bool = False
    line: int = 0


@dataclass(frozen=True)
class Quote:
    runs: Runs
    attribution: str = ""
    line: int = 0


@dataclass(frozen=True)
class DiagramItem:
    label: str
    detail: str = ""


@dataclass(frozen=True)
class Diagram:
    kind: str  # ladder | cycle | timeline | steps
    items: tuple[DiagramItem, ...]
    line: int = 0


@dataclass(frozen=True)
class ColumnBreak:
    line: int = 0


Element = Union[BulletList, Paragraph, Table, Image, Quote, Diagram, ColumnBreak]


# ---- workshops ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fence:
    """Text for one audience (`::: notes`, `::: facilitator` …), kept as Markdown."""

    name: str
    text: str
    line: int


@dataclass(frozen=True)
class Slide:
    id: str
    title: str
    layout: str
    elements: tuple[Element, ...]
    fences: tuple[Fence, ...]
    line: int

    def fence(self, name: str) -> str:
        return "\n\n".join(f.text for f in self.fences if f.name == name)

    @property
    def notes(self) -> str:
        return self.fence("notes")


@dataclass(frozen=True)
class Block:
    id: str
    title: str
    duration: int  # minutes
    kind: str
    lead: str  # facilitator | co-facilitator | both
    remote: str | int  # "keep", "drop" or minutes online
    fences: tuple[Fence, ...]  # the block's own fences, before its first slide
    slides: tuple[Slide, ...]
    line: int
    activity: dict[str, Any] | None = None

    def fence(self, name: str) -> str:
        """The block's own text for one audience, followed by its slides' text for it."""
        parts = [f.text for f in self.fences if f.name == name]
        parts += [s.fence(name) for s in self.slides if s.fence(name)]
        return "\n\n".join(parts)

    @property
    def materials(self) -> tuple[str, ...]:
        return tuple(
            line.lstrip("-* ").strip()
            for line in self.fence("materials").splitlines()
            if line.strip()
        )


@dataclass(frozen=True)
class Workshop:
    id: str
    title: str
    module: int
    sequence: int
    length: int  # minutes
    start: time
    summary: str
    outcomes: tuple[str, ...]
    content_warnings: tuple[str, ...]
    blocks: tuple[Block, ...]
    path: str

    @property
    def slides(self) -> tuple[Slide, ...]:
        return tuple(s for b in self.blocks for s in b.slides)


@dataclass(frozen=True)
class Activity:
    """A task for the core team between workshops (content/activities/*.md)."""

    id: str
    title: str
    after: str
    due_days: int
    hours: float
    summary: str
    body: str
    path: str


# ---- charity profile ---------------------------------------------------------------------


@dataclass(frozen=True)
class Branding:
    primary: str = "#1F4E79"
    secondary: str = "#F2A900"
    logo: str | None = None  # relative to content/
    font: str = "Arial"


@dataclass(frozen=True)
class Profile:
    slug: str
    path: str
    name: str
    short_name: str
    nation: str
    sector: str
    people_term: str
    co_facilitation: bool
    co_facilitator_name: str
    delivery: str
    remote_max_minutes: int
    remote_platform: str
    workshops: tuple[str, ...]
    start_date: date | None
    start_time: time | None
    workshop_dates: dict[str, date]
    accessibility: tuple[str, ...]
    branding: Branding
    venue: str
    facilitators: tuple[str, ...]
    data: dict[str, Any] = field(repr=False, hash=False, compare=False, default_factory=dict)
    """The profile with defaults filled in, as plain data: the tailoring context."""


# ---- plans -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    block: Block
    start: time
    end: time


@dataclass(frozen=True)
class Agenda:
    workshop: Workshop
    date: date | None
    items: tuple[AgendaItem, ...]

    @property
    def start(self) -> time:
        return self.items[0].start if self.items else self.workshop.start

    @property
    def end(self) -> time:
        return self.items[-1].end if self.items else self.workshop.start

    @property
    def total_minutes(self) -> int:
        return sum(i.block.duration for i in self.items)

    def minutes_by_kind(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for item in self.items:
            totals[item.block.kind] = totals.get(item.block.kind, 0) + item.block.duration
        return totals


@dataclass(frozen=True)
class Pack:
    """Everything one charity's outputs are made from, gathered before anything is written."""

    profile: Profile
    workshops: tuple[Workshop, ...]
    agendas: dict[str, Agenda]
    activities: tuple[Activity, ...]
    content_root: Path
    templates: Path
    timestamp: datetime  # fixed document dates, so the same inputs give the same bytes
    remote: bool = False  # remote versions wanted: the profile's delivery, or --remote

    @property
    def workshop_ids(self) -> tuple[str, ...]:
        return tuple(w.id for w in self.workshops)


# ---- the report-back deck (content/report-back/slides.md) and its harvest ------------------


@dataclass(frozen=True)
class PromptBox:
    """One box on a report-back slide: the guidance shown while it is empty, and any starting text."""

    label: str
    prompt: tuple[str, ...]  # paragraphs of guidance, plain text
    starter: tuple[Element, ...] = ()  # what is theirs already (their name, their quick wins)
    line: int = 0


@dataclass(frozen=True)
class ReportBackSlide:
    id: str  # the part of the report-back: why, vision, plan, quick-wins, needs …
    kind: str  # title | text | ladder | columns | vision | table: how the boxes are laid out
    title: str
    layout: str  # the layout's name in the deck, e.g. "Report-back: Our vision"
    boxes: tuple[PromptBox, ...]
    notes: str
    ladder: Diagram | None = None
    table: Table | None = None
    line: int = 0


@dataclass(frozen=True)
class ReportBack:
    title: str
    marker: str  # the label of the movable marker on the ladder
    slides: tuple[ReportBackSlide, ...]
    path: str


@dataclass(frozen=True)
class HarvestedPart:
    """What the participants wrote in one part of their report-back, under the title they kept."""

    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class HarvestedPlan:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the filled rows only
    notes: tuple[str, ...] = ()  # other text on the plan slide (risks, text boxes)


@dataclass(frozen=True)
class Harvest:
    """A filled report-back, read back for the final debrief."""

    source: str  # the file's name
    charity: str
    title: str
    where: HarvestedPart | None  # the ladder rung beside the "We are here" marker
    vision: HarvestedPart | None
    plan: HarvestedPlan | None
    quick_wins: HarvestedPart | None
    needs: HarvestedPart | None  # the slide's title; its parts are one per box (time, budget, support)
    needs_parts: tuple[HarvestedPart, ...]
    unfilled: tuple[str, ...]  # prompts nobody answered, as "Slide title: box"
    added: tuple[HarvestedPart, ...] = ()  # slides the participants added by hand, with their text
    modified: datetime | None = None  # when the deck was last saved, as it says itself
