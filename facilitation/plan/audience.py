"""What each audience's outputs may read of a pack (pure).

Participants' materials (handouts, joining instructions, forms, printables, task sheets, the
calendar) never show the facilitators' text: the speaker notes, the facilitator's and the
co-facilitator's fences, or the slides' words (their diagrams stay: a handout prints the ladder). Their writers are handed `participant_view`,
the pack without that text (nor the source lines things were written on), so they cannot read
it; and because their digests are taken of the same view, an edit to a facilitator's note or to
a slide renders none of them again.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from facilitation.model import Block, Diagram, Pack, Slide

FACILITATORS, PARTICIPANTS = "facilitators", "participants"
FACILITATOR_FENCES = frozenset({"notes", "facilitator", "co-facilitator"})


def views(pack: Pack) -> dict[str, Pack]:
    """The pack each audience's writers are given."""
    return {FACILITATORS: pack, PARTICIPANTS: participant_view(pack)}


def participant_view(pack: Pack) -> Pack:
    """The pack as participants' materials see it: every block and slide without facilitator text."""
    seen: dict[int, object] = {}
    return replace(pack, workshops=_strip(pack.workshops, seen), agendas=_strip(pack.agendas, seen),
                   remote_plans=_strip(pack.remote_plans, seen))


def _strip(value, seen: dict[int, object]):
    """`value` with its blocks and slides stripped, each shared object stripped once (a block sits
    in its workshop, its agenda and its online sessions alike)."""
    key = id(value)
    if key in seen:
        return seen[key]
    if isinstance(value, Slide):
        result = replace(value, elements=_strip(tuple(e for e in value.elements if isinstance(e, Diagram)), seen),
                         fences=_strip(_kept(value.fences), seen), line=0)
    elif isinstance(value, Block):
        result = replace(value, fences=_strip(_kept(value.fences), seen), slides=_strip(value.slides, seen), line=0)
    elif isinstance(value, tuple):
        result = tuple(_strip(item, seen) for item in value)
    elif isinstance(value, dict):
        result = {k: _strip(v, seen) for k, v in value.items()}
    elif is_dataclass(value) and not isinstance(value, type):
        changed = {f.name: _strip(getattr(value, f.name), seen) for f in fields(value) if f.init}
        changed = {name: v for name, v in changed.items() if v is not getattr(value, name)}
        if getattr(value, "line", 0):  # where it was written: for messages, never printed
            changed["line"] = 0
        result = replace(value, **changed) if changed else value
    else:
        result = value
    seen[key] = result
    return result


def _kept(fences: tuple) -> tuple:
    return tuple(f for f in fences if f.name not in FACILITATOR_FENCES)
