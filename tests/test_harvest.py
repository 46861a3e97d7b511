"""Harvest: fill a report-back the way people do, then read it back for the final debrief."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from PIL import Image as PILImage
from pptx import Presentation
from pptx.util import Inches

from helpers import copy_project
from facilitation.build import build
from facilitation.cli import main
from facilitation.errors import FacilitationError
from facilitation.harvest import harvest
from facilitation.model import Harvest, HarvestedPart, HarvestedPlan, HarvestedSlide, Movement
from facilitation.writers.harvest_summary import markdown

ROOT = Path(__file__).resolve().parent.parent
LANTERN = """\
name: Lantern Housing Association
short_name: Lantern
people_term: tenants
workshops: [planning]
branding: {logo: images/lantern.png}
diagnostic:
  journey_stage: consultation
  quick_wins: [Pay tenants for their time at panel meetings, Ask tenants to review the new repairs letter]
"""


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """The report-back exactly as the toolkit made it."""
    project = copy_project(tmp_path_factory.mktemp("harvest"))
    (project.content / "charities" / "lantern.yaml").write_text(LANTERN, encoding="utf-8")
    PILImage.new("RGB", (200, 100), "#1F4E79").save(project.content / "images" / "lantern.png")
    build(project, "lantern")
    manifest = json.loads((project.build / "lantern" / "manifest.json").read_text())
    return project.build / "lantern" / next(o["path"] for o in manifest["outputs"] if o["kind"] == "report-back")


def slide_titled(prs, title: str):
    return next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title)


def box(slide, idx: int):
    return next(ph for ph in slide.placeholders if ph.placeholder_format.idx == idx)


def type_lines(shape, *lines: str) -> None:
    frame = shape.text_frame
    frame.text = lines[0]
    for line in lines[1:]:
        frame.add_paragraph().text = line


def remove_slide(prs, title: str) -> None:
    slides = prs.slides._sldIdLst
    for entry in list(slides):
        if prs.part.related_part(entry.rId).slide.shapes.title.text == title:
            slides.remove(entry)


def move_to_end(prs, title: str) -> None:
    slides = prs.slides._sldIdLst
    entry = next(e for e in slides if prs.part.related_part(e.rId).slide.shapes.title.text == title)
    slides.remove(entry)
    slides.append(entry)


def fill_like_a_person(source: Path, target: Path) -> None:
    """Type into the boxes, add, delete and reorder slides, delete a box, draw a text box, move the marker."""
    prs = Presentation(str(source))
    type_lines(box(prs.slides[0], 2), "Presented by the tenant panel to the board, 14 May")
    vision = slide_titled(prs, "Our vision")
    type_lines(box(vision, 1), "Tenants shape every decision about their homes.")
    type_lines(box(vision, 2), "Tenants on every interview panel", "A paid panel that meets monthly")
    plan = slide_titled(prs, "Our plan")
    table = next(s for s in plan.shapes if s.has_table).table
    for row, values in ((1, ["Agree a payment policy", "Priya", "June 2027", "Draft it with the panel", "£500",
                             "The panel co-writes it", "Panel members say pay is fair"]),
                        (2, ["Recruit tenant interviewers", "Sam", "September 2027", ""])):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    risks = box(plan, 1)
    risks._element.getparent().remove(risks._element)  # they deleted the "what could get in the way" box
    wins = slide_titled(prs, "Quick wins")
    type_lines(box(wins, 1), "Pay tenants for their time at panel meetings", "Fix the lift at Mill Court")
    note = wins.shapes.add_textbox(Inches(1), Inches(5.5), Inches(6), Inches(0.8))  # a text box drawn by hand
    note.text_frame.text = "Thank the panel in the newsletter"
    needs = slide_titled(prs, "What we need")
    type_lines(box(needs, 11), "Staff time")  # they renamed a heading
    type_lines(box(needs, 1), "Four hours a month for the panel lead")
    type_lines(box(needs, 2), "£2,000 for payments and travel")
    where = slide_titled(prs, "Where we are now")
    marker = next(s for s in where.shapes if s.name.endswith("/marker"))
    rung = next(s for s in where.shapes if s.name.endswith("/rung/engagement"))
    marker.top = rung.top + (rung.height - marker.height) // 2  # they climbed one rung
    more = prs.slides.add_slide(vision.slide_layout)  # another slide of the same kind
    more.shapes.title.text = "Our vision, continued"
    type_lines(box(more, 2), "Letters written with tenants, not about them")
    photos = prs.slides.add_slide(prs.slide_layouts.get_by_name("Title and Content"))
    photos.shapes.title.text = "Photos from the day"
    type_lines(box(photos, 1), "The panel at work")
    remove_slide(prs, "How we will know it is working")
    move_to_end(prs, "Our vision")
    prs.save(str(target))


@pytest.fixture(scope="module")
def filled(fresh, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("theirs") / "Board talk FINAL v3.pptx"  # renamed, as people do
    fill_like_a_person(fresh, target)
    return target


# ---- what harvest reads ---------------------------------------------------------------------------


def test_harvest_reads_what_they_wrote(filled):
    result = harvest(filled)
    assert result.source == "Board talk FINAL v3.pptx"
    assert result.charity == "Lantern Housing Association"
    assert result.title == "Lantern: our coproduction vision and plan"
    assert result.where == HarvestedPart("Where we are now", ("Engagement",))
    assert result.vision.title == "Our vision"
    assert result.vision.lines == ("Letters written with tenants, not about them",  # slide order is theirs
                                   "Tenants shape every decision about their homes.",
                                   "Tenants on every interview panel", "A paid panel that meets monthly")
    assert result.plan == HarvestedPlan("Our plan", ("Action", "Who", "By when", "First step", "Cost",
                                                     "Lived experience role", "How we will know"), (
        ("Agree a payment policy", "Priya", "June 2027", "Draft it with the panel", "£500",
         "The panel co-writes it", "Panel members say pay is fair"),
        ("Recruit tenant interviewers", "Sam", "September 2027", "", "", "", "")))
    assert result.quick_wins.lines == ("Pay tenants for their time at panel meetings", "Fix the lift at Mill Court",
                                       "Thank the panel in the newsletter")
    assert result.needs.title == "What we need"
    assert result.needs_parts == (HarvestedPart("Staff time", ("Four hours a month for the panel lead",)),
                                  HarvestedPart("Budget", ("£2,000 for payments and travel",)),
                                  HarvestedPart("Support", ()))
    assert result.added == (HarvestedPart("Photos from the day", ("The panel at work",)),)


def test_harvest_lists_what_is_left_to_do(filled):
    assert harvest(filled).unfilled == (
        "Why coproduction matters to us",
        "Where we are now: Why we are here",
        "What we heard: From staff",
        "What we heard: From tenants",
        "Our plan: What could get in the way (the box was deleted)",
        "What we need: Support",
        "How we will know it is working (the slide was deleted)",
        "Next steps and how to get involved: Next steps",
        "Next steps and how to get involved: How to get involved",
    )


def test_an_untouched_deck_lists_every_prompt(fresh):
    result = harvest(fresh)
    assert result.where.lines == ("Consultation",)
    assert result.vision.lines == () and result.plan.rows == ()
    assert "Our vision" in result.unfilled and "Our vision: What it will look like" in result.unfilled
    assert "Our plan: the table has no actions yet" in result.unfilled
    assert "Quick wins: still the suggestions from the diagnostic call, unchanged" in result.unfilled
    assert "Lantern: our coproduction vision and plan: Presented by" in result.unfilled
    assert len(result.unfilled) == 16


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_deck_saved_by_libreoffice_is_still_harvested(filled, tmp_path):
    """LibreOffice drops layout and placeholder names when it saves; titles and reading order remain."""
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pptx", "--outdir", str(tmp_path / "out"), str(filled)],
                   check=True, capture_output=True, timeout=180)
    saved = tmp_path / "out" / filled.name
    assert all(not s.slide_layout.name.startswith("Report-back") for s in Presentation(str(saved)).slides)
    result = harvest(saved)
    original = harvest(filled)
    assert result.plan == original.plan
    assert result.needs_parts == original.needs_parts
    assert result.where == original.where
    assert result.quick_wins == original.quick_wins
    assert set(original.vision.lines) - set(result.vision.lines) == {"Letters written with tenants, not about them"}
    assert "Our vision, continued" in [part.title for part in result.added]  # its layout link is gone: kept as added


# ---- files that are not report-backs ---------------------------------------------------------------


def make_zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return path


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing.pptx", "no such file"),
    (lambda d: d, "this is a folder, not a PowerPoint file"),
    (lambda d: (d / "notes.pptx").write_text("hello") and d / "notes.pptx", "not a PowerPoint (.pptx) file"),
    (lambda d: (d / "old.ppt").write_bytes(b"\xd0\xcf\x11\xe0") and d / "old.ppt", "old .ppt format"),
    (lambda d: make_zip(d / "letter.pptx", {"word/document.xml": "<w/>"}), "this is a Word document"),
    (lambda d: make_zip(d / "broken.pptx", {"ppt/presentation.xml": "<not xml", "[Content_Types].xml": "<Types/>"}),
     "cannot read this PowerPoint file: parts of it are damaged or missing"),
])
def test_a_file_that_is_not_a_deck_gets_a_clear_error(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(FacilitationError) as error:
        harvest(path)
    assert message in str(error.value)
    result = CliRunner().invoke(main, ["harvest", str(path), "--format", "md"])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_a_truncated_deck_gets_a_clear_error(fresh, tmp_path):
    broken = tmp_path / "cut.pptx"
    broken.write_bytes(fresh.read_bytes()[:5000])
    result = CliRunner().invoke(main, ["harvest", str(broken)])
    assert result.exit_code == 2 and "not a PowerPoint (.pptx) file" in result.output
    assert "Traceback" not in result.output


def test_a_workshop_deck_is_not_a_report_back(tmp_path):
    prs = Presentation(str(ROOT / "templates" / "deck.pptx"))
    slide = prs.slides.add_slide(prs.slide_layouts.get_by_name("Title and Content"))
    slide.shapes.title.text = "Welcome"
    prs.save(str(tmp_path / "concepts.pptx"))
    with pytest.raises(FacilitationError) as error:
        harvest(tmp_path / "concepts.pptx")
    assert "this is not a report-back deck" in str(error.value)


# ---- the summary -----------------------------------------------------------------------------------


def test_markdown_on_stdout(filled):
    result = CliRunner().invoke(main, ["harvest", str(filled), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## Our vision, continued\n\n- **Our vision**: Nothing written yet.\n" in result.output
    assert "- **What it will look like**: Tenants on every interview panel / A paid panel" in result.output
    assert "| Agree a payment policy | Priya | June 2027 | Draft it with the panel |" in result.output
    assert "- **Staff time**: Four hours a month for the panel lead" in result.output
    assert "## Prompts left unfilled" in result.output
    assert not filled.with_name(f"{filled.stem}-summary.docx").exists()


def test_docx_beside_the_deck_by_default(filled):
    result = CliRunner().invoke(main, ["harvest", str(filled), "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    summary = filled.with_name("Board talk FINAL v3-summary.docx")
    assert f"Wrote {summary}" in result.output
    doc = Document(str(summary))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Who we are", "Why coproduction matters to us", "Where we are now", "What we heard",
                        "Our plan", "Quick wins", "What we need", "Next steps and how to get involved",
                        "Our vision, continued", "Our vision", "Prompts left unfilled", "Slides they added"]
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Action", "Who", "By when", "First step", "Cost", "Lived experience role", "How we will know"]
    assert [c.text for c in table.rows[1].cells] == ["Agree a payment policy", "Priya", "June 2027",
                                                     "Draft it with the panel", "£500",
                                                     "The panel co-writes it", "Panel members say pay is fair"]
    assert doc.core_properties.title == "Lantern: our coproduction vision and plan: harvest"


def test_the_summary_is_reproducible_and_never_overwrites_the_deck(filled, tmp_path):
    first, second = tmp_path / "one.docx", tmp_path / "two.docx"
    for target in (first, second):
        assert CliRunner().invoke(main, ["harvest", str(filled), "-o", str(target)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    result = CliRunner().invoke(main, ["harvest", str(filled), "-o", str(filled)])
    assert result.exit_code == 2 and "would overwrite the deck" in result.output


def test_markdown_from_a_harvest():
    summary = Harvest(
        source="deck.pptx", charity="Lantern", title="Lantern: our plan", where=None, vision=None, plan=None,
        quick_wins=None, needs=None, needs_parts=(), unfilled=(),
        slides=(HarvestedSlide("vision", "Our vision", (HarvestedPart("Our vision", ("Tenants lead.",)),)),
                HarvestedSlide("plan", "Our plan", (HarvestedPart("What could get in the way", ("Money",)),),
                               table=(("Action", "Who"), ("Pay | thank people", "Priya"))),
                HarvestedSlide("quick-wins", "Quick wins", (HarvestedPart("Quick wins"),))),
        moved=(Movement("An effective plan", "2", "4", "+2"),),
    )
    assert markdown(summary) == (
        "# Lantern: our plan\n\nSummary for the final debrief · Lantern · from deck.pptx\n\n"
        "## What moved\n\n| Outcome | Before | After | Change |\n| --- | --- | --- | --- |\n"
        "| An effective plan | 2 | 4 | +2 |\n\n"
        "## Our vision\n\nTenants lead.\n\n"
        "## Our plan\n\n| Action | Who |\n| --- | --- |\n| Pay \\| thank people | Priya |\n\n"
        "- **What could get in the way**: Money\n\n"
        "## Quick wins\n\nNothing written yet.\n\n"
        "## Prompts left unfilled\n\nNone: every prompt has an answer.\n")


# ---- every answer comes back ------------------------------------------------------------------------


def fill_every_prompt(source: Path, target: Path) -> dict[tuple[str, str], str]:
    """Type an answer into every box of every slide, fill the plan (one row with no owner, one with
    no date) and add a slide of their own on a report-back layout. Returns (slide title, label) -> text."""
    prs = Presentation(str(source))
    typed = {}
    for slide in prs.slides:
        title = slide.shapes.title.text
        for holder in slide.placeholders:
            idx = holder.placeholder_format.idx
            if 1 <= idx <= 9 and holder.has_text_frame:
                text = f"Answer {len(typed) + 1} on {title}"
                type_lines(holder, text)
                typed[(title, idx)] = text
            elif holder.has_table:
                rows = [["Agree a payment policy", "", "June 2027"], ["Recruit tenant interviewers", "Sam", ""],
                        ["Start a tenant panel", "Priya", "May 2027"]]
                for r, values in enumerate(rows, start=1):
                    for c, value in enumerate(values):
                        holder.table.cell(r, c).text = value
    own = prs.slides.add_slide(prs.slide_layouts.get_by_name("Report-back: Why coproduction matters to us"))
    own.shapes.title.text = "A story from a tenant"
    type_lines(box(own, 1), "Mrs Khan told us the panel made her feel heard")
    prs.save(str(target))
    return typed


def test_every_typed_answer_comes_back(fresh, tmp_path):
    deck = tmp_path / "everything.pptx"
    typed = fill_every_prompt(fresh, deck)
    result = harvest(deck)
    got = [line for slide in result.slides for answer in slide.answers for line in answer.lines]
    assert sorted(got) == sorted(list(typed.values()) + ["Mrs Khan told us the panel made her feel heard"])
    sections = [slide.section for slide in result.slides]
    assert sections == ["title", "why", "where", "heard", "vision", "plan", "quick-wins", "needs", "measures",
                        "next-steps", "why"]
    own = result.slides[-1]
    assert own.title == "A story from a tenant"
    assert own.answers[0].lines == ("Mrs Khan told us the panel made her feel heard",)
    heard = next(s for s in result.slides if s.section == "heard")
    assert [a.title for a in heard.answers] == ["From staff", "From tenants"]
    assert result.plan_gaps == ("Agree a payment policy: no owner", "Recruit tenant interviewers: no date")
    assert not any(item.startswith(("Why", "What we heard", "How we will know", "Next steps"))
                   for item in result.unfilled)

    summary = tmp_path / "summary.docx"
    assert CliRunner().invoke(main, ["harvest", str(deck), "-o", str(summary)]).exit_code == 0
    doc = Document(str(summary))
    text = "\n".join(p.text for p in doc.paragraphs)
    for answer in typed.values():
        assert answer in text
    assert "Mrs Khan told us the panel made her feel heard" in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "A story from a tenant" in headings and "Plan actions with no owner or no date" in headings
    assert "Agree a payment policy: no owner" in text
    assert [c.text for c in doc.tables[0].rows[3].cells][:3] == ["Start a tenant panel", "Priya", "May 2027"]
