"""Labels in the charity's languages: gettext catalogues managed with Babel, and dates for the locale."""

from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from docx import Document

from helpers import ROOT, copy_project, table_after
from facilitation.gather import gather
from facilitation.i18n import LOCALE_DIR, Labels, clock_time, long_date
from facilitation.writers import writer_for

WELSH_PO = LOCALE_DIR / "cy" / "LC_MESSAGES" / "facilitation.po"
WELSH_MO = WELSH_PO.with_suffix(".mo")

PROFILE = """\
name: Afon Community Trust
short_name: Afon
nation: wales
sector: criminal-justice
people_term: people who use our services
languages: {languages}
co_facilitation: true
co_facilitator:
  name: Sam
contact:
  name: Priya Shah
  role: Head of Services
facilitators: [Alex Morgan]
delivery: in-person
venue: Afon Hall, Cardiff
workshops: [concepts]
schedule:
  start_date: 2027-08-16
  start_time: "09:30"
  dates: {{concepts: 2027-09-06}}
accessibility: [large-print]
"""


def code_labels() -> dict[str, str]:
    """Every label the code marks with _() or N_(), as Babel extracts it, with where it is."""
    found = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT / "facilitation"), method_map=[("**.py", "python")], keywords={"_": None, "N_": None, "fill": (1,)}):
        found[message] = f"facilitation/{filename}:{line}"
    return found


def welsh_catalogue():
    with WELSH_PO.open("rb") as f:
        return read_po(f, locale="cy")


def guide_for(tmp_path: Path, languages: str) -> Document:
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / "afon.yaml").write_text(PROFILE.format(languages=languages))
    pack = gather(project, "afon")
    (output,) = [o for o in writer_for("facilitator-guide").outputs(pack) if o.workshop == "concepts"]
    return Document(io.BytesIO(output.render()))


def text_of(doc) -> str:
    return "\n".join([p.text for p in doc.paragraphs]
                     + [cell.text for table in doc.tables for row in table.rows for cell in row.cells])


# ---- the catalogues ---------------------------------------------------------------------------------


def test_every_label_in_the_code_has_a_welsh_translation():
    catalogue = welsh_catalogue()
    missing = [f"{where}: {label!r}" for label, where in sorted(code_labels().items())
               if not (catalogue.get(label) and catalogue.get(label).string.strip())]
    assert not missing, "labels without Welsh (run make messages, translate, make catalogues):\n" + "\n".join(missing)


def test_welsh_translations_keep_every_placeholder():
    for message in welsh_catalogue():
        if message.id and message.string:
            assert sorted(_placeholders(message.id)) == sorted(_placeholders(message.string)), message.id


def _placeholders(text: str) -> list[str]:
    import string

    return [field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field is not None]


def test_the_compiled_catalogue_matches_the_po():
    with WELSH_MO.open("rb") as f:
        compiled = {m.id: m.string for m in read_mo(f) if m.id}
    written = {m.id: m.string for m in welsh_catalogue() if m.id and m.string}
    assert compiled == written, "facilitation.mo is stale: run make catalogues and commit it"


def test_every_welsh_label_is_listed_for_review():
    review = (ROOT / "TRANSLATION.md").read_text(encoding="utf-8").split("## Labels", 1)[1].split("\n## ", 1)[0]
    unlisted = [m.id for m in welsh_catalogue() if m.id and f"`{m.id}`" not in review]
    assert not unlisted, "add these to the Labels section of TRANSLATION.md: " + ", ".join(unlisted)


# ---- labels and dates -------------------------------------------------------------------------------


def test_bilingual_labels_give_the_first_language_first():
    assert Labels(["cy", "en"])("Materials checklist") == "Rhestr wirio deunyddiau / Materials checklist"
    assert Labels(["en", "cy"])("Materials checklist") == "Materials checklist / Rhestr wirio deunyddiau"
    assert Labels(["en"])("Materials checklist") == "Materials checklist"
    assert Labels(["cy", "en"])("Not a label anyone wrote") == "Not a label anyone wrote"  # English stands in


def test_a_bilingual_value_put_in_a_bilingual_label_gives_each_language_its_own_half():
    import pickle

    _ = Labels(["cy", "en"])
    title = "Gweithdy dau: Gweledigaeth / Workshop two: Vision"
    assert _("{workshop} — online sessions").format(workshop=title) == (
        "Gweithdy dau: Gweledigaeth — sesiynau ar-lein / Workshop two: Vision — online sessions")
    assert _.fill("{workshop} — online sessions", workshop=title) == _("{workshop} — online sessions").format(
        workshop=title)
    day = date(2027, 9, 6)
    assert _("Session {number} of {count}: {when}").format(number=1, count=4, when=_.date_with(day, ", 10:00")) == (
        "Sesiwn 1 o 4: Dydd Llun 6 Medi 2027, 10:00 / Session 1 of 4: Monday 6 September 2027, 10:00")
    # a value in one language (a charity's name, an untranslated title) stands whole in each half
    assert _("Remote plan for {charity}").format(charity="Ash Tree") == (
        "Cynllun o bell ar gyfer Ash Tree / Remote plan for Ash Tree")
    english = Labels(["en"])("{workshop} — online sessions")
    assert type(english) is str and english.format(workshop=title) == f"{title} — online sessions"
    label = _("{workshop} — online sessions")  # kept in a recorded script: as the text it prints
    assert type(pickle.loads(pickle.dumps(label))) is str and pickle.loads(pickle.dumps(label)) == label


def test_dates_are_written_for_each_language():
    day = date(2027, 9, 6)
    assert long_date(day, ["cy", "en"]) == "Dydd Llun 6 Medi 2027 / Monday 6 September 2027"
    assert long_date(day, ["en"]) == "Monday 6 September 2027"
    assert long_date(None, ["cy", "en"]) == ""
    assert clock_time(time(9, 30), ["cy", "en"]) == "09:30"  # the same in both: given once


# ---- the guide a charity gets -----------------------------------------------------------------------


@pytest.mark.slow
def test_a_welsh_first_guide_has_bilingual_headings_and_welsh_dates(tmp_path):
    doc = guide_for(tmp_path, "[cy, en]")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Rhestr wirio deunyddiau / Materials checklist" in headings
    assert "Cynllun hygyrchedd / Accessibility plan" in headings
    assert "Cipolwg ar y diwrnod / The day at a glance" in headings
    cover = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert cover["Dyddiad / Date"] == "Dydd Llun 6 Medi 2027 / Monday 6 September 2027"
    header = [cell.text for cell in table_after(doc, "Rhestr wirio deunyddiau / Materials checklist").rows[0].cells]
    assert header == ["Tic / Tick", "Eitem / Item", "Yn dod o / Comes from", "Ei angen ar gyfer / Needed for"]


@pytest.mark.slow
def test_the_two_languages_look_the_same_in_a_bilingual_guide(tmp_path):
    """Welsh Language Standards: equal prominence, so one run, one size, one weight for both."""
    doc = guide_for(tmp_path, "[cy, en]")
    heading = next(p for p in doc.paragraphs if p.text == "Rhestr wirio deunyddiau / Materials checklist")
    assert len({(run.bold, run.italic, run.font.size) for run in heading.runs}) == 1


@pytest.mark.slow
def test_an_english_guide_stays_english(tmp_path):
    doc = guide_for(tmp_path, "[en]")
    text = text_of(doc)
    assert "Materials checklist" in [p.text for p in doc.paragraphs]
    assert "Monday 6 September 2027" in text
    assert " / " not in "\n".join(p.text for p in doc.paragraphs if p.style.name.startswith("Heading"))
    for welsh in ("Rhestr wirio", "Dyddiad", "Dydd Llun", "Cynllun hygyrchedd"):
        assert welsh not in text

