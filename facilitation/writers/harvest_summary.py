"""The harvest summary for the final debrief: Markdown (for the terminal) and DOCX.

Not a build output: `facilitation harvest` makes it from a filled report-back (and, when given,
the evaluation forms from the start of Concepts and the final debrief). Both views say the same
things in the same order: what moved, then every report-back slide in the charity's order with
every answer, the plan's actions that lack an owner or a date, the prompts left unfilled and the
slides they added.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from docx import Document

from facilitation.i18n import Labels
from facilitation.model import Harvest, HarvestedSlide
from facilitation.writers.docx.text import add_table, save

_ = Labels()  # the summary is for the team; a profile's languages are not at hand here

NOTHING = _("Nothing written yet.")
UNFILLED = _("Prompts left unfilled")
ADDED = _("Slides they added")
MOVED = _("What moved")
GAPS = _("Plan actions with no owner or no date")
HERE = _("We are here")


@dataclass(frozen=True)
class Block:
    """One heading of the summary and what goes under it, for both views."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    labelled: tuple[tuple[str, str], ...] = ()  # (bold label, text) bullets
    table: tuple[tuple[str, ...], ...] = ()  # header first
    bullets: tuple[str, ...] = ()


def _byline(harvest: Harvest) -> str:
    who = f"{harvest.charity} · " if harvest.charity else ""
    return _("Summary for the final debrief · {who}from {source}").format(who=who, source=harvest.source)


def _slide_block(slide: HarvestedSlide) -> Block:
    paragraphs, labelled, bullets = [], [], []
    if slide.rung:
        labelled.append((HERE, slide.rung))
    single = len(slide.answers) == 1 and not slide.rung and not slide.table
    for answer in slide.answers:
        if single and len(answer.lines) > 1:
            bullets += answer.lines
        elif single:
            paragraphs += list(answer.lines) or [NOTHING]
        else:
            labelled.append((answer.title, " / ".join(answer.lines) if answer.lines else NOTHING))
    table = slide.table if len(slide.table) > 1 else ()
    if slide.table and not table and not slide.answers:
        paragraphs.append(NOTHING)
    return Block(slide.title, tuple(paragraphs), tuple(labelled), table, tuple(bullets) + slide.extra)


def blocks(harvest: Harvest) -> list[Block]:
    """The summary, heading by heading."""
    out = []
    if harvest.moved:
        header = (_("Outcome"), _("Before"), _("After"), _("Change"))
        said = tuple((f"{m.label}, {_(when).lower()}", comment) for m in harvest.moved for when, comment in m.said)
        out.append(Block(MOVED, table=(header,) + tuple((m.label, m.before, m.after, m.change)
                                                         for m in harvest.moved), labelled=said))
    for slide in harvest.slides:
        block = _slide_block(slide)
        if slide.section == "title":  # its title is the summary's own
            block = Block(_("Who we are"), block.paragraphs, block.labelled, block.table, block.bullets)
        out.append(block)
    if harvest.plan_gaps:
        out.append(Block(GAPS, bullets=harvest.plan_gaps))
    out.append(Block(UNFILLED, bullets=harvest.unfilled) if harvest.unfilled
               else Block(UNFILLED, (_("None: every prompt has an answer."),)))
    if harvest.added:
        out.append(Block(ADDED, labelled=tuple((part.title, " / ".join(part.lines)) for part in harvest.added)))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rows(table: tuple[tuple[str, ...], ...]) -> list[list[str]]:
    width = len(table[0])
    return [(list(row) + [""] * width)[:width] for row in table[1:]]


def markdown(harvest: Harvest) -> str:
    out = [f"# {harvest.title}", "", _byline(harvest), ""]
    for block in blocks(harvest):
        out += [f"## {block.heading}", ""]
        for paragraph in block.paragraphs:
            out += [paragraph, ""]
        if block.table:
            out.append("| " + " | ".join(_cell(h) for h in block.table[0]) + " |")
            out.append("|" + " --- |" * len(block.table[0]))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in _rows(block.table)]
            out.append("")
        lines = [f"- **{label}**" + (f": {text}" if text else "") for label, text in block.labelled]
        lines += [f"- {line}" for line in block.bullets]
        out += lines + ([""] if lines else [])
    return "\n".join(out).rstrip() + "\n"


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
    for block in blocks(harvest):
        doc.add_heading(block.heading, level=1)
        for paragraph in block.paragraphs:
            doc.add_paragraph(paragraph)
        if block.table:
            add_table(doc, list(block.table[0]), _rows(block.table))
        for label, text in block.labelled:
            paragraph = doc.add_paragraph(style="List Bullet")
            paragraph.add_run(label).bold = True
            if text:
                paragraph.add_run(f": {text}")
        for line in block.bullets:
            doc.add_paragraph(line, style="List Bullet")
    return save(doc, title=_.fill("{title}: harvest", title=harvest.title), author="Involvement Team",
                subject=harvest.charity, when=summary_date(harvest))
