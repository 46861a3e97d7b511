"""The real programme content: every workshop loads, adds up and meets the quality bar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitation.build import Project

from facilitation.gather import load_charity, load_sources, tailor_all
from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.model import BulletList, Paragraph, Quote, Table, plain
from facilitation.plan.agenda import build_agenda

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT)
FULL_DAY, HALF_DAY = 390, 210
CHARITIES = ("example", "riverside")


def everything(slug: str):
    profile = load_charity(PROJECT, slug)
    all_workshops = profile.__class__(**{**profile.__dict__, "workshops": WORKSHOP_IDS})
    return all_workshops, tailor_all(PROJECT, all_workshops, load_sources(PROJECT))


@pytest.fixture(scope="module", params=CHARITIES)
def tailored(request):
    return request.param, everything(request.param)


def words(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))


def slide_sentences(slide):
    for element in slide.elements:
        if isinstance(element, BulletList):
            yield from (plain(item.runs) for item in element.items)
        elif isinstance(element, (Paragraph, Quote)):
            yield plain(element.runs)
        elif isinstance(element, Table):
            yield from (plain(cell) for row in element.rows for cell in row)


def test_every_workshop_has_a_content_file():
    assert sorted(load_sources(PROJECT)) == sorted(WORKSHOP_IDS)


def test_days_add_up_and_have_breaks(tailored):
    slug, (profile, workshops) = tailored
    for workshop in workshops:
        agenda = build_agenda(workshop, profile)
        assert agenda.total_minutes == workshop.length, (slug, workshop.id)
        assert workshop.length in (FULL_DAY, HALF_DAY), workshop.id
        breaks = [b for b in workshop.blocks if b.kind == "break"]
        assert len(breaks) >= (3 if workshop.length == FULL_DAY else 1), workshop.id
        if workshop.length == FULL_DAY:
            assert any(b.duration >= 30 and b.remote == "drop" for b in breaks), f"{workshop.id}: lunch"


def test_slide_counts_titles_and_notes(tailored):
    slug, (profile, workshops) = tailored
    for workshop in workshops:
        slides = workshop.slides
        assert len(slides) >= (18 if workshop.length == FULL_DAY else 8), (slug, workshop.id)
        titles = [s.title for s in slides]
        assert len(titles) == len(set(titles)), workshop.id
        for slide in slides:
            count = words(slide.notes)
            assert 35 <= count <= 130, f"{workshop.path}:{slide.line}: notes have {count} words"


def test_participant_facing_sentences_are_short(tailored):
    _, (_, workshops) = tailored
    for workshop in workshops:
        for slide in workshop.slides:
            for text in slide_sentences(slide):
                for sentence in re.split(r"(?<=[.!?])\s+", text):
                    assert words(sentence) <= 25, f"{workshop.path}:{slide.line}: {sentence!r}"


def test_activities_have_five_elements_and_a_remote_version(tailored):
    _, (_, workshops) = tailored
    for workshop in workshops:
        activities = [b for b in workshop.blocks if b.activity]
        assert len(activities) >= 3, workshop.id
        for block in activities:
            assert block.fence("remote"), f"{workshop.path}:{block.line}: activity without a remote version"
            assert block.materials, f"{workshop.path}:{block.line}: activity without materials"
            steps = block.activity["steps"]
            assert sum(int(s.get("minutes", 0)) for s in steps) <= block.duration, f"{workshop.path}:{block.line}"


def test_co_facilitated_blocks_have_notes_for_the_co_facilitator(tailored):
    _, (_, workshops) = tailored
    for workshop in workshops:
        for block in workshop.blocks:
            if block.lead in ("co-facilitator", "both"):
                assert block.fence("co-facilitator"), f"{workshop.path}:{block.line}: no co-facilitator note"


def test_every_block_has_facilitator_steps(tailored):
    _, (_, workshops) = tailored
    for workshop in workshops:
        for block in workshop.blocks:
            assert block.fence("facilitator"), f"{workshop.path}:{block.line}"


def test_tailoring_matters():
    _, northside = everything("example")
    _, riverside = everything("riverside")
    def text(workshops):
        return "\n".join(plain(i.runs) for w in workshops for s in w.slides for e in s.elements
                         if isinstance(e, BulletList) for i in e.items) + "\n".join(s.title for w in workshops for s in w.slides)
    north, river = text(northside), text(riverside)
    assert "Northside" in north and "Riverside" in river
    assert "Riverside" not in north and "Northside" not in river
    assert "service users" not in river.lower()
    # the diagnostic's barriers and quick wins come into the day
    assert "No budget line for paying people for their time" in north
    assert "Ask young carers to name the new youth forum" in river
    # criminal-justice examples only for that sector
    assert "Barriers in criminal-justice settings" in north and "Barriers in criminal-justice settings" not in river


def test_there_are_native_diagrams():
    _, workshops = everything("example")
    kinds = {type(e).__name__ + ":" + getattr(e, "kind", "") for w in workshops for s in w.slides for e in s.elements}
    assert {"Diagram:ladder", "Diagram:cycle", "Diagram:timeline"} <= kinds


def test_between_workshop_activities_load():
    from facilitation.gather import load_activities

    activities = load_activities(PROJECT)
    assert {a.id for a in activities} >= {"consult-staff", "consult-people", "gather-examples", "prepare-report-back"}
    for activity in activities:
        for heading in ("## Purpose", "## Steps", "## Time", "## Template"):
            assert heading in activity.body, (activity.path, heading)


def test_the_example_charity_builds_all_seven_decks(example_pack):
    project, report = example_pack
    decks = {w.output.workshop for w in report.files if w.output.kind == "deck"}
    assert decks == set(WORKSHOP_IDS)
