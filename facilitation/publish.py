"""Writing a pack to disk without ever losing anything: atomic files, a manifest, a lock.

- Each file is written to a temporary file beside it and moved into place.
- Before any output is replaced, the manifest is rewritten to accept both the old and the new
  hash of every output about to change; after all are written, it records only the new. So a
  build killed at any moment leaves each file old or new, and the manifest knows both.
- An output whose bytes match neither hash was edited by someone: it is kept, and the fresh
  one is written beside it (`name.new.ext`) unless `force`.
- An output of the last build that this one no longer makes (a workshop dropped, fewer online
  sessions) is removed while its bytes are still what the manifest recorded; one someone edited
  is never deleted: it is left in place and reported.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from facilitation.errors import FacilitationError, Problem
from facilitation.writers import Output

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


# Why each OS failure happened, in words a facilitator can act on.
_REASONS = {errno.ENOSPC: ("the disk is full", "free some space, then build again"),
            errno.EDQUOT: ("the disk quota is used up", "free some space, then build again"),
            errno.EROFS: ("the folder is read-only", "build into a folder you can write to"),
            errno.EACCES: ("permission denied", "check the folder's permissions"),
            errno.EPERM: ("the file or folder may not be changed (immutable?)", "check its attributes"),
            errno.ENAMETOOLONG: ("the path is too long", "build in a folder nearer the top of the disk"),
            errno.EISDIR: ("a folder is in the way of an output file", "move or rename that folder"),
            errno.ENOTDIR: ("a file is in the way of a folder", "move or rename that file"),
            errno.EEXIST: ("a file is in the way of a folder", "move or rename that file")}


@contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Turn an OS failure into a message naming the path (exit 2), never a traceback."""
    try:
        yield
    except OSError as error:
        reason, hint = _REASONS.get(error.errno, (error.strerror or str(error), ""))
        raise FacilitationError([Problem(str(path), None, f"cannot write: {reason}", hint)]) from None


def _file_mode() -> int:
    """What a new file gets under the current umask (0644 under 022): colleagues can read the pack."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def stage(path: Path, data: bytes) -> Path:
    """Write data to a temporary file beside `path` and return it; nothing is replaced yet."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: an unchanged build writes nothing

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _file_mode())  # mkstemp makes 0600 whatever the umask
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def move_into_place(temporary: Path, path: Path) -> None:
    os.replace(temporary, path)


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then move it into place."""
    temporary = stage(path, data)
    try:
        move_into_place(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


TMP = ".tmp"


def remove_leftovers(folder: Path) -> None:
    """Temporary files an interrupted build left behind (`.name.XXXX.tmp`): ours, safe to delete."""
    for leftover in folder.rglob(f".*{TMP}"):
        if leftover.is_file() and not leftover.is_symlink():
            leftover.unlink(missing_ok=True)


def _plain_relative(relative: object) -> bool:
    """A relative path that names no parent, no root, no drive and no home: inside, links aside."""
    if not isinstance(relative, str) or not relative or "\0" in relative:
        return False
    pure = PurePosixPath(relative)
    return not (pure.is_absolute() or ".." in pure.parts or relative.startswith(("\\", "~")) or ":" in pure.parts[0])


def inside_folder(folder: Path, relative: object, resolved: str | None = None) -> bool:
    """Whether a path read from a manifest stays inside its build folder, links followed: a
    tampered manifest must never make a build write or delete anything outside it.
    (`resolved`: the folder's real path, when the caller checks many paths.)"""
    if not _plain_relative(relative):
        return False
    try:
        root = resolved or os.path.realpath(folder)
        real = os.path.realpath(os.path.join(folder, relative))
    except (ValueError, OSError, RuntimeError):
        return False
    return real.startswith(root + os.sep) or real == root


def _has_links(folder: Path) -> bool:
    """Whether anything under the folder is a symbolic link (or cannot be looked at)."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink() or (entry.is_dir(follow_symlinks=False) and _has_links(Path(entry.path))):
                    return True
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return False


def _contained(folder: Path, entries: dict[str, dict], ignored: list[str]) -> dict[str, dict]:
    """The manifest entries whose paths (and fresh copies) stay in the folder; the rest noted.
    With no link under the folder, a relative path without '..' cannot leave it, so each path is
    followed on disk only when there is one."""
    kept = {}
    resolved = os.path.realpath(folder)
    links = _has_links(folder)

    def inside(relative: object) -> bool:
        return inside_folder(folder, relative, resolved) if links else _plain_relative(relative)

    for path, entry in entries.items():
        bad = [p for p in (path, entry.get("fresh")) if p is not None and not inside(p)]
        if bad:
            ignored.append(f"{folder / MANIFEST}: ignored the entry for '{str(bad[0])[:80]}', "
                           "a path outside the build folder (was the manifest edited?)")
            continue
        kept[path] = entry
    return kept


@dataclass
class Manifest:
    charity: str
    name: str = ""
    inputs: str = ""  # fingerprint of everything the whole pack was built from
    notices: list[str] | None = None  # advice from the last build, repeated when nothing changed
    entries: dict[str, dict] | None = None
    ignored: list[str] = field(default_factory=list)  # warnings: entries refused when it was read

    @classmethod
    def read(cls, folder: Path, charity: str) -> "Manifest":
        try:
            data = json.loads((folder / MANIFEST).read_text("utf-8"))
            entries = {e["path"]: e for e in data["outputs"] if isinstance(e, dict) and isinstance(e.get("path"), str)}
            ignored: list[str] = []
            entries = _contained(folder, entries, ignored)
            return cls(charity, data.get("name", ""), data.get("inputs", ""), entries=entries,
                       notices=list(data.get("notices", [])), ignored=ignored)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(charity, entries={})

    def ours(self, path: str) -> set[str]:
        """The hashes this toolkit wrote (or was about to write) for an output."""
        entry = (self.entries or {}).get(path, {})
        return {entry[k] for k in ("sha256", "next_sha256") if entry.get(k)}

    def write(self, folder: Path) -> None:
        data = {"charity": self.charity, "name": self.name, "inputs": self.inputs, "notices": self.notices or [],
                "outputs": list((self.entries or {}).values())}
        atomic_write(folder / MANIFEST, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


@dataclass
class Written:
    status: str  # new | updated | unchanged | kept (edited by someone; the fresh copy is beside it)
    # | removed (no longer made; deleted) | stale (no longer made, but edited by someone: left in place)
    output: Output
    path: str  # where the fresh bytes are, relative to the charity's build folder
    size: int
    slides: int = 0


def beside(path: str, n: int = 1) -> str:
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}.new{n if n > 1 else ''}{pure.suffix}"))


def _side_copy(folder: Path, path: str, entry: dict, digest: str) -> str:
    """Where the fresh copy of an edited output goes: `name.new.ext`, unless someone edited that
    copy too; then it is kept like any edited output (and listed) and the next free
    `name.newN.ext` is used."""
    for n in range(1, 10):
        copy = beside(path, n)
        current = file_sha256(folder / copy)
        if current is None or current == digest or (entry.get("fresh") == copy and current == entry.get("fresh_sha256")):
            return copy
    raise FacilitationError([Problem(str(folder / beside(path, 9)), None, "nine edited side copies of this output",
                                     "delete the ones you no longer need, then build again")])


def retire_side_copies(folder: Path, previous: dict[str, dict], entries: dict[str, dict]) -> list[Written]:
    """Side copies (`name.new.ext`, `name.new2.ext` …) this build no longer needs (after --force,
    or once the edited output was put back): removed when they hold bytes we wrote, else listed,
    so none is forgotten in silence."""
    present = _side_copies_present(folder, entries)  # one listing a folder, not nine opens an output
    if not present:
        return []
    retired = []
    for path, entry in entries.items():
        old = previous.get(path, {})
        for n in range(1, 10):
            copy = beside(path, n)
            if copy not in present:
                continue
            current = file_sha256(folder / copy)
            if current is None or entry.get("fresh") == copy:
                continue
            output = _stale_output(entry, path)
            if old.get("fresh") == copy and current == old.get("fresh_sha256"):
                (folder / copy).unlink()
                retired.append(Written("removed", output, copy, 0))
            else:
                retired.append(Written("edited-copy", output, copy, (folder / copy).stat().st_size))
    return retired


def _side_copies_present(folder: Path, paths) -> set[str]:
    """The files (relative to `folder`) beside any of `paths` that are named like a side copy
    (`beside`); none in a folder that cannot be listed."""
    present = set()
    for parent in {PurePosixPath(path).parent for path in paths}:
        try:
            names = os.listdir(folder / parent)
        except OSError:
            continue
        present.update(str(parent / name) for name in names if ".new" in name)
    return present


def slide_count(data: bytes) -> int:
    """Slides in a PPTX, counted from its zip entries (no python-pptx needed)."""
    import io
    import re
    import zipfile

    if not data.startswith(b"PK"):
        return 0
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return sum(1 for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))


def publish(folder: Path, manifest: Manifest, rendered: list[tuple[Output, bytes | None, str]],
            force: bool) -> list[Written]:
    """Write rendered outputs (output, bytes, inputs digest) into folder, keeping edited files.

    Bytes of None mean the output was not rendered again: its inputs and file are unchanged."""
    remove_leftovers(folder)  # under the build lock: no other build is writing them
    previous = manifest.entries or {}
    entries: dict[str, dict] = {}
    plans: list[tuple[Written, bytes | None]] = []
    for output, data, inputs in rendered:
        if data is None:  # not rendered: its inputs are unchanged and the file is as we left it
            entry = {**previous[output.path], "inputs": inputs}
            size = (folder / output.path).stat().st_size
            plans.append((Written("unchanged", output, output.path, size, entry.get("slides", 0)), None))
            entries[output.path] = entry
            continue
        digest = sha256(data)
        entry = {**output.manifest_entry(digest), "inputs": inputs}
        current = file_sha256(folder / output.path)
        slides = slide_count(data) if output.path.endswith(".pptx") else 0
        if current == digest:
            plans.append((Written("unchanged", output, output.path, len(data), slides), None))
        elif current is not None and current not in manifest.ours(output.path) and not force:
            fresh = _side_copy(folder, output.path, previous.get(output.path, {}), digest)
            old = previous.get(output.path, {}).get("sha256") or current
            entry = {**entry, "sha256": old, "fresh": fresh, "fresh_sha256": digest}
            plans.append((Written("kept", output, fresh, len(data), slides), data))
        else:
            status = "new" if current is None else "updated"
            if current is not None:
                entry = {**entry, "sha256": previous.get(output.path, {}).get("sha256", current),
                         "next_sha256": digest}
            plans.append((Written(status, output, output.path, len(data), slides), data))
        entries[output.path] = entry
    # 1. every file staged as a temporary file: a full disk or a read-only folder fails here,
    # with the last good build untouched; 2. a manifest that accepts old and new hashes;
    # 3. the files moved into place; 4. the final manifest
    staged = _stage_all(folder, [(written.path, data) for written, data in plans if data is not None])
    try:
        manifest.entries = {**previous, **entries}
        with os_errors(folder / MANIFEST):
            manifest.write(folder)
        for path, temporary in staged:
            with os_errors(folder / path):
                move_into_place(temporary, folder / path)
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
    for written, _ in plans:
        entry = entries[written.output.path]
        if written.status in ("new", "updated"):
            entry["sha256"] = entry.pop("next_sha256", entry["sha256"])
    # before the final manifest forgets them, so a crash leaves nothing of ours unrecorded
    gone = remove_stale(folder, {p: e for p, e in previous.items() if p not in entries},
                        {w.path for w, _ in plans})
    gone += retire_side_copies(folder, previous, entries)
    manifest.entries = entries
    with os_errors(folder / MANIFEST):
        manifest.write(folder)
    return [w for w, _ in plans] + gone


def _stage_all(folder: Path, files: list[tuple[str, bytes]]) -> list[tuple[str, Path]]:
    """Each file's bytes in a temporary file beside it; on any failure, none is left."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            with os_errors(folder / path):
                staged.append((path, stage(folder / path, data)))
    except BaseException:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        raise
    return staged


def _stale_output(entry: dict, path: str) -> Output:
    return Output(entry.get("kind", ""), path, lambda: b"", entry.get("workshop"), entry.get("session"),
                  entry.get("minutes"), entry.get("variant"))


def remove_stale(folder: Path, stale: dict[str, dict], keep: set[str]) -> list[Written]:
    """Delete the last build's outputs that this one no longer makes, while their bytes are ours.

    A file someone edited is left where it is (status "stale"), and so is anything this build
    has just written. The fresh copy of a kept output (`name.new.ext`) goes with its output.
    """
    gone: list[Written] = []
    for path, entry in sorted(stale.items()):
        copies = [(path, {entry.get(k) for k in ("sha256", "next_sha256")} - {None})]
        if entry.get("fresh"):
            copies.append((entry["fresh"], {entry.get("fresh_sha256")} - {None}))
        for copy, ours in copies:
            target = folder / copy
            current = file_sha256(target)
            if current is None or copy in keep:
                continue
            if current not in ours:
                gone.append(Written("stale", _stale_output(entry, path), copy, target.stat().st_size))
                continue
            target.unlink()
            _remove_empty_folders(target.parent, folder)
            gone.append(Written("removed", _stale_output(entry, path), copy, 0))
    return gone


def _remove_empty_folders(start: Path, folder: Path) -> None:
    """Folders the removed files leave empty (remote/vision/ when vision has no sessions left)."""
    for parent in (start, *start.parents):
        if parent == folder or folder not in parent.parents:
            return
        try:
            parent.rmdir()
        except OSError:  # not empty
            return


_HELD_LOCKS: set = set()


def _drop_locks_in_child() -> None:
    """A forked render worker must not keep the build lock alive if its parent is killed."""
    for handle in list(_HELD_LOCKS):
        try:
            os.close(handle.fileno())
        except OSError:
            pass
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


@contextmanager
def build_lock(folder: Path, charity: str) -> Iterator[None]:
    """One build per charity at a time; a second one is told, not left to corrupt the first."""
    with os_errors(folder):
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "a file is in the way", str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / ".lock", "w")
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                raise FacilitationError([Problem(str(folder), None, f"another build of '{charity}' is running",
                                                 "wait for it to finish, then build again")]) from None
            raise
        _HELD_LOCKS.add(handle)
        try:
            yield
        finally:
            _HELD_LOCKS.discard(handle)
            fcntl.flock(handle, fcntl.LOCK_UN)
