"""python-docx's slow paths for runs and cells, made cheap, with the same XML as a result.

python-docx writes a run's text one character at a time (to turn tabs and line breaks into
their own elements) and clears a new run or cell with an XPath query first; a pack has some
fifteen thousand runs. Text without tabs or breaks is written here in one step, exactly as
python-docx would write it; text with them still goes through python-docx.
"""

from __future__ import annotations

from functools import lru_cache

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser

_SPECIAL = ("\t", "\r", "\n")  # python-docx turns these into w:tab and w:br
_TC_PR, _PRESERVE = qn("w:tcPr"), qn("xml:space")


@lru_cache(maxsize=None)
def _tag(prefixed: str) -> tuple[str, dict[str, str]]:
    tag = NamespacePrefixedTag(prefixed)
    return tag.clark_name, tag.nsmap


def new_element(prefixed: str):
    """python-docx's `OxmlElement(prefixed)`, the same element, without working out the tag's
    namespace again for each of a pack's tens of thousands of elements."""
    clark, nsmap = _tag(prefixed)
    return oxml_parser.makeelement(clark, nsmap=nsmap)


def _plain(text: str) -> bool:
    return not any(c in text for c in _SPECIAL)


def _run(text: str, bold: bool = False, italic: bool = False, looks: bool = False):
    """<w:r>[<w:rPr><w:b/><w:i/></w:rPr>]<w:t>text</w:t></w:r>, as paragraph.add_run(text) makes
    it; with `looks`, as run.bold and run.italic then set it (an empty <w:rPr/> when neither)."""
    r = new_element("w:r")
    if looks or bold or italic:
        properties = new_element("w:rPr")
        for on, tag in ((bold, "w:b"), (italic, "w:i")):
            if on:
                properties.append(new_element(tag))
        r.append(properties)
    if text:
        t = new_element("w:t")
        t.text = text
        if len(text.strip()) < len(text):
            t.set(_PRESERVE, "preserve")
        r.append(t)
    return r


def add_text_run(paragraph, text: str, bold: bool | None = None, italic: bool | None = None) -> None:
    """paragraph.add_run(text), then run.bold and run.italic set when given (True, or False for
    neither): python-docx leaves an empty <w:rPr/> for run.bold = None."""
    looks = bold is not None or italic is not None
    if _plain(text):
        paragraph._p.append(_run(text, bool(bold), bool(italic), looks))
        return
    run = paragraph.add_run(text)
    if bold is not None:
        run.bold = bold or None
    if italic is not None:
        run.italic = italic or None


def set_cell_text(cell, text: str) -> None:
    """cell.text = text: the cell's content replaced by one paragraph holding one run."""
    if not _plain(text):
        cell.text = text
        return
    tc = cell._tc
    for child in list(tc):
        if child.tag != _TC_PR:
            tc.remove(child)
    p = new_element("w:p")
    p.append(_run(text))
    tc.append(p)
