"""Shared fixtures: a throwaway copy of the real project, so tests build real files safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import copy_project
from facilitation.build import BuildReport, Project



@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of content/ and templates/ in a temporary folder; build/ starts empty."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def example_pack(tmp_path_factory) -> tuple[Project, BuildReport]:
    """The example charity's pack, built once per test session (read-only for tests)."""
    from facilitation.build import build

    project = copy_project(tmp_path_factory.mktemp("example"))
    return project, build(project, "example")
