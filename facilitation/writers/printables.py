"""The `printables` writer: the cards and sheets a workshop's materials list names, to print (DOCX).

One document per workshop that has content/printables/<workshop>.md. Each printable starts on a
new page with how many to print; cards follow one to a page in large print, so they can be read
across a table or from a wall; sheets keep their tables, with empty rows tall enough to write in.
"""

from __future__ import annotations

from typing import Iterable

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm, Pt

from facilitation.i18n import labels_for
from facilitation.model import Pack, Printable, Printables
from facilitation.plan.audience import PARTICIPANTS
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.text import (add_heading, add_markdown, add_page_numbers, add_styled, add_table,
                                            new_document, save)

SIZES = {"Title": 24, "Heading 1": 18}
CARD_TITLE_PT, CARD_TEXT_PT = 36, 24
PAGE_WIDTH_CM = 17.0


def body_size(profile) -> int:
    """12 pt, or 14 pt when the charity asks for large print."""
    return 14 if "large-print" in profile.accessibility else 12


def printables_path(workshop_id: str) -> str:
    return f"printables/{workshop_id}-printables.docx"


def is_rule(row: list[str]) -> bool:
    """The |---|---| line under a Markdown table's header."""
    return all(cell and set(cell) <= set("-: ") for cell in row)


def split_tables(markdown: str) -> list[tuple[str, object]]:
    """("text", markdown) and ("table", (header, rows)) pieces, in order."""
    pieces: list[tuple[str, object]] = []
    for line in markdown.splitlines():
        is_row = line.lstrip().startswith("|")
        kind = "table" if is_row else "text"
        if not pieces or pieces[-1][0] != kind:
            pieces.append((kind, []))
        pieces[-1][1].append(line)
    result = []
    for kind, lines in pieces:
        if kind == "text":
            result.append(("text", "\n".join(lines).strip()))
            continue
        cells = [[c.strip() for c in l.strip().strip("|").split("|")] for l in lines]
        cells = [row for row in cells if not is_rule(row)]
        result.append(("table", (cells[0], cells[1:])))
    return [piece for piece in result if piece[1]]


def _sheet(doc, markdown: str) -> None:
    for kind, piece in split_tables(markdown):
        if kind == "text":
            add_markdown(doc, piece)
            continue
        header, rows = piece
        width = PAGE_WIDTH_CM / len(header)
        table = add_table(doc, header, [row + [""] * (len(header) - len(row)) for row in rows],
                          widths=[width] * len(header))
        for row in table.rows[1:]:
            if not all(cell.text for cell in row.cells):  # space to write in
                row.height, row.height_rule = Cm(2.2), WD_ROW_HEIGHT_RULE.AT_LEAST


def _card(doc, title: str, body: str) -> None:
    """One card to a page, its title and text large enough to read across a table."""
    heading = add_heading(doc, title, level=1)
    heading.paragraph_format.page_break_before = True
    for run in heading.runs:
        run.font.size = Pt(CARD_TITLE_PT)
    before = len(doc.paragraphs)
    add_markdown(doc, body)
    for paragraph in doc.paragraphs[before:]:
        paragraph.paragraph_format.space_after = Pt(12)
        for run in paragraph.runs:
            run.font.size = Pt(CARD_TEXT_PT)


def how_to_print(printable: Printable) -> str:
    """The printable's first paragraph: how many copies, on what paper."""
    return next((piece.split("\n\n")[0].replace("\n", " ") for kind, piece in split_tables(printable.body)
                 if kind == "text"), "")


def _printable(doc, printable: Printable) -> None:
    if printable.cards:  # the cards are the pages; the contents table says how to print them
        for card in printable.cards:
            _card(doc, card.title, card.body)
        return
    add_heading(doc, printable.title, level=1).paragraph_format.page_break_before = True
    _sheet(doc, printable.body)


def build_printables(pack: Pack, printables: Printables):
    _ = labels_for(pack.profile)
    doc = new_document(pack.templates, pack.profile.branding.font, body_size(pack.profile), SIZES)
    add_styled(doc, printables.title, "Title")
    doc.add_paragraph(_("For {charity}. Print what you need before the day.").format(charity=pack.profile.name))
    rows = []
    for p in printables.items:
        pages = _("{count} cards, one to a page").format(count=len(p.cards)) if p.cards else _("A sheet")
        rows.append([p.title, pages, how_to_print(p)])
    add_table(doc, [_("Printable"), _("Pages"), _("How to print")], rows, widths=[4.5, 3.5, 9.0])
    for printable in printables.items:
        _printable(doc, printable)
    add_page_numbers(doc, f"{printables.title} · {pack.profile.short_name}")
    return doc


@register
class PrintablesWriter(Writer):
    kind = "printables"
    audience = PARTICIPANTS

    def outputs(self, pack: Pack) -> Iterable[Output]:
        for workshop in pack.workshops:
            printables = pack.printables.get(workshop.id)
            if printables is None or not printables.items:
                continue

            def render(printables=printables) -> bytes:
                return save(build_printables(pack, printables), title=printables.title, author="Involvement Team",
                            subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, printables_path(workshop.id), render, workshop=workshop.id)
