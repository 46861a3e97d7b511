"""`facilitation check`: the quality gate. Lints content and profiles, then checks built outputs.

    report = run(project, ["example"], build_first=True)
    for finding in report.findings: print(finding)

Content findings read `path:line: [rule] message`; output findings `build/…/file.pptx slide N:
[rule] message`. The rules and their ids are in facilitation.check.rules.
"""

from __future__ import annotations

from typing import Callable

from facilitation.check.findings import Finding, Report
from facilitation.check.rules import RULES

__all__ = ["Finding", "Report", "RULES", "run"]


def run(project, slugs: list[str], *, build_first: bool = False, schema: bool = True,
        progress: Callable[[str], None] | None = None) -> Report:
    """Lint each charity's content and profile, then check its outputs in build/<slug>/."""
    from facilitation.check import content, outputs
    from facilitation.errors import FacilitationError

    report = Report(charities=list(slugs))
    for slug in slugs:
        if progress:
            progress(slug)
        report.add(content.lint_charity(project, slug))
        if build_first:
            from facilitation.build import build

            try:
                build(project, slug)
            except FacilitationError as error:
                report.add(content.from_problems(error.problems))
                continue
        findings, count = outputs.check_build(project, slug, schema=schema)
        report.add(findings)
        report.outputs += count
    return report
