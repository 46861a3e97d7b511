"""Turn a slide's Markdown body (already tailored) into slide elements, with line numbers."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from facilitation.errors import Problems
from facilitation.model import (BulletList, ColumnBreak, Diagram, DiagramItem, Element, Image,
                                ListItem, Paragraph, Quote, Run, Runs, Table)

DIAGRAMS = ("ladder", "cycle", "timeline", "steps")
ATTRIBUTION_MARKS = ("—", "–", "--")

_MD = MarkdownIt("commonmark").enable("table")


def inline_runs(children: list[Token] | None) -> Runs:
    """Inline tokens to runs of text, keeping bold, italic and code."""
    runs: list[Run] = []
    bold = italic = False
    link = ""
    for token in children or []:
        kind = token.type
        if kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind in ("text", "html_inline"):
            runs.append(Run(token.content, bold, italic))
        elif kind == "code_inline":
            runs.append(Run(token.content, bold, italic, code=True))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" " if kind == "softbreak" else "\n", bold, italic))
        elif kind == "link_open":
            link = str(token.attrs.get("href", ""))
        elif kind == "link_close":
            text = runs[-1].text if runs else ""
            if link and link != text:
                runs.append(Run(f" ({link})", bold, italic))
            link = ""
    return _merge(runs)


def _merge(runs: list[Run]) -> Runs:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].code) == (run.bold, run.italic, run.code):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.code)
        elif run.text:
            merged.append(run)
    return tuple(merged)


_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!<&\n\r]|^\s|\s$")  # what makes a line more than plain text


def parse_inline(text: str) -> Runs:
    """Runs for one line of Markdown text (used for titles and notes). A line with nothing that
    CommonMark reads as inline syntax is one plain run, without asking the parser (a deck's notes
    are mostly such lines)."""
    if not _INLINE_SYNTAX.search(text):
        return (Run(text),) if text else ()
    tokens = _MD.parseInline(text)
    return inline_runs(tokens[0].children if tokens else [])


def parse_diagram(kind: str, content: str, path: str, line: int, problems: Problems) -> Diagram | None:
    items = []
    for offset, raw in enumerate(content.splitlines(), start=1):
        text = raw.strip()
        if not text:
            continue
        if not text.startswith(("- ", "* ")):
            problems.add(path, line + offset, f"each {kind} item must be a line starting with '- '", f"found '{text}'")
            continue
        label, _, detail = text[2:].partition("|")
        items.append(DiagramItem(label.strip(), detail.strip()))
    if len(items) < 2:
        problems.add(path, line, f"a {kind} diagram needs at least two items")
        return None
    if len(items) > 10:
        problems.add(path, line, f"a {kind} diagram can show at most 10 items, found {len(items)}",
                     "split it over two slides")
        return None
    return Diagram(kind, tuple(items), line)


MAX_LIST_DEPTH = 2  # the deck writer's bullet levels


def _list(tokens: list[Token], start: int, base_line: int, path: str = "", problems: Problems | None = None
          ) -> tuple[BulletList, int]:
    """Read a (possibly nested) list starting at tokens[start]; return it and the next index."""
    opening = tokens[start]
    items: list[ListItem] = []
    depth = 0
    i = start
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                break
        elif token.type == "inline":
            if depth > MAX_LIST_DEPTH and problems is not None:  # refused, not flattened without a word
                at = base_line + (token.map or opening.map or [0])[0]
                problems.add(path, at, f"a bullet nested {depth} levels deep; slides show {MAX_LIST_DEPTH} levels",
                             "move it up a level, or split the list")
            items.append(ListItem(inline_runs(token.children), min(depth - 1, 1)))
        i += 1
    numbered = opening.type == "ordered_list_open"
    return BulletList(tuple(items), numbered, base_line + (opening.map or [0])[0]), i + 1


def _table(tokens: list[Token], start: int, base_line: int) -> tuple[Table, int]:
    header: list[Runs] = []
    rows: list[tuple[Runs, ...]] = []
    row: list[Runs] = []
    in_head = False
    i = start
    while tokens[i].type != "table_close":
        kind = tokens[i].type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "inline":
            row.append(inline_runs(tokens[i].children))
        elif kind == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(tuple(row))
        i += 1
    return Table(tuple(header), tuple(rows), base_line + (tokens[start].map or [0])[0]), i + 1


def _quote(tokens: list[Token], start: int, base_line: int) -> tuple[Quote, int]:
    """A quote; a last line starting with a dash (`> — who said it`) is its attribution."""
    lines: list[str] = []
    i = start
    while tokens[i].type != "blockquote_close":
        if tokens[i].type == "inline":
            if lines:
                lines.append("")
            lines.extend(tokens[i].content.splitlines())
        i += 1
    while lines and not lines[-1].strip():
        lines.pop()
    attribution = ""
    if len(lines) > 1 and lines[-1].strip().startswith(ATTRIBUTION_MARKS):
        attribution = lines.pop().strip().lstrip("—–- ").strip()
    runs: list[Run] = []
    paragraphs = "\n".join(lines).strip().split("\n\n")
    for n, paragraph in enumerate(paragraphs):
        if n:
            runs.append(Run("\n"))
        runs.extend(parse_inline(" ".join(paragraph.split())))
    return Quote(_merge(runs), attribution, base_line + (tokens[start].map or [0])[0]), i + 1


def _paragraph(token: Token, line: int) -> list[Element]:
    children = token.children or []
    images = [c for c in children if c.type == "image"]
    if not images:
        return [Paragraph(inline_runs(children), line)]
    elements: list[Element] = []
    for image in images:
        alt = "".join(c.content for c in image.children or []).strip()
        title = str(image.attrs.get("title", "") or "")
        elements.append(Image(str(image.attrs.get("src", "")), alt, title.lower() == "decorative", line))
    rest = [c for c in children if c.type != "image" and c.content.strip()]
    if rest:
        elements.append(Paragraph(inline_runs(rest), line))
    return elements


def parse_body(text: str, path: str, line: int, problems: Problems) -> tuple[Element, ...]:
    """Parse a tailored slide body whose first line is `line` of `path`.

    A line `|||` splits two columns; each column is parsed on its own, so `|||` needs no blank
    lines around it and line numbers stay right.
    """
    lines = text.split("\n")
    breaks = [n for n, raw in enumerate(lines) if raw.strip() == "|||"]
    if breaks:
        elements: list[Element] = []
        start = 0
        for n in breaks + [len(lines)]:
            elements.extend(_parse_part("\n".join(lines[start:n]), path, line + start, problems))
            if n < len(lines):
                elements.append(ColumnBreak(line + n))
            start = n + 1
        return tuple(elements)
    return _parse_part(text, path, line, problems)


def _parse_part(text: str, path: str, line: int, problems: Problems) -> tuple[Element, ...]:
    tokens = _MD.parse(text)
    elements: list[Element] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        at = line + (token.map or [0])[0]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            element, i = _list(tokens, i, line, path, problems)
            elements.append(element)
            continue
        if token.type == "table_open":
            element, i = _table(tokens, i, line)
            elements.append(element)
            continue
        if token.type == "blockquote_open":
            element, i = _quote(tokens, i, line)
            elements.append(element)
            continue
        if token.type == "fence":
            kind = token.info.strip().split(" ")[0]
            if kind in DIAGRAMS:
                diagram = parse_diagram(kind, token.content, path, at, problems)
                if diagram:
                    elements.append(diagram)
            else:
                hint = "diagrams are: " + ", ".join(DIAGRAMS)
                problems.add(path, at, f"unknown code block '{kind or '```'}' on a slide", hint)
        elif token.type == "inline":
            elements.extend(_paragraph(token, at))
        i += 1
    return tuple(elements)
