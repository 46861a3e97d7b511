"""Hardening, round two: payloads that once hung the build, exhausted memory or ended in a
traceback. Each must end in exit 2 with a `file:line` message, quickly and in bounded memory."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitation.cli import main
from facilitation.errors import FacilitationError
from facilitation.profile import load_profile
from facilitation.profile.fields import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
PROFILE = "content/charities/example.yaml"
CONCEPTS = "content/workshops/concepts.md"


def _line_of(relative: str, needle: str) -> int:
    """The line of a text in the real content, so an editor's change elsewhere cannot break the test."""
    lines = (ROOT / relative).read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)
RULES = "content/rules/programme.yaml"
ACTIVITY = "content/activities/consult-people.md"
MEMORY = 1 << 30  # 1 GiB: every payload must stay well under it


def run(project, *args):
    result = CliRunner().invoke(main, [*args, "--root", str(project.root)])
    return result.exit_code, result.output


def run_bounded(project, *args, env=None, timeout=30):
    """The CLI in a child process with at most 1 GiB of memory, so a runaway payload cannot
    take the machine down with the test."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    command = [sys.executable, "-m", "facilitation", *args, "--root", str(project.root)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, preexec_fn=limit)
    return result.returncode, result.stdout + result.stderr


def edit(project, relative: str, change) -> None:
    path = project.root / relative
    path.write_text(change(path.read_text("utf-8")), "utf-8")


def laughs(levels: int = 9) -> str:
    """The classic alias bomb: ten times more at each level."""
    lines = ["lol0: &l0 [lol]"]
    lines += [f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def assert_clean(code: int, output: str, expected: str) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert code == 2, output[-3000:]
    assert expected in output, output[-3000:]


# ---- YAML: aliases, nesting, numbers and dates in every user YAML ---------------------------

def front_matter_with(extra: str):
    return lambda text: text.replace("\n---\n", "\n" + extra + "---\n", 1)


ALIASES = [
    ("profile bomb", PROFILE, lambda text: text + laughs(), f"{PROFILE}:"),
    ("profile merge key", PROFILE, lambda text: "base: &b {name: X}\n" + text, f"{PROFILE}:1: not valid YAML: anchors"),
    ("rules bomb", RULES, lambda text: text + laughs(), f"{RULES}:"),
    ("workshop front matter alias", CONCEPTS, front_matter_with("x: &a [1]\ny: *a\n"), f"{CONCEPTS}:"),
    ("activity card alias", CONCEPTS, lambda text: text.replace("structure: Impromptu Networking",
                                                                "structure: &s Impromptu Networking\nspace2: *s", 1),
     f"{CONCEPTS}:{_line_of(CONCEPTS, 'structure: Impromptu Networking')}: activity is not valid YAML: anchors"),
    ("activity file alias", ACTIVITY, front_matter_with("x: &a [1]\n"), f"{ACTIVITY}:"),
]


@pytest.mark.parametrize("name, relative, change, expected", ALIASES, ids=[a[0] for a in ALIASES])
def test_yaml_aliases_are_refused_in_every_user_file(project, name, relative, change, expected):
    edit(project, relative, change)
    assert_clean(*run_bounded(project, "build", "example", timeout=20), expected)


def test_the_alias_bomb_is_refused_at_its_line():
    with pytest.raises(FacilitationError) as error:
        parse_yaml(laughs(), "p.yaml")
    assert str(error.value).startswith("p.yaml:1: not valid YAML: anchors and aliases")


VALUES = [
    ("deep nesting in a profile", PROFILE, lambda t: t + "deep: " + "[" * 5000 + "]" * 5000 + "\n", "nested more than"),
    ("deep block nesting", PROFILE, lambda t: t + "".join(" " * n + f"k{n}:\n" for n in range(200)), "nested more than"),
    ("deep nesting in front matter", CONCEPTS, front_matter_with("x: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"),
     f"{CONCEPTS}:"),
    ("5,000-digit number", PROFILE, lambda t: t.replace("max_session_minutes: 90", "max_session_minutes: " + "9" * 5000),
     "cannot read the value"),
    ("5,000-digit number in rules", RULES, lambda t: t.replace("preferred: 4", "preferred: " + "7" * 5000),
     f"{RULES}:"),
    ("far-future start date", PROFILE, lambda t: t.replace("start_date: 2027-01-12", "start_date: 9999-12-01"),
     f"{PROFILE}:21: 'schedule.start_date' must be a date"),
    ("year one", PROFILE, lambda t: t.replace("start_date: 2027-01-12", "start_date: 0001-01-01"), f"{PROFILE}:21:"),
    ("duplicate key", PROFILE, lambda t: t + "name: Someone Else\n", "appears twice, on lines 2 and"),
    ("duplicate nested key", PROFILE, lambda t: t.replace("  start_date: 2027-01-12", "  start_date: 2027-01-12\n  start_date: 2027-02-01"),
     "key 'start_date' appears twice, on lines 21 and 22"),
]


@pytest.mark.parametrize("name, relative, change, expected", VALUES, ids=[v[0] for v in VALUES])
def test_yaml_values_python_cannot_hold_are_messages(project, name, relative, change, expected):
    edit(project, relative, change)
    assert_clean(*run(project, "build", "example"), expected)


@pytest.mark.parametrize("epoch", ["99999999999999", "-5", "soon", "1e10", "9" * 400])
def test_a_source_date_epoch_out_of_range_is_a_message(project, monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert_clean(*run(project, "build", "example"), "SOURCE_DATE_EPOCH:")


@pytest.mark.parametrize("where", ["slide", "fence", "title"])
def test_a_ten_megabyte_line_without_braces_is_refused(project, where):
    line = "word " * 2_000_000
    old = {"slide": "\n- ", "fence": "::: notes\n", "title": "\n## "}[where]
    edit(project, CONCEPTS, lambda t: t.replace(old, old + line + "\n", 1))
    code, output = run_bounded(project, "build", "example", timeout=30)
    assert_clean(code, output, f"{CONCEPTS}:")
    assert len(output) < 5000  # the line is not echoed back


def test_duplicate_keys_name_both_lines():
    with pytest.raises(FacilitationError) as error:
        load_profile("name: A\nshort_name: B\nname: C\n", "p.yaml", "p")
    assert str(error.value) == "p.yaml:3: not valid YAML: key 'name' appears twice, on lines 1 and 3; keep one"


# ---- Jinja: bounded while rendering ---------------------------------------------------------

TOO_LARGE = [
    "{{ 'x' * 100000 * 100000 }}", "{{ 'ab'|center(10**9) }}", "{{ 'ab'.ljust(10**9) }}",
    "{{ ('x' * 1000).replace('x', 'y' * 1000) }}", "{{ ('x' * 1000)|replace('x', 'y' * 1000) }}",
    "{{ '%9999999999s' % 'x' }}", "{{ '%*s' % (10**9, 'x') }}", "{{ '{:>99999999}'.format('x') }}",
    "{{ '%s'|format('x'|indent(10**9)) }}", "{{ (['x' * 1000] * 1000)|join }}", "{{ ','.join(['x' * 1000] * 1000) }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set ns = namespace(l=[1]) %}{% for i in range(40) %}{{ ns.l.extend(ns.l) }}{% endfor %}",
    "{% for i in range(99999) %}{{ 'x' * 100000 }}{% endfor %}",
    "{% macro m() %}{% for i in range(99999) %}{{ 'x' * 10000 }}{% endfor %}{% endmacro %}{{ m()|length }}",
    "{{ 9 ** 9 ** 9 }}", "{{ 'x'|wordwrap(10**9) }}", "{{ '%*s'|format(10**9, 'x') }}", "{{ '{:{}}'.format('x', 10**9) }}",
]
TOO_LONG = [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",  # only the timer stops this
]


def render_in_a_child(texts: list[str]) -> list[str]:
    """Render each text in a child process held to 1 GiB, and give back each outcome."""
    script = (
        "import json, resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))\n"
        "from facilitation.tailor import render\nfrom facilitation.errors import FacilitationError\n"
        "out = []\n"
        "for text in json.load(sys.stdin):\n"
        "    try:\n        out.append('ok ' + render('\\n\\n' + text, {'charity': {}}, 'w.md', 8)[:40])\n"
        "    except FacilitationError as error:\n        out.append(str(error))\n"
        "print(json.dumps(out))\n")
    import json

    result = subprocess.run([sys.executable, "-c", script], input=json.dumps(texts), capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_templates_that_build_huge_values_stop_at_their_line():
    for text, outcome in zip(TOO_LARGE, render_in_a_child(TOO_LARGE)):
        assert outcome.startswith("w.md:10: ") and "too large" in outcome, (text, outcome)


def test_templates_that_loop_for_ever_stop_in_seconds():
    import time

    started = time.perf_counter()
    outcomes = render_in_a_child(TOO_LONG)
    assert time.perf_counter() - started < 15
    for text, outcome in zip(TOO_LONG, outcomes):
        assert outcome.startswith("w.md:10: ") and "runs too long" in outcome, (text, outcome)


def test_large_numbers_that_are_not_widths_still_render():
    texts = ["{{ '{:,}'.format(250000) }}", "{{ '%d' % 300000 }}", "{{ 1000000|filesizeformat }}", "{{ 300000|round|int }}"]
    assert render_in_a_child(texts) == ["ok \n\n250,000", "ok \n\n300000", "ok \n\n1.0 MB", "ok \n\n300000"]


def test_ordinary_templates_still_render():
    assert render_in_a_child(["{{ 3 * 'ab' }} {{ 'a,b'.split(',')|join('-') }} {% for i in range(3) %}{{ i }}{% endfor %}"
                              "{{ '%05d'|format(42) }} {{ 'x'|center(9) }}"]) == ["ok \n\nababab a-b 01200042     x    "]


def test_a_runaway_template_in_a_workshop_fails_the_build_at_its_line(project):
    edit(project, CONCEPTS, lambda t: t.replace("\n- ", "\n- {{ 'ab'|center(10**9) }}\n- ", 1))
    code, output = run_bounded(project, "build", "example", timeout=30)
    assert_clean(code, output, "is too large")
    assert output.startswith(f"{CONCEPTS}:")


# ---- containment: one rule for every file read, manifests that leave their folder ------------

SECRET = "TOP-SECRET " * 500


@pytest.mark.parametrize("relative", [PROFILE, CONCEPTS, ACTIVITY, RULES, "content/accessibility.md",
                                      "content/co-facilitator/" + "wellbeing.md", "content/report-back/slides.md"])
def test_a_file_linked_to_outside_the_repository_is_not_read(project, tmp_path_factory, relative):
    target = project.root / relative
    if not target.exists():
        target = next((project.root / relative).parent.glob("*.md"))
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text(SECRET)
    target.unlink()
    os.symlink(outside, target)
    code, output = run(project, "build", "example")
    assert_clean(code, output, "leaves the repository")
    assert "TOP-SECRET" not in output


def test_a_profile_that_is_not_yaml_is_quoted_briefly(project):
    (project.root / PROFILE).write_text(SECRET + "\n")
    code, output = run(project, "build", "example")
    assert_clean(code, output, f"{PROFILE}:1: the profile must be a mapping")
    assert len(output) < 400


def test_a_link_inside_the_repository_is_fine(project):
    real = project.content / "charities" / "example.yaml"
    os.symlink(real, project.content / "charities" / "linked.yaml")
    assert "linked" in run(project, "list")[1]


def test_list_offers_only_well_named_profiles(project):
    for name in (".hidden.yaml", "Bad Name.yaml", "UPPER.yaml"):
        shutil.copy(project.content / "charities" / "example.yaml", project.content / "charities" / name)
    code, output = run(project, "list")
    assert code == 0 and "hidden" not in output and "Bad Name" not in output and "UPPER" not in output
    assert "example" in output


def last_build_and_a_victim(example_pack, project) -> Path:
    """The example's last build in the project, and a file beside the project someone keeps."""
    shutil.copytree(example_pack[0].build, project.build)
    victim = project.root / "victim.txt"
    victim.write_text("keep me")
    return victim


def add_manifest_entry(project, path: str, fresh: bool = False) -> Path:
    """The example's manifest given an output at `path` (and, with `fresh`, a first entry's fresh copy there)."""
    manifest = project.build / "example" / "manifest.json"
    data = json.loads(manifest.read_text())
    data["outputs"].append({"kind": "deck", "workshop": "gone", "path": path, "sha256": hashlib.sha256(b"keep me").hexdigest()})
    if fresh:
        data["outputs"][0]["fresh"] = path
    data["inputs"] = ""
    manifest.write_text(json.dumps(data))
    return manifest


@pytest.mark.parametrize("bad", ["../../victim.txt", "../victim.txt", "{victim}", "decks/../../victim.txt", "~/victim.txt"])
def test_a_manifest_that_points_outside_its_folder_is_ignored(example_pack, project, bad):
    victim = last_build_and_a_victim(example_pack, project)
    bad = bad.format(victim=victim)
    manifest = add_manifest_entry(project, bad, fresh=True)
    code, output = run(project, "build", "example")
    assert code == 0, output
    assert victim.read_text() == "keep me"
    assert "ignored the entry for" in output
    assert bad not in manifest.read_text()


def test_a_manifest_entry_through_a_link_out_of_its_folder_is_ignored(example_pack, project):
    """A path with no '..' can still leave the folder through a link someone put in it."""
    victim = last_build_and_a_victim(example_pack, project)
    os.symlink(project.root, project.build / "example" / "out")
    add_manifest_entry(project, "out/victim.txt")
    code, output = run(project, "build", "example")
    assert code == 0, output
    assert victim.read_text() == "keep me"
    assert "ignored the entry for 'out/victim.txt'" in output


# ---- every OS failure is a message; the last good build stays as it was ----------------------

def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"),
                                         (errno.EPERM, "immutable"), (errno.ENAMETOOLONG, "too long"),
                                         (errno.EDQUOT, "quota")])
def test_a_failing_disk_is_a_message_and_changes_nothing(example_pack, project, monkeypatch, code, words):
    import facilitation.publish as publish

    shutil.copytree(example_pack[0].build, project.build)
    before = snapshot(project.build / "example")
    edit(project, PROFILE, lambda t: t.replace("short_name: Northside", "short_name: Northside Trust"))
    real = publish.stage
    calls = []

    def failing(path, data):  # the third file fails, as a disk filling up would
        calls.append(path)
        if len(calls) == 3:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, data)

    monkeypatch.setattr(publish, "stage", failing)
    status, output = run(project, "build", "example")
    assert_clean(status, output, words)
    assert str(project.build / "example") in output
    assert snapshot(project.build / "example") == before
    assert not list((project.build / "example").rglob("*.tmp"))


def test_a_really_full_disk(example_pack, tmp_path):
    """A 200 kB tmpfs as build/ (needs root to mount; skipped elsewhere)."""
    from helpers import copy_project

    project = copy_project(tmp_path)
    project.build.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(project.build)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        code, output = run(project, "build", "example")
        assert_clean(code, output, "the disk is full")
        assert not list(project.build.rglob("*.tmp")) and not (project.build / "example" / "manifest.json").exists()
    finally:
        subprocess.run(["umount", str(project.build)], check=False)


def test_an_output_path_that_is_a_folder(example_pack, project):
    shutil.copytree(example_pack[0].build, project.build)
    deck = project.build / "example" / "decks" / "concepts.pptx"
    deck.unlink()
    deck.mkdir()
    before = snapshot(project.build / "example")
    code, output = run(project, "build", "example", "--force")
    assert_clean(code, output, "a folder is in the way")
    assert "decks/concepts.pptx" in output
    assert snapshot(project.build / "example") == before


def test_build_slug_being_a_file(project):
    project.build.mkdir()
    (project.build / "example").write_text("not a folder")
    assert_clean(*run(project, "build", "example"), "a file is in the way")
    (project.build / "example").unlink()
    project.build.rmdir()
    project.build.write_text("nor this")
    assert_clean(*run(project, "build", "example"), "build")


def test_a_read_only_build_folder(example_pack, tmp_path):
    """A read-only bind mount (root only), else skipped: chmod does not stop root."""
    from helpers import copy_project

    project = copy_project(tmp_path)
    shutil.copytree(example_pack[0].build, project.build)
    before = snapshot(project.build / "example")
    edit(project, PROFILE, lambda t: t.replace("short_name: Northside", "short_name: Northside Trust"))
    folder = str(project.build)
    if subprocess.run(["mount", "--bind", "-o", "ro", folder, folder], capture_output=True).returncode != 0:
        pytest.skip("cannot mount read-only here")
    try:
        if os.access(folder, os.W_OK) and not os.statvfs(folder).f_flag & os.ST_RDONLY:
            pytest.skip("the bind mount is not read-only")
        assert_clean(*run(project, "build", "example"), "read-only")
    finally:
        subprocess.run(["umount", folder], check=False)
    assert snapshot(project.build / "example") == before


def test_leftover_temporary_files_are_removed_and_outputs_honour_the_umask(example_pack, project):
    shutil.copytree(example_pack[0].build, project.build)
    folder = project.build / "example"
    for leftover in (folder / "decks" / ".concepts.pptx.abc123.tmp", folder / ".manifest.json.x.tmp"):
        leftover.write_bytes(b"half")
    old = os.umask(0o022)
    try:
        edit(project, PROFILE, lambda t: t.replace("short_name: Northside", "short_name: Northside Trust"))
        assert run(project, "build", "example")[0] == 0
    finally:
        os.umask(old)
    assert not list(folder.rglob("*.tmp"))
    assert (folder / "decks" / "concepts.pptx").stat().st_mode & 0o777 == 0o644
    assert (folder / "manifest.json").stat().st_mode & 0o777 == 0o644


# ---- templates checked up front; images the deck writer cannot embed --------------------------

def zip_bomb(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("ppt/presentation.xml", "<p/>")
        package.writestr("ppt/slideLayouts/slideLayout1.xml", b"\0" * (200 * 2**20))


def without_layout(path: Path, layout: str) -> None:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info)
            package.writestr(info, data.replace(f'name="{layout}"'.encode(), b'name="Renamed"'))


TEMPLATE_PAYLOADS = [
    ("missing", lambda p: p.unlink(), "templates/deck.pptx: the template is missing"),
    ("not a zip", lambda p: p.write_text("just text"), "templates/deck.pptx: the template cannot be read: not a zip"),
    ("empty", lambda p: p.write_bytes(b""), "templates/deck.pptx: the template cannot be read"),
    ("truncated", lambda p: p.write_bytes(p.read_bytes()[:5000]), "templates/deck.pptx: the template cannot be read"),
    ("zip bomb", zip_bomb, "a zip bomb?"),
    ("no Quote layout", lambda p: without_layout(p, "Quote"), "templates/deck.pptx: the template has no slide layout named 'Quote'"),
    ("a docx as the deck", lambda p: shutil.copy(p.parent / "guide.docx", p), "it is not a PowerPoint file"),
]


@pytest.mark.parametrize("name, damage, expected", TEMPLATE_PAYLOADS, ids=[t[0] for t in TEMPLATE_PAYLOADS])
def test_a_broken_deck_template_is_named_before_building(project, name, damage, expected):
    damage(project.templates / "deck.pptx")
    assert_clean(*run(project, "check-template"), expected)
    assert_clean(*run(project, "build", "example"), expected)
    assert not (project.build / "example" / "manifest.json").exists()


def test_a_guide_template_linked_outside_is_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "guide.docx"
    shutil.copy(project.templates / "guide.docx", outside)
    (project.templates / "guide.docx").unlink()
    os.symlink(outside, project.templates / "guide.docx")
    assert_clean(*run(project, "check-template"), "leaves the repository")


def test_the_shipped_templates_pass(project):
    assert run(project, "check-template") == (0, "The templates are fine.\n")


@pytest.mark.parametrize("extension, format", [("webp", "WEBP"), ("ico", "ICO"), ("ppm", "PPM"), ("pcx", "PCX")])
def test_images_a_slide_cannot_hold_are_refused_at_their_line(project, extension, format):
    from PIL import Image

    images = project.content / "images"
    images.mkdir(exist_ok=True)
    Image.new("RGB", (32, 32), "red").save(images / f"odd.{extension}", format=format)
    edit(project, CONCEPTS, lambda t: t.replace("\n- ", f"\n![a red square](images/odd.{extension})\n\n- ", 1))
    code, output = run(project, "build", "example")
    assert_clean(code, output, f"image 'images/odd.{extension}' is a {format} file, which a slide cannot hold")
    assert output.startswith(f"{CONCEPTS}:")


# ---- nothing silently lost ---------------------------------------------------------------------

@pytest.mark.parametrize("depth", [3, 4, 10])
def test_bullets_nested_deeper_than_slides_show_are_refused_at_their_line(project, depth):
    nested = "".join("  " * n + f"- level {n + 1}\n" for n in range(depth))
    edit(project, CONCEPTS, lambda t: t.replace("\n- ", "\n" + nested + "\n- ", 1))
    code, output = run(project, "build", "example")
    assert_clean(code, output, "a bullet nested 3 levels deep; slides show 2 levels")
    assert output.startswith(f"{CONCEPTS}:")


def test_two_levels_of_bullets_are_fine():
    from facilitation.content.markdown import parse_body
    from facilitation.errors import Problems

    problems = Problems()
    parse_body("- one\n  - two\n", "w.md", 1, problems)
    assert not problems


@pytest.mark.parametrize("start, line", [('"23:00"', 22), ('"20:30"', 22)])
def test_a_day_past_midnight_names_the_start_time_line(project, start, line):
    edit(project, PROFILE, lambda t: t.replace('start_time: "09:30"', f"start_time: {start}"))
    code, output = run(project, "build", "example")
    assert_clean(code, output, f"{PROFILE}:{line}:")
    assert "past midnight" in output


def test_online_sessions_may_start_late_when_each_ends_before_midnight(project):
    """Online, no one sits through the whole day: an evening start is fine when each session ends in time."""
    edit(project, PROFILE, lambda t: t.replace("delivery: in-person", "delivery: remote")
         .replace('start_time: "09:30"', 'start_time: "22:00"'))
    code, output = run(project, "build", "example")
    assert code == 0, output
    calendar = next((project.build / "example" / "programme").glob("*.ics")).read_text("utf-8")
    assert "T220000" in calendar and "past midnight" not in output
    edit(project, PROFILE, lambda t: t.replace('start_time: "22:00"', 'start_time: "23:00"'))
    code, output = run(project, "build", "example")
    assert_clean(code, output, f"{PROFILE}:22:")
    assert ("an online session of concepts would run past midnight from 23:00 "
            "(start earlier, or make the sessions shorter (remote.max_session_minutes))") in output


def test_edits_to_a_side_copy_are_kept_and_force_clears_the_rest(example_pack, project):
    shutil.copytree(example_pack[0].build, project.build)
    folder = project.build / "example"
    deck = folder / "decks" / "concepts.pptx"
    deck.write_bytes(deck.read_bytes() + b"edited")  # someone edits the output
    edit(project, PROFILE, lambda t: t.replace("short_name: Northside", "short_name: Northside Trust"))
    code, output = run(project, "build", "example")
    assert code == 0 and "decks/concepts.new.pptx" in output, output
    side = folder / "decks" / "concepts.new.pptx"
    side.write_bytes(b"my notes in the side copy")  # ... and then the side copy
    edit(project, PROFILE, lambda t: t.replace("short_name: Northside Trust", "short_name: Northside Two"))
    code, output = run(project, "build", "example")
    assert code == 0, output
    assert side.read_bytes() == b"my notes in the side copy"
    assert "concepts.new.pptx was edited since it was built" in output
    assert (folder / "decks" / "concepts.new2.pptx").exists()
    code, output = run(project, "build", "example", "--force")
    assert code == 0, output
    assert not (folder / "decks" / "concepts.new2.pptx").exists()  # ours: removed
    assert side.read_bytes() == b"my notes in the side copy"  # edited: kept, and listed
    assert "concepts.new.pptx was edited since it was built" in output


# ---- processes: killing a build leaves no worker behind ------------------------------------------

def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_killing_a_build_leaves_no_worker_running(project, how):
    import signal
    import time

    for n in range(3):  # several charities: workers for --all
        shutil.copy(project.root / PROFILE, project.content / "charities" / f"copy-{n}.yaml")
    command = [sys.executable, "-m", "facilitation", "build", "--all", "--jobs", "2", "--root", str(project.root)]
    process = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2:
        workers |= children_of(process.pid)
        time.sleep(0.05)
    assert workers, "the build started no workers"
    if how == "SIGINT":
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
    else:
        process.send_signal(getattr(signal, how))
    try:
        _, errors = process.communicate(timeout=30)
    finally:
        process.kill()
    time.sleep(1)
    left = [pid for pid in workers if alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"workers still running after {how}"
    if how == "SIGINT":
        assert "Traceback" not in errors and errors.strip().endswith("Aborted!"), errors  # click's one line
