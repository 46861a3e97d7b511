"""The remote split (pure): random agendas and maxima, checked against what the issue promises."""

from __future__ import annotations

import itertools
from datetime import datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.content.remote import load_remote_content
from facilitation.errors import FacilitationError, Problems
from facilitation.model import Block, Pack, Slide, Workshop
from facilitation.plan.dates import WorkingDays, session_days, session_slots
from facilitation.plan.remote import SessionFrame, choose_sessions, online_units, plan_remote, split_workshop
from facilitation.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = (ROOT / "content" / "remote" / "sessions.md").read_text("utf-8")
PATH = "content/workshops/concepts.md"


def slide(n: int) -> Slide:
    return Slide(f"s{n}", f"Slide {n}", "Title and Content", (), (), 1000 + n)


def block(n: int, minutes: int, remote: str | int = "keep", kind: str = "exercise", slides: int = 1) -> Block:
    return Block(f"b{n}", f"Block {n}", minutes, kind, "facilitator", remote, (),
                 tuple(slide(100 * n + s) for s in range(slides)), line=10 * (n + 1))


def workshop(blocks: list[Block]) -> Workshop:
    return Workshop("concepts", "Workshop one: Concepts", 1, 1, sum(b.duration for b in blocks), time(9, 30), "",
                    (), (), tuple(blocks), PATH, online=True)


blocks_strategy = st.lists(
    st.builds(lambda minutes, remote, kind, slides: (minutes, remote, kind, slides),
              st.integers(0, 150),
              st.one_of(st.just("keep"), st.just("drop"), st.integers(0, 150)),
              st.sampled_from(["exercise", "presentation", "break"]),
              st.integers(0, 6)),
    min_size=1, max_size=9)
frames = st.builds(SessionFrame, opening=st.integers(0, 20), welcome=st.integers(0, 15), recap=st.integers(0, 15),
                   close=st.integers(0, 15), pause=st.integers(5, 10), break_after=st.integers(30, 180))
maxima = st.integers(45, 180)


def make(spec) -> Workshop:
    return workshop([block(n, m, r, k, s) for n, (m, r, k, s) in enumerate(spec)])


def split_or_error(w: Workshop, frame: SessionFrame, maximum: int):
    try:
        return split_workshop(w, frame, maximum)
    except FacilitationError as error:
        return error


@settings(max_examples=300, deadline=None)
@given(blocks_strategy, frames, maxima)
def test_every_kept_block_appears_once_in_order_and_sessions_fit(spec, frame, maximum):
    w = make(spec)
    result = split_or_error(w, frame, maximum)
    if isinstance(result, FacilitationError):
        # only a block too long for any session, that cannot be cut at its slides, stops the split
        for problem in result.problems:
            assert problem.path in (PATH, frame.path)
        return
    sessions, dropped = result
    assert [b for b in w.blocks if b.remote == "drop"] == dropped
    pieces = [p for session in sessions for p in session]
    kept = [b for b in w.blocks if b.remote != "drop"]
    # the pieces, read in order, give back every kept block once, whole or in consecutive parts
    regrouped: list[tuple[Block, tuple]] = []
    for piece in pieces:
        if regrouped and regrouped[-1][0] is piece.block:
            regrouped[-1] = (piece.block, regrouped[-1][1] + piece.slides)
        else:
            regrouped.append((piece.block, piece.slides))
    assert [b for b, _ in regrouped] == kept
    assert all(slides == b.slides for b, slides in regrouped)
    for b in kept:
        parts = [p for p in pieces if p.block is b]
        assert [p.part for p in parts] == list(range(1, len(parts) + 1))
        assert all(p.parts == len(parts) for p in parts)
        expected = b.duration if b.remote == "keep" else b.remote
        assert sum(p.minutes for p in parts) == expected
        if len(parts) > 1:
            assert "(part 1 of" in parts[0].title
    for number, session in enumerate(sessions, start=1):
        assert session, "no empty sessions"
        minutes, _ = frame.call_minutes(sum(p.minutes for p in session), number == 1, any(p.is_break for p in session))
        assert minutes <= maximum


def brute_force(minutes: list[int], breaks: list[bool], frame: SessionFrame, maximum: int,
                avoid: list[bool] | None = None):
    """The best (short sessions, cuts to avoid, sessions, sum of squares) over every way of cutting the units."""
    best = None
    n = len(minutes)
    avoid = avoid or [False] * n
    for cuts in itertools.product((False, True), repeat=n - 1):
        bounds = [0] + [i + 1 for i, cut in enumerate(cuts) if cut] + [n]
        lengths = []
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            length, _ = frame.call_minutes(sum(minutes[a:b]), k == 0, any(breaks[a:b]))
            lengths.append(length)
        if max(lengths) <= maximum:
            short = sum(1 for x in lengths if x < frame.minimum) if len(lengths) > 1 else 0
            cost = (short, sum(1 for b in bounds[1:-1] if avoid[b]), len(lengths), sum(x * x for x in lengths))
            best = cost if best is None or cost < best else best
    return best


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 90), st.booleans()), min_size=1, max_size=9), frames, maxima)
def test_the_split_has_no_short_session_then_the_fewest_then_the_most_even(units, frame, maximum):
    minutes = [m for m, _ in units]
    breaks = [b for _, b in units]
    expected = brute_force(minutes, breaks, frame, maximum)
    sessions = choose_sessions(minutes, breaks, frame, maximum)
    if expected is None:
        assert sessions is None
        return
    assert sessions is not None
    assert [i for s in sessions for i in s] == list(range(len(minutes)))
    lengths = [frame.call_minutes(sum(minutes[i] for i in s), k == 0, any(breaks[i] for i in s))[0]
               for k, s in enumerate(sessions)]
    assert max(lengths) <= maximum
    short = sum(1 for x in lengths if x < frame.minimum) if len(lengths) > 1 else 0
    assert (short, 0, len(lengths), sum(x * x for x in lengths)) == expected


@settings(max_examples=200, deadline=None)
@given(blocks_strategy, frames, maxima)
def test_split_minimal_over_the_workshops_own_units(spec, frame, maximum):
    """The same minimality, end to end: from a workshop's blocks to its sessions."""
    w = make(spec)
    problems = Problems()
    units, _ = online_units(w, frame, maximum, problems)
    if problems or not units or len(units) > 10:
        return
    sessions, _ = split_workshop(w, frame, maximum)
    avoid = [n > 0 and u.parts == 0 and units[n - 1].block is u.block for n, u in enumerate(units)]
    expected = brute_force([u.minutes for u in units], [u.is_break for u in units], frame, maximum, avoid)
    lengths = [frame.call_minutes(sum(p.minutes for p in s), k == 0, any(p.is_break for p in s))[0]
               for k, s in enumerate(sessions)]
    short = sum(1 for x in lengths if x < frame.minimum) if len(lengths) > 1 else 0
    fitting = {id(u.block) for u in units if u.parts == 0}  # blocks that would fit one session whole
    inner = sum(1 for a, b in zip(sessions, sessions[1:]) if a[-1].block is b[0].block and id(b[0].block) in fitting)
    assert (short, inner, len(sessions), sum(x * x for x in lengths)) == expected


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 1), st.integers(46, 400), maxima)
def test_a_long_block_that_cannot_be_cut_names_its_file_and_line(slides, minutes, maximum):
    frame = SessionFrame()
    long_block = block(3, minutes, slides=slides)
    w = workshop([block(1, 20), block(2, 10), long_block])
    if frame.fits_alone(minutes, False, maximum):
        assert split_workshop(w, frame, maximum)
        return
    with pytest.raises(FacilitationError) as caught:
        split_workshop(w, frame, maximum)
    message = str(caught.value)
    assert message.startswith(f"{PATH}:{long_block.line}: block 'Block 3' runs {minutes} minutes online")
    assert f"room for {frame.room(maximum)}" in message
    assert "remote=" in message  # the hint says how to fix it


def test_a_long_block_with_slides_is_split_at_them_in_proportion():
    frame = SessionFrame()  # 15 minutes of frame; a break above 60 minutes
    w = workshop([block(1, 20), block(2, 120, slides=4), block(3, 10)])
    sessions, _ = split_workshop(w, frame, 75)
    parts = [p for s in sessions for p in s if p.block.id == "b2"]
    assert len(parts) >= 3
    assert [p.title for p in parts][0] == f"Block 2 (part 1 of {len(parts)})"
    assert sum(len(p.slides) for p in parts) == 4
    assert all(p.minutes == 30 * len(p.slides) for p in parts)  # 120 minutes over 4 slides


def test_remote_minutes_replace_the_duration_and_drop_removes():
    w = workshop([block(1, 30), block(2, 45, remote="drop"), block(3, 60, remote=20)])
    sessions, dropped = split_workshop(w, SessionFrame(), 90)
    assert [b.id for b in dropped] == ["b2"]
    assert [[(p.block.id, p.minutes) for p in s] for s in sessions] == [[("b1", 30), ("b3", 20)]]


def test_a_frame_too_long_for_the_session_is_reported_in_the_sessions_file():
    frame = SessionFrame(opening=20, welcome=15, recap=15, close=15, line=7)
    with pytest.raises(FacilitationError) as caught:
        split_workshop(workshop([block(1, 10)]), frame, 45)
    assert str(caught.value).startswith("content/remote/sessions.md:7: the welcome, recap and close take 45 minutes")


def test_sessions_go_on_working_days_at_most_so_many_a_week():
    from datetime import date
    friday, days = date(2027, 2, 5), WorkingDays("england")
    assert session_days(days, friday, 3, 1) == [friday, date(2027, 2, 12), date(2027, 2, 19)]
    assert session_days(days, friday, 3, 2) == [friday, date(2027, 2, 8), date(2027, 2, 12)]
    # Good Friday and Easter Monday 2027 move a session, never closer than two days to the next
    assert session_days(days, date(2027, 3, 23), 4, 2) == [date(2027, 3, 23), date(2027, 3, 30),
                                                          date(2027, 4, 1), date(2027, 4, 6)]
    assert [day for day, _ in session_slots(days, None, 2, time(10), 2)] == [None, None]


def test_a_short_session_is_avoided_by_cutting_inside_a_block_that_would_fit():
    # 60-minute sessions: blocks of 40, 10 and 40 (4 slides) cannot go whole without a 25-minute session
    w = workshop([block(1, 40), block(2, 10), block(3, 40, slides=4)])
    sessions, _ = split_workshop(w, SessionFrame(), 60)
    frame = SessionFrame()
    lengths = [frame.call_minutes(sum(p.minutes for p in s), k == 0, False)[0] for k, s in enumerate(sessions)]
    assert min(lengths) >= 30 and max(lengths) <= 60
    assert any(p.parts == 2 for s in sessions for p in s if p.block.id == "b3")


# ---- sessions in time, with their frame (the real content/remote/sessions.md) ------------------

PROFILE = """name: Test Charity
delivery: remote
remote: {{max_session_minutes: {maximum}, platform: Zoom}}
workshops: [concepts]
schedule: {{start_date: 2027-02-05, start_time: "10:00"}}
"""


def pack_for(w: Workshop, maximum: int) -> Pack:
    profile = load_profile(PROFILE.format(maximum=maximum), "content/charities/test.yaml", "test")
    return Pack(profile, (w,), {}, (), ROOT / "content", ROOT / "templates", datetime(2027, 1, 1), remote=True)


CONTENT = load_remote_content(SESSIONS, "content/remote/sessions.md")


@settings(max_examples=40, deadline=None)
@given(blocks_strategy, maxima)
def test_every_session_opens_with_a_welcome_and_ends_with_a_close(spec, maximum):
    w = make(spec)
    try:
        plans = plan_remote(pack_for(w, maximum), CONTENT)
    except FacilitationError:
        return  # an unsplittable block or nothing left online: covered above
    plan = plans["concepts"]
    minutes = CONTENT.minutes
    for session in plan.sessions:
        roles = [item.role for item in session.items]
        opening = ["opening"] if session.number == 1 else ["welcome", "recap"]
        assert roles[: len(opening)] == opening
        assert roles[-1] == "close"
        assert session.minutes <= maximum
        assert session.title == f"Workshop one: Concepts — session {session.number} of {len(plan.sessions)}"
        for item, following in zip(session.items, session.items[1:]):
            assert item.end == following.start
        has_break_block = any(p.is_break for p in session.pieces)
        framed = session.minutes - (minutes["break"] if "break" in roles else 0)
        assert ("break" in roles) == (framed > CONTENT.meta["break_after"] and not has_break_block)
        for item in session.items:
            if item.role != "block":
                assert item.part is not None and item.part.slides and item.minutes == minutes[item.role]
    assert plan.sessions[0].date.isoformat() == "2027-02-05"  # the programme's first workshop starts it


def test_the_break_goes_between_blocks_near_the_middle():
    # 10 minutes' opening, blocks of 15, 20 and 40, a 5-minute close: the middle is 45 minutes in
    w = workshop([block(1, 15), block(2, 20), block(3, 40)])
    sessions = plan_remote(pack_for(w, 120), CONTENT)["concepts"].sessions
    assert len(sessions) == 1
    session = sessions[0]
    assert [i.role for i in session.items] == ["opening", "block", "block", "break", "block", "close"]
    assert f"{session.items[3].start:%H:%M}" == "10:45" and session.minutes == 95


def test_a_single_long_block_takes_its_break_between_its_slides():
    w = workshop([block(1, 20), block(2, 55, slides=4), block(3, 20)])
    plan = plan_remote(pack_for(w, 75), CONTENT)["concepts"]
    session = next(s for s in plan.sessions if any(p.block.id == "b2" for p in s.pieces))
    shown = [(i.role, i.title, len(i.slides)) for i in session.items if i.role in ("block", "break")]
    assert shown == [("block", "Block 2", 2), ("break", "Break", 0), ("block", "Block 2 (continued)", 2)]
    assert len(session.pieces) == 1


# ---- the session frame file ------------------------------------------------------------------


def test_the_real_sessions_file_loads():
    assert CONTENT.minutes == {"opening": 10, "welcome": 5, "recap": 5, "break": 5, "close": 5}
    assert CONTENT.guidance_roles == ("send-ahead", "checks", "roles")


def problems_in(text: str) -> list[str]:
    with pytest.raises(FacilitationError) as caught:
        load_remote_content(text, "content/remote/sessions.md")
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_mistakes_in_the_sessions_file_name_their_line():
    text = (SESSIONS.replace("{role=break duration=5}", "{role=break duration=20}")
            .replace("{role=recap duration=5}", "{role=recapp duration=5}")
            .replace("::: plan\n- **Host**", "::: plann\n- **Host**")
            .replace("break_after: 60", "break_after: 600"))
    found = problems_in(text)
    path = "content/remote/sessions.md"
    assert f"{path}:{line_of(text, 'role=break')}: the 'break' part must take 5 to 10 minutes, found '20'" in found
    recap = line_of(text, 'role=recapp')
    assert any(p.startswith(f"{path}:{recap}: part 'Recap of last time' has unknown role 'recapp'")
               and "did you mean 'recap'" in p for p in found)
    assert any(p.startswith(f"{path}:{line_of(text, '::: plann')}: unknown fence '::: plann'") for p in found)
    line = line_of(text, 'break_after: 600')
    assert f"{path}:{line}: 'break_after' must be from 30 to 180 minutes, found 600" in found
    assert f"{path}: no part has role=recap (add a '# … {{role=recap}}' heading)" in found


def test_an_undefined_variable_in_the_frame_names_its_line():
    text = SESSIONS.replace("- We finish at {{ session.end }}", "- We finish at {{ session.ending }}")
    content = load_remote_content(text, "content/remote/sessions.md")
    w = workshop([block(1, 30), block(2, 30), block(3, 30)])
    with pytest.raises(FacilitationError) as caught:
        plan_remote(pack_for(w, 60), content)
    assert [str(p) for p in caught.value.problems] == [
        f"content/remote/sessions.md:{line_of(text, 'session.ending')}: unknown name 'session.ending' "
        "(did you mean 'session.end'?)"]
