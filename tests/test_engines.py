"""The PowerPoint and Word engines' fast paths give the same files as python-pptx's and
python-docx's own ways: a deck or document reopened, saved both ways, compared byte for byte."""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from pptx import Presentation

from facilitation.writers.docx.text import new_document, package_members as docx_members
from facilitation.writers.ooxml import normalise_zip, package_zip
from facilitation.writers.pptx.oxml import SlideFactory, package_members as pptx_members
from helpers import ROOT

WHEN = datetime(2027, 3, 2, 9, 30)


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), WHEN)


def test_a_deck_zipped_once_matches_python_pptx_save():
    prs = Presentation(str(ROOT / "templates" / "deck.pptx"))
    for layout in list(prs.slide_layouts)[:3]:
        slide = prs.slides.add_slide(layout)
        slide.notes_slide.notes_text_frame.text = "Say hello."
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    for n in range(11):  # relationships numbered past rId9, and an external one, written as python-pptx does
        slide.part.relate_to(f"https://example.org/{n}?a=1&b=<2>", RT.HYPERLINK, is_external=True)
    assert package_zip(pptx_members(prs), WHEN) == saved(prs)


def test_a_document_zipped_once_matches_python_docx_save():
    doc = new_document(ROOT / "templates", "Verdana", 14, {"Title": 24})
    doc.add_paragraph("Bring a pen.")
    assert package_zip(docx_members(doc), WHEN) == saved(doc)


def test_copied_slides_and_notes_are_the_ones_python_pptx_makes():
    """Slides from one layout and their notes: python-pptx's add_slide and notes_slide for every
    slide, against the factory, which copies the first of each."""
    def deck(make_slide, make_notes) -> bytes:
        prs = Presentation(str(ROOT / "templates" / "deck.pptx"))
        layouts = list(prs.slide_layouts)
        for n in range(7):
            slide = make_slide(prs, layouts[n % 3])
            if n != 3:  # a slide with no notes: the numbering of notes parts must still agree
                make_notes(prs, slide).notes_text_frame.text = f"Notes {n}"
        return package_zip(pptx_members(prs), WHEN)

    factories: dict = {}

    def factory(prs):
        return factories.setdefault(id(prs), SlideFactory(prs))

    theirs = deck(lambda prs, layout: prs.slides.add_slide(layout), lambda prs, slide: slide.notes_slide)
    ours = deck(lambda prs, layout: factory(prs).add_slide(layout), lambda prs, slide: factory(prs).notes_slide(slide))
    assert ours == theirs
    reopened = Presentation(io.BytesIO(ours))
    assert [s.notes_slide.notes_text_frame.text for s in reopened.slides if s.has_notes_slide] == \
        [f"Notes {n}" for n in range(7) if n != 3]
    assert len({shape.shape_id for shape in reopened.slides[4].shapes}) == len(reopened.slides[4].shapes)


def test_a_restyled_document_reopened_from_its_bytes_is_restyled():
    first = new_document(ROOT / "templates", "Verdana", 15, {"Title": 26})
    second = new_document(ROOT / "templates", "Verdana", 15, {"Title": 26})
    assert first is not second
    first.add_paragraph("only in the first")
    assert "only in the first" not in [p.text for p in second.paragraphs]
    assert second.styles["Normal"].font.name == "Verdana" and second.styles["Normal"].font.size.pt == 15
    assert Document(io.BytesIO(package_zip(docx_members(second), WHEN))).styles["Title"].font.size.pt == 26


def test_tables_and_paragraphs_made_quickly_are_the_ones_python_docx_makes():
    """add_table copies its first body row, add_paragraph skips python-docx's scan for the section:
    the XML is python-docx's own, cell by cell and paragraph by paragraph."""
    from docx.oxml import OxmlElement

    from facilitation.writers.docx.oxml import add_text_run, set_cell_text
    from facilitation.writers.docx.text import add_paragraph, add_table, set_column_widths

    header, rows = ["When", "What", "Who"], [["10:00", "Welcome\tand tea", "Sam"], ["10:15", " Ladder ", ""]]
    for widths in (None, [3.0, 10.0, 4.0]):
        quick, slow = Document(), Document()
        add_table(quick, header, rows, widths)
        add_paragraph(quick).add_run("after the table")
        table = slow.add_table(rows=1, cols=3)
        table.style = slow.styles["Table Grid"]
        for cell, text in zip(table.rows[0].cells, header):
            set_cell_text(cell, "")
            add_text_run(cell.paragraphs[0], text, bold=True)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for values in rows:
            for cell, text in zip(table.add_row().cells, values):
                cell.text = text
        if widths:  # after the rows, as add_table did before it copied them
            set_column_widths(table, widths)
        slow.add_paragraph().add_run("after the table")
        assert quick.element.body.xml == slow.element.body.xml


def test_a_styled_paragraph_made_quickly_is_the_one_python_docx_makes():
    from facilitation.writers.docx.text import add_heading, add_styled

    quick, slow = Document(), Document()
    add_heading(quick, "Before you start", level=2)
    add_styled(quick, "A quote", "Quote")
    add_styled(quick, "Plain words")
    slow.add_paragraph("Before you start", style="Heading 2")
    slow.add_paragraph("A quote", style="Quote")
    slow.add_paragraph("Plain words")
    assert quick.element.body.xml == slow.element.body.xml


def test_a_deck_saved_with_its_templates_parts_as_read_is_the_deck_serialized_afresh():
    """A deck reuses the bytes of the template parts drawing leaves alone (layouts, themes, pictures):
    the same file as serializing every part, also when a layout is added to the master as the
    report-back does, and when the template is reopened from its prepared bytes."""
    from facilitation.writers.pptx.layouts import Placeholder, add_layout
    from facilitation.writers.pptx.slides import DeckBuilder

    def builder() -> DeckBuilder:
        return DeckBuilder(ROOT / "templates" / "deck.pptx", primary="#2B4C7E", secondary="#F2C14E",
                           font="Verdana", content_root=ROOT / "content", logo=None)

    for deck in (builder(), builder()):  # the second reopens what the first prepared
        deck.title_slide("A title", ["Northside", "9 March"], notes="Welcome everyone.")
        deck.section("A break", ["10:30–10:45"])
        add_layout(deck.prs, "Added", [Placeholder("title", 0, "Title", 0, 0, 9144000, 1000000, 40)])
        assert deck._unchanged and not any(name.startswith("ppt/slideMasters/") for name in deck._unchanged)
        assert package_zip(pptx_members(deck.prs, deck._unchanged), WHEN) == package_zip(pptx_members(deck.prs), WHEN)


def test_runs_and_paragraphs_made_quickly_are_the_ones_python_pptx_makes():
    """Text frames filled by the deck writer (its own XML for runs, levels and new paragraphs)
    against python-pptx's add_run, run.text, font and level setters, element by element."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    from facilitation.model import BulletList, ListItem, Paragraph, Run
    from facilitation.writers.pptx.text import TextFiller, _set_level, add_runs, no_bullet

    runs = (Run("Plain, "), Run("bold", bold=True), Run(" and "), Run("both", bold=True, italic=True),
            Run("code()", code=True), Run(""), Run("bell\x07 and tab\t"))

    def by_python_pptx(frame, size=None, colour=None):
        for n, level in enumerate((0, 1, 0)):
            paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            paragraph.level = level
            for part in runs:
                run = paragraph.add_run()
                run.text = part.text
                if part.bold:
                    run.font.bold = True
                if part.italic:
                    run.font.italic = True
                if part.code:
                    run.font.name = "Courier New"
                if size:
                    run.font.size = Pt(size)
                if colour is not None:
                    run.font.color.rgb = colour
        paragraph = frame.add_paragraph()
        no_bullet(paragraph)
        run = paragraph.add_run()
        run.text = "A plain line"
        run.font.bold = True
        run.font.size = Pt(20)

    def ours(frame, size=None, colour=None):
        filler = TextFiller(frame)
        for level in (0, 1, 0):
            paragraph = filler.paragraph()
            _set_level(paragraph, level)
            add_runs(paragraph, runs, size, colour)
        filler.plain("A plain line", size=20, bold=True)

    for size, colour in ((None, None), (18, None), (24, RGBColor(0x12, 0x34, 0x56))):
        prs = Presentation(str(ROOT / "templates" / "deck.pptx"))
        layout = prs.slide_layouts[1]
        theirs, mine = prs.slides.add_slide(layout), prs.slides.add_slide(layout)
        by_python_pptx(theirs.placeholders[1].text_frame, size, colour)
        ours(mine.placeholders[1].text_frame, size, colour)
        assert mine.placeholders[1].text_frame._txBody.xml == theirs.placeholders[1].text_frame._txBody.xml
    filled = prs.slides.add_slide(layout).placeholders[1].text_frame
    TextFiller(filled).list(BulletList((ListItem((Run("one"),)), ListItem((Run("sub"),), level=1))))
    TextFiller(filled).text(Paragraph((Run("again"),)))
    assert [(p.level, p.text) for p in filled.paragraphs] == [(0, "again"), (1, "sub")]


def test_decks_drawn_one_after_another_are_the_deck_drawn_first():
    """The second deck from a template reuses the first's cloned placeholders: it must be the file
    a fresh process would draw, layout by layout."""
    from facilitation.model import BulletList, ListItem, Run, Slide
    from facilitation.writers.pptx import slides as engine

    def deck() -> bytes:
        builder = engine.DeckBuilder(ROOT / "templates" / "deck.pptx", primary="#2B4C7E", secondary="#F2C14E",
                                     font="Arial", content_root=ROOT / "content")
        builder.title_slide("A title", ["Northside"], notes="Hello.")
        builder.section("A break", ["10:30–10:45"])
        builder.columns("The day", ["09:30  Welcome"], ["12:30  Lunch"])
        builder.content(Slide("points", "Points", "Title and Content",
                              (BulletList((ListItem((Run("one"),)), ListItem((Run("two"),)))),), (), 1))
        return builder.save(title="t", author="a", subject="s", when=WHEN)

    engine._CLONES.clear()
    first = deck()
    assert engine._CLONES and deck() == first


def test_a_title_set_quickly_is_the_one_python_pptx_sets():
    from facilitation.writers.pptx.text import set_text

    prs = Presentation(str(ROOT / "templates" / "deck.pptx"))
    for title in ("Plain", "Two\nlines", "Soft\vbreak and \x07 bell", "", "\n", "Trailing\v"):
        theirs, ours = (prs.slides.add_slide(prs.slide_layouts[0]).shapes.title for _ in range(2))
        theirs.text = title
        set_text(ours._element.txBody, title)
        assert ours._element.txBody.xml == theirs._element.txBody.xml, repr(title)


def test_empty_placeholders_are_dropped_as_python_pptx_would_find_them():
    """A content slide's placeholders left without text go (not the title, not a filled one)."""
    from lxml import etree

    from facilitation.writers.pptx.slides import _drop_empty_placeholders

    def slide_with(prs):
        slide = prs.slides.add_slide(prs.slide_layouts[3])  # two bodies beside the title
        holders = [shape for shape in slide.placeholders if shape.placeholder_format.idx != 0]
        holders[0].text_frame.text = " \v "  # only spaces and a break: empty
        if len(holders) > 1:
            holders[1].text_frame.text = "kept"
        no_text = etree.fromstring(etree.tostring(holders[0]._element))  # a placeholder with no text body
        no_text.remove(no_text.find("{http://schemas.openxmlformats.org/presentationml/2006/main}txBody"))
        no_text.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}ph").set("idx", "40")
        slide.shapes._spTree.append(no_text)
        return slide

    prs = Presentation(str(ROOT / "templates" / "deck.pptx"))
    theirs, ours = slide_with(prs), slide_with(prs)
    for shape in list(theirs.placeholders):  # the deck writer's old way, through python-pptx
        if shape.placeholder_format.idx != 0 and shape.has_text_frame and not shape.text_frame.text.strip():
            shape._element.getparent().remove(shape._element)
    _drop_empty_placeholders(ours)
    assert ours.shapes._spTree.xml == theirs.shapes._spTree.xml
    assert [shape.text_frame.text for shape in ours.placeholders] == ["", "kept"]  # the title, the filled body
