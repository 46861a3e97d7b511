"""Sector vocabulary, group size and co-facilitation scope: build throwaway charities and reopen
what they would receive."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pptx import Presentation

from facilitation.build import build
from facilitation.cli import main
from facilitation.content.sectors import load_sectors, match_sector
from facilitation.errors import FacilitationError
from facilitation.gather import gather
from facilitation.profile import load_profile
from helpers import copy_project

MENTAL_HEALTH = """\
name: Brightmind Peer Network
short_name: Brightmind
sector: Adult mental health services
people_term: People in NHS Recovery Groups
group_size: 6
workshops: [staff-session, concepts, vision, planning, debrief, policy-campaigns, research-evaluation]
schedule:
  start_date: 2031-03-04
"""

# a group word that only a larger group can follow: "in fours", "each four", "four stations", "tables of
# four", "groups of four or five", "rooms of four to six", "rooms of two ... and of four for six minutes"
# (but not "three rounds of four minutes"); "circles of five to seven", a fourth Wise Crowds round
# for a group of three, a sheet "for each group"
LARGE_GROUP_WORDS = re.compile(r"\bfours\b|\beach four\b|\bof four\b(?! min)|\b(groups?|tables?|rooms?) (of|for) four\b|"
                               r"\bfour (or|to) (five|six)\b|\bstations?\b|\bfive to seven\b|\brepeat three times\b|"
                               r"\bprint one for each group\b(?! of)", re.IGNORECASE)
JUSTICE_WORDS = re.compile(r"prison|probation|offend|conviction|justice|licence|vetting", re.IGNORECASE)


def write_profile(project, slug: str, text: str) -> Path:
    path = project.content / "charities" / f"{slug}.yaml"
    path.write_text(text, "utf-8")
    return path


def deck_text(path: Path) -> str:
    """Every slide's words and speaker notes."""
    texts = []
    for slide in Presentation(str(path)).slides:
        texts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows
                  for cell in row.cells]
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(texts)


def document_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] +
                     [cell.text for table in doc.tables for row in table.rows for cell in row.cells])


def every_text(folder: Path) -> dict[str, str]:
    """The words of every output, by path: XML text of Office files, plain text of the rest."""
    found = {}
    for path in folder.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.suffix in (".pptx", ".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                found[str(path)] = " ".join(re.sub(r"<[^>]+>", " ", archive.read(n).decode("utf-8", "replace"))
                                            for n in archive.namelist() if n.endswith(".xml")
                                            and not n.startswith(("docProps/", "[Content_Types]")))
        elif path.suffix in (".ics", ".txt", ".md", ".html", ".csv"):
            found[str(path)] = path.read_text("utf-8", "replace")
    return found


@pytest.fixture(scope="module")
def mental_health(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("sectors"), charities=())
    write_profile(project, "brightmind", MENTAL_HEALTH)
    report = build(project, "brightmind")
    return project, report, project.build / "brightmind"


def test_a_small_mental_health_charity_builds(mental_health):
    _, report, folder = mental_health
    assert (folder / "decks" / "concepts.pptx").is_file()
    assert not [w for w in report.warnings if "sector" in w]  # "Adult mental health services" is matched


def test_its_concepts_deck_is_written_for_mental_health(mental_health):
    text = deck_text(mental_health[2] / "decks" / "concepts.pptx")
    assert "mental health" in text.lower()
    assert "Barriers in mental health settings" in text and "crisis plan" in text
    assert "NHS and clinical partners" in text  # who to involve
    assert "a recovery course co-run by peers" in text  # its examples
    assert not JUSTICE_WORDS.search(text), JUSTICE_WORDS.search(text)


def test_its_planning_deck_names_the_sectors_risks(mental_health):
    text = deck_text(mental_health[2] / "decks" / "planning.pptx")
    assert "Risks to plan for in mental health work" in text and "Roles with no room for a bad day" in text
    assert not JUSTICE_WORDS.search(text)


def test_its_activities_are_runnable_by_six_people(mental_health):
    folder = mental_health[2]
    printed = [*folder.glob("printables/*.docx"), *folder.glob("handouts/*.docx")]
    assert {p.parent.name for p in printed} == {"printables", "handouts"}  # the cards and handouts are read too
    for path in [*folder.glob("decks/*.pptx"), *folder.glob("guides/*.docx"), *printed]:
        text = deck_text(path) if path.suffix == ".pptx" else document_text(path)
        found = LARGE_GROUP_WORDS.search(text)
        assert not found, f"{path.name}: {text[max(0, found.start() - 80):found.end() + 80]!r}"


def test_a_larger_group_keeps_the_fours_and_stations(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "large", MENTAL_HEALTH.replace("group_size: 6", "group_size: 20"))
    pack = gather(project, "large")
    planning = next(w for w in pack.workshops if w.id == "planning")
    assert any("station" in s.title.lower() for s in planning.slides)
    concepts = next(w for w in pack.workshops if w.id == "concepts")
    assert any("Fours:" in b.fence("activity") for b in concepts.blocks)
    policy = next(w for w in pack.workshops if w.id == "policy-campaigns")
    assert any("In fours:" in b.fence("activity") for b in policy.blocks)
    assert any("groups of four or five" in b.fence("activity") for b in policy.blocks)
    assert any("six in fours and eight for the whole room" in s.notes for s in policy.slides)
    research = next(w for w in pack.workshops if w.id == "research-evaluation")
    assert any("In fours:" in b.fence("activity") for b in research.blocks)
    assert any("each group of four one dilemma card" in b.fence("activity") for b in research.blocks)
    assert "give each group of four one card" in pack.printables["research-evaluation"].get("dilemma-cards").body


def test_six_people_print_the_dilemma_cards_for_pairs_and_the_wise_crowds_card_for_threes(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "six", "name: Six Trust\ngroup_size: 6\nworkshops: [debrief, research-evaluation]\n")
    printables = gather(project, "six").printables
    dilemmas = printables["research-evaluation"].get("dilemma-cards").body
    assert "give each pair one card" in dilemmas and "with fewer than three pairs" in dilemmas
    assert "one card for each group of three" in printables["debrief"].get("wise-crowds-card").body
    assert not LARGE_GROUP_WORDS.search(dilemmas + printables["debrief"].get("wise-crowds-card").body)


def test_no_year_before_the_start_appears_in_any_output(mental_health):
    # sources are cited with the year they were published (Arnstein 1969, NSUN 2013); no date,
    # deadline or "by <year>" of the programme may fall before the charity starts in 2031
    for path, text in every_text(mental_health[2]).items():
        stale = re.findall(r"\b(202[4-9]|2030)\b", text)
        assert not stale, f"{path}: {stale}"


def test_the_people_term_keeps_its_capitals(mental_health):
    folder = mental_health[2]
    text = deck_text(folder / "decks" / "concepts.pptx") + document_text(folder / "guides" / "concepts-facilitator-guide.docx")
    assert "People in NHS Recovery Groups" in text
    assert "nhs recovery" not in text and "Nhs" not in text


def test_an_unknown_sector_warns_with_its_line_and_uses_the_general_words(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "astro", "name: Astro Club\nworkshops: [concepts]\nsector: astronomy\n")
    result = CliRunner().invoke(main, ["build", "astro", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "content/charities/astro.yaml:3: sector 'astronomy' matches no sector" in result.output
    text = deck_text(project.build / "astro" / "decks" / "concepts.pptx")
    assert "Barriers that hit hardest" in text and not JUSTICE_WORDS.search(text)


def test_criminal_justice_keeps_its_own_case_studies_and_barriers(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "cj", "name: Gate Trust\nworkshops: [concepts]\nsector: Criminal Justice\n")
    pack = gather(project, "cj")
    titles = [s.title for w in pack.workshops for s in w.slides]
    assert "Case study: a forum that shaped a campaign" in titles
    assert "Composite case study: a peer-led first meeting" in titles
    assert "Barriers in criminal-justice settings" in titles
    assert pack.workshops[0].content_warnings[-1] == "People may talk about prison, probation or drugs."


@pytest.mark.parametrize("text, sector", [
    ("mental health", "mental-health"), ("Youth work", "youth"), ("young carers", "youth"),
    ("Homelessness and housing", "homelessness"), ("supported housing", "homelessness"),
    ("drug and alcohol recovery", "substance-use"), ("criminal-justice", "criminal-justice"),
    ("justice", "criminal-justice"), ("general", "general"), ("", "general")])
def test_free_text_sectors_map_to_the_vocabulary(text, sector):
    sectors = load_sectors((Path(__file__).parent.parent / "content" / "sectors.yaml").read_text("utf-8"),
                           "content/sectors.yaml")
    assert (match_sector(text, sectors) or sectors["general"])["id"] == sector


def test_a_mistake_in_the_sectors_file_names_its_line():
    text = "general:\n  name: x\n  people: y\n  service: z\n  case_study: {title: t}\n"
    with pytest.raises(FacilitationError) as error:
        load_sectors(text, "content/sectors.yaml")
    assert "content/sectors.yaml:5: missing required key 'general.case_study.notes'" in str(error.value)


@pytest.mark.parametrize("size, message", [
    ("2", "'group_size' must be a whole number from 3 to 60, found"),
    ("61", "'group_size' must be a whole number from 3 to 60"),
    ("six", "'group_size' must be a whole number from 3 to 60")])
def test_a_group_size_out_of_range_is_an_error_at_its_line(size, message):
    with pytest.raises(FacilitationError) as error:
        load_profile(f"name: X\ngroup_size: {size}\n", "content/charities/x.yaml", "x")
    assert f"content/charities/x.yaml:2: {message}" in str(error.value)


def test_group_size_defaults_to_sixteen():
    assert load_profile("name: X\n", "content/charities/x.yaml", "x").group_size == 16


def test_co_facilitation_true_means_the_first_module_1_workshop():
    profile = load_profile("name: X\nco_facilitation: true\nworkshops: [staff-session, vision, planning]\n",
                           "content/charities/x.yaml", "x")
    assert profile.co_facilitated == ("vision",)


def test_co_facilitation_of_a_workshop_the_profile_does_not_run_is_an_error():
    with pytest.raises(FacilitationError) as error:
        load_profile("name: X\nworkshops: [concepts]\nco_facilitation: [concepts, vision]\n",
                     "content/charities/x.yaml", "x")
    assert "content/charities/x.yaml:3: 'co_facilitation' lists 'vision'" in str(error.value)


@pytest.mark.slow
def test_only_co_facilitated_workshops_give_the_co_facilitator_parts(tmp_path):
    project = copy_project(tmp_path, charities=())
    write_profile(project, "pair", "name: Pair Trust\nshort_name: Pair\nco_facilitation: [concepts, planning]\n"
                  "co_facilitator: {name: Sam}\nworkshops: [concepts, vision, planning]\n")
    build(project, "pair")
    folder = project.build / "pair"
    assert {p.name for p in folder.glob("notes/*.docx")} == {"concepts-co-facilitator-notes.docx",
                                                              "planning-co-facilitator-notes.docx"}
    for workshop, joined in (("concepts", True), ("vision", False), ("planning", True)):
        deck = deck_text(folder / "decks" / f"{workshop}.pptx")
        guide = document_text(folder / "guides" / f"{workshop}-facilitator-guide.docx")
        assert ("Sam" in deck) is joined and ("Sam" in guide) is joined, workshop
    proposal = Document(str(next(folder.glob("proposal/*.docx"))))
    package = next(t for t in proposal.tables if t.rows[0].cells[-1].text == "Why we suggest it")
    row = next(r for r in package.rows if r.cells[0].text == "Lived-experience co-facilitation")
    assert row.cells[1].text == "2"  # the two days the co-facilitator joins
    assert "Workshop one: Concepts and Workshop three: Planning" in row.cells[-1].text


def test_a_long_name_without_a_short_name_is_advised_at_its_line(tmp_path):
    """Slide titles and footers print the short name, which is the whole name when none is given."""
    project = copy_project(tmp_path, charities=())
    long_name = "The Greater Manchester Association for the Resettlement and Wellbeing of People Leaving Custody"
    write_profile(project, "gm", f"name: {long_name}\nworkshops: [concepts]\n")
    result = CliRunner().invoke(main, ["build", "gm", "--root", str(project.root)])
    assert result.exit_code == 0, result.output
    assert (f"content/charities/gm.yaml:1: the name is {len(long_name)} characters and there is no short_name, so "
            "slide titles and footers print it whole: add short_name (at most 40 characters") in result.output
    write_profile(project, "gm", f"name: {long_name}\nshort_name: GM Resettlement\nworkshops: [concepts]\n")
    result = CliRunner().invoke(main, ["build", "gm", "--root", str(project.root)])
    assert result.exit_code == 0 and "no short_name" not in result.output, result.output
    assert "GM Resettlement" in deck_text(project.build / "gm" / "decks" / "concepts.pptx")
