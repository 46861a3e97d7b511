"""Agenda clock times are computed from durations and the day's start."""

from __future__ import annotations

from datetime import time

from facilitation.content.workshop import load_workshop
from facilitation.plan.agenda import build_agenda
from facilitation.profile import load_profile

WORKSHOP = """---
id: vision
title: Vision
module: 1
sequence: 2
length: 2h
start: "09:30"
---
# Opening {duration=20 kind=opening}
# Dreaming {duration=1h15 kind=exercise}
# Break {duration=15 kind=break}
# Close {duration=10 kind=close}
"""


def agenda_for(profile_text: str | None):
    workshop = load_workshop(WORKSHOP, "w.md", {"charity": {}})
    profile = load_profile(profile_text, "p.yaml", "p") if profile_text else None
    return build_agenda(workshop, profile)


def test_times_follow_durations_from_the_workshop_start():
    agenda = agenda_for(None)
    assert [(i.start, i.end) for i in agenda.items] == [
        (time(9, 30), time(9, 50)), (time(9, 50), time(11, 5)), (time(11, 5), time(11, 20)), (time(11, 20), time(11, 30))]
    assert agenda.total_minutes == 120
    assert agenda.minutes_by_kind() == {"opening": 20, "exercise": 75, "break": 15, "close": 10}


def test_profile_start_time_wins():
    agenda = agenda_for("name: X\nschedule: {start_time: '10:15'}\n")
    assert agenda.start == time(10, 15) and agenda.end == time(12, 15)
