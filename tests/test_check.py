"""`facilitation check`: each rule fails on a bad fixture and passes on good output, and the whole
example pack passes. Decks and documents are real files, made with python-pptx / python-docx."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Pt as DocxPt
from docx.shared import RGBColor as DocxRGB
from pptx import Presentation
from lxml import etree
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from facilitation.build import build
from facilitation.check import content, run
from facilitation.check.decks import check_deck
from facilitation.check.documents import check_document
from facilitation.check.outputs import schema_validator_available, validate_schema
from facilitation.cli import main
from facilitation.content.workshop import load_workshop
from facilitation.writers.pptx import fit
from facilitation.writers.pptx.style import DeckStyle
from facilitation.writers.pptx.slides import DeckBuilder
from helpers import SHIPPED_CHARITIES

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "deck.pptx"
WHEN = datetime(2026, 1, 1)
needs_fonts = pytest.mark.skipif(not str(fit.measured_with("Arial") or "").startswith("Liberation"),
                                 reason="fonts-liberation is not installed (Arial's metrics)")


def rules(findings, severity: str | None = None) -> set[str]:
    return {f.rule for f in findings if severity is None or f.severity == severity}


def workshop_text(body: str, length: int = 30) -> str:
    return (f"---\nid: concepts\ntitle: Test\nmodule: 1\nsequence: 1\nlength: {length}\n---\n\n"
            f"# Block {{duration=30 kind=presentation}}\n\n{body}\n")


def builder(root: Path = ROOT, primary: str = "#1F4E79", secondary: str = "#F2A900") -> DeckBuilder:
    return DeckBuilder(TEMPLATE, primary=primary, secondary=secondary, font="Arial", content_root=root / "content")


def deck_from(markdown: str, tmp_path: Path, name: str = "deck.pptx", root: Path = ROOT, **colours):
    deck = builder(root, **colours)
    for slide in load_workshop(workshop_text(markdown), "test.md", {"charity": {}}).slides:
        deck.content(slide)
    path = tmp_path / name
    path.write_bytes(deck.save(title="t", author="a", subject="s", when=WHEN))
    return path, deck


GOOD = "## A good slide\n- One short point\n- Another short point\n\n::: notes\nSay it.\n:::\n"


def checked(path: Path, kind: str = "deck"):
    return check_deck(path, f"build/test/{path.name}", kind)


@pytest.fixture(scope="module")
def good_deck(tmp_path_factory):
    path, _ = deck_from(GOOD + "\n## A second slide\n- More\n", tmp_path_factory.mktemp("good"))
    return path


def edited(good: Path, tmp_path: Path, change) -> Path:
    """A copy of the good deck with one thing changed by `change(presentation)`."""
    prs = Presentation(str(good))
    change(prs)
    path = tmp_path / "changed.pptx"
    prs.save(str(path))
    return path


# ---- effective sizes and measuring ------------------------------------------------------------------


def test_sizes_are_inherited_from_layout_master_and_presentation(tmp_path):
    prs = Presentation(str(TEMPLATE))
    style = DeckStyle(prs)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    assert style.layout_paragraph_look(layouts["Title and Content"], 1, 0).spans[0].size == 26  # layout's lstStyle
    assert style.layout_paragraph_look(layouts["Title and Content"], 1, 1).spans[0].size == 22
    assert style.layout_paragraph_look(layouts["Two Content"], 2, 0).spans[0].size == 24
    title = style.layout_paragraph_look(layouts["Title Only"], 0, 0)
    assert title.spans[0].size == 32 and title.spans[0].bold and title.spans[0].colour == "#1F4E79"  # tx2 → dk2
    slide = prs.slides.add_slide(layouts["Blank"])
    box = slide.shapes.add_textbox(0, 0, Inches(4), Inches(1))
    box.text_frame.text = "free text"
    text = style.shape_text(slide, box._element, [box._element])
    assert text.paras[0].spans[0].size == 18  # the presentation's default text style
    assert text.background == "#FFFFFF"


@needs_fonts
def test_text_is_measured_with_arials_metrics():
    # Arial's advance widths: H 722, e 556, l 222, o 556 (thousandths of an em)
    assert fit.text_width("Hello", 10) == pytest.approx(22.78, abs=0.01)
    assert fit.text_width("Hello", 10, bold=True) > fit.text_width("Hello", 10)
    box = fit.Box(width=100, height=40, left=0, top=0, right=0, bottom=0)
    short = fit.Para((fit.Span("Hello", 10),))
    assert fit.overflow([short], box) == 0 and fit.text_height([short], 100) == pytest.approx(12)
    long = fit.Para((fit.Span("Hello there " * 10, 10),))
    assert len(fit.line_heights(long, 100)) == 5  # ten "Hello there" in 100 pt lines of two each
    assert fit.overflow([long], box) == pytest.approx(60 - 40)


# ---- content and profile rules ------------------------------------------------------------------------


def lint(project, slug="example"):
    return content.lint_charity(project, slug)


def test_the_real_content_and_profiles_have_no_content_errors():
    from facilitation.build import Project

    project = Project(ROOT)
    for slug in SHIPPED_CHARITIES:  # not whatever a content editor has added since
        errors = [f for f in lint(project, slug) if f.severity == "error"]
        assert errors == [], "\n".join(map(str, errors))


def test_problems_that_stop_a_build_are_content_errors(project):
    line = add_slide(project, "## Odd\n- a\n\n::: speaker\nHello\n:::")
    [finding] = [f for f in lint(project) if f.rule == "content"]
    assert str(finding).startswith(f"content/workshops/concepts.md:{line + 3}: [content] unknown fence '::: speaker'")


def test_sentence_length():
    short = load_workshop(workshop_text("## Short\n- A short sentence. Another one."), "w.md", {"charity": {}})
    assert list(content.sentence_length(None, short)) == []
    words = " ".join(["word"] * 26)
    long = load_workshop(workshop_text(f"## Long\n- Fine.\n- {words}."), "w.md", {"charity": {}})
    [finding] = content.sentence_length(None, long)
    assert finding.rule == "sentence-length" and finding.severity == "warning"
    assert str(finding).startswith("w.md:13: [sentence-length] warning: a participant-facing sentence has 26 words")


def test_day_length(project):
    assert "day-length" not in rules(lint(project))
    path = project.content / "workshops" / "debrief.md"
    path.write_text(path.read_text().replace("length: 3h30", "length: 3h40", 1))
    [finding] = [f for f in lint(project) if f.rule == "day-length"]
    assert finding.path == "content/workshops/debrief.md" and finding.line and finding.severity == "error"
    assert "blocks add up to 210 minutes but the workshop's length is 220" in finding.message


def test_brand_colours_warn_about_a_pale_primary_and_name_the_colour_used(project):
    assert "brand-colours" not in rules(lint(project))
    path = project.content / "charities" / "example.yaml"
    path.write_text(path.read_text().replace('primary: "#1F4E79"', 'primary: "#FFF176"'))
    [finding] = [f for f in lint(project) if f.rule == "brand-colours"]
    line = path.read_text().splitlines().index('  primary: "#FFF176"') + 1
    assert (finding.path, finding.line, finding.severity) == ("content/charities/example.yaml", line, "warning")
    assert "#FFF176" in finding.message and "uses #7F783B instead" in finding.message


@pytest.fixture
def picture(project) -> str:
    from PIL import Image

    (project.content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), "navy").save(project.content / "images" / "photo.png")
    return "images/photo.png"


def add_slide(project, markdown: str) -> int:
    """Append a slide to the concepts workshop's first block; returns the line it starts on."""
    path = project.content / "workshops" / "concepts.md"
    lines = path.read_text().splitlines()
    first_slide = next(n for n, line in enumerate(lines) if line.startswith("## "))
    lines[first_slide:first_slide] = markdown.splitlines() + [""]
    path.write_text("\n".join(lines) + "\n")
    return first_slide + 1


def test_image_path_and_alt_text(project, picture):
    assert not {"image-path", "alt-text"} & rules(lint(project))
    line = add_slide(project, f"## Pictures\n![A team meeting]({picture})\n\n![photo.png]({picture})")
    found = {(f.rule, f.line, f.severity) for f in lint(project) if f.rule in ("image-path", "alt-text")}
    assert found == {("alt-text", line + 3, "warning")}  # alt text that is only the file's name
    line = add_slide(project, f"## Bare\n![]({picture})\n\n![A map](images/missing.png)")
    found = {(f.rule, f.line, f.severity) for f in lint(project) if f.rule in ("image-path", "alt-text")}
    assert found == {("alt-text", line + 1, "error"), ("image-path", line + 3, "error")}


def test_table_header_in_content(project):
    line = add_slide(project, "## Who\n|  |  |\n|---|---|\n| a | b |")
    assert {(f.rule, f.line) for f in lint(project) if f.rule == "table-header"} == {("table-header", line + 1)}


def test_slide_titles_are_unique(project):
    line = add_slide(project, "## Who\n- a\n\n## Who {id=who-again}\n- b")
    assert {(f.rule, f.line) for f in lint(project) if f.rule == "slide-title"} == {("slide-title", line + 3)}


def test_an_undefined_template_variable_is_unrendered_template(project):
    line = add_slide(project, "## Hello {{ charity.nickname }}")
    [finding] = [f for f in lint(project) if f.rule == "unrendered-template"]
    assert finding.line == line and finding.severity == "error"


# ---- deck rules ------------------------------------------------------------------------------------


def test_a_good_deck_passes(good_deck):
    assert checked(good_deck) == []


def test_slide_title(good_deck, tmp_path):
    def clear(prs):
        prs.slides[1].shapes.title.text_frame.text = ""

    def duplicate(prs):
        prs.slides[1].shapes.title.text_frame.text = "A GOOD slide"

    assert [(f.rule, f.slide) for f in checked(edited(good_deck, tmp_path, clear))] == [("slide-title", 2)]
    [finding] = checked(edited(good_deck, tmp_path, duplicate))
    assert str(finding) == ("build/test/changed.pptx slide 2: [slide-title] title 'A GOOD slide' is also slide 1's; "
                            "titles must be unique in a deck")


def test_alt_text(tmp_path, picture, project):
    def add(prs):
        prs.slides[0].shapes.add_picture(str(project.content / picture), Inches(9), Inches(5))

    path, _ = deck_from(f"## Pictures\n![]({picture} \"decorative\")\n", tmp_path, "decorative.pptx", project.root)
    assert "alt-text" not in rules(checked(path))
    [finding] = checked(edited(path, tmp_path, add))  # python-pptx gives it its file's name
    assert (finding.rule, finding.slide) == ("alt-text", 1) and "only its file name 'image.png'" in finding.message

    def bare(prs):
        add(prs)
        prs.slides[0].shapes[-1]._element.nvPicPr.cNvPr.set("descr", "")

    [finding] = checked(edited(path, tmp_path, bare))
    assert "has no alt text and is not marked decorative" in finding.message
    described, _ = deck_from(f"## Pictures\n![A team around a table]({picture})\n", tmp_path, "described.pptx",
                             project.root)
    assert checked(described) == []


def test_table_header_in_decks(tmp_path):
    path, _ = deck_from("## Plan\n| Who | What |\n|---|---|\n| Sam | Speak |\n", tmp_path)
    assert checked(path) == []

    def no_header(prs):
        frame = next(s for s in prs.slides[0].shapes if s.has_table)
        frame.table.first_row = False

    assert rules(checked(edited(path, tmp_path, no_header))) == {"table-header"}


def test_reading_order(good_deck, tmp_path):
    def box_first(prs):
        slide = prs.slides[0]
        box = slide.shapes.add_textbox(Inches(1), Inches(6), Inches(4), Inches(1))
        box.text_frame.text = "Read me first"
        tree = slide.shapes._spTree
        tree.remove(box._element)
        tree.insert(2, box._element)

    def swapped(prs):
        tree = prs.slides[0].shapes._spTree
        body = [s for s in prs.slides[0].placeholders if s.placeholder_format.idx == 1][0]._element
        tree.remove(body)
        tree.insert(2, body)

    findings = checked(edited(good_deck, tmp_path, box_first))
    assert [(f.rule, f.severity) for f in findings] == [("reading-order", "warning")]
    assert "'TextBox" in findings[0].message and "before the title" in findings[0].message
    assert "reading-order" in rules(checked(edited(good_deck, tmp_path, swapped)))


def test_min_font_counts_inherited_sizes_and_auto_fit_shrinking(good_deck, tmp_path):
    def small(prs):
        prs.slides[0].placeholders[1].text_frame.paragraphs[0].runs[0].font.size = Pt(14)

    def shrunk(prs):  # 26 pt shrunk to 60 % is 15.6 pt, however PowerPoint got there
        prs.slides[0].placeholders[1].text_frame.paragraphs[0].runs[0].font.size = Pt(26)
        body = prs.slides[0].placeholders[1].text_frame._txBody.bodyPr
        etree.SubElement(body, qn("a:normAutofit")).set("fontScale", "60000")

    [finding] = checked(edited(good_deck, tmp_path, small))
    assert finding.rule == "min-font" and "'One short point'" in finding.message and "14 pt" in finding.message
    [finding] = checked(edited(good_deck, tmp_path, shrunk))
    assert finding.rule == "min-font" and "15.6 pt (shrunk to 60% by auto-fit)" in finding.message


def test_contrast(good_deck, tmp_path):
    def pale(prs):
        prs.slides[0].placeholders[1].text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xF1, 0x76)

    [finding] = checked(edited(good_deck, tmp_path, pale))
    assert finding.rule == "contrast" and "#FFF176 on #FFFFFF: 1.16:1, needs 3:1" in finding.message


def test_contrast_with_a_pale_yellow_brand(tmp_path):
    """The writer darkens a pale primary; diagram text is black or white, whichever reads."""
    markdown = (GOOD + "\n## Ladder\n```ladder\n- Top | Doing with\n- Middle | Doing for\n- Bottom | Doing to\n```\n"
                "\n## Who\n| Who | What |\n|---|---|\n| Sam | Speak |\n")
    path, deck = deck_from(markdown, tmp_path, primary="#FFF176", secondary="#FFFF00")
    deck.title_slide("Welcome", ["Northside"])
    path.write_bytes(deck.save(title="t", author="a", subject="s", when=WHEN))
    assert checked(path) == []


@needs_fonts
def test_overflow_is_measured_and_the_writer_splits_an_overfull_slide(tmp_path):
    items = "\n".join(f"- Point {n}, which has enough words in it to wrap onto a second line of the slide" for n in range(14))
    numbered = "\n".join(f"{n}. Step {n} of the plan" for n in range(1, 15))
    path, _ = deck_from(f"## Many points\n{items}\n\n::: notes\nWalk through them.\n:::\n\n## Steps\n{numbered}\n",
                        tmp_path)
    assert checked(path) == []
    prs = Presentation(str(path))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[:3] == ["Many points", "Many points (continued)", "Many points (continued 2)"]
    assert prs.slides[1].notes_slide.notes_text_frame.text == "Walk through them.\n(continued)"
    kept = sum(len(s.placeholders[1].text_frame.paragraphs) for s in prs.slides if s.shapes.title.text.startswith("Many"))
    assert kept == 14  # nothing lost
    continued = [s for s in prs.slides if s.shapes.title.text == "Steps (continued)"][0]
    first = continued.placeholders[1].text_frame.paragraphs[0]
    start = int(first._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buAutoNum").get("startAt"))
    assert first.runs[0].text == f"Step {start} of the plan"  # the numbering carries on

    def overfill(prs):  # what the writer would have made without splitting
        frame = prs.slides[0].placeholders[1].text_frame
        for n in range(8):
            frame.add_paragraph().text = f"An extra point {n} that makes the slide far too full to read"

    findings = checked(edited(path, tmp_path, overfill))
    assert rules(findings) == {"overflow"}
    assert "needs" in findings[0].message and "split the slide" in findings[0].message


def test_unrendered_template_text(good_deck, tmp_path):
    def leftover(prs):
        prs.slides[0].placeholders[1].text_frame.paragraphs[0].runs[0].text = "Welcome, {{ charity.short_name }}"

    [finding] = checked(edited(good_deck, tmp_path, leftover))
    assert finding.rule == "unrendered-template" and "{{ charity.short_name }}" in finding.message


# ---- document rules --------------------------------------------------------------------------------


def document(tmp_path: Path, build_it, name: str = "doc.docx") -> Path:
    doc = Document()
    doc.styles["Normal"].font.size = DocxPt(12)
    build_it(doc)
    path = tmp_path / name
    doc.save(str(path))
    return path


def good_doc(doc):
    doc.add_heading("Notes", level=1)
    doc.add_paragraph("You start the day. Say hello and smile.")
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[1].cells[0].text = "Time", "09:30"
    from docx.oxml import OxmlElement

    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def check_doc(path: Path, kind: str = "facilitator-guide", large_print: bool = False):
    return check_document(path, f"build/test/{path.name}", kind, large_print)


def test_a_good_document_passes(tmp_path):
    assert check_doc(document(tmp_path, good_doc)) == []


def test_document_min_font_and_large_print(tmp_path):
    def small(doc):
        good_doc(doc)
        doc.add_paragraph().add_run("Small print").font.size = DocxPt(9)

    [finding] = check_doc(document(tmp_path, small))
    assert finding.rule == "min-font" and "'Small print' at 9 pt" in finding.message
    path = document(tmp_path, good_doc)  # 12 pt body
    assert check_doc(path, "facilitator-guide", large_print=True) == []  # large print is for participants' papers
    [finding] = check_doc(path, "programme", large_print=True)
    assert finding.rule == "min-font" and "under 14 pt (the profile asks for large print)" in finding.message


def test_document_contrast(tmp_path):
    def grey(doc):
        good_doc(doc)
        doc.add_paragraph().add_run("Faint").font.color.rgb = DocxRGB(0xAA, 0xAA, 0xAA)

    [finding] = check_doc(document(tmp_path, grey))
    assert finding.rule == "contrast" and "'Faint' is #AAAAAA on #FFFFFF" in finding.message


def test_document_table_header_and_alt_text(tmp_path, picture, project):
    def bare(doc):
        table = doc.add_table(rows=2, cols=2)
        table.rows[0].cells[0].text = "Time"
        doc.add_picture(str(project.content / picture))

    findings = check_doc(document(tmp_path, bare))
    assert rules(findings) == {"table-header", "alt-text"}


def test_reading_ease_is_reported_for_co_facilitator_notes(tmp_path):
    plain = document(tmp_path, good_doc, "plain.docx")
    [finding] = check_doc(plain, "co-facilitator-notes")
    assert (finding.rule, finding.severity) == ("reading-ease", "note") and "Flesch reading ease" in finding.message

    def dense(doc):
        doc.add_paragraph("Notwithstanding organisational considerations, participatory methodologies necessitate "
                          "comprehensive institutional accountability mechanisms, particularly regarding remuneration.")

    [finding] = check_doc(document(tmp_path, dense, "dense.docx"), "co-facilitator-notes")
    assert (finding.rule, finding.severity) == ("reading-ease", "warning")


def test_document_unrendered_template(tmp_path):
    def leftover(doc):
        good_doc(doc)
        doc.add_paragraph("Dear {{ charity.name }},")

    assert rules(check_doc(document(tmp_path, leftover))) == {"unrendered-template"}


@pytest.mark.skipif(not schema_validator_available(), reason="openxml-audit is not installed")
def test_schema_validation(tmp_path, good_deck):
    def invalid(doc):
        good_doc(doc)
        header = doc.tables[0].rows[0]._tr.trPr[0]
        header.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "true")  # not a schema value

    path = document(tmp_path, invalid)
    findings = validate_schema([(path, "build/test/doc.docx"), (good_deck, "build/test/good.pptx")], workers=1)
    assert findings and {f.path for f in findings} == {"build/test/doc.docx"}
    assert "tblHeader" in findings[0].message and findings[0].rule == "ooxml-schema"


# ---- the whole pack and the command -------------------------------------------------------------------


def test_the_example_pack_passes_with_no_errors(example_pack):
    project, _ = example_pack
    report = run(project, ["example"], schema=schema_validator_available())
    errors = [str(f) for f in report.findings if f.severity == "error"]
    assert errors == [], "\n".join(errors)
    assert report.outputs >= 20 and report.count("note") >= 1  # reading ease of the co-facilitator's notes


def test_a_pale_yellow_brand_still_meets_contrast(project):
    profile = project.content / "charities" / "example.yaml"
    text = profile.read_text().replace('primary: "#1F4E79"', 'primary: "#FFF176"')
    profile.with_name("pale.yaml").write_text(text.replace('secondary: "#F2A900"', 'secondary: "#FFFF00"'))
    build(project, "pale")
    report = run(project, ["pale"], schema=False)
    assert not [str(f) for f in report.findings if f.severity == "error"]
    assert [f.rule for f in report.findings if f.severity == "warning"] == ["brand-colours"]


def cli(project, *args):
    result = CliRunner().invoke(main, ["check", *args, "--root", str(project.root)])
    return result.exit_code, result.output


def test_the_command_reports_and_sets_its_exit_status(project, example_pack):
    code, output = cli(project, "example", "--no-schema")
    assert code == 0 and "build/example/: [build] warning: no build yet" in output
    shutil.copytree(example_pack[0].build, project.build)
    code, output = cli(project, "example", "--no-schema")
    assert code == 0, output
    assert "Checked 1 charity, " in output and ": 0 errors" in output
    path = project.content / "workshops" / "debrief.md"
    path.write_text(path.read_text().replace("length: 3h30", "length: 3h40", 1))
    code, output = cli(project, "example", "--no-schema")
    assert "build/example/: [build] warning: the content, profile or toolkit changed since this build" in output
    code, output = cli(project, "example", "--no-schema", "--quiet")
    assert code == 1
    assert "content/workshops/debrief.md:" in output and ": [day-length] blocks add up to 210 minutes" in output
    assert "reading-ease" not in output  # --quiet shows errors only


def test_the_command_refuses_an_unknown_charity(project):
    code, output = cli(project, "nowhere")
    assert code == 2 and "unknown charity 'nowhere'" in output


def test_build_option_builds_first(project):
    code, output = cli(project, "riverside", "--build", "--no-schema")
    assert (project.build / "riverside" / "manifest.json").is_file()
    assert "no build yet" not in output


def test_guide_slide_numbers_must_match_the_deck(example_pack, project):
    from facilitation.check.outputs import check_guide_slides
    from facilitation.publish import Manifest

    shutil.copytree(example_pack[0].build, project.build)
    folder = project.build / "example"
    entries = Manifest.read(folder, "example").entries
    assert check_guide_slides(project, folder, entries) == []
    deck = folder / "decks" / "concepts.pptx"
    prs = Presentation(str(deck))
    slide_ids = prs.slides._sldIdLst
    slide_ids.remove(slide_ids[3])  # as if a slide before it had moved: every later number shifts
    prs.save(str(deck))
    findings = check_guide_slides(project, folder, entries)
    assert findings and {f.rule for f in findings} == {"guide-slides"}
    assert findings[0].path == "build/example/guides/concepts-facilitator-guide.docx"
    assert "says slide 4 is" in findings[0].message


# ---- step-minutes ---------------------------------------------------------------------------------


def timed(steps: str) -> str:
    return f"::: facilitator\nPurpose: test.\n\nSteps:\n{steps}\n:::\n\n## A slide\n- A point\n"


@pytest.mark.parametrize("steps", [
    "- 0–10 min: one.\n- 10–30 min: two.",           # windows count B − A
    "1. 10 min: one.\n2. 20 min: two.",              # durations
    "1. (10 min) One.\n2. (20 min) Two.",            # durations in brackets
    "- 0-5 min: one.\n- about 25 min: the rest.",    # a hyphen, and "about"
    "- No timed steps at all.",                      # nothing to check
])
def test_step_minutes_pass_when_the_steps_fill_the_block(steps):
    workshop = load_workshop(workshop_text(timed(steps)), "w.md", {"charity": {}})
    assert list(content.step_minutes(None, workshop)) == []


@pytest.mark.parametrize("steps, total", [
    ("- 0–10 min: one.\n- 10–35 min: two.", 35),  # overbooked
    ("1. 10 min: one.\n2. 15 min: two.", 25),      # padded
    ("- 0–10 min: one.\n- 10–30 min: two.\n- 5 min: sharing.", 35),  # a window and a duration mixed
])
def test_step_minutes_fail_with_file_line_and_both_numbers(steps, total):
    workshop = load_workshop(workshop_text(timed(steps)), "w.md", {"charity": {}})
    [finding] = content.step_minutes(None, workshop)
    assert (finding.rule, finding.severity, finding.line) == ("step-minutes", "error", 11)
    assert str(finding) == (f"w.md:11: [step-minutes] block 'Block' lasts 30 minutes but the timed steps "
                            f"in its facilitator notes add up to {total}")


def test_step_minutes_adds_up_the_fences_of_a_block_and_its_slides():
    text = timed("- 0–10 min: one.") + "\n::: facilitator\n- 10–25 min: two.\n:::\n"
    [finding] = content.step_minutes(None, load_workshop(workshop_text(text), "w.md", {"charity": {}}))
    assert finding.message.endswith("add up to 25")
