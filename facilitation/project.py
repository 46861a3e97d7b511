"""Where a project's content, templates and builds live, and how a charity is named (light to import)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from facilitation.errors import FacilitationError, Problem, did_you_mean

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Project:
    """Where a project's content, templates and builds live."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def rel(self, path: Path) -> str:
        """A path as the user sees it in messages: relative to the project root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def charities(self) -> list[str]:
        return sorted(p.stem for p in (self.content / "charities").glob("*.yaml"))


def read_text(path: Path, shown: str) -> str:
    try:
        data = path.read_bytes()
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FacilitationError([Problem(shown, line, f"the file is not UTF-8 text (byte {error.start})",
                                         "save it as UTF-8")]) from None
    except OSError as error:
        raise FacilitationError([Problem(shown, None, f"cannot read the file: {error.strerror}")]) from None


def profile_path(project: Project, slug: str) -> Path:
    if not SLUG.match(slug or ""):
        raise FacilitationError([Problem(slug or "''", None, "a charity is named by its profile's file name: "
                                         "lower-case letters, digits and hyphens (no '/', '..' or spaces)")])
    path = project.content / "charities" / f"{slug}.yaml"
    if not path.is_file():
        known = project.charities()
        raise FacilitationError([Problem(project.rel(path), None, f"unknown charity '{slug}'",
                                         did_you_mean(slug, known) if known else "no profiles in content/charities/")])
    return path


