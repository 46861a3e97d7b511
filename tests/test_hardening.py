"""Adversarial input, nothing lost, reproducible builds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from facilitation.build import build
from facilitation.cli import main
from facilitation.content.workshop import load_workshop
from facilitation.errors import FacilitationError
from facilitation.profile import load_profile
from facilitation.publish import build_lock

PROFILE = "content/charities/example.yaml"
CONCEPTS = "content/workshops/concepts.md"


def run(project, *args):
    result = CliRunner().invoke(main, [*args, "--root", str(project.root)])
    return result.exit_code, result.output


def write(project, relative: str, data: bytes | str) -> None:
    path = project.root / relative
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def replace(project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# ---- bad input: a clear path:line message, exit 2, never a traceback ----------------------

BAD = [
    ("tab-indented yaml", PROFILE, "name: X\n\tshort_name: Y\n", f"{PROFILE}:"),
    ("yaml that is a string", PROFILE, "just words\n", "the profile must be a mapping"),
    ("yaml duplicate anchors", PROFILE, "name: &a X\nshort_name: *b\n", f"{PROFILE}:"),
    ("wrong type for a list", PROFILE, "name: X\nworkshops: concepts\n", "'workshops' must be a list"),
    ("wrong type for a flag", PROFILE, "name: X\nco_facilitation: maybe\n", "'co_facilitation' must be true or false"),
    ("wrong type for a section", PROFILE, "name: X\nbranding: blue\n", "'branding' must be a mapping"),
    ("number as name", PROFILE, "name: 42\nworkshops: [concepts]\n", None),  # a number is fine as a name
    ("very long name", PROFILE, "name: " + "x" * 500 + "\n", "the limit is 200"),
    ("not utf-8", PROFILE, b"name: Caf\xe9 Trust\n", f"{PROFILE}:1: the file is not UTF-8 text"),
    ("empty workshop", CONCEPTS, "", f"{CONCEPTS}:1: the file must start with YAML front matter"),
    ("front matter only", CONCEPTS, "---\nid: concepts\ntitle: C\nmodule: 1\nsequence: 1\nlength: 10\n---\n",
     "the workshop has no '#' blocks"),
    ("front matter not a mapping", CONCEPTS, "---\n- a\n---\n# A {duration=10 kind=opening}\n", "front matter must be a mapping"),
    ("wrong type in front matter", CONCEPTS, "---\nid: concepts\ntitle: C\nmodule: one\nsequence: 1\nlength: 10\n---\n"
     "# A {duration=10 kind=opening}\n", "'module' must be int"),
    ("duplicate block ids", CONCEPTS, "---\nid: concepts\ntitle: C\nmodule: 1\nsequence: 1\nlength: 20\n---\n"
     "# A {duration=10 kind=opening}\n# A {duration=10 kind=close}\n", f"{CONCEPTS}:9: duplicate block id 'a'"),
    ("blocks do not add up", CONCEPTS, "---\nid: concepts\ntitle: C\nmodule: 1\nsequence: 1\nlength: 30\n---\n"
     "# A {duration=10 kind=opening}\n", "blocks add up to 10 minutes but the workshop's length is 30"),
    ("template loops forever", CONCEPTS, "---\nid: concepts\ntitle: C\nmodule: 1\nsequence: 1\nlength: 10\n---\n"
     "# A {duration=10 kind=opening}\n## S\n{% for i in range(10**9) %}x{% endfor %}\n", f"{CONCEPTS}:10:"),
    ("template builds a huge string", CONCEPTS, "---\nid: concepts\ntitle: C\nmodule: 1\nsequence: 1\nlength: 10\n---\n"
     "# A {duration=10 kind=opening}\n## S\n{{ 'x' * 10**8 }}\n", "too large"),
    ("template reads the environment", CONCEPTS, "---\nid: concepts\ntitle: C\nmodule: 1\nsequence: 1\nlength: 10\n---\n"
     "# A {duration=10 kind=opening}\n## S\n{{ self._TemplateReference__context.environment }}\n", f"{CONCEPTS}:10:"),
]


@pytest.mark.parametrize("name, relative, data, expected", BAD, ids=[b[0] for b in BAD])
def test_bad_input(project, name, relative, data, expected):
    write(project, relative, data)
    code, output = run(project, "build", "example")
    assert "Traceback" not in output
    if expected is None:
        assert code == 0, output
        return
    assert code == 2, output
    assert expected in output, output
    assert all(line.startswith(("content/", "build", "templates")) or "problem" in line
               for line in output.strip().splitlines()), output


def test_windows_line_endings_and_a_byte_order_mark_are_fine(project):
    for relative in (PROFILE, CONCEPTS):
        path = project.root / relative
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, output = run(project, "build", "example")
    assert code == 0, output


def test_odd_unicode_is_carried_through_intact(project):
    name = "Gwasanaeth Ŵyn a Ŷd 🌱 مرحبا‏ Café"
    replace(project, PROFILE, "short_name: Northside", f'short_name: "{name}"')
    code, output = run(project, "build", "example")
    assert code == 0, output
    prs = Presentation(str(project.build / "example" / "decks" / "concepts.pptx"))
    text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    assert name in text


def test_zero_width_characters_are_kept_not_crashed_on(project):
    replace(project, PROFILE, "short_name: Northside", 'short_name: "North\u200bside"')
    assert run(project, "build", "example")[0] == 0


def test_corrupt_and_enormous_images_are_refused(project):
    images = project.content / "images"
    images.mkdir(exist_ok=True)
    (images / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really a png")
    from PIL import Image

    Image.new("1", (9000, 9000)).save(images / "huge.png")
    replace(project, CONCEPTS, "\n- ", "\n![a broken picture](images/corrupt.png)\n\n![a huge picture](images/huge.png)\n\n- ")
    code, output = run(project, "build", "example")
    assert code == 2 and "Traceback" not in output
    assert "image 'images/corrupt.png' cannot be read" in output
    assert "image 'images/huge.png' is 9000×9000 pixels" in output
    assert run(project, "build", "example") == (code, output)  # the same again, found in the cache
    (images / "corrupt.png").write_bytes((images / "huge.png").read_bytes())  # bytes, not names, are judged
    assert "image 'images/corrupt.png' is 9000×9000 pixels" in run(project, "build", "example")[1]


def test_symlinks_out_of_the_repository_are_refused(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    from PIL import Image

    Image.new("RGB", (10, 10)).save(outside)
    images = project.content / "images"
    images.mkdir(exist_ok=True)
    os.symlink(outside, images / "link.png")
    replace(project, CONCEPTS, "\n- ", "\n![a linked picture](images/link.png)\n\n- ")
    code, output = run(project, "build", "example")
    assert code == 2 and "path 'images/link.png' leaves the repository" in output


# ---- property-based: random text loads or fails with our error, a path and a line ---------

WORKSHOP_ALPHABET = st.sampled_from(list("#:{}=\"'-*|>`~ \n\t") + ["---", ":::", "## ", "# ", "{{", "}}", "{%", "%}",
                                                                    "duration=", "kind=", "ŵ", "\x00", "\u200b", "\r\n"])
PROFILE_ALPHABET = st.sampled_from(list(":-[]{}#'\" \n\t,&*!|>") + ["name", "workshops", "branding", "primary",
                                                                   "schedule", "start_date", "2027-01-01", "\x00", "ŷ"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(WORKSHOP_ALPHABET, max_size=80).map("".join)))
def test_random_workshop_text_loads_or_fails_cleanly(text):
    try:
        load_workshop(text, "w.md", {"charity": {}})
    except FacilitationError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == "w.md" and isinstance(problem.line, int) and problem.line >= 1, problem


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(PROFILE_ALPHABET, max_size=80).map("".join)))
def test_random_profile_text_loads_or_fails_cleanly(text):
    try:
        load_profile(text, "p.yaml", "p")
    except FacilitationError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path == "p.yaml" and isinstance(problem.line, int) and problem.line >= 1, problem


# ---- nothing lost ---------------------------------------------------------------------------


def test_a_second_build_at_the_same_time_is_told(project):
    with build_lock(project.build / "example", "example"):
        code, output = run(project, "build", "example")
    assert code == 2 and "another build of 'example' is running" in output


def test_a_failing_build_changes_nothing(example_pack, project):
    shutil.copytree(example_pack[0].build, project.build)
    before = {p: p.read_bytes() for p in project.build.rglob("*") if p.is_file()}
    replace(project, CONCEPTS, "kind=opening", "kind=bogus")
    assert run(project, "build", "example", "--force")[0] == 2
    assert {p: p.read_bytes() for p in project.build.rglob("*") if p.is_file()} == before


def test_killing_a_build_at_any_moment_loses_nothing(example_pack, project):
    """Kill rebuilds at staggered moments: every file is old or new, the manifest stays usable."""
    shutil.copytree(example_pack[0].build, project.build)
    folder = project.build / "example"
    old = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"}
    replace(project, PROFILE, "short_name: Northside", "short_name: Northside Trust")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    command = [sys.executable, "-m", "facilitation", "build", "example", "--root", str(project.root)]
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    full = time.perf_counter() - started
    new = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"}
    # put the old build back, then kill rebuilds part-way through
    for moment in (0.2, 0.45, 0.7, 0.85, 0.95):
        shutil.rmtree(folder)
        shutil.copytree(example_pack[0].build / "example", folder)
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(full * moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in folder.rglob("*"):
            if path.is_file() and path.name != "manifest.json" and not path.name.endswith(".tmp") and path.name != ".lock":
                relative = path.relative_to(folder)
                assert path.read_bytes() in (old.get(relative), new.get(relative)), (moment, relative)
        json.loads((folder / "manifest.json").read_text())
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "was edited" not in result.stderr and ".new." not in result.stdout, (moment, result.stderr)
        for relative, data in new.items():
            assert (folder / relative).read_bytes() == data, (moment, relative)


def test_two_clean_builds_are_byte_identical(project, tmp_path_factory):
    first = build(project, "example")
    hashes = {w.path: (project.build / "example" / w.path).read_bytes() for w in first.files}
    shutil.rmtree(project.build)
    build(project, "example")
    assert {w: (project.build / "example" / w).read_bytes() for w in hashes} == hashes


def test_source_date_epoch_sets_document_dates(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    build(project, "example")
    prs = Presentation(str(project.build / "example" / "decks" / "concepts.pptx"))
    assert prs.core_properties.modified.year == 2026 and prs.core_properties.modified.month == 1


def test_a_build_interrupted_after_its_manifest_rebuilds_every_pending_output(example_pack, project, monkeypatch):
    """The manifest is written before the files; outputs it was about to replace must not be
    taken as current by the next build."""
    import facilitation.publish as publish

    shutil.copytree(example_pack[0].build, project.build)
    replace(project, PROFILE, "short_name: Northside", "short_name: Northside Trust")
    real_move = publish.move_into_place

    def crash_on_outputs(temporary, path):
        if path.name != "manifest.json":
            raise KeyboardInterrupt("power cut")
        real_move(temporary, path)

    monkeypatch.setattr(publish, "move_into_place", crash_on_outputs)
    with pytest.raises(KeyboardInterrupt):
        build(project, "example")
    monkeypatch.setattr(publish, "move_into_place", real_move)
    build(project, "example")
    clean = project.root / "clean"
    shutil.copytree(project.content, clean / "content")
    shutil.copytree(project.templates, clean / "templates")
    from facilitation.build import Project

    build(Project(clean), "example")
    for path in (clean / "build" / "example").rglob("*"):
        if path.is_file() and path.suffix in (".pptx", ".docx", ".ics"):
            relative = path.relative_to(clean / "build" / "example")
            assert (project.build / "example" / relative).read_bytes() == path.read_bytes(), relative
