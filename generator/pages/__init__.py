"""Page views: the corpus (counts) and the store's rows -> ``Page`` objects (template + typed
context), charts to draw, and the full lists to render as pages of their own.

One module per kind of page; each computes everything its template shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.aggregate import Corpus, ItemList
from generator.breakdowns import Breakdowns, ReasonSummary
from generator.catalog import Catalog
from generator.lists import Lists
from generator.pages.analysis import reason_page, reasons_index, trends_page
from generator.pages.case import case_page
from generator.pages.common import Chart
from generator.pages.entities import Made, drug_page, section_page
from generator.pages.indexes import (
    cases_index,
    document_pages,
    drugs_index,
    guidelines_index,
    home_snippet,
    kind_pages,
    quality_page,
    specialty_pages,
)
from generator.pages.listing import ListSpec, list_pages
from generator.render import Page

__all__ = ["Chart", "ListSpec", "Page", "Pages", "all_pages", "case_page", "list_pages"]


@dataclass(frozen=True)
class Pages:
    """Every page but the case pages and the full lists' pages, the charts they show, and the
    full lists (rendered apart, in worker processes)."""

    pages: list[Page]
    charts: list[Chart]
    lists: list[ListSpec]


def all_pages(
    corpus: Corpus,
    catalog: Catalog,
    lists: Lists,
    found: Breakdowns,
    chart: Callable[[Chart], None] = lambda chart: None,
) -> Pages:
    """Every summary and index page, in a fixed order; each chart is also handed to ``chart``
    as soon as its page is laid out (the build starts drawing it while the rest are)."""
    made: list[Made] = []

    def add(*pages: Made) -> None:
        for page in pages:
            made.append(page)
            if page.chart is not None:
                chart(page.chart)

    add(cases_index(corpus, lists))
    for drug in corpus.drugs.values():
        add(drug_page(drug, catalog, lists, found))
    add(drugs_index(corpus, catalog))
    for section, cited in corpus.sections.items():
        if section[1] is not None:
            add(section_page(cited, catalog, lists, found))
    add(*document_pages(corpus, lists))
    add(guidelines_index(corpus, catalog))
    add(*kind_pages(corpus, lists, found, catalog))
    add(*specialty_pages(corpus, lists, found, catalog))
    add(reasons_index(corpus, catalog, found))
    for reason in catalog.reasons:  # every reason of the taxonomy has its page, items or none
        summary = found.reason_summaries.get(reason) or ReasonSummary(
            reason, ItemList("reason", (reason,), 0), (), ()
        )
        add(reason_page(summary, catalog, lists, found, corpus))
    add(trends_page(corpus, found))
    add(quality_page(corpus, lists))
    home, home_charts = home_snippet(corpus, found)
    for drawn in home_charts:
        chart(drawn)
    return Pages(
        [m.page for m in made] + [home],
        [m.chart for m in made if m.chart is not None] + home_charts,
        [spec for m in made for spec in m.lists],
    )
