"""The proposed package: the team's rules (content/rules/proposal.yaml) applied to a profile (pure).

A package is made of parts (workshops and other pieces of support), each with the reason it is
proposed. It starts from the workshops in the charity's profile; then every rule whose `when`
holds adds parts or changes how the support is given. A rule that says `not_yet` turns the
proposal into a recommendation to pause, with what would need to change first.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable, Mapping

from facilitation.errors import Problems
from facilitation.model import Finding, Outcome, Package, Part, Profile, Workshop  # noqa: F401 (re-exported)
from facilitation.plan.rules import FINDINGS
from facilitation.profile import tailoring_context
from facilitation.profile.schema import co_facilitated
from facilitation.tailor import render

PROPOSAL_RULES = "content/rules/proposal.yaml"
OUTCOME_RULES = "content/rules/outcomes.yaml"


def days_text(days: float) -> str:
    """`½`, `1`, `1½`: how a number of days reads in a table."""
    whole, half = int(days), Fraction(days).limit_denominator(2) - int(days)
    if not half:
        return str(whole)
    return f"{whole or ''}½"


def days_words(days: float) -> str:
    """`half a day`, `1 day`, `1½ days`: how a number of days reads in a sentence."""
    if days == 0.5:
        return "half a day"
    return f"{days_text(days)} day" + ("" if days == 1 else "s")


# ---- conditions ------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return "-".join(str(text).lower().split())


def answers(profile: Profile) -> dict[str, tuple[str, ...]]:
    """What a rule's `when` can test, as tuples of values (focus can hold several)."""
    diagnostic = profile.data.get("diagnostic", {})
    return {
        "senior_buy_in": (diagnostic.get("senior_buy_in"),),
        "capacity": (diagnostic.get("capacity"),),
        "journey_stage": (diagnostic.get("journey_stage"),),
        "focus": tuple(diagnostic.get("focus") or ()),
        "delivery": (profile.delivery,),
        "nation": (profile.nation,),
        "sector": (_normal(profile.sector),),
    }


def rule_holds(rule: Mapping[str, Any], given: Mapping[str, tuple[str, ...]]) -> bool:
    for key, wanted in rule["when"].items():
        if wanted is None:
            continue
        wanted = {_normal(w) for w in wanted} if key == "sector" else set(wanted)
        if not wanted & set(given[key]):
            return False
    return True


# ---- the package -----------------------------------------------------------------------------


class TextWriter:
    """Tailors the rules' text to one charity; errors point at the rules file's line."""

    def __init__(self, profile: Profile, path: str, extra: Mapping[str, Any] | None = None):
        self.context = {**tailoring_context(profile), **(extra or {})}
        self.path = path

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        return render(text, self.context, self.path, getattr(text, "line", 1)).strip()


def _parts(profile: Profile, rules: Mapping[str, Any], applied: list[Mapping[str, Any]],
           titles: Mapping[str, str], write: TextWriter) -> list[Part]:
    table = rules["parts"]
    chosen: dict[str, tuple[str, str | None]] = {}  # part id -> (reason, rule id)
    wanted = list(profile.workshops) + (["co-facilitation"] if profile.co_facilitation else [])
    wanted += [part for part in rules["module_1"]["offer"] if part not in wanted]
    problems = Problems()
    for part_id in wanted:
        if part_id not in table:
            problems.add(PROPOSAL_RULES, None, f"the profile asks for '{part_id}' but 'parts' has no entry for it",
                         f"add parts.{part_id} with a title and a reason")
            continue
        chosen[part_id] = (table[part_id]["reason"], None)
    problems.raise_if_any()
    for rule in applied:
        for part_id in rule["then"]["add"]:
            chosen[part_id] = (rule["reason"], rule["id"])  # a rule's reason is the more specific one
    order = list(table)
    joined = co_facilitated_workshops(profile)
    write = TextWriter(profile, write.path, {"co_facilitated": _and([titles.get(w) or write(table[w]["title"])
                                                                     for w in joined if w in table])})
    parts = []
    for part_id in sorted(chosen, key=order.index):
        spec, (reason, rule_id) = table[part_id], chosen[part_id]
        days = spec["days"]
        if part_id == "co-facilitation":  # the co-facilitator's days: those of the workshops they join
            days = sum(table[w]["days"] for w in joined if w in table)
        parts.append(Part(part_id, titles.get(part_id) or write(spec["title"]), spec["module"], days,
                          spec["optional"], spec["extension"], write(reason), rule_id))
    return parts


def co_facilitated_workshops(profile: Profile) -> tuple[str, ...]:
    """The workshops the co-facilitator joins; when a rule offers co-facilitation the profile does
    not have yet, the first Module 1 workshop, as the offer says."""
    return profile.co_facilitated or co_facilitated(True, list(profile.workshops))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _review_days(parts: list[Part], wanted: float, limits: Mapping[str, float]) -> float:
    """Review and support days give way so Module 1 stays within its 4–6 days."""
    others = sum(p.days for p in parts if p.module == 1)
    days = min(wanted, max(0.0, limits["max"] - others))
    if others + days < limits["min"]:
        days = min(2.0, limits["min"] - others)
    return days


def _findings(profile: Profile, rules: Mapping[str, Any], write: TextWriter) -> tuple[Finding, ...]:
    diagnostic = profile.data.get("diagnostic", {})
    found = []
    for key in FINDINGS:
        spec, answer = rules["findings"][key], diagnostic.get(key)
        found.append(Finding(write(spec["label"]), answer, write(spec["values"].get(answer)) or str(answer)))
    return tuple(found)


def _outcomes(parts: list[Part], workshops: Iterable[Workshop], rules: Mapping[str, Any],
              outcome_rules: Mapping[str, Any], write: TextWriter) -> tuple[Outcome, ...]:
    by_workshop = {w.id: (w.outcomes, w.path) for w in workshops}
    described = outcome_rules["outcomes"]
    problems = Problems()
    delivering: dict[str, list[str]] = {}
    for part in parts:
        ids, where = by_workshop.get(part.id, (rules["parts"][part.id]["outcomes"], PROPOSAL_RULES))
        for outcome in ids:
            if outcome not in described:
                problems.add(where, None, f"outcome '{outcome}' of '{part.id}' is not described in {OUTCOME_RULES}",
                             f"add outcomes.{outcome} there with a title, description and Enhance outcomes")
                continue
            delivering.setdefault(outcome, []).append(part.title)
    problems.raise_if_any()
    enhance = outcome_rules["enhance"]
    return tuple(Outcome(key, write(spec["title"]), write(spec["description"]),
                         tuple(write(enhance[e]) for e in spec["enhance"]), tuple(delivering[key]))
                 for key, spec in described.items() if key in delivering)


def _gaps(parts: list[Part]) -> int:
    """Stretches between Module 1 sessions where the core team works on its own (up to the report-back)."""
    steps = [p for p in parts if p.module == 1 and p.days and p.id != "debrief"]
    return max(0, len(steps) - 1)


def propose(profile: Profile, rules: Mapping[str, Any], outcome_rules: Mapping[str, Any],
            workshops: Iterable[Workshop] = ()) -> Package:
    """Apply the rules to a profile. `workshops` (tailored) give titles and outcomes where built."""
    workshops = tuple(workshops)
    given = answers(profile)
    applied = [rule for rule in rules["rules"] if rule_holds(rule, given)]
    write = TextWriter(profile, PROPOSAL_RULES)
    not_yet = [rule for rule in applied if rule["then"]["not_yet"]]
    module_1 = rules["module_1"]
    check_ins, review_days, shorter = module_1["check_ins"], module_1["review_days"], False
    for rule in applied:
        then = rule["then"]
        check_ins = then["check_ins"] if then["check_ins"] is not None else check_ins
        review_days = then["review_days"] if then["review_days"] is not None else review_days
        shorter = shorter or then["shorter_sessions"]
    titles = {w.id: w.title for w in workshops}
    parts = [] if not_yet else _parts(profile, rules, applied, titles, write)
    review_days = _review_days(parts, review_days, module_1["days"]) if parts else 0
    adjustments = tuple(write(rule["reason"]) for rule in applied
                        if not rule["then"]["add"] and not rule["then"]["not_yet"])
    gaps = _gaps(parts)
    asked = rules["time_asked"]
    extra = {"review_days": days_words(review_days), "gaps": gaps,
             "workshop_days": days_words(sum(p.days for p in parts if p.module == 1)),
             "member_days": days_words(asked["core_member_days"]),
             "lead_days": days_words(asked["lead_days"]),
             "member_total": days_words(asked["core_member_days"] * gaps),
             "lead_total": days_words(asked["lead_days"] * gaps)}
    text_writer = TextWriter(profile, PROPOSAL_RULES, extra)
    return Package(
        slug=profile.slug,
        not_yet=bool(not_yet),
        not_yet_reasons=tuple(write(rule["reason"]) for rule in not_yet),
        must_change=tuple(write(item) for rule in not_yet for item in rule["then"]["must_change"]),
        parts=tuple(parts),
        adjustments=() if not_yet else adjustments,
        mode=profile.delivery,
        mode_text=write(rules["modes"][profile.delivery]),
        check_ins=check_ins,
        review_days=review_days,
        shorter_sessions=shorter and not not_yet,
        findings=_findings(profile, rules, write),
        outcomes=_outcomes(parts, workshops, rules, outcome_rules, write),
        applied=tuple(rule["id"] for rule in applied),
        text={key: text_writer(value) for key, value in rules["text"].items()},
    )

