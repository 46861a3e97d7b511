"""Co-facilitator notes: reopen the DOCX files and check what the co-facilitator would read."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from helpers import rows, table_after
from facilitation.gather import gather
from facilitation.cli import main
from facilitation.errors import FacilitationError
from facilitation.plan.agenda import involves_co_facilitator
from facilitation.plan.readability import measure, reading_ease, syllables
from facilitation.content.shared_text import load_keyed_sections, load_section, load_section_folder
from facilitation.writers import writer_for

CONTEXT = {"charity": {"short_name": "Northside", "facilitators": ["Alex"], "co_facilitator": {"name": "Sam"}}}


# ---- helpers ---------------------------------------------------------------------------------------


def outputs(project, slug: str, kind: str) -> dict[str, Path]:
    manifest = json.loads((project.build / slug / "manifest.json").read_text())
    return {o["workshop"]: project.build / slug / o["path"] for o in manifest["outputs"] if o["kind"] == kind}


def rendered(project, slug: str, kind: str) -> dict[str, io.BytesIO]:
    """One kind of output for a charity, rendered in memory (the build writes the same bytes)."""
    pack = gather(project, slug)
    return {o.workshop: io.BytesIO(o.render()) for o in writer_for(kind).outputs(pack)}


def document_text(path) -> str:
    """Every word in the package: body, tables, headers, footers and properties."""
    with zipfile.ZipFile(path) as package:
        xml = " ".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml"))
    return re.sub(r"<[^>]+>", " ", xml)


def reading_text(doc) -> str:
    lines = [p.text for p in doc.paragraphs]
    lines += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def effective(doc, paragraph, run, attribute: str):
    """A run's font attribute, following its paragraph style's inheritance."""
    value = getattr(run.font, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.font, attribute)
        style = style.base_style
    return value


def write_profile(project, slug: str, text: str) -> None:
    (project.content / "charities" / f"{slug}.yaml").write_text(text, encoding="utf-8")


PROFILE = """\
name: {name}
co_facilitation: true
co_facilitator: {{name: {co}}}
facilitators: [Robin Lee]
workshops: [concepts]
accessibility: {needs}
branding: {{font: {font}}}
"""


# ---- the example charity ---------------------------------------------------------------------------


def test_notes_are_built_only_for_workshops_with_co_facilitated_parts(example_pack):
    project, _ = example_pack
    pack = gather(project, "example")
    notes = outputs(project, "example", "co-facilitator-notes")
    expected = {w.id for w in pack.workshops if pack.profile.co_facilitates(w.id)
                and any(involves_co_facilitator(b, True) for b in w.blocks)}  # co_facilitation: true is Concepts
    assert set(notes) == expected
    assert "staff-session" not in notes  # a staff-only session: the facilitator leads every part
    assert all(p.name == f"{w}-co-facilitator-notes.docx" and p.parent.name == "notes" for w, p in notes.items())


def test_day_at_a_glance_lists_exactly_their_parts_with_the_guides_times(example_pack):
    project, _ = example_pack
    pack = gather(project, "example")
    notes, guides = outputs(project, "example", "co-facilitator-notes"), outputs(project, "example", "facilitator-guide")
    for workshop_id, path in notes.items():
        agenda = pack.agendas[workshop_id]
        theirs = [i for i in agenda.items if i.block.lead in ("co-facilitator", "both")]
        table = rows(table_after(Document(str(path)), "Your day at a glance"))
        assert [r[1] for r in table] == [i.block.title for i in theirs]
        assert [r[0] for r in table] == [f"{i.start:%H:%M} to {i.end:%H:%M}" for i in theirs]
        guide = {r[1]: r[0] for r in rows(table_after(Document(str(guides[workshop_id])), "The day at a glance"))}
        for time, title, _, _ in table:
            assert guide[title] == time.replace(" to ", "–"), (workshop_id, title)


def test_notes_address_the_co_facilitator_and_carry_their_fences(example_pack):
    project, _ = example_pack
    doc = Document(str(outputs(project, "example", "co-facilitator-notes")["concepts"]))
    text = reading_text(doc)
    assert "Hello Sam." in text
    assert doc.paragraphs[0].text == "Your notes for Workshop one: Concepts"
    assert "For Sam, co-facilitating with Alex Morgan" in text
    assert "What you do:" in text and "Cue to hand over:" in text
    # the shared sections, tailored: named contacts, limits, stepping back, debrief, payment and benefits
    for words in ("Getting ready", "Your limits", "off-limits", "You can say no", "Looking after yourself",
                  "Before the day:", "On the day:", "After the day:", "Priya Shah", "If something hard comes up",
                  "After the session", "Payment and expenses", "written agreement", "out of pocket",
                  "Citizens Advice", "say no to payment", "Harder topics today"):
        assert words in text, words
    assert "{{" not in text and "{%" not in text
    # the day's content warnings and the slides they will see
    assert "People may talk about prison, probation or drugs." in text
    assert "Slide 3: Welcome, Northside" in text


def test_example_notes_are_large_print_in_the_charity_font(example_pack):
    project, _ = example_pack
    for path in outputs(project, "example", "co-facilitator-notes").values():
        doc = Document(str(path))
        assert doc.styles["Normal"].font.size.pt == 16  # large-print
        assert doc.styles["Heading 1"].font.size.pt > 16
        for paragraph in doc.paragraphs:
            for run in paragraph.runs:
                assert effective(doc, paragraph, run, "size").pt >= 16, paragraph.text
                assert effective(doc, paragraph, run, "name") == "Arial", paragraph.text
        fonts = doc.styles.element.xpath("//w:rFonts")
        assert not any(f.get(qn("w:asciiTheme")) for f in fonts), "theme fonts would override Arial in Word"


def test_notes_read_at_sixty_or_more(example_pack):
    project, _ = example_pack
    for workshop_id, path in outputs(project, "example", "co-facilitator-notes").items():
        ease = reading_ease(reading_text(Document(str(path))))
        assert ease >= 60, f"{workshop_id}: Flesch reading ease {ease:.0f}"


def test_no_notes_without_co_facilitation(project):
    assert not list(writer_for("co-facilitator-notes").outputs(gather(project, "riverside")))


# ---- a fixture workshop: what must never leak ------------------------------------------------------

MARKED = """\
---
id: concepts
title: "Marked workshop"
module: 1
sequence: 1
length: 60
start: "10:00"
content_warnings: ["MARKER-WARNING-DAY"]
---

# Opening together {duration=20 kind=opening lead=both}

::: facilitator
Purpose: MARKER-FACILITATOR-PRIVATE.
:::

::: co-facilitator
This part is for: MARKER-COFAC-OPENING.

What you do: say hello.
:::

::: remote
MARKER-REMOTE online only.
:::

::: materials
- MARKER-MATERIALS flipchart
:::

::: accessibility
MARKER-ACCESSIBILITY note.
:::

::: participants
MARKER-PARTICIPANTS agenda line.
:::

## Hello everyone
- A first point

::: notes
MARKER-SPEAKER-NOTES for the slide.
:::

# A talk {duration=25 kind=presentation}

::: co-facilitator
MARKER-NOT-THEIRS: the facilitator leads this part alone.
:::

## The talk
- A point

::: notes
MARKER-SPEAKER-NOTES-TWO.
:::

# Sam closes {duration=15 kind=close lead=co-facilitator}

::: content-warning
MARKER-BLOCK-WARNING take care.
:::

::: activity
structure: MARKER-ACTIVITY
invitation: "MARKER-INVITATION"
space: A room.
participants: Everyone.
groups: Whole room.
steps:
  - {minutes: 15, do: "MARKER-STEP"}
:::
"""


@pytest.fixture
def marked(project):
    (project.content / "workshops" / "concepts.md").write_text(MARKED, encoding="utf-8")
    write_profile(project, "marked", PROFILE.format(name="Marked Trust", co="Jo", needs="[]", font="Arial"))
    return project


def test_facilitator_only_text_never_reaches_the_notes(marked):
    text = document_text(rendered(marked, "marked", "co-facilitator-notes")["concepts"])
    assert "MARKER-COFAC-OPENING" in text and "MARKER-WARNING-DAY" in text and "MARKER-BLOCK-WARNING" in text
    for private in ("MARKER-FACILITATOR-PRIVATE", "MARKER-REMOTE", "MARKER-MATERIALS", "MARKER-ACCESSIBILITY",
                    "MARKER-PARTICIPANTS", "MARKER-SPEAKER-NOTES", "MARKER-ACTIVITY", "MARKER-INVITATION",
                    "MARKER-STEP", "MARKER-NOT-THEIRS"):
        assert private not in text, private
    # the guide, by contrast, carries them all
    guide = document_text(rendered(marked, "marked", "facilitator-guide")["concepts"])
    for facilitator_text in ("MARKER-FACILITATOR-PRIVATE", "MARKER-REMOTE", "MARKER-MATERIALS",
                             "MARKER-SPEAKER-NOTES", "MARKER-STEP", "MARKER-COFAC-OPENING"):
        assert facilitator_text in guide, facilitator_text


def test_a_part_they_lead_alone_is_theirs(marked):
    doc = Document(rendered(marked, "marked", "co-facilitator-notes")["concepts"])
    table = rows(table_after(doc, "Your day at a glance"))
    assert table == [["10:00 to 10:20", "Opening together", "You and Robin Lee", "20"],
                     ["10:45 to 11:00", "Sam closes", "You", "15"]]
    text = reading_text(doc)
    assert "Hello Jo." in text
    assert "There are no written notes for this part yet. Ask Robin Lee" in text


def test_dyslexia_friendly_notes(project):
    write_profile(project, "dyslexic", PROFILE.format(name="Dyslexia Trust", co="Kit",
                                                      needs="[dyslexia-friendly]", font="Georgia"))
    path = rendered(project, "dyslexic", "co-facilitator-notes")["concepts"]
    doc = Document(path)
    normal = doc.styles["Normal"]
    assert normal.font.size.pt == 14 and normal.font.name == "Arial"  # not the brand's serif font
    assert normal.paragraph_format.line_spacing == 1.5
    for paragraph in doc.paragraphs:
        assert paragraph.alignment in (None, 0), paragraph.text  # left aligned
        for run in paragraph.runs:
            assert not effective(doc, paragraph, run, "italic"), paragraph.text
            assert effective(doc, paragraph, run, "name") == "Arial"
            assert effective(doc, paragraph, run, "size").pt >= 14
    with zipfile.ZipFile(path) as package:
        assert re.search(r'<w:background w:color="FFF8E7"', package.read("word/document.xml").decode())
        assert "<w:displayBackgroundShape/>" in package.read("word/settings.xml").decode()


def test_plain_notes_use_the_brand_font_at_fourteen_points(project):
    write_profile(project, "plain", PROFILE.format(name="Plain Trust", co="Ash", needs="[captions]", font="Verdana"))
    doc = Document(rendered(project, "plain", "co-facilitator-notes")["concepts"])
    assert doc.styles["Normal"].font.size.pt == 14 and doc.styles["Normal"].font.name == "Verdana"
    assert doc.element.find(qn("w:background")) is None  # no cream page unless asked for


def test_notes_without_a_name_do_not_say_none(project):
    write_profile(project, "nameless", "name: Nameless Trust\nco_facilitation: true\nworkshops: [concepts]\n")
    text = reading_text(Document(rendered(project, "nameless", "co-facilitator-notes")["concepts"]))
    assert "Hello." in text and "None" not in text and "Co-facilitating with the facilitator" in text


def test_notes_are_reproducible(project):
    pack = gather(project, "example")
    first, again = ([o.render() for o in writer_for("co-facilitator-notes").outputs(pack)] for _ in range(2))
    assert first and first == again


# ---- editing the shared text ---------------------------------------------------------------------------


def test_a_missing_or_misnamed_section_is_reported(project):
    folder = project.content / "co-facilitator"
    (folder / "wellbeing.md").rename(folder / "wellbeeing.md")
    with pytest.raises(FacilitationError) as error:
        gather_and_render(project)
    messages = [str(p) for p in error.value.problems]
    assert any(m.startswith("content/co-facilitator/wellbeeing.md:") and "did you mean 'wellbeing'" in m
               for m in messages), messages
    assert "content/co-facilitator/wellbeing.md: this section is missing (add content/co-facilitator/wellbeing.md)" \
        in messages


def test_a_template_mistake_names_the_file_and_line(project):
    path = project.content / "co-facilitator" / "payment.md"
    lines = path.read_text().splitlines()
    lines[3] = "Ask {{ charity.treasurer }} about money."
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["build", "example", "--root", str(project.root)])
    assert result.exit_code == 2
    assert "content/co-facilitator/payment.md:4: unknown name 'charity.treasurer'" in result.output
    assert "Traceback" not in result.output


def gather_and_render(project):
    pack = gather(project, "example")
    return [o.render() for o in writer_for("co-facilitator-notes").outputs(pack)]


def test_section_loader_on_strings():
    section = load_section("\n# Hello {{ charity.co_facilitator.name }}\n\nText for {{ charity.short_name }}.\n",
                           "content/co-facilitator/welcome.md", "welcome", CONTEXT)
    assert (section.title, section.body, section.line) == ("Hello Sam", "Text for Northside.", 2)
    with pytest.raises(FacilitationError, match=r"welcome.md:1: the file must start with a '# Title' line"):
        load_section("No heading here.\n", "content/co-facilitator/welcome.md", "welcome", CONTEXT)
    with pytest.raises(FacilitationError, match=r"welcome.md:3: only one '# ' heading"):
        load_section("# One\ntext\n# Two\n", "content/co-facilitator/welcome.md", "welcome", CONTEXT)
    with pytest.raises(FacilitationError, match=r"welcome.md:4: unknown name 'nope'"):
        load_section("# One\n\ntext\n{{ nope }}\n", "content/co-facilitator/welcome.md", "welcome", CONTEXT)
    found = load_section_folder({"a.md": "# A\nx", "b.md": "<!-- a comment\n-->\n# B\ny"}, "f", ("a", "b"), CONTEXT)
    assert found["b"].line == 3 and found["b"].body == "y"


def test_keyed_sections_on_strings():
    text = "<!-- note -->\n# captions: Captions\n- Book a captioner\n\n# bsl: BSL\n- Two interpreters\n"
    found = load_keyed_sections(text, "content/accessibility.md", ("captions", "bsl"), CONTEXT)
    assert found["bsl"].title == "BSL" and found["captions"].body == "- Book a captioner"
    with pytest.raises(FacilitationError) as error:
        load_keyed_sections("# caption: C\nx\n# Plain heading\ny\n# bsl: A\n# bsl: B\n", "a.md", ("captions", "bsl"),
                            CONTEXT)
    assert [str(p) for p in error.value.problems] == [
        "a.md:1: unknown key 'caption' (did you mean 'captions'?)",
        "a.md:3: heading '# Plain heading' must be '# key: Title' (e.g. '# large-print: Large print')",
        "a.md:6: 'bsl' is given twice (first on line 5)"]


# ---- readability -------------------------------------------------------------------------------------


def test_reading_ease_tells_plain_from_hard_text():
    assert syllables("cat") == 1 and syllables("everyone") == 3 and syllables("co-facilitator") == 6
    plain = "The cat sat on the mat. It was a sunny day and everyone was happy."
    assert measure(plain).sentences == 2 and measure(plain).words == 15
    assert round(reading_ease(plain), 1) == 92.1
    hard = ("Organisational transformation necessitates comprehensive institutionalisation of participatory "
            "methodologies, notwithstanding considerable implementation complexities.")
    assert reading_ease(hard) < 0
    # each line of a list counts as a sentence; times and numbers are not words
    assert measure("- Say hello\n- Sit down\n09:30 to 10:00").sentences == 3
    assert measure("09:30 to 10:00").words == 1
