"""Benchmark: a remote charity's whole pack against pandoc writing the same files, in the same run.

It builds the example charity with every workshop online (`--remote`) in a temporary copy of
the project, then times, each as the median of --runs runs:

- a clean build;
- an unchanged rebuild;
- a rebuild after a one-word edit to one workshop's facilitator notes, and another to one of
  its slides; the same edits again while `build --watch` runs (`make watch`), from the save to
  the rebuilt pack, shown for comparison (the targets are the one-off rebuilds');
- pandoc (from pypandoc-binary) writing the same files: for every PPTX of our pack a PPTX with
  the same number of slides and as much speaker-note text, for every DOCX a DOCX with as much
  text, from generated Markdown (so content our build accepts, such as images, cannot upset it).

It prints the figures against the targets and exits 1 when any target is missed.

    make bench            # or: .venv/bin/python scripts/bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACILITATION = [sys.executable, "-m", "facilitation"]
EDITED_WORKSHOP = "content/workshops/vision.md"

# A measure meets its target when it is at most the figure.
TARGETS = {
    "ratio": 0.25,        # clean build / pandoc
    "one_edit": 0.5,      # seconds: a word in a facilitator's note (the guide changes)
    "slide_edit": 0.5,    # seconds: a word on a slide (its session's deck changes too)
    "unchanged": 0.1,     # seconds
    "peak": 150,          # MiB
}


@dataclass
class Measures:
    clean: float
    unchanged: float
    one_edit: float
    slide_edit: float
    peak: int
    pandoc: float
    files: int
    slides: int
    pptx: int
    docx: int
    watched_note: float
    watched_slide: float

    @property
    def ratio(self) -> float:
        return self.clean / self.pandoc


def fresh_project(where: Path) -> Path:
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, where / folder)
    return where


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds, and the peak resident memory in MiB of the largest child so far."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode:
        sys.exit(f"bench: {' '.join(command[2:4])} failed:\n{done.stderr}")
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def xml_text(package: Path, member: re.Pattern) -> list[str]:
    """The text of each part whose name matches, in part order (a:t and w:t runs joined)."""
    texts = []
    with zipfile.ZipFile(package) as archive:
        for name in sorted(n for n in archive.namelist() if member.fullmatch(n)):
            xml = archive.read(name).decode("utf-8")
            texts.append(" ".join(re.findall(r"<(?:a|w):t(?: [^>]*)?>([^<]*)</(?:a|w):t>", xml)))
    return texts


def words(count: int, seed: str) -> str:
    vocabulary = (seed.split() or ["coproduction"]) * (count // max(len(seed.split()), 1) + 1)
    return " ".join(vocabulary[:count])


def pandoc_markdown(package: Path) -> str:
    """Markdown that pandoc turns into a file like ours: as many slides and notes, or as much text."""
    if package.suffix == ".pptx":
        notes = xml_text(package, re.compile(r"ppt/notesSlides/notesSlide\d+\.xml"))
        slides = xml_text(package, re.compile(r"ppt/slides/slide\d+\.xml"))
        parts = []
        for n, slide in enumerate(slides):
            note = notes[n] if n < len(notes) else ""
            body = "\n".join(f"- {words(8, slide)}" for _ in range(4))
            parts.append(f"# Slide {n + 1}\n\n{body}\n\n::: notes\n{words(len(note.split()), note)}\n:::\n")
        return "\n".join(parts)
    text = " ".join(xml_text(package, re.compile(r"word/document\.xml")))
    paragraphs = [words(60, text) for _ in range(max(len(text.split()) // 60, 1))]
    return "\n\n".join(f"## Part {i}\n\n{p}" if i % 8 == 0 else p for i, p in enumerate(paragraphs))


def pandoc_same_pack(pack: Path, work: Path) -> tuple[float, list[tuple[str, str]]]:
    import pypandoc

    jobs = [(pandoc_markdown(path), path.suffix[1:]) for path in sorted(pack.rglob("*"))
            if path.suffix in (".pptx", ".docx")]
    started = time.perf_counter()
    for n, (text, kind) in enumerate(jobs):
        pypandoc.convert_text(text, kind, format="markdown", outputfile=str(work / f"{n}.{kind}"))
    return time.perf_counter() - started, jobs


def pack_stats(folder: Path) -> tuple[int, int, int, int]:
    manifest = json.loads((folder / "manifest.json").read_text())
    outputs = manifest["outputs"]
    suffixes = [Path(entry["path"]).suffix for entry in outputs]
    slides = sum(entry.get("slides", 0) for entry in outputs)
    return len(outputs), slides, suffixes.count(".pptx"), suffixes.count(".docx")


def edit(project: Path, old: str, new: str) -> None:
    path = project / EDITED_WORKSHOP
    text = path.read_text()
    if old not in text:  # else the "edit" would time an unchanged rebuild
        sys.exit(f"bench: '{old}' is no longer in {EDITED_WORKSHOP}; choose another word to edit")
    path.write_text(text.replace(old, new, 1))


def one_word_edit(project: Path) -> None:
    """A word in the first block's facilitator notes."""
    edit(project, "Purpose:", "Aim:")


def slide_word_edit(project: Path) -> None:
    """A word on the first content slide."""
    edit(project, "- First we imagine", "- First we picture")


def watched_edits(project: Path, runs: int) -> tuple[float, float]:
    """Median seconds from saving a one-word edit (a note's, then a slide's) to the rebuilt pack,
    while `build --watch` runs."""
    import queue
    import threading

    watching = subprocess.Popen(FACILITATION + ["build", "example", "--remote", "--watch", "--root", str(project)],
                                cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in watching.stdout], daemon=True).start()

    def until(words: str) -> None:
        while words not in lines.get(timeout=120):
            pass

    times: dict[str, list[float]] = {"note": [], "slide": []}
    try:
        until("Watching content/")
        for n in range(runs):
            # after the one-off edits: "Aim:" in the first note, "- First we picture" on a slide
            for kind, pattern, new in (("note", r"Aim[a-z0-9]*:", f"Aimw{n}:"),
                                       ("slide", r"- First we [a-z0-9]+", f"- First we w{n}")):
                path = project / EDITED_WORKSHOP
                replaced, count = re.subn(pattern, new, path.read_text(), count=1)
                if not count:
                    sys.exit(f"bench: nothing in {EDITED_WORKSHOP} matches {pattern}; choose another word to edit")
                started = time.perf_counter()
                path.write_text(replaced)
                until("changed: built")
                times[kind].append(time.perf_counter() - started)
    finally:
        watching.kill()
        watching.wait()
    return statistics.median(times["note"]), statistics.median(times["slide"])


def measure(runs: int, work: Path) -> Measures:
    cleans, unchangeds, edits, slide_edits, pandocs, peak = [], [], [], [], [], 0
    for run in range(runs):
        project = fresh_project(work / f"project-{run}")
        build = FACILITATION + ["build", "example", "--remote", "--root", str(project)]
        seconds, largest = timed(build, project)
        cleans.append(seconds)
        peak = largest if run == 0 else peak  # before pandoc, whose processes would count too
        unchangeds.append(timed(build, project)[0])
        one_word_edit(project)
        edits.append(timed(build, project)[0])
        slide_word_edit(project)
        slide_edits.append(timed(build, project)[0])
        if run == 0:
            files, slides, pptx, docx = pack_stats(project / "build" / "example")
            watched = watched_edits(project, runs)
        (work / f"pandoc-{run}").mkdir()
        pandocs.append(pandoc_same_pack(project / "build" / "example", work / f"pandoc-{run}")[0])
    return Measures(statistics.median(cleans), statistics.median(unchangeds), statistics.median(edits),
                    statistics.median(slide_edits), peak,
                    statistics.median(pandocs), files, slides, pptx, docx, *watched)


def report(m: Measures, runs: int) -> list[str]:
    """Print the figures; return the names of the targets missed."""
    rows = [("clean build", f"{m.clean:.2f} s", ""),
            ("pandoc, same files, slides and notes", f"{m.pandoc:.2f} s", ""),
            ("ratio clean / pandoc", f"{m.ratio:.2f}", "ratio"),
            ("rebuild after a word in a note", f"{m.one_edit:.2f} s", "one_edit"),
            ("rebuild after a word on a slide", f"{m.slide_edit:.2f} s", "slide_edit"),
            ("  the same, while watching (note)", f"{m.watched_note:.2f} s", ""),
            ("  the same, while watching (slide)", f"{m.watched_slide:.2f} s", ""),
            ("unchanged rebuild", f"{m.unchanged:.2f} s", "unchanged"),
            ("peak memory", f"{m.peak} MiB", "peak")]
    print(f"remote example pack: {m.files} files ({m.pptx} PPTX, {m.docx} DOCX), {m.slides} slides; "
          f"median of {runs} runs")
    missed = []
    for label, figure, target in rows:
        verdict = ""
        if target:
            met = getattr(m, target) <= TARGETS[target]
            verdict = f"target ≤ {TARGETS[target]}: {'met' if met else 'MISSED'}"
            missed += [] if met else [label]
        print(f"  {label:38} {figure:>10}   {verdict}")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure; the median is reported")
    args = parser.parse_args()
    # the toolkit's bytecode, as an installed package has it (pip compiles on install): otherwise,
    # under PYTHONDONTWRITEBYTECODE, every run would time compiling the toolkit, not running it
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "facilitation")], check=True)
    with tempfile.TemporaryDirectory() as temporary:
        measures = measure(args.runs, Path(temporary))
    missed = report(measures, args.runs)
    if missed:
        print("bench: targets missed: " + ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
