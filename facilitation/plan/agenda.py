"""The agenda of a workshop day: clock times computed from durations, never typed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from facilitation.model import Agenda, AgendaItem, Block, Profile, Workshop


def add_minutes(start: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def workshop_date(workshop: Workshop, profile: Profile | None) -> date | None:
    """The date given for this workshop in the profile's schedule (dated programmes come later)."""
    if profile is None:
        return None
    return profile.workshop_dates.get(workshop.id)


def build_agenda(workshop: Workshop, profile: Profile | None = None, start: time | None = None) -> Agenda:
    """Clock times for every block, from the given start, the profile's, or the workshop's."""
    clock = start or (profile.start_time if profile and profile.start_time else None) or workshop.start
    minutes = clock.hour * 60 + clock.minute
    # online, no one sits through the whole day: only each session has to end before midnight
    longest = min(workshop.length, profile.remote_max_minutes) if workshop.online and profile else workshop.length
    if minutes + longest >= 24 * 60:
        what = f"an online session of {workshop.id}" if longest < workshop.length else workshop.id
        raise ValueError(f"{what} would run past midnight from {clock:%H:%M}")
    items = []
    for block in workshop.blocks:
        end = add_minutes(clock, block.duration)
        items.append(AgendaItem(block, clock, end))
        clock = end
    return Agenda(workshop, workshop_date(workshop, profile), tuple(items))


# ---- who leads ------------------------------------------------------------------------------

CO_FACILITATOR_LEADS = ("co-facilitator", "both")


def effective_lead(lead: str, co_facilitation: bool) -> str:
    """Who leads a block (its `lead`) for this charity: without a co-facilitator, the facilitator leads every part."""
    return lead if co_facilitation else "facilitator"


def involves_co_facilitator(block: Block, co_facilitation: bool) -> bool:
    """Does the co-facilitator lead or share this block? (Their notes list exactly these.)"""
    return effective_lead(block.lead, co_facilitation) in CO_FACILITATOR_LEADS
