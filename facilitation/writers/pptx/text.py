"""Filling python-pptx text frames from the model's runs, lists and notes (XML details live here)."""

from __future__ import annotations

import re

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Pt

from facilitation.content.markdown import parse_inline
from facilitation.model import BulletList, ListItem, Paragraph, Run, Runs

_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")


def add_runs(paragraph, runs: Runs, size: int | None = None, colour=None) -> None:
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


def _ppr(paragraph):
    return paragraph._p.get_or_add_pPr()


def no_bullet(paragraph) -> None:
    ppr = _ppr(paragraph)
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    for old in ppr.findall(qn("a:buNone")) + ppr.findall(qn("a:buAutoNum")) + ppr.findall(qn("a:buChar")):
        ppr.remove(old)
    ppr.insert(0, etree.SubElement(ppr, qn("a:buNone")))


NUMBER_INDENT = "457200"  # half an inch: room for "10." at body sizes (the bullet's indent is narrower)


def numbered(paragraph, start: int = 1) -> None:
    ppr = _ppr(paragraph)
    ppr.set("marL", NUMBER_INDENT)
    ppr.set("indent", "-" + NUMBER_INDENT)
    auto = etree.SubElement(ppr, qn("a:buAutoNum"))
    auto.set("type", "arabicPeriod")
    if start != 1:
        auto.set("startAt", str(start))


class TextFiller:
    """Appends paragraphs to a text frame, reusing its first empty paragraph."""

    def __init__(self, frame):
        self.frame = frame
        self.used = False

    def paragraph(self):
        if not self.used:
            self.used = True
            paragraph = self.frame.paragraphs[0]
            for run in list(paragraph.runs):
                paragraph._p.remove(run._r)
            return paragraph
        return self.frame.add_paragraph()

    def list(self, element: BulletList, size: int | None = None) -> None:
        for item in element.items:
            paragraph = self.paragraph()
            paragraph.level = item.level
            if element.numbered and item.level == 0:
                numbered(paragraph)
            add_runs(paragraph, item.runs, size)

    def text(self, element: Paragraph, size: int | None = None, bullet: bool = False) -> None:
        paragraph = self.paragraph()
        if not bullet:
            no_bullet(paragraph)
        add_runs(paragraph, element.runs, size)

    def plain(self, text: str, size: int | None = None, bold: bool = False) -> None:
        paragraph = self.paragraph()
        no_bullet(paragraph)
        run = paragraph.add_run()
        run.text = text
        if bold:
            run.font.bold = True
        if size:
            run.font.size = Pt(size)


def fill_notes(frame, markdown: str) -> None:
    """Speaker notes from Markdown: paragraphs, bullet lists (shown with •) and emphasis kept."""
    filler = TextFiller(frame)
    paragraph_lines: list[str] = []

    def flush() -> None:
        if paragraph_lines:
            add_runs(filler.paragraph(), parse_inline(" ".join(paragraph_lines)))
            paragraph_lines.clear()

    for line in markdown.splitlines():
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            paragraph = filler.paragraph()
            paragraph.level = 1 if len(item.group(1)) >= 2 else 0
            add_runs(paragraph, (Run("• "),) + parse_inline(item.group(2)))
        elif not line.strip():
            flush()
        else:
            paragraph_lines.append(line.strip())
    flush()


def list_from_lines(lines: list[str]) -> BulletList:
    return BulletList(tuple(ListItem(parse_inline(line)) for line in lines))
