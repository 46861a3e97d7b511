"""Real clients, not only python-pptx: every generated PPTX and DOCX passes Office Open XML schema
validation (openxml-audit), and LibreOffice converts each one to PDF, a deck to one page per slide.

The example pack (in person) and Riverside's (remote, so with session decks and remote plans) are
built once; each file's result is printed, so it shows in the CI log.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import copy_project
from facilitation.build import build
from facilitation.check.outputs import schema_results, schema_validator_available
from facilitation.publish import Manifest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CONVERT_SECONDS = 1200


@dataclass(frozen=True)
class Built:
    path: Path
    shown: str  # e.g. riverside/remote/concepts/session-1.pptx
    kind: str
    slides: int

    @property
    def flat_name(self) -> str:
        """A file name unique across packs (many sessions are called session-1.pptx)."""
        return self.shown.replace("/", "--")


@pytest.fixture(scope="module")
def outputs(example_pack, tmp_path_factory) -> list[Built]:
    riverside = copy_project(tmp_path_factory.mktemp("riverside"))
    build(riverside, "riverside")
    found = []
    for project, slug in ((example_pack[0], "example"), (riverside, "riverside")):
        folder = project.build / slug
        for path, entry in sorted(Manifest.read(folder, slug).entries.items()):
            if path.endswith((".pptx", ".docx")):
                found.append(Built(folder / path, f"{slug}/{path}", entry["kind"], entry.get("slides", 0)))
    kinds = {o.kind for o in found}
    assert {"deck", "remote-deck", "report-back", "facilitator-guide", "co-facilitator-notes", "remote-plan"} <= kinds
    return found


def report(capsys, heading: str, lines: list[str]) -> None:
    with capsys.disabled():  # straight to the terminal, so the CI log shows every file
        print(f"\n{heading}")
        for line in lines:
            print(f"  {line}")


@pytest.mark.skipif(not schema_validator_available(), reason="openxml-audit is not installed (pip install -e '.[test]')")
def test_every_output_passes_office_open_xml_schema_validation(outputs, capsys):
    results = schema_results([str(o.path) for o in outputs])
    lines, failures = [], []
    for output in outputs:
        errors = results[str(output.path)]
        lines.append(f"{'ok  ' if not errors else 'FAIL'} {output.shown}" + (f": {errors[0]}" if errors else ""))
        if errors:
            failures.append(f"{output.shown}: {len(errors)} error(s), e.g. {errors[0]}")
    report(capsys, f"OOXML schema validation (openxml-audit) of {len(outputs)} files:", lines)
    assert not failures, "\n".join(failures)


def page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))  # LibreOffice writes no object streams


@pytest.fixture(scope="module")
def pdfs(outputs, tmp_path_factory) -> dict[Built, Path]:
    """Every output converted by LibreOffice in one run (it starts once, which is most of the time)."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-impress and libreoffice-writer "
                    "(.ci/run does) to run the conversion tests")
    work = tmp_path_factory.mktemp("libreoffice")
    source, target = work / "in", work / "pdf"
    source.mkdir()
    for output in outputs:
        shutil.copyfile(output.path, source / output.flat_name)
    profile = (work / "profile").as_uri()  # its own profile, so parallel runs never share a lock
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
               "--outdir", str(target), *(str(source / o.flat_name) for o in outputs)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_SECONDS)
    assert target.is_dir(), f"LibreOffice made no PDFs (exit {result.returncode}): {result.stderr[-2000:]}"
    return {o: target / (Path(o.flat_name).stem + ".pdf") for o in outputs}


def test_libreoffice_converts_every_output_and_every_slide(pdfs, capsys):
    lines, failures = [], []
    for output, pdf in pdfs.items():
        if not pdf.is_file():
            failures.append(f"{output.shown}: LibreOffice could not convert it")
            lines.append(f"FAIL {output.shown}: not converted")
            continue
        pages = page_count(pdf)
        expected = output.slides if output.path.suffix == ".pptx" else None
        ok = pages > 0 and (expected is None or pages == expected)
        what = f"{pages} pages" + (f" for {expected} slides" if expected is not None else "")
        lines.append(f"{'ok  ' if ok else 'FAIL'} {output.shown}: {what}")
        if not ok:
            failures.append(f"{output.shown}: {what}")
    report(capsys, f"LibreOffice {SOFFICE} → PDF, {len(pdfs)} files:", lines)
    assert not failures, "\n".join(failures)
