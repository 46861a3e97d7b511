"""The evaluation form: built for a charity, filled in Word the way people do, read back by harvest."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from helpers import copy_project
from facilitation.build import build
from facilitation.cli import main
from facilitation.errors import FacilitationError
from facilitation.evaluation import read_form

PROFILE = """\
name: Lantern Housing Association
short_name: Lantern
people_term: tenants
workshops: [concepts, planning]
"""
OUTCOMES = ["Organisational buy-in", "A shared understanding of coproduction", "Knowing how it works in practice",
            "An effective plan"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(the blank evaluation form, the report-back deck) as the toolkit made them."""
    project = copy_project(tmp_path_factory.mktemp("evaluation"))
    (project.content / "charities" / "lantern.yaml").write_text(PROFILE, encoding="utf-8")
    build(project, "lantern")
    outputs = json.loads((project.build / "lantern" / "manifest.json").read_text())["outputs"]
    path = {o["kind"]: project.build / "lantern" / o["path"] for o in outputs}
    return path["evaluation-form"], path["report-back"]


def fill(blank: Path, target: Path, scores: dict[str, int], rung: str, comments: dict[str, str] | None = None,
         tick: str = "☒") -> Path:
    """Tick a score for some outcomes, type comments, tick a rung and say why, as a person would in Word."""
    doc = Document(str(blank))
    for table in doc.tables:
        for row in table.rows:
            cells = row.cells
            first = cells[0].text
            title = next((t for t in OUTCOMES if first.startswith(t)), None)
            if title in scores:
                cells[scores[title]].text = tick
                cells[-1].text = (comments or {}).get(title, "")
            elif first == rung:
                cells[-1].text = "X"
            elif first.startswith("Why are we on this rung"):
                cells[1].text = "We ask tenants, but we decide"
    doc.save(str(target))
    return target


def test_the_form_asks_about_the_four_outcomes_and_the_ladder(built):
    doc = Document(str(built[0]))
    assert doc.paragraphs[0].text == "Lantern: where we are with coproduction"
    outcomes = next(t for t in doc.tables if t.rows[0].cells[0].text == "Outcome")
    assert [c.text for c in outcomes.rows[0].cells] == ["Outcome", "1 Not yet", "2 A little", "3 Partly",
                                                         "4 Mostly", "5 Fully", "Why? One example"]
    assert [r.cells[0].paragraphs[0].text for r in outcomes.rows[1:]] == OUTCOMES
    assert "committed to making it happen" in outcomes.rows[1].cells[0].text  # the description, tailored
    assert all(c.text == "☐" for r in outcomes.rows[1:] for c in r.cells[1:6])
    ladder = next(t for t in doc.tables if t.rows[0].cells[0].text == "Rung")
    assert [r.cells[0].text for r in ladder.rows[1:]] == ["Co-production", "Co-design", "Engagement", "Consultation",
                                                          "Informing", "Educating", "Coercion"]
    assert any("involve tenants now" in t.rows[0].cells[0].text for t in doc.tables)


def test_a_filled_form_reads_back(built, tmp_path):
    form = fill(built[0], tmp_path / "start.docx", {OUTCOMES[0]: 2, OUTCOMES[3]: 1}, "Consultation",
                {OUTCOMES[0]: "Only the director is on board"}, tick="x")
    result = read_form(form)
    assert result.scores == ((OUTCOMES[0], 2, "Only the director is on board"), (OUTCOMES[1], None, ""),
                             (OUTCOMES[2], None, ""), (OUTCOMES[3], 1, ""))
    assert result.rung == "Consultation" and result.rung_comment == "We ask tenants, but we decide"


def test_harvest_shows_what_moved(built, tmp_path):
    blank, deck = built
    before = fill(blank, tmp_path / "start.docx", {OUTCOMES[0]: 2, OUTCOMES[1]: 3, OUTCOMES[2]: 2, OUTCOMES[3]: 1},
                  "Consultation")
    after = fill(blank, tmp_path / "debrief.docx", {OUTCOMES[0]: 4, OUTCOMES[1]: 3, OUTCOMES[2]: 1, OUTCOMES[3]: 5},
                 "Co-design", {OUTCOMES[0]: "The board made it a priority"})
    result = CliRunner().invoke(main, ["harvest", str(deck), "--before", str(before), "--after", str(after),
                                       "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "## What moved\n\n| Outcome | Before | After | Change |" in result.output
    for row in ("| Organisational buy-in | 2 | 4 | +2 |", "| A shared understanding of coproduction | 3 | 3 | no change |",
                "| Knowing how it works in practice | 2 | 1 | -1 |", "| An effective plan | 1 | 5 | +4 |",
                "| Ladder of participation | Consultation | Co-design | up 2 rungs |"):
        assert row in result.output
    assert "- **Organisational buy-in, after**: The board made it a priority" in result.output
    assert "- **Ladder of participation, before**: We ask tenants, but we decide" in result.output

    summary = tmp_path / "summary.docx"
    assert CliRunner().invoke(main, ["harvest", str(deck), "--before", str(before), "--after", str(after),
                                     "-o", str(summary)]).exit_code == 0
    doc = Document(str(summary))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "What moved"
    moved = doc.tables[0]
    assert [c.text for c in moved.rows[1].cells] == ["Organisational buy-in", "2", "4", "+2"]
    assert [c.text for c in moved.rows[-1].cells] == ["Ladder of participation", "Consultation", "Co-design",
                                                      "up 2 rungs"]


def test_bad_forms_get_a_clear_message(built, tmp_path):
    blank, deck = built
    good = fill(blank, tmp_path / "good.docx", {OUTCOMES[0]: 3}, "Engagement")
    letter = tmp_path / "letter.docx"
    Document().save(str(letter))
    doubled = fill(blank, tmp_path / "doubled.docx", {OUTCOMES[0]: 3}, "Engagement")
    doc = Document(str(doubled))
    doc.tables[1].rows[1].cells[4].text = "☒"  # a second tick in the buy-in row
    doc.save(str(doubled))
    cases = [(blank, "nothing is filled in on this evaluation form"),
             (letter, "this is not an evaluation form"),
             (deck, "not a Word (.docx) file"),
             (tmp_path / "missing.docx", "no such file"),
             (doubled, "'Organisational buy-in': 2 boxes are ticked")]
    for form, message in cases:
        with pytest.raises(FacilitationError) as error:
            read_form(form)
        assert message in str(error.value)
        result = CliRunner().invoke(main, ["harvest", str(deck), "--before", str(form), "--after", str(good)])
        assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["harvest", str(deck), "--after", str(good)])
    assert result.exit_code == 2 and "give both evaluation forms" in result.output


def test_a_mistake_in_the_form_words_names_its_line(tmp_path):
    project = copy_project(tmp_path)
    (project.content / "charities" / "lantern.yaml").write_text(PROFILE, encoding="utf-8")
    form = project.content / "forms" / "evaluation.yaml"
    form.write_text(form.read_text("utf-8").replace("effective-plan]", "efective-plan]"), encoding="utf-8")
    with pytest.raises(FacilitationError) as error:
        build(project, "lantern")
    line = next(n for n, text in enumerate(form.read_text("utf-8").splitlines(), start=1) if "efective" in text)
    assert f"content/forms/evaluation.yaml:{line}" in str(error.value)
    assert "effective-plan" in str(error.value)  # the suggestion


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_form_saved_by_libreoffice_still_reads_back(built, tmp_path):
    form = fill(built[0], tmp_path / "filled.docx", {OUTCOMES[0]: 3, OUTCOMES[3]: 5}, "Engagement")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "docx", "--outdir", str(tmp_path / "out"), str(form)],
                   check=True, capture_output=True, timeout=180)
    result = read_form(tmp_path / "out" / "filled.docx")
    assert [score for _, score, _ in result.scores] == [3, None, None, 5]
    assert result.rung == "Engagement"
