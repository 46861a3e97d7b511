"""Rendering a few outputs (a one-word edit's): shared between this process and one forked
child, in order, with the child's failures raised here as a pool would raise them."""

from __future__ import annotations

import os
import signal

import pytest

from facilitation.render import render_all
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
