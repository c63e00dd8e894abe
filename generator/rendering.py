"""The build's case pages, full lists and charts, made in worker processes (``build.py`` runs
this stage after the summary pages): which case pages an earlier build made from the same
letter, and are kept; which periods of the full lists changed letters are in; the charts not
drawn before; and the pool of workers that renders the pages and draws the charts.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path
from typing import TextIO, cast

import jinja2

from generator.catalog import Catalog
from generator.charts import Bar, chart_digest, outcome_chart
from generator.lists import UNDATED, Lists
from generator.pages import Chart, ListSpec, case_page, list_pages
from generator.pages.listing import ListPage, ListPlan
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
            touched.update(_periods(date))
            if f"cases/{slug}.md" in outputs.before:  # changed: its date may have too
                earlier = outputs.before.get(f"cases/{slug}{_DATE}")
                unknown = unknown or earlier is None
                touched.update(_periods(earlier or None))
    for path, date in outputs.under("cases/").items():  # letters gone since the last build
        if path.endswith(_DATE) and path[len("cases/") : -len(_DATE)] not in slugs:
            touched.update(_periods(date or None))
    return todo, kept, None if unknown else frozenset(touched)


# Beside each case page's digest, the digest table keeps its letter's decision date under
# "cases/<slug>.date" (no file has that name): the next build knows which periods of the full
# lists a changed or removed letter was in.
_DATE = ".date"


def _periods(date: str | None) -> tuple[str, ...]:
    """The periods of a full list a letter decided on ``date`` is in: its year and month, or
    undated (``pages/listing.py``)."""
    return (date[:4], date[:7]) if date else (UNDATED,)


class Charts:
    """The charts of the build: those drawn before come from the store (same data, title and
    drawing code), the others are drawn by the workers (``jobs``) and remembered."""

    def __init__(self, charts: list[Chart], store: Store) -> None:
        self.charts, self.store = charts, store
        self.digests = [chart_digest(c.bars, c.title) for c in charts]
        self.known = store.charts(self.digests)
        self.jobs = sorted({d: (c.bars, c.title) for d, c in zip(self.digests, charts, strict=True)
                            if d not in self.known}.items())  # fmt: skip

    def drawn(self, svgs: list[tuple[str, bytes]]) -> None:
        self.known.update(svgs)

    def all(self) -> list[tuple[Chart, bytes]]:
        """Every chart with its SVG; the new ones remembered in the store (one short write, so
        the side process writing the store never waits long)."""
        for drawn, _job in self.jobs:
            self.store.remember_chart(drawn, self.known[drawn])
        self.store.commit()
        return [(c, self.known[d]) for c, d in zip(self.charts, self.digests, strict=True)]


# Set in each worker by ``_start``: what every task of one build shares (the templates are
# compiled once per process, not per task).
_JOB: tuple[Path, Catalog, Path, Path, jinja2.Environment] | None = None


def _start(store: Path, catalog: Catalog, docs: Path, staging: Path) -> None:
    global _JOB
    _JOB = (store, catalog, docs, staging, environment())


# A task: some case pages (their positions); one full list (its spec and plan, and the
# digests the earlier build recorded for its pages); some charts to draw (digest, bars, title).
_Task = tuple[str, object, dict[str, str]]
_CHARTS_PER_TASK = 4
# The digest of a full list's frame (``_render_task``) is kept beside its pages' under this
# name in its folder.
_FRAME = ".list"


def _render_task(task: _Task) -> tuple[set[str], dict[str, str], list[tuple[str, bytes]]]:
    """Render some case pages or one full list straight into the staging folder (a list's page
    whose rows have not changed is kept from the earlier build), or draw some charts; the paths
    written, the digests of a list's pages, and the charts drawn."""
    assert _JOB is not None
    store, catalog, docs, staging, env = _JOB
    writer = Writer(docs, staging)
    digests: dict[str, str] = {}
    drawn: list[tuple[str, bytes]] = []
    kind, what, before = task
    if kind == "charts":
        jobs = cast(list[tuple[str, tuple[tuple[Bar, ...], str]]], what)
        drawn = [(chart, outcome_chart(*job)) for chart, job in jobs]
        return writer.written, digests, drawn
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
            spec, planned, touched = cast(tuple[ListSpec, ListPlan, frozenset[str] | None], what)
            lists = Lists(db)
            lists.plans[spec] = planned
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
                    and (docs / path).is_file()
                )  # fmt: skip

            for listed in list_pages(lists, spec, lambda page: not unchanged(page)):
                path = page_path(listed.url)
                if listed.make is None:  # unchanged
                    digests[path] = before[path]
                    writer.keep(path)
                    continue
                digests[path] = made = digest(version, spec, listed.url, listed.made_of)
                if before.get(path) == made and (docs / path).is_file():
                    writer.keep(path)
                else:
                    writer.text(path, render(listed.make(), env))
    finally:
        db.close()
    return writer.written, digests, drawn


def render_in_workers(
    cases: list[int],
    plans: dict[ListSpec, ListPlan],
    kept: list[str],
    touched: frozenset[str] | None,
    charts: Charts,
    store: Path,
    catalog: Catalog,
    writer: Writer,
    outputs: Outputs,
    workers: int,
    out: TextIO,
) -> None:
    """Every case page (with its record's JSON) and every full list's pages, and the charts not
    drawn before, in ``workers`` processes reading the store (the biggest lists first, then the
    charts, so no worker is left with one long task at the end); the files ``kept`` from the
    earlier build stay in docs/. A path two tasks write is an error (two pages claiming one
    address)."""
    ordered = sorted(plans, key=lambda s: -s.size)
    tasks: list[_Task] = [
        ("list", (spec, plans[spec], touched), outputs.under(spec.base)) for spec in ordered
    ]
    tasks += [("charts", charts.jobs[i : i + _CHARTS_PER_TASK], {})
              for i in range(0, len(charts.jobs), _CHARTS_PER_TASK)]  # fmt: skip
    tasks += [
        ("cases", cases[i : i + _CASES_PER_TASK], {}) for i in range(0, len(cases), _CASES_PER_TASK)
    ]
    pages = Progress("rendered case pages and lists", len(ordered) + len(cases), out)
    drawing = Progress("charts", len(charts.charts), out)
    to_draw = len(charts.jobs)

    def done(task: _Task, result: tuple[set[str], dict[str, str], list[tuple[str, bytes]]]) -> None:
        nonlocal to_draw
        paths, digests, drawn = result
        writer.claim(paths)
        outputs.after.update(digests)
        charts.drawn(drawn)
        kind, what, _before = task
        if kind == "charts":
            to_draw -= len(drawn)
            drawing.step(len(drawn))
            if not to_draw:
                before = len(charts.charts) - len(charts.jobs)
                drawing.step(before)
                drawing.done(f"{len(charts.jobs)} drawn, {before} as drawn before")
        else:
            pages.step(len(cast(list[int], what)) if kind == "cases" else 1)

    if not charts.jobs:
        drawing.step(len(charts.charts))
        drawing.done(f"0 drawn, {len(charts.charts)} as drawn before")
    for path in kept:
        writer.keep(path)
    args = (store, catalog, writer.docs, writer.staging)
    if workers > 1 and len(cases) + len(ordered) + len(charts.jobs) >= PARALLEL_FROM:
        context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        with context.Pool(workers, _start, args) as pool:
            results = pool.imap(_render_task, tasks)
            for task, result in zip(tasks, results, strict=True):
                done(task, result)
    else:
        _start(*args)
        for task in tasks:
            done(task, _render_task(task))
    pages.done(f"{len(cases)} case pages rendered, {len(kept) // 2} kept")
