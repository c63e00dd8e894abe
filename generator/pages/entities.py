"""Drug pages (``drugs/<slug>/``) and guideline-section pages
(``guidelines/<document>/<section>/``)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.aggregate import Count, DrugSummary, Outcomes, SectionSummary
from generator.breakdowns import Breakdowns
from generator.catalog import Catalog
from generator.lists import Lists
from generator.markup import front_matter
from generator.pages.common import (
    Chart,
    ChartView,
    CountRow,
    ReasonsView,
    SearchView,
    YearRow,
    chart,
    count_rows,
    guideline_filter,
    item_table,
    page_label,
    plural,
    reasons_view,
    search_view,
    year_rows,
    years_chart,
)
from generator.pages.listing import ListSpec
from generator.pages.tables import ItemsTable
from generator.render import Page
from generator.urls import class_url, drug_url, kind_url, relative, section_url

# Search ranking: a drug or section page should come before the case pages that mention it.
# These boosts are front matter for Zensical's search. Pagefind (the MkDocs site's search)
# ranks a drug page first by its names (SearchView.names); a section page by its title, in its
# h1 and the result title, which case pages name only among their citations.
DRUG_BOOST = 4
SECTION_BOOST = 3


@dataclass(frozen=True)
class Ingredient:
    label: str
    url: str | None


@dataclass(frozen=True)
class DrugContext:
    front_matter: str
    title: str
    lede: str
    generic: str
    ingredients: tuple[Ingredient, ...]
    class_label: str
    class_url: str | None
    brands: str
    outcome_chart: ChartView | None
    outcomes: Outcomes
    names_seen: tuple[tuple[str, int], ...]
    strengths: str
    quantities: str
    sections: tuple[CountRow, ...]
    items: ItemsTable
    search: SearchView
    reasons: ReasonsView
    years: tuple[YearRow, ...]


@dataclass(frozen=True)
class SectionContext:
    front_matter: str
    title: str
    document_title: str
    document_url: str
    guideline: str
    pages: str
    note: str
    outcome_chart: ChartView | None
    outcomes: Outcomes
    cited: str
    treatments: tuple[CountRow, ...]
    maximus_items: ItemsTable
    ca_items: ItemsTable
    search: SearchView
    reasons: ReasonsView
    years: tuple[YearRow, ...]


@dataclass(frozen=True)
class Made:
    """A page view's output: the page, its chart (None where nothing was decided) and the full
    lists it links, to render as pages of their own."""

    page: Page
    chart: Chart | None
    lists: tuple[ListSpec, ...] = ()


def _join_counts(counts: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{k} ({n})" for k, n in counts)


def drug_page(summary: DrugSummary, catalog: Catalog, lists: Lists, more: Breakdowns) -> Made:
    info = summary.info
    here = drug_url(info.slug)
    brands = ", ".join(info.brands)
    title = info.generic[:1].upper() + info.generic[1:]
    years = more.years_of("drug", info.slug)
    made, view = years_chart(
        "drugs", info.slug, f"Decisions on {info.generic} by year", years, here
    )
    if made is None:  # no dated decision: the outcomes as one bar
        made, view = chart(
            "drugs", info.slug, f"Decisions on {info.generic}", [(info.generic, summary.outcomes)],
            here,
        )  # fmt: skip
    section_counts, section_urls = [], {}
    for key, outcomes in summary.sections:
        section = catalog.sections[key]
        name = "/".join(k or "" for k in key)
        section_counts.append(Count(name, f"{section.title} ({section.document_title})", outcomes))
        section_urls[name] = section_url(*key)
    ingredients = []
    if len(info.ingredients) > 1:
        for name in info.ingredients:
            slug = catalog.generic_slugs.get(name.lower())
            url = relative(here, drug_url(slug)) if slug and slug != info.slug else None
            ingredients.append(Ingredient(name, url))
    o = summary.outcomes
    lede = (
        f"{plural(o.total, 'disputed item')} requesting {info.generic} reached IMR: "
        f"{o.upheld} upheld (the denial stood), {o.overturned} overturned (found medically "
        "necessary)."
    )
    meta = {
        "title": title,
        "description": f"How IMR decided {info.generic} ({brands or info.class_label}): {lede}",
        "search": {"boost": DRUG_BOOST},
        "drug": {"slug": info.slug, "generic": info.generic, "class": info.drug_class,
                 "brands": list(info.brands)},
    }  # fmt: skip
    items, full = item_table(
        lists, summary.items, here, f"Every item requesting {info.generic}", f"{here}items/",
        f"Items requesting {info.generic}",
    )  # fmt: skip
    shown = f"{title} ({brands})" if brands else title
    context = DrugContext(
        front_matter=front_matter(meta),
        title=shown,
        lede=lede,
        generic=info.generic,
        ingredients=tuple(ingredients),
        class_label=info.class_label,
        class_url=relative(here, class_url(info.drug_class)) if info.drug_class else None,
        brands=brands,
        outcome_chart=view,
        outcomes=o,
        names_seen=summary.names_seen,
        strengths=_join_counts(summary.strengths),
        quantities=_join_counts(summary.quantities),
        sections=count_rows(section_counts, section_urls, here),
        items=items,
        search=search_view(
            shown,
            [
                ("page", "Drug"),
                ("drug_class", info.class_label),
                ("treatment", catalog.kind_label("drug")),
            ],
            names=[info.generic, *info.brands],
        ),
        reasons=reasons_view(
            more.reasons_of("drug", info.slug),
            o,
            more.unassigned.get(("drug", info.slug), Outcomes()),
            catalog,
            here,
        ),
        years=year_rows(years),
    )
    return Made(Page(here, "drug.md.j2", context), made, (full,) if full else ())


def _cited_sentence(summary: SectionSummary) -> str:
    """What a section page holds, in words: "Cited by the Claims Administrator for 3 items,
    and by MAXIMUS for none." (said where no decision was made under it, so no chart)."""
    by_ca = summary.items["claims_administrator"].count
    by_maximus = summary.items["maximus"].count
    ca = plural(by_ca, "item") if by_ca else "none"
    maximus = plural(by_maximus, "item") if by_maximus else "none"
    return f"Cited by the Claims Administrator for {ca}, and by MAXIMUS for {maximus}."


def section_page(summary: SectionSummary, catalog: Catalog, lists: Lists, more: Breakdowns) -> Made:
    info = summary.info
    here = section_url(info.document_slug, info.slug)
    group = f"{info.document_slug}/{info.slug or ''}"
    name = info.slug or "document"
    made, view = chart(
        f"guidelines/{info.document_slug}",
        name,
        f"Decisions under {info.title}",
        [(c.label, c.outcomes) for c in summary.treatments],
        here,
    )
    urls = {}
    for count in summary.treatments:
        if count.key.startswith("kind:"):
            urls[count.key] = kind_url(count.key.removeprefix("kind:"))
        else:
            urls[count.key] = drug_url(count.key)
    if info.slug is None:
        note = (
            "Citations that name this guideline without a section, or with a section this site "
            "could not match, are listed here."
        )
    else:
        note = (
            "Page ranges are as the letters cite them; see the method page for how sections "
            "are matched."
        )
    meta = {
        "title": info.title,
        "description": f"IMR decisions citing {info.title}, {info.document_title}",
        "search": {"boost": SECTION_BOOST},
        "section": {"document": info.document_slug, "slug": info.slug, "title": info.title},
    }
    maximus_items, maximus_list = item_table(
        lists, summary.items["maximus"], here, "MAXIMUS citations", f"{here}items/",
        f"Items decided under {info.title} (MAXIMUS)",
    )  # fmt: skip
    ca_items, ca_list = item_table(
        lists, summary.items["claims_administrator"], here, "Claims Administrator citations",
        f"{here}ca-items/", f"Items where the Claims Administrator cited {info.title}",
    )  # fmt: skip
    context = SectionContext(
        front_matter=front_matter(meta),
        title=info.title,
        document_title=info.document_title,
        document_url=relative(here, section_url(info.document_slug, None)),
        guideline=info.guideline,
        pages=page_label(info.pages) if info.pages else "not stated",
        note=note,
        outcome_chart=view,
        outcomes=summary.outcomes,
        cited=_cited_sentence(summary),
        treatments=count_rows(summary.treatments, urls, here),
        maximus_items=maximus_items,
        ca_items=ca_items,
        search=search_view(
            f"{info.title} ({info.document_title})",
            [
                ("page", "Guideline section"),
                ("guideline", guideline_filter(info.guideline, info.document_title)),
            ],
        ),
        reasons=reasons_view(
            more.reasons_of("section", group),
            summary.outcomes,
            more.unassigned.get(("section", group), Outcomes()),
            catalog,
            here,
        ),
        years=year_rows(more.years_of("section", group)),
    )
    full = tuple(spec for spec in (maximus_list, ca_list) if spec)
    return Made(Page(here, "section.md.j2", context), made, full)
