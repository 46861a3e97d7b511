"""The domain model: frozen dataclasses shared by every stage. No I/O, no output libraries."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Mapping, Union

from facilitation.content.vocabulary import WORKSHOP_IDS

SHORT_NAME_LENGTH = 40  # slide titles and footers print a charity's short name: a longer one crowds them

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
        """The items to bring, without their source marks."""
        return tuple(item.text for item in self.material_items)

    @property
    def material_items(self) -> tuple[Material, ...]:
        return tuple(parse_material(line.lstrip("-* ").strip())
                     for line in self.fence("materials").splitlines() if line.strip())


# Where a materials item comes from, marked at the end of its line: {printable=rung-cards}, {buy} …
MATERIAL_SOURCES = ("printable", "pack", "buy", "venue", "made")
MATERIAL_MARK = re.compile(r"\s*\{\s*([a-z-]+)\s*(?:=\s*([\w-]+)\s*)?\}\s*$")


@dataclass(frozen=True)
class Material:
    """One item of a materials list: its text and where it comes from."""

    text: str
    source: str | None  # one of MATERIAL_SOURCES, or None when the line has no mark
    ref: str | None = None  # the printable's id, or the pack output's kind


def parse_material(line: str) -> Material:
    mark = MATERIAL_MARK.search(line)
    if not mark:
        return Material(line.strip(), None)
    return Material(line[:mark.start()].strip(), mark.group(1), mark.group(2))


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
    online: bool = False  # delivered as online sessions (tailored with `online` true)

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
    sections: tuple[TextSection, ...] = ()  # the body's `## ` sections, in order (key: the title, lower case)

    def section(self, title: str) -> str:
        return next((s.body for s in self.sections if s.key == title.lower()), "")


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
    co_facilitated: tuple[str, ...]  # the workshops a lived-experience co-facilitator joins
    co_facilitator_name: str
    delivery: str  # in-person | remote | hybrid (each workshop as `delivery_by_workshop` says)
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
    delivery_by_workshop: dict[str, str] = field(default_factory=dict)  # hybrid: workshop -> in-person | remote
    sessions_per_week: int | None = None  # most online sessions of one workshop a week (None: the rule's)
    languages: tuple[str, ...] = ("en",)  # the pack's languages, first language first (cy, en: Welsh first)
    group_size: int = 16  # people taking part in a workshop
    sector_vocab: dict[str, Any] = field(hash=False, compare=False, default_factory=dict)
    """The sector the free-text `sector` matched in content/sectors.yaml (set when the pack is gathered)."""
    sector_matched: bool = True  # False: `sector` matched no sector, so the general one is used
    data: dict[str, Any] = field(repr=False, hash=False, compare=False, default_factory=dict)
    """The profile with defaults filled in, as plain data: the tailoring context."""
    lines: dict[str, int] = field(repr=False, hash=False, compare=False, default_factory=dict)
    """The line of each key in the profile file, by dotted key, for messages about its values."""

    @property
    def co_facilitation(self) -> bool:
        """Whether a co-facilitator joins any workshop."""
        return bool(self.co_facilitated)

    def co_facilitates(self, workshop_id: str) -> bool:
        return workshop_id in self.co_facilitated

    def for_workshop(self, workshop_id: str) -> "Profile":
        """The profile as one workshop's outputs see it: co-facilitated only if this workshop is."""
        return replace(self, co_facilitated=(workshop_id,) if self.co_facilitates(workshop_id) else ())

    def online(self, workshop_id: str) -> bool:
        """Whether this workshop runs as online sessions: remote delivery, or hybrid and listed as remote."""
        if self.delivery == "hybrid":
            return self.delivery_by_workshop.get(workshop_id) == "remote"
        return self.delivery == "remote"


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
class Card:
    title: str
    body: str  # Markdown


@dataclass(frozen=True)
class Printable:
    """A card set or sheet the facilitator prints (a `## Title {id=…}` section of content/printables/)."""

    id: str
    title: str
    body: str  # Markdown: how many to print, then the sheet itself (tables are sheets to fill in)
    cards: tuple[Card, ...]  # its `###` sections, one card to a page; none for a sheet
    line: int


@dataclass(frozen=True)
class Printables:
    workshop: str
    title: str
    items: tuple[Printable, ...]
    path: str

    def get(self, printable_id: str) -> Printable | None:
        return next((p for p in self.items if p.id == printable_id), None)


@dataclass(frozen=True)
class BankHolidays:
    """A nation's bank holidays in the years a pack is dated in, looked up when the pack is
    gathered (the `holidays` library takes a tenth of a second to load): date -> its name."""

    nation: str
    years: tuple[int, ...]
    days: dict[date, str] = field(default_factory=dict)


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
    remote: bool = False  # some workshop runs as online sessions (the profile's delivery, or --remote)
    # Gathered and planned by facilitation.build before any writer runs; writers only read them.
    package: Package | None = None  # the package proposed after the Stage 1 call
    programme: Programme | None = None  # None when the proposal says "not yet"
    remote_plans: dict[str, RemotePlan] = field(default_factory=dict)  # by workshop, when `remote`
    co_facilitator_sections: dict[str, dict[str, TextSection]] = field(default_factory=dict)
    """By workshop (those the co-facilitator has parts in), then section key, in the notes' order."""
    accessibility_plans: dict[str, tuple[TextSection, ...]] = field(default_factory=dict)
    """By workshop: the section for every workshop, then one per need the profile lists."""
    report_back: ReportBack | None = None  # when the pack has the Planning workshop
    questions: QuestionBank | None = None  # the Stage 1 question bank
    printables: dict[str, Printables] = field(default_factory=dict)  # by workshop (content/printables/)
    handouts: Handouts | None = None  # the participant materials' words (content/handouts/)
    evaluation_form: EvaluationForm | None = None  # the self-assessment (content/forms/evaluation.yaml)
    bank_holidays: BankHolidays | None = None  # None: the planner looks each one up itself

    def for_workshop(self, workshop_id: str) -> "Pack":
        """The pack as one workshop's outputs see it (see Profile.for_workshop)."""
        return replace(self, profile=self.profile.for_workshop(workshop_id))

    @property
    def workshop_ids(self) -> tuple[str, ...]:
        return tuple(w.id for w in self.workshops)

    @property
    def notices(self) -> list[str]:
        """Advice for the facilitator: a sector with no examples of its own, a long name with no
        short name, workshops the proposal adds that the profile does not build, and a Module 1
        that the spacing of online sessions stretches past four months."""
        profile, notices = self.profile, []
        if not profile.sector_matched:
            notices.append(f"{profile.path}:{profile.lines.get('sector', 1)}: sector '{profile.sector}' matches no "
                           "sector in content/sectors.yaml, so the workshops use the general examples (use one of "
                           "its names or aliases, or add the sector there)")
        if len(profile.short_name) > SHORT_NAME_LENGTH:  # none was given: it is the whole name
            notices.append(f"{profile.path}:{profile.lines.get('name', 1)}: the name is {len(profile.name)} "
                           "characters and there is no short_name, so slide titles and footers print it whole: add "
                           f"short_name (at most {SHORT_NAME_LENGTH} characters, as people say it)")
        if self.package is None or self.package.not_yet:
            return notices
        notices += [f"the proposal adds '{part.id}' ({part.reason.rstrip('.')}), but the profile's workshops do not "
                    f"list it, so no deck or guide is built for it: add it to 'workshops' in {profile.path}"
                    for part in self.package.parts
                    if part.is_workshop and not part.optional and part.id not in profile.workshops]
        span = self.programme.module_1_span if self.programme else None
        if span and span[1] > _months_later(span[0], 4):
            notices.append(f"Module 1 runs from {span[0]:%-d %B %Y} to {span[1]:%-d %B %Y}, more than four months, "
                           f"because its online sessions run at most {self.programme.per_week} a week: raise "
                           f"remote.sessions_per_week or remote.max_session_minutes in {profile.path}")
        return notices


def _months_later(day: date, months: int) -> date:
    """The same day of the month `months` later (the month's last day where it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
    slides: tuple[HarvestedSlide, ...] = ()  # every report-back slide, in their order, with every answer
    plan_gaps: tuple[str, ...] = ()  # plan actions with no owner or no date
    moved: tuple[Movement, ...] = ()  # what moved between the evaluation forms, when harvest is given them


@dataclass(frozen=True)
class HarvestedSlide:
    """One report-back slide as they left it (their own slides on its layouts too)."""

    section: str  # the report-back slide id: why, where, heard, vision, plan …
    title: str
    answers: tuple[HarvestedPart, ...]  # one per box: the box's label (or their heading), what they wrote
    rung: str = ""  # on the ladder slide: the rung beside the marker
    table: tuple[tuple[str, ...], ...] = ()  # the header, then the filled rows
    extra: tuple[str, ...] = ()  # text in shapes of their own


EVALUATION_MARKER = "facilitation evaluation form"  # in the form's custom property, for harvest


@dataclass(frozen=True)
class EvaluationForm:
    """The form's words, tailored for one charity."""

    text: Mapping[str, str]  # title, intro, headings and column labels
    details: tuple[str, ...]
    when: tuple[str, ...]
    outcomes: tuple[tuple[str, str], ...]  # (title, description)
    scale: tuple[str, ...]
    rungs: tuple[tuple[str, str], ...]  # (rung, what it means), top rung first

    def description(self) -> dict[str, Any]:
        """What the reader needs to find its way round a filled form."""
        return {"form": EVALUATION_MARKER, "version": 1, "outcomes": [title for title, _ in self.outcomes],
                "scale": len(self.scale), "rungs": [rung for rung, _ in self.rungs], "why": self.text["why_label"]}


@dataclass(frozen=True)
class Assessment:
    """One filled evaluation form (facilitation.evaluation): a score for each outcome, a ladder rung."""

    source: str
    scores: tuple[tuple[str, int | None, str], ...]  # (outcome title, 1-5 or None, comment)
    rung: str | None
    rung_comment: str = ""
    rungs: tuple[str, ...] = ()  # the ladder the form was made with, top rung first


@dataclass(frozen=True)
class Movement:
    """One row of the "What moved" table: an outcome or the ladder, before and after."""

    label: str
    before: str
    after: str
    change: str
    said: tuple[tuple[str, str], ...] = ()  # ("Before" or "After", their comment), where they wrote one


# ---- shared text (content/co-facilitator/*.md, content/accessibility.md) -------------------


@dataclass(frozen=True)
class TextSection:
    """One section of shared text, tailored for the charity (and workshop)."""

    key: str
    title: str
    body: str  # Markdown, tailored
    path: str
    line: int  # the heading's line


# ---- participant materials (content/handouts/*.md) -----------------------------------------


@dataclass(frozen=True)
class EasyReadPoint:
    """One idea of an Easy Read page, with the icon shown beside it."""

    icon: str
    text: str


@dataclass(frozen=True)
class EasyRead:
    """One workshop's Easy Read handout: the points about the handout, the workshop and what comes
    next, and the hard words explained."""

    about: tuple[EasyReadPoint, ...]
    points: tuple[EasyReadPoint, ...]
    next: tuple[EasyReadPoint, ...]
    words: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Handouts:
    """The participant materials' words, tailored: by workshop, then file (handout, easy-read,
    joining, feedback), then section key; the check-in template's sections; and each workshop's
    Easy Read points and hard words."""

    by_workshop: dict[str, dict[str, dict[str, TextSection]]]
    check_in: dict[str, TextSection]
    easy_read: dict[str, EasyRead]


# ---- the Stage 1 question bank (content/diagnostic/questions.md) --------------------------


@dataclass(frozen=True)
class Question:
    text: str
    line: int


@dataclass(frozen=True)
class Topic:
    title: str
    guidance: tuple[str, ...]
    questions: tuple[Question, ...]
    record: tuple[str, ...]  # dotted profile keys
    choices: tuple[tuple[str, tuple[str, ...], bool], ...]  # (key, the answers it allows, several allowed)
    line: int


@dataclass(frozen=True)
class QuestionBank:
    title: str
    summary: str
    intro: tuple[str, ...]
    topics: tuple[Topic, ...]
    labels: dict[str, str]  # words on the form: tick_one, tick_any, profile_key, answer
    details: tuple[str, ...]  # the call's details, asked at the top of the form


# ---- the proposed package (content/rules/proposal.yaml applied to a profile) ----------------


@dataclass(frozen=True)
class Part:
    """A part of the package: a workshop or another piece of support, with why it is proposed."""

    id: str
    title: str
    module: int | None
    days: float
    optional: bool
    extension: bool  # Modules 2 and 3: not currently part of the Enhance offer
    reason: str
    rule: str | None  # the rule that proposed it; None when it comes from the profile

    @property
    def is_workshop(self) -> bool:
        return self.id in WORKSHOP_IDS


@dataclass(frozen=True)
class Finding:
    """What the diagnostic call found on one topic, in the proposal's words."""

    label: str
    answer: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """An outcome the package works towards (content/rules/outcomes.yaml)."""

    id: str
    title: str
    description: str
    enhance: tuple[str, ...]  # Enhance outcome titles
    parts: tuple[str, ...]  # titles of the parts that work towards it


@dataclass(frozen=True)
class Package:
    slug: str
    not_yet: bool
    not_yet_reasons: tuple[str, ...]  # why support should pause (the not_yet rules' reasons)
    must_change: tuple[str, ...]
    parts: tuple[Part, ...]
    adjustments: tuple[str, ...]  # reasons of rules that change how, not what
    mode: str
    mode_text: str
    check_ins: int  # check-in calls between each pair of workshops
    review_days: float  # Module 1 days of review and support
    shorter_sessions: bool
    findings: tuple[Finding, ...]
    outcomes: tuple[Outcome, ...]
    applied: tuple[str, ...]  # ids of the rules that applied, in order
    text: Mapping[str, str]  # the proposal's wording, tailored to the charity

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id), None)

    @property
    def part_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parts)

    @property
    def workshops(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.parts if p.is_workshop)

    @property
    def has_extensions(self) -> bool:
        return any(p.extension for p in self.parts)

    def module_days(self, module: int) -> float:
        days = sum(p.days for p in self.parts if p.module == module)
        return days + (self.review_days if module == 1 and self.parts else 0)


# ---- the programme in time (content/rules/programme.yaml) -----------------------------------


@dataclass(frozen=True)
class Event:
    """A sitting people attend (a workshop day in person, one online session of a workshop, the
    report-back, a check-in call) or, with no start time, work due."""

    id: str  # stable: what the event is, not when
    kind: str  # workshop | session | check-in | due | report-back
    title: str
    week: int  # week of the programme, from 1
    day: date | None  # None when the programme is not dated yet
    start: time | None  # None for an all-day event (work due)
    minutes: int
    module: int | None
    workshop: str | None = None  # the workshop a session or due date belongs to
    session: int | None = None
    sessions: int | None = None
    summary: str = ""
    online: bool = False

    @property
    def end(self) -> time | None:
        if self.start is None:
            return None
        return (datetime.combine(date(2000, 1, 1), self.start) + timedelta(minutes=self.minutes)).time()


@dataclass(frozen=True)
class Programme:
    events: tuple[Event, ...]
    dated: bool
    dropped: tuple[str, ...]  # activities left out: no workshop the charity runs comes before them
    split: bool  # some workshops appear as online sessions
    text: Mapping[str, str] = field(default_factory=dict, compare=False)  # its wording, tailored
    short_titles: Mapping[str, str] = field(default_factory=dict, compare=False)  # for the timeline picture
    per_week: int = 2  # the spacing rule: at most this many online sessions of one workshop a week
    milestones: tuple[Event, ...] = ()  # each workshop (online: at its first session) and the report-back

    @property
    def sittings(self) -> tuple[Event, ...]:
        """Every occasion people attend, in order: what the calendar and the programme list."""
        return tuple(e for e in self.events if e.kind != "due")

    def sittings_of(self, workshop_id: str) -> tuple[Event, ...]:
        """A workshop's day, or its online sessions in order."""
        return tuple(e for e in self.events if e.kind in ("workshop", "session") and e.workshop == workshop_id)

    def of_kind(self, *kinds: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind in kinds)

    @property
    def module_1_span(self) -> tuple[date, date] | None:
        """The first and last day of Module 1's sittings, when dated."""
        days = [e.day for e in self.events if e.module == 1 and e.kind != "due" and e.day]
        return (min(days), max(days)) if self.dated and days else None

    @property
    def module_1_weeks(self) -> float:
        """Weeks from the first Module 1 session to the last."""
        events = [e for e in self.events if e.module == 1 and e.kind != "due"]
        if not events:
            return 0
        if self.dated:
            return (max(e.day for e in events) - min(e.day for e in events)).days / 7
        return max(e.week for e in events) - min(e.week for e in events)


# ---- remote delivery: a workshop day as shorter online sessions -----------------------------


@dataclass(frozen=True)
class Piece:
    """A workshop block as it runs online: whole, or one part of a block split at its slides."""

    block: Block
    minutes: int
    slides: tuple[Slide, ...]
    part: int = 1
    parts: int = 1

    @property
    def title(self) -> str:
        return f"{self.block.title} (part {self.part} of {self.parts})" if self.parts > 1 else self.block.title

    @property
    def is_break(self) -> bool:
        return self.block.kind == "break"

    @property
    def last_part(self) -> bool:
        return self.part == self.parts


@dataclass(frozen=True)
class SessionItem:
    """One timed part of an online session: a part of the frame, or a workshop piece."""

    role: str  # opening | welcome | recap | break | close | block
    title: str
    start: time
    end: time
    minutes: int
    part: Block | None = None  # the tailored frame part (also shown for a workshop's own break)
    piece: Piece | None = None
    slides: tuple[Slide, ...] = ()  # the piece's slides shown here (a break may fall between them)


@dataclass(frozen=True)
class Session:
    number: int
    count: int
    date: date | None
    title: str  # the deck's title, e.g. "Workshop one: Concepts — session 2 of 4"
    glance: str  # the title of the at-a-glance slide
    glance_notes: str
    items: tuple[SessionItem, ...]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def start(self) -> time:
        return self.items[0].start

    @property
    def end(self) -> time:
        return self.items[-1].end

    @property
    def pieces(self) -> tuple[Piece, ...]:
        pieces: list[Piece] = []
        for item in self.items:
            if item.piece is not None and not (pieces and pieces[-1] is item.piece):
                pieces.append(item.piece)
        return tuple(pieces)


@dataclass(frozen=True)
class RemotePlan:
    workshop: Workshop
    max_minutes: int
    platform: str
    sessions: tuple[Session, ...]
    dropped: tuple[Block, ...]
    spacing: str  # how far apart the sessions go, when no dates are known
    no_adaptation: str  # said of a block without a `remote` fence
    guidance: tuple[tuple[str, str], ...]  # (heading, Markdown): what to send ahead, checks, roles
