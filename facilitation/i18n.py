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
from functools import lru_cache
from pathlib import Path
from typing import Iterable

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "facilitation"
SOURCE_LANGUAGE = "en"
BILINGUAL_SEPARATOR = " / "


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
        return BILINGUAL_SEPARATOR.join(self.each(message))

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1


def labels_for(profile) -> Labels:
    """The labels of one charity's pack, in the languages its profile lists (English by default)."""
    return Labels(profile.languages)
