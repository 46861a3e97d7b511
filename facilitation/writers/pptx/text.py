"""Filling python-pptx text frames from the model's runs, lists and notes (XML details live here)."""

from __future__ import annotations

import re

from lxml import etree
from pptx.oxml import oxml_parser
from pptx.oxml.ns import qn
from pptx.text.text import _Run
from pptx.util import Pt

from facilitation.content.markdown import parse_inline
from facilitation.model import BulletList, ListItem, Paragraph, Run, Runs

_P = qn("a:p")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$")


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NSMAP = {"a": _A}
_R, _T, _RPR, _PPR, _END, _BR = (f"{{{_A}}}{tag}" for tag in ("r", "t", "rPr", "pPr", "endParaRPr", "br"))
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")  # python-pptx writes these as _xHHHH_


def _element(tag: str):
    """python-pptx's OxmlElement(tag): its own element class, with the `a:` prefix."""
    return oxml_parser.makeelement(tag, nsmap=_NSMAP)


def _p(paragraph):
    """The a:p of a python-pptx paragraph, or the a:p itself."""
    return getattr(paragraph, "_p", paragraph)


def _add_run(p, text: str, bold: bool = False, italic: bool = False, size: int | None = None):
    """paragraph.add_run(), run.text, then font.bold, font.italic and font.size as python-pptx
    sets them: the same XML, without its wrappers (a pack has thousands of runs)."""
    r = _element(_R)
    t = _element(_T)
    r.append(t)
    t.text = _CONTROL.sub(lambda match: "_x%04X_" % ord(match.group(1)), text)
    if bold or italic or size:
        properties = _element(_RPR)
        for on, name, value in ((bold, "b", "1"), (italic, "i", "1"), (size, "sz", str(int(Pt(size or 0).centipoints)))):
            if on:
                properties.set(name, value)
        r.insert(0, properties)
    end = p.find(_END)
    if end is not None:
        end.addprevious(r)
    else:
        p.append(r)
    return r


def add_runs(paragraph, runs: Runs, size: int | None = None, colour=None) -> None:
    p = _p(paragraph)
    for part in runs:
        if part.code or colour is not None:  # a font or a colour: python-pptx places their elements
            run = _Run(_add_run(p, part.text, bool(part.bold), bool(part.italic)), None)
            if part.code:
                run.font.name = "Courier New"
            if size:
                run.font.size = Pt(size)
            if colour is not None:
                run.font.color.rgb = colour
        else:
            _add_run(p, part.text, bool(part.bold), bool(part.italic), size)


def _ppr(paragraph):
    p = _p(paragraph)
    ppr = p.find(_PPR)
    if ppr is None:  # the first child, as python-pptx places it
        ppr = _element(_PPR)
        p.insert(0, ppr)
    return ppr


def _set_level(paragraph, level: int) -> None:
    """paragraph.level = level: level 0 is the default, so no attribute (but a pPr all the same)."""
    ppr = _ppr(paragraph)
    if level:
        ppr.set("lvl", str(level))
    elif "lvl" in ppr.attrib:
        del ppr.attrib["lvl"]


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


def set_text(body, text: str) -> None:
    """text_frame.text = text on a text body (a:txBody): a paragraph for each line, a line break
    for each vertical tab, written as python-pptx writes them."""
    for p in body.findall(_P):
        body.remove(p)
    for line in text.split("\n"):
        p = _element(_P)
        body.append(p)
        for n, piece in enumerate(re.split("\v", line)):
            if n:
                p.append(_element(_BR))
            if piece:
                _add_run(p, piece)


class TextFiller:
    """Appends paragraphs (a:p elements) to a text frame, reusing its first empty paragraph."""

    def __init__(self, frame):
        self.body = frame._txBody
        self.used = False

    def paragraph(self):
        if not self.used:
            self.used = True
            p = self.body.find(_P)
            for run in p.findall(_R):
                p.remove(run)
            return p
        p = _element(_P)
        self.body.append(p)
        return p

    def list(self, element: BulletList, size: int | None = None) -> None:
        for item in element.items:
            paragraph = self.paragraph()
            _set_level(paragraph, item.level)
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
        _add_run(paragraph, text, bold=bold, size=size)


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
            _set_level(paragraph, 1 if len(item.group(1)) >= 2 else 0)
            add_runs(paragraph, (Run("• "),) + parse_inline(item.group(2)))
        elif not line.strip():
            flush()
        else:
            paragraph_lines.append(line.strip())
    flush()


def list_from_lines(lines: list[str]) -> BulletList:
    return BulletList(tuple(ListItem(parse_inline(line)) for line in lines))
