"""The `report-back` writer: the deck the participants make their own after the Planning workshop.

How it is drawn, and how it describes itself for `facilitation harvest`, is in
`facilitation.writers.pptx.report_back`, loaded only when the deck is drawn.
"""

from __future__ import annotations

from typing import Iterable

from facilitation.model import Pack
from facilitation.writers import Output, Writer, register
from facilitation.writers.deck import new_builder


@register
class ReportBackWriter(Writer):
    kind = "report-back"
    reads = ("report_back", "content_root")

    def outputs(self, pack: Pack) -> Iterable[Output]:
        if pack.report_back is None:  # only a pack with the Planning workshop has one
            return

        def render() -> bytes:
            from facilitation.writers.pptx.report_back import ReportBackDeck

            return ReportBackDeck(pack, pack.report_back, new_builder(pack)).build()

        yield Output(self.kind, f"report-back/{pack.profile.slug}-report-back.pptx", render)
