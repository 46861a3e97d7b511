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
    text = text.replace('structure: "Traffic lights: a self-check in pairs and fours"', "structure: Troika Consulting", 1)
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
