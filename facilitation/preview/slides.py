"""A built deck's slides as SVG: what PowerPoint will show, read back from the deck itself.

The deck is made by the deck writer's own DeckBuilder (facilitation.writers.deck.build_deck, or
remote_deck.build_session_deck), so the slides, their "(continued)" splits and the text's sizes
are the writer's decisions. It is then read the way `facilitation check` reads a built deck
(facilitation.check.decks.Deck: effective looks from facilitation.writers.pptx.style, measured
with facilitation.writers.pptx.fit), and the deck rules run on it, so the overflow warnings beside a
slide are the ones the check will print. Text is laid out by the browser inside each shape's box.
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass, field

from facilitation.check.decks import Deck, SlideView
from facilitation.check.findings import Finding
from facilitation.check.rules import checks
from facilitation.writers.pptx import fit
from facilitation.writers.pptx.style import A, EMU_PER_PT, P, DeckStyle

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FALLBACK_FONTS = "'Liberation Sans', Arimo, 'DejaVu Sans', sans-serif"
NUMBERING = {"arabicPeriod": "{}.", "arabicParenR": "{})", "alphaLcPeriod": "{a}.", "alphaUcPeriod": "{A}.",
             "romanLcPeriod": "{i}."}


@dataclass
class PreviewSlide:
    number: int
    title: str
    svg: str
    notes: str  # the notes pane's text, as the deck has it
    findings: list[Finding] = field(default_factory=list)
    overflowing: int = 0  # text boxes whose text runs past their bottom (measured as the check does)


@dataclass
class PreviewDeck:
    slides: list[PreviewSlide]
    findings: list[Finding]  # every deck rule's finding, as `facilitation check` reports them
    width: float  # points
    height: float


class BuiltDeck(Deck):
    """facilitation.check.decks.Deck over the deck writer's presentation in memory, not a saved file
    (saving and reading it back gives the same slides; this saves the time of both)."""

    def __init__(self, prs, shown: str, kind: str = "deck"):  # noqa: D107 - Deck's fields, without opening a file
        self.path, self.shown, self.kind = None, shown, kind
        self.prs = prs
        self.style = DeckStyle(prs)
        self._texts = {}


def preview_deck(builder, shown: str) -> PreviewDeck:
    """Check the builder's deck with the deck rules and draw every slide.

    `builder` is the deck writer's DeckBuilder after it drew the deck; `shown` is how findings name
    the deck (build/<charity>/decks/<workshop>.pptx), as `facilitation check` would."""
    deck = BuiltDeck(builder.prs, shown)
    findings: list[Finding] = []
    for _, function in checks("deck"):
        findings += function(deck)
    width, height = deck.prs.slide_width / EMU_PER_PT, deck.prs.slide_height / EMU_PER_PT
    slides = [_slide(deck, view, width, height, [f for f in findings if f.slide == view.number]) for view in deck.slides]
    return PreviewDeck(slides, findings, width, height)


# ---- one slide ---------------------------------------------------------------------------------


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _title(view: SlideView) -> str:
    title = view.slide.shapes.title
    return title.text_frame.text if title is not None and title.has_text_frame else ""


def _notes(view: SlideView) -> str:
    if not view.slide.has_notes_slide:
        return ""
    return view.slide.notes_slide.notes_text_frame.text


def _slide(deck: Deck, view: SlideView, width: float, height: float, findings: list[Finding]) -> PreviewSlide:
    style, slide = deck.style, view.slide
    title = _title(view)
    parts = [f'<svg class="slide-svg" viewBox="0 0 {width:g} {height:g}" xmlns="http://www.w3.org/2000/svg" '
             f'role="img" aria-label="{html.escape(title)}">',
             f'<rect width="{width:g}" height="{height:g}" fill="{style.background(slide) or "#FFFFFF"}"/>']
    overflowing = 0
    for shape in deck.flatten(view.shapes):
        where = style.position(slide, shape)
        if where is None:
            continue
        kind = _local(shape)
        if kind == "pic":
            parts.append(_picture(slide, shape, where))
        elif kind == "graphicFrame":
            table = shape.find(f".//{A}tbl")
            if table is not None:
                parts.append(_table(deck, view, shape, table, where))
        elif kind == "cxnSp":
            x, y, w, h = where
            parts.append(f'<line x1="{x:g}" y1="{y:g}" x2="{x + w:g}" y2="{y + h:g}" stroke="#555" stroke-width="2"/>')
        elif kind == "sp":
            svg, overflows = _shape(deck, view, shape, where)
            parts.append(svg)
            overflowing += overflows
    parts.append("</svg>")
    return PreviewSlide(view.number, title, "".join(parts), _notes(view), findings, overflowing)


def _geometry(prst: str, x: float, y: float, w: float, h: float, fill: str) -> str:
    """An SVG outline of the preset shapes the deck writer draws (others as their box)."""
    paint = f'fill="{fill}"'
    if prst == "roundRect":
        r = min(w, h) * 0.16667
        return f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="{r:g}" {paint}/>'
    if prst == "ellipse":
        return f'<ellipse cx="{x + w / 2:g}" cy="{y + h / 2:g}" rx="{w / 2:g}" ry="{h / 2:g}" {paint}/>'
    if prst == "rightArrow":
        head, shaft = min(w, h) * 0.5, h * 0.25
        points = [(x, y + shaft), (x + w - head, y + shaft), (x + w - head, y), (x + w, y + h / 2),
                  (x + w - head, y + h), (x + w - head, y + h - shaft), (x, y + h - shaft)]
    elif prst == "homePlate":
        tip = min(w, h) * 0.5
        points = [(x, y), (x + w - tip, y), (x + w, y + h / 2), (x + w - tip, y + h), (x, y + h)]
    elif prst == "chevron":
        tip = min(w, h) * 0.5
        points = [(x, y), (x + w - tip, y), (x + w, y + h / 2), (x + w - tip, y + h), (x, y + h), (x + tip, y + h / 2)]
    elif prst == "rightBrace":
        return (f'<path d="M{x:g},{y:g} Q{x + w / 2:g},{y:g} {x + w / 2:g},{y + h * 0.1:g} L{x + w / 2:g},{y + h * 0.4:g} '
                f'Q{x + w / 2:g},{y + h / 2:g} {x + w:g},{y + h / 2:g} Q{x + w / 2:g},{y + h / 2:g} {x + w / 2:g},'
                f'{y + h * 0.6:g} L{x + w / 2:g},{y + h * 0.9:g} Q{x + w / 2:g},{y + h:g} {x:g},{y + h:g}" fill="none" '
                f'stroke="{fill}" stroke-width="2.5"/>')
    else:
        return f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" {paint}/>'
    return '<polygon points="{}" {}/>'.format(" ".join(f"{px:g},{py:g}" for px, py in points), paint)


def _shape(deck: Deck, view: SlideView, shape, where) -> tuple[str, int]:
    style, slide = deck.style, view.slide
    x, y, w, h = where
    parts = []
    geometry = shape.find(f"./{P}spPr/{A}prstGeom")
    prst = geometry.get("prst", "rect") if geometry is not None else "rect"
    filled, colour = style.shape_fill(slide, shape)
    if prst == "rightBrace":
        line = shape.find(f"./{P}spPr/{A}ln/{A}solidFill")
        stroke = style.theme(style.master_of(slide)).colour(line, style.colour_map(slide)) if line is not None else None
        parts.append(_geometry(prst, x, y, w, h, stroke or colour or "#555555"))
    elif filled and colour:
        parts.append(_geometry(prst, x, y, w, h, colour))
    overflows = 0
    if shape.find(f"./{P}txBody") is not None:
        text = deck._texts.get(shape) or style.shape_text(slide, shape, view.shapes)  # the checks' cache
        if any(p.text.strip() for p in text.paras) and text.box is not None:
            too_much = not text.grows and fit.overflow(text.paras, text.box) > 0
            overflows = int(too_much)
            parts.append(_text(deck, view, shape, text, where, too_much))
    return "".join(parts), overflows


def _body_value(deck: Deck, view: SlideView, shape, attribute: str, default: str) -> str:
    for node in deck.style.body_properties(view.slide, shape):
        if node.get(attribute) is not None:
            return node.get(attribute)
    return default


def _level_value(nodes, attribute: str) -> str | None:
    for node in nodes:
        if node is not None and node.get(attribute) is not None:
            return node.get(attribute)
    return None


def _bullet(nodes, counters: dict[int, int], level: int) -> str:
    """The bullet a paragraph shows: its character, its number, or none."""
    for node in nodes:
        if node is None:
            continue
        if node.find(f"{A}buNone") is not None:
            return ""
        char = node.find(f"{A}buChar")
        if char is not None:
            return char.get("char", "•")
        auto = node.find(f"{A}buAutoNum")
        if auto is not None:
            start = int(auto.get("startAt", "1"))
            counters[level] = counters.get(level, start - 1) + 1
            number = counters[level]
            form = NUMBERING.get(auto.get("type", "arabicPeriod"), "{}.")
            letter = chr(ord("a") + (number - 1) % 26)
            return form.format(number, a=letter, A=letter.upper(), i=_roman(number))
    return ""


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _span_css(span: fit.Span) -> str:
    font = html.escape(span.font, quote=True).replace("'", "")
    css = [f"font-size:{span.size:g}px", f"font-family:'{font}',{FALLBACK_FONTS}"]
    if span.bold:
        css.append("font-weight:700")
    if span.italic:
        css.append("font-style:italic")
    if span.colour:
        css.append(f"color:{span.colour}")
    return ";".join(css)


def _text(deck: Deck, view: SlideView, shape, text, where, too_much: bool) -> str:
    """A shape's text in a foreignObject over its box: the deck's sizes, colours, bullets and spacing."""
    x, y, w, h = where
    box = text.box
    anchor = {"t": "flex-start", "ctr": "center", "b": "flex-end"}.get(_body_value(deck, view, shape, "anchor", "t"),
                                                                      "flex-start")
    paragraphs = shape.findall(f"./{P}txBody/{A}p")
    counters: dict[int, int] = {}
    rows = []
    for para, p in zip(text.paras, paragraphs):
        ppr = p.find(f"{A}pPr")
        level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        nodes = [ppr] + deck.style.level_styles(view.slide, shape, level)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        align = {"ctr": "center", "r": "right", "just": "justify"}.get(_level_value(nodes, "algn") or "l", "left")
        bullet = _bullet(nodes, counters, level) if para.text.strip() else ""
        height = f"{para.exact_line:g}px" if para.exact_line else f"{fit.LINE_HEIGHT * para.line_spacing:g}"
        size = max((s.size for s in para.spans if s.text.strip()), default=para.empty_size)
        css = (f"margin:{para.space_before:g}px 0 {para.space_after:g}px {para.margin:g}px;text-indent:{para.indent:g}px;"
               f"text-align:{align};line-height:{height};font-size:{size:g}px;min-height:{size * fit.LINE_HEIGHT:g}px")
        first = para.spans[0] if para.spans else None
        mark = ""
        if bullet and first is not None:
            hang = -para.indent if para.indent < 0 else size * 0.6
            mark = (f'<span class="bu" style="display:inline-block;text-indent:0;width:{hang:g}px;'
                    f'{_span_css(first)}">{html.escape(bullet)}</span>')
        spans = "".join(f'<span style="{_span_css(s)}">{html.escape(s.text).replace(chr(10), "<br>")}</span>'
                        for s in para.spans)
        rows.append(f'<p style="{css}">{mark}{spans}</p>')
    padding = f"{box.top:g}px {box.right:g}px {box.bottom:g}px {box.left:g}px"
    wrap = "normal" if box.wrap else "nowrap"
    flag = ' class="overflow"' if too_much else ""
    body = (f'<foreignObject x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}"{flag}>'
            f'<div xmlns="http://www.w3.org/1999/xhtml" class="tx" style="padding:{padding};justify-content:{anchor};'
            f'white-space:{wrap}">{"".join(rows)}</div></foreignObject>')
    if too_much:
        body += (f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" fill="none" stroke="#C00000" '
                 f'stroke-width="3" stroke-dasharray="8 5"><title>This text does not fit its box</title></rect>')
    return body


def _table(deck: Deck, view: SlideView, frame, table, where) -> str:
    x, y, w, h = where
    widths = [int(col.get("w", "0")) / EMU_PER_PT for col in table.iter(f"{A}gridCol")]
    total = sum(widths) or w
    cells: dict[int, list[str]] = {}
    for r, c, paras, background in deck.table_cells(view, frame, table):
        content = "".join("<p>" + "".join(f'<span style="{_span_css(s)}">{html.escape(s.text)}</span>' for s in p.spans)
                          + "</p>" for p in paras)
        tag = "th" if r == 0 else "td"
        cells.setdefault(r, []).append(f'<{tag} style="background:{background or "transparent"}">{content}</{tag}>')
    columns = "".join(f'<col style="width:{100 * width / total:.2f}%"/>' for width in widths)
    rows = "".join(f"<tr>{''.join(row)}</tr>" for _, row in sorted(cells.items()))
    return (f'<foreignObject x="{x:g}" y="{y:g}" width="{max(w, total):g}" height="{math.ceil(deck.style.slide_height - y):g}">'
            f'<div xmlns="http://www.w3.org/1999/xhtml" class="tbl"><table><colgroup>{columns}</colgroup>{rows}</table>'
            f'</div></foreignObject>')


def _picture(slide, shape, where) -> str:
    x, y, w, h = where
    blip = shape.find(f".//{A}blip")
    if blip is None or blip.get(f"{R}embed") is None:
        return ""
    part = slide.part.related_part(blip.get(f"{R}embed"))
    data = base64.b64encode(part.blob).decode("ascii")
    alt = shape.find(f"./{P}nvPicPr/{P}cNvPr")
    label = html.escape(alt.get("descr", "") if alt is not None else "", quote=True)
    return (f'<image x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" preserveAspectRatio="xMidYMid meet" '
            f'href="data:{part.content_type};base64,{data}"><title>{label}</title></image>')
