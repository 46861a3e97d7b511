"""Programme dates: spacing, weekends and bank holidays, check-ins, activities, and date mistakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import holidays
import pytest

from facilitation.errors import FacilitationError
from facilitation.model import Activity
from facilitation.plan.package import propose
from facilitation.plan.programme import WorkingDays, follows, plan_programme
from facilitation.plan.rules import load_outcome_rules, load_programme_rules, load_proposal_rules
from facilitation.profile.fields import key_lines
from facilitation.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
RULES = load_proposal_rules((ROOT / "content/rules/proposal.yaml").read_text("utf-8"), "content/rules/proposal.yaml")
OUTCOMES = load_outcome_rules((ROOT / "content/rules/outcomes.yaml").read_text("utf-8"), "content/rules/outcomes.yaml")
SPACING = load_programme_rules((ROOT / "content/rules/programme.yaml").read_text("utf-8"), "content/rules/programme.yaml")
PROFILE_PATH = "content/charities/test.yaml"


def activity(id_: str, after: str, due_days: int = 14) -> Activity:
    return Activity(id_, f"Task {id_}", after, due_days, 3.0, "A task.", "", f"content/activities/{id_}.md")


ACTIVITIES = (activity("gather", "staff-session"), activity("people", "concepts", 28),
              activity("staff", "vision", 21), activity("report", "planning", 28))


def profile_text(schedule: str, workshops: str = "[concepts, vision, planning]",
                 diagnostic: str = "  journey_stage: engagement\n", nation: str = "england") -> str:
    return (f"name: Test Charity\nnation: {nation}\nworkshops: {workshops}\n"
            f"schedule:\n{schedule}diagnostic:\n{diagnostic}")


def plan(schedule: str = "  start_date: 2027-01-12\n", *, workshops: str = "[concepts, vision, planning]",
         diagnostic: str = "  journey_stage: engagement\n", nation: str = "england", sessions=None,
         activities=ACTIVITIES):
    text = profile_text(schedule, workshops, diagnostic, nation)
    profile = load_profile(text, PROFILE_PATH, "test")
    package = propose(profile, RULES, OUTCOMES)
    return plan_programme(profile, package, SPACING, titles={}, times={}, activities=activities,
                          sessions=sessions, lines=key_lines(text)), text


def errors(schedule: str, **kwargs) -> tuple[list[str], str]:
    """The problems a schedule gives, and the profile text they point into."""
    with pytest.raises(FacilitationError) as caught:
        plan(schedule, **kwargs)
    return [str(p) for p in caught.value.problems], profile_text(schedule, nation=kwargs.get("nation", "england"))


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# ---- working days ---------------------------------------------------------------------------


BANK_HOLIDAYS = {
    "england": holidays.UK(subdiv="ENG", years=range(2026, 2030)),
    "wales": holidays.UK(subdiv="WLS", years=range(2026, 2030)),
}


def starts(nation: str):
    """Every working day from December 2026 to mid 2027: Christmas, Easter and May holidays fall in the programmes."""
    day, days = date(2026, 12, 1), []
    while day < date(2027, 7, 1):
        if day.weekday() < 5 and day not in BANK_HOLIDAYS[nation]:
            days.append(day)
        day += timedelta(days=1)
    return days


@pytest.mark.parametrize("nation", ["england", "wales"])
def test_no_date_lands_on_a_weekend_or_a_bank_holiday(nation):
    workshops = "[staff-session, concepts, vision, planning, debrief, policy-campaigns, research-evaluation]"
    text = profile_text("", workshops, "  capacity: low\n  journey_stage: informing\n", nation)
    profile = load_profile(text, PROFILE_PATH, "test")
    package = propose(profile, RULES, OUTCOMES)  # the package does not depend on the dates
    for start in starts(nation):
        programme = plan_programme(replace(profile, start_date=start), package, SPACING, titles={}, times={},
                                   activities=ACTIVITIES, sessions={"concepts": [90, 90, 90, 60], "vision": [75] * 5})
        for event in programme.events:
            assert event.day.weekday() < 5, (start, event)
            assert event.day not in BANK_HOLIDAYS[nation], (start, event)


def test_bank_holidays_looked_up_once_agree_with_the_library_and_stop_at_their_years():
    from facilitation.plan.dates import bank_holidays, years_dated

    profile = load_profile("name: X\nnation: wales\nschedule: {start_date: 2027-03-01}\n", PROFILE_PATH, "test")
    assert list(years_dated(profile)) == [2027, 2028, 2029]
    known = bank_holidays("wales", years_dated(profile))
    looked_up, library = WorkingDays("wales", known), WorkingDays("wales")
    day = date(2027, 1, 1)
    while day.year < 2031:  # 2030 is not in `known`: looked up in the library then
        assert looked_up.why_not(day) == library.why_not(day), day
        day += timedelta(days=1)
    assert looked_up.why_not(date(2030, 12, 25)) == "Christmas Day, a bank holiday in Wales"
    assert WorkingDays("england", known).known is None  # another nation's days are never used
    no_dates = load_profile("name: X\n", PROFILE_PATH, "test")
    assert bank_holidays("england", years_dated(no_dates)).days == {}


def test_working_days_know_the_bank_holidays_of_each_nation():
    days = WorkingDays("wales")
    assert days.why_not(date(2027, 3, 29)) == "Easter Monday, a bank holiday in Wales"
    assert days.why_not(date(2027, 1, 16)) == "a Saturday"
    assert days.on_or_after(date(2027, 12, 25)) == date(2027, 12, 29)  # Christmas, Boxing Day and substitutes
    assert days.on_or_before(date(2027, 12, 28)) == date(2027, 12, 24)


def test_a_date_that_would_fall_on_a_bank_holiday_moves_to_the_next_working_day():
    programme, _ = plan("  start_date: 2027-02-26\n")  # Friday; vision four weeks on is Good Friday
    vision = next(e for e in programme.events if e.id == "vision")
    assert vision.day == date(2027, 3, 30)  # after Good Friday, the weekend and Easter Monday


# ---- spacing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("workshops,stage", [
    ("[concepts, vision, planning]", "engagement"),
    ("[concepts, vision, planning]", "informing"),  # with the staff session
    ("[staff-session, concepts, vision, planning, debrief]", "co-design"),
])
@pytest.mark.parametrize("capacity", ["low", "medium", "high"])
def test_module_1_spans_twelve_to_eighteen_weeks_by_default(workshops, stage, capacity):
    for start in ("2027-01-12", "2027-03-02", "2027-11-30"):
        programme, _ = plan(f"  start_date: {start}\n", workshops=workshops,
                            diagnostic=f"  capacity: {capacity}\n  journey_stage: {stage}\n")
        assert 12 <= programme.module_1_weeks <= 18, (start, programme.module_1_weeks)


def test_the_order_follows_the_offer():
    programme, _ = plan(workshops="[concepts, vision, planning, policy-campaigns, research-evaluation]",
                        diagnostic="  journey_stage: informing\n")
    order = [e.id for e in programme.of_kind("workshop", "report-back")]
    assert order == ["staff-session", "concepts", "vision", "planning", "report-back", "debrief",
                     "policy-campaigns", "research-evaluation"]
    days = [e.day for e in programme.of_kind("workshop", "report-back")]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert programme.events[0].day == date(2027, 1, 12)


def test_a_given_workshop_date_wins_and_later_dates_follow_from_it():
    programme, _ = plan("  start_date: 2027-01-12\n  dates:\n    vision: 2027-03-04\n")
    by_id = {e.id: e for e in programme.events}
    assert by_id["concepts"].day == date(2027, 1, 12)
    assert by_id["vision"].day == date(2027, 3, 4)
    assert by_id["planning"].day == date(2027, 4, 1)  # four weeks after the given date


def test_check_ins_fall_between_workshops_as_many_as_the_package_asks():
    programme, _ = plan(diagnostic="  capacity: low\n  journey_stage: engagement\n")
    calls = programme.of_kind("check-in")
    assert len(calls) == 2 * 3  # two in each gap: concepts-vision, vision-planning, planning-report-back
    sessions = {e.id: e.day for e in programme.of_kind("workshop", "report-back")}
    for call in calls:
        assert call.start == time(10, 0) and call.online
    assert all(sessions["concepts"] < c.day < sessions["report-back"] for c in calls)
    assert len({c.id for c in calls}) == len(calls)


def test_activities_are_due_before_the_next_session():
    programme, _ = plan(workshops="[staff-session, concepts, vision, planning]")
    by_id = {e.id: e for e in programme.events}
    assert by_id["due-gather"].day < by_id["concepts"].day  # 14 days after the staff session is concepts day
    assert by_id["due-people"].day < by_id["vision"].day
    assert by_id["due-report"].day < by_id["report-back"].day
    assert all(e.start is None for e in programme.of_kind("due"))


def test_an_activity_after_a_workshop_not_run_follows_the_nearest_earlier_one_or_is_dropped():
    assert follows(activity("x", "vision"), ["concepts", "planning"]) == "concepts"
    assert follows(activity("x", "debrief"), ["concepts", "vision"]) == "vision"
    assert follows(activity("x", "staff-session"), ["concepts", "vision"]) is None
    programme, _ = plan(workshops="[concepts, planning]")  # no staff session, no vision
    assert programme.dropped == ("gather",)
    staff = next(e for e in programme.events if e.id == "due-staff")
    assert staff.workshop == "concepts"


def test_remote_sessions_are_spaced_two_a_week_and_push_what_follows():
    text = profile_text("  start_date: 2027-01-15\n") + "delivery: remote\n"  # a Friday
    profile = load_profile(text, PROFILE_PATH, "test")
    programme = plan_programme(profile, propose(profile, RULES, OUTCOMES), SPACING, titles={}, times={},
                               activities=ACTIVITIES, sessions={"concepts": [90, 90, 60]}, lines=key_lines(text))
    sessions = [e for e in programme.of_kind("session") if e.workshop == "concepts"]
    assert [s.day for s in sessions] == [date(2027, 1, 15), date(2027, 1, 18), date(2027, 1, 22)]
    assert [s.id for s in sessions] == ["concepts-session-1", "concepts-session-2", "concepts-session-3"]
    assert [s.minutes for s in sessions] == [90, 90, 60]
    assert programme.of_kind("workshop") == ()  # no day that never happens
    first_call = programme.of_kind("check-in")[0]
    assert first_call.day > sessions[-1].day
    vision = next(e for e in programme.of_kind("session") if e.workshop == "vision")
    assert vision.day >= sessions[-1].day + timedelta(days=7)
    # a workshop the pack does not build is shared evenly into sessions of at most the maximum
    assert all(30 <= e.minutes <= 90 for e in programme.of_kind("session", "report-back", "check-in"))
    assert "at most 2 a week" in programme.text["spacing_note"]


def test_without_a_start_date_the_programme_counts_in_weeks():
    programme, _ = plan("", diagnostic="  journey_stage: informing\n")
    assert not programme.dated
    assert all(e.day is None for e in programme.events)
    weeks = [e.week for e in programme.of_kind("workshop", "report-back")]
    assert weeks[0] == 1 and weeks == sorted(weeks)
    assert 12 <= programme.module_1_weeks <= 18


def test_event_ids_do_not_depend_on_dates():
    early, _ = plan("  start_date: 2027-01-12\n", diagnostic="  capacity: low\n")
    late, _ = plan("  start_date: 2027-09-07\n", diagnostic="  capacity: low\n")
    undated, _ = plan("", diagnostic="  capacity: low\n")
    assert [e.id for e in early.events] and {e.id for e in early.events} == {e.id for e in late.events} \
        == {e.id for e in undated.events}


# ---- date mistakes in the profile: file:line -------------------------------------------------


def test_a_start_date_on_a_weekend_is_an_error_at_its_line():
    problems, text = errors("  start_date: 2027-01-16\n")
    assert problems == [f"{PROFILE_PATH}:{line_of(text, 'schedule:') + 1}: 'schedule.start_date' is Saturday "
                        "16 January 2027, a Saturday (choose a working day, such as Monday 18 January 2027)"]


def test_a_workshop_date_on_a_bank_holiday_is_an_error_at_its_line():
    problems, text = errors("  start_date: 2027-03-01\n  dates:\n    vision: 2027-03-29\n", nation="wales")
    [problem] = problems
    assert problem.startswith(f"{PROFILE_PATH}:{line_of(text, 'vision: 2027')}: 'schedule.dates.vision' is Monday "
                              "29 March 2027, Easter Monday, a bank holiday in Wales")


def test_workshop_dates_out_of_order_are_an_error_at_the_later_ones_line():
    problems, text = errors("  start_date: 2027-02-02\n  dates:\n    vision: 2027-01-26\n")
    [problem] = problems
    assert problem.startswith(f"{PROFILE_PATH}:{line_of(text, 'vision: 2027')}: vision on Tuesday 26 January 2027 is not after concepts")


def test_a_date_for_a_workshop_the_charity_does_not_run_is_an_error():
    problems, text = errors("  start_date: 2027-02-02\n  dates:\n    policy-campaigns: 2027-06-01\n")
    [problem] = problems
    assert problem.startswith(f"{PROFILE_PATH}:{line_of(text, 'policy-campaigns: 2027')}: 'schedule.dates.policy-campaigns' gives a date, but the "
                              "programme has no policy-campaigns")


def test_workshop_dates_without_a_start_date_ask_for_one():
    problems, text = errors("  dates:\n    vision: 2027-03-02\n")
    [problem] = problems
    assert "there is no 'schedule.start_date'" in problem
    assert problem.startswith(f"{PROFILE_PATH}:{line_of(text, 'vision: 2027')}:")


def test_a_malformed_date_is_reported_by_the_profile_with_its_line():
    with pytest.raises(FacilitationError) as caught:
        plan("  start_date: 2027-02-30\n")
    line = line_of(profile_text("  start_date: 2027-02-30\n"), "start_date")
    assert [str(p) for p in caught.value.problems] == [
        f"{PROFILE_PATH}:{line}: 'schedule.start_date' must be a date like 2027-01-12, found text '2027-02-30'"]


def test_all_date_mistakes_are_reported_together():
    problems, _ = errors("  start_date: 2027-01-16\n  dates:\n    planning: 2027-05-31\n    debrief: 2027-06-01\n")
    assert len(problems) == 3  # a Saturday, the Spring bank holiday, and a workshop not in the programme
