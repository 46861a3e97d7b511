"""The plan stage: everything a pack's outputs are computed from, planned once (pure).

The delivery plan is made of sittings: a workshop delivered in person is one day; one delivered
online (`Profile.online`) is a series of sessions, split from its content. The programme lays
every sitting out in time (with the report-back and check-in calls); then each agenda gets its
workshop's day and each online session its date and start time from the programme, so decks,
guides, notes, remote decks and plans, the report-back, the programme and its calendar all say
the same thing. A "not yet" proposal plans no programme: its
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
from facilitation.plan.programme import plan_programme, sessions_per_week
from facilitation.plan.remote import Remember, make_now, plan_remote, session_minutes, session_times, split_all


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
    """The day each workshop starts: its day in person, or its first online session."""
    if programme is None:
        return unplanned_days(pack.profile, pack.workshop_ids, pack.bank_holidays)
    return {w: sittings[0].day for w in pack.workshop_ids if (sittings := programme.sittings_of(w))}


def programme_slots(programme: Programme, workshop_id: str) -> list[Slot]:
    """The dates and start times the programme gives a workshop's online sessions."""
    return [(e.day, e.start) for e in programme.sittings_of(workshop_id) if e.kind == "session"]


def plan_pack(pack: Pack, rules: Rules, frame: RemoteContent | None, profile_lines: Mapping[str, int],
              remember: Remember = make_now) -> Pack:
    """Plan one charity's pack: the package, the online split, the programme and every date.

    `frame` is content/remote/sessions.md, needed when some workshop runs online;
    `profile_lines` maps the profile's dotted keys to their lines, for date mistakes; `remember`
    may keep each workshop's online plan between builds (`facilitation.plan.remote.plan_remote`).
    Raises every problem of a step together; a step that needs an earlier one waits for it.
    """
    problems = Problems()
    package = splits = None
    remote_rules = rules.programme["remote"]
    try:
        package = propose(pack.profile, rules.proposal, rules.outcomes, pack.workshops)
    except FacilitationError as error:
        problems.collect(error)
    if pack.remote:
        try:
            splits = split_all(pack, frame, remote_rules["min_session_minutes"])
        except FacilitationError as error:
            problems.collect(error)
    problems.raise_if_any()

    programme = None
    if not package.not_yet:  # "not yet": there is nothing to schedule
        programme = plan_programme(pack.profile, package, rules.programme,
                                   titles={w.id: w.title for w in pack.workshops},
                                   times={w: (a.start, a.total_minutes) for w, a in pack.agendas.items()},
                                   activities=pack.activities,
                                   sessions=session_minutes(splits, frame) if splits else {},
                                   lines=profile_lines, calendar_file=calendar_file(pack),
                                   holidays=pack.bank_holidays)
    days = workshop_days(pack, programme)
    agendas = {w: replace(agenda, date=days.get(w)) for w, agenda in pack.agendas.items()}
    planned = replace(pack, agendas=agendas, package=package, programme=programme)
    if splits:
        per_week = sessions_per_week(pack.profile, rules.programme)
        slots = ({w: programme_slots(programme, w) for w in splits} if programme is not None
                 else session_times(planned, splits, days, per_week))
        planned = replace(planned, remote_plans=plan_remote(planned, frame, slots, splits, per_week, remember))
    return planned
