"""Modules 2 and 3 in depth: their level follows the charity's involvement in policy and research,
criminal-justice content reaches only criminal-justice charities, and no method is used twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from facilitation.build import build
from facilitation.check import content
from helpers import copy_project

MODULES = "[policy-campaigns, research-evaluation]"


def write_profile(project, slug: str, sector: str = "general", policy: str = "none", research: str = "none") -> None:
    (project.content / "charities" / f"{slug}.yaml").write_text(
        f"name: {slug.title()} Trust\nsector: {sector}\nworkshops: {MODULES}\n"
        f"diagnostic:\n  policy_involvement: {policy}\n  research_involvement: {research}\n", encoding="utf-8")


def method_findings(project, slug: str):
    return [f for f in content.lint_charity(project, slug) if f.rule == "method-reuse"]


# ---- method-reuse ------------------------------------------------------------------------------


def test_the_real_content_uses_each_method_once(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "plain")
    assert method_findings(project, "plain") == []


def test_a_method_used_in_a_second_workshop_is_reported_with_its_line(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "plain")
    path = project.content / "workshops" / "research-evaluation.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace('structure: "Traffic lights: a self-check in pairs{% if charity.small_group %}{% else %} and fours'
                        '{% endif %}"', "structure: Troika Consulting", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("structure: Troika Consulting") + 1
    [finding] = method_findings(project, "plain")
    assert str(finding).startswith(f"content/workshops/research-evaluation.md:{line}: [method-reuse] method "
                                   "'Troika Consulting' is already used in content/workshops/staff-session.md:")
    assert finding.severity == "error"


def test_other_spellings_and_headings_count_and_15_percent_solutions_may_be_used_twice(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "plain")
    path = project.content / "workshops" / "policy-campaigns.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("## Roles are choices, not rewards", "## What? So what? Now what? Roles as choices", 1)
    path.write_text(text, encoding="utf-8")
    [finding] = method_findings(project, "plain")
    assert finding.path == "content/workshops/policy-campaigns.md"
    assert "'What, So What, Now What?' is already used in content/workshops/concepts.md:" in finding.message
    # planning and the staff session both use 15% Solutions: within its limit of two
    assert not any("15%" in f.message for f in method_findings(project, "plain"))


# ---- Modules 2 and 3, built and reopened ---------------------------------------------------------------


def deck_text(path: Path) -> str:
    deck = Presentation(str(path))
    parts = []
    for slide in deck.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture(scope="module")
def packs(tmp_path_factory):
    """Two charities built once: a criminal-justice one with established involvement, and a general
    one with none (and Concepts and Vision, so its guides carry the consultation tasks)."""
    project = copy_project(tmp_path_factory.mktemp("depth"), charities=())
    write_profile(project, "justice", sector="criminal-justice", policy="established", research="established")
    write_profile(project, "plain")
    plain = project.content / "charities" / "plain.yaml"
    plain.write_text(plain.read_text().replace(MODULES, "[concepts, vision, policy-campaigns, research-evaluation]"))
    for slug in ("justice", "plain"):
        build(project, slug)

    def text(slug: str, kind: str, workshop: str) -> str:
        if kind == "deck":
            return deck_text(project.build / slug / "decks" / f"{workshop}.pptx")
        return docx_text(project.build / slug / "guides" / f"{workshop}-facilitator-guide.docx")
    return text


@pytest.mark.slow
def test_module_2_starts_where_the_charitys_policy_work_is(packs):
    none, established = packs("plain", "deck", "policy-campaigns"), packs("justice", "deck", "policy-campaigns")
    assert "What lived experience adds to policy" in none and "Where policy gets made" in none
    assert "policy work can go next" not in none and "Taking lived experience into the room" not in none
    assert "Where Justice Trust's policy work can go next" in established
    assert "Taking lived experience into the room" in established and "Where policy gets made" not in established
    guide = packs("justice", "guide", "policy-campaigns")
    assert "taking lived experience into consultations, briefings and select committees" in guide
    for deck in (none, established):  # the rules for charities are for everyone
        assert "Charity Commission CC9" in deck and "Transparency of Lobbying" in deck and "select committee" in deck.lower()


@pytest.mark.slow
def test_module_3_starts_where_the_charitys_research_is(packs):
    none, established = packs("plain", "deck", "research-evaluation"), packs("justice", "deck", "research-evaluation")
    assert "Why coproduce research and evaluation?" in none and "An introduction, not a training course" in none
    assert "Building a peer research team" not in none
    assert "Where Justice Trust's research involvement can go next" in established
    assert "Building a peer research team" in established and "An introduction, not a training course" not in established
    for deck in (none, established):
        assert "Quotes and stories under UK GDPR" in deck and "withdraw" in deck and "Anonymise" in deck


@pytest.mark.slow
def test_criminal_justice_content_reaches_only_criminal_justice_charities(packs):
    for workshop in ("policy-campaigns", "research-evaluation"):
        justice, plain = packs("justice", "deck", workshop), packs("plain", "deck", workshop)
        for phrase in ("Rehabilitation of Offenders Act 1974", "Clinks", "User Voice", "serving prisoners"):
            assert phrase in justice, (workshop, phrase)
            assert phrase not in plain, (workshop, phrase)
    assert "HMPPS National Research Committee" in packs("justice", "deck", "research-evaluation")
    assert "HMPPS" not in packs("plain", "deck", "research-evaluation")
    assert "28 October 2023" in packs("justice", "guide", "policy-campaigns")


@pytest.mark.slow
def test_the_consultation_tasks_say_how_to_keep_people_safe(packs):
    after_concepts, after_vision = packs("plain", "guide", "concepts"), packs("plain", "guide", "vision")
    assert "Safeguarding and consent" in after_concepts and "Safeguarding and consent" in after_vision
    for phrase in ("named safeguarding lead", "Gillick competence", "parent or carer", "UK GDPR", "benefits advice"):
        assert phrase in after_concepts, phrase
    assert "whistleblowing policy" in after_vision


def test_a_third_workshop_with_15_percent_solutions_is_one_too_many(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "plain")
    path = project.content / "workshops" / "research-evaluation.md"
    text = path.read_text(encoding="utf-8").replace("## More than money", "## 15% Solutions: more than money", 1)
    path.write_text(text, encoding="utf-8")
    [finding] = method_findings(project, "plain")
    assert finding.line == text.splitlines().index("## 15% Solutions: more than money") + 1
    assert "'15% Solutions' is already used in content/workshops/staff-session.md:" in finding.message
    assert "content/workshops/planning.md:" in finding.message and "2 workshops at most" in finding.message


def test_an_unknown_involvement_level_is_refused_with_its_line(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "plain", research="lots")
    [finding] = [f for f in content.lint_charity(project, "plain") if f.rule == "content"]
    assert finding.path == "content/charities/plain.yaml" and finding.line == 6
    assert "research_involvement" in finding.message and "established" in finding.message
