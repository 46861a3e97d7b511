"""Remote delivery: a workshop day becomes a series of shorter online sessions (pure).

How minutes are counted: a session's minutes are the length of the online call. They include
the session's own frame from content/remote/sessions.md — the opening (first session) or the
welcome back and recap (later sessions), the close, and a short break inserted when the call
would otherwise run longer than `break_after` minutes and holds no break block of its own —
plus the online minutes of the workshop blocks it carries.

How the split is chosen: cuts fall between blocks, or between the slides of a block (its minutes
shared equally by its slides). Among the splits whose every session fits the maximum, a dynamic
programme picks the one with the fewest sessions shorter than the minimum (30 minutes: none, in
practice), then the fewest cuts inside a block that would fit one session whole, then the fewest
sessions, then the smallest sum of squared session lengths — for a fixed total that is the most
even split (the sum of squares is n·variance plus a constant). So a block is cut at its slides
only when it is too long for any session, or when that is the only way to avoid a short session.

When the sessions run: the plan stage (facilitation.plan.pack) splits every workshop first, so
the programme can schedule its sessions, then hands their dates and start times back to
`plan_remote`, which tailors each session's frame ("Next time, Wednesday 17 February …").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any, Callable, Mapping, Sequence, TypeVar

from facilitation.content.remote import RemoteContent, tailor_part, tailor_text
from facilitation.content.shared_text import workshop_context
from facilitation.errors import FacilitationError, Problem, Problems
from facilitation.model import (Block, Pack, Piece, RemotePlan, Session, SessionItem,  # noqa: F401 (re-exported)
                                Slide, Workshop)
from facilitation.plan.dates import Slot, WorkingDays, add_minutes, long_date, session_slots, unplanned_days
from facilitation.profile import tailoring_context


@dataclass(frozen=True)
class SessionFrame:
    """The minutes each online session adds around the workshop's blocks."""

    opening: int = 10  # first session: welcome and technology check
    welcome: int = 5  # later sessions: welcome back and check-in
    recap: int = 5  # later sessions: recap of last time
    close: int = 5
    pause: int = 5  # the break inserted into a long session
    break_after: int = 60  # a session longer than this gets a break
    minimum: int = 30  # no session is shorter, unless the whole workshop is (content/rules/programme.yaml)
    path: str = "content/remote/sessions.md"
    line: int = 1

    def call_minutes(self, block_minutes: int, first: bool, has_break_block: bool) -> tuple[int, bool]:
        """The call's length for blocks of `block_minutes`, and whether a break is inserted."""
        framed = (self.opening if first else self.welcome + self.recap) + block_minutes + self.close
        pause = framed > self.break_after and not has_break_block
        return framed + (self.pause if pause else 0), pause

    def fits_alone(self, minutes: int, is_break: bool, maximum: int) -> bool:
        """Whether a block fits a session by itself, first or later."""
        return all(self.call_minutes(minutes, first, is_break)[0] <= maximum for first in (True, False))

    def room(self, maximum: int) -> int:
        """The most minutes a single block can run in any session (-1 when the frame alone is too long)."""
        return next((m for m in range(maximum, -1, -1) if self.fits_alone(m, False, maximum)), -1)


def online_minutes(block: Block) -> int:
    return block.duration if block.remote in ("keep", "drop") else int(block.remote)


def even_shares(total: int, count: int) -> list[int]:
    """`total` minutes shared over `count` slides, the first ones taking the odd minutes."""
    base, extra = divmod(total, count)
    return [base + (1 if n < extra else 0) for n in range(count)]


def online_units(workshop: Workshop, frame: SessionFrame, maximum: int,
                 problems: Problems) -> tuple[list[Piece], list[Block]]:
    """The blocks that run online, in order; a block too long for any session comes as one unit
    per slide, so the split may cut between its slides. Returns (units, dropped blocks)."""
    units: list[Piece] = []
    dropped: list[Block] = []
    room = frame.room(maximum)
    for block in workshop.blocks:
        if block.remote == "drop":
            dropped.append(block)
            continue
        minutes = online_minutes(block)
        if frame.fits_alone(minutes, block.kind == "break", maximum):
            if block.kind == "break" or len(block.slides) < 2:
                units.append(Piece(block, minutes, block.slides))
            else:  # one unit per slide, so a short session can be avoided by a cut inside it
                units.extend(Piece(block, share, (slide,), parts=0)
                             for share, slide in zip(even_shares(minutes, len(block.slides)), block.slides))
            continue
        shares = even_shares(minutes, len(block.slides)) if len(block.slides) > 1 else []
        if not shares or max(shares) > room:
            why = ("it has only one slide, so it cannot be split" if len(block.slides) < 2 else
                   f"even one slide at a time ({max(shares)} minutes) is too long")
            problems.add(workshop.path, block.line,
                         f"block '{block.title}' runs {minutes} minutes online, but a {maximum}-minute session has "
                         f"room for {max(room, 0)} after its welcome, recap, close and break; {why}",
                         f"give it remote=<minutes> of at most {max(room, 0)}, split it into shorter blocks, "
                         "or raise remote.max_session_minutes in the profile")
            continue
        units.extend(Piece(block, share, (slide,)) for share, slide in zip(shares, block.slides))
    return units, dropped


def choose_sessions(minutes: Sequence[int], breaks: Sequence[bool], frame: SessionFrame,
                    maximum: int, avoid: Sequence[bool] | None = None) -> list[range] | None:
    """Cut units into consecutive sessions: fewest sessions under the minimum, then fewest cuts
    to avoid (`avoid[i]`: a cut before unit i splits a block that fits one session), then fewest
    sessions, then the smallest sum of squared session lengths. Returns the sessions as index
    ranges, or None when no split fits the maximum."""
    count = len(minutes)
    avoid = avoid or [False] * count
    total = [0]
    break_count = [0]
    for value, is_break in zip(minutes, breaks):
        total.append(total[-1] + value)
        break_count.append(break_count[-1] + int(is_break))
    best: list[tuple[int, int, int, int] | None] = [(0, 0, 0, 0)] + [None] * count
    back = [0] * (count + 1)
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            if best[start] is None:
                continue
            length, _ = frame.call_minutes(total[end] - total[start], start == 0,
                                           break_count[end] > break_count[start])
            if length > maximum:
                continue
            short, cuts, sessions, squares = best[start]
            cost = (short + (length < frame.minimum and (start, end) != (0, count)),
                    cuts + (start > 0 and avoid[start]), sessions + 1, squares + length * length)
            if best[end] is None or cost < best[end]:
                best[end], back[end] = cost, start
    if best[count] is None:
        return None
    sessions, end = [], count
    while end > 0:
        sessions.append(range(back[end], end))
        end = back[end]
    return sessions[::-1]


def regroup(units: list[Piece], sessions: list[range]) -> list[list[Piece]]:
    """Join the slide units of a split block back into one piece per session, numbered as parts."""
    grouped: list[list[Piece]] = []
    for span in sessions:
        pieces: list[Piece] = []
        for unit in (units[i] for i in span):
            if pieces and pieces[-1].block is unit.block:
                last = pieces[-1]
                pieces[-1] = Piece(last.block, last.minutes + unit.minutes, last.slides + unit.slides)
            else:
                pieces.append(unit)
        grouped.append(pieces)
    spans: dict[int, int] = {}
    for pieces in grouped:
        for piece in pieces:
            spans[id(piece.block)] = spans.get(id(piece.block), 0) + 1
    seen: dict[int, int] = {}
    for pieces in grouped:
        for n, piece in enumerate(pieces):
            key = id(piece.block)
            seen[key] = seen.get(key, 0) + 1
            pieces[n] = Piece(piece.block, piece.minutes, piece.slides, seen[key], spans[key])
    return grouped


def split_workshop(workshop: Workshop, frame: SessionFrame, maximum: int) -> tuple[list[list[Piece]], list[Block]]:
    """The workshop's online sessions, each a list of pieces, and the blocks dropped online.
    Raises every problem (blocks too long to split, a frame that leaves no room) together."""
    problems = Problems()
    if frame.room(maximum) <= 0:
        frame_minutes = max(frame.opening, frame.welcome + frame.recap) + frame.close
        problems.add(frame.path, frame.line, f"the welcome, recap and close take {frame_minutes} minutes, "
                     f"leaving no room for the workshop in a {maximum}-minute session",
                     "shorten them, or raise remote.max_session_minutes in the profile")
        raise FacilitationError(problems.items)
    units, dropped = online_units(workshop, frame, maximum, problems)
    if not units and not problems:
        problems.add(workshop.path, workshop.blocks[0].line if workshop.blocks else 1,
                     "every block is dropped online (remote=drop), so there is nothing to run remotely")
    problems.raise_if_any()
    avoid = [n > 0 and unit.parts == 0 and units[n - 1].block is unit.block for n, unit in enumerate(units)]
    sessions = choose_sessions([u.minutes for u in units], [u.is_break for u in units], frame, maximum, avoid)
    if sessions is None:  # every unit fits a session alone, so only the minimum can leave no split
        raise FacilitationError([Problem(workshop.path, workshop.blocks[0].line if workshop.blocks else 1,
                                         f"the workshop cannot be cut into online sessions of {frame.minimum} to "
                                         f"{maximum} minutes at its blocks and slides",
                                         "split a long block into shorter ones, or change "
                                         "remote.max_session_minutes in the profile")])
    return regroup(units, sessions), dropped


# ---- sessions in time, with their frame tailored -------------------------------------------------


def frame_from(content: RemoteContent, minimum: int = 30) -> SessionFrame:
    """The frame's minutes from content/remote/sessions.md; `minimum` from the programme rules."""
    minutes = content.minutes
    return SessionFrame(opening=minutes["opening"], welcome=minutes["welcome"], recap=minutes["recap"],
                        close=minutes["close"], pause=minutes["break"],
                        break_after=content.meta["break_after"], minimum=minimum, path=content.path,
                        line=content.lines.get("welcome", 1))


Step = tuple[str, Piece | None, tuple[Slide, ...], int]  # role, piece, slides shown, minutes


def _with_break(pieces: list[Piece], frame: SessionFrame, first: bool) -> list[Step]:
    """The session's body as (role, piece, slides shown, minutes), with the inserted break at the
    cut between blocks nearest the middle of the call; a session of one block takes it between
    that block's slides instead (the slides sharing its minutes equally)."""
    body = [("block", p, p.slides, p.minutes) for p in pieces]
    block_minutes = sum(p.minutes for p in pieces)
    if not frame.call_minutes(block_minutes, first, any(p.is_break for p in pieces))[1]:
        return body
    opening = frame.opening if first else frame.welcome + frame.recap
    middle = (opening + block_minutes + frame.close) / 2
    if len(pieces) == 1 and len(pieces[0].slides) >= 2:
        piece = pieces[0]
        shares = even_shares(piece.minutes, len(piece.slides))
        k = min(range(1, len(shares)), key=lambda n: (abs(opening + sum(shares[:n]) - middle), n))
        return [("block", piece, piece.slides[:k], sum(shares[:k])), ("break", None, (), frame.pause),
                ("block", piece, piece.slides[k:], sum(shares[k:]))]
    reached = [opening + sum(p.minutes for p in pieces[:n]) for n in range(len(pieces) + 1)]
    candidates = range(1, len(pieces)) if len(pieces) >= 2 else range(len(pieces) + 1)
    position = min(candidates, key=lambda n: (abs(reached[n] - middle), n))
    return body[:position] + [("break", None, (), frame.pause)] + body[position:]


def call_length(pieces: Sequence[Piece], first: bool, frame: SessionFrame) -> int:
    """Minutes of the call that carries these pieces, its frame (and any inserted break) included."""
    return frame.call_minutes(sum(p.minutes for p in pieces), first, any(p.is_break for p in pieces))[0]


def _session_context(plan_sessions: list[list[Piece]], number: int, slots: Sequence[Slot],
                     frame: SessionFrame, maximum: int) -> dict[str, Any]:
    def covers(n: int) -> list[str]:
        return [p.title for p in plan_sessions[n - 1] if not p.is_break]

    count = len(plan_sessions)
    day, start = slots[number - 1]
    minutes = call_length(plan_sessions[number - 1], number == 1, frame)
    following = None
    if number < count:
        next_day, next_start = slots[number]
        following = {"number": number + 1, "date": long_date(next_day), "start": f"{next_start:%H:%M}",
                     "covers": covers(number + 1)}
    return {"number": number, "count": count, "first": number == 1, "last": number == count,
            "minutes": minutes, "max_minutes": maximum, "date": long_date(day),
            "start": f"{start:%H:%M}", "end": f"{add_minutes(start, minutes):%H:%M}",
            "covers": covers(number), "previous": covers(number - 1) if number > 1 else [], "next": following}


def _timed_session(content: RemoteContent, frame: SessionFrame, pieces: list[Piece], number: int, count: int,
                   day: date | None, start: time, context: dict, problems: Problems) -> Session:
    """One session in clock time: its frame tailored around its pieces, the break in place."""
    opening: list[Step] = [("opening", None, (), frame.opening)] if number == 1 else \
        [("welcome", None, (), frame.welcome), ("recap", None, (), frame.recap)]
    steps = opening + _with_break(pieces, frame, number == 1) + [("close", None, (), frame.close)]
    items, clock, shown = [], start, set()
    for role, piece, slides, minutes in steps:
        ends = add_minutes(clock, minutes)
        title = None
        if piece is not None:
            title = piece.title if id(piece) not in shown else f"{piece.title} (continued)"
            shown.add(id(piece))
        part = None
        if role != "block" or piece.is_break:  # a workshop's own break is shown like the inserted one
            item = {"title": title, "start": f"{clock:%H:%M}", "end": f"{ends:%H:%M}", "minutes": minutes}
            part = _tailor(content, "break" if piece else role, context, item, problems)
        items.append(SessionItem(role, title or (part.title if part else role), clock, ends, minutes,
                                 part, piece, slides))
        clock = ends
    return Session(number, count, day, _text(content, "title", context, problems),
                   _text(content, "glance", context, problems), _text(content, "glance_notes", context, problems),
                   tuple(items))


Split = tuple[list[list[Piece]], list[Block]]  # a workshop's sessions as pieces, and the blocks dropped online
T = TypeVar("T")
Remember = Callable[[str, tuple, Callable[[], T]], T]  # (kind, what it is made from, make) -> the value


def make_now(kind: str, made_from: tuple, make: Callable[[], T]) -> T:
    """A `Remember` that keeps nothing."""
    return make()


def split_all(pack: Pack, content: RemoteContent, minimum: int = 30) -> dict[str, Split]:
    """Every workshop of the pack that runs online, split into online sessions of `minimum` to the
    profile's maximum minutes. Raises all problems together."""
    frame, problems, splits = frame_from(content, minimum), Problems(), {}
    for workshop in (w for w in pack.workshops if w.online):
        try:
            splits[workshop.id] = split_workshop(workshop, frame, pack.profile.remote_max_minutes)
        except FacilitationError as error:
            problems.collect(error)
    if problems:  # a frame too long for the sessions is found once per workshop: report it once
        raise FacilitationError(list(dict.fromkeys(problems.items)))
    return splits


def session_minutes(splits: Mapping[str, Split], content: RemoteContent) -> dict[str, list[int]]:
    """The length of each online session of each workshop (what the programme schedules)."""
    frame = frame_from(content)
    return {workshop_id: [call_length(pieces, n == 0, frame) for n, pieces in enumerate(sessions)]
            for workshop_id, (sessions, _) in splits.items()}


def workshop_start(pack: Pack, workshop: Workshop) -> time:
    agenda = pack.agendas.get(workshop.id)
    return agenda.start if agenda else (pack.profile.start_time or workshop.start)


def session_times(pack: Pack, splits: Mapping[str, Split], first_days: Mapping[str, date | None],
                  per_week: int = 2) -> dict[str, list[Slot]]:
    """When each session runs when no programme is planned: from its workshop's first day, spaced
    by the spacing rule (`facilitation.plan.dates.session_days`)."""
    working = WorkingDays(pack.profile.nation, pack.bank_holidays)
    return {w.id: session_slots(working, first_days.get(w.id), len(splits[w.id][0]), workshop_start(pack, w), per_week)
            for w in pack.workshops if w.id in splits}


def plan_workshop(pack: Pack, workshop: Workshop, content: RemoteContent, split: Split, slots: Sequence[Slot],
                  problems: Problems, per_week: int = 2) -> RemotePlan | None:
    """One workshop's online sessions at their times, with their frame tailored. Problems are collected."""
    frame, maximum, profile = frame_from(content), pack.profile.remote_max_minutes, pack.profile
    grouped, dropped = split
    base = workshop_context(tailoring_context(profile), workshop)
    before = len(problems.items)
    sessions = [_timed_session(content, frame, pieces, number, len(grouped), *slots[number - 1],
                               {**base, "session": _session_context(grouped, number, slots, frame, maximum)},
                               problems)
                for number, pieces in enumerate(grouped, start=1)]
    guidance_context = {**base, "remote": {"sessions": len(grouped), "max_minutes": maximum,
                                           "platform": profile.remote_platform, "sessions_per_week": per_week,
                                           "first_date": long_date(slots[0][0]) if slots else ""}}
    guidance = []
    for role in content.guidance_roles:
        try:
            guidance.append(tailor_part(content, role, guidance_context))
        except FacilitationError as error:
            problems.collect(error)
    spacing = _text(content, "spacing", guidance_context, problems)
    no_adaptation = _text(content, "no_adaptation", guidance_context, problems)
    if len(problems.items) > before:
        return None
    return RemotePlan(workshop, maximum, profile.remote_platform, tuple(sessions), tuple(dropped), spacing,
                      no_adaptation, tuple((g.title, g.fence("plan")) for g in guidance))


def _tailor(content: RemoteContent, role: str, context: dict, item: dict, problems: Problems) -> Block | None:
    try:
        return tailor_part(content, role, context, item)
    except FacilitationError as error:
        problems.collect(error)
        return None


def _text(content: RemoteContent, key: str, context: dict, problems: Problems) -> str:
    try:
        return tailor_text(content, key, context)
    except FacilitationError as error:
        problems.collect(error)
        return ""


def plan_remote(pack: Pack, content: RemoteContent, slots: Mapping[str, Sequence[Slot]] | None = None,
                splits: Mapping[str, Split] | None = None, per_week: int = 2,
                remember: Remember = make_now) -> dict[str, RemotePlan]:
    """Every workshop of the pack that runs online, as online sessions. Raises all problems of all
    workshops together.

    `slots` gives each workshop's sessions their dates and start times (the plan stage takes them
    from the programme); without them, sessions follow the dates the profile gives, `per_week` at
    most. `splits` are the workshops' splits when already made (`split_all`). Each workshop's plan
    is made by `remember(kind, what it is made from, make)`, which may keep it between builds.
    """
    splits = splits if splits is not None else split_all(pack, content)
    if slots is None:
        slots = session_times(pack, splits, unplanned_days(pack.profile, pack.workshop_ids, pack.bank_holidays), per_week)
    problems = Problems()
    plans = {}
    for workshop in (w for w in pack.workshops if w.id in splits):
        def planned(workshop: Workshop = workshop) -> tuple[RemotePlan | None, tuple[Problem, ...]]:
            found = Problems()
            return plan_workshop(pack, workshop, content, splits[workshop.id], slots[workshop.id], found,
                                 per_week), tuple(found.items)
        # a plan is made from the profile (its data too: the tailoring reads it), the workshop,
        # the frame, the split and the sessions' times
        made_from = (pack.profile, pack.profile.data, workshop, content, splits[workshop.id],
                     tuple(slots[workshop.id]), per_week)
        plan, found = remember("remote-plans", made_from, planned)
        problems.items.extend(found)
        if plan:
            plans[workshop.id] = plan
    if problems:  # the frame is tailored once per session: report each mistake once
        raise FacilitationError(list(dict.fromkeys(problems.items)))
    return plans
