"""Working days, and the dates and clock times of online sessions (pure).

Every date in a pack is laid out with these, by the programme (facilitation.plan.programme) or,
when no programme is planned, by `unplanned_days`; the plan stage (facilitation.plan.pack) then
hands the same dates to the decks, guides, notes, remote decks and plans, so they all agree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Iterable

from facilitation.model import BankHolidays, Profile

SUBDIVISIONS = {"england": ("ENG", "England"), "wales": ("WLS", "Wales")}

Slot = tuple[date | None, time]  # an online session's date (None: not dated yet) and start time


class WorkingDays:
    """Weekdays that are not bank holidays in the charity's nation: from `known` for the years it
    holds, else from the `holidays` library, loaded only then."""

    def __init__(self, nation: str, known: BankHolidays | None = None):
        self.code, self.place = SUBDIVISIONS.get(nation, SUBDIVISIONS["england"])
        self.known = known if known is not None and known.nation == nation else None
        self._library = None

    def holiday(self, day: date) -> str | None:
        if self.known is not None and day.year in self.known.years:
            return self.known.days.get(day)
        if self._library is None:
            import holidays  # only for a year nobody looked up when the pack was gathered
            self._library = holidays.UK(subdiv=self.code)
        return self._library.get(day)

    def why_not(self, day: date) -> str | None:
        if day.weekday() >= 5:
            return f"a {day:%A}"
        name = self.holiday(day)
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


def session_days(days: WorkingDays, first: date, count: int, per_week: int) -> list[date]:
    """`count` online sessions from `first`, spread across the week: at most `per_week` in any
    seven days, on working days, and a day of rest between two sessions where the rule leaves room
    (two a week: Tuesday, Friday, Tuesday …; a bank holiday moves a session, never closer than that)."""
    result: list[date] = []
    rest = timedelta(days=max(1, 7 // per_week - 1))
    for k in range(count):
        earliest = first + timedelta(days=k * 7 // per_week)
        if result:
            earliest = max(earliest, result[-1] + rest)
        if k >= per_week:
            earliest = max(earliest, result[k - per_week] + timedelta(days=7))
        result.append(days.on_or_after(earliest))
    return result


def session_slots(days: WorkingDays, first: date | None, count: int, start: time, per_week: int) -> list[Slot]:
    """When each online session of a workshop runs: spaced as `session_days`, all at `start`."""
    on = session_days(days, first, count, per_week) if first else [None] * count
    return [(day, start) for day in on]


def even_sessions(total: int, maximum: int) -> list[int]:
    """A sitting of `total` minutes as the fewest online sessions of at most `maximum` minutes,
    as even as whole minutes allow: for a sitting with no content of its own to cut at (the
    report-back, a proposed workshop the pack does not build)."""
    count = max(1, -(-total // maximum))
    base, extra = divmod(total, count)
    return [base + (1 if n < extra else 0) for n in range(count)]


def bank_holidays(nation: str, years: Iterable[int]) -> BankHolidays:
    """The nation's bank holidays in these years, from the `holidays` library."""
    import holidays

    years = tuple(years)
    code = SUBDIVISIONS.get(nation, SUBDIVISIONS["england"])[0]
    return BankHolidays(nation, years, dict(holidays.UK(subdiv=code, years=years)) if years else {})


def years_dated(profile: Profile, after: int = 2) -> range:
    """The years a profile's pack can be dated in: from its first given date to `after` years
    past its last (a long online programme runs on); none when it gives no date."""
    given = [d for d in (profile.start_date, *profile.workshop_dates.values()) if d]
    return range(min(given).year, max(given).year + after + 1) if given else range(0)


def unplanned_days(profile: Profile, workshop_ids: Iterable[str],
                   known: BankHolidays | None = None) -> dict[str, date | None]:
    """Workshop dates when no programme is planned (the proposal says "not yet"): the date the
    profile gives a workshop, else the start date for the first one, moved to a working day."""
    days = WorkingDays(profile.nation, known)
    result: dict[str, date | None] = {}
    for n, workshop_id in enumerate(workshop_ids):
        given = profile.workshop_dates.get(workshop_id) or (profile.start_date if n == 0 else None)
        result[workshop_id] = days.on_or_after(given) if given else None
    return result
