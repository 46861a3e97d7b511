"""A deck's drawing calls, recorded: what a deck is made from, known without python-pptx.

Kept apart from `slides` so that a build which draws no deck never loads python-pptx: the
digests of decks whose slides did not change are taken of their scripts alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitation.writers.pptx.slides import DeckBuilder


class DeckScript:
    """A deck's drawing calls (title_slide, section, columns, content), recorded rather than drawn.

    The deck a DeckBuilder draws follows from its look and these calls alone, so equal scripts
    draw equal decks: the build hashes a script to tell whether its deck changed (an edit to a
    facilitator's note changes no slide), and draws only the decks whose scripts did.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def _record(name: str):  # noqa: N805 (a recorder for each drawing method, made below)
        def record(self, *args, **kwargs) -> None:
            self.calls.append((name, args, kwargs))
        record.__name__ = name
        return record

    title_slide, section = _record("title_slide"), _record("section")
    columns, content = _record("columns"), _record("content")
    del _record

    def draw(self, deck: DeckBuilder) -> DeckBuilder:
        for name, args, kwargs in self.calls:
            getattr(deck, name)(*args, **kwargs)
        return deck
