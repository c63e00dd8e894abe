"""What the lexicons say about names, for the pages and the store: each drug's generic, class and
brands, each guideline section's title and pages, each treatment kind's label. Built once from
the normalizer's lexicons (``Normalizer.catalog``); records never carry display labels.

``drug_slugs_of`` says which drug pages an item belongs on; the store keeps the answer as rows
(``item_drugs``) so aggregation is a query.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Issue


@dataclass(frozen=True)
class DrugInfo:
    slug: str
    generic: str
    drug_class: str | None
    class_label: str
    brands: tuple[str, ...]
    ingredients: tuple[str, ...]


@dataclass(frozen=True)
class SectionInfo:
    document_slug: str
    slug: str | None  # None: the document as a whole
    title: str
    document_title: str
    guideline: str
    pages: tuple[tuple[int, int], ...]


SectionKey = tuple[str, str | None]


@dataclass(frozen=True)
class ReasonInfo:
    """A reason of the taxonomy (``lexicons/reasons.yaml``): what pages call it and say of it."""

    key: str
    label: str
    decision: str  # the decision it explains: upheld or overturned
    description: str


@dataclass(frozen=True)
class Catalog:
    """Names and labels from the lexicons, by slug or key."""

    drugs: dict[str, DrugInfo]
    generic_slugs: dict[str, str]
    class_labels: dict[str, str]
    kind_labels: dict[str, str]
    sections: dict[SectionKey, SectionInfo]
    # In the taxonomy's order (the issue's reasons first, upheld before overturned).
    reasons: dict[str, ReasonInfo]

    def kind_label(self, kind: str) -> str:
        return self.kind_labels.get(kind, kind.title())

    def class_label(self, key: str) -> str:
        return self.class_labels.get(key, key.replace("_", " ").capitalize())


def drug_slugs_of(issue: Issue, catalog: Catalog) -> tuple[str, ...]:
    """Drug pages an item belongs on: its own entry's, and for a combination or compound each
    ingredient's as well (a topical diclofenac item stays off the oral diclofenac page)."""
    treatment = issue.treatment
    if treatment.kind != "drug":
        return ()
    slugs = set()
    if treatment.slug and treatment.slug in catalog.drugs:
        slugs.add(treatment.slug)
    if len(treatment.generics) > 1 or not slugs:
        for generic in treatment.generics:
            slug = catalog.generic_slugs.get(generic.lower())
            if slug:
                slugs.add(slug)
    return tuple(sorted(slugs))
