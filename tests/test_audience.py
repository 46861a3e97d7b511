"""What participants' materials may read: the pack without facilitator text (facilitation.plan.audience).

The oracle: every participant writer renders the same bytes from the view as from the whole pack,
for charities unlike each other, so the view loses nothing they print; and the view holds none of
the facilitators' words, so an edit to those cannot reach a participant's hands.
"""

from __future__ import annotations

import pytest

from facilitation.gather import gather
from facilitation.plan.audience import FACILITATOR_FENCES, PARTICIPANTS, participant_view
from facilitation.writers import all_writers
from helpers import copy_project

PROFILES = {
    # Welsh first, online in 45-minute evening sessions, every accessible format
    "cymraeg": """name: Cymdeithas Gofalwyr Ifanc Cymoedd y De-orllewin
short_name: Cymdeithas
nation: wales
languages: [cy, en]
sector: mental-health
delivery: remote
remote: {max_session_minutes: 45, platform: Zoom}
workshops: [staff-session, concepts, vision, planning, debrief]
schedule: {start_date: 2027-03-01, start_time: "18:30"}
accessibility: [large-print, easy-read, dyslexia-friendly, captions]
""",
    # six people in a room, every module
    "small": """name: Open Door Minds
short_name: Open Door
sector: mental-health
people_term: people using NHS Talking Therapies
group_size: 6
workshops: [concepts, vision, planning, debrief, policy-campaigns, research-evaluation]
schedule: {start_date: 2031-04-07, start_time: "13:00"}
venue: The Old Library, Leeds
""",
}


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("audience"), charities=())
    for slug, text in PROFILES.items():
        (project.content / "charities" / f"{slug}.yaml").write_text(text, "utf-8")
    return {slug: gather(project, slug) for slug in PROFILES}


@pytest.mark.parametrize("slug", PROFILES)
def test_participant_materials_are_the_same_made_from_the_view(packs, slug):
    pack = packs[slug]
    view = participant_view(pack)
    writers = [w for w in all_writers() if w.audience == PARTICIPANTS]
    assert {w.kind for w in writers} >= {"handout", "joining-instructions", "feedback-form", "printables"}
    for writer in writers:
        whole = {o.path: o.render() for o in writer.outputs(pack)}
        seen = {o.path: o.render() for o in writer.outputs(view)}
        assert seen.keys() == whole.keys(), writer.kind
        for path in whole:
            assert seen[path] == whole[path], path


def test_the_view_holds_no_facilitator_text(packs):
    pack = packs["cymraeg"]
    view = participant_view(pack)
    notes = [f.text for w in pack.workshops for b in w.blocks for s in b.slides for f in s.fences if f.name == "notes"]
    assert notes  # there was something to take out
    text = repr((view.workshops, view.agendas, view.remote_plans))
    for block in (b for w in view.workshops for b in w.blocks):
        assert not {f.name for f in block.fences} & FACILITATOR_FENCES
        for slide in block.slides:
            assert not {f.name for f in slide.fences} & FACILITATOR_FENCES
    assert not [n for n in notes if len(n) > 40 and n in text]
    assert view.profile is pack.profile and view.programme is pack.programme  # the rest is shared, not copied
