"""A deck's drawing calls, recorded: what a deck is made from, known without python-pptx.

Kept apart from `slides` so that a build which draws no deck never loads python-pptx: the
digests of decks whose slides did not change are taken of their scripts alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitation.writers.ooxml.script import Script, recorder

if TYPE_CHECKING:
    from facilitation.writers.pptx.slides import DeckBuilder


class DeckScript(Script):
    """A deck's drawing calls (title_slide, section, columns, content), recorded rather than drawn.

    The deck a DeckBuilder draws follows from its look and these calls alone, so equal scripts
    draw equal decks: the build hashes a script to tell whether its deck changed (an edit to a
    facilitator's note changes no slide), and draws only the decks whose scripts did.
    """

    title_slide, section = recorder("title_slide"), recorder("section")
    columns, content = recorder("columns"), recorder("content")

    def draw(self, deck: DeckBuilder) -> DeckBuilder:
        for name, args, kwargs in self.calls:
            getattr(deck, name)(*args, **kwargs)
        return deck
