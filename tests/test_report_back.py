"""The report-back deck: reopen what the build made and check what the charity will see and keep."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image as PILImage
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from helpers import copy_project
from facilitation.build import Project, build
from facilitation.cli import main
from facilitation.colour import WHITE, contrast, readable
from facilitation.content.report_back import load_report_back
from facilitation.errors import FacilitationError

ROOT = Path(__file__).resolve().parent.parent
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LANTERN = """\
name: Lantern Housing Association
short_name: Lantern
sector: housing
people_term: tenants
workshops: [planning]
schedule: {start_date: 2027-03-09, dates: {planning: 2027-03-09}}
branding: {primary: "#7FB3D5", secondary: "#FFD700", logo: images/lantern.png, font: Verdana}
diagnostic:
  journey_stage: engagement
  quick_wins: [Pay tenants for their time at panel meetings, Ask tenants to review the new repairs letter]
"""
QUIET = """\
name: Quiet Waters Trust
workshops: [vision, planning]
diagnostic: {journey_stage: informing}
"""


def add_charity(project: Project, slug: str, profile: str) -> None:
    (project.content / "charities" / f"{slug}.yaml").write_text(profile, encoding="utf-8")
    logo = PILImage.new("RGB", (240, 120), "#FFD700")
    logo.save(project.content / "images" / "lantern.png")


def report_back_path(project: Project, slug: str) -> Path:
    manifest = json.loads((project.build / slug / "manifest.json").read_text())
    paths = [o["path"] for o in manifest["outputs"] if o["kind"] == "report-back"]
    assert paths == [f"report-back/{slug}-report-back.pptx"]
    return project.build / slug / paths[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """Two planning charities built once: Lantern (light brand colour, logo, quick wins) and Quiet Waters."""
    project = copy_project(tmp_path_factory.mktemp("report-back"))
    add_charity(project, "lantern", LANTERN)
    add_charity(project, "quiet", QUIET)
    build(project, "lantern")
    build(project, "quiet")
    return project


@pytest.fixture(scope="module")
def lantern(built) -> Presentation:
    return Presentation(str(report_back_path(built, "lantern")))


def by_title(prs, title: str):
    return next(s for s in prs.slides if s.shapes.title.text == title)


def layout_prompts(slide) -> dict[int, str]:
    return {ph.placeholder_format.idx: ph.text_frame.text for ph in slide.slide_layout.placeholders
            if ph.has_text_frame}


# ---- what the charity sees ------------------------------------------------------------------------


def test_the_slides_tell_the_story_in_order(lantern):
    titles = [s.shapes.title.text for s in lantern.slides]
    assert titles == ["Lantern: our coproduction vision and plan", "Why coproduction matters to us",
                      "Where we are now", "What we heard", "Our vision", "Our plan", "Quick wins", "What we need",
                      "How we will know it is working", "Next steps and how to get involved"]


def test_every_slide_comes_from_its_own_report_back_layout(lantern):
    layouts = [s.slide_layout.name for s in lantern.slides]
    assert all(name.startswith("Report-back: ") for name in layouts)
    assert len(set(layouts)) == len(layouts)
    assert "Report-back: Our vision" in layouts
    # the template's own layouts stay, for slides of other kinds
    assert "Title and Content" in [layout.name for layout in lantern.slide_layouts]


def test_every_placeholder_carries_its_prompt_in_the_layout(lantern):
    for slide in lantern.slides:
        prompts = layout_prompts(slide)
        holders = [ph for ph in slide.slide_layout.placeholders]
        assert len(holders) >= 2, slide.shapes.title.text
        for holder in holders:
            ph = holder._element.find(f".//{qn('p:ph')}")
            assert ph.get("hasCustomPrompt") == "1"
        for shape in slide.placeholders:
            idx = shape.placeholder_format.idx
            if shape.has_text_frame and idx:
                assert prompts[idx].strip(), (slide.shapes.title.text, idx)


def test_boxes_for_the_participants_are_left_empty_so_the_prompt_shows(lantern):
    vision = by_title(lantern, "Our vision")
    prompts = layout_prompts(vision)
    for shape in vision.placeholders:
        if shape.placeholder_format.idx:
            assert shape.text_frame.text == ""  # empty: PowerPoint shows the prompt, a show shows nothing
    assert prompts[1].startswith("Our vision in one or two sentences: what will be different for tenants")
    assert "Three things people will see or hear" in prompts[2]


def test_the_notes_repeat_each_prompt_for_editors_that_do_not_show_them(lantern):
    for slide in lantern.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert "What goes in each box on this slide:" in notes
        for idx, prompt in layout_prompts(slide).items():
            if idx and idx < 10:  # the boxes (headings are labels, the title is the title)
                assert prompt.split("\n")[0] in notes, (slide.shapes.title.text, idx)


def test_no_free_text_boxes_anywhere(lantern):
    for slide in lantern.slides:
        for shape in slide.shapes:
            assert shape.shape_type != MSO_SHAPE_TYPE.TEXT_BOX, (slide.shapes.title.text, shape.name)
            if shape.has_text_frame and shape.text_frame.text.strip() and not shape.is_placeholder:
                assert shape.name.startswith("report-back/where/"), shape.name  # only the ladder and its marker


def test_titles_come_first_in_reading_order(lantern):
    for slide in lantern.slides:
        first = slide.shapes[0]
        assert first.is_placeholder and first.placeholder_format.type in (1, 3)  # title or centred title


def test_prefilled_only_with_what_is_theirs(lantern):
    first = lantern.slides[0]
    subtitle = next(ph for ph in first.placeholders if ph.placeholder_format.idx == 1).text_frame.text
    assert subtitle == ("Lantern Housing Association\n"
                        "Our vision and plan from the Planning workshop on Tuesday 9 March 2027")
    wins = next(ph for ph in by_title(lantern, "Quick wins").placeholders if ph.placeholder_format.idx == 1)
    assert [p.text for p in wins.text_frame.paragraphs] == ["Pay tenants for their time at panel meetings",
                                                            "Ask tenants to review the new repairs letter"]
    needs = by_title(lantern, "What we need")
    headings = sorted((ph.placeholder_format.idx, ph.text_frame.text) for ph in needs.placeholders
                      if ph.placeholder_format.idx > 10)
    assert headings == [(11, "Time"), (12, "Budget"), (13, "Support")]


def test_no_quick_wins_leaves_the_box_empty_for_the_prompt(built):
    prs = Presentation(str(report_back_path(built, "quiet")))
    wins = next(ph for ph in by_title(prs, "Quick wins").placeholders if ph.placeholder_format.idx == 1)
    assert wins.text_frame.text == ""
    assert "Two or three things you can do" in layout_prompts(by_title(prs, "Quick wins"))[1]
    subtitle = next(ph for ph in prs.slides[0].placeholders if ph.placeholder_format.idx == 1).text_frame.text
    assert subtitle == "Quiet Waters Trust\nOur vision and plan from the Planning workshop"  # no date given


def test_the_plan_is_a_real_table_to_fill_in(lantern):
    plan = by_title(lantern, "Our plan")
    frame = next(s for s in plan.shapes if s.has_table)
    assert frame.is_placeholder  # inserted into the layout's table placeholder
    table = frame.table
    assert [c.text for c in table.rows[0].cells] == ["Action", "Who", "By when", "First step", "Cost", "Lived experience role", "How we will know"]
    assert table.first_row
    assert len(table.rows) == 6 and all(c.text == "" for row in list(table.rows)[1:] for c in row.cells)
    for cell in (c for row in table.rows for c in row.cells):  # what they type will be 18 pt, in any editor
        styles = cell.text_frame._txBody.find(qn("a:lstStyle"))
        assert styles.find(f"{qn('a:lvl1pPr')}/{qn('a:defRPr')}").get("sz") == "1800"
    notes = plan.notes_slide.notes_text_frame.text
    assert "one action in each row" in notes  # a table cell cannot hold a prompt: the guidance is in the notes


def test_the_ladder_has_a_marker_they_can_move_at_their_stage(lantern):
    where = by_title(lantern, "Where we are now")
    rungs = [s for s in where.shapes if s.name.startswith("report-back/where/rung/")]
    assert [r.text_frame.text.split(" · ")[0] for r in rungs] == [
        "Co-production", "Co-design", "Engagement", "Consultation", "Informing", "Educating", "Coercion"]
    assert all(r.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE for r in rungs)
    marker = next(s for s in where.shapes if s.name == "report-back/where/marker")
    engagement = rungs[2]
    assert abs((marker.top + marker.height // 2) - (engagement.top + engagement.height // 2)) < 20000
    assert marker.text_frame.text == "We are here"
    credit = next(ph for ph in where.placeholders if ph.placeholder_format.idx == 2).text_frame.text
    assert "Think Local Act Personal" in credit


def test_branded_for_the_charity_with_readable_colours(lantern):
    theme_part = lantern.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    theme = etree.fromstring(theme_part.blob)
    colour = {slot: "#" + theme.find(f".//{A}clrScheme/{A}{slot}/{A}srgbClr").get("val")
              for slot in ("dk2", "accent1", "accent2")}
    assert colour["dk2"] == colour["accent1"] == readable("#7FB3D5") != "#7FB3D5"  # darkened to read on white
    assert contrast(colour["dk2"], WHITE) >= 4.5
    assert colour["accent2"] == "#FFD700"
    assert theme.find(f".//{A}majorFont/{A}latin").get("typeface") == "Verdana"
    for slide in lantern.slides:  # shapes with a fill: their text colour reaches 4.5:1 on it
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and shape.has_text_frame:
                fill = "#" + str(shape.fill.fore_color.rgb)
                for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                    assert contrast(fill, "#" + str(run.font.color.rgb)) >= 4.5, shape.name
                    assert run.font.size.pt >= 18


def test_logo_on_the_title_slide_and_every_report_back_layout(lantern):
    pictures = [s for s in lantern.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == "Lantern Housing Association logo"
    for slide in list(lantern.slides)[1:]:
        logos = [s for s in slide.slide_layout.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(logos) == 1, slide.slide_layout.name


def test_the_charity_owns_it_and_there_are_no_facilitator_notes(lantern):
    properties = lantern.core_properties
    assert properties.author == "Lantern Housing Association"
    assert properties.title == "Lantern: our coproduction vision and plan"
    for slide in lantern.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.strip(), slide.shapes.title.text
        assert "facilitator" not in notes.lower()
        assert "{{" not in notes


def test_the_same_inputs_give_the_same_bytes(built):
    first = report_back_path(built, "lantern").read_bytes()
    build(built, "lantern", force=True)
    assert report_back_path(built, "lantern").read_bytes() == first


def test_only_built_for_charities_that_have_the_planning_workshop(project):
    add_charity(project, "early", "name: Early Days\nworkshops: [concepts]\n")
    build(project, "early")
    manifest = json.loads((project.build / "early" / "manifest.json").read_text())
    assert not [o for o in manifest["outputs"] if o["kind"] == "report-back"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it(built, tmp_path):
    source = report_back_path(built, "lantern")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{source.stem}.pdf"
    assert pdf.is_file() and pdf.read_bytes().count(b"/Type /Page\n") + pdf.read_bytes().count(b"/Type/Page") >= 1


# ---- nothing lost --------------------------------------------------------------------------------


def fill_vision(path: Path, text: str) -> None:
    prs = Presentation(str(path))
    box = next(ph for ph in by_title(prs, "Our vision").placeholders if ph.placeholder_format.idx == 1)
    box.text_frame.text = text
    prs.save(str(path))


def test_a_rebuild_keeps_the_charitys_edits_and_writes_the_fresh_one_beside_it(project):
    add_charity(project, "lantern", LANTERN)
    build(project, "lantern")
    path = report_back_path(project, "lantern")
    fresh = path.read_bytes()
    fill_vision(path, "Tenants shape every decision about their homes.")
    edited = path.read_bytes()

    report = build(project, "lantern")

    assert path.read_bytes() == edited  # their work is untouched
    beside = path.with_name("lantern-report-back.new.pptx")
    assert beside.read_bytes() == fresh
    assert any("lantern-report-back.pptx was edited" in w and "lantern-report-back.new.pptx" in w
               for w in report.warnings)
    manifest = json.loads((project.build / "lantern" / "manifest.json").read_text())
    entry = next(o for o in manifest["outputs"] if o["kind"] == "report-back")
    assert entry["fresh"] == "report-back/lantern-report-back.new.pptx"


def test_the_build_command_says_it_kept_their_file(project):
    add_charity(project, "lantern", LANTERN)
    build(project, "lantern")
    fill_vision(report_back_path(project, "lantern"), "Our vision")
    result = CliRunner().invoke(main, ["build", "lantern", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "lantern-report-back.pptx was edited since it was built" in result.output


def test_force_overwrites_their_edits(project):
    add_charity(project, "lantern", LANTERN)
    build(project, "lantern")
    path = report_back_path(project, "lantern")
    fresh = path.read_bytes()
    fill_vision(path, "Tenants shape every decision about their homes.")

    report = build(project, "lantern", force=True)

    assert path.read_bytes() == fresh
    assert report.warnings == []


# ---- the content file -----------------------------------------------------------------------------

CONTEXT = {"charity": {"short_name": "Lantern", "name": "Lantern Housing Association", "people_term": "tenants",
                       "diagnostic": {"quick_wins": []}}, "dates": {"planning": ""}}
GOOD = """\
---
title: "{{ charity.short_name }}: our plan"
---

## Our vision {id=vision kind=vision}

### Our vision
Our vision for {{ charity.people_term }} in one sentence.

::: notes
What to write.
:::
"""


def test_the_real_content_loads_for_a_charity():
    text = (ROOT / "content" / "report-back" / "slides.md").read_text(encoding="utf-8")
    content = load_report_back(text, "content/report-back/slides.md", CONTEXT)
    assert [s.id for s in content.slides] == ["title", "why", "where", "heard", "vision", "plan", "quick-wins",
                                              "needs", "measures", "next-steps"]
    assert content.slides[4].boxes[0].prompt == ("Our vision in one or two sentences: what will be different "
                                                 "for tenants when coproduction is how we work?",)


def test_a_small_file_loads():
    content = load_report_back(GOOD, "slides.md", CONTEXT)
    slide = content.slides[0]
    assert (content.title, slide.layout, slide.kind) == ("Lantern: our plan", "Report-back: Our vision", "vision")
    assert slide.boxes[0].label == "Our vision"
    assert slide.boxes[0].prompt == ("Our vision for tenants in one sentence.",)
    assert slide.notes == "What to write."


@pytest.mark.parametrize("change, expected", [
    ("kind=vision}", "slides.md:5: unknown kind 'visoin' (did you mean 'vision'?)"),
    ("id=vision ", "slides.md:5: slide 'Our vision' has no id"),
    ("::: notes", "slides.md:10: unknown fence '::: nots'"),
    ("{{ charity.people_term }}", "slides.md:8: unknown name 'charity.people' (did you mean 'charity.people_term'?)"),
    ("Our vision for", "slides.md:7: box 'Our vision' has no prompt"),
])
def test_mistakes_in_the_content_point_at_file_and_line(change, expected):
    broken = {
        "kind=vision}": GOOD.replace("kind=vision}", "kind=visoin}"),
        "id=vision ": GOOD.replace("id=vision ", ""),
        "::: notes": GOOD.replace("::: notes", "::: nots"),
        "{{ charity.people_term }}": GOOD.replace("{{ charity.people_term }}", "{{ charity.people }}"),
        "Our vision for": GOOD.replace("Our vision for {{ charity.people_term }} in one sentence.\n", ""),
    }[change]
    with pytest.raises(FacilitationError) as error:
        load_report_back(broken, "slides.md", CONTEXT)
    assert expected in str(error.value)


def test_a_broken_report_back_stops_the_build_with_a_clear_message(project):
    add_charity(project, "lantern", LANTERN)
    path = project.content / "report-back" / "slides.md"
    path.write_text(path.read_text(encoding="utf-8").replace("kind=columns", "kind=colums", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "lantern", "--root", str(project.root)])
    assert result.exit_code == 2
    assert "content/report-back/slides.md:" in result.output and "did you mean 'columns'?" in result.output
    assert "Traceback" not in result.output
    assert not (project.build / "lantern" / "report-back").exists()
