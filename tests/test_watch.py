"""`facilitation build CHARITY --watch`: the pack is built again on each save, in the same process;
a problem is reported at its line and the pack stays as it was; Ctrl-C stops it."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest
from docx import Document

from helpers import copy_project

pytestmark = pytest.mark.slow

PROFILE = "name: Ash Tree Housing\nshort_name: Ash Tree\nsector: homelessness\nworkshops: [concepts, vision]\n"


class Watching:
    """The watching build as a real process, its output lines read as they come."""

    def __init__(self, project):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitation", "build", "ash", "--watch", "--root", str(project.root)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()

    def wait_for(self, words: str, seconds: float = 60) -> list[str]:
        """The lines up to and including the first that holds `words`."""
        seen, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                continue
            if words in seen[-1]:
                return seen
        raise AssertionError(f"no line with {words!r} after {seconds} s; saw {seen}")


def guide_text(project) -> str:
    doc = Document(str(project.build / "ash" / "guides" / "vision-facilitator-guide.docx"))
    return "\n".join(p.text for p in doc.paragraphs)


def test_a_saved_edit_is_built_again_and_a_problem_leaves_the_pack_as_it_was(tmp_path):
    project = copy_project(tmp_path, charities=())
    (project.content / "charities" / "ash.yaml").write_text(PROFILE, "utf-8")
    vision = project.content / "workshops" / "vision.md"
    original = vision.read_text("utf-8")
    watching = Watching(project)
    try:
        watching.wait_for("Watching content/ and templates/")
        vision.write_text(original.replace("Purpose:", "Aim of the session:", 1), "utf-8")
        lines = watching.wait_for("changed: built")
        assert any("content/workshops/vision.md changed" in line for line in lines)
        assert any("updated   build/ash/guides/vision-facilitator-guide.docx" in line for line in lines)
        assert "Aim of the session:" in guide_text(project)

        at = next(n for n, line in enumerate(original.splitlines()) if line.startswith("- First we imagine")) + 1
        vision.write_text(original.replace("- First we imagine", "- First we {{ charity.nmae }}", 1), "utf-8")
        lines = watching.wait_for("problem found; the pack is as it was")
        assert any(f"content/workshops/vision.md:{at}: unknown name 'charity.nmae'" in line for line in lines)
        assert "Aim of the session:" not in original and "Aim of the session:" in guide_text(project)

        watching.process.send_signal(signal.SIGINT)
        watching.wait_for("Stopped watching.")
        assert watching.process.wait(timeout=30) == 0
    finally:
        watching.process.kill()
        watching.process.wait()
