"""The `programme` writer: the charity's programme at a glance (DOCX), with a timeline picture.

The package and programme are planned once, before any writer runs (facilitation.plan.pack),
so this document, the proposal and the calendar always agree.

No programme (nor calendar) is made when the proposal says "not yet": there is nothing to
schedule. A profile without `schedule.start_date` gets a programme counted in weeks and no
calendar; the document says how to add dates.
"""

from __future__ import annotations

import io
from typing import Iterable

from docx import Document
from docx.shared import Cm

from facilitation.i18n import ENGLISH, Labels, labels_for
from facilitation.model import Event, Pack
from facilitation.writers import Output, Writer, register
from facilitation.writers.ooxml import template
from facilitation.writers.docx.text import (HEADING_COLOUR, add_markdown, add_page_numbers, add_table, remove_italics,
                                            save, set_heading_colour, set_language, set_line_spacing,
                                            use_font_everywhere)


# ---- documents for the charity ---------------------------------------------------------------

SIZES = {"Title": 26, "Subtitle": 14, "Heading 1": 16, "Heading 2": 13}


def charity_document(pack: Pack, footer: str):
    """A document the charity reads: its font, en-GB, dark headings, page numbers, no italics;
    larger text for large print and wider line spacing when dyslexia-friendly is asked for."""
    profile = pack.profile
    doc = Document(template(pack.templates / "guide.docx"))
    large = "large-print" in profile.accessibility
    body = 16 if large else 11
    use_font_everywhere(doc, profile.branding.font, body, {k: v + (4 if large else 0) for k, v in SIZES.items()})
    set_language(doc)
    set_heading_colour(doc, HEADING_COLOUR)
    remove_italics(doc)
    if "dyslexia-friendly" in profile.accessibility:
        set_line_spacing(doc, 1.5)
    add_page_numbers(doc, footer)
    return doc


# ---- shared wording of events ----------------------------------------------------------------


def when(event: Event, _: Labels = ENGLISH) -> str:
    if event.day is None:
        return _("Week {number}").format(number=event.week)
    if _.languages == ENGLISH.languages:  # as the programme has always written it: "Mon 6 Sep 2027"
        return f"{event.day:%a} {event.day.day} {event.day:%b %Y}"
    return _.short_date(event.day)


def clock(event: Event, all_day: str) -> str:
    if event.start is None:
        return all_day
    return f"{event.start:%H:%M}–{event.end:%H:%M}"


def where(event: Event, pack: Pack, text: dict[str, str]) -> str:
    """How an event is attended: online (on which platform) or in person; nothing for work due."""
    if event.kind == "due":
        return ""
    if event.online:
        return f"{text['online']} ({pack.profile.remote_platform})"
    return text["in_person"]


def calendar_path(pack: Pack) -> str:
    return f"programme/{pack.profile.slug}-programme.ics"


# ---- the document ----------------------------------------------------------------------------


def build_programme(pack: Pack):
    profile, programme = pack.profile, pack.programme
    text, _ = programme.text, labels_for(pack.profile)
    doc = charity_document(pack, text["title"])
    doc.add_paragraph(text["title"], style="Title")
    add_markdown(doc, text["intro"])
    if not programme.dated:
        doc.add_paragraph(text["undated_note"], style="Note")

    doc.add_heading(text["timeline_heading"], level=1)
    from facilitation.writers.docx.timeline_picture import draw_timeline, timeline_alt  # Pillow: only now

    picture = draw_timeline(programme, pack.profile.branding, text, short=programme.short_titles)
    doc.add_picture(io.BytesIO(picture), width=Cm(17))
    alt = timeline_alt(programme, text, lambda event: when(event, _))
    doc.inline_shapes[-1]._inline.docPr.set("descr", alt)

    doc.add_heading(text["events_heading"], level=1)
    if text["venue_note"]:
        doc.add_paragraph(text["venue_note"])
    if text["spacing_note"]:
        doc.add_paragraph(text["spacing_note"])
    shown = programme.events
    header = [text["date_column"] if programme.dated else text["week_column"], text["time_column"], text["what_column"]]
    rows = [[when(event, _), clock(event, text["all_day"]), event.title] for event in shown]
    if profile.delivery == "remote":  # everything is online: the note above says so once
        add_table(doc, header, rows, widths=[3.9, 3.0, 10.1])
    else:
        add_table(doc, header + [text["where_column"]],
                  [row + [where(event, pack, text)] for row, event in zip(rows, shown)], widths=[3.9, 3.0, 7.0, 3.1])

    due = programme.of_kind("due")
    if due:
        doc.add_heading(text["activities_heading"], level=1)
        add_markdown(doc, text["activities_intro"])
        activities = {f"due-{a.id}": a for a in pack.activities}
        rows = [[activities[e.id].title, when(e, _), f"{activities[e.id].hours:g}", activities[e.id].summary]
                for e in due]
        add_table(doc, [text["activity_column"], text["due_column"], text["hours_column"], text["summary_column"]],
                  rows, widths=[3.6, 3.4, 2.2, 7.8])

    if pack.package.has_extensions:
        doc.add_paragraph(text["extensions_note"], style="Note")
    if programme.dated:
        doc.add_heading(text["calendar_heading"], level=1)
        add_markdown(doc, text["calendar_note"])
    return doc


@register
class ProgrammeWriter(Writer):
    kind = "programme"
    reads = ("activities", "package", "programme")

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if pack.programme is None:
            return

        def render() -> bytes:
            doc, _ = build_programme(pack), labels_for(pack.profile)
            return save(doc, title=_("Programme: {charity}").format(charity=pack.profile.name),
                        author=_("Involvement Team"),
                        subject=pack.profile.name, when=pack.timestamp)

        yield Output(self.kind, f"programme/{pack.profile.slug}-programme.docx", render)
