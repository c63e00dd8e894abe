"""Work done beside the main process while it aggregates and renders: the earlier decisions
like each item (``similar.py``, written into the store) and the open-data files
(``opendata``), each in a process of its own. Both only read the letters the main process has
stored; neither needs a page. On two cores this takes them off the build's critical path: at
10,000 letters the main process spends about 3 s aggregating and laying out the summary pages
while the second core would otherwise wait. They run side by side, not one after the other:
the case pages wait for the first (2-3 s), the commit for the second (3 s even when every
letter's piece of the files is kept), and one after the other they kept an incremental build
waiting for the data files 1.5 s after its pages were done.

Below ``PARALLEL_FROM`` letters, or with one worker, the same functions run in the main process,
one after the other, with the same results. The side processes are forked (spawned on macOS) and
open their own store connections: the main one is never shared. The store is in WAL mode, so the
main process keeps reading while the side process writes the ``similar`` table.
"""

from __future__ import annotations

import io
import multiprocessing
import sys
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path
from typing import Any, TextIO, cast

from generator.errors import GeneratorError
from generator.opendata import KEPT, corpus_positions, keep_data, write_data
from generator.progress import Progress
from generator.reuse import Outputs
from generator.similar import find_similar
from generator.store import connect
from generator.write import Writer

# How a failed side process is named.
_BUILD_PROCESS = "a build process"
# Letters from which the side process is worth starting (a fork and two store connections).
PARALLEL_FROM = 200


def process_context() -> ForkContext | SpawnContext:
    """How the build's processes start (this module's, the rendering and stamping workers'):
    forked, so they share what the main process has loaded; spawned on macOS, where forking a
    process that has used the system's frameworks is unsafe. (The parsing workers,
    ``pipeline.py``, choose the same for themselves: that module is part of the parser's
    version, which a change would make every store parse its letters again for.)"""
    if sys.platform == "darwin":
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("fork")


def beside(workers: int, letters: int) -> bool:
    """Whether a build of ``letters`` with ``workers`` processes does its side work in
    processes of their own (this module's, and the charts': ``rendering.Drawing``)."""
    return workers > 1 and letters >= PARALLEL_FROM


def similar_table(store: Path) -> tuple[int, float, dict[int, str]]:
    """Fill the ``similar`` table; the rows written, the seconds it took, and each letter's
    digest of its items' lists (part of what its case page is made from)."""
    started = time.perf_counter()
    db, read = connect(store), connect(store, readonly=True)
    try:
        found, lists = find_similar(db, read)
    finally:
        db.close()
        read.close()
    return found, time.perf_counter() - started, lists


def data_files(
    store: Path, docs: Path, staging: Path, note: str = "; in a side process"
) -> tuple[set[str], str]:
    """Write the open-data files into the build's staging folder; the paths written and the
    stage's progress lines (printed by the main process, so they do not interleave)."""
    log = io.StringIO()
    db = connect(store, readonly=True)
    keep = connect(store)  # each letter's piece of the files, kept for the next build
    try:
        writer = Writer(docs, staging)
        progress = Progress("open data", len(corpus_positions(db)), log)
        progress.done(write_data(db, writer, progress, keep) + note)
    finally:
        db.close()
        keep.close()
    return writer.written, log.getvalue()


# A function and its arguments.
_Step = tuple[Callable[..., Any], tuple[Any, ...]]


class SideProcess:
    """Functions run one after the other in a process of their own, started at once, each
    result sent back through a pipe as soon as it is ready (``result`` takes the next one). (Not
    a process pool: a pool's threads in the main process would be copied into the worker
    processes it forks later, which is unsafe.) Forked, spawned on macOS. ``name`` says which
    process it is when it fails."""

    def __init__(self, steps: list[_Step], name: str) -> None:
        context = process_context()
        self.name = name
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, steps), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> Any:
        """The next result (waiting for it)."""
        try:
            ok, value = self._receive.recv()
        except EOFError:  # the process died without a word (killed, out of memory)
            self._process.join()
            raise GeneratorError(
                f"{self.name} stopped (exit {self._process.exitcode}); the site is unchanged"
            ) from None
        if not ok:
            raise GeneratorError(f"{self.name} failed:\n{value}")
        return value

    def join(self) -> None:
        """Wait for the process to end (once it has sent everything)."""
        self._process.join()

    def stop(self) -> None:
        """Stop the process, if it still runs, and wait for it."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _run(send: Connection, steps: list[_Step]) -> None:
    try:
        for function, args in steps:
            send.send((True, function(*args)))
    except BaseException:  # reported by the main process, which stops the build
        send.send((False, traceback.format_exc()))
    finally:
        send.close()


class Background:
    """The side work of one build, started by ``start`` once the letters are stored and the
    writer exists: ``similar`` when the case pages need it, ``finish`` before the writer
    commits. Leaving the ``with`` block stops whatever is still running."""

    def __init__(self, store: Path, letters: int, workers: int) -> None:
        self.store = store
        self._beside = beside(workers, letters)
        self._side: SideProcess | None = None
        self._data: SideProcess | None = None
        self._write_data = False

    @property
    def parallel(self) -> bool:
        """Whether the work runs in a side process (else in the main one)."""
        return self._beside

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc: object) -> None:
        for side in (self._side, self._data):
            if side is not None:
                side.stop()

    def start(self, writer: Writer, outputs: Outputs, out: TextIO) -> None:
        """Keep the earlier build's data files or plan new ones, and start the side processes:
        the ``similar`` table's and the data files'."""
        db = connect(self.store, readonly=True)
        try:
            kept = keep_data(db, writer, outputs)
            if kept:
                letters = len(corpus_positions(db))
                progress = Progress("open data", letters, out)
                progress.step(letters)
                progress.done(KEPT)
        finally:
            db.close()
        self._write_data = not kept
        if self._beside:
            self._side = SideProcess([(similar_table, (self.store,))], _BUILD_PROCESS)
            if self._write_data:
                data = (data_files, (self.store, writer.docs, writer.staging))
                self._data = SideProcess([data], _BUILD_PROCESS)

    def similar(self) -> tuple[int, float, dict[int, str]]:
        """The ``similar`` table's rows, seconds and digests (waiting for the side process)."""
        if self._side is None:
            return similar_table(self.store)
        return cast(tuple[int, float, dict[int, str]], self._side.result())

    def finish(self, writer: Writer, out: TextIO) -> None:
        """Wait for the data files and claim their paths in ``writer``."""
        if not self._write_data:
            return
        if self._data is None:
            paths, log = data_files(self.store, writer.docs, writer.staging, "")
        else:
            paths, log = self._data.result()
        writer.claim(paths)
        print(log, end="", file=out)
