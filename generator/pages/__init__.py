"""Page views: corpus -> ``Page`` objects (template + context) and charts to draw.

One module per kind of page; each computes everything its template shows.
"""

from __future__ import annotations

from generator.aggregate import Catalog, Corpus
from generator.pages.case import case_page
from generator.pages.common import Chart
from generator.pages.entities import drug_page, section_page
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
from generator.render import Page

__all__ = ["Chart", "Page", "all_pages", "case_page"]


def all_pages(corpus: Corpus, catalog: Catalog) -> tuple[list[Page], list[Chart]]:
    """Every generated page and chart, in a fixed order."""
    pages: list[Page] = []
    charts: list[Chart] = []

    def add(made: tuple[Page, Chart | None]) -> None:
        pages.append(made[0])
        pages.extend(made[0].children)
        if made[1] is not None:  # no chart where nothing was decided
            charts.append(made[1])

    index = cases_index(corpus)
    pages += [index, *index.children]
    for drug in corpus.drugs.values():
        add(drug_page(drug, catalog))
    add(drugs_index(corpus, catalog))
    for key, summary in corpus.sections.items():
        if key[1] is not None:
            add(section_page(summary, catalog))
    for document in document_pages(corpus, catalog):
        pages += [document, *document.children]
    add(guidelines_index(corpus, catalog))
    for made in kind_pages(corpus, catalog) + specialty_pages(corpus, catalog):
        add(made)
    quality = quality_page(corpus)
    pages += [quality, *quality.children]
    home, home_charts = home_snippet(corpus)
    pages.append(home)
    charts += home_charts
    return pages, charts
