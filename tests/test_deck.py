"""Reopen the built decks and check what a participant and a facilitator would see."""

from __future__ import annotations

import json
import shutil

from PIL import Image as PILImage
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from facilitation.build import build


def deck(project, slug: str, workshop: str) -> Presentation:
    manifest = json.loads((project.build / slug / "manifest.json").read_text())
    entry = next(o for o in manifest["outputs"] if o["kind"] == "deck" and o["workshop"] == workshop)
    return Presentation(str(project.build / slug / entry["path"]))


def test_concepts_deck_has_titles_and_notes_on_every_slide(example_pack):
    project, _ = example_pack
    prs = deck(project, "example", "concepts")
    titles = [s.shapes.title.text for s in prs.slides]
    assert len(titles) >= 15
    assert all(t.strip() for t in titles)
    assert len(titles) == len(set(titles)), "slide titles must be unique"
    for slide in prs.slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), slide.shapes.title.text


def test_title_slide_and_tailoring(example_pack):
    project, _ = example_pack
    prs = deck(project, "example", "concepts")
    first = prs.slides[0]
    assert first.slide_layout.name == "Title Slide"
    assert first.shapes.title.text == "Workshop one: Concepts"
    subtitle = first.placeholders[1].text_frame.text
    assert "Northside Recovery Trust" in subtitle and "09:30–16:00" in subtitle
    text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert "{{" not in text and "{%" not in text
    assert "Northside" in text


def test_text_lives_in_placeholders(example_pack):
    """Apart from native diagrams and pictures, slide text is in the layout's placeholders."""
    project, _ = example_pack
    prs = deck(project, "example", "concepts")
    for slide in prs.slides:
        if slide.slide_layout.name == "Title Only":
            continue  # diagrams are drawn as shapes
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert shape.is_placeholder, (slide.shapes.title.text, shape.name)


def test_the_ladder_is_drawn_as_editable_shapes(example_pack):
    project, _ = example_pack
    prs = deck(project, "example", "concepts")
    ladders = [s for s in prs.slides if s.slide_layout.name == "Title Only"
               and any(sh.has_text_frame and sh.text_frame.text == "Co-production" for sh in s.shapes)]
    assert ladders, "the TLAP ladder slide is missing"
    shapes = [sh for sh in ladders[0].shapes if sh.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    assert len(shapes) >= 7
    assert not [sh for sh in ladders[0].shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_branding_goes_into_the_theme(project):
    profile = project.content / "charities" / "example.yaml"
    profile.write_text(profile.read_text().replace('primary: "#1F4E79"', 'primary: "#FFE066"'))
    build(project, "example")
    prs = deck(project, "example", "concepts")
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob.decode()
    # a pale yellow cannot carry white text: the brand colour is darkened until it reaches 4.5:1
    assert "FFE066" not in theme.split("<a:dk2>")[1].split("</a:dk2>")[0]
    from facilitation.colour import contrast
    dk2 = theme.split("<a:dk2>")[1].split('val="')[1][:6]
    assert contrast("#" + dk2, "#FFFFFF") >= 4.5


def test_images_get_alt_text_not_a_path(project):
    (project.content / "images").mkdir(exist_ok=True)
    PILImage.new("RGB", (400, 300), (31, 78, 121)).save(project.content / "images" / "ladder.png")
    concepts = project.content / "workshops" / "concepts.md"
    text = concepts.read_text()
    marker = text.index("\n## ", text.index("\n# ")) + 1
    slide = '## A picture of a ladder\n![A ladder of participation](images/ladder.png)\n\n::: notes\nLook.\n:::\n\n'
    concepts.write_text(text[:marker] + slide + text[marker:])
    build(project, "example")
    prs = deck(project, "example", "concepts")
    slide = next(s for s in prs.slides if s.shapes.title.text == "A picture of a ladder")
    pictures = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == "A ladder of participation"


def test_two_builds_are_byte_identical(project):
    first = build(project, "example")
    hashes = {w.path: (project.build / "example" / w.path).read_bytes() for w in first.files}
    shutil.rmtree(project.build)
    build(project, "example")
    for path, data in hashes.items():
        assert (project.build / "example" / path).read_bytes() == data, path


def test_every_slide_shows_the_logo_from_its_layout_and_a_slide_number(example_pack):
    project, _ = example_pack
    prs = deck(project, "example", "concepts")
    for number, slide in enumerate(prs.slides, start=1):
        logos = [sh for sh in slide.slide_layout.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert [p._element.nvPicPr.cNvPr.get("descr") for p in logos] == ["Northside Recovery Trust logo"]
        assert not [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE
                    and "logo" in (sh._element.nvPicPr.cNvPr.get("descr") or "")]
        fields = slide._element.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}fld")
        assert [f.get("type") for f in fields] == ["slidenum"], slide.shapes.title.text
        assert fields[0].find("{http://schemas.openxmlformats.org/drawingml/2006/main}t").text.isdigit()
