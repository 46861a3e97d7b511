"""Shared fixtures: a throwaway copy of the real project, so tests build real files safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facilitation.build import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of content/ and templates/ in a temporary folder; build/ starts empty."""
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return Project(tmp_path)


@pytest.fixture(scope="session")
def example_pack(tmp_path_factory) -> tuple[Project, "BuildReport"]:  # noqa: F821
    """The example charity's pack, built once per test session (read-only for tests)."""
    from facilitation.build import build

    root = tmp_path_factory.mktemp("example")
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    project = Project(root)
    return project, build(project, "example")
