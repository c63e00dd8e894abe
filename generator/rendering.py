"""The build's case pages, full lists and charts, made in worker processes (``build.py`` runs
this stage after the summary pages): which case pages an earlier build made from the same
letter, and are kept; which periods of the full lists changed letters are in; the pool of
workers that renders the pages; and the charts not drawn before, drawn in a process of their
own from the moment the summary pages are laid out.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TextIO, cast

import jinja2

from generator.background import SideProcess, process_context
from generator.catalog import Catalog
from generator.charts import Bar, chart_digest, outcome_chart, ready
from generator.lists import Lists, periods_of
from generator.pages import Chart, ListSpec, case_page, list_pages
from generator.pages.listing import PERIOD_QUERIES, ListPage, ListPlan
from generator.progress import Progress
from generator.render import environment, render
from generator.reuse import Outputs, digest, page_version
from generator.similar import similar_items
from generator.store import Store, connect, read_records
from generator.urls import page_path
from generator.write import Writer

# Case pages per task given to a worker process; below PARALLEL_FROM tasks' worth of pages,
# lists and charts, no worker is started.
_CASES_PER_TASK = 100
PARALLEL_FROM = 200


def kept_case_pages(
    store: Store, outputs: Outputs, similar: dict[int, str]
) -> tuple[list[int], list[str], frozenset[str] | None]:
    """The positions of the letters whose case pages must be rendered; the files (a case page
    and its JSON) an earlier build made from the same letter, name, page code and earlier
    decisions like its items (``similar``: each letter's digest of them), to keep; and the
    periods of the full lists (years, months, undated) whose list pages may have changed: those
    of the rendered letters, before and now, and of the letters gone since the last build (None:
    any may have, as the last build kept no dates)."""
    notes: dict[int, list[tuple[str, str]]] = {}
    for position, code, text in store.db.execute(
        "SELECT position, code, text FROM letter_notes ORDER BY position, n"
    ):
        notes.setdefault(position, []).append((code, text))
    version = page_version()
    todo: list[int] = []
    kept: list[str] = []
    touched: set[str] = set()
    unknown = False  # a touched letter's earlier period is not known
    rows = store.db.execute(
        "SELECT position, id, source, sha256, slug, decision_date FROM letters "
        "WHERE failure IS NULL ORDER BY slug, position"
    )
    slugs = set()
    for position, letter_id, source, sha, slug, date in rows.fetchall():
        slugs.add(slug)
        made = digest(
            version,
            sha,
            letter_id,
            source,
            slug,
            notes.get(position, []),
            similar.get(position, ""),
        )
        paths = (f"cases/{slug}.md", f"cases/{slug}.json")
        for path in paths:
            outputs.record(path, made)
        # The letter's decision date, for the next build (not a file: the name says so).
        outputs.record(f"cases/{slug}{_DATE}", date or "")
        if all(outputs.reusable(path, made) for path in paths):
            kept += paths
        else:
            todo.append(position)
            touched.update(periods_of(date))
            if f"cases/{slug}.md" in outputs.before:  # changed: its date may have too
                earlier = outputs.before.get(f"cases/{slug}{_DATE}")
                unknown = unknown or earlier is None
                touched.update(periods_of(earlier or None))
    for path, date in outputs.under("cases/").items():  # letters gone since the last build
        if path.endswith(_DATE) and path[len("cases/") : -len(_DATE)] not in slugs:
            touched.update(periods_of(date or None))
    return todo, kept, None if unknown else frozenset(touched)


# Beside each case page's digest, the digest table keeps its letter's decision date under
# "cases/<slug>.date" (no file has that name): the next build knows which periods of the full
# lists a changed or removed letter was in.
_DATE = ".date"


class Charts:
    """The charts of the build: those drawn before come from the store (same data, title and
    drawing code); the others are drawn in a process of their own while the build goes on,
    and remembered in the store (``remember``). Each chart is handed over (``add``) as soon as
    its page is laid out, so the drawing starts while the main process lays out the rest.

    Drawing is the largest part of adding a hundred letters to a large collection (every
    chart showing a count they change, about 190 of 245 at 10,000 letters, 20-40 ms each).
    Only the site's last step needs the new charts: ``publish.py`` builds the site meanwhile
    and takes them (``wait``) just before it puts the site in place; a build of docs/ alone
    waits for them before it commits (``build.py``). Without a ``drawing`` process they are
    drawn in ``wait``, in this process, with the same results."""

    def __init__(self, store: Store, drawing: Drawing | None) -> None:
        self.store, self._drawing = store, drawing
        self.charts: list[Chart] = []
        self.digests: list[str] = []
        self.known: dict[str, bytes] = {}
        self.jobs: dict[str, tuple[tuple[Bar, ...], str]] = {}
        self._drawn: tuple[dict[str, bytes], float] | None = None

    def add(self, chart: Chart) -> None:
        """A chart of a page: known, or sent to be drawn."""
        made = chart_digest(chart.bars, chart.title)
        self.charts.append(chart)
        self.digests.append(made)
        if made in self.known or made in self.jobs:
            return
        found = self.store.charts([made])
        if found:
            self.known.update(found)
            return
        self.jobs[made] = (chart.bars, chart.title)
        if self._drawing is not None:
            self._drawing.send((made, chart.bars, chart.title))

    def stop(self) -> None:
        """Stop the drawing, if it still runs (the build failed)."""
        if self._drawing is not None:
            self._drawing.stop()

    def remember(self, db: sqlite3.Connection) -> None:
        """Keep the new charts' SVG in the store (``db``: a writable connection to it), once
        they are drawn (``wait``)."""
        assert self._drawn is not None
        with db:
            db.executemany("INSERT OR REPLACE INTO charts VALUES (?, ?)",
                           sorted(self._drawn[0].items()))  # fmt: skip

    @property
    def drawn_before(self) -> list[tuple[Chart, bytes]]:
        """The charts whose SVG the store had."""
        return [(c, self.known[d]) for c, d in zip(self.charts, self.digests, strict=True)
                if d in self.known and d not in self.jobs]  # fmt: skip

    @property
    def new(self) -> list[Chart]:
        """The charts being drawn."""
        return [c for c, d in zip(self.charts, self.digests, strict=True) if d in self.jobs]

    def wait(self, out: TextIO) -> list[tuple[Chart, bytes]]:
        """The new charts with their SVG (waiting for them); the first call prints the stage's
        closing line to ``out``, with the seconds spent drawing."""
        if self._drawn is None:
            if self._drawing is not None:
                self._drawn = self._drawing.result()
            else:
                jobs = [(d, *job) for d, job in sorted(self.jobs.items())]
                self._drawn = draw_charts(jobs)
            self.known.update(self._drawn[0])
            progress = Progress("charts", len(self.charts), out)
            progress.step(len(self.charts))
            where = "; in a process of their own" if self._drawing and self.jobs else ""
            before = len(self.charts) - len(self.new)
            progress.done(f"{len(self.new)} drawn, {before} as drawn before{where}",
                          progress.started + self._drawn[1])  # fmt: skip
        return [(c, self.known[d]) for c, d in zip(self.charts, self.digests, strict=True)
                if d in self.jobs]  # fmt: skip


_Job = tuple[str, tuple[Bar, ...], str]  # a chart to draw: its digest, bars and title


class Drawing:
    """The process that draws the charts sent to it, one at a time, and at the end sends back
    their SVG (``result``). It reads what it is sent in a thread of its own, so the pipe never
    fills and the main process never waits to send. It readies matplotlib as soon as it
    starts."""

    def __init__(self) -> None:
        jobs, self._jobs = multiprocessing.Pipe(duplex=False)
        self._side = SideProcess([(_draw, (jobs,))], "drawing the charts")
        jobs.close()

    def send(self, job: _Job | None) -> None:
        """Hand over a chart (None: no more). When the process stopped (it failed: ``result``
        says why), nothing more is sent."""
        if self._jobs.closed:
            return
        try:
            self._jobs.send(job)
        except OSError:  # a broken pipe
            self._jobs.close()

    def result(self) -> tuple[dict[str, bytes], float]:
        self.send(None)
        self._jobs.close()
        drawn = cast(tuple[dict[str, bytes], float], self._side.result())
        self._side.join()
        return drawn

    def stop(self) -> None:
        self._side.stop()


def _draw(jobs: Connection) -> tuple[dict[str, bytes], float]:
    """The drawing process's work (``Drawing``): every chart sent through ``jobs``, drawn as
    it comes. It never touches the corpus store: it was forked while the main process had the
    store open, maybe mid-transaction, and a connection made in such a child shares SQLite's
    record of the parent's locks, which the child does not hold (the charts it stored that way
    were lost). The main process stores them."""
    waiting: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                job = cast("_Job | None", jobs.recv())
            except (EOFError, OSError):  # the main process is gone: stop too
                job = None
            waiting.put(job)
            if job is None:
                return

    threading.Thread(target=read, daemon=True).start()
    ready()
    return draw_charts(iter(waiting.get, None))


def draw_charts(jobs: Iterable[_Job]) -> tuple[dict[str, bytes], float]:
    """Draw the charts, each as it comes; their SVG by digest, and the seconds spent drawing."""
    drawn: dict[str, bytes] = {}
    busy = 0.0
    for made, bars, title in jobs:
        started = time.perf_counter()
        drawn[made] = outcome_chart(bars, title)
        busy += time.perf_counter() - started
    return drawn, busy


# Set in each worker by ``_start``: what every task of one build shares (the templates are
# compiled once per process, not per task).
_JOB: tuple[Path, Catalog, Path, Path, jinja2.Environment] | None = None


def _start(store: Path, catalog: Catalog, docs: Path, staging: Path) -> None:
    global _JOB
    _JOB = (store, catalog, docs, staging, environment())


# A task: some case pages (their positions); one full list (its spec and plan, the periods
# changed letters are in, its rows of some periods read beforehand (``read_touched``), and the
# digests the earlier build recorded for its pages).
_Task = tuple[str, object, dict[str, str]]
# Rows of a list read beforehand: the periods, and every row the list has in them.
Given = tuple[frozenset[str], list[tuple[object, ...]]]
# The digest of a full list's frame (``_render_task``) is kept beside its pages' under this
# name in its folder.
_FRAME = ".list"


def _render_task(task: _Task) -> tuple[set[str], dict[str, str]]:
    """Render some case pages or one full list straight into the staging folder (a list's page
    whose rows have not changed is kept from the earlier build); the paths written and the
    digests of a list's pages."""
    assert _JOB is not None
    store, catalog, docs, staging, env = _JOB
    writer = Writer(docs, staging)
    digests: dict[str, str] = {}
    kind, what, before = task
    db = connect(store, readonly=True)
    try:
        if kind == "cases":
            positions = cast(list[int], what)
            for position, stored in zip(positions, read_records(db, positions), strict=True):
                page = case_page(stored.record, catalog, similar_items(db, position))
                writer.text(page_path(page.url), render(page, env))
                # The whole record beside its page (a static file MkDocs copies as it is).
                data = json.dumps(stored.data, ensure_ascii=False, separators=(",", ":"))
                writer.text(f"cases/{stored.record.slug}.json", data + "\n")
        else:
            spec, planned, touched, given = cast(
                tuple[ListSpec, ListPlan, frozenset[str] | None, Given | None], what
            )
            lists = Lists(db)
            lists.plans[spec] = planned
            if given is not None:
                lists.give(spec.source, *given)
            version = page_version()
            # What the list's pages share: the code and the list itself (its title, query and
            # addresses). Kept under a name no file has.
            frame = digest(version, spec)
            digests[spec.base + _FRAME] = frame

            def unchanged(page: ListPage) -> bool:
                """The same list, and the page's period holds the same letters as before (no
                rendered letter is in it): its rows are those of the earlier page, unread."""
                path = page_path(page.url)
                return (
                    touched is not None and spec.source.dated and page.period not in touched
                    and before.get(spec.base + _FRAME) == frame and path in before
                    and os.path.isfile(os.path.join(docs, path))
                )  # fmt: skip

            for listed in list_pages(lists, spec, lambda page: not unchanged(page)):
                path = page_path(listed.url)
                if listed.make is None:  # unchanged
                    digests[path] = before[path]
                    writer.keep(path)
                    continue
                digests[path] = made = digest(version, spec, listed.url, listed.made_of)
                if before.get(path) == made and os.path.isfile(os.path.join(docs, path)):
                    writer.keep(path)
                else:
                    writer.text(path, render(listed.make(), env))
    finally:
        db.close()
    return writer.written, digests


def read_touched(
    lists: Lists,
    plans: dict[ListSpec, ListPlan],
    touched: frozenset[str] | None,
    outputs: Outputs,
) -> dict[ListSpec, Given]:
    """For an incremental build: each item list's rows of the periods ``touched`` (those of
    changed letters), where its worker reads its pages by period (at most ``PERIOD_QUERIES`` of
    them, the list as the earlier build made it), read in one pass for every list
    (``Lists.read_item_periods``) to go with the lists' tasks. A list made whole (a cold build,
    a new list, new page code) is read by its worker as one stream."""
    if touched is None:
        return {}
    version = page_version()
    periods: dict[ListSpec, frozenset[str]] = {}
    for spec, planned in plans.items():
        if not (spec.source.item_list and spec.source.dated):
            continue
        if outputs.before.get(spec.base + _FRAME) != digest(version, spec):
            continue
        pages = [page.period for page in planned.pages if page.period in touched]
        if 0 < len(pages) <= PERIOD_QUERIES:
            periods[spec] = frozenset(pages)
    wanted: dict[tuple[str, ...], frozenset[str]] = {}
    for spec, mine in periods.items():
        name = spec.source.item_list
        wanted[name] = wanted.get(name, frozenset()) | mine
    found = lists.read_item_periods(wanted)
    return {spec: (mine, found.get(spec.source.item_list, [])) for spec, mine in periods.items()}


def render_in_workers(
    cases: list[int],
    plans: dict[ListSpec, ListPlan],
    kept: list[str],
    touched: frozenset[str] | None,
    given: dict[ListSpec, Given],
    store: Path,
    catalog: Catalog,
    writer: Writer,
    outputs: Outputs,
    workers: int,
    out: TextIO,
) -> None:
    """Every case page (with its record's JSON) and every full list's pages, in ``workers``
    processes reading the store (the biggest lists first, so no worker is left with one long
    task at the end); the files ``kept`` from the earlier build stay in docs/. A path two tasks
    write is an error (two pages claiming one address)."""
    ordered = sorted(plans, key=lambda s: -s.size)
    tasks: list[_Task] = [
        ("list", (spec, plans[spec], touched, given.get(spec)), outputs.under(spec.base))
        for spec in ordered
    ]
    tasks += [
        ("cases", cases[i : i + _CASES_PER_TASK], {}) for i in range(0, len(cases), _CASES_PER_TASK)
    ]
    pages = Progress("rendered case pages and lists", len(ordered) + len(cases), out)

    def done(task: _Task, result: tuple[set[str], dict[str, str]]) -> None:
        paths, digests = result
        writer.claim(paths)
        outputs.after.update(digests)
        kind, what, _before = task
        pages.step(len(cast(list[int], what)) if kind == "cases" else 1)

    for path in kept:
        writer.keep(path)
    args = (store, catalog, writer.docs, writer.staging)
    if workers > 1 and len(cases) + len(ordered) >= PARALLEL_FROM:
        context = process_context()
        with context.Pool(workers, _start, args) as pool:
            results = pool.imap(_render_task, tasks)
            for task, result in zip(tasks, results, strict=True):
                done(task, result)
    else:
        _start(*args)
        for task in tasks:
            done(task, _render_task(task))
    pages.done(f"{len(cases)} case pages rendered, {len(kept) // 2} kept")
