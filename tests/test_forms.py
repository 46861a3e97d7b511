"""Task sheets, printables and the materials lists' sources: what the core team and the
facilitator print, and where each thing on a materials list comes from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar

from helpers import copy_project, rows, table_after
from facilitation.errors import FacilitationError
from facilitation.gather import gather, load_activities
from facilitation.writers import writer_for

PROFILE = """\
name: Forms Test Trust
short_name: Forms Test
nation: england
workshops: [staff-session, concepts, vision, planning, debrief, policy-campaigns, research-evaluation]
schedule:
  start_date: 2027-01-12
  start_time: "09:30"
diagnostic:
  senior_buy_in: strong
  capacity: medium
  journey_stage: consultation
"""


ALL_WORKSHOPS = ("staff-session", "concepts", "vision", "planning", "debrief", "policy-campaigns",
                 "research-evaluation")


@pytest.fixture
def forms_project(tmp_path: Path):
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / "forms.yaml").write_text(PROFILE, "utf-8")
    return project


def rendered(pack, kind: str) -> dict[str, tuple]:
    """path -> (output, bytes) for one writer's outputs."""
    return {o.path: (o, o.render()) for o in writer_for(kind).outputs(pack)}


def text_of(data: bytes) -> str:
    doc = Document(__import__("io").BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def docx(data: bytes):
    import io
    return Document(io.BytesIO(data))


def long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# ---- task sheets ------------------------------------------------------------------------------


def test_every_activity_has_a_task_sheet_due_when_the_calendar_says(forms_project):
    pack = gather(forms_project, "forms")
    sheets = rendered(pack, "task-sheet")
    [calendar_data] = [data for _, data in rendered(pack, "calendar").values()]
    calendar = Calendar.from_ical(calendar_data)
    due_in_calendar = {str(e.get("uid")).split("@")[0].removeprefix("forms-due-"): e.decoded("dtstart")
                       for e in calendar.walk("VEVENT") if "-due-" in str(e.get("uid"))}
    activities = load_activities(forms_project)
    assert {f"task-sheets/{a.id}.docx" for a in activities} == set(sheets)
    for activity in activities:
        output, data = sheets[f"task-sheets/{activity.id}.docx"]
        assert output.workshop == activity.after
        doc = docx(data)
        facts = dict(rows(doc.tables[0]))
        assert facts["Due by"] == long(due_in_calendar[activity.id])
        assert facts["Time it takes"].startswith(f"About {activity.hours:g} hours")
        headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        assert headings == ["Why it matters", "Who does it", "What to do", "How long it takes",
                            "Questions to ask", "Record sheet", "How the results feed the next workshop"]
        record = table_after(doc, "Record sheet")
        assert len(record.rows) > 5 and all(not c.text for r in record.rows[1:] for c in r.cells)
        assert all(c.text for c in record.rows[0].cells)


def test_the_built_pack_lists_task_sheets_by_workshop(forms_project):
    from facilitation.build import build
    import json

    build(forms_project, "forms")  # noqa
    manifest = json.loads((forms_project.build / "forms" / "manifest.json").read_text("utf-8"))
    sheets = {e["path"]: e["workshop"] for e in manifest["outputs"] if e["kind"] == "task-sheet"}
    assert sheets["task-sheets/consult-staff.docx"] == "vision"
    printables = {e["workshop"]: e["path"] for e in manifest["outputs"] if e["kind"] == "printables"}
    assert printables == {w: f"printables/{w}-printables.docx" for w in ALL_WORKSHOPS}


def test_an_activity_without_a_section_gives_its_file_and_line(forms_project):
    path = forms_project.content / "activities" / "consult-staff.md"
    text = path.read_text("utf-8")
    start = text.index("## Who")
    end = text.index("## ", start + 3)
    text = text[:start] + text[end:]
    path.write_text(text, "utf-8")
    with pytest.raises(FacilitationError) as error:
        load_activities(forms_project)
    [problem] = error.value.problems
    assert problem.path == "content/activities/consult-staff.md"
    assert problem.line == len(text.rstrip("\n").split("\n"))
    assert "'## Who'" in problem.message


def test_a_record_sheet_without_a_table_is_refused(forms_project):
    path = forms_project.content / "activities" / "gather-examples.md"
    lines = path.read_text("utf-8").split("\n")
    heading = lines.index("## Record sheet") + 1
    path.write_text("\n".join(l for l in lines if not l.startswith("|")), "utf-8")
    with pytest.raises(FacilitationError) as error:
        load_activities(forms_project)
    [problem] = error.value.problems
    assert (problem.path, problem.line) == ("content/activities/gather-examples.md", heading)
    assert "no table" in problem.message


# ---- printables and the materials lists -------------------------------------------------------


def test_printables_hold_every_card_and_sheet_the_materials_lists_name(forms_project):
    pack = gather(forms_project, "forms")
    built = rendered(pack, "printables")
    for workshop in pack.workshops:
        output, data = built[f"printables/{workshop.id}-printables.docx"]
        assert output.workshop == workshop.id
        doc = docx(data)
        headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
        contents = [row[0] for row in rows(doc.tables[0])]
        named = {m.ref for b in workshop.blocks for m in b.material_items if m.source == "printable"}
        assert named, workshop.id
        for printable_id in named:
            printable = pack.printables[workshop.id].get(printable_id)
            assert printable is not None, (workshop.id, printable_id)
            assert printable.title in contents
            if printable.cards:  # each card on its own page, in large print
                for card in printable.cards:
                    pages = [p for p in doc.paragraphs if p.text == card.title and p.style.name == "Heading 1"]
                    assert pages and all(p.paragraph_format.page_break_before for p in pages)
                    assert all(p.runs[0].font.size.pt >= 36 for p in pages)
            else:
                assert printable.title in headings


def test_the_rung_cards_are_the_seven_rungs_in_order(forms_project):
    pack = gather(forms_project, "forms")
    [(_, data)] = [v for k, v in rendered(pack, "printables").items() if "concepts" in k]
    titles = [p.text for p in docx(data).paragraphs if p.style.name == "Heading 1"]
    rungs = ["Coercion", "Educating", "Informing", "Consultation", "Engagement", "Co-design", "Co-production"]
    assert titles[titles.index("Coercion"):titles.index("Coercion") + 7] == rungs


def test_printables_are_tailored_for_the_charity(forms_project):
    pack = gather(forms_project, "forms")
    [(_, data)] = [v for k, v in rendered(pack, "printables").items() if "concepts" in k]
    text = text_of(data)
    assert "Forms Test?" in text  # "What do you hope coproduction could change at Forms Test?"
    assert "{{" not in text and "{%" not in text


def lint(project, rule: str = "materials-source"):
    from facilitation.check.content import lint_charity

    return [f for f in lint_charity(project, "forms") if f.rule == rule]


def test_every_shipped_materials_item_says_where_it_comes_from(forms_project):
    assert lint(forms_project) == []


def test_an_unmarked_materials_item_is_flagged_at_its_line(forms_project):
    path = forms_project.content / "workshops" / "vision.md"
    text = path.read_text("utf-8")
    marked = "- Open floor space {venue}"
    assert marked in text
    path.write_text(text.replace(marked, "- Open floor space"), "utf-8")
    [finding] = lint(forms_project)
    line = text.split("\n").index(marked) + 1
    assert (finding.path, finding.line, finding.severity) == ("content/workshops/vision.md", line, "warning")
    assert "Open floor space" in finding.message and "{buy}" in finding.message


def test_a_printable_that_does_not_exist_is_an_error_at_its_line(forms_project):
    path = forms_project.content / "workshops" / "concepts.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("{printable=rung-cards}", "{printable=rung-card}"), "utf-8")
    [finding] = lint(forms_project)
    line = next(n for n, l in enumerate(text.split("\n"), 1) if "{printable=rung-cards}" in l)
    assert (finding.path, finding.line, finding.severity) == ("content/workshops/concepts.md", line, "error")
    assert "rung-card'" in finding.message and "rung-cards" in finding.message


def test_the_guide_checklist_says_where_each_item_comes_from(forms_project):
    pack = gather(forms_project, "forms")
    [(_, data)] = [v for k, v in rendered(pack, "facilitator-guide").items() if "concepts" in k]
    doc = docx(data)
    table = table_after(doc, "Materials checklist")
    assert [c.text for c in table.rows[0].cells] == ["Tick", "Item", "Comes from", "Needed for"]
    sources = {item: source for _, item, source, _ in rows(table)}
    assert sources["Seven rung cards, A4, large print: Coercion to Co-production"] == "Printables: Rung cards"
    assert sources["Marker pens"] == "Buy"
    assert sources["Chairs at the edge of the room"] == "The venue"
    assert not any("{" in item for item in sources)
    ticks = [p.text for p in doc.paragraphs if p.text.startswith("☐")]  # each block's own list says it too
    assert "☐  Marker pens (Buy)" in ticks
    assert not any("{" in tick for tick in ticks)


def test_a_printable_without_an_id_gives_its_file_and_line(forms_project):
    path = forms_project.content / "printables" / "planning.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("## Storyboard sheet {id=storyboard}", "## Storyboard sheet"), "utf-8")
    with pytest.raises(FacilitationError) as error:
        gather(forms_project, "forms")
    [problem] = error.value.problems
    line = text.split("\n").index("## Storyboard sheet {id=storyboard}") + 1
    assert (problem.path, problem.line) == ("content/printables/planning.md", line)
    assert "needs an id" in problem.message


def test_without_dates_a_task_sheet_gives_the_programme_week(forms_project):
    path = forms_project.content / "charities" / "forms.yaml"
    path.write_text(PROFILE.replace("  start_date: 2027-01-12\n", ""), "utf-8")
    pack = gather(forms_project, "forms")
    weeks = {e.id: e.week for e in pack.programme.of_kind("due")}
    for path, (output, data) in rendered(pack, "task-sheet").items():
        facts = dict(rows(docx(data).tables[0]))
        activity = path.removeprefix("task-sheets/").removesuffix(".docx")
        assert facts["Due by"].startswith(f"Week {weeks['due-' + activity]} of the programme")
