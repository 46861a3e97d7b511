"""Working days, and the dates and clock times of online sessions (pure).

Every date in a pack is laid out with these, by the programme (facilitation.plan.programme) or,
when no programme is planned, by `unplanned_days`; the plan stage (facilitation.plan.pack) then
hands the same dates to the decks, guides, notes, remote decks and plans, so they all agree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterable, Sequence

from facilitation.model import Profile

SUBDIVISIONS = {"england": ("ENG", "England"), "wales": ("WLS", "Wales")}

Slot = tuple[date | None, time]  # an online session's date (None: not dated yet) and start time


class WorkingDays:
    """Weekdays that are not bank holidays in the charity's nation."""

    def __init__(self, nation: str):
        import holidays  # imported when first needed: an unchanged pack's rebuild never needs it

        code, self.place = SUBDIVISIONS.get(nation, SUBDIVISIONS["england"])
        self.holidays = holidays.UK(subdiv=code)

    def why_not(self, day: date) -> str | None:
        if day.weekday() >= 5:
            return f"a {day:%A}"
        name = self.holidays.get(day)
        return f"{name}, a bank holiday in {self.place}" if name else None

    def on_or_after(self, day: date) -> date:
        while self.why_not(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while self.why_not(day):
            day -= timedelta(days=1)
        return day


def long_date(day: date | None) -> str:
    """"Tuesday 16 February 2027"; empty when there is no date yet."""
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def add_minutes(start: time, minutes: int) -> time:
    return (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=minutes)).time()


def session_days(days: WorkingDays, first: date, count: int, per_day: int) -> list[date]:
    """`count` sessions from `first`, `per_day` a day, on consecutive working days."""
    result, day = [], first
    while len(result) < count:
        result.extend([day] * min(per_day, count - len(result)))
        day = days.on_or_after(day + timedelta(days=1))
    return result


def session_slots(days: WorkingDays, first: date | None, minutes: Sequence[int], start: time,
                  per_day: int = 1, pause: int = 0) -> list[Slot]:
    """When each online session of a workshop runs: the first session's day and the working days
    after it; each day's first session at `start`, a later one `pause` minutes after the last ends."""
    on = session_days(days, first, len(minutes), per_day) if first else [None] * len(minutes)
    slots, clock = [], start
    for n, (length, day) in enumerate(zip(minutes, on)):
        if n % per_day == 0:
            clock = start
        slots.append((day, clock))
        clock = add_minutes(clock, length + pause)
    return slots


def unplanned_days(profile: Profile, workshop_ids: Iterable[str]) -> dict[str, date | None]:
    """Workshop dates when no programme is planned (the proposal says "not yet"): the date the
    profile gives a workshop, else the start date for the first one, moved to a working day."""
    days = WorkingDays(profile.nation)
    result: dict[str, date | None] = {}
    for n, workshop_id in enumerate(workshop_ids):
        given = profile.workshop_dates.get(workshop_id) or (profile.start_date if n == 0 else None)
        result[workshop_id] = days.on_or_after(given) if given else None
    return result
