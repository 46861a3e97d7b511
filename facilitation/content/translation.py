"""Welsh titles for a workshop: `title_cy` in its front matter, and a parallel `<id>.cy.md`.

The parallel file holds the same `#` blocks and `##` slides as the English file, in the same
order, each with its Welsh title (Jinja allowed, as in English) and the `{id=…}` of the English
heading it translates (without ids, headings are aligned by place, which needs equal counts). A
Welsh heading that is extra or out of order is an error at its file:line; an English heading with
no Welsh one is not: the English stands, and the `untranslated` check rule lists it.

For a pack whose languages include cy, every block, slide and workshop title becomes
"Welsh / English" (first language first, the same size: equal prominence). Where Welsh is missing
the English stands, and `untranslated` lists what is left for the `check` rule of that name.
A block or slide title is joined after tailoring (`join_titles`), each language tailored on its
own, so a Welsh title that tailors to nothing (a sector in content/sectors.yaml with no
`title_cy`) leaves the English standing alone too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import PurePath
from typing import Callable, Iterable, Sequence

from facilitation.content.source import RawBlock, RawSlide, Source, Text, parse_source
from facilitation.content.vocabulary import slugify
from facilitation.errors import Problems, did_you_mean

WELSH = "cy"
SEPARATOR = " / "  # as facilitation.i18n joins labels
WELSH_FRONT_MATTER = ("id", "title")


def welsh_name(english_path: str) -> str:
    """content/workshops/concepts.md -> content/workshops/concepts.cy.md"""
    path = PurePath(english_path)
    return str(path.with_name(f"{path.stem}.{WELSH}{path.suffix}"))


def is_translation(path: str) -> bool:
    return PurePath(path).stem.endswith(f".{WELSH}")


@dataclass(frozen=True)
class WelshTitles:
    """The Welsh titles of one workshop, keyed by English block id and (block id, slide id)."""

    path: str
    title: Text | None
    blocks: dict[str, Text]
    slides: dict[tuple[str, str], Text]


def _block_id(block: RawBlock) -> str:
    return block.attrs["id"][0] if "id" in block.attrs else slugify(block.title.text)


def _slide_id(slide: RawSlide) -> str:
    return slide.attrs["id"][0] if "id" in slide.attrs else slugify(slide.title.text)


def _aligned_ids(welsh: Sequence, english_ids: list[str], id_of) -> list[str]:
    """Each Welsh heading's English id: its own {id=…}, else the English id at its place."""
    ids = []
    for place, item in enumerate(welsh):
        if "id" in item.attrs:
            ids.append(item.attrs["id"][0])
        else:
            ids.append(english_ids[place] if place < len(english_ids) else id_of(item))
    return ids


def _align(what: str, welsh: Sequence, english: Sequence, id_of, english_path: str, path: str,
           end_line: int, problems: Problems) -> list[tuple[object, object]]:
    """Pair Welsh headings with English ones; report every drift at the Welsh file's line."""
    english_ids = [id_of(item) for item in english]
    unnamed = [item for item in welsh if "id" not in item.attrs]
    if unnamed and len(welsh) != len(english):  # aligning by place would give headings the wrong English
        problems.add(path, unnamed[0].line, f"{len(welsh)} {what}s here but {len(english)} in {english_path}: "
                     f"a {what} without {{id=…}} cannot be matched", f"give each {what} the {{id=…}} of the English one")
        return []
    welsh_ids = _aligned_ids(welsh, english_ids, id_of)
    pairs = []
    matcher = SequenceMatcher(a=english_ids, b=welsh_ids, autojunk=False)
    for op, e1, e2, w1, w2 in matcher.get_opcodes():
        if op == "equal":
            pairs += zip(english[e1:e2], welsh[w1:w2])
            continue
        for item, item_id in zip(welsh[w1:w2], welsh_ids[w1:w2]):
            if item_id in english_ids:
                line = english[english_ids.index(item_id)].line
                problems.add(path, item.line, f"{what} '{item_id}' is out of order: in {english_path} "
                             f"(line {line}) it comes elsewhere", "keep the English file's order")
            else:
                problems.add(path, item.line, f"{what} '{item_id}' has no counterpart in {english_path}",
                             did_you_mean(item_id, english_ids))
        # An English heading with no Welsh one is not an error: its English stands, and the
        # `untranslated` check rule lists it (so an edit to the English file never stops a build).
    return pairs


def parse_welsh(text: str, path: str, english: Source, problems: Problems) -> WelshTitles:
    """The Welsh titles of `english`, checked against it heading by heading."""
    welsh = parse_source(text, path, problems)
    for key, line in welsh.meta_lines.items():
        if key not in WELSH_FRONT_MATTER:
            problems.add(path, line, f"unknown front matter key '{key}' in a Welsh file",
                         "a Welsh file's front matter holds id and title only")
    if welsh.meta.get("id") not in (None, english.meta.get("id")):
        problems.add(path, welsh.meta_lines.get("id", 2),
                     f"id '{welsh.meta.get('id')}' does not match {english.path} ('{english.meta.get('id')}')")
    end = max([welsh.meta_lines.get("title", 1)] + [b.line for b in welsh.blocks] +
              [s.line for b in welsh.blocks for s in b.slides])
    blocks, slides = {}, {}
    for english_block, welsh_block in _align("block", welsh.blocks, english.blocks, _block_id, english.path, path,
                                             end, problems):
        block_id = _block_id(english_block)
        if welsh_block.title.text.strip():
            blocks.setdefault(block_id, welsh_block.title)
        next_line = welsh_block.slides[0].line if welsh_block.slides else welsh_block.line
        for english_slide, welsh_slide in _align("slide", welsh_block.slides, english_block.slides, _slide_id,
                                                 english.path, path, next_line, problems):
            if welsh_slide.title.text.strip():
                slides.setdefault((block_id, _slide_id(english_slide)), welsh_slide.title)
    title = welsh.meta.get("title")
    title_line = welsh.meta_lines.get("title", 2)
    return WelshTitles(path, Text(title, title_line) if isinstance(title, str) and title.strip() else None,
                       blocks, slides)


def _join(english: str, welsh: str | None, languages: Sequence[str]) -> str:
    if not welsh or welsh.strip() == english.strip():
        return english
    order = [welsh if language == WELSH else english for language in languages if language in (WELSH, "en")]
    return SEPARATOR.join(dict.fromkeys(order))


def _title_cy(source: Source, welsh: WelshTitles | None) -> str | None:
    if welsh is not None and welsh.title is not None:
        return welsh.title.text
    value = source.meta.get("title_cy")
    return value if isinstance(value, str) and value.strip() else None


def bilingual(source: Source, welsh: WelshTitles | None, languages: Sequence[str]) -> Source:
    """The source with "Welsh / English" titles (in the pack's order) where Welsh exists; unchanged
    for an English-only pack. Ids stay the English ones, so nothing that refers to them moves."""
    if WELSH not in languages:
        return source
    meta = dict(source.meta)
    if isinstance(meta.get("title"), str):
        meta["title"] = _join(meta["title"], _title_cy(source, welsh), languages)
    if welsh is None:
        return replace(source, meta=meta)
    blocks = []
    for block in source.blocks:
        block_id = _block_id(block)
        slides = [_retitled(slide, _slide_id(slide), welsh.slides.get((block_id, _slide_id(slide))), languages)
                  for slide in block.slides]
        blocks.append(replace(_retitled(block, block_id, welsh.blocks.get(block_id), languages), slides=slides))
    return replace(source, meta=meta, blocks=blocks)


def _retitled(raw, raw_id: str, welsh: Text | None, languages: Sequence[str]):
    """The block or slide with its titles in the pack's order, to be tailored one by one and joined
    (`join_titles`); its `title` stays the English one. The Welsh is tailored at the English
    heading's line, as the English is."""
    if welsh is None or welsh.text.strip() == raw.title.text.strip():
        return raw
    attrs = {**raw.attrs, "id": raw.attrs.get("id", (raw_id, raw.line))}
    order = dict.fromkeys(language for language in languages if language in (WELSH, "en"))
    titles = tuple(Text(welsh.text, raw.title.line) if language == WELSH else raw.title for language in order)
    return replace(raw, attrs=attrs, titles=titles)


def join_titles(titles: Iterable[str]) -> str:
    """Tailored titles, first language first, as one "Welsh / English" title. A title that
    tailored to nothing, or to the same words as another, is left out: the English stands."""
    return SEPARATOR.join(dict.fromkeys(title.strip() for title in titles if title.strip()))


@dataclass(frozen=True)
class Untranslated:
    path: str
    line: int
    what: str


def untranslated(source: Source, welsh: WelshTitles | None,
                 render: Callable[[Text], str] | None = None) -> list[Untranslated]:
    """What still stands in English only: the workshop title, and each block and slide title.
    With `render` (a title tailored for one charity), a Welsh title that tailors to nothing or
    to the English words is listed too."""
    missing = []
    if _title_cy(source, welsh) is None:
        missing.append(Untranslated(source.path, source.meta_lines.get("title", 2), "the workshop title"))
    if welsh is None:
        count = len(source.blocks) + sum(len(b.slides) for b in source.blocks)
        missing.append(Untranslated(source.path, 1, f"all {count} block and slide titles (there is no "
                                                    f"{PurePath(welsh_name(source.path)).name})"))
        return missing
    for block in source.blocks:
        block_id = _block_id(block)
        if not _translated(block.title, welsh.blocks.get(block_id), render):
            missing.append(Untranslated(source.path, block.line, f"block '{block.title.text}'"))
        for slide in block.slides:
            if not _translated(slide.title, welsh.slides.get((block_id, _slide_id(slide))), render):
                missing.append(Untranslated(source.path, slide.line, f"slide '{slide.title.text}'"))
    return missing


def _translated(english: Text, welsh: Text | None, render: Callable[[Text], str] | None = None) -> bool:
    """A Welsh heading copied from the English (a placeholder until translated) does not count,
    nor (with `render`) one that tailors to nothing or to the English words."""
    if welsh is None or welsh.text.strip() == english.text.strip():
        return False
    if render is None:
        return True
    shown = render(Text(welsh.text, english.line)).strip()
    return bool(shown) and shown != render(english).strip()


# ---- the report-back: content/report-back/slides.cy.md, tailored on its own, then joined --------------


def bilingual_report_back(english, welsh, languages: Sequence[str], problems: Problems):
    """One ReportBack in both languages, first language first: titles and box labels joined
    "Welsh / English"; prompts and notes given in each language in turn; the ladder's small movable
    marker in the first language only (both do not fit it). The starting text, the ladder,
    the table and the layout names stay the English file's. Drift is reported at the Welsh file's lines."""
    if WELSH not in languages or welsh is None:
        return english
    welsh_first = languages.index(WELSH) < languages.index("en") if "en" in languages else True
    welsh_by_id = {slide.id: slide for slide in welsh.slides}
    english_ids = [slide.id for slide in english.slides]
    for slide in welsh.slides:
        if slide.id not in english_ids:
            problems.add(welsh.path, slide.line, f"slide '{slide.id}' has no counterpart in {english.path}",
                         did_you_mean(slide.id, english_ids))
    if [s.id for s in welsh.slides if s.id in english_ids] != [i for i in english_ids if i in welsh_by_id]:
        problems.add(welsh.path, welsh.slides[0].line if welsh.slides else 1,
                     f"the slides are not in the order of {english.path}", "keep the English file's order")
    slides = []
    for slide in english.slides:
        other = welsh_by_id.get(slide.id)
        if other is None:
            problems.add(welsh.path, max((s.line for s in welsh.slides), default=1),
                         f"slide '{slide.id}' ({english.path}:{slide.line}) is missing")
            continue
        if other.kind != slide.kind or len(other.boxes) != len(slide.boxes):
            problems.add(welsh.path, other.line, f"slide '{slide.id}' must be a '{slide.kind}' slide with "
                         f"{len(slide.boxes)} boxes, as in {english.path}:{slide.line}")
            continue
        slides.append(_both_slides(slide, other, welsh_first))
    problems.raise_if_any()
    pair = (lambda en, cy: _pair(en, cy, welsh_first))
    marker = welsh.marker if welsh_first else english.marker  # a small label on the ladder: room for one language
    return replace(english, title=pair(english.title, welsh.title), marker=marker, slides=tuple(slides))


def _pair(english: str, welsh: str, welsh_first: bool) -> str:
    if not welsh or welsh == english:
        return english
    return SEPARATOR.join((welsh, english) if welsh_first else (english, welsh))


def _both_slides(english, welsh, welsh_first: bool):
    def both(first, second):
        return (second + first) if welsh_first else (first + second)

    boxes = tuple(replace(box, label=_pair(box.label, other.label, welsh_first), prompt=both(box.prompt, other.prompt))
                  for box, other in zip(english.boxes, welsh.boxes))
    notes = "\n\n".join(part for part in both((english.notes,), (welsh.notes,)) if part)
    return replace(english, title=_pair(english.title, welsh.title, welsh_first), boxes=boxes, notes=notes)
