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
page, then the row): the summary page links every period page directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from generator.markup import front_matter
from generator.render import Page
from generator.urls import relative

# Rows a summary page shows itself (the newest); a full list's page holds at most LIST_PAGE_ROWS.
RECENT_ROWS = 25
LIST_PAGE_ROWS = 500
UNDATED = "undated"

Row = TypeVar("Row")


@dataclass(frozen=True)
class _Spec:
    """What every page of one full list shares: the summary page at ``here`` that links them,
    the addresses' ``base``, the title and noun they use, how a page's table is made
    (``make_context(rows, url)``) and its template."""

    here: str
    base: str
    title: str
    noun: str
    make_context: Callable[[Sequence[Any], str], dict[str, Any]]
    template: str


@dataclass(frozen=True)
class Listing:
    """A full list split into pages: the links the summary page shows, and the pages."""

    periods: list[dict[str, Any]]
    pages: list[Page]


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


def split(
    rows: Sequence[Row],
    date_of: Callable[[Row], str | None],
    here: str,
    base: str,
    title: str,
    noun: str,
    make_context: Callable[[Sequence[Row], str], dict[str, Any]],
    template: str,
) -> Listing:
    """Split ``rows`` (already in display order, newest first) by year of ``date_of`` into
    pages under ``base``; a year of more than ``LIST_PAGE_ROWS`` rows by month instead (its
    year page then lists its months), and a month of more than that into numbered pages.
    ``make_context(rows, url)`` gives a page's table; ``here`` is the summary page."""
    spec = _Spec(here, base, title, noun, make_context, template)
    by_year: dict[str, list[Row]] = {}
    for row in rows:
        date = date_of(row)
        by_year.setdefault(date[:4] if date else UNDATED, []).append(row)
    years = sorted((k for k in by_year if k != UNDATED), reverse=True)
    years += [UNDATED] if UNDATED in by_year else []
    periods: list[dict[str, Any]] = []
    pages: list[Page] = []
    for year in years:
        members = by_year[year]
        if year == UNDATED or len(members) <= LIST_PAGE_ROWS:
            links = _pages(members, year, spec, pages)
            periods.append(_period(year, len(members), links))
            continue
        by_month: dict[str, list[Row]] = {}
        for row in members:
            by_month.setdefault((date_of(row) or "")[:7], []).append(row)
        months = []
        for month in sorted(by_month, reverse=True):
            links = _pages(by_month[month], month, spec, pages)
            periods.append(_period(month, len(by_month[month]), links))
            months.append({**periods[-1], "url": relative(f"{base}{year}/", f"{base}{month}/")})
        # The year's own address stays an entry point: it lists the year's months.
        pages.append(_year_index(year, months, len(members), spec))
    return Listing(periods, pages)


def _period(key: str, count: int, links: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "label": period_label(key),
        "count": count,
        "url": links[0]["url"],
        "pages": links if len(links) > 1 else [],
    }


def _pages(
    members: Sequence[Any], key: str, spec: _Spec, pages: list[Page]
) -> list[dict[str, str]]:
    """The numbered pages of one period (appended to ``pages``); their links from the summary
    page."""
    here, base, title, noun = spec.here, spec.base, spec.title, spec.noun
    chunks = [members[i : i + LIST_PAGE_ROWS] for i in range(0, len(members), LIST_PAGE_ROWS)]
    label = period_label(key)
    links = []
    for number, chunk in enumerate(chunks, start=1):
        url = _url(base, key, number)
        where = f" (page {number} of {len(chunks)})" if len(chunks) > 1 else ""
        page_title = f"{title}: {label}{where}"
        meta = {
            "title": page_title,
            "description": f"{page_title}: {_plural(len(chunk), noun)}",
            "search": {"exclude": True},  # lists repeat what their rows' pages say
        }
        pager = [
            {"label": str(n), "url": relative(url, _url(base, key, n)), "current": n == number}
            for n in range(1, len(chunks) + 1)
        ]
        if key == UNDATED:
            summary = f"{_plural(len(members), noun)} from letters without a decision date"
        else:
            summary = f"{_plural(len(members), noun)} decided in {label}"
        context = {
            "front_matter": front_matter(meta),
            "title": page_title,
            "parent_url": relative(url, here),
            "parent_title": title,
            "summary": summary,
            "pager": pager if len(chunks) > 1 else [],
            "table": spec.make_context(chunk, url),
        }
        pages.append(Page(url, spec.template, context))
        links.append({"label": str(number), "url": relative(here, url)})
    return links


def _url(base: str, key: str, number: int) -> str:
    return f"{base}{key}/" if number == 1 else f"{base}{key}/{number}/"


def _year_index(year: str, months: list[dict[str, Any]], count: int, spec: _Spec) -> Page:
    here, base, title, noun = spec.here, spec.base, spec.title, spec.noun
    url = f"{base}{year}/"
    page_title = f"{title}: {year}"
    meta = {
        "title": page_title,
        "description": f"{page_title}: {_plural(count, noun)}, by month",
        "search": {"exclude": True},
    }
    context = {
        "front_matter": front_matter(meta),
        "title": page_title,
        "parent_url": relative(url, here),
        "parent_title": title,
        "summary": f"{_plural(count, noun)} decided in {year}, listed by month",
        "months": months,
    }
    return Page(url, "list_year.md.j2", context)
