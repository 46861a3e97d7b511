"""The staged build: load → validate → tailor → plan → render → write, and the manifest.

Everything is gathered and rendered in memory before the first file is written, so a mistake
anywhere leaves the last good build untouched; facilitation.publish then writes the files
without ever losing one (atomic files, a manifest, a lock).
"""

from __future__ import annotations

import hashlib
import os
import re
import time as clock
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from facilitation.content.activities import load_activity
from facilitation.content.remote import RemoteContent, load_remote_content
from facilitation.content.report_back import dated_context, load_report_back
from facilitation.content.shared_text import (ACCESSIBILITY_FILE, CO_FACILITATOR_FOLDER, accessibility_plan,
                                              co_facilitator_sections, workshop_context)
from facilitation.content.source import Source
from facilitation.content.workshop import load_source, tailor_workshop
from facilitation.errors import FacilitationError, Problem, Problems, did_you_mean
from facilitation.model import Agenda, Image, Pack, Profile, QuestionBank, ReportBack, TextSection, Workshop
from facilitation.plan.agenda import build_agenda, involves_co_facilitator
from facilitation.plan.diagnostic import QUESTIONS, load_questions
from facilitation.plan.pack import Rules, plan_pack
from facilitation.plan.package import OUTCOME_RULES, PROPOSAL_RULES
from facilitation.plan.programme import PROGRAMME_RULES
from facilitation.plan.rules import key_lines, load_outcome_rules, load_programme_rules, load_proposal_rules
from facilitation.profile import load_profile, tailoring_context
from facilitation.profile.schema import ACCESSIBILITY
from facilitation.render import render_all
from facilitation.publish import Manifest, Written, build_lock, file_sha256, publish
from facilitation.writers import Output, all_writers

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_IMAGE_BYTES = 20 * 2**20
MAX_IMAGE_PIXELS = 40_000_000


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


# ---- load and validate ---------------------------------------------------------------------


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


def load_charity(project: Project, slug: str) -> Profile:
    path = profile_path(project, slug)
    shown = project.rel(path)
    return load_profile(read_text(path, shown), shown, slug)


def load_sources(project: Project) -> dict[str, Source]:
    """Parse and validate every workshop file; report the problems of all files together."""
    problems = Problems()
    sources: dict[str, Source] = {}
    for path in sorted((project.content / "workshops").glob("*.md")):
        shown = project.rel(path)
        try:
            source = load_source(read_text(path, shown), shown)
        except FacilitationError as error:
            problems.collect(error)
            continue
        if source.meta.get("id") != path.stem:
            problems.add(shown, source.meta_lines.get("id", 2),
                         f"id '{source.meta.get('id')}' does not match the file name '{path.stem}.md'")
        sources[path.stem] = source
    problems.raise_if_any()
    return sources


def load_activities(project: Project):
    problems = Problems()
    activities = []
    for path in sorted((project.content / "activities").glob("*.md")):
        shown = project.rel(path)
        try:
            activity = load_activity(read_text(path, shown), shown, problems)
        except FacilitationError as error:
            problems.collect(error)
            continue
        if activity:
            activities.append(activity)
    problems.raise_if_any()
    return tuple(activities)


def check_asset(project: Project, relative: str, shown: str, line: int | None, problems: Problems) -> None:
    """A logo or image must exist and stay inside the repository (symlinks included)."""
    root = project.root.resolve()
    target = (project.content / relative)
    try:
        resolved = target.resolve()
        resolved.relative_to(root)
    except (ValueError, OSError):
        problems.add(shown, line, f"path '{relative}' leaves the repository", "keep images inside content/")
        return
    if not resolved.is_file():
        problems.add(shown, line, f"file '{relative}' does not exist", f"looked for {project.rel(target)}")
        return
    if resolved.stat().st_size > MAX_IMAGE_BYTES:
        problems.add(shown, line, f"image '{relative}' is {resolved.stat().st_size // 2**20} MB; the limit is "
                     f"{MAX_IMAGE_BYTES // 2**20} MB", "save a smaller copy")
        return
    from PIL import Image, UnidentifiedImageError  # Pillow comes with python-pptx

    try:
        with Image.open(resolved) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                problems.add(shown, line, f"image '{relative}' is {image.width}×{image.height} pixels; too large for a slide",
                             "resize it to at most about 4000×3000")
                return
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        problems.add(shown, line, f"image '{relative}' cannot be read: {error}")


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^\s*{re.escape(key)}\s*:", line):
            return number
    return None


def tailor_all(project: Project, profile: Profile, sources: dict[str, Source]) -> tuple[Workshop, ...]:
    problems = Problems()
    context = tailoring_context(profile)
    workshops = []
    for workshop_id in profile.workshops:
        if workshop_id not in sources:
            problems.add(profile.path, _line_of(read_text(project.root / profile.path, profile.path), "workshops"),
                         f"workshop '{workshop_id}' has no content file", f"add content/workshops/{workshop_id}.md")
            continue
        try:
            workshop = tailor_workshop(sources[workshop_id], context)
        except FacilitationError as error:
            problems.collect(error)
            continue
        for slide in workshop.slides:
            for element in slide.elements:
                if isinstance(element, Image):
                    if not element.alt and not element.decorative:
                        problems.add(workshop.path, element.line, f"image '{element.path}' has no alt text",
                                     'write ![what it shows](path), or ![](path "decorative") for decoration')
                    check_asset(project, element.path, workshop.path, element.line, problems)
        workshops.append(workshop)
    if profile.branding.logo:
        text = read_text(project.root / profile.path, profile.path)
        check_asset(project, profile.branding.logo, profile.path, _line_of(text, "logo"), problems)
    problems.raise_if_any()
    return tuple(sorted(workshops, key=lambda w: (w.module, w.sequence)))


def build_timestamp(profile: Profile) -> datetime:
    """Document dates: SOURCE_DATE_EPOCH when set, else the programme's start date, else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    if profile.start_date:
        return datetime(profile.start_date.year, profile.start_date.month, profile.start_date.day)
    return datetime(2026, 1, 1)


# ---- the other content the outputs use: rules, question bank, frames, shared text -----------------


def _file_text(project: Project, relative: str, unreadable: str, hint: str = "") -> str:
    """A file under the project root as text; `unreadable` starts the message when it cannot be read."""
    try:
        return (project.root / relative).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "it is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror
        raise FacilitationError([Problem(relative, None, f"{unreadable}: {reason}", hint)]) from None


def load_rules(project: Project) -> Rules:
    """content/rules/*.yaml, every problem of the three files together."""
    problems = Problems()
    loaded = {}
    for key, path, load in (("proposal", PROPOSAL_RULES, load_proposal_rules),
                            ("outcomes", OUTCOME_RULES, load_outcome_rules),
                            ("programme", PROGRAMME_RULES, load_programme_rules)):
        try:
            loaded[key] = load(_file_text(project, path, "cannot read the file"), path)
        except FacilitationError as error:
            problems.collect(error)
    problems.raise_if_any()
    return Rules(**loaded)


def read_questions(content_root: Path) -> QuestionBank:
    """The Stage 1 question bank (content/diagnostic/questions.md)."""
    text = _file_text(Project(content_root.parent), QUESTIONS, "cannot read the question bank")
    return load_questions(text, QUESTIONS)


def load_session_frame(project: Project) -> RemoteContent:
    """content/remote/sessions.md: the frame of every online session."""
    path = project.content / "remote" / "sessions.md"
    shown = project.rel(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise FacilitationError([Problem(shown, None, f"the file is not UTF-8 text (byte {error.start})",
                                         "save it as UTF-8")]) from None
    except OSError as error:
        raise FacilitationError([Problem(shown, None, f"cannot read the online session frame: {error.strerror}",
                                         "remote delivery needs this file")]) from None
    return load_remote_content(text, shown)


def read_report_back(project: Project) -> tuple[str, str]:
    """content/report-back/slides.md as (path shown, text); tailored once the dates are planned."""
    path = project.content / "report-back" / "slides.md"
    shown = project.rel(path)
    try:
        return shown, path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise FacilitationError([Problem(shown, None, "the report-back's content is missing",
                                         "restore content/report-back/slides.md")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise FacilitationError([Problem(shown, None, f"cannot read the file: {error}")]) from None


@dataclass(frozen=True)
class SharedText:
    """Shared text as read, before tailoring: content/co-facilitator/*.md and content/accessibility.md."""

    co_facilitator_folder: str
    co_facilitator: dict[str, str]  # file name -> text
    accessibility_path: str
    accessibility: str


def read_shared_text(project: Project) -> SharedText:
    problems = Problems()
    folder = project.content / CO_FACILITATOR_FOLDER
    files = {}
    for path in sorted(folder.glob("*.md")):
        try:
            files[path.name] = read_text(path, project.rel(path))
        except FacilitationError as error:
            problems.collect(error)
    accessibility = project.content / ACCESSIBILITY_FILE
    try:
        text = read_text(accessibility, project.rel(accessibility))
    except FacilitationError as error:
        problems.collect(error)
    problems.raise_if_any()
    return SharedText(project.rel(folder), files, project.rel(accessibility), text)


def tailor_shared_text(shared: SharedText, profile: Profile, agendas: dict[str, Agenda]
                       ) -> tuple[dict[str, dict[str, TextSection]], dict[str, tuple[TextSection, ...]]]:
    """Each workshop's accessibility plan, and its co-facilitator notes' sections where it has any."""
    problems = Problems()
    notes, plans = {}, {}
    context = tailoring_context(profile)
    for workshop_id, agenda in agendas.items():
        for_workshop = workshop_context(context, agenda.workshop)
        try:
            plans[workshop_id] = accessibility_plan(shared.accessibility, shared.accessibility_path, ACCESSIBILITY,
                                                    profile.accessibility, for_workshop)
        except FacilitationError as error:
            problems.collect(error)
        if any(involves_co_facilitator(item.block, profile.co_facilitation) for item in agenda.items):
            try:
                notes[workshop_id] = co_facilitator_sections(shared.co_facilitator, shared.co_facilitator_folder,
                                                             for_workshop)
            except FacilitationError as error:
                problems.collect(error)
    if problems:  # the same text is tailored for every workshop: report each mistake once
        raise FacilitationError(list(dict.fromkeys(problems.items)))
    return notes, plans


def tailor_report_back(source: tuple[str, str], pack: Pack) -> ReportBack:
    """The report-back's words (path shown, text), tailored with the charity and its planned dates."""
    shown, text = source
    return load_report_back(text, shown, dated_context(tailoring_context(pack.profile), pack.agendas))


# ---- the staged run ---------------------------------------------------------------------------------


def _attempt(problems: Problems, load, *args):
    """Run one loading step, collecting its problems; None when it failed."""
    try:
        return load(*args)
    except FacilitationError as error:
        problems.collect(error)
        return None


def gather(project: Project, slug: str, remote: bool = False) -> Pack:
    """Load, validate, tailor and plan one charity's pack. Writes nothing.

    Each stage reports every problem it finds together (path:line) and stops the run before the
    next: load and validate every file, tailor, plan (facilitation.plan.pack), then tailor the
    text that quotes the planned dates (the report-back).
    """
    problems = Problems()
    profile = _attempt(problems, load_charity, project, slug)
    sources = _attempt(problems, load_sources, project)
    activities = _attempt(problems, load_activities, project)
    rules = _attempt(problems, load_rules, project)
    questions = _attempt(problems, read_questions, project.content)
    shared = _attempt(problems, read_shared_text, project)
    remote = remote or (profile is not None and profile.delivery in ("remote", "hybrid"))
    frame = _attempt(problems, load_session_frame, project) if remote else None
    wants_report_back = profile is not None and "planning" in profile.workshops
    report_back_source = _attempt(problems, read_report_back, project) if wants_report_back else None
    problems.raise_if_any()

    workshops = tailor_all(project, profile, sources)
    agendas = {}
    for workshop in workshops:
        try:
            agendas[workshop.id] = build_agenda(workshop, profile)
        except ValueError as error:
            problems.add(profile.path, None, str(error))
    problems.raise_if_any()
    notes, accessibility = tailor_shared_text(shared, profile, agendas)

    pack = Pack(profile, workshops, agendas, activities, project.content, project.templates,
                build_timestamp(profile), remote=remote, co_facilitator_sections=notes,
                accessibility_plans=accessibility, questions=questions)
    profile_text = read_text(project.root / profile.path, profile.path)
    pack = plan_pack(pack, rules, frame, key_lines(profile_text))
    if report_back_source is not None:  # it quotes the workshops' dates, so it waits for the plan
        pack = replace(pack, report_back=tailor_report_back(report_back_source, pack))
    return pack


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

    @property
    def warnings(self) -> list[str]:
        kept = [f"{w.output.path} was edited since it was built; kept it and wrote the new one to "
                f"{w.path} (compare them, or rebuild with --force)" for w in self.files if w.status == "kept"]
        stale = [f"{w.path} is no longer part of the pack, but it was edited since it was built, so it was "
                 "left in place (delete it when it is no longer needed)" for w in self.files if w.status == "stale"]
        return kept + stale

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
        output = Output(entry["kind"], path, lambda: b"", entry.get("workshop"), entry.get("session"), entry.get("minutes"))
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
             pack.timestamp, pack.remote)
    return hashlib.sha256((shared + repr(model)).encode()).hexdigest()


def _still_current(folder: Path, manifest: Manifest, path: str, inputs: str) -> bool:
    entry = (manifest.entries or {}).get(path)
    return bool(entry and entry.get("inputs") == inputs and not entry.get("fresh")
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
            return BuildReport(slug, manifest.name, folder, files, clock.perf_counter() - started)
        pack = gather(project, slug, remote)
        shared = shared_digest(project, remote)
        outputs = [o for writer in all_writers() for o in writer.outputs(pack)]
        # only outputs whose inputs changed are rendered, all of them before any is written
        inputs = {o.path: output_inputs(pack, o, fingerprint, shared) for o in outputs}
        unchanged = {o.path for o in outputs if not force and _still_current(folder, manifest, o.path, inputs[o.path])}
        todo = [o for o in outputs if o.path not in unchanged]
        fresh = dict(zip((o.path for o in todo), render_all(todo, jobs)))
        rendered = [(o, fresh.get(o.path), inputs[o.path]) for o in outputs]
        manifest.name, manifest.inputs = pack.profile.name, ""
        files = publish(folder, manifest, rendered, force)
        for written in files:
            if written.output.path in manifest.entries:  # not those removed or left behind
                manifest.entries[written.output.path]["slides"] = written.slides
        manifest.inputs = fingerprint  # recorded last: the fast path trusts only a finished build
        manifest.write(folder)
    return BuildReport(slug, pack.profile.name, folder, files, clock.perf_counter() - started)


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
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_build_one, str(project.root), slug, force, remote) for slug in slugs]
        for future in as_completed(futures):
            yield future.result()
