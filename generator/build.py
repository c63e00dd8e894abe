"""The site build, phase by phase: read and parse every letter into the corpus store (on every
core; a letter parsed before is not parsed again), name the case pages, aggregate, render,
draw, write. Records stream from the store one at a time, so memory does not grow with the
corpus. Case pages are rendered straight into the writer's staging folder; the generated
folders of docs/ are swapped in only when everything was written.

``python -m generator build [--source DIR] [--docs DIR] [--strict]``; ``mkdocs build --strict``
then turns docs/ into the site (``nox -s build`` runs both).
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, cast

import jinja2

from generator.aggregate import aggregate, numbered
from generator.background import Background
from generator.breakdowns import breakdowns
from generator.catalog import Catalog
from generator.charts import Bar, chart_digest, outcome_chart
from generator.lists import UNDATED, Lists
from generator.normalize import Normalizer
from generator.pages import Chart, ListSpec, Pages, all_pages, case_page, list_pages
from generator.pages.listing import ListPage, ListPlan, plan
from generator.pipeline import SYNTHETIC_MARK, Failure, Tally, ingest
from generator.progress import Progress
from generator.read import LetterFile, find_letters
from generator.redirects import load_redirects, redirect_page
from generator.render import environment, render
from generator.reuse import Outputs, digest, page_version
from generator.similar import similar_items
from generator.slugs import default_case_slug
from generator.store import LetterRow, Store, connect, read_records
from generator.urls import case_url, page_path
from generator.write import Writer

__all__ = ["SYNTHETIC_MARK", "BuildReport", "build"]

_SYNTHETIC_REFUSED = (
    "a synthetic benchmark letter (benchmarks/make_corpus.py), never published; "
    "--allow-synthetic builds it for a benchmark"
)
# Case pages per task given to a worker process; below PARALLEL_FROM pages, none is started.
_CASES_PER_TASK = 100
PARALLEL_FROM = 200


@dataclass
class BuildReport:
    """What a build did, for the closing summary line and the exit code."""

    tally: Tally = field(default_factory=Tally)
    pages: int = 0
    charts: int = 0
    problems: list[str] = field(default_factory=list)
    # Redirects whose target no page has (lexicons/redirects.yaml): printed with the letters'
    # problems and failing --strict like a warning.
    redirect_problems: int = 0

    @property
    def warnings(self) -> int:
        """Everything --strict fails on besides failed letters."""
        return self.tally.warnings + self.redirect_problems

    def summary(self) -> str:
        """The letters per file type and per layout, then the closing line."""
        t = self.tally
        redirects = f", {self.redirect_problems} broken redirects" if self.redirect_problems else ""
        twice = f"; {t.twice} the same letter as another, one page" if t.twice else ""
        closing = (
            f"built: {t.letters} letters ({t.parsed} parsed, {t.failed} failed{twice}), "
            f"{t.items} items, "
            f"{self.pages} pages, {self.charts} charts, {t.warnings} warnings{redirects}"
        )
        return "\n".join([*t.breakdown(), closing])


def _distinct_cases(store: Store, report: BuildReport) -> None:
    """Name each case page, here and nowhere else: the case number (else the file stem). A
    second copy of a letter (same bytes) is set aside as a failure; the same letter in another
    file (its PDF and its text: same case number, same items and decisions) is set aside with a
    note on the one case page; different letters with one case number get "-2", "-3" in file
    order, with a note."""
    by_slug: dict[str, list[LetterRow]] = {}
    named: dict[int, tuple[str, list[tuple[str, str]]]] = {}  # position -> slug, notes
    for row in store.letters():
        if row.failure is not None:
            continue
        slug = default_case_slug(row.case_number, row.id)
        same = by_slug.setdefault(slug, [])
        copy = next((r for r in same if r.sha256 == row.sha256), None)
        cached = store.cached(row.sha256) if same else None
        if copy is not None and cached is not None:
            reason = f"duplicate of {copy.source}: same bytes, one case page"
            report.problems.append(f"{row.source}: error: {reason}")
            report.tally.set_aside(cached, row.source)
            store.drop_letter(row.position, reason)
            continue
        kept = _same_letter(store, row, same)
        if kept is not None and cached is not None:
            text = f"the same letter is also in {row.source} (same case number and decisions)"
            kept_slug, kept_notes = named[kept.position]
            kept_notes.append(("same-letter-twice", f"{text}: one case page for both"))
            store.set_slug(kept.position, kept_slug, kept_notes)
            store.drop_letter(row.position, f"the same letter as {kept.source}: one case page")
            report.tally.same_letter(cached)
            report.problems.append(f"{row.source}: note: the same letter as {kept.source}")
            continue
        notes = []
        if same:
            notes.append(
                (
                    "case-number-shared",
                    f"another letter, {same[0].source}, has this case number too",
                )
            )
            slug = f"{slug}-{len(same) + 1}"
        same.append(row)
        named[row.position] = (slug, notes)
        store.set_slug(row.position, slug, notes)
    store.commit()


def _same_letter(store: Store, row: LetterRow, others: list[LetterRow]) -> LetterRow | None:
    """The letter among ``others`` (which share ``row``'s page name) that ``row`` is another file
    of: the same case number and the same items with the same decisions."""
    if row.case_number is None or not others:
        return None

    def decided(sha256: str) -> list[tuple[str, str]]:
        query = "SELECT item, decision FROM items WHERE sha256 = ? ORDER BY idx"
        return [(item, decision) for item, decision in store.db.execute(query, (sha256,))]

    mine = decided(row.sha256)
    for other in others:
        if other.case_number == row.case_number and decided(other.sha256) == mine:
            return other
    return None


def _redirects(
    redirects: dict[str, str], written: set[str], report: BuildReport
) -> list[tuple[str, str]]:
    """The redirect pages to write; a redirect to no page, or from an address a page still
    has, is a problem (named, counted, failing --strict)."""
    pages = []
    for old, new in redirects.items():
        if new not in written:
            report.problems.append(f"redirect {old} -> {new}: error: no page at {new}")
        elif old in written:
            report.problems.append(f"redirect {old} -> {new}: error: {old} is still a page")
        else:
            pages.append(redirect_page(old, new))
            continue
        report.redirect_problems += 1
    return pages


def build(
    source: Path,
    docs: Path,
    out: TextIO | None = None,
    redirects: dict[str, str] | None = None,
    debug: bool = False,
    store: Path | None = None,
    jobs: int | None = None,
    allow_synthetic: bool = False,
) -> BuildReport:
    """Generate every page for the letters under ``source`` into ``docs``; ``redirects`` (old
    address -> new) defaults to ``lexicons/redirects.yaml``. ``debug`` adds the traceback of an
    internal error to its letter's line. ``store`` is the corpus store's file (default
    ``build/corpus.sqlite`` beside ``docs``); ``jobs`` the worker processes that parse and
    render (default every core). Progress goes to ``out`` (default standard error)."""
    out = out or sys.stderr
    report = BuildReport()
    catalog = Normalizer.load().catalog()
    files = find_letters([source])
    store_path = store or docs.parent / "build" / "corpus.sqlite"
    workers = jobs or os.cpu_count() or 1
    with Store(store_path) as corpus_store:
        _ingest(files, corpus_store, workers, report, out, debug, allow_synthetic)
        _distinct_cases(corpus_store, report)
        writer = Writer(docs)  # a staging folder: nothing shows in docs/ until the commit
        outputs = Outputs(corpus_store.db, docs)
        try:
            with Background(store_path, len(files), workers) as side:
                side.start(writer, outputs, out)
                charts = _generate(
                    corpus_store, store_path, catalog, redirects, report, writer, outputs,
                    side, workers, out,
                )  # fmt: skip
            writer.commit()
        except BaseException:
            writer.abandon()
            raise
        outputs.save()
    report.charts = len(charts)
    print(f"  wrote {docs}: {report.pages} pages, {report.charts} charts", file=out)
    return report


def _generate(
    store: Store,
    store_path: Path,
    catalog: Catalog,
    redirects: dict[str, str] | None,
    report: BuildReport,
    writer: Writer,
    outputs: Outputs,
    side: Background,
    workers: int,
    out: TextIO,
) -> list[Chart]:
    """Every page, chart and file into ``writer`` (the side process making its part); the
    charts. Every problem, the letters' and the redirects', is printed before the first page
    is rendered."""
    rendered, made, plans, cases = _summary_pages(store, catalog, report, out)
    listed = [page.url for planned in plans.values() for page in planned.pages]
    listed += [year.url for planned in plans.values() for year in planned.years]
    found, seconds, similar = side.similar()
    where = "; in a side process" if side.parallel else ""
    print(f"  earlier decisions like each item: {report.tally.items:,} in {seconds:.1f} s"
          f"; {found:,} found{where}", file=out)  # fmt: skip
    slugs = [row[0] for row in store.db.execute("SELECT slug FROM letters WHERE failure IS NULL")]
    written = {page.url for page in made.pages} | {case_url(s) for s in slugs} | set(listed)
    moved = _redirects(load_redirects() if redirects is None else redirects, written, report)
    for line in report.problems:
        print(line, file=out)
    for path, text in rendered + moved:
        writer.text(path, text)
    todo, kept, touched = _kept_case_pages(store, outputs, similar)
    charts = _Charts(made.charts, store)
    _render_in_workers(todo, plans, kept, touched, charts, store_path, catalog, writer, outputs,
                       workers, out)  # fmt: skip
    for chart, svg in charts.all():
        writer.bytes(chart.path, svg)
    side.finish(writer, out)
    report.pages = len(rendered) + len(cases) + len(listed)
    return made.charts


def _summary_pages(
    store: Store, catalog: Catalog, report: BuildReport, out: TextIO
) -> tuple[list[tuple[str, str]], Pages, dict[ListSpec, ListPlan], list[int]]:
    """Aggregate the corpus and render every page made from the aggregates (the rendered
    pages by path, what else they plan, the full lists' page addresses and the case
    positions)."""
    progress = Progress("aggregated", report.tally.items, out)
    lists = Lists(store.db)
    with numbered(store.db):  # the items on the site numbered once, for both
        corpus = aggregate(store.db, catalog, store.failures())
        found = breakdowns(
            store.db, {slug: d.generic for slug, d in catalog.drugs.items()}, catalog.kind_labels
        )
    corpus = dataclasses.replace(corpus, intake=tuple(report.tally.groups()))
    progress.step(report.tally.items)
    progress.done("items")
    env = environment()
    started = time.perf_counter()
    made = all_pages(corpus, catalog, lists, found)
    progress = Progress("summary pages", len(made.pages), out)
    progress.started = started  # laying the pages out is most of the stage
    rendered = []
    for page in made.pages:
        rendered.append((page_path(page.url), render(page, env)))
        progress.step()
    # Where each full list's rows go (planned once here, handed to the workers that render it).
    plans = {spec: plan(lists, spec) for spec in made.lists}
    progress.done(f"{len(plans)} full lists planned")
    return rendered, made, plans, store.case_positions()


# -- case pages and full lists, in worker processes ---------------------------------------------


def _kept_case_pages(
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


class _Charts:
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


def _render_in_workers(
    cases: list[int],
    plans: dict[ListSpec, ListPlan],
    kept: list[str],
    touched: frozenset[str] | None,
    charts: _Charts,
    store: Path,
    catalog: Catalog,
    writer: Writer,
    outputs: Outputs,
    workers: int,
    out: TextIO,
) -> None:
    """Every case page (with its record's JSON) and every full list's pages, and the charts not
    drawn before, in ``workers`` processes reading the store (the biggest lists first, then the
    charts, so no worker is left with one long task at the end), while this process links the
    files ``kept`` from the earlier build. A path two tasks write is an error (two pages
    claiming one address)."""
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
    args = (store, catalog, writer.docs, writer.staging)
    if workers > 1 and len(cases) + len(ordered) + len(charts.jobs) >= PARALLEL_FROM:
        context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        with context.Pool(workers, _start, args) as pool:
            results = pool.imap(_render_task, tasks)
            # While the workers render and draw, this process links the kept files: one
            # process linking into a folder, not several taking turns at its lock.
            for path in kept:
                writer.keep(path)
            for task, result in zip(tasks, results, strict=True):
                done(task, result)
    else:
        for path in kept:
            writer.keep(path)
        _start(*args)
        for task in tasks:
            done(task, _render_task(task))
    pages.done(f"{len(cases)} case pages rendered, {len(kept) // 2} kept")


def _ingest(
    files: list[LetterFile],
    store: Store,
    jobs: int,
    report: BuildReport,
    out: TextIO,
    debug: bool,
    allow_synthetic: bool = False,
) -> None:
    """Read and parse every letter into the store (cached letters are not parsed again),
    counting and naming each failure and warning. A synthetic benchmark letter is a failure
    unless ``allow_synthetic``."""
    store.clear_corpus()
    progress = Progress("read letters", len(files), out)
    parsed = 0
    for position, stored in enumerate(ingest(files, store, jobs)):
        cached, failure = stored.cached, stored.failure
        if cached is not None and failure is None and cached.synthetic and not allow_synthetic:
            failure = Failure(stored.file, _SYNTHETIC_REFUSED, kind="synthetic",
                              layout=cached.layout)  # fmt: skip
        file = stored.file
        parsed += stored.fresh
        store.add_letter(position, file.id, file.source, stored.sha256, cached,
                         failure.reason if failure else None)  # fmt: skip
        if failure is not None:
            report.tally.add_failure(failure)
            report.problems.append(f"{file.path}: error: {failure.reason}")
            if debug and failure.detail:
                report.problems.append(failure.detail.rstrip())
        else:
            assert cached is not None and cached.layout is not None
            report.tally.add_parsed(file.source, cached.layout, cached.items, cached.decisions,
                                    len(cached.warnings))  # fmt: skip
            if cached.warnings:
                report.problems.append(f"{file.path}: warning: {'; '.join(cached.warnings)}")
        progress.step()
    store.commit()
    progress.done(f"{parsed} parsed, {len(files) - parsed} unchanged since the last build")
