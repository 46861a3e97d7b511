"""What the preview shows: the last good pack, the current mistakes, and pages made from them.

A change is gathered with the build's own stages (facilitation.gather). An edit to workshop files
alone is gathered again for those workshops only: parsed, tailored and timed as the build does,
with the rest of the last good pack kept (the workshop's date too). Any other change (a profile, a
rule, shared text, a template, or a charity that delivers online) gathers the whole pack again.
A mistake never replaces the last good pack: the pages show the mistakes above it.
"""

from __future__ import annotations

import threading
import time as clock
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from facilitation.errors import FacilitationError, Problem
from facilitation.model import Pack
from facilitation.project import Project, read_text


@dataclass
class Snapshot:
    """One state of the preview. Pages are made from it on demand and kept with it."""

    version: int
    pack: Pack | None  # the last good pack (None when no gather has succeeded yet)
    problems: list[str]  # the mistakes of the latest gather, as the build prints them; [] when it succeeded
    good_at: datetime | None  # when `pack` was gathered
    seconds: float = 0.0  # how long the latest gather took
    pages: dict[str, tuple[int, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def problem_lines(error: Exception) -> list[str]:
    if isinstance(error, FacilitationError):
        return [str(problem) for problem in error.problems]
    return [f"internal error: {type(error).__name__}: {error} (the preview keeps running; please report this)"]


def forget_templates() -> None:
    """The writers read each template from disk once per process (facilitation.writers.ooxml); a
    preview runs for hours, so after a template changes it is read again."""
    from facilitation.writers import ooxml

    ooxml.forget_templates()


class Preview:
    """One charity's live preview: gathers on each change, keeps versions for live reload."""

    def __init__(self, project: Project, slug: str,
                 render: Callable[[Snapshot, Project, str, str], tuple[int, str]] | None = None):
        from facilitation.preview.pages import render_page

        self.project, self.slug = project, slug
        self.render = render or render_page
        self._changed = threading.Condition()
        self._refresh_lock = threading.Lock()
        self.snapshot = self._gather_all(version=1, previous=None)

    # ---- gathering -----------------------------------------------------------------------------

    def _gather_all(self, version: int, previous: Snapshot | None) -> Snapshot:
        from facilitation.gather import gather

        started = clock.perf_counter()
        try:
            pack = gather(self.project, self.slug)
        except Exception as error:  # noqa: BLE001 - a mistake (or a bug) never stops the preview
            return Snapshot(version, previous.pack if previous else None, problem_lines(error),
                            previous.good_at if previous else None, clock.perf_counter() - started)
        return Snapshot(version, pack, [], datetime.now(), clock.perf_counter() - started)

    def _gather_workshops(self, version: int, previous: Snapshot, ids: list[str]) -> Snapshot:
        """Only the edited workshops, through the build's own loading, tailoring and timing."""
        from facilitation.content.workshop import load_source
        from facilitation.gather import tailor_all
        from facilitation.plan.agenda import build_agenda

        started = clock.perf_counter()
        pack = previous.pack
        try:
            sources, problems = {}, []
            for workshop_id in ids:
                path = self.project.content / "workshops" / f"{workshop_id}.md"
                shown = self.project.rel(path)
                try:
                    sources[workshop_id] = load_source(read_text(path, shown), shown)
                except FacilitationError as error:
                    problems += error.problems
                    continue
                if sources[workshop_id].meta.get("id") != workshop_id:
                    problems.append(Problem(shown, sources[workshop_id].meta_lines.get("id", 2),
                                            f"id '{sources[workshop_id].meta.get('id')}' does not match the file "
                                            f"name '{workshop_id}.md'"))
            if problems:
                raise FacilitationError(problems)
            tailored = tailor_all(self.project, replace(pack.profile, workshops=tuple(ids)), sources)
            agendas, workshops = dict(pack.agendas), list(pack.workshops)
            for workshop in tailored:
                agenda = build_agenda(workshop, pack.profile)
                agendas[workshop.id] = replace(agenda, date=pack.agendas[workshop.id].date)
                workshops = [workshop if w.id == workshop.id else w for w in workshops]
            new = replace(pack, workshops=tuple(workshops), agendas=agendas)
        except Exception as error:  # noqa: BLE001
            return Snapshot(version, pack, problem_lines(error), previous.good_at, clock.perf_counter() - started)
        return Snapshot(version, new, [], datetime.now(), clock.perf_counter() - started)

    def _edited_workshops(self, changed: Iterable[Path], previous: Snapshot) -> list[str] | None:
        """The workshops whose files alone changed, or None when the whole pack must be gathered."""
        pack = previous.pack
        if pack is None or previous.problems or pack.remote:
            return None
        folder = (self.project.content / "workshops").resolve()
        ids = []
        for path in changed:
            path = Path(path).resolve()
            if path.parent != folder or path.suffix != ".md" or path.stem not in pack.workshop_ids or not path.is_file():
                return None
            ids.append(path.stem)
        return sorted(set(ids)) or None

    def refresh(self, changed: Iterable[Path] = (), warm: Iterable[str] = ()) -> Snapshot:
        """Gather again after `changed` files changed; make the `warm` pages (those open in a
        browser) before publishing, so a reload finds them ready. Returns the new snapshot."""
        with self._refresh_lock:
            previous = self.snapshot
            changed = list(changed)
            templates = self.project.templates.resolve()
            if any(templates in Path(p).resolve().parents for p in changed):
                forget_templates()
            ids = self._edited_workshops(changed, previous)
            if ids:
                snapshot = self._gather_workshops(previous.version + 1, previous, ids)
            else:
                snapshot = self._gather_all(previous.version + 1, previous)
            for path in set(warm):
                self.page(path, snapshot)
            with self._changed:
                self.snapshot = snapshot
                self._changed.notify_all()
            return snapshot

    # ---- pages and versions ----------------------------------------------------------------------

    def page(self, path: str, snapshot: Snapshot | None = None) -> tuple[int, str]:
        """(HTTP status, HTML) for a path, made once per snapshot."""
        snapshot = snapshot or self.snapshot
        with snapshot.lock:
            if path not in snapshot.pages:
                try:
                    snapshot.pages[path] = self.render(snapshot, self.project, self.slug, path)
                except Exception as error:  # noqa: BLE001 - a page that fails to draw is itself a page
                    from facilitation.preview.pages import error_page

                    snapshot.pages[path] = (500, error_page(snapshot, self.slug, problem_lines(error)))
            return snapshot.pages[path]

    def wait(self, version: int, timeout: float) -> int:
        """Block until the version differs from `version` (or `timeout` passes); the current version."""
        with self._changed:
            if self.snapshot.version == version:
                self._changed.wait(timeout)
            return self.snapshot.version

    def wake(self) -> None:
        with self._changed:
            self._changed.notify_all()
