"""Sector vocabulary (content/sectors.yaml): each sector's examples, case study, barriers, risks
and who to involve, and the free-text names a profile's `sector` may use for it (pure)."""

from __future__ import annotations

import re
from typing import Any

from facilitation.errors import FacilitationError, Problem, Problems
from facilitation.profile.fields import Items, Section, Text, Where, parse_yaml

SECTORS_FILE = "sectors.yaml"
GENERAL = "general"  # the default, used when a profile's sector matches no other

_POINTS = Items(item=Text(max_length=200), unique=False)
SECTOR = Section(fields={
    "name": Text(required=True, max_length=60),
    "aliases": Items(item=Text(max_length=60)),
    "people": Text(required=True, max_length=120),
    "service": Text(required=True, max_length=120),
    "examples": _POINTS,
    "content_warning": Text(default="", max_length=300),
    # title_cy: the slide title in Welsh, for a pack in Welsh (concepts.cy.md); "" when not given,
    # and then the English title stands alone
    "case_study": Section(fields={"title": Text(required=True, max_length=80),
                                  "title_cy": Text(default="", max_length=80), "points": _POINTS,
                                  "notes": Text(required=True, max_length=2000),
                                  "warning": Text(required=True, max_length=300)}),
    "barriers": Section(fields={"title": Text(required=True, max_length=80),
                                "title_cy": Text(default="", max_length=80), "points": _POINTS,
                                "notes": Text(required=True, max_length=2000)}),
    "risks": Section(fields={"title": Text(required=True, max_length=80), "points": _POINTS,
                             "notes": Text(required=True, max_length=2000)}),
    "involve": Items(item=Section(fields={"who": Text(required=True, max_length=80),
                                          "how": Text(required=True, max_length=120)}), unique=False),
})


def normal(text: str) -> str:
    """Lower case, hyphens and underscores as spaces, runs of spaces as one."""
    return " ".join(re.sub(r"[-_/&,]+", " ", text.lower()).split())


def load_sectors(text: str, path: str) -> dict[str, dict[str, Any]]:
    """Every sector by id, checked, each with its id. Raises every problem together."""
    raw, node = parse_yaml(text, path)
    if not isinstance(raw, dict) or not raw:
        raise FacilitationError([Problem(path, 1, "the sectors file must map sector ids to their vocabulary")])
    problems = Problems()
    nodes = {k.value: (k, v) for k, v in node.value}
    sectors: dict[str, dict[str, Any]] = {}
    for sector_id, value in raw.items():
        key, value_node = nodes[str(sector_id)]
        checked = SECTOR.check(value, value_node, Where(path, str(sector_id), key.start_mark.line + 1), problems)
        sectors[str(sector_id)] = {"id": str(sector_id), **checked}
    if GENERAL not in sectors:
        problems.add(path, 1, f"there is no '{GENERAL}' sector", "it is the default for profiles that match none")
    seen: dict[str, str] = {}
    for sector_id, sector in sectors.items():
        for alias in [sector_id, *sector["aliases"]]:
            other = seen.setdefault(normal(alias), sector_id)
            if other != sector_id:
                problems.add(path, key_line(node, sector_id), f"'{alias}' names both '{other}' and '{sector_id}'")
    problems.raise_if_any()
    return sectors


def key_line(node, sector_id: str) -> int:
    return next(k.start_mark.line + 1 for k, _ in node.value if k.value == sector_id)


def match_sector(sector: str, sectors: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The sector a profile's free text names: an exact alias first, else the longest alias the
    text contains as whole words ("adult mental health services" is mental health); None if none."""
    wanted = normal(sector)
    names = {normal(alias): s for s in sectors.values() for alias in [s["id"], *s["aliases"]]}
    if wanted in names:
        return names[wanted]
    contained = [alias for alias in names if alias and re.search(rf"\b{re.escape(alias)}\b", wanted)]
    return names[max(contained, key=len)] if contained else None
