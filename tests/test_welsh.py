"""Wales: the Welsh-language Active Offer, the Welsh acts, and bilingual titles (issue 16, content)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from docx import Document
from pptx import Presentation
from pptx.util import Pt

from helpers import copy_project
from facilitation.build import build
from facilitation.check import run
from facilitation.content.sectors import load_sectors
from facilitation.errors import FacilitationError
from facilitation.gather import gather, load_sources, read_sectors

WELSH_FIRST = """name: Cymdeithas Gofalwyr Ifanc y Cwm
short_name: Gofalwyr Cwm
nation: wales
languages: [cy, en]
sector: young carers
workshops: [concepts, planning]
schedule: {start_date: 2027-03-02}
"""
ENGLISH = """name: Northfield Young Carers
short_name: Northfield
nation: england
sector: young carers
workshops: [concepts, planning, policy-campaigns, research-evaluation]
schedule: {start_date: 2027-03-02}
"""
ACTS = ("Social Services and Well-being (Wales) Act 2014", "Well-being of Future Generations (Wales) Act 2015",
        "National Principles for Public Engagement in Wales", "Co-production Network for Wales")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("welsh"), charities=())
    charities = project.content / "charities"
    (charities / "cwm.yaml").write_text(WELSH_FIRST, "utf-8")
    (charities / "wales-all.yaml").write_text(
        WELSH_FIRST.replace("[concepts, planning]", "[concepts, planning, policy-campaigns, research-evaluation]")
        .replace("languages: [cy, en]\n", ""), "utf-8")
    (charities / "northfield.yaml").write_text(ENGLISH, "utf-8")
    return project


@pytest.fixture(scope="module")
def built(project):
    build(project, "cwm")
    manifest = json.loads((project.build / "cwm" / "manifest.json").read_text())
    return {(o["kind"], o.get("workshop")): project.build / "cwm" / o["path"] for o in manifest["outputs"]}


def pack_text(pack) -> str:
    """Every title, slide body, and fence of the pack's workshops, and its accessibility plans."""
    parts = []
    for workshop in pack.workshops:
        for block in workshop.blocks:
            parts += [block.title] + [f.text for f in block.fences]
            for slide in block.slides:
                parts += [slide.title, repr(slide.elements)] + [f.text for f in slide.fences]
    parts += [repr(plan) for plan in pack.accessibility_plans.values()]
    return "\n".join(parts)


@pytest.mark.slow
def test_welsh_first_concepts_deck_and_guide_carry_welsh_titles(built):
    deck = Presentation(str(built[("deck", "concepts")]))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert titles[0] == "Gweithdy un: Cysyniadau / Workshop one: Concepts"  # Welsh first
    assert "Croeso, Gofalwyr Cwm / Welcome, Gofalwyr Cwm" in titles
    assert "Cydgynhyrchu yng nghyfraith ac ymarfer Cymru / Coproduction in Welsh law and practice" in titles
    for slide in deck.slides:  # the longer titles still fit, no smaller than titles may go
        sizes = {r.font.size for p in slide.shapes.title.text_frame.paragraphs for r in p.runs} - {None}
        assert all(size >= Pt(24) for size in sizes), slide.shapes.title.text
    guide = "\n".join(p.text for p in Document(str(built[("facilitator-guide", "concepts")])).paragraphs)
    assert "Gweithdy un: Cysyniadau / Workshop one: Concepts" in guide
    assert re.search(r"Sleid \d+: Pobl fel asedau / Slide \d+: People as assets", guide)  # each half once
    assert "Welsh-language Active Offer" in guide


@pytest.mark.slow
def test_welsh_first_pack_checks_with_no_errors_and_lists_what_is_untranslated(project, built):
    report = run(project, ["cwm"], schema=False)
    assert [str(f) for f in report.findings if f.severity == "error"] == []
    untranslated = [f for f in report.findings if f.rule == "untranslated"]
    assert untranslated and all(f.severity == "warning" for f in untranslated)
    assert any(f.path == "content/workshops/planning.md" and "planning.cy.md" in f.message for f in untranslated)
    # all of Concepts has Welsh, the sector's own slides too (title_cy in content/sectors.yaml)
    assert [str(f) for f in untranslated if f.path == "content/workshops/concepts.md"] == []


def sector_titles(project, sector: str = "youth") -> dict[str, tuple[str, str]]:
    """The Welsh and English titles of a sector's own Concepts slides, from content/sectors.yaml."""
    vocab = read_sectors(project)[sector]
    return {"sector-case-study": (vocab["case_study"]["title_cy"], vocab["case_study"]["title"]),
            "sector-barriers": (vocab["barriers"]["title_cy"], vocab["barriers"]["title"])}


@pytest.mark.slow
def test_welsh_first_concepts_deck_gives_the_sectors_slides_welsh_and_english_titles(project, built):
    titles = [s.shapes.title.text for s in Presentation(str(built[("deck", "concepts")])).slides
              if s.shapes.title is not None]
    for welsh, english in sector_titles(project).values():  # young carers: the youth sector
        assert welsh and welsh != english
        assert f"{welsh} / {english}" in titles, titles


def test_the_sectors_slides_are_welsh_and_english_in_a_welsh_pack_and_english_in_an_english_one(project):
    welsh = {s.id: s.title for s in gather(project, "cwm").workshops[0].slides}
    english = {s.id: s.title for s in gather(project, "northfield").workshops[0].slides}
    for slide_id, (cy, en) in sector_titles(project).items():
        assert welsh[slide_id] == f"{cy} / {en}"
        assert english[slide_id] == en


def test_a_sector_without_title_cy_keeps_its_english_title_and_check_lists_it(tmp_path):
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / "cwm.yaml").write_text(WELSH_FIRST, "utf-8")
    titles = sector_titles(project)
    path = project.content / "sectors.yaml"
    line = f'    title_cy: "{titles["sector-case-study"][0]}"\n'
    assert line in path.read_text("utf-8")
    path.write_text(path.read_text("utf-8").replace(line, ""), "utf-8")
    slides = {s.id: s.title for s in gather(project, "cwm").workshops[0].slides}
    assert slides["sector-case-study"] == titles["sector-case-study"][1]  # the English stands, alone
    assert slides["sector-barriers"] == " / ".join(titles["sector-barriers"])
    from facilitation.check.content import lint_charity

    english = (project.content / "workshops" / "concepts.md").read_text("utf-8").splitlines()
    heading = english.index("## {{ charity.sector_vocab.case_study.title }} {id=sector-case-study}") + 1
    findings = lint_charity(project, "cwm")
    assert [str(f) for f in findings if f.severity == "error"] == []
    concepts = [f for f in findings if f.rule == "untranslated" and f.path == "content/workshops/concepts.md"]
    assert [(f.line, f.severity) for f in concepts] == [(heading, "warning")]


@pytest.mark.parametrize("title_cy, line", [("[Rhwystrau]", 8), ("true", 8), ("{cy: Rhwystrau}", 8)])
def test_a_title_cy_that_is_not_text_names_its_line_in_the_sectors_file(title_cy, line):
    text = ("general:\n  name: x\n  people: y\n  service: z\n  case_study: {title: t, notes: n, warning: w}\n"
            f"  barriers:\n    title: t\n    title_cy: {title_cy}\n    notes: n\n  risks: {{title: t, notes: n}}\n")
    with pytest.raises(FacilitationError) as error:
        load_sectors(text, "content/sectors.yaml")
    assert f"content/sectors.yaml:{line}: 'general.barriers.title_cy' must be text" in str(error.value)
    assert len(error.value.problems) == 1


def test_every_welsh_profile_makes_the_active_offer_and_teaches_the_welsh_acts(project):
    pack = gather(project, "wales-all")  # nation wales, English only
    text = pack_text(pack)
    assert "Welsh-language Active Offer" in text and "More than just words" in text
    assert "take part in Welsh" not in text  # never "ask in advance"
    for workshop in pack.workshops:
        assert any("Wales" in s.title or "Welsh" in s.title for s in workshop.slides), workshop.id
        body = pack_text(replace(pack, workshops=(workshop,), accessibility_plans={}))
        for act in ACTS:
            assert act in body, (workshop.id, act)
    assert "Children and Young People's National Participation Standards" in text  # a youth sector
    assert "Health and Care Research Wales: support" in text  # Module 3
    assert pack.workshops[0].title == "Workshop one: Concepts"  # English only: no Welsh titles


def test_an_english_profile_has_none_of_it(project):
    text = pack_text(gather(project, "northfield"))
    for words in ACTS + ("Active Offer", "More than just words", "Gweithdy", "Health and Care Research Wales: support"):
        assert words not in text, words


def test_english_first_bilingual_puts_english_first(project):
    (project.content / "charities" / "en-cy.yaml").write_text(WELSH_FIRST.replace("[cy, en]", "[en, cy]"), "utf-8")
    pack = gather(project, "en-cy")
    assert pack.workshops[0].title == "Workshop one: Concepts / Gweithdy un: Cysyniadau"
    assert pack.workshops[1].title == "Workshop three: Planning / Gweithdy tri: Cynllunio"  # from title_cy


def drift(tmp_path, edit) -> list[str]:
    project = copy_project(tmp_path, charities=())
    path = project.content / "workshops" / "concepts.cy.md"
    path.write_text(edit(path.read_text("utf-8")), "utf-8")
    (project.content / "charities" / "cwm.yaml").write_text(WELSH_FIRST, "utf-8")
    problems = [str(p) for p in load_sources(project)["concepts"].welsh_problems]
    with pytest.raises(FacilitationError) as caught:  # a pack in Welsh stops on them
        gather(project, "cwm")
    assert [str(p) for p in caught.value.problems] == problems
    return problems


def test_a_missing_welsh_slide_is_listed_at_its_line_and_the_english_stands(tmp_path):
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / "cwm.yaml").write_text(WELSH_FIRST, "utf-8")
    path = project.content / "workshops" / "concepts.cy.md"
    path.write_text(path.read_text("utf-8").replace("## Pobl fel asedau {id=people-as-assets}\n", ""), "utf-8")
    titles = [s.title for s in gather(project, "cwm").workshops[0].slides]
    assert "People as assets" in titles and "Hanes byr y syniadau / A short history of the ideas" in titles
    from facilitation.check.content import lint_charity

    english = (project.content / "workshops" / "concepts.md").read_text("utf-8").splitlines()
    line = english.index("## People as assets") + 1
    found = [f for f in lint_charity(project, "cwm") if f.rule == "untranslated" and "concepts" in f.path]
    assert ("content/workshops/concepts.md", line, "warning") in [(f.path, f.line, f.severity) for f in found]
    assert all(f.severity == "warning" for f in found)


def test_welsh_headings_without_ids_must_match_in_number(tmp_path):
    problems = drift(tmp_path, lambda text: text.replace(" {id=people-as-assets}\n", "\n")
                     .replace("{id=a-short-history-of-the-ideas}", "").replace("## Pedair egwyddor cydgynhyrchu SCIE {id=scie-s-four-principles-of-co-production}\n", ""))
    assert len(problems) == 1 and problems[0].startswith("content/workshops/concepts.cy.md:")
    assert "without {id=…} cannot be matched" in problems[0]


def test_an_extra_or_reordered_welsh_heading_is_reported_at_its_line(tmp_path):
    def edit(text):
        text = text.replace("{id=a-short-history-of-the-ideas}\n", "{id=a-short-history-of-the-ideas}\n"
                            "## Sleid ychwanegol {id=extra}\n")
        return text.replace("{id=people-as-assets}", "{id=with-not-to}")

    problems = drift(tmp_path, edit)
    lines = (tmp_path / "content" / "workshops" / "concepts.cy.md").read_text("utf-8").splitlines()
    extra = lines.index("## Sleid ychwanegol {id=extra}") + 1
    assert any(p.startswith(f"content/workshops/concepts.cy.md:{extra}: slide 'extra' has no counterpart")
               for p in problems), problems
    assert any("'with-not-to' is out of order" in p for p in problems), problems


def test_missing_welsh_is_a_warning_not_an_error(tmp_path):
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / "cwm.yaml").write_text(WELSH_FIRST, "utf-8")
    path = project.content / "workshops" / "concepts.cy.md"
    path.write_text(path.read_text("utf-8").replace("## Pobl fel asedau {", "## People as assets {"), "utf-8")
    pack = gather(project, "cwm")  # it still builds
    assert "People as assets" in [s.title for s in pack.workshops[0].slides]  # the English stands
    from facilitation.check.content import lint_charity

    findings = lint_charity(project, "cwm")
    assert [f for f in findings if f.severity == "error"] == []
    people = [f for f in findings if f.rule == "untranslated" and "People as assets" in f.message]
    assert len(people) == 1 and people[0].severity == "warning" and people[0].line


def test_the_report_back_is_bilingual_welsh_first(project):
    report_back = gather(project, "cwm").report_back
    assert report_back.title == ("Gofalwyr Cwm: ein gweledigaeth a'n cynllun cydgynhyrchu / "
                                 "Gofalwyr Cwm: our coproduction vision and plan")
    vision = next(s for s in report_back.slides if s.id == "vision")
    assert vision.title == "Ein gweledigaeth / Our vision"
    assert vision.boxes[0].label == "Ein gweledigaeth / Our vision"
    assert vision.boxes[0].prompt[0].startswith("Ein gweledigaeth mewn brawddeg")  # Welsh first, then English
    assert vision.boxes[0].prompt[-1].startswith("Our vision in one or two sentences")
    assert vision.notes.startswith("Beth i'w ysgrifennu") and "What to write" in vision.notes
    english = gather(project, "northfield").report_back
    assert english.title == "Northfield: our coproduction vision and plan"


@pytest.mark.slow
def test_the_built_report_back_deck_is_bilingual(built):
    path = next(p for (kind, _), p in built.items() if kind == "report-back")
    titles = [s.shapes.title.text for s in Presentation(str(path)).slides if s.shapes.title is not None]
    assert "Ein cynllun / Our plan" in titles and "Beth glywsom ni / What we heard" in titles


def build_welsh_online(tmp_path, slug: str, name: str, short_name: str, workshops: str):
    """A Welsh-first bilingual charity's pack, every workshop in 45-minute online sessions."""
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / f"{slug}.yaml").write_text(
        f"name: {name}\nshort_name: {short_name}\nnation: wales\nlanguages: [cy, en]\ndelivery: remote\n"
        f"remote: {{max_session_minutes: 45}}\nworkshops: {workshops}\nschedule: {{start_date: 2027-03-02}}\n",
        "utf-8")
    return build(project, slug)


def test_a_long_bilingual_remote_title_says_each_half_once_and_fits_the_core_properties(tmp_path):
    # a long Welsh name and Module 2's bilingual title, online: the joining instructions' title
    # once overran Office's 255-character core property and stopped the build with a traceback
    report = build_welsh_online(tmp_path, "tawe", "Cymdeithas Gofalwyr Ifanc Cwm Tawe a Chastell-nedd Port Talbot",
                                "Gofalwyr Cwm", "[policy-campaigns]")
    joining = sorted((report.folder / "joining").glob("*.docx"))
    assert joining
    doc = Document(str(joining[0]))
    title = doc.core_properties.title
    assert len(title) <= 255
    assert title.startswith("Cyfarwyddiadau ymuno: Modiwl 2") and " / Joining instructions: Module 2" in title
    assert title.count("Module 2") == 1 and "sesiwn 1 o" in title and "session 1 of" in title
    assert doc.paragraphs[1].text.count("Modiwl 2") == 1


def test_a_core_property_too_long_for_office_is_cut_at_a_word():
    from facilitation.writers.ooxml import core_property

    long = "Cymdeithas Gofalwyr " * 20
    cut = core_property(long)
    assert len(cut) <= 255 and cut.endswith("…") and cut[:-1].split()[-1] in ("Cymdeithas", "Gofalwyr")
    assert core_property("Short") == "Short"


def test_a_bilingual_remote_plan_and_guide_say_each_half_of_a_title_and_date_once(tmp_path):
    """A Welsh title or date put in a label is given half by half ("Gweithdy dau: Gweledigaeth —
    sesiynau ar-lein / Workshop two: Vision — online sessions"), never whole in each half."""
    report = build_welsh_online(tmp_path, "glan", "Cymdeithas Tai Glannau Dyfrdwy", "Glannau", "[concepts, vision]")
    plan = Document(str(report.folder / "remote" / "vision-remote-plan.docx"))
    texts = [p.text for p in plan.paragraphs]
    assert texts[0].count("Gweledigaeth") == 1 and texts[0].count("Vision") == 1
    assert texts[0].index("sesiynau ar-lein") < texts[0].index(" / ") < texts[0].index("online sessions")
    session = next(t for t in texts if t.startswith("Sesiwn 1 o "))
    welsh, english = session.split(" / ")
    assert welsh.startswith("Sesiwn 1 o ") and "Dydd " in welsh and english.startswith("Session 1 of ")
    assert welsh.count("2027, ") == english.count("2027, ") == 1  # each with its day and its times
    for doc in (plan, Document(str(report.folder / "guides" / "vision-facilitator-guide.docx"))):
        assert doc.core_properties.title.count("Vision") == 1
        footer = doc.sections[0].footer.paragraphs[0].text
        assert footer.count("Vision") == 1 and footer.count("Gweledigaeth") == 1
