"""Rendering a few outputs (a one-word edit's): shared between this process and one forked
child, or sent to a drawer forked before the pack was gathered, in order, with the other
process's failures raised here as a pool would raise them."""

from __future__ import annotations

import os
import signal

import pytest

import subprocess
import sys

from facilitation.render import Drawer, render_all
from facilitation.writers import Output

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="rendering forks only where it can")


def pid() -> bytes:
    return str(os.getpid()).encode()


def test_a_deck_renders_beside_the_documents_and_the_results_keep_their_order():
    outputs = [Output("facilitator-guide", "guide.docx", pid), Output("remote-deck", "session-1.pptx", pid),
               Output("remote-plan", "plan.docx", lambda: b"plan")]
    guide, deck, plan = render_all(outputs, jobs=2)
    assert guide == pid() and plan == b"plan"
    assert deck != pid() and deck.isdigit()  # another process drew the deck
    assert render_all(outputs, jobs=1) == [pid(), pid(), b"plan"]  # one core: all here


def broken() -> bytes:
    raise ValueError("the deck's template has no title layout")


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot be pickled")


def unpicklable() -> bytes:
    raise Unpicklable("a lock was held")


def killed() -> bytes:
    os.kill(os.getpid(), signal.SIGKILL)
    return b""


@pytest.mark.parametrize("render, error, words", [
    (broken, ValueError, "no title layout"),  # a failure in the child is raised here
    (unpicklable, RuntimeError, "Unpicklable: a lock was held"),  # one that cannot cross, in words
    (killed, RuntimeError, "stopped before it finished"),  # a child killed half-way: an error, not an empty file
])
def test_what_goes_wrong_in_the_child_is_raised_here(render, error, words):
    outputs = [Output("remote-deck", "session-1.pptx", render), Output("facilitator-guide", "guide.docx", pid)]
    with pytest.raises(error, match=words):
        render_all(outputs, jobs=2)


def portable(render) -> Output:
    """A deck-like output that can be rendered from picklable arguments (a module-level function)."""
    return Output("remote-deck", "session-1.pptx", render, portable=lambda: (render, ()))


def loaded() -> bytes:
    return str("json.tool" in sys.modules).encode()


def test_the_drawer_renders_the_portable_outputs_after_warming_up_and_the_rest_render_here():
    with Drawer(lambda: __import__("json.tool")) as drawer:
        deck, guide, drawn = render_all([portable(pid), Output("facilitator-guide", "guide.docx", pid),
                                         portable(loaded)], jobs=2, drawer=drawer)
    assert guide == pid() and deck.isdigit() and deck != pid()
    assert drawn == b"True"  # what it loaded while waiting


def test_a_drawer_that_is_not_needed_is_stopped_and_leaves_no_process():
    with Drawer(lambda: None) as drawer:
        child = drawer.child
        assert render_all([Output("facilitator-guide", "guide.docx", pid)], jobs=2, drawer=drawer) == [pid()]
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped: no zombie left behind


def cannot_load() -> None:
    raise ImportError("No module named 'pptx'")


@pytest.mark.parametrize("warm, render, error, words", [
    (lambda: None, broken, ValueError, "no title layout"),
    (lambda: None, killed, RuntimeError, "stopped before it finished"),
    (cannot_load, pid, ImportError, "No module named 'pptx'"),  # warming up failed: said when a deck is asked for
])
def test_what_goes_wrong_in_the_drawer_is_raised_here(warm, render, error, words):
    with Drawer(warm) as drawer, pytest.raises(error, match=words):
        render_all([portable(render), Output("facilitator-guide", "guide.docx", pid)], jobs=2, drawer=drawer)


@pytest.mark.slow
def test_a_slide_edit_draws_its_deck_without_loading_python_pptx_here(tmp_path):
    """The rebuild's own process never loads python-pptx: the drawer drew the deck, as a fresh
    build draws it."""
    from helpers import copy_project

    project = copy_project(tmp_path, charities=("example",))
    build = [sys.executable, "-c", "import sys; from facilitation.cli import main\n"
             "try: main()\nfinally: print('pptx' in sys.modules, file=sys.stderr)",
             "build", "example", "--remote", "--root", str(project.root)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    assert subprocess.run(build, capture_output=True, text=True, env=env).returncode == 0
    vision = project.content / "workshops" / "vision.md"
    vision.write_text(vision.read_text("utf-8").replace("- First we imagine", "- First we picture", 1), "utf-8")
    edited = subprocess.run(build, capture_output=True, text=True, env=env)
    assert edited.returncode == 0, edited.stderr
    assert "updated   build/example/remote/vision/session-1.pptx" in edited.stdout
    assert edited.stderr.strip().splitlines()[-1] == "False"
    drawn = (project.build / "example" / "remote" / "vision" / "session-1.pptx").read_bytes()
    forced = subprocess.run(build + ["--force"], capture_output=True, text=True, env=env)
    assert forced.returncode == 0, forced.stderr
    assert (project.build / "example" / "remote" / "vision" / "session-1.pptx").read_bytes() == drawn
