"""The command line, end to end: success, and every bad input refused cleanly."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from facilitation.cli import main
from helpers import copy_project


def run(project, *args):
    result = CliRunner().invoke(main, [*args, "--root", str(project.root)])
    return result.exit_code, result.output


@pytest.fixture
def built(project, example_pack):
    """A project with a good build of the example charity (copied from the session's build);
    returns the files' bytes."""
    shutil.copytree(example_pack[0].build, project.build)
    code, output = run(project, "build", "example")
    assert code == 0 and "unchanged" in output, output
    folder = project.build / "example"
    return project, {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_build_prints_each_file_and_a_summary(project):
    code, output = run(project, "build", "example")
    assert code == 0
    assert "  new       build/example/decks/concepts.pptx" in output
    assert re.search(r"Built \d+ files for Northside Recovery Trust into build/example/ \(\d+ new\) in \d+\.\d\d s", output)
    manifest = json.loads((project.build / "example" / "manifest.json").read_text())
    assert manifest["charity"] == "example"
    kinds = {o["kind"] for o in manifest["outputs"]}
    assert {"deck", "facilitator-guide"} <= kinds
    for entry in manifest["outputs"]:
        assert (project.build / "example" / entry["path"]).is_file()
        assert len(entry["sha256"]) == 64


def test_list_shows_charities_and_how_to_choose(tmp_path):
    project = copy_project(tmp_path, charities=("example", "riverside"))
    code, output = run(project, "list")
    assert code == 0
    assert "example" in output and "riverside" in output and "make deck CHARITY=" in output


@pytest.mark.parametrize("command, examples", [
    ("build", ["facilitation build example", "facilitation build --all"]),
    ("check", ["facilitation check", "facilitation check example --build"]),
])
def test_help_examples_keep_their_own_lines(command, examples):
    lines = [line.strip() for line in CliRunner().invoke(main, [command, "--help"]).output.splitlines()]
    assert "Examples:" in lines
    for example in examples:
        assert example in lines


def test_every_command_has_a_whole_one_line_summary():
    output = CliRunner().invoke(main, ["--help"]).output
    commands = output[output.index("Commands:"):].splitlines()[1:]
    summaries = {line.split()[0]: line.split(None, 1)[1] for line in commands if line.strip()}
    assert set(summaries) >= {"build", "check", "form", "harvest", "list", "new"}
    for summary in summaries.values():
        assert summary.endswith(".") and not summary.endswith("...") and ":" not in summary, summary
    assert summaries["new"] == "Start a profile for a new charity."


def edit(project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))


PROFILE = "content/charities/example.yaml"
CONCEPTS = "content/workshops/concepts.md"

BAD_INPUTS = [
    ("yaml syntax", PROFILE, "name: Northside Recovery Trust", "name: [Northside", f"{PROFILE}:"),
    ("unknown key", PROFILE, "short_name: Northside", "shortname: Northside", f"{PROFILE}:3: unknown key 'shortname' (did you mean 'short_name'?)"),
    ("missing name", PROFILE, "name: Northside Recovery Trust\n", "", f"{PROFILE}:1: missing required key 'name'"),
    ("unknown workshop", PROFILE, "debrief,", "debreif,", "did you mean 'debrief'?"),
    ("bad colour", PROFILE, 'primary: "#1F4E79"', "primary: navy", "'branding.primary' must be a colour"),
    ("bad date", PROFILE, "start_date: 2027-01-12", "start_date: 2027-01-32", "'schedule.start_date' must be a date"),
    ("bad delivery", PROFILE, "delivery: in-person", "delivery: zoom", "'delivery' must be one of in-person, remote, hybrid"),
    ("bad minutes", PROFILE, "max_session_minutes: 90", "max_session_minutes: 500", "'remote.max_session_minutes' must be a whole number"),
    ("logo leaves repo", PROFILE, "logo: images/northside-logo.png", "logo: ../../secret.png", "leaves the repository"),
    ("logo missing", PROFILE, "logo: images/northside-logo.png", "logo: images/missing.png", f"{PROFILE}:27: file 'images/missing.png' does not exist"),
    ("bad duration", CONCEPTS, "duration=30", "duration=half-hour", f"{CONCEPTS}:"),
    ("unknown attribute", CONCEPTS, "kind=opening", "knid=opening", "unknown attribute 'knid' (did you mean 'kind'?)"),
    ("unknown fence", CONCEPTS, "::: facilitator", "::: facilitatr", "unknown fence '::: facilitatr' (did you mean 'facilitator'?)"),
    ("unclosed fence", CONCEPTS, "\n:::\n", "\n", "is not closed before line"),
    ("undefined variable", CONCEPTS, "{{ charity.short_name }}", "{{ charity.shortname }}",
     f"{CONCEPTS}:51: unknown name 'charity.shortname' (did you mean 'charity.short_name'?)"),
    ("python internals", CONCEPTS, "{{ charity.short_name }}", "{{ charity.__class__.__mro__ }}", f"{CONCEPTS}:"),
    ("xml characters", CONCEPTS, "{{ charity.short_name }}", "{{ charity.short_name }}\x0b", "cannot be stored in a document"),
    ("image leaves repo", CONCEPTS, "\n- ", "\n![secret](../../etc/passwd)\n\n- ", "leaves the repository"),
    ("image missing", CONCEPTS, "\n- ", "\n![a ladder](images/nope.png)\n\n- ", "file 'images/nope.png' does not exist"),
    ("image without alt", CONCEPTS, "\n- ", "\n![](images/nope.png)\n\n- ", "has no alt text"),
]


@pytest.mark.parametrize("name, relative, old, new, expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_and_the_last_build_survives(built, name, relative, old, new, expected):
    project, before = built
    edit(project, relative, old, new)
    code, output = run(project, "build", "example")
    assert code == 2, output
    assert "Traceback" not in output
    assert expected in output
    assert output.splitlines()[0].startswith(relative) or expected.startswith(relative) is False
    assert "nothing was written" in output
    after = {p: p.read_bytes() for p in (project.build / "example").rglob("*") if p.is_file()}
    assert after == before


def test_an_unknown_name_is_reported_once_per_place_in_line_order(project):
    vision = project.content / "workshops" / "vision.md"
    text = vision.read_text().replace("{{ charity.short_name }}", "{{ charity.shortname }}")
    vision.write_text(text)
    code, output = run(project, "build", "example")
    assert code == 2
    reported = [line for line in output.splitlines() if "unknown name" in line]
    assert reported[0] == ("content/workshops/vision.md:51: unknown name 'charity.shortname' "
                           "(did you mean 'charity.short_name'?)")
    lines = [int(line.split(":")[1]) for line in reported]
    assert lines == sorted(set(lines)) and len(lines) > 5
    invitation = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("invitation:") and "shortname" in line)
    assert invitation in lines and invitation - 1 not in lines  # an activity's text is reported at its own line
    assert f"{len(reported)} problems found; nothing was written." in output


def test_a_misspelt_attribute_is_reported_once(project):
    edit(project, CONCEPTS, "{duration=30 kind=opening", "{durration=30 kind=opening")
    code, output = run(project, "build", "example")
    assert code == 2
    assert output.splitlines() == [f"{CONCEPTS}:17: unknown attribute 'durration' (did you mean 'duration'?)",
                                   "1 problem found; nothing was written."]


def test_empty_and_list_profiles(project):
    (project.content / "charities" / "empty.yaml").write_text("")
    (project.content / "charities" / "listy.yaml").write_text("- a\n- b\n")
    code, output = run(project, "build", "empty")
    assert code == 2 and "content/charities/empty.yaml:1: the profile is empty" in output
    code, output = run(project, "build", "listy")
    assert code == 2 and "content/charities/listy.yaml:1: the profile must be a mapping of keys to values, found a list" in output


@pytest.mark.parametrize("slug", ["../example", "a/b", "..", "Example"])
def test_charity_names_cannot_be_paths(project, slug):
    code, output = run(project, "build", slug)
    assert code == 2 and "lower-case letters, digits and hyphens" in output and "Traceback" not in output


def test_unknown_charity_lists_the_known_ones(project):
    code, output = run(project, "build", "exampel")
    assert code == 2
    assert "content/charities/exampel.yaml: unknown charity 'exampel' (did you mean 'example'?)" in output


def test_edited_output_is_kept_and_the_new_one_goes_beside_it(built):
    project, _ = built
    deck = project.build / "example" / "decks" / "concepts.pptx"
    deck.write_bytes(deck.read_bytes() + b"edited")
    edit(project, CONCEPTS, "{{ charity.short_name }}", "{{ charity.name }}")
    code, output = run(project, "build", "example")
    assert code == 0
    assert deck.read_bytes().endswith(b"edited")
    assert (project.build / "example" / "decks" / "concepts.new.pptx").is_file()
    assert "concepts.pptx was edited since it was built" in output
    assert ("  kept      build/example/decks/concepts.pptx (edited since built); "
            "new one written to build/example/decks/concepts.new.pptx") in output.splitlines()
    code, output = run(project, "build", "example", "--force")
    assert code == 0 and not deck.read_bytes().endswith(b"edited")


def test_an_unchanged_rebuild_writes_nothing(built):
    project, before = built
    code, output = run(project, "build", "example")
    assert code == 0 and "unchanged" in output and "  new " not in output


def test_all_builds_every_charity_and_one_failure_does_not_stop_the_others(tmp_path):
    project = copy_project(tmp_path, charities=("example", "riverside"))
    (project.content / "charities" / "broken.yaml").write_text("name: Broken\ndelivery: carrier-pigeon\n")
    code, output = run(project, "build", "--all", "--jobs", "2")
    assert code == 2
    lines = output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("charity"))
    table = {line.split()[0]: line.split()[1:] for line in lines[header + 1: header + 4]}
    assert table["broken"][-1] == "1" and table["broken"][0] == "0"
    assert int(table["example"][0]) > 10 and table["example"][-1] == "0"
    assert int(table["riverside"][1]) > 50  # slides
    assert "content/charities/broken.yaml:2: 'delivery' must be one of" in output
    assert "1 of 3 charities had problems: broken" in output
    progress = [line for line in lines if line.startswith("Built ") and "/3: " in line]
    assert [line[:10] for line in progress] == ["Built 1/3:", "Built 2/3:", "Built 3/3:"]
    assert {line[11:] for line in progress} == {"broken (problems)", "example", "riverside"}
    assert (project.build / "riverside" / "manifest.json").is_file()


def test_build_needs_a_charity_or_all(project):
    code, output = run(project, "build")
    assert code == 2 and "name a charity" in output


def test_editing_one_workshop_rebuilds_only_its_outputs(built):
    project, before = built
    manifest = project.build / "example" / "manifest.json"
    inputs_before = {o["path"]: o["inputs"] for o in json.loads(manifest.read_text())["outputs"]}
    vision = project.content / "workshops" / "vision.md"
    text = vision.read_text()
    at = text.index("::: notes\n") + len("::: notes\n")
    vision.write_text(text[:at] + "Take a breath first.\n" + text[at:])
    code, output = run(project, "build", "example")
    assert code == 0
    changed = {line.split()[1] for line in output.splitlines() if line.startswith("  updated")}
    assert changed == {"build/example/decks/vision.pptx", "build/example/guides/vision-facilitator-guide.docx"}
    inputs_after = {o["path"]: o["inputs"] for o in json.loads(manifest.read_text())["outputs"]}
    for path in ("decks/concepts.pptx", "guides/concepts-facilitator-guide.docx", "notes/concepts-co-facilitator-notes.docx"):
        assert inputs_after[path] == inputs_before[path], path  # recognised as current, not rendered again
    assert inputs_after["decks/vision.pptx"] != inputs_before["decks/vision.pptx"]


def test_a_workshop_the_proposal_adds_but_the_profile_does_not_build_is_pointed_out(project):
    edit(project, "content/charities/riverside.yaml", "journey_stage: informing", "journey_stage: coercion")
    for _ in range(2):  # said again by an unchanged rebuild
        code, output = run(project, "build", "riverside")
        assert code == 0
        assert "warning: the proposal adds 'staff-session'" in output
        assert "add it to 'workshops' in content/charities/riverside.yaml" in output


def test_check_on_clean_content_prints_only_the_count_and_the_summary(built):
    project, _ = built
    code, output = run(project, "check", "example", "--no-schema")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "Checking 1/1: example"
    assert re.fullmatch(r"Checked 1 charity, \d+ outputs: 0 errors, 0 warnings, \d+ notes?\."
                        r"( \(--verbose shows the notes\))?", lines[-1]), lines[-1]
    assert len(lines) == 2, output
    code, output = run(project, "check", "example", "--no-schema", "--verbose")
    assert "[reading-ease] note: Flesch reading ease" in output


def test_new_writes_a_profile_that_ends_with_one_newline(project):
    template = project.content / "charities" / "_template.yaml.txt"
    template.write_text(template.read_text().rstrip("\n"))  # an editor that drops the final newline
    code, output = run(project, "new", "northside-two", "--name", "Northside Two")
    assert code == 0, output
    text = (project.content / "charities" / "northside-two.yaml").read_text()
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "Wrote content/charities/northside-two.yaml." in output


def test_the_command_exits_with_its_status_and_all_its_output(project):
    """`facilitation` ends with os._exit once a command is done (no heap teardown): its output
    must still arrive whole, and its exit status be the command's."""
    import subprocess
    import sys

    def command(*args):
        return subprocess.run([sys.executable, "-m", "facilitation", *args, "--root", str(project.root)],
                              capture_output=True, text=True, cwd=project.root)

    done = command("build", "exampel")
    assert done.returncode == 2 and "unknown charity 'exampel' (did you mean 'example'?)" in done.stderr + done.stdout
    done = command("build", "example")
    assert done.returncode == 0 and done.stdout.rstrip().splitlines()[-1].startswith("Built ")
    done = command("list")
    assert done.returncode == 0 and "example" in done.stdout
