"""What an output is made from, and when a build may skip work: the build's one cache story.

Three checks, from the cheapest to the finest:

1. **The pack's fingerprint** (`pack_fingerprint`): a hash of every file a charity's pack can
   depend on (content, templates, its profile, the toolkit's code) and the build's options,
   read as bytes and never parsed. When it equals the manifest's and every output is still as
   the last build left it, nothing is parsed or rendered (`unchanged_outputs`).
2. **Content, per file** (`ContentCache`, under `build/.cache/`): a workshop file parsed, and
   then tailored for a charity, keyed by the file's bytes (and the tailoring context) and the
   toolkit's code. Editing one workshop re-reads and re-tailors only that file. The profile,
   sectors, rules and the nation's bank holidays are kept the same way. When many entries are
   missing (a first build), a forked child makes about half of them into the cache while this
   process makes the rest (`ContentCache.share`).
3. **Each output's inputs** (`OutputDigests`): the shared digest (code, templates, images,
   options) with the model data the output is made from: for a deck, its recorded drawing calls
   (recorded only when its workshop changed, `OutputDigests.recorded`); for participants'
   materials, the pack without facilitator text (`facilitation.plan.audience`); for other
   outputs its own workshop's tailored content and plans; for a pack-wide output, the parts of
   the pack its writer `reads` (or the whole pack's fingerprint when it does not say). An output
   whose digest matches the manifest, and whose file nobody has touched, is not rendered again
   (`still_current`).

Every digest covers the toolkit's own code, so a changed writer rebuilds what it writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from facilitation.publish import Manifest, Written, file_sha256
from facilitation.plan.audience import FACILITATORS
from facilitation.writers import Output, writer_for

if TYPE_CHECKING:
    from facilitation.model import Pack
    from facilitation.project import Project

T = TypeVar("T")
CACHE_FOLDER = ".cache"
MAX_CACHE_ENTRIES = 2000  # beyond this the least recently used entries go: the cache cannot fill a disk


def _digest_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def toolkit_digest() -> str:
    """The toolkit's own code: a change to a writer rebuilds what it writes."""
    package = Path(__file__).resolve().parent
    return _digest_files(list(package.rglob("*.py")), package)


def _options(remote: bool) -> str:
    return f"{toolkit_digest()}|remote={remote}|epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}"


def pack_fingerprint(project: Project, slug: str, remote: bool) -> str:
    """Everything a charity's pack can depend on, hashed without parsing any of it."""
    files = [p for p in project.content.rglob("*") if p.is_file() and "charities" not in p.relative_to(project.content).parts]
    files += [p for p in project.templates.rglob("*") if p.is_file()]
    files.append(project.content / "charities" / f"{slug}.yaml")
    return hashlib.sha256((_digest_files(files, project.root) + _options(remote)).encode()).hexdigest()


def shared_digest(project: Project, remote: bool, logo: str | None = None) -> str:
    """What every output depends on besides its own model data: code, templates, images (the
    charity's logo wherever under content/ it is kept), options."""
    files = [p for p in project.templates.rglob("*") if p.is_file()]
    files += [p for p in (project.content / "images").rglob("*") if p.is_file()]
    if logo:
        files.append(project.content / logo)
    return hashlib.sha256((_digest_files(files, project.root) + _options(remote)).encode()).hexdigest()


_LEAVES = (str, int, float, bool, type(None), bytes)
# Where a model object was written in its source file, for messages: no output prints it, so
# what an output is made from (`Output.made_from`) is digested without it. A line added near the
# top of a workshop moves every slide below it, and would otherwise draw all its decks again.
SOURCE_PLACES = frozenset({"line"})
_SHORT = 48  # a part longer than this is replaced by its own digest when it is folded into another


@lru_cache(maxsize=None)
def _field_names(kind: type, ignoring: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """A dataclass's fields as its repr shows them (those with repr=False are not model data),
    less those `ignoring` names; None for anything else."""
    fields = getattr(kind, "__dataclass_fields__", None)
    if fields is None:
        return None
    return tuple(f.name for f in fields.values()
                 if f.repr and f._field_type is dataclasses._FIELD and f.name not in ignoring)


class ModelDigest:
    """Digests of model data: what its repr would print (frozen dataclasses, tuples and dicts
    show all they hold), folded bottom-up, each object once.

    A workshop's blocks sit in the workshop, its agenda and its online sessions alike, so
    printing each whole digest repeats them; here an object already folded is looked up by
    identity (and kept alive, so its identity is not reused), and any long part is replaced by
    its own digest. The result depends only on the values, never on what is shared."""

    def __init__(self, ignoring: frozenset[str] = frozenset()) -> None:
        self._folded: dict[int, tuple[object, str]] = {}
        self._ignoring = ignoring  # fields left out of every model object's digest (`SOURCE_PLACES`)

    def known(self, value: object, key: str, depth: int = 4) -> None:
        """Let `value` be digested as `key`, a digest of everything that made it (a ContentCache
        key), so it changes whenever the value can; and the model objects inside it, `depth`
        levels down, by the key and their place in it: an agenda's items and a session's pieces
        hold a workshop's blocks and slides, which are then not walked either.

        Only model objects (dataclasses) are known so: a time, a string or a tuple may be shared
        with a value made from something else (a programme holds a workshop's start time), and
        would then be digested by a key that does not make it."""
        kind = type(value)
        if kind is tuple or kind is list:
            parts = enumerate(value)
        elif kind is dict:
            parts = ((repr(k), v) for k, v in value.items())
        elif (names := _field_names(kind)) is not None:
            self._folded[id(value)] = (value, "#" + key)
            parts = ((name, getattr(value, name)) for name in names)
        else:
            return
        if depth:
            for place, part in parts:
                self.known(part, f"{key}/{place}", depth - 1)

    def __call__(self, value: object) -> str:
        return hashlib.sha256(self._fold(value).encode()).hexdigest()

    def _fold(self, value: object) -> str:
        kind = type(value)
        if kind in _LEAVES:
            return repr(value)
        known = self._folded.get(id(value))
        if known is not None:
            return known[1]
        fold = self._fold
        if kind is tuple:
            text = "(" + ",".join([fold(item) for item in value]) + ")"
        elif kind is list:
            text = "[" + ",".join([fold(item) for item in value]) + "]"
        elif kind is dict:
            text = "{" + ",".join([fold(k) + ":" + fold(v) for k, v in value.items()]) + "}"
        elif (names := _field_names(kind, self._ignoring)) is not None:
            text = kind.__qualname__ + "(" + ",".join([fold(getattr(value, name)) for name in names]) + ")"
        elif kind is set or kind is frozenset:  # printed in hash-seed order: sort them
            text = "{" + ",".join(sorted(fold(item) for item in value)) + "}"
        else:
            text = repr(value)
        if len(text) > _SHORT:
            text = "#" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        self._folded[id(value)] = (value, text)
        return text


def _hash(value: object) -> str:
    """A digest of model data, made on its own (`ModelDigest` when many share their parts)."""
    return ModelDigest()(value)


class OutputDigests:
    """Each output's inputs digest, with the parts every output shares hashed only once."""

    def __init__(self, views: dict[str, Pack], fingerprint: str, shared: str, model: ModelDigest | None = None):
        self.views, self.fingerprint, self.shared = views, fingerprint, shared
        # the audiences' views and the workshops' plans share their parts; what came from the
        # content cache is known by its key (`ContentCache.model`)
        self._hash = model or ModelDigest()
        # a deck's drawing calls by their values: one word changed in a workshop changes its key,
        # and with it every part known by that key, but only the decks that show the word
        self._by_value = ModelDigest(ignoring=SOURCE_PLACES)
        pack = views[FACILITATORS]
        # what every workshop's outputs quote: the charity, the activities, the plan's dates
        self.common = self._hash((shared, pack.profile, pack.profile.data, pack.activities, pack.programme,
                             pack.package, pack.timestamp, pack.remote))
        self._workshops: dict[tuple[str, str], str] = {}

    def workshop(self, workshop: str, audience: str = FACILITATORS) -> str:
        """A workshop's tailored content and plans as `audience` sees them, and its participant
        materials' words."""
        if (audience, workshop) not in self._workshops:
            pack = self.views[audience]
            handouts = (() if pack.handouts is None else
                        (pack.handouts.by_workshop.get(workshop), pack.handouts.easy_read.get(workshop)))
            self._workshops[audience, workshop] = self._hash((
                pack.agendas.get(workshop), pack.remote_plans.get(workshop), pack.co_facilitator_sections.get(workshop),
                pack.accessibility_plans.get(workshop), pack.printables.get(workshop), handouts))
        return self._workshops[audience, workshop]

    def __call__(self, output: Output) -> str:
        """An output that says what it is made from (a deck's drawing calls) depends on that alone,
        so an edit to a facilitator's note draws no deck again. A workshop's other outputs depend
        on that workshop and what all share, so editing one workshop renders only its outputs again; a pack-wide output on the parts of the pack its writer
        `reads` (the proposal does not quote a workshop's slides), else on the whole pack."""
        if output.made_from is not None:  # exactly what its renderer consumes, and nothing else
            return self._by_value((self.shared, output.kind, output.variant, output.made_from()))
        writer = writer_for(output.kind)
        if output.workshop is None:
            if writer.reads is None:
                return self.fingerprint
            pack = self.views[writer.audience]
            return self._hash((self.common, output.kind, output.variant) + tuple(getattr(pack, r) for r in writer.reads))
        return self._in_workshop(output, writer.audience)

    def _in_workshop(self, output: Output, audience: str) -> str:
        """A workshop's output by what it shares with the others and its workshop as `audience` sees it."""
        return self._hash((self.common, self.workshop(output.workshop, audience), output.kind, output.session,
                      output.variant))

    def recorded(self, output: Output, before: str | None) -> str:
        """What the manifest records of an output's inputs (`before`: what it recorded last time).

        A deck's digest is its drawing calls, and recording them takes as long as all the other
        digests together. It is kept as `coarse/fine`: the coarse part (the deck's workshop as
        the other outputs see it, and what all share) covers everything the calls are made from,
        so while it is unchanged the calls are not recorded again. Only the fine part is compared
        (`still_current`)."""
        if output.made_from is None or output.workshop is None:
            return self(output)
        coarse = self._in_workshop(output, FACILITATORS)
        if before and before.startswith(coarse + "/"):
            return before
        return f"{coarse}/{self(output)}"


def _fine(inputs: str | None) -> str | None:
    return inputs.rpartition("/")[2] if inputs else inputs


def unchanged_outputs(folder: Path, manifest: Manifest, fingerprint: str) -> list[Written] | None:
    """The fast path: nothing the pack depends on changed and every output is as we left it."""
    if not manifest.entries or manifest.inputs != fingerprint:
        return None
    files = []
    for path, entry in manifest.entries.items():
        if entry.get("fresh") or file_sha256(folder / path) != entry.get("sha256"):
            return None
        output = Output(entry["kind"], path, _no_bytes, entry.get("workshop"), entry.get("session"),
                        entry.get("minutes"), entry.get("variant"))
        files.append(Written("unchanged", output, path, (folder / path).stat().st_size, entry.get("slides", 0)))
    return files


def _no_bytes() -> bytes:
    return b""


def still_current(folder: Path, manifest: Manifest, path: str, inputs: str) -> bool:
    """Whether an output need not be rendered again: same inputs, and its file as we left it."""
    entry = (manifest.entries or {}).get(path)
    # an entry still waiting for its new bytes (next_sha256) is from a build that was interrupted
    return bool(entry and _fine(entry.get("inputs")) == _fine(inputs) and not entry.get("fresh") and not entry.get("next_sha256")
                and file_sha256(folder / path) == entry.get("sha256"))


class ContentCache:
    """Parsed and tailored content kept between builds in `build/.cache/`, one file per entry.

    An entry is found by a digest of everything that made it (`key`), so it is never stale; a
    missing, unreadable or corrupt entry is simply made again. The folder is ours: what is read
    back is what an earlier build of this checkout wrote.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder  # None: keep nothing (a build with no build folder yet, or a test)
        # digests of what this cache handed out, each known by its key: an output's digest does
        # not walk a workshop it was tailored from, only the key that made it
        self.model = ModelDigest()
        self._helper: tuple[int, set[str]] | None = None  # a child making entries (`share`), and their keys
        self._ready: dict[str, object] = {}  # entries `share` made here, until they are asked for

    @classmethod
    def for_project(cls, project: Project) -> "ContentCache":
        return cls(project.build / CACHE_FOLDER)

    def key(self, *parts: object) -> str:
        """An entry's key: a digest of everything that makes it, and the toolkit's code. Parts
        that came from this cache are digested by their own keys (`model`)."""
        return (self.model if self.folder is not None else ModelDigest())((toolkit_digest(),) + parts)

    def remember(self, kind: str, parts: tuple, make: Callable[[], T]) -> T:
        """`get` with the key made of `parts`: what the pure planning steps are handed (they know
        nothing of caches)."""
        return self.get(kind, self.key(*parts), make)

    def get(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """The entry for `key`, made with `make()` and kept when there is none.

        A value just made is handed out as it will be read back (unpickled), so a build uses the
        same objects whether the entry was made or read: no entry shares an object with another
        (a workshop's plan holds its own copy of the workshop, as when it is read back). Either
        way its digest (`model`) is its key."""
        if self.folder is None:  # NO_CACHE lives as long as the process: it remembers nothing
            return make()
        import pickle  # here, not at the top: an unchanged build never reads the cache

        if key in self._ready:
            return self._ready.pop(key)
        if self._helper is not None and key in self._helper[1]:
            self.wait_for_helper()
        value = self._read(kind, key)
        if value is _MISSING:
            made = make()
            try:
                stored = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                return made  # never kept, so always made afresh: digested by its value
            self._keep(self.folder / kind / f"{key}.pickle", stored)
            value = pickle.loads(stored)
        self.model.known(value, key)
        return value

    def share(self, jobs: list[tuple[str, str, Callable[[], object], int]], done: Callable[[], None] | None = None) -> None:
        """Have a forked child make about half of the missing entries among `jobs` (kind, key,
        make, weight) and keep them (then call `done` there), while this process makes the rest:
        a first build tailors its workshops on two cores. `get` hands out what was made here, and waits for the child
        before reading one of its entries. What the child could not make (a problem in the content) is simply missing, so
        `get` makes it here and reports the problem where it always does."""
        if self.folder is None or self._helper is not None or not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
            return
        missing = [job for job in jobs if not (self.folder / job[0] / f"{job[1]}.pickle").exists()]
        if len(missing) < 2:
            return
        from facilitation.workers import fork_child, two_shares

        theirs, _ = two_shares(missing, lambda job: job[3])

        def helper() -> int:
            for kind, key, make, _ in theirs:
                try:
                    self.get(kind, key, make)
                except Exception:
                    pass  # missing from the cache: the parent makes it again and reports why
            if done is not None:
                done()
            return 0

        self._helper = (fork_child(helper), {job[1] for job in theirs})
        for kind, key, make, _ in missing:  # ours now, before the caller asks for one of theirs
            if key not in self._helper[1]:
                try:
                    self._ready[key] = self.get(kind, key, make)
                except Exception:
                    pass  # asked for again by the caller, who makes it and reports the problem

    def wait_for_helper(self) -> None:
        """Wait for the child `share` started, if any (a build waits before it goes on from gathering)."""
        if self._helper is not None:
            child, self._helper = self._helper[0], None
            os.waitpid(child, 0)

    def _read(self, kind: str, key: str) -> object:
        import pickle

        path = self.folder / kind / f"{key}.pickle"
        try:
            with open(path, "rb") as stream:
                value = pickle.load(stream)
            os.utime(path)  # recently used: kept when the cache is trimmed
            return value
        except Exception:  # missing, partly written, or from another version: make it again
            return _MISSING

    def _keep(self, path: Path, stored: bytes) -> None:
        if _write_atomically(path, stored):
            self._trim(path.parent)

    def compiled_templates(self):
        """Where the tailoring keeps compiled Jinja texts (`facilitation.tailor.keep_compiled_templates`)."""
        if self.folder is None:
            return None
        from jinja2 import FileSystemBytecodeCache  # a build that parses nothing never loads Jinja

        class CompiledTemplates(FileSystemBytecodeCache):
            """Jinja's own bytecode cache, keyed by the text and the toolkit's code, trimmed like ours."""

            def get_cache_key(self, name: str, filename: str | None = None) -> str:
                return _hash((toolkit_digest(), name))

            trimmed = False

            def dump_bytecode(self, bucket) -> None:
                try:
                    super().dump_bytecode(bucket)
                    if not self.trimmed:  # once a build: a build adds at most the texts it compiles
                        self.trimmed = True
                        ContentCache._trim(Path(self.directory), "*.cache")
                except OSError:
                    pass  # an unwritable cache only costs time

        folder = self.folder / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return CompiledTemplates(str(folder), "%s.cache")

    def read_texts(self) -> "ReadTexts | None":
        """Where the tailoring keeps the plans of texts it reads without compiling
        (`facilitation.tailor.keep_compiled_templates`)."""
        return None if self.folder is None else ReadTexts(self.folder / "templates")

    @staticmethod
    def _trim(folder: Path, pattern: str = "*.pickle", keep: int | None = None) -> None:
        """Remove all but the `keep` (by default `MAX_CACHE_ENTRIES`) newest entries matching `pattern`."""
        keep = MAX_CACHE_ENTRIES if keep is None else keep
        entries = list(folder.glob(pattern))
        if len(entries) <= keep:
            return
        entries.sort(key=_modified)
        for old in entries[:len(entries) - keep]:
            old.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> bool:
    """Write `data` to `path` whole or not at all (a temporary file, then a rename); False when
    it cannot be written (a full disk, a read-only folder): a cache that is not kept only costs time."""
    import tempfile

    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
        temporary = None
        return True
    except OSError:
        return False
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


class ReadTexts:
    """The plans of texts the tailoring reads without compiling, kept between builds in a few
    files rather than one per text. A process that read new texts (a build, or the helper it
    forked) adds a small file of those alone; once that would make more than a few, it saves all
    it knows in one file instead, in place of the files it read. The newest few files are read
    back together."""

    KEPT = 4  # files: a whole reading and the edits since, or a build's and its helper's

    def __init__(self, folder: Path):
        self.folder = folder
        self._read: list[Path] = []  # what a whole save replaces
        self._known: set[str] = set()  # texts those files hold: not saved again

    def _version(self) -> str:
        import jinja2

        return f"{toolkit_digest()}|{jinja2.__version__}"  # plans are the toolkit's reading of Jinja's trees

    def load(self) -> dict:
        import pickle

        plans: dict = {}
        for path in sorted(self.folder.glob("plans-*.pickle"), key=_modified, reverse=True)[:self.KEPT]:
            try:
                with open(path, "rb") as stream:
                    version, kept = pickle.load(stream)
            except Exception:  # unreadable: read those texts again
                version, kept = None, {}
            if version != self._version():  # or another toolkit's reading: of no use to this one
                path.unlink(missing_ok=True)
                continue
            for text, plan in kept.items():
                plans.setdefault(text, plan)
            self._read.append(path)
            self._known.update(kept)
        return plans

    def save(self, plans: dict) -> None:
        """Keep `plans` (all this process knows): the new ones in a file of their own, or, when
        there are files enough, all of them in one (a one-word edit adds a line, it does not
        write four hundred)."""
        import pickle

        new = {text: plan for text, plan in plans.items() if text not in self._known}
        if not new:
            return
        whole = len(self._read) >= self.KEPT  # one more file would be one too many
        if whole and len(plans) > MAX_CACHE_ENTRIES * 4:  # a preview running for days: the newest texts
            plans = dict(list(plans.items())[-MAX_CACHE_ENTRIES * 4:])
        saved = self.folder / f"plans-{os.urandom(6).hex()}.pickle"  # never another's name, whatever its pid
        if not _write_atomically(saved, pickle.dumps((self._version(), plans if whole else new),
                                                     protocol=pickle.HIGHEST_PROTOCOL)):
            return
        self._known.update(new)
        if whole:
            for old in self._read:  # all in the one saved
                old.unlink(missing_ok=True)
            self._read = []
        self._read.append(saved)
        ContentCache._trim(self.folder, "plans-*.pickle", self.KEPT)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


_MISSING = object()
NO_CACHE = ContentCache(None)  # keeps nothing: every call makes its value
