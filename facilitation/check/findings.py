"""What `facilitation check` found: one finding per problem, and the report that lists them."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Finding:
    """One problem, at a file and line (content, profiles) or a file and slide (built outputs)."""

    path: str  # relative to the project root
    rule: str
    message: str
    severity: str = "error"  # error | warning | note
    line: int | None = None
    slide: int | None = None
    part: str = ""  # where else in an output, e.g. 'layout "Report-back: Our plan"'

    @property
    def where(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}"
        if self.slide:
            return f"{self.path} slide {self.slide}"
        return f"{self.path} {self.part}" if self.part else self.path

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.where}: [{self.rule}] {label}{self.message}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    charities: list[str] = field(default_factory=list)
    outputs: int = 0  # built files checked

    def add(self, findings) -> None:
        seen = set(self.findings)
        for finding in findings:
            if finding not in seen:  # the same content problem is found once per charity
                self.findings.append(finding)
                seen.add(finding)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    def summary(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        checked = f"{plural(len(self.charities), 'charity').replace('charitys', 'charities')}, {plural(self.outputs, 'output')}"
        return (f"Checked {checked}: {plural(self.errors, 'error')}, {plural(self.count('warning'), 'warning')}, "
                f"{plural(self.count('note'), 'note')}.")
