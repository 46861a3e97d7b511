"""Delivery-true packs: every output describes the sittings that really happen.

Throwaway charities unlike the shipped ones are built in a copy of the project, and the files
are reopened as a participant or facilitator would: the calendar with icalendar, the decks with
python-pptx, the guides and notes with python-docx.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from pptx import Presentation

from helpers import copy_project
from facilitation.build import build
from facilitation.check.outputs import check_build, longest_range
from facilitation.check.rules import IN_PERSON_WORDS
from facilitation.gather import gather

PROFILES = {
    # remote, 60-minute sessions, every workshop, co-facilitated: the longest programme
    "online-sixty": """name: Online Sixty Trust
delivery: remote
remote: {max_session_minutes: 60, platform: Microsoft Teams}
co_facilitation: true
co_facilitator: {name: Jo}
facilitators: [Priya Shah]
workshops: [staff-session, concepts, vision, planning, debrief, policy-campaigns, research-evaluation]
schedule: {start_date: 2027-09-07, start_time: "10:00"}
""",
    # remote, 75-minute sessions, once a week
    "weekly-youth": """name: Weekly Youth Voices
sector: youth
delivery: remote
remote: {max_session_minutes: 75, platform: Zoom, sessions_per_week: 1}
workshops: [concepts, vision, planning]
schedule: {start_date: 2027-03-02, start_time: "16:00"}
""",
    # hybrid: Vision online, the other workshops in a room
    "mixed-hall": """name: Mixed Hall Project
delivery: hybrid
delivery_by_workshop: {vision: remote}
remote: {max_session_minutes: 90}
venue: Mixed Hall, 1 High Street
co_facilitation: true
workshops: [concepts, vision, planning]
schedule: {start_date: 2027-05-04}
""",
    "in-a-room": """name: In A Room Charity
venue: The Old School
workshops: [concepts, vision, planning]
schedule: {start_date: 2027-05-04}
""",
}
MAXIMUM = {"online-sixty": 60, "weekly-youth": 75, "mixed-hall": 90}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("delivery"))
    for slug, text in PROFILES.items():
        (project.content / "charities" / f"{slug}.yaml").write_text(text, "utf-8")
        build(project, slug)
    return project


def outputs(project, slug: str, kind: str | None = None) -> list[dict]:
    entries = json.loads((project.build / slug / "manifest.json").read_text())["outputs"]
    return [e for e in entries if kind is None or e["kind"] == kind]


def path_of(project, slug: str, entry: dict) -> Path:
    return project.build / slug / entry["path"]


def calendar_events(project, slug: str) -> list:
    entry = outputs(project, slug, "calendar")[0]
    return list(Calendar.from_ical(path_of(project, slug, entry).read_bytes()).walk("VEVENT"))


def minutes(event) -> int:
    return int((event["dtend"].dt - event["dtstart"].dt).total_seconds() // 60)


def texts(path: Path) -> list[str]:
    """Every slide's text with its notes, or every paragraph and table cell."""
    if path.suffix == ".pptx":
        result = []
        for slide in Presentation(str(path)).slides:
            words = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
            result.append("\n".join(words + [slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""]))
        return result
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]


@pytest.mark.parametrize("slug", ["online-sixty", "weekly-youth"])
def test_every_online_calendar_event_fits_a_session_and_none_is_under_30_minutes(built, slug):
    maximum = MAXIMUM[slug]
    timed = [e for e in calendar_events(built, slug) if hasattr(e["dtstart"].dt, "hour")]
    assert timed
    for event in timed:
        assert 30 <= minutes(event) <= maximum, (str(event["summary"]), minutes(event))
        assert "Online" in str(event["location"])
    kinds = {str(e["summary"]).split(" — ")[0] for e in timed}
    assert "Report-back" in kinds and "Check-in call with the Involvement Team" in kinds


@pytest.mark.parametrize("slug", ["online-sixty", "weekly-youth"])
def test_no_output_presents_a_longer_sitting(built, slug):
    maximum = MAXIMUM[slug]
    for entry in outputs(built, slug):
        path = path_of(built, slug, entry)
        if path.suffix not in (".pptx", ".docx"):
            continue
        for text in texts(path):
            longest = longest_range(text)
            assert longest is None or longest[0] <= maximum, (entry["path"], longest, text[:120])


@pytest.mark.parametrize("slug", ["online-sixty", "weekly-youth"])
def test_a_workshop_run_online_has_only_its_dated_session_decks(built, slug):
    assert outputs(built, slug, "deck") == []
    decks = [Presentation(str(path_of(built, slug, e))).slides[0] for e in outputs(built, slug, "remote-deck")]
    built_titles = {slide.shapes.title.text.split(" — session")[0] for slide in decks}
    # the built workshops' sessions (a proposed workshop the profile does not build has sessions but no decks)
    sessions = {(e["dtstart"].dt.date(), e["dtstart"].dt.strftime("%H:%M"), e["dtend"].dt.strftime("%H:%M"))
                for e in calendar_events(built, slug)
                if str(e["summary"]).split(" — online session")[0] in built_titles}
    assert len(decks) == len(sessions)
    for slide in decks:
        subtitle = slide.placeholders[1].text_frame.text
        day, times = subtitle.splitlines()[1].rsplit(", ", 1)
        start, end = times.split("–")
        assert any(f"{d.day} {d:%B %Y}" in day and (s, e) == (start, end) for d, s, e in sessions), subtitle


@pytest.mark.parametrize("slug", ["online-sixty", "weekly-youth"])
def test_no_online_deck_or_co_facilitator_note_describes_a_day_in_a_room(built, slug):
    for entry in outputs(built, slug):
        if entry["kind"] in ("remote-deck", "co-facilitator-notes"):
            for text in texts(path_of(built, slug, entry)):
                found = IN_PERSON_WORDS.search(text)
                assert found is None, (entry["path"], found.group(0), text[:200])


def test_the_check_rules_pass_on_online_packs(built):
    for slug in MAXIMUM:
        findings, _ = check_build(built, slug, schema=False)
        assert [f for f in findings if f.rule in ("sitting-length", "online-wording", "guide-slides")] == []


@pytest.mark.parametrize("slug, per_week, words", [("online-sixty", 2, "at most 2 a week"),
                                                   ("weekly-youth", 1, "once a week")])
def test_the_spacing_is_what_the_pack_says(built, slug, per_week, words):
    by_workshop: dict[str, list] = {}
    for event in calendar_events(built, slug):
        if "online session" in str(event["summary"]):
            by_workshop.setdefault(str(event["summary"]).split(" — ")[0], []).append(event["dtstart"].dt.date())
    assert by_workshop
    for days in by_workshop.values():
        days.sort()
        for n, day in enumerate(days):
            assert sum(1 for other in days if day <= other < day + timedelta(days=7)) <= per_week
            assert day.weekday() < 5
            if n:
                assert days[n] > days[n - 1]
    plans = outputs(built, slug, "remote-plan")
    assert plans and all(any(words in t for t in texts(path_of(built, slug, p))) for p in plans)
    programme = outputs(built, slug, "programme")[0]
    assert any(words in t for t in texts(path_of(built, slug, programme)))


def test_the_guide_and_notes_are_organised_by_session_with_no_lunch(built):
    slug = "online-sixty"
    guide = next(e for e in outputs(built, slug, "facilitator-guide") if e["workshop"] == "concepts")
    doc = Document(str(path_of(built, slug, guide)))
    sessions = [p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text.startswith("Session ")]
    decks = [e for e in outputs(built, slug, "remote-deck") if e["workshop"] == "concepts"]
    assert len(sessions) == len(decks) >= 2
    assert all(re.match(r"Session \d+ of \d+: \w+day \d+ \w+ \d{4}, \d\d:\d\d–\d\d:\d\d \(\d+ minutes\)$", s)
               for s in sessions)
    assert not any(p.text == "The day at a glance" for p in doc.paragraphs)
    notes = next(e for e in outputs(built, slug, "co-facilitator-notes") if e["workshop"] == "concepts")
    note_text = "\n".join(texts(path_of(built, slug, notes)))
    assert "Your sessions at a glance" in note_text and "The whole day" not in note_text
    assert "lunch" not in note_text.lower()


def test_the_proposal_gives_days_and_sessions_with_their_lengths(built):
    text = "\n".join(texts(path_of(built, "online-sixty", outputs(built, "online-sixty", "proposal")[0])))
    assert re.search(r"Online, \d+ sessions of \d+ to 60 minutes", text)
    assert "Online, one session of 60 minutes" in text  # the report-back
    hybrid = "\n".join(texts(path_of(built, "mixed-hall", outputs(built, "mixed-hall", "proposal")[0])))
    assert "In person, one sitting of 390 minutes" in hybrid and "Online, " in hybrid


def test_module_1_stretched_past_four_months_is_warned_about(built):
    assert any("more than four months" in n for n in gather(built, "online-sixty").notices)
    assert not any("more than four months" in n for n in gather(built, "in-a-room").notices)


def test_hybrid_runs_each_workshop_as_its_profile_says(built):
    slug = "mixed-hall"
    assert {e["workshop"] for e in outputs(built, slug, "deck")} == {"concepts", "planning"}
    assert {e["workshop"] for e in outputs(built, slug, "remote-deck")} == {"vision"}
    events = calendar_events(built, slug)
    days = [e for e in events if str(e["summary"]).startswith("Workshop one")]
    assert len(days) == 1 and minutes(days[0]) == 390 and str(days[0]["location"]) == "Mixed Hall, 1 High Street"
    online = [e for e in events if "online session" in str(e["summary"])]
    assert online and all(30 <= minutes(e) <= 90 and str(e["summary"]).startswith("Workshop two") for e in online)
    report_back = next(e for e in events if str(e["summary"]) == "Report-back")
    assert minutes(report_back) == 210  # in a room: hybrid's report-back is in person


def test_in_person_packs_keep_their_day(built):
    slug = "in-a-room"
    assert {e["workshop"] for e in outputs(built, slug, "deck")} == {"concepts", "vision", "planning"}
    assert outputs(built, slug, "remote-deck") == []
    deck = next(e for e in outputs(built, slug, "deck") if e["workshop"] == "concepts")
    prs = Presentation(str(path_of(built, slug, deck)))
    assert "The Old School" in prs.slides[0].placeholders[1].text_frame.text
    assert any(s.shapes.title.text == "The shape of our day" for s in prs.slides)
    guide = next(e for e in outputs(built, slug, "facilitator-guide") if e["workshop"] == "concepts")
    assert "The day at a glance" in texts(path_of(built, slug, guide))
    workshops = [e for e in calendar_events(built, slug) if str(e["summary"]).startswith("Workshop")]
    assert len(workshops) == 3 and all(minutes(e) > 300 for e in workshops)
