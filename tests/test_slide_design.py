"""The slides as the room sees them: sizes for large print, short slides, the secondary colour."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from pptx import Presentation

from facilitation.colour import text_on
from facilitation.writers.pptx.style import DeckStyle

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def concepts_deck(project) -> Presentation:
    manifest = json.loads((project.build / "example" / "manifest.json").read_text())
    entry = next(o for o in manifest["outputs"] if o["kind"] == "deck" and o["workshop"] == "concepts")
    return Presentation(str(project.build / "example" / entry["path"]))


def sizes(prs, slide, shape) -> list[float]:
    style = DeckStyle(prs)
    return [span.size for para in style.shape_text(slide, shape._element, []).paras for span in para.spans
            if span.text.strip()]


def test_short_slides_use_larger_type_or_sit_in_the_middle(example_pack):
    project, _ = example_pack
    prs = concepts_deck(project)
    short = [s for s in prs.slides if s.slide_layout.name == "Title and Content" and s.shapes.title.text == "Who is in the room"]
    assert short
    body = next(sh for sh in short[0].placeholders if sh.placeholder_format.idx == 1)
    anchor = body.text_frame._txBody.bodyPr.get("anchor")
    assert min(sizes(prs, short[0], body)) > 26 or anchor == "ctr"


def test_section_slides_are_in_the_secondary_colour_with_readable_text(example_pack):
    project, _ = example_pack
    prs = concepts_deck(project)
    sections = [s for s in prs.slides if s.slide_layout.name == "Section Header"]
    assert sections
    style = DeckStyle(prs)
    theme_secondary = style.theme(prs.slide_master).slot("accent2")
    for slide in sections:
        assert style.background(slide) == theme_secondary
        title = slide.shapes.title
        colours = {span.colour for para in style.shape_text(slide, title._element, []).paras for span in para.spans}
        assert colours == {text_on(theme_secondary)}


def test_large_print_titles_and_body_text(example_pack):
    """The example charity asks for large print."""
    project, _ = example_pack
    prs = concepts_deck(project)
    for slide in prs.slides:
        if slide.slide_layout.name != "Title and Content":
            continue
        assert min(sizes(prs, slide, slide.shapes.title)) >= 40, slide.shapes.title.text
        body = next((sh for sh in slide.placeholders if sh.placeholder_format.idx == 1 and sh.has_text_frame), None)
        if body is not None and body.text_frame.text.strip():
            assert min(sizes(prs, slide, body)) >= 28, slide.shapes.title.text


@pytest.mark.slow
def test_libreoffice_shows_every_slide(example_pack, tmp_path):
    project, _ = example_pack
    path = next((project.build / "example" / "decks").glob("concepts.pptx"))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=300)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "concepts.pdf").read_bytes()))
    assert pages == len(Presentation(str(path)).slides)
