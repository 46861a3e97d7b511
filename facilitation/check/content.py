"""Lint one charity's content and profile: the problems a build would stop on, then the quality rules.

Pure: works on the model (no python-pptx or python-docx), reusing the build's own loaders so a
finding here is exactly what the build sees. Every finding names the editor's file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

import yaml

from facilitation.project import Project

from facilitation.gather import load_activities, load_charity, tailor_all, with_welsh, workshop_files
from facilitation.colour import AA_NORMAL, WHITE, contrast, readable
from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.content.translation import WELSH, untranslated
from facilitation.content.workshop import load_source, title_renderer
from facilitation.errors import FacilitationError, Problem
from facilitation.profile.fields import parse_yaml
from facilitation.profile.schema import tailoring_context, tailoring_for_workshop
from facilitation.model import BulletList, Image, Paragraph, Profile, Quote, Table, Workshop, plain
from facilitation.plan.agenda import build_agenda
from facilitation.check.findings import Finding
from facilitation.check.rules import RULES, SENTENCE_WORDS, check, checks

# Which rule a loader's problem belongs to, by what its message says; anything else is `content`.
PROBLEM_RULES = (
    (re.compile(r"blocks add up to|run past midnight"), "day-length"),
    (re.compile(r"slide title .* used twice|slide has no title"), "slide-title"),
    (re.compile(r"has no alt text"), "alt-text"),
    (re.compile(r"^(file|path|image) '.*' (does not exist|leaves the repository|cannot be read|is )"), "image-path"),
    (re.compile(r"undefined template variable|unknown name"), "unrendered-template"),
)
WORD = re.compile(r"[\w’'-]+")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")
# A timed step in a facilitator fence: a bullet or numbered line that starts with "5 min:", "(5 min)"
# or "0–5 min:" (optionally "about"). "A–B min" is a window, from minute A to minute B of the block, so it
# counts B − A minutes (never its upper bound: "10–20 min" after "0–10 min" is ten minutes, not twenty).
TIMED_STEP = re.compile(r"^\s*(?:[-*]|\d+[.)])\s+\(?(?:about\s+)?(?:(\d+)\s*[–—-]\s*)?(\d+)\s*min(?:utes?|s)?\b\)?\s*[:)]?",
                        re.IGNORECASE)
IMAGE_NAME = re.compile(r"\.(png|jpe?g|gif|svg|bmp|webp|emf|wmf)$", re.IGNORECASE)


@dataclass(frozen=True)
class CharityContent:
    """What the content rules look at for one charity."""

    project: Project
    profile: Profile
    profile_text: str
    workshops: tuple[Workshop, ...]


def from_problems(problems: Iterable[Problem]) -> list[Finding]:
    findings = []
    for problem in problems:
        rule = next((r for pattern, r in PROBLEM_RULES if pattern.search(problem.message)), "content")
        message = f"{problem.message} ({problem.hint})" if problem.hint else problem.message
        findings.append(Finding(problem.path, rule, message, RULES[rule].severity if rule != "content" else "error",
                                line=problem.line))
    return findings


def lint_charity(project: Project, slug: str) -> list[Finding]:
    """Every content and profile finding for one charity (the workshops it takes)."""
    try:
        profile = load_charity(project, slug)
    except FacilitationError as error:
        return from_problems(error.problems)
    sources, findings = load_each_source(project)
    try:
        load_activities(project)
    except FacilitationError as error:
        findings += from_problems(error.problems)
    workshops = []
    for workshop_id in profile.workshops:  # one by one, so one workshop's problems hide no other's
        if workshop_id not in sources and (project.content / "workshops" / f"{workshop_id}.md").is_file():
            continue  # its file has problems, reported above
        try:
            workshops += tailor_all(project, replace(profile, workshops=(workshop_id,)), sources)
        except FacilitationError as error:
            findings += from_problems(error.problems)
    content = CharityContent(project, profile, project.read(project.root / profile.path), tuple(workshops))
    for _, function in checks("profile"):
        findings += function(content)
    for workshop in workshops:
        for _, function in checks("workshop"):
            findings += function(content, workshop)
    return findings


def load_each_source(project: Project) -> tuple[dict, list[Finding]]:
    """Every workshop file that loads, and the findings of those that do not (file by file)."""
    sources, findings = {}, []
    for path in workshop_files(project):
        shown = project.rel(path)
        try:
            source = with_welsh(project, load_source(project.read(path), shown))
        except FacilitationError as error:
            findings += from_problems(error.problems)
            continue
        # a Welsh parallel that drifts stops only the packs in Welsh (their build reports it as an error)
        findings += [Finding(f.path, "untranslated", f.message, "warning", line=f.line)
                     for f in from_problems(source.welsh_problems)]
        if source.meta.get("id") != path.stem:
            findings.append(Finding(shown, "content", f"id '{source.meta.get('id')}' does not match the file name "
                                    f"'{path.stem}.md'", line=source.meta_lines.get("id", 2)))
        sources[path.stem] = source
    return sources, findings


def key_line(text: str, *keys: str) -> int | None:
    """The line of a nested key in a YAML file (e.g. branding → primary)."""
    try:
        node = parse_yaml(text, "")[1]
    except FacilitationError:
        return None
    line = None
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return line
        match = next(((k, v) for k, v in node.value if k.value == key), None)
        if match is None:
            return line
        line, node = match[0].start_mark.line + 1, match[1]
    return line


# ---- profile rules -------------------------------------------------------------------------------


@check("brand-colours", on="profile")
def brand_colours(content: CharityContent) -> Iterable[Finding]:
    """A primary colour too pale for text on white is darkened by the writers: say so, and to what."""
    primary = content.profile.branding.primary
    ratio = contrast(primary, WHITE)
    if ratio < AA_NORMAL:
        used = readable(primary)
        yield Finding(content.profile.path, "brand-colours",
                      f"primary colour {primary} has only {ratio:.1f}:1 contrast on white (text needs "
                      f"{AA_NORMAL}:1); slide text uses {used} instead ({contrast(used, WHITE):.1f}:1)",
                      "warning", line=key_line(content.profile_text, "branding", "primary"))


# ---- workshop rules ------------------------------------------------------------------------------


def words(text: str) -> int:
    return len(WORD.findall(text))


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s.strip()]


def participant_texts(workshop: Workshop) -> Iterable[tuple[int, str]]:
    """(line, text) of everything participants read: slides, `participants` fences, activity invitations."""
    for block in workshop.blocks:
        for slide in block.slides:
            yield slide.line, slide.title
            for element in slide.elements:
                if isinstance(element, BulletList):
                    yield from ((element.line + n, plain(item.runs)) for n, item in enumerate(element.items))
                elif isinstance(element, (Paragraph, Quote)):
                    yield element.line, plain(element.runs)
                elif isinstance(element, Table):
                    for n, row in enumerate((element.header,) + element.rows):
                        yield from ((element.line + n + (n > 0), plain(cell)) for cell in row)
            for fence in slide.fences:
                if fence.name == "participants":
                    yield from ((fence.line + 1 + n, text) for n, text in enumerate(fence.text.splitlines()))
        for fence in block.fences:
            if fence.name == "participants":
                yield from ((fence.line + 1 + n, text) for n, text in enumerate(fence.text.splitlines()))
        if block.activity and block.activity.get("invitation"):
            yield block.line, str(block.activity["invitation"])


@check("sentence-length", on="workshop")
def sentence_length(content: CharityContent, workshop: Workshop) -> Iterable[Finding]:
    for line, text in participant_texts(workshop):
        for sentence in sentences(text):
            count = words(sentence)
            if count > SENTENCE_WORDS:
                shown = sentence if len(sentence) <= 70 else sentence[:67] + "…"
                yield Finding(workshop.path, "sentence-length",
                              f"a participant-facing sentence has {count} words (at most {SENTENCE_WORDS}): "
                              f"\"{shown}\"", "warning", line=line)


@check("day-length", on="workshop")
def day_length(content: CharityContent, workshop: Workshop) -> Iterable[Finding]:
    total = sum(block.duration for block in workshop.blocks)
    if total != workshop.length:
        yield Finding(workshop.path, "day-length", f"blocks add up to {total} minutes but the workshop's length is "
                      f"{workshop.length}", line=2)
        return
    try:
        build_agenda(workshop, content.profile)
    except ValueError as error:
        yield Finding(content.profile.path, "day-length", str(error),
                      line=key_line(content.profile_text, "schedule", "start_time"))


@check("table-header", on="workshop")
def table_header(content: CharityContent, workshop: Workshop) -> Iterable[Finding]:
    for slide in workshop.slides:
        for element in slide.elements:
            if isinstance(element, Table) and not any(plain(cell).strip() for cell in element.header):
                yield Finding(workshop.path, "table-header", "the table's first row (its header) is empty",
                              line=element.line)


@check("alt-text", on="workshop")
def alt_text(content: CharityContent, workshop: Workshop) -> Iterable[Finding]:
    """The loader refuses missing alt text; this catches alt text that says nothing."""
    for slide in workshop.slides:
        for element in slide.elements:
            if isinstance(element, Image) and not element.decorative:
                alt = element.alt.strip()
                if IMAGE_NAME.search(alt) or alt.lower() in ("image", "picture", "photo", "logo"):
                    yield Finding(workshop.path, "alt-text", f"alt text '{alt}' does not say what the picture shows",
                                  "warning", line=element.line)


def step_minutes_of(text: str) -> int | None:
    """The minutes the timed steps in a facilitator fence add up to, or None when it has no timed steps."""
    total, found = 0, False
    for line in text.splitlines():
        match = TIMED_STEP.match(line)
        if match:
            start, end = match.group(1), int(match.group(2))
            total += end - int(start) if start is not None else end
            found = True
    return total if found else None


@check("step-minutes", on="workshop")
def step_minutes(content: CharityContent, workshop: Workshop) -> Iterable[Finding]:
    """A block's timed facilitator steps add up to its duration: a block whose steps need more (or
    fewer) minutes than it has is overbooked (or padded), and the run-sheet would lie about the day."""
    for block in workshop.blocks:
        fences = [f for f in block.fences if f.name == "facilitator"]
        fences += [f for slide in block.slides for f in slide.fences if f.name == "facilitator"]
        counted = [m for m in (step_minutes_of(f.text) for f in fences) if m is not None]
        if not counted:
            continue
        total = sum(counted)
        if total != block.duration:
            yield Finding(workshop.path, "step-minutes",
                          f"block '{block.title}' lasts {block.duration} minutes but the timed steps in its "
                          f"facilitator notes add up to {total}", line=fences[0].line)


# ---- materials: every item is provided by the pack or bought -----------------------------------

# Every kind of output a pack can hold (DESIGN.md), so `{pack=handout}` is known before its writer is.
PACK_KINDS = ("deck", "facilitator-guide", "co-facilitator-notes", "remote-deck", "remote-plan", "report-back",
              "proposal", "programme", "calendar", "diagnostic-form", "handout", "joining-instructions",
              "task-sheet", "printables", "evaluation-form", "feedback-form", "check-in")
MATERIALS_HINT = "end the line with {printable=id}, {pack=kind}, {buy}, {venue} or {made}"


def materials_lines(text: str) -> Iterable[tuple[int, str]]:
    """(line, item) for every `- item` inside a `::: materials` fence of a workshop file, as written."""
    inside = False
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith("::: materials"):
            inside = True
        elif inside and line.startswith(":::"):
            inside = False
        elif inside and line.strip():
            yield number, line.strip().lstrip("-* ").strip()


@check("materials-source", on="workshop")
def materials_source(content: CharityContent, workshop: Workshop) -> Iterable[Finding]:
    """Read from the file as written, so items in every `{% if %}` branch are checked, at their own line."""
    from facilitation.content.printables import printable_ids
    from facilitation.model import MATERIAL_SOURCES, parse_material

    project = content.project
    source = project.root / workshop.path
    if not source.is_file():
        return
    printables = project.content / "printables" / f"{workshop.id}.md"
    ids = printable_ids(project.read(printables)) if printables.is_file() else {}
    for line, item in materials_lines(project.read(source)):
        material = parse_material(item)
        shown = material.text if len(material.text) <= 60 else material.text[:57] + "…"
        if material.source is None:
            yield Finding(workshop.path, "materials-source",
                          f"materials item \"{shown}\" does not say where it comes from ({MATERIALS_HINT})",
                          "warning", line=line)
        elif material.source not in MATERIAL_SOURCES:
            yield Finding(workshop.path, "materials-source", f"unknown materials source '{{{material.source}}}' "
                          f"({MATERIALS_HINT})", "error", line=line)
        elif material.source == "printable" and material.ref not in ids:
            known = ", ".join(sorted(ids)) or f"none: add {project.rel(printables)}"
            yield Finding(workshop.path, "materials-source",
                          f"no printable '{material.ref}' in {project.rel(printables)} (its printables: {known})",
                          "error", line=line)
        elif material.source == "pack" and material.ref and material.ref not in PACK_KINDS:
            yield Finding(workshop.path, "materials-source", f"the pack has no output kind '{material.ref}'",
                          "error", line=line)

# ---- content-wide rules --------------------------------------------------------------------------

METHODS_FILE = "rules/methods.yaml"
ACTIVITY_STRUCTURE = re.compile(r"^structure:\s*(.+?)\s*$")
HEADING = re.compile(r"^#{1,2}\s+(.+?)\s*(?:\{[^}]*\})?\s*$")


@dataclass(frozen=True)
class Method:
    name: str
    spellings: tuple[str, ...]  # normalised
    limit: int


def method_key(text: str) -> str:
    """A spelling with case, punctuation and spacing removed: "What? So what?" is "what so what"."""
    return " ".join(re.sub(r"[^\w%&/]+", " ", text.lower().replace("&", " and ")).split())


def load_methods(project: Project) -> list[Method]:
    path = project.content / METHODS_FILE
    if not path.is_file():
        return []
    raw = yaml.safe_load(project.read(path)) or {}
    return [Method(str(entry["name"]), tuple(method_key(str(s)) for s in [entry["name"], *entry.get("also", [])]),
                   int(entry.get("limit", 1))) for entry in raw.get("methods", [])]


def method_uses(text: str, methods: list[Method]) -> Iterable[tuple[int, Method]]:
    """Each (line, method) a workshop file uses: activity structures and headings that name a method."""
    in_activity = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(":::"):
            in_activity = line.strip() == "::: activity"
            continue
        structure = ACTIVITY_STRUCTURE.match(line) if in_activity else None
        if structure:
            key = method_key(structure.group(1).strip("\"'"))
            yield number, next((m for m in methods if any(key == s or key.startswith(s + " ") for s in m.spellings)),
                               Method(structure.group(1).strip("\"'"), (key,), 1))
        elif (heading := HEADING.match(line)) and not in_activity:
            key = f" {method_key(heading.group(1))} "
            for method in methods:
                if any(f" {s} " in key for s in method.spellings):
                    yield number, method


@check("method-reuse", on="profile")
def method_reuse(content: CharityContent) -> Iterable[Finding]:
    """A method used in more workshops than its limit: each use after the first workshops (in programme
    order) is reported, with where the method was used first."""
    project = content.project
    try:
        methods = load_methods(project)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
        mark = getattr(error, "problem_mark", None)
        yield Finding(f"content/{METHODS_FILE}", "method-reuse", f"cannot read the methods list: {error}".splitlines()[0],
                      line=mark.line + 1 if mark else None)
        return
    order = {workshop_id: index for index, workshop_id in enumerate(WORKSHOP_IDS)}
    paths = sorted((p for p in (project.content / "workshops").glob("*.md")
                    if not p.name.endswith(".cy.md")),  # a Welsh parallel repeats its English file's methods
                   key=lambda p: (order.get(p.stem, len(order)), p.stem))
    first_uses: dict[str, list[tuple[str, int]]] = {}  # method name -> [(file, line)], one per workshop
    for path in paths:
        shown = project.rel(path)
        seen_here: set[str] = set()
        for line, method in method_uses(project.read(path), methods):
            uses = first_uses.setdefault(method.name, [])
            if method.name in seen_here:
                continue  # a method may come back within its own workshop
            seen_here.add(method.name)
            if len(uses) >= method.limit:
                where = ", ".join(f"{file}:{at}" for file, at in uses)
                times = "one workshop" if method.limit == 1 else f"{method.limit} workshops"
                yield Finding(shown, "method-reuse", f"method '{method.name}' is already used in {where}; use it in "
                              f"{times} at most (choose another method, see content/{METHODS_FILE})", line=line)
            else:
                uses.append((shown, line))


@check("untranslated", on="workshop")
def untranslated_titles(content: CharityContent, workshop: Workshop) -> Iterable[Finding]:
    """A bilingual pack still builds where Welsh is missing (the English stands): list what is left."""
    if WELSH not in content.profile.languages:
        return
    project = content.project
    try:
        source = with_welsh(project, load_source(project.read(project.root / workshop.path), workshop.path))
    except FacilitationError:
        return  # reported by the content rule
    profile = content.profile
    render = title_renderer(source, tailoring_for_workshop(tailoring_context(profile), profile, workshop.id),
                            workshop.online)
    for item in untranslated(source, source.welsh, render):  # as this charity's pack shows them
        yield Finding(item.path, "untranslated", f"no Welsh for {item.what}: the English stands", "warning",
                      line=item.line)
