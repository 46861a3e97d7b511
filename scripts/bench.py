"""Benchmark: the example charity's whole pack, an unchanged rebuild, --all over many charities,
peak memory, and pandoc writing the same number of PPTX and DOCX files from Markdown of the
same size, measured in the same run.

    make bench            # or: .venv/bin/python scripts/bench.py [--charities 40]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACILITATION = [sys.executable, "-m", "facilitation"]


def fresh_project(where: Path) -> Path:
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, where / folder)
    return where


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and the child's peak resident memory in MiB (ru_maxrss of this child alone)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) // 1024


def pack_stats(folder: Path) -> tuple[int, int, dict[str, int]]:
    manifest = json.loads((folder / "manifest.json").read_text())
    kinds: dict[str, int] = {}
    for entry in manifest["outputs"]:
        suffix = Path(entry["path"]).suffix
        kinds[suffix] = kinds.get(suffix, 0) + 1
    slides = sum(entry.get("slides", 0) for entry in manifest["outputs"])
    return len(manifest["outputs"]), slides, kinds


def make_profiles(project: Path, count: int) -> None:
    example = (project / "content" / "charities" / "example.yaml").read_text()
    riverside = (project / "content" / "charities" / "riverside.yaml").read_text()
    for n in range(count):
        source = example if n % 2 == 0 else riverside
        text = source.replace("name: Northside Recovery Trust", f"name: Bench Charity {n}") \
                     .replace("name: Riverside Young Carers Cymru", f"name: Bench Charity {n}")
        (project / "content" / "charities" / f"bench-{n:02d}.yaml").write_text(text)


def pandoc_same_files(work: Path, pptx: int, docx: int) -> float:
    """pandoc writing the same number of PPTX and DOCX files from Markdown of the same size."""
    import pypandoc

    sources = sorted((ROOT / "content" / "workshops").glob("*.md"))
    markdown = [s.read_text() for s in sources]
    jobs = [(markdown[i % len(markdown)], "pptx", i) for i in range(pptx)] + \
           [(markdown[i % len(markdown)], "docx", i) for i in range(docx)]
    started = time.perf_counter()
    for text, kind, i in jobs:
        pypandoc.convert_text(text, kind, format="markdown", outputfile=str(work / f"{kind}-{i}.{kind}"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charities", type=int, default=40, help="generated profiles for the --all run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        project = fresh_project(work / "project")
        build = FACILITATION + ["build", "example", "--remote", "--root", str(project)]
        clean, clean_peak = timed(build, project)
        files, slides, kinds = pack_stats(project / "build" / "example")
        unchanged, _ = timed(build, project)
        started = time.perf_counter()
        sys.path.insert(0, str(ROOT))
        from facilitation.build import Project, build as build_pack

        build_pack(Project(project), "example", remote=True)
        unchanged_in_process = time.perf_counter() - started

        many = fresh_project(work / "many")
        make_profiles(many, args.charities)
        all_seconds, all_peak = timed(FACILITATION + ["build", "--all", "--remote", "--root", str(many)], many)
        charities = len(list((many / "content" / "charities").glob("*.yaml")))

        (work / "pandoc").mkdir()
        pandoc = pandoc_same_files(work / "pandoc", kinds.get(".pptx", 0), kinds.get(".docx", 0))

    print(f"example pack: {files} files ({kinds.get('.pptx', 0)} PPTX, {kinds.get('.docx', 0)} DOCX, "
          f"{files - kinds.get('.pptx', 0) - kinds.get('.docx', 0)} other), {slides} slides")
    print(f"clean build:                 {clean:6.2f} s   (peak memory {clean_peak} MiB)")
    print(f"unchanged rebuild (command): {unchanged:6.2f} s   (in process: {unchanged_in_process:.3f} s)")
    print(f"--all, {charities} charities:       {all_seconds:6.2f} s   ({all_seconds / charities:.2f} s each; "
          f"peak memory of the largest worker {all_peak} MiB)")
    print(f"pandoc, same PPTX+DOCX count: {pandoc:6.2f} s")
    print(f"ratio clean build / pandoc:  {clean / pandoc:6.2f}   (target: at most 0.25)")


if __name__ == "__main__":
    main()
