"""The harvest summary for the final debrief: Markdown (for the terminal) and DOCX.

Not a build output: `facilitation harvest` makes it from a filled report-back. Both views say
the same things in the same order: where they are, their vision, their plan as a table, quick
wins, what they need, the prompts left unfilled and the slides they added.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from docx import Document

from facilitation.model import Harvest, HarvestedPart
from facilitation.writers.docx.text import add_table, save

NOTHING = "Nothing written yet."
UNFILLED = "Prompts left unfilled"
ADDED = "Slides they added"


def _byline(harvest: Harvest) -> str:
    who = f"{harvest.charity} · " if harvest.charity else ""
    return f"Summary for the final debrief · {who}from {harvest.source}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _parts(harvest: Harvest) -> list[tuple[str, list[str]]]:
    """(heading, lines) for each plain part, in the order the summary reads."""
    parts = []
    for part in (harvest.where, harvest.vision):
        if part is not None:
            parts.append((part.title, list(part.lines)))
    return parts


def markdown(harvest: Harvest) -> str:
    out = [f"# {harvest.title}", ""]
    out += [_byline(harvest), ""]
    for heading, lines in _parts(harvest):
        out += [f"## {heading}", ""]
        for line in lines or [NOTHING]:
            out += [line, ""]
    if harvest.plan is not None:
        plan = harvest.plan
        out += [f"## {plan.title}", ""]
        if plan.rows and plan.header:
            width = len(plan.header)
            out.append("| " + " | ".join(_cell(h) for h in plan.header) + " |")
            out.append("|" + " --- |" * width)
            for row in plan.rows:
                cells = (list(row) + [""] * width)[:width]
                out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
            out.append("")
        elif not plan.notes:
            out += [NOTHING, ""]
        out += [f"- {note}" for note in plan.notes] + ([""] if plan.notes else [])
    if harvest.quick_wins is not None:
        out += _list(harvest.quick_wins)
    if harvest.needs is not None:
        out += [f"## {harvest.needs.title}", ""]
        for part in harvest.needs_parts:
            out.append(f"- **{part.title}**: " + (" ".join(part.lines) if part.lines else NOTHING))
        out += [f"- {line}" for line in harvest.needs.lines]
        out.append("")
    out += [f"## {UNFILLED}", ""] + ([f"- {item}" for item in harvest.unfilled] or ["None: every prompt has an answer."])
    if harvest.added:
        out += ["", f"## {ADDED}", ""]
        out += [f"- **{part.title}**" + (": " + " / ".join(part.lines) if part.lines else "") for part in harvest.added]
    return "\n".join(out).rstrip() + "\n"


def _list(part: HarvestedPart) -> list[str]:
    return [f"## {part.title}", ""] + ([f"- {line}" for line in part.lines] or [NOTHING]) + [""]


def summary_date(harvest: Harvest) -> datetime:
    """SOURCE_DATE_EPOCH when set, else when the deck was saved: the same deck gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):  # out of range: `build` reports it; here, the default date
            pass
    return harvest.modified or datetime(2026, 1, 1)


def docx(harvest: Harvest, template: Path | None = None) -> bytes:
    """The summary as a Word document, styled like the guides when their template is at hand."""
    doc = Document(str(template)) if template is not None and template.is_file() else Document()
    doc.add_paragraph(harvest.title, style="Title")
    doc.add_paragraph(_byline(harvest))
    for heading, lines in _parts(harvest):
        doc.add_heading(heading, level=1)
        for line in lines or [NOTHING]:
            doc.add_paragraph(line)
    if harvest.plan is not None:
        plan = harvest.plan
        doc.add_heading(plan.title, level=1)
        if plan.rows and plan.header:
            width = len(plan.header)
            add_table(doc, list(plan.header), [(list(row) + [""] * width)[:width] for row in plan.rows])
        elif not plan.notes:
            doc.add_paragraph(NOTHING)
        _bullets(doc, plan.notes)
    if harvest.quick_wins is not None:
        doc.add_heading(harvest.quick_wins.title, level=1)
        _bullets(doc, harvest.quick_wins.lines or (NOTHING,))
    if harvest.needs is not None:
        doc.add_heading(harvest.needs.title, level=1)
        for part in harvest.needs_parts:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(f"{part.title}: ").bold = True
            paragraph.add_run(" ".join(part.lines) if part.lines else NOTHING)
        _bullets(doc, harvest.needs.lines)
    doc.add_heading(UNFILLED, level=1)
    _bullets(doc, harvest.unfilled or ("None: every prompt has an answer.",))
    if harvest.added:
        doc.add_heading(ADDED, level=1)
        for part in harvest.added:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(part.title).bold = True
            if part.lines:
                paragraph.add_run(": " + " / ".join(part.lines))
    return save(doc, title=f"{harvest.title}: harvest", author="Involvement Team", subject=harvest.charity,
                when=summary_date(harvest))


def _bullets(doc, lines) -> None:
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")
