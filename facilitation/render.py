"""Rendering a pack's outputs, in parallel worker processes when that pays, and the garbage
collector's part in a build.

Renderers are closures over the gathered pack, which cannot be pickled; forked workers inherit
them instead, so only an index goes out and only bytes come back. A deck can also be rendered
from picklable arguments (`Output.portable`): a small rebuild sends it to a `Drawer`, a process
forked before the pack was gathered, which has loaded python-pptx meanwhile. The collector waits
while the pack is gathered (`collector_paused`); rendering freezes the pack, then collects after
each output.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

if TYPE_CHECKING:
    from facilitation.writers import Output

_PENDING: Sequence[Output] = ()
MIN_OUTPUTS_FOR_WORKERS = 6


def _render(index: int) -> bytes:
    return _render_one(_PENDING[index])


def _render_one(output: Output) -> bytes:
    """One output's bytes, and its garbage gone: a deck or document leaves reference cycles
    (lxml proxies, parts and their relationships) that would otherwise pile up to twice the
    memory before Python's collector came round. What survives the collection (engines imported
    while rendering, their caches) lives on, so it is frozen: the next output's collection walks
    only that output's garbage, not every object loaded so far (a quarter of a clean build's
    rendering time went to walking them again). `render_all` thaws it all at the end."""
    data = output.render()
    gc.collect()
    gc.freeze()
    return data


def _weight(output: Output) -> int:
    """About how long an output takes to render, against a document's: a deck loads python-pptx."""
    return 4 if output.path.endswith(".pptx") else 1


def _render_in_two(outputs: Sequence[Output]) -> list[bytes]:
    """A few outputs shared between this process and one forked child, by weight: a one-word
    edit renders a deck and two documents, the deck in the child while the documents render here."""
    from facilitation.workers import fork_child, two_shares

    theirs, ours = two_shares(range(len(outputs)), lambda i: _weight(outputs[i]))
    reading, writing = os.pipe()

    def their_share() -> int:  # in the child: render, send the bytes (or the failure) back, and go
        os.close(reading)
        return _answer(writing, lambda: [_render_one(outputs[i]) for i in theirs])

    child = fork_child(their_share)
    os.close(writing)
    try:
        rendered = {i: _render_one(outputs[i]) for i in ours}
    except BaseException:  # Ctrl-C or a failure here: the child's work is for nobody
        _stop(child)
        os.close(reading)
        raise
    rendered.update(zip(theirs, _answered(child, reading)))
    return [rendered[i] for i in range(len(outputs))]


def _answer(writing: int, work: Callable[[], list[bytes]]) -> int:
    """A child's side: do the work and send its bytes back, or its failure for the parent to
    raise, as a pool would. The child's exit status."""
    import pickle

    try:
        result: tuple = ("done", work())
    except BaseException as error:
        result = ("failed", _sendable(error))
    try:
        with os.fdopen(writing, "wb") as stream:
            pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        return 1
    return 0


def _answered(child: int, reading: int) -> list[bytes]:
    """The parent's side: the child's bytes, or its failure raised here; an error when it
    stopped without answering (killed half-way), never an empty file."""
    import pickle

    try:
        with os.fdopen(reading, "rb") as stream:
            sent = stream.read()
    except BaseException:  # Ctrl-C while waiting: the child's work is for nobody
        _stop(child)
        raise
    os.waitpid(child, 0)
    if not sent:
        raise RuntimeError("a rendering process stopped before it finished (was it killed?)")
    outcome, value = pickle.loads(sent)
    if outcome == "failed":
        raise value
    return value


class Drawer:
    """A forked process that loads an engine (`warm`: python-pptx takes a tenth of a second) while
    the build gathers the pack, then renders the portable outputs (decks) of a small rebuild: a
    slide edit's deck is drawn there while this process renders the rest, and nobody waits for
    the import. Unused (a note edit, a build that stops on a problem), it is stopped."""

    def __init__(self, warm: Callable[[], object]):
        self.child: int | None = None
        self._ask: int | None = None
        self._answer: int | None = None
        if not hasattr(os, "fork"):
            return
        from facilitation.workers import fork_child

        asks, self._ask = os.pipe()
        self._answer, answers = os.pipe()

        def draw() -> int:  # in the child
            os.close(self._ask)
            os.close(self._answer)
            return _draw(asks, answers, warm)

        self.child = fork_child(draw)
        os.close(asks)
        os.close(answers)

    def send(self, outputs: Sequence[Output]) -> None:
        """Start rendering these portable outputs there (`receive` gives their bytes)."""
        import pickle

        ask, self._ask = self._ask, None
        with os.fdopen(ask, "wb") as stream:
            pickle.dump([output.portable() for output in outputs], stream, protocol=pickle.HIGHEST_PROTOCOL)

    def receive(self) -> list[bytes]:
        child, self.child = self.child, None
        answer, self._answer = self._answer, None
        return _answered(child, answer)

    def stop(self) -> None:
        """Stop it if nothing was received from it: it was not needed, or the build failed."""
        if self.child is not None:
            child, self.child = self.child, None
            _stop(child)
        for end in (self._ask, self._answer):  # those not yet closed with their streams
            if end is not None:
                os.close(end)
        self._ask = self._answer = None

    def __enter__(self) -> "Drawer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _draw(asks: int, answers: int, warm: Callable[[], object]) -> int:
    """The drawer's side: warm up, render what is asked (nothing, when the pipe closes empty) and
    answer; a failure to warm up is the answer too."""
    import pickle

    try:
        warm()
        failed = None
    except Exception as error:  # python-pptx missing or broken: said when a deck is asked for
        failed = error
    with os.fdopen(asks, "rb") as stream:
        asked = stream.read()
    if not asked:
        return 0

    def work() -> list[bytes]:
        if failed is not None:
            raise failed
        return [function(*arguments) for function, arguments in pickle.loads(asked)]
    return _answer(answers, work)


def _with_drawer(outputs: Sequence[Output], drawer: Drawer) -> list[bytes]:
    """The portable outputs drawn by the drawer, the rest rendered here meanwhile."""
    theirs = [i for i, output in enumerate(outputs) if output.portable is not None]
    drawer.send([outputs[i] for i in theirs])
    rendered = {i: _render_one(output) for i, output in enumerate(outputs) if output.portable is None}
    rendered.update(zip(theirs, drawer.receive()))
    return [rendered[i] for i in range(len(outputs))]


def _sendable(error: BaseException) -> BaseException:
    """The error itself when it can cross to the parent, else its words."""
    import pickle

    try:
        pickle.dumps(error)
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def _stop(child: int) -> None:
    import signal

    try:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    except OSError:
        pass


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection while the pack is gathered and digested. Nearly all it
    makes lives until the build ends and holds few cycles, so the collector would only walk it
    again and again (a tenth of a one-edit rebuild); it is frozen when the gathering is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        if enabled:
            gc.enable()
        raise
    # What was made meanwhile is all in the youngest generation: enabled as it is, the collector
    # would walk it at the next allocation (a twentieth of a one-edit rebuild). It is the pack the
    # outputs are rendered from, so it is frozen until rendering is over (`render_all` thaws it).
    gc.freeze()
    if enabled:
        gc.enable()


def render_all(outputs: Sequence[Output], jobs: int | None = None, drawer: Drawer | None = None) -> list[bytes]:
    """Render every output; with several cores, share the work among forked processes (a few
    outputs with a deck among them: with the `drawer`, when there is one)."""
    global _PENDING
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    forking = hasattr(os, "fork")  # as multiprocessing decides, without loading it for a small rebuild
    # the gathered pack lives until every output is rendered: frozen, the collector need not walk
    # it after each output, and forked workers share its pages instead of copying them
    gc.freeze()
    try:
        if jobs <= 1 or not forking or not outputs:
            return [_render_one(output) for output in outputs]
        if (drawer is not None and drawer.child is not None and len(outputs) < MIN_OUTPUTS_FOR_WORKERS
                and any(output.portable is not None for output in outputs)):
            return _with_drawer(outputs, drawer)
        if len(outputs) < 2:
            return [_render_one(output) for output in outputs]
        if len(outputs) < MIN_OUTPUTS_FOR_WORKERS:  # a pool costs more than it saves: one fork
            return _render_in_two(outputs)
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
