"""Page views: the corpus (counts) and the store's rows -> ``Page`` objects (template + typed
context), charts to draw, and the full lists to render as pages of their own.

One module per kind of page; each computes everything its template shows.
"""

from __future__ import annotations

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


def all_pages(corpus: Corpus, catalog: Catalog, lists: Lists, found: Breakdowns) -> Pages:
    """Every summary and index page, in a fixed order."""
    made: list[Made] = [cases_index(corpus, lists)]
    made += [drug_page(drug, catalog, lists, found) for drug in corpus.drugs.values()]
    made.append(drugs_index(corpus, catalog))
    made += [
        section_page(summary, catalog, lists, found)
        for key, summary in corpus.sections.items()
        if key[1] is not None
    ]
    made += document_pages(corpus, lists)
    made.append(guidelines_index(corpus, catalog))
    made += kind_pages(corpus, lists, found, catalog)
    made += specialty_pages(corpus, lists, found, catalog)
    made.append(reasons_index(corpus, catalog, found))
    made += [  # every reason of the taxonomy has its page, items or none
        reason_page(
            found.reason_summaries.get(key)
            or ReasonSummary(key, ItemList("reason", (key,), 0), (), ()),
            catalog,
            lists,
            found,
            corpus,
        )
        for key in catalog.reasons
    ]
    made.append(trends_page(corpus, found))
    made.append(quality_page(corpus, lists))
    home, home_charts = home_snippet(corpus, found)
    return Pages(
        [m.page for m in made] + [home],
        [m.chart for m in made if m.chart is not None] + home_charts,
        [spec for m in made for spec in m.lists],
    )
