"""The rules `facilitation check` applies: an id, a default severity, and the small functions that check it.

Content rules (facilitation.check.content) run on the loaded model and the profile; output rules
(facilitation.check.outputs) read the built PPTX and DOCX files. Each check function is registered
here under its rule's id and the thing it looks at.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Callable

# Slides are read from across a room, so "large" text (3:1 is enough) starts higher than WCAG's
# 18 pt / 14 pt bold for documents read in the hand.
SLIDE_MIN_PT = 18
DOCUMENT_MIN_PT, LARGE_PRINT_MIN_PT = 11, 14
LARGE_PRINT_KINDS = ("co-facilitator-notes", "programme", "task-sheet", "printables")  # documents the profile's large-print need reaches
SENTENCE_WORDS = 25
PLAIN_ENGLISH_EASE = 60


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str


RULES = {rule.id: rule for rule in (
    Rule("content", "error", "content and profiles load: the problems that stop a build"),
    Rule("slide-title", "error", "every slide has a title, unique within its deck"),
    Rule("alt-text", "error", "every picture has alt text, or is marked decorative"),
    Rule("table-header", "error", "every table has a header row"),
    Rule("reading-order", "warning", "the title is read first and placeholders in the layout's order"),
    Rule("min-font", "error", f"slide text at least {SLIDE_MIN_PT} pt; document body text at least "
                              f"{DOCUMENT_MIN_PT} pt ({LARGE_PRINT_MIN_PT} pt for large print)"),
    Rule("contrast", "error", "every text colour reaches WCAG 4.5:1 on its background (3:1 for large text)"),
    Rule("overflow", "error", "no text runs out of its box (measured with the font's metrics)"),
    Rule("sentence-length", "warning", f"participant-facing sentences have at most {SENTENCE_WORDS} words"),
    Rule("reading-ease", "note", f"co-facilitator notes' Flesch reading ease (plain English: {PLAIN_ENGLISH_EASE}+)"),
    Rule("day-length", "error", "a workshop's blocks add up to its stated length"),
    Rule("image-path", "error", "every image and logo path exists inside the repository"),
    Rule("unrendered-template", "error", "no template variable is left unrendered in any output"),
    Rule("ooxml-schema", "error", "every PPTX and DOCX passes Office Open XML schema validation"),
    Rule("brand-colours", "warning", "the charity's colours can be used as given (the writers adjust them if not)"),
    Rule("build", "warning", "the charity's outputs are built and up to date"),
    Rule("guide-slides", "error", "the facilitator guide's slide numbers and titles match the deck's"),
    Rule("sitting-length", "error", "for a workshop delivered online, no output presents a time range longer "
                                    "than remote.max_session_minutes as one sitting"),
    Rule("step-minutes", "error", "the timed steps in a block's facilitator notes (`N min:`, `(N min)`, `A–B min:`) "
                                  "add up to the block's duration"),
    Rule("materials-source", "warning", "every materials item says where it comes from: {printable=id} (an id the "
                                        "workshop's printables have), {pack=kind}, {buy}, {venue} or {made}"),
    Rule("method-reuse", "error", "each facilitation method (content/rules/methods.yaml) is used in one workshop "
                                  "only, or up to its limit (15% Solutions: two)"),
    Rule("untranslated", "warning", "for a pack in Welsh (languages include cy), every workshop, block and slide "
                                    "title has its Welsh (title_cy, <id>.cy.md); the English stands where not"),
    Rule("online-wording", "error", "online sessions' slides, speaker notes and co-facilitator notes never "
                                    "describe a day in a room (lunch, morning, afternoon, the whole day)"),
)}

# Words that describe a day in a room, never an online session (the online-wording rule).
IN_PERSON_WORDS = re.compile(r"\b(lunch(time)?|morning|afternoon|whole day|all day|shape of (our|the) day|"
                             r"o'clock)\b", re.IGNORECASE)

# scope -> [(rule id, check)]; scopes: profile, workshop (content.py), deck, document (outputs.py)
CHECKS: dict[str, list[tuple[str, Callable]]] = {}


def check(rule_id: str, on: str) -> Callable[[Callable], Callable]:
    """Register a check function for a rule and the thing it looks at."""
    if rule_id not in RULES:
        raise KeyError(f"unknown rule {rule_id!r}")

    def register(function: Callable) -> Callable:
        CHECKS.setdefault(on, []).append((rule_id, function))
        return function

    return register


def checks(on: str) -> list[tuple[str, Callable]]:
    return CHECKS.get(on, [])
