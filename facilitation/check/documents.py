"""Rules on built documents (DOCX): text size, contrast, table headers, alt text, leftover template
text, and the co-facilitator notes' reading ease.

A run's size and colour are the effective ones: the run, its character style, its paragraph's
style (each through its `basedOn` chain), the table's style, then the document defaults.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from docx import Document
from docx.oxml.ns import qn

from facilitation.check.findings import Finding
from facilitation.check.rules import (RULES, DOCUMENT_MIN_PT, LARGE_PRINT_KINDS, LARGE_PRINT_MIN_PT, PLAIN_ENGLISH_EASE,
                                      check, checks)
from facilitation.colour import AA_LARGE, AA_NORMAL, WHITE, contrast
from facilitation.plan.readability import reading_ease

TEMPLATE_MARK = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
WORD_DEFAULT_SIZE = 10.0  # Word's size when neither style nor defaults give one
OFF = ("0", "false", "off")


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit - 1]}…'"


def _on(node) -> bool | None:
    if node is None:
        return None
    return node.get(qn("w:val"), "true") not in OFF


def large_in_print(size: float, bold: bool) -> bool:
    """WCAG's large text, for pages read in the hand: 18 pt, or 14 pt bold."""
    return size >= 18 or (bold and size >= 14)


class Styles:
    """Looks up run properties through a document's styles and defaults."""

    def __init__(self, doc):
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        self.defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_paragraph = next((s.get(qn("w:styleId")) for s in root.findall(qn("w:style"))
                                       if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
                                      None)

    def chain(self, style_id: str | None) -> Iterator:
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def sources(self, run, paragraph, table) -> list:
        """The rPr elements that apply to a run, most specific first."""
        found = [run.find(qn("w:rPr"))]
        rpr = found[0]
        character = rpr.find(qn("w:rStyle")) if rpr is not None else None
        found += [s.find(qn("w:rPr")) for s in self.chain(character.get(qn("w:val")) if character is not None else None)]
        ppr = paragraph.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        found += [s.find(qn("w:rPr")) for s in self.chain(style.get(qn("w:val")) if style is not None else self.default_paragraph)]
        if table is not None:
            tpr = table.find(qn("w:tblPr"))
            table_style = tpr.find(qn("w:tblStyle")) if tpr is not None else None
            if table_style is not None:
                found += [s.find(qn("w:rPr")) for s in self.chain(table_style.get(qn("w:val")))]
        found.append(self.defaults)
        return [node for node in found if node is not None]

    def value(self, sources: list, tag: str):
        for node in sources:
            found = node.find(qn(tag))
            if found is not None:
                return found
        return None


def _ancestor(node, tag: str):
    parent = node.getparent()
    while parent is not None and parent.tag != qn(tag):
        parent = parent.getparent()
    return parent


class WordDocument:
    def __init__(self, path: Path, shown: str, kind: str, large_print: bool):
        self.path, self.shown, self.kind, self.large_print = path, shown, kind, large_print
        self.doc = Document(str(path))
        self.styles = Styles(self.doc)
        self.body = self.doc.element.body
        background = self.doc.element.find(qn("w:background"))
        colour = background.get(qn("w:color")) if background is not None else None
        self.page = f"#{colour.upper()}" if colour and colour != "auto" else WHITE

    def finding(self, rule: str, message: str, severity: str = "") -> Finding:
        return Finding(self.shown, rule, message, severity or RULES[rule].severity)

    def runs(self) -> Iterator[tuple[object, object, object, object]]:
        """(run, paragraph, cell, table) for every run with text in the document's body."""
        for paragraph in self.body.iter(qn("w:p")):
            cell, table = _ancestor(paragraph, "w:tc"), _ancestor(paragraph, "w:tbl")
            for run in paragraph.iter(qn("w:r")):
                text = "".join(t.text or "" for t in run.findall(qn("w:t")))
                if text.strip():
                    yield run, paragraph, cell, table

    @staticmethod
    def run_text(run) -> str:
        return "".join(t.text or "" for t in run.findall(qn("w:t")))

    def size(self, sources) -> float:
        node = self.styles.value(sources, "w:sz")
        return int(node.get(qn("w:val"))) / 2 if node is not None and node.get(qn("w:val")) else WORD_DEFAULT_SIZE

    def background(self, paragraph, cell) -> str:
        for owner, path in ((cell, ("w:tcPr", "w:shd")), (paragraph, ("w:pPr", "w:shd"))):
            if owner is None:
                continue
            properties = owner.find(qn(path[0]))
            shading = properties.find(qn(path[1])) if properties is not None else None
            fill = shading.get(qn("w:fill")) if shading is not None else None
            if fill and fill.lower() != "auto":
                return f"#{fill.upper()}"
        return self.page

    def text(self) -> str:
        return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in self.body.iter(qn("w:p")))


def check_document(path: Path, shown: str, kind: str, large_print: bool = False) -> list[Finding]:
    try:
        document = WordDocument(path, shown, kind, large_print)
    except Exception as error:  # a file no editor can open is itself the finding
        return [Finding(shown, "content", f"cannot be opened as a document: {error}")]
    findings: list[Finding] = []
    for _, function in checks("document"):
        findings += function(document)
    return findings


# ---- rules ---------------------------------------------------------------------------------------


@check("min-font", on="document")
def minimum_size(document: WordDocument) -> Iterable[Finding]:
    large = document.large_print and document.kind in LARGE_PRINT_KINDS
    least = LARGE_PRINT_MIN_PT if large else DOCUMENT_MIN_PT
    small = []
    for run, paragraph, cell, table in document.runs():
        size = document.size(document.styles.sources(run, paragraph, table))
        if size < least - 0.01:
            small.append((size, document.run_text(run)))
    if small:
        size, text = min(small)
        why = " (the profile asks for large print)" if large else ""
        yield document.finding("min-font", f"{len(small)} run(s) of text are under {least} pt{why}, the smallest "
                                           f"{_snippet(text)} at {size:g} pt")


@check("contrast", on="document")
def text_contrast(document: WordDocument) -> Iterable[Finding]:
    worst = None
    for run, paragraph, cell, table in document.runs():
        sources = document.styles.sources(run, paragraph, table)
        colour = document.styles.value(sources, "w:color")
        value = colour.get(qn("w:val")) if colour is not None else None
        if not value or value.lower() == "auto":
            continue  # Word chooses black or white, whichever reads
        background = document.background(paragraph, cell)
        bold = bool(_on(document.styles.value(sources, "w:b")))
        needed = AA_LARGE if large_in_print(document.size(sources), bold) else AA_NORMAL
        ratio = contrast(f"#{value}", background)
        if ratio < needed - 0.005 and (worst is None or ratio / needed < worst[0] / worst[1]):
            worst = (ratio, needed, f"#{value.upper()}", background, document.run_text(run))
    if worst:
        ratio, needed, ink, background, text = worst
        yield document.finding("contrast", f"text {_snippet(text)} is {ink} on {background}: {ratio:.2f}:1, "
                                           f"needs {needed:g}:1")


@check("table-header", on="document")
def table_headers(document: WordDocument) -> Iterable[Finding]:
    for n, table in enumerate(document.body.iter(qn("w:tbl")), start=1):
        rows = table.findall(qn("w:tr"))
        if len(rows) < 2:
            continue  # a one-row table (a box to write in) has no data for a header to describe
        first = rows[0]
        properties = first.find(qn("w:trPr")) if first is not None else None
        header = properties.find(qn("w:tblHeader")) if properties is not None else None
        if header is None or not _on(header):
            text = "".join(t.text or "" for t in first.iter(qn("w:t"))) if first is not None else ""
            yield document.finding("table-header", f"table {n} ({_snippet(text)}) has no header row "
                                                   "(Table Properties > Row > Repeat as header row)")


@check("alt-text", on="document")
def pictures_alt_text(document: WordDocument) -> Iterable[Finding]:
    for properties in document.body.iter(qn("wp:docPr")):
        decorative = any(ext.get("uri") == DECORATIVE_URI for ext in properties.iter(qn("a:ext")))
        if not (properties.get("descr") or "").strip() and not decorative:
            yield document.finding("alt-text", f"picture '{properties.get('name', '')}' has no alt text and is not "
                                               "marked decorative")


@check("unrendered-template", on="document")
def template_marks(document: WordDocument) -> Iterable[Finding]:
    parts = [document.text()]
    for section in document.doc.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                parts.append("\n".join(p.text for p in part.paragraphs))
    for text in parts:
        if (mark := TEMPLATE_MARK.search(text)):
            start = max(mark.start() - 15, 0)
            yield document.finding("unrendered-template", f"template text left in: {_snippet(text[start:start + 40])}")
            return


@check("reading-ease", on="document")
def notes_reading_ease(document: WordDocument) -> Iterable[Finding]:
    if document.kind != "co-facilitator-notes":
        return
    ease = reading_ease(document.text())
    if ease < PLAIN_ENGLISH_EASE:
        yield document.finding("reading-ease", f"Flesch reading ease {ease:.0f}: below plain English "
                                               f"({PLAIN_ENGLISH_EASE}); shorter sentences and words will help", "warning")
    else:
        yield document.finding("reading-ease", f"Flesch reading ease {ease:.0f} (plain English is "
                                               f"{PLAIN_ENGLISH_EASE} or more)", "note")
