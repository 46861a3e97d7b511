"""Labels the toolkit prints, in the charity's languages, from gettext catalogues.

Every fixed label a writer prints (headings, table headers, form fields, deck frames) is written
in code as `_("Materials checklist")`, so `pybabel extract` finds it, after

    _ = labels_for(pack.profile)

`_` returns the label in each of the profile's `languages`, first language first, joined as the
Welsh Language Standards ask (both languages, equal prominence). `_.each(...)` gives the
translations separately, for layouts that set each language in its own run or line. A label with
no translation yet stands in English. Catalogues live in `facilitation/locale/<lang>/LC_MESSAGES/`.
"""

from __future__ import annotations

import gettext
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Iterable

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "facilitation"
SOURCE_LANGUAGE = "en"
BILINGUAL_SEPARATOR = " / "
LONG_DATE = "EEEE d MMMM y"  # CLDR pattern: "Monday 6 September 2027", "Dydd Llun 6 Medi 2027"
SHORT_DATE = "EEE d MMM y"  # "Mon 6 Sept 2027", for table columns
CLOCK_TIME = "HH:mm"  # the 24-hour clock, as UK public bodies write times


def N_(message: str) -> str:
    """Mark a label for extraction where it is defined, not where it is printed."""
    return message


@lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


class Labels:
    """Translate fixed labels into a pack's languages."""

    def __init__(self, languages: Iterable[str] = (SOURCE_LANGUAGE,)):
        self.languages = tuple(languages) or (SOURCE_LANGUAGE,)

    def each(self, message: str) -> tuple[str, ...]:
        """The label in each language, first language first; repeats dropped (an untranslated label once)."""
        texts: list[str] = []
        for language in self.languages:
            text = _catalogue(language).gettext(message)
            if text not in texts:
                texts.append(text)
        return tuple(texts)

    def __call__(self, message: str) -> str:
        texts = self.each(message)
        if len(texts) > 1 and "{" in message:  # a label to fill: it fills each language's own text
            return BilingualLabel(texts)
        return BILINGUAL_SEPARATOR.join(texts)

    def fill(self, message: str, **values) -> str:
        """The label with its values put in, language by language: a value that is itself bilingual
        ("Croeso / Welcome") gives each language its own half, so nothing is said twice. The same
        as `_(message).format(**values)`."""
        return self(message).format(**values)

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1

    def and_join(self, items: Iterable[str]) -> str:
        """"Alex and Sam"; "Alex & Sam" in a bilingual pack, where one word cannot serve both languages."""
        items = list(items)
        if len(items) < 2:
            return "".join(items)
        if self.bilingual:
            return " & ".join(items)
        joined = items[0]
        for item in items[1:]:
            joined = self("{first} and {second}").format(first=joined, second=item)
        return joined

    def date(self, day: date | None) -> str:
        """The day written out in each language, first language first; empty when not dated yet."""
        return long_date(day, self.languages)

    def date_with(self, day: date, after: str) -> str:
        """Each language's date with `after` ("Monday 6 September 2027, 10:00–10:45" and its
        Welsh), so that a label the whole is put in gives each half its own times."""
        return BILINGUAL_SEPARATOR.join(day_text + after for day_text in self.date(day).split(BILINGUAL_SEPARATOR))

    def short_date(self, day: date | None) -> str:
        return long_date(day, self.languages, SHORT_DATE)

    def time(self, at: time) -> str:
        return clock_time(at, self.languages)


class BilingualLabel(str):
    """A label in two or more languages, joined, whose `format` puts the values in language by
    language: a value that is itself bilingual ("Croeso / Welcome") gives each language its own
    half, so a title or date put in a label is said once in each, not whole in both."""

    def __new__(cls, texts: tuple[str, ...]) -> "BilingualLabel":
        label = super().__new__(cls, BILINGUAL_SEPARATOR.join(texts))
        label.texts = texts
        return label

    def format(self, *args, **values) -> str:
        def own(value, index: int):
            halves = value.split(BILINGUAL_SEPARATOR) if isinstance(value, str) else []
            return halves[index] if len(halves) == len(self.texts) else value
        return BILINGUAL_SEPARATOR.join(
            text.format(*(own(v, i) for v in args), **{k: own(v, i) for k, v in values.items()})
            for i, text in enumerate(self.texts))

    def __reduce__(self):  # pickled (in a recorded script) as the text it prints
        return (str, (str(self),))


def _joined(texts: Iterable[str]) -> str:
    unique: list[str] = []
    for text in texts:
        if text not in unique:
            unique.append(text)
    return BILINGUAL_SEPARATOR.join(unique)


def long_date(day: date | None, languages: Iterable[str] = (SOURCE_LANGUAGE,), pattern: str = LONG_DATE) -> str:
    """"Dydd Llun 6 Medi 2027 / Monday 6 September 2027" for [cy, en]; empty when there is no date."""
    if day is None:
        return ""
    from babel.dates import format_date  # imported when first needed: most rebuilds print no dates

    return _joined(format_date(day, pattern, locale=language) for language in languages or (SOURCE_LANGUAGE,))


def clock_time(at: time, languages: Iterable[str] = (SOURCE_LANGUAGE,)) -> str:
    """"10:00" in the 24-hour clock; given once when every language writes it the same way."""
    from babel.dates import format_time

    return _joined(format_time(at, CLOCK_TIME, locale=language) for language in languages or (SOURCE_LANGUAGE,))


ENGLISH = Labels()  # labels of code with no profile at hand (the preview, checks): the source language


def labels_for(profile) -> Labels:
    """The labels of one charity's pack, in the languages its profile lists (English by default)."""
    return Labels(profile.languages)
