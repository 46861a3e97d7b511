"""`make templates` is reproducible: rerunning it leaves the committed templates byte for byte as they are."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT

pytestmark = pytest.mark.skipif(not (shutil.which("make") and shutil.which("git")), reason="needs make and git")


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout


def test_make_templates_leaves_git_status_clean(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for folder in ("scripts", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "as committed")
    venv = Path(sys.prefix)  # the interpreter running the tests has the toolkit installed
    stamp = venv / ".installed"
    for _ in range(2):  # the committed templates are what the script makes, and so is its own output
        result = subprocess.run(["make", "--no-print-directory", "-o", str(stamp), "templates", f"VENV={venv}"],
                                cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert git(tmp_path, "status", "--porcelain") == ""


def test_the_guide_template_carries_only_the_table_style_it_uses():
    """Every Word document starts from this template: 60 unused table styles and Word 2010's copy
    of the styles made each one parse, save and compress 800 KB it never used."""
    import zipfile

    from docx import Document

    with zipfile.ZipFile(ROOT / "templates" / "guide.docx") as archive:
        assert "word/stylesWithEffects.xml" not in archive.namelist()
        assert archive.getinfo("word/styles.xml").file_size < 80_000
    styles = Document(str(ROOT / "templates" / "guide.docx")).styles
    tables = {s.name for s in styles if s.type == 3}  # WD_STYLE_TYPE.TABLE
    assert tables == {"Normal Table", "Table Grid"}
    assert {"Title", "Heading 1", "List Bullet", "List Number", "Note"} <= {s.name for s in styles}
