"""The staged build: load → validate → tailor → plan → render → write, and the manifest.

Everything is gathered and rendered in memory before the first file is written, so a mistake
anywhere leaves the last good build untouched; facilitation.publish then writes the files
without ever losing one (atomic files, a manifest, a lock).
"""

from __future__ import annotations

import hashlib
import os
import time as clock
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from facilitation.errors import FacilitationError, Problem
from facilitation.project import Project, profile_path
from facilitation.publish import Manifest, Written, build_lock, file_sha256, os_errors, publish
from facilitation.writers import Output, all_writers

if TYPE_CHECKING:
    from facilitation.model import Pack

# ---- fingerprints: what an output was built from -----------------------------------------


def _digest_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def toolkit_digest() -> str:
    """The toolkit's own code: a change to a writer rebuilds what it writes."""
    package = Path(__file__).resolve().parent
    return _digest_files(list(package.rglob("*.py")), package)


def pack_fingerprint(project: Project, slug: str, remote: bool) -> str:
    """Everything a charity's pack can depend on, hashed without parsing any of it."""
    files = [p for p in project.content.rglob("*") if p.is_file() and "charities" not in p.relative_to(project.content).parts]
    files += [p for p in project.templates.rglob("*") if p.is_file()]
    files.append(project.content / "charities" / f"{slug}.yaml")
    extra = f"{toolkit_digest()}|remote={remote}|epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}"
    return hashlib.sha256((_digest_files(files, project.root) + extra).encode()).hexdigest()


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


def _unchanged(project: Project, folder: Path, manifest: Manifest, fingerprint: str) -> list[Written] | None:
    """The fast path: nothing the pack depends on changed and every output is as we left it."""
    if not manifest.entries or manifest.inputs != fingerprint:
        return None
    files = []
    for path, entry in manifest.entries.items():
        if entry.get("fresh") or file_sha256(folder / path) != entry.get("sha256"):
            return None
        output = Output(entry["kind"], path, lambda: b"", entry.get("workshop"), entry.get("session"), entry.get("minutes"), entry.get("variant"))
        files.append(Written("unchanged", output, path, (folder / path).stat().st_size, entry.get("slides", 0)))
    return files


def shared_digest(project: Project, remote: bool) -> str:
    """What every output depends on besides its own model data: code, templates, images."""
    files = [p for p in project.templates.rglob("*") if p.is_file()]
    files += [p for p in (project.content / "images").rglob("*") if p.is_file()]
    extra = f"{toolkit_digest()}|remote={remote}|epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}"
    return hashlib.sha256((_digest_files(files, project.root) + extra).encode()).hexdigest()


def output_inputs(pack: Pack, output: Output, fingerprint: str, shared: str) -> str:
    """A digest of what one output is made from.

    A workshop's outputs depend on the profile, that workshop's tailored content and plans, and
    the pack-wide text and dates they quote; so editing one workshop rebuilds only its outputs.
    Other outputs depend on the whole pack (its fingerprint).
    """
    workshop = output.workshop
    if workshop is None:
        return fingerprint
    model = (output.kind, output.session, pack.profile, pack.profile.data, pack.agendas.get(workshop),
             pack.remote_plans.get(workshop), pack.co_facilitator_sections.get(workshop),
             pack.accessibility_plans.get(workshop), pack.activities, pack.programme, pack.package,
             pack.timestamp, pack.remote, output.variant, _handout_text(pack, workshop))
    return hashlib.sha256((shared + repr(model)).encode()).hexdigest()


def _handout_text(pack: Pack, workshop: str) -> tuple:
    """The participant materials' words for a workshop (content/handouts/), tailored."""
    if pack.handouts is None:
        return ()
    return pack.handouts.by_workshop.get(workshop), pack.handouts.easy_read.get(workshop)


def _still_current(folder: Path, manifest: Manifest, path: str, inputs: str) -> bool:
    entry = (manifest.entries or {}).get(path)
    # an entry still waiting for its new bytes (next_sha256) is from a build that was interrupted
    return bool(entry and entry.get("inputs") == inputs and not entry.get("fresh") and not entry.get("next_sha256")
                and file_sha256(folder / path) == entry.get("sha256"))


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
        if not force and (files := _unchanged(project, folder, manifest, fingerprint)) is not None:
            return BuildReport(slug, manifest.name, folder, files, clock.perf_counter() - started,
                               manifest.ignored + list(manifest.notices or []))
        # loading and planning import much more (YAML, Jinja, Markdown, holidays): only when needed
        from facilitation.gather import gather
        from facilitation.render import render_all
        from facilitation.template_check import check_templates

        check_templates(project)  # before any work: a broken template would fail half-way through
        pack = gather(project, slug, remote)
        shared = shared_digest(project, remote)
        outputs = [o for writer in all_writers() for o in writer.outputs(pack)]
        # only outputs whose inputs changed are rendered, all of them before any is written
        inputs = {o.path: output_inputs(pack, o, fingerprint, shared) for o in outputs}
        unchanged = {o.path for o in outputs if not force and _still_current(folder, manifest, o.path, inputs[o.path])}
        todo = [o for o in outputs if o.path not in unchanged]
        fresh = dict(zip((o.path for o in todo), render_all(todo, jobs)))
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
        written.output = replace(written.output, render=_no_bytes)
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
