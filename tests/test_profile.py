"""The charity profile schema: defaults and messages, on strings."""

from __future__ import annotations

from datetime import date, time

import pytest

from facilitation.errors import FacilitationError
from facilitation.profile import load_profile, tailoring_context

PATH = "content/charities/acme.yaml"


def problems_of(text: str, slug: str = "acme") -> list[str]:
    with pytest.raises(FacilitationError) as caught:
        load_profile(text, PATH, slug)
    return [str(p) for p in caught.value.problems]


def test_defaults_fill_optional_keys():
    profile = load_profile("name: Acme Housing Association\n", PATH, "acme")
    assert profile.short_name == "Acme Housing Association"
    assert profile.delivery == "in-person"
    assert profile.remote_max_minutes == 90
    assert profile.workshops == ("concepts", "vision", "planning")
    assert profile.co_facilitation is False
    assert profile.branding.primary == "#1F4E79"
    context = tailoring_context(profile)["charity"]
    assert context["diagnostic"]["barriers"] == []
    assert context["co_facilitator"]["name"] == ""
    assert context["is_criminal_justice"] is False


def test_full_profile():
    profile = load_profile(
        "name: Northside\nsector: criminal-justice\nschedule: {start_date: 2027-01-12, start_time: '10:00',"
        " dates: {vision: 2027-02-09}}\nremote: {max_session_minutes: 75}\n", PATH, "acme")
    assert profile.start_date == date(2027, 1, 12)
    assert profile.start_time == time(10, 0)
    assert profile.workshop_dates == {"vision": date(2027, 2, 9)}
    assert profile.remote_max_minutes == 75
    assert tailoring_context(profile)["charity"]["is_criminal_justice"] is True


def test_unquoted_clock_time_is_understood():
    assert load_profile("name: X\nschedule: {start_time: 09:30}\n", PATH, "acme").start_time == time(9, 30)


@pytest.mark.parametrize("text, message", [
    ("", f"{PATH}:1: the profile is empty (it needs at least 'name: …')"),
    ("- a\n- b\n", f"{PATH}:1: the profile must be a mapping of keys to values, found a list"),
    ("short_name: X\n", f"{PATH}:1: missing required key 'name'"),
    ("name: X\nnmae: Y\n", f"{PATH}:2: unknown key 'nmae' (did you mean 'name'?)"),
    ("name: X\nworkshops: [concept]\n", f"{PATH}:2: 'workshops[0]' must be one of staff-session, concepts, vision, "
                                        "planning, debrief, policy-campaigns, research-evaluation, found text 'concept' "
                                        "(did you mean 'concepts'?)"),
    ("name: X\nbranding:\n  primary: blue\n", f"{PATH}:3: 'branding.primary' must be a colour like \"#1F4E79\", "
                                              "found text 'blue' (quote it in YAML, since # starts a comment)"),
    ("name: X\nschedule:\n  start_date: 2027-02-30\n", f"{PATH}:3: 'schedule.start_date' must be a date like 2027-01-12, found text '2027-02-30'"),
    ("name: X\ndelivery: online\n", f"{PATH}:2: 'delivery' must be one of in-person, remote, hybrid, found text 'online'"),
    ("name: X\nremote: {max_session_minutes: 20}\n", f"{PATH}:2: 'remote.max_session_minutes' must be a whole number from 45 to 180, found a number 20"),
    ("name: X\nbranding: {logo: ../../etc/passwd}\n", f"{PATH}:2: 'branding.logo' path '../../etc/passwd' leaves the repository "
                                                      "(give a path inside content/, like images/logo.png)"),
    ("name: [unclosed\n", None),
])
def test_bad_profiles(text, message):
    found = problems_of(text)
    if message is None:
        assert found[0].startswith(f"{PATH}:") and "not valid YAML" in found[0]
    else:
        assert message in found


def test_all_problems_are_reported_together():
    found = problems_of("nmae: X\ndelivery: online\nbranding: {primary: red}\n")
    assert len(found) == 4  # three bad keys and the missing name


def test_slug_must_be_simple():
    assert "lower-case letters, digits and hyphens" in problems_of("name: X\n", slug="Bad_Slug")[0]


def test_xml_unsafe_characters_in_profile_are_refused():
    assert "cannot be stored in a document" in problems_of("name: \"Bad\\x01Name\"\n")[0]


def test_hybrid_delivery_is_chosen_per_workshop():
    profile = load_profile("name: X\ndelivery: hybrid\ndelivery_by_workshop: {vision: remote, planning: in-person}\n",
                           PATH, "x")
    assert [w for w in ("concepts", "vision", "planning") if profile.online(w)] == ["vision"]
    remote = load_profile("name: X\ndelivery: remote\nremote: {sessions_per_week: 1}\n", PATH, "x")
    assert remote.online("concepts") and remote.sessions_per_week == 1
    assert not load_profile("name: X\n", PATH, "x").online("concepts")


@pytest.mark.parametrize("text, message", [
    ("name: X\ndelivery_by_workshop: {vision: remote}\n",
     f"{PATH}:2: 'delivery_by_workshop' only applies when delivery is hybrid, but it is in-person (set delivery: hybrid, or remove delivery_by_workshop)"),
    ("name: X\ndelivery: hybrid\ndelivery_by_workshop: {vision: online}\n",
     f"{PATH}:3: 'delivery_by_workshop.vision' must be one of in-person, remote, found text 'online'"),
    ("name: X\nremote: {sessions_per_week: 9}\n",
     f"{PATH}:2: 'remote.sessions_per_week' must be a whole number from 1 to 5, found a number 9"),
])
def test_delivery_mistakes_name_their_line(text, message):
    with pytest.raises(FacilitationError) as caught:
        load_profile(text, PATH, "x")
    assert str(caught.value.problems[0]) == message


def test_languages_default_to_english_and_keep_their_order():
    assert load_profile("name: A\n", "p.yaml", "a").languages == ("en",)
    assert load_profile("name: A\nlanguages: [cy, en]\n", "p.yaml", "a").languages == ("cy", "en")


def test_languages_must_include_english_and_name_known_ones():
    with pytest.raises(FacilitationError) as caught:
        load_profile("name: A\nlanguages: [cy]\n", "p.yaml", "a")
    assert "p.yaml:2" in str(caught.value) and "must include en" in str(caught.value)
    with pytest.raises(FacilitationError) as caught:
        load_profile("name: A\nlanguages: [fr, en]\n", "p.yaml", "a")
    assert "p.yaml:2" in str(caught.value)
