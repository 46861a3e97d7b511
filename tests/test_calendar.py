"""The programme calendar (.ics): RFC 5545, stable UIDs, working days only, reproducible bytes."""

from __future__ import annotations

import json
from datetime import date, datetime

import holidays
from icalendar import Calendar

from facilitation.gather import gather
from facilitation.writers import writer_for


def render(project, slug: str, kind: str = "calendar") -> dict[str, bytes]:
    pack = gather(project, slug)
    return {output.path: output.render() for output in writer_for(kind).outputs(pack)}


def calendar_of(project, slug: str) -> Calendar:
    [data] = render(project, slug).values()
    return Calendar.from_ical(data)


def events(calendar: Calendar):
    return [c for c in calendar.walk("VEVENT")]


def set_profile(project, slug: str, old: str, new: str, source: str = "example") -> None:
    text = (project.content / "charities" / f"{source}.yaml").read_text("utf-8")
    assert old in text
    (project.content / "charities" / f"{slug}.yaml").write_text(text.replace(old, new), "utf-8")


def test_the_built_pack_lists_its_calendar(example_pack):
    project, _ = example_pack
    manifest = json.loads((project.build / "example" / "manifest.json").read_text("utf-8"))
    [entry] = [e for e in manifest["outputs"] if e["kind"] == "calendar"]
    assert entry["path"] == "programme/example-programme.ics"
    data = (project.build / "example" / entry["path"]).read_bytes()
    assert Calendar.from_ical(data).get("version") == "2.0"


def test_the_calendar_is_rfc_5545(project):
    [data] = render(project, "example").values()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded lines, in octets
    assert b"\n" not in data.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(data)
    assert calendar.get("version") == "2.0" and calendar.get("prodid")
    assert calendar.get("method") == "PUBLISH"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone.get("tzid") == "Europe/London"
    for event in events(calendar):
        for required in ("uid", "dtstamp", "dtstart", "summary"):
            assert event.get(required) is not None, (required, event)


def test_every_event_is_on_a_working_day_in_england(project):
    bank_holidays = holidays.UK(subdiv="ENG", years=[2027])
    found = events(calendar_of(project, "example"))
    assert len(found) > 10
    for event in found:
        start = event.decoded("dtstart")
        day = start.date() if isinstance(start, datetime) else start
        assert day.weekday() < 5 and day not in bank_holidays, event.get("summary")


def test_times_carry_the_uk_time_zone_and_work_due_is_all_day_and_free(project):
    found = events(calendar_of(project, "example"))
    concepts = next(e for e in found if e.get("uid") == "example-concepts@facilitation")
    start = concepts.decoded("dtstart")
    assert (start.date(), start.hour, start.minute) == (date(2027, 1, 26), 9, 30)
    assert str(start.tzinfo) == "Europe/London"
    assert concepts.get("location") == "Northside Community Hall, 14 Mill Lane, Leeds"
    due = [e for e in found if e.get("uid").startswith("example-due-")]
    assert due and all(not isinstance(e.decoded("dtstart"), datetime) for e in due)
    assert all(e.get("transp") == "TRANSPARENT" for e in due)


def test_uids_are_unique_and_stable_when_dates_move(project):
    before = {e.get("uid"): e.decoded("dtstart") for e in events(calendar_of(project, "example"))}
    set_profile(project, "moved", "start_date: 2027-01-12", "start_date: 2027-04-06")
    after = {e.get("uid").replace("moved-", "example-", 1): e.decoded("dtstart")
             for e in events(calendar_of(project, "moved"))}
    assert len(before) == len(events(calendar_of(project, "example")))  # unique
    assert set(before) == set(after)
    assert all(uid.startswith("example-") and uid.endswith("@facilitation") for uid in before)
    assert before["example-concepts@facilitation"] != after["example-concepts@facilitation"]


def test_a_rebuild_gives_the_same_bytes(project):
    first = render(project, "example")
    assert render(project, "example") == first


def test_remote_delivery_gives_one_event_per_online_session(project):
    found = events(calendar_of(project, "riverside"))
    uids = {e.get("uid") for e in found}
    assert "riverside-concepts@facilitation" not in uids  # its sessions stand in for it
    sessions = sorted((e for e in found if "-concepts-session-" in e.get("uid")), key=lambda e: e.decoded("dtstart"))
    assert len(sessions) >= 2
    assert all("online session" in e.get("summary") for e in sessions)
    assert all(e.decoded("dtend") > e.decoded("dtstart") for e in sessions)
    assert [e.decoded("dtstart").date() for e in sessions] == sorted({e.decoded("dtstart").date() for e in sessions})
    assert all("Microsoft Teams" in e.get("location") for e in sessions)


def test_no_calendar_without_dates_or_when_support_is_paused(project):
    set_profile(project, "undated", "  start_date: 2027-01-12\n", "")
    assert render(project, "undated") == {}
    set_profile(project, "paused", "  senior_buy_in: partial", "  senior_buy_in: none")
    assert render(project, "paused") == {}
