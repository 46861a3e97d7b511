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
