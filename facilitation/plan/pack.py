"""The plan stage: everything a pack's outputs are computed from, planned once (pure).

The proposed package; each workshop split into online sessions (when the pack has remote
versions); the programme, which schedules those sessions; and then one date for everything:
each agenda gets its workshop's date and each online session its date and start time from the
programme's events, so decks, guides, notes, remote decks and plans, the report-back, the
programme and its calendar all say the same day. A "not yet" proposal plans no programme: its
dates come from the profile (`facilitation.plan.dates.unplanned_days`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Mapping

from facilitation.content.remote import RemoteContent
from facilitation.errors import FacilitationError, Problems
from facilitation.model import Pack, Programme
from facilitation.plan.dates import Slot, unplanned_days
from facilitation.plan.package import propose
from facilitation.plan.programme import plan_programme
from facilitation.plan.remote import Split, plan_remote, session_minutes, session_times, split_all


@dataclass(frozen=True)
class Rules:
    """The team's planning rules (content/rules/*.yaml), loaded and checked."""

    proposal: Mapping[str, Any]
    outcomes: Mapping[str, Any]
    programme: Mapping[str, Any]


def calendar_file(pack: Pack) -> str:
    """The programme calendar's file name (the calendar writer puts it in programme/)."""
    return f"{pack.profile.slug}-programme.ics"


def workshop_days(pack: Pack, programme: Programme | None) -> dict[str, date | None]:
    if programme is None:
        return unplanned_days(pack.profile, pack.workshop_ids)
    return {event.id: event.day for event in programme.of_kind("workshop")}


def programme_slots(programme: Programme, workshop_id: str) -> list[Slot]:
    """The dates and start times the programme gives a workshop's online sessions (none when not split)."""
    sessions = sorted((e for e in programme.of_kind("session") if e.workshop == workshop_id), key=lambda e: e.session)
    return [(e.day, e.start) for e in sessions]


def _session_slots(pack: Pack, splits: Mapping[str, Split], frame: RemoteContent, programme: Programme | None,
                   days: Mapping[str, date | None], rules: Rules) -> dict[str, list[Slot]]:
    """Each workshop's sessions as the programme schedules them; where it shows the workshop as one
    day (hybrid delivery, or remote versions on request), from that day as the programme would."""
    remote = rules.programme["remote"]
    slots = session_times(pack, splits, frame, days, remote["sessions_per_day"], remote["break_minutes"])
    if programme is not None:
        for workshop_id, count in ((w, len(s[0])) for w, s in splits.items()):
            scheduled = programme_slots(programme, workshop_id)
            if len(scheduled) == count:
                slots[workshop_id] = scheduled
    return slots


def plan_pack(pack: Pack, rules: Rules, frame: RemoteContent | None, profile_lines: Mapping[str, int]) -> Pack:
    """Plan one charity's pack: the package, the remote split, the programme and every date.

    `frame` is content/remote/sessions.md, needed when the pack has remote versions;
    `profile_lines` maps the profile's dotted keys to their lines, for date mistakes.
    Raises every problem of a step together; a step that needs an earlier one waits for it.
    """
    problems = Problems()
    package = splits = None
    try:
        package = propose(pack.profile, rules.proposal, rules.outcomes, pack.workshops)
    except FacilitationError as error:
        problems.collect(error)
    if pack.remote:
        try:
            splits = split_all(pack, frame)
        except FacilitationError as error:
            problems.collect(error)
    problems.raise_if_any()

    programme = None
    if not package.not_yet:  # "not yet": there is nothing to schedule
        online = session_minutes(splits, frame) if splits and pack.profile.delivery == "remote" else {}
        programme = plan_programme(pack.profile, package, rules.programme,
                                   titles={w.id: w.title for w in pack.workshops},
                                   times={w: (a.start, a.total_minutes) for w, a in pack.agendas.items()},
                                   activities=pack.activities, sessions=online, lines=profile_lines,
                                   calendar_file=calendar_file(pack))
    days = workshop_days(pack, programme)
    agendas = {w: replace(agenda, date=days.get(w)) for w, agenda in pack.agendas.items()}
    planned = replace(pack, agendas=agendas, package=package, programme=programme)
    if splits is not None:
        slots = _session_slots(planned, splits, frame, programme, days, rules)
        planned = replace(planned, remote_plans=plan_remote(planned, frame, slots, splits))
    return planned
