"""Forked worker processes: they die with the build that started them, and share its work.

Killing a build (SIGTERM, SIGKILL, or closing the terminal) must not leave workers rendering
for nobody; and Ctrl-C is the parent's to handle, so workers do not print tracebacks of their own.
Cheap to import (ctypes is loaded by the children only), so a small rebuild can fork one.
"""

from __future__ import annotations

import os
import signal
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _quietly(signum, frame) -> None:
    os._exit(130)  # Ctrl-C reaches the whole process group: stop without a traceback of our own


def stop_workers(pool) -> None:
    """Stop a pool's workers now (Ctrl-C, a failure), rather than after their current task."""
    import multiprocessing

    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()


def die_with_parent(parent: int) -> None:
    """Pool initializer: ask Linux to SIGKILL this worker when its parent dies, and stop
    quietly on Ctrl-C, which the parent reports. Elsewhere (no prctl) the pool's own clean-up still applies."""
    import ctypes

    signal.signal(signal.SIGINT, _quietly)
    try:
        # the C library Python runs on, as it is already loaded: finding it by name
        # (ctypes.util.find_library) runs ldconfig: 10 ms in every forked child
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def fork_child(work: Callable[[], int]) -> int:
    """A forked child that dies with this process, does `work` and exits with the status it
    returns (1 when it raises, without running this process's clean-up); its pid, here."""
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        status = 1
        try:
            die_with_parent(parent)
            status = work()
        finally:
            os._exit(status)
    return child


def two_shares(items: Sequence[T], weight: Callable[[T], int]) -> tuple[list[T], list[T]]:
    """The items in two shares of about equal weight, a forked child's and this process's: the
    heaviest first, each to the lighter share (the child's, when they weigh the same)."""
    theirs: list[T] = []
    ours: list[T] = []
    their_weight = our_weight = 0
    for item in sorted(items, key=lambda item: -weight(item)):
        if their_weight <= our_weight:
            theirs.append(item)
            their_weight += weight(item)
        else:
            ours.append(item)
            our_weight += weight(item)
    return theirs, ours
