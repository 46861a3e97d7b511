"""Templates checked before anything is built (`facilitation check-template`, and every build).

A designer may replace templates/deck.pptx or guide.docx; a missing file, one that is not a
zip, a zip bomb or a deck without the layouts the writers pick by name would otherwise end in a
traceback half-way through rendering. Read with zipfile only: light, and no python-pptx.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from facilitation.errors import FacilitationError, Problem, Problems
from facilitation.project import Project

DECK_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Two Content", "Quote", "Title Only",
                "Closing", "Blank")
TEMPLATES = {"deck.pptx": ("ppt/presentation.xml",), "guide.docx": ("word/document.xml", "word/styles.xml")}
MAX_ENTRIES = 5_000
MAX_UNPACKED = 100 * 2**20  # bytes all entries expand to; the shipped templates are well under 1 MB
MAX_RATIO = 100  # expansion over compressed size; ordinary Office XML compresses about 5 to 20 times
_LAYOUT = re.compile(r"ppt/slideLayouts/slideLayout\d+\.xml")
_NAME = re.compile(rb'<p:cSld\b[^>]*?\bname="([^"]*)"')


def check_templates(project: Project) -> None:
    """Every template the writers use; all problems together."""
    problems = Problems()
    for name in TEMPLATES:
        problems.extend(check_template(project, project.templates / name))
    problems.raise_if_any()


def check_template(project: Project, path: Path) -> list[Problem]:
    shown = project.rel(path)
    try:
        project.inside(path)
    except FacilitationError as error:
        return error.problems
    if not path.is_file():
        return [Problem(shown, None, "the template is missing", "restore it, or run `make templates`")]
    try:
        with zipfile.ZipFile(path) as package:
            return _check_package(package, shown, TEMPLATES.get(path.name, ()), path.suffix == ".pptx")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError) as error:
        what = "not a zip package" if isinstance(error, zipfile.BadZipFile) else str(error)[:80]
        return [Problem(shown, None, f"the template cannot be read: {what}",
                        "save it again from PowerPoint or Word, or run `make templates`")]


def _check_package(package: zipfile.ZipFile, shown: str, required: tuple[str, ...], deck: bool) -> list[Problem]:
    entries = package.infolist()
    unpacked = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries) or 1
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        return [Problem(shown, None, f"the template expands to {unpacked:,} bytes in {len(entries):,} entries, "
                        "too much for a template (a zip bomb?)", "save a fresh copy from PowerPoint or Word")]
    names = {e.filename for e in entries}
    missing = [part for part in required if part not in names]
    if missing:
        return [Problem(shown, None, f"the template has no {missing[0]}; it is not a "
                        f"{'PowerPoint' if deck else 'Word'} file")]
    if not deck:
        return []
    layouts = set()
    for name in sorted(n for n in names if _LAYOUT.fullmatch(n)):
        match = _NAME.search(package.read(name))
        if match:
            layouts.add(html.unescape(match.group(1).decode("utf-8", "replace")))
    return [Problem(shown, None, f"the template has no slide layout named '{layout}'",
                    "the writers pick layouts by name; rename a layout in the slide master, or run `make templates`")
            for layout in DECK_LAYOUTS if layout not in layouts]
