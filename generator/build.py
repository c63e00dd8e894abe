"""The site build, phase by phase: read and parse every letter into the corpus store (on every
core; a letter parsed before is not parsed again), name the case pages, aggregate, render,
draw, write. Records stream from the store one at a time, so memory does not grow with the
corpus. Case pages, full lists and charts are made by worker processes (``rendering.py``),
straight into the writer's staging folder; the generated folders of docs/ change only when
everything was written (``write.py``: replaced whole, or updated in place from what changed).

``python -m generator build [--source DIR] [--docs DIR] [--strict]``; ``mkdocs build --strict``
then turns docs/ into the site (``nox -s build`` runs both).
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from generator.aggregate import aggregate, numbered
from generator.background import Background, beside
from generator.breakdowns import breakdowns
from generator.catalog import Catalog
from generator.lists import Lists
from generator.normalize import Normalizer
from generator.pages import ListSpec, Pages, all_pages
from generator.pages.listing import RECENT_ROWS, ListPlan, plan
from generator.pipeline import SYNTHETIC_MARK, Failure, Tally, ingest
from generator.progress import Progress
from generator.read import LetterFile, find_letters
from generator.redirects import load_redirects, redirect_page
from generator.render import environment, render
from generator.rendering import Charts, Drawing, kept_case_pages, read_touched, render_in_workers
from generator.reuse import Outputs
from generator.slugs import default_case_slug
from generator.store import LetterRow, Store
from generator.urls import case_url, page_path
from generator.write import Writer

__all__ = ["SYNTHETIC_MARK", "BuildReport", "build"]

_SYNTHETIC_REFUSED = (
    "a synthetic benchmark letter (benchmarks/make_corpus.py), never published; "
    "--allow-synthetic builds it for a benchmark"
)


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
    # With ``build(charts_later=True)``: the charts still being drawn, for the caller to wait
    # for and put in docs/ and the site (``publish.py``).
    later: Charts | None = field(default=None, repr=False, compare=False)

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
    charts_later: bool = False,
) -> BuildReport:
    """Generate every page for the letters under ``source`` into ``docs``; ``redirects`` (old
    address -> new) defaults to ``lexicons/redirects.yaml``. ``debug`` adds the traceback of an
    internal error to its letter's line. ``store`` is the corpus store's file (default
    ``build/corpus.sqlite`` beside ``docs``); ``jobs`` the worker processes that parse and
    render (default every core). Progress goes to ``out`` (default standard error).

    With ``charts_later``, the charts not drawn before may still be being drawn when this
    returns: ``report.later`` has them, and the caller waits for them and writes them
    (``publish.py``); docs/ keeps the earlier build's file of each meanwhile."""
    out = out or sys.stderr
    report = BuildReport()
    catalog = Normalizer.load().catalog()
    files = find_letters([source])
    store_path = store or docs.parent / "build" / "corpus.sqlite"
    workers = jobs or os.cpu_count() or 1
    # The charts' process (rendering.Charts), started now: this process is small yet (the
    # copy the fork makes of it is counted in every process's memory) and has no store open,
    # and the drawing sets itself up while the letters are read on one core.
    drawing = Drawing() if beside(workers, len(files)) else None
    try:
        with Store(store_path) as corpus_store:
            _ingest(files, corpus_store, workers, report, out, debug, allow_synthetic)
            _distinct_cases(corpus_store, report)
            writer = Writer(docs)  # a staging folder: nothing shows in docs/ until the commit
            outputs = Outputs(corpus_store.db, docs)
            charts = Charts(corpus_store, drawing)
            try:
                with Background(store_path, len(files), workers) as side:
                    side.start(writer, outputs, out)
                    _generate(
                        corpus_store, catalog, redirects, report, writer, outputs, side, charts,
                        store_path, workers, out,
                    )  # fmt: skip
                if charts_later:  # the earlier build's file until the new one is drawn
                    for chart in charts.new:
                        if (docs / chart.path).is_file():
                            writer.keep(chart.path)
                    report.later = charts
                    drawn = charts.drawn_before
                else:
                    drawn = charts.drawn_before + charts.wait(out)
                    charts.remember(corpus_store.db)
                for chart, svg in drawn:
                    writer.bytes(chart.path, svg)
                outputs.forget()
                writer.commit()
            except BaseException:
                writer.abandon()
                raise
            outputs.save()
    except BaseException:
        if drawing is not None:
            drawing.stop()
        raise
    report.charts = len(charts.charts)
    print(f"  wrote {docs}: {report.pages} pages, {report.charts} charts", file=out)
    return report


def _generate(
    store: Store,
    catalog: Catalog,
    redirects: dict[str, str] | None,
    report: BuildReport,
    writer: Writer,
    outputs: Outputs,
    side: Background,
    charts: Charts,
    store_path: Path,
    workers: int,
    out: TextIO,
) -> None:
    """Every page and file into ``writer`` (the side process making its part) but the charts,
    which go to ``charts`` to be drawn. Every problem, the letters' and the redirects', is
    printed before the first page is rendered."""
    rendered, made, plans, cases = _summary_pages(store, catalog, report, charts, out)
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
    todo, kept, touched = kept_case_pages(store, outputs, similar)
    given = read_touched(Lists(store.db), plans, touched, outputs)
    render_in_workers(todo, plans, kept, touched, given, store_path, catalog, writer, outputs,
                      workers, out)  # fmt: skip
    side.finish(writer, out)
    report.pages = len(rendered) + len(cases) + len(listed)


def _summary_pages(
    store: Store, catalog: Catalog, report: BuildReport, charts: Charts, out: TextIO
) -> tuple[list[tuple[str, str]], Pages, dict[ListSpec, ListPlan], list[int]]:
    """Aggregate the corpus and render every page made from the aggregates (the rendered
    pages by path, what else they plan, the full lists' page addresses and the case
    positions); each chart goes to ``charts`` as soon as its page is laid out."""
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
    lists.read_item_lists(RECENT_ROWS)  # what the summary pages show of every item list
    made = all_pages(corpus, catalog, lists, found, charts.add)
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
