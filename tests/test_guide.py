"""The facilitator guide as a run-sheet: reopen the DOCX and check a facilitator could run the day from it."""

from __future__ import annotations

import io
import json
import re
from datetime import time

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

from helpers import rows, table_after
from facilitation.gather import gather
from facilitation.cli import main
from facilitation.content.workshop import load_workshop
from facilitation.errors import FacilitationError
from facilitation.plan.agenda import build_agenda, effective_lead, involves_co_facilitator
from facilitation.plan.deck_plan import deck_plan, slides_of
from facilitation.writers import writer_for


def outputs(project, slug: str, kind: str) -> dict:
    manifest = json.loads((project.build / slug / "manifest.json").read_text())
    return {o["workshop"]: project.build / slug / o["path"] for o in manifest["outputs"] if o["kind"] == kind}


def guides(project, slug: str) -> dict[str, Document]:
    """The guides rendered in memory, by workshop (the build writes these bytes)."""
    pack = gather(project, slug)
    return {o.workshop: Document(io.BytesIO(o.render())) for o in writer_for("facilitator-guide").outputs(pack)}


def headings(doc, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def text_of(doc) -> str:
    lines = [p.text for p in doc.paragraphs]
    lines += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


# ---- the example charity's guides ----------------------------------------------------------------------


def test_slide_numbers_in_the_guide_match_the_deck(example_pack):
    project, _ = example_pack
    decks, built = outputs(project, "example", "deck"), outputs(project, "example", "facilitator-guide")
    for workshop_id, path in built.items():
        titles = [s.shapes.title.text for s in Presentation(str(decks[workshop_id])).slides]
        quoted = [re.match(r"Slide (\d+): (.*)", h).groups() for h in headings(Document(str(path)), 4)
                  if h.startswith("Slide ")]
        assert quoted, workshop_id
        for number, title in quoted:
            assert titles[int(number) - 1] == title, (workshop_id, number)
        # every slide after the title and the day at a glance is covered, once, in order
        assert [int(n) for n, _ in quoted] == list(range(3, len(titles) + 1)), workshop_id


def test_cover_and_day_at_a_glance(example_pack):
    project, _ = example_pack
    pack = gather(project, "example")
    doc = Document(str(outputs(project, "example", "facilitator-guide")["concepts"]))
    assert doc.paragraphs[0].text == "Workshop one: Concepts" and doc.paragraphs[0].style.name == "Title"
    cover = dict(rows(doc.tables[0]))
    assert cover["Charity"] == "Northside Recovery Trust"
    assert cover["Where"] == "Northside Community Hall, 14 Mill Lane, Leeds"
    assert cover["Facilitators"] == "Alex Morgan" and cover["Co-facilitator"] == "Sam"
    assert cover["Contact at Northside"] == "Priya Shah, Head of Services"
    agenda = pack.agendas["concepts"]
    glance = rows(table_after(doc, "The day at a glance"))
    assert glance == [[f"{i.start:%H:%M}–{i.end:%H:%M}", i.block.title, i.block.kind,
                       {"facilitator": "Facilitator", "both": "Both", "co-facilitator": "Co-facilitator"}[i.block.lead],
                       str(i.block.duration)] for i in agenda.items]
    by_kind = {kind: int(minutes) for kind, minutes, _ in rows(table_after(doc, "Minutes by kind"))}
    assert by_kind.pop("Total") == agenda.total_minutes == sum(by_kind.values()) == 390
    assert by_kind == agenda.minutes_by_kind()


def test_materials_checklist_is_the_union_of_the_blocks_materials(example_pack):
    project, _ = example_pack
    pack = gather(project, "example")
    built = outputs(project, "example", "facilitator-guide")
    for workshop in pack.workshops:
        doc = Document(str(built[workshop.id]))
        union = {m for b in workshop.blocks for m in b.materials}
        if not union:
            assert "No materials are listed for this workshop." in text_of(doc)
            continue
        checklist = rows(table_after(doc, "Materials checklist"))
        items = [item for _, item, *_ in checklist]
        assert set(items) == union, workshop.id
        assert len(items) == len(set(items)), "each item once"
        assert all(tick == "☐" for tick, *_ in checklist)


def test_every_block_has_its_run_sheet(example_pack):
    project, _ = example_pack
    pack = gather(project, "example")
    doc = Document(str(outputs(project, "example", "facilitator-guide")["concepts"]))
    agenda = pack.agendas["concepts"]
    blocks = [h for h in headings(doc, 2) if re.match(r"\d\d:\d\d–\d\d:\d\d  ", h)]
    assert blocks == [f"{i.start:%H:%M}–{i.end:%H:%M}  {i.block.title}" for i in agenda.items]
    text = text_of(doc)
    assert "Purpose: open the day warmly" in text  # facilitator fence
    assert "Invitation: When have you felt truly listened to" in text  # activity card
    assert "Hand-over with Sam" in headings(doc, 3)  # co-facilitator fence for a shared block
    assert "Cue to hand over: the facilitator says your name" in text
    assert "If you run this online" in headings(doc, 3)
    assert "Dropped when the workshop runs online." in text  # lunch is remote=drop
    assert "☐  A chime or timer" in text  # the block's own materials
    assert "led by the facilitator and Sam together" in text


def test_accessibility_plan_follows_the_profile(example_pack, project):
    built, _ = example_pack
    doc = Document(str(outputs(built, "example", "facilitator-guide")["concepts"]))
    plan = headings(doc, 2)[headings(doc, 2).index("Minutes by kind") + 1:]
    assert plan[:4] == ["For every workshop", "Large print", "Captions", "Step-free access"]
    assert "Book a live captioner" in text_of(doc)  # in-person wording
    riverside = guides(project, "riverside")["concepts"]
    text = text_of(riverside)
    assert "Riverside asked for: Dyslexia-friendly materials, Captions, Easy read." in text
    assert "Turn on live captions in Microsoft Teams" in text  # remote wording
    assert "Welsh-language Active Offer" in text  # a Welsh charity: Welsh offered up front
    assert "Step-free access" not in headings(riverside, 2)


def test_without_a_co_facilitator_the_facilitator_leads_everything(project):
    doc = guides(project, "riverside")["concepts"]
    assert {row[3] for row in rows(table_after(doc, "The sessions at a glance"))} == {"Facilitator"}
    assert not [h for h in headings(doc, 3) if h.startswith("Hand-over")]
    assert "Co-facilitator" not in dict(rows(doc.tables[0]))


def test_between_workshop_activities_follow_their_workshop(project):
    built = guides(project, "example")
    text = text_of(built["vision"])
    assert "Between workshops: tasks for the core team" in headings(built["vision"], 1)
    assert "Consult wider staff and volunteers" in headings(built["vision"], 2)
    assert "about 4 hours for each core team member" in text
    assert "Questions for a team meeting" in text  # the activity's template, from content/activities/
    numbered = [p for p in built["vision"].paragraphs if p.style.name == "List Number"]
    assert any("in plain English" in p.text for p in numbered), "wrapped list items stay one item"
    assert "Consult wider staff and volunteers" not in headings(built["concepts"], 2)
    assert "Between workshops: tasks for the core team" not in headings(built["debrief"], 1)  # nothing after it


def test_a_workshop_date_from_the_profile_reaches_the_cover(project):
    path = project.content / "charities" / "example.yaml"
    path.write_text(path.read_text().replace("  start_time: \"09:30\"\n",
                                             "  start_time: \"09:30\"\n  dates: {concepts: 2027-01-19}\n"))
    cover = dict(rows(guides(project, "example")["concepts"].tables[0]))
    assert cover["Date"] == "Tuesday 19 January 2027"


def test_guide_fonts_are_real_fonts_not_theme_fonts(example_pack):
    project, _ = example_pack
    doc = Document(str(outputs(project, "example", "facilitator-guide")["concepts"]))
    assert not any(f.get(qn("w:asciiTheme")) for f in doc.styles.element.iter(qn("w:rFonts")))
    assert doc.styles["Heading 1"].font.name == "Arial"
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Workshop one: Concepts · Northside · facilitator guide · page")
    assert "PAGE" in footer._p.xml


def test_a_missing_accessibility_section_is_reported(project):
    path = project.content / "accessibility.md"
    path.write_text(re.sub(r"# captions: .*?(?=^# )", "", path.read_text(), flags=re.S | re.M))
    result = CliRunner().invoke(main, ["build", "example", "--root", str(project.root)])
    assert result.exit_code == 2
    assert "content/accessibility.md: no section for 'captions'" in result.output
    assert "Traceback" not in result.output


# ---- the slide plan the deck and the guide share (pure) ---------------------------------------------

WORKSHOP = """\
---
id: concepts
title: Plan test
module: 1
sequence: 1
length: 75
---

# Start {duration=10 kind=opening lead=both}

## Hello
- hi

# Talk in pairs {duration=20 kind=discussion}

::: activity
structure: 1-2-4-All
invitation: "What helps?"
space: Chairs.
participants: Everyone.
groups: Pairs.
steps:
  - {minutes: 20, do: "Talk."}
:::

## Pairs
- talk

# Break {duration=15 kind=break}

# Lunch {duration=30 kind=break}

## Lunch: back at 11:15
- eat
"""


def test_deck_plan_numbers_every_slide_once():
    workshop = load_workshop(WORKSHOP, "content/workshops/concepts.md", {"charity": {}})
    agenda = build_agenda(workshop, start=time(10, 0))
    plan = deck_plan(agenda)
    assert [(p.number, p.kind, p.title) for p in plan] == [
        (1, "title", "Plan test"), (2, "overview", "Today at a glance"), (3, "content", "Hello"),
        (4, "content", "Pairs"), (5, "activity", "Over to you: Talk in pairs"),
        (6, "break", "Break: back at 10:45"), (7, "content", "Lunch: back at 11:15")]
    assert [p.title for p in slides_of(plan, agenda.items[1])] == ["Pairs", "Over to you: Talk in pairs"]


def test_who_leads_without_and_with_a_co_facilitator():
    workshop = load_workshop(WORKSHOP, "content/workshops/concepts.md", {"charity": {}})
    start, talk = workshop.blocks[0], workshop.blocks[1]
    assert effective_lead(start.lead, True) == "both" and effective_lead(start.lead, False) == "facilitator"
    assert involves_co_facilitator(start, True) and not involves_co_facilitator(start, False)
    assert not involves_co_facilitator(talk, True)


def test_deck_and_guide_render_identically_twice(project):
    pack = gather(project, "riverside")
    first = [o.render() for o in writer_for("facilitator-guide").outputs(pack)]
    assert first == [o.render() for o in writer_for("facilitator-guide").outputs(pack)]


@pytest.mark.parametrize("slug", ["example", "riverside"])
def test_guides_render_for_every_workshop(project, slug):
    pack = gather(project, slug)
    assert set(guides(project, slug)) == set(pack.workshop_ids)


def test_unknown_accessibility_key_is_an_error(project):
    path = project.content / "accessibility.md"
    path.write_text(path.read_text() + "\n# larger-print: Bigger\n- x\n")
    with pytest.raises(FacilitationError, match=r"content/accessibility.md:\d+: unknown key 'larger-print' "
                                                 r"\(did you mean 'large-print'\?\)"):
        guides(project, "example")
