"""The first stages of a build: load → validate → tailor → plan, into one Pack. Writes nothing.

Every content file the writers need is loaded here and all problems are reported together;
writers only render what this gathers.
"""


from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from facilitation.cache import NO_CACHE, ContentCache
from facilitation.content.activities import load_activity
from facilitation.content.handouts import HANDOUTS_FOLDER, tailor_handouts
from facilitation.content.printables import load_printables
from facilitation.content.sectors import GENERAL, SECTORS_FILE, load_sectors, match_sector
from facilitation.content.remote import RemoteContent, load_remote_content
from facilitation.content.report_back import dated_context, load_report_back
from facilitation.content.shared_text import (ACCESSIBILITY_FILE, CO_FACILITATOR_FOLDER, accessibility_plan,
                                              co_facilitator_sections, workshop_context)
from facilitation.content.source import Source
from facilitation.content.translation import (WELSH, bilingual, bilingual_report_back, is_translation, parse_welsh,
                                              welsh_name)
from facilitation.content.workshop import load_source, tailor_workshop
from facilitation.errors import FacilitationError, Problem, Problems
from facilitation.evaluation import FORM_FILE, LADDER_FILE, OUTCOMES_FILE, load_form
from facilitation.model import (Agenda, BankHolidays, Image, Pack, Printables, Profile, QuestionBank, ReportBack, TextSection,
                                Workshop)
from facilitation.plan.agenda import build_agenda, involves_co_facilitator
from facilitation.plan.dates import bank_holidays, years_dated
from facilitation.plan.diagnostic import QUESTIONS, load_questions
from facilitation.plan.pack import Rules, plan_pack
from facilitation.plan.package import OUTCOME_RULES, PROPOSAL_RULES
from facilitation.plan.programme import PROGRAMME_RULES
from facilitation.plan.rules import load_outcome_rules, load_programme_rules, load_proposal_rules
from facilitation.profile import load_profile, tailoring_context
from facilitation.profile.schema import tailoring_for_workshop
from facilitation.profile.schema import ACCESSIBILITY

from facilitation.project import Project, profile_path
from facilitation.tailor import keep_compiled_templates, keep_read_texts

MAX_IMAGE_BYTES = 20 * 2**20
MAX_IMAGE_PIXELS = 40_000_000
EMBEDDABLE = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}  # what python-pptx can place on a slide


def load_charity(project: Project, slug: str, cache: ContentCache = NO_CACHE) -> Profile:
    path = profile_path(project, slug)
    shown, text = project.rel(path), project.read(path)
    profile = cache.get("profiles", cache.key("profile", shown, text, slug), lambda: load_profile(text, shown, slug))
    return with_sector(profile, read_sectors(project, cache))


def load_bank_holidays(profile: Profile, cache: ContentCache = NO_CACHE) -> BankHolidays:
    """The charity's nation's bank holidays in the years its pack is dated in, kept in the cache."""
    kind, key, make, _ = bank_holidays_job(profile, cache)
    return cache.get(kind, key, make)


def bank_holidays_job(profile: Profile, cache: ContentCache) -> tuple[str, str, Callable[[], BankHolidays], int]:
    """The bank holidays as a cache entry to make (kind, key, make, weight in a workshop's blocks): keyed by the
    installed `holidays` library too, found without loading it (loading it is most of the work)."""
    years = tuple(years_dated(profile))
    spec = importlib.util.find_spec("holidays")
    library = (spec.origin, os.stat(spec.origin).st_mtime_ns) if spec and spec.origin else None
    return ("holidays", cache.key("holidays", profile.nation, years, library),
            lambda: bank_holidays(profile.nation, years), 20)  # loading the library takes as long as tailoring 20 blocks


def read_sectors(project: Project, cache: ContentCache = NO_CACHE) -> dict[str, dict]:
    path = project.content / SECTORS_FILE
    shown, text = project.rel(path), project.read(path)
    return cache.get("sectors", cache.key("sectors", shown, text), lambda: load_sectors(text, shown))


def with_sector(profile: Profile, sectors: dict[str, dict]) -> Profile:
    """The profile with the vocabulary its free-text sector names (the general one when none)."""
    matched = match_sector(profile.sector, sectors)
    return replace(profile, sector_vocab=matched or sectors[GENERAL], sector_matched=matched is not None)


def load_sources(project: Project, cache: ContentCache = NO_CACHE) -> dict[str, Source]:
    """Parse and validate every workshop file; report the problems of all files together.
    A file (and its Welsh parallel) read before with the same bytes comes from the cache."""
    problems = Problems()
    sources: dict[str, Source] = {}
    for path in workshop_files(project):
        shown = project.rel(path)
        try:
            source = _cached_source(project, path, shown, cache)
        except FacilitationError as error:
            problems.collect(error)
            continue
        if source.meta.get("id") != path.stem:
            problems.add(shown, source.meta_lines.get("id", 2),
                         f"id '{source.meta.get('id')}' does not match the file name '{path.stem}.md'")
        sources[path.stem] = source
    problems.raise_if_any()
    return sources


def _cached_source(project: Project, path: Path, shown: str, cache: ContentCache) -> Source:
    text = project.read(path)
    welsh_path = project.root / welsh_name(shown)
    welsh_text = project.read(welsh_path) if welsh_path.is_file() else None
    key = cache.key("source", shown, text, welsh_text)
    source = cache.get("sources", key, lambda: with_welsh(project, load_source(text, shown)))
    source.digest = key
    return source


def workshop_files(project: Project) -> list[Path]:
    """content/workshops/*.md, without the Welsh parallels (<id>.cy.md), which belong to their English file."""
    return [p for p in sorted((project.content / "workshops").glob("*.md")) if not is_translation(p.name)]


def with_welsh(project: Project, source: Source) -> Source:
    """The source with the Welsh titles of its parallel <id>.cy.md, when there is one (checked against it)."""
    path = project.root / welsh_name(source.path)
    if not path.is_file():
        return source
    problems = Problems()
    welsh = parse_welsh(project.read(path), project.rel(path), source, problems)
    if problems:  # an English pack does not read the Welsh, so its drift must not stop that build
        return replace(source, welsh_problems=tuple(problems.items))
    return replace(source, welsh=welsh)


def load_activities(project: Project, cache: ContentCache = NO_CACHE):
    """The core team's activities (content/activities/*.md); a file read before comes from the cache."""
    problems = Problems()
    activities = []
    for path in sorted((project.content / "activities").glob("*.md")):
        shown = project.rel(path)
        try:
            text = project.read(path)
        except FacilitationError as error:
            problems.collect(error)
            continue
        activity, found = cache.get("activities", cache.key("activity", shown, text),
                                    lambda: _activity(text, shown))
        problems.extend(found)
        if activity:
            activities.append(activity)
    problems.raise_if_any()
    return tuple(activities)


def _activity(text: str, shown: str):
    """One activity file read: (the activity or None, its problems), which is what is cached."""
    found = Problems()
    try:
        return load_activity(text, shown, found), found.items
    except FacilitationError as error:
        found.collect(error)
        return None, found.items


def check_asset(project: Project, relative: str, shown: str, line: int | None, problems: Problems,
                cache: ContentCache = NO_CACHE) -> None:
    """A logo or image must exist, stay inside the repository (symlinks included) and be an image
    a slide can hold; what an image's bytes were found to be is kept in the cache."""
    target = (project.content / relative)
    try:
        resolved = project.inside(target, shown, line, relative)
    except FacilitationError as error:
        problems.collect(error)
        return
    if not resolved.is_file():
        problems.add(shown, line, f"file '{relative}' does not exist", f"looked for {project.rel(target)}")
        return
    if resolved.stat().st_size > MAX_IMAGE_BYTES:
        problems.add(shown, line, f"image '{relative}' is {resolved.stat().st_size // 2**20} MB; the limit is "
                     f"{MAX_IMAGE_BYTES // 2**20} MB", "save a smaller copy")
        return
    try:
        data = resolved.read_bytes()
    except OSError as error:
        problems.add(shown, line, f"image '{relative}' cannot be read: {error.strerror}")
        return
    found = cache.get("images", cache.key("image", hashlib.sha256(data).hexdigest()), lambda: image_problem(data))
    if found is not None:
        what, hint = found
        problems.add(shown, line, f"image '{relative}' {what}", hint)


def image_problem(data: bytes) -> tuple[str, str] | None:
    """What is wrong with an image for a slide, as ("is …", hint) to follow its name; None when nothing is."""
    import io

    from PIL import Image, UnidentifiedImageError  # Pillow comes with python-pptx

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return (f"is {image.width}×{image.height} pixels; too large for a slide",
                        "resize it to at most about 4000×3000")
            if image.format not in EMBEDDABLE:  # python-pptx would crash on these when rendering
                return f"is a {image.format or 'unknown'} file, which a slide cannot hold", "save it as PNG or JPEG"
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        return f"cannot be read: {error}", ""
    return None


def tailor_all(project: Project, profile: Profile, sources: dict[str, Source],
               cache: ContentCache = NO_CACHE) -> tuple[Workshop, ...]:
    problems = Problems()
    context = tailoring_context(profile)
    jobs = {workshop_id: _tailoring(sources[workshop_id], tailoring_for_workshop(context, profile, workshop_id),
                                    profile.online(workshop_id), profile.languages, cache)
            for workshop_id in profile.workshops if workshop_id in sources}
    # a first build tailors on two cores, and loads the bank holidays meanwhile
    cache.share([("workshops", key, make, len(sources[w].blocks)) for w, (key, make) in jobs.items() if key]
                + [bank_holidays_job(profile, cache)], done=keep_read_texts)
    try:
        workshops = []
        for workshop_id in profile.workshops:
            if workshop_id not in sources:
                problems.add(profile.path, profile.lines.get("workshops"),
                             f"workshop '{workshop_id}' has no content file", f"add content/workshops/{workshop_id}.md")
                continue
            try:
                if WELSH in profile.languages and sources[workshop_id].welsh_problems:
                    raise FacilitationError(sources[workshop_id].welsh_problems)
                key, make = jobs[workshop_id]
                workshop = cache.get("workshops", key, make) if key else make()
            except FacilitationError as error:
                problems.collect(error)
                continue
            check_images(project, workshop, problems, cache)
            workshops.append(workshop)
        if profile.branding.logo:
            check_asset(project, profile.branding.logo, profile.path, profile.lines.get("branding.logo"), problems,
                        cache)
    finally:
        cache.wait_for_helper()
    problems.raise_if_any()
    return tuple(sorted(workshops, key=lambda w: (w.module, w.sequence)))


def check_images(project: Project, workshop: Workshop, problems: Problems, cache: ContentCache) -> None:
    """Every image of a workshop's slides has alt text (or is marked decorative) and can be read."""
    for slide in workshop.slides:
        for element in slide.elements:
            if isinstance(element, Image):
                if not element.alt and not element.decorative:
                    problems.add(workshop.path, element.line, f"image '{element.path}' has no alt text",
                                 'write ![what it shows](path), or ![](path "decorative") for decoration')
                check_asset(project, element.path, workshop.path, element.line, problems, cache)


def _tailoring(source: Source, context: dict, online: bool, languages: tuple[str, ...],
               cache: ContentCache) -> tuple[str, Callable[[], Workshop]]:
    """How to tailor a workshop for one charity, and the cache key of the result: the same source
    and context give the cached result. No key for a source read without the cache (a test, the
    check): there is nothing to key it by."""
    def tailor() -> Workshop:
        return tailor_workshop(bilingual(source, source.welsh, languages), context, online)
    return (cache.key("tailored", source.digest, context, online, languages) if source.digest else ""), tailor


LAST_EPOCH = 7_258_118_400  # 2200-01-01: later dates are a slip, and Python's dates end at 9999


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC datetime, None when unset; a value no document can hold is an error."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isdigit() or len(epoch) > 12 or int(epoch) > LAST_EPOCH:
        raise FacilitationError([Problem("SOURCE_DATE_EPOCH", None, f"'{epoch[:20]}' is not a usable time",
                                         "give whole seconds since 1970-01-01, before the year 2200, or unset it")])
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)


def build_timestamp(profile: Profile) -> datetime:
    """Document dates: SOURCE_DATE_EPOCH when set, else the programme's start date, else a fixed date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    if profile.start_date:
        return datetime(profile.start_date.year, profile.start_date.month, profile.start_date.day)
    return datetime(2026, 1, 1)


# ---- the other content the outputs use: rules, question bank, frames, shared text -----------------


def _file_text(project: Project, relative: str, unreadable: str, hint: str = "") -> str:
    """A file under the project root as text; `unreadable` starts the message when it cannot be read."""
    try:
        return project.inside(project.root / relative).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "it is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else error.strerror
        raise FacilitationError([Problem(relative, None, f"{unreadable}: {reason}", hint)]) from None


def load_rules(project: Project, cache: ContentCache = NO_CACHE) -> Rules:
    """content/rules/*.yaml, every problem of the three files together."""
    problems = Problems()
    loaded = {}
    for key, path, load in (("proposal", PROPOSAL_RULES, load_proposal_rules),
                            ("outcomes", OUTCOME_RULES, load_outcome_rules),
                            ("programme", PROGRAMME_RULES, load_programme_rules)):
        try:
            text = _file_text(project, path, "cannot read the file")
            loaded[key] = cache.get("rules", cache.key("rules", path, text), lambda: load(text, path))
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
        text = project.inside(path).read_bytes().decode("utf-8")
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
        return shown, project.inside(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise FacilitationError([Problem(shown, None, "the report-back's content is missing",
                                         "restore content/report-back/slides.md")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise FacilitationError([Problem(shown, None, f"cannot read the file: {error}")]) from None


def load_evaluation_form(project: Project, profile: Profile, cache: ContentCache = NO_CACHE):
    """The evaluation form's words (content/forms/evaluation.yaml, the outcomes, the ladder), tailored."""
    files = {}
    for name in (FORM_FILE, OUTCOMES_FILE, LADDER_FILE):
        path = project.content / name
        shown = project.rel(path)
        try:
            files[name] = (shown, project.inside(path).read_bytes().decode("utf-8"))
        except FileNotFoundError:
            raise FacilitationError([Problem(shown, None, "the evaluation form needs this file",
                                             f"restore content/{name}")]) from None
        except (OSError, UnicodeDecodeError) as error:
            raise FacilitationError([Problem(shown, None, f"cannot read the file: {error}")]) from None
    context = tailoring_context(profile)
    return cache.get("forms", cache.key("evaluation", files, context), lambda: load_form(files, context))


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
            files[path.name] = project.read(path)
        except FacilitationError as error:
            problems.collect(error)
    accessibility = project.content / ACCESSIBILITY_FILE
    try:
        text = project.read(accessibility)
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
        for_workshop = workshop_context(tailoring_for_workshop(context, profile, workshop_id), agenda.workshop)
        try:
            plans[workshop_id] = accessibility_plan(shared.accessibility, shared.accessibility_path, ACCESSIBILITY,
                                                    profile.accessibility, for_workshop)
        except FacilitationError as error:
            problems.collect(error)
        if any(involves_co_facilitator(item.block, profile.co_facilitates(workshop_id)) for item in agenda.items):
            try:
                notes[workshop_id] = co_facilitator_sections(shared.co_facilitator, shared.co_facilitator_folder,
                                                             for_workshop)
            except FacilitationError as error:
                problems.collect(error)
    if problems:  # the same text is tailored for every workshop: report each mistake once
        raise FacilitationError(list(dict.fromkeys(problems.items)))
    return notes, plans


def load_workshop_printables(project: Project, profile: Profile,
                             workshops: tuple[Workshop, ...]) -> dict[str, Printables]:
    """Each workshop's cards and sheets to print (content/printables/<workshop>.md), where it has them."""
    problems, found = Problems(), {}
    context = tailoring_context(profile)
    for workshop in workshops:
        path = project.content / "printables" / f"{workshop.id}.md"
        if not path.is_file():
            continue
        try:
            found[workshop.id] = load_printables(project.read(path), project.rel(path), workshop.id,
                                                 workshop_context(context, workshop))
        except FacilitationError as error:
            problems.collect(error)
    problems.raise_if_any()
    return found


def read_handouts(project: Project) -> tuple[str, dict[str, str]]:
    """content/handouts/*.md (its README aside) as (folder shown, file name -> text)."""
    problems = Problems()
    folder = project.content / HANDOUTS_FOLDER
    files = {}
    for path in sorted(folder.glob("*.md")):
        if path.name != "README.md":
            try:
                files[path.name] = project.read(path)
            except FacilitationError as error:
                problems.collect(error)
    problems.raise_if_any()
    return project.rel(folder), files


def tailor_report_back(source: tuple[str, str], pack: Pack, project: Project | None = None) -> ReportBack:
    """The report-back's words (path shown, text), tailored with the charity and its planned dates;
    for a pack in Welsh, joined with its Welsh parallel (content/report-back/slides.cy.md) where there is one."""
    shown, text = source
    context = dated_context(tailoring_context(pack.profile), pack.agendas)
    english = load_report_back(text, shown, context)
    welsh_path = project.root / welsh_name(shown) if project is not None else None
    if WELSH not in pack.profile.languages or welsh_path is None or not welsh_path.is_file():
        return english
    welsh = load_report_back(project.read(welsh_path), project.rel(welsh_path), context)
    problems = Problems()
    return bilingual_report_back(english, welsh, pack.profile.languages, problems)


# ---- the staged run ---------------------------------------------------------------------------------


def _attempt(problems: Problems, load, *args):
    """Run one loading step, collecting its problems; None when it failed."""
    try:
        return load(*args)
    except FacilitationError as error:
        problems.collect(error)
        return None


def gather(project: Project, slug: str, remote: bool = False, cache: ContentCache = NO_CACHE) -> Pack:
    """Load, validate, tailor and plan one charity's pack. Writes nothing.

    Each stage reports every problem it finds together (path:line) and stops the run before the
    next: load and validate every file, tailor, plan (facilitation.plan.pack), then tailor the
    text that quotes the planned dates (the report-back).
    """
    problems = Problems()
    keep_compiled_templates(cache.compiled_templates(), cache.read_texts())
    profile = _attempt(problems, load_charity, project, slug, cache)
    sources = _attempt(problems, load_sources, project, cache)
    activities = _attempt(problems, load_activities, project, cache)
    rules = _attempt(problems, load_rules, project, cache)
    questions = _attempt(problems, read_questions, project.content)
    shared = _attempt(problems, read_shared_text, project)
    handout_files = _attempt(problems, read_handouts, project)
    if profile is not None and remote:  # --remote: plan the whole pack as online sessions
        profile = replace(profile, delivery="remote", data={**profile.data, "delivery": "remote"})
    remote = profile is not None and any(profile.online(w) for w in profile.workshops)
    frame = _attempt(problems, load_session_frame, project) if remote else None
    wants_report_back = profile is not None and "planning" in profile.workshops
    report_back_source = _attempt(problems, read_report_back, project) if wants_report_back else None
    evaluation_form = _attempt(problems, load_evaluation_form, project, profile, cache) if profile is not None else None
    problems.raise_if_any()

    workshops = tailor_all(project, profile, sources, cache)
    agendas = {}
    for workshop in workshops:
        try:
            agendas[workshop.id] = build_agenda(workshop, profile)
        except ValueError as error:  # past midnight: at the start time that caused it
            hint = ("start earlier, or make the sessions shorter (remote.max_session_minutes)" if workshop.online
                    else "start earlier, or shorten the day")
            if profile.start_time:
                problems.add(profile.path, profile.lines.get("schedule.start_time", 1), str(error), hint)
            else:
                problems.add(workshop.path, 1, str(error), hint)
    problems.raise_if_any()
    notes, accessibility = tailor_shared_text(shared, profile, agendas)
    printables = load_workshop_printables(project, profile, workshops)
    handouts = tailor_handouts(handout_files[1], handout_files[0], tailoring_context(profile), workshops)

    pack = Pack(profile, workshops, agendas, activities, project.content, project.templates,
                build_timestamp(profile), remote=remote, co_facilitator_sections=notes,
                accessibility_plans=accessibility, questions=questions, printables=printables, handouts=handouts,
                bank_holidays=load_bank_holidays(profile, cache))
    pack = plan_pack(pack, rules, frame, profile.lines, cache.remember)
    if report_back_source is not None:  # it quotes the workshops' dates, so it waits for the plan
        pack = replace(pack, report_back=tailor_report_back(report_back_source, pack, project))
    pack = replace(pack, evaluation_form=evaluation_form)
    keep_read_texts()
    return pack

