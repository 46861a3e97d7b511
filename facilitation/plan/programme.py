"""Programme dates: the package laid out in time, avoiding weekends and bank holidays (pure).

The order is fixed by the offer: an optional staff session, the Module 1 workshops, the
report-back and the final debrief, then Modules 2 and 3. The spacing comes from
content/rules/programme.yaml. Dates start at the profile's `schedule.start_date`; a date given
for one workshop (`schedule.dates`) wins, and what follows is spaced from it. Without any date
the programme counts in weeks ("Week 1", "Week 5" …) and has no calendar.

Between-workshop activities (content/activities/*.md) follow the workshop named by their
`after`. When the charity does not run that workshop, the activity follows the nearest earlier
workshop it does run (in the order of the offer); when there is none, it is left out.

Every event has an id that depends on what it is, never on its date, so a calendar built from
it keeps its UIDs when dates move.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from typing import Any, Mapping, Sequence

from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.errors import Problems
from facilitation.model import Activity, BankHolidays, Event, Package, Profile, Programme
from facilitation.plan.dates import (SUBDIVISIONS, WorkingDays, even_sessions, long_date,  # noqa: F401
                                     session_days, session_slots)
from facilitation.plan.package import TextWriter

PROGRAMME_RULES = "content/rules/programme.yaml"


# ---- the order and spacing of the steps ------------------------------------------------------


@dataclass
class _Step:
    id: str
    kind: str  # workshop | report-back
    module: int
    weeks_before: float  # after the previous step
    week: float = 0
    day: date | None = None
    last_day: date | None = None  # the last day of its sessions, when split


def _module_1_steps(package: Package, rules: Mapping[str, Any]) -> list[_Step]:
    spacing = rules["module_1"]
    ids = set(package.part_ids)
    workshops = [w for w in WORKSHOP_IDS if w in ids and w not in ("staff-session", "debrief")
                 and package.part(w).module == 1]

    def steps(gap: float) -> list[_Step]:
        result = []
        if "staff-session" in ids:
            result.append(_Step("staff-session", "workshop", 1, 0))
        for n, workshop in enumerate(workshops):
            before = (spacing["staff_session_weeks_before"] if result else 0) if n == 0 else gap
            result.append(_Step(workshop, "workshop", 1, before))
        if "report-back" in ids:
            result.append(_Step("report-back", "report-back", 1, spacing["report_back_weeks_after"] if result else 0))
        if "debrief" in ids:
            after = spacing["debrief_weeks_after"] if "report-back" in ids else spacing["report_back_weeks_after"]
            result.append(_Step("debrief", "workshop", 1, after if result else 0))
        return result

    gap = spacing["weeks_between_workshops"]
    span = spacing["span_weeks"]
    candidates = [gap["preferred"]]
    candidates += [gap["preferred"] + n for n in range(1, int(gap["max"] - gap["preferred"]) + 1)]
    candidates += [gap["preferred"] - n for n in range(1, int(gap["preferred"] - gap["min"]) + 1)]
    for weeks in candidates:
        chosen = steps(weeks)
        total = sum(s.weeks_before for s in chosen[1:])
        if span["min"] <= total <= span["max"]:
            return chosen
    return steps(gap["preferred"])  # too few workshops to fill the span: keep the usual rhythm


def _extension_steps(package: Package, rules: Mapping[str, Any], after_module_1: bool) -> list[_Step]:
    spacing = rules["extensions"]
    steps = []
    for part in package.parts:
        if part.is_workshop and part.module in (2, 3):
            before = spacing["weeks_between"] if steps else (spacing["weeks_after_module_1"] if after_module_1 else 0)
            steps.append(_Step(part.id, "workshop", part.module, before))
    return steps


# ---- dates -----------------------------------------------------------------------------------


class _Dates:
    """Dates for the steps, and the profile's date mistakes with their lines."""

    def __init__(self, profile: Profile, lines: Mapping[str, int], problems: Problems,
                 known: BankHolidays | None = None):
        self.profile, self.lines, self.problems = profile, lines, problems
        self.days = WorkingDays(profile.nation, known)

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.problems.add(self.profile.path, self.lines.get(key), message, hint)

    def given(self, key: str, day: date) -> bool:
        """A date typed in the profile must be a working day: say which is, rather than move it."""
        why = self.days.why_not(day)
        if why:
            self.problem(key, f"'{key}' is {long_date(day)}, {why}",
                         f"choose a working day, such as {long_date(self.days.on_or_after(day))}")
        return not why

    def check_dates_match(self, steps: list[_Step]) -> None:
        ids = {s.id for s in steps}
        for workshop in self.profile.workshop_dates:
            if workshop not in ids:
                self.problem(f"schedule.dates.{workshop}",
                             f"'schedule.dates.{workshop}' gives a date, but the programme has no {workshop}",
                             f"add {workshop} to 'workshops', or remove the date")

    def assign(self, steps: list[_Step], sessions: Mapping[str, int], per_week: int) -> bool:
        """Give every step a date; False when the programme cannot be dated yet.

        `sessions` counts the online sessions of a step delivered online: they are spaced from its
        first (`session_days`), and the next step must come after the last of them.
        """
        overrides = self.profile.workshop_dates
        start = self.profile.start_date
        if start is not None:
            self.given("schedule.start_date", start)
        elif steps and steps[0].id not in overrides:
            if overrides:
                first = next(iter(overrides))
                self.problem(f"schedule.dates.{first}", "dates are given for some workshops but there is no "
                             "'schedule.start_date'", "add schedule.start_date: the date of the first session")
            return False
        previous: _Step | None = None
        for step in steps:
            override = overrides.get(step.id)
            if override is not None:
                self.given(f"schedule.dates.{step.id}", override)
                step.day = override
            elif previous is None:
                step.day = start
            else:
                earliest = previous.day + timedelta(days=round(step.weeks_before * 7))
                if previous.last_day > previous.day:  # online sessions: a week after the last, at least
                    earliest = max(earliest, previous.last_day + timedelta(days=7))
                step.day = self.days.on_or_after(earliest)
            if previous is not None and step.day <= previous.last_day:
                key = f"schedule.dates.{step.id}" if override else "schedule.start_date"
                self.problem(key, f"{step.id} on {long_date(step.day)} is not after {previous.id} "
                             f"on {long_date(previous.last_day)}", "the programme runs in the order of the offer")
            step.last_day = session_days(self.days, step.day, sessions.get(step.id, 1), per_week)[-1]
            previous = step
        return True


def _weeks(steps: list[_Step]) -> None:
    week = 0.0
    for step in steps:
        week += step.weeks_before
        step.week = week


def _week_of(first: date | None, day: date | None, fallback: float) -> int:
    if first is None or day is None:
        return int(fallback) + 1
    return (day - first).days // 7 + 1


# ---- the programme ---------------------------------------------------------------------------


def sessions_per_week(profile: Profile, rules: Mapping[str, Any]) -> int:
    """The spacing rule: the profile's remote.sessions_per_week, else content/rules/programme.yaml's."""
    return profile.sessions_per_week or rules["remote"]["sessions_per_week"]


def plan_programme(profile: Profile, package: Package, rules: Mapping[str, Any], *,
                   titles: Mapping[str, str], times: Mapping[str, tuple[time, int]],
                   activities: Sequence[Activity] = (), sessions: Mapping[str, Sequence[int]] | None = None,
                   lines: Mapping[str, int] | None = None, calendar_file: str = "",
                   holidays: BankHolidays | None = None) -> Programme:
    """Lay the package out in time as sittings, with the programme's wording tailored to the charity.

    Every event but work due is a sitting people attend: a workshop day in person, or one online
    session of a workshop delivered online (`Profile.online`); the report-back (online when the
    delivery is remote) and the check-in calls. No online sitting is longer than the profile's
    remote.max_session_minutes.

    titles: workshop id -> title; times: workshop id -> (start, minutes) from its agenda;
    sessions: workshop id -> minutes of each online session of a workshop split from its content;
    lines: the profile's dotted keys -> line numbers, for `file:line` errors about its dates;
    calendar_file: the name of the programme's calendar file, as its wording gives it.
    Raises FacilitationError for date mistakes in the profile.
    """
    problems = Problems()
    per_week = sessions_per_week(profile, rules)
    text = programme_text(profile, rules, calendar_file=calendar_file,
                          spacing={"online": any(profile.online(w) for w in WORKSHOP_IDS), "per_week": per_week})
    module_1 = _module_1_steps(package, rules)
    steps = module_1 + _extension_steps(package, rules, bool(module_1))
    _weeks(steps)
    dates = _Dates(profile, lines or {}, problems, holidays)
    dates.check_dates_match(steps)
    start_time = profile.start_time or _clock(rules["workshop_day"]["start"])
    timing = {step.id: _sitting_minutes(step, package, profile, rules, times, sessions or {}) for step in steps}
    dated = dates.assign(steps, {w: len(m) for w, m in timing.items()}, per_week)
    problems.raise_if_any()
    first = steps[0].day if steps and dated else None

    events: list[Event] = []
    for step in steps:
        minutes = timing[step.id]
        if step.kind == "report-back":  # online only when the whole delivery is (hybrid: in a room)
            events.append(Event("report-back", "report-back", text["report_back"], _week_of(first, step.day, step.week),
                                step.day, start_time, minutes[0], 1, summary=text["report_back_summary"],
                                online=profile.delivery == "remote"))
            continue
        start = times.get(step.id, (start_time, 0))[0]
        title = titles.get(step.id, package.part(step.id).title)
        if profile.online(step.id):
            events += _sessions(step, minutes, title, start, first, per_week, dates.days, text)
        else:
            events.append(Event(step.id, "workshop", title, _week_of(first, step.day, step.week), step.day, start,
                                minutes[0], step.module, workshop=step.id))
    check_in_minutes = min(rules["check_in"]["minutes"], profile.remote_max_minutes)
    events += _check_ins(module_1, package.check_ins, first, dates.days, rules, text, check_in_minutes)
    due, dropped = _activities(activities, module_1, first, dates.days, text)
    events += due
    order = {"workshop": 0, "session": 1, "report-back": 2, "check-in": 3, "due": 4}
    events.sort(key=lambda e: (e.day or date.min, e.week, e.start or time.max, order[e.kind], e.id))
    return Programme(tuple(events), dated, dropped, any(e.kind == "session" for e in events), text,
                     rules["short_titles"], per_week=per_week, milestones=_milestones(events, titles, package))


def _milestones(events: Sequence[Event], titles: Mapping[str, str], package: Package) -> tuple[Event, ...]:
    """The programme's main steps for its timeline: each workshop (online: where its first session
    is, under the workshop's own id and title) and the report-back."""
    result = []
    for event in events:
        if event.kind in ("workshop", "report-back"):
            result.append(event)
        elif event.kind == "session" and event.session == 1:
            title = titles.get(event.workshop) or package.part(event.workshop).title
            result.append(replace(event, id=event.workshop, kind="workshop", title=title))
    return tuple(result)


def _sitting_minutes(step: _Step, package: Package, profile: Profile, rules: Mapping[str, Any],
                     times: Mapping[str, tuple[time, int]], sessions: Mapping[str, Sequence[int]]) -> list[int]:
    """The length of each sitting of a step: one day in person, or its online sessions."""
    maximum = profile.remote_max_minutes
    if step.kind == "report-back":
        if profile.delivery == "remote":
            return [min(rules["report_back"]["online_minutes"], maximum)]
        return [rules["report_back"]["minutes"]]
    if profile.online(step.id) and sessions.get(step.id):
        return list(sessions[step.id])
    day = rules["workshop_day"]["minutes"]
    minutes = times[step.id][1] if step.id in times else int(day * package.part(step.id).days) or day
    # a proposed workshop the pack does not build has no blocks to cut at: share its time evenly
    return even_sessions(minutes, maximum) if profile.online(step.id) else [minutes]


def programme_text(profile: Profile, rules: Mapping[str, Any], keys: Sequence[str] | None = None,
                   **extra: Any) -> dict[str, str]:
    """The programme's wording (content/rules/programme.yaml), tailored to the charity."""
    spacing = {"online": False, "per_week": rules["remote"]["sessions_per_week"]}  # plan_programme passes the real one
    write = TextWriter(profile, PROGRAMME_RULES, {"calendar_file": "", "spacing": spacing, **extra})
    return {key: write(value) for key, value in rules["text"].items() if keys is None or key in keys}


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _sessions(step: _Step, split: list[int], title: str, start: time, first: date | None, per_week: int,
              days: WorkingDays, text: Mapping[str, str]) -> list[Event]:
    """A workshop delivered online: its sessions, spaced by the spacing rule, at the same time."""
    slots = session_slots(days, step.day, len(split), start, per_week)
    return [Event(f"{step.id}-session-{n}", "session", f"{title} — {text['session']} {n} of {len(split)}",
                  _week_of(first, day, step.week + (n - 1) // per_week), day, clock, minutes, step.module,
                  workshop=step.id, session=n, sessions=len(split), online=True)
            for n, (minutes, (day, clock)) in enumerate(zip(split, slots), start=1)]


def _check_ins(steps: list[_Step], per_gap: int, first: date | None, days: WorkingDays,
               rules: Mapping[str, Any], text: Mapping[str, str], minutes: int) -> list[Event]:
    """Check-in calls spread evenly between Module 1 sessions, up to the report-back."""
    events = []
    clock = _clock(rules["check_in"]["time"])
    upto = [s for s in steps if s.id != "debrief"]
    for before, after in zip(upto, upto[1:]):
        for k in range(1, per_gap + 1):
            event_id = f"check-in-{before.id}-{k}"
            if before.day and after.day:
                begin = before.last_day
                day = days.on_or_after(begin + (after.day - begin) * k / (per_gap + 1))
                if not begin < day < after.day:
                    continue
                week = _week_of(first, day, 0)
            else:
                day, week = None, int(before.week + (after.week - before.week) * k / (per_gap + 1)) + 1
            events.append(Event(event_id, "check-in", text["check_in"], week, day, clock,
                                minutes, 1, workshop=before.id,
                                summary=text["check_in_summary"], online=True))
    return events


def follows(activity: Activity, runs: Sequence[str]) -> str | None:
    """The workshop an activity follows: its own, else the nearest earlier one the charity runs."""
    if activity.after in runs:
        return activity.after
    earlier = WORKSHOP_IDS[:WORKSHOP_IDS.index(activity.after)] if activity.after in WORKSHOP_IDS else ()
    return next((w for w in reversed(earlier) if w in runs), None)


def _activities(activities: Sequence[Activity], steps: list[_Step], first: date | None, days: WorkingDays,
                text: Mapping[str, str]) -> tuple[list[Event], tuple[str, ...]]:
    """Due dates for the core team's work: due_days after its workshop, and before the next session."""
    runs = [s.id for s in steps if s.kind == "workshop"]
    events, dropped = [], []
    for activity in activities:
        workshop = follows(activity, runs)
        if workshop is None:
            dropped.append(activity.id)
            continue
        index = next(i for i, s in enumerate(steps) if s.id == workshop)
        step, following = steps[index], steps[index + 1] if index + 1 < len(steps) else None
        if step.day:
            day = days.on_or_before(step.day + timedelta(days=activity.due_days))
            if following and following.day and day >= following.day:
                day = days.on_or_before(following.day - timedelta(days=1))
            day = max(day, step.last_day)
            week = _week_of(first, day, 0)
        else:
            day, due = None, step.week + activity.due_days / 7
            if following and due >= following.week:
                due = following.week - 1 / 7
            week = int(max(due, step.week)) + 1
        events.append(Event(f"due-{activity.id}", "due", f"{text['due']}: {activity.title}", week, day, None, 0,
                            1, workshop=workshop, summary=activity.summary))
    return events, tuple(dropped)
