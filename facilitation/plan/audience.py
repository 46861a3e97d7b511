"""What each audience's outputs may read of a pack (pure).

Participants' materials (handouts, joining instructions, forms, printables, task sheets, the
calendar) never show the facilitators' text: the speaker notes, the facilitator's and the
co-facilitator's fences, or the slides' words (their diagrams stay: a handout prints the
ladder). Their writers are handed `participant_view`, the pack without that text (nor the source
lines things were written on), so they cannot read it; and because their digests are taken of
the same view, an edit to a facilitator's note or to a slide renders none of them again.

The audience names are imported on the unchanged-build fast path (by the writers' registry and
the cache), so this module loads the model only when a view is made.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitation.model import Pack

FACILITATORS, PARTICIPANTS = "facilitators", "participants"
FACILITATOR_FENCES = frozenset({"notes", "facilitator", "co-facilitator"})


def views(pack: Pack) -> dict[str, Pack]:
    """The pack each audience's writers are given."""
    return {FACILITATORS: pack, PARTICIPANTS: participant_view(pack)}


def participant_view(pack: Pack) -> Pack:
    """The pack as participants' materials see it: every block and slide without facilitator text."""
    from facilitation.model import Block, Diagram, Slide

    # each shared object stripped once: a block sits in its workshop, its agenda and its online
    # sessions alike. Found by identity, so each is kept alive with its result: a tuple made
    # here and dropped could otherwise lend its identity to the next, which would be taken for it
    seen: dict[int, tuple[object, object]] = {}

    def strip(value):
        kind = type(value)
        if kind in _LEAVES:
            return value
        key = id(value)
        if key in seen:
            return seen[key][1]
        if isinstance(value, Slide):
            result = replace(value, elements=strip(tuple(e for e in value.elements if isinstance(e, Diagram))),
                             fences=strip(_kept(value.fences)), line=0)
        elif isinstance(value, Block):
            result = replace(value, fences=strip(_kept(value.fences)), slides=strip(value.slides), line=0)
        elif isinstance(value, tuple):
            result = tuple(strip(item) for item in value)
        elif isinstance(value, dict):
            result = {k: strip(v) for k, v in value.items()}
        elif names := _init_fields(kind):
            changed = {name: strip(getattr(value, name)) for name in names}
            changed = {name: v for name, v in changed.items() if v is not getattr(value, name)}
            if getattr(value, "line", 0):  # where it was written: for messages, never printed
                changed["line"] = 0
            result = replace(value, **changed) if changed else value
        else:
            result = value
        seen[key] = (value, result)
        return result

    return replace(pack, workshops=strip(pack.workshops), agendas=strip(pack.agendas),
                   remote_plans=strip(pack.remote_plans))


_LEAVES = frozenset({str, int, float, bool, type(None), bytes})  # nothing to strip inside
_INIT_FIELDS: dict[type, tuple[str, ...]] = {}


def _init_fields(kind: type) -> tuple[str, ...]:
    """The fields a model class is made from (none for anything else), found once per class."""
    if kind not in _INIT_FIELDS:
        _INIT_FIELDS[kind] = tuple(f.name for f in fields(kind) if f.init) if is_dataclass(kind) else ()
    return _INIT_FIELDS[kind]


def _kept(fences: tuple) -> tuple:
    return tuple(f for f in fences if f.name not in FACILITATOR_FENCES)
