"""The staged build: load → validate → tailor → plan → render → write, and the manifest.

Everything is gathered and rendered in memory before the first file is written, so a mistake
anywhere leaves the last good build untouched; facilitation.publish then writes the files
without ever losing one (atomic files, a manifest, a lock).
"""

from __future__ import annotations

import importlib
import os
import time as clock
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from facilitation.cache import (ContentCache, OutputDigests, pack_fingerprint, shared_digest, still_current,
                                unchanged_outputs)
from facilitation.errors import FacilitationError, Problem
from facilitation.project import Project, profile_path
from facilitation.publish import Manifest, Written, build_lock, os_errors, publish
from facilitation.writers import Output, all_outputs

if TYPE_CHECKING:
    from facilitation.model import Pack

# ---- build ---------------------------------------------------------------------------------


@dataclass
class BuildReport:
    slug: str
    name: str
    folder: Path
    files: list[Written] = field(default_factory=list)
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        kept = [f"{w.output.path} was edited since it was built; kept it and wrote the new one to "
                f"{w.path} (compare them, or rebuild with --force)" for w in self.files if w.status == "kept"]
        stale = [f"{w.path} is no longer part of the pack, but it was edited since it was built, so it was "
                 "left in place (delete it when it is no longer needed)" for w in self.files if w.status == "stale"]
        copies = [f"{w.path} was edited since it was built; it was left as it is (delete it, or copy your "
                  "changes into the output, when you no longer need it)" for w in self.files if w.status == "edited-copy"]
        return kept + stale + copies + self.notices

    def count(self, status: str) -> int:
        return sum(1 for w in self.files if w.status == status)

    @property
    def slides(self) -> int:
        return sum(w.slides for w in self.files)


def build(project: Project, slug: str, force: bool = False, remote: bool = False,
          jobs: int | None = None) -> BuildReport:
    """Build one charity's whole pack into build/<slug>/ (remote versions too when `remote`).

    Everything is loaded, checked and rendered in memory before the first file is written;
    an unchanged pack is recognised from its inputs' hashes without being parsed again.
    """
    started = clock.perf_counter()
    profile_path(project, slug)  # refuse a bad charity name before touching build/
    folder = project.build / slug
    with build_lock(folder, slug):
        manifest = Manifest.read(folder, slug)
        fingerprint = pack_fingerprint(project, slug, remote)
        if not force and (files := unchanged_outputs(folder, manifest, fingerprint)) is not None:
            return BuildReport(slug, manifest.name, folder, files, clock.perf_counter() - started,
                               manifest.ignored + list(manifest.notices or []))
        # loading and planning import much more (YAML, Jinja, Markdown, holidays): only when needed
        from facilitation.render import render_all
        from facilitation.template_check import check_templates
        from facilitation.writers.ooxml import prepared_kept

        check_templates(project)  # before any work: a broken template would fail half-way through
        cache = ContentCache.for_project(project)
        with prepared_kept(lambda key, make: cache.remember("prepared", key, make)), \
                _drawer(manifest, force, jobs) as drawer:  # restyled templates kept; a deck drawn there
            pack, outputs, inputs, todo = _gathered(project, slug, remote, force, cache, folder, manifest, fingerprint)
            fresh = dict(zip((o.path for o in todo), render_all(todo, jobs, drawer)))
        rendered = [(o, fresh.get(o.path), inputs[o.path]) for o in outputs]
        manifest.name, manifest.inputs, manifest.notices = pack.profile.name, "", pack.notices
        files = publish(folder, manifest, rendered, force)
        for written in files:
            # not those removed or left behind, nor side copies: they would zero the output's count
            if written.output.path in manifest.entries and written.status not in ("removed", "stale", "edited-copy"):
                manifest.entries[written.output.path]["slides"] = written.slides
        manifest.inputs = fingerprint  # recorded last: the fast path trusts only a finished build
        with os_errors(folder / "manifest.json"):
            manifest.write(folder)
    return BuildReport(slug, pack.profile.name, folder, files, clock.perf_counter() - started,
                       manifest.ignored + pack.notices)


def _drawer(manifest: Manifest, force: bool, jobs: int | None):
    """A rebuild's deck drawer (`facilitation.render.Drawer`), loading python-pptx while the pack is
    gathered; none for a first or forced build (every output is rendered, by a pool), nor with one
    core or one job (`--all` builds charities side by side instead)."""
    from contextlib import nullcontext

    from facilitation.render import Drawer

    if force or not manifest.entries or jobs == 1 or (os.cpu_count() or 1) < 2:
        return nullcontext()
    return Drawer(lambda: importlib.import_module("facilitation.writers.pptx.slides"))


def _gathered(project: Project, slug: str, remote: bool, force: bool, cache: ContentCache, folder: Path,
              manifest: Manifest, fingerprint: str) -> tuple[Pack, list[Output], dict[str, str], list[Output]]:
    """The pack, its outputs, each one's inputs, and those to render: the ones whose inputs changed."""
    from facilitation.gather import gather
    from facilitation.plan.audience import views
    from facilitation.render import collector_paused

    with collector_paused():
        pack = gather(project, slug, remote, cache)
        seen_by = views(pack)  # each audience's writers see only what their readers may
        outputs = all_outputs(seen_by)
        digest = OutputDigests(seen_by, fingerprint, shared_digest(project, remote, pack.profile.branding.logo),
                               cache.model)
        inputs = {o.path: digest.recorded(o, None if force else (manifest.entries or {}).get(o.path, {}).get("inputs"))
                  for o in outputs}
        unchanged = {o.path for o in outputs if not force and still_current(folder, manifest, o.path, inputs[o.path])}
    return pack, outputs, inputs, [o for o in outputs if o.path not in unchanged]  # frozen until rendered


# ---- watching ------------------------------------------------------------------------------


def watch(project: Project, slug: str, remote: bool = False, stop=None, debounce_ms: int = 50,
          ready: Callable[[], object] = lambda: None) -> Iterator[tuple[list[Path], BuildReport | FacilitationError]]:
    """Build the pack now, then again each time a file in content/ or templates/ changes, in this
    one process: what was imported and compiled stays loaded, so a one-word edit rebuilds in a
    quarter of a second. Yields the changed files (none for the first build) with the report, or
    the problems found (the last good pack stays as it was). `ready()` is called once changes
    are being watched. Ends when `stop` (a threading.Event) is set, or on Ctrl-C.
    """
    import watchfiles

    yield [], _built_or_problems(project, slug, remote)
    folders = [str(folder) for folder in (project.content, project.templates) if folder.is_dir()]
    caught_up = False
    for changes in watchfiles.watch(*folders, stop_event=stop, debounce=debounce_ms, step=20, rust_timeout=200,
                                    yield_on_timeout=True, raise_interrupt=False):
        if changes:
            # an editor's (or sed's) scratch files come and go beside the file saved: not named
            changed = sorted({Path(path) for _, path in changes if Path(path).exists() or Path(path).suffix})
            yield changed or [project.content], _built_or_problems(project, slug, remote)
        elif not caught_up:  # the watcher has started: catch up with edits saved during the first build
            caught_up = True
            if (outcome := _built_or_problems(project, slug, remote)) and not _nothing_new(outcome):
                yield [project.content], outcome
            ready()


def _nothing_new(outcome: BuildReport | FacilitationError) -> bool:
    return isinstance(outcome, BuildReport) and all(w.status == "unchanged" for w in outcome.files)


def _built_or_problems(project: Project, slug: str, remote: bool) -> BuildReport | FacilitationError:
    try:
        return build(project, slug, remote=remote)
    except FacilitationError as error:
        return error


# ---- many charities ------------------------------------------------------------------------


@dataclass
class Outcome:
    """One charity's result in a multi-charity build: a report, or the problems that stopped it."""

    slug: str
    report: BuildReport | None = None
    problems: list[Problem] = field(default_factory=list)


def _no_bytes() -> bytes:
    return b""


def _build_one(root: str, slug: str, force: bool, remote: bool) -> Outcome:
    try:
        # charities already build in parallel: render each one's outputs in this worker alone
        report = build(Project(Path(root)), slug, force=force, remote=remote, jobs=1)
    except FacilitationError as error:
        return Outcome(slug, problems=error.problems)
    for written in report.files:  # renderers are closures: drop them so the report can cross processes
        written.output = replace(written.output, render=_no_bytes, made_from=None, portable=None)
    return Outcome(slug, report=report)


def build_many(project: Project, slugs: list[str], workers: int | None = None, force: bool = False,
               remote: bool = False) -> Iterator[Outcome]:
    """Build several charities in parallel worker processes; yield each outcome as it finishes.

    One charity's problems never stop the others.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    workers = max(1, min(workers or os.cpu_count() or 1, len(slugs)))
    if workers == 1:
        for slug in slugs:
            yield _build_one(str(project.root), slug, force, remote)
        return
    from facilitation.workers import die_with_parent, stop_workers

    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(_build_one, str(project.root), slug, force, remote) for slug in slugs]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:  # Ctrl-C: stop now, not after every charity still queued
            stop_workers(pool)
            raise
