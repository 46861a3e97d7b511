"""Loading the team's planning rules (content/rules/*.yaml) with `path:line` errors (pure).

The rules files are checked with the same declarative fields as the charity profile, so a
typo in a key gets a did-you-mean hint and every problem names its file and line. Text that
people read is kept as `Located` strings, which remember their line for tailoring errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.errors import FacilitationError, Problem, Problems
from facilitation.profile.fields import (MISSING, key_lines, node_lines, parse_yaml, Choice, Clock, Field, Flag, Items, Number,
                                         Section, Text, Where)
from facilitation.profile.schema import SCHEMA as PROFILE_SCHEMA


class Located(str):
    """Text that remembers the line it came from (for errors raised while tailoring it)."""

    line: int

    def __new__(cls, text: str, line: int) -> "Located":
        value = super().__new__(cls, text)
        value.line = line
        return value

    def __reduce__(self):  # str's own pickling would forget the line, and fail to load
        return Located, (str(self), self.line)


def _options(*keys: str) -> tuple[str, ...]:
    spec: Any = PROFILE_SCHEMA
    for key in keys:
        spec = spec.fields[key]
    return spec.item.options if isinstance(spec, Items) else spec.options


# What a rule's `when` may test: the profile's own vocabulary, so the two never drift apart.
CONDITIONS: dict[str, tuple[str, ...] | None] = {
    "senior_buy_in": _options("diagnostic", "senior_buy_in"),
    "capacity": _options("diagnostic", "capacity"),
    "journey_stage": _options("diagnostic", "journey_stage"),
    "focus": _options("diagnostic", "focus"),
    "delivery": _options("delivery"),
    "nation": _options("nation"),
    "sector": None,  # free text in the profile
}


# ---- fields the profile schema does not need ------------------------------------------------


@dataclass
class Prose(Text):
    """Text for people to read, kept with its line."""

    max_length: int = 1500

    def check(self, value, node, where, problems):
        text = super().check(value, node, where, problems)
        if not isinstance(text, str):
            return text
        paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
        return Located("\n\n".join(p for p in paragraphs if p), where.line)


@dataclass
class Amount(Field):
    """A number of days or weeks, halves allowed."""

    low: float = 0
    high: float = 100
    default: Any = MISSING
    required: bool = False

    @property
    def expected(self):
        return f"a number from {self.low:g} to {self.high:g}"

    def check(self, value, node, where, problems):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not self.low <= value <= self.high:
            return self.fail(value, where, problems)
        return value


@dataclass
class OneOrMany(Field):
    """A value, or a list meaning "any of these"; always returned as a tuple."""

    item: Field = None  # type: ignore[assignment]

    @property
    def expected(self):
        return f"{self.item.expected}, or a list of them"

    def check(self, value, node, where, problems):
        if isinstance(value, list):
            checked = Items(item=self.item).check(value, node, where, problems)
            return tuple(checked)
        checked = self.item.check(value, node, where, problems)
        return () if checked is None else (checked,)


@dataclass
class Range(Section):
    """`{min: a, max: b}` where a <= b."""

    def check(self, value, node, where, problems):
        result = super().check(value, node, where, problems)
        low, high = result.get("min"), result.get("max")
        if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
            problems.add(where.path, where.line, f"'{where.key}' has min {low:g} above max {high:g}")
        return result


# ---- reading YAML with lines -----------------------------------------------------------------


def check_file(text: str, path: str, schema: Section) -> dict[str, Any]:
    """Parse and check one rules file against its schema; raise every problem together."""
    raw, node = parse_yaml(text.lstrip("\ufeff"), path)
    if not isinstance(raw, dict):
        raise FacilitationError([Problem(path, 1, "the file must be a mapping of keys to values")])
    problems = Problems()
    data = schema.check(raw, node, Where(path, "", 1), problems)
    problems.raise_if_any()
    return data


# ---- content/rules/proposal.yaml -------------------------------------------------------------

PROPOSAL_TEXT_KEYS = (
    "title", "prepared_for", "intro", "found_heading", "found_intro", "opportunities", "barriers",
    "quick_wins", "package_heading", "package_intro",
    "not_yet_heading", "not_yet_intro", "must_change_heading", "not_yet_next",
    "adjustments_heading", "mode_heading", "days_heading", "days_note", "review_support",
    "time_heading", "time_member", "time_lead", "time_note", "outcomes_heading", "outcomes_intro",
    "timeline_heading", "timeline_note", "extensions_note", "closing", "optional", "included",
    "part_column", "days_column", "why_column", "review_support_title", "module_1", "module_2",
    "module_3", "total", "outcome_column", "meaning_column", "enhance_column", "when_column",
    "what_column", "check_ins_row", "topic_column", "heard_column", "module_column",
    "how_column", "in_person_sitting", "online_sittings", "online_sitting",
)
FINDINGS = ("senior_buy_in", "capacity", "journey_stage")


def _finding(key: str) -> Section:
    return Section(fields={"label": Prose(required=True),
                           "values": Section(fields={v: Prose() for v in CONDITIONS[key]})})


def proposal_schema(part_ids: tuple[str, ...]) -> Section:
    when = Section(fields={key: OneOrMany(item=Choice(options=options) if options else Text())
                           for key, options in CONDITIONS.items()})
    then = Section(fields={
        "not_yet": Flag(default=False),
        "must_change": Items(item=Prose()),
        "add": Items(item=Choice(options=part_ids)),
        "check_ins": Number(low=1, high=3, default=None),
        "review_days": Amount(low=0, high=2, default=None),
        "shorter_sessions": Flag(default=False),
    })
    part = Section(fields={
        "title": Prose(required=True, max_length=120),
        "module": Number(low=1, high=3, default=None),
        "days": Amount(low=0, high=2, default=0),
        "optional": Flag(default=False),
        "extension": Flag(default=False),
        "outcomes": Items(item=Text(max_length=60)),
        "reason": Prose(required=True),
    })
    return Section(fields={
        "text": Section(fields={key: Prose(required=True) for key in PROPOSAL_TEXT_KEYS}),
        "findings": Section(fields={key: _finding(key) for key in FINDINGS}),
        "modes": Section(fields={mode: Prose(required=True) for mode in CONDITIONS["delivery"]}),
        "module_1": Section(fields={
            "offer": Items(item=Choice(options=part_ids)),
            "days": Range(fields={"min": Amount(required=True), "max": Amount(required=True)}),
            "review_days": Amount(low=0, high=2, default=1),
            "check_ins": Number(low=1, high=3, default=1),
        }),
        "time_asked": Section(fields={
            "core_member_days": Amount(low=0, high=5, default=0.5),
            "lead_days": Amount(low=0, high=5, default=1),
        }),
        "parts": Section(open_keys=part),
        "rules": Items(item=Section(fields={
            "id": Text(required=True, max_length=60),
            "when": when,
            "then": then,
            "reason": Prose(required=True),
        }), unique=False),
    })


def load_proposal_rules(text: str, path: str) -> dict[str, Any]:
    """content/rules/proposal.yaml, checked: rule conditions, actions, part ids and wording."""
    raw, node = parse_yaml(text.lstrip("\ufeff"), path)
    parts = raw.get("parts") if isinstance(raw, dict) else None
    part_ids = tuple(str(k) for k in parts) if isinstance(parts, dict) else ()
    data = check_file(text, path, proposal_schema(part_ids))
    problems = Problems()
    lines = node_lines(node)
    seen: set[str] = set()
    for rule in data["rules"]:
        if rule["id"] in seen:
            problems.add(path, rule["reason"].line, f"rule id '{rule['id']}' is used twice")
        seen.add(rule["id"])
        if rule["then"]["not_yet"] and not rule["then"]["must_change"]:
            problems.add(path, rule["reason"].line, f"rule '{rule['id']}' says not_yet but lists no must_change",
                         "say what would need to change before support can start")
    for part_id, part in data["parts"].items():
        line = lines.get(f"parts.{part_id}")
        if part_id in WORKSHOP_IDS and part["module"] is None:
            problems.add(path, line, f"part '{part_id}' is a workshop and needs a module (1, 2 or 3)")
    problems.raise_if_any()
    return data


# ---- content/rules/outcomes.yaml -------------------------------------------------------------


def load_outcome_rules(text: str, path: str) -> dict[str, Any]:
    """Module outcomes and the Enhance outcomes each one supports."""
    raw, _ = parse_yaml(text.lstrip("\ufeff"), path)
    enhance = raw.get("enhance") if isinstance(raw, dict) else None
    enhance_ids = tuple(str(k) for k in enhance) if isinstance(enhance, dict) else ()
    schema = Section(fields={
        "enhance": Section(open_keys=Prose(max_length=80)),
        "outcomes": Section(open_keys=Section(fields={
            "title": Prose(required=True, max_length=80),
            "description": Prose(required=True),
            "enhance": Items(item=Choice(options=enhance_ids)),
        })),
    })
    return check_file(text, path, schema)


# ---- content/rules/programme.yaml ------------------------------------------------------------

PROGRAMME_TEXT_KEYS = (
    "title", "intro", "undated_note", "timeline_heading", "timeline_alt", "events_heading",
    "check_in", "check_in_summary", "report_back", "report_back_summary", "due", "session",
    "activities_heading", "activities_intro", "calendar_heading", "calendar_note", "legend_workshop",
    "legend_check_in", "legend_due", "legend_report_back", "extensions_note", "online", "in_person",
    "venue_note", "date_column", "week_column", "time_column", "what_column", "where_column", "all_day",
    "activity_column", "due_column", "hours_column", "summary_column", "spacing_note",
)


def programme_schema() -> Section:
    weeks = lambda: Amount(low=0, high=26, required=True)  # noqa: E731
    return Section(fields={
        "module_1": Section(fields={
            "weeks_between_workshops": Range(fields={"preferred": weeks(), "min": weeks(), "max": weeks()}),
            "staff_session_weeks_before": weeks(),
            "report_back_weeks_after": weeks(),
            "debrief_weeks_after": weeks(),
            "span_weeks": Range(fields={"min": weeks(), "max": Amount(low=0, high=52, required=True)}),
        }),
        "extensions": Section(fields={"weeks_after_module_1": weeks(), "weeks_between": weeks()}),
        "workshop_day": Section(fields={"start": Clock(default="09:30"),
                                        "minutes": Number(low=60, high=600, default=390)}),
        "check_in": Section(fields={"time": Clock(default="10:00"), "minutes": Number(low=15, high=120, default=60)}),
        "report_back": Section(fields={"minutes": Number(low=60, high=300, default=210),
                                       "online_minutes": Number(low=30, high=180, default=90)}),
        "remote": Section(fields={"sessions_per_week": Number(low=1, high=5, default=2),
                                  "min_session_minutes": Number(low=15, high=60, default=30)}),
        "text": Section(fields={key: Prose(required=True) for key in PROGRAMME_TEXT_KEYS}),
        "short_titles": Section(fields={key: Prose(max_length=60) for key in WORKSHOP_IDS + ("report-back",)}),
    })


def load_programme_rules(text: str, path: str) -> dict[str, Any]:
    data = check_file(text, path, programme_schema())
    gap = data["module_1"]["weeks_between_workshops"]
    if not gap["min"] <= gap["preferred"] <= gap["max"]:
        line = key_lines(text).get("module_1.weeks_between_workshops")
        raise FacilitationError([Problem(path, line, "weeks_between_workshops.preferred must lie between its min and max")])
    return data
