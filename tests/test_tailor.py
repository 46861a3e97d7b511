"""Sandboxed tailoring: data is never re-rendered, internals and runaways are refused."""

from __future__ import annotations

import pytest

from facilitation.errors import FacilitationError
from facilitation.tailor import condition, render

CONTEXT = {"charity": {"name": "Acme", "barriers": ["time", "money"], "tricky": "{{ 1 + 1 }}"}}


def message(text: str) -> str:
    with pytest.raises(FacilitationError) as caught:
        render(text, CONTEXT, "w.md", 40)
    return str(caught.value.problems[0])


def test_renders_variables_and_loops():
    assert render("Hi {{ charity.name }}: {% for b in charity.barriers %}{{ b }};{% endfor %}", CONTEXT, "w.md", 1) == \
        "Hi Acme: time;money;"


def test_profile_values_are_not_rendered_again():
    assert render("{{ charity.tricky }}", CONTEXT, "w.md", 1) == "{{ 1 + 1 }}"


def test_an_unknown_name_is_named_as_written_with_the_closest_that_exists():
    assert message("line one\nline two {{ charity.nmae }}") == "w.md:41: unknown name 'charity.nmae' (did you mean 'charity.name'?)"
    assert message("{{ charty.name }}") == "w.md:40: unknown name 'charty' (did you mean 'charity'?)"
    assert message("{{ charity.nope }}") == "w.md:40: unknown name 'charity.nope'"  # nothing close: no guess


def test_an_unknown_name_in_a_mapping_that_contains_itself_is_still_named():
    charity = {"name": "Acme"}
    charity["again"] = charity  # as a YAML alias can make it
    with pytest.raises(FacilitationError) as caught:
        render("{{ charity.again.nmae }}", {"charity": charity}, "w.md", 1)
    assert str(caught.value.problems[0]) == "w.md:1: unknown name 'charity.nmae' (did you mean 'charity.name'?)"


def test_syntax_error_names_the_line():
    assert message("ok\n{% if %}").startswith("w.md:41: template syntax error")


@pytest.mark.parametrize("text", [
    "{{ charity.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ charity.name.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.environ }}",
])
def test_internals_are_out_of_reach(text):
    found = message(text)
    assert found.startswith("w.md:40:")


def test_no_file_or_environment_access():
    assert "w.md:40:" in message("{% include '/etc/passwd' %}")
    assert "w.md:40:" in message("{{ lipsum.__globals__['os'].environ }}")


def test_runaway_templates_stop():
    assert "too large" in message("{{ 'x' * 100000000 }}")
    assert "w.md:40:" in message("{% for i in range(100000000) %}{% endfor %}")


def test_conditions():
    assert condition("charity.name == 'Acme'", CONTEXT, "w.md", 3) is True
    with pytest.raises(FacilitationError) as caught:
        condition("charity.nope", CONTEXT, "w.md", 3)
    assert str(caught.value.problems[0]) == "w.md:3: condition when=\"charity.nope\": unknown name 'charity.nope'"
    with pytest.raises(FacilitationError) as caught:
        condition("charity.nmae == 'Acme'", CONTEXT, "w.md", 3)
    assert str(caught.value.problems[0]).endswith("unknown name 'charity.nmae' (did you mean 'charity.name'?)")


def test_upper_first_keeps_proper_nouns_that_capitalize_would_lower():
    from facilitation.tailor import render
    text = render("{{ term | upper_first }}", {"term": "people in HMP Leeds and the NHS"}, "x.md", 1)
    assert text == "People in HMP Leeds and the NHS"
