"""The proposal, programme and diagnostic-form documents, and the `new` and `form` commands."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner
from docx import Document
from PIL import Image

from facilitation.gather import gather
from facilitation.cli import main
from facilitation.plan.diagnostic import load_questions
from facilitation.writers import writer_for


def render(project, slug: str, kind: str) -> dict[str, bytes]:
    pack = gather(project, slug)
    return {output.path: output.render() for output in writer_for(kind).outputs(pack)}


def document(project, slug: str, kind: str):
    [data] = render(project, slug, kind).values()
    return Document(io.BytesIO(data))


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def set_profile(project, slug: str, changes: dict[str, str], source: str = "example") -> None:
    text = (project.content / "charities" / f"{source}.yaml").read_text("utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    (project.content / "charities" / f"{slug}.yaml").write_text(text, "utf-8")


# ---- the built pack ------------------------------------------------------------------------


def test_the_pack_has_the_form_the_proposal_the_programme_and_the_calendar(example_pack):
    project, _ = example_pack
    manifest = json.loads((project.build / "example" / "manifest.json").read_text("utf-8"))
    paths = {e["kind"]: e["path"] for e in manifest["outputs"]
             if e["kind"] in ("diagnostic-form", "proposal", "programme", "calendar")}
    assert paths == {"diagnostic-form": "diagnostic/example-diagnostic-form.docx",
                     "proposal": "proposal/example-proposal.docx",
                     "programme": "programme/example-programme.docx",
                     "calendar": "programme/example-programme.ics"}
    for path in paths.values():
        assert (project.build / "example" / path).is_file()


# ---- the proposal ----------------------------------------------------------------------------


def test_the_proposal_shows_findings_package_reasons_days_time_outcomes_and_timeline(project):
    doc = document(project, "example", "proposal")
    text = text_of(doc)
    assert doc.paragraphs[0].text == "Proposed coproduction support for Northside Recovery Trust"
    assert "For Priya Shah, Head of Services, Northside Recovery Trust" in text
    # what the diagnostic found
    assert "Some senior leaders support coproduction" in text
    assert "Past consultation felt like a tick-box exercise to service users" in text
    # the package, a reason for each part
    package = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Why we suggest it")
    rows = {row.cells[0].text: (row.cells[1].text, row.cells[-1].text) for row in package.rows[1:]}
    how = {row.cells[0].text: row.cells[2].text for row in package.rows[1:]}
    assert rows["Staff session: a safe space"][0] == "½"
    assert "early in its coproduction journey" in rows["Staff session: a safe space"][1]
    assert "criminal-justice" in rows["Lived-experience co-facilitation"][1]
    assert rows["Report-back (optional)"][0] == "½"
    assert all(reason for _, reason in rows.values())
    # how each part runs, from the delivery plan: days in a room, with their real length
    assert how["Staff session: a safe space"] == "In person, one sitting of 210 minutes (09:30–13:00)"
    assert how["Report-back (optional)"] == "In person, one sitting of 210 minutes (09:30–13:00)"
    # modules 2 and 3: extensions that need the Regional Manager
    assert "not currently part of the Enhance offer" in text and "Regional Manager" in text
    # delivery, days and time asked
    assert "In person at Northside Community Hall" in text
    days = next(t for t in doc.tables if t.rows[0].cells[0].text == "Module")
    assert [(r.cells[0].text, r.cells[1].text) for r in days.rows[1:]] == [
        ("Module 1: implementing a coproduction approach", "5½"),
        ("Module 2: coproducing policy and campaigns", "1"),
        ("Module 3: coproduction in research and evaluation", "1"), ("Total", "7½")]
    assert "about half a day between each workshop" in text
    # outcomes mapped to Enhance outcomes, and the timeline
    assert "Stronger governance" in text and "Robust systems and processes" in text
    assert "Tue 12 Jan 2027" in text and "Tue 20 Apr 2027" in text


def test_no_senior_buy_in_gives_a_not_yet_proposal_and_no_programme(project):
    set_profile(project, "paused", {"  senior_buy_in: partial": "  senior_buy_in: none"})
    text = text_of(document(project, "paused", "proposal"))
    assert "Our recommendation: not yet" in text
    assert "What would need to change" in text
    assert "A senior leader or trustee agrees to champion coproduction" in text
    assert "The support we propose" not in text
    assert "Pay people for their time at the next service-user forum" in text  # quick wins still shown
    assert render(project, "paused", "programme") == {} and render(project, "paused", "calendar") == {}


def test_the_proposal_is_reproducible(project):
    assert render(project, "riverside", "proposal") == render(project, "riverside", "proposal")


# ---- the programme ---------------------------------------------------------------------------


def test_the_programme_has_a_timeline_picture_with_alt_text_and_every_date(project):
    doc = document(project, "example", "programme")
    [picture] = doc.inline_shapes
    alt = picture._inline.docPr.get("descr")
    assert alt.startswith("Timeline of the programme for Northside:")
    assert "Workshop one: Concepts, Tue 26 Jan 2027" in alt and "check-in calls" in alt
    blob = doc.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    image = Image.open(io.BytesIO(blob))
    assert image.width >= 1600  # sharp when printed 17 cm wide
    dates = doc.tables[0]
    assert [c.text for c in dates.rows[0].cells] == ["Date", "Time", "What", "Where"]
    rows = [[c.text for c in row.cells] for row in dates.rows[1:]]
    assert ["Tue 26 Jan 2027", "09:30–16:00", "Workshop one: Concepts", "In person"] in rows
    assert any(r[2].startswith("Due: Consult the people we serve") and r[1] == "All day" for r in rows)
    assert "example-programme.ics" in text_of(doc)


def test_without_a_start_date_the_programme_counts_weeks_and_says_how_to_add_dates(project):
    set_profile(project, "undated", {"  start_date: 2027-01-12\n": ""})
    doc = document(project, "undated", "programme")
    text = text_of(doc)
    assert "Dates are still to be agreed" in text and "schedule.start_date" in text
    assert [c.text for c in doc.tables[0].rows[1].cells][:3] == ["Week 1", "09:30–13:00", "Staff session: a safe space"]
    assert ".ics" not in text


def test_a_remote_programme_lists_online_sessions_and_says_once_that_all_is_online(project):
    doc = document(project, "riverside", "programme")
    text = text_of(doc)
    assert "Every session and call is online, on Microsoft Teams." in text
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["Date", "Time", "What"]
    assert "Workshop one: Concepts — online session 1 of" in text


def test_the_programme_is_reproducible(project):
    assert render(project, "example", "programme") == render(project, "example", "programme")


# ---- the diagnostic form ---------------------------------------------------------------------


def test_the_diagnostic_form_asks_every_question_with_room_for_the_answer(project):
    bank = load_questions((project.content / "diagnostic" / "questions.md").read_text("utf-8"))
    doc = document(project, "example", "diagnostic-form")
    text = text_of(doc)
    questions = [q.text for topic in bank.topics for q in topic.questions]
    for number, question in enumerate(questions, start=1):
        assert f"{number}. {question}" in text
    boxes = [t for t in doc.tables if len(t.columns) == 1]
    assert len(boxes) == len(questions)
    assert doc.tables[0].rows[0].cells[1].text == "Northside Recovery Trust"
    assert "☐ none   ☐ partial   ☐ strong" in text
    assert "diagnostic.senior_buy_in" in text
    for topic in ("Senior buy-in", "Capacity for independent work", "Where you are on the journey",
                  "Opportunities and challenges", "Quick wins", "Access needs and delivery", "About the organisation"):
        assert topic in [p.text for p in doc.paragraphs]


def test_a_mistake_in_the_question_bank_names_its_line(project):
    path = project.content / "diagnostic" / "questions.md"
    path.write_text(path.read_text("utf-8").replace('{record="diagnostic.capacity"}', '{record="diagnostic.capasity"}'),
                    "utf-8")
    result = CliRunner().invoke(main, ["build", "example", "--root", str(project.root)])
    assert result.exit_code == 2
    line = next(n for n, l in enumerate(path.read_text("utf-8").splitlines(), start=1) if "capasity" in l)
    assert f"content/diagnostic/questions.md:{line}: 'diagnostic.capasity' is not a profile key " \
           "(did you mean 'diagnostic.capacity'?)" in result.output
    assert "Traceback" not in result.output


# ---- commands --------------------------------------------------------------------------------


def test_new_starts_a_profile_that_builds_and_never_overwrites(project):
    runner = CliRunner()
    result = runner.invoke(main, ["new", "hillside", "--name", "Hillside Young People's Trust", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    written = project.content / "charities" / "hillside.yaml"
    text = written.read_text("utf-8")
    assert 'name: "Hillside Young People\'s Trust"' in text
    assert "senior_buy_in: partial" in text and "# start_date:" in text
    pack = gather(project, "hillside")
    assert pack.profile.name == "Hillside Young People's Trust"
    assert render(project, "hillside", "proposal") and render(project, "hillside", "programme")
    assert render(project, "hillside", "calendar") == {}  # no dates yet
    again = runner.invoke(main, ["new", "hillside", "--root", str(project.root)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert written.read_text("utf-8") == text


def test_new_refuses_a_bad_name(project):
    result = CliRunner().invoke(main, ["new", "../escape", "--root", str(project.root)])
    assert result.exit_code == 2
    assert "lower-case letters, digits and hyphens" in result.output
    assert not list((project.root).glob("escape*"))


def test_the_template_is_not_taken_for_a_charity(project):
    assert "_template" not in " ".join(project.charities())


def test_form_writes_a_blank_diagnostic_form(project):
    result = CliRunner().invoke(main, ["form", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    doc = Document(str(project.build / "diagnostic-form.docx"))
    assert doc.tables[0].rows[0].cells[1].text == ""
    assert "Who in your senior team or board has asked for this work" in text_of(doc)


# ---- mistakes stop the build with file:line ------------------------------------------------------


def test_a_mistake_in_the_rules_stops_the_build_with_its_line(project):
    path = project.content / "rules" / "proposal.yaml"
    path.write_text(path.read_text("utf-8").replace("when: {capacity: low}", "when: {capacity: lo}"), "utf-8")
    result = CliRunner().invoke(main, ["build", "example", "--root", str(project.root)])
    assert result.exit_code == 2
    line = next(n for n, l in enumerate(path.read_text("utf-8").splitlines(), start=1) if "capacity: lo}" in l)
    assert f"content/rules/proposal.yaml:{line}: 'rules[" in result.output
    assert "did you mean 'low'?" in result.output and "Traceback" not in result.output
    assert not (project.build / "example" / "proposal").exists()


def test_a_bad_date_in_the_profile_stops_the_build_with_its_line(project):
    set_profile(project, "holiday", {"  start_date: 2027-01-12": "  start_date: 2027-03-29"})
    result = CliRunner().invoke(main, ["build", "holiday", "--root", str(project.root)])
    assert result.exit_code == 2
    assert ("content/charities/holiday.yaml:21: 'schedule.start_date' is Monday 29 March 2027, Easter Monday, "
            "a bank holiday in England (choose a working day, such as Tuesday 30 March 2027)") in result.output
    assert "Traceback" not in result.output
