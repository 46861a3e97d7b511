"""The build's content cache (build/.cache/): an edited workshop is read again, anything else comes
from the cache, and a cache that is corrupt, unwritable or too big never costs more than time."""

from __future__ import annotations

import os
import pickle

import pytest
from docx import Document

from facilitation.build import build
from facilitation.cache import CACHE_FOLDER, ContentCache
from facilitation.gather import gather
from helpers import copy_project

PROFILE = "name: Ash Tree Housing\nshort_name: Ash Tree\nsector: homelessness\nworkshops: [concepts, vision]\n"


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / "ash.yaml").write_text(PROFILE, "utf-8")
    return project


def cache_entries(project, kind: str) -> list:
    return sorted((project.build / CACHE_FOLDER / kind).glob("*.pickle"))


def add_to_fence(project, fence: str, text: str) -> int:
    """Put `text` at the start of the vision workshop's first `::: fence`; the line it goes on."""
    vision = project.content / "workshops" / "vision.md"
    before = vision.read_text("utf-8")
    at = before.index(f"::: {fence}\n") + len(f"::: {fence}\n")
    vision.write_text(before[:at] + text + before[at:], "utf-8")
    return before[:at].count("\n") + 1


def replace_in_vision(project, old: str, new: str) -> None:
    vision = project.content / "workshops" / "vision.md"
    vision.write_text(vision.read_text("utf-8").replace(old, new, 1), "utf-8")


def guide_text(project, workshop: str) -> str:
    doc = Document(str(project.build / "ash" / "guides" / f"{workshop}-facilitator-guide.docx"))
    return "\n".join(p.text for p in doc.paragraphs)


def test_an_edited_workshop_is_read_again_and_the_rest_come_from_the_cache(project):
    build(project, "ash")
    sources, tailored = cache_entries(project, "sources"), cache_entries(project, "workshops")
    assert len(sources) == len(list((project.content / "workshops").glob("*.md"))) - 1  # concepts.cy.md goes with concepts
    assert len(tailored) == 2
    add_to_fence(project, "notes", "Open the window before people arrive.\n")
    build(project, "ash")
    assert "Open the window before people arrive." in guide_text(project, "vision")
    # one new parsed file and one new tailored workshop; the others were read from the cache
    assert len(cache_entries(project, "sources")) == len(sources) + 1
    assert len(cache_entries(project, "workshops")) == 3


def test_a_cached_pack_is_the_pack_made_without_the_cache(project):
    cache = ContentCache.for_project(project)
    first = gather(project, "ash", cache=cache)
    again = gather(project, "ash", cache=cache)  # every workshop from the cache this time
    plain = gather(project, "ash")
    assert again.workshops == plain.workshops == first.workshops
    assert again.agendas == plain.agendas
    assert (again.profile, again.programme, again.package) == (plain.profile, plain.programme, plain.package)
    for kind in ("sources", "workshops", "profiles", "sectors", "rules", "holidays", "activities", "forms"):
        assert cache_entries(project, kind), kind
        for entry in cache_entries(project, kind):  # kept, and read back: not made again each build
            with open(entry, "rb") as stream:
                pickle.load(stream)


def test_a_corrupt_cache_entry_is_made_again(project):
    build(project, "ash")
    for entry in cache_entries(project, "workshops") + cache_entries(project, "sources"):
        entry.write_bytes(b"not a pickle")
    report = build(project, "ash", force=True)
    assert report.count("unchanged") == len(report.files)  # the same bytes as before
    for entry in cache_entries(project, "workshops"):
        pickle.loads(entry.read_bytes())  # rewritten whole


def test_a_cache_that_cannot_be_written_only_costs_time(project):
    project.build.mkdir()
    (project.build / CACHE_FOLDER).write_text("a file where the cache folder would go")
    report = build(project, "ash")
    assert report.count("new") == len(report.files) > 10


def test_the_cache_keeps_at_most_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("facilitation.cache.MAX_CACHE_ENTRIES", 3)
    cache = ContentCache(tmp_path)
    for n in range(6):
        assert cache.get("things", cache.key(n), lambda n=n: n * 10) == n * 10
    assert len(list((tmp_path / "things").glob("*.pickle"))) == 3
    assert cache.get("things", cache.key(5), lambda: "made again") == 50  # the newest were kept


def test_pack_wide_outputs_are_rendered_again_only_when_what_they_read_changes(project):
    import json

    def inputs():
        manifest = json.loads((project.build / "ash" / "manifest.json").read_text("utf-8"))
        return {o["kind"]: o["inputs"] for o in manifest["outputs"] if "workshop" not in o}

    (project.content / "charities" / "ash.yaml").write_text(PROFILE.replace("[concepts, vision]",
                                                                             "[concepts, vision, planning]"), "utf-8")
    build(project, "ash")
    before = inputs()
    assert {"proposal", "programme", "diagnostic-form", "report-back", "evaluation-form", "check-in"} <= set(before)
    add_to_fence(project, "notes", "Open the window first.\n")
    build(project, "ash")
    after = inputs()
    for kind in ("proposal", "programme", "diagnostic-form", "report-back", "evaluation-form"):
        assert after[kind] == before[kind], kind  # they quote no speaker notes: not rendered again
    assert after["check-in"] == before["check-in"]  # participants' materials hold no facilitator text
    check_in = project.content / "handouts" / "check-in.md"
    check_in.write_text(check_in.read_text("utf-8").replace("Each call is short.", "Each call is brief."), "utf-8")
    build(project, "ash")
    assert inputs()["check-in"] != after["check-in"]  # but what it does read is followed
    after = inputs()
    questions = project.content / "diagnostic" / "questions.md"
    questions.write_text(questions.read_text("utf-8").replace("and who for?", "and for whom?", 1), "utf-8")
    build(project, "ash")
    assert inputs()["diagnostic-form"] != after["diagnostic-form"]


def test_a_deck_is_drawn_again_only_when_its_slides_or_notes_change(project):
    """A deck's digest is its recorded drawing calls: an edit to the facilitator's guide text draws
    no deck; an edit to one slide's notes draws only the deck that shows it."""
    import json

    from pptx import Presentation

    def deck_inputs():
        manifest = json.loads((project.build / "ash" / "manifest.json").read_text("utf-8"))
        # recorded as "coarse/fine": the workshop's digest, then the drawing calls' (what is compared)
        return {o["path"]: o["inputs"].rpartition("/")[2] for o in manifest["outputs"] if o["kind"] == "deck"}

    build(project, "ash")
    before = deck_inputs()
    replace_in_vision(project, "Purpose: bring the group back together", "Purpose: gather the group again")
    report = build(project, "ash")
    assert deck_inputs() == before  # the facilitator fence is in the guide only
    assert [w.path for w in report.files if w.status == "updated"] == ["guides/vision-facilitator-guide.docx"]
    add_to_fence(project, "notes", "Smile and breathe.\n")
    build(project, "ash")
    after = deck_inputs()
    assert after["decks/concepts.pptx"] == before["decks/concepts.pptx"]
    assert after["decks/vision.pptx"] != before["decks/vision.pptx"]
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(str(project.build / "ash" / "decks" / "vision.pptx")).slides
             if s.has_notes_slide]
    assert any(n.startswith("Smile and breathe.") for n in notes)


def test_a_logo_changed_on_disk_is_drawn_again_wherever_it_is_kept(project):
    from io import BytesIO

    from PIL import Image
    from pptx import Presentation

    def logo_png(colour: str) -> bytes:
        out = BytesIO()
        Image.new("RGB", (40, 20), colour).save(out, "PNG")
        return out.getvalue()

    def deck_logo(project) -> bytes:
        deck = Presentation(str(project.build / "ash" / "decks" / "concepts.pptx"))
        layout = deck.slides[0].slide_layout
        return next(sh.image.blob for sh in layout.shapes if sh.shape_type == 13)  # a picture

    logo = project.content / "brand" / "logo.png"  # outside images/: only its profile names it
    logo.parent.mkdir()
    logo.write_bytes(logo_png("red"))
    profile = project.content / "charities" / "ash.yaml"
    profile.write_text(PROFILE + "branding: {logo: brand/logo.png}\n", "utf-8")
    build(project, "ash")
    assert deck_logo(project) == logo.read_bytes()
    logo.write_bytes(logo_png("blue"))
    build(project, "ash")
    assert deck_logo(project) == logo.read_bytes()


def manifest_inputs(project) -> dict[str, str]:
    import json
    manifest = json.loads((project.build / "ash" / "manifest.json").read_text("utf-8"))
    return {o["path"]: o["inputs"] for o in manifest["outputs"]}


def test_a_facilitator_note_edit_renders_no_participant_material(project):
    build(project, "ash")
    before = manifest_inputs(project)
    add_to_fence(project, "notes", "Open the window before people arrive.\n")
    build(project, "ash")
    after = manifest_inputs(project)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "guides/vision-facilitator-guide.docx" in changed
    participants = ("handouts/", "joining/", "feedback/", "printables/", "task-sheets/", "check-in/", "programme/")
    assert not [path for path in changed if path.startswith(participants)]


def test_an_online_note_edit_plans_and_renders_only_its_workshop_again(project):
    """Online, a speaker-note edit plans only its workshop's sessions again (the others' plans
    come from the cache) and renders only its guide and the one session deck whose notes show it:
    no other deck, no joining instructions."""
    (project.content / "charities" / "ash.yaml").write_text(PROFILE + "delivery: remote\n", "utf-8")
    build(project, "ash")
    plans, before = cache_entries(project, "remote-plans"), manifest_inputs(project)
    assert len(plans) == 2
    add_to_fence(project, "notes", "Check everyone can hear.\n")
    report = build(project, "ash")
    assert len(cache_entries(project, "remote-plans")) == 3
    rendered = {w.path for w in report.files if w.status != "unchanged"}
    assert rendered == {"guides/vision-facilitator-guide.docx", "remote/vision/session-1.pptx"}
    # what is compared of an output made from a script (a deck, the online run-sheet) is the
    # script's digest, after the "/": its workshop's digest before it changed with the edit
    after = {path: inputs.rpartition("/")[2] for path, inputs in manifest_inputs(project).items()}
    before = {path: inputs.rpartition("/")[2] for path, inputs in before.items()}
    assert {path for path in after if after[path] != before[path]} == {
        "guides/vision-facilitator-guide.docx", "remote/vision/session-1.pptx"}  # the run-sheet shows no notes
    assert "Check everyone can hear." in guide_text(project, "vision")


def test_a_line_added_to_a_note_draws_no_deck_whose_slides_it_only_moved(project):
    """Slides know the line they were written on, for messages; a line added above them moves
    them, but changes nothing a deck or the run-sheet shows, so only the guide is rendered."""
    def compared():  # what tells whether an output is rendered again (after the "/", for a script's)
        return {path: inputs.rpartition("/")[2] for path, inputs in manifest_inputs(project).items()}

    (project.content / "charities" / "ash.yaml").write_text(PROFILE + "delivery: remote\n", "utf-8")
    build(project, "ash")
    before = compared()
    add_to_fence(project, "facilitator", "Arrive half an hour early.\n\n")
    build(project, "ash")
    after = compared()
    assert [path for path in after if after[path] != before[path]] == ["guides/vision-facilitator-guide.docx"]
    assert "Arrive half an hour early." in guide_text(project, "vision")


def test_the_online_run_sheet_is_written_again_only_when_what_it_says_changes(project):
    """A workshop's remote plan is made from what it says (a recorded script): a facilitator's
    note is not in it, so editing one writes it not again; its online adaptations are."""
    (project.content / "charities" / "ash.yaml").write_text(PROFILE + "delivery: remote\n", "utf-8")
    build(project, "ash")
    plan = "remote/vision-remote-plan.docx"
    replace_in_vision(project, "Purpose: bring the group back together", "Purpose: gather the group again")
    report = build(project, "ash")
    assert {w.path for w in report.files if w.status != "unchanged"} == {"guides/vision-facilitator-guide.docx"}
    before = manifest_inputs(project)[plan]
    replace_in_vision(project, "Open one breakout room for each host", "Open a breakout room for every host")
    report = build(project, "ash")
    assert plan in {w.path for w in report.files if w.status == "updated"}
    assert manifest_inputs(project)[plan].rpartition("/")[2] != before.rpartition("/")[2]
    words = "\n".join(p.text for p in Document(str(project.build / "ash" / plan)).paragraphs)
    assert "Open a breakout room for every host" in words


def test_restyled_templates_are_kept_between_builds_and_give_the_same_files(project):
    """Documents and decks start from the template restyled for the charity's look; that is made
    once, kept in the cache, and what is read back gives the same files as what was just made."""
    (project.content / "charities" / "ash.yaml").write_text(PROFILE + "delivery: remote\n", "utf-8")
    build(project, "ash")
    prepared = cache_entries(project, "prepared")
    assert len(prepared) >= 3  # the facilitators' documents, the participants' ones, the decks
    folder = project.build / "ash"
    made = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.*") if p.suffix in (".docx", ".pptx")}
    build(project, "ash", force=True)
    assert cache_entries(project, "prepared") == prepared
    assert {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*.*") if p.suffix in (".docx", ".pptx")} == made


def test_a_build_keeps_the_restyled_templates_it_uses_whatever_its_process_made_before(project, tmp_path):
    """A second project built in the same process (a test run, the live preview) finds the
    restyled templates already made in memory: its own cache still gets them."""
    (project.content / "charities" / "ash.yaml").write_text(PROFILE + "delivery: remote\n", "utf-8")
    build(project, "ash", jobs=1)
    other = copy_project(tmp_path / "other", charities=())
    (other.content / "charities" / "ash.yaml").write_text(PROFILE + "delivery: remote\n", "utf-8")
    build(other, "ash", jobs=1)
    assert len(cache_entries(other, "prepared")) >= 3  # the facilitators' documents, the participants', the decks


def test_an_edited_printable_is_printed_again(project):
    build(project, "ash")
    printables = project.content / "printables" / "vision.md"
    printables.write_text(printables.read_text("utf-8").replace(
        "Print one for each core team member", "Print one for every core team member"), "utf-8")
    build(project, "ash")
    doc = Document(str(project.build / "ash" / "printables" / "vision-printables.docx"))
    assert any("Print one for every core team member" in p.text for p in doc.paragraphs)


def test_compiled_texts_come_back_from_the_cache_as_they_were_made(project):
    from facilitation import tailor
    from facilitation.errors import FacilitationError

    cache = ContentCache.for_project(project)
    plain = gather(project, "ash")
    tailor._compiled.cache_clear()
    gather(project, "ash", cache=cache)
    assert list((project.build / CACHE_FOLDER / "templates").glob("*.cache"))
    assert list((project.build / CACHE_FOLDER / "templates").glob("plans-*.pickle"))  # texts read, not compiled
    tailor._compiled.cache_clear()  # as a new build would: every text from the disk cache now
    tailor._PLANS.clear()
    assert gather(project, "ash", cache=cache).workshops == plain.workshops
    assert tailor._PLANS and not tailor._plans_added  # all read back: nothing new to keep
    line = add_to_fence(project, "notes", "Take a breath.\nThen greet {{ charity.shortname }}.\n") + 1
    messages = []
    for _ in range(2):  # compiled fresh, then read back from the cache
        tailor._compiled.cache_clear()
        with pytest.raises(FacilitationError) as raised:
            gather(project, "ash", cache=cache)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert f"content/workshops/vision.md:{line}: unknown name 'charity.shortname'" in messages[0]


def test_digests_are_the_same_in_every_process_with_or_without_the_cache(project):
    """Digests are of the model's values, or of the cache keys that made them: no hash seed, and
    no object read back from the cache instead of made afresh, may change them, or a rebuild
    would render what did not change."""
    import os
    import shutil
    import subprocess
    import sys

    (project.content / "charities" / "ash.yaml").write_text(PROFILE + "delivery: remote\n", "utf-8")
    seen = []
    for seed, keep_cache in (("1", False), ("2", True), ("3", False)):
        if not keep_cache:
            shutil.rmtree(project.build / CACHE_FOLDER, ignore_errors=True)
        done = subprocess.run([sys.executable, "-m", "facilitation", "build", "ash", "--force", "--root", str(project.root)],
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        seen.append(manifest_inputs(project))
    assert seen[0] == seen[1] == seen[2]
    assert any(path.startswith("remote/") for path in seen[0])


def test_a_broken_activity_is_reported_again_from_the_cache(project):
    from facilitation.errors import FacilitationError

    activity = project.content / "activities" / "consult-people.md"
    activity.write_text(activity.read_text("utf-8").replace("---\n", "---\nx: &a [1]\n", 1), "utf-8")
    messages = []
    for _ in range(2):  # read, then found in the cache
        with pytest.raises(FacilitationError) as raised:
            gather(project, "ash", cache=ContentCache.for_project(project))
        messages.append(str(raised.value))
    assert messages[0] == messages[1] and "content/activities/consult-people.md:" in messages[0]
    assert cache_entries(project, "activities")


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="shared only with a second core")
def test_missing_entries_are_made_on_two_cores_and_one_that_fails_is_made_again_here(tmp_path):
    cache = ContentCache(tmp_path / "cache")

    def made_by(n: int):
        return lambda: (n, os.getpid())

    def broken():
        raise ValueError("cannot be made")

    jobs = [("things", cache.key("thing", n), made_by(n), n + 1) for n in range(4)]
    cache.share(jobs + [("things", cache.key("broken"), broken, 1)])
    values = [cache.get(kind, key, make) for kind, key, make, _ in jobs]
    assert [n for n, _ in values] == [0, 1, 2, 3]
    makers = {pid for _, pid in values}
    assert len(makers) == 2 and os.getpid() in makers
    with pytest.raises(ValueError, match="cannot be made"):
        cache.get("things", cache.key("broken"), broken)
    assert ContentCache(tmp_path / "cache").get("things", jobs[3][1], made_by(9)) == values[3]  # kept


def test_a_first_build_reports_a_broken_workshop_once_at_its_line(project):
    from facilitation.errors import FacilitationError

    vision = project.content / "workshops" / "vision.md"
    lines = vision.read_text("utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("- First we imagine"))
    lines[at] = "- First we {{ charity.nmae }} imagine\n"
    vision.write_text("".join(lines), "utf-8")
    with pytest.raises(FacilitationError) as raised:
        build(project, "ash")
    message = str(raised.value)
    assert message.count("unknown name 'charity.nmae'") == 1
    assert f"content/workshops/vision.md:{at + 1}:" in message
