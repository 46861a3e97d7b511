"""Will this text fit its box? Measured with real font metrics, the way a slide lays it out.

Words are wrapped greedily into the box's width (less its insets and the paragraph's margin),
each word measured with the font's own advance widths through Pillow; a line is 1.2 times its
largest text size tall (single spacing in PowerPoint), plus the paragraphs' spacing. Fonts come
from the system's font files: Arial and Helvetica are measured with Liberation Sans (made with
Arial's metrics), Times with Liberation Serif, Courier with Liberation Mono, others with
DejaVu Sans. The deck writer and `facilitation check` share this one answer.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LINE_HEIGHT = 1.2  # single line spacing, as a multiple of the text size
TOLERANCE_PT = 2.0  # text may touch the inset by this much before it counts as overflowing
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
APPROXIMATE_EM = 0.55  # average advance of a character, used only when no font file is found

# A family as documents name it -> the file stems that measure it, best first.
_SANS = ("LiberationSans", "Arimo", "DejaVuSans")
FAMILIES = {
    "arial": _SANS, "helvetica": _SANS, "liberation sans": _SANS, "arimo": _SANS,
    "calibri": ("Carlito",) + _SANS,
    "times new roman": ("LiberationSerif", "Tinos", "DejaVuSerif"), "times": ("LiberationSerif", "DejaVuSerif"),
    "liberation serif": ("LiberationSerif",), "georgia": ("DejaVuSerif", "LiberationSerif"),
    "courier new": ("LiberationMono", "DejaVuSansMono"), "courier": ("LiberationMono", "DejaVuSansMono"),
    "verdana": ("DejaVuSans",), "tahoma": ("DejaVuSans",), "dejavu sans": ("DejaVuSans",),
}
_STYLE_SUFFIX = {  # (bold, italic) -> suffixes used by the Liberation and DejaVu files
    (False, False): ("-Regular", ""),
    (True, False): ("-Bold",),
    (False, True): ("-Italic", "-Oblique"),
    (True, True): ("-BoldItalic", "-BoldOblique"),
}
_BREAK_AFTER = re.compile(r"(?<=[-‐–—/])(?=\S)")  # lines may also break after a hyphen or slash
_WORD = re.compile(r"(\S+)(\s*)")


@dataclass(frozen=True)
class Span:
    """A stretch of text in one look. `colour` is carried for the contrast check; measuring ignores it."""

    text: str
    size: float  # points
    bold: bool = False
    italic: bool = False
    font: str = "Arial"
    colour: str | None = None


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]
    margin: float = 0.0  # points from the box's inner left edge to the text (a bullet hangs into it)
    indent: float = 0.0  # first line's extra indent, points; negative for a hanging bullet
    space_before: float = 0.0  # points
    space_after: float = 0.0  # points
    line_spacing: float = 1.0  # a multiple of single spacing
    exact_line: float | None = None  # a fixed line height in points, when the paragraph sets one
    empty_size: float = 18.0  # the height an empty paragraph takes, points

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Box:
    width: float  # points, outer
    height: float
    left: float = 7.2  # insets, points (PowerPoint's defaults)
    top: float = 3.6
    right: float = 7.2
    bottom: float = 3.6
    wrap: bool = True

    @property
    def inner_width(self) -> float:
        return max(self.width - self.left - self.right, 1.0)

    @property
    def inner_height(self) -> float:
        return max(self.height - self.top - self.bottom, 0.0)


# ---- fonts ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _font_files() -> dict[str, str]:
    """Every TrueType/OpenType file on the system, by file stem."""
    found: dict[str, str] = {}
    extra = os.environ.get("FACILITATION_FONT_DIRS", "")
    for folder in [*filter(None, extra.split(os.pathsep)), *FONT_DIRS]:
        root = Path(folder).expanduser()
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.suffix.lower() in (".ttf", ".otf"):
                    found.setdefault(path.stem, str(path))
    return found


@lru_cache(maxsize=64)
def font_file(family: str, bold: bool = False, italic: bool = False) -> str | None:
    """The font file that measures `family` in this style, or None when the system has none."""
    files = _font_files()
    stems = FAMILIES.get(family.strip().lower(), ()) + (family.replace(" ", ""),) + _SANS
    for stem in stems:
        for suffix in _STYLE_SUFFIX[(bold, italic)]:
            if stem + suffix in files:
                return files[stem + suffix]
    for stem in stems:  # the family exists, but not in this style: its regular face is close enough
        for suffix in _STYLE_SUFFIX[(False, False)]:
            if stem + suffix in files:
                return files[stem + suffix]
    return None


def measured_with(family: str = "Arial") -> str | None:
    """The name of the font file that stands in for `family`, or None when there is none."""
    path = font_file(family)
    return Path(path).name if path else None


@lru_cache(maxsize=32)
def _pil_font(path: str):
    from PIL import ImageFont  # Pillow comes with python-pptx

    return ImageFont.truetype(path, size=1000)


@lru_cache(maxsize=200_000)
def text_width(text: str, size: float, family: str = "Arial", bold: bool = False, italic: bool = False) -> float:
    """Advance width of `text` in points."""
    path = font_file(family, bold, italic)
    if path is None:
        return len(text) * size * APPROXIMATE_EM * (1.05 if bold else 1.0)
    return _pil_font(path).getlength(text) * size / 1000


# ---- wrapping ------------------------------------------------------------------------------------


@lru_cache(maxsize=20_000)
def _pieces(text: str) -> tuple[tuple[str, bool], ...]:
    """(piece, ends_with_space): the units a line may break between."""
    pieces = []
    for match in _WORD.finditer(text):
        parts = _BREAK_AFTER.split(match.group(1))
        for n, part in enumerate(parts):
            pieces.append((part, n == len(parts) - 1 and bool(match.group(2))))
    return tuple(pieces)


@lru_cache(maxsize=20_000)
def line_heights(para: Para, width: float) -> tuple[float, ...]:
    """The height of each line the paragraph takes at this width (points): the same paragraph
    is measured again and again as its slide is fitted, so each answer is kept."""
    return tuple(_line_heights(para, width))


def _line_heights(para: Para, width: float) -> list[float]:
    def height(size: float) -> float:
        return para.exact_line if para.exact_line else size * LINE_HEIGHT * para.line_spacing

    lines: list[float] = []
    first_width = width - para.margin - max(para.indent, 0.0)
    room, used, tallest, pending_space = first_width, 0.0, 0.0, 0.0
    for line_break, span, piece, space_after in _tokens(para):
        if line_break:
            lines.append(height(tallest or span.size))
            room, used, tallest, pending_space = width - para.margin, 0.0, 0.0, 0.0
            continue
        advance = text_width(piece, span.size, span.font, span.bold, span.italic)
        if used and used + pending_space + advance > room:
            lines.append(height(tallest))
            room, used, tallest, pending_space = width - para.margin, 0.0, 0.0, 0.0
        while advance > room and len(piece) > 1:  # a word wider than the line breaks anywhere
            cut = _longest_prefix(piece, span, room - used)
            lines.append(height(max(tallest, span.size)))
            piece = piece[cut:]
            advance = text_width(piece, span.size, span.font, span.bold, span.italic)
            room, used, tallest, pending_space = width - para.margin, 0.0, 0.0, 0.0
        used += pending_space + advance
        tallest = max(tallest, span.size)
        pending_space = text_width(" ", span.size, span.font, span.bold, span.italic) if space_after else 0.0
    if used or not lines:
        lines.append(height(tallest or (para.spans[-1].size if para.spans else para.empty_size)))
    return lines


def _tokens(para: Para):
    """(is_line_break, span, piece, space_after) in reading order."""
    for span in para.spans:
        chunks = span.text.split("\n")
        for n, chunk in enumerate(chunks):
            if n:
                yield True, span, "", False
            for piece, space in _pieces(chunk):
                yield False, span, piece, space


def _longest_prefix(piece: str, span: Span, room: float) -> int:
    cut = 1
    while cut < len(piece) and text_width(piece[:cut + 1], span.size, span.font, span.bold, span.italic) <= room:
        cut += 1
    return cut


def text_height(paras: list[Para] | tuple[Para, ...], width: float) -> float:
    """Height of the paragraphs stacked at this inner width, points. The first paragraph's
    space before is not added: a text box starts with its first line."""
    total = 0.0
    for n, para in enumerate(paras):
        if n:
            total += para.space_before
        total += sum(line_heights(para, width))
        if n < len(paras) - 1:
            total += para.space_after
    return total


def overflow(paras, box: Box) -> float:
    """How far the text runs past the bottom of the box's inner area, points (0 when it fits)."""
    if not paras:
        return 0.0
    width = box.inner_width if box.wrap else 1e9
    excess = text_height(paras, width) - box.inner_height
    return excess if excess > TOLERANCE_PT else 0.0


def widest_word(paras, box: Box) -> tuple[str, float] | None:
    """A word too wide for the box (it would break mid-word), with its width; None when all fit."""
    if not box.wrap:
        return None
    for para in paras:
        room = box.inner_width - para.margin
        for line_break, span, piece, _ in _tokens(para):
            if not line_break and len(piece) > 1:
                width = text_width(piece, span.size, span.font, span.bold, span.italic)
                if width > room + TOLERANCE_PT:
                    return piece, width
    return None


def fitting_count(paras, box: Box) -> int:
    """How many leading paragraphs fit in the box (at least one, so a split always makes progress)."""
    width = box.inner_width if box.wrap else 1e9
    for count in range(len(paras), 0, -1):
        if text_height(paras[:count], width) - box.inner_height <= TOLERANCE_PT:
            return count
    return 1
