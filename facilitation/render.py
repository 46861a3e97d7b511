"""Rendering a pack's outputs, in parallel worker processes when that pays, and the garbage
collector's part in a build.

Renderers are closures over the gathered pack, which cannot be pickled; forked workers inherit
them instead, so only an index goes out and only bytes come back. The collector waits while the
pack is gathered (`collector_paused`); rendering freezes the pack, then collects after each output.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator, Sequence

if TYPE_CHECKING:
    from facilitation.writers import Output

_PENDING: Sequence[Output] = ()
MIN_OUTPUTS_FOR_WORKERS = 6


def _render(index: int) -> bytes:
    return _render_one(_PENDING[index])


def _render_one(output: Output) -> bytes:
    """One output's bytes, and its garbage gone: a deck or document leaves reference cycles
    (lxml proxies, parts and their relationships) that would otherwise pile up to twice the
    memory before Python's collector came round."""
    data = output.render()
    gc.collect()
    return data


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection while the pack is gathered and digested. Nearly all it
    makes lives until the build ends and holds few cycles, so the collector would only walk it
    again and again (a tenth of a one-edit rebuild); rendering freezes it before collecting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_all(outputs: Sequence[Output], jobs: int | None = None) -> list[bytes]:
    """Render every output; with several cores, share the work among forked processes."""
    global _PENDING
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    forking = hasattr(os, "fork")  # as multiprocessing decides, without loading it for a small rebuild
    # the gathered pack lives until every output is rendered: frozen, the collector need not walk
    # it after each output, and forked workers share its pages instead of copying them
    gc.freeze()
    try:
        if jobs <= 1 or len(outputs) < MIN_OUTPUTS_FOR_WORKERS or not forking:
            return [_render_one(output) for output in outputs]
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from facilitation.workers import die_with_parent, stop_workers

        _PENDING = outputs
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            try:
                return list(pool.map(_render, range(len(outputs)), chunksize=1))
            except BaseException:  # Ctrl-C or a failure: do not wait for the rest to render
                stop_workers(pool)
                raise
    finally:
        _PENDING = ()
        gc.unfreeze()
