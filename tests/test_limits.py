"""Hardening, round two: payloads that once hung the build, exhausted memory or ended in a
traceback. Each must end in exit 2 with a `file:line` message, quickly and in bounded memory."""

from __future__ import annotations

import os
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
     f"{CONCEPTS}:113: activity is not valid YAML: anchors"),
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
