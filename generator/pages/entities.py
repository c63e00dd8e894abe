"""Drug pages (``drugs/<slug>/``) and guideline-section pages
(``guidelines/<document>/<section>/``)."""

from __future__ import annotations

from generator.aggregate import Catalog, DrugSummary, SectionSummary
from generator.markup import front_matter
from generator.pages.common import (
    Chart,
    chart,
    count_rows,
    guideline_filter,
    item_table,
    page_label,
    plural,
    search_view,
)
from generator.render import Page
from generator.urls import class_url, drug_url, kind_url, relative, section_url

# Search ranking: a drug or section page should come before the case pages that mention it.
# These boosts are front matter for Zensical's search. Pagefind (the MkDocs site's search)
# ranks a drug page first by its names (SearchView.names); a section page by its title, in its
# h1 and the result title, which case pages name only among their citations.
DRUG_BOOST = 4
SECTION_BOOST = 3


def _join_counts(counter: dict[str, int]) -> str:
    return ", ".join(
        f"{k} ({n})" for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def drug_page(summary: DrugSummary, catalog: Catalog) -> tuple[Page, Chart | None]:
    info = summary.info
    here = drug_url(info.slug)
    brands = ", ".join(info.brands)
    title = info.generic[:1].upper() + info.generic[1:]
    made, view = chart(
        "drugs", info.slug, f"Decisions on {info.generic}", [(info.generic, summary.outcomes)], here
    )
    section_urls = {"/".join(k or "" for k in key): section_url(*key) for key in summary.sections}
    section_counts = []
    for key, count in summary.sections.items():
        section = catalog.sections[key]
        count.label = f"{section.title} ({section.document_title})"
        section_counts.append(count)
    ingredients = []
    if len(info.ingredients) > 1:
        for name in info.ingredients:
            slug = catalog.generic_slugs.get(name.lower())
            ingredients.append(
                {
                    "label": name,
                    "url": relative(here, drug_url(slug)) if slug and slug != info.slug else None,
                }
            )
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
    items, lists = item_table(
        summary.items, here, f"Every item requesting {info.generic}", f"{here}items/",
        f"Items requesting {info.generic}",
    )  # fmt: skip
    context = {
        "front_matter": front_matter(meta),
        "title": f"{title} ({brands})" if brands else title,
        "lede": lede,
        "generic": info.generic,
        "ingredients": ingredients,
        "class_label": info.class_label,
        "class_url": relative(here, class_url(info.drug_class)) if info.drug_class else None,
        "brands": brands,
        "outcome_chart": view,
        "outcomes": o,
        "names_seen": sorted(summary.names_seen.items(), key=lambda kv: (-kv[1], kv[0])),
        "strengths": _join_counts(summary.strengths),
        "quantities": _join_counts(summary.quantities),
        "sections": count_rows(section_counts, section_urls, here),
        "items": items,
        "search": search_view(
            f"{title} ({brands})" if brands else title,
            [
                ("page", "Drug"),
                ("drug_class", info.class_label),
                ("treatment", catalog.kind_labels.get("drug")),
            ],
            names=[info.generic, *info.brands],
        ),
    }
    return Page(here, "drug.md.j2", context, tuple(lists)), made


def _cited_sentence(summary: SectionSummary) -> str:
    """What a section page holds, in words: "Cited by the Claims Administrator for 3 items,
    and by MAXIMUS for none." (said where no decision was made under it, so no chart)."""
    by_ca = len(summary.items["claims_administrator"])
    by_maximus = len(summary.items["maximus"])
    ca = plural(by_ca, "item") if by_ca else "none"
    maximus = plural(by_maximus, "item") if by_maximus else "none"
    return f"Cited by the Claims Administrator for {ca}, and by MAXIMUS for {maximus}."


def section_page(summary: SectionSummary, catalog: Catalog) -> tuple[Page, Chart | None]:
    info = summary.info
    here = section_url(info.document_slug, info.slug)
    name = info.slug or "document"
    treatments = sorted(summary.treatments.values(), key=lambda c: (-c.outcomes.total, c.label))
    made, view = chart(
        f"guidelines/{info.document_slug}",
        name,
        f"Decisions under {info.title}",
        [(c.label, c.outcomes) for c in treatments],
        here,
    )
    urls = {}
    for count in treatments:
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
    maximus_items, maximus_lists = item_table(
        summary.items["maximus"], here, "MAXIMUS citations", f"{here}items/",
        f"Items decided under {info.title} (MAXIMUS)",
    )  # fmt: skip
    ca_items, ca_lists = item_table(
        summary.items["claims_administrator"], here, "Claims Administrator citations",
        f"{here}ca-items/", f"Items where the Claims Administrator cited {info.title}",
    )  # fmt: skip
    context = {
        "front_matter": front_matter(meta),
        "title": info.title,
        "document_title": info.document_title,
        "document_url": relative(here, section_url(info.document_slug, None)),
        "guideline": info.guideline,
        "pages": page_label(info.pages) if info.pages else "not stated",
        "note": note,
        "outcome_chart": view,
        "outcomes": summary.outcomes,
        "cited": _cited_sentence(summary),
        "treatments": count_rows(treatments, urls, here),
        "maximus_items": maximus_items,
        "ca_items": ca_items,
        "search": search_view(
            f"{info.title} ({info.document_title})",
            [
                ("page", "Guideline section"),
                ("guideline", guideline_filter(info.guideline, info.document_title)),
            ],
        ),
    }
    return Page(here, "section.md.j2", context, tuple(maximus_lists + ca_lists)), made
