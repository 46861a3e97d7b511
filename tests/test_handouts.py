"""Participant materials: reopen the handouts, joining instructions, feedback forms and check-in
template and check what a participant (or their reader) would notice."""

from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from helpers import copy_project
from facilitation.build import build
from facilitation.errors import FacilitationError
from facilitation.gather import gather
from facilitation.plan.dates import long_date
from facilitation.plan.delivery import workshop_sittings
from facilitation.writers import writer_for

BASE = """name: Handout Test Trust
short_name: Handouts
contact: {{name: Jo Bloggs, role: Volunteer Lead, email: jo@example.org}}
facilitators: [Alex Morgan]
venue: The Hall, 1 High Street
workshops: [concepts, vision]
schedule: {{start_date: 2027-03-02, start_time: "09:30"}}
"""
ALL_NEEDS = "accessibility: [large-print, easy-read, dyslexia-friendly, step-free]\n"
REMOTE = "delivery: remote\nremote: {max_session_minutes: 45, platform: Teams}\n"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path, charities=())


def pack_for(project, extra: str = "", slug: str = "trust"):
    (project.content / "charities" / f"{slug}.yaml").write_text(BASE.format() + extra)
    return gather(project, slug)


def rendered(pack, kind: str) -> list[tuple[object, Document]]:
    return [(o, Document(io.BytesIO(o.render()))) for o in writer_for(kind).outputs(pack)]


def paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def text_of(doc) -> str:
    return "\n".join(p.text for p in paragraphs(doc))


def effective(paragraph, run, attribute: str):
    """A run's font attribute, through its paragraph style's inheritance (None when unset)."""
    value = getattr(run.font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attribute)
        style = style.base_style
    return value


def run_sizes(doc) -> list[float]:
    return [effective(p, r, "size").pt for p in paragraphs(doc) for r in p.runs if r.text.strip()]


def line_spacing(paragraph):
    style, value = paragraph.style, paragraph.paragraph_format.line_spacing
    while value is None and style is not None:
        value, style = style.paragraph_format.line_spacing, style.base_style
    return value


# ---- which outputs exist -------------------------------------------------------------------------


def test_every_workshop_has_a_handout_and_joining_instructions_and_variants_only_when_asked(project):
    plain_pack = pack_for(project, slug="plain")
    needs_pack = pack_for(project, ALL_NEEDS, slug="needs")
    plain = {(o.workshop, o.variant) for o in writer_for("handout").outputs(plain_pack)}
    needs = {(o.workshop, o.variant) for o in writer_for("handout").outputs(needs_pack)}
    assert plain == {("concepts", "standard"), ("vision", "standard")}
    assert needs == {(w, v) for w in ("concepts", "vision") for v in ("standard", "large-print", "easy-read")}
    for pack in (plain_pack, needs_pack):
        joining = [o.workshop for o in writer_for("joining-instructions").outputs(pack)]
        assert joining == ["concepts", "vision"]
        assert [o.workshop for o in writer_for("feedback-form").outputs(pack)] == ["concepts", "vision"]


@pytest.mark.slow
def test_manifest_lists_kinds_workshops_and_variants(project):
    (project.content / "charities" / "trust.yaml").write_text(BASE.format() + ALL_NEEDS)
    build(project, "trust")
    manifest = json.loads((project.build / "trust" / "manifest.json").read_text())
    entries = [o for o in manifest["outputs"]
               if o["kind"] in ("handout", "joining-instructions", "feedback-form", "check-in")]
    handouts = {(o["workshop"], o["variant"]) for o in entries if o["kind"] == "handout"}
    assert ("concepts", "easy-read") in handouts and ("vision", "large-print") in handouts
    assert {o["kind"] for o in entries} == {"handout", "joining-instructions", "feedback-form", "check-in"}
    assert all((project.build / "trust" / o["path"]).is_file() for o in entries)
    assert all("variant" not in o for o in entries if o["kind"] != "handout")


# ---- the handout -----------------------------------------------------------------------------------


def test_standard_handout_has_purpose_agenda_with_clock_times_ideas_notes_and_next(project):
    pack = pack_for(project)
    output, doc = next((o, d) for o, d in rendered(pack, "handout") if o.workshop == "concepts")
    text = text_of(doc)
    for heading in ("What this workshop is for", "The plan", "Key ideas", "Your notes", "What happens next"):
        assert heading in text
    sitting = workshop_sittings(pack, "concepts")[0]
    assert f"{sitting.start:%H:%M} to" in text and long_date(sitting.date) in text
    # the participants fence of the first block, and the ladder drawn on the slides, in words
    assert "We meet each other" in text
    assert "Co-production" in text and "From the top rung down" in text
    assert "Jo Bloggs" in text
    assert "facilitator" not in output.path


def test_large_print_is_16pt_spaced_left_aligned_and_without_italics(project):
    pack = pack_for(project, ALL_NEEDS)
    doc = next(d for o, d in rendered(pack, "handout") if o.variant == "large-print")
    assert min(run_sizes(doc)) >= 16
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert all(line_spacing(p) >= 1.5 for p in body)
    assert all(p.alignment in (None, 0) and p.style.paragraph_format.alignment in (None, 0) for p in body)
    assert not any(effective(p, r, "italic") for p in paragraphs(doc) for r in p.runs)
    footer = doc.sections[0].footer.paragraphs[0]
    assert all(effective(footer, r, "size") is None or effective(footer, r, "size").pt >= 16 for r in footer.runs)


def test_standard_handout_stays_small_without_large_print(project):
    doc = rendered(pack_for(project), "handout")[0][1]
    assert min(run_sizes(doc)) < 16


def test_easy_read_has_short_sentences_icons_14pt_and_hard_words(project):
    pack = pack_for(project, ALL_NEEDS)
    doc = next(d for o, d in rendered(pack, "handout") if o.variant == "easy-read" and o.workshop == "concepts")
    assert min(run_sizes(doc)) >= 14
    points = [row for table in doc.tables for row in table.rows[1:]
              if table.rows[0].cells[0].text == "Picture"]
    assert len(points) >= 5
    assert all(row.cells[0].text.strip() and row.cells[1].text.strip() for row in points)  # an icon beside each
    words = [row.cells[1].text for row in points]
    sentences = [s for line in words for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()]
    assert sum(len(s.split()) for s in sentences) / len(sentences) <= 12
    assert all(len(re.findall(r"[.!?]", line)) <= 1 for line in words)  # one idea per line
    assert "Hard words" in text_of(doc) and "coproduction" in text_of(doc)


def test_dyslexia_friendly_gives_sans_serif_spacing_and_a_cream_page(project):
    (project.content / "charities" / "trust.yaml").write_text(
        BASE.format() + "accessibility: [dyslexia-friendly]\nbranding: {font: Georgia}\n")
    doc = rendered(gather(project, "trust"), "handout")[0][1]
    background = doc.element.find(qn("w:background"))
    assert background is not None and background.get(qn("w:color")) == "FFF8E7"
    assert doc.settings.element.find(qn("w:displayBackgroundShape")) is not None
    assert doc.styles["Normal"].font.name == "Arial"
    assert doc.styles["Normal"].paragraph_format.line_spacing >= 1.5


# ---- joining instructions --------------------------------------------------------------------------


def test_in_person_joining_instructions_give_date_venue_access_warnings_and_contact(project):
    pack = pack_for(project, ALL_NEEDS)
    output, doc = rendered(pack, "joining-instructions")[0]
    text = text_of(doc)
    assert long_date(pack.agendas["concepts"].date) in text
    assert "The Hall, 1 High Street" in text and "step-free access" in text
    assert "What to bring" in text and "Your access needs" in text
    assert pack.workshops[0].content_warnings[0] in text
    assert "Jo Bloggs, Volunteer Lead, jo@example.org" in text
    assert "Welsh" not in text
    assert output.session is None


def test_remote_joining_instructions_follow_the_delivery_plans_sessions_and_dates(project):
    pack = pack_for(project, REMOTE)
    outputs = rendered(pack, "joining-instructions")
    for workshop in ("concepts", "vision"):
        sittings = workshop_sittings(pack, workshop)
        mine = [(o, d) for o, d in outputs if o.workshop == workshop]
        assert len(sittings) > 1 and [o.session for o, _ in mine] == [s.number for s in sittings]
        for (output, doc), sitting in zip(mine, sittings):
            text = text_of(doc)
            assert long_date(sitting.date) in text
            assert f"{sitting.start:%H:%M} to {sitting.end:%H:%M}" in text
            assert "Online, on Teams" in text and "How to join" in text
            assert output.minutes == sitting.minutes <= 45
            assert f"session {sitting.number} of {sitting.count}" in text


def test_welsh_joining_instructions_make_the_active_offer_up_front(project):
    pack = pack_for(project, "nation: wales\n")
    doc = rendered(pack, "joining-instructions")[0][1]
    text = text_of(doc)
    assert "Welsh materials, interpretation, and a Welsh-speaking co-facilitator" in text
    assert "You do not need to ask" in text
    assert "ask in advance whether anyone wants Welsh" not in text.lower()
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Welsh language"


# ---- feedback form and check-in ---------------------------------------------------------------------


def test_feedback_form_has_rating_boxes_and_open_questions(project):
    doc = rendered(pack_for(project), "feedback-form")[0][1]
    text = text_of(doc)
    ratings = doc.tables[0]
    assert [c.text for c in ratings.rows[0].cells] == ["Statement", "No", "A little", "Mostly", "Yes"]
    assert any(row.cells[0].text == "I felt heard." and row.cells[1].text == "☐" for row in ratings.rows)
    for question in ("What worked well for you?", "What should we change?", "Did you feel heard?",
                     "Was anything hard to access?"):
        assert question in text


def test_check_in_lists_the_calls_and_a_rag_row_for_each_activity(project):
    pack = pack_for(project)
    outputs = rendered(pack, "check-in")
    assert len(outputs) == 1
    doc = outputs[0][1]
    calls = pack.programme.of_kind("check-in")
    assert calls and all(long_date(c.day) in text_of(doc) for c in calls)
    progress = next(t for t in doc.tables if t.rows[0].cells[0].text == "Activity")
    assert [c.text for c in progress.rows[0].cells][2:5] == ["Green", "Amber", "Red"]
    titles = {row.cells[0].text for row in progress.rows[1:]}
    assert {a.title for a in pack.activities if a.after == "concepts"} <= titles
    assert any(t.rows[0].cells[0].text == "Action" for t in doc.tables)
    assert "The Involvement Team's slot at the report-back" in text_of(doc)


# ---- content mistakes --------------------------------------------------------------------------------


def test_an_unknown_easy_read_icon_is_reported_at_its_file_and_line(project):
    path = project.content / "handouts" / "easy-read.md"
    lines = path.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("- [people] We meet each other."))
    lines[number] = "- [peeple] We meet each other."
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(FacilitationError) as error:
        pack_for(project)
    problem = error.value.problems[0]
    assert (problem.path, problem.line) == ("content/handouts/easy-read.md", number + 1)
    assert "peeple" in problem.message and "people" in problem.hint


def test_a_missing_handout_section_is_reported(project):
    path = project.content / "handouts" / "joining.md"
    path.write_text(path.read_text().replace("# bring: What to bring", "# brnig: What to bring"))
    with pytest.raises(FacilitationError) as error:
        pack_for(project)
    problem = error.value.problems[0]
    assert problem.path == "content/handouts/joining.md" and problem.line is not None
    assert "unknown key 'brnig'" in problem.message and "bring" in problem.hint


def test_a_section_left_out_is_reported(project):
    path = project.content / "handouts" / "feedback.md"
    text = path.read_text()
    path.write_text(text[:text.index("# thanks:")])
    with pytest.raises(FacilitationError) as error:
        pack_for(project)
    assert [(p.path, p.message) for p in error.value.problems] == [("content/handouts/feedback.md", "no section 'thanks'")]


@pytest.mark.slow
def test_editing_handout_text_rebuilds_the_handouts_only(project):
    (project.content / "charities" / "trust.yaml").write_text(BASE.format())
    build(project, "trust")
    path = project.content / "handouts" / "handout.md"
    path.write_text(path.read_text().replace("Use this space for anything", "Use this page for anything"))
    report = build(project, "trust")
    status = {w.output.path: w.status for w in report.files}
    assert status["handouts/concepts-handout.docx"] == "updated"
    assert status["decks/concepts.pptx"] == "unchanged"
    assert "Use this page" in text_of(Document(project.build / "trust" / "handouts" / "concepts-handout.docx"))


def test_hybrid_joining_instructions_are_a_day_for_one_workshop_and_sessions_for_the_other(project):
    pack = pack_for(project, "delivery: hybrid\ndelivery_by_workshop: {vision: remote}\n"
                             "remote: {max_session_minutes: 90, platform: Zoom}\n")
    outputs = [o for o in writer_for("joining-instructions").outputs(pack)]
    assert [o.session for o in outputs if o.workshop == "concepts"] == [None]
    sessions = [o.session for o in outputs if o.workshop == "vision"]
    assert sessions == [s.number for s in workshop_sittings(pack, "vision")] and len(sessions) > 1
