"""Output writers: one small class per output kind, behind one registry.

A writer says which files it will make for a pack (`outputs`) and renders each one to bytes on
request. The build decides when and where the bytes are written. Writer modules are imported
lazily, so `facilitation list` never pays for python-pptx or python-docx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, ClassVar, Iterable

from facilitation.plan.audience import FACILITATORS

if TYPE_CHECKING:  # the model's many dataclasses take 40 ms to import: not on the unchanged path
    from facilitation.model import Pack

# output kind -> module that registers its writer
MODULES = {
    "deck": "facilitation.writers.deck",
    "facilitator-guide": "facilitation.writers.guide",
    "programme": "facilitation.writers.programme",
    "calendar": "facilitation.writers.calendar",
    "proposal": "facilitation.writers.proposal",
    "diagnostic-form": "facilitation.writers.diagnostic_form",
    "co-facilitator-notes": "facilitation.writers.notes",
    "remote-deck": "facilitation.writers.remote_deck",
    "remote-plan": "facilitation.writers.remote_plan",
    "report-back": "facilitation.writers.report_back",
    "task-sheet": "facilitation.writers.task_sheet",
    "printables": "facilitation.writers.printables",
    "handout": "facilitation.writers.handout",
    "joining-instructions": "facilitation.writers.joining_instructions",
    "feedback-form": "facilitation.writers.feedback_form",
    "check-in": "facilitation.writers.check_in",
    "evaluation-form": "facilitation.writers.evaluation_form",
}


@dataclass(frozen=True)
class Output:
    kind: str
    path: str  # relative to build/<slug>/
    render: Callable[[], bytes] = field(repr=False, compare=False)
    workshop: str | None = None
    session: int | None = None
    minutes: int | None = None
    variant: str | None = None  # e.g. large-print, easy-read: another version of the same output
    # Everything the renderer consumes, when a writer can say it exactly and cheaply (a deck's
    # recorded drawing calls): the output's digest, instead of its workshop's whole model.
    made_from: Callable[[], object] | None = field(default=None, repr=False, compare=False)
    # The rendering as a module-level function and picklable arguments, when the writer has one
    # (a deck: its look, drawing calls and save options): a process that never gathered the pack
    # can render it (`facilitation.render.Drawer`). Calling it gives the same bytes as `render`.
    portable: Callable[[], tuple[Callable[..., bytes], tuple]] | None = field(default=None, repr=False,
                                                                            compare=False)

    def manifest_entry(self, sha256: str) -> dict:
        entry = {"kind": self.kind, "workshop": self.workshop, "session": self.session,
                 "minutes": self.minutes, "variant": self.variant, "path": self.path, "sha256": sha256}
        return {k: v for k, v in entry.items() if v is not None}


class Writer:
    kind: ClassVar[str]
    # The parts of the pack (Pack attribute names) a pack-wide output is made from, besides the
    # charity's profile, the templates and the toolkit: it is rendered again only when one of
    # them changes. None: the whole pack, so any change to the content renders it again.
    reads: ClassVar[tuple[str, ...] | None] = None
    # Who holds what it writes. Participants' materials are handed the pack without facilitator
    # text (facilitation.plan.audience), so a note or slide edit cannot change them.
    audience: ClassVar[str] = FACILITATORS

    def outputs(self, pack: Pack) -> Iterable[Output]:
        raise NotImplementedError


_REGISTRY: dict[str, type[Writer]] = {}


def register(cls: type[Writer]) -> type[Writer]:
    _REGISTRY[cls.kind] = cls
    return cls


def writer_for(kind: str) -> Writer:
    if kind not in _REGISTRY:
        importlib.import_module(MODULES[kind])
    return _REGISTRY[kind]()


def all_writers() -> list[Writer]:
    return [writer_for(kind) for kind in MODULES]


def all_outputs(views: dict[str, Pack]) -> list[Output]:
    """Every output of the pack, each writer given the view of the pack its audience may read
    (`views`: audience -> pack, as `facilitation.plan.audience.views` makes them)."""
    return [o for writer in all_writers() for o in writer.outputs(views[writer.audience])]
