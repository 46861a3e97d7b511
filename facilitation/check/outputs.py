"""Check one charity's built outputs, as listed in build/<slug>/manifest.json.

Decks and documents are read back (facilitation.check.decks, .documents); every PPTX and DOCX is
validated against the Office Open XML schemas with openxml-audit when it is installed (the test
extra installs it), in parallel worker processes because validating a long guide takes a second.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from facilitation.cache import pack_fingerprint
from facilitation.project import Project

from facilitation.gather import load_charity
from facilitation.check.findings import Finding
from facilitation.check.rules import IN_PERSON_WORDS
from facilitation.errors import FacilitationError
from facilitation.publish import Manifest
from facilitation.writers.pptx.fit import measured_with

SCHEMA_ERRORS_SHOWN = 10  # per file; the rest are counted
TEMPLATE_MARK = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def check_build(project: Project, slug: str, schema: bool = True) -> tuple[list[Finding], int]:
    """Findings on a charity's built outputs, and how many outputs were checked."""
    from facilitation.check.decks import check_deck
    from facilitation.check.documents import check_document

    folder = project.build / slug
    shown_folder = project.rel(folder)
    manifest = Manifest.read(folder, slug)
    if not manifest.entries:
        return [Finding(f"{shown_folder}/", "build", f"no build yet: run 'facilitation build {slug}' "
                                                     "(or 'facilitation check --build')", "warning")], 0
    findings: list[Finding] = []
    if manifest.inputs not in (pack_fingerprint(project, slug, False), pack_fingerprint(project, slug, True)):
        findings.append(Finding(f"{shown_folder}/", "build", "the content, profile or toolkit changed since this "
                                f"build: these are the old outputs (run 'facilitation build {slug}')", "warning"))
    try:
        profile = load_charity(project, slug)
    except FacilitationError:
        profile = None  # the profile's own problems are reported by the content check
    large_print = profile is not None and "large-print" in profile.accessibility
    office = []
    for path, entry in sorted(manifest.entries.items()):
        file = folder / path
        shown = project.rel(file)
        if not file.is_file():
            findings.append(Finding(shown, "build", "listed in the manifest but missing: rebuild the charity"))
            continue
        suffix = file.suffix.lower()
        if suffix == ".pptx":
            findings += check_deck(file, shown, entry.get("kind", "deck"))
            office.append((file, shown))
        elif suffix == ".docx":
            findings += check_document(file, shown, entry.get("kind", ""), large_print)
            office.append((file, shown))
        else:
            findings += check_text(file, shown)
    findings += check_guide_slides(project, folder, manifest.entries)
    if profile is not None:
        findings += check_delivery(project, folder, manifest.entries, profile.remote_max_minutes)
    if schema:
        findings += validate_schema(office)
    if office and not str(measured_with("Arial") or "").startswith(("Liberation", "Arimo")):
        findings.append(Finding(f"{shown_folder}/", "overflow", "Arial is measured with "
                                f"{measured_with('Arial') or 'an estimate'}, not a font with Arial's metrics: install "
                                "fonts-liberation for exact overflow checks", "note"))
    return findings, len(manifest.entries)


GUIDE_SLIDE = re.compile(r"^Slide (\d+): (.+)$")



def _deck_titles(path: Path) -> list[str]:
    from pptx import Presentation

    return [(s.shapes.title.text if s.shapes.title is not None else "") for s in Presentation(str(path)).slides]


def check_guide_slides(project: Project, folder: Path, entries: dict[str, dict]) -> list[Finding]:
    """Each guide's "Slide N: title" must be slide N of its deck: the workshop's deck, or under a
    "Session n of N" heading, that online session's deck (a "(continued)" slide the deck writer
    adds for overfull text would shift the numbers after it)."""
    from docx import Document

    decks = {(e.get("workshop"), e.get("session")): path for path, e in entries.items()
             if e.get("kind") in ("deck", "remote-deck")}
    findings = []
    for path, entry in sorted(entries.items()):
        workshop = entry.get("workshop")
        if entry.get("kind") != "facilitator-guide" or not (folder / path).is_file():
            continue
        session, titles, deck = None, None, decks.get((workshop, None))
        for paragraph in Document(str(folder / path)).paragraphs:
            text = paragraph.text.strip()
            heading = SESSION_HEADING.match(text) if paragraph.style.name == "Heading 1" else None
            if heading:
                session, titles = int(heading.group(1)), None
                deck = decks.get((workshop, session))
            match = GUIDE_SLIDE.match(text)
            if not match or deck is None or not (folder / deck).is_file():
                continue
            titles = titles if titles is not None else _deck_titles(folder / deck)
            number, title = int(match.group(1)), match.group(2)
            actual = titles[number - 1] if 0 < number <= len(titles) else None
            if actual != title:
                findings.append(Finding(project.rel(folder / path), "guide-slides",
                                        f"says slide {number} is '{title}', but in {deck} it is "
                                        f"{repr(actual) if actual is not None else 'missing'}: shorten the slide "
                                        "that continues on a new slide, or split it into two '##' slides"))
    return findings


# ---- delivery: what an output says about online sittings -------------------------------------------

SESSION_HEADING = re.compile(r"^Session (\d+) of \d+:")
TIME_RANGE = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\s*(?:–|-|to)\s*([01]?\d|2[0-3]):([0-5]\d)\b")


def longest_range(text: str) -> tuple[int, str] | None:
    """The longest clock-time range in a text ("10:00–16:30"), in minutes, with the range as written."""
    ranges = [((int(c) * 60 + int(d)) - (int(a) * 60 + int(b)), m.group(0))
              for m in TIME_RANGE.finditer(text) for a, b, c, d in [m.groups()]]
    return max(ranges, default=None)


def output_texts(path: Path) -> list[tuple[str, str]]:
    """An output's text as (where, text): each slide (with its notes), or each paragraph and table cell."""
    if path.suffix == ".pptx":
        from pptx import Presentation

        texts = []
        for number, slide in enumerate(Presentation(str(path)).slides, start=1):
            words = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
            if slide.has_notes_slide:
                words.append(slide.notes_slide.notes_text_frame.text)
            texts.append((f"slide {number}", "\n".join(words)))
        return texts
    from docx import Document

    doc = Document(str(path))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return [("", p.text) for p in doc.paragraphs] + [("table", text) for text in cells]


def calendar_sittings(path: Path) -> list[tuple[str, int]]:
    """Each timed calendar event that is online: its summary and length in minutes."""
    from icalendar import Calendar

    events = []
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        start, end = event.get("dtstart"), event.get("dtend")
        online = "online" in str(event.get("location", "")).lower()
        if online and start is not None and end is not None and hasattr(start.dt, "hour"):
            events.append((str(event.get("summary")), int((end.dt - start.dt).total_seconds() // 60)))
    return events


def check_delivery(project: Project, folder: Path, entries: dict[str, dict], maximum: int) -> list[Finding]:
    """Outputs of a workshop delivered online (those with online-session decks) never present a
    sitting longer than `maximum` minutes, nor in-person wording on its sessions' slides and in
    its co-facilitator notes; online calendar events are never longer."""
    online = {e.get("workshop") for e in entries.values() if e.get("kind") == "remote-deck"}
    findings = []
    for path, entry in sorted(entries.items()):
        file, kind = folder / path, entry.get("kind")
        if not file.is_file():
            continue
        shown = project.rel(file)
        if kind == "calendar":
            findings += [Finding(shown, "sitting-length", f"the online event '{summary}' lasts {minutes} minutes, "
                                 f"longer than a {maximum}-minute session")
                         for summary, minutes in calendar_sittings(file) if minutes > maximum]
            continue
        if entry.get("workshop") not in online or kind not in ("remote-deck", "facilitator-guide",
                                                               "co-facilitator-notes", "remote-plan"):
            continue
        for where, text in output_texts(file):
            longest = longest_range(text)
            if longest and longest[0] > maximum:
                findings.append(Finding(shown, "sitting-length", f"{where + ': ' if where else ''}'{longest[1]}' "
                                        f"presents {longest[0]} minutes as one sitting, but the workshop runs "
                                        f"online in sessions of at most {maximum} minutes"))
            if kind in ("remote-deck", "co-facilitator-notes") and (word := IN_PERSON_WORDS.search(text)):
                findings.append(Finding(shown, "online-wording", f"{where + ': ' if where else ''}says "
                                        f"'{word.group(0)}', which describes a day in a room, in an online session's "
                                        "text: give the online wording with {% if online %} or a slide with "
                                        "{when=\"online\"}"))
    return findings


def check_text(path: Path, shown: str) -> list[Finding]:
    """Plain-text outputs (the calendar): no template text left in."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as error:
        return [Finding(shown, "build", f"cannot read the file: {error.strerror}")]
    for number, line in enumerate(text.splitlines(), start=1):
        if TEMPLATE_MARK.search(line):
            return [Finding(shown, "unrendered-template", f"template text left in: '{line.strip()[:60]}'", line=number)]
    return []


# ---- Office Open XML schema validation ------------------------------------------------------------


def schema_validator_available() -> bool:
    try:
        import openxml_audit  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _validator():
    from openxml_audit import OpenXmlValidator

    return OpenXmlValidator(max_errors=200)


def schema_errors(path: str) -> list[str]:
    """openxml-audit's errors for one file, as text (run in a worker process)."""
    try:
        result = _validator().validate(path)
    except Exception as error:  # the validator could not read the package at all
        return [f"cannot be validated: {error}"]
    return [str(error) for error in result.errors]


def schema_results(paths: list[str], workers: int | None = None) -> dict[str, list[str]]:
    """Each file's schema errors (an empty list when valid), validated in parallel processes."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths)))
    if workers == 1:
        return {path: schema_errors(path) for path in paths}
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(schema_errors, paths)))


def validate_schema(files: list[tuple[Path, str]], workers: int | None = None) -> list[Finding]:
    if not files:
        return []
    if not schema_validator_available():
        return [Finding(files[0][1].rsplit("/", 2)[0] + "/", "ooxml-schema", "openxml-audit is not installed, so the "
                        "XML was not validated (pip install openxml-audit, or the toolkit's test extra)", "note")]
    results = schema_results([str(path) for path, _ in files], workers)
    findings = []
    for path, shown in files:
        errors = results[str(path)]
        findings += [Finding(shown, "ooxml-schema", error) for error in errors[:SCHEMA_ERRORS_SHOWN]]
        if len(errors) > SCHEMA_ERRORS_SHOWN:
            findings.append(Finding(shown, "ooxml-schema", f"… and {len(errors) - SCHEMA_ERRORS_SHOWN} more schema errors"))
    return findings
