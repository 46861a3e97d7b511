"""The `task-sheet` writer: one sheet per between-workshop activity, for the core team (DOCX).

A sheet says what to do, who does it, by when and how long it takes, gives the questions to ask,
a record sheet to fill in and how the results feed the next workshop. Its due date is the
programme's `due-<activity>` event, the same one the calendar shows, so the two always agree.
Activities the programme drops (no workshop the charity runs comes before them) get no sheet.
"""

from __future__ import annotations

from typing import Iterable

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.shared import Cm

from facilitation.i18n import labels_for
from facilitation.model import Activity, Event, Pack
from facilitation.plan.dates import long_date
from facilitation.plan.audience import PARTICIPANTS
from facilitation.writers import Output, Writer, register
from facilitation.writers.docx.text import (add_heading, add_markdown, add_page_numbers, add_styled, add_table,
                                            new_document, save)
from facilitation.writers.printables import is_rule

SIZES = {"Title": 24, "Heading 1": 15, "Heading 2": 12}
BLANK_ROWS = 8  # lines to write on in the record sheet
HALF_DAY_HOURS = 4  # each core team member allows about half a day between workshops
PAGE_WIDTH_CM = 17.0


def body_size(profile) -> int:
    """12 pt, or 14 pt when the charity asks for large print."""
    return 14 if "large-print" in profile.accessibility else 12


def task_sheet_path(activity: Activity) -> str:
    return f"task-sheets/{activity.id}.docx"


def table_columns(markdown: str) -> tuple[list[str], str]:
    """A record sheet's column names (its table's header row) and the text around the table."""
    columns: list[str] = []
    text = []
    for line in markdown.splitlines():
        if line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not columns and not is_rule(cells):
                columns = cells
        else:
            text.append(line)
    return columns, "\n".join(text).strip()


def next_sitting(pack: Pack, due: Event) -> Event | None:
    """The first workshop, session or report-back after the work is due: where the results go."""
    later = [e for e in pack.programme.sittings if e.kind in ("workshop", "session", "report-back")
             and ((e.day > due.day) if (e.day and due.day) else e.week > due.week)]
    return later[0] if later else None


def _facts(pack: Pack, activity: Activity, due: Event, _) -> list[list[str]]:
    workshops = {w.id: w.title for w in pack.workshops}
    after = pack.programme.sittings_of(due.workshop)
    after_day = long_date(after[-1].day) if after else ""
    when = long_date(due.day) or _("Week {week} of the programme (dates to be agreed)").format(week=due.week)
    hours = _("About {hours} hours for each core team member").format(hours=f"{activity.hours:g}")
    if activity.hours <= HALF_DAY_HOURS:
        hours += " " + _("(within the half day each member allows between workshops)")
    rows = [[_("What to do"), activity.summary],
            [_("After"), ", ".join(p for p in (workshops.get(due.workshop, due.workshop), after_day) if p)],
            [_("Due by"), when],
            [_("Time it takes"), hours]]
    following = next_sitting(pack, due)
    if following:
        rows.append([_("Results go to"),
                     ", ".join(p for p in (following.title, long_date(following.day)) if p)])
    return rows


def _record_sheet(doc, markdown: str) -> None:
    columns, text = table_columns(markdown)
    if text:
        add_markdown(doc, text)
    width = PAGE_WIDTH_CM / max(len(columns), 1)
    table = add_table(doc, columns, [[""] * len(columns) for _row in range(BLANK_ROWS)],
                      widths=[width] * len(columns))
    for row in table.rows[1:]:
        row.height, row.height_rule = Cm(1.6), WD_ROW_HEIGHT_RULE.AT_LEAST


def build_task_sheet(pack: Pack, activity: Activity, due: Event):
    _ = labels_for(pack.profile)
    doc = new_document(pack.templates, pack.profile.branding.font, body_size(pack.profile), SIZES)
    add_styled(doc, activity.title, "Title")
    doc.add_paragraph(_("Task sheet for the core team of {charity}").format(charity=pack.profile.name))
    add_table(doc, [_("What"), _("Details")], _facts(pack, activity, due, _), widths=[4.0, 13.0])
    for title, heading in (("Purpose", _("Why it matters")), ("Who", _("Who does it")),
                           ("Steps", _("What to do")), ("Time", _("How long it takes")),
                           ("Template", _("Questions to ask"))):
        add_heading(doc, heading, level=1)
        add_markdown(doc, activity.section(title))
    add_heading(doc, _("Record sheet"), level=1).paragraph_format.page_break_before = True
    _record_sheet(doc, activity.section("Record sheet"))
    add_heading(doc, _("How the results feed the next workshop"), level=1)
    add_markdown(doc, activity.section("Next workshop"))
    add_page_numbers(doc, f"{activity.title} · {pack.profile.short_name} · " + _("task sheet"))
    return doc


@register
class TaskSheetWriter(Writer):
    kind = "task-sheet"
    audience = PARTICIPANTS

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if pack.programme is None:
            return
        due = {e.id: e for e in pack.programme.of_kind("due")}
        for activity in pack.activities:
            event = due.get(f"due-{activity.id}")
            if event is None:  # dropped: no workshop the charity runs comes before it
                continue

            def render(activity=activity, event=event) -> bytes:
                return save(build_task_sheet(pack, activity, event), title=f"Task sheet: {activity.title}",
                            author="Involvement Team", subject=pack.profile.name, when=pack.timestamp)

            yield Output(self.kind, task_sheet_path(activity), render, workshop=event.workshop)
