"""The staged build: one plan gives every output the same dates; writers only render; stale outputs go."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import holidays
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from facilitation.build import Project, build

from facilitation.gather import gather
from facilitation.cli import main
from facilitation.plan.dates import long_date

ROOT = Path(__file__).resolve().parent.parent
WRITERS = ROOT / "facilitation" / "writers"
BANK_HOLIDAYS = {"england": holidays.UK(subdiv="ENG", years=range(2026, 2031)),
                 "wales": holidays.UK(subdiv="WLS", years=range(2026, 2031))}


def set_profile(project: Project, slug: str, old: str, new: str) -> None:
    path = project.content / "charities" / f"{slug}.yaml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def manifest(project: Project, slug: str) -> list[dict]:
    return json.loads((project.build / slug / "manifest.json").read_text("utf-8"))["outputs"]


def slide_text(path: Path) -> str:
    prs = Presentation(str(path))
    return "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame)


def doc_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs]
                     + [cell.text for table in doc.tables for row in table.rows for cell in row.cells])


# ---- one plan, one set of dates ---------------------------------------------------------------


def test_remote_sessions_fall_on_the_programmes_session_dates(project):
    pack = gather(project, "riverside")
    sessions = {(e.workshop, e.session): e for e in pack.programme.of_kind("session")}
    assert pack.remote_plans and set(pack.remote_plans) == set(pack.workshop_ids)
    for workshop_id, plan in pack.remote_plans.items():
        for session in plan.sessions:
            event = sessions.pop((workshop_id, session.number))
            assert (session.date, session.start, session.minutes) == (event.day, event.start, event.minutes)
        first = pack.programme.sittings_of(workshop_id)[0]  # online: no day, its first session
        assert pack.agendas[workshop_id].date == first.day == plan.sessions[0].date
    # the sessions left are those of workshops the proposal adds but the profile does not build
    assert {w for w, _ in sessions} == {"staff-session", "debrief"}, "every built workshop's session has its deck"
    assert all(30 <= e.minutes <= 75 for e in sessions.values())
    concepts = pack.remote_plans["concepts"].sessions[0]
    assert concepts.date == date(2027, 2, 16)  # the staff session opens the programme on 2 February


def test_decks_guides_remote_decks_and_programme_print_the_same_date(project):
    build(project, "riverside")
    folder = project.build / "riverside"
    day = gather(project, "riverside").agendas["vision"].date
    assert day is not None
    assert not (folder / "decks" / "vision.pptx").exists()  # online: its sessions' decks are its decks
    assert long_date(day) in doc_text(folder / "guides" / "vision-facilitator-guide.docx")
    assert long_date(day) in slide_text(folder / "remote" / "vision" / "session-1.pptx")
    assert long_date(day) in doc_text(folder / "remote" / "vision-remote-plan.docx")
    assert f"{day:%a} {day.day} {day:%b %Y}" in doc_text(folder / "programme" / "riverside-programme.docx")


def test_no_session_date_is_a_weekend_or_a_bank_holiday(project):
    # Example, online on request, starting on the Friday before the late May bank holiday
    set_profile(project, "example", "start_date: 2027-01-12", "start_date: 2027-05-28")
    for slug, remote in (("riverside", False), ("example", True)):
        pack = gather(project, slug, remote=remote)
        holidays_there = BANK_HOLIDAYS[pack.profile.nation]
        days = [s.date for plan in pack.remote_plans.values() for s in plan.sessions]
        days += [a.date for a in pack.agendas.values()]
        assert days and all(days)
        for day in days:
            assert day.weekday() < 5 and day not in holidays_there, (slug, day)
    staff = gather(project, "example", remote=True).remote_plans["staff-session"].sessions
    assert staff[0].date == date(2027, 5, 28) and staff[1].date == date(2027, 6, 1)  # not Monday 31 May


def test_a_not_yet_proposal_still_has_no_programme_or_calendar(project):
    set_profile(project, "example", "senior_buy_in: partial", "senior_buy_in: none")
    pack = gather(project, "example")
    assert pack.package.not_yet and pack.programme is None
    report = build(project, "example")
    kinds = {w.output.kind for w in report.files}
    assert "proposal" in kinds and not kinds & {"programme", "calendar"}


def test_mistakes_in_the_rules_and_the_question_bank_are_reported_together(project):
    rules = project.content / "rules" / "proposal.yaml"
    rules.write_text(rules.read_text("utf-8").replace("when: {capacity: low}", "when: {capacity: lo}"), "utf-8")
    questions = project.content / "diagnostic" / "questions.md"
    questions.write_text(questions.read_text("utf-8").replace('{record="diagnostic.capacity"}',
                                                              '{record="diagnostic.capasity"}'), "utf-8")
    result = CliRunner().invoke(main, ["build", "riverside", "--root", str(project.root)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "content/rules/proposal.yaml:" in result.output and "did you mean 'low'?" in result.output
    assert "content/diagnostic/questions.md:" in result.output and "'diagnostic.capasity'" in result.output
    assert not (project.build / "riverside").exists() or not list((project.build / "riverside").rglob("*.pptx"))


# ---- the import rule: writers render what the plan stage gave them ------------------------------

# Pure helpers on model data that a writer may use; nothing that reads a file, tailors or plans.
PURE_HELPERS = {
    "facilitation.plan.deck_plan": {"ACTIVITY_KINDS", "PlannedSlide", "deck_plan", "slides_of", "session_plan"},
    "facilitation.plan.delivery": {"Sitting", "TimedPart", "workshop_sittings"},  # a view of the planned pack
    "facilitation.plan.agenda": {"effective_lead", "involves_co_facilitator"},
    "facilitation.plan.audience": {"FACILITATORS", "PARTICIPANTS"},  # names only; the views are made in build
    "facilitation.plan.dates": {"long_date"},
    "facilitation.plan.remote": {"online_minutes"},
    "facilitation.plan.package": {"days_text"},
    "facilitation.content.markdown": {"parse_inline"},  # inline Markdown of a string, into runs
    "facilitation.content.vocabulary": {"slugify"},
    "facilitation.i18n": {"labels_for", "Labels"},  # fixed labels in the pack's languages
}
ALLOWED_MODULES = ("facilitation.model", "facilitation.colour", "facilitation.i18n", "facilitation.writers")


def imports_of(path: Path) -> list[tuple[str, str | None]]:
    """(module, name) for every `import` and `from … import` in a file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            found += [(module, alias.name) for alias in node.names]
    return found


def broken_import_rule(path: Path) -> list[str]:
    wrong = []
    for module, name in imports_of(path):
        if not module.startswith("facilitation"):
            continue
        if module in ALLOWED_MODULES or module.startswith("facilitation.writers."):
            continue
        if module in PURE_HELPERS and name in PURE_HELPERS[module]:
            continue
        wrong.append(f"{path.name}: {module}" + (f".{name}" if name else ""))
    return wrong


def test_writers_import_only_the_model_and_pure_helpers():
    wrong = [problem for path in sorted(WRITERS.glob("*.py")) for problem in broken_import_rule(path)]
    assert wrong == [], "writers must read pack.* (load, tailor and plan in facilitation.gather): " + ", ".join(wrong)


def test_the_import_rule_test_catches_a_loader(tmp_path):
    path = tmp_path / "sneaky.py"
    path.write_text("from facilitation.model import Pack\nfrom facilitation.plan.remote import plan_remote\n"
                    "def f():\n    from facilitation.profile import tailoring_context\n    import facilitation.build\n")
    assert broken_import_rule(path) == ["sneaky.py: facilitation.plan.remote.plan_remote",
                                        "sneaky.py: facilitation.profile.tailoring_context",
                                        "sneaky.py: facilitation.build"]


# ---- outputs a rebuild no longer makes ------------------------------------------------------------


def test_outputs_no_longer_made_are_removed_and_edited_ones_kept(project):
    build(project, "riverside")
    before = {o["path"] for o in manifest(project, "riverside")}
    vision = sorted((o for o in manifest(project, "riverside") if o["kind"] == "remote-deck"
                     and o["workshop"] == "vision"), key=lambda o: o["session"])
    assert len(vision) > 2
    folder = project.build / "riverside"
    edited_path = vision[-1]["path"]
    edited = folder / edited_path
    edited.write_bytes(edited.read_bytes() + b"edited")  # someone changed the last session's deck

    set_profile(project, "riverside", "max_session_minutes: 75", "max_session_minutes: 180")
    result = CliRunner().invoke(main, ["build", "riverside", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    after = {o["path"] for o in manifest(project, "riverside")}
    assert 0 < len([p for p in after if p.startswith("remote/vision/")]) < len(vision)
    gone = sorted(before - after)
    assert edited_path in gone and len(gone) > 1
    for path in gone:
        assert (folder / path).exists() == (path == edited_path), path
        status = "stale" if path == edited_path else "removed"
        assert f"  {status:<9} build/riverside/{path}" in result.output
    assert f"{edited_path} is no longer part of the pack, but it was edited" in result.output
    assert f"{len(gone) - 1} removed, 1 stale" in result.output
    assert edited.read_bytes().endswith(b"edited")


def test_a_dropped_workshop_takes_its_files_and_empty_folders_with_it(project):
    build(project, "riverside")
    folder = project.build / "riverside"
    assert (folder / "remote" / "planning").is_dir()
    set_profile(project, "riverside", "workshops: [concepts, vision, planning]", "workshops: [concepts, vision]")
    report = build(project, "riverside")
    removed = {w.path for w in report.files if w.status == "removed"}
    assert {"remote/planning/session-1.pptx", "guides/planning-facilitator-guide.docx",
            "remote/planning-remote-plan.docx", "report-back/riverside-report-back.pptx"} <= removed
    assert not (folder / "remote" / "planning").exists() and not (folder / "report-back").exists()
    assert not [p for p in removed if (folder / p).exists()]
    assert {o["path"] for o in manifest(project, "riverside")}.isdisjoint(removed)
    again = build(project, "riverside")
    assert {w.status for w in again.files} == {"unchanged"}


PURE_CORE = [ROOT / "facilitation" / name for name in ("model.py", "tailor.py", "colour.py", "errors.py")] + \
    [path for folder in ("content", "profile", "plan") for path in sorted((ROOT / "facilitation" / folder).glob("*.py"))]


def test_the_pure_core_imports_no_click_pptx_or_docx():
    wrong = [f"{path.relative_to(ROOT)}: {module}" for path in PURE_CORE for module, _ in imports_of(path)
             if module.split(".")[0] in ("click", "pptx", "docx")]
    assert wrong == []


def test_only_the_cli_imports_click():
    users = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "facilitation").rglob("*.py"))
             if any(module.split(".")[0] == "click" for module, _ in imports_of(path))]
    assert users == ["facilitation/cli.py"]
