"""The site build, phase by phase: read and parse every letter, normalize, aggregate, render,
draw, write. Nothing is written until everything rendered (gather, then write), and the
generated folders of docs/ are swapped in only when complete.

``python -m generator build [--source DIR] [--docs DIR] [--strict]``; ``mkdocs build --strict``
then turns docs/ into the site (``nox -s build`` runs both).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from generator.aggregate import aggregate
from generator.model import Determination, note
from generator.normalize import Normalizer
from generator.pages import all_pages
from generator.pipeline import Tally, parse_paths
from generator.redirects import load_redirects, redirect_page
from generator.render import environment, render
from generator.slugs import default_case_slug
from generator.urls import page_path
from generator.write import Writer

# Progress is printed every this many letters (and at the end of each phase).
PROGRESS_EVERY = 500


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
        t = self.tally
        redirects = f", {self.redirect_problems} broken redirects" if self.redirect_problems else ""
        return (
            f"built: {t.letters} letters ({t.parsed} parsed, {t.failed} failed), {t.items} items, "
            f"{self.pages} pages, {self.charts} charts, {t.warnings} warnings{redirects}"
        )


def _distinct_cases(
    records: list[Determination], failures: list[tuple[str, str]], report: BuildReport
) -> list[Determination]:
    """Name each case page, here and nowhere else: the case number (else the file stem). A
    second copy of a letter (same bytes) is set aside as a failure; different letters with one
    case number get "-2", "-3" in file order, with a note."""
    kept: list[Determination] = []
    by_slug: dict[str, list[Determination]] = {}
    for record in records:
        record.slug = default_case_slug(record.case_number, record.id)
        same = by_slug.setdefault(record.slug, [])
        copy = next((r for r in same if r.sha256 == record.sha256), None)
        if copy is not None:
            reason = f"duplicate of {copy.source}: same bytes, one case page"
            failures.append((record.source, reason))
            report.problems.append(f"{record.source}: error: {reason}")
            report.tally.set_aside(record)
            continue
        if same:
            first = same[0]
            record.slug = f"{record.slug}-{len(same) + 1}"
            text = f"another letter, {first.source}, has this case number too"
            record.diagnostics.append(note("case-number-shared", text))
        same.append(record)
        kept.append(record)
    return kept


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
    out: TextIO = sys.stderr,
    redirects: dict[str, str] | None = None,
    debug: bool = False,
) -> BuildReport:
    """Generate every page for the letters under ``source`` into ``docs``; ``redirects`` (old
    address -> new) defaults to ``lexicons/redirects.yaml``. ``debug`` adds the traceback of an
    internal error to its letter's line."""
    report = BuildReport()
    normalizer = Normalizer.load()
    records: list[Determination] = []
    failures: list[tuple[str, str]] = []
    for outcome in parse_paths([source], normalizer):
        report.tally.add(outcome)
        if outcome.failure is not None:
            failures.append((outcome.file.source, outcome.failure.reason))
            report.problems.append(f"{outcome.file.path}: error: {outcome.failure.reason}")
            if debug and outcome.failure.detail:
                report.problems.append(outcome.failure.detail.rstrip())
        else:
            assert outcome.record is not None
            records.append(outcome.record)
            if outcome.warnings:
                joined = "; ".join(outcome.warnings)
                report.problems.append(f"{outcome.file.path}: warning: {joined}")
        if report.tally.letters % PROGRESS_EVERY == 0:
            print(f"  parsed {report.tally.letters} letters", file=out)
    records = _distinct_cases(records, failures, report)
    print(f"  parsed {report.tally.letters} letters", file=out)
    catalog = normalizer.catalog()
    corpus = aggregate(records, catalog, failures)
    env = environment()
    pages, charts = all_pages(corpus, catalog)
    rendered = [(page_path(page.url), render(page, env)) for page in pages]
    print(f"  rendered {len(rendered)} pages, drew {len(charts)} charts", file=out)
    written = {page.url for page in pages}
    moved = _redirects(load_redirects() if redirects is None else redirects, written, report)
    # Every problem, the letters' and the redirects', is printed before anything is written.
    for line in report.problems:
        print(line, file=out)
    writer = Writer(docs)
    try:
        for path, text in rendered + moved:
            writer.text(path, text)
        for chart in charts:
            writer.bytes(chart.path, chart.svg)
        writer.commit()
    except BaseException:
        writer.abandon()
        raise
    report.pages, report.charts = len(rendered), len(charts)
    print(f"  wrote {docs}", file=out)
    return report
