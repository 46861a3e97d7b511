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
        """Profiles a build can be asked for: `.hidden.yaml` or `Bad Name.yaml` are not charities."""
        return sorted(p.stem for p in (self.content / "charities").glob("*.yaml") if SLUG.match(p.stem))

    def inside(self, path: Path, where: str | None = None, line: int | None = None, name: str | None = None) -> Path:
        """The one containment rule for every file the toolkit reads (profiles, workshops,
        activities, rules, shared text, templates, images): the path, links followed, must
        resolve inside the project. The problem is reported at `where:line` (default: the file)."""
        name = name or self.rel(path)
        try:
            resolved = path.resolve()
            resolved.relative_to(self.root.resolve())
        except (ValueError, OSError, RuntimeError):  # outside, or a link loop
            raise FacilitationError([Problem(where or name, line, f"path '{name}' leaves the repository",
                                             "a link to a file outside it is not read; copy the file in instead")]) from None
        return resolved

    def read(self, path: Path) -> str:
        """A content file's text, once it passed the containment rule and the size limit."""
        return read_text(self.inside(path), self.rel(path))


MAX_FILE_BYTES = 4 * 2**20  # far more than any content file needs; more is a slip, and slow to parse


def read_text(path: Path, shown: str) -> str:
    """A file's text, or a message naming it; prefer Project.read, which also checks containment."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise FacilitationError([Problem(shown, data.count(b"\n") + 1, "the file is too large",
                                             f"the limit is {MAX_FILE_BYTES // 2**20} MB")])
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


