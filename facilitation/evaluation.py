"""The evaluation form: its words (content/forms/evaluation.yaml), reading a filled one back, and
what moved between two (`facilitation harvest … --before FORM.docx --after FORM.docx`).

The form stores a small description of itself (its outcomes, rungs and labels) in a custom
document property, so a filled form is read by the text of its rows, not by where tables sit:
people add rows, notes and paragraphs. A box counts as ticked when anything other than ☐ is in it
(☒, X, ✓, a word): that is what people do in Word.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Mapping

from facilitation import tailor
from facilitation.errors import FacilitationError, Problem
from facilitation.model import EVALUATION_MARKER, Assessment, EvaluationForm, Movement
from facilitation.plan.rules import Prose, check_file, load_outcome_rules
from facilitation.profile.fields import Choice, Items, Section, Text

FORM_FILE = "forms/evaluation.yaml"  # under content/
OUTCOMES_FILE = "rules/outcomes.yaml"
LADDER_FILE = "report-back/slides.md"
PROPERTY = "Evaluation form"  # the custom property that marks and describes the form
EMPTY_BOX = "☐"
LADDER_LABEL = "Ladder of participation"


# ---- the words -------------------------------------------------------------------------------------

TEXT_KEYS = ("title", "intro", "outcomes_heading", "outcomes_intro", "outcome_column", "comment_column",
             "ladder_heading", "ladder_intro", "rung_column", "meaning_column", "tick_column", "why_label")


def _schema(outcome_ids: tuple[str, ...]) -> Section:
    fields: dict = {key: Prose(required=True) for key in TEXT_KEYS}
    fields["details"] = Items(item=Text(max_length=60))
    fields["when"] = Section(fields={"label": Text(required=True, max_length=40),
                                     "options": Items(item=Text(max_length=80))})
    fields["outcomes"] = Items(item=Choice(options=outcome_ids))
    fields["scale"] = Items(item=Text(max_length=30))
    return Section(fields=fields)


LADDER = re.compile(r"^```ladder\s*$(.*?)^```\s*$", re.S | re.M)


def ladder_rungs(text: str, path: str) -> tuple[tuple[str, str], ...]:
    """The rungs of the ladder in the report-back's words (`- Rung | what it means`), top first."""
    match = LADDER.search(text)
    if not match:
        raise FacilitationError([Problem(path, None, "the evaluation form needs the ladder: no ```ladder block here")])
    rungs = []
    for line in match.group(1).splitlines():
        if line.strip().startswith("- "):
            label, _, detail = line.strip()[2:].partition("|")
            rungs.append((label.strip(), detail.strip()))
    return tuple(rungs)


def load_form(files: Mapping[str, tuple[str, str]], context: Mapping[str, Any]) -> EvaluationForm:
    """The form from its three content files ({FORM_FILE: (path shown, text)} …), tailored with `context`."""
    outcomes_path, outcomes_text = files[OUTCOMES_FILE]
    form_path, form_text = files[FORM_FILE]
    known = load_outcome_rules(outcomes_text, outcomes_path).get("outcomes") or {}
    data = check_file(form_text, form_path, _schema(tuple(known)))

    def tailored(value: str, path: str = form_path) -> str:
        return " ".join(tailor.render(str(value), context, path, 1).split())

    if len(data["scale"]) < 2:
        raise FacilitationError([Problem(form_path, None, "scale: give at least two points, "
                                         "for example 1 Not yet … 5 Fully")])
    return EvaluationForm(
        text={key: tailored(data[key]) for key in TEXT_KEYS} | {"when_label": tailored(data["when"]["label"])},
        details=tuple(tailored(d) for d in data["details"]),
        when=tuple(tailored(w) for w in data["when"].get("options", [])),
        outcomes=tuple((tailored(known[o]["title"], outcomes_path), tailored(known[o]["description"], outcomes_path))
                       for o in data["outcomes"]),
        scale=tuple(tailored(s) for s in data["scale"]),
        rungs=ladder_rungs(*reversed(files[LADDER_FILE])),
    )


# ---- reading a filled form back --------------------------------------------------------------------


def _problem(path: Path, message: str, hint: str = "") -> FacilitationError:
    return FacilitationError([Problem(str(path), None, message, hint)])


def _open(path: Path):
    from docx import Document

    if not path.is_file():
        raise _problem(path, "no such file" if not path.exists() else "this is a folder, not a Word file")
    if not zipfile.is_zipfile(path):
        raise _problem(path, "not a Word (.docx) file", "save the evaluation form as Word (.docx) and try again")
    try:
        return Document(str(path))
    except Exception:  # python-docx fails in many ways on a package that is not a Word document
        raise _problem(path, "not a Word (.docx) file, or it is damaged",
                       "open the evaluation form in Word or LibreOffice and save it as .docx") from None


def _description(doc) -> dict | None:
    from facilitation.writers.docx.properties import json_property

    value = json_property(doc, PROPERTY)
    return value if isinstance(value, dict) and value.get("form") == EVALUATION_MARKER else None


def _text(cell) -> str:
    return "\n".join(p.text for p in cell.paragraphs).strip()


def ticked(cell) -> bool:
    return bool(_text(cell).replace(EMPTY_BOX, "").strip())


def _rows(doc):
    for table in doc.tables:
        for row in table.rows:
            cells = row.cells
            if cells:
                yield cells


def read_form(path: Path) -> Assessment:
    """A filled evaluation form. Raises FacilitationError when it is not one, or nothing is filled in."""
    doc = _open(path)
    described = _description(doc)
    if described is None:
        raise _problem(path, "this is not an evaluation form",
                       "use the evaluation form the toolkit made, in build/<charity>/evaluation/, filled in")
    titles, scale, rungs = described.get("outcomes", []), int(described.get("scale", 5)), described.get("rungs", [])
    scores: dict[str, tuple[int | None, str]] = {}
    rung, why = None, ""
    for cells in _rows(doc):
        first = _text(cells[0])
        title = next((t for t in titles if first.startswith(t)), None)
        if title and len(cells) >= scale + 1 and title not in scores:
            marks = [n for n in range(1, scale + 1) if ticked(cells[n])]
            if len(marks) > 1:
                raise _problem(path, f"'{title}': {len(marks)} boxes are ticked", "tick one box in each row")
            comment = _text(cells[scale + 1]) if len(cells) > scale + 1 else ""
            scores[title] = (marks[0] if marks else None, comment)
        elif first in rungs and len(cells) >= 3 and ticked(cells[-1]):
            if rung is not None and rung != first:
                raise _problem(path, f"more than one rung is ticked ({rung}, {first})", "tick the one rung that fits best")
            rung = first
        elif first == described.get("why") and len(cells) >= 2:
            why = _text(cells[-1]) if cells[-1] is not cells[0] else ""
    result = Assessment(path.name, tuple((t, *scores.get(t, (None, ""))) for t in titles), rung, why, tuple(rungs))
    if not filled(result):
        raise _problem(path, "nothing is filled in on this evaluation form",
                       "tick a box for each outcome and a rung on the ladder, save the form, then try again")
    return result


def filled(assessment: Assessment) -> bool:
    return bool(assessment.rung or assessment.rung_comment or any(s is not None or c for _, s, c in assessment.scores))


# ---- what moved -------------------------------------------------------------------------------------


def _score(value: int | None) -> str:
    return str(value) if value is not None else "not scored"


def _change(before: int | None, after: int | None) -> str:
    if before is None or after is None:
        return ""
    return "no change" if before == after else f"{after - before:+d}"


def _rungs_moved(before: str | None, after: str | None, rungs: list[str]) -> str:
    if before not in rungs or after not in rungs:
        return ""
    up = rungs.index(before) - rungs.index(after)  # top rung first
    if up == 0:
        return "no change"
    return f"{'up' if up > 0 else 'down'} {abs(up)} rung{'s' if abs(up) != 1 else ''}"


def compare(before: Assessment, after: Assessment) -> tuple[Movement, ...]:
    """One row for each outcome (in the earlier form's order) and one for the ladder."""
    earlier = {title: score for title, score, _ in before.scores}
    later = {title: score for title, score, _ in after.scores}
    notes = {title: [("Before", comment)] for title, _, comment in before.scores if comment}
    for title, _, comment in after.scores:
        if comment:
            notes.setdefault(title, []).append(("After", comment))
    titles = list(earlier) + [t for t in later if t not in earlier]
    moved = [Movement(t, _score(earlier.get(t)), _score(later.get(t)), _change(earlier.get(t), later.get(t)),
                      tuple(notes.get(t, ()))) for t in titles]
    why = tuple((when, form.rung_comment) for when, form in (("Before", before), ("After", after)) if form.rung_comment)
    moved.append(Movement(LADDER_LABEL, before.rung or "not ticked", after.rung or "not ticked",
                          _rungs_moved(before.rung, after.rung, list(after.rungs or before.rungs)), why))
    return tuple(moved)
