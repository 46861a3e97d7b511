"""The programme's timeline, drawn as a PNG for the programme document (Pillow).

One line across the page for the months (or weeks), a large marker and a label for each
workshop and the report-back, small markers for check-in calls and due dates, and a legend.
Shapes differ as well as colours, so the picture still reads printed in black and white.
The same inputs give the same bytes: no timestamps are stored in the PNG.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from functools import lru_cache
from typing import Callable, Mapping

from PIL import Image, ImageDraw, ImageFont

from facilitation.colour import contrast, readable
from facilitation.model import Branding, Event, Programme

WIDTH, MARGIN = 2000, 70
INK, GREY, WHITE = "#1A1A1A", "#595959", "#FFFFFF"
ROW_HEIGHT, LABEL_WIDTH = 160, 380
TITLE_SIZE, SMALL_SIZE = 42, 34
FONTS = "/usr/share/fonts/truetype/dejavu/"


@lru_cache(maxsize=None)
def font(size: int, bold: bool = False) -> ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(FONTS + name, size)
    except OSError:
        return ImageFont.load_default(size=size)


def _width(draw: ImageDraw.ImageDraw, text: str, face) -> float:
    return draw.textlength(text, font=face)


def _wrap(draw: ImageDraw.ImageDraw, text: str, face, width: float, lines: int = 2) -> list[str]:
    words, result, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if _width(draw, trial, face) <= width or not line:
            line = trial
        else:
            result.append(line)
            line = word
    result.append(line)
    if len(result) > lines:
        result = result[: lines - 1] + [" ".join(result[lines - 1:])]
    return result


def _fill(colour: str) -> str:
    """A marker colour that stands out from the white page (3:1, as for graphics)."""
    return readable(colour, WHITE, 3.0) if contrast(colour, WHITE) < 3.0 else colour


class _Scale:
    """Maps a day (or a week number when undated) to x."""

    def __init__(self, programme: Programme):
        self.dated = programme.dated
        values = [self.value(e) for e in programme.events]
        low, high = min(values), max(values)
        pad = max(1.0, (high - low) * 0.03)
        self.low, self.high = low - pad, high + pad
        if self.dated:  # start at the first of the month, so the first month is named
            self.low = float(date.fromordinal(int(low)).replace(day=1).toordinal())

    def value(self, event: Event) -> float:
        return float(event.day.toordinal()) if self.dated else float(event.week - 1) * 7 + 3

    def x(self, value: float) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (value - self.low) / (self.high - self.low)


def _ticks(scale: _Scale) -> list[tuple[float, str]]:
    if scale.dated:
        day = date.fromordinal(int(scale.low))
        day = date(day.year, day.month, 1)
        ticks, first = [], True
        while day.toordinal() <= scale.high:
            if day.toordinal() >= scale.low:
                label = f"{day:%b %Y}" if first or day.month == 1 else f"{day:%b}"
                ticks.append((scale.x(day.toordinal()), label))
                first = False
            day = (day + timedelta(days=32)).replace(day=1)
        return ticks
    weeks = range(0, int(scale.high // 7) + 2, 2)
    return [(scale.x(w * 7), f"Week {w + 1}") for w in weeks if scale.low <= w * 7 <= scale.high]


def _marker(draw: ImageDraw.ImageDraw, kind: str, x: float, y: float, colours: Mapping[str, str], big: bool = True):
    r = 22 if big else 14
    if kind == "workshop":
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colours["workshop"], outline=INK, width=4)
    elif kind == "report-back":
        draw.polygon([(x, y - r - 6), (x + r + 6, y), (x, y + r + 6), (x - r - 6, y)],
                     fill=colours["report-back"], outline=INK, width=4)
    elif kind == "check-in":
        r = 13
        draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE, outline=INK, width=5)
    elif kind == "due":
        draw.polygon([(x - 14, y - 12), (x + 14, y - 12), (x, y + 14)], fill=INK)


def _labels(draw, majors: list[Event], scale: _Scale, short: Mapping[str, str], when: Callable[[Event], str]):
    """Place each label in the lowest row above the line where it does not overlap another."""
    title_face, date_face = font(TITLE_SIZE, bold=True), font(SMALL_SIZE)
    rows: list[float] = []  # right edge of the last label in each row
    placed = []
    for event in majors:
        lines = _wrap(draw, short.get(event.workshop or event.id) or event.title, title_face, LABEL_WIDTH)
        stamp = when(event)
        width = max([_width(draw, t, title_face) for t in lines] + [_width(draw, stamp, date_face)])
        x = scale.x(scale.value(event))
        left = min(max(x - width / 2, MARGIN / 2), WIDTH - MARGIN / 2 - width)
        row = next((n for n, right in enumerate(rows) if right + 24 < left), None)
        if row is None:
            rows.append(0)
            row = len(rows) - 1
        rows[row] = left + width
        placed.append((event, x, left, row, lines, stamp))
    return placed, max(1, len(rows))


def draw_timeline(programme: Programme, branding: Branding, text: Mapping[str, str],
                  when: Callable[[Event], str] | None = None, short: Mapping[str, str] | None = None) -> bytes:
    """The timeline as PNG bytes."""
    when = when or (lambda e: f"{e.day:%a} {e.day.day} {e.day:%b}" if e.day else f"Week {e.week}")
    colours = {"workshop": _fill(branding.primary), "report-back": _fill(branding.secondary)}
    scale = _Scale(programme)
    majors = list(programme.milestones)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    placed, rows = _labels(probe, majors, scale, short or {}, when)
    axis = 40 + rows * ROW_HEIGHT + 30
    height = axis + 230
    image = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(image)

    draw.line((MARGIN / 2, axis, WIDTH - MARGIN / 2, axis), fill=INK, width=6)
    for x, label in _ticks(scale):
        draw.line((x, axis, x, axis + 22), fill=INK, width=4)
        draw.text((x + 8, axis + 56), label, font=font(SMALL_SIZE), fill=GREY, anchor="lm")

    title_face, date_face = font(TITLE_SIZE, bold=True), font(SMALL_SIZE)
    for event, x, left, row, lines, stamp in placed:
        bottom = axis - 40 - row * ROW_HEIGHT
        draw.line((x, axis - 24, x, bottom + 6), fill=GREY, width=3)
        y = bottom - 40 - 50 * (len(lines) - 1) - 44
        for line in lines:
            draw.text((left, y), line, font=title_face, fill=INK)
            y += 50
        draw.text((left, y + 2), stamp, font=date_face, fill=GREY)
    for event in programme.events:
        if event.kind in ("check-in", "due"):
            x = scale.x(scale.value(event))
            _marker(draw, event.kind, x, axis if event.kind == "check-in" else axis + 96, colours)
    for event, x, *_ in placed:
        _marker(draw, event.kind, x, axis, colours)

    legend = [("workshop", text["legend_workshop"]), ("report-back", text["legend_report_back"]),
              ("check-in", text["legend_check_in"]), ("due", text["legend_due"])]
    kinds = {e.kind for e in programme.events}
    x, y = MARGIN, height - 50
    for kind, label in legend:
        if kind not in kinds:
            continue
        _marker(draw, kind, x + 20, y, colours)
        draw.text((x + 56, y), label, font=font(SMALL_SIZE), fill=INK, anchor="lm")
        x += 56 + _width(draw, label, font(SMALL_SIZE)) + 70
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def timeline_alt(programme: Programme, text: Mapping[str, str], when: Callable[[Event], str]) -> str:
    """Alt text: what the picture shows, in words (the table after it has the detail)."""
    majors = [f"{e.title}, {when(e)}" for e in programme.milestones]
    counts = {kind: sum(1 for e in programme.events if e.kind == kind) for kind in ("check-in", "due")}
    extras = []
    if counts["check-in"]:
        extras.append(f"{counts['check-in']} {text['legend_check_in'].lower()}s between workshops")
    if counts["due"]:
        extras.append(f"{counts['due']} due dates for the core team's work")
    return f"{text['timeline_alt']}: " + "; ".join(majors) + (". With " + " and ".join(extras) + "." if extras else ".")
