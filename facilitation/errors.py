"""Errors a user can act on. Each problem names a file and line; a run reports them all at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class FacilitationError(Exception):
    """One or more problems in the user's input. The CLI prints them and exits with status 2."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems so every file is checked before the run stops."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, message, hint))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def collect(self, error: FacilitationError) -> None:
        self.items.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.items:
            raise FacilitationError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The known choice a misspelling most likely meant, if any is close."""
    import difflib  # here: only a mistake needs it

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known choice, or listing the choices when none is close."""
    choices = sorted(choices)
    close = closest(word, choices)
    if close:
        return f"did you mean '{close}'?"
    return "expected one of: " + ", ".join(choices)
