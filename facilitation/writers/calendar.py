"""The `calendar` writer: the programme as an RFC 5545 calendar file (.ics) to import.

Each event's UID is `<charity>-<event id>@facilitation`, and event ids say what an event is
(`concepts`, `check-in-vision-1`, `due-consult-staff`), never when, so importing a rebuilt file
updates the events rather than adding them twice. Times are Europe/London, with its
VTIMEZONE written out as calendar apps write it; work due is an all-day event that does not show as busy. DTSTAMP is the pack's fixed
timestamp, so the same inputs give the same bytes. A programme without dates has no calendar.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Iterable
from zoneinfo import ZoneInfo

from facilitation.i18n import labels_for
from facilitation.model import Event, Pack, Package
from facilitation.plan.audience import PARTICIPANTS
from facilitation.writers import Output, Writer, register
from facilitation.writers.programme import calendar_path, where

if TYPE_CHECKING:  # icalendar is loaded only when the calendar is written
    from icalendar import Timezone

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Involvement Team//facilitation//EN"


def london() -> Timezone:
    """Europe/London as calendar apps write it: the UK's daylight-saving rule since 1996."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", "Europe/London")
    for kind, name, start, month, before, after in (
            (TimezoneDaylight, "BST", datetime(1970, 3, 29, 1), 3, "+0000", "+0100"),
            (TimezoneStandard, "GMT", datetime(1970, 10, 25, 2), 10, "+0100", "+0000")):
        part = kind()
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", timedelta(hours=int(before[:3])))
        part.add("tzoffsetto", timedelta(hours=int(after[:3])))
        zone.add_component(part)
    return zone


def uid(slug: str, event: Event) -> str:
    return f"{slug}-{event.id}@facilitation"


def _description(event: Event, pack: Pack, package: Package, text: dict[str, str]) -> str:
    parts = [event.summary]
    if event.kind in ("workshop", "session"):
        workshop = next((w for w in pack.workshops if w.id == event.workshop), None)
        part = package.part(event.workshop)
        parts = [workshop.summary if workshop else (part.reason if part else "")]
        plan = pack.remote_plans.get(event.workshop)
        if event.kind == "session" and plan and event.session <= len(plan.sessions):
            covers = [p.title for p in plan.sessions[event.session - 1].pieces if not p.is_break]
            parts.append(labels_for(pack.profile)("This session: {parts}.").format(parts="; ".join(covers)))
    if event.kind == "due":
        activity = next((a for a in pack.activities if f"due-{a.id}" == event.id), None)
        if activity:
            parts.append(f"{text['hours_column']}: {activity.hours:g}")
    return "\n\n".join(p for p in parts if p)


def build_calendar(pack: Pack) -> bytes:
    from icalendar import Calendar, Event as CalendarEvent

    programme, profile = pack.programme, pack.profile
    text = programme.text
    stamp = pack.timestamp.replace(tzinfo=timezone.utc) if pack.timestamp.tzinfo is None else pack.timestamp
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", text["title"])
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add_component(london())
    for event in programme.events:  # one event per sitting, with its real start and end; work due all day
        entry = CalendarEvent()
        entry.add("uid", uid(profile.slug, event))
        entry.add("dtstamp", stamp)
        entry.add("summary", event.title)
        if event.start is None:
            entry.add("dtstart", event.day)
            entry.add("dtend", event.day + timedelta(days=1))
            entry.add("transp", "TRANSPARENT")
        else:
            begins = datetime.combine(event.day, event.start, tzinfo=LONDON)
            entry.add("dtstart", begins)
            entry.add("dtend", begins + timedelta(minutes=event.minutes))
        place = where(event, pack, text)
        if place == text["in_person"] and profile.venue:
            place = profile.venue
        if place:
            entry.add("location", place)
        description = _description(event, pack, pack.package, text)
        if description:
            entry.add("description", description)
        entry.add("categories", [event.kind])
        calendar.add_component(entry)
    return calendar.to_ical()


@register
class CalendarWriter(Writer):
    kind = "calendar"
    audience = PARTICIPANTS
    reads = ("workshops", "remote_plans", "activities", "package", "programme")

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if pack.programme is None or not pack.programme.dated:
            return
        yield Output(self.kind, calendar_path(pack), lambda: build_calendar(pack))
