"""The charity profile: its schema, defaults and the tailoring context (pure)."""

from __future__ import annotations

import re
from datetime import time
from typing import Any


from facilitation.content.vocabulary import WORKSHOP_IDS
from facilitation.errors import FacilitationError, Problem, Problems
from facilitation.model import SHORT_NAME_LENGTH, Branding, Profile
from facilitation.tailor import NOT_XML
from facilitation.profile.fields import (Choice, excerpt, node_lines, parse_yaml, Clock, Colour, Day, Flag, Items, Number,
                                         RepoPath, Section, Text, Where)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ACCESSIBILITY = ("large-print", "dyslexia-friendly", "captions", "bsl", "easy-read", "step-free",
                 "hearing-loop", "quiet-room")
JOURNEY = ("coercion", "educating", "informing", "consultation", "engagement", "co-design", "co-production")
DEFAULT_WORKSHOPS = ["concepts", "vision", "planning"]
MODULE_1_WORKSHOPS = ("concepts", "vision", "planning", "debrief")  # in the order they run
SMALL_GROUP = 8  # below this many people, activities use their small-group version
DELIVERY = ("in-person", "remote", "hybrid")
MODES = ("in-person", "remote")  # how one workshop is delivered
LANGUAGES = ("en", "cy")
INVOLVEMENT = ("none", "some", "established")  # lived-experience involvement in policy or research

class CoFacilitation(Flag):
    """`co_facilitation: true` (the first Module 1 workshop), false, or a list of workshop ids.
    A flag still, so the diagnostic form asks it as yes or no."""

    default = False
    expected = "true or false, or a list of workshops like [concepts, vision]"

    def check(self, value, node, where, problems):
        if isinstance(value, bool):
            return value
        if isinstance(value, list):
            return Items(item=Choice(options=WORKSHOP_IDS)).check(value, node, where, problems)
        return self.fail(value, where, problems)


def co_facilitated(setting: bool | list[str], workshops: list[str]) -> tuple[str, ...]:
    """The workshops a co-facilitator joins: true means the first Module 1 workshop the charity runs."""
    if setting is True:
        return tuple(w for w in MODULE_1_WORKSHOPS if w in workshops)[:1]
    return tuple(setting or ())


SCHEMA = Section(fields={
    "name": Text(required=True),
    "short_name": Text(max_length=SHORT_NAME_LENGTH),
    "nation": Choice(options=("england", "wales"), default="england"),
    # the pack's languages, the first language first: [en], or [cy, en] / [en, cy] for a bilingual pack
    "languages": Items(item=Choice(options=LANGUAGES), default=["en"]),
    "sector": Text(default="general"),
    "people_term": Text(default="the people we support", max_length=80),
    "group_size": Number(low=3, high=60, default=16),  # people taking part; small groups get small-group activities
    # true: the first Module 1 workshop is co-facilitated; or a list of the workshops that are
    "co_facilitation": CoFacilitation(),
    "co_facilitator": Section(fields={"name": Text(default="", max_length=60)}),
    "contact": Section(fields={"name": Text(default=""), "role": Text(default=""), "email": Text(default="")}),
    "facilitators": Items(item=Text(max_length=60)),
    "delivery": Choice(options=DELIVERY, default="in-person"),
    # hybrid: each workshop in person or online, as listed here (unlisted workshops run in person)
    "delivery_by_workshop": Section(fields={workshop: Choice(options=MODES) for workshop in WORKSHOP_IDS}),
    "venue": Text(default=""),
    "remote": Section(fields={
        "max_session_minutes": Number(low=45, high=180, default=90),
        "platform": Text(default="Zoom", max_length=40),
        "sessions_per_week": Number(low=1, high=5),  # default: content/rules/programme.yaml
    }),
    "workshops": Items(item=Choice(options=WORKSHOP_IDS), default=DEFAULT_WORKSHOPS),
    "schedule": Section(fields={
        "start_date": Day(),
        "start_time": Clock(),
        "dates": Section(fields={workshop: Day() for workshop in WORKSHOP_IDS}),
    }),
    "accessibility": Items(item=Choice(options=ACCESSIBILITY)),
    "branding": Section(fields={
        "primary": Colour(default="#1F4E79"),
        "secondary": Colour(default="#F2A900"),
        "logo": RepoPath(),
        "font": Text(default="Arial", max_length=40),
    }),
    "diagnostic": Section(fields={
        "senior_buy_in": Choice(options=("none", "partial", "strong"), default="partial"),
        "capacity": Choice(options=("low", "medium", "high"), default="medium"),
        "journey_stage": Choice(options=JOURNEY, default="consultation"),
        "barriers": Items(item=Text(max_length=300)),
        "opportunities": Items(item=Text(max_length=300)),
        "quick_wins": Items(item=Text(max_length=300)),
        "focus": Items(item=Choice(options=WORKSHOP_IDS)),
        # lived-experience involvement already in place: Modules 2 and 3 choose their level from it
        "policy_involvement": Choice(options=INVOLVEMENT, default="none"),
        "research_involvement": Choice(options=INVOLVEMENT, default="none"),
        "notes": Text(default="", max_length=5000),
    }),
})


def _check_xml(text: str, path: str, problems: Problems) -> None:
    """Refuse characters that no document can hold, wherever they are in the file."""
    for number, line in enumerate(text.splitlines(), start=1):
        if (bad := NOT_XML.search(line)):
            problems.add(path, number, f"character U+{ord(bad.group()):04X} cannot be stored in a document",
                         "remove it; it is often pasted in by accident")


def load_profile(text: str, path: str, slug: str) -> Profile:
    """Validate a profile's YAML text and fill in defaults. Raises every problem together."""
    if not SLUG.match(slug):
        raise FacilitationError([Problem(path, None, f"charity name '{slug}' must be lower-case letters, digits and hyphens")])
    problems = Problems()
    text = text.lstrip("\ufeff")
    _check_xml(text, path, problems)
    problems.raise_if_any()
    raw, node = parse_yaml(text, path)
    if raw is None:
        raise FacilitationError([Problem(path, 1, "the profile is empty", "it needs at least 'name: …'")])
    if not isinstance(raw, dict):
        found = "a list" if isinstance(raw, list) else excerpt(raw)  # never the whole file
        raise FacilitationError([Problem(path, 1, f"the profile must be a mapping of keys to values, found {found}")])
    data = SCHEMA.check(raw, node, Where(path, "", 1), problems)
    lines = node_lines(node)
    if not problems and data["delivery"] != "hybrid" and any(data["delivery_by_workshop"].values()):
        problems.add(path, lines.get("delivery_by_workshop"), "'delivery_by_workshop' only applies when "
                     f"delivery is hybrid, but it is {data['delivery']}",
                     "set delivery: hybrid, or remove delivery_by_workshop")
    if not problems and data["languages"] and "en" not in data["languages"]:
        problems.add(path, lines.get("languages"), "'languages' must include en: a Welsh pack is bilingual, "
                     "with English alongside", "write languages: [cy, en] for Welsh first")
    if not problems and isinstance(data["co_facilitation"], list):
        for workshop in data["co_facilitation"]:
            if workshop not in data["workshops"]:
                problems.add(path, lines.get("co_facilitation"), f"'co_facilitation' lists '{workshop}', which is not "
                             "one of the profile's workshops", "add it to 'workshops', or remove it here")
    data["languages"] = data["languages"] or ["en"]
    problems.raise_if_any()
    return _profile(data, path, slug, lines)


def _profile(data: dict[str, Any], path: str, slug: str, lines: dict[str, int]) -> Profile:
    data["short_name"] = data["short_name"] or data["name"]
    schedule = data["schedule"]
    start = schedule["start_time"]
    return Profile(
        slug=slug, path=path, name=data["name"], short_name=data["short_name"], nation=data["nation"],
        sector=data["sector"], people_term=data["people_term"],
        co_facilitated=co_facilitated(data["co_facilitation"], data["workshops"]), group_size=data["group_size"],
        co_facilitator_name=data["co_facilitator"]["name"], delivery=data["delivery"],
        remote_max_minutes=data["remote"]["max_session_minutes"], remote_platform=data["remote"]["platform"],
        workshops=tuple(data["workshops"]), start_date=schedule["start_date"],
        start_time=time(*map(int, start.split(":"))) if start else None,
        workshop_dates={k: v for k, v in schedule["dates"].items() if v}, accessibility=tuple(data["accessibility"]),
        branding=Branding(**data["branding"]), venue=data["venue"],
        facilitators=tuple(data["facilitators"]),
        delivery_by_workshop={k: v for k, v in data["delivery_by_workshop"].items() if v},
        sessions_per_week=data["remote"]["sessions_per_week"], languages=tuple(data["languages"]),
        data=data, lines=lines,
    )


def tailoring_context(profile: Profile) -> dict[str, Any]:
    """What content templates can see: the profile as data, plus a few derived values."""
    charity = dict(profile.data)
    charity["slug"] = profile.slug
    start = profile.start_date
    charity["start_year"] = start.year if start else None  # no year is typed in content
    charity["vision_year"] = start.year + 5 if start else None  # "by 2032": five years on from the start
    vocab = profile.sector_vocab
    charity["sector_vocab"] = vocab  # the sector's examples, case study, risks and who to involve
    charity["is_criminal_justice"] = (vocab.get("id") == "criminal-justice" if vocab else
                                      profile.sector.lower().replace(" ", "-") in ("criminal-justice", "justice"))
    charity["co_facilitated"] = list(profile.co_facilitated)
    charity["co_facilitation"] = profile.co_facilitation  # any workshop; a workshop's text sees its own
    charity["small_group"] = profile.group_size < SMALL_GROUP
    for key in ("policy_involvement", "research_involvement"):  # Modules 2 and 3 choose their level from these
        charity[key] = (profile.data.get("diagnostic") or {}).get(key, "none")
    return {"charity": charity}


def tailoring_for_workshop(context: dict[str, Any], profile: Profile, workshop_id: str) -> dict[str, Any]:
    """The tailoring context for one workshop's text: `charity.co_facilitation` says whether this
    workshop is co-facilitated, so only those decks, guides and notes give the co-facilitator parts."""
    return {**context, "charity": {**context["charity"], "co_facilitation": profile.co_facilitates(workshop_id)}}
