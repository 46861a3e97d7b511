"""Start-up of forked worker processes: they die with the build that started them.

Killing a build (SIGTERM, SIGKILL, or closing the terminal) must not leave workers rendering
for nobody; and Ctrl-C is the parent's to handle, so workers do not print tracebacks of their own.
"""

from __future__ import annotations

import ctypes
import os
import signal

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
