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


PLAIN_TEXTS = [
    "Hello {{ charity.name }}, {{ charity.count }} {{ charity.flag }} {{ charity.nothing }}.",
    "{% if charity.flag %}yes{% elif charity.count == 3 %}three{% else %}no{% endif %} and {{ 'const' }} {{ 7 }}",
    "{% if not charity.flag and charity.count in [1, 2] %}a{% endif %}{% if charity.name == 'Acme' or x %}b{% endif %}",
    "{% if 'time' in charity.barriers %}in{% endif %}{% if 'x' not in charity.barriers %} out{% endif %}",
    "{% if charity.name in ('Acme', 'Bee') %}known{% endif %}",
    "{% if 1 < charity.count <= 3 %}between{% endif %} {{ charity.name if charity.flag else 'no name' }}",
    "{{ charity.barriers[0] }} {{ charity['name'] }}\n  {%- if charity.flag %} trimmed{% endif %}\n",
    "{% if charity.count != 2 %}{{ charity.items }}{% endif %}{# a comment #}{% raw %}{{ kept }}{% endraw %}",
]


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_a_plain_text_is_read_as_jinja_renders_it(text):
    """Texts that only print values and choose between wordings are read without compiling:
    the same words as Jinja's compiled template, for a charity whose values differ in kind."""
    from facilitation.tailor import _compiled, _plain_plan, render_bounded

    for charity in ({"name": "Acme", "count": 3, "flag": True, "nothing": None, "barriers": ["time"]},
                    {"name": "Bee", "count": 2, "flag": False, "nothing": "", "barriers": ["money"]}):
        context = {"charity": charity, "x": 0}
        expected = render_bounded(_compiled(text), context)
        assert render(text, context, "w.md", 1) == expected
    assert _plain_plan(text) is not None


def test_what_a_plain_reading_cannot_do_is_left_to_jinja():
    """A loop, a filter, a refused attribute or an unknown name in a plain-looking text: Jinja's
    own result or its own message, at the same line."""
    from facilitation.tailor import _plain_plan

    assert _plain_plan("{% for b in charity.barriers %}{{ b }}{% endfor %}") is None
    assert render("{{ charity.name | upper }}", CONTEXT, "w.md", 1) == "ACME"
    assert "unknown name 'charity.nmae'" in message("{% if charity.nmae %}x{% endif %}")
    assert message("{{ charity.__class__ }}").startswith("w.md:40: ")
    assert message("{% if charity.name > 3 %}x{% endif %}").startswith("w.md:40: template error: TypeError")


def test_plain_readings_are_kept_between_builds_in_a_few_files(tmp_path):
    """What one process read is read back by the next; a reading by other code or another Jinja
    is not; only the newest few files are kept."""
    from facilitation.cache import ReadTexts

    store = ReadTexts(tmp_path)
    store.save({"Hi {{ charity.name }}": ("seq", ()), "{% for %}": None})
    assert ReadTexts(tmp_path).load() == {"Hi {{ charity.name }}": ("seq", ()), "{% for %}": None}
    path = next(tmp_path.glob("plans-*.pickle"))
    import pickle

    path.write_bytes(pickle.dumps(("another toolkit|3.0", {"old": ("seq", ())})))
    assert ReadTexts(tmp_path).load() == {}
    assert not path.exists()  # of no use to this toolkit: not read again and again
    for n in range(ReadTexts.KEPT + 3):
        (tmp_path / f"plans-{n}.pickle").write_bytes(b"")
    store.save({"new": None})
    assert len(list(tmp_path.glob("plans-*.pickle"))) == ReadTexts.KEPT
    assert ReadTexts(tmp_path).load() == {"new": None}


def test_new_readings_are_added_in_a_file_of_their_own_until_there_are_enough_files(tmp_path):
    """A one-word edit adds the text it read, not everything read before; once there would be
    more than a few files, all that is known goes in one, in place of the files read."""
    from facilitation.cache import ReadTexts

    ReadTexts(tmp_path).save({"a": None})
    (tmp_path / "plans-helper.pickle").write_bytes(next(tmp_path.glob("plans-*.pickle")).read_bytes())  # a helper's
    store = ReadTexts(tmp_path)
    assert store.load() == {"a": None}
    store.save({"a": None, "b": None})
    files = list(tmp_path.glob("plans-*.pickle"))
    assert len(files) == 3
    import pickle

    added = [pickle.loads(f.read_bytes())[1] for f in files]
    assert {"b": None} in added  # the new reading alone
    assert ReadTexts(tmp_path).load() == {"a": None, "b": None}
    store.save({"a": None, "b": None})  # nothing new: nothing written
    assert len(list(tmp_path.glob("plans-*.pickle"))) == 3
    store.save({"a": None, "b": None, "c": None})  # the fourth file
    store.save({"a": None, "b": None, "c": None, "d": None})  # a fifth would be too many: all in one
    files = list(tmp_path.glob("plans-*.pickle"))
    assert len(files) == 1
    assert pickle.loads(files[0].read_bytes())[1] == {"a": None, "b": None, "c": None, "d": None}
    assert ReadTexts(tmp_path).load() == {"a": None, "b": None, "c": None, "d": None}
