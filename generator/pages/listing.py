"""Bounded lists: a summary page shows its most recent rows, and the full list lives on stable
sub-pages, one per month of decision, split into numbered pages of ``LIST_PAGE_ROWS`` rows.

Addresses (permanent, documented on the Linking page): the full list of a page at ``<page>/``
is at ``<page>items/<yyyy-mm>/`` (``<page>ca-items/...`` for a section's Claims Administrator
citations; ``cases/by-month/<yyyy-mm>/`` for the cases index), its further pages at
``.../<yyyy-mm>/2/``, ``3/``...; letters with no decision date under ``undated/``. A month's page
stops changing once the month is past and its letters are in; every row is reachable from the
summary page in two clicks (the month's page, then the row).
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
class Listing:
    """A full list split into pages: the links the summary page shows, and the pages."""

    periods: list[dict[str, Any]]
    pages: list[Page]


def period_key(date: str | None) -> str:
    """ "2016-12" for a decision on 2016-12-09; "undated" without one."""
    return date[:7] if date else UNDATED


def period_label(key: str) -> str:
    """ "December 2016"; "No decision date"."""
    if key == UNDATED:
        return "No decision date"
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
    """Split ``rows`` (already in display order, newest first) by month of ``date_of`` into
    pages under ``base``; ``make_context(rows, url)`` gives a page's table. ``here`` is the
    summary page that links to them."""
    by_period: dict[str, list[Row]] = {}
    for row in rows:
        by_period.setdefault(period_key(date_of(row)), []).append(row)
    # Newest month first, undated last.
    keys = sorted((k for k in by_period if k != UNDATED), reverse=True)
    keys += [UNDATED] if UNDATED in by_period else []
    periods, pages = [], []
    for key in keys:
        members = by_period[key]
        chunks = [members[i : i + LIST_PAGE_ROWS] for i in range(0, len(members), LIST_PAGE_ROWS)]
        links = []
        for number, chunk in enumerate(chunks, start=1):
            url = f"{base}{key}/" if number == 1 else f"{base}{key}/{number}/"
            label = period_label(key)
            where = f" (page {number} of {len(chunks)})" if len(chunks) > 1 else ""
            page_title = f"{title}: {label}{where}"
            meta = {
                "title": page_title,
                "description": f"{page_title}: {_plural(len(chunk), noun)}",
                "search": {"exclude": True},  # lists repeat what their rows' pages say
            }
            pager = [
                {
                    "label": str(n),
                    "url": relative(url, f"{base}{key}/" if n == 1 else f"{base}{key}/{n}/"),
                    "current": n == number,
                }
                for n in range(1, len(chunks) + 1)
            ]
            context = {
                "front_matter": front_matter(meta),
                "title": page_title,
                "parent_url": relative(url, here),
                "parent_title": title,
                "summary": f"{_plural(len(members), noun)} decided in {label.lower()}"
                if key != UNDATED
                else f"{_plural(len(members), noun)} from letters without a decision date",
                "pager": pager if len(chunks) > 1 else [],
                "table": make_context(chunk, url),
            }
            pages.append(Page(url, template, context))
            links.append({"label": str(number), "url": relative(here, url)})
        periods.append(
            {
                "label": period_label(key),
                "count": len(members),
                "url": links[0]["url"],
                "pages": links if len(links) > 1 else [],
            }
        )
    return Listing(periods, pages)
