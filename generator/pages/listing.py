"""Bounded lists: a summary page shows its most recent rows, and the full list lives on stable
sub-pages, one per year of decision (or month, in a busy year), of at most ``LIST_PAGE_ROWS``
rows each.

Addresses (permanent, documented on the Linking page): the full list of a page at ``<page>/``
is at ``<page>items/<yyyy>/`` (``<page>ca-items/...`` for a section's Claims Administrator
citations; ``cases/by-date/<yyyy>/`` for the cases index). A year of more than
``LIST_PAGE_ROWS`` rows is listed by month, ``.../<yyyy-mm>/``, and its year page lists those
months; a month of more than that continues on ``.../<yyyy-mm>/2/``, ``3/``...; letters with no
decision date are under ``undated/``. A period's page stops changing once the period is past and
its letters are in; every row is reachable from the summary page in two clicks (the period's
page, then the row): the summary page links every period page directly. The Data quality lists
have no dates: all their rows are on numbered pages of ``QUALITY_PAGE_ROWS``,
``quality/<list>/<n>/``.

A list is planned from counts alone (``plan``: a GROUP BY per list), so the summary page links
its pages without reading them; ``render_list`` then reads the rows once, newest first, as a
stream, and cuts them into those pages (in a worker process: ``build.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import jinja2

from generator.lists import (
    UNDATED,
    Lists,
    Source,
    case_rows,
    item_rows,
    problem_rows,
)
from generator.markup import front_matter
from generator.pages.tables import (
    CasesTable,
    ItemsTable,
    PageLink,
    PeriodLink,
    ProblemRowView,
    case_row_views,
    item_row_views,
    items_caption,
    problem_row_views,
)
from generator.render import Page, render
from generator.urls import page_path, relative

# Rows a summary page shows itself (the newest); a full list's page holds at most LIST_PAGE_ROWS.
RECENT_ROWS = 25
LIST_PAGE_ROWS = 500
# A full list of which at most this many pages are wanted reads them by their periods (a query
# each, scanning the list); more, and it reads the whole list once, in order (a cold build).
PERIOD_QUERIES = 2
# Data quality: rows each list shows on the page itself, and per numbered page.
QUALITY_ROWS = 200
QUALITY_PAGE_ROWS = 1000


@dataclass(frozen=True)
class ListSpec:
    """A full list to split into pages: what its rows are ("items", "cases" or "problems"),
    its query, the summary page at ``here`` that links it, the pages' address prefix
    ``base``, the title and noun its pages use, and (items) the table's caption."""

    rows: str
    source: Source
    here: str
    base: str
    title: str
    noun: str
    what: str = ""
    # Rows in all: the build renders the longest lists first. Not part of the list's identity
    # (nor of its repr, which the digests of its pages are made from: ``rendering._render_task``),
    # so a page whose rows did not change is kept when rows are added elsewhere in the list.
    size: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class ListPage:
    """One page of a full list: its address, period, number among the period's pages, and how
    many rows it holds of how many the period has."""

    url: str
    period: str
    number: int
    parts: int
    count: int
    period_count: int


@dataclass(frozen=True)
class YearIndex:
    """The page of a busy year: it lists the year's months."""

    url: str
    year: str
    count: int
    months: tuple[PeriodLink, ...]


@dataclass(frozen=True)
class ListPlan:
    periods: tuple[PeriodLink, ...]  # as the summary page links them
    pages: tuple[ListPage, ...]  # in row order
    years: tuple[YearIndex, ...]


@dataclass(frozen=True)
class PagerLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class ListPageContext:
    front_matter: str
    title: str
    parent_url: str
    parent_title: str
    summary: str
    pager: tuple[PagerLink, ...]
    table: ItemsTable | CasesTable


@dataclass(frozen=True)
class YearPageContext:
    front_matter: str
    title: str
    parent_url: str
    parent_title: str
    summary: str
    months: tuple[PeriodLink, ...]


@dataclass(frozen=True)
class QualityListContext:
    front_matter: str
    title: str
    parent_url: str
    rows: tuple[ProblemRowView, ...]


def period_label(key: str) -> str:
    """ "2016"; "December 2016"; "No decision date"."""
    if key == UNDATED:
        return "No decision date"
    if len(key) == 4:
        return key
    year, month = key.split("-")
    return dt.date(int(year), int(month), 1).strftime("%B %Y")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _url(base: str, key: str, number: int) -> str:
    return f"{base}{key}/" if number == 1 else f"{base}{key}/{number}/"


def _newest_first(periods: dict[str, int]) -> list[str]:
    dated = sorted((k for k in periods if k != UNDATED), reverse=True)
    return dated + ([UNDATED] if UNDATED in periods else [])


def plan(lists: Lists, spec: ListSpec) -> ListPlan:
    """Where a list's rows go: by year of decision into pages under ``spec.base``; a year of
    more than ``LIST_PAGE_ROWS`` rows by month instead (its year page then lists its months),
    and a month of more than that into numbered pages. Undated rows last. The Data quality
    lists (no dates) go on numbered pages of ``QUALITY_PAGE_ROWS``. Planned once per list
    and connection."""
    known = lists.plans.get(spec)
    if known is None:
        known = lists.plans[spec] = _plan(lists, spec)
    return known


def _plan(lists: Lists, spec: ListSpec) -> ListPlan:
    if not spec.source.dated:
        total = lists.count(spec.source)
        parts = -(-total // QUALITY_PAGE_ROWS)
        numbered = tuple(
            ListPage(
                f"{spec.base}{n}/",
                "",
                n,
                parts,
                min(QUALITY_PAGE_ROWS, total - (n - 1) * QUALITY_PAGE_ROWS),
                total,
            )
            for n in range(1, parts + 1)
        )
        links = tuple(PageLink(str(p.number), relative(spec.here, p.url)) for p in numbered)
        return ListPlan((PeriodLink("", total, "", links),) if numbered else (), numbered, ())
    periods: list[PeriodLink] = []
    pages: list[ListPage] = []
    years: list[YearIndex] = []
    # One query for the months; the years are their sums (a query per busy year read the
    # list again for each: at 100,000 letters, 80 s of the build).
    by_month = lists.periods(spec.source, 7)
    by_year: dict[str, int] = {}
    for month, count in by_month.items():
        year = UNDATED if month == UNDATED else month[:4]
        by_year[year] = by_year.get(year, 0) + count
    for year in _newest_first(by_year):
        if year == UNDATED or by_year[year] <= LIST_PAGE_ROWS:
            periods.append(_period(spec, year, by_year[year], pages))
            continue
        months = []
        year_url = f"{spec.base}{year}/"
        within = sorted((m for m in by_month if m != UNDATED and m[:4] == year), reverse=True)
        for month, count in ((m, by_month[m]) for m in within):
            periods.append(_period(spec, month, count, pages))
            months.append(PeriodLink(periods[-1].label, count,
                                     relative(year_url, f"{spec.base}{month}/")))  # fmt: skip
        # The year's own address stays an entry point: it lists the year's months.
        years.append(YearIndex(year_url, year, by_year[year], tuple(months)))
    return ListPlan(tuple(periods), tuple(pages), tuple(years))


def _period(spec: ListSpec, key: str, count: int, pages: list[ListPage]) -> PeriodLink:
    """A period's pages (appended to ``pages``) and its link from the summary page."""
    parts = -(-count // LIST_PAGE_ROWS)
    links = []
    for number in range(1, parts + 1):
        url = _url(spec.base, key, number)
        rows = min(LIST_PAGE_ROWS, count - (number - 1) * LIST_PAGE_ROWS)
        pages.append(ListPage(url, key, number, parts, rows, count))
        links.append(PageLink(str(number), relative(spec.here, url)))
    return PeriodLink(period_label(key), count, links[0].url, tuple(links) if parts > 1 else ())


@dataclass(frozen=True)
class Listed:
    """A page of a full list before it is made: its address, what it is made from (its rows,
    or its year's months: the build keeps a page made from the same), and how to make it;
    neither for a page whose rows were not read (``list_pages``: not ``wanted``)."""

    url: str
    made_of: object
    make: Callable[[], Page] | None


def list_pages(
    lists: Lists, spec: ListSpec, wanted: Callable[[ListPage], bool] | None = None
) -> Iterator[Listed]:
    """Every page of a full list; with ``wanted`` (a list by period), the pages it does not want
    are listed without rows. The rows are read once as a stream, or, when at most
    ``PERIOD_QUERIES`` pages are wanted (an incremental build's new month), by a query for each
    wanted page's period, without reading the rest of the list."""
    listed = plan(lists, spec)
    # The Data quality lists have no periods: always one stream.
    whole = wanted is None or not spec.source.dated
    wants = [whole or wanted is None or wanted(p) for p in listed.pages]
    stream = lists.rows(spec.source) if whole or sum(wants) > PERIOD_QUERIES else None
    for page, want in zip(listed.pages, wants, strict=True):
        if stream is not None:
            chunk = tuple(next(stream) for _ in range(page.count))
        elif want:
            offset = (page.number - 1) * LIST_PAGE_ROWS
            chunk = tuple(lists.period_rows(spec.source, page.period, offset, page.count))
        if not want:
            yield Listed(page.url, None, None)
            continue
        yield Listed(page.url, (page, chunk), functools.partial(_list_page, spec, page, chunk))
    for year in listed.years:
        yield Listed(year.url, year, functools.partial(_year_page, spec, year))


def render_pages(pages: Iterator[Page], env: jinja2.Environment) -> Iterator[tuple[str, str]]:
    """(docs path, Markdown) of each page."""
    for page in pages:
        yield page_path(page.url), render(page, env)


def _list_page(spec: ListSpec, page: ListPage, rows: Sequence[tuple[object, ...]]) -> Page:
    url = page.url
    if spec.rows == "problems":
        title = f"{spec.title} ({page.number} of {page.parts})"
        meta = {"title": title, "description": f"Data quality: {title}",
                "search": {"exclude": True}}  # fmt: skip
        problems = problem_row_views(problem_rows(list(rows)), url, role_in_text=True)
        quality = QualityListContext(front_matter(meta), title, relative(url, spec.here), problems)
        return Page(url, "quality_list.md.j2", quality)
    label = period_label(page.period)
    where = f" (page {page.number} of {page.parts})" if page.parts > 1 else ""
    title = f"{spec.title}: {label}{where}"
    meta = {
        "title": title,
        "description": f"{title}: {_plural(len(rows), spec.noun)}",
        "search": {"exclude": True},  # lists repeat what their rows' pages say
    }
    pager = tuple(
        PagerLink(str(n), relative(url, _url(spec.base, page.period, n)), n == page.number)
        for n in range(1, page.parts + 1)
    )
    if page.period == UNDATED:
        summary = f"{_plural(page.period_count, spec.noun)} from letters without a decision date"
    else:
        summary = f"{_plural(page.period_count, spec.noun)} decided in {label}"
    table: ItemsTable | CasesTable
    if spec.rows == "items":
        views = item_row_views(item_rows(list(rows)), url)
        dated = page.period != UNDATED
        table = ItemsTable(views, dated, items_caption(spec.what, dated), len(views))
        template = "item_list.md.j2"
    else:
        table = CasesTable(case_row_views(case_rows(list(rows)), url), page.period != UNDATED)
        template = "case_list.md.j2"
    context = ListPageContext(
        front_matter(meta), title, relative(url, spec.here), spec.title, summary,
        pager if page.parts > 1 else (), table,
    )  # fmt: skip
    return Page(url, template, context)


def _year_page(spec: ListSpec, year: YearIndex) -> Page:
    title = f"{spec.title}: {year.year}"
    meta = {
        "title": title,
        "description": f"{title}: {_plural(year.count, spec.noun)}, by month",
        "search": {"exclude": True},
    }
    context = YearPageContext(
        front_matter(meta), title, relative(year.url, spec.here), spec.title,
        f"{_plural(year.count, spec.noun)} decided in {year.year}, listed by month", year.months,
    )  # fmt: skip
    return Page(year.url, "list_year.md.j2", context)
