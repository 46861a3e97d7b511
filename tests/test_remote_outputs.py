"""Remote decks and plans: reopen what the build wrote and check what a facilitator would see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from helpers import copy_project
from facilitation.build import Project, build

from facilitation.gather import gather
from facilitation.plan.deck_plan import deck_plan
from facilitation.cli import main
from facilitation.errors import FacilitationError



@pytest.fixture(scope="module")
def riverside(tmp_path_factory):
    """Riverside (remote, 75-minute sessions) built once for this module."""
    project = copy_project(tmp_path_factory.mktemp("riverside"))
    report = build(project, "riverside")
    return project, report, gather(project, "riverside")


def manifest(project: Project, slug: str) -> list[dict]:
    return json.loads((project.build / slug / "manifest.json").read_text())["outputs"]


def titles(prs) -> list[str]:
    return [slide.shapes.title.text for slide in prs.slides]


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def remote_decks(project: Project, slug: str, workshop: str) -> list[tuple[dict, Presentation]]:
    entries = sorted((o for o in manifest(project, slug) if o["kind"] == "remote-deck" and o["workshop"] == workshop),
                     key=lambda o: o["session"])
    return [(o, Presentation(str(project.build / slug / o["path"]))) for o in entries]


def test_every_workshop_comes_out_as_sessions_of_at_most_75_minutes(riverside):
    project, _, pack = riverside
    assert pack.profile.remote_max_minutes == 75
    for workshop in pack.workshops:
        decks = remote_decks(project, "riverside", workshop.id)
        assert len(decks) >= 2
        assert [o["session"] for o, _ in decks] == list(range(1, len(decks) + 1))
        for entry, prs in decks:
            assert 0 < entry["minutes"] <= 75
            assert entry["path"] == f"remote/{workshop.id}/session-{entry['session']}.pptx"
            assert titles(prs)[0] == f"{workshop.title} — session {entry['session']} of {len(decks)}"
            subtitle = prs.slides[0].placeholders[1].text_frame.text
            assert "Riverside Young Carers Cymru" in subtitle and "Microsoft Teams" in subtitle
        plans = [o for o in manifest(project, "riverside")
                 if o["kind"] == "remote-plan" and o["workshop"] == workshop.id]
        assert [o["path"] for o in plans] == [f"remote/{workshop.id}-remote-plan.docx"]


def test_each_session_has_welcome_close_unique_titles_and_notes(riverside):
    project, _, pack = riverside
    for workshop in pack.workshops:
        decks = remote_decks(project, "riverside", workshop.id)
        for entry, prs in decks:
            names = titles(prs)
            assert len(names) == len(set(names)), f"titles repeat in {entry['path']}"
            assert all(t.strip() for t in names)
            assert all(notes(s).strip() for s in prs.slides), entry["path"]
            assert f"Session {entry['session']} at a glance" == names[1]
            if entry["session"] == 1:
                assert "Getting started on Microsoft Teams" in names
            else:
                assert f"Welcome back: session {entry['session']} of {len(decks)}" in names
                assert f"Last time, in session {entry['session'] - 1}" in names
            assert names[-1] == f"Session {entry['session']}: what happens next"
            text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
            assert "{{" not in text and "{%" not in text
        closing = decks[0][1].slides[-1].placeholders[1].text_frame.text
        # the programme's dates: the staff session's three online sessions open it on 2 February,
        # Concepts follows on Tuesday 16 February, and its next session is three days later
        assert "Next time, Friday 19 February 2027" in closing or workshop.id != "concepts"
        last = decks[-1][1].slides[-1].placeholders[1].text_frame.text
        assert f"This was the last session of {workshop.title}" in last


def test_remote_slide_text_lives_in_placeholders(riverside):
    """Editable in PowerPoint, Impress and Google Slides: no free-floating text boxes."""
    project, _, pack = riverside
    for workshop in pack.workshops:
        for _, prs in remote_decks(project, "riverside", workshop.id):
            for slide in prs.slides:
                if slide.slide_layout.name == "Title Only":
                    continue  # native diagrams are shapes
                for shape in slide.shapes:
                    if shape.has_text_frame and shape.text_frame.text.strip():
                        assert shape.is_placeholder, (slide.shapes.title.text, shape.name)


def test_no_slide_of_the_day_is_lost_and_each_runs_once(riverside):
    project, _, pack = riverside
    for workshop in pack.workshops:
        # a workshop delivered online has no day deck: every slide its day would have must be shown
        wanted = [p.title for p in deck_plan(pack.agendas[workshop.id])
                  if p.kind in ("content", "activity") and p.item.block.kind != "break"]
        shown = [t for _, prs in remote_decks(project, "riverside", workshop.id) for t in titles(prs)]
        missing = [t for t in wanted if t not in shown]
        assert not missing, f"{workshop.id}: slides lost online: {missing}"
        for slide in (s for b in workshop.blocks if b.kind != "break" for s in b.slides):
            assert shown.count(slide.title) == 1, slide.title


def test_content_slides_carry_how_they_run_online(riverside):
    project, _, pack = riverside
    for workshop in pack.workshops:
        by_title = {s.title: (b, s) for b in workshop.blocks for s in b.slides}
        for _, prs in remote_decks(project, "riverside", workshop.id):
            for slide in prs.slides:
                if slide.shapes.title.text not in by_title:
                    continue
                block, model = by_title[slide.shapes.title.text]
                if block.kind == "break":
                    continue
                text = notes(slide)
                assert "Online:" in text
                remote = block.fence("remote")
                if remote:  # the block's `remote` fence follows the slide's own notes
                    own = " ".join(model.notes.split())[:40]
                    assert text.index("Online:") > 0 and own.split("*")[0][:20] in " ".join(text.split())
                    first_words = [f.text for f in block.fences if f.name == "remote"]
                    if first_words:
                        assert first_words[0].split()[0] in text.split("Online:")[1]


def doc_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_remote_plan_has_sessions_times_platform_checks_roles_and_adaptations(riverside):
    project, _, pack = riverside
    concepts = pack.workshops[0]
    path = project.build / "riverside" / "remote" / "concepts-remote-plan.docx"
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    sessions = len(remote_decks(project, "riverside", "concepts"))
    for heading in ("The sessions", "What to send a week ahead", "Technology and access checks", "Roles"):
        assert heading in headings
    assert headings.count(next(h for h in headings if h.startswith("Session 1 of"))) == 1
    assert sum(h.startswith("Session ") for h in headings) == sessions
    assert headings[headings.index("Roles") + 1] == f"Session 1 of {sessions}: Tuesday 16 February 2027, 10:00–11:00"
    text = doc_text(path)
    for words in ("Microsoft Teams", "Host", "Chat monitor", "Note-taker", "a week", "in Welsh",
                  "Lunch (45 minutes)"):
        assert words in text, words
    for block in concepts.blocks:
        remote = block.fence("remote")
        if remote and block.remote != "drop":
            assert " ".join(remote.split()[:8]) in " ".join(text.split()), block.title
    table = doc.tables[1]  # the sessions, one row each
    assert len(table.rows) == sessions + 1
    assert [c.text for c in table.rows[0].cells] == ["Session", "Date", "Time", "Minutes", "What it covers"]


def test_undated_workshops_get_the_suggested_spacing(project):
    # without schedule.start_date the programme counts in weeks, so no session has a date yet
    path = project.content / "charities" / "riverside.yaml"
    path.write_text(path.read_text("utf-8").replace("  start_date: 2027-02-02\n", ""), "utf-8")
    build(project, "riverside")
    text = doc_text(project.build / "riverside" / "remote" / "vision-remote-plan.docx")
    assert "at most 2 a week" in text and "Dates to be agreed" in text


def test_a_rebuild_gives_the_same_remote_files(riverside):
    project, _, _ = riverside
    again = build(project, "riverside")
    remote = [w for w in again.files if w.output.kind.startswith("remote-")]
    assert remote and all(w.status == "unchanged" for w in remote)


def test_in_person_packs_get_remote_versions_only_on_request(example_pack, tmp_path):
    project, report = example_pack
    assert not [w for w in report.files if w.output.kind.startswith("remote-")]
    project = copy_project(tmp_path)
    report = build(project, "example", remote=True)
    entries = [o for o in manifest(project, "example") if o["kind"] == "remote-deck"]
    assert {o["workshop"] for o in entries} == set(gather(project, "example").workshop_ids)
    assert all(o["minutes"] <= 90 for o in entries)


# ---- one workshop written for the test -------------------------------------------------------

WORKSHOP = """---
id: debrief
title: "Debrief"
module: 1
sequence: 4
length: {length}
---

# Welcome {{duration=10 kind=opening}}

## Hello again
- Good to see you

::: notes
Say hello.
:::

# The long part {{duration={long} kind=exercise}}

::: remote
Breakout rooms of three.
:::

{slides}
# Close {{duration=10 kind=close}}

## Goodbye
- Thank you

::: notes
Say goodbye.
:::
"""

PROFILE = """name: Testing Trust
delivery: remote
remote: {max_session_minutes: 75, platform: Zoom}
workshops: [debrief]
"""


def write_testing_trust(project: Project, long: int, slides: int) -> str:
    text = "".join(f"## Step {n}\n- Do thing {n}\n\n::: notes\nExplain step {n}.\n:::\n\n"
                   for n in range(1, slides + 1))
    workshop = WORKSHOP.format(length=long + 20, long=long, slides=text)
    (project.content / "workshops" / "debrief.md").write_text(workshop)
    (project.content / "charities" / "testing.yaml").write_text(PROFILE)
    return workshop


def test_a_long_block_is_split_at_its_slides(project):
    write_testing_trust(project, 120, 4)
    build(project, "testing")
    decks = remote_decks(project, "testing", "debrief")
    assert all(o["minutes"] <= 75 for o, _ in decks)
    shown = [t for _, prs in decks for t in titles(prs)]
    assert [t for t in shown if t.startswith("Step ")] == ["Step 1", "Step 2", "Step 3", "Step 4"]
    plan = doc_text(project.build / "testing" / "remote" / "debrief-remote-plan.docx")
    assert "The long part (part 1 of" in plan and "Breakout rooms of three." in plan
    step = next(s for _, prs in decks for s in prs.slides if s.shapes.title.text == "Step 3")
    assert notes(step).split() == "Explain step 3. Online: Breakout rooms of three.".split()


def test_a_long_block_that_cannot_be_split_stops_the_build_at_its_line(project):
    workshop = write_testing_trust(project, 100, 1)
    line = next(n for n, text in enumerate(workshop.splitlines(), start=1) if text.startswith("# The long part"))
    with pytest.raises(FacilitationError) as caught:
        build(project, "testing")
    assert any(str(p).startswith(f"content/workshops/debrief.md:{line}: block 'The long part' runs 100 minutes "
                                 "online, but a 75-minute session has room for 55") for p in caught.value.problems)
    assert not list(project.build.rglob("*.pptx")) and not list(project.build.rglob("*.docx")), "nothing is written"
    result = CliRunner().invoke(main, ["build", "testing", "--root", str(project.root)])
    assert result.exit_code == 2
    assert f"content/workshops/debrief.md:{line}: block 'The long part'" in result.output
    assert "Traceback" not in result.output


def test_an_online_guide_names_each_parts_printables_by_title(riverside):
    """Each part's own materials list says which printable an item is, by its title, as the
    checklist does: an online part's block is read from its session plan, a copy of the
    workshop's block."""
    project, _, _ = riverside
    doc = Document(str(project.build / "riverside" / "guides" / "concepts-facilitator-guide.docx"))
    ticks = [p.text for p in doc.paragraphs if p.text.startswith("☐") and "Printables:" in p.text]
    assert ticks and all("(Printables: Rung cards)" in tick for tick in ticks if "rung card" in tick.lower())
    assert not [tick for tick in ticks if "rung-cards" in tick]
