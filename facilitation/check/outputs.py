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

from facilitation.build import Project, pack_fingerprint

from facilitation.gather import load_charity
from facilitation.check.findings import Finding
from facilitation.errors import FacilitationError
from facilitation.publish import Manifest
from facilitation.writers.fit import measured_with

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
        large_print = "large-print" in load_charity(project, slug).accessibility
    except FacilitationError:
        large_print = False  # the profile's own problems are reported by the content check
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
    if schema:
        findings += validate_schema(office)
    if office and not str(measured_with("Arial") or "").startswith(("Liberation", "Arimo")):
        findings.append(Finding(f"{shown_folder}/", "overflow", "Arial is measured with "
                                f"{measured_with('Arial') or 'an estimate'}, not a font with Arial's metrics: install "
                                "fonts-liberation for exact overflow checks", "note"))
    return findings, len(manifest.entries)


GUIDE_SLIDE = re.compile(r"^Slide (\d+): (.+)$")


def check_guide_slides(project: Project, folder: Path, entries: dict[str, dict]) -> list[Finding]:
    """Each guide's "Slide N: title" must be slide N of its deck (a "(continued)" slide the deck
    writer adds for overfull text would shift the numbers after it)."""
    from docx import Document
    from pptx import Presentation

    decks = {e.get("workshop"): path for path, e in entries.items() if e.get("kind") == "deck"}
    findings = []
    for path, entry in sorted(entries.items()):
        deck = decks.get(entry.get("workshop"))
        if entry.get("kind") != "facilitator-guide" or deck is None:
            continue
        if not (folder / path).is_file() or not (folder / deck).is_file():
            continue
        titles = [(s.shapes.title.text if s.shapes.title is not None else "")
                  for s in Presentation(str(folder / deck)).slides]
        for paragraph in Document(str(folder / path)).paragraphs:
            match = GUIDE_SLIDE.match(paragraph.text.strip())
            if not match:
                continue
            number, title = int(match.group(1)), match.group(2)
            actual = titles[number - 1] if 0 < number <= len(titles) else None
            if actual != title:
                findings.append(Finding(project.rel(folder / path), "guide-slides",
                                        f"says slide {number} is '{title}', but in {deck} it is "
                                        f"{repr(actual) if actual is not None else 'missing'}: shorten the slide "
                                        "that continues on a new slide, or split it into two '##' slides"))
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
