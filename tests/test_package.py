"""The proposed package: every rule in content/rules/proposal.yaml, and the rules loader's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitation.errors import FacilitationError
from facilitation.plan.package import days_text, days_words, propose
from facilitation.plan.rules import load_outcome_rules, load_proposal_rules
from facilitation.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
RULES_PATH = "content/rules/proposal.yaml"
RULES_TEXT = (ROOT / RULES_PATH).read_text("utf-8")
RULES = load_proposal_rules(RULES_TEXT, RULES_PATH)
OUTCOMES = load_outcome_rules((ROOT / "content/rules/outcomes.yaml").read_text("utf-8"), "content/rules/outcomes.yaml")


def profile(diagnostic: str = "", extra: str = "", workshops: str = "[concepts, vision, planning]"):
    text = f"name: Test Charity\nworkshops: {workshops}\n{extra}\ndiagnostic:\n" + (diagnostic or "  capacity: medium\n")
    return load_profile(text, "content/charities/test.yaml", "test")


def package_for(diagnostic: str = "", extra: str = "", workshops: str = "[concepts, vision, planning]"):
    return propose(profile(diagnostic, extra, workshops), RULES, OUTCOMES)


# ---- one case per rule: (rule id, the profile that triggers it, what the package must show) --

RULE_CASES = {
    "no-senior-buy-in": (
        "  senior_buy_in: none\n", "",
        lambda p: p.not_yet and not p.parts and p.must_change),
    "early-on-the-journey": (
        "  journey_stage: informing\n", "",
        lambda p: p.part("staff-session") and p.part("staff-session").rule == "early-on-the-journey"),
    "low-capacity": (
        "  capacity: low\n", "",
        lambda p: p.check_ins == 2 and p.review_days > 1 and p.shorter_sessions and p.adjustments),
    "high-capacity": (
        "  capacity: high\n", "",
        lambda p: p.review_days == 1 and p.check_ins == 1 and p.adjustments),
    "criminal-justice-co-facilitation": (
        "  capacity: medium\n", "sector: Criminal Justice\n",
        lambda p: p.part("co-facilitation") and p.part("co-facilitation").rule == "criminal-justice-co-facilitation"),
    "policy-focus": (
        "  focus: [policy-campaigns]\n", "",
        lambda p: p.part("policy-campaigns").extension and p.part("policy-campaigns").module == 2),
    "research-focus": (
        "  focus: [research-evaluation]\n", "",
        lambda p: p.part("research-evaluation").extension and p.part("research-evaluation").module == 3),
}


def test_every_rule_in_the_file_has_a_test_case():
    assert sorted(rule["id"] for rule in RULES["rules"]) == sorted(RULE_CASES)


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_each_rule_applies_when_its_conditions_hold(rule_id):
    diagnostic, extra, expected = RULE_CASES[rule_id]
    package = package_for("  journey_stage: engagement\n" * ("journey_stage" not in diagnostic) + diagnostic, extra)
    assert rule_id in package.applied
    assert expected(package)


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_no_rule_applies_to_a_plain_strong_engaged_charity(rule_id):
    package = package_for("  senior_buy_in: strong\n  capacity: medium\n  journey_stage: engagement\n")
    assert rule_id not in package.applied


def test_no_senior_buy_in_gives_not_yet_with_what_must_change():
    package = package_for("  senior_buy_in: none\n  capacity: high\n  focus: [policy-campaigns]\n")
    assert package.not_yet
    assert package.parts == () and package.outcomes == () and package.adjustments == ()
    assert any("senior leader" in item.lower() for item in package.must_change)
    assert package.not_yet_reasons and "precondition" in package.not_yet_reasons[0]


def test_parts_come_from_the_profile_then_the_offer_then_the_rules_each_with_a_reason():
    package = package_for("  journey_stage: engagement\n")
    assert package.part_ids == ("concepts", "vision", "planning", "report-back", "debrief")
    for part in package.parts:
        assert part.reason and "{{" not in part.reason
    assert package.part("concepts").rule is None
    assert "Test Charity" in package.part("vision").reason  # tailored


def test_reasons_and_wording_are_tailored_to_the_charity():
    package = package_for("  journey_stage: informing\n", "short_name: Testers\npeople_term: our members\n")
    assert "Testers" in package.part("staff-session").reason
    assert "our members" in package.part("staff-session").reason
    assert package.text["title"].endswith("Test Charity")


@pytest.mark.parametrize("capacity", ["low", "medium", "high"])
@pytest.mark.parametrize("stage", ["informing", "engagement"])
@pytest.mark.parametrize("workshops", ["[concepts]", "[concepts, vision]", "[concepts, vision, planning]",
                                       "[staff-session, concepts, vision, planning, debrief]"])
def test_module_1_is_four_to_six_days_of_support(capacity, stage, workshops):
    package = package_for(f"  capacity: {capacity}\n  journey_stage: {stage}\n", workshops=workshops)
    assert 4 <= package.module_days(1) <= 6
    assert 0 <= package.review_days <= 2


def test_extensions_add_a_day_each_outside_module_1():
    package = package_for("  journey_stage: engagement\n  focus: [policy-campaigns, research-evaluation]\n")
    assert package.has_extensions
    assert package.module_days(2) == 1 and package.module_days(3) == 1
    assert "Regional Manager" in package.text["extensions_note"]


def test_outcomes_map_to_enhance_outcomes_and_name_the_parts_that_deliver_them():
    package = package_for("  journey_stage: engagement\n")
    by_id = {o.id: o for o in package.outcomes}
    assert set(by_id) >= {"buy-in", "effective-plan"}  # from the report-back's own outcomes
    assert "Stronger governance" in by_id["buy-in"].enhance
    assert "Report-back" in by_id["effective-plan"].parts


def test_time_asked_counts_the_gaps_between_sessions():
    package = package_for("  journey_stage: engagement\n")  # concepts, vision, planning, report-back
    assert "half a day" in package.text["time_member"]
    assert "1½ days in all" in package.text["time_member"]  # three gaps of half a day
    assert "3 days in all" in package.text["time_lead"]


def test_sector_matches_ignoring_case_and_spaces():
    assert package_for("", "sector: criminal justice\n").part("co-facilitation")
    assert not package_for("", "sector: youth work\n").part("co-facilitation")


def test_days_read_as_people_write_them():
    assert [days_text(d) for d in (0.5, 1, 1.5, 2)] == ["½", "1", "1½", "2"]
    assert [days_words(d) for d in (0.5, 1, 2.5)] == ["half a day", "1 day", "2½ days"]


# ---- the rules file's own mistakes ------------------------------------------------------------


def problems_of(text: str) -> list[str]:
    with pytest.raises(FacilitationError) as caught:
        load_proposal_rules(text, RULES_PATH)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_an_unknown_condition_key_names_its_line_and_suggests_the_right_one():
    text = RULES_TEXT.replace("when: {capacity: low}", "when: {capacty: low}")
    [problem] = problems_of(text)
    assert problem.startswith(f"{RULES_PATH}:{line_of(text, 'capacty')}: unknown key '")
    assert "did you mean 'capacity'?" in problem


def test_a_bad_condition_value_names_its_line():
    text = RULES_TEXT.replace("when: {senior_buy_in: none}", "when: {senior_buy_in: nope}")
    [problem] = problems_of(text)
    assert problem.startswith(f"{RULES_PATH}:{line_of(text, 'nope')}:")
    assert "none, partial, strong" in problem and "'nope'" in problem


def test_adding_an_unknown_part_suggests_a_known_one():
    text = RULES_TEXT.replace("then: {add: [staff-session]}", "then: {add: [staff-sesion]}")
    [problem] = problems_of(text)
    assert problem.startswith(f"{RULES_PATH}:{line_of(text, 'staff-sesion')}:")
    assert "did you mean 'staff-session'?" in problem


def test_an_unknown_action_is_an_error_with_a_suggestion():
    text = RULES_TEXT.replace("then: {check_ins: 2,", "then: {check_in: 2,")
    [problem] = problems_of(text)
    assert problem.startswith(f"{RULES_PATH}:{line_of(text, 'check_in: 2')}:")
    assert "did you mean 'check_ins'?" in problem


def test_not_yet_without_must_change_is_refused():
    start = RULES_TEXT.index("\n      must_change:\n")
    end = RULES_TEXT.index("\n    reason: >\n      Senior-level")
    problems = problems_of(RULES_TEXT[:start] + RULES_TEXT[end:])
    assert any("lists no must_change" in p for p in problems)


def test_a_yaml_mistake_names_its_line():
    text = RULES_TEXT.replace("  title: \"Proposed", "  title: \"Proposed\" broken \"", 1)
    [problem] = problems_of(text)
    assert problem.startswith(f"{RULES_PATH}:{line_of(text, 'broken')}: not valid YAML")


def test_missing_wording_is_named():
    text = RULES_TEXT.replace("  closing: >", "  closin: >")
    problems = problems_of(text)
    assert any("missing required key 'text.closing'" in p for p in problems)


def test_a_template_mistake_in_a_reason_points_at_its_line():
    text = RULES_TEXT.replace("{{ charity.short_name }} is early", "{{ charity.shortname }} is early")
    rules = load_proposal_rules(text, RULES_PATH)
    with pytest.raises(FacilitationError) as caught:
        propose(profile("  journey_stage: informing\n"), rules, OUTCOMES)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{RULES_PATH}:")
    assert "shortname" in problem
