"""The Office Open XML layer shared by the PowerPoint and Word engines: reproducible zips, templates read once."""

from __future__ import annotations

import hashlib
import io
import zipfile
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator


def normalise_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite a zip with fixed entry times and order, so equal inputs give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return package_zip(((name, source.read(name)) for name in source.namelist()), when)


def package_zip(members: Iterable[tuple[str, bytes]], when: datetime) -> bytes:
    """A package's members zipped once, with fixed entry times and order: equal inputs give
    equal bytes. The engines hand their parts straight here rather than zipping them twice."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    members = dict(members)
    # [Content_Types].xml must stay first for some readers; keep the rest in a stable order.
    ordered = [n for n in members if n == "[Content_Types].xml"] + sorted(n for n in members if n != "[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, members[name])
    return out.getvalue()


def stored_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """Members in an uncompressed zip: a package kept in memory only to be opened again."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name, data in members:
            target.writestr(name, data)
    return out.getvalue()


class Members:
    """What python-pptx's and python-docx's package writers write, kept as (name, bytes) pairs:
    their `phys_writer` interface, without the zip they would compress only to be re-read."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


CORE_PROPERTY_LIMIT = 255  # characters Office allows in a core property (title, subject, author)


def core_property(text: str) -> str:
    """A title or subject short enough for the package's core properties: a long bilingual title
    is cut at a word, with an ellipsis, rather than failing the build."""
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[:CORE_PROPERTY_LIMIT - 1].rsplit(" ", 1)[0] + "…"


@lru_cache(maxsize=8)
def _template(path: str) -> tuple[bytes, str]:
    data = Path(path).read_bytes()
    return data, hashlib.sha256(data).hexdigest()


def template(path: Path) -> io.BytesIO:
    """A template's bytes, read from disk once per process, as a fresh stream for each document."""
    return io.BytesIO(_template(str(path))[0])


def template_digest(path: Path) -> str:
    """A digest of the template as read: what the engines key the templates they prepare by, so
    a template changed on disk (and read again, see `forget_templates`) is prepared again."""
    return _template(str(path))[1]


def forget_templates() -> None:
    """Read the templates from disk again: a preview runs for hours, and a template may change."""
    _template.cache_clear()


# ---- templates prepared for a look (restyled, rebranded): made once, kept between builds --------

_PREPARED: dict[tuple, bytes] = {}
_keep: Callable[[tuple, Callable[[], bytes]], bytes] | None = None
_kept: set[tuple] = set()  # the keys handed to this build's `_keep` already


@contextmanager
def prepared_kept(remember: Callable[[tuple, Callable[[], bytes]], bytes]) -> Iterator[None]:
    """While rendering, keep prepared templates between builds: `remember(key, make)` gives the
    bytes kept for `key`, made with `make()` when there are none (the build hands in its content
    cache). Outside, they are kept in this process only."""
    global _keep
    _keep = remember
    _kept.clear()
    try:
        yield
    finally:
        _keep = None


def prepared_package(key: tuple, make: Callable[[], bytes]) -> bytes:
    """A template prepared for a look (`key`: its kind, the template's digest and the look), as
    the package's bytes: made once per process, or read back from where the build keeps them.
    Restyling a template costs several times as much as opening it. A build keeps each one it
    uses, even when this process prepared it earlier (a test run, the live preview)."""
    if _keep is not None and key not in _kept:
        known = _PREPARED.get(key)
        _PREPARED[key] = _keep(key, make if known is None else (lambda: known))
        _kept.add(key)
    elif key not in _PREPARED:
        _PREPARED[key] = make()
    return _PREPARED[key]
