"""A long charity name in a wide font: titles are measured and fitted at build time, so the build
never publishes a deck its own check rejects (issue 17)."""

from __future__ import annotations

from pptx import Presentation
from pptx.util import Pt

from helpers import copy_project
from facilitation.build import build
from facilitation.check.outputs import check_build

LONG = """name: Ymddiriedolaeth Gofalwyr Ifanc a Theuluoedd Cwm Rhondda a Merthyr Tudful
short_name: Gofalwyr Ifanc Cwm Rhondda a Merthyr
nation: wales
branding: {font: Verdana}
workshops: [concepts, planning]
schedule: {start_date: 2027-03-02}
"""


def test_long_titles_in_verdana_shrink_and_wrap_to_fit(tmp_path):
    project = copy_project(tmp_path)
    (project.content / "charities" / "cwm.yaml").write_text(LONG, "utf-8")
    build(project, "cwm")
    findings, _ = check_build(project, "cwm", schema=False)
    assert [f for f in findings if f.rule in ("overflow", "min-font")] == []
    prs = Presentation(str(project.build / "cwm" / "decks" / "concepts.pptx"))
    welcome = next(s for s in prs.slides if s.shapes.title.text.startswith("Welcome, Gofalwyr"))
    sizes = {r.font.size for p in welcome.shapes.title.text_frame.paragraphs for r in p.runs}
    # the title box holds two lines, so it wraps at the layout's size or shrinks, never below 18 pt
    assert sizes and all(size is None or Pt(18) <= size < Pt(32) for size in sizes)
    # a title that fits keeps the layout's size: nothing is set on it
    assert all(r.font.size is None for r in prs.slides[1].shapes.title.text_frame.paragraphs[0].runs)


LARGE_PRINT_ONLINE = """name: Cymdeithas Gofalwyr Ifanc Cymoedd y De-orllewin
short_name: Cymdeithas
nation: wales
languages: [cy, en]
people_term: People with Lived Experience of the NHS
branding: {font: Verdana}
delivery: remote
remote: {max_session_minutes: 45}
workshops: [debrief]
schedule: {start_date: 2027-03-01, start_time: "18:30"}
accessibility: [large-print]
"""


def test_a_long_invitation_in_large_print_shrinks_to_fit_its_section_slide(tmp_path):
    """An activity's slide shows its invitation, which names the charity's people: long, in
    Verdana at large print's 28 pt, it shrinks (never below 18 pt) rather than run off the slide."""
    project = copy_project(tmp_path)
    (project.content / "charities" / "cymdeithas.yaml").write_text(LARGE_PRINT_ONLINE, "utf-8")
    build(project, "cymdeithas")
    findings, _ = check_build(project, "cymdeithas", schema=False)
    assert [f for f in findings if f.rule in ("overflow", "min-font") and "/debrief/" in f.path] == []
    shrunk = []
    for deck in sorted((project.build / "cymdeithas" / "remote" / "debrief").glob("*.pptx")):
        for slide in Presentation(str(deck)).slides:
            if slide.slide_layout.name == "Section Header" and "People with Lived Experience" in slide.shapes[1].text_frame.text:
                shrunk += [r.font.size for p in slide.shapes[1].text_frame.paragraphs for r in p.runs]
    assert shrunk and all(size is not None and Pt(18) <= size < Pt(28) for size in shrunk)
