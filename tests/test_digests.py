"""Digests of model data (facilitation.cache.ModelDigest), on plain values: what an output is
made from is compared by these, so they must follow the values and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from facilitation.cache import ModelDigest


@dataclass(frozen=True)
class Slide:
    title: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workshop:
    start: time
    slides: tuple[Slide, ...]
    note: str = field(default="", repr=False)  # not model data, as repr does not show it


def test_the_same_values_digest_the_same_however_they_are_shared():
    slide = Slide("Welcome", ("hello", "there"))
    shared = (Workshop(time(10), (slide, slide)), slide)
    apart = (Workshop(time(10), (Slide("Welcome", ("hello", "there")), Slide("Welcome", ("hello", "there")))),
             Slide("Welcome", ("hello", "there")))
    assert ModelDigest()(shared) == ModelDigest()(apart)
    digest = ModelDigest()
    assert digest(shared) == digest(apart) == digest(shared)  # and again, from what it remembers


def test_any_changed_value_changes_the_digest():
    base = Workshop(time(10), (Slide("Welcome", ("hello",)),))
    changed = [Workshop(time(10, 30), base.slides), Workshop(time(10), (Slide("Welcome", ("hullo",)),)),
               Workshop(time(10), (Slide("Welcome", ("hello",)), Slide("Close"))), (base,), [base], {"a": base}]
    digests = {ModelDigest()(value) for value in [base] + changed}
    assert len(digests) == len(changed) + 1
    assert ModelDigest()(Workshop(time(10), base.slides, note="other")) == ModelDigest()(base)


def test_sets_digest_the_same_in_any_order():
    assert ModelDigest()(frozenset({"b", "a", "c"})) == ModelDigest()(frozenset({"c", "b", "a"}))


def test_a_known_value_is_digested_by_its_key_and_so_are_the_model_objects_inside_it():
    slide = Slide("Welcome")
    workshop = Workshop(time(10), (slide,))
    digest = ModelDigest()
    digest.known(workshop, "key-1")
    by_key = digest((workshop, slide))
    assert by_key != ModelDigest()((workshop, slide))
    other = ModelDigest()
    other.known(Workshop(time(10), (Slide("Welcome"),)), "key-2")
    assert other((workshop, slide)) == ModelDigest()((workshop, slide))  # known by identity, not value


def test_a_time_shared_with_a_known_value_is_still_digested_by_its_value():
    """A programme holds a workshop's start time: it must not change with the workshop's key."""
    start = time(10)
    digest = ModelDigest()
    digest.known(Workshop(start, ()), "key-1")
    assert digest(("programme", start)) == ModelDigest()(("programme", time(10)))


@dataclass(frozen=True)
class Break:
    line: int = 0


@dataclass(frozen=True)
class Written:
    text: str
    line: int = 0


def test_fields_ignored_are_left_out_of_every_object_even_one_made_of_them_alone():
    """What an output is made from is digested without where it was written: a line added
    above a slide moves it, but draws nothing new."""
    digest = ModelDigest(ignoring=frozenset({"line"}))
    assert digest((Written("Welcome", 3), Break(4))) == ModelDigest(ignoring=frozenset({"line"}))(
        (Written("Welcome", 9), Break(10)))
    assert digest(Written("Welcome", 3)) != digest(Written("Hello", 3))
    assert digest(Break(4)) != digest(Written("", 4))  # the kind of object still counts
    assert ModelDigest()(Written("Welcome", 3)) != ModelDigest()(Written("Welcome", 9))  # elsewhere it does
