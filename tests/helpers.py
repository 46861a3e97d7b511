"""Helpers shared by the tests: a throwaway copy of the project, and reading DOCX tables."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx.oxml.ns import qn

from facilitation.project import Project

ROOT = Path(__file__).resolve().parent.parent


def copy_project(root: Path, charities: tuple[str, ...] | None = None) -> Project:
    """content/ and templates/ copied into root; build/ starts empty. With `charities`, only
    those profiles are kept, so a test does not depend on which others the project has."""
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    if charities is not None:
        for profile in (root / "content" / "charities").glob("*.yaml"):
            if profile.stem not in charities:
                profile.unlink()
    return Project(root)


SHIPPED_CHARITIES = ("example", "riverside")  # the profiles the tests are written against


def table_after(doc, heading: str):
    """The first table after the paragraph with this text."""
    seen = False
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p") and "".join(t.text or "" for t in child.iter(qn("w:t"))) == heading:
            seen = True
        elif seen and child.tag == qn("w:tbl"):
            return next(t for t in doc.tables if t._tbl is child)
    raise AssertionError(f"no table after {heading!r}")


def rows(table) -> list[list[str]]:
    """A table's text, header row left out."""
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]
