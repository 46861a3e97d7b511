"""Recorded calls, the half the PowerPoint and Word engines' scripts share (`DeckScript`,
`DocumentScript`): an output's drawing or writing calls, kept by name with their arguments
instead of being made, so the build can hash what an output is made from and make it later,
even in another process. Nothing here loads python-pptx or python-docx.
"""

from __future__ import annotations

from typing import Callable


class Script:
    """Calls recorded in order, as (name, args, kwargs)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []


def recorder(name: str) -> Callable[..., None]:
    """A method that records a call to `name` rather than making it."""
    def record(self: Script, *args, **kwargs) -> None:
        self.calls.append((name, args, kwargs))
    record.__name__ = name
    return record
