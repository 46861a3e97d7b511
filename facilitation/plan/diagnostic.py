"""The Stage 1 question bank (content/diagnostic/questions.md), read with `path:line` errors (pure).

The bank is Markdown: front matter with a title and summary, a few lines of introduction,
then one `## Topic {record="diagnostic.capacity …"}` section per topic holding paragraphs of
guidance for the facilitator and `- ` questions. `record` names the profile keys the answers
go into; for keys with a fixed set of answers the form offers them as tick boxes.
"""

from __future__ import annotations

import re
from typing import Any

from facilitation.content.source import read_front_matter, split_heading
from facilitation.errors import Problems, did_you_mean
from facilitation.model import Question, QuestionBank, Topic
from facilitation.profile.fields import Choice, Flag, Items, Section
from facilitation.profile.schema import SCHEMA as PROFILE_SCHEMA

QUESTIONS = "content/diagnostic/questions.md"
FRONT_MATTER = {"title": str, "summary": str, "details": list, "tick_one": str, "tick_any": str,
                "profile_key": str, "answer": str}
_QUESTION = re.compile(r"^[-*]\s+(.*)$")


def profile_field(dotted: str) -> Any:
    """The schema field for a dotted profile key, or None."""
    spec: Any = PROFILE_SCHEMA
    for key in dotted.split("."):
        if not isinstance(spec, Section) or key not in spec.fields:
            return None
        spec = spec.fields[key]
    return spec


def _all_keys(section: Section = PROFILE_SCHEMA, prefix: str = "") -> list[str]:
    keys = []
    for key, spec in section.fields.items():
        dotted = f"{prefix}{key}"
        keys.append(dotted)
        if isinstance(spec, Section):
            keys += _all_keys(spec, dotted + ".")
    return keys


def _choices(dotted: str) -> tuple[tuple[str, ...], bool]:
    """The answers a profile key allows (none for free text), and whether it takes several."""
    spec = profile_field(dotted)
    many = isinstance(spec, Items)
    if many:
        spec = spec.item
    if isinstance(spec, Choice):
        return tuple(spec.options), many
    if isinstance(spec, Flag):
        return ("yes", "no"), False
    return (), False


class _Topic:
    def __init__(self, title: str, record: tuple[str, ...], line: int):
        self.title, self.record, self.line = title, record, line
        self.guidance: list[str] = []
        self.questions: list[Question] = []
        self.paragraph: list[str] = []

    def flush(self) -> None:
        if self.paragraph:
            self.guidance.append(" ".join(self.paragraph))
            self.paragraph = []

    def freeze(self) -> Topic:
        self.flush()
        choices = tuple((key, *_choices(key)) for key in self.record if _choices(key)[0])
        return Topic(self.title, tuple(self.guidance), tuple(self.questions), self.record, choices, self.line)


def load_questions(text: str, path: str = QUESTIONS) -> QuestionBank:
    """Parse the question bank; raise every problem together."""
    problems = Problems()
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    meta, key_lines, body = read_front_matter(lines, path, problems)
    for key, value in meta.items():
        if key not in FRONT_MATTER:
            problems.add(path, key_lines.get(key, 2), f"unknown key '{key}'", did_you_mean(str(key), FRONT_MATTER))
        elif not isinstance(value, FRONT_MATTER[key]):
            problems.add(path, key_lines.get(key, 2), f"'{key}' must be {'a list' if FRONT_MATTER[key] is list else 'text'}")
    for key in FRONT_MATTER:
        if meta and key not in meta:
            problems.add(path, 2, f"the front matter is missing '{key}'")
    known = _all_keys()
    intro = _Topic("", (), 0)
    topics: list[_Topic] = []
    current = intro
    for number, raw in enumerate(lines[body:], start=body + 1):
        line = raw.strip()
        if raw.startswith("## "):
            current.flush()
            title, attributes = split_heading(raw[3:], path, number, problems)
            for name in attributes:
                if name != "record":
                    problems.add(path, number, f"unknown attribute '{name}'", did_you_mean(name, ("record",)))
            record = tuple(attributes.get("record", ("", 0))[0].split())
            for key in record:
                if key not in known:
                    problems.add(path, number, f"'{key}' is not a profile key", did_you_mean(key, known))
            current = _Topic(title, record, number)
            topics.append(current)
        elif raw.startswith("#"):
            problems.add(path, number, "use '## ' headings for topics", "the title lives in the front matter")
        elif _QUESTION.match(line):
            current.flush()
            if current is intro:
                problems.add(path, number, "a question comes before the first '## ' topic")
            current.questions.append(Question(_QUESTION.match(line).group(1), number))
        elif not line:
            current.flush()
        elif current.questions and raw[:1].isspace():
            last = current.questions[-1]
            current.questions[-1] = Question(f"{last.text} {line}", last.line)
        else:
            current.paragraph.append(line)
    for topic in topics:
        if not topic.questions:
            problems.add(path, topic.line, f"topic '{topic.title}' has no questions", "add '- ' lines")
    if not topics:
        problems.add(path, None, "the question bank has no '## ' topics")
    problems.raise_if_any()
    labels = {key: str(meta[key]) for key in ("tick_one", "tick_any", "profile_key", "answer")}
    return QuestionBank(meta["title"], " ".join(meta["summary"].split()), tuple(intro.freeze().guidance),
                        tuple(t.freeze() for t in topics), labels, tuple(str(d) for d in meta["details"]))
