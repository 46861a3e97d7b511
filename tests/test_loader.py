"""The content loader and its validation, on strings."""

from __future__ import annotations

import pytest

from facilitation.content.markdown import parse_body
from facilitation.content.vocabulary import parse_duration
from facilitation.content.workshop import load_source, load_workshop
from facilitation.errors import FacilitationError, Problems
from facilitation.model import BulletList, ColumnBreak, Diagram, Image, Paragraph, Quote, Table

CONTEXT = {"charity": {"short_name": "Northside", "people_term": "people who use our services",
                       "co_facilitation": True, "is_criminal_justice": False}}

GOOD = """---
id: concepts
title: "Workshop one: Concepts"
module: 1
sequence: 1
length: 1h05
start: "09:30"
---

# Welcome {duration=20 kind=opening lead=both}

::: facilitator
Set the tone.
:::

## Welcome, {{ charity.short_name }}
- Why we are here
  - with {{ charity.people_term }}
- How today will run

::: notes
Say **hello** and *smile*.
:::

# Lunch {duration=45 kind=break remote=drop}
"""


def problems_of(text: str, context=CONTEXT) -> list[str]:
    with pytest.raises(FacilitationError) as caught:
        load_workshop(text, "content/workshops/concepts.md", context)
    return [str(p) for p in caught.value.problems]


def test_a_good_workshop_loads_with_blocks_slides_and_lines():
    workshop = load_workshop(GOOD, "content/workshops/concepts.md", CONTEXT)
    assert [b.title for b in workshop.blocks] == ["Welcome", "Lunch"]
    welcome = workshop.blocks[0]
    assert (welcome.duration, welcome.kind, welcome.lead, welcome.line) == (20, "opening", "both", 10)
    slide = welcome.slides[0]
    assert slide.title == "Welcome, Northside"
    assert slide.line == 16
    bullets = slide.elements[0]
    assert isinstance(bullets, BulletList)
    assert [(i.level, "".join(r.text for r in i.runs)) for i in bullets.items] == [
        (0, "Why we are here"), (1, "with people who use our services"), (0, "How today will run")]
    assert slide.notes == "Say **hello** and *smile*."
    assert welcome.fence("facilitator") == "Set the tone."
    assert workshop.blocks[1].remote == "drop"
    assert workshop.length == 65


@pytest.mark.parametrize("text, minutes", [("20", 20), ("20m", 20), ("1h30", 90), ("1h", 60), ("2h05m", 125), (45, 45)])
def test_durations(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "abc", "1h70x", "-5", "1.5h"])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_unknown_attribute_is_reported_with_line_and_suggestion():
    text = GOOD.replace("{duration=20 kind=opening lead=both}", "{duraton=20 kind=opening}")
    assert "content/workshops/concepts.md:10: unknown attribute 'duraton' (did you mean 'duration'?)" in problems_of(text)


def test_unknown_fence_kind_and_layout_are_reported_together():
    text = GOOD.replace("::: notes", "::: nots").replace("kind=opening", "kind=openning").replace(
        "## Welcome, {{ charity.short_name }}", '## Welcome, {{ charity.short_name }} {layout="Two Contnet"}')
    found = problems_of(text)
    assert "content/workshops/concepts.md:21: unknown fence '::: nots' (did you mean 'notes'?)" in found
    assert "content/workshops/concepts.md:10: unknown kind 'openning' (did you mean 'opening'?)" in found
    assert "content/workshops/concepts.md:16: unknown layout 'Two Contnet' (did you mean 'Two Content'?)" in found


def test_unclosed_fence():
    text = GOOD.replace("Say **hello** and *smile*.\n:::\n", "Say hello.\n")
    assert "content/workshops/concepts.md:21: fence '::: notes' is not closed before line 24 (end it with a line ':::')" in problems_of(text)
    at_the_end = GOOD.replace("# Lunch {duration=45 kind=break remote=drop}\n", "::: materials\n- pens\n")
    assert "content/workshops/concepts.md:25: fence '::: materials' is never closed (end it with a line ':::')" in problems_of(at_the_end)


def test_bad_duration_attribute():
    text = GOOD.replace("duration=20", "duration=twenty")
    assert "content/workshops/concepts.md:10: bad duration 'twenty' (write minutes like 20, 20m or 1h30)" in problems_of(text)


def test_blocks_must_add_up_to_the_length():
    text = GOOD.replace("length: 1h05", "length: 6h30")
    found = problems_of(text)
    assert found[0].startswith("content/workshops/concepts.md:6: blocks add up to 65 minutes but the workshop's length is 390")


def test_front_matter_errors():
    assert problems_of("no front matter\n")[0].startswith("content/workshops/concepts.md:1: the file must start with YAML front matter")
    broken = GOOD.replace('title: "Workshop one: Concepts"', 'title: "unclosed')
    assert problems_of(broken)[0].startswith("content/workshops/concepts.md:")
    assert "not valid YAML" in problems_of(broken)[0]
    unknown = GOOD.replace("module: 1", "modul: 1")
    assert "content/workshops/concepts.md:4: unknown front matter key 'modul' (did you mean 'module'?)" in problems_of(unknown)


def test_every_problem_in_a_file_is_reported_at_once():
    text = GOOD.replace("duration=20", "duration=x").replace("::: notes", "::: nope").replace("kind=break", "kind=brake")
    assert len(problems_of(text)) == 3


def test_undefined_template_variable_names_the_line():
    text = GOOD.replace("{{ charity.people_term }}", "{{ charity.nonsense }}")
    found = problems_of(text)
    assert found == ["content/workshops/concepts.md:18: unknown name 'charity.nonsense'"]


def test_template_reaching_for_python_internals_is_refused():
    text = GOOD.replace("{{ charity.people_term }}", "{{ charity.__class__.__mro__ }}")
    found = problems_of(text)
    assert found[0].startswith("content/workshops/concepts.md:18:")
    assert "not allowed" in found[0] or "undefined" in found[0]


def test_when_conditions_drop_slides_and_blocks():
    text = GOOD.replace("## Welcome, {{ charity.short_name }}", '## Welcome, {{ charity.short_name }} {when="not charity.co_facilitation"}')
    workshop = load_workshop(text, "content/workshops/concepts.md", CONTEXT)
    assert workshop.blocks[0].slides == ()


def test_characters_xml_cannot_hold_are_refused():
    text = GOOD.replace("How today will run", "How today\x07 will run")
    assert "content/workshops/concepts.md:19: character U+0007 cannot be stored in a document" in problems_of(text)[0]


def test_profile_values_are_data_not_templates():
    context = {"charity": {**CONTEXT["charity"], "short_name": "{{ 7 * 7 }}"}}
    workshop = load_workshop(GOOD, "content/workshops/concepts.md", context)
    assert workshop.blocks[0].slides[0].title == "Welcome, {{ 7 * 7 }}"


def body(text: str):
    problems = Problems()
    elements = parse_body(text, "x.md", 10, problems)
    return elements, [str(p) for p in problems.items]


def test_slide_body_elements():
    elements, problems = body(
        "1. First\n2. Second\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\n![A ladder](images/l.png)\n\n"
        "> Nothing about us\n> — A slogan\n\n```ladder\n- Co-production | Doing with\n- Informing | Doing to\n```\n")
    assert problems == []
    kinds = [type(e) for e in elements]
    assert kinds == [BulletList, Table, Image, Quote, Diagram]
    assert elements[0].numbered
    assert ["".join(r.text for r in c) for c in elements[1].header] == ["A", "B"]
    assert elements[2].alt == "A ladder" and elements[2].line == 17
    assert elements[3].attribution == "A slogan"
    assert elements[4].items[0].label == "Co-production" and elements[4].items[0].detail == "Doing with"


def test_columns_split_without_blank_lines():
    elements, _ = body("- left\n|||\n- right")
    assert [type(e) for e in elements] == [BulletList, ColumnBreak, BulletList]


def test_decorative_images_and_unknown_code_blocks():
    elements, problems = body('![](images/x.png "decorative")\n\n```ladderr\n- a\n- b\n```')
    assert isinstance(elements[0], Image) and elements[0].decorative
    assert problems == ["x.md:12: unknown code block 'ladderr' on a slide (diagrams are: ladder, cycle, timeline, steps)"]


def test_paragraph_keeps_emphasis():
    elements, _ = body("Some **bold** and *italic* text")
    assert isinstance(elements[0], Paragraph)
    assert [(r.text, r.bold, r.italic) for r in elements[0].runs] == [
        ("Some ", False, False), ("bold", True, False), (" and ", False, False), ("italic", False, True), (" text", False, False)]


def test_source_structure_errors():
    with pytest.raises(FacilitationError) as caught:
        load_source(GOOD.replace("# Welcome", "Stray text\n\n# Welcome"), "w.md")
    assert str(caught.value.problems[0]).startswith("w.md:10: text before the first '#' block belongs to no slide or fence")


def test_a_name_with_quotes_and_colons_cannot_break_an_activity_card():
    text = GOOD.replace("# Lunch {duration=45 kind=break remote=drop}", '''# Lunch {duration=45 kind=break remote=drop}

::: activity
structure: 1-2-4-All
invitation: "What would help {{ charity.short_name }}?"
space: Chairs
participants: Everyone
groups: Fours
steps:
  - {minutes: 1, do: "Alone: think about {{ charity.short_name }}"}
:::''')
    context = {"charity": {**CONTEXT["charity"], "short_name": 'The "Best": Trust'}}
    activity = load_workshop(text, "content/workshops/concepts.md", context).blocks[1].activity
    assert activity["invitation"] == 'What would help The "Best": Trust?'
    assert activity["steps"][0]["do"] == 'Alone: think about The "Best": Trust'


def test_a_misspelt_required_key_is_reported_once_as_the_misspelling():
    found = problems_of(GOOD.replace("{duration=20 kind=opening", "{durration=20 kind=opening")
                        .replace("\ntitle:", "\ntitel:"))
    assert found == ["content/workshops/concepts.md:3: unknown front matter key 'titel' (did you mean 'title'?)",
                     "content/workshops/concepts.md:10: unknown attribute 'durration' (did you mean 'duration'?)"]


@pytest.mark.parametrize("line, runs", [
    ("Plain words, numbers 1. and 2) and a # are one run", [("Plain words, numbers 1. and 2) and a # are one run", False, False)]),
    ("Croeso — £5/£10 (50%) {later} ~ok~ | yes", [("Croeso — £5/£10 (50%) {later} ~ok~ | yes", False, False)]),
    ("Say **what** you *heard*", [("Say ", False, False), ("what", True, False), (" you ", False, False),
                                   ("heard", False, True)]),
    ("AT&amp;T", [("AT&T", False, False)]),
    ("snake_case_word and \\*stars\\*", [("snake_case_word and *stars*", False, False)]),
    ("  padded  ", [("  padded  ", False, False)]),
    ("", []),
])
def test_inline_markdown_gives_the_same_runs_with_or_without_syntax(line, runs):
    """A line with no inline syntax skips the parser (most notes): it must read as the parser reads it."""
    from facilitation.content.markdown import parse_inline

    assert [(run.text, run.bold, run.italic) for run in parse_inline(line)] == runs
